//! Each real adapter against a fake executable replaying a recorded stream in its agent's
//! documented format: a whole successful session (with an unknown event type), and a crash
//! mid-stream.

use factory_agents::{CancelSignal, ClaudeCode, Codex, CommandWorker, CursorAgent, EventLog, GeminiCli, PromptInput, Worker};
use serde_json::{Value, json};

use crate::common::{Setup, events_view, fixture, limits, outcome_view, recorded_call, setup, stream_file};

/// Runs `make_worker(program)` on `stream` and returns call, events and outcome as one value.
async fn check(stream: &std::path::Path, make_worker: impl Fn(&Setup) -> Box<dyn Worker>) -> Value {
    let setup = setup(stream);
    let worker = make_worker(&setup);
    let mut log = EventLog::default();
    let mut limits = limits();
    limits.max_turns = Some(20);
    let outcome = worker.run(&setup.task, &limits, CancelSignal::never(), &mut log).await.expect("worker runs");
    let raw = std::fs::read_to_string(&outcome.raw_log).expect("raw log");
    let printed = std::fs::read_to_string(stream)
        .expect("stream")
        .lines()
        .filter(|line| !line.starts_with('#') || line.starts_with("#bytes "))
        .count();
    assert_eq!(raw.lines().count(), printed, "every stdout line is kept in the raw log");
    json!({
        "worker": worker.name(),
        "call": recorded_call(&setup),
        "events": events_view(&log),
        "outcome": outcome_view(&outcome),
        "stderr_log": std::fs::read_to_string(&outcome.stderr_log).expect("stderr log"),
    })
}

fn claude(setup: &Setup) -> Box<dyn Worker> {
    Box::new(ClaudeCode { program: setup.program.clone(), ..ClaudeCode::default() })
}

#[tokio::test]
async fn claude_code_session() {
    let value = check(&fixture("claude.jsonl"), |setup| {
        let mut worker = ClaudeCode { program: setup.program.clone(), ..ClaudeCode::default() };
        worker.permission_mode = "acceptEdits".into();
        Box::new(worker)
    })
    .await;
    insta::assert_json_snapshot!(value);
}

#[tokio::test]
async fn claude_code_crash_mid_stream() {
    insta::assert_json_snapshot!(check(&fixture("claude_crash.jsonl"), claude).await);
}

#[tokio::test]
async fn claude_code_command_line_carries_tools_turns_budget_mcp_and_model() {
    let setup = setup(&fixture("claude.jsonl"));
    let mut task = setup.task.clone();
    task.allowed_tools = vec!["Edit".into(), "Bash(git diff:*)".into(), "mcp__factory".into()];
    task.mcp_config = Some("/home/factory/.factory/mcp.json".into());
    task.model = Some("claude-sonnet-4-5".into());
    task.context_pack = Some("/home/factory/.factory/runs/r1/orders-api.md".into());
    let mut limits = limits();
    limits.max_turns = Some(30);
    limits.max_cost_usd = Some(2.5);
    insta::assert_json_snapshot!(ClaudeCode::default().arguments(&task, &limits));
}

#[tokio::test]
async fn codex_session() {
    insta::assert_json_snapshot!(
        check(&fixture("codex.jsonl"), |setup| Box::new(Codex { program: setup.program.clone(), ..Codex::default() })).await
    );
}

#[tokio::test]
async fn codex_crash_mid_stream() {
    insta::assert_json_snapshot!(
        check(&fixture("codex_crash.jsonl"), |setup| Box::new(Codex { program: setup.program.clone(), ..Codex::default() })).await
    );
}

#[tokio::test]
async fn codex_passes_mcp_servers_and_output_schema() {
    let setup = setup(&fixture("codex.jsonl"));
    let config = stream_file(
        setup.dir.path(),
        "mcp.json",
        r#"{"mcpServers": {"factory": {"command": "factory", "args": ["mcp", "--home", "/srv/home"], "env": {"FACTORY_RUN": "r1"}}}}"#,
    );
    let mut task = setup.task.clone();
    task.mcp_config = Some(config);
    task.worktree = "/srv/worktrees/r1/orders-api".into();
    let codex = Codex { output_schema: Some("/srv/schemas/task-result.json".into()), ..Codex::default() };
    insta::assert_json_snapshot!(codex.arguments(&task).expect("arguments"));
}

#[tokio::test]
async fn gemini_session() {
    insta::assert_json_snapshot!(
        check(&fixture("gemini.jsonl"), |setup| Box::new(GeminiCli { program: setup.program.clone(), ..GeminiCli::default() })).await
    );
}

#[tokio::test]
async fn gemini_crash_mid_stream() {
    insta::assert_json_snapshot!(
        check(&fixture("gemini_crash.jsonl"), |setup| Box::new(GeminiCli { program: setup.program.clone(), ..GeminiCli::default() })).await
    );
}

