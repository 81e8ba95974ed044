//! `menu:`: the entries of the main menu — sections (checked against the
//! content folders later, by the model), generated pages and links.

use serde::Deserialize;

use super::Checker;
use super::urls::menu_url;
use crate::diag::Diagnostic;
use crate::limits;
use crate::yaml::{Localized, Spanned};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RawMenuItem {
    section: Option<Spanned<String>>,
    page: Option<Spanned<String>>,
    title: Option<Localized>,
    url: Option<Spanned<String>>,
}

/// An entry of the main menu, checked against the sections by the model.
#[derive(Debug, Clone)]
pub(crate) enum MenuItem {
    Section(Spanned<String>),
    /// A page kheo generates: `teams`, `regions`, `statistics`, `tags`, `archive`, `search`.
    Page(BuiltinPage),
    Link {
        title: Localized,
        url: String,
    },
}

/// A generated page a menu can link to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum BuiltinPage {
    Teams,
    Regions,
    Statistics,
    Tags,
    Archive,
    Search,
    /// The documents (`van-ban/`).
    Documents,
}

impl BuiltinPage {
    pub(crate) const NAMES: [&str; 7] = [
        "teams",
        "regions",
        "statistics",
        "tags",
        "archive",
        "search",
        "documents",
    ];

    pub(crate) fn from_name(name: &str) -> Option<BuiltinPage> {
        Some(match name {
            "teams" => BuiltinPage::Teams,
            "regions" => BuiltinPage::Regions,
            "statistics" => BuiltinPage::Statistics,
            "tags" => BuiltinPage::Tags,
            "archive" => BuiltinPage::Archive,
            "search" => BuiltinPage::Search,
            "documents" => BuiltinPage::Documents,
            _ => return None,
        })
    }

    /// The theme string that names the page (also its `menu` key).
    pub(crate) fn string_key(self) -> &'static str {
        match self {
            BuiltinPage::Teams => "teams",
            BuiltinPage::Regions => "regions",
            BuiltinPage::Statistics => "statistics",
            BuiltinPage::Tags => "all_tags",
            BuiltinPage::Archive => "archive",
            BuiltinPage::Search => "search",
            BuiltinPage::Documents => "documents",
        }
    }
}

/// The entries that are well formed; each wrong one is reported and left out.
pub(super) fn menu(items: Vec<RawMenuItem>, chk: &mut Checker) -> Vec<MenuItem> {
    // Every page shows the menu (see limits.rs).
    if let Some(extra) = items.get(limits::MAX_MENU) {
        let (count, limit) = (items.len(), limits::MAX_MENU);
        let d = match (&extra.section, &extra.page, &extra.url) {
            (Some(at), _, _) | (None, Some(at), _) | (None, None, Some(at)) => limits::too_many(
                &chk.src,
                &crate::msg!("limits.what-menu-entries"),
                count,
                limit,
                at,
            ),
            _ => Diagnostic::error(
                super::SITE_FILE,
                1,
                1,
                crate::msg!("config.menu-too-many", count = count, limit = limit),
            )
            .with_code("limit"),
        };
        chk.diags.push(d);
    }
    let mut out = Vec::new();
    for item in items {
        if let Some(page) = item.page {
            match BuiltinPage::from_name(&page.value) {
                Some(p) if item.section.is_none() && item.title.is_none() && item.url.is_none() => {
                    out.push(MenuItem::Page(p))
                }
                Some(_) => chk.error(&page, crate::msg!("config.menu-page-alone")),
                None => chk.error(
                    &page,
                    crate::msg!(
                        "config.menu-page-unknown",
                        page = page.value,
                        names = BuiltinPage::NAMES.join(", ")
                    ),
                ),
            }
            continue;
        }
        match (item.section, item.title, item.url) {
            (Some(s), None, None) => out.push(MenuItem::Section(s)),
            (None, Some(title), Some(url)) => {
                chk.localized(&title, "a menu entry", None);
                match menu_url(&url.value) {
                    Ok(checked) => out.push(MenuItem::Link {
                        title,
                        url: checked,
                    }),
                    Err(msg) => chk.error(&url, msg),
                }
            }
            (Some(s), _, _) => chk.error(&s, crate::msg!("config.menu-both")),
            (None, _, Some(url)) => chk.error(&url, crate::msg!("config.menu-no-title")),
            (None, _, None) => chk.push(Diagnostic::error(
                super::SITE_FILE,
                1,
                1,
                crate::msg!("config.menu-empty"),
            )),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::tests::{MINIMAL, errors, ok};
    use super::*;

    #[test]
    fn a_wrong_link_is_reported_at_its_url() {
        let e = errors(&format!(
            "{MINIMAL}menu:\n  - {{title: Cổng, url: \"javascript:alert(1)\"}}\n"
        ));
        assert_eq!((e[0].line, e[0].column), (5, 24), "{e:#?}");
    }

    #[test]
    fn a_wrong_link_is_told_in_vietnamese() {
        let e = crate::messages::scoped(crate::messages::Lang::Vi, || {
            errors(&format!(
                "{MINIMAL}menu:\n  - {{title: Cổng, url: \"javascript:alert(1)\"}}\n  - {{url: /a/}}\n"
            ))
        });
        assert!(
            e[0].message.contains("phải bắt đầu bằng https://"),
            "{e:#?}"
        );
        assert!(
            e[0].message.contains("cũng có thể là một đường dẫn"),
            "{e:#?}"
        );
        assert!(e[1].message.contains("thiếu `title:`"), "{e:#?}");
    }

    #[test]
    fn sections_pages_and_links() {
        let c = ok(&format!(
            "{MINIMAL}menu:\n  - section: tin-tuc\n  - page: statistics\n  - {{title: {{vi: Cổng tỉnh, en: Province}}, url: \"https://tinh.example.vn/\"}}\n"
        ));
        let menu = c.menu.unwrap();
        assert!(matches!(&menu[0], MenuItem::Section(s) if s.value == "tin-tuc"));
        assert!(matches!(menu[1], MenuItem::Page(BuiltinPage::Statistics)));
        assert!(
            matches!(&menu[2], MenuItem::Link { url, .. } if url == "https://tinh.example.vn/")
        );
    }

    #[test]
    fn each_malformed_entry_is_reported() {
        let e = errors(&format!(
            "{MINIMAL}menu:\n  - page: home\n  - {{page: tags, section: x}}\n  - {{section: x, url: /a/}}\n  - {{url: /a/}}\n"
        ));
        let lines: Vec<usize> = e.iter().map(|d| d.line).collect();
        assert_eq!(lines, [5, 6, 7, 8], "{e:#?}");
        assert!(e[0].message.contains("choose one of: teams"), "{e:#?}");
    }
}
