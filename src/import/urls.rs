//! Addresses on the old portal: resolving the URLs its pages hold against
//! the page they are on, telling the portal's own addresses from other
//! hosts', turning a page saved by `wget --adjust-extension` back into the
//! address it had, and the form such an address takes in `aliases:`.

use crate::url::decode_percent;

/// A web address, split. The host is lower-case, without `www.` or a port;
/// the path always starts with `/`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub(crate) struct Url {
    /// Whether it was an `https:` address (kept for showing it).
    pub(crate) https: bool,
    pub(crate) host: Option<String>,
    pub(crate) path: String,
    pub(crate) query: Option<String>,
    pub(crate) fragment: Option<String>,
}

/// What a reference in a page points to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Target {
    /// An address on the web (`http:`, `https:`, or relative to the page).
    Web(Url),
    /// `#top`: a place in the same page.
    Fragment(String),
    /// `mailto:`, `tel:`, `data:`, `javascript:`...: kept or dropped by the caller.
    Other(String),
}

impl Url {
    /// Parses `http://host/path?query#fragment` (also `https:` and `//host/...`).
    pub(crate) fn absolute(text: &str) -> Option<Url> {
        let t = text.trim();
        let rest = t
            .strip_prefix("//")
            .or_else(|| strip_scheme(t, "http://"))
            .or_else(|| strip_scheme(t, "https://"))?;
        let (authority, rest) = match rest.find(['/', '?', '#']) {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        let mut url = split_path(rest);
        url.host = Some(normalize_host(authority)).filter(|h| !h.is_empty());
        url.https = strip_scheme(t, "https://").is_some();
        Some(url)
    }

    /// The address as `aliases:` holds it: path and query, no host.
    pub(crate) fn alias(&self) -> String {
        match &self.query {
            Some(q) if !q.is_empty() => format!("{}?{q}", self.path),
            _ => self.path.clone(),
        }
    }

    /// The address with its host, when known (`http://host/path?query`), else
    /// the path from the root.
    pub(crate) fn display(&self) -> String {
        let fragment = self
            .fragment
            .as_deref()
            .map(|f| format!("#{f}"))
            .unwrap_or_default();
        let scheme = if self.https { "https" } else { "http" };
        match &self.host {
            Some(h) => format!("{scheme}://{h}{}{fragment}", self.alias()),
            None => format!("{}{fragment}", self.alias()),
        }
    }

    /// The last segment of the path, decoded: `anh hoi nghi.jpg`.
    pub(crate) fn file_name(&self) -> String {
        decode_percent(self.path.rsplit('/').next().unwrap_or_default())
    }

    /// Resolves a reference written in a page at this address.
    pub(crate) fn join(&self, reference: &str) -> Option<Target> {
        // Editors on Windows wrote `..\anh\a.jpg`; HTML allows spaces around a URL.
        let r = reference.trim().replace('\\', "/");
        if r.is_empty() {
            return None;
        }
        if let Some(fragment) = r.strip_prefix('#') {
            return Some(Target::Fragment(fragment.to_owned()));
        }
        if let Some(mut url) = Url::absolute(&r) {
            if r.starts_with("//") {
                url.https = self.https;
            }
            return Some(Target::Web(url));
        }
        if has_scheme(&r) {
            return Some(Target::Other(r));
        }
        let tail = split_path(&r);
        let mut url = Url {
            host: self.host.clone(),
            https: self.https,
            ..tail.clone()
        };
        if r.starts_with('/') {
            url.path = remove_dots(&tail.path);
        } else if r.starts_with('?') {
            url.path = self.path.clone();
        } else {
            let dir = &self.path[..=self.path.rfind('/').unwrap_or(0)];
            // split_path put a `/` in front of the relative path: take it off again.
            url.path = remove_dots(&format!("{dir}{}", tail.path.trim_start_matches('/')));
        }
        Some(Target::Web(url))
    }

    /// Whether this address is on the old portal: no host (a path), or one of `hosts`.
    pub(crate) fn is_on(&self, hosts: &[String]) -> bool {
        match &self.host {
            None => true,
            Some(h) => hosts.iter().any(|x| x == h),
        }
    }
}

fn strip_scheme<'a>(text: &'a str, scheme: &str) -> Option<&'a str> {
    let head = text.get(..scheme.len())?;
    head.eq_ignore_ascii_case(scheme)
        .then(|| &text[scheme.len()..])
}

