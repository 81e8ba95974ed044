//! What in an editor's files could run script in a reader's browser or make
//! a page load something from another host: URLs by their scheme (read the
//! way a browser reads them), ids, class and attribute names, SVG and XML
//! files, and the ids a theme's templates already use.

use quick_xml::Reader;
use quick_xml::events::{BytesStart, Event};

/// The scheme of a URL as a browser finds it, lower-case: leading and
/// trailing spaces and control characters are dropped and tabs and line
/// breaks removed anywhere (`" JaVa\tScript:x"` is `javascript`). `None`
/// for a relative URL.
pub(crate) fn url_scheme(url: &str) -> Option<String> {
    let cleaned: String = url
        .trim_matches(|c: char| c <= ' ')
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .collect();
    let (scheme, _) = cleaned.split_once(':')?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then(|| scheme.to_ascii_lowercase())
}

/// The picture formats a `data:` image may have: none of them can hold
/// script (SVG can, so it is not among them).
const DATA_IMAGE_TYPES: [&str; 5] = [
    "image/png",
    "image/jpeg",
    "image/jpg",
    "image/gif",
    "image/webp",
];

/// Why a URL written in an article may not be published, if it may not:
/// `javascript:` and `vbscript:` run script; a `data:` URL is allowed only as
/// a PNG, JPEG, GIF or WebP picture (`image`).
pub(crate) fn script_url(url: &str, image: bool) -> Option<String> {
    let scheme = url_scheme(url)?;
    match scheme.as_str() {
        "javascript" | "vbscript" | "livescript" => {
            Some(crate::msg!("safety.script-url", scheme = scheme))
        }
        "data" if image => {
            let cleaned: String = url
                .trim_matches(|c: char| c <= ' ')
                .chars()
                .filter(|c| !c.is_ascii_whitespace())
                .collect();
            let media = cleaned
                .split_once(':')
                .map(|(_, rest)| rest)
                .unwrap_or_default()
                .split([';', ','])
                .next()
                .unwrap_or_default()
                .to_ascii_lowercase();
            (!DATA_IMAGE_TYPES.contains(&media.as_str())).then(|| {
                let shown = if media.is_empty() {
                    crate::msg!("safety.no-type")
                } else {
                    media.clone()
                };
                crate::msg!("safety.data-picture", shown = shown)
            })
        }
        "data" => Some(crate::msg!("safety.data-link")),
        _ => None,
    }
}

/// Whether a picture's address loads it from another host: a URL with a
/// scheme (other than `data:`) or a protocol-relative one (`//host/x`, which
/// browsers also read from `\\host\x` and `/\host`).
pub(crate) fn is_remote(url: &str) -> bool {
    let trimmed = url.trim_matches(|c: char| c <= ' ');
    if let Some(scheme) = url_scheme(trimmed) {
        return scheme != "data";
    }
    let mut start = trimmed
        .chars()
        .filter(|c| !matches!(c, '\t' | '\n' | '\r'))
        .take(2);
    matches!(
        (start.next(), start.next()),
        (Some('/' | '\\'), Some('/' | '\\'))
    )
}

/// Whether a written id or class name is a plain token: ASCII letters,
/// digits, `-` and `_` (what slugs are made of), so it can never close its
/// attribute or be read differently by a browser, a stylesheet or a script.
pub(crate) fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_'))
}

/// Whether an attribute name is a plain HTML attribute name (`data-x`,
/// `lang`, `aria-label`).
pub(crate) fn is_attribute_name(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphabetic())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b':' | b'.'))
}

/// The ids a theme's template writes as they are (`id="main"`, or the `id`
/// given to a component), so an article's own ids can be kept apart from them.
pub(crate) fn template_ids(template: &str) -> Vec<String> {
    let mut ids = Vec::new();
    let mut rest = template;
    while let Some(i) = rest.find("id=") {
        let before = rest[..i].chars().next_back();
        rest = &rest[i + 3..];
        // `aria-labelledby=`, `data-id=`, `grid=`: not an id attribute.
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | ':')) {
            continue;
        }
        let Some(quote) = rest.chars().next().filter(|c| matches!(c, '"' | '\'')) else {
            continue;
        };
        let Some(end) = rest[1..].find(quote) else {
            break;
        };
        let id = &rest[1..1 + end];
        if !id.is_empty() && !id.contains(['{', '}', ' ']) {
            ids.push(id.to_owned());
        }
    }
    ids
}

