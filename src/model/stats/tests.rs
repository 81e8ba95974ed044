//! Tests of the figures: as reported and handed over to today's units.

use super::*;
use crate::diag::Diagnostics;
use crate::model::regions::ListAt;

fn config() -> Config {
    let mut d = Diagnostics::new();
    crate::config::parse(
        "title: T\nbase_url: https://x.vn/\ncounters:\n  - key: roads_km\n    label: Đường\n    unit: km\n    decimals: 1\n  - key: land_ha\n    label: Đất\n    decimals: 2\n".into(),
        None,
        &mut d,
    )
    .unwrap()
}

fn d(s: &str) -> Decimal {
    Decimal::parse(s).unwrap()
}

fn team(
    id: &str,
    region: &[&str],
    stats: &[(i32, &str, &str)],
    established: Option<&str>,
    members: Option<u32>,
) -> TeamSource {
    let mut figures: crate::load::data::Figures = BTreeMap::new();
    for (y, k, v) in stats {
        figures.entry(*y).or_default().insert(k, d(v));
    }
    TeamSource {
        id: id.into(),
        file: format!("content/teams/{id}.yaml"),
        name: crate::yaml::Localized::Same(id.into()),
        region: region.iter().map(|s| s.to_string()).collect(),
        region_at: (2, 1),
        region_before: Vec::new(),
        established: established.map(|e| crate::date::parse(e).unwrap().datetime.date()),
        members,
        leader: None,
        model: None,
        tags: Vec::new(),
        stats: figures,
        sources: BTreeMap::new(),
    }
}

fn region_file(name: &str, parent: Option<&str>, reported: &[(i32, &str, &str)]) -> RegionSource {
    let mut figures: crate::load::data::Figures = BTreeMap::new();
    for (y, k, v) in reported {
        figures.entry(*y).or_default().insert(k, d(v));
    }
    RegionSource {
        file: format!("content/regions/{name}.yaml"),
        name: name.into(),
        name_en: None,
        parent: parent.map(str::to_owned),
        parent_at: (1, 1),
        name_at: (1, 1),
        level: None,
        ended: None,
        successors: Vec::new(),
        reported: figures,
    }
}

struct World {
    stats: Stats,
    tree: Tree,
}

fn world(teams: &[TeamSource], files: &[RegionSource]) -> World {
    let lists: Vec<ListAt> = teams
        .iter()
        .map(|t| ListAt {
            list: &t.region,
            file: &t.file,
            line: 2,
            column: 1,
            eras: Vec::new(),
        })
        .collect();
    let mut diags = Diagnostics::new();
    let (tree, completed) = Tree::build(files, &lists, &mut diags);
    assert!(!diags.has_errors(), "{:?}", diags.into_sorted());
    let at: Vec<TeamAt> = teams
        .iter()
        .zip(&completed)
        .map(|(t, c)| TeamAt {
            before: Vec::new(),
            team: t,
            region: tree.find(c.as_ref().unwrap()).unwrap(),
        })
        .collect();
    let stats = Stats::compute(&config(), &tree, files, &at, &[]);
    World { stats, tree }
}

impl World {
    fn cell(&self, path: &[&str], key: &str, year: i32) -> Option<Cell> {
        let path: Vec<String> = path.iter().map(|s| s.to_string()).collect();
        let r = self.tree.find(&path).unwrap();
        self.stats.regions[r][self.stats.counter(key).unwrap()]
            .get(&year)
            .copied()
    }
    fn total(&self, path: &[&str], key: &str) -> Option<Total> {
        let path: Vec<String> = path.iter().map(|s| s.to_string()).collect();
        let r = self.tree.find(&path).unwrap();
        self.stats.region_totals[r][self.stats.counter(key).unwrap()]
    }
}

