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
