//! `report.md`: the summary table first, then why these repos, rollout and rollback, then the
//! details of every repo and every check. Every claim links the bundle file that backs it.

use std::fmt::Write;

use crate::assess::{self, Assessment, CheckView, RepoView, lane_word};
use crate::input::{RepoResult, Verdict};

/// The verdict as a word with a mark that reads without colour.
pub fn badge(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Pass => "✅ pass",
        Verdict::Fail => "❌ fail",
        Verdict::Unknown => "❔ unknown",
    }
}

/// Text made safe for a Markdown table cell.
pub fn cell(text: &str) -> String {
    text.replace('|', "\\|").replace(['\n', '\r'], " ")
}

/// A link to a bundle file from a document `prefix` deep (`""` at the root, `"../"` in `pr/`).
pub fn file_link(prefix: &str, relative: &str) -> String {
    format!("[{}]({prefix}{relative})", assess::file_name(relative))
}

pub fn report_markdown(assessment: &Assessment<'_>) -> String {
    let evidence = assessment.evidence;
    let mut out = String::new();
    let _ = writeln!(out, "# Run {}: {}\n", evidence.run_id, evidence.outcome.trim());
    let _ = writeln!(out, "**Verdict: {}** · status `{}` · lane `{}` · org `{}`\n", badge(assessment.verdict).to_uppercase(), evidence.status, lane_word(&evidence.lane), evidence.org);
    let finished = evidence.finished_at.as_deref().unwrap_or("not finished");
    let _ = writeln!(out, "Created {} · finished {finished}\n", evidence.created_at);
    if !evidence.lane_reasons.is_empty() {
        let _ = writeln!(out, "Lane `{}` because: {}.\n", lane_word(&evidence.lane), evidence.lane_reasons.join("; "));
    }
    if let Some(coverage) = assessment.plan_coverage() {
        let _ = writeln!(out, "Plan coverage: {coverage} (see [Checks](#checks)).\n");
    }
    if !assessment.verdict_reasons.is_empty() {
        let _ = writeln!(out, "Why it is not a pass:\n");
        for reason in &assessment.verdict_reasons {
            let _ = writeln!(out, "- {reason}");
        }
        out.push('\n');
    }
    summary_tables(&mut out, assessment);
    why_these_repos(&mut out, assessment);
    rollout_and_rollback(&mut out, assessment, "");
    let _ = writeln!(out, "## Repositories\n");
    for repo in &assessment.repos {
        repo_details(&mut out, assessment, repo, "", "###");
    }
    if assessment.repos.is_empty() {
        let _ = writeln!(out, "The run changed no repository.\n");
    }
    let _ = writeln!(out, "<a id=\"checks\"></a>\n\n## Checks\n");
    verification_plan(&mut out, assessment);
    for check in &assessment.checks {
        check_details(&mut out, check, "", "###");
    }
    if assessment.checks.is_empty() {
        let _ = writeln!(out, "No check ran: nothing in this bundle verifies the change.\n");
    }
    findings(&mut out, assessment);
    learned(&mut out, assessment);
    files(&mut out, assessment);
    out
}

