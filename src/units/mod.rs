//! Vietnam's administrative units before and since the reform of 1 July 2025
//! (SPEC §1.6): the national list kheo ships, its history (which new units
//! each old one went into) and the matching of written names against it.
//!
//! The list is generated from the open-data package `vietnamadminunits` by
//! `scripts/admin-units/generate.py` into `units.tsv`, embedded in the binary
//! and parsed once, at first use.
//!
//! What the region model calls:
//! - [`era_of`] a date, then [`lookup`] a `region:` path in that era: one
//!   [`Unit`] per name down to commune level, or the [`Problem`] with the
//!   names expected there and the nearest ones;
//! - [`Level::at_depth`] names the level of a path's n-th name in an era;
//! - a [`Unit`]'s history: [`Unit::ended`], [`Unit::change`],
//!   [`Unit::successors`] (main first), [`Unit::today`] and, for a unit of
//!   today, [`Unit::formed_from`].
//!
//! What "ended" means for a unit of the old list ([`Change`]): an old province
//! whose name a new province carries *continued* (Hải Phòng, Hà Nội: the same
//! region, maybe enlarged; not ended); every other old province ended on
//! 1 July 2025 when it went into a new one (Hải Dương into Hải Phòng); every
//! district ended then (the level was abolished); every old commune ended
//! then too, even one whose name a new commune took, because the new commune
//! is a different unit (directly under the province, usually larger).

mod data;
mod matching;

use jiff::civil::Date;

pub use matching::{Lookup, Problem, Unknown, lookup, same_name};

/// The first day of today's units: districts abolished, 34 provinces.
pub(crate) const REFORM_DATE: Date = jiff::civil::date(2025, 7, 1);

/// Which national list a date speaks of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Era {
    /// Before 1 July 2025: province > district > commune (the list as it
    /// stood just before the reform).
    Before2025,
    /// Since 1 July 2025: province > commune.
    Since2025,
}

/// The list in force on `date`.
pub(crate) fn era_of(date: Date) -> Era {
    if date < REFORM_DATE {
        Era::Before2025
    } else {
        Era::Since2025
    }
}

/// A level of the hierarchy, as the theme's `level_1`..`level_4` labels name
/// it ("Cấp tỉnh", "Cấp huyện", "Cấp xã", "Thôn, tổ dân phố").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Level {
    Province,
    /// Only before 1 July 2025.
    District,
    /// Xã, phường, thị trấn (before), xã, phường, đặc khu (since).
    Commune,
    /// Thôn, tổ dân phố and the like: below the national list, never checked.
    Village,
}

impl Level {
    /// The level of the `depth`-th name of a path (1 = the first) in `era`:
    /// before 2025 province > district > commune > village; since, a unit
    /// directly under the province is a commune and the next is a village.
    pub(crate) fn at_depth(era: Era, depth: usize) -> Level {
        match (era, depth) {
            (_, 0 | 1) => Level::Province,
            (Era::Before2025, 2) => Level::District,
            (Era::Before2025, 3) | (Era::Since2025, 2) => Level::Commune,
            _ => Level::Village,
        }
    }

    /// 1 for a province .. 4 for a village: the theme's `level_N` label.
    pub(crate) fn number(self) -> u8 {
        match self {
            Level::Province => 1,
            Level::District => 2,
            Level::Commune => 3,
            Level::Village => 4,
        }
    }
}

/// The kind of a unit, as its type word says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum UnitType {
    /// tỉnh: a province.
    Tinh,
    /// thành phố: a centrally-run city (province level) or a provincial city
    /// (district level).
    ThanhPho,
    /// huyện: a rural district.
    Huyen,
    /// quận: an urban district.
    Quan,
    /// thị xã: a district-level town.
    ThiXa,
    /// xã: a commune.
    Xa,
    /// phường: a ward.
    Phuong,
    /// thị trấn: a commune-level township (before 2025 only).
    ThiTran,
    /// đặc khu: a special zone, commune level (since 2025).
    DacKhu,
}

impl UnitType {
    /// The type word as written before a name, lower case: `tỉnh`, `thị xã`.
    pub(crate) fn word(self) -> &'static str {
        match self {
            UnitType::Tinh => "tỉnh",
            UnitType::ThanhPho => "thành phố",
            UnitType::Huyen => "huyện",
            UnitType::Quan => "quận",
            UnitType::ThiXa => "thị xã",
            UnitType::Xa => "xã",
            UnitType::Phuong => "phường",
            UnitType::ThiTran => "thị trấn",
            UnitType::DacKhu => "đặc khu",
        }
    }

    /// The English word, after the usual rendering of Vietnamese unit types:
    /// Province, City, District, Town, Commune, Ward, Township, Special Zone.
    pub(crate) fn english(self) -> &'static str {
        match self {
            UnitType::Tinh => "Province",
            UnitType::ThanhPho => "City",
            UnitType::Huyen | UnitType::Quan => "District",
            UnitType::ThiXa => "Town",
            UnitType::Xa => "Commune",
            UnitType::Phuong => "Ward",
            UnitType::ThiTran => "Township",
            UnitType::DacKhu => "Special Zone",
        }
    }

    /// The abbreviation `units.tsv` writes.
    fn from_abbreviation(abbr: &str) -> Option<UnitType> {
        Some(match abbr {
            "T" => UnitType::Tinh,
            "TP" => UnitType::ThanhPho,
            "H" => UnitType::Huyen,
            "Q" => UnitType::Quan,
            "TX" => UnitType::ThiXa,
            "X" => UnitType::Xa,
            "P" => UnitType::Phuong,
            "TT" => UnitType::ThiTran,
            "DK" => UnitType::DacKhu,
            _ => return None,
        })
    }

    const ALL: [UnitType; 9] = [
        UnitType::Tinh,
        UnitType::ThanhPho,
        UnitType::Huyen,
        UnitType::Quan,
        UnitType::ThiXa,
        UnitType::Xa,
        UnitType::Phuong,
        UnitType::ThiTran,
        UnitType::DacKhu,
    ];
}

