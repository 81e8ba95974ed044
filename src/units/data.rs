//! Parses the embedded `units.tsv` (written by scripts/admin-units/generate.py)
//! into the table behind [`Unit`], once, at first use.
//!
//! Units are numbered era by era, level by level (provinces, districts,
//! communes), each level in its parents' order and then in code order, so the
//! children of any unit are one contiguous run of numbers and
//! [`Unit::children`] can lend a slice of [`Table::ids`].

use std::collections::HashMap;
use std::sync::OnceLock;

use super::{Change, Era, Level, Unit, UnitType, matching};

/// "No unit" for [`Rec::parent`].
pub(super) const NONE: u32 = u32::MAX;

pub(super) static TEXT: &str = include_str!("units.tsv");
static TABLE: OnceLock<Table> = OnceLock::new();

/// One unit.
pub(super) struct Rec {
    pub(crate) name: &'static str,
    /// The name's matching key (see `matching::key`).
    pub(crate) key: Box<str>,
    pub(crate) code: &'static str,
    pub(crate) parent: u32,
    pub(crate) era: Era,
    pub(crate) level: Level,
    pub(crate) kind: UnitType,
    /// Range of [`Table::ids`].
    pub(crate) children: (u32, u32),
    /// Ranges of [`Table::links`].
    pub(crate) successors: (u32, u32),
    pub(crate) formed_from: (u32, u32),
    pub(crate) change: Option<Change>,
}

pub(super) struct Table {
    pub(crate) units: Vec<Rec>,
    /// `ids[i] == Unit(i)`: what children slices borrow from.
    pub(crate) ids: Vec<Unit>,
    /// Successor and formed-from lists, back to back.
    links: Vec<Unit>,
    /// Per era: the range of its provinces, and of all its units.
    pub(crate) roots: [(u32, u32); 2],
    #[cfg(test)]
    pub(crate) eras: [(u32, u32); 2],
    /// Built on the first [`Unit::by_code`]: few callers need it.
    #[cfg(test)]
    by_code: OnceLock<CodeIndex>,
}

#[cfg(test)]
type CodeIndex = HashMap<(Era, &'static str), Unit, foldhash::fast::FixedState>;

impl Table {
    pub(crate) fn links(&self, (start, end): (u32, u32)) -> &[Unit] {
        &self.links[start as usize..end as usize]
    }

    #[cfg(test)]
    pub(crate) fn by_code(&self, era: Era, code: &str) -> Option<Unit> {
        let index = self.by_code.get_or_init(|| {
            let mut index =
                CodeIndex::with_capacity_and_hasher(self.units.len(), Default::default());
            for (id, u) in self.units.iter().enumerate() {
                index.insert((u.era, u.code), Unit(id as u32));
            }
            index
        });
        index.get(&(era, code)).copied()
    }
}

/// The table, parsed on first use.
pub(super) fn table() -> &'static Table {
    TABLE.get_or_init(|| match parse(TEXT) {
        Ok(table) => table,
        // The embedded file is generated and checked by the tests in this
        // module; no user input reaches it.
        Err(e) => panic!("src/units/units.tsv: {e}"),
    })
}

/// A row as read, before numbering.
struct Row {
    era: Era,
    depth: usize,
    code: &'static str,
    kind: UnitType,
    name: &'static str,
    successors: Option<&'static str>,
    /// Index of the parent row.
    parent: Option<usize>,
}

