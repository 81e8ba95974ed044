//! `languages:` and `paths:`: the site's languages, the default first, and
//! the URL segments of the pages kheo generates in each.

use serde::Deserialize;

use super::Checker;
use crate::limits;
use crate::slug;
use crate::yaml::{Pairs, Spanned, unspanned};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawSegments {
    tags: Option<Spanned<String>>,
    teams: Option<Spanned<String>>,
    regions: Option<Spanned<String>>,
    statistics: Option<Spanned<String>>,
    archive: Option<Spanned<String>>,
    search: Option<Spanned<String>>,
    documents: Option<Spanned<String>>,
    page: Option<Spanned<String>>,
}

/// The generated URL segments of one language (SPEC §3).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Segments {
    pub(crate) tags: String,
    pub(crate) teams: String,
    pub(crate) regions: String,
    pub(crate) statistics: String,
    pub(crate) archive: String,
    pub(crate) search: String,
    pub(crate) documents: String,
    pub(crate) page: String,
}

/// The names of the generated URL segments, as written under `paths:`.
pub(crate) const SEGMENT_NAMES: [&str; 8] = [
    "tags",
    "teams",
    "regions",
    "statistics",
    "archive",
    "search",
    "documents",
    "page",
];

impl Segments {
    /// A segment by its name under `paths:`.
    pub(crate) fn get_mut(&mut self, name: &str) -> Option<&mut String> {
        Some(match name {
            "tags" => &mut self.tags,
            "teams" => &mut self.teams,
            "regions" => &mut self.regions,
            "statistics" => &mut self.statistics,
            "archive" => &mut self.archive,
            "search" => &mut self.search,
            "documents" => &mut self.documents,
            "page" => &mut self.page,
            _ => return None,
        })
    }

    pub(crate) fn get(&self, name: &str) -> Option<&str> {
        Some(match name {
            "tags" => &self.tags,
            "teams" => &self.teams,
            "regions" => &self.regions,
            "statistics" => &self.statistics,
            "archive" => &self.archive,
            "search" => &self.search,
            "documents" => &self.documents,
            "page" => &self.page,
            _ => return None,
        })
    }

    /// The spec's defaults: Vietnamese words for `vi`, English for every other language.
    pub(crate) fn defaults(lang: &str) -> Segments {
        let words: [&str; 8] = if lang == "vi" {
            [
                "chu-de",
                "to-dan-van",
                "dia-ban",
                "so-lieu",
                "luu-tru",
                "tim-kiem",
                "van-ban",
                "trang",
            ]
        } else {
            [
                "tags",
                "teams",
                "regions",
                "statistics",
                "archive",
                "search",
                "documents",
                "page",
            ]
        };
        let [
            tags,
            teams,
            regions,
            statistics,
            archive,
            search,
            documents,
            page,
        ] = words.map(str::to_owned);
        Segments {
            tags,
            teams,
            regions,
            statistics,
            archive,
            search,
            documents,
            page,
        }
    }
}

/// A language of the site.
#[derive(Debug, Clone)]
pub(crate) struct Language {
    pub(crate) code: String,
    /// URL prefix: empty for the default language, `en/` for English.
    pub(crate) prefix: String,
    pub(crate) segments: Segments,
    /// The segments site.yaml set under `paths:` (the others are defaults,
    /// which give way to a section folder of the same name).
    pub(crate) explicit: Vec<&'static str>,
}

/// The language codes of `languages:` (Vietnamese alone when it is missing or
/// wrong), each checked and listed once.
pub(super) fn codes(
    given: Option<&Spanned<Vec<Spanned<String>>>>,
    chk: &mut Checker,
) -> Vec<Spanned<String>> {
    let mut codes: Vec<Spanned<String>> = Vec::new();
    match given {
        None => codes.push(unspanned("vi".to_owned())),
        Some(list) if list.value.is_empty() => {
            chk.error(list, crate::msg!("config.languages-empty"))
        }
        Some(list) => {
            // Every page links to each language (see limits.rs).
            if let Some(extra) = list.value.get(limits::MAX_LANGUAGES) {
                let d = limits::too_many(
                    &chk.src,
                    &crate::msg!("limits.what-languages"),
                    list.value.len(),
                    limits::MAX_LANGUAGES,
                    extra,
                );
                chk.diags.push(d);
            }
            for l in list.value.iter().take(limits::MAX_LANGUAGES) {
                if !is_language_code(&l.value) {
                    chk.error(l, crate::msg!("config.language-code", code = l.value));
                } else if codes.iter().any(|c| c.value == l.value) {
                    chk.error(l, crate::msg!("config.language-twice", code = l.value));
                } else {
                    codes.push(l.clone());
                }
            }
        }
    }
    if codes.is_empty() {
        codes.push(unspanned("vi".to_owned()));
    }
    codes
}

/// The languages with their URL prefixes and segments, `paths:` applied.
pub(super) fn languages(
    paths: &Pairs<Spanned<String>, RawSegments>,
    chk: &mut Checker,
) -> Vec<Language> {
    let mut languages: Vec<Language> = chk
        .codes
        .iter()
        .enumerate()
        .map(|(i, c)| Language {
            code: c.value.clone(),
            prefix: if i == 0 {
                String::new()
            } else {
                format!("{}/", c.value)
            },
            segments: Segments::defaults(&c.value),
            explicit: Vec::new(),
        })
        .collect();
    for (lang, segs) in &paths.0 {
        let Some(language) = languages.iter_mut().find(|l| l.code == lang.value) else {
            let known = chk.code_list();
            chk.error(
                lang,
                crate::msg!("config.paths-language", code = lang.value, known = known),
            );
            continue;
        };
        let given = [
            &segs.tags,
            &segs.teams,
            &segs.regions,
            &segs.statistics,
            &segs.archive,
            &segs.search,
            &segs.documents,
            &segs.page,
        ];
        for (name, given) in SEGMENT_NAMES.into_iter().zip(given) {
            let Some(v) = given else { continue };
            if let Some(why) = limits::long_segment(&v.value) {
                chk.error(v, why);
            } else if slug::is_slug(&v.value) {
                if let Some(slot) = language.segments.get_mut(name) {
                    *slot = v.value.clone();
                }
                language.explicit.push(name);
            } else {
                chk.error(
                    v,
                    crate::msg!(
                        "load.slug-not-segment",
                        value = v.value,
                        example = slug::slugify(&v.value)
                    ),
                );
            }
        }
    }
    languages
}

pub(super) fn is_language_code(code: &str) -> bool {
    let (lang, region) = code.split_once('-').unwrap_or((code, ""));
    (2..=3).contains(&lang.len())
        && lang.bytes().all(|b| b.is_ascii_lowercase())
        && (region.is_empty()
            || (region.len() <= 8 && region.bytes().all(|b| b.is_ascii_alphanumeric())))
}

#[cfg(test)]
mod tests {
    use super::super::tests::{MINIMAL, ok};
    use super::*;

    #[test]
    fn language_codes() {
        assert!(is_language_code("vi"));
        assert!(is_language_code("pt-BR"));
        assert!(!is_language_code("Vietnamese"));
        assert!(!is_language_code("v"));
    }

    #[test]
    fn paths_override_segments() {
        let c = ok(&format!(
            "{MINIMAL}paths:\n  en: {{tags: topics}}\n  vi: {{page: p}}\n"
        ));
        assert_eq!(c.languages[1].segments.tags, "topics");
        assert_eq!(c.languages[0].segments.page, "p");
    }
}
