//! A copy of an old portal saved by `wget --mirror --adjust-extension`, read
//! through a selector file ([`Recipe`]): every saved page the file names as
//! an article gives its title, date, body (without the parts the file drops,
//! nor the title and date lines when they sit inside it), author, picture,
//! summary and tags, and its old address — from its saved name
//! (`Default.aspx?tabid=85&ID=1234.html` was `/Default.aspx?tabid=85&ID=1234`)
//! and its `<link rel="canonical">`.

use std::collections::HashSet;
use std::path::Path;

use ego_tree::{NodeId, NodeRef};
use scraper::{ElementRef, Html, Node, Selector};
use walkdir::WalkDir;

use super::dates;
use super::entry::{Entry, Source};
use super::html_to_md::collapse;
use super::recipe::{Recipe, glob_matches};
use super::urls::{Url, saved_page_url};
use crate::text::nfc;

/// Reads the articles of a saved folder. `shown` is how messages name the
/// folder (as the command line gave it).
pub(crate) fn read(folder: &Path, shown: &str, recipe: &Recipe) -> Result<Source, std::io::Error> {
    let mut source = Source {
        kind: crate::msg!("import.kind.saved"),
        ..Source::default()
    };
    let site = recipe.site_url.clone().unwrap_or_else(|| Url {
        // wget names the folder after the host: haiduong.dcs.vn/.
        host: folder
            .canonicalize()
            .ok()
            .and_then(|f| f.file_name().map(|n| n.to_string_lossy().into_owned()))
            .filter(|n| n.contains('.') && !n.contains(' ') && !n.ends_with(".html"))
            .map(|n| super::urls::normalize_host(&n)),
        path: "/".to_owned(),
        ..Url::default()
    });
    source.add_host(site.host.clone());
    let prefix = site.path.trim_end_matches('/').to_owned();
    let mut not_articles = 0;
    for entry in WalkDir::new(folder).sort_by_file_name() {
        let entry = entry.map_err(std::io::Error::other)?;
        if !entry.file_type().is_file() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(folder) else {
            continue;
        };
        let rel = nfc(rel.to_string_lossy().replace('\\', "/"));
        if !recipe.files.iter().any(|g| glob_matches(g, &rel)) {
            continue;
        }
        let shown_file = format!("{}/{rel}", shown.trim_end_matches('/'));
        let mut address = saved_page_url(&rel);
        address.path = format!("{prefix}{}", address.path);
        address.host = site.host.clone();
        address.https = site.https;
        let html = match std::fs::read(entry.path()) {
            Ok(bytes) => decode(&bytes),
            Err(e) => Err(crate::msg!("import.page-unreadable", error = e)),
        };
        let html = match html {
            Ok(h) => h,
            Err(why) => {
                source.entries.push(Entry {
                    file: shown_file,
                    line: 1,
                    column: 1,
                    failure: Some(why),
                    base: address.clone(),
                    old_urls: vec![address],
                    ..Entry::default()
                });
                continue;
            }
        };
        if let Some(why) = super::html_to_md::refused(&html) {
            source.entries.push(Entry {
                file: shown_file,
                line: 1,
                column: 1,
                failure: Some(why.replacen("its HTML", "this page", 1)),
                base: address.clone(),
                old_urls: vec![address],
                ..Entry::default()
            });
            continue;
        }
        let doc = Html::parse_document(&html);
        let root = doc.root_element();
        if !recipe.has.iter().any(|s| root.select(s).next().is_some()) {
            not_articles += 1;
            continue;
        }
        source
            .entries
            .push(article(&doc, recipe, shown_file, address, &site, &rel));
    }
    match not_articles {
        0 => {}
        n => source
            .ignored
            .push(crate::plural!("import.not-articles", n)),
    }
    Ok(source)
}

/// A saved page's text: UTF-8, or the character set its `<meta>` declares
/// (old Vietnamese portals used windows-1258).
fn decode(bytes: &[u8]) -> Result<String, String> {
    let head = String::from_utf8_lossy(&bytes[..bytes.len().min(4096)]).to_ascii_lowercase();
    let declared = head.find("charset=").map(|i| {
        head[i + "charset=".len()..]
            .trim_start_matches(['"', '\''])
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_'))
            .collect::<String>()
    });
    let utf8 = bytes.strip_prefix(b"\xef\xbb\xbf").unwrap_or(bytes);
    match declared.as_deref() {
        None | Some("utf-8" | "utf8" | "") => match std::str::from_utf8(utf8) {
            Ok(t) => Ok(t.to_owned()),
            Err(e) => {
                let (line, column) = super::xml::position(
                    &String::from_utf8_lossy(&utf8[..e.valid_up_to()]),
                    e.valid_up_to(),
                );
                Err(crate::msg!(
                    "import.page-not-utf8",
                    line = line,
                    column = column
                ))
            }
        },
        Some(label) => match encoding_rs::Encoding::for_label(label.as_bytes()) {
            Some(encoding) => Ok(encoding.decode(bytes).0.into_owned()),
            None => Err(crate::msg!("import.unknown-charset", label = label)),
        },
    }
}

/// The first element one of the selectors finds, trying them in order.
fn first<'a>(root: ElementRef<'a>, selectors: &[Selector]) -> Option<ElementRef<'a>> {
    selectors.iter().find_map(|s| root.select(s).next())
}

/// An element's text: the value of a `<meta>`, `<time datetime>`, else what it shows.
fn value(el: ElementRef) -> String {
    let e = el.value();
    match e.name() {
        "meta" => e.attr("content").unwrap_or_default().to_owned(),
        _ => e
            .attr("datetime")
            .map(str::to_owned)
            .unwrap_or_else(|| collapse(&el.text().collect::<String>())),
    }
}

