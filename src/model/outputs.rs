//! Every file a build writes, with what it comes from: the list the collision
//! check walks (two outputs on one path is an error naming both sources),
//! and the rules for where an `aliases:` entry may write.

use std::collections::HashMap;

use crate::diag::{Diagnostic, Diagnostics};

use super::Site;

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

impl Site {
    /// Every file the build writes (path under the output root) with the
    /// source it comes from, as shown in messages.
    pub fn planned_outputs(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = Vec::new();
        let mut page =
            |path: String, origin: String| out.push((format!("{path}index.html"), origin));
        for (lang, l) in self.config.languages.iter().enumerate() {
            let code = &l.code;
            page(l.prefix.clone(), format!("the home page ({code})"));
            page(
                self.tags_index_path(lang),
                format!("the tags index ({code})"),
            );
            page(
                self.archive_index_path(lang),
                format!("the archive index ({code})"),
            );
            page(self.search_path(lang), format!("the search page ({code})"));
            page(
                self.teams_index_path(lang),
                format!("the teams index ({code})"),
            );
            page(
                self.regions_index_path(lang),
                format!("the regions index ({code})"),
            );
            page(
                self.statistics_path(lang),
                format!("the statistics page ({code})"),
            );
            for (t, team) in self.teams.iter().enumerate() {
                page(self.team_path(t, lang), team.source.file.clone());
            }
            for r in 0..self.regions.regions.len() {
                page(
                    self.region_path(r, lang),
                    format!("the region `{}`", self.regions.regions[r].path.join(" > ")),
                );
            }
            for y in &self.years[lang] {
                for n in 1..=super::pager_len(y.pages.len(), self.config.page_size) {
                    page(
                        self.year_path(lang, y.year, n),
                        format!("the archive of {} ({code})", y.year),
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
                page(self.tag_path(tid, n), format!("the tag `{}`", t.name));
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
                        format!("the documents ({code})"),
                    );
                }
                for (k, ids) in &d.kinds {
                    for n in 1..=super::pager_len(ids.len(), size) {
                        page(
                            self.document_kind_path(*k, lang, n),
                            format!(
                                "the documents of kind `{}` ({code})",
                                super::documents::KINDS[*k].vi
                            ),
                        );
                    }
                }
                for (i, is) in d.issuers.iter().enumerate() {
                    for n in 1..=super::pager_len(is.docs.len(), size) {
                        page(
                            self.document_issuer_path(i, lang, n),
                            format!("the documents of `{}` ({code})", is.name),
                        );
                    }
                }
                for (y, ids) in &d.years {
                    for n in 1..=super::pager_len(ids.len(), size) {
                        page(
                            self.document_year_path(*y, lang, n),
                            format!("the documents of {y} ({code})"),
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
            out.push((Site::feed_path(&l.prefix), format!("the feed ({code})")));
            if !self.documents.is_empty() {
                out.push((
                    Site::feed_path(&self.documents_index_path(lang)),
                    format!("the documents' feed ({code})"),
                ));
            }
            out.push((
                self.search_index_file(lang),
                format!("the search index ({code})"),
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
                format!("the tag `{}`", t.name),
            ));
        }
        for lang in 0..self.config.languages.len() {
            out.push((
                self.statistics_workbook(lang),
                "the statistics workbook (xlsx)".to_owned(),
            ));
        }
        for ext in ["csv", "json"] {
            out.push((
                self.statistics_data_file(ext),
                format!("the statistics data ({ext})"),
            ));
        }
        for file in ["sitemap.xml", "robots.txt", "404.html"] {
            out.push((file.to_owned(), format!("the generated {file}")));
        }
        for p in &self.pages {
            for a in &p.aliases {
                out.push((a.clone(), format!("{} (an alias)", p.file)));
            }
        }
        for a in &self.assets {
            out.push((a.rel.clone(), format!("content/{}", a.rel)));
        }
        out
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
