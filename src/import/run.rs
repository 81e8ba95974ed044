//! One import run, entry by entry: where each article goes, its pictures
//! and files copied beside it, its links to other imported articles made
//! relative, and what is skipped and why.

use super::*;

impl Run {
    fn fail(&mut self, e: &Entry, why: impl AsRef<str>) {
        let what = if e.title.is_empty() {
            crate::msg!("import.this-article")
        } else {
            format!("“{}”", e.title)
        };
        self.report.failed += 1;
        self.report.diagnostics.push(
            Diagnostic::error(
                &e.file,
                e.line,
                e.column,
                crate::msg!("import.not-imported", what = what, why = why.as_ref()),
            )
            .with_code("import"),
        );
    }

    fn warn(&mut self, e: &Entry, message: impl AsRef<str>) {
        self.report.diagnostics.push(
            Diagnostic::warning(
                &e.file,
                e.line,
                e.column,
                format!("“{}”: {}", e.title, message.as_ref()),
            )
            .with_code("import"),
        );
    }

    /// Decides an entry's file, or why it is skipped or failed.
    pub(super) fn plan(&mut self, e: Entry) -> Option<Planned> {
        if let Some(why) = &e.failure {
            let why = why.clone();
            self.fail(&e, why);
            return None;
        }
        let mut aliases: Vec<(String, String)> = Vec::new();
        for url in &e.old_urls {
            let written = url.alias();
            match old_url(&written) {
                Ok(o) if !aliases.iter().any(|(_, n)| *n == o.url) => {
                    aliases.push((written, o.url));
                }
                Ok(_) => {}
                Err(why) => {
                    let msg = crate::msg!("import.alias-dropped", url = url.display(), why = why);
                    self.warn(&e, msg);
                }
            }
        }
        if let Some(file) = aliases
            .iter()
            .find_map(|(_, n)| self.existing.aliases.get(&link_key(n)))
        {
            // Imported before: links to it lead to that file.
            let file = file.clone();
            for key in &e.link_keys {
                self.links.insert(link_key(key), file.clone());
            }
            self.report.skipped += 1;
            return None;
        }
        if e.title.trim().is_empty() {
            self.fail(&e, crate::msg!("import.no-title"));
            return None;
        }
        if let Some(why) = html_to_md::refused(&e.html) {
            self.fail(&e, why);
            return None;
        }
        let Some(written_date) = e.date else {
            let why = match e.date_text.as_deref() {
                Some("") | None => crate::msg!("import.no-date"),
                Some(text) => crate::msg!("import.bad-date", date = text),
            };
            self.fail(&e, why);
            return None;
        };
        let date = dates::front_matter(&written_date, &self.config_tz);
        let dir = if e.standalone {
            String::new()
        } else {
            self.section.clone()
        };
        let base = e
            .slug
            .as_deref()
            .map(slugify)
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| slugify(&e.title));
        let base = if base.is_empty() {
            "bai-viet".to_owned()
        } else {
            base
        };
        let base: String = truncate_slug(&base, 80);
        let mut slug = base.clone();
        let mut n = 1;
        while self.existing.slugs.contains(&(dir.clone(), slug.clone()))
            || (e.standalone && self.existing.reserved.contains(&slug))
        {
            n += 1;
            slug = format!("{base}-{n}");
        }
        let name = if e.standalone {
            format!("{slug}.md")
        } else {
            format!("{}-{slug}.md", &date[..10])
        };
        let minute = date.get(..16).unwrap_or(&date).to_owned();
        let minute = if minute.len() == 10 {
            format!("{minute} 00:00")
        } else {
            minute
        };
        // The same title at the same minute: imported before, its aliases
        // since removed, or an article without an old address.
        if self
            .existing
            .seen
            .contains(&(dir.clone(), e.title.trim().to_owned(), minute))
        {
            self.report.skipped += 1;
            return None;
        }
        let rel = if dir.is_empty() {
            name.clone()
        } else {
            format!("{dir}/{name}")
        };
        let folder = if dir.is_empty() {
            &self.root_dir
        } else {
            &self.section_dir
        };
        if folder.join(&name).exists() {
            let msg = crate::msg!("import.exists", file = format!("content/{rel}"));
            self.warn(&e, msg);
            self.report.skipped += 1;
            return None;
        }
        self.existing.slugs.insert((dir.clone(), slug.clone()));
        // An old address that is the new one needs no redirect.
        let own = if dir.is_empty() {
            format!("/{slug}/")
        } else {
            format!("/{}/{slug}/", slugify(&dir))
        };
        aliases.retain(|(_, n)| *n != own);
        for (_, n) in &aliases {
            self.existing.aliases.insert(link_key(n), rel.clone());
        }
        // Drafts are not built: links to them keep the old address.
        if !e.draft {
            for (_, n) in &aliases {
                self.links.insert(link_key(n), rel.clone());
            }
            for key in &e.link_keys {
                self.links.insert(link_key(key), rel.clone());
            }
        }
        Some(Planned {
            entry: e,
            dir,
            name,
            date,
            aliases: aliases.into_iter().map(|(w, _)| w).collect(),
        })
    }

    fn folder_of(&self, dir: &str) -> PathBuf {
        if dir.is_empty() {
            self.root_dir.clone()
        } else {
            self.section_dir.clone()
        }
    }

    /// Converts an article, copies what it uses, writes it.
    pub(super) fn write(&mut self, p: Planned) {
        let e = &p.entry;
        let converted = html_to_md::convert(&e.html);
        let mut copies: Vec<Copy> = Vec::new();
        let mut warnings: Vec<String> = e.warnings.clone();
        warnings.extend(converted.notes.iter().cloned());
        let mut problem: Option<String> = None;

        // The cover first: a body picture of the same file is then left out.
        let mut cover: Option<(String, PathBuf)> = None;
        if let Some(src) = &e.cover {
            match self.picture(&p.dir, &e.base, src, &mut copies) {
                Ok(Place::Here { name, source }) => cover = Some((name, source)),
                Ok(Place::Link { url, why, .. }) => {
                    warnings.push(crate::msg!("import.cover-link", url = url, why = why));
                }
                Ok(Place::Gone(why)) => warnings.push(crate::msg!("import.cover-gone", why = why)),
                Err(why) => problem = Some(why),
            }
        }
        let mut cover_caption = e.cover_caption.clone();
        let mut cover_seen = false;
        let mut resolved: Vec<String> = Vec::new();
        let mut old_links = 0;
        for r in &converted.refs {
            let text = match r {
                Reference::Link { href } => match self.link(&p.dir, &e.base, href, &mut copies) {
                    Ok((dest, old)) => {
                        old_links += usize::from(old);
                        destination(&dest)
                    }
                    Err(why) => {
                        problem.get_or_insert(why);
                        String::new()
                    }
                },
                Reference::Image {
                    src,
                    alt,
                    caption,
                    link,
                } => match self.picture(&p.dir, &e.base, src, &mut copies) {
                    Ok(Place::Here { name, source }) => {
                        if !cover_seen && cover.as_ref().is_some_and(|(_, s)| *s == source) {
                            cover_seen = true;
                            if cover_caption.is_none() && !caption.is_empty() {
                                cover_caption = Some(caption.clone());
                            }
                            String::new()
                        } else {
                            let title = if caption.is_empty() {
                                String::new()
                            } else {
                                format!(" \"{}\"", title_text(caption))
                            };
                            let img =
                                format!("![{}]({}{title})", bracket_text(alt), destination(&name));
                            match link {
                                Some(l) => match self.link(&p.dir, &e.base, l, &mut copies) {
                                    // A link to the picture itself, or to another picture, adds nothing.
                                    Ok((dest, _)) if dest == name || is_picture(&dest) => img,
                                    Ok((dest, old)) => {
                                        old_links += usize::from(old);
                                        format!("[{img}]({})", destination(&dest))
                                    }
                                    Err(why) => {
                                        problem.get_or_insert(why);
                                        img
                                    }
                                },
                                None => img,
                            }
                        }
                    }
                    Ok(Place::Link { url, why, copied }) => {
                        warnings.push(crate::msg!("import.picture-link", url = url, why = why));
                        let label = [alt, caption]
                            .into_iter()
                            .find(|t| !t.is_empty())
                            .cloned()
                            .unwrap_or_else(|| file_label(&url));
                        format!(
                            "[{}]({})",
                            bracket_text(&label),
                            destination(copied.as_deref().unwrap_or(&url))
                        )
                    }
                    Ok(Place::Gone(why)) => {
                        warnings.push(crate::msg!("import.picture-gone", why = why));
                        bracket_text(alt)
                    }
                    Err(why) => {
                        problem.get_or_insert(why);
                        String::new()
                    }
                },
            };
            resolved.push(text);
        }
        if let Some(why) = problem {
            self.fail(e, why);
            return;
        }
        let body = html_to_md::finish(&converted.markdown, |i| {
            resolved.get(i).cloned().unwrap_or_default()
        });
        match old_links {
            0 => {}
            n => warnings.push(crate::plural!("import.old-links", n)),
        }

        let mut text = String::from("---\n");
        text.push_str(&format!("title: {}\n", scalar(e.title.trim(), false)));
        text.push_str(&format!("date: {}\n", p.date));
        if let Some(a) = &e.author {
            text.push_str(&format!("author: {}\n", scalar(a, false)));
        }
        if let Some(s) = &e.summary {
            text.push_str(&format!("summary: {}\n", scalar(s, false)));
        }
        if !e.tags.is_empty() {
            text.push_str(&format!("tags: {}\n", list(&e.tags)));
        }
        if let Some((name, _)) = &cover {
            text.push_str(&format!("image: {}\n", scalar(name, false)));
            if let Some(c) = cover_caption.as_deref().filter(|c| !c.is_empty()) {
                text.push_str(&format!("image_caption: {}\n", scalar(c, false)));
            }
        }
        if !p.aliases.is_empty() {
            text.push_str(&format!("aliases: {}\n", list(&p.aliases)));
        }
        if e.draft {
            text.push_str("draft: true\n");
        }
        text.push_str("---\n\n");
        text.push_str(&body);
        let text = crate::text::nfc(text);

        let folder = self.folder_of(&p.dir);
        if let Err(e2) = self.content.ensure(&folder) {
            self.fail(e, format!("content/{} cannot be made: {e2}", p.dir));
            return;
        }
        let mut done = std::mem::take(&mut self.placers.entry(p.dir.clone()).or_default().done);
        let mut broken = None;
        for c in copies {
            if done.contains(&c.name) {
                continue;
            }
            match self.content.create(&folder, &c.name, &c.bytes) {
                Ok(Created::Written) => {
                    done.insert(c.name);
                    self.report.copied += 1;
                }
                Ok(Created::Exists) => {
                    done.insert(c.name);
                }
                Err(err) => {
                    broken = Some(format!("{} cannot be written: {err}", c.name));
                    break;
                }
            }
        }
        self.placers.entry(p.dir.clone()).or_default().done = done;
        if let Some(why) = broken {
            self.fail(e, why);
            return;
        }
        let rel = if p.dir.is_empty() {
            format!("content/{}", p.name)
        } else {
            format!("content/{}/{}", p.dir, p.name)
        };
        match self.content.create(&folder, &p.name, text.as_bytes()) {
            Ok(Created::Written) => {
                for w in warnings {
                    self.warn(e, w);
                }
                self.report.written.push(rel);
            }
            Ok(Created::Exists) => {
                self.warn(e, crate::msg!("import.exists", file = rel));
                self.report.skipped += 1;
            }
            Err(err) => self.fail(
                e,
                crate::msg!("import.cannot-write", file = rel, error = err),
            ),
        }
    }

    /// Where a picture of an article goes.
    fn picture(
        &mut self,
        dir: &str,
        base: &Url,
        src: &str,
        copies: &mut Vec<Copy>,
    ) -> Result<Place, String> {
        let url = match base.join(src) {
            Some(Target::Web(u)) => u,
            Some(Target::Other(o)) if o.starts_with("data:") => {
                return Ok(Place::Gone(crate::msg!("import.picture-data")));
            }
            Some(Target::Other(o)) | Some(Target::Fragment(o)) => {
                return Ok(Place::Gone(crate::msg!("import.picture-not-url", url = o)));
            }
            None => return Ok(Place::Gone(crate::msg!("import.picture-no-url"))),
        };
        let shown = if url.is_on(&self.hosts) {
            url.display()
        } else {
            src.trim().to_owned()
        };
        if !url.is_on(&self.hosts) {
            return Ok(Place::Link {
                url: shown,
                why: crate::msg!("import.picture-remote"),
                copied: None,
            });
        }
        let found = self
            .files
            .original_of(&url.path)
            .or_else(|| self.files.find(&url.path))
            .map(Path::to_path_buf);
        let Some(path) = found else {
            return Ok(Place::Link {
                url: shown,
                why: crate::msg!("import.picture-not-in-files"),
                copied: None,
            });
        };
        let name = self.place(dir, &path, copies)?;
        if let Some(why) = unshowable(&name, copies) {
            return Ok(Place::Link {
                url: shown,
                why,
                copied: Some(name),
            });
        }
        Ok(Place::Here { name, source: path })
    }

    /// Where a link of an article leads: another imported article (as a
    /// relative `.md` link), a document copied next to it, or the old
    /// address. The flag is set for a page of the old site not imported.
    fn link(
        &mut self,
        dir: &str,
        base: &Url,
        href: &str,
        copies: &mut Vec<Copy>,
    ) -> Result<(String, bool), String> {
        let url = match base.join(href) {
            Some(Target::Web(u)) => u,
            Some(Target::Fragment(f)) => return Ok((format!("#{f}"), false)),
            Some(Target::Other(o)) => return Ok((o, false)),
            None => return Ok((href.to_owned(), false)),
        };
        if !url.is_on(&self.hosts) {
            return Ok((href.trim().to_owned(), false));
        }
        let fragment = url
            .fragment
            .as_deref()
            .map(|f| format!("#{f}"))
            .unwrap_or_default();
        let keys = [link_key(&url.alias()), link_key(&url.path)];
        if let Some(target) = keys.iter().find_map(|k| self.links.get(k)) {
            return Ok((format!("{}{fragment}", relative(dir, target)), false));
        }
        let page_like = {
            let name = url.file_name().to_ascii_lowercase();
            let ext = name.rsplit_once('.').map(|(_, e)| e).unwrap_or("");
            url.path.ends_with('/')
                || url.query.is_some()
                || matches!(
                    ext,
                    "" | "html" | "htm" | "aspx" | "asp" | "php" | "jsp" | "cfm" | "shtml"
                )
        };
        if !page_like && let Some(path) = self.files.find(&url.path).map(Path::to_path_buf) {
            return Ok((self.place(dir, &path, copies)?, false));
        }
        if self.saved {
            // A link between saved pages names the saved file: give its address back.
            let mut old = urls::saved_page_url(&decode_percent(&url.alias()));
            old.host = url.host.clone();
            old.fragment = url.fragment.clone();
            return Ok((old.display(), true));
        }
        Ok((url.display(), true))
    }

    /// The name a file of the old site gets next to the articles of `dir`:
    /// its own name as a slug, `-2`, `-3`... when another file has it.
    fn place(
        &mut self,
        dir: &str,
        source: &Path,
        copies: &mut Vec<Copy>,
    ) -> Result<String, String> {
        let folder = self.folder_of(dir);
        let placer = self.placers.entry(dir.to_owned()).or_insert_with(|| {
            let mut p = Placer::default();
            if let Ok(entries) = std::fs::read_dir(&folder) {
                for e in entries.flatten() {
                    p.taken
                        .insert(e.file_name().to_string_lossy().to_lowercase());
                }
            }
            p
        });
        let bytes = std::fs::read(source).map_err(|e| {
            crate::msg!("import.file-unreadable", file = source.display(), error = e)
        })?;
        if let Some(name) = placer.given.get(source) {
            let name = name.clone();
            copies.push(Copy {
                name: name.clone(),
                bytes,
            });
            return Ok(name);
        }
        let file = source
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let (stem, ext) = match file.rsplit_once('.') {
            Some((s, e)) if !s.is_empty() => (s.to_owned(), e.to_ascii_lowercase()),
            _ => (file.clone(), String::new()),
        };
        let stem = truncate_slug(&slugify(&stem), 60);
        let stem = if stem.is_empty() {
            "tep".to_owned()
        } else {
            stem
        };
        let ext = if ext == "jpeg" {
            "jpg".to_owned()
        } else {
            slugify(&ext)
        };
        let with = |n: usize| {
            let s = if n == 1 {
                stem.clone()
            } else {
                format!("{stem}-{n}")
            };
            if ext.is_empty() {
                s
            } else {
                format!("{s}.{ext}")
            }
        };
        let mut n = 1;
        let name = loop {
            let candidate = with(n);
            let on_disk = folder.join(&candidate);
            // The same file imported before (or by another article) is used again.
            if std::fs::read(&on_disk).is_ok_and(|existing| existing == bytes) {
                placer.done.insert(candidate.clone());
                break candidate;
            }
            if !placer.taken.contains(&candidate.to_lowercase()) {
                break candidate;
            }
            n += 1;
        };
        placer.taken.insert(name.to_lowercase());
        placer.given.insert(source.to_path_buf(), name.clone());
        copies.push(Copy {
            name: name.clone(),
            bytes,
        });
        Ok(name)
    }
}
