//! Stage 2, model: turns [`Sources`] into a [`Site`]: every page that will
//! be built, in every language, with its URL; translations paired; sections,
//! tags and the menu resolved; and the checks that need the whole site (two
//! pages on one URL, unknown team ids, missing translations). Pure: no I/O.

pub mod url;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::PathBuf;

use jiff::{Timestamp, Zoned};

use crate::config::{Config, MenuItem};
use crate::diag::{Diagnostic, Diagnostics};
use crate::load::{
    ArticleSource, Asset, RegionSource, SortOrder, Sources, TagTranslations, TeamSource, Theme,
};
use crate::slug::{self, slugify};
use crate::yaml::{Localized, Spanned};

pub use url::{encode_path, normalize_rel};

pub type PageId = usize;
pub type SectionId = usize;
pub type GroupId = usize;
pub type TagId = usize;
pub type LangId = usize;

/// What the build was asked to include.
#[derive(Debug, Clone, Copy)]
pub struct Flags {
    pub drafts: bool,
    pub future: bool,
    /// "Now", for deciding which articles are in the future.
    pub now: Timestamp,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    Article(SectionId),
    /// A Markdown file at the root of `content/` (an "About" page).
    Standalone,
}

/// A cover image.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cover {
    /// URL as written into pages (base path included).
    pub url: String,
    pub caption: Option<String>,
}

/// One page of one language.
#[derive(Debug, Clone)]
pub struct Page {
    pub id: PageId,
    pub lang: LangId,
    pub group: GroupId,
    pub kind: PageKind,
    /// Source file, relative to the site root.
    pub file: String,
    /// Content-relative folder of the source (links are relative to it).
    pub dir: String,
    pub title: String,
    pub date: Zoned,
    pub has_time: bool,
    pub updated: Option<Zoned>,
    pub author: Option<String>,
    pub summary: String,
    /// Whether `summary` was written in the front matter (then it is shown as
    /// the article's lead; a summary taken from the first paragraph is not).
    pub summary_written: bool,
    pub tags: Vec<TagId>,
    pub teams: Vec<String>,
    pub region: Vec<String>,
    pub cover: Option<Cover>,
    pub slug: String,
    /// Output folder relative to the output root, ending in `/`: `en/news/x/`.
    pub path: String,
    pub aliases: Vec<Spanned<String>>,
    pub featured: bool,
    pub weight: i64,
    pub draft: bool,
    pub extra: Option<serde_json::Value>,
    /// Line of the file where the Markdown body starts.
    pub body_line: usize,
}

/// A section in one language.
#[derive(Debug, Clone)]
pub struct SectionLang {
    pub title: String,
    pub slug: String,
    /// `en/news/`
    pub path: String,
    /// Its articles in this language, in the section's order.
    pub pages: Vec<PageId>,
}

#[derive(Debug, Clone)]
pub struct Section {
    pub folder: String,
    /// `_section.yaml` or the folder, for diagnostics.
    pub origin: String,
    pub sort: SortOrder,
    pub page_size: usize,
    /// Indexed by [`LangId`].
    pub langs: Vec<SectionLang>,
}

/// A tag in one language: one tag for every spelling that is equal after NFC
/// and case folding.
#[derive(Debug, Clone)]
pub struct Tag {
    pub lang: LangId,
    /// The spelling most used.
    pub name: String,
    pub slug: String,
    /// Newest first.
    pub pages: Vec<PageId>,
}

#[derive(Debug, Clone)]
pub enum MenuEntry {
    Section(SectionId),
    Link { title: Localized, url: String },
}

/// The whole site, ready to render.
#[derive(Debug)]
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub theme: Theme,
    pub sections: Vec<Section>,
    pub pages: Vec<Page>,
    /// Translation groups: the pages of one article, at most one per language.
    pub groups: Vec<Vec<PageId>>,
    pub tags: Vec<Tag>,
    pub teams: Vec<TeamSource>,
    pub regions: Vec<RegionSource>,
    pub tag_translations: TagTranslations,
    pub assets: Vec<Asset>,
    pub menu: Vec<MenuEntry>,
    /// Per language: its articles (not standalone pages), newest first.
    pub articles: Vec<Vec<PageId>>,
    /// Every Markdown source path (content-relative, any language) -> its group.
    source_index: HashMap<String, GroupId>,
    asset_index: HashSet<String>,
}

/// The Markdown bodies, by [`PageId`]; kept apart from the [`Site`] so the
/// renderer can consume (and free) each one as soon as its page is written.
pub type Bodies = Vec<String>;

