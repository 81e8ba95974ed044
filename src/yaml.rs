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

/// A whole number written as a number: `page_size: 20`. YAML reads a number
/// in quotes (`"20"`) as text, so that is an error, as any text is (serde
/// would quietly read `"20"` as 20 into an `i64`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Whole(pub i64);

impl<'de> Deserialize<'de> for Whole {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Whole;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a whole number")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Whole, E> {
                Ok(Whole(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Whole, E> {
                i64::try_from(v)
                    .map(Whole)
                    .map_err(|_| E::custom(crate::msg!("yaml.too-big", n = v)))
            }
            fn visit_i128<E: de::Error>(self, v: i128) -> Result<Whole, E> {
                i64::try_from(v)
                    .map(Whole)
                    .map_err(|_| E::custom(crate::msg!("yaml.too-big", n = v)))
            }
            fn visit_u128<E: de::Error>(self, v: u128) -> Result<Whole, E> {
                i64::try_from(v)
                    .map(Whole)
                    .map_err(|_| E::custom(crate::msg!("yaml.too-big", n = v)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Whole, E> {
                // 20.0 is 20; the range check keeps `as` exact.
                if v.fract() != 0.0 || !v.is_finite() {
                    Err(E::custom(crate::msg!(
                        "yaml.must-be-not",
                        subject = SUBJECT,
                        expected = crate::msg!("yaml.want.whole"),
                        found = v
                    )))
                } else if v.abs() < 9.0e15 {
                    Ok(Whole(v as i64))
                } else {
                    Err(E::custom(crate::msg!(
                        "yaml.subject-too-big",
                        subject = SUBJECT,
                        n = v
                    )))
                }
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Whole, E> {
                Err(E::custom(crate::msg!(
                    "yaml.must-be-not",
                    subject = SUBJECT,
                    expected = crate::msg!("yaml.want.whole"),
                    found = format!("`{v}`")
                )))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Whole, E> {
                Err(E::custom(quoted_scalar(v, &crate::msg!("yaml.want.whole"))))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, _: A) -> Result<Whole, A::Error> {
                Err(de::Error::custom(crate::msg!(
                    "yaml.must-be-not",
                    subject = SUBJECT,
                    expected = crate::msg!("yaml.want.whole"),
                    found = crate::msg!("yaml.found.list")
                )))
            }
            fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<Whole, A::Error> {
                Err(de::Error::custom(crate::msg!(
                    "yaml.must-be-not",
                    subject = SUBJECT,
                    expected = crate::msg!("yaml.want.whole"),
                    found = crate::msg!("yaml.found.map")
                )))
            }
        }
        d.deserialize_any(V)
    }
}

/// A year as a key of figures (`2016: {roads_km: 2.8}`): a whole number,
/// also in quotes (`"2016":`, as tools that write YAML quote keys).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Year(pub i64);

impl<'de> Deserialize<'de> for Year {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Year;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a year")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Year, E> {
                Ok(Year(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Year, E> {
                Ok(Year(i64::try_from(v).unwrap_or(i64::MAX)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Year, E> {
                Err(E::custom(crate::msg!("yaml.not-a-year", year = v)))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Year, E> {
                Err(E::custom(crate::msg!(
                    "yaml.not-a-year",
                    year = format!("`{v}`")
                )))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Year, E> {
                match v.trim().parse::<i64>() {
                    Ok(y) => Ok(Year(y)),
                    Err(_) => Err(E::custom(crate::msg!(
                        "yaml.not-a-year",
                        year = format!("`{v}`")
                    ))),
                }
            }
            fn visit_unit<E: de::Error>(self) -> Result<Year, E> {
                Err(E::custom(crate::msg!("yaml.year-missing")))
            }
        }
        d.deserialize_any(V)
    }
}

/// `true` or `false` written as such: YAML reads `"true"` in quotes as text,
/// and `yes` or `on` are not booleans in YAML 1.2.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct Flag(pub bool);

impl<'de> Deserialize<'de> for Flag {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Flag;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("`true` or `false`")
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Flag, E> {
                Ok(Flag(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Flag, E> {
                Err(E::custom(quoted_scalar(v, &crate::msg!("yaml.want.bool"))))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Flag, E> {
                Err(E::custom(crate::msg!(
                    "yaml.must-be-not",
                    subject = SUBJECT,
                    expected = crate::msg!("yaml.want.bool"),
                    found = v
                )))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Flag, E> {
                Err(E::custom(crate::msg!(
                    "yaml.must-be-not",
                    subject = SUBJECT,
                    expected = crate::msg!("yaml.want.bool"),
                    found = v
                )))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Flag, E> {
                Err(E::custom(crate::msg!(
                    "yaml.must-be-not",
                    subject = SUBJECT,
                    expected = crate::msg!("yaml.want.bool"),
                    found = v
                )))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, _: A) -> Result<Flag, A::Error> {
                Err(de::Error::custom(crate::msg!(
                    "yaml.must-be-not",
                    subject = SUBJECT,
                    expected = crate::msg!("yaml.want.bool"),
                    found = crate::msg!("yaml.found.list")
                )))
            }
            fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<Flag, A::Error> {
                Err(de::Error::custom(crate::msg!(
                    "yaml.must-be-not",
                    subject = SUBJECT,
                    expected = crate::msg!("yaml.want.bool"),
                    found = crate::msg!("yaml.found.map")
                )))
            }
        }
        d.deserialize_any(V)
    }
}

/// The message for a number or boolean where a text belongs.
fn not_a_text(v: impl fmt::Display) -> String {
    crate::msg!("yaml.not-a-text", subject = SUBJECT, value = v)
}

/// The message for a text where a number or `true`/`false` belongs.
fn quoted_scalar(text: &str, expected: &str) -> String {
    let t = text.trim();
    let looks_right = t.parse::<f64>().is_ok()
        || t.eq_ignore_ascii_case("true")
        || t.eq_ignore_ascii_case("false");
    if looks_right {
        crate::msg!(
            "yaml.unquote",
            subject = SUBJECT,
            expected = expected,
            value = t,
            written = text
        )
    } else {
        crate::msg!(
            "yaml.must-be-not",
            subject = SUBJECT,
            expected = expected,
            found = format!("`{text}`")
        )
    }
}

/// `deserialize_with` for a `bool` key: see [`Flag`].
pub(crate) fn flag<'de, D: de::Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    Flag::deserialize(d).map(|f| f.0)
}

/// `deserialize_with` for an optional `bool` key: see [`Flag`].
pub(crate) fn flag_opt<'de, D: de::Deserializer<'de>>(d: D) -> Result<Option<bool>, D::Error> {
    Option::<Flag>::deserialize(d).map(|f| f.map(|f| f.0))
}

/// `deserialize_with` for an optional whole number: see [`Whole`].
pub(crate) fn whole_opt<'de, D: de::Deserializer<'de>>(d: D) -> Result<Option<i64>, D::Error> {
    Option::<Whole>::deserialize(d).map(|w| w.map(|w| w.0))
}

fn unwrap_whole(s: Spanned<Whole>) -> Spanned<i64> {
    Spanned::new(s.value.0, s.referenced, s.defined)
}

/// `deserialize_with` for an optional whole number with its place: see [`Whole`].
pub(crate) fn spanned_whole_opt<'de, D: de::Deserializer<'de>>(
    d: D,
) -> Result<Option<Spanned<i64>>, D::Error> {
    Option::<Spanned<Whole>>::deserialize(d).map(|w| w.map(unwrap_whole))
}

/// `deserialize_with` for a whole number with its place: see [`Whole`].
pub(crate) fn spanned_whole<'de, D: de::Deserializer<'de>>(d: D) -> Result<Spanned<i64>, D::Error> {
    Spanned::<Whole>::deserialize(d).map(unwrap_whole)
}

/// A list written in a file, each entry with its place, and the list's own.
pub(crate) type SpannedList<T> = Spanned<Vec<Spanned<T>>>;

/// `deserialize_with` for an optional list of whole numbers, each with its place.
pub(crate) fn spanned_whole_list_opt<'de, D: de::Deserializer<'de>>(
    d: D,
) -> Result<Option<SpannedList<i64>>, D::Error> {
    Option::<Spanned<Vec<Spanned<Whole>>>>::deserialize(d).map(|list| {
        list.map(|l| {
            Spanned::new(
                l.value.into_iter().map(unwrap_whole).collect(),
                l.referenced,
                l.defined,
            )
        })
    })
}

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

/// Text that may differ per language: either one string for every language
/// (`title: Tin tức`) or a map (`title: {vi: Tin tức, en: News}`).
#[derive(Debug, Clone)]
pub enum Localized {
    Same(String),
    PerLanguage(Vec<(Spanned<String>, String)>),
}

impl Localized {
    /// The text for `lang`, falling back to `fallback` (the default language).
    pub(crate) fn get<'s>(&'s self, lang: &str, fallback: &str) -> Option<&'s str> {
        match self {
            Localized::Same(s) => Some(s),
            Localized::PerLanguage(map) => {
                let find = |l: &str| {
                    map.iter()
                        .find(|(k, _)| k.value == l)
                        .map(|(_, v)| v.as_str())
                };
                find(lang).or_else(|| find(fallback))
            }
        }
    }

    /// The language keys written, with their places (empty for `Same`).
    pub(crate) fn keys(&self) -> impl Iterator<Item = &Spanned<String>> {
        let keys: &[(Spanned<String>, String)] = match self {
            Localized::Same(_) => &[],
            Localized::PerLanguage(map) => map,
        };
        keys.iter().map(|(k, _)| k)
    }
}

impl<'de> Deserialize<'de> for Localized {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Localized;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a text, or a map of language to text such as {vi: ..., en: ...}")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Localized, E> {
                Ok(Localized::Same(v.to_owned()))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Localized, E> {
                Ok(Localized::Same(v))
            }
            // A number or boolean where a text belongs: said at the value
            // (serde's own message would point at the key).
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Localized, E> {
                Err(E::custom(not_a_text(v)))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Localized, E> {
                Err(E::custom(not_a_text(v)))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Localized, E> {
                Err(E::custom(not_a_text(v)))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Localized, E> {
                Err(E::custom(not_a_text(v)))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Localized, E> {
                Err(E::custom(crate::msg!("yaml.empty-text", subject = SUBJECT)))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, _: A) -> Result<Localized, A::Error> {
                Err(de::Error::custom(crate::msg!(
                    "yaml.localized-not-list",
                    subject = SUBJECT
                )))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Localized, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = map.next_entry::<Spanned<String>, String>()? {
                    out.push((k, v));
                }
                Ok(Localized::PerLanguage(out))
            }
        }
        d.deserialize_any(V)
    }
}

/// A YAML mapping read in source order as (key, value) pairs, so keys can be
/// [`Spanned`] (which cannot be ordered) and errors follow the file's order.
#[derive(Debug, Clone)]
pub(crate) struct Pairs<K, V>(pub Vec<(K, V)>);

impl<K, V> Default for Pairs<K, V> {
    fn default() -> Self {
        Pairs(Vec::new())
    }
}

impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> Deserialize<'de> for Pairs<K, V> {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct PairsVisitor<K, V>(PhantomData<(K, V)>);
        impl<'de, K: Deserialize<'de>, V: Deserialize<'de>> Visitor<'de> for PairsVisitor<K, V> {
            type Value = Pairs<K, V>;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a mapping of keys to values")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut out = Vec::new();
                while let Some(kv) = map.next_entry()? {
                    out.push(kv);
                }
                Ok(Pairs(out))
            }
        }
        d.deserialize_map(PairsVisitor(PhantomData))
    }
}

/// Any YAML scalar, kept as written so it can be checked after parsing with
/// its place known (a figure must be a finite, non-negative number).
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Scalar {
    Int(i128),
    Float(f64),
    Text(String),
    Bool(bool),
    Null,
}

impl<'de> Deserialize<'de> for Scalar {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Scalar;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a number")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Scalar, E> {
                Ok(Scalar::Int(v.into()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Scalar, E> {
                Ok(Scalar::Int(v.into()))
            }
            fn visit_i128<E: de::Error>(self, v: i128) -> Result<Scalar, E> {
                Ok(Scalar::Int(v))
            }
            fn visit_u128<E: de::Error>(self, v: u128) -> Result<Scalar, E> {
                Ok(i128::try_from(v).map_or(Scalar::Float(v as f64), Scalar::Int))
            }
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Scalar, E> {
                Ok(Scalar::Float(v))
            }
            fn visit_bool<E: de::Error>(self, v: bool) -> Result<Scalar, E> {
                Ok(Scalar::Bool(v))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Scalar, E> {
                Ok(Scalar::Text(v.to_owned()))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Scalar, E> {
                Ok(Scalar::Null)
            }
            fn visit_none<E: de::Error>(self) -> Result<Scalar, E> {
                Ok(Scalar::Null)
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, _: A) -> Result<Scalar, A::Error> {
                Err(de::Error::custom(crate::msg!(
                    "yaml.must-be-not",
                    subject = SUBJECT,
                    expected = crate::msg!("yaml.want.number"),
                    found = crate::msg!("yaml.found.list")
                )))
            }
            fn visit_map<A: MapAccess<'de>>(self, _: A) -> Result<Scalar, A::Error> {
                Err(de::Error::custom(crate::msg!(
                    "yaml.must-be-not",
                    subject = SUBJECT,
                    expected = crate::msg!("yaml.want.number"),
                    found = crate::msg!("yaml.found.map")
                )))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Cfg {
        #[allow(dead_code)]
        base_url: String,
        title: Localized,
        #[serde(default)]
        stats: Pairs<Spanned<Year>, Pairs<Spanned<String>, Spanned<Scalar>>>,
    }

    fn parse(src: &str) -> Result<Cfg, Diagnostic> {
        YamlSource::file("content/site.yaml", src).parse()
    }

    #[test]
    fn unknown_key_is_located_with_a_suggestion() {
        let err = parse("title: T\nbase_ulr: x\n").unwrap_err();
        assert_eq!((err.line, err.column), (2, 1));
        assert!(
            err.message.contains("unknown field `base_ulr`"),
            "{}",
            err.message
        );
        assert!(!err.message.contains("at line"), "{}", err.message);
        assert_eq!(err.hint.as_deref(), Some("did you mean `base_url`?"));
        assert_eq!(err.source_line.as_deref(), Some("base_ulr: x"));
    }

    #[test]
    fn front_matter_lines_are_shifted_to_the_file() {
        let src = YamlSource {
            file: "a.md",
            yaml: "title: T\nbase_url: 3\nbogus: 1\n",
            first_line: 2,
        };
        let err = src.parse::<Cfg>().unwrap_err();
        assert_eq!(err.line, 4, "{err}");
        assert_eq!(err.source_line.as_deref(), Some("bogus: 1"));
    }

    #[test]
    fn an_error_at_a_value_shows_its_own_line() {
        #[derive(Debug, Deserialize)]
        struct Items {
            items: Vec<Spanned<String>>,
            #[serde(default)]
            one: Option<Spanned<String>>,
        }
        // Lines ending in CRLF and in LF, letters of several bytes.
        let yaml = "# Đường giao thông\r\nitems:\r\n  - một\r\n  - \"hai: ba\"\r\n  - bốn\n  - 'năm'\none: sáu\n";
        let src = YamlSource::file("t.yaml", yaml);
        let items: Items = src.parse().unwrap();
        let one = items.one.unwrap();
        for s in items.items.iter().chain([&one]) {
            let d = src.error_at(s, "m");
            let by_count = src.with_line(Diagnostic::error("t.yaml", 1, 1, ""), position(s).0);
            assert_eq!(d.source_line, by_count.source_line, "{}", s.value);
            assert!(!d.source_line.as_deref().unwrap_or("\r").contains('\r'));
            assert!(
                d.source_line.unwrap().contains(s.value.as_str()),
                "{}",
                s.value
            );
        }
        // A value without a place has no line to show.
        assert_eq!(src.error_at(&unspanned(1), "m").source_line, None);
    }

    #[test]
    fn localized_accepts_text_or_map() {
        let c = parse("base_url: x\ntitle: {vi: Tin tức, en: News}\n").unwrap();
        assert_eq!(c.title.get("en", "vi"), Some("News"));
        assert_eq!(c.title.get("fr", "vi"), Some("Tin tức"));
        let c = parse("base_url: x\ntitle: Tin tức\n").unwrap();
        assert_eq!(c.title.get("en", "vi"), Some("Tin tức"));
    }

    #[test]
    fn scalars_keep_their_places_and_non_finite_values() {
        let c = parse(
            "base_url: x\ntitle: T\nstats:\n  2016: {roads_km: 2.8, bad: .nan, text: '2,8'}\n",
        )
        .unwrap();
        let (year, figures) = &c.stats.0[0];
        assert_eq!(year.value, Year(2016));
        let values: Vec<_> = figures
            .0
            .iter()
            .map(|(k, v)| (k.value.as_str(), v.value.clone(), position(v)))
            .collect();
        assert_eq!(values[0].0, "roads_km");
        assert_eq!(values[0].1, Scalar::Float(2.8));
        assert_eq!(values[0].2, (4, 20));
        assert!(matches!(values[1].1, Scalar::Float(f) if f.is_nan()));
        assert_eq!(values[2].1, Scalar::Text("2,8".into()));
    }

    #[test]
    fn a_comma_in_a_flow_map_gets_a_hint() {
        let err = parse("base_url: x\ntitle: {vi: Phát hiện, kiến nghị, en: X}\n").unwrap_err();
        assert!(err.hint.unwrap().contains("put it in quotes"));
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Typed {
        #[serde(default, deserialize_with = "spanned_whole_opt")]
        page_size: Option<Spanned<i64>>,
        #[serde(default, deserialize_with = "flag")]
        draft: bool,
        #[serde(default, deserialize_with = "whole_opt")]
        weight: Option<i64>,
        #[serde(default)]
        languages: Vec<String>,
        #[serde(default)]
        title: Option<String>,
        #[serde(default)]
        name: Option<Localized>,
        #[serde(default)]
        markdown: Option<Nested>,
    }

    #[derive(Debug, Deserialize)]
    #[serde(deny_unknown_fields)]
    struct Nested {
        #[serde(default, deserialize_with = "flag_opt")]
        raw_html: Option<bool>,
    }

    fn typed(src: &str) -> Result<Typed, Diagnostic> {
        YamlSource::file("content/site.yaml", src).parse()
    }

    #[test]
    fn numbers_and_booleans_as_written() {
        let t =
            typed("page_size: 20\ndraft: true\nweight: -3\nmarkdown: {raw_html: false}\n").unwrap();
        assert_eq!(
            t.page_size.map(|p| (p.value, position(&p))),
            Some((20, (1, 12)))
        );
        assert!(t.draft);
        assert_eq!(t.weight, Some(-3));
        assert_eq!(t.markdown.unwrap().raw_html, Some(false));
        assert_eq!(
            typed("page_size: 20.0\n").unwrap().page_size.unwrap().value,
            20
        );
        assert_eq!(typed("page_size:\n").unwrap().page_size, None);
    }

    #[test]
    fn a_number_or_boolean_in_quotes_is_a_text_and_an_error() {
        for (src, at, message) in [
            (
                "page_size: \"20\"\n",
                (1, 12),
                "`page_size` must be a whole number without quotes: write 20, not \"20\"",
            ),
            (
                "draft: \"true\"\n",
                (1, 8),
                "`draft` must be `true` or `false` without quotes: write true, not \"true\"",
            ),
            (
                "draft: \"yes\"\n",
                (1, 8),
                "`draft` must be `true` or `false`, not `yes`",
            ),
            (
                "draft: yes\n",
                (1, 8),
                "`draft` must be `true` or `false`, not `yes`",
            ),
            (
                "weight: 1.5\n",
                (1, 9),
                "`weight` must be a whole number, not 1.5",
            ),
            (
                "page_size: 99999999999999999999\n",
                (1, 12),
                "`page_size` is too large",
            ),
            (
                "page_size: twenty\n",
                (1, 12),
                "`page_size` must be a whole number, not `twenty`",
            ),
            (
                "page_size: [20]\n",
                (1, 12),
                "`page_size` must be a whole number, not a list",
            ),
            (
                "markdown: {raw_html: 1}\n",
                (1, 22),
                "`raw_html` must be `true` or `false`, not 1",
            ),
            (
                "markdown:\n  raw_html: on\n",
                (2, 13),
                "`raw_html` must be `true` or `false`, not `on`",
            ),
        ] {
            let e = typed(src).unwrap_err();
            assert_eq!((e.line, e.column), at, "{src}: {e}");
            assert!(e.message.starts_with(message), "{src}: {}", e.message);
        }
    }

    #[test]
    fn structure_errors_name_the_key_in_editors_words() {
        for (src, at, message) in [
            (
                "languages: vi\n",
                (1, 12),
                "`languages` must be a list: write `[a, b]`",
            ),
            ("title: [A]\n", (1, 8), "`title` must be a text"),
            (
                "markdown: true\n",
                (1, 11),
                "`markdown` must be keys with values",
            ),
            (
                "name: 12\n",
                (1, 7),
                "`name` must be a text; YAML reads 12 as a number",
            ),
            (
                "name: [a, b]\n",
                (1, 7),
                "`name` must be one text, or a map of language to text",
            ),
        ] {
            let e = typed(src).unwrap_err();
            assert_eq!((e.line, e.column), at, "{src}: {e}");
            assert!(e.message.starts_with(message), "{src}: {}", e.message);
            assert!(
                !e.message.contains("sequence") && !e.message.contains("scalar"),
                "{}",
                e.message
            );
        }
    }

    #[test]
    fn the_key_of_a_value() {
        assert_eq!(key_before("page_size: \"20\"", 12), Some("page_size"));
        assert_eq!(key_before("markdown: {raw_html: 1}", 22), Some("raw_html"));
        assert_eq!(key_before("  - 9.5", 5), None);
        assert_eq!(key_before("x", 50), None);
        assert_eq!(key_before("tên: Đường", 6), Some("tên"));
        assert_eq!(
            key_before("Dân vận khéo: [Skilful]", 15),
            Some("Dân vận khéo")
        );
        assert_eq!(key_before("  - {title: M, url: [a]}", 21), Some("url"));
        assert_eq!(key_before("\"page_size\": \"20\"", 14), Some("page_size"));
    }

    #[test]
    fn a_billion_laughs_and_deep_nesting_are_refused_in_editors_words() {
        let mut bomb =
            String::from("extra:\n  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        for i in 1..10 {
            let refs = vec![format!("*a{}", i - 1); 10].join(", ");
            bomb.push_str(&format!("  a{i}: &a{i} [{refs}]\n"));
        }
        #[derive(Debug, Deserialize)]
        struct Extra {
            #[allow(dead_code)]
            extra: serde_json::Value,
        }
        let started = std::time::Instant::now();
        let e = YamlSource::file("a.md", &bomb)
            .parse::<Extra>()
            .unwrap_err();
        assert!(
            e.message.starts_with("this YAML is too large"),
            "{}",
            e.message
        );
        assert!(started.elapsed() < std::time::Duration::from_secs(20));
        let deep = format!("extra: {}1{}\n", "[".repeat(10_000), "]".repeat(10_000));
        let e = YamlSource::file("a.md", &deep)
            .parse::<Extra>()
            .unwrap_err();
        assert!(
            e.message.starts_with("this YAML is too large"),
            "{}",
            e.message
        );
    }

    #[test]
    fn escaped_control_characters_are_refused_at_their_escape() {
        let src = YamlSource {
            file: "content/a.md",
            yaml: "base_url: x\ntitle: \"Tin \\\"tức\\\" \\x00 mới\"\n",
            first_line: 2,
        };
        let err = src.parse::<Cfg>().unwrap_err();
        assert_eq!((err.line, err.column), (3, 21), "{err}");
        assert_eq!(err.code, "control-char");
        assert!(err.message.contains("U+0000 (NUL)"), "{}", err.message);
        for (yaml, at) in [
            ("base_url: x\ntitle: {vi: \"a\\u0007\"}\n", (2, 15)),
            ("base_url: x\ntitle: \"ok\n  then \\N\"\n", (3, 8)),
            ("base_url: \"\\e\"\ntitle: T\n", (1, 12)),
            ("base_url: x\ntitle: \"\\U0000FFFF\"\n", (2, 9)),
        ] {
            let err = parse(yaml).unwrap_err();
            assert_eq!((err.line, err.column), at, "{yaml}: {err}");
        }
        // Escapes of allowed characters, and backslashes outside double quotes, are fine.
        parse("base_url: 'a\\x00'\ntitle: \"tab\\there\\u00e9 \\\\x00\"\n").unwrap();
    }

    #[test]
    fn unknown_keys_list_the_known_ones_in_both_languages() {
        let en = parse("title: T\nbase_ulr: x\n").unwrap_err();
        assert!(
            en.message
                .starts_with("unknown field `base_ulr`, expected one of "),
            "{}",
            en.message
        );
        let vi = crate::messages::scoped(crate::messages::Lang::Vi, || {
            parse("title: T\nbase_ulr: x\n").unwrap_err()
        });
        assert!(
            vi.message
                .starts_with("khóa `base_ulr` không dùng được ở đây; các khóa dùng được: "),
            "{}",
            vi.message
        );
        assert!(vi.message.contains("base_url"), "{}", vi.message);
        assert_eq!(vi.hint.as_deref(), Some("có phải ý bạn là `base_url`?"));
        assert_eq!(vi.code, "unknown-key");
    }

    #[test]
    fn duplicate_keys_are_reworded() {
        let err = parse("base_url: x\ntitle: a\ntitle: b\n").unwrap_err();
        assert_eq!(err.message, "key `title` is written twice");
    }

    /// The mistakes editors make in the shape of a YAML text, each at the
    /// line to mend, with a plain message and a hint, in English and in
    /// Vietnamese.
    fn mistake(lang: crate::messages::Lang, yaml: &str) -> Diagnostic {
        crate::messages::scoped(lang, || {
            YamlSource {
                file: "content/tin-tuc/a.md",
                yaml,
                first_line: 2,
            }
            .parse::<serde_json::Value>()
            .unwrap_err()
        })
    }

    #[test]
    fn common_yaml_mistakes_are_told_in_plain_words_in_both_languages() {
        use crate::messages::Lang::{En, Vi};
        // (yaml, code, line in the file, column, English words, Vietnamese
        // words, a piece of the hint to type)
        let cases: [(&str, &str, usize, usize, &str, &str, &str); 7] = [
            (
                "title: A\ndate: 2024-08-16\n\tauthor: B\n",
                "yaml-tab",
                4,
                1,
                "a tab at the start of this line",
                "đầu dòng này có dấu tab",
                "",
            ),
            (
                "title: A\nauthor Ban Dân vận\n",
                "yaml-colon",
                3,
                1,
                "has no `:` after its key",
                "thiếu dấu `:` sau tên khóa",
                "`author: Ban Dân vận`",
            ),
            (
                "title: Tân Khê: tổng kết năm\ndate: 2024-08-16\n",
                "yaml-colon-in-text",
                2,
                15,
                "which YAML reads as the start of another key",
                "YAML hiểu đó là chỗ bắt đầu một khóa khác",
                "`title: \"Tân Khê: tổng kết năm\"`",
            ),
            (
                "title: A\n  author: B\n",
                "yaml-indent",
                3,
                3,
                "starts further right than the keys above it",
                "lùi vào sâu hơn các khóa ở trên",
                "`author:`",
            ),
            (
                "tags: [Hòa giải, Dân vận\nteams: [a]\n",
                "yaml-bracket",
                2,
                7,
                "the `[` opened on this line is not closed",
                "dấu `[` mở ở dòng này chưa được đóng",
                "`tags: [Hòa giải, Dân vận]`",
            ),
            (
                "tags: [a, b]]\n",
                "yaml-bracket",
                2,
                13,
                "this `]` closes nothing",
                "dấu `]` này không đóng cái gì cả",
                "`]`",
            ),
            (
                "title: \"Dân vận khéo\" năm 2024\n",
                "yaml-quote",
                2,
                23,
                "goes on after its closing quote",
                "còn tiếp sau dấu ngoặc kép đóng",
                "'Phong trào \"Dân vận khéo\" năm 2024'",
            ),
        ];
        for (yaml, code, line, column, en, vi, typed) in cases {
            for (lang, words) in [(En, en), (Vi, vi)] {
                let d = mistake(lang, yaml);
                assert_eq!(d.code, code, "{yaml:?}: {}", d.message);
                assert_eq!(
                    (d.line, d.column),
                    (line, column),
                    "{yaml:?}: {}",
                    d.message
                );
                assert!(
                    d.message.contains(words),
                    "{lang:?} {yaml:?}: {}",
                    d.message
                );
                let hint = d.hint.clone().unwrap_or_default();
                assert!(hint.contains(typed), "{lang:?} {yaml:?}: {hint}");
                let rendered = crate::messages::scoped(lang, || d.render(false));
                assert!(
                    rendered.starts_with(&format!("content/tin-tuc/a.md:{line}:{column}: error: ")),
                    "{rendered}"
                );
                let hint_word = if lang == Vi {
                    "= gợi ý: "
                } else {
                    "= hint: "
                };
                assert!(rendered.contains(hint_word), "{rendered}");
            }
        }
    }

    #[test]
    fn text_where_a_number_belongs_is_told_in_both_languages() {
        #[derive(Debug, Deserialize)]
        struct Team {
            #[allow(dead_code)]
            #[serde(deserialize_with = "whole_opt", default)]
            members: Option<i64>,
        }
        let parse_in = |lang| {
            crate::messages::scoped(lang, || {
                YamlSource::file("content/teams/a.yaml", "members: năm\n")
                    .parse::<Team>()
                    .unwrap_err()
            })
        };
        let en = parse_in(crate::messages::Lang::En);
        assert_eq!(en.message, "`members` must be a whole number, not `năm`");
        let vi = parse_in(crate::messages::Lang::Vi);
        assert_eq!(
            vi.message,
            "`members` phải là một số nguyên, không phải `năm`"
        );
        assert_eq!((vi.line, vi.column), (1, 10));
    }
}
