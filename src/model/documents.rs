//! Documents (`content/van-ban/*.md`, SPEC §1.7): the fixed bilingual list
//! of kinds, document numbers as editors write them, the citations of
//! documents found in article text, and the documents of a site with their
//! lists (by kind, issuer and year) and the articles citing each.

use std::collections::HashMap;

use jiff::civil::Date;

use super::PageId;

/// Index into [`Document`]s of a [`Documents`].
pub(crate) type DocId = usize;

/// A kind of document (loại văn bản), in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DocKind {
    pub(crate) vi: &'static str,
    pub(crate) en: &'static str,
    /// URL segment in Vietnamese pages: `huong-dan`.
    pub(crate) slug_vi: &'static str,
    /// URL segment in other languages: `guidance`.
    pub(crate) slug_en: &'static str,
}

const fn kind(
    vi: &'static str,
    en: &'static str,
    slug_vi: &'static str,
    slug_en: &'static str,
) -> DocKind {
    DocKind {
        vi,
        en,
        slug_vi,
        slug_en,
    }
}

/// Every kind a document may have, in the order lists show them.
pub(crate) const KINDS: [DocKind; 21] = [
    kind("Nghị quyết", "Resolution", "nghi-quyet", "resolutions"),
    kind("Chỉ thị", "Directive", "chi-thi", "directives"),
    kind("Kết luận", "Conclusion", "ket-luan", "conclusions"),
    kind("Quy định", "Regulation", "quy-dinh", "regulations"),
    kind("Quy chế", "Rules", "quy-che", "rules"),
    kind("Hướng dẫn", "Guidance", "huong-dan", "guidance"),
    kind("Quyết định", "Decision", "quyet-dinh", "decisions"),
    kind(
        "Thông báo kết luận",
        "Concluding notice",
        "thong-bao-ket-luan",
        "concluding-notices",
    ),
    kind("Thông báo", "Notice", "thong-bao", "notices"),
    kind("Thông tri", "Circular", "thong-tri", "circulars"),
    kind("Chương trình", "Programme", "chuong-trinh", "programmes"),
    kind("Kế hoạch", "Plan", "ke-hoach", "plans"),
    kind("Đề án", "Scheme", "de-an", "schemes"),
    kind("Báo cáo", "Report", "bao-cao", "reports"),
    kind("Tờ trình", "Submission", "to-trinh", "submissions"),
    kind(
        "Công văn",
        "Official letter",
        "cong-van",
        "official-letters",
    ),
    kind("Luật", "Law", "luat", "laws"),
    kind("Pháp lệnh", "Ordinance", "phap-lenh", "ordinances"),
    kind("Nghị định", "Decree", "nghi-dinh", "decrees"),
    kind(
        "Thông tư",
        "Ministerial circular",
        "thong-tu",
        "ministerial-circulars",
    ),
    kind("Văn bản khác", "Other document", "van-ban-khac", "other"),
];

/// The kind named `name` in either language (or by its URL segment), any case.
pub(crate) fn kind_by_name(name: &str) -> Option<usize> {
    let wanted = fold_case(name.trim());
    KINDS.iter().position(|k| {
        fold_case(k.vi) == wanted
            || fold_case(k.en) == wanted
            || k.slug_vi == wanted
            || k.slug_en == wanted
    })
}

fn fold_case(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The key two spellings of one number share: upper case, without spaces
/// (`80-hd/bdvtw` and `80-HD/BDVTW` are one document).
pub(crate) fn number_key(number: &str) -> String {
    number
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == '–' { '-' } else { c })
        .flat_map(char::to_uppercase)
        .collect()
}

/// Whether a written number has the shape of a document number: it starts
/// with digits followed by `-` or `/`, holds a `/` and a letter.
pub(crate) fn is_number(number: &str) -> bool {
    scan_number(number, 0) == Some(number.len())
}

/// A document number cited in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Citation {
    /// Byte range of what becomes the link: the kind and `số` before the
    /// number when written (`Hướng dẫn số 80-HD/BDVTW`), else the number.
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// Byte offset of the number itself.
    pub(crate) number_start: usize,
    /// [`number_key`] of the number.
    pub(crate) key: String,
}

