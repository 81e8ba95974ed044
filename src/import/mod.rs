//! `kheo import`: brings an existing portal's articles into `content/`.
//!
//! A separate command, not a stage of the build: it reads a source — a
//! WordPress export ([`wxr`]), an RSS or Atom feed ([`feed`]), or a folder
//! saved by `wget --mirror` read through a selector file ([`saved`],
//! [`recipe`]) — into [`Entry`]s, turns each body into Markdown
//! ([`html_to_md`]), copies the pictures and documents it uses from `--files`
//! next to it, and writes articles whose `aliases:` keep their old addresses.
//! It shares with the build only the site's configuration (read by the same
//! loader), dates, slugs and the `aliases:` rules.
//!
//! Running it again changes nothing: an article whose old address is already
//! an alias of a content file is skipped, and no existing file is replaced.

pub(crate) mod dates;
pub(crate) mod entry;
pub(crate) mod feed;
pub(crate) mod files;
pub(crate) mod html_to_md;
pub mod recipe;
pub(crate) mod saved;
pub(crate) mod urls;
pub(crate) mod wordpress;
pub(crate) mod write;
pub(crate) mod wxr;
pub(crate) mod xml;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use crate::diag::{Diagnostic, Diagnostics};
use crate::load::{self, ArticleSource, Sources};
use crate::model::outputs::old_url;
use crate::model::url::decode_percent;
use crate::scaffold::yaml_text::{list, scalar};
use crate::slug::slugify;

use entry::{Entry, Source};
use files::FileIndex;
use html_to_md::{Reference, bracket_text, destination, title_text};
use urls::{Target, Url};
use write::{Content, Created};

/// The section imported articles go to when `--into` is not given.
pub(crate) const DEFAULT_SECTION: &str = "tin-tuc";

/// What `kheo import` was asked to do.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    /// The site root (the folder holding `content/`).
    pub root: PathBuf,
    /// The export file, feed file or saved folder.
    pub source: PathBuf,
    /// The section (folder of `content/`) to write articles into.
    pub into: Option<String>,
    /// The selector file, for a saved folder.
    pub config: Option<PathBuf>,
    /// The old site's uploaded files.
    pub files: Option<PathBuf>,
}

/// What an import did.
#[derive(Debug, Default)]
pub struct ImportReport {
    /// What the source is (`a WordPress export`...).
    pub kind: &'static str,
    /// The section written into.
    pub section: String,
    /// Article files written, relative to the site root.
    pub written: Vec<String>,
    /// Pictures and documents copied.
    pub copied: usize,
    /// Articles already imported (or whose file exists).
    pub skipped: usize,
    /// Articles that could not be imported (their errors are in `diagnostics`).
    pub failed: usize,
    /// Errors for failed articles and warnings, in source order.
    pub diagnostics: Vec<Diagnostic>,
    /// What the source held that is not articles, and other things to know.
    pub notes: Vec<String>,
}

/// Why nothing was imported.
#[derive(Debug)]
pub enum ImportError {
    /// The command line asks for something that cannot be done (exit code 2).
    Usage(String),
    /// The site or the source cannot be read (exit code 1).
    Failed(Vec<Diagnostic>),
}

fn failed(file: impl Into<String>, message: impl Into<String>) -> ImportError {
    ImportError::Failed(vec![
        Diagnostic::error(file, 1, 1, message).with_code("import"),
    ])
}

