//! What every source gives the importer: one [`Entry`] per article, read
//! but not yet converted, and the old site's addresses.

use crate::date::WrittenDate;

use super::urls::Url;

/// An article as a source holds it.
#[derive(Debug, Clone, Default)]
pub(crate) struct Entry {
    /// Where it is, for messages: the source file as given, line and column.
    pub(crate) file: String,
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) title: String,
    pub(crate) date: Option<WrittenDate>,
    /// What the source wrote where the date should be, when it is not a date.
    pub(crate) date_text: Option<String>,
    pub(crate) author: Option<String>,
    /// Plain text.
    pub(crate) summary: Option<String>,
    pub(crate) tags: Vec<String>,
    /// The body, as HTML.
    pub(crate) html: String,
    /// The article's own old address: what its relative links and images are
    /// relative to.
    pub(crate) base: Url,
    /// Old addresses it had (its main address first), kept as `aliases:`.
    pub(crate) old_urls: Vec<Url>,
    /// Other paths other articles may link it by (the name a saved page has
    /// on disk), which are not addresses the old site had.
    pub(crate) link_keys: Vec<String>,
    /// The cover picture, as the source wrote its address.
    pub(crate) cover: Option<String>,
    pub(crate) cover_caption: Option<String>,
    pub(crate) draft: bool,
    /// The name the old site gave it (`wp:post_name`), for its slug.
    pub(crate) slug: Option<String>,
    /// A page of the site (`content/<slug>.md`), not an article of the section.
    pub(crate) standalone: bool,
    /// Things to tell the editor about this article.
    pub(crate) warnings: Vec<String>,
    /// Why it cannot be imported, when the source already knows.
    pub(crate) failure: Option<String>,
}

impl Entry {
    /// Keeps the article's old addresses: its link, and its id (a feed's
    /// `<id>`, a WordPress `<guid>`) when that is another address on the old
    /// site's hosts — `?p=123`, not a bare host. The first becomes the base
    /// its relative links are read against (the site's root when neither is).
    pub(crate) fn keep_addresses(&mut self, link: Option<Url>, id: Option<Url>, hosts: &[String]) {
        if let Some(l) = link {
            self.base = l.clone();
            self.old_urls.push(l);
        }
        if let Some(g) = id
            && g.is_on(hosts)
            && !self.old_urls.iter().any(|u| u.alias() == g.alias())
            && (g.query.is_some() || g.path != "/")
        {
            if self.old_urls.is_empty() {
                self.base = g.clone();
            }
            self.old_urls.push(g);
        }
        if self.base.path.is_empty() {
            self.base = Url {
                host: hosts.first().cloned(),
                path: "/".to_owned(),
                ..Url::default()
            };
        }
    }
}

/// Everything read from a source.
#[derive(Debug, Default)]
pub(crate) struct Source {
    /// `a WordPress export`, `an RSS feed`...
    pub(crate) kind: String,
    /// The old site's host names (lower-case, without `www.`).
    pub(crate) hosts: Vec<String>,
    pub(crate) entries: Vec<Entry>,
    /// Items that are not articles, as notes: `3 menu items`.
    pub(crate) ignored: Vec<String>,
}

impl Source {
    /// Adds a host once.
    pub(crate) fn add_host(&mut self, host: Option<String>) {
        if let Some(h) = host
            && !h.is_empty()
            && !self.hosts.contains(&h)
        {
            self.hosts.push(h);
        }
    }
}
