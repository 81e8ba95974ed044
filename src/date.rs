//! Dates as editors write them: `2024-08-16`, `2024-08-16 10:03`,
//! `2024-08-16T10:03:00+07:00`, and day-first `16/08/2024` (`16/08/2024 10:03`),
//! plus the `YYYY-MM-DD-` prefix of file names. A date without an offset is
//! local to the site's time zone.

use jiff::Zoned;
use jiff::civil::{Date, DateTime, Time};
use jiff::tz::{Offset, TimeZone};

/// A date as written, before the site's time zone is applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct WrittenDate {
    pub(crate) datetime: DateTime,
    /// Present when the text carried `Z` or `+07:00`.
    pub(crate) offset: Option<Offset>,
    /// Whether a time of day was written (a bare date means midnight).
    pub(crate) has_time: bool,
}

impl WrittenDate {
    /// The instant in the site's time zone. Years are checked to be
    /// plausible ([`YEARS`]), so this fails only for a date at the very edge
    /// of what jiff represents; it is then an error, never another date.
    pub(crate) fn resolve(&self, tz: &TimeZone) -> Result<Zoned, DateError> {
        let out_of_range = |_| DateError(crate::msg!("date.out-of-range", date = self.datetime));
        match self.offset {
            // The offset fixes the instant; show it in the site's zone.
            Some(offset) => offset
                .to_timestamp(self.datetime)
                .map(|ts| ts.to_zoned(tz.clone()))
                .map_err(out_of_range),
            None => self.datetime.to_zoned(tz.clone()).map_err(out_of_range),
        }
    }
}

/// The years a date may have. Dates outside are typing mistakes (`20224`,
/// `0202`) or placeholders (`9999-12-31`), and jiff cannot place years past
/// 9999 in time; a figure's year has the same range.
pub(crate) const YEARS: std::ops::RangeInclusive<i32> = 1900..=2200;

/// Why a text is not a date. The message is written for editors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct DateError(pub String);

/// The hint for a date that could not be read: the accepted forms, and
/// the date meant when `written` looks like one in another form
/// (`2026/01/15`, `15-01-26`).
pub(crate) fn forms_hint(written: &str) -> String {
    let forms = crate::msg!("date.forms");
    match guess(written.trim()) {
        Some(meant) => crate::msg!("date.did-you-mean", date = meant, forms = forms),
        None => forms,
    }
}

/// `2026/01/15` -> `2026-01-15`, `15-01-26` -> `15/01/2026`: the real date
/// a text written in a form kheo does not read most likely means.
fn guess(s: &str) -> Option<String> {
    let sep = ['/', '.', '-', ' '].into_iter().find(|c| s.contains(*c))?;
    let parts: Vec<&str> = s.split(sep).collect();
    let [a, b, c] = parts.as_slice() else {
        return None;
    };
    let (y, m, d) = if a.len() == 4 {
        (number(a, 4)? as i32, number(b, 2)?, number(c, 2)?)
    } else if c.len() == 2 {
        (2000 + number(c, 2)? as i32, number(b, 2)?, number(a, 2)?)
    } else {
        return None;
    };
    checked_date(y, m, d).ok()?;
    Some(if a.len() == 4 {
        format!("{y:04}-{m:02}-{d:02}")
    } else {
        format!("{d:02}/{m:02}/{y:04}")
    })
}

const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Parses a date in any of the accepted forms.
pub(crate) fn parse(text: &str) -> Result<WrittenDate, DateError> {
    let s = text.trim();
    let not_a_date = || DateError(crate::msg!("date.not-a-date", text = s));
    if s.is_empty() {
        return Err(DateError(crate::msg!("date.empty")));
    }
    // Split off the time part: "date time", "dateTtime".
    let (date_part, time_part) = match s.find(['T', 't', ' ']) {
        Some(i) => (&s[..i], Some(s[i + 1..].trim_start())),
        None => (s, None),
    };
    let (year, month, day) = parse_date_part(date_part).ok_or_else(not_a_date)?;
    let date = checked_date(year, month, day)?;
    let (time, offset) = match time_part {
        None => (Time::midnight(), None),
        Some(t) => {
            parse_time_part(t).ok_or_else(|| DateError(crate::msg!("date.bad-time", text = s)))?
        }
    };
    Ok(WrittenDate {
        datetime: date.to_datetime(time),
        offset,
        has_time: time_part.is_some(),
    })
}

