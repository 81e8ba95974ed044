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

/// A site kept in memory between rebuilds.
pub struct Preview {
    options: PreviewOptions,
    cache: LoadCache,
    memo: Memo,
    site: Arc<SiteFiles>,
}

impl Preview {
    pub fn new(options: PreviewOptions) -> Preview {
        Preview {
            options,
            cache: LoadCache::new(),
            memo: Memo::new(),
            site: Arc::new(SiteFiles::default()),
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

    /// Rebuilds what changed since the last rebuild. On errors the last
    /// good site stays as it is and every error is returned.
    pub fn rebuild(&mut self) -> Result<Rebuild, Vec<Diagnostic>> {
        let started = Instant::now();
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
        // Rendered against a copy of the memo, so a failed render leaves it
        // matching the site still published.
        let rendered =
            render::render_with_memo(&site, bodies, &sink, None, Some(&mut self.memo), &mut diags);
        if rendered.is_none() || diags.has_errors() {
            return Err(diags.into_sorted());
        }
        let files = sink.files.into_inner().unwrap_or_else(|e| e.into_inner());
        self.site = Arc::new(SiteFiles { files });
        Ok(Rebuild {
            rendered: self.memo.rendered_last_time(),
            bodies: self.memo.bodies_read_last_time(),
            files: self.site.len(),
            elapsed: started.elapsed(),
            warnings: diags.into_sorted(),
        })
    }
}
