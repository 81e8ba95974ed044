//! The old addresses of `aliases:` written for the places that can send a
//! reader on: a map the site's 404 page looks up in the browser (the only way
//! a static host can follow `/Default.aspx?tabid=85&ID=1234`, whose query
//! string no file name holds), and ready-made rules for nginx (a `map`),
//! Apache (`RewriteRule`s for `.htaccess` or a `<Directory>` block) and hosts
//! that read `_redirects` (Netlify syntax). Plain old paths also keep their
//! redirect pages (render::aliases); the server rules answer them with a 301.

use std::collections::BTreeMap;

use crate::model::Site;
use crate::model::outputs::{REDIRECT_MAP_FILE, REDIRECT_SERVER_FILES};
use crate::url::decode_percent;

/// The script the pages load when the site has old addresses with a query string.
pub(crate) const SCRIPT_FILE: &str = "redirect.js";

/// One old address and the page it leads to.
struct Redirect {
    /// From the site's root: `/tin-tuc/123.html`, `/Default.aspx?tabid=85&ID=1234`.
    from: String,
    /// The page's URL as written in pages (with the `base_url` path).
    to: String,
}

/// Every old address, sorted, so two builds write the same bytes.
fn redirects(site: &Site) -> Vec<Redirect> {
    let mut all: Vec<Redirect> = site
        .pages
        .iter()
        .flat_map(|p| {
            p.old_urls.iter().map(|from| Redirect {
                from: from.clone(),
                to: site.href(&p.path),
            })
        })
        .collect();
    all.sort_by(|a, b| a.from.cmp(&b.from).then_with(|| a.to.cmp(&b.to)));
    all
}

/// The map's URL, when the pages need the script (see [`SCRIPT_FILE`]).
pub(crate) fn map_url(site: &Site) -> Option<String> {
    site.has_query_aliases()
        .then(|| site.href(REDIRECT_MAP_FILE))
}

/// The redirect files of the site (none when no page has `aliases:`), by
/// output path. Their names are in `model::outputs`, so the collision check
/// sees them.
pub(crate) fn files(site: &Site) -> Vec<(&'static str, String)> {
    let all = redirects(site);
    if all.is_empty() {
        return Vec::new();
    }
    let base = site.config.base.path.as_str();
    let [netlify, nginx_file, apache_file] = REDIRECT_SERVER_FILES;
    let mut out = vec![
        (netlify, netlify_rules(&all, base)),
        (nginx_file, nginx_map(&all, base)),
        (apache_file, apache_rules(&all)),
    ];
    if site.has_query_aliases() {
        out.push((REDIRECT_MAP_FILE, browser_map(&all)));
    }
    out
}

/// `{"/Default.aspx?tabid=85&ID=1234": "/tin-tuc/bai/"}`: only addresses with
/// a query string (the others have redirect pages); keys from the site's
/// root, as the script strips the `base_url` path before looking up.
fn browser_map(all: &[Redirect]) -> String {
    let map: BTreeMap<&str, &str> = all
        .iter()
        .filter(|r| r.from.contains('?'))
        .map(|r| (r.from.as_str(), r.to.as_str()))
        .collect();
    let mut text = serde_json::to_string_pretty(&map).unwrap_or_else(|_| "{}".to_owned());
    text.push('\n');
    text
}

/// The address as the server sees it: under the `base_url` path.
fn full(base: &str, from: &str) -> String {
    format!("{base}{}", from.trim_start_matches('/'))
}

/// A folder's address is asked for with and without its final `/`.
fn with_variants(url: &str) -> Vec<String> {
    match url.strip_suffix('/') {
        Some(bare) if !bare.is_empty() && !bare.ends_with('/') => {
            vec![bare.to_owned(), url.to_owned()]
        }
        _ => vec![url.to_owned()],
    }
}

