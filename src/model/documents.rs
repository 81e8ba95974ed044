//! Documents (`content/van-ban/*.md`, SPEC §1.7): the documents of a site
//! with their lists (by kind, issuer and year) and the articles citing
//! each. Kinds, numbers and finding citations in text are
//! [`crate::doc_numbers`].

use std::collections::HashMap;

use jiff::civil::Date;

use super::PageId;

pub(crate) use crate::doc_numbers::{
    KINDS, is_number, kind_by_name, kind_name, kind_slug, number_key, sub_segments,
};
pub(crate) use crate::load::document::Attachment;

/// Index into [`Document`]s of a [`Documents`].
pub(crate) type DocId = usize;

/// What a document says in one language.
#[derive(Debug, Clone, Hash)]
pub(crate) struct DocText {
    /// The source file: the document's own, or its translation.
    pub(crate) file: String,
    pub(crate) title: String,
    pub(crate) issuer: Option<String>,
    pub(crate) signer: Option<String>,
    pub(crate) summary: String,
    /// Whether `summary` was written (else it is the body's first paragraph).
    pub(crate) summary_written: bool,
    /// The Markdown body.
    pub(crate) body: String,
    pub(crate) body_line: usize,
    /// Whether a translation file in this language exists.
    pub(crate) translated: bool,
}

/// One document.
#[derive(Debug, Clone, Hash)]
pub(crate) struct Document {
    pub(crate) id: DocId,
    /// As written: `80-HD/BDVTW`.
    pub(crate) number: String,
    pub(crate) key: String,
    /// `80-hd-bdvtw`
    pub(crate) slug: String,
    /// Index into [`KINDS`].
    pub(crate) kind: usize,
    /// Index into [`Documents::issuers`].
    pub(crate) issuer: Option<usize>,
    pub(crate) signed: Date,
    pub(crate) effective: Option<Date>,
    pub(crate) attachments: Vec<Attachment>,
    pub(crate) replaces: Vec<DocId>,
    pub(crate) replaced_by: Vec<DocId>,
    /// Per language.
    pub(crate) texts: Vec<DocText>,
    /// Per language: the articles citing it, newest first.
    pub(crate) citing: Vec<Vec<PageId>>,
}

/// An issuing body, with its documents.
#[derive(Debug, Clone, Hash)]
pub(crate) struct Issuer {
    /// As written in the documents (Vietnamese).
    pub(crate) name: String,
    pub(crate) slug: String,
    /// Newest first.
    pub(crate) docs: Vec<DocId>,
}

/// The documents of a site and their lists.
#[derive(Debug, Clone, Default, Hash)]
pub(crate) struct Documents {
    /// Newest first (by date signed, then number).
    pub(crate) docs: Vec<Document>,
    /// Kinds that have documents, in [`KINDS`] order, each newest first.
    pub(crate) kinds: Vec<(usize, Vec<DocId>)>,
    /// In Vietnamese alphabetical order.
    pub(crate) issuers: Vec<Issuer>,
    /// Years signed, newest first.
    pub(crate) years: Vec<(i16, Vec<DocId>)>,
    /// [`number_key`] -> document.
    pub(crate) by_key: std::collections::BTreeMap<String, DocId>,
    /// Content-relative source file -> document (links to `x.md` lead to its page).
    pub(crate) by_file: std::collections::BTreeMap<String, DocId>,
}

impl Documents {
    pub(crate) fn is_empty(&self) -> bool {
        self.docs.is_empty()
    }

    /// The document with this number key.
    pub(crate) fn by_key(&self, key: &str) -> Option<DocId> {
        self.by_key.get(key).copied()
    }

    /// All documents, newest first.
    pub(crate) fn all(&self) -> Vec<DocId> {
        (0..self.docs.len()).collect()
    }

    /// Fills the lists (`docs` must already be newest first).
    pub(crate) fn index(&mut self) {
        let mut kinds: HashMap<usize, Vec<DocId>> = HashMap::new();
        let mut years: Vec<(i16, Vec<DocId>)> = Vec::new();
        for d in &self.docs {
            kinds.entry(d.kind).or_default().push(d.id);
            let y = d.signed.year();
            match years.last_mut() {
                Some(last) if last.0 == y => last.1.push(d.id),
                _ => years.push((y, vec![d.id])),
            }
            if let Some(i) = d.issuer {
                self.issuers[i].docs.push(d.id);
            }
        }
        self.kinds = (0..KINDS.len())
            .filter_map(|k| kinds.remove(&k).map(|ids| (k, ids)))
            .collect();
        self.years = years;
        self.by_key = self.docs.iter().map(|d| (d.key.clone(), d.id)).collect();
    }
}

