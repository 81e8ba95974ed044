//! Every file a build writes, with what it comes from: the list the collision
//! check walks (two outputs on one path is an error naming both sources),
//! and the rules for what an `aliases:` entry may be and where it writes.

use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

use crate::diag::{Diagnostic, Diagnostics, Place};
use crate::limits::{MAX_ALIAS_BYTES, MAX_SEGMENT_BYTES};

use super::{RegionId, Site, TagId};
use crate::portable;

/// An `aliases:` entry, checked: the old address as a server or a browser
/// sees it, and the redirect page written for it when a file can hold one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct OldUrl {
    /// From the site's root, path percent-encoded, query kept:
    /// `/tin-tuc/123.html`, `/bai-cu/`, `/Default.aspx?tabid=85&ID=1234`.
    pub(crate) url: String,
    /// The redirect page's output file (`tin-tuc/123.html`); `None` for an
    /// address with a query string, which no static file can hold: the
    /// redirect files and the 404 page's map send those on (render::redirects).
    pub(crate) file: Option<String>,
}

/// The output files that hold old addresses for web servers and the 404
/// page, written when some page has `aliases:` (the map only when an alias
/// has a query string).
pub(crate) const REDIRECT_MAP_FILE: &str = "redirects.json";
pub(crate) const REDIRECT_SERVER_FILES: [&str; 3] = [
    "_redirects",
    "redirects.nginx.conf",
    "redirects.apache.conf",
];

/// Checks an `aliases:` entry. `Err` explains why it is refused.
pub(crate) fn old_url(alias: &str) -> Result<OldUrl, String> {
    let a = alias.trim();
    let (path, query) = match a.split_once('?') {
        Some((path, query)) => (path, Some(query)),
        None => (a, None),
    };
    let Some(query) = query else {
        let (parts, is_file) = plain_alias(a)?;
        let path = parts.join("/");
        let encoded = crate::url::encode_path(&path);
        return Ok(if is_file {
            OldUrl {
                url: format!("/{encoded}"),
                file: Some(path),
            }
        } else {
            OldUrl {
                url: format!("/{encoded}/"),
                file: Some(format!("{path}/index.html")),
            }
        });
    };
    if a.len() > MAX_ALIAS_BYTES {
        return Err(crate::msg!(
            "alias.too-long",
            bytes = a.len(),
            max = MAX_ALIAS_BYTES
        ));
    }
    if a.contains("://") || a.starts_with("//") {
        return Err(crate::msg!("alias.full-url", alias = a));
    }
    if a.contains(['#', '\\']) {
        return Err(crate::msg!("alias.hash", alias = a));
    }
    if query.trim().is_empty() {
        return Err(crate::msg!("alias.empty-query", alias = a));
    }
    let parts = path_parts(path)?;
    let mut url = format!("/{}", crate::url::encode_path(&parts.join("/")));
    if path.ends_with('/') && url != "/" {
        url.push('/');
    }
    url.push('?');
    url.push_str(&encode_query(query.trim()));
    Ok(OldUrl { url, file: None })
}

/// The segments of an alias's path, refusing one that climbs.
fn path_parts(path: &str) -> Result<Vec<String>, String> {
    let decoded = crate::url::decode_percent(path);
    let mut parts = Vec::new();
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                return Err(crate::msg!("alias.climbs", alias = path.trim()));
            }
            s => parts.push(s.to_owned()),
        }
    }
    Ok(parts)
}

/// A query string as a browser sends it: characters a URL cannot hold as they
/// are (spaces, quotes, letters outside ASCII) percent-encoded, the rest kept.
fn encode_query(query: &str) -> String {
    let mut out = String::with_capacity(query.len());
    for b in query.bytes() {
        if b.is_ascii_graphic()
            && !matches!(b, b'"' | b'<' | b'>' | b'`' | b'{' | b'}' | b'|' | b'^')
        {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Whether a file name is one of a split sitemap's parts: `sitemap-<n>.xml`.
fn is_sitemap_part(name: &str) -> bool {
    name.strip_prefix("sitemap-")
        .and_then(|n| n.strip_suffix(".xml"))
        .is_some_and(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()))
}

/// How an alias's origin is named in collision messages (` (an alias)`).
fn alias_suffix() -> String {
    crate::msg!("origin.alias-suffix")
}

/// The words before and after the name in an origin such as "the tag
/// `nông thôn`" (`key` has one `{name}`), to read the name back.
fn origin_name<'a>(origin: &'a str, template: &str) -> Option<&'a str> {
    let (before, after) = template.split_once('\u{0}')?;
    origin.strip_prefix(before)?.strip_suffix(after)
}

