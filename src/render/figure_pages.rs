//! The pages of the figures: the teams and each team, the regions and
//! each region, the statistics page and its CSV and JSON files.

use serde::Serialize;

use crate::model::stats::Units;
use crate::model::{LangId, PageId, RegionId, Site, TeamId};

use super::context;
use super::engine::Renderer;
use super::figure_values::{
    self, ChartValue, Link, StatisticsTable, TeamCard, TotalValue, YearTable,
};
use super::input::{Base, CardRef, PageInput};
use super::memo::Fingerprint;

/// Articles a region page lists (the newest in it and below it).
const REGION_ARTICLES: usize = 20;

/// What the figure pages of one render look up: computed once for all of them.
pub(crate) struct FigureIndex {
    /// Per language and region: the newest articles in it.
    region_articles: Vec<Vec<Vec<PageId>>>,
    /// Teams in each region and below it, by name.
    region_teams: Vec<Vec<TeamId>>,
}

impl FigureIndex {
    pub(crate) fn new(site: &Site) -> FigureIndex {
        FigureIndex {
            region_articles: figure_values::region_articles(site, REGION_ARTICLES),
            region_teams: figure_values::region_teams(site),
        }
    }
}

/// Every team, grouped by top-level region.
#[derive(Serialize, Hash)]
struct TeamsView<'a> {
    #[serde(flatten)]
    base: Base<'a>,
    groups: Vec<TeamGroup>,
    counters: Vec<TotalValue<'a>>,
}

impl PageInput for TeamsView<'_> {
    fn template(&self) -> &'static str {
        "teams.html"
    }
}

#[derive(Serialize, Hash)]
struct TeamGroup {
    region: Link,
    teams: Vec<TeamCard>,
}

pub(crate) fn teams_index(r: &Renderer, index: &FigureIndex, lang: LangId) {
    let site = r.site;
    let path = site.teams_index_path(lang);
    let alternates = context::alternates(site, lang, &|l| Some(site.teams_index_path(l)));
    let title = site.theme.locales[lang].string("teams");
    // Grouped by top-level region, teams by name in each.
    let groups = site
        .regions
        .roots
        .iter()
        .map(|&root| TeamGroup {
            region: Link {
                name: site.region_name(root, lang).to_owned(),
                url: site.href(&site.region_path(root, lang)),
            },
            teams: index.region_teams[root]
                .iter()
                .map(|&t| figure_values::team_card(site, t, lang))
                .collect(),
        })
        .filter(|g| !g.teams.is_empty())
        .collect();
    let view = TeamsView {
        base: Base::new(site, lang, "teams", &path, title, "", alternates),
        groups,
        counters: figure_values::site_totals(site, lang),
    };
    r.emit(&format!("{path}index.html"), lang, &view);
}

/// One team: its profile, figures by year, charts and the articles about it.
#[derive(Serialize, Hash)]
struct TeamView<'a> {
    #[serde(flatten)]
    base: Base<'a>,
    team: TeamProfile,
    card: TeamCard,
    figures: YearTable<'a>,
    charts: Vec<ChartValue>,
    articles: Vec<CardRef<'a>>,
}

impl PageInput for TeamView<'_> {
    fn template(&self) -> &'static str {
        "team.html"
    }
}

#[derive(Serialize, Hash)]
struct TeamProfile {
    name: String,
    trail: Vec<Link>,
    established: Option<String>,
    members: Option<String>,
    leader: Option<String>,
    model: Option<String>,
    tags: Vec<TagLink>,
    /// Year and where its figures come from.
    sources: Vec<(i32, String)>,
}

#[derive(Serialize, Hash)]
struct TagLink {
    name: String,
    url: Option<String>,
}

