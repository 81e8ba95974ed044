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
pub(crate) fn fold_to_ascii(text: &str) -> String {
    if text.is_ascii() {
        return text.to_owned();
    }
    // Strip combining marks first so that decomposed input folds exactly like
    // precomposed input, then let deunicode handle what is left (đ, ư, ơ, CJK...).
    let stripped: String = text.nfd().filter(|c| !is_combining_mark(*c)).collect();
    deunicode::deunicode(&stripped)
}

#[cfg(test)]
/// Lower-case, mark-free form of a text for matching words typed with or
/// without diacritics ("dan van kheo" matches "Dân vận khéo"). The browser's
/// search script folds queries with exactly the same rule: NFD, drop
/// U+0300–U+036F, đ/Đ to d, lower case.
pub(crate) fn fold_for_search(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    fold_for_search_into(text, &mut out);
    out
}

/// Appends the folded form of `text` to `out` (see [`fold_for_search`]).
///
/// Latin text (ASCII, Latin-1, Latin Extended, Vietnamese) is folded one
/// character at a time: its decompositions are a base letter plus marks from
/// U+0300–U+036F, all dropped, so canonical reordering cannot change the
/// result. Text with any other non-ASCII letter takes the full NFD path.
pub(crate) fn fold_for_search_into(text: &str, out: &mut String) {
    if text.chars().all(folds_per_char) {
        for c in text.chars() {
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else {
                unicode_normalization::char::decompose_canonical(c, |d| push_folded(d, out));
            }
        }
    } else {
        for c in text.nfd() {
            push_folded(c, out);
        }
    }
}

/// Blocks whose canonical decompositions hold no combining mark outside
/// U+0300–U+036F: Latin, Vietnamese, and the punctuation editors type
/// (dashes, curly quotes, ellipsis, currency signs).
fn folds_per_char(c: char) -> bool {
    matches!(c, '\0'..='\u{24f}' | '\u{300}'..='\u{36f}' | '\u{1e00}'..='\u{1eff}' | '\u{2000}'..='\u{20cf}')
}

fn push_folded(c: char, out: &mut String) {
    match c {
        '\u{300}'..='\u{36f}' => {}
        'đ' | 'Đ' => out.push('d'),
        c if c.is_ascii() => out.push(c.to_ascii_lowercase()),
        c => out.extend(c.to_lowercase()),
    }
}

/// The search words of a text, in order: each maximal run of characters
/// that are Alphabetic or Numeric (as `/[\p{Alphabetic}\p{N}]+/u` in the
/// browser), given to `f` as its lower-case form with accents kept
/// (`đường`, each character lower-cased alone) and the folded form of that
/// ([`fold_for_search`]: `duong`). Words
/// whose folded form has fewer than two characters are skipped (`ở`, `a`),
/// except a single digit: documents are numbered `5-CT/TW`, teams `Tổ 3`.
///
/// `text` should be in NFC (kheo normalises every file it loads; the
/// browser normalises queries): in NFD, a letter and its accent would be
/// two runs. The browser's `search.js` splits and folds with exactly these
/// rules; a property test in `search` checks that the two agree.
pub fn search_words(text: &str, mut f: impl FnMut(&str, &str)) {
    let mut exact = String::new();
    let mut folded = String::new();
    let mut start = None;
    for (i, c) in text
        .char_indices()
        .chain(std::iter::once((text.len(), ' ')))
    {
        let inside = i < text.len() && c.is_alphanumeric();
        match (inside, start) {
            (true, None) => start = Some(i),
            (false, Some(s)) => {
                start = None;
                let run = &text[s..i];
                if run.is_ascii() {
                    if run.len() < 2 && !run.as_bytes()[0].is_ascii_digit() {
                        continue;
                    }
                    exact.clear();
                    exact.extend(run.chars().map(|c| c.to_ascii_lowercase()));
                    f(&exact, &exact);
                    continue;
                }
                exact.clear();
                for c in run.chars() {
                    exact.extend(c.to_lowercase());
                }
                folded.clear();
                fold_for_search_into(&exact, &mut folded);
                // As for an ASCII run: one character is not a word unless
                // it is a digit (`4` with a combining mark folds to `4`).
                if folded.chars().nth(1).is_none()
                    && !(folded.len() == 1 && folded.as_bytes()[0].is_ascii_digit())
                {
                    continue;
                }
                f(&exact, &folded);
            }
            _ => {}
        }
    }
}

