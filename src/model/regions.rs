//! Regions as a tree (province > district > commune > village), built from
//! the `region:` lists of teams and articles and from the optional region
//! files. A region with a file is known by its place: a list may start at it
//! (its parents are completed from the files), and a list that puts it under
//! another parent than its file says is an error at that list.

use std::collections::{HashMap, HashSet};

use crate::collate;
use crate::diag::{Diagnostic, Diagnostics};
use crate::limits::MAX_REGION_DEPTH;
use crate::load::RegionSource;
use crate::slug::slugify;
use crate::units::{Era, Level, Unit, same_name};
use jiff::civil::Date;

use super::names::{self, Checked};

mod paths;
use paths::{complete, file_path, same_path};

pub(crate) type RegionId = usize;

/// A region of the tree.
#[derive(Debug, Clone)]
pub(crate) struct Region {
    /// The name as written in `region:` lists (Vietnamese).
    pub(crate) name: String,
    /// `name_en` of its region file, if any.
    pub(crate) name_en: Option<String>,
    /// Names from the root to this region.
    pub(crate) path: Vec<String>,
    /// Its own URL segment, unique among its siblings.
    pub(crate) slug: String,
    /// Segments from the root: `hai-duong/thanh-ha/`.
    pub(crate) slug_path: String,
    pub(crate) parent: Option<RegionId>,
    /// In Vietnamese alphabetical order.
    pub(crate) children: Vec<RegionId>,
    /// Index of its file in the site's region sources.
    pub(crate) file: Option<usize>,
    /// 1 for a province, 2 for a district...
    pub(crate) depth: usize,
    /// The units of the national list it is (one per era, older first;
    /// none for a name below commune level or one the list does not know).
    pub(crate) units: Vec<Unit>,
    /// Its level in its time: from its unit, else its region file's
    /// `level:`, else its place in the lists that name it and their era.
    pub(crate) level: Level,
    /// The first day it no longer existed (from its region file, else from
    /// the national list); none for a region of today.
    pub(crate) ended: Option<Date>,
    /// The regions that took it in, the one taking its figures first.
    pub(crate) successors: Vec<RegionId>,
    /// The regions whose successors name it, in tree order.
    pub(crate) predecessors: Vec<RegionId>,
    /// The region its figures count in, in today's units: itself for a
    /// region of today, else its first successor's (followed to today);
    /// for a place below an ended one, the same place under that one's
    /// region of today if the site has it, else that region.
    pub(crate) today: RegionId,
    /// The era of the latest list naming it, if checked.
    era: Option<Era>,
    /// Slugs it must not take: those of the units the list has at its place,
    /// when the list does not know its name.
    avoid: Vec<String>,
}

impl Region {
    /// The unit of the latest era.
    pub(crate) fn unit(&self) -> Option<Unit> {
        self.units.last().copied()
    }
}

impl Tree {
    /// Whether the region exists today (its figures count in itself).
    pub(crate) fn is_current(&self, id: RegionId) -> bool {
        self.regions[id].today == id && self.regions[id].ended.is_none()
    }

    /// The region of a unit of the national list, if the site has it.
    pub(crate) fn of_unit(&self, u: Unit) -> Option<RegionId> {
        self.by_unit.get(&u).copied()
    }
}

/// A `region:` list and where it was written (file, line, column).
pub(crate) struct ListAt<'a> {
    pub(crate) list: &'a [String],
    pub(crate) file: &'a str,
    pub(crate) line: usize,
    pub(crate) column: usize,
    /// The national lists it may speak of (SPEC §1.6): an article's date's,
    /// a team's figures' years'; empty: not checked.
    pub(crate) eras: Vec<Era>,
}

/// The regions of a site.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tree {
    pub(crate) regions: Vec<Region>,
    /// The roots, in alphabetical order.
    pub(crate) roots: Vec<RegionId>,
    by_path: HashMap<Vec<String>, RegionId>,
    by_unit: HashMap<Unit, RegionId>,
}

impl Tree {
    /// The region a list names (after [`Tree::build`] completed it).
    pub(crate) fn find(&self, path: &[String]) -> Option<RegionId> {
        self.by_path.get(path).copied()
    }

    /// Every region by name, for `kheo stats --region` and the like.
    pub(crate) fn by_name(&self, name: &str) -> Vec<RegionId> {
        let wanted = name.trim().to_lowercase();
        (0..self.regions.len())
            .filter(|r| {
                let reg = &self.regions[*r];
                reg.name.to_lowercase() == wanted || reg.slug_path.trim_end_matches('/') == wanted
            })
            .collect()
    }

