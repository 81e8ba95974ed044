//! Site search, build side: what each page gives the index ([`analyze`]),
//! and the files the browser's `search.js` reads ([`index_files`]).
//!
//! The index is built from a plain list of [`Entry`] values (title, URL,
//! date, section, text, extra keywords), so any kind of page can be added
//! to it without touching the format. Each entry is analysed once, alone
//! ([`Analyzed`]: its words, the pairs of neighbouring words, what a result
//! shows); `kheo serve` keeps the analyses of unchanged pages, so an edit
//! re-reads one page, never the whole site. The file layout is described in
//! `docs/architecture.md` ("Search index") and in [`index`].

mod index;

use std::hash::{BuildHasher, Hasher};
use std::sync::{Arc, Mutex};

use crate::model::documents::{DocId, KINDS};
use crate::model::{LangId, PageId, PageKind, Site};
use crate::slug::search_words;

pub(crate) use index::{Postings, index_files};

/// Characters of a document's text a result may quote from: the excerpt is
/// cut in the browser around the words found, from this much text.
pub(crate) const EXCERPT_SOURCE_CHARS: usize = 1500;

/// One searchable document, as any page kind describes itself.
#[derive(Debug, Clone, Default)]
pub(crate) struct Entry<'a> {
    pub(crate) title: &'a str,
    /// As written in pages (`site.href`).
    pub(crate) url: String,
    /// As a result shows it (`28/10/2024`); may be empty.
    pub(crate) date: String,
    /// The section's title; empty for none.
    pub(crate) section: &'a str,
    /// A lead that is not part of `text` (empty when there is none).
    pub(crate) summary: &'a str,
    /// The plain text of the body.
    pub(crate) text: &'a str,
    /// Words found by search but not shown: tags, document numbers...
    pub(crate) keywords: Vec<&'a str>,
}

/// What one entry contributes to the index: its words (kept until the
/// index is written) and what its result shows (written at once, to the
/// result's own file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Analyzed {
    pub(crate) words: Arc<Words>,
    /// The JSON a result is shown from: `[title, url, date, section, text]`.
    pub(crate) detail: Box<str>,
}

/// The words of an entry, in the compact form the index is built from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Words {
    /// Its distinct words, lower-case with their accents, one per line; the
    /// first `title_forms` of them are the title's.
    forms: Box<str>,
    title_forms: u32,
    /// Hashes ([`pair_hash`]) of the pairs of neighbouring words, folded,
    /// sorted and distinct: they answer quoted phrases.
    pairs: Box<[u32]>,
    /// A hash of the entry's result details (they are written apart).
    detail_hash: u64,
}

impl Words {
    fn forms(&self) -> impl Iterator<Item = (bool, &str)> {
        let title = self.title_forms as usize;
        self.forms
            .split('\n')
            .filter(|f| !f.is_empty())
            .enumerate()
            .map(move |(i, f)| (i < title, f))
    }

    /// A hash of everything the index takes from this entry.
    pub(crate) fn print(&self) -> u64 {
        let mut h = foldhash::fast::FixedState::with_seed(0x5e4c).build_hasher();
        h.write(self.forms.as_bytes());
        h.write_u32(self.title_forms);
        for p in self.pairs.iter() {
            h.write_u32(*p);
        }
        h.write_u64(self.detail_hash);
        h.finish()
    }
}

/// 32-bit FNV-1a of `a b`: the key of a pair of neighbouring folded words.
/// The browser computes the same over the UTF-8 bytes.
pub(crate) fn pair_hash(a: &str, b: &str) -> u32 {
    let mut h: u32 = 0x811c_9dc5;
    for byte in a.bytes().chain(std::iter::once(b' ')).chain(b.bytes()) {
        h ^= u32::from(byte);
        h = h.wrapping_mul(0x0100_0193);
    }
    h
}

/// Collects an entry's distinct forms and pairs, field by field (a pair
/// never spans two fields).
struct Collector {
    forms: String,
    count: u32,
    seen: foldhash::HashSet<u64>,
    pairs: Vec<u32>,
    previous: String,
}

