//! The state one render shares between its page modules, and the one way
//! an output page is produced: [`Renderer::emit`] takes a typed input,
//! keeps the last build's bytes when the input's fingerprint did not change
//! (`kheo serve`), else renders the input's template with it as context.

use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use tera::{Context, Value};

use crate::diag::{Diagnostic, Diagnostics};
use crate::images::Photos;
use crate::model::{LangId, Site};
use crate::progress::Progress;
use crate::write::Sink;

use super::input::{Cards, PageInput};
use super::memo::{Fingerprint, Memo};
use super::templates::Templates;

/// Shared, read-only state of one render (plus its counters).
pub(crate) struct Renderer<'a> {
    pub(crate) site: &'a Site,
    pub(crate) templates: Templates,
    /// Every image file of the site, prepared when a page first shows it.
    pub(crate) images: &'a Photos,
    pub(crate) cards: Cards<'a>,
    /// Per language: (`site` value, `t` value).
    pub(crate) langs: Vec<(Value, Value)>,
    pub(crate) sink: &'a dyn Sink,
    pub(crate) progress: Option<&'a Progress>,
    diags: Mutex<Diagnostics>,
    /// The previous render's state (serve), if any: outputs whose
    /// fingerprint did not change are kept, not rendered.
    pub(crate) previous: Option<Memo>,
    /// This render's state, for the next one.
    pub(crate) next: Mutex<Memo>,
    /// The shared inputs of every page; see [`super::memo`].
    pub(crate) epoch: u64,
    failed: AtomicBool,
    pages: AtomicUsize,
    files: AtomicUsize,
    rendered: AtomicUsize,
}

/// What a render counted.
pub(crate) struct Counts {
    pub(crate) pages: usize,
    pub(crate) files: usize,
    /// Outputs rendered anew (not kept from the last render).
    pub(crate) rendered: usize,
}

impl<'a> Renderer<'a> {
    #[allow(clippy::too_many_arguments)]
    pub(crate) fn new(
        site: &'a Site,
        templates: Templates,
        images: &'a Photos,
        cards: Cards<'a>,
        langs: Vec<(Value, Value)>,
        sink: &'a dyn Sink,
        progress: Option<&'a Progress>,
        previous: Option<Memo>,
        epoch: u64,
    ) -> Renderer<'a> {
        Renderer {
            site,
            templates,
            images,
            cards,
            langs,
            sink,
            progress,
            diags: Mutex::new(Diagnostics::new()),
            previous,
            next: Mutex::new(Memo {
                epoch,
                ..Memo::default()
            }),
            epoch,
            failed: AtomicBool::new(false),
            pages: AtomicUsize::new(0),
            files: AtomicUsize::new(0),
            rendered: AtomicUsize::new(0),
        }
    }

    pub(crate) fn remembering(&self) -> bool {
        self.previous.is_some()
    }

    pub(crate) fn failed(&self) -> bool {
        self.failed.load(Ordering::Relaxed)
    }

    pub(crate) fn mark_failed(&self) {
        self.failed.store(true, Ordering::Relaxed);
    }

    /// Renders `input` into the output file `file` (a page of language
    /// `lang`), unless its fingerprint says the last build's bytes still hold.
    pub(crate) fn emit(&self, file: &str, lang: LangId, input: &impl PageInput) {
        if self.failed() {
            return;
        }
        let print = self
            .remembering()
            .then(|| Fingerprint::new().add_hash(input).finish());
        if self.unchanged(file, print) {
            return;
        }
        let mut ctx = match Context::from_serialize(input) {
            Ok(ctx) => ctx,
            Err(e) => {
                self.fail(
                    Diagnostic::error(file, 1, 1, crate::msg!("render.prepare", error = e))
                        .with_code("render"),
                );
                return;
            }
        };
        ctx.insert_value("site", self.langs[lang].0.clone());
        ctx.insert_value("t", self.langs[lang].1.clone());
        match self.templates.render(input.template(), &ctx) {
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

    /// Whether the output at `path` can keep its bytes from the last build:
    /// its fingerprint (`None` when not remembering) is what it was. Either
    /// way the fingerprint is remembered for the next build, and a kept
    /// output is counted and handed to [`Sink::keep`].
    pub(crate) fn unchanged(&self, path: &str, print: Option<u64>) -> bool {
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
            self.kept(path);
        }
        same
    }

    /// Counts an output kept from the last build and hands it to the sink.
    pub(crate) fn kept(&self, path: &str) {
        self.sink.keep(path);
        self.files.fetch_add(1, Ordering::Relaxed);
        if path.ends_with(".html") {
            self.pages.fetch_add(1, Ordering::Relaxed);
        }
    }

    pub(crate) fn fail(&self, d: Diagnostic) {
        self.mark_failed();
        self.push(d);
    }

    pub(crate) fn push(&self, d: Diagnostic) {
        if let Ok(mut all) = self.diags.lock() {
            // One broken template would otherwise repeat its error on every page.
            if !all.iter().any(|x| x == &d) {
                all.push(d);
            }
        }
    }

    /// Writes an output file (an HTML page when `is_page`).
    pub(crate) fn write(&self, rel: &str, bytes: &[u8], is_page: bool) {
        if self.failed() {
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
                Diagnostic::error(rel, 1, 1, crate::msg!("render.write", error = e))
                    .with_code("write"),
            ),
        }
    }

    /// Counts a file copied to the output.
    pub(crate) fn copied(&self) {
        self.files.fetch_add(1, Ordering::Relaxed);
    }

    /// Counts and problems, taking them out of the renderer.
    pub(crate) fn finish(self) -> (Counts, Diagnostics, Memo) {
        (
            Counts {
                pages: self.pages.into_inner(),
                files: self.files.into_inner(),
                rendered: self.rendered.into_inner(),
            },
            self.diags.into_inner().unwrap_or_else(|e| e.into_inner()),
            self.next.into_inner().unwrap_or_else(|e| e.into_inner()),
        )
    }
}
