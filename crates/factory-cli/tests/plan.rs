//! `factory plan` end to end on the acme demo: `factory demo DIR --org-only`, `brain scan`,
//! then plans for an added field (full lane, provider first), a rename (expand -> migrate ->
//! contract) and a one-repo fix (fast lane); `--out` writes plan.md and plan.json; a bad
//! change spec exits 2 with the grammar.

use std::path::Path;
use std::process::Output;

fn factory(cwd: &Path, args: &[&str]) -> Output {
    assert_cmd::Command::cargo_bin("factory")
        .expect("the factory binary is built")
        .current_dir(cwd)
        .args(args)
        .env_remove("FACTORY_HOME")
        .env_remove("FACTORY_LOG")
        .env("HOME", cwd)
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .output()
        .expect("factory runs")
}

fn render(output: &Output, root: &Path) -> String {
    let text = format!(
        "exit: {}\n--- stdout\n{}--- stderr\n{}",
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    let canonical = root.canonicalize().map(|path| path.display().to_string()).unwrap_or_default();
    text.replace(&canonical, "[TMP]").replace(&root.display().to_string(), "[TMP]")
}

fn acme() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    let demo = factory(dir.path(), &["demo", "acme", "--org-only"]);
    assert!(demo.status.success(), "{}", render(&demo, dir.path()));
    let scan = factory(dir.path(), &["--home", "acme/home", "brain", "scan"]);
    assert!(scan.status.success(), "{}", render(&scan, dir.path()));
    dir
}

#[test]
fn plans_for_acme_outcomes() {
    let dir = acme();
    let root = dir.path();
    let plan = |outcome: &str, changes: &[&str]| {
        let mut args = vec!["--home", "acme/home", "plan", outcome, "--json"];
        for change in changes {
            args.extend(["--change", change]);
        }
        let output = factory(root, &args);
        assert_eq!(output.status.code(), Some(0), "{}", render(&output, root));
        serde_json::from_slice::<serde_json::Value>(&output.stdout).expect("plan JSON on stdout")
    };
    let outline = |plan: &serde_json::Value| {
        serde_json::json!({
            "lane": plan["lane"],
            "tasks": plan["tasks"].as_array().into_iter().flatten().map(|task| format!("{} <- [{}]", task["id"].as_str().unwrap_or(""), task["depends_on"].as_array().into_iter().flatten().filter_map(|id| id.as_str()).collect::<Vec<_>>().join(", "))).collect::<Vec<_>>(),
            "not_changed": plan["not_changed"].as_array().into_iter().flatten().map(|entry| entry["repo"].clone()).collect::<Vec<_>>(),
            "rollout": plan["rollout"].as_array().into_iter().flatten().map(|step| step["task"].clone()).collect::<Vec<_>>(),
            "rollback": plan["rollback"].as_array().into_iter().flatten().map(|step| format!("{} ({})", step["undoes"].as_str().unwrap_or(""), step["reversible"].as_str().unwrap_or(""))).collect::<Vec<_>>(),
        })
    };
    let added = plan(
        "show when each order was created, in the web app and on invoices",
        &[
            "field:orders-http/Order.created_at:add",
            "field:orders-http/Order.created_at:consume:web",
            "field:orders-http/Order.created_at:consume:billing-worker",
        ],
    );
    let renamed = plan("call the order amount amount_cents", &["field:orders-http/Order.total_cents:rename:amount_cents"]);
    let customer = plan("call the customer customer_name", &["field:orders-http/Order.customer:rename:customer_name"]);
    let fix = plan("show a spinner while the orders load", &["component:web:change"]);
    insta::assert_json_snapshot!(serde_json::json!({
        "added field": outline(&added),
        "rename total_cents": outline(&renamed),
        "rename customer": outline(&customer),
        "one-repo fix": outline(&fix),
    }));
}

#[test]
fn out_writes_plan_md_and_plan_json_and_bad_specs_exit_2() {
    let dir = acme();
    let root = dir.path();
    let written = factory(
        root,
        &[
            "--home",
            "acme/home",
            "plan",
            "call the order amount amount_cents",
            "--change",
            "field:orders-http/Order.total_cents:rename:amount_cents",
            "--out",
            "out",
        ],
    );
    let markdown = std::fs::read_to_string(root.join("out/plan.md")).expect("plan.md");
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(root.join("out/plan.json")).expect("plan.json")).expect("json");
    assert!(markdown.contains("## Rollback"), "{markdown}");
    assert_eq!(json["lane"], "full");
    let bad = factory(root, &["--home", "acme/home", "plan", "x", "--change", "field:orders-http/Order.total_cents:rename"]);
    let unknown = factory(root, &["--home", "acme/home", "plan", "x", "--change", "field:orders-http/Order.nope:remove"]);
    insta::assert_snapshot!(format!("{}\n{}\n{}", render(&written, root), render(&bad, root), render(&unknown, root)));
}
