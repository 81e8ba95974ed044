//! The destinations of a body's pictures and links, as written, found at
//! load time: the photo stage must know before the render which image files
//! pages show (or link to), and a build does not hold the bodies until then.

use pulldown_cmark::{Event, Parser, Tag};

use super::{Settings, parser_options};

/// What a body's pictures and links point to, as written (`anh.jpg`,
/// `../anh/b.png#x`), in the body's order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Refs {
    pub(crate) pictures: Vec<String>,
    pub(crate) links: Vec<String>,
}

/// Endings of the files that may be images (`images::kind_of` decides).
const IMAGE_ENDINGS: [&str; 13] = [
    ".jpg", ".jpeg", ".png", ".webp", ".svg", ".gif", ".avif", ".bmp", ".ico", ".heic", ".heif",
    ".tif", ".tiff",
];

/// The pictures and links of `body` that may be image files: the events
/// the render resolves, from the same parser with the same options. A body
/// that names no image file is not parsed.
pub(crate) fn local_refs(body: &str, settings: Settings) -> Refs {
    let mut refs = Refs::default();
    let lower = body.to_ascii_lowercase();
    if !IMAGE_ENDINGS.iter().any(|e| lower.contains(e)) {
        return refs;
    }
    for event in Parser::new_ext(body, parser_options(settings)) {
        match event {
            Event::Start(Tag::Image { dest_url, .. }) => refs.pictures.push(dest_url.to_string()),
            Event::Start(Tag::Link { dest_url, .. }) => refs.links.push(dest_url.to_string()),
            _ => {}
        }
    }
    refs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pictures_and_links_are_found_as_written() {
        let body = "Ảnh ![a](anh.jpg \"t\") và [bản đồ](../b/ban-do.PNG#x), [x][r].\n\n\
                    `![no](code.jpg)`\n\n[r]: c.webp\n";
        let refs = local_refs(body, Settings::default());
        assert_eq!(refs.pictures, ["anh.jpg"]);
        assert_eq!(refs.links, ["../b/ban-do.PNG#x", "c.webp"]);
    }

    #[test]
    fn a_body_naming_no_image_is_not_parsed() {
        let refs = local_refs("[a](b.md) ![c](d.pdf)", Settings::default());
        assert_eq!(refs, Refs::default());
    }
}
