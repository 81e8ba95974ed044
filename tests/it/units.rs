//! Administrative units over time (SPEC §1.6): a site with figures on both
//! sides of 1 July 2025.

use crate::harness::{SITE_YAML, Site, contains, lacks};

/// The "Done when" site of issue 16: a 2016 report from Tân An, a commune of
/// old Hải Dương, and a 2026 report from xã Hà Tây of Hải Phòng, which Tân An
/// went into; and an article with a misspelled province.
fn reform_site() -> Site {
    let site = Site::with_config(SITE_YAML);
    site.article(
        "tin-tuc/2016-05-01-tan-an.md",
        "title: Tân An làm đường\ndate: 2016-05-01\nregion: [tỉnh Hải Dương, huyện Thanh Hà, xã Tân An]",
        "Bài 2016.\n",
    )
    .article(
        "tin-tuc/2016-05-01-tan-an.en.md",
        "title: Tan An builds roads\ndate: 2016-05-01\nregion: [Hải Dương, Thanh Hà, Tân An]",
        "2016.\n",
    )
    .article(
        "tin-tuc/2026-03-01-ha-tay.md",
        "title: Hà Tây làm đường\ndate: 2026-03-01\nregion: [TP. Hải Phòng, Hà Tây]",
        "Bài 2026.\n",
    )
    .article(
        "tin-tuc/2026-03-01-ha-tay.en.md",
        "title: Ha Tay builds roads\ndate: 2026-03-01\nregion: [Hải Phòng, Hà Tây]",
        "2026.\n",
    )
    .article(
        "tin-tuc/2016-06-01-sai-ten.md",
        "title: Sai tên tỉnh\ndate: 2016-06-01\nregion: [Hải Duơng]",
        "Sai.\n",
    )
    .article(
        "tin-tuc/2016-06-01-sai-ten.en.md",
        "title: Misspelled\ndate: 2016-06-01\nregion: [Hải Duơng]",
        "Typo.\n",
    )
    .file(
        "content/teams/tan-an.yaml",
        "name: {vi: Tổ dân vận xã Tân An, en: Tan An team}\nregion: [Hải Dương, Thanh Hà, Tân An, thôn Đông]\nstats:\n  2016: {roads_km: 2.8}\n",
    )
    .file(
        "content/teams/ha-tay.yaml",
        "name: {vi: Tổ dân vận xã Hà Tây, en: Ha Tay team}\nregion: [Hải Phòng, Hà Tây]\nstats:\n  2026: {roads_km: 1.5}\n",
    );
    site
}

fn kheo(site: &Site, args: &[&str]) -> (i32, String, String) {
    let out = crate::harness::kheo()
        .args(args)
        .arg("--root")
        .arg(site.root())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8(out.stdout).unwrap(),
        String::from_utf8(out.stderr).unwrap(),
    )
}

