//! Tests of `yaml.rs`.

use super::*;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Cfg {
    #[allow(dead_code)]
    base_url: String,
    title: Localized,
    #[serde(default)]
    stats: Pairs<Spanned<Year>, Pairs<Spanned<String>, Spanned<Scalar>>>,
}

fn parse(src: &str) -> Result<Cfg, Diagnostic> {
    YamlSource::file("content/site.yaml", src).parse()
}

#[test]
fn unknown_key_is_located_with_a_suggestion() {
    let err = parse("title: T\nbase_ulr: x\n").unwrap_err();
    assert_eq!((err.line, err.column), (2, 1));
    assert!(
        err.message.contains("unknown field `base_ulr`"),
        "{}",
        err.message
    );
    assert!(!err.message.contains("at line"), "{}", err.message);
    assert_eq!(err.hint.as_deref(), Some("did you mean `base_url`?"));
    assert_eq!(err.source_line.as_deref(), Some("base_ulr: x"));
}

#[test]
fn front_matter_lines_are_shifted_to_the_file() {
    let src = YamlSource {
        file: "a.md",
        yaml: "title: T\nbase_url: 3\nbogus: 1\n",
        first_line: 2,
    };
    let err = src.parse::<Cfg>().unwrap_err();
    assert_eq!(err.line, 4, "{err}");
    assert_eq!(err.source_line.as_deref(), Some("bogus: 1"));
}

#[test]
fn an_error_at_a_value_shows_its_own_line() {
    #[derive(Debug, Deserialize)]
    struct Items {
        items: Vec<Spanned<String>>,
        #[serde(default)]
        one: Option<Spanned<String>>,
    }
    // Lines ending in CRLF and in LF, letters of several bytes.
    let yaml = "# Đường giao thông\r\nitems:\r\n  - một\r\n  - \"hai: ba\"\r\n  - bốn\n  - 'năm'\none: sáu\n";
    let src = YamlSource::file("t.yaml", yaml);
    let items: Items = src.parse().unwrap();
    let one = items.one.unwrap();
    for s in items.items.iter().chain([&one]) {
        let d = src.error_at(s, "m");
        let by_count = src.with_line(Diagnostic::error("t.yaml", 1, 1, ""), position(s).0);
        assert_eq!(d.source_line, by_count.source_line, "{}", s.value);
        assert!(!d.source_line.as_deref().unwrap_or("\r").contains('\r'));
        assert!(
            d.source_line.unwrap().contains(s.value.as_str()),
            "{}",
            s.value
        );
    }
    // A value without a place has no line to show.
    assert_eq!(src.error_at(&unspanned(1), "m").source_line, None);
}

#[test]
fn localized_accepts_text_or_map() {
    let c = parse("base_url: x\ntitle: {vi: Tin tức, en: News}\n").unwrap();
    assert_eq!(c.title.get("en", "vi"), Some("News"));
    assert_eq!(c.title.get("fr", "vi"), Some("Tin tức"));
    let c = parse("base_url: x\ntitle: Tin tức\n").unwrap();
    assert_eq!(c.title.get("en", "vi"), Some("Tin tức"));
}

#[test]
fn scalars_keep_their_places_and_non_finite_values() {
    let c =
        parse("base_url: x\ntitle: T\nstats:\n  2016: {roads_km: 2.8, bad: .nan, text: '2,8'}\n")
            .unwrap();
    let (year, figures) = &c.stats.0[0];
    assert_eq!(year.value, Year(2016));
    let values: Vec<_> = figures
        .0
        .iter()
        .map(|(k, v)| (k.value.as_str(), v.value.clone(), position(v)))
        .collect();
    assert_eq!(values[0].0, "roads_km");
    assert_eq!(values[0].1, Scalar::Float(2.8));
    assert_eq!(values[0].2, (4, 20));
    assert!(matches!(values[1].1, Scalar::Float(f) if f.is_nan()));
    assert_eq!(values[2].1, Scalar::Text("2,8".into()));
}

