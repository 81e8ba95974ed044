//! Diagnostics: every problem kheo finds in a site, reported as
//! `path:line:column: error: message` with the offending line and a caret.
//!
//! Stages never stop at the first problem: they push into a [`Diagnostics`]
//! list, and the caller prints the whole list once, sorted by file and line.

use std::fmt::{self, Write as _};

/// How bad a problem is. Errors fail the build; warnings do not.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Severity {
    Error,
    Warning,
}

impl Severity {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem, located in a file of the site.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Diagnostic {
    pub(crate) severity: Severity,
    /// Path relative to the site root, with `/` separators.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column, counted in characters.
    pub column: usize,
    pub message: String,
    /// A stable name for the kind of problem (`unknown-key`, `date`,
    /// `collision`, `link`...), for editors' tools reading `--format json`.
    pub code: &'static str,
    /// A suggestion for what to do next.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub hint: Option<String>,
    /// The text of the offending line, kept so the report never re-reads the file.
    #[serde(skip)]
    pub source_line: Option<String>,
    /// When `source_line` holds only a window of a long line (see
    /// [`Diagnostic::with_line`]): the column the window's first character
    /// stands for, less one.
    #[serde(skip)]
    pub(crate) source_from: Option<usize>,
}

/// A place in a file, with the (windowed) text of its line, kept by later
/// stages to report a problem found there (see [`Diagnostic::place`]).
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub(crate) struct Place {
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) source_line: Option<String>,
    pub(crate) source_from: Option<usize>,
}

impl Diagnostic {
    pub(crate) fn error(
        file: impl Into<String>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Error,
            file: file.into(),
            line: line.max(1),
            column: column.max(1),
            message: shorten_quoted(message.into()),
            code: "error",
            hint: None,
            source_line: None,
            source_from: None,
        }
    }

    pub(crate) fn warning(
        file: impl Into<String>,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Self {
        Diagnostic {
            severity: Severity::Warning,
            code: "warning",
            ..Diagnostic::error(file, line, column, message)
        }
    }

    pub(crate) fn with_code(mut self, code: &'static str) -> Self {
        self.code = code;
        self
    }

    pub(crate) fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(shorten_quoted(hint.into()));
        self
    }

    /// Attaches the offending line, taken from the file's (already decoded) text.
    pub(crate) fn with_source(self, text: &str) -> Self {
        match text.lines().nth(self.line - 1) {
            Some(line) => self.with_line(line),
            None => self,
        }
    }

    /// Attaches the text of the offending line. A long line (a Markdown file
    /// written on one line, a minified file) is kept only as a window around
    /// the column, so a report never prints, nor holds, a whole megabyte.
    pub(crate) fn with_line(mut self, line: &str) -> Self {
        let (shown, from) = excerpt(line, self.column);
        self.source_line = Some(shown);
        self.source_from = Some(from);
        self
    }

    /// Where this diagnostic points, to point another one there later.
    pub(crate) fn place(&self) -> Place {
        Place {
            line: self.line,
            column: self.column,
            source_line: self.source_line.clone(),
            source_from: self.source_from,
        }
    }

    /// Points this diagnostic at `place` (in the same file).
    pub(crate) fn at(mut self, place: &Place) -> Self {
        self.line = place.line;
        self.column = place.column;
        self.source_line = place.source_line.clone();
        self.source_from = place.source_from;
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// Renders the diagnostic; `color` adds ANSI colours for a terminal.
    pub fn render(&self, color: bool) -> String {
        let (bold, red, yellow, blue, reset) = if color {
            (
                "\x1b[1m",
                "\x1b[1;31m",
                "\x1b[1;33m",
                "\x1b[1;34m",
                "\x1b[0m",
            )
        } else {
            ("", "", "", "", "")
        };
        let sev_color = match self.severity {
            Severity::Error => red,
            Severity::Warning => yellow,
        };
        let mut out = String::new();
        let _ = write!(
            out,
            "{bold}{}:{}:{}:{reset} {sev_color}{}:{reset} {bold}{}{reset}",
            self.file,
            self.line,
            self.column,
            self.severity.as_str(),
            self.message
        );
        if let Some(src) = &self.source_line {
            let number = self.line.to_string();
            let pad = " ".repeat(number.len());
            // A line set directly (not through `with_line`) is windowed here.
            let (shown, from) = match self.source_from {
                Some(from) => (src.clone(), from),
                None => excerpt(src, self.column),
            };
            // Tabs would misplace the caret; show them as single spaces.
            let shown: String = shown
                .chars()
                .map(|c| if c == '\t' { ' ' } else { c })
                .collect();
            let caret_at = (self.column - 1)
                .saturating_sub(from)
                .min(shown.chars().count());
            let _ = write!(
                out,
                "\n{blue}{pad} |{reset}\n{blue}{number} |{reset} {shown}\n{blue}{pad} |{reset} {}{sev_color}^{reset}",
                " ".repeat(caret_at)
            );
        }
        if let Some(hint) = &self.hint {
            let _ = write!(
                out,
                "\n{blue}  = {}:{reset} {hint}",
                crate::msg!("diag.hint")
            );
        }
        out
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.render(false))
    }
}

