//! Stage 3, render: every output file of the site from the [`Site`] model,
//! in parallel, handed to a [`Sink`] as soon as it is ready so the build
//! never holds the whole site in memory. Deterministic: a page's bytes depend
//! only on the model, never on the order work happens in.
//!
//! The photo stage (`images::Photos`) runs around the pages, from
//! `run`: planned (and, but in `kheo check`, produced) before them, so
//! pages only read each photo's outcome; published after them.
//!
//! This file only orchestrates. Each kind of output has its module, and
//! each kind of page one typed input ([`input`]) that is both its
//! template's context and its fingerprint for `kheo serve`:
//!
//! | module | outputs |
//! |---|---|
//! | [`article`] | articles and standalone pages (Markdown bodies) |
//! | [`lists`] | section, tag and year lists; home, tag index, archive, search, 404 |
//! | [`figure_pages`] | teams, regions, statistics, `so-lieu.csv`/`.json` |
//! | [`feeds`], [`sitemap`], [`aliases`] | RSS, sitemap + robots.txt, redirect pages and files ([`redirects`]) |
//! | [`statics`] | the theme's files and the assets of `content/` |
//! | [`search`] | the search index's files (its format: [`crate::search`]) |

mod aliases;
mod article;
pub(crate) mod chart;
mod context;
mod documents;
mod engine;
mod feeds;
mod figure_pages;
mod figure_values;
mod input;
mod links;
mod lists;
pub(crate) mod memo;
mod pictures;
mod redirects;
mod search;
mod sitemap;
mod statics;
pub(crate) mod templates;
pub(crate) mod xml;

use std::sync::{Arc, Mutex};

use rayon::prelude::*;
use tera::Value;

use crate::diag::{Diagnostic, Diagnostics};
use crate::highlight;
use crate::images::Photos;
use crate::load::Body;
use crate::model::{Bodies, LangId, PageId, SectionId, Site, TagId, pager_len};
use crate::progress::{Progress, Stage};
use crate::write::Sink;

use engine::Renderer;
use input::Cards;
use memo::{AnchorRef, Memo};
use templates::Templates;

pub(crate) use statics::short_hash;

/// Pages rendered at a time: the search index reads a chunk's words while
/// the next chunk renders (a build holds no more than two chunks' words).
const PAGES_AT_ONCE: usize = 256;

/// Pages rendered, and the words each gives the search index (in order).
type Chunk = (Vec<PageId>, Vec<Option<Arc<crate::search::Words>>>);

/// What a render produced.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RenderStats {
    /// HTML pages written (redirect pages of aliases not counted).
    pub(crate) pages: usize,
    /// All files written or copied.
    pub(crate) files: usize,
}

/// Templates every theme has (the built-in theme provides them all).
pub(crate) const REQUIRED_TEMPLATES: [&str; 17] = [
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
    "documents.html",
    "document.html",
];

/// The ids each page's body defines and its links to `#fragments`: what
/// `kheo check` needs to check anchors once every page is rendered.
#[derive(Debug, Default)]
pub(crate) struct Anchors {
    /// Per page: the ids its body defines.
    pub(crate) ids: Vec<Vec<String>>,
    pub(crate) links: Vec<AnchorRef>,
}

/// One output that is not an article: a page or a set of files.
#[derive(Debug, Clone, Copy)]
enum Job {
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
    Documents(documents::DocList, LangId, usize),
    Document(usize, LangId),
}

/// Every list and figure page of the site.
fn jobs(site: &Site) -> Vec<Job> {
    let mut jobs = vec![Job::NotFound];
    for lang in 0..site.config.languages.len() {
        jobs.extend([
            Job::Home(lang),
            Job::TagsIndex(lang),
            Job::Archive(lang),
            Job::Search(lang),
            Job::TeamsIndex(lang),
            Job::RegionsIndex(lang),
            Job::Statistics(lang),
        ]);
        jobs.extend((0..site.teams.len()).map(|t| Job::Team(t, lang)));
        jobs.extend((0..site.regions.regions.len()).map(|r| Job::Region(r, lang)));
        for sid in 0..site.sections.len() {
            jobs.extend((1..=site.pager_count(sid, lang)).map(|n| Job::Section(sid, lang, n)));
        }
        for (i, y) in site.years[lang].iter().enumerate() {
            jobs.extend(
                (1..=pager_len(y.pages.len(), site.config.page_size))
                    .map(|n| Job::Year(lang, i, n)),
            );
        }
    }
    for tid in 0..site.tags.len() {
        jobs.extend((1..=site.tag_pager_count(tid)).map(|n| Job::Tag(tid, n)));
    }
    let lists = documents::lists(site);
    for lang in 0..site.config.languages.len() {
        for (list, pages) in &lists {
            jobs.extend((1..=*pages).map(|n| Job::Documents(*list, lang, n)));
        }
        jobs.extend((0..site.documents.docs.len()).map(|d| Job::Document(d, lang)));
    }
    jobs
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
    run(site, bodies, sink, progress, None, false, None, diags).0
}

