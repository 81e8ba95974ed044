//! Building the [`Site`] from the loaded sources, as a sequence of named
//! steps: sections, teams, articles, lists, tags, regions and figures,
//! related articles, archives, translations, menu — then the check that no
//! two outputs collide.

use std::collections::{HashMap, HashSet};

use super::stats::{ArticleAt, Stats, TeamAt};
use crate::config::{Config, MenuItem};
use crate::diag::{Diagnostic, Diagnostics};
use crate::load::{RegionSource, Sources, TeamSource};

use super::RegionId;
use super::articles::{self, Articles, Known};
use super::regions::{ListAt, Tree};
use super::related::{self, newest_first};
use super::sections::{build_sections, fill_sections, yield_segments};
use super::{
    Bodies, Flags, LangId, MenuEntry, Page, PageId, PageKind, Section, Site, Team, TeamId, Year,
};

/// How many newer and older articles of its section an article lists.
pub(crate) const NEIGHBOURS: usize = 5;

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
        documents: document_sources,
        teams: team_sources,
        regions: region_files,
        tags: tag_translations,
        assets,
        failed,
    } = sources;
    let failed: HashSet<String> = failed.into_iter().collect();
    let mut sections = build_sections(&section_sources, &config, diags);
    yield_segments(&mut config, &sections, diags);
    let (team_sources, team_index) = unique_teams(team_sources, diags);
    let asset_index: HashSet<String> = assets.iter().map(|a| a.rel.clone()).collect();

    let Articles {
        mut pages,
        bodies,
        groups,
        by_source,
        registry,
    } = articles::read_articles(
        article_sources,
        &Known {
            config: &config,
            sections: &sections,
            teams: &team_index,
            failed: &failed,
            assets: &asset_index,
            flags,
        },
        diags,
    );

    let Lists {
        order,
        articles,
        by_date,
    } = lists(&mut pages, &config, sections.len());
    fill_sections(&mut sections, by_date, &pages, diags);
    let (tags, tags_by_name) = registry.finish(
        order
            .iter()
            .map(|id| (*id, pages[*id].tags.clone(), pages[*id].date.timestamp())),
        &config,
        &tag_translations,
        diags,
    );
    let (tree, teams) = regions_and_teams(
        &region_files,
        team_sources,
        &mut pages,
        &order,
        &config,
        diags,
    );
    let stats = figures(&config, &tree, &region_files, &teams, &pages, &articles);
    let related = related::related(&pages, &tags, config.languages.len());
    for (p, r) in pages.iter_mut().zip(related) {
        p.related = r;
    }
    let years = years(&articles, &pages);
    check_translations(&groups, &pages, &config, diags);
    let documents =
        super::documents::build(document_sources, &config, &pages, &bodies, &order, diags);
    let menu = menu(
        &config,
        &sections,
        !documents.is_empty(),
        !teams.is_empty(),
        diags,
    );

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
        assets,
        menu,
        articles,
        years,
        documents,
        by_source,
        asset_index,
        failed,
    };
    site.check_collisions(diags);
    site.check_portable_names(diags);
    (site, bodies)
}

/// Team files with their index by id. Team ids are file stems: `lai-xa.yaml`
/// and `lai-xa.yml` would be one team, so the second is an error.
fn unique_teams(
    sources: Vec<TeamSource>,
    diags: &mut Diagnostics,
) -> (Vec<TeamSource>, HashMap<String, TeamId>) {
    let mut index: HashMap<String, TeamId> = HashMap::new();
    let mut kept: Vec<TeamSource> = Vec::new();
    for t in sources {
        if let Some(&first) = index.get(&t.id) {
            diags.push(
                Diagnostic::error(
                    &t.file,
                    1,
                    1,
                    crate::msg!("team.duplicate", first = kept[first].file, id = t.id),
                )
                .with_code("duplicate-team")
                .with_hint(crate::msg!("team.duplicate.hint")),
            );
            continue;
        }
        index.insert(t.id.clone(), kept.len());
        kept.push(t);
    }
    (kept, index)
}