/// Characters of a source line shown at most; a longer line is shown as a
/// window of this many characters around the column, with `…` where cut.
pub(crate) const LINE_WINDOW: usize = 120;

/// The part of `line` shown for a problem at `column` (1-based), and the
/// column its first character stands for, less one (for the caret).
fn excerpt(line: &str, column: usize) -> (String, usize) {
    let len = line.chars().count();
    if len <= LINE_WINDOW {
        return (line.to_owned(), 0);
    }
    let at = (column.max(1) - 1).min(len);
    let end = (at.saturating_sub(LINE_WINDOW / 2) + LINE_WINDOW).min(len);
    let start = end - LINE_WINDOW;
    let mut shown = String::with_capacity(LINE_WINDOW * 4 + 6);
    if start > 0 {
        shown.push('…');
    }
    shown.extend(line.chars().skip(start).take(end - start));
    if end < len {
        shown.push('…');
    }
    // The leading `…` takes the place of the character before the window.
    (shown, start.saturating_sub(1))
}

/// `text` if it has at most `max` characters, else its start and end with
/// `…` between: how a message quotes a value an editor wrote, however long.
pub(crate) fn shorten(text: &str, max: usize) -> String {
    let len = text.chars().count();
    if len <= max {
        return text.to_owned();
    }
    let tail = max / 3;
    let head = max.saturating_sub(tail + 1);
    let mut out: String = text.chars().take(head).collect();
    out.push('…');
    out.extend(text.chars().skip(len - tail));
    out
}

/// Longest value quoted in a message, between backticks.
const QUOTE_CHARS: usize = 80;
/// Longest message or hint.
const MESSAGE_CHARS: usize = 600;

/// A message with every `quoted` value cut to [`QUOTE_CHARS`] and the
/// whole to [`MESSAGE_CHARS`]: a value written on a megabyte-long line must
/// not make a megabyte-long message.
fn shorten_quoted(message: String) -> String {
    if message.len() <= QUOTE_CHARS {
        return message;
    }
    let mut out = String::with_capacity(message.len().min(MESSAGE_CHARS * 4));
    for (i, part) in message.split('`').enumerate() {
        if i > 0 {
            out.push('`');
        }
        // Odd parts are between backticks.
        if i % 2 == 1 {
            out.push_str(&shorten(part, QUOTE_CHARS));
        } else {
            out.push_str(part);
        }
    }
    shorten(&out, MESSAGE_CHARS)
}

/// The candidate closest to a mistyped word, when it is close enough to be
/// what was meant: for "did you mean `base_url`?" hints. Ties go to the
/// first in byte order, so the hint never depends on iteration order.
pub(crate) fn closest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    candidates
        .into_iter()
        .map(|c| (edit_distance(word, c), c))
        .filter(|(d, c)| *d <= (c.chars().count().max(word.chars().count()) / 3).max(1))
        .min()
        .map(|(_, c)| c)
}

/// Levenshtein distance over characters.
pub(crate) fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

/// A list of diagnostics gathered over a whole build.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    pub fn new() -> Self {
        Self::default()
    }

    pub(crate) fn push(&mut self, d: Diagnostic) {
        self.items.push(d);
    }

    pub(crate) fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.items.extend(other);
    }

    pub(crate) fn has_errors(&self) -> bool {
        self.items.iter().any(Diagnostic::is_error)
    }

    pub(crate) fn error_count(&self) -> usize {
        self.items.iter().filter(|d| d.is_error()).count()
    }

    #[cfg(test)]
    pub(crate) fn is_empty(&self) -> bool {
        self.items.is_empty()
    }

    #[cfg(test)]
    pub(crate) fn warning_count(&self) -> usize {
        self.items.len() - self.error_count()
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &Diagnostic> {
        self.items.iter()
    }

    /// Sorted by file, then position, errors before warnings at one place;
    /// exact duplicates (one mistake seen by two stages) are dropped.
    pub fn into_sorted(mut self) -> Vec<Diagnostic> {
        self.items.sort_by(|a, b| {
            (&a.file, a.line, a.column, a.severity, &a.message)
                .cmp(&(&b.file, b.line, b.column, b.severity, &b.message))
        });
        self.items.dedup();
        self.items
    }
}

