//! Matching the names of a `region:` path against the national list: type
//! words optional, letter case, NFC/NFD and the placement of tone marks
//! (`Thuỷ` = `Thủy`, `Hoà` = `Hòa`) ignored; every other difference, accents
//! included (`Cẩm Giang` and `Cẩm Giàng` are two communes of Hải Phòng),
//! makes another name, and an unknown name gets the nearest known ones.

use std::sync::OnceLock;

use unicode_normalization::char::decompose_canonical;

use super::{Era, Unit, UnitType, data, provinces};

/// The five tone marks (huyền, sắc, ngã, hỏi, nặng) as combining characters.
const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];

/// The matching key of a name: decomposed, lower case, words separated by
/// one space (dashes separate words too), each word's tone mark moved to the
/// end of the word, leading zeros of numbers dropped. Two spellings of one
/// name have one key: `Thuỷ`/`Thủy` -> `thuy\u{309}`.
pub(crate) fn key(text: &str) -> String {
    let mut k = KeyBuilder {
        out: String::with_capacity(text.len() + 4),
        tones: String::new(),
        word_start: 0,
    };
    for c in text.chars() {
        decompose_canonical(c, |d| k.push(d));
    }
    k.end_word();
    if k.out.ends_with(' ') {
        k.out.pop();
    }
    k.out
}

struct KeyBuilder {
    out: String,
    /// Tone marks of the current word, appended when it ends.
    tones: String,
    word_start: usize,
}

impl KeyBuilder {
    fn push(&mut self, c: char) {
        match c {
            c if c.is_whitespace() => self.end_word(),
            '-' | '\u{2010}'..='\u{2015}' => self.end_word(),
            c if TONES.contains(&c) => self.tones.push(c),
            '\u{2018}' | '\u{2019}' | '\u{02bc}' => self.out.push('\''),
            c => self.out.extend(c.to_lowercase()),
        }
    }

    fn end_word(&mut self) {
        let word = &self.out[self.word_start..];
        if word.is_empty() {
            self.tones.clear();
            return;
        }
        if word.len() > 1 && word.starts_with('0') && word.bytes().all(|b| b.is_ascii_digit()) {
            let digits = word.trim_start_matches('0');
            let digits = if digits.is_empty() { "0" } else { digits }.to_owned();
            self.out.truncate(self.word_start);
            self.out.push_str(&digits);
        }
        self.out.push_str(&self.tones);
        self.tones.clear();
        self.out.push(' ');
        self.word_start = self.out.len();
    }
}

/// A type word as it may begin a written name.
struct TypeWord {
    /// Its key (`thi\u{323} xa\u{303}`) or, for an abbreviation, its letters.
    key: String,
    /// Its key without any mark (`thi xa`), to recognise it typed without accents.
    bare: String,
    words: usize,
    kind: UnitType,
    abbreviation: bool,
}

fn type_words() -> &'static [TypeWord] {
    static WORDS: OnceLock<Vec<TypeWord>> = OnceLock::new();
    WORDS.get_or_init(|| {
        let mut words: Vec<TypeWord> = UnitType::ALL
            .iter()
            .map(|&kind| {
                let key = key(kind.word());
                TypeWord {
                    bare: bare(&key),
                    words: key.split(' ').count(),
                    key,
                    kind,
                    abbreviation: false,
                }
            })
            .collect();
        for (abbr, kind) in [
            ("tp", UnitType::ThanhPho),
            ("tx", UnitType::ThiXa),
            ("tt", UnitType::ThiTran),
        ] {
            words.push(TypeWord {
                key: abbr.to_owned(),
                bare: abbr.to_owned(),
                words: 1,
                kind,
                abbreviation: true,
            });
        }
        words
    })
}

/// A key without its marks: `thi xa` for `thị xã`.
fn bare(key: &str) -> String {
    key.chars()
        .filter(|c| !matches!(c, '\u{300}'..='\u{36f}'))
        .map(|c| if c == 'đ' { 'd' } else { c })
        .collect()
}