#[cfg(test)]
/// Where the old-URL redirect page of an alias goes: `/tin-tuc/123.html`
/// writes `tin-tuc/123.html`, `/bai-cu/` writes `bai-cu/index.html`. The path
/// is taken from the site's root (under the `base_url` path). `Err` explains
/// why an alias is refused (it would write outside the output folder, or is
/// not a plain path: [`old_url`] takes those with a query string).
pub(crate) fn alias_file(alias: &str) -> Result<String, String> {
    let (parts, is_file) = plain_alias(alias)?;
    let path = parts.join("/");
    Ok(if is_file {
        path
    } else {
        format!("{path}/index.html")
    })
}

/// The segments of a plain alias, and whether it names a file (`.html`)
/// rather than a folder.
fn plain_alias(alias: &str) -> Result<(Vec<String>, bool), String> {
    let a = alias.trim();
    if a.is_empty() {
        return Err(crate::msg!("alias.empty"));
    }
    if a.contains("://") || a.starts_with("//") {
        return Err(crate::msg!("alias.full-url", alias = a));
    }
    if a.contains(['?', '#', '\\']) {
        return Err(crate::msg!("alias.not-plain", alias = a));
    }
    let parts = path_parts(a)?;
    if parts.is_empty() {
        return Err(crate::msg!("alias.home", alias = a));
    }
    if let Some(long) = parts.iter().find(|p| p.len() > MAX_SEGMENT_BYTES) {
        return Err(crate::msg!(
            "alias.part-too-long",
            bytes = long.len(),
            part = crate::diag::shorten(long, 40),
            max = MAX_SEGMENT_BYTES
        ));
    }
    let path = parts.join("/");
    if path.len() > MAX_ALIAS_BYTES {
        return Err(crate::msg!(
            "alias.too-long",
            bytes = path.len(),
            max = MAX_ALIAS_BYTES
        ));
    }
    let is_file = !a.ends_with('/')
        && parts
            .last()
            .is_some_and(|l| l.ends_with(".html") || l.ends_with(".htm"));
    Ok((parts, is_file))
}

/// A file the build writes.
#[derive(Debug, Clone)]
pub(crate) struct Planned {
    /// Path under the output root.
    pub(crate) path: String,
    /// What it comes from, as shown in messages: a source file, or a
    /// description such as "the tag `nông thôn`".
    pub(crate) origin: String,
    /// The site's file that gives it its name (for a tag page, an article
    /// with the tag; for generated pages, `content/site.yaml`).
    pub(crate) file: String,
}

impl Site {
    /// The diagnostic for two outputs that clash, at the place an editor can
    /// change: an alias's own line, else a content file (at its `slug:` when
    /// it wrote one), else the first.
    fn blame(&self, first: &str, origin: &str, path: &str, message: String) -> Diagnostic {
        let alias_place = |origin: &str| -> Option<(&str, &Place)> {
            let file = origin.strip_suffix(alias_suffix().as_str())?;
            let page = self.pages.iter().find(|p| p.file == file)?;
            let i = page.aliases.iter().position(|a| {
                a == path
                    || path
                        .strip_prefix(a.as_str())
                        .is_some_and(|r| r.starts_with('/'))
                    || a.strip_prefix(path).is_some_and(|r| r.starts_with('/'))
            })?;
            Some((page.file.as_str(), page.alias_at.get(i)?))
        };
        let hint = crate::msg!("collision.hint");
        if let Some((file, place)) = alias_place(origin).or_else(|| alias_place(first)) {
            return Diagnostic::error(file, 1, 1, message)
                .at(place)
                .with_code("collision")
                .with_hint(crate::msg!("collision.alias.hint"));
        }
        let file = if origin.starts_with("content/") {
            origin
        } else {
            first
        };
        let d = Diagnostic::error(file, 1, 1, message)
            .with_code("collision")
            .with_hint(hint);
        // Point at the page's own `slug:` when it wrote one.
        match self
            .pages
            .iter()
            .find(|p| p.file == file)
            .and_then(|p| p.slug_at.as_ref())
        {
            Some(place) => d.at(place),
            None => d,
        }
    }