    /// The region and all regions below it, parents before children.
    pub(crate) fn subtree(&self, root: RegionId) -> Vec<RegionId> {
        let mut out = vec![root];
        let mut i = 0;
        while i < out.len() {
            out.extend(self.regions[out[i]].children.iter().copied());
            i += 1;
        }
        out
    }

    /// Regions in display order: depth-first, children alphabetically.
    pub(crate) fn in_order(&self) -> Vec<RegionId> {
        let mut out = Vec::with_capacity(self.regions.len());
        let mut stack: Vec<RegionId> = self.roots.iter().rev().copied().collect();
        while let Some(r) = stack.pop() {
            out.push(r);
            stack.extend(self.regions[r].children.iter().rev().copied());
        }
        out
    }

    /// Builds the tree. `lists` are every `region:` list of teams and
    /// articles; each is returned completed (ancestors from region files
    /// prepended) in the same order, or `None` where it contradicts a file.
    pub(crate) fn build(
        files: &[RegionSource],
        lists: &[ListAt],
        diags: &mut Diagnostics,
    ) -> (Tree, Vec<Option<Vec<String>>>) {
        // One file per name.
        let mut file_of: HashMap<&str, usize> = HashMap::new();
        for (i, f) in files.iter().enumerate() {
            if let Some(&first) = file_of.get(f.name.as_str()) {
                diags.push(
                    Diagnostic::error(
                        &f.file,
                        1,
                        1,
                        crate::msg!("region.duplicate", first = files[first].file, name = f.name),
                    )
                    .with_code("region"),
                );
            } else {
                file_of.insert(&f.name, i);
            }
        }

        // The full path of each region file, following `parent:` through files,
        // then through the lists for a parent without a file.
        // A name's first place in the lists (the least path in byte order),
        // for parents without a file: found once, not per file.
        let mut places: HashMap<&str, &[String]> = HashMap::new();
        for at in lists {
            for (k, name) in at.list.iter().enumerate() {
                let place = &at.list[..=k];
                places
                    .entry(name.as_str())
                    .and_modify(|p| {
                        if place < *p {
                            *p = place;
                        }
                    })
                    .or_insert(place);
            }
        }
        let mut file_paths: HashMap<usize, Vec<String>> = HashMap::new();
        for i in 0..files.len() {
            if let Some(path) = file_path(i, files, &file_of, &places, diags) {
                file_paths.insert(i, path);
            }
        }

        // Where the national list stops speaking of a path: at a region
        // file that gives its own history (`ended:`) or says it is a village.
        // The file describing the k-th name of a path, at that place.
        let file_here = |path: &[String], k: usize| -> Option<usize> {
            file_of
                .get(path[k].as_str())
                .copied()
                .filter(|f| file_paths.get(f).is_some_and(|p| same_path(p, &path[..=k])))
        };
        // Files of places the national list does not hold: they give their
        // own history (`ended:`), are villages, or state the `level:` of a
        // name the list does not know (a place of an earlier time, a sample).
        let mut outside: HashSet<usize> = (0..files.len())
            .filter(|&f| files[f].ended.is_some() || files[f].level == Some(Level::Village))
            .collect();
        let cut = |path: &[String], outside: &HashSet<usize>| -> usize {
            (0..path.len())
                .find(|&k| file_here(path, k).is_some_and(|f| outside.contains(&f)))
                .unwrap_or(path.len())
        };

        // The files' own places, checked against either list and written
        // the list's way.
        let mut file_checked: HashMap<usize, Checked> = HashMap::new();
        let mut written_paths: HashMap<usize, Vec<String>> = HashMap::new();
        let mut problems = Vec::new();
        let mut in_order: Vec<usize> = file_paths.keys().copied().collect();
        // Parents first, so that a parent outside the list is known as such.
        in_order.sort_by_key(|f| (file_paths[f].len(), *f));
        for f in in_order {
            let mut path = file_paths[&f].clone();
            let (checked, problem) = names::check(
                &mut path,
                cut(&file_paths[&f], &outside),
                &[Era::Before2025, Era::Since2025],
            );
            if let Some((era, problem)) = problem {
                let index = match &problem {
                    names::Problem::Unknown(u) => u.index,
                    names::Problem::Ambiguous { index, .. } => *index,
                };
                match file_here(&file_paths[&f], index) {
                    Some(g) if files[g].level.is_some() => {
                        outside.insert(g);
                    }
                    _ => problems.push((f, path.clone(), era, problem)),
                }
            }
            file_checked.insert(f, checked);
            written_paths.insert(f, path);
        }
        for (f, path, era, problem) in problems {
            diags.push(names::warning(
                &files[f].file,
                files[f].name_at,
                &path,
                era,
                &problem,
            ));
        }
        let own_history = |path: &[String]| cut(path, &outside);

        // Complete each list, check it against the files and the national list.
        let mut completed = Vec::with_capacity(lists.len());
        let mut list_checked: Vec<Checked> = Vec::with_capacity(lists.len());
        for at in lists {
            let mut full = complete(at, files, &file_of, &file_paths, diags);
            let mut checked = Checked::default();
            if let Some(path) = &mut full {
                let cut = own_history(path);
                let (c, problem) = names::check(path, cut, &at.eras);
                if let Some((era, problem)) = problem {
                    diags.push(names::warning(
                        at.file,
                        (at.line, at.column),
                        path,
                        era,
                        &problem,
                    ));
                }
                // A file's region keeps the file's spelling of the names the
                // list does not check.
                if let Some(k) = (0..path.len()).rev().find(|&k| {
                    file_of
                        .get(path[k].as_str())
                        .and_then(|f| written_paths.get(f))
                        .is_some_and(|p| p.len() == k + 1)
                }) && let Some(p) = file_of
                    .get(path[k].as_str())
                    .and_then(|f| written_paths.get(f))
                {
                    path[..=k].clone_from_slice(p);
                }
                checked = c;
            }
            completed.push(full);
            list_checked.push(checked);
        }

        let mut tree = Tree::default();
        // A file describes its name only at the place its parents give it.
        let file_at: HashMap<Vec<String>, usize> =
            written_paths.iter().map(|(f, p)| (p.clone(), *f)).collect();
        let mut paths: Vec<(&Vec<String>, &Checked)> = written_paths
            .iter()
            .filter_map(|(f, p)| Some((p, file_checked.get(f)?)))
            .collect();
        paths.extend(
            completed
                .iter()
                .zip(&list_checked)
                .filter_map(|(p, c)| Some((p.as_ref()?, c))),
        );
        paths.sort_by(|a, b| a.0.cmp(b.0));
        for (path, checked) in paths {
            for depth in 1..=path.len() {
                let id = tree.node(&path[..depth], &file_at);
                let r = &mut tree.regions[id];
                if let Some(units) = checked.units.get(depth - 1) {
                    r.units.extend(units);
                    r.units.sort_by_key(|u| u.era());
                    r.units.dedup();
                }
                if checked.era > r.era {
                    r.era = checked.era;
                }
                if let Some((index, avoid)) = &checked.avoid
                    && *index == depth - 1
                {
                    r.avoid.extend(avoid.iter().cloned());
                }
            }
        }
        tree.history(files, &file_at, diags);
        // Levels, parents first: a region file's `level:`, else its unit's,
        // else the level below its parent's in the era of the lists naming it.
        for id in tree.in_order() {
            let r = &tree.regions[id];
            let era = r.era.unwrap_or(Era::Before2025);
            let level = match (r.unit(), r.file.and_then(|f| files[f].level), r.parent) {
                (_, Some(level), _) => level,
                (Some(u), None, _) => u.level(),
                (None, None, Some(p)) => match (tree.regions[p].level, era) {
                    (Level::Province, Era::Before2025) => Level::District,
                    (Level::Province, Era::Since2025) | (Level::District, _) => Level::Commune,
                    (Level::Commune | Level::Village, _) => Level::Village,
                },
                (None, None, None) => Level::Province,
            };
            tree.regions[id].level = level;
        }
        tree.finish();
        (tree, completed)
    }

