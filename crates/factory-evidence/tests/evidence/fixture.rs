//! The fixture run: "rename Order.created_at to createdAt" across orders-api, web and
//! billing-worker, with its source files written into a temp dir.

use std::path::{Path, PathBuf};

use factory_evidence::{
    AffectedRepo, CheckEvidence, CommitSummary, ContractFinding, FileChange, IncludedFile, LearnedItem, LearnedKind,
    RepoResult, RunEvidence, Severity, TaskStatus, TestResult, Verdict,
};
use serde_json::json;

pub struct Fixture {
    /// Keeps the temp dir alive.
    pub _temp: tempfile::TempDir,
    pub evidence_dir: PathBuf,
    pub evidence: RunEvidence,
}

pub fn fixture() -> Fixture {
    let temp = tempfile::tempdir().expect("temp dir");
    let work = temp.path().join("work");
    std::fs::create_dir_all(&work).expect("work dir");
    let write = |name: &str, contents: &[u8]| -> PathBuf {
        let path = work.join(name);
        std::fs::write(&path, contents).expect("fixture file");
        path
    };
    let failing_log = write(
        "orders-api-tests-1.log",
        b"running 14 tests\ntest orders::list ... ok\ntest orders::serialize ... FAILED\n\nfailures:\n---- orders::serialize ----\nexpected key `createdAt`, found `created_at`\n\ntest result: FAILED. 13 passed; 1 failed\n",
    );
    let junit = write(
        "orders-api-junit.xml",
        b"<testsuite name=\"orders\" tests=\"2\"><testcase classname=\"orders\" name=\"list\"/><testcase classname=\"orders\" name=\"serialize\"/></testsuite>\n",
    );
    let contract_log = write("orders-http-contract.log", b"GET /orders 200 matches Order (createdAt, created_at)\n");
    let browser_log = write(
        "web-orders-page.log",
        b"opened http://127.0.0.1:40123/orders\nwaiting for selector [data-test=order-created]\nselector did not appear within 10 s\n",
    );
    let screenshot_source = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/orders-page.png");
    let screenshot = work.join("orders-page.png");
    std::fs::copy(&screenshot_source, &screenshot).expect("screenshot fixture");
    let billing_log = write("billing-worker-tests.log", b"ok: 9 passed\n");

    let included = |source: &Path, destination: &str| IncludedFile { source: source.to_path_buf(), destination: destination.to_string() };
    let evidence = RunEvidence {
        run_id: "r-0007".into(),
        outcome: "Rename Order.created_at to createdAt in the orders API and its consumers".into(),
        org: "acme".into(),
        created_at: "2026-11-21T06:00:00Z".into(),
        finished_at: Some("2026-11-21T06:14:30Z".into()),
        status: "awaiting-release".into(),
        lane: "full".into(),
        lane_reasons: vec!["3 repos touched".into(), "contract change: rename of Order.created_at in api:orders-http".into()],
        run_url: None,
        spec_markdown: "# Spec\n\nRename `Order.created_at` to `createdAt` on the wire.\n\n## Acceptance\n\n- web shows the creation date\n".into(),
        plan_markdown: "# Plan\n\n1. orders-api: expand\n2. web, billing-worker: migrate\n3. orders-api: contract\n".into(),
        // The shape factory-plan writes.
        plan: json!({
            "outcome": "Rename Order.created_at to createdAt in the orders API and its consumers",
            "lane": "full",
            "tasks": [
                {"id": "orders-api:expand", "repo": "orders-api", "phase": "expand", "summary": "Serve createdAt beside created_at", "depends_on": [],
                 "changes": ["add createdAt to Order in openapi.yaml", "serialize both names"]},
                {"id": "web:migrate", "repo": "web", "phase": "migrate", "summary": "Read createdAt", "depends_on": ["orders-api:expand"],
                 "changes": ["read createdAt in src/orders.ts"]},
                {"id": "billing-worker:migrate", "repo": "billing-worker", "phase": "migrate", "summary": "Read createdAt", "depends_on": ["orders-api:expand"], "changes": []},
                {"id": "orders-api:contract", "repo": "orders-api", "phase": "contract", "summary": "Drop created_at", "depends_on": ["web:migrate", "billing-worker:migrate"], "changes": []}
            ],
            "verification": [
                {"id": "provider-contract:orders-http", "kind": "provider_contract", "repo": "orders-api", "contract": "api:orders-http", "proves": "orders-api serves both names"},
                {"id": "test:orders-api/tests/orders.py", "kind": "test", "repo": "orders-api", "proves": "the serializer tests pass", "source": "test:orders-api/tests/orders.py"},
                {"id": "consumer-contract:web:orders-http", "kind": "consumer_contract", "repo": "web", "proves": "everything web reads is offered"},
                {"id": "repo:orders-api:orders-api-tests", "kind": "repo_tests", "repo": "orders-api", "proves": "the orders-api suite passes"},
                {"id": "browser:web:web-orders-page", "kind": "browser", "repo": "web", "proves": "web shows the creation date"},
                {"id": "rollout-rehearsal", "kind": "rollout_rehearsal", "repo": "orders-api", "proves": "old web works with the expanded API"}
            ],
            "rollout": [
                {"step": 1, "wave": 1, "repo": "orders-api", "task": "orders-api:expand", "action": "deploy with both created_at and createdAt",
                 "gate": "both names are served", "gate_checks": ["provider-contract:orders-http", "repo:orders-api:orders-api-tests"]},
                {"step": 2, "wave": 2, "repo": "web", "task": "web:migrate", "action": "deploy reading createdAt",
                 "gate": "the orders page shows the date", "gate_checks": ["browser:web:web-orders-page"]},
                {"step": 3, "wave": 2, "repo": "billing-worker", "task": "billing-worker:migrate", "action": "deploy reading createdAt",
                 "gate": "invoices carry the date", "gate_checks": ["repo:billing-worker:billing-worker-tests"]},
                {"step": 4, "wave": 3, "repo": "orders-api", "task": "orders-api:contract", "action": "drop created_at",
                 "gate": "nothing reads created_at", "gate_checks": ["rollout-rehearsal"], "before": "confirm no client still sends created_at"}
            ],
            "rollback": [
                {"step": 1, "repo": "orders-api", "undoes": "orders-api:contract", "action": "redeploy the expand release", "reversible": "full"},
                {"step": 2, "repo": "billing-worker", "undoes": "billing-worker:migrate", "action": "redeploy the previous release", "reversible": "full"},
                {"step": 3, "repo": "web", "undoes": "web:migrate", "action": "redeploy the previous release", "reversible": "full"},
                {"step": 4, "repo": "orders-api", "undoes": "orders-api:expand", "action": "redeploy the previous release", "reversible": "code_only",
                 "caveat": "rows written with createdAt keep it; the old release ignores it"}
            ],
            "not_changed": [],
            "changes": [],
            "owners": []
        }),
        affected_repos: vec![
            AffectedRepo { repo: "orders-api".into(), reason: "provides Order.created_at, which is renamed".into(), path: vec!["component:orders-api -provides-> api:orders-http".into()] },
            AffectedRepo {
                repo: "web".into(),
                reason: "consumes Order.created_at".into(),
                path: vec![
                    "The outcome renames Order.created_at (change `field:orders-http/Order.created_at:rename:createdAt`).".into(),
                    "component:web -consumes-> field:orders-http/Order.created_at".into(),
                ],
            },
            AffectedRepo {
                repo: "billing-worker".into(),
                reason: "consumes Order.created_at".into(),
                path: vec!["component:billing-worker -consumes-> api:orders-http".into()],
            },
        ],
        repos: vec![
            repo("orders-api", "Serve `createdAt` beside `created_at` (expand step).", 2, Some("https://git.example/acme/orders-api/pull/7")),
            repo("web", "Read `createdAt` on the orders page.", 1, None),
            repo("billing-worker", "Read `createdAt` when invoicing.", 1, None),
        ],
        checks: vec![
            check("orders-api-tests", "command", "orders-api", Verdict::Fail, 1, "1 of 14 tests failed", &["artifacts/checks/orders-api-tests/attempt-1/output.log"]),
            CheckEvidence {
                tests: vec![
                    TestResult { name: "list".into(), classname: Some("orders".into()), verdict: Verdict::Pass, duration_ms: Some(12), message: None },
                    TestResult { name: "serialize".into(), classname: Some("orders".into()), verdict: Verdict::Pass, duration_ms: Some(8), message: None },
                ],
                ..check("orders-api-tests", "command", "orders-api", Verdict::Pass, 2, "14 tests passed", &["artifacts/checks/orders-api-tests/attempt-2/junit.xml"])
            },
            check("orders-http-contract", "http-contract", "orders-api", Verdict::Pass, 1, "GET /orders matches the OpenAPI schema", &["artifacts/checks/orders-http-contract/output.log"]),
            CheckEvidence {
                service: Some("web".into()),
                ..check(
                    "web-orders-page",
                    "browser",
                    "web",
                    Verdict::Unknown,
                    1,
                    "the page loaded but [data-test=order-created] never appeared, so the date could not be read",
                    &["artifacts/checks/web-orders-page/screenshot.png", "artifacts/checks/web-orders-page/browser.log"],
                )
            },
            check("billing-worker-tests", "command", "billing-worker", Verdict::Pass, 1, "9 tests passed", &["artifacts/checks/billing-worker-tests/output.log"]),
        ],
        findings: vec![ContractFinding {
            rule: "field-renamed-while-consumed".into(),
            severity: Severity::Warning,
            provider: "orders-api".into(),
            consumer: Some("web".into()),
            contract: "api:orders-http".into(),
            fields: vec!["Order.created_at".into()],
            message: "web reads created_at; it must migrate before the contract step".into(),
            locations: vec!["web@4e5f6a7:src/orders.ts:42".into()],
        }],
        learned: vec![LearnedItem {
            kind: LearnedKind::Lesson,
            reference: "lessons/0003-serializer-tests-pin-wire-names.md".into(),
            summary: "orders-api serializer tests pin wire names; update them in the expand step".into(),
        }],
        files: vec![
            included(&failing_log, "artifacts/checks/orders-api-tests/attempt-1/output.log"),
            included(&junit, "artifacts/checks/orders-api-tests/attempt-2/junit.xml"),
            included(&contract_log, "artifacts/checks/orders-http-contract/output.log"),
            included(&screenshot, "artifacts/checks/web-orders-page/screenshot.png"),
            included(&browser_log, "artifacts/checks/web-orders-page/browser.log"),
            included(&billing_log, "artifacts/checks/billing-worker-tests/output.log"),
        ],
    };
    let evidence_dir = temp.path().join(".factory/runs/r-0007/evidence");
    Fixture { _temp: temp, evidence_dir, evidence }
}