pub(super) fn parse(text: &'static str) -> Result<Table, String> {
    let rows = read_rows(text)?;

    // Number the rows era by era, depth by depth, each depth in its parents'
    // order (a stable sort keeps file order, which is code order, within one).
    let mut id_of = vec![NONE; rows.len()];
    let mut order: Vec<usize> = Vec::with_capacity(rows.len());
    let mut roots = [(0, 0); 2];
    #[cfg(test)]
    let mut eras = [(0, 0); 2];
    for era in [Era::Before2025, Era::Since2025] {
        let era_start = order.len() as u32;
        for depth in 0..3 {
            let mut level: Vec<usize> = (0..rows.len())
                .filter(|&i| rows[i].era == era && rows[i].depth == depth)
                .collect();
            level.sort_by_key(|&i| rows[i].parent.map_or(0, |p| id_of[p]));
            for i in level {
                id_of[i] = order.len() as u32;
                order.push(i);
            }
            if depth == 0 {
                roots[era as usize] = (era_start, order.len() as u32);
            }
        }
        #[cfg(test)]
        {
            eras[era as usize] = (era_start, order.len() as u32);
        }
    }

    // Codes of today's units, for the successor lists; unique in each era
    // (checked by the tests).
    let mut today: HashMap<&str, Unit, foldhash::fast::FixedState> =
        HashMap::with_capacity_and_hasher(3_400, Default::default());
    let mut units = Vec::with_capacity(rows.len());
    for &i in &order {
        let row = &rows[i];
        let level = match (row.era, row.depth) {
            (_, 0) => Level::Province,
            (Era::Before2025, 1) => Level::District,
            _ => Level::Commune,
        };
        if row.era == Era::Since2025 && today.insert(row.code, Unit(id_of[i])).is_some() {
            return Err(format!("code {} twice in {:?}", row.code, row.era));
        }
        units.push(Rec {
            name: row.name,
            key: matching::key(row.name).into_boxed_str(),
            code: row.code,
            parent: row.parent.map_or(NONE, |p| id_of[p]),
            era: row.era,
            level,
            kind: row.kind,
            children: (0, 0),
            successors: (0, 0),
            formed_from: (0, 0),
            change: None,
        });
    }

    // Children: runs of equal parents.
    let mut start = 0;
    while start < units.len() {
        let parent = units[start].parent;
        let mut end = start + 1;
        while end < units.len() && units[end].parent == parent {
            end += 1;
        }
        if parent != NONE {
            units[parent as usize].children = (start as u32, end as u32);
        }
        start = end;
    }

    // Successors as written, then what districts without them went into.
    let mut links: Vec<Unit> = Vec::new();
    let mut formed: Vec<Vec<Unit>> = vec![Vec::new(); units.len()];
    for (id, &i) in order.iter().enumerate() {
        let row = &rows[i];
        let written = match (row.era, row.successors) {
            (Era::Since2025, None) => continue,
            (Era::Since2025, Some(_)) => {
                return Err(format!("{}: successors on a unit of today", row.code));
            }
            (Era::Before2025, Some(list)) => list,
            (Era::Before2025, None) if units[id].level == Level::District => {
                let province = units[id].parent as usize;
                let into = links[units[province].successors.0 as usize];
                let at = links.len() as u32;
                links.push(into);
                units[id].successors = (at, at + 1);
                units[id].change = Some(Change::Abolished);
                continue;
            }
            (Era::Before2025, None) => return Err(format!("{}: no successor", row.code)),
        };
        let at = links.len() as u32;
        for code in written.split(',') {
            let Some(&into) = today.get(code) else {
                return Err(format!("{}: unknown successor {code}", row.code));
            };
            let expected = match units[id].level {
                Level::Province => Level::Province,
                _ => Level::Commune,
            };
            if units[into.0 as usize].level != expected {
                return Err(format!("{}: successor {code} at the wrong level", row.code));
            }
            links.push(into);
            formed[into.0 as usize].push(Unit(id as u32));
        }
        let end = links.len() as u32;
        units[id].successors = (at, end);
        let first = &units[links[at as usize].0 as usize];
        units[id].change = Some(if end - at > 1 {
            Change::Split
        } else if units[id].level == Level::Province && first.name == units[id].name {
            Change::Continued
        } else {
            Change::Merged
        });
    }
    for (id, from) in formed.into_iter().enumerate() {
        let at = links.len() as u32;
        links.extend(from);
        units[id].formed_from = (at, links.len() as u32);
    }

    let ids = (0..units.len() as u32).map(Unit).collect();
    Ok(Table {
        units,
        ids,
        links,
        roots,
        #[cfg(test)]
        eras,
        #[cfg(test)]
        by_code: OnceLock::new(),
    })
}

/// Reads the rows: `@before` / `@since` start an era, `#` lines are
/// comments, and a row is `code TAB type TAB name [TAB successors]` after one
/// tab per level below the province.
fn read_rows(text: &'static str) -> Result<Vec<Row>, String> {
    let mut rows: Vec<Row> = Vec::with_capacity(14_200);
    let mut era = None;
    // The last row read at each depth: the parent of the next one deeper.
    let mut last = [None; 3];
    for (n, line) in text.lines().enumerate() {
        let at = |msg: &str| format!("line {}: {msg}", n + 1);
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match line {
            "@before" | "@since" => {
                era = Some(if line == "@before" {
                    Era::Before2025
                } else {
                    Era::Since2025
                });
                last = [None; 3];
            }
            _ => {
                let era = era.ok_or_else(|| at("a row before @before"))?;
                let body = line.trim_start_matches('\t');
                let depth = line.len() - body.len();
                let max_depth = match era {
                    Era::Before2025 => 2,
                    Era::Since2025 => 1,
                };
                if depth > max_depth {
                    return Err(at("indented too deep"));
                }
                let mut fields = body.split('\t');
                let (Some(code), Some(kind), Some(name)) =
                    (fields.next(), fields.next(), fields.next())
                else {
                    return Err(at("a row needs a code, a type and a name"));
                };
                let successors = fields.next();
                if fields.next().is_some() || name.is_empty() {
                    return Err(at("a row has three or four fields"));
                }
                let kind = UnitType::from_abbreviation(kind).ok_or_else(|| at("unknown type"))?;
                let parent = match depth {
                    0 => None,
                    d => Some(last[d - 1].ok_or_else(|| at("a row without a parent"))?),
                };
                last[depth] = Some(rows.len());
                for deeper in last.iter_mut().skip(depth + 1) {
                    *deeper = None;
                }
                rows.push(Row {
                    era,
                    depth,
                    code,
                    kind,
                    name,
                    successors,
                    parent,
                });
            }
        }
    }
    Ok(rows)
}
