//! Stage 3, render: every output file of the site from the [`Site`] model,
//! in parallel, handed to a [`Sink`] as soon as it is ready so the build
//! never holds the whole site in memory. Deterministic: a page's bytes depend
//! only on the model, never on the order work happens in.

pub mod chart;
pub mod context;
pub mod figure_pages;
pub mod links;
pub mod memo;
pub mod pictures;
pub mod templates;
pub mod xml;

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, OnceLock};

use rayon::prelude::*;
use tera::{Context, Value};

use crate::diag::{Diagnostic, Diagnostics};
use crate::highlight;
use crate::images::{Images, Outcome};
use crate::markdown::{self, Labels, ProblemKind, escape_attr, escape_text};
use crate::model::{
    Bodies, LangId, MenuEntry, Page, PageId, PageKind, SectionId, Site, TagId, pager_len,
};
use crate::progress::{Progress, Stage};
use crate::search;
use crate::write::Sink;

use context::{Alternate, SYNTAX_CSS_FILE};
use memo::{AnchorRef, Fingerprint, Memo, PageRender};
use templates::Templates;

/// What a render produced.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RenderStats {
    /// HTML pages written (redirect pages of aliases not counted).
    pub pages: usize,
    /// All files written or copied.
    pub files: usize,
}

/// How many newest articles the home page lists, and per section.
const HOME_LATEST: usize = 10;
const HOME_FEATURED: usize = 4;
const HOME_PER_SECTION: usize = 5;
const HOME_PHOTOS: usize = 6;
const HOME_TAGS: usize = 15;

/// Templates every theme has (the built-in theme provides them all).
pub const REQUIRED_TEMPLATES: [&str; 15] = [
    "index.html",
    "article.html",
    "page.html",
    "section.html",
    "tag.html",
    "tags.html",
    "year.html",
    "archive.html",
    "search.html",
    "404.html",
    "teams.html",
    "team.html",
    "regions.html",
    "region.html",
    "statistics.html",
];

/// Articles a region page lists (the newest in it and below it).
const REGION_ARTICLES: usize = 20;

/// 64-bit FNV-1a: a stable content hash for cache-busting file names.
pub struct Fnv(u64);

impl Fnv {
    pub fn new() -> Fnv {
        Fnv(0xcbf2_9ce4_8422_2325)
    }

    pub fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 ^= u64::from(*b);
            self.0 = self.0.wrapping_mul(0x0100_0000_01b3);
        }
    }

    /// 8 hex digits: enough to tell versions of a file apart.
    pub fn hex(&self) -> String {
        format!("{:08x}", self.0 >> 32)
    }
}

impl Default for Fnv {
    fn default() -> Self {
        Fnv::new()
    }
}

/// A file's version in URLs (`kheo.css?v=1a2b3c4d`).
pub fn short_hash(bytes: &[u8]) -> String {
    let mut h = Fnv::new();
    h.write(bytes);
    h.hex()
}

/// Shared, read-only state of one render.
struct Renderer<'a> {
    site: &'a Site,
    templates: Templates,
    /// Every image file of the site, prepared when a page first shows it.
    images: Images<'a>,
    /// Per page: its cover's plain `src` as an absolute URL (for feeds).
    cover_srcs: Vec<Option<String>>,
    /// Per page: its cover as prepared, hashed (0 without one; serve only).
    cover_prints: Vec<u64>,
    cards: Vec<OnceLock<Value>>,
    /// Per language: (`site` value, `t` value).
    langs: Vec<(Value, Value)>,
    sink: &'a dyn Sink,
    progress: Option<&'a Progress>,
    diags: Mutex<Diagnostics>,
    /// What each page gives the search index, filled while pages render.
    search: search::Gathered,
    /// Per language and region: the newest articles in it.
    region_articles: Vec<Vec<Vec<PageId>>>,
    /// Teams in each region and below it, by name.
    region_teams: Vec<Vec<usize>>,
    /// The ids each page's body defines, and the links to `#fragments`, for
    /// checking anchors once every page is rendered.
    ids: Mutex<Vec<Vec<String>>>,
    anchors: Mutex<Vec<AnchorRef>>,
    /// The previous render's state (serve), if any: outputs whose
    /// fingerprint did not change are kept, not rendered.
    previous: Option<Memo>,
    /// This render's state, for the next one.
    next: Mutex<Memo>,
    /// The shared inputs of every page; see [`memo`].
    epoch: u64,
    /// Each page's card, hashed: what a list shows of it.
    card_prints: Vec<u64>,
    /// Fingerprints of the team files, for the pages that show their figures.
    team_prints: Vec<u64>,
    failed: AtomicBool,
    pages: AtomicUsize,
    files: AtomicUsize,
    rendered: AtomicUsize,
}

/// A page that lists articles: a section, a tag or a year, page `n`.
#[derive(Debug, Clone, Copy)]
enum ListJob {
    Home(LangId),
    Section(SectionId, LangId, usize),
    Tag(TagId, usize),
    TagsIndex(LangId),
    Year(LangId, usize, usize),
    Archive(LangId),
    Search(LangId),
    NotFound,
    TeamsIndex(LangId),
    Team(usize, LangId),
    RegionsIndex(LangId),
    Region(usize, LangId),
    Statistics(LangId),
}

/// Renders the site into `sink`. Returns `None` on errors (in `diags`); the
/// sink may then hold part of the site and must be discarded.
pub fn render(
    site: &Site,
    bodies: Bodies,
    sink: &dyn Sink,
    progress: Option<&Progress>,
    diags: &mut Diagnostics,
) -> Option<RenderStats> {
    render_with_memo(site, bodies, sink, progress, None, diags)
}

