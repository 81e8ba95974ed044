//! What differs between Windows, macOS and Linux for the names kheo writes:
//! the file and folder names Windows cannot hold (device names such as `CON`,
//! some punctuation, a trailing dot or space), the form under which Windows
//! and macOS see two names as one (upper and lower case), and joining a
//! `/`-separated output path onto a native folder. The model checks every
//! output path with these rules on every system, so a site that builds on
//! Linux CI builds unchanged on an editor's Windows computer.

use std::path::{Path, PathBuf};

/// Device names Windows keeps, whatever the extension (`con.html` too).
const DEVICE_NAMES: [&str; 4] = ["CON", "PRN", "AUX", "NUL"];

/// Why Windows cannot create a file or folder named `name`, if it cannot.
pub(crate) fn windows_trouble(name: &str) -> Option<String> {
    if let Some(c) = name
        .chars()
        .find(|c| matches!(c, '<' | '>' | ':' | '"' | '\\' | '|' | '?' | '*') || c.is_control())
    {
        let shown = if c.is_control() {
            format!("U+{:04X}", u32::from(c))
        } else {
            format!("`{c}`")
        };
        return Some(crate::msg!(
            "portable.windows-char",
            name = name.escape_debug(),
            shown = shown
        ));
    }
    if name.ends_with(['.', ' ']) {
        return Some(crate::msg!("portable.windows-end", name = name));
    }
    // Windows compares the part before the first dot, trailing spaces ignored.
    let base = name.split('.').next().unwrap_or(name).trim_end_matches(' ');
    if is_device_name(base) {
        return Some(crate::msg!(
            "portable.windows-device",
            name = name,
            device = base.to_uppercase()
        ));
    }
    None
}

fn is_device_name(base: &str) -> bool {
    if DEVICE_NAMES.iter().any(|d| base.eq_ignore_ascii_case(d)) {
        return true;
    }
    // COM0-COM9 and LPT0-LPT9, and the superscript digits Windows also maps.
    let mut chars = base.chars();
    let head: String = chars.by_ref().take(3).collect();
    let digit = chars.next();
    (head.eq_ignore_ascii_case("COM") || head.eq_ignore_ascii_case("LPT"))
        && chars.next().is_none()
        && digit.is_some_and(|d| d.is_ascii_digit() || matches!(d, '¹' | '²' | '³'))
}

/// The form under which Windows and macOS (case-insensitive by default) see
/// two names as the same one.
pub(crate) fn fold_case(name: &str) -> String {
    if name.is_ascii() {
        name.to_ascii_lowercase()
    } else {
        name.to_lowercase()
    }
}

/// `base` joined with a `/`-separated relative path, one component at a
/// time, so the result uses the system's separator (a `\\?\` path on Windows
/// does not accept `/`).
pub(crate) fn join_rel(base: &Path, rel: &str) -> PathBuf {
    let mut path = base.to_path_buf();
    path.extend(rel.split('/').filter(|s| !s.is_empty()));
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn device_names_with_any_case_and_extension() {
        for name in [
            "con",
            "CON",
            "Con.html",
            "nul.tar.gz",
            "aux",
            "prn.txt",
            "com1",
            "COM9.jpg",
            "lpt0",
            "LPT³",
            "con .txt",
        ] {
            assert!(windows_trouble(name).is_some(), "{name}");
        }
        for name in [
            "cong",
            "con-duong",
            "icon.svg",
            "com",
            "com10",
            "lpt",
            "console.html",
            "index.html",
            "nulla",
            "dân-vận",
            ".kheo-cache",
        ] {
            assert_eq!(windows_trouble(name), None, "{name}");
        }
    }

    #[test]
    fn characters_and_endings_windows_refuses() {
        for name in [
            "a:b.jpg",
            "a?.jpg",
            "a*b",
            "a|b",
            "\"a\"",
            "<a>",
            "a\\b",
            "tab\there",
            "anh.",
            "anh ",
            "...",
        ] {
            assert!(windows_trouble(name).is_some(), "{name:?}");
        }
        let message = windows_trouble("ảnh: 1.jpg").unwrap();
        assert!(message.contains("`:`"), "{message}");
        assert!(windows_trouble("x\u{1}").unwrap().contains("U+0001"));
    }

    #[test]
    fn folded_names_ignore_case_vietnamese_letters_included() {
        assert_eq!(fold_case("Tin-Tuc"), fold_case("tin-tuc"));
        assert_eq!(fold_case("ẢNH-Đẹp.JPG"), fold_case("ảnh-đẹp.jpg"));
        assert_ne!(fold_case("anh"), fold_case("ảnh"));
    }

    #[test]
    fn joined_paths_use_native_components() {
        let base = Path::new("site");
        let joined = join_rel(base, "content/tin-tuc/bai.md");
        let parts: Vec<_> = joined
            .components()
            .map(|c| c.as_os_str().to_owned())
            .collect();
        assert_eq!(parts, ["site", "content", "tin-tuc", "bai.md"]);
        assert_eq!(join_rel(base, "a//b/"), base.join("a").join("b"));
    }
}
