//! Teams, regions, statistics and `kheo stats`.

use std::path::Path;

use crate::harness::{SITE_YAML, Site, contains, lacks};

/// The demo portal, built once per test into a temporary folder.
struct Demo {
    _out: tempfile::TempDir,
    public: std::path::PathBuf,
}

impl Demo {
    fn build() -> Demo {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let out = tempfile::tempdir().unwrap();
        let mut opts = kheo::BuildOptions::new(root);
        opts.output = Some(out.path().join("public"));
        kheo::build(&opts).unwrap_or_else(|f| panic!("{}", crate::harness::render(&f.diagnostics)));
        Demo {
            public: out.path().join("public"),
            _out: out,
        }
    }

    fn read(&self, rel: &str) -> String {
        std::fs::read_to_string(self.public.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }
}

fn kheo_stats(args: &[&str]) -> (i32, String, String) {
    let out = crate::harness::kheo()
        .arg("stats")
        .arg("--root")
        .arg(env!("CARGO_MANIFEST_DIR"))
        .args(args)
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn the_demo_shows_the_seeds_figures_in_both_languages() {
    let demo = Demo::build();
    // Lại Xá: 2.8 km of field roads.
    let vi = demo.read("to-dan-van/lai-xa/index.html");
    contains(&vi, "<h1>Tổ dân vận thôn Lại Xá</h1>");
    contains(&vi, "<td>2,8</td>");
    contains(&demo.read("en/teams/lai-xa/index.html"), "<td>2.8</td>");
    // Thanh Miện: 200.47 ha.
    contains(&demo.read("to-dan-van/thanh-mien/index.html"), "200,47");
    contains(&demo.read("en/teams/thanh-mien/index.html"), "200.47");
    // Hải Dương reported 1,497 teams and 6 mediated disputes in 2016.
    let hd = demo.read("dia-ban/hai-duong/index.html");
    contains(
        &hd,
        "<span class=\"counter-value\">1.497\u{a0}tổ<span class=\"reported-mark\"",
    );
    contains(
        &hd,
        r#"<td><span class="reported">6<span class="reported-mark" aria-hidden="true">*</span>"#,
    );
    let hd_en = demo.read("en/regions/hai-duong/index.html");
    contains(&hd_en, "<h1>Hai Duong Province</h1>");
    contains(&hd_en, "1,497\u{a0}teams");
    // The statistics page: every counter, reported figures marked apart.
    let stats = demo.read("so-lieu/index.html");
    contains(&stats, "Vụ việc hòa giải thành");
    contains(&stats, r#"href="/so-lieu/so-lieu.csv""#);
    contains(
        &stats,
        r#"<a href="/dia-ban/hai-duong/">Hải Dương</a></th>"#,
    );
    contains(&demo.read("en/statistics/index.html"), "Disputes resolved");
    // The home page's counters strip and an article's stat card.
    let home = demo.read("index.html");
    contains(
        &home,
        "<span class=\"counter-label\">Diện tích chuyển đổi cây trồng</span>",
    );
    // A number and its unit never part; each key figure says its period.
    contains(&home, "200,47\u{a0}ha");
    contains(
        &home,
        "<span class=\"counter-period\">cộng dồn 2016–2024</span>",
    );
    contains(
        &home,
        "<span class=\"counter-period\">tính đến năm 2020</span>",
    );
    contains(
        &demo.read("en/index.html"),
        "<span class=\"counter-period\">cumulative, 2016–2024</span>",
    );
    // The tables by region start from the newest year on a phone.
    contains(&stats, "<div class=\"table-wrap from-newest\"");
    let article = demo.read("mo-hinh/lai-xa-lam-duong-noi-dong/index.html");
    contains(
        &article,
        r#"<h3 class="team-card-title"><a href="/to-dan-van/lai-xa/">Tổ dân vận thôn Lại Xá</a></h3>"#,
    );
    contains(&article, "<dd>2,8\u{a0}km</dd>");
    // The menu links the figures pages.
    contains(&home, r#"<a href="/to-dan-van/">Tổ dân vận</a>"#);
}

#[test]
fn kheo_stats_prints_what_the_pages_and_files_show() {
    let demo = Demo::build();
    let (code, csv, err) = kheo_stats(&["--format", "csv"]);
    assert_eq!(code, 0, "{err}");
    // The file starts with a byte order mark for Excel; the printed table does not.
    assert_eq!(format!("\u{feff}{csv}"), demo.read("so-lieu/so-lieu.csv"));
    assert!(
        csv.contains("Hải Dương,Hải Dương,1,2016,teams,1497,reported,reported\n"),
        "{csv}"
    );
    assert!(csv.contains(
        "Hải Dương > Thanh Miện,Thanh Miện,2,2016,land_converted_ha,200.47,summed,reported\n"
    ));
    let (_, json, _) = kheo_stats(&["--format", "json"]);
    assert_eq!(json, demo.read("so-lieu/so-lieu.json"));
    let data: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert!(
        data["teams"]
            .as_array()
            .unwrap()
            .iter()
            .any(|t| t["id"] == "lai-xa" && t["name"]["en"] == "Lai Xa village mobilization team")
    );
    let roads = data["counters"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["key"] == "roads_km")
        .unwrap();
    assert_eq!(roads["label"]["vi"], "Đường giao thông làm mới", "{roads}");
    assert_eq!(roads["unit"]["en"], "km");
    assert_eq!(json.lines().count(), 1, "one compact line");
    let (_, table, _) = kheo_stats(&["--year", "2016", "--region", "Hải Dương"]);
    assert!(
        table.lines().any(|l| l.starts_with("Hải Dương ")
            && l.contains("1.497 tổ")
            && l.contains("báo cáo")),
        "{table}"
    );
    assert!(!table.contains("2017"));
    let (_, en, _) = kheo_stats(&["--year", "2016", "--lang", "en", "--units", "reported"]);
    assert!(
        en.lines()
            .any(|l| l.starts_with("Hai Duong Province ") && l.contains("1,497 teams")),
        "{en}"
    );
    let (code, _, err) = kheo_stats(&["--region", "Hai Duong"]);
    assert_eq!(code, 1);
    assert!(err.contains("did you mean `Hải Dương`?"), "{err}");
}

#[test]
fn the_statistics_page_shows_every_figure_of_the_csv() {
    let demo = Demo::build();
    let page = demo.read("so-lieu/index.html");
    let en = demo.read("en/statistics/index.html");
    let csv = demo.read("so-lieu/so-lieu.csv");
    let mut checked = 0;
    for line in csv.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let (level, value, source) = (f[f.len() - 6], f[f.len() - 3], f[f.len() - 2]);
        // The page shows the whole site and the top-level regions.
        if level != "site" && level != "1" {
            continue;
        }
        let vi_value = value.replace('.', ",");
        let cell = |v: &str| {
            if source == "reported" {
                format!("<td><span class=\"reported\">{v}<span class=\"reported-mark\"")
            } else {
                format!("<td>{v}</td>")
            }
        };
        // Thousands grouping: 1497 is 1.497 in Vietnamese, 1,497 in English.
        let group = |v: &str, sep: &str| {
            if v.len() > 3 && !v.contains(['.', ',']) {
                format!("{}{sep}{}", &v[..v.len() - 3], &v[v.len() - 3..])
            } else {
                v.to_owned()
            }
        };
        contains(&page, &cell(&group(&vi_value, ".")));
        contains(&en, &cell(&group(value, ",")));
        checked += 1;
    }
    assert!(checked >= 20, "{checked}");
}

#[test]
fn decimal_sums_are_exact_on_pages() {
    let site = Site::with_config(&SITE_YAML.replace("decimals: 1", "decimals: 2"));
    site.file(
        "content/teams/a.yaml",
        "name: A\nregion: [Tỉnh, Huyện]\nstats:\n  2016: {roads_km: 2.8}\n",
    );
    site.file(
        "content/teams/b.yaml",
        "name: B\nregion: [Tỉnh, Huyện]\nstats:\n  2016: {roads_km: 1.25}\n",
    );
    site.build_ok();
    let region = site.read("dia-ban/tinh/huyen/index.html");
    contains(&region, "<td>4,05</td>");
    let csv = site.read("so-lieu/so-lieu.csv");
    assert!(
        csv.contains("Tỉnh > Huyện,Huyện,2,2016,roads_km,4.05,summed"),
        "exact in the data: {csv}"
    );
}

#[test]
fn team_pages_have_a_well_formed_chart_and_the_articles_about_them() {
    let site = Site::new();
    site.file("content/teams/lai-xa.yaml", "name: {vi: Tổ dân vận thôn Lại Xá, en: Lai Xa team}\nregion: [Hải Dương, Thanh Hà]\nestablished: 2015-07-08\nmembers: 9\nstats:\n  2016: {roads_km: 2.8}\n  2017: {roads_km: 1.2}\n");
    site.article(
        "mo-hinh/lai-xa.md",
        "title: Lại Xá\ndate: 2024-01-01\nteams: [lai-xa]",
        "x\n",
    );
    site.build_ok();
    let page = site.read("to-dan-van/lai-xa/index.html");
    let start = page.find("<svg class=\"chart\"").unwrap();
    let end = page[start..].find("</svg>").unwrap() + start + 6;
    let svg = &page[start..end];
    let mut reader = quick_xml::Reader::from_str(svg);
    let mut rects = 0;
    loop {
        match reader.read_event().expect("well-formed SVG") {
            quick_xml::events::Event::Empty(e) if e.name().as_ref() == b"rect" => rects += 1,
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!(rects, 2, "one bar per year");
    contains(svg, "<title id=\"team-lai-xa-roads_km-t\">");
    contains(&page, "<dd>08/07/2015</dd>");
    contains(&page, r#"<a href="/mo-hinh/lai-xa/">Lại Xá</a>"#);
    contains(
        &site.read("en/teams/lai-xa/index.html"),
        "<h1>Lai Xa team</h1>",
    );
    contains(
        &site.read("to-dan-van/index.html"),
        r#"<a href="/to-dan-van/lai-xa/">Tổ dân vận thôn Lại Xá</a>"#,
    );
}

#[test]
fn a_team_region_contradicting_a_region_file_is_an_error_at_the_team() {
    let site = Site::new();
    site.file(
        "content/regions/ly-thai-to.yaml",
        "name: Lý Thái Tổ\nparent: Hoàn Kiếm\n",
    );
    site.file(
        "content/teams/a.yaml",
        "name: A\nregion: [Hà Nội, Hoàn Kiếm, Lý Thái Tổ]\n",
    );
    site.file(
        "content/teams/b.yaml",
        "name: B\nregion: [Hà Nội, Ba Đình, Lý Thái Tổ]\n",
    );
    let errors = site.build_err();
    assert_eq!(errors.len(), 1, "{}", crate::harness::render(&errors));
    assert_eq!(
        (errors[0].file.as_str(), errors[0].line, errors[0].column),
        ("content/teams/b.yaml", 2, 9)
    );
    assert!(
        errors[0]
            .message
            .contains("content/regions/ly-thai-to.yaml says its parent is `Hoàn Kiếm`"),
        "{}",
        errors[0].message
    );
}

#[test]
fn duplicate_team_ids_are_errors() {
    let site = Site::new();
    site.file("content/teams/lai-xa.yaml", "name: A\nregion: [X]\n");
    site.file("content/teams/lai-xa.yml", "name: B\nregion: [X]\n");
    let errors = site.build_err();
    assert_eq!(errors.len(), 1);
    assert!(
        errors[0]
            .message
            .contains("content/teams/lai-xa.yaml already has the team id `lai-xa`"),
        "{}",
        errors[0].message
    );
}

#[test]
fn a_section_named_like_a_generated_page_keeps_its_url() {
    let site = Site::new();
    site.file("content/to-dan-van/_section.yaml", "title: Tổ dân vận\n");
    site.article("to-dan-van/bai.md", "title: Bài\ndate: 2024-01-01", "x\n");
    site.file("content/teams/a.yaml", "name: A\nregion: [X]\n");
    let report = site.build_ok();
    contains(&site.read("to-dan-van/index.html"), "Bài");
    contains(
        &site.read("tat-ca-to-dan-van/index.html"),
        "/tat-ca-to-dan-van/a/",
    );
    assert!(
        report
            .warnings
            .iter()
            .any(|w| w.file == "content/to-dan-van/_section.yaml"
                && w.message.contains("/tat-ca-to-dan-van/")),
        "{:?}",
        report.warnings
    );
    // Set explicitly, the same clash is an error.
    let site = Site::with_config(&format!(
        "{}paths:\n  vi: {{teams: to-dan-van}}\n",
        crate::harness::SITE_YAML
    ));
    site.article("to-dan-van/bai.md", "title: Bài\ndate: 2024-01-01", "x\n");
    site.file("content/teams/a.yaml", "name: A\nregion: [X]\n");
    assert!(
        site.build_err()[0]
            .message
            .contains("would both be written to /to-dan-van/index.html")
    );
}

#[test]
fn sites_without_teams_build_empty_figures_pages() {
    let site = Site::new();
    site.article("tin-tuc/a.md", "title: A\ndate: 2024-01-01", "x\n");
    site.build_ok();
    contains(&site.read("so-lieu/index.html"), "Chưa có số liệu.");
    lacks(&site.read("index.html"), "<a href=\"/to-dan-van/\">");
    assert_eq!(
        site.read("so-lieu/so-lieu.csv").lines().next(),
        Some("\u{feff}region_path,region,level,year,counter,value,source,units"),
        "a UTF-8 byte order mark, then the machine headers"
    );
}

/// The cells of every sheet of an `.xlsx` file, read back with calamine.
fn workbook_sheets(bytes: &[u8]) -> Vec<(String, Vec<Vec<calamine::Data>>)> {
    use calamine::Reader;
    let mut book: calamine::Xlsx<_> =
        calamine::open_workbook_from_rs(std::io::Cursor::new(bytes.to_vec())).unwrap();
    book.sheet_names()
        .into_iter()
        .map(|name| {
            let range = book.worksheet_range(&name).unwrap();
            let rows = range.rows().map(<[calamine::Data]>::to_vec).collect();
            (name, rows)
        })
        .collect()
}

#[test]
fn the_statistics_workbook_has_a_sheet_per_counter_numbers_as_numbers_and_reported_marked() {
    use calamine::Data;
    let site = Site::with_config(&format!(
        "{SITE_YAML}  - key: disputes_resolved\n    label: {{vi: Hòa giải thành, en: Disputes settled}}\n"
    ));
    site.file(
        "content/teams/a.yaml",
        "name: A\nregion: [Hải Dương, Thanh Hà]\nstats:\n  2016: {roads_km: 2.8, disputes_resolved: 1215}\n",
    );
    site.file(
        "content/regions/hai-duong.yaml",
        "name: Hải Dương\nname_en: Hai Duong\nreported:\n  2016: {disputes_resolved: 2000}\n",
    );
    site.build_ok();
    let stats = site.read("so-lieu/index.html");
    contains(
        &stats,
        r#"<a href="/so-lieu/so-lieu.xlsx" type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" download>Tải Excel</a>"#,
    );
    contains(
        &site.read("en/statistics/index.html"),
        r#"<a href="/en/statistics/statistics.xlsx" type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" download>Download Excel</a>"#,
    );
    let vi_bytes = std::fs::read(site.out().join("so-lieu/so-lieu.xlsx")).unwrap();
    let vi = workbook_sheets(&vi_bytes);
    let names: Vec<&str> = vi.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "Tổ dân vận",
            "Đường giao thông",
            "Hòa giải thành",
            "Thành viên tổ dân vận",
            "Bài viết"
        ],
        "one sheet per counter, named by its label"
    );
    let sheet = |book: &[(String, Vec<Vec<Data>>)], name: &str| -> Vec<Vec<Data>> {
        book.iter().find(|(n, _)| n == name).unwrap().1.clone()
    };
    let roads = &sheet(&vi, "Đường giao thông");
    let text = |d: &Data| d.to_string();
    let header: Vec<String> = roads[0].iter().map(text).collect();
    assert_eq!(header, ["Địa bàn", "Cấp", "Năm", "Giá trị (km)", "Nguồn"]);
    let row = roads
        .iter()
        .find(|r| text(&r[0]) == "Hải Dương > Thanh Hà")
        .unwrap_or_else(|| panic!("{roads:?}"));
    assert_eq!(row[2], Data::Float(2016.0));
    assert_eq!(row[3], Data::Float(2.8), "a number, not a text");
    assert_eq!(text(&row[4]), text(&roads[1][4]), "summed like the total");
    let disputes = &sheet(&vi, "Hòa giải thành");
    let reported = disputes
        .iter()
        .find(|r| text(&r[0]) == "Hải Dương")
        .unwrap_or_else(|| panic!("{disputes:?}"));
    assert_eq!(reported[3], Data::Float(2000.0));
    assert_eq!(text(&reported[4]), "báo cáo", "a reported figure is marked");
    let summed = disputes
        .iter()
        .find(|r| text(&r[0]) == "Hải Dương > Thanh Hà")
        .unwrap();
    assert_eq!(summed[3], Data::Float(1215.0));
    assert_ne!(text(&summed[4]), "báo cáo");
    // The English workbook: English headers and names.
    let en =
        workbook_sheets(&std::fs::read(site.out().join("en/statistics/statistics.xlsx")).unwrap());
    let header: Vec<String> = sheet(&en, "Roads")[0].iter().map(text).collect();
    assert_eq!(header, ["Region", "Level", "Year", "Value (km)", "Source"]);
    assert!(
        sheet(&en, "Disputes settled")
            .iter()
            .any(|r| text(&r[0]) == "Hai Duong" && text(&r[4]) == "reported")
    );
    // Byte for byte the same on the next build (a fixed creation date).
    std::thread::sleep(std::time::Duration::from_millis(1100));
    site.build_ok();
    assert_eq!(
        std::fs::read(site.out().join("so-lieu/so-lieu.xlsx")).unwrap(),
        vi_bytes
    );
}