/// [`render`], remembering what it rendered in `memo` and keeping (through
/// [`Sink::keep`]) every output whose inputs did not change since the render
/// that filled `memo`. On errors `memo` is left as it was.
pub(crate) fn render_with_memo(
    site: &Site,
    bodies: Bodies,
    sink: &dyn Sink,
    progress: Option<&Progress>,
    memo: Option<&mut Memo>,
    diags: &mut Diagnostics,
) -> Option<RenderStats> {
    run(site, bodies, sink, progress, memo, false, None, diags).0
}

/// Some article pages of a site whose model and other outputs are those of
/// the render that filled the memo: what `kheo serve` shows first when an
/// edit changed nothing of some articles but their text (see
/// [`crate::load::LoadCache::body_edit`]), before it rebuilds the rest.
pub(crate) struct Only {
    /// The pages and their new bodies.
    pub(crate) pages: Vec<(PageId, Body)>,
    /// Whether the site shows highlighted code, as in the last full render
    /// (the other pages' bodies are not at hand).
    pub(crate) has_code: bool,
}

/// Renders only `only`'s pages into `sink` (outputs they show that did not
/// change are kept through [`Sink::keep`]); `memo` is read, never changed.
pub(crate) fn render_pages(
    site: &Site,
    only: Only,
    sink: &dyn Sink,
    memo: &mut Memo,
    diags: &mut Diagnostics,
) -> Option<RenderStats> {
    run(
        site,
        Vec::new(),
        sink,
        None,
        Some(memo),
        false,
        Some(only),
        diags,
    )
    .0
}

/// Renders every page into `sink` for `kheo check`, returning what its
/// anchor check needs (also when other errors were found).
pub(crate) fn render_for_check(
    site: &Site,
    bodies: Bodies,
    sink: &dyn Sink,
    diags: &mut Diagnostics,
) -> Anchors {
    run(site, bodies, sink, None, None, true, None, diags).1
}

