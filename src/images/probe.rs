//! What an image file is, from its first bytes: which photo format (whatever
//! its extension says), whether it is animated, and the size of files that
//! are shown as they are (SVG, GIF). Reads headers only; never decodes.

use std::io::Cursor;

use image::ImageDecoder;

/// A photo format kheo resizes, as its bytes (not its name) say.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PhotoFormat {
    Jpeg,
    Png,
    AnimatedPng,
    /// Lossy WebP without transparency: a photo.
    WebpLossy,
    /// Lossless WebP, or lossy with transparency.
    WebpLossless,
    AnimatedWebp,
}

impl PhotoFormat {
    pub(crate) fn is_animated(self) -> bool {
        matches!(self, PhotoFormat::AnimatedPng | PhotoFormat::AnimatedWebp)
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            PhotoFormat::Jpeg => "JPEG",
            PhotoFormat::Png | PhotoFormat::AnimatedPng => "PNG",
            _ => "WebP",
        }
    }
}

const PNG_SIGNATURE: &[u8] = b"\x89PNG\r\n\x1a\n";

/// The format of a photo's bytes, or why it is none kheo can resize (a
/// phrase that follows the file's name: "is not a JPEG...").
pub(crate) fn photo_format(bytes: &[u8]) -> Result<PhotoFormat, String> {
    if bytes.starts_with(&[0xff, 0xd8, 0xff]) {
        if !jpeg_is_complete(bytes) {
            return Err(crate::msg!("image.cut-short"));
        }
        return Ok(PhotoFormat::Jpeg);
    }
    if bytes.starts_with(PNG_SIGNATURE) {
        return Ok(if png_is_animated(bytes) {
            PhotoFormat::AnimatedPng
        } else {
            PhotoFormat::Png
        });
    }
    if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
        return Ok(webp_kind(bytes));
    }
    let looks_like = match () {
        _ if bytes.is_empty() => return Err(crate::msg!("image.empty")),
        _ if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" => match &bytes[8..12] {
            b"avif" | b"avis" => crate::msg!("image.looks.avif"),
            _ => crate::msg!("image.looks.heic"),
        },
        _ if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") => {
            crate::msg!("image.looks.tiff")
        }
        _ if bytes.starts_with(b"GIF8") => crate::msg!("image.looks.gif"),
        _ if bytes.starts_with(b"BM") => crate::msg!("image.looks.bmp"),
        _ if bytes.starts_with(b"<") || bytes.starts_with(b"\xef\xbb\xbf<") => {
            crate::msg!("image.looks.text")
        }
        _ => crate::msg!("image.looks.other"),
    };
    Err(crate::msg!("image.not-a-photo", looks_like = looks_like))
}

/// Whether a JPEG has its end marker after its image data. The decoder
/// accepts a file cut short (it greys out what is missing), but a photo
/// whose upload stopped half-way must be reported, not published.
fn jpeg_is_complete(bytes: &[u8]) -> bool {
    // Walk the segments before the first scan: their data (an EXIF
    // thumbnail is a whole JPEG) may hold end markers of their own.
    let mut at = 2;
    loop {
        if bytes.get(at) != Some(&0xff) {
            return false;
        }
        while bytes.get(at) == Some(&0xff) {
            at += 1;
        }
        let Some(&marker) = bytes.get(at) else {
            return false;
        };
        at += 1;
        match marker {
            0xd8 | 0x01 | 0xd0..=0xd7 => {}
            0xd9 => return false,
            0xda => break,
            _ => {
                let Some(len) = bytes.get(at..at + 2) else {
                    return false;
                };
                at += usize::from(u16::from_be_bytes([len[0], len[1]]));
            }
        }
    }
    // In scan data a 0xFF byte is always followed by 0x00 or a restart
    // marker, so the first FF D9 after the scan starts is the real end.
    bytes
        .get(at..)
        .is_some_and(|rest| rest.windows(2).any(|w| w == [0xff, 0xd9]))
}

/// An APNG has an `acTL` chunk before its image data.
fn png_is_animated(bytes: &[u8]) -> bool {
    let mut at = PNG_SIGNATURE.len();
    while let Some(header) = bytes.get(at..at + 8) {
        let len = u32::from_be_bytes([header[0], header[1], header[2], header[3]]) as usize;
        match &header[4..8] {
            b"acTL" => return true,
            b"IDAT" | b"IEND" => return false,
            _ => {}
        }
        at = at.saturating_add(12).saturating_add(len);
    }
    false
}

