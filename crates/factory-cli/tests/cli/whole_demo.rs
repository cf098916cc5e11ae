use crate::common::{factory, render, stdout_json};

/// Issue 7: the whole loop in `factory demo`: a run that fails verification and fixes itself,
/// a lesson and a rule on an evolve branch, and a second run whose mistake the learned rule
/// catches before the sandbox starts.
#[test]
fn the_demo_runs_the_whole_loop_and_learns() {
    let temp = tempfile::tempdir().expect("tempdir");
    let root = temp.path();
    let output = factory(root, &["demo", "acme", "--json"]);
    assert_eq!(output.status.code(), Some(0), "{}", render(&output, root));
    let report = stdout_json(&output);

    assert!(report["scan"]["nodes"].as_u64().is_some_and(|nodes| nodes > 20), "the brain learned the org");
    let main = &report["sandbox_on_main"];
    assert_eq!(main["failed"], 0, "main is green: {main}");

    let runs = report["runs"].as_array().expect("runs");
    assert_eq!(runs.len(), 2);
    for run in runs {
        assert_eq!(run["outcome"]["status"], "succeeded", "{}", run["outcome"]);
        assert_eq!(run["evidence_verified"], true);
        assert!(std::path::Path::new(run["report"].as_str().expect("report")).is_file());
    }
    // First run: the sandbox caught the mismatch, a fix round made it green.
    let first_rounds = runs[0]["verify_rounds"].as_array().expect("rounds");
    assert_eq!(first_rounds.first().map(|round| &round["stage"]), Some(&serde_json::json!("sandbox")));
    assert_eq!(first_rounds.first().map(|round| &round["passed"]), Some(&serde_json::json!(false)));
    assert_eq!(first_rounds.last().map(|round| &round["passed"]), Some(&serde_json::json!(true)));
    // Second run: the learned rule caught it before the sandbox.
    let second_rounds = runs[1]["verify_rounds"].as_array().expect("rounds");
    assert_eq!(second_rounds.first().map(|round| &round["stage"]), Some(&serde_json::json!("rules")));
    assert_eq!(second_rounds.last().map(|round| &round["passed"]), Some(&serde_json::json!(true)));

    assert!(!report["lessons"].as_array().expect("lessons").is_empty(), "at least one lesson");
    assert!(report["rules"].as_array().expect("rules").iter().any(|rule| rule.as_str().is_some_and(|id| id.starts_with("field-naming-"))));
    assert!(!report["evolve_applied"].as_array().expect("evolve").is_empty(), "an evolve/* branch was proposed");

    let home = root.join("acme/home");
    let stats = stdout_json(&factory(&home, &["stats", "--json"]));
    assert!(stats["totals"]["prevented"].as_u64().is_some_and(|prevented| prevented >= 1), "{stats}");
    let listed = stdout_json(&factory(&home, &["runs", "--json"]));
    assert!(listed.as_array().expect("runs").iter().all(|run| run["status"] == "succeeded"));
    let lessons = stdout_json(&factory(&home, &["lessons", "--json"]));
    let kinds: Vec<&str> = lessons.as_array().expect("lessons").iter().filter_map(|lesson| lesson["kind"].as_str()).collect();
    assert!(kinds.contains(&"contract-mismatch"), "{kinds:?}");
    assert!(!kinds.contains(&"missing-seed"), "nothing in the demo lacks seed data: {kinds:?}");

    // Editing any artifact of the evidence makes `evidence verify` fail, naming it.
    let run_id = runs[0]["outcome"]["id"].as_str().expect("id");
    let report_md = home.join(format!(".factory/runs/{run_id}/evidence/report.md"));
    std::fs::write(&report_md, "# tampered\n").expect("edit");
    let verified = factory(&home, &["evidence", "verify", run_id]);
    assert_eq!(verified.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&verified.stdout).contains("report.md"), "{}", render(&verified, root));
}