fn is_code_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == 'Đ' || c == 'đ'
}

/// The end of a document number starting at byte `start` of `text`, if one does.
/// Editors sometimes space the first dash (`28 –CT/TU`, `23- QĐ/TW`): a
/// space and an en dash there are taken when a capital letter follows.
fn scan_number(text: &str, start: usize) -> Option<usize> {
    let rest = &text[start..];
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    // Where the segments after the digits start, and the separator before them.
    let (mut pos, first_sep) = match spaced_dash(&rest[digits..]) {
        Some(len) => (digits + len, '-'),
        None => match rest[digits..].chars().next() {
            Some(c @ ('-' | '/')) => (digits + 1, c),
            _ => return None,
        },
    };
    let mut end = digits;
    let mut has_slash = first_sep == '/';
    let mut has_upper = false;
    let mut pending_sep = Some(first_sep);
    let mut segments = 0;
    while let Some(c) = rest[pos..].chars().next() {
        if c == '-' || c == '/' {
            if pending_sep.is_some() {
                break;
            }
            pending_sep = Some(c);
            pos += 1;
            continue;
        }
        if !is_code_char(c) {
            break;
        }
        if let Some(sep) = pending_sep.take() {
            has_slash |= sep == '/';
            segments += 1;
        }
        has_upper |= c.is_ascii_uppercase() || c == 'Đ';
        pos += c.len_utf8();
        end = pos;
    }
    // A letter right after the number (a word going on) is not a number's end.
    let after = text[start + end..].chars().next();
    if after.is_some_and(char::is_alphanumeric) {
        return None;
    }
    (segments > 0 && has_slash && has_upper).then_some(end)
}

/// The byte length of a spaced or en dash after a number's digits (` –`,
/// `- `, ` - `, `–`), when a capital letter follows it.
fn spaced_dash(after: &str) -> Option<usize> {
    let lead = after.len() - after.trim_start_matches(' ').len();
    let rest = &after[lead..];
    let dash = rest.chars().next().filter(|c| matches!(c, '-' | '–'))?;
    let tail = &rest[dash.len_utf8()..];
    let gap = tail.len() - tail.trim_start_matches(' ').len();
    if (lead == 0 && gap == 0 && dash == '-') || lead > 1 || gap > 1 {
        return None;
    }
    let next = tail[gap..].chars().next()?;
    (next.is_ascii_uppercase() || next == 'Đ').then_some(lead + dash.len_utf8() + gap)
}

/// Every document number cited in `text`, with the kind and `số` written
/// before it included in the citation.
pub(crate) fn citations(text: &str) -> Vec<Citation> {
    let mut found = Vec::new();
    if !text.contains('/') {
        return found;
    }
    let mut i = 0;
    let mut prev: Option<char> = None;
    while i < text.len() {
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        // Whether a word starts here is asked only at a digit: asked of
        // every letter, `is_alphanumeric` on Vietnamese letters made this
        // scan of every body a large share of the model's time at 10,000 articles.
        let starts_word =
            || !prev.is_some_and(|p| p.is_alphanumeric() || matches!(p, '-' | '/' | '.' | ','));
        if c.is_ascii_digit()
            && starts_word()
            && let Some(end) = scan_number(text, i)
        {
            let start = lead_in(&text[..i]).map_or(i, |lead| i - lead);
            found.push(Citation {
                start,
                end: i + end,
                number_start: i,
                key: number_key(&text[i..i + end]),
            });
            prev = text[..i + end].chars().next_back();
            i += end;
            continue;
        }
        prev = Some(c);
        i += c.len_utf8();
    }
    found
}

