//! Every file a build writes, with what it comes from: the list the collision
//! check walks (two outputs on one path is an error naming both sources),
//! and the rules for where an `aliases:` entry may write.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

use crate::diag::{Diagnostic, Diagnostics};
use crate::portable;

use super::{RegionId, Site, TagId};

/// Where the old-URL redirect page of an alias goes: `/tin-tuc/123.html`
/// writes `tin-tuc/123.html`, `/bai-cu/` writes `bai-cu/index.html`. The path
/// is taken from the site's root (under the `base_url` path). `Err` explains
/// why an alias is refused (it would write outside the output folder, or is
/// not a path).
pub fn alias_file(alias: &str) -> Result<String, String> {
    let a = alias.trim();
    if a.is_empty() {
        return Err("an alias is empty".into());
    }
    if a.contains("://") || a.starts_with("//") {
        return Err(format!(
            "the alias `{a}` is a full URL: write only its path, such as /tin-tuc/123.html"
        ));
    }
    if a.contains(['?', '#', '\\']) {
        return Err(format!(
            "the alias `{a}` has `?`, `#` or `\\`: an alias is a plain path"
        ));
    }
    let decoded = super::url::decode_percent(a);
    let mut parts = Vec::new();
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                return Err(format!(
                    "the alias `{a}` climbs with `..` and would write outside the output folder"
                ));
            }
            s => parts.push(s),
        }
    }
    if parts.is_empty() {
        return Err(format!("the alias `{a}` is the site's home page"));
    }
    let path = parts.join("/");
    let is_file = !a.ends_with('/')
        && parts
            .last()
            .is_some_and(|l| l.ends_with(".html") || l.ends_with(".htm"));
    Ok(if is_file {
        path
    } else {
        format!("{path}/index.html")
    })
}

/// A file the build writes.
#[derive(Debug, Clone)]
pub struct Planned {
    /// Path under the output root.
    pub path: String,
    /// What it comes from, as shown in messages: a source file, or a
    /// description such as "the tag `nông thôn`".
    pub origin: String,
    /// The site's file that gives it its name (for a tag page, an article
    /// with the tag; for generated pages, `content/site.yaml`).
    pub file: String,
}

impl Site {
    /// Every file the build writes (path under the output root) with the
    /// source it comes from, as shown in messages.
    pub fn planned_outputs(&self) -> Vec<(String, String)> {
        self.planned()
            .into_iter()
            .map(|p| (p.path, p.origin))
            .collect()
    }

