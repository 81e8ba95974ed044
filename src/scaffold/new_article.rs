//! `kheo new`: a new article file with its front matter filled in.
//!
//! In the default language the file is `content/<section>/<yyyy-mm-dd>-<slug>.md`,
//! dated now in the site's time zone, its slug made from the title. In another
//! language (`--lang en`) it is the translation of an article the editor names
//! with `--of`: the same file name with `.en.md`, beside the original, with the
//! original's date, tags (in that language when `tags.yaml` has them), teams,
//! region and cover, and a `slug:` made from the translated title.
//!
//! The site is read with the same loader as a build, so sections, teams,
//! languages and the time zone are exactly what `kheo build` sees.

use std::fs;
use std::io::{self, Write as _};
use std::path::PathBuf;

use jiff::Timestamp;

use crate::config::Config;
use crate::diag::{self, Diagnostic, Diagnostics};
use crate::load::{self, ArticleSource, Sources};
use crate::scaffold::yaml_text::{list, scalar};
use crate::slug::slugify;
use crate::text::nfc_str;

/// What `kheo new` was asked to do.
#[derive(Debug, Clone)]
pub struct NewOptions {
    /// The site root (the folder holding `content/`).
    pub root: PathBuf,
    /// The section's folder under `content/`.
    pub section: String,
    /// The title, in the language of the new file.
    pub title: String,
    /// The language of the new file; default: the site's first language.
    pub lang: Option<String>,
    /// For a translation: the original article (its file, file name or slug).
    pub of: Option<String>,
    /// Team ids to add to `teams:`.
    pub teams: Vec<String>,
    /// "Now": the article's date (the binary passes the clock; tests a fixed time).
    pub now: Timestamp,
}

/// The file `kheo new` wrote.
#[derive(Debug)]
pub struct NewArticle {
    /// Relative to the site root: `content/tin-tuc/2026-11-22-hoi-nghi.md`.
    pub file: String,
    /// Where it is on disk (`root` joined with `file`).
    pub path: PathBuf,
    /// Things the editor should know (tags copied untranslated...).
    pub notes: Vec<String>,
}

/// Why `kheo new` wrote nothing.
#[derive(Debug)]
pub enum NewError {
    /// The command line asks for something that cannot be done as written (exit code 2).
    Usage(String),
    /// The site, or a value given, has problems (exit code 1).
    Site(Vec<Diagnostic>),
}

/// Writes the new article, refusing to replace any file.
pub fn new_article(opts: &NewOptions) -> Result<NewArticle, NewError> {
    let slug = slugify(&opts.title);
    if opts.title.trim().is_empty() || slug.is_empty() {
        return Err(NewError::Usage(crate::msg!(
            "new.title-no-letters",
            title = opts.title
        )));
    }
    let mut diags = Diagnostics::new();
    let Some(sources) = load::load(&opts.root, None, &mut diags) else {
        return Err(NewError::Site(errors_only(diags)));
    };
    let config = &sources.config;
    let default_lang = config.default_lang().to_owned();
    let lang = opts.lang.clone().unwrap_or_else(|| default_lang.clone());
    let translating = lang != default_lang;
    if !translating && opts.of.is_some() {
        return Err(NewError::Usage(crate::msg!(
            "new.of-without-lang",
            lang = default_lang
        )));
    }

    // Every problem with the values given is reported at once.
    let mut problems = Vec::new();
    if !config.has_language(&lang) {
        problems.push(
            Diagnostic::error(
                "--lang",
                1,
                1,
                crate::msg!(
                    "load.not-a-site-language",
                    key = lang,
                    langs = language_list(config)
                ),
            )
            .with_code("usage")
            .with_hint(crate::msg!(
                "new.add-language.hint",
                file = crate::config::SITE_FILE
            )),
        );
    }
    let section = opts
        .section
        .trim_start_matches("./")
        .trim_start_matches("content/")
        .trim_end_matches('/');
    if !sources.sections.iter().any(|s| s.folder == section) {
        problems.push(unknown_section(section, &sources));
    }
    for id in &opts.teams {
        if !sources.teams.iter().any(|t| &t.id == id) {
            problems.push(unknown_team(id, &sources, &diags));
        }
    }
    if !problems.is_empty() {
        return Err(NewError::Site(problems));
    }

    let draft = if translating {
        let Some(of) = &opts.of else {
            return Err(NewError::Usage(missing_of(section, &lang, &sources)));
        };
        let original = find_original(of, section, &sources, &diags)?;
        translation(original, &opts.title, &slug, &lang, opts, &sources)?
    } else {
        original(section, &opts.title, &slug, opts, &sources)?
    };
    write_new(&opts.root, draft)
}

