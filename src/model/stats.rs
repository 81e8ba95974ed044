//! The figures: every counter of every region, by year, rolled up the tree
//! by the rule of SPEC §1.5 — a region's own reported figure for a year wins,
//! else the sum over its sub-regions and its teams — in exact decimals.
//!
//! Totals over the years depend on what a counter measures:
//! - *flows* (every declared counter, `articles`): things done in a year
//!   (km built, disputes mediated), so the total is the sum over the years;
//! - *stocks* (`teams`, `members`): how many there are, so the total is the
//!   region's latest reported figure if it reports one, else the sum of its
//!   sub-regions' totals and its own team files.
//!
//! A team counts towards `teams` and `members` of a year from the year it was
//! `established`; a team without that date says nothing about when it existed,
//! so it counts only in the totals (yearly `teams` then come from reports).
//! `articles` counts the default language's articles by the year of their date.
//!
//! The statistics pages, `so-lieu.csv`/`.json` and `kheo stats` all read the
//! same [`Stats`], so they cannot disagree.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use super::regions::{RegionId, Tree};
use crate::config::Config;
use crate::load::{RegionSource, TeamSource};
use crate::locale::Locale;
use crate::number::Decimal;

/// What a counter is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CounterKind {
    /// Declared in site.yaml (index into `config.counters`).
    Declared(usize),
    Teams,
    Members,
    Articles,
}

#[derive(Debug, Clone)]
pub(crate) struct CounterInfo {
    pub(crate) key: String,
    pub(crate) kind: CounterKind,
    pub(crate) decimals: u32,
}

impl CounterInfo {
    /// Stocks are counted at a time; flows are summed over the years.
    pub(crate) fn is_stock(&self) -> bool {
        matches!(self.kind, CounterKind::Teams | CounterKind::Members)
    }

    /// The counter's label in a language.
    pub(crate) fn label<'a>(&'a self, config: &'a Config, locale: &'a Locale) -> &'a str {
        match self.kind {
            CounterKind::Declared(i) => config.text(&config.counters[i].label, &locale.code),
            CounterKind::Teams => locale.string("counter_teams"),
            CounterKind::Members => locale.string("counter_members"),
            CounterKind::Articles => locale.string("counter_articles"),
        }
    }

    /// The counter's unit in a language (may be empty).
    pub(crate) fn unit<'a>(&'a self, config: &'a Config, locale: &'a Locale) -> &'a str {
        match self.kind {
            CounterKind::Declared(i) => config.counters[i]
                .unit
                .as_ref()
                .map_or("", |u| config.text(u, &locale.code)),
            CounterKind::Teams => locale.string("unit_teams"),
            CounterKind::Members => locale.string("unit_members"),
            CounterKind::Articles => locale.string("unit_articles"),
        }
    }

    /// A value with the counter's decimals, in the language's number style.
    pub(crate) fn format(&self, locale: &Locale, value: Decimal) -> String {
        locale.number(value, self.decimals)
    }

    /// A value with its unit: `200,47 ha`, `1.497 tổ`.
    pub(crate) fn format_with_unit(
        &self,
        config: &Config,
        locale: &Locale,
        value: Decimal,
    ) -> String {
        let n = self.format(locale, value);
        match self.unit(config, locale) {
            "" => n,
            u => format!("{n} {u}"),
        }
    }
}

/// Whether a figure was reported as it is or summed from below.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Source {
    Reported,
    Summed,
}

/// One figure: a counter of a region in a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Cell {
    pub(crate) value: Decimal,
    pub(crate) source: Source,
}

/// A counter's total over the years.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Total {
    pub(crate) value: Decimal,
    /// For a stock taken from a report: the year of that report.
    pub(crate) reported_year: Option<i32>,
}

/// Year -> cell, for one counter: its years ascending, held as one list of
/// exactly its length. (A `BTreeMap` takes a node of eleven cells for a
/// few, two and more for a dozen years; with every counter of every region
/// in two views, the figures of 10,000 teams took about 200 MiB that way.)
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Series(Box<[(i32, Cell)]>);

