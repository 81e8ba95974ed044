//! Articles: each loaded Markdown file that is to be built becomes a
//! [`Page`], its references (teams, tags, aliases, cover) checked, and
//! translations of one article are grouped.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::config::Config;
use crate::diag::{Diagnostic, Diagnostics, Place};
use crate::load::ArticleSource;
use crate::slug::slugify;

use super::tags::{self, Registry};
use super::{
    Bodies, Cover, Flags, GroupId, LangId, Page, PageId, PageKind, Section, TeamId, outputs,
};
use crate::url::{self, encode_path};

/// What the articles are checked against.
pub(super) struct Known<'a> {
    pub(crate) config: &'a Config,
    pub(crate) sections: &'a [Section],
    /// Team ids, by file stem.
    pub(crate) teams: &'a HashMap<String, TeamId>,
    /// Files that failed to load (their own errors say why).
    pub(crate) failed: &'a HashSet<String>,
    pub(crate) assets: &'a HashSet<String>,
    pub(crate) flags: Flags,
}

/// The pages the articles make, with their bodies, translation groups and tags.
pub(super) struct Articles {
    pub(crate) pages: Vec<Page>,
    pub(crate) bodies: Bodies,
    /// The pages of each article, one per language.
    pub(crate) groups: Vec<Vec<PageId>>,
    /// The pages in the order of their source files, for finding the
    /// article a link names ([`super::Site::group_of_source`]).
    pub(crate) by_source: Vec<PageId>,
    pub(crate) registry: Registry,
}

/// Makes the pages of every article to be built (drafts and future articles
/// only when asked), in the order the sources came.
pub(super) fn read_articles(
    sources: Vec<ArticleSource>,
    known: &Known,
    diags: &mut Diagnostics,
) -> Articles {
    // Sized once: a `Page` is large and there is one per file (a vector
    // grown by doubling would hold up to twice as many).
    let mut out = Articles {
        pages: Vec::with_capacity(sources.len()),
        bodies: Vec::with_capacity(sources.len()),
        groups: Vec::new(),
        by_source: Vec::new(),
        registry: Registry::default(),
    };
    let mut group_keys: BTreeMap<(String, String), GroupId> = BTreeMap::new();
    let mut seen_file_of: HashMap<(String, String, String), String> = HashMap::new();

    for a in sources {
        let Some(lang) = known
            .config
            .languages
            .iter()
            .position(|l| l.code == a.path.lang)
        else {
            continue;
        };
        if left_out(&a, known.flags, diags) {
            continue;
        }
        let key = (a.path.dir.clone(), a.path.stem.clone(), a.path.lang.clone());
        if let Some(other) = seen_file_of.get(&key) {
            diags.push(
                Diagnostic::error(
                    &a.path.file,
                    1,
                    1,
                    crate::msg!("article.duplicate", other = other, lang = a.path.lang),
                )
                .with_code("duplicate-article"),
            );
            continue;
        }
        seen_file_of.insert(key, a.path.file.clone());

        let kind = match a.path.dir.split('/').next().filter(|f| !f.is_empty()) {
            Some(folder) => match known.sections.iter().position(|s| s.folder == folder) {
                Some(sid) => PageKind::Article(sid),
                None => continue,
            },
            None => PageKind::Standalone,
        };
        let Some(slug) = page_slug(&a, diags) else {
            continue;
        };
        let path = match kind {
            PageKind::Article(sid) => format!("{}{slug}/", known.sections[sid].langs[lang].path),
            PageKind::Standalone => format!("{}{slug}/", known.config.languages[lang].prefix),
        };
        let page_teams = page_teams(&a, known, diags);
        let page_tags = page_tags(&a, lang, &mut out.registry, diags);
        let (aliases, old_urls, alias_at) = page_aliases(&a, diags);
        let cover = a.fm.image.as_ref().map(|img| {
            let (url, file) = cover_url(&a, img, known.config, known.assets, diags);
            let d = a.yaml().error_at(img, "");
            Box::new(Cover {
                url,
                caption: a.fm.image_caption.clone().filter(|c| !c.trim().is_empty()),
                file,
                at: (d.line, d.column, d.source_line.unwrap_or_default()),
            })
        });

        let id = out.pages.len();
        let group = *group_keys
            .entry((a.path.dir.clone(), a.path.stem.clone()))
            .or_insert_with(|| {
                out.groups.push(Vec::new());
                out.groups.len() - 1
            });
        out.groups[group].push(id);

        let slug_at = a.fm.slug.as_ref().map(|s| Box::new(a.yaml().place(s)));
        let region_at = a.fm.region.first().map_or((1, 1), |r| {
            let (line, column) = crate::yaml::position(r);
            (line + 1, column)
        });
        let ArticleSource {
            path: apath,
            fm,
            date,
            has_time,
            updated,
            summary,
            summary_written,
            body,
            body_line,
            ..
        } = a;
        out.pages.push(Page {
            id,
            lang,
            group,
            kind,
            file: apath.file,
            dir: apath.dir,
            title: fm.title.value.trim().to_owned(),
            date,
            has_time,
            updated,
            author: fm.author.filter(|s| !s.trim().is_empty()),
            summary,
            summary_written,
            tags: page_tags,
            teams: page_teams,
            region: fm
                .region
                .into_iter()
                .map(|r| r.value.trim().to_owned())
                .filter(|r| !r.is_empty())
                .collect(),
            region_at,
            region_id: None,
            cover,
            slug,
            slug_at,
            path,
            aliases: aliases.into(),
            old_urls: old_urls.into(),
            alias_at: alias_at.into(),
            featured: fm.featured,
            weight: fm.weight.unwrap_or(0),
            draft: fm.draft,
            extra: fm.extra.map(Box::new),
            body_line,
            newer: Box::default(),
            older: Box::default(),
            related: Box::default(),
        });
        out.bodies.push(body);
    }
    // Drafts and future articles left out leave room at the end.
    out.pages.shrink_to_fit();
    out.bodies.shrink_to_fit();
    out.by_source = (0..out.pages.len()).collect();
    out.by_source
        .sort_unstable_by(|a, b| out.pages[*a].file.cmp(&out.pages[*b].file));
    out
}

