//! The values templates see. Everything shared between pages (the site and
//! UI strings of a language, the "card" of each page that lists show) is
//! built once as a Tera value; a page's context only clones those (cheap,
//! reference-counted) and adds what is its own.

use std::sync::OnceLock;

use jiff::Zoned;
use serde::Serialize;
use tera::Value;

use crate::config::Analytics;
use crate::images::Outcome;
use crate::locale::Locale;
use crate::model::{Cover, LangId, MenuEntry, PageKind, Site};

use crate::theme::{CSS_FILE, JS_FILE, SEARCH_JS_FILE, SYNTAX_CSS_FILE};

use super::input::CardSource;
use super::pictures;

#[derive(Serialize)]
struct DateValue {
    /// RFC 3339 with the offset: `2024-08-16T10:03:00+07:00`.
    iso: String,
    /// `Thứ Sáu, ngày 16/08/2024`
    line: String,
    /// `16/08/2024`
    short: String,
    /// `ngày 16/08/2024` / `16 August 2024`
    long: String,
    /// `10:03`
    time: String,
    has_time: bool,
    year: i16,
}

fn date_value(z: &Zoned, has_time: bool, locale: &Locale) -> DateValue {
    DateValue {
        iso: z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(),
        line: locale.date_line(z),
        short: locale.date_short(z),
        long: locale.date_long(z),
        time: locale.time(z),
        has_time,
        year: z.year(),
    }
}

#[derive(Serialize)]
struct Link<'a> {
    title: &'a str,
    url: String,
}

#[derive(Serialize, Hash)]
pub(crate) struct TagValue<'a> {
    pub(crate) name: &'a str,
    pub(crate) slug: &'a str,
    pub(crate) url: String,
    /// Articles with this tag.
    pub(crate) count: usize,
}

/// A tag as templates see it.
pub(crate) fn tag_value(site: &Site, tag: crate::model::TagId) -> TagValue<'_> {
    let t = &site.tags[tag];
    TagValue {
        name: &t.name,
        slug: &t.slug,
        url: site.href(&site.tag_path(tag, 1)),
        count: t.pages.len(),
    }
}

/// A cover as templates see it: `<img src="{{ c.src }}" srcset="{{ c.srcset }}"
/// width="{{ c.width }}" height="{{ c.height }}">`, with the theme's own `sizes`.
#[derive(Serialize)]
struct CoverValue<'a> {
    /// The plain `src`: a resized variant about 1024 px wide, or the file as it is.
    src: String,
    /// The same as `src` (the name themes used before covers were resized).
    url: String,
    /// `src` as an absolute URL, for `og:image` and feeds.
    permalink: String,
    /// The file as the editor added it.
    original: &'a str,
    /// The variants, `url 320w, url 640w, ...`; none when there are fewer than two.
    srcset: Option<String>,
    /// The size of the widest variant (else of the file), when known.
    width: Option<u32>,
    height: Option<u32>,
    /// Narrowest first: `url`, `width`, `height`.
    variants: Vec<pictures::VariantValue>,
    caption: Option<&'a str>,
}

/// What a list shows of a page, and the base of the page's own context.
#[derive(Serialize)]
struct Card<'a> {
    kind: &'static str,
    title: &'a str,
    url: String,
    permalink: String,
    lang: &'a str,
    summary: &'a str,
    /// The summary when the editor wrote one (shown as the article's lead).
    lead: Option<&'a str>,
    author: Option<&'a str>,
    date: DateValue,
    updated: Option<DateValue>,
    cover: Option<CoverValue<'a>>,
    section: Option<Value>,
    tags: Vec<Value>,
    region: &'a [String],
    featured: bool,
    extra: Option<&'a serde_json::Value>,
}

/// An absolute URL for a URL as written into pages.
pub(crate) fn absolute(site: &Site, url: &str) -> String {
    match url.strip_prefix(site.config.base.path.as_str()) {
        Some(rest) if !url.starts_with("//") && !url.contains("://") => {
            format!("{}{rest}", site.config.base.absolute)
        }
        _ => url.to_owned(),
    }
}

fn cover_value<'a>(site: &Site, c: &'a Cover, outcome: Option<&Outcome>) -> CoverValue<'a> {
    let shown = pictures::cover_shown_as(site, c, outcome);
    CoverValue {
        permalink: absolute(site, &shown.src),
        url: shown.src.clone(),
        src: shown.src,
        original: &c.url,
        srcset: shown.srcset,
        width: shown.size.map(|s| s.0),
        height: shown.size.map(|s| s.1),
        variants: shown.variants,
        caption: c.caption.as_deref(),
    }
}

