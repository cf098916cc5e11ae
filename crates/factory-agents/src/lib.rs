//! The factory's workers: coding agents behind one [`Worker`] trait, each adapter turning
//! its agent's own output into one normalised stream of [`WorkerEvent`]s (message, tool call,
//! file change, command, usage, error, finished, unknown) while the raw lines are kept in a
//! log. Adapters: Claude Code ([`ClaudeCode`]), Codex ([`Codex`]), Gemini CLI
//! ([`GeminiCli`]), Cursor ([`CursorAgent`]), any Agent Client Protocol agent ([`AcpAgent`]),
//! any CLI ([`CommandWorker`]) and the [`ScriptWorker`], which replays recorded edits so tests
//! and the demo run without a model.
//!
//! Every worker process runs in its own process group in the task's worktree, is killed with
//! its group on drop, on cancel, at the wall-time limit, after the stall timeout (no output
//! for N seconds) and when a turn, token or dollar budget is spent (from its usage events).
//! Every run ends with exactly one `finished` event whose status says why.
//!
//! This crate never prints, never touches the store, and runs git only through
//! `factory-git` (the script worker's `patch` step). It does not create worktrees, commit,
//! retry or decide budgets across tasks: that is the run engine's work.
//!
//! # The script file
//!
//! A [`ScriptWorker`] reads one TOML (or JSON, by extension) file holding the steps for
//! several tasks and attempts. Each `[[task]]` names the repository (`repo`) and/or the task
//! id (`task`) it is for, and optionally the `attempt`. The most specific matching entry wins:
//! one naming the task id, then one naming only the repo, then one naming neither; at each
//! level an entry for this exact attempt before one without `attempt`. Its `[[task.step]]`
//! tables run in order, each with an `action`:
//!
//! | action | fields | events |
//! |---|---|---|
//! | `message` | `text` | `message` |
//! | `write` | `path`, `content` | `file_change` (added or modified) |
//! | `edit` | `path`, `find`, `replace` | `file_change`; fails when `find` is absent |
//! | `patch` | `diff` (unified, `git diff` style) | one `file_change` per file |
//! | `run` | `command` (`sh -c`), `expect_exit` (default 0) | `command`; fails on another exit code |
//! | `usage` | `input_tokens`, `output_tokens`, `cost_usd`, `turns` (all optional) | `usage` |
//! | `fail` | `message` | `error`, then `finished` with `failed` |
//! | `sleep` | `ms` | none (for stall and time-limit tests) |
//!
//! Paths are relative to the worktree and may not leave it.
//!
//! ```toml
//! [[task]]
//! repo = "orders-api"
//! attempt = 1
//!
//! [[task.step]]
//! action = "write"
//! path = "app/export.py"
//! content = "def export(orders):\n    return ''\n"
//!
//! [[task.step]]
//! action = "run"
//! command = "python3 -m pytest -q"
//! expect_exit = 1
//!
//! [[task]]
//! repo = "orders-api"
//! attempt = 2
//!
//! [[task.step]]
//! action = "edit"
//! path = "app/export.py"
//! find = "return ''"
//! replace = "return 'id,total_cents\\n'"
//!
//! [[task.step]]
//! action = "usage"
//! output_tokens = 1200
//! cost_usd = 0.02
//! ```
#![deny(clippy::print_stdout, clippy::print_stderr)]

mod acp;
mod acp_fs;
mod claude;
mod codex;
mod command;
mod cursor;
mod event;
mod gemini;
mod json;
mod process;
mod script;
mod task;
mod tracker;

pub use acp::{AcpAgent, PermissionPolicy};
pub use claude::ClaudeCode;
pub use codex::Codex;
pub use command::{CommandWorker, PromptInput};
pub use cursor::CursorAgent;
pub use event::{ChannelSink, EventKind, EventLog, EventSink, FileChangeKind, FinishStatus, Role, UsageScope, WorkerEvent};
pub use gemini::GeminiCli;
pub use script::{Script, ScriptStep, ScriptTask, ScriptWorker};
pub use task::{AgentError, CancelHandle, CancelSignal, Limits, TaskSpec, Totals, WorkerOutcome, stderr_log_path};