pub(crate) fn team(r: &Renderer, team: TeamId, lang: LangId) {
    let site = r.site;
    let t = &site.teams[team];
    let config = &site.config;
    let code = site.lang_code(lang);
    let locale = &site.theme.locales[lang];
    let name = config.text(&t.source.name, code).to_owned();
    let path = site.team_path(team, lang);
    let alternates = context::alternates(site, lang, &|l| Some(site.team_path(team, l)));
    let card = figure_values::team_card(site, team, lang);
    let figures = figure_values::team_table(site, team, lang);
    let charts = figure_values::charts(site, lang, &format!("team-{}", t.id()), &name, &figures);
    let tags = t
        .source
        .tags
        .iter()
        .map(|name| {
            // A team's tags are written in the default language; show the paired tag elsewhere.
            let tag = site
                .tags
                .iter()
                .position(|g| g.lang == 0 && g.name.to_lowercase() == name.to_lowercase())
                .and_then(|id| site.tags[id].translations[lang]);
            match tag {
                Some(id) => TagLink {
                    name: site.tags[id].name.clone(),
                    url: Some(site.href(&site.tag_path(id, 1))),
                },
                None => TagLink {
                    name: name.clone(),
                    url: None,
                },
            }
        })
        .collect();
    let profile = TeamProfile {
        name: name.clone(),
        trail: figure_values::region_trail(site, t.region, lang),
        established: t
            .source
            .established
            .and_then(|d| d.to_zoned(config.timezone.clone()).ok())
            .map(|z| locale.date_short(&z)),
        members: t
            .source
            .members
            .map(|m| locale.number(crate::number::Decimal::from_int(m.into()), 0)),
        leader: t
            .source
            .leader
            .as_ref()
            .map(|l| config.text(l, code).to_owned()),
        model: card.model.clone(),
        tags,
        sources: t
            .source
            .sources
            .iter()
            .map(|(y, s)| (*y, config.text(s, code).to_owned()))
            .collect(),
    };
    let view = TeamView {
        base: Base::new(
            site,
            lang,
            "team",
            &path,
            &name,
            card.model.as_deref().unwrap_or(""),
            alternates,
        ),
        team: profile,
        card,
        figures,
        charts,
        articles: r.cards.list(t.pages[lang].iter().copied()),
    };
    r.emit(&format!("{path}index.html"), lang, &view);
}

/// The top-level regions, each with the regions one level down.
#[derive(Serialize, Hash)]
struct RegionsView<'a> {
    #[serde(flatten)]
    base: Base<'a>,
    regions: Vec<RegionEntry<'a>>,
}

impl PageInput for RegionsView<'_> {
    fn template(&self) -> &'static str {
        "regions.html"
    }
}

#[derive(Serialize, Hash)]
struct RegionEntry<'a> {
    name: String,
    url: String,
    /// When it ended, as the page's language writes a date; none for a
    /// region of today.
    ended: Option<String>,
    totals: Vec<TotalValue<'a>>,
    children: Vec<RegionEntry<'a>>,
}

pub(crate) fn regions_index(r: &Renderer, lang: LangId) {
    let site = r.site;
    let path = site.regions_index_path(lang);
    let alternates = context::alternates(site, lang, &|l| Some(site.regions_index_path(l)));
    let title = site.theme.locales[lang].string("regions");
    let view = RegionsView {
        base: Base::new(site, lang, "regions", &path, title, "", alternates),
        regions: site
            .regions
            .roots
            .iter()
            .map(|&region| region_entry(site, region, lang, true))
            .collect(),
    };
    r.emit(&format!("{path}index.html"), lang, &view);
}

/// A region as lists show it, with its sub-regions one level down when asked.
fn region_entry(
    site: &Site,
    region: RegionId,
    lang: LangId,
    with_children: bool,
) -> RegionEntry<'_> {
    let r = &site.regions.regions[region];
    RegionEntry {
        name: site.region_name(region, lang).to_owned(),
        url: site.href(&site.region_path(region, lang)),
        ended: r.ended.map(|d| format_day(site, lang, d)),
        totals: figure_values::region_totals(site, region, lang),
        children: if with_children {
            r.children
                .iter()
                .map(|&c| region_entry(site, c, lang, false))
                .collect()
        } else {
            Vec::new()
        },
    }
}

/// One region: its roll-up, sub-regions, teams and articles.
#[derive(Serialize, Hash)]
struct RegionView<'a> {
    #[serde(flatten)]
    base: Base<'a>,
    region: RegionInfo,
    history: RegionHistory,
    totals: Vec<TotalValue<'a>>,
    /// In today's units for a region of today, else as reported.
    figures: YearTable<'a>,
    /// What `figures` shows: "In today's units" / "As reported".
    figures_units: String,
    /// A region of today's figures as reported, when it has any.
    figures_reported: Option<YearTable<'a>>,
    charts: Vec<ChartValue>,
    children: Vec<RegionEntry<'a>>,
    teams: Vec<TeamCard>,
    articles: Vec<CardRef<'a>>,
}

impl PageInput for RegionView<'_> {
    fn template(&self) -> &'static str {
        "region.html"
    }
}

#[derive(Serialize, Hash)]
struct RegionInfo {
    name: String,
    /// "Cấp tỉnh", "District"...
    level: String,
    trail: Vec<Link>,
    index_url: String,
}

