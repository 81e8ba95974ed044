//! `kheo serve`: builds the site into memory ([`Preview`]), serves it over
//! HTTP, watches `content/` and `themes/`, rebuilds what changed and tells
//! open pages to reload (or to swap their stylesheets, or to show the
//! build's errors until they are fixed).
//!
//! Three parts, each on its own thread: the watcher (notify, debounced), the
//! rebuild loop (which owns the [`Preview`]), and the HTTP server (axum on a
//! small tokio runtime), which only ever reads the last good build.

pub(crate) mod http;
pub(crate) mod watch;

use std::collections::HashSet;
use std::net::{IpAddr, SocketAddr};
use std::path::PathBuf;
use std::sync::mpsc;
use std::sync::{Arc, RwLock};
use std::thread::JoinHandle;
use std::time::Duration;

use tokio::sync::broadcast;

use crate::diag::Diagnostic;
use crate::preview::{Preview, PreviewOptions, Rebuild, Shown, SiteFiles};

/// What `kheo serve` was asked for.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 lets the system choose a free port (tests).
    pub port: u16,
    pub drafts: bool,
    pub future: bool,
}

/// What the server tells the terminal.
pub enum Report<'a> {
    /// Listening; the URL to open.
    Listening(&'a str),
    Built(&'a Rebuild),
    /// The pages of articles whose text alone was edited, shown before
    /// the rest of the site is rebuilt.
    ShownFirst(&'a Shown),
    Failed(&'a [Diagnostic]),
    /// The watcher could not watch (the preview keeps serving the last build).
    WatchError(&'a str),
}

/// What open pages are told after a rebuild.
#[derive(Debug, Clone)]
pub(crate) enum Notice {
    /// The site builds (clears an error overlay).
    Ok,
    /// These URL paths changed (`*`: too many to list, reload any page).
    Reload(Vec<String>),
    /// Only stylesheets changed: their new URLs.
    Styles(Vec<String>),
    /// The last rebuild failed: its errors, as the terminal shows them.
    Errors(String),
}

/// State the HTTP side reads and the rebuild loop writes.
pub(crate) struct Shared {
    site: RwLock<Arc<SiteFiles>>,
    /// The errors of the last rebuild, if it failed.
    errors: RwLock<Option<String>>,
    notices: broadcast::Sender<Notice>,
}

impl Shared {
    fn site(&self) -> Arc<SiteFiles> {
        self.site
            .read()
            .map(|s| s.clone())
            .unwrap_or_else(|e| e.into_inner().clone())
    }

    fn current_notice(&self) -> Notice {
        match self.errors.read().ok().and_then(|e| e.clone()) {
            Some(text) => Notice::Errors(text),
            None => Notice::Ok,
        }
    }
}

/// A running preview server; [`Running::stop`] or dropping it stops it.
pub struct Running {
    addr: SocketAddr,
    runtime: Option<tokio::runtime::Runtime>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
    stop_rebuilds: Option<mpsc::Sender<watch::Change>>,
    rebuilds: Option<JoinHandle<()>>,
}

impl Running {
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Blocks until Ctrl+C.
    pub fn wait_for_ctrl_c(&self) {
        if let Some(rt) = &self.runtime {
            rt.block_on(async {
                let _ = tokio::signal::ctrl_c().await;
            });
        }
    }

    pub fn stop(mut self) {
        self.shut_down();
    }

    fn shut_down(&mut self) {
        if let Some(tx) = self.shutdown.take() {
            let _ = tx.send(());
        }
        if let Some(tx) = self.stop_rebuilds.take() {
            let _ = tx.send(watch::Change::Stop);
        }
        if let Some(handle) = self.rebuilds.take() {
            let _ = handle.join();
        }
        if let Some(rt) = self.runtime.take() {
            rt.shutdown_timeout(Duration::from_millis(500));
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.shut_down();
    }
}

/// Whether an address only this computer can reach.
pub fn is_local(ip: IpAddr) -> bool {
    ip.is_loopback()
}

/// Builds the site, starts the server and the watcher. Returns once the
/// first build is done and the server listens. A first build with errors
/// still starts the server: its pages show the errors until they are fixed.
pub fn start(
    options: &ServeOptions,
    report: Arc<dyn Fn(Report) + Send + Sync>,
) -> Result<Running, Diagnostic> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("kheo-http")
        .enable_all()
        .build()
        .map_err(|e| {
            Diagnostic::error(
                "serve",
                1,
                1,
                crate::msg!("serve.cannot-start-server", error = e),
            )
        })?;
    let addr = SocketAddr::new(options.bind, options.port);
    let listener = runtime
        .block_on(tokio::net::TcpListener::bind(addr))
        .map_err(|e| {
            Diagnostic::error(
                "serve",
                1,
                1,
                crate::msg!("serve.cannot-listen-on", addr = addr, error = e),
            )
            .with_code("serve")
            .with_hint(crate::msg!("serve.cannot-listen-on.hint"))
        })?;
    let addr = listener.local_addr().map_err(|e| {
        Diagnostic::error("serve", 1, 1, crate::msg!("serve.cannot-listen", error = e))
    })?;
    let host = match addr.ip() {
        IpAddr::V6(ip) => format!("[{ip}]"),
        IpAddr::V4(ip) => ip.to_string(),
    };
    let url = format!("http://{host}:{}/", addr.port());

    let mut preview = Preview::new(PreviewOptions {
        root: options.root.clone(),
        drafts: options.drafts,
        future: options.future,
        base_url: Some(url.clone()),
    });
    let (notices, _) = broadcast::channel(64);
    let shared = Arc::new(Shared {
        site: RwLock::new(preview.site()),
        errors: RwLock::new(None),
        notices,
    });
    publish(&shared, &mut preview, &report, &HashSet::new());

    let (changes, incoming) = mpsc::channel();
    let mut watcher = match watch::watch(&options.root, changes.clone()) {
        Ok(w) => Some(w),
        Err(e) => {
            report(Report::WatchError(&e));
            None
        }
    };
    let root = options
        .root
        .canonicalize()
        .unwrap_or_else(|_| options.root.clone());
    let loop_shared = shared.clone();
    let loop_report = report.clone();
    let rebuilds = std::thread::Builder::new()
        .name("kheo-rebuild".into())
        .spawn(move || {
            while let Ok(first) = incoming.recv() {
                // Take everything that arrived meanwhile: one rebuild for all.
                let mut batch = vec![first];
                batch.extend(incoming.try_iter());
                let mut paths: HashSet<PathBuf> = HashSet::new();
                for change in batch {
                    match change {
                        watch::Change::Paths(p) => paths.extend(p),
                        watch::Change::Error(e) => loop_report(Report::WatchError(&e)),
                        watch::Change::Stop => return,
                    }
                }
                if paths.is_empty() {
                    continue;
                }
                let mut replaced = false;
                match watcher.as_mut().map(watch::Watcher::refresh) {
                    // A folder replaced whole: its files' stamps prove nothing.
                    Some(Ok(true)) => {
                        preview.forget_all();
                        replaced = true;
                    }
                    Some(Err(e)) => loop_report(Report::WatchError(&e)),
                    _ => {}
                }
                let content_rels: Vec<String> = paths
                    .iter()
                    .filter_map(|p| p.strip_prefix(root.join("content")).ok())
                    .map(|rel| rel.to_string_lossy().replace('\\', "/"))
                    .collect();
                // Articles whose text alone changed: their pages first, and
                // the browser's reload of them served before the rebuild of
                // the rest takes every core.
                if !replaced
                    && content_rels.len() == paths.len()
                    && show_first(&loop_shared, &mut preview, &loop_report, &content_rels)
                {
                    std::thread::sleep(SHOWN_FIRST_GRACE);
                }
                for rel in &content_rels {
                    preview.forget(rel);
                }
                publish(&loop_shared, &mut preview, &loop_report, &paths);
            }
            drop(watcher);
        })
        .map_err(|e| {
            Diagnostic::error("serve", 1, 1, crate::msg!("serve.cannot-start", error = e))
        })?;

    let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
    let app = http::router(shared);
    runtime.spawn(async move {
        let _ = axum::serve(listener, app)
            .with_graceful_shutdown(async {
                let _ = stopped.await;
            })
            .await;
    });
    report(Report::Listening(&url));
    Ok(Running {
        addr,
        runtime: Some(runtime),
        shutdown: Some(shutdown),
        stop_rebuilds: Some(changes),
        rebuilds: Some(rebuilds),
    })
}

/// How long the rebuild of the rest of the site waits after an edit was
/// shown first: time for open pages to hear of it and load the page again
/// (on two cores, a rebuild running meanwhile doubles that load's time).
const SHOWN_FIRST_GRACE: Duration = Duration::from_millis(300);

/// Publishes the pages of articles whose text alone changed, when the
/// site builds (an error shown in the browser waits for the full rebuild).
/// Whether it published any.
fn show_first(
    shared: &Shared,
    preview: &mut Preview,
    report: &Arc<dyn Fn(Report) + Send + Sync>,
    changed: &[String],
) -> bool {
    if shared.errors.read().map_or(true, |e| e.is_some()) {
        return false;
    }
    let Some(shown) = preview.show_edit_first(changed) else {
        return false;
    };
    if let Ok(mut site) = shared.site.write() {
        *site = preview.site();
    }
    report(Report::ShownFirst(&shown));
    let pages = shown.pages.iter().map(|p| url_path(p)).collect();
    let _ = shared.notices.send(Notice::Reload(pages));
    true
}

/// Rebuilds, publishes the new site (or the errors) and notifies pages.
fn publish(
    shared: &Shared,
    preview: &mut Preview,
    report: &Arc<dyn Fn(Report) + Send + Sync>,
    changed_sources: &HashSet<PathBuf>,
) {
    let before = preview.site();
    match preview.rebuild() {
        Ok(rebuild) => {
            let after = preview.site();
            if let Ok(mut site) = shared.site.write() {
                *site = after.clone();
            }
            let had_errors = shared
                .errors
                .write()
                .map(|mut e| e.take().is_some())
                .unwrap_or(false);
            report(Report::Built(&rebuild));
            let styles = changed_styles(&before, &after);
            let notice = if styles_only(changed_sources) && !styles.is_empty() {
                Notice::Styles(styles)
            } else {
                Notice::Reload(changed_pages(&before, &after))
            };
            if had_errors {
                let _ = shared.notices.send(Notice::Ok);
            }
            let _ = shared.notices.send(notice);
        }
        Err(diagnostics) => {
            report(Report::Failed(&diagnostics));
            let text = diagnostics
                .iter()
                .filter(|d| d.is_error())
                .map(|d| d.render(false))
                .collect::<Vec<_>>()
                .join("\n");
            if let Ok(mut e) = shared.errors.write() {
                *e = Some(text.clone());
            }
            let _ = shared.notices.send(Notice::Errors(text));
        }
    }
}

/// Whether every changed file is a stylesheet. Folders do not count: making
/// `themes/default/static/` to put a stylesheet in is still a style change.
fn styles_only(paths: &HashSet<PathBuf>) -> bool {
    !paths.is_empty()
        && paths
            .iter()
            .filter(|p| !p.is_dir())
            .all(|p| p.extension().is_some_and(|e| e.eq_ignore_ascii_case("css")))
}

/// The URL paths of the pages whose bytes changed (`*` when very many did).
fn changed_pages(before: &SiteFiles, after: &SiteFiles) -> Vec<String> {
    const MANY: usize = 200;
    let mut out = Vec::new();
    for path in after.paths() {
        let same = match (before.get(path), after.get(path)) {
            (Some(a), Some(b)) => Arc::ptr_eq(a, b) || a == b,
            _ => false,
        };
        if same || !(path.ends_with(".html") || path.ends_with(".htm")) {
            continue;
        }
        if out.len() == MANY {
            return vec!["*".to_owned()];
        }
        out.push(url_path(path));
    }
    out
}

/// The new URLs (with their version) of the stylesheets that changed.
fn changed_styles(before: &SiteFiles, after: &SiteFiles) -> Vec<String> {
    after
        .paths()
        .into_iter()
        .filter(|p| p.ends_with(".css"))
        .filter(|p| match (before.get(p), after.get(p)) {
            (Some(a), Some(b)) => a != b,
            _ => true,
        })
        .map(|p| {
            let version = after
                .get(p)
                .map_or_else(String::new, |b| crate::render::short_hash(b));
            format!("/{p}?v={version}")
        })
        .collect()
}

/// `mo-hinh/x/index.html` -> `/mo-hinh/x/`; `404.html` -> `/404.html`.
fn url_path(file: &str) -> String {
    match file.strip_suffix("index.html") {
        Some(dir) => format!("/{dir}"),
        None => format!("/{file}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn url_paths_of_files() {
        assert_eq!(url_path("index.html"), "/");
        assert_eq!(url_path("en/news/x/index.html"), "/en/news/x/");
        assert_eq!(url_path("404.html"), "/404.html");
    }

    #[test]
    fn only_stylesheets() {
        let css: HashSet<PathBuf> = [PathBuf::from("/s/themes/t/static/kheo.css")].into();
        assert!(styles_only(&css));
        let mixed: HashSet<PathBuf> = [
            PathBuf::from("/s/themes/t/static/kheo.css"),
            PathBuf::from("/s/content/a.md"),
        ]
        .into();
        assert!(!styles_only(&mixed));
        assert!(!styles_only(&HashSet::new()));
        // A folder made to hold the stylesheet does not make it a page change.
        let dir = tempfile::tempdir().unwrap();
        let with_folder: HashSet<PathBuf> =
            [dir.path().to_path_buf(), dir.path().join("kheo.css")].into();
        assert!(styles_only(&with_folder));
    }

    #[test]
    fn loopback_only_by_default() {
        assert!(is_local("127.0.0.1".parse().unwrap()));
        assert!(is_local("::1".parse().unwrap()));
        assert!(!is_local("0.0.0.0".parse().unwrap()));
        assert!(!is_local("192.168.1.10".parse().unwrap()));
    }
}
