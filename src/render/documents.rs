//! The pages of the documents (SPEC §1.7): each document, the list of all
//! documents and the lists per kind, per issuer and per year (paginated,
//! newest first), and the feed of new documents of each language.

use jiff::civil::Date;
use serde::Serialize;

use crate::diag::Diagnostic;
use crate::markdown::{self, Labels, ProblemKind};
use crate::model::documents::{DocId, kind_name};
use crate::model::{LangId, Site, pager_len};
use crate::number::Decimal;
use crate::search::Gathered;

use super::context;
use super::engine::Renderer;
use super::input::{Base, CardRef, Html, PageInput, Pager};
use super::links::PageLinks;
use super::memo::Fingerprint;
use super::xml::{self, FEED_ITEMS, Feed, FeedItem};

/// Which list of documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum DocList {
    All,
    /// Index into [`crate::model::documents::Documents::kinds`].
    Kind(usize),
    /// Index into `issuers`.
    Issuer(usize),
    /// Index into `years`.
    Year(usize),
}

/// Every list of a language with how many pages it has.
pub(crate) fn lists(site: &Site) -> Vec<(DocList, usize)> {
    let d = &site.documents;
    if d.is_empty() {
        return Vec::new();
    }
    let size = site.config.page_size;
    let mut out = vec![(DocList::All, pager_len(d.docs.len(), size))];
    out.extend(
        d.kinds
            .iter()
            .enumerate()
            .map(|(i, (_, ids))| (DocList::Kind(i), pager_len(ids.len(), size))),
    );
    out.extend(
        d.issuers
            .iter()
            .enumerate()
            .filter(|(_, i)| !i.docs.is_empty())
            .map(|(i, is)| (DocList::Issuer(i), pager_len(is.docs.len(), size))),
    );
    out.extend(
        d.years
            .iter()
            .enumerate()
            .map(|(i, (_, ids))| (DocList::Year(i), pager_len(ids.len(), size))),
    );
    out
}

/// Output path of page `n` of a list.
pub(crate) fn list_path(site: &Site, list: DocList, lang: LangId, n: usize) -> String {
    let d = &site.documents;
    match list {
        DocList::All => site.documents_page_path(lang, n),
        DocList::Kind(i) => site.document_kind_path(d.kinds[i].0, lang, n),
        DocList::Issuer(i) => site.document_issuer_path(i, lang, n),
        DocList::Year(i) => site.document_year_path(d.years[i].0, lang, n),
    }
}

fn list_ids(site: &Site, list: DocList) -> Vec<DocId> {
    let d = &site.documents;
    match list {
        DocList::All => d.all(),
        DocList::Kind(i) => d.kinds[i].1.clone(),
        DocList::Issuer(i) => d.issuers[i].docs.clone(),
        DocList::Year(i) => d.years[i].1.clone(),
    }
}

/// A day as templates show it.
#[derive(Serialize, Hash)]
struct DayValue {
    /// `2012-02-28`
    iso: String,
    /// `28/02/2012`
    short: String,
    /// `ngày 28/02/2012`, `28 February 2012`
    long: String,
    year: i16,
}

fn day_value(site: &Site, lang: LangId, date: Date) -> DayValue {
    let z = midnight(site, date);
    let locale = &site.theme.locales[lang];
    DayValue {
        iso: date.to_string(),
        short: locale.date_short(&z),
        long: locale.date_long(&z),
        year: date.year(),
    }
}

fn midnight(site: &Site, date: Date) -> jiff::Zoned {
    date.to_zoned(site.config.timezone.clone())
        .unwrap_or_else(|_| jiff::Timestamp::UNIX_EPOCH.to_zoned(site.config.timezone.clone()))
}

#[derive(Serialize, Hash)]
struct LinkValue {
    name: String,
    url: String,
}

#[derive(Serialize, Hash)]
struct AttachmentValue {
    url: String,
    name: String,
    /// `PDF`, `DOCX`
    kind: String,
    /// `245 KB`, `1,2 MB`
    size: String,
    bytes: u64,
}