impl Collector {
    fn add(&mut self, text: &str) {
        self.previous.clear();
        let Collector {
            forms,
            count,
            seen,
            pairs,
            previous,
        } = self;
        search_words(text, |exact, folded| {
            let mut h = foldhash::fast::FixedState::with_seed(7).build_hasher();
            h.write(exact.as_bytes());
            if seen.insert(h.finish()) {
                forms.push_str(exact);
                forms.push('\n');
                *count += 1;
            }
            if !previous.is_empty() {
                pairs.push(pair_hash(previous, folded));
            }
            previous.clear();
            previous.push_str(folded);
        });
    }
}

/// Reads an entry once: its words, pairs and result details.
pub(crate) fn analyze(e: &Entry) -> Analyzed {
    let mut c = Collector {
        forms: String::with_capacity(e.text.len() / 2),
        count: 0,
        seen: foldhash::HashSet::with_capacity_and_hasher(256, Default::default()),
        pairs: Vec::with_capacity(e.text.len() / 6),
        previous: String::new(),
    };
    c.add(e.title);
    let title_forms = c.count;
    c.add(e.summary);
    c.add(e.text);
    for k in &e.keywords {
        c.add(k);
    }
    c.forms.pop();
    c.pairs.sort_unstable();
    c.pairs.dedup();
    let source = excerpt_source(e.summary, e.text);
    let detail =
        serde_json::to_string(&(e.title, &e.url, &e.date, e.section, source)).unwrap_or_default();
    Analyzed {
        words: Arc::new(Words {
            forms: c.forms.into_boxed_str(),
            title_forms,
            pairs: c.pairs.into_boxed_slice(),
            detail_hash: xxhash_rust::xxh3::xxh3_64(detail.as_bytes()),
        }),
        detail: detail.into_boxed_str(),
    }
}

/// The lead and the start of the text, at most [`EXCERPT_SOURCE_CHARS`]
/// characters, cut at a space.
fn excerpt_source(summary: &str, text: &str) -> String {
    let mut out = String::with_capacity(EXCERPT_SOURCE_CHARS + 16);
    let mut chars = 0;
    'pieces: for piece in [summary, text] {
        if piece.is_empty() {
            continue;
        }
        if !out.is_empty() {
            out.push(' ');
            chars += 1;
        }
        for (i, c) in piece.char_indices() {
            if chars >= EXCERPT_SOURCE_CHARS {
                // Cut at the last space so that no word is shown in half.
                let rest = &piece[i..];
                if !rest.starts_with(char::is_whitespace)
                    && let Some(space) = out.rfind(char::is_whitespace)
                {
                    out.truncate(space);
                }
                break 'pieces;
            }
            out.push(c);
            chars += 1;
        }
    }
    out.truncate(out.trim_end().len());
    out
}

/// The entry of an article or a standalone page.
pub(crate) fn page_entry<'a>(site: &'a Site, page: PageId, body_text: &'a str) -> Entry<'a> {
    let p = &site.pages[page];
    let section = match p.kind {
        PageKind::Article(sid) => site.sections[sid].langs[p.lang].title.as_str(),
        PageKind::Standalone => "",
    };
    let date = match p.kind {
        PageKind::Article(_) => site.theme.locales[p.lang].date_short(&p.date),
        PageKind::Standalone => String::new(),
    };
    Entry {
        title: &p.title,
        url: site.href(&p.path),
        date,
        section,
        // A summary taken from the first paragraph is in the text already.
        summary: if p.summary_written { &p.summary } else { "" },
        text: body_text,
        keywords: p.tags.iter().map(|t| site.tags[*t].name.as_str()).collect(),
    }
}

/// The pages of a language in index order, which is the order results take
/// when nothing else tells them apart: articles newest first, then
/// standalone pages by path. The site's documents (`van-ban/`) follow them,
/// newest first (see [`Gathered`]).
pub(crate) fn documents(site: &Site, lang: LangId) -> Vec<PageId> {
    let mut docs = site.articles[lang].clone();
    let mut standalone: Vec<PageId> = site
        .pages
        .iter()
        .filter(|p| p.lang == lang && p.kind == PageKind::Standalone)
        .map(|p| p.id)
        .collect();
    standalone.sort_by(|a, b| site.pages[*a].path.cmp(&site.pages[*b].path));
    docs.extend(standalone);
    docs
}