/// [`render`], remembering what it rendered in `memo` and keeping (through
/// [`Sink::keep`]) every output whose inputs did not change since the render
/// that filled `memo`. On errors `memo` is left as it was.
pub fn render_with_memo(
    site: &Site,
    bodies: Bodies,
    sink: &dyn Sink,
    progress: Option<&Progress>,
    memo: Option<&mut Memo>,
    diags: &mut Diagnostics,
) -> Option<RenderStats> {
    let mut timer = crate::timings::Timer::start();
    let config = &site.config;
    let templates = match Templates::new(&site.theme.templates, &templates::Formats::of(site)) {
        Ok(t) => t,
        Err(errors) => {
            diags.extend(errors);
            return None;
        }
    };
    timer.lap("  templates");
    let mut ok = true;
    for required in REQUIRED_TEMPLATES {
        if !templates.has(required) {
            diags.push(
                Diagnostic::error(
                    format!("themes/{}/templates/{required}", config.theme.value),
                    1,
                    1,
                    "the theme has no such template, and every theme needs it",
                )
                .with_code("theme"),
            );
            ok = false;
        }
    }
    let syntax_css = highlight::stylesheet(&config.highlight_theme.value);
    if syntax_css.is_none() {
        diags.push(
            config
                .yaml_source()
                .error_at(
                    &config.highlight_theme,
                    format!(
                        "there is no highlighting theme `{}`",
                        config.highlight_theme.value
                    ),
                )
                .with_code("config")
                .with_hint(format!(
                    "choose one of: {}",
                    highlight::theme_names().join(", ")
                )),
        );
        ok = false;
    }
    if !ok {
        return None;
    }
    let has_code = bodies
        .iter()
        .any(|b| b.contains("```") || b.contains("~~~"));

    // Theme files, with a content hash so browsers refetch them when they change.
    let mut statics: Vec<(String, Vec<u8>)> = site
        .theme
        .static_files
        .iter()
        .map(|f| (f.rel.clone(), f.bytes.to_vec()))
        .collect();
    if has_code && let Some(css) = syntax_css {
        statics.push((SYNTAX_CSS_FILE.to_owned(), css.into_bytes()));
    }
    let version = |file: &str| {
        statics
            .iter()
            .find(|(rel, _)| rel == file)
            .map_or_else(String::new, |(_, b)| short_hash(b))
    };
    let langs: Vec<(Value, Value)> = (0..config.languages.len())
        .map(|l| {
            (
                context::site_value(site, l, &version, has_code),
                context::strings_value(&site.theme.locales[l]),
            )
        })
        .collect();
    let remembering = memo.is_some();
    let epoch = if remembering {
        epoch_of(site, &langs, &statics)
    } else {
        0
    };
    // Fingerprints only mean something against a memo of the same epoch.
    let previous = memo.as_deref().map(|m| Memo {
        epoch: m.epoch,
        outputs: if m.epoch == epoch {
            m.outputs.clone()
        } else {
            HashMap::new()
        },
        pages: m.pages.clone(),
        search: if m.epoch == epoch {
            m.search.clone()
        } else {
            HashMap::new()
        },
        assets: m.assets.clone(),
        images: Default::default(),
        rendered: 0,
        bodies_read: 0,
    });
    timer.lap("  prepare");
    let mut images = Images::new(
        &site.root,
        &config.images,
        site.assets
            .iter()
            .map(|a| (a.rel.as_str(), a.path.as_path())),
        sink,
    );
    if let Some(m) = memo.as_deref() {
        images = images.remembering(m.images.clone());
    }
    // Covers first, in parallel: every list shows them, so cards need them.
    prepare_covers(site, &images, diags);
    let cover_srcs = site
        .pages
        .iter()
        .map(|p| {
            p.cover
                .as_ref()
                .map(|c| context::absolute(site, &pictures::cover_shown(site, &images, c).src))
        })
        .collect();
    let cover_prints: Vec<u64> = if remembering {
        site.pages
            .iter()
            .map(|p| {
                p.cover
                    .as_ref()
                    .and_then(|c| pictures::cover_outcome(&images, c))
                    .map_or(0, outcome_print)
            })
            .collect()
    } else {
        Vec::new()
    };
    timer.lap("  covers");
    // Made when first needed: a rebuild of `kheo serve` needs only a few.
    let cards = (0..site.pages.len()).map(|_| OnceLock::new()).collect();
    let (card_prints, team_prints) = if remembering {
        (
            site.pages
                .par_iter()
                .map(|p| context::card_print(p, cover_prints[p.id]))
                .collect(),
            site.teams
                .iter()
                .map(|t| Fingerprint::new().add(&t.source).finish())
                .collect(),
        )
    } else {
        (Vec::new(), Vec::new())
    };
    let r = Renderer {
        site,
        templates,
        images,
        cover_srcs,
        cover_prints,
        cards,
        langs,
        sink,
        progress,
        diags: Mutex::new(Diagnostics::new()),
        search: search::Gathered::new(site),
        region_articles: figure_pages::region_articles(site, REGION_ARTICLES),
        region_teams: figure_pages::region_teams(site),
        ids: Mutex::new(vec![Vec::new(); site.pages.len()]),
        anchors: Mutex::new(Vec::new()),
        previous,
        next: Mutex::new(Memo {
            epoch,
            ..Memo::default()
        }),
        epoch,
        card_prints,
        team_prints,
        failed: AtomicBool::new(false),
        pages: AtomicUsize::new(0),
        files: AtomicUsize::new(0),
        rendered: AtomicUsize::new(0),
    };

    // Files from content/ win over theme files of the same name.
    let asset_names: std::collections::HashSet<&str> =
        site.assets.iter().map(|a| a.rel.as_str()).collect();
    statics
        .par_iter()
        .filter(|(rel, _)| !asset_names.contains(rel.as_str()))
        .for_each(|(rel, bytes)| r.write(rel, bytes, false));
    site.assets.par_iter().for_each(|a| {
        if r.failed.load(Ordering::Relaxed) {
            return;
        }
        if r.asset_unchanged(a) {
            sink.keep(&a.rel);
            r.files.fetch_add(1, Ordering::Relaxed);
            return;
        }
        match sink.copy(&a.rel, &a.path) {
            Ok(()) => {
                r.files.fetch_add(1, Ordering::Relaxed);
            }
            Err(e) => r.fail(
                Diagnostic::error(
                    format!("content/{}", a.rel),
                    1,
                    1,
                    format!("cannot copy this file: {e}"),
                )
                .with_code("theme"),
            ),
        }
    });

    let lists = list_jobs(site);
    if let Some(p) = progress {
        p.enter(Stage::Rendering, site.pages.len() + lists.len());
    }
    timer.lap("  static+assets");
    bodies
        .into_par_iter()
        .enumerate()
        .for_each(|(id, body)| r.page(&site.pages[id], &body));
    timer.lap("  pages");
    lists.par_iter().for_each(|job| r.list(*job));
    timer.lap("  lists");
    r.feeds_and_sitemap();
    timer.lap("  feeds+sitemap");
    r.aliases();
    let data_files = [
        site.statistics_data_file("csv"),
        site.statistics_data_file("json"),
    ];
    let data_print = r.remembering().then(|| {
        let mut f = Fingerprint::new();
        f.add(&site.stats).add(&site.regions.regions);
        for t in &site.teams {
            f.add(&t.source);
        }
        f.finish()
    });
    if !r.unchanged(&data_files[0], data_print) {
        r.write(&data_files[0], crate::figures::csv(site).as_bytes(), false);
    }
    if !r.unchanged(&data_files[1], data_print) {
        r.write(&data_files[1], crate::figures::json(site).as_bytes(), false);
    }
    r.search
        .take(site)
        .into_par_iter()
        .enumerate()
        .for_each(|(lang, docs)| r.search_index(lang, docs));

    timer.lap("  data+search");
    r.check_anchors();

    let (image_counts, image_problems, image_memory) = r.images.finish();
    timer.note(&format!(
        "  images: {} used, {} variants resized, {} from the cache, {} unchanged since the last rebuild",
        image_counts.images, image_counts.encoded, image_counts.cached, image_counts.remembered
    ));
    if image_problems.iter().any(Diagnostic::is_error) {
        r.failed.store(true, Ordering::Relaxed);
    }
    r.diags
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .extend(image_problems);
    let stats = RenderStats {
        pages: r.pages.load(Ordering::Relaxed),
        files: r.files.load(Ordering::Relaxed) + image_counts.files,
    };
    let rendered = r.rendered.load(Ordering::Relaxed) + image_counts.encoded + image_counts.cached;
    diags.extend(r.diags.into_inner().unwrap_or_else(|e| e.into_inner()));
    // Errors that did not stop the render (an image that cannot be shown is
    // reported at every page using it) still fail it.
    let failed = r.failed.load(Ordering::Relaxed) || diags.has_errors();
    if let Some(memo) = memo
        && !failed
    {
        *memo = r.next.into_inner().unwrap_or_else(|e| e.into_inner());
        memo.images = image_memory.unwrap_or_default();
        memo.rendered = rendered;
    }
    (!failed).then_some(stats)
}

/// Prepares every cover in `content/` (each once, in parallel) and reports
/// those that cannot be shown at the `image:` of each page using them.
fn prepare_covers(site: &Site, images: &Images, diags: &mut Diagnostics) {
    let mut files: Vec<&str> = site
        .pages
        .iter()
        .filter_map(|p| p.cover.as_ref()?.file.as_deref())
        .collect();
    files.sort_unstable();
    files.dedup();
    files.par_iter().for_each(|f| {
        images.get(f);
    });
    for p in &site.pages {
        let Some(cover) = &p.cover else {
            continue;
        };
        if let Some(Err(why)) = pictures::cover_outcome(images, cover) {
            let (line, column, text) = &cover.at;
            let mut d = bad_image(
                &p.file,
                *line,
                *column,
                &format!("this cover image cannot be shown: {why}"),
            );
            d.source_line = Some(text.clone());
            diags.push(d);
        }
    }
}

/// An image that exists but cannot be shown: an error at the page's reference to it.
fn bad_image(file: &str, line: usize, column: usize, message: &str) -> Diagnostic {
    Diagnostic::error(file, line, column, message)
        .with_code("bad-image")
        .with_hint("open the image and save it again as JPEG (or PNG), or replace the file")
}

/// An image as prepared, hashed: what pages showing it depend on.
fn outcome_print(outcome: &Outcome) -> u64 {
    Fingerprint::new().add(outcome).finish()
}

