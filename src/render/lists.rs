//! Pages that list articles — a section, a tag or a year, page by page —
//! and the pages that sum up a language: home, the tag index, the archive,
//! search, and the 404 page.

use serde::Serialize;

use crate::model::{LangId, MenuEntry, PageId, SectionId, Site, TagId, pager_len};

use super::context::{self, Alternate, TagValue};
use super::engine::Renderer;
use super::figure_values::{self, TotalValue};
use super::input::{Base, CardRef, PageInput, Pager, page_slice};

/// How many newest articles the home page lists, and per section.
const HOME_LATEST: usize = 10;
const HOME_FEATURED: usize = 4;
pub(crate) const HOME_PER_SECTION: usize = 5;
const HOME_PHOTOS: usize = 6;
const HOME_TAGS: usize = 15;

/// One page of a list of articles.
#[derive(Serialize, Hash)]
struct ListView<'a> {
    #[serde(flatten)]
    base: Base<'a>,
    #[serde(skip)]
    template: &'static str,
    pages: Vec<CardRef<'a>>,
    pager: Pager,
    list: ListInfo<'a>,
    /// Sections keep their own name for existing themes.
    #[serde(skip_serializing_if = "Option::is_none")]
    section: Option<ListInfo<'a>>,
}

impl PageInput for ListView<'_> {
    fn template(&self) -> &'static str {
        self.template
    }
}

/// What a list is of, as the template's `list` value.
#[derive(Serialize, Hash, Clone)]
struct ListInfo<'a> {
    title: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    folder: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    year: Option<i64>,
    count: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    index_url: Option<String>,
}

/// A list to paginate.
struct List<'a> {
    lang: LangId,
    kind: &'static str,
    template: &'static str,
    /// Output path of page 1.
    base: String,
    title: String,
    ids: &'a [PageId],
    page_size: usize,
    alternates: Vec<Alternate<'a>>,
    /// Output path of its feed, if it has one.
    feed: Option<String>,
    info: ListInfo<'a>,
    active_section: Option<&'a str>,
}

/// Page `n` of a section's list.
pub(crate) fn section(r: &Renderer, sid: SectionId, lang: LangId, n: usize) {
    let site = r.site;
    let section = &site.sections[sid];
    let s = &section.langs[lang];
    list_page(
        r,
        List {
            lang,
            kind: "section",
            template: "section.html",
            base: s.path.clone(),
            title: s.title.clone(),
            ids: &s.pages,
            page_size: section.page_size,
            alternates: context::alternates(site, lang, &|l| Some(section.langs[l].path.clone())),
            feed: Some(Site::feed_path(&s.path)),
            info: ListInfo {
                title: s.title.clone(),
                url: Some(site.href(&s.path)),
                folder: Some(&section.folder),
                year: None,
                count: s.pages.len(),
                index_url: None,
            },
            active_section: Some(&section.folder),
        },
        n,
    );
}

/// Page `n` of a tag's list.
pub(crate) fn tag(r: &Renderer, tid: TagId, n: usize) {
    let site = r.site;
    let t = &site.tags[tid];
    // The switch leads to the counterpart from tags.yaml, else that language's tag index.
    let alternates = context::alternates(site, t.lang, &|l| {
        t.translations[l].map(|o| site.tag_path(o, 1))
    });
    let alternates = alternates_or_index(site, alternates, &|l| site.tags_index_path(l));
    list_page(
        r,
        List {
            lang: t.lang,
            kind: "tag",
            template: "tag.html",
            base: site.tag_path(tid, 1),
            title: t.name.clone(),
            ids: &t.pages,
            page_size: site.config.page_size,
            alternates,
            feed: Some(Site::feed_path(&site.tag_path(tid, 1))),
            info: ListInfo {
                title: t.name.clone(),
                url: Some(site.href(&site.tag_path(tid, 1))),
                folder: None,
                year: None,
                count: t.pages.len(),
                index_url: Some(site.href(&site.tags_index_path(t.lang))),
            },
            active_section: None,
        },
        n,
    );
}

/// Page `n` of the articles of one year (`index` into the language's years).
pub(crate) fn year(r: &Renderer, lang: LangId, index: usize, n: usize) {
    let site = r.site;
    let y = &site.years[lang][index];
    let title = format!(
        "{} {}",
        site.theme.locales[lang].string("archive_of"),
        y.year
    );
    let in_lang = |l: LangId| {
        site.years[l]
            .iter()
            .any(|o| o.year == y.year)
            .then(|| site.year_path(l, y.year, 1))
    };
    let alternates = alternates_or_index(site, context::alternates(site, lang, &in_lang), &|l| {
        site.archive_index_path(l)
    });
    list_page(
        r,
        List {
            lang,
            kind: "year",
            template: "year.html",
            base: site.year_path(lang, y.year, 1),
            title: title.clone(),
            ids: &y.pages,
            page_size: site.config.page_size,
            alternates,
            feed: None,
            info: ListInfo {
                title,
                url: None,
                folder: None,
                year: Some(i64::from(y.year)),
                count: y.pages.len(),
                index_url: Some(site.href(&site.archive_index_path(lang))),
            },
            active_section: None,
        },
        n,
    );
}