/// The type word a key begins with and the rest of it; `exact` when the
/// word was written with its accents (or is an abbreviation: `TP.`).
fn strip_type(key: &str) -> Option<(UnitType, &str, bool)> {
    for w in type_words() {
        if w.abbreviation {
            let rest = key.strip_prefix(w.key.as_str());
            let rest = rest.and_then(|r| r.strip_prefix('.').or_else(|| r.strip_prefix(' ')));
            if let Some(rest) = rest.map(|r| r.trim_start_matches(' '))
                && !rest.is_empty()
            {
                return Some((w.kind, rest, true));
            }
            continue;
        }
        let mut parts = key.splitn(w.words + 1, ' ');
        let head: Vec<&str> = parts.by_ref().take(w.words).collect();
        let Some(rest) = parts.next().filter(|r| !r.is_empty()) else {
            continue;
        };
        let head = head.join(" ");
        if head == w.key {
            return Some((w.kind, rest, true));
        }
        if bare(&head) == w.bare {
            return Some((w.kind, rest, false));
        }
    }
    None
}

/// A name as written, in the forms it is compared in.
struct Written {
    whole: String,
    /// The name after an accented type word (or abbreviation).
    stripped: Option<(UnitType, String)>,
    /// The name after a type word typed without accents (`huyen Thanh Ha`):
    /// only for finding the nearest names.
    loosely_stripped: Option<String>,
}

impl Written {
    fn new(name: &str) -> Written {
        let whole = key(name);
        let (stripped, loosely_stripped) = match strip_type(&whole) {
            Some((kind, rest, true)) => (Some((kind, rest.to_owned())), None),
            Some((_, rest, false)) => (None, Some(rest.to_owned())),
            None => (None, None),
        };
        Written {
            whole,
            stripped,
            loosely_stripped,
        }
    }

    fn names(&self, unit_key: &str) -> bool {
        self.whole == unit_key || self.stripped.as_ref().is_some_and(|(_, s)| s == unit_key)
    }

    fn forms(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.whole.as_str())
            .chain(self.stripped.as_ref().map(|(_, s)| s.as_str()))
            .chain(self.loosely_stripped.as_deref())
    }
}

/// Whether two written names name the same unit as far as matching goes:
/// `tỉnh Hải Dương` = `Hải Dương`, `Thanh Thuỷ` = `thanh thủy`.
pub fn same_name(a: &str, b: &str) -> bool {
    let (a, b) = (Written::new(a), Written::new(b));
    a.names(&b.whole) || b.names(&a.whole) || {
        matches!((&a.stripped, &b.stripped), (Some((_, x)), Some((_, y))) if x == y)
    }
}

/// What [`lookup`] found for a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lookup {
    /// The unit of each name from the first, as far as the names lead to one
    /// unit each. When nothing is wrong, one per name down to commune level
    /// (or to a district without communes); the names after those are below
    /// the list (villages, street groups) and not checked.
    pub units: Vec<Unit>,
    /// Why the match stopped early, if it did.
    pub(crate) problem: Option<Problem>,
}

/// A name of a path that does not lead to one unit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// The list has no such name there.
    Unknown(Unknown),
    /// Several units there have this name (`Kỳ Anh` is a huyện and a thị xã
    /// of Hà Tĩnh) and neither a type word nor the next name tells which.
    /// `candidates` in code order.
    Ambiguous { index: usize, candidates: Vec<Unit> },
}

/// A name the list does not know at its place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unknown {
    /// Its position in the path (0 = the province).
    pub(crate) index: usize,
    /// The units the list has there (the provinces of the era, or the
    /// children of the unit before), in Vietnamese alphabetical order.
    pub(crate) expected: Vec<Unit>,
    /// The nearest of those, nearest first, at most three: an accent or a
    /// tone mark away (`An Hung` -> `An Hưng`) counts as nearer than a letter.
    pub(crate) nearest: Vec<Unit>,
}

/// Matches a `region:` path (`["Hải Dương", "Thanh Hà", "Tân An", "thôn
/// Đông"]`, `["TP. Hải Phòng", "xã Hà Tây"]`) against the list of `era`,
/// down to commune level. Where two units of one parent share a name, a type
/// word or the next name decides; otherwise it is [`Problem::Ambiguous`].
pub fn lookup<S: AsRef<str>>(era: Era, path: &[S]) -> Lookup {
    // Every way the names read so far can be matched, root first.
    let mut chains: Vec<Vec<Unit>> = vec![Vec::new()];
    for (index, name) in path.iter().enumerate() {
        let written = Written::new(name.as_ref());
        let mut next: Vec<Vec<Unit>> = Vec::new();
        let mut checked = false;
        for chain in &chains {
            let pool = match chain.last() {
                None => provinces(era),
                Some(u) => u.children(),
            };
            checked |= !pool.is_empty();
            for &u in pool {
                if written.names(&data::table().units[u.0 as usize].key) {
                    let mut longer = chain.clone();
                    longer.push(u);
                    next.push(longer);
                }
            }
        }
        if !checked {
            break; // below commune level
        }
        // A type word, when it agrees with some of the units, picks them.
        if let Some((kind, _)) = &written.stripped
            && next.len() > 1
            && next.iter().any(|c| c[index].unit_type() == *kind)
        {
            next.retain(|c| c[index].unit_type() == *kind);
        }
        if next.is_empty() {
            return unknown(era, index, &chains, &written);
        }
        chains = next;
    }
    resolve(chains)
}

