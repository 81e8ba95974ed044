use super::*;
use jiff::civil::date;
use proptest::prelude::*;

fn unit(era: Era, code: &str) -> Unit {
    match Unit::by_code(era, code) {
        Some(u) => u,
        None => panic!("no unit {code} in {era:?}"),
    }
}

fn old(code: &str) -> Unit {
    unit(Era::Before2025, code)
}

fn new(code: &str) -> Unit {
    unit(Era::Since2025, code)
}

fn count(era: Era, level: Level, kind: Option<UnitType>) -> usize {
    all(era)
        .iter()
        .filter(|u| u.level() == level && kind.is_none_or(|k| u.unit_type() == k))
        .count()
}

fn found<S: AsRef<str> + std::fmt::Debug>(era: Era, path: &[S]) -> Vec<Unit> {
    let l = lookup(era, path);
    assert_eq!(l.problem, None, "{path:?}");
    l.units
}

fn unknown(era: Era, path: &[&str]) -> Unknown {
    match lookup(era, path).problem {
        Some(Problem::Unknown(u)) => u,
        other => panic!("{path:?}: {other:?}"),
    }
}

/// The package's snapshot just before the reform: 63 provinces, 696
/// districts (five of them island districts without communes) and 10,035
/// communes. The package's table has 10,040 rows, the figure the issue
/// quotes, because each commune-less district is a row too.
#[test]
fn the_old_list_has_the_official_totals() {
    let before = Era::Before2025;
    assert_eq!(provinces(before).len(), 63);
    assert_eq!(count(before, Level::District, None), 696);
    assert_eq!(count(before, Level::Commune, None), 10_035);
    let without = all(before)
        .iter()
        .filter(|u| u.level() == Level::District && u.children().is_empty())
        .count();
    assert_eq!(without, 5);
    assert_eq!(count(before, Level::Commune, None) + without, 10_040);
    assert_eq!(count(before, Level::Commune, Some(UnitType::Xa)), 7_692);
    assert_eq!(count(before, Level::Commune, Some(UnitType::Phuong)), 1_726);
    assert_eq!(count(before, Level::Commune, Some(UnitType::ThiTran)), 617);
}

#[test]
fn the_new_list_has_the_official_totals() {
    let since = Era::Since2025;
    assert_eq!(provinces(since).len(), 34);
    assert_eq!(count(since, Level::District, None), 0);
    assert_eq!(count(since, Level::Commune, None), 3_321);
    assert_eq!(count(since, Level::Commune, Some(UnitType::Xa)), 2_621);
    assert_eq!(count(since, Level::Commune, Some(UnitType::Phuong)), 687);
    assert_eq!(count(since, Level::Commune, Some(UnitType::DacKhu)), 13);
    assert_eq!(count(since, Level::Province, Some(UnitType::ThanhPho)), 6);
}