#[test]
fn a_comma_in_a_flow_map_gets_a_hint() {
    let err = parse("base_url: x\ntitle: {vi: Phát hiện, kiến nghị, en: X}\n").unwrap_err();
    assert!(err.hint.unwrap().contains("put it in quotes"));
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
#[allow(dead_code)]
struct Typed {
    #[serde(default, deserialize_with = "spanned_whole_opt")]
    page_size: Option<Spanned<i64>>,
    #[serde(default, deserialize_with = "flag")]
    draft: bool,
    #[serde(default, deserialize_with = "whole_opt")]
    weight: Option<i64>,
    #[serde(default)]
    languages: Vec<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    name: Option<Localized>,
    #[serde(default)]
    markdown: Option<Nested>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Nested {
    #[serde(default, deserialize_with = "flag_opt")]
    raw_html: Option<bool>,
}

fn typed(src: &str) -> Result<Typed, Diagnostic> {
    YamlSource::file("content/site.yaml", src).parse()
}

#[test]
fn numbers_and_booleans_as_written() {
    let t = typed("page_size: 20\ndraft: true\nweight: -3\nmarkdown: {raw_html: false}\n").unwrap();
    assert_eq!(
        t.page_size.map(|p| (p.value, position(&p))),
        Some((20, (1, 12)))
    );
    assert!(t.draft);
    assert_eq!(t.weight, Some(-3));
    assert_eq!(t.markdown.unwrap().raw_html, Some(false));
    assert_eq!(
        typed("page_size: 20.0\n").unwrap().page_size.unwrap().value,
        20
    );
    assert_eq!(typed("page_size:\n").unwrap().page_size, None);
}

#[test]
fn a_number_or_boolean_in_quotes_is_a_text_and_an_error() {
    for (src, at, message) in [
        (
            "page_size: \"20\"\n",
            (1, 12),
            "`page_size` must be a whole number without quotes: write 20, not \"20\"",
        ),
        (
            "draft: \"true\"\n",
            (1, 8),
            "`draft` must be `true` or `false` without quotes: write true, not \"true\"",
        ),
        (
            "draft: \"yes\"\n",
            (1, 8),
            "`draft` must be `true` or `false`, not `yes`",
        ),
        (
            "draft: yes\n",
            (1, 8),
            "`draft` must be `true` or `false`, not `yes`",
        ),
        (
            "weight: 1.5\n",
            (1, 9),
            "`weight` must be a whole number, not 1.5",
        ),
        (
            "page_size: 99999999999999999999\n",
            (1, 12),
            "`page_size` is too large",
        ),
        (
            "page_size: twenty\n",
            (1, 12),
            "`page_size` must be a whole number, not `twenty`",
        ),
        (
            "page_size: [20]\n",
            (1, 12),
            "`page_size` must be a whole number, not a list",
        ),
        (
            "markdown: {raw_html: 1}\n",
            (1, 22),
            "`raw_html` must be `true` or `false`, not 1",
        ),
        (
            "markdown:\n  raw_html: on\n",
            (2, 13),
            "`raw_html` must be `true` or `false`, not `on`",
        ),
    ] {
        let e = typed(src).unwrap_err();
        assert_eq!((e.line, e.column), at, "{src}: {e}");
        assert!(e.message.starts_with(message), "{src}: {}", e.message);
    }
}

#[test]
fn structure_errors_name_the_key_in_editors_words() {
    for (src, at, message) in [
        (
            "languages: vi\n",
            (1, 12),
            "`languages` must be a list: write `[a, b]`",
        ),
        ("title: [A]\n", (1, 8), "`title` must be a text"),
        (
            "markdown: true\n",
            (1, 11),
            "`markdown` must be keys with values",
        ),
        (
            "name: 12\n",
            (1, 7),
            "`name` must be a text; YAML reads 12 as a number",
        ),
        (
            "name: [a, b]\n",
            (1, 7),
            "`name` must be one text, or a map of language to text",
        ),
    ] {
        let e = typed(src).unwrap_err();
        assert_eq!((e.line, e.column), at, "{src}: {e}");
        assert!(e.message.starts_with(message), "{src}: {}", e.message);
        assert!(
            !e.message.contains("sequence") && !e.message.contains("scalar"),
            "{}",
            e.message
        );
    }
}

#[test]
fn the_key_of_a_value() {
    assert_eq!(key_before("page_size: \"20\"", 12), Some("page_size"));
    assert_eq!(key_before("markdown: {raw_html: 1}", 22), Some("raw_html"));
    assert_eq!(key_before("  - 9.5", 5), None);
    assert_eq!(key_before("x", 50), None);
    assert_eq!(key_before("tên: Đường", 6), Some("tên"));
    assert_eq!(
        key_before("Dân vận khéo: [Skilful]", 15),
        Some("Dân vận khéo")
    );
    assert_eq!(key_before("  - {title: M, url: [a]}", 21), Some("url"));
    assert_eq!(key_before("\"page_size\": \"20\"", 14), Some("page_size"));
}

#[test]
fn a_billion_laughs_and_deep_nesting_are_refused_in_editors_words() {
    let mut bomb =
        String::from("extra:\n  a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
    for i in 1..10 {
        let refs = vec![format!("*a{}", i - 1); 10].join(", ");
        bomb.push_str(&format!("  a{i}: &a{i} [{refs}]\n"));
    }
    #[derive(Debug, Deserialize)]
    struct Extra {
        #[allow(dead_code)]
        extra: serde_json::Value,
    }
    let started = std::time::Instant::now();
    let e = YamlSource::file("a.md", &bomb)
        .parse::<Extra>()
        .unwrap_err();
    assert!(
        e.message.starts_with("this YAML is too large"),
        "{}",
        e.message
    );
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
    let deep = format!("extra: {}1{}\n", "[".repeat(10_000), "]".repeat(10_000));
    let e = YamlSource::file("a.md", &deep)
        .parse::<Extra>()
        .unwrap_err();
    assert!(
        e.message.starts_with("this YAML is too large"),
        "{}",
        e.message
    );
}

#[test]
fn escaped_control_characters_are_refused_at_their_escape() {
    let src = YamlSource {
        file: "content/a.md",
        yaml: "base_url: x\ntitle: \"Tin \\\"tức\\\" \\x00 mới\"\n",
        first_line: 2,
    };
    let err = src.parse::<Cfg>().unwrap_err();
    assert_eq!((err.line, err.column), (3, 21), "{err}");
    assert_eq!(err.code, "control-char");
    assert!(err.message.contains("U+0000 (NUL)"), "{}", err.message);
    for (yaml, at) in [
        ("base_url: x\ntitle: {vi: \"a\\u0007\"}\n", (2, 15)),
        ("base_url: x\ntitle: \"ok\n  then \\N\"\n", (3, 8)),
        ("base_url: \"\\e\"\ntitle: T\n", (1, 12)),
        ("base_url: x\ntitle: \"\\U0000FFFF\"\n", (2, 9)),
    ] {
        let err = parse(yaml).unwrap_err();
        assert_eq!((err.line, err.column), at, "{yaml}: {err}");
    }
    // Escapes of allowed characters, and backslashes outside double quotes, are fine.
    parse("base_url: 'a\\x00'\ntitle: \"tab\\there\\u00e9 \\\\x00\"\n").unwrap();
}

#[test]
fn unknown_keys_list_the_known_ones_in_both_languages() {
    let en = parse("title: T\nbase_ulr: x\n").unwrap_err();
    assert!(
        en.message
            .starts_with("unknown field `base_ulr`, expected one of "),
        "{}",
        en.message
    );
    let vi = crate::messages::scoped(crate::messages::Lang::Vi, || {
        parse("title: T\nbase_ulr: x\n").unwrap_err()
    });
    assert!(
        vi.message
            .starts_with("khóa `base_ulr` không dùng được ở đây; các khóa dùng được: "),
        "{}",
        vi.message
    );
    assert!(vi.message.contains("base_url"), "{}", vi.message);
    assert_eq!(vi.hint.as_deref(), Some("có phải ý bạn là `base_url`?"));
    assert_eq!(vi.code, "unknown-key");
}

#[test]
fn duplicate_keys_are_reworded() {
    let err = parse("base_url: x\ntitle: a\ntitle: b\n").unwrap_err();
    assert_eq!(err.message, "key `title` is written twice");
}

/// The mistakes editors make in the shape of a YAML text, each at the
/// line to mend, with a plain message and a hint, in English and in
/// Vietnamese.
fn mistake(lang: crate::messages::Lang, yaml: &str) -> Diagnostic {
    crate::messages::scoped(lang, || {
        YamlSource {
            file: "content/tin-tuc/a.md",
            yaml,
            first_line: 2,
        }
        .parse::<serde_json::Value>()
        .unwrap_err()
    })
}

#[test]
fn common_yaml_mistakes_are_told_in_plain_words_in_both_languages() {
    use crate::messages::Lang::{En, Vi};
    // (yaml, code, line in the file, column, English words, Vietnamese
    // words, a piece of the hint to type)
    let cases: [(&str, &str, usize, usize, &str, &str, &str); 7] = [
        (
            "title: A\ndate: 2024-08-16\n\tauthor: B\n",
            "yaml-tab",
            4,
            1,
            "a tab at the start of this line",
            "đầu dòng này có dấu tab",
            "",
        ),
        (
            "title: A\nauthor Ban Dân vận\n",
            "yaml-colon",
            3,
            1,
            "has no `:` after its key",
            "thiếu dấu `:` sau tên khóa",
            "`author: Ban Dân vận`",
        ),
        (
            "title: Tân Khê: tổng kết năm\ndate: 2024-08-16\n",
            "yaml-colon-in-text",
            2,
            15,
            "which YAML reads as the start of another key",
            "YAML hiểu đó là chỗ bắt đầu một khóa khác",
            "`title: \"Tân Khê: tổng kết năm\"`",
        ),
        (
            "title: A\n  author: B\n",
            "yaml-indent",
            3,
            3,
            "starts further right than the keys above it",
            "lùi vào sâu hơn các khóa ở trên",
            "`author:`",
        ),
        (
            "tags: [Hòa giải, Dân vận\nteams: [a]\n",
            "yaml-bracket",
            2,
            7,
            "the `[` opened on this line is not closed",
            "dấu `[` mở ở dòng này chưa được đóng",
            "`tags: [Hòa giải, Dân vận]`",
        ),
        (
            "tags: [a, b]]\n",
            "yaml-bracket",
            2,
            13,
            "this `]` closes nothing",
            "dấu `]` này không đóng cái gì cả",
            "`]`",
        ),
        (
            "title: \"Dân vận khéo\" năm 2024\n",
            "yaml-quote",
            2,
            23,
            "goes on after its closing quote",
            "còn tiếp sau dấu ngoặc kép đóng",
            "'Phong trào \"Dân vận khéo\" năm 2024'",
        ),
    ];
    for (yaml, code, line, column, en, vi, typed) in cases {
        for (lang, words) in [(En, en), (Vi, vi)] {
            let d = mistake(lang, yaml);
            assert_eq!(d.code, code, "{yaml:?}: {}", d.message);
            assert_eq!(
                (d.line, d.column),
                (line, column),
                "{yaml:?}: {}",
                d.message
            );
            assert!(
                d.message.contains(words),
                "{lang:?} {yaml:?}: {}",
                d.message
            );
            let hint = d.hint.clone().unwrap_or_default();
            assert!(hint.contains(typed), "{lang:?} {yaml:?}: {hint}");
            let rendered = crate::messages::scoped(lang, || d.render(false));
            assert!(
                rendered.starts_with(&format!("content/tin-tuc/a.md:{line}:{column}: error: ")),
                "{rendered}"
            );
            let hint_word = if lang == Vi {
                "= gợi ý: "
            } else {
                "= hint: "
            };
            assert!(rendered.contains(hint_word), "{rendered}");
        }
    }
}

#[test]
fn text_where_a_number_belongs_is_told_in_both_languages() {
    #[derive(Debug, Deserialize)]
    struct Team {
        #[allow(dead_code)]
        #[serde(deserialize_with = "whole_opt", default)]
        members: Option<i64>,
    }
    let parse_in = |lang| {
        crate::messages::scoped(lang, || {
            YamlSource::file("content/teams/a.yaml", "members: năm\n")
                .parse::<Team>()
                .unwrap_err()
        })
    };
    let en = parse_in(crate::messages::Lang::En);
    assert_eq!(en.message, "`members` must be a whole number, not `năm`");
    let vi = parse_in(crate::messages::Lang::Vi);
    assert_eq!(
        vi.message,
        "`members` phải là một số nguyên, không phải `năm`"
    );
    assert_eq!((vi.line, vi.column), (1, 10));
}
