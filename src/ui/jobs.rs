//! Long jobs off the UI thread. A [`Task`] runs its work on a worker thread with a
//! [`progress::Shared`](crate::progress::Shared); the window polls it each frame, draws its
//! label, bar and a Cancel button, and takes the result once. Work that needs the project opens
//! its own connection (`Document::worker_project`): SQLite in WAL mode serves both.

use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, TryRecvError};
use std::time::{Duration, Instant};

use egui::Ui;

use crate::i18n::{Lang, T as Text};
use crate::progress::{Progress, Shared};

/// How often the window redraws while a job runs, to move its bar.
const REDRAW: Duration = Duration::from_millis(150);

/// A job running on a worker thread that yields a `T` (or an error) once.
pub struct Task<T> {
    label: String,
    progress: Arc<Shared>,
    rx: Receiver<anyhow::Result<T>>,
    started: Instant,
    /// The result once received and not yet taken (after [`Task::block`]).
    ready: Option<anyhow::Result<T>>,
    taken: bool,
}

impl<T: Send + 'static> Task<T> {
    /// Starts `work` on a worker thread; the window is asked to redraw when it ends.
    pub fn spawn<F>(ctx: &egui::Context, label: impl Into<String>, work: F) -> Self
    where
        F: FnOnce(&dyn Progress) -> anyhow::Result<T> + Send + 'static,
    {
        let label = label.into();
        let progress = Shared::new();
        let (tx, rx) = mpsc::channel();
        let failed = tx.clone();
        let (p, ctx) = (progress.clone(), ctx.clone());
        let spawned = std::thread::Builder::new().name(format!("onemap job: {label}")).spawn(move || {
            // A panic in the work must reach the window as an error, not leave a bar running forever.
            let result = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| work(p.as_ref())))
                .unwrap_or_else(|_| Err(anyhow::anyhow!("internal error: the job stopped unexpectedly")));
            let _ = tx.send(result);
            ctx.request_repaint();
        });
        if let Err(e) = spawned {
            let _ = failed.send(Err(anyhow::anyhow!("cannot start a worker thread: {e}")));
        }
        Self { label, progress, rx, started: Instant::now(), ready: None, taken: false }
    }

    /// The result once the work has ended (`Some` exactly once), `None` while it runs.
    pub fn poll(&mut self) -> Option<anyhow::Result<T>> {
        if self.taken {
            return None;
        }
        if let Some(r) = self.ready.take() {
            self.taken = true;
            return Some(r);
        }
        let r = match self.rx.try_recv() {
            Ok(r) => r,
            Err(TryRecvError::Empty) => return None,
            Err(TryRecvError::Disconnected) => Err(anyhow::anyhow!("the job could not run")),
        };
        self.taken = true;
        Some(r)
    }

    /// True once the result has been taken.
    pub fn finished(&self) -> bool {
        self.taken
    }

    /// Blocks until the work has ended, leaving the result for the next [`Task::poll`], so the
    /// window handles it as it would after a real wait (tests use this).
    pub fn block(&mut self) {
        if !self.taken && self.ready.is_none() {
            self.ready = Some(self.rx.recv().unwrap_or_else(|_| Err(anyhow::anyhow!("the job could not run"))));
        }
    }

    /// Blocks until the work ends and takes its result.
    pub fn wait(&mut self) -> anyhow::Result<T> {
        self.block();
        self.poll().unwrap_or_else(|| Err(anyhow::anyhow!("the job's result was already taken")))
    }

    /// Asks the work to stop at its next check; its result then says it was cancelled.
    pub fn cancel(&self) {
        self.progress.cancel();
    }

    /// Draws the label, the phase, a bar (or a spinner when the size is unknown), the elapsed
    /// time and a Cancel button; keeps the window redrawing while the job runs.
    pub fn ui(&self, ui: &mut Ui, lang: Lang) {
        ui.ctx().request_repaint_after(REDRAW);
        ui.horizontal(|ui| {
            let (what, done, total) = self.progress.status();
            let phase = if what.is_empty() { self.label.clone() } else { format!("{} · {what}", self.label) };
            let elapsed = self.started.elapsed().as_secs_f32();
            match self.progress.fraction() {
                Some(f) => {
                    let bar = egui::ProgressBar::new(f).desired_width(160.0).text(format!("{done}/{total}"));
                    ui.add(bar);
                }
                None => {
                    ui.spinner();
                }
            }
            ui.label(format!("{phase} ({elapsed:.0} s)"));
            if self.progress.cancelled() {
                ui.weak(lang.t(Text::JobCancelling));
            } else if ui.small_button(lang.t(Text::Cancel)).clicked() {
                self.cancel();
            }
        });
    }
}

/// What a finished app-level job does to the window (reload the project, show a result …).
pub type Finish = Box<dyn FnOnce(&mut super::app::OneMapApp) + Send>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_task_yields_its_result_once() {
        let ctx = egui::Context::default();
        let mut t = Task::spawn(&ctx, "sum", |p| {
            p.begin("adding", Some(3));
            Ok((1..=3).sum::<u32>())
        });
        assert_eq!(t.wait().ok(), Some(6));
        assert!(t.poll().is_none(), "a second result must not appear");
        assert!(t.finished());
    }

    #[test]
    fn cancel_reaches_the_work_and_a_panic_becomes_an_error() {
        let ctx = egui::Context::default();
        let (go_tx, go_rx) = mpsc::channel::<()>();
        let mut t = Task::spawn(&ctx, "loop", move |p| {
            let _ = go_rx.recv();
            if p.cancelled() { Err(anyhow::anyhow!("cancelled")) } else { Ok(()) }
        });
        t.cancel();
        let _ = go_tx.send(());
        assert!(t.wait().is_err());
        let mut boom: Task<()> = Task::spawn(&ctx, "boom", |_| panic!("bug"));
        assert!(boom.wait().unwrap_err().to_string().contains("internal error"));
    }
}