impl Site {
    pub fn lang_code(&self, lang: LangId) -> &str {
        &self.config.languages[lang].code
    }

    /// URL of an output path as written in pages: `/dan-van/en/news/x/`.
    pub fn href(&self, path: &str) -> String {
        format!("{}{}", self.config.base.path, encode_path(path))
    }

    /// Absolute URL of an output path, for feeds, sitemaps and canonical links.
    pub fn permalink(&self, path: &str) -> String {
        format!("{}{}", self.config.base.absolute, encode_path(path))
    }

    /// Home path of a language: `` or `en/`.
    pub fn home_path(&self, lang: LangId) -> &str {
        &self.config.languages[lang].prefix
    }

    /// The page of `group` in `lang`, if that translation exists.
    pub fn translation(&self, group: GroupId, lang: LangId) -> Option<&Page> {
        self.groups[group]
            .iter()
            .map(|id| &self.pages[*id])
            .find(|p| p.lang == lang)
    }

    /// The group of a Markdown source (content-relative path).
    pub fn group_of_source(&self, content_rel: &str) -> Option<GroupId> {
        self.source_index.get(content_rel).copied()
    }

    /// Whether a content-relative path is a file that is copied to the output.
    pub fn has_asset(&self, content_rel: &str) -> bool {
        self.asset_index.contains(content_rel)
    }

    /// The section whose folder is `folder`.
    pub fn section_by_folder(&self, folder: &str) -> Option<SectionId> {
        self.sections.iter().position(|s| s.folder == folder)
    }

    /// Pages a list of a section shows: how many pages of `page_size` it has (at least 1).
    pub fn pager_count(&self, section: SectionId, lang: LangId) -> usize {
        let s = &self.sections[section];
        s.langs[lang].pages.len().div_ceil(s.page_size).max(1)
    }

    /// Output path of page `n` (1-based) of a section list.
    pub fn section_page_path(&self, section: SectionId, lang: LangId, n: usize) -> String {
        let base = &self.sections[section].langs[lang].path;
        if n <= 1 {
            base.clone()
        } else {
            format!("{base}{}/{n}/", self.config.languages[lang].segments.page)
        }
    }
}