fn summary_tables(out: &mut String, assessment: &Assessment<'_>) {
    let _ = writeln!(out, "## Summary\n");
    if !assessment.repos.is_empty() {
        let _ = writeln!(out, "| repo | verdict | task | branch | head | changes | checks | PR |");
        let _ = writeln!(out, "|---|---|---|---|---|---|---|---|");
        for repo in &assessment.repos {
            let result = repo.result;
            let head = result.head_commit.as_deref().map_or("none".to_string(), |sha| format!("`{}`", assess::short_sha(sha)));
            let checks = repo_check_counts(assessment, repo);
            let _ = writeln!(
                out,
                "| [{}](#{}) | {} | {} | `{}` | {head} | {} | {} | [{}]({}) |",
                cell(&result.repo),
                repo.anchor(),
                badge(repo.verdict),
                status_word(result),
                cell(&result.branch),
                diff_summary(result),
                check_counts(checks),
                repo.pull_request_file,
                repo.pull_request_file,
            );
        }
        out.push('\n');
    }
    if !assessment.checks.is_empty() {
        let _ = writeln!(out, "| check | kind | repo | verdict | attempts | duration | evidence |");
        let _ = writeln!(out, "|---|---|---|---|---|---|---|");
        for check in &assessment.checks {
            let last = check.last();
            let evidence = if last.artifacts.is_empty() {
                "none".to_string()
            } else {
                last.artifacts.iter().map(|artifact| file_link("", artifact)).collect::<Vec<_>>().join(", ")
            };
            let _ = writeln!(
                out,
                "| [{}](#{}) | {} | {} | {} | {} | {} | {evidence} |",
                cell(check.name),
                check.anchor(),
                cell(check.kind),
                cell(check.repo.unwrap_or("(run)")),
                badge(check.verdict()),
                check.history(),
                assess::duration(last.duration_ms),
            );
        }
        out.push('\n');
    }
    let findings = &assessment.evidence.findings;
    let _ = writeln!(out, "Contract findings: {} ([findings.json](findings.json)). Spec: [spec.md](spec.md). Plan: [plan.md](plan.md), [plan.json](plan.json).\n", findings.len());
}

pub fn status_word(result: &RepoResult) -> String {
    let status = serde_json::to_value(result.status).ok().and_then(|value| value.as_str().map(str::to_string)).unwrap_or_default();
    if result.attempts > 1 { format!("{status} ({} attempts)", result.attempts) } else { status }
}

pub fn diff_summary(result: &RepoResult) -> String {
    let added: u64 = result.diff_stat.iter().map(|change| change.added).sum();
    let removed: u64 = result.diff_stat.iter().map(|change| change.removed).sum();
    let count = result.diff_stat.len();
    format!("{count} file{} +{added} −{removed}", if count == 1 { "" } else { "s" })
}

/// How many of a repo's checks pass, fail and are unknown, in that order.
pub fn repo_check_counts(assessment: &Assessment<'_>, repo: &RepoView<'_>) -> [usize; 3] {
    let mut counts = [0; 3];
    for index in &repo.checks {
        let slot = match assessment.checks[*index].verdict() {
            Verdict::Pass => 0,
            Verdict::Fail => 1,
            Verdict::Unknown => 2,
        };
        counts[slot] += 1;
    }
    counts
}

/// `2 pass, 1 unknown` from counts of pass, fail and unknown.
pub fn check_counts(counts: [usize; 3]) -> String {
    let [pass, fail, unknown] = counts;
    if pass + fail + unknown == 0 {
        return "none".to_string();
    }
    let mut parts = Vec::new();
    for (count, word) in [(pass, "pass"), (fail, "fail"), (unknown, "unknown")] {
        if count > 0 {
            parts.push(format!("{count} {word}"));
        }
    }
    parts.join(", ")
}

fn why_these_repos(out: &mut String, assessment: &Assessment<'_>) {
    let _ = writeln!(out, "## Why these repos\n");
    if assessment.evidence.affected_repos.is_empty() {
        let _ = writeln!(out, "The run data gives no reasons; see [plan.md](plan.md).\n");
        return;
    }
    for affected in &assessment.evidence.affected_repos {
        let _ = writeln!(out, "- **{}**: {}", affected.repo, affected.reason);
        if affected.path.iter().all(|entry| assess::is_edge(entry)) {
            if !affected.path.is_empty() {
                let _ = writeln!(out, "  - path: {}", affected.path.iter().map(|edge| format!("`{edge}`")).collect::<Vec<_>>().join(" → "));
            }
        } else {
            for entry in &affected.path {
                let _ = writeln!(out, "  - {}", if assess::is_edge(entry) { format!("`{entry}`") } else { entry.clone() });
            }
        }
    }
    let _ = writeln!(out, "\nThe paths come from the brain's impact analysis recorded in [plan.json](plan.json).\n");
}

