//! Stage timings for maintainers: with `KHEO_TIMINGS=1` in the environment, a
//! build prints how long each stage took on stderr, with the resident memory
//! at its end and the peak so far (Linux). Off by default: output never
//! depends on the clock.

use std::sync::OnceLock;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Instant;

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("KHEO_TIMINGS").is_some_and(|v| v != "0"))
}

/// Measures from its creation to each `lap`.
pub(crate) struct Timer {
    last: Instant,
}

impl Timer {
    pub(crate) fn start() -> Timer {
        Timer {
            last: Instant::now(),
        }
    }

    /// Prints the time since the previous lap under `name` (when enabled).
    pub(crate) fn lap(&mut self, name: &str) {
        if enabled() {
            let now = Instant::now();
            eprintln!(
                "kheo timing: {name:<18} {:>8.1} ms{}",
                (now - self.last).as_secs_f64() * 1000.0,
                memory().unwrap_or_default()
            );
            self.last = now;
        }
    }

    /// Prints a line of counts (when enabled), without ending a lap.
    pub(crate) fn note(&self, text: &str) {
        if enabled() {
            eprintln!("kheo timing: {text}");
        }
    }
}

/// Time spent on one kind of work that runs inside other stages, summed
/// over every thread (when enabled): the search index's share of rendering
/// each page, for instance, which no lap can isolate.
pub struct Spent(AtomicU64);

/// Analysing each page for the search index and writing its result's
/// details, while pages and lists render.
pub static SEARCH_PAGES: Spent = Spent::new();

/// Reading rendered pages' words into the search index's postings, while
/// the next pages render.
pub static SEARCH_POSTINGS: Spent = Spent::new();

impl Spent {
    const fn new() -> Spent {
        Spent(AtomicU64::new(0))
    }

    /// Runs `work`, adding the time it took (when enabled).
    pub fn measure<T>(&self, work: impl FnOnce() -> T) -> T {
        if !enabled() {
            return work();
        }
        let start = Instant::now();
        let out = work();
        let nanos = u64::try_from(start.elapsed().as_nanos()).unwrap_or(u64::MAX);
        self.0.fetch_add(nanos, Ordering::Relaxed);
        out
    }

    /// The time added since the last call, in milliseconds, and starts again.
    pub fn take_ms(&self) -> f64 {
        self.0.swap(0, Ordering::Relaxed) as f64 / 1e6
    }
}

/// `  rss 123 MiB, peak 456 MiB` from `/proc/self/status`, where there is one.
fn memory() -> Option<String> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| -> Option<u64> {
        let line = status.lines().find(|l| l.starts_with(name))?;
        line.split_whitespace().nth(1)?.parse().ok()
    };
    Some(format!(
        "   rss {:>5} MiB, peak {:>5} MiB",
        field("VmRSS:")? / 1024,
        field("VmHWM:")? / 1024
    ))
}