/// Builds the site model. Returns `None` if the site cannot be built; every
/// reason is in `diags`.
pub fn build(sources: Sources, flags: Flags, diags: &mut Diagnostics) -> Option<(Site, Bodies)> {
    let Sources {
        root,
        config,
        theme,
        sections: section_sources,
        articles: article_sources,
        teams,
        regions,
        tags: tag_translations,
        assets,
    } = sources;
    let before = diags.error_count();
    let default_lang = config.default_lang().to_owned();
    let lang_index = |code: &str| config.languages.iter().position(|l| l.code == code);

    // Sections, with their URL segment and title in each language.
    let mut sections: Vec<Section> = section_sources
        .iter()
        .map(|s| {
            let origin = s
                .meta_file
                .clone()
                .unwrap_or_else(|| format!("content/{}/", s.folder));
            let langs = config
                .languages
                .iter()
                .map(|l| {
                    let slug = s
                        .meta
                        .slug
                        .as_ref()
                        .and_then(|v| v.get(&l.code, &default_lang))
                        .map(str::to_owned)
                        .unwrap_or_else(|| slugify(&s.folder));
                    let title = s
                        .meta
                        .title
                        .as_ref()
                        .and_then(|t| t.get(&l.code, &default_lang))
                        .map(str::to_owned)
                        .unwrap_or_else(|| title_from_folder(&s.folder));
                    SectionLang {
                        path: format!("{}{}/", l.prefix, slug),
                        slug,
                        title,
                        pages: Vec::new(),
                    }
                })
                .collect();
            Section {
                folder: s.folder.clone(),
                origin,
                sort: s.meta.sort,
                page_size: s.meta.page_size.unwrap_or(config.page_size),
                langs,
            }
        })
        .collect();
    for s in &sections {
        if s.langs.iter().any(|l| l.slug.is_empty()) {
            diags.push(
                Diagnostic::error(
                    &s.origin,
                    1,
                    1,
                    format!(
                        "cannot make a URL segment from the folder name `{}`",
                        s.folder
                    ),
                )
                .with_hint(
                    "rename the folder with ASCII letters, or give `slug:` in its _section.yaml",
                ),
            );
        }
    }

    let team_ids: HashSet<&str> = teams.iter().map(|t| t.id.as_str()).collect();
    let assets_index: HashSet<String> = assets.iter().map(|a| a.rel.clone()).collect();

    let mut pages: Vec<Page> = Vec::new();
    let mut bodies: Bodies = Vec::new();
    let mut groups: Vec<Vec<PageId>> = Vec::new();
    let mut group_keys: BTreeMap<(String, String), GroupId> = BTreeMap::new();
    let mut source_index: HashMap<String, GroupId> = HashMap::new();
    let mut seen_file_of: HashMap<(String, String, String), String> = HashMap::new();
    let mut tag_keys: HashMap<(LangId, String), TagId> = HashMap::new();
    let mut tag_spellings: Vec<BTreeMap<String, usize>> = Vec::new();
    let mut tags: Vec<Tag> = Vec::new();

    for a in article_sources {
        let src = a.yaml();
        let Some(lang) = lang_index(&a.path.lang) else {
            continue;
        };
        if a.fm.draft && !flags.drafts {
            continue;
        }
        if a.date.timestamp() > flags.now && !flags.future {
            let d = match &a.fm.date {
                Some(date) => src.warning_at(
                    date,
                    "this article is dated in the future and is not built yet",
                ),
                None => Diagnostic::warning(
                    &a.path.file,
                    1,
                    1,
                    "this article is dated in the future and is not built yet",
                ),
            };
            diags.push(d.with_hint("build with --future to include it"));
            continue;
        }
        let key = (a.path.dir.clone(), a.path.stem.clone(), a.path.lang.clone());
        if let Some(other) = seen_file_of.get(&key) {
            diags.push(Diagnostic::error(
                &a.path.file,
                1,
                1,
                format!(
                    "{} and this file are both the `{}` version of one article",
                    other, a.path.lang
                ),
            ));
            continue;
        }
        seen_file_of.insert(key, a.path.file.clone());

        let kind = match a.path.dir.split('/').next().filter(|f| !f.is_empty()) {
            Some(folder) => match sections.iter().position(|s| s.folder == folder) {
                Some(sid) => PageKind::Article(sid),
                None => continue,
            },
            None => PageKind::Standalone,
        };

        let slug = match page_slug(&a, diags) {
            Some(s) => s,
            None => continue,
        };
        let language = &config.languages[lang];
        let path = match kind {
            PageKind::Article(sid) => format!("{}{}/", sections[sid].langs[lang].path, slug),
            PageKind::Standalone => format!("{}{}/", language.prefix, slug),
        };

        // Team ids must exist.
        let mut page_teams = Vec::new();
        for t in &a.fm.teams {
            if team_ids.contains(t.value.as_str()) {
                if !page_teams.contains(&t.value) {
                    page_teams.push(t.value.clone());
                }
            } else {
                let mut d = src.error_at(
                    t,
                    format!(
                        "there is no team `{}` (no file content/teams/{}.yaml)",
                        t.value, t.value
                    ),
                );
                if let Some(b) = crate::diag::closest(&t.value, team_ids.iter().copied()) {
                    d.hint = Some(format!("did you mean `{b}`?"));
                }
                diags.push(d);
            }
        }

        let cover = a.fm.image.as_ref().map(|img| {
            let url = match url::resolve_local(&a.path.dir, &img.value) {
                url::Local::External => img.value.clone(),
                url::Local::SiteAbsolute(p) => {
                    format!("{}{}", config.base.path, p.trim_start_matches('/'))
                }
                url::Local::Relative(rel) => {
                    if !assets_index.contains(&rel) {
                        diags.push(src.warning_at(
                            img,
                            format!(
                                "the cover image `{}` does not exist (looked for content/{rel})",
                                img.value
                            ),
                        ));
                    }
                    format!("{}{}", config.base.path, encode_path(&rel))
                }
                url::Local::Outside => {
                    diags.push(src.warning_at(
                        img,
                        format!("the cover image `{}` points outside content/", img.value),
                    ));
                    img.value.clone()
                }
            };
            Cover {
                url,
                caption: a.fm.image_caption.clone().filter(|c| !c.trim().is_empty()),
            }
        });

        let id = pages.len();
        let group_key = (a.path.dir.clone(), a.path.stem.clone());
        let group = *group_keys.entry(group_key).or_insert_with(|| {
            groups.push(Vec::new());
            groups.len() - 1
        });
        groups[group].push(id);
        let rel_source = a.path.file.trim_start_matches("content/").to_owned();
        source_index.insert(rel_source, group);

        // Tags: one per NFC + case-folded spelling, per language.
        let mut page_tags = Vec::new();
        for t in &a.fm.tags {
            let name = t.value.split_whitespace().collect::<Vec<_>>().join(" ");
            if name.is_empty() {
                continue;
            }
            let key = (lang, name.to_lowercase());
            let tid = *tag_keys.entry(key).or_insert_with(|| {
                tags.push(Tag {
                    lang,
                    name: String::new(),
                    slug: String::new(),
                    pages: Vec::new(),
                });
                tag_spellings.push(BTreeMap::new());
                tags.len() - 1
            });
            *tag_spellings[tid].entry(name).or_insert(0) += 1;
            if !page_tags.contains(&tid) {
                page_tags.push(tid);
            }
        }

        let summary_written = a.fm.summary.is_some();
        let ArticleSource {
            path: apath,
            fm,
            date,
            has_time,
            updated,
            summary,
            body,
            body_line,
            ..
        } = a;
        pages.push(Page {
            id,
            lang,
            group,
            kind,
            file: apath.file,
            dir: apath.dir,
            title: fm.title.value.trim().to_owned(),
            date,
            has_time,
            updated,
            author: fm.author.filter(|s| !s.trim().is_empty()),
            summary,
            summary_written,
            tags: page_tags,
            teams: page_teams,
            region: fm
                .region
                .into_iter()
                .map(|r| r.value.trim().to_owned())
                .filter(|r| !r.is_empty())
                .collect(),
            cover,
            slug,
            path,
            aliases: fm.aliases,
            featured: fm.featured,
            weight: fm.weight.unwrap_or(0),
            draft: fm.draft,
            extra: fm.extra,
            body_line,
        });
        bodies.push(body);
    }

    // The spelling of a tag is the one used most (ties: the first in byte order).
    for (tag, spellings) in tags.iter_mut().zip(&tag_spellings) {
        let best = spellings
            .iter()
            .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)));
        if let Some((name, _)) = best {
            tag.name = name.clone();
            tag.slug = slugify(name);
        }
    }

    // Lists, newest first (ties broken by path so the order never depends on the file system).
    let newest_first = |a: &Page, b: &Page| {
        b.date
            .timestamp()
            .cmp(&a.date.timestamp())
            .then_with(|| a.path.cmp(&b.path))
    };
    let mut order: Vec<PageId> = (0..pages.len()).collect();
    order.sort_by(|a, b| newest_first(&pages[*a], &pages[*b]));
    let mut articles: Vec<Vec<PageId>> = vec![Vec::new(); config.languages.len()];
    for &id in &order {
        let p = &pages[id];
        if let PageKind::Article(sid) = p.kind {
            articles[p.lang].push(id);
            sections[sid].langs[p.lang].pages.push(id);
        }
        for &t in &p.tags {
            tags[t].pages.push(id);
        }
    }
    for s in &mut sections {
        match s.sort {
            SortOrder::Date => {}
            SortOrder::Title => {
                for l in &mut s.langs {
                    l.pages.sort_by(|a, b| {
                        crate::collate::compare(&pages[*a].title, &pages[*b].title)
                            .then_with(|| newest_first(&pages[*a], &pages[*b]))
                    });
                }
            }
            SortOrder::Weight => {
                for l in &mut s.langs {
                    l.pages.sort_by(|a, b| {
                        pages[*a]
                            .weight
                            .cmp(&pages[*b].weight)
                            .then_with(|| newest_first(&pages[*a], &pages[*b]))
                    });
                }
            }
        }
        if s.langs.iter().all(|l| l.pages.is_empty()) {
            diags.push(Diagnostic::warning(
                &s.origin,
                1,
                1,
                format!("the section `{}` has no articles to build", s.folder),
            ));
        }
    }

    // Translations: missing ones, and ones older than an update of the original.
    for group in &groups {
        let present: Vec<LangId> = group.iter().map(|id| pages[*id].lang).collect();
        for &id in group {
            let p = &pages[id];
            let missing: Vec<&str> = (0..config.languages.len())
                .filter(|l| !present.contains(l))
                .map(|l| config.languages[l].code.as_str())
                .collect();
            if !missing.is_empty() && p.lang == 0 {
                diags.push(Diagnostic::warning(
                    &p.file,
                    1,
                    1,
                    format!("this article has no translation in {}", missing.join(", ")),
                ));
            }
        }
        let original = group.iter().map(|id| &pages[*id]).find(|p| p.lang == 0);
        if let Some(orig) = original
            && let Some(orig_updated) = &orig.updated
        {
            for &id in group {
                let t = &pages[id];
                let t_stamp = t.updated.as_ref().unwrap_or(&t.date);
                if t.lang != 0 && orig_updated > t_stamp {
                    diags.push(Diagnostic::warning(
                        &t.file,
                        1,
                        1,
                        format!(
                            "{} was updated after this translation; it may be out of date",
                            orig.file
                        ),
                    ));
                }
            }
        }
    }

    // The menu: listed sections, or every section in folder order.
    let mut menu = Vec::new();
    match &config.menu {
        Some(items) => {
            for item in items {
                match item {
                    MenuItem::Section(name) => {
                        match sections.iter().position(|s| s.folder == name.value) {
                            Some(sid) => menu.push(MenuEntry::Section(sid)),
                            None => {
                                let folders: Vec<&str> =
                                    sections.iter().map(|s| s.folder.as_str()).collect();
                                diags.push(
                                config
                                    .yaml_source()
                                    .error_at(name, format!("the menu names the section `{}`, but there is no folder content/{}/ with articles", name.value, name.value))
                                    .with_hint(format!("sections: {}", folders.join(", "))),
                            );
                            }
                        }
                    }
                    MenuItem::Link { title, url } => menu.push(MenuEntry::Link {
                        title: title.clone(),
                        url: url.clone(),
                    }),
                }
            }
        }
        None => menu.extend((0..sections.len()).map(MenuEntry::Section)),
    }

    let site = Site {
        root,
        config,
        theme,
        sections,
        pages,
        groups,
        tags,
        teams,
        regions,
        tag_translations,
        assets,
        menu,
        articles,
        source_index,
        asset_index: assets_index,
    };
    check_collisions(&site, diags);
    (diags.error_count() == before).then_some((site, bodies))
}