impl Series {
    pub(crate) fn new() -> Series {
        Series::default()
    }

    /// The cell of a year.
    pub(crate) fn get(&self, year: &i32) -> Option<&Cell> {
        self.0
            .binary_search_by_key(year, |(y, _)| *y)
            .ok()
            .map(|i| &self.0[i].1)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Years and cells, years ascending.
    pub(crate) fn iter(&self) -> impl DoubleEndedIterator<Item = (&i32, &Cell)> + '_ {
        self.0.iter().map(|(y, c)| (y, c))
    }

    /// The years, ascending.
    pub(crate) fn keys(&self) -> impl DoubleEndedIterator<Item = &i32> + '_ {
        self.0.iter().map(|(y, _)| y)
    }
}

impl From<BTreeMap<i32, Cell>> for Series {
    fn from(map: BTreeMap<i32, Cell>) -> Series {
        Series(map.into_iter().collect())
    }
}

/// As a `BTreeMap` collects: by year, the last cell of a year kept.
impl FromIterator<(i32, Cell)> for Series {
    fn from_iter<I: IntoIterator<Item = (i32, Cell)>>(iter: I) -> Series {
        Series::from(iter.into_iter().collect::<BTreeMap<i32, Cell>>())
    }
}

impl<'a> IntoIterator for &'a Series {
    type Item = (&'a i32, &'a Cell);
    type IntoIter = std::iter::Map<
        std::slice::Iter<'a, (i32, Cell)>,
        fn(&'a (i32, Cell)) -> (&'a i32, &'a Cell),
    >;
    fn into_iter(self) -> Self::IntoIter {
        self.0.iter().map(|(y, c)| (y, c))
    }
}

impl std::ops::Index<&i32> for Series {
    type Output = Cell;
    /// Panics when the year has no cell, as a `BTreeMap` does.
    fn index(&self, year: &i32) -> &Cell {
        match self.get(year) {
            Some(c) => c,
            None => panic!("no figure for {year}"),
        }
    }
}

/// Every figure of the site.
#[derive(Debug, Clone, Default)]
pub(crate) struct Stats {
    pub(crate) counters: Vec<CounterInfo>,
    /// Every year with a figure, ascending.
    pub(crate) years: Vec<i32>,
    /// By region, then counter.
    pub(crate) regions: Vec<Vec<Series>>,
    pub(crate) region_totals: Vec<Vec<Option<Total>>>,
    /// The whole site (the sum over the top-level regions), by counter.
    pub(crate) site: Vec<Series>,
    pub(crate) site_totals: Vec<Option<Total>>,
    /// The same figures in today's units: each figure of a region that no
    /// longer exists counts in its region of today (`Region::today`).
    pub(crate) today: View,
}

/// A team placed in the tree.
pub(crate) struct TeamAt<'a> {
    pub(crate) team: &'a TeamSource,
    pub(crate) region: RegionId,
    /// Its places before `region` (`region_before:`): the last year of
    /// figures each held, earliest first.
    pub(crate) before: Vec<(i32, RegionId)>,
}

impl TeamAt<'_> {
    /// Where the team's figures of a year count.
    pub(crate) fn place(&self, year: i32) -> RegionId {
        self.before
            .iter()
            .find(|(last, _)| year <= *last)
            .map_or(self.region, |(_, r)| *r)
    }
}

/// Which figures: as reported, in the units of their time, or in today's
/// units (SPEC §1.6).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Units {
    #[default]
    Today,
    Reported,
}

impl Units {
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            Units::Today => "today",
            Units::Reported => "reported",
        }
    }
}

/// The figures of one view.
#[derive(Debug, Clone, Default)]
pub(crate) struct View {
    /// By region, then counter; in today's units, empty series for the
    /// regions that no longer exist.
    pub(crate) regions: Vec<Vec<Series>>,
    pub(crate) region_totals: Vec<Vec<Option<Total>>>,
    pub(crate) site: Vec<Series>,
    pub(crate) site_totals: Vec<Option<Total>>,
}

