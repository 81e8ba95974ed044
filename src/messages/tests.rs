use std::collections::{BTreeMap, BTreeSet};

use super::*;

fn parsed(text: &str) -> BTreeMap<String, String> {
    serde_saphyr::from_str(text).unwrap()
}

fn placeholders(template: &str) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    let mut rest = template;
    while let Some(i) = rest.find('{') {
        rest = &rest[i + 1..];
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        if end > 0 && rest[end..].starts_with('}') {
            out.insert(rest[..end].to_owned());
        }
    }
    out
}

/// A plural's `.one` is optional (Vietnamese has none); every other key is
/// in both files, with the same `{names}`.
#[test]
fn both_languages_have_every_message_with_the_same_values() {
    let en = parsed(EN);
    let vi = parsed(VI);
    assert!(en.len() > 50, "{}", en.len());
    let base = |m: &BTreeMap<String, String>| -> BTreeSet<String> {
        m.keys().filter(|k| !k.ends_with(".one")).cloned().collect()
    };
    assert_eq!(base(&en), base(&vi));
    for (key, text) in &vi {
        if let Some(english) = en.get(key) {
            assert_eq!(placeholders(english), placeholders(text), "{key}");
            // Only a line of values alone reads the same in both.
            if !["check.done", "warnings-suffix"].contains(&key.as_str()) {
                assert_ne!(english, text, "{key} is not translated");
            }
        } else {
            panic!("{key} is only in vi.yaml");
        }
    }
    for (key, text) in &en {
        if let Some(other) = key.strip_suffix(".one") {
            assert!(en.contains_key(&format!("{other}.other")), "{key}");
            assert!(!text.is_empty());
        }
    }
}

/// Every `msg!("key")` and `plural!("key", n)` in the source names a
/// message of en.yaml (a missing one would print its key).
#[test]
fn every_key_the_code_uses_exists() {
    let en = parsed(EN);
    let mut missing = Vec::new();
    let mut seen = 0;
    let mut stack = vec![std::path::PathBuf::from(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/src"
    ))];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs")
                || path.parent().is_some_and(|p| p.ends_with("messages"))
            {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap();
            for (macro_name, plural) in [("msg!(", false), ("plural!(", true)] {
                for (i, _) in text.match_indices(macro_name) {
                    let rest = text[i + macro_name.len()..].trim_start();
                    let Some(rest) = rest.strip_prefix('"') else {
                        continue;
                    };
                    let key = &rest[..rest.find('"').unwrap()];
                    seen += 1;
                    let found = if plural {
                        en.contains_key(&format!("{key}.other"))
                    } else {
                        en.contains_key(key)
                    };
                    if !found {
                        missing.push(format!("{}: {key}", path.display()));
                    }
                }
            }
        }
    }
    assert!(seen > 60, "{seen}");
    assert!(missing.is_empty(), "{missing:#?}");
}

#[test]
fn values_are_filled_in_and_plurals_chosen() {
    let n = 3;
    assert_eq!(
        text_in(Lang::En, "yaml.unclosed", &[("open", &'[')]),
        "the `[` opened on this line is not closed"
    );
    assert_eq!(
        text_in(Lang::Vi, "yaml.unclosed", &[("open", &'[')]),
        "dấu `[` mở ở dòng này chưa được đóng"
    );
    assert_eq!(plural_in(Lang::En, "n-errors", 1, &[]), "1 error");
    assert_eq!(plural_in(Lang::En, "n-errors", n, &[]), "3 errors");
    assert_eq!(plural_in(Lang::Vi, "n-errors", 1, &[]), "1 lỗi");
    // Braces that name no value stay as written.
    assert!(text_in(Lang::En, "yaml.want.map", &[]).contains("`{...}`"));
    assert_eq!(text_in(Lang::Vi, "no.such.key", &[]), "no.such.key");
}