/// A file about to be written.
struct Draft {
    file: String,
    text: String,
    notes: Vec<String>,
}

/// A new article in the default language.
fn original(
    section: &str,
    title: &str,
    slug: &str,
    opts: &NewOptions,
    sources: &Sources,
) -> Result<Draft, NewError> {
    let config = &sources.config;
    let now = opts.now.to_zoned(config.timezone.clone());
    let day = now.strftime("%Y-%m-%d").to_string();
    let file = format!("content/{section}/{day}-{slug}.md");
    refuse_existing(opts, &file)?;
    check_slug_free(section, config.default_lang(), slug, sources)?;
    let mut text = String::from("---\n");
    text.push_str(&format!("title: {}\n", scalar(title, false)));
    text.push_str(&format!("date: {}\n", now.strftime("%Y-%m-%d %H:%M")));
    text.push_str("# author: Ban Dân vận …\n");
    text.push_str("# summary: Một hai câu tóm tắt, hiện ở danh sách bài / one or two sentences shown in lists\n");
    text.push_str("tags: []\n");
    if !opts.teams.is_empty() {
        text.push_str(&format!("teams: {}\n", list(&opts.teams)));
    }
    text.push_str("# region: [Tỉnh, Xã, Thôn]\n");
    text.push_str("# image: anh-bia.jpg\n");
    text.push_str("# image_caption: Chú thích ảnh bìa / the cover's caption\n");
    text.push_str(DRAFT_LINES);
    text.push_str("---\n\n");
    Ok(Draft {
        file,
        text,
        notes: Vec::new(),
    })
}

/// The translation of `original` into `lang`.
fn translation(
    original: &ArticleSource,
    title: &str,
    slug: &str,
    lang: &str,
    opts: &NewOptions,
    sources: &Sources,
) -> Result<Draft, NewError> {
    let dir = &original.path.dir;
    let file = format!("content/{dir}/{}.{lang}.md", original.path.stem);
    refuse_existing(opts, &file)?;
    let section = dir.split('/').next().unwrap_or_default();
    check_slug_free(section, lang, slug, sources)?;
    let fm = &original.fm;
    let mut notes = Vec::new();

    let date = match &fm.date {
        Some(written) => written.value.clone(),
        // The date came from the file name, which the translation shares.
        None => original.date.strftime("%Y-%m-%d").to_string(),
    };
    let mut tags = Vec::new();
    let mut untranslated = Vec::new();
    for tag in &fm.tags {
        match translated_tag(&tag.value, lang, sources) {
            Some(name) => tags.push(name),
            None => {
                untranslated.push(tag.value.clone());
                tags.push(tag.value.clone());
            }
        }
    }
    if !untranslated.is_empty() {
        notes.push(crate::plural!(
            "new.tags-untranslated",
            untranslated.len(),
            lang = lang,
            tags = untranslated.join(", ")
        ));
    }
    let mut teams: Vec<String> = fm.teams.iter().map(|t| t.value.clone()).collect();
    for id in &opts.teams {
        if !teams.contains(id) {
            teams.push(id.clone());
        }
    }

    let mut text = String::from("---\n");
    text.push_str(&format!("title: {}\n", scalar(title, false)));
    text.push_str(&format!("slug: {slug}\n"));
    // A date kheo reads is plain YAML text (digits, `-`, `/`, `:`, `T`, `+`).
    let date = if crate::date::parse(&date).is_ok() {
        date
    } else {
        scalar(&date, false)
    };
    text.push_str(&format!("date: {date}\n"));
    text.push_str("# author: …\n");
    text.push_str("# summary: one or two sentences shown in lists and search results\n");
    text.push_str(&format!("tags: {}\n", list(&tags)));
    if !teams.is_empty() {
        text.push_str(&format!("teams: {}\n", list(&teams)));
    }
    if !fm.region.is_empty() {
        let region: Vec<&str> = fm.region.iter().map(|r| r.value.as_str()).collect();
        text.push_str(&format!("region: {}\n", list(&region)));
    }
    if let Some(image) = &fm.image {
        text.push_str(&format!("image: {}\n", scalar(&image.value, false)));
        match &fm.image_caption {
            Some(caption) => text.push_str(&format!(
                "# image_caption: (translate) {}\n",
                caption.replace('\n', " ")
            )),
            None => text.push_str("# image_caption: the cover's caption\n"),
        }
    }
    text.push_str(DRAFT_LINES);
    text.push_str("---\n\n");
    Ok(Draft { file, text, notes })
}

/// Every new file starts as a draft, so nothing half-written is published by CI.
const DRAFT_LINES: &str = "# Bản nháp: xoá dòng dưới để đăng bài / a draft: delete the next line to publish\ndraft: true\n";