#[test]
fn a_report_before_and_one_after_the_reform_meet_in_todays_units() {
    let site = reform_site();
    let report = site.build_ok();

    // The misspelled province: a warning at the list, with the right name.
    let typo: Vec<_> = report
        .warnings
        .iter()
        .filter(|d| d.code == "region-name")
        .collect();
    assert_eq!(typo.len(), 2, "one per language: {typo:?}");
    assert_eq!(
        (typo[0].file.as_str(), typo[0].line),
        ("content/tin-tuc/2016-06-01-sai-ten.en.md", 4)
    );
    assert!(typo[0].message.contains("`Hải Duơng` is not a province"));
    assert!(
        typo[0]
            .hint
            .as_deref()
            .unwrap()
            .starts_with("did you mean `Hải Dương`?")
    );
    // Type words are optional: one Hải Dương, one Hải Phòng, and the typo
    // does not take the real province's address.
    assert!(site.exists("dia-ban/hai-duong/thanh-ha/tan-an/index.html"));
    assert!(site.exists("dia-ban/hai-duong-2/index.html"));
    assert!(!site.exists("dia-ban/tinh-hai-duong/index.html"));
    assert!(!site.exists("dia-ban/tp-hai-phong/index.html"));

    // The two region pages link each other.
    let tan_an = site.read("dia-ban/hai-duong/thanh-ha/tan-an/index.html");
    contains(&tan_an, "Chấm dứt từ ngày 01/07/2025");
    contains(&tan_an, "<a href=\"/dia-ban/hai-phong/ha-tay/\">Hà Tây</a>");
    contains(&tan_an, "<p class=\"list-meta\">Cấp xã");
    let ha_tay = site.read("dia-ban/hai-phong/ha-tay/index.html");
    contains(&ha_tay, "Được lập từ");
    contains(
        &ha_tay,
        "<a href=\"/dia-ban/hai-duong/thanh-ha/tan-an/\">Tân An",
    );
    contains(
        &ha_tay,
        "xã Thanh Hải (huyện Thanh Hà, tỉnh Hải Dương) (một phần)",
    );
    contains(&ha_tay, "<p class=\"list-meta\">Cấp xã</p>");
    lacks(&ha_tay, "Cấp huyện");
    // Hà Tây in today's units holds both years; as reported, only its own.
    contains(&ha_tay, "<a href=\"#region-reported-title\">");
    let today = &ha_tay[..ha_tay.find("id=\"region-reported-title\"").unwrap()];
    contains(today, "<td>2,8</td>");
    contains(today, "<td>1,5</td>");
    let reported = &ha_tay[ha_tay.find("id=\"region-reported-title\"").unwrap()..];
    lacks(reported, "<td>2,8</td>");
    // Two tables, each named by its own caption (one id each, as HTML asks).
    contains(today, "aria-labelledby=\"figures-caption\"");
    contains(reported, "aria-labelledby=\"figures-reported-caption\"");
    assert_eq!(ha_tay.matches("id=\"figures-caption\"").count(), 1);
    // English: unit names and history.
    let en = site.read("en/regions/hai-duong/thanh-ha/tan-an/index.html");
    contains(&en, "Ended on 1 July 2025");
    contains(
        &en,
        "<a href=\"/en/regions/hai-phong/ha-tay/\">Ha Tay Commune</a>",
    );
    let en = site.read("en/regions/hai-phong/ha-tay/index.html");
    contains(&en, "Formed from");
    contains(
        &en,
        "Tan An Commune (Thanh Ha District, Hai Duong Province)",
    );

    // The statistics page: both under Hải Phòng in today's units, apart as reported.
    let stats = site.read("so-lieu/index.html");
    let (today, reported) = stats.split_at(stats.find("id=\"units-reported\"").unwrap());
    contains(today, "Theo đơn vị hành chính hiện nay");
    contains(
        today,
        "<a href=\"/dia-ban/hai-phong/\">Hải Phòng</a></th><td>2,8</td><td>1,5</td><td>4,3</td>",
    );
    lacks(today, "<a href=\"/dia-ban/hai-duong/\">");
    contains(
        reported,
        "<a href=\"/dia-ban/hai-duong/\">Hải Dương</a></th><td>2,8</td>",
    );
    contains(
        reported,
        "<a href=\"/dia-ban/hai-phong/\">Hải Phòng</a></th><td><span aria-hidden=\"true\">–</span></td><td>1,5</td>",
    );

    // The data files carry both views.
    let csv = site.read("so-lieu/so-lieu.csv");
    contains(
        &csv,
        "region_path,region,level,year,counter,value,source,units\n",
    );
    contains(
        &csv,
        "Hải Phòng,Hải Phòng,1,2016,roads_km,2.8,summed,today\n",
    );
    contains(
        &csv,
        "Hải Phòng > Hà Tây,Hà Tây,3,2016,roads_km,2.8,summed,today\n",
    );
    contains(
        &csv,
        "Hải Dương,Hải Dương,1,2016,roads_km,2.8,summed,reported\n",
    );
    lacks(
        &csv,
        "Hải Dương,Hải Dương,1,2016,roads_km,2.8,summed,today\n",
    );
    let json: serde_json::Value = serde_json::from_str(&site.read("so-lieu/so-lieu.json")).unwrap();
    let figures = json["figures"].as_array().unwrap();
    assert!(figures.iter().any(|f| f["units"] == "today"
        && f["region_path"] == "Hải Phòng > Hà Tây"
        && f["year"] == 2016
        && f["value"] == "2.8"));
    let regions = json["regions"].as_array().unwrap();
    let tan_an = regions
        .iter()
        .find(|r| r["path"] == serde_json::json!(["Hải Dương", "Thanh Hà", "Tân An"]))
        .unwrap();
    assert_eq!(tan_an["ended"], "2025-07-01");
    assert_eq!(
        tan_an["successors"],
        serde_json::json!([["Hải Phòng", "Hà Tây"]])
    );

    // kheo stats, in either view.
    let (code, out, _) = kheo(&site, &["stats", "--format", "csv"]);
    assert_eq!(code, 0);
    // so-lieu.csv starts with a byte order mark for Excel; the printed rows do not.
    assert_eq!(
        format!("\u{feff}{out}"),
        csv,
        "without --units, exactly so-lieu.csv"
    );
    let (code, out, _) = kheo(&site, &["stats", "--units", "today", "--format", "csv"]);
    assert_eq!(code, 0);
    contains(
        &out,
        "Hải Phòng > Hà Tây,Hà Tây,3,2016,roads_km,2.8,summed,today\n",
    );
    lacks(&out, ",reported\n");
    let (code, out, _) = kheo(&site, &["stats", "--units", "reported", "--format", "csv"]);
    assert_eq!(code, 0);
    contains(
        &out,
        "Hải Dương > Thanh Hà > Tân An,Tân An,3,2016,roads_km,2.8,summed,reported\n",
    );
    lacks(&out, ",today\n");
    let (code, out, _) = kheo(
        &site,
        &["stats", "--units", "today", "--region", "Hải Phòng"],
    );
    assert_eq!(code, 0, "{out}");
    contains(&out, "Hải Phòng > Hà Tây");
    // check --strict turns the unknown name into an error.
    let (code, _, err) = kheo(&site, &["check"]);
    assert_eq!(code, 0, "{err}");
    let (code, _, err) = kheo(&site, &["check", "--strict"]);
    assert_eq!(code, 1);
    contains(&err, "error: `Hải Duơng` is not a province");
}

