//! Tests of `model/regions.rs`.

use super::*;
use jiff::civil::date;

fn list(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

fn file(name: &str, parent: Option<&str>) -> RegionSource {
    RegionSource {
        file: format!("content/regions/{}.yaml", slugify(name)),
        name: name.into(),
        name_en: None,
        parent: parent.map(str::to_owned),
        parent_at: (3, 9),
        name_at: (1, 7),
        level: None,
        ended: None,
        successors: Vec::new(),
        reported: Default::default(),
    }
}

/// Lists with the era each speaks of.
fn build(files: &[RegionSource], lists: &[(Vec<String>, Era)]) -> (Tree, Diagnostics) {
    let at: Vec<ListAt> = lists
        .iter()
        .map(|(l, era)| ListAt {
            list: l,
            file: "content/a.md",
            line: 4,
            column: 9,
            eras: vec![*era],
        })
        .collect();
    let mut d = Diagnostics::new();
    let (t, _) = Tree::build(files, &at, &mut d);
    (t, d)
}

fn id(t: &Tree, path: &[&str]) -> RegionId {
    t.find(&list(path))
        .unwrap_or_else(|| panic!("no region {path:?}"))
}

const OLD: Era = Era::Before2025;
const NEW: Era = Era::Since2025;

#[test]
fn a_known_name_keeps_its_slug_and_a_typo_never_takes_it() {
    let (t, d) = build(
        &[],
        &[
            (list(&["Hải Duơng"]), OLD),
            (list(&["tỉnh Hải Dương", "Thanh Hà"]), OLD),
        ],
    );
    let warnings: Vec<_> = d.iter().collect();
    assert_eq!(warnings.len(), 1, "{warnings:?}");
    assert_eq!(warnings[0].code, "region-name");
    assert!(warnings[0].hint.as_deref().unwrap().contains("`Hải Dương`"));
    let real = id(&t, &["Hải Dương"]);
    assert_eq!(t.regions[real].slug, "hai-duong");
    assert_eq!(t.regions[id(&t, &["Hải Duơng"])].slug, "hai-duong-2");
    // Alone, the typo still does not take the real province's slug.
    let (t, _) = build(&[], &[(list(&["Hải Duơng"]), OLD)]);
    assert_eq!(t.regions[id(&t, &["Hải Duơng"])].slug, "hai-duong-2");
}

#[test]
fn levels_are_named_by_era() {
    let (t, d) = build(
        &[],
        &[
            (list(&["Hải Phòng", "An Hưng", "thôn Đông"]), NEW),
            (list(&["Hải Dương", "Thanh Hà", "Tân An", "thôn Đông"]), OLD),
        ],
    );
    assert!(d.is_empty(), "{:?}", d.into_sorted());
    let level = |p: &[&str]| t.regions[id(&t, p)].level;
    assert_eq!(level(&["Hải Phòng", "An Hưng"]), Level::Commune);
    assert_eq!(
        level(&["Hải Phòng", "An Hưng", "thôn Đông"]),
        Level::Village
    );
    assert_eq!(level(&["Hải Dương", "Thanh Hà"]), Level::District);
    assert_eq!(level(&["Hải Dương", "Thanh Hà", "Tân An"]), Level::Commune);
    // A file's `level:` names a place the list does not hold, quietly.
    let mut sample = file("Hà Lâm", None);
    sample.level = Some(Level::Province);
    let (t, d) = build(
        &[sample],
        &[(list(&["Hà Lâm", "Tân Khê", "thôn Đồng Sen"]), NEW)],
    );
    assert!(d.is_empty(), "{:?}", d.into_sorted());
    assert_eq!(
        t.regions[id(&t, &["Hà Lâm", "Tân Khê"])].level,
        Level::Commune
    );
}

#[test]
fn old_units_end_and_lead_to_todays() {
    let (t, d) = build(
        &[],
        &[
            (list(&["Hải Dương", "Thanh Hà", "Tân An", "thôn Đông"]), OLD),
            (list(&["Hải Phòng", "Hà Tây", "thôn Đông"]), NEW),
        ],
    );
    assert!(d.is_empty(), "{:?}", d.into_sorted());
    let tan_an = id(&t, &["Hải Dương", "Thanh Hà", "Tân An"]);
    let ha_tay = id(&t, &["Hải Phòng", "Hà Tây"]);
    let hp = id(&t, &["Hải Phòng"]);
    let hd = id(&t, &["Hải Dương"]);
    assert_eq!(t.regions[tan_an].ended, Some(date(2025, 7, 1)));
    assert_eq!(t.regions[tan_an].successors, [ha_tay]);
    assert_eq!(t.regions[hd].successors, [hp]);
    assert!(t.regions[ha_tay].predecessors.contains(&tan_an));
    assert!(t.is_current(ha_tay) && t.is_current(hp));
    assert!(!t.is_current(tan_an) && !t.is_current(hd));
    // The village moves with its commune, to the same village of today.
    let old_village = id(&t, &["Hải Dương", "Thanh Hà", "Tân An", "thôn Đông"]);
    assert_eq!(
        t.regions[old_village].today,
        id(&t, &["Hải Phòng", "Hà Tây", "thôn Đông"])
    );
    assert_eq!(t.regions[id(&t, &["Hải Dương", "Thanh Hà"])].today, hp);
    assert_eq!(t.of_unit(t.regions[ha_tay].unit().unwrap()), Some(ha_tay));
}

#[test]
fn region_files_record_earlier_history_and_its_mistakes() {
    let mut dong = file("thôn Đông", Some("Tân An"));
    dong.ended = Some(date(2021, 1, 1));
    dong.successors = vec![(
        list(&["Hải Dương", "Thanh Hà", "Tân An", "thôn Đông Đoài"]),
        (4, 5),
    )];
    let (t, d) = build(
        &[dong.clone()],
        &[
            (list(&["Hải Dương", "Thanh Hà", "Tân An", "thôn Đông"]), OLD),
            (
                list(&["Hải Dương", "Thanh Hà", "Tân An", "thôn Đông Đoài"]),
                OLD,
            ),
        ],
    );
    assert!(!d.has_errors(), "{:?}", d.into_sorted());
    let old = id(&t, &["Hải Dương", "Thanh Hà", "Tân An", "thôn Đông"]);
    let new = id(&t, &["Hải Dương", "Thanh Hà", "Tân An", "thôn Đông Đoài"]);
    assert_eq!(t.regions[old].ended, Some(date(2021, 1, 1)));
    assert_eq!(t.regions[old].successors, [new]);
    // Unknown successors are errors at the path.
    let mut lost = dong.clone();
    lost.successors = vec![(list(&["Hải Dương", "Thanh Hà", "Xã Không Có"]), (4, 5))];
    let (_, d) = build(
        &[lost],
        &[(list(&["Hải Dương", "Thanh Hà", "Tân An", "thôn Đông"]), OLD)],
    );
    let e: Vec<_> = d.iter().filter(|x| x.is_error()).collect();
    assert_eq!(e.len(), 1, "{e:?}");
    assert!(
        e[0].message.contains("is not a known region"),
        "{}",
        e[0].message
    );
    assert_eq!((e[0].line, e[0].column), (4, 5));
    // So are cycles.
    let mut a = file("thôn A", Some("Tân An"));
    a.ended = Some(date(2020, 1, 1));
    a.successors = vec![(list(&["Hải Dương", "Thanh Hà", "Tân An", "thôn B"]), (5, 3))];
    let mut b = file("thôn B", Some("Tân An"));
    b.ended = Some(date(2021, 1, 1));
    b.successors = vec![(list(&["Hải Dương", "Thanh Hà", "Tân An", "thôn A"]), (5, 3))];
    let (t, d) = build(
        &[a, b],
        &[(list(&["Hải Dương", "Thanh Hà", "Tân An"]), OLD)],
    );
    let e: Vec<_> = d.iter().filter(|x| x.is_error()).collect();
    assert_eq!(e.len(), 2, "{e:?}");
    assert!(e.iter().all(|x| x.message.contains("lead back to it")));
    // Nothing loops after the error.
    assert!(t.regions.iter().all(|r| r.today < t.regions.len()));
}