#[allow(clippy::too_many_arguments)]
fn run(
    site: &Site,
    bodies: Bodies,
    sink: &dyn Sink,
    progress: Option<&Progress>,
    memo: Option<&mut Memo>,
    collect_anchors: bool,
    only: Option<Only>,
    diags: &mut Diagnostics,
) -> (Option<RenderStats>, Anchors) {
    let mut timer = crate::timings::Timer::start();
    let Some((templates, syntax_css)) = theme_templates(site, diags) else {
        return (None, Anchors::default());
    };
    timer.lap("  templates");
    let has_code = match &only {
        Some(only) => only.has_code,
        None => bodies.iter().any(|b| b.fenced),
    };
    let statics = statics::theme_files(site, has_code.then_some(syntax_css));
    let version = |file: &str| {
        statics
            .iter()
            .find(|(rel, _)| rel == file)
            .map_or_else(String::new, |(_, b)| short_hash(b))
    };
    let langs: Vec<(Value, Value)> = (0..site.config.languages.len())
        .map(|l| {
            (
                context::site_value(site, l, &version, has_code),
                context::strings_value(&site.theme.locales[l]),
            )
        })
        .collect();
    // Only some pages (`kheo serve`'s first answer to an edit): rendered
    // whatever the memo says, which is read for its photos only.
    let remembering = memo.is_some() && only.is_none();
    let epoch = if remembering {
        memo::epoch_of(site, &langs, &statics)
    } else {
        0
    };
    let previous = memo
        .as_deref()
        .filter(|_| remembering)
        .map(|m| m.carried_into(epoch));
    timer.lap("  prepare");

    // The photo stage, before the pages: every image file pages use,
    // planned (read once, nothing decoded) and, but in `kheo check`, its
    // variants made or found in the cache. The render only reads the result.
    let used = match &only {
        Some(only) => pictures::used_files(
            site,
            only.pages.iter().map(|(id, body)| (&site.pages[*id], body)),
        ),
        None => pictures::used_files(site, site.pages.iter().zip(bodies.iter())),
    };
    let mut images = Photos::plan(
        &site.root,
        &site.config.images,
        site.assets
            .iter()
            .map(|a| (a.rel.as_str(), a.path.as_path())),
        &used,
        memo.as_deref().map(|m| &m.images),
        sink.dry_run(),
    );
    drop(used);
    timer.lap("  photos: plan");
    images.produce();
    timer.lap("  photos: produce");
    pictures::report_broken_covers(site, &images, diags);
    // Made when first needed: a rebuild of `kheo serve` needs only a few.
    let cards = Cards::new(site, &images, remembering);
    let mut r = Renderer::new(
        site, templates, &images, cards, langs, sink, progress, previous, epoch,
    );
    if let Some(only) = only {
        only.pages.into_par_iter().for_each(|(id, body)| {
            if let Some(text) = page_text(&r, id, &body) {
                article::render(&r, &site.pages[id], &text);
            }
        });
        let failed = r.failed();
        let (counts, problems, _) = r.finish();
        let (_, image_problems, _) = images.finish();
        diags.extend(problems);
        diags.extend(image_problems);
        let stats = RenderStats {
            pages: counts.pages,
            files: counts.files,
        };
        return (
            (!failed && !diags.has_errors()).then_some(stats),
            Anchors::default(),
        );
    }
    let cover_srcs: Vec<Option<String>> = site
        .pages
        .iter()
        .map(|p| {
            p.cover
                .as_ref()
                .map(|c| context::absolute(site, &pictures::cover_shown(site, &images, c).src))
        })
        .collect();

    statics::write(&r, &statics);
    let jobs = jobs(site);
    if let Some(p) = progress {
        p.enter(Stage::Rendering, site.pages.len() + jobs.len());
    }
    timer.lap("  static+assets");
    // The data files first, while the render holds little else: the CSV
    // and the JSON are made whole before they are written.
    figure_pages::data_files(&r);
    timer.lap("  data files");
    // What each page gives the search index, gathered as pages render: a
    // build reads each chunk's words into the index while the next chunk
    // renders, and frees them (`kheo serve` keeps them for its memo).
    let gathered = crate::search::Gathered::new(site, remembering);
    let anchors = Mutex::new(Anchors {
        ids: vec![Vec::new(); if collect_anchors { site.pages.len() } else { 0 }],
        links: Vec::new(),
    });
    let page = |id: PageId, body: Body| -> Option<Arc<crate::search::Words>> {
        let page = &site.pages[id];
        let text = page_text(&r, id, &body)?;
        let rendered = article::render(&r, page, &text)?;
        crate::timings::SEARCH_PAGES
            .measure(|| search::detail(&r, &gathered, id, &rendered.search));
        if collect_anchors && let Ok(mut a) = anchors.lock() {
            a.ids[id] = rendered.ids.clone();
            a.links.extend(rendered.anchors.iter().cloned());
        }
        Some(rendered.search.words.clone())
    };
    let mut bodies: Vec<Option<Body>> = bodies.into_iter().map(Some).collect();
    let mut queue = gathered
        .render_order(site)
        .into_iter()
        .filter_map(|id| Some((id, bodies.get_mut(id)?.take()?)));
    let mut rendered: Option<Chunk> = None;
    loop {
        let chunk: Vec<(PageId, Body)> = queue.by_ref().take(PAGES_AT_ONCE).collect();
        let read = |done: Option<(Vec<PageId>, _)>| {
            if let Some((ids, words)) = done {
                crate::timings::SEARCH_POSTINGS.measure(|| gathered.read(&ids, words));
            }
        };
        if chunk.is_empty() {
            read(rendered.take());
            break;
        }
        let ids: Vec<PageId> = chunk.iter().map(|(id, _)| *id).collect();
        let done = rendered.take();
        let ((), words) = rayon::join(
            || read(done),
            || {
                chunk
                    .into_par_iter()
                    .map(|(id, body)| page(id, body))
                    .collect()
            },
        );
        rendered = Some((ids, words));
    }
    drop(queue);
    drop(bodies);
    timer.lap("  pages");
    let index = figure_pages::FigureIndex::new(site);
    jobs.par_iter()
        .for_each(|job| run_job(&r, &index, &gathered, *job));
    timer.lap("  lists");
    feeds::write(&r, &cover_srcs);
    documents::feeds(&r);
    sitemap::write(&r);
    timer.lap("  feeds+sitemap");
    aliases::write(&r);
    // Every page is rendered: their cards are no longer needed.
    r.cards.forget();
    // The languages' indexes one after the other, each from its entries.
    for (lang, docs) in gathered.take(site).into_iter().enumerate() {
        search::index(&r, lang, docs);
    }
    timer.lap("  search index");
    timer.note(&format!(
        "  search, per page (within pages and lists, summed over threads): {:.1} ms",
        crate::timings::SEARCH_PAGES.take_ms()
    ));
    timer.note(&format!(
        "  search, pages read into the index as they render (within pages): {:.1} ms",
        crate::timings::SEARCH_POSTINGS.take_ms()
    ));
    statics::write_unresized_photos(&r);
    timer.lap("  photo originals");

    let failed = r.failed();
    let (counts, problems, next) = r.finish();
    // Published with the pages: a failed render publishes none of them.
    let mut images = images;
    if !failed {
        images.publish(sink);
    }
    timer.lap("  photos: publish");
    let (image_counts, image_problems, image_memory) = images.finish();
    timer.note(&format!(
        "  images: {} used, {} variants resized, {} from the cache, {} unchanged since the last rebuild",
        image_counts.images, image_counts.encoded, image_counts.cached, image_counts.remembered
    ));
    // Errors that did not stop the render (an image that cannot be shown is
    // reported at every page using it) still fail it.
    let failed = failed || image_problems.iter().any(Diagnostic::is_error);
    diags.extend(problems);
    diags.extend(image_problems);
    let failed = failed || diags.has_errors();
    if let Some(memo) = memo
        && !failed
    {
        *memo = next;
        memo.images = image_memory.unwrap_or_default();
        memo.rendered = counts.rendered + image_counts.encoded + image_counts.cached;
    }
    let stats = RenderStats {
        pages: counts.pages,
        files: counts.files + image_counts.files,
    };
    let anchors = anchors.into_inner().unwrap_or_else(|e| e.into_inner());
    ((!failed).then_some(stats), anchors)
}