/// Everything every page depends on, hashed: site.yaml, the theme, the
/// per-language `site` and `t` values, sections, tags, regions, years, and
/// the URL, file and translation group of every page (links in any body may
/// lead to any page). When it changes, every page is rendered again.
fn epoch_of(site: &Site, langs: &[(Value, Value)], statics: &[(String, Vec<u8>)]) -> u64 {
    let mut f = Fingerprint::new();
    f.add(&site.config);
    for t in &site.theme.templates {
        f.add_str(&t.name).add_str(&t.text);
    }
    for (rel, bytes) in statics {
        f.add_str(rel).add_hash(bytes.as_slice());
    }
    f.add(&site.theme.locales);
    f.add(&langs);
    for s in &site.sections {
        f.add(&(&s.folder, &s.origin, &s.sort, s.page_size));
        for l in &s.langs {
            f.add(&(&l.title, &l.slug, &l.path));
        }
    }
    for t in &site.tags {
        f.add_hash(&(t.lang, &t.name, &t.slug, &t.translations));
    }
    // The tree's regions and roots, not its lookup map (whose Debug order varies).
    f.add(&site.tags_by_name)
        .add(&site.regions.regions)
        .add(&site.regions.roots)
        .add(&site.menu);
    for years in &site.years {
        f.add(&years.iter().map(|y| y.year).collect::<Vec<_>>());
    }
    for p in &site.pages {
        f.add_hash(&(&p.file, &p.path, p.lang, p.group, &p.kind, &p.aliases));
    }
    for t in &site.teams {
        f.add_str(t.id());
    }
    for a in &site.assets {
        f.add_str(&a.rel);
    }
    f.finish()
}

fn list_jobs(site: &Site) -> Vec<ListJob> {
    let mut lists = vec![ListJob::NotFound];
    for lang in 0..site.config.languages.len() {
        lists.extend([
            ListJob::Home(lang),
            ListJob::TagsIndex(lang),
            ListJob::Archive(lang),
            ListJob::Search(lang),
            ListJob::TeamsIndex(lang),
            ListJob::RegionsIndex(lang),
            ListJob::Statistics(lang),
        ]);
        lists.extend((0..site.teams.len()).map(|t| ListJob::Team(t, lang)));
        lists.extend((0..site.regions.regions.len()).map(|r| ListJob::Region(r, lang)));
        for sid in 0..site.sections.len() {
            lists.extend((1..=site.pager_count(sid, lang)).map(|n| ListJob::Section(sid, lang, n)));
        }
        for (i, y) in site.years[lang].iter().enumerate() {
            lists.extend(
                (1..=pager_len(y.pages.len(), site.config.page_size))
                    .map(|n| ListJob::Year(lang, i, n)),
            );
        }
    }
    for tid in 0..site.tags.len() {
        lists.extend((1..=site.tag_pager_count(tid)).map(|n| ListJob::Tag(tid, n)));
    }
    lists
}

/// A page listing articles (section, tag, year), page `n` of `total`.
struct ListPage<'a> {
    lang: LangId,
    kind: &'static str,
    template: &'static str,
    /// Output path of page 1.
    base: String,
    n: usize,
    title: String,
    ids: &'a [PageId],
    page_size: usize,
    alternates: Vec<Alternate<'a>>,
    /// Output path of its feed, if it has one.
    feed: Option<String>,
    /// What the list is of, as the template's `list` value.
    info: tera::Map,
    active_section: Option<&'a str>,
}

