//! How a language writes dates and numbers, and its UI strings: everything a
//! theme's `i18n/<lang>.yaml` holds. Formatting lives here, in one place, so
//! pages, feeds and `kheo stats` all write `Thứ Sáu, ngày 16/08/2024` and
//! `1.497` the same way.

use std::collections::BTreeMap;

use jiff::Zoned;
use serde::Deserialize;

use crate::number::{Decimal, NumberStyle};
use crate::yaml::{Pairs, Spanned};

/// One i18n file as written; every key optional so a site's theme can
/// override just the strings it wants to change.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct I18nFile {
    pub(crate) language_name: Option<String>,
    pub(crate) number: Option<NumberFile>,
    pub(crate) currency: Option<Spanned<String>>,
    pub(crate) weekdays: Option<Spanned<Vec<String>>>,
    pub(crate) months: Option<Spanned<Vec<String>>>,
    pub(crate) date_line: Option<String>,
    pub(crate) date_short: Option<String>,
    pub(crate) date_long: Option<String>,
    pub(crate) time: Option<String>,
    #[serde(default)]
    pub(crate) strings: Pairs<String, String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct NumberFile {
    pub(crate) decimal: String,
    pub(crate) group: String,
}

/// The complete locale of one language.
#[derive(Debug, Clone)]
pub(crate) struct Locale {
    pub(crate) code: String,
    pub(crate) name: String,
    pub(crate) number: NumberStyle,
    /// Pattern with `{amount}`: `{amount} đ`, `VND {amount}`.
    pub(crate) currency: String,
    /// Monday first.
    pub(crate) weekdays: [String; 7],
    pub(crate) months: [String; 12],
    /// `{weekday}, ngày {dd}/{mm}/{yyyy}`
    pub(crate) date_line: String,
    /// `{dd}/{mm}/{yyyy}`
    pub(crate) date_short: String,
    /// `{day} {month} {yyyy}`
    pub(crate) date_long: String,
    /// `{HH}:{MM}`
    pub(crate) time: String,
    pub(crate) strings: BTreeMap<String, String>,
}

impl Locale {
    /// Applies an i18n file over this locale; returns what was wrong with it.
    pub(crate) fn apply(&mut self, file: I18nFile) -> Vec<(Option<(usize, usize)>, String)> {
        let mut problems = Vec::new();
        if let Some(n) = file.language_name {
            self.name = n;
        }
        if let Some(n) = file.number {
            self.number = NumberStyle {
                decimal: n.decimal,
                group: n.group,
            };
        }
        if let Some(c) = file.currency {
            if c.value.contains("{amount}") {
                self.currency = c.value;
            } else {
                problems.push((
                    Some(crate::yaml::position(&c)),
                    crate::msg!("locale.currency"),
                ));
            }
        }
        if let Some(w) = file.weekdays {
            match <[String; 7]>::try_from(w.value.clone()) {
                Ok(days) => self.weekdays = days,
                Err(_) => problems.push((
                    Some(crate::yaml::position(&w)),
                    crate::msg!("locale.weekdays"),
                )),
            }
        }
        if let Some(m) = file.months {
            match <[String; 12]>::try_from(m.value.clone()) {
                Ok(months) => self.months = months,
                Err(_) => problems.push((
                    Some(crate::yaml::position(&m)),
                    crate::msg!("locale.months"),
                )),
            }
        }
        for (slot, value) in [
            (&mut self.date_line, file.date_line),
            (&mut self.date_short, file.date_short),
            (&mut self.date_long, file.date_long),
            (&mut self.time, file.time),
        ] {
            if let Some(v) = value {
                *slot = v;
            }
        }
        for (k, v) in file.strings.0 {
            self.strings.insert(k, v);
        }
        problems
    }

    /// An empty locale to fill from files, named by its code.
    pub(crate) fn blank(code: &str) -> Locale {
        Locale {
            code: code.to_owned(),
            name: code.to_owned(),
            number: NumberStyle {
                decimal: ".".into(),
                group: ",".into(),
            },
            currency: "{amount}".into(),
            weekdays: Default::default(),
            months: Default::default(),
            date_line: "{yyyy}-{mm}-{dd}".into(),
            date_short: "{yyyy}-{mm}-{dd}".into(),
            date_long: "{yyyy}-{mm}-{dd}".into(),
            time: "{HH}:{MM}".into(),
            strings: BTreeMap::new(),
        }
    }

