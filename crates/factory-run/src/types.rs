//! The data that flows between the engine and the stages.

use std::collections::BTreeMap;
use std::future::Future;
use std::path::PathBuf;
use std::pin::Pin;

use serde::{Deserialize, Serialize};

/// Why a run could not go on.
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    #[error(transparent)]
    Store(#[from] factory_store::StoreError),
    #[error(transparent)]
    Git(#[from] factory_git::GitError),
    #[error(transparent)]
    Agent(#[from] factory_agents::AgentError),
    #[error("no run `{0}`; `factory runs` lists them")]
    UnknownRun(String),
    #[error("repo `{repo}` of task `{task}` is not registered in factory.toml")]
    UnknownRepo { task: String, repo: String },
    #[error("the plan's tasks form a cycle through {0}")]
    Cycle(String),
    #[error("stage {stage} failed: {message}")]
    Stage { stage: String, message: String },
    #[error("io error on {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
}

/// What the user asked for.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunRequest {
    pub id: String,
    pub outcome: String,
    /// Change specs given with the outcome (`field:orders-http/Order.created_at:add`).
    pub changes: Vec<String>,
    /// `fast` or `full` when the user forced a lane.
    pub lane: Option<String>,
    pub worker: WorkerChoice,
}

/// Which worker builds the tasks.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "worker", rename_all = "snake_case")]
pub enum WorkerChoice {
    /// Replays the steps of a script file.
    Script { path: PathBuf },
    /// An agent adapter: `kind` is claude, codex, gemini, cursor, acp or command; `program`
    /// and `args` come from the `[workers.<name>]` profile when there is one.
    Agent {
        name: String,
        kind: String,
        model: Option<String>,
        #[serde(default)]
        program: Option<String>,
        #[serde(default)]
        args: Vec<String>,
    },
}

impl WorkerChoice {
    pub fn label(&self) -> String {
        match self {
            Self::Script { .. } => "script".to_string(),
            Self::Agent { name, .. } => name.clone(),
        }
    }
}

/// A run's state as the journal records it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RunStatus {
    Running,
    /// Stopped at a gate until `factory approve`.
    Waiting,
    Succeeded,
    /// Verification still failed after the last fix attempt, or a task could not be built.
    Failed,
    Cancelled,
    Rejected,
}

impl RunStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Running => "running",
            Self::Waiting => "waiting",
            Self::Succeeded => "succeeded",
            Self::Failed => "failed",
            Self::Cancelled => "cancelled",
            Self::Rejected => "rejected",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        [Self::Running, Self::Waiting, Self::Succeeded, Self::Failed, Self::Cancelled, Self::Rejected]
            .into_iter()
            .find(|status| status.as_str() == text)
    }

    pub fn is_final(self) -> bool {
        matches!(self, Self::Succeeded | Self::Failed | Self::Cancelled | Self::Rejected)
    }
}

/// One repository's change in the plan.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskPlan {
    pub id: String,
    pub repo: String,
    pub summary: String,
    #[serde(default)]
    pub depends_on: Vec<String>,
}

/// What the plan stage decided.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PlanOutput {
    pub lane: String,
    pub tasks: Vec<TaskPlan>,
    /// Gates the run stops at (`spec`, `plan`, `release`), from the lane's configuration.
    pub gates: Vec<String>,
    /// The whole plan as the planner wrote it, kept in the journal.
    pub plan: serde_json::Value,
}

/// A task after it was built: where its branch is and what the worker did.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct BuiltTask {
    pub task: TaskPlan,
    pub branch: String,
    pub base: String,
    pub worktree: PathBuf,
    pub head: String,
    pub attempt: u32,
    pub worker_status: String,
    pub summary: String,
    pub cost_usd: f64,
    pub tokens: u64,
}

/// What one verification round found.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct VerifyOutput {
    pub passed: bool,
    /// Evidence to hand back to the worker of each repo that must fix something.
    pub feedback: BTreeMap<String, String>,
    /// Every check with its verdict, kept in the journal.
    pub report: serde_json::Value,
}

/// A human's word at a gate.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "decision", rename_all = "snake_case")]
pub enum GateDecision {
    Approved,
    Rejected { reason: String },
}

/// The future a [`Stages`] method returns.
pub type StagesFuture<'a, T> = Pin<Box<dyn Future<Output = Result<T, RunError>> + Send + 'a>>;

/// What each stage decides. The app implements it over the brain, the planner, the sandbox,
/// learning and evidence; tests implement it with fakes.
pub trait Stages: Send + Sync {
    /// The spec in Markdown.
    fn spec<'a>(&'a self, request: &'a RunRequest) -> StagesFuture<'a, String>;
    fn plan<'a>(&'a self, request: &'a RunRequest, spec: &'a str) -> StagesFuture<'a, PlanOutput>;
    /// The context pack handed to the worker of `task` (Markdown).
    fn context_pack<'a>(&'a self, request: &'a RunRequest, plan: &'a PlanOutput, task: &'a TaskPlan) -> StagesFuture<'a, String>;
    /// Verifies the built branches; `round` is 1 for the first verification.
    fn verify<'a>(&'a self, request: &'a RunRequest, plan: &'a PlanOutput, built: &'a [BuiltTask], round: u32) -> StagesFuture<'a, VerifyOutput>;
    /// Learns from the run's journal; returns what was learned (kept in the journal).
    fn learn<'a>(&'a self, request: &'a RunRequest, run_dir: &'a std::path::Path) -> StagesFuture<'a, serde_json::Value>;
    /// Commits what learning changed in the home on `evolve/<run>`; returns the branch and files.
    fn evolve<'a>(&'a self, request: &'a RunRequest, run_dir: &'a std::path::Path) -> StagesFuture<'a, serde_json::Value>;
    /// Writes the evidence bundle; returns where it is and what it holds.
    fn evidence<'a>(&'a self, request: &'a RunRequest, run_dir: &'a std::path::Path) -> StagesFuture<'a, serde_json::Value>;
}
