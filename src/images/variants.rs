//! Decoding a photo once, and making each variant from it: resized (never
//! enlarged), turned upright, encoded without the photo's metadata.
//!
//! Encoders are deterministic, so the same photo and settings always give
//! the same bytes. JPEG goes through `jpeg-encoder`, progressive with
//! optimised Huffman tables (a fifth smaller than the `image` crate's
//! encoder at the same quality, and shown coarse-to-fine on a slow phone
//! connection); PNG and lossless WebP through `image`.

use std::io::Cursor;

use fast_image_resize as fr;
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageEncoder, Limits};

use super::probe::PhotoFormat;

/// What a photo's variants are encoded as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Output {
    Jpeg {
        quality: u8,
    },
    Png,
    /// There is no lossy WebP encoder in pure Rust: lossless WebP sources
    /// (drawings, transparent pictures) stay lossless WebP, lossy ones
    /// (photos) become JPEG.
    WebpLossless,
}

impl Output {
    /// The variants' format for a photo of `format`: its own, except lossy WebP.
    pub(crate) fn for_format(format: PhotoFormat, quality: u8) -> Output {
        match format {
            PhotoFormat::Jpeg | PhotoFormat::WebpLossy => Output::Jpeg { quality },
            PhotoFormat::Png | PhotoFormat::AnimatedPng => Output::Png,
            PhotoFormat::WebpLossless | PhotoFormat::AnimatedWebp => Output::WebpLossless,
        }
    }

    pub(crate) fn extension(self) -> &'static str {
        match self {
            Output::Jpeg { .. } => "jpg",
            Output::Png => "png",
            Output::WebpLossless => "webp",
        }
    }

    /// Everything that changes the encoded bytes, for cache keys and names.
    pub(crate) fn settings(self) -> String {
        match self {
            Output::Jpeg { quality } => format!("jpeg q{quality} progressive optimized-huffman"),
            Output::Png => "png default-compression adaptive-filter".to_owned(),
            Output::WebpLossless => "webp lossless".to_owned(),
        }
    }
}

/// The variants of a photo shown at `size`: each configured width narrower
/// than the photo, and the photo's own width when it is not wider than the
/// widest configured one. Heights keep the proportions (rounded, at least 1).
pub(crate) fn plan((width, height): (u32, u32), widths: &[u32]) -> Vec<(u32, u32)> {
    let mut out: Vec<u32> = widths.iter().copied().filter(|w| *w < width).collect();
    if widths.is_empty() || widths.iter().any(|w| *w >= width) {
        out.push(width);
    }
    out.sort_unstable();
    out.dedup();
    out.into_iter()
        .map(|w| (w, scaled(height, w, width)))
        .collect()
}

/// `value * to / from`, rounded, at least 1.
fn scaled(value: u32, to: u32, from: u32) -> u32 {
    let from = u64::from(from.max(1));
    let n = (u64::from(value) * u64::from(to) + from / 2) / from;
    u32::try_from(n).unwrap_or(u32::MAX).max(1)
}

/// A decoded photo, as stored (before orientation), 8 bits per channel.
pub(crate) struct Decoded {
    image: DynamicImage,
    orientation: Orientation,
    icc: Option<Vec<u8>>,
}

impl Decoded {
    /// Width and height once turned upright.
    pub(crate) fn oriented_size(&self) -> (u32, u32) {
        let (w, h) = (self.image.width(), self.image.height());
        if turns_sideways(self.orientation) {
            (h, w)
        } else {
            (w, h)
        }
    }
}

pub(super) fn turns_sideways(o: Orientation) -> bool {
    matches!(
        o,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    )
}

/// The most memory one decoded photo may take, as its header says it is
/// stored: checked before anything is decoded, so a small file declaring
/// a huge picture (a 2.5 MB PNG of 30000 x 30000 pixels) costs nothing.
/// 512 MiB is a 130-megapixel RGBA photo, beyond any camera's.
pub(crate) const MAX_DECODED: u64 = 512 << 20;