/// One chain is a match; several are ambiguous from where they part.
fn resolve(chains: Vec<Vec<Unit>>) -> Lookup {
    let common = common_prefix(&chains);
    if chains.len() == 1 {
        return Lookup {
            units: chains.into_iter().next().unwrap_or_default(),
            problem: None,
        };
    }
    let mut candidates: Vec<Unit> = chains.iter().map(|c| c[common]).collect();
    candidates.sort();
    candidates.dedup();
    Lookup {
        units: chains[0][..common].to_vec(),
        problem: Some(Problem::Ambiguous {
            index: common,
            candidates,
        }),
    }
}

fn common_prefix(chains: &[Vec<Unit>]) -> usize {
    let first = &chains[0];
    (0..first.len())
        .find(|&i| chains.iter().any(|c| c.get(i) != Some(&first[i])))
        .unwrap_or(first.len())
}

fn unknown(era: Era, index: usize, chains: &[Vec<Unit>], written: &Written) -> Lookup {
    let mut expected: Vec<Unit> = Vec::new();
    for chain in chains {
        match chain.last() {
            None => expected.extend_from_slice(provinces(era)),
            Some(u) => expected.extend_from_slice(u.children()),
        }
    }
    expected.sort();
    expected.dedup();
    expected.sort_by_cached_key(|u| (crate::collate::key(u.name()), *u));
    let nearest = nearest(written, &expected);
    Lookup {
        units: chains[0][..common_prefix(chains)].to_vec(),
        problem: Some(Problem::Unknown(Unknown {
            index,
            expected,
            nearest,
        })),
    }
}

/// Up to three units of `pool` nearest to the written name, within a
/// distance that grows with the name's length.
fn nearest(written: &Written, pool: &[Unit]) -> Vec<Unit> {
    let forms: Vec<Vec<Tok>> = written.forms().map(tokens).collect();
    let letters = forms
        .iter()
        .map(|f| {
            f.iter()
                .filter(|t| matches!(t, Tok::Letter(c, _) if *c != ' '))
                .count()
        })
        .min()
        .unwrap_or(0);
    // One wrong letter per six, plus about one missing accent per two letters.
    let limit = (4 * (1 + letters / 6) + (letters / 2).max(2)) as u32;
    let table = data::table();
    let mut scored: Vec<(u32, Unit)> = pool
        .iter()
        .filter_map(|&u| {
            let target = tokens(&table.units[u.0 as usize].key);
            let d = forms.iter().map(|f| distance(f, &target)).min()?;
            (d <= limit).then_some((d, u))
        })
        .collect();
    // `pool` is already in alphabetical order: a stable sort keeps it for ties.
    scored.sort_by_key(|&(d, _)| d);
    scored.into_iter().take(3).map(|(_, u)| u).collect()
}

/// A letter of a key with its marks, or a tone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Tok {
    /// The base letter and its marks (circumflex 1, breve 2, horn 4, stroke of
    /// đ 8, any other 16).
    Letter(char, u8),
    Tone(char),
}

fn tokens(key: &str) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::with_capacity(key.len());
    for c in key.chars() {
        let mark = match c {
            c if TONES.contains(&c) => {
                out.push(Tok::Tone(c));
                continue;
            }
            '\u{302}' => 1,
            '\u{306}' => 2,
            '\u{31b}' => 4,
            '\u{300}'..='\u{36f}' => 16,
            'đ' => {
                out.push(Tok::Letter('d', 8));
                continue;
            }
            c => {
                out.push(Tok::Letter(c, 0));
                continue;
            }
        };
        match out.last_mut() {
            Some(Tok::Letter(_, marks)) => *marks |= mark,
            _ => out.push(Tok::Letter(' ', 16)),
        }
    }
    out
}