    fn node(&mut self, path: &[String], file_at: &HashMap<Vec<String>, usize>) -> RegionId {
        if let Some(&id) = self.by_path.get(path) {
            return id;
        }
        let parent = (path.len() > 1).then(|| self.node(&path[..path.len() - 1], file_at));
        let name = path[path.len() - 1].clone();
        let file = file_at.get(path).copied();
        let id = self.regions.len();
        self.regions.push(Region {
            name,
            name_en: None,
            path: path.to_vec(),
            slug: String::new(),
            slug_path: String::new(),
            parent,
            children: Vec::new(),
            file,
            depth: path.len(),
            units: Vec::new(),
            level: Level::Village,
            ended: None,
            successors: Vec::new(),
            predecessors: Vec::new(),
            today: id,
            era: None,
            avoid: Vec::new(),
        });
        self.by_path.insert(path.to_vec(), id);
        if let Some(p) = parent {
            self.regions[p].children.push(id);
        } else {
            self.roots.push(id);
        }
        id
    }

    /// The region of a unit of the national list, made (with its parents)
    /// when no list names it: the successors of the site's old units.
    fn unit_node(&mut self, u: Unit, file_at: &HashMap<Vec<String>, usize>) -> RegionId {
        let units = u.path();
        let path: Vec<String> = units.iter().map(|&x| names::written_name(x)).collect();
        let mut id = 0;
        for (depth, &x) in units.iter().enumerate() {
            id = self.node(&path[..=depth], file_at);
            let r = &mut self.regions[id];
            if !r.units.contains(&x) {
                r.units.push(x);
                r.units.sort_by_key(|v| v.era());
            }
            if Some(x.era()) > r.era {
                r.era = Some(x.era());
            }
        }
        id
    }

