//! Any agent speaking the Agent Client Protocol over stdio (`gemini --acp`, the Claude Code
//! and Codex ACP adapters, ...). The JSON-RPC messages are written directly with serde_json
//! rather than through the `agent-client-protocol` crate, whose API still churns: the client
//! side needs only a handful of messages.
//!
//! The factory is the client: `initialize` (file system capabilities, no terminal),
//! `session/new` with the worktree as `cwd` and the MCP servers from the task's MCP config,
//! one `session/prompt`; `session/update` notifications become events
//! (`agent_message_chunk`, `tool_call`, `tool_call_update` with diffs and command output);
//! `session/request_permission` is answered by the [`PermissionPolicy`];
//! `fs/read_text_file` and `fs/write_text_file` work only inside the worktree. The prompt's
//! response (`stopReason`) ends the run, after which stdin is closed and the process group
//! ended. The raw log holds both directions.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use serde_json::{Value, json};

use crate::acp_fs::resolve_in_worktree;
use crate::event::{EventKind, FileChangeKind, FinishStatus, Role, UsageScope};
use crate::json::{content_text, parse_object, str_at, u64_at, unknown};
use crate::process::{Finish, HandledLine, ProcessPlan, StdinPlan, StreamHandler, run_process};
use crate::task::{AgentError, CancelSignal, Limits, TaskSpec};
use crate::{EventSink, Worker, WorkerFuture, prompt_with_context};

/// How the factory answers an agent's `session/request_permission`.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum PermissionPolicy {
    /// Allow every tool call (the worktree and the sandbox are the boundary).
    #[default]
    AllowAll,
    RejectAll,
    /// Allow tool calls of these ACP kinds (`read`, `edit`, `delete`, `move`, `search`,
    /// `execute`, `think`, `fetch`, `other`), reject the rest.
    AllowKinds(Vec<String>),
}

impl PermissionPolicy {
    fn allows(&self, kind: &str) -> bool {
        match self {
            Self::AllowAll => true,
            Self::RejectAll => false,
            Self::AllowKinds(kinds) => kinds.iter().any(|allowed| allowed == kind),
        }
    }
}

/// An ACP agent started as `program args...`.
#[derive(Debug, Clone)]
pub struct AcpAgent {
    pub name: String,
    pub program: String,
    pub args: Vec<String>,
    pub policy: PermissionPolicy,
}

impl Worker for AcpAgent {
    fn name(&self) -> &str {
        &self.name
    }

    fn run<'a>(&'a self, task: &'a TaskSpec, limits: &'a Limits, cancel: CancelSignal, sink: &'a mut dyn EventSink) -> WorkerFuture<'a> {
        Box::pin(async move {
            let mcp_servers = match &task.mcp_config {
                Some(config) => read_mcp_servers(config)?,
                None => Vec::new(),
            };
            let mut handler = AcpSession {
                worktree: task.worktree.clone(),
                prompt: prompt_with_context(task),
                mcp_servers,
                policy: self.policy.clone(),
                session_id: None,
                tool_calls: HashMap::new(),
                written: Default::default(),
                reply_text: String::new(),
                last_cost: 0.0,
            };
            let plan = ProcessPlan { program: self.program.clone(), args: self.args.clone(), stdin: StdinPlan::Protocol, env: Vec::new() };
            run_process(plan, &mut handler, task, limits, cancel, sink).await
        })
    }
}

/// One MCP server from an MCP config file.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct McpServer {
    pub(crate) name: String,
    pub(crate) command: String,
    pub(crate) args: Vec<String>,
    pub(crate) env: BTreeMap<String, String>,
}

/// Reads `{"mcpServers": {NAME: {"command", "args", "env"}}}` (stdio servers only).
pub(crate) fn read_mcp_servers(path: &Path) -> Result<Vec<McpServer>, AgentError> {
    let bad = |message: String| AgentError::McpConfig { path: path.to_path_buf(), message };
    let text = std::fs::read_to_string(path).map_err(|source| AgentError::Io { path: path.to_path_buf(), source })?;
    let value: Value = serde_json::from_str(&text).map_err(|error| bad(error.to_string()))?;
    let servers = value.get("mcpServers").and_then(Value::as_object).ok_or_else(|| bad("no `mcpServers` object".to_string()))?;
    let mut list = Vec::new();
    for (name, server) in servers {
        let command = str_at(server, "/command").ok_or_else(|| bad(format!("server `{name}` has no `command`")))?;
        let args =
            server.get("args").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).map(str::to_string).collect();
        let env = server
            .get("env")
            .and_then(Value::as_object)
            .into_iter()
            .flatten()
            .filter_map(|(key, value)| value.as_str().map(|value| (key.clone(), value.to_string())))
            .collect();
        list.push(McpServer { name: name.clone(), command: command.to_string(), args, env });
    }
    Ok(list)
}

