//! RSS 2.0 feeds and the sitemap, written with quick-xml so every text and
//! attribute is escaped. Dates come from the articles, never from the clock,
//! so two builds give the same bytes.

use std::io::Cursor;
use std::ops::Range;

use jiff::Zoned;
use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use crate::markdown::escape_text;
use crate::model::Site;

/// Items in a feed.
pub(crate) const FEED_ITEMS: usize = 20;
/// URLs in one sitemap file (the protocol's limit).
pub(crate) const SITEMAP_URLS: usize = 50_000;

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
pub(crate) fn rfc822(z: &Zoned) -> String {
    z.strftime("%a, %d %b %Y %H:%M:%S %z").to_string()
}

/// RFC 3339 (W3C datetime) as sitemaps want it.
pub(crate) fn w3c(z: &Zoned) -> String {
    z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string()
}

/// A feed, with everything it shows (and nothing else: it is also the
/// feed's fingerprint in `kheo serve`).
#[derive(Debug, Hash)]
pub(crate) struct Feed {
    pub(crate) title: String,
    pub(crate) description: String,
    /// Language code: `vi`.
    pub(crate) language: String,
    /// Absolute URL of the page the feed belongs to.
    pub(crate) link: String,
    /// Absolute URL of the feed itself.
    pub(crate) self_link: String,
    /// When its newest item last changed.
    pub(crate) last_build: Option<Zoned>,
    /// Newest first.
    pub(crate) items: Vec<FeedItem>,
}

/// An article as a feed shows it.
#[derive(Debug, Hash)]
pub(crate) struct FeedItem {
    pub(crate) title: String,
    /// Absolute URL of the article.
    pub(crate) link: String,
    pub(crate) date: Zoned,
    pub(crate) author: Option<String>,
    pub(crate) tags: Vec<String>,
    pub(crate) summary: String,
    /// Its cover's `src` as an absolute URL.
    pub(crate) cover: Option<String>,
}

