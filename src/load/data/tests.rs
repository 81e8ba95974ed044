//! Tests of `load/data.rs`.

use super::*;

fn config() -> Config {
    let mut d = Diagnostics::new();
    crate::config::parse(
            "title: T\nbase_url: https://x.vn/\nlanguages: [vi, en]\ncounters:\n  - key: roads_km\n    label: Đường\n    decimals: 1\n  - key: disputes_resolved\n    label: Hòa giải\n  - key: area_ha\n    label: Diện tích\n    decimals: 6\n".into(),
            None,
            &mut d,
        )
        .unwrap()
}

const LAI_XA: &str = "name:\n  vi: Tổ dân vận thôn Lại Xá\n  en: Lai Xa village mobilization team\nregion: [Hải Dương, Thanh Hà, Thanh Thủy, thôn Lại Xá]\nestablished: 2015-07-08\nmembers: 9\nleader: {vi: Bí thư chi bộ, en: Party cell secretary}\nstats:\n  2016: {roads_km: 2.8}\n  2017: {roads_km: 1.2, disputes_resolved: 3}\nsources:\n  2016: Báo cáo số 12-BC/BDV\n";

fn team_figure(written: &str) -> Result<Decimal, String> {
    counter_figure("area_ha", written)
}

fn counter_figure(counter: &str, written: &str) -> Result<Decimal, String> {
    let text = format!("name: T\nregion: [Hải Dương]\nstats:\n  2016: {{{counter}: {written}}}\n");
    let mut d = Diagnostics::new();
    match parse_team("t", "content/teams/t.yaml", &text, &config(), &mut d) {
        Some(t) => Ok(t.stats[&2016][counter]),
        None => Err(d.into_sorted()[0].message.clone()),
    }
}

#[test]
fn figures_keep_every_digit_written() {
    for written in [
        "123456789.123456",
        "12345678901234567890",
        "99999999999999999999.999999",
        "0.000001",
        "9007199254740993",
        "2.8",
        "200.47",
    ] {
        assert_eq!(
            team_figure(written).unwrap().to_string(),
            written,
            "{written}"
        );
    }
    // Other ways YAML writes numbers still read as their value.
    assert_eq!(team_figure("1e3").unwrap(), Decimal::from_int(1000));
    assert_eq!(team_figure("0x10").unwrap(), Decimal::from_int(16));
    assert_eq!(team_figure("+5").unwrap(), Decimal::from_int(5));
    assert_eq!(team_figure("2.50").unwrap().to_string(), "2.5");
    for too_long in ["123456789012345678901", "1e25"] {
        let e = team_figure(too_long).unwrap_err();
        assert!(e.contains("too many digits"), "{too_long}: {e}");
    }
}

#[test]
fn figures_have_no_more_decimals_than_their_counter_declares() {
    assert_eq!(
        counter_figure("roads_km", "2.8").unwrap().to_string(),
        "2.8"
    );
    assert_eq!(
        counter_figure("roads_km", "2.80").unwrap().to_string(),
        "2.8"
    );
    let e = counter_figure("roads_km", "2.85").unwrap_err();
    assert!(
        e.contains("2.85 has 2 decimals") && e.contains("declares 1"),
        "{e}"
    );
    let e = team_figure("0.0000001").unwrap_err();
    assert!(e.contains("declares 6"), "{e}");
    // A whole-number counter: the Vietnamese thousands dot.
    for (written, meant) in [
        ("1.215", "1215"),
        ("1.200", "1200"),
        ("12.345.678", "12345678"),
    ] {
        let e = counter_figure("disputes_resolved", written).unwrap_err();
        assert!(
            e.contains(&format!("did you mean {meant}?")),
            "{written}: {e}"
        );
    }
    let e = counter_figure("disputes_resolved", "1.5").unwrap_err();
    assert!(e.contains("declares 0"), "{e}");
    let e = counter_figure("disputes_resolved", "'1,215'").unwrap_err();
    assert!(e.contains("whole number, write 1215 (no thousands"), "{e}");
    let e = counter_figure("roads_km", "'1,5'").unwrap_err();
    assert!(e.contains("use `.` for decimals"), "{e}");
}

