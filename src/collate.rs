//! Vietnamese alphabetical order: A Ă Â B C D Đ E Ê G H I K L M N O Ô Ơ P Q
//! R S T U Ư V X Y, letters first compared without their tone marks, then
//! by tone (none, huyền, hỏi, ngã, sắc, nặng), then by case. Byte order would
//! put "Đồng" after "Z" and "Ánh" after "Yên".

use unicode_normalization::UnicodeNormalization;

/// Base letters in Vietnamese order; f, j, w, z (foreign words) at their Latin places.
const ALPHABET: [char; 33] = [
    'a', 'ă', 'â', 'b', 'c', 'd', 'đ', 'e', 'ê', 'f', 'g', 'h', 'i', 'j', 'k', 'l', 'm', 'n', 'o',
    'ô', 'ơ', 'p', 'q', 'r', 's', 't', 'u', 'ư', 'v', 'w', 'x', 'y', 'z',
];

/// Tone marks in dictionary order (no mark is 0).
fn tone_rank(mark: char) -> Option<u8> {
    match mark {
        '\u{0300}' => Some(1), // huyền
        '\u{0309}' => Some(2), // hỏi
        '\u{0303}' => Some(3), // ngã
        '\u{0301}' => Some(4), // sắc
        '\u{0323}' => Some(5), // nặng
        _ => None,
    }
}

/// A comparison key: primary (letters), secondary (tones), tertiary (case),
/// then the text itself so that different texts never compare equal.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SortKey {
    primary: Vec<u32>,
    tones: Vec<u8>,
    case: Vec<u8>,
    text: String,
}

/// The collation key of a text. Sorting many texts, compute each key once
/// (`sort_by_cached_key`) rather than comparing with [`compare`].
pub fn key(text: &str) -> SortKey {
    let mut primary = Vec::with_capacity(text.len());
    let mut tones = Vec::with_capacity(text.len());
    let mut case = Vec::with_capacity(text.len());
    let mut chars = text.nfd().peekable();
    while let Some(c) = chars.next() {
        let mut lower = c.to_lowercase();
        let mut letter = lower.next().unwrap_or(c);
        // A letter is "single" while it is one character: a lower case that
        // is two (İ) or a mark that composes with nothing ranks by its first.
        let mut single = lower.next().is_none();
        let mut tone = 0u8;
        // Fold the marks that make distinct letters (ă â ê ô ơ ư), keep tones apart.
        while let Some(&m) = chars.peek() {
            match m {
                '\u{0306}' | '\u{0302}' | '\u{031B}' => {
                    if single {
                        match unicode_normalization::char::compose(letter, m) {
                            Some(composed) => letter = composed,
                            None => single = false,
                        }
                    }
                    chars.next();
                }
                _ => match tone_rank(m) {
                    Some(t) => {
                        tone = t;
                        chars.next();
                    }
                    None if is_mark(m) => {
                        chars.next();
                    }
                    None => break,
                },
            }
        }
        primary.push(rank(letter, single));
        tones.push(tone);
        case.push(u8::from(c.is_uppercase()));
    }
    SortKey {
        primary,
        tones,
        case,
        text: text.to_owned(),
    }
}

fn is_mark(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036f}')
}

/// Rank of one letter (`single`: it is just this character): spaces and
/// punctuation first, digits, letters, then anything else.
fn rank(letter: char, single: bool) -> u32 {
    if single {
        if letter.is_whitespace() {
            return 0;
        }
        if letter.is_ascii_digit() {
            return 100 + letter as u32 - '0' as u32;
        }
        if let Some(i) = ALPHABET.iter().position(|a| *a == letter) {
            return 1000 + i as u32;
        }
    }
    if letter.is_ascii_punctuation() {
        return 10 + letter as u32;
    }
    // Other scripts after the Vietnamese alphabet, in code point order.
    10_000 + letter as u32
}

