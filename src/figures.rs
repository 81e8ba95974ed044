//! The figures as data: `so-lieu.csv` and `so-lieu.json` next to the
//! statistics page, and the table `kheo stats` prints. All three read the same
//! [`Stats`](crate::model::stats::Stats) as the pages, so they always agree.
//!
//! Machine formats use `.` for decimals, no thousands separators and ISO
//! dates; one CSV row per region, year and counter.

use serde::Serialize;

use crate::model::stats::{Cell, Source, Units};
use crate::model::{RegionId, Site};

/// Which figures to list.
#[derive(Debug, Clone, Default)]
pub(crate) struct Filter {
    pub(crate) year: Option<i32>,
    /// Only these regions (a region and the regions below it).
    pub(crate) regions: Option<Vec<RegionId>>,
    /// Only one view; both (today's units first) when `None`.
    pub(crate) units: Option<Units>,
}

/// One figure, as a row of the machine formats.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Row {
    /// Region names from the top, joined by ` > `; empty for the whole site.
    pub(crate) region_path: String,
    pub(crate) region: String,
    /// `site`, or 1 (province), 2 (district), 3 (commune), 4 (village).
    pub(crate) level: String,
    pub(crate) year: i32,
    pub(crate) counter: String,
    /// Exact, with `.` as the decimal point.
    pub(crate) value: String,
    pub(crate) source: Source,
    /// `today`: in today's units; `reported`: as reported, in the units of
    /// their time (SPEC §1.6).
    pub(crate) units: Units,
    /// The region (none for the whole site), to name it in other languages.
    #[serde(skip)]
    pub(crate) region_id: Option<RegionId>,
}

/// The rows of the figures, view by view (today's units first): the whole
/// site first, then each region in tree order — in today's units only the
/// regions that exist today.
pub(crate) fn rows(site: &Site, filter: &Filter) -> Vec<Row> {
    let mut out = Vec::new();
    each_row(site, filter, |r| out.push(r));
    out
}

/// [`rows`] one at a time, in the same order, never all held at once: at
/// 100,000 articles the figures run to millions of rows.
pub(crate) fn each_row(site: &Site, filter: &Filter, mut f: impl FnMut(Row)) {
    let stats = &site.stats;
    let views: &[Units] = match &filter.units {
        None => &[Units::Today, Units::Reported],
        Some(Units::Today) => &[Units::Today],
        Some(Units::Reported) => &[Units::Reported],
    };
    for &units in views {
        let view = stats.view(units);
        let mut push = |region_id: Option<RegionId>,
                        region_path: String,
                        region: String,
                        level: String,
                        series_of: &dyn Fn(usize) -> Vec<(i32, Cell)>| {
            for (ci, c) in stats.counters.iter().enumerate() {
                for (year, cell) in series_of(ci) {
                    if filter.year.is_some_and(|y| y != year) {
                        continue;
                    }
                    f(Row {
                        region_path: region_path.clone(),
                        region: region.clone(),
                        level: level.clone(),
                        year,
                        counter: c.key.clone(),
                        value: cell.value.to_string(),
                        source: cell.source,
                        units,
                        region_id,
                    });
                }
            }
        };
        if filter.regions.is_none() {
            push(None, String::new(), String::new(), "site".into(), &|ci| {
                view.site[ci].iter().map(|(y, c)| (*y, *c)).collect()
            });
        }
        for r in site.regions.in_order() {
            if filter
                .regions
                .as_ref()
                .is_some_and(|keep| !keep.contains(&r))
                || (units == Units::Today && !site.regions.is_current(r))
            {
                continue;
            }
            let reg = &site.regions.regions[r];
            push(
                Some(r),
                reg.path.join(" > "),
                reg.name.clone(),
                reg.level.number().to_string(),
                &|ci| view.regions[r][ci].iter().map(|(y, c)| (*y, *c)).collect(),
            );
        }
    }
}

/// The figures of a filter as a JSON array, written row by row.
struct Figures<'a> {
    site: &'a Site,
    filter: &'a Filter,
}

impl Serialize for Figures<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeSeq;
        let mut seq = serializer.serialize_seq(None)?;
        let mut failed = None;
        each_row(self.site, self.filter, |r| {
            if failed.is_none()
                && let Err(e) = seq.serialize_element(&r)
            {
                failed = Some(e);
            }
        });
        match failed {
            Some(e) => Err(e),
            None => seq.end(),
        }
    }
}

/// The CSV with only the rows a filter keeps.
pub(crate) fn csv_filtered(site: &Site, filter: &Filter) -> String {
    let mut out = String::new();
    csv_into(site, filter, &mut out);
    out
}