/// The rollout and rollback sections; `prefix` as for `file_link`.
pub fn rollout_and_rollback(out: &mut String, assessment: &Assessment<'_>, prefix: &str) {
    let plan = &assessment.plan;
    let _ = writeln!(out, "## Rollout\n");
    if plan.rollout.is_empty() {
        let _ = writeln!(out, "The plan gives no rollout order ([plan.json]({prefix}plan.json)).\n");
    } else {
        let _ = writeln!(out, "| step | repo | action | gate before the next step |");
        let _ = writeln!(out, "|---|---|---|---|");
        for (index, step) in plan.rollout.iter().enumerate() {
            let action = match &step.phase {
                Some(phase) => format!("**{phase}**: {}", step.action),
                None => step.action.clone(),
            };
            let gate = gate_cell(assessment, step);
            let _ = writeln!(out, "| {} | {} | {} | {gate} |", index + 1, cell(&step.repo), cell(&action));
        }
        let _ = writeln!(out, "\nFrom [plan.json]({prefix}plan.json) `rollout`.\n");
    }
    let _ = writeln!(out, "## Rollback\n");
    if plan.rollback.is_empty() {
        let _ = writeln!(out, "The plan gives no rollback path ([plan.json]({prefix}plan.json)).\n");
    } else {
        let _ = writeln!(out, "| order | repo | action | reversible | note |");
        let _ = writeln!(out, "|---|---|---|---|---|");
        for (index, step) in plan.rollback.iter().enumerate() {
            let reversible = reversible_words(step.reversible);
            let note = step.note.as_deref().map(cell).unwrap_or_default();
            let _ = writeln!(out, "| {} | {} | {} | {reversible} | {note} |", index + 1, cell(&step.repo), cell(&step.action));
        }
        let _ = writeln!(out, "\nFrom [plan.json]({prefix}plan.json) `rollback`.\n");
    }
}

/// The gate of a rollout step: its words, then each gate check with the verdict of the check
/// that ran for it, or "no result".
pub fn gate_cell(assessment: &Assessment<'_>, step: &crate::assess::RolloutStep) -> String {
    let mut parts = Vec::new();
    if let Some(gate) = &step.gate {
        parts.push(cell(gate));
    }
    for name in &step.gate_checks {
        parts.push(format!("`{}` {}", cell(name), gate_verdict(assessment, name)));
    }
    if let Some(before) = &step.before {
        parts.push(format!("before: {}", cell(before)));
    }
    if parts.is_empty() { "none".to_string() } else { parts.join("; ") }
}

/// `(✅ pass)` for a gate check something backs, `(no result)` otherwise.
pub fn gate_verdict(assessment: &Assessment<'_>, gate: &str) -> String {
    match assessment.backing(gate) {
        Some(backing) => format!("({})", badge(backing.verdict)),
        None => "(no result)".to_string(),
    }
}

pub fn reversible_words(reversible: crate::assess::Reversible) -> &'static str {
    match reversible {
        crate::assess::Reversible::Yes => "yes",
        crate::assess::Reversible::CodeOnly => "code only: the data change stays",
        crate::assess::Reversible::No => "**no**",
        crate::assess::Reversible::NotStated => "not stated",
    }
}