/// Runs an import.
pub fn import(opts: &ImportOptions) -> Result<ImportReport, ImportError> {
    let section = section_folder(opts.into.as_deref().unwrap_or(DEFAULT_SECTION))?;
    let mut diags = Diagnostics::new();
    let Some(sources) = load::load(&opts.root, None, &mut diags) else {
        return Err(ImportError::Failed(
            diags
                .into_sorted()
                .into_iter()
                .filter(Diagnostic::is_error)
                .collect(),
        ));
    };
    let shown = opts.source.display().to_string();
    let (source, is_folder) = read_source(opts, &shown)?;
    let files = match opts
        .files
        .clone()
        .or_else(|| is_folder.then(|| opts.source.clone()))
    {
        Some(dir) if dir.is_dir() => FileIndex::new(&dir).map_err(|e| {
            failed(
                dir.display().to_string(),
                crate::msg!("import.files-unreadable", error = e),
            )
        })?,
        Some(dir) => {
            return Err(failed(
                dir.display().to_string(),
                crate::msg!("import.files-not-folder"),
            ));
        }
        None => FileIndex::empty(),
    };
    let content = Content::new(&opts.root).map_err(|e| {
        failed(
            "content/",
            crate::msg!("import.content-unreadable", error = e),
        )
    })?;
    let section_dir = content
        .folder(&section)
        .map_err(|why| failed(format!("content/{section}/"), why))?;
    let root_dir = content.folder("").map_err(|why| failed("content/", why))?;

    let mut run = Run {
        config_tz: sources.config.timezone.clone(),
        saved: is_folder,
        section: section.clone(),
        hosts: source.hosts.clone(),
        files,
        existing: Existing::of(&sources, &root_dir),
        links: HashMap::new(),
        report: ImportReport {
            kind: source.kind,
            section: section.clone(),
            notes: source.ignored.clone(),
            ..ImportReport::default()
        },
        placers: HashMap::new(),
        content,
        section_dir,
        root_dir,
    };
    if !run.section_dir.is_dir() {
        run.report
            .notes
            .push(crate::msg!("import.new-section", section = section));
    }
    for (key, file) in run.existing.aliases.clone() {
        run.links.insert(key, file);
    }
    let planned: Vec<Planned> = source
        .entries
        .into_iter()
        .filter_map(|e| run.plan(e))
        .collect();
    for p in planned {
        run.write(p);
    }
    Ok(run.report)
}

/// The section named by `--into`, as a folder of `content/`.
fn section_folder(into: &str) -> Result<String, ImportError> {
    let s = into
        .trim()
        .trim_start_matches("./")
        .trim_start_matches("content/")
        .trim_end_matches('/');
    let refuse = |why: String| {
        Err(ImportError::Usage(crate::msg!(
            "import.into",
            into = into,
            why = why
        )))
    };
    if s.is_empty() {
        return refuse(crate::msg!("import.into-empty"));
    }
    if s.contains(['/', '\\']) || s == "." || s == ".." {
        return refuse(crate::msg!("import.into-nested"));
    }
    if s.starts_with(['.', '_']) {
        return refuse(crate::msg!("import.into-hidden"));
    }
    if matches!(s, "teams" | "regions") {
        return refuse(crate::msg!("import.into-data"));
    }
    Ok(s.to_owned())
}

/// Reads the source: a folder through its selector file, else an XML file.
fn read_source(opts: &ImportOptions, shown: &str) -> Result<(Source, bool), ImportError> {
    let path = &opts.source;
    if path.is_dir() {
        let Some(config) = &opts.config else {
            return Err(ImportError::Usage(crate::msg!(
                "import.folder-needs-config",
                source = shown
            )));
        };
        let config_shown = config.display().to_string();
        let text = read_text(config, &config_shown)?;
        let recipe = recipe::parse(&config_shown, &text).map_err(ImportError::Failed)?;
        let source = saved::read(path, shown, &recipe)
            .map_err(|e| failed(shown, crate::msg!("import.folder-unreadable", error = e)))?;
        return Ok((source, true));
    }
    if opts.config.is_some() {
        return Err(ImportError::Usage(crate::msg!(
            "import.config-for-file",
            source = shown
        )));
    }
    let text = read_text(path, shown)?;
    let root = xml::parse(&text).map_err(|e| {
        ImportError::Failed(vec![
            Diagnostic::error(shown, e.line, e.column, e.message)
                .with_code("import")
                .with_source(&text)
                .with_hint(crate::msg!("import.bad-xml.hint")),
        ])
    })?;
    let is_wxr = root.name == "rss"
        && root.child("", "channel").is_some_and(|c| {
            c.child(xml::WP_PREFIX, "wxr_version").is_some()
                || c.all("", "item")
                    .any(|i| i.child(xml::WP_PREFIX, "post_type").is_some())
        });
    let source = match root.name.as_str() {
        "rss" if is_wxr => wxr::read(shown, &root),
        "rss" => feed::read_rss(shown, &root),
        "feed" if root.ns == xml::ATOM => feed::read_atom(shown, &root),
        other => {
            return Err(ImportError::Failed(vec![
                Diagnostic::error(
                    shown,
                    root.line,
                    root.column,
                    crate::msg!("import.unknown-root", root = other),
                )
                .with_code("import")
                .with_hint(crate::msg!("import.unknown-root.hint")),
            ]));
        }
    };
    Ok((source, false))
}

