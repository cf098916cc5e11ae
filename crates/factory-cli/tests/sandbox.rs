//! `factory sandbox` and `factory verify` end to end with the real binary: services outlive
//! `sandbox up`, `down` leaves nothing, and a `sandbox up` killed with SIGKILL is reaped by the
//! next factory command.

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const SERVICE_PY: &str = r#"
import os, time
from http.server import BaseHTTPRequestHandler, HTTPServer
print("booting", flush=True)
if os.environ.get("NEVER_LISTEN"):
    while True:
        time.sleep(1)
class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Length", "2")
        self.end_headers()
        self.wfile.write(b"ok")
    def log_message(self, *args):
        pass
print("listening", flush=True)
HTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler).serve_forever()
"#;

fn factory(home: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_factory"))
        .args(args)
        .env("FACTORY_HOME", home)
        .env_remove("FACTORY_LOG")
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .output()
        .expect("factory runs")
}

fn json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!("not JSON ({error}):\n{}\n{}", String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr))
    })
}

/// A home with one registered repo `shop` declaring `services_toml`.
fn home_with_repo(root: &Path, services_toml: &str) -> PathBuf {
    let repo = root.join("shop");
    std::fs::create_dir_all(repo.join(".factory")).expect("repo");
    std::fs::write(repo.join("service.py"), SERVICE_PY).expect("service.py");
    std::fs::write(repo.join(".factory/services.toml"), services_toml).expect("services.toml");
    let git = Command::new("git").args(["init", "-q", "-b", "main"]).current_dir(&repo).status().expect("git init");
    assert!(git.success());
    let home = root.join("home");
    let init = factory(&home, &["init", home.to_str().expect("utf-8 path"), "--org", "test"]);
    assert!(init.status.success(), "{}", String::from_utf8_lossy(&init.stderr));
    let added = factory(&home, &["repo", "add", repo.to_str().expect("utf-8 path")]);
    assert!(added.status.success(), "{}", String::from_utf8_lossy(&added.stderr));
    home
}

/// Whether process `pid` is alive and not a zombie.
fn alive(pid: u64) -> bool {
    std::fs::read_to_string(format!("/proc/{pid}/stat"))
        .ok()
        .and_then(|stat| stat.rsplit(')').next().and_then(|rest| rest.split_whitespace().next()).map(str::to_string))
        .is_some_and(|state| state != "Z" && state != "X")
}

#[test]
fn services_outlive_sandbox_up_and_down_stops_them() {
    let temp = tempfile::tempdir().expect("temp dir");
    let home = home_with_repo(
        temp.path(),
        r#"
[[service]]
name = "shop"
command = ["python3", "service.py"]
ports = ["http"]
ready = { log = "listening", period_ms = 50, failure_threshold = 200 }

[[check]]
name = "shop says ok"
kind = "command"
command = ["sh", "-c", "python3 -c \"import os, urllib.request; assert urllib.request.urlopen(os.environ['SHOP_URL']).read() == b'ok'\""]
"#,
    );
    let up = factory(&home, &["sandbox", "up", "--json"]);
    assert!(up.status.success(), "{}", String::from_utf8_lossy(&up.stderr));
    let up = json(&up);
    let pid = up["services"][0]["pid"].as_u64().expect("a pid");

    let status = factory(&home, &["sandbox", "status", "--json"]);
    let status_json = json(&status);
    let logs = factory(&home, &["sandbox", "logs", "shop"]);
    let verify = factory(&home, &["verify", "--json"]);
    let verify_json = json(&verify);
    let down = factory(&home, &["sandbox", "down", "--json"]);
    let down_json = json(&down);
    let after = factory(&home, &["sandbox", "status"]);

    assert_eq!(status.status.code(), Some(0));
    assert_eq!(status_json["services"][0]["state"], "healthy", "{status_json:#}");
    assert_eq!(String::from_utf8_lossy(&logs.stdout), "booting\nlistening\n");
    assert_eq!((verify.status.code(), &verify_json["verdict"]), (Some(0), &serde_json::json!("pass")), "{verify_json:#}");
    assert_eq!(down_json["leftover_pids"], serde_json::json!([]));
    assert!(!alive(pid), "the service {pid} survived `sandbox down`");
    assert_eq!(after.status.code(), Some(2), "no sandbox is up any more: {}", String::from_utf8_lossy(&after.stderr));
}

#[test]
fn a_sandbox_up_killed_with_sigkill_is_reaped_by_the_next_command() {
    let temp = tempfile::tempdir().expect("temp dir");
    let home = home_with_repo(
        temp.path(),
        r#"
[[service]]
name = "shop"
command = ["python3", "service.py"]
ports = ["http"]
env = { NEVER_LISTEN = "1" }
ready = { http = "/", period_ms = 100, failure_threshold = 3000 }
"#,
    );
    let mut up = Command::new(env!("CARGO_BIN_EXE_factory"))
        .args(["sandbox", "up"])
        .env("FACTORY_HOME", &home)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("factory sandbox up starts");
    let sandboxes = home.join(".factory/sandboxes");
    let started = Instant::now();
    let pid = loop {
        let recorded = std::fs::read_dir(&sandboxes).ok().and_then(|entries| {
            entries.flatten().find_map(|entry| {
                let text = std::fs::read_to_string(entry.path().join("state.json")).ok()?;
                let state: serde_json::Value = serde_json::from_str(&text).ok()?;
                state["services"][0]["pid"].as_u64()
            })
        });
        if let Some(pid) = recorded {
            break pid;
        }
        assert!(started.elapsed() < Duration::from_secs(60), "sandbox up never recorded the service's pid");
        std::thread::sleep(Duration::from_millis(50));
    };
    up.kill().expect("SIGKILL the factory");
    up.wait().expect("reap the factory");
    assert!(alive(pid), "the service should still run right after the factory was killed");

    let listed = factory(&home, &["sandbox", "status", "--all", "--json"]);
    let listed = json(&listed);

    assert!(!alive(pid), "the service {pid} was not reaped");
    assert_eq!(listed[0]["phase"], "down", "{listed:#}");
}

