//! The index files of one language, written from the analysed documents in
//! index order (document `i` is the `i`-th; lower numbers are newer).
//!
//! - `search-index.<lang>.json`, the only file a search always reads:
//!   `{"version":2, "lang", "docs": count, "base": folder URL, "words": [...],
//!   "forms": [...], "pairs": [...]}`; each list holds the first key of
//!   each chunk of that kind, so a word's chunk is found by binary search.
//! - `<base>w<i>.json`, words: `[word, docs, title docs, word, ...]`, the
//!   folded words (`duong`) in code-point order with the documents holding
//!   them anywhere and those holding them in the title.
//! - `<base>f<i>.json`, forms: `[form, docs, ...]`, the accented forms
//!   (`đường`, `dương`) with their documents: a query typed with accents
//!   ranks the documents with those very accents first.
//! - `<base>p<i>.json`, pairs: `[hash, docs, ...]`, the pairs of
//!   neighbouring words ([`super::pair_hash`]), for quoted phrases.
//! - `search/<lang>/d/<i>.json`: what result `i` shows (title, URL, date,
//!   section, the start of its text); read only for the results shown.
//!   They are written while pages render, so they are not in the `base`
//!   folder: the root's `"details"` gives their folder and `"dv"` a hash of
//!   them all, which the browser adds as `?v=`.
//!
//! Chunks hold about [`CHUNK_BYTES`] each, so a query reads a few small
//! files whatever the size of the site (a very common word's list is a
//! chunk of its own). Lists of document numbers are text: the first number,
//! then each gap minus one, every number written as base-28 "continuation"
//! digits followed by one base-64 "final" digit (see [`push_number`]).
//! A dense list is a run of `0`s, which gzip all but erases. `base`
//! carries a hash of every file, so a browser never mixes two versions.
//!
//! The lists are encoded as the documents are read, in index order, and
//! each document's words are dropped once read: the index never holds more
//! than its own encoded lists.

use std::fmt::Write as _;

use rayon::prelude::*;

use super::Words;
use crate::model::{LangId, Site};
use crate::slug::fold_for_search_into;

/// Bytes of encoded lists a chunk holds before the next one starts.
pub(crate) const CHUNK_BYTES: usize = 6 * 1024;

/// Digits that end a number: its value modulo 64.
const FINAL: &[u8; 64] = b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-_";
/// Digits before the final one: the number divided by 64, in base 28.
/// None of them needs escaping in a JSON string.
const CONTINUATION: &[u8; 28] = b"!#$%&'()*+,./:;<=>?@[]^`{|}~";

/// Appends `v` in the list alphabet.
fn push_number(out: &mut String, v: u32) {
    let mut q = v / 64;
    let mut digits = [0u8; 8];
    let mut n = 0;
    while q > 0 {
        digits[n] = CONTINUATION[(q % 28) as usize];
        q /= 28;
        n += 1;
    }
    for d in digits[..n].iter().rev() {
        out.push(char::from(*d));
    }
    out.push(char::from(FINAL[(v % 64) as usize]));
}

/// An ascending list of document numbers being encoded: the first, then
/// gaps minus one.
#[derive(Default)]
struct List {
    text: String,
    /// The last number pushed, plus one (0 for none yet).
    next: u32,
}

impl List {
    fn push(&mut self, id: u32) {
        let v = if self.next == 0 { id } else { id - self.next };
        push_number(&mut self.text, v);
        self.next = id + 1;
    }

    /// Whether `id` is the last number pushed.
    fn ends_with(&self, id: u32) -> bool {
        self.next == id + 1
    }
}

#[cfg(test)]
fn encode_list(ids: &[u32]) -> String {
    let mut list = List::default();
    for id in ids {
        list.push(*id);
    }
    list.text
}

#[cfg(test)]
fn decode_list(text: &str) -> Vec<u32> {
    let mut out = Vec::new();
    let mut acc = 0u32;
    let mut previous: Option<u32> = None;
    for b in text.bytes() {
        if let Some(d) = CONTINUATION.iter().position(|c| *c == b) {
            acc = acc * 28 + d as u32;
        } else if let Some(d) = FINAL.iter().position(|c| *c == b) {
            let v = acc * 64 + d as u32;
            acc = 0;
            let id = previous.map_or(v, |p| p + v + 1);
            out.push(id);
            previous = Some(id);
        }
    }
    out
}

