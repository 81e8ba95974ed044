//! What kheo says to the people running it, in their language.
//!
//! Every sentence kheo prints (a diagnostic's message and hint, a command's
//! summary line, a log line of `kheo serve`) is looked up by key in one of
//! the per-language files beside this module, `en.yaml` and `vi.yaml`, like
//! the theme's UI strings. A sentence names its values as `{name}`.
//!
//! The language is chosen once per process by the binary ([`set`]): the
//! `--lang` option, else `KHEO_LANG`, else the site's first language (see
//! [`resolve`]). The library speaks English until told otherwise, so code
//! embedding it and its tests read the same words as before.
//!
//! A key that ends in `.one`/`.other` is a plural: [`plural`] takes `.one`
//! for 1 when the language has it (Vietnamese does not).

use std::collections::HashMap;
use std::fmt::Display;
use std::sync::OnceLock;
use std::sync::atomic::{AtomicU8, Ordering};

/// A language kheo can speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    En,
    Vi,
}

impl Lang {
    /// `vi`, `vi_VN.UTF-8`, `VI`, `en-GB`... -> the language; anything else -> None.
    pub(crate) fn parse(text: &str) -> Option<Lang> {
        let code: String = text
            .trim()
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect::<String>()
            .to_ascii_lowercase();
        match code.as_str() {
            "vi" => Some(Lang::Vi),
            "en" => Some(Lang::En),
            _ => None,
        }
    }
}

static CURRENT: AtomicU8 = AtomicU8::new(0);

/// Sets the language of every message from now on (the binary calls this once).
pub fn set(lang: Lang) {
    CURRENT.store(
        match lang {
            Lang::En => 0,
            Lang::Vi => 1,
        },
        Ordering::Relaxed,
    );
}

/// The language messages are written in now.
pub fn current() -> Lang {
    #[cfg(test)]
    if let Some(lang) = SCOPED.with(std::cell::Cell::get) {
        return lang;
    }
    match CURRENT.load(Ordering::Relaxed) {
        1 => Lang::Vi,
        _ => Lang::En,
    }
}

#[cfg(test)]
thread_local! {
    static SCOPED: std::cell::Cell<Option<Lang>> = const { std::cell::Cell::new(None) };
}

/// Runs `f` with messages in `lang` on this thread only, so unit tests
/// running side by side each keep their own language.
#[cfg(test)]
pub(crate) fn scoped<T>(lang: Lang, f: impl FnOnce() -> T) -> T {
    let before = SCOPED.with(|s| s.replace(Some(lang)));
    let out = f();
    SCOPED.with(|s| s.set(before));
    out
}

const EN: &str = include_str!("en.yaml");
const VI: &str = include_str!("vi.yaml");

fn table(lang: Lang) -> &'static HashMap<String, String> {
    static TABLES: [OnceLock<HashMap<String, String>>; 2] = [OnceLock::new(), OnceLock::new()];
    let (slot, text) = match lang {
        Lang::En => (&TABLES[0], EN),
        Lang::Vi => (&TABLES[1], VI),
    };
    // The files are part of kheo; a unit test parses both.
    slot.get_or_init(|| serde_saphyr::from_str(text).unwrap_or_default())
}

/// The sentence `key` in `lang` with its `{name}`s filled in. A key the
/// language lacks falls back to English, and a key neither has is returned
/// as it is (a unit test checks every key used exists in both files).
pub(crate) fn text_in(lang: Lang, key: &str, args: &[(&str, &dyn Display)]) -> String {
    let template = table(lang)
        .get(key)
        .or_else(|| table(Lang::En).get(key))
        .map_or(key, String::as_str);
    fill(template, args)
}

/// The sentence `key` in the current language.
pub fn text(key: &str, args: &[(&str, &dyn Display)]) -> String {
    text_in(current(), key, args)
}

/// `key.one` for `n == 1` when the language has it, else `key.other`;
/// `{n}` is filled in with `n`.
pub(crate) fn plural_in(lang: Lang, key: &str, n: usize, args: &[(&str, &dyn Display)]) -> String {
    let one = format!("{key}.one");
    let chosen = if n == 1 && table(lang).contains_key(&one) {
        one
    } else {
        format!("{key}.other")
    };
    let mut all: Vec<(&str, &dyn Display)> = vec![("n", &n)];
    all.extend_from_slice(args);
    text_in(lang, &chosen, &all)
}

/// [`plural_in`] in the current language.
pub fn plural(key: &str, n: usize, args: &[(&str, &dyn Display)]) -> String {
    plural_in(current(), key, n, args)
}

fn fill(template: &str, args: &[(&str, &dyn Display)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let name_end = after
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(after.len());
        let name = &after[..name_end];
        match args.iter().find(|(n, _)| *n == name) {
            Some((_, value)) if !name.is_empty() && after[name_end..].starts_with('}') => {
                out.push_str(&value.to_string());
                rest = &after[name_end + 1..];
            }
            _ => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// `msg!("key", name = value, ...)`: the sentence in the current language.
#[macro_export]
macro_rules! msg {
    ($key:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::messages::text($key, &[$((stringify!($name), &$value as &dyn ::std::fmt::Display)),*])
    };
}

/// `plural!("key", n, name = value, ...)`: `key.one` or `key.other`.
#[macro_export]
macro_rules! plural {
    ($key:literal, $n:expr $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::messages::plural($key, $n, &[$((stringify!($name), &$value as &dyn ::std::fmt::Display)),*])
    };
}

/// Which language kheo speaks, from what the person asked and the site:
///
/// 1. `asked` (the `--lang` option);
/// 2. `env` (`KHEO_LANG`);
/// 3. the first of the site's `languages:` when it is `vi` or `en` (another
///    first language gets English);
/// 4. with no site yet (`kheo init`, a wrong `--root`), the system's language
///    (`LC_ALL`, `LC_MESSAGES`, `LANG`) when it is English, else Vietnamese:
///    the sites kheo makes are Vietnamese first.
///
/// A value that names neither language is passed over.
pub fn resolve(
    asked: Option<&str>,
    env: Option<&str>,
    site_first: Option<&str>,
    system: &[Option<String>],
) -> Lang {
    if let Some(lang) = asked
        .and_then(Lang::parse)
        .or_else(|| env.and_then(Lang::parse))
    {
        return lang;
    }
    if let Some(first) = site_first {
        return Lang::parse(first).unwrap_or(Lang::En);
    }
    let system = system
        .iter()
        .flatten()
        .find(|v| !v.is_empty())
        .and_then(|v| Lang::parse(v));
    match system {
        Some(Lang::En) => Lang::En,
        _ => Lang::Vi,
    }
}

/// The first language listed on the `languages:` line of a site.yaml text
/// (see `config::site_first_language`).
pub(crate) fn first_language_in(text: &str) -> Option<String> {
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let Some(rest) = line.strip_prefix("languages") else {
            continue;
        };
        let Some(value) = rest.trim_start().strip_prefix(':') else {
            continue;
        };
        let value = value.split(" #").next().unwrap_or("").trim();
        let item = if let Some(list) = value.strip_prefix('[') {
            list.split([',', ']']).next().unwrap_or("")
        } else if value.is_empty() {
            // A block list: the first `- xx` below.
            lines
                .by_ref()
                .map(str::trim)
                .find(|l| !l.is_empty() && !l.starts_with('#'))
                .and_then(|l| l.strip_prefix('-'))
                .unwrap_or("")
        } else {
            value
        };
        let item = item.trim().trim_matches(['"', '\'']);
        return (!item.is_empty()).then(|| item.to_owned());
    }
    None
}

#[cfg(test)]
mod tests;
