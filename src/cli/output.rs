//! How the command line prints: JSON when asked, aligned text otherwise, and errors with
//! their causes on one line.

use std::io::Write;

/// An error and its causes, joined: "cannot import: stations.csv, line 3: …".
pub fn describe(e: &anyhow::Error) -> String {
    let mut parts: Vec<String> = Vec::new();
    for cause in e.chain() {
        let s = cause.to_string();
        if !parts.iter().any(|p| p.contains(&s)) {
            parts.push(s);
        }
    }
    parts.join(": ")
}

/// Prints a value as pretty JSON on stdout.
pub fn json<T: serde::Serialize>(value: &T) -> anyhow::Result<()> {
    let mut out = std::io::stdout().lock();
    serde_json::to_writer_pretty(&mut out, value)?;
    writeln!(out)?;
    Ok(())
}

/// Prints rows as a table with columns padded to their widest cell (CJK counted double).
pub fn table(header: &[&str], rows: &[Vec<String>]) {
    fn width(s: &str) -> usize {
        s.chars().map(|c| if (c as u32) >= 0x2E80 { 2 } else { 1 }).sum()
    }
    let mut widths: Vec<usize> = header.iter().map(|h| width(h)).collect();
    for r in rows {
        for (i, c) in r.iter().enumerate() {
            if let Some(w) = widths.get_mut(i) {
                *w = (*w).max(width(c));
            }
        }
    }
    let line = |cells: Vec<&str>| {
        cells
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c}{}", " ".repeat(w.saturating_sub(width(c)))))
            .collect::<Vec<_>>()
            .join("  ")
            .trim_end()
            .to_string()
    };
    let mut out = std::io::stdout().lock();
    let _ = writeln!(out, "{}", line(header.to_vec()));
    for r in rows {
        let _ = writeln!(out, "{}", line(r.iter().map(String::as_str).collect()));
    }
}

/// A terminal progress bar that mirrors a job's [`Progress`](crate::progress::Progress); hidden
/// when stderr is not a terminal.
pub struct Bar(indicatif::ProgressBar);

impl Bar {
    pub fn new() -> Self {
        let bar = indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::stderr());
        Self(bar)
    }

    pub fn finish(&self) {
        self.0.finish_and_clear();
    }
}

impl crate::progress::Progress for Bar {
    fn begin(&self, what: &str, total: Option<u64>) {
        let style = match total {
            Some(t) => {
                self.0.set_length(t);
                indicatif::ProgressStyle::with_template("{msg} [{bar:40}] {bytes}/{total_bytes} ({eta})")
            }
            None => indicatif::ProgressStyle::with_template("{spinner} {msg} {pos}"),
        };
        if let Ok(style) = style {
            self.0.set_style(style.progress_chars("=> "));
        }
        self.0.set_message(what.to_string());
    }

    fn set(&self, done: u64) {
        self.0.set_position(done);
    }
}