/// A size in the language's numbers: `245 KB`, `1,2 MB`.
fn size_text(site: &Site, lang: LangId, bytes: u64) -> String {
    let locale = &site.theme.locales[lang];
    if bytes < 1024 * 1024 {
        let kb = bytes.div_ceil(1024).max(1);
        format!("{} KB", locale.number(Decimal::from_int(i128::from(kb)), 0))
    } else {
        let tenths = (bytes * 10).div_ceil(1024 * 1024);
        let d = Decimal::parse(&format!("{}.{}", tenths / 10, tenths % 10))
            .unwrap_or(Decimal::from_int(0));
        format!("{} MB", locale.number(d, 1))
    }
}

/// A document as lists and its page show it.
#[derive(Serialize, Hash)]
struct DocValue {
    number: String,
    title: String,
    /// The language the title and body are written in (the default
    /// language's when there is no translation).
    text_lang: String,
    translated: bool,
    url: String,
    kind: LinkValue,
    issuer: Option<LinkValue>,
    signed: DayValue,
    effective: Option<DayValue>,
    signer: Option<String>,
    summary: String,
    attachments: Vec<AttachmentValue>,
}

fn doc_value(site: &Site, doc: DocId, lang: LangId) -> DocValue {
    let d = &site.documents.docs[doc];
    let text = &d.texts[lang];
    let code = site.lang_code(lang);
    let kind_index = site
        .documents
        .kinds
        .iter()
        .position(|(k, _)| *k == d.kind)
        .unwrap_or(0);
    DocValue {
        number: d.number.clone(),
        title: text.title.clone(),
        text_lang: if text.translated {
            code.to_owned()
        } else {
            site.lang_code(0).to_owned()
        },
        translated: text.translated,
        url: site.href(&site.document_path(doc, lang)),
        kind: LinkValue {
            name: kind_name(d.kind, code).to_owned(),
            url: site.href(&list_path(site, DocList::Kind(kind_index), lang, 1)),
        },
        issuer: d.issuer.map(|i| LinkValue {
            name: text
                .issuer
                .clone()
                .unwrap_or_else(|| site.documents.issuers[i].name.clone()),
            url: site.href(&site.document_issuer_path(i, lang, 1)),
        }),
        signed: day_value(site, lang, d.signed),
        effective: d.effective.map(|e| day_value(site, lang, e)),
        signer: text.signer.clone(),
        summary: text.summary.clone(),
        attachments: d
            .attachments
            .iter()
            .map(|a| AttachmentValue {
                url: site.href(&a.rel),
                name: a.name.clone(),
                kind: a.kind.clone(),
                size: size_text(site, lang, a.size),
                bytes: a.size,
            })
            .collect(),
    }
}

/// One entry of the lists beside every document list: a kind, issuer or year.
#[derive(Serialize, Hash)]
struct Facet {
    name: String,
    url: String,
    count: usize,
    current: bool,
}

#[derive(Serialize, Hash)]
struct Facets {
    all_url: String,
    kinds: Vec<Facet>,
    issuers: Vec<Facet>,
    years: Vec<Facet>,
}

fn facets(site: &Site, lang: LangId, current: Option<DocList>) -> Facets {
    let d = &site.documents;
    let code = site.lang_code(lang);
    let facet = |list: DocList, name: String, count: usize| Facet {
        name,
        url: site.href(&list_path(site, list, lang, 1)),
        count,
        current: current == Some(list),
    };
    Facets {
        all_url: site.href(&site.documents_index_path(lang)),
        kinds: d
            .kinds
            .iter()
            .enumerate()
            .map(|(i, (k, ids))| facet(DocList::Kind(i), kind_name(*k, code).to_owned(), ids.len()))
            .collect(),
        issuers: d
            .issuers
            .iter()
            .enumerate()
            .filter(|(_, is)| !is.docs.is_empty())
            .map(|(i, is)| {
                let name = is
                    .docs
                    .first()
                    .and_then(|doc| d.docs[*doc].texts[lang].issuer.clone())
                    .unwrap_or_else(|| is.name.clone());
                facet(DocList::Issuer(i), name, is.docs.len())
            })
            .collect(),
        years: d
            .years
            .iter()
            .enumerate()
            .map(|(i, (y, ids))| facet(DocList::Year(i), y.to_string(), ids.len()))
            .collect(),
    }
}

