//! `factory run`, `runs`, `approve`, `reject`, `report`, `evidence verify`.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Args, Subcommand};
use factory_app::runs::{RunOptions, RunSummary};

use crate::cli::JsonFlag;
use crate::commands::Context;
use crate::output;

#[derive(Debug, Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct RunArgs {
    #[command(subcommand)]
    pub command: Option<RunCommand>,
    /// What you want, in words (`factory run -- "show ..."` if it starts like a subcommand).
    pub outcome: Option<String>,
    /// A change spec the outcome needs, e.g. `field:orders-http/Order.created_at:add` (repeatable).
    #[arg(long = "change", value_name = "SPEC")]
    pub changes: Vec<String>,
    /// The worker: a [workers.<name>] profile, or claude, codex, gemini, cursor, script.
    #[arg(long)]
    pub worker: Option<String>,
    /// The script file the script worker replays.
    #[arg(long)]
    pub script: Option<PathBuf>,
    /// `full` forces the full lane; `fast` is honoured only when the plan finds nothing that needs the full lane.
    #[arg(long, value_parser = ["fast", "full"])]
    pub lane: Option<String>,
    #[command(flatten)]
    pub output: JsonFlag,
}

#[derive(Debug, Subcommand)]
pub enum RunCommand {
    /// One run with its journal.
    Show { run: String, #[command(flatten)] output: JsonFlag },
    /// Go on with a run after a crash or an approval; finished steps are not redone.
    Resume { run: String, #[command(flatten)] output: JsonFlag },
    /// Stop a run; its workers are stopped within a second.
    Cancel { run: String, #[command(flatten)] output: JsonFlag },
    /// Remove a run's worktrees (its branches and commits stay).
    Clean { run: String, #[command(flatten)] output: JsonFlag },
}

#[derive(Debug, Args)]
pub struct GateArgs {
    pub run: String,
    /// The gate (spec, plan, release); default: the one the run waits at.
    #[arg(long)]
    pub gate: Option<String>,
    /// Why (required to reject).
    #[arg(long)]
    pub reason: Option<String>,
    #[command(flatten)]
    pub output: JsonFlag,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    pub run: String,
    /// Open report.html in the desktop's browser (xdg-open).
    #[arg(long)]
    pub open: bool,
    #[command(flatten)]
    pub output: JsonFlag,
}

#[derive(Debug, Subcommand)]
pub enum EvidenceCommand {
    /// Re-hash every artifact of a run's evidence; exit 1 naming any that changed.
    Verify { run: String, #[command(flatten)] output: JsonFlag },
}

pub async fn run(context: &Context, args: RunArgs) -> anyhow::Result<ExitCode> {
    let home = context.home()?;
    let (outcome, json) = match args.command {
        Some(RunCommand::Show { run, output: flag }) => {
            let detail = factory_app::runs::show(&home, &run).await?;
            if flag.json {
                return output::json(&detail).map(|()| ExitCode::SUCCESS);
            }
            print_summary(&detail.run);
            println!("folder   {}", detail.run_dir.display());
            let mut rows = vec![vec!["step".to_string(), "attempt".into(), "status".into(), "started".into(), "error".into()]];
            for step in &detail.steps {
                rows.push(vec![step.name.clone(), step.attempt.to_string(), step.status.clone(), step.started_at.clone().unwrap_or_default(), step.error.clone().unwrap_or_default().chars().take(80).collect()]);
            }
            print!("{}", output::table(&rows));
            println!("{} events, {} artifacts", detail.events, detail.artifacts.len());
            return Ok(ExitCode::SUCCESS);
        }
        Some(RunCommand::Resume { run, output: flag }) => (factory_app::runs::resume(&home, &run).await?, flag.json),
        Some(RunCommand::Cancel { run, output: flag }) => {
            let run = factory_app::runs::cancel(&home, &run).await?;
            if flag.json {
                return output::json(&run).map(|()| ExitCode::SUCCESS);
            }
            println!("cancelled {}", run.id);
            return Ok(ExitCode::SUCCESS);
        }
        Some(RunCommand::Clean { run, output: flag }) => {
            let removed = factory_app::runs::clean(&home, &run).await?;
            if flag.json {
                return output::json(&removed).map(|()| ExitCode::SUCCESS);
            }
            println!("removed {} worktree(s) of {run}; its branches are kept", removed.len());
            return Ok(ExitCode::SUCCESS);
        }
        None => {
            let Some(outcome) = args.outcome else {
                anyhow::bail!(factory_app::AppError::Input("say what you want: factory run \"OUTCOME\" [--change SPEC]...".into()));
            };
            eprintln!("run: {outcome}");
            let options = RunOptions { outcome, changes: args.changes, worker: args.worker, script: args.script, lane: args.lane };
            (factory_app::runs::start(&home, options).await?, args.output.json)
        }
    };
    if json {
        output::json(&outcome)?;
    } else {
        println!("run {}: {} at {}: {}", outcome.id, outcome.status.as_str(), outcome.stage, outcome.message);
        println!("  report: {}", home.layout.runs_dir().join(&outcome.id).join("evidence/report.md").display());
    }
    Ok(run_exit(outcome.status))
}

fn run_exit(status: factory_app::runs::RunStatus) -> ExitCode {
    match status {
        factory_app::runs::RunStatus::Succeeded | factory_app::runs::RunStatus::Waiting | factory_app::runs::RunStatus::Running => ExitCode::SUCCESS,
        _ => ExitCode::from(1),
    }
}

fn print_summary(run: &RunSummary) {
    println!("run      {}", run.id);
    println!("outcome  {}", run.outcome);
    println!("status   {} (stage {}, lane {})", run.status, run.stage, run.lane.as_deref().unwrap_or("-"));
}

pub async fn list(context: &Context, flag: JsonFlag) -> anyhow::Result<ExitCode> {
    let home = context.home()?;
    let runs = factory_app::runs::list(&home).await?;
    if flag.json {
        return output::json(&runs).map(|()| ExitCode::SUCCESS);
    }
    if runs.is_empty() {
        eprintln!("no runs yet; start one with `factory run \"OUTCOME\"`");
        return Ok(ExitCode::SUCCESS);
    }
    let mut rows = vec![vec!["id".to_string(), "status".into(), "stage".into(), "lane".into(), "outcome".into()]];
    for run in runs {
        rows.push(vec![run.id, run.status, run.stage, run.lane.unwrap_or_else(|| "-".into()), run.outcome]);
    }
    print!("{}", output::table(&rows));
    Ok(ExitCode::SUCCESS)
}

pub async fn approve(context: &Context, args: GateArgs) -> anyhow::Result<ExitCode> {
    let home = context.home()?;
    let outcome = factory_app::runs::approve(&home, &args.run, args.gate.as_deref()).await?;
    if args.output.json {
        output::json(&outcome)?;
    } else {
        println!("approved; run {}: {} at {}: {}", outcome.id, outcome.status.as_str(), outcome.stage, outcome.message);
    }
    Ok(run_exit(outcome.status))
}

pub async fn reject(context: &Context, args: GateArgs) -> anyhow::Result<ExitCode> {
    let home = context.home()?;
    let Some(reason) = args.reason.as_deref() else {
        anyhow::bail!(factory_app::AppError::Input("say why: factory reject RUN --reason TEXT".into()));
    };
    let run = factory_app::runs::reject(&home, &args.run, args.gate.as_deref(), reason).await?;
    if args.output.json {
        return output::json(&run).map(|()| ExitCode::SUCCESS);
    }
    println!("rejected {}", run.id);
    Ok(ExitCode::SUCCESS)
}

pub async fn report(context: &Context, args: ReportArgs) -> anyhow::Result<ExitCode> {
    let home = context.home()?;
    let dir = home.layout.runs_dir().join(&args.run).join("evidence");
    if !dir.join("report.md").is_file() {
        anyhow::bail!(factory_app::AppError::Input(format!("run {} has no evidence yet ({} is missing)", args.run, dir.join("report.md").display())));
    }
    let files = serde_json::json!({ "report_md": dir.join("report.md"), "report_html": dir.join("report.html"), "report_json": dir.join("report.json"), "attestation": dir.join("attestation.json") });
    if args.output.json {
        output::json(&files)?;
    } else {
        print!("{}", std::fs::read_to_string(dir.join("report.md"))?);
        eprintln!("html: {}", dir.join("report.html").display());
    }
    if args.open {
        let status = std::process::Command::new("xdg-open").arg(dir.join("report.html")).status();
        if !status.is_ok_and(|status| status.success()) {
            eprintln!("could not open a browser; open {} yourself", dir.join("report.html").display());
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn evidence(context: &Context, command: EvidenceCommand) -> anyhow::Result<ExitCode> {
    let home = context.home()?;
    let EvidenceCommand::Verify { run, output: flag } = command;
    let report = factory_app::runs::verify_evidence(&home, &run)?;
    let ok = report.ok;
    if flag.json {
        output::json(&report)?;
    } else if ok {
        println!("evidence of {run} verified: {} artifacts match attestation.json", report.checked);
    } else {
        for problem in &report.problems {
            println!("{:?}: {}", problem.problem, problem.path);
        }
        eprintln!("evidence of {run} does NOT match its attestation");
    }
    Ok(if ok { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// `factory doctor`: what the machine offers the sandbox, and, in a factory home, the worktrees
/// left behind by runs that ended or crashed (removed; their branches and commits stay).
pub async fn doctor(context: &Context, flag: JsonFlag) -> anyhow::Result<ExitCode> {
    let report = factory_app::sandbox::doctor().await;
    let removed = match context.home() {
        Ok(home) => Some(factory_app::runs::orphaned_worktrees(&home, factory_app::runs::Removal::Remove).await?),
        Err(_) => None,
    };
    if flag.json {
        output::json(&serde_json::json!({ "machine": report, "orphaned_worktrees_removed": removed }))?;
        return Ok(ExitCode::SUCCESS);
    }
    crate::commands::sandbox::print_doctor(&report);
    match removed {
        Some(removed) if removed.is_empty() => println!("worktrees: no orphaned worktree"),
        Some(removed) => {
            println!("worktrees: removed {} orphaned worktree(s) (branches kept):", removed.len());
            for path in removed {
                println!("  {}", path.display());
            }
        }
        None => println!("worktrees: not in a factory home; nothing to check"),
    }
    Ok(ExitCode::SUCCESS)
}