    /// [`Site::planned_outputs`], with the file that names each output.
    pub fn planned(&self) -> Vec<Planned> {
        let site_yaml = || crate::config::SITE_FILE.to_owned();
        let mut out: Vec<Planned> = Vec::new();
        let mut page = |path: String, origin: String, file: String| {
            out.push(Planned {
                path: format!("{path}index.html"),
                origin,
                file,
            });
        };
        for (lang, l) in self.config.languages.iter().enumerate() {
            let code = &l.code;
            page(
                l.prefix.clone(),
                format!("the home page ({code})"),
                site_yaml(),
            );
            page(
                self.tags_index_path(lang),
                format!("the tags index ({code})"),
                site_yaml(),
            );
            page(
                self.archive_index_path(lang),
                format!("the archive index ({code})"),
                site_yaml(),
            );
            page(
                self.search_path(lang),
                format!("the search page ({code})"),
                site_yaml(),
            );
            page(
                self.teams_index_path(lang),
                format!("the teams index ({code})"),
                site_yaml(),
            );
            page(
                self.regions_index_path(lang),
                format!("the regions index ({code})"),
                site_yaml(),
            );
            page(
                self.statistics_path(lang),
                format!("the statistics page ({code})"),
                site_yaml(),
            );
            for (t, team) in self.teams.iter().enumerate() {
                page(
                    self.team_path(t, lang),
                    team.source.file.clone(),
                    team.source.file.clone(),
                );
            }
            for r in 0..self.regions.regions.len() {
                page(
                    self.region_path(r, lang),
                    format!("the region `{}`", self.regions.regions[r].path.join(" > ")),
                    self.region_file(r),
                );
            }
            for y in &self.years[lang] {
                for n in 1..=super::pager_len(y.pages.len(), self.config.page_size) {
                    page(
                        self.year_path(lang, y.year, n),
                        format!("the archive of {} ({code})", y.year),
                        site_yaml(),
                    );
                }
            }
        }
        for (sid, s) in self.sections.iter().enumerate() {
            for lang in 0..s.langs.len() {
                for n in 1..=self.pager_count(sid, lang) {
                    page(
                        self.section_page_path(sid, lang, n),
                        s.origin.clone(),
                        s.origin.clone(),
                    );
                }
            }
        }
        for (tid, t) in self.tags.iter().enumerate() {
            for n in 1..=self.tag_pager_count(tid) {
                page(
                    self.tag_path(tid, n),
                    format!("the tag `{}`", t.name),
                    self.tag_file(tid),
                );
            }
        }
        for p in &self.pages {
            page(p.path.clone(), p.file.clone(), p.file.clone());
        }
        let mut file = |path: String, origin: String, file: String| {
            out.push(Planned { path, origin, file });
        };
        for (lang, l) in self.config.languages.iter().enumerate() {
            let code = &l.code;
            file(
                Site::feed_path(&l.prefix),
                format!("the feed ({code})"),
                site_yaml(),
            );
            file(
                self.search_index_file(lang),
                format!("the search index ({code})"),
                site_yaml(),
            );
            for (sid, s) in self.sections.iter().enumerate() {
                file(
                    Site::feed_path(&self.section_page_path(sid, lang, 1)),
                    s.origin.clone(),
                    s.origin.clone(),
                );
            }
        }
        for (tid, t) in self.tags.iter().enumerate() {
            file(
                Site::feed_path(&self.tag_path(tid, 1)),
                format!("the tag `{}`", t.name),
                self.tag_file(tid),
            );
        }
        for ext in ["csv", "json"] {
            file(
                self.statistics_data_file(ext),
                format!("the statistics data ({ext})"),
                site_yaml(),
            );
        }
        for name in ["sitemap.xml", "robots.txt", "404.html"] {
            file(
                name.to_owned(),
                format!("the generated {name}"),
                site_yaml(),
            );
        }
        for p in &self.pages {
            for a in &p.aliases {
                file(a.clone(), format!("{} (an alias)", p.file), p.file.clone());
            }
        }
        for a in &self.assets {
            let source = format!("content/{}", a.rel);
            file(a.rel.clone(), source.clone(), source);
        }
        out
    }

    /// An article that carries a tag (its page's name comes from there).
    fn tag_file(&self, tag: TagId) -> String {
        self.tags[tag].pages.last().map_or_else(
            || crate::config::SITE_FILE.to_owned(),
            |p| self.pages[*p].file.clone(),
        )
    }

    /// The file that names a region: its region file, else the first team
    /// or article whose `region:` list reaches it.
    fn region_file(&self, region: RegionId) -> String {
        let r = &self.regions.regions[region];
        if let Some(f) = r.file.and_then(|i| self.region_files.get(i)) {
            return f.file.clone();
        }
        let reaches = |list: &[String]| list.starts_with(&r.path);
        self.teams
            .iter()
            .find(|t| reaches(&t.source.region))
            .map(|t| t.source.file.clone())
            .or_else(|| {
                self.pages
                    .iter()
                    .find(|p| reaches(&p.region))
                    .map(|p| p.file.clone())
            })
            .unwrap_or_else(|| crate::config::SITE_FILE.to_owned())
    }

