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
pub type Spanned<T> = serde_saphyr::Spanned<T>;

/// A value that was not written in any file (a default).
pub fn unspanned<T>(value: T) -> Spanned<T> {
    Spanned::new(value, Location::UNKNOWN, Location::UNKNOWN)
}

/// 1-based (line, column) of a spanned value inside its YAML text.
pub fn position<T>(s: &Spanned<T>) -> (usize, usize) {
    let loc = s.referenced;
    (to_usize(loc.line()), to_usize(loc.column()))
}

fn to_usize(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// A YAML text inside a file of the site; `first_line` maps YAML line 1 to
/// its line in the file (front matter starts on line 2).
#[derive(Debug, Clone, Copy)]
pub struct YamlSource<'a> {
    /// Path relative to the site root.
    pub file: &'a str,
    /// The YAML text.
    pub yaml: &'a str,
    /// Line of the file where the YAML text starts (1 for a whole .yaml file).
    pub first_line: usize,
}

impl<'a> YamlSource<'a> {
    /// A whole-file YAML source.
    pub fn file(file: &'a str, yaml: &'a str) -> Self {
        YamlSource {
            file,
            yaml,
            first_line: 1,
        }
    }

    /// Parses the YAML into `T`, reporting the first problem at its place.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, Diagnostic> {
        if let Some((line, column, c)) = escaped_forbidden_char(self.yaml) {
            return Err(self
                .error(
                    line,
                    column,
                    format!(
                        "this escape writes the invisible control character {}, which no page or feed may contain",
                        crate::text::describe(c)
                    ),
                )
                .with_code("control-char")
                .with_hint("delete the escape; write a line break as a new line of text"));
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
            let message = err.render_with_formatter(&UserMessageFormatter.with_localizer(&NoLocationSuffix));
            let message = humanize(&message);
            let hint = suggestion(&message).or_else(|| {
                message.starts_with("null is not allowed").then(|| {
                    "the value is empty here; if a text contains `,` or `:` inside `{...}` or `[...]`, put it in quotes".to_owned()
                })
            });
            let code = if message.starts_with("unknown field") {
                "unknown-key"
            } else if message.contains("is written twice") {
                "duplicate-key"
            } else {
                "yaml"
            };
            let mut d = self.error(line, column, message).with_code(code);
            d.hint = hint;
            d
        })
    }

    /// An error at a YAML (line, column).
    pub fn error(&self, line: usize, column: usize, message: impl Into<String>) -> Diagnostic {
        let mut d = Diagnostic::error(self.file, line + self.first_line - 1, column, message);
        d.source_line = self.line_text(line);
        d
    }

    fn line_text(&self, line: usize) -> Option<String> {
        self.yaml
            .lines()
            .nth(line.checked_sub(1)?)
            .map(str::to_owned)
    }

    /// The text a spanned value was written as (`123456789.123456`), when
    /// its place in the YAML text is known.
    pub fn raw_text<T>(&self, s: &Spanned<T>) -> Option<&'a str> {
        let span = s.referenced.span();
        let start = usize::try_from(span.byte_offset()?).ok()?;
        let len = usize::try_from(span.byte_len()?).ok()?;
        self.yaml.get(start..start.checked_add(len)?)
    }

    /// An error at a spanned value.
    pub fn error_at<T>(&self, s: &Spanned<T>, message: impl Into<String>) -> Diagnostic {
        let (line, column) = position(s);
        self.error(line, column, message)
    }

    /// A warning at a spanned value.
    pub fn warning_at<T>(&self, s: &Spanned<T>, message: impl Into<String>) -> Diagnostic {
        let (line, column) = position(s);
        let mut d = Diagnostic::warning(self.file, line + self.first_line - 1, column, message);
        d.source_line = self.line_text(line);
        d
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

/// Rewords the few parser messages that speak to programmers rather than editors.
fn humanize(message: &str) -> String {
    if let Some(rest) = message.strip_prefix("duplicate mapping key `")
        && let Some((key, _)) = rest.split_once('`')
    {
        return format!("key `{key}` is written twice");
    }
    message.to_owned()
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
    crate::diag::closest(unknown, candidates).map(|best| format!("did you mean `{best}`?"))
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
    pub fn get<'s>(&'s self, lang: &str, fallback: &str) -> Option<&'s str> {
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
    pub fn keys(&self) -> impl Iterator<Item = &Spanned<String>> {
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
pub struct Pairs<K, V>(pub Vec<(K, V)>);

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
pub enum Scalar {
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
        stats: Pairs<Spanned<i32>, Pairs<Spanned<String>, Spanned<Scalar>>>,
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
        assert_eq!(year.value, 2016);
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
    fn duplicate_keys_are_reworded() {
        let err = parse("base_url: x\ntitle: a\ntitle: b\n").unwrap_err();
        assert_eq!(err.message, "key `title` is written twice");
    }
}
