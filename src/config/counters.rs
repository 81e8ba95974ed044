//! `counters:`: the figures teams may report, besides the built-in ones.

use serde::Deserialize;

use super::Checker;
use crate::limits;
use crate::yaml::{Localized, Spanned};

/// Counters every site has without declaring them (SPEC §1.5).
pub(crate) const BUILTIN_COUNTERS: [&str; 3] = ["teams", "members", "articles"];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawCounter {
    key: Spanned<String>,
    label: Spanned<Localized>,
    #[serde(default)]
    unit: Option<Spanned<Localized>>,
    #[serde(default, deserialize_with = "crate::yaml::spanned_whole_opt")]
    decimals: Option<Spanned<i64>>,
}

/// A figure teams may report, declared in `counters:`.
#[derive(Debug, Clone)]
pub(crate) struct Counter {
    pub(crate) key: String,
    pub(crate) label: Localized,
    pub(crate) unit: Option<Localized>,
    pub(crate) decimals: u32,
}

/// The declared counters in their order; a wrong key leaves its counter out.
pub(super) fn counters(raw: Vec<RawCounter>, chk: &mut Checker) -> Vec<Counter> {
    // Every team card shows each counter (see limits.rs).
    if let Some(extra) = raw.get(limits::MAX_COUNTERS) {
        let d = limits::too_many(
            &chk.src,
            &crate::msg!("limits.what-counters"),
            raw.len(),
            limits::MAX_COUNTERS,
            &extra.key,
        );
        chk.diags.push(d);
    }
    let mut counters: Vec<Counter> = Vec::new();
    for c in raw.into_iter().take(limits::MAX_COUNTERS) {
        let key = &c.key.value;
        if key.is_empty()
            || !key
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
        {
            chk.error(&c.key, crate::msg!("config.counter-key", key = key));
            continue;
        }
        if BUILTIN_COUNTERS.contains(&key.as_str()) {
            chk.error(&c.key, crate::msg!("config.counter-builtin", key = key));
            continue;
        }
        if counters.iter().any(|k| &k.key == key) {
            chk.error(&c.key, crate::msg!("config.counter-twice", key = key));
            continue;
        }
        chk.localized(
            &c.label.value,
            &crate::msg!("config.counter-label"),
            Some(&c.label),
        );
        if let Some(u) = &c.unit {
            chk.localized(&u.value, "the counter's `unit`", None);
        }
        let decimals = match &c.decimals {
            None => 0,
            Some(d) if (0..=6).contains(&d.value) => d.value as u32,
            Some(d) => {
                chk.error(d, crate::msg!("config.decimals"));
                0
            }
        };
        counters.push(Counter {
            key: key.clone(),
            label: c.label.value,
            unit: c.unit.map(|u| u.value),
            decimals,
        });
    }
    counters
}

#[cfg(test)]
mod tests {
    use super::super::tests::{MINIMAL, errors, ok};

    #[test]
    fn a_declared_counter_keeps_its_unit_and_decimals() {
        let c = ok(&format!(
            "{MINIMAL}counters:\n  - key: roads_km\n    label: {{vi: Đường, en: Roads}}\n    unit: km\n    decimals: 1\n"
        ));
        assert_eq!(c.counters[0].decimals, 1);
        assert_eq!(c.text(c.counters[0].unit.as_ref().unwrap(), "en"), "km");
    }

    #[test]
    fn wrong_keys_builtins_and_repeats_are_errors() {
        let e = errors(&format!(
            "{MINIMAL}counters:\n  - {{key: Roads, label: R}}\n  - {{key: members, label: M}}\n  - {{key: a, label: A}}\n  - {{key: a, label: A}}\n  - {{key: b, label: B, decimals: 7}}\n"
        ));
        let lines: Vec<usize> = e.iter().map(|d| d.line).collect();
        assert_eq!(lines, [5, 6, 8, 9], "{e:#?}");
    }
}
