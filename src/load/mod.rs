//! Stage 1, load: the only stage that reads the site's files. It walks
//! `content/` in sorted order, reads and parses every file exactly once (in
//! parallel), and hands the model typed [`Sources`]. Files it does not
//! understand are assets, copied as they are by the write stage.

pub mod article;
mod body;
pub(crate) mod data;
pub mod document;
pub(crate) mod frontmatter;
pub(crate) mod theme;

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use walkdir::WalkDir;

use crate::config::{self, Config};
use crate::diag::{Diagnostic, Diagnostics};
use crate::{files, text};

pub(crate) use article::ArticleSource;
pub(crate) use body::{Body, Citation};
pub(crate) use data::{RegionSource, SectionMeta, SortOrder, TagTranslations, TeamSource};
pub(crate) use document::DocumentSource;
pub(crate) use theme::Theme;

/// A top-level folder of `content/` holding articles.
#[derive(Debug, Clone)]
pub(crate) struct SectionSource {
    /// Folder name, also the default URL segment (slugified).
    pub(crate) folder: String,
    /// `content/<folder>/_section.yaml` if there is one.
    pub(crate) meta_file: Option<String>,
    pub(crate) meta: SectionMeta,
}

/// A file copied as it is.
#[derive(Debug, Clone)]
pub(crate) struct Asset {
    /// Path relative to `content/`, with `/` separators; also its output path.
    pub(crate) rel: String,
    pub(crate) path: PathBuf,
}

/// Everything the site's files say, parsed and checked file by file.
#[derive(Debug)]
pub struct Sources {
    pub(crate) root: PathBuf,
    pub(crate) config: Config,
    pub(crate) theme: Theme,
    pub(crate) sections: Vec<SectionSource>,
    pub(crate) articles: Vec<ArticleSource>,
    /// Documents of `van-ban/` and their translations, in path order.
    pub(crate) documents: Vec<DocumentSource>,
    pub(crate) teams: Vec<TeamSource>,
    pub(crate) regions: Vec<RegionSource>,
    pub(crate) tags: TagTranslations,
    pub(crate) assets: Vec<Asset>,
    /// Content-relative paths of files that failed to load (their errors are
    /// reported); later stages do not report them again as missing.
    pub(crate) failed: Vec<String>,
}

/// What a file under `content/` is.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    Article,
    Document,
    SectionMeta,
    Team,
    Region,
    Tags,
    Asset,
    Ignored(Unused),
}

/// Why a file of `content/` is not used (a warning says so, but for site.yaml).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Unused {
    /// site.yaml, read before the walk.
    SiteFile,
    TeamsMarkdown,
    DocumentsSection,
    DeepSection,
}

impl Unused {
    fn message(self) -> String {
        match self {
            Unused::SiteFile => String::new(),
            Unused::TeamsMarkdown => crate::msg!("load.unused-teams-markdown"),
            Unused::DocumentsSection => crate::msg!("load.unused-documents-section"),
            Unused::DeepSection => crate::msg!("load.unused-deep-section"),
        }
    }
}

fn classify(rel: &str) -> Kind {
    let parts: Vec<&str> = rel.split('/').collect();
    let name = parts[parts.len() - 1];
    let is_yaml = name.ends_with(".yaml") || name.ends_with(".yml");
    let is_md = name.ends_with(".md");
    match parts.as_slice() {
        [config::SITE_NAME] => Kind::Ignored(Unused::SiteFile),
        ["tags.yaml"] => Kind::Tags,
        [_] if is_md => Kind::Article,
        ["teams", _] if is_yaml => Kind::Team,
        ["regions", _] if is_yaml => Kind::Region,
        ["teams" | "regions", ..] if is_md => Kind::Ignored(Unused::TeamsMarkdown),
        [document::FOLDER, .., _] if is_md => Kind::Document,
        [document::FOLDER, "_section.yaml"] => Kind::Ignored(Unused::DocumentsSection),
        [_, "_section.yaml"] => Kind::SectionMeta,
        [_, .., "_section.yaml"] => Kind::Ignored(Unused::DeepSection),
        [_, ..] if is_md => Kind::Article,
        _ => Kind::Asset,
    }
}

/// Names editors' tools leave behind that must never be published.
fn is_junk(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "Thumbs.db"
}