/// Decodes a photo (a phrase for the file's name on failure: "is not a valid JPEG...").
pub(crate) fn decode(bytes: &[u8], format: PhotoFormat) -> Result<Decoded, String> {
    let name = format.name();
    let bad = |e: image::ImageError| match e {
        image::ImageError::Limits(_) => crate::msg!(
            "image.too-large-memory",
            mib = Limits::default().max_alloc.unwrap_or(0) >> 20
        ),
        other => crate::msg!("image.invalid", name = name, error = other),
    };
    let cursor = Cursor::new(bytes);
    // Each decoder reads only the header when made.
    match format {
        PhotoFormat::Jpeg => {
            let decoder = image::codecs::jpeg::JpegDecoder::new(cursor).map_err(bad)?;
            fits(&decoder)?;
            finish_decode(decoder).map_err(bad)
        }
        PhotoFormat::Png | PhotoFormat::AnimatedPng => {
            let decoder = image::codecs::png::PngDecoder::with_limits(cursor, Limits::default())
                .map_err(bad)?;
            fits(&decoder)?;
            finish_decode(decoder).map_err(bad)
        }
        PhotoFormat::WebpLossy | PhotoFormat::WebpLossless | PhotoFormat::AnimatedWebp => {
            let decoder = image::codecs::webp::WebPDecoder::new(cursor).map_err(bad)?;
            fits(&decoder)?;
            finish_decode(decoder).map_err(bad)
        }
    }
}

/// Refuses a photo whose header declares more pixels than [`MAX_DECODED`] holds.
fn fits(decoder: &impl ImageDecoder) -> Result<(), String> {
    let (w, h) = decoder.dimensions();
    let bytes = decoder.total_bytes();
    if bytes <= MAX_DECODED {
        return Ok(());
    }
    Err(crate::msg!(
        "image.too-many-pixels",
        w = w,
        h = h,
        size = crate::files::human_size(bytes),
        max = crate::files::human_size(MAX_DECODED)
    ))
}

fn finish_decode(mut decoder: impl ImageDecoder) -> image::ImageResult<Decoded> {
    decoder.set_limits(Limits::default())?;
    // Broken EXIF or colour profile data must not lose the photo: without
    // them it is shown as stored, in sRGB.
    let orientation = decoder.orientation().unwrap_or(Orientation::NoTransforms);
    let icc = decoder.icc_profile().ok().flatten();
    let image = DynamicImage::from_decoder(decoder)?;
    Ok(Decoded {
        image: eight_bits(image),
        orientation,
        icc,
    })
}

/// 16-bit and float images become 8-bit: what the web shows, and half the
/// work to resize.
fn eight_bits(image: DynamicImage) -> DynamicImage {
    match image {
        DynamicImage::ImageLuma8(_)
        | DynamicImage::ImageLumaA8(_)
        | DynamicImage::ImageRgb8(_)
        | DynamicImage::ImageRgba8(_) => image,
        DynamicImage::ImageLuma16(_) => DynamicImage::ImageLuma8(image.to_luma8()),
        DynamicImage::ImageLumaA16(_) => DynamicImage::ImageLumaA8(image.to_luma_alpha8()),
        other if other.color().has_alpha() => DynamicImage::ImageRgba8(other.to_rgba8()),
        other => DynamicImage::ImageRgb8(other.to_rgb8()),
    }
}

/// One variant, `width` x `height` once upright, encoded.
pub(crate) fn make(
    d: &Decoded,
    width: u32,
    height: u32,
    output: Output,
) -> Result<Vec<u8>, String> {
    // Resize in the stored orientation, then turn the small result upright.
    let (stored_w, stored_h) = if turns_sideways(d.orientation) {
        (height, width)
    } else {
        (width, height)
    };
    let mut image = if (stored_w, stored_h) == (d.image.width(), d.image.height()) {
        d.image.clone()
    } else {
        let mut dst = DynamicImage::new(stored_w, stored_h, d.image.color());
        fr::Resizer::new()
            .resize(
                &d.image,
                &mut dst,
                &fr::ResizeOptions::new()
                    .resize_alg(fr::ResizeAlg::Convolution(fr::FilterType::Lanczos3)),
            )
            .map_err(|e| e.to_string())?;
        dst
    };
    image.apply_orientation(d.orientation);
    encode(&image, d.icc.as_deref(), output)
}

