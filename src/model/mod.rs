//! Stage 2, model: turns [`Sources`](crate::load::Sources) into a [`Site`]:
//! every page that will be built, in every language, with its URL;
//! translations paired; sections, tags, archives, neighbours and related
//! articles computed once; and the checks that need the whole site (two
//! outputs on one URL, unknown team ids, missing translations). Pure: no I/O.
//!
//! `mod.rs` holds the types and every rule that turns a page into a path;
//! `build.rs` builds the site, `tags.rs` the tags, `related.rs` the related
//! articles, `outputs.rs` the list of files a build writes.

mod articles;
mod build;
pub(crate) mod documents;
pub(crate) mod names;
pub(crate) mod outputs;
pub(crate) mod regions;
pub(crate) mod related;
mod sections;
pub mod stats;
mod tags;
#[cfg(test)]
pub(crate) mod tests;

use std::collections::HashSet;
use std::path::PathBuf;

use jiff::{Timestamp, Zoned};

use crate::config::Config;
use crate::load::{Asset, RegionSource, SortOrder, TeamSource, Theme};
use crate::yaml::Localized;
use stats::Stats;

pub(crate) use regions::{RegionId, Tree};

pub(crate) use crate::load::Body;
pub(crate) use crate::url::encode_path;
pub use build::build;

pub(crate) type PageId = usize;
pub(crate) type SectionId = usize;
pub(crate) type GroupId = usize;
pub(crate) type TagId = usize;
pub(crate) type LangId = usize;
pub(crate) type TeamId = usize;

/// A team, placed in the region tree, with the articles about it.
#[derive(Debug, Clone)]
pub(crate) struct Team {
    pub(crate) source: TeamSource,
    pub(crate) region: RegionId,
    /// Its places before `region` (`region_before:`): the last year of
    /// figures each held, earliest first.
    pub(crate) before: Vec<(i32, RegionId)>,
    /// Per language: the articles linking it, newest first.
    pub(crate) pages: Vec<Vec<PageId>>,
}

impl Team {
    pub(crate) fn id(&self) -> &str {
        &self.source.id
    }
}

/// What the build was asked to include.
#[derive(Debug, Clone, Copy)]
pub struct Flags {
    pub(crate) drafts: bool,
    pub(crate) future: bool,
    /// Warn about each draft that is not built (`kheo check` lists them).
    pub(crate) list_drafts: bool,
    /// "Now", for deciding which articles are in the future.
    pub(crate) now: Timestamp,
    /// Model the site even when loading found errors, to report every
    /// problem at once (`kheo check`); a build stops after loading.
    pub(crate) keep_going: bool,
}

