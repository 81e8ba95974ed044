//! Tests of `model/regions.rs`.

use super::*;

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

fn list(names: &[&str]) -> Vec<String> {
    names.iter().map(|s| s.to_string()).collect()
}

fn build(
    files: &[RegionSource],
    lists: &[Vec<String>],
) -> (Tree, Vec<Option<Vec<String>>>, Diagnostics) {
    let at: Vec<ListAt> = lists
        .iter()
        .map(|l| ListAt {
            list: l,
            file: "content/teams/t.yaml",
            line: 2,
            column: 9,
            eras: Vec::new(),
        })
        .collect();
    let mut d = Diagnostics::new();
    let (t, c) = Tree::build(files, &at, &mut d);
    (t, c, d)
}

#[test]
fn lists_make_a_tree_with_slug_paths() {
    let (t, _, d) = build(
        &[],
        &[
            list(&["Hải Dương", "Thanh Hà", "Thanh Thủy", "thôn Lại Xá"]),
            list(&["Hải Dương", "Thanh Miện"]),
            list(&["Hà Nội"]),
        ],
    );
    assert!(d.is_empty());
    assert_eq!(t.roots.len(), 2);
    let roots: Vec<&str> = t
        .roots
        .iter()
        .map(|r| t.regions[*r].name.as_str())
        .collect();
    assert_eq!(
        roots,
        ["Hà Nội", "Hải Dương"],
        "Vietnamese order: a before ả"
    );
    let lai_xa = t
        .find(&list(&[
            "Hải Dương",
            "Thanh Hà",
            "Thanh Thủy",
            "thôn Lại Xá",
        ]))
        .unwrap();
    assert_eq!(
        t.regions[lai_xa].slug_path,
        "hai-duong/thanh-ha/thanh-thuy/thon-lai-xa/"
    );
    assert_eq!(t.regions[lai_xa].depth, 4);
    let hd = t.find(&list(&["Hải Dương"])).unwrap();
    assert_eq!(t.subtree(hd).len(), 5);
}

#[test]
fn files_complete_short_lists_and_place_regions_nobody_lists() {
    let files = [
        file("Hà Nội", None),
        file("Hoàn Kiếm", Some("Hà Nội")),
        file("Lý Thái Tổ", Some("Hoàn Kiếm")),
    ];
    let (t, completed, d) = build(&files, &[list(&["Lý Thái Tổ", "Tổ dân phố số 2"])]);
    assert!(d.is_empty(), "{:?}", d.into_sorted());
    assert_eq!(
        completed[0].as_deref().unwrap(),
        list(&["Hà Nội", "Hoàn Kiếm", "Lý Thái Tổ", "Tổ dân phố số 2"])
    );
    assert!(t.find(&list(&["Hà Nội", "Hoàn Kiếm"])).is_some());
    assert!(
        t.regions[t.find(&list(&["Hà Nội"])).unwrap()]
            .file
            .is_some()
    );
}

#[test]
fn a_list_contradicting_a_file_is_an_error_at_the_list() {
    let files = [file("Lý Thái Tổ", Some("Hoàn Kiếm"))];
    let (_, completed, d) = build(
        &files,
        &[
            list(&["Hà Nội", "Hoàn Kiếm", "Lý Thái Tổ"]),
            list(&["Hà Nội", "Ba Đình", "Lý Thái Tổ"]),
        ],
    );
    assert!(completed[0].is_some());
    assert!(completed[1].is_none());
    let e = d.into_sorted();
    assert_eq!(e.len(), 1);
    assert_eq!(
        (e[0].file.as_str(), e[0].line, e[0].column),
        ("content/teams/t.yaml", 2, 9)
    );
    assert!(e[0].message.contains("under `Ba Đình`"), "{}", e[0].message);
    assert_eq!(
        e[0].hint.as_deref(),
        Some("write the list as [Hà Nội, Hoàn Kiếm, Lý Thái Tổ]")
    );
}

#[test]
fn unknown_parents_duplicates_and_circles_are_errors() {
    let (_, _, d) = build(&[file("Hoàn Kiếm", Some("Ha Noi"))], &[list(&["Hà Nội"])]);
    assert!(
        d.iter()
            .any(|x| x.message.contains("`Ha Noi` is not a region"))
    );
    let (_, _, d) = build(&[file("A", None), file("A", None)], &[]);
    assert_eq!(d.error_count(), 1);
    let (_, _, d) = build(&[file("A", Some("B")), file("B", Some("A"))], &[]);
    assert!(d.iter().any(|x| x.message.contains("circle")));
}

#[test]
fn sibling_slugs_are_unique() {
    let (t, _, _) = build(&[], &[list(&["X", "Đông Du"]), list(&["X", "Đồng Du"])]);
    let x = t.find(&list(&["X"])).unwrap();
    let slugs: Vec<&str> = t.regions[x]
        .children
        .iter()
        .map(|c| t.regions[*c].slug.as_str())
        .collect();
    assert_eq!(slugs, ["dong-du", "dong-du-2"]);
}
