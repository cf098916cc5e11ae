//! Gemini CLI headless: `gemini -p PROMPT --output-format stream-json`.
//!
//! Stream shapes read here (JSONL, each with `type` and `timestamp`): `init {session_id,
//! model}`, `message {role: user|assistant, content, delta?}`, `tool_use {tool_name, tool_id,
//! parameters}`, `tool_result {tool_id, status: success|error, output?, error?}`, `error
//! {severity: warning|error, message}` and the final `result {status: success|error, error?,
//! stats: {total_tokens, input_tokens, output_tokens, duration_ms, tool_calls}}`.

use std::collections::HashMap;

use serde_json::Value;

use crate::event::{EventKind, FileChangeKind, FinishStatus, Role, UsageScope};
use crate::json::{parse_object, str_at, u64_at, unknown};
use crate::process::{Finish, HandledLine, ProcessPlan, StdinPlan, StreamHandler, run_process};
use crate::task::{CancelSignal, Limits, TaskSpec};
use crate::{EventSink, Worker, WorkerFuture, prompt_with_context};

/// The Gemini CLI adapter.
#[derive(Debug, Clone)]
pub struct GeminiCli {
    /// The `gemini` executable.
    pub program: String,
    /// `--approval-mode`: `yolo` (default: headless Gemini cannot ask, and the worktree is the
    /// boundary), `auto_edit` (edits only, no shell) or `default`.
    pub approval_mode: String,
}

impl Default for GeminiCli {
    fn default() -> Self {
        Self { program: "gemini".into(), approval_mode: "yolo".into() }
    }
}

impl GeminiCli {
    pub fn arguments(&self, task: &TaskSpec) -> Vec<String> {
        let mut args = vec![
            "-p".to_string(),
            prompt_with_context(task),
            "--output-format".into(),
            "stream-json".into(),
            "--approval-mode".into(),
            self.approval_mode.clone(),
        ];
        if let Some(model) = &task.model {
            args.extend(["--model".to_string(), model.clone()]);
        }
        args
    }
}

impl Worker for GeminiCli {
    fn name(&self) -> &str {
        "gemini"
    }

    fn run<'a>(&'a self, task: &'a TaskSpec, limits: &'a Limits, cancel: CancelSignal, sink: &'a mut dyn EventSink) -> WorkerFuture<'a> {
        Box::pin(async move {
            // Gemini reads MCP servers from its settings, whose `mcpServers` has the MCP config
            // file's shape; the system settings path is the per-run route that touches no file
            // of the user's or the repo's.
            let env = task
                .mcp_config
                .iter()
                .map(|config| ("GEMINI_CLI_SYSTEM_SETTINGS_PATH".to_string(), config.display().to_string()))
                .collect();
            let plan = ProcessPlan { program: self.program.clone(), args: self.arguments(task), stdin: StdinPlan::Closed, env };
            run_process(plan, &mut GeminiStream::default(), task, limits, cancel, sink).await
        })
    }
}

#[derive(Default)]
struct GeminiStream {
    tool_calls: HashMap<String, (String, Value)>,
    last_message: String,
}

impl StreamHandler for GeminiStream {
    fn handle_line(&mut self, line: &str) -> HandledLine {
        let Some(value) = parse_object(line) else {
            return HandledLine::events(vec![unknown(None)]);
        };
        match str_at(&value, "/type") {
            Some("init") => HandledLine::default(),
            Some("message") => {
                let text = str_at(&value, "/content").unwrap_or_default().to_string();
                if str_at(&value, "/role") != Some("assistant") || text.is_empty() {
                    return HandledLine::default();
                }
                if value.get("delta").and_then(Value::as_bool).unwrap_or(false) {
                    self.last_message.push_str(&text);
                } else {
                    self.last_message = text.clone();
                }
                HandledLine::events(vec![EventKind::Message { role: Role::Assistant, text }])
            }
            Some("tool_use") => HandledLine::events(self.tool_use(&value)),
            Some("tool_result") => HandledLine::events(self.tool_result(&value)),
            Some("error") => {
                let message = str_at(&value, "/message").unwrap_or("error");
                let message = match str_at(&value, "/severity") {
                    Some("warning") => format!("warning: {message}"),
                    _ => message.to_string(),
                };
                HandledLine::events(vec![EventKind::Error { message }])
            }
            Some("result") => self.result(&value),
            _ => HandledLine::events(vec![unknown(Some(&value))]),
        }
    }
}

impl GeminiStream {
    fn tool_use(&mut self, value: &Value) -> Vec<EventKind> {
        let name = str_at(value, "/tool_name").unwrap_or("tool").to_string();
        let input = value.get("parameters").cloned().unwrap_or(Value::Null);
        if let Some(id) = str_at(value, "/tool_id") {
            self.tool_calls.insert(id.to_string(), (name.clone(), input.clone()));
        }
        vec![EventKind::ToolCall { name, input }]
    }

    fn tool_result(&mut self, value: &Value) -> Vec<EventKind> {
        let Some((name, input)) = str_at(value, "/tool_id").and_then(|id| self.tool_calls.get(id)) else {
            return Vec::new();
        };
        let succeeded = str_at(value, "/status") == Some("success");
        let output = str_at(value, "/output").or_else(|| str_at(value, "/error/message")).unwrap_or_default().to_string();
        match name.as_str() {
            "run_shell_command" => {
                vec![EventKind::Command { command: str_at(input, "/command").unwrap_or_default().to_string(), exit_code: None, output }]
            }
            "write_file" if succeeded => path_change(input, FileChangeKind::Written),
            "replace" | "edit" if succeeded => path_change(input, FileChangeKind::Modified),
            _ => Vec::new(),
        }
    }

    fn result(&mut self, value: &Value) -> HandledLine {
        let succeeded = str_at(value, "/status") != Some("error");
        let summary = if succeeded {
            if self.last_message.is_empty() { "gemini finished".to_string() } else { self.last_message.clone() }
        } else {
            str_at(value, "/error/message").unwrap_or("gemini reported an error").to_string()
        };
        let events = vec![EventKind::Usage {
            input_tokens: u64_at(value, "/stats/input_tokens"),
            output_tokens: u64_at(value, "/stats/output_tokens"),
            cost_usd: None,
            turns: None,
            scope: UsageScope::Total,
        }];
        let status = if succeeded { FinishStatus::Success } else { FinishStatus::Failed };
        HandledLine { events, replies: Vec::new(), finish: Some(Finish::new(status, summary)) }
    }
}

fn path_change(input: &Value, change: FileChangeKind) -> Vec<EventKind> {
    str_at(input, "/file_path")
        .or_else(|| str_at(input, "/path"))
        .map(|path| EventKind::FileChange { path: path.to_string(), change })
        .into_iter()
        .collect()
}
