//! Decoding of the text files editors write: UTF-8 only, an optional BOM,
//! CRLF or LF line ends, and Unicode NFC so that a file saved with decomposed
//! Vietnamese (common from macOS) gives the same slugs, tags and search hits
//! as a precomposed one. It also finds the characters no page or feed may
//! hold (control characters, noncharacters), so they are reported where they
//! were written instead of breaking the output.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Where a file stops being valid UTF-8 (1-based line and column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct InvalidUtf8 {
    pub(crate) line: usize,
    pub(crate) column: usize,
}

/// Decodes a file's bytes into normalised text: BOM removed, `\r\n` and lone
/// `\r` turned into `\n`, and the whole text in NFC.
pub(crate) fn decode(bytes: Vec<u8>) -> Result<String, InvalidUtf8> {
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            // The prefix is valid UTF-8 by construction.
            let prefix = String::from_utf8_lossy(valid);
            let line = prefix.matches('\n').count() + 1;
            let column = prefix.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
            return Err(InvalidUtf8 { line, column });
        }
    };
    Ok(normalize(text))
}

/// Normalises already-decoded text (see [`decode`]).
pub(crate) fn normalize(mut text: String) -> String {
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    if text.contains('\r') {
        text = text.replace("\r\n", "\n").replace('\r', "\n");
    }
    nfc(text)
}

/// NFC of a string, without copying when it already is NFC (the usual case).
pub(crate) fn nfc(text: String) -> String {
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => text,
        _ => text.nfc().collect(),
    }
}

/// NFC of a borrowed string.
pub(crate) fn nfc_str(text: &str) -> String {
    nfc(text.to_owned())
}

/// Whether a character may not appear in a page or feed: C0 controls other
/// than tab, LF and CR, DEL, C1 controls, and the Unicode noncharacters
/// (U+FDD0..U+FDEF and the last two of every plane). XML 1.0 forbids the C0
/// ones and U+FFFE/U+FFFF outright; HTML makes every one a parse error.
pub(crate) fn is_forbidden(c: char) -> bool {
    let n = u32::from(c);
    (n < 0x20 && !matches!(c, '\t' | '\n' | '\r'))
        || (0x7f..=0x9f).contains(&n)
        || (0xfdd0..=0xfdef).contains(&n)
        || n & 0xfffe == 0xfffe
}

/// The bytes that start (or are) a forbidden character in UTF-8: C0 controls
/// but tab, LF and CR; DEL; 0xC2 (U+0080..U+00BF, the C1 controls among
/// them); 0xEF (U+F000..U+FFFF, the noncharacters among them); and the
/// four-byte lead bytes (the noncharacters at the end of every plane).
/// Vietnamese text has none of them, so it is cleared without decoding.
const SUSPECT: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = (b < 0x20 && b != 0x09 && b != 0x0a && b != 0x0d)
            || b == 0x7f
            || b == 0xc2
            || b == 0xef
            || b >= 0xf0;
        b += 1;
    }
    table
};

/// How a forbidden character is named in messages: `U+0000 (NUL)`.
pub(crate) fn describe(c: char) -> String {
    const C0: [&str; 32] = [
        "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "TAB", "LF", "VT", "FF",
        "CR", "SO", "SI", "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM",
        "SUB", "ESC", "FS", "GS", "RS", "US",
    ];
    let n = u32::from(c);
    let name = match n {
        0..=0x1f => C0.get(n as usize).map_or_else(
            || crate::msg!("text.control-character"),
            |s| (*s).to_owned(),
        ),
        0x7f => "DEL".to_owned(),
        0x80..=0x9f => crate::msg!("text.c1-control"),
        _ => crate::msg!("text.noncharacter"),
    };
    format!("U+{n:04X} ({name})")
}

/// A forbidden character found in a text, 1-based line and column (in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Forbidden {
    pub(crate) line: usize,
    pub(crate) column: usize,
    pub(crate) ch: char,
}

/// The first forbidden character of each line that has one, at most `max`
/// lines, and how many lines had one in all.
pub(crate) fn forbidden_chars(text: &str, max: usize) -> (Vec<Forbidden>, usize) {
    let mut found = Vec::new();
    let mut lines = 0;
    // The usual case, text without any, costs one pass over the bytes.
    if !text.bytes().any(|b| SUSPECT[usize::from(b)]) || !text.chars().any(is_forbidden) {
        return (found, 0);
    }
    for (i, line) in text.split('\n').enumerate() {
        if let Some((col, ch)) = line.chars().enumerate().find(|(_, c)| is_forbidden(*c)) {
            lines += 1;
            if found.len() < max {
                found.push(Forbidden {
                    line: i + 1,
                    column: col + 1,
                    ch,
                });
            }
        }
    }
    (found, lines)
}

