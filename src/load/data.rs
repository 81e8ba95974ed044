//! The YAML data files of a site: `_section.yaml`, `teams/*.yaml`,
//! `regions/*.yaml` and `tags.yaml`. Each is parsed strictly and checked
//! against site.yaml (languages, declared counters) with errors at the line
//! of the offending value.

use std::collections::BTreeMap;

use jiff::civil::Date;
use serde::Deserialize;

use crate::units::Level;

use crate::config::{BUILTIN_COUNTERS, Config};
use crate::date;
use crate::diag::Diagnostics;
use crate::number::Decimal;
use crate::slug;
use crate::yaml::{Localized, Pairs, Scalar, Spanned, YamlSource, Year};

/// How a section lists its articles.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum SortOrder {
    /// Newest first.
    #[default]
    Date,
    Title,
    /// `weight:` of the articles, lowest first; then newest first.
    Weight,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSection {
    #[serde(default)]
    title: Option<Localized>,
    #[serde(default)]
    slug: Option<Localized>,
    #[serde(default)]
    sort: Option<Spanned<String>>,
    #[serde(default, deserialize_with = "crate::yaml::spanned_whole_opt")]
    page_size: Option<Spanned<i64>>,
}

/// `_section.yaml`, checked.
#[derive(Debug, Clone, Default)]
pub(crate) struct SectionMeta {
    pub(crate) title: Option<Localized>,
    /// Per-language URL segment overrides.
    pub(crate) slug: Option<Localized>,
    pub(crate) sort: SortOrder,
    pub(crate) page_size: Option<usize>,
}

pub(crate) fn parse_section(
    file: &str,
    text: &str,
    config: &Config,
    diags: &mut Diagnostics,
) -> Option<SectionMeta> {
    let src = YamlSource::file(file, text);
    let raw: RawSection = src.parse().map_err(|d| diags.push(d)).ok()?;
    let before = diags.error_count();
    for loc in raw.title.iter().chain(raw.slug.iter()) {
        check_languages(&src, loc, config, diags);
    }
    if let Some(s) = &raw.slug {
        for lang in &config.languages {
            if let Some(v) = s.get(&lang.code, config.default_lang())
                && (!slug::is_slug(v) || crate::limits::long_segment(v).is_some())
            {
                let at = s.keys().find(|k| k.value == lang.code);
                let msg = crate::limits::long_segment(v).unwrap_or_else(|| {
                    crate::msg!(
                        "load.slug-not-segment",
                        value = v,
                        example = slug::slugify(v)
                    )
                });
                match at {
                    Some(k) => diags.push(src.error_at(k, msg).with_code("section")),
                    None => diags.push(src.error(1, 1, msg).with_code("section")),
                }
            }
        }
    }
    let sort = match raw.sort.as_ref().map(|s| s.value.as_str()) {
        None | Some("date") => SortOrder::Date,
        Some("title") => SortOrder::Title,
        Some("weight") => SortOrder::Weight,
        Some(other) => {
            if let Some(s) = &raw.sort {
                diags.push(
                    src.error_at(s, crate::msg!("load.sort-unknown", sort = other))
                        .with_code("section"),
                );
            }
            SortOrder::Date
        }
    };
    let page_size = match &raw.page_size {
        None => None,
        Some(p) if (1..=1000).contains(&p.value) => Some(p.value as usize),
        Some(p) => {
            diags.push(
                src.error_at(p, crate::msg!("load.page-size"))
                    .with_code("section"),
            );
            None
        }
    };
    (diags.error_count() == before).then_some(SectionMeta {
        title: raw.title,
        slug: raw.slug,
        sort,
        page_size,
    })
}

/// Errors for language keys of a localized value that the site does not have.
fn check_languages(src: &YamlSource, value: &Localized, config: &Config, diags: &mut Diagnostics) {
    for key in value.keys() {
        if !config.has_language(&key.value) {
            let langs: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
            diags.push(
                src.error_at(
                    key,
                    crate::msg!(
                        "load.not-a-site-language",
                        key = key.value,
                        langs = langs.join(", ")
                    ),
                )
                .with_code("language"),
            );
        }
    }
}