fn read_text(path: &Path, shown: &str) -> Result<String, ImportError> {
    let bytes = std::fs::read(path)
        .map_err(|e| failed(shown, crate::msg!("import.unreadable", error = e)))?;
    crate::text::decode(bytes).map_err(|e| {
        ImportError::Failed(vec![
            Diagnostic::error(shown, e.line, e.column, crate::msg!("import.not-utf8"))
                .with_code("import"),
        ])
    })
}

/// What the site already has.
struct Existing {
    /// Link keys of every alias -> the content file (content-relative).
    aliases: HashMap<String, String>,
    /// (folder, slug) of every article and page.
    slugs: HashSet<(String, String)>,
    /// (folder, title, date to the minute) of every article.
    seen: HashSet<(String, String, String)>,
    /// Names a page at the root of content/ may not take.
    reserved: HashSet<String>,
}

impl Existing {
    fn of(sources: &Sources, root_dir: &Path) -> Existing {
        let mut aliases = HashMap::new();
        let mut slugs = HashSet::new();
        let mut seen = HashSet::new();
        for a in &sources.articles {
            let rel = a.path.file.trim_start_matches("content/").to_owned();
            for alias in &a.fm.aliases {
                if let Ok(o) = old_url(&alias.value) {
                    aliases.insert(link_key(&o.url), rel.clone());
                }
            }
            slugs.insert((a.path.dir.clone(), slug_of(a)));
            seen.insert((
                a.path.dir.clone(),
                a.fm.title.value.trim().to_owned(),
                a.date.strftime("%Y-%m-%d %H:%M").to_string(),
            ));
        }
        let mut reserved: HashSet<String> = HashSet::new();
        if let Ok(entries) = std::fs::read_dir(root_dir) {
            for e in entries.flatten() {
                let name = e.file_name().to_string_lossy().to_lowercase();
                reserved.insert(name.trim_end_matches(".md").to_owned());
            }
        }
        for l in &sources.config.languages {
            reserved.insert(l.code.clone());
            for name in crate::config::SEGMENT_NAMES {
                if let Some(seg) = l.segments.get(name) {
                    reserved.insert(seg.to_owned());
                }
            }
        }
        for word in [
            "search",
            "tim-kiem",
            "rss",
            "sitemap",
            "404",
            "redirects",
            "van-ban",
        ] {
            reserved.insert(word.to_owned());
        }
        Existing {
            aliases,
            slugs,
            seen,
            reserved,
        }
    }
}

/// The slug an article gets: `slug:` if written, else its file stem without the date.
fn slug_of(a: &ArticleSource) -> String {
    match &a.fm.slug {
        Some(s) => slugify(&s.value),
        None => {
            let stem = crate::date::split_filename_date(&a.path.stem)
                .map_or(a.path.stem.as_str(), |(_, rest)| rest);
            slugify(stem)
        }
    }
}

/// How old addresses are compared: decoded, lower-case (the portals ran on
/// servers that did not care about case).
fn link_key(alias: &str) -> String {
    decode_percent(alias).to_lowercase()
}

/// An article ready to be written.
struct Planned {
    entry: Entry,
    /// Content-relative folder (`tin-tuc`, or empty for a page).
    dir: String,
    /// File name: `2017-07-19-hoi-nghi.md`.
    name: String,
    date: String,
    aliases: Vec<String>,
}

/// Names given to copied files in one folder of content/.
#[derive(Default)]
struct Placer {
    /// Lower-case names taken (on disk or given in this run).
    taken: HashSet<String>,
    /// Source file -> name given.
    given: HashMap<PathBuf, String>,
    /// Names whose file is in place (written, or found identical).
    done: HashSet<String>,
}

/// A picture or document to copy next to an article.
struct Copy {
    name: String,
    bytes: Vec<u8>,
}

struct Run {
    config_tz: jiff::tz::TimeZone,
    /// The source is a saved folder, whose pages link each other by file name.
    saved: bool,
    section: String,
    hosts: Vec<String>,
    files: FileIndex,
    existing: Existing,
    /// Link keys -> content-relative article file, for rewriting links.
    links: HashMap<String, String>,
    report: ImportReport,
    placers: HashMap<String, Placer>,
    content: Content,
    section_dir: PathBuf,
    root_dir: PathBuf,
}

