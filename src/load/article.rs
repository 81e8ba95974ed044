//! An article file: front matter (strict: unknown keys are errors unless
//! under `extra:`) and Markdown body.

use jiff::Zoned;
use serde::Deserialize;

use crate::config::Config;
use crate::date;
use crate::diag::{Diagnostic, Diagnostics};
use crate::limits;
use crate::load::frontmatter;
use crate::markdown;
use crate::yaml::{Spanned, YamlSource};

/// Front matter as written (SPEC §1.2).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FrontMatter {
    pub(crate) title: Spanned<String>,
    #[serde(default)]
    pub(crate) date: Option<Spanned<String>>,
    #[serde(default)]
    pub(crate) updated: Option<Spanned<String>>,
    #[serde(default)]
    pub(crate) author: Option<String>,
    #[serde(default)]
    pub(crate) summary: Option<String>,
    #[serde(default)]
    pub(crate) tags: Vec<Spanned<String>>,
    #[serde(default)]
    pub(crate) teams: Vec<Spanned<String>>,
    #[serde(default)]
    pub(crate) region: Vec<Spanned<String>>,
    #[serde(default)]
    pub(crate) image: Option<Spanned<String>>,
    #[serde(default)]
    pub(crate) image_caption: Option<String>,
    #[serde(default)]
    pub(crate) slug: Option<Spanned<String>>,
    #[serde(default)]
    pub(crate) aliases: Vec<Spanned<String>>,
    #[serde(default, deserialize_with = "crate::yaml::flag")]
    pub(crate) draft: bool,
    #[serde(default, deserialize_with = "crate::yaml::flag")]
    pub(crate) featured: bool,
    /// Order in a section sorted by `weight` (lower first).
    #[serde(default, deserialize_with = "crate::yaml::whole_opt")]
    pub(crate) weight: Option<i64>,
    /// Free-form values passed to templates as `page.extra`.
    #[serde(default)]
    pub(crate) extra: Option<serde_json::Value>,
}

/// Where an article file sits and which language it is in, from its path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ArticlePath {
    /// Site-root relative: `content/tin-tuc/2024-08-16-x.en.md`.
    pub(crate) file: String,
    /// Content-relative folder: `tin-tuc` (empty at the content root).
    pub(crate) dir: String,
    /// The file name without language suffix and `.md`: `2024-08-16-x`.
    pub(crate) stem: String,
    pub(crate) lang: String,
}

/// A parsed article, ready for the model.
#[derive(Debug, Clone)]
pub struct ArticleSource {
    pub(crate) path: ArticlePath,
    pub(crate) fm: FrontMatter,
    /// The front matter text, for diagnostics raised by later stages.
    pub(crate) fm_text: String,
    pub(crate) date: Zoned,
    pub(crate) has_time: bool,
    pub(crate) updated: Option<Zoned>,
    /// The written summary, or the first paragraph as plain text.
    pub(crate) summary: String,
    /// Whether `summary:` was written (it is then taken out of `fm`,
    /// so that the text is held once).
    pub(crate) summary_written: bool,
    pub(crate) body: super::Body,
    pub(crate) body_line: usize,
}

impl ArticleSource {
    /// A diagnostic source pointing into this file's front matter.
    pub(crate) fn yaml(&self) -> YamlSource<'_> {
        YamlSource {
            file: &self.path.file,
            yaml: &self.fm_text,
            first_line: 2,
        }
    }
}

/// The longest default summary; longer first paragraphs are cut at a word.
pub(crate) const SUMMARY_CHARS: usize = 320;