/// The figures of one view, borrowed.
#[derive(Clone, Copy)]
pub(crate) struct ViewRef<'a> {
    pub(crate) regions: &'a [Vec<Series>],
    pub(crate) region_totals: &'a [Vec<Option<Total>>],
    pub(crate) site: &'a [Series],
    pub(crate) site_totals: &'a [Option<Total>],
}

/// An article of the default language placed in the tree.
pub(crate) struct ArticleAt {
    pub(crate) year: i32,
    pub(crate) region: RegionId,
}

impl Stats {
    pub(crate) fn compute(
        config: &Config,
        tree: &Tree,
        files: &[RegionSource],
        teams: &[TeamAt],
        articles: &[ArticleAt],
    ) -> Stats {
        let mut counters: Vec<CounterInfo> = vec![CounterInfo {
            key: "teams".into(),
            kind: CounterKind::Teams,
            decimals: 0,
        }];
        counters.extend(
            config
                .counters
                .iter()
                .enumerate()
                .map(|(i, c)| CounterInfo {
                    key: c.key.clone(),
                    kind: CounterKind::Declared(i),
                    decimals: c.decimals,
                }),
        );
        counters.push(CounterInfo {
            key: "members".into(),
            kind: CounterKind::Members,
            decimals: 0,
        });
        counters.push(CounterInfo {
            key: "articles".into(),
            kind: CounterKind::Articles,
            decimals: 0,
        });
        let n = tree.regions.len();
        let reported = |r: RegionId| -> Option<&crate::load::data::Figures> {
            tree.regions[r].file.map(|f| &files[f].reported)
        };

        // Contributions made directly at each region, per counter and year.
        let mut direct: Vec<Vec<BTreeMap<i32, Decimal>>> =
            vec![vec![BTreeMap::new(); counters.len()]; n];
        let mut direct_stock: Vec<Vec<Decimal>> = vec![vec![Decimal::ZERO; counters.len()]; n];
        let mut teams_at: Vec<usize> = vec![0; n];
        let mut years: BTreeSet<i32> = BTreeSet::new();
        for t in teams {
            years.extend(t.team.stats.keys().copied());
            if let Some(e) = t.team.established {
                years.insert(i32::from(e.year()));
            }
        }
        for f in files {
            years.extend(f.reported.keys().copied());
        }
        years.extend(articles.iter().map(|a| a.year));
        let last_year = years.last().copied();
        for t in teams {
            teams_at[t.region] += 1;
            let active: Vec<i32> = match (t.team.established, last_year) {
                (Some(e), Some(last)) => (i32::from(e.year())..=last).collect(),
                _ => Vec::new(),
            };
            for (ci, c) in counters.iter().enumerate() {
                match c.kind {
                    CounterKind::Declared(_) => {
                        for (year, values) in &t.team.stats {
                            if let Some(v) = values.get(&c.key) {
                                add(&mut direct[t.place(*year)][ci], *year, *v);
                            }
                        }
                    }
                    CounterKind::Teams => {
                        for y in &active {
                            add(&mut direct[t.place(*y)][ci], *y, Decimal::from_int(1));
                        }
                        direct_stock[t.region][ci] = direct_stock[t.region][ci]
                            .checked_add(Decimal::from_int(1))
                            .unwrap_or(Decimal::ZERO);
                    }
                    CounterKind::Members => {
                        if let Some(m) = t.team.members {
                            let m = Decimal::from_int(m.into());
                            for y in &active {
                                add(&mut direct[t.place(*y)][ci], *y, m);
                            }
                            direct_stock[t.region][ci] = direct_stock[t.region][ci]
                                .checked_add(m)
                                .unwrap_or(Decimal::ZERO);
                        }
                    }
                    CounterKind::Articles => {}
                }
            }
        }
        let articles_ci = counters
            .iter()
            .position(|c| c.kind == CounterKind::Articles)
            .unwrap_or(0);
        for a in articles {
            add(
                &mut direct[a.region][articles_ci],
                a.year,
                Decimal::from_int(1),
            );
        }

        // Roll up, children before parents.
        let mut regions: Vec<Vec<Series>> = vec![vec![Series::new(); counters.len()]; n];
        let mut totals: Vec<Vec<Option<Total>>> = vec![vec![None; counters.len()]; n];
        let mut order = tree.in_order();
        order.reverse();
        for r in order {
            for (ci, c) in counters.iter().enumerate() {
                let mut series: BTreeMap<i32, Cell> = BTreeMap::new();
                for (&year, &value) in &direct[r][ci] {
                    series.insert(
                        year,
                        Cell {
                            value,
                            source: Source::Summed,
                        },
                    );
                }
                for &child in &tree.regions[r].children {
                    for (&year, cell) in &regions[child][ci] {
                        let e = series.entry(year).or_insert(Cell {
                            value: Decimal::ZERO,
                            source: Source::Summed,
                        });
                        e.value = e.value.checked_add(cell.value).unwrap_or(e.value);
                    }
                }
                let own = reported(r);
                if let Some(own) = own {
                    for (&year, values) in own {
                        if let Some(v) = values.get(&c.key) {
                            series.insert(
                                year,
                                Cell {
                                    value: *v,
                                    source: Source::Reported,
                                },
                            );
                        }
                    }
                }
                let total = if c.is_stock() {
                    let latest = own.and_then(|o| {
                        o.iter()
                            .rev()
                            .find_map(|(y, v)| v.get(&c.key).map(|v| (*y, *v)))
                    });
                    match latest {
                        Some((year, value)) => Some(Total {
                            value,
                            reported_year: Some(year),
                        }),
                        None => {
                            let from_children: Vec<Decimal> = tree.regions[r]
                                .children
                                .iter()
                                .filter_map(|ch| totals[*ch][ci].map(|t| t.value))
                                .collect();
                            let has_own = teams_at[r] > 0
                                && (c.kind == CounterKind::Teams || !direct_stock[r][ci].is_zero());
                            if from_children.is_empty() && !has_own {
                                None
                            } else {
                                let value =
                                    from_children.into_iter().fold(direct_stock[r][ci], |a, b| {
                                        a.checked_add(b).unwrap_or(a)
                                    });
                                Some(Total {
                                    value,
                                    reported_year: None,
                                })
                            }
                        }
                    }
                } else {
                    sum(series.values())
                };
                regions[r][ci] = Series::from(series);
                totals[r][ci] = total;
            }
        }

        // The site: the sum over the top-level regions.
        let (site, site_totals) = site_sums(&tree.roots, &regions, &totals, counters.len());
        let today = today_view(
            tree,
            &counters,
            &direct,
            &direct_stock,
            &teams_at,
            &reported,
        );
        let years: Vec<i32> = (0..counters.len())
            .flat_map(|ci| site[ci].keys().copied().collect::<Vec<_>>())
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        Stats {
            counters,
            years,
            regions,
            region_totals: totals,
            site,
            site_totals,
            today,
        }
    }