/// Year -> counter -> figure, checked.
pub(crate) type Figures = BTreeMap<i32, Row>;

/// A year's figures: counter -> figure, by key. A list of exactly its
/// length, sorted by key: a `BTreeMap` of four counters took a node of
/// eleven (about 9 KB a team file of 13 years, 90 MB for 10,000 teams).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Row(Vec<(Box<str>, Decimal)>);

impl Row {
    /// The figure of a counter.
    pub(crate) fn get(&self, key: &str) -> Option<&Decimal> {
        self.0
            .binary_search_by(|(k, _)| (**k).cmp(key))
            .ok()
            .map(|i| &self.0[i].1)
    }

    /// Sets the figure of a counter (replacing one already there).
    pub(crate) fn insert(&mut self, key: &str, value: Decimal) {
        match self.0.binary_search_by(|(k, _)| (**k).cmp(key)) {
            Ok(i) => self.0[i].1 = value,
            Err(i) => self.0.insert(i, (key.into(), value)),
        }
    }

    /// Counters and figures, by key.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&str, &Decimal)> + '_ {
        self.0.iter().map(|(k, v)| (&**k, v))
    }

    #[cfg(test)]
    pub(crate) fn len(&self) -> usize {
        self.0.len()
    }

    /// Gives back the room a row grown key by key keeps.
    fn shrink(&mut self) {
        self.0.shrink_to_fit();
    }
}

impl std::ops::Index<&str> for Row {
    type Output = Decimal;
    /// Panics when the counter has no figure, as a `BTreeMap` does.
    fn index(&self, key: &str) -> &Decimal {
        match self.get(key) {
            Some(v) => v,
            None => panic!("no figure for {key}"),
        }
    }
}

type RawFigures = Pairs<Spanned<Year>, Pairs<Spanned<String>, Spanned<Scalar>>>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawTeam {
    name: Spanned<Localized>,
    region: Spanned<Vec<Spanned<String>>>,
    #[serde(default)]
    region_before: Pairs<Spanned<String>, Spanned<Vec<Spanned<String>>>>,
    #[serde(default)]
    established: Option<Spanned<String>>,
    #[serde(default, deserialize_with = "crate::yaml::spanned_whole_opt")]
    members: Option<Spanned<i64>>,
    #[serde(default)]
    leader: Option<Localized>,
    #[serde(default)]
    model: Option<Localized>,
    #[serde(default)]
    tags: Vec<Spanned<String>>,
    #[serde(default)]
    stats: RawFigures,
    #[serde(default)]
    sources: Pairs<Spanned<Year>, Localized>,
}

/// A team file (SPEC §1.4), checked.
#[derive(Debug, Clone)]
pub(crate) struct TeamSource {
    /// The file stem.
    pub(crate) id: String,
    pub(crate) file: String,
    pub(crate) name: Localized,
    /// Province > district > commune > village.
    pub(crate) region: Vec<String>,
    /// Line and column of the `region` list, for errors found in the model.
    pub(crate) region_at: (usize, usize),
    /// `region_before:` its place before each date (SPEC §1.6), earliest
    /// date first, with the line and column of each path.
    pub(crate) region_before: Vec<RegionBefore>,
    pub(crate) established: Option<Date>,
    pub(crate) members: Option<u32>,
    pub(crate) leader: Option<Localized>,
    pub(crate) model: Option<Localized>,
    pub(crate) tags: Vec<String>,
    pub(crate) stats: Figures,
    pub(crate) sources: BTreeMap<i32, Localized>,
}

/// A team's place before a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RegionBefore {
    /// The first day it was no longer there.
    pub(crate) until: Date,
    pub(crate) region: Vec<String>,
    pub(crate) at: (usize, usize),
}