fn git(repo: &Path, args: &[&str]) {
    let status = Command::new("git")
        .args(args)
        .current_dir(repo)
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .stdout(Stdio::null())
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?} failed in {}", repo.display());
}

/// A repo with `files` committed on main and `branch_files` on branch `rename`; left on main.
fn repo_with_branch(root: &Path, name: &str, files: &[(&str, &str)], branch_files: &[(&str, &str)]) -> PathBuf {
    let repo = root.join(name);
    std::fs::create_dir_all(&repo).expect("repo");
    git(&repo, &["init", "-q", "-b", "main"]);
    for (path, text) in files {
        let path = repo.join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("folders");
        std::fs::write(path, text).expect("file");
    }
    git(&repo, &["add", "-A"]);
    git(&repo, &["commit", "-q", "-m", "main"]);
    git(&repo, &["checkout", "-q", "-b", "rename"]);
    for (path, text) in branch_files {
        std::fs::write(repo.join(path), text).expect("file");
    }
    git(&repo, &["commit", "-q", "-am", "rename"]);
    git(&repo, &["checkout", "-q", "main"]);
    repo
}

#[test]
fn a_rehearsal_catches_a_new_provider_breaking_an_old_consumer() {
    let temp = tempfile::tempdir().expect("temp dir");
    let provider = |field: &str| {
        format!(
            r#"
[[service]]
name = "api"
command = ["python3", "-c", "import http.server as h, os\nclass H(h.BaseHTTPRequestHandler):\n    def do_GET(self):\n        self.send_response(200); self.end_headers(); self.wfile.write(b'{{\"{field}\": 5}}')\n    def log_message(self, *a): pass\nh.HTTPServer(('127.0.0.1', int(os.environ['PORT'])), H).serve_forever()"]
ports = ["http"]
ready = {{ http = "/", period_ms = 50, failure_threshold = 200 }}
"#
        )
    };
    let consumer = |field: &str| {
        format!(
            r#"
[[check]]
name = "app reads {field}"
kind = "command"
command = ["python3", "-c", "import json, os, urllib.request; assert '{field}' in json.load(urllib.request.urlopen(os.environ['API_URL']))"]
"#
        )
    };
    let (old_api, new_api, old_app, new_app) = (provider("total"), provider("total_cents"), consumer("total"), consumer("total_cents"));
    let api = repo_with_branch(temp.path(), "api", &[(".factory/services.toml", &old_api)], &[(".factory/services.toml", &new_api)]);
    let app = repo_with_branch(temp.path(), "app", &[(".factory/services.toml", &old_app)], &[(".factory/services.toml", &new_app)]);
    let home = temp.path().join("home");
    assert!(factory(&home, &["init", home.to_str().expect("utf-8"), "--org", "test"]).status.success());
    for repo in [&app, &api] {
        let added = factory(&home, &["repo", "add", repo.to_str().expect("utf-8")]);
        assert!(added.status.success(), "{}", String::from_utf8_lossy(&added.stderr));
    }
    let on_branch = factory(&home, &["sandbox", "up", "--ref", "rename", "--json"]);
    let on_branch = json(&on_branch);
    let verify_branch = factory(&home, &["verify", "--json"]);
    let down_branch = factory(&home, &["sandbox", "down"]);
    assert!(down_branch.status.success(), "{}", String::from_utf8_lossy(&down_branch.stderr));
    let checkouts: Vec<String> = on_branch["checkouts"]
        .as_array()
        .expect("checkouts")
        .iter()
        .map(|checkout| checkout["path"].as_str().expect("path").replace(&temp.path().display().to_string(), "[TMP]"))
        .collect();
    assert_eq!(checkouts, ["[TMP]/home/.factory/worktrees/sandbox-rename/app", "[TMP]/home/.factory/worktrees/sandbox-rename/api"]);
    assert_eq!(json(&verify_branch)["verdict"], "pass", "the branch verifies on its own");

    let rehearsal = factory(&home, &["verify", "--rehearse", "--ref", "rename", "--json"]);
    let report = json(&rehearsal);
    assert_eq!(rehearsal.status.code(), Some(1), "{report:#}\n{}", String::from_utf8_lossy(&rehearsal.stderr));
    let steps: Vec<serde_json::Value> = report["steps"]
        .as_array()
        .expect("steps")
        .iter()
        .map(|step| {
            let failing: Vec<&serde_json::Value> = step["report"]["checks"]
                .as_array()
                .map(|checks| checks.iter().filter(|check| check["verdict"] != "pass").map(|check| &check["name"]).collect())
                .unwrap_or_default();
            serde_json::json!({ "new": step["new_repos"], "verdict": step["verdict"], "failing": failing })
        })
        .collect();
    insta::assert_json_snapshot!(serde_json::json!({
        "exit": rehearsal.status.code(),
        "order": report["rollout_order"],
        "verdict": report["verdict"],
        "steps": steps,
    }));
}