/// Where a region came from and where it went (SPEC §1.6).
#[derive(Serialize, Hash)]
struct RegionHistory {
    /// The first day it no longer existed.
    ended: Option<String>,
    /// The regions that took it in, the one taking its figures first.
    successors: Vec<Link>,
    /// Divided among several: its figures count in the first.
    split: bool,
    /// The region of today its figures count in.
    counts_in: Option<Link>,
    /// The units it was formed from.
    formed_from: Vec<Origin>,
}

#[derive(Serialize, Hash)]
struct Origin {
    name: String,
    /// Its page, when the site has one.
    url: Option<String>,
    /// Only part of it went into this region.
    part: bool,
}

/// A day as the page's language writes dates.
fn format_day(site: &Site, lang: LangId, day: jiff::civil::Date) -> String {
    day.to_zoned(jiff::tz::TimeZone::UTC)
        .map(|z| site.theme.locales[lang].date_short(&z))
        .unwrap_or_else(|_| day.to_string())
}

fn region_link(site: &Site, region: RegionId, lang: LangId) -> Link {
    Link {
        name: site.region_name(region, lang).to_owned(),
        url: site.href(&site.region_path(region, lang)),
    }
}

fn history(site: &Site, region: RegionId, lang: LangId) -> RegionHistory {
    let tree = &site.regions;
    let node = &tree.regions[region];
    let english = site.lang_code(lang) == "en";
    let mut formed_from: Vec<Origin> = Vec::new();
    let mut linked: Vec<RegionId> = Vec::new();
    if let Some(u) = node.unit().filter(|_| tree.is_current(region)) {
        for &old in u.formed_from() {
            let page = tree.of_unit(old).filter(|&o| o != region);
            if tree.of_unit(old) == Some(region) {
                continue; // the same place under the same name (Hải Phòng)
            }
            let name = match page {
                Some(o) => site.region_name(o, lang).to_owned(),
                None if english => old.name_en(),
                None => old.full_name(),
            };
            // Where it was: its district and province.
            let within: Vec<String> = old
                .path()
                .iter()
                .rev()
                .skip(1)
                .map(|p| if english { p.name_en() } else { p.full_name() })
                .collect();
            let name = if within.is_empty() {
                name
            } else {
                format!("{name} ({})", within.join(", "))
            };
            linked.extend(page);
            formed_from.push(Origin {
                name,
                url: page.map(|o| site.href(&site.region_path(o, lang))),
                part: old.successors().len() > 1,
            });
        }
    }
    for &p in &node.predecessors {
        // A district is not what a province was formed from: the level was
        // abolished, and its communes are listed under their own successors.
        let abolished = tree.regions[p]
            .unit()
            .is_some_and(|u| u.change() == Some(crate::units::Change::Abolished));
        if !linked.contains(&p) && p != region && !abolished {
            let l = region_link(site, p, lang);
            formed_from.push(Origin {
                name: l.name,
                url: Some(l.url),
                part: tree.regions[p].successors.len() > 1,
            });
        }
    }
    let today = node.today;
    RegionHistory {
        ended: node.ended.map(|d| format_day(site, lang, d)),
        successors: node
            .successors
            .iter()
            .map(|&s| region_link(site, s, lang))
            .collect(),
        split: node.successors.len() > 1,
        counts_in: (today != region).then(|| region_link(site, today, lang)),
        formed_from,
    }
}

pub(crate) fn region(r: &Renderer, index: &FigureIndex, region: RegionId, lang: LangId) {
    let site = r.site;
    let node = &site.regions.regions[region];
    let locale = &site.theme.locales[lang];
    let name = site.region_name(region, lang).to_owned();
    let path = site.region_path(region, lang);
    let alternates = context::alternates(site, lang, &|l| Some(site.region_path(region, l)));
    let units = figure_values::units_of(site, region);
    let figures = figure_values::region_table(site, region, lang, units);
    let figures_reported = (units == Units::Today)
        .then(|| figure_values::region_table(site, region, lang, Units::Reported))
        .filter(|t| !t.rows.is_empty());
    let figures_units = locale
        .string(match units {
            Units::Today => "units_today",
            Units::Reported => "units_reported",
        })
        .to_owned();
    let charts = figure_values::charts(site, lang, "region", &name, &figures);
    let level = locale
        .string(&format!("level_{}", node.level.number()))
        .to_owned();
    let view = RegionView {
        base: Base::new(site, lang, "region", &path, &name, "", alternates),
        region: RegionInfo {
            name: name.clone(),
            level,
            trail: figure_values::region_trail(site, region, lang),
            index_url: site.href(&site.regions_index_path(lang)),
        },
        history: history(site, region, lang),
        totals: figure_values::region_totals(site, region, lang),
        figures,
        figures_units,
        figures_reported,
        charts,
        children: node
            .children
            .iter()
            .map(|&c| region_entry(site, c, lang, false))
            .collect(),
        teams: index.region_teams[region]
            .iter()
            .map(|&t| figure_values::team_card(site, t, lang))
            .collect(),
        articles: r
            .cards
            .list(index.region_articles[lang][region].iter().copied()),
    };
    r.emit(&format!("{path}index.html"), lang, &view);
}