/// Parses a decoded article file, read from `file`; `hold` keeps its body
/// in memory (see [`super::Body`]).
pub fn parse(
    path: ArticlePath,
    text: &str,
    file: &std::path::Path,
    hold: bool,
    config: &Config,
    diags: &mut Diagnostics,
) -> Option<ArticleSource> {
    let split = frontmatter::split_reported(
        text,
        &path.file,
        &crate::msg!("load.article-no-front-matter"),
        diags,
    )?;
    let src = YamlSource {
        file: &path.file,
        yaml: split.yaml,
        first_line: 2,
    };
    let mut fm: FrontMatter = match src.parse() {
        Ok(fm) => fm,
        Err(d) => {
            diags.push(d);
            return None;
        }
    };
    let before = diags.error_count();
    limits::check_tags(&src, &fm.tags, diags);
    limits::check_region_list(&src, &fm.region, diags);
    if fm.title.value.trim().is_empty() {
        diags.push(
            src.error_at(&fm.title, crate::msg!("load.title-empty"))
                .with_code("front-matter"),
        );
    }

    let tz = &config.timezone;
    let date_problem = |s: &Spanned<String>, e: date::DateError| {
        src.error_at(s, e.0)
            .with_code("date")
            .with_hint(date::forms_hint(&s.value))
    };
    let (date, has_time) = match &fm.date {
        Some(d) => match date::parse(&d.value).and_then(|w| Ok((w.resolve(tz)?, w.has_time))) {
            Ok((z, has_time)) => (Some(z), has_time),
            Err(e) => {
                diags.push(date_problem(d, e));
                (None, false)
            }
        },
        None => match date::split_filename_date(&path.stem) {
            Some((day, _)) => match day.to_zoned(tz.clone()) {
                Ok(z) => (Some(z), false),
                Err(e) => {
                    diags.push(
                        Diagnostic::error(
                            &path.file,
                            1,
                            1,
                            crate::msg!("load.file-date-unplaceable", error = e),
                        )
                        .with_code("date"),
                    );
                    (None, false)
                }
            },
            None if date::filename_date_problem(&path.stem).is_some() => {
                let why = date::filename_date_problem(&path.stem)
                    .map(|e| e.0)
                    .unwrap_or_default();
                diags.push(
                    Diagnostic::error(
                        &path.file,
                        1,
                        1,
                        crate::msg!("load.file-date-invalid", why = why),
                    )
                    .with_code("date")
                    .with_hint(crate::msg!("load.file-date-invalid.hint")),
                );
                (None, false)
            }
            None => {
                diags.push(
                    Diagnostic::error(&path.file, 1, 1, crate::msg!("load.no-date"))
                        .with_code("date")
                        .with_source(text)
                        .with_hint(crate::msg!("load.no-date.hint")),
                );
                (None, false)
            }
        },
    };
    let updated = match &fm.updated {
        Some(u) => match date::parse(&u.value).and_then(|w| w.resolve(tz)) {
            Ok(z) => Some(z),
            Err(e) => {
                diags.push(date_problem(u, e));
                None
            }
        },
        None => None,
    };
    if let (Some(d), Some(u), Some(us)) = (&date, &updated, &fm.updated)
        && u < d
    {
        diags.push(
            src.error_at(us, crate::msg!("load.updated-before-date"))
                .with_code("date"),
        );
    }
    if diags.error_count() > before {
        return None;
    }
    let date = date?;

    let settings = markdown::Settings {
        raw_html: config.markdown.raw_html,
        smart_punctuation: config.markdown.smart_punctuation,
    };
    let summary_written = fm.summary.is_some();
    let summary = match fm.summary.take() {
        Some(s) if s.trim().len() == s.len() => s,
        Some(s) => s.trim().to_owned(),
        None => markdown::summary(split.body, settings, SUMMARY_CHARS),
    };
    // The body is the end of the text.
    let start = text.len() - split.body.len();
    let citations = markdown::citations(split.body, settings)
        .into_iter()
        .map(|(offset, key)| {
            let (line, column, text) =
                crate::doc_numbers::position(split.body, offset, split.body_line);
            super::Citation {
                key,
                line,
                column,
                text,
            }
        })
        .collect();
    Some(ArticleSource {
        fm_text: split.yaml.to_owned(),
        body: super::Body::new(file, text, start..text.len(), hold, citations)
            .with_refs(markdown::local_refs(split.body, settings)),
        body_line: split.body_line,
        date,
        has_time,
        updated,
        summary,
        summary_written,
        fm,
        path,
    })
}

/// Splits `tin-tuc/2024-08-16-x.en.md` into folder, stem and language.
/// `None` when the suffix names a language the site does not have
/// (the caller warns; such a file is skipped).
pub fn article_path(content_rel: &str, config: &Config) -> Result<ArticlePath, String> {
    let (dir, name) = content_rel.rsplit_once('/').unwrap_or(("", content_rel));
    let base = name.strip_suffix(".md").unwrap_or(name);
    let default = config.default_lang().to_owned();
    let (stem, lang) = match base.rsplit_once('.') {
        Some((stem, suffix)) if config.has_language(suffix) => (stem.to_owned(), suffix.to_owned()),
        Some((_, suffix)) if looks_like_language(suffix) => {
            return Err(crate::msg!("load.unknown-language-suffix", suffix = suffix));
        }
        _ => (base.to_owned(), default),
    };
    Ok(ArticlePath {
        file: format!("content/{content_rel}"),
        dir: dir.to_owned(),
        stem,
        lang,
    })
}

