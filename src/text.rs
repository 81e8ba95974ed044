//! Decoding of the text files editors write: UTF-8 only, an optional BOM,
//! CRLF or LF line ends, and Unicode NFC so that a file saved with decomposed
//! Vietnamese (common from macOS) gives the same slugs, tags and search hits
//! as a precomposed one.

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Where a file stops being valid UTF-8 (1-based line and column).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct InvalidUtf8 {
    pub line: usize,
    pub column: usize,
}

/// Decodes a file's bytes into normalised text: BOM removed, `\r\n` and lone
/// `\r` turned into `\n`, and the whole text in NFC.
pub fn decode(bytes: Vec<u8>) -> Result<String, InvalidUtf8> {
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
pub fn normalize(mut text: String) -> String {
    if text.starts_with('\u{feff}') {
        text.drain(..'\u{feff}'.len_utf8());
    }
    if text.contains('\r') {
        text = text.replace("\r\n", "\n").replace('\r', "\n");
    }
    nfc(text)
}

/// NFC of a string, without copying when it already is NFC (the usual case).
pub fn nfc(text: String) -> String {
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => text,
        _ => text.nfc().collect(),
    }
}

/// NFC of a borrowed string.
pub fn nfc_str(text: &str) -> String {
    nfc(text.to_owned())
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
    fn reports_position_of_invalid_byte() {
        let err = decode(b"ok\nab\xffcd".to_vec()).unwrap_err();
        assert_eq!(err, InvalidUtf8 { line: 2, column: 3 });
    }
}
