//! `so-lieu.xlsx`: the statistics as an Excel workbook, one per language,
//! for offices that share figures as Excel files. One sheet per counter,
//! headers in the page's language, numbers as numbers (with the counter's
//! decimals), and the figures a region reported itself marked: in bold, and
//! named in the source column.
//!
//! The rows are those of `so-lieu.csv` ([`crate::figures::each_row`]), so the
//! workbook always agrees with the pages and the CSV.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

use crate::figures::{Filter, each_row};
use crate::model::stats::Source;
use crate::model::{LangId, RegionId, Site};

/// The creation date written in the workbook's properties: a fixed date, so
/// that two builds of the same site give the same bytes.
const CREATED: (u16, u8, u8) = (2000, 1, 1);

/// Excel's limit on a sheet name, in characters.
const SHEET_NAME_MAX: usize = 31;

/// The workbook of one language, as the bytes of an `.xlsx` file.
pub(crate) fn workbook(site: &Site, lang: LangId) -> Result<Vec<u8>, XlsxError> {
    let config = &site.config;
    let locale = &site.theme.locales[lang];
    let mut book = Workbook::new();
    let created = ExcelDateTime::from_ymd(CREATED.0, CREATED.1, CREATED.2)?;
    book.set_properties(
        &DocProperties::new()
            .set_title(config.text(&config.title, &locale.code))
            .set_creation_datetime(&created),
    );
    let header = Format::new().set_bold();
    let mut names: Vec<String> = Vec::new();
    // Per counter, its sheet's formats: (plain, reported).
    let mut formats: Vec<(Format, Format)> = Vec::new();
    for counter in &site.stats.counters {
        // Rows go to a temporary file as they are written (they run to
        // millions at 100,000 articles); strings are shared in one table.
        let sheet = book.add_worksheet_with_low_memory()?;
        sheet.set_column_width(0, 40)?;
        sheet.set_column_width(1, 16)?;
        sheet.set_column_width(3, 18)?;
        sheet.set_column_width(4, 16)?;
        sheet.set_freeze_panes(1, 0)?;
        let name = sheet_name(counter.label(config, locale), &counter.key, &names);
        sheet.set_name(&name)?;
        names.push(name);
        let unit = counter.unit(config, locale);
        let value_header = if unit.is_empty() {
            locale.string("value").to_owned()
        } else {
            format!("{} ({unit})", locale.string("value"))
        };
        let headers = [
            locale.string("region"),
            locale.string("level"),
            locale.string("year"),
            value_header.as_str(),
            locale.string("source"),
        ];
        for (col, h) in (0u16..).zip(headers) {
            sheet.write_string_with_format(0, col, h, &header)?;
        }
        let pattern = if counter.decimals == 0 {
            "#,##0".to_owned()
        } else {
            format!("#,##0.{}", "0".repeat(counter.decimals as usize))
        };
        formats.push((
            Format::new().set_num_format(&pattern),
            Format::new().set_num_format(&pattern).set_bold(),
        ));
    }
    // One pass over the rows (never all held: at 100,000 articles they run
    // to millions), each to its counter's sheet, in the order of the CSV.
    let counters: std::collections::HashMap<&str, usize> = site
        .stats
        .counters
        .iter()
        .enumerate()
        .map(|(i, c)| (c.key.as_str(), i))
        .collect();
    let mut next_row = vec![1u32; formats.len()];
    let mut region_names: Option<(Option<RegionId>, String, String)> = None;
    let mut failed = None;
    each_row(site, &Filter::default(), |r| {
        if failed.is_some() {
            return;
        }
        let Some(&index) = counters.get(r.counter.as_str()) else {
            return;
        };
        let row = next_row[index];
        next_row[index] += 1;
        // The rows of one region follow each other: name it once.
        if region_names
            .as_ref()
            .is_none_or(|(id, _, _)| *id != r.region_id)
        {
            let (region, level) = match r.region_id {
                None => (locale.string("whole_site").to_owned(), String::new()),
                Some(id) => (region_path(site, id, lang), level_name(site, id, lang)),
            };
            region_names = Some((r.region_id, region, level));
        }
        let Some((_, region, level)) = &region_names else {
            return;
        };
        let (number, reported) = &formats[index];
        let written = (|| -> Result<(), XlsxError> {
            let sheet = book.worksheet_from_index(index)?;
            sheet.write_string(row, 0, region)?;
            sheet.write_string(row, 1, level)?;
            sheet.write_number(row, 2, f64::from(r.year))?;
            // Figures have at most 20 digits: f64 holds what Excel can show.
            let value: f64 = r.value.parse().unwrap_or(0.0);
            let (format, source) = match r.source {
                Source::Reported => (reported, locale.string("reported")),
                Source::Summed => (number, locale.string("summed")),
            };
            sheet.write_number_with_format(row, 3, value, format)?;
            sheet.write_string(row, 4, source)?;
            Ok(())
        })();
        if let Err(e) = written {
            failed = Some(e);
        }
    });
    if let Some(e) = failed {
        return Err(e);
    }
    if site.stats.counters.is_empty() {
        let sheet = book.add_worksheet();
        sheet.write_string(0, 0, locale.string("no_figures"))?;
    }
    book.save_to_buffer()
}

