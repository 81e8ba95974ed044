//! The site's own address (`base_url`) and the addresses site.yaml may link
//! to: checked strictly, because they are written into every page.

/// `base_url` split into what pages need.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BaseUrl {
    /// Absolute, ending in `/`: `https://host/dan-van/`.
    pub(crate) absolute: String,
    /// Path part, starting and ending in `/`: `/dan-van/`.
    pub(crate) path: String,
}

impl BaseUrl {
    /// Parses a plain absolute http(s) URL: a host (no user name or
    /// password), an optional port and folder, no query or fragment; the
    /// message explains what is wrong.
    pub(crate) fn parse(text: &str) -> Result<BaseUrl, String> {
        let (t, scheme, rest) = http_parts(text)?;
        if t.contains(['?', '#']) {
            return Err(crate::msg!("url.query", url = t));
        }
        let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
        check_host(t, host)?;
        if let Some(c) = path.chars().find(|c| {
            !(c.is_ascii_alphanumeric() || matches!(c, '-' | '.' | '_' | '~' | '/' | '%'))
        }) {
            return Err(crate::msg!("url.folder-char", url = t, char = c));
        }
        let path = path.trim_matches('/');
        let path = if path.is_empty() {
            "/".to_owned()
        } else {
            format!("/{path}/")
        };
        Ok(BaseUrl {
            absolute: format!("{scheme}://{host}{path}"),
            path,
        })
    }

    /// Stands in for a `base_url` that is wrong, so later checks can go on.
    pub(super) fn placeholder() -> BaseUrl {
        BaseUrl {
            absolute: "https://localhost/".into(),
            path: "/".into(),
        }
    }
}

/// Splits an http(s) URL into the trimmed text, its lower-case scheme and what
/// follows `://`, refusing spaces, invisible characters and backslashes anywhere.
fn http_parts(text: &str) -> Result<(&str, &'static str, &str), String> {
    let t = text.trim();
    if let Some(c) = t.chars().find(|c| c.is_whitespace() || c.is_control()) {
        let shown: String = t
            .chars()
            .map(|c| if c.is_control() { '\u{fffd}' } else { c })
            .collect();
        return Err(crate::msg!(
            "url.space",
            url = shown,
            code = format!("{:04X}", u32::from(c))
        ));
    }
    if t.contains('\\') {
        return Err(crate::msg!("url.backslash", url = t));
    }
    let lower = t.get(..8).unwrap_or(t).to_ascii_lowercase();
    let (scheme, rest) = if lower.starts_with("https://") {
        ("https", &t[8..])
    } else if lower.starts_with("http://") {
        ("http", &t[7..])
    } else {
        return Err(crate::msg!("url.not-absolute", url = t));
    };
    Ok((t, scheme, rest))
}

/// Checks the host (and port) of an http(s) URL: a name or address, no
/// `user:password@` in front.
fn check_host(t: &str, host: &str) -> Result<(), String> {
    if host.is_empty() {
        return Err(crate::msg!("url.no-host", url = t));
    }
    if host.contains('@') {
        return Err(crate::msg!("url.user", url = t));
    }
    let (name, port) = match host.rsplit_once(':') {
        Some((name, port))
            if !name.ends_with(':') && !host.starts_with('[') || name.ends_with(']') =>
        {
            (name, Some(port))
        }
        _ => (host, None),
    };
    let name_ok = if let Some(ip6) = name.strip_prefix('[').and_then(|n| n.strip_suffix(']')) {
        !ip6.is_empty()
            && ip6
                .chars()
                .all(|c| c.is_ascii_hexdigit() || matches!(c, ':' | '.'))
    } else {
        name.split('.').all(|label| {
            !label.is_empty()
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        })
    };
    if !name_ok {
        return Err(crate::msg!("url.host", url = t, name = name));
    }
    if let Some(port) = port
        && (port.is_empty() || port.parse::<u16>().is_err())
    {
        return Err(crate::msg!("url.port", url = t, port = port));
    }
    Ok(())
}

