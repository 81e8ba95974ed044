//! `content/site.yaml`: parsed strictly (unknown keys are errors) and checked
//! into a [`Config`] the rest of the pipeline can trust. [`parse`] reads the
//! file once and hands each part to the module that knows it (languages,
//! addresses, menu, counters, images, analytics); every problem of every part
//! is reported, each at its own line.

mod analytics;
mod counters;
mod footer;
mod images;
mod languages;
mod menu;
mod urls;

pub(crate) use analytics::Analytics;
pub(crate) use counters::{BUILTIN_COUNTERS, Counter};
pub(crate) use footer::Footer;
pub(crate) use images::ImageSettings;
pub(crate) use languages::{Language, SEGMENT_NAMES};
pub(crate) use menu::{BuiltinPage, MenuItem};
pub(crate) use urls::BaseUrl;

use jiff::tz::TimeZone;
use serde::Deserialize;

use crate::diag::{Diagnostic, Diagnostics};
use crate::yaml::{Localized, Pairs, Spanned, YamlSource, unspanned};

/// The configuration file, by its name under `content/` and its path from the site root.
pub(crate) const SITE_NAME: &str = "site.yaml";
pub(crate) const SITE_FILE: &str = "content/site.yaml";

/// Every key site.yaml accepts, named as the guide's configuration reference
/// names them: `a.b` is the key `b` under `a`, `a[].b` the key `b` of each
/// entry of the list `a`, `<lang>` a language code. A unit test keeps this
/// list equal to what the parser accepts, and an integration test to what the
/// guide documents, so neither can drift.
pub const SITE_KEYS: &[&str] = &[
    "title",
    "tagline",
    "base_url",
    "languages",
    "timezone",
    "theme",
    "page_size",
    "highlight_theme",
    "paths",
    "paths.<lang>.tags",
    "paths.<lang>.teams",
    "paths.<lang>.regions",
    "paths.<lang>.statistics",
    "paths.<lang>.archive",
    "paths.<lang>.search",
    "paths.<lang>.documents",
    "paths.<lang>.page",
    "menu",
    "menu[].section",
    "menu[].page",
    "menu[].title",
    "menu[].url",
    "counters",
    "counters[].key",
    "counters[].label",
    "counters[].unit",
    "counters[].decimals",
    "images",
    "images.widths",
    "images.quality",
    "images.sizes",
    "images.originals",
    "analytics",
    "analytics.goatcounter",
    "analytics.matomo",
    "analytics.matomo.url",
    "analytics.matomo.site_id",
    "markdown",
    "markdown.raw_html",
    "markdown.smart_punctuation",
    "footer",
    "footer.agency",
    "footer.address",
    "footer.phone",
    "footer.email",
    "footer.responsible",
    "footer.license",
];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    title: Spanned<Localized>,
    #[serde(default)]
    tagline: Option<Spanned<Localized>>,
    base_url: Spanned<String>,
    #[serde(default)]
    languages: Option<Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    timezone: Option<Spanned<String>>,
    #[serde(default)]
    theme: Option<Spanned<String>>,
    #[serde(default, deserialize_with = "crate::yaml::spanned_whole_opt")]
    page_size: Option<Spanned<i64>>,
    #[serde(default)]
    highlight_theme: Option<Spanned<String>>,
    #[serde(default)]
    paths: Pairs<Spanned<String>, languages::RawSegments>,
    #[serde(default)]
    menu: Option<Vec<menu::RawMenuItem>>,
    #[serde(default)]
    counters: Vec<counters::RawCounter>,
    #[serde(default)]
    images: Option<images::RawImages>,
    #[serde(default)]
    analytics: Option<analytics::RawAnalytics>,
    #[serde(default)]
    markdown: Option<RawMarkdown>,
    #[serde(default)]
    footer: Option<footer::RawFooter>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMarkdown {
    #[serde(default, deserialize_with = "crate::yaml::flag_opt")]
    raw_html: Option<bool>,
    #[serde(default, deserialize_with = "crate::yaml::flag_opt")]
    smart_punctuation: Option<bool>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct MarkdownSettings {
    /// Raw HTML in Markdown is passed through (editors are trusted) unless false.
    pub(crate) raw_html: bool,
    pub(crate) smart_punctuation: bool,
}

/// The checked configuration of a site.
#[derive(Debug, Clone)]
pub struct Config {
    pub(crate) title: Localized,
    pub(crate) tagline: Option<Localized>,
    pub(crate) base: BaseUrl,
    /// The first is the default language, served at the root.
    pub(crate) languages: Vec<Language>,
    pub(crate) timezone: TimeZone,
    #[cfg(test)]
    pub(crate) timezone_name: String,
    pub(crate) theme: Spanned<String>,
    pub(crate) page_size: usize,
    pub(crate) highlight_theme: Spanned<String>,
    pub(crate) menu: Option<Vec<MenuItem>>,
    pub(crate) counters: Vec<Counter>,
    pub(crate) images: ImageSettings,
    pub(crate) analytics: Option<Analytics>,
    pub(crate) markdown: MarkdownSettings,
    /// The legal footer: who publishes the site.
    pub footer: Footer,
    /// The text of site.yaml, for diagnostics raised by later stages.
    pub(crate) source: String,
}

impl Config {
    pub(crate) fn default_lang(&self) -> &str {
        &self.languages[0].code
    }

    pub(crate) fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }

    pub(crate) fn has_language(&self, code: &str) -> bool {
        self.language(code).is_some()
    }

    /// A diagnostic source for site.yaml, for errors found by later stages.
    pub(crate) fn yaml_source(&self) -> YamlSource<'_> {
        YamlSource::file(SITE_FILE, &self.source)
    }

    /// Text for `lang` from a localized value, falling back to the default language.
    pub(crate) fn text<'a>(&self, value: &'a Localized, lang: &str) -> &'a str {
        value.get(lang, self.default_lang()).unwrap_or("")
    }

    pub(crate) fn counter(&self, key: &str) -> Option<&Counter> {
        self.counters.iter().find(|c| c.key == key)
    }
}

