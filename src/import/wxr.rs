//! A WordPress export (WXR 1.1/1.2: RSS 2.0 with the `wp:`, `content:`,
//! `excerpt:` and `dc:` namespaces): its posts and pages with their dates,
//! authors (the login in `dc:creator` shown by its display name), categories
//! and tags, excerpts, featured pictures (`_thumbnail_id`), and the uploaded
//! pictures (`attachment` items) that `[gallery]` and covers name.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use super::dates;
use super::entry::{Entry, Source};
use super::html_to_md::plain_text;
use super::urls::Url;
use super::wordpress::{self, Attachment};
use super::xml::{CONTENT, DC, Element, WP_PREFIX};

const EXCERPT_SUFFIX: &str = "excerpt/";

/// Reads the posts and pages of an export (its root element `rss`).
pub(crate) fn read(file: &str, root: &Element) -> Source {
    let mut source = Source {
        kind: crate::msg!("import.kind.wxr"),
        ..Source::default()
    };
    let Some(channel) = root.child("", "channel") else {
        return source;
    };
    source.add_host(Url::absolute(&channel.child_text("", "link")).and_then(|u| u.host));
    for name in ["base_site_url", "base_blog_url"] {
        source.add_host(Url::absolute(&channel.child_text(WP_PREFIX, name)).and_then(|u| u.host));
    }
    let authors: HashMap<String, String> = channel
        .all(WP_PREFIX, "author")
        .map(|a| {
            let login = a.child_text(WP_PREFIX, "author_login");
            let shown = plain_text(&a.child_text(WP_PREFIX, "author_display_name"));
            let shown = if shown.is_empty() {
                login.clone()
            } else {
                shown
            };
            (login, shown)
        })
        .collect();

    let items: Vec<&Element> = channel.all("", "item").collect();
    let mut attachments: HashMap<String, Attachment> = HashMap::new();
    for item in &items {
        if item.child_text(WP_PREFIX, "post_type") == "attachment" {
            let id = item.child_text(WP_PREFIX, "post_id");
            let url = item.child_text(WP_PREFIX, "attachment_url");
            let alt = meta(item, "_wp_attachment_image_alt").unwrap_or_default();
            attachments.insert(
                id,
                Attachment {
                    url,
                    caption: plain_text(&excerpt(item)),
                    alt: plain_text(&alt),
                },
            );
        }
    }

    // What is not imported, counted by (order, what): other item types
    // first, then pages and posts in the trash, as the notes list them.
    let mut ignored: BTreeMap<(u8, String), usize> = BTreeMap::new();
    for item in items {
        let kind = item.child_text(WP_PREFIX, "post_type");
        let status = item.child_text(WP_PREFIX, "status");
        match (kind.as_str(), status.as_str()) {
            ("attachment", _) => continue,
            ("post" | "page", "trash" | "auto-draft" | "inherit") => {
                let order = if kind == "page" { 1 } else { 2 };
                *ignored.entry((order, kind.clone())).or_default() += 1;
                continue;
            }
            ("post" | "page", _) => {}
            (other, _) => {
                let other = if other.is_empty() { "unknown" } else { other };
                *ignored.entry((0, other.to_owned())).or_default() += 1;
                continue;
            }
        }
        source.entries.push(entry(
            file,
            item,
            &kind,
            &status,
            &authors,
            &attachments,
            &source.hosts,
        ));
    }
    source.ignored = ignored
        .into_iter()
        .map(|((order, what), n)| match order {
            0 => crate::plural!("import.ignored-type", n, kind = what),
            1 => crate::plural!("import.ignored-trash-page", n),
            _ => crate::plural!("import.ignored-trash-post", n),
        })
        .collect();
    source
}

