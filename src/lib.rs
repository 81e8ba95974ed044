//! kheo: a bilingual static site generator for the editors of Vietnam's
//! mass-mobilization commissions (Ban Dân vận).
//!
//! A build is a pipeline of plain stages, each a function from a typed input
//! to a typed output:
//!
//! ```text
//! content/ + themes/ --load--> Sources --model--> Site --plan photos--> Photos
//!   --produce photos--> --render--> pages --publish photos--> files --write--> public/
//! ```
//!
//! Only [`load`] reads the site's files (and the photo stage, `images`, the
//! photos pages use), only [`write`] writes (and the photo stage, the image
//! cache); [`model`] and [`render`] are pure and deterministic. [`build`]
//! runs them all; `kheo check` never produces photos.
//!
//! Items are `pub(crate)` unless the binary, the integration tests or the
//! benches use them; `unreachable_pub` keeps a `pub` that nothing outside
//! can reach from creeping back.

#![warn(unreachable_pub)]

pub mod check;
pub mod collate;
pub mod config;
pub mod date;
pub mod diag;
pub mod doc_numbers;
pub mod figures;
pub mod files;
pub mod highlight;
pub mod images;
pub mod import;
pub mod limits;
pub mod load;
pub mod locale;
pub mod markdown;
pub mod messages;
pub mod model;
pub mod number;
pub(crate) mod portable;
pub mod preview;
pub mod progress;
pub mod render;
pub(crate) mod safety;
pub mod scaffold;
pub mod search;
pub mod serve;
pub mod slug;
pub mod text;
pub mod theme;
pub mod timings;
pub mod units;
pub mod url;
pub mod workbook;
pub mod write;
pub mod yaml;

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use diag::{Diagnostic, Diagnostics};

pub use check::{CheckOptions, STRICT_CODES, check};

/// What `kheo build` was asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site root: the folder holding `content/`.
    pub root: PathBuf,
    /// Where to build; default `<root>/public`.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` of site.yaml (e.g. for a preview host).
    pub base_url: Option<String>,
    pub drafts: bool,
    pub future: bool,
    /// Counters to follow the build with (the binary shows them on a terminal).
    pub progress: Option<Arc<progress::Progress>>,
}

impl BuildOptions {
    pub fn new(root: impl Into<PathBuf>) -> Self {
        BuildOptions {
            root: root.into(),
            output: None,
            base_url: None,
            drafts: false,
            future: false,
            progress: None,
        }
    }

    pub fn output_dir(&self) -> PathBuf {
        self.output
            .clone()
            .unwrap_or_else(|| self.root.join("public"))
    }
}

/// A successful build.
#[derive(Debug)]
pub struct BuildReport {
    pub output: PathBuf,
    /// HTML pages written.
    pub pages: usize,
    /// All files written or copied.
    pub files: usize,
    /// Articles built, summed over languages.
    pub articles: usize,
    pub languages: usize,
    pub elapsed: Duration,
    /// Warnings, sorted by file and line.
    pub warnings: Vec<Diagnostic>,
}

/// A build that found errors: the output folder was not touched.
#[derive(Debug)]
pub struct BuildFailure {
    /// Every error and warning, sorted by file and line.
    pub diagnostics: Vec<Diagnostic>,
}

impl BuildFailure {
    pub fn error_count(&self) -> usize {
        self.diagnostics.iter().filter(|d| d.is_error()).count()
    }
}

/// Builds a site: load, model, render into a staging folder, then swap it
/// in place of the output folder. On any error nothing is written.
pub fn build(opts: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    let started = Instant::now();
    let mut diags = Diagnostics::new();
    let fail = |diags: Diagnostics| BuildFailure {
        diagnostics: diags.into_sorted(),
    };
    let output = opts.output_dir();
    let output_error = |msg: String| {
        Diagnostic::error(output.display().to_string(), 1, 1, msg).with_code("output")
    };
    let target = match write::Target::resolve(&opts.root, &output) {
        Ok(t) => t,
        Err(msg) => {
            diags.push(output_error(msg).with_hint(crate::msg!("build.output.hint")));
            return Err(fail(diags));
        }
    };
    // Before anything else: wait while another build writes into the same
    // folder, then put back a site a killed build left aside (even if this
    // build then fails, the last complete site is in place again).
    let staging = match write::begin(&target) {
        Ok(s) => s,
        Err(msg) => {
            diags.push(output_error(msg));
            return Err(fail(diags));
        }
    };

    let progress = opts.progress.as_deref();
    let enter = |stage, total| {
        if let Some(p) = progress {
            p.enter(stage, total);
        }
    };
    enter(progress::Stage::Loading, 0);
    let mut timer = timings::Timer::start();
    let flags = model::Flags::publishing(opts.drafts, opts.future);
    let loaded = load_site(
        &opts.root,
        opts.base_url.as_deref(),
        None,
        flags,
        &mut diags,
        || {
            timer.lap("load");
            enter(progress::Stage::Checking, 0);
        },
    );
    timer.lap("model");
    let Some((site, bodies)) = loaded.filter(|_| !diags.has_errors()) else {
        return Err(fail(diags));
    };
    let articles = site.articles.iter().map(Vec::len).sum();

    let Some(stats) = render::render(&site, bodies, &staging, progress, &mut diags) else {
        return Err(fail(diags));
    };
    if diags.has_errors() {
        return Err(fail(diags));
    }
    timer.lap("render");
    enter(progress::Stage::Finishing, 0);
    if let Err(e) = staging.commit() {
        diags.push(output_error(crate::msg!(
            "build.cannot-replace",
            folder = target.real().display(),
            error = e
        )));
        return Err(fail(diags));
    }
    timer.lap("swap");
    Ok(BuildReport {
        output,
        pages: stats.pages,
        files: stats.files,
        articles,
        languages: site.config.languages.len(),
        elapsed: started.elapsed(),
        warnings: diags.into_sorted(),
    })
}

