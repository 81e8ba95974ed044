//! Stage 3, render: every output file of the site from the [`Site`] model,
//! in parallel, handed to a [`Sink`] as soon as it is ready so the build
//! never holds the whole site in memory. Deterministic: a page's bytes depend
//! only on the model, never on the order work happens in.

pub mod context;
pub mod links;
pub mod templates;

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use rayon::prelude::*;
use tera::{Context, Value};

use crate::diag::{Diagnostic, Diagnostics};
use crate::highlight;
use crate::markdown::{self, Labels};
use crate::model::{Bodies, LangId, Page, PageKind, SectionId, Site};
use crate::progress::{Progress, Stage};
use crate::write::Sink;

use context::{Alternate, SYNTAX_CSS_FILE};
use templates::Templates;

/// What a render produced.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RenderStats {
    /// HTML pages written.
    pub pages: usize,
    /// All files written or copied.
    pub files: usize,
}

/// How many newest articles the home page lists, and per section.
const HOME_LATEST: usize = 10;
const HOME_FEATURED: usize = 4;
const HOME_PER_SECTION: usize = 5;
const HOME_PHOTOS: usize = 6;

/// Shared, read-only state of one render.
struct Renderer<'a> {
    site: &'a Site,
    templates: Templates,
    cards: Vec<Value>,
    /// Per language: (`site` value, `t` value).
    langs: Vec<(Value, Value)>,
    sink: &'a dyn Sink,
    progress: Option<&'a Progress>,
    diags: Mutex<Diagnostics>,
    failed: AtomicBool,
    pages: AtomicUsize,
    files: AtomicUsize,
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
    let config = &site.config;
    let templates =
        match Templates::new(&site.theme.templates, &site.theme.locales, &config.timezone) {
            Ok(t) => t,
            Err(errors) => {
                diags.extend(errors);
                return None;
            }
        };
    let mut ok = true;
    for required in ["index.html", "article.html", "section.html", "page.html"] {
        if !templates.has(required) {
            diags.push(Diagnostic::error(
                format!("themes/{}/templates/{required}", config.theme.value),
                1,
                1,
                "the theme has no such template, and every theme needs it",
            ));
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

    let langs = (0..config.languages.len())
        .map(|l| {
            (
                context::site_value(site, l, &version, has_code),
                context::strings_value(&site.theme.locales[l]),
            )
        })
        .collect();
    let r = Renderer {
        site,
        templates,
        cards: context::cards(site),
        langs,
        sink,
        progress,
        diags: Mutex::new(Diagnostics::new()),
        failed: AtomicBool::new(false),
        pages: AtomicUsize::new(0),
        files: AtomicUsize::new(0),
    };

    // Files from content/ that win over theme files of the same name.
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
        match sink.copy(&a.rel, &a.path) {
            Ok(()) => {
                r.files.fetch_add(1, Ordering::Relaxed);
            }
            Err(e) => r.fail(Diagnostic::error(
                format!("content/{}", a.rel),
                1,
                1,
                format!("cannot copy this file: {e}"),
            )),
        }
    });
    let mut lists: Vec<ListJob> = Vec::new();
    for lang in 0..config.languages.len() {
        lists.push(ListJob::Home(lang));
        for sid in 0..site.sections.len() {
            for n in 1..=site.pager_count(sid, lang) {
                lists.push(ListJob::Section(sid, lang, n));
            }
        }
    }
    if let Some(p) = progress {
        p.enter(Stage::Rendering, site.pages.len() + lists.len());
    }
    bodies
        .into_par_iter()
        .enumerate()
        .for_each(|(id, body)| r.page(&site.pages[id], &body));
    lists.par_iter().for_each(|job| match *job {
        ListJob::Home(lang) => r.home(lang),
        ListJob::Section(sid, lang, n) => r.section(sid, lang, n),
    });

    let stats = RenderStats {
        pages: r.pages.load(Ordering::Relaxed),
        files: r.files.load(Ordering::Relaxed),
    };
    let failed = r.failed.load(Ordering::Relaxed);
    diags.extend(r.diags.into_inner().unwrap_or_else(|e| e.into_inner()));
    (!failed).then_some(stats)
}

#[derive(Debug, Clone, Copy)]
enum ListJob {
    Home(LangId),
    Section(SectionId, LangId, usize),
}

/// 8 hex digits of FNV-1a: enough to tell versions of a stylesheet apart.
fn short_hash(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{:08x}", h >> 32)
}

