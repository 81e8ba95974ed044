//! The sitemap (`sitemap.xml`, with `hreflang` alternates; an index and
//! numbered parts past 50,000 URLs) and `robots.txt`.

use std::collections::HashSet;

use crate::model::{LangId, PageId, Site, pager_len};

use super::engine::Renderer;
use super::input::page_slice;
use super::memo::Fingerprint;
use super::xml;

/// Writes the sitemap (each of its files kept when unchanged) and robots.txt.
pub(crate) fn write(r: &Renderer) {
    let site = r.site;
    let urls = urls(site);
    let print = r
        .remembering()
        .then(|| Fingerprint::new().add_hash(&urls).finish());
    let parts = xml::sitemap_parts(site, &urls, max_urls(), xml::SITEMAP_BYTES);
    // Every file of the sitemap is checked (and kept) on its own account.
    let files = xml::sitemap_files(parts.as_deref());
    let kept: HashSet<&str> = files
        .iter()
        .filter(|file| r.unchanged(file, print))
        .map(String::as_str)
        .collect();
    if kept.len() < files.len() {
        xml::sitemaps(site, &urls, parts.as_deref(), &mut |file, bytes| {
            if !kept.contains(file) {
                r.write(file, &bytes, false);
            }
        });
    }
    let robots = format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\n",
        site.permalink("sitemap.xml")
    );
    r.write("robots.txt", robots.as_bytes(), false);
}

/// URLs in one sitemap file: the protocol's 50,000, or in a debug build
/// (the integration tests) `KHEO_TEST_SITEMAP_URLS`, so that the index can
/// be tested on a small site.
fn max_urls() -> usize {
    #[cfg(debug_assertions)]
    if let Some(n) = std::env::var("KHEO_TEST_SITEMAP_URLS")
        .ok()
        .and_then(|v| v.parse().ok())
    {
        return n;
    }
    xml::SITEMAP_URLS
}

/// Every HTML page of the site with its last change and its translations.
fn urls(site: &Site) -> Vec<xml::SitemapUrl> {
    let langs = site.config.languages.len();
    let codes: Vec<String> = (0..langs).map(|l| site.lang_code(l).to_owned()).collect();
    // The last change among some pages.
    let newest = |ids: &[PageId]| {
        ids.iter()
            .map(|id| site.pages[*id].last_modified())
            .max()
            .cloned()
    };
    let all_langs = |path_in: &dyn Fn(LangId) -> String| -> Vec<(String, String)> {
        if langs > 1 {
            (0..langs).map(|l| (codes[l].clone(), path_in(l))).collect()
        } else {
            Vec::new()
        }
    };
    let mut urls = Vec::new();
    for lang in 0..langs {
        urls.push(xml::SitemapUrl {
            path: site.home_path(lang).to_owned(),
            lastmod: newest(&site.articles[lang]),
            alternates: all_langs(&|l| site.home_path(l).to_owned()),
        });
        urls.push(xml::SitemapUrl {
            path: site.tags_index_path(lang),
            lastmod: None,
            alternates: all_langs(&|l| site.tags_index_path(l)),
        });
        urls.push(xml::SitemapUrl {
            path: site.archive_index_path(lang),
            lastmod: newest(&site.articles[lang]),
            alternates: all_langs(&|l| site.archive_index_path(l)),
        });
        urls.push(xml::SitemapUrl {
            path: site.search_path(lang),
            lastmod: None,
            alternates: all_langs(&|l| site.search_path(l)),
        });
        let figure_indexes: [&dyn Fn(LangId) -> String; 3] = [
            &|l| site.teams_index_path(l),
            &|l| site.regions_index_path(l),
            &|l| site.statistics_path(l),
        ];
        for path_of in figure_indexes {
            urls.push(xml::SitemapUrl {
                path: path_of(lang),
                lastmod: None,
                alternates: all_langs(path_of),
            });
        }
        for t in 0..site.teams.len() {
            urls.push(xml::SitemapUrl {
                path: site.team_path(t, lang),
                lastmod: newest(&site.teams[t].pages[lang]),
                alternates: all_langs(&|l| site.team_path(t, l)),
            });
        }
        for r in 0..site.regions.regions.len() {
            urls.push(xml::SitemapUrl {
                path: site.region_path(r, lang),
                lastmod: None,
                alternates: all_langs(&|l| site.region_path(r, l)),
            });
        }
        for (list, pages) in super::documents::lists(site) {
            for n in 1..=pages {
                urls.push(xml::SitemapUrl {
                    path: super::documents::list_path(site, list, lang, n),
                    lastmod: None,
                    alternates: all_langs(&|l| super::documents::list_path(site, list, l, n)),
                });
            }
        }
        for d in 0..site.documents.docs.len() {
            urls.push(xml::SitemapUrl {
                path: site.document_path(d, lang),
                lastmod: None,
                alternates: all_langs(&|l| site.document_path(d, l)),
            });
        }
        for (sid, s) in site.sections.iter().enumerate() {
            for n in 1..=site.pager_count(sid, lang) {
                urls.push(xml::SitemapUrl {
                    path: site.section_page_path(sid, lang, n),
                    lastmod: newest(page_slice(&s.langs[lang].pages, n, s.page_size)),
                    alternates: if n == 1 {
                        all_langs(&|l| s.langs[l].path.clone())
                    } else {
                        Vec::new()
                    },
                });
            }
        }
        for y in &site.years[lang] {
            let present: Vec<LangId> = (0..langs)
                .filter(|l| site.years[*l].iter().any(|o| o.year == y.year))
                .collect();
            for n in 1..=pager_len(y.pages.len(), site.config.page_size) {
                let alternates = if n == 1 && present.len() > 1 {
                    present
                        .iter()
                        .map(|l| (codes[*l].clone(), site.year_path(*l, y.year, 1)))
                        .collect()
                } else {
                    Vec::new()
                };
                urls.push(xml::SitemapUrl {
                    path: site.year_path(lang, y.year, n),
                    lastmod: newest(page_slice(&y.pages, n, site.config.page_size)),
                    alternates,
                });
            }
        }
    }
    for (tid, t) in site.tags.iter().enumerate() {
        let paired: Vec<(String, String)> = t
            .translations
            .iter()
            .enumerate()
            .filter_map(|(l, o)| o.map(|o| (codes[l].clone(), site.tag_path(o, 1))))
            .collect();
        for n in 1..=site.tag_pager_count(tid) {
            urls.push(xml::SitemapUrl {
                path: site.tag_path(tid, n),
                lastmod: newest(page_slice(&t.pages, n, site.config.page_size)),
                alternates: if n == 1 && paired.len() > 1 {
                    paired.clone()
                } else {
                    Vec::new()
                },
            });
        }
    }
    for p in &site.pages {
        let group = &site.groups[p.group];
        let alternates = if group.len() > 1 {
            group
                .iter()
                .map(|id| {
                    (
                        codes[site.pages[*id].lang].clone(),
                        site.pages[*id].path.clone(),
                    )
                })
                .collect()
        } else {
            Vec::new()
        };
        urls.push(xml::SitemapUrl {
            path: p.path.clone(),
            lastmod: Some(p.last_modified().clone()),
            alternates,
        });
    }
    urls
}