    /// Formats a date with a pattern of `{weekday} {day} {dd} {month} {m} {mm} {yyyy} {HH} {MM}`.
    pub(crate) fn format_date(&self, z: &Zoned, pattern: &str) -> String {
        let weekday = &self.weekdays[z.weekday().to_monday_zero_offset() as usize];
        let month = &self.months[(z.month() - 1) as usize];
        let mut out = String::with_capacity(pattern.len() + 16);
        let mut rest = pattern;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let Some(close) = rest[open..].find('}') else {
                out.push_str(&rest[open..]);
                rest = "";
                break;
            };
            let key = &rest[open + 1..open + close];
            match key {
                "weekday" => out.push_str(weekday),
                "day" => out.push_str(&z.day().to_string()),
                "dd" => out.push_str(&format!("{:02}", z.day())),
                "month" => out.push_str(month),
                "m" => out.push_str(&z.month().to_string()),
                "mm" => out.push_str(&format!("{:02}", z.month())),
                "yyyy" => out.push_str(&format!("{:04}", z.year())),
                "HH" => out.push_str(&format!("{:02}", z.hour())),
                "MM" => out.push_str(&format!("{:02}", z.minute())),
                _ => out.push_str(&rest[open..=open + close]),
            }
            rest = &rest[open + close + 1..];
        }
        out.push_str(rest);
        out
    }

    pub(crate) fn date_line(&self, z: &Zoned) -> String {
        self.format_date(z, &self.date_line)
    }

    pub(crate) fn date_short(&self, z: &Zoned) -> String {
        self.format_date(z, &self.date_short)
    }

    pub(crate) fn date_long(&self, z: &Zoned) -> String {
        self.format_date(z, &self.date_long)
    }

    pub(crate) fn time(&self, z: &Zoned) -> String {
        self.format_date(z, &self.time)
    }

    pub(crate) fn number(&self, value: Decimal, decimals: u32) -> String {
        self.number.format(value, decimals)
    }

    pub(crate) fn currency(&self, amount: Decimal) -> String {
        self.currency.replace("{amount}", &self.number(amount, 0))
    }

    /// A UI string; missing keys give the key itself so a page still builds.
    pub(crate) fn string<'a>(&'a self, key: &'a str) -> &'a str {
        self.strings.get(key).map_or(key, String::as_str)
    }

    #[cfg(test)]
    /// Which of the formatting fields are still unset (for a language no file completed).
    pub(crate) fn missing_fields(&self) -> Vec<&'static str> {
        let mut missing = Vec::new();
        if self.weekdays.iter().any(String::is_empty) {
            missing.push("weekdays");
        }
        if self.months.iter().any(String::is_empty) {
            missing.push("months");
        }
        missing
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::yaml::YamlSource;

    pub(crate) fn vi() -> Locale {
        let mut l = Locale::blank("vi");
        let file: I18nFile = YamlSource::file(
            "vi.yaml",
            "number: {decimal: ',', group: '.'}\ncurrency: '{amount} đ'\nweekdays: [Thứ Hai, Thứ Ba, Thứ Tư, Thứ Năm, Thứ Sáu, Thứ Bảy, Chủ Nhật]\nmonths: [tháng 1, tháng 2, tháng 3, tháng 4, tháng 5, tháng 6, tháng 7, tháng 8, tháng 9, tháng 10, tháng 11, tháng 12]\ndate_line: '{weekday}, ngày {dd}/{mm}/{yyyy}'\nstrings: {home: Trang chủ}\n",
        )
        .parse()
        .unwrap();
        assert!(l.apply(file).is_empty());
        l
    }

    fn at(s: &str) -> Zoned {
        crate::date::parse(s)
            .unwrap()
            .resolve(&jiff::tz::TimeZone::get("Asia/Ho_Chi_Minh").unwrap())
            .unwrap()
    }

    #[test]
    fn vietnamese_date_line_and_numbers() {
        let l = vi();
        assert_eq!(
            l.date_line(&at("2024-08-16 10:03")),
            "Thứ Sáu, ngày 16/08/2024"
        );
        assert_eq!(l.date_line(&at("2024-10-28")), "Thứ Hai, ngày 28/10/2024");
        assert_eq!(l.time(&at("2024-08-16 10:03")), "10:03");
        assert_eq!(l.number(Decimal::from_int(1497), 0), "1.497");
        assert_eq!(l.currency(Decimal::from_int(2_000_000)), "2.000.000 đ");
        assert_eq!(l.string("home"), "Trang chủ");
        assert_eq!(l.string("nope"), "nope");
    }

    #[test]
    fn bad_lists_are_reported() {
        let mut l = Locale::blank("x");
        let file: I18nFile = YamlSource::file("x.yaml", "weekdays: [a, b]\ncurrency: 'x'\n")
            .parse()
            .unwrap();
        let problems = l.apply(file);
        assert_eq!(problems.len(), 2);
        assert_eq!(l.missing_fields(), ["weekdays", "months"]);
    }

    #[test]
    fn unknown_placeholders_are_kept() {
        let l = vi();
        assert_eq!(
            l.format_date(&at("2024-08-16"), "{yyyy} {nope} {"),
            "2024 {nope} {"
        );
    }
}