fn list_page(r: &Renderer, l: List, n: usize) {
    let site = r.site;
    let total = pager_len(l.ids.len(), l.page_size);
    let path = site.paged(&l.base, l.lang, n);
    let shown = page_slice(l.ids, n, l.page_size);
    let locale = &site.theme.locales[l.lang];
    let title = if n > 1 {
        format!(
            "{} – {}",
            l.title,
            locale
                .string("page_of")
                .replace("{n}", &n.to_string())
                .replace("{total}", &total.to_string())
        )
    } else {
        l.title.clone()
    };
    let alternates = if n > 1 {
        // Later pages have no counterpart: the switch goes to the list's first page.
        l.alternates
            .into_iter()
            .map(|a| Alternate {
                translated: a.translated && a.current,
                ..a
            })
            .collect()
    } else {
        l.alternates
    };
    let view = ListView {
        base: Base::new(site, l.lang, l.kind, &path, &title, "", alternates)
            .with_feed(l.feed.as_ref().map(|f| site.href(f)))
            .in_section(l.active_section),
        template: l.template,
        pages: r.cards.list(shown.iter().copied()),
        pager: Pager::new(site, n, total, &|k| site.paged(&l.base, l.lang, k)),
        section: (l.kind == "section").then(|| l.info.clone()),
        list: l.info,
    };
    r.emit(&format!("{path}index.html"), l.lang, &view);
}

/// Alternates where a missing counterpart leads to that language's index page.
pub(crate) fn alternates_or_index<'s>(
    site: &'s Site,
    alternates: Vec<Alternate<'s>>,
    index: &dyn Fn(LangId) -> String,
) -> Vec<Alternate<'s>> {
    alternates
        .into_iter()
        .enumerate()
        .map(|(l, a)| {
            if a.translated {
                a
            } else {
                let path = index(l);
                Alternate {
                    url: site.href(&path),
                    permalink: site.permalink(&path),
                    ..a
                }
            }
        })
        .collect()
}

/// The home page of a language.
#[derive(Serialize, Hash)]
struct HomeView<'a> {
    #[serde(flatten)]
    base: Base<'a>,
    featured: Vec<CardRef<'a>>,
    latest: Vec<CardRef<'a>>,
    /// Articles with a cover.
    photos: Vec<CardRef<'a>>,
    /// The newest of each section of the menu.
    sections: Vec<HomeSection<'a>>,
    popular_tags: Vec<TagValue<'a>>,
    counters: Vec<TotalValue<'a>>,
}

impl PageInput for HomeView<'_> {
    fn template(&self) -> &'static str {
        "index.html"
    }
}

#[derive(Serialize, Hash)]
struct HomeSection<'a> {
    title: &'a str,
    url: String,
    folder: &'a str,
    pages: Vec<CardRef<'a>>,
}

pub(crate) fn home(r: &Renderer, lang: LangId) {
    let site = r.site;
    let all = &site.articles[lang];
    let mut featured: Vec<usize> = all
        .iter()
        .copied()
        .filter(|id| site.pages[*id].featured)
        .take(HOME_FEATURED)
        .collect();
    if featured.is_empty() {
        featured.extend(all.first());
    }
    let latest = all
        .iter()
        .copied()
        .filter(|id| !featured.contains(id))
        .take(HOME_LATEST);
    let photos = all
        .iter()
        .copied()
        .filter(|id| site.pages[*id].cover.is_some())
        .take(HOME_PHOTOS);
    let sections = site
        .menu
        .iter()
        .filter_map(|m| match m {
            MenuEntry::Section(sid) => Some(*sid),
            MenuEntry::Page(_) | MenuEntry::Link { .. } => None,
        })
        .map(|sid| {
            let s = &site.sections[sid].langs[lang];
            HomeSection {
                title: &s.title,
                url: site.href(&s.path),
                folder: &site.sections[sid].folder,
                pages: r.cards.list(s.pages.iter().copied().take(HOME_PER_SECTION)),
            }
        })
        .collect();
    // The most used tags, then alphabetically.
    let mut popular: Vec<TagId> = site.tags_by_name[lang].clone();
    popular.sort_by(|a, b| site.tags[*b].pages.len().cmp(&site.tags[*a].pages.len()));
    popular.truncate(HOME_TAGS);

    let path = site.home_path(lang);
    let config = &site.config;
    let code = site.lang_code(lang);
    let title = config.text(&config.title, code);
    let tagline = config.tagline.as_ref().map_or("", |t| config.text(t, code));
    let alternates = context::alternates(site, lang, &|l| Some(site.home_path(l).to_owned()));
    let view = HomeView {
        base: Base::new(site, lang, "home", path, title, tagline, alternates)
            .with_feed(Some(site.href(&Site::feed_path(path)))),
        featured: r.cards.list(featured.iter().copied()),
        latest: r.cards.list(latest),
        photos: r.cards.list(photos),
        sections,
        popular_tags: popular
            .into_iter()
            .map(|t| context::tag_value(site, t))
            .collect(),
        counters: figure_values::site_totals(site, lang),
    };
    r.emit(&format!("{path}index.html"), lang, &view);
}

