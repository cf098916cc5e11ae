//! `factory run`, `runs`, `run show|resume|cancel|clean`, `approve`, `reject`: one outcome
//! carried through the loop by the run engine, with the app's stages.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use factory_run::{GateDecision, RunEnvironment, RunRequest, WorkerChoice};

pub use factory_evidence::VerifyReport as EvidenceReport;
pub use factory_run::{RunOutcome, RunStatus};
use factory_store::{ArtifactRecord, RunRecord, StepRecord};
use serde::Serialize;

use crate::run_stages::AppStages;
use crate::{AppError, Home};

/// What the user asked `factory run` for.
#[derive(Debug, Clone, Default)]
pub struct RunOptions {
    pub outcome: String,
    /// Change specs (`field:orders-http/Order.created_at:add`).
    pub changes: Vec<String>,
    /// A worker name from factory.toml or a built-in adapter; default: `workers.default`.
    pub worker: Option<String>,
    /// The script file, for the script worker.
    pub script: Option<PathBuf>,
    pub lane: Option<String>,
}

/// One run in `factory runs`.
#[derive(Debug, Clone, Serialize)]
pub struct RunSummary {
    pub id: String,
    pub status: String,
    pub stage: String,
    pub lane: Option<String>,
    pub worker: Option<String>,
    pub outcome: String,
    pub created_at: String,
    pub updated_at: String,
}

/// `factory run show`.
#[derive(Debug, Clone, Serialize)]
pub struct RunDetail {
    #[serde(flatten)]
    pub run: RunSummary,
    pub run_dir: PathBuf,
    pub steps: Vec<StepRecord>,
    pub events: usize,
    pub artifacts: Vec<ArtifactRecord>,
}

impl From<RunRecord> for RunSummary {
    fn from(run: RunRecord) -> Self {
        Self {
            id: run.id,
            status: run.status,
            stage: run.stage,
            lane: run.lane,
            worker: run.worker,
            outcome: run.outcome,
            created_at: run.created_at,
            updated_at: run.updated_at,
        }
    }
}

/// Starts a run and drives it until it ends or waits at a gate.
pub async fn start(home: &Home, options: RunOptions) -> Result<RunOutcome, AppError> {
    if options.outcome.trim().is_empty() {
        return Err(AppError::Input("the outcome is empty: say what you want, e.g. `factory run \"show order dates\"`".into()));
    }
    if let Some(lane) = &options.lane
        && lane != "fast" && lane != "full" {
            return Err(AppError::Input(format!("unknown lane `{lane}`: use fast or full")));
        }
    for change in &options.changes {
        change.parse::<factory_plan::ChangeSpec>().map_err(|error| AppError::Input(error.to_string()))?;
    }
    let worker = worker_choice(home, options.worker.as_deref(), options.script.as_deref())?;
    let request = RunRequest { id: new_run_id(), outcome: options.outcome, changes: options.changes, lane: options.lane, worker };
    drive(home, request).await
}

/// Resumes a run after a crash, a cancel of the process, or an approval.
pub async fn resume(home: &Home, run_id: &str) -> Result<RunOutcome, AppError> {
    let store = home.store().await?;
    let request = factory_run::stored_request(&store, run_id).await.map_err(run_error)?;
    store.close().await;
    drive(home, request).await
}

pub async fn cancel(home: &Home, run_id: &str) -> Result<RunSummary, AppError> {
    let store = home.store().await?;
    factory_run::cancel(&store, run_id).await.map_err(run_error)?;
    let run = store.run(run_id).await?.ok_or_else(|| AppError::Input(format!("no run `{run_id}`")))?;
    Ok(run.into())
}

/// Approves the gate a run waits at, then resumes it.
pub async fn approve(home: &Home, run_id: &str, gate: Option<&str>) -> Result<RunOutcome, AppError> {
    let store = home.store().await?;
    factory_run::decide(&store, run_id, gate, &GateDecision::Approved).await.map_err(run_error)?;
    store.close().await;
    resume(home, run_id).await
}

pub async fn reject(home: &Home, run_id: &str, gate: Option<&str>, reason: &str) -> Result<RunSummary, AppError> {
    let store = home.store().await?;
    factory_run::decide(&store, run_id, gate, &GateDecision::Rejected { reason: reason.to_string() }).await.map_err(run_error)?;
    let run = store.run(run_id).await?.ok_or_else(|| AppError::Input(format!("no run `{run_id}`")))?;
    Ok(run.into())
}

