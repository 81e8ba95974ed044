//! Template values for the figures: the counters strip, team stat cards,
//! the tables and charts of team and region pages, and the statistics page. Numbers are formatted
//! here, once, with the counter's decimals and unit in the page's language
//! (`CounterInfo::format_with_unit`, the same code as `kheo stats`).

use serde::Serialize;

use crate::model::stats::{CounterInfo, Series, Source, Total, Units, team_total};
use crate::model::{LangId, PageId, RegionId, Site, TeamId};
use crate::number::Decimal;
use crate::render::chart::{Bar, Chart};

#[derive(Serialize, Hash)]
pub(crate) struct CounterValue<'a> {
    pub(crate) key: &'a str,
    pub(crate) label: &'a str,
    pub(crate) unit: &'a str,
}

#[derive(Serialize, Clone, Hash)]
pub(crate) struct FigureValue {
    /// `200,47`
    pub(crate) value: String,
    /// `200,47 ha`
    pub(crate) with_unit: String,
    /// Exact, with `.` (for machines and `data-` attributes).
    pub(crate) raw: String,
    pub(crate) reported: bool,
}

#[derive(Serialize, Hash)]
pub(crate) struct TotalValue<'a> {
    pub(crate) key: &'a str,
    pub(crate) label: &'a str,
    pub(crate) value: String,
    pub(crate) with_unit: String,
    /// For a count taken from a report: the year it was reported.
    pub(crate) reported_year: Option<i32>,
    /// The years the figure covers, in words: `cộng dồn 2013–2020` for a
    /// flow summed over the years, `năm 2020` for a stock.
    pub(crate) period: String,
}

/// A table of figures by year: rows are years, columns the counters that have values.
#[derive(Serialize, Hash)]
pub(crate) struct YearTable<'a> {
    pub(crate) counters: Vec<CounterValue<'a>>,
    pub(crate) rows: Vec<YearRow>,
    pub(crate) totals: Vec<Option<FigureValue>>,
}

#[derive(Serialize, Hash)]
pub(crate) struct YearRow {
    pub(crate) year: i32,
    pub(crate) cells: Vec<Option<FigureValue>>,
}

#[derive(Serialize, Hash)]
pub(crate) struct ChartValue {
    pub(crate) title: String,
    /// The SVG markup (drawn when the page is rendered).
    pub(crate) svg: Chart,
}

#[derive(Serialize, Hash)]
pub(crate) struct Link {
    pub(crate) name: String,
    pub(crate) url: String,
}

fn counter_value<'a>(site: &'a Site, c: &'a CounterInfo, lang: LangId) -> CounterValue<'a> {
    let locale = &site.theme.locales[lang];
    CounterValue {
        key: &c.key,
        label: c.label(&site.config, locale),
        unit: c.unit(&site.config, locale),
    }
}

fn figure(
    site: &Site,
    c: &CounterInfo,
    lang: LangId,
    value: Decimal,
    reported: bool,
) -> FigureValue {
    let locale = &site.theme.locales[lang];
    FigureValue {
        value: c.format(locale, value),
        with_unit: with_unit(site, c, lang, value),
        raw: value.to_string(),
        reported,
    }
}

fn total_value<'a>(
    site: &'a Site,
    c: &'a CounterInfo,
    lang: LangId,
    t: Total,
    series: &Series,
) -> TotalValue<'a> {
    let locale = &site.theme.locales[lang];
    TotalValue {
        key: &c.key,
        label: c.label(&site.config, locale),
        value: c.format(locale, t.value),
        with_unit: with_unit(site, c, lang, t.value),
        reported_year: t.reported_year,
        period: period(locale, c, series, t.reported_year),
    }
}

/// A number and its unit kept on one line (a no-break space between).
fn with_unit(site: &Site, c: &CounterInfo, lang: LangId, value: Decimal) -> String {
    let locale = &site.theme.locales[lang];
    match c.unit(&site.config, locale) {
        "" => c.format(locale, value),
        u => format!("{}\u{a0}{u}", c.format(locale, value)),
    }
}

/// What years a total covers: a flow is summed over every year it has a
/// figure (`cộng dồn 2013–2020`); a stock is counted at its last year
/// (`năm 2020`), or the year of the report it was taken from.
fn period(
    locale: &crate::locale::Locale,
    c: &CounterInfo,
    series: &Series,
    reported_year: Option<i32>,
) -> String {
    let (Some(first), Some(last)) = (series.keys().next(), series.keys().next_back()) else {
        return String::new();
    };
    let fill = |key: &str, from: i32, to: i32| {
        locale
            .string(key)
            .replace("{from}", &from.to_string())
            .replace("{to}", &to.to_string())
    };
    if c.is_stock() {
        fill("period_as_of", *last, reported_year.unwrap_or(*last)).replace("{from}", "")
    } else if first == last {
        fill("period_year", *first, *last)
    } else {
        fill("period_cumulative", *first, *last)
    }
}