impl Renderer<'_> {
    fn remembering(&self) -> bool {
        self.previous.is_some()
    }

    /// Whether the output at `path` can keep its bytes from the last build:
    /// its fingerprint (`None` when not remembering) is what it was. Either
    /// way the fingerprint is remembered for the next build, and a kept
    /// output is counted and handed to [`Sink::keep`].
    fn unchanged(&self, path: &str, print: Option<u64>) -> bool {
        let Some(print) = print else {
            return false;
        };
        let print = print ^ self.epoch;
        if let Ok(mut next) = self.next.lock() {
            next.outputs.insert(path.to_owned(), print);
        }
        let same = self
            .previous
            .as_ref()
            .and_then(|m| m.outputs.get(path))
            .is_some_and(|p| *p == print);
        if same {
            self.sink.keep(path);
            self.files.fetch_add(1, Ordering::Relaxed);
            if path.ends_with(".html") {
                self.pages.fetch_add(1, Ordering::Relaxed);
            }
        }
        same
    }

    /// A fingerprint for a job (`None` when not remembering): `parts` plus
    /// the cards of the pages it lists.
    fn print(&self, parts: &dyn std::fmt::Debug, ids: &[PageId]) -> Option<u64> {
        if !self.remembering() {
            return None;
        }
        let mut f = Fingerprint::new();
        f.add(parts);
        for id in ids {
            f.add_u64(*id as u64).add_u64(self.card_prints[*id]);
        }
        Some(f.finish())
    }

    fn asset_unchanged(&self, a: &crate::load::Asset) -> bool {
        let Some(previous) = &self.previous else {
            return false;
        };
        let Ok(meta) = std::fs::metadata(&a.path) else {
            return false;
        };
        let stamp = (meta.modified().unwrap_or(std::time::UNIX_EPOCH), meta.len());
        if let Ok(mut next) = self.next.lock() {
            next.assets.insert(a.rel.clone(), stamp);
        }
        previous.assets.get(&a.rel) == Some(&stamp)
    }

    /// A language's search index, unless no page's entry changed.
    fn search_index(&self, lang: LangId, docs: Vec<Arc<search::Words>>) {
        let site = self.site;
        let print = self.remembering().then(|| {
            let mut f = Fingerprint::new();
            for d in &docs {
                f.add_u64(d.print());
            }
            f.finish()
        });
        if let (Some(print), Some(previous)) = (print, &self.previous)
            && let Some((p, files)) = previous.search.get(&lang)
            && *p == print
        {
            for file in files {
                self.sink.keep(file);
            }
            self.files.fetch_add(files.len(), Ordering::Relaxed);
            if let Ok(mut next) = self.next.lock() {
                next.search.insert(lang, (print, files.clone()));
            }
            return;
        }
        let files = search::index_files(site, lang, docs);
        let paths: Vec<String> = files.iter().map(|(path, _)| path.clone()).collect();
        for (path, bytes) in files {
            self.write(&path, &bytes, false);
        }
        if let (Some(print), Ok(mut next)) = (print, self.next.lock()) {
            next.search.insert(lang, (print, paths));
        }
    }

    fn fail(&self, d: Diagnostic) {
        self.failed.store(true, Ordering::Relaxed);
        self.push(d);
    }

    fn push(&self, d: Diagnostic) {
        if let Ok(mut all) = self.diags.lock() {
            // One broken template would otherwise repeat its error on every page.
            if !all.iter().any(|x| x == &d) {
                all.push(d);
            }
        }
    }

    fn write(&self, rel: &str, bytes: &[u8], is_page: bool) {
        if self.failed.load(Ordering::Relaxed) {
            return;
        }
        match self.sink.write(rel, bytes) {
            Ok(()) => {
                self.files.fetch_add(1, Ordering::Relaxed);
                if is_page {
                    self.pages.fetch_add(1, Ordering::Relaxed);
                }
            }
            Err(e) => self.fail(
                Diagnostic::error(rel, 1, 1, format!("cannot write this output file: {e}"))
                    .with_code("write"),
            ),
        }
    }

    /// The variables every page has.
    fn base_context(
        &self,
        lang: LangId,
        kind: &str,
        path: &str,
        title: &str,
        description: &str,
        alternates: &[Alternate],
    ) -> Context {
        let site = self.site;
        let mut ctx = Context::new();
        ctx.insert("lang", site.lang_code(lang));
        ctx.insert_value("site", self.langs[lang].0.clone());
        ctx.insert_value("t", self.langs[lang].1.clone());
        ctx.insert("page_kind", kind);
        ctx.insert("url", &site.href(path));
        ctx.insert("canonical", &site.permalink(path));
        ctx.insert("title", title);
        ctx.insert("description", description);
        ctx.insert("alternates", alternates);
        ctx.insert("feed", &None::<String>);
        ctx.insert("active_section", &None::<&str>);
        ctx
    }

    fn emit(&self, template: &str, ctx: &Context, file: &str) {
        if self.failed.load(Ordering::Relaxed) {
            return;
        }
        match self.templates.render(template, ctx) {
            Ok(html) => {
                self.rendered.fetch_add(1, Ordering::Relaxed);
                self.write(file, &html, true);
            }
            Err(d) => self.fail(d),
        }
        if let Some(p) = self.progress {
            p.step();
        }
    }

    /// What lists show of a page.
    fn card(&self, id: PageId) -> &Value {
        self.cards[id].get_or_init(|| context::card(self.site, &self.images, &self.site.pages[id]))
    }

    /// Cards of some pages, as a list value.
    fn cards(&self, ids: impl IntoIterator<Item = PageId>) -> Value {
        Value::from(
            ids.into_iter()
                .map(|id| self.card(id).clone())
                .collect::<Vec<_>>(),
        )
    }

    /// An article or a standalone page.
    fn page(&self, page: &Page, body: &str) {
        if self.failed.load(Ordering::Relaxed) {
            return;
        }
        let site = self.site;
        let rendered = self.page_body(page, body);
        for d in &rendered.problems {
            self.push(d.clone());
        }
        if !rendered.anchors.is_empty()
            && let Ok(mut all) = self.anchors.lock()
        {
            all.extend(rendered.anchors.iter().cloned());
        }
        if let Ok(mut ids) = self.ids.lock() {
            ids[page.id] = rendered.ids.clone();
        }
        // What a search result shows of the page.
        if let Some(path) = self.search.detail_file(site, page.id, &rendered.search) {
            let print = self.remembering().then(|| rendered.search.words.print());
            if !self.unchanged(&path, print) {
                self.write(&path, rendered.search.detail.as_bytes(), false);
            }
        }

        let file = format!("{}index.html", page.path);
        let print = self.remembering().then(|| {
            let mut f = Fingerprint::new();
            f.add_hash(page)
                .add_str(body)
                .add_u64(self.card_prints[page.id])
                .add_hash(&rendered.images);
            for id in page.newer.iter().chain(&page.older).chain(&page.related) {
                f.add_u64(self.card_prints[*id]);
            }
            for t in &page.teams {
                f.add_u64(self.team_prints[*t]);
            }
            f.finish()
        });
        if self.unchanged(&file, print) {
            return;
        }
        let alternates = context::alternates(site, page.lang, &|l| {
            site.translation(page.group, l).map(|t| t.path.clone())
        });
        let (kind, template, section) = match page.kind {
            PageKind::Article(sid) => (
                "article",
                "article.html",
                Some(site.sections[sid].folder.as_str()),
            ),
            PageKind::Standalone => ("page", "page.html", None),
        };
        let mut ctx = self.base_context(
            page.lang,
            kind,
            &page.path,
            &page.title,
            &page.summary,
            &alternates,
        );
        ctx.insert_value("page", self.card(page.id).clone());
        ctx.insert_value("content", Value::safe_string(&rendered.html));
        ctx.insert(
            "toc",
            &rendered
                .headings
                .iter()
                .map(|h| HeadingValue {
                    level: h.level,
                    id: &h.id,
                    text: &h.text,
                })
                .collect::<Vec<_>>(),
        );
        ctx.insert(
            "translations",
            &alternates
                .iter()
                .filter(|a| a.translated && !a.current)
                .collect::<Vec<_>>(),
        );
        ctx.insert("active_section", &section);
        ctx.insert_value("newer", self.cards(page.newer.iter().copied()));
        ctx.insert_value("older", self.cards(page.older.iter().copied()));
        ctx.insert_value("related", self.cards(page.related.iter().copied()));
        let teams: Vec<figure_pages::TeamCard> = page
            .teams
            .iter()
            .map(|t| figure_pages::team_card(site, *t, page.lang))
            .collect();
        ctx.insert("teams", &teams);
        if let PageKind::Article(sid) = page.kind {
            ctx.insert(
                "feed",
                &Some(site.href(&Site::feed_path(&site.sections[sid].langs[page.lang].path))),
            );
        }
        self.emit(template, &ctx, &file);
    }

    /// A page's body rendered, from the memo when neither the body nor what
    /// its HTML and search tokens depend on changed.
    fn page_body(&self, page: &Page, body: &str) -> Arc<PageRender> {
        let site = self.site;
        let key = self.remembering().then(|| {
            Fingerprint::new()
                .add_u64(self.epoch)
                .add_str(body)
                .add_hash(&(
                    &page.title,
                    &page.summary,
                    &page.tags,
                    page.body_line,
                    page.id,
                    // What its search entry shows besides the body.
                    (&page.date, page.summary_written, page.kind),
                ))
                .finish()
        });
        if let (Some(key), Some(previous)) = (key, &self.previous)
            && let Some((k, cached)) = previous.pages.get(&page.file)
            && *k == key
            // The body's photos are the same (this also keeps their variants).
            && cached
                .images
                .iter()
                .all(|(rel, print)| self.images.get(rel).map_or(0, outcome_print) == *print)
        {
            if let Ok(mut next) = self.next.lock() {
                next.pages.insert(page.file.clone(), (key, cached.clone()));
            }
            return cached.clone();
        }
        let locale = &site.theme.locales[page.lang];
        let labels = Labels {
            task_done: locale.string("task_done"),
            task_todo: locale.string("task_todo"),
            footnotes: locale.string("footnotes"),
            back_to_text: locale.string("back_to_text"),
            table: locale.string("table"),
        };
        let settings = markdown::Settings {
            raw_html: site.config.markdown.raw_html,
            smart_punctuation: site.config.markdown.smart_punctuation,
        };
        let resolver = links::PageLinks::new(site, page, &self.images);
        let rendered = markdown::render(body, settings, &resolver, &labels);
        let problems = rendered
            .problems
            .iter()
            .map(|p| {
                let (line, column, text) = body_position(body, p.offset, page.body_line);
                let mut d = match p.kind {
                    ProblemKind::Link => {
                        Diagnostic::warning(&page.file, line, column, &p.message).with_code("link")
                    }
                    ProblemKind::MissingImage => {
                        Diagnostic::warning(&page.file, line, column, &p.message).with_code("image")
                    }
                    ProblemKind::BrokenImage => bad_image(&page.file, line, column, &p.message),
                };
                d.source_line = Some(text);
                d
            })
            .collect();
        let mut used = resolver.used.take();
        used.sort_unstable();
        used.dedup();
        let images = if self.remembering() {
            used.into_iter()
                .map(|rel| {
                    let print = self.images.get(&rel).map_or(0, outcome_print);
                    (rel, print)
                })
                .collect()
        } else {
            Vec::new()
        };
        let anchors = rendered
            .anchored_links
            .iter()
            .filter_map(|(offset, dest)| {
                let (target, fragment) = resolver.anchor_target(dest)?;
                let (line, column, text) = body_position(body, *offset, page.body_line);
                Some(AnchorRef {
                    page: page.id,
                    line,
                    column,
                    text,
                    dest: dest.clone(),
                    target,
                    fragment,
                })
            })
            .collect();
        let search = search::analyze(&search::page_entry(site, page.id, &rendered.text));
        let result = Arc::new(PageRender {
            html: rendered.html,
            headings: rendered.headings,
            ids: rendered.ids,
            search,
            problems,
            anchors,
            images,
        });
        if let (Some(key), Ok(mut next)) = (key, self.next.lock()) {
            next.pages.insert(page.file.clone(), (key, result.clone()));
            next.bodies_read += 1;
        }
        result
    }

    /// The fingerprint of a page that sums up the whole site (home, indexes,
    /// statistics): what it shows of the model, as cheap hashes.
    fn summary_print(&self, job: ListJob) -> Option<u64> {
        if !self.remembering() {
            return None;
        }
        let site = self.site;
        let stats = &site.stats;
        let tag_counts = |lang: LangId| -> Vec<usize> {
            site.tags_by_name[lang]
                .iter()
                .map(|t| site.tags[*t].pages.len())
                .collect()
        };
        match job {
            ListJob::Home(lang) => {
                // Cards carry `featured` and the cover; which articles each
                // section shows first depends on its order.
                let per_section: Vec<&[PageId]> = site
                    .sections
                    .iter()
                    .map(|s| {
                        &s.langs[lang].pages[..s.langs[lang].pages.len().min(HOME_PER_SECTION)]
                    })
                    .collect();
                self.print(
                    &(
                        "home",
                        lang,
                        tag_counts(lang),
                        &stats.site_totals,
                        per_section,
                    ),
                    &site.articles[lang],
                )
            }
            ListJob::TagsIndex(lang) => self.print(&("tags", lang, tag_counts(lang)), &[]),
            ListJob::Archive(lang) => {
                let years: Vec<(i16, usize)> = site.years[lang]
                    .iter()
                    .map(|y| (y.year, y.pages.len()))
                    .collect();
                self.print(&("archive", lang, years), &[])
            }
            ListJob::Search(lang) => self.print(&("search", lang), &[]),
            ListJob::NotFound => {
                let latest = &site.articles[0][..site.articles[0].len().min(HOME_PER_SECTION)];
                self.print(&"404", latest)
            }
            ListJob::TeamsIndex(lang) => {
                self.print(&("teams", lang, &self.team_prints, &stats.site_totals), &[])
            }
            ListJob::RegionsIndex(lang) => {
                self.print(&("regions", lang, &stats.region_totals), &[])
            }
            ListJob::Statistics(lang) => self.print(&("statistics", lang, stats), &[]),
            _ => None,
        }
    }

    /// Output path of a page that sums up the whole site.
    fn summary_path(&self, job: ListJob) -> Option<String> {
        let site = self.site;
        let dir = match job {
            ListJob::Home(lang) => site.home_path(lang).to_owned(),
            ListJob::TagsIndex(lang) => site.tags_index_path(lang),
            ListJob::Archive(lang) => site.archive_index_path(lang),
            ListJob::Search(lang) => site.search_path(lang),
            ListJob::NotFound => return Some("404.html".to_owned()),
            ListJob::TeamsIndex(lang) => site.teams_index_path(lang),
            ListJob::RegionsIndex(lang) => site.regions_index_path(lang),
            ListJob::Statistics(lang) => site.statistics_path(lang),
            _ => return None,
        };
        Some(format!("{dir}index.html"))
    }

    fn list(&self, job: ListJob) {
        let site = self.site;
        if let Some(path) = self.summary_path(job)
            && self.unchanged(&path, self.summary_print(job))
        {
            return;
        }
        match job {
            ListJob::Home(lang) => self.home(lang),
            ListJob::TeamsIndex(lang) => self.teams_index(lang),
            ListJob::Team(team, lang) => self.team(team, lang),
            ListJob::RegionsIndex(lang) => self.regions_index(lang),
            ListJob::Region(region, lang) => self.region(region, lang),
            ListJob::Statistics(lang) => self.statistics(lang),
            ListJob::Section(sid, lang, n) => {
                let section = &site.sections[sid];
                let s = &section.langs[lang];
                let mut info = tera::Map::new();
                info.insert("title".into(), Value::from(s.title.as_str()));
                info.insert("url".into(), Value::from(site.href(&s.path)));
                info.insert("folder".into(), Value::from(section.folder.as_str()));
                info.insert("count".into(), Value::from(s.pages.len()));
                self.list_page(ListPage {
                    lang,
                    kind: "section",
                    template: "section.html",
                    base: s.path.clone(),
                    n,
                    title: s.title.clone(),
                    ids: &s.pages,
                    page_size: section.page_size,
                    alternates: context::alternates(site, lang, &|l| {
                        Some(section.langs[l].path.clone())
                    }),
                    feed: Some(Site::feed_path(&s.path)),
                    info,
                    active_section: Some(section.folder.as_str()),
                });
            }
            ListJob::Tag(tid, n) => {
                let t = &site.tags[tid];
                let mut info = tera::Map::new();
                info.insert("title".into(), Value::from(t.name.as_str()));
                info.insert("url".into(), Value::from(site.href(&site.tag_path(tid, 1))));
                info.insert("count".into(), Value::from(t.pages.len()));
                info.insert(
                    "index_url".into(),
                    Value::from(site.href(&site.tags_index_path(t.lang))),
                );
                // The switch leads to the counterpart from tags.yaml, else that language's tag index.
                let alternates = context::alternates(site, t.lang, &|l| {
                    t.translations[l].map(|o| site.tag_path(o, 1))
                });
                let alternates =
                    alternates_or_index(site, alternates, &|l| site.tags_index_path(l));
                self.list_page(ListPage {
                    lang: t.lang,
                    kind: "tag",
                    template: "tag.html",
                    base: site.tag_path(tid, 1),
                    n,
                    title: t.name.clone(),
                    ids: &t.pages,
                    page_size: site.config.page_size,
                    alternates,
                    feed: Some(Site::feed_path(&site.tag_path(tid, 1))),
                    info,
                    active_section: None,
                });
            }
            ListJob::Year(lang, index, n) => {
                let y = &site.years[lang][index];
                let title = format!(
                    "{} {}",
                    site.theme.locales[lang].string("archive_of"),
                    y.year
                );
                let mut info = tera::Map::new();
                info.insert("title".into(), Value::from(title.as_str()));
                info.insert("year".into(), Value::from(i64::from(y.year)));
                info.insert("count".into(), Value::from(y.pages.len()));
                info.insert(
                    "index_url".into(),
                    Value::from(site.href(&site.archive_index_path(lang))),
                );
                let in_lang = |l: LangId| {
                    site.years[l]
                        .iter()
                        .any(|o| o.year == y.year)
                        .then(|| site.year_path(l, y.year, 1))
                };
                let alternates =
                    alternates_or_index(site, context::alternates(site, lang, &in_lang), &|l| {
                        site.archive_index_path(l)
                    });
                self.list_page(ListPage {
                    lang,
                    kind: "year",
                    template: "year.html",
                    base: site.year_path(lang, y.year, 1),
                    n,
                    title,
                    ids: &y.pages,
                    page_size: site.config.page_size,
                    alternates,
                    feed: None,
                    info,
                    active_section: None,
                });
            }
            ListJob::TagsIndex(lang) => {
                let path = site.tags_index_path(lang);
                let alternates =
                    context::alternates(site, lang, &|l| Some(site.tags_index_path(l)));
                let title = site.theme.locales[lang].string("all_tags");
                let mut ctx = self.base_context(lang, "tags", &path, title, "", &alternates);
                let tags: Vec<context::TagValue> = site.tags_by_name[lang]
                    .iter()
                    .map(|t| context::tag_value(site, *t))
                    .collect();
                ctx.insert("tags", &tags);
                self.emit("tags.html", &ctx, &format!("{path}index.html"));
            }
            ListJob::Archive(lang) => {
                let path = site.archive_index_path(lang);
                let alternates =
                    context::alternates(site, lang, &|l| Some(site.archive_index_path(l)));
                let title = site.theme.locales[lang].string("archive");
                let mut ctx = self.base_context(lang, "archive", &path, title, "", &alternates);
                let years: Vec<YearValue> = site.years[lang]
                    .iter()
                    .map(|y| YearValue {
                        year: y.year,
                        url: site.href(&site.year_path(lang, y.year, 1)),
                        count: y.pages.len(),
                    })
                    .collect();
                ctx.insert("years", &years);
                self.emit("archive.html", &ctx, &format!("{path}index.html"));
            }
            ListJob::Search(lang) => {
                let path = site.search_path(lang);
                let alternates = context::alternates(site, lang, &|l| Some(site.search_path(l)));
                let title = site.theme.locales[lang].string("search");
                let mut ctx = self.base_context(lang, "search", &path, title, "", &alternates);
                ctx.insert(
                    "search_index_url",
                    &site.href(&site.search_index_file(lang)),
                );
                self.emit("search.html", &ctx, &format!("{path}index.html"));
            }
            ListJob::NotFound => {
                let lang = 0;
                let alternates =
                    context::alternates(site, lang, &|l| Some(site.home_path(l).to_owned()));
                let title = site.theme.locales[lang].string("not_found");
                let mut ctx =
                    self.base_context(lang, "not_found", "404.html", title, "", &alternates);
                ctx.insert_value(
                    "latest",
                    self.cards(site.articles[lang].iter().copied().take(HOME_PER_SECTION)),
                );
                self.emit("404.html", &ctx, "404.html");
            }
        }
    }

    fn list_page(&self, l: ListPage) {
        let site = self.site;
        let total = pager_len(l.ids.len(), l.page_size);
        let path = site.paged(&l.base, l.lang, l.n);
        let shown = page_slice(l.ids, l.n, l.page_size);
        let print = self.print(
            &(l.kind, &l.base, l.n, total, &l.title, &l.info, &l.feed),
            shown,
        );
        if self.unchanged(&format!("{path}index.html"), print) {
            return;
        }
        let locale = &site.theme.locales[l.lang];
        let title = if l.n > 1 {
            format!(
                "{} – {}",
                l.title,
                locale
                    .string("page_of")
                    .replace("{n}", &l.n.to_string())
                    .replace("{total}", &total.to_string())
            )
        } else {
            l.title.clone()
        };
        let alternates = if l.n > 1 {
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
        let mut ctx = self.base_context(l.lang, l.kind, &path, &title, "", &alternates);
        ctx.insert_value("pages", self.cards(shown.iter().copied()));
        ctx.insert(
            "pager",
            &pager(site, l.n, total, &|k| site.paged(&l.base, l.lang, k)),
        );
        ctx.insert_value("list", Value::from(l.info.clone()));
        // Sections keep their own name for existing themes.
        if l.kind == "section" {
            ctx.insert_value("section", Value::from(l.info));
        }
        ctx.insert("feed", &l.feed.as_ref().map(|f| site.href(f)));
        ctx.insert("active_section", &l.active_section);
        self.emit(l.template, &ctx, &format!("{path}index.html"));
    }

    fn home(&self, lang: LangId) {
        let site = self.site;
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
        let sections: Vec<Value> = site
            .menu
            .iter()
            .filter_map(|m| match m {
                MenuEntry::Section(sid) => Some(*sid),
                MenuEntry::Page(_) | MenuEntry::Link { .. } => None,
            })
            .map(|sid| {
                let s = &site.sections[sid].langs[lang];
                let mut map = tera::Map::new();
                map.insert("title".into(), Value::from(s.title.as_str()));
                map.insert("url".into(), Value::from(site.href(&s.path)));
                map.insert(
                    "folder".into(),
                    Value::from(site.sections[sid].folder.as_str()),
                );
                map.insert(
                    "pages".into(),
                    self.cards(s.pages.iter().copied().take(HOME_PER_SECTION)),
                );
                Value::from(map)
            })
            .collect();
        // The most used tags, then alphabetically.
        let mut popular: Vec<TagId> = site.tags_by_name[lang].clone();
        popular.sort_by(|a, b| site.tags[*b].pages.len().cmp(&site.tags[*a].pages.len()));
        popular.truncate(HOME_TAGS);
        let popular: Vec<context::TagValue> = popular
            .into_iter()
            .map(|t| context::tag_value(site, t))
            .collect();

        let path = site.home_path(lang);
        let alternates = context::alternates(site, lang, &|l| Some(site.home_path(l).to_owned()));
        let config = &site.config;
        let code = site.lang_code(lang);
        let title = config.text(&config.title, code);
        let tagline = config.tagline.as_ref().map_or("", |t| config.text(t, code));
        let mut ctx = self.base_context(lang, "home", path, title, tagline, &alternates);
        ctx.insert_value("featured", self.cards(featured.iter().copied()));
        ctx.insert_value("latest", self.cards(latest));
        ctx.insert_value("photos", self.cards(photos));
        ctx.insert_value("sections", Value::from(sections));
        ctx.insert("popular_tags", &popular);
        ctx.insert("counters", &figure_pages::site_totals(site, lang));
        ctx.insert("feed", &Some(site.href(&Site::feed_path(path))));
        self.emit("index.html", &ctx, &format!("{path}index.html"));
    }

    /// Warnings for links to `#fragments` that are not on their target page.
    fn check_anchors(&self) {
        let site = self.site;
        let ids = std::mem::take(&mut *self.ids.lock().unwrap_or_else(|e| e.into_inner()));
        let anchors = std::mem::take(&mut *self.anchors.lock().unwrap_or_else(|e| e.into_inner()));
        for a in anchors {
            let fragment = crate::model::url::decode_percent(&a.fragment);
            if fragment.is_empty()
                || PAGE_IDS.contains(&fragment.as_str())
                || ids[a.target].contains(&fragment)
            {
                continue;
            }
            let target = &site.pages[a.target];
            let mut d = Diagnostic::warning(
                &site.pages[a.page].file,
                a.line,
                a.column,
                format!(
                    "the link `{}` points to #{fragment}, which is not on that page ({})",
                    a.dest, target.file
                ),
            )
            .with_code("anchor");
            d.source_line = Some(a.text);
            let headings: Vec<&str> = ids[a.target]
                .iter()
                .map(String::as_str)
                .filter(|i| !i.starts_with("fn"))
                .collect();
            d.hint = Some(
                match crate::diag::closest(&fragment, headings.iter().copied()) {
                    Some(b) => format!("did you mean `#{b}`?"),
                    None if headings.is_empty() => {
                        "that page has no headings to link to".to_owned()
                    }
                    None => format!(
                        "its headings: {}",
                        headings
                            .iter()
                            .map(|h| format!("#{h}"))
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                },
            );
            self.push(d);
        }
    }

    fn teams_index(&self, lang: LangId) {
        let site = self.site;
        let path = site.teams_index_path(lang);
        let alternates = context::alternates(site, lang, &|l| Some(site.teams_index_path(l)));
        let title = site.theme.locales[lang].string("teams");
        let mut ctx = self.base_context(lang, "teams", &path, title, "", &alternates);
        // Grouped by top-level region, teams by name in each.
        let groups: Vec<TeamGroup> = site
            .regions
            .roots
            .iter()
            .map(|&root| TeamGroup {
                region: figure_pages::Link {
                    name: site.region_name(root, lang).to_owned(),
                    url: site.href(&site.region_path(root, lang)),
                },
                teams: self.region_teams[root]
                    .iter()
                    .map(|&t| figure_pages::team_card(site, t, lang))
                    .collect(),
            })
            .filter(|g| !g.teams.is_empty())
            .collect();
        ctx.insert("groups", &groups);
        ctx.insert("counters", &figure_pages::site_totals(site, lang));
        self.emit("teams.html", &ctx, &format!("{path}index.html"));
    }

    fn team(&self, team: usize, lang: LangId) {
        let site = self.site;
        let t = &site.teams[team];
        let print = self.print(&(team, lang, self.team_prints.get(team)), &t.pages[lang]);
        if self.unchanged(&format!("{}index.html", site.team_path(team, lang)), print) {
            return;
        }
        let config = &site.config;
        let code = site.lang_code(lang);
        let locale = &site.theme.locales[lang];
        let name = config.text(&t.source.name, code).to_owned();
        let path = site.team_path(team, lang);
        let alternates = context::alternates(site, lang, &|l| Some(site.team_path(team, l)));
        let card = figure_pages::team_card(site, team, lang);
        let mut ctx = self.base_context(
            lang,
            "team",
            &path,
            &name,
            card.model.as_deref().unwrap_or(""),
            &alternates,
        );
        let table = figure_pages::team_table(site, team, lang);
        let charts = figure_pages::charts(site, lang, &format!("team-{}", t.id()), &name, &table);
        let tags: Vec<TagLink> = t
            .source
            .tags
            .iter()
            .map(|name| {
                // A team's tags are written in the default language; show the paired tag elsewhere.
                let tag = site
                    .tags
                    .iter()
                    .position(|g| g.lang == 0 && g.name.to_lowercase() == name.to_lowercase())
                    .and_then(|id| site.tags[id].translations[lang]);
                match tag {
                    Some(id) => TagLink {
                        name: site.tags[id].name.clone(),
                        url: Some(site.href(&site.tag_path(id, 1))),
                    },
                    None => TagLink {
                        name: name.clone(),
                        url: None,
                    },
                }
            })
            .collect();
        let profile = TeamProfile {
            name: &name,
            trail: figure_pages::region_trail(site, t.region, lang),
            established: t
                .source
                .established
                .and_then(|d| d.to_zoned(config.timezone.clone()).ok())
                .map(|z| locale.date_short(&z)),
            members: t
                .source
                .members
                .map(|m| locale.number(crate::number::Decimal::from_int(m.into()), 0)),
            leader: t
                .source
                .leader
                .as_ref()
                .map(|l| config.text(l, code).to_owned()),
            model: card.model.clone(),
            tags,
            sources: t
                .source
                .sources
                .iter()
                .map(|(y, s)| (*y, config.text(s, code).to_owned()))
                .collect(),
        };
        ctx.insert("team", &profile);
        ctx.insert("card", &card);
        ctx.insert("figures", &table);
        ctx.insert("charts", &charts);
        ctx.insert_value("articles", self.cards(t.pages[lang].iter().copied()));
        self.emit("team.html", &ctx, &format!("{path}index.html"));
    }

    fn regions_index(&self, lang: LangId) {
        let site = self.site;
        let path = site.regions_index_path(lang);
        let alternates = context::alternates(site, lang, &|l| Some(site.regions_index_path(l)));
        let title = site.theme.locales[lang].string("regions");
        let mut ctx = self.base_context(lang, "regions", &path, title, "", &alternates);
        let regions: Vec<RegionEntry> = site
            .regions
            .roots
            .iter()
            .map(|&r| self.region_entry(r, lang, true))
            .collect();
        ctx.insert("regions", &regions);
        self.emit("regions.html", &ctx, &format!("{path}index.html"));
    }

    /// A region as lists show it, with its sub-regions one level down when asked.
    fn region_entry(&self, region: usize, lang: LangId, with_children: bool) -> RegionEntry<'_> {
        let site = self.site;
        let r = &site.regions.regions[region];
        RegionEntry {
            name: site.region_name(region, lang).to_owned(),
            url: site.href(&site.region_path(region, lang)),
            totals: figure_pages::region_totals(site, region, lang),
            children: if with_children {
                r.children
                    .iter()
                    .map(|&c| self.region_entry(c, lang, false))
                    .collect()
            } else {
                Vec::new()
            },
        }
    }

    fn region(&self, region: usize, lang: LangId) {
        let site = self.site;
        let r = &site.regions.regions[region];
        let print = self.remembering().then(|| {
            let stats = &site.stats;
            let mut f = Fingerprint::new();
            f.add(&(
                region,
                lang,
                &stats.regions[region],
                &stats.region_totals[region],
            ));
            for &c in &r.children {
                f.add(&stats.region_totals[c]);
            }
            for &t in &self.region_teams[region] {
                f.add_u64(self.team_prints[t]);
            }
            let articles = &self.region_articles[lang][region];
            f.add_u64(self.print(&(), articles).unwrap_or_default());
            f.finish()
        });
        if self.unchanged(
            &format!("{}index.html", site.region_path(region, lang)),
            print,
        ) {
            return;
        }
        let locale = &site.theme.locales[lang];
        let name = site.region_name(region, lang).to_owned();
        let path = site.region_path(region, lang);
        let alternates = context::alternates(site, lang, &|l| Some(site.region_path(region, l)));
        let mut ctx = self.base_context(lang, "region", &path, &name, "", &alternates);
        let table = figure_pages::region_table(site, region, lang);
        let charts = figure_pages::charts(site, lang, "region", &name, &table);
        let level = match r.depth {
            1..=4 => locale.string(&format!("level_{}", r.depth)).to_owned(),
            _ => String::new(),
        };
        ctx.insert(
            "region",
            &RegionInfo {
                name: &name,
                level,
                trail: figure_pages::region_trail(site, region, lang),
                index_url: site.href(&site.regions_index_path(lang)),
            },
        );
        ctx.insert("totals", &figure_pages::region_totals(site, region, lang));
        ctx.insert("figures", &table);
        ctx.insert("charts", &charts);
        let children: Vec<RegionEntry> = r
            .children
            .iter()
            .map(|&c| self.region_entry(c, lang, false))
            .collect();
        ctx.insert("children", &children);
        let teams: Vec<figure_pages::TeamCard> = self.region_teams[region]
            .iter()
            .map(|&t| figure_pages::team_card(site, t, lang))
            .collect();
        ctx.insert("teams", &teams);
        ctx.insert_value(
            "articles",
            self.cards(self.region_articles[lang][region].iter().copied()),
        );
        self.emit("region.html", &ctx, &format!("{path}index.html"));
    }

    fn statistics(&self, lang: LangId) {
        let site = self.site;
        let path = site.statistics_path(lang);
        let alternates = context::alternates(site, lang, &|l| Some(site.statistics_path(l)));
        let title = site.theme.locales[lang].string("statistics");
        let mut ctx = self.base_context(lang, "statistics", &path, title, "", &alternates);
        ctx.insert("tables", &figure_pages::statistics(site, lang));
        ctx.insert("counters", &figure_pages::site_totals(site, lang));
        ctx.insert("csv_url", &site.href(&site.statistics_data_file("csv")));
        ctx.insert("json_url", &site.href(&site.statistics_data_file("json")));
        ctx.insert("regions_url", &site.href(&site.regions_index_path(lang)));
        self.emit("statistics.html", &ctx, &format!("{path}index.html"));
    }

    /// Feeds of every language, section and tag; the sitemap; robots.txt.
    fn feeds_and_sitemap(&self) {
        let site = self.site;
        let config = &site.config;
        let mut feeds: Vec<xml::Feed> = Vec::new();
        for (lang, l) in config.languages.iter().enumerate() {
            let site_title = config.text(&config.title, &l.code).to_owned();
            let description = config
                .tagline
                .as_ref()
                .map_or(site_title.clone(), |t| config.text(t, &l.code).to_owned());
            feeds.push(xml::Feed {
                lang,
                title: site_title.clone(),
                description: description.clone(),
                page_path: l.prefix.clone(),
                feed_path: Site::feed_path(&l.prefix),
                items: &site.articles[lang],
            });
            for s in &site.sections {
                let sl = &s.langs[lang];
                feeds.push(xml::Feed {
                    lang,
                    title: format!("{} – {site_title}", sl.title),
                    description: description.clone(),
                    page_path: sl.path.clone(),
                    feed_path: Site::feed_path(&sl.path),
                    items: &sl.by_date,
                });
            }
        }
        for (tid, t) in site.tags.iter().enumerate() {
            let code = site.lang_code(t.lang);
            let site_title = config.text(&config.title, code);
            feeds.push(xml::Feed {
                lang: t.lang,
                title: format!("{} – {site_title}", t.name),
                description: format!("{}: {}", site.theme.locales[t.lang].string("tags"), t.name),
                page_path: site.tag_path(tid, 1),
                feed_path: Site::feed_path(&site.tag_path(tid, 1)),
                items: &t.pages,
            });
        }
        feeds.par_iter().for_each(|f| {
            let print = self.remembering().then(|| {
                let mut print = Fingerprint::new();
                print.add(f);
                for &id in xml::feed_items(f) {
                    print
                        .add_hash(&xml::item_inputs(site, id))
                        .add_u64(self.cover_prints[id]);
                }
                print.finish()
            });
            if !self.unchanged(&f.feed_path, print) {
                self.write(&f.feed_path, &xml::rss(site, f, &self.cover_srcs), false);
            }
        });
        let urls = sitemap_urls(site);
        let print = self
            .remembering()
            .then(|| Fingerprint::new().add_hash(&urls).finish());
        // Every file of the sitemap is checked (and kept) on its own account.
        let kept: Vec<bool> = xml::sitemap_files(urls.len())
            .iter()
            .map(|file| self.unchanged(file, print))
            .collect();
        if !kept.iter().all(|k| *k) {
            for (i, (file, bytes)) in xml::sitemaps(site, &urls).into_iter().enumerate() {
                if !kept.get(i).copied().unwrap_or(false) {
                    self.write(&file, &bytes, false);
                }
            }
        }
        let robots = format!(
            "User-agent: *\nAllow: /\n\nSitemap: {}\n",
            site.permalink("sitemap.xml")
        );
        self.write("robots.txt", robots.as_bytes(), false);
    }

    /// A redirect page at every old URL listed in `aliases:`.
    fn aliases(&self) {
        let site = self.site;
        for p in &site.pages {
            for file in &p.aliases {
                let target = site.permalink(&p.path);
                let html = format!(
                    "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<link rel=\"canonical\" href=\"{url}\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={url}\">\n</head>\n<body>\n<p><a href=\"{url}\">{title}</a></p>\n</body>\n</html>\n",
                    lang = site.lang_code(p.lang),
                    title = escape_text(&p.title),
                    url = escape_attr(&target),
                );
                self.write(file, html.as_bytes(), false);
            }
        }
    }
}