/// The length in bytes of a kind (`Hướng dẫn `) and/or `số ` written just
/// before a number (`before` ends where the number starts).
fn lead_in(before: &str) -> Option<usize> {
    let trimmed = before.trim_end_matches(' ');
    if trimmed.len() == before.len() {
        return None;
    }
    let mut start = None;
    let mut rest = trimmed;
    if let Some(at) = ends_with_word(rest, "số") {
        start = Some(at);
        rest = rest[..at].trim_end_matches(' ');
        if rest.len() == at {
            return Some(before.len() - at);
        }
    }
    // The longest kind written there (`Thông báo kết luận`, not `Kết luận`).
    if let Some(at) = KINDS
        .iter()
        .filter_map(|k| ends_with_word(rest, k.vi))
        .min()
    {
        start = Some(at);
    }
    start.map(|at| before.len() - at)
}

/// Where `word` starts when `s` ends with it (any case) as a whole word.
fn ends_with_word(s: &str, word: &str) -> Option<usize> {
    let n = word.chars().count();
    let (at, _) = s.char_indices().rev().nth(n.checked_sub(1)?)?;
    let tail = &s[at..];
    if tail.to_lowercase() != word.to_lowercase() {
        return None;
    }
    let word_start = s[..at]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric());
    word_start.then_some(at)
}

/// A file attached to a document.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Attachment {
    /// Content-relative path: `van-ban/80-HD-BDVTW.pdf` (also its output path).
    pub(crate) rel: String,
    /// File name as shown: `80-HD-BDVTW.pdf`.
    pub(crate) name: String,
    /// Upper-case type: `PDF`, `DOCX`.
    pub(crate) kind: String,
    /// Size in bytes.
    pub(crate) size: u64,
}

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

/// The issuer, year and kind words of a language's document URLs:
/// `van-ban/co-quan/…`, `en/documents/issuer/…`.
pub(crate) fn sub_segments(lang_code: &str) -> (&'static str, &'static str) {
    if lang_code == "vi" {
        ("co-quan", "nam")
    } else {
        ("issuer", "year")
    }
}

/// The URL segment of a kind in a language.
pub(crate) fn kind_slug(kind: usize, lang_code: &str) -> &'static str {
    if lang_code == "vi" {
        KINDS[kind].slug_vi
    } else {
        KINDS[kind].slug_en
    }
}

