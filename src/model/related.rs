//! Related articles, computed once for the whole site from indexes, never by
//! comparing every page with every other (which grows with the square of
//! the site).
//!
//! Two articles are related when they share tags or teams. A shared team
//! weighs most (it is the same model), a shared tag weighs more the rarer
//! the tag is. To keep the cost per article flat, each tag's posting list
//! (newest first) is only looked at around the article's own date: the
//! `WINDOW` nearest articles on each side.

use std::collections::HashMap;

use rayon::prelude::*;

use super::{LangId, Page, PageId, PageKind, Tag};

/// How many related articles a page shows.
pub(crate) const RELATED: usize = 5;
/// Candidates taken from each posting list, on each side of the article.
const WINDOW: usize = 25;
const TEAM_WEIGHT: f64 = 3.0;

/// Related articles of every page, by [`PageId`] (empty for standalone pages).
pub(crate) fn related(pages: &[Page], tags: &[Tag], langs: usize) -> Vec<Box<[PageId]>> {
    // Posting lists of teams per language, newest first (pages are walked in that order).
    let mut order: Vec<PageId> = (0..pages.len()).collect();
    order.sort_by(|a, b| newest_first(&pages[*a], &pages[*b]));
    let mut rank = vec![0usize; pages.len()];
    for (r, id) in order.iter().enumerate() {
        rank[*id] = r;
    }
    let mut teams: HashMap<(LangId, usize), Vec<PageId>> = HashMap::new();
    for &id in &order {
        let p = &pages[id];
        if matches!(p.kind, PageKind::Article(_)) {
            for t in &p.teams {
                teams.entry((p.lang, *t)).or_default().push(id);
            }
        }
    }
    let articles_in_lang: Vec<usize> = (0..langs)
        .map(|l| {
            pages
                .iter()
                .filter(|p| p.lang == l && matches!(p.kind, PageKind::Article(_)))
                .count()
        })
        .collect();

    pages
        .par_iter()
        .map(|p| {
            if !matches!(p.kind, PageKind::Article(_)) {
                return Box::default();
            }
            // Scores are summed in any order and ranked below by a total
            // order, so a fast unseeded hasher changes nothing.
            let mut score: HashMap<PageId, f64, foldhash::fast::FixedState> = HashMap::default();
            let n = articles_in_lang[p.lang].max(1) as f64;
            for &t in &p.tags {
                let list = &tags[t].pages;
                // Rare tags say more about an article than common ones.
                let weight = (n / list.len().max(1) as f64).ln() + 1.0;
                for c in window(list, p.id, &rank) {
                    *score.entry(c).or_default() += weight;
                }
            }
            for t in &p.teams {
                if let Some(list) = teams.get(&(p.lang, *t)) {
                    for c in window(list, p.id, &rank) {
                        *score.entry(c).or_default() += TEAM_WEIGHT;
                    }
                }
            }
            score.remove(&p.id);
            let mut ranked: Vec<(PageId, f64)> = score
                .into_iter()
                .filter(|(c, _)| matches!(pages[*c].kind, PageKind::Article(_)))
                .collect();
            // Highest score, then nearest in time, then path: never hash order.
            let order = |a: &(PageId, f64), b: &(PageId, f64)| {
                b.1.total_cmp(&a.1)
                    .then_with(|| {
                        rank[a.0]
                            .abs_diff(rank[p.id])
                            .cmp(&rank[b.0].abs_diff(rank[p.id]))
                    })
                    .then_with(|| pages[a.0].path.cmp(&pages[b.0].path))
            };
            // Only the best few are shown: pick them, then sort just those.
            if ranked.len() > RELATED {
                ranked.select_nth_unstable_by(RELATED, order);
                ranked.truncate(RELATED);
            }
            ranked.sort_by(order);
            // A boxed slice holds exactly its items: a `Vec` collected from
            // `ranked` would keep its buffer, sized for every candidate
            // (about 4 KB a page, most of the model at 100,000 articles).
            ranked
                .into_iter()
                .take(RELATED)
                .map(|(c, _)| c)
                .collect::<Box<[PageId]>>()
        })
        .collect()
}

/// The up to `2 * WINDOW` entries of a newest-first list nearest to `id` in time.
fn window<'a>(
    list: &'a [PageId],
    id: PageId,
    rank: &'a [usize],
) -> impl Iterator<Item = PageId> + 'a {
    let at = list.partition_point(|c| rank[*c] < rank[id]);
    let start = at.saturating_sub(WINDOW);
    let end = (at + WINDOW + 1).min(list.len());
    list[start..end].iter().copied()
}

pub(super) fn newest_first(a: &Page, b: &Page) -> std::cmp::Ordering {
    b.date
        .timestamp()
        .cmp(&a.date.timestamp())
        .then_with(|| a.path.cmp(&b.path))
}