/// The errors for the forbidden characters of a file's decoded text (one per
/// line, at most ten, the last one saying how many more lines have one).
pub(crate) fn forbidden_char_errors(file: &str, text: &str) -> Vec<crate::diag::Diagnostic> {
    const MAX: usize = 10;
    let (found, lines) = forbidden_chars(text, MAX);
    let count = found.len();
    found
        .into_iter()
        .enumerate()
        .map(|(i, f)| {
            let mut message = crate::msg!("text.control-char", char = describe(f.ch));
            if i + 1 == count && lines > count {
                message.push_str(&crate::msg!("text.control-char-more", n = lines - count));
            }
            crate::diag::Diagnostic::error(file, f.line, f.column, message)
                .with_code("control-char")
                .with_hint(crate::msg!("text.control-char.hint"))
                .with_source(text)
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn strips_bom_and_crlf() {
        let t = decode(b"\xef\xbb\xbfa\r\nb\rc\n".to_vec()).unwrap();
        assert_eq!(t, "a\nb\nc\n");
    }

    #[test]
    fn decomposed_vietnamese_becomes_precomposed() {
        // "Dân" with a combining circumflex: D a U+0302 n
        let nfd = "Da\u{302}n vận".to_string();
        assert_eq!(nfc(nfd), "Dân vận");
    }

    #[test]
    fn forbidden_characters() {
        for c in [
            '\0',
            '\u{7}',
            '\u{b}',
            '\u{c}',
            '\u{1b}',
            '\u{7f}',
            '\u{85}',
            '\u{9f}',
            '\u{fdd0}',
            '\u{fffe}',
            '\u{ffff}',
            '\u{1fffe}',
            '\u{10ffff}',
        ] {
            assert!(is_forbidden(c), "{c:?}");
        }
        for c in [
            '\t', '\n', '\r', ' ', 'a', 'ạ', '\u{a0}', '\u{2028}', '\u{fffd}', '\u{feff}', '😀',
        ] {
            assert!(!is_forbidden(c), "{c:?}");
        }
        assert_eq!(describe('\0'), "U+0000 (NUL)");
        assert_eq!(describe('\u{85}'), "U+0085 (C1 control character)");
    }

    #[test]
    fn a_control_character_is_told_in_vietnamese() {
        let text: String = (0..12).map(|i| format!("dòng {i}\u{1}\n")).collect();
        let e = crate::messages::scoped(crate::messages::Lang::Vi, || {
            forbidden_char_errors("content/a.md", &text)
        });
        assert_eq!(e.len(), 10);
        assert!(
            e[0].message
                .contains("ký tự điều khiển vô hình U+0001 (SOH)"),
            "{}",
            e[0].message
        );
        assert!(
            e[9].message.ends_with("(còn 2 dòng khác của tệp cũng có)"),
            "{}",
            e[9].message
        );
        assert!(e[0].hint.as_deref().is_some_and(|h| h.contains("tệp PDF")));
        let c1 = crate::messages::scoped(crate::messages::Lang::Vi, || describe('\u{85}'));
        assert_eq!(c1, "U+0085 (ký tự điều khiển C1)");
    }

    #[test]
    fn forbidden_characters_are_found_line_by_line() {
        let (found, lines) = forbidden_chars("ok\nTiêu\u{0}đề\u{7}\n\tfine\nx\u{ffff}\n", 10);
        assert_eq!(lines, 2);
        assert_eq!(
            found,
            [
                Forbidden {
                    line: 2,
                    column: 5,
                    ch: '\0'
                },
                Forbidden {
                    line: 4,
                    column: 2,
                    ch: '\u{ffff}'
                }
            ]
        );
        let many = "\u{1}\n".repeat(25);
        let errors = forbidden_char_errors("content/a.md", &many);
        assert_eq!(errors.len(), 10);
        assert!(
            errors[9]
                .message
                .ends_with("(15 more lines of this file have one)"),
            "{}",
            errors[9].message
        );
        assert_eq!(
            (errors[0].file.as_str(), errors[0].line, errors[0].column),
            ("content/a.md", 1, 1)
        );
        assert!(forbidden_char_errors("a", "plain\ttext\r\n").is_empty());
    }

    proptest::proptest! {
        /// The byte prefilter never clears a text that has a forbidden character.
        #[test]
        fn the_byte_prefilter_misses_nothing(c in proptest::char::any(), text in "\\PC{0,20}") {
            let with = format!("{text}{c}{text}");
            let (found, _) = forbidden_chars(&with, 1);
            proptest::prop_assert_eq!(found.is_empty(), !with.chars().any(is_forbidden));
        }
    }

    #[test]
    fn reports_position_of_invalid_byte() {
        let err = decode(b"ok\nab\xffcd".to_vec()).unwrap_err();
        assert_eq!(err, InvalidUtf8 { line: 2, column: 3 });
    }
}