#[derive(Debug, Clone)]
struct ToolCall {
    title: String,
    kind: String,
    command: Option<String>,
}

const INITIALIZE: u64 = 0;
const NEW_SESSION: u64 = 1;
const PROMPT: u64 = 2;

struct AcpSession {
    worktree: PathBuf,
    prompt: String,
    mcp_servers: Vec<McpServer>,
    policy: PermissionPolicy,
    session_id: Option<String>,
    /// Tool calls by id, from `tool_call` updates.
    tool_calls: HashMap<String, ToolCall>,
    /// Files written through `fs/write_text_file`, already reported as changed.
    written: std::collections::HashSet<String>,
    reply_text: String,
    last_cost: f64,
}

fn request(id: u64, method: &str, params: Value) -> String {
    json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }).to_string()
}

fn response(id: &Value, result: Value) -> String {
    json!({ "jsonrpc": "2.0", "id": id, "result": result }).to_string()
}

fn error_response(id: &Value, code: i64, message: &str) -> String {
    json!({ "jsonrpc": "2.0", "id": id, "error": { "code": code, "message": message } }).to_string()
}

impl StreamHandler for AcpSession {
    fn opening_messages(&mut self) -> Vec<String> {
        vec![request(
            INITIALIZE,
            "initialize",
            json!({
                "protocolVersion": 1,
                "clientCapabilities": { "fs": { "readTextFile": true, "writeTextFile": true }, "terminal": false },
                "clientInfo": { "name": "factory", "version": env!("CARGO_PKG_VERSION") },
            }),
        )]
    }

    fn cancel_messages(&mut self) -> Vec<String> {
        match &self.session_id {
            Some(session_id) => {
                vec![json!({ "jsonrpc": "2.0", "method": "session/cancel", "params": { "sessionId": session_id } }).to_string()]
            }
            None => Vec::new(),
        }
    }

    fn handle_line(&mut self, line: &str) -> HandledLine {
        let Some(message) = parse_object(line) else {
            return HandledLine::events(vec![unknown(None)]);
        };
        match (message.get("id"), str_at(&message, "/method")) {
            (Some(id), Some(method)) => self.agent_request(id, method, message.get("params").unwrap_or(&Value::Null)),
            (None, Some("session/update")) => HandledLine::events(self.update(message.pointer("/params/update").unwrap_or(&Value::Null))),
            (Some(id), None) => self.response(id.as_u64(), &message),
            _ => HandledLine::events(vec![EventKind::Unknown { event_type: str_at(&message, "/method").map(str::to_string) }]),
        }
    }
}

impl AcpSession {
    /// A response to one of our requests moves the session on.
    fn response(&mut self, id: Option<u64>, message: &Value) -> HandledLine {
        if let Some(error) = message.get("error") {
            let step = match id {
                Some(INITIALIZE) => "initialize",
                Some(NEW_SESSION) => "session/new",
                _ => "session/prompt",
            };
            let text = format!("{step} failed: {}", str_at(error, "/message").unwrap_or("unknown error"));
            return HandledLine {
                events: vec![EventKind::Error { message: text.clone() }],
                replies: Vec::new(),
                finish: Some(Finish::new(FinishStatus::Failed, text)),
            };
        }
        let result = message.get("result").unwrap_or(&Value::Null);
        match id {
            Some(INITIALIZE) => {
                let servers: Vec<Value> = self
                    .mcp_servers
                    .iter()
                    .map(|server| {
                        let env: Vec<Value> = server.env.iter().map(|(name, value)| json!({ "name": name, "value": value })).collect();
                        json!({ "name": server.name, "command": server.command, "args": server.args, "env": env })
                    })
                    .collect();
                let cwd = self.worktree.canonicalize().unwrap_or_else(|_| self.worktree.clone());
                HandledLine {
                    replies: vec![request(NEW_SESSION, "session/new", json!({ "cwd": cwd, "mcpServers": servers }))],
                    ..HandledLine::default()
                }
            }
            Some(NEW_SESSION) => {
                let session_id = str_at(result, "/sessionId").unwrap_or_default().to_string();
                self.session_id = Some(session_id.clone());
                let prompt = json!({ "sessionId": session_id, "prompt": [{ "type": "text", "text": self.prompt }] });
                HandledLine { replies: vec![request(PROMPT, "session/prompt", prompt)], ..HandledLine::default() }
            }
            Some(PROMPT) => self.prompt_finished(result),
            _ => HandledLine::default(),
        }
    }