    /// A path written in a region file's `successors:`: a region of the
    /// site, or a unit of the national list.
    fn resolve(
        &mut self,
        path: &[String],
        file_at: &HashMap<Vec<String>, usize>,
    ) -> Option<RegionId> {
        if let Some(id) = self.by_path.get(path) {
            return Some(*id);
        }
        let mut written = path.to_vec();
        let (checked, _) =
            names::check(&mut written, path.len(), &[Era::Before2025, Era::Since2025]);
        if let Some(id) = self.by_path.get(&written) {
            return Some(*id);
        }
        // A unit of the list that no list of the site names.
        let last = checked.units.get(path.len() - 1)?;
        let u = *last.last()?;
        Some(self.unit_node(u, file_at))
    }

    /// `ended` and `successors` from the region files, else from the
    /// national list; cycles and unknown successors are errors; then every
    /// region's region of today.
    fn history(
        &mut self,
        files: &[RegionSource],
        file_at: &HashMap<Vec<String>, usize>,
        diags: &mut Diagnostics,
    ) {
        let mut id = 0;
        // Regions made for successors are processed too: an old unit named
        // by a region file's `successors` has its own history.
        while id < self.regions.len() {
            let file = self.regions[id].file.map(|f| &files[f]);
            if let Some(f) = file.filter(|f| f.ended.is_some()) {
                let mut successors = Vec::new();
                for (path, (line, column)) in &f.successors {
                    match self.resolve(path, file_at) {
                        Some(s) if s == id => diags.push(
                            Diagnostic::error(
                                &f.file,
                                *line,
                                *column,
                                crate::msg!("region.succeeds-itself", name = path.join(" > ")),
                            )
                            .with_code("region"),
                        ),
                        Some(s) => successors.push(s),
                        None => diags.push(
                            Diagnostic::error(
                                &f.file,
                                *line,
                                *column,
                                crate::msg!("region.unknown-successor", name = path.join(" > ")),
                            )
                            .with_code("region")
                            .with_hint(crate::msg!("region.unknown-successor.hint")),
                        ),
                    }
                }
                self.regions[id].ended = f.ended;
                self.regions[id].successors = successors;
            } else if let Some(u) = self.regions[id].unit()
                && u.ended().is_some()
            {
                let successors: Vec<RegionId> = u
                    .successors()
                    .iter()
                    .map(|&s| self.unit_node(s, file_at))
                    .collect();
                self.regions[id].ended = u.ended();
                self.regions[id].successors = successors;
            }
            id += 1;
        }
        for (id, r) in self.regions.iter().enumerate() {
            for &u in &r.units {
                self.by_unit.entry(u).or_insert(id);
            }
        }
        // Cycles: a region that its successors lead back to.
        let n = self.regions.len();
        let in_cycle: Vec<bool> = (0..n)
            .map(|start| {
                let mut stack: Vec<RegionId> = self.regions[start].successors.clone();
                let mut seen: HashSet<RegionId> = HashSet::new();
                while let Some(r) = stack.pop() {
                    if r == start {
                        return true;
                    }
                    if seen.insert(r) {
                        stack.extend(self.regions[r].successors.iter().copied());
                    }
                }
                false
            })
            .collect();
        for (id, r) in self.regions.iter().enumerate() {
            if !in_cycle[id] {
                continue;
            }
            if let Some(f) = r.file {
                let at = files[f].successors.first().map_or((1, 1), |(_, at)| *at);
                diags.push(
                    Diagnostic::error(
                        &files[f].file,
                        at.0,
                        at.1,
                        crate::msg!("region.successor-cycle", name = r.name),
                    )
                    .with_code("region"),
                );
            }
        }
        for (id, &cycle) in in_cycle.iter().enumerate() {
            if cycle {
                self.regions[id].successors.clear();
            }
            for k in 0..self.regions[id].successors.len() {
                let s = self.regions[id].successors[k];
                self.regions[s].predecessors.push(id);
            }
        }
        // Today's region: parents before children, successors followed.
        let mut today: Vec<Option<RegionId>> = vec![None; n];
        for id in 0..n {
            self.today_of(id, &mut today, 0);
        }
        for (r, t) in self.regions.iter_mut().zip(today) {
            r.today = t.unwrap_or(r.today);
        }
    }