/// What every part of site.yaml is checked with: the file (for positions),
/// where problems go, and the site's languages, against which every
/// localized value is checked.
struct Checker<'a, 'd> {
    src: YamlSource<'a>,
    diags: &'d mut Diagnostics,
    codes: Vec<Spanned<String>>,
}

impl Checker<'_, '_> {
    /// An error at a value of site.yaml.
    fn error<T>(&mut self, at: &Spanned<T>, message: impl Into<String>) {
        let d = self.src.error_at(at, message);
        self.push(d);
    }

    fn push(&mut self, d: Diagnostic) {
        self.diags.push(d.with_code("config"));
    }

    /// The site's language codes, for messages: `vi, en`.
    fn code_list(&self) -> String {
        self.codes
            .iter()
            .map(|c| c.value.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    }

    /// Checks that a localized value names only the site's languages and,
    /// when `required` is given, has text for the default language.
    fn localized(&mut self, value: &Localized, what: &str, required: Option<&Spanned<Localized>>) {
        for key in value.keys() {
            if !self.codes.iter().any(|c| c.value == key.value) {
                let known = self.code_list();
                self.error(
                    key,
                    crate::msg!("load.not-a-site-language", key = key.value, langs = known),
                );
            }
        }
        let Some(default_lang) = self.codes.first().map(|c| c.value.clone()) else {
            return;
        };
        if let Some(spanned) = required
            && value.get(&default_lang, &default_lang).is_none()
        {
            self.error(
                spanned,
                crate::msg!("config.no-default-text", what = what, lang = default_lang),
            );
        }
    }
}

/// Parses and checks site.yaml; `base_url_override` is `--base-url`.
pub fn parse(
    text: String,
    base_url_override: Option<&str>,
    diags: &mut Diagnostics,
) -> Option<Config> {
    let src = YamlSource::file(SITE_FILE, &text);
    let raw: RawConfig = match src.parse() {
        Ok(raw) => raw,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let before = diags.error_count();
    let mut chk = Checker {
        src,
        diags,
        codes: Vec::new(),
    };

    // Languages first: every localized value is checked against them.
    chk.codes = languages::codes(raw.languages.as_ref(), &mut chk);
    chk.localized(&raw.title.value, "`title`", Some(&raw.title));
    if let Some(t) = &raw.tagline {
        chk.localized(&t.value, "`tagline`", None);
    }
    let base = base_url(&raw.base_url, base_url_override, &mut chk);
    let (timezone, _timezone_name) = timezone(raw.timezone.as_ref(), &mut chk);
    let page_size = page_size(raw.page_size.as_ref(), &mut chk);
    let languages = languages::languages(&raw.paths, &mut chk);
    let menu = raw.menu.map(|items| menu::menu(items, &mut chk));
    let counters = counters::counters(raw.counters, &mut chk);
    let images = images::images(raw.images, &mut chk);
    let analytics = analytics::analytics(raw.analytics, &mut chk);
    let footer = footer::footer(raw.footer, &mut chk);
    let markdown = MarkdownSettings {
        raw_html: raw
            .markdown
            .as_ref()
            .and_then(|m| m.raw_html)
            .unwrap_or(true),
        smart_punctuation: raw
            .markdown
            .as_ref()
            .and_then(|m| m.smart_punctuation)
            .unwrap_or(false),
    };
    let theme = theme(raw.theme, &mut chk);
    let highlight_theme = raw
        .highlight_theme
        .unwrap_or_else(|| unspanned("InspiredGitHub".to_owned()));

    if diags.error_count() > before {
        return None;
    }
    Some(Config {
        title: raw.title.value,
        tagline: raw.tagline.map(|t| t.value),
        base,
        languages,
        timezone,
        #[cfg(test)]
        timezone_name: _timezone_name,
        theme,
        page_size,
        highlight_theme,
        menu,
        counters,
        images,
        analytics,
        markdown,
        footer,
        source: text,
    })
}

/// `base_url`, or `--base-url` when given (its errors name the option).
fn base_url(written: &Spanned<String>, given: Option<&str>, chk: &mut Checker) -> BaseUrl {
    match BaseUrl::parse(given.unwrap_or(&written.value)) {
        Ok(b) => b,
        Err(msg) => {
            match given {
                Some(_) => chk.push(Diagnostic::error("--base-url", 1, 1, msg)),
                None => chk.error(written, msg),
            }
            BaseUrl::placeholder()
        }
    }
}

/// The site's time zone and its IANA name (Vietnam's by default).
fn timezone(written: Option<&Spanned<String>>, chk: &mut Checker) -> (TimeZone, String) {
    let name = written.map_or("Asia/Ho_Chi_Minh".to_owned(), |t| t.value.clone());
    let tz = match TimeZone::get(&name) {
        Ok(tz) => tz,
        Err(_) => {
            if let Some(t) = written {
                chk.error(t, crate::msg!("config.timezone", zone = t.value));
            }
            TimeZone::UTC
        }
    };
    (tz, name)
}

/// Articles per list page: 20 unless written.
fn page_size(written: Option<&Spanned<i64>>, chk: &mut Checker) -> usize {
    match written {
        None => 20,
        Some(p) if p.value >= 1 && p.value <= 1000 => p.value as usize,
        Some(p) => {
            chk.error(p, crate::msg!("load.page-size"));
            20
        }
    }
}

/// The theme's folder name under `themes/` (`default`, the built-in one, unless written).
fn theme(written: Option<Spanned<String>>, chk: &mut Checker) -> Spanned<String> {
    let theme = written.unwrap_or_else(|| unspanned("default".to_owned()));
    if theme.value.is_empty() || theme.value.contains(['/', '\\']) || theme.value.starts_with('.') {
        chk.error(&theme, crate::msg!("config.theme-name", name = theme.value));
    }
    theme
}

/// The first language `content/site.yaml` under `root` lists (the language
/// kheo speaks in when nothing else is asked), lives here rather than in
/// `messages`, which every module uses and which must not read files, read from its
/// `languages:` line alone so that a mistake elsewhere in the file (the
/// very mistake to report) does not hide the language to report it in.
pub fn site_first_language(root: &std::path::Path) -> Option<String> {
    // Read as the build reads it: a regular file only (a pipe or a device
    // named site.yaml must not hang kheo before it can say so), within the
    // size of a text file.
    let bytes =
        crate::files::read(&root.join("content").join("site.yaml"), crate::files::TEXT).ok()?;
    crate::messages::first_language_in(&String::from_utf8_lossy(&bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    pub(super) const MINIMAL: &str = "title: {vi: Ban Dân vận, en: Mass Mobilization}\nbase_url: https://danvan.example.gov.vn\nlanguages: [vi, en]\n";

    pub(super) fn ok(text: &str) -> Config {
        let mut d = Diagnostics::new();
        let c = parse(text.to_owned(), None, &mut d);
        assert!(!d.has_errors(), "{:?}", d.into_sorted());
        c.unwrap()
    }

    pub(super) fn errors(text: &str) -> Vec<Diagnostic> {
        let mut d = Diagnostics::new();
        let c = parse(text.to_owned(), None, &mut d);
        assert!(c.is_none());
        d.into_sorted()
    }

    #[test]
    fn minimal_site_gets_the_documented_defaults() {
        let c = ok(MINIMAL);
        assert_eq!(c.base.absolute, "https://danvan.example.gov.vn/");
        assert_eq!(c.base.path, "/");
        assert_eq!(c.default_lang(), "vi");
        assert_eq!(c.languages[1].prefix, "en/");
        assert_eq!(c.languages[0].segments.tags, "chu-de");
        assert_eq!(c.languages[1].segments.page, "page");
        assert_eq!(c.page_size, 20);
        assert_eq!(c.timezone_name, "Asia/Ho_Chi_Minh");
        assert!(c.markdown.raw_html);
        assert!(!c.markdown.smart_punctuation);
    }

    #[test]
    fn typo_in_a_key_is_an_error_with_a_hint() {
        let e = errors("title: T\nbase_ulr: https://x/\n");
        assert_eq!((e[0].line, e[0].column), (2, 1));
        assert_eq!(e[0].hint.as_deref(), Some("did you mean `base_url`?"));
    }

    #[test]
    fn every_value_problem_is_reported_at_once() {
        let e = errors(
            "title: {vi: T, fr: X}\nbase_url: ftp://x\nlanguages: [vi, en]\ntimezone: Mars/Olympus\npaths:\n  en: {tags: Chủ đề}\n  de: {tags: x}\ncounters:\n  - key: teams\n    label: T\n  - key: roads_km\n    label: {en: Roads}\n    decimals: 9\n",
        );
        let lines: Vec<usize> = e.iter().map(|d| d.line).collect();
        assert_eq!(lines, [1, 2, 4, 6, 7, 9, 12, 13], "{e:#?}");
    }

    #[test]
    fn base_url_override_wins() {
        let mut d = Diagnostics::new();
        let c = parse(
            MINIMAL.to_owned(),
            Some("http://localhost:8080/sub"),
            &mut d,
        )
        .unwrap();
        assert_eq!(c.base.absolute, "http://localhost:8080/sub/");
        assert_eq!(c.base.path, "/sub/");
    }

    proptest::proptest! {
        /// Any site.yaml gives a config or diagnostics, never a panic.
        #[test]
        fn parsing_never_panics(text in "(title|base_url|languages|paths|menu|counters|images|analytics|markdown|theme)?[:\\- \\[\\]{}a-z0-9/.,\n]{0,120}") {
            let mut d = Diagnostics::new();
            let c = parse(text, None, &mut d);
            proptest::prop_assert!(c.is_some() || d.has_errors());
        }
    }

    /// The keys serde accepts at one place of site.yaml, read from its
    /// "unknown field `zzz`, expected one of `a`, `b`" message.
    fn accepted_keys(yaml: &str) -> Vec<String> {
        let err = YamlSource::file(SITE_FILE, yaml)
            .parse::<RawConfig>()
            .unwrap_err();
        assert_eq!(err.code, "unknown-key", "{yaml}: {}", err.message);
        // "expected one of a, b, c", "expected a or b" or "expected a".
        let expected = err.message.split_once("expected").unwrap().1;
        let expected = expected.strip_prefix(" one of").unwrap_or(expected);
        expected
            .split([',', ' ', '`'])
            .filter(|w| !w.is_empty() && *w != "or")
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn site_keys_are_exactly_the_keys_the_parser_accepts() {
        // One probe per mapping of site.yaml; a new nested mapping needs its probe here.
        let probes = [
            ("", "zzz: 1\n"),
            ("paths.<lang>.", "paths:\n  en: {zzz: x}\n"),
            ("menu[].", "menu:\n  - {zzz: x}\n"),
            ("counters[].", "counters:\n  - {zzz: x}\n"),
            ("images.", "images: {zzz: 1}\n"),
            ("analytics.", "analytics: {zzz: 1}\n"),
            ("analytics.matomo.", "analytics: {matomo: {zzz: 1}}\n"),
            ("markdown.", "markdown: {zzz: 1}\n"),
            ("footer.", "footer: {zzz: 1}\n"),
        ];
        let mut accepted: Vec<String> = probes
            .iter()
            .flat_map(|(prefix, yaml)| {
                accepted_keys(yaml)
                    .into_iter()
                    .map(move |key| format!("{prefix}{key}"))
            })
            .collect();
        let mut listed: Vec<String> = SITE_KEYS.iter().map(|k| (*k).to_owned()).collect();
        accepted.sort();
        listed.sort();
        assert_eq!(
            listed, accepted,
            "SITE_KEYS must list every key site.yaml accepts (then document it in docs/)"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_pipe_named_site_yaml_is_not_read() {
        let site = tempfile::tempdir().unwrap();
        std::fs::create_dir(site.path().join("content")).unwrap();
        let pipe = site.path().join("content/site.yaml");
        let made = std::process::Command::new("mkfifo")
            .arg(&pipe)
            .status()
            .unwrap();
        assert!(made.success());
        // Would wait for a writer forever if it were opened for reading.
        assert_eq!(site_first_language(site.path()), None);
        std::fs::remove_file(&pipe).unwrap();
        std::fs::write(&pipe, "languages: [en, vi]\n").unwrap();
        assert_eq!(site_first_language(site.path()).as_deref(), Some("en"));
    }
}