/// The entry of a document's page (SPEC §1.7) in one language: its title
/// is the page's (`Hướng dẫn 80-HD/BDVTW – Về ...`), so that a number or a
/// kind typed in a query is a title match; its date is the date signed,
/// its section the documents' list. The issuer, the signer and the
/// Vietnamese kind are words found but not shown.
pub(crate) fn document_entry<'a>(
    site: &'a Site,
    doc: DocId,
    lang: LangId,
    title: &'a str,
    body_text: &'a str,
) -> Entry<'a> {
    let d = &site.documents.docs[doc];
    let text = &d.texts[lang];
    let locale = &site.theme.locales[lang];
    let date = d
        .signed
        .to_zoned(site.config.timezone.clone())
        .map(|z| locale.date_short(&z))
        .unwrap_or_default();
    let mut keywords: Vec<&str> = vec![&d.number];
    keywords.extend(text.issuer.as_deref());
    keywords.extend(d.issuer.map(|i| site.documents.issuers[i].name.as_str()));
    keywords.extend(text.signer.as_deref());
    keywords.push(KINDS[d.kind].vi);
    keywords.dedup();
    Entry {
        title,
        url: site.href(&site.document_path(doc, lang)),
        date,
        section: locale.string("documents"),
        // A summary taken from the first paragraph is in the text already.
        summary: if text.summary_written {
            &text.summary
        } else {
            ""
        },
        text: body_text,
        keywords,
    }
}

/// The entries of a render, gathered while pages render in parallel. A
/// language's index holds its pages ([`documents`]), then the site's
/// documents. Each page's result details are written at once (see
/// [`Gathered::detail_file`]); its words are either read into its
/// language's [`Postings`] as soon as every page before it in the index
/// is (a build: pages render in [`Gathered::render_order`], chunk after
/// chunk, and nothing keeps their words), or kept until the index is
/// written (`kheo serve`, whose memo compares them with the last
/// rebuild's to skip an index that did not change).
pub(crate) struct Gathered {
    /// Per page: its language and its number in that language's index.
    numbers: Vec<Option<(LangId, u32)>>,
    /// Per language: the number of the first document (after the pages).
    first_document: Vec<u32>,
    /// Per page, when kept.
    words: Option<Mutex<Vec<Option<Arc<Words>>>>>,
    /// Per language, when not kept: the pages read so far.
    postings: Vec<Mutex<Postings>>,
    /// Per language, per document.
    document_words: Mutex<Vec<Vec<Option<Arc<Words>>>>>,
}

/// A language's entries once every page is rendered.
pub(crate) enum Entries {
    /// Every entry's words, in index order (kept for `kheo serve`).
    Kept(Vec<Arc<Words>>),
    /// Read already, as pages rendered (a build).
    Read(Box<Postings>),
}

impl Entries {
    /// The postings of the entries.
    pub(crate) fn postings(self) -> Postings {
        match self {
            Entries::Kept(words) => Postings::of(words),
            Entries::Read(p) => *p,
        }
    }
}

impl Gathered {
    /// `keep`: keep every page's words until the index is written.
    pub(crate) fn new(site: &Site, keep: bool) -> Gathered {
        let langs = site.config.languages.len();
        let mut numbers = vec![None; site.pages.len()];
        let mut first_document = vec![0; langs];
        for (lang, first) in first_document.iter_mut().enumerate() {
            let pages = documents(site, lang);
            *first = pages.len() as u32;
            for (n, id) in pages.into_iter().enumerate() {
                numbers[id] = Some((lang, n as u32));
            }
        }
        Gathered {
            numbers,
            first_document,
            words: keep.then(|| Mutex::new(vec![None; site.pages.len()])),
            postings: (0..langs).map(|_| Mutex::default()).collect(),
            document_words: Mutex::new(vec![vec![None; site.documents.docs.len()]; langs]),
        }
    }

    /// Every page, in the order their words are read: each language's in
    /// index order, then those in no index.
    pub(crate) fn render_order(&self, site: &Site) -> Vec<PageId> {
        let mut order: Vec<PageId> = (0..site.config.languages.len())
            .flat_map(|lang| documents(site, lang))
            .collect();
        order.extend((0..site.pages.len()).filter(|id| self.numbers[*id].is_none()));
        order
    }

    /// Where a page's result details go (`search/vi/d/12.json`), if the
    /// page is in the index.
    pub(crate) fn detail_file(&self, site: &Site, page: PageId) -> Option<String> {
        let (lang, n) = self.numbers.get(page).copied().flatten()?;
        Some(format!("{}{n}.json", details_dir(site, lang)))
    }

