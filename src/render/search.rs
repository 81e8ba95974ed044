//! The search index the browser's `search.js` reads: per language, a
//! manifest (`/search-index.<lang>.json`: title, URL, date, section and
//! summary of each document, what a result shows) and an
//! inverted index split into shards by the first two letters of each token
//! (`/search/<lang>/<hash>/<key>.json`), so a reader downloads the list of
//! documents plus only the shards their words need, not every article's text.
//!
//! Tokens come from the title, summary, tags and whole body of each page,
//! folded as `slug::fold_for_search` does (the browser folds queries the
//! same way). The shard folder carries a hash of the shards, so a browser
//! never pairs a new manifest with old cached shards.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use rayon::prelude::*;
use serde::Serialize;

use crate::markdown::truncate_words;
use crate::model::{LangId, PageId, PageKind, Site};
use crate::slug::{fold_for_search_into, tokens_of_folded};

/// Characters of the summary the results list shows. The manifest is what
/// every search downloads, so it carries only what a result line shows
/// (tags are searchable through the shards, not repeated here).
const SUMMARY_CHARS: usize = 100;

/// The unique tokens of a page, joined by `\n` (compact to hold
/// until every page is rendered).
pub fn page_tokens(site: &Site, page: PageId, body_text: &str) -> String {
    let p = &site.pages[page];
    // One buffer for all folded text; tokens borrow from it. Pieces are
    // separated by a space so tokens never join across them.
    let mut folded = String::with_capacity(body_text.len() + p.title.len() + p.summary.len() + 64);
    let pieces = [p.title.as_str(), p.summary.as_str(), body_text];
    let tag_names = p.tags.iter().map(|t| site.tags[*t].name.as_str());
    for piece in pieces.into_iter().chain(tag_names) {
        fold_for_search_into(piece, &mut folded);
        folded.push(' ');
    }
    // Unique tokens in first-seen order: `index_files` sorts what it writes,
    // so sorting here too would be wasted work.
    let mut seen = foldhash::HashSet::with_capacity_and_hasher(256, Default::default());
    let mut out = String::with_capacity(folded.len() / 2);
    for token in tokens_of_folded(&folded) {
        if seen.insert(token) {
            out.push_str(token);
            out.push('\n');
        }
    }
    out.pop();
    out
}

/// The shard a token belongs to: its first two characters when both are
/// ASCII letters or digits, else `u` and the hex code point of its first.
pub fn shard_name(token: &str) -> String {
    let mut chars = token.chars();
    let (a, b) = (chars.next().unwrap_or('_'), chars.next().unwrap_or('_'));
    let simple = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit();
    if simple(a) && simple(b) {
        format!("{a}{b}")
    } else {
        format!("u{:x}", a as u32)
    }
}

#[derive(Serialize)]
struct Manifest<'a> {
    version: u32,
    lang: &'a str,
    shards: String,
    keys: Vec<&'a str>,
    sections: Vec<&'a str>,
    /// `[title, url, date, section index or -1, summary]`
    docs: Vec<(&'a str, String, String, i64, String)>,
}

/// The documents of a language in index order: articles newest first, then
/// standalone pages by path.
pub fn documents(site: &Site, lang: LangId) -> Vec<PageId> {
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

/// The files of one language's index: (output path, bytes).
pub fn index_files<'t>(
    site: &Site,
    lang: LangId,
    tokens_of: &dyn Fn(PageId) -> Option<&'t str>,
) -> Vec<(String, Vec<u8>)> {
    let docs = documents(site, lang);
    let locale = &site.theme.locales[lang];

    // token -> ascending doc ids; tokens borrow from the pages' token lists.
    let mut postings: foldhash::HashMap<&str, Vec<u32>> = Default::default();
    for (doc, &page) in docs.iter().enumerate() {
        let Some(tokens) = tokens_of(page) else {
            continue;
        };
        for t in tokens.split('\n').filter(|t| !t.is_empty()) {
            postings.entry(t).or_default().push(doc as u32);
        }
    }
    let mut shards: BTreeMap<String, Vec<(&str, Vec<u32>)>> = BTreeMap::new();
    for (token, ids) in postings {
        shards
            .entry(shard_name(token))
            .or_default()
            .push((token, ids));
    }
    let shard_texts: Vec<(String, String)> = shards
        .into_par_iter()
        .map(|(key, mut tokens)| {
            tokens.sort_unstable_by(|a, b| a.0.cmp(b.0));
            let text = shard_json(&tokens);
            (key, text)
        })
        .collect();
    let mut hasher = crate::render::Fnv::new();
    for (key, text) in &shard_texts {
        hasher.write(key.as_bytes());
        hasher.write(text.as_bytes());
    }
    let dir = format!("{}{}/", site.search_shards_dir(lang), hasher.hex());

    let section_titles: Vec<&str> = site
        .sections
        .iter()
        .map(|s| s.langs[lang].title.as_str())
        .collect();
    let manifest = Manifest {
        version: 1,
        lang: site.lang_code(lang),
        shards: site.href(&dir),
        keys: shard_texts.iter().map(|(key, _)| key.as_str()).collect(),
        sections: section_titles,
        docs: docs
            .iter()
            .map(|&id| {
                let p = &site.pages[id];
                let section = match p.kind {
                    PageKind::Article(sid) => sid as i64,
                    PageKind::Standalone => -1,
                };
                (
                    p.title.as_str(),
                    site.href(&p.path),
                    locale.date_short(&p.date),
                    section,
                    truncate_words(&p.summary, SUMMARY_CHARS),
                )
            })
            .collect(),
    };
    let mut files = vec![(
        site.search_index_file(lang),
        serde_json::to_vec(&manifest).unwrap_or_default(),
    )];
    files.extend(
        shard_texts
            .into_iter()
            .map(|(key, text)| (format!("{dir}{key}.json"), text.into_bytes())),
    );
    files
}

/// `{"token":[first id, gap, gap...], ...}`; `tokens` is in byte order.
fn shard_json(tokens: &[(&str, Vec<u32>)]) -> String {
    let mut out = String::from("{");
    for (i, (token, ids)) in tokens.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&serde_json::to_string(token).unwrap_or_default());
        out.push_str(":[");
        let mut prev = 0;
        for (j, id) in ids.iter().enumerate() {
            if j > 0 {
                out.push(',');
            }
            let _ = write!(out, "{}", if j == 0 { *id } else { id - prev });
            prev = *id;
        }
        out.push(']');
    }
    out.push('}');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shard_names_match_the_browser() {
        assert_eq!(shard_name("dan"), "da");
        assert_eq!(shard_name("2016"), "20");
        assert_eq!(shard_name("中文"), "u4e2d");
        assert_eq!(shard_name("a中"), "u61");
    }

    #[test]
    fn postings_are_delta_encoded_in_token_order() {
        let t = [("dan", vec![0, 2, 3]), ("danh", vec![5])];
        assert_eq!(shard_json(&t), r#"{"dan":[0,2,1],"danh":[5]}"#);
    }
}