fn entry(
    file: &str,
    item: &Element,
    kind: &str,
    status: &str,
    authors: &HashMap<String, String>,
    attachments: &HashMap<String, Attachment>,
    hosts: &[String],
) -> Entry {
    let mut e = Entry {
        file: file.to_owned(),
        line: item.line,
        column: item.column,
        title: plain_text(&item.child_text("", "title")),
        standalone: kind == "page",
        // Published, or scheduled (a future date is built from that day on).
        draft: !matches!(status, "publish" | "future"),
        ..Entry::default()
    };

    // The moment in UTC when WordPress knew it, else its local time, else the feed date.
    let gmt = item.child_text(WP_PREFIX, "post_date_gmt");
    let local = item.child_text(WP_PREFIX, "post_date");
    let pub_date = item.child_text("", "pubDate");
    e.date = dates::read(&gmt)
        .filter(|_| !gmt.is_empty())
        .map(|mut d| {
            d.offset = Some(jiff::tz::Offset::UTC);
            d
        })
        .or_else(|| dates::read(&local))
        .or_else(|| dates::read(&pub_date));
    if e.date.is_none() {
        e.date_text = Some(if local.is_empty() { pub_date } else { local });
    }

    let login = item.child_text(DC, "creator");
    e.author = authors
        .get(&login)
        .cloned()
        .or_else(|| (!login.is_empty()).then_some(login))
        .filter(|a| !a.is_empty());

    let link = Url::absolute(&item.child_text("", "link"));
    let guid = Url::absolute(&item.child_text("", "guid"));
    e.keep_addresses(link, guid, hosts);

    let name = crate::url::decode_percent(&item.child_text(WP_PREFIX, "post_name"));
    e.slug = Some(name).filter(|n| !n.trim().is_empty());

    let mut removed = BTreeSet::new();
    e.html = wordpress::content(
        &item.child_text(CONTENT, "encoded"),
        attachments,
        &mut removed,
    );
    if !removed.is_empty() {
        let names: Vec<String> = removed.into_iter().map(|n| format!("[{n}]")).collect();
        e.warnings
            .push(crate::msg!("import.shortcodes", names = names.join(", ")));
    }
    let summary = plain_text(&excerpt(item));
    e.summary = Some(summary).filter(|s| !s.is_empty());

    let mut tags: Vec<String> = Vec::new();
    for c in item.all("", "category") {
        let domain = c.attr("domain").unwrap_or("category");
        if !matches!(domain, "category" | "post_tag") {
            continue;
        }
        // The category every post gets when none is chosen says nothing.
        if c.attr("nicename") == Some("uncategorized") {
            continue;
        }
        let name = plain_text(&c.text());
        if !name.is_empty() && !tags.iter().any(|t| t.to_lowercase() == name.to_lowercase()) {
            tags.push(name);
        }
    }
    e.tags = tags;

    if let Some(id) = meta(item, "_thumbnail_id") {
        match attachments.get(id.trim()) {
            Some(a) => {
                e.cover = Some(a.url.clone());
                e.cover_caption = Some(a.caption.clone()).filter(|c| !c.is_empty());
            }
            None => e
                .warnings
                .push(crate::msg!("import.featured-missing", id = id.trim())),
        }
    }
    e
}

/// The excerpt (`excerpt:encoded`), whose namespace is `.../export/1.2/excerpt/`.
fn excerpt(item: &Element) -> String {
    item.elements()
        .find(|e| {
            e.name == "encoded" && e.ns.starts_with(WP_PREFIX) && e.ns.ends_with(EXCERPT_SUFFIX)
        })
        .map(|e| e.text().trim().to_owned())
        .unwrap_or_default()
}

