//! Stage timings for maintainers: with `KHEO_TIMINGS=1` in the environment, a
//! build prints how long each stage took on stderr, with the resident memory
//! at its end and the peak so far (Linux). Off by default: output never
//! depends on the clock.

use std::sync::OnceLock;
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