/// The index of a language's tags.
#[derive(Serialize, Hash)]
struct TagsView<'a> {
    #[serde(flatten)]
    base: Base<'a>,
    tags: Vec<TagValue<'a>>,
}

impl PageInput for TagsView<'_> {
    fn template(&self) -> &'static str {
        "tags.html"
    }
}

pub(crate) fn tags_index(r: &Renderer, lang: LangId) {
    let site = r.site;
    let path = site.tags_index_path(lang);
    let alternates = context::alternates(site, lang, &|l| Some(site.tags_index_path(l)));
    let title = site.theme.locales[lang].string("all_tags");
    let view = TagsView {
        base: Base::new(site, lang, "tags", &path, title, "", alternates),
        tags: site.tags_by_name[lang]
            .iter()
            .map(|t| context::tag_value(site, *t))
            .collect(),
    };
    r.emit(&format!("{path}index.html"), lang, &view);
}

/// The years of a language's articles.
#[derive(Serialize, Hash)]
struct ArchiveView<'a> {
    #[serde(flatten)]
    base: Base<'a>,
    years: Vec<YearValue>,
}

impl PageInput for ArchiveView<'_> {
    fn template(&self) -> &'static str {
        "archive.html"
    }
}

#[derive(Serialize, Hash)]
struct YearValue {
    year: i16,
    url: String,
    count: usize,
}

pub(crate) fn archive(r: &Renderer, lang: LangId) {
    let site = r.site;
    let path = site.archive_index_path(lang);
    let alternates = context::alternates(site, lang, &|l| Some(site.archive_index_path(l)));
    let title = site.theme.locales[lang].string("archive");
    let view = ArchiveView {
        base: Base::new(site, lang, "archive", &path, title, "", alternates),
        years: site.years[lang]
            .iter()
            .map(|y| YearValue {
                year: y.year,
                url: site.href(&site.year_path(lang, y.year, 1)),
                count: y.pages.len(),
            })
            .collect(),
    };
    r.emit(&format!("{path}index.html"), lang, &view);
}

/// The search page of a language (results come from the index, in the browser).
#[derive(Serialize, Hash)]
struct SearchView<'a> {
    #[serde(flatten)]
    base: Base<'a>,
    search_index_url: String,
}

impl PageInput for SearchView<'_> {
    fn template(&self) -> &'static str {
        "search.html"
    }
}

pub(crate) fn search(r: &Renderer, lang: LangId) {
    let site = r.site;
    let path = site.search_path(lang);
    let alternates = context::alternates(site, lang, &|l| Some(site.search_path(l)));
    let title = site.theme.locales[lang].string("search");
    let view = SearchView {
        base: Base::new(site, lang, "search", &path, title, "", alternates),
        search_index_url: site.href(&site.search_index_file(lang)),
    };
    r.emit(&format!("{path}index.html"), lang, &view);
}

/// The page a server shows for a URL it does not have.
#[derive(Serialize, Hash)]
struct NotFoundView<'a> {
    #[serde(flatten)]
    base: Base<'a>,
    latest: Vec<CardRef<'a>>,
}

impl PageInput for NotFoundView<'_> {
    fn template(&self) -> &'static str {
        "404.html"
    }
}

pub(crate) fn not_found(r: &Renderer) {
    let site = r.site;
    let lang = 0;
    let alternates = context::alternates(site, lang, &|l| Some(site.home_path(l).to_owned()));
    let title = site.theme.locales[lang].string("not_found");
    let view = NotFoundView {
        base: Base::new(site, lang, "not_found", "404.html", title, "", alternates),
        latest: r
            .cards
            .list(site.articles[lang].iter().copied().take(HOME_PER_SECTION)),
    };
    r.emit("404.html", lang, &view);
}
