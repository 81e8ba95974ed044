//! Document numbers as editors write them (SPEC §1.7): the fixed bilingual
//! list of kinds of documents, the key a number is known by, and the
//! citations of numbers found in a text. Plain text rules, below every
//! stage: `load` finds an article's citations with them, `markdown` links
//! them, `model::documents` checks and lists the documents by them.

/// A kind of document (loại văn bản), in both languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct DocKind {
    pub(crate) vi: &'static str,
    pub(crate) en: &'static str,
    /// URL segment in Vietnamese pages: `huong-dan`.
    pub(crate) slug_vi: &'static str,
    /// URL segment in other languages: `guidance`.
    pub(crate) slug_en: &'static str,
}

const fn kind(
    vi: &'static str,
    en: &'static str,
    slug_vi: &'static str,
    slug_en: &'static str,
) -> DocKind {
    DocKind {
        vi,
        en,
        slug_vi,
        slug_en,
    }
}

/// Every kind a document may have, in the order lists show them.
pub(crate) const KINDS: [DocKind; 21] = [
    kind("Nghị quyết", "Resolution", "nghi-quyet", "resolutions"),
    kind("Chỉ thị", "Directive", "chi-thi", "directives"),
    kind("Kết luận", "Conclusion", "ket-luan", "conclusions"),
    kind("Quy định", "Regulation", "quy-dinh", "regulations"),
    kind("Quy chế", "Rules", "quy-che", "rules"),
    kind("Hướng dẫn", "Guidance", "huong-dan", "guidance"),
    kind("Quyết định", "Decision", "quyet-dinh", "decisions"),
    kind(
        "Thông báo kết luận",
        "Concluding notice",
        "thong-bao-ket-luan",
        "concluding-notices",
    ),
    kind("Thông báo", "Notice", "thong-bao", "notices"),
    kind("Thông tri", "Circular", "thong-tri", "circulars"),
    kind("Chương trình", "Programme", "chuong-trinh", "programmes"),
    kind("Kế hoạch", "Plan", "ke-hoach", "plans"),
    kind("Đề án", "Scheme", "de-an", "schemes"),
    kind("Báo cáo", "Report", "bao-cao", "reports"),
    kind("Tờ trình", "Submission", "to-trinh", "submissions"),
    kind(
        "Công văn",
        "Official letter",
        "cong-van",
        "official-letters",
    ),
    kind("Luật", "Law", "luat", "laws"),
    kind("Pháp lệnh", "Ordinance", "phap-lenh", "ordinances"),
    kind("Nghị định", "Decree", "nghi-dinh", "decrees"),
    kind(
        "Thông tư",
        "Ministerial circular",
        "thong-tu",
        "ministerial-circulars",
    ),
    kind("Văn bản khác", "Other document", "van-ban-khac", "other"),
];

/// The kind named `name` in either language (or by its URL segment), any case.
pub(crate) fn kind_by_name(name: &str) -> Option<usize> {
    let wanted = fold_case(name.trim());
    KINDS.iter().position(|k| {
        fold_case(k.vi) == wanted
            || fold_case(k.en) == wanted
            || k.slug_vi == wanted
            || k.slug_en == wanted
    })
}

fn fold_case(s: &str) -> String {
    s.split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The key two spellings of one number share: upper case, without spaces
/// (`80-hd/bdvtw` and `80-HD/BDVTW` are one document).
pub(crate) fn number_key(number: &str) -> String {
    number
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c == '–' { '-' } else { c })
        .flat_map(char::to_uppercase)
        .collect()
}

/// Whether a written number has the shape of a document number: it starts
/// with digits followed by `-` or `/`, holds a `/` and a letter.
pub(crate) fn is_number(number: &str) -> bool {
    scan_number(number, 0) == Some(number.len())
}

/// A document number cited in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Citation {
    /// Byte range of what becomes the link: the kind and `số` before the
    /// number when written (`Hướng dẫn số 80-HD/BDVTW`), else the number.
    pub(crate) start: usize,
    pub(crate) end: usize,
    /// Byte offset of the number itself.
    pub(crate) number_start: usize,
    /// [`number_key`] of the number.
    pub(crate) key: String,
}

fn is_code_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == 'Đ' || c == 'đ'
}

