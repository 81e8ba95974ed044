//! Redirect pages: one at every old URL an article lists in `aliases:`,
//! leading to where the article is now.

use crate::markdown::{escape_attr, escape_text};

use super::engine::Renderer;

/// Writes the redirect page of every alias.
pub(crate) fn write(r: &Renderer) {
    let site = r.site;
    for p in &site.pages {
        for file in &p.aliases {
            let target = site.permalink(&p.path);
            let html = format!(
                "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{title}</title>\n<link rel=\"canonical\" href=\"{url}\">\n<meta name=\"robots\" content=\"noindex\">\n<meta http-equiv=\"refresh\" content=\"0; url={url}\">\n</head>\n<body>\n<p><a href=\"{url}\">{title}</a></p>\n</body>\n</html>\n",
                lang = site.lang_code(p.lang),
                title = escape_text(&p.title),
                url = escape_attr(&target),
            );
            r.write(file, html.as_bytes(), false);
        }
    }
}