pub(crate) fn parse_team(
    id: &str,
    file: &str,
    text: &str,
    config: &Config,
    diags: &mut Diagnostics,
) -> Option<TeamSource> {
    let src = YamlSource::file(file, text);
    let raw: RawTeam = src.parse().map_err(|d| diags.push(d)).ok()?;
    let before = diags.error_count();
    if !slug::is_slug(id) {
        diags.push(
            src.error(
                1,
                1,
                crate::msg!("load.team-id", id = id, example = slug::slugify(id)),
            )
            .with_code("team"),
        );
    }
    check_languages(&src, &raw.name.value, config, diags);
    if raw
        .name
        .value
        .get(config.default_lang(), config.default_lang())
        .is_none_or(|n| n.trim().is_empty())
    {
        diags.push(
            src.error_at(
                &raw.name,
                crate::msg!("load.team-no-name", lang = config.default_lang()),
            )
            .with_code("team"),
        );
    }
    for l in raw.leader.iter().chain(raw.model.iter()) {
        check_languages(&src, l, config, diags);
    }
    if raw.region.value.is_empty() {
        diags.push(
            src.error_at(&raw.region, crate::msg!("load.team-region-empty"))
                .with_code("team"),
        );
    }
    for r in &raw.region.value {
        if r.value.trim().is_empty() {
            diags.push(
                src.error_at(r, crate::msg!("load.team-region-name-empty"))
                    .with_code("team"),
            );
        }
    }
    crate::limits::check_region_list(&src, &raw.region.value, diags);
    let established = raw
        .established
        .as_ref()
        .and_then(|e| match date::parse(&e.value) {
            Ok(w) => Some(w.datetime.date()),
            Err(err) => {
                diags.push(
                    src.error_at(e, err.0)
                        .with_code("date")
                        .with_hint(date::forms_hint(&e.value)),
                );
                None
            }
        });
    let members = raw
        .members
        .as_ref()
        .and_then(|m| match u32::try_from(m.value) {
            Ok(n) => Some(n),
            Err(_) => {
                diags.push(
                    src.error_at(m, crate::msg!("team.members"))
                        .with_code("team"),
                );
                None
            }
        });
    let mut region_before: Vec<RegionBefore> = Vec::new();
    for (day, path) in &raw.region_before.0 {
        let until = match date::parse(&day.value) {
            Ok(w) => w.datetime.date(),
            Err(err) => {
                diags.push(
                    src.error_at(day, err.0)
                        .with_code("date")
                        .with_hint(date::forms_hint(&day.value)),
                );
                continue;
            }
        };
        if path.value.is_empty() {
            diags.push(
                src.error_at(path, crate::msg!("load.empty-place"))
                    .with_code("team"),
            );
            continue;
        }
        if let Some(region) = path_of(&src, &path.value, "region_before", diags) {
            region_before.push(RegionBefore {
                until,
                region,
                at: crate::yaml::position(path),
            });
        }
    }
    region_before.sort_by_key(|r| r.until);
    let stats = figures(&src, &raw.stats, config, false, diags);
    let mut sources = BTreeMap::new();
    for (year, text) in raw.sources.0 {
        check_languages(&src, &text, config, diags);
        match checked_year(&src, &year, diags) {
            Some(y) => {
                sources.insert(y, text);
            }
            None => continue,
        }
    }
    (diags.error_count() == before).then(|| TeamSource {
        id: id.to_owned(),
        file: file.to_owned(),
        name: raw.name.value,
        region_at: crate::yaml::position(&raw.region),
        region_before,
        region: raw
            .region
            .value
            .into_iter()
            .map(|r| r.value.trim().to_owned())
            .collect(),
        established,
        members,
        leader: raw.leader,
        model: raw.model,
        tags: raw.tags.into_iter().map(|t| t.value).collect(),
        stats,
        sources,
    })
}

fn checked_year(src: &YamlSource, year: &Spanned<Year>, diags: &mut Diagnostics) -> Option<i32> {
    match i32::try_from(year.value.0) {
        Ok(y) if date::YEARS.contains(&y) => Some(y),
        _ => {
            diags.push(
                src.error_at(
                    year,
                    crate::msg!(
                        "load.year-implausible",
                        year = year.value.0,
                        first = date::YEARS.start(),
                        last = date::YEARS.end()
                    ),
                )
                .with_code("year"),
            );
            None
        }
    }
}

