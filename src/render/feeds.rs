//! RSS feeds: one per language, per section and per tag, each of its
//! newest articles. A feed's [`Feed`] value holds everything the XML
//! shows, so it is also what `kheo serve` fingerprints.

use rayon::prelude::*;

use crate::model::{LangId, PageId, Site};

use super::engine::Renderer;
use super::memo::Fingerprint;
use super::xml::{self, FEED_ITEMS, Feed, FeedItem};

/// Which feed: its language, titles, the page it belongs to and its items.
struct FeedSpec<'a> {
    lang: LangId,
    title: String,
    description: String,
    /// Output path of the page the feed belongs to.
    page_path: String,
    items: &'a [PageId],
}

/// Every feed of the site.
fn specs(site: &Site) -> Vec<FeedSpec<'_>> {
    let config = &site.config;
    let mut feeds = Vec::new();
    for (lang, l) in config.languages.iter().enumerate() {
        let site_title = config.text(&config.title, &l.code).to_owned();
        let description = config
            .tagline
            .as_ref()
            .map_or(site_title.clone(), |t| config.text(t, &l.code).to_owned());
        feeds.push(FeedSpec {
            lang,
            title: site_title.clone(),
            description: description.clone(),
            page_path: l.prefix.clone(),
            items: &site.articles[lang],
        });
        for s in &site.sections {
            let sl = &s.langs[lang];
            feeds.push(FeedSpec {
                lang,
                title: format!("{} – {site_title}", sl.title),
                description: description.clone(),
                page_path: sl.path.clone(),
                items: &sl.by_date,
            });
        }
    }
    for (tid, t) in site.tags.iter().enumerate() {
        let code = site.lang_code(t.lang);
        let site_title = config.text(&config.title, code);
        feeds.push(FeedSpec {
            lang: t.lang,
            title: format!("{} – {site_title}", t.name),
            description: format!("{}: {}", site.theme.locales[t.lang].string("tags"), t.name),
            page_path: site.tag_path(tid, 1),
            items: &t.pages,
        });
    }
    feeds
}

/// The feed of a spec: its newest `FEED_ITEMS` articles.
fn feed(site: &Site, spec: &FeedSpec, covers: &[Option<String>]) -> Feed {
    let items = &spec.items[..spec.items.len().min(FEED_ITEMS)];
    Feed {
        title: spec.title.clone(),
        description: spec.description.clone(),
        language: site.lang_code(spec.lang).to_owned(),
        link: site.permalink(&spec.page_path),
        self_link: site.permalink(&Site::feed_path(&spec.page_path)),
        last_build: items
            .first()
            .map(|&id| site.pages[id].last_modified().clone()),
        items: items
            .iter()
            .map(|&id| {
                let p = &site.pages[id];
                FeedItem {
                    title: p.title.clone(),
                    link: site.permalink(&p.path),
                    date: p.date.clone(),
                    author: p.author.clone(),
                    tags: p.tags.iter().map(|t| site.tags[*t].name.clone()).collect(),
                    summary: p.summary.clone(),
                    cover: covers.get(id).cloned().flatten(),
                }
            })
            .collect(),
    }
}

/// Writes every feed (keeping those whose items did not change).
pub(crate) fn write(r: &Renderer, covers: &[Option<String>]) {
    let site = r.site;
    specs(site).par_iter().for_each(|spec| {
        let feed = feed(site, spec, covers);
        let path = Site::feed_path(&spec.page_path);
        let print = r
            .remembering()
            .then(|| Fingerprint::new().add_hash(&feed).finish());
        if !r.unchanged(&path, print) {
            r.write(&path, &xml::rss(&feed), false);
        }
    });
}