#[test]
fn sums_roll_up_three_levels_exactly() {
    let w = world(
        &[
            team(
                "a",
                &["Tỉnh", "Huyện A", "Xã 1"],
                &[(2016, "roads_km", "2.8")],
                None,
                None,
            ),
            team(
                "b",
                &["Tỉnh", "Huyện A", "Xã 2"],
                &[(2016, "roads_km", "1.25"), (2017, "roads_km", "0.1")],
                None,
                None,
            ),
            team(
                "c",
                &["Tỉnh", "Huyện B"],
                &[(2016, "roads_km", "0.2")],
                None,
                None,
            ),
        ],
        &[],
    );
    let c = w.cell(&["Tỉnh", "Huyện A"], "roads_km", 2016).unwrap();
    assert_eq!(
        (c.value, c.source),
        (d("4.05"), Source::Summed),
        "2.8 + 1.25 exactly"
    );
    assert_eq!(
        w.cell(&["Tỉnh"], "roads_km", 2016).unwrap().value,
        d("4.25")
    );
    assert_eq!(
        w.total(&["Tỉnh"], "roads_km").unwrap().value,
        d("4.35"),
        "flows add up over the years"
    );
    assert_eq!(
        w.stats.site_totals[w.stats.counter("roads_km").unwrap()]
            .unwrap()
            .value,
        d("4.35")
    );
    assert_eq!(w.stats.years, [2016, 2017]);
}

#[test]
fn a_reported_figure_wins_over_the_sum_below_it() {
    let w = world(
        &[
            team(
                "a",
                &["Tỉnh", "Huyện A", "Xã 1"],
                &[(2016, "roads_km", "2.8"), (2017, "roads_km", "1")],
                None,
                None,
            ),
            team(
                "b",
                &["Tỉnh", "Huyện B"],
                &[(2016, "roads_km", "5")],
                None,
                None,
            ),
        ],
        &[region_file(
            "Huyện A",
            Some("Tỉnh"),
            &[(2016, "roads_km", "10")],
        )],
    );
    let a = w.cell(&["Tỉnh", "Huyện A"], "roads_km", 2016).unwrap();
    assert_eq!((a.value, a.source), (d("10"), Source::Reported));
    // Without a report for 2017, the district sums its communes.
    assert_eq!(
        w.cell(&["Tỉnh", "Huyện A"], "roads_km", 2017)
            .unwrap()
            .source,
        Source::Summed
    );
    // The province sums the reported district, not the teams below it.
    assert_eq!(w.cell(&["Tỉnh"], "roads_km", 2016).unwrap().value, d("15"));
    assert_eq!(
        w.cell(&["Tỉnh", "Huyện A", "Xã 1"], "roads_km", 2016)
            .unwrap()
            .value,
        d("2.8")
    );
}

#[test]
fn teams_and_members_are_counted_not_summed_over_years() {
    let w = world(
        &[
            team("a", &["Tỉnh", "Phường"], &[], Some("2015-07-08"), Some(9)),
            team("b", &["Tỉnh", "Phường"], &[], None, Some(7)),
            team(
                "c",
                &["Tỉnh", "Xã"],
                &[(2020, "land_ha", "1")],
                Some("2019-01-01"),
                None,
            ),
        ],
        &[region_file(
            "Phường",
            Some("Tỉnh"),
            &[(2013, "teams", "7"), (2020, "teams", "5")],
        )],
    );
    let phuong = w.total(&["Tỉnh", "Phường"], "teams").unwrap();
    assert_eq!(
        (phuong.value, phuong.reported_year),
        (d("5"), Some(2020)),
        "the latest report"
    );
    let tinh = w.total(&["Tỉnh"], "teams").unwrap();
    assert_eq!(
        (tinh.value, tinh.reported_year),
        (d("6"), None),
        "5 reported + 1 team file"
    );
    // A dated team counts from its year; an undated one only in totals.
    assert_eq!(
        w.cell(&["Tỉnh", "Xã"], "teams", 2020).unwrap().value,
        d("1")
    );
    assert!(w.cell(&["Tỉnh", "Xã"], "teams", 2018).is_none());
    assert_eq!(
        w.total(&["Tỉnh", "Phường"], "members").unwrap().value,
        d("16")
    );
    assert_eq!(
        w.cell(&["Tỉnh", "Phường"], "members", 2016).unwrap().value,
        d("9"),
        "only the team established by then"
    );
}

