//! Progress and cancellation for long jobs (imports, graph builds, siting), shared by the
//! terminal (a progress bar) and the window (a bar and a Cancel button on a worker thread).

use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

/// Receives progress from a job and tells it when to stop.
pub trait Progress: Send + Sync {
    /// A new phase starts: what it does, and how many units it has when known.
    fn begin(&self, what: &str, total: Option<u64>);
    /// Units done so far in this phase.
    fn set(&self, done: u64);
    /// True once the user asked to stop; jobs check it between units of work.
    fn cancelled(&self) -> bool {
        false
    }
}

/// Ignores progress and never cancels.
pub struct Silent;

impl Progress for Silent {
    fn begin(&self, _: &str, _: Option<u64>) {}
    fn set(&self, _: u64) {}
}

/// Progress kept in atomics, polled by the window each frame; `cancel()` stops the job.
#[derive(Default)]
pub struct Shared {
    what: Mutex<String>,
    total: AtomicU64,
    done: AtomicU64,
    cancel: AtomicBool,
}

impl Shared {
    pub fn new() -> Arc<Self> {
        Arc::new(Self::default())
    }

    pub fn cancel(&self) {
        self.cancel.store(true, Ordering::Relaxed);
    }

    /// (what, done, total) — total is 0 when unknown.
    pub fn status(&self) -> (String, u64, u64) {
        let what = self.what.lock().map(|w| w.clone()).unwrap_or_default();
        (what, self.done.load(Ordering::Relaxed), self.total.load(Ordering::Relaxed))
    }

    /// Fraction done in [0, 1], or `None` when the total is unknown.
    pub fn fraction(&self) -> Option<f32> {
        let total = self.total.load(Ordering::Relaxed);
        (total > 0).then(|| (self.done.load(Ordering::Relaxed) as f64 / total as f64).min(1.0) as f32)
    }
}

impl Progress for Shared {
    fn begin(&self, what: &str, total: Option<u64>) {
        if let Ok(mut w) = self.what.lock() {
            *w = what.to_string();
        }
        self.total.store(total.unwrap_or(0), Ordering::Relaxed);
        self.done.store(0, Ordering::Relaxed);
    }

    fn set(&self, done: u64) {
        self.done.store(done, Ordering::Relaxed);
    }

    fn cancelled(&self) -> bool {
        self.cancel.load(Ordering::Relaxed)
    }
}

/// Counts the bytes read through it, so a streaming parser's progress can be shown as a share
/// of the file size.
pub struct CountingReader<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R> CountingReader<R> {
    pub fn new(inner: R, count: Arc<AtomicU64>) -> Self {
        Self { inner, count }
    }
}

impl<R: std::io::Read> std::io::Read for CountingReader<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}
