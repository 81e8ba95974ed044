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
pub struct Registry {
    keys: HashMap<(LangId, String), TagId>,
    spellings: Vec<BTreeMap<String, usize>>,
    first_use: Vec<FirstUse>,
    tags: Vec<Tag>,
}

/// Case folding for tag identity.
fn key(name: &str) -> String {
    name.to_lowercase()
}

/// Collapses inner white space: "Dân  vận" is "Dân vận".
pub fn clean(name: &str) -> String {
    name.split_whitespace().collect::<Vec<_>>().join(" ")
}

impl Registry {
    /// The tag for a spelling, created on first use.
    pub fn tag(
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
    pub fn finish(
        mut self,
        page_tags: impl Iterator<Item = (PageId, Vec<TagId>)>,
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
        for (page, ids) in page_tags {
            for t in ids {
                self.tags[t].pages.push(page);
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
            self.assign_slugs(list, config, diags);
        }
        self.pair(config, pairs, diags);
        (self.tags, by_name)
    }

    /// Slugs of one language's tags (given in alphabetical order): the first
    /// of tags that fold to one slug keeps it, the next get `-2`, `-3`...
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
                    format!(
                        "the tags `{}` and `{}` both make the URL /{}{}/{slug}/; `{}` gets /{}{}/{unique}/",
                        self.tags[first].name, self.tags[id].name, lang.prefix, lang.segments.tags, self.tags[id].name, lang.prefix, lang.segments.tags
                    ),
                ).with_code("tag-collision")
                .with_hint("if they are meant to be one tag, write them the same way"),
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
                    diags.push(Diagnostic::warning(
                        "content/tags.yaml",
                        1,
                        1,
                        format!("`{name}` or `{other_name}` is paired twice; only the first pair is used"),
                    ).with_code("tags"));
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
        let config = config();
        let mut r = Registry::default();
        let ids: Vec<TagId> = names
            .iter()
            .map(|(l, n)| r.tag(*l, n, "a.md", 1, 1))
            .collect();
        let mut d = Diagnostics::new();
        let pairs = crate::load::data::parse_tags("content/tags.yaml", pairs, &config, &mut d)
            .unwrap_or_default();
        let (tags, by_name) = r.finish(
            ids.iter().enumerate().map(|(p, t)| (p, vec![*t])),
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