#[test]
fn figures_of_old_units_count_in_todays_and_stay_apart_as_reported() {
    use crate::units::Era;
    let old = team(
        "old",
        &["Hải Dương", "Thanh Hà", "Tân An", "thôn Đông"],
        &[(2016, "roads_km", "2.8")],
        Some("2015-07-08"),
        Some(9),
    );
    let new = team(
        "new",
        &["Hải Phòng", "Hà Tây"],
        &[(2026, "roads_km", "1.5")],
        None,
        Some(4),
    );
    let hp_file = region_file("Hải Phòng", None, &[(2016, "roads_km", "10")]);
    let teams = [old, new];
    let eras = [Era::Before2025, Era::Since2025];
    let lists: Vec<ListAt> = teams
        .iter()
        .zip(eras)
        .map(|(t, era)| ListAt {
            list: &t.region,
            file: &t.file,
            line: 2,
            column: 1,
            eras: vec![era],
        })
        .collect();
    let mut diags = Diagnostics::new();
    let files = [hp_file];
    let (tree, completed) = Tree::build(&files, &lists, &mut diags);
    assert!(diags.is_empty(), "{:?}", diags.into_sorted());
    let at: Vec<TeamAt> = teams
        .iter()
        .zip(&completed)
        .map(|(t, c)| TeamAt {
            before: Vec::new(),
            team: t,
            region: tree.find(c.as_ref().unwrap()).unwrap(),
        })
        .collect();
    let stats = Stats::compute(&config(), &tree, &files, &at, &[]);
    let r = |p: &[&str]| {
        tree.find(&p.iter().map(|s| s.to_string()).collect::<Vec<_>>())
            .unwrap()
    };
    let roads = stats.counter("roads_km").unwrap();
    let (hp, hd, ha_tay) = (
        r(&["Hải Phòng"]),
        r(&["Hải Dương"]),
        r(&["Hải Phòng", "Hà Tây"]),
    );
    // As reported: apart, each in its own province.
    assert_eq!(stats.regions[hd][roads][&2016].value, d("2.8"));
    assert_eq!(stats.regions[hp][roads][&2016].value, d("10"));
    assert!(stats.regions[hp][roads].get(&2026).is_some());
    // Today: both under Hải Phòng; the old city's report of 2016 is a
    // figure of its own, to which Hải Dương's is added.
    let today = stats.view(Units::Today);
    assert_eq!(today.regions[hp][roads][&2016].value, d("12.8"));
    assert_eq!(today.regions[hp][roads][&2016].source, Source::Summed);
    assert_eq!(today.regions[ha_tay][roads][&2016].value, d("2.8"));
    assert_eq!(today.regions[ha_tay][roads][&2026].value, d("1.5"));
    assert!(
        today.regions[hd][roads].is_empty(),
        "an ended region has no figures today"
    );
    let members = stats.counter("members").unwrap();
    assert_eq!(today.region_totals[ha_tay][members].unwrap().value, d("13"));
    assert_eq!(today.site_totals[roads].unwrap().value, d("14.3"));
    assert_eq!(
        stats.view(Units::Reported).site_totals[roads]
            .unwrap()
            .value,
        d("14.3")
    );
}

#[test]
fn empty_site_has_no_figures() {
    let w = world(&[], &[]);
    assert!(w.stats.years.is_empty());
    assert!(w.stats.site_totals.iter().all(Option::is_none));
}

proptest::proptest! {
    /// A series answers as the map it replaced: by year ascending, the last
    /// cell of a year kept, a missing year `None`.
    #[test]
    fn a_series_is_a_map_by_year(cells in proptest::collection::vec((2000i32..2030, 0i64..100, proptest::bool::ANY), 0..40)) {
        let cell = |v: i64, reported: bool| Cell {
            value: Decimal::from_int(i128::from(v)),
            source: if reported { Source::Reported } else { Source::Summed },
        };
        let series: Series = cells.iter().map(|&(y, v, r)| (y, cell(v, r))).collect();
        let map: BTreeMap<i32, Cell> = cells.iter().map(|&(y, v, r)| (y, cell(v, r))).collect();
        let a: Vec<(i32, Cell)> = series.iter().map(|(y, c)| (*y, *c)).collect();
        let b: Vec<(i32, Cell)> = map.iter().map(|(y, c)| (*y, *c)).collect();
        proptest::prop_assert_eq!(a, b);
        proptest::prop_assert_eq!(series.keys().next_back(), map.keys().next_back());
        proptest::prop_assert_eq!(series.is_empty(), map.is_empty());
        for y in 1999..2031 {
            proptest::prop_assert_eq!(series.get(&y), map.get(&y));
        }
        proptest::prop_assert_eq!(Series::from(map), series);
    }
}