/// Alternates where a missing counterpart leads to that language's index page.
fn alternates_or_index<'s>(
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

/// Every HTML page of the site with its last change and its translations.
fn sitemap_urls(site: &Site) -> Vec<xml::SitemapUrl> {
    let langs = site.config.languages.len();
    let codes: Vec<String> = (0..langs).map(|l| site.lang_code(l).to_owned()).collect();
    // The last change among some pages.
    let newest = |ids: &[PageId]| {
        ids.iter()
            .map(|id| site.pages[*id].last_modified())
            .max()
            .cloned()
    };
    let all_langs = |path_in: &dyn Fn(LangId) -> String| -> Vec<(String, String)> {
        if langs > 1 {
            (0..langs).map(|l| (codes[l].clone(), path_in(l))).collect()
        } else {
            Vec::new()
        }
    };
    let mut urls = Vec::new();
    for lang in 0..langs {
        urls.push(xml::SitemapUrl {
            path: site.home_path(lang).to_owned(),
            lastmod: newest(&site.articles[lang]),
            alternates: all_langs(&|l| site.home_path(l).to_owned()),
        });
        urls.push(xml::SitemapUrl {
            path: site.tags_index_path(lang),
            lastmod: None,
            alternates: all_langs(&|l| site.tags_index_path(l)),
        });
        urls.push(xml::SitemapUrl {
            path: site.archive_index_path(lang),
            lastmod: newest(&site.articles[lang]),
            alternates: all_langs(&|l| site.archive_index_path(l)),
        });
        urls.push(xml::SitemapUrl {
            path: site.search_path(lang),
            lastmod: None,
            alternates: all_langs(&|l| site.search_path(l)),
        });
        let figure_indexes: [&dyn Fn(LangId) -> String; 3] = [
            &|l| site.teams_index_path(l),
            &|l| site.regions_index_path(l),
            &|l| site.statistics_path(l),
        ];
        for path_of in figure_indexes {
            urls.push(xml::SitemapUrl {
                path: path_of(lang),
                lastmod: None,
                alternates: all_langs(path_of),
            });
        }
        for t in 0..site.teams.len() {
            urls.push(xml::SitemapUrl {
                path: site.team_path(t, lang),
                lastmod: newest(&site.teams[t].pages[lang]),
                alternates: all_langs(&|l| site.team_path(t, l)),
            });
        }
        for r in 0..site.regions.regions.len() {
            urls.push(xml::SitemapUrl {
                path: site.region_path(r, lang),
                lastmod: None,
                alternates: all_langs(&|l| site.region_path(r, l)),
            });
        }
        for (sid, s) in site.sections.iter().enumerate() {
            for n in 1..=site.pager_count(sid, lang) {
                urls.push(xml::SitemapUrl {
                    path: site.section_page_path(sid, lang, n),
                    lastmod: newest(page_slice(&s.langs[lang].pages, n, s.page_size)),
                    alternates: if n == 1 {
                        all_langs(&|l| s.langs[l].path.clone())
                    } else {
                        Vec::new()
                    },
                });
            }
        }
        for y in &site.years[lang] {
            let present: Vec<LangId> = (0..langs)
                .filter(|l| site.years[*l].iter().any(|o| o.year == y.year))
                .collect();
            for n in 1..=pager_len(y.pages.len(), site.config.page_size) {
                let alternates = if n == 1 && present.len() > 1 {
                    present
                        .iter()
                        .map(|l| (codes[*l].clone(), site.year_path(*l, y.year, 1)))
                        .collect()
                } else {
                    Vec::new()
                };
                urls.push(xml::SitemapUrl {
                    path: site.year_path(lang, y.year, n),
                    lastmod: newest(page_slice(&y.pages, n, site.config.page_size)),
                    alternates,
                });
            }
        }
    }
    for (tid, t) in site.tags.iter().enumerate() {
        let paired: Vec<(String, String)> = t
            .translations
            .iter()
            .enumerate()
            .filter_map(|(l, o)| o.map(|o| (codes[l].clone(), site.tag_path(o, 1))))
            .collect();
        for n in 1..=site.tag_pager_count(tid) {
            urls.push(xml::SitemapUrl {
                path: site.tag_path(tid, n),
                lastmod: newest(page_slice(&t.pages, n, site.config.page_size)),
                alternates: if n == 1 && paired.len() > 1 {
                    paired.clone()
                } else {
                    Vec::new()
                },
            });
        }
    }
    for p in &site.pages {
        let group = &site.groups[p.group];
        let alternates = if group.len() > 1 {
            group
                .iter()
                .map(|id| {
                    (
                        codes[site.pages[*id].lang].clone(),
                        site.pages[*id].path.clone(),
                    )
                })
                .collect()
        } else {
            Vec::new()
        };
        urls.push(xml::SitemapUrl {
            path: p.path.clone(),
            lastmod: Some(p.last_modified().clone()),
            alternates,
        });
    }
    urls
}

