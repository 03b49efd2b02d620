//! The `selaras` command: flags in, exit status out. Every behaviour lives in the library; this
//! binary parses arguments, wires the stages together and maps errors to exit statuses:
//! 0 all aligned, 1 nothing could be done, 2 usage error, 3 some documents failed, 130
//! interrupted by a signal (see `cli::interrupt`).

mod cli;

use std::process::ExitCode;

use clap::Parser;

/// mimalloc: the aligner makes many small, short-lived allocations per sentence (token lists,
/// feature items, per-document maps); glibc's allocator spent about a tenth of the CPU on them.
#[cfg(feature = "mimalloc")]
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// mimalloc's `purge_delay` option (its place in `mi_option_e`, the same in mimalloc 2 and 3).
#[cfg(feature = "mimalloc")]
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Turns transparent huge pages off for this process. mimalloc asks for them on its memory, and
/// each first touch of such memory then makes 2 MB resident: a 21.2 MB document pair peaked at
/// 89 MB with them and 64 MB without, and a corpus run was no slower. `split` keeps them: it
/// reads and writes one text through a few large buffers, which they fill with a fraction of
/// the page faults (8 MB of text split in 33 ms with them, 37–39 ms without).
#[cfg(target_os = "linux")]
fn disable_huge_pages() {
    // SAFETY: PR_SET_THP_DISABLE takes no pointer; it sets a flag of this process that the
    // kernel reads when it next maps memory. A kernel without it returns an error, ignored.
    unsafe {
        libc::prctl(libc::PR_SET_THP_DISABLE, 1, 0, 0, 0);
    }
}

#[cfg(not(target_os = "linux"))]
fn disable_huge_pages() {}

fn main() -> ExitCode {
    // Freed pages go back to the system at once rather than after 10 ms: one large document
    // frees and allocates tens of megabytes between its stages, and the delay kept both in
    // memory (peak 190 MB instead of 170 MB for a 21 MB pair, for no measurable time).
    #[cfg(feature = "mimalloc")]
    // SAFETY: setting an option is allowed at any time; this one only tunes when memory is freed.
    unsafe {
        libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0);
    }
    let args = cli::Cli::parse();
    if !args.is_split() {
        disable_huge_pages();
    }
    cli::interrupt::install();
    match cli::dispatch(args) {
        Ok(status) => status.into(),
        Err(err) => {
            if cli::is_broken_pipe(&err) {
                return ExitCode::SUCCESS;
            }
            eprintln!("selaras: error: {}", cli::describe(&err));
            cli::exit_status_of(&err)
        }
    }
}