/// Checks year -> counter -> number figures: declared counters (and, for
/// region reports, the built-in ones), finite non-negative numbers.
fn figures(
    src: &YamlSource,
    raw: &RawFigures,
    config: &Config,
    allow_builtin: bool,
    diags: &mut Diagnostics,
) -> Figures {
    let mut out = Figures::new();
    for (year, values) in &raw.0 {
        let Some(y) = checked_year(src, year, diags) else {
            continue;
        };
        let row = out.entry(y).or_default();
        for (key, value) in &values.0 {
            let declared = config.counter(&key.value).is_some()
                || (allow_builtin && BUILTIN_COUNTERS.contains(&key.value.as_str()));
            if !declared {
                let mut names: Vec<&str> = config.counters.iter().map(|c| c.key.as_str()).collect();
                if allow_builtin {
                    names.extend(BUILTIN_COUNTERS);
                }
                let mut d = src
                    .error_at(key, crate::msg!("load.counter-undeclared", key = key.value))
                    .with_code("counter");
                d.hint = Some(
                    match crate::diag::closest(&key.value, names.iter().copied()) {
                        Some(b) => crate::msg!("did-you-mean", word = b),
                        _ if names.is_empty() => {
                            crate::msg!("load.counter-undeclared.hint-declare")
                        }
                        _ => crate::msg!(
                            "load.counter-undeclared.hint-list",
                            names = names.join(", ")
                        ),
                    },
                );
                diags.push(d);
                continue;
            }
            let decimals = config.counter(&key.value).map_or(0, |c| c.decimals);
            match figure(&value.value, src.raw_text(value), &key.value, decimals) {
                Ok(n) => row.insert(&key.value, n),
                Err(msg) => diags.push(src.error_at(value, msg).with_code("figure")),
            }
        }
        row.shrink();
    }
    out
}

/// The most digits a figure may have before and after the decimal point:
/// every sum of them stays exact (far from the limits of the arithmetic).
const FIGURE_DIGITS: (u32, u32) = (20, 9);

/// A reported figure must be a finite number, 0 or more. A number is read
/// from the digits written (`raw`), so no digit is lost to binary floating
/// point (`1234567890.123456789`, a 20-digit count).
///
/// A figure has no more decimals than its counter declares (`decimals`, 0
/// for the built-in counters): `1.215` for a count is the Vietnamese way to
/// write 1215, which YAML would read as 1.215.
fn figure(
    value: &Scalar,
    raw: Option<&str>,
    counter: &str,
    decimals: u32,
) -> Result<Decimal, String> {
    if let Some(msg) = grouped_thousands(value, raw, counter, decimals) {
        return Err(msg);
    }
    let exact = raw
        .filter(|_| matches!(value, Scalar::Int(_) | Scalar::Float(_)))
        .and_then(|r| Decimal::parse(r.trim()));
    let from_value = || match value {
        Scalar::Int(i) => Ok(Decimal::from_int(*i)),
        Scalar::Float(f) if f.is_nan() => Err(crate::msg!("figure.nan")),
        Scalar::Float(f) if f.is_infinite() => Err(crate::msg!("figure.infinite")),
        Scalar::Float(f) => Decimal::from_f64(*f).ok_or_else(|| crate::msg!("yaml.too-big", n = f)),
        Scalar::Text(t) if t.trim().parse::<f64>().is_ok_and(f64::is_finite) => {
            Err(crate::msg!("figure.quoted", text = t, number = t.trim()))
        }
        Scalar::Text(t) => {
            let hint = if decimals == 0 && is_grouped(t.trim(), ',') {
                crate::msg!(
                    "figure.grouped",
                    counter = counter,
                    number = t.trim().replace(',', "")
                )
            } else if t.contains(',') {
                crate::msg!("figure.decimal-comma")
            } else {
                String::new()
            };
            Err(crate::msg!("figure.not-a-number", text = t, hint = hint))
        }
        Scalar::Bool(b) => Err(crate::msg!("figure.not-a-number", text = b, hint = "")),
        Scalar::Null => Err(crate::msg!("figure.empty")),
    };
    let n = match exact {
        Some(n) => n,
        None => from_value()?,
    };
    if n.is_negative() {
        return Err(crate::msg!("figure.negative", n = n));
    }
    if n.scale() > decimals {
        return Err(crate::plural!(
            "figure.too-many-decimals",
            decimals as usize,
            figure = n,
            scale = n.scale(),
            counter = counter
        ));
    }
    let (int_digits, frac_digits) = FIGURE_DIGITS;
    if n.scale() > frac_digits || n.int_digits() > int_digits {
        return Err(crate::msg!(
            "figure.too-many-digits",
            n = n,
            int_digits = int_digits,
            frac_digits = frac_digits
        ));
    }
    Ok(n)
}