/// [`csv_filtered`] appended to `out`.
pub(crate) fn csv_into(site: &Site, filter: &Filter, out: &mut String) {
    out.push_str("region_path,region,level,year,counter,value,source,units\n");
    each_row(site, filter, |r| {
        let source = match r.source {
            Source::Reported => "reported",
            Source::Summed => "summed",
        };
        out.push_str(&format!(
            "{},{},{},{},{},{},{},{}\n",
            csv_field(&r.region_path),
            csv_field(&r.region),
            r.level,
            r.year,
            r.counter,
            r.value,
            source,
            r.units.as_str()
        ));
    });
}

/// Quotes a CSV field when it needs it (RFC 4180).
fn csv_field(s: &str) -> String {
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s.to_owned()
    }
}

#[derive(Serialize)]
struct JsonCounter<'a> {
    key: &'a str,
    builtin: bool,
    decimals: u32,
    label: PerLang<'a>,
    unit: PerLang<'a>,
}

/// Text per language, written as `{"vi": "...", "en": "..."}` in the
/// site's language order.
struct PerLang<'a>(Vec<(&'a str, &'a str)>);

impl Serialize for PerLang<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeMap;
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (lang, text) in &self.0 {
            map.serialize_entry(lang, text)?;
        }
        map.end()
    }
}

#[derive(Serialize)]
struct JsonRegion<'a> {
    path: &'a [String],
    name: &'a str,
    name_en: Option<&'a str>,
    level: usize,
    /// The region's page (default language), as an absolute URL.
    url: String,
    /// counter -> total over the years (stocks: latest reported, else summed), as reported.
    totals: Vec<JsonTotal<'a>>,
    /// The same in today's units; empty for a region that no longer exists.
    totals_today: Vec<JsonTotal<'a>>,
    /// The first day it no longer existed (ISO), if it ended.
    ended: Option<String>,
    /// The paths of the regions that took it in, the one taking its figures first.
    successors: Vec<&'a [String]>,
    /// The path of the region its figures count in today.
    today: &'a [String],
    /// The paths of the site's regions it was formed from.
    formed_from: Vec<&'a [String]>,
}

#[derive(Serialize)]
struct JsonTotal<'a> {
    counter: &'a str,
    value: String,
    reported_year: Option<i32>,
}

#[derive(Serialize)]
struct JsonTeam<'a> {
    id: &'a str,
    name: PerLang<'a>,
    region: &'a [String],
    /// ISO date.
    established: Option<String>,
    members: Option<u32>,
    url: String,
    figures: Vec<JsonFigure<'a>>,
}

#[derive(Serialize)]
struct JsonFigure<'a> {
    year: i32,
    counter: &'a str,
    value: String,
}

#[derive(Serialize)]
struct Json<'a> {
    counters: Vec<JsonCounter<'a>>,
    years: &'a [i32],
    /// Every figure: the site (`level: site`) and every region, by year.
    figures: Figures<'a>,
    regions: Vec<JsonRegion<'a>>,
    teams: Vec<JsonTeam<'a>>,
}

fn json_totals<'a>(
    stats: &'a crate::model::stats::Stats,
    totals: &[Option<crate::model::stats::Total>],
) -> Vec<JsonTotal<'a>> {
    stats
        .counters
        .iter()
        .zip(totals)
        .filter_map(|(c, t)| {
            t.map(|t| JsonTotal {
                counter: &c.key,
                value: t.value.to_string(),
                reported_year: t.reported_year,
            })
        })
        .collect()
}

/// `so-lieu.json`: counters, every figure (as in the CSV), region totals and teams.
pub(crate) fn json(site: &Site) -> String {
    json_filtered(site, &Filter::default())
}

