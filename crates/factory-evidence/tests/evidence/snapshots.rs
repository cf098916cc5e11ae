//! Whole-file snapshots of the bundle written for the fixture run.

use crate::fixture::fixture;

fn read(dir: &std::path::Path, relative: &str) -> String {
    std::fs::read_to_string(dir.join(relative)).unwrap_or_else(|error| panic!("cannot read {relative}: {error}"))
}

#[test]
fn bundle_files_match_their_snapshots() {
    let fixture = fixture();
    let report = factory_evidence::write_bundle(&fixture.evidence_dir, &fixture.evidence).expect("bundle");
    let dir = &fixture.evidence_dir;

    let listing: Vec<&str> = report.files.iter().map(|file| file.path.as_str()).collect();
    insta::assert_json_snapshot!("bundle_files", (listing, &report.verdict, &report.verdict_reasons, &report.pull_requests, &report.missing_artifacts));
    insta::assert_snapshot!("report_md", read(dir, "report.md"));
    insta::assert_snapshot!("pr_web_md", read(dir, "pr/web.md"));
    insta::assert_snapshot!("pr_orders_api_md", read(dir, "pr/orders-api.md"));
    let report_json: serde_json::Value = serde_json::from_str(&read(dir, "report.json")).expect("report.json is JSON");
    insta::assert_json_snapshot!("report_json", report_json);
    let mut attestation: serde_json::Value = serde_json::from_str(&read(dir, "attestation.json")).expect("attestation.json is JSON");
    // report.html is checked by the HTML tests, not as text: its digest moves with every style change.
    for subject in attestation["subject"].as_array_mut().expect("subjects") {
        if subject["name"] == "report.html" {
            subject["digest"]["sha256"] = "[sha256 of report.html]".into();
        }
    }
    insta::assert_json_snapshot!("attestation_json", attestation);
    let findings: serde_json::Value = serde_json::from_str(&read(dir, "findings.json")).expect("findings.json is JSON");
    insta::assert_json_snapshot!("findings_json", findings);
}

#[test]
fn writing_twice_gives_the_same_bundle() {
    let fixture = fixture();
    let first = factory_evidence::write_bundle(&fixture.evidence_dir, &fixture.evidence).expect("first bundle");
    let second = factory_evidence::write_bundle(&fixture.evidence_dir, &fixture.evidence).expect("second bundle");
    assert_eq!(first, second);
}

#[test]
fn a_destination_outside_artifacts_is_refused() {
    let mut fixture = fixture();
    fixture.evidence.files[0].destination = "../escape.log".into();
    let error = factory_evidence::write_bundle(&fixture.evidence_dir, &fixture.evidence).expect_err("refused");
    insta::assert_snapshot!(error.to_string());
}

#[test]
fn missing_evidence_makes_a_passing_run_unknown() {
    let mut fixture = fixture();
    // Every check passes on its last attempt...
    fixture.evidence.checks.retain(|check| check.name != "web-orders-page");
    // ...but one log the run names was never produced.
    fixture.evidence.files[2].source = fixture.evidence_dir.join("nowhere.log");
    let report = factory_evidence::write_bundle(&fixture.evidence_dir, &fixture.evidence).expect("bundle");
    insta::assert_json_snapshot!((&report.verdict, &report.verdict_reasons, &report.missing_artifacts));
}

#[test]
fn a_run_without_checks_is_unknown_not_pass() {
    let mut fixture = fixture();
    fixture.evidence.checks.clear();
    fixture.evidence.findings.clear();
    let report = factory_evidence::write_bundle(&fixture.evidence_dir, &fixture.evidence).expect("bundle");
    insta::assert_json_snapshot!((&report.verdict, &report.verdict_reasons));
}

#[test]
fn a_check_failing_on_its_last_attempt_fails_the_run_with_its_log_tail() {
    let mut fixture = fixture();
    let browser = fixture.evidence.checks.iter_mut().find(|check| check.name == "web-orders-page").expect("browser check");
    browser.verdict = factory_evidence::Verdict::Fail;
    browser.reason = "the orders page shows `Invalid Date`".into();
    browser.log_tail = Some("GET /orders 200\nrender: createdAt is undefined".into());
    let report = factory_evidence::write_bundle(&fixture.evidence_dir, &fixture.evidence).expect("bundle");
    let markdown = read(&fixture.evidence_dir, "report.md");
    let section = markdown.split("### web-orders-page").nth(1).expect("check section");
    let section = &section[..section.find("<a id=").unwrap_or(section.len())];
    insta::assert_snapshot!(format!("{:?}\n{:#?}\n### web-orders-page{section}", report.verdict, report.verdict_reasons));
}

#[test]
fn long_outcomes_make_short_pull_request_titles() {
    let mut fixture = fixture();
    fixture.evidence.outcome = "Add order export to CSV across the API, the web app and the billing worker, with a download button".into();
    let titles: Vec<String> = ["web", "orders-api"].iter().map(|repo| factory_evidence::pull_request_title(&fixture.evidence, repo)).collect();
    let files: Vec<String> = ["web", "acme/orders api", ".hidden"].iter().map(|repo| factory_evidence::pull_request_file(repo)).collect();
    insta::assert_json_snapshot!((titles, files));
}

/// A run that failed at the plan stage still gets a bundle that says so.
#[test]
fn a_run_that_stopped_before_building_gets_a_bundle_too() {
    let temp = tempfile::tempdir().expect("temp dir");
    let evidence = factory_evidence::RunEvidence {
        run_id: "r-0008".into(),
        outcome: "show when each order was created".into(),
        org: "acme".into(),
        created_at: "2026-11-21T06:30:33Z".into(),
        finished_at: Some("2026-11-21T06:30:34Z".into()),
        status: "failed".into(),
        lane: String::new(),
        lane_reasons: Vec::new(),
        run_url: None,
        spec_markdown: "# Spec\n\nshow when each order was created\n".into(),
        plan_markdown: "# Plan\n\nNo plan was recorded: `api:orders-http` is not in the brain.\n".into(),
        plan: serde_json::Value::Null,
        affected_repos: Vec::new(),
        repos: Vec::new(),
        // How the engine reports a stage that failed: a check of the run with its reason.
        checks: vec![factory_evidence::CheckEvidence {
            name: "plan stage".into(),
            kind: "stage".into(),
            repo: None,
            service: None,
            verdict: factory_evidence::Verdict::Fail,
            duration_ms: 40,
            reason: "`api:orders-http` is not in the brain (the brain knows none; run `factory brain scan`)".into(),
            attempt: 1,
            artifacts: Vec::new(),
            log_tail: None,
            tests: Vec::new(),
        }],
        findings: Vec::new(),
        learned: Vec::new(),
        files: Vec::new(),
    };
    let dir = temp.path().join("evidence");
    let report = factory_evidence::write_bundle(&dir, &evidence).expect("bundle");
    assert!(factory_evidence::verify_bundle(&dir).expect("verify").ok);
    let listing: Vec<&str> = report.files.iter().map(|file| file.path.as_str()).collect();
    insta::assert_snapshot!(format!("{listing:?}\n\n{}", read(&dir, "report.md")));
}
