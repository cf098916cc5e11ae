//! Claude Code in print mode: `claude -p PROMPT --output-format stream-json --verbose`.
//!
//! Stream shapes read here: `{"type":"system","subtype":"init"}`; `{"type":"assistant",
//! "message":{"id","content":[{"type":"text"|"tool_use"|"thinking"}],"usage":{..}}}` (one line
//! per content block, the same message id and usage repeated); `{"type":"user","message":
//! {"content":[{"type":"tool_result","tool_use_id","content","is_error"}]}}`; and the final
//! `{"type":"result","subtype":"success"|"error_max_turns"|"error_during_execution",
//! "is_error","result","num_turns","total_cost_usd","usage":{..}}`.

use std::collections::{HashMap, HashSet};

use serde_json::Value;

use crate::event::{EventKind, FileChangeKind, FinishStatus, Role, UsageScope};
use crate::json::{content_text, parse_object, str_at, u64_at, unknown};
use crate::process::{Finish, HandledLine, ProcessPlan, StdinPlan, StreamHandler, run_process};
use crate::task::{CancelSignal, Limits, TaskSpec};
use crate::{EventSink, Worker, WorkerFuture, prompt_with_context};

/// The Claude Code adapter.
#[derive(Debug, Clone)]
pub struct ClaudeCode {
    /// The `claude` executable.
    pub program: String,
    /// `--permission-mode`: `acceptEdits` (default), `bypassPermissions`, `default`, `plan`.
    pub permission_mode: String,
}

impl Default for ClaudeCode {
    fn default() -> Self {
        Self { program: "claude".into(), permission_mode: "acceptEdits".into() }
    }
}

impl ClaudeCode {
    /// The command line for `task` under `limits`.
    pub fn arguments(&self, task: &TaskSpec, limits: &Limits) -> Vec<String> {
        let mut args = vec![
            "-p".to_string(),
            prompt_with_context(task),
            "--output-format".into(),
            "stream-json".into(),
            "--verbose".into(),
            "--permission-mode".into(),
            self.permission_mode.clone(),
        ];
        if !task.allowed_tools.is_empty() {
            args.push(format!("--allowedTools={}", task.allowed_tools.join(",")));
        }
        if let Some(turns) = limits.max_turns {
            args.extend(["--max-turns".to_string(), turns.to_string()]);
        }
        if let Some(dollars) = limits.max_cost_usd {
            args.extend(["--max-budget-usd".to_string(), format!("{dollars}")]);
        }
        if let Some(config) = &task.mcp_config {
            args.push(format!("--mcp-config={}", config.display()));
        }
        if let Some(model) = &task.model {
            args.extend(["--model".to_string(), model.clone()]);
        }
        args
    }
}

impl Worker for ClaudeCode {
    fn name(&self) -> &str {
        "claude"
    }

    fn run<'a>(&'a self, task: &'a TaskSpec, limits: &'a Limits, cancel: CancelSignal, sink: &'a mut dyn EventSink) -> WorkerFuture<'a> {
        Box::pin(async move {
            let plan = ProcessPlan {
                program: self.program.clone(),
                args: self.arguments(task, limits),
                stdin: StdinPlan::Closed,
                env: Vec::new(),
            };
            run_process(plan, &mut ClaudeStream::default(), task, limits, cancel, sink).await
        })
    }
}

/// Reads Claude Code's (and, with small differences, cursor-agent's) stream-json.
#[derive(Default)]
pub(crate) struct ClaudeStream {
    /// Assistant message ids already counted, so repeated usage is not added twice.
    counted_messages: HashSet<String>,
    /// Tool calls by id, to turn a Bash tool's result into a `command` event.
    tool_calls: HashMap<String, (String, Value)>,
}

impl StreamHandler for ClaudeStream {
    fn handle_line(&mut self, line: &str) -> HandledLine {
        let Some(value) = parse_object(line) else {
            return HandledLine::events(vec![unknown(None)]);
        };
        match str_at(&value, "/type") {
            Some("system") | Some("stream_event") => HandledLine::default(),
            Some("assistant") => HandledLine::events(self.assistant(&value)),
            Some("user") => HandledLine::events(self.tool_results(&value)),
            Some("result") => result(&value),
            _ => HandledLine::events(vec![unknown(Some(&value))]),
        }
    }
}

