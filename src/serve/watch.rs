//! Watching `content/` and `themes/` for the editor's saves. Events are
//! debounced (an atomic save is a write, a rename and a delete within a few
//! milliseconds) and handed on as one batch of changed paths.

use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify_debouncer_full::notify::{EventKind, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

/// Long enough to gather one save's events, short enough to stay unnoticed.
const DEBOUNCE: Duration = Duration::from_millis(10);

/// A running watcher; dropping it stops watching.
pub(crate) struct Watcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
    /// The folder watched at `content/`, and at `themes/`, when one is.
    content: Option<Identity>,
    themes: Option<Identity>,
}

/// Which folder is at a path: the system watches a folder, not a path, so
/// a folder deleted and made again (or renamed over) must be watched anew.
type Identity = u128;

fn identity(path: &Path) -> Option<Identity> {
    let meta = std::fs::metadata(path).ok().filter(|m| m.is_dir())?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((u128::from(meta.dev()) << 64) | u128::from(meta.ino()))
    }
    #[cfg(not(unix))]
    {
        Some(
            meta.created()
                .ok()
                .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                .map_or(0, |d| d.as_nanos()),
        )
    }
}

impl Watcher {
    /// Watches `content/` and `themes/` again when either appeared or was
    /// replaced since (deleted and restored, a copy renamed over it, a
    /// `themes/` folder made while the preview runs). Returns whether a
    /// folder is watched anew: what is remembered of its files may be stale.
    pub(crate) fn refresh(&mut self) -> Result<bool, String> {
        let content = follow(
            &mut self.debouncer,
            &self.root.join("content"),
            &mut self.content,
        )
        .map_err(|e| format!("cannot watch content/: {e}"))?;
        let themes = follow(
            &mut self.debouncer,
            &self.root.join("themes"),
            &mut self.themes,
        )
        .map_err(|e| format!("cannot watch themes/: {e}"))?;
        Ok(content || themes)
    }
}

/// Watches `path` if the folder there is not the one `watched`.
fn follow(
    debouncer: &mut Debouncer<RecommendedWatcher, RecommendedCache>,
    path: &Path,
    watched: &mut Option<Identity>,
) -> Result<bool, notify_debouncer_full::notify::Error> {
    let now = identity(path);
    if now == *watched {
        return Ok(false);
    }
    if watched.take().is_some() {
        let _ = debouncer.unwatch(path);
    }
    let Some(now) = now else {
        return Ok(false);
    };
    debouncer.watch(path, RecursiveMode::Recursive)?;
    *watched = Some(now);
    Ok(true)
}

/// What the watcher reports.
pub(crate) enum Change {
    /// Files or folders created, changed, renamed or removed.
    Paths(Vec<PathBuf>),
    /// The watcher itself failed (e.g. too many folders for the system's limit).
    Error(String),
    /// The server is stopping. (The watcher keeps its own sender, so the
    /// channel never closes by itself while it runs.)
    Stop,
}

/// Watches `<root>/content` and `<root>/themes` (and the root itself, not
/// recursively, so a `themes/` folder created later, or a `content/`
/// folder deleted and restored, is noticed: see [`Watcher::refresh`]).
pub(crate) fn watch(root: &Path, to: Sender<Change>) -> Result<Watcher, String> {
    // Events carry absolute paths; compare them with an absolute root.
    let root = &root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let content = root.join("content");
    let themes = root.join("themes");
    let handler = move |result: DebounceEventResult| {
        let change = match result {
            Ok(events) => {
                let mut paths: Vec<PathBuf> = events
                    .into_iter()
                    .filter(|e| !matches!(e.event.kind, EventKind::Access(_)))
                    .flat_map(|e| e.event.paths.clone())
                    .filter(|p| p.starts_with(&content) || p.starts_with(&themes))
                    .collect();
                paths.sort();
                paths.dedup();
                if paths.is_empty() {
                    return;
                }
                Change::Paths(paths)
            }
            Err(errors) => Change::Error(
                errors
                    .iter()
                    .map(ToString::to_string)
                    .collect::<Vec<_>>()
                    .join("; "),
            ),
        };
        let _ = to.send(change);
    };
    let mut debouncer = new_debouncer(DEBOUNCE, None, handler).map_err(|e| e.to_string())?;
    debouncer
        .watch(root, RecursiveMode::NonRecursive)
        .map_err(|e| crate::msg!("serve.cannot-watch", error = e))?;
    let mut watcher = Watcher {
        debouncer,
        root: root.clone(),
        content: None,
        themes: None,
    };
    watcher.refresh()?;
    Ok(watcher)
}
