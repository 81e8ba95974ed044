//! The built-in theme, embedded in the binary so a site needs no `themes/`
//! folder. A site's `themes/<name>/` overrides it file by file (see `load::theme`).

/// Output paths of the theme's own files, referenced by every page.
pub(crate) const CSS_FILE: &str = "kheo.css";
pub(crate) const JS_FILE: &str = "kheo.js";
pub(crate) const SEARCH_JS_FILE: &str = "search.js";
pub(crate) const SYNTAX_CSS_FILE: &str = "syntax.css";

/// A file of the built-in theme, by its path under `themes/default/`.
#[derive(Debug, Clone, Copy)]
pub struct EmbeddedFile {
    pub(crate) path: &'static str,
    pub bytes: &'static [u8],
}

macro_rules! embed {
    ($($path:literal),* $(,)?) => {
        &[$(EmbeddedFile {
            path: $path,
            bytes: include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/", $path)),
        }),*]
    };
}

/// Every file of `themes/default/`.
pub(crate) const DEFAULT_THEME: &[EmbeddedFile] = embed!(
    "i18n/en.yaml",
    "i18n/vi.yaml",
    "static/favicon.svg",
    "static/kheo.css",
    "static/kheo.js",
    "static/redirect.js",
    "static/search.js",
    "templates/404.html",
    "templates/archive.html",
    "templates/article.html",
    "templates/base.html",
    "templates/components.html",
    "templates/document.html",
    "templates/documents.html",
    "templates/index.html",
    "templates/page.html",
    "templates/region.html",
    "templates/regions.html",
    "templates/search.html",
    "templates/section.html",
    "templates/statistics.html",
    "templates/tag.html",
    "templates/tags.html",
    "templates/team.html",
    "templates/teams.html",
    "templates/year.html",
);

/// A built-in theme file by path.
pub fn embedded(path: &str) -> Option<&'static EmbeddedFile> {
    DEFAULT_THEME.iter().find(|f| f.path == path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_file_of_the_default_theme_is_embedded() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let mut on_disk: Vec<String> = walkdir::WalkDir::new(&root)
            .into_iter()
            .filter_map(Result::ok)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                e.path()
                    .strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/")
            })
            .collect();
        on_disk.sort();
        let embedded: Vec<&str> = DEFAULT_THEME.iter().map(|f| f.path).collect();
        assert_eq!(
            on_disk, embedded,
            "list new theme files in DEFAULT_THEME (sorted)"
        );
    }

    #[test]
    fn embedded_text_is_utf8() {
        for f in DEFAULT_THEME {
            assert!(std::str::from_utf8(f.bytes).is_ok(), "{}", f.path);
        }
        assert!(embedded("templates/base.html").is_some());
    }

    /// A Windows checkout with `core.autocrlf` would embed CRLF and make the
    /// binary's pages and asset hashes differ from a Linux build;
    /// `.gitattributes` keeps LF, and this catches a checkout that did not.
    #[test]
    fn embedded_text_has_lf_line_ends() {
        for f in DEFAULT_THEME {
            assert!(!f.bytes.contains(&b'\r'), "{} has CR line ends", f.path);
        }
    }
}