/// Loads a site and builds its model: the one sequence `build`, `stats`,
/// `check` and `serve` share. `None` when nothing could be loaded, or when
/// loading found errors and `flags.keep_going` is off; otherwise the site, even
/// when errors were found — `check` goes on to look for more, the others stop
/// on `diags.has_errors()`.
/// `modelling` is called between the two steps (for progress).
pub(crate) fn load_site(
    root: &Path,
    base_url: Option<&str>,
    cache: Option<&mut load::LoadCache>,
    flags: model::Flags,
    diags: &mut Diagnostics,
    modelling: impl FnOnce(),
) -> Option<(model::Site, model::Bodies)> {
    let sources = load::load_cached(root, base_url, cache, diags)?;
    if diags.has_errors() && !flags.keep_going {
        return None;
    }
    modelling();
    Some(model::build(sources, flags, diags))
}

/// What `kheo stats` was asked for.
#[derive(Debug, Clone)]
pub struct StatsOptions {
    pub root: PathBuf,
    pub format: StatsFormat,
    pub year: Option<i32>,
    /// A region's name (or its URL path, `hai-duong/thanh-ha`): that region and those within it.
    pub region: Option<String>,
    /// The language of labels and numbers in the table (default: the site's first).
    pub lang: Option<String>,
    /// Today's units or as reported (SPEC §1.6). `None`: CSV and JSON hold
    /// both views, exactly as `so-lieu.csv`/`.json`; the table is in today's
    /// units, or as reported for a `region` that no longer exists.
    pub units: Option<model::stats::Units>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StatsFormat {
    Table,
    Csv,
    Json,
}

/// The figures of a site as `kheo stats` prints them: the same numbers as the
/// statistics page, `so-lieu.csv` and `so-lieu.json`, from the same code.
pub fn stats(opts: &StatsOptions) -> Result<String, BuildFailure> {
    let mut diags = Diagnostics::new();
    let fail = |diags: Diagnostics| BuildFailure {
        diagnostics: diags.into_sorted(),
    };
    let flags = model::Flags::publishing(false, false);
    let loaded = load_site(&opts.root, None, None, flags, &mut diags, || {});
    let Some((site, _)) = loaded.filter(|_| !diags.has_errors()) else {
        return Err(fail(diags));
    };
    let mut filter = figures::Filter {
        year: opts.year,
        regions: None,
        units: opts.units,
    };
    if let Some(name) = &opts.region {
        let found = site.regions.by_name(name);
        if found.is_empty() {
            let mut d = Diagnostic::error(
                "--region",
                1,
                1,
                crate::msg!("stats.no-region", name = name),
            )
            .with_code("usage");
            let names: Vec<&str> = site
                .regions
                .regions
                .iter()
                .map(|r| r.name.as_str())
                .collect();
            if let Some(b) = diag::closest(name, names.iter().copied()) {
                d.hint = Some(crate::msg!("did-you-mean", word = b));
            }
            return Err(BuildFailure {
                diagnostics: vec![d],
            });
        }
        if opts.units.is_none()
            && opts.format == StatsFormat::Table
            && found.iter().all(|&r| !site.regions.is_current(r))
        {
            filter.units = Some(model::stats::Units::Reported);
        }
        filter.regions = Some(
            found
                .into_iter()
                .flat_map(|r| site.regions.subtree(r))
                .collect(),
        );
    }
    if opts.format == StatsFormat::Table && filter.units.is_none() {
        filter.units = Some(model::stats::Units::Today);
    }
    let lang = match &opts.lang {
        None => 0,
        Some(code) => match site.config.languages.iter().position(|l| &l.code == code) {
            Some(l) => l,
            None => {
                let d = Diagnostic::error(
                    "--lang",
                    1,
                    1,
                    crate::msg!("stats.not-a-language", code = code),
                )
                .with_code("usage");
                return Err(BuildFailure {
                    diagnostics: vec![d],
                });
            }
        },
    };
    Ok(match opts.format {
        StatsFormat::Table => figures::table(&site, lang, &filter),
        StatsFormat::Csv => figures::csv_filtered(&site, &filter),
        StatsFormat::Json => figures::json_filtered(&site, &filter),
    })
}

/// A path shown relative to the current folder when it is inside it.
pub fn display_path(path: &Path) -> String {
    let cwd = std::env::current_dir().ok();
    let shown = cwd
        .as_deref()
        .and_then(|c| path.strip_prefix(c).ok())
        .unwrap_or(path);
    let s = shown.display().to_string();
    let s = s.strip_prefix("./").unwrap_or(&s);
    if s.is_empty() {
        ".".into()
    } else {
        s.to_owned()
    }
}
