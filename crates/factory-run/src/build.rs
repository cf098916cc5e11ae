//! Building one task: its worktree and branch, the context pack, the worker, the commit.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use factory_agents::{CancelSignal, ChannelSink, Limits, ScriptWorker, TaskSpec, Worker, WorkerEvent};
use factory_git::{Identity, Repo};

use crate::engine::RunEnvironment;
use crate::types::{BuiltTask, PlanOutput, RunError, RunRequest, Stages, TaskPlan, WorkerChoice};

/// Builds `task` at `attempt` in its worktree, then commits what the worker changed.
/// `feedback` is the failing evidence from verification, for fix attempts.
#[expect(clippy::too_many_arguments, reason = "the engine context a build needs, spelled out")]
pub(crate) async fn build_task(
    env: &RunEnvironment,
    stages: &Arc<dyn Stages>,
    request: &RunRequest,
    plan: &PlanOutput,
    task: &TaskPlan,
    attempt: u32,
    feedback: Option<&str>,
    step_id: i64,
    cancel: CancelSignal,
    remaining_run_usd: f64,
) -> Result<BuiltTask, RunError> {
    let repo_path = env
        .repos
        .get(&task.repo)
        .ok_or_else(|| RunError::UnknownRepo { task: task.id.clone(), repo: task.repo.clone() })?;
    let repo = Repo::open(repo_path);
    let base = repo.default_branch();
    let branch = branch_name(&request.id, &task.repo);
    let worktree_path = env.worktrees_dir.join(&request.id).join(&task.repo);
    let worktree = repo.add_worktree(&worktree_path, &branch, &base)?;
    // An attempt interrupted by a crash may have left half-applied edits; its commits stay.
    worktree.discard_changes()?;
    let trailer = attempt_trailer(&task.id, attempt);
    let already = worktree.commits_matching(&base, "HEAD", &trailer)?;
    if let Some(head) = already.first() {
        tracing::info!(task = %task.id, attempt, "attempt already committed before a restart; keeping it");
        return Ok(built(task, &branch, &base, &worktree_path, head.clone(), attempt, "success", "committed before a restart", 0.0, 0));
    }

    let task_dir = env.run_dir(&request.id).join("tasks").join(&task.id);
    std::fs::create_dir_all(&task_dir).map_err(|source| RunError::Io { path: task_dir.clone(), source })?;
    let pack = stages.context_pack(request, plan, task).await?;
    let pack_path = task_dir.join(format!("context-{attempt}.md"));
    std::fs::write(&pack_path, &pack).map_err(|source| RunError::Io { path: pack_path.clone(), source })?;
    env.store
        .append_event(&request.id, Some(step_id), "context_pack", &serde_json::json!({"task": task.id, "path": pack_path, "bytes": pack.len()}))
        .await?;

    let mut prompt = format!("{}\n\nOutcome of the whole run: {}\nRepository: {}\n", task.summary, request.outcome, task.repo);
    if let Some(feedback) = feedback {
        prompt.push_str("\nVerification failed on the previous attempt. Fix what this evidence shows:\n\n");
        prompt.push_str(feedback);
        prompt.push('\n');
    }
    let spec = TaskSpec {
        task_id: task.id.clone(),
        repo: task.repo.clone(),
        attempt,
        worktree: worktree_path.clone(),
        prompt,
        context_pack: Some(pack_path),
        mcp_config: env.mcp_config.clone(),
        model: match &request.worker {
            WorkerChoice::Agent { model, .. } => model.clone(),
            WorkerChoice::Script { .. } => None,
        },
        allowed_tools: Vec::new(),
        env: Default::default(),
        raw_log: task_dir.join(format!("attempt-{attempt}.jsonl")),
    };
    let limits = Limits {
        wall_time: Duration::from_secs(env.timeout_secs),
        stall_timeout: Duration::from_secs(env.stall_secs),
        max_turns: Some(env.budgets.task_turns),
        max_tokens: Some(env.budgets.task_tokens),
        // The task's own budget, or what is left of the run's, whichever is smaller.
        max_cost_usd: Some(env.budgets.task_usd.min(remaining_run_usd.max(0.0))),
    };
    let worker = make_worker(&request.worker)?;

    let (sender, mut receiver) = tokio::sync::mpsc::unbounded_channel::<WorkerEvent>();
    let store = env.store.clone();
    let run_id = request.id.clone();
    let journal = tokio::spawn(async move {
        while let Some(event) = receiver.recv().await {
            let payload = serde_json::to_value(&event).unwrap_or(serde_json::Value::Null);
            let kind = payload.get("kind").and_then(|kind| kind.as_str()).unwrap_or("unknown").to_string();
            if let Err(error) = store.append_event(&run_id, Some(step_id), &kind, &payload).await {
                tracing::warn!(%error, "could not journal a worker event");
            }
        }
    });
    let mut sink = ChannelSink(sender);
    let outcome = worker.run(&spec, &limits, cancel, &mut sink).await;
    drop(sink);
    let _ = journal.await;
    let outcome = outcome?;

    let status = outcome.status.as_str();
    let head = if worktree.has_changes()? {
        worktree.add_all()?;
        let author = Identity { name: format!("{} worker", worker.name()), email: format!("{}@workers.factory", worker.name()) };
        let message = format!(
            "{}\n\nOutcome: {}\n\nFactory-Run: {}\n{}\nFactory-Worker: {}\n",
            task.summary, request.outcome, request.id, trailer, worker.name()
        );
        worktree.commit(&message, &author, None, &[])?
    } else {
        worktree.rev_parse("HEAD")?
    };
    Ok(built(task, &branch, &base, &worktree_path, head, attempt, status, &outcome.summary, outcome.totals.cost_usd, outcome.totals.tokens()))
}

#[expect(clippy::too_many_arguments, reason = "a plain constructor of a plain record")]
fn built(task: &TaskPlan, branch: &str, base: &str, worktree: &Path, head: String, attempt: u32, status: &str, summary: &str, cost_usd: f64, tokens: u64) -> BuiltTask {
    BuiltTask {
        task: task.clone(),
        branch: branch.to_string(),
        base: base.to_string(),
        worktree: worktree.to_path_buf(),
        head,
        attempt,
        worker_status: status.to_string(),
        summary: summary.to_string(),
        cost_usd,
        tokens,
    }
}

/// The branch a run's change to a repo is made on.
pub fn branch_name(run_id: &str, repo: &str) -> String {
    format!("factory/{run_id}/{repo}")
}

fn attempt_trailer(task_id: &str, attempt: u32) -> String {
    format!("Factory-Task: {task_id} attempt {attempt}")
}

fn make_worker(choice: &WorkerChoice) -> Result<Box<dyn Worker>, RunError> {
    match choice {
        WorkerChoice::Script { path } => Ok(Box::new(ScriptWorker { script: PathBuf::from(path) })),
        WorkerChoice::Agent { name, kind, program, args, .. } => Ok(factory_agents::worker_from_profile(name, kind, program.as_deref(), args)?),
    }
}
