//! HTML fragments the rewrite writes itself: body images and code blocks,
//! and the escaping every page uses.

use super::Picture;
use crate::highlight;

/// An image in the body: lazy (it is below the article's header), with its
/// variants and size when it has them.
pub(super) fn img_tag(picture: &Picture, alt: &str, title: &str) -> String {
    let mut html = format!(
        "<img src=\"{}\" alt=\"{}\"",
        escape_attr(&picture.src),
        escape_attr(alt)
    );
    if !title.is_empty() {
        html.push_str(&format!(" title=\"{}\"", escape_attr(title)));
    }
    if let (Some(srcset), Some(sizes)) = (&picture.srcset, &picture.sizes) {
        html.push_str(&format!(
            " srcset=\"{}\" sizes=\"{}\"",
            escape_attr(srcset),
            escape_attr(sizes)
        ));
    }
    if let Some((w, h)) = picture.size {
        html.push_str(&format!(" width=\"{w}\" height=\"{h}\""));
    }
    html.push_str(" loading=\"lazy\" decoding=\"async\">");
    html
}

pub(super) fn code_block(code: &str, lang: &str) -> String {
    let safe_lang: String = lang
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '+'))
        .collect();
    let body = if safe_lang.is_empty() {
        None
    } else {
        highlight::highlight(code, &safe_lang)
    };
    let (pre_class, class, body) = match body {
        Some(h) => (
            highlight::BLOCK_CLASS,
            format!(" class=\"language-{safe_lang}\""),
            h,
        ),
        None if !safe_lang.is_empty() => (
            "",
            format!(" class=\"language-{safe_lang}\""),
            escape_text(code),
        ),
        None => ("", String::new(), escape_text(code)),
    };
    let pre_class = if pre_class.is_empty() {
        "code".to_owned()
    } else {
        format!("code {pre_class}")
    };
    format!("<pre class=\"{pre_class}\"><code{class}>{body}</code></pre>\n")
}

pub(crate) fn escape_text(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            _ => out.push(c),
        }
    }
    out
}

pub(crate) fn escape_attr(s: &str) -> String {
    escape_text(s).replace('"', "&quot;")
}