#[test]
fn a_figure_error_names_its_file_and_line() {
    let text = "name: T\nregion: [Hải Dương]\nstats:\n  2016:\n    disputes_resolved: 1.215\n";
    let mut d = Diagnostics::new();
    assert!(parse_team("t", "content/teams/t.yaml", text, &config(), &mut d).is_none());
    let all = d.into_sorted();
    assert_eq!((all[0].line, all[0].column), (5, 24));
    assert!(all[0].message.contains("did you mean 1215?"));
}

proptest::proptest! {
    /// Whatever the digits, the figure is the number written.
    #[test]
    fn any_decimal_written_is_kept_exactly(int in "[1-9][0-9]{0,19}|0", frac in "[0-9]{0,5}[1-9]") {
        let written = format!("{int}.{frac}");
        proptest::prop_assert_eq!(team_figure(&written).unwrap().to_string(), written);
        proptest::prop_assert_eq!(team_figure(&int).unwrap().to_string(), int);
    }
}

#[test]
fn a_team_file_from_the_spec() {
    let mut d = Diagnostics::new();
    let t = parse_team(
        "lai-xa",
        "content/teams/lai-xa.yaml",
        LAI_XA,
        &config(),
        &mut d,
    )
    .unwrap();
    assert!(d.is_empty());
    assert_eq!(t.region.len(), 4);
    assert_eq!(t.stats[&2016]["roads_km"], Decimal::parse("2.8").unwrap());
    assert_eq!(t.stats[&2017].len(), 2);
    assert_eq!(t.members, Some(9));
    assert!(t.sources.contains_key(&2016));
}

#[test]
fn every_bad_figure_is_reported_at_its_line() {
    let text = "name: {vi: T}\nregion: [Hải Dương]\nstats:\n  2016: {roads_km: -1, road_km: 2}\n  2017: {roads_km: .nan, disputes_resolved: '3,5'}\n  20170: {roads_km: 1}\n  2018: {disputes_resolved: yes}\n";
    let mut d = Diagnostics::new();
    assert!(parse_team("t", "content/teams/t.yaml", text, &config(), &mut d).is_none());
    let all = d.into_sorted();
    let places: Vec<(usize, usize)> = all.iter().map(|d| (d.line, d.column)).collect();
    assert_eq!(
        places,
        [(4, 20), (4, 24), (5, 20), (5, 45), (6, 3), (7, 29)],
        "{all:#?}"
    );
    assert!(all[0].message.contains("negative"));
    assert_eq!(all[1].hint.as_deref(), Some("did you mean `roads_km`?"));
    assert!(all[2].message.contains("NaN"));
    assert!(all[3].message.contains("use `.` for decimals"));
}

#[test]
fn team_needs_name_and_region() {
    let mut d = Diagnostics::new();
    assert!(parse_team("t", "f", "name: {en: T}\nregion: []\n", &config(), &mut d).is_none());
    assert_eq!(d.error_count(), 2);
    let mut d = Diagnostics::new();
    assert!(parse_team("t", "f", "name: T\n", &config(), &mut d).is_none());
    assert!(
        d.into_sorted()[0]
            .message
            .contains("missing field `region`")
    );
    let mut d = Diagnostics::new();
    assert!(parse_team("Lai Xa", "f", "name: T\nregion: [A]\n", &config(), &mut d).is_none());
}

#[test]
fn region_reports_may_use_builtin_counters() {
    let text = "name: Hải Dương\nname_en: Hai Duong Province\nparent: null\nreported:\n  2016: {disputes_resolved: 6, teams: 1497}\n";
    let mut d = Diagnostics::new();
    let r = parse_region("content/regions/hai-duong.yaml", text, &config(), &mut d).unwrap();
    assert_eq!(r.reported[&2016]["teams"], Decimal::from_int(1497));
    assert_eq!(r.parent, None);
}

