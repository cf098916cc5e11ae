//! The run engine end to end with the script worker, real git repositories and a real SQLite
//! store; only the stages' decisions are fakes.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use factory_core::config::BudgetsConfig;
use factory_git::Identity;
use factory_run::{
    BuiltTask, GateDecision, PlanOutput, RunEnvironment, RunError, RunRequest, RunStatus, Stages, StagesFuture, TaskPlan, VerifyOutput,
    WorkerChoice,
};
use factory_store::Store;
use serde_json::json;

/// Stages that plan `tasks`, fail verification for `fail_rounds` rounds (asking `fix_repo` to
/// fix), and remember what they were asked.
struct FakeStages {
    tasks: Vec<TaskPlan>,
    gates: Vec<String>,
    fail_rounds: u32,
    fix_repo: String,
    verified: Mutex<Vec<Vec<(String, String)>>>,
}

impl Stages for FakeStages {
    fn spec<'a>(&'a self, request: &'a RunRequest) -> StagesFuture<'a, String> {
        Box::pin(async move { Ok(format!("# Spec\n\n{}\n", request.outcome)) })
    }
    fn plan<'a>(&'a self, _request: &'a RunRequest, _spec: &'a str) -> StagesFuture<'a, PlanOutput> {
        Box::pin(async move {
            Ok(PlanOutput { lane: "full".into(), tasks: self.tasks.clone(), gates: self.gates.clone(), plan: json!({ "tasks": self.tasks.len() }) })
        })
    }
    fn context_pack<'a>(&'a self, _request: &'a RunRequest, _plan: &'a PlanOutput, task: &'a TaskPlan) -> StagesFuture<'a, String> {
        Box::pin(async move { Ok(format!("# Context for {}\n", task.repo)) })
    }
    fn verify<'a>(&'a self, _request: &'a RunRequest, _plan: &'a PlanOutput, built: &'a [BuiltTask], round: u32) -> StagesFuture<'a, VerifyOutput> {
        Box::pin(async move {
            let heads = built.iter().map(|task| (task.task.repo.clone(), task.head.clone())).collect();
            self.verified.lock().expect("lock").push(heads);
            let passed = round > self.fail_rounds;
            let feedback = if passed { BTreeMap::new() } else { BTreeMap::from([(self.fix_repo.clone(), "check `greeting` failed: expected hello".to_string())]) };
            Ok(VerifyOutput { passed, feedback, report: json!({ "round": round, "passed": passed }) })
        })
    }
    fn learn<'a>(&'a self, _request: &'a RunRequest, _run_dir: &'a Path) -> StagesFuture<'a, serde_json::Value> {
        Box::pin(async move { Ok(json!({ "lessons": 0 })) })
    }
    fn evolve<'a>(&'a self, _request: &'a RunRequest, _run_dir: &'a Path) -> StagesFuture<'a, serde_json::Value> {
        Box::pin(async move { Ok(json!({ "branch": null })) })
    }
    fn evidence<'a>(&'a self, _request: &'a RunRequest, run_dir: &'a Path) -> StagesFuture<'a, serde_json::Value> {
        Box::pin(async move {
            std::fs::write(run_dir.join("report.md"), "# Report\n").map_err(|source| RunError::Io { path: run_dir.to_path_buf(), source })?;
            Ok(json!({ "report": "report.md" }))
        })
    }
}

fn task(id: &str, repo: &str, depends_on: &[&str]) -> TaskPlan {
    TaskPlan { id: id.into(), repo: repo.into(), summary: format!("change {repo}"), depends_on: depends_on.iter().map(|dep| dep.to_string()).collect() }
}

struct Org {
    _dir: tempfile::TempDir,
    root: PathBuf,
    env: Arc<RunEnvironment>,
}

