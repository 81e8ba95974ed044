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

pub type RegionId = usize;

/// A region of the tree.
#[derive(Debug, Clone)]
pub struct Region {
    /// The name as written in `region:` lists (Vietnamese).
    pub name: String,
    /// `name_en` of its region file, if any.
    pub name_en: Option<String>,
    /// Names from the root to this region.
    pub path: Vec<String>,
    /// Its own URL segment, unique among its siblings.
    pub slug: String,
    /// Segments from the root: `hai-duong/thanh-ha/`.
    pub slug_path: String,
    pub parent: Option<RegionId>,
    /// In Vietnamese alphabetical order.
    pub children: Vec<RegionId>,
    /// Index of its file in the site's region sources.
    pub file: Option<usize>,
    /// 1 for a province, 2 for a district...
    pub depth: usize,
}

/// A `region:` list and where it was written (file, line, column).
pub struct ListAt<'a> {
    pub list: &'a [String],
    pub file: &'a str,
    pub line: usize,
    pub column: usize,
}

/// The regions of a site.
#[derive(Debug, Clone, Default)]
pub struct Tree {
    pub regions: Vec<Region>,
    /// The roots, in alphabetical order.
    pub roots: Vec<RegionId>,
    by_path: HashMap<Vec<String>, RegionId>,
}

impl Tree {
    /// The region a list names (after [`Tree::build`] completed it).
    pub fn find(&self, path: &[String]) -> Option<RegionId> {
        self.by_path.get(path).copied()
    }

    /// Every region by name, for `kheo stats --region` and the like.
    pub fn by_name(&self, name: &str) -> Vec<RegionId> {
        let wanted = name.trim().to_lowercase();
        (0..self.regions.len())
            .filter(|r| {
                let reg = &self.regions[*r];
                reg.name.to_lowercase() == wanted || reg.slug_path.trim_end_matches('/') == wanted
            })
            .collect()
    }

    /// The region and all regions below it, parents before children.
    pub fn subtree(&self, root: RegionId) -> Vec<RegionId> {
        let mut out = vec![root];
        let mut i = 0;
        while i < out.len() {
            out.extend(self.regions[out[i]].children.iter().copied());
            i += 1;
        }
        out
    }