/// Every counter by year and by top-level region.
#[derive(Serialize, Hash)]
struct StatisticsView<'a> {
    #[serde(flatten)]
    base: Base<'a>,
    /// In today's units.
    tables: Vec<StatisticsTable<'a>>,
    /// Today's units, then as reported (SPEC §1.6).
    groups: Vec<ViewGroup<'a>>,
    counters: Vec<TotalValue<'a>>,
    csv_url: String,
    json_url: String,
    xlsx_url: String,
    regions_url: String,
}

impl PageInput for StatisticsView<'_> {
    fn template(&self) -> &'static str {
        "statistics.html"
    }
}

pub(crate) fn statistics(r: &Renderer, lang: LangId) {
    let site = r.site;
    let path = site.statistics_path(lang);
    let alternates = context::alternates(site, lang, &|l| Some(site.statistics_path(l)));
    let title = site.theme.locales[lang].string("statistics");
    let locale = &site.theme.locales[lang];
    let tables = figure_values::statistics(site, lang, Units::Today);
    let groups = vec![
        ViewGroup {
            id: "units-today",
            title: locale.string("units_today").to_owned(),
            note: locale.string("units_today_note").to_owned(),
            link: Some(AnchorLink {
                id: "units-reported",
                text: locale.string("see_reported").to_owned(),
            }),
            tables: figure_values::statistics(site, lang, Units::Today),
        },
        ViewGroup {
            id: "units-reported",
            title: locale.string("units_reported").to_owned(),
            note: locale.string("units_reported_note").to_owned(),
            link: None,
            tables: figure_values::statistics(site, lang, Units::Reported),
        },
    ];
    let view = StatisticsView {
        base: Base::new(site, lang, "statistics", &path, title, "", alternates),
        tables,
        groups,
        counters: figure_values::site_totals(site, lang),
        csv_url: site.href(&site.statistics_data_file("csv")),
        json_url: site.href(&site.statistics_data_file("json")),
        xlsx_url: site.href(&site.statistics_workbook(lang)),
        regions_url: site.href(&site.regions_index_path(lang)),
    };
    r.emit(&format!("{path}index.html"), lang, &view);
}

/// The figures of one view, on the statistics page.
#[derive(Serialize, Hash)]
struct ViewGroup<'a> {
    id: &'static str,
    title: String,
    note: String,
    link: Option<AnchorLink>,
    tables: Vec<StatisticsTable<'a>>,
}

#[derive(Serialize, Hash)]
struct AnchorLink {
    id: &'static str,
    text: String,
}

/// `so-lieu.csv` and `so-lieu.json`: the figures for machines, once for all
/// languages.
pub(crate) fn data_files(r: &Renderer) {
    let site = r.site;
    let print = r.remembering().then(|| {
        let mut f = Fingerprint::new();
        f.add(&site.stats).add(&site.regions.regions);
        for t in &site.teams {
            f.add(&t.source);
        }
        f.finish()
    });
    let csv = site.statistics_data_file("csv");
    if !r.unchanged(&csv, print) {
        // A byte order mark, so that Excel reads the file as UTF-8.
        let mut body = String::from("\u{feff}");
        crate::figures::csv_into(site, &crate::figures::Filter::default(), &mut body);
        r.write(&csv, body.as_bytes(), false);
    }
    let json = site.statistics_data_file("json");
    if !r.unchanged(&json, print) {
        r.write(&json, crate::figures::json(site).as_bytes(), false);
    }
    for lang in 0..site.config.languages.len() {
        let xlsx = site.statistics_workbook(lang);
        if r.unchanged(&xlsx, print) {
            continue;
        }
        match crate::workbook::workbook(site, lang) {
            Ok(bytes) => r.write(&xlsx, &bytes, false),
            Err(e) => r.fail(
                crate::diag::Diagnostic::error(
                    crate::config::SITE_FILE,
                    1,
                    1,
                    crate::msg!("render.workbook", error = e),
                )
                .with_code("xlsx"),
            ),
        }
    }
}
