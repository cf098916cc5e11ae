//! The script worker on a real git repository: two attempts, the second fixing what the first
//! got wrong; a failing edit; stall and budget stops.

use std::path::Path;
use std::time::Duration;

use factory_agents::{CancelSignal, EventLog, Limits, ScriptWorker, TaskSpec, Worker};
use factory_git::Identity;
use serde_json::{Value, json};

use crate::common::{events_view, limits, outcome_view};

const SCRIPT: &str = r#"
[[task]]
repo = "orders-api"
attempt = 1

[[task.step]]
action = "message"
text = "Adding the CSV export."

[[task.step]]
action = "write"
path = "app/export.py"
content = "def export(orders):\n    return 'id,total\\n'\n"

[[task.step]]
action = "patch"
diff = """
--- a/app/routes.py
+++ b/app/routes.py
@@ -1,2 +1,3 @@
 ROUTES = [
+    '/orders/export.csv',
 ]
"""

[[task.step]]
action = "run"
command = "grep -q total_cents app/export.py"
expect_exit = 1

[[task.step]]
action = "usage"
input_tokens = 1500
output_tokens = 120
cost_usd = 0.03
turns = 2

[[task]]
repo = "orders-api"
attempt = 2

[[task.step]]
action = "message"
text = "Verification said the header must say total_cents; fixing."

[[task.step]]
action = "edit"
path = "app/export.py"
find = "id,total\\n"
replace = "id,total_cents\\n"

[[task.step]]
action = "run"
command = "grep -c total_cents app/export.py"

[[task.step]]
action = "usage"
input_tokens = 800
output_tokens = 60
cost_usd = 0.01
turns = 1

[[task]]
repo = "web"

[[task.step]]
action = "edit"
path = "static/app.js"
find = "order.total"
replace = "order.total_cents"

[[task]]
task = "slow"

[[task.step]]
action = "message"
text = "about to go quiet"

[[task.step]]
action = "sleep"
ms = 60000

[[task]]
task = "spender"

[[task.step]]
action = "usage"
output_tokens = 10
cost_usd = 0.6

[[task.step]]
action = "usage"
output_tokens = 10
cost_usd = 0.6

[[task.step]]
action = "message"
text = "never said"

[[task]]
task = "gives-up"

[[task.step]]
action = "fail"
message = "cannot find the orders model"
"#;

struct Repo {
    dir: tempfile::TempDir,
    script: std::path::PathBuf,
}

fn repo() -> Repo {
    let dir = tempfile::tempdir().expect("tempdir");
    let worktree = dir.path().join("orders-api");
    let repo = factory_git::init(&worktree).expect("git init");
    std::fs::create_dir_all(worktree.join("app")).expect("mkdir");
    std::fs::write(worktree.join("app/routes.py"), "ROUTES = [\n]\n").expect("write");
    std::fs::create_dir_all(worktree.join("static")).expect("mkdir");
    std::fs::write(worktree.join("static/app.js"), "render(order.amount);\n").expect("write");
    repo.add_all().expect("add");
    repo.commit("initial\n", &Identity::factory(), Some("2026-01-02T03:04:05Z"), &[]).expect("commit");
    let script = dir.path().join("demo-script.toml");
    std::fs::write(&script, SCRIPT).expect("script");
    Repo { dir, script }
}

fn task(root: &Path, repo: &str, task_id: &str, attempt: u32) -> TaskSpec {
    TaskSpec {
        task_id: task_id.into(),
        repo: repo.into(),
        attempt,
        worktree: root.join("orders-api"),
        prompt: "Add a CSV export of orders".into(),
        context_pack: None,
        mcp_config: None,
        model: None,
        allowed_tools: Vec::new(),
        env: Default::default(),
        raw_log: root.join(format!("logs/{task_id}-{attempt}.jsonl")),
    }
}

async fn check(repo: &Repo, task: &TaskSpec, limits: &Limits) -> Value {
    let worker = ScriptWorker { script: repo.script.clone() };
    let mut log = EventLog::default();
    let outcome = worker.run(task, limits, CancelSignal::never(), &mut log).await.expect("script runs");
    json!({ "events": events_view(&log), "outcome": outcome_view(&outcome) })
}

fn file(repo: &Repo, path: &str) -> String {
    std::fs::read_to_string(repo.dir.path().join("orders-api").join(path)).expect("read")
}