/// A `wp:postmeta` value by key.
fn meta(item: &Element, key: &str) -> Option<String> {
    item.all(WP_PREFIX, "postmeta")
        .find(|m| m.child_text(WP_PREFIX, "meta_key") == key)
        .map(|m| m.child_text(WP_PREFIX, "meta_value"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const EXPORT: &str = r#"<?xml version="1.0" encoding="UTF-8" ?>
<rss version="2.0" xmlns:excerpt="http://wordpress.org/export/1.2/excerpt/" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:wp="http://wordpress.org/export/1.2/">
<channel>
  <title>Xã Tân Khê</title>
  <link>http://tankhe.example.vn</link>
  <wp:wxr_version>1.2</wp:wxr_version>
  <wp:base_site_url>http://www.tankhe.example.vn</wp:base_site_url>
  <wp:author><wp:author_login><![CDATA[bientap]]></wp:author_login><wp:author_display_name><![CDATA[Ban biên tập]]></wp:author_display_name></wp:author>
  <item>
    <title>Ảnh hội nghị</title>
    <wp:post_id>12</wp:post_id>
    <wp:post_type><![CDATA[attachment]]></wp:post_type>
    <wp:attachment_url><![CDATA[http://tankhe.example.vn/wp-content/uploads/2017/07/hoi-nghi.jpg]]></wp:attachment_url>
    <excerpt:encoded><![CDATA[Quang cảnh hội nghị]]></excerpt:encoded>
  </item>
  <item>
    <title>Hội nghị &#8220;Dân vận khéo&#8221;</title>
    <link>http://tankhe.example.vn/2017/07/19/hoi-nghi/</link>
    <guid isPermaLink="false">http://tankhe.example.vn/?p=34</guid>
    <dc:creator><![CDATA[bientap]]></dc:creator>
    <content:encoded><![CDATA[Đoạn một.

[gallery ids="12"]]]></content:encoded>
    <excerpt:encoded><![CDATA[Tóm tắt <b>ngắn</b>.]]></excerpt:encoded>
    <wp:post_id>34</wp:post_id>
    <wp:post_date><![CDATA[2017-07-19 08:56:37]]></wp:post_date>
    <wp:post_date_gmt><![CDATA[2017-07-19 01:56:37]]></wp:post_date_gmt>
    <wp:post_name><![CDATA[hoi-nghi-d%e1%ba%a7u-n%c4%83m]]></wp:post_name>
    <wp:status><![CDATA[publish]]></wp:status>
    <wp:post_type><![CDATA[post]]></wp:post_type>
    <category domain="category" nicename="uncategorized"><![CDATA[Uncategorized]]></category>
    <category domain="category" nicename="tin-tuc"><![CDATA[Tin tức]]></category>
    <category domain="post_tag" nicename="dan-van-kheo"><![CDATA[Dân vận khéo]]></category>
    <wp:postmeta><wp:meta_key><![CDATA[_thumbnail_id]]></wp:meta_key><wp:meta_value><![CDATA[12]]></wp:meta_value></wp:postmeta>
  </item>
  <item>
    <title>Giới thiệu</title>
    <link>http://tankhe.example.vn/gioi-thieu/</link>
    <wp:post_date><![CDATA[2015-01-02 09:00:00]]></wp:post_date>
    <wp:post_date_gmt><![CDATA[0000-00-00 00:00:00]]></wp:post_date_gmt>
    <wp:status><![CDATA[draft]]></wp:status>
    <wp:post_type><![CDATA[page]]></wp:post_type>
    <content:encoded><![CDATA[Trang giới thiệu.]]></content:encoded>
  </item>
  <item><title>Menu</title><wp:post_type>nav_menu_item</wp:post_type></item>
  <item><title>Bỏ</title><wp:post_type>post</wp:post_type><wp:status>trash</wp:status></item>
</channel>
</rss>"#;

    #[test]
    fn what_is_left_out_is_told_in_vietnamese() {
        use crate::messages::{Lang, scoped};
        let root = super::super::xml::parse(EXPORT).unwrap();
        let source = scoped(Lang::Vi, || read("export.xml", &root));
        assert_eq!(source.kind, "một tệp xuất của WordPress");
        assert_eq!(
            source.ignored,
            [
                "không nhập 1 mục loại `nav_menu_item`",
                "không nhập 1 bài nằm trong thùng rác hoặc chỉ là bản tự lưu"
            ]
        );
    }

    #[test]
    fn posts_pages_and_what_they_refer_to() {
        let root = super::super::xml::parse(EXPORT).unwrap();
        let source = read("export.xml", &root);
        assert_eq!(source.hosts, ["tankhe.example.vn"]);
        assert_eq!(
            source.ignored,
            [
                "1 item of type `nav_menu_item` not imported",
                "1 post in the trash or saved automatically not imported"
            ]
        );
        assert_eq!(source.entries.len(), 2);
        let post = &source.entries[0];
        assert_eq!(post.title, "Hội nghị “Dân vận khéo”");
        assert_eq!((post.line, post.column), (16, 3));
        let tz = jiff::tz::TimeZone::get("Asia/Ho_Chi_Minh").unwrap();
        assert_eq!(
            dates::front_matter(post.date.as_ref().unwrap(), &tz),
            "2017-07-19 08:56:37"
        );
        assert_eq!(post.author.as_deref(), Some("Ban biên tập"));
        assert_eq!(post.tags, ["Tin tức", "Dân vận khéo"]);
        assert_eq!(post.summary.as_deref(), Some("Tóm tắt ngắn."));
        assert_eq!(post.slug.as_deref(), Some("hoi-nghi-dầu-năm"));
        let aliases: Vec<String> = post.old_urls.iter().map(Url::alias).collect();
        assert_eq!(aliases, ["/2017/07/19/hoi-nghi/", "/?p=34"]);
        assert_eq!(
            post.cover.as_deref(),
            Some("http://tankhe.example.vn/wp-content/uploads/2017/07/hoi-nghi.jpg")
        );
        assert_eq!(post.cover_caption.as_deref(), Some("Quang cảnh hội nghị"));
        assert!(post.html.starts_with("<p>Đoạn một.</p>\n<figure><img src=\"http://tankhe.example.vn/wp-content/uploads/2017/07/hoi-nghi.jpg\""), "{}", post.html);
        assert!(!post.draft && !post.standalone);
        let page = &source.entries[1];
        assert!(page.draft && page.standalone);
        assert_eq!(
            dates::front_matter(page.date.as_ref().unwrap(), &tz),
            "2015-01-02 09:00"
        );
    }
}
