//! Syntax highlighting of fenced code blocks with syntect, into CSS classes
//! (never inline `style=`), plus the one stylesheet those classes need.
//!
//! The syntax set is loaded once, and only when a page has a fenced block
//! with a language: most sites of this kind have none.

use std::sync::OnceLock;

use syntect::highlighting::ThemeSet;
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
pub fn theme_names() -> Vec<&'static str> {
    themes().themes.keys().map(String::as_str).collect()
}

/// The stylesheet for a theme name, or `None` if there is no such theme.
pub fn stylesheet(theme: &str) -> Option<String> {
    let t = themes().themes.get(theme)?;
    css_for_theme_with_class_style(t, CLASS_STYLE).ok()
}

/// Highlights `code` written in `lang` (a fence info word such as `yaml`).
/// Returns `None` when the language is unknown, so the caller can escape it plainly.
pub fn highlight(code: &str, lang: &str) -> Option<String> {
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
    fn stylesheet_for_default_theme() {
        let css = stylesheet("InspiredGitHub").unwrap();
        assert!(css.contains(".hl-"));
        assert!(stylesheet("Nope").is_none());
        assert!(theme_names().contains(&"InspiredGitHub"));
    }
}
