//! The one module that knows which YAML parser kheo uses (serde-saphyr).
//!
//! Everything else sees [`YamlSource::parse`], the [`Spanned`] wrapper (a value
//! with the line and column it was written at), and a few shapes editors write
//! everywhere: [`Localized`] text and ordered [`Pairs`].

use std::fmt;
use std::marker::PhantomData;

use serde::Deserialize;
use serde::de::{self, DeserializeOwned, MapAccess, Visitor};
use serde_saphyr::localizer::Localizer;
use serde_saphyr::{Location, NonFiniteFloatPolicy, UserMessageFormatter};

use crate::diag::Diagnostic;

mod values;
pub(crate) use values::*;

/// A value together with where it was written.
pub(crate) type Spanned<T> = serde_saphyr::Spanned<T>;

/// A value that was not written in any file (a default).
pub(crate) fn unspanned<T>(value: T) -> Spanned<T> {
    Spanned::new(value, Location::UNKNOWN, Location::UNKNOWN)
}

/// 1-based (line, column) of a spanned value inside its YAML text.
pub(crate) fn position<T>(s: &Spanned<T>) -> (usize, usize) {
    let loc = s.referenced;
    (to_usize(loc.line()), to_usize(loc.column()))
}

fn to_usize(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// A YAML text inside a file of the site; `first_line` maps YAML line 1 to
/// its line in the file (front matter starts on line 2).
#[derive(Debug, Clone, Copy)]
pub(crate) struct YamlSource<'a> {
    /// Path relative to the site root.
    pub(crate) file: &'a str,
    /// The YAML text.
    pub(crate) yaml: &'a str,
    /// Line of the file where the YAML text starts (1 for a whole .yaml file).
    pub(crate) first_line: usize,
}

impl<'a> YamlSource<'a> {
    /// A whole-file YAML source.
    pub(crate) fn file(file: &'a str, yaml: &'a str) -> Self {
        YamlSource {
            file,
            yaml,
            first_line: 1,
        }
    }

    /// Parses the YAML into `T`, reporting the first problem at its place.
    pub(crate) fn parse<T: DeserializeOwned>(&self) -> Result<T, Diagnostic> {
        if let Some((line, column, c)) = escaped_forbidden_char(self.yaml) {
            return Err(self
                .error(
                    line,
                    column,
                    crate::msg!("yaml.control-escape", char = crate::text::describe(c)),
                )
                .with_code("control-char")
                .with_hint(crate::msg!("yaml.control-escape.hint")));
        }
        let options = serde_saphyr::options! {
            strict_booleans: true,
            with_snippet: false,
            non_finite_float_policy: NonFiniteFloatPolicy::PassThrough,
        };
        serde_saphyr::from_str_with_options::<T>(self.yaml, options).map_err(|err| {
            let (line, column) = err
                .location()
                .filter(|l| l.line() > 0)
                .map_or((1, 1), |l| (to_usize(l.line()), to_usize(l.column())));
            let raw =
                err.render_with_formatter(&UserMessageFormatter.with_localizer(&NoLocationSuffix));
            if let Some(p) = syntax_problem(self.yaml, &raw, line, column) {
                let d = self.error(p.line, p.column, p.message).with_code(p.code);
                return match p.hint {
                    Some(h) => d.with_hint(h),
                    None => d,
                };
            }
            let key = self
                .yaml
                .lines()
                .nth(line.saturating_sub(1))
                .and_then(|text| key_before(text, column));
            let code = if raw.starts_with("unknown field") {
                "unknown-key"
            } else if raw.starts_with("duplicate mapping key") {
                "duplicate-key"
            } else {
                "yaml"
            };
            let hint = suggestion(&raw).or_else(|| {
                raw.starts_with("null is not allowed")
                    .then(|| crate::msg!("yaml.empty-value.hint"))
            });
            let message = humanize(&raw, key);
            let mut d = self.error(line, column, message).with_code(code);
            d.hint = hint;
            d
        })
    }