/// Whether the file at content-relative `rel` is one a load never reads:
/// gone (an editor's temporary file renamed over an article), or named as
/// editors' tools name their leftovers (in any folder of its path).
pub(crate) fn unseen(root: &Path, rel: &str) -> bool {
    rel.split('/').any(is_junk)
        || std::fs::symlink_metadata(root.join("content").join(rel)).is_err()
}

/// Result of parsing one file.
#[derive(Clone)]
enum Parsed {
    Article(Box<ArticleSource>),
    Document(Box<DocumentSource>),
    Section(String, SectionMeta),
    Team(TeamSource),
    Region(RegionSource),
    Tags(TagTranslations),
    Nothing,
}

/// What `kheo serve` keeps between two loads: each file's parse, with the
/// file's modification time and size and the site.yaml it was parsed under,
/// so a rebuild reads and parses only the files that changed.
#[derive(Default)]
pub(crate) struct LoadCache {
    files: std::collections::HashMap<String, CachedFile>,
}

/// A file's modification time and size.
type Stamp = (std::time::SystemTime, u64);

struct CachedFile {
    stamp: Stamp,
    config: u64,
    parsed: Parsed,
    diags: Diagnostics,
}

impl LoadCache {
    pub(crate) fn new() -> LoadCache {
        LoadCache::default()
    }

    /// Drops the parse of a content-relative file.
    pub(crate) fn forget(&mut self, rel: &str) {
        self.files.remove(rel);
    }

    /// The new body of the article at content-relative `rel` when an edit
    /// changed nothing of it but its Markdown text: its front matter,
    /// summary, dates, cited document numbers, pictures and links, fenced
    /// code and problems are
    /// those of its last parse here, so the model built from the last parse
    /// still holds for it. `None` for any other change, or any other file.
    /// The cache itself is left as it was (the full rebuild that follows
    /// parses the file again).
    pub(crate) fn body_edit(&self, root: &Path, rel: &str, config: &Config) -> Option<Body> {
        let cached = self.files.get(rel)?;
        let Parsed::Article(old) = &cached.parsed else {
            return None;
        };
        let path = root.join("content").join(rel);
        // A link goes through the full load, which checks where it points.
        if !std::fs::symlink_metadata(&path).ok()?.is_file() || classify(rel) != Kind::Article {
            return None;
        }
        let mut diags = Diagnostics::new();
        let Parsed::Article(new) = parse_one(&Kind::Article, rel, &path, config, true, &mut diags)
        else {
            return None;
        };
        let same = new.path == old.path
            && new.fm_text == old.fm_text
            && new.date == old.date
            && new.has_time == old.has_time
            && new.updated == old.updated
            && new.summary == old.summary
            && new.body_line == old.body_line
            && new.body.fenced == old.body.fenced
            && new.body.citations == old.body.citations
            && new.body.refs == old.body.refs
            && diags.into_sorted() == cached.diags.clone().into_sorted();
        same.then_some(new.body)
    }
}

/// Loads a site. Returns `None` when site.yaml itself cannot be used (the
/// reason is in `diags`); other files' problems are in `diags` too.
pub fn load(root: &Path, base_url: Option<&str>, diags: &mut Diagnostics) -> Option<Sources> {
    load_cached(root, base_url, None, diags)
}

