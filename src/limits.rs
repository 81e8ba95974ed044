//! The limits kheo puts on what editors write, so that no input makes a
//! build's output, memory or time grow faster than the input itself, and no
//! output path is longer than file systems accept. Each limit is checked
//! where the value is written (file, line and column), by `build` and
//! `check` alike, and its message names the limit.

use crate::diag::{self, Diagnostics};
use crate::slug::slugify;
use crate::yaml::{Spanned, YamlSource};

/// Tags on one article. Each tag has a page and a feed that list the
/// article with all its tags, so an article's weight in the output grows
/// with the square of its tags: 10,000 tags wrote 3.7 GB.
pub const MAX_TAGS: usize = 30;

/// Bytes of one URL segment kheo makes from an editor's text (a slug, a tag,
/// a region name, a part of an alias). File systems accept 255 bytes in a
/// name; kheo keeps room for what it adds (`-2`, `.html`, `.320.<hash>.jpg`).
pub const MAX_SEGMENT_BYTES: usize = 200;

/// Levels of a region path (province > district > commune > village needs 4).
/// Every level is a page whose address and breadcrumb hold all the levels
/// above it, so pages grow with the square of the depth.
pub const MAX_REGION_DEPTH: usize = 8;

/// Bytes of an alias path. With [`MAX_SEGMENT_BYTES`] and
/// [`MAX_REGION_DEPTH`] this keeps every output path under 2,000 bytes, well
/// within the 4,096 bytes Linux accepts for a whole path.
pub const MAX_ALIAS_BYTES: usize = 1000;

/// Languages of a site. Every page links to its version in each language,
/// and the sitemap lists every version of every page, so pages grow with
/// the number of languages and the output with its square.
pub const MAX_LANGUAGES: usize = 20;

/// Entries of the main menu, which every page shows.
pub const MAX_MENU: usize = 30;

/// Declared counters. Every team card, on every article naming the team,
/// shows the team's figure for each counter.
pub const MAX_COUNTERS: usize = 50;

/// Widths of resized photos (`images.widths`): each photo is resized once
/// per width.
pub const MAX_IMAGE_WIDTHS: usize = 10;

/// The error for a list of site.yaml longer than its limit, at its first
/// entry past the limit.
pub(crate) fn too_many<T>(
    src: &YamlSource,
    what: &str,
    count: usize,
    limit: usize,
    extra: &Spanned<T>,
) -> crate::diag::Diagnostic {
    src.error_at(
        extra,
        crate::msg!("limits.too-many", count = count, what = what, limit = limit),
    )
    .with_code("limit")
}

/// Why `segment` (a URL segment made from an editor's text) is too long for
/// a file name, or `None` when it fits.
pub(crate) fn long_segment(segment: &str) -> Option<String> {
    (segment.len() > MAX_SEGMENT_BYTES).then(|| {
        crate::msg!(
            "limits.long-segment",
            segment = diag::shorten(segment, 60),
            bytes = segment.len(),
            limit = MAX_SEGMENT_BYTES
        )
    })
}

/// The tags of an article: at most [`MAX_TAGS`], each making a URL segment
/// that fits a file name.
pub(crate) fn check_tags(src: &YamlSource, tags: &[Spanned<String>], diags: &mut Diagnostics) {
    if let Some(extra) = tags.get(MAX_TAGS) {
        diags.push(
            src.error_at(
                extra,
                crate::msg!("limits.tags", count = tags.len(), limit = MAX_TAGS),
            )
            .with_code("limit")
            .with_hint(crate::msg!("limits.tags.hint", limit = MAX_TAGS)),
        );
    }
    for t in tags {
        if let Some(why) = long_segment(&slugify(&t.value)) {
            diags.push(
                src.error_at(t, crate::msg!("limits.tag-long", why = why))
                    .with_code("limit"),
            );
        }
    }
}

/// A `region:` list: at most [`MAX_REGION_DEPTH`] levels, each name making a
/// URL segment that fits a file name.
pub(crate) fn check_region_list(
    src: &YamlSource,
    list: &[Spanned<String>],
    diags: &mut Diagnostics,
) {
    if let Some(extra) = list.get(MAX_REGION_DEPTH) {
        diags.push(
            src.error_at(
                extra,
                crate::msg!(
                    "limits.region-depth",
                    count = list.len(),
                    limit = MAX_REGION_DEPTH
                ),
            )
            .with_code("limit"),
        );
    }
    for r in list {
        check_region_name(src, r, diags);
    }
}

/// A region's name must make a URL segment that fits a file name.
pub(crate) fn check_region_name(src: &YamlSource, name: &Spanned<String>, diags: &mut Diagnostics) {
    if let Some(why) = long_segment(&slugify(&name.value)) {
        diags.push(
            src.error_at(name, crate::msg!("limits.region-long", why = why))
                .with_code("limit"),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::unspanned;

    fn spanned_list(n: usize, make: impl Fn(usize) -> String) -> Vec<Spanned<String>> {
        (0..n).map(|i| unspanned(make(i))).collect()
    }

    #[test]
    fn tags_up_to_the_limit_pass() {
        let src = YamlSource::file("a.md", "");
        let mut d = Diagnostics::new();
        check_tags(
            &src,
            &spanned_list(MAX_TAGS, |i| format!("Tag {i}")),
            &mut d,
        );
        assert!(d.is_empty());
        check_tags(
            &src,
            &spanned_list(MAX_TAGS + 1, |i| format!("Tag {i}")),
            &mut d,
        );
        let all = d.into_sorted();
        assert_eq!(all.len(), 1);
        assert!(all[0].message.contains("31 tags"), "{}", all[0].message);
        assert!(all[0].message.contains("limit is 30"), "{}", all[0].message);
    }

    #[test]
    fn long_segments_are_measured_after_slugifying() {
        assert_eq!(long_segment(&"a".repeat(MAX_SEGMENT_BYTES)), None);
        let why = long_segment(&"a".repeat(MAX_SEGMENT_BYTES + 1)).unwrap();
        assert!(why.contains("201 bytes"), "{why}");
        assert!(why.len() < 250, "the message quotes a short excerpt: {why}");
        // Tone marks fold away, so a Vietnamese name is measured as its slug.
        let src = YamlSource::file("a.md", "");
        let mut d = Diagnostics::new();
        // 30 x `Đường ` is 270 bytes of text but a 179-byte slug.
        check_tags(&src, &[unspanned("Đường ".repeat(30))], &mut d);
        assert!(d.is_empty());
        check_tags(&src, &[unspanned("Đường ".repeat(40))], &mut d);
        assert_eq!(d.error_count(), 1);
    }

    #[test]
    fn region_depth() {
        let src = YamlSource::file("t.yaml", "");
        let mut d = Diagnostics::new();
        check_region_list(
            &src,
            &spanned_list(MAX_REGION_DEPTH, |i| format!("V {i}")),
            &mut d,
        );
        assert!(d.is_empty());
        check_region_list(&src, &spanned_list(10_000, |i| format!("V {i}")), &mut d);
        assert_eq!(d.error_count(), 1);
    }
}
