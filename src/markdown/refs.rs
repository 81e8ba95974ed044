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

/// Extensions of the files that may be images (`images::kind_of` decides).
const IMAGE_EXTENSIONS: [&str; 13] = [
    "jpg", "jpeg", "png", "webp", "svg", "gif", "avif", "bmp", "ico", "heic", "heif", "tif", "tiff",
];

/// Whether `body` has a dot followed by an image file's extension, in any
/// case (read in place: every body of the site goes through it).
fn names_an_image(body: &str) -> bool {
    let bytes = body.as_bytes();
    bytes.iter().enumerate().any(|(i, b)| {
        *b == b'.'
            && IMAGE_EXTENSIONS.iter().any(|ext| {
                bytes
                    .get(i + 1..i + 1 + ext.len())
                    .is_some_and(|after| after.eq_ignore_ascii_case(ext.as_bytes()))
            })
    })
}

/// The pictures and links of `body` that may be image files: the events
/// the render resolves, from the same parser with the same options. A body
/// that names no image file is not parsed.
pub(crate) fn local_refs(body: &str, settings: Settings) -> Refs {
    let mut refs = Refs::default();
    if !names_an_image(body) {
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
    fn image_names_are_found_in_any_case() {
        assert!(names_an_image("![a](ANH.JPG)"));
        assert!(names_an_image("[b](x.Tiff)"));
        assert!(!names_an_image("bao-cao.pdf, 1.5 jp g."));
        assert!(!names_an_image("ends with a dot."));
    }

    #[test]
    fn a_body_naming_no_image_is_not_parsed() {
        let refs = local_refs("[a](b.md) ![c](d.pdf)", Settings::default());
        assert_eq!(refs, Refs::default());
    }
}
