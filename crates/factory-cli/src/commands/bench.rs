//! `factory bench org --repos N`: write a synthetic org and time the brain on it.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Subcommand;
use factory_app::brain::bench::{self, BenchConfig};

use crate::cli::JsonFlag;
use crate::commands::Context;
use crate::output;

#[derive(Debug, Subcommand)]
pub enum BenchCommand {
    /// Write N service repos (real git) and time cold scan, rescan after one changed file, and impact.
    Org {
        /// How many repos.
        #[arg(long, default_value_t = 200)]
        repos: usize,
        /// Files in each repo.
        #[arg(long, default_value_t = 100)]
        files_per_repo: usize,
        /// How many times impact is timed (the median is reported).
        #[arg(long, default_value_t = 50)]
        impact_runs: usize,
        /// How many cold scans and rescans are timed (medians are reported).
        #[arg(long, default_value_t = 5)]
        rounds: usize,
        /// Pack each repo's objects, as a clone has them (default: loose, as freshly committed).
        #[arg(long)]
        packed: bool,
        /// Where to write the org (default: a new folder under the temp dir).
        #[arg(long)]
        dir: Option<PathBuf>,
        #[command(flatten)]
        output: JsonFlag,
    },
}

pub async fn run(context: &Context, command: BenchCommand) -> anyhow::Result<ExitCode> {
    let BenchCommand::Org { repos, files_per_repo, impact_runs, rounds, packed, dir, output: flag } = command;
    let dir = match dir {
        Some(dir) if dir.is_absolute() => dir,
        Some(dir) => context.cwd().join(dir),
        None => std::env::temp_dir().join(format!("factory-bench-{}", std::process::id())),
    };
    eprintln!("writing {repos} repos x {files_per_repo} files under {}", dir.display());
    let report = bench::org(&dir, &BenchConfig { repos, files_per_repo, impact_runs, rounds, packed }).await?;
    if flag.json {
        output::json(&report)?;
        return Ok(ExitCode::SUCCESS);
    }
    let objects = if report.packed { "packed" } else { "loose" };
    println!("org: {} repos ({objects} objects), {} files, {} bytes (written in {} ms) at {}", report.repos, report.files, report.bytes, report.generate_ms, report.dir.display());
    println!("read every file once:        {} ms", report.read_tree_ms);
    match report.rg_ms {
        Some(rg) => println!("rg over every file:          {rg} ms"),
        None => println!("rg over every file:          (rg is not installed)"),
    }
    println!("cold scan (median):          {} ms  {:?}", report.cold_scan_ms, report.cold_scan_runs_ms);
    println!("rescan after 1 changed file: {} ms  {:?}", report.rescan_one_file_ms, report.rescan_runs_ms);
    println!("  same facts (comment added):  {} ms  {:?}", report.rescan_same_facts_ms, report.rescan_same_facts_runs_ms);
    println!("graph load (store to memory): {} ms", report.graph_load_ms);
    println!("impact (median, in memory):   {:.3} ms", report.impact_median_ms);
    println!("impact (later question, graph kept in memory): {} ms", report.impact_later_question_ms);
    println!("graph: {} nodes, {} edges, {} depends_on", report.nodes, report.edges, report.depends_on_edges);
    Ok(ExitCode::SUCCESS)
}
