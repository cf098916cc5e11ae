//! What a worker is asked to do, within which limits, and what it reports back.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::event::FinishStatus;

/// One task for one worker: a change in one repository's worktree.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TaskSpec {
    /// The task's id in the run (the script worker can select steps by it).
    pub task_id: String,
    /// The repository's name in the factory home (the script worker selects steps by it).
    pub repo: String,
    /// 1 for the first try, 2 for the first retry after verification failed, and so on.
    pub attempt: u32,
    /// The git worktree the worker runs in and may change.
    pub worktree: PathBuf,
    /// What to do, in words.
    pub prompt: String,
    /// The context pack (Markdown) the worker should read first.
    pub context_pack: Option<PathBuf>,
    /// An MCP configuration file in the common `{"mcpServers": {NAME: {command, args, env}}}`
    /// form, giving the worker the factory's MCP server.
    pub mcp_config: Option<PathBuf>,
    pub model: Option<String>,
    /// Tools the agent may use without asking (Claude Code's `--allowedTools` names).
    pub allowed_tools: Vec<String>,
    /// Extra environment for the worker process.
    pub env: BTreeMap<String, String>,
    /// Where the raw output goes: stdout lines verbatim in this file, stderr beside it in
    /// `<name>.stderr` (see [`stderr_log_path`]).
    pub raw_log: PathBuf,
}

/// When a worker is stopped. Per-run budgets are the engine's business: it passes what is
/// left of the run's budget as the task's limits.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Limits {
    /// Total time for the task, then `timeout`.
    pub wall_time: Duration,
    /// Longest silence (no output line, no event) before `stalled`.
    pub stall_timeout: Duration,
    pub max_turns: Option<u32>,
    /// Input plus output tokens.
    pub max_tokens: Option<u64>,
    pub max_cost_usd: Option<f64>,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            wall_time: Duration::from_secs(30 * 60),
            stall_timeout: Duration::from_secs(5 * 60),
            max_turns: None,
            max_tokens: None,
            max_cost_usd: None,
        }
    }
}

/// What a worker spent.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Totals {
    pub input_tokens: u64,
    pub output_tokens: u64,
    pub cost_usd: f64,
    pub turns: u32,
}

impl Totals {
    pub fn tokens(&self) -> u64 {
        self.input_tokens + self.output_tokens
    }
}

/// How a worker run ended. A failed agent is an outcome, not an error.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WorkerOutcome {
    pub status: FinishStatus,
    pub summary: String,
    pub totals: Totals,
    pub duration_ms: u64,
    /// Events delivered to the sink, the final `finished` included.
    pub events: u64,
    /// The process's exit code, when there was a process and it exited by itself.
    pub exit_code: Option<i32>,
    pub raw_log: PathBuf,
    pub stderr_log: PathBuf,
}

/// Why a worker could not run at all.
#[derive(Debug, thiserror::Error)]
pub enum AgentError {
    #[error(
        "could not start `{program}` in {worktree}: {source} (is it installed and on PATH, or is the worker's program set in factory.toml?)"
    )]
    Spawn { program: String, worktree: PathBuf, source: std::io::Error },
    #[error("io error on {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("bad script {path}: {message}")]
    Script { path: PathBuf, message: String },
    #[error("bad mcp config {path}: {message}")]
    McpConfig { path: PathBuf, message: String },
    #[error("worker profile `{name}` in factory.toml: {message}")]
    Profile { name: String, message: String },
    #[error("the worktree {worktree} does not exist; create it before running a worker")]
    NoWorktree { worktree: PathBuf },
}

/// The stderr log beside a raw log: `run/task.jsonl` gives `run/task.jsonl.stderr`.
pub fn stderr_log_path(raw_log: &Path) -> PathBuf {
    let mut name = raw_log.as_os_str().to_os_string();
    name.push(".stderr");
    PathBuf::from(name)
}

/// A way to ask a running worker to stop; it ends with `cancelled`.
#[derive(Debug, Clone)]
pub struct CancelSignal(tokio::sync::watch::Receiver<bool>);

/// The sending side of a [`CancelSignal`].
#[derive(Debug)]
pub struct CancelHandle(tokio::sync::watch::Sender<bool>);

impl CancelHandle {
    pub fn cancel(&self) {
        self.0.send_replace(true);
    }
}

impl CancelSignal {
    pub fn new() -> (CancelHandle, CancelSignal) {
        let (sender, receiver) = tokio::sync::watch::channel(false);
        (CancelHandle(sender), CancelSignal(receiver))
    }

    /// A signal that never fires.
    pub fn never() -> CancelSignal {
        let (sender, receiver) = tokio::sync::watch::channel(false);
        // Dropping the sender leaves the value false forever.
        drop(sender);
        CancelSignal(receiver)
    }

    pub fn is_cancelled(&self) -> bool {
        *self.0.borrow()
    }

    /// Resolves when cancelled; never, when the handle is gone without cancelling.
    pub async fn cancelled(&mut self) {
        loop {
            if *self.0.borrow_and_update() {
                return;
            }
            if self.0.changed().await.is_err() {
                std::future::pending::<()>().await;
            }
        }
    }
}