fn encode(image: &DynamicImage, icc: Option<&[u8]>, output: Output) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    match output {
        Output::Jpeg { quality } => {
            let (w, h) = (
                u16::try_from(image.width()).map_err(|_| crate::msg!("image.too-wide-jpeg"))?,
                u16::try_from(image.height()).map_err(|_| crate::msg!("image.too-tall-jpeg"))?,
            );
            let mut encoder = jpeg_encoder::Encoder::new(&mut out, quality);
            encoder.set_optimized_huffman_tables(true);
            // Progressive, also because optimised tables in a baseline JPEG
            // mean one scan per colour, which zune-jpeg (the decoder of the
            // `image` crate) reads wrongly: kheo's own tests, and any tool
            // built on it, could not check the variants.
            encoder.set_progressive(true);
            if let Some(icc) = icc {
                // A profile too large for JPEG's segments is left out: colours shift a little.
                let _ = encoder.add_icc_profile(icc);
            }
            let result = match image {
                DynamicImage::ImageLuma8(gray) => {
                    encoder.encode(gray.as_raw(), w, h, jpeg_encoder::ColorType::Luma)
                }
                other => {
                    let rgb = other.to_rgb8();
                    encoder.encode(rgb.as_raw(), w, h, jpeg_encoder::ColorType::Rgb)
                }
            };
            result.map_err(|e| e.to_string())?;
        }
        Output::Png => write_with(
            image::codecs::png::PngEncoder::new_with_quality(
                &mut out,
                image::codecs::png::CompressionType::Default,
                image::codecs::png::FilterType::Adaptive,
            ),
            image,
            icc,
        )?,
        Output::WebpLossless => write_with(
            image::codecs::webp::WebPEncoder::new_lossless(&mut out),
            image,
            icc,
        )?,
    }
    Ok(out)
}

/// Writes `image` with one of the `image` crate's encoders, its colour
/// profile first (an encoder that cannot carry one leaves it out).
fn write_with(
    mut encoder: impl ImageEncoder,
    image: &DynamicImage,
    icc: Option<&[u8]>,
) -> Result<(), String> {
    if let Some(icc) = icc {
        let _ = encoder.set_icc_profile(icc.to_vec());
    }
    encoder
        .write_image(
            image.as_bytes(),
            image.width(),
            image.height(),
            image.color().into(),
        )
        .map_err(|e| e.to_string())
}

#[cfg(test)]
pub(super) mod tests {
    use super::*;

    const WIDTHS: [u32; 4] = [320, 640, 1024, 1600];

    fn crc32(bytes: &[u8]) -> u32 {
        let mut crc = !0u32;
        for b in bytes {
            crc ^= u32::from(*b);
            for _ in 0..8 {
                crc = if crc & 1 == 1 {
                    (crc >> 1) ^ 0xedb8_8320
                } else {
                    crc >> 1
                };
            }
        }
        !crc
    }

    /// A PNG whose header declares `w` x `h` RGB pixels, with a token of data.
    pub(crate) fn png_declaring(w: u32, h: u32) -> Vec<u8> {
        let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
        let mut chunk = |kind: &[u8], data: &[u8]| {
            png.extend((data.len() as u32).to_be_bytes());
            let body = [kind, data].concat();
            png.extend(&body);
            png.extend(crc32(&body).to_be_bytes());
        };
        let mut ihdr = Vec::new();
        ihdr.extend(w.to_be_bytes());
        ihdr.extend(h.to_be_bytes());
        ihdr.extend([8, 2, 0, 0, 0]);
        chunk(b"IHDR", &ihdr);
        chunk(b"IDAT", &[0x78, 0x9c, 0x03, 0x00, 0x00, 0x00, 0x00, 0x01]);
        chunk(b"IEND", &[]);
        png
    }

    #[test]
    fn a_huge_picture_is_refused_from_its_header_before_decoding() {
        let started = std::time::Instant::now();
        let Err(why) = decode(&png_declaring(30_000, 30_000), PhotoFormat::Png) else {
            panic!("a 30000 x 30000 picture must be refused");
        };
        assert!(why.starts_with("is 30000 x 30000 pixels"), "{why}");
        assert!(why.contains("2.5 GiB"), "{why}");
        assert!(started.elapsed().as_secs() < 2, "refused without decoding");
        // Just within the limit, the decoder gets to the (broken) data.
        let Err(why) = decode(&png_declaring(4000, 3000), PhotoFormat::Png) else {
            panic!("the data is not a picture");
        };
        assert!(why.starts_with("is not a valid PNG"), "{why}");
    }

