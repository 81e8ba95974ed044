//! RSS 2.0 feeds and the sitemap, written with quick-xml so every text and
//! attribute is escaped. Dates come from the articles, never from the clock,
//! so two builds give the same bytes.

use std::io::Cursor;

use jiff::Zoned;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use crate::markdown::escape_text;
use crate::model::Site;

/// Items in a feed.
pub const FEED_ITEMS: usize = 20;
/// URLs in one sitemap file (the protocol's limit).
pub const SITEMAP_URLS: usize = 50_000;

type Xml = Writer<Cursor<Vec<u8>>>;

fn writer() -> Xml {
    let mut w = Writer::new_with_indent(Cursor::new(Vec::new()), b' ', 1);
    // Writing into memory cannot fail.
    let _ = w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)));
    w
}

fn finish(w: Xml) -> Vec<u8> {
    let mut bytes = w.into_inner().into_inner();
    bytes.push(b'\n');
    bytes
}

fn text(w: &mut Xml, name: &str, value: &str) {
    let _ = w
        .create_element(name)
        .write_text_content(BytesText::new(value));
}

/// RFC 822 date with the site's offset: `Fri, 16 Aug 2024 10:03:00 +0700`.
pub fn rfc822(z: &Zoned) -> String {
    z.strftime("%a, %d %b %Y %H:%M:%S %z").to_string()
}

