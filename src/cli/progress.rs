//! The progress bar of `run` (on stderr, only when stderr is a terminal and not `--quiet`) and the
//! printing of warnings and failures.

use std::io::IsTerminal;
use std::sync::Mutex;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressState, ProgressStyle};
use selaras::pipeline::Progress;

/// Reports a run's progress on stderr.
pub struct Reporter {
    bar: Mutex<Option<ProgressBar>>,
    show_bar: bool,
}

impl Reporter {
    /// A reporter; the bar is drawn only if `quiet` is off and stderr is a terminal.
    pub fn new(quiet: bool) -> Reporter {
        Reporter {
            bar: Mutex::new(None),
            show_bar: !quiet && std::io::stderr().is_terminal(),
        }
    }

    fn with_bar(&self, f: impl FnOnce(&ProgressBar)) {
        if let Ok(guard) = self.bar.lock() {
            if let Some(bar) = guard.as_ref() {
                f(bar);
            }
        }
    }

    /// Prints a line on stderr without breaking the bar.
    fn line(&self, text: &str) {
        let mut printed = false;
        self.with_bar(|bar| {
            bar.suspend(|| eprintln!("{text}"));
            printed = true;
        });
        if !printed {
            eprintln!("{text}");
        }
    }

    /// Clears the bar.
    pub fn finish(&self) {
        self.with_bar(ProgressBar::finish_and_clear);
    }
}

impl Progress for Reporter {
    fn begin(&self, pass: &str, total: Option<usize>) {
        if !self.show_bar {
            return;
        }
        // One bar for the whole run, reset for each pass, so that it stays on one line. A pass
        // of unknown length (a stream) shows a count and a rate instead of a bar and an ETA.
        if let Ok(mut guard) = self.bar.lock() {
            // Hidden until set up, so that no frame of an empty bar is drawn.
            let bar = guard.get_or_insert_with(|| {
                ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden())
            });
            let template = match total {
                Some(_) => "{prefix:>9} [{wide_bar}] {human_pos}/{human_len} documents [{elapsed}, {eta} left]",
                None => "{prefix:>9} {spinner} {human_pos} documents [{elapsed}, {rate}]",
            };
            let style = ProgressStyle::with_template(template)
                .unwrap_or_else(|_| ProgressStyle::default_bar())
                .with_key(
                    "rate",
                    |state: &ProgressState, w: &mut dyn std::fmt::Write| {
                        let _ = write!(w, "{:.0}/s", state.per_sec());
                    },
                )
                .progress_chars("=> ");
            bar.set_style(style);
            bar.set_prefix(pass.to_string());
            match total {
                Some(total) => bar.set_length(total as u64),
                None => bar.unset_length(),
            }
            bar.reset();
            if bar.is_hidden() {
                bar.set_draw_target(ProgressDrawTarget::stderr());
            }
        }
    }

    fn advance(&self) {
        self.with_bar(|bar| bar.inc(1));
    }

    fn failed(&self, name: &str, error: &str) {
        let name = printable(name);
        self.line(&format!("selaras: error: document {name} failed: {error}"));
    }

    fn warning(&self, message: &str) {
        self.line(&format!("selaras: warning: {message}"));
    }

    fn cancelled(&self) -> bool {
        super::interrupt::interrupted()
    }
}

/// A document's name as a line on stderr can show it: control characters (a newline in a
/// stream's `doc`) escaped, an empty name quoted.
pub(super) fn printable(name: &str) -> String {
    if name.is_empty() {
        return "``".to_string();
    }
    name.chars()
        .map(|c| {
            if c.is_control() {
                c.escape_default().to_string()
            } else {
                c.to_string()
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::printable;

    #[test]
    fn regression_a_name_with_a_newline_is_printed_on_one_line() {
        assert_eq!(printable("news/a1"), "news/a1");
        assert_eq!(printable("x\ny"), "x\\ny");
        assert_eq!(printable(""), "``");
        assert_eq!(printable("berita/ü"), "berita/ü");
    }
}