    /// Every file the build writes (path under the output root) with the
    /// source it comes from, as shown in messages.
    pub(crate) fn planned_outputs(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        let mut page =
            |path: String, origin: String| out.push((format!("{path}index.html"), origin));
        for (lang, l) in self.config.languages.iter().enumerate() {
            let code = &l.code;
            page(l.prefix.clone(), crate::msg!("origin.home", lang = code));
            page(
                self.tags_index_path(lang),
                crate::msg!("origin.tags-index", lang = code),
            );
            page(
                self.archive_index_path(lang),
                crate::msg!("origin.archive-index", lang = code),
            );
            page(
                self.search_path(lang),
                crate::msg!("origin.search-page", lang = code),
            );
            page(
                self.teams_index_path(lang),
                crate::msg!("origin.teams-index", lang = code),
            );
            page(
                self.regions_index_path(lang),
                crate::msg!("origin.regions-index", lang = code),
            );
            page(
                self.statistics_path(lang),
                crate::msg!("origin.statistics-page", lang = code),
            );
            for (t, team) in self.teams.iter().enumerate() {
                page(self.team_path(t, lang), team.source.file.clone());
            }
            for r in 0..self.regions.regions.len() {
                page(
                    self.region_path(r, lang),
                    crate::msg!(
                        "origin.region",
                        name = self.regions.regions[r].path.join(" > ")
                    ),
                );
            }
            for y in &self.years[lang] {
                for n in 1..=super::pager_len(y.pages.len(), self.config.page_size) {
                    page(
                        self.year_path(lang, y.year, n),
                        crate::msg!("origin.archive-year", year = y.year, lang = code),
                    );
                }
            }
        }
        for (sid, s) in self.sections.iter().enumerate() {
            for lang in 0..s.langs.len() {
                for n in 1..=self.pager_count(sid, lang) {
                    page(self.section_page_path(sid, lang, n), s.origin.clone());
                }
            }
        }
        for (tid, t) in self.tags.iter().enumerate() {
            for n in 1..=self.tag_pager_count(tid) {
                page(
                    self.tag_path(tid, n),
                    crate::msg!("origin.tag", name = t.name),
                );
            }
        }
        for p in &self.pages {
            page(p.path.clone(), p.file.clone());
        }
        if !self.documents.is_empty() {
            for lang in 0..self.config.languages.len() {
                let code = self.lang_code(lang).to_owned();
                let size = self.config.page_size;
                let d = &self.documents;
                for n in 1..=super::pager_len(d.docs.len(), size) {
                    page(
                        self.documents_page_path(lang, n),
                        crate::msg!("origin.documents", lang = code),
                    );
                }
                for (k, ids) in &d.kinds {
                    for n in 1..=super::pager_len(ids.len(), size) {
                        page(
                            self.document_kind_path(*k, lang, n),
                            crate::msg!(
                                "origin.documents-kind",
                                kind = super::documents::KINDS[*k].vi,
                                lang = code
                            ),
                        );
                    }
                }
                for (i, is) in d.issuers.iter().enumerate() {
                    for n in 1..=super::pager_len(is.docs.len(), size) {
                        page(
                            self.document_issuer_path(i, lang, n),
                            crate::msg!("origin.documents-issuer", name = is.name, lang = code),
                        );
                    }
                }
                for (y, ids) in &d.years {
                    for n in 1..=super::pager_len(ids.len(), size) {
                        page(
                            self.document_year_path(*y, lang, n),
                            crate::msg!("origin.documents-year", year = y, lang = code),
                        );
                    }
                }
                for doc in &d.docs {
                    page(self.document_path(doc.id, lang), doc.texts[0].file.clone());
                }
            }
        }
        for (lang, l) in self.config.languages.iter().enumerate() {
            let code = &l.code;
            out.push((
                Site::feed_path(&l.prefix),
                crate::msg!("origin.feed", lang = code),
            ));
            if !self.documents.is_empty() {
                out.push((
                    Site::feed_path(&self.documents_index_path(lang)),
                    crate::msg!("origin.documents-feed", lang = code),
                ));
            }
            out.push((
                self.search_index_file(lang),
                crate::msg!("origin.search-index", lang = code),
            ));
            for (sid, s) in self.sections.iter().enumerate() {
                out.push((
                    Site::feed_path(&self.section_page_path(sid, lang, 1)),
                    s.origin.clone(),
                ));
            }
        }
        for (tid, t) in self.tags.iter().enumerate() {
            out.push((
                Site::feed_path(&self.tag_path(tid, 1)),
                crate::msg!("origin.tag", name = t.name),
            ));
        }
        for lang in 0..self.config.languages.len() {
            out.push((
                self.statistics_workbook(lang),
                crate::msg!("origin.statistics-workbook"),
            ));
        }
        for ext in ["csv", "json"] {
            out.push((
                self.statistics_data_file(ext),
                crate::msg!("origin.statistics-data", ext = ext),
            ));
        }
        for file in ["sitemap.xml", "robots.txt", "404.html"] {
            out.push((
                file.to_owned(),
                crate::msg!("origin.generated", file = file),
            ));
        }
        for p in &self.pages {
            for a in &p.aliases {
                out.push((a.clone(), format!("{}{}", p.file, alias_suffix())));
            }
        }
        for a in &self.assets {
            out.push((a.rel.clone(), format!("content/{}", a.rel)));
        }
        if self.pages.iter().any(|p| !p.old_urls.is_empty()) {
            for file in REDIRECT_SERVER_FILES {
                out.push((
                    file.to_owned(),
                    crate::msg!("origin.generated", file = file),
                ));
            }
        }
        if self.has_query_aliases() {
            out.push((
                REDIRECT_MAP_FILE.to_owned(),
                crate::msg!("origin.generated", file = REDIRECT_MAP_FILE),
            ));
        }
        out
    }