    /// Errors for files of `content/` that would replace a file of the theme
    /// (`kheo.css`, `search.js`) or the code stylesheet kheo generates: the
    /// pages ask for those by name, so a look-alike would silently change every
    /// page. A theme file is changed through the site's own theme folder.
    fn check_theme_files(&self, diags: &mut Diagnostics) {
        let syntax_css = crate::theme::SYNTAX_CSS_FILE;
        for a in &self.assets {
            let what = if a.rel == syntax_css {
                "the code-highlighting stylesheet kheo generates"
            } else if self.theme.static_files.iter().any(|f| f.rel == a.rel) {
                "the theme's file of the same name"
            } else {
                continue;
            };
            let hint = if a.rel == syntax_css {
                "give this file another name".to_owned()
            } else {
                format!(
                    "to change the theme's file, put your version in themes/{}/static/{} (the folder of `theme:` in site.yaml); to publish this file as well, give it another name",
                    self.config.theme.value, a.rel
                )
            };
            diags.push(
                Diagnostic::error(
                    format!("content/{}", a.rel),
                    1,
                    1,
                    format!("this file would replace /{}, {what}", a.rel),
                )
                .with_code("collision")
                .with_hint(hint),
            );
        }
    }

    /// Errors for outputs that would overwrite each other.
    pub fn check_collisions(&self, diags: &mut Diagnostics) {
        self.check_theme_files(diags);
        let mut taken: HashMap<String, String> = HashMap::new();
        for (path, origin) in self.planned_outputs() {
            match taken.get(&path) {
                Some(first) if *first != origin => {
                    let file = if origin.starts_with("content/") {
                        origin.clone()
                    } else {
                        first.clone()
                    };
                    let mut d = Diagnostic::error(
                        &file,
                        1,
                        1,
                        format!("{first} and {origin} would both be written to /{path}"),
                    )
                    .with_code("collision")
                    .with_hint("give one of them another `slug:` (or rename the file or folder)");
                    // Point at the page's own `slug:` when it wrote one.
                    if let Some((line, column, text)) = self
                        .pages
                        .iter()
                        .find(|p| p.file == file)
                        .and_then(|p| p.slug_at.clone())
                    {
                        d.line = line;
                        d.column = column;
                        d.source_line = Some(text);
                    }
                    diags.push(d);
                }
                Some(_) => {}
                None => {
                    taken.insert(path, origin);
                }
            }
        }
        // Search shards live in their own folder; a content file there would be overwritten.
        for a in &self.assets {
            for lang in 0..self.config.languages.len() {
                if a.rel.starts_with(&self.search_shards_dir(lang)) {
                    diags.push(Diagnostic::error(
                        format!("content/{}", a.rel),
                        1,
                        1,
                        format!(
                            "the folder {} holds the search index; this file would be overwritten",
                            self.search_shards_dir(lang)
                        ),
                    ).with_code("collision"));
                }
            }
        }
    }
}

impl Site {
    /// Errors for output names that Windows cannot hold (`CON`, `a:b.jpg`,
    /// a trailing dot) and for two outputs whose paths differ only in upper
    /// and lower case, which Windows and macOS see as one. Checked on every
    /// system, so a site builds the same on Linux CI and on an editor's computer.
    pub fn check_portable_names(&self, diags: &mut Diagnostics) {
        let mut outputs = self.planned();
        for f in &self.theme.static_files {
            let builtin = crate::theme::embedded(&format!("static/{}", f.rel))
                .is_some_and(|e| e.bytes == &*f.bytes);
            let theme = if builtin {
                "default"
            } else {
                self.config.theme.value.as_str()
            };
            let origin = format!("themes/{theme}/static/{}", f.rel);
            outputs.push(Planned {
                path: f.rel.clone(),
                origin: origin.clone(),
                file: origin,
            });
        }
        // Each folder or file path once, in the order of first use, so an
        // error lands at the file that introduces the name.
        let mut done: HashSet<&str> = HashSet::new();
        let mut by_fold: HashMap<String, (&str, usize)> = HashMap::new();
        for (i, out) in outputs.iter().enumerate() {
            let path = out.path.as_str();
            let mut start = 0;
            loop {
                let end = path[start..].find('/').map_or(path.len(), |n| start + n);
                let (prefix, name) = (&path[..end], &path[start..end]);
                if !name.is_empty() && done.insert(prefix) {
                    if let Some(why) = portable::windows_trouble(name) {
                        diags.push(self.unportable_name(out, name, &why));
                    }
                    match by_fold.entry(portable::fold_case(prefix)) {
                        Entry::Vacant(v) => {
                            v.insert((prefix, i));
                        }
                        Entry::Occupied(o) => {
                            let (first, j) = *o.get();
                            diags.push(case_clash(&outputs[j], first, out, prefix));
                        }
                    }
                }
                if end == path.len() {
                    break;
                }
                start = end + 1;
            }
        }
    }
}

