//! What one render remembers for the next, so that `kheo serve` re-renders
//! only the pages an edit reaches.
//!
//! Every output gets a fingerprint: a hash of exactly the parts of the model
//! its template is given (the page's own fields, the cards of the pages it
//! lists, a team's figures...), plus an *epoch* that covers everything shared
//! by all pages (site.yaml, the theme, sections, tags, the URL of every page).
//! An output whose fingerprint did not change keeps its bytes from the last
//! build. The Markdown of each page is kept too, keyed by its text, so a page
//! that must be re-rendered because a neighbour changed does not parse its
//! own body again. A plain `kheo build` has no memo and renders everything.
//!
//! A fingerprint that forgets an input would leave a stale page in the
//! preview; `tests/it/serve.rs` compares incremental rebuilds with full builds
//! after many kinds of edit to catch exactly that.

use std::collections::HashMap;
use std::fmt::{Debug, Write as _};
use std::hash::{BuildHasher, Hasher};
use std::sync::Arc;
use std::time::SystemTime;

use crate::diag::Diagnostic;
use crate::markdown::Heading;
use crate::model::{PageId, Site};
use tera::Value;

/// A stable-within-the-process 64-bit hash of anything printable with `Debug`.
pub(crate) struct Fingerprint {
    hasher: foldhash::fast::FoldHasher<'static>,
    /// A value's `Debug` text, hashed in one piece: `Debug` writes many tiny
    /// fragments, and hashing each one alone costs more than copying it.
    text: String,
}

impl Fingerprint {
    pub(crate) fn new() -> Fingerprint {
        Fingerprint {
            hasher: foldhash::fast::FixedState::with_seed(0x6b68_656f).build_hasher(),
            text: String::new(),
        }
    }

    /// Adds a value (its `Debug` form, which covers every field).
    pub(crate) fn add(&mut self, value: &dyn Debug) -> &mut Self {
        self.text.clear();
        let _ = write!(self.text, "{value:?}");
        self.hasher.write(self.text.as_bytes());
        self.hasher.write_u8(0x1f);
        self
    }

    /// Adds a value through its `Hash`: much faster than its `Debug` form,
    /// which escapes every non-ASCII letter of Vietnamese text.
    pub(crate) fn add_hash<T: std::hash::Hash + ?Sized>(&mut self, value: &T) -> &mut Self {
        value.hash(&mut self.hasher);
        self
    }

    pub(crate) fn add_str(&mut self, s: &str) -> &mut Self {
        self.hasher.write(s.as_bytes());
        self.hasher.write_u8(0x1f);
        self
    }

    pub(crate) fn add_u64(&mut self, n: u64) -> &mut Self {
        self.hasher.write_u64(n);
        self
    }

    pub(crate) fn finish(&self) -> u64 {
        self.hasher.finish()
    }
}

impl Default for Fingerprint {
    fn default() -> Self {
        Fingerprint::new()
    }
}

/// A link to a `#fragment` of another page, checked once every page's ids
/// are known.
#[derive(Debug, Clone)]
pub(crate) struct AnchorRef {
    pub(crate) page: PageId,
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) text: String,
    pub(crate) dest: String,
    pub(crate) target: PageId,
    pub(crate) fragment: String,
}

/// A page's rendered body and everything derived from it.
#[derive(Debug)]
pub(crate) struct PageRender {
    pub(crate) html: String,
    pub(crate) headings: Vec<Heading>,
    pub(crate) ids: Vec<String>,
    /// What the page gives the search index.
    pub(crate) search: crate::search::Analyzed,
    /// Broken links and images in the body (warnings, and errors for
    /// images that cannot be shown; repeated every build).
    pub(crate) problems: Vec<Diagnostic>,
    pub(crate) anchors: Vec<AnchorRef>,
    /// The image files the body shows, each with its outcome as it was
    /// hashed: the HTML holds their variants' names and sizes.
    pub(crate) images: Vec<(String, u64)>,
}