#[tokio::test]
async fn two_attempts_where_the_second_fixes_the_first() {
    let repo = repo();
    let first = check(&repo, &task(repo.dir.path(), "orders-api", "t1", 1), &limits()).await;
    insta::assert_json_snapshot!("first_attempt", first);
    assert_eq!(file(&repo, "app/export.py"), "def export(orders):\n    return 'id,total\\n'\n");
    assert_eq!(file(&repo, "app/routes.py"), "ROUTES = [\n    '/orders/export.csv',\n]\n");

    let second = check(&repo, &task(repo.dir.path(), "orders-api", "t1", 2), &limits()).await;
    insta::assert_json_snapshot!("second_attempt", second);
    assert_eq!(file(&repo, "app/export.py"), "def export(orders):\n    return 'id,total_cents\\n'\n");
    let state = factory_git::Repo::open(&repo.dir.path().join("orders-api")).state().expect("state");
    assert!(state.dirty, "the worker changes files; committing is the engine's job");
}

#[tokio::test]
async fn an_edit_whose_text_is_absent_fails_clearly() {
    let repo = repo();
    insta::assert_json_snapshot!(check(&repo, &task(repo.dir.path(), "web", "t2", 1), &limits()).await);
    assert_eq!(file(&repo, "static/app.js"), "render(order.amount);\n");
}

#[tokio::test]
async fn a_fail_step_fails_the_task() {
    let repo = repo();
    insta::assert_json_snapshot!(check(&repo, &task(repo.dir.path(), "orders-api", "gives-up", 1), &limits()).await);
}

#[tokio::test]
async fn a_long_sleep_is_a_stall() {
    let repo = repo();
    let limits = Limits { stall_timeout: Duration::from_millis(300), ..limits() };
    insta::assert_json_snapshot!(check(&repo, &task(repo.dir.path(), "orders-api", "slow", 1), &limits).await);
}

#[tokio::test]
async fn usage_over_the_dollar_budget_stops_the_script() {
    let repo = repo();
    let limits = Limits { max_cost_usd: Some(1.0), ..limits() };
    insta::assert_json_snapshot!(check(&repo, &task(repo.dir.path(), "orders-api", "spender", 1), &limits).await);
}

#[tokio::test]
async fn a_task_without_steps_is_an_error_that_says_what_to_add() {
    let repo = repo();
    let worker = ScriptWorker { script: repo.script.clone() };
    let task = task(repo.dir.path(), "billing-worker", "t9", 3);
    let error = worker.run(&task, &limits(), CancelSignal::never(), &mut EventLog::default()).await.expect_err("no steps");
    insta::assert_snapshot!(error.to_string().replace(&repo.dir.path().display().to_string(), "$TMP"));
}

#[test]
fn the_same_script_reads_from_json() {
    let toml_script = factory_agents::Script::parse(Path::new("s.toml"), SCRIPT).expect("toml");
    let json_text = serde_json::to_string(&toml_script).expect("to json");
    let json_script = factory_agents::Script::parse(Path::new("s.json"), &json_text).expect("json");
    assert_eq!(toml_script, json_script);
    let attempt_two = task(Path::new("/x"), "orders-api", "t1", 2);
    assert_eq!(json_script.entry_for(&attempt_two).map(|entry| entry.steps.len()), Some(4));
    let any_attempt = task(Path::new("/x"), "web", "t2", 7);
    assert_eq!(json_script.entry_for(&any_attempt).map(|entry| entry.repo.clone()), Some(Some("web".to_string())));
}

#[test]
fn a_bad_script_names_the_file_and_the_problem() {
    let error = factory_agents::Script::parse(Path::new("demo.toml"), "[[task]]\nrepo = \"x\"\n[[task.step]]\naction = \"teleport\"\n")
        .expect_err("bad");
    insta::assert_snapshot!(error.to_string());
}

#[test]
fn the_example_in_the_crate_docs_parses() {
    let docs = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("src/lib.rs")).expect("lib.rs");
    let lines: Vec<&str> = docs.lines().map(|line| line.strip_prefix("//!").unwrap_or(line).strip_prefix(' ').unwrap_or("")).collect();
    let start = lines.iter().position(|line| *line == "```toml").expect("toml example") + 1;
    let end = start + lines[start..].iter().position(|line| *line == "```").expect("end of example");
    let script = factory_agents::Script::parse(Path::new("example.toml"), &lines[start..end].join("\n")).expect("example parses");
    assert_eq!(script.tasks.len(), 2);
    assert_eq!(script.entry_for(&task(Path::new("/x"), "orders-api", "t1", 2)).map(|entry| entry.steps.len()), Some(2));
}
