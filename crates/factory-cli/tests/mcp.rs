//! `factory mcp` end to end: the demo org is written and scanned, then a real `factory mcp`
//! child process is spoken to over its stdin and stdout, as a coding agent would (issue 5).

use std::io::{BufRead as _, BufReader, Write as _};
use std::os::unix::process::CommandExt as _;
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use serde_json::{json, Value};

/// How long one answer may take before the test gives up (it never asserts on timing).
const ANSWER_LIMIT: Duration = Duration::from_secs(120);

#[test]
fn an_agent_asks_the_brain_over_stdio() {
    let temp = tempfile::tempdir().expect("temp dir");
    let root = temp.path();
    let home = root.join("acme").join("home");
    let home_arg = home.display().to_string();
    succeed(root, &["demo", "acme", "--org-only"]);
    succeed(root, &["--home", &home_arg, "brain", "scan"]);

    let mut server = McpChild::start(root, &home);
    let initialized = server.request(
        "initialize",
        json!({"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "test-agent", "version": "1.0.0"}}),
    );
    let mut settings = insta::Settings::clone_current();
    settings.add_filter(r#""version": "[^"]+""#, r#""version": "[VERSION]""#);
    settings.bind(|| insta::assert_json_snapshot!("initialize", initialized));
    server.notify("notifications/initialized", json!({}));
    assert_eq!(server.request("ping", json!({})), json!({"result": {}, "id": 2, "jsonrpc": "2.0"}));

    let listed = server.request("tools/list", json!({}));
    insta::assert_json_snapshot!("tools_list", listed["result"]["tools"]);

    let search = server.call_tool("search", json!({"text": "orders"}));
    assert_eq!(search["isError"], json!(false), "{search:#}");
    let hits = tool_json(&search);
    let hit_refs: Vec<&str> = hits.as_array().expect("search answers a list").iter().filter_map(|hit| hit["ref"].as_str()).collect();
    assert!(hit_refs.contains(&"component:orders-api"), "search for orders found {hit_refs:?}");

    let impact = server.call_tool("impact", json!({"target": "api:orders-http"}));
    assert_eq!(impact["isError"], json!(false), "{impact:#}");
    let affected = tool_json(&impact);
    let components: Vec<&str> = affected["components"].as_array().expect("impact lists components").iter().filter_map(Value::as_str).collect();
    for component in ["component:web", "component:billing-worker"] {
        assert!(components.contains(&component), "impact of api:orders-http lists {components:?}, not {component}");
    }
    let explained = affected["affected"].as_array().expect("impact lists affected nodes with paths");
    assert!(
        explained.iter().any(|node| node["ref"] == json!("component:web") && node["path"].as_array().is_some_and(|path| !path.is_empty())),
        "component:web comes with the path that explains it: {affected:#}"
    );

    let unknown = server.call_tool("consumers", json!({"ref": "api:no-such-api"}));
    insta::assert_json_snapshot!("unknown_ref", unknown);
    let missing_argument = server.call_tool("impact", json!({}));
    insta::assert_json_snapshot!("missing_argument", missing_argument);

    let skills = tool_json(&server.call_tool("skills", json!({})));
    let skill_names: Vec<&str> = skills.as_array().expect("skills answers a list").iter().filter_map(|skill| skill["name"].as_str()).collect();
    assert!(skill_names.contains(&"api-field-naming"), "skills: {skill_names:?}");

    // Every other tool answers JSON about the demo org.
    for (tool, arguments) in [
        ("show", json!({"ref": "component:orders-api"})),
        ("owners", json!({"ref": "component:orders-api"})),
        ("tests", json!({"ref": "api:orders-http"})),
        ("impact", json!({"target": "orders-api/openapi.yaml"})),
        ("check", json!({})),
        ("lessons", json!({})),
        ("rules", json!({})),
        ("runs", json!({})),
    ] {
        let answer = server.call_tool(tool, arguments.clone());
        assert_eq!(answer["isError"], json!(false), "{tool} {arguments}: {answer:#}");
        tool_json(&answer);
    }
    let missing_run = server.call_tool("run_status", json!({"run": "no-such-run"}));
    assert_eq!(missing_run["isError"], json!(true), "{missing_run:#}");

    let stderr = server.finish();
    assert!(!stderr.contains("panicked"), "factory mcp panicked:\n{stderr}");
}

#[test]
fn after_the_whole_demo_an_agent_sees_its_runs_lessons_and_rules() {
    let temp = tempfile::tempdir().expect("temp dir");
    let root = temp.path();
    succeed(root, &["demo", "acme"]);

    let mut server = McpChild::start(root, &root.join("acme").join("home"));
    server.request("initialize", json!({"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}));
    server.notify("notifications/initialized", json!({}));

    let runs = tool_json(&server.call_tool("runs", json!({})));
    let finished = runs.as_array().expect("runs answers a list").iter().find(|run| run["status"] == json!("succeeded")).unwrap_or_else(|| panic!("no finished run: {runs:#}"));
    let run_id = finished["id"].as_str().expect("a run has an id").to_string();
    let status = tool_json(&server.call_tool("run_status", json!({"run": run_id})));
    let steps: Vec<&str> = status["steps"].as_array().expect("run_status has the journal").iter().filter_map(|step| step["name"].as_str()).collect();
    assert!(steps.contains(&"spec") && steps.contains(&"plan"), "the journal of {run_id} has steps {steps:?}");

    let lessons = tool_json(&server.call_tool("lessons", json!({})));
    assert!(lessons.as_array().is_some_and(|lessons| lessons.iter().any(|lesson| lesson["title"].as_str().is_some_and(|title| !title.is_empty()))), "{lessons:#}");
    let rules = tool_json(&server.call_tool("rules", json!({})));
    assert!(rules.as_array().is_some_and(|rules| rules.iter().any(|rule| rule["rule"]["id"].is_string())), "{rules:#}");
    server.finish();
}

#[test]
fn without_a_home_every_tool_answers_with_the_error() {
    let temp = tempfile::tempdir().expect("temp dir");
    let missing = temp.path().join("no-home-here");
    let mut server = McpChild::start(temp.path(), &missing);
    server.request("initialize", json!({"protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "t", "version": "1"}}));
    server.notify("notifications/initialized", json!({}));
    let answer = server.call_tool("search", json!({"text": "orders"}));
    assert_eq!(answer["isError"], json!(true), "{answer:#}");
    assert!(tool_text(&answer).contains("is not a factory home"), "{answer:#}");
    let stderr = server.finish();
    assert!(stderr.contains("warning:"), "factory mcp should warn on stderr that the home is missing:\n{stderr}");
}

fn succeed(cwd: &Path, args: &[&str]) {
    let output = assert_cmd::Command::cargo_bin("factory")
        .expect("the factory binary is built")
        .current_dir(cwd)
        .args(args)
        .env_remove("FACTORY_HOME")
        .env("HOME", cwd)
        .timeout(Duration::from_secs(300))
        .output()
        .expect("factory runs");
    assert!(output.status.success(), "factory {args:?} failed:\n{}", String::from_utf8_lossy(&output.stderr));
}

/// A `factory mcp` child process in its own process group, killed when dropped.
struct McpChild {
    child: Child,
    stdin: Option<ChildStdin>,
    lines: Receiver<String>,
    stderr: Option<std::thread::JoinHandle<String>>,
    next_id: i64,
}

impl McpChild {
    fn start(cwd: &Path, home: &Path) -> Self {
        let executable: PathBuf = assert_cmd::cargo::cargo_bin("factory");
        let mut child = Command::new(executable)
            .current_dir(cwd)
            .args(["--home", &home.display().to_string(), "mcp"])
            .env_remove("FACTORY_HOME")
            .env("HOME", cwd)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .process_group(0)
            .spawn()
            .expect("factory mcp starts");
        let stdout = child.stdout.take().expect("stdout is piped");
        let stderr = child.stderr.take().expect("stderr is piped");
        let (sender, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        let stderr = std::thread::spawn(move || std::io::read_to_string(stderr).unwrap_or_default());
        Self { stdin: child.stdin.take(), child, lines, stderr: Some(stderr), next_id: 1 }
    }

    fn send(&mut self, message: &Value) {
        let stdin = self.stdin.as_mut().expect("stdin is open");
        writeln!(stdin, "{message}").expect("write to factory mcp");
        stdin.flush().expect("flush to factory mcp");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(&json!({"jsonrpc": "2.0", "method": method, "params": params}));
    }

    /// Sends a request and returns the response with its id; every line on stdout must be JSON-RPC.
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        self.send(&json!({"jsonrpc": "2.0", "id": id, "method": method, "params": params}));
        loop {
            let line = self.lines.recv_timeout(ANSWER_LIMIT).unwrap_or_else(|error| panic!("no answer to {method}: {error}"));
            let message: Value = serde_json::from_str(&line).unwrap_or_else(|error| panic!("stdout carried a line that is not JSON ({error}): {line}"));
            assert_eq!(message["jsonrpc"], json!("2.0"), "stdout carried a message that is not JSON-RPC: {line}");
            if message["id"] == json!(id) {
                return message;
            }
        }
    }

    /// `tools/call`, returning the call's result.
    fn call_tool(&mut self, name: &str, arguments: Value) -> Value {
        let response = self.request("tools/call", json!({"name": name, "arguments": arguments}));
        assert!(response.get("error").is_none(), "tools/call {name} was a protocol error: {response:#}");
        response["result"].clone()
    }

    /// Closes stdin, waits for the server to end on its own, and returns its stderr.
    fn finish(mut self) -> String {
        drop(self.stdin.take());
        let deadline = std::time::Instant::now() + ANSWER_LIMIT;
        let status = loop {
            if let Some(status) = self.child.try_wait().expect("wait for factory mcp") {
                break status;
            }
            assert!(std::time::Instant::now() < deadline, "factory mcp did not exit after its stdin closed");
            std::thread::sleep(Duration::from_millis(20));
        };
        let stderr = self.stderr.take().map(|handle| handle.join().unwrap_or_default()).unwrap_or_default();
        assert!(status.success(), "factory mcp exited with {status}:\n{stderr}");
        stderr
    }
}

impl Drop for McpChild {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn tool_text(result: &Value) -> &str {
    let content = result["content"].as_array().expect("a tool result has content");
    assert_eq!(content.len(), 1, "one text block: {result:#}");
    assert_eq!(content[0]["type"], json!("text"), "{result:#}");
    content[0]["text"].as_str().expect("the text block has text")
}

fn tool_json(result: &Value) -> Value {
    serde_json::from_str(tool_text(result)).expect("a tool answers JSON text")
}
