//! Checked names (SPEC §1.6): the names of a `region:` path, down to commune
//! level, matched against the national list of the time the path speaks of
//! (`crate::units`). A known name is written the list's way (so `tỉnh Hải
//! Dương`, `Hải Dương` and `Hải Dương` spelled with the tone mark elsewhere
//! are one region); an unknown one is a warning with the names expected there
//! and the nearest, and never takes the URL slug of a unit of the list.

use crate::diag::Diagnostic;
use crate::slug::slugify;
pub(crate) use crate::units::Problem;
use crate::units::{self, Era, Level, Unit};

/// What the national list says of one path.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Checked {
    /// Per name from the first: the units it names, one per era the path
    /// was found in (older era first); empty below commune level or after
    /// an unknown name.
    pub(crate) units: Vec<Vec<Unit>>,
    /// The era the path speaks of: the latest one it was found in, else the
    /// latest one it may speak of. `None` when it was not checked.
    pub(crate) era: Option<Era>,
    /// An unknown name: its index, and the slugs of the units the list has
    /// there, which it must not take.
    pub(crate) avoid: Option<(usize, Vec<String>)>,
}

/// The eras a figure year speaks of: a year's figures are reported at its
/// end, so 2025 and later are in today's units.
pub(crate) fn era_of_year(year: i32) -> Era {
    if year < 2025 {
        Era::Before2025
    } else {
        Era::Since2025
    }
}

/// The name the list gives a unit, as kheo writes it in paths: the bare
/// name (`Hải Dương`), or with its type word where a sibling or its parent
/// has the same name (`thị xã Kỳ Anh` beside `huyện Kỳ Anh`, `thành phố Hải
/// Dương` in `tỉnh Hải Dương`).
pub(crate) fn written_name(u: Unit) -> String {
    let siblings = match u.parent() {
        Some(p) => p.children(),
        None => units::provinces(u.era()),
    };
    let parent_named_alike = u.parent().is_some_and(|p| p.name() == u.name());
    if parent_named_alike || siblings.iter().any(|&s| s != u && s.name() == u.name()) {
        u.full_name()
    } else {
        u.name().to_owned()
    }
}

/// Matches `path[..limit]` against the lists of `eras` and rewrites the
/// known names the list's way. Returns what it found and, when no era knows
/// the path, the problem of the era that read furthest into it.
pub(crate) fn check(
    path: &mut [String],
    limit: usize,
    eras: &[Era],
) -> (Checked, Option<(Era, Problem)>) {
    let limit = limit.min(path.len());
    if eras.is_empty() {
        return (Checked::default(), None);
    }
    if limit == 0 {
        let era = eras.iter().max().copied();
        return (
            Checked {
                era,
                ..Checked::default()
            },
            None,
        );
    }
    let mut found: Vec<(Era, Vec<Unit>)> = Vec::new();
    let mut best: Option<(Era, units::Lookup)> = None;
    for &era in eras {
        let l = units::lookup(era, &path[..limit]);
        match l.problem {
            None => found.push((era, l.units)),
            Some(_) => {
                let further = best
                    .as_ref()
                    .is_none_or(|(_, b)| l.units.len() >= b.units.len());
                if further {
                    best = Some((era, l));
                }
            }
        }
    }
    let mut checked = Checked {
        units: Vec::new(),
        era: None,
        avoid: None,
    };
    if !found.is_empty() {
        found.sort_by_key(|(e, _)| *e);
        let depth = found.iter().map(|(_, u)| u.len()).max().unwrap_or(0);
        checked.units = (0..depth)
            .map(|i| {
                found
                    .iter()
                    .filter_map(|(_, u)| u.get(i).copied())
                    .collect()
            })
            .collect();
        checked.era = found.last().map(|(e, _)| *e);
        // The latest era's spelling.
        if let Some((_, units)) = found.last() {
            for (name, &u) in path.iter_mut().zip(units) {
                *name = written_name(u);
            }
        }
        return (checked, None);
    }
    let Some((era, l)) = best else {
        return (checked, None);
    };
    checked.era = Some(era);
    for (name, &u) in path.iter_mut().zip(&l.units) {
        *name = written_name(u);
    }
    checked.units = l.units.iter().map(|&u| vec![u]).collect();
    let problem = l.problem.unwrap_or(Problem::Ambiguous {
        index: 0,
        candidates: Vec::new(),
    });
    if let Problem::Unknown(u) = &problem {
        let slugs = u.expected.iter().map(|&e| slugify(e.name())).collect();
        checked.avoid = Some((u.index, slugs));
    }
    (checked, Some((era, problem)))
}

/// "before 1 July 2025" / "since 1 July 2025".
pub(crate) fn era_phrase(era: Era) -> String {
    match era {
        Era::Before2025 => crate::msg!("units.before-2025"),
        Era::Since2025 => crate::msg!("units.since-2025"),
    }
}

fn level_word(level: Level) -> String {
    match level {
        Level::Province => crate::msg!("units.province"),
        Level::District => crate::msg!("units.district"),
        Level::Commune => crate::msg!("units.commune"),
        Level::Village => crate::msg!("units.village"),
    }
}

/// How many expected names a warning lists before "and N more".
const LISTED: usize = 12;

