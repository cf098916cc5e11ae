//! The command line, as clap sees it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "factory", version, about = "A software factory: a control plane around coding agents", propagate_version = true)]
pub struct Cli {
    /// The factory home to use (default: the nearest folder at or above the current one that
    /// holds a factory.toml).
    #[arg(long, global = true, env = "FACTORY_HOME", value_name = "DIR")]
    pub home: Option<PathBuf>,

    /// Log what the factory does to stderr.
    #[arg(long, short, global = true)]
    pub verbose: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Create a factory home: a git repository with factory.toml, agents, skills, workflows.
    Init(InitArgs),
    /// Register, list and remove the org's repositories.
    #[command(subcommand)]
    Repo(RepoCommand),
    /// Show the home, each repo's checkout and the store.
    Status(JsonFlag),
    /// Create the example org acme and show the factory working on it.
    Demo(DemoArgs),
    /// The org's knowledge graph: scan repos, ask what a change affects, check contracts.
    #[command(subcommand)]
    Brain(crate::commands::brain::BrainCommand),
    /// Benchmarks: `bench org --repos N` times the brain on a synthetic org.
    #[command(subcommand)]
    Bench(crate::commands::bench::BenchCommand),
    /// The org's services, up on any checkout: up, status, logs, down.
    #[command(subcommand)]
    Sandbox(crate::commands::sandbox::SandboxCommand),
    /// Run every declared check against the sandbox: pass, fail or unknown each (exit 1 unless all pass).
    Verify(crate::commands::sandbox::VerifyArgs),
    /// What this machine offers the sandbox: isolation (bwrap, Landlock), chromium, python3.
    Doctor(JsonFlag),
    /// Plan an outcome from the brain: tasks per repo, order, lane, verification, rollout, rollback.
    Plan(crate::commands::plan::PlanArgs),
    /// Carry an outcome through spec, plan, build, verify, learn and evolve; or show, resume, cancel, clean a run.
    Run(crate::commands::runs::RunArgs),
    /// Every run with its status and stage.
    Runs(JsonFlag),
    /// Approve the gate a run waits at, and go on.
    Approve(crate::commands::runs::GateArgs),
    /// Reject the gate a run waits at (--reason is required).
    Reject(crate::commands::runs::GateArgs),
    /// Print a run's report (report.md) and where the HTML and the attestation are.
    Report(crate::commands::runs::ReportArgs),
    /// Check a run's evidence against its attestation.
    #[command(subcommand)]
    Evidence(crate::commands::runs::EvidenceCommand),
    /// Push a run's branches to each repo's origin and open linked pull/merge requests on GitHub or GitLab.
    Publish(crate::commands::publish::PublishArgs),
    /// Re-run learning on a finished run.
    Learn {
        run: String,
        #[command(flatten)]
        output: JsonFlag,
    },
    /// The lessons in the home.
    Lessons(JsonFlag),
    /// The learned rules in the home.
    Rules(JsonFlag),
    /// Proposed changes to the home: list, show, apply, reject.
    #[command(subcommand)]
    Evolve(crate::commands::learning::EvolveCommand),
    /// Per run: stage, attempts, time to green, failures by class, failures prevented.
    Stats(JsonFlag),
    /// Serve the brain and the runs as MCP tools over stdio, for coding agents (stdout carries only the protocol).
    Mcp,
}

#[derive(Debug, Args)]
pub struct JsonFlag {
    /// Print JSON on stdout.
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to create the home (default: the current folder).
    pub dir: Option<PathBuf>,
    /// The organisation's name (default: the folder's name).
    #[arg(long)]
    pub org: Option<String>,
    #[command(flatten)]
    pub output: JsonFlag,
}

#[derive(Debug, Subcommand)]
pub enum RepoCommand {
    /// Register a local git repository or clone a git URL into .factory/repos/.
    Add {
        /// A local path, or a git URL (https://, ssh, file://; bare repositories work).
        location: String,
        /// The name to register it under (default: the last segment of the path or URL).
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        output: JsonFlag,
    },
    /// List registered repositories.
    List(JsonFlag),
    /// Unregister a repository (a clone the factory made is deleted; a local checkout is kept).
    Remove {
        name: String,
        #[command(flatten)]
        output: JsonFlag,
    },
}

#[derive(Debug, Args)]
pub struct DemoArgs {
    /// Where to create the demo (default: a new folder under the temp dir, printed).
    pub dir: Option<PathBuf>,
    /// Only write the org and its home; skip the loop (scan, sandbox, runs, learning).
    #[arg(long)]
    pub org_only: bool,
    #[command(flatten)]
    pub output: JsonFlag,
}