    /// [`Site::planned_outputs`] with the site's file that gives each output
    /// its name: the source file itself, an article carrying a tag, the
    /// file naming a region, or `content/site.yaml` for generated files
    /// (read back from the origins `planned_outputs` writes).
    pub(crate) fn planned(&self) -> Vec<Planned> {
        let site_yaml = || crate::config::SITE_FILE.to_owned();
        let alias = alias_suffix();
        let tag_words = crate::msg!("origin.tag", name = '\u{0}');
        let region_words = crate::msg!("origin.region", name = '\u{0}');
        let names = OriginFiles::new(self);
        self.planned_outputs()
            .into_iter()
            .map(|(path, origin)| {
                let file = if let Some(source) = origin.strip_prefix("content/") {
                    format!(
                        "content/{}",
                        source.strip_suffix(alias.as_str()).unwrap_or(source)
                    )
                } else if let Some(name) = origin_name(&origin, &tag_words) {
                    names
                        .tags
                        .get(name)
                        .map_or_else(site_yaml, |t| self.tag_file(*t))
                } else if let Some(name) = origin_name(&origin, &region_words) {
                    names
                        .regions
                        .get(name)
                        .and_then(|r| names.region_files[*r])
                        .map_or_else(site_yaml, str::to_owned)
                } else {
                    site_yaml()
                };
                Planned { path, origin, file }
            })
            .collect()
    }

    /// An article that carries a tag (its page's name comes from there).
    fn tag_file(&self, tag: TagId) -> String {
        self.tags[tag].pages.last().map_or_else(
            || crate::config::SITE_FILE.to_owned(),
            |p| self.pages[*p].file.clone(),
        )
    }

    /// Whether some page has an alias with a query string (then the 404
    /// page's map and script are needed).
    pub(crate) fn has_query_aliases(&self) -> bool {
        self.pages
            .iter()
            .any(|p| p.old_urls.iter().any(|u| u.contains('?')))
    }

    /// Errors for one old address with a query string claimed by two pages
    /// (plain ones are files, which the collision check already compares).
    fn check_old_url_collisions(&self, diags: &mut Diagnostics) {
        let mut taken: HashMap<&str, &str> = HashMap::new();
        for p in &self.pages {
            for url in p.old_urls.iter().filter(|u| u.contains('?')) {
                match taken.get(url.as_str()) {
                    Some(first) if *first != p.file => diags.push(
                        Diagnostic::error(
                            &p.file,
                            1,
                            1,
                            crate::msg!("collision.old-url", first = first, url = url),
                        )
                        .with_code("collision")
                        .with_hint(crate::msg!("collision.old-url.hint")),
                    ),
                    Some(_) => {}
                    None => {
                        taken.insert(url, &p.file);
                    }
                }
            }
        }
    }

