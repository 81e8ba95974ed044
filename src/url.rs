//! Paths and URLs: percent-encoding of output paths, and where a link or
//! image written in an article points inside `content/`.

/// Percent-encodes an output path for use in a URL (`/` kept).
pub(crate) fn encode_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for b in path.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~' | b'/') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Decodes `%XX` escapes (invalid ones are kept as written).
pub(crate) fn decode_percent(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && let Some(hex) = s.get(i + 1..i + 3)
            && let Ok(v) = u8::from_str_radix(hex, 16)
        {
            out.push(v);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| s.to_owned())
}

/// Joins `rel` onto the folder `dir` and resolves `.` and `..`; `None` if
/// the result climbs above the root.
pub(crate) fn normalize_rel(dir: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// Where a destination written in an article points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Local {
    /// `https://...`, `mailto:...`, `//host/...`: not ours.
    External,
    /// `/tin-tuc/x/`: a path from the site's root, without the leading `/`.
    SiteAbsolute(String),
    /// A file inside `content/`, by its content-relative path.
    Relative(String),
    /// A relative path that climbs out of `content/`.
    Outside,
}

/// Classifies a destination (without its `#fragment` or `?query`) written in
/// a file of the content folder `dir`.
pub(crate) fn resolve_local(dir: &str, dest: &str) -> Local {
    if has_scheme(dest) || dest.starts_with("//") {
        return Local::External;
    }
    let decoded = crate::text::nfc(decode_percent(dest));
    if let Some(abs) = decoded.strip_prefix('/') {
        return Local::SiteAbsolute(abs.to_owned());
    }
    match normalize_rel(dir, &decoded) {
        Some(p) => Local::Relative(p),
        None => Local::Outside,
    }
}

fn has_scheme(s: &str) -> bool {
    match s.find(':') {
        Some(i) if i > 0 => {
            let scheme = &s[..i];
            scheme.starts_with(|c: char| c.is_ascii_alphabetic())
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
        }
        _ => false,
    }
}

/// Splits `path#frag` / `path?q#frag` into the path and the rest (`#frag`, `?q#frag`).
pub(crate) fn split_suffix(dest: &str) -> (&str, &str) {
    match dest.find(['#', '?']) {
        Some(i) => (&dest[..i], &dest[i..]),
        None => (dest, ""),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn encoding_keeps_slugs_and_escapes_the_rest() {
        assert_eq!(encode_path("tin-tuc/x/"), "tin-tuc/x/");
        assert_eq!(
            encode_path("tin-tuc/ảnh hội nghị.jpg"),
            "tin-tuc/%E1%BA%A3nh%20h%E1%BB%99i%20ngh%E1%BB%8B.jpg"
        );
    }

    #[test]
    fn relative_paths() {
        assert_eq!(
            normalize_rel("tin-tuc", "../mo-hinh/x.md").as_deref(),
            Some("mo-hinh/x.md")
        );
        assert_eq!(
            normalize_rel("tin-tuc/2024", "./anh.jpg").as_deref(),
            Some("tin-tuc/2024/anh.jpg")
        );
        assert_eq!(normalize_rel("tin-tuc", "../../x"), None);
        assert_eq!(
            normalize_rel("", "gioi-thieu.md").as_deref(),
            Some("gioi-thieu.md")
        );
    }

    #[test]
    fn classification() {
        assert_eq!(resolve_local("a", "https://x.vn/"), Local::External);
        assert_eq!(resolve_local("a", "mailto:a@b.vn"), Local::External);
        assert_eq!(resolve_local("a", "//cdn.x/y"), Local::External);
        assert_eq!(
            resolve_local("a", "/so-lieu/"),
            Local::SiteAbsolute("so-lieu/".into())
        );
        assert_eq!(
            resolve_local("a", "b%20c.jpg"),
            Local::Relative("a/b c.jpg".into())
        );
        assert_eq!(resolve_local("a", "../../etc/passwd"), Local::Outside);
        // "C:" looks like a scheme only with letters before the colon.
        assert_eq!(resolve_local("a", "x:y"), Local::External);
        assert_eq!(
            resolve_local("a", "2024:x"),
            Local::Relative("a/2024:x".into())
        );
    }

    #[test]
    fn suffixes() {
        assert_eq!(split_suffix("x.md#a"), ("x.md", "#a"));
        assert_eq!(split_suffix("x.md?v=1#a"), ("x.md", "?v=1#a"));
        assert_eq!(split_suffix("x.md"), ("x.md", ""));
    }

    proptest! {
        #[test]
        fn decode_inverts_encode(s in "\\PC{0,30}") {
            prop_assert_eq!(decode_percent(&encode_path(&s)), s);
        }

        #[test]
        fn normalized_paths_never_climb(dir in "[a-z/]{0,10}", rel in "[a-z./]{0,20}") {
            if let Some(p) = normalize_rel(&dir, &rel) {
                prop_assert!(!p.split('/').any(|s| s == ".." || s == "."));
            }
        }
    }
}