/// [`load`], reusing the parse of every file whose modification time and
/// size are those in `cache` (and updating the cache).
pub(crate) fn load_cached(
    root: &Path,
    base_url: Option<&str>,
    cache: Option<&mut LoadCache>,
    diags: &mut Diagnostics,
) -> Option<Sources> {
    let content = root.join("content");
    if !content.is_dir() {
        diags.push(
            Diagnostic::error(
                "content/",
                1,
                1,
                crate::msg!("load.no-content", root = root.display()),
            )
            .with_code("no-content"),
        );
        return None;
    }
    let site_path = content.join(config::SITE_NAME);
    let site_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    // site.yaml as a link: only to a file of the site, as any link in content/
    // (a link out of it must not show a line of another file in an error).
    if std::fs::symlink_metadata(&site_path).is_ok_and(|m| m.file_type().is_symlink()) {
        let mut why = Diagnostics::new();
        if symlink_target(&site_path, &site_root, config::SITE_FILE, &mut why).is_none() {
            for mut d in why.into_sorted() {
                // The site cannot be built without it.
                d.severity = crate::diag::Severity::Error;
                d.hint = Some(crate::msg!("load.site-link.hint"));
                diags.push(d);
            }
            return None;
        }
    }
    let site_text = match files::read(&site_path, files::TEXT) {
        Ok(bytes) => match text::decode(bytes) {
            Ok(t) => t,
            Err(e) => {
                diags.push(
                    Diagnostic::error(
                        config::SITE_FILE,
                        e.line,
                        e.column,
                        crate::msg!("load.not-utf8"),
                    )
                    .with_code("read"),
                );
                return None;
            }
        },
        Err(files::Refused::Io(e)) => {
            let msg = if e.kind() == std::io::ErrorKind::NotFound {
                crate::msg!("load.site-missing")
            } else {
                crate::msg!("load.site-unreadable", error = e)
            };
            diags.push(Diagnostic::error(config::SITE_FILE, 1, 1, msg).with_code("config"));
            return None;
        }
        Err(refused) => {
            diags.push(refused_at(config::SITE_FILE, &refused));
            return None;
        }
    };
    let bad_chars = text::forbidden_char_errors(config::SITE_FILE, &site_text);
    if !bad_chars.is_empty() {
        diags.extend(bad_chars);
        return None;
    }
    let config_print = {
        use std::hash::{BuildHasher, Hasher};
        let mut h = foldhash::fast::FixedState::with_seed(1).build_hasher();
        h.write(site_text.as_bytes());
        h.write(base_url.unwrap_or_default().as_bytes());
        h.finish()
    };
    let config = config::parse(site_text, base_url, diags)?;
    let theme = theme::load(root, &config, diags);

    // Files refused before parsing (their errors are reported).
    let mut failed = Vec::new();
    // Walk in sorted order so nothing depends on the file system's order.
    let mut entries: Vec<(String, PathBuf, u64)> = Vec::new();
    let mut walker = WalkDir::new(&content)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_junk(&e.file_name().to_string_lossy()));
    while let Some(entry) = walker.next() {
        let entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let file = e
                    .path()
                    .and_then(|p| p.strip_prefix(root).ok())
                    .map_or("content/".to_owned(), |p| {
                        p.to_string_lossy().replace('\\', "/")
                    });
                diags.push(
                    Diagnostic::error(file, 1, 1, crate::msg!("load.cannot-read", error = e))
                        .with_code("read"),
                );
                continue;
            }
        };
        let Ok(rel) = entry.path().strip_prefix(&content) else {
            continue;
        };
        // NFC, so a file saved with a decomposed name is found by a link typed precomposed.
        let rel = text::nfc(rel.to_string_lossy().replace('\\', "/"));
        let file = format!("content/{rel}");
        if entry.depth() > 0 && entry.file_name().to_str().is_none() {
            diags.push(bad_name(&file, entry.file_type().is_dir()));
            failed.push(rel);
            if entry.file_type().is_dir() {
                walker.skip_current_dir();
            }
            continue;
        }
        if entry.file_type().is_dir() {
            continue;
        }
        if let Some(c) = rel.chars().find(|c| text::is_forbidden(*c)) {
            let shown: String = rel
                .chars()
                .map(|c| if text::is_forbidden(c) { '?' } else { c })
                .collect();
            diags.push(
                Diagnostic::error(
                    format!("content/{shown}"),
                    1,
                    1,
                    crate::msg!("load.name-control-char", char = text::describe(c)),
                )
                .with_code("control-char")
                .with_hint(crate::msg!("load.name-control-char.hint")),
            );
            continue;
        }
        let len = if entry.path_is_symlink() {
            match symlink_target(entry.path(), &site_root, &file, diags) {
                Some(meta) => meta.len(),
                None => continue,
            }
        } else {
            match entry.metadata() {
                Ok(meta) if meta.is_file() => meta.len(),
                Ok(meta) => {
                    let what =
                        files::special_kind(&meta.file_type()).unwrap_or(files::SPECIAL_FILE);
                    diags.push(refused_at(&file, &files::Refused::Special(what)));
                    failed.push(rel);
                    continue;
                }
                Err(e) => {
                    diags.push(
                        Diagnostic::error(&file, 1, 1, crate::msg!("load.cannot-read", error = e))
                            .with_code("read"),
                    );
                    failed.push(rel);
                    continue;
                }
            }
        };
        entries.push((rel, entry.into_path(), len));
    }

    let mut sections: Vec<SectionSource> = Vec::new();
    let mut assets = Vec::new();
    let mut jobs: Vec<(Kind, String, PathBuf)> = Vec::new();
    for (rel, path, len) in entries {
        let kind = classify(&rel);
        let limit = match kind {
            Kind::Ignored(_) => None,
            Kind::Asset if crate::images::kind_of(&rel) == Some(crate::images::Kind::Photo) => {
                Some(files::PICTURE)
            }
            Kind::Asset => Some(files::ASSET),
            _ => Some(files::TEXT),
        };
        if let Some(limit) = limit
            && len > limit.bytes
        {
            let refused = files::Refused::TooLarge { size: len, limit };
            diags.push(refused_at(&format!("content/{rel}"), &refused));
            failed.push(rel);
            continue;
        }
        match kind {
            Kind::Asset => assets.push(Asset { rel, path }),
            Kind::Ignored(Unused::SiteFile) => {}
            Kind::Ignored(why) => diags.push(
                Diagnostic::warning(format!("content/{rel}"), 1, 1, why.message())
                    .with_code("ignored"),
            ),
            Kind::Article => {
                if let Some((folder, _)) = rel.split_once('/') {
                    note_section(&mut sections, folder);
                }
                jobs.push((kind, rel, path));
            }
            Kind::SectionMeta => {
                if let Some((folder, _)) = rel.split_once('/') {
                    note_section(&mut sections, folder);
                }
                jobs.push((kind, rel, path));
            }
            _ => jobs.push((kind, rel, path)),
        }
    }

    if !config.markdown.raw_html {
        diags.extend(scripted_assets(&assets));
    }

    let stamp = |path: &Path| {
        std::fs::metadata(path)
            .ok()
            .map(|m| (m.modified().unwrap_or(std::time::UNIX_EPOCH), m.len()))
    };
    let cached = cache.as_deref();
    // `kheo serve` keeps its files parsed, bodies included; a build reads
    // each body again when its page renders.
    let hold = cache.is_some();
    let results: Vec<(Parsed, Diagnostics, Option<Stamp>)> = jobs
        .par_iter()
        .map(|(kind, rel, path)| {
            let now = cached.and_then(|_| stamp(path));
            if let (Some(c), Some(now)) = (cached.and_then(|c| c.files.get(rel)), now)
                && c.stamp == now
                && c.config == config_print
            {
                return (c.parsed.clone(), c.diags.clone(), None);
            }
            let mut d = Diagnostics::new();
            let parsed = parse_one(kind, rel, path, &config, hold, &mut d);
            (parsed, d, now)
        })
        .collect();
    if let Some(cache) = cache {
        let live: std::collections::HashSet<&str> =
            jobs.iter().map(|(_, rel, _)| rel.as_str()).collect();
        cache.files.retain(|rel, _| live.contains(rel.as_str()));
        for ((parsed, d, now), (_, rel, _)) in results.iter().zip(&jobs) {
            if let Some(now) = now {
                cache.files.insert(
                    rel.clone(),
                    CachedFile {
                        stamp: *now,
                        config: config_print,
                        parsed: parsed.clone(),
                        diags: d.clone(),
                    },
                );
            }
        }
    }

    // An `ArticleSource` is large and there is one per file: sized once,
    // not grown by doubling.
    let article_count = jobs.iter().filter(|(k, ..)| *k == Kind::Article).count();
    let mut articles = Vec::with_capacity(article_count);
    let mut documents = Vec::new();
    let mut teams = Vec::new();
    let mut regions = Vec::new();
    let mut tags = TagTranslations::default();
    for ((parsed, d, _), (_, rel, _)) in results.into_iter().zip(&jobs) {
        if d.has_errors() {
            failed.push(rel.clone());
        }
        diags.extend(d);
        match parsed {
            Parsed::Article(a) => articles.push(*a),
            Parsed::Document(d) => documents.push(*d),
            Parsed::Section(folder, meta) => {
                if let Some(s) = sections.iter_mut().find(|s| s.folder == folder) {
                    s.meta_file = Some(format!("content/{folder}/_section.yaml"));
                    s.meta = meta;
                }
            }
            Parsed::Team(t) => teams.push(t),
            Parsed::Region(r) => regions.push(r),
            Parsed::Tags(t) => tags = t,
            Parsed::Nothing => {}
        }
    }
    let asset_files: std::collections::HashMap<&str, &Path> = assets
        .iter()
        .map(|a| (a.rel.as_str(), a.path.as_path()))
        .collect();
    for d in &mut documents {
        let mut found = Diagnostics::new();
        document::attach(d, &asset_files, &mut found);
        if found.has_errors() {
            failed.push(d.path.file.trim_start_matches("content/").to_owned());
        }
        diags.extend(found);
    }
    Some(Sources {
        root: root.to_path_buf(),
        config,
        theme: theme?,
        sections,
        articles,
        documents,
        teams,
        regions,
        tags,
        assets,
        failed,
    })
}

