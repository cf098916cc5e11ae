//! Verification of a run's branches: the learned rules that touch the plan first, statically
//! (a finding stops the round before the sandbox starts, and counts as a failure prevented),
//! then the sandbox on the run's worktrees with every declared check.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use factory_run::{BuiltTask, PlanOutput, RunError, RunRequest, VerifyOutput};
use serde_json::json;

use crate::run_stages::{stage_error, AppStages};
use crate::sandbox::{SandboxOptions, Verdict};

pub(crate) async fn verify_stage(stages: &AppStages, request: &RunRequest, plan: &PlanOutput, built: &[BuiltTask], round: u32) -> Result<VerifyOutput, RunError> {
    let run_dir = stages.env.run_dir(&request.id);
    let checkouts = stages.checkouts(built);
    let store = &stages.env.store;

    let plan_repos: BTreeSet<&str> = plan.tasks.iter().map(|task| task.repo.as_str()).collect();
    let (rules, rule_errors) = factory_learn::load_rules(&stages.home.layout.rules_dir());
    for error in &rule_errors {
        store.append_event(&request.id, None, "rule_error", &json!({ "error": error.to_string() })).await?;
    }
    let applicable: Vec<&factory_learn::Rule> = rules.iter().map(|(_, rule)| rule).filter(|rule| rule.repos().iter().any(|repo| plan_repos.contains(repo))).collect();
    let mut findings = Vec::new();
    for rule in &applicable {
        findings.extend(factory_learn::evaluate_rule(rule, &checkouts));
    }
    let rules_report = json!({
        "rules": applicable.iter().map(|rule| json!({ "id": rule.id, "kind": rule.kind, "description": rule.description })).collect::<Vec<_>>(),
        "findings": findings,
    });
    if !findings.is_empty() {
        let mut feedback: BTreeMap<String, String> = BTreeMap::new();
        for finding in &findings {
            store.append_event(&request.id, None, "prevented", &serde_json::to_value(finding).unwrap_or_default()).await?;
            let text = feedback.entry(finding.repo.clone()).or_default();
            let _ = writeln!(text, "learned rule `{}`: {}:{}: {}", finding.rule, finding.file, finding.line, finding.message);
        }
        let report = json!({ "round": round, "stage": "rules", "passed": false, "rules": rules_report, "checks": [] });
        write_report(&run_dir, round, &report)?;
        return Ok(VerifyOutput { passed: false, feedback, report });
    }

    let options = SandboxOptions { label: Some(format!("{}-v{round}", request.id)), without_isolation: false };
    let sandbox = match crate::sandbox::up(&stages.home, checkouts.into_iter().collect(), &options).await {
        Ok(sandbox) => sandbox,
        Err(error) => {
            let message = format!("the sandbox did not come up: {error}");
            let feedback = plan.tasks.iter().map(|task| (task.repo.clone(), message.clone())).collect();
            let report = json!({ "round": round, "stage": "sandbox", "passed": false, "rules": rules_report, "error": message, "checks": [] });
            write_report(&run_dir, round, &report)?;
            return Ok(VerifyOutput { passed: false, feedback, report });
        }
    };
    let verdicts = crate::sandbox::verify_sandbox(&stages.home, &sandbox.id).await;
    let down = crate::sandbox::down(&stages.home, Some(&sandbox.id)).await;
    let verdicts = verdicts.map_err(|error| stage_error("verify", error))?;
    if let Err(error) = down {
        tracing::warn!(%error, sandbox = %sandbox.id, "could not bring the sandbox down");
    }

    let mut feedback: BTreeMap<String, String> = BTreeMap::new();
    for check in verdicts.checks.iter().filter(|check| check.verdict == Verdict::Fail) {
        let text = feedback.entry(check.repo.clone()).or_default();
        let _ = writeln!(text, "check `{}` ({:?}) failed: {}", check.name, check.kind, check.reason);
        if let Some(tail) = &check.output_tail {
            let _ = writeln!(text, "output:\n{tail}");
        }
        for log in &check.service_logs {
            let _ = writeln!(text, "last lines of {}'s log:\n{}", log.service, log.lines.join("\n"));
        }
    }
    let passed = verdicts.failed == 0;
    let report = json!({
        "round": round,
        "stage": "sandbox",
        "passed": passed,
        "sandbox": sandbox.id,
        "isolation": sandbox.isolation,
        "rules": rules_report,
        "verdict": verdicts.verdict,
        "counts": { "passed": verdicts.passed, "failed": verdicts.failed, "unknown": verdicts.unknown },
        "checks": verdicts.checks,
    });
    write_report(&run_dir, round, &report)?;
    Ok(VerifyOutput { passed, feedback, report })
}

fn write_report(run_dir: &std::path::Path, round: u32, report: &serde_json::Value) -> Result<(), RunError> {
    let path = run_dir.join(format!("verify-{round}.json"));
    std::fs::write(&path, serde_json::to_string_pretty(report).unwrap_or_default()).map_err(|source| RunError::Io { path, source })
}
