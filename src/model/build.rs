//! Building the [`Site`] from the loaded sources.

use std::collections::{BTreeMap, HashMap, HashSet};

use crate::config::{Config, MenuItem};
use crate::diag::{Diagnostic, Diagnostics};
use crate::load::{ArticleSource, SectionSource, SortOrder, Sources};
use crate::slug::slugify;

use super::regions::{ListAt, Tree};
use super::related::{self, newest_first};
use super::tags::{self, Registry};
use super::url::{self, encode_path};
use super::{
    Bodies, Cover, Flags, GroupId, LangId, MenuEntry, Page, PageId, PageKind, Section, SectionLang,
    Site, Team, TeamId, Year, outputs,
};
use crate::config::SEGMENT_NAMES;
use crate::stats::{ArticleAt, Stats, TeamAt};

/// How many newer and older articles of its section an article lists.
pub const NEIGHBOURS: usize = 5;

/// Builds the site model. Problems go to `diags`; the site is returned even
/// when some are errors, so `kheo check` can go on looking for more (a build
/// stops when `diags` has errors).
pub fn build(sources: Sources, flags: Flags, diags: &mut Diagnostics) -> (Site, Bodies) {
    let Sources {
        root,
        mut config,
        theme,
        sections: section_sources,
        articles: article_sources,
        teams: team_sources,
        regions: region_files,
        tags: tag_translations,
        assets,
        failed,
    } = sources;
    let failed: HashSet<String> = failed.into_iter().collect();
    let mut sections = build_sections(&section_sources, &config, diags);
    yield_segments(&mut config, &sections, diags);

    // Team ids are file stems: `lai-xa.yaml` and `lai-xa.yml` would be one team.
    let mut team_index: HashMap<String, TeamId> = HashMap::new();
    let mut kept_teams = Vec::new();
    for t in team_sources {
        if let Some(&first) = team_index.get(&t.id) {
            let other: &crate::load::TeamSource = &kept_teams[first];
            diags.push(
                Diagnostic::error(
                    &t.file,
                    1,
                    1,
                    format!("{} already has the team id `{}`", other.file, t.id),
                )
                .with_code("duplicate-team")
                .with_hint("rename one of the two files"),
            );
            continue;
        }
        team_index.insert(t.id.clone(), kept_teams.len());
        kept_teams.push(t);
    }
    let team_sources = kept_teams;
    let team_ids: HashSet<&str> = team_sources.iter().map(|t| t.id.as_str()).collect();
    let asset_index: HashSet<String> = assets.iter().map(|a| a.rel.clone()).collect();

    let mut pages: Vec<Page> = Vec::new();
    let mut bodies: Bodies = Vec::new();
    let mut groups: Vec<Vec<PageId>> = Vec::new();
    let mut group_keys: BTreeMap<(String, String), GroupId> = BTreeMap::new();
    let mut source_index: HashMap<String, GroupId> = HashMap::new();
    let mut seen_file_of: HashMap<(String, String, String), String> = HashMap::new();
    let mut registry = Registry::default();

    for a in article_sources {
        let src = a.yaml();
        let Some(lang) = config.languages.iter().position(|l| l.code == a.path.lang) else {
            continue;
        };
        if a.fm.draft && !flags.drafts {
            if flags.list_drafts {
                diags.push(
                    Diagnostic::warning(
                        &a.path.file,
                        1,
                        1,
                        "this article is a draft and is not built",
                    )
                    .with_code("draft")
                    .with_hint(
                        "build with --drafts to see it, or remove `draft: true` to publish it",
                    ),
                );
            }
            continue;
        }
        if a.date.timestamp() > flags.now && !flags.future {
            let message = "this article is dated in the future and is not built yet";
            let d = match &a.fm.date {
                Some(date) => src.warning_at(date, message).with_code("future"),
                None => Diagnostic::warning(&a.path.file, 1, 1, message).with_code("future"),
            };
            diags.push(d.with_hint("build with --future to include it"));
            continue;
        }
        let key = (a.path.dir.clone(), a.path.stem.clone(), a.path.lang.clone());
        if let Some(other) = seen_file_of.get(&key) {
            diags.push(
                Diagnostic::error(
                    &a.path.file,
                    1,
                    1,
                    format!(
                        "{other} and this file are both the `{}` version of one article",
                        a.path.lang
                    ),
                )
                .with_code("duplicate-article"),
            );
            continue;
        }
        seen_file_of.insert(key, a.path.file.clone());

        let kind = match a.path.dir.split('/').next().filter(|f| !f.is_empty()) {
            Some(folder) => match sections.iter().position(|s| s.folder == folder) {
                Some(sid) => PageKind::Article(sid),
                None => continue,
            },
            None => PageKind::Standalone,
        };
        let Some(slug) = page_slug(&a, diags) else {
            continue;
        };
        let path = match kind {
            PageKind::Article(sid) => format!("{}{slug}/", sections[sid].langs[lang].path),
            PageKind::Standalone => format!("{}{slug}/", config.languages[lang].prefix),
        };

        // Team ids must exist.
        let mut page_teams: Vec<TeamId> = Vec::new();
        for t in &a.fm.teams {
            if let Some(&tid) = team_index.get(t.value.as_str()) {
                if !page_teams.contains(&tid) {
                    page_teams.push(tid);
                }
            } else if failed.contains(&format!("teams/{}.yaml", t.value))
                || failed.contains(&format!("teams/{}.yml", t.value))
            {
                // The team file is broken; its own error says so.
            } else {
                let mut d = src
                    .error_at(
                        t,
                        format!(
                            "there is no team `{}` (no file content/teams/{}.yaml)",
                            t.value, t.value
                        ),
                    )
                    .with_code("unknown-team");
                if let Some(b) = crate::diag::closest(&t.value, team_ids.iter().copied()) {
                    d.hint = Some(format!("did you mean `{b}`?"));
                }
                diags.push(d);
            }
        }

        // Tags: one per NFC + case-folded spelling, per language.
        let mut page_tags = Vec::new();
        for t in &a.fm.tags {
            let name = tags::clean(&t.value);
            if name.is_empty() {
                continue;
            }
            if slugify(&name).is_empty() {
                diags.push(
                    src.error_at(
                        t,
                        format!("the tag `{name}` has no letter or digit to make its URL from"),
                    )
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

        let mut aliases = Vec::new();
        for alias in &a.fm.aliases {
            match outputs::alias_file(&alias.value) {
                Ok(file) => aliases.push(file),
                Err(why) => diags.push(src.error_at(alias, why).with_code("alias")),
            }
        }

        let cover = a.fm.image.as_ref().map(|img| {
            let (url, file) = cover_url(&a, img, &config, &asset_index, diags);
            let d = a.yaml().error_at(img, "");
            Cover {
                url,
                caption: a.fm.image_caption.clone().filter(|c| !c.trim().is_empty()),
                file,
                at: (d.line, d.column, d.source_line.unwrap_or_default()),
            }
        });

        let id = pages.len();
        let group = *group_keys
            .entry((a.path.dir.clone(), a.path.stem.clone()))
            .or_insert_with(|| {
                groups.push(Vec::new());
                groups.len() - 1
            });
        groups[group].push(id);
        source_index.insert(a.path.file.trim_start_matches("content/").to_owned(), group);

        let summary_written = a.fm.summary.is_some();
        let slug_at = a.fm.slug.as_ref().map(|s| {
            let d = a.yaml().error_at(s, "");
            (d.line, d.column, d.source_line.unwrap_or_default())
        });
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
            body,
            body_line,
            ..
        } = a;
        pages.push(Page {
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
            aliases,
            featured: fm.featured,
            weight: fm.weight.unwrap_or(0),
            draft: fm.draft,
            extra: fm.extra,
            body_line,
            newer: Vec::new(),
            older: Vec::new(),
            related: Vec::new(),
        });
        bodies.push(body);
    }

    // Lists, newest first (ties broken by path so the order never depends on the file system).
    let mut order: Vec<PageId> = (0..pages.len()).collect();
    order.sort_by(|a, b| newest_first(&pages[*a], &pages[*b]));
    let langs = config.languages.len();
    let mut articles: Vec<Vec<PageId>> = vec![Vec::new(); langs];
    let mut by_date: Vec<Vec<Vec<PageId>>> = vec![vec![Vec::new(); langs]; sections.len()];
    for &id in &order {
        let p = &pages[id];
        if let PageKind::Article(sid) = p.kind {
            articles[p.lang].push(id);
            by_date[sid][p.lang].push(id);
        }
    }
    let (tags, tags_by_name) = registry.finish(
        order.iter().map(|id| (*id, pages[*id].tags.clone())),
        &config,
        &tag_translations,
        diags,
    );

    // Newer and older in the section, by date whatever order the section lists in.
    for lists in &by_date {
        for list in lists {
            for (i, &id) in list.iter().enumerate() {
                pages[id].newer = list[i.saturating_sub(NEIGHBOURS)..i].to_vec();
                pages[id].older =
                    list[(i + 1).min(list.len())..(i + 1 + NEIGHBOURS).min(list.len())].to_vec();
            }
        }
    }
    for (sid, s) in sections.iter_mut().enumerate() {
        for (lang, l) in s.langs.iter_mut().enumerate() {
            l.by_date = std::mem::take(&mut by_date[sid][lang]);
            l.pages = l.by_date.clone();
        }
        sort_section(s, &pages);
        if s.langs.iter().all(|l| l.pages.is_empty()) {
            diags.push(
                Diagnostic::warning(
                    &s.origin,
                    1,
                    1,
                    format!("the section `{}` has no articles to build", s.folder),
                )
                .with_code("empty-section"),
            );
        }
    }
    // Regions: the tree from every `region:` list and the region files.
    let lists: Vec<ListAt> = team_sources
        .iter()
        .map(|t| ListAt {
            list: &t.region,
            file: &t.file,
            line: t.region_at.0,
            column: t.region_at.1,
        })
        .chain(
            pages
                .iter()
                .filter(|p| !p.region.is_empty())
                .map(|p| ListAt {
                    list: &p.region,
                    file: &p.file,
                    line: p.region_at.0,
                    column: p.region_at.1,
                }),
        )
        .collect();
    let (mut tree, completed) = Tree::build(&region_files, &lists, diags);
    tree.name_from_files(&region_files);
    let mut completed = completed.into_iter();
    let team_regions: Vec<Option<Vec<String>>> = team_sources
        .iter()
        .map(|_| completed.next().flatten())
        .collect();
    for p in pages.iter_mut().filter(|p| !p.region.is_empty()) {
        if let Some(full) = completed.next().flatten() {
            p.region_id = tree.find(&full);
            p.region = full;
        }
    }
    let mut teams: Vec<Team> = team_sources
        .into_iter()
        .zip(team_regions)
        .map(|(source, region)| Team {
            region: region.and_then(|r| tree.find(&r)).unwrap_or(0),
            source,
            pages: vec![Vec::new(); langs],
        })
        .collect();
    for &id in &order {
        for &t in &pages[id].teams {
            teams[t].pages[pages[id].lang].push(id);
        }
    }
    let team_at: Vec<TeamAt> = teams
        .iter()
        .filter(|_| !tree.regions.is_empty())
        .map(|t| TeamAt {
            team: &t.source,
            region: t.region,
        })
        .collect();
    let article_at: Vec<ArticleAt> = articles[0]
        .iter()
        .filter_map(|id| {
            pages[*id].region_id.map(|region| ArticleAt {
                year: i32::from(pages[*id].date.year()),
                region,
            })
        })
        .collect();
    let stats = Stats::compute(&config, &tree, &region_files, &team_at, &article_at);

    let related = related::related(&pages, &tags, langs);
    for (p, r) in pages.iter_mut().zip(related) {
        p.related = r;
    }

    // Archives: the years of each language, newest first.
    let years: Vec<Vec<Year>> = articles
        .iter()
        .map(|list| {
            let mut years: Vec<Year> = Vec::new();
            for &id in list {
                let y = pages[id].date.year();
                match years.last_mut() {
                    Some(last) if last.year == y => last.pages.push(id),
                    _ => years.push(Year {
                        year: y,
                        pages: vec![id],
                    }),
                }
            }
            years
        })
        .collect();

    check_translations(&groups, &pages, &config, diags);
    let mut menu = build_menu(&config, &sections, diags);
    // Without a `menu:`, the figures pages follow the sections when there are figures.
    if config.menu.is_none() && !teams.is_empty() {
        menu.push(MenuEntry::Page(crate::config::BuiltinPage::Teams));
        menu.push(MenuEntry::Page(crate::config::BuiltinPage::Statistics));
    }

    let site = Site {
        root,
        config,
        theme,
        sections,
        pages,
        groups,
        tags,
        tags_by_name,
        teams,
        region_files,
        regions: tree,
        stats,
        tag_translations,
        assets,
        menu,
        articles,
        years,
        source_index,
        asset_index,
        failed,
    };
    site.check_collisions(diags);
    site.check_portable_names(diags);
    (site, bodies)
}

/// A generated URL segment the site did not set itself gives way to a
/// section folder of the same name (the bench corpus has a `to-dan-van/`
/// section, the teams' default address): the generated pages move to
/// `tat-ca-<segment>` (Vietnamese) or `all-<segment>`, with a warning.
fn yield_segments(config: &mut Config, sections: &[Section], diags: &mut Diagnostics) {
    for (lang, l) in config.languages.iter_mut().enumerate() {
        for name in SEGMENT_NAMES.into_iter().filter(|n| *n != "page") {
            if l.explicit.contains(&name) {
                continue;
            }
            let Some(current) = l.segments.get(name).map(str::to_owned) else {
                continue;
            };
            let Some(section) = sections.iter().find(|s| s.langs[lang].slug == current) else {
                continue;
            };
            let prefix = if l.code == "vi" { "tat-ca" } else { "all" };
            let moved = format!("{prefix}-{current}");
            diags.push(
                Diagnostic::warning(&section.origin, 1, 1, format!("the section folder takes /{}{current}/, the default address of the {name} pages; they move to /{}{moved}/", l.prefix, l.prefix)).with_code("url-segment")
                    .with_hint(format!("to choose the address, set `paths: {{{}: {{{name}: ...}}}}` in content/site.yaml", l.code)),
            );
            if let Some(slot) = l.segments.get_mut(name) {
                *slot = moved;
            }
        }
    }
}

/// Sections with their URL segment and title in each language.
fn build_sections(
    sources: &[SectionSource],
    config: &Config,
    diags: &mut Diagnostics,
) -> Vec<Section> {
    let default_lang = config.default_lang();
    let sections: Vec<Section> = sources
        .iter()
        .map(|s| {
            let origin = s
                .meta_file
                .clone()
                .unwrap_or_else(|| format!("content/{}/", s.folder));
            let langs = config
                .languages
                .iter()
                .map(|l| {
                    let slug = s
                        .meta
                        .slug
                        .as_ref()
                        .and_then(|v| v.get(&l.code, default_lang))
                        .map(str::to_owned)
                        .unwrap_or_else(|| slugify(&s.folder));
                    let title = s
                        .meta
                        .title
                        .as_ref()
                        .and_then(|t| t.get(&l.code, default_lang))
                        .map(str::to_owned)
                        .unwrap_or_else(|| title_from_folder(&s.folder));
                    SectionLang {
                        path: format!("{}{slug}/", l.prefix),
                        slug,
                        title,
                        pages: Vec::new(),
                        by_date: Vec::new(),
                    }
                })
                .collect();
            Section {
                folder: s.folder.clone(),
                origin,
                sort: s.meta.sort,
                page_size: s.meta.page_size.unwrap_or(config.page_size),
                langs,
            }
        })
        .collect();
    for s in &sections {
        if s.langs.iter().any(|l| l.slug.is_empty()) {
            diags.push(
                Diagnostic::error(
                    &s.origin,
                    1,
                    1,
                    format!(
                        "cannot make a URL segment from the folder name `{}`",
                        s.folder
                    ),
                )
                .with_code("section")
                .with_hint(
                    "rename the folder with ASCII letters, or give `slug:` in its _section.yaml",
                ),
            );
        }
    }
    sections
}

/// A section's lists in its own order (they arrive newest first).
fn sort_section(s: &mut Section, pages: &[Page]) {
    for l in &mut s.langs {
        match s.sort {
            SortOrder::Date => {}
            SortOrder::Title => {
                // Newest first among equal titles: the list arrives in that order
                // and the sort is stable.
                l.pages
                    .sort_by_cached_key(|id| crate::collate::key(&pages[*id].title));
            }
            SortOrder::Weight => l.pages.sort_by(|a, b| {
                pages[*a]
                    .weight
                    .cmp(&pages[*b].weight)
                    .then_with(|| newest_first(&pages[*a], &pages[*b]))
            }),
        }
    }
}

/// Warnings: missing translations, and translations older than an update of the original.
fn check_translations(
    groups: &[Vec<PageId>],
    pages: &[Page],
    config: &Config,
    diags: &mut Diagnostics,
) {
    for group in groups {
        let present: Vec<LangId> = group.iter().map(|id| pages[*id].lang).collect();
        let original = group.iter().map(|id| &pages[*id]).find(|p| p.lang == 0);
        if let Some(orig) = original {
            let missing: Vec<&str> = (0..config.languages.len())
                .filter(|l| !present.contains(l))
                .map(|l| config.languages[l].code.as_str())
                .collect();
            if !missing.is_empty() {
                diags.push(
                    Diagnostic::warning(
                        &orig.file,
                        1,
                        1,
                        format!("this article has no translation in {}", missing.join(", ")),
                    )
                    .with_code("translation"),
                );
            }
            if let Some(orig_updated) = &orig.updated {
                for t in group.iter().map(|id| &pages[*id]).filter(|t| t.lang != 0) {
                    if orig_updated > t.last_modified() {
                        diags.push(
                            Diagnostic::warning(
                                &t.file,
                                1,
                                1,
                                format!(
                                    "{} was updated after this translation; it may be out of date",
                                    orig.file
                                ),
                            )
                            .with_code("translation"),
                        );
                    }
                }
            }
        }
    }
}

/// The menu: listed sections, or every section in folder order.
fn build_menu(config: &Config, sections: &[Section], diags: &mut Diagnostics) -> Vec<MenuEntry> {
    let Some(items) = &config.menu else {
        return (0..sections.len()).map(MenuEntry::Section).collect();
    };
    let mut menu = Vec::new();
    for item in items {
        match item {
            MenuItem::Section(name) => match sections.iter().position(|s| s.folder == name.value) {
                Some(sid) => menu.push(MenuEntry::Section(sid)),
                None => {
                    let folders: Vec<&str> = sections.iter().map(|s| s.folder.as_str()).collect();
                    diags.push(
                        config
                            .yaml_source()
                            .error_at(name, format!("the menu names the section `{}`, but there is no folder content/{}/ with articles", name.value, name.value)).with_code("menu")
                            .with_hint(format!("sections: {}", folders.join(", "))),
                    );
                }
            },
            MenuItem::Page(p) => menu.push(MenuEntry::Page(*p)),
            MenuItem::Link { title, url } => menu.push(MenuEntry::Link {
                title: title.clone(),
                url: url.clone(),
            }),
        }
    }
    menu
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
                        format!(
                            "the cover image `{}` does not exist (looked for content/{rel})",
                            img.value
                        ),
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
                src.warning_at(
                    img,
                    format!("the cover image `{}` points outside content/", img.value),
                )
                .with_code("cover"),
            );
            (img.value.clone(), None)
        }
    }
}

/// The slug of a page: `slug:` if given (slugified), else the file stem without its date.
fn page_slug(a: &ArticleSource, diags: &mut Diagnostics) -> Option<String> {
    let src = a.yaml();
    if let Some(s) = &a.fm.slug {
        if s.value.contains(['/', '\\']) || s.value.contains("..") {
            diags.push(src.error_at(s, format!("the slug `{}` would write outside its section: a slug is one URL segment, without `/` or `..`", s.value)).with_code("slug"));
            return None;
        }
        let slug = slugify(&s.value);
        if slug.is_empty() {
            diags.push(
                src.error_at(
                    s,
                    format!(
                        "cannot make a URL from the slug `{}`: use letters or digits",
                        s.value
                    ),
                )
                .with_code("slug"),
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
            Diagnostic::error(&a.path.file, 1, 1, "cannot make a URL from this file name")
                .with_code("slug")
                .with_hint("rename the file with letters or digits, or add `slug:`"),
        );
        return None;
    }
    Some(slug)
}

/// "tin-tuc" -> "Tin tuc": the title of a section without `_section.yaml`.
fn title_from_folder(folder: &str) -> String {
    let words = folder.replace(['-', '_'], " ");
    let mut chars = words.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
