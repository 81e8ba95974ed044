//! The search index's files: each page's result details as the page is
//! rendered, then each language's index once every page is. What the files
//! hold and how the browser reads them is [`crate::search`]'s business.

use crate::model::documents::DocId;
use crate::model::{LangId, PageId};
use crate::search::{Analyzed, Entries, Gathered};

use super::engine::Renderer;
use super::memo::Fingerprint;

/// Writes what page `id`'s search result shows, unless that did not change
/// since the last rebuild (its words go to [`Gathered::read`]).
pub(super) fn detail(r: &Renderer, gathered: &Gathered, id: PageId, analyzed: &Analyzed) {
    let Some(path) = gathered.detail_file(r.site, id) else {
        return;
    };
    let print = r.remembering().then(|| analyzed.words.print());
    if !r.unchanged(&path, print) {
        r.write(&path, analyzed.detail.as_bytes(), false);
    }
}

/// [`detail`] for a document's page in `lang`.
pub(super) fn document_detail(
    r: &Renderer,
    gathered: &Gathered,
    doc: DocId,
    lang: LangId,
    analyzed: &Analyzed,
) {
    let Some(path) = gathered.document_detail_file(r.site, doc, lang, analyzed) else {
        return;
    };
    let print = r.remembering().then(|| analyzed.words.print());
    if !r.unchanged(&path, print) {
        r.write(&path, analyzed.detail.as_bytes(), false);
    }
}

/// A language's index, from its entries, unless no entry changed since the
/// last rebuild (which only kept entries tell).
pub(super) fn index(r: &Renderer, lang: LangId, entries: Entries) {
    let site = r.site;
    let print = match &entries {
        Entries::Kept(docs) if r.remembering() => {
            let mut f = Fingerprint::new();
            for d in docs {
                f.add_u64(d.print());
            }
            Some(f.finish())
        }
        _ => None,
    };
    if let (Some(print), Some(previous)) = (print, &r.previous)
        && let Some((p, files)) = previous.search.get(&lang)
        && *p == print
    {
        for file in files {
            r.kept(file);
        }
        if let Ok(mut next) = r.next.lock() {
            next.search.insert(lang, (print, files.clone()));
        }
        return;
    }
    let files = crate::search::index_files(site, lang, entries.postings());
    let paths: Vec<String> = files.iter().map(|(path, _)| path.clone()).collect();
    for (path, bytes) in files {
        r.write(&path, &bytes, false);
    }
    if let (Some(print), Ok(mut next)) = (print, r.next.lock()) {
        next.search.insert(lang, (print, paths));
    }
}
