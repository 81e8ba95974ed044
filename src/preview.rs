//! A site built into memory and rebuilt incrementally: what `kheo serve`
//! shows. It runs the same stages as `kheo build` (load → model → render),
//! with two memories between rebuilds: the parse of every unchanged file
//! ([`LoadCache`]) and the fingerprint of every output ([`Memo`]), so an edit
//! re-parses one file and re-renders only the pages that show what changed.
//!
//! A rebuild with errors changes nothing: the last good site stays
//! published, and the errors are returned for the terminal and the browser.

use std::collections::HashMap;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use crate::diag::{Diagnostic, Diagnostics};
use crate::load::LoadCache;
use crate::model;
use crate::render::{self, memo::Memo};
use crate::write::Sink;

/// The files of a built site, by output path (`en/news/x/index.html`).
#[derive(Debug, Default, Clone)]
pub struct SiteFiles {
    files: HashMap<String, Arc<[u8]>>,
}

impl SiteFiles {
    pub fn get(&self, rel: &str) -> Option<&Arc<[u8]>> {
        self.files.get(rel)
    }

    pub(crate) fn len(&self) -> usize {
        self.files.len()
    }

    /// Every output path, sorted.
    pub fn paths(&self) -> Vec<&str> {
        let mut paths: Vec<&str> = self.files.keys().map(String::as_str).collect();
        paths.sort_unstable();
        paths
    }
}

/// A sink that collects a build in memory, taking files an incremental
/// render keeps from the previous build.
struct MemorySink<'a> {
    previous: &'a SiteFiles,
    files: Mutex<HashMap<String, Arc<[u8]>>>,
}

impl MemorySink<'_> {
    fn put(&self, rel: &str, bytes: Arc<[u8]>) {
        if let Ok(mut files) = self.files.lock() {
            files.insert(rel.to_owned(), bytes);
        }
    }
}

impl Sink for MemorySink<'_> {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        self.put(rel, Arc::from(bytes));
        Ok(())
    }

    fn copy(&self, rel: &str, from: &Path) -> io::Result<()> {
        let bytes = crate::files::read(from, crate::files::ASSET)?;
        self.put(rel, Arc::from(bytes));
        Ok(())
    }

    fn keep(&self, rel: &str) {
        if let Some(bytes) = self.previous.get(rel) {
            self.put(rel, bytes.clone());
        }
    }
}

/// What `kheo serve` was asked for.
#[derive(Debug, Clone)]
pub struct PreviewOptions {
    pub root: PathBuf,
    pub drafts: bool,
    pub future: bool,
    /// Replaces `base_url` (the server's own address), so links stay on it.
    pub base_url: Option<String>,
}

/// What one rebuild did.
#[derive(Debug, Clone)]
pub struct Rebuild {
    /// Outputs rendered anew; the others were kept from the last build.
    pub rendered: usize,
    /// Page bodies read anew (Markdown and search words); the others were
    /// remembered.
    pub bodies: usize,
    /// All outputs of the site.
    pub files: usize,
    pub elapsed: Duration,
    pub warnings: Vec<Diagnostic>,
}

/// What [`Preview::show_edit_first`] did.
#[derive(Debug, Clone)]
pub struct Shown {
    /// The output paths of the pages that changed (`tin-tuc/x/index.html`).
    pub pages: Vec<String>,
    pub elapsed: Duration,
}

/// The model of the last good rebuild, for [`Preview::show_edit_first`].
struct LastModel {
    site: model::Site,
    /// Whether any body had fenced code (the site then links the
    /// highlighting stylesheet).
    has_code: bool,
}

/// A site kept in memory between rebuilds.
pub struct Preview {
    options: PreviewOptions,
    cache: LoadCache,
    memo: Memo,
    site: Arc<SiteFiles>,
    last: Option<LastModel>,
}

impl Preview {
    pub fn new(options: PreviewOptions) -> Preview {
        Preview {
            options,
            cache: LoadCache::new(),
            memo: Memo::new(),
            site: Arc::new(SiteFiles::default()),
            last: None,
        }
    }

    /// The last good build (empty before the first one succeeds).
    pub fn site(&self) -> Arc<SiteFiles> {
        self.site.clone()
    }

    /// Forgets what is known of a file, so the next rebuild reads it again
    /// even if its time and size look unchanged (two saves in one tick).
    pub(crate) fn forget(&mut self, content_rel: &str) {
        self.cache.forget(content_rel);
    }