impl Renderer<'_> {
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
            Err(e) => self.fail(Diagnostic::error(
                rel,
                1,
                1,
                format!("cannot write this output file: {e}"),
            )),
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
        ctx
    }

    fn emit(&self, template: &str, ctx: &Context, path: &str) {
        if self.failed.load(Ordering::Relaxed) {
            return;
        }
        match self.templates.render(template, ctx) {
            Ok(html) => self.write(&format!("{path}index.html"), html.as_bytes(), true),
            Err(d) => self.fail(d),
        }
        if let Some(p) = self.progress {
            p.step();
        }
    }

    /// An article or a standalone page.
    fn page(&self, page: &Page, body: &str) {
        if self.failed.load(Ordering::Relaxed) {
            return;
        }
        let site = self.site;
        let locale = &site.theme.locales[page.lang];
        let labels = Labels {
            task_done: locale.string("task_done"),
            task_todo: locale.string("task_todo"),
            footnotes: locale.string("footnotes"),
            back_to_text: locale.string("back_to_text"),
        };
        let settings = markdown::Settings {
            raw_html: site.config.markdown.raw_html,
            smart_punctuation: site.config.markdown.smart_punctuation,
        };
        let resolver = links::PageLinks { site, page };
        let rendered = markdown::render(body, settings, &resolver, &labels);
        for p in &rendered.problems {
            let (line, column, text) = body_position(body, p.offset, page.body_line);
            let mut d = Diagnostic::warning(&page.file, line, column, p.message.clone());
            d.source_line = Some(text);
            self.push(d);
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
        ctx.insert_value("page", self.cards[page.id].clone());
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
        self.emit(template, &ctx, &page.path);
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
                crate::model::MenuEntry::Section(sid) => Some(*sid),
                crate::model::MenuEntry::Link { .. } => None,
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
                    context::card_list(&self.cards, s.pages.iter().copied().take(HOME_PER_SECTION)),
                );
                Value::from(map)
            })
            .collect();

        let path = site.home_path(lang);
        let alternates = context::alternates(site, lang, &|l| Some(site.home_path(l).to_owned()));
        let locale = &site.theme.locales[lang];
        let config = &site.config;
        let title = config.text(&config.title, &locale.code);
        let tagline = config
            .tagline
            .as_ref()
            .map_or("", |t| config.text(t, &locale.code));
        let mut ctx = self.base_context(lang, "home", path, title, tagline, &alternates);
        ctx.insert_value(
            "featured",
            context::card_list(&self.cards, featured.iter().copied()),
        );
        ctx.insert_value("latest", context::card_list(&self.cards, latest));
        ctx.insert_value("photos", context::card_list(&self.cards, photos));
        ctx.insert_value("sections", Value::from(sections));
        ctx.insert("active_section", &None::<&str>);
        self.emit("index.html", &ctx, path);
    }

    fn section(&self, sid: SectionId, lang: LangId, n: usize) {
        let site = self.site;
        let section = &site.sections[sid];
        let s = &section.langs[lang];
        let total = site.pager_count(sid, lang);
        let start = (n - 1) * section.page_size;
        let ids = s.pages.iter().copied().skip(start).take(section.page_size);
        let path = site.section_page_path(sid, lang, n);
        let alternates = context::alternates(site, lang, &|l| Some(section.langs[l].path.clone()));
        let locale = &site.theme.locales[lang];
        let title = if n > 1 {
            format!(
                "{} – {}",
                s.title,
                locale
                    .string("page_of")
                    .replace("{n}", &n.to_string())
                    .replace("{total}", &total.to_string())
            )
        } else {
            s.title.clone()
        };
        let mut ctx = self.base_context(lang, "section", &path, &title, "", &alternates);
        let mut map = tera::Map::new();
        map.insert("title".into(), Value::from(s.title.as_str()));
        map.insert("url".into(), Value::from(site.href(&s.path)));
        map.insert("folder".into(), Value::from(section.folder.as_str()));
        map.insert("count".into(), Value::from(s.pages.len()));
        ctx.insert_value("section", Value::from(map));
        ctx.insert_value("pages", context::card_list(&self.cards, ids));
        ctx.insert(
            "pager",
            &pager(site, n, total, &|k| site.section_page_path(sid, lang, k)),
        );
        ctx.insert("active_section", &Some(section.folder.as_str()));
        self.emit("section.html", &ctx, &path);
    }
}

#[derive(serde::Serialize)]
struct HeadingValue<'a> {
    level: u8,
    id: &'a str,
    text: &'a str,
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