/// The counters a strip or summary shows: everything but `articles` (listed
/// elsewhere), in the order of `Stats::counters`.
fn shown(c: &CounterInfo) -> bool {
    c.key != "articles"
}

/// The home page's strip: the site-wide total of each counter.
pub(crate) fn site_totals(site: &Site, lang: LangId) -> Vec<TotalValue<'_>> {
    let stats = &site.stats;
    stats
        .counters
        .iter()
        .zip(
            stats
                .view(Units::Today)
                .site_totals
                .iter()
                .zip(stats.view(Units::Today).site),
        )
        .filter(|(c, _)| shown(c))
        .filter_map(|(c, (t, s))| t.map(|t| total_value(site, c, lang, t, s)))
        .collect()
}

/// The units a region's figures are shown in first: today's for a region
/// of today, as reported for one that no longer exists.
pub(crate) fn units_of(site: &Site, region: RegionId) -> Units {
    if site.regions.is_current(region) {
        Units::Today
    } else {
        Units::Reported
    }
}

/// The totals of a region, for its page and the lists of sub-regions, in
/// the units it is shown in ([`units_of`]).
pub(crate) fn region_totals(site: &Site, region: RegionId, lang: LangId) -> Vec<TotalValue<'_>> {
    let stats = &site.stats;
    stats
        .counters
        .iter()
        .zip(
            stats.view(units_of(site, region)).region_totals[region]
                .iter()
                .zip(&stats.view(units_of(site, region)).regions[region]),
        )
        .filter(|(c, _)| shown(c))
        .filter_map(|(c, (t, s))| t.map(|t| total_value(site, c, lang, t, s)))
        .collect()
}

/// A year table from one series per counter.
fn year_table<'a>(
    site: &'a Site,
    lang: LangId,
    series: &[(&'a CounterInfo, Series)],
    totals: Vec<Option<FigureValue>>,
) -> YearTable<'a> {
    let years: std::collections::BTreeSet<i32> =
        series.iter().flat_map(|(_, s)| s.keys().copied()).collect();
    YearTable {
        counters: series
            .iter()
            .map(|(c, _)| counter_value(site, c, lang))
            .collect(),
        rows: years
            .into_iter()
            .map(|year| YearRow {
                year,
                cells: series
                    .iter()
                    .map(|(c, s)| {
                        s.get(&year).map(|cell| {
                            figure(site, c, lang, cell.value, cell.source == Source::Reported)
                        })
                    })
                    .collect(),
            })
            .collect(),
        totals,
    }
}

/// The figures of a region by year, counters with values only.
pub(crate) fn region_table(
    site: &Site,
    region: RegionId,
    lang: LangId,
    units: Units,
) -> YearTable<'_> {
    let stats = &site.stats;
    let view = stats.view(units);
    let series: Vec<(&CounterInfo, Series)> = stats
        .counters
        .iter()
        .zip(&view.regions[region])
        .filter(|(c, s)| shown(c) && !s.is_empty())
        .map(|(c, s)| (c, s.clone()))
        .collect();
    let totals = series
        .iter()
        .map(|(c, _)| {
            let ci = stats.counter(&c.key).unwrap_or(0);
            view.region_totals[region][ci]
                .map(|t| figure(site, c, lang, t.value, t.reported_year.is_some()))
        })
        .collect();
    year_table(site, lang, &series, totals)
}

/// The figures a team reported, by year (all are the team's own, so none is
/// marked as "reported" against summed ones).
pub(crate) fn team_table(site: &Site, team: TeamId, lang: LangId) -> YearTable<'_> {
    let t = &site.teams[team].source;
    let series: Vec<(&CounterInfo, Series)> = site
        .stats
        .counters
        .iter()
        .filter(|c| matches!(c.kind, crate::model::stats::CounterKind::Declared(_)))
        .map(|c| {
            let s: Series = t
                .stats
                .iter()
                .filter_map(|(y, row)| {
                    row.get(&c.key).map(|v| {
                        (
                            *y,
                            crate::model::stats::Cell {
                                value: *v,
                                source: Source::Summed,
                            },
                        )
                    })
                })
                .collect();
            (c, s)
        })
        .filter(|(_, s)| !s.is_empty())
        .collect();
    let totals = series
        .iter()
        .map(|(c, _)| team_total(t, &c.key).map(|v| figure(site, c, lang, v, false)))
        .collect();
    year_table(site, lang, &series, totals)
}