#[test]
fn the_embedded_list_keeps_its_invariants() {
    for era in [Era::Before2025, Era::Since2025] {
        let mut codes = std::collections::HashSet::new();
        for &u in all(era) {
            assert_eq!(u.era(), era);
            assert!(codes.insert(u.code()), "{u:?}");
            let digits = match u.level() {
                Level::Province => 2,
                Level::District => 3,
                _ => 5,
            };
            assert!(
                u.code().len() == digits && u.code().bytes().all(|b| b.is_ascii_digit()),
                "{u:?}"
            );
            let name = u.name();
            assert!(
                !name.is_empty() && name.trim() == name && !name.contains("  "),
                "{u:?}"
            );
            assert_eq!(crate::text::nfc_str(name), name, "{u:?}");
            let allowed: &[UnitType] = match u.level() {
                Level::Province => &[UnitType::Tinh, UnitType::ThanhPho],
                Level::District => &[
                    UnitType::Huyen,
                    UnitType::Quan,
                    UnitType::ThiXa,
                    UnitType::ThanhPho,
                ],
                _ if era == Era::Before2025 => &[UnitType::Xa, UnitType::Phuong, UnitType::ThiTran],
                _ => &[UnitType::Xa, UnitType::Phuong, UnitType::DacKhu],
            };
            assert!(allowed.contains(&u.unit_type()), "{u:?}");
            for &c in u.children() {
                assert_eq!(c.parent(), Some(u));
            }
            match u.parent() {
                None => assert_eq!(u.level(), Level::Province),
                Some(p) => assert!(p.children().contains(&u) && p.era() == era),
            }
            // Children in code order.
            assert!(
                u.children().windows(2).all(|w| w[0].code() < w[1].code()),
                "{u:?}"
            );
        }
    }
    for &u in all(Era::Before2025) {
        let succ = u.successors();
        assert!(!succ.is_empty(), "{u:?}");
        assert!(u.formed_from().is_empty());
        let mut distinct = succ.to_vec();
        distinct.sort();
        distinct.dedup();
        assert_eq!(distinct.len(), succ.len(), "{u:?}");
        // Every successor lies in the province the unit's province went into.
        let province_today = u.path()[0].successors()[0];
        for &s in succ {
            assert_eq!(s.era(), Era::Since2025);
            assert_eq!(s.path()[0], province_today, "{u:?} -> {s:?}");
            if u.change() != Some(Change::Abolished) {
                assert!(s.formed_from().contains(&u), "{u:?} -> {s:?}");
            }
        }
        assert_eq!(u.today(), succ[0]);
        assert_eq!(u.change() == Some(Change::Split), succ.len() > 1, "{u:?}");
        assert_eq!(
            u.ended().is_none(),
            u.change() == Some(Change::Continued),
            "{u:?}"
        );
    }
    for &u in all(Era::Since2025) {
        assert!(u.successors().is_empty() && u.change().is_none() && u.ended().is_none());
        assert!(!u.formed_from().is_empty(), "{u:?}");
        assert_eq!(u.today(), u);
        for &o in u.formed_from() {
            assert!(o.successors().contains(&u));
        }
        // Every province of today carries the name of one it was formed from.
        if u.level() == Level::Province {
            assert!(
                u.formed_from()
                    .iter()
                    .any(|o| o.change() == Some(Change::Continued) && o.name() == u.name())
            );
        }
    }
}

#[test]
fn hai_duong_went_into_hai_phong() {
    let hai_duong = old("30");
    assert_eq!(
        (hai_duong.name(), hai_duong.unit_type()),
        ("Hải Dương", UnitType::Tinh)
    );
    assert_eq!(hai_duong.change(), Some(Change::Merged));
    assert_eq!(hai_duong.ended(), Some(date(2025, 7, 1)));
    let hai_phong = new("31");
    assert_eq!(hai_duong.successors(), &[hai_phong]);
    assert_eq!(hai_phong.full_name(), "thành phố Hải Phòng");
    // The old city continues as the new one, enlarged.
    let old_hai_phong = old("31");
    assert_eq!(old_hai_phong.change(), Some(Change::Continued));
    assert_eq!(old_hai_phong.ended(), None);
    assert_eq!(hai_phong.formed_from(), &[hai_duong, old_hai_phong]);
}

#[test]
fn tan_an_of_thanh_ha_went_into_ha_tay() {
    let tan_an = found(Era::Before2025, &["Hải Dương", "Thanh Hà", "Tân An"]);
    assert_eq!(
        tan_an.iter().map(|u| u.code()).collect::<Vec<_>>(),
        ["30", "294", "10840"]
    );
    let tan_an = tan_an[2];
    assert_eq!(tan_an.change(), Some(Change::Merged));
    assert_eq!(tan_an.ended(), Some(REFORM_DATE));
    let ha_tay = new("10846");
    assert_eq!(tan_an.successors(), &[ha_tay]);
    assert_eq!(
        ha_tay.path().iter().map(|u| u.name()).collect::<Vec<_>>(),
        ["Hải Phòng", "Hà Tây"]
    );
    assert_eq!(ha_tay.name_en(), "Ha Tay Commune");
    let from: Vec<&str> = ha_tay.formed_from().iter().map(|u| u.name()).collect();
    assert_eq!(from, ["Tân An", "Thanh Hải", "An Phượng"]);
}

#[test]
fn a_split_commune_lists_its_main_successor_first() {
    // xã Thanh Hải (Thanh Hà, Hải Dương): mostly into xã Hà Tây, part into xã Đại Sơn.
    let thanh_hai = old("10846");
    assert_eq!(thanh_hai.name(), "Thanh Hải");
    assert_eq!(thanh_hai.change(), Some(Change::Split));
    assert_eq!(thanh_hai.successors(), &[new("10846"), new("11086")]);
    assert_eq!(thanh_hai.today().name(), "Hà Tây");
    // phường Điện Biên (Ba Đình, Hà Nội) went into four new wards, Ba Đình first.
    let dien_bien = old("00019");
    let names: Vec<&str> = dien_bien.successors().iter().map(|u| u.name()).collect();
    assert_eq!(
        names,
        [
            "Ba Đình",
            "Hoàn Kiếm",
            "Ô Chợ Dừa",
            "Văn Miếu - Quốc Tử Giám"
        ]
    );
}

