//! The theme a site uses: the built-in one, with the site's
//! `themes/<name>/` laid over it file by file (templates, static files) and
//! key by key (i18n strings).

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::Path;

use walkdir::WalkDir;

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics};
use crate::locale::{I18nFile, Locale};
use crate::theme::DEFAULT_THEME;
use crate::yaml::YamlSource;
use crate::{files, text};

/// A template and where it came from (for error messages).
#[derive(Debug, Clone)]
pub(crate) struct TemplateSource {
    /// Name under `templates/`: `article.html`.
    pub(crate) name: String,
    pub(crate) text: String,
    /// Shown in diagnostics: `themes/default/templates/article.html` for the
    /// built-in theme, `themes/<name>/templates/...` for a site's own.
    pub(crate) origin: String,
}

/// A theme file copied to the output root (theme static folders are small,
/// so they are held in memory: read once here, hashed and written later).
#[derive(Debug, Clone)]
pub(crate) struct StaticFile {
    /// Path under the output root.
    pub(crate) rel: String,
    pub(crate) bytes: Cow<'static, [u8]>,
}

#[derive(Debug, Clone)]
pub(crate) struct Theme {
    pub(crate) templates: Vec<TemplateSource>,
    pub(crate) static_files: Vec<StaticFile>,
    /// One per site language, in the order of `languages`.
    pub(crate) locales: Vec<Locale>,
    /// The ids the templates write as they are (`main`, `top`), sorted: an
    /// article's headings must not take them.
    pub(crate) reserved_ids: Vec<String>,
}

impl Theme {
    /// Whether a page of this theme already uses `id`.
    pub(crate) fn reserves_id(&self, id: &str) -> bool {
        self.reserved_ids
            .binary_search_by(|r| r.as_str().cmp(id))
            .is_ok()
    }
}

/// The id of the error box `kheo serve` adds to every page it serves.
const SERVE_OVERLAY_ID: &str = "kheo-errors";

