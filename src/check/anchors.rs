//! Links to `#fragments`: each must name an id its target page has (a
//! heading, a footnote, an id written in the Markdown, or one the theme
//! gives every page). Checked once every page is rendered, since a link
//! may lead to any page.

use crate::diag::{Diagnostic, closest};
use crate::model::Site;
use crate::render::{Anchors, PAGE_IDS};

/// A warning for every link to a `#fragment` that is not on its target page.
pub(crate) fn check(site: &Site, anchors: Anchors) -> Vec<Diagnostic> {
    let Anchors { ids, links } = anchors;
    let mut out = Vec::new();
    for a in links {
        let fragment = crate::url::decode_percent(&a.fragment);
        if fragment.is_empty()
            || PAGE_IDS.contains(&fragment.as_str())
            || ids[a.target].contains(&fragment)
        {
            continue;
        }
        let target = &site.pages[a.target];
        let mut d = Diagnostic::warning(
            &site.pages[a.page].file,
            a.line,
            a.column,
            crate::msg!(
                "anchor.missing",
                dest = a.dest,
                fragment = fragment,
                file = target.file
            ),
        )
        .with_code("anchor");
        d.source_line = Some(a.text);
        let headings: Vec<&str> = ids[a.target]
            .iter()
            .map(String::as_str)
            .filter(|i| !i.starts_with("fn"))
            .collect();
        d.hint = Some(match closest(&fragment, headings.iter().copied()) {
            Some(b) => crate::msg!("did-you-mean", word = format!("#{b}")),
            None if headings.is_empty() => crate::msg!("anchor.no-headings"),
            None => crate::msg!(
                "anchor.headings",
                list = headings
                    .iter()
                    .map(|h| format!("#{h}"))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        });
        out.push(d);
    }
    out
}
