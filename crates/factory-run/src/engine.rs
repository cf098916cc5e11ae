//! The loop: spec, plan, gates, build (parallel where the task graph allows), verify with
//! bounded fix attempts, learn, evolve, evidence, release gate. Every step is journaled.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use factory_agents::CancelSignal;
use factory_core::config::BudgetsConfig;
use factory_store::Store;
use serde::Serialize;
use serde_json::json;

use crate::build::build_task;
use crate::journal::{self, DONE, WAITING};
use crate::types::{BuiltTask, GateDecision, PlanOutput, RunError, RunRequest, RunStatus, Stages, TaskPlan, VerifyOutput};

/// Everything the engine needs from the home, resolved by the caller.
#[derive(Debug, Clone)]
pub struct RunEnvironment {
    pub store: Store,
    /// Registered repos: name -> checkout.
    pub repos: BTreeMap<String, PathBuf>,
    pub runs_dir: PathBuf,
    pub worktrees_dir: PathBuf,
    pub budgets: BudgetsConfig,
    pub max_parallel: usize,
    pub timeout_secs: u64,
    pub stall_secs: u64,
    pub mcp_config: Option<PathBuf>,
}

impl RunEnvironment {
    pub fn run_dir(&self, run_id: &str) -> PathBuf {
        self.runs_dir.join(run_id)
    }
}

/// Where a run stands after the engine returns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RunOutcome {
    pub id: String,
    pub status: RunStatus,
    pub stage: String,
    pub message: String,
}

/// Starts `request`, or resumes it when the store already has it: finished steps are not redone.
/// Returns when the run ends or waits at a gate.
pub async fn run(env: Arc<RunEnvironment>, stages: Arc<dyn Stages>, request: RunRequest) -> Result<RunOutcome, RunError> {
    let store = &env.store;
    match store.run(&request.id).await? {
        Some(existing) => {
            let status = RunStatus::parse(&existing.status).unwrap_or(RunStatus::Running);
            if status.is_final() {
                return Ok(RunOutcome { id: existing.id, status, stage: existing.stage, message: format!("the run already ended: {}", status.as_str()) });
            }
        }
        None => {
            store
                .insert_run(&request.id, &request.outcome, &request.worker.label(), &json!({ "request": request }))
                .await?;
        }
    }
    let run_dir = env.run_dir(&request.id);
    std::fs::create_dir_all(&run_dir).map_err(|source| RunError::Io { path: run_dir.clone(), source })?;

    let (cancel_handle, cancel) = CancelSignal::new();
    let watcher = {
        let store = store.clone();
        let id = request.id.clone();
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(Duration::from_millis(500)).await;
                if let Ok(Some(run)) = store.run(&id).await
                    && run.status == RunStatus::Cancelled.as_str() {
                        cancel_handle.cancel();
                        return;
                    }
            }
        })
    };
    let result = drive(&env, &stages, &request, cancel).await;
    watcher.abort();
    match result {
        Ok(outcome) => Ok(outcome),
        Err(error) => {
            let stage = store.run(&request.id).await?.map(|run| run.stage).unwrap_or_default();
            let status = if is_cancelled(store, &request.id).await? { RunStatus::Cancelled } else { RunStatus::Failed };
            store.update_run(&request.id, status.as_str(), &stage, None).await?;
            store.append_event(&request.id, None, "run_error", &json!({ "stage": stage, "error": error.to_string() })).await?;
            Ok(RunOutcome { id: request.id.clone(), status, stage, message: error.to_string() })
        }
    }
}

/// Loads a stored run's request so it can be resumed.
pub async fn stored_request(store: &Store, run_id: &str) -> Result<RunRequest, RunError> {
    let run = store.run(run_id).await?.ok_or_else(|| RunError::UnknownRun(run_id.to_string()))?;
    serde_json::from_value(run.data.get("request").cloned().unwrap_or_default())
        .map_err(|error| RunError::Stage { stage: "resume".into(), message: format!("run {run_id} has no readable request: {error}") })
}

/// Marks a run cancelled; a running engine notices within a second and stops its workers.
pub async fn cancel(store: &Store, run_id: &str) -> Result<(), RunError> {
    let run = store.run(run_id).await?.ok_or_else(|| RunError::UnknownRun(run_id.to_string()))?;
    store.update_run(run_id, RunStatus::Cancelled.as_str(), &run.stage, None).await?;
    Ok(())
}