/// The JSON with only the figures, regions and teams a filter keeps.
pub(crate) fn json_filtered(site: &Site, filter: &Filter) -> String {
    let keep = |r: RegionId| filter.regions.as_ref().is_none_or(|k| k.contains(&r));
    let stats = &site.stats;
    let config = &site.config;
    let langs: Vec<(&str, &crate::locale::Locale)> = config
        .languages
        .iter()
        .zip(&site.theme.locales)
        .map(|(l, loc)| (l.code.as_str(), loc))
        .collect();
    let data = Json {
        counters: stats
            .counters
            .iter()
            .map(|c| JsonCounter {
                key: &c.key,
                builtin: !matches!(c.kind, crate::model::stats::CounterKind::Declared(_)),
                decimals: c.decimals,
                label: PerLang(
                    langs
                        .iter()
                        .map(|(code, loc)| (*code, c.label(config, loc)))
                        .collect(),
                ),
                unit: PerLang(
                    langs
                        .iter()
                        .map(|(code, loc)| (*code, c.unit(config, loc)))
                        .collect(),
                ),
            })
            .collect(),
        years: &stats.years,
        figures: Figures { site, filter },
        regions: site
            .regions
            .in_order()
            .into_iter()
            .filter(|r| keep(*r))
            .map(|r| {
                let reg = &site.regions.regions[r];
                JsonRegion {
                    path: &reg.path,
                    name: &reg.name,
                    name_en: reg.name_en.as_deref(),
                    level: usize::from(reg.level.number()),
                    url: site.permalink(&site.region_path(r, 0)),
                    totals: json_totals(stats, &stats.region_totals[r]),
                    totals_today: json_totals(stats, &stats.today.region_totals[r]),
                    ended: reg.ended.map(|d| d.to_string()),
                    successors: reg
                        .successors
                        .iter()
                        .map(|&s| site.regions.regions[s].path.as_slice())
                        .collect(),
                    today: &site.regions.regions[reg.today].path,
                    formed_from: reg
                        .predecessors
                        .iter()
                        .map(|&s| site.regions.regions[s].path.as_slice())
                        .collect(),
                }
            })
            .collect(),
        teams: site
            .teams
            .iter()
            .enumerate()
            .filter(|(_, t)| keep(t.region))
            .map(|(i, t)| JsonTeam {
                id: t.id(),
                name: PerLang(
                    langs
                        .iter()
                        .map(|(code, _)| (*code, config.text(&t.source.name, code)))
                        .collect(),
                ),
                region: &site.regions.regions[t.region].path,
                established: t.source.established.map(|d| d.to_string()),
                members: t.source.members,
                url: site.permalink(&site.team_path(i, 0)),
                figures: t
                    .source
                    .stats
                    .iter()
                    .filter(|(year, _)| filter.year.is_none_or(|y| y == **year))
                    .flat_map(|(year, row)| {
                        row.iter().map(|(counter, value)| JsonFigure {
                            year: *year,
                            counter,
                            value: value.to_string(),
                        })
                    })
                    .collect(),
            })
            .collect(),
    };
    // Compact: at 10,000 articles the figures run to 100,000 rows, and
    // indentation would triple the download.
    let mut text = serde_json::to_string(&data).unwrap_or_default();
    text.push('\n');
    text
}

/// The figures as an aligned text table in a language, for `kheo stats`.
pub(crate) fn table(site: &Site, lang: usize, filter: &Filter) -> String {
    let stats = &site.stats;
    let config = &site.config;
    let locale = &site.theme.locales[lang];
    let reported_mark = locale.string("reported_mark");
    let head = [
        locale.string("region"),
        locale.string("year"),
        locale.string("counter"),
        locale.string("value"),
        locale.string("source"),
    ];
    let mut lines: Vec<[String; 5]> = vec![head.map(str::to_owned)];
    let site_name = locale.string("whole_site").to_owned();
    for r in rows(site, filter) {
        let Some(c) = stats.counter(&r.counter).map(|i| &stats.counters[i]) else {
            continue;
        };
        let value = crate::number::Decimal::parse(&r.value)
            .map_or(r.value.clone(), |v| c.format_with_unit(config, locale, v));
        let source = match r.source {
            Source::Reported => format!("{} {reported_mark}", locale.string("reported")),
            Source::Summed => locale.string("summed").to_owned(),
        };
        let region = match r.region_id {
            None => site_name.clone(),
            Some(id) => {
                let mut names = Vec::new();
                let mut at = Some(id);
                while let Some(x) = at {
                    names.push(site.region_name(x, lang));
                    at = site.regions.regions[x].parent;
                }
                names.reverse();
                names.join(" > ")
            }
        };
        lines.push([
            region,
            r.year.to_string(),
            c.label(config, locale).to_owned(),
            value,
            source,
        ]);
    }
    let widths: Vec<usize> = (0..5)
        .map(|i| {
            lines
                .iter()
                .map(|l| l[i].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for (n, l) in lines.iter().enumerate() {
        let cells: Vec<String> = l
            .iter()
            .enumerate()
            .map(|(i, cell)| {
                let pad = widths[i] - cell.chars().count();
                // Numbers align right, text left.
                if i == 3 && n > 0 {
                    format!("{}{cell}", " ".repeat(pad))
                } else {
                    format!("{cell}{}", " ".repeat(pad))
                }
            })
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
        if n == 0 {
            out.push_str(
                &widths
                    .iter()
                    .map(|w| "-".repeat(*w))
                    .collect::<Vec<_>>()
                    .join("  "),
            );
            out.push('\n');
        }
    }
    out
}
