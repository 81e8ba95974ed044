//! Where a region's place in the tree comes from its files: the full
//! path of a region file (`parent:` followed up), and a `region:` list
//! completed with the ancestors its first region's file gives.

use super::*;

/// Two paths that name the same places (type words optional, the place of
/// tone marks ignored).
pub(super) fn same_path(a: &[String], b: &[String]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y || same_name(x, y))
}

/// The full path of region file `i`.
pub(super) fn file_path(
    i: usize,
    files: &[RegionSource],
    file_of: &HashMap<&str, usize>,
    places: &HashMap<&str, &[String]>,
    diags: &mut Diagnostics,
) -> Option<Vec<String>> {
    // Both mistakes are the `parent:` line of the file the walk started from.
    let at_parent = |message: String, code: &'static str| {
        let (line, column) = files[i].parent_at;
        Diagnostic::error(&files[i].file, line, column, message).with_code(code)
    };
    let too_deep = |diags: &mut Diagnostics| {
        diags.push(at_parent(
            crate::msg!(
                "region.too-deep",
                name = files[i].name,
                max = MAX_REGION_DEPTH
            ),
            "limit",
        ));
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
                    diags.push(at_parent(
                        crate::msg!("region.parent-cycle", name = files[i].name),
                        "region",
                    ));
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
                            crate::msg!("region.unknown-parent", parent = parent),
                        )
                        .with_code("region");
                        let names: Vec<&str> = file_of.keys().copied().collect();
                        if let Some(b) = crate::diag::closest(&parent, names.iter().copied()) {
                            d.hint = Some(crate::msg!("did-you-mean", word = b));
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
pub(super) fn complete(
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
                crate::msg!(
                    "region.list-too-deep",
                    name = list[0],
                    levels = full.len(),
                    max = MAX_REGION_DEPTH
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
        if !same_path(actual, expected) {
            let under = if k == 0 {
                crate::msg!("region.at-top")
            } else {
                crate::msg!("region.under", name = full[k - 1])
            };
            let should = match &files[f].parent {
                Some(p) => crate::msg!("region.parent-is", parent = p),
                None => crate::msg!("region.top-level"),
            };
            diags.push(
                Diagnostic::error(
                    at.file,
                    at.line,
                    at.column,
                    crate::msg!(
                        "region.contradicts",
                        name = name,
                        under = under,
                        file = files[f].file,
                        should = should
                    ),
                )
                .with_code("region")
                .with_hint(crate::msg!(
                    "region.contradicts.hint",
                    list = expected.join(", ")
                )),
            );
            return None;
        }
    }
    Some(full)
}