use std::future::Future;
use std::pin::Pin;

/// The future a [`Worker`] returns.
pub type WorkerFuture<'a> = Pin<Box<dyn Future<Output = Result<WorkerOutcome, AgentError>> + Send + 'a>>;

/// A coding agent (or the script worker) that can carry out one task.
pub trait Worker: Send + Sync {
    /// The adapter's name as `factory.toml` and the run journal spell it.
    fn name(&self) -> &str;

    /// Runs `task` in its worktree within `limits`, sending every event to `sink` as it
    /// happens, the last one being `finished`. Returns `Err` only when the worker could not
    /// run at all (not installed, no worktree, unreadable script); an agent that failed is
    /// an `Ok` outcome with status `failed`.
    fn run<'a>(&'a self, task: &'a TaskSpec, limits: &'a Limits, cancel: CancelSignal, sink: &'a mut dyn EventSink) -> WorkerFuture<'a>;
}

/// The adapter for a built-in agent name (`claude`, `codex`, `gemini`, `cursor`) with its
/// default program on PATH and default settings.
pub fn builtin_worker(name: &str) -> Option<Box<dyn Worker>> {
    match name {
        "claude" | "claude-code" => Some(Box::new(ClaudeCode::default())),
        "codex" => Some(Box::new(Codex::default())),
        "gemini" => Some(Box::new(GeminiCli::default())),
        "cursor" | "cursor-agent" => Some(Box::new(CursorAgent::default())),
        _ => None,
    }
}

/// The prompt with a pointer to the context pack, when there is one.
pub(crate) fn prompt_with_context(task: &TaskSpec) -> String {
    match &task.context_pack {
        Some(pack) => format!("{}\n\nRead the context pack for this task first: {}", task.prompt.trim_end(), pack.display()),
        None => task.prompt.clone(),
    }
}

/// The worker a `[workers.NAME]` profile of `factory.toml` describes: `kind` is the adapter
/// (`claude`, `codex`, `gemini`, `cursor`, `acp`, `command` or `script`), `program` the
/// executable (for `script`, the script file), `args` its arguments (`acp` and `command`).
/// A `command` worker gets the prompt as an argument when an argument holds `{prompt}`, on
/// stdin otherwise.
pub fn worker_from_profile(name: &str, kind: &str, program: Option<&str>, args: &[String]) -> Result<Box<dyn Worker>, AgentError> {
    let needs_program = || AgentError::Profile {
        name: name.to_string(),
        message: format!("kind `{kind}` needs `command` (the executable to start, or for `script` the script file)"),
    };
    let worker: Box<dyn Worker> = match kind {
        "claude" => Box::new(ClaudeCode { program: program.unwrap_or("claude").to_string(), ..ClaudeCode::default() }),
        "codex" => Box::new(Codex { program: program.unwrap_or("codex").to_string(), ..Codex::default() }),
        "gemini" => Box::new(GeminiCli { program: program.unwrap_or("gemini").to_string(), ..GeminiCli::default() }),
        "cursor" => Box::new(CursorAgent { program: program.unwrap_or("cursor-agent").to_string(), ..CursorAgent::default() }),
        "acp" => Box::new(AcpAgent {
            name: name.to_string(),
            program: program.ok_or_else(needs_program)?.to_string(),
            args: args.to_vec(),
            policy: PermissionPolicy::default(),
        }),
        "command" => Box::new(CommandWorker {
            name: name.to_string(),
            program: program.ok_or_else(needs_program)?.to_string(),
            args: args.to_vec(),
            prompt: if args.iter().any(|arg| arg.contains("{prompt}")) { PromptInput::Argument } else { PromptInput::Stdin },
        }),
        "script" => Box::new(ScriptWorker { script: program.ok_or_else(needs_program)?.into() }),
        other => {
            return Err(AgentError::Profile {
                name: name.to_string(),
                message: format!("unknown kind `{other}`; use claude, codex, gemini, cursor, acp, command or script"),
            });
        }
    };
    Ok(worker)
}