impl Run {
    fn fail(&mut self, e: &Entry, why: impl AsRef<str>) {
        let what = if e.title.is_empty() {
            crate::msg!("import.this-article")
        } else {
            format!("“{}”", e.title)
        };
        self.report.failed += 1;
        self.report.diagnostics.push(
            Diagnostic::error(
                &e.file,
                e.line,
                e.column,
                crate::msg!("import.not-imported", what = what, why = why.as_ref()),
            )
            .with_code("import"),
        );
    }

    fn warn(&mut self, e: &Entry, message: impl AsRef<str>) {
        self.report.diagnostics.push(
            Diagnostic::warning(
                &e.file,
                e.line,
                e.column,
                format!("“{}”: {}", e.title, message.as_ref()),
            )
            .with_code("import"),
        );
    }

    /// Decides an entry's file, or why it is skipped or failed.
    fn plan(&mut self, e: Entry) -> Option<Planned> {
        if let Some(why) = &e.failure {
            let why = why.clone();
            self.fail(&e, why);
            return None;
        }
        let mut aliases: Vec<(String, String)> = Vec::new();
        for url in &e.old_urls {
            let written = url.alias();
            match old_url(&written) {
                Ok(o) if !aliases.iter().any(|(_, n)| *n == o.url) => {
                    aliases.push((written, o.url));
                }
                Ok(_) => {}
                Err(why) => {
                    let msg = crate::msg!("import.alias-dropped", url = url.display(), why = why);
                    self.warn(&e, msg);
                }
            }
        }
        if let Some(file) = aliases
            .iter()
            .find_map(|(_, n)| self.existing.aliases.get(&link_key(n)))
        {
            // Imported before: links to it lead to that file.
            let file = file.clone();
            for key in &e.link_keys {
                self.links.insert(link_key(key), file.clone());
            }
            self.report.skipped += 1;
            return None;
        }
        if e.title.trim().is_empty() {
            self.fail(&e, crate::msg!("import.no-title"));
            return None;
        }
        if let Some(why) = html_to_md::refused(&e.html) {
            self.fail(&e, why);
            return None;
        }
        let Some(written_date) = e.date else {
            let why = match e.date_text.as_deref() {
                Some("") | None => crate::msg!("import.no-date"),
                Some(text) => crate::msg!("import.bad-date", date = text),
            };
            self.fail(&e, why);
            return None;
        };
        let date = dates::front_matter(&written_date, &self.config_tz);
        let dir = if e.standalone {
            String::new()
        } else {
            self.section.clone()
        };
        let base = e
            .slug
            .as_deref()
            .map(slugify)
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| slugify(&e.title));
        let base = if base.is_empty() {
            "bai-viet".to_owned()
        } else {
            base
        };
        let base: String = truncate_slug(&base, 80);
        let mut slug = base.clone();
        let mut n = 1;
        while self.existing.slugs.contains(&(dir.clone(), slug.clone()))
            || (e.standalone && self.existing.reserved.contains(&slug))
        {
            n += 1;
            slug = format!("{base}-{n}");
        }
        let name = if e.standalone {
            format!("{slug}.md")
        } else {
            format!("{}-{slug}.md", &date[..10])
        };
        let minute = date.get(..16).unwrap_or(&date).to_owned();
        let minute = if minute.len() == 10 {
            format!("{minute} 00:00")
        } else {
            minute
        };
        // The same title at the same minute: imported before, its aliases
        // since removed, or an article without an old address.
        if self
            .existing
            .seen
            .contains(&(dir.clone(), e.title.trim().to_owned(), minute))
        {
            self.report.skipped += 1;
            return None;
        }
        let rel = if dir.is_empty() {
            name.clone()
        } else {
            format!("{dir}/{name}")
        };
        let folder = if dir.is_empty() {
            &self.root_dir
        } else {
            &self.section_dir
        };
        if folder.join(&name).exists() {
            let msg = crate::msg!("import.exists", file = format!("content/{rel}"));
            self.warn(&e, msg);
            self.report.skipped += 1;
            return None;
        }
        self.existing.slugs.insert((dir.clone(), slug.clone()));
        // An old address that is the new one needs no redirect.
        let own = if dir.is_empty() {
            format!("/{slug}/")
        } else {
            format!("/{}/{slug}/", slugify(&dir))
        };
        aliases.retain(|(_, n)| *n != own);
        for (_, n) in &aliases {
            self.existing.aliases.insert(link_key(n), rel.clone());
        }
        // Drafts are not built: links to them keep the old address.
        if !e.draft {
            for (_, n) in &aliases {
                self.links.insert(link_key(n), rel.clone());
            }
            for key in &e.link_keys {
                self.links.insert(link_key(key), rel.clone());
            }
        }
        Some(Planned {
            entry: e,
            dir,
            name,
            date,
            aliases: aliases.into_iter().map(|(w, _)| w).collect(),
        })
    }

    fn folder_of(&self, dir: &str) -> PathBuf {
        if dir.is_empty() {
            self.root_dir.clone()
        } else {
            self.section_dir.clone()
        }
    }

    /// Converts an article, copies what it uses, writes it.
    fn write(&mut self, p: Planned) {
        let e = &p.entry;
        let converted = html_to_md::convert(&e.html);
        let mut copies: Vec<Copy> = Vec::new();
        let mut warnings: Vec<String> = e.warnings.clone();
        warnings.extend(converted.notes.iter().cloned());
        let mut problem: Option<String> = None;

        // The cover first: a body picture of the same file is then left out.
        let mut cover: Option<(String, PathBuf)> = None;
        if let Some(src) = &e.cover {
            match self.picture(&p.dir, &e.base, src, &mut copies) {
                Ok(Place::Here { name, source }) => cover = Some((name, source)),
                Ok(Place::Link { url, why, .. }) => {
                    warnings.push(crate::msg!("import.cover-link", url = url, why = why));
                }
                Ok(Place::Gone(why)) => warnings.push(crate::msg!("import.cover-gone", why = why)),
                Err(why) => problem = Some(why),
            }
        }
        let mut cover_caption = e.cover_caption.clone();
        let mut cover_seen = false;
        let mut resolved: Vec<String> = Vec::new();
        let mut old_links = 0;
        for r in &converted.refs {
            let text = match r {
                Reference::Link { href } => match self.link(&p.dir, &e.base, href, &mut copies) {
                    Ok((dest, old)) => {
                        old_links += usize::from(old);
                        destination(&dest)
                    }
                    Err(why) => {
                        problem.get_or_insert(why);
                        String::new()
                    }
                },
                Reference::Image {
                    src,
                    alt,
                    caption,
                    link,
                } => match self.picture(&p.dir, &e.base, src, &mut copies) {
                    Ok(Place::Here { name, source }) => {
                        if !cover_seen && cover.as_ref().is_some_and(|(_, s)| *s == source) {
                            cover_seen = true;
                            if cover_caption.is_none() && !caption.is_empty() {
                                cover_caption = Some(caption.clone());
                            }
                            String::new()
                        } else {
                            let title = if caption.is_empty() {
                                String::new()
                            } else {
                                format!(" \"{}\"", title_text(caption))
                            };
                            let img =
                                format!("![{}]({}{title})", bracket_text(alt), destination(&name));
                            match link {
                                Some(l) => match self.link(&p.dir, &e.base, l, &mut copies) {
                                    // A link to the picture itself, or to another picture, adds nothing.
                                    Ok((dest, _)) if dest == name || is_picture(&dest) => img,
                                    Ok((dest, old)) => {
                                        old_links += usize::from(old);
                                        format!("[{img}]({})", destination(&dest))
                                    }
                                    Err(why) => {
                                        problem.get_or_insert(why);
                                        img
                                    }
                                },
                                None => img,
                            }
                        }
                    }
                    Ok(Place::Link { url, why, copied }) => {
                        warnings.push(crate::msg!("import.picture-link", url = url, why = why));
                        let label = [alt, caption]
                            .into_iter()
                            .find(|t| !t.is_empty())
                            .cloned()
                            .unwrap_or_else(|| file_label(&url));
                        format!(
                            "[{}]({})",
                            bracket_text(&label),
                            destination(copied.as_deref().unwrap_or(&url))
                        )
                    }
                    Ok(Place::Gone(why)) => {
                        warnings.push(crate::msg!("import.picture-gone", why = why));
                        bracket_text(alt)
                    }
                    Err(why) => {
                        problem.get_or_insert(why);
                        String::new()
                    }
                },
            };
            resolved.push(text);
        }
        if let Some(why) = problem {
            self.fail(e, why);
            return;
        }
        let body = html_to_md::finish(&converted.markdown, |i| {
            resolved.get(i).cloned().unwrap_or_default()
        });
        match old_links {
            0 => {}
            n => warnings.push(crate::plural!("import.old-links", n)),
        }

        let mut text = String::from("---\n");
        text.push_str(&format!("title: {}\n", scalar(e.title.trim(), false)));
        text.push_str(&format!("date: {}\n", p.date));
        if let Some(a) = &e.author {
            text.push_str(&format!("author: {}\n", scalar(a, false)));
        }
        if let Some(s) = &e.summary {
            text.push_str(&format!("summary: {}\n", scalar(s, false)));
        }
        if !e.tags.is_empty() {
            text.push_str(&format!("tags: {}\n", list(&e.tags)));
        }
        if let Some((name, _)) = &cover {
            text.push_str(&format!("image: {}\n", scalar(name, false)));
            if let Some(c) = cover_caption.as_deref().filter(|c| !c.is_empty()) {
                text.push_str(&format!("image_caption: {}\n", scalar(c, false)));
            }
        }
        if !p.aliases.is_empty() {
            text.push_str(&format!("aliases: {}\n", list(&p.aliases)));
        }
        if e.draft {
            text.push_str("draft: true\n");
        }
        text.push_str("---\n\n");
        text.push_str(&body);
        let text = crate::text::nfc(text);

        let folder = self.folder_of(&p.dir);
        if let Err(e2) = self.content.ensure(&folder) {
            self.fail(e, format!("content/{} cannot be made: {e2}", p.dir));
            return;
        }
        let mut done = std::mem::take(&mut self.placers.entry(p.dir.clone()).or_default().done);
        let mut broken = None;
        for c in copies {
            if done.contains(&c.name) {
                continue;
            }
            match self.content.create(&folder, &c.name, &c.bytes) {
                Ok(Created::Written) => {
                    done.insert(c.name);
                    self.report.copied += 1;
                }
                Ok(Created::Exists) => {
                    done.insert(c.name);
                }
                Err(err) => {
                    broken = Some(format!("{} cannot be written: {err}", c.name));
                    break;
                }
            }
        }
        self.placers.entry(p.dir.clone()).or_default().done = done;
        if let Some(why) = broken {
            self.fail(e, why);
            return;
        }
        let rel = if p.dir.is_empty() {
            format!("content/{}", p.name)
        } else {
            format!("content/{}/{}", p.dir, p.name)
        };
        match self.content.create(&folder, &p.name, text.as_bytes()) {
            Ok(Created::Written) => {
                for w in warnings {
                    self.warn(e, w);
                }
                self.report.written.push(rel);
            }
            Ok(Created::Exists) => {
                self.warn(e, crate::msg!("import.exists", file = rel));
                self.report.skipped += 1;
            }
            Err(err) => self.fail(
                e,
                crate::msg!("import.cannot-write", file = rel, error = err),
            ),
        }
    }

    /// Where a picture of an article goes.
    fn picture(
        &mut self,
        dir: &str,
        base: &Url,
        src: &str,
        copies: &mut Vec<Copy>,
    ) -> Result<Place, String> {
        let url = match base.join(src) {
            Some(Target::Web(u)) => u,
            Some(Target::Other(o)) if o.starts_with("data:") => {
                return Ok(Place::Gone(crate::msg!("import.picture-data")));
            }
            Some(Target::Other(o)) | Some(Target::Fragment(o)) => {
                return Ok(Place::Gone(crate::msg!("import.picture-not-url", url = o)));
            }
            None => return Ok(Place::Gone(crate::msg!("import.picture-no-url"))),
        };
        let shown = if url.is_on(&self.hosts) {
            url.display()
        } else {
            src.trim().to_owned()
        };
        if !url.is_on(&self.hosts) {
            return Ok(Place::Link {
                url: shown,
                why: crate::msg!("import.picture-remote"),
                copied: None,
            });
        }
        let found = self
            .files
            .original_of(&url.path)
            .or_else(|| self.files.find(&url.path))
            .map(Path::to_path_buf);
        let Some(path) = found else {
            return Ok(Place::Link {
                url: shown,
                why: crate::msg!("import.picture-not-in-files"),
                copied: None,
            });
        };
        let name = self.place(dir, &path, copies)?;
        if let Some(why) = unshowable(&name, copies) {
            return Ok(Place::Link {
                url: shown,
                why,
                copied: Some(name),
            });
        }
        Ok(Place::Here { name, source: path })
    }

    /// Where a link of an article leads: another imported article (as a
    /// relative `.md` link), a document copied next to it, or the old
    /// address. The flag is set for a page of the old site not imported.
    fn link(
        &mut self,
        dir: &str,
        base: &Url,
        href: &str,
        copies: &mut Vec<Copy>,
    ) -> Result<(String, bool), String> {
        let url = match base.join(href) {
            Some(Target::Web(u)) => u,
            Some(Target::Fragment(f)) => return Ok((format!("#{f}"), false)),
            Some(Target::Other(o)) => return Ok((o, false)),
            None => return Ok((href.to_owned(), false)),
        };
        if !url.is_on(&self.hosts) {
            return Ok((href.trim().to_owned(), false));
        }
        let fragment = url
            .fragment
            .as_deref()
            .map(|f| format!("#{f}"))
            .unwrap_or_default();
        let keys = [link_key(&url.alias()), link_key(&url.path)];
        if let Some(target) = keys.iter().find_map(|k| self.links.get(k)) {
            return Ok((format!("{}{fragment}", relative(dir, target)), false));
        }
        let page_like = {
            let name = url.file_name().to_ascii_lowercase();
            let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
            url.path.ends_with('/')
                || url.query.is_some()
                || matches!(
                    ext,
                    "" | "html" | "htm" | "aspx" | "asp" | "php" | "jsp" | "cfm" | "shtml"
                )
        };
        if !page_like && let Some(path) = self.files.find(&url.path).map(Path::to_path_buf) {
            return Ok((self.place(dir, &path, copies)?, false));
        }
        if self.saved {
            // A link between saved pages names the saved file: give its address back.
            let mut old = urls::saved_page_url(&decode_percent(&url.alias()));
            old.host = url.host.clone();
            old.fragment = url.fragment.clone();
            return Ok((old.display(), true));
        }
        Ok((url.display(), true))
    }

    /// The name a file of the old site gets next to the articles of `dir`:
    /// its own name as a slug, `-2`, `-3`... when another file has it.
    fn place(
        &mut self,
        dir: &str,
        source: &Path,
        copies: &mut Vec<Copy>,
    ) -> Result<String, String> {
        let folder = self.folder_of(dir);
        let placer = self.placers.entry(dir.to_owned()).or_insert_with(|| {
            let mut p = Placer::default();
            if let Ok(entries) = std::fs::read_dir(&folder) {
                for e in entries.flatten() {
                    p.taken
                        .insert(e.file_name().to_string_lossy().to_lowercase());
                }
            }
            p
        });
        let bytes = std::fs::read(source).map_err(|e| {
            crate::msg!("import.file-unreadable", file = source.display(), error = e)
        })?;
        if let Some(name) = placer.given.get(source) {
            let name = name.clone();
            copies.push(Copy {
                name: name.clone(),
                bytes,
            });
            return Ok(name);
        }
        let file = source
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (stem, ext) = match file.rsplit_once('.') {
            Some((s, e)) if !s.is_empty() => (s.to_owned(), e.to_ascii_lowercase()),
            _ => (file.clone(), String::new()),
        };
        let stem = truncate_slug(&slugify(&stem), 60);
        let stem = if stem.is_empty() {
            "tep".to_owned()
        } else {
            stem
        };
        let ext = if ext == "jpeg" {
            "jpg".to_owned()
        } else {
            slugify(&ext)
        };
        let with = |n: usize| {
            let s = if n == 1 {
                stem.clone()
            } else {
                format!("{stem}-{n}")
            };
            if ext.is_empty() {
                s
            } else {
                format!("{s}.{ext}")
            }
        };
        let mut n = 1;
        let name = loop {
            let candidate = with(n);
            let on_disk = folder.join(&candidate);
            // The same file imported before (or by another article) is used again.
            if std::fs::read(&on_disk).is_ok_and(|existing| existing == bytes) {
                placer.done.insert(candidate.clone());
                break candidate;
            }
            if !placer.taken.contains(&candidate.to_lowercase()) {
                break candidate;
            }
            n += 1;
        };
        placer.taken.insert(name.to_lowercase());
        placer.given.insert(source.to_path_buf(), name.clone());
        copies.push(Copy {
            name: name.clone(),
            bytes,
        });
        Ok(name)
    }
}