fn repo(name: &str, summary: &str, attempts: u32, pull_request_url: Option<&str>) -> RepoResult {
    let seed = name.len();
    RepoResult {
        repo: name.into(),
        branch: format!("factory/r-0007-{name}"),
        base: "main".into(),
        head_commit: Some(format!("{seed:02}{}", "ab12cd34ef".repeat(4)).chars().take(40).collect()),
        commits: vec![CommitSummary { sha: format!("{seed:02}{}", "ab12cd34ef".repeat(4)).chars().take(40).collect(), subject: summary.trim_end_matches('.').into() }],
        diff_stat: vec![
            FileChange { path: format!("src/{name}/orders.rs"), added: 12 + seed as u64, removed: 3 },
            FileChange { path: "tests/orders.rs".into(), added: 5, removed: 1 },
        ],
        worker: "script".into(),
        attempts,
        status: TaskStatus::Done,
        summary: summary.into(),
        owners: vec![format!("@acme/{name}-team")],
        pull_request_url: pull_request_url.map(str::to_string),
    }
}

fn check(name: &str, kind: &str, repo: &str, verdict: Verdict, attempt: u32, reason: &str, artifacts: &[&str]) -> CheckEvidence {
    CheckEvidence {
        name: name.into(),
        kind: kind.into(),
        repo: Some(repo.into()),
        service: None,
        verdict,
        duration_ms: 1200 * u64::from(attempt) + name.len() as u64,
        reason: reason.into(),
        attempt,
        artifacts: artifacts.iter().map(|artifact| artifact.to_string()).collect(),
        log_tail: None,
        tests: Vec::new(),
    }
}