/// Records a human's decision at the gate a run waits at (or at `gate` when named).
pub async fn decide(store: &Store, run_id: &str, gate: Option<&str>, decision: &GateDecision) -> Result<String, RunError> {
    let run = store.run(run_id).await?.ok_or_else(|| RunError::UnknownRun(run_id.to_string()))?;
    let waiting = store
        .steps(run_id)
        .await?
        .into_iter()
        .find(|step| step.status == WAITING && gate.is_none_or(|gate| step.name == format!("gate:{gate}")))
        .ok_or_else(|| RunError::Stage {
            stage: "gate".into(),
            message: format!("run {run_id} is not waiting at {} (status {}, stage {})", gate.map_or("any gate".to_string(), |gate| format!("gate {gate}")), run.status, run.stage),
        })?;
    let output = serde_json::to_value(decision).unwrap_or_default();
    store.finish_step(waiting.id, DONE, &output, None).await?;
    let gate_name = waiting.name.trim_start_matches("gate:").to_string();
    match decision {
        GateDecision::Approved => store.update_run(run_id, RunStatus::Running.as_str(), &run.stage, None).await?,
        GateDecision::Rejected { .. } => store.update_run(run_id, RunStatus::Rejected.as_str(), &run.stage, None).await?,
    }
    Ok(gate_name)
}

async fn is_cancelled(store: &Store, run_id: &str) -> Result<bool, RunError> {
    Ok(store.run(run_id).await?.is_some_and(|run| run.status == RunStatus::Cancelled.as_str()))
}

async fn drive(env: &Arc<RunEnvironment>, stages: &Arc<dyn Stages>, request: &RunRequest, cancel: CancelSignal) -> Result<RunOutcome, RunError> {
    let store = &env.store;
    let id = request.id.as_str();
    let run_dir = env.run_dir(id);
    let stop = |stage: &str| RunOutcome { id: id.to_string(), status: RunStatus::Cancelled, stage: stage.to_string(), message: "cancelled".into() };

    set_stage(store, id, "spec", None).await?;
    let spec: String = journal::step(store, id, "spec", 1, json!({ "outcome": request.outcome, "changes": request.changes }), |_| async {
        let spec = stages.spec(request).await?;
        write(&run_dir.join("spec.md"), &spec)?;
        Ok(spec)
    })
    .await?;

    if is_cancelled(store, id).await? {
        return Ok(stop("spec"));
    }
    set_stage(store, id, "plan", None).await?;
    let plan: PlanOutput = journal::step(store, id, "plan", 1, json!({}), |_| async {
        let plan = stages.plan(request, &spec).await?;
        write(&run_dir.join("plan.json"), &serde_json::to_string_pretty(&plan.plan).unwrap_or_default())?;
        Ok(plan)
    })
    .await?;
    store.update_run(id, RunStatus::Running.as_str(), "plan", Some(&plan.lane)).await?;
    for gate in ["spec", "plan"] {
        if let Some(outcome) = gate_at(store, id, &plan, gate).await? {
            return Ok(outcome);
        }
    }

    set_stage(store, id, "build", None).await?;
    check_graph(&plan.tasks)?;
    // A task that cannot be built ends the building, not the run: learning and evidence still
    // happen, so the failure is explained and remembered.
    let mut failure: Option<String> = None;
    let mut built = match build_all(env, stages, request, &plan, &plan.tasks, 1, &BTreeMap::new(), cancel.clone(), 0.0).await {
        Ok(built) => built,
        Err(error) => {
            failure = Some(error.to_string());
            BTreeMap::new()
        }
    };
    if is_cancelled(store, id).await? {
        return Ok(stop("build"));
    }
    if failure.is_none() {
        failure = check_budget(env, spent(&built)).err().map(|error| error.to_string());
    }

    // Every attempt's spend counts, not only the latest build of each task.
    let mut spent_usd = spent(&built);
    let max_attempts = env.budgets.max_attempts.max(1);
    let mut round = 1;
    let verified = failure.is_none()
        && loop {
            set_stage(store, id, "verify", None).await?;
            let built_list: Vec<BuiltTask> = built.values().cloned().collect();
            let verify: VerifyOutput = journal::step(store, id, "verify", round, json!({ "round": round }), |_| async {
                stages.verify(request, &plan, &built_list, round).await
            })
            .await?;
            if verify.passed {
                break true;
            }
            let to_fix: Vec<TaskPlan> = plan.tasks.iter().filter(|task| verify.feedback.contains_key(&task.repo)).cloned().collect();
            if round >= max_attempts || to_fix.is_empty() || is_cancelled(store, id).await? {
                failure = Some(format!("verification still failed after {round} attempt(s)"));
                break false;
            }
            round += 1;
            set_stage(store, id, "build", None).await?;
            match build_all(env, stages, request, &plan, &to_fix, round, &verify.feedback, cancel.clone(), spent_usd).await {
                Ok(fixed) => {
                    spent_usd += spent(&fixed);
                    built.extend(fixed);
                }
                Err(error) => {
                    failure = Some(error.to_string());
                    break false;
                }
            }
            if let Err(error) = check_budget(env, spent_usd) {
                failure = Some(error.to_string());
                break false;
            }
        };
    if is_cancelled(store, id).await? {
        return Ok(stop("verify"));
    }

    set_stage(store, id, "learn", None).await?;
    let _: serde_json::Value = journal::step(store, id, "learn", 1, json!({}), |_| stages.learn(request, &run_dir)).await?;
    set_stage(store, id, "evolve", None).await?;
    let _: serde_json::Value = journal::step(store, id, "evolve", 1, json!({}), |_| stages.evolve(request, &run_dir)).await?;
    set_stage(store, id, "evidence", None).await?;
    let _: serde_json::Value = journal::step(store, id, "evidence", 1, json!({}), |_| stages.evidence(request, &run_dir)).await?;

    if !verified {
        let message = failure.unwrap_or_else(|| "verification did not pass".to_string());
        store.append_event(id, None, "run_failed", &json!({ "message": message })).await?;
        store.update_run(id, RunStatus::Failed.as_str(), "verify", None).await?;
        return Ok(RunOutcome { id: id.to_string(), status: RunStatus::Failed, stage: "verify".into(), message });
    }
    if let Some(outcome) = gate_at(store, id, &plan, "release").await? {
        return Ok(outcome);
    }
    store.update_run(id, RunStatus::Succeeded.as_str(), "release", None).await?;
    let unknown = last_unknown_checks(store, id).await?;
    let mut message = format!("verified after {round} attempt(s)");
    if unknown > 0 {
        message.push_str(&format!("; {unknown} check(s) could not run and are unknown, not passed: see the report"));
    }
    Ok(RunOutcome { id: id.to_string(), status: RunStatus::Succeeded, stage: "release".into(), message })
}

