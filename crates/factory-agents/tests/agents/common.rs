//! Helpers shared by the adapter tests: a fake agent executable that replays a recorded
//! stream, task specs in temp dirs, and snapshot views of events and outcomes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use factory_agents::{EventLog, Limits, TaskSpec, WorkerEvent, WorkerOutcome};
use serde_json::{Value, json};

/// A python3 script that records its arguments and stdin, then replays `FAKE_STREAM` line by
/// line. Directives: `#stderr TEXT`, `#exit CODE`, `#sleep SECONDS`, `#spawn SHELL` (a
/// background grandchild), `#pidfile PATH` (writes its own pid).
pub const FAKE_AGENT: &str = r##"#!/usr/bin/env python3
import json, os, subprocess, sys, time
out = os.environ.get("FAKE_RECORD")
if out:
    stdin = "" if sys.stdin is None or sys.stdin.isatty() else sys.stdin.read()
    with open(out, "w") as f:
        env = {key: os.environ[key] for key in ["GEMINI_CLI_SYSTEM_SETTINGS_PATH"] if key in os.environ}
        json.dump({"args": sys.argv[1:], "stdin": stdin, "env": env}, f)
for line in open(os.environ["FAKE_STREAM"]):
    line = line.rstrip("\n")
    if line.startswith("#exit "):
        sys.exit(int(line[6:]))
    elif line.startswith("#stderr "):
        sys.stderr.write(line[8:] + "\n"); sys.stderr.flush()
    elif line.startswith("#sleep "):
        time.sleep(float(line[7:]))
    elif line.startswith("#spawn "):
        subprocess.Popen(line[7:], shell=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    elif line.startswith("#bytes "):
        sys.stdout.flush(); sys.stdout.buffer.write(bytes.fromhex(line[7:])); sys.stdout.buffer.flush()
    elif line.startswith("#pidfile "):
        open(line[9:], "w").write(str(os.getpid()))
    else:
        print(line, flush=True)
"##;

pub struct Setup {
    pub dir: tempfile::TempDir,
    pub program: String,
    pub task: TaskSpec,
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name)
}

/// A worktree, the fake agent, and a task whose env points the fake at `stream`.
pub fn setup(stream: &Path) -> Setup {
    let dir = tempfile::tempdir().expect("tempdir");
    let worktree = dir.path().join("worktree");
    std::fs::create_dir_all(&worktree).expect("worktree");
    let program = dir.path().join("fake-agent");
    std::fs::write(&program, FAKE_AGENT).expect("write fake agent");
    make_executable(&program);
    let mut env = BTreeMap::new();
    env.insert("FAKE_STREAM".to_string(), stream.display().to_string());
    env.insert("FAKE_RECORD".to_string(), dir.path().join("record.json").display().to_string());
    let task = TaskSpec {
        task_id: "t1".into(),
        repo: "orders-api".into(),
        attempt: 1,
        worktree,
        prompt: "Add a CSV export of orders".into(),
        context_pack: None,
        mcp_config: None,
        model: None,
        allowed_tools: Vec::new(),
        env,
        raw_log: dir.path().join("logs/worker.jsonl"),
    };
    Setup { program: program.display().to_string(), task, dir }
}

pub fn make_executable(path: &Path) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).expect("chmod");
}

/// A stream file written into the temp dir.
pub fn stream_file(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).expect("write stream");
    path
}

pub fn limits() -> Limits {
    Limits { wall_time: Duration::from_secs(60), stall_timeout: Duration::from_secs(30), ..Limits::default() }
}

/// What the fake agent was called with, the temp dir written as `$TMP`.
pub fn recorded_call(setup: &Setup) -> Value {
    let text = std::fs::read_to_string(setup.dir.path().join("record.json")).expect("record.json");
    let tmp = setup.dir.path().display().to_string();
    serde_json::from_str(&text.replace(&tmp, "$TMP")).expect("record json")
}

/// The events without their raw lines (checked separately), as JSON.
pub fn events_view(log: &EventLog) -> Value {
    for event in &log.events[..log.events.len().saturating_sub(1)] {
        assert!(event.raw.is_some() || is_factory_event(event), "event without its raw line: {event:?}");
    }
    Value::Array(
        log.events
            .iter()
            .map(|event| {
                let mut value = serde_json::to_value(&event.kind).expect("event json");
                if let Some(summary) = value.get_mut("summary") {
                    *summary = json!(summary.as_str().map(without_temp_paths));
                }
                value
            })
            .collect(),
    )
}

fn is_factory_event(event: &WorkerEvent) -> bool {
    matches!(event.kind, factory_agents::EventKind::Finished { .. })
}

fn without_temp_paths(text: &str) -> String {
    text.split_whitespace().map(|word| if word.contains("/tmp/") { "$PATH" } else { word }).collect::<Vec<_>>().join(" ")
}

/// The outcome without times and paths.
pub fn outcome_view(outcome: &WorkerOutcome) -> Value {
    json!({
        "status": outcome.status,
        "summary": without_temp_paths(&outcome.summary),
        "totals": outcome.totals,
        "events": outcome.events,
        "exit_code": outcome.exit_code,
    })
}