    /// Takes the words of rendered pages, `pages[i]`'s in `words[i]` (none
    /// for a page that failed to render), given in [`Gathered::render_order`]
    /// from its start.
    pub(crate) fn read(&self, pages: &[PageId], words: Vec<Option<Arc<Words>>>) {
        if let Some(kept) = &self.words {
            if let Ok(mut all) = kept.lock() {
                for (id, w) in pages.iter().zip(words) {
                    all[*id] = w;
                }
            }
            return;
        }
        let empty = Words::default();
        for (id, w) in pages.iter().zip(words) {
            let Some((lang, n)) = self.numbers.get(*id).copied().flatten() else {
                continue;
            };
            if let Ok(mut p) = self.postings[lang].lock() {
                debug_assert_eq!(p.len(), n, "pages are read in index order");
                p.add(w.as_deref().unwrap_or(&empty));
            }
        }
    }

    /// [`Gathered::detail_file`] for a document's page in `lang`, keeping
    /// its words for the index.
    pub(crate) fn document_detail_file(
        &self,
        site: &Site,
        doc: DocId,
        lang: LangId,
        a: &Analyzed,
    ) -> Option<String> {
        let first = *self.first_document.get(lang)?;
        if let Ok(mut all) = self.document_words.lock() {
            *all.get_mut(lang)?.get_mut(doc)? = Some(a.words.clone());
        }
        Some(format!(
            "{}{}.json",
            details_dir(site, lang),
            first + doc as u32
        ))
    }

    /// Each language's entries, taken out once every page and document is
    /// rendered: the index is written from them and they are freed as it
    /// goes.
    pub(crate) fn take(&self, site: &Site) -> Vec<Entries> {
        let mut docs = std::mem::take(
            &mut *self
                .document_words
                .lock()
                .unwrap_or_else(|e| e.into_inner()),
        );
        let mut docs_of = |lang: LangId| {
            docs.get_mut(lang)
                .map(std::mem::take)
                .unwrap_or_default()
                .into_iter()
                .map(Option::unwrap_or_default)
        };
        let Some(kept) = &self.words else {
            return (0..site.config.languages.len())
                .map(|lang| {
                    let mut p = std::mem::take(
                        &mut *self.postings[lang]
                            .lock()
                            .unwrap_or_else(|e| e.into_inner()),
                    );
                    for d in docs_of(lang) {
                        p.add(&d);
                    }
                    Entries::Read(Box::new(p))
                })
                .collect();
        };
        let mut all = std::mem::take(&mut *kept.lock().unwrap_or_else(|e| e.into_inner()));
        (0..site.config.languages.len())
            .map(|lang| {
                let mut entries: Vec<Arc<Words>> = documents(site, lang)
                    .into_iter()
                    .map(|id| all.get_mut(id).and_then(Option::take).unwrap_or_default())
                    .collect();
                entries.extend(docs_of(lang));
                Entries::Kept(entries)
            })
            .collect()
    }
}

