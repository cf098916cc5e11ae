//! The ACP adapter against a fake agent speaking the protocol over stdio: the handshake, the
//! session in the worktree with the MCP servers, updates to events, permissions by policy,
//! file access confined to the worktree, and a crash mid-session.

use std::time::Duration;

use factory_agents::{AcpAgent, CancelSignal, EventLog, Limits, PermissionPolicy, Worker};
use serde_json::{Value, json};

use crate::common::{events_view, limits, make_executable, outcome_view, setup, stream_file};

/// A fake ACP agent. It records every message it receives to `FAKE_RECORD` (one JSON per
/// line) and, when `FAKE_CRASH` is set, dies right after the first tool call.
const FAKE_ACP_AGENT: &str = r#"#!/usr/bin/env python3
import json, os, sys
record = open(os.environ["FAKE_RECORD"], "w")
def send(message):
    print(json.dumps(message), flush=True)
def receive():
    line = sys.stdin.readline()
    if not line:
        sys.exit(0)
    message = json.loads(line)
    record.write(json.dumps(message, sort_keys=True) + "\n"); record.flush()
    return message
def update(session, body):
    send({"jsonrpc": "2.0", "method": "session/update", "params": {"sessionId": session, "update": body}})
def ask(id, method, params):
    send({"jsonrpc": "2.0", "id": id, "method": method, "params": params})
    return receive()

init = receive()
send({"jsonrpc": "2.0", "id": init["id"], "result": {"protocolVersion": 1, "agentCapabilities": {"loadSession": False}, "authMethods": []}})
new = receive()
send({"jsonrpc": "2.0", "id": new["id"], "result": {"sessionId": "sess-1"}})
prompt = receive()
s = "sess-1"
update(s, {"sessionUpdate": "agent_thought_chunk", "content": {"type": "text", "text": "planning"}})
update(s, {"sessionUpdate": "agent_message_chunk", "content": {"type": "text", "text": "Adding the export. "}})
update(s, {"sessionUpdate": "tool_call", "toolCallId": "call-1", "title": "Write app/export.py", "kind": "edit", "status": "pending", "rawInput": {"path": "app/export.py"}})
if os.environ.get("FAKE_STALL"):
    receive()
    import time; time.sleep(60)
if os.environ.get("FAKE_CRASH"):
    sys.stderr.write("panic: lost connection to model\n"); sys.exit(7)
ask("p1", "session/request_permission", {"sessionId": s, "toolCall": {"toolCallId": "call-1", "title": "Write app/export.py", "kind": "edit"},
    "options": [{"optionId": "yes", "name": "Allow", "kind": "allow_once"}, {"optionId": "no", "name": "Reject", "kind": "reject_once"}]})
worktree = new["params"]["cwd"]
ask("w1", "fs/write_text_file", {"sessionId": s, "path": worktree + "/app/export.py", "content": "def export(orders):\n    return ''\n"})
ask("r1", "fs/read_text_file", {"sessionId": s, "path": worktree + "/app/export.py", "line": 2, "limit": 1})
ask("r2", "fs/read_text_file", {"sessionId": s, "path": worktree + "/../secrets.txt"})
ask("w2", "fs/write_text_file", {"sessionId": s, "path": "/etc/evil", "content": "x"})
update(s, {"sessionUpdate": "tool_call_update", "toolCallId": "call-1", "status": "completed",
    "content": [{"type": "diff", "path": worktree + "/app/export.py", "oldText": None, "newText": "def export(orders):\n    return ''\n"}]})
update(s, {"sessionUpdate": "tool_call", "toolCallId": "call-2", "title": "Run tests", "kind": "execute", "status": "in_progress", "rawInput": {"command": "python3 -m pytest -q"}})
ask("p2", "session/request_permission", {"sessionId": s, "toolCall": {"toolCallId": "call-2"},
    "options": [{"optionId": "always", "name": "Always", "kind": "allow_always"}, {"optionId": "never", "name": "Never", "kind": "reject_always"}]})
update(s, {"sessionUpdate": "tool_call_update", "toolCallId": "call-2", "status": "completed",
    "content": [{"type": "content", "content": {"type": "text", "text": "3 passed"}}]})