    fn prompt_finished(&mut self, result: &Value) -> HandledLine {
        let stop_reason = str_at(result, "/stopReason").unwrap_or("end_turn");
        let status = match stop_reason {
            "end_turn" => FinishStatus::Success,
            "max_tokens" | "max_turn_requests" => FinishStatus::Budget,
            "cancelled" => FinishStatus::Cancelled,
            _ => FinishStatus::Failed,
        };
        let summary = if status == FinishStatus::Success && !self.reply_text.trim().is_empty() {
            self.reply_text.trim().to_string()
        } else {
            format!("stop reason: {stop_reason}")
        };
        let mut events = Vec::new();
        if let Some(usage) = result.get("usage") {
            let either = |snake: &str, camel: &str| u64_at(usage, snake).max(u64_at(usage, camel));
            events.push(EventKind::Usage {
                input_tokens: either("/input_tokens", "/inputTokens"),
                output_tokens: either("/output_tokens", "/outputTokens"),
                cost_usd: None,
                turns: None,
                scope: UsageScope::Delta,
            });
        }
        HandledLine { events, replies: Vec::new(), finish: Some(Finish::new(status, summary)) }
    }

    fn update(&mut self, update: &Value) -> Vec<EventKind> {
        let kind = str_at(update, "/sessionUpdate").unwrap_or_default();
        match kind {
            "agent_message_chunk" => {
                let text = str_at(update, "/content/text").unwrap_or_default().to_string();
                self.reply_text.push_str(&text);
                if text.is_empty() { Vec::new() } else { vec![EventKind::Message { role: Role::Assistant, text }] }
            }
            "tool_call" => {
                let id = str_at(update, "/toolCallId").unwrap_or_default().to_string();
                let title = str_at(update, "/title").unwrap_or("tool").to_string();
                let kind = str_at(update, "/kind").unwrap_or("other").to_string();
                let command = update.pointer("/rawInput/command").and_then(Value::as_str).map(str::to_string);
                self.tool_calls.insert(id, ToolCall { title: title.clone(), kind, command });
                let mut events = vec![EventKind::ToolCall { name: title, input: update.get("rawInput").cloned().unwrap_or(Value::Null) }];
                events.extend(self.tool_output(update));
                events
            }
            "tool_call_update" => self.tool_output(update),
            "usage_update" => {
                // `used`/`size` describe the context window; only the cost is spending.
                let Some(amount) = update.pointer("/cost/amount").and_then(Value::as_f64) else { return Vec::new() };
                let delta = (amount - self.last_cost).max(0.0);
                self.last_cost = amount;
                vec![EventKind::Usage { input_tokens: 0, output_tokens: 0, cost_usd: Some(delta), turns: None, scope: UsageScope::Delta }]
            }
            "agent_thought_chunk"
            | "user_message_chunk"
            | "plan"
            | "available_commands_update"
            | "current_mode_update"
            | "session_info_update" => Vec::new(),
            other => vec![EventKind::Unknown { event_type: Some(other.to_string()) }],
        }
    }

    /// Diffs and command output of a finished tool call.
    fn tool_output(&self, update: &Value) -> Vec<EventKind> {
        let status = str_at(update, "/status").unwrap_or_default();
        if status != "completed" && status != "failed" {
            return Vec::new();
        }
        let id = str_at(update, "/toolCallId").unwrap_or_default();
        let call = self.tool_calls.get(id).cloned().unwrap_or(ToolCall { title: "tool".into(), kind: "other".into(), command: None });
        let mut events = Vec::new();
        let mut output = Vec::new();
        for item in update.get("content").and_then(Value::as_array).into_iter().flatten() {
            match str_at(item, "/type") {
                Some("diff") => {
                    let path = str_at(item, "/path").unwrap_or_default().to_string();
                    if self.written.contains(&path) {
                        continue;
                    }
                    let change =
                        if item.get("oldText").is_none_or(Value::is_null) { FileChangeKind::Added } else { FileChangeKind::Modified };
                    events.push(EventKind::FileChange { path, change });
                }
                Some("content") => output.push(content_text(item.pointer("/content/text"))),
                _ => {}
            }
        }
        if call.kind == "execute" {
            let command =
                update.pointer("/rawInput/command").and_then(Value::as_str).map(str::to_string).or(call.command).unwrap_or(call.title);
            let exit_code = update.pointer("/rawOutput/exit_code").and_then(Value::as_i64).and_then(|code| i32::try_from(code).ok());
            events.push(EventKind::Command { command, exit_code, output: output.join("\n") });
        }
        events
    }

