//! Typed page inputs: one value per output page that is at once its
//! template's context (through `Serialize`) and, hashed, its fingerprint
//! for `kheo serve` (through `Hash`). Because both come from the same
//! value, an input cannot reach the template without reaching the
//! fingerprint too — the stale-preview bug that separate code paths for
//! the two invite.
//!
//! What every page shares (the `site` and `t` values of its language, the
//! theme) is not part of an input: it is covered by the render's *epoch*
//! (see [`super::memo`]), and [`super::engine::Renderer::emit`] adds it.

use std::hash::{Hash, Hasher};
use std::sync::Mutex;

use serde::{Serialize, Serializer};
use tera::Value;

use crate::images::{Outcome, Photos};
use crate::model::{LangId, Page, PageId, Site};

use super::context::{self, Alternate};
use super::memo::Fingerprint;
use super::pictures;

/// The inputs of one output page.
pub(crate) trait PageInput: Serialize + Hash {
    /// The template that renders it.
    fn template(&self) -> &'static str;
}

/// The variables every page has.
#[derive(Serialize, Hash)]
pub(crate) struct Base<'a> {
    pub(crate) lang: &'a str,
    pub(crate) page_kind: &'static str,
    pub(crate) url: String,
    pub(crate) canonical: String,
    pub(crate) title: String,
    pub(crate) description: String,
    pub(crate) alternates: Vec<Alternate<'a>>,
    pub(crate) feed: Option<String>,
    pub(crate) active_section: Option<&'a str>,
}

impl<'a> Base<'a> {
    pub(crate) fn new(
        site: &'a Site,
        lang: LangId,
        kind: &'static str,
        path: &str,
        title: &str,
        description: &str,
        alternates: Vec<Alternate<'a>>,
    ) -> Base<'a> {
        Base {
            lang: site.lang_code(lang),
            page_kind: kind,
            url: site.href(path),
            canonical: site.permalink(path),
            title: title.to_owned(),
            description: description.to_owned(),
            alternates,
            feed: None,
            active_section: None,
        }
    }

    pub(crate) fn with_feed(mut self, feed: Option<String>) -> Self {
        self.feed = feed;
        self
    }

    pub(crate) fn in_section(mut self, folder: Option<&'a str>) -> Self {
        self.active_section = folder;
        self
    }
}

/// HTML a page inserts as it is (a rendered body).
pub(crate) struct Html<'a>(pub &'a str);

impl Serialize for Html<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        Value::safe_string(self.0).serialize(s)
    }
}

impl Hash for Html<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.hash(state);
    }
}

/// What a card is made of: exactly the parts of a page (and of the site
/// that are not in the epoch) that [`context::card`] reads. The card's
/// value and its fingerprint are both made from one of these.
#[derive(Hash)]
pub(crate) struct CardSource<'a> {
    pub(crate) page: &'a Page,
    /// The cover as prepared (its variants and size).
    pub(crate) cover: Option<&'a Outcome>,
    /// How many articles each of its tags has (what tag values show).
    pub(crate) tag_counts: Vec<usize>,
}

impl<'a> CardSource<'a> {
    pub(crate) fn of(site: &'a Site, images: &'a Photos, page: &'a Page) -> CardSource<'a> {
        CardSource {
            page,
            cover: page
                .cover
                .as_ref()
                .and_then(|c| pictures::cover_outcome(images, c)),
            tag_counts: page
                .tags
                .iter()
                .map(|t| site.tags[*t].pages.len())
                .collect(),
        }
    }

    /// The fields of the page a card shows (not its neighbours, which
    /// change when other pages do).
    fn print(&self) -> u64 {
        let p = self.page;
        Fingerprint::new()
            .add_hash(&(
                (p.kind, &p.title, &p.path, p.lang),
                &p.summary,
                p.summary_written,
                &p.author,
                (&p.date, p.has_time, &p.updated),
                &p.cover,
                self.cover,
                &p.tags,
                &self.tag_counts,
                &p.region,
                p.featured,
                &p.extra,
            ))
            .finish()
    }
}

/// Every page's card — what lists show of it, and the base of the page's
/// own context — made when needed, with its fingerprint.
///
/// Cards made lately are kept, not all of them: a card is some 4 KB as a
/// template value, 800 MB for 100,000 articles in two languages. Pages
/// render in date order and show the cards of articles near them in time,
/// so a page's related cards are mostly made already; a site of up to
/// about 30,000 articles keeps every card.
pub(crate) struct Cards<'a> {
    site: &'a Site,
    images: &'a Photos,
    parts: context::CardParts<'a>,
    made: Mutex<Made>,
    /// Per page, when remembering: its card's fingerprint.
    prints: Vec<u64>,
}

/// The cards made lately, in two generations: a card used again moves to
/// the newer one; when the newer is full it becomes the older, and the
/// older is freed.
#[derive(Default)]
struct Made {
    newer: foldhash::HashMap<PageId, Value>,
    older: foldhash::HashMap<PageId, Value>,
}

/// Cards in a generation.
const CARDS_KEPT: usize = 65_536;

impl Made {
    fn get(&mut self, id: PageId) -> Option<Value> {
        if let Some(v) = self.newer.get(&id) {
            return Some(v.clone());
        }
        let v = self.older.remove(&id)?;
        self.keep(id, v.clone());
        Some(v)
    }

    fn keep(&mut self, id: PageId, value: Value) {
        if self.newer.len() >= CARDS_KEPT {
            self.older = std::mem::take(&mut self.newer);
        }
        self.newer.insert(id, value);
    }
}

