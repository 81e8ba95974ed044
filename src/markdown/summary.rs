//! The default summary of an article: its first paragraph as plain text.

use pulldown_cmark::{Event, Parser, Tag, TagEnd};

use super::{Settings, parser_options};

/// The first top-level paragraph of a body as plain text, cut at `max_chars`
/// on a word boundary: the default summary of an article.
pub(crate) fn summary(body: &str, settings: Settings, max_chars: usize) -> String {
    let mut depth = 0usize;
    let mut in_para = false;
    let mut in_image = 0usize;
    let mut text = String::new();
    for e in Parser::new_ext(body, parser_options(settings)) {
        match e {
            Event::Start(Tag::Paragraph) if depth == 0 => in_para = true,
            Event::End(TagEnd::Paragraph) if depth == 0 => {
                in_para = false;
                if !text.trim().is_empty() {
                    break;
                }
                text.clear();
            }
            Event::Start(Tag::Image { .. }) => in_image += 1,
            Event::End(TagEnd::Image) => in_image = in_image.saturating_sub(1),
            Event::Start(Tag::Paragraph) => {}
            Event::End(TagEnd::Paragraph) => {}
            Event::Start(
                Tag::Emphasis
                | Tag::Strong
                | Tag::Strikethrough
                | Tag::Link { .. }
                | Tag::Superscript
                | Tag::Subscript,
            ) => {}
            Event::End(
                TagEnd::Emphasis
                | TagEnd::Strong
                | TagEnd::Strikethrough
                | TagEnd::Link
                | TagEnd::Superscript
                | TagEnd::Subscript,
            ) => {}
            Event::Start(_) => depth += 1,
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Text(t) | Event::Code(t) if in_para && depth == 0 && in_image == 0 => {
                text.push_str(&t)
            }
            Event::SoftBreak | Event::HardBreak if in_para && depth == 0 => text.push(' '),
            _ => {}
        }
    }
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    truncate_words(&text, max_chars)
}

/// Cuts text to at most `max_chars` characters at a word boundary, adding `…`.
pub(crate) fn truncate_words(text: &str, max_chars: usize) -> String {
    if text.chars().count() <= max_chars {
        return text.to_owned();
    }
    let cut: String = text.chars().take(max_chars).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > 0 => &cut[..i],
        _ => cut.as_str(),
    };
    format!("{}…", cut.trim_end_matches([',', ';', ':', '.', ' ']))
}