#[test]
fn a_phantom_commune_by_accents_is_reported_not_counted_silently() {
    let site = Site::with_config(SITE_YAML);
    site.file(
        "content/teams/dong.yaml",
        "name: {vi: Tổ thôn Đông}\nregion: [Hải Phòng, An Hung, thôn Đông]\nstats:\n  2026: {roads_km: 1}\n",
    );
    let report = site.build_ok();
    let w: Vec<_> = report
        .warnings
        .iter()
        .filter(|d| d.code == "region-name")
        .collect();
    assert_eq!(w.len(), 1, "{w:?}");
    assert_eq!(
        (w[0].file.as_str(), w[0].line, w[0].column),
        ("content/teams/dong.yaml", 2, 9)
    );
    assert!(
        w[0].hint
            .as_deref()
            .unwrap()
            .starts_with("did you mean `An Hưng`?")
    );
    // Tone-mark placement is not a mistake: Thủy and Thuỷ are one name.
    let site = Site::with_config(SITE_YAML);
    site.file(
        "content/teams/a.yaml",
        "name: {vi: A}\nregion: [Hải Phòng, An Hưng, thôn Đông]\nstats:\n  2026: {roads_km: 1}\n",
    )
    .file(
        "content/teams/b.yaml",
        "name: {vi: B}\nregion: [Hà Nội, Hoà Lạc]\nstats:\n  2026: {roads_km: 1}\n",
    )
    .file(
        "content/teams/c.yaml",
        "name: {vi: C}\nregion: [Hà Nội, Hòa Lạc]\nstats:\n  2026: {roads_km: 2}\n",
    );
    let report = site.build_ok();
    assert!(
        report.warnings.iter().all(|d| d.code != "region-name"),
        "{:?}",
        report.warnings
    );
    let hn = site.read("dia-ban/ha-noi/index.html");
    // Both spellings are one commune of today.
    contains(
        &hn,
        "<a class=\"region-name\" href=\"/dia-ban/ha-noi/hoa-lac/\">Hòa Lạc</a>",
    );
    assert!(!site.exists("dia-ban/ha-noi/hoa-lac-2/index.html"));
    let commune = site.read("dia-ban/hai-phong/an-hung/index.html");
    contains(&commune, "<p class=\"list-meta\">Cấp xã</p>");
    let village = site.read("dia-ban/hai-phong/an-hung/thon-dong/index.html");
    contains(&village, "<p class=\"list-meta\">Thôn, tổ dân phố</p>");
}

