//! OpenAI Codex non-interactive: `codex exec --json --sandbox workspace-write PROMPT`.
//!
//! Stream shapes read here (JSONL, one `type` per line): `thread.started`, `turn.started`,
//! `item.started` / `item.updated` / `item.completed` with an `item` of type
//! `agent_message {text}`, `reasoning {text}`, `command_execution {command,
//! aggregated_output, exit_code, status}`, `file_change {changes: [{path, kind:
//! add|delete|update}], status}`, `mcp_tool_call {server, tool, arguments, status}`,
//! `web_search {query}`, `todo_list`, `error {message}`; `turn.completed {usage:
//! {input_tokens, cached_input_tokens, output_tokens}}`, `turn.failed {error: {message}}` and
//! `error {message}`. There is no final result line: the run succeeded when a turn completed
//! and none failed, and the process exited 0.

use std::path::PathBuf;

use serde_json::Value;

use crate::event::{EventKind, FileChangeKind, FinishStatus, Role, UsageScope};
use crate::json::{parse_object, str_at, u64_at, unknown};
use crate::process::{Finish, HandledLine, ProcessPlan, StdinPlan, StreamHandler, run_process};
use crate::task::{CancelSignal, Limits, TaskSpec};
use crate::{EventSink, Worker, WorkerFuture, prompt_with_context};

/// The Codex adapter.
#[derive(Debug, Clone)]
pub struct Codex {
    /// The `codex` executable.
    pub program: String,
    /// `--sandbox`: `workspace-write` (default), `read-only` or `danger-full-access`.
    pub sandbox: String,
    /// `--output-schema`: a JSON Schema the final message must follow.
    pub output_schema: Option<PathBuf>,
}

impl Default for Codex {
    fn default() -> Self {
        Self { program: "codex".into(), sandbox: "workspace-write".into(), output_schema: None }
    }
}

impl Codex {
    pub fn arguments(&self, task: &TaskSpec) -> Result<Vec<String>, crate::AgentError> {
        let mut args = vec![
            "exec".to_string(),
            "--json".into(),
            "--sandbox".into(),
            self.sandbox.clone(),
            "--skip-git-repo-check".into(),
            "--cd".into(),
            task.worktree.display().to_string(),
        ];
        if let Some(schema) = &self.output_schema {
            args.extend(["--output-schema".to_string(), schema.display().to_string()]);
        }
        if let Some(model) = &task.model {
            args.extend(["--model".to_string(), model.clone()]);
        }
        if let Some(config) = &task.mcp_config {
            for server in crate::acp::read_mcp_servers(config)? {
                let key = format!("mcp_servers.{}", server.name);
                args.extend(["-c".to_string(), format!("{key}.command={}", toml_string(&server.command))]);
                let list = server.args.iter().map(|arg| toml_string(arg)).collect::<Vec<_>>().join(",");
                args.extend(["-c".to_string(), format!("{key}.args=[{list}]")]);
                for (name, value) in &server.env {
                    args.extend(["-c".to_string(), format!("{key}.env.{name}={}", toml_string(value))]);
                }
            }
        }
        args.push("--".into());
        args.push(prompt_with_context(task));
        Ok(args)
    }
}

/// A TOML basic string (what `-c key=value` parses).
fn toml_string(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| format!("\"{text}\""))
}

impl Worker for Codex {
    fn name(&self) -> &str {
        "codex"
    }

    fn run<'a>(&'a self, task: &'a TaskSpec, limits: &'a Limits, cancel: CancelSignal, sink: &'a mut dyn EventSink) -> WorkerFuture<'a> {
        Box::pin(async move {
            let plan =
                ProcessPlan { program: self.program.clone(), args: self.arguments(task)?, stdin: StdinPlan::Closed, env: Vec::new() };
            run_process(plan, &mut CodexStream::default(), task, limits, cancel, sink).await
        })
    }
}

#[derive(Default)]
struct CodexStream {
    turns_completed: u32,
    last_message: Option<String>,
    announced_tool_calls: std::collections::HashSet<String>,
}

