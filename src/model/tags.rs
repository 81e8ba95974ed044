//! Tags: one tag per spelling equal after NFC and case folding (the text is
//! NFC since loading); the spelling shown is the most used; slugs unique per
//! language, with tone-mark collisions (`Đồng Du` / `Đông Du` -> `dong-du`)
//! kept apart in Vietnamese alphabetical order; and the pairs of
//! `tags.yaml` linking a tag to its counterpart in other languages.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::collate;
use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics};
use crate::load::TagTranslations;
use crate::slug::slugify;

use super::{LangId, PageId, Tag, TagId};

/// Where a tag was first written, for diagnostics.
#[derive(Debug, Clone)]
struct FirstUse {
    file: String,
    line: usize,
    column: usize,
}

/// Collects tags while pages are read.
#[derive(Debug, Default)]
pub(crate) struct Registry {
    keys: HashMap<(LangId, String), TagId>,
    spellings: Vec<BTreeMap<String, usize>>,
    first_use: Vec<FirstUse>,
    tags: Vec<Tag>,
}

/// Tag identity: case folded, and the tone mark of `oa`, `oe` and `uy` put
/// on the second vowel, so the old and new placements (`Hoà`/`Hòa`,
/// `thuỷ`/`thủy`, `khoẻ`/`khỏe`) are one tag.
fn key(name: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    use unicode_normalization::char::is_combining_mark;
    const TONES: [char; 5] = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];
    let mut chars: Vec<char> = name.to_lowercase().nfd().collect();
    let mut i = 0;
    while i + 2 < chars.len() {
        let pair = matches!(
            (chars[i], chars[i + 2]),
            ('o', 'a') | ('o', 'e') | ('u', 'y')
        );
        let bare_second = chars.get(i + 3).is_none_or(|c| !is_combining_mark(*c));
        if pair && TONES.contains(&chars[i + 1]) && bare_second {
            chars.swap(i + 1, i + 2);
        }
        i += 1;
    }
    chars.into_iter().collect()
}