/// The name of a kind in a language.
pub(crate) fn kind_name(kind: usize, lang_code: &str) -> &'static str {
    if lang_code == "vi" {
        KINDS[kind].vi
    } else {
        KINDS[kind].en
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
                        format!("{other} already has the number `{}`", meta.number.value),
                    )
                    .with_code("duplicate-document")
                    .with_hint("each document has its own number; correct one of the two"),
            );
            continue;
        }
        if let Some(other) = slugs.get(&slug) {
            diags.push(
                meta.number
                    .error(
                        &d.path.file,
                        format!(
                            "the number `{}` and the number of {other} make one address, /{slug}/",
                            meta.number.value
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
                Diagnostic::warning(&t.path.file, 1, 1, format!("this translation has no document beside it (content/{}/{}.md); it is not built", t.path.dir, t.path.stem))
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
                    r.error(&file, "a document cannot replace itself")
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
                            format!(
                                "`replaces` names `{}`, but no document has that number",
                                r.value
                            ),
                        )
                        .with_code("document");
                    if let Some(b) =
                        crate::diag::closest(&r.value, out.docs.iter().map(|d| d.number.as_str()))
                    {
                        d.hint = Some(format!("did you mean `{b}`?"));
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
                        format!(
                            "this article cites the document `{}`, which the site does not have",
                            c.key
                        ),
                    )
                    .with_code("missing-document")
                    .with_hint(format!(
                        "add it as content/van-ban/{}.md, or check the number",
                        slugify(&c.key)
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

/// Line, column and line text of a byte offset of a body starting at `body_line`.
pub(crate) fn position(body: &str, offset: usize, body_line: usize) -> (usize, usize, String) {
    let mut offset = offset.min(body.len());
    while !body.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &body[..offset];
    let line = body_line + before.matches('\n').count();
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = body[start..offset].chars().count() + 1;
    let text = body[start..].lines().next().unwrap_or("").to_owned();
    (line, column, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cited(text: &str) -> Vec<(&str, String)> {
        citations(text)
            .into_iter()
            .map(|c| (&text[c.start..c.end], c.key))
            .collect()
    }

    #[test]
    fn numbers_as_editors_write_them() {
        assert!(is_number("80-HD/BDVTW"));
        assert!(is_number("1581-TB/TU"));
        assert!(is_number("42/2022/NĐ-CP"));
        assert!(is_number("1234/QĐ-TTg"));
        assert!(!is_number("2012-03-01"));
        assert!(!is_number("28/2/2012"));
        assert!(!is_number("50-km/h"));
        assert!(!is_number("5G/4G"));
        assert!(!is_number("HD/80"));
        assert!(!is_number("80-/HD"));
        assert!(is_number("28 –CT/TU"));
        assert_eq!(number_key("28 –CT/TU"), "28-CT/TU");
        assert_eq!(number_key("80-hd/bdvtw"), "80-HD/BDVTW");
        assert_eq!(number_key(" 42/2022/nđ-cp"), "42/2022/NĐ-CP");
    }

    #[test]
    fn citations_take_the_kind_and_so_before_them() {
        assert_eq!(
            cited("Thực hiện Hướng dẫn số 80-HD/BDVTW ngày 28/2/2012 của Ban"),
            vec![("Hướng dẫn số 80-HD/BDVTW", "80-HD/BDVTW".to_owned())]
        );
        assert_eq!(
            cited("theo Thông báo kết luận số 1581-TB/TU, tỉnh"),
            vec![("Thông báo kết luận số 1581-TB/TU", "1581-TB/TU".to_owned())]
        );
        assert_eq!(
            cited("Nghị quyết 18-NQ/TW và số 865-TB/TU."),
            vec![
                ("Nghị quyết 18-NQ/TW", "18-NQ/TW".to_owned()),
                ("số 865-TB/TU", "865-TB/TU".to_owned())
            ]
        );
        assert_eq!(
            cited("(80-HD/BDVTW)"),
            vec![("80-HD/BDVTW", "80-HD/BDVTW".to_owned())]
        );
        // Not numbers: dates, fractions, units, parts of words or paths.
        assert!(cited("ngày 28/2/2012, 1/2 diện tích, 50-km/h").is_empty());
        assert!(cited("xem a80-HD/BDVTW hoặc /80-HD/BDVTW").is_empty());
        // Spaced dashes as editors type them; a range of years is no number.
        assert_eq!(
            cited("Chỉ thị số 28 –CT/TU và Quyết định số 23- QĐ/TW"),
            vec![
                ("Chỉ thị số 28 –CT/TU", "28-CT/TU".to_owned()),
                ("Quyết định số 23- QĐ/TW", "23-QĐ/TW".to_owned())
            ]
        );
        assert!(cited("giai đoạn 2024 - 2030/năm").is_empty());
        // "Bài số 3" has no number after it; the kind must end at a word.
        assert_eq!(
            cited("Bài viết số 12-BC/BDV"),
            vec![("số 12-BC/BDV", "12-BC/BDV".to_owned())]
        );
    }

    #[test]
    fn kinds_by_either_name() {
        assert_eq!(kind_by_name("hướng dẫn"), Some(5));
        assert_eq!(kind_by_name("Guidance"), Some(5));
        assert_eq!(kind_by_name("Thông  báo"), Some(8));
        assert_eq!(kind_by_name("Thư"), None);
        for k in KINDS {
            assert_eq!(crate::slug::slugify(k.vi), k.slug_vi);
            assert!(crate::slug::is_slug(k.slug_en));
        }
    }

    proptest::proptest! {
        /// Any text: citations are in order, on char boundaries, and hold a number.
        #[test]
        fn citations_never_panic(text in "[ a-zA-Zđốố0-9/\\-.,]{0,60}") {
            let mut last = 0;
            for c in citations(&text) {
                proptest::prop_assert!(c.start >= last && c.start <= c.number_start && c.number_start < c.end);
                proptest::prop_assert!(is_number(&text[c.number_start..c.end]));
                last = c.end;
            }
        }
    }
}