/// `search/vi/d/`: the result details of a language, one file per entry.
fn details_dir(site: &Site, lang: LangId) -> String {
    format!("{}d/", site.search_shards_dir(lang))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry<'a>(title: &'a str, text: &'a str) -> Entry<'a> {
        Entry {
            title,
            url: "/a/".into(),
            date: "01/02/2024".into(),
            section: "Tin tức",
            text,
            ..Entry::default()
        }
    }

    #[test]
    fn forms_keep_accents_title_first_and_once() {
        let a = analyze(&Entry {
            keywords: vec!["Dân vận khéo"],
            ..entry("Đường làng", "Con đường và dương liễu. ĐƯỜNG làng.")
        });
        let forms: Vec<(bool, &str)> = a.words.forms().collect();
        assert_eq!(
            forms,
            [
                (true, "đường"),
                (true, "làng"),
                (false, "con"),
                (false, "và"),
                (false, "dương"),
                (false, "liễu"),
                (false, "dân"),
                (false, "vận"),
                (false, "khéo"),
            ]
        );
    }

    #[test]
    fn pairs_join_neighbours_within_a_field_only() {
        let a = analyze(&Entry {
            keywords: vec!["Tổ dân vận"],
            ..entry("Hòa giải", "ở cơ sở")
        });
        // "ở" is one letter: skipped, so "cơ sở" is the text's only pair.
        let mut expected = [
            pair_hash("hoa", "giai"),
            pair_hash("co", "so"),
            pair_hash("to", "dan"),
            pair_hash("dan", "van"),
        ];
        expected.sort_unstable();
        assert_eq!(&*a.words.pairs, &expected[..]);
        assert!(!a.words.pairs.contains(&pair_hash("giai", "co")));
    }

    #[test]
    fn pair_hash_is_fnv1a_of_the_two_words() {
        // FNV-1a 32 of "a b", as the browser computes it.
        assert_eq!(pair_hash("a", "b"), 0x10a3_f9f2);
        assert_ne!(pair_hash("dan", "van"), pair_hash("van", "dan"));
    }

    #[test]
    fn details_hold_what_a_result_shows() {
        let a = analyze(&Entry {
            summary: "Tóm tắt.",
            ..entry("Tiêu đề", "Thân bài.")
        });
        let v: serde_json::Value = serde_json::from_str(&a.detail).unwrap();
        assert_eq!(
            v,
            serde_json::json!([
                "Tiêu đề",
                "/a/",
                "01/02/2024",
                "Tin tức",
                "Tóm tắt. Thân bài."
            ])
        );
    }

    /// The browser's search.js splits, lower-cases, folds and pairs words
    /// exactly as this module does: random Vietnamese text (with other
    /// scripts, digits and punctuation mixed in) through both, compared by
    /// `node` running the theme's script.
    #[test]
    fn browser_words_match_rust() {
        use proptest::strategy::{Strategy, ValueTree};
        use proptest::test_runner::{Config, TestRunner};
        use unicode_normalization::UnicodeNormalization;

        let letters = "[a-zA-ZàáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĐÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ]";
        let text = format!(
            "({letters}{{1,7}}|[ ,.;:!?()\\-/“”\"…—–0-9]{{1,3}}|\\PC{{1,3}}|[\u{300}-\u{36f}]|[ΑΣΩασςİ]{{1,3}})*"
        );
        let strategy = proptest::string::string_regex(&text).unwrap();
        let mut runner = TestRunner::new(Config::default());
        let mut cases = Vec::new();
        for _ in 0..400 {
            let raw = strategy.new_tree(&mut runner).unwrap().current();
            let s: String = raw.nfc().collect();
            let mut words = Vec::new();
            let mut pairs = Vec::new();
            let mut previous: Option<String> = None;
            search_words(&s, |exact, folded| {
                words.push([exact.to_owned(), folded.to_owned()]);
                if let Some(p) = &previous {
                    pairs.push(pair_hash(p, folded));
                }
                previous = Some(folded.to_owned());
            });
            cases.push(serde_json::json!({"text": s, "words": words, "pairs": pairs}));
        }
        let dir = tempfile::tempdir().unwrap();
        let cases_file = dir.path().join("cases.json");
        std::fs::write(&cases_file, serde_json::to_vec(&cases).unwrap()).unwrap();
        let script = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/themes/default/static/search.js"
        );
        let check = r#"
            const lib = require(process.argv[1]);
            const cases = JSON.parse(require("fs").readFileSync(process.argv[2], "utf8"));
            let bad = 0;
            for (const c of cases) {
              const ws = lib.words(c.text);
              const words = ws.map((w) => [w.exact, w.folded]);
              const pairs = ws.slice(1).map((w, i) => lib.pairHash(ws[i].folded, w.folded));
              const same = JSON.stringify(words) === JSON.stringify(c.words) && JSON.stringify(pairs) === JSON.stringify(c.pairs);
              if (!same && bad++ < 5) console.log(JSON.stringify({ text: c.text, rust: c.words, js: words }));
            }
            process.exit(bad ? 1 : 0);
        "#;
        let out = std::process::Command::new("node")
            .arg("-e")
            .arg(check)
            .arg(script)
            .arg(&cases_file)
            .output()
            .expect("node runs the browser's search script (install Node.js)");
        assert!(
            out.status.success(),
            "search.js and Rust disagree:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }

    #[test]
    fn excerpt_source_is_cut_at_a_space() {
        let long = "từ ".repeat(EXCERPT_SOURCE_CHARS);
        let s = excerpt_source("", &long);
        assert!(s.chars().count() <= EXCERPT_SOURCE_CHARS);
        assert!(s.ends_with("từ"), "{}", &s[s.len() - 10..]);
        assert_eq!(excerpt_source("A.", "B c"), "A. B c");
        assert_eq!(excerpt_source("", ""), "");
    }
}