/// Why a file name that starts like a date (`9999-12-31-x`, `2024-02-30-x`)
/// does not start with a real one; `None` for a real date or no date at all.
pub(crate) fn filename_date_problem(stem: &str) -> Option<DateError> {
    let bytes = stem.as_bytes();
    if bytes.len() < 11 || bytes[10] != b'-' {
        return None;
    }
    let (y, m, d) = parse_iso_date(stem.get(..10)?)?;
    checked_date(y, m, d).err()
}

/// `2024-08-16-giai-phap` -> (2024-08-16, `giai-phap`). Only a real date counts.
pub(crate) fn split_filename_date(stem: &str) -> Option<(Date, &str)> {
    let bytes = stem.as_bytes();
    if bytes.len() < 11 || bytes[10] != b'-' {
        return None;
    }
    let (y, m, d) = parse_iso_date(stem.get(..10)?)?;
    let date = checked_date(y, m, d).ok()?;
    Some((date, stem.get(11..)?))
}

fn parse_date_part(s: &str) -> Option<(i32, u32, u32)> {
    parse_iso_date(s).or_else(|| parse_day_first(s))
}

/// `yyyy-mm-dd` (month and day may have one digit).
fn parse_iso_date(s: &str) -> Option<(i32, u32, u32)> {
    let mut it = s.split('-');
    let y = it.next()?;
    let m = it.next()?;
    let d = it.next()?;
    if it.next().is_some() || y.len() != 4 {
        return None;
    }
    Some((number(y, 4)? as i32, number(m, 2)?, number(d, 2)?))
}

/// `dd/mm/yyyy`, also with `.` or `-` between the parts.
fn parse_day_first(s: &str) -> Option<(i32, u32, u32)> {
    let sep = ['/', '.', '-'].into_iter().find(|c| s.contains(*c))?;
    let mut it = s.split(sep);
    let d = it.next()?;
    let m = it.next()?;
    let y = it.next()?;
    if it.next().is_some() || y.len() != 4 {
        return None;
    }
    Some((number(y, 4)? as i32, number(m, 2)?, number(d, 2)?))
}

/// `hh:mm`, `hh:mm:ss`, with optional fraction and `Z`/`+hh:mm`/`+hhmm` offset.
fn parse_time_part(s: &str) -> Option<(Time, Option<Offset>)> {
    let (clock, offset) = split_offset(s)?;
    let mut it = clock.split(':');
    let h = number(it.next()?, 2)?;
    let m = number(it.next()?, 2)?;
    let sec = match it.next() {
        Some(sec) => {
            let whole = sec.split('.').next()?;
            number(whole, 2)?
        }
        None => 0,
    };
    if it.next().is_some() {
        return None;
    }
    let time = Time::new(
        i8::try_from(h).ok()?,
        i8::try_from(m).ok()?,
        i8::try_from(sec).ok()?,
        0,
    )
    .ok()?;
    Some((time, offset))
}

fn split_offset(s: &str) -> Option<(&str, Option<Offset>)> {
    let s = s.trim();
    if let Some(clock) = s.strip_suffix(['Z', 'z']) {
        return Some((clock.trim_end(), Some(Offset::UTC)));
    }
    // An offset sign after the clock (never at position 0).
    let Some(i) = s.rfind(['+', '-']).filter(|i| *i > 0) else {
        return Some((s, None));
    };
    let (clock, off) = (s[..i].trim_end(), &s[i..]);
    let sign: i32 = if off.starts_with('-') { -1 } else { 1 };
    let digits: String = off[1..].chars().filter(|c| *c != ':').collect();
    if digits.len() != 4 && digits.len() != 2 {
        return None;
    }
    let hours = number(&digits[..2], 2)? as i32;
    let minutes = if digits.len() == 4 {
        number(&digits[2..], 2)? as i32
    } else {
        0
    };
    if hours > 23 || minutes > 59 {
        return None;
    }
    let offset = Offset::from_seconds(sign * (hours * 3600 + minutes * 60)).ok()?;
    Some((clock, Some(offset)))
}