/// `mailto:`, `javascript:`, `data:`... (a drive letter such as `C:` is no scheme).
fn has_scheme(text: &str) -> bool {
    let Some(colon) = text.find(':') else {
        return false;
    };
    let scheme = &text[..colon];
    scheme.len() > 1
        && scheme
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
}

/// `www.Example.vn:80` -> `example.vn`.
pub(crate) fn normalize_host(authority: &str) -> String {
    let host = authority.rsplit('@').next().unwrap_or(authority);
    let host = host.split(':').next().unwrap_or(host).to_ascii_lowercase();
    host.strip_prefix("www.").map(str::to_owned).unwrap_or(host)
}

/// Splits `path?query#fragment` (a path without a leading `/` gets one).
fn split_path(text: &str) -> Url {
    let (rest, fragment) = match text.split_once('#') {
        Some((r, f)) => (r, Some(f.to_owned())),
        None => (text, None),
    };
    let (path, query) = match rest.split_once('?') {
        Some((p, q)) => (p, Some(q.to_owned())),
        None => (rest, None),
    };
    Url {
        https: false,
        host: None,
        path: if path.starts_with('/') {
            path.to_owned()
        } else {
            format!("/{path}")
        },
        query,
        fragment,
    }
}

/// Resolves `.` and `..` segments; `..` never climbs above the root.
fn remove_dots(path: &str) -> String {
    let mut out: Vec<&str> = Vec::new();
    let segments: Vec<&str> = path.split('/').skip(1).collect();
    for (i, seg) in segments.iter().enumerate() {
        let last = i + 1 == segments.len();
        match *seg {
            "." => {
                if last {
                    out.push("");
                }
            }
            ".." => {
                out.pop();
                if last {
                    out.push("");
                }
            }
            s => out.push(s),
        }
    }
    format!("/{}", out.join("/"))
}

/// Extensions of pages a server made, which `wget --adjust-extension` saved
/// with `.html` added (`xem.php` -> `xem.php.html`).
const SCRIPT_EXTENSIONS: [&str; 8] = [
    ".aspx", ".asp", ".php", ".jsp", ".cfm", ".cgi", ".shtml", ".do",
];