/// Where raw HTML is not allowed, the files of `content/` a browser could
/// run a script from: web pages, and SVG or XML files holding a script.
fn scripted_assets(assets: &[Asset]) -> Vec<Diagnostic> {
    assets
        .par_iter()
        .filter_map(|a| {
            let file = format!("content/{}", a.rel);
            if crate::safety::is_web_page(&a.rel) {
                return Some(
                    Diagnostic::error(&file, 1, 1, crate::msg!("load.web-page"))
                        .with_code("file-script")
                        .with_hint(crate::msg!("load.web-page.hint")),
                );
            }
            if !crate::safety::is_svg_or_xml(&a.rel) {
                return None;
            }
            match files::read(&a.path, files::ASSET) {
                Ok(bytes) => crate::safety::file_script_error(&file, &bytes),
                Err(refused) => Some(refused_at(&file, &refused)),
            }
        })
        .collect()
}

/// Where a symbolic link in `content/` or a theme leads, when it may be
/// read: to a regular file inside the site that is not hidden. Links out
/// of the site are never followed (a link to `/etc/passwd` must not publish
/// it), nor links to hidden files (`.env`, `.git/config`: hidden files stay
/// unpublished whichever way they are reached), nor links to folders.
/// Returns the target's metadata.
pub(crate) fn symlink_target(
    path: &Path,
    site_root: &Path,
    file: &str,
    diags: &mut Diagnostics,
) -> Option<std::fs::Metadata> {
    let not_followed = |why: String| {
        Diagnostic::warning(file, 1, 1, why)
            .with_code("symlink")
            .with_hint(crate::msg!("load.link-not-followed.hint"))
    };
    let target = match path.canonicalize() {
        Ok(t) => t,
        Err(e) => {
            diags.push(
                Diagnostic::error(file, 1, 1, crate::msg!("load.link-nowhere", error = e))
                    .with_code("read"),
            );
            return None;
        }
    };
    let Ok(inside) = target.strip_prefix(site_root) else {
        diags.push(not_followed(crate::msg!(
            "load.link-outside",
            target = target.display()
        )));
        return None;
    };
    if inside
        .components()
        .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
    {
        diags.push(not_followed(crate::msg!(
            "load.link-hidden",
            target = inside.display()
        )));
        return None;
    }
    let meta = match std::fs::metadata(&target) {
        Ok(m) => m,
        Err(e) => {
            diags.push(
                Diagnostic::error(file, 1, 1, crate::msg!("load.cannot-read", error = e))
                    .with_code("read"),
            );
            return None;
        }
    };
    if meta.is_dir() {
        diags.push(
            Diagnostic::warning(file, 1, 1, crate::msg!("load.link-folder")).with_code("symlink"),
        );
        return None;
    }
    if let Some(what) = files::special_kind(&meta.file_type()) {
        diags.push(refused_at(file, &files::Refused::Special(what)));
        return None;
    }
    Some(meta)
}