    /// Errors for files of `content/`, and aliases, that would replace a file
    /// of the theme (`kheo.css`, `search.js`) or the code stylesheet kheo
    /// generates: the pages ask for those by name, so a look-alike would
    /// silently change every page. A theme file is changed through the
    /// site's own theme folder.
    fn check_theme_files(&self, diags: &mut Diagnostics) {
        let syntax_css = crate::theme::SYNTAX_CSS_FILE;
        for a in &self.assets {
            let what = if a.rel == syntax_css {
                crate::msg!("collision.syntax-css")
            } else if self.theme.static_files.iter().any(|f| f.rel == a.rel) {
                crate::msg!("collision.theme-file")
            } else {
                continue;
            };
            let hint = if a.rel == syntax_css {
                crate::msg!("collision.rename.hint")
            } else {
                crate::msg!(
                    "collision.theme-file.hint",
                    theme = self.config.theme.value,
                    file = a.rel
                )
            };
            diags.push(
                Diagnostic::error(
                    format!("content/{}", a.rel),
                    1,
                    1,
                    crate::msg!("collision.replaces", file = a.rel, what = what),
                )
                .with_code("collision")
                .with_hint(hint),
            );
        }
        // The theme's own files (`kheo.css`, `syntax.css`...) are written
        // beside everything else; an alias must not land on them.
        let theme_files: Vec<&str> = self
            .theme
            .static_files
            .iter()
            .map(|f| f.rel.as_str())
            .chain([syntax_css])
            .collect();
        for p in &self.pages {
            for (alias, place) in p.aliases.iter().zip(&p.alias_at) {
                if let Some(file) = theme_files.iter().find(|f| {
                    alias == *f || alias.strip_prefix(**f).is_some_and(|r| r.starts_with('/'))
                }) {
                    diags.push(
                        Diagnostic::error(
                            &p.file,
                            1,
                            1,
                            crate::msg!("collision.alias-theme", alias = alias, file = file),
                        )
                        .at(place)
                        .with_code("collision")
                        .with_hint(crate::msg!("collision.alias-theme.hint")),
                    );
                }
            }
        }
    }

