//! The preview's HTTP side: files from the site in memory with their content
//! types, pretty URLs, the site's 404 page, and the live-reload channel
//! (server-sent events) with the small script that listens to it.
//!
//! Nothing is read from disk: a request can only ever name a file of the
//! built site, so `..`, encoded traversal and symbolic links cannot reach
//! anything else. Requests that try are refused anyway, to say so.

use std::convert::Infallible;
use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Request, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use tokio_stream::wrappers::BroadcastStream;
use tokio_stream::{Stream, StreamExt};

use super::{Notice, Shared};

/// Where the browser script and the event stream live; no site can have a
/// folder named like this (it is not a slug).
pub(crate) const LIVE_SCRIPT: &str = "/__kheo/live.js";
pub(crate) const EVENTS: &str = "/__kheo/events";

const SCRIPT: &str = include_str!("live.js");

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(LIVE_SCRIPT, get(script))
        .route(EVENTS, get(events))
        .fallback(get(file))
        .with_state(shared)
}

async fn script() -> Response {
    let mut r = SCRIPT.into_response();
    set(
        &mut r,
        header::CONTENT_TYPE,
        "text/javascript; charset=utf-8",
    );
    // Pages ask for it with its version (`?v=`), so it may be kept.
    set(&mut r, header::CACHE_CONTROL, IMMUTABLE);
    r
}

/// For URLs that name one version of a file (`kheo.css?v=1a2b3c4d`).
const IMMUTABLE: &str = "max-age=31536000, immutable";

/// The URL pages load the live-reload script from, versioned by its text.
fn script_url() -> &'static str {
    static URL: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    URL.get_or_init(|| format!("{LIVE_SCRIPT}?v={:016x}", hash(SCRIPT.as_bytes())))
}

fn hash(bytes: &[u8]) -> u64 {
    crate::render::memo::Fingerprint::new()
        .add_hash(bytes)
        .finish()
}

/// The live-reload channel: first the current state (errors or not), then
/// every rebuild.
async fn events(
    State(shared): State<Arc<Shared>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let first = shared.current_notice();
    let later = BroadcastStream::new(shared.notices.subscribe()).filter_map(Result::ok);
    let stream = tokio_stream::once(first)
        .chain(later)
        .map(|n| Ok(to_event(&n)));
    Sse::new(stream).keep_alive(KeepAlive::default())
}

fn to_event(n: &Notice) -> Event {
    match n {
        Notice::Ok => Event::default().event("ok").data("ok"),
        Notice::Reload(paths) => Event::default().event("reload").data(paths.join("\n")),
        Notice::Styles(urls) => Event::default().event("styles").data(urls.join("\n")),
        Notice::Errors(text) => Event::default().event("errors").data(text.as_str()),
    }
}

async fn file(State(shared): State<Arc<Shared>>, request: Request<Body>) -> Response {
    let raw = request.uri().path();
    let Some(path) = site_path(raw) else {
        return plain(
            StatusCode::BAD_REQUEST,
            format!("{}\n", crate::msg!("serve.outside-site")),
        );
    };
    let site = shared.site();
    let (found, status) = if path.is_empty() || path.ends_with('/') {
        (
            site.get(&format!("{path}index.html")).cloned(),
            StatusCode::OK,
        )
    } else if let Some(bytes) = site.get(&path) {
        (Some(bytes.clone()), StatusCode::OK)
    } else if site.get(&format!("{path}/index.html")).is_some() {
        // A folder asked for without its slash: send the browser to it, so
        // the page's relative links resolve as they will when published.
        let mut r = StatusCode::MOVED_PERMANENTLY.into_response();
        set(&mut r, header::LOCATION, &format!("{raw}/"));
        return r;
    } else {
        (None, StatusCode::NOT_FOUND)
    };
    let (bytes, status, name) = match found {
        Some(bytes) => (bytes, status, file_name(&path)),
        None => match site.get("404.html") {
            Some(page) => (page.clone(), StatusCode::NOT_FOUND, "404.html".to_owned()),
            None => {
                return plain(
                    StatusCode::NOT_FOUND,
                    format!("{}\n", crate::msg!("serve.not-found")),
                );
            }
        },
    };
    let kind = content_type(&name);
    if kind.starts_with("text/html") {
        let mut r = Response::new(Body::from(with_live_script(&bytes)));
        *r.status_mut() = status;
        set(&mut r, header::CONTENT_TYPE, kind);
        // A preview must always show the latest build.
        set(&mut r, header::CACHE_CONTROL, "no-store");
        return r;
    }
    // Other files may be kept by the browser, so that a reload after an
    // edit fetches the page and not every stylesheet and photo again: a
    // versioned URL for good, anything else until its bytes change.
    let etag = format!("\"{:016x}\"", hash(&bytes));
    let versioned = request
        .uri()
        .query()
        .is_some_and(|q| q.split('&').any(|p| p.starts_with("v=")));
    let fresh = request
        .headers()
        .get(header::IF_NONE_MATCH)
        .is_some_and(|v| v.as_bytes() == etag.as_bytes());
    let mut r = if fresh && status == StatusCode::OK {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        let mut r = Response::new(Body::from(bytes.to_vec()));
        *r.status_mut() = status;
        set(&mut r, header::CONTENT_TYPE, kind);
        r
    };
    set(&mut r, header::ETAG, &etag);
    let cache = if versioned { IMMUTABLE } else { "no-cache" };
    set(&mut r, header::CACHE_CONTROL, cache);
    r
}