/// One bar chart per counter of a table.
pub(crate) fn charts(
    site: &Site,
    lang: LangId,
    id_prefix: &str,
    subject: &str,
    table: &YearTable,
) -> Vec<ChartValue> {
    let locale = &site.theme.locales[lang];
    table
        .counters
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let bars: Vec<Bar> = table
                .rows
                .iter()
                .filter_map(|r| {
                    r.cells[i].as_ref().map(|f| Bar {
                        year: r.year,
                        value: Decimal::parse(&f.raw).unwrap_or(Decimal::ZERO),
                        label: f.value.clone(),
                    })
                })
                .collect();
            let title = if c.unit.is_empty() {
                format!("{} — {subject}", c.label)
            } else {
                format!("{} ({}) — {subject}", c.label, c.unit)
            };
            let description = bars
                .iter()
                .map(|b| format!("{}: {}", b.year, b.label))
                .collect::<Vec<_>>()
                .join("; ");
            ChartValue {
                svg: Chart {
                    id: format!("{id_prefix}-{}", c.key),
                    title: title.clone(),
                    description: format!("{} {description}", locale.string("chart_by_year")),
                    bars,
                },
                title,
            }
        })
        .collect()
}

/// A team as cards and lists show it.
#[derive(Serialize, Hash)]
pub(crate) struct TeamCard {
    pub(crate) id: String,
    pub(crate) name: String,
    pub(crate) url: String,
    /// Its region, smallest first: `thôn Lại Xá, Thanh Thủy, Thanh Hà, Hải Dương`.
    pub(crate) place: String,
    pub(crate) model: Option<String>,
    /// Its totals over the years, counter by counter.
    pub(crate) figures: Vec<TeamFigure>,
    /// The years of its figures: `2016` or `2016–2017`.
    pub(crate) years: Option<String>,
}

#[derive(Serialize, Hash)]
pub(crate) struct TeamFigure {
    pub(crate) label: String,
    pub(crate) value: String,
}

pub(crate) fn team_card(site: &Site, team: TeamId, lang: LangId) -> TeamCard {
    let t = &site.teams[team];
    let config = &site.config;
    let locale = &site.theme.locales[lang];
    let code = site.lang_code(lang);
    let mut place: Vec<&str> = Vec::new();
    let mut r = Some(t.region);
    while let Some(id) = r {
        place.push(site.region_name(id, lang));
        r = site.regions.regions[id].parent;
    }
    let figures = site
        .stats
        .counters
        .iter()
        .filter_map(|c| {
            let v = team_total(&t.source, &c.key)?;
            Some(TeamFigure {
                label: c.label(config, locale).to_owned(),
                value: with_unit(site, c, lang, v),
            })
        })
        .collect();
    let first = t.source.stats.keys().next();
    let last = t.source.stats.keys().next_back();
    TeamCard {
        id: t.id().to_owned(),
        name: config.text(&t.source.name, code).to_owned(),
        url: site.href(&site.team_path(team, lang)),
        place: place.join(", "),
        model: t
            .source
            .model
            .as_ref()
            .map(|m| config.text(m, code).to_owned())
            .filter(|m| !m.is_empty()),
        figures,
        years: match (first, last) {
            (Some(a), Some(b)) if a == b => Some(a.to_string()),
            (Some(a), Some(b)) => Some(format!("{a}–{b}")),
            _ => None,
        },
    }
}

/// The breadcrumb of a region: its ancestors and itself.
pub(crate) fn region_trail(site: &Site, region: RegionId, lang: LangId) -> Vec<Link> {
    let mut trail = Vec::new();
    let mut r = Some(region);
    while let Some(id) = r {
        trail.push(Link {
            name: site.region_name(id, lang).to_owned(),
            url: site.href(&site.region_path(id, lang)),
        });
        r = site.regions.regions[id].parent;
    }
    trail.reverse();
    trail
}

/// Per language and region: the newest articles about the region or a
/// place inside it (at most `limit`), computed once for all region pages.
pub(crate) fn region_articles(site: &Site, limit: usize) -> Vec<Vec<Vec<PageId>>> {
    let mut out = vec![vec![Vec::new(); site.regions.regions.len()]; site.config.languages.len()];
    for (lang, list) in site.articles.iter().enumerate() {
        for &id in list {
            let mut r = site.pages[id].region_id;
            while let Some(region) = r {
                let slot = &mut out[lang][region];
                if slot.len() < limit {
                    slot.push(id);
                }
                r = site.regions.regions[region].parent;
            }
        }
    }
    out
}