/// The site's article lists, newest first (ties broken by path so the order
/// never depends on the file system).
struct Lists {
    /// Every page.
    order: Vec<PageId>,
    /// The articles of each language (standalone pages left out).
    articles: Vec<Vec<PageId>>,
    /// Per section, per language.
    by_date: Vec<Vec<Vec<PageId>>>,
}

/// Sorts the pages into lists and gives each article its newer and older
/// neighbours in its section, by date whatever order the section lists in.
fn lists(pages: &mut [Page], config: &Config, sections: usize) -> Lists {
    let mut order: Vec<PageId> = (0..pages.len()).collect();
    order.sort_by(|a, b| newest_first(&pages[*a], &pages[*b]));
    let langs = config.languages.len();
    let mut articles: Vec<Vec<PageId>> = vec![Vec::new(); langs];
    let mut by_date: Vec<Vec<Vec<PageId>>> = vec![vec![Vec::new(); langs]; sections];
    for &id in &order {
        let p = &pages[id];
        if let PageKind::Article(sid) = p.kind {
            articles[p.lang].push(id);
            by_date[sid][p.lang].push(id);
        }
    }
    for lists in &by_date {
        for list in lists {
            for (i, &id) in list.iter().enumerate() {
                pages[id].newer = list[i.saturating_sub(NEIGHBOURS)..i].into();
                pages[id].older =
                    list[(i + 1).min(list.len())..(i + 1 + NEIGHBOURS).min(list.len())].into();
            }
        }
    }
    Lists {
        order,
        articles,
        by_date,
    }
}

/// The tree of regions from every `region:` list and the region files; each
/// team and article gets its completed region, and each team its articles.
fn regions_and_teams(
    region_files: &[RegionSource],
    team_sources: Vec<TeamSource>,
    pages: &mut [Page],
    order: &[PageId],
    config: &Config,
    diags: &mut Diagnostics,
) -> (Tree, Vec<Team>) {
    let lists: Vec<ListAt> = team_sources
        .iter()
        .map(|t| ListAt {
            list: &t.region,
            file: &t.file,
            line: t.region_at.0,
            column: t.region_at.1,
            eras: team_eras(t),
        })
        .chain(team_sources.iter().flat_map(|t| {
            t.region_before.iter().map(|b| ListAt {
                list: &b.region,
                file: &t.file,
                line: b.at.0,
                column: b.at.1,
                eras: vec![crate::units::era_of(b.until.yesterday().unwrap_or(b.until))],
            })
        }))
        .chain(
            pages
                .iter()
                .filter(|p| !p.region.is_empty())
                .map(|p| ListAt {
                    list: &p.region,
                    file: &p.file,
                    line: p.region_at.0,
                    column: p.region_at.1,
                    eras: vec![crate::units::era_of(p.date.date())],
                }),
        )
        .collect();
    let (mut tree, completed) = Tree::build(region_files, &lists, diags);
    tree.name_from_files(region_files);
    let mut completed = completed.into_iter();
    let team_regions: Vec<Option<Vec<String>>> = team_sources
        .iter()
        .map(|_| completed.next().flatten())
        .collect();
    // Each `region_before:` place, with the last year of figures it held.
    let team_before: Vec<Vec<(i32, RegionId)>> = team_sources
        .iter()
        .map(|t| {
            t.region_before
                .iter()
                .filter_map(|b| {
                    let full = completed.next().flatten()?;
                    Some((i32::from(b.until.year()) - 1, tree.find(&full)?))
                })
                .collect()
        })
        .collect();
    for p in pages.iter_mut().filter(|p| !p.region.is_empty()) {
        if let Some(full) = completed.next().flatten() {
            p.region_id = tree.find(&full);
            p.region = full;
        }
    }
    let langs = config.languages.len();
    let mut teams: Vec<Team> = team_sources
        .into_iter()
        .zip(team_regions)
        .zip(team_before)
        .map(|((source, region), before)| Team {
            region: region.and_then(|r| tree.find(&r)).unwrap_or(0),
            before,
            source,
            pages: vec![Vec::new(); langs],
        })
        .collect();
    for &id in order {
        for &t in &pages[id].teams {
            teams[t].pages[pages[id].lang].push(id);
        }
    }
    for list in teams.iter_mut().flat_map(|t| &mut t.pages) {
        list.shrink_to_fit();
    }
    (tree, teams)
}

