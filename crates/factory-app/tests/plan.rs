//! Plans for the acme demo org, end to end through the facade: the demo repos written as real
//! git repositories, scanned into a real SQLite brain, then planned. The plans are snapshotted
//! whole, so a change in what the brain finds or how the planner decides shows up in review.

use factory_app::{Home, brain, demo, plan};

async fn acme() -> (tempfile::TempDir, Home) {
    let dir = tempfile::tempdir().expect("temp dir");
    let (home, _) = demo::create_org(dir.path()).expect("acme is written");
    brain::scan(&home, None).await.expect("acme scans");
    (dir, home)
}

async fn check(home: &Home, outcome: &str, changes: &[&str]) -> factory_plan::Plan {
    let changes: Vec<String> = changes.iter().map(ToString::to_string).collect();
    plan::plan(home, outcome, &changes, None).await.expect("acme plans")
}

#[tokio::test]
async fn acme_plans_from_the_brain() {
    let (_dir, home) = acme().await;

    let added = check(
        &home,
        "show when each order was created, in the web app and on invoices",
        &[
            "field:orders-http/Order.created_at:add",
            "field:orders-http/Order.created_at:consume:web",
            "field:orders-http/Order.created_at:consume:billing-worker",
        ],
    )
    .await;
    insta::assert_json_snapshot!("added_field", added);

    let renamed = check(&home, "call the order amount amount_cents", &["field:orders-http/Order.total_cents:rename:amount_cents"]).await;
    insta::assert_json_snapshot!("rename_total_cents", renamed);
    insta::assert_snapshot!("rename_total_cents_markdown", plan::plan_markdown(&renamed));

    // billing-worker consumes orders-http but never reads `customer`: only web migrates.
    let customer = check(&home, "call the customer customer_name", &["field:orders-http/Order.customer:rename:customer_name"]).await;
    let repos: Vec<(&str, &str)> = customer.tasks.iter().map(|task| (task.id.as_str(), task.repo.as_str())).collect();
    let left_alone: Vec<&str> = customer.not_changed.iter().map(|entry| entry.repo.as_str()).collect();
    assert_eq!(repos, [("orders-api:expand", "orders-api"), ("web:migrate", "web"), ("orders-api:contract", "orders-api")]);
    assert_eq!(left_alone, ["billing-worker"]);

    let fix = check(&home, "show a spinner while the orders load", &["component:web:change"]).await;
    insta::assert_json_snapshot!("one_repo_fix", fix);
}

#[tokio::test]
async fn unknown_entities_and_bad_specs_are_bad_input_naming_what_is_known() {
    let (_dir, home) = acme().await;
    let mut errors = Vec::new();
    for spec in [
        "field:orders-http/Order.nope:remove",
        "field:orders-http/Order.totalCents:rename:amount",
        "field:payments-http/Payment.id:add",
        "component:mobile:change",
        "field:orders-http",
    ] {
        let error = plan::plan(&home, "bad", &[spec.to_string()], None).await.expect_err("bad input fails");
        errors.push(serde_json::json!({"spec": spec, "bad_input": error.is_bad_input(), "error": error.to_string()}));
    }
    let none = plan::plan(&home, "nothing", &[], None).await.expect_err("no change fails");
    errors.push(serde_json::json!({"spec": null, "bad_input": none.is_bad_input(), "error": none.to_string()}));
    insta::assert_json_snapshot!(errors);
}

#[tokio::test]
async fn write_plan_puts_plan_md_and_plan_json_in_the_folder() {
    let (dir, home) = acme().await;
    let planned = check(&home, "one repo fix", &["component:web:change"]).await;
    let out = dir.path().join("out");
    let files = plan::write_plan(&planned, &out).expect("writes");
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&files.json).expect("plan.json")).expect("json");
    let markdown = std::fs::read_to_string(&files.markdown).expect("plan.md");
    assert_eq!(json["lane"], "fast");
    assert_eq!(json["tasks"][0]["id"], "web:change");
    assert!(markdown.starts_with("# Plan: one repo fix\n"), "{markdown}");
}

const RULE: &str = r#"id = "field-naming-web-orders-http"
kind = "field-naming"
description = "web reads orders-http fields by their exact wire names"
entities = ["api:orders-http", "component:web"]
learned_from = "run:r7"
provider_repo = "orders-api"
contract = "openapi.yaml"
consumer_repo = "web"
"#;

const LESSON: &str = r#"---
kind: contract-mismatch
entities: ["api:orders-http", "component:web"]
run: "run:r7"
date: 2026-11-20
---

# web read createdAt; orders-api emits created_at

## What happened

The orders page showed no dates.
"#;

#[tokio::test]
async fn learned_rules_and_lessons_reach_tasks_verification_and_the_lane() {
    let (_dir, home) = acme().await;
    std::fs::write(home.layout.rules_dir().join("field-naming-web-orders-http.toml"), RULE).expect("rule");
    std::fs::write(home.layout.lessons_dir().join("2026-11-20-web-read-createdat.md"), LESSON).expect("lesson");
    let renamed = check(&home, "call the customer customer_name", &["field:orders-http/Order.customer:rename:customer_name"]).await;
    let web = renamed.tasks.iter().find(|task| task.repo == "web").expect("web migrates");
    let rules: Vec<&str> =
        renamed.verification.iter().filter(|check| check.kind == factory_plan::CheckKind::Rule).map(|check| check.id.as_str()).collect();
    // A past failure on web's paths keeps even a one-repo change out of the fast lane.
    let fix = check(&home, "show a spinner while the orders load", &["component:web:change"]).await;
    insta::assert_json_snapshot!(serde_json::json!({
        "web context": web.context,
        "rule checks": rules,
        "one-repo fix lane": fix.lane,
        "one-repo fix reasons": fix.lane_reasons.iter().map(|reason| &reason.sentence).collect::<Vec<_>>(),
    }));
}