/// One repo's details under `heading` (`###` in the report, `##` in a PR description).
pub fn repo_details(out: &mut String, assessment: &Assessment<'_>, repo: &RepoView<'_>, prefix: &str, heading: &str) {
    let result = repo.result;
    let _ = writeln!(out, "<a id=\"{}\"></a>\n\n{heading} {} — {}\n", repo.anchor(), result.repo, badge(repo.verdict));
    let _ = writeln!(out, "{}\n", result.summary.trim());
    for reason in &repo.reasons {
        let _ = writeln!(out, "- {reason}");
    }
    let owners = if result.owners.is_empty() { "none recorded".to_string() } else { result.owners.join(", ") };
    let head = result.head_commit.as_deref().unwrap_or("none");
    let _ = writeln!(out, "- branch `{}` from `{}`, head `{head}`", result.branch, result.base);
    let _ = writeln!(out, "- task: {} by worker `{}`", status_word(result), result.worker);
    let _ = writeln!(out, "- owners: {owners}");
    match &result.pull_request_url {
        Some(url) => {
            let _ = writeln!(out, "- pull request: {url} (description: [{}]({prefix}{}))", repo.pull_request_file, repo.pull_request_file);
        }
        // A PR description does not link itself.
        None if prefix.is_empty() => {
            let _ = writeln!(out, "- pull request description: [{}]({})", repo.pull_request_file, repo.pull_request_file);
        }
        None => {}
    }
    out.push('\n');
    if !result.commits.is_empty() {
        let _ = writeln!(out, "Commits:\n");
        for commit in &result.commits {
            let _ = writeln!(out, "- `{}` {}", assess::short_sha(&commit.sha), commit.subject);
        }
        out.push('\n');
    }
    if !result.diff_stat.is_empty() {
        let _ = writeln!(out, "| file | added | removed |");
        let _ = writeln!(out, "|---|---|---|");
        for change in &result.diff_stat {
            let _ = writeln!(out, "| `{}` | +{} | −{} |", cell(&change.path), change.added, change.removed);
        }
        out.push('\n');
    }
    if !repo.checks.is_empty() {
        let names: Vec<String> = repo
            .checks
            .iter()
            .map(|index| {
                let check = &assessment.checks[*index];
                format!("[{}]({}#{}) {}", check.name, if prefix.is_empty() { "" } else { "../report.md" }, check.anchor(), badge(check.verdict()))
            })
            .collect();
        let _ = writeln!(out, "Checks: {}\n", names.join(", "));
    }
}

/// One check's details: every attempt with its reason, artifacts and, when it did not pass, the
/// log tail.
pub fn check_details(out: &mut String, check: &CheckView<'_>, prefix: &str, heading: &str) {
    let _ = writeln!(out, "<a id=\"{}\"></a>\n\n{heading} {} — {}\n", check.anchor(), check.name, badge(check.verdict()));
    let mut about = vec![format!("kind `{}`", check.kind)];
    if let Some(repo) = check.repo {
        about.push(format!("repo `{repo}`"));
    }
    if let Some(service) = check.service {
        about.push(format!("service `{service}`"));
    }
    let _ = writeln!(out, "{}\n", about.join(" · "));
    for attempt in &check.attempts {
        let evidence = attempt.check;
        let _ = writeln!(
            out,
            "- attempt {}: {} in {}: {}",
            evidence.attempt,
            badge(evidence.verdict),
            assess::duration(evidence.duration_ms),
            evidence.reason.trim()
        );
        if !evidence.artifacts.is_empty() {
            let links: Vec<String> = evidence.artifacts.iter().map(|artifact| file_link(prefix, artifact)).collect();
            let _ = writeln!(out, "  - evidence: {}", links.join(", "));
        }
        if let Some(tail) = &attempt.log_tail {
            let _ = writeln!(out, "\n  ```text");
            for line in tail.lines() {
                let _ = writeln!(out, "  {}", line.replace("```", "'''"));
            }
            let _ = writeln!(out, "  ```\n");
        }
    }
    let tests = &check.last().tests;
    if !tests.is_empty() {
        let _ = writeln!(out, "\n| test | verdict | duration | message |");
        let _ = writeln!(out, "|---|---|---|---|");
        for test in tests {
            let name = match &test.classname {
                Some(class) => format!("{class}::{}", test.name),
                None => test.name.clone(),
            };
            let duration = test.duration_ms.map(assess::duration).unwrap_or_default();
            let message = test.message.as_deref().map(cell).unwrap_or_default();
            let _ = writeln!(out, "| {} | {} | {duration} | {message} |", cell(&name), badge(test.verdict));
        }
    }
    out.push('\n');
}

