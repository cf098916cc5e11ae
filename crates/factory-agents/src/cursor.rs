//! Cursor's CLI in print mode: `cursor-agent -p PROMPT --output-format stream-json --force`.
//!
//! Its stream is close to Claude Code's (`system` init, `user`, `assistant` with
//! `message.content[].text`, a final `result` with `subtype`, `is_error` and `result`) plus
//! `thinking` deltas and `{"type":"tool_call","subtype":"started"|"completed","call_id",
//! "tool_call":{"<kind>ToolCall":{"args":{..},"result":{"success"|"failure":{..}}}}}` where
//! kind is `shell`, `read`, `write`, `edit`, `delete`, `grep`, `glob`, `ls`, `mcp`, ...

use serde_json::Value;

use crate::claude::{ClaudeStream, result};
use crate::event::{EventKind, FileChangeKind};
use crate::json::{parse_object, str_at, unknown};
use crate::process::{HandledLine, ProcessPlan, StdinPlan, StreamHandler, run_process};
use crate::task::{CancelSignal, Limits, TaskSpec};
use crate::{EventSink, Worker, WorkerFuture, prompt_with_context};

/// The Cursor adapter.
#[derive(Debug, Clone)]
pub struct CursorAgent {
    /// The `cursor-agent` executable.
    pub program: String,
    /// `--force`: apply edits and run commands without asking; without it a headless Cursor
    /// only proposes changes.
    pub force: bool,
}

impl Default for CursorAgent {
    fn default() -> Self {
        Self { program: "cursor-agent".into(), force: true }
    }
}

impl CursorAgent {
    pub fn arguments(&self, task: &TaskSpec) -> Vec<String> {
        let mut args = vec!["-p".to_string(), prompt_with_context(task), "--output-format".into(), "stream-json".into()];
        if self.force {
            args.push("--force".into());
        }
        if let Some(model) = &task.model {
            args.extend(["--model".to_string(), model.clone()]);
        }
        args
    }
}

impl Worker for CursorAgent {
    fn name(&self) -> &str {
        "cursor"
    }

    fn run<'a>(&'a self, task: &'a TaskSpec, limits: &'a Limits, cancel: CancelSignal, sink: &'a mut dyn EventSink) -> WorkerFuture<'a> {
        Box::pin(async move {
            let plan = ProcessPlan { program: self.program.clone(), args: self.arguments(task), stdin: StdinPlan::Closed, env: Vec::new() };
            run_process(plan, &mut CursorStream::default(), task, limits, cancel, sink).await
        })
    }
}

#[derive(Default)]
struct CursorStream {
    claude: ClaudeStream,
}

impl StreamHandler for CursorStream {
    fn handle_line(&mut self, line: &str) -> HandledLine {
        let Some(value) = parse_object(line) else {
            return HandledLine::events(vec![unknown(None)]);
        };
        match str_at(&value, "/type") {
            Some("tool_call") => HandledLine::events(tool_call(&value)),
            Some("thinking") => HandledLine::default(),
            Some("result") => result(&value),
            _ => self.claude.handle_line(line),
        }
    }
}

fn tool_call(value: &Value) -> Vec<EventKind> {
    let Some((key, call)) = value.get("tool_call").and_then(Value::as_object).and_then(|calls| calls.iter().next()) else {
        return vec![unknown(Some(value))];
    };
    let name = key.strip_suffix("ToolCall").unwrap_or(key).to_string();
    let args = call.get("args").cloned().unwrap_or(Value::Null);
    match str_at(value, "/subtype") {
        Some("started") => vec![EventKind::ToolCall { name, input: args }],
        Some("completed") => completed(&name, &args, call.get("result")),
        _ => vec![unknown(Some(value))],
    }
}

fn completed(name: &str, args: &Value, result: Option<&Value>) -> Vec<EventKind> {
    let success = result.and_then(|result| result.get("success"));
    let outcome = success.or_else(|| result.and_then(|result| result.get("failure")));
    match name {
        "shell" => {
            let outcome = outcome.cloned().unwrap_or(Value::Null);
            let output = [str_at(&outcome, "/stdout"), str_at(&outcome, "/stderr")]
                .into_iter()
                .flatten()
                .filter(|text| !text.is_empty())
                .collect::<Vec<_>>()
                .join("\n");
            let exit_code = outcome.get("exitCode").and_then(Value::as_i64).and_then(|code| i32::try_from(code).ok());
            vec![EventKind::Command { command: str_at(args, "/command").unwrap_or_default().to_string(), exit_code, output }]
        }
        "write" | "edit" | "delete" if success.is_some() => {
            let change = match name {
                "write" => FileChangeKind::Written,
                "edit" => FileChangeKind::Modified,
                _ => FileChangeKind::Deleted,
            };
            let path = str_at(args, "/path").or_else(|| success.and_then(|success| str_at(success, "/path")));
            path.map(|path| EventKind::FileChange { path: path.to_string(), change }).into_iter().collect()
        }
        _ => Vec::new(),
    }
}
