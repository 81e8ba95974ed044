//! Dates as old portals and exports wrote them: `( Cập nhật:19/7/2017
//! 08:56:37)`, `Thứ Hai, 28/10/2024 10:03`, `Ngày đăng 02/08/2019 | 15:23`,
//! `ngày 16 tháng 8 năm 2024`, `16 Tháng Tám, 2024`, `August 16, 2024`, ISO
//! 8601, RFC 822/2822 (feeds) and WordPress's `2024-08-16 10:03:00`. Numbers
//! are read day-first, as Vietnamese editors write them; a date without an
//! offset is local to the site's time zone (see `crate::date`).

use jiff::tz::TimeZone;

use crate::date::{self, WrittenDate};

/// Reads a date written any of the ways above, taking the first date in the
/// text (the text around it — `Cập nhật:`, a weekday, a view counter — is
/// skipped).
pub(crate) fn read(text: &str) -> Option<WrittenDate> {
    let t = text.trim();
    if t.is_empty() || t.starts_with("0000-00-00") {
        return None;
    }
    if let Ok(d) = date::parse(t) {
        return Some(d);
    }
    if let Ok(zoned) = jiff::fmt::rfc2822::parse(t) {
        return Some(WrittenDate {
            datetime: zoned.datetime(),
            offset: Some(zoned.offset()),
            has_time: true,
        });
    }
    find(t)
}

/// The date as the front matter holds it, local to `tz`: `2017-07-19 08:56:37`,
/// `2024-08-16 10:03`, or `2013-10-09` when no time was written.
pub(crate) fn front_matter(d: &WrittenDate, tz: &TimeZone) -> String {
    // A date outside the years kheo accepts is written as the portal showed
    // it; the build then reports it at its line.
    let local = d.resolve(tz).map_or(d.datetime, |z| z.datetime());
    if !d.has_time {
        local.strftime("%Y-%m-%d").to_string()
    } else if local.second() != 0 {
        local.strftime("%Y-%m-%d %H:%M:%S").to_string()
    } else {
        local.strftime("%Y-%m-%d %H:%M").to_string()
    }
}

/// A word or number of a text, with where it is.
#[derive(Debug, Clone, Copy)]
struct Token<'a> {
    text: &'a str,
    start: usize,
    end: usize,
}

/// Words (letters) and numbers, lower-cased later by the caller.
fn tokens(text: &str) -> Vec<Token<'_>> {
    let mut out = Vec::new();
    let mut start = None;
    let mut digits = false;
    for (i, c) in text.char_indices() {
        let kind = if c.is_ascii_digit() {
            Some(true)
        } else if c.is_alphabetic() {
            Some(false)
        } else {
            None
        };
        match (start, kind) {
            (Some(s), Some(d)) if d == digits => {
                let _ = s;
            }
            (Some(s), _) => {
                out.push(Token {
                    text: &text[s..i],
                    start: s,
                    end: i,
                });
                start = kind.map(|_| i);
                digits = kind.unwrap_or(false);
            }
            (None, Some(d)) => {
                start = Some(i);
                digits = d;
            }
            (None, None) => {}
        }
    }
    if let Some(s) = start {
        out.push(Token {
            text: &text[s..],
            start: s,
            end: text.len(),
        });
    }
    out
}

const VI_MONTHS: [(&str, u32); 14] = [
    ("mười một", 11),
    ("mười hai", 12),
    ("một", 1),
    ("giêng", 1),
    ("hai", 2),
    ("ba", 3),
    ("tư", 4),
    ("bốn", 4),
    ("năm", 5),
    ("sáu", 6),
    ("bảy", 7),
    ("tám", 8),
    ("chín", 9),
    ("mười", 10),
];

const EN_MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

fn en_month(word: &str) -> Option<u32> {
    let w = word.to_lowercase();
    if w.len() < 3 {
        return None;
    }
    let full = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    (0..12)
        .find(|&i| w == EN_MONTHS[i] || w == full[i] || (w == "sept" && i == 8))
        .map(|i| i as u32 + 1)
}

/// A date found in a text: (year, month, day) and where it ends.
struct Found {
    ymd: (i32, u32, u32),
    start: usize,
    end: usize,
}

/// Finds the first date in a portal's text, then a time next to it.
fn find(text: &str) -> Option<WrittenDate> {
    let numeric = find_numeric(text);
    let words = find_words(text);
    let found = match (numeric, words) {
        (Some(a), Some(b)) => {
            if a.start <= b.start {
                a
            } else {
                b
            }
        }
        (a, b) => a.or(b)?,
    };
    let (y, m, d) = found.ymd;
    let time = time_after(&text[found.end..]).or_else(|| time_before(&text[..found.start]));
    let written = match time {
        Some((h, min, s)) => format!("{y:04}-{m:02}-{d:02} {h:02}:{min:02}:{s:02}"),
        None => format!("{y:04}-{m:02}-{d:02}"),
    };
    date::parse(&written).ok()
}

