//! Writing values into YAML front matter by hand: plain when an editor would
//! write them so (`title: Hội nghị sơ kết`), quoted when YAML would read
//! them as something else (`title: "Hội nghị: kết quả"`, `"2025"`, `"yes"`).

/// A text as a YAML scalar, in a block mapping (`title: ...`) or, with
/// `in_list`, inside a flow list (`[a, b]`), where `,` `[` `]` `{` `}` matter too.
pub(crate) fn scalar(text: &str, in_list: bool) -> String {
    if is_plain(text, in_list) {
        text.to_owned()
    } else {
        // A JSON string is a valid YAML double-quoted scalar.
        serde_json::to_string(text).unwrap_or_else(|_| format!("\"{}\"", text.replace('"', "'")))
    }
}

/// A flow list: `[Dân vận khéo, "Hội nghị: sơ kết"]`.
pub(crate) fn list<S: AsRef<str>>(items: &[S]) -> String {
    let inner: Vec<String> = items.iter().map(|s| scalar(s.as_ref(), true)).collect();
    format!("[{}]", inner.join(", "))
}

/// Words YAML 1.1 readers take for booleans or null; quoted even though
/// kheo's parser reads only `true`/`false` as booleans, so the file means
/// the same to every tool.
const KEYWORDS: [&str; 12] = [
    "true", "false", "yes", "no", "on", "off", "y", "n", "null", "~", "nan", "inf",
];

fn is_plain(text: &str, in_list: bool) -> bool {
    let Some(first) = text.chars().next() else {
        return false;
    };
    // Starting with a letter rules out numbers, dates and YAML indicators.
    if !first.is_alphabetic() || text.trim() != text {
        return false;
    }
    if KEYWORDS.iter().any(|k| text.eq_ignore_ascii_case(k)) {
        return false;
    }
    if text.contains(": ") || text.contains(" #") || text.ends_with(':') {
        return false;
    }
    let special: &[char] = if in_list {
        &['"', '\'', '\\', '\n', '\t', ',', '[', ']', '{', '}']
    } else {
        &['"', '\'', '\\', '\n', '\t']
    };
    !text.contains(special)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_when_yaml_reads_it_back_as_the_same_text() {
        assert_eq!(
            scalar("Hội nghị sơ kết năm 2025", false),
            "Hội nghị sơ kết năm 2025"
        );
        assert_eq!(scalar("Đường, cầu và cống", false), "Đường, cầu và cống");
        assert_eq!(scalar("Đường, cầu", true), "\"Đường, cầu\"");
        assert_eq!(scalar("Hội nghị: kết quả", false), "\"Hội nghị: kết quả\"");
        assert_eq!(scalar("2025 nhìn lại", false), "\"2025 nhìn lại\"");
        assert_eq!(scalar("Yes", false), "\"Yes\"");
        assert_eq!(scalar("- gạch đầu dòng", false), "\"- gạch đầu dòng\"");
        assert_eq!(scalar("Nói \"không\"", false), "\"Nói \\\"không\\\"\"");
        assert_eq!(scalar("", false), "\"\"");
        assert_eq!(list(&["Dân vận khéo", "A, B"]), "[Dân vận khéo, \"A, B\"]");
        assert_eq!(list::<&str>(&[]), "[]");
    }

    proptest::proptest! {
        /// Whatever the text, YAML reads back exactly that text.
        #[test]
        fn round_trips(text in "\\PC{0,40}") {
            #[derive(serde::Deserialize)]
            struct Doc { title: String, tags: Vec<String> }
            let yaml = format!("title: {}\ntags: {}\n", scalar(&text, false), list(&[&text]));
            let doc: Doc = crate::yaml::YamlSource::file("t.md", &yaml)
                .parse()
                .map_err(|e| proptest::test_runner::TestCaseError::fail(format!("{yaml}: {e}")))?;
            proptest::prop_assert_eq!(&doc.title, &text);
            proptest::prop_assert_eq!(&doc.tags, &vec![text.clone()]);
        }
    }
}