/// Something in an SVG (or other XML) file that can run script, at a
/// 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct XmlScript {
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) what: String,
}

/// The first thing in an SVG or XML text that can run script when the file
/// is opened in a browser: a `<script>` or `<foreignObject>` element (which
/// holds HTML), an `on...=` event attribute, an attribute holding a
/// `javascript:` URL (also set through `<set>`/`<animate>`), entity
/// declarations or a stylesheet processing instruction (which can build any
/// of these), or text kheo cannot read as XML (and so cannot check).
pub(crate) fn xml_script(text: &str) -> Option<XmlScript> {
    let mut reader = Reader::from_str(text);
    let at = |offset: u64, what: String| {
        let offset = usize::try_from(offset)
            .unwrap_or(usize::MAX)
            .min(text.len());
        let before = text.get(..offset).unwrap_or(text);
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        Some(XmlScript { line, column, what })
    };
    loop {
        let start = reader.buffer_position();
        match reader.read_event() {
            Err(e) => {
                return at(
                    reader.error_position(),
                    crate::msg!("safety.xml-malformed", error = e),
                );
            }
            Ok(Event::Eof) => return None,
            Ok(Event::Start(e) | Event::Empty(e)) => {
                if let Some(what) = element_script(&e) {
                    return at(start, what);
                }
            }
            Ok(Event::DocType(d)) => {
                let doctype = String::from_utf8_lossy(&d).to_ascii_uppercase();
                if doctype.contains("<!ENTITY") {
                    return at(start, crate::msg!("safety.xml-entities"));
                }
            }
            Ok(Event::PI(pi)) => {
                if pi.target().eq_ignore_ascii_case(b"xml-stylesheet") {
                    return at(start, crate::msg!("safety.xml-stylesheet"));
                }
            }
            Ok(_) => {}
        }
    }
}

/// Files in `content/` a browser runs as a page of the site when opened:
/// web pages and the XSLT that makes them. Where raw HTML is not allowed they
/// are not published (they could hold any script).
pub(crate) fn is_web_page(rel: &str) -> bool {
    let ext = rel.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    matches!(
        ext.as_deref(),
        Some("html" | "htm" | "xhtml" | "xht" | "shtml" | "mht" | "mhtml" | "xsl" | "xslt")
    )
}

/// Files checked with [`xml_script`] where raw HTML is not allowed.
pub(crate) fn is_svg_or_xml(rel: &str) -> bool {
    let ext = rel.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    matches!(ext.as_deref(), Some("svg" | "xml"))
}

/// The error for a file a browser could run a script from (`file` relative
/// to the site root), or `None` when it is harmless.
pub(crate) fn file_script_error(file: &str, bytes: &[u8]) -> Option<crate::diag::Diagnostic> {
    let found = match std::str::from_utf8(bytes) {
        Ok(text) => xml_script(text.strip_prefix('\u{feff}').unwrap_or(text))?,
        Err(_) => XmlScript {
            line: 1,
            column: 1,
            what: crate::msg!("safety.not-utf8"),
        },
    };
    Some(
        crate::diag::Diagnostic::error(
            file,
            found.line,
            found.column,
            crate::msg!("safety.file-script", what = found.what),
        )
        .with_code("file-script")
        .with_hint(crate::msg!("safety.file-script.hint")),
    )
}