    /// An error at a YAML (line, column).
    pub(crate) fn error(
        &self,
        line: usize,
        column: usize,
        message: impl Into<String>,
    ) -> Diagnostic {
        let d = Diagnostic::error(self.file, line + self.first_line - 1, column, message);
        self.with_line(d, line)
    }

    /// Attaches YAML line `line` (1-based) to a diagnostic.
    fn with_line(&self, d: Diagnostic, line: usize) -> Diagnostic {
        match line.checked_sub(1).and_then(|i| self.yaml.lines().nth(i)) {
            Some(text) => d.with_line(text),
            None => d,
        }
    }

    /// Attaches the line holding a spanned value. The parser's byte offset
    /// finds it without counting lines from the top, so a file with 10,000
    /// values to point at costs 10,000 short searches, not 10,000 walks
    /// through the file.
    fn with_line_of<T>(&self, d: Diagnostic, s: &Spanned<T>) -> Diagnostic {
        let at = s
            .referenced
            .span()
            .byte_offset()
            .and_then(|o| usize::try_from(o).ok())
            .filter(|&o| o <= self.yaml.len() && self.yaml.is_char_boundary(o));
        match at {
            Some(o) => {
                let start = self.yaml[..o].rfind('\n').map_or(0, |i| i + 1);
                let end = self.yaml[o..].find('\n').map_or(self.yaml.len(), |i| o + i);
                let text = &self.yaml[start..end];
                d.with_line(text.strip_suffix('\r').unwrap_or(text))
            }
            None => self.with_line(d, position(s).0),
        }
    }

    /// The text a spanned value was written as (`123456789.123456`), when
    /// its place in the YAML text is known.
    pub(crate) fn raw_text<T>(&self, s: &Spanned<T>) -> Option<&'a str> {
        let span = s.referenced.span();
        let start = usize::try_from(span.byte_offset()?).ok()?;
        let len = usize::try_from(span.byte_len()?).ok()?;
        self.yaml.get(start..start.checked_add(len)?)
    }

    /// An error at a spanned value.
    pub(crate) fn error_at<T>(&self, s: &Spanned<T>, message: impl Into<String>) -> Diagnostic {
        let (line, column) = position(s);
        let d = Diagnostic::error(self.file, line + self.first_line - 1, column, message);
        self.with_line_of(d, s)
    }

    /// Where a spanned value is, for a problem a later stage finds there.
    pub(crate) fn place<T>(&self, s: &Spanned<T>) -> crate::diag::Place {
        self.error_at(s, "").place()
    }

    /// A warning at a spanned value.
    pub(crate) fn warning_at<T>(&self, s: &Spanned<T>, message: impl Into<String>) -> Diagnostic {
        let (line, column) = position(s);
        let d = Diagnostic::warning(self.file, line + self.first_line - 1, column, message);
        self.with_line_of(d, s)
    }
}

/// The first character a double-quoted YAML string writes with an escape
/// (`"\x00"`, `"\u0007"`, `"\N"`) that no page or feed may contain, at the
/// 1-based (line, column) of its escape. Characters written as they are were
/// already refused when the file was read, and only double quotes have escapes.
fn escaped_forbidden_char(yaml: &str) -> Option<(usize, usize, char)> {
    use granit_parser::{Event, Parser, ScalarStyle};
    if !yaml.contains('\\') {
        return None;
    }
    for next in Parser::new_from_str(yaml) {
        // A syntax error is reported by the real parse.
        let (event, span) = next.ok()?;
        if let Event::Scalar(value, ScalarStyle::DoubleQuoted, ..) = &event
            && let Some(c) = value.chars().find(|c| crate::text::is_forbidden(*c))
        {
            let (line, column) = span
                .slice(yaml)
                .and_then(|raw| escape_position(raw, c))
                .map_or((span.start.line(), span.start.col() + 1), |(l, col)| {
                    if l == 0 {
                        (span.start.line(), span.start.col() + 1 + col)
                    } else {
                        (span.start.line() + l, col + 1)
                    }
                });
            return Some((line, column, c));
        }
    }
    None
}