impl<'a> Cards<'a> {
    pub(crate) fn new(site: &'a Site, images: &'a Photos, remembering: bool) -> Cards<'a> {
        use rayon::prelude::*;
        let prints = if remembering {
            site.pages
                .par_iter()
                .map(|p| CardSource::of(site, images, p).print())
                .collect()
        } else {
            Vec::new()
        };
        Cards {
            site,
            images,
            parts: context::CardParts::new(site),
            made: Mutex::default(),
            prints,
        }
    }

    /// The card of a page, as a template value (cheap to clone: its maps
    /// are shared).
    pub(crate) fn value(&self, id: PageId) -> Value {
        if let Some(v) = self.made.lock().ok().and_then(|mut m| m.get(id)) {
            return v;
        }
        // Made outside the lock: two threads may make the same card, and
        // both make the same value.
        let page = &self.site.pages[id];
        let value = context::card(
            self.site,
            &CardSource::of(self.site, self.images, page),
            &self.parts,
        );
        if let Ok(mut m) = self.made.lock() {
            m.keep(id, value.clone());
        }
        value
    }

    /// Frees every card made so far: a later [`Cards::value`] makes its
    /// card again.
    pub(crate) fn forget(&mut self) {
        if let Ok(m) = self.made.get_mut() {
            *m = Made::default();
        }
    }

    /// The fingerprint of a page's card (0 when not remembering).
    pub(crate) fn print(&self, id: PageId) -> u64 {
        self.prints.get(id).copied().unwrap_or(0)
    }

    /// A card as part of an input.
    pub(crate) fn get(&self, id: PageId) -> CardRef<'_> {
        CardRef { id, cards: self }
    }

    /// Cards of some pages.
    pub(crate) fn list(&self, ids: impl IntoIterator<Item = PageId>) -> Vec<CardRef<'_>> {
        ids.into_iter().map(|id| self.get(id)).collect()
    }
}

/// A page's card in an input: serialised as the card, hashed as its
/// fingerprint.
pub(crate) struct CardRef<'c> {
    id: PageId,
    cards: &'c Cards<'c>,
}

impl Serialize for CardRef<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        self.cards.value(self.id).serialize(s)
    }
}

impl Hash for CardRef<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.id.hash(state);
        self.cards.print(self.id).hash(state);
    }
}

/// A pager under a list: previous, next and the page numbers around the
/// current one.
#[derive(Serialize, Hash)]
pub(crate) struct Pager {
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

#[derive(Serialize, Hash)]
struct PagerLink {
    n: usize,
    url: String,
    current: bool,
}

impl Pager {
    pub(crate) fn new(
        site: &Site,
        current: usize,
        total: usize,
        path_of: &dyn Fn(usize) -> String,
    ) -> Pager {
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
}

/// The items of list page `n` (1-based).
pub(crate) fn page_slice(ids: &[PageId], n: usize, size: usize) -> &[PageId] {
    let start = ((n - 1) * size).min(ids.len());
    &ids[start..(start + size).min(ids.len())]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cards_kept_are_bounded_and_a_card_used_again_stays() {
        let mut made = Made::default();
        made.keep(0, Value::from(0));
        for id in 1..=3 * CARDS_KEPT {
            made.keep(id, Value::from(id as u64));
            // Page 0's card is used all along: it is never freed.
            assert!(made.get(0).is_some(), "card 0 freed after {id} others");
        }
        assert!(made.newer.len() + made.older.len() <= 2 * CARDS_KEPT);
        assert!(
            made.get(1).is_none(),
            "an early card no page used again is freed"
        );
        assert_eq!(
            made.get(3 * CARDS_KEPT),
            Some(Value::from(3 * CARDS_KEPT as u64))
        );
    }

    #[test]
    fn cards_share_their_tags_and_sections_values() {
        use crate::model::tests::{article, model};
        let (_dir, site) = model(&[
            ("tin-tuc/a.md", article(1, "Nông thôn mới", "")),
            ("tin-tuc/b.md", article(2, "Nông thôn mới", "")),
        ]);
        let parts = context::CardParts::new(&site);
        let card = |file: &str| {
            let page = site.pages.iter().find(|p| p.file.ends_with(file)).unwrap();
            let source = CardSource {
                page,
                cover: None,
                tag_counts: page
                    .tags
                    .iter()
                    .map(|t| site.tags[*t].pages.len())
                    .collect(),
            };
            context::card(&site, &source, &parts)
        };
        let (a, b) = (card("a.md"), card("b.md"));
        let field = |card: &Value, name: &str| -> *const tera::Map {
            let map = card.as_map().unwrap();
            let (_, v) = map.iter().find(|(k, _)| k.as_str() == Some(name)).unwrap();
            let v = v.as_array().map_or(v, |items| &items[0]);
            v.as_map().unwrap()
        };
        // The same map, not two equal copies.
        assert_eq!(field(&a, "tags"), field(&b, "tags"));
        assert_eq!(field(&a, "section"), field(&b, "section"));
        assert_ne!(field(&a, "date"), field(&b, "date"));
    }

    #[test]
    fn html_is_serialised_safe_and_hashed_as_its_text() {
        let v = Value::from_serializable(&Html("<b>x</b>"));
        assert_eq!(v.as_str(), Some("<b>x</b>"));
        let a = Fingerprint::new().add_hash(&Html("a")).finish();
        let b = Fingerprint::new().add_hash(&Html("b")).finish();
        assert_ne!(a, b);
    }

    #[test]
    fn slices_of_a_list() {
        let ids: Vec<PageId> = (0..25).collect();
        assert_eq!(page_slice(&ids, 1, 10), &ids[..10]);
        assert_eq!(page_slice(&ids, 3, 10), &ids[20..]);
        assert!(page_slice(&ids, 4, 10).is_empty());
    }
}