/// Where a picture goes.
enum Place {
    /// Copied next to the article under `name`.
    Here { name: String, source: PathBuf },
    /// Cannot be shown: kept as a link (to the copied file when there is one).
    Link {
        url: String,
        why: String,
        copied: Option<String>,
    },
    /// Nothing to keep.
    Gone(String),
}

/// Why a copied picture cannot be shown by the build, if it cannot (a format
/// browsers do not show, a photo cut short or not a picture at all).
fn unshowable(name: &str, copies: &[Copy]) -> Option<String> {
    let bytes = &copies.iter().rev().find(|c| c.name == name)?.bytes;
    match crate::images::kind_of(name) {
        None => Some(crate::msg!("import.not-a-picture")),
        Some(crate::images::Kind::Unsupported) => Some(crate::msg!("import.unsupported-picture")),
        Some(crate::images::Kind::Photo) => crate::images::photo_format(bytes)
            .err()
            .map(|why| crate::msg!("import.broken-picture", why = why)),
        Some(crate::images::Kind::AsItIs) => None,
    }
}

fn is_picture(dest: &str) -> bool {
    !dest.contains('/') && crate::images::kind_of(dest).is_some()
}

/// A picture's file name, for the text of a link to it.
fn file_label(url: &str) -> String {
    let name = url.rsplit('/').next().unwrap_or(url);
    decode_percent(name.split('?').next().unwrap_or(name))
}

