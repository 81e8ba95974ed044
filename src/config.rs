//! `content/site.yaml`: parsed strictly (unknown keys are errors) and checked
//! into a [`Config`] the rest of the pipeline can trust.

use jiff::tz::TimeZone;
use serde::Deserialize;

use crate::diag::{Diagnostic, Diagnostics};
use crate::slug;
use crate::yaml::{Localized, Pairs, Spanned, YamlSource, unspanned};

/// The configuration file, by its name under `content/` and its path from the site root.
pub const SITE_NAME: &str = "site.yaml";
pub const SITE_FILE: &str = "content/site.yaml";

/// Counters every site has without declaring them (SPEC §1.5).
pub const BUILTIN_COUNTERS: [&str; 3] = ["teams", "members", "articles"];

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
    "analytics",
    "analytics.goatcounter",
    "analytics.matomo",
    "analytics.matomo.url",
    "analytics.matomo.site_id",
    "markdown",
    "markdown.raw_html",
    "markdown.smart_punctuation",
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
    #[serde(default)]
    page_size: Option<Spanned<i64>>,
    #[serde(default)]
    highlight_theme: Option<Spanned<String>>,
    #[serde(default)]
    paths: Pairs<Spanned<String>, RawSegments>,
    #[serde(default)]
    menu: Option<Vec<RawMenuItem>>,
    #[serde(default)]
    counters: Vec<RawCounter>,
    #[serde(default)]
    images: Option<RawImages>,
    #[serde(default)]
    analytics: Option<RawAnalytics>,
    #[serde(default)]
    markdown: Option<RawMarkdown>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSegments {
    tags: Option<Spanned<String>>,
    teams: Option<Spanned<String>>,
    regions: Option<Spanned<String>>,
    statistics: Option<Spanned<String>>,
    archive: Option<Spanned<String>>,
    search: Option<Spanned<String>>,
    page: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMenuItem {
    section: Option<Spanned<String>>,
    page: Option<Spanned<String>>,
    title: Option<Localized>,
    url: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCounter {
    key: Spanned<String>,
    label: Spanned<Localized>,
    #[serde(default)]
    unit: Option<Spanned<Localized>>,
    #[serde(default)]
    decimals: Option<Spanned<i64>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawImages {
    #[serde(default)]
    widths: Option<Spanned<Vec<Spanned<i64>>>>,
    #[serde(default)]
    quality: Option<Spanned<i64>>,
    #[serde(default)]
    sizes: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAnalytics {
    #[serde(default)]
    goatcounter: Option<Spanned<String>>,
    #[serde(default)]
    matomo: Option<RawMatomo>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMatomo {
    url: Spanned<String>,
    site_id: Spanned<i64>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMarkdown {
    #[serde(default)]
    raw_html: Option<bool>,
    #[serde(default)]
    smart_punctuation: Option<bool>,
}

/// The generated URL segments of one language (SPEC §3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segments {
    pub tags: String,
    pub teams: String,
    pub regions: String,
    pub statistics: String,
    pub archive: String,
    pub search: String,
    pub page: String,
}

/// The names of the generated URL segments, as written under `paths:`.
pub const SEGMENT_NAMES: [&str; 7] = [
    "tags",
    "teams",
    "regions",
    "statistics",
    "archive",
    "search",
    "page",
];

impl Segments {
    /// A segment by its name under `paths:`.
    pub fn get_mut(&mut self, name: &str) -> Option<&mut String> {
        Some(match name {
            "tags" => &mut self.tags,
            "teams" => &mut self.teams,
            "regions" => &mut self.regions,
            "statistics" => &mut self.statistics,
            "archive" => &mut self.archive,
            "search" => &mut self.search,
            "page" => &mut self.page,
            _ => return None,
        })
    }

    pub fn get(&self, name: &str) -> Option<&str> {
        Some(match name {
            "tags" => &self.tags,
            "teams" => &self.teams,
            "regions" => &self.regions,
            "statistics" => &self.statistics,
            "archive" => &self.archive,
            "search" => &self.search,
            "page" => &self.page,
            _ => return None,
        })
    }

    /// The spec's defaults: Vietnamese words for `vi`, English for every other language.
    pub fn defaults(lang: &str) -> Segments {
        let words: [&str; 7] = if lang == "vi" {
            [
                "chu-de",
                "to-dan-van",
                "dia-ban",
                "so-lieu",
                "luu-tru",
                "tim-kiem",
                "trang",
            ]
        } else {
            [
                "tags",
                "teams",
                "regions",
                "statistics",
                "archive",
                "search",
                "page",
            ]
        };
        let [tags, teams, regions, statistics, archive, search, page] = words.map(str::to_owned);
        Segments {
            tags,
            teams,
            regions,
            statistics,
            archive,
            search,
            page,
        }
    }
}

/// A language of the site.
#[derive(Debug, Clone)]
pub struct Language {
    pub code: String,
    /// URL prefix: empty for the default language, `en/` for English.
    pub prefix: String,
    pub segments: Segments,
    /// The segments site.yaml set under `paths:` (the others are defaults,
    /// which give way to a section folder of the same name).
    pub explicit: Vec<&'static str>,
}

/// `base_url` split into what pages need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    /// Absolute, ending in `/`: `https://host/dan-van/`.
    pub absolute: String,
    /// Path part, starting and ending in `/`: `/dan-van/`.
    pub path: String,
}

impl BaseUrl {
    /// Parses a plain absolute http(s) URL: a host (no user name or
    /// password), an optional port and folder, no query or fragment; the
    /// message explains what is wrong.
    pub fn parse(text: &str) -> Result<BaseUrl, String> {
        let (t, scheme, rest) = http_parts(text)?;
        if t.contains(['?', '#']) {
            return Err(format!(
                "`{t}` must not contain a query (`?`) or a fragment (`#`)"
            ));
        }
        let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
        check_host(t, host)?;
        if let Some(c) = path.chars().find(|c| {
            !(c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~' | '/' | '%'))
        }) {
            return Err(format!(
                "`{t}` has `{c}` in its folder: write it with ASCII letters, digits, `-` and `_` (or percent-encode it)"
            ));
        }
        let path = path.trim_matches('/');
        let path = if path.is_empty() {
            "/".to_owned()
        } else {
            format!("/{path}/")
        };
        Ok(BaseUrl {
            absolute: format!("{scheme}://{host}{path}"),
            path,
        })
    }
}

/// Splits an http(s) URL into the trimmed text, its lower-case scheme and what
/// follows `://`, refusing spaces, invisible characters and backslashes anywhere.
fn http_parts(text: &str) -> Result<(&str, &'static str, &str), String> {
    let t = text.trim();
    if let Some(c) = t.chars().find(|c| c.is_whitespace() || c.is_control()) {
        let shown: String = t
            .chars()
            .map(|c| if c.is_control() { '\u{fffd}' } else { c })
            .collect();
        return Err(format!(
            "`{shown}` contains a space or an invisible character (U+{:04X}): write the address without it (a space as %20)",
            u32::from(c)
        ));
    }
    if t.contains('\\') {
        return Err(format!("`{t}` contains `\\`: addresses use `/`"));
    }
    let lower = t.get(..8).unwrap_or(t).to_ascii_lowercase();
    let (scheme, rest) = if lower.starts_with("https://") {
        ("https", &t[8..])
    } else if lower.starts_with("http://") {
        ("http", &t[7..])
    } else {
        return Err(format!(
            "`{t}` is not an absolute URL: it must start with https:// or http://"
        ));
    };
    Ok((t, scheme, rest))
}

/// Checks the host (and port) of an http(s) URL: a name or address, no
/// `user:password@` in front.
fn check_host(t: &str, host: &str) -> Result<(), String> {
    if host.is_empty() {
        return Err(format!("`{t}` has no host name"));
    }
    if host.contains('@') {
        return Err(format!(
            "`{t}` has a user name or password before the host: write only the host"
        ));
    }
    let (name, port) = match host.rsplit_once(':') {
        Some((name, port))
            if !name.ends_with(':') && !host.starts_with('[') || name.ends_with(']') =>
        {
            (name, Some(port))
        }
        _ => (host, None),
    };
    let name_ok = if let Some(ip6) = name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
        !ip6.is_empty()
            && ip6
                .chars()
                .all(|c| c.is_ascii_hexdigit() || matches!(c, ':' | '.'))
    } else {
        name.split('.').all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
    };
    if !name_ok {
        return Err(format!(
            "`{t}` does not have a valid host name (`{name}`): use ASCII letters, digits, `-` and `.` (write a Vietnamese domain in its xn-- form)"
        ));
    }
    if let Some(port) = port
        && (port.is_empty() || port.parse::<u16>().is_err())
    {
        return Err(format!("`{t}` has an invalid port `{port}`"));
    }
    Ok(())
}

/// Checks the `url:` of a menu entry: a plain http(s) address (a query and a
/// fragment are fine), a path of this site (`/so-lieu/`), or `mailto:`; the
/// text to write into pages.
pub fn menu_url(text: &str) -> Result<String, String> {
    let t = text.trim();
    if t.starts_with('/') && !t.starts_with("//") {
        if let Some(c) = t.chars().find(|c| {
            c.is_whitespace() || c.is_control() || matches!(c, '\\' | '"' | '\'' | '<' | '>' | '`')
        }) {
            return Err(format!(
                "`{t}` has `{}` in it: write a path with letters, digits, `-`, `/` (a space as %20)",
                c.escape_default()
            ));
        }
        return Ok(t.to_owned());
    }
    if let Some(address) = t
        .get(..7)
        .filter(|p| p.eq_ignore_ascii_case("mailto:"))
        .map(|_| &t[7..])
    {
        if address.contains('@')
            && !address.contains(|c: char| {
                c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '<' | '>' | '\\')
            })
        {
            return Ok(t.to_owned());
        }
        return Err(format!(
            "`{t}` is not an e-mail address: write `mailto:ten@example.vn`"
        ));
    }
    let (t, _, rest) = http_parts(t).map_err(|e| {
        format!("{e}; a menu link may also be a path of this site (`/so-lieu/`) or `mailto:`")
    })?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    check_host(t, host)?;
    if let Some(c) = rest
        .chars()
        .find(|c| matches!(c, '"' | '\'' | '<' | '>' | '`'))
    {
        return Err(format!("`{t}` has `{c}` in it: percent-encode it"));
    }
    Ok(t.to_owned())
}

/// A figure teams may report, declared in `counters:`.
#[derive(Debug, Clone)]
pub struct Counter {
    pub key: String,
    pub label: Localized,
    pub unit: Option<Localized>,
    pub decimals: u32,
}

/// An entry of the main menu, checked against the sections by the model.
#[derive(Debug, Clone)]
pub enum MenuItem {
    Section(Spanned<String>),
    /// A page kheo generates: `teams`, `regions`, `statistics`, `tags`, `archive`, `search`.
    Page(BuiltinPage),
    Link {
        title: Localized,
        url: String,
    },
}

/// A generated page a menu can link to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BuiltinPage {
    Teams,
    Regions,
    Statistics,
    Tags,
    Archive,
    Search,
}

impl BuiltinPage {
    pub const NAMES: [&str; 6] = [
        "teams",
        "regions",
        "statistics",
        "tags",
        "archive",
        "search",
    ];

    pub fn from_name(name: &str) -> Option<BuiltinPage> {
        Some(match name {
            "teams" => BuiltinPage::Teams,
            "regions" => BuiltinPage::Regions,
            "statistics" => BuiltinPage::Statistics,
            "tags" => BuiltinPage::Tags,
            "archive" => BuiltinPage::Archive,
            "search" => BuiltinPage::Search,
            _ => return None,
        })
    }

    /// The theme string that names the page (also its `menu` key).
    pub fn string_key(self) -> &'static str {
        match self {
            BuiltinPage::Teams => "teams",
            BuiltinPage::Regions => "regions",
            BuiltinPage::Statistics => "statistics",
            BuiltinPage::Tags => "all_tags",
            BuiltinPage::Archive => "archive",
            BuiltinPage::Search => "search",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Analytics {
    GoatCounter { endpoint: String },
    Matomo { url: String, site_id: u32 },
}

/// How photos are resized (`images:`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImageSettings {
    /// Widths of the resized variants, in pixels, ascending.
    pub widths: Vec<u32>,
    /// JPEG quality, 1–100.
    pub quality: u8,
    /// The `sizes` attribute of images in article bodies: how wide the
    /// built-in theme's article column is at each screen width.
    pub sizes: String,
}

impl Default for ImageSettings {
    fn default() -> Self {
        ImageSettings {
            widths: vec![320, 640, 1024, 1600],
            quality: 80,
            sizes: DEFAULT_IMAGE_SIZES.to_owned(),
        }
    }
}

/// The article column of the built-in theme: the full width of a phone less
/// its margins, 41.5rem from 64rem up (see `kheo.css`).
pub const DEFAULT_IMAGE_SIZES: &str =
    "(min-width: 64rem) 41.5rem, (min-width: 48rem) calc(100vw - 7.5rem), calc(100vw - 2rem)";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MarkdownSettings {
    /// Raw HTML in Markdown is passed through (editors are trusted) unless false.
    pub raw_html: bool,
    pub smart_punctuation: bool,
}

/// The checked configuration of a site.
#[derive(Debug, Clone)]
pub struct Config {
    pub title: Localized,
    pub tagline: Option<Localized>,
    pub base: BaseUrl,
    /// The first is the default language, served at the root.
    pub languages: Vec<Language>,
    pub timezone: TimeZone,
    pub timezone_name: String,
    pub theme: Spanned<String>,
    pub page_size: usize,
    pub highlight_theme: Spanned<String>,
    pub menu: Option<Vec<MenuItem>>,
    pub counters: Vec<Counter>,
    pub images: ImageSettings,
    pub analytics: Option<Analytics>,
    pub markdown: MarkdownSettings,
    /// The text of site.yaml, for diagnostics raised by later stages.
    pub source: String,
}

impl Config {
    pub fn default_lang(&self) -> &str {
        &self.languages[0].code
    }

    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }

    pub fn has_language(&self, code: &str) -> bool {
        self.language(code).is_some()
    }

    /// A diagnostic source for site.yaml, for errors found by later stages.
    pub fn yaml_source(&self) -> YamlSource<'_> {
        YamlSource::file(SITE_FILE, &self.source)
    }

    /// Text for `lang` from a localized value, falling back to the default language.
    pub fn text<'a>(&self, value: &'a Localized, lang: &str) -> &'a str {
        value.get(lang, self.default_lang()).unwrap_or("")
    }

    pub fn counter(&self, key: &str) -> Option<&Counter> {
        self.counters.iter().find(|c| c.key == key)
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
    let mut err = |d: Diagnostic| diags.push(d);

    // Languages first: every localized value is checked against them.
    let mut codes: Vec<Spanned<String>> = Vec::new();
    match &raw.languages {
        None => codes.push(unspanned("vi".to_owned())),
        Some(list) if list.value.is_empty() => err(src
            .error_at(
                list,
                "`languages` is empty: list at least one language, the default first",
            )
            .with_code("config")),
        Some(list) => {
            for l in &list.value {
                if !is_language_code(&l.value) {
                    err(src
                        .error_at(
                            l,
                            format!(
                                "`{}` is not a language code (use codes such as vi, en, fr)",
                                l.value
                            ),
                        )
                        .with_code("config"));
                } else if codes.iter().any(|c| c.value == l.value) {
                    err(src
                        .error_at(l, format!("language `{}` is listed twice", l.value))
                        .with_code("config"));
                } else {
                    codes.push(l.clone());
                }
            }
        }
    }
    if codes.is_empty() {
        codes.push(unspanned("vi".to_owned()));
    }
    let default_lang = codes[0].value.clone();
    let known = |code: &str| codes.iter().any(|c| c.value == code);

    let check_localized = |value: &Localized,
                           what: &str,
                           required_default: Option<&Spanned<Localized>>,
                           err: &mut dyn FnMut(Diagnostic)| {
        for key in value.keys() {
            if !known(&key.value) {
                err(src
                    .error_at(
                        key,
                        format!(
                            "`{}` is not one of the site's languages ({})",
                            key.value,
                            list(&codes)
                        ),
                    )
                    .with_code("config"));
            }
        }
        if let Some(spanned) = required_default
            && value.get(&default_lang, &default_lang).is_none()
        {
            err(src
                .error_at(
                    spanned,
                    format!("{what} has no text for the default language `{default_lang}`"),
                )
                .with_code("config"));
        }
    };

    check_localized(&raw.title.value, "`title`", Some(&raw.title), &mut err);
    if let Some(t) = &raw.tagline {
        check_localized(&t.value, "`tagline`", None, &mut err);
    }

    let base = match BaseUrl::parse(base_url_override.unwrap_or(&raw.base_url.value)) {
        Ok(b) => b,
        Err(msg) => {
            match base_url_override {
                Some(_) => err(Diagnostic::error("--base-url", 1, 1, msg).with_code("config")),
                None => err(src.error_at(&raw.base_url, msg).with_code("config")),
            }
            BaseUrl::parse("https://localhost/").unwrap_or(BaseUrl {
                absolute: "https://localhost/".into(),
                path: "/".into(),
            })
        }
    };

    let timezone_name = raw
        .timezone
        .as_ref()
        .map_or("Asia/Ho_Chi_Minh".to_owned(), |t| t.value.clone());
    let timezone = match TimeZone::get(&timezone_name) {
        Ok(tz) => tz,
        Err(_) => {
            if let Some(t) = &raw.timezone {
                err(src.error_at(
                    t,
                    format!(
                        "`{}` is not a known time zone (use an IANA name such as Asia/Ho_Chi_Minh)",
                        t.value
                    ),
                ).with_code("config"));
            }
            TimeZone::UTC
        }
    };

    let page_size = match &raw.page_size {
        None => 20,
        Some(p) if p.value >= 1 && p.value <= 1000 => p.value as usize,
        Some(p) => {
            err(src
                .error_at(p, "`page_size` must be a whole number from 1 to 1000")
                .with_code("config"));
            20
        }
    };

    // Per-language URL segments.
    let mut languages: Vec<Language> = codes
        .iter()
        .enumerate()
        .map(|(i, c)| Language {
            code: c.value.clone(),
            prefix: if i == 0 {
                String::new()
            } else {
                format!("{}/", c.value)
            },
            segments: Segments::defaults(&c.value),
            explicit: Vec::new(),
        })
        .collect();
    for (lang, segs) in &raw.paths.0 {
        let Some(language) = languages.iter_mut().find(|l| l.code == lang.value) else {
            err(src
                .error_at(
                    lang,
                    format!(
                        "`paths` names `{}`, which is not one of the site's languages ({})",
                        lang.value,
                        list(&codes)
                    ),
                )
                .with_code("config"));
            continue;
        };
        let given = [
            &segs.tags,
            &segs.teams,
            &segs.regions,
            &segs.statistics,
            &segs.archive,
            &segs.search,
            &segs.page,
        ];
        for (name, given) in SEGMENT_NAMES.into_iter().zip(given) {
            if let Some(v) = given {
                if slug::is_slug(&v.value) {
                    if let Some(slot) = language.segments.get_mut(name) {
                        *slot = v.value.clone();
                    }
                    language.explicit.push(name);
                } else {
                    err(src.error_at(v, format!("`{}` is not a URL segment: use lower-case ASCII words joined by `-` (e.g. `{}`)", v.value, slug::slugify(&v.value))).with_code("config"));
                }
            }
        }
    }

    let menu = raw.menu.map(|items| {
        let mut out = Vec::new();
        for item in items {
            if let Some(page) = item.page {
                match BuiltinPage::from_name(&page.value) {
                    Some(p)
                        if item.section.is_none() && item.title.is_none() && item.url.is_none() =>
                    {
                        out.push(MenuItem::Page(p))
                    }
                    Some(_) => {
                        err(src.error_at(&page, "a menu entry with `page:` has nothing else").with_code("config"))
                    }
                    None => err(src.error_at(
                        &page,
                        format!(
                            "`{}` is not a page kheo makes; choose one of: {}",
                            page.value,
                            BuiltinPage::NAMES.join(", ")
                        ),
                    ).with_code("config")),
                }
                continue;
            }
            match (item.section, item.title, item.url) {
                (Some(s), None, None) => out.push(MenuItem::Section(s)),
                (None, Some(title), Some(url)) => {
                    check_localized(&title, "a menu entry", None, &mut err);
                    match menu_url(&url.value) {
                        Ok(checked) => out.push(MenuItem::Link {
                            title,
                            url: checked,
                        }),
                        Err(msg) => err(src.error_at(&url, msg).with_code("config")),
                    }
                }
                (Some(s), _, _) => err(src.error_at(
                    &s,
                    "a menu entry is either `section: <folder>` or `title:` with `url:`, not both",
                ).with_code("config")),
                (None, _, Some(url)) => {
                    err(src.error_at(&url, "this menu entry has a `url:` but no `title:`").with_code("config"))
                }
                (None, _, None) => err(Diagnostic::error(
                    SITE_FILE,
                    1,
                    1,
                    "a menu entry needs `section:` (a content folder) or `title:` and `url:`",
                ).with_code("config")),
            }
        }
        out
    });

    let mut counters: Vec<Counter> = Vec::new();
    for c in raw.counters {
        let key = &c.key.value;
        if key.is_empty()
            || !key
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        {
            err(src.error_at(&c.key, format!("counter key `{key}` must be lower-case ASCII letters, digits and `_` (e.g. roads_km)")).with_code("config"));
            continue;
        }
        if BUILTIN_COUNTERS.contains(&key.as_str()) {
            err(src
                .error_at(
                    &c.key,
                    format!("`{key}` is a built-in counter and needs no declaration"),
                )
                .with_code("config"));
            continue;
        }
        if counters.iter().any(|k| &k.key == key) {
            err(src
                .error_at(&c.key, format!("counter `{key}` is declared twice"))
                .with_code("config"));
            continue;
        }
        check_localized(
            &c.label.value,
            "the counter's `label`",
            Some(&c.label),
            &mut err,
        );
        if let Some(u) = &c.unit {
            check_localized(&u.value, "the counter's `unit`", None, &mut err);
        }
        let decimals = match &c.decimals {
            None => 0,
            Some(d) if (0..=6).contains(&d.value) => d.value as u32,
            Some(d) => {
                err(src
                    .error_at(d, "`decimals` must be from 0 to 6")
                    .with_code("config"));
                0
            }
        };
        counters.push(Counter {
            key: key.clone(),
            label: c.label.value,
            unit: c.unit.map(|u| u.value),
            decimals,
        });
    }

    let mut images = ImageSettings::default();
    if let Some(img) = raw.images {
        if let Some(widths) = img.widths {
            let mut ok = Vec::new();
            for w in &widths.value {
                if (16..=8000).contains(&w.value) {
                    ok.push(w.value as u32);
                } else {
                    err(src
                        .error_at(w, "image widths must be from 16 to 8000 pixels")
                        .with_code("config"));
                }
            }
            if widths.value.is_empty() {
                err(src
                    .error_at(&widths, "`widths` is empty: list the widths of the resized photos, e.g. [320, 640, 1024, 1600]")
                    .with_code("config"));
            }
            ok.sort_unstable();
            ok.dedup();
            if !ok.is_empty() {
                images.widths = ok;
            }
        }
        if let Some(q) = img.quality {
            if (1..=100).contains(&q.value) {
                images.quality = q.value as u8;
            } else {
                err(src
                    .error_at(&q, "`quality` must be from 1 to 100")
                    .with_code("config"));
            }
        }
        if let Some(sizes) = img.sizes {
            let text = sizes.value.trim();
            if text.is_empty() || text.contains(['"', '<', '>']) {
                err(src
                    .error_at(&sizes, "`sizes` must be the text of an HTML `sizes` attribute, e.g. \"(min-width: 64rem) 40rem, 100vw\"")
                    .with_code("config"));
            } else {
                images.sizes = text.to_owned();
            }
        }
    }

    let analytics = raw.analytics.and_then(|a| match (a.goatcounter, a.matomo) {
        (Some(g), None) => match BaseUrl::parse(&g.value) {
            Ok(_) => Some(Analytics::GoatCounter {
                endpoint: g.value.trim().to_owned(),
            }),
            Err(msg) => {
                err(src.error_at(&g, msg).with_code("config"));
                None
            }
        },
        (None, Some(m)) => {
            let url = BaseUrl::parse(&m.url.value)
                .map_err(|msg| err(src.error_at(&m.url, msg).with_code("config")))
                .ok()?;
            match u32::try_from(m.site_id.value) {
                Ok(site_id) if site_id > 0 => Some(Analytics::Matomo {
                    url: url.absolute,
                    site_id,
                }),
                _ => {
                    err(src
                        .error_at(&m.site_id, "`site_id` must be a positive whole number")
                        .with_code("config"));
                    None
                }
            }
        }
        (Some(g), Some(_)) => {
            err(src
                .error_at(
                    &g,
                    "choose one analytics service: `goatcounter` or `matomo`",
                )
                .with_code("config"));
            None
        }
        (None, None) => None,
    });

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

    let theme = raw.theme.unwrap_or_else(|| unspanned("default".to_owned()));
    if theme.value.is_empty() || theme.value.contains(['/', '\\']) || theme.value.starts_with('.') {
        diags.push(
            src.error_at(
                &theme,
                format!(
                    "`{}` is not a theme name: use the name of a folder under themes/",
                    theme.value
                ),
            )
            .with_code("config"),
        );
    }
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
        timezone_name,
        theme,
        page_size,
        highlight_theme,
        menu,
        counters,
        images,
        analytics,
        markdown,
        source: text,
    })
}