/// Lossy or lossless, transparent or animated, from the RIFF chunks.
fn webp_kind(bytes: &[u8]) -> PhotoFormat {
    let mut at = 12;
    let mut alpha = false;
    while let Some(header) = bytes.get(at..at + 8) {
        let len = u32::from_le_bytes([header[4], header[5], header[6], header[7]]) as usize;
        match &header[..4] {
            b"VP8X" => {
                let flags = bytes.get(at + 8).copied().unwrap_or(0);
                if flags & 0x02 != 0 {
                    return PhotoFormat::AnimatedWebp;
                }
                alpha = flags & 0x10 != 0;
            }
            b"ALPH" => alpha = true,
            b"VP8L" => return PhotoFormat::WebpLossless,
            b"VP8 " if alpha => return PhotoFormat::WebpLossless,
            b"VP8 " => return PhotoFormat::WebpLossy,
            _ => {}
        }
        // Chunks are padded to an even length.
        at = at.saturating_add(8).saturating_add(len + (len & 1));
    }
    PhotoFormat::WebpLossless
}

/// Width and height from a photo's header, without decoding it.
pub(crate) fn header_size(bytes: &[u8], format: PhotoFormat) -> Option<(u32, u32)> {
    let cursor = Cursor::new(bytes);
    Some(match format {
        PhotoFormat::Png | PhotoFormat::AnimatedPng => image::codecs::png::PngDecoder::new(cursor)
            .ok()?
            .dimensions(),
        PhotoFormat::Jpeg => image::codecs::jpeg::JpegDecoder::new(cursor)
            .ok()?
            .dimensions(),
        _ => image::codecs::webp::WebPDecoder::new(cursor)
            .ok()?
            .dimensions(),
    })
}

/// A photo's size once turned upright (its EXIF orientation), from its
/// header, without decoding its pixels: the size its decoded image has.
pub(crate) fn upright_header_size(bytes: &[u8], format: PhotoFormat) -> Option<(u32, u32)> {
    fn upright(mut decoder: impl ImageDecoder) -> (u32, u32) {
        let (w, h) = decoder.dimensions();
        // As decoding does: broken EXIF data leaves the photo as stored.
        let orientation = decoder
            .orientation()
            .unwrap_or(image::metadata::Orientation::NoTransforms);
        if super::variants::turns_sideways(orientation) {
            (h, w)
        } else {
            (w, h)
        }
    }
    let cursor = Cursor::new(bytes);
    Some(match format {
        PhotoFormat::Png | PhotoFormat::AnimatedPng => {
            upright(image::codecs::png::PngDecoder::new(cursor).ok()?)
        }
        PhotoFormat::Jpeg => upright(image::codecs::jpeg::JpegDecoder::new(cursor).ok()?),
        _ => upright(image::codecs::webp::WebPDecoder::new(cursor).ok()?),
    })
}

/// How much of an image shown as it is is read to find its size.
pub(crate) const HEADER_BYTES: u64 = 8192;

/// The size of an image shown as it is, when its header says it: a GIF's
/// screen size, an SVG's `width`/`height` (in pixels) or else its `viewBox`.
pub(crate) fn size_as_it_is(rel: &str, bytes: &[u8]) -> Option<(u32, u32)> {
    if bytes.starts_with(b"GIF8") && bytes.len() >= 10 {
        let w = u16::from_le_bytes([bytes[6], bytes[7]]);
        let h = u16::from_le_bytes([bytes[8], bytes[9]]);
        return (w > 0 && h > 0).then_some((u32::from(w), u32::from(h)));
    }
    if rel.to_ascii_lowercase().ends_with(".svg") {
        let start = &bytes[..bytes.len().min(HEADER_BYTES as usize)];
        return svg_size(&String::from_utf8_lossy(start));
    }
    None
}