/// The figures: what teams report and how many articles each region has,
/// rolled up the tree.
fn figures(
    config: &Config,
    tree: &Tree,
    region_files: &[RegionSource],
    teams: &[Team],
    pages: &[Page],
    articles: &[Vec<PageId>],
) -> Stats {
    let team_at: Vec<TeamAt> = teams
        .iter()
        .filter(|_| !tree.regions.is_empty())
        .map(|t| TeamAt {
            team: &t.source,
            region: t.region,
            before: t.before.clone(),
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
    Stats::compute(config, tree, region_files, &team_at, &article_at)
}

/// Archives: the years of each language, newest first.
fn years(articles: &[Vec<PageId>], pages: &[Page]) -> Vec<Vec<Year>> {
    articles
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
        .collect()
}

/// The menu: `menu:` of site.yaml, or every section in folder order followed
/// by the documents and, when the site has teams, the figures pages.
fn menu(
    config: &Config,
    sections: &[Section],
    has_documents: bool,
    has_teams: bool,
    diags: &mut Diagnostics,
) -> Vec<MenuEntry> {
    let mut menu = build_menu(config, sections, has_documents, diags);
    // Without a `menu:`, the documents follow the sections when there are any.
    if config.menu.is_none() && has_documents {
        menu.push(MenuEntry::Page(crate::config::BuiltinPage::Documents));
    }
    if config.menu.is_none() && has_teams {
        menu.push(MenuEntry::Page(crate::config::BuiltinPage::Teams));
        menu.push(MenuEntry::Page(crate::config::BuiltinPage::Statistics));
    }
    menu
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
                        crate::msg!("article.no-translation", langs = missing.join(", ")),
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
                                crate::msg!("article.translation-old", original = orig.file),
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
fn build_menu(
    config: &Config,
    sections: &[Section],
    has_documents: bool,
    diags: &mut Diagnostics,
) -> Vec<MenuEntry> {
    let Some(items) = &config.menu else {
        return (0..sections.len()).map(MenuEntry::Section).collect();
    };
    let mut menu = Vec::new();
    for item in items {
        match item {
            MenuItem::Section(name) => match sections.iter().position(|s| s.folder == name.value) {
                Some(sid) => menu.push(MenuEntry::Section(sid)),
                // The documents' folder is not a section of articles, but editors name it like one.
                None if name.value == crate::load::document::FOLDER && has_documents => {
                    menu.push(MenuEntry::Page(crate::config::BuiltinPage::Documents));
                }
                None => {
                    let folders: Vec<&str> = sections.iter().map(|s| s.folder.as_str()).collect();
                    diags.push(
                        config
                            .yaml_source()
                            .error_at(name, crate::msg!("menu.no-section", section = name.value))
                            .with_code("menu")
                            .with_hint(crate::msg!(
                                "menu.no-section.hint",
                                sections = folders.join(", ")
                            )),
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

/// The national lists a team's `region:` may speak of (SPEC §1.6): those of
/// the years of its figures and of its founding; after a `region_before:`
/// date, the list of that day; either list when nothing tells.
fn team_eras(t: &TeamSource) -> Vec<crate::units::Era> {
    use crate::units::{Era, era_of};
    if let Some(last) = t.region_before.last() {
        return vec![era_of(last.until)];
    }
    let mut eras: Vec<Era> = t
        .stats
        .keys()
        .map(|&y| super::names::era_of_year(y))
        .chain(t.established.map(era_of))
        .collect();
    eras.sort();
    eras.dedup();
    if eras.is_empty() {
        eras = vec![Era::Before2025, Era::Since2025];
    }
    eras
}