impl ClaudeStream {
    fn assistant(&mut self, value: &Value) -> Vec<EventKind> {
        let mut events = Vec::new();
        for block in value.pointer("/message/content").and_then(Value::as_array).into_iter().flatten() {
            match str_at(block, "/type") {
                Some("text") => {
                    let text = str_at(block, "/text").unwrap_or_default();
                    if !text.is_empty() {
                        events.push(EventKind::Message { role: Role::Assistant, text: text.to_string() });
                    }
                }
                Some("tool_use") => {
                    let name = str_at(block, "/name").unwrap_or("tool").to_string();
                    let input = block.get("input").cloned().unwrap_or(Value::Null);
                    if let Some(id) = str_at(block, "/id") {
                        self.tool_calls.insert(id.to_string(), (name.clone(), input.clone()));
                    }
                    let change = file_change(&name, &input);
                    events.push(EventKind::ToolCall { name, input });
                    events.extend(change);
                }
                _ => {}
            }
        }
        let id = str_at(value, "/message/id").unwrap_or_default().to_string();
        if let Some(usage) = value.pointer("/message/usage")
            && self.counted_messages.insert(id)
        {
            events.push(EventKind::Usage {
                input_tokens: input_tokens(usage),
                output_tokens: u64_at(usage, "/output_tokens"),
                cost_usd: None,
                turns: Some(1),
                scope: UsageScope::Delta,
            });
        }
        events
    }

    fn tool_results(&mut self, value: &Value) -> Vec<EventKind> {
        let mut events = Vec::new();
        for block in value.pointer("/message/content").and_then(Value::as_array).into_iter().flatten() {
            if str_at(block, "/type") != Some("tool_result") {
                continue;
            }
            let Some((name, input)) = str_at(block, "/tool_use_id").and_then(|id| self.tool_calls.get(id)) else { continue };
            if name == "Bash" {
                let is_error = block.get("is_error").and_then(Value::as_bool).unwrap_or(false);
                events.push(EventKind::Command {
                    command: str_at(input, "/command").unwrap_or_default().to_string(),
                    exit_code: if is_error { None } else { Some(0) },
                    output: content_text(block.get("content")),
                });
            }
        }
        events
    }
}

/// Input tokens including cache writes and reads: what the model actually read.
fn input_tokens(usage: &Value) -> u64 {
    u64_at(usage, "/input_tokens") + u64_at(usage, "/cache_creation_input_tokens") + u64_at(usage, "/cache_read_input_tokens")
}

/// The `file_change` a file-editing tool call implies.
fn file_change(name: &str, input: &Value) -> Option<EventKind> {
    let (pointer, change) = match name {
        "Write" => ("/file_path", FileChangeKind::Written),
        "Edit" | "MultiEdit" => ("/file_path", FileChangeKind::Modified),
        "NotebookEdit" => ("/notebook_path", FileChangeKind::Modified),
        _ => return None,
    };
    str_at(input, pointer).map(|path| EventKind::FileChange { path: path.to_string(), change })
}

pub(crate) fn result(value: &Value) -> HandledLine {
    let subtype = str_at(value, "/subtype").unwrap_or("success");
    let is_error = value.get("is_error").and_then(Value::as_bool).unwrap_or(false);
    let status = match subtype {
        "success" if !is_error => FinishStatus::Success,
        "error_max_turns" | "error_max_budget_usd" => FinishStatus::Budget,
        _ => FinishStatus::Failed,
    };
    let turns = value.get("num_turns").and_then(Value::as_u64).unwrap_or(0);
    let summary = match (str_at(value, "/result"), subtype) {
        (Some(text), _) if !text.is_empty() => text.to_string(),
        (_, "error_max_turns") => format!("stopped by the agent at its turn limit after {turns} turns"),
        (_, "error_max_budget_usd") => "stopped by the agent at its dollar limit".to_string(),
        _ => subtype.replace('_', " "),
    };
    let mut events = Vec::new();
    if value.get("usage").is_none() && value.get("total_cost_usd").is_none() {
        return HandledLine { events, replies: Vec::new(), finish: Some(Finish::new(status, summary)) };
    }
    let usage = value.get("usage").cloned().unwrap_or(Value::Null);
    events.push(EventKind::Usage {
        input_tokens: input_tokens(&usage),
        output_tokens: u64_at(&usage, "/output_tokens"),
        cost_usd: value.get("total_cost_usd").and_then(Value::as_f64),
        turns: value.get("num_turns").and_then(Value::as_u64).and_then(|turns| u32::try_from(turns).ok()),
        scope: UsageScope::Total,
    });
    HandledLine { events, replies: Vec::new(), finish: Some(Finish::new(status, summary)) }
}
