//! `analytics:`: one self-hosted visitor counter, if any (SPEC §3: nothing
//! loads from other hosts unless the site names it here).

use serde::Deserialize;

use super::Checker;
use super::urls::BaseUrl;
use crate::yaml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawAnalytics {
    #[serde(default)]
    goatcounter: Option<Spanned<String>>,
    #[serde(default)]
    matomo: Option<RawMatomo>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMatomo {
    url: Spanned<String>,
    #[serde(deserialize_with = "crate::yaml::spanned_whole")]
    site_id: Spanned<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Analytics {
    GoatCounter { endpoint: String },
    Matomo { url: String, site_id: u32 },
}

/// The service named, when its settings are right.
pub(super) fn analytics(raw: Option<RawAnalytics>, chk: &mut Checker) -> Option<Analytics> {
    let a = raw?;
    match (a.goatcounter, a.matomo) {
        (Some(g), None) => match BaseUrl::parse(&g.value) {
            Ok(_) => Some(Analytics::GoatCounter {
                endpoint: g.value.trim().to_owned(),
            }),
            Err(msg) => {
                chk.error(&g, msg);
                None
            }
        },
        (None, Some(m)) => {
            let url = BaseUrl::parse(&m.url.value)
                .map_err(|msg| chk.error(&m.url, msg))
                .ok()?;
            match u32::try_from(m.site_id.value) {
                Ok(site_id) if site_id > 0 => Some(Analytics::Matomo {
                    url: url.absolute,
                    site_id,
                }),
                _ => {
                    chk.error(&m.site_id, crate::msg!("config.site-id"));
                    None
                }
            }
        }
        (Some(g), Some(_)) => {
            chk.error(&g, crate::msg!("config.analytics-both"));
            None
        }
        (None, None) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{MINIMAL, errors, ok};
    use super::*;

    #[test]
    fn goatcounter_and_matomo() {
        let c = ok(&format!(
            "{MINIMAL}analytics:\n  goatcounter: https://stats.example.gov.vn/count\n"
        ));
        assert_eq!(
            c.analytics,
            Some(Analytics::GoatCounter {
                endpoint: "https://stats.example.gov.vn/count".into()
            })
        );
        let c = ok(&format!(
            "{MINIMAL}analytics:\n  matomo: {{url: \"https://m.example.vn\", site_id: 3}}\n"
        ));
        assert_eq!(
            c.analytics,
            Some(Analytics::Matomo {
                url: "https://m.example.vn/".into(),
                site_id: 3
            })
        );
    }

    #[test]
    fn one_service_with_right_settings() {
        let e = errors(&format!(
            "{MINIMAL}analytics:\n  goatcounter: https://a.vn/\n  matomo: {{url: \"https://m.vn\", site_id: 1}}\n"
        ));
        assert!(e[0].message.contains("choose one"), "{e:#?}");
        let e = errors(&format!(
            "{MINIMAL}analytics:\n  matomo: {{url: \"https://m.vn\", site_id: 0}}\n"
        ));
        assert!(e[0].message.contains("positive"), "{e:#?}");
    }
}