    /// A request from the agent: permission or file access.
    fn agent_request(&mut self, id: &Value, method: &str, params: &Value) -> HandledLine {
        match method {
            "session/request_permission" => self.permission(id, params),
            "fs/read_text_file" => {
                let path = str_at(params, "/path").unwrap_or_default();
                let reply = match resolve_in_worktree(&self.worktree, path)
                    .and_then(|real| std::fs::read_to_string(&real).map_err(|error| format!("{path}: {error}")))
                {
                    Ok(content) => response(id, json!({ "content": slice_lines(&content, params) })),
                    Err(message) => error_response(id, -32602, &message),
                };
                HandledLine { replies: vec![reply], ..HandledLine::default() }
            }
            "fs/write_text_file" => {
                let path = str_at(params, "/path").unwrap_or_default();
                let content = str_at(params, "/content").unwrap_or_default();
                match write_confined(&self.worktree, path, content) {
                    Ok(change) => {
                        self.written.insert(path.to_string());
                        HandledLine {
                            events: vec![EventKind::FileChange { path: path.to_string(), change }],
                            replies: vec![response(id, Value::Null)],
                            finish: None,
                        }
                    }
                    Err(message) => HandledLine {
                        events: vec![EventKind::Error { message: format!("refused write: {message}") }],
                        replies: vec![error_response(id, -32602, &message)],
                        finish: None,
                    },
                }
            }
            other => HandledLine {
                events: vec![EventKind::Unknown { event_type: Some(other.to_string()) }],
                replies: vec![error_response(id, -32601, &format!("method {other} is not supported by the factory"))],
                finish: None,
            },
        }
    }

    fn permission(&mut self, id: &Value, params: &Value) -> HandledLine {
        let known = str_at(params, "/toolCall/toolCallId").and_then(|call| self.tool_calls.get(call));
        let title = str_at(params, "/toolCall/title")
            .map(str::to_string)
            .or_else(|| known.map(|call| call.title.clone()))
            .unwrap_or_else(|| "a tool call".into());
        let tool_kind = str_at(params, "/toolCall/kind")
            .map(str::to_string)
            .or_else(|| known.map(|call| call.kind.clone()))
            .unwrap_or_else(|| "other".into());
        let allowed = self.policy.allows(&tool_kind);
        let wanted: &[&str] = if allowed { &["allow_once", "allow_always"] } else { &["reject_once", "reject_always"] };
        let options = params.get("options").and_then(Value::as_array).cloned().unwrap_or_default();
        let chosen = wanted
            .iter()
            .find_map(|kind| options.iter().find(|option| str_at(option, "/kind") == Some(kind)))
            .and_then(|option| str_at(option, "/optionId"));
        let outcome = match chosen {
            Some(option) => json!({ "outcome": { "outcome": "selected", "optionId": option } }),
            None => json!({ "outcome": { "outcome": "cancelled" } }),
        };
        let verdict = if allowed { "allowed" } else { "rejected" };
        HandledLine {
            events: vec![EventKind::Message {
                role: Role::System,
                text: format!("permission for {title} ({tool_kind}): {verdict} by policy"),
            }],
            replies: vec![response(id, outcome)],
            finish: None,
        }
    }
}

/// `line` (1-based) and `limit` of `fs/read_text_file`.
fn slice_lines(content: &str, params: &Value) -> String {
    let line = params.get("line").and_then(Value::as_u64);
    let limit = params.get("limit").and_then(Value::as_u64);
    if line.is_none() && limit.is_none() {
        return content.to_string();
    }
    let skip = usize::try_from(line.unwrap_or(1).saturating_sub(1)).unwrap_or(usize::MAX);
    let take = limit.and_then(|limit| usize::try_from(limit).ok()).unwrap_or(usize::MAX);
    content.split_inclusive('\n').skip(skip).take(take).collect()
}

fn write_confined(worktree: &Path, path: &str, content: &str) -> Result<FileChangeKind, String> {
    let real = resolve_in_worktree(worktree, path)?;
    let change = if real.exists() { FileChangeKind::Modified } else { FileChangeKind::Added };
    if let Some(parent) = real.parent() {
        std::fs::create_dir_all(parent).map_err(|error| format!("{path}: {error}"))?;
    }
    std::fs::write(&real, content).map_err(|error| format!("{path}: {error}"))?;
    Ok(change)
}