/// Every posting of a language, read one entry at a time in index order
/// ([`Postings::add`]): a build feeds each page's words as the page renders
/// and drops them, `kheo serve` feeds the words it kept. Either way the
/// lists are the same, since only the order of the entries numbers them.
pub(crate) struct Postings {
    /// Each distinct form read so far: its word and its form (or
    /// [`NO_FORM`]), so that a form is folded once, not once per entry.
    interned: foldhash::HashMap<Box<str>, (u32, u32)>,
    word_ids: foldhash::HashMap<Box<str>, u32>,
    /// Folded word, its documents, its documents by title.
    words: Vec<(Box<str>, List, List)>,
    /// Accented form, its documents.
    forms: Vec<(Box<str>, List)>,
    pairs: foldhash::HashMap<u32, List>,
    /// A hash of every entry's result details, in order.
    details: xxhash_rust::xxh3::Xxh3,
    /// Entries read so far: the number of the next one.
    docs: u32,
    folded: String,
}

/// [`Postings`] once every entry is read: keys in index order.
struct Sorted {
    words: Vec<(Box<str>, List, List)>,
    forms: Vec<(Box<str>, List)>,
    pairs: Vec<(u32, List)>,
    details: u64,
    docs: usize,
}

const NO_FORM: u32 = u32::MAX;

impl Default for Postings {
    fn default() -> Self {
        Postings {
            interned: Default::default(),
            word_ids: Default::default(),
            words: Vec::new(),
            forms: Vec::new(),
            pairs: Default::default(),
            details: xxhash_rust::xxh3::Xxh3::new(),
            docs: 0,
            folded: String::new(),
        }
    }
}

impl Postings {
    /// The postings of entries given in index order.
    pub(crate) fn of<W: std::ops::Deref<Target = Words>>(
        entries: impl IntoIterator<Item = W>,
    ) -> Postings {
        let mut p = Postings::default();
        for e in entries {
            p.add(&e);
        }
        p
    }

    /// Entries read so far.
    pub(crate) fn len(&self) -> u32 {
        self.docs
    }

    /// Reads the next entry (number [`Postings::len`]).
    pub(crate) fn add(&mut self, a: &Words) {
        let doc = self.docs;
        self.docs += 1;
        self.details.update(&a.detail_hash.to_le_bytes());
        for (in_title, form) in a.forms() {
            let (w, f) = match self.interned.get(form) {
                Some(ids) => *ids,
                None => {
                    let folded = &mut self.folded;
                    folded.clear();
                    fold_for_search_into(form, folded);
                    let w = match self.word_ids.get(folded.as_str()) {
                        Some(w) => *w,
                        None => {
                            let w = self.words.len() as u32;
                            self.word_ids.insert(folded.as_str().into(), w);
                            self.words.push((
                                folded.as_str().into(),
                                List::default(),
                                List::default(),
                            ));
                            w
                        }
                    };
                    let f = if *folded == form {
                        NO_FORM
                    } else {
                        self.forms.push((form.into(), List::default()));
                        self.forms.len() as u32 - 1
                    };
                    self.interned.insert(form.into(), (w, f));
                    (w, f)
                }
            };
            // Two forms of one word (đường, dương) give the word once.
            let (_, all, title) = &mut self.words[w as usize];
            if !all.ends_with(doc) {
                all.push(doc);
            }
            if in_title && !title.ends_with(doc) {
                title.push(doc);
            }
            if f != NO_FORM {
                self.forms[f as usize].1.push(doc);
            }
        }
        for p in a.pairs.iter() {
            self.pairs.entry(*p).or_default().push(doc);
        }
    }

    fn sorted(self) -> Sorted {
        let Postings {
            interned,
            word_ids,
            mut words,
            mut forms,
            pairs,
            details,
            docs,
            folded: _,
        } = self;
        drop(interned);
        drop(word_ids);
        words.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
        forms.par_sort_unstable_by(|a, b| a.0.cmp(&b.0));
        let mut pairs: Vec<(u32, List)> = pairs.into_iter().collect();
        pairs.par_sort_unstable_by_key(|p| p.0);
        Sorted {
            words,
            forms,
            pairs,
            details: details.digest(),
            docs: docs as usize,
        }
    }
}

/// One key's entry in a chunk: the key (for the chunk's boundary) and its
/// JSON text (`"key","list"...`).
struct Item<K> {
    key: K,
    json: String,
}

