//! URL slugs: lower-case ASCII words joined by `-`, with Vietnamese letters
//! folded to their base letter (`Đường` -> `duong`), and the folding used to
//! compare words without their tone marks.

use unicode_normalization::UnicodeNormalization;

/// `Đường giao thông nông thôn` -> `duong-giao-thong-nong-thon`.
///
/// Letters from other scripts are transliterated (deunicode); anything that is
/// not an ASCII letter or digit separates words. May return an empty string
/// (for example for punctuation only); callers decide what that means.
pub fn slugify(text: &str) -> String {
    let folded = fold_to_ascii(text);
    let mut out = String::with_capacity(folded.len());
    let mut pending_dash = false;
    for c in folded.chars() {
        if c.is_ascii_alphanumeric() {
            if pending_dash && !out.is_empty() {
                out.push('-');
            }
            pending_dash = false;
            out.push(c.to_ascii_lowercase());
        } else {
            pending_dash = true;
        }
    }
    out
}

/// Folds text to ASCII: Vietnamese tone marks and diacritics removed, đ/Đ to
/// d/D, other scripts transliterated.
pub fn fold_to_ascii(text: &str) -> String {
    if text.is_ascii() {
        return text.to_owned();
    }
    // Strip combining marks first so that decomposed input folds exactly like
    // precomposed input, then let deunicode handle what is left (đ, ư, ơ, CJK...).
    let stripped: String = text.nfd().filter(|c| !is_combining_mark(*c)).collect();
    deunicode::deunicode(&stripped)
}

/// Lower-case, mark-free form of a text for matching words typed with or
/// without diacritics ("dan van kheo" matches "Dân vận khéo"). The browser's
/// search script folds queries with exactly the same rule: NFD, drop
/// U+0300–U+036F, đ/Đ to d, lower case.
pub fn fold_for_search(text: &str) -> String {
    text.nfd()
        .filter(|c| !('\u{0300}'..='\u{036f}').contains(c))
        .map(|c| if c == 'đ' || c == 'Đ' { 'd' } else { c })
        .flat_map(char::to_lowercase)
        .collect()
}

/// The search tokens of a text: folded, split on every character that is
/// neither Alphabetic nor Numeric (as `/[^\p{Alphabetic}\p{N}]+/u` in the
/// browser), tokens of one character dropped.
pub fn search_tokens(text: &str) -> impl Iterator<Item = String> {
    fold_for_search(text)
        .split(|c: char| !(c.is_alphabetic() || c.is_numeric()))
        .filter(|t| t.chars().count() >= 2)
        .map(str::to_owned)
        .collect::<Vec<_>>()
        .into_iter()
}

fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}' | '\u{20d0}'..='\u{20ff}')
}

/// Whether a string is already a valid slug (non-empty `[a-z0-9]+(-[a-z0-9]+)*`).
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && !s.starts_with('-')
        && !s.ends_with('-')
        && !s.contains("--")
        && s.bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn vietnamese_examples_from_the_spec() {
        assert_eq!(
            slugify("Đường giao thông nông thôn"),
            "duong-giao-thong-nong-thon"
        );
        assert_eq!(slugify("Đảng - đoàn thể"), "dang-doan-the");
        assert_eq!(slugify("Dân vận khéo"), "dan-van-kheo");
        assert_eq!(slugify("Tổ dân vận"), "to-dan-van");
        assert_eq!(slugify("Ưu tiên Ơn nghĩa"), "uu-tien-on-nghia");
    }

    #[test]
    fn tone_marks_collide_on_purpose() {
        assert_eq!(slugify("Đồng Du"), slugify("Đông Du"));
    }

    #[test]
    fn punctuation_and_edges() {
        assert_eq!(slugify("  --Hello,   World!-- "), "hello-world");
        assert_eq!(slugify("2024: năm bản lề"), "2024-nam-ban-le");
        assert_eq!(slugify("!!!"), "");
        assert_eq!(slugify("TP. Hồ Chí Minh"), "tp-ho-chi-minh");
    }

    #[test]
    fn decomposed_input_folds_like_precomposed() {
        let nfd: String = "Đường Nguyễn Trãi".nfd().collect();
        assert_eq!(slugify(&nfd), "duong-nguyen-trai");
    }

    #[test]
    fn search_folding() {
        assert_eq!(fold_for_search("Dân vận khéo"), "dan van kheo");
        assert_eq!(fold_for_search("ĐƯỜNG"), "duong");
        assert_eq!(fold_for_search("Da\u{302}n"), "dan");
        // Other scripts keep their letters (the browser does the same).
        assert_eq!(fold_for_search("中文"), "中文");
    }

    #[test]
    fn search_tokens_split_and_drop_single_letters() {
        let t: Vec<String> = search_tokens("Lại Xá: 2,8 km đường — ở thôn").collect();
        assert_eq!(t, ["lai", "xa", "km", "duong", "thon"]);
    }

    proptest! {
        #[test]
        fn slugs_are_always_valid_or_empty(s in "\\PC{0,40}") {
            let slug = slugify(&s);
            prop_assert!(slug.is_empty() || is_slug(&slug), "{:?} -> {:?}", s, slug);
        }

        #[test]
        fn slugify_is_idempotent(s in "\\PC{0,40}") {
            let once = slugify(&s);
            prop_assert_eq!(slugify(&once), once.clone());
        }

        #[test]
        fn nfc_and_nfd_give_one_slug(s in "[a-zA-ZàáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵĐ ]{0,30}") {
            let nfd: String = s.nfd().collect();
            let nfc: String = s.nfc().collect();
            prop_assert_eq!(slugify(&nfd), slugify(&nfc));
        }

        #[test]
        fn vietnamese_letters_fold_to_ascii_letters(s in "[àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ]{1,20}") {
            let slug = slugify(&s);
            prop_assert_eq!(slug.chars().count(), s.chars().count());
            prop_assert!(slug.bytes().all(|b| b.is_ascii_lowercase()));
        }
    }
}