fn svg_size(text: &str) -> Option<(u32, u32)> {
    let start = text.find("<svg")? + 4;
    let tag = &text[start..start + text[start..].find('>')?];
    let attrs = attributes(tag);
    let get = |name: &str| attrs.iter().find(|(n, _)| *n == name).map(|(_, v)| *v);
    let pixels = |v: &str| {
        let n: f64 = v.trim().trim_end_matches("px").trim().parse().ok()?;
        (1.0..=100_000.0).contains(&n).then(|| n.round() as u32)
    };
    if let (Some(w), Some(h)) = (
        get("width").and_then(pixels),
        get("height").and_then(pixels),
    ) {
        return Some((w, h));
    }
    let view: Vec<&str> = get("viewBox")?
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|s| !s.is_empty())
        .collect();
    match view.as_slice() {
        [_, _, w, h] => Some((pixels(w)?, pixels(h)?)),
        _ => None,
    }
}

/// `name="value"` pairs of a start tag's text.
fn attributes(tag: &str) -> Vec<(&str, &str)> {
    let mut out = Vec::new();
    let mut rest = tag;
    loop {
        rest = rest.trim_start();
        let Some(eq) = rest.find('=') else {
            return out;
        };
        let name = rest[..eq].trim();
        let after = rest[eq + 1..].trim_start();
        let Some(quote) = after.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            return out;
        };
        let Some(end) = after[1..].find(quote) else {
            return out;
        };
        // A name is the last word before `=` (attributes without values come before it).
        let name = name.rsplit(char::is_whitespace).next().unwrap_or(name);
        out.push((name, &after[1..1 + end]));
        rest = &after[end + 2..];
    }
}