    /// Errors for outputs that would overwrite each other, or where one
    /// needs a folder where another is a file (`aliases: [/rss.xml]` would
    /// write `rss.xml/index.html` over the feed).
    pub(crate) fn check_collisions(&self, diags: &mut Diagnostics) {
        self.check_old_url_collisions(diags);
        self.check_theme_files(diags);
        let planned = self.planned_outputs();
        let alias = alias_suffix();
        let alias = alias.as_str();
        let mut taken: HashMap<&str, &str> = HashMap::new();
        for (path, origin) in &planned {
            match taken.get(path.as_str()) {
                Some(first) if first != origin => {
                    let message = match (origin.strip_suffix(alias), first.strip_suffix(alias)) {
                        (Some(_), Some(other)) => {
                            crate::msg!("collision.alias-both", other = other, path = path)
                        }
                        (Some(_), None) | (None, Some(_)) => {
                            let other: &str = if origin.ends_with(alias) {
                                first
                            } else {
                                origin
                            };
                            crate::msg!("collision.alias-page", other = other, path = path)
                        }
                        (None, None) => {
                            crate::msg!(
                                "collision.both",
                                first = first,
                                origin = origin,
                                path = path
                            )
                        }
                    };
                    diags.push(self.blame(first, origin, path, message));
                }
                Some(_) => {}
                None => {
                    taken.insert(path, origin);
                }
            }
        }
        for (path, origin) in &planned {
            for (i, _) in path.match_indices('/') {
                let folder = &path[..i];
                if let Some(first) = taken.get(folder) {
                    let message = if origin.ends_with(alias) {
                        crate::msg!("collision.alias-folder", folder = folder, first = first)
                    } else if first.ends_with(alias) {
                        crate::msg!("collision.alias-file", folder = folder, origin = origin)
                    } else {
                        crate::msg!(
                            "collision.folder-file",
                            origin = origin,
                            folder = folder,
                            first = first
                        )
                    };
                    diags.push(self.blame(first, origin, path, message));
                    break;
                }
            }
        }
        // The numbered parts of a split sitemap (past 50,000 addresses) are
        // reserved whatever the site's size, so that growing never clashes.
        for (path, origin) in &planned {
            let top = path.split('/').next().unwrap_or_default();
            if is_sitemap_part(top) && (origin.ends_with(alias) || origin.starts_with("content/")) {
                let message = crate::msg!("collision.sitemap-part", top = top);
                let sitemap = crate::msg!("origin.sitemap");
                diags.push(self.blame(&sitemap, origin, path, message));
            }
        }
        // Search shards live in their own folder; a content file there would be overwritten.
        for a in &self.assets {
            for lang in 0..self.config.languages.len() {
                if a.rel.starts_with(&self.search_shards_dir(lang)) {
                    diags.push(
                        Diagnostic::error(
                            format!("content/{}", a.rel),
                            1,
                            1,
                            crate::msg!(
                                "collision.search-folder",
                                folder = self.search_shards_dir(lang)
                            ),
                        )
                        .with_code("collision"),
                    );
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
    pub(crate) fn check_portable_names(&self, diags: &mut Diagnostics) {
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
            crate::msg!("portable.for", origin = out.origin)
        };
        let d = Diagnostic::error(
            &out.file,
            1,
            1,
            crate::msg!("portable.windows", why = why, path = path, of = of),
        )
        .with_code("file-name")
        .with_hint(crate::msg!("portable.windows.hint"));
        match self
            .pages
            .iter()
            .find(|p| p.file == out.file && p.slug == name)
            .and_then(|p| p.slug_at.as_ref())
        {
            Some(place) => d.at(place),
            None => d,
        }
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
        crate::msg!(
            "portable.case",
            first = here.0.origin,
            first_path = shown(here.0, here.1),
            then = there.0.origin,
            then_path = shown(there.0, there.1),
        ),
    )
    .with_code("file-name")
    .with_hint(crate::msg!("portable.case.hint"))
}

/// What [`Site::planned`] looks up by name, found once: a site with
/// 100,000 articles plans some 300,000 outputs, and searching the tags,
/// regions, teams and pages again for each grew with the square of the site.
struct OriginFiles<'a> {
    /// The first tag of each name.
    tags: HashMap<&'a str, TagId>,
    /// The first region of each path as messages show it (`A > B`).
    regions: HashMap<String, RegionId>,
    /// Per region, the file that names it: its region file, else the first
    /// team, else the first article, whose `region:` list reaches it.
    region_files: Vec<Option<&'a str>>,
}

impl<'a> OriginFiles<'a> {
    fn new(site: &'a Site) -> OriginFiles<'a> {
        let mut tags = HashMap::new();
        for (id, t) in site.tags.iter().enumerate() {
            tags.entry(t.name.as_str()).or_insert(id);
        }
        let tree = &site.regions;
        let mut regions = HashMap::new();
        for (id, r) in tree.regions.iter().enumerate() {
            regions.entry(r.path.join(" > ")).or_insert(id);
        }
        let mut region_files: Vec<Option<&str>> = tree
            .regions
            .iter()
            .map(|r| {
                r.file
                    .and_then(|i| site.region_files.get(i))
                    .map(|f| f.file.as_str())
            })
            .collect();
        // A list reaches the regions whose path it starts with: each of
        // its prefixes that is a region's path.
        let lists = (site
            .teams
            .iter()
            .map(|t| (&t.source.region, &t.source.file)))
        .chain(site.pages.iter().map(|p| (&p.region, &p.file)));
        for (list, file) in lists {
            for end in 1..=list.len() {
                let prefix = &list[..end];
                if let Some(id) = tree.find(prefix)
                    && tree.regions[id].path == prefix
                    && region_files[id].is_none()
                {
                    region_files[id] = Some(file.as_str());
                }
            }
        }
        OriginFiles {
            tags,
            regions,
            region_files,
        }
    }
}

#[cfg(test)]
mod tests;