#[test]
fn districts_ended_with_the_reform() {
    let thanh_ha = old("294");
    assert_eq!(thanh_ha.full_name(), "huyện Thanh Hà");
    assert_eq!(thanh_ha.change(), Some(Change::Abolished));
    assert_eq!(thanh_ha.ended(), Some(REFORM_DATE));
    assert_eq!(thanh_ha.successors(), &[new("31")]);
    // An island district without communes became a special zone.
    let bach_long_vi = old("318");
    assert!(bach_long_vi.children().is_empty());
    assert_eq!(bach_long_vi.change(), Some(Change::Merged));
    let zone = new("11948");
    assert_eq!(bach_long_vi.successors(), &[zone]);
    assert_eq!(zone.full_name(), "đặc khu Bạch Long Vĩ");
    assert_eq!(zone.name_en(), "Bach Long Vi Special Zone");
    assert_eq!(zone.formed_from(), &[bach_long_vi]);
}

#[test]
fn eras_and_levels() {
    assert_eq!(era_of(date(2016, 1, 15)), Era::Before2025);
    assert_eq!(era_of(date(2025, 6, 30)), Era::Before2025);
    assert_eq!(era_of(date(2025, 7, 1)), Era::Since2025);
    assert_eq!(era_of(date(2026, 12, 1)), Era::Since2025);
    let before: Vec<Level> = (1..=4)
        .map(|d| Level::at_depth(Era::Before2025, d))
        .collect();
    assert_eq!(
        before,
        [
            Level::Province,
            Level::District,
            Level::Commune,
            Level::Village
        ]
    );
    let since: Vec<Level> = (1..=4)
        .map(|d| Level::at_depth(Era::Since2025, d))
        .collect();
    assert_eq!(
        since,
        [
            Level::Province,
            Level::Commune,
            Level::Village,
            Level::Village
        ]
    );
    assert_eq!(Level::at_depth(Era::Since2025, 2).number(), 3);
}

#[test]
fn english_names() {
    assert_eq!(old("30").name_en(), "Hai Duong Province");
    assert_eq!(new("31").name_en(), "Hai Phong City");
    assert_eq!(new("79").name_en(), "Ho Chi Minh City");
    assert_eq!(old("294").name_en(), "Thanh Ha District");
    assert_eq!(old("760").name_en(), "District 1");
    assert_eq!(old("19354").name_en(), "Ward 3");
    assert_eq!(old("449").name_en(), "Ky Anh Town");
    assert_eq!(old("10813").name_en(), "Thanh Ha Township");
    assert_eq!(new("00004").name_en(), "Ba Dinh Ward");
}

#[test]
fn type_words_are_optional() {
    let plain = found(Era::Before2025, &["Hải Dương", "Thanh Hà", "Tân An"]);
    for path in [
        ["tỉnh Hải Dương", "huyện Thanh Hà", "xã Tân An"],
        ["Tỉnh Hải Dương", "Huyện Thanh Hà", "Xã Tân An"],
        ["HẢI DƯƠNG", "thanh hà", "tân an"],
    ] {
        assert_eq!(found(Era::Before2025, &path), plain, "{path:?}");
    }
    let an_hung = found(Era::Since2025, &["Hải Phòng", "An Hưng"]);
    assert_eq!(an_hung[1], new("11674"));
    for path in [
        ["thành phố Hải Phòng", "xã An Hưng"],
        ["TP. Hải Phòng", "An Hưng"],
        ["TP.Hải Phòng", "xã An Hưng"],
    ] {
        assert_eq!(found(Era::Since2025, &path), an_hung, "{path:?}");
    }
    // A type word that disagrees does not stop the match (units change
    // types: huyện became thị xã, xã became thị trấn).
    assert_eq!(
        found(Era::Since2025, &["tỉnh Hải Phòng", "phường An Hưng"]),
        an_hung
    );
    // The name "Phường Đúc" begins with a type word: written whole, or with its own.
    let duc = found(Era::Before2025, &["Huế", "Thuận Hóa", "Phường Đúc"]);
    assert_eq!(
        duc,
        found(Era::Before2025, &["Huế", "Thuận Hóa", "phường Phường Đúc"])
    );
    assert_eq!(duc[2].name(), "Phường Đúc");
}