/// The card of a page: what lists show of it, and the base of its own
/// context. It reads only `source` and what the render's epoch covers
/// (sections, tag names, the locale, the base URL).
pub(crate) fn card(site: &Site, source: &CardSource, parts: &CardParts) -> Value {
    let p = source.page;
    let locale = &site.theme.locales[p.lang];
    let section = match p.kind {
        PageKind::Article(sid) => Some(parts.section(sid, p.lang)),
        PageKind::Standalone => None,
    };
    Value::from_serializable(&Card {
        kind: match p.kind {
            PageKind::Article(_) => "article",
            PageKind::Standalone => "page",
        },
        title: &p.title,
        url: site.href(&p.path),
        permalink: site.permalink(&p.path),
        lang: site.lang_code(p.lang),
        summary: &p.summary,
        lead: p
            .summary_written
            .then_some(p.summary.as_str())
            .filter(|s| !s.is_empty()),
        author: p.author.as_deref(),
        date: date_value(&p.date, p.has_time, locale),
        updated: p.updated.as_ref().map(|u| date_value(u, true, locale)),
        cover: p.cover.as_ref().map(|c| cover_value(site, c, source.cover)),
        section,
        tags: p.tags.iter().map(|t| parts.tag(*t)).collect(),
        region: &p.region,
        featured: p.featured,
        extra: p.extra.as_deref(),
    })
}

/// What many cards show alike — a tag, a section's link — made once as a
/// template value that every card holding it shares (a value's maps are
/// reference-counted): the cards of 100,000 articles with five tags each
/// would otherwise hold half a million copies of a few hundred tags.
pub(crate) struct CardParts<'a> {
    site: &'a Site,
    tags: Vec<OnceLock<Value>>,
    /// By section, then language.
    sections: Vec<OnceLock<Value>>,
}

impl<'a> CardParts<'a> {
    pub(crate) fn new(site: &'a Site) -> CardParts<'a> {
        let cells = |n: usize| (0..n).map(|_| OnceLock::new()).collect();
        CardParts {
            site,
            tags: cells(site.tags.len()),
            sections: cells(site.sections.len() * site.config.languages.len()),
        }
    }

    fn tag(&self, tag: crate::model::TagId) -> Value {
        self.tags[tag]
            .get_or_init(|| Value::from_serializable(&tag_value(self.site, tag)))
            .clone()
    }

    fn section(&self, section: usize, lang: LangId) -> Value {
        let langs = self.site.config.languages.len();
        self.sections[section * langs + lang]
            .get_or_init(|| {
                let s = &self.site.sections[section].langs[lang];
                Value::from_serializable(&Link {
                    title: &s.title,
                    url: self.site.href(&s.path),
                })
            })
            .clone()
    }
}

#[derive(Serialize)]
struct LanguageValue<'a> {
    code: &'a str,
    name: &'a str,
    home_url: String,
}

#[derive(Serialize)]
struct MenuValue {
    title: String,
    url: String,
    /// The section folder, to mark the current section.
    section: Option<String>,
}

#[derive(Serialize)]
struct AnalyticsValue<'a> {
    kind: &'static str,
    url: &'a str,
    site_id: Option<u32>,
}

#[derive(Serialize)]
struct ClockValue<'a> {
    weekdays: &'a [String; 7],
    months: &'a [String; 12],
    pattern: &'a str,
}

/// A localized line of `footer:` in one language, none when empty.
fn footer_text<'c>(
    config: &'c crate::config::Config,
    value: &'c Option<crate::yaml::Localized>,
    code: &str,
) -> Option<&'c str> {
    value
        .as_ref()
        .map(|t| config.text(t, code))
        .filter(|t| !t.trim().is_empty())
}

/// `footer:` of site.yaml in one language; every field may be none.
#[derive(Serialize)]
struct FooterValue<'a> {
    agency: Option<&'a str>,
    address: Option<&'a str>,
    phone: Option<&'a str>,
    /// `tel:` and the digits.
    phone_url: Option<String>,
    email: Option<&'a str>,
    responsible: Option<&'a str>,
    license: Option<&'a str>,
}

#[derive(Serialize)]
struct SiteValue<'a> {
    title: &'a str,
    tagline: Option<&'a str>,
    base_url: &'a str,
    base_path: &'a str,
    home_url: String,
    default_lang: &'a str,
    languages: Vec<LanguageValue<'a>>,
    menu: Vec<MenuValue>,
    css_url: String,
    js_url: String,
    search_js_url: String,
    syntax_css_url: Option<String>,
    /// The search page of this language (the header's search box submits to it).
    search_url: String,
    tags_url: String,
    archive_url: String,
    teams_url: String,
    regions_url: String,
    statistics_url: String,
    /// The feed of this language.
    feed_url: String,
    analytics: Option<AnalyticsValue<'a>>,
    /// The legal footer of `footer:` in site.yaml, in this language.
    footer: FooterValue<'a>,
    /// What the script needs to write today's date line in the reader's language.
    clock: ClockValue<'a>,
    /// The script that sends old addresses with a query string on, and its map
    /// (render::redirects); absent when the site has none.
    redirects: Option<RedirectsValue>,
}

