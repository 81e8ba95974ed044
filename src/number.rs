//! Exact decimal numbers for the figures teams report, and their formatting
//! per language: vi `1.497` / `200,47`, en `1,497` / `200.47`.
//!
//! Figures are added up across teams and regions; binary floating point would
//! turn 2.8 + 1.25 into 4.050000000000001, so kheo keeps them as an integer
//! count of 10^-scale units.

use std::cmp::Ordering;
use std::fmt;

/// `units / 10^scale`, exactly. Aligned to 8 bytes, not the 16 of an
/// `i128`: 24 bytes instead of 32, and a figure with its year or its key
/// 40 instead of 64 (a site of 10,000 teams holds millions of figures).
/// The fields are only ever copied, never borrowed, as packing requires.
#[derive(Debug, Clone, Copy)]
#[repr(C, packed(8))]
pub(crate) struct Decimal {
    units: i128,
    scale: u32,
}

const MAX_SCALE: u32 = 30;

impl Decimal {
    pub(crate) const ZERO: Decimal = Decimal { units: 0, scale: 0 };

    pub(crate) fn from_int(n: i128) -> Decimal {
        Decimal { units: n, scale: 0 }
    }

    /// The decimal a YAML float was written as: the shortest text that reads
    /// back as the same f64 (`2.8` stays 2.8, `200.47` stays 200.47).
    pub(crate) fn from_f64(f: f64) -> Option<Decimal> {
        if !f.is_finite() {
            return None;
        }
        // Rust's Display for f64 is the shortest round-trip form, never exponential.
        Decimal::parse(&format!("{f}"))
    }

    /// Parses `-12`, `3.14`, `0.5`; no exponent, no grouping.
    pub(crate) fn parse(s: &str) -> Option<Decimal> {
        let (neg, digits) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s.strip_prefix('+').unwrap_or(s)),
        };
        let (int, frac) = digits.split_once('.').unwrap_or((digits, ""));
        if int.is_empty() && frac.is_empty() {
            return None;
        }
        if !int.bytes().chain(frac.bytes()).all(|b| b.is_ascii_digit()) {
            return None;
        }
        let frac = frac.trim_end_matches('0');
        let scale = u32::try_from(frac.len()).ok().filter(|s| *s <= MAX_SCALE)?;
        let mut units: i128 = 0;
        for b in int.bytes().chain(frac.bytes()) {
            units = units.checked_mul(10)?.checked_add(i128::from(b - b'0'))?;
        }
        Some(
            Decimal {
                units: if neg { -units } else { units },
                scale,
            }
            .normalized(),
        )
    }

    pub(crate) fn is_negative(&self) -> bool {
        self.units < 0
    }

    pub(crate) fn is_zero(&self) -> bool {
        self.units == 0
    }

    /// Digits after the decimal point needed to show the value exactly.
    pub(crate) fn scale(&self) -> u32 {
        self.scale
    }

    /// How many digits the integer part has (0 for `0.5`).
    pub(crate) fn int_digits(&self) -> u32 {
        let int = self.units.unsigned_abs() / 10u128.pow(self.scale.min(38));
        if int == 0 { 0 } else { int.ilog10() + 1 }
    }

    /// Exact sum; `None` only on overflow far beyond any real figure.
    pub(crate) fn checked_add(self, other: Decimal) -> Option<Decimal> {
        let scale = self.scale.max(other.scale);
        let a = self
            .units
            .checked_mul(10i128.checked_pow(scale - self.scale)?)?;
        let b = other
            .units
            .checked_mul(10i128.checked_pow(scale - other.scale)?)?;
        Some(
            Decimal {
                units: a.checked_add(b)?,
                scale,
            }
            .normalized(),
        )
    }

    /// Rounded to `decimals` places, halves away from zero.
    pub(crate) fn round(self, decimals: u32) -> Decimal {
        if self.scale <= decimals {
            return self;
        }
        let Some(div) = 10i128.checked_pow(self.scale - decimals) else {
            return Decimal::ZERO;
        };
        let q = self.units / div;
        let r = self.units % div;
        let q = if r.abs() * 2 >= div {
            q + self.units.signum()
        } else {
            q
        };
        Decimal {
            units: q,
            scale: decimals,
        }
        .normalized()
    }

    /// As f64, for charts and machine output only.
    pub(crate) fn to_f64(self) -> f64 {
        self.to_string().parse().unwrap_or(0.0)
    }

    fn normalized(mut self) -> Decimal {
        while self.scale > 0 && self.units % 10 == 0 {
            self.units /= 10;
            self.scale -= 1;
        }
        self
    }

    /// Integer digits and exactly `decimals` fraction digits (after rounding).
    fn digits(self, decimals: u32) -> (bool, String, String) {
        let r = self.round(decimals);
        let neg = r.units < 0;
        let abs = r.units.unsigned_abs().to_string();
        let scale = r.scale as usize;
        let padded = if abs.len() <= scale {
            format!("{}{abs}", "0".repeat(scale - abs.len() + 1))
        } else {
            abs
        };
        let (int, frac) = padded.split_at(padded.len() - scale);
        let mut frac = frac.to_owned();
        frac.extend(std::iter::repeat_n('0', decimals as usize - scale));
        (
            neg && (int.bytes().any(|b| b != b'0') || frac.bytes().any(|b| b != b'0')),
            int.to_owned(),
            frac,
        )
    }
}