/// The slug of a page: `slug:` if given (slugified), else the file stem without its date.
fn page_slug(a: &ArticleSource, diags: &mut Diagnostics) -> Option<String> {
    let src = a.yaml();
    if let Some(s) = &a.fm.slug {
        if s.value.contains(['/', '\\']) || s.value.contains("..") {
            diags.push(src.error_at(s, format!("the slug `{}` would write outside its section: a slug is one URL segment, without `/` or `..`", s.value)));
            return None;
        }
        let slug = slugify(&s.value);
        if slug.is_empty() {
            diags.push(src.error_at(
                s,
                format!(
                    "cannot make a URL from the slug `{}`: use letters or digits",
                    s.value
                ),
            ));
            return None;
        }
        return Some(slug);
    }
    let stem = crate::date::split_filename_date(&a.path.stem)
        .map_or(a.path.stem.as_str(), |(_, rest)| rest);
    let slug = slugify(stem);
    if slug.is_empty() {
        diags.push(
            Diagnostic::error(&a.path.file, 1, 1, "cannot make a URL from this file name")
                .with_hint("rename the file with letters or digits, or add `slug:`"),
        );
        return None;
    }
    Some(slug)
}

/// "tin-tuc" -> "Tin tuc": the title of a section without `_section.yaml`.
fn title_from_folder(folder: &str) -> String {
    let words = folder.replace(['-', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Two outputs on one path is an error naming both sources.
fn check_collisions(site: &Site, diags: &mut Diagnostics) {
    let mut taken: HashMap<String, String> = HashMap::new();
    let mut claim = |path: String, origin: &str, diags: &mut Diagnostics| {
        if let Some(first) = taken.get(&path) {
            if first != origin {
                diags.push(
                    Diagnostic::error(
                        origin,
                        1,
                        1,
                        format!("this and {first} would both be written to /{path}"),
                    )
                    .with_hint("give one of them another `slug:` (or rename the file or folder)"),
                );
            }
        } else {
            taken.insert(path, origin.to_owned());
        }
    };
    for (lang, l) in site.config.languages.iter().enumerate() {
        claim(
            format!("{}index.html", l.prefix),
            &format!("the home page ({})", site.lang_code(lang)),
            diags,
        );
    }
    for (sid, s) in site.sections.iter().enumerate() {
        for lang in 0..s.langs.len() {
            for n in 1..=site.pager_count(sid, lang) {
                claim(
                    format!("{}index.html", site.section_page_path(sid, lang, n)),
                    &s.origin,
                    diags,
                );
            }
        }
    }
    for p in &site.pages {
        claim(format!("{}index.html", p.path), &p.file, diags);
    }
    for a in &site.assets {
        claim(a.rel.clone(), &format!("content/{}", a.rel), diags);
    }
}

/// Whether `s` is usable as one URL segment.
pub fn is_segment(s: &str) -> bool {
    slug::is_slug(s)
}