/// Loads the theme named in site.yaml.
pub(crate) fn load(root: &Path, config: &Config, diags: &mut Diagnostics) -> Option<Theme> {
    let mut templates: BTreeMap<String, TemplateSource> = BTreeMap::new();
    let mut statics: BTreeMap<String, Cow<'static, [u8]>> = BTreeMap::new();
    let mut builtin_i18n: BTreeMap<String, &'static str> = BTreeMap::new();
    for f in DEFAULT_THEME {
        let text = std::str::from_utf8(f.bytes).unwrap_or_default();
        if let Some(name) = f.path.strip_prefix("templates/") {
            templates.insert(
                name.to_owned(),
                TemplateSource {
                    name: name.to_owned(),
                    text: text.to_owned(),
                    origin: format!("themes/default/{}", f.path),
                },
            );
        } else if let Some(rel) = f.path.strip_prefix("static/") {
            statics.insert(rel.to_owned(), Cow::Borrowed(f.bytes));
        } else if let Some(file) = f.path.strip_prefix("i18n/") {
            builtin_i18n.insert(file.trim_end_matches(".yaml").to_owned(), text);
        }
    }

    let name = &config.theme.value;
    let dir = root.join("themes").join(name);
    let mut site_i18n: BTreeMap<String, (String, String)> = BTreeMap::new();
    if dir.is_dir() {
        let site_root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        // A theme folder that is a link (or inside one) must lead to a
        // folder of the site, as any link in a theme must.
        let real = dir.canonicalize().unwrap_or_else(|_| dir.clone());
        let inside = real.strip_prefix(&site_root).ok();
        if inside.is_none_or(|rel| {
            rel.components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
        }) {
            diags.push(
                Diagnostic::error(
                    format!("themes/{name}"),
                    1,
                    1,
                    crate::msg!("load.theme-outside", target = real.display()),
                )
                .with_code("theme")
                .with_hint(crate::msg!("load.theme-outside.hint", name = name)),
            );
            return None;
        }
        let mut walker = WalkDir::new(&dir).sort_by_file_name().into_iter();
        while let Some(entry) = walker.next() {
            let Ok(entry) = entry else {
                continue;
            };
            if is_hidden(entry.path(), &dir) {
                if entry.file_type().is_dir() {
                    walker.skip_current_dir();
                }
                continue;
            }
            let Ok(rel) = entry.path().strip_prefix(&dir) else {
                continue;
            };
            let rel = rel.to_string_lossy().replace('\\', "/");
            let origin = format!("themes/{name}/{rel}");
            let kind = entry.file_type();
            if entry.depth() > 0 && entry.file_name().to_str().is_none() {
                diags.push(super::bad_name(&origin, kind.is_dir()));
                if kind.is_dir() {
                    walker.skip_current_dir();
                }
                continue;
            }
            if kind.is_dir() {
                continue;
            }
            if entry.path_is_symlink() {
                if super::symlink_target(entry.path(), &site_root, &origin, diags).is_none() {
                    continue;
                }
            } else if let Some(what) = files::special_kind(&kind) {
                diags.push(super::refused_at(&origin, &files::Refused::Special(what)));
                continue;
            }
            if let Some(t) = rel.strip_prefix("templates/") {
                if let Some(text) = read_text(entry.path(), &origin, diags) {
                    templates.insert(
                        t.to_owned(),
                        TemplateSource {
                            name: t.to_owned(),
                            text,
                            origin,
                        },
                    );
                }
            } else if let Some(s) = rel.strip_prefix("static/") {
                match files::read(entry.path(), files::PICTURE) {
                    Ok(bytes) => {
                        if !config.markdown.raw_html
                            && crate::safety::is_svg_or_xml(s)
                            && let Some(d) = crate::safety::file_script_error(&origin, &bytes)
                        {
                            diags.push(d);
                        }
                        statics.insert(s.to_owned(), Cow::Owned(bytes));
                    }
                    Err(refused) => diags.push(super::refused_at(&origin, &refused)),
                }
            } else if let Some(f) = rel.strip_prefix("i18n/")
                && let Some(lang) = f.strip_suffix(".yaml").or_else(|| f.strip_suffix(".yml"))
                && let Some(text) = read_text(entry.path(), &origin, diags)
            {
                site_i18n.insert(lang.to_owned(), (origin, text));
            }
        }
    } else if name != "default" {
        diags.push(
            config
                .yaml_source()
                .error_at(
                    &config.theme,
                    crate::msg!("load.theme-missing", name = name),
                )
                .with_code("theme")
                .with_hint(crate::msg!("load.theme-missing.hint")),
        );
        return None;
    }

    // Each language: English as the base (so every key exists), then the
    // built-in file of that language, then the site's file.
    let mut locales = Vec::new();
    let english = builtin_i18n.get("en").copied().unwrap_or_default();
    for lang in &config.languages {
        let code = &lang.code;
        let mut locale = Locale::blank(code);
        apply(&mut locale, "themes/default/i18n/en.yaml", english, diags);
        let builtin = builtin_i18n.get(code.as_str()).copied();
        if let Some(text) = builtin {
            apply(
                &mut locale,
                &format!("themes/default/i18n/{code}.yaml"),
                text,
                diags,
            );
        }
        match site_i18n.get(code.as_str()) {
            Some((origin, text)) => apply(&mut locale, origin, text, diags),
            None if builtin.is_none() => {
                diags.push(
                    Diagnostic::error(
                        crate::config::SITE_FILE,
                        line_of(&config.source, "languages").unwrap_or(1),
                        1,
                        crate::msg!("load.theme-no-strings", code = code),
                    )
                    .with_code("theme")
                    .with_source(&config.source)
                    .with_hint(crate::msg!(
                        "load.theme-no-strings.hint",
                        name = name,
                        code = code
                    )),
                );
            }
            None => {}
        }
        locale.code = code.clone();
        locales.push(locale);
    }

    let mut reserved_ids: Vec<String> = templates
        .values()
        .flat_map(|t| crate::safety::template_ids(&t.text))
        .chain([SERVE_OVERLAY_ID.to_owned()])
        .collect();
    reserved_ids.sort_unstable();
    reserved_ids.dedup();
    Some(Theme {
        reserved_ids,
        templates: templates.into_values().collect(),
        static_files: statics
            .into_iter()
            .map(|(rel, bytes)| StaticFile { rel, bytes })
            .collect(),
        locales,
    })
}

fn apply(locale: &mut Locale, origin: &str, text: &str, diags: &mut Diagnostics) {
    let src = YamlSource::file(origin, text);
    match src.parse::<I18nFile>() {
        Ok(file) => {
            for (at, message) in locale.apply(file) {
                let (line, column) = at.unwrap_or((1, 1));
                diags.push(src.error(line, column, message).with_code("theme"));
            }
        }
        Err(d) => diags.push(d),
    }
}

fn read_text(path: &Path, origin: &str, diags: &mut Diagnostics) -> Option<String> {
    match files::read(path, files::TEXT) {
        Ok(bytes) => match text::decode(bytes) {
            Ok(t) => {
                let bad_chars = text::forbidden_char_errors(origin, &t);
                if bad_chars.is_empty() {
                    Some(t)
                } else {
                    diags.extend(bad_chars);
                    None
                }
            }
            Err(e) => {
                diags.push(
                    Diagnostic::error(origin, e.line, e.column, crate::msg!("load.not-utf8"))
                        .with_code("read"),
                );
                None
            }
        },
        Err(refused) => {
            diags.push(super::refused_at(origin, &refused));
            None
        }
    }
}

fn is_hidden(path: &Path, base: &Path) -> bool {
    path.strip_prefix(base)
        .map(|rel| {
            rel.components()
                .any(|c| c.as_os_str().to_string_lossy().starts_with('.'))
        })
        .unwrap_or(false)
}

fn line_of(text: &str, key: &str) -> Option<usize> {
    text.lines().position(|l| l.starts_with(key)).map(|i| i + 1)
}