#[test]
fn region_files_record_earlier_mergers_and_team_moves() {
    let site = Site::with_config(SITE_YAML);
    site.file(
        "content/regions/thanh-thuy.yaml",
        "name: Thanh Thủy\nparent: Thanh Hà\nended: 2020-01-01\nsuccessors: [[Hải Dương, Thanh Hà, Thanh Hải]]\n",
    )
    .file(
        "content/teams/lai-xa.yaml",
        "name: {vi: Tổ dân vận thôn Lại Xá}\nregion: [Hải Phòng, Hà Tây, thôn Lại Xá]\nregion_before: {2025-07-01: [Hải Dương, Thanh Hà, Thanh Thủy, thôn Lại Xá]}\nstats:\n  2016: {roads_km: 2.8}\n  2026: {roads_km: 1}\n",
    );
    let report = site.build_ok();
    assert!(
        report.warnings.iter().all(|d| d.code != "region-name"),
        "{:?}",
        report.warnings
    );
    // As reported, 2016 is in the old village, 2026 in the new place.
    let old = site.read("dia-ban/hai-duong/thanh-ha/thanh-thuy/index.html");
    contains(&old, "Chấm dứt từ ngày 01/01/2020");
    contains(
        &old,
        "<a href=\"/dia-ban/hai-duong/thanh-ha/thanh-hai/\">Thanh Hải</a>",
    );
    let thanh_hai = site.read("dia-ban/hai-duong/thanh-ha/thanh-hai/index.html");
    contains(
        &thanh_hai,
        "<a href=\"/dia-ban/hai-duong/thanh-ha/thanh-thuy/\">Thanh Thủy</a>",
    );
    contains(
        &thanh_hai,
        "<a href=\"/dia-ban/hai-phong/ha-tay/\">Hà Tây</a>",
    );
    contains(&thanh_hai, "Địa bàn được chia cho nhiều đơn vị");
    // In today's units both years are in the village of today.
    let village = site.read("dia-ban/hai-phong/ha-tay/thon-lai-xa/index.html");
    contains(&village, "<td>2,8</td>");
    contains(&village, "<td>1,0</td>");
    // The regions index marks what ended, at every level it lists.
    let index = site.read("dia-ban/index.html");
    contains(
        &index,
        "Hải Dương</a> <span class=\"region-ended\">(Chấm dứt từ ngày 01/07/2025)</span>",
    );
    contains(
        &index,
        "Thanh Hà</a> <span class=\"region-ended\">(Chấm dứt từ ngày 01/07/2025)</span>",
    );
    let hai_phong = index.split("/dia-ban/hai-phong/\"").nth(1).unwrap_or("");
    assert!(
        !hai_phong.starts_with(">Hải Phòng</a> <span class=\"region-ended\""),
        "{index}"
    );

    // Unknown successors and cycles are errors at the region file.
    let site = Site::with_config(SITE_YAML);
    site.file(
        "content/regions/a.yaml",
        "name: thôn A\nparent: Tân An\nended: 2020-01-01\nsuccessors: [[Hải Dương, Thanh Hà, Tân An, thôn B]]\n",
    )
    .file(
        "content/regions/b.yaml",
        "name: thôn B\nparent: Tân An\nended: 2021-01-01\nsuccessors: [[Hải Dương, Thanh Hà, Tân An, thôn A]]\n",
    )
    .file(
        "content/regions/c.yaml",
        "name: thôn C\nparent: Tân An\nended: 2021-01-01\nsuccessors: [[Hải Dương, Thanh Hà, Xã Không Có]]\n",
    )
    .file(
        "content/teams/t.yaml",
        "name: {vi: T}\nregion: [Hải Dương, Thanh Hà, Tân An, thôn C]\n",
    );
    let errors = site.build_err();
    let at: Vec<(&str, usize)> = errors.iter().map(|d| (d.file.as_str(), d.line)).collect();
    assert_eq!(
        at,
        [
            ("content/regions/a.yaml", 4),
            ("content/regions/b.yaml", 4),
            ("content/regions/c.yaml", 4)
        ],
        "{errors:?}"
    );
    assert!(errors[0].message.contains("lead back to it"));
    assert!(errors[2].message.contains("is not a known region"));
}