update(s, {"sessionUpdate": "hologram_update", "shape": "cube"})
update(s, {"sessionUpdate": "usage_update", "used": 53000, "size": 200000, "cost": {"amount": 0.045, "currency": "USD"}})
ask("t1", "terminal/create", {"sessionId": s, "command": "ls"})
update(s, {"sessionUpdate": "agent_message_chunk", "content": {"type": "text", "text": "Done."}})
send({"jsonrpc": "2.0", "id": prompt["id"], "result": {"stopReason": "end_turn", "usage": {"inputTokens": 5000, "outputTokens": 300}}})
receive()
"#;

#[derive(Clone, Copy, PartialEq)]
enum Ending {
    Normal,
    Crash,
    Stall,
}

async fn check(policy: PermissionPolicy, ending: Ending) -> Value {
    let dir = tempfile::tempdir().expect("tempdir");
    let stream = stream_file(dir.path(), "unused.jsonl", "");
    let mut setup = setup(&stream);
    let program = setup.dir.path().join("fake-acp-agent");
    std::fs::write(&program, FAKE_ACP_AGENT).expect("write");
    make_executable(&program);
    std::fs::write(setup.dir.path().join("secrets.txt"), "hunter2").expect("secret");
    let mcp = stream_file(
        setup.dir.path(),
        "mcp.json",
        r#"{"mcpServers": {"factory": {"command": "factory", "args": ["mcp"], "env": {"FACTORY_RUN": "r1"}}}}"#,
    );
    setup.task.mcp_config = Some(mcp);
    match ending {
        Ending::Normal => {}
        Ending::Crash => {
            setup.task.env.insert("FAKE_CRASH".into(), "1".into());
        }
        Ending::Stall => {
            setup.task.env.insert("FAKE_STALL".into(), "1".into());
        }
    }
    let limits = if ending == Ending::Stall { Limits { stall_timeout: Duration::from_millis(3000), ..limits() } } else { limits() };
    let worker = AcpAgent { name: "gemini-acp".into(), program: program.display().to_string(), args: vec!["--acp".into()], policy };
    let mut log = EventLog::default();
    let outcome = worker.run(&setup.task, &limits, CancelSignal::never(), &mut log).await.expect("runs");

    let tmp = setup.dir.path().canonicalize().expect("canonical").display().to_string();
    let received = std::fs::read_to_string(setup.dir.path().join("record.json")).expect("record").replace(&tmp, "$TMP");
    let received: Vec<Value> = received.lines().map(|line| serde_json::from_str(line).expect("json")).collect();
    let events = serde_json::to_string(&events_view(&log)).expect("json").replace(&tmp, "$TMP");
    let written = std::fs::read_to_string(setup.task.worktree.join("app/export.py")).ok();
    json!({
        "received_by_agent": received,
        "events": serde_json::from_str::<Value>(&events).expect("json"),
        "outcome": outcome_view(&outcome),
        "written": written,
    })
}

#[tokio::test]
async fn acp_session_with_permissions_and_confined_files() {
    insta::assert_json_snapshot!(check(PermissionPolicy::AllowAll, Ending::Normal).await);
}

#[tokio::test]
async fn acp_permissions_follow_the_policy() {
    let value = check(PermissionPolicy::AllowKinds(vec!["edit".into()]), Ending::Normal).await;
    let answers: Vec<&Value> = value["received_by_agent"]
        .as_array()
        .expect("list")
        .iter()
        .filter(|message| message["id"] == "p1" || message["id"] == "p2")
        .map(|message| &message["result"]["outcome"])
        .collect();
    insta::assert_json_snapshot!(answers);
}

#[tokio::test]
async fn acp_agent_crash_mid_session() {
    insta::assert_json_snapshot!(check(PermissionPolicy::AllowAll, Ending::Crash).await);
}

#[tokio::test]
async fn a_stalled_acp_agent_is_asked_to_cancel_before_it_is_stopped() {
    let value = check(PermissionPolicy::AllowAll, Ending::Stall).await;
    insta::assert_json_snapshot!(
        json!({ "last_received": value["received_by_agent"].as_array().and_then(|list| list.last()), "outcome": value["outcome"] })
    );
}