pub async fn list(home: &Home) -> Result<Vec<RunSummary>, AppError> {
    let store = home.store().await?;
    let runs = store.runs().await?;
    Ok(runs.into_iter().map(RunSummary::from).collect())
}

pub async fn show(home: &Home, run_id: &str) -> Result<RunDetail, AppError> {
    let store = home.store().await?;
    let run = store.run(run_id).await?.ok_or_else(|| AppError::Input(format!("no run `{run_id}`; `factory runs` lists them")))?;
    let steps = store.steps(run_id).await?;
    let events = store.events(run_id).await?.len();
    let artifacts = store.artifacts(run_id).await?;
    Ok(RunDetail { run: run.into(), run_dir: home.layout.runs_dir().join(run_id), steps, events, artifacts })
}

/// `factory evidence verify`: re-hashes a run's evidence against its attestation.
pub fn verify_evidence(home: &Home, run_id: &str) -> Result<EvidenceReport, AppError> {
    let dir = home.layout.runs_dir().join(run_id).join("evidence");
    if !dir.join("attestation.json").is_file() {
        return Err(AppError::Input(format!("run {run_id} has no attestation ({} is missing)", dir.join("attestation.json").display())));
    }
    factory_evidence::verify_bundle(&dir).map_err(|error| AppError::Input(format!("{}: {error}", dir.display())))
}

/// Removes a run's worktrees (its branches stay, with every commit).
pub async fn clean(home: &Home, run_id: &str) -> Result<Vec<PathBuf>, AppError> {
    let mut removed = Vec::new();
    for repo in crate::repos::list(home) {
        let path = home.layout.worktrees_dir().join(run_id).join(&repo.name);
        if path.exists() {
            factory_git::Repo::open(&repo.resolved_path).remove_worktree(&path)?;
            removed.push(path);
        }
    }
    let dir = home.layout.worktrees_dir().join(run_id);
    if dir.exists() {
        std::fs::remove_dir_all(&dir).map_err(AppError::io(&dir))?;
    }
    Ok(removed)
}

