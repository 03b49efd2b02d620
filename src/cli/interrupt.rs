//! Ctrl-C and termination signals (SIGINT, SIGTERM, SIGHUP).
//!
//! During `run` a first signal asks the pipeline to stop between documents: it then drops its
//! writers (their temporary files go with them), leaves every output as it was, and the program
//! exits with status 130. If the documents in progress take longer than [`GRACE`], or a second
//! signal comes, or the command does not stop by itself (`align`, `split`, `eval`), the program
//! removes every temporary file still open — even one half written — and exits with status 130
//! at once. A temporary file left by a run killed outright (SIGKILL) is removed by the next run.

use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// How long the program waits, after a first signal, for a run to stop by itself.
pub const GRACE: Duration = Duration::from_secs(3);

/// The exit status of a program stopped by a signal (128 + SIGINT, as shells report it).
pub const STATUS: u8 = 130;

static INTERRUPTED: AtomicBool = AtomicBool::new(false);
static COOPERATIVE: AtomicBool = AtomicBool::new(false);

/// Installs the handler. Where it cannot be installed, signals keep their default effect (the
/// program ends at once) and the next run removes the temporary files left behind.
pub fn install() {
    let _ = ctrlc::set_handler(on_signal);
}

/// Whether a signal has asked the program to stop.
pub fn interrupted() -> bool {
    INTERRUPTED.load(Ordering::SeqCst)
}

/// While a value of this type lives, the command checks [`interrupted`] and stops by itself.
pub struct Cooperative(());

impl Cooperative {
    /// Starts a span in which the command stops by itself.
    pub fn begin() -> Cooperative {
        COOPERATIVE.store(true, Ordering::SeqCst);
        Cooperative(())
    }
}

impl Drop for Cooperative {
    fn drop(&mut self) {
        COOPERATIVE.store(false, Ordering::SeqCst);
    }
}

fn on_signal() {
    let first = !INTERRUPTED.swap(true, Ordering::SeqCst);
    if first && COOPERATIVE.load(Ordering::SeqCst) {
        eprintln!(
            "selaras: interrupted: stopping after the documents in progress \
             (press Ctrl-C again to stop at once)"
        );
        // The handler must return to see a second signal: the deadline runs on its own thread.
        std::thread::spawn(|| {
            std::thread::sleep(GRACE);
            stop_now();
        });
        return;
    }
    stop_now();
}

fn stop_now() -> ! {
    let removed = selaras::pipeline::remove_live_temporaries();
    eprintln!("selaras: interrupted: stopped; {removed} unfinished temporary file(s) removed");
    std::process::exit(i32::from(STATUS));
}