/// Writes the file only if it does not exist yet.
fn write_new(root: &std::path::Path, draft: Draft) -> Result<NewArticle, NewError> {
    let mut created = write_file(root, draft.file, draft.text)?;
    created.notes = draft.notes;
    Ok(created)
}

/// Writes `text` to `file` (relative to the site root) only if no such file
/// exists: an existing one is an error naming it.
pub(crate) fn write_file(
    root: &std::path::Path,
    file: String,
    text: String,
) -> Result<NewArticle, NewError> {
    let path = crate::portable::join_rel(root, &file);
    let opened = fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path);
    let result = opened.and_then(|mut f| f.write_all(text.as_bytes()));
    match result {
        Ok(()) => Ok(NewArticle {
            file,
            path,
            notes: Vec::new(),
        }),
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists => Err(exists(&file)),
        Err(e) => Err(NewError::Site(vec![
            Diagnostic::error(&file, 1, 1, crate::msg!("init.cannot-write", error = e))
                .with_code("write"),
        ])),
    }
}

fn refuse_existing(opts: &NewOptions, file: &str) -> Result<(), NewError> {
    if crate::portable::join_rel(&opts.root, file).exists() {
        return Err(exists(file));
    }
    Ok(())
}

fn exists(file: &str) -> NewError {
    NewError::Site(vec![
        Diagnostic::error(file, 1, 1, crate::msg!("new.exists"))
            .with_code("usage")
            .with_hint(crate::msg!("new.exists.hint")),
    ])
}

/// The slug an article gets: `slug:` if written, else its file stem without the date.
fn slug_of(a: &ArticleSource) -> String {
    match &a.fm.slug {
        Some(s) => slugify(&s.value),
        None => {
            let stem = crate::date::split_filename_date(&a.path.stem)
                .map_or(a.path.stem.as_str(), |(_, rest)| rest);
            slugify(stem)
        }
    }
}

fn in_section(a: &ArticleSource, section: &str) -> bool {
    a.path.dir.split('/').next() == Some(section)
}

/// Two articles of one language and section with one slug would share a URL.
fn check_slug_free(
    section: &str,
    lang: &str,
    slug: &str,
    sources: &Sources,
) -> Result<(), NewError> {
    let taken = sources
        .articles
        .iter()
        .find(|a| in_section(a, section) && a.path.lang == lang && slug_of(a) == slug);
    match taken {
        Some(other) => Err(NewError::Site(vec![
            Diagnostic::error(
                &other.path.file,
                1,
                1,
                crate::msg!("new.slug-taken", slug = slug),
            )
            .with_code("collision")
            .with_hint(crate::msg!("new.slug-taken.hint")),
        ])),
        None => Ok(()),
    }
}

/// The original an editor names with `--of`: a path (`content/tin-tuc/x.md`),
/// a file name (`2026-01-15-x.md`, `2026-01-15-x`) or a slug (`x`).
fn find_original<'a>(
    of: &str,
    section: &str,
    sources: &'a Sources,
    diags: &Diagnostics,
) -> Result<&'a ArticleSource, NewError> {
    let config = &sources.config;
    let default_lang = config.default_lang();
    let name = nfc_str(
        of.trim()
            .trim_end_matches('/')
            .rsplit(['/', '\\'])
            .next()
            .unwrap_or(of),
    );
    let name = name.strip_suffix(".md").unwrap_or(&name);
    let name = name
        .strip_suffix(&format!(".{default_lang}"))
        .unwrap_or(name);
    let matches = |a: &&ArticleSource| {
        a.path.lang == default_lang
            && (a.path.stem == name
                || crate::date::split_filename_date(&a.path.stem)
                    .is_some_and(|(_, rest)| rest == name)
                || slug_of(a) == name)
    };
    let here: Vec<&ArticleSource> = sources
        .articles
        .iter()
        .filter(|a| in_section(a, section))
        .filter(matches)
        .collect();
    match here.as_slice() {
        [one] => return Ok(one),
        [] => {}
        several => {
            let files: Vec<&str> = several.iter().map(|a| a.path.file.as_str()).collect();
            return Err(NewError::Site(vec![
                Diagnostic::error(
                    "--of",
                    1,
                    1,
                    crate::msg!("new.of-several", of = of, files = files.join(", ")),
                )
                .with_code("usage")
                .with_hint(crate::msg!("new.of-several.hint")),
            ]));
        }
    }
    // An article that failed to load: show its own errors.
    let failed: Vec<Diagnostic> = diags
        .iter()
        .filter(|d| {
            d.is_error()
                && d.file.starts_with(&format!("content/{section}/"))
                && d.file
                    .rsplit('/')
                    .next()
                    .is_some_and(|f| f.trim_end_matches(".md") == name)
        })
        .cloned()
        .collect();
    if !failed.is_empty() {
        return Err(NewError::Site(failed));
    }
    let mut d = Diagnostic::error(
        "--of",
        1,
        1,
        crate::msg!(
            "new.of-none",
            lang = default_lang,
            section = section,
            of = of
        ),
    )
    .with_code("usage");
    if let Some(elsewhere) = sources
        .articles
        .iter()
        .find(|a| !in_section(a, section) && matches(a))
    {
        let its = elsewhere.path.dir.split('/').next().unwrap_or_default();
        d.hint = Some(crate::msg!(
            "new.of-elsewhere.hint",
            file = elsewhere.path.file,
            section = its
        ));
    } else {
        let names: Vec<&str> = sources
            .articles
            .iter()
            .filter(|a| in_section(a, section) && a.path.lang == default_lang)
            .map(|a| a.path.stem.as_str())
            .collect();
        if let Some(best) = diag::closest(name, names.iter().copied()) {
            d.hint = Some(crate::msg!("did-you-mean", word = best));
        }
    }
    Err(NewError::Site(vec![d]))
}