/// Where, inside the raw text of a double-quoted scalar, the escape that
/// writes `target` starts: (lines after the first, 0-based column in that line).
fn escape_position(raw: &str, target: char) -> Option<(usize, usize)> {
    let (mut line, mut col) = (0, 0);
    let mut chars = raw.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' => {
                line += 1;
                col = 0;
                continue;
            }
            '\\' => {
                let Some(kind) = chars.next() else { break };
                let digits = match kind {
                    'x' => 2,
                    'u' => 4,
                    'U' => 8,
                    _ => 0,
                };
                let hex: String = (0..digits).filter_map(|_| chars.next()).collect();
                let written = match kind {
                    '0' => Some('\0'),
                    'a' => Some('\u{7}'),
                    'b' => Some('\u{8}'),
                    'e' => Some('\u{1b}'),
                    'f' => Some('\u{c}'),
                    'v' => Some('\u{b}'),
                    'N' => Some('\u{85}'),
                    'x' | 'u' | 'U' => u32::from_str_radix(&hex, 16).ok().and_then(char::from_u32),
                    _ => None,
                };
                if written == Some(target) {
                    return Some((line, col));
                }
                col += 2 + hex.chars().count();
                continue;
            }
            _ => {}
        }
        col += 1;
    }
    None
}

/// serde-saphyr appends "at line X, column Y"; kheo puts the place in front.
struct NoLocationSuffix;

impl Localizer for NoLocationSuffix {
    fn attach_location<'b>(
        &self,
        base: std::borrow::Cow<'b, str>,
        _loc: Location,
    ) -> std::borrow::Cow<'b, str> {
        base
    }
}

/// A mistake in the shape of the YAML text itself (a tab, a missing or extra
/// colon, a bracket left open...), put in an editor's words at the line to
/// mend, with a hint saying what to type.
struct SyntaxProblem {
    line: usize,
    column: usize,
    code: &'static str,
    message: String,
    hint: Option<String>,
}

/// Reads the parser's message for a syntax error (`raw`, at the 1-based
/// `line` and `column` of the YAML text) as one of the mistakes editors
/// make; `None` for anything else, which keeps the parser's words.
fn syntax_problem(yaml: &str, raw: &str, line: usize, column: usize) -> Option<SyntaxProblem> {
    use crate::msg;
    let lines: Vec<&str> = yaml.lines().collect();
    let text = |n: usize| lines.get(n.wrapping_sub(1)).copied().unwrap_or("");
    let problem = |line, column, code, message, hint| {
        Some(SyntaxProblem {
            line,
            column,
            code,
            message,
            hint,
        })
    };
    if raw.contains("tab") {
        // The parser stops a line early at a tab used to indent; the tab
        // to replace is the first one at the start of a line from there.
        let at = (line.max(1)..=lines.len())
            .chain(1..line.max(1))
            .find_map(|n| {
                let t = text(n);
                let lead = t.len() - t.trim_start_matches([' ', '\t']).len();
                t[..lead]
                    .find('\t')
                    .map(|i| (n, t[..i].chars().count() + 1))
            });
        if let Some((n, col)) = at {
            return problem(
                n,
                col,
                "yaml-tab",
                msg!("yaml.tab"),
                Some(msg!("yaml.tab.hint")),
            );
        }
        return None;
    }
    if raw.contains("expected ':'") {
        let t = text(line);
        let body = t.trim_start();
        let indent = t.len() - body.len();
        let example = match body.split_once(' ') {
            Some((key, value)) => format!("{key}: {}", value.trim_start()),
            None => format!("{body}: ..."),
        };
        return problem(
            line,
            t[..indent].chars().count() + 1,
            "yaml-colon",
            msg!("yaml.missing-colon"),
            Some(msg!("yaml.missing-colon.hint", example = example)),
        );
    }
    if raw.starts_with("mapping values are not allowed") {
        let t = text(line);
        let upto: usize = t
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(t.len(), |(i, _)| i);
        let before = &t[..upto];
        let body = t.trim_start();
        if let Some((key, value)) = body.split_once(": ")
            && before.trim_start().len() > key.len() + 1
        {
            // `title: Tân Khê: tổng kết` - the second `: ` starts a key
            // where none may start.
            let key = key.trim_start_matches("- ");
            let value = value.trim();
            let quoted = if value.contains('"') {
                format!("{key}: '{}'", value.replace('\'', "''"))
            } else {
                format!("{key}: \"{value}\"")
            };
            return problem(
                line,
                column,
                "yaml-colon-in-text",
                msg!("yaml.colon-in-text"),
                Some(msg!("yaml.colon-in-text.hint", example = quoted)),
            );
        }
        // `  author: ...` under a key that already has its value.
        let indent = t.len() - body.len();
        let key = body.split(':').next().unwrap_or(body).trim();
        return problem(
            line,
            t[..indent].chars().count() + 1,
            "yaml-indent",
            msg!("yaml.indent"),
            Some(msg!("yaml.indent.hint", key = key)),
        );
    }
    if raw.contains("bracket")
        || raw.contains("expected ',' or")
        || raw.contains("placement of ':'")
    {
        // A `[` or `{` left open: the last line up to here that opens more
        // than it closes.
        if let Some((n, (open, column))) = (1..=line.min(lines.len()))
            .rev()
            .find_map(|n| unclosed(text(n)).map(|open| (n, open)))
            && (n < line || !raw.contains("misplaced"))
        {
            let t = text(n);
            let close = if open == '[' { ']' } else { '}' };
            return problem(
                n,
                column,
                "yaml-bracket",
                msg!("yaml.unclosed", open = open),
                Some(msg!(
                    "yaml.unclosed.hint",
                    close = close,
                    example = format!("{}{close}", t.trim())
                )),
            );
        }
        if raw.contains("misplaced") {
            let t = text(line);
            let c = t.chars().nth(column.saturating_sub(1)).unwrap_or(']');
            return problem(
                line,
                column,
                "yaml-bracket",
                msg!("yaml.extra-bracket", bracket = c),
                Some(msg!("yaml.extra-bracket.hint", bracket = c)),
            );
        }
        return None;
    }
    if raw.contains("after double-quoted") || raw.contains("after single-quoted") {
        return problem(
            line,
            column,
            "yaml-quote",
            msg!("yaml.after-quote"),
            Some(msg!("yaml.after-quote.hint")),
        );
    }
    None
}