/// How an unsupported extension is called in messages.
pub(crate) fn extension_name(rel: &str) -> String {
    let lower = rel.to_ascii_lowercase();
    if lower.ends_with(".heic") || lower.ends_with(".heif") {
        crate::msg!("image.kind.heic")
    } else {
        crate::msg!("image.kind.tiff")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_a_file_is_instead_is_told_in_vietnamese() {
        use crate::messages::{Lang, scoped};
        let said = |bytes: &[u8]| scoped(Lang::Vi, || photo_format(bytes).unwrap_err());
        assert_eq!(said(b""), "là tệp rỗng");
        assert_eq!(
            said(b"GIF89a......"),
            "không phải ảnh JPEG, PNG hay WebP: nội dung của nó giống ảnh GIF"
        );
        assert!(said(&[0xff, 0xd8, 0xff, 0xe0, 0, 0]).starts_with("bị cắt cụt"));
        assert_eq!(
            scoped(Lang::Vi, || extension_name("anh/a.HEIC")),
            "ảnh HEIC (định dạng riêng của iPhone)"
        );
    }

    #[test]
    fn formats_come_from_the_bytes() {
        assert!(photo_format(b"\xff\xd8\xff\xe0\0\x02\xff\xda\0\x02\x12\xff\xd9").is_ok());
        assert_eq!(
            photo_format(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR"),
            Ok(PhotoFormat::Png)
        );
        let heic = b"\0\0\0\x18ftypheic\0\0\0\0";
        let e = photo_format(heic).unwrap_err();
        assert!(e.contains("HEIC"), "{e}");
        assert_eq!(photo_format(b""), Err("is empty".to_owned()));
        assert!(photo_format(b"<html>").unwrap_err().contains("text file"));
    }

    #[test]
    fn a_jpeg_cut_short_is_found() {
        let mut bytes = Vec::new();
        let img =
            image::RgbImage::from_fn(64, 64, |x, y| image::Rgb([x as u8 * 4, y as u8 * 4, 99]));
        image::DynamicImage::ImageRgb8(img)
            .write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Jpeg)
            .unwrap();
        assert_eq!(photo_format(&bytes), Ok(PhotoFormat::Jpeg));
        let mut with_trailer = bytes.clone();
        with_trailer.extend(b"trailer some phones add");
        assert_eq!(photo_format(&with_trailer), Ok(PhotoFormat::Jpeg));
        let cut = &bytes[..bytes.len() - 100];
        assert!(photo_format(cut).unwrap_err().starts_with("is cut short"));
        assert!(photo_format(&bytes[..3]).is_err());
    }

    #[test]
    fn animated_png_is_found_by_its_actl_chunk() {
        let mut png = PNG_SIGNATURE.to_vec();
        png.extend(13u32.to_be_bytes());
        png.extend(b"IHDR");
        png.extend([0; 13 + 4]);
        png.extend(8u32.to_be_bytes());
        png.extend(b"acTL");
        png.extend([0; 8 + 4]);
        assert_eq!(photo_format(&png), Ok(PhotoFormat::AnimatedPng));
    }

    fn riff(chunks: &[(&[u8; 4], &[u8])]) -> Vec<u8> {
        let mut body = b"WEBP".to_vec();
        for (fourcc, data) in chunks {
            body.extend(*fourcc);
            body.extend((data.len() as u32).to_le_bytes());
            body.extend(*data);
            if data.len() % 2 == 1 {
                body.push(0);
            }
        }
        let mut out = b"RIFF".to_vec();
        out.extend((body.len() as u32).to_le_bytes());
        out.extend(body);
        out
    }

    #[test]
    fn webp_kinds() {
        assert_eq!(
            photo_format(&riff(&[(b"VP8 ", &[0; 10])])),
            Ok(PhotoFormat::WebpLossy)
        );
        assert_eq!(
            photo_format(&riff(&[(b"VP8L", &[0; 5])])),
            Ok(PhotoFormat::WebpLossless)
        );
        let alpha = [0x10u8, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        assert_eq!(
            photo_format(&riff(&[
                (b"VP8X", &alpha),
                (b"ALPH", &[0; 3]),
                (b"VP8 ", &[0; 10])
            ])),
            Ok(PhotoFormat::WebpLossless)
        );
        let animated = [0x02u8, 0, 0, 0, 0, 0, 0, 0, 0, 0];
        assert_eq!(
            photo_format(&riff(&[(b"VP8X", &animated)])),
            Ok(PhotoFormat::AnimatedWebp)
        );
    }

    #[test]
    fn svg_sizes() {
        assert_eq!(
            svg_size(
                r#"<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1200 675" width="1200" height="675">"#
            ),
            Some((1200, 675))
        );
        assert_eq!(
            svg_size(r#"<svg stroke-width="3" viewBox="0,0,800,450" width="100%">"#),
            Some((800, 450))
        );
        assert_eq!(
            svg_size(r#"<svg width="40px" height='30'>"#),
            Some((40, 30))
        );
        assert_eq!(svg_size("<svg>"), None);
        assert_eq!(svg_size("no svg here"), None);
    }

    fn small_jpeg() -> Vec<u8> {
        let mut bytes = Vec::new();
        let img =
            image::RgbImage::from_fn(24, 16, |x, y| image::Rgb([x as u8 * 9, y as u8 * 9, 7]));
        image::DynamicImage::ImageRgb8(img)
            .write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Jpeg)
            .unwrap();
        bytes
    }

    proptest::proptest! {
        /// Whatever a file holds, probing it gives an answer, never a panic.
        #[test]
        fn probing_any_bytes_never_panics(
            magic in 0usize..6,
            rest in proptest::collection::vec(proptest::num::u8::ANY, 0..400),
        ) {
            // Random bytes behind each format's signature, to reach the chunk walkers.
            let signature: &[u8] = match magic {
                0 => b"\xff\xd8\xff",
                1 => PNG_SIGNATURE,
                2 => b"RIFF\0\0\0\0WEBP",
                3 => b"GIF89a",
                4 => b"<svg ",
                _ => b"",
            };
            let bytes = [signature, &rest].concat();
            let _ = photo_format(&bytes);
            let _ = size_as_it_is("a.svg", &bytes);
            let _ = size_as_it_is("a.gif", &bytes);
            for format in [PhotoFormat::Jpeg, PhotoFormat::Png, PhotoFormat::WebpLossy] {
                let _ = header_size(&bytes, format);
            }
        }

        /// A real JPEG cut anywhere or with a byte changed anywhere: still an answer.
        #[test]
        fn damaged_jpegs_never_panic(cut in 0usize..2000, at in 0usize..2000, value in proptest::num::u8::ANY) {
            let mut bytes = small_jpeg();
            let at = at % bytes.len();
            bytes[at] = value;
            bytes.truncate(cut.min(bytes.len()));
            if let Ok(format) = photo_format(&bytes) {
                let _ = header_size(&bytes, format);
                let _ = super::super::variants::decode(&bytes, format);
            }
        }
    }

    #[test]
    fn gif_size_is_its_screen() {
        let gif = b"GIF89a\x40\x01\xf0\x00rest";
        assert_eq!(size_as_it_is("a.gif", gif), Some((320, 240)));
    }
}
