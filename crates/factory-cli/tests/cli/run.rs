use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::common::{factory, render, stdout_json};

const SCRIPT: &str = r#"
[[task]]
repo = "orders-api"
[[task.step]]
action = "write"
path = "NOTES.md"
content = "created_at is coming\n"
[[task.step]]
action = "sleep"
ms = 3000
[[task.step]]
action = "write"
path = "CHANGELOG.md"
content = "- orders carry created_at\n"
"#;

/// Issue 5: a run whose factory process is SIGKILLed mid-build resumes without redoing finished
/// steps and without losing a commit.
#[test]
fn a_run_killed_mid_build_resumes_to_the_end() {
    let temp = tempfile::tempdir().expect("tempdir");
    let root = temp.path();
    assert!(factory(root, &["demo", "acme", "--org-only"]).status.success());
    let home = root.join("acme/home");
    assert!(factory(&home, &["brain", "scan"]).status.success());
    std::fs::write(root.join("script.toml"), SCRIPT).expect("script");
    let script = root.join("script.toml").display().to_string();

    let started = factory(&home, &["run", "record when orders were created", "--change", "field:orders-http/Order.created_at:add", "--worker", "script", "--script", &script, "--json"]);
    assert_eq!(started.status.code(), Some(0), "{}", render(&started, root));
    let outcome = stdout_json(&started);
    assert_eq!(outcome["status"], "waiting", "the full lane stops at the spec gate: {outcome}");
    let run_id = outcome["id"].as_str().expect("id").to_string();
    assert_eq!(factory(&home, &["approve", &run_id]).status.code(), Some(0), "spec gate");

    // Approve the plan gate in a child process and kill it while the worker sleeps mid-task.
    let binary = assert_cmd::cargo::cargo_bin("factory");
    let mut child = std::process::Command::new(&binary)
        .current_dir(&home)
        .args(["approve", &run_id])
        .env_remove("FACTORY_HOME")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn approve");
    let deadline = Instant::now() + Duration::from_secs(60);
    loop {
        let shown = stdout_json(&factory(&home, &["run", "show", &run_id, "--json"]));
        let building = shown["steps"].as_array().expect("steps").iter().any(|step| step["name"].as_str().is_some_and(|name| name.starts_with("build:")) && step["status"] == "running");
        if building && home.join(format!(".factory/worktrees/{run_id}/orders-api/NOTES.md")).exists() {
            break;
        }
        assert!(Instant::now() < deadline, "the build never started: {shown}");
        assert!(child.try_wait().expect("poll").is_none(), "approve ended before it could be killed");
        std::thread::sleep(Duration::from_millis(100));
    }
    child.kill().expect("SIGKILL the factory");
    child.wait().expect("reap");

    let resumed = factory(&home, &["run", "resume", &run_id, "--json"]);
    assert_eq!(resumed.status.code(), Some(0), "{}", render(&resumed, root));
    let mut outcome = stdout_json(&resumed);
    while outcome["status"] == "waiting" {
        outcome = stdout_json(&factory(&home, &["approve", &run_id, "--json"]));
    }
    assert_eq!(outcome["status"], "succeeded", "{outcome}");

    let shown = stdout_json(&factory(&home, &["run", "show", &run_id, "--json"]));
    let builds: Vec<(String, String)> = shown["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .filter(|step| step["name"].as_str().is_some_and(|name| name.starts_with("build:")))
        .map(|step| (step["name"].as_str().unwrap_or_default().to_string(), step["status"].as_str().unwrap_or_default().to_string()))
        .collect();
    assert_eq!(builds, vec![("build:orders-api:provide".to_string(), "done".to_string())], "one journal entry, finished once");
    let log = std::process::Command::new("git")
        .current_dir(root.join("acme/repos/orders-api"))
        .args(["log", "--format=%s%n%b", &format!("main..factory/{run_id}/orders-api")])
        .output()
        .expect("git log");
    let log = String::from_utf8_lossy(&log.stdout);
    assert_eq!(log.matches("Factory-Run: ").count(), 1, "exactly one commit, with the run trailer: {log}");
    let files = std::process::Command::new("git")
        .current_dir(root.join("acme/repos/orders-api"))
        .args(["show", "--name-only", "--format=", &format!("factory/{run_id}/orders-api")])
        .output()
        .expect("git show");
    assert_eq!(String::from_utf8_lossy(&files.stdout), "CHANGELOG.md\nNOTES.md\n");

    let runs = stdout_json(&factory(&home, &["runs", "--json"]));
    assert_eq!(runs[0]["id"], run_id.as_str());
    assert_eq!(runs[0]["status"], "succeeded");
    let verified = factory(&home, &["evidence", "verify", &run_id]);
    assert_eq!(verified.status.code(), Some(0), "{}", render(&verified, root));

    // The run has ended: `doctor` removes its worktrees and keeps its branch.
    let worktree = home.join(format!(".factory/worktrees/{run_id}"));
    assert!(worktree.exists());
    let doctor = stdout_json(&factory(&home, &["doctor", "--json"]));
    let removed = doctor["orphaned_worktrees_removed"].as_array().expect("removed list");
    assert_eq!(removed.len(), 1, "{doctor}");
    assert!(!worktree.exists());
    let branch = std::process::Command::new("git")
        .current_dir(root.join("acme/repos/orders-api"))
        .args(["rev-parse", "--verify", &format!("factory/{run_id}/orders-api")])
        .output()
        .expect("git rev-parse");
    assert!(branch.status.success(), "the branch survives");
}