/// A region's names from the top, in the language, joined by ` > `.
fn region_path(site: &Site, id: RegionId, lang: LangId) -> String {
    let mut names = Vec::new();
    let mut at = Some(id);
    while let Some(r) = at {
        names.push(site.region_name(r, lang));
        at = site.regions.regions[r].parent;
    }
    names.reverse();
    names.join(" > ")
}

/// "Cấp xã" for a commune, else the level's number.
fn level_name(site: &Site, id: RegionId, lang: LangId) -> String {
    let depth = site.regions.regions[id].depth;
    let key = format!("level_{depth}");
    let name = site.theme.locales[lang].string(&key);
    if name == key {
        depth.to_string()
    } else {
        name.to_owned()
    }
}

/// A sheet name Excel accepts: none of `[]:*?/\`, at most 31 characters,
/// not blank, and unlike the names already taken.
fn sheet_name(label: &str, key: &str, taken: &[String]) -> String {
    let clean = |s: &str| -> String {
        let s: String = s
            .chars()
            .map(|c| if "[]:*?/\\".contains(c) { ' ' } else { c })
            .collect();
        s.trim().trim_matches('\'').trim().to_owned()
    };
    let mut base = clean(label);
    if base.is_empty() {
        base = clean(key);
    }
    let shorten = |s: &str, room: usize| -> String {
        s.chars()
            .take(room)
            .collect::<String>()
            .trim_end()
            .to_owned()
    };
    let is_taken = |n: &str| taken.iter().any(|t| t.to_lowercase() == n.to_lowercase());
    let first = shorten(&base, SHEET_NAME_MAX);
    if !is_taken(&first) {
        return first;
    }
    (2..)
        .map(|n| {
            let suffix = format!(" ({n})");
            format!(
                "{}{suffix}",
                shorten(&base, SHEET_NAME_MAX - suffix.chars().count())
            )
        })
        .find(|n| !is_taken(n))
        .unwrap_or(first)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sheet_names_are_ones_excel_accepts() {
        assert_eq!(
            sheet_name("Đường giao thông", "roads_km", &[]),
            "Đường giao thông"
        );
        assert_eq!(sheet_name("Km/năm [ước]", "k", &[]), "Km năm  ước");
        assert_eq!(sheet_name("???", "roads_km", &[]), "roads_km");
        let long = "Diện tích đất hiến để mở rộng đường giao thông nông thôn";
        let n = sheet_name(long, "k", &[]);
        assert_eq!(n.chars().count(), 31, "{n}");
        let again = sheet_name(long, "k", std::slice::from_ref(&n));
        assert!(
            again.ends_with(" (2)") && again.chars().count() <= 31,
            "{again}"
        );
        assert_eq!(
            sheet_name("hòa giải", "b", &["Hòa giải".to_owned()]),
            "hòa giải (2)"
        );
    }
}