fn looks_like_language(s: &str) -> bool {
    (2..=3).contains(&s.len()) && s.bytes().all(|b| b.is_ascii_lowercase())
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

    fn path(rel: &str) -> ArticlePath {
        article_path(rel, &config()).unwrap()
    }

    fn parse_ok(rel: &str, text: &str) -> ArticleSource {
        let mut d = Diagnostics::new();
        let a = parse(
            path(rel),
            text,
            std::path::Path::new("x.md"),
            true,
            &config(),
            &mut d,
        );
        assert!(!d.has_errors(), "{:?}", d.into_sorted());
        a.unwrap()
    }

    fn parse_err(rel: &str, text: &str) -> Vec<Diagnostic> {
        let mut d = Diagnostics::new();
        assert!(
            parse(
                path(rel),
                text,
                std::path::Path::new("x.md"),
                true,
                &config(),
                &mut d
            )
            .is_none()
        );
        d.into_sorted()
    }

    #[test]
    fn paths_and_languages() {
        let p = path("tin-tuc/2024-08-16-giai-phap.en.md");
        assert_eq!(
            (p.dir.as_str(), p.stem.as_str(), p.lang.as_str()),
            ("tin-tuc", "2024-08-16-giai-phap", "en")
        );
        assert_eq!(path("gioi-thieu.md").dir, "");
        assert_eq!(path("a/b/x.vi.md").lang, "vi");
        assert_eq!(path("a/v1.2.md").stem, "v1.2");
        assert!(article_path("a/x.fr.md", &config()).is_err());
    }

    #[test]
    fn date_from_file_name_and_default_summary() {
        let a = parse_ok(
            "tin-tuc/2024-08-16-x.md",
            "---\ntitle: X\n---\n\nĐoạn đầu.\n\nĐoạn hai.\n",
        );
        assert_eq!((a.date.year(), a.date.month(), a.date.day()), (2024, 8, 16));
        assert_eq!(a.summary, "Đoạn đầu.");
        assert!(!a.summary_written);
        assert_eq!(a.body_line, 4);
        assert!(!a.has_time);
    }

    #[test]
    fn front_matter_date_wins_and_is_day_first() {
        let a = parse_ok(
            "tin-tuc/2024-08-16-x.md",
            "---\ntitle: X\ndate: 02/08/2019 15:23\nsummary: Tóm tắt\n---\nBody\n",
        );
        assert_eq!(
            (a.date.year(), a.date.month(), a.date.day(), a.date.hour()),
            (2019, 8, 2, 15)
        );
        assert_eq!(a.summary, "Tóm tắt");
        // Held once: taken out of the front matter.
        assert!(a.summary_written && a.fm.summary.is_none());
        assert!(a.has_time);
    }

    #[test]
    fn unknown_keys_but_extra_is_free() {
        let e = parse_err("x.md", "---\ntitle: X\ndate: 2024-01-01\ntittle: Y\n---\n");
        assert_eq!((e[0].line, e[0].column), (4, 1));
        assert_eq!(e[0].hint.as_deref(), Some("did you mean `title`?"));
        let a = parse_ok(
            "x.md",
            "---\ntitle: X\ndate: 2024-01-01\nextra: {views: 654, source: {name: Báo}}\n---\n",
        );
        assert_eq!(a.fm.extra.unwrap()["views"], 654);
    }

    #[test]
    fn date_problems_are_all_reported() {
        let e = parse_err(
            "x.md",
            "---\ntitle: X\ndate: 31/02/2024\nupdated: hôm qua\n---\n",
        );
        assert_eq!(e.len(), 2);
        assert_eq!((e[0].line, e[0].column), (3, 7));
        assert!(e[0].message.contains("February 2024 has 29 days"));
        assert_eq!(e[1].line, 4);
        let e = parse_err("x.md", "---\ntitle: X\n---\n");
        assert!(e[0].message.contains("no `date:`"));
        let e = parse_err(
            "x.md",
            "---\ntitle: X\ndate: 2024-05-01\nupdated: 2024-04-01\n---\n",
        );
        assert!(e[0].message.contains("before"));
    }

    proptest::proptest! {
        /// No front matter, however broken, makes the loader panic.
        #[test]
        fn loading_never_panics(
            fm in "(title|date|tags|teams|slug|draft|extra|summary|updated|aliases|image)?[:\\- \\[\\]{}a-zđ0-9/.,'\"\n]{0,80}",
            body in "[#*_`\\[\\]()!\\-\n a-z]{0,60}",
            closed in proptest::bool::ANY,
        ) {
            let end = if closed { "\n---\n" } else { "\n" };
            let text = format!("---\n{fm}{end}{body}");
            let mut d = Diagnostics::new();
            if let Some(a) = parse(path("tin-tuc/x.md"), &text, std::path::Path::new("x.md"), true, &config(), &mut d) {
                proptest::prop_assert!(!a.fm.title.value.trim().is_empty());
            }
            for x in d.into_sorted() {
                proptest::prop_assert!(x.line >= 1 && x.column >= 1);
            }
        }
    }

    #[test]
    fn split_errors() {
        assert!(
            parse_err("x.md", "title: X\n")[0]
                .message
                .contains("must start with front matter")
        );
        let e = parse_err("x.md", "---\ntitle: X\n");
        assert!(e[0].message.contains("not closed"));
    }
}
