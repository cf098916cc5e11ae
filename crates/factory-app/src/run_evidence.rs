//! The evidence stage: the run's journal, branches, checks and learning gathered into
//! factory-evidence's `RunEvidence`, written to `.factory/runs/<run>/evidence/`, and every
//! bundle file recorded in the store with its digest.

use std::collections::BTreeMap;
use std::path::Path;

use factory_evidence::{
    AffectedRepo, CheckEvidence, CommitSummary, FileChange, IncludedFile, LearnedItem, LearnedKind, RepoResult, RunEvidence, TaskStatus, TestResult,
    Verdict,
};
use factory_run::{BuiltTask, RunError, RunRequest};
use factory_store::ArtifactRecord;
use serde_json::json;

use crate::run_stages::{stage_error, AppStages};

pub(crate) async fn evidence_stage(stages: &AppStages, request: &RunRequest, run_dir: &Path) -> Result<serde_json::Value, RunError> {
    let store = &stages.env.store;
    let run = store.run(&request.id).await?.ok_or_else(|| RunError::UnknownRun(request.id.clone()))?;
    let steps = store.steps(&request.id).await?;
    let plan_value: serde_json::Value = std::fs::read_to_string(run_dir.join("plan.json")).ok().and_then(|text| serde_json::from_str(&text).ok()).unwrap_or_default();
    let plan: Option<factory_plan::Plan> = serde_json::from_value(plan_value.clone()).ok();
    let spec_markdown = std::fs::read_to_string(run_dir.join("spec.md")).unwrap_or_default();

    // The last build of each task.
    let mut built: BTreeMap<String, BuiltTask> = BTreeMap::new();
    let mut attempts: BTreeMap<String, u32> = BTreeMap::new();
    let mut failed_tasks: BTreeMap<String, String> = BTreeMap::new();
    for step in steps.iter().filter(|step| step.name.starts_with("build:")) {
        let repo = step.input["task"]["repo"].as_str().unwrap_or_default().to_string();
        let attempt = u32::try_from(step.attempt).unwrap_or(1);
        attempts.entry(repo.clone()).and_modify(|seen| *seen = (*seen).max(attempt)).or_insert(attempt);
        if step.status == "done" {
            if let Ok(task) = serde_json::from_value::<BuiltTask>(step.output.clone()) {
                built.insert(repo, task);
            }
        } else if step.status == "failed" {
            failed_tasks.insert(repo, step.error.clone().unwrap_or_default());
        }
    }

    let mut files = Vec::new();
    let mut repos = Vec::new();
    for (repo, task) in &built {
        let git = factory_git::Repo::open(stages.env.repos.get(repo).map_or(task.worktree.as_path(), |path| path.as_path()));
        let commits = git.commits_between(&task.base, &task.branch).unwrap_or_default();
        let diff_stat = git.diff_stat(&task.base, &task.branch).unwrap_or_default();
        let planned = plan.as_ref().and_then(|plan| plan.tasks.iter().find(|planned| &planned.repo == repo));
        repos.push(RepoResult {
            repo: repo.clone(),
            branch: task.branch.clone(),
            base: task.base.clone(),
            head_commit: Some(task.head.clone()),
            commits: commits.into_iter().map(|commit| CommitSummary { sha: commit.sha, subject: commit.subject }).collect(),
            diff_stat: diff_stat.into_iter().map(|stat| FileChange { path: stat.path, added: stat.added, removed: stat.removed }).collect(),
            worker: request.worker.label(),
            attempts: attempts.get(repo).copied().unwrap_or(1),
            status: if failed_tasks.contains_key(repo) { TaskStatus::Failed } else { TaskStatus::Done },
            summary: planned.map_or_else(|| task.task.summary.clone(), |planned| planned.summary.clone()),
            owners: planned.map(|planned| planned.owners.clone()).unwrap_or_default(),
            pull_request_url: None,
        });
        for attempt in 1..=attempts.get(repo).copied().unwrap_or(1) {
            for name in [format!("attempt-{attempt}.jsonl"), format!("context-{attempt}.md")] {
                let source = run_dir.join("tasks").join(&task.task.id).join(&name);
                if source.is_file() {
                    files.push(IncludedFile { source, destination: format!("artifacts/tasks/{}/{name}", slug(&task.task.id)) });
                }
            }
        }
    }

    let mut checks = Vec::new();
    for step in steps.iter().filter(|step| step.name == "verify" && step.status == "done") {
        let round = u32::try_from(step.attempt).unwrap_or(1);
        let report = &step.output["report"];
        let report_file = run_dir.join(format!("verify-{round}.json"));
        if report_file.is_file() {
            files.push(IncludedFile { source: report_file, destination: format!("artifacts/verify/round-{round}.json") });
        }
        for finding in report["rules"]["findings"].as_array().into_iter().flatten() {
            checks.push(CheckEvidence {
                name: format!("learned rule {}", finding["rule"].as_str().unwrap_or_default()),
                kind: "rule".into(),
                repo: finding["repo"].as_str().map(str::to_string),
                service: None,
                verdict: Verdict::Fail,
                duration_ms: 0,
                reason: format!("{}:{}: {}", finding["file"].as_str().unwrap_or_default(), finding["line"], finding["message"].as_str().unwrap_or_default()),
                attempt: round,
                artifacts: vec![format!("artifacts/verify/round-{round}.json")],
                log_tail: None,
                tests: Vec::new(),
            });
        }
        if let Some(error) = report["error"].as_str() {
            checks.push(CheckEvidence {
                name: "sandbox up".into(),
                kind: "readiness".into(),
                repo: None,
                service: None,
                verdict: Verdict::Fail,
                duration_ms: 0,
                reason: error.to_string(),
                attempt: round,
                artifacts: vec![format!("artifacts/verify/round-{round}.json")],
                log_tail: None,
                tests: Vec::new(),
            });
        }
        for check in report["checks"].as_array().into_iter().flatten() {
            let name = check["name"].as_str().unwrap_or_default().to_string();
            let mut artifacts = Vec::new();
            for artifact in check["artifacts"].as_array().into_iter().flatten().filter_map(|path| path.as_str()) {
                let source = std::path::PathBuf::from(artifact);
                let file_name = source.file_name().map(|name| name.to_string_lossy().to_string()).unwrap_or_else(|| "artifact".into());
                let destination = format!("artifacts/checks/{}/attempt-{round}/{file_name}", slug(&name));
                if source.is_file() {
                    files.push(IncludedFile { source, destination: destination.clone() });
                    artifacts.push(destination);
                }
            }
            artifacts.push(format!("artifacts/verify/round-{round}.json"));
            let mut log_tail = check["output_tail"].as_str().map(str::to_string);
            for log in check["service_logs"].as_array().into_iter().flatten() {
                let lines: Vec<&str> = log["lines"].as_array().into_iter().flatten().filter_map(|line| line.as_str()).collect();
                if !lines.is_empty() {
                    let text = log_tail.get_or_insert_with(String::new);
                    text.push_str(&format!("\n--- {} log\n{}", log["service"].as_str().unwrap_or("service"), lines.join("\n")));
                }
            }
            checks.push(CheckEvidence {
                name,
                kind: check["kind"].as_str().unwrap_or("command").replace('_', "-"),
                repo: check["repo"].as_str().map(str::to_string),
                service: check["service"].as_str().map(str::to_string),
                verdict: verdict(&check["verdict"]),
                duration_ms: check["duration_ms"].as_u64().unwrap_or(0),
                reason: check["reason"].as_str().unwrap_or_default().to_string(),
                attempt: round,
                artifacts,
                log_tail,
                tests: check["tests"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(|test| TestResult {
                        name: test["name"].as_str().unwrap_or_default().to_string(),
                        classname: test["classname"].as_str().map(str::to_string),
                        verdict: verdict(&test["verdict"]),
                        duration_ms: test["duration_ms"].as_u64(),
                        message: test["message"].as_str().map(str::to_string),
                    })
                    .collect(),
            });
        }
    }

    // A learned rule's finding or a sandbox that would not start shows only in the round where
    // it failed; a later round without it is that check passing.
    let last_round = checks.iter().map(|check| check.attempt).max().unwrap_or(1);
    let mut gone: BTreeMap<String, CheckEvidence> = BTreeMap::new();
    for check in checks.iter().filter(|check| check.kind == "rule" || check.kind == "readiness") {
        let latest = checks.iter().filter(|other| other.name == check.name).map(|other| other.attempt).max().unwrap_or(check.attempt);
        if latest < last_round {
            gone.entry(check.name.clone()).or_insert_with(|| CheckEvidence {
                verdict: Verdict::Pass,
                duration_ms: 0,
                reason: format!("gone in round {last_round}: the fix removed what round {latest} found"),
                attempt: last_round,
                artifacts: vec![format!("artifacts/verify/round-{last_round}.json")],
                log_tail: None,
                tests: Vec::new(),
                ..check.clone()
            });
        }
    }
    checks.extend(gone.into_values());

    let learned_value: serde_json::Value = std::fs::read_to_string(run_dir.join("learned.json")).ok().and_then(|text| serde_json::from_str(&text).ok()).unwrap_or_default();
    let mut learned = Vec::new();
    for (kind, key) in [(LearnedKind::Lesson, "lessons"), (LearnedKind::Rule, "rules")] {
        for item in learned_value[key].as_array().into_iter().flatten().filter_map(|item| item.as_str()) {
            learned.push(LearnedItem { kind, reference: item.to_string(), summary: format!("proposed on evolve/{}", request.id) });
        }
    }
    for failure in learned_value["failures"].as_array().into_iter().flatten() {
        if failure["class"] == "contract-mismatch" {
            learned.push(LearnedItem {
                kind: LearnedKind::Fact,
                reference: format!("run:{}", request.id),
                summary: failure["summary"].as_str().unwrap_or_default().to_string(),
            });
        }
    }

    let affected_repos = plan
        .as_ref()
        .map(|plan| {
            let mut affected: Vec<AffectedRepo> = plan
                .tasks
                .iter()
                .map(|task| AffectedRepo { repo: task.repo.clone(), reason: task.summary.clone(), path: task.why.clone() })
                .collect();
            affected.extend(plan.not_changed.iter().map(|kept| AffectedRepo { repo: kept.repo.clone(), reason: "consumes a changed contract but needs no change".into(), path: kept.why.clone() }));
            affected
        })
        .unwrap_or_default();

    let evidence = RunEvidence {
        run_id: request.id.clone(),
        outcome: request.outcome.clone(),
        org: stages.home.config.org.name.clone(),
        created_at: run.created_at.clone(),
        finished_at: Some(factory_store::now_rfc3339()),
        // The run's own status still says `running` while its evidence is written.
        status: match steps.iter().rev().find(|step| step.name == "verify" && step.status == "done") {
            Some(step) if step.output["passed"] == true => "verified".to_string(),
            _ => "failed".to_string(),
        },
        lane: plan.as_ref().map_or_else(|| run.lane.clone().unwrap_or_default(), |plan| plan.lane.as_str().to_string()),
        lane_reasons: plan.as_ref().map(|plan| plan.lane_reasons.iter().map(|reason| reason.sentence.trim_end_matches('.').to_string()).collect()).unwrap_or_default(),
        run_url: None,
        spec_markdown,
        plan_markdown: plan.as_ref().map(factory_plan::plan_markdown).unwrap_or_else(|| "# Plan\n\nNo plan was recorded.\n".into()),
        plan: plan_value,
        affected_repos,
        repos,
        checks,
        findings: Vec::new(),
        learned,
        files,
    };
    let dir = run_dir.join("evidence");
    let bundle = factory_evidence::write_bundle(&dir, &evidence).map_err(|error| stage_error("evidence", error))?;
    for file in &bundle.files {
        let size = std::fs::metadata(dir.join(&file.path)).map(|metadata| metadata.len()).unwrap_or(0);
        store
            .record_artifact(&ArtifactRecord {
                run_id: request.id.clone(),
                path: format!("evidence/{}", file.path),
                kind: file.path.split('/').next().unwrap_or("file").trim_end_matches(".md").to_string(),
                sha256: file.sha256.clone(),
                size: i64::try_from(size).unwrap_or(i64::MAX),
                created_at: factory_store::now_rfc3339(),
            })
            .await?;
    }
    Ok(json!({
        "dir": bundle.dir,
        "verdict": bundle.verdict,
        "verdict_reasons": bundle.verdict_reasons,
        "files": bundle.files.len(),
        "pull_requests": bundle.pull_requests,
        "missing_artifacts": bundle.missing_artifacts,
    }))
}

fn verdict(value: &serde_json::Value) -> Verdict {
    match value.as_str() {
        Some("pass") => Verdict::Pass,
        Some("fail") => Verdict::Fail,
        _ => Verdict::Unknown,
    }
}

fn slug(text: &str) -> String {
    text.to_lowercase().chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '-' }).collect::<String>().split('-').filter(|part| !part.is_empty()).collect::<Vec<_>>().join("-")
}