/// How many checks of the last verification round were `unknown`.
async fn last_unknown_checks(store: &Store, id: &str) -> Result<u64, RunError> {
    let steps = store.steps(id).await?;
    let last = steps.iter().rev().find(|step| step.name == "verify" && step.status == DONE);
    Ok(last.and_then(|step| step.output["report"]["counts"]["unknown"].as_u64()).unwrap_or(0))
}

async fn set_stage(store: &Store, id: &str, stage: &str, lane: Option<&str>) -> Result<(), RunError> {
    store.update_run(id, RunStatus::Running.as_str(), stage, lane).await?;
    Ok(())
}

/// Stops at `gate` when the plan lists it and no human has decided yet.
async fn gate_at(store: &Store, id: &str, plan: &PlanOutput, gate: &str) -> Result<Option<RunOutcome>, RunError> {
    if !plan.gates.iter().any(|listed| listed == gate) {
        return Ok(None);
    }
    let name = format!("gate:{gate}");
    match store.step(id, &name, 1).await? {
        Some(step) if step.status == DONE => {
            let decision: GateDecision = serde_json::from_value(step.output).unwrap_or(GateDecision::Approved);
            match decision {
                GateDecision::Approved => Ok(None),
                GateDecision::Rejected { reason } => {
                    store.update_run(id, RunStatus::Rejected.as_str(), gate, None).await?;
                    Ok(Some(RunOutcome { id: id.into(), status: RunStatus::Rejected, stage: gate.into(), message: format!("rejected at the {gate} gate: {reason}") }))
                }
            }
        }
        _ => {
            let step = store.begin_step(id, &name, 1, &json!({ "gate": gate })).await?;
            store.finish_step(step.id, WAITING, &serde_json::Value::Null, None).await?;
            store.update_run(id, RunStatus::Waiting.as_str(), gate, None).await?;
            Ok(Some(RunOutcome {
                id: id.into(),
                status: RunStatus::Waiting,
                stage: gate.into(),
                message: format!("waiting at the {gate} gate: `factory approve {id} --gate {gate}` or `factory reject {id} --reason TEXT`"),
            }))
        }
    }
}