    fn today_of(&self, id: RegionId, memo: &mut [Option<RegionId>], depth: usize) -> RegionId {
        if let Some(t) = memo[id] {
            return t;
        }
        // Cycles were cut above; the bound only guards against a mistake.
        if depth > self.regions.len() {
            return id;
        }
        let r = &self.regions[id];
        let t = if r.ended.is_some() && !r.successors.is_empty() {
            self.today_of(r.successors[0], memo, depth + 1)
        } else if let Some(p) = r.parent {
            let tp = self.today_of(p, memo, depth + 1);
            if tp == p {
                id
            } else {
                let mut path = self.regions[tp].path.clone();
                path.push(r.name.clone());
                match self.by_path.get(&path).copied() {
                    Some(q) if q != id => self.today_of(q, memo, depth + 1),
                    _ => tp,
                }
            }
        } else {
            id
        };
        memo[id] = Some(t);
        t
    }

    /// Alphabetical children and unique slugs among siblings.
    fn finish(&mut self) {
        let regions = &self.regions;
        let sort =
            |ids: &mut Vec<RegionId>| ids.sort_by_cached_key(|id| collate::key(&regions[*id].name));
        let mut roots = std::mem::take(&mut self.roots);
        sort(&mut roots);
        let mut children: Vec<Vec<RegionId>> =
            self.regions.iter().map(|r| r.children.clone()).collect();
        for c in &mut children {
            sort(c);
        }
        self.roots = roots;
        for (r, c) in self.regions.iter_mut().zip(children) {
            r.children = c;
        }
        let groups: Vec<Vec<RegionId>> = std::iter::once(self.roots.clone())
            .chain(self.regions.iter().map(|r| r.children.clone()))
            .collect();
        for mut siblings in groups {
            // Units of the national list take their plain slugs first; a name
            // the list does not know never takes the slug of a unit there.
            siblings.sort_by_key(|&id| self.regions[id].units.is_empty());
            let mut used: HashSet<String> = HashSet::new();
            for id in siblings {
                let base = slugify(&self.regions[id].name);
                let base = if base.is_empty() {
                    "dia-ban".to_owned()
                } else {
                    base
                };
                let avoid = &self.regions[id].avoid;
                let mut slug = base.clone();
                let mut n = 2;
                while avoid.contains(&slug) || !used.insert(slug.clone()) {
                    slug = format!("{base}-{n}");
                    n += 1;
                }
                self.regions[id].slug = slug;
            }
        }
        for id in self.in_order() {
            let parent_path = self.regions[id]
                .parent
                .map(|p| self.regions[p].slug_path.clone())
                .unwrap_or_default();
            self.regions[id].slug_path = format!("{parent_path}{}/", self.regions[id].slug);
        }
    }

    /// Sets English names from the region files.
    pub(crate) fn name_from_files(&mut self, files: &[RegionSource]) {
        for r in &mut self.regions {
            if let Some(f) = r.file {
                r.name_en = files[f].name_en.clone();
            }
            // Else the list's unit in English: `Hai Duong Province`.
            if r.name_en.is_none() {
                r.name_en = r.unit().map(Unit::name_en);
            }
        }
    }
}

#[cfg(test)]
mod tests;

#[cfg(test)]
mod unit_tests;