/// RFC 3339 (W3C datetime) as sitemaps want it.
pub fn w3c(z: &Zoned) -> String {
    z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// A feed, with everything it shows (and nothing else: it is also the
/// feed's fingerprint in `kheo serve`).
#[derive(Debug, Hash)]
pub struct Feed {
    pub title: String,
    pub description: String,
    /// Language code: `vi`.
    pub language: String,
    /// Absolute URL of the page the feed belongs to.
    pub link: String,
    /// Absolute URL of the feed itself.
    pub self_link: String,
    /// When its newest item last changed.
    pub last_build: Option<Zoned>,
    /// Newest first.
    pub items: Vec<FeedItem>,
}

/// An article as a feed shows it.
#[derive(Debug, Hash)]
pub struct FeedItem {
    pub title: String,
    /// Absolute URL of the article.
    pub link: String,
    pub date: Zoned,
    pub author: Option<String>,
    pub tags: Vec<String>,
    pub summary: String,
    /// Its cover's `src` as an absolute URL.
    pub cover: Option<String>,
}

/// The RSS 2.0 document of a feed.
pub fn rss(feed: &Feed) -> Vec<u8> {
    let mut w = writer();
    let _ = w
        .create_element("rss")
        .with_attributes([
            ("version", "2.0"),
            ("xmlns:atom", "http://www.w3.org/2005/Atom"),
            ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
        ])
        .write_inner_content(|w| {
            w.create_element("channel").write_inner_content(|w| {
                text(w, "title", &feed.title);
                text(w, "link", &feed.link);
                text(w, "description", &feed.description);
                text(w, "language", &feed.language);
                text(w, "generator", "kheo");
                if let Some(last) = &feed.last_build {
                    text(w, "lastBuildDate", &rfc822(last));
                }
                w.create_element("atom:link")
                    .with_attributes([
                        ("href", feed.self_link.as_str()),
                        ("rel", "self"),
                        ("type", "application/rss+xml"),
                    ])
                    .write_empty()?;
                for it in &feed.items {
                    item(w, it)?;
                }
                Ok(())
            })?;
            Ok(())
        });
    finish(w)
}

fn item(w: &mut Xml, it: &FeedItem) -> std::io::Result<()> {
    // The description is HTML, escaped once more by the XML writer.
    let mut html = format!("<p>{}</p>", escape_text(&it.summary));
    if let Some(src) = &it.cover {
        html.push_str(&format!(
            "<p><img src=\"{}\" alt=\"\"></p>",
            escape_text(src).replace('"', "&quot;")
        ));
    }
    w.create_element("item").write_inner_content(|w| {
        text(w, "title", &it.title);
        text(w, "link", &it.link);
        w.create_element("guid")
            .with_attribute(("isPermaLink", "true"))
            .write_text_content(BytesText::new(&it.link))?;
        text(w, "pubDate", &rfc822(&it.date));
        if let Some(author) = &it.author {
            text(w, "dc:creator", author);
        }
        for t in &it.tags {
            text(w, "category", t);
        }
        text(w, "description", &html);
        Ok(())
    })?;
    Ok(())
}

/// One page of the sitemap.
#[derive(Debug, Hash)]
pub struct SitemapUrl {
    pub path: String,
    pub lastmod: Option<Zoned>,
    /// (language code, output path) of each translation, itself included;
    /// empty when the page has none.
    pub alternates: Vec<(String, String)>,
}

/// The names of the files [`sitemaps`] writes for `urls` URLs, in its order:
/// `sitemap.xml`, then past 50,000 URLs one numbered part per 50,000.
pub fn sitemap_files(urls: usize) -> Vec<String> {
    let mut files = vec!["sitemap.xml".to_owned()];
    if urls > SITEMAP_URLS {
        files.extend((1..=urls.div_ceil(SITEMAP_URLS)).map(|i| format!("sitemap-{i}.xml")));
    }
    files
}

/// `sitemap.xml`, or a sitemap index and numbered parts past 50,000 URLs.
pub fn sitemaps(site: &Site, urls: &[SitemapUrl]) -> Vec<(String, Vec<u8>)> {
    if urls.len() <= SITEMAP_URLS {
        return vec![("sitemap.xml".to_owned(), urlset(site, urls))];
    }
    let mut files: Vec<(String, Vec<u8>)> = sitemap_files(urls.len())
        .into_iter()
        .skip(1)
        .zip(urls.chunks(SITEMAP_URLS))
        .map(|(name, chunk)| (name, urlset(site, chunk)))
        .collect();
    let mut w = writer();
    let _ = w
        .create_element("sitemapindex")
        .with_attribute(("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9"))
        .write_inner_content(|w| {
            for (name, _) in &files {
                w.create_element("sitemap").write_inner_content(|w| {
                    text(w, "loc", &site.permalink(name));
                    Ok(())
                })?;
            }
            Ok(())
        });
    files.insert(0, ("sitemap.xml".to_owned(), finish(w)));
    files
}

fn urlset(site: &Site, urls: &[SitemapUrl]) -> Vec<u8> {
    let mut w = writer();
    let default = site.config.default_lang().to_owned();
    let _ = w
        .create_element("urlset")
        .with_attributes([
            ("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9"),
            ("xmlns:xhtml", "http://www.w3.org/1999/xhtml"),
        ])
        .write_inner_content(|w| {
            for u in urls {
                w.create_element("url").write_inner_content(|w| {
                    text(w, "loc", &site.permalink(&u.path));
                    if let Some(m) = &u.lastmod {
                        text(w, "lastmod", &w3c(m));
                    }
                    for (lang, path) in &u.alternates {
                        let href = site.permalink(path);
                        w.create_element("xhtml:link")
                            .with_attributes([
                                ("rel", "alternate"),
                                ("hreflang", lang.as_str()),
                                ("href", href.as_str()),
                            ])
                            .write_empty()?;
                    }
                    if let Some((_, path)) = u.alternates.iter().find(|(l, _)| *l == default) {
                        let href = site.permalink(path);
                        w.create_element("xhtml:link")
                            .with_attributes([
                                ("rel", "alternate"),
                                ("hreflang", "x-default"),
                                ("href", href.as_str()),
                            ])
                            .write_empty()?;
                    }
                    Ok(())
                })?;
            }
            Ok(())
        });
    finish(w)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sitemap_files_one_until_full_then_an_index_and_parts() {
        assert_eq!(sitemap_files(0), ["sitemap.xml"]);
        assert_eq!(sitemap_files(SITEMAP_URLS), ["sitemap.xml"]);
        assert_eq!(
            sitemap_files(SITEMAP_URLS + 1),
            ["sitemap.xml", "sitemap-1.xml", "sitemap-2.xml"]
        );
        assert_eq!(sitemap_files(3 * SITEMAP_URLS).len(), 4);
    }
}