/// The end of a document number starting at byte `start` of `text`, if one does.
/// Editors sometimes space the first dash (`28 –CT/TU`, `23- QĐ/TW`): a
/// space and an en dash there are taken when a capital letter follows.
fn scan_number(text: &str, start: usize) -> Option<usize> {
    let rest = &text[start..];
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    if digits == 0 {
        return None;
    }
    // Where the segments after the digits start, and the separator before them.
    let (mut pos, first_sep) = match spaced_dash(&rest[digits..]) {
        Some(len) => (digits + len, '-'),
        None => match rest[digits..].chars().next() {
            Some(c @ ('-' | '/')) => (digits + 1, c),
            _ => return None,
        },
    };
    let mut end = digits;
    let mut has_slash = first_sep == '/';
    let mut has_upper = false;
    let mut pending_sep = Some(first_sep);
    let mut segments = 0;
    while let Some(c) = rest[pos..].chars().next() {
        if c == '-' || c == '/' {
            if pending_sep.is_some() {
                break;
            }
            pending_sep = Some(c);
            pos += 1;
            continue;
        }
        if !is_code_char(c) {
            break;
        }
        if let Some(sep) = pending_sep.take() {
            has_slash |= sep == '/';
            segments += 1;
        }
        has_upper |= c.is_ascii_uppercase() || c == 'Đ';
        pos += c.len_utf8();
        end = pos;
    }
    // A letter right after the number (a word going on) is not a number's end.
    let after = text[start + end..].chars().next();
    if after.is_some_and(char::is_alphanumeric) {
        return None;
    }
    (segments > 0 && has_slash && has_upper).then_some(end)
}

/// The byte length of a spaced or en dash after a number's digits (` –`,
/// `- `, ` - `, `–`), when a capital letter follows it.
fn spaced_dash(after: &str) -> Option<usize> {
    let lead = after.len() - after.trim_start_matches(' ').len();
    let rest = &after[lead..];
    let dash = rest.chars().next().filter(|c| matches!(c, '-' | '–'))?;
    let tail = &rest[dash.len_utf8()..];
    let gap = tail.len() - tail.trim_start_matches(' ').len();
    if (lead == 0 && gap == 0 && dash == '-') || lead > 1 || gap > 1 {
        return None;
    }
    let next = tail[gap..].chars().next()?;
    (next.is_ascii_uppercase() || next == 'Đ').then_some(lead + dash.len_utf8() + gap)
}

/// Every document number cited in `text`, with the kind and `số` written
/// before it included in the citation.
pub(crate) fn citations(text: &str) -> Vec<Citation> {
    let mut found = Vec::new();
    if !text.contains('/') {
        return found;
    }
    let mut i = 0;
    let mut prev: Option<char> = None;
    while i < text.len() {
        let Some(c) = text[i..].chars().next() else {
            break;
        };
        // Whether a word starts here is asked only at a digit: asked of
        // every letter, `is_alphanumeric` on Vietnamese letters made this
        // scan of every body a large share of the model's time at 10,000 articles.
        let starts_word =
            || !prev.is_some_and(|p| p.is_alphanumeric() || matches!(p, '-' | '/' | '.' | ','));
        if c.is_ascii_digit()
            && starts_word()
            && let Some(end) = scan_number(text, i)
        {
            let start = lead_in(&text[..i]).map_or(i, |lead| i - lead);
            found.push(Citation {
                start,
                end: i + end,
                number_start: i,
                key: number_key(&text[i..i + end]),
            });
            prev = text[..i + end].chars().next_back();
            i += end;
            continue;
        }
        prev = Some(c);
        i += c.len_utf8();
    }
    found
}

/// The length in bytes of a kind (`Hướng dẫn `) and/or `số ` written just
/// before a number (`before` ends where the number starts).
fn lead_in(before: &str) -> Option<usize> {
    let trimmed = before.trim_end_matches(' ');
    if trimmed.len() == before.len() {
        return None;
    }
    let mut start = None;
    let mut rest = trimmed;
    if let Some(at) = ends_with_word(rest, "số") {
        start = Some(at);
        rest = rest[..at].trim_end_matches(' ');
        if rest.len() == at {
            return Some(before.len() - at);
        }
    }
    // The longest kind written there (`Thông báo kết luận`, not `Kết luận`).
    if let Some(at) = KINDS
        .iter()
        .filter_map(|k| ends_with_word(rest, k.vi))
        .min()
    {
        start = Some(at);
    }
    start.map(|at| before.len() - at)
}

/// Where `word` starts when `s` ends with it (any case) as a whole word.
fn ends_with_word(s: &str, word: &str) -> Option<usize> {
    let n = word.chars().count();
    let (at, _) = s.char_indices().rev().nth(n.checked_sub(1)?)?;
    let tail = &s[at..];
    if tail.to_lowercase() != word.to_lowercase() {
        return None;
    }
    let word_start = s[..at]
        .chars()
        .next_back()
        .is_none_or(|c| !c.is_alphanumeric());
    word_start.then_some(at)
}

/// The issuer, year and kind words of a language's document URLs:
/// `van-ban/co-quan/…`, `en/documents/issuer/…`.
pub(crate) fn sub_segments(lang_code: &str) -> (&'static str, &'static str) {
    if lang_code == "vi" {
        ("co-quan", "nam")
    } else {
        ("issuer", "year")
    }
}

/// The URL segment of a kind in a language.
pub(crate) fn kind_slug(kind: usize, lang_code: &str) -> &'static str {
    if lang_code == "vi" {
        KINDS[kind].slug_vi
    } else {
        KINDS[kind].slug_en
    }
}