#[tokio::test]
async fn cursor_session() {
    insta::assert_json_snapshot!(
        check(&fixture("cursor.jsonl"), |setup| Box::new(CursorAgent { program: setup.program.clone(), ..CursorAgent::default() })).await
    );
}

#[tokio::test]
async fn cursor_crash_mid_stream() {
    insta::assert_json_snapshot!(
        check(&fixture("cursor_crash.jsonl"), |setup| Box::new(CursorAgent { program: setup.program.clone(), ..CursorAgent::default() }))
            .await
    );
}

#[tokio::test]
async fn command_worker_with_prompt_on_stdin_and_native_events() {
    let dir = tempfile::tempdir().expect("tempdir");
    let stream = stream_file(
        dir.path(),
        "command.txt",
        "reading the task\n{\"kind\":\"file_change\",\"path\":\"README.md\",\"change\":\"modified\"}\n{\"kind\":\"usage\",\"input_tokens\":10,\"output_tokens\":5,\"cost_usd\":0.001,\"turns\":1,\"scope\":\"delta\"}\ndone\n",
    );
    let value = check(&stream, |setup| {
        Box::new(CommandWorker {
            name: "aider".into(),
            program: setup.program.clone(),
            args: vec!["--yes".into()],
            prompt: PromptInput::Stdin,
        })
    })
    .await;
    insta::assert_json_snapshot!(value);
}

#[tokio::test]
async fn command_worker_with_prompt_as_argument_fails_on_nonzero_exit() {
    let dir = tempfile::tempdir().expect("tempdir");
    let stream = stream_file(dir.path(), "command.txt", "working\n#stderr error: no API key configured\n#exit 3\n");
    let value = check(&stream, |setup| {
        Box::new(CommandWorker {
            name: "my-agent".into(),
            program: setup.program.clone(),
            args: vec!["run".into(), "--repo={repo}".into(), "--attempt={attempt}".into(), "--message={prompt}".into()],
            prompt: PromptInput::Argument,
        })
    })
    .await;
    insta::assert_json_snapshot!(value);
}

#[tokio::test]
async fn a_missing_program_is_an_error_that_names_it() {
    let setup = setup(&fixture("claude.jsonl"));
    let worker = ClaudeCode { program: "/nonexistent/claude".into(), ..ClaudeCode::default() };
    let error = worker.run(&setup.task, &limits(), CancelSignal::never(), &mut EventLog::default()).await.expect_err("no program");
    let message = error.to_string().replace(&setup.dir.path().display().to_string(), "$TMP");
    insta::assert_snapshot!(message);
}

#[tokio::test]
async fn invalid_utf8_and_a_last_line_without_newline_are_kept() {
    let dir = tempfile::tempdir().expect("tempdir");
    // "caf\xff\n" then "end" with no newline before exit.
    let stream = stream_file(dir.path(), "command.txt", "#bytes 636166ff0a\n#bytes 656e64\n");
    let value = check(&stream, |setup| {
        Box::new(CommandWorker { name: "raw".into(), program: setup.program.clone(), args: Vec::new(), prompt: PromptInput::Stdin })
    })
    .await;
    insta::assert_json_snapshot!(value["events"]);
}

#[test]
fn workers_from_profiles() {
    let args = |list: &[&str]| list.iter().map(|arg| arg.to_string()).collect::<Vec<_>>();
    let cases: Vec<(&str, &str, Option<&str>, Vec<String>)> = vec![
        ("claude", "claude", None, Vec::new()),
        ("fast-codex", "codex", Some("/opt/codex"), Vec::new()),
        ("gemini-acp", "acp", Some("gemini"), args(&["--acp"])),
        ("aider", "command", Some("aider"), args(&["--message", "{prompt}"])),
        ("demo", "script", Some("scripts/demo.toml"), Vec::new()),
        ("broken-acp", "acp", None, Vec::new()),
        ("typo", "clade", None, Vec::new()),
    ];
    let got: Vec<String> = cases
        .iter()
        .map(|(name, kind, program, args)| match factory_agents::worker_from_profile(name, kind, *program, args) {
            Ok(worker) => format!("{name}: {}", worker.name()),
            Err(error) => format!("{name}: error: {error}"),
        })
        .collect();
    insta::assert_snapshot!(got.join("\n"));
}

#[tokio::test]
async fn gemini_gets_the_mcp_servers_through_its_system_settings_path() {
    let setup = setup(&fixture("gemini.jsonl"));
    let config = stream_file(setup.dir.path(), "mcp.json", r#"{"mcpServers": {"factory": {"command": "factory", "args": ["mcp"]}}}"#);
    let mut task = setup.task.clone();
    task.mcp_config = Some(config);
    let worker = GeminiCli { program: setup.program.clone(), ..GeminiCli::default() };
    worker.run(&task, &limits(), CancelSignal::never(), &mut EventLog::default()).await.expect("runs");
    assert_eq!(recorded_call(&setup)["env"], json!({ "GEMINI_CLI_SYSTEM_SETTINGS_PATH": "$TMP/mcp.json" }));
}
