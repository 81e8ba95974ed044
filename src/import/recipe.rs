//! The selector file (`--config`) that says where a saved portal's pages keep
//! each part of an article: CSS selectors for the title, date, body, author,
//! main picture (and optionally its caption, a summary, tags, parts of the
//! body to leave out), which saved files are articles, and the old site's
//! address. Every selector is checked before anything is read, and a bad one
//! is an error at its line and column in the file.
//!
//! ```yaml
//! site_url: http://haiduong.dcs.vn/
//! articles:
//!   files: "Default.aspx?tabid=*&ID=*.html"
//!   has: .news-detail
//! title: .news-detail h1
//! date: .news-detail .date
//! body: .news-detail .content
//! author: [.news-detail .author, .news-detail p.tac-gia]
//! drop: [.share, table.other-news]
//! ```

use std::fmt;

use scraper::Selector;
use serde::Deserialize;
use serde::de::{self, SeqAccess, Visitor};

use crate::diag::Diagnostic;
use crate::yaml::{Spanned, YamlSource, position};

use super::urls::Url;

/// One selector or a list of them, each with where it is written.
#[derive(Debug, Clone, Default)]
struct Texts(Vec<(String, Option<(usize, usize)>)>);

impl<'de> Deserialize<'de> for Texts {
    fn deserialize<D: de::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Texts;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a CSS selector, or a list of them tried in order")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Texts, E> {
                Ok(Texts(vec![(v.to_owned(), None)]))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Texts, A::Error> {
                let mut out = Vec::new();
                while let Some(item) = seq.next_element::<Spanned<String>>()? {
                    let at = position(&item);
                    out.push((item.value, (at.0 > 0).then_some(at)));
                }
                Ok(Texts(out))
            }
        }
        d.deserialize_any(V)
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct ArticlesFile {
    files: Option<Spanned<Texts>>,
    has: Option<Spanned<Texts>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RecipeFile {
    site_url: Option<Spanned<String>>,
    articles: Option<ArticlesFile>,
    title: Option<Spanned<Texts>>,
    date: Option<Spanned<Texts>>,
    body: Option<Spanned<Texts>>,
    author: Option<Spanned<Texts>>,
    image: Option<Spanned<Texts>>,
    image_caption: Option<Spanned<Texts>>,
    summary: Option<Spanned<Texts>>,
    tags: Option<Spanned<Texts>>,
    drop: Option<Spanned<Texts>>,
}

/// A compiled selector file.
#[derive(Debug, Clone)]
pub struct Recipe {
    /// The old site's address (host, and the path the saved folder starts at).
    pub(crate) site_url: Option<Url>,
    /// Globs over the paths inside the saved folder.
    pub(crate) files: Vec<String>,
    /// A page is an article when it has one of these.
    pub(crate) has: Vec<Selector>,
    pub(crate) title: Vec<Selector>,
    pub(crate) date: Vec<Selector>,
    pub(crate) body: Vec<Selector>,
    pub(crate) author: Vec<Selector>,
    pub(crate) image: Vec<Selector>,
    pub(crate) image_caption: Vec<Selector>,
    pub(crate) summary: Vec<Selector>,
    pub(crate) tags: Vec<Selector>,
    pub(crate) drop: Vec<Selector>,
}

/// Every key of a selector file, as the guide documents them
/// (`articles.files` is `files:` under `articles:`).
pub const KEYS: [&str; 12] = [
    "site_url",
    "articles.files",
    "articles.has",
    "title",
    "date",
    "body",
    "author",
    "image",
    "image_caption",
    "summary",
    "tags",
    "drop",
];

/// Reads a selector file; every problem in it is reported.
pub fn parse(file: &str, text: &str) -> Result<Recipe, Vec<Diagnostic>> {
    let source = YamlSource::file(file, text);
    let raw: RecipeFile = source.parse().map_err(|d| vec![d])?;
    let mut problems = Vec::new();
    let mut compile = |key: &str, value: Option<Spanned<Texts>>, required: bool| -> Vec<Selector> {
        let Some(value) = value else {
            if required {
                problems.push(
                    source
                        .error(1, 1, crate::msg!("recipe.missing", key = key))
                        .with_code("recipe")
                        .with_hint(crate::msg!("recipe.missing.hint", key = key)),
                );
            }
            return Vec::new();
        };
        let outer = position(&value);
        let mut out = Vec::new();
        for (text, at) in value.value.0 {
            let (line, column) = at.unwrap_or(outer);
            match Selector::parse(&text) {
                Ok(s) if !text.trim().is_empty() => out.push(s),
                Ok(_) => problems.push(
                    source
                        .error(line, column, crate::msg!("recipe.empty", key = key))
                        .with_code("selector"),
                ),
                Err(e) => problems.push(
                    source
                        .error(
                            line,
                            column,
                            crate::msg!("recipe.bad-selector", text = text, error = e),
                        )
                        .with_code("selector")
                        .with_hint(crate::msg!("recipe.bad-selector.hint")),
                ),
            }
        }
        out
    };
    let title = compile("title", raw.title, true);
    let date = compile("date", raw.date, true);
    let body = compile("body", raw.body, true);
    let author = compile("author", raw.author, false);
    let image = compile("image", raw.image, false);
    let image_caption = compile("image_caption", raw.image_caption, false);
    let summary = compile("summary", raw.summary, false);
    let tags = compile("tags", raw.tags, false);
    let drop = compile("drop", raw.drop, false);
    let (files, has) = match raw.articles {
        Some(a) => {
            let has = compile("articles.has", a.has, false);
            let files = a
                .files
                .map(|f| {
                    f.value
                        .0
                        .into_iter()
                        .map(|(t, _)| t.trim().to_owned())
                        .collect()
                })
                .unwrap_or_default();
            (files, has)
        }
        None => (Vec::new(), Vec::new()),
    };
    let site_url = match raw.site_url {
        Some(u) => match Url::absolute(&u.value).filter(|u| u.host.is_some()) {
            Some(url) => Some(url),
            None => {
                problems.push(
                    source
                        .error_at(&u, crate::msg!("recipe.bad-url", url = u.value))
                        .with_code("recipe")
                        .with_hint(crate::msg!("recipe.bad-url.hint")),
                );
                None
            }
        },
        None => None,
    };
    if !problems.is_empty() {
        return Err(problems);
    }
    let files = if files.is_empty() {
        vec!["**/*.html".to_owned(), "**/*.htm".to_owned()]
    } else {
        files
    };
    let has = if has.is_empty() { body.clone() } else { has };
    Ok(Recipe {
        site_url,
        files,
        has,
        title,
        date,
        body,
        author,
        image,
        image_caption,
        summary,
        tags,
        drop,
    })
}

/// Whether a `/`-separated path matches a glob: `*` is any run of characters
/// but `/`, `**/` any number of folders, `?` any one character (so it also
/// matches the `?` wget keeps in a saved page's name).
pub(crate) fn glob_matches(pattern: &str, path: &str) -> bool {
    let p: Vec<char> = pattern.trim_start_matches("./").chars().collect();
    let s: Vec<char> = path.chars().collect();
    matches_from(&p, &s)
}

fn matches_from(p: &[char], s: &[char]) -> bool {
    match p.first() {
        None => s.is_empty(),
        Some('*') if p.get(1) == Some(&'*') => {
            if p.get(2) == Some(&'/') {
                // `**/` is any number of whole folders, none included.
                let rest = &p[3..];
                (0..=s.len()).any(|i| (i == 0 || s[i - 1] == '/') && matches_from(rest, &s[i..]))
            } else {
                let rest = &p[2..];
                (0..=s.len()).any(|i| matches_from(rest, &s[i..]))
            }
        }
        Some('*') => {
            (0..=s.len()).any(|i| !s[..i].contains(&'/') && matches_from(&p[1..], &s[i..]))
        }
        Some('?') => !s.is_empty() && matches_from(&p[1..], &s[1..]),
        Some(c) => s.first() == Some(c) && matches_from(&p[1..], &s[1..]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_selector_file_with_lists_and_defaults() {
        let r = parse(
            "portal.yaml",
            "site_url: http://www.haiduong.dcs.vn/\ntitle: .tin h1\ndate: [.tin .ngay, .tin time]\nbody: .tin .noi-dung\ndrop: [.chia-se]\n",
        )
        .unwrap();
        assert_eq!(r.site_url.unwrap().host.as_deref(), Some("haiduong.dcs.vn"));
        assert_eq!(r.date.len(), 2);
        assert_eq!(r.files, ["**/*.html", "**/*.htm"]);
        assert_eq!(r.has.len(), 1);
        assert!(r.author.is_empty());
    }

    #[test]
    fn bad_selectors_and_missing_keys_are_located() {
        let errors = parse(
            "portal.yaml",
            "title: .tin h1\ndate: [.ngay, \"div[\"]\nbody: \"p >\"\n",
        )
        .unwrap_err();
        let at: Vec<(usize, usize)> = errors.iter().map(|d| (d.line, d.column)).collect();
        assert_eq!(at, [(2, 15), (3, 7)], "{errors:?}");
        assert!(
            errors[0]
                .message
                .starts_with("`div[` is not a CSS selector"),
            "{}",
            errors[0].message
        );
        let errors = parse("portal.yaml", "title: h1\nbody: .x\nauthr: .y\n").unwrap_err();
        assert_eq!(errors[0].line, 3);
        assert_eq!(errors[0].hint.as_deref(), Some("did you mean `author`?"));
        let errors = parse("portal.yaml", "title: h1\nbody: .x\n").unwrap_err();
        assert!(errors[0].message.contains("no `date:`"));
        let errors = parse(
            "portal.yaml",
            "title: h1\ndate: .d\nbody: .x\nsite_url: haiduong\n",
        )
        .unwrap_err();
        assert_eq!((errors[0].line, errors[0].column), (4, 11));
        assert!(parse("portal.yaml", "title: [h1\n").is_err());
    }

    /// KEYS (which the guide is checked against) are exactly the keys the file takes.
    #[test]
    fn the_documented_keys_are_the_keys_read() {
        let expected = |yaml: &str| -> Vec<String> {
            let errors = parse("k.yaml", yaml).unwrap_err();
            let message = &errors[0].message;
            let list = message.split_once("expected one of").unwrap().1;
            list.split([',', ' ', '`'])
                .filter(|w| !w.is_empty())
                .map(str::to_owned)
                .collect()
        };
        let mut read: Vec<String> = expected("zzz: 1\n")
            .into_iter()
            .filter(|k| k != "articles")
            .collect();
        read.extend(
            expected("articles: {zzz: 1}\n")
                .into_iter()
                .map(|k| format!("articles.{k}")),
        );
        read.sort();
        let mut documented: Vec<String> = KEYS.iter().map(|k| (*k).to_owned()).collect();
        documented.sort();
        assert_eq!(read, documented);
    }

    #[test]
    fn globs() {
        assert!(glob_matches(
            "Default.aspx?tabid=*&ID=*.html",
            "Default.aspx?tabid=85&ID=1234.html"
        ));
        assert!(!glob_matches(
            "Default.aspx?tabid=*&ID=*.html",
            "Default.aspx?tabid=85.html"
        ));
        assert!(glob_matches("**/*.html", "a.html"));
        assert!(glob_matches("**/*.html", "tin-tuc/2017/a.html"));
        assert!(!glob_matches("*.html", "tin-tuc/a.html"));
        assert!(glob_matches("tin-tuc/**", "tin-tuc/2017/a.html"));
        assert!(glob_matches(
            "tin-tuc/*/chi-tiet-*.htm",
            "tin-tuc/2017/chi-tiet-12.htm"
        ));
        assert!(!glob_matches("tin-tuc/*.htm", "tin-tuc/a.html"));
    }
}
