//! The demo's two scripts, replayed onto fresh acme repos the way the script worker applies
//! them (a fix attempt on top of the attempt before it). After every attempt each repo it
//! touched passes its own unit tests, because the scripted mistakes only show across services;
//! and the field-naming rule the first outcome teaches flags billing-worker's attempt 1 of the
//! second outcome and not its attempt 2.

use std::collections::BTreeMap;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use factory_agents::{Script, ScriptStep};
use factory_learn::{Rule, RuleKind, evaluate_rule};
use serde_json::{Value, json};

const UNIT_TEST_LIMIT: Duration = Duration::from_secs(120);

fn parse(name: &str, text: &str) -> Script {
    Script::parse(Path::new(name), text).unwrap_or_else(|error| panic!("{name} does not parse: {error}"))
}

/// The repos `script` has steps for at `attempt`, in the order it lists them.
fn repos_at(script: &Script, attempt: u32) -> Vec<String> {
    script.tasks.iter().filter(|entry| entry.attempt == Some(attempt)).filter_map(|entry| entry.repo.clone()).collect()
}

/// Applies the file steps of `repo`'s entry for `attempt` in `checkout`, as the script worker
/// does; returns the paths written or edited, in order, without repeats.
fn apply(script: &Script, repo: &str, attempt: u32, checkout: &Path) -> Vec<String> {
    let entry = script
        .tasks
        .iter()
        .find(|entry| entry.repo.as_deref() == Some(repo) && entry.attempt == Some(attempt))
        .unwrap_or_else(|| panic!("no steps for {repo} attempt {attempt}"));
    let mut changed: Vec<String> = Vec::new();
    for step in &entry.steps {
        let path = match step {
            ScriptStep::Write { path, content } => {
                let target = checkout.join(path);
                std::fs::create_dir_all(target.parent().expect("a file has a folder")).expect("create the file's folder");
                std::fs::write(&target, content).unwrap_or_else(|error| panic!("write {path}: {error}"));
                path
            }
            ScriptStep::Edit { path, find, replace } => {
                let target = checkout.join(path);
                let text = std::fs::read_to_string(&target).unwrap_or_else(|error| panic!("{repo} attempt {attempt}: read {path}: {error}"));
                assert!(text.contains(find.as_str()), "{repo} attempt {attempt}: {path} does not contain {find:?}");
                std::fs::write(&target, text.replace(find.as_str(), replace)).unwrap_or_else(|error| panic!("write {path}: {error}"));
                path
            }
            ScriptStep::Message { .. } | ScriptStep::Run { .. } | ScriptStep::Usage { .. } => continue,
            other => panic!("{repo} attempt {attempt}: the demo scripts use no {other:?} step"),
        };
        if !changed.contains(path) {
            changed.push(path.clone());
        }
    }
    changed
}

/// A child process killed when the test ends, however it ends.
struct Guard(Child);

