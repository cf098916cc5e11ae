//! One module per command group; each renders what factory-app returns.

pub mod bench;
pub mod brain;
mod demo;
mod home;
pub mod learning;
mod mcp;
pub mod plan;
pub mod publish;
mod repo;
pub mod runs;
pub mod sandbox;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context as _;
use factory_app::Home;

use crate::cli::{Cli, Command};

pub async fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    let cwd = std::env::current_dir().context("while reading the current directory")?;
    let context = Context { home: cli.home, cwd };
    // Sandboxes whose factory was killed are stopped by the next command, whatever it is.
    if let Ok(home) = context.home() {
        factory_app::sandbox::reap_abandoned(&home).await;
    }
    match cli.command {
        Command::Init(args) => home::init(&context, args),
        Command::Repo(command) => repo::run(&context, command),
        Command::Status(flag) => home::status(&context, flag).await,
        Command::Demo(args) => demo::run(&context, args).await,
        Command::Brain(command) => brain::run(&context, command).await,
        Command::Bench(command) => bench::run(&context, command).await,
        Command::Sandbox(command) => sandbox::run(&context, command).await,
        Command::Verify(args) => sandbox::verify(&context, args).await,
        Command::Doctor(flag) => runs::doctor(&context, flag).await,
        Command::Plan(args) => plan::run(&context, args).await,
        Command::Run(args) => runs::run(&context, args).await,
        Command::Runs(flag) => runs::list(&context, flag).await,
        Command::Approve(args) => runs::approve(&context, args).await,
        Command::Reject(args) => runs::reject(&context, args).await,
        Command::Report(args) => runs::report(&context, args).await,
        Command::Evidence(command) => runs::evidence(&context, command).await,
        Command::Publish(args) => publish::run(&context, args).await,
        Command::Learn { run, output } => learning::learn(&context, run, output).await,
        Command::Lessons(flag) => learning::lessons(&context, flag),
        Command::Rules(flag) => learning::rules(&context, flag),
        Command::Evolve(command) => learning::evolve(&context, command),
        Command::Stats(flag) => learning::stats(&context, flag).await,
        Command::Mcp => mcp::run(&context).await,
    }
}

/// What every command may need: the `--home` given, and where it was run from.
pub struct Context {
    pub home: Option<PathBuf>,
    pub cwd: PathBuf,
}

impl Context {
    pub fn home(&self) -> Result<Home, factory_app::AppError> {
        Home::locate(self.home.as_deref(), &self.cwd)
    }

    pub fn cwd(&self) -> &Path {
        &self.cwd
    }
}