/// The RSS 2.0 document of a feed.
pub(crate) fn rss(feed: &Feed) -> Vec<u8> {
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
pub(crate) struct SitemapUrl {
    pub(crate) path: String,
    pub(crate) lastmod: Option<Zoned>,
    /// (language code, output path) of each translation, itself included;
    /// empty when the page has none.
    pub(crate) alternates: Vec<(String, String)>,
}

/// Bytes of one sitemap file (the protocol's limit: 50 MB uncompressed).
pub(crate) const SITEMAP_BYTES: usize = 50 * 1024 * 1024;

/// How the sitemap's URLs are split into files: `None` when they all fit in
/// one `sitemap.xml`, else the URLs of each numbered part, in order. A part
/// holds at most `max_urls` URLs and at most `max_bytes` bytes, counted with
/// [`url_bound`], which no `<url>` entry exceeds; parts fill greedily, so
/// the split depends only on the URLs.
pub(crate) fn sitemap_parts(
    site: &Site,
    urls: &[SitemapUrl],
    max_urls: usize,
    max_bytes: usize,
) -> Option<Vec<Range<usize>>> {
    let base = &site.config.base.absolute;
    let bounds: Vec<usize> = urls.iter().map(|u| url_bound(base, u)).collect();
    split(&bounds, max_urls, max_bytes)
}

/// Bytes of a file's declaration, root element and closing tag, at most.
const FILE_OVERHEAD: usize = 512;

/// Splits entries of the given sizes into consecutive parts of at most
/// `max_urls` entries and `max_bytes` bytes (each part also carries
/// [`FILE_OVERHEAD`]); `None` when all fit in one.
fn split(bounds: &[usize], max_urls: usize, max_bytes: usize) -> Option<Vec<Range<usize>>> {
    let max_urls = max_urls.max(1);
    let total: usize = bounds.iter().sum();
    if bounds.len() <= max_urls && FILE_OVERHEAD + total <= max_bytes {
        return None;
    }
    let mut parts = Vec::new();
    let (mut start, mut bytes) = (0, FILE_OVERHEAD);
    for (i, b) in bounds.iter().enumerate() {
        // A part takes at least one URL, whatever its size.
        if i > start && (i - start == max_urls || bytes + b > max_bytes) {
            parts.push(start..i);
            (start, bytes) = (i, FILE_OVERHEAD);
        }
        bytes += b;
    }
    parts.push(start..bounds.len());
    Some(parts)
}

/// Bytes of `s` once escaped for XML, at most.
fn escaped_bound(s: &str) -> usize {
    s.len() + 5 * s.bytes().filter(|b| b"&<>\"'".contains(b)).count()
}

/// Bytes of a path once percent-encoded as permalinks encode it (the
/// encoded form needs no XML escape).
fn encoded_len(path: &str) -> usize {
    let kept = |b: &u8| b.is_ascii_alphanumeric() || b"-._~/".contains(b);
    path.len() + 2 * path.bytes().filter(|b| !kept(b)).count()
}

/// The most bytes the `<url>` entry of `u` takes in a sitemap whose
/// `base_url` is `base`.
fn url_bound(base: &str, u: &SitemapUrl) -> usize {
    // Markup around each element, with its indentation, is under 64 bytes;
    // a date takes under 64 more.
    const TAG: usize = 64;
    let base = escaped_bound(base);
    let link = |path: &str| base + encoded_len(path);
    let mut bytes = 2 * TAG + link(&u.path) + if u.lastmod.is_some() { 2 * TAG } else { 0 };
    for (lang, path) in &u.alternates {
        bytes += TAG + escaped_bound(lang) + link(path);
    }
    // The x-default link repeats one of them.
    bytes += u
        .alternates
        .iter()
        .map(|(_, path)| TAG + link(path))
        .max()
        .unwrap_or(0);
    bytes
}

/// The names of the files [`sitemaps`] writes, in its order: `sitemap.xml`,
/// then, when the URLs are split, `sitemap-1.xml`, `sitemap-2.xml` ...
pub(crate) fn sitemap_files(parts: Option<&[Range<usize>]>) -> Vec<String> {
    let mut files = vec!["sitemap.xml".to_owned()];
    if let Some(parts) = parts {
        files.extend((1..=parts.len()).map(|i| format!("sitemap-{i}.xml")));
    }
    files
}

/// `sitemap.xml` holding every URL, or, with `parts`, the numbered parts
/// and a sitemap index (`sitemap.xml`) listing them, each file given to
/// `each` as soon as it is made (a site of 100,000 articles has 300 MB of
/// sitemap parts, which need not be held at once).
pub(crate) fn sitemaps(
    site: &Site,
    urls: &[SitemapUrl],
    parts: Option<&[Range<usize>]>,
    each: &mut dyn FnMut(&str, Vec<u8>),
) {
    let Some(parts) = parts else {
        each("sitemap.xml", urlset(site, urls));
        return;
    };
    let names: Vec<String> = sitemap_files(Some(parts)).into_iter().skip(1).collect();
    for (name, range) in names.iter().zip(parts) {
        each(name, urlset(site, &urls[range.clone()]));
    }
    let mut w = writer();
    let _ = w
        .create_element("sitemapindex")
        .with_attribute(("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9"))
        .write_inner_content(|w| {
            for name in &names {
                w.create_element("sitemap").write_inner_content(|w| {
                    text(w, "loc", &site.permalink(name));
                    Ok(())
                })?;
            }
            Ok(())
        });
    each("sitemap.xml", finish(w));
}

fn urlset(site: &Site, urls: &[SitemapUrl]) -> Vec<u8> {
    urlset_of(
        &|path| site.permalink(path),
        site.config.default_lang(),
        urls,
    )
}

/// A `<urlset>` of `urls`, with `permalink` making each path absolute and
/// `default` the language of `x-default`.
fn urlset_of(permalink: &dyn Fn(&str) -> String, default: &str, urls: &[SitemapUrl]) -> Vec<u8> {
    let mut w = writer();
    let _ = w
        .create_element("urlset")
        .with_attributes([
            ("xmlns", "http://www.sitemaps.org/schemas/sitemap/0.9"),
            ("xmlns:xhtml", "http://www.w3.org/1999/xhtml"),
        ])
        .write_inner_content(|w| {
            for u in urls {
                w.create_element("url").write_inner_content(|w| {
                    text(w, "loc", &permalink(&u.path));
                    if let Some(m) = &u.lastmod {
                        text(w, "lastmod", &w3c(m));
                    }
                    for (lang, path) in &u.alternates {
                        let href = permalink(path);
                        w.create_element("xhtml:link")
                            .with_attributes([
                                ("rel", "alternate"),
                                ("hreflang", lang.as_str()),
                                ("href", href.as_str()),
                            ])
                            .write_empty()?;
                    }
                    if let Some((_, path)) = u.alternates.iter().find(|(l, _)| *l == default) {
                        let href = permalink(path);
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
    fn one_file_until_a_limit_is_passed_then_numbered_parts() {
        // Under both limits: one file.
        assert_eq!(split(&[10, 10, 10], 3, 1000), None);
        assert_eq!(split(&[], 3, 1000), None);
        // One URL too many: parts of at most 3, in order, none empty.
        assert_eq!(split(&[10; 4], 3, 1000), Some(vec![0..3, 3..4]));
        assert_eq!(split(&[10; 7], 3, 1000), Some(vec![0..3, 3..6, 6..7]));
        // Too many bytes: a part closes before the entry that would pass.
        let big = FILE_OVERHEAD + 100;
        assert_eq!(split(&[40, 40, 40], 10, big), Some(vec![0..2, 2..3]));
        // An entry larger than a file still gets a part of its own.
        assert_eq!(
            split(&[10, 5000, 10], 10, big),
            Some(vec![0..1, 1..2, 2..3])
        );
        assert_eq!(sitemap_files(None), ["sitemap.xml"]);
        assert_eq!(
            sitemap_files(Some(&[0..3, 3..4])),
            ["sitemap.xml", "sitemap-1.xml", "sitemap-2.xml"]
        );
    }

    #[test]
    fn the_bound_of_an_entry_is_never_less_than_its_bytes() {
        let date: Zoned = "2024-08-16T10:03:00+07:00[Asia/Ho_Chi_Minh]"
            .parse()
            .unwrap();
        let base = "https://a.example.vn/d&n-v\"n/";
        let permalink = |p: &str| format!("{base}{}", crate::url::encode_path(p));
        let urls = [
            SitemapUrl {
                path: String::new(),
                lastmod: None,
                alternates: Vec::new(),
            },
            SitemapUrl {
                path: "tin-tức/bài <1>/".to_owned(),
                lastmod: Some(date.clone()),
                alternates: vec![
                    ("vi".to_owned(), "tin-tức/bài <1>/".to_owned()),
                    ("en".to_owned(), "en/news/a&b/".to_owned()),
                ],
            },
        ];
        for u in &urls {
            // The entry as written, with its base URL: the file less an
            // empty file's bytes.
            let entry = urlset_of(&permalink, "vi", std::slice::from_ref(u)).len()
                - urlset_of(&permalink, "vi", &[]).len();
            assert!(
                entry <= url_bound(base, u),
                "{entry} > {}",
                url_bound(base, u)
            );
        }
        assert!(urlset_of(&permalink, "vi", &[]).len() <= FILE_OVERHEAD);
    }
}