impl PartialEq for Decimal {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}

impl Eq for Decimal {}

impl PartialOrd for Decimal {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for Decimal {
    fn cmp(&self, other: &Self) -> Ordering {
        // Both are normalised; compare at a common scale.
        let scale = self.scale.max(other.scale);
        let widen = |d: &Decimal| {
            10i128
                .checked_pow(scale - d.scale)
                .and_then(|m| d.units.checked_mul(m))
        };
        match (widen(self), widen(other)) {
            (Some(a), Some(b)) => a.cmp(&b),
            _ => self.to_f64().total_cmp(&other.to_f64()),
        }
    }
}

/// Machine form: `.` decimal point, no grouping, no trailing zeros (`4.05`).
impl fmt::Display for Decimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (neg, int, frac) = self.digits(self.scale);
        if neg {
            f.write_str("-")?;
        }
        f.write_str(&int)?;
        if !frac.is_empty() {
            write!(f, ".{frac}")?;
        }
        Ok(())
    }
}

/// The separators of a language's numbers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NumberStyle {
    pub(crate) decimal: String,
    pub(crate) group: String,
}

impl NumberStyle {
    /// `value` with exactly `decimals` fraction digits, thousands grouped.
    pub(crate) fn format(&self, value: Decimal, decimals: u32) -> String {
        let (neg, int, frac) = value.digits(decimals);
        let mut out = String::with_capacity(int.len() + frac.len() + 8);
        if neg {
            out.push('-');
        }
        let len = int.len();
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (len - i) % 3 == 0 {
                out.push_str(&self.group);
            }
            out.push(c);
        }
        if !frac.is_empty() {
            out.push_str(&self.decimal);
            out.push_str(&frac);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_decimal_takes_24_bytes() {
        // What the figures of a large site are made of (see `Decimal`).
        assert_eq!(std::mem::size_of::<Decimal>(), 24);
        assert_eq!(std::mem::align_of::<Decimal>(), 8);
        let d = Decimal::parse("-12345678901234567890.123456789").unwrap();
        assert_eq!(d.to_string(), "-12345678901234567890.123456789");
    }

    fn vi() -> NumberStyle {
        NumberStyle {
            decimal: ",".into(),
            group: ".".into(),
        }
    }
    fn en() -> NumberStyle {
        NumberStyle {
            decimal: ".".into(),
            group: ",".into(),
        }
    }
    fn d(s: &str) -> Decimal {
        Decimal::parse(s).unwrap()
    }

    #[test]
    fn spec_examples() {
        assert_eq!(vi().format(d("1497"), 0), "1.497");
        assert_eq!(en().format(d("1497"), 0), "1,497");
        assert_eq!(vi().format(d("200.47"), 2), "200,47");
        assert_eq!(en().format(d("200.47"), 2), "200.47");
        assert_eq!(vi().format(d("2000000"), 0), "2.000.000");
        assert_eq!(en().format(d("2.8"), 1), "2.8");
    }

    #[test]
    fn sums_are_exact() {
        let sum = d("2.8").checked_add(d("1.25")).unwrap();
        assert_eq!(sum.to_string(), "4.05");
        assert_eq!(vi().format(sum, 2), "4,05");
        let tenth = Decimal::from_f64(0.1).unwrap();
        let fifth = Decimal::from_f64(0.2).unwrap();
        assert_eq!(tenth.checked_add(fifth).unwrap(), d("0.3"));
    }

    #[test]
    fn rounding_and_padding() {
        assert_eq!(en().format(d("2.45"), 1), "2.5");
        assert_eq!(en().format(d("-2.45"), 1), "-2.5");
        assert_eq!(en().format(d("2"), 2), "2.00");
        assert_eq!(en().format(d("0.004"), 2), "0.00");
        assert_eq!(en().format(d("-0.004"), 2), "0.00");
        assert_eq!(en().format(d("999.995"), 2), "1,000.00");
        assert_eq!(en().format(d("0.05"), 2), "0.05");
    }

    #[test]
    fn long_figures_keep_their_digits() {
        assert_eq!(vi().format(d("123456789.123456"), 6), "123.456.789,123456");
        assert_eq!(
            en().format(d("12345678901234567890"), 0),
            "12,345,678,901,234,567,890"
        );
        assert_eq!(
            en().format(d("99999999999999999999.999999999"), 9),
            "99,999,999,999,999,999,999.999999999"
        );
        assert_eq!(
            en().format(d("99999999999999999999.999999999"), 6),
            "100,000,000,000,000,000,000.000000"
        );
        assert_eq!(d("12345678901234567890.5").int_digits(), 20);
        assert_eq!(d("0.5").int_digits(), 0);
        assert_eq!(d("10").int_digits(), 2);
    }

    #[test]
    fn parse_rejects_junk() {
        for bad in ["", ".", "1e3", "2,8", "abc", "1.2.3", "--1"] {
            assert!(Decimal::parse(bad).is_none(), "{bad}");
        }
        assert_eq!(d("+5"), d("5.000"));
        assert!(Decimal::from_f64(f64::NAN).is_none());
    }

    proptest! {
        #[test]
        fn addition_matches_integer_arithmetic(a in 0i64..10_000_000, b in 0i64..10_000_000, sa in 0u32..4, sb in 0u32..4) {
            let x = Decimal { units: a.into(), scale: sa }.normalized();
            let y = Decimal { units: b.into(), scale: sb }.normalized();
            let sum = x.checked_add(y).unwrap();
            // Compare in units of 10^-6.
            let to_micro = |v: i64, s: u32| i128::from(v) * 10i128.pow(6 - s);
            let expected = to_micro(a, sa) + to_micro(b, sb);
            prop_assert_eq!(sum, Decimal { units: expected, scale: 6 }.normalized());
        }

        #[test]
        fn grouping_round_trips(n in 0u64..u64::MAX / 2, decimals in 0u32..4) {
            let value = Decimal::from_int(n.into());
            let vi_text = vi().format(value, decimals);
            let en_text = en().format(value, decimals);
            // Removing the separators gives back the number.
            let plain: String = en_text.chars().filter(|c| *c != ',').collect();
            prop_assert_eq!(Decimal::parse(&plain).unwrap(), value);
            prop_assert_eq!(vi_text.replace('.', "\u{0}").replace(',', ".").replace('\u{0}', ","), en_text);
        }

        #[test]
        fn formatted_numbers_parse_back(units in 0i64..1_000_000_000_000, scale in 0u32..4, decimals in 0u32..4) {
            let value = Decimal { units: units.into(), scale }.normalized();
            for (style, group, decimal) in [(vi(), '.', ','), (en(), ',', '.')] {
                let text = style.format(value, decimals);
                let plain: String = text.chars().filter(|c| *c != group).map(|c| if c == decimal { '.' } else { c }).collect();
                prop_assert_eq!(Decimal::parse(&plain).unwrap(), value.round(decimals), "{}", text);
            }
        }

        #[test]
        fn f64_values_keep_their_written_digits(int in 0u32..100_000, frac in 0u32..100) {
            let text = format!("{int}.{frac:02}");
            let f: f64 = text.parse().unwrap();
            prop_assert_eq!(Decimal::from_f64(f).unwrap(), Decimal::parse(&text).unwrap());
        }
    }
}
