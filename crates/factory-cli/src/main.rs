//! `factory`: the command-line front end. Parses arguments, calls factory-app, renders the
//! result: data on stdout (`--json` for machines), progress and diagnostics on stderr.
//! Exit codes: 0 success, 1 the thing checked failed (or the work itself failed), 2 bad usage
//! or input.
#![expect(clippy::print_stdout, clippy::print_stderr, reason = "the binary is where output is printed")]

mod cli;
mod commands;
mod output;

use std::process::ExitCode;

use clap::Parser;

/// The brain's scans allocate many small strings; mimalloc serves them faster than the
/// system allocator (docs/benchmarks.md). Built without its transparent-huge-page advice
/// (`no_thp`): a short scan touches its per-thread segments sparsely, and the kernel zeroing
/// whole 2 MiB pages for them cost more than the pages saved.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    quiet_on_closed_stdout();
    let cli = cli::Cli::parse();
    let filter = if cli.verbose { "debug" } else { "warn" };
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_from_env("FACTORY_LOG").unwrap_or_else(|_| filter.into()))
        .with_writer(std::io::stderr)
        .without_time()
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(error) => {
            eprintln!("error: could not start the async runtime: {error}");
            return ExitCode::from(1);
        }
    };
    match runtime.block_on(commands::run(cli)) {
        Ok(code) => code,
        Err(error) => {
            eprintln!("error: {error:#}");
            let bad_input = error.downcast_ref::<factory_app::AppError>().is_some_and(factory_app::AppError::is_bad_input);
            ExitCode::from(if bad_input { 2 } else { 1 })
        }
    }
}

/// `factory ... | head` closes stdout early; the next `println!` then panics. Exit quietly
/// instead, as other command-line tools do when their reader goes away.
fn quiet_on_closed_stdout() {
    let default_hook = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let message = info.payload().downcast_ref::<String>().map(String::as_str).or_else(|| info.payload().downcast_ref::<&str>().copied()).unwrap_or_default();
        if message.contains("failed printing to stdout") && message.contains("Broken pipe") {
            std::process::exit(0);
        }
        default_hook(info);
    }));
}