/// The usage message when a translation names no original: the articles of
/// the section that still lack this language, newest first.
fn missing_of(section: &str, lang: &str, sources: &Sources) -> String {
    let default_lang = sources.config.default_lang();
    let mut untranslated: Vec<&ArticleSource> = sources
        .articles
        .iter()
        .filter(|a| in_section(a, section) && a.path.lang == default_lang)
        .filter(|a| {
            !sources.articles.iter().any(|t| {
                t.path.lang == lang && t.path.dir == a.path.dir && t.path.stem == a.path.stem
            })
        })
        .collect();
    untranslated.sort_by(|a, b| {
        b.date
            .cmp(&a.date)
            .then_with(|| a.path.stem.cmp(&b.path.stem))
    });
    let mut message = crate::msg!("new.of-missing", lang = lang, default = default_lang);
    if !untranslated.is_empty() {
        message.push_str(&crate::msg!(
            "new.of-missing-list",
            section = section,
            lang = lang
        ));
        let names: Vec<&str> = untranslated
            .iter()
            .take(5)
            .map(|a| a.path.stem.as_str())
            .collect();
        message.push_str(&names.join(", "));
    }
    message
}

/// A tag's name in `lang` from `tags.yaml` (tags match after NFC and case folding).
fn translated_tag(tag: &str, lang: &str, sources: &Sources) -> Option<String> {
    let key = nfc_str(tag.trim()).to_lowercase();
    sources
        .tags
        .pairs
        .iter()
        .find(|(name, _)| name.to_lowercase() == key)
        .and_then(|(_, names)| names.get(lang, lang))
        .map(str::to_owned)
}

fn unknown_section(section: &str, sources: &Sources) -> Diagnostic {
    let folders: Vec<&str> = sources.sections.iter().map(|s| s.folder.as_str()).collect();
    let hint = match diag::closest(section, folders.iter().copied()) {
        Some(best) => crate::msg!("did-you-mean", word = best),
        None if folders.is_empty() => crate::msg!("new.no-sections.hint", section = section),
        None => crate::msg!(
            "new.sections.hint",
            sections = folders.join(", "),
            section = section
        ),
    };
    let why = if matches!(section, "teams" | "regions") {
        crate::msg!("new.data-folder", section = section)
    } else {
        crate::msg!("new.not-a-section", section = section)
    };
    Diagnostic::error(format!("content/{section}/"), 1, 1, why)
        .with_code("usage")
        .with_hint(hint)
}

fn unknown_team(id: &str, sources: &Sources, diags: &Diagnostics) -> Diagnostic {
    let file = format!("content/teams/{id}.yaml");
    if let Some(broken) = diags.iter().find(|d| d.is_error() && d.file == file) {
        return broken.clone();
    }
    let ids: Vec<&str> = sources.teams.iter().map(|t| t.id.as_str()).collect();
    let hint = match diag::closest(id, ids.iter().copied()) {
        Some(best) => crate::msg!("did-you-mean", word = best),
        None if ids.is_empty() => crate::msg!("new.no-teams.hint"),
        None => crate::msg!("new.teams.hint", teams = ids.join(", ")),
    };
    Diagnostic::error(&file, 1, 1, crate::msg!("new.unknown-team", id = id))
        .with_code("unknown-team")
        .with_hint(hint)
}

fn language_list(config: &Config) -> String {
    config
        .languages
        .iter()
        .map(|l| l.code.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn errors_only(diags: Diagnostics) -> Vec<Diagnostic> {
    diags
        .into_sorted()
        .into_iter()
        .filter(Diagnostic::is_error)
        .collect()
}
