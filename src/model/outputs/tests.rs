//! Tests of `model/outputs.rs`.

use super::*;

#[test]
fn alias_files() {
    assert_eq!(alias_file("/tin-tuc/123.html").unwrap(), "tin-tuc/123.html");
    assert_eq!(alias_file("/bai-cu/").unwrap(), "bai-cu/index.html");
    assert_eq!(alias_file("bai-cu").unwrap(), "bai-cu/index.html");
    assert_eq!(alias_file("/a/./b.htm").unwrap(), "a/b.htm");
    assert_eq!(alias_file("/tin%20tuc/1.html").unwrap(), "tin tuc/1.html");
}

#[test]
fn old_urls_keep_their_query_and_are_encoded_as_browsers_send_them() {
    let url = |a: &str| old_url(a).unwrap();
    assert_eq!(
        url("/Default.aspx?tabid=85&ID=1234"),
        OldUrl {
            url: "/Default.aspx?tabid=85&ID=1234".into(),
            file: None
        }
    );
    assert_eq!(url("/?p=123").url, "/?p=123");
    assert_eq!(url("?p=123").url, "/?p=123");
    assert_eq!(
        url("/tin tức/?id=a b\"c").url,
        "/tin%20t%E1%BB%A9c/?id=a%20b%22c"
    );
    assert_eq!(
        url("/tin-tuc/123.html"),
        OldUrl {
            url: "/tin-tuc/123.html".into(),
            file: Some("tin-tuc/123.html".into())
        }
    );
    assert_eq!(
        url("/bai-cu"),
        OldUrl {
            url: "/bai-cu/".into(),
            file: Some("bai-cu/index.html".into())
        }
    );
    assert_eq!(url("/a/index.html").url, "/a/index.html");
    for bad in [
        "/a?",
        "/../a?x=1",
        "https://x.vn/a?id=1",
        "/a?id=1#top",
        "/a\\b?x=1",
        "/",
    ] {
        assert!(old_url(bad).is_err(), "{bad}");
    }
}

#[test]
fn refused_aliases() {
    for bad in [
        "",
        "/",
        "../../etc/passwd",
        "/a/../../b",
        "/a/%2e%2e/b",
        "https://x.vn/a",
        "/a?id=1",
        "a\\b",
    ] {
        assert!(alias_file(bad).is_err(), "{bad}");
    }
}

#[test]
fn refused_aliases_are_explained_in_vietnamese() {
    use crate::messages::{Lang, scoped};
    let why = scoped(Lang::Vi, || old_url("https://x.vn/a").unwrap_err());
    assert_eq!(
        why,
        "địa chỉ cũ `https://x.vn/a` là một URL đầy đủ: chỉ viết phần đường dẫn, ví dụ /tin-tuc/123.html"
    );
    let why = scoped(Lang::En, || old_url("/a/../../b").unwrap_err());
    assert!(why.contains("climbs with `..`"), "{why}");
    // The origins named in messages are read back in either language.
    let tag = scoped(Lang::Vi, || crate::msg!("origin.tag", name = "Nông thôn"));
    let words = scoped(Lang::Vi, || crate::msg!("origin.tag", name = '\u{0}'));
    assert_eq!(origin_name(&tag, &words), Some("Nông thôn"));
}