#[test]
fn the_language_is_the_one_asked_then_the_site_then_the_system() {
    let sys = |v: &str| vec![None, None, Some(v.to_owned())];
    // --lang wins over everything, KHEO_LANG over the site.
    assert_eq!(
        resolve(Some("en"), Some("vi"), Some("vi"), &sys("vi_VN")),
        Lang::En
    );
    assert_eq!(resolve(None, Some("en"), Some("vi"), &sys("vi")), Lang::En);
    assert_eq!(
        resolve(None, Some("vi_VN.UTF-8"), Some("en"), &[]),
        Lang::Vi
    );
    // An unknown value is passed over.
    assert_eq!(resolve(Some("fr"), None, Some("vi"), &[]), Lang::Vi);
    // The site's first language; another language than vi and en: English.
    assert_eq!(
        resolve(None, None, Some("vi"), &sys("en_US.UTF-8")),
        Lang::Vi
    );
    assert_eq!(resolve(None, None, Some("en"), &sys("vi_VN")), Lang::En);
    assert_eq!(resolve(None, None, Some("km"), &[]), Lang::En);
    // No site: the system's language if English, else Vietnamese.
    assert_eq!(resolve(None, None, None, &sys("en_GB.UTF-8")), Lang::En);
    assert_eq!(resolve(None, None, None, &sys("C.UTF-8")), Lang::Vi);
    assert_eq!(resolve(None, None, None, &[None, None, None]), Lang::Vi);
    // LC_ALL comes before LANG.
    assert_eq!(
        resolve(
            None,
            None,
            None,
            &[Some("en_US".into()), None, Some("vi_VN".into())]
        ),
        Lang::En
    );
}

#[test]
fn the_first_language_is_read_from_its_line_alone() {
    assert_eq!(
        first_language_in("title: x\nlanguages: [vi, en]\n").as_deref(),
        Some("vi")
    );
    assert_eq!(
        first_language_in("languages:\n  # first\n  - en\n  - vi\n").as_deref(),
        Some("en")
    );
    assert_eq!(
        first_language_in("\tbroken: [\nlanguages: en # only\n").as_deref(),
        Some("en")
    );
    assert_eq!(first_language_in("title: x\n"), None);
    assert_eq!(first_language_in("languages_x: [vi]\n"), None);
}

#[test]
fn scoped_language_is_this_threads_alone() {
    assert_eq!(current(), Lang::En);
    scoped(Lang::Vi, || {
        assert_eq!(current(), Lang::Vi);
        let other = std::thread::spawn(current).join().unwrap();
        assert_eq!(other, Lang::En);
    });
    assert_eq!(current(), Lang::En);
}

/// The string literals of the call that opens just before `start` (up to its
/// closing parenthesis), each with whether it is the key of a `msg!` or
/// `plural!`.
fn call_literals(text: &str, start: usize) -> Vec<(String, bool)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut depth = 1;
    let mut i = start;
    while i < bytes.len() && depth > 0 {
        match bytes[i] {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth -= 1,
            b'\'' => {
                // A char literal ('"', '\\', 'x'), not a lifetime.
                if bytes.get(i + 1) == Some(&b'\\') {
                    i += 2;
                    while i < bytes.len() && bytes[i] != b'\'' {
                        i += 1;
                    }
                } else if let Some(len) = text[i + 1..].chars().next().map(char::len_utf8)
                    && bytes.get(i + 1 + len) == Some(&b'\'')
                {
                    i += 1 + len;
                }
            }
            b'"' => {
                let before = text[..i].trim_end();
                let is_key = before.ends_with("msg!(") || before.ends_with("plural!(");
                let mut j = i + 1;
                let mut literal = String::new();
                while j < bytes.len() && bytes[j] != b'"' {
                    if bytes[j] == b'\\' {
                        j += 1;
                    }
                    let c = text[j..].chars().next().unwrap();
                    literal.push(c);
                    j += c.len_utf8();
                }
                out.push((literal, is_key));
                i = j;
            }
            _ => {}
        }
        i += 1;
    }
    out
}