/// Worktrees under `.factory/worktrees/` whose run has ended or is unknown; removed when
/// `remove` is `Removal::Remove`.
pub async fn orphaned_worktrees(home: &Home, removal: Removal) -> Result<Vec<PathBuf>, AppError> {
    let store = home.store().await?;
    let mut orphans = Vec::new();
    let Ok(entries) = std::fs::read_dir(home.layout.worktrees_dir()) else { return Ok(orphans) };
    for entry in entries.flatten() {
        let run_id = entry.file_name().to_string_lossy().to_string();
        if run_id.starts_with("evolve-") {
            orphans.push(entry.path());
            continue;
        }
        let alive = store.run(&run_id).await?.is_some_and(|run| run.status == "running" || run.status == "waiting");
        if !alive {
            orphans.push(entry.path());
        }
    }
    if removal == Removal::Remove {
        for path in &orphans {
            let run_id = path.file_name().map(|name| name.to_string_lossy().to_string()).unwrap_or_default();
            clean(home, &run_id).await?;
            if path.exists() {
                std::fs::remove_dir_all(path).map_err(AppError::io(path))?;
            }
        }
        for repo in crate::repos::list(home) {
            factory_git::Repo::open(&repo.resolved_path).prune_worktrees()?;
        }
    }
    Ok(orphans)
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Removal {
    ReportOnly,
    Remove,
}

/// Runs learning and evolve again on a run, outside the engine's journal.
pub async fn relearn(home: &Home, run_id: &str) -> Result<serde_json::Value, AppError> {
    let env = Arc::new(environment(home).await?);
    let request = factory_run::stored_request(&env.store, run_id).await.map_err(run_error)?;
    let stages = AppStages::new(home.clone(), Arc::clone(&env));
    let run_dir = env.run_dir(run_id);
    let learned = crate::run_learn::learn_stage(&stages, &request, &run_dir).await.map_err(run_error)?;
    let evolved = crate::run_learn::evolve_stage(&stages, &request, &run_dir).await.map_err(run_error)?;
    env.store.clone().close().await;
    Ok(serde_json::json!({ "learned": learned, "evolve": evolved }))
}

async fn environment(home: &Home) -> Result<RunEnvironment, AppError> {
    let store = home.store().await?;
    let repos: BTreeMap<String, PathBuf> = crate::repos::list(home).into_iter().map(|repo| (repo.name, repo.resolved_path)).collect();
    let mcp_config = write_mcp_config(home)?;
    let env = RunEnvironment {
        store,
        repos,
        runs_dir: home.layout.runs_dir(),
        worktrees_dir: home.layout.worktrees_dir(),
        budgets: home.config.budgets.clone(),
        max_parallel: usize::try_from(home.config.workers.max_parallel).unwrap_or(2),
        timeout_secs: home.config.workers.timeout_secs,
        stall_secs: home.config.workers.stall_secs,
        mcp_config: Some(mcp_config),
    };
    Ok(env)
}

async fn drive(home: &Home, request: RunRequest) -> Result<RunOutcome, AppError> {
    let env = Arc::new(environment(home).await?);
    let stages = Arc::new(AppStages::new(home.clone(), Arc::clone(&env)));
    let outcome = factory_run::run(Arc::clone(&env), stages, request).await.map_err(run_error)?;
    env.store.clone().close().await;
    Ok(outcome)
}

fn worker_choice(home: &Home, worker: Option<&str>, script: Option<&std::path::Path>) -> Result<WorkerChoice, AppError> {
    let name = worker.unwrap_or(&home.config.workers.default).to_string();
    let profile = home.config.workers.profiles.get(&name);
    let kind = profile.map_or(name.as_str(), |profile| profile.kind.as_str());
    if kind == "script" {
        let path = script
            .map(std::path::Path::to_path_buf)
            .or_else(|| profile.and_then(|profile| profile.command.as_deref()).map(|command| home.layout.resolve(std::path::Path::new(command))))
            .ok_or_else(|| AppError::Input("the script worker needs a script: pass --script FILE (see factory-agents' script format)".into()))?;
        if !path.is_file() {
            return Err(AppError::Input(format!("{} does not exist; pass the path of a script file", path.display())));
        }
        let path = path.canonicalize().map_err(AppError::io(&path))?;
        return Ok(WorkerChoice::Script { path });
    }
    if !["claude", "codex", "gemini", "cursor", "acp", "command"].contains(&kind) {
        return Err(AppError::Input(format!("unknown worker `{name}`: use claude, codex, gemini, cursor, script, or a [workers.<name>] profile in factory.toml")));
    }
    Ok(WorkerChoice::Agent {
        name: name.clone(),
        kind: kind.to_string(),
        model: profile.and_then(|profile| profile.model.clone()),
        program: profile.and_then(|profile| profile.command.clone()),
        args: profile.map(|profile| profile.args.clone()).unwrap_or_default(),
    })
}

/// Writes `.factory/mcp.json`: this factory's own MCP server over stdio, for the workers.
fn write_mcp_config(home: &Home) -> Result<PathBuf, AppError> {
    let path = home.layout.state_dir().join("mcp.json");
    let config = crate::mcp_config::mcp_config(home.root());
    std::fs::create_dir_all(home.layout.state_dir()).map_err(AppError::io(home.layout.state_dir()))?;
    std::fs::write(&path, serde_json::to_string_pretty(&config).unwrap_or_default()).map_err(AppError::io(&path))?;
    Ok(path)
}

/// `r` + UTC date and time + a few hex digits: sortable, unique enough for one home.
fn new_run_id() -> String {
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap_or_default();
    let seconds = now.as_secs();
    let (days, rest) = (seconds / 86_400, seconds % 86_400);
    let (year, month, day) = civil_from_days(i64::try_from(days).unwrap_or(0));
    let noise = (now.subsec_nanos() ^ std::process::id().rotate_left(16)) & 0xffff;
    format!("r{year:04}{month:02}{day:02}-{:02}{:02}{:02}-{noise:04x}", rest / 3600, rest % 3600 / 60, rest % 60)
}

/// Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = u32::try_from(doy - (153 * mp + 2) / 5 + 1).unwrap_or(1);
    let month = u32::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).unwrap_or(1);
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

pub(crate) fn run_error(error: factory_run::RunError) -> AppError {
    match error {
        factory_run::RunError::UnknownRun(_) => AppError::Input(error.to_string()),
        factory_run::RunError::Stage { ref stage, .. } if stage == "gate" => AppError::Input(error.to_string()),
        other => AppError::Run(other),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn civil_dates_come_out_right() {
        assert_eq!(super::civil_from_days(0), (1970, 1, 1));
        assert_eq!(super::civil_from_days(20_413), (2025, 11, 21));
        assert_eq!(super::civil_from_days(20_778), (2026, 11, 21));
    }
}