async fn org(repos: &[&str], script: &str, budgets: BudgetsConfig) -> Org {
    let dir = tempfile::tempdir().expect("tempdir");
    let root = dir.path().to_path_buf();
    let mut registered = BTreeMap::new();
    for name in repos {
        let repo = factory_git::init(&root.join("repos").join(name)).expect("init");
        std::fs::write(repo.path().join("README.md"), format!("{name}\n")).expect("write");
        repo.add_all().expect("add");
        repo.commit("first\n", &Identity::factory(), Some("2026-01-01T00:00:00Z"), &[]).expect("commit");
        registered.insert(name.to_string(), repo.path().to_path_buf());
    }
    std::fs::write(root.join("script.toml"), script).expect("write script");
    let store = Store::open(&root.join("home/.factory/factory.db")).await.expect("store");
    let env = RunEnvironment {
        store,
        repos: registered,
        runs_dir: root.join("home/.factory/runs"),
        worktrees_dir: root.join("home/.factory/worktrees"),
        budgets,
        max_parallel: 2,
        timeout_secs: 60,
        stall_secs: 30,
        mcp_config: None,
    };
    Org { _dir: dir, root, env: Arc::new(env) }
}

fn request(org: &Org, id: &str) -> RunRequest {
    RunRequest {
        id: id.into(),
        outcome: "say hello everywhere".into(),
        changes: Vec::new(),
        lane: None,
        worker: WorkerChoice::Script { path: org.root.join("script.toml") },
    }
}

const TWO_REPO_SCRIPT: &str = r#"
[[task]]
repo = "api"
[[task.step]]
action = "write"
path = "hello.txt"
content = "hello from api\n"

[[task]]
repo = "web"
attempt = 1
[[task.step]]
action = "write"
path = "hello.txt"
content = "helo from web\n"

[[task]]
repo = "web"
attempt = 2
[[task.step]]
action = "edit"
path = "hello.txt"
find = "helo"
replace = "hello"
"#;

