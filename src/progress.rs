//! Progress of a build, as counters the pipeline updates and a front end may
//! show (the binary draws them on a terminal; CI logs get one summary line).

use std::sync::atomic::{AtomicU8, AtomicUsize, Ordering};

/// The stage a build is in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stage {
    Starting,
    Loading,
    Checking,
    Rendering,
    Finishing,
}

impl Stage {
    fn from_u8(n: u8) -> Stage {
        match n {
            1 => Stage::Loading,
            2 => Stage::Checking,
            3 => Stage::Rendering,
            4 => Stage::Finishing,
            _ => Stage::Starting,
        }
    }

    fn as_u8(self) -> u8 {
        match self {
            Stage::Starting => 0,
            Stage::Loading => 1,
            Stage::Checking => 2,
            Stage::Rendering => 3,
            Stage::Finishing => 4,
        }
    }
}

/// Counters shared between the build and whoever displays them.
#[derive(Debug, Default)]
pub struct Progress {
    stage: AtomicU8,
    done: AtomicUsize,
    total: AtomicUsize,
}

impl Progress {
    pub fn new() -> Progress {
        Progress::default()
    }

    /// Enters a stage of `total` steps (0 when unknown).
    pub(crate) fn enter(&self, stage: Stage, total: usize) {
        self.done.store(0, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
        self.stage.store(stage.as_u8(), Ordering::Relaxed);
    }

    /// One step done.
    pub(crate) fn step(&self) {
        self.done.fetch_add(1, Ordering::Relaxed);
    }

    /// (stage, steps done, total steps).
    pub fn snapshot(&self) -> (Stage, usize, usize) {
        (
            Stage::from_u8(self.stage.load(Ordering::Relaxed)),
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_steps_per_stage() {
        let p = Progress::new();
        assert_eq!(p.snapshot(), (Stage::Starting, 0, 0));
        p.enter(Stage::Rendering, 3);
        p.step();
        p.step();
        assert_eq!(p.snapshot(), (Stage::Rendering, 2, 3));
        p.enter(Stage::Finishing, 0);
        assert_eq!(p.snapshot(), (Stage::Finishing, 0, 0));
    }
}