/// Builds the documents from their files: numbers checked unique,
/// translations paired, `replaces` resolved, newest first, lists indexed,
/// and every article's citations found (the citing articles of each
/// document; a warning for each number cited that the site lacks, when it
/// has documents at all).
pub(super) fn build(
    sources: Vec<crate::load::DocumentSource>,
    config: &crate::config::Config,
    pages: &[super::Page],
    bodies: &[super::Body],
    order: &[PageId],
    diags: &mut crate::diag::Diagnostics,
) -> Documents {
    use crate::diag::Diagnostic;
    use crate::slug::slugify;

    let langs = config.languages.len();
    let (own, translations): (Vec<_>, Vec<_>) = sources.into_iter().partition(|d| d.meta.is_some());
    let mut docs: Vec<Document> = Vec::new();
    let mut sources_of: Vec<String> = Vec::new();
    let mut keys: HashMap<String, String> = HashMap::new();
    let mut slugs: HashMap<String, String> = HashMap::new();
    let mut issuers: Vec<Issuer> = Vec::new();
    let mut kept_own = Vec::new();
    for d in own {
        let Some(meta) = &d.meta else { continue };
        let key = number_key(&meta.number.value);
        let slug = slugify(&meta.number.value);
        if let Some(other) = keys.get(&key) {
            diags.push(
                meta.number
                    .error(
                        &d.path.file,
                        crate::msg!(
                            "document.duplicate",
                            other = other,
                            number = meta.number.value
                        ),
                    )
                    .with_code("duplicate-document")
                    .with_hint(crate::msg!("document.duplicate.hint")),
            );
            continue;
        }
        if let Some(other) = slugs.get(&slug) {
            diags.push(
                meta.number
                    .error(
                        &d.path.file,
                        crate::msg!(
                            "document.same-address",
                            number = meta.number.value,
                            other = other,
                            slug = slug
                        ),
                    )
                    .with_code("collision"),
            );
            continue;
        }
        keys.insert(key, d.path.file.clone());
        slugs.insert(slug, d.path.file.clone());
        kept_own.push(d);
    }
    // Issuers: one per URL slug, the first spelling kept, in Vietnamese order.
    let mut names: Vec<&str> = kept_own
        .iter()
        .filter_map(|d| d.meta.as_ref()?.issuer.as_deref())
        .collect();
    names.sort_by_cached_key(|n| crate::collate::key(n));
    for n in names {
        let slug = slugify(n);
        if slug.is_empty() || issuers.iter().any(|i| i.slug == slug) {
            continue;
        }
        issuers.push(Issuer {
            name: n.to_owned(),
            slug,
            docs: Vec::new(),
        });
    }
    let mut paired: Vec<bool> = vec![false; translations.len()];
    let mut replaces: Vec<(String, Vec<crate::load::document::At<String>>)> = Vec::new();
    for d in kept_own {
        let Some(meta) = d.meta.clone() else { continue };
        let own_text = DocText {
            file: d.path.file.clone(),
            title: d.title.clone(),
            issuer: meta.issuer.clone(),
            signer: d.signer.clone(),
            summary: d.summary.clone(),
            summary_written: d.summary_written,
            body: d.body.clone(),
            body_line: d.body_line,
            translated: true,
        };
        let texts = (0..langs)
            .map(|l| {
                if l == 0 {
                    return own_text.clone();
                }
                let code = &config.languages[l].code;
                let found = translations.iter().position(|t| {
                    t.path.dir == d.path.dir && t.path.stem == d.path.stem && &t.path.lang == code
                });
                match found {
                    Some(i) => {
                        paired[i] = true;
                        let t = &translations[i];
                        DocText {
                            file: t.path.file.clone(),
                            title: t.title.clone(),
                            issuer: t.issuer.clone().or_else(|| meta.issuer.clone()),
                            signer: t.signer.clone().or_else(|| d.signer.clone()),
                            summary: t.summary.clone(),
                            summary_written: t.summary_written,
                            body: t.body.clone(),
                            body_line: t.body_line,
                            translated: true,
                        }
                    }
                    None => DocText {
                        translated: false,
                        ..own_text.clone()
                    },
                }
            })
            .collect();
        let issuer = meta
            .issuer
            .as_deref()
            .and_then(|n| issuers.iter().position(|i| i.slug == slugify(n)));
        sources_of.push(d.path.file.trim_start_matches("content/").to_owned());
        docs.push(Document {
            id: 0,
            key: number_key(&meta.number.value),
            slug: slugify(&meta.number.value),
            number: meta.number.value.clone(),
            kind: meta.kind,
            issuer,
            signed: meta.signed,
            effective: meta.effective,
            attachments: meta.attached.clone(),
            replaces: Vec::new(),
            replaced_by: Vec::new(),
            texts,
            citing: vec![Vec::new(); langs],
        });
        // `replaces` is resolved once every document is known (below).
        replaces.push((d.path.file.clone(), meta.replaces.clone()));
    }
    for (t, p) in translations.iter().zip(&paired) {
        if !p {
            diags.push(
                Diagnostic::warning(
                    &t.path.file,
                    1,
                    1,
                    crate::msg!(
                        "document.lone-translation",
                        dir = t.path.dir,
                        stem = t.path.stem
                    ),
                )
                .with_code("translation"),
            );
        }
    }
    // Newest first, then by number.
    let mut idx: Vec<usize> = (0..docs.len()).collect();
    idx.sort_by(|a, b| {
        docs[*b]
            .signed
            .cmp(&docs[*a].signed)
            .then_with(|| docs[*a].key.cmp(&docs[*b].key))
    });
    let mut sorted: Vec<Document> = Vec::with_capacity(docs.len());
    let mut sorted_replaces = Vec::with_capacity(docs.len());
    let mut sorted_sources = Vec::with_capacity(docs.len());
    let mut slots: Vec<Option<Document>> = docs.into_iter().map(Some).collect();
    for (new_id, old) in idx.into_iter().enumerate() {
        if let Some(mut d) = slots[old].take() {
            d.id = new_id;
            sorted.push(d);
            sorted_replaces.push(replaces[old].clone());
            sorted_sources.push(sources_of[old].clone());
        }
    }
    let mut out = Documents {
        docs: sorted,
        issuers,
        ..Documents::default()
    };
    out.index();
    out.by_file = sorted_sources
        .into_iter()
        .enumerate()
        .map(|(id, f)| (f, id))
        .collect();
    for (id, (file, written)) in sorted_replaces.into_iter().enumerate() {
        for r in written {
            match out.by_key(&number_key(&r.value)) {
                Some(other) if other == id => diags.push(
                    r.error(&file, crate::msg!("document.replaces-itself"))
                        .with_code("document"),
                ),
                Some(other) => {
                    if !out.docs[id].replaces.contains(&other) {
                        out.docs[id].replaces.push(other);
                        out.docs[other].replaced_by.push(id);
                    }
                }
                None => {
                    let mut d = r
                        .error(
                            &file,
                            crate::msg!("document.replaces-unknown", number = r.value),
                        )
                        .with_code("document");
                    if let Some(b) =
                        crate::diag::closest(&r.value, out.docs.iter().map(|d| d.number.as_str()))
                    {
                        d.hint = Some(crate::msg!("did-you-mean", word = b));
                    }
                    diags.push(d);
                }
            }
        }
    }
    for d in &mut out.docs {
        d.replaced_by.sort_unstable();
    }

    // Citations in articles (found as they loaded), newest article first.
    let has_documents = !out.docs.is_empty();
    for &id in order {
        let page = &pages[id];
        let mut warned: Vec<&str> = Vec::new();
        for c in &bodies[id].citations {
            match out.by_key(&c.key) {
                Some(doc) => {
                    let list = &mut out.docs[doc].citing[page.lang];
                    if !list.contains(&id) {
                        list.push(id);
                    }
                }
                None if has_documents && !warned.contains(&c.key.as_str()) => {
                    warned.push(&c.key);
                    let mut d = Diagnostic::warning(
                        &page.file,
                        c.line,
                        c.column,
                        crate::msg!("document.cited-missing", number = c.key),
                    )
                    .with_code("missing-document")
                    .with_hint(crate::msg!(
                        "document.cited-missing.hint",
                        slug = slugify(&c.key)
                    ));
                    d.source_line = Some(c.text.clone());
                    diags.push(d);
                }
                None => {}
            }
        }
    }
    out
}