/// The state kept between two renders of the same site.
#[derive(Debug, Default)]
pub(crate) struct Memo {
    /// The epoch the fingerprints below were taken in.
    pub(crate) epoch: u64,
    /// Output path -> fingerprint of what produced its bytes.
    pub(crate) outputs: HashMap<String, u64>,
    /// Page source file -> (key of its body and what the body's HTML
    /// depends on, the result).
    pub(crate) pages: HashMap<String, (u64, Arc<PageRender>)>,
    /// Per language: hash of every page's search entry, and the index files it gave.
    pub(crate) search: HashMap<usize, (u64, Vec<String>)>,
    /// Copied asset -> its source's modification time and length.
    pub(crate) assets: HashMap<String, (SystemTime, u64)>,
    /// The images the last render prepared, with their outcomes.
    pub(crate) images: crate::images::Memory,
    /// Outputs rendered (not kept) by the last render, for tests and timings.
    pub(crate) rendered: usize,
    /// Page bodies the last render read anew (Markdown rendered, words
    /// analysed for search); the others came from the memo.
    pub(crate) bodies_read: usize,
}

impl Memo {
    pub(crate) fn new() -> Memo {
        Memo::default()
    }

    /// How many outputs the last render produced anew (the rest were kept).
    pub(crate) fn rendered_last_time(&self) -> usize {
        self.rendered
    }

    /// How many page bodies the last render read anew.
    pub(crate) fn bodies_read_last_time(&self) -> usize {
        self.bodies_read
    }
}

/// Everything every page depends on, hashed: site.yaml, the theme, the
/// per-language `site` and `t` values, sections, tags, regions, years, and
/// the URL, file and translation group of every page (links in any body may
/// lead to any page). When it changes, every page is rendered again.
pub(crate) fn epoch_of(
    site: &Site,
    langs: &[(Value, Value)],
    statics: &[(String, Vec<u8>)],
) -> u64 {
    let mut f = Fingerprint::new();
    f.add(&site.config);
    for t in &site.theme.templates {
        f.add_str(&t.name).add_str(&t.text);
    }
    for (rel, bytes) in statics {
        f.add_str(rel).add_hash(bytes.as_slice());
    }
    f.add(&site.theme.locales);
    f.add(&langs);
    for s in &site.sections {
        f.add(&(&s.folder, &s.origin, &s.sort, s.page_size));
        for l in &s.langs {
            f.add(&(&l.title, &l.slug, &l.path));
        }
    }
    for t in &site.tags {
        f.add_hash(&(t.lang, &t.name, &t.slug, &t.translations));
    }
    // The tree's regions and roots, not its lookup map (whose Debug order varies).
    f.add(&site.tags_by_name)
        .add(&site.regions.regions)
        .add(&site.regions.roots)
        .add(&site.menu);
    for years in &site.years {
        f.add(&years.iter().map(|y| y.year).collect::<Vec<_>>());
    }
    for p in &site.pages {
        f.add_hash(&(&p.file, &p.path, p.lang, p.group, &p.kind, &p.aliases));
    }
    for t in &site.teams {
        f.add_str(t.id());
    }
    // Citations in any body link to documents by number and address.
    f.add_hash(&site.documents);
    for a in &site.assets {
        f.add_str(&a.rel);
    }
    f.finish()
}

impl Memo {
    /// What a render starting in `epoch` may reuse of this memo: outputs
    /// and search files only when the epoch is the same (fingerprints mean
    /// nothing across epochs); bodies and assets always (they carry their own keys).
    pub(crate) fn carried_into(&self, epoch: u64) -> Memo {
        let same = self.epoch == epoch;
        Memo {
            epoch: self.epoch,
            outputs: if same {
                self.outputs.clone()
            } else {
                HashMap::new()
            },
            pages: self.pages.clone(),
            search: if same {
                self.search.clone()
            } else {
                HashMap::new()
            },
            assets: self.assets.clone(),
            images: Default::default(),
            rendered: 0,
            bodies_read: 0,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fingerprints_tell_values_apart() {
        let a = Fingerprint::new().add(&("x", 1)).finish();
        let b = Fingerprint::new().add(&("x", 2)).finish();
        let c = Fingerprint::new().add(&("x", 1)).finish();
        assert_ne!(a, b);
        assert_eq!(a, c);
        // The separator keeps ("ab", "c") and ("a", "bc") apart.
        let d = Fingerprint::new().add_str("ab").add_str("c").finish();
        let e = Fingerprint::new().add_str("a").add_str("bc").finish();
        assert_ne!(d, e);
    }
}