impl Site {
    /// A name Windows cannot hold, at the file that gives it (at its `slug:`
    /// line when the name is a page's written slug).
    fn unportable_name(&self, out: &Planned, name: &str, why: &str) -> Diagnostic {
        let path = &out.path;
        let of = if out.origin == out.file {
            String::new()
        } else {
            format!(" (for {})", out.origin)
        };
        let mut d = Diagnostic::error(
            &out.file,
            1,
            1,
            format!("{why}: Windows cannot create /{path}{of}"),
        )
        .with_code("file-name")
        .with_hint(
            "rename the file or folder, or give the page another `slug:`, so the site can also be built on Windows",
        );
        if let Some((line, column, text)) = self
            .pages
            .iter()
            .find(|p| p.file == out.file && p.slug == name)
            .and_then(|p| p.slug_at.clone())
        {
            d.line = line;
            d.column = column;
            d.source_line = Some(text);
        }
        d
    }
}

/// Two output paths that differ only in case: Windows and macOS would write
/// both into one file or folder. Reported at the site's own file of the two
/// (`first` is the output seen first, `then` the one that clashes with it).
fn case_clash(first: &Planned, first_path: &str, then: &Planned, then_path: &str) -> Diagnostic {
    let shown = |out: &Planned, prefix: &str| {
        if prefix.len() < out.path.len() {
            format!("/{prefix}/")
        } else {
            format!("/{prefix}")
        }
    };
    let (here, there) = if then.file.starts_with("themes/default/") {
        ((first, first_path), (then, then_path))
    } else {
        ((then, then_path), (first, first_path))
    };
    Diagnostic::error(
        &here.0.file,
        1,
        1,
        format!(
            "{} would be written to {} and {} to {}: the two differ only in upper and lower case, which Windows and macOS do not tell apart, so they would land in one place",
            here.0.origin,
            shown(here.0, here.1),
            there.0.origin,
            shown(there.0, there.1),
        ),
    )
    .with_code("file-name")
    .with_hint("rename one of the two files or folders so their names match exactly (addresses kheo makes are lower-case)")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alias_files() {
        assert_eq!(alias_file("/tin-tuc/123.html").unwrap(), "tin-tuc/123.html");
        assert_eq!(alias_file("/bai-cu/").unwrap(), "bai-cu/index.html");
        assert_eq!(alias_file("bai-cu").unwrap(), "bai-cu/index.html");
        assert_eq!(alias_file("/a/./b.htm").unwrap(), "a/b.htm");
        assert_eq!(alias_file("/tin%20tuc/1.html").unwrap(), "tin tuc/1.html");
    }

    #[test]
    fn refused_aliases() {
        for bad in [
            "",
            "/",
            "../../etc/passwd",
            "/a/../../b",
            "/a/%2e%2e/b",
            "https://x.vn/a",
            "/a?id=1",
            "a\\b",
        ] {
            assert!(alias_file(bad).is_err(), "{bad}");
        }
    }
}