#[cfg(test)]
/// The folded search words of a text (see [`search_words`]).
pub(crate) fn search_tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    search_words(text, |_, folded| out.push(folded.to_owned()));
    out
}

fn is_combining_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}' | '\u{20d0}'..='\u{20ff}')
}

/// Whether a string is already a valid slug (non-empty `[a-z0-9]+(-[a-z0-9]+)*`).
pub(crate) fn is_slug(s: &str) -> bool {
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
        let t = search_tokens("Lại Xá: 2,8 km đường — ở thôn a");
        assert_eq!(t, ["lai", "xa", "2", "8", "km", "duong", "thon"]);
        // A single digit is a word (document numbers, team numbers); other
        // one-character runs are not, whatever their script.
        assert_eq!(search_tokens("5-CT/TW ² ٣ ở"), ["5", "ct", "tw"]);
        // A digit with a combining mark folds to the digit, as in search.js.
        assert_eq!(search_tokens("4\u{36e} ư\u{301}"), ["4"]);
        let mut pairs = Vec::new();
        search_words("ĐƯỜNG Dương duong 80-HD/BDVTW", |e, f| {
            pairs.push((e.to_owned(), f.to_owned()))
        });
        let expected = [
            ("đường", "duong"),
            ("dương", "duong"),
            ("duong", "duong"),
            ("80", "80"),
            ("hd", "hd"),
            ("bdvtw", "bdvtw"),
        ];
        assert_eq!(pairs, expected.map(|(e, f)| (e.to_owned(), f.to_owned())));
    }

    /// Why the fast path is exact: in its blocks, every character that
    /// canonical ordering could move is a mark the folding drops anyway.
    #[test]
    fn fast_path_blocks_only_decompose_to_droppable_marks() {
        use unicode_normalization::char::{canonical_combining_class, decompose_canonical};
        for c in (0..=0x20cf)
            .filter_map(char::from_u32)
            .filter(|c| folds_per_char(*c))
        {
            decompose_canonical(c, |d| {
                let movable = canonical_combining_class(d) != 0;
                assert!(
                    !movable || ('\u{300}'..='\u{36f}').contains(&d),
                    "{c:?} -> {d:?}"
                );
            });
        }
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

        /// The per-character fast path agrees with the plain rule the browser
        /// uses (NFD of the whole text, marks dropped, đ to d, lower case).
        #[test]
        fn fast_folding_matches_whole_text_nfd(s in "(\\PC|[\u{0}-\u{24f}\u{300}-\u{36f}\u{1e00}-\u{1eff}\u{2000}-\u{20cf}]){0,40}") {
            let reference: String = s
                .nfd()
                .filter(|c| !('\u{0300}'..='\u{036f}').contains(c))
                .map(|c| if c == 'đ' || c == 'Đ' { 'd' } else { c })
                .flat_map(char::to_lowercase)
                .collect();
            prop_assert_eq!(fold_for_search(&s), reference);
        }

        #[test]
        fn tokens_have_two_characters_or_are_a_digit(s in "\\PC{0,40}") {
            let mut n = 0;
            search_words(&s, |exact, folded| {
                n += 1;
                let one_digit = folded.len() == 1 && folded.as_bytes()[0].is_ascii_digit();
                assert!(folded.chars().count() >= 2 || one_digit, "{folded:?}");
                assert_eq!(fold_for_search(exact), folded);
            });
            prop_assert!(n <= s.chars().count() / 2 + 1);
        }
    }
}
