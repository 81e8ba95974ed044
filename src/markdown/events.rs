//! Small readings of pulldown-cmark events the rewrite needs: texts that reach
//! the page, footnote ids, numeric references in raw HTML, spans of a tag.

use std::ops::Range;

use pulldown_cmark::{CodeBlockKind, Event, Tag};

/// Whether an id has the shape of the ones footnotes get (`fn-2`, `fnref-2-3`).
pub(super) fn is_note_id(id: &str) -> bool {
    id.strip_prefix("fnref-")
        .or_else(|| id.strip_prefix("fn-"))
        .is_some_and(|rest| {
            rest.starts_with(|c: char| c.is_ascii_digit())
                && rest.bytes().all(|b| b.is_ascii_digit() || b == b'-')
        })
}

/// A URL as a message shows it: at most 80 characters, control characters visible.
pub(super) fn shown_url(url: &str) -> String {
    let mut shown: String = url
        .chars()
        .take(80)
        .map(|c| if c.is_control() { '\u{fffd}' } else { c })
        .collect();
    if url.chars().count() > 80 {
        shown.push('…');
    }
    shown
}

/// The texts of an event that reach the page as characters.
pub(super) fn event_texts<'a>(event: &'a Event) -> Vec<&'a str> {
    match event {
        Event::Text(t) | Event::Code(t) => vec![t],
        Event::Start(Tag::Link {
            dest_url, title, ..
        })
        | Event::Start(Tag::Image {
            dest_url, title, ..
        }) => vec![dest_url, title],
        Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info))) => vec![info],
        Event::Start(Tag::Heading { attrs, .. }) => {
            attrs.iter().filter_map(|(_, v)| v.as_deref()).collect()
        }
        _ => Vec::new(),
    }
}

/// The characters numeric references in raw HTML stand for (`&#1;`, `&#x7F;`).
pub(super) fn html_char_refs(html: &str) -> impl Iterator<Item = char> + '_ {
    html.match_indices("&#").filter_map(move |(i, _)| {
        let rest = &html[i + 2..];
        let (digits, radix) = match rest.strip_prefix(['x', 'X']) {
            Some(hex) => (hex, 16),
            None => (rest, 10),
        };
        let end = digits
            .find(|c: char| !c.is_digit(radix))
            .unwrap_or(digits.len());
        u32::from_str_radix(&digits[..end], radix)
            .ok()
            .and_then(char::from_u32)
    })
}

/// Index of the `End` that closes the `Start` at `start`.
pub(super) fn matching_end(events: &[(Event, Range<usize>)], start: usize) -> usize {
    let mut depth = 0usize;
    for (i, (e, _)) in events.iter().enumerate().skip(start) {
        match e {
            Event::Start(_) => depth += 1,
            Event::End(_) => {
                depth -= 1;
                if depth == 0 {
                    return i;
                }
            }
            _ => {}
        }
    }
    events.len().saturating_sub(1)
}

pub(super) fn plain_text(events: &[(Event, Range<usize>)]) -> String {
    let mut s = String::new();
    for (e, _) in events {
        match e {
            Event::Text(t) | Event::Code(t) => s.push_str(t),
            Event::SoftBreak | Event::HardBreak => s.push(' '),
            _ => {}
        }
    }
    s
}