/// Whether an article is not built: a draft (unless `--drafts`) or dated in
/// the future (unless `--future`); says so where the site should hear it.
fn left_out(a: &ArticleSource, flags: Flags, diags: &mut Diagnostics) -> bool {
    if a.fm.draft && !flags.drafts {
        if flags.list_drafts {
            diags.push(
                Diagnostic::warning(&a.path.file, 1, 1, crate::msg!("article.draft"))
                    .with_code("draft")
                    .with_hint(crate::msg!("article.draft.hint")),
            );
        }
        return true;
    }
    if a.date.timestamp() > flags.now && !flags.future {
        let message = crate::msg!("article.future");
        let d = match &a.fm.date {
            Some(date) => a.yaml().warning_at(date, &message).with_code("future"),
            None => Diagnostic::warning(&a.path.file, 1, 1, message).with_code("future"),
        };
        diags.push(d.with_hint(crate::msg!("article.future.hint")));
        return true;
    }
    false
}

/// The teams an article names, each once; a name with no team file is an error.
fn page_teams(a: &ArticleSource, known: &Known, diags: &mut Diagnostics) -> Vec<TeamId> {
    let src = a.yaml();
    let mut page_teams: Vec<TeamId> = Vec::new();
    for t in &a.fm.teams {
        if let Some(&tid) = known.teams.get(t.value.as_str()) {
            if !page_teams.contains(&tid) {
                page_teams.push(tid);
            }
        } else if known.failed.contains(&format!("teams/{}.yaml", t.value))
            || known.failed.contains(&format!("teams/{}.yml", t.value))
        {
            // The team file is broken; its own error says so.
        } else {
            let mut d = src
                .error_at(t, crate::msg!("article.no-team", team = t.value))
                .with_code("unknown-team");
            // Sorted, so the suggestion never depends on a hash order.
            let mut ids: Vec<&str> = known.teams.keys().map(String::as_str).collect();
            ids.sort_unstable();
            if let Some(b) = crate::diag::closest(&t.value, ids) {
                d.hint = Some(crate::msg!("did-you-mean", word = b));
            }
            diags.push(d);
        }
    }
    page_teams
}

/// The tags of an article: one per NFC + case-folded spelling, per language.
fn page_tags(
    a: &ArticleSource,
    lang: LangId,
    registry: &mut Registry,
    diags: &mut Diagnostics,
) -> Vec<super::TagId> {
    let mut page_tags = Vec::new();
    for t in &a.fm.tags {
        let name = tags::clean(&t.value);
        if name.is_empty() {
            continue;
        }
        if slugify(&name).is_empty() {
            diags.push(
                a.yaml()
                    .error_at(t, crate::msg!("tag.no-letter", name = name))
                    .with_code("tag"),
            );
            continue;
        }
        let (line, column) = crate::yaml::position(t);
        let tid = registry.tag(lang, &name, &a.path.file, line + 1, column);
        if !page_tags.contains(&tid) {
            page_tags.push(tid);
        }
    }
    page_tags
}

