//! `verify_bundle` on a fresh bundle and after edits.

use factory_evidence::{verify_bundle, write_bundle};

use crate::fixture::fixture;

#[test]
fn a_fresh_bundle_verifies() {
    let fixture = fixture();
    let written = write_bundle(&fixture.evidence_dir, &fixture.evidence).expect("bundle");
    let report = verify_bundle(&fixture.evidence_dir).expect("verify");
    assert!(report.ok, "{report:#?}");
    assert_eq!(report.checked, written.files.len());
    insta::assert_json_snapshot!((&report.run_id, &report.problems, &report.branch_heads));
}

#[test]
fn an_edited_missing_or_added_file_is_named() {
    let fixture = fixture();
    write_bundle(&fixture.evidence_dir, &fixture.evidence).expect("bundle");
    let dir = &fixture.evidence_dir;
    std::fs::write(dir.join("artifacts/checks/orders-api-tests/attempt-2/junit.xml"), "<testsuite/>\n").expect("edit");
    let report = verify_bundle(dir).expect("verify");
    assert!(!report.ok);
    insta::assert_json_snapshot!("edited", report.problems);

    std::fs::remove_file(dir.join("pr/web.md")).expect("remove");
    std::fs::write(dir.join("artifacts/extra.log"), "not attested\n").expect("add");
    let report = verify_bundle(dir).expect("verify");
    let named: Vec<(String, factory_evidence::ProblemKind)> = report.problems.iter().map(|problem| (problem.path.clone(), problem.problem)).collect();
    insta::assert_json_snapshot!("edited_removed_added", named);
}

#[test]
fn a_file_swapped_for_a_link_is_named() {
    let fixture = fixture();
    write_bundle(&fixture.evidence_dir, &fixture.evidence).expect("bundle");
    let dir = &fixture.evidence_dir;
    let log = dir.join("artifacts/checks/billing-worker-tests/output.log");
    let elsewhere = dir.parent().expect("run folder").join("elsewhere.log");
    std::fs::write(&elsewhere, "ok: 9 passed\n").expect("elsewhere");
    std::fs::remove_file(&log).expect("remove");
    std::os::unix::fs::symlink(&elsewhere, &log).expect("link");
    let report = verify_bundle(dir).expect("verify");
    let named: Vec<(&str, factory_evidence::ProblemKind)> = report.problems.iter().map(|problem| (problem.path.as_str(), problem.problem)).collect();
    assert_eq!(named, [("artifacts/checks/billing-worker-tests/output.log", factory_evidence::ProblemKind::Changed)]);
}

#[test]
fn a_folder_without_attestation_is_an_error() {
    let temp = tempfile::tempdir().expect("temp dir");
    let error = verify_bundle(temp.path()).expect_err("no attestation");
    let message = error.to_string().replace(&temp.path().display().to_string(), "[dir]");
    insta::assert_snapshot!(message);
}