/// What became of a unit of the old list on 1 July 2025.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Change {
    /// A province whose name a new province carries: it continues as that
    /// province (perhaps enlarged). Not ended.
    Continued,
    /// Went whole into one new unit (a province into another province, a
    /// commune into a new commune, an island district into a special zone).
    Merged,
    /// Divided among several new communes; the first successor is the main
    /// one, which takes its figures in today's units.
    Split,
    /// A district with communes: the level was abolished. Its successor is
    /// the province its territory is in today; its communes have their own.
    Abolished,
}

/// One unit of the national list: a small handle, cheap to copy and compare,
/// valid for the life of the program.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Unit(u32);

impl std::fmt::Debug for Unit {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Unit({:?} {} {} {})",
            self.era(),
            self.code(),
            self.unit_type().word(),
            self.name()
        )
    }
}

impl Unit {
    fn rec(self) -> &'static data::Rec {
        &data::table().units[self.0 as usize]
    }

    /// The list the unit belongs to.
    pub(crate) fn era(self) -> Era {
        self.rec().era
    }

    /// Province, district or commune.
    pub(crate) fn level(self) -> Level {
        self.rec().level
    }

    pub(crate) fn unit_type(self) -> UnitType {
        self.rec().kind
    }

    /// The name without its type word, as the list writes it: `Hải Dương`.
    pub(crate) fn name(self) -> &'static str {
        self.rec().name
    }

    /// The name with its type word: `tỉnh Hải Dương`, `phường 3`.
    pub(crate) fn full_name(self) -> String {
        format!("{} {}", self.unit_type().word(), self.name())
    }

    /// The English name: the Vietnamese name folded to ASCII and the English
    /// type word (`Hai Duong Province`, `Ha Tay Commune`, `Hai Phong City`),
    /// the word first before a number (`Ward 3`, `District 1`).
    pub(crate) fn name_en(self) -> String {
        let ascii = crate::slug::fold_to_ascii(self.name());
        let word = self.unit_type().english();
        if ascii.bytes().all(|b| b.is_ascii_digit()) {
            format!("{word} {ascii}")
        } else {
            format!("{ascii} {word}")
        }
    }

    /// The official code: 2 digits for a province, 3 for a district, 5 for a
    /// commune (`30`, `288`, `10840`). Unique within an era, not across eras.
    pub(crate) fn code(self) -> &'static str {
        self.rec().code
    }

    /// The unit it belongs to (a commune's district before 2025, its province
    /// since); none for a province.
    pub(crate) fn parent(self) -> Option<Unit> {
        let p = self.rec().parent;
        (p != data::NONE).then_some(Unit(p))
    }

    /// The units directly under it, in code order.
    pub(crate) fn children(self) -> &'static [Unit] {
        let (start, end) = self.rec().children;
        &data::table().ids[start as usize..end as usize]
    }

    /// The units from its province down to itself.
    pub(crate) fn path(self) -> Vec<Unit> {
        let mut path = vec![self];
        while let Some(p) = path[path.len() - 1].parent() {
            path.push(p);
        }
        path.reverse();
        path
    }

    /// The first day the unit no longer existed: [`REFORM_DATE`] for a unit
    /// of the old list unless it [`Change::Continued`]; none for today's units.
    pub(crate) fn ended(self) -> Option<Date> {
        match self.change() {
            None | Some(Change::Continued) => None,
            Some(_) => Some(REFORM_DATE),
        }
    }

    /// What became of a unit of the old list; none for today's units.
    pub(crate) fn change(self) -> Option<Change> {
        self.rec().change
    }

    /// The units of today that took it in, the main one first; empty for
    /// today's units.
    pub(crate) fn successors(self) -> &'static [Unit] {
        data::table().links(self.rec().successors)
    }

    /// For a unit of today, the old units it was formed from, whole or in part
    /// (old provinces for a province; old communes, or an island district,
    /// for a commune), in code order; empty for the old list's units.
    pub(crate) fn formed_from(self) -> &'static [Unit] {
        data::table().links(self.rec().formed_from)
    }

    /// The unit of today its figures count in: itself for today's units, else
    /// its main successor.
    #[cfg(test)]
    pub(crate) fn today(self) -> Unit {
        self.successors().first().copied().unwrap_or(self)
    }

    #[cfg(test)]
    /// The unit of `era` with this official code (`"30"`, `"10840"`).
    pub(crate) fn by_code(era: Era, code: &str) -> Option<Unit> {
        data::table().by_code(era, code)
    }
}

/// The provinces of an era, in code order.
pub(crate) fn provinces(era: Era) -> &'static [Unit] {
    let t = data::table();
    let (start, end) = t.roots[era as usize];
    &t.ids[start as usize..end as usize]
}

/// Every unit of an era, provinces first, then districts, then communes.
#[cfg(test)]
pub(crate) fn all(era: Era) -> &'static [Unit] {
    let t = data::table();
    let (start, end) = t.eras[era as usize];
    &t.ids[start as usize..end as usize]
}

/// Parses the embedded list anew and returns how many units it holds: what
/// the first use of this module costs, for `benches/hot_paths.rs`.
#[doc(hidden)]
pub fn parse_embedded() -> usize {
    data::parse(data::TEXT).map_or(0, |t| t.units.len())
}

#[cfg(test)]
mod tests;