/// Checks the `url:` of a menu entry: a plain http(s) address (a query and a
/// fragment are fine), a path of this site (`/so-lieu/`), or `mailto:`; the
/// text to write into pages.
pub(crate) fn menu_url(text: &str) -> Result<String, String> {
    let t = text.trim();
    if t.starts_with('/') && !t.starts_with("//") {
        if let Some(c) = t.chars().find(|c| {
            c.is_whitespace() || c.is_control() || matches!(c, '\\' | '"' | '\'' | '<' | '>' | '`')
        }) {
            return Err(crate::msg!(
                "url.path-char",
                url = t,
                char = c.escape_default()
            ));
        }
        return Ok(t.to_owned());
    }
    if let Some(address) = t
        .get(..7)
        .filter(|p| p.eq_ignore_ascii_case("mailto:"))
        .map(|_| &t[7..])
    {
        if address.contains('@')
            && !address.contains(|c: char| {
                c.is_whitespace() || c.is_control() || matches!(c, '"' | '\'' | '<' | '>' | '\\')
            })
        {
            return Ok(t.to_owned());
        }
        return Err(crate::msg!("url.mailto", url = t));
    }
    let (t, _, rest) = http_parts(t).map_err(|e| crate::msg!("url.menu-other", why = e))?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or(rest);
    check_host(t, host)?;
    if let Some(c) = rest
        .chars()
        .find(|c| matches!(c, '"' | '\'' | '<' | '>' | '`'))
    {
        return Err(crate::msg!("url.percent-encode", url = t, char = c));
    }
    Ok(t.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn base_url_with_a_path() {
        let b = BaseUrl::parse("https://host/dan-van").unwrap();
        assert_eq!(b.absolute, "https://host/dan-van/");
        assert_eq!(b.path, "/dan-van/");
        assert!(BaseUrl::parse("host/x").is_err());
        assert!(BaseUrl::parse("https:///x").is_err());
    }

    #[test]
    fn base_url_is_a_plain_http_address() {
        for good in [
            "https://danvan.example.gov.vn/",
            " https://host/dan-van ",
            "HTTPS://Host.vn/",
            "http://localhost:8080/sub",
            "http://127.0.0.1:1111/",
            "http://[::1]:8080/",
            "https://xn--dn-vn-9qa.vn/a%20b/",
        ] {
            assert!(BaseUrl::parse(good).is_ok(), "{good}");
        }
        assert_eq!(
            BaseUrl::parse("HTTPS://Host.vn").unwrap().absolute,
            "https://Host.vn/"
        );
        for (bad, why) in [
            ("javascript:alert(1)", "https://"),
            ("https://user:pw@host/", "user name"),
            ("https://host@evil.vn/", "user name"),
            ("https://host/?a=1", "query"),
            ("https://host/#x", "fragment"),
            ("https://host/dan van/", "space"),
            ("https://host/\u{0}/", "invisible"),
            ("https://ho\tst/", "invisible"),
            ("https://host\\evil.vn/", "`\\`"),
            ("https://host/\"onmouseover=x/", "folder"),
            ("https://host/dân-vận/", "folder"),
            ("https://ho<st/", "host name"),
            ("https://-host/", "host name"),
            ("https://host:99999/", "port"),
            ("https://host:/", "port"),
            ("https://đà-nẵng.vn/", "xn--"),
            ("//host/", "https://"),
        ] {
            let e = BaseUrl::parse(bad).unwrap_err();
            assert!(e.contains(why), "{bad}: {e}");
        }
    }

    #[test]
    fn menu_urls_are_checked_like_the_base_url() {
        for good in [
            "https://tinh.example.vn/",
            "https://tinh.example.vn/tin?id=3#top",
            "/so-lieu/",
            "/tin-tuc/a%20b/",
            "mailto:banbt@example.vn",
        ] {
            assert_eq!(menu_url(good).as_deref(), Ok(good), "{good}");
        }
        for bad in [
            "javascript:alert(1)",
            " JaVaScRiPt:alert(1)",
            "java\tscript:alert(1)",
            "vbscript:x",
            "data:text/html,x",
            "//evil.vn/",
            "https://user@evil.vn/",
            "https://x.vn/\"onclick=\"a",
            "/a\"onclick=\"x",
            "/a b/",
            "mailto:x\"@y",
            "tin-tuc/",
            "ftp://x.vn/",
        ] {
            assert!(menu_url(bad).is_err(), "{bad}");
        }
    }
}