    /// The figures of a view.
    pub(crate) fn view(&self, units: Units) -> ViewRef<'_> {
        match units {
            Units::Reported => ViewRef {
                regions: &self.regions,
                region_totals: &self.region_totals,
                site: &self.site,
                site_totals: &self.site_totals,
            },
            Units::Today => ViewRef {
                regions: &self.today.regions,
                region_totals: &self.today.region_totals,
                site: &self.today.site,
                site_totals: &self.today.site_totals,
            },
        }
    }

    /// Index of a counter by key.
    pub(crate) fn counter(&self, key: &str) -> Option<usize> {
        self.counters.iter().position(|c| c.key == key)
    }
}

/// The figures in today's units. Every region hands its figures to its
/// region of today (`Region::today`), walking the tree from the top: a
/// figure a region reported for a year is handed over whole, and the figures
/// below it for that year are then already in it; otherwise the region hands
/// over what was recorded at it (its teams, its articles) and its children
/// do the same. The regions of today then add up as in §1.5.
fn today_view<'a>(
    tree: &Tree,
    counters: &[CounterInfo],
    direct: &[Vec<BTreeMap<i32, Decimal>>],
    direct_stock: &[Vec<Decimal>],
    teams_at: &[usize],
    reported: &dyn Fn(RegionId) -> Option<&'a crate::load::data::Figures>,
) -> View {
    let n = tree.regions.len();
    let k = counters.len();
    // What lands at each region of today: (value, whether it is that
    // region's own report).
    let mut landed: Vec<Vec<BTreeMap<i32, (Decimal, bool)>>> = vec![vec![BTreeMap::new(); k]; n];
    // Totals of stocks: a region's latest report, else its own teams.
    let mut landed_stock: Vec<Vec<Option<Decimal>>> = vec![vec![None; k]; n];
    let mut own_report_total: Vec<Vec<Option<(i32, Decimal)>>> = vec![vec![None; k]; n];
    // (region, counter, years covered by a report above, stock total covered)
    let mut stack: Vec<(RegionId, Vec<BTreeSet<i32>>, Vec<bool>)> = tree
        .roots
        .iter()
        .rev()
        .map(|&r| (r, vec![BTreeSet::new(); k], vec![false; k]))
        .collect();
    while let Some((r, mut covered, mut stock_covered)) = stack.pop() {
        let to = tree.regions[r].today;
        let own = reported(r);
        for (ci, c) in counters.iter().enumerate() {
            if let Some(own) = own {
                for (&year, values) in own {
                    if let Some(v) = values.get(&c.key)
                        && covered[ci].insert(year)
                    {
                        let e = landed[to][ci].entry(year).or_insert((Decimal::ZERO, true));
                        e.0 = e.0.checked_add(*v).unwrap_or(e.0);
                        e.1 = e.1 && to == r && e.0 == *v;
                    }
                }
                if c.is_stock()
                    && !stock_covered[ci]
                    && let Some((y, v)) = own
                        .iter()
                        .rev()
                        .find_map(|(y, v)| v.get(&c.key).map(|v| (*y, *v)))
                {
                    stock_covered[ci] = true;
                    let e = landed_stock[to][ci].get_or_insert(Decimal::ZERO);
                    *e = e.checked_add(v).unwrap_or(*e);
                    if to == r {
                        own_report_total[r][ci] = Some((y, v));
                    }
                }
            }
            for (&year, &v) in &direct[r][ci] {
                if covered[ci].contains(&year) {
                    continue;
                }
                let e = landed[to][ci].entry(year).or_insert((Decimal::ZERO, false));
                e.0 = e.0.checked_add(v).unwrap_or(e.0);
                e.1 = false;
            }
            let has_own =
                teams_at[r] > 0 && (c.kind == CounterKind::Teams || !direct_stock[r][ci].is_zero());
            if c.is_stock() && !stock_covered[ci] && has_own {
                let e = landed_stock[to][ci].get_or_insert(Decimal::ZERO);
                *e = e.checked_add(direct_stock[r][ci]).unwrap_or(*e);
            }
        }
        for &child in tree.regions[r].children.iter().rev() {
            stack.push((child, covered.clone(), stock_covered.clone()));
        }
        covered.clear();
        stock_covered.clear();
    }

    // Add up the regions of today, children before parents.
    let mut regions: Vec<Vec<Series>> = vec![vec![Series::new(); k]; n];
    let mut totals: Vec<Vec<Option<Total>>> = vec![vec![None; k]; n];
    let mut order: Vec<RegionId> = tree
        .in_order()
        .into_iter()
        .filter(|&r| tree.regions[r].today == r)
        .collect();
    order.reverse();
    for r in order {
        for (ci, c) in counters.iter().enumerate() {
            let mut series: BTreeMap<i32, Cell> = BTreeMap::new();
            for (&year, &(value, own)) in &landed[r][ci] {
                series.insert(
                    year,
                    Cell {
                        value,
                        source: if own {
                            Source::Reported
                        } else {
                            Source::Summed
                        },
                    },
                );
            }
            let mut stock: Option<Decimal> = landed_stock[r][ci];
            for &child in &tree.regions[r].children {
                if tree.regions[child].today != child {
                    continue;
                }
                for (&year, cell) in &regions[child][ci] {
                    let e = series.entry(year).or_insert(Cell {
                        value: Decimal::ZERO,
                        source: Source::Summed,
                    });
                    e.value = e.value.checked_add(cell.value).unwrap_or(e.value);
                    e.source = Source::Summed;
                }
                if let Some(t) = totals[child][ci] {
                    let e = stock.get_or_insert(Decimal::ZERO);
                    *e = e.checked_add(t.value).unwrap_or(*e);
                }
            }
            totals[r][ci] = if c.is_stock() {
                stock.map(|value| Total {
                    value,
                    reported_year: own_report_total[r][ci]
                        .filter(|(_, v)| *v == value)
                        .map(|(y, _)| y),
                })
            } else {
                sum(series.values())
            };
            regions[r][ci] = Series::from(series);
        }
    }
    // The site: the sum over the top-level regions that exist today.
    let roots: Vec<RegionId> = tree
        .roots
        .iter()
        .copied()
        .filter(|&r| tree.regions[r].today == r)
        .collect();
    let (site, site_totals) = site_sums(&roots, &regions, &totals, k);
    View {
        regions,
        region_totals: totals,
        site,
        site_totals,
    }
}