    #[test]
    fn a_large_photo_gets_every_width() {
        assert_eq!(
            plan((4000, 3000), &WIDTHS),
            [(320, 240), (640, 480), (1024, 768), (1600, 1200)]
        );
    }

    #[test]
    fn a_photo_is_never_enlarged_and_keeps_its_own_width() {
        assert_eq!(
            plan((1200, 800), &WIDTHS),
            [(320, 213), (640, 427), (1024, 683), (1200, 800)]
        );
        assert_eq!(plan((640, 480), &WIDTHS), [(320, 240), (640, 480)]);
        assert_eq!(plan((200, 100), &WIDTHS), [(200, 100)]);
        assert_eq!(plan((1600, 10), &WIDTHS)[0], (320, 2));
        assert_eq!(plan((5000, 1), &WIDTHS)[0], (320, 1), "at least one pixel");
    }

    fn photo(w: u32, h: u32) -> DynamicImage {
        DynamicImage::ImageRgb8(image::RgbImage::from_fn(w, h, |x, y| {
            image::Rgb([(x * 255 / w) as u8, (y * 255 / h) as u8, 128])
        }))
    }

    fn png_bytes(image: &DynamicImage) -> Vec<u8> {
        let mut out = Vec::new();
        image
            .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
            .unwrap();
        out
    }

    #[test]
    fn variants_have_the_planned_size_and_format() {
        let src = photo(300, 200);
        let d = decode(&png_bytes(&src), PhotoFormat::Png).unwrap();
        assert_eq!(d.oriented_size(), (300, 200));
        for output in [
            Output::Jpeg { quality: 80 },
            Output::Png,
            Output::WebpLossless,
        ] {
            let bytes = make(&d, 150, 100, output).unwrap();
            let back = image::load_from_memory(&bytes).unwrap();
            assert_eq!((back.width(), back.height()), (150, 100), "{output:?}");
            assert_eq!(
                image::guess_format(&bytes).unwrap().extensions_str()[0].replace("jpeg", "jpg"),
                output.extension()
            );
        }
    }

    #[test]
    fn sideways_photos_are_resized_then_turned() {
        let d = Decoded {
            image: photo(40, 20),
            orientation: Orientation::Rotate90,
            icc: None,
        };
        assert_eq!(d.oriented_size(), (20, 40));
        let bytes = make(&d, 10, 20, Output::Png).unwrap();
        let back = image::load_from_memory(&bytes).unwrap();
        assert_eq!((back.width(), back.height()), (10, 20));
    }

    #[test]
    fn encoding_is_deterministic() {
        let d = decode(&png_bytes(&photo(400, 300)), PhotoFormat::Png).unwrap();
        let a = make(&d, 200, 150, Output::Jpeg { quality: 75 }).unwrap();
        let b = make(&d, 200, 150, Output::Jpeg { quality: 75 }).unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn corrupt_bytes_say_what_is_wrong() {
        let mut bytes = Vec::new();
        photo(64, 64)
            .write_to(&mut Cursor::new(&mut bytes), image::ImageFormat::Jpeg)
            .unwrap();
        // A frame header announcing 7 colour components.
        let sof = bytes.windows(2).position(|w| w == [0xff, 0xc0]).unwrap();
        bytes[sof + 9] = 7;
        let err = decode(&bytes, PhotoFormat::Jpeg)
            .map(|d| d.oriented_size())
            .unwrap_err();
        assert!(err.starts_with("is not a valid JPEG image ("), "{err}");
        let mut png = png_bytes(&photo(64, 64));
        png.truncate(png.len() - 40);
        let err = decode(&png, PhotoFormat::Png)
            .map(|d| d.oriented_size())
            .unwrap_err();
        assert!(err.starts_with("is not a valid PNG image ("), "{err}");
    }
}