/// The address a page saved by `wget --mirror --adjust-extension` had, from
/// its path inside the saved folder: `Default.aspx?tabid=85&ID=1234.html` ->
/// `/Default.aspx?tabid=85&ID=1234`, `tin-tuc/index.html` -> `/tin-tuc/`,
/// `xem.php.html` -> `/xem.php` (a `?` saved as `@`, as wget does for
/// Windows, is read back too).
pub(crate) fn saved_page_url(rel: &str) -> Url {
    let rel = rel.trim_start_matches('/');
    let (path, query) = match rel.split_once('?') {
        Some((p, q)) => (p.to_owned(), Some(q.to_owned())),
        None => match rel.split_once('@') {
            Some((p, q))
                if SCRIPT_EXTENSIONS
                    .iter()
                    .any(|e| p.to_ascii_lowercase().ends_with(e)) =>
            {
                (p.to_owned(), Some(q.to_owned()))
            }
            _ => (rel.to_owned(), None),
        },
    };
    if let Some(q) = query {
        // The extension wget added goes after the query.
        let q = q.strip_suffix(".html").map(str::to_owned).unwrap_or(q);
        return Url {
            https: false,
            host: None,
            path: format!("/{path}"),
            query: Some(q).filter(|q| !q.is_empty()),
            fragment: None,
        };
    }
    let lower = path.to_ascii_lowercase();
    let path = if lower == "index.html" || lower.ends_with("/index.html") {
        path[..path.len() - "index.html".len()].to_owned()
    } else if let Some(stem) = lower.strip_suffix(".html")
        && SCRIPT_EXTENSIONS.iter().any(|e| stem.ends_with(e))
    {
        path[..path.len() - ".html".len()].to_owned()
    } else {
        path
    };
    Url {
        https: false,
        host: None,
        path: format!("/{path}"),
        query: None,
        fragment: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn web(t: Option<Target>) -> Url {
        match t {
            Some(Target::Web(u)) => u,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn absolute_addresses() {
        let u = Url::absolute("HTTP://www.HaiDuong.dcs.vn:80/Default.aspx?tabid=85&ID=1234#top")
            .unwrap();
        assert_eq!(u.host.as_deref(), Some("haiduong.dcs.vn"));
        assert_eq!(u.path, "/Default.aspx");
        assert_eq!(u.query.as_deref(), Some("tabid=85&ID=1234"));
        assert_eq!(u.fragment.as_deref(), Some("top"));
        assert_eq!(u.alias(), "/Default.aspx?tabid=85&ID=1234");
        assert_eq!(Url::absolute("https://x.vn").unwrap().path, "/");
        assert!(Url::absolute("/a").is_none());
    }

    #[test]
    fn references_resolve_against_the_page() {
        let page = Url::absolute("http://x.vn/tin-tuc/2017/bai.aspx?id=1").unwrap();
        assert_eq!(web(page.join("../anh/a.jpg")).path, "/tin-tuc/anh/a.jpg");
        assert_eq!(
            web(page.join("..\\..\\..\\..\\anh\\a.jpg")).path,
            "/anh/a.jpg"
        );
        assert_eq!(
            web(page.join("/Portals/0/a b.jpg")).path,
            "/Portals/0/a b.jpg"
        );
        assert_eq!(web(page.join("a.jpg")).path, "/tin-tuc/2017/a.jpg");
        assert_eq!(web(page.join("./")).path, "/tin-tuc/2017/");
        let q = web(page.join("?id=2"));
        assert_eq!(
            (q.path.as_str(), q.query.as_deref()),
            ("/tin-tuc/2017/bai.aspx", Some("id=2"))
        );
        assert_eq!(
            web(page.join("//cdn.vn/a.jpg")).host.as_deref(),
            Some("cdn.vn")
        );
        assert_eq!(page.join("#muc-1"), Some(Target::Fragment("muc-1".into())));
        assert_eq!(
            page.join("mailto:a@x.vn"),
            Some(Target::Other("mailto:a@x.vn".into()))
        );
        assert_eq!(
            page.join("javascript:void(0)"),
            Some(Target::Other("javascript:void(0)".into()))
        );
        assert_eq!(page.join("  "), None);
        let hosts = vec!["x.vn".to_owned()];
        assert!(web(page.join("a.jpg")).is_on(&hosts));
        assert!(!web(page.join("https://cdn.vn/a.jpg")).is_on(&hosts));
        assert!(web(page.join("http://www.x.vn/a.jpg")).is_on(&hosts));
    }

    #[test]
    fn pages_saved_by_wget_get_their_address_back() {
        let a = |rel: &str| saved_page_url(rel).alias();
        assert_eq!(
            a("Default.aspx?tabid=85&ID=1234.html"),
            "/Default.aspx?tabid=85&ID=1234"
        );
        assert_eq!(
            a("Default.aspx@tabid=85&ID=1234.html"),
            "/Default.aspx?tabid=85&ID=1234"
        );
        assert_eq!(a("tin-tuc/index.html"), "/tin-tuc/");
        assert_eq!(a("xem.php.html"), "/xem.php");
        assert_eq!(a("tin-tuc/bai-viet.html"), "/tin-tuc/bai-viet.html");
        assert_eq!(a("anh@2x.html"), "/anh@2x.html");
    }
}