/// One page of a list of documents (`documents.html`).
#[derive(Serialize, Hash)]
struct DocumentsView<'a> {
    #[serde(flatten)]
    base: Base<'a>,
    list: ListValue,
    documents: Vec<DocValue>,
    pager: Pager,
    facets: Facets,
}

#[derive(Serialize, Hash)]
struct ListValue {
    title: String,
    /// `all`, `kind`, `issuer` or `year`.
    of: &'static str,
    count: usize,
}

impl PageInput for DocumentsView<'_> {
    fn template(&self) -> &'static str {
        "documents.html"
    }
}

/// Page `n` of a list of documents in `lang`.
pub(crate) fn list(r: &Renderer, list: DocList, lang: LangId, n: usize) {
    let site = r.site;
    let d = &site.documents;
    let code = site.lang_code(lang);
    let locale = &site.theme.locales[lang];
    let ids = list_ids(site, list);
    let size = site.config.page_size;
    let total = pager_len(ids.len(), size);
    let (of, title) = match list {
        DocList::All => ("all", locale.string("documents").to_owned()),
        DocList::Kind(i) => ("kind", kind_name(d.kinds[i].0, code).to_owned()),
        DocList::Issuer(i) => (
            "issuer",
            d.issuers[i]
                .docs
                .first()
                .and_then(|doc| d.docs[*doc].texts[lang].issuer.clone())
                .unwrap_or_else(|| d.issuers[i].name.clone()),
        ),
        DocList::Year(i) => (
            "year",
            format!("{} {}", locale.string("documents_of_year"), d.years[i].0),
        ),
    };
    let path = list_path(site, list, lang, n);
    let shown_title = if n > 1 {
        format!(
            "{title} – {}",
            locale
                .string("page_of")
                .replace("{n}", &n.to_string())
                .replace("{total}", &total.to_string())
        )
    } else {
        title.clone()
    };
    let alternates = context::alternates(site, lang, &|l| Some(list_path(site, list, l, n)));
    let kind = if list == DocList::All {
        "documents"
    } else {
        "document_list"
    };
    let start = ((n - 1) * size).min(ids.len());
    let view = DocumentsView {
        base: Base::new(site, lang, kind, &path, &shown_title, "", alternates).with_feed(Some(
            site.href(&Site::feed_path(&site.documents_index_path(lang))),
        )),
        list: ListValue {
            title,
            of,
            count: ids.len(),
        },
        documents: ids[start..(start + size).min(ids.len())]
            .iter()
            .map(|doc| doc_value(site, *doc, lang))
            .collect(),
        pager: Pager::new(site, n, total, &|k| list_path(site, list, lang, k)),
        facets: facets(site, lang, Some(list)),
    };
    r.emit(&format!("{path}index.html"), lang, &view);
}

/// One document's page (`document.html`).
#[derive(Serialize, Hash)]
struct DocumentView<'a> {
    #[serde(flatten)]
    base: Base<'a>,
    doc: DocValue,
    content: Html<'a>,
    replaces: Vec<DocValue>,
    replaced_by: Vec<DocValue>,
    /// The articles citing it in this language, newest first.
    citing: Vec<CardRef<'a>>,
    facets: Facets,
}

impl PageInput for DocumentView<'_> {
    fn template(&self) -> &'static str {
        "document.html"
    }
}