#[tokio::test]
async fn an_outcome_across_two_repos_builds_in_dependency_order_and_fixes_what_verify_found() {
    let org = org(&["api", "web"], TWO_REPO_SCRIPT, BudgetsConfig::default()).await;
    let stages = Arc::new(FakeStages {
        tasks: vec![task("web", "web", &["api"]), task("api", "api", &[])],
        gates: Vec::new(),
        fail_rounds: 1,
        fix_repo: "web".into(),
        verified: Mutex::new(Vec::new()),
    });
    let outcome = factory_run::run(Arc::clone(&org.env), stages.clone(), request(&org, "r1")).await.expect("run");
    assert_eq!(outcome.status, RunStatus::Succeeded, "{outcome:?}");

    let steps = org.env.store.steps("r1").await.expect("steps");
    let journal: Vec<String> = steps.iter().map(|step| format!("{}#{} {}", step.name, step.attempt, step.status)).collect();
    insta::assert_debug_snapshot!(journal, @r#"
    [
        "spec#1 done",
        "plan#1 done",
        "build:api#1 done",
        "build:web#1 done",
        "verify#1 done",
        "build:web#2 done",
        "verify#2 done",
        "learn#1 done",
        "evolve#1 done",
        "evidence#1 done",
    ]
    "#);
    // api was built before web started.
    let api = steps.iter().find(|step| step.name == "build:api").expect("api step");
    let web = steps.iter().find(|step| step.name == "build:web").expect("web step");
    assert!(api.finished_at <= web.started_at, "{api:?} then {web:?}");

    let web_repo = factory_git::Repo::open(&org.root.join("repos/web"));
    assert_eq!(web_repo.show_file("factory/r1/web", "hello.txt").expect("show").as_deref(), Some("hello from web"));
    let commits = web_repo.commits_between("main", "factory/r1/web").expect("log");
    assert_eq!(commits.len(), 2, "one commit per attempt: {commits:?}");
    assert_eq!(commits[0].author, "script worker");
    // The second verification saw the fixed head of web and the same head of api.
    let verified = stages.verified.lock().expect("lock").clone();
    assert_eq!(verified.len(), 2);
    assert_eq!(verified[0][0], verified[1][0], "api was not rebuilt");
    assert_ne!(verified[0][1], verified[1][1], "web was rebuilt");

    // Resuming a finished run changes nothing.
    let again = factory_run::run(Arc::clone(&org.env), stages, request(&org, "r1")).await.expect("resume");
    assert_eq!(again.status, RunStatus::Succeeded);
    assert_eq!(org.env.store.steps("r1").await.expect("steps").len(), steps.len());
}

#[tokio::test]
async fn independent_tasks_run_in_parallel() {
    let script = r#"
[[task]]
repo = "a"
[[task.step]]
action = "sleep"
ms = 400
[[task.step]]
action = "write"
path = "a.txt"
content = "a\n"

[[task]]
repo = "b"
[[task.step]]
action = "sleep"
ms = 400
[[task.step]]
action = "write"
path = "b.txt"
content = "b\n"
"#;
    let org = org(&["a", "b"], script, BudgetsConfig::default()).await;
    let stages = Arc::new(FakeStages { tasks: vec![task("a", "a", &[]), task("b", "b", &[])], gates: Vec::new(), fail_rounds: 0, fix_repo: String::new(), verified: Mutex::new(Vec::new()) });
    let outcome = factory_run::run(Arc::clone(&org.env), stages, request(&org, "r2")).await.expect("run");
    assert_eq!(outcome.status, RunStatus::Succeeded, "{outcome:?}");
    let steps = org.env.store.steps("r2").await.expect("steps");
    let a = steps.iter().find(|step| step.name == "build:a").expect("a");
    let b = steps.iter().find(|step| step.name == "build:b").expect("b");
    // Each started before the other finished: they overlapped.
    assert!(a.started_at < b.finished_at && b.started_at < a.finished_at, "{a:?} {b:?}");
}

#[tokio::test]
async fn a_run_waits_at_its_gates_until_approved_or_rejected() {
    let org = org(&["api", "web"], TWO_REPO_SCRIPT, BudgetsConfig::default()).await;
    let stages = Arc::new(FakeStages { tasks: vec![task("api", "api", &[])], gates: vec!["plan".into(), "release".into()], fail_rounds: 0, fix_repo: String::new(), verified: Mutex::new(Vec::new()) });
    let first = factory_run::run(Arc::clone(&org.env), stages.clone(), request(&org, "r3")).await.expect("run");
    assert_eq!((first.status, first.stage.as_str()), (RunStatus::Waiting, "plan"));
    assert!(first.message.contains("factory approve r3 --gate plan"), "{}", first.message);
    let still = factory_run::run(Arc::clone(&org.env), stages.clone(), request(&org, "r3")).await.expect("resume without approval");
    assert_eq!(still.status, RunStatus::Waiting);

    let gate = factory_run::decide(&org.env.store, "r3", Some("plan"), &GateDecision::Approved).await.expect("approve");
    assert_eq!(gate, "plan");
    let second = factory_run::run(Arc::clone(&org.env), stages.clone(), request(&org, "r3")).await.expect("resume");
    assert_eq!((second.status, second.stage.as_str()), (RunStatus::Waiting, "release"));
    factory_run::decide(&org.env.store, "r3", None, &GateDecision::Rejected { reason: "not this week".into() }).await.expect("reject");
    let run = org.env.store.run("r3").await.expect("load").expect("exists");
    assert_eq!(run.status, "rejected");
    let error = factory_run::decide(&org.env.store, "r3", None, &GateDecision::Approved).await.expect_err("nothing waits");
    assert!(error.to_string().contains("not waiting"), "{error}");
}

#[tokio::test]
async fn a_stalled_worker_and_a_spent_budget_stop_the_run_with_that_reason() {
    let script = r#"
[[task]]
repo = "slow"
[[task.step]]
action = "sleep"
ms = 5000

[[task]]
repo = "costly"
[[task.step]]
action = "usage"
output_tokens = 1000
cost_usd = 9.0
[[task.step]]
action = "write"
path = "x.txt"
content = "x\n"
"#;
    let budgets = BudgetsConfig { task_usd: 1.0, ..BudgetsConfig::default() };
    let org = org(&["slow", "costly"], script, budgets).await;
    let mut env = (*org.env).clone();
    env.stall_secs = 1;
    let env = Arc::new(env);
    for (repo, expected) in [("slow", "stalled"), ("costly", "budget")] {
        let stages = Arc::new(FakeStages { tasks: vec![task(repo, repo, &[])], gates: Vec::new(), fail_rounds: 0, fix_repo: String::new(), verified: Mutex::new(Vec::new()) });
        let id = format!("r-{repo}");
        let outcome = factory_run::run(Arc::clone(&env), stages, request(&org, &id)).await.expect("run");
        assert_eq!(outcome.status, RunStatus::Failed, "{outcome:?}");
        assert!(outcome.message.contains(&format!("ended with {expected}")), "{repo}: {}", outcome.message);
    }
}