/// The Markdown of page `id`. A build reads each body again here (see
/// [`Body`]), and frees it once its page is written; `None` (the render
/// failed) when the file cannot be read or changed since it was loaded.
fn page_text<'b>(r: &Renderer, id: PageId, body: &'b Body) -> Option<std::borrow::Cow<'b, str>> {
    match body.text() {
        Ok(text) => Some(text),
        Err(why) => {
            r.fail(Diagnostic::error(&r.site.pages[id].file, 1, 1, why).with_code("read"));
            None
        }
    }
}

/// The theme's templates compiled and checked for the ones every theme
/// needs, and the stylesheet of the highlighting theme; `None` (with the
/// errors in `diags`) when they cannot render.
fn theme_templates(site: &Site, diags: &mut Diagnostics) -> Option<(Templates, String)> {
    let config = &site.config;
    let templates = match Templates::new(&site.theme.templates, &templates::Formats::of(site)) {
        Ok(t) => t,
        Err(errors) => {
            diags.extend(errors);
            return None;
        }
    };
    let mut ok = true;
    for required in REQUIRED_TEMPLATES {
        if !templates.has(required) {
            diags.push(
                Diagnostic::error(
                    format!("themes/{}/templates/{required}", config.theme.value),
                    1,
                    1,
                    crate::msg!("theme.no-template"),
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
                    crate::msg!("theme.no-highlight", theme = config.highlight_theme.value),
                )
                .with_code("config")
                .with_hint(crate::msg!(
                    "theme.no-highlight.hint",
                    names = highlight::theme_names().join(", ")
                )),
        );
        ok = false;
    }
    Some((templates, syntax_css?)).filter(|_| ok)
}

fn run_job(
    r: &Renderer,
    index: &figure_pages::FigureIndex,
    gathered: &crate::search::Gathered,
    job: Job,
) {
    match job {
        Job::Home(lang) => lists::home(r, lang),
        Job::Section(sid, lang, n) => lists::section(r, sid, lang, n),
        Job::Tag(tid, n) => lists::tag(r, tid, n),
        Job::Year(lang, i, n) => lists::year(r, lang, i, n),
        Job::TagsIndex(lang) => lists::tags_index(r, lang),
        Job::Archive(lang) => lists::archive(r, lang),
        Job::Search(lang) => lists::search(r, lang),
        Job::NotFound => lists::not_found(r),
        Job::TeamsIndex(lang) => figure_pages::teams_index(r, index, lang),
        Job::Team(team, lang) => figure_pages::team(r, team, lang),
        Job::RegionsIndex(lang) => figure_pages::regions_index(r, lang),
        Job::Region(region, lang) => figure_pages::region(r, index, region, lang),
        Job::Statistics(lang) => figure_pages::statistics(r, lang),
        Job::Documents(list, lang, n) => documents::list(r, list, lang, n),
        Job::Document(doc, lang) => documents::document(r, gathered, doc, lang),
    }
}

/// Ids every page of the built-in theme has (`#top`, `#main`).
pub(crate) const PAGE_IDS: [&str; 2] = ["top", "main"];
