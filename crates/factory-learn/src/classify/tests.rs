//! Each failure class read from recorded evidence.

use super::*;

fn failure(check: &str, kind: &str, repo: &str, reason: &str, log_tail: &str) -> Failure {
    Failure {
        check: check.into(),
        kind: kind.into(),
        repo: Some(repo.into()),
        service: Some(repo.into()),
        reason: reason.into(),
        log_tail: log_tail.into(),
        round: 1,
        passed_on_rerun_without_change: false,
        worker_status: None,
    }
}

fn contract() -> Vec<ContractField> {
    ["Order.id", "Order.customer", "Order.total_cents", "Order.created_at"]
        .into_iter()
        .map(|field| ContractField { api: "orders-http".into(), provider_repo: "orders-api".into(), schema_field: field.into() })
        .collect()
}

#[test]
fn each_failure_class_is_read_from_its_evidence() {
    let mut flaky = failure("web unit tests", "command", "web", "exit status 1", "ConnectionResetError: [Errno 104]");
    flaky.passed_on_rerun_without_change = true;
    let mut stalled = failure("build:web", "build", "web", "no event for 300s", "");
    stalled.worker_status = Some("stalled".into());
    let mut crashed = failure("build:web", "build", "web", "claude exited with status 1", "");
    crashed.worker_status = Some("failed".into());
    let cases = vec![
        failure(
            "billing publishes order.invoiced",
            "message",
            "billing-worker",
            "expected at least one order.invoiced message, saw none",
            "billing-worker | poll failed: KeyError('createdAt')",
        ),
        failure(
            "orders page shows creation dates",
            "browser",
            "web",
            "expected text \"2026-\" not found in the page",
            "web | app.js: new Date(order.createdAt) gave Invalid Date",
        ),
        failure("billing-worker starts", "readiness", "billing-worker", "exited with status 1 before it was ready", "KeyError: 'ORDERS_API_URL'\nos.environ['ORDERS_API_URL']"),
        failure("orders page lists orders", "browser", "web", "expected text \"alice\" not found in the page", "orders-api | GET /orders -> 200 (0 orders)"),
        failure("orders-api migrate", "setup", "orders-api", "sqlite3.OperationalError: no such table: orders", ""),
        flaky,
        stalled,
        crashed,
        failure("lint", "command", "web", "exit status 2", "some unrelated output"),
        // Issue 7 regression: an ordinary "seeded" log line is no evidence of missing seed data.
        failure(
            "orders page shows creation dates",
            "browser",
            "web",
            "the page does not show the text `2026-11-`",
            "orders-api | seeded 3 orders\npage text:\nalice\t—\t$42.00",
        ),
    ];
    let classified: Vec<Classification> = cases.iter().map(|case| classify(case, &contract())).collect();
    insta::assert_json_snapshot!(classified);
}
