//! Syntax highlighting of fenced code blocks with syntect, into CSS classes
//! (never inline `style=`), plus the one stylesheet those classes need.
//!
//! The stylesheet is made readable before it is written: syntect's bundled
//! themes use greys and greens that fail WCAG contrast (InspiredGitHub's
//! comments are 2.7:1), so every token colour is darkened (on a light
//! background) or lightened (on a dark one) until it reaches 4.5:1.
//!
//! The syntax set is loaded once, and only when a page has a fenced block
//! with a language: most sites of this kind have none.

use std::sync::OnceLock;

use syntect::highlighting::{Color, Theme, ThemeSet};
use syntect::html::{ClassStyle, ClassedHTMLGenerator, css_for_theme_with_class_style};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// Classes are prefixed so they cannot clash with a theme's own CSS.
const CLASS_STYLE: ClassStyle = ClassStyle::SpacedPrefixed { prefix: "hl-" };

fn syntaxes() -> &'static SyntaxSet {
    static SET: OnceLock<SyntaxSet> = OnceLock::new();
    SET.get_or_init(SyntaxSet::load_defaults_newlines)
}

fn themes() -> &'static ThemeSet {
    static SET: OnceLock<ThemeSet> = OnceLock::new();
    SET.get_or_init(ThemeSet::load_defaults)
}

/// Names of the built-in highlighting themes, sorted.
pub(crate) fn theme_names() -> Vec<&'static str> {
    themes().themes.keys().map(String::as_str).collect()
}

/// WCAG AA for normal text.
const MIN_CONTRAST: f64 = 4.5;

/// The class on a highlighted block's `<pre>`: syntect's rule for it carries
/// the theme's own background and text colour.
pub(crate) const BLOCK_CLASS: &str = "hl-code";

/// The stylesheet for a theme name, or `None` if there is no such theme.
pub(crate) fn stylesheet(theme: &str) -> Option<String> {
    let t = readable(themes().themes.get(theme)?);
    let css = css_for_theme_with_class_style(&t, CLASS_STYLE).ok()?;
    // The theme's block colours must win over the site stylesheet's plain
    // `pre.code` rule, whatever order the two files load in.
    let bg = t.settings.background.map_or(WHITE, opaque);
    let fg = t.settings.foreground.map_or(BLACK, |c| over(c, bg));
    Some(format!(
        "{css}\n.prose pre.code.{BLOCK_CLASS}, pre.code.{BLOCK_CLASS} {{ background-color: {}; color: {}; }}\n",
        hex(bg),
        hex(fg)
    ))
}

const WHITE: Color = Color::WHITE;
const BLACK: Color = Color::BLACK;

/// A copy of `theme` whose colours all reach [`MIN_CONTRAST`] against the
/// background they are drawn on.
fn readable(theme: &Theme) -> Theme {
    let mut t = theme.clone();
    let bg = t.settings.background.map_or(WHITE, opaque);
    t.settings.background = Some(bg);
    let fg = t.settings.foreground.map_or(BLACK, |c| over(c, bg));
    t.settings.foreground = Some(with_contrast(fg, bg));
    for item in &mut t.scopes {
        let item_bg = item.style.background.map_or(bg, |c| over(c, bg));
        if item.style.background.is_some() {
            item.style.background = Some(item_bg);
        }
        if let Some(c) = item.style.foreground {
            item.style.foreground = Some(with_contrast(over(c, item_bg), item_bg));
        }
    }
    t
}

fn opaque(c: Color) -> Color {
    over(c, WHITE)
}

/// `c` drawn over the opaque `bg`, as one opaque colour.
fn over(c: Color, bg: Color) -> Color {
    let a = f64::from(c.a) / 255.0;
    let mix = |x: u8, y: u8| (f64::from(x) * a + f64::from(y) * (1.0 - a)).round() as u8;
    Color {
        r: mix(c.r, bg.r),
        g: mix(c.g, bg.g),
        b: mix(c.b, bg.b),
        a: 0xff,
    }
}

/// `fg`, moved towards black on a light `bg` (towards white on a dark one)
/// in small steps until the pair reaches [`MIN_CONTRAST`].
fn with_contrast(fg: Color, bg: Color) -> Color {
    let target = if luminance(bg) > 0.18 { BLACK } else { WHITE };
    let mut c = fg;
    for step in 1..=20 {
        if contrast(c, bg) >= MIN_CONTRAST {
            break;
        }
        let a = (f64::from(step) * 0.05 * 255.0).round() as u8;
        c = over(Color { a, ..target }, fg);
    }
    c
}