/// `19/7/2017`, `19-07-2017`, `19.07.2017`, `2017-07-19`, `2017/07/19`.
fn find_numeric(text: &str) -> Option<Found> {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_digit() || (i > 0 && bytes[i - 1].is_ascii_digit()) {
            i += 1;
            continue;
        }
        if let Some(found) = numeric_at(text, i) {
            return Some(found);
        }
        i += 1;
    }
    None
}

fn numeric_at(text: &str, start: usize) -> Option<Found> {
    let bytes = text.as_bytes();
    let run = |from: usize| {
        let n = bytes[from..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count();
        (n > 0).then(|| (&text[from..from + n], from + n))
    };
    let (a, after_a) = run(start)?;
    let sep = *bytes.get(after_a)?;
    if !matches!(sep, b'/' | b'-' | b'.') {
        return None;
    }
    let (b, after_b) = run(after_a + 1)?;
    if bytes.get(after_b) != Some(&sep) {
        return None;
    }
    let (c, end) = run(after_b + 1)?;
    // A number glued to more digits or letters is something else (a phone, a code).
    if bytes.get(end).is_some_and(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    let n = |s: &str| s.parse::<u32>().ok();
    let ymd = if a.len() == 4 && b.len() <= 2 && c.len() <= 2 {
        (n(a)? as i32, n(b)?, n(c)?)
    } else if a.len() <= 2 && b.len() <= 2 && c.len() == 4 {
        (n(c)? as i32, n(b)?, n(a)?)
    } else {
        return None;
    };
    valid(ymd).then_some(Found { ymd, start, end })
}

fn valid((y, m, d): (i32, u32, u32)) -> bool {
    date::parse(&format!("{y:04}-{m:02}-{d:02}")).is_ok()
}

/// `ngày 16 tháng 8 năm 2024`, `16 tháng 8, 2024`, `16 Tháng Tám, 2024`,
/// `Tháng Tám 16, 2024`, `16 August 2024`, `August 16, 2024`.
fn find_words(text: &str) -> Option<Found> {
    let toks = tokens(text);
    let lower: Vec<String> = toks.iter().map(|t| t.text.to_lowercase()).collect();
    let num = |i: usize| -> Option<u32> {
        let t = toks.get(i)?;
        (t.text.len() <= 4 && t.text.bytes().all(|b| b.is_ascii_digit()))
            .then(|| t.text.parse().ok())
            .flatten()
    };
    let year = |i: usize| num(i).filter(|y| *y >= 1000 && toks[i].text.len() == 4);
    // A Vietnamese month after `tháng`: a number or a word (two for 11 and 12).
    let vi_month = |i: usize| -> Option<(u32, usize)> {
        if let Some(m) = num(i).filter(|m| (1..=12).contains(m)) {
            return Some((m, i + 1));
        }
        let one = lower.get(i)?;
        let two = lower.get(i + 1).map(|w| format!("{one} {w}"));
        for (name, m) in VI_MONTHS {
            if two.as_deref() == Some(name) {
                return Some((m, i + 2));
            }
            if one == name {
                return Some((m, i + 1));
            }
        }
        None
    };
    for i in 0..toks.len() {
        let found = (|| {
            // D tháng M [năm] Y
            if let Some(d) = num(i)
                && lower.get(i + 1).map(String::as_str) == Some("tháng")
                && let Some((m, next)) = vi_month(i + 2)
            {
                let next = if lower.get(next).map(String::as_str) == Some("năm") {
                    next + 1
                } else {
                    next
                };
                let y = year(next)?;
                return Some(((y as i32, m, d), next));
            }
            // Tháng M D, Y
            if lower[i] == "tháng"
                && let Some((m, next)) = vi_month(i + 1)
                && let Some(d) = num(next)
                && let Some(y) = year(next + 1)
            {
                return Some(((y as i32, m, d), next + 1));
            }
            // D Month Y
            if let Some(d) = num(i)
                && let Some(m) = toks.get(i + 1).and_then(|t| en_month(t.text))
                && let Some(y) = year(i + 2)
            {
                return Some(((y as i32, m, d), i + 2));
            }
            // Month D, Y
            if let Some(m) = en_month(toks[i].text)
                && let Some(d) = num(i + 1)
                && let Some(y) = year(i + 2)
            {
                return Some(((y as i32, m, d), i + 2));
            }
            None
        })();
        if let Some((ymd, last)) = found
            && valid(ymd)
        {
            return Some(Found {
                ymd,
                start: toks[i].start,
                end: toks[last].end,
            });
        }
    }
    None
}

/// A time right after a date: `08:56:37`, ` | 15:23`, ` lúc 10:03 SA`, `10h03`.
fn time_after(text: &str) -> Option<(u32, u32, u32)> {
    let mut rest = text;
    // Skip what portals put between a date and its time.
    loop {
        let trimmed = rest.trim_start_matches(|c: char| {
            c.is_whitespace()
                || matches!(c, ',' | '|' | '-' | '–' | '—' | '(' | ')' | '[' | ']' | '/')
        });
        let lower = trimmed.to_lowercase();
        let word = ["lúc", "luc", "vào", "at", "giờ", "time"]
            .iter()
            .find(|w| lower.starts_with(*w));
        match word {
            Some(w) => {
                rest = &trimmed[trimmed
                    .char_indices()
                    .nth(w.chars().count())
                    .map_or(trimmed.len(), |(i, _)| i)..]
            }
            None => {
                rest = trimmed;
                break;
            }
        }
        if text.len() - rest.len() > 24 {
            return None;
        }
    }
    if text.len() - rest.len() > 24 {
        return None;
    }
    clock(rest)
}

/// A time right before a date: `10:03 ngày 16/08/2024`, `10:03 - 16/08/2024`.
fn time_before(text: &str) -> Option<(u32, u32, u32)> {
    let trimmed = text.trim_end_matches(|c: char| {
        c.is_whitespace() || matches!(c, ',' | '|' | '-' | '–' | '(' | ')')
    });
    let trimmed = ["ngày", "ngay", "on"]
        .iter()
        .find_map(|w| {
            trimmed
                .to_lowercase()
                .ends_with(w)
                .then(|| &trimmed[..trimmed.len() - w.len()])
        })
        .unwrap_or(trimmed)
        .trim_end_matches(|c: char| c.is_whitespace() || matches!(c, ',' | '|' | '-' | '–'));
    // The time is the last word: walk back over digits, `:` and `h`.
    let start = trimmed
        .char_indices()
        .rev()
        .take_while(|(_, c)| c.is_ascii_digit() || matches!(c, ':' | 'h' | 'H'))
        .last()
        .map(|(i, _)| i)?;
    let (h, m, s, _) = clock_parts(&trimmed[start..])?;
    Some((h, m, s))
}

/// `08:56:37`, `15:23`, `10h03`, `3:05 PM`, `10:03 SA`/`CH` (sáng/chiều).
fn clock(text: &str) -> Option<(u32, u32, u32)> {
    let (mut h, m, s, used) = clock_parts(text)?;
    let after = text[used..].trim_start().to_lowercase();
    let pm = ["pm", "p.m", "ch", "chiều", "chieu", "tối", "toi"]
        .iter()
        .any(|w| after.starts_with(w));
    let am = ["am", "a.m", "sa", "sáng", "sang"]
        .iter()
        .any(|w| after.starts_with(w));
    if pm && h < 12 {
        h += 12;
    } else if am && h == 12 {
        h = 0;
    }
    Some((h, m, s))
}

/// Hours, minutes, seconds and the bytes read.
fn clock_parts(text: &str) -> Option<(u32, u32, u32, usize)> {
    let bytes = text.as_bytes();
    let digits = |from: usize| {
        bytes[from..]
            .iter()
            .take_while(|b| b.is_ascii_digit())
            .count()
    };
    let hl = digits(0);
    if !(1..=2).contains(&hl) {
        return None;
    }
    let h: u32 = text[..hl].parse().ok()?;
    let sep = *bytes.get(hl)?;
    if !matches!(sep, b':' | b'h' | b'H') {
        return None;
    }
    let ml = digits(hl + 1);
    if ml != 2 {
        // `10h` alone is ten o'clock.
        return (matches!(sep, b'h' | b'H') && ml == 0 && h < 24).then_some((h, 0, 0, hl + 1));
    }
    let m: u32 = text[hl + 1..hl + 3].parse().ok()?;
    let mut used = hl + 3;
    let mut s = 0;
    if sep == b':' && bytes.get(used) == Some(&b':') && digits(used + 1) == 2 {
        s = text[used + 1..used + 3].parse().ok()?;
        used += 3;
    }
    (h < 24 && m < 60 && s < 60).then_some((h, m, s, used))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> String {
        let tz = TimeZone::get("Asia/Ho_Chi_Minh").unwrap();
        read(text)
            .map(|d| front_matter(&d, &tz))
            .unwrap_or_else(|| "none".to_owned())
    }

    #[test]
    fn the_ways_portals_wrote_dates() {
        assert_eq!(at("( Cập nhật:19/7/2017 08:56:37)"), "2017-07-19 08:56:37");
        assert_eq!(at("Thứ Hai, 28/10/2024 10:03"), "2024-10-28 10:03");
        assert_eq!(at("Thứ Sáu 16/08/2024 10:03"), "2024-08-16 10:03");
        assert_eq!(
            at("Ngày đăng 02/08/2019 | 15:23  | Lượt xem: 654"),
            "2019-08-02 15:23"
        );
        assert_eq!(at("28/10/2024"), "2024-10-28");
        assert_eq!(at("Cập nhật lúc 10:03 ngày 16/08/2024"), "2024-08-16 10:03");
        assert_eq!(at("Đăng lúc: 16-08-2024 lúc 3:05 CH"), "2024-08-16 15:05");
        assert_eq!(at("16.08.2024, 10h03"), "2024-08-16 10:03");
        assert_eq!(at("ngày 9 tháng 10 năm 2013"), "2013-10-09");
        assert_eq!(at("16 Tháng Tám, 2024"), "2024-08-16");
        assert_eq!(
            at("Tháng Mười Một 3, 2023 lúc 9:15 sáng"),
            "2023-11-03 09:15"
        );
        assert_eq!(
            at("Posted on August 16, 2024 at 10:03 pm"),
            "2024-08-16 22:03"
        );
        assert_eq!(at("16 Aug 2024"), "2024-08-16");
    }

    #[test]
    fn exports_and_feeds() {
        assert_eq!(at("2024-08-16 10:03:00"), "2024-08-16 10:03");
        assert_eq!(at("2024-08-16T03:03:00Z"), "2024-08-16 10:03");
        assert_eq!(at("Fri, 16 Aug 2024 03:03:00 +0000"), "2024-08-16 10:03");
        assert_eq!(at("Fri, 16 Aug 2024 10:03:00 +0700"), "2024-08-16 10:03");
        assert_eq!(at("0000-00-00 00:00:00"), "none");
    }

    /// A moment with an offset (feeds, ISO with `Z`, WordPress's GMT date) is
    /// shown in the site's time zone; a date as a portal showed it, without
    /// an offset, is already the site's local time and stays as written.
    #[test]
    fn the_sites_time_zone() {
        let in_zone = |text: &str, zone: &str| {
            let tz = TimeZone::get(zone).unwrap();
            front_matter(&read(text).unwrap(), &tz)
        };
        assert_eq!(in_zone("2024-08-16T03:03:00Z", "UTC"), "2024-08-16 03:03");
        assert_eq!(
            in_zone("Fri, 16 Aug 2024 10:03:00 +0700", "Europe/Paris"),
            "2024-08-16 05:03"
        );
        assert_eq!(
            in_zone("Thu, 15 Aug 2024 20:30:00 GMT", "Asia/Ho_Chi_Minh"),
            "2024-08-16 03:30"
        );
        assert_eq!(
            in_zone("2024-08-15T23:30:00+02:00", "Asia/Ho_Chi_Minh"),
            "2024-08-16 04:30"
        );
        for zone in ["UTC", "Asia/Ho_Chi_Minh", "America/New_York"] {
            assert_eq!(
                in_zone("( Cập nhật:19/7/2017 08:56:37)", zone),
                "2017-07-19 08:56:37"
            );
            assert_eq!(
                in_zone("Thứ Hai, 28/10/2024 10:03", zone),
                "2024-10-28 10:03"
            );
        }
    }

    #[test]
    fn day_first_and_nothing_invented() {
        assert_eq!(at("02/08/2019"), "2019-08-02");
        assert_eq!(at("Lượt xem: 654"), "none");
        assert_eq!(at("31/02/2024"), "none");
        assert_eq!(at("Điện thoại 0220.3852.123"), "none");
        assert_eq!(at("Số 12/2017/NĐ-CP"), "none");
        assert_eq!(at(""), "none");
        // The first of two dates is the one published.
        assert_eq!(
            at("Đăng: 16/08/2024 - Cập nhật: 20/08/2024 09:00"),
            "2024-08-16"
        );
    }

    proptest::proptest! {
        #[test]
        fn never_panics(s in "\\PC{0,40}") {
            let _ = read(&s);
        }
    }
}
