//! An article's Markdown body as loaded: where its text is (or the text,
//! when held), and what the model needs of it (document numbers cited,
//! whether it holds fenced code). Built by `load`, kept by the model apart
//! from the `Site` ([`crate::model::Bodies`]), consumed by `render`.

use std::path::{Path, PathBuf};

/// An article's Markdown body, and what the model needs of it. `kheo serve`
/// holds every body (its load cache keeps each file parsed between
/// rebuilds); a build keeps only where the body is, and reads it again when
/// its page renders, so that it never holds the bodies of the whole site.
#[derive(Debug, Clone)]
pub struct Body {
    /// The text, when held.
    held: Option<String>,
    /// Else the file (as loaded), the body's byte range in its decoded text
    /// and the body's hash, which tells a file changed since it was loaded.
    path: PathBuf,
    range: std::ops::Range<usize>,
    hash: u64,
    /// Whether it may hold fenced code (```` ``` ```` or `~~~`): the site
    /// then needs the highlighting stylesheet.
    pub(crate) fenced: bool,
    /// The document numbers it cites, each with where (line, column, text of
    /// the line in the file), in the body's order.
    pub(crate) citations: Vec<Citation>,
    /// Where its pictures and links point, as written: the photo stage
    /// plans the image files pages use before the render.
    pub(crate) refs: crate::markdown::Refs,
}

/// A document number cited in an article's body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Citation {
    /// The number as a key ([`crate::model::documents::Documents::by_key`]).
    pub(crate) key: String,
    pub(crate) line: usize,
    pub(crate) column: usize,
    /// The line of the file it is on.
    pub(crate) text: String,
}

impl Body {
    /// A body loaded from `path` (the file as it was read), which is
    /// `text[range]` once decoded. `hold` keeps the text.
    pub(crate) fn new(
        path: &Path,
        text: &str,
        range: std::ops::Range<usize>,
        hold: bool,
        citations: Vec<Citation>,
    ) -> Body {
        let body = text.get(range.clone()).unwrap_or_default();
        Body {
            held: hold.then(|| body.to_owned()),
            path: path.to_path_buf(),
            hash: xxhash_rust::xxh3::xxh3_64(body.as_bytes()),
            fenced: body.contains("```") || body.contains("~~~"),
            range,
            citations,
            refs: crate::markdown::Refs::default(),
        }
    }

    /// The body, with where its pictures and links point.
    pub(crate) fn with_refs(self, refs: crate::markdown::Refs) -> Body {
        Body { refs, ..self }
    }

    /// The text: the one held, else read again from its file. `Err` says
    /// why it cannot be (the file is gone, or changed since it was loaded).
    pub(crate) fn text(&self) -> Result<std::borrow::Cow<'_, str>, String> {
        if let Some(t) = &self.held {
            return Ok(std::borrow::Cow::Borrowed(t));
        }
        let changed = || crate::msg!("file.changed");
        let bytes = crate::files::read(&self.path, crate::files::TEXT)
            .map_err(|e| crate::msg!("file.unreadable", error = e))?;
        let range = self.range.clone();
        let same = |t: &str| {
            t.get(range.clone())
                .is_some_and(|b| xxhash_rust::xxh3::xxh3_64(b.as_bytes()) == self.hash)
        };
        // Most files need no normalising (no byte order mark, no CR, NFC
        // already): the text as read is the one loaded when its body hashes
        // the same. Else it is decoded as when it was loaded.
        let mut text = match String::from_utf8(bytes) {
            Ok(raw) if same(&raw) => raw,
            Ok(raw) => crate::text::normalize(raw),
            Err(_) => return Err(changed()),
        };
        if !same(&text) {
            return Err(changed());
        }
        text.truncate(range.end);
        text.drain(..range.start);
        Ok(std::borrow::Cow::Owned(text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_body_not_held_is_read_again_and_a_changed_file_refused() {
        let dir = tempfile::TempDir::new().unwrap();
        let file = dir.path().join("a.md");
        let text = "---\ntitle: A\n---\nMột ```đoạn``` mã.\n";
        std::fs::write(&file, text).unwrap();
        let start = text.find("Một").unwrap();
        let body = Body::new(&file, text, start..text.len(), false, Vec::new());
        assert!(body.held.is_none());
        assert!(body.fenced);
        assert_eq!(body.text().unwrap(), "Một ```đoạn``` mã.\n");
        // Written with a byte order mark and CRLF: decoded the same way.
        std::fs::write(
            &file,
            "\u{feff}---\r\ntitle: A\r\n---\r\nMột ```đoạn``` mã.\r\n",
        )
        .unwrap();
        assert_eq!(body.text().unwrap(), "Một ```đoạn``` mã.\n");
        let held = Body::new(&file, text, start..text.len(), true, Vec::new());
        // Changed since it was loaded: refused, unless held.
        std::fs::write(&file, "---\ntitle: A\n---\nMột đoạn khác.\n").unwrap();
        let why = body.text().unwrap_err();
        assert!(
            why.contains("changed while the site was being built"),
            "{why}"
        );
        assert_eq!(held.text().unwrap(), "Một ```đoạn``` mã.\n");
        std::fs::remove_file(&file).unwrap();
        assert!(body.text().unwrap_err().contains("can no longer be read"));
        let plain = Body::new(&file, "x\n", 0..2, false, Vec::new());
        assert!(!plain.fenced);
    }
}
