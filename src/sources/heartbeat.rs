//! Heartbeats of the background threads (one per source, the vote sender),
//! so the systemd watchdog sees a hung or dead thread and not only a hung
//! frame loop. Each thread beats while it waits and before and after every
//! fetch; a thread that has not beaten within its allowance, or that ended
//! by panicking, counts as stalled and the wall stops pinging the watchdog.

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

/// The longest a background thread sleeps between beats.
pub(crate) const BEAT_EVERY: Duration = Duration::from_secs(5);

/// Every background thread's heartbeat; cloned into the threads and read
/// where the watchdog is pinged.
#[derive(Clone)]
pub struct Heartbeats {
    base: Instant,
    threads: Arc<Mutex<Vec<Arc<Slot>>>>,
}

struct Slot {
    name: String,
    /// How long this thread may go without a beat: its longest fetch plus
    /// a margin.
    allowance: Duration,
    /// Milliseconds since `base` at the last beat.
    last_ms: AtomicU64,
    /// The thread ended as it should (its wall went away).
    retired: AtomicBool,
    /// The thread ended by panicking.
    died: AtomicBool,
}

/// One thread's end: beat it often; dropping it retires the thread (or
/// marks it dead when dropped by a panic).
pub struct Beat {
    base: Instant,
    slot: Arc<Slot>,
}

impl Default for Heartbeats {
    fn default() -> Self {
        Heartbeats { base: Instant::now(), threads: Arc::default() }
    }
}

impl Heartbeats {
    /// Registers a thread named `name` that beats at least every
    /// `allowance`.
    pub fn register(&self, name: &str, allowance: Duration) -> Beat {
        let slot = Arc::new(Slot {
            name: name.to_string(),
            allowance,
            last_ms: AtomicU64::new(millis_since(self.base)),
            retired: AtomicBool::new(false),
            died: AtomicBool::new(false),
        });
        if let Ok(mut threads) = self.threads.lock() {
            threads.retain(|slot| !slot.retired.load(Ordering::Relaxed));
            threads.push(slot.clone());
        }
        Beat { base: self.base, slot }
    }

    /// The threads that are dead or have not beaten in time, each with why.
    pub fn stalled(&self) -> Vec<String> {
        let now = millis_since(self.base);
        let Ok(threads) = self.threads.lock() else {
            return vec!["the heartbeat registry (poisoned)".into()];
        };
        threads
            .iter()
            .filter(|slot| !slot.retired.load(Ordering::Relaxed))
            .filter_map(|slot| {
                if slot.died.load(Ordering::Relaxed) {
                    return Some(format!("{} (the thread died)", slot.name));
                }
                let silent = now.saturating_sub(slot.last_ms.load(Ordering::Relaxed));
                (silent > slot.allowance.as_millis() as u64)
                    .then(|| format!("{} (no heartbeat for {} s)", slot.name, silent / 1000))
            })
            .collect()
    }
}

/// A second handle on a thread's heartbeat, for the work inside one step
/// (each page of a paged poll): it beats like its [`Beat`], and dropping it
/// retires nothing.
#[derive(Clone)]
pub struct Pulse {
    base: Instant,
    slot: Arc<Slot>,
}

impl Pulse {
    pub fn beat(&self) {
        self.slot.last_ms.store(millis_since(self.base), Ordering::Relaxed);
    }
}

impl Beat {
    pub fn beat(&self) {
        self.slot.last_ms.store(millis_since(self.base), Ordering::Relaxed);
    }

    /// A handle that beats this heartbeat from inside a long step.
    pub fn pulse(&self) -> Pulse {
        Pulse { base: self.base, slot: self.slot.clone() }
    }

    /// Sleeps for `wait`, beating at least every [`BEAT_EVERY`]; stops early
    /// (returning false) when `keep_going` says so.
    pub fn sleep(&self, wait: Duration, keep_going: impl Fn() -> bool) -> bool {
        let until = Instant::now() + wait;
        loop {
            self.beat();
            if !keep_going() {
                return false;
            }
            let left = until.saturating_duration_since(Instant::now());
            if left.is_zero() {
                return true;
            }
            std::thread::sleep(left.min(BEAT_EVERY));
        }
    }
}

impl Drop for Beat {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.slot.died.store(true, Ordering::Relaxed);
        } else {
            self.slot.retired.store(true, Ordering::Relaxed);
        }
    }
}

fn millis_since(base: Instant) -> u64 {
    Instant::now().saturating_duration_since(base).as_millis() as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_silent_or_dead_thread_is_stalled_and_a_finished_one_is_not() {
        let beats = Heartbeats::default();
        let quick = beats.register("source feed.json", Duration::from_millis(50));
        let patient = beats.register("vote sender", Duration::from_secs(60));
        assert!(beats.stalled().is_empty());
        std::thread::sleep(Duration::from_millis(120));
        assert_eq!(beats.stalled().len(), 1, "{:?}", beats.stalled());
        assert!(beats.stalled()[0].starts_with("source feed.json (no heartbeat"));
        quick.beat();
        assert!(beats.stalled().is_empty());
        drop(quick);
        std::thread::sleep(Duration::from_millis(120));
        assert!(beats.stalled().is_empty(), "a retired thread is not stalled");

        let dying = beats.register("source fider", Duration::from_secs(60));
        let _ = std::thread::spawn(move || {
            let _keep = dying;
            panic!("a bug in a parser");
        })
        .join();
        assert_eq!(beats.stalled(), ["source fider (the thread died)"]);
        drop(patient);
    }
}