/// Collapses inner white space: "Dân  vận" is "Dân vận".
pub(crate) fn clean(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Registry {
    /// The tag for a spelling, created on first use.
    pub(crate) fn tag(
        &mut self,
        lang: LangId,
        name: &str,
        file: &str,
        line: usize,
        column: usize,
    ) -> TagId {
        let id = *self.keys.entry((lang, key(name))).or_insert_with(|| {
            self.tags.push(Tag {
                lang,
                name: String::new(),
                slug: String::new(),
                pages: Vec::new(),
                translations: Vec::new(),
            });
            self.spellings.push(BTreeMap::new());
            self.first_use.push(FirstUse {
                file: file.to_owned(),
                line,
                column,
            });
            self.tags.len() - 1
        });
        *self.spellings[id].entry(name.to_owned()).or_insert(0) += 1;
        id
    }

    /// Names, slugs, pages and pairs; returns the tags and, per language,
    /// their ids in alphabetical order.
    pub(crate) fn finish(
        mut self,
        page_tags: impl Iterator<Item = (PageId, Vec<TagId>, jiff::Timestamp)>,
        config: &Config,
        pairs: &TagTranslations,
        diags: &mut Diagnostics,
    ) -> (Vec<Tag>, Vec<Vec<TagId>>) {
        let langs = config.languages.len();
        // The most used spelling; ties go to the first in byte order.
        for (id, (tag, spellings)) in self.tags.iter_mut().zip(&self.spellings).enumerate() {
            if let Some((name, _)) = spellings
                .iter()
                .max_by(|a, b| a.1.cmp(b.1).then_with(|| b.0.cmp(a.0)))
            {
                tag.name = name.clone();
            }
            // A tag is its own counterpart in its language.
            tag.translations = vec![None; langs];
            tag.translations[tag.lang] = Some(id);
        }
        let mut first_published: Vec<Option<jiff::Timestamp>> = vec![None; self.tags.len()];
        for (page, ids, published) in page_tags {
            for t in ids {
                self.tags[t].pages.push(page);
                let first = &mut first_published[t];
                *first = Some(first.map_or(published, |f| f.min(published)));
            }
        }
        let mut by_name: Vec<Vec<TagId>> = vec![Vec::new(); langs];
        for (id, t) in self.tags.iter().enumerate() {
            by_name[t.lang].push(id);
        }
        for list in &mut by_name {
            list.sort_by_cached_key(|id| collate::key(&self.tags[*id].name));
        }
        for list in &by_name {
            // The tag published first claims its URL first: a newcomer never
            // takes an established tag's URL.
            let mut claims = list.clone();
            claims.sort_by_key(|id| (first_published[*id].is_none(), first_published[*id]));
            self.assign_slugs(&claims, config, diags);
        }
        self.pair(config, pairs, diags);
        (self.tags, by_name)
    }

    /// Slugs of one language's tags, given by first publication then in
    /// alphabetical order: the first of tags that fold to one slug keeps it,
    /// the next get `-2`, `-3`...
    fn assign_slugs(&mut self, alphabetical: &[TagId], config: &Config, diags: &mut Diagnostics) {
        let base: Vec<String> = alphabetical
            .iter()
            .map(|t| slugify(&self.tags[*t].name))
            .collect();
        let mut used: HashSet<String> = base.iter().cloned().collect();
        let mut owner: HashMap<String, TagId> = HashMap::new();
        for (&id, slug) in alphabetical.iter().zip(base) {
            let Some(&first) = owner.get(&slug) else {
                owner.insert(slug.clone(), id);
                self.tags[id].slug = slug;
                continue;
            };
            let mut n = 2;
            let unique = loop {
                let candidate = format!("{slug}-{n}");
                if !used.contains(&candidate) {
                    break candidate;
                }
                n += 1;
            };
            used.insert(unique.clone());
            let lang = &config.languages[self.tags[id].lang];
            let at = &self.first_use[id];
            diags.push(
                Diagnostic::warning(
                    &at.file,
                    at.line,
                    at.column,
                    crate::msg!(
                        "tag.same-url",
                        first = self.tags[first].name,
                        then = self.tags[id].name,
                        url = format!("/{}{}/{slug}/", lang.prefix, lang.segments.tags),
                        moved = format!("/{}{}/{unique}/", lang.prefix, lang.segments.tags)
                    ),
                )
                .with_code("tag-collision")
                .with_hint(crate::msg!("tag.same-url.hint")),
            );
            self.tags[id].slug = unique;
        }
    }

    /// Links tags across languages from `tags.yaml`, one to one.
    fn pair(&mut self, config: &Config, pairs: &TagTranslations, diags: &mut Diagnostics) {
        let default = config.default_lang();
        for (name, others) in &pairs.pairs {
            let Some(&vi) = self.keys.get(&(0, key(&clean(name)))) else {
                continue;
            };
            for (lang, l) in config.languages.iter().enumerate().skip(1) {
                // A plain text names the tag in every other language.
                let Some(other_name) = others.get(&l.code, default).filter(|_| match others {
                    crate::yaml::Localized::Same(_) => true,
                    crate::yaml::Localized::PerLanguage(m) => {
                        m.iter().any(|(k, _)| k.value == l.code)
                    }
                }) else {
                    continue;
                };
                let Some(&other) = self.keys.get(&(lang, key(&clean(other_name)))) else {
                    continue;
                };
                if self.tags[vi].translations[lang].is_some()
                    || self.tags[other].translations[0].is_some()
                {
                    diags.push(
                        Diagnostic::warning(
                            "content/tags.yaml",
                            1,
                            1,
                            crate::msg!("tag.paired-twice", name = name, other = other_name),
                        )
                        .with_code("tags"),
                    );
                    continue;
                }
                self.tags[vi].translations[lang] = Some(other);
                self.tags[other].translations[0] = Some(vi);
            }
        }
        // Counterparts between two non-default languages follow from their pairs with the default one.
        for id in 0..self.tags.len() {
            if self.tags[id].lang != 0 {
                continue;
            }
            let links = self.tags[id].translations.clone();
            for (a, ta) in links.iter().enumerate().skip(1) {
                for (b, tb) in links.iter().enumerate().skip(1) {
                    if let (Some(ta), Some(tb)) = (ta, tb)
                        && a != b
                    {
                        self.tags[*ta].translations[b] = Some(*tb);
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        let mut d = Diagnostics::new();
        crate::config::parse(
            "title: T\nbase_url: https://x.vn/\nlanguages: [vi, en]\n".into(),
            None,
            &mut d,
        )
        .unwrap()
    }

    fn tags(names: &[(LangId, &str)], pairs: &str) -> (Vec<Tag>, Vec<Vec<TagId>>, Diagnostics) {
        let dated: Vec<(LangId, &str, i64)> = names.iter().map(|(l, n)| (*l, *n, 0)).collect();
        dated_tags(&dated, pairs)
    }

    /// Tags of pages published at the given seconds.
    fn dated_tags(
        names: &[(LangId, &str, i64)],
        pairs: &str,
    ) -> (Vec<Tag>, Vec<Vec<TagId>>, Diagnostics) {
        let config = config();
        let mut r = Registry::default();
        let ids: Vec<TagId> = names
            .iter()
            .map(|(l, n, _)| r.tag(*l, n, "a.md", 1, 1))
            .collect();
        let at = |p: usize| jiff::Timestamp::from_second(names[p].2).unwrap();
        let mut d = Diagnostics::new();
        let pairs = crate::load::data::parse_tags("content/tags.yaml", pairs, &config, &mut d)
            .unwrap_or_default();
        let (tags, by_name) = r.finish(
            ids.iter().enumerate().map(|(p, t)| (p, vec![*t], at(p))),
            &config,
            &pairs,
            &mut d,
        );
        (tags, by_name, d)
    }

    #[test]
    fn tone_mark_collisions_are_kept_apart_in_alphabetical_order() {
        let (t, by_name, d) = tags(&[(0, "Đồng Du"), (0, "Đông Du"), (0, "Đông Du 2")], "{}");
        let slug_of = |n: &str| t.iter().find(|x| x.name == n).unwrap().slug.clone();
        assert_eq!(slug_of("Đông Du"), "dong-du", "ngang comes before huyền");
        assert_eq!(
            slug_of("Đồng Du"),
            "dong-du-3",
            "dong-du-2 is already another tag's own slug"
        );
        assert_eq!(slug_of("Đông Du 2"), "dong-du-2");
        assert_eq!(d.warning_count(), 1);
        let names: Vec<&str> = by_name[0].iter().map(|i| t[*i].name.as_str()).collect();
        // Letters first, tones second: "Đồng Du" comes before the longer "Đông Du 2".
        assert_eq!(names, ["Đông Du", "Đồng Du", "Đông Du 2"]);
    }

    #[test]
    fn old_and_new_tone_placements_are_one_tag() {
        let (t, _, d) = tags(
            &[
                (0, "Hoà giải ở cơ sở"),
                (0, "Hòa giải ở cơ sở"),
                (0, "Hòa giải ở cơ sở"),
                (0, "Thuỷ lợi"),
                (0, "Thủy lợi"),
                (0, "Sức khoẻ"),
                (0, "sức khỏe"),
                (0, "Quý"),
                (0, "Qúy"),
                (0, "Toạ đàm"),
                (0, "Tọa đàm"),
                (0, "Uỷ ban"),
                (0, "Ủy ban"),
                (0, "Oà"),
                (0, "Òa"),
            ],
            "{}",
        );
        let names: Vec<&str> = t.iter().map(|x| x.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "Hòa giải ở cơ sở",
                "Thuỷ lợi",
                "Sức khoẻ",
                "Quý",
                "Toạ đàm",
                "Uỷ ban",
                "Oà"
            ],
            "one tag per word; the most used spelling, ties to the first in byte order"
        );
        assert_eq!(t[0].pages, [0, 1, 2]);
        assert_eq!(t[0].slug, "hoa-giai-o-co-so");
        assert_eq!(d.warning_count(), 0);
        // Other vowels and marks are not moved: these stay apart.
        let (t, _, _) = tags(
            &[(0, "Hoàng"), (0, "Hoang"), (0, "Xoắn"), (0, "Xòăn")],
            "{}",
        );
        assert_eq!(t.len(), 4);
    }

    #[test]
    fn an_established_tag_keeps_its_url_when_a_newcomer_collides() {
        // `Đồng Du` was published first; `Đông Du` comes later and sorts first.
        let before = dated_tags(&[(0, "Đồng Du", 100)], "{}").0;
        assert_eq!(before[0].slug, "dong-du");
        let (after, _, d) = dated_tags(&[(0, "Đồng Du", 100), (0, "Đông Du", 200)], "{}");
        assert_eq!(
            after[0].slug, "dong-du",
            "the established tag keeps its URL"
        );
        assert_eq!(after[1].slug, "dong-du-2");
        assert_eq!(d.warning_count(), 1);
    }

    #[test]
    fn spellings_merge_and_the_most_used_wins() {
        let (t, _, _) = tags(
            &[
                (0, "dân vận khéo"),
                (0, "Dân vận khéo"),
                (0, "Dân vận khéo"),
            ],
            "{}",
        );
        assert_eq!(t.len(), 1);
        assert_eq!(t[0].name, "Dân vận khéo");
        assert_eq!(t[0].pages, [0, 1, 2]);
    }

    #[test]
    fn tags_yaml_pairs_across_languages_one_to_one() {
        let (t, _, d) = tags(
            &[
                (0, "Dân vận khéo"),
                (1, "Skilful mass mobilization"),
                (0, "Tổ dân vận"),
            ],
            "dân vận khéo: skilful mass mobilization\nTổ dân vận: Mobilization teams\n",
        );
        assert_eq!(t[0].translations, [Some(0), Some(1)]);
        assert_eq!(t[1].translations, [Some(0), Some(1)]);
        assert_eq!(
            t[2].translations,
            [Some(2), None],
            "no English tag of that name is used"
        );
        assert_eq!(d.warning_count(), 0);
    }
}