fn nginx_map(all: &[Redirect], base: &str) -> String {
    let mut out = String::from(
        "# kheo: the old addresses listed in `aliases:` and the pages they lead to now.\n\
         # 1. In nginx.conf, inside http { }, include this file:\n\
         #        include /var/www/danvan/redirects.nginx.conf;\n\
         # 2. In the site's server { }, answer them with a permanent redirect:\n\
         #        if ($kheo_redirect) { return 301 $kheo_redirect; }\n\
         # 3. Reload nginx after publishing a build that changed them (nginx -s reload).\n\
         map $request_uri $kheo_redirect {\n    default \"\";\n",
    );
    for r in all {
        let variants = if r.from.contains('?') {
            vec![r.from.clone()]
        } else {
            with_variants(&r.from)
        };
        for from in variants {
            out.push_str(&format!(
                "    {} {};\n",
                nginx_string(&full(base, &from)),
                nginx_string(&r.to)
            ));
        }
    }
    out.push_str("}\n");
    out
}

/// A double-quoted nginx string.
fn nginx_string(s: &str) -> String {
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

fn apache_rules(all: &[Redirect]) -> String {
    let mut out = String::from(
        "# kheo: the old addresses listed in `aliases:` and the pages they lead to now.\n\
         # Copy these lines into the .htaccess of the site's folder on the server, or\n\
         # include this file inside the <Directory> block of that folder:\n\
         #     Include /var/www/danvan/redirects.apache.conf\n\
         # (needs mod_rewrite, and AllowOverride FileInfo for .htaccess).\n\
         <IfModule mod_rewrite.c>\nRewriteEngine On\n",
    );
    for r in all {
        let (path, query) = match r.from.split_once('?') {
            Some((path, query)) => (path, Some(query)),
            None => (r.from.as_str(), None),
        };
        // RewriteRule sees the decoded path, without the folder's own part.
        let decoded = decode_percent(path.trim_start_matches('/'));
        let mut pattern = regex_escape(&decoded);
        if query.is_none() && decoded.ends_with('/') {
            pattern.pop();
            pattern.push_str("/?");
        }
        if let Some(query) = query {
            out.push_str(&format!(
                "RewriteCond %{{QUERY_STRING}} ^{}$\n",
                regex_escape(query)
            ));
        }
        // `^/?`: the same rule works in a VirtualHost, where the path starts with `/`.
        // The final `?` drops the old query string; NE keeps the target as written.
        out.push_str(&format!(
            "RewriteRule ^/?{pattern}$ {}? [R=301,L,NE]\n",
            r.to.replace(' ', "%20")
        ));
    }
    out.push_str("</IfModule>\n");
    out
}

/// Escapes a text for a PCRE pattern in an Apache directive (no spaces or
/// quotes left that would split the directive's arguments).
fn regex_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            ' ' => out.push_str("\\x20"),
            '"' => out.push_str("\\x22"),
            '\'' => out.push_str("\\x27"),
            '\t' => out.push_str("\\x09"),
            c if c.is_ascii_alphanumeric()
                || matches!(
                    c,
                    '/' | '_' | '-' | '=' | '&' | '%' | ',' | ';' | ':' | '@' | '!' | '~'
                ) =>
            {
                out.push(c)
            }
            c if c.is_ascii() => {
                out.push('\\');
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

fn netlify_rules(all: &[Redirect], base: &str) -> String {
    let mut out = String::from(
        "# kheo: the old addresses listed in `aliases:` and the pages they lead to now\n\
         # (Netlify syntax: an address with a query string is a path and its key=value\n\
         # pairs; hosts that match paths only use the site's 404 page for those).\n",
    );
    for r in all {
        let Some((path, query)) = r.from.split_once('?') else {
            out.push_str(&format!("{}  {}  301\n", full(base, &r.from), r.to));
            continue;
        };
        let pairs: Vec<&str> = query.split('&').collect();
        let mut keys: Vec<&str> = pairs
            .iter()
            .map(|p| p.split_once('=').map_or(*p, |(k, _)| k))
            .collect();
        keys.sort_unstable();
        keys.dedup();
        let expressible = pairs
            .iter()
            .all(|p| p.split_once('=').is_some_and(|(k, _)| !k.is_empty()))
            && keys.len() == pairs.len();
        if expressible {
            out.push_str(&format!(
                "{}  {}  {}  301!\n",
                full(base, path),
                pairs.join("  "),
                r.to
            ));
        } else {
            out.push_str(&format!(
                "# {} -> {}: this query cannot be matched here; the 404 page's map sends it on\n",
                full(base, &r.from),
                r.to
            ));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<Redirect> {
        let r = |from: &str, to: &str| Redirect {
            from: from.to_owned(),
            to: to.to_owned(),
        };
        vec![
            r("/Default.aspx?tabid=85&ID=1234", "/tin-tuc/hoi-nghi/"),
            r("/?p=12", "/tin-tuc/bai-cu/"),
            r("/bai-cu/", "/tin-tuc/bai-cu/"),
            r("/tin-tuc/123.html", "/tin-tuc/hoi-nghi/"),
            r("/xem.php?id", "/tin-tuc/x/"),
        ]
    }

    #[test]
    fn nginx_maps_the_raw_request_uri_under_the_base_path() {
        let text = nginx_map(&sample(), "/dan-van/");
        assert!(text.contains("map $request_uri $kheo_redirect {\n    default \"\";\n"));
        assert!(
            text.contains(
                "    \"/dan-van/Default.aspx?tabid=85&ID=1234\" \"/tin-tuc/hoi-nghi/\";\n"
            )
        );
        assert!(text.contains("    \"/dan-van/?p=12\" \"/tin-tuc/bai-cu/\";\n"));
        // A folder, with and without its slash.
        assert!(text.contains("    \"/dan-van/bai-cu\" \"/tin-tuc/bai-cu/\";\n"));
        assert!(text.contains("    \"/dan-van/bai-cu/\" \"/tin-tuc/bai-cu/\";\n"));
        assert!(text.ends_with("}\n"));
        assert_eq!(nginx_string("a\"b\\c"), "\"a\\\"b\\\\c\"");
    }

    #[test]
    fn apache_rules_match_the_query_string_and_drop_it() {
        let text = apache_rules(&sample());
        assert!(text.contains(
            "RewriteCond %{QUERY_STRING} ^tabid=85&ID=1234$\nRewriteRule ^/?Default\\.aspx$ /tin-tuc/hoi-nghi/? [R=301,L,NE]\n"
        ), "{text}");
        assert!(text.contains(
            "RewriteCond %{QUERY_STRING} ^p=12$\nRewriteRule ^/?$ /tin-tuc/bai-cu/? [R=301,L,NE]\n"
        ));
        assert!(text.contains("RewriteRule ^/?bai-cu/?$ /tin-tuc/bai-cu/? [R=301,L,NE]\n"));
        assert!(
            text.contains("RewriteRule ^/?tin-tuc/123\\.html$ /tin-tuc/hoi-nghi/? [R=301,L,NE]\n")
        );
        assert!(text.starts_with('#') && text.ends_with("</IfModule>\n"));
        assert_eq!(
            regex_escape("tin tức/a(1).htm"),
            "tin\\x20tức/a\\(1\\)\\.htm"
        );
    }

    #[test]
    fn netlify_rules_spell_queries_as_pairs() {
        let text = netlify_rules(&sample(), "/");
        assert!(text.contains("/Default.aspx  tabid=85  ID=1234  /tin-tuc/hoi-nghi/  301!\n"));
        assert!(text.contains("/  p=12  /tin-tuc/bai-cu/  301!\n"));
        assert!(text.contains("/tin-tuc/123.html  /tin-tuc/hoi-nghi/  301\n"));
        // A key without a value cannot be written in this syntax.
        assert!(text.contains("# /xem.php?id -> /tin-tuc/x/: this query cannot be matched here"));
    }

    #[test]
    fn the_browser_map_holds_only_addresses_with_a_query() {
        let map: BTreeMap<String, String> = serde_json::from_str(&browser_map(&sample())).unwrap();
        assert_eq!(map.len(), 3);
        assert_eq!(map["/Default.aspx?tabid=85&ID=1234"], "/tin-tuc/hoi-nghi/");
        assert!(!map.contains_key("/bai-cu/"));
    }
}