#[test]
fn tone_mark_placement_and_decomposed_text_match() {
    let thuy = new("00928");
    assert_eq!(thuy.name(), "Thanh Thủy");
    for name in ["Thanh Thủy", "Thanh Thuỷ", "thanh thuỷ", "xã Thanh Thuỷ"] {
        assert_eq!(
            found(Era::Since2025, &["Tuyên Quang", name])[1],
            thuy,
            "{name}"
        );
    }
    let nfd: Vec<String> = ["Hải Dương", "Thanh Hà", "Tân An"]
        .iter()
        .map(|s| unicode_normalization::UnicodeNormalization::nfd(*s).collect())
        .collect();
    assert_eq!(found(Era::Before2025, &nfd)[2], old("10840"));
    assert_eq!(
        found(Era::Since2025, &["Khánh Hoà"]),
        found(Era::Since2025, &["Khánh Hòa"])
    );
}

#[test]
fn names_below_commune_level_are_not_checked() {
    let l = lookup(
        Era::Since2025,
        &["Hải Phòng", "An Hưng", "thôn Đông", "xóm 3"],
    );
    assert_eq!((l.units.len(), l.problem), (2, None));
    let l = lookup(
        Era::Before2025,
        &["Hải Dương", "Thanh Hà", "Tân An", "thôn Lại Xá"],
    );
    assert_eq!((l.units.len(), l.problem), (3, None));
    // Below an island district without communes, nothing is checked either.
    let l = lookup(
        Era::Before2025,
        &["Hải Phòng", "Bạch Long Vĩ", "khu dân cư số 1"],
    );
    assert_eq!((l.units.len(), l.problem), (2, None));
    assert_eq!(
        lookup(Era::Since2025, &[] as &[&str]),
        Lookup {
            units: vec![],
            problem: None
        }
    );
}

#[test]
fn a_shared_name_is_resolved_by_type_word_or_by_the_next_name() {
    let ha_tinh = old("42");
    let (huyen, thi_xa) = (old("447"), old("449"));
    assert_eq!(
        found(Era::Before2025, &["Hà Tĩnh", "thị xã Kỳ Anh"]),
        [ha_tinh, thi_xa]
    );
    assert_eq!(
        found(Era::Before2025, &["Hà Tĩnh", "huyện Kỳ Anh"]),
        [ha_tinh, huyen]
    );
    // xã Kỳ Hoa lies in the thị xã.
    let path = found(Era::Before2025, &["Hà Tĩnh", "Kỳ Anh", "Kỳ Hoa"]);
    assert_eq!(path[..2], [ha_tinh, thi_xa]);
    let l = lookup(Era::Before2025, &["Hà Tĩnh", "Kỳ Anh"]);
    assert_eq!(l.units, [ha_tinh]);
    assert_eq!(
        l.problem,
        Some(Problem::Ambiguous {
            index: 1,
            candidates: vec![huyen, thi_xa]
        })
    );
    // A thị trấn and a xã of one name in one district.
    let l = lookup(Era::Before2025, &["Lai Châu", "Mường Tè", "Mường Tè"]);
    assert_eq!(
        l.problem,
        Some(Problem::Ambiguous {
            index: 2,
            candidates: vec![old("03433"), old("03445")]
        })
    );
    assert_eq!(
        found(Era::Before2025, &["Lai Châu", "Mường Tè", "xã Mường Tè"])[2],
        old("03445")
    );
    // Communes of one name in one province are told apart by their district.
    let a = found(Era::Before2025, &["Hải Dương", "Thanh Hà", "Tân An"])[2];
    assert_eq!(a.code(), "10840");
    let tan_an_elsewhere = all(Era::Before2025)
        .iter()
        .filter(|u| u.name() == "Tân An" && u.path()[0] == a.path()[0] && **u != a)
        .count();
    assert!(tan_an_elsewhere == 0 || a.parent().is_some());
}