/// An edit distance where a letter costs 4 and an accent (a mark on a
/// letter, or a tone) costs 1.
fn distance(a: &[Tok], b: &[Tok]) -> u32 {
    fn indel(t: Tok) -> u32 {
        match t {
            Tok::Letter(..) => 4,
            Tok::Tone(_) => 1,
        }
    }
    fn sub(x: Tok, y: Tok) -> u32 {
        match (x, y) {
            _ if x == y => 0,
            (Tok::Letter(p, _), Tok::Letter(q, _)) => {
                if p == q {
                    1
                } else {
                    4
                }
            }
            (Tok::Tone(_), Tok::Tone(_)) => 1,
            _ => indel(x) + indel(y),
        }
    }
    let mut prev: Vec<u32> = std::iter::once(0)
        .chain(b.iter().scan(0, |acc, &t| {
            *acc += indel(t);
            Some(*acc)
        }))
        .collect();
    let mut row = vec![0; b.len() + 1];
    for &x in a {
        row[0] = prev[0] + indel(x);
        for (j, &y) in b.iter().enumerate() {
            row[j + 1] = (prev[j] + sub(x, y))
                .min(prev[j + 1] + indel(x))
                .min(row[j] + indel(y));
        }
        std::mem::swap(&mut prev, &mut row);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_ignore_case_form_and_tone_placement() {
        assert_eq!(key("Thanh Thuỷ"), key("thanh thủy"));
        assert_eq!(key("Hoà Bình"), key("Hòa Bình"));
        assert_eq!(key("  Bà Rịa - Vũng Tàu "), key("bà rịa–vũng tàu"));
        let nfd: String = unicode_normalization::UnicodeNormalization::nfd("Hải Dương").collect();
        assert_eq!(key(&nfd), key("Hải Dương"));
        assert_eq!(key("Phường 03"), key("phường 3"));
        assert_ne!(key("Cẩm Giang"), key("Cẩm Giàng"));
        assert_ne!(key("Hai Duong"), key("Hải Dương"));
    }

    #[test]
    fn type_words_are_found_with_or_without_accents() {
        let k = key("Thị xã Kỳ Anh");
        assert_eq!(
            strip_type(&k).map(|(t, r, e)| (t, r.to_owned(), e)),
            Some((UnitType::ThiXa, key("Kỳ Anh"), true))
        );
        let k = key("TP.Hải Phòng");
        assert_eq!(
            strip_type(&k).map(|(t, r, _)| (t, r.to_owned())),
            Some((UnitType::ThanhPho, key("Hải Phòng")))
        );
        let k = key("tp. Hải Phòng");
        assert_eq!(
            strip_type(&k).map(|(_, r, _)| r.to_owned()),
            Some(key("Hải Phòng"))
        );
        let k = key("huyen Thanh Ha");
        assert_eq!(
            strip_type(&k).map(|(t, _, e)| (t, e)),
            Some((UnitType::Huyen, false))
        );
        // A type word alone is a name, not a type word.
        assert_eq!(strip_type(&key("Xã")), None);
        assert_eq!(strip_type(&key("Quan Sơn")).map(|(_, _, e)| e), Some(false));
    }

    #[test]
    fn accents_cost_less_than_letters() {
        let d = |a: &str, b: &str| distance(&tokens(&key(a)), &tokens(&key(b)));
        assert_eq!(d("Hải Dương", "Hải Dương"), 0);
        assert_eq!(d("Hải Duơng", "Hải Dương"), 1);
        assert_eq!(d("An Hung", "An Hưng"), 1);
        assert_eq!(d("Hai Duong", "Hải Dương"), 3);
        assert_eq!(d("Hải Dươg", "Hải Dương"), 4);
        assert_eq!(d("Tân Ah", "Tân An"), 4);
        assert!(d("Hải Dương", "Hải Phòng") > 8);
    }

    #[test]
    fn same_name_takes_type_words_as_optional() {
        assert!(same_name("tỉnh Hải Dương", "Hải Dương"));
        assert!(same_name("Hải Dương", "Tỉnh Hải Dương"));
        assert!(same_name("xã Thanh Thuỷ", "thanh thủy"));
        assert!(same_name("huyện Kỳ Anh", "thị xã Kỳ Anh"));
        assert!(!same_name("Cẩm Giang", "Cẩm Giàng"));
        assert!(!same_name("An Hung", "An Hưng"));
    }
}