fn is_language_code(code: &str) -> bool {
    let (lang, region) = code.split_once('-').unwrap_or((code, ""));
    (2..=3).contains(&lang.len())
        && lang.bytes().all(|b| b.is_ascii_lowercase())
        && (region.is_empty()
            || (region.len() <= 8 && region.bytes().all(|b| b.is_ascii_alphanumeric())))
}

fn list(codes: &[Spanned<String>]) -> String {
    codes
        .iter()
        .map(|c| c.value.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = "title: {vi: Ban Dân vận, en: Mass Mobilization}\nbase_url: https://danvan.example.gov.vn\nlanguages: [vi, en]\n";

    fn ok(text: &str) -> Config {
        let mut d = Diagnostics::new();
        let c = parse(text.to_owned(), None, &mut d);
        assert!(!d.has_errors(), "{:?}", d.into_sorted());
        c.unwrap()
    }

    fn errors(text: &str) -> Vec<Diagnostic> {
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
    fn base_url_with_a_path() {
        let b = BaseUrl::parse("https://host/dan-van").unwrap();
        assert_eq!(b.absolute, "https://host/dan-van/");
        assert_eq!(b.path, "/dan-van/");
        assert!(BaseUrl::parse("host/x").is_err());
        assert!(BaseUrl::parse("https:///x").is_err());
    }

    #[test]
    fn base_url_is_a_plain_http_address() {
        for good in [
            "https://danvan.example.gov.vn/",
            " https://host/dan-van ",
            "HTTPS://Host.vn/",
            "http://localhost:8080/sub",
            "http://127.0.0.1:1111/",
            "http://[::1]:8080/",
            "https://xn--dn-vn-9qa.vn/a%20b/",
        ] {
            assert!(BaseUrl::parse(good).is_ok(), "{good}");
        }
        assert_eq!(
            BaseUrl::parse("HTTPS://Host.vn").unwrap().absolute,
            "https://Host.vn/"
        );
        for (bad, why) in [
            ("javascript:alert(1)", "https://"),
            ("https://user:pw@host/", "user name"),
            ("https://host@evil.vn/", "user name"),
            ("https://host/?a=1", "query"),
            ("https://host/#x", "fragment"),
            ("https://host/dan van/", "space"),
            ("https://host/\u{0}/", "invisible"),
            ("https://ho\tst/", "invisible"),
            ("https://host\\evil.vn/", "`\\`"),
            ("https://host/\"onmouseover=x/", "folder"),
            ("https://host/dân-vận/", "folder"),
            ("https://ho<st/", "host name"),
            ("https://-host/", "host name"),
            ("https://host:99999/", "port"),
            ("https://host:/", "port"),
            ("https://đà-nẵng.vn/", "xn--"),
            ("//host/", "https://"),
        ] {
            let e = BaseUrl::parse(bad).unwrap_err();
            assert!(e.contains(why), "{bad}: {e}");
        }
    }

    #[test]
    fn menu_urls_are_checked_like_the_base_url() {
        for good in [
            "https://tinh.example.vn/",
            "https://tinh.example.vn/tin?id=3#top",
            "/so-lieu/",
            "/tin-tuc/a%20b/",
            "mailto:banbt@example.vn",
        ] {
            assert_eq!(menu_url(good).as_deref(), Ok(good), "{good}");
        }
        for bad in [
            "javascript:alert(1)",
            " JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            "vbscript:x",
            "data:text/html,x",
            "//evil.vn/",
            "https://user@evil.vn/",
            "https://x.vn/\"onclick=\"a",
            "/a\"onclick=\"x",
            "/a b/",
            "mailto:x\"@y",
            "tin-tuc/",
            "ftp://x.vn/",
        ] {
            assert!(menu_url(bad).is_err(), "{bad}");
        }
        let e = errors(&format!(
            "{MINIMAL}menu:\n  - {{title: Cổng, url: \"javascript:alert(1)\"}}\n"
        ));
        assert_eq!((e[0].line, e[0].column), (5, 24), "{e:#?}");
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
    fn paths_override_segments() {
        let c = ok(&format!(
            "{MINIMAL}paths:\n  en: {{tags: topics}}\n  vi: {{page: p}}\n"
        ));
        assert_eq!(c.languages[1].segments.tags, "topics");
        assert_eq!(c.languages[0].segments.page, "p");
    }

    #[test]
    fn counters_and_analytics() {
        let c = ok(&format!(
            "{MINIMAL}counters:\n  - key: roads_km\n    label: {{vi: Đường, en: Roads}}\n    unit: km\n    decimals: 1\nanalytics:\n  goatcounter: https://stats.example.gov.vn/count\n"
        ));
        assert_eq!(c.counters[0].decimals, 1);
        assert_eq!(c.text(c.counters[0].unit.as_ref().unwrap(), "en"), "km");
        assert_eq!(
            c.analytics,
            Some(Analytics::GoatCounter {
                endpoint: "https://stats.example.gov.vn/count".into()
            })
        );
    }

    #[test]
    fn image_settings_are_checked_where_they_are_written() {
        let c = ok(MINIMAL);
        assert_eq!(c.images, ImageSettings::default());
        let c = ok(&format!(
            "{MINIMAL}images:\n  widths: [800, 400, 400]\n  quality: 70\n  sizes: 50vw\n"
        ));
        assert_eq!(c.images.widths, [400, 800], "sorted, without repeats");
        assert_eq!(c.images.quality, 70);
        assert_eq!(c.images.sizes, "50vw");
        let e = errors(&format!(
            "{MINIMAL}images:\n  widths: [320, 9000, 8]\n  quality: 0\n"
        ));
        let at: Vec<(usize, usize)> = e.iter().map(|d| (d.line, d.column)).collect();
        assert_eq!(at, [(5, 17), (5, 23), (6, 12)], "{e:#?}");
        let e = errors(&format!("{MINIMAL}images:\n  widths: []\n"));
        assert!(e[0].message.contains("`widths` is empty"), "{e:#?}");
        let e = errors(&format!("{MINIMAL}images:\n  qualty: 70\n"));
        assert_eq!((e[0].line, e[0].column), (5, 3));
        assert_eq!(e[0].hint.as_deref(), Some("did you mean `quality`?"));
        let e = errors(&format!("{MINIMAL}images:\n  widths: [small]\n"));
        assert_eq!(e[0].line, 5, "{e:#?}");
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

    #[test]
    fn language_codes() {
        assert!(is_language_code("vi"));
        assert!(is_language_code("pt-BR"));
        assert!(!is_language_code("Vietnamese"));
        assert!(!is_language_code("v"));
    }
}
