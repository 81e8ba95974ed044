//! Stage timings for maintainers: with `KHEO_TIMINGS=1` in the environment, a
//! build prints how long each stage took on stderr. Off by default: output
//! never depends on the clock.

use std::sync::OnceLock;
use std::time::Instant;

fn enabled() -> bool {
    static ON: OnceLock<bool> = OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("KHEO_TIMINGS").is_some_and(|v| v != "0"))
}

/// Measures from its creation to each `lap`.
pub struct Timer {
    last: Instant,
}

impl Timer {
    pub fn start() -> Timer {
        Timer {
            last: Instant::now(),
        }
    }

    /// Prints the time since the previous lap under `name` (when enabled).
    pub fn lap(&mut self, name: &str) {
        if enabled() {
            let now = Instant::now();
            eprintln!(
                "kheo timing: {name:<18} {:>8.1} ms",
                (now - self.last).as_secs_f64() * 1000.0
            );
            self.last = now;
        }
    }
}