impl Drop for Guard {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Runs `python3 -m unittest discover -s tests` in `checkout`, as the repos' AGENTS.md and
/// `.factory/services.toml` do, and returns its summary (`13 tests, OK`). Panics with the
/// output when the tests fail or take longer than [`UNIT_TEST_LIMIT`].
fn unit_tests(checkout: &Path, logs: &Path, label: &str) -> String {
    let log_path = logs.join(format!("{}.log", label.replace([' ', '/'], "-")));
    let log = File::create(&log_path).expect("create the test log");
    let child = Command::new("python3")
        .args(["-m", "unittest", "discover", "-s", "tests"])
        .current_dir(checkout)
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .stdin(Stdio::null())
        .stdout(log.try_clone().expect("share the log"))
        .stderr(log)
        .spawn()
        .expect("python3 starts");
    let mut guard = Guard(child);
    let deadline = Instant::now() + UNIT_TEST_LIMIT;
    let status = loop {
        if let Some(status) = guard.0.try_wait().expect("wait for python3") {
            break status;
        }
        let output = std::fs::read_to_string(&log_path).unwrap_or_default();
        assert!(Instant::now() < deadline, "{label}: unit tests still running after {UNIT_TEST_LIMIT:?}:\n{output}");
        std::thread::sleep(Duration::from_millis(50));
    };
    let output = std::fs::read_to_string(&log_path).expect("read the test log");
    assert!(status.success(), "{label}: unit tests failed ({status}):\n{output}");
    let ran = output.lines().find_map(|line| line.strip_prefix("Ran ")).unwrap_or_else(|| panic!("{label}: no `Ran N tests` line:\n{output}"));
    let count = ran.split_whitespace().next().unwrap_or_default();
    let verdict = output.lines().next_back().unwrap_or_default().trim();
    format!("{count} tests, {verdict}")
}

/// Writes acme, replays attempts `1..=last` of `script`, and runs the unit tests of every repo
/// the last attempt touched. Returns, for each of them, what the last attempt changed and the
/// test summary; the checkouts stay in `dir`.
fn replay(name: &str, script: &Script, last: u32, dir: &Path) -> Value {
    let repos_dir = dir.join("repos");
    factory_demo::write_repos(&repos_dir).expect("write the demo repos");
    let mut changed: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for attempt in 1..=last {
        for repo in repos_at(script, attempt) {
            changed.insert(repo.clone(), apply(script, &repo, attempt, &repos_dir.join(&repo)));
        }
    }
    let mut touched = BTreeMap::new();
    for repo in repos_at(script, last) {
        let label = format!("{name} attempt {last} {repo}");
        let tests = unit_tests(&repos_dir.join(&repo), dir, &label);
        touched.insert(repo.clone(), json!({ "changed": changed[&repo], "unit_tests": tests }));
    }
    json!(touched)
}

/// The rule learning writes when billing-worker reads an orders-api field by another name.
fn billing_field_naming_rule() -> Rule {
    Rule {
        id: "field-naming-orders-http-billing-worker".into(),
        kind: RuleKind::FieldNaming,
        description: "billing-worker must read orders-http fields by the wire names orders-api declares".into(),
        entities: vec!["api:orders-http".into(), "component:billing-worker".into(), "component:orders-api".into()],
        learned_from: "run:order-dates".into(),
        provider_repo: Some("orders-api".into()),
        contract: Some("openapi.yaml".into()),
        consumer_repo: Some("billing-worker".into()),
        repo: None,
        service: None,
        name: None,
    }
}

fn rule_findings(repos_dir: &Path) -> Value {
    let checkouts: BTreeMap<String, PathBuf> = ["orders-api", "billing-worker"].into_iter().map(|repo| (repo.to_string(), repos_dir.join(repo))).collect();
    let findings = evaluate_rule(&billing_field_naming_rule(), &checkouts);
    json!(findings.iter().map(|finding| format!("{}:{}: {}", finding.file, finding.line, finding.message)).collect::<Vec<_>>())
}

#[test]
fn the_scripts_are_the_ones_the_demo_embeds() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("scripts");
    for (file, embedded) in [("order-dates.toml", factory_demo::ORDER_DATES_SCRIPT), ("invoice-updated.toml", factory_demo::INVOICE_UPDATED_SCRIPT)] {
        let script = parse(file, embedded);
        assert_eq!(std::fs::read_to_string(dir.join(file)).expect("read the script"), embedded, "{file}");
        // One entry (no repo, no attempt) answers any other task, a repo the plan adds or a fix
        // round the script did not plan for, so that task changes nothing instead of failing.
        assert!(script.tasks.iter().any(|entry| entry.repo.is_none() && entry.attempt.is_none()), "{file} has no catch-all entry");
    }
}

#[test]
fn order_dates_keeps_every_repos_unit_tests_green_at_each_attempt() {
    let script = parse("order-dates.toml", factory_demo::ORDER_DATES_SCRIPT);
    let first = tempfile::tempdir().expect("tempdir");
    let second = tempfile::tempdir().expect("tempdir");
    let replayed = json!({
        "attempt 1": replay("order-dates", &script, 1, first.path()),
        "attempt 2": replay("order-dates", &script, 2, second.path()),
    });
    insta::assert_json_snapshot!(replayed);

    // The mistake is in the code on attempt 1 and gone on attempt 2.
    for (dir, web_reads, billing_reads) in
        [(first.path(), "order.createdAt", "order.get(\"createdAt\")"), (second.path(), "order.created_at", "order[\"created_at\"]")]
    {
        let repos = dir.join("repos");
        let app = std::fs::read_to_string(repos.join("web/static/app.js")).expect("read app.js");
        let worker = std::fs::read_to_string(repos.join("billing-worker/billing/worker.py")).expect("read worker.py");
        assert!(app.contains(web_reads), "app.js should read {web_reads}");
        assert!(worker.contains(billing_reads), "worker.py should read {billing_reads}");
    }
}

#[test]
fn invoice_updated_is_caught_by_the_learned_rule_then_fixed() {
    let script = parse("invoice-updated.toml", factory_demo::INVOICE_UPDATED_SCRIPT);
    let first = tempfile::tempdir().expect("tempdir");
    let second = tempfile::tempdir().expect("tempdir");
    let replayed = json!({
        "attempt 1": replay("invoice-updated", &script, 1, first.path()),
        "attempt 2": replay("invoice-updated", &script, 2, second.path()),
        "rule findings after attempt 1": rule_findings(&first.path().join("repos")),
        "rule findings after attempt 2": rule_findings(&second.path().join("repos")),
    });
    insta::assert_json_snapshot!(replayed);
}