/// An article's old addresses (`aliases:`), each checked: the files of
/// their redirect pages (none for an address with a query string) with
/// where each is written (for the collision check's errors), and every
/// address as servers see it, for the redirect files.
fn page_aliases(
    a: &ArticleSource,
    diags: &mut Diagnostics,
) -> (Vec<String>, Vec<String>, Vec<Place>) {
    let src = a.yaml();
    let mut aliases = Vec::new();
    let mut old_urls = Vec::new();
    let mut alias_at = Vec::new();
    for alias in &a.fm.aliases {
        match outputs::old_url(&alias.value) {
            Ok(old) => {
                if let Some(file) = old.file {
                    aliases.push(file);
                    alias_at.push(src.place(alias));
                }
                old_urls.push(old.url);
            }
            Err(why) => diags.push(src.error_at(alias, why).with_code("alias")),
        }
    }
    (aliases, old_urls, alias_at)
}

/// The URL of a cover image and, when it is a file of `content/`, its
/// content-relative path; warns when the file is missing.
fn cover_url(
    a: &ArticleSource,
    img: &crate::yaml::Spanned<String>,
    config: &Config,
    assets: &HashSet<String>,
    diags: &mut Diagnostics,
) -> (String, Option<String>) {
    let src = a.yaml();
    if let Some(d) = foreign_cover(&src, img) {
        diags.push(d);
        return (String::new(), None);
    }
    match url::resolve_local(&a.path.dir, &img.value) {
        url::Local::External => (img.value.clone(), None),
        url::Local::SiteAbsolute(p) => {
            let file = assets.contains(&p).then(|| p.clone());
            (
                format!("{}{}", config.base.path, p.trim_start_matches('/')),
                file,
            )
        }
        url::Local::Relative(rel) => {
            let exists = assets.contains(&rel);
            if !exists {
                diags.push(
                    src.warning_at(
                        img,
                        crate::msg!("cover.missing", image = img.value, rel = rel),
                    )
                    .with_code("cover"),
                );
            }
            (
                format!("{}{}", config.base.path, encode_path(&rel)),
                exists.then_some(rel),
            )
        }
        url::Local::Outside => {
            diags.push(
                src.warning_at(img, crate::msg!("cover.outside", image = img.value))
                    .with_code("cover"),
            );
            (img.value.clone(), None)
        }
    }
}

/// The error for a cover that is not a file of the site: on another host
/// (pages load nothing from other hosts), or any other URL with a scheme
/// (`data:`, `javascript:`).
fn foreign_cover(
    src: &crate::yaml::YamlSource,
    img: &crate::yaml::Spanned<String>,
) -> Option<Diagnostic> {
    let value = img.value.trim();
    let scheme = crate::safety::url_scheme(value);
    let message = if scheme
        .as_deref()
        .is_some_and(|s| !matches!(s, "http" | "https"))
    {
        crate::msg!("cover.not-a-file", image = value)
    } else if crate::safety::is_remote(value) {
        crate::msg!("cover.remote", image = value)
    } else {
        return None;
    };
    Some(
        src.error_at(img, message)
            .with_code("remote-image")
            .with_hint(crate::msg!("cover.remote.hint")),
    )
}

/// The slug of a page: `slug:` if given (slugified), else the file stem without its date.
fn page_slug(a: &ArticleSource, diags: &mut Diagnostics) -> Option<String> {
    let src = a.yaml();
    if let Some(s) = &a.fm.slug {
        if s.value.contains(['/', '\\']) || s.value.contains("..") {
            diags.push(
                src.error_at(s, crate::msg!("slug.outside", slug = s.value))
                    .with_code("slug"),
            );
            return None;
        }
        let slug = slugify(&s.value);
        if slug.is_empty() {
            diags.push(
                src.error_at(s, crate::msg!("slug.no-letter", slug = s.value))
                    .with_code("slug"),
            );
            return None;
        }
        if let Some(why) = crate::limits::long_segment(&slug) {
            diags.push(
                src.error_at(s, crate::msg!("slug.too-long", why = why))
                    .with_code("limit"),
            );
            return None;
        }
        return Some(slug);
    }
    let stem = crate::date::split_filename_date(&a.path.stem)
        .map_or(a.path.stem.as_str(), |(_, rest)| rest);
    let slug = slugify(stem);
    if slug.is_empty() {
        diags.push(
            Diagnostic::error(&a.path.file, 1, 1, crate::msg!("slug.file-name"))
                .with_code("slug")
                .with_hint(crate::msg!("slug.file-name.hint")),
        );
        return None;
    }
    if let Some(why) = crate::limits::long_segment(&slug) {
        diags.push(
            Diagnostic::error(
                &a.path.file,
                1,
                1,
                crate::msg!("slug.file-too-long", why = why),
            )
            .with_code("limit")
            .with_hint(crate::msg!("slug.file-too-long.hint")),
        );
        return None;
    }
    Some(slug)
}
