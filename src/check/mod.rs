//! `kheo check`: everything `build` validates, plus what only matters to an
//! editor reviewing the site — links and `#anchors` that lead nowhere,
//! missing images and translations, drafts and future articles — without
//! writing anything.

mod anchors;

use std::path::PathBuf;

use crate::diag::{self, Diagnostic, Diagnostics};
use crate::{load, model, render, write};

/// What `kheo check` was asked for.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub root: PathBuf,
    /// Links, anchors and images that lead nowhere are errors, not warnings.
    pub strict: bool,
}

/// Kinds of warnings `--strict` turns into errors.
pub const STRICT_CODES: [&str; 4] = ["link", "anchor", "image", "cover"];

/// Everything `build` validates, plus links, `#anchors`, images, missing
/// translations, drafts and future articles — rendering every page, writing
/// nothing. Returns every problem, sorted by file and line.
pub fn check(opts: &CheckOptions) -> Vec<Diagnostic> {
    let mut diags = Diagnostics::new();
    if let Some(sources) = load::load(&opts.root, None, &mut diags) {
        let flags = model::Flags {
            drafts: false,
            future: false,
            list_drafts: true,
            now: jiff::Timestamp::now(),
        };
        let (site, bodies) = model::build(sources, flags, &mut diags);
        let found = render::render_for_check(&site, bodies, &write::Discard, &mut diags);
        diags.extend(anchors::check(&site, found));
    }
    let mut all = diags.into_sorted();
    if opts.strict {
        for d in &mut all {
            if STRICT_CODES.contains(&d.code) {
                d.severity = diag::Severity::Error;
            }
        }
    }
    all
}