/// The items of list page `n` (1-based).
fn page_slice(ids: &[PageId], n: usize, size: usize) -> &[PageId] {
    let start = ((n - 1) * size).min(ids.len());
    &ids[start..(start + size).min(ids.len())]
}

/// Ids every page of the built-in theme has (`#top`, `#main`).
const PAGE_IDS: [&str; 2] = ["top", "main"];

#[derive(serde::Serialize)]
struct TeamGroup {
    region: figure_pages::Link,
    teams: Vec<figure_pages::TeamCard>,
}

#[derive(serde::Serialize)]
struct TagLink {
    name: String,
    url: Option<String>,
}

#[derive(serde::Serialize)]
struct TeamProfile<'a> {
    name: &'a str,
    trail: Vec<figure_pages::Link>,
    established: Option<String>,
    members: Option<String>,
    leader: Option<String>,
    model: Option<String>,
    tags: Vec<TagLink>,
    /// Year and where its figures come from.
    sources: Vec<(i32, String)>,
}

#[derive(serde::Serialize)]
struct RegionEntry<'a> {
    name: String,
    url: String,
    totals: Vec<figure_pages::TotalValue<'a>>,
    children: Vec<RegionEntry<'a>>,
}

#[derive(serde::Serialize)]
struct RegionInfo<'a> {
    name: &'a str,
    /// "Cấp tỉnh", "District"...
    level: String,
    trail: Vec<figure_pages::Link>,
    index_url: String,
}