fn element_script(e: &BytesStart) -> Option<String> {
    let name = String::from_utf8_lossy(e.local_name().as_ref()).to_ascii_lowercase();
    if matches!(
        name.as_str(),
        "script" | "foreignobject" | "iframe" | "embed" | "object" | "handler"
    ) {
        return Some(crate::msg!("safety.element", name = name));
    }
    for attr in e.attributes() {
        let Ok(attr) = attr else {
            return Some(crate::msg!("safety.attribute-unreadable"));
        };
        let key = String::from_utf8_lossy(attr.key.local_name().as_ref()).to_ascii_lowercase();
        if key.starts_with("on") {
            return Some(crate::msg!(
                "safety.event-attribute",
                key = key,
                name = name
            ));
        }
        let Ok(value) = attr.unescape_value() else {
            return Some(crate::msg!(
                "safety.attribute-entity",
                key = key,
                name = name
            ));
        };
        // `values="javascript:a;javascript:b"` in `<animate>` lists several.
        for part in value.split(';') {
            if let Some(why) = script_url(part, true) {
                return Some(crate::msg!(
                    "safety.attribute-url",
                    key = key,
                    name = name,
                    why = why
                ));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_are_read_like_a_browser() {
        for (url, scheme) in [
            ("javascript:alert(1)", Some("javascript")),
            ("JaVaScRiPt:alert(1)", Some("javascript")),
            ("  \u{1}javascript:x", Some("javascript")),
            ("java\tscript:x", Some("javascript")),
            ("java\nscript:x", Some("javascript")),
            ("https://x.vn/", Some("https")),
            ("mailto:a@b.vn", Some("mailto")),
            ("anh.jpg", None),
            ("/so-lieu/", None),
            ("a/b:c", None),
            ("jav%61script:x", None),
            ("\u{a0}javascript:x", None),
            ("#x", None),
        ] {
            assert_eq!(url_scheme(url).as_deref(), scheme, "{url:?}");
        }
    }

    #[test]
    fn script_urls() {
        for bad in [
            "javascript:alert(1)",
            " VBScript:msgbox",
            "java\tscript:x",
            "data:text/html,<script>alert(1)</script>",
        ] {
            assert!(script_url(bad, false).is_some(), "{bad}");
            assert!(script_url(bad, true).is_some(), "{bad}");
        }
        assert!(script_url("data:image/png;base64,iVBOR", false).is_some());
        for ok_image in [
            "data:image/png;base64,iVBOR",
            "DATA:Image/JPEG;base64,/9j/",
            "data:image/webp;base64,UklG",
            "data:image/gif,GIF89a",
        ] {
            assert_eq!(script_url(ok_image, true), None, "{ok_image}");
        }
        for bad_image in [
            "data:image/svg+xml,<svg onload=alert(1)>",
            "data:,x",
            "data:text/html;base64,PHNjcmlwdD4=",
        ] {
            assert!(script_url(bad_image, true).is_some(), "{bad_image}");
        }
        for fine in [
            "https://x.vn/",
            "mailto:a@b.vn",
            "anh.jpg",
            "#top",
            "tel:+84",
        ] {
            assert_eq!(script_url(fine, false), None, "{fine}");
        }
    }

    #[test]
    fn remote_pictures() {
        for remote in [
            "https://other.host/x.jpg",
            "http://x/y.png",
            "//cdn.example/x.png",
            "\\\\host\\x.png",
            "/\\host/x.png",
            " //host/x",
            "ftp://x/y.png",
        ] {
            assert!(is_remote(remote), "{remote}");
        }
        for local in [
            "anh.jpg",
            "/tin-tuc/anh.jpg",
            "../anh.jpg",
            "data:image/png;base64,x",
        ] {
            assert!(!is_remote(local), "{local}");
        }
    }

    #[test]
    fn tokens_and_attribute_names() {
        assert!(is_token("ket-qua_2"));
        for bad in ["", "a b", "a\"b", "x>", "kết-quả", "a.b"] {
            assert!(!is_token(bad), "{bad}");
        }
        assert!(is_attribute_name("data-x"));
        assert!(is_attribute_name("lang"));
        for bad in ["", "1x", "a\"", "a=b", "a b", "a/b"] {
            assert!(!is_attribute_name(bad), "{bad}");
        }
    }

    #[test]
    fn ids_of_templates() {
        let t = "<main id=\"main\"><h2 id='x-title' aria-labelledby=\"no\" data-id=\"no\">{{<list id=\"newer-title\" />}}<section id=\"group-{{ loop.index }}\"><a grid=\"no\">";
        assert_eq!(template_ids(t), ["main", "x-title", "newer-title"]);
    }

    #[test]
    fn kinds_of_files() {
        assert!(is_web_page("a/b.HTML") && is_web_page("x.xsl") && is_web_page("c.htm"));
        assert!(!is_web_page("a.svg") && !is_web_page("html") && !is_web_page("a.md"));
        assert!(is_svg_or_xml("a/B.SVG") && is_svg_or_xml("feed.xml") && !is_svg_or_xml("a.svgz"));
        let d = file_script_error("content/a.svg", b"<svg>\n<script>x</script></svg>").unwrap();
        assert_eq!(
            (d.file.as_str(), d.line, d.column, d.code),
            ("content/a.svg", 2, 1, "file-script")
        );
        assert!(file_script_error("content/a.svg", b"\xef\xbb\xbf<svg/>").is_none());
        assert!(file_script_error("content/a.svg", b"<svg>\xff</svg>").is_some());
    }

    #[test]
    fn the_built_in_theme_has_no_script_in_its_pictures() {
        for f in crate::theme::DEFAULT_THEME {
            if is_svg_or_xml(f.path) {
                assert_eq!(file_script_error(f.path, f.bytes), None, "{}", f.path);
            }
        }
    }

    #[test]
    fn scripts_in_svg() {
        let cases = [
            (
                "<svg xmlns=\"http://www.w3.org/2000/svg\">\n  <script>alert(1)</script></svg>",
                (2, 3),
                "<script>",
            ),
            ("<svg onload=\"alert(1)\"/>", (1, 1), "onload"),
            (
                "<svg><a xlink:href=\"&#106;avascript:alert(1)\"><text>x</text></a></svg>",
                (1, 6),
                "javascript",
            ),
            (
                "<svg><a href=\" java&#x09;script:x\">x</a></svg>",
                (1, 6),
                "javascript",
            ),
            (
                "<svg><set attributeName=\"href\" to=\"javascript:alert(1)\"/></svg>",
                (1, 6),
                "javascript",
            ),
            (
                "<svg><animate values=\"a;JavaScript:alert(1)\"/></svg>",
                (1, 6),
                "javascript",
            ),
            (
                "<svg><foreignObject><div/></foreignObject></svg>",
                (1, 6),
                "foreignobject",
            ),
            ("<svg><SCRIPT>x</SCRIPT></svg>", (1, 6), "<script>"),
            ("<svg><g ONCLICK=\"x\"/></svg>", (1, 6), "onclick"),
            (
                "<?xml-stylesheet href=\"x.xsl\" type=\"text/xsl\"?><svg/>",
                (1, 1),
                "stylesheet",
            ),
            (
                "<!DOCTYPE svg [<!ENTITY x \"&#60;script&#62;\">]><svg>&x;</svg>",
                (1, 1),
                "entities",
            ),
            (
                "<svg><image href=\"data:image/svg+xml,&lt;svg onload=alert(1)&gt;\"/></svg>",
                (1, 6),
                "data:",
            ),
            ("<svg><g></svg>", (1, 9), "well-formed"),
        ];
        for (svg, place, what) in cases {
            let found = xml_script(svg).unwrap_or_else(|| panic!("missed: {svg}"));
            assert_eq!((found.line, found.column), place, "{svg}: {found:?}");
            assert!(found.what.contains(what), "{svg}: {}", found.what);
        }
        let clean = "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" viewBox=\"0 0 10 10\" role=\"img\" aria-labelledby=\"t\"><title id=\"t\">Đường &amp; cầu</title><style>.a{fill:red}</style><a href=\"https://x.vn/\"><rect class=\"a\" width=\"10\" height=\"10\"/></a><use xlink:href=\"#t\"/><image href=\"data:image/png;base64,iVBOR\"/></svg>";
        assert_eq!(xml_script(clean), None);
    }
}