fn file_name(path: &str) -> String {
    if path.is_empty() || path.ends_with('/') {
        "index.html".to_owned()
    } else {
        path.rsplit('/').next().unwrap_or(path).to_owned()
    }
}

/// The site-relative path a request names (`/en/news/` -> `en/news/`),
/// percent-decoded; `None` if it is not valid UTF-8 or any of its segments
/// is `.` or `..` (before or after decoding), or holds a backslash or NUL.
pub(crate) fn site_path(raw: &str) -> Option<String> {
    let decoded = percent_decode(raw)?;
    let path = decoded.strip_prefix('/').unwrap_or(&decoded);
    let bad = |segment: &str| matches!(segment, "." | "..") || segment.contains(['\\', '\0']);
    if path.split('/').any(bad) || raw.split('/').any(bad) {
        return None;
    }
    // Paths are NFC in the site, whatever the browser sent.
    Some(crate::text::nfc(path.to_owned()))
}

fn percent_decode(s: &str) -> Option<String> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The content type of a file, by its extension; text is UTF-8.
pub(crate) fn content_type(name: &str) -> &'static str {
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    match ext.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml; charset=utf-8",
        "txt" => "text/plain; charset=utf-8",
        "csv" => "text/csv; charset=utf-8",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "webp" => "image/webp",
        "gif" => "image/gif",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "woff" => "font/woff",
        "mp4" => "video/mp4",
        "webm" => "video/webm",
        "mp3" => "audio/mpeg",
        _ => "application/octet-stream",
    }
}

/// The page with the live-reload script added at the end of its body.
fn with_live_script(html: &[u8]) -> Vec<u8> {
    let tag = format!("<script src=\"{}\" defer></script>", script_url());
    let at = find_last(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

fn find_last(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

fn plain(status: StatusCode, text: impl IntoResponse) -> Response {
    let mut r = (status, text).into_response();
    set(&mut r, header::CONTENT_TYPE, "text/plain; charset=utf-8");
    r
}

fn set(r: &mut Response, name: header::HeaderName, value: &str) {
    if let Ok(v) = HeaderValue::from_str(value) {
        r.headers_mut().insert(name, v);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_decoded_and_traversal_refused() {
        assert_eq!(site_path("/").as_deref(), Some(""));
        assert_eq!(site_path("/en/news/").as_deref(), Some("en/news/"));
        assert_eq!(
            site_path("/chu-de/d%C3%A2n-v%E1%BA%ADn/").as_deref(),
            Some("chu-de/dân-vận/")
        );
        for bad in [
            "/../etc/passwd",
            "/a/../../x",
            "/%2e%2e/etc/passwd",
            "/a/%2E%2E/%2e%2e/x",
            "/..%2fetc",
            "/a%5c..%5cb",
            "/%00",
            "/%ff",
            "/%zz",
        ] {
            assert_eq!(site_path(bad), None, "{bad}");
        }
    }

    #[test]
    fn content_types_of_a_site() {
        assert_eq!(content_type("index.html"), "text/html; charset=utf-8");
        assert_eq!(content_type("kheo.CSS"), "text/css; charset=utf-8");
        assert_eq!(content_type("rss.xml"), "application/xml; charset=utf-8");
        assert_eq!(content_type("a.json"), "application/json");
        assert_eq!(content_type("anh.JPG"), "image/jpeg");
        assert_eq!(content_type("x.svg"), "image/svg+xml");
        assert_eq!(content_type("LICENSE"), "application/octet-stream");
    }

    #[test]
    fn the_script_goes_before_the_end_of_the_body() {
        let out = with_live_script(b"<html><body><p>x</p></body></html>");
        assert_eq!(
            String::from_utf8(out).unwrap(),
            format!(
                "<html><body><p>x</p><script src=\"{}\" defer></script></body></html>",
                script_url()
            )
        );
        // A fragment without </body> gets it at the end.
        assert!(with_live_script(b"<p>x</p>").ends_with(b"defer></script>"));
        assert!(script_url().starts_with("/__kheo/live.js?v="));
    }
}