#[derive(Serialize)]
struct RedirectsValue {
    script_url: String,
    map_url: String,
}

/// The `site` value of one language.
pub(crate) fn site_value(
    site: &Site,
    lang: LangId,
    asset_version: &dyn Fn(&str) -> String,
    has_code: bool,
) -> Value {
    let config = &site.config;
    let code = site.lang_code(lang);
    let locale = &site.theme.locales[lang];
    let menu = site
        .menu
        .iter()
        .map(|m| match m {
            MenuEntry::Section(sid) => {
                let s = &site.sections[*sid];
                MenuValue {
                    title: s.langs[lang].title.clone(),
                    url: site.href(&s.langs[lang].path),
                    section: Some(s.folder.clone()),
                }
            }
            MenuEntry::Link { title, url } => MenuValue {
                title: config.text(title, code).to_owned(),
                url: url.clone(),
                section: None,
            },
            MenuEntry::Page(page) => MenuValue {
                title: locale.string(page.string_key()).to_owned(),
                url: site.href(&page.path(site, lang)),
                section: Some(page.string_key().to_owned()),
            },
        })
        .collect();
    let asset = |file: &str| format!("{}{file}?v={}", config.base.path, asset_version(file));
    let f = &config.footer;
    let text = |v| footer_text(config, v, code);
    let footer = FooterValue {
        agency: text(&f.agency),
        address: text(&f.address),
        phone: f.phone.as_deref(),
        phone_url: f.phone_link(),
        email: f.email.as_deref(),
        responsible: text(&f.responsible),
        license: text(&f.license),
    };
    Value::from_serializable(&SiteValue {
        title: config.text(&config.title, code),
        tagline: config
            .tagline
            .as_ref()
            .map(|t| config.text(t, code))
            .filter(|t| !t.is_empty()),
        base_url: &config.base.absolute,
        base_path: &config.base.path,
        home_url: site.href(site.home_path(lang)),
        default_lang: config.default_lang(),
        languages: config
            .languages
            .iter()
            .enumerate()
            .map(|(i, l)| LanguageValue {
                code: &l.code,
                name: &site.theme.locales[i].name,
                home_url: site.href(site.home_path(i)),
            })
            .collect(),
        menu,
        footer,
        css_url: asset(CSS_FILE),
        js_url: asset(JS_FILE),
        search_js_url: asset(SEARCH_JS_FILE),
        search_url: site.href(&site.search_path(lang)),
        tags_url: site.href(&site.tags_index_path(lang)),
        archive_url: site.href(&site.archive_index_path(lang)),
        teams_url: site.href(&site.teams_index_path(lang)),
        regions_url: site.href(&site.regions_index_path(lang)),
        statistics_url: site.href(&site.statistics_path(lang)),
        feed_url: site.href(&Site::feed_path(site.home_path(lang))),
        syntax_css_url: has_code.then(|| asset(SYNTAX_CSS_FILE)),
        analytics: config.analytics.as_ref().map(|a| match a {
            Analytics::GoatCounter { endpoint } => AnalyticsValue {
                kind: "goatcounter",
                url: endpoint,
                site_id: None,
            },
            Analytics::Matomo { url, site_id } => AnalyticsValue {
                kind: "matomo",
                url,
                site_id: Some(*site_id),
            },
        }),
        clock: ClockValue {
            weekdays: &locale.weekdays,
            months: &locale.months,
            pattern: &locale.date_line,
        },
        redirects: super::redirects::map_url(site).map(|map_url| RedirectsValue {
            script_url: asset(super::redirects::SCRIPT_FILE),
            map_url,
        }),
    })
}

/// The UI strings of a language, as the `t` value.
pub(crate) fn strings_value(locale: &Locale) -> Value {
    Value::from_serializable(&locale.strings)
}

/// One entry of the language switch / `hreflang` list.
#[derive(Serialize, Hash, Clone)]
pub(crate) struct Alternate<'a> {
    pub(crate) lang: &'a str,
    pub(crate) name: &'a str,
    /// Where the switch leads: the translation, or that language's home.
    pub(crate) url: String,
    pub(crate) permalink: String,
    /// Whether `url` is this page in that language (only those get `hreflang`).
    pub(crate) translated: bool,
    pub(crate) current: bool,
}

/// Alternates of a page whose translation in language `l` is at `path_in(l)`.
pub(crate) fn alternates<'s>(
    site: &'s Site,
    current: LangId,
    path_in: &dyn Fn(LangId) -> Option<String>,
) -> Vec<Alternate<'s>> {
    (0..site.config.languages.len())
        .map(|l| {
            let translated = path_in(l);
            let path = translated
                .clone()
                .unwrap_or_else(|| site.home_path(l).to_owned());
            Alternate {
                lang: site.lang_code(l),
                name: &site.theme.locales[l].name,
                url: site.href(&path),
                permalink: site.permalink(&path),
                translated: translated.is_some(),
                current: l == current,
            }
        })
        .collect()
}