/// A path from the folder `from` (content-relative) to a content file.
fn relative(from: &str, to: &str) -> String {
    let from: Vec<&str> = from.split('/').filter(|s| !s.is_empty()).collect();
    let to_parts: Vec<&str> = to.split('/').collect();
    let common = from
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    let mut out: Vec<&str> = vec![".."; from.len() - common];
    out.extend(&to_parts[common..]);
    out.join("/")
}

/// At most `max` bytes of a slug, cut at a `-`.
fn truncate_slug(slug: &str, max: usize) -> String {
    if slug.len() <= max {
        return slug.to_owned();
    }
    let cut = &slug[..max];
    cut.rsplit_once('-').map_or(cut, |(a, _)| a).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_that_may_be_written() {
        assert_eq!(section_folder("tin-tuc").unwrap(), "tin-tuc");
        assert_eq!(section_folder("content/tin-tuc/").unwrap(), "tin-tuc");
        for bad in ["../x", "a/b", "..", "", ".git", "_x", "teams", "C:\\x"] {
            assert!(
                matches!(section_folder(bad), Err(ImportError::Usage(_))),
                "{bad}"
            );
        }
    }

    #[test]
    fn a_refused_section_is_explained_in_vietnamese() {
        let Err(ImportError::Usage(why)) =
            crate::messages::scoped(crate::messages::Lang::Vi, || section_folder("teams"))
        else {
            panic!("teams is not a section");
        };
        assert_eq!(
            why,
            "--into teams: thư mục này chứa tệp dữ liệu, không chứa bài viết; hãy ghi tên một thư mục chuyên mục trong content/, ví dụ tin-tuc"
        );
    }

    #[test]
    fn relative_links_between_content_files() {
        assert_eq!(relative("tin-tuc", "tin-tuc/a.md"), "a.md");
        assert_eq!(relative("tin-tuc", "gioi-thieu.md"), "../gioi-thieu.md");
        assert_eq!(relative("", "tin-tuc/a.md"), "tin-tuc/a.md");
        assert_eq!(relative("mo-hinh", "tin-tuc/a.md"), "../tin-tuc/a.md");
    }

    #[test]
    fn long_slugs_are_cut_at_a_word() {
        assert_eq!(truncate_slug("mot-hai-ba-bon", 9), "mot-hai");
        assert_eq!(truncate_slug("ngan", 9), "ngan");
    }
}