#[test]
fn section_file() {
    let mut d = Diagnostics::new();
    let s = parse_section(
        "f",
        "title: {vi: Mô hình, en: Models}\nslug: {en: models}\nsort: weight\npage_size: 12\n",
        &config(),
        &mut d,
    )
    .unwrap();
    assert_eq!(s.sort, SortOrder::Weight);
    assert_eq!(s.page_size, Some(12));
    let mut d = Diagnostics::new();
    assert!(
        parse_section(
            "f",
            "slug: {en: Mô hình}\nsort: newest\n",
            &config(),
            &mut d
        )
        .is_none()
    );
    assert_eq!(d.error_count(), 2);
}

#[test]
fn tags_file() {
    let mut d = Diagnostics::new();
    let t = parse_tags(
        "f",
        "Dân vận khéo: Skilful mass mobilization\nTổ dân vận: {en: Mobilization teams}\n",
        &config(),
        &mut d,
    )
    .unwrap();
    assert_eq!(t.pairs.len(), 2);
    assert_eq!(t.pairs[1].1.get("en", "vi"), Some("Mobilization teams"));
}

#[test]
fn figure_mistakes_are_told_in_vietnamese() {
    let vi = |written: &str| {
        crate::messages::scoped(crate::messages::Lang::Vi, || team_figure(written)).unwrap_err()
    };
    assert!(vi("-3").contains("là số âm"), "{}", vi("-3"));
    let e = crate::messages::scoped(crate::messages::Lang::Vi, || {
        counter_figure("roads_km", "2.85")
    })
    .unwrap_err();
    assert!(e.contains("chữ số thập phân"), "{e}");
    let e = counter_figure("roads_km", "2.85").unwrap_err();
    assert!(e.contains("1 decimal,"), "{e}");
}

#[test]
fn a_row_of_figures_holds_exactly_its_counters_in_key_order() {
    // Written out of key order.
    let text = "name: T\nregion: [Hải Dương]\nstats:\n  2016: {roads_km: 2.8, area_ha: 1.5, disputes_resolved: 3}\n  2017: {disputes_resolved: 4}\n";
    let mut d = Diagnostics::new();
    let t = parse_team("t", "content/teams/t.yaml", text, &config(), &mut d).unwrap();
    let row = &t.stats[&2016];
    let keys: Vec<&str> = row.iter().map(|(k, _)| k).collect();
    assert_eq!(keys, ["area_ha", "disputes_resolved", "roads_km"]);
    assert_eq!(row.get("roads_km"), Some(&Decimal::parse("2.8").unwrap()));
    assert_eq!(row.get("members"), None);
    // Grown key by key, then given back its room: nothing held beyond its figures.
    assert_eq!(row.0.capacity(), 3);
    assert_eq!(t.stats[&2017].0.capacity(), 1);
}

proptest::proptest! {
    /// A row answers as the map it replaced: the last figure of a key
    /// wins, keys iterate in order.
    #[test]
    fn a_row_is_a_sorted_map(entries in proptest::collection::vec(("[a-e]{1,3}", 0i64..1000), 0..12)) {
        let mut row = Row::default();
        let mut map: BTreeMap<String, Decimal> = BTreeMap::new();
        for (k, v) in &entries {
            row.insert(k, Decimal::from_int(i128::from(*v)));
            map.insert(k.clone(), Decimal::from_int(i128::from(*v)));
        }
        let from_row: Vec<(String, Decimal)> = row.iter().map(|(k, v)| (k.to_owned(), *v)).collect();
        let from_map: Vec<(String, Decimal)> = map.iter().map(|(k, v)| (k.clone(), *v)).collect();
        proptest::prop_assert_eq!(from_row, from_map);
        for k in ["a", "b", "ab", "zz"] {
            proptest::prop_assert_eq!(row.get(k), map.get(k));
        }
    }
}
