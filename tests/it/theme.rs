//! A site's own theme over the built-in one.

use crate::harness::{Site, contains, pair};

#[test]
fn a_site_template_overrides_the_builtin_one() {
    let site = Site::new();
    pair(&site, "a", "2024-01-01", "Bài A", "Article A");
    site.file("themes/default/templates/article.html", "{% extends \"base.html\" %}{% block content %}<p class=\"mine\">{{ page.title }}</p>{% endblock content %}");
    site.build_ok();
    contains(
        &site.read("tin-tuc/a/index.html"),
        "<p class=\"mine\">Bài A</p>",
    );
    // Other templates still come from the built-in theme.
    contains(&site.read("index.html"), "class=\"masthead\"");
}

#[test]
fn a_named_theme_overrides_strings_and_static_files() {
    let site = Site::with_config(
        &crate::harness::SITE_YAML.replace("page_size: 2", "page_size: 2\ntheme: tinh"),
    );
    pair(&site, "a", "2024-01-01", "Bài A", "Article A");
    site.file("themes/tinh/i18n/vi.yaml", "strings:\n  home: Trang nhất\n");
    site.file("themes/tinh/static/kheo.css", "body { color: red }\n");
    site.file(
        "themes/tinh/static/logo.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.build_ok();
    contains(&site.read("index.html"), ">Trang nhất</a>");
    contains(&site.read("en/index.html"), ">Home</a>");
    assert_eq!(site.read("kheo.css"), "body { color: red }\n");
    assert!(site.exists("logo.svg"));
}

#[test]
fn a_missing_theme_folder_is_an_error() {
    let site =
        Site::with_config(&crate::harness::SITE_YAML.replace("page_size: 2", "theme: khong-co"));
    let errors = site.build_err();
    assert_eq!(errors[0].file, "content/site.yaml");
    assert!(errors[0].message.contains("themes/khong-co/"));
}

#[test]
fn template_errors_name_the_template_and_line() {
    let site = Site::new();
    pair(&site, "a", "2024-01-01", "Bài A", "Article A");
    site.file("themes/default/templates/article.html", "{% extends \"base.html\" %}\n{% block content %}\n{{ page.no_such_field }}\n{% endblock content %}");
    let errors = site.build_err();
    assert_eq!(errors.len(), 1, "one error, not one per page");
    assert_eq!(
        (errors[0].file.as_str(), errors[0].line),
        ("themes/default/templates/article.html", 3)
    );
    assert!(!site.exists("index.html"));
}

#[test]
fn a_language_without_strings_needs_a_file() {
    let site = Site::with_config(
        &crate::harness::SITE_YAML.replace("languages: [vi, en]", "languages: [vi, en, fr]"),
    );
    let errors = site.build_err();
    assert!(errors[0].message.contains("`fr`"), "{}", errors[0].message);
    assert!(
        errors[0]
            .hint
            .as_deref()
            .unwrap_or("")
            .contains("i18n/fr.yaml")
    );
}

#[test]
fn a_third_language_with_its_strings_builds() {
    let site = Site::with_config(
        &crate::harness::SITE_YAML.replace("languages: [vi, en]", "languages: [vi, en, fr]"),
    );
    site.file("themes/default/i18n/fr.yaml", "language_name: Français\nnumber: {decimal: ',', group: ' '}\nweekdays: [lundi, mardi, mercredi, jeudi, vendredi, samedi, dimanche]\nmonths: [janvier, février, mars, avril, mai, juin, juillet, août, septembre, octobre, novembre, décembre]\ndate_line: '{weekday} {day} {month} {yyyy}'\nstrings:\n  home: Accueil\n");
    site.article("tin-tuc/a.md", "title: A\ndate: 2024-08-16", "x\n");
    site.article("tin-tuc/a.fr.md", "title: A fr\ndate: 2024-08-16", "x\n");
    site.build_ok();
    let fr = site.read("fr/tin-tuc/a/index.html");
    contains(&fr, "<html lang=\"fr\">");
    contains(&fr, "vendredi 16 août 2024");
    contains(&fr, ">Accueil</a>");
    contains(&fr, "Skip to main content");
}