/// Per region: the teams in it and in the regions below it, by name,
/// computed once for all region pages (each team is added to its region
/// and that region's ancestors, so the cost grows with teams, not with
/// regions times teams).
pub(crate) fn region_teams(site: &Site) -> Vec<Vec<TeamId>> {
    let mut all: Vec<TeamId> = (0..site.teams.len()).collect();
    sort_teams(site, &mut all);
    let mut out = vec![Vec::new(); site.regions.regions.len()];
    for team in all {
        let mut r = Some(site.teams[team].region);
        while let Some(region) = r {
            out[region].push(team);
            r = site.regions.regions[region].parent;
        }
    }
    out
}

/// Teams in Vietnamese alphabetical order of their default-language names.
pub(crate) fn sort_teams(site: &Site, teams: &mut [TeamId]) {
    let default = site.config.default_lang();
    teams.sort_by_cached_key(|t| {
        crate::collate::key(site.config.text(&site.teams[*t].source.name, default))
    });
}

/// The statistics page: for every counter, the site and each top-level region by year.
#[derive(Serialize, Hash)]
pub(crate) struct StatisticsTable<'a> {
    /// The id of its heading (`stat-roads_km`, `stat-reported-roads_km`).
    pub(crate) id: String,
    pub(crate) counter: CounterValue<'a>,
    pub(crate) years: Vec<i32>,
    pub(crate) rows: Vec<StatisticsRow>,
    pub(crate) chart: ChartValue,
}

#[derive(Serialize, Hash)]
pub(crate) struct StatisticsRow {
    pub(crate) name: String,
    pub(crate) url: Option<String>,
    pub(crate) whole_site: bool,
    pub(crate) cells: Vec<Option<FigureValue>>,
    pub(crate) total: Option<FigureValue>,
}

pub(crate) fn statistics(site: &Site, lang: LangId, units: Units) -> Vec<StatisticsTable<'_>> {
    let stats = &site.stats;
    let view = stats.view(units);
    let locale = &site.theme.locales[lang];
    let id_prefix = match units {
        Units::Today => "stat-",
        Units::Reported => "stat-reported-",
    };
    stats
        .counters
        .iter()
        .enumerate()
        .filter(|(ci, _)| !view.site[*ci].is_empty())
        .map(|(ci, c)| {
            let years: Vec<i32> = view.site[ci].keys().copied().collect();
            let row = |name: String,
                       url: Option<String>,
                       whole_site: bool,
                       series: &Series,
                       total: Option<Total>| StatisticsRow {
                name,
                url,
                whole_site,
                cells: years
                    .iter()
                    .map(|y| {
                        series.get(y).map(|cell| {
                            figure(site, c, lang, cell.value, cell.source == Source::Reported)
                        })
                    })
                    .collect(),
                total: total.map(|t| figure(site, c, lang, t.value, t.reported_year.is_some())),
            };
            let mut rows = vec![row(
                locale.string("whole_site").to_owned(),
                None,
                true,
                &view.site[ci],
                view.site_totals[ci],
            )];
            for &r in &site.regions.roots {
                if units == Units::Today && !site.regions.is_current(r) {
                    continue;
                }
                if !view.regions[r][ci].is_empty() || view.region_totals[r][ci].is_some() {
                    rows.push(row(
                        site.region_name(r, lang).to_owned(),
                        Some(site.href(&site.region_path(r, lang))),
                        false,
                        &view.regions[r][ci],
                        view.region_totals[r][ci],
                    ));
                }
            }
            let site_row = &rows[0];
            let bars: Vec<Bar> = years
                .iter()
                .zip(&site_row.cells)
                .filter_map(|(y, cell)| {
                    cell.as_ref().map(|f| Bar {
                        year: *y,
                        value: Decimal::parse(&f.raw).unwrap_or(Decimal::ZERO),
                        label: f.value.clone(),
                    })
                })
                .collect();
            let cv = counter_value(site, c, lang);
            let title = if cv.unit.is_empty() {
                cv.label.to_owned()
            } else {
                format!("{} ({})", cv.label, cv.unit)
            };
            let description = bars
                .iter()
                .map(|b| format!("{}: {}", b.year, b.label))
                .collect::<Vec<_>>()
                .join("; ");
            let chart = ChartValue {
                svg: Chart {
                    id: format!("{id_prefix}{}", c.key),
                    title: title.clone(),
                    description: format!("{} {description}", locale.string("chart_by_year")),
                    bars,
                },
                title,
            };
            StatisticsTable {
                id: format!("{id_prefix}{}", c.key),
                counter: cv,
                years,
                rows,
                chart,
            }
        })
        .collect()
}