/// Two English-looking words side by side: `is not`, `the title`.
fn has_english_words(literal: &str) -> bool {
    let word = |w: &str| w.len() >= 2 && w.bytes().all(|b| b.is_ascii_alphabetic());
    let words: Vec<&str> = literal.split(' ').collect();
    words.windows(2).any(|pair| word(pair[0]) && word(pair[1]))
}

/// In the files converted to message keys (loading, site.yaml, new sites
/// and files, the commands), no diagnostic, hint or usage error is written
/// as an English sentence in the code: it would not be said in Vietnamese.
#[test]
fn converted_files_say_nothing_in_english_in_the_code() {
    let src = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src"));
    let mut files = Vec::new();
    for dir in ["load", "config", "scaffold", "cmd"] {
        for entry in std::fs::read_dir(src.join(dir)).unwrap() {
            files.push(entry.unwrap().path());
        }
    }
    for file in [
        "files.rs",
        "limits.rs",
        "safety.rs",
        "text.rs",
        "portable.rs",
        "locale.rs",
        "lib.rs",
        "theme.rs",
    ] {
        files.push(src.join(file));
    }
    let calls = [
        "Diagnostic::error(",
        "Diagnostic::warning(",
        ".with_hint(",
        ".error_at(",
        "chk.error(",
        "src.error(",
        "NewError::Usage(",
        "usage(",
        "output_error(",
        "not_followed(",
    ];
    let mut english = Vec::new();
    let mut checked = 0;
    for path in files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
    {
        let whole = std::fs::read_to_string(path).unwrap();
        // Tests may say what they like.
        let text = whole.split("#[cfg(test)]\nmod tests").next().unwrap();
        for call in calls {
            for (at, _) in text.match_indices(call) {
                checked += 1;
                for (literal, is_key) in call_literals(text, at + call.len()) {
                    if !is_key && has_english_words(&literal) {
                        english.push(format!(
                            "{}: {call}\"{literal}\"",
                            path.strip_prefix(src).unwrap().display()
                        ));
                    }
                }
            }
        }
    }
    assert!(checked > 150, "{checked}");
    assert!(english.is_empty(), "{english:#?}");
}

#[test]
fn the_english_detector_sees_sentences_not_keys_or_paths() {
    assert!(has_english_words("the title is empty"));
    assert!(!has_english_words("content/site.yaml"));
    assert!(!has_english_words("--base-url"));
    assert!(!has_english_words("tiêu đề trống"));
    let text = "x.with_hint(crate::msg!(\"a.b\", c = '\"', d = \"is not\")); y(\"out side\")";
    let start = text.find('(').unwrap() + 1;
    assert_eq!(
        call_literals(text, start),
        vec![("a.b".to_owned(), true), ("is not".to_owned(), false)]
    );
}

/// The string literals given to `call`s in `code` (an argument list up to
/// its closing parenthesis), leaving out those inside `msg!`/`plural!`.
fn literal_arguments(code: &str, call: &str) -> Vec<String> {
    let bytes = code.as_bytes();
    let mut out = Vec::new();
    for (start, _) in code.match_indices(call) {
        let mut i = start + call.len();
        let mut depth = 1;
        let mut skip_depth: Option<usize> = None;
        while i < bytes.len() && depth > 0 {
            let rest = &code[i..];
            if skip_depth.is_none() && (rest.starts_with("msg!(") || rest.starts_with("plural!(")) {
                skip_depth = Some(depth);
                i += rest.find('(').unwrap_or(0) + 1;
                depth += 1;
                continue;
            }
            match bytes[i] {
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' => {
                    depth -= 1;
                    if skip_depth == Some(depth) {
                        skip_depth = None;
                    }
                }
                b'\'' if bytes.get(i + 2) == Some(&b'\'') => i += 2,
                b'\'' if bytes.get(i + 1) == Some(&b'\\') => {
                    i += rest[2..].find('\'').map_or(0, |n| n + 2);
                }
                b'"' => {
                    let mut j = i + 1;
                    while j < bytes.len() && bytes[j] != b'"' {
                        j += if bytes[j] == b'\\' { 2 } else { 1 };
                    }
                    if skip_depth.is_none() {
                        out.push(code[i + 1..j.min(code.len())].to_owned());
                    }
                    i = j;
                }
                _ => {}
            }
            i += 1;
        }
    }
    out
}