    /// Regions in display order: depth-first, children alphabetically.
    pub fn in_order(&self) -> Vec<RegionId> {
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
    pub fn build(
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
                        format!(
                            "{} already describes the region `{}`",
                            files[first].file, f.name
                        ),
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

        // Complete each list and check it against the files.
        let mut completed = Vec::with_capacity(lists.len());
        for at in lists {
            completed.push(complete(at, files, &file_of, &file_paths, diags));
        }

        let mut tree = Tree::default();
        // A file describes its name only at the place its parents give it.
        let file_at: HashMap<Vec<String>, usize> =
            file_paths.iter().map(|(f, p)| (p.clone(), *f)).collect();
        let mut paths: Vec<Vec<String>> = file_paths.values().cloned().collect();
        paths.extend(completed.iter().flatten().cloned());
        paths.sort();
        for path in &paths {
            for depth in 1..=path.len() {
                tree.node(&path[..depth], &file_at);
            }
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
        });
        self.by_path.insert(path.to_vec(), id);
        if let Some(p) = parent {
            self.regions[p].children.push(id);
        } else {
            self.roots.push(id);
        }
        id
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
        for siblings in groups {
            let mut used: HashSet<String> = HashSet::new();
            for id in siblings {
                let base = slugify(&self.regions[id].name);
                let base = if base.is_empty() {
                    "dia-ban".to_owned()
                } else {
                    base
                };
                let mut slug = base.clone();
                let mut n = 2;
                while !used.insert(slug.clone()) {
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
    pub fn name_from_files(&mut self, files: &[RegionSource]) {
        for r in &mut self.regions {
            if let Some(f) = r.file {
                r.name_en = files[f].name_en.clone();
            }
        }
    }
}

/// The full path of region file `i`.
fn file_path(
    i: usize,
    files: &[RegionSource],
    file_of: &HashMap<&str, usize>,
    places: &HashMap<&str, &[String]>,
    diags: &mut Diagnostics,
) -> Option<Vec<String>> {
    let too_deep = |diags: &mut Diagnostics| {
        let (line, column) = files[i].parent_at;
        diags.push(
            Diagnostic::error(
                &files[i].file,
                line,
                column,
                format!(
                    "the parents of `{}` go more than {MAX_REGION_DEPTH} levels up; kheo's limit is {MAX_REGION_DEPTH} (province > district > commune > village is 4)",
                    files[i].name
                ),
            )
            .with_code("limit"),
        );
    };
    let mut path = vec![files[i].name.clone()];
    let mut seen: HashSet<usize> = HashSet::from([i]);
    let mut current = i;
    while let Some(parent) = files[current].parent.clone() {
        if path.len() >= MAX_REGION_DEPTH {
            // Checked before walking on, so a long chain of files costs
            // each file at most this many steps.
            too_deep(diags);
            return None;
        }
        match file_of.get(parent.as_str()) {
            Some(&p) => {
                if !seen.insert(p) {
                    let (line, column) = files[i].parent_at;
                    diags.push(
                        Diagnostic::error(
                            &files[i].file,
                            line,
                            column,
                            format!("the parents of `{}` go round in a circle", files[i].name),
                        )
                        .with_code("region"),
                    );
                    return None;
                }
                path.insert(0, parent);
                current = p;
            }
            None => {
                // A parent without a file: take its place from the lists.
                match places.get(parent.as_str()) {
                    Some(place) => {
                        let mut full = place.to_vec();
                        full.extend(path);
                        if full.len() > MAX_REGION_DEPTH {
                            too_deep(diags);
                            return None;
                        }
                        return Some(full);
                    }
                    None => {
                        let f = &files[current];
                        let (line, column) = f.parent_at;
                        let mut d = Diagnostic::error(
                            &f.file,
                            line,
                            column,
                            format!(
                                "the parent `{parent}` is not a region: no region file names it and no `region:` list mentions it"
                            ),
                        ).with_code("region");
                        let names: Vec<&str> = file_of.keys().copied().collect();
                        if let Some(b) = crate::diag::closest(&parent, names.iter().copied()) {
                            d.hint = Some(format!("did you mean `{b}`?"));
                        }
                        diags.push(d);
                        return None;
                    }
                }
            }
        }
    }
    Some(path)
}

/// A list with the ancestors of its first region prepended from the files,
/// or `None` (with an error) when it contradicts a region file.
fn complete(
    at: &ListAt,
    files: &[RegionSource],
    file_of: &HashMap<&str, usize>,
    file_paths: &HashMap<usize, Vec<String>>,
    diags: &mut Diagnostics,
) -> Option<Vec<String>> {
    let list = at.list;
    if list.is_empty() {
        return Some(Vec::new());
    }
    let mut full: Vec<String> = match file_of
        .get(list[0].as_str())
        .and_then(|f| file_paths.get(f))
    {
        Some(p) => p[..p.len() - 1].to_vec(),
        None => Vec::new(),
    };
    full.extend(list.iter().cloned());
    if full.len() > MAX_REGION_DEPTH {
        diags.push(
            Diagnostic::error(
                at.file,
                at.line,
                at.column,
                format!(
                    "with the parents its region files give `{}`, this `region:` list has {} levels; kheo's limit is {MAX_REGION_DEPTH}",
                    list[0],
                    full.len()
                ),
            )
            .with_code("limit"),
        );
        return None;
    }
    for (k, name) in full.iter().enumerate() {
        let Some(&f) = file_of.get(name.as_str()) else {
            continue;
        };
        let Some(expected) = file_paths.get(&f) else {
            continue;
        };
        let actual = &full[..=k];
        if actual != expected.as_slice() {
            let under = if k == 0 {
                "at the top".to_owned()
            } else {
                format!("under `{}`", full[k - 1])
            };
            let should = match &files[f].parent {
                Some(p) => format!("its parent is `{p}`"),
                None => "it is a top-level region".to_owned(),
            };
            diags.push(
                Diagnostic::error(
                    at.file,
                    at.line,
                    at.column,
                    format!(
                        "this `region:` list puts `{name}` {under}, but {} says {should}",
                        files[f].file
                    ),
                )
                .with_code("region")
                .with_hint(format!("write the list as [{}]", expected.join(", "))),
            );
            return None;
        }
    }
    Some(full)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(name: &str, parent: Option<&str>) -> RegionSource {
        RegionSource {
            file: format!("content/regions/{}.yaml", slugify(name)),
            name: name.into(),
            name_en: None,
            parent: parent.map(str::to_owned),
            parent_at: (3, 9),
            reported: Default::default(),
        }
    }

    fn list(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    fn build(
        files: &[RegionSource],
        lists: &[Vec<String>],
    ) -> (Tree, Vec<Option<Vec<String>>>, Diagnostics) {
        let at: Vec<ListAt> = lists
            .iter()
            .map(|l| ListAt {
                list: l,
                file: "content/teams/t.yaml",
                line: 2,
                column: 9,
            })
            .collect();
        let mut d = Diagnostics::new();
        let (t, c) = Tree::build(files, &at, &mut d);
        (t, c, d)
    }

    #[test]
    fn lists_make_a_tree_with_slug_paths() {
        let (t, _, d) = build(
            &[],
            &[
                list(&["Hải Dương", "Thanh Hà", "Thanh Thủy", "thôn Lại Xá"]),
                list(&["Hải Dương", "Thanh Miện"]),
                list(&["Hà Nội"]),
            ],
        );
        assert!(d.is_empty());
        assert_eq!(t.roots.len(), 2);
        let roots: Vec<&str> = t
            .roots
            .iter()
            .map(|r| t.regions[*r].name.as_str())
            .collect();
        assert_eq!(
            roots,
            ["Hà Nội", "Hải Dương"],
            "Vietnamese order: a before ả"
        );
        let lai_xa = t
            .find(&list(&[
                "Hải Dương",
                "Thanh Hà",
                "Thanh Thủy",
                "thôn Lại Xá",
            ]))
            .unwrap();
        assert_eq!(
            t.regions[lai_xa].slug_path,
            "hai-duong/thanh-ha/thanh-thuy/thon-lai-xa/"
        );
        assert_eq!(t.regions[lai_xa].depth, 4);
        let hd = t.find(&list(&["Hải Dương"])).unwrap();
        assert_eq!(t.subtree(hd).len(), 5);
    }

    #[test]
    fn files_complete_short_lists_and_place_regions_nobody_lists() {
        let files = [
            file("Hà Nội", None),
            file("Hoàn Kiếm", Some("Hà Nội")),
            file("Lý Thái Tổ", Some("Hoàn Kiếm")),
        ];
        let (t, completed, d) = build(&files, &[list(&["Lý Thái Tổ", "Tổ dân phố số 2"])]);
        assert!(d.is_empty(), "{:?}", d.into_sorted());
        assert_eq!(
            completed[0].as_deref().unwrap(),
            list(&["Hà Nội", "Hoàn Kiếm", "Lý Thái Tổ", "Tổ dân phố số 2"])
        );
        assert!(t.find(&list(&["Hà Nội", "Hoàn Kiếm"])).is_some());
        assert!(
            t.regions[t.find(&list(&["Hà Nội"])).unwrap()]
                .file
                .is_some()
        );
    }

    #[test]
    fn a_list_contradicting_a_file_is_an_error_at_the_list() {
        let files = [file("Lý Thái Tổ", Some("Hoàn Kiếm"))];
        let (_, completed, d) = build(
            &files,
            &[
                list(&["Hà Nội", "Hoàn Kiếm", "Lý Thái Tổ"]),
                list(&["Hà Nội", "Ba Đình", "Lý Thái Tổ"]),
            ],
        );
        assert!(completed[0].is_some());
        assert!(completed[1].is_none());
        let e = d.into_sorted();
        assert_eq!(e.len(), 1);
        assert_eq!(
            (e[0].file.as_str(), e[0].line, e[0].column),
            ("content/teams/t.yaml", 2, 9)
        );
        assert!(e[0].message.contains("under `Ba Đình`"), "{}", e[0].message);
        assert_eq!(
            e[0].hint.as_deref(),
            Some("write the list as [Hà Nội, Hoàn Kiếm, Lý Thái Tổ]")
        );
    }

    #[test]
    fn unknown_parents_duplicates_and_circles_are_errors() {
        let (_, _, d) = build(&[file("Hoàn Kiếm", Some("Ha Noi"))], &[list(&["Hà Nội"])]);
        assert!(
            d.iter()
                .any(|x| x.message.contains("`Ha Noi` is not a region"))
        );
        let (_, _, d) = build(&[file("A", None), file("A", None)], &[]);
        assert_eq!(d.error_count(), 1);
        let (_, _, d) = build(&[file("A", Some("B")), file("B", Some("A"))], &[]);
        assert!(d.iter().any(|x| x.message.contains("circle")));
    }

    #[test]
    fn sibling_slugs_are_unique() {
        let (t, _, _) = build(&[], &[list(&["X", "Đông Du"]), list(&["X", "Đồng Du"])]);
        let x = t.find(&list(&["X"])).unwrap();
        let slugs: Vec<&str> = t.regions[x]
            .children
            .iter()
            .map(|c| t.regions[*c].slug.as_str())
            .collect();
        assert_eq!(slugs, ["dong-du", "dong-du-2"]);
    }
}
