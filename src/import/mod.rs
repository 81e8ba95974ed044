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
mod run;
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
use crate::scaffold::yaml_text::{list, scalar};
use crate::slug::slugify;
use crate::url::decode_percent;

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
    pub kind: String,
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
            kind: source.kind.clone(),
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