/// `Tác giả bài viết: Lâm Trần` -> `Lâm Trần`.
fn without_label(text: &str) -> String {
    if let Some((label, rest)) = text.split_once(':')
        && label.split_whitespace().count() <= 4
        && !label.chars().any(|c| c.is_ascii_digit())
        && !rest.trim().is_empty()
    {
        return rest.trim().to_owned();
    }
    text.trim().to_owned()
}

fn article(
    doc: &Html,
    recipe: &Recipe,
    file: String,
    address: Url,
    site: &Url,
    rel: &str,
) -> Entry {
    let root = doc.root_element();
    let mut e = Entry {
        file,
        line: 1,
        column: 1,
        base: address.clone(),
        old_urls: vec![address.clone()],
        ..Entry::default()
    };
    // The same page under its own name (`<link rel="canonical">`, `og:url`).
    let canonical = ["link[rel=canonical]", "meta[property=\"og:url\"]"]
        .iter()
        .filter_map(|s| Selector::parse(s).ok())
        .find_map(|s| {
            root.select(&s)
                .next()
                .and_then(|el| el.value().attr("href").or(el.value().attr("content")))
                .map(str::to_owned)
        });
    if let Some(url) = canonical.and_then(|c| match address.join(&c) {
        Some(super::urls::Target::Web(u)) => Some(u),
        _ => None,
    }) && url.is_on(&site.host.iter().cloned().collect::<Vec<_>>())
        && url.alias() != address.alias()
    {
        e.old_urls.push(url);
    }
    // Links between saved pages (`wget --convert-links`) use the saved name.
    e.link_keys
        .push(format!("{}/{rel}", site.path.trim_end_matches('/')));

    let mut skip: HashSet<NodeId> = HashSet::new();
    let title = first(root, &recipe.title);
    e.title = title.map(value).unwrap_or_default();
    if e.title.is_empty() {
        e.failure = Some(crate::msg!("import.page-no-title"));
    }
    let date = first(root, &recipe.date);
    match date {
        Some(el) => {
            let text = value(el);
            e.date = dates::read(&text);
            if e.date.is_none() {
                e.date_text = Some(text);
            }
        }
        None => {
            e.date_text = Some(String::new());
        }
    }
    let author = first(root, &recipe.author);
    e.author = author
        .map(|a| without_label(&value(a)))
        .filter(|a| !a.is_empty());
    let summary = first(root, &recipe.summary);
    e.summary = summary.map(value).filter(|s| !s.is_empty());
    let caption = first(root, &recipe.image_caption);
    e.cover_caption = caption.map(value).filter(|c| !c.is_empty());
    if let Some(img) = first(root, &recipe.image) {
        let v = img.value();
        e.cover = ["data-src", "src", "content", "href"]
            .iter()
            .find_map(|a| v.attr(a))
            .map(str::to_owned);
    }
    let tag_selector = recipe.tags.iter().find(|s| root.select(s).next().is_some());
    if let Some(s) = tag_selector {
        for t in root.select(s) {
            skip.insert(t.id());
            let name = collapse(&t.text().collect::<String>());
            if !name.is_empty() && !e.tags.contains(&name) {
                e.tags.push(name);
            }
        }
    }
    // The title, date, author, summary and caption lines often sit inside the body.
    for el in [title, date, author, summary].into_iter().flatten() {
        skip.insert(el.id());
    }
    match first(root, &recipe.body) {
        Some(body) => {
            for s in &recipe.drop {
                for el in body.select(s) {
                    skip.insert(el.id());
                }
            }
            let mut html = String::new();
            for child in body.children() {
                write(child, &skip, &mut html);
            }
            e.html = html;
        }
        None => {
            e.failure
                .get_or_insert_with(|| crate::msg!("import.page-no-body"));
        }
    }
    e
}

const VOID: [&str; 14] = [
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr",
];

/// Writes a node back as HTML, leaving out the elements in `skip`.
fn write(node: NodeRef<Node>, skip: &HashSet<NodeId>, out: &mut String) {
    if skip.contains(&node.id()) {
        return;
    }
    match node.value() {
        Node::Text(t) => out.push_str(
            &t.replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;"),
        ),
        Node::Element(e) => {
            out.push('<');
            out.push_str(e.name());
            for (k, v) in e.attrs() {
                out.push_str(&format!(
                    " {k}=\"{}\"",
                    v.replace('&', "&amp;").replace('"', "&quot;")
                ));
            }
            out.push('>');
            if VOID.contains(&e.name()) {
                return;
            }
            for c in node.children() {
                write(c, skip, out);
            }
            out.push_str(&format!("</{}>", e.name()));
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn charsets() {
        assert_eq!(decode("Dân vận".as_bytes()).unwrap(), "Dân vận");
        // windows-1258 writes "ậ" as a + combining dot below + circumflex.
        let cp1258 = b"<meta charset=windows-1258>D\xe2n v\xe2\xf2n";
        assert_eq!(
            decode(cp1258).unwrap(),
            "<meta charset=windows-1258>Dân vâ\u{323}n"
        );
        let e = decode(b"<p>ok\nx\xff</p>").unwrap_err();
        assert!(e.contains("line 2, column 2"), "{e}");
        assert!(
            decode(b"<meta charset=\"klingon\">")
                .unwrap_err()
                .contains("klingon")
        );
    }

    #[test]
    fn labels_before_authors() {
        assert_eq!(without_label("Tác giả bài viết: Lâm Trần"), "Lâm Trần");
        assert_eq!(without_label("Ban Dân vận Tỉnh ủy"), "Ban Dân vận Tỉnh ủy");
        assert_eq!(without_label("Nguồn: Báo Hải Dương"), "Báo Hải Dương");
    }
}