    /// Forgets what is known of every file: the next rebuild reads them all.
    pub(crate) fn forget_all(&mut self) {
        self.cache = LoadCache::new();
    }

    /// The first answer to an edit of the articles at `changed`
    /// (content-relative paths) that changed nothing but their Markdown
    /// text: their pages rendered again against the last rebuild's model
    /// and published at once, in milliseconds whatever the size of the site
    /// (nothing else of the site can show an article's text but its own
    /// pages, its search entry, its feed item and its related checks).
    /// [`Preview::rebuild`] must follow: it brings the rest (search index,
    /// feeds, warnings) and renders the same bytes for these pages. `None`,
    /// and nothing published, for any other edit or any error.
    pub fn show_edit_first(&mut self, changed: &[String]) -> Option<Shown> {
        let started = Instant::now();
        let last = self.last.as_ref()?;
        let mut pages = Vec::with_capacity(changed.len());
        for rel in changed {
            if crate::load::unseen(&self.options.root, rel) {
                continue;
            }
            let body = self
                .cache
                .body_edit(&self.options.root, rel, &last.site.config)?;
            let id = last.site.page_of_source(rel)?;
            pages.push((id, body));
        }
        if pages.is_empty() {
            return None;
        }
        let sink = MemorySink {
            previous: &self.site,
            files: Mutex::new(HashMap::new()),
        };
        let only = render::Only {
            pages,
            has_code: last.has_code,
        };
        let mut diags = Diagnostics::new();
        // Warnings are the full rebuild's to report; an error leaves the
        // published site to it too.
        render::render_pages(&last.site, only, &sink, &mut self.memo, &mut diags)?;
        if diags.has_errors() {
            return None;
        }
        let written = sink.files.into_inner().unwrap_or_else(|e| e.into_inner());
        let mut changed_pages: Vec<String> = written
            .iter()
            .filter(|(rel, bytes)| {
                rel.ends_with(".html") && self.site.get(rel).is_none_or(|b| b != *bytes)
            })
            .map(|(rel, _)| rel.clone())
            .collect();
        changed_pages.sort_unstable();
        if changed_pages.is_empty() {
            // A save that changed nothing shown (the same text again).
            return None;
        }
        let mut files = self.site.files.clone();
        files.extend(written);
        self.site = Arc::new(SiteFiles { files });
        Some(Shown {
            pages: changed_pages,
            elapsed: started.elapsed(),
        })
    }

    /// Rebuilds what changed since the last rebuild. On errors the last
    /// good site stays as it is and every error is returned.
    pub fn rebuild(&mut self) -> Result<Rebuild, Vec<Diagnostic>> {
        let started = Instant::now();
        // Never two models at once: the new one is built from the files.
        self.last = None;
        let mut timer = crate::timings::Timer::start();
        let mut diags = Diagnostics::new();
        let opts = &self.options;
        let flags = model::Flags::publishing(opts.drafts, opts.future);
        let loaded = crate::load_site(
            &opts.root,
            opts.base_url.as_deref(),
            Some(&mut self.cache),
            flags,
            &mut diags,
            || timer.lap("load (changed)"),
        );
        let Some((site, bodies)) = loaded.filter(|_| !diags.has_errors()) else {
            return Err(diags.into_sorted());
        };
        timer.lap("model");
        let sink = MemorySink {
            previous: &self.site,
            files: Mutex::new(HashMap::with_capacity(self.site.len())),
        };
        let has_code = bodies.iter().any(|b| b.fenced);
        // Rendered against a copy of the memo, so a failed render leaves it
        // matching the site still published.
        let rendered =
            render::render_with_memo(&site, bodies, &sink, None, Some(&mut self.memo), &mut diags);
        if rendered.is_none() || diags.has_errors() {
            return Err(diags.into_sorted());
        }
        let files = sink.files.into_inner().unwrap_or_else(|e| e.into_inner());
        self.site = Arc::new(SiteFiles { files });
        self.last = Some(LastModel { site, has_code });
        Ok(Rebuild {
            rendered: self.memo.rendered_last_time(),
            bodies: self.memo.bodies_read_last_time(),
            files: self.site.len(),
            elapsed: started.elapsed(),
            warnings: diags.into_sorted(),
        })
    }
}