/// The plan's verification entries with the verdict of the check each names.
pub fn verification_plan(out: &mut String, assessment: &Assessment<'_>) {
    if assessment.plan.verification.is_empty() {
        return;
    }
    let _ = writeln!(out, "What the plan said to verify:\n");
    for item in &assessment.plan.verification {
        let state = match &item.backed_by {
            Some(backing) => {
                let links: Vec<String> = backing
                    .check_indices
                    .iter()
                    .map(|index| format!("[{}](#{})", assessment.checks[*index].name, assessment.checks[*index].anchor()))
                    .collect();
                let how = if backing.matched_by == "name" { String::new() } else { format!(" ({})", backing.matched_by) };
                format!(" — {}: {}{how}", badge(backing.verdict), links.join(", "))
            }
            None => " — no check of this run reports on it".to_string(),
        };
        let _ = writeln!(out, "- {}{state}", item.text);
    }
    out.push('\n');
}

fn findings(out: &mut String, assessment: &Assessment<'_>) {
    let _ = writeln!(out, "## Contract findings\n");
    let findings = &assessment.evidence.findings;
    if findings.is_empty() {
        let _ = writeln!(out, "None ([findings.json](findings.json)).\n");
        return;
    }
    for finding in findings {
        let consumer = finding.consumer.as_deref().map(|consumer| format!(" → {consumer}")).unwrap_or_default();
        let _ = writeln!(out, "- **{}** `{}` on `{}` ({}{consumer}): {}", finding.severity.as_str(), finding.rule, finding.contract, finding.provider, finding.message);
        if !finding.fields.is_empty() {
            let _ = writeln!(out, "  - fields: {}", finding.fields.iter().map(|field| format!("`{field}`")).collect::<Vec<_>>().join(", "));
        }
        if !finding.locations.is_empty() {
            let _ = writeln!(out, "  - at: {}", finding.locations.iter().map(|location| format!("`{location}`")).collect::<Vec<_>>().join(", "));
        }
    }
    let _ = writeln!(out, "\nAll findings: [findings.json](findings.json).\n");
}

fn learned(out: &mut String, assessment: &Assessment<'_>) {
    let learned = &assessment.evidence.learned;
    if learned.is_empty() {
        return;
    }
    let _ = writeln!(out, "## What the factory learned\n");
    for item in learned {
        let kind = serde_json::to_value(item.kind).ok().and_then(|value| value.as_str().map(str::to_string)).unwrap_or_default();
        let _ = writeln!(out, "- {kind} `{}`: {}", item.reference, item.summary);
    }
    out.push('\n');
}

fn files(out: &mut String, assessment: &Assessment<'_>) {
    let _ = writeln!(out, "## Files\n");
    let _ = writeln!(out, "Every file of this folder is listed with its sha256 in [attestation.json](attestation.json) (in-toto Statement v1), with the head commit of every branch; `factory evidence verify {}` re-hashes them.\n", assessment.evidence.run_id);
    if !assessment.artifact_digests.is_empty() {
        let _ = writeln!(out, "| artifact | sha256 |");
        let _ = writeln!(out, "|---|---|");
        for (path, digest) in &assessment.artifact_digests {
            let _ = writeln!(out, "| [{}]({path}) | `{}` |", cell(path), digest);
        }
        out.push('\n');
    }
    if !assessment.missing_artifacts.is_empty() {
        let _ = writeln!(out, "Missing evidence (named by the run but not in the bundle):\n");
        for path in &assessment.missing_artifacts {
            let _ = writeln!(out, "- `{path}`");
        }
        out.push('\n');
    }
}