pub(crate) fn document(r: &Renderer, gathered: &Gathered, doc: DocId, lang: LangId) {
    let site = r.site;
    let d = &site.documents.docs[doc];
    let text = &d.texts[lang];
    let locale = &site.theme.locales[lang];
    let dir = text
        .file
        .trim_start_matches("content/")
        .rsplit_once('/')
        .map_or("", |(dir, _)| dir);
    let resolver = PageLinks::for_document(site, dir, lang, r.images);
    let labels = Labels {
        task_done: locale.string("task_done"),
        task_todo: locale.string("task_todo"),
        footnotes: locale.string("footnotes"),
        back_to_text: locale.string("back_to_text"),
        table: locale.string("table"),
    };
    let settings = markdown::Settings {
        raw_html: site.config.markdown.raw_html,
        smart_punctuation: site.config.markdown.smart_punctuation,
    };
    let rendered = markdown::render(&text.body, settings, &resolver, &labels);
    // Problems of a body are reported once, from the page of its own language.
    if text.translated {
        for p in &rendered.problems {
            let (line, column, source) =
                super::article::body_position(&text.body, p.offset, text.body_line);
            let mut diag = match p.kind {
                ProblemKind::Link | ProblemKind::MissingImage => {
                    Diagnostic::warning(&text.file, line, column, &p.message).with_code("link")
                }
                ProblemKind::BrokenImage => {
                    super::pictures::bad_image(&text.file, line, column, &p.message)
                }
                ProblemKind::Error(code) => {
                    Diagnostic::error(&text.file, line, column, &p.message).with_code(code)
                }
            };
            diag.hint.clone_from(&p.hint);
            diag.source_line = Some(source);
            r.push(diag);
        }
    }
    let path = site.document_path(doc, lang);
    let value = doc_value(site, doc, lang);
    let title = format!("{} {} – {}", value.kind.name, d.number, value.title);
    // The page exists in every language (field names and kinds translated).
    let alternates = context::alternates(site, lang, &|l| Some(site.document_path(doc, l)));
    let view = DocumentView {
        base: Base::new(
            site,
            lang,
            "document",
            &path,
            &title,
            &value.summary,
            alternates,
        )
        .with_feed(Some(
            site.href(&Site::feed_path(&site.documents_index_path(lang))),
        )),
        content: Html(&rendered.html),
        replaces: d
            .replaces
            .iter()
            .map(|o| doc_value(site, *o, lang))
            .collect(),
        replaced_by: d
            .replaced_by
            .iter()
            .map(|o| doc_value(site, *o, lang))
            .collect(),
        citing: r.cards.list(d.citing[lang].iter().copied()),
        facets: facets(site, lang, None),
        doc: value,
    };
    r.emit(&format!("{path}index.html"), lang, &view);
    crate::timings::SEARCH_PAGES.measure(|| {
        let entry = crate::search::document_entry(site, doc, lang, &title, &rendered.text);
        super::search::document_detail(r, gathered, doc, lang, &crate::search::analyze(&entry));
    });
}

/// The feed of new documents of each language: `van-ban/rss.xml`.
pub(crate) fn feeds(r: &Renderer) {
    let site = r.site;
    if site.documents.is_empty() {
        return;
    }
    let config = &site.config;
    for (lang, l) in config.languages.iter().enumerate() {
        let locale = &site.theme.locales[lang];
        let site_title = config.text(&config.title, &l.code);
        let index = site.documents_index_path(lang);
        let newest = &site.documents.docs[..site.documents.docs.len().min(FEED_ITEMS)];
        let feed = Feed {
            title: format!("{} – {site_title}", locale.string("documents")),
            description: locale.string("documents_feed").to_owned(),
            language: l.code.clone(),
            link: site.permalink(&index),
            self_link: site.permalink(&Site::feed_path(&index)),
            last_build: newest.first().map(|d| midnight(site, d.signed)),
            items: newest
                .iter()
                .map(|d| {
                    let v = doc_value(site, d.id, lang);
                    FeedItem {
                        title: format!("{} {}: {}", v.kind.name, d.number, v.title),
                        link: site.permalink(&site.document_path(d.id, lang)),
                        date: midnight(site, d.signed),
                        author: v.issuer.map(|i| i.name),
                        tags: vec![v.kind.name],
                        summary: v.summary,
                        cover: None,
                    }
                })
                .collect(),
        };
        let path = Site::feed_path(&index);
        let print = r
            .remembering()
            .then(|| Fingerprint::new().add_hash(&feed).finish());
        if !r.unchanged(&path, print) {
            r.write(&path, &xml::rss(&feed), false);
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn kinds_have_distinct_segments() {
        use crate::model::documents::KINDS;
        for (i, a) in KINDS.iter().enumerate() {
            for b in &KINDS[i + 1..] {
                assert_ne!(a.slug_vi, b.slug_vi);
                assert_ne!(a.slug_en, b.slug_en);
            }
            // Never a sub-segment or a number's address.
            for seg in [
                "co-quan", "nam", "issuer", "year", "trang", "page", "rss.xml",
            ] {
                assert_ne!(a.slug_vi, seg);
                assert_ne!(a.slug_en, seg);
            }
        }
    }
}