/// The site's series and totals of each of `k` counters: the sums over
/// `roots` (both views add up their top-level regions the same way).
fn site_sums(
    roots: &[RegionId],
    regions: &[Vec<Series>],
    totals: &[Vec<Option<Total>>],
    k: usize,
) -> (Vec<Series>, Vec<Option<Total>>) {
    let mut site: Vec<BTreeMap<i32, Cell>> = vec![BTreeMap::new(); k];
    let mut site_totals: Vec<Option<Total>> = vec![None; k];
    for ci in 0..k {
        for &root in roots {
            for (&year, cell) in &regions[root][ci] {
                let e = site[ci].entry(year).or_insert(Cell {
                    value: Decimal::ZERO,
                    source: Source::Summed,
                });
                e.value = e.value.checked_add(cell.value).unwrap_or(e.value);
            }
            if let Some(t) = totals[root][ci] {
                let acc = site_totals[ci].get_or_insert(Total {
                    value: Decimal::ZERO,
                    reported_year: None,
                });
                acc.value = acc.value.checked_add(t.value).unwrap_or(acc.value);
            }
        }
    }
    (site.into_iter().map(Series::from).collect(), site_totals)
}

fn add(row: &mut BTreeMap<i32, Decimal>, year: i32, v: Decimal) {
    let e = row.entry(year).or_insert(Decimal::ZERO);
    *e = e.checked_add(v).unwrap_or(*e);
}

fn sum<'a>(mut it: impl Iterator<Item = &'a Cell>) -> Option<Total> {
    let first = it.next()?;
    let value = it.fold(first.value, |a, c| a.checked_add(c.value).unwrap_or(a));
    Some(Total {
        value,
        reported_year: None,
    })
}

/// A team's own total of a counter over the years (its figures are never rolled up).
pub(crate) fn team_total(team: &TeamSource, key: &str) -> Option<Decimal> {
    let mut values = team.stats.values().filter_map(|row| row.get(key));
    let first = *values.next()?;
    Some(values.fold(first, |a, b| a.checked_add(*b).unwrap_or(a)))
}

#[cfg(test)]
mod tests;
