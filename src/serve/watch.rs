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
pub struct Watcher {
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
    themes: Option<PathBuf>,
}

impl Watcher {
    /// Starts watching `themes/` if it appeared since (a site starts
    /// overriding the theme while the preview runs).
    pub fn follow_new_themes_folder(&mut self, root: &Path) {
        let themes = root.join("themes");
        if self.themes.is_none()
            && themes.is_dir()
            && self
                .debouncer
                .watch(&themes, RecursiveMode::Recursive)
                .is_ok()
        {
            self.themes = Some(themes);
        }
    }
}

/// What the watcher reports.
pub enum Change {
    /// Files or folders created, changed, renamed or removed.
    Paths(Vec<PathBuf>),
    /// The watcher itself failed (e.g. too many folders for the system's limit).
    Error(String),
    /// The server is stopping. (The watcher keeps its own sender, so the
    /// channel never closes by itself while it runs.)
    Stop,
}

/// Watches `<root>/content` and `<root>/themes` (and the root itself, not
/// recursively, so a `themes/` folder created later is noticed).
pub fn watch(root: &Path, to: Sender<Change>) -> Result<Watcher, String> {
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
        .watch(root.join("content"), RecursiveMode::Recursive)
        .map_err(|e| format!("cannot watch content/: {e}"))?;
    debouncer
        .watch(root, RecursiveMode::NonRecursive)
        .map_err(|e| format!("cannot watch the site folder: {e}"))?;
    let mut watcher = Watcher {
        debouncer,
        themes: None,
    };
    watcher.follow_new_themes_folder(root);
    Ok(watcher)
}