#[test]
fn the_demo_portal_lives_in_december_2026() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = tempfile::tempdir().unwrap();
    let mut opts = kheo::BuildOptions::new(root);
    opts.output = Some(out.path().join("public"));
    let report =
        kheo::build(&opts).unwrap_or_else(|f| panic!("{}", crate::harness::render(&f.diagnostics)));
    assert!(
        report.warnings.iter().all(|d| d.code != "region-name"),
        "{:?}",
        report.warnings
    );
    let read = |rel: &str| std::fs::read_to_string(out.path().join("public").join(rel)).unwrap();
    contains(
        &read("index.html"),
        "Ban Tuyên giáo và Dân vận Thành ủy Hải Phòng",
    );
    // Old Hải Dương as it was, and where it went.
    let hd = read("dia-ban/hai-duong/index.html");
    contains(&hd, "Chấm dứt từ ngày 01/07/2025");
    contains(&hd, "<a href=\"/dia-ban/hai-phong/\">Hải Phòng</a>");
    // An earlier merger from a region file, then the 2025 one from the list.
    let thanh_thuy = read("dia-ban/hai-duong/thanh-ha/thanh-thuy/index.html");
    contains(&thanh_thuy, "Chấm dứt từ ngày 01/12/2024");
    contains(
        &thanh_thuy,
        "<a href=\"/dia-ban/hai-duong/thanh-ha/thanh-tan/\">Thanh Tân</a>",
    );
    contains(
        &thanh_thuy,
        "<a href=\"/dia-ban/hai-phong/thanh-ha/\">Thanh Hà</a>",
    );
    // Today's Hải Phòng holds Hải Dương's 2016 figures in today's units.
    let hp = read("dia-ban/hai-phong/index.html");
    contains(&hp, "<a href=\"/dia-ban/hai-duong/\">Hải Dương</a>");
    contains(&hp, "1.497");
    // At least two stories after the reform, in both languages.
    for (rel, place) in [
        (
            "tin-tuc/hai-cap-chinh-quyen-tu-1-7-2025/index.html",
            "Hải Phòng",
        ),
        ("tin-tuc/ban-tuyen-giao-va-dan-van/index.html", "Hải Phòng"),
        (
            "en/news/hai-cap-chinh-quyen-tu-1-7-2025/index.html",
            "Hai Phong",
        ),
        ("en/news/ban-tuyen-giao-va-dan-van/index.html", "Hai Phong"),
    ] {
        contains(&read(rel), place);
    }
}
