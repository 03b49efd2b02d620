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

fn main() -> ExitCode {
    let args = cli::Cli::parse();
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