/// A path as written: `[Hải Dương, Thanh Hà, Thanh Hải]`.
type RawPath = Spanned<Vec<Spanned<String>>>;

/// `1.215` or `1.215.000` for a whole-number counter: dots between groups of
/// three digits, the Vietnamese thousands separator.
fn grouped_thousands(
    value: &Scalar,
    raw: Option<&str>,
    counter: &str,
    decimals: u32,
) -> Option<String> {
    if decimals != 0 {
        return None;
    }
    let written = match value {
        Scalar::Float(_) => raw?.trim(),
        Scalar::Text(t) => t.trim(),
        _ => return None,
    };
    is_grouped(written, '.').then(|| {
        crate::msg!(
            "figure.thousands-dot",
            written = written,
            counter = counter,
            meant = written.replace('.', "")
        )
    })
}

/// `1.215`, `12.345.678` (with `sep` = `.`): digits in groups of three
/// after the first.
fn is_grouped(written: &str, sep: char) -> bool {
    let mut groups = written.split(sep);
    let head = groups.next().unwrap_or_default();
    let rest: Vec<&str> = groups.collect();
    let digits = |g: &str| g.bytes().all(|b| b.is_ascii_digit());
    (1..=3).contains(&head.len())
        && digits(head)
        && !rest.is_empty()
        && rest.iter().all(|g| g.len() == 3 && digits(g))
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawRegion {
    name: Spanned<String>,
    #[serde(default)]
    name_en: Option<String>,
    #[serde(default)]
    parent: Option<Spanned<String>>,
    #[serde(default)]
    level: Option<Spanned<String>>,
    #[serde(default)]
    ended: Option<Spanned<String>>,
    #[serde(default)]
    successors: Option<Spanned<Vec<RawPath>>>,
    #[serde(default)]
    reported: RawFigures,
}

/// A region file (SPEC §1.5), checked.
#[derive(Debug, Clone)]
pub(crate) struct RegionSource {
    pub(crate) file: String,
    pub(crate) name: String,
    pub(crate) name_en: Option<String>,
    pub(crate) parent: Option<String>,
    /// Line and column of `parent`, for errors found in the model.
    pub(crate) parent_at: (usize, usize),
    /// Line and column of `name`.
    pub(crate) name_at: (usize, usize),
    /// `level:`, where kheo cannot tell from the national list (SPEC §1.6).
    pub(crate) level: Option<Level>,
    /// `ended:` the first day it no longer existed.
    pub(crate) ended: Option<Date>,
    /// `successors:` the paths of the regions that took it in, the first
    /// one taking its figures; with the line and column of each.
    pub(crate) successors: Vec<(Vec<String>, (usize, usize))>,
    pub(crate) reported: Figures,
}

/// The words `level:` takes.
const LEVEL_WORDS: [(&str, Level); 8] = [
    ("tỉnh", Level::Province),
    ("province", Level::Province),
    ("huyện", Level::District),
    ("district", Level::District),
    ("xã", Level::Commune),
    ("commune", Level::Commune),
    ("thôn", Level::Village),
    ("village", Level::Village),
];

/// A path written in a region or team file: every name non-empty, trimmed.
fn path_of(
    src: &YamlSource,
    list: &[Spanned<String>],
    what: &str,
    diags: &mut Diagnostics,
) -> Option<Vec<String>> {
    let mut out = Vec::with_capacity(list.len());
    for name in list {
        let n = crate::text::nfc_str(name.value.trim());
        if n.is_empty() {
            diags.push(
                src.error_at(name, crate::msg!("load.path-name-empty", what = what))
                    .with_code("region"),
            );
            return None;
        }
        out.push(n);
    }
    Some(out)
}

pub(crate) fn parse_region(
    file: &str,
    text: &str,
    config: &Config,
    diags: &mut Diagnostics,
) -> Option<RegionSource> {
    let src = YamlSource::file(file, text);
    let raw: RawRegion = src.parse().map_err(|d| diags.push(d)).ok()?;
    let before = diags.error_count();
    if raw.name.value.trim().is_empty() {
        diags.push(
            src.error_at(&raw.name, crate::msg!("load.region-name-empty"))
                .with_code("region"),
        );
    }
    crate::limits::check_region_name(&src, &raw.name, diags);
    if let Some(p) = &raw.parent {
        crate::limits::check_region_name(&src, p, diags);
    }
    if let Some(p) = &raw.parent
        && p.value.trim() == raw.name.value.trim()
    {
        diags.push(
            src.error_at(p, crate::msg!("load.region-own-parent"))
                .with_code("region"),
        );
    }
    let reported = figures(&src, &raw.reported, config, true, diags);
    let level = raw.level.as_ref().and_then(|l| {
        let word = l.value.trim().to_lowercase();
        let found = LEVEL_WORDS
            .iter()
            .find(|(w, _)| *w == word)
            .map(|(_, lv)| *lv);
        if found.is_none() {
            let words: Vec<&str> = LEVEL_WORDS.iter().map(|(w, _)| *w).collect();
            diags.push(
                src.error_at(
                    l,
                    crate::msg!(
                        "load.level-unknown",
                        level = l.value,
                        words = words.join(", ")
                    ),
                )
                .with_code("region"),
            );
        }
        found
    });
    let ended = raw
        .ended
        .as_ref()
        .and_then(|e| match date::parse(&e.value) {
            Ok(w) => Some(w.datetime.date()),
            Err(err) => {
                diags.push(
                    src.error_at(e, err.0)
                        .with_code("date")
                        .with_hint(date::forms_hint(&e.value)),
                );
                None
            }
        });
    let mut successors = Vec::new();
    if let Some(list) = &raw.successors {
        if raw.ended.is_none() {
            diags.push(
                src.error_at(list, crate::msg!("load.successors-need-ended"))
                    .with_code("region"),
            );
        }
        if list.value.is_empty() {
            diags.push(
                src.error_at(list, crate::msg!("load.successors-empty"))
                    .with_code("region"),
            );
        }
        for path in &list.value {
            if path.value.is_empty() {
                diags.push(
                    src.error_at(path, crate::msg!("load.successor-empty"))
                        .with_code("region"),
                );
            } else if let Some(p) = path_of(&src, &path.value, "successors", diags) {
                successors.push((p, crate::yaml::position(path)));
            }
        }
    }
    (diags.error_count() == before).then(|| RegionSource {
        file: file.to_owned(),
        name_at: crate::yaml::position(&raw.name),
        level,
        ended,
        successors,
        name: raw.name.value.trim().to_owned(),
        name_en: raw.name_en,
        parent_at: raw.parent.as_ref().map_or((1, 1), crate::yaml::position),
        parent: raw
            .parent
            .map(|p| p.value.trim().to_owned())
            .filter(|p| !p.is_empty()),
        reported,
    })
}

/// `tags.yaml`: a default-language tag -> its name in other languages
/// (one text for the second language, or a map per language).
#[derive(Debug, Clone, Default)]
pub(crate) struct TagTranslations {
    pub(crate) pairs: Vec<(String, Localized)>,
}

pub(crate) fn parse_tags(
    file: &str,
    text: &str,
    config: &Config,
    diags: &mut Diagnostics,
) -> Option<TagTranslations> {
    let src = YamlSource::file(file, text);
    let raw: Pairs<Spanned<String>, Localized> = src.parse().map_err(|d| diags.push(d)).ok()?;
    let before = diags.error_count();
    let mut pairs = Vec::new();
    for (tag, other) in raw.0 {
        check_languages(&src, &other, config, diags);
        if tag.value.trim().is_empty() {
            diags.push(
                src.error_at(&tag, crate::msg!("load.tag-empty"))
                    .with_code("tags"),
            );
            continue;
        }
        pairs.push((crate::text::nfc_str(tag.value.trim()), other));
    }
    (diags.error_count() == before).then_some(TagTranslations { pairs })
}

#[cfg(test)]
mod tests;