/// Items cut into chunks of about [`CHUNK_BYTES`]: (first item, items).
fn chunks<K>(items: &[Item<K>]) -> Vec<&[Item<K>]> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut bytes = 0;
    for (i, item) in items.iter().enumerate() {
        bytes += item.json.len();
        if bytes >= CHUNK_BYTES {
            out.push(&items[start..=i]);
            start = i + 1;
            bytes = 0;
        }
    }
    if start < items.len() {
        out.push(&items[start..]);
    }
    out
}

/// The shortest start of `first` that sorts after `last`: the boundary
/// between a chunk ending with `last` and one starting with `first`.
fn boundary(last: &str, first: &str) -> String {
    first
        .char_indices()
        .skip(1)
        .map(|(i, _)| &first[..i])
        .chain(std::iter::once(first))
        .find(|p| *p > last)
        .unwrap_or(first)
        .to_owned()
}

fn json_str(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_default()
}

fn chunk_json<K>(items: &[Item<K>]) -> String {
    let mut out = String::with_capacity(items.iter().map(|i| i.json.len() + 1).sum::<usize>() + 2);
    out.push('[');
    for (i, item) in items.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        out.push_str(&item.json);
    }
    out.push(']');
    out
}

/// Chunk files of one kind (`w`, `f`), with the chunks' first keys.
fn string_chunks(kind: &str, items: &[Item<Box<str>>]) -> (Vec<String>, Vec<(String, String)>) {
    let mut bounds = Vec::new();
    let mut files = Vec::new();
    let mut last: Option<&str> = None;
    for (i, chunk) in chunks(items).into_iter().enumerate() {
        bounds.push(match last {
            None => String::new(),
            Some(l) => boundary(l, &chunk[0].key),
        });
        last = chunk.last().map(|item| &*item.key);
        files.push((format!("{kind}{i}.json"), chunk_json(chunk)));
    }
    (bounds, files)
}

/// The root file's shape.
#[derive(serde::Serialize)]
struct Root<'a> {
    version: u32,
    lang: &'a str,
    docs: usize,
    base: String,
    details: String,
    dv: String,
    words: Vec<String>,
    forms: Vec<String>,
    pairs: Vec<u32>,
}

/// The root file and the chunks of one language's index, (output path,
/// bytes), from the postings of its entries (see [`super::documents`]). The
/// result details are not among them: see [`super::Gathered`].
pub(crate) fn index_files(site: &Site, lang: LangId, postings: Postings) -> Vec<(String, Vec<u8>)> {
    let p = postings.sorted();
    let count = p.docs;
    let details = p.details;
    // Each list is freed once its JSON is made.
    let words: Vec<Item<Box<str>>> = p
        .words
        .into_par_iter()
        .map(|(word, all, title)| Item {
            json: format!("{},\"{}\",\"{}\"", json_str(&word), all.text, title.text),
            key: word,
        })
        .collect();
    let forms: Vec<Item<Box<str>>> = p
        .forms
        .into_par_iter()
        .map(|(form, all)| Item {
            json: format!("{},\"{}\"", json_str(&form), all.text),
            key: form,
        })
        .collect();
    let pairs: Vec<Item<u32>> = p
        .pairs
        .into_par_iter()
        .map(|(hash, all)| {
            let mut json = String::with_capacity(all.text.len() + 16);
            let _ = write!(json, "{hash},\"{}\"", all.text);
            Item { key: hash, json }
        })
        .collect();

    let (word_bounds, mut files) = string_chunks("w", &words);
    drop(words);
    let (form_bounds, form_files) = string_chunks("f", &forms);
    drop(forms);
    files.extend(form_files);
    let mut pair_bounds = Vec::new();
    for (i, chunk) in chunks(&pairs).into_iter().enumerate() {
        pair_bounds.push(if i == 0 { 0 } else { chunk[0].key });
        files.push((format!("p{i}.json"), chunk_json(chunk)));
    }
    drop(pairs);

    let mut hasher = xxhash_rust::xxh3::Xxh3::new();
    for (name, text) in &files {
        hasher.update(name.as_bytes());
        hasher.update(text.as_bytes());
    }
    let dir = format!(
        "{}{:08x}/",
        site.search_shards_dir(lang),
        hasher.digest() >> 32
    );
    let root = Root {
        version: 2,
        lang: site.lang_code(lang),
        docs: count,
        base: site.href(&dir),
        details: site.href(&super::details_dir(site, lang)),
        dv: format!("{:08x}", details >> 32),
        words: word_bounds,
        forms: form_bounds,
        pairs: pair_bounds,
    };
    let mut out = Vec::with_capacity(files.len() + 1);
    out.push((
        site.search_index_file(lang),
        serde_json::to_vec(&root).unwrap_or_default(),
    ));
    out.extend(
        files
            .into_iter()
            .map(|(name, text)| (format!("{dir}{name}"), text.into_bytes())),
    );
    out
}