impl Flags {
    /// What a build publishes: drafts and future articles only when asked,
    /// "now" being the moment of the build.
    pub fn publishing(drafts: bool, future: bool) -> Flags {
        Flags {
            drafts,
            future,
            list_drafts: false,
            now: Timestamp::now(),
            keep_going: false,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum PageKind {
    Article(SectionId),
    /// A Markdown file at the root of `content/` (an "About" page).
    Standalone,
}

/// A cover image.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Cover {
    /// URL of the file as written into pages (base path included).
    pub(crate) url: String,
    pub(crate) caption: Option<String>,
    /// The content-relative path of the file when it is in `content/`
    /// (photos there get resized variants).
    pub(crate) file: Option<String>,
    /// Line, column and text of `image:` in the front matter, for errors
    /// found when the image is prepared.
    pub(crate) at: (usize, usize, String),
}

/// One page of one language. (`Hash` gives `kheo serve` its fingerprint.)
#[derive(Debug, Clone, Hash)]
pub(crate) struct Page {
    pub(crate) id: PageId,
    pub(crate) lang: LangId,
    pub(crate) group: GroupId,
    pub(crate) kind: PageKind,
    /// Source file, relative to the site root.
    pub(crate) file: String,
    /// Content-relative folder of the source (links are relative to it).
    pub(crate) dir: String,
    pub(crate) title: String,
    pub(crate) date: Zoned,
    pub(crate) has_time: bool,
    pub(crate) updated: Option<Zoned>,
    pub(crate) author: Option<String>,
    pub(crate) summary: String,
    /// Whether `summary` was written in the front matter (then it is shown as
    /// the article's lead; a summary taken from the first paragraph is not).
    pub(crate) summary_written: bool,
    pub(crate) tags: Vec<TagId>,
    /// Indexes into [`Site::teams`].
    pub(crate) teams: Vec<TeamId>,
    /// Its `region:` list, completed from the region files.
    pub(crate) region: Vec<String>,
    /// Line and column of `region:` in the file, for errors.
    pub(crate) region_at: (usize, usize),
    pub(crate) region_id: Option<RegionId>,
    /// Boxed, as the rarer fields below: a `Page` is held for every
    /// article of every language (200,000 at 100,000 articles).
    pub(crate) cover: Option<Box<Cover>>,
    pub(crate) slug: String,
    /// Where a written `slug:` is, for collision errors.
    pub(crate) slug_at: Option<Box<crate::diag::Place>>,
    /// Output folder relative to the output root, ending in `/`: `en/news/x/`.
    pub(crate) path: String,
    /// Output files of the redirect pages for `aliases:` (`tin-tuc/123.html`).
    pub(crate) aliases: Box<[String]>,
    /// Every `aliases:` entry as servers see it (`/tin-tuc/123.html`,
    /// `/Default.aspx?tabid=85&ID=1234`), for the redirect files.
    pub(crate) old_urls: Box<[String]>,
    /// Where each of `aliases` is written, for errors.
    pub(crate) alias_at: Box<[crate::diag::Place]>,
    pub(crate) featured: bool,
    pub(crate) weight: i64,
    pub(crate) draft: bool,
    pub(crate) extra: Option<Box<serde_json::Value>>,
    /// Line of the file where the Markdown body starts.
    pub(crate) body_line: usize,
    /// Up to 5 newer articles of its section, newest first.
    pub(crate) newer: Box<[PageId]>,
    /// Up to 5 older articles of its section, newest first.
    pub(crate) older: Box<[PageId]>,
    /// Up to 5 articles sharing tags or teams, most related first.
    pub(crate) related: Box<[PageId]>,
}

impl Page {
    /// The date a page last changed: `updated`, else `date`.
    pub(crate) fn last_modified(&self) -> &Zoned {
        self.updated.as_ref().unwrap_or(&self.date)
    }
}

/// A section in one language.
#[derive(Debug, Clone)]
pub(crate) struct SectionLang {
    pub(crate) title: String,
    pub(crate) slug: String,
    /// `en/news/`
    pub(crate) path: String,
    /// Its articles in this language, in the section's order.
    pub(crate) pages: Vec<PageId>,
    /// The same articles newest first (for feeds), whatever the section's order.
    pub(crate) by_date: Vec<PageId>,
}

#[derive(Debug, Clone)]
pub(crate) struct Section {
    pub(crate) folder: String,
    /// `_section.yaml` or the folder, for diagnostics.
    pub(crate) origin: String,
    pub(crate) sort: SortOrder,
    pub(crate) page_size: usize,
    /// Indexed by [`LangId`].
    pub(crate) langs: Vec<SectionLang>,
}

/// A tag in one language: one tag for every spelling that is equal after NFC
/// and case folding.
#[derive(Debug, Clone)]
pub struct Tag {
    pub lang: LangId,
    /// The spelling most used.
    pub name: String,
    /// Unique among the tags of its language (tone-mark collisions get `-2`).
    pub slug: String,
    /// Newest first.
    pub pages: Vec<PageId>,
    /// Its counterpart in each language, from `tags.yaml` (itself in its own).
    pub(crate) translations: Vec<Option<TagId>>,
}

/// The articles of one year in one language.
#[derive(Debug, Clone)]
pub(crate) struct Year {
    pub(crate) year: i16,
    /// Newest first.
    pub(crate) pages: Vec<PageId>,
}

#[derive(Debug, Clone)]
pub(crate) enum MenuEntry {
    Section(SectionId),
    Page(crate::config::BuiltinPage),
    Link { title: Localized, url: String },
}

impl crate::config::BuiltinPage {
    /// Output path of the page in a language.
    pub(crate) fn path(self, site: &Site, lang: LangId) -> String {
        use crate::config::BuiltinPage::*;
        match self {
            Teams => site.teams_index_path(lang),
            Regions => site.regions_index_path(lang),
            Statistics => site.statistics_path(lang),
            Tags => site.tags_index_path(lang),
            Archive => site.archive_index_path(lang),
            Search => site.search_path(lang),
            Documents => site.documents_index_path(lang),
        }
    }
}

/// The whole site, ready to render.
#[derive(Debug)]
pub struct Site {
    pub(crate) root: PathBuf,
    pub(crate) config: Config,
    pub(crate) theme: Theme,
    pub(crate) sections: Vec<Section>,
    pub(crate) pages: Vec<Page>,
    /// Translation groups: the pages of one article, at most one per language.
    pub(crate) groups: Vec<Vec<PageId>>,
    pub tags: Vec<Tag>,
    /// Per language: its tags in Vietnamese alphabetical order.
    pub(crate) tags_by_name: Vec<Vec<TagId>>,
    /// In the order of their ids.
    pub(crate) teams: Vec<Team>,
    pub(crate) region_files: Vec<RegionSource>,
    pub(crate) regions: Tree,
    pub(crate) stats: Stats,
    pub(crate) assets: Vec<Asset>,
    pub(crate) menu: Vec<MenuEntry>,
    /// Per language: its articles (not standalone pages), newest first.
    pub(crate) articles: Vec<Vec<PageId>>,
    /// Per language: the years with articles, newest first.
    pub(crate) years: Vec<Vec<Year>>,
    /// The documents of `van-ban/` (SPEC §1.7).
    pub(crate) documents: documents::Documents,
    /// Every page, in the order of its source file (`Page::file`): the
    /// group of a Markdown file a link names is found by a binary search
    /// (a map of every path would hold each path again).
    by_source: Vec<PageId>,
    /// Content-relative paths of files that failed to load.
    failed: HashSet<String>,
    asset_index: HashSet<String>,
}

/// The Markdown bodies, by [`PageId`]; kept apart from the [`Site`] so the
/// renderer can consume (and free) each one as soon as its page is written.
pub(crate) type Bodies = Vec<Body>;

/// Number of list pages for `len` items, `size` a page (at least 1).
pub(crate) fn pager_len(len: usize, size: usize) -> usize {
    len.div_ceil(size.max(1)).max(1)
}

impl Site {
    pub(crate) fn lang_code(&self, lang: LangId) -> &str {
        &self.config.languages[lang].code
    }

    /// URL of an output path as written in pages: `/dan-van/en/news/x/`.
    pub(crate) fn href(&self, path: &str) -> String {
        format!("{}{}", self.config.base.path, encode_path(path))
    }

    /// Absolute URL of an output path, for feeds, sitemaps and canonical links.
    pub(crate) fn permalink(&self, path: &str) -> String {
        format!("{}{}", self.config.base.absolute, encode_path(path))
    }

    /// Home path of a language: `` or `en/`.
    pub(crate) fn home_path(&self, lang: LangId) -> &str {
        &self.config.languages[lang].prefix
    }

    /// The page of `group` in `lang`, if that translation exists.
    pub(crate) fn translation(&self, group: GroupId, lang: LangId) -> Option<&Page> {
        self.groups[group]
            .iter()
            .map(|id| &self.pages[*id])
            .find(|p| p.lang == lang)
    }

    /// The page of a Markdown source (content-relative path).
    pub(crate) fn page_of_source(&self, content_rel: &str) -> Option<PageId> {
        let rel = |id: &PageId| {
            let file = &self.pages[*id].file;
            file.strip_prefix("content/").unwrap_or(file)
        };
        self.by_source
            .binary_search_by(|id| rel(id).cmp(content_rel))
            .ok()
            .map(|i| self.by_source[i])
    }

    /// The group of a Markdown source (content-relative path).
    pub(crate) fn group_of_source(&self, content_rel: &str) -> Option<GroupId> {
        self.page_of_source(content_rel)
            .map(|id| self.pages[id].group)
    }

    /// Whether a content-relative file failed to load (its error is already reported).
    pub(crate) fn failed_to_load(&self, content_rel: &str) -> bool {
        self.failed.contains(content_rel)
    }

    /// Whether a content-relative path is a file that is copied to the output.
    pub(crate) fn has_asset(&self, content_rel: &str) -> bool {
        self.asset_index.contains(content_rel)
    }

    /// The section whose folder is `folder`.
    pub(crate) fn section_by_folder(&self, folder: &str) -> Option<SectionId> {
        self.sections.iter().position(|s| s.folder == folder)
    }

    /// `base` for page 1, `base/<page segment>/n/` after it.
    pub(crate) fn paged(&self, base: &str, lang: LangId, n: usize) -> String {
        if n <= 1 {
            base.to_owned()
        } else {
            format!("{base}{}/{n}/", self.config.languages[lang].segments.page)
        }
    }

    /// How many list pages a section has in a language.
    pub(crate) fn pager_count(&self, section: SectionId, lang: LangId) -> usize {
        let s = &self.sections[section];
        pager_len(s.langs[lang].pages.len(), s.page_size)
    }

    /// Output path of page `n` (1-based) of a section list.
    pub(crate) fn section_page_path(&self, section: SectionId, lang: LangId, n: usize) -> String {
        self.paged(&self.sections[section].langs[lang].path, lang, n)
    }

    /// `chu-de/`, `en/tags/`
    pub(crate) fn tags_index_path(&self, lang: LangId) -> String {
        let l = &self.config.languages[lang];
        format!("{}{}/", l.prefix, l.segments.tags)
    }

    /// `chu-de/dan-van-kheo/` (page 1) or `chu-de/dan-van-kheo/trang/2/`.
    pub(crate) fn tag_path(&self, tag: TagId, n: usize) -> String {
        let t = &self.tags[tag];
        let base = format!("{}{}/", self.tags_index_path(t.lang), t.slug);
        self.paged(&base, t.lang, n)
    }

    /// How many list pages a tag has.
    pub(crate) fn tag_pager_count(&self, tag: TagId) -> usize {
        pager_len(self.tags[tag].pages.len(), self.config.page_size)
    }

    /// `luu-tru/`, `en/archive/`
    pub(crate) fn archive_index_path(&self, lang: LangId) -> String {
        let l = &self.config.languages[lang];
        format!("{}{}/", l.prefix, l.segments.archive)
    }

    /// `luu-tru/2024/` (page 1) or `luu-tru/2024/trang/2/`.
    pub(crate) fn year_path(&self, lang: LangId, year: i16, n: usize) -> String {
        let base = format!("{}{year}/", self.archive_index_path(lang));
        self.paged(&base, lang, n)
    }

    /// `tim-kiem/`, `en/search/`
    pub(crate) fn search_path(&self, lang: LangId) -> String {
        let l = &self.config.languages[lang];
        format!("{}{}/", l.prefix, l.segments.search)
    }

    /// `search-index.vi.json`: the search manifest of a language, at the root.
    pub(crate) fn search_index_file(&self, lang: LangId) -> String {
        format!("search-index.{}.json", self.lang_code(lang))
    }

    /// `search/vi/`: where the search index shards of a language are.
    pub(crate) fn search_shards_dir(&self, lang: LangId) -> String {
        format!("search/{}/", self.lang_code(lang))
    }

    /// The feed of a list whose page is at `list_path`: `tin-tuc/rss.xml`.
    pub(crate) fn feed_path(list_path: &str) -> String {
        format!("{list_path}rss.xml")
    }

    /// `to-dan-van/`, `en/teams/`
    pub(crate) fn teams_index_path(&self, lang: LangId) -> String {
        let l = &self.config.languages[lang];
        format!("{}{}/", l.prefix, l.segments.teams)
    }

    /// `to-dan-van/lai-xa/`
    pub(crate) fn team_path(&self, team: TeamId, lang: LangId) -> String {
        format!("{}{}/", self.teams_index_path(lang), self.teams[team].id())
    }

    /// `dia-ban/`, `en/regions/`
    pub(crate) fn regions_index_path(&self, lang: LangId) -> String {
        let l = &self.config.languages[lang];
        format!("{}{}/", l.prefix, l.segments.regions)
    }

    /// `dia-ban/hai-duong/thanh-ha/`
    pub(crate) fn region_path(&self, region: RegionId, lang: LangId) -> String {
        format!(
            "{}{}",
            self.regions_index_path(lang),
            self.regions.regions[region].slug_path
        )
    }

    /// `so-lieu/`, `en/statistics/`
    pub(crate) fn statistics_path(&self, lang: LangId) -> String {
        let l = &self.config.languages[lang];
        format!("{}{}/", l.prefix, l.segments.statistics)
    }

    /// The statistics data files, once for all languages, in the default
    /// language's statistics folder: `so-lieu/so-lieu.csv` and `.json`.
    pub(crate) fn statistics_data_file(&self, extension: &str) -> String {
        let seg = &self.config.languages[0].segments.statistics;
        format!("{}{seg}.{extension}", self.statistics_path(0))
    }

    /// The Excel workbook of a language's statistics, in its statistics
    /// folder: `so-lieu/so-lieu.xlsx`, `en/statistics/statistics.xlsx`.
    pub(crate) fn statistics_workbook(&self, lang: LangId) -> String {
        let seg = &self.config.languages[lang].segments.statistics;
        format!("{}{seg}.xlsx", self.statistics_path(lang))
    }

    /// A region's name in a language: `name_en` for English when given.
    pub(crate) fn region_name(&self, region: RegionId, lang: LangId) -> &str {
        let r = &self.regions.regions[region];
        match &r.name_en {
            Some(en) if self.lang_code(lang) == "en" => en,
            _ => &r.name,
        }
    }

    /// `van-ban/`, `en/documents/`
    pub(crate) fn documents_index_path(&self, lang: LangId) -> String {
        let l = &self.config.languages[lang];
        format!("{}{}/", l.prefix, l.segments.documents)
    }

    /// `van-ban/` page `n`: `van-ban/trang/2/`.
    pub(crate) fn documents_page_path(&self, lang: LangId, n: usize) -> String {
        self.paged(&self.documents_index_path(lang), lang, n)
    }

    /// `van-ban/80-hd-bdvtw/`
    pub(crate) fn document_path(&self, doc: documents::DocId, lang: LangId) -> String {
        format!(
            "{}{}/",
            self.documents_index_path(lang),
            self.documents.docs[doc].slug
        )
    }

    /// `van-ban/huong-dan/` page `n`.
    pub(crate) fn document_kind_path(&self, kind: usize, lang: LangId, n: usize) -> String {
        let base = format!(
            "{}{}/",
            self.documents_index_path(lang),
            documents::kind_slug(kind, self.lang_code(lang))
        );
        self.paged(&base, lang, n)
    }

    /// `van-ban/co-quan/ban-dan-van-trung-uong/` page `n`.
    pub(crate) fn document_issuer_path(&self, issuer: usize, lang: LangId, n: usize) -> String {
        let (seg, _) = documents::sub_segments(self.lang_code(lang));
        let base = format!(
            "{}{seg}/{}/",
            self.documents_index_path(lang),
            self.documents.issuers[issuer].slug
        );
        self.paged(&base, lang, n)
    }

    /// `van-ban/nam/2012/` page `n`.
    pub(crate) fn document_year_path(&self, year: i16, lang: LangId, n: usize) -> String {
        let (_, seg) = documents::sub_segments(self.lang_code(lang));
        let base = format!("{}{seg}/{year}/", self.documents_index_path(lang));
        self.paged(&base, lang, n)
    }
}