/// The bracket (`[` or `{`) a YAML line leaves open, outside quotes and
/// comments, with its 1-based column.
fn unclosed(line: &str) -> Option<(char, usize)> {
    let mut stack = Vec::new();
    let mut quote: Option<char> = None;
    let mut prev = ' ';
    for (i, c) in line.chars().enumerate() {
        match quote {
            Some(q) if c == q => quote = None,
            Some(_) => {}
            None => match c {
                '"' | '\'' if matches!(prev, ' ' | '[' | '{' | ',' | ':') => quote = Some(c),
                '#' if prev == ' ' => break,
                '[' | '{' => stack.push((c, i + 1)),
                ']' | '}' => {
                    stack.pop();
                }
                _ => {}
            },
        }
        prev = c;
    }
    stack.last().copied()
}

/// Rewords the parser messages that speak to programmers rather than
/// editors ("expected sequence start", "invalid i64"), naming the key the
/// value belongs to when the line shows it.
fn humanize(message: &str, key: Option<&str>) -> String {
    use crate::msg;
    if let Some(rest) = message.strip_prefix("duplicate mapping key `")
        && let Some((key, _)) = rest.split_once('`')
    {
        return msg!("yaml.duplicate-key", key = key);
    }
    if let Some(rest) = message.strip_prefix("unknown field `")
        && let Some((unknown, expected)) = rest.split_once("`, expected ")
    {
        return match expected.strip_prefix("one of ") {
            Some(list) => msg!("yaml.unknown-key-of", key = unknown, list = list),
            None => msg!("yaml.unknown-key", key = unknown, list = expected),
        };
    }
    if message.starts_with("YAML document too large or too complex")
        || message.starts_with("recursion limit exceeded")
    {
        // The parser's budget (nesting, values, anchors and aliases) stops
        // a "billion laughs" before it costs the machine anything.
        return msg!("yaml.too-large");
    }
    let subject = key.map_or_else(|| msg!("yaml.this-value"), |k| format!("`{k}`"));
    if message.contains(SUBJECT) {
        return message.replace(SUBJECT, &subject);
    }
    if let Some(rest) = message.strip_prefix("invalid type: ")
        && let Some((found, expected)) = rest.split_once(", expected ")
    {
        let expected = match expected {
            "a sequence" => msg!("yaml.want.list"),
            "a map" | "a mapping of keys to values" => msg!("yaml.want.map"),
            "a string" | "a string scalar" => msg!("yaml.want.text"),
            other => other.to_owned(),
        };
        return msg!(
            "yaml.must-be-not",
            subject = subject,
            expected = expected,
            found = unexpected(found)
        );
    }
    let expected = match message {
        "expected sequence start" => msg!("yaml.want.list"),
        "expected mapping start" => msg!("yaml.want.map"),
        "expected string scalar" | "expected scalar" => msg!("yaml.want.text"),
        m if m.starts_with("invalid boolean") => msg!("yaml.want.bool"),
        "invalid f32" | "invalid f64" => msg!("yaml.want.number"),
        m if ["invalid i", "invalid u"].iter().any(|p| m.starts_with(p))
            && m[9..].bytes().all(|b| b.is_ascii_digit()) =>
        {
            msg!("yaml.want.whole")
        }
        _ => return message.to_owned(),
    };
    msg!("yaml.must-be", subject = subject, expected = expected)
}