#[cfg(test)]
mod tests {
    use super::super::{Entry, analyze};
    use super::*;
    use proptest::prelude::*;
    use std::sync::Arc;

    #[test]
    fn numbers_use_one_character_below_64() {
        let mut s = String::new();
        push_number(&mut s, 0);
        push_number(&mut s, 63);
        assert_eq!(s, "0_");
        s.clear();
        push_number(&mut s, 64);
        assert_eq!(s, "#0", "64 = 1 * 64 + 0");
        s.clear();
        push_number(&mut s, 64 * 28);
        assert_eq!(s, "#!0", "64 * 28 = (1 * 28 + 0) * 64 + 0");
    }

    #[test]
    fn dense_lists_are_runs_of_zeros() {
        assert_eq!(encode_list(&[5, 6, 7, 8]), "5000");
        assert_eq!(encode_list(&[]), "");
    }

    proptest! {
        #[test]
        fn lists_round_trip(mut ids in proptest::collection::vec(0u32..5_000_000, 0..60)) {
            ids.sort_unstable();
            ids.dedup();
            prop_assert_eq!(decode_list(&encode_list(&ids)), ids);
        }
    }

    #[test]
    fn boundaries_are_the_shortest_start_that_sorts_after() {
        assert_eq!(boundary("dan", "duong"), "du");
        assert_eq!(boundary("dan", "dang"), "dang");
        assert_eq!(boundary("ca", "đa"), "đ");
        assert_eq!(boundary("", "an"), "a");
    }

    fn analysed(title: &str, text: &str) -> Arc<Words> {
        analyze(&Entry {
            title,
            url: format!("/{}/", title.len()),
            text,
            ..Entry::default()
        })
        .words
    }

    #[test]
    fn postings_group_forms_under_their_folded_word() {
        let docs = [
            analysed("Đường làng", "đường và dương"),
            analysed("Biển", "dương liễu"),
            analysed("Duong", "tin"),
        ];
        let p = Postings::of(docs.iter().map(|d| &**d)).sorted();
        let duong = p.words.iter().find(|w| &*w.0 == "duong").unwrap();
        assert_eq!(
            decode_list(&duong.1.text),
            [0, 1, 2],
            "every form, once per document"
        );
        assert_eq!(
            decode_list(&duong.2.text),
            [0, 2],
            "in the title of 0 and 2"
        );
        let forms: Vec<(&str, Vec<u32>)> = p
            .forms
            .iter()
            .map(|(f, d)| (&**f, decode_list(&d.text)))
            .collect();
        assert!(forms.contains(&("đường", vec![0])));
        assert!(forms.contains(&("dương", vec![0, 1])));
        assert!(
            !forms.iter().any(|(f, _)| *f == "duong"),
            "no accents, no form"
        );
        let sorted: Vec<&str> = p.words.iter().map(|w| &*w.0).collect();
        assert!(sorted.windows(2).all(|w| w[0] < w[1]));
        let pair = super::super::pair_hash("dan", "van");
        assert!(!p.pairs.iter().any(|(h, _)| *h == pair));
        let pair = super::super::pair_hash("duong", "lang");
        let list = &p.pairs.iter().find(|(h, _)| *h == pair).unwrap().1;
        assert_eq!(decode_list(&list.text), [0]);
    }

    #[test]
    fn chunks_split_by_size_and_find_every_key() {
        let items: Vec<Item<String>> = (0..2000)
            .map(|i| Item {
                key: format!("k{i:05}"),
                json: "x".repeat(20),
            })
            .collect();
        let cut = chunks(&items);
        assert!(cut.len() > 1);
        assert_eq!(cut.iter().map(|c| c.len()).sum::<usize>(), 2000);
        assert!(cut.iter().all(|c| c.len() * 20 <= CHUNK_BYTES + 20));
    }
}