impl IntoIterator for Diagnostics {
    type Item = Diagnostic;
    type IntoIter = std::vec::IntoIter<Diagnostic>;
    fn into_iter(self) -> Self::IntoIter {
        self.items.into_iter()
    }
}

impl FromIterator<Diagnostic> for Diagnostics {
    fn from_iter<I: IntoIterator<Item = Diagnostic>>(iter: I) -> Self {
        Diagnostics {
            items: iter.into_iter().collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_location_line_and_caret() {
        let d = Diagnostic::error("content/site.yaml", 2, 3, "unknown field `base_ulr`")
            .with_source("title: x\nbase_ulr: https://x/\n")
            .with_hint("did you mean `base_url`?");
        let text = d.render(false);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines[0],
            "content/site.yaml:2:3: error: unknown field `base_ulr`"
        );
        assert_eq!(lines[2], "2 | base_ulr: https://x/");
        assert_eq!(lines[3], "  |   ^");
        assert_eq!(lines[4], "  = hint: did you mean `base_url`?");
    }

    #[test]
    fn sorted_by_file_then_line_and_deduplicated() {
        let mut all = Diagnostics::new();
        all.push(Diagnostic::warning("b.md", 1, 1, "w"));
        all.push(Diagnostic::error("a.md", 9, 1, "late"));
        all.push(Diagnostic::error("a.md", 2, 1, "early"));
        all.push(Diagnostic::error("a.md", 2, 1, "early"));
        let sorted = all.into_sorted();
        let order: Vec<&str> = sorted.iter().map(|d| d.message.as_str()).collect();
        assert_eq!(order, ["early", "late", "w"]);
    }

    #[test]
    fn closest_candidates() {
        assert_eq!(
            closest("base_ulr", ["title", "base_url", "languages"]),
            Some("base_url")
        );
        assert_eq!(closest("lai-xaa", ["lai-xa", "cam-son"]), Some("lai-xa"));
        assert_eq!(closest("zzz", ["title", "base_url"]), None);
        assert_eq!(
            closest("ab", ["ac", "aa"]),
            Some("aa"),
            "ties go to byte order"
        );
        assert_eq!(edit_distance("đường", "duong"), 3);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn a_long_line_is_shown_as_a_window_around_the_column() {
        let line = format!("{}ERR{}", "a".repeat(500_000), "b".repeat(500_000));
        let d = Diagnostic::error("content/a.md", 1, 500_001, "m").with_source(&line);
        let text = d.render(false);
        assert!(text.len() < 1000, "{} bytes", text.len());
        let lines: Vec<&str> = text.lines().collect();
        let shown = lines[2].strip_prefix("1 | ").unwrap();
        assert!(shown.starts_with('…') && shown.ends_with('…'), "{shown}");
        assert_eq!(shown.chars().count(), LINE_WINDOW + 2);
        // The caret is under the E of ERR.
        let caret = lines[3].find('^').unwrap() - "  | ".len();
        assert_eq!(shown.chars().nth(caret), Some('E'), "{shown}\n{}", lines[3]);
        assert!(
            d.source_line.unwrap().len() < 1000,
            "only the window is kept"
        );
    }

    #[test]
    fn windows_at_both_ends_of_a_long_line() {
        let line = "x".repeat(10_000);
        for (column, caret) in [(1, 0), (3, 2), (10_000, LINE_WINDOW)] {
            let d = Diagnostic::error("a", 1, column, "m").with_source(&line);
            let text = d.render(false);
            let lines: Vec<&str> = text.lines().collect();
            assert_eq!(lines[3].find('^').unwrap() - 4, caret, "column {column}");
        }
        // A long line set directly is windowed when rendered.
        let mut d = Diagnostic::error("a", 1, 5_000, "m");
        d.source_line = Some(line);
        assert!(d.render(false).len() < 1000);
    }

    #[test]
    fn long_values_in_messages_are_shortened() {
        let tag = "t".repeat(1_000_000);
        let d = Diagnostic::error("a", 1, 1, format!("the tag `{tag}` has no letter"))
            .with_hint(format!("rename `{tag}`"));
        assert!(d.message.len() < 200, "{}", d.message);
        assert!(d.message.starts_with("the tag `ttt"), "{}", d.message);
        assert!(d.message.ends_with("` has no letter"), "{}", d.message);
        assert!(d.hint.unwrap().len() < 200);
        let long = "word ".repeat(1000);
        assert!(Diagnostic::error("a", 1, 1, long).message.chars().count() <= MESSAGE_CHARS);
        assert_eq!(shorten("abcdefghij", 7), "abcd…ij");
        assert_eq!(shorten("abc", 7), "abc");
    }

    #[test]
    fn line_and_column_are_at_least_one() {
        let d = Diagnostic::error("x", 0, 0, "m");
        assert_eq!((d.line, d.column), (1, 1));
    }
}