impl StreamHandler for CodexStream {
    fn handle_line(&mut self, line: &str) -> HandledLine {
        let Some(value) = parse_object(line) else {
            return HandledLine::events(vec![unknown(None)]);
        };
        match str_at(&value, "/type") {
            Some("thread.started" | "turn.started" | "item.updated") => HandledLine::default(),
            Some("item.started") => HandledLine::events(self.item_started(value.get("item").unwrap_or(&Value::Null))),
            Some("item.completed") => HandledLine::events(self.item_completed(value.get("item").unwrap_or(&Value::Null))),
            Some("turn.completed") => {
                self.turns_completed += 1;
                HandledLine::events(vec![EventKind::Usage {
                    input_tokens: u64_at(&value, "/usage/input_tokens"),
                    output_tokens: u64_at(&value, "/usage/output_tokens"),
                    cost_usd: None,
                    turns: Some(1),
                    scope: UsageScope::Delta,
                }])
            }
            Some("turn.failed") => {
                let message = str_at(&value, "/error/message").unwrap_or("turn failed").to_string();
                HandledLine {
                    events: vec![EventKind::Error { message: message.clone() }],
                    replies: Vec::new(),
                    finish: Some(Finish::new(FinishStatus::Failed, message)),
                }
            }
            Some("error") => {
                HandledLine::events(vec![EventKind::Error { message: str_at(&value, "/message").unwrap_or("error").to_string() }])
            }
            _ => HandledLine::events(vec![unknown(Some(&value))]),
        }
    }

    fn end_of_stream(&mut self) -> Option<Finish> {
        (self.turns_completed > 0)
            .then(|| Finish::new(FinishStatus::Success, self.last_message.clone().unwrap_or_else(|| "codex finished".to_string())))
    }
}

impl CodexStream {
    fn item_started(&mut self, item: &Value) -> Vec<EventKind> {
        match str_at(item, "/type") {
            Some("mcp_tool_call") => self.tool_call(item).into_iter().collect(),
            _ => Vec::new(),
        }
    }

    fn tool_call(&mut self, item: &Value) -> Option<EventKind> {
        let id = str_at(item, "/id").unwrap_or_default().to_string();
        if !id.is_empty() && !self.announced_tool_calls.insert(id) {
            return None;
        }
        let name = format!("{}.{}", str_at(item, "/server").unwrap_or("mcp"), str_at(item, "/tool").unwrap_or("tool"));
        Some(EventKind::ToolCall { name, input: item.get("arguments").cloned().unwrap_or(Value::Null) })
    }

    fn item_completed(&mut self, item: &Value) -> Vec<EventKind> {
        match str_at(item, "/type") {
            Some("agent_message") => {
                let text = str_at(item, "/text").unwrap_or_default().to_string();
                self.last_message = Some(text.clone());
                vec![EventKind::Message { role: Role::Assistant, text }]
            }
            Some("command_execution") => vec![EventKind::Command {
                command: str_at(item, "/command").unwrap_or_default().to_string(),
                exit_code: item.get("exit_code").and_then(Value::as_i64).and_then(|code| i32::try_from(code).ok()),
                output: str_at(item, "/aggregated_output").unwrap_or_default().to_string(),
            }],
            Some("file_change") => item
                .get("changes")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .map(|change| EventKind::FileChange {
                    path: str_at(change, "/path").unwrap_or_default().to_string(),
                    change: match str_at(change, "/kind") {
                        Some("add") => FileChangeKind::Added,
                        Some("delete") => FileChangeKind::Deleted,
                        _ => FileChangeKind::Modified,
                    },
                })
                .collect(),
            Some("mcp_tool_call") => self.tool_call(item).into_iter().collect(),
            Some("web_search") => vec![EventKind::ToolCall {
                name: "web_search".into(),
                input: serde_json::json!({ "query": str_at(item, "/query").unwrap_or_default() }),
            }],
            Some("error") => vec![EventKind::Error { message: str_at(item, "/message").unwrap_or("error").to_string() }],
            Some("reasoning" | "todo_list") => Vec::new(),
            _ => vec![unknown(Some(item))],
        }
    }
}