/// A run of 1..=max ASCII digits.
fn number(s: &str, max: usize) -> Option<u32> {
    if s.is_empty() || s.len() > max || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

fn checked_date(year: i32, month: u32, day: u32) -> Result<Date, DateError> {
    if !(1..=12).contains(&month) {
        return Err(DateError(crate::msg!("date.no-month", month = month)));
    }
    if !YEARS.contains(&year) {
        return Err(DateError(crate::msg!(
            "date.implausible-year",
            year = year,
            from = YEARS.start(),
            to = YEARS.end()
        )));
    }
    let first = Date::new(year as i16, month as i8, 1).map_err(|e| DateError(e.to_string()))?;
    let days = first.days_in_month() as u32;
    if day == 0 || day > days {
        let name = match crate::messages::current() {
            crate::messages::Lang::En => MONTHS_EN[month as usize - 1].to_owned(),
            crate::messages::Lang::Vi => format!("tháng {month}"),
        };
        return Err(DateError(crate::msg!(
            "date.no-day",
            day = day,
            month = name,
            year = year,
            days = days
        )));
    }
    Date::new(year as i16, month as i8, day as i8).map_err(|e| DateError(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn hcm() -> TimeZone {
        TimeZone::get("Asia/Ho_Chi_Minh").unwrap()
    }

    fn ymdhm(w: &WrittenDate) -> (i16, i8, i8, i8, i8) {
        let d = w.datetime;
        (d.year(), d.month(), d.day(), d.hour(), d.minute())
    }

    #[test]
    fn every_documented_form() {
        assert_eq!(ymdhm(&parse("2024-08-16").unwrap()), (2024, 8, 16, 0, 0));
        assert_eq!(
            ymdhm(&parse("2024-08-16 10:03").unwrap()),
            (2024, 8, 16, 10, 3)
        );
        assert_eq!(
            ymdhm(&parse("2024-08-16T10:03:00+07:00").unwrap()),
            (2024, 8, 16, 10, 3)
        );
        assert_eq!(ymdhm(&parse("16/08/2024").unwrap()), (2024, 8, 16, 0, 0));
        assert_eq!(
            ymdhm(&parse("9/7/2017 08:56").unwrap()),
            (2017, 7, 9, 8, 56)
        );
        assert_eq!(ymdhm(&parse("19.07.2017").unwrap()), (2017, 7, 19, 0, 0));
        assert!(!parse("2024-08-16").unwrap().has_time);
        assert!(parse("16/08/2024 10:03").unwrap().has_time);
    }

    #[test]
    fn day_first_is_never_month_first() {
        // 02/08/2019 is the 2nd of August, as Vietnamese editors write it.
        let d = parse("02/08/2019").unwrap().datetime;
        assert_eq!((d.month(), d.day()), (8, 2));
        // 13 cannot be a month, and must not be silently swapped.
        assert!(parse("08/13/2019").is_err());
    }

    #[test]
    fn impossible_dates_are_explained() {
        let e = parse("31/02/2024").unwrap_err();
        assert_eq!(e.0, "day 31 does not exist: February 2024 has 29 days");
        assert!(parse("2023-02-29").is_err());
        assert!(parse("2024-13-01").unwrap_err().0.contains("month 13"));
        assert!(parse("hôm qua").is_err());
        assert!(parse("").is_err());
        assert!(parse("2024-08-16 25:00").is_err());
    }

    #[test]
    fn offsets_and_local_time() {
        let tz = hcm();
        let local = parse("2024-08-16 10:03").unwrap().resolve(&tz).unwrap();
        let fixed = parse("2024-08-16T03:03:00Z").unwrap().resolve(&tz).unwrap();
        assert_eq!(local.timestamp(), fixed.timestamp());
        assert_eq!(fixed.hour(), 10);
        let plus = parse("2024-08-16T10:03:00+0700")
            .unwrap()
            .resolve(&tz)
            .unwrap();
        assert_eq!(plus.timestamp(), local.timestamp());
        let minus = parse("2024-08-15T22:03-05:00")
            .unwrap()
            .resolve(&tz)
            .unwrap();
        assert_eq!(minus.timestamp(), local.timestamp());
    }

    #[test]
    fn implausible_years_are_errors_not_1970() {
        for text in [
            "9999-12-31",
            "31/12/9999 23:00",
            "9999-12-31T23:00-05:00",
            "1899-12-31",
            "2201-01-01",
            "0001-01-01",
        ] {
            let e = parse(text).unwrap_err();
            assert!(e.0.contains("not a plausible year"), "{text}: {}", e.0);
            assert!(e.0.contains("1900 to 2200"), "{text}: {}", e.0);
        }
        // The edges of the range resolve in any zone and with any offset.
        for text in [
            "1900-01-01T00:00-12:00",
            "2200-12-31T23:59+14:00",
            "2200-12-31 23:59",
        ] {
            let z = parse(text).unwrap().resolve(&hcm()).unwrap();
            assert!((1899..=2201).contains(&z.year()), "{text}: {z}");
        }
    }

    #[test]
    fn file_name_prefix() {
        let (d, rest) = split_filename_date("2024-08-16-giai-phap").unwrap();
        assert_eq!(
            (d.year(), d.month(), d.day(), rest),
            (2024, 8, 16, "giai-phap")
        );
        assert!(split_filename_date("2024-02-30-x").is_none());
        assert!(split_filename_date("giai-phap").is_none());
        assert!(split_filename_date("2024-08-16").is_none());
        assert!(split_filename_date("9999-12-31-x").is_none());
        assert!(
            filename_date_problem("9999-12-31-x")
                .unwrap()
                .0
                .contains("year 9999")
        );
        assert!(
            filename_date_problem("2024-02-30-x")
                .unwrap()
                .0
                .contains("29 days")
        );
        assert_eq!(filename_date_problem("2024-08-16-x"), None);
        assert_eq!(filename_date_problem("giai-phap-nong-thon"), None);
        assert_eq!(filename_date_problem("đường-mới-x"), None);
    }

    proptest! {
        #[test]
        fn day_first_and_iso_agree(y in 1900i32..2100, m in 1u32..=12, d in 1u32..=28, h in 0u32..24, min in 0u32..60) {
            let iso = parse(&format!("{y:04}-{m:02}-{d:02} {h:02}:{min:02}")).unwrap();
            let vn = parse(&format!("{d:02}/{m:02}/{y:04} {h:02}:{min:02}")).unwrap();
            prop_assert_eq!(iso, vn);
        }

        #[test]
        fn valid_dates_round_trip(days in 0i32..60000) {
            let date = Date::new(1900, 1, 1).unwrap().checked_add(jiff::Span::new().days(days)).unwrap();
            let written = parse(&date.to_string()).unwrap();
            prop_assert_eq!(written.datetime.date(), date);
        }

        #[test]
        fn never_panics(s in "\\PC{0,30}") {
            let _ = parse(&s);
            let _ = split_filename_date(&s);
            let _ = filename_date_problem(&s);
        }

        #[test]
        fn every_accepted_date_resolves(y in 0i32..10000, m in 1u32..=12, d in 1u32..=31, h in 0u32..24, off in -14i32..=14) {
            if let Ok(w) = parse(&format!("{y:04}-{m:02}-{d:02}T{h:02}:00{off:+03}:00")) {
                prop_assert!(w.resolve(&hcm()).is_ok());
            }
        }
    }

    #[test]
    fn a_date_in_another_form_gets_the_date_meant_in_both_languages() {
        use crate::messages::{Lang, scoped};
        assert!(forms_hint("2026/01/15").starts_with("did you mean `2026-01-15`? write dates as"));
        assert!(forms_hint("15-01-26").starts_with("did you mean `15/01/2026`?"));
        // Nothing is guessed for a date that does not exist or is not one.
        assert!(forms_hint("31-02-26").starts_with("write dates as"));
        assert!(forms_hint("hôm qua").starts_with("write dates as"));
        let (message, hint) = scoped(Lang::Vi, || {
            (parse("2026/01/15").unwrap_err().0, forms_hint("2026/01/15"))
        });
        assert_eq!(message, "`2026/01/15` không phải là ngày");
        assert!(
            hint.starts_with("có phải ý bạn là `2026-01-15`? viết ngày dạng dd/mm/yyyy"),
            "{hint}"
        );
        let no_day = scoped(Lang::Vi, || parse("30/02/2024").unwrap_err().0);
        assert_eq!(no_day, "không có ngày 30: tháng 2 năm 2024 chỉ có 29 ngày");
        assert_eq!(
            parse("30/02/2024").unwrap_err().0,
            "day 30 does not exist: February 2024 has 29 days"
        );
    }
}
