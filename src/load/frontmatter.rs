//! Splitting an article into its YAML front matter and Markdown body, keeping
//! the line numbers of both so errors point into the original file.

/// An article file cut in two.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Split<'a> {
    /// The YAML between the `---` lines.
    pub(crate) yaml: &'a str,
    /// The Markdown after the closing line.
    pub(crate) body: &'a str,
    /// Line number of the body's first line in the file.
    pub(crate) body_line: usize,
}

/// Why an article could not be split.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum SplitError {
    /// The file does not start with `---`.
    Missing,
    /// No closing `---` (or `...`) line; `line` is where the front matter opened.
    NotClosed { line: usize },
}

/// [`split`], with a missing or unclosed front matter reported at `file`;
/// `missing` tells the editor what the file must start with.
pub(crate) fn split_reported<'t>(
    text: &'t str,
    file: &str,
    missing: &str,
    diags: &mut crate::diag::Diagnostics,
) -> Option<Split<'t>> {
    use crate::diag::Diagnostic;
    match split(text) {
        Ok(s) => Some(s),
        Err(SplitError::Missing) => {
            diags.push(
                Diagnostic::error(file, 1, 1, missing)
                    .with_code("front-matter")
                    .with_source(text),
            );
            None
        }
        Err(SplitError::NotClosed { line }) => {
            diags.push(
                Diagnostic::error(file, line, 1, crate::msg!("front-matter.not-closed"))
                    .with_code("front-matter")
                    .with_source(text)
                    .with_hint(crate::msg!("front-matter.not-closed.hint")),
            );
            None
        }
    }
}

fn is_fence(line: &str) -> bool {
    line.trim_end() == "---"
}

/// Splits normalised text (LF line ends, no BOM).
pub(crate) fn split(text: &str) -> Result<Split<'_>, SplitError> {
    let first_end = text.find('\n').unwrap_or(text.len());
    if !is_fence(&text[..first_end]) {
        return Err(SplitError::Missing);
    }
    let yaml_start = (first_end + 1).min(text.len());
    let mut pos = yaml_start;
    let mut line = 2;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        let l = &text[pos..end];
        if is_fence(l) || l.trim_end() == "..." {
            let body_start = (end + 1).min(text.len());
            return Ok(Split {
                yaml: &text[yaml_start..pos],
                body: &text[body_start..],
                body_line: line + 1,
            });
        }
        pos = end + 1;
        line += 1;
    }
    Err(SplitError::NotClosed { line: 1 })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn splits_and_counts_lines() {
        let s = split("---\ntitle: A\ndate: 2024-01-01\n---\n\nBody\n").unwrap();
        assert_eq!(s.yaml, "title: A\ndate: 2024-01-01\n");
        assert_eq!(s.body, "\nBody\n");
        assert_eq!(s.body_line, 5);
    }

    #[test]
    fn empty_front_matter_and_empty_body() {
        let s = split("---\n---").unwrap();
        assert_eq!((s.yaml, s.body, s.body_line), ("", "", 3));
    }

    #[test]
    fn dots_close_too_and_trailing_spaces_are_fine() {
        let s = split("--- \ntitle: A\n...\nx").unwrap();
        assert_eq!((s.yaml, s.body), ("title: A\n", "x"));
    }

    #[test]
    fn problems() {
        assert_eq!(split("title: A\n"), Err(SplitError::Missing));
        assert_eq!(split(""), Err(SplitError::Missing));
        assert_eq!(
            split("---\ntitle: A\n"),
            Err(SplitError::NotClosed { line: 1 })
        );
        // A thematic break inside the body is not the closing line of anything.
        let s = split("---\na: 1\n---\ntext\n---\nmore").unwrap();
        assert_eq!(s.body, "text\n---\nmore");
    }

    proptest! {
        #[test]
        fn never_panics_and_body_is_a_suffix(s in "(---\n)?[a-z: \n-]{0,60}") {
            if let Ok(parts) = split(&s) {
                prop_assert!(s.ends_with(parts.body));
                prop_assert!(s.contains(parts.yaml));
            }
        }
    }
}