#[cfg(test)]
/// Compares two texts in Vietnamese alphabetical order.
pub(crate) fn compare(a: &str, b: &str) -> std::cmp::Ordering {
    key(a).cmp(&key(b))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::cmp::Ordering;

    fn sorted(words: &[&str]) -> Vec<String> {
        let mut v: Vec<String> = words.iter().map(|s| s.to_string()).collect();
        v.sort_by(|a, b| compare(a, b));
        v
    }

    #[test]
    fn alphabet_order_with_special_letters() {
        assert_eq!(
            sorted(&[
                "Đồng Tháp",
                "Yên Bái",
                "An Giang",
                "Ăn",
                "Âu",
                "Bắc Ninh",
                "Dương"
            ]),
            [
                "An Giang",
                "Ăn",
                "Âu",
                "Bắc Ninh",
                "Dương",
                "Đồng Tháp",
                "Yên Bái"
            ]
        );
        assert_eq!(
            sorted(&["Ơn", "Ô", "O", "Ưu", "Uy"]),
            ["O", "Ô", "Ơn", "Uy", "Ưu"]
        );
    }

    #[test]
    fn tones_come_after_letters() {
        // Letters decide first: "Đông Du" and "Đồng Du" differ only by tone, ngang first.
        assert_eq!(sorted(&["Đồng Du", "Đông Du"]), ["Đông Du", "Đồng Du"]);
        assert_eq!(
            sorted(&["mạ", "má", "mã", "mả", "mà", "ma"]),
            ["ma", "mà", "mả", "mã", "má", "mạ"]
        );
        // ...but a letter difference outweighs a tone: "bà" < "bác".
        assert_eq!(sorted(&["bác", "bà"]), ["bà", "bác"]);
    }

    #[test]
    fn case_is_last() {
        assert_eq!(compare("hà nội", "Hà Nội"), Ordering::Less);
        assert_eq!(sorted(&["Hà Nội", "hà giang"]), ["hà giang", "Hà Nội"]);
    }

    #[test]
    fn nfd_input_sorts_like_nfc() {
        let nfd: String = "Đồng".nfd().collect();
        let (a, b) = (key(&nfd), key("Đồng"));
        assert_eq!((a.primary, a.tones, a.case), (b.primary, b.tones, b.case));
    }

    /// The first, string-based implementation, kept to check the fast one.
    fn reference_key(text: &str) -> (Vec<u32>, Vec<u8>, Vec<u8>) {
        const NAMES: [&str; 33] = [
            "a", "ă", "â", "b", "c", "d", "đ", "e", "ê", "f", "g", "h", "i", "j", "k", "l", "m",
            "n", "o", "ô", "ơ", "p", "q", "r", "s", "t", "u", "ư", "v", "w", "x", "y", "z",
        ];
        let rank = |letter: &str| -> u32 {
            let first = letter.chars().next().unwrap_or(' ');
            if letter.chars().count() == 1 {
                if first.is_whitespace() {
                    return 0;
                }
                if first.is_ascii_digit() {
                    return 100 + first as u32 - '0' as u32;
                }
            }
            if let Some(i) = NAMES.iter().position(|a| *a == letter) {
                return 1000 + i as u32;
            }
            if first.is_ascii_punctuation() {
                return 10 + first as u32;
            }
            10_000 + first as u32
        };
        let (mut primary, mut tones, mut case) = (Vec::new(), Vec::new(), Vec::new());
        let mut chars = text.nfd().peekable();
        while let Some(c) = chars.next() {
            let mut letter: String = c.to_lowercase().collect();
            let mut tone = 0u8;
            while let Some(&m) = chars.peek() {
                match m {
                    '\u{0306}' | '\u{0302}' | '\u{031B}' => {
                        letter.push(m);
                        chars.next();
                    }
                    _ => match tone_rank(m) {
                        Some(t) => {
                            tone = t;
                            chars.next();
                        }
                        None if is_mark(m) => {
                            chars.next();
                        }
                        None => break,
                    },
                }
            }
            let letter: String = letter.nfc().collect();
            primary.push(rank(&letter));
            tones.push(tone);
            case.push(u8::from(c.is_uppercase()));
        }
        (primary, tones, case)
    }

    proptest! {
        #[test]
        fn fast_key_matches_the_reference(s in "(\\PC|[aăâdđeêoôơuưAĂÂĐ \u{300}-\u{36f}İ])*") {
            let k = key(&s);
            prop_assert_eq!((k.primary, k.tones, k.case), reference_key(&s));
        }

        #[test]
        fn order_is_antisymmetric(a in "\\PC{0,12}", b in "\\PC{0,12}") {
            prop_assert_eq!(compare(&a, &b), compare(&b, &a).reverse());
        }

        #[test]
        fn order_is_transitive(a in "[aăâdđeêoôơuư àáạ]{0,5}", b in "[aăâdđeêoôơuư àáạ]{0,5}", c in "[aăâdđeêoôơuư àáạ]{0,5}") {
            let mut v = [a, b, c];
            v.sort_by(|x, y| compare(x, y));
            prop_assert!(compare(&v[0], &v[1]) != Ordering::Greater);
            prop_assert!(compare(&v[1], &v[2]) != Ordering::Greater);
            prop_assert!(compare(&v[0], &v[2]) != Ordering::Greater);
        }
    }
}