/// serde's name of what was found ("integer `5`", "sequence") in editors' words.
fn unexpected(found: &str) -> String {
    use crate::msg;
    let quoted = |prefix: &str| {
        found
            .strip_prefix(prefix)
            .map(|v| v.trim_matches(['`', '"']).to_owned())
    };
    if let Some(n) = quoted("integer ").or_else(|| quoted("floating point ")) {
        msg!("yaml.found.number", n = n)
    } else if let Some(t) = quoted("string ") {
        msg!("yaml.found.text", text = t)
    } else if let Some(b) = quoted("boolean ") {
        format!("`{b}`")
    } else {
        match found {
            "sequence" => msg!("yaml.found.list"),
            "map" => msg!("yaml.found.map"),
            "unit value" | "null" => msg!("yaml.found.empty"),
            other => other.to_owned(),
        }
    }
}

/// The key a value at `column` (1-based) of a YAML line belongs to:
/// `page_size` in `page_size: "20"`, `raw_html` in `markdown: {raw_html: 1}`,
/// `Dân vận khéo` in `Dân vận khéo: [Skilful]`.
fn key_before(line: &str, column: usize) -> Option<&str> {
    let upto: usize = line
        .char_indices()
        .nth(column.saturating_sub(1))
        .map_or(line.len(), |(i, _)| i);
    let before = &line[..upto];
    let colon = before.rfind(':')?;
    let name = &before[..colon];
    let start = name.rfind(['{', '[', ',']).map_or(0, |i| i + 1);
    let key = name[start..].trim();
    let key = key.strip_prefix("- ").unwrap_or(key).trim();
    let key = key.trim_matches(['"', '\'']);
    (!key.is_empty() && !key.contains(':') && key.chars().count() <= 60).then_some(key)
}

/// Stands for the key a value belongs to in the messages of kheo's own
/// value types; [`humanize`] puts the key's name in its place.
const SUBJECT: &str = "⟪key⟫";

/// "did you mean ...?" for an unknown field, from serde's "expected one of" list.
fn suggestion(message: &str) -> Option<String> {
    let rest = message.strip_prefix("unknown field `")?;
    let (unknown, rest) = rest.split_once('`')?;
    let expected = rest
        .split_once("expected one of ")
        .map(|(_, e)| e)
        .or_else(|| rest.split_once("expected ").map(|(_, e)| e))?;
    let candidates = expected.split(", ").map(|c| c.trim_matches('`').trim());
    crate::diag::closest(unknown, candidates).map(|best| crate::msg!("did-you-mean", word = best))
}

#[cfg(test)]
mod tests;