#[test]
fn an_unknown_name_gets_the_expected_and_the_nearest_names() {
    let u = unknown(Era::Before2025, &["Hải Duơng", "Thanh Hà"]);
    assert_eq!(u.index, 0);
    assert_eq!(u.expected.len(), 63);
    assert_eq!(u.nearest.first(), Some(&old("30")));
    // Alphabetical: An Giang first, Yên Bái last.
    assert_eq!(u.expected.first().map(|p| p.name()), Some("An Giang"));
    assert_eq!(u.expected.last().map(|p| p.name()), Some("Yên Bái"));

    let u = unknown(Era::Since2025, &["Hải Phòng", "An Hung", "thôn Đông"]);
    assert_eq!(u.index, 1);
    assert_eq!(u.nearest.first(), Some(&new("11674")));
    assert_eq!(u.expected.len(), new("31").children().len());

    // Without accents, both communes of Hải Phòng that fold to it, nearer first.
    let u = unknown(Era::Since2025, &["Hải Phòng", "xa Cam Giang"]);
    let names: Vec<&str> = u.nearest.iter().map(|u| u.name()).collect();
    assert_eq!(names[..2], ["Cẩm Giang", "Cẩm Giàng"]);

    // A typo of a letter.
    let u = unknown(Era::Before2025, &["Hải Dương", "Thanh Hà", "Tân Ah"]);
    assert_eq!(u.index, 2);
    assert_eq!(u.nearest.first(), Some(&old("10840")));

    // Nothing near: expected names, no suggestion.
    let u = unknown(Era::Since2025, &["Xyzzy"]);
    assert_eq!((u.expected.len(), u.nearest.len()), (34, 0));
    // Today's list does not know an old province: its history does.
    assert_eq!(unknown(Era::Since2025, &["Hải Dương"]).index, 0);
}

#[test]
fn lookups_are_deterministic() {
    let a = lookup(Era::Before2025, &["Hà Nội", "Ba Dinh", "Phuc Xa"]);
    let b = lookup(Era::Before2025, &["Hà Nội", "Ba Dinh", "Phuc Xa"]);
    assert_eq!(a, b);
}

/// Exhaustive form of the property below for full names: with its type
/// words, every unit of both lists finds exactly itself.
#[test]
fn every_unit_written_with_type_words_finds_itself() {
    for era in [Era::Before2025, Era::Since2025] {
        for &u in all(era) {
            let path: Vec<String> = u.path().into_iter().map(Unit::full_name).collect();
            let l = lookup(era, &path);
            assert_eq!((l.units, l.problem), (u.path(), None), "{path:?}");
        }
    }
}

#[test]
fn the_embedded_file_parses_the_same_again() {
    assert_eq!(
        parse_embedded(),
        all(Era::Before2025).len() + all(Era::Since2025).len()
    );
}

/// How the written forms of a unit's names are made in the property test.
fn spell(u: Unit, style: u8) -> String {
    let with_type = style & 1 == 1;
    let name = if with_type {
        u.full_name()
    } else {
        u.name().to_owned()
    };
    let name = if style & 2 == 2 {
        name.to_uppercase()
    } else {
        name
    };
    if style & 4 == 4 {
        unicode_normalization::UnicodeNormalization::nfd(name.as_str()).collect()
    } else {
        name
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Any known unit, written with or without its type words, in upper
    /// case, decomposed: its path finds it (or, without type words where two
    /// units of one parent share a name, names it among the candidates).
    #[test]
    fn every_known_unit_finds_itself(i in 0usize..14_200, era_bit in any::<bool>(), style in 0u8..8) {
        let era = if era_bit { Era::Before2025 } else { Era::Since2025 };
        let units = all(era);
        let u = units[i % units.len()];
        let path: Vec<String> = u.path().into_iter().map(|p| spell(p, style)).collect();
        let l = lookup(era, &path);
        match l.problem {
            None => prop_assert_eq!(l.units, u.path()),
            Some(Problem::Ambiguous { index, candidates }) => {
                prop_assert!(style & 1 == 0, "{:?} with type words is ambiguous", u);
                prop_assert!(candidates.contains(&u.path()[index]));
            }
            Some(other) => prop_assert!(false, "{:?}: {:?}", u, other),
        }
    }

    /// A name one accent away from a known commune is unknown and offers it.
    #[test]
    fn an_accent_away_offers_the_name(i in 0usize..3_321) {
        let u = all(Era::Since2025).iter().filter(|u| u.level() == Level::Commune).nth(i).copied();
        let Some(u) = u else { return Ok(()) };
        let folded = crate::slug::fold_to_ascii(u.name());
        prop_assume!(folded != u.name());
        // `Thạnh An` folds to `Thanh An`, another commune of Hồ Chí Minh City.
        prop_assume!(!u.path()[0].children().iter().any(|s| same_name(s.name(), &folded)));
        let l = lookup(Era::Since2025, &[u.path()[0].name(), folded.as_str()]);
        match l.problem {
            Some(Problem::Unknown(x)) => prop_assert!(x.nearest.contains(&u), "{:?} not in {:?}", u, x.nearest),
            other => prop_assert!(false, "{:?}: {:?}", u, other),
        }
    }
}