/// WCAG relative luminance.
fn luminance(c: Color) -> f64 {
    let channel = |v: u8| {
        let v = f64::from(v) / 255.0;
        if v <= 0.04045 {
            v / 12.92
        } else {
            ((v + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * channel(c.r) + 0.7152 * channel(c.g) + 0.0722 * channel(c.b)
}

/// WCAG contrast ratio, 1 to 21.
fn contrast(a: Color, b: Color) -> f64 {
    let (la, lb) = (luminance(a), luminance(b));
    (la.max(lb) + 0.05) / (la.min(lb) + 0.05)
}

fn hex(c: Color) -> String {
    format!("#{:02x}{:02x}{:02x}", c.r, c.g, c.b)
}

/// Highlights `code` written in `lang` (a fence info word such as `yaml`).
/// Returns `None` when the language is unknown, so the caller can escape it plainly.
pub(crate) fn highlight(code: &str, lang: &str) -> Option<String> {
    let set = syntaxes();
    let syntax = set.find_syntax_by_token(lang)?;
    let mut generator = ClassedHTMLGenerator::new_with_class_style(syntax, set, CLASS_STYLE);
    for line in LinesWithEndings::from(code) {
        generator
            .parse_html_for_line_which_includes_newline(line)
            .ok()?;
    }
    Some(generator.finalize())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_language_gets_classes_not_styles() {
        let html = highlight("roads_km: 2.8\n", "yaml").unwrap();
        assert!(html.contains("class=\"hl-"), "{html}");
        assert!(!html.contains("style="));
    }

    #[test]
    fn unknown_language_is_none() {
        assert!(highlight("x", "no-such-language").is_none());
    }

    #[test]
    fn every_bundled_theme_becomes_readable() {
        for name in theme_names() {
            let original = &themes().themes[name];
            let t = readable(original);
            let bg = t.settings.background.unwrap();
            let fg = t.settings.foreground.unwrap();
            assert!(contrast(fg, bg) >= MIN_CONTRAST, "{name} text");
            for item in &t.scopes {
                let item_bg = item.style.background.unwrap_or(bg);
                if let Some(c) = item.style.foreground {
                    let ratio = contrast(c, item_bg);
                    assert!(
                        ratio >= MIN_CONTRAST,
                        "{name}: {} on {} is {ratio:.2}",
                        hex(c),
                        hex(item_bg)
                    );
                }
            }
        }
    }

    #[test]
    fn colours_that_already_pass_are_kept() {
        let navy = Color {
            r: 0x18,
            g: 0x36,
            b: 0x91,
            a: 0xff,
        };
        assert_eq!(with_contrast(navy, WHITE), navy);
        // InspiredGitHub's comment grey (2.7:1 on white) is darkened.
        let grey = Color {
            r: 0x96,
            g: 0x98,
            b: 0x96,
            a: 0xff,
        };
        assert!(contrast(grey, WHITE) < MIN_CONTRAST);
        let fixed = with_contrast(grey, WHITE);
        assert!(contrast(fixed, WHITE) >= MIN_CONTRAST);
        assert!(luminance(fixed) < luminance(grey));
        // On a dark background a dim colour is lightened instead.
        let dark = Color {
            r: 0x2b,
            g: 0x30,
            b: 0x3b,
            a: 0xff,
        };
        let dim = Color {
            r: 0x50,
            g: 0x50,
            b: 0x60,
            a: 0xff,
        };
        assert!(luminance(with_contrast(dim, dark)) > luminance(dim));
    }

    #[test]
    fn stylesheet_puts_the_theme_background_on_highlighted_blocks() {
        let css = stylesheet("base16-ocean.dark").unwrap();
        assert!(
            css.contains("pre.code.hl-code { background-color: #2b303b;"),
            "{css}"
        );
    }

    #[test]
    fn stylesheet_for_default_theme() {
        let css = stylesheet("InspiredGitHub").unwrap();
        assert!(css.contains(".hl-"));
        assert!(stylesheet("Nope").is_none());
        assert!(theme_names().contains(&"InspiredGitHub"));
    }
}