/// The warning for a path the list does not know.
pub(crate) fn warning(
    file: &str,
    (line, column): (usize, usize),
    path: &[String],
    era: Era,
    problem: &Problem,
) -> Diagnostic {
    let list = crate::msg!("units.list", era = era_phrase(era));
    let (message, hint) = match problem {
        Problem::Unknown(u) => {
            let name = &path[u.index];
            let level = level_word(Level::at_depth(era, u.index + 1));
            let place = match u.index {
                0 => String::new(),
                i => crate::msg!("units.of", parent = path[i - 1]),
            };
            let message = crate::msg!(
                "units.unknown",
                name = name,
                level = level,
                place = place,
                list = list
            );
            let mut names: Vec<String> = u
                .expected
                .iter()
                .take(LISTED)
                .map(|&e| e.full_name())
                .collect();
            if u.expected.len() > LISTED {
                names.push(crate::msg!("units.more", n = u.expected.len() - LISTED));
            }
            let there = if names.is_empty() {
                String::new()
            } else {
                crate::msg!("units.list-has", names = names.join(", "))
            };
            let hint = match u.nearest.as_slice() {
                [] => there,
                [first, rest @ ..] => {
                    let mut hint = crate::msg!("did-you-mean", word = written_name(*first));
                    if !rest.is_empty() {
                        let rest: Vec<String> = rest
                            .iter()
                            .map(|&n| format!("`{}`", written_name(n)))
                            .collect();
                        hint.push_str(&crate::msg!("units.also-near", names = rest.join(", ")));
                    }
                    format!("{hint}; {there}")
                }
            };
            (message, hint)
        }
        Problem::Ambiguous { index, candidates } => {
            let name = path.get(*index).map_or("", String::as_str);
            let names: Vec<String> = candidates.iter().map(|&c| c.full_name()).collect();
            (
                crate::msg!(
                    "units.ambiguous",
                    name = name,
                    list = list,
                    names = names.join(", ")
                ),
                crate::msg!(
                    "units.ambiguous.hint",
                    first = names.first().map_or("", String::as_str)
                ),
            )
        }
    };
    Diagnostic::warning(file, line, column, message)
        .with_code("region-name")
        .with_hint(hint)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(names: &[&str]) -> Vec<String> {
        names.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn known_names_are_written_the_lists_way() {
        let mut p = path(&["tỉnh Hải Dương", "huyện Thanh Hà", "Tân An", "thôn Đông"]);
        let (c, problem) = check(&mut p, 4, &[Era::Before2025]);
        assert_eq!(problem, None);
        assert_eq!(p, path(&["Hải Dương", "Thanh Hà", "Tân An", "thôn Đông"]));
        assert_eq!(c.units.len(), 3, "the village is not checked");
        assert_eq!(c.era, Some(Era::Before2025));
        let mut p = path(&["TP. Hải Phòng", "xã Hà Tây"]);
        assert_eq!(check(&mut p, 2, &[Era::Since2025]).1, None);
        assert_eq!(p, path(&["Hải Phòng", "Hà Tây"]));
        // Two units of one parent with one name keep their type word.
        let mut p = path(&["Hà Tĩnh", "thị xã Kỳ Anh"]);
        assert_eq!(check(&mut p, 2, &[Era::Before2025]).1, None);
        assert_eq!(p[1], "thị xã Kỳ Anh");
    }

    #[test]
    fn a_typo_is_unknown_with_the_nearest_name_and_avoids_its_slug() {
        let mut p = path(&["Hải Duơng", "Thanh Hà"]);
        let (c, problem) = check(&mut p, 2, &[Era::Before2025]);
        let (era, problem) = problem.unwrap();
        let d = warning("content/a.md", (3, 9), &p, era, &problem);
        assert_eq!(d.code, "region-name");
        assert!(!d.is_error());
        assert!(
            d.message.contains("`Hải Duơng` is not a province"),
            "{}",
            d.message
        );
        assert!(
            d.hint
                .as_deref()
                .unwrap()
                .starts_with("did you mean `Hải Dương`?"),
            "{:?}",
            d.hint
        );
        let (index, avoid) = c.avoid.unwrap();
        assert_eq!(index, 0);
        assert!(avoid.contains(&"hai-duong".to_owned()));
    }

    #[test]
    fn the_era_decides_what_the_second_name_is() {
        // A new commune written in a 2016 article is unknown there.
        let mut p = path(&["Hải Phòng", "Hà Tây"]);
        let (_, problem) = check(&mut p, 2, &[Era::Before2025]);
        let (_, problem) = problem.unwrap();
        let Problem::Unknown(u) = problem else {
            panic!("{problem:?}")
        };
        assert_eq!(u.index, 1);
        // A team with figures on both sides accepts either.
        let mut p = path(&["Hải Phòng", "Hà Tây"]);
        let (c, problem) = check(&mut p, 2, &[Era::Before2025, Era::Since2025]);
        assert_eq!(problem, None);
        assert_eq!(c.era, Some(Era::Since2025));
        // Near-misses by accents are reported, with the accented name offered.
        let mut p = path(&["Hải Phòng", "An Hung", "thôn Đông"]);
        let (_, problem) = check(&mut p, 3, &[Era::Since2025]);
        let (era, problem) = problem.unwrap();
        let d = warning("x", (1, 1), &p, era, &problem);
        assert!(
            d.message.contains("not a commune of `Hải Phòng`"),
            "{}",
            d.message
        );
        let hint = d.hint.unwrap();
        assert!(hint.starts_with("did you mean `An Hưng`?"), "{hint}");
    }

    #[test]
    fn unchecked_paths_are_left_alone() {
        let mut p = path(&["Tỉnh", "Huyện A"]);
        assert_eq!(check(&mut p, 2, &[]), (Checked::default(), None));
        assert_eq!(p, path(&["Tỉnh", "Huyện A"]));
        assert_eq!(era_of_year(2024), Era::Before2025);
        assert_eq!(era_of_year(2025), Era::Since2025);
    }
}