fn check_graph(tasks: &[TaskPlan]) -> Result<(), RunError> {
    let ids: BTreeSet<&str> = tasks.iter().map(|task| task.id.as_str()).collect();
    let mut done: BTreeSet<&str> = BTreeSet::new();
    while done.len() < tasks.len() {
        let ready: Vec<&str> = tasks
            .iter()
            .filter(|task| !done.contains(task.id.as_str()))
            .filter(|task| task.depends_on.iter().all(|dep| done.contains(dep.as_str()) || !ids.contains(dep.as_str())))
            .map(|task| task.id.as_str())
            .collect();
        if ready.is_empty() {
            let left: Vec<&str> = tasks.iter().map(|task| task.id.as_str()).filter(|id| !done.contains(id)).collect();
            return Err(RunError::Cycle(left.join(", ")));
        }
        done.extend(ready);
    }
    Ok(())
}

fn spent(built: &BTreeMap<String, BuiltTask>) -> f64 {
    built.values().map(|task| task.cost_usd).sum()
}

fn check_budget(env: &RunEnvironment, spent: f64) -> Result<(), RunError> {
    if spent > env.budgets.run_usd {
        return Err(RunError::Stage {
            stage: "build".into(),
            message: format!("the run's budget of ${:.2} is spent (${spent:.2}); raise budgets.run_usd in factory.toml to go on", env.budgets.run_usd),
        });
    }
    Ok(())
}

/// Builds `tasks` at `attempt`: each starts once the tasks it depends on are built, up to
/// `max_parallel` at once. Returns the built tasks by id.
#[expect(clippy::too_many_arguments, reason = "the engine's context, spelled out")]
async fn build_all(
    env: &Arc<RunEnvironment>,
    stages: &Arc<dyn Stages>,
    request: &RunRequest,
    plan: &PlanOutput,
    tasks: &[TaskPlan],
    attempt: u32,
    feedback: &BTreeMap<String, String>,
    cancel: CancelSignal,
    spent_usd: f64,
) -> Result<BTreeMap<String, BuiltTask>, RunError> {
    let remaining_run_usd = env.budgets.run_usd - spent_usd;
    let in_batch: BTreeSet<String> = tasks.iter().map(|task| task.id.clone()).collect();
    let mut pending: Vec<TaskPlan> = tasks.to_vec();
    let mut finished: BTreeMap<String, BuiltTask> = BTreeMap::new();
    let mut running = tokio::task::JoinSet::new();
    let mut first_error: Option<RunError> = None;
    let mut busy_repos: BTreeSet<String> = BTreeSet::new();
    loop {
        while first_error.is_none() && running.len() < env.max_parallel.max(1) {
            // Tasks of one repo share its worktree, so they never run at the same time.
            let Some(index) = pending.iter().position(|task| {
                !busy_repos.contains(&task.repo) && task.depends_on.iter().all(|dep| !in_batch.contains(dep) || finished.contains_key(dep))
            }) else {
                break;
            };
            let task = pending.remove(index);
            busy_repos.insert(task.repo.clone());
            let env = Arc::clone(env);
            let stages = Arc::clone(stages);
            let request = request.clone();
            let plan = plan.clone();
            let feedback = feedback.get(&task.repo).cloned();
            let cancel = cancel.clone();
            running.spawn(async move {
                let name = format!("build:{}", task.id);
                let input = json!({ "task": task, "attempt": attempt, "feedback": feedback });
                let result = journal::step(&env.store, &request.id, &name, attempt, input, |step_id| {
                    build_task(&env, &stages, &request, &plan, &task, attempt, feedback.as_deref(), step_id, cancel, remaining_run_usd)
                })
                .await;
                (task.id.clone(), task.repo.clone(), result)
            });
        }
        let Some(joined) = running.join_next().await else { break };
        match joined {
            Ok((task_id, repo, Ok(built))) => {
                busy_repos.remove(&repo);
                finished.insert(task_id, built);
            }
            Ok((_, repo, Err(error))) => {
                busy_repos.remove(&repo);
                first_error.get_or_insert(error);
            }
            Err(join_error) => {
                first_error.get_or_insert(RunError::Stage { stage: "build".into(), message: format!("a build task panicked: {join_error}") });
            }
        }
    }
    if let Some(error) = first_error {
        return Err(error);
    }
    if let Some(stuck) = pending.first() {
        return Err(RunError::Cycle(stuck.id.clone()));
    }
    for built in finished.values() {
        if built.worker_status != "success" {
            return Err(RunError::Stage {
                stage: "build".into(),
                message: format!("the worker for task {} ({}) ended with {}: {}", built.task.id, built.task.repo, built.worker_status, built.summary),
            });
        }
    }
    Ok(finished)
}

fn write(path: &std::path::Path, text: &str) -> Result<(), RunError> {
    std::fs::write(path, text).map_err(|source| RunError::Io { path: path.to_path_buf(), source })
}