#[derive(serde::Serialize)]
struct HeadingValue<'a> {
    level: u8,
    id: &'a str,
    text: &'a str,
}

#[derive(serde::Serialize)]
struct YearValue {
    year: i16,
    url: String,
    count: usize,
}

#[derive(serde::Serialize)]
struct PagerLink {
    n: usize,
    url: String,
    current: bool,
}

#[derive(serde::Serialize)]
struct Pager {
    current: usize,
    total: usize,
    first: String,
    last: String,
    previous: Option<String>,
    next: Option<String>,
    /// Page numbers to show: all of them up to 7, else the first, the last and
    /// two around the current one; a gap between two entries is a `…`.
    numbers: Vec<Option<PagerLink>>,
}

fn pager(site: &Site, current: usize, total: usize, path_of: &dyn Fn(usize) -> String) -> Pager {
    let url = |k: usize| site.href(&path_of(k));
    let shown: Vec<usize> = (1..=total)
        .filter(|k| total <= 7 || *k == 1 || *k == total || k.abs_diff(current) <= 2)
        .collect();
    let mut numbers = Vec::new();
    let mut last = 0;
    for k in shown {
        if k > last + 1 {
            numbers.push(None);
        }
        numbers.push(Some(PagerLink {
            n: k,
            url: url(k),
            current: k == current,
        }));
        last = k;
    }
    Pager {
        current,
        total,
        first: url(1),
        last: url(total),
        previous: (current > 1).then(|| url(current - 1)),
        next: (current < total).then(|| url(current + 1)),
        numbers,
    }
}

/// File line and column of a byte offset of a body that starts at `body_line`.
fn body_position(body: &str, offset: usize, body_line: usize) -> (usize, usize, String) {
    let offset = offset.min(body.len());
    let before = &body[..offset];
    let line = body_line + before.matches('\n').count();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = body[line_start..offset].chars().count() + 1;
    let text = body[line_start..].lines().next().unwrap_or("").to_owned();
    (line, column, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_in_the_body() {
        let body = "\nđầu\nxem [x](y.md) nhé\n";
        let offset = body.find('[').unwrap();
        assert_eq!(
            body_position(body, offset, 5),
            (7, 5, "xem [x](y.md) nhé".to_owned())
        );
    }

    #[test]
    fn hash_is_stable() {
        assert_eq!(short_hash(b"kheo"), short_hash(b"kheo"));
        assert_ne!(short_hash(b"a"), short_hash(b"b"));
        assert_eq!(short_hash(b"").len(), 8);
    }
}