/// Whether a literal reads as English words (two words of two letters or
/// more), not a path, a code or a format of values alone.
fn reads_as_english(literal: &str) -> bool {
    let words: Vec<&str> = literal
        .split(|c: char| !c.is_ascii_alphabetic() && c != '\'')
        .filter(|w| w.len() >= 2)
        .collect();
    words.len() >= 2 && literal.contains(' ')
}

/// Every diagnostic, hint and refusal of the model, Markdown, render,
/// import, serve and check code takes its words from the message files:
/// a new one written in English in the code fails here.
#[test]
fn model_markdown_render_import_serve_and_check_speak_through_the_message_files() {
    let src = std::path::Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/src"));
    let calls = [
        "Diagnostic::error(",
        "Diagnostic::warning(",
        ".with_hint(",
        ".error_at(",
        ".warning_at(",
        "Resolution::Missing(",
        "Resolution::Broken(",
        "Err(format!(",
        "Usage(format!(",
        "Place::Gone(",
        "warnings.push(",
        "notes.push(",
        "ignored.push(",
        "failure = Some(",
        "self.error(",
        "tera::Error::message(",
        "message = format!(",
        "hint = format!(",
        "why = format!(",
        "msg = format!(",
    ];
    // What no user reaches: a template's language is always one of the site's.
    let allowed = ["render/templates.rs: tera::Error::message( \"no language\""];
    // Parts of these folders other work owns (search).
    let not_here = [
        "render/documents.rs",
        "render/search.rs",
        "markdown/tests.rs",
    ];
    let mut files = vec![src.join("markdown.rs"), src.join("write.rs")];
    let mut stack: Vec<std::path::PathBuf> = [
        "model", "markdown", "render", "import", "serve", "check", "images",
    ]
    .iter()
    .map(|d| src.join(d))
    .collect();
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    let mut english = Vec::new();
    let mut scanned = 0;
    for path in files {
        let rel = path
            .strip_prefix(src)
            .unwrap()
            .to_string_lossy()
            .replace('\\', "/");
        if not_here.contains(&rel.as_str()) || rel.ends_with("tests.rs") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        // Unit tests at the end of the file may say what they like.
        let code = text.split("\nmod tests {").next().unwrap_or(&text);
        scanned += 1;
        for call in calls {
            for literal in literal_arguments(code, call) {
                let found = format!("{rel}: {call} \"{literal}\"");
                if reads_as_english(&literal) && !allowed.contains(&found.as_str()) {
                    english.push(found);
                }
            }
        }
    }
    assert!(scanned > 40, "{scanned}");
    assert!(english.is_empty(), "{english:#?}");
}

#[test]
fn the_scan_finds_english_outside_the_message_macros() {
    let code = r#"Diagnostic::error(f, 1, 1, format!("the tag `{t}` is bad")).with_hint(crate::msg!("x.hint", a = "two words"))"#;
    assert_eq!(
        literal_arguments(code, "Diagnostic::error("),
        ["the tag `{t}` is bad"]
    );
    assert!(literal_arguments(code, ".with_hint(").is_empty());
    assert!(reads_as_english("the tag `{t}` is bad"));
    assert!(!reads_as_english("content/{}"));
    assert!(!reads_as_english("{}{}"));
}