/// An error at a file kheo refused to read.
pub(crate) fn refused_at(file: &str, refused: &files::Refused) -> Diagnostic {
    let d = Diagnostic::error(file, 1, 1, refused.to_string()).with_code(refused.code());
    match refused.hint() {
        Some(hint) => d.with_hint(hint),
        None => d,
    }
}

/// A file or folder whose name is not UTF-8 (shown with U+FFFD in its place).
pub(crate) fn bad_name(file: &str, is_dir: bool) -> Diagnostic {
    let what = if is_dir {
        crate::msg!("load.folder-name-not-utf8")
    } else {
        crate::msg!("load.file-name-not-utf8")
    };
    Diagnostic::error(file, 1, 1, what)
        .with_code("file-name")
        .with_hint(crate::msg!("load.name-not-utf8.hint"))
}

fn note_section(sections: &mut Vec<SectionSource>, folder: &str) {
    if matches!(folder, "teams" | "regions") || sections.iter().any(|s| s.folder == folder) {
        return;
    }
    sections.push(SectionSource {
        folder: folder.to_owned(),
        meta_file: None,
        meta: SectionMeta::default(),
    });
}

fn parse_one(
    kind: &Kind,
    rel: &str,
    path: &Path,
    config: &Config,
    hold: bool,
    diags: &mut Diagnostics,
) -> Parsed {
    let file = format!("content/{rel}");
    let article_path = if matches!(kind, Kind::Article | Kind::Document) {
        match article::article_path(rel, config) {
            Ok(p) => Some(p),
            Err(why) => {
                diags.push(Diagnostic::warning(&file, 1, 1, why).with_code("language"));
                return Parsed::Nothing;
            }
        }
    } else {
        None
    };
    let text = match files::read(path, files::TEXT) {
        Ok(bytes) => match text::decode(bytes) {
            Ok(t) => t,
            Err(e) => {
                diags.push(
                    Diagnostic::error(&file, e.line, e.column, crate::msg!("load.not-utf8"))
                        .with_code("utf8")
                        .with_hint(crate::msg!("load.not-utf8.hint")),
                );
                return Parsed::Nothing;
            }
        },
        Err(refused) => {
            diags.push(refused_at(&file, &refused));
            return Parsed::Nothing;
        }
    };
    let bad_chars = text::forbidden_char_errors(&file, &text);
    if !bad_chars.is_empty() {
        diags.extend(bad_chars);
        return Parsed::Nothing;
    }
    let stem = |name: &str| {
        name.rsplit('/')
            .next()
            .unwrap_or(name)
            .trim_end_matches(".yaml")
            .trim_end_matches(".yml")
            .to_owned()
    };
    match kind {
        Kind::Article => article_path
            .and_then(|p| article::parse(p, &text, path, hold, config, diags))
            .map_or(Parsed::Nothing, |a| Parsed::Article(Box::new(a))),
        Kind::Document => article_path
            .and_then(|p| {
                let translation = p.lang != config.default_lang();
                document::parse(p, &text, config, translation, diags)
            })
            .map_or(Parsed::Nothing, |d| Parsed::Document(Box::new(d))),
        Kind::SectionMeta => {
            let folder = rel.split('/').next().unwrap_or_default().to_owned();
            data::parse_section(&file, &text, config, diags)
                .map_or(Parsed::Nothing, |m| Parsed::Section(folder, m))
        }
        Kind::Team => data::parse_team(&stem(rel), &file, &text, config, diags)
            .map_or(Parsed::Nothing, Parsed::Team),
        Kind::Region => {
            data::parse_region(&file, &text, config, diags).map_or(Parsed::Nothing, Parsed::Region)
        }
        Kind::Tags => {
            data::parse_tags(&file, &text, config, diags).map_or(Parsed::Nothing, Parsed::Tags)
        }
        Kind::Asset | Kind::Ignored(_) => Parsed::Nothing,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classification() {
        assert_eq!(classify("site.yaml"), Kind::Ignored(Unused::SiteFile));
        let said = crate::messages::scoped(crate::messages::Lang::Vi, || {
            Unused::TeamsMarkdown.message()
        });
        assert!(said.contains("không được dựng"), "{said}");
        assert_eq!(classify("tags.yaml"), Kind::Tags);
        assert_eq!(classify("gioi-thieu.md"), Kind::Article);
        assert_eq!(classify("tin-tuc/x.md"), Kind::Article);
        assert_eq!(classify("tin-tuc/2024/x.en.md"), Kind::Article);
        assert_eq!(classify("tin-tuc/_section.yaml"), Kind::SectionMeta);
        assert!(matches!(
            classify("tin-tuc/a/_section.yaml"),
            Kind::Ignored(_)
        ));
        assert_eq!(classify("teams/lai-xa.yaml"), Kind::Team);
        assert_eq!(classify("regions/hai-duong.yml"), Kind::Region);
        assert_eq!(classify("teams/lai-xa.jpg"), Kind::Asset);
        assert!(matches!(classify("teams/x.md"), Kind::Ignored(_)));
        assert_eq!(classify("tin-tuc/anh.jpg"), Kind::Asset);
        assert_eq!(classify("van-ban/80-hd.md"), Kind::Document);
        assert_eq!(classify("van-ban/2012/80-hd.en.md"), Kind::Document);
        assert_eq!(classify("van-ban/80-hd.pdf"), Kind::Asset);
        assert!(matches!(
            classify("van-ban/_section.yaml"),
            Kind::Ignored(_)
        ));
        assert_eq!(classify("favicon.ico"), Kind::Asset);
    }

    #[test]
    fn junk_names() {
        assert!(is_junk(".DS_Store"));
        assert!(is_junk("bai.md~"));
        assert!(is_junk("#bai.md#"));
        assert!(!is_junk("bai.md"));
    }
}