/// The name of a kind in a language.
pub(crate) fn kind_name(kind: usize, lang_code: &str) -> &'static str {
    if lang_code == "vi" {
        KINDS[kind].vi
    } else {
        KINDS[kind].en
    }
}

/// Line, column and line text of a byte offset of a body starting at `body_line`.
pub(crate) fn position(body: &str, offset: usize, body_line: usize) -> (usize, usize, String) {
    let mut offset = offset.min(body.len());
    while !body.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &body[..offset];
    let line = body_line + before.matches('\n').count();
    let start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = body[start..offset].chars().count() + 1;
    let text = body[start..].lines().next().unwrap_or("").to_owned();
    (line, column, text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cited(text: &str) -> Vec<(&str, String)> {
        citations(text)
            .into_iter()
            .map(|c| (&text[c.start..c.end], c.key))
            .collect()
    }

    #[test]
    fn numbers_as_editors_write_them() {
        assert!(is_number("80-HD/BDVTW"));
        assert!(is_number("1581-TB/TU"));
        assert!(is_number("42/2022/NĐ-CP"));
        assert!(is_number("1234/QĐ-TTg"));
        assert!(!is_number("2012-03-01"));
        assert!(!is_number("28/2/2012"));
        assert!(!is_number("50-km/h"));
        assert!(!is_number("5G/4G"));
        assert!(!is_number("HD/80"));
        assert!(!is_number("80-/HD"));
        assert!(is_number("28 –CT/TU"));
        assert_eq!(number_key("28 –CT/TU"), "28-CT/TU");
        assert_eq!(number_key("80-hd/bdvtw"), "80-HD/BDVTW");
        assert_eq!(number_key(" 42/2022/nđ-cp"), "42/2022/NĐ-CP");
    }

    #[test]
    fn citations_take_the_kind_and_so_before_them() {
        assert_eq!(
            cited("Thực hiện Hướng dẫn số 80-HD/BDVTW ngày 28/2/2012 của Ban"),
            vec![("Hướng dẫn số 80-HD/BDVTW", "80-HD/BDVTW".to_owned())]
        );
        assert_eq!(
            cited("theo Thông báo kết luận số 1581-TB/TU, tỉnh"),
            vec![("Thông báo kết luận số 1581-TB/TU", "1581-TB/TU".to_owned())]
        );
        assert_eq!(
            cited("Nghị quyết 18-NQ/TW và số 865-TB/TU."),
            vec![
                ("Nghị quyết 18-NQ/TW", "18-NQ/TW".to_owned()),
                ("số 865-TB/TU", "865-TB/TU".to_owned())
            ]
        );
        assert_eq!(
            cited("(80-HD/BDVTW)"),
            vec![("80-HD/BDVTW", "80-HD/BDVTW".to_owned())]
        );
        // Not numbers: dates, fractions, units, parts of words or paths.
        assert!(cited("ngày 28/2/2012, 1/2 diện tích, 50-km/h").is_empty());
        assert!(cited("xem a80-HD/BDVTW hoặc /80-HD/BDVTW").is_empty());
        // Spaced dashes as editors type them; a range of years is no number.
        assert_eq!(
            cited("Chỉ thị số 28 –CT/TU và Quyết định số 23- QĐ/TW"),
            vec![
                ("Chỉ thị số 28 –CT/TU", "28-CT/TU".to_owned()),
                ("Quyết định số 23- QĐ/TW", "23-QĐ/TW".to_owned())
            ]
        );
        assert!(cited("giai đoạn 2024 - 2030/năm").is_empty());
        // "Bài số 3" has no number after it; the kind must end at a word.
        assert_eq!(
            cited("Bài viết số 12-BC/BDV"),
            vec![("số 12-BC/BDV", "12-BC/BDV".to_owned())]
        );
    }

    #[test]
    fn kinds_by_either_name() {
        assert_eq!(kind_by_name("hướng dẫn"), Some(5));
        assert_eq!(kind_by_name("Guidance"), Some(5));
        assert_eq!(kind_by_name("Thông  báo"), Some(8));
        assert_eq!(kind_by_name("Thư"), None);
        for k in KINDS {
            assert_eq!(crate::slug::slugify(k.vi), k.slug_vi);
            assert!(crate::slug::is_slug(k.slug_en));
        }
    }

    proptest::proptest! {
        /// Any text: citations are in order, on char boundaries, and hold a number.
        #[test]
        fn citations_never_panic(text in "[ a-zA-Zđốố0-9/\\-.,]{0,60}") {
            let mut last = 0;
            for c in citations(&text) {
                proptest::prop_assert!(c.start >= last && c.start <= c.number_start && c.number_start < c.end);
                proptest::prop_assert!(is_number(&text[c.number_start..c.end]));
                last = c.end;
            }
        }
    }
}
