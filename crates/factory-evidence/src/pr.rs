//! `pr/<repo>.md`: the pull request description of one repo. Its first line is `# <title>`;
//! links to sibling PRs and to the run use their URLs once published, and bundle-relative paths
//! before.

use std::fmt::Write;

use crate::assess::{self, Assessment, RepoView, lane_word};
use crate::input::RunEvidence;
use crate::markdown::{badge, cell, check_details, repo_details};

/// The pull request title for `repo`: the outcome's first line, at most 72 characters, and the repo.
pub fn pull_request_title(evidence: &RunEvidence, repo: &str) -> String {
    let outcome = evidence.outcome.lines().next().unwrap_or_default().trim();
    let short = if outcome.chars().count() > 60 {
        let mut short = String::new();
        for word in outcome.split_whitespace() {
            if short.chars().count() + word.chars().count() + 1 > 59 {
                break;
            }
            if !short.is_empty() {
                short.push(' ');
            }
            short.push_str(word);
        }
        if short.is_empty() { outcome.chars().take(59).collect() } else { format!("{short}…") }
    } else {
        outcome.to_string()
    };
    format!("{short} ({repo})")
}

pub fn pull_request_markdown(assessment: &Assessment<'_>, repo: &RepoView<'_>) -> String {
    let evidence = assessment.evidence;
    let result = repo.result;
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", pull_request_title(evidence, &result.repo));
    let run_link = match &evidence.run_url {
        Some(url) => format!("[{}]({url})", evidence.run_id),
        None => format!("[{}](../report.md)", evidence.run_id),
    };
    let _ = writeln!(
        out,
        "Part of factory run {run_link} for the outcome \"{}\" across {} repo(s), lane `{}`. Run verdict: {}; this repo: {}.\n",
        evidence.outcome.trim(),
        assessment.repos.len(),
        lane_word(&evidence.lane),
        badge(assessment.verdict),
        badge(repo.verdict),
    );
    if let Some(affected) = evidence.affected_repos.iter().find(|affected| affected.repo == result.repo) {
        if affected.path.iter().all(|entry| assess::is_edge(entry)) {
            let path = if affected.path.is_empty() {
                String::new()
            } else {
                format!(" (path: {})", affected.path.iter().map(|edge| format!("`{edge}`")).collect::<Vec<_>>().join(" → "))
            };
            let _ = writeln!(out, "Why this repo: {}{path}\n", affected.reason);
        } else {
            let _ = writeln!(out, "Why this repo: {}\n", affected.reason);
            for entry in &affected.path {
                let _ = writeln!(out, "- {}", if assess::is_edge(entry) { format!("`{entry}`") } else { entry.clone() });
            }
            out.push('\n');
        }
    }
    let tasks: Vec<_> = assessment.plan.tasks.iter().filter(|task| task.repo == result.repo).collect();
    if !tasks.is_empty() {
        let _ = writeln!(out, "## What the plan asked\n");
        for task in tasks {
            let after = if task.depends_on.is_empty() { String::new() } else { format!(" (after {})", task.depends_on.join(", ")) };
            let _ = writeln!(out, "- `{}` {}{after}", task.id, task.summary);
            for change in &task.changes {
                let _ = writeln!(out, "  - {change}");
            }
        }
        out.push('\n');
    }
    let _ = writeln!(out, "## Changes\n");
    let mut details = String::new();
    repo_details(&mut details, assessment, repo, "../", "###");
    // The anchor and heading repeat the title; keep the body after them.
    let body = details.split_once(" — ").and_then(|(_, rest)| rest.split_once('\n')).map(|(_, rest)| rest.trim_start()).unwrap_or(&details);
    out.push_str(body);
    let _ = writeln!(out, "## Checks\n");
    if repo.checks.is_empty() {
        let _ = writeln!(out, "No check covers this repo: its verdict is unknown.\n");
    }
    for index in &repo.checks {
        check_details(&mut out, &assessment.checks[*index], "../", "###");
    }
    let run_checks: Vec<_> = assessment.checks.iter().filter(|check| check.repo.is_none()).collect();
    if !run_checks.is_empty() {
        let list: Vec<String> = run_checks.iter().map(|check| format!("`{}` {}", check.name, badge(check.verdict()))).collect();
        let _ = writeln!(out, "Cross-repo checks of the run: {}.\n", list.join(", "));
    }
    rollout_place(&mut out, assessment, repo);
    siblings(&mut out, assessment, repo);
    out
}

fn rollout_place(out: &mut String, assessment: &Assessment<'_>, repo: &RepoView<'_>) {
    let rollout = &assessment.plan.rollout;
    let _ = writeln!(out, "## Place in the rollout\n");
    if rollout.is_empty() {
        let _ = writeln!(out, "The plan gives no rollout order ([plan.json](../plan.json)).\n");
    } else {
        if repo.rollout_steps.is_empty() {
            let _ = writeln!(out, "This repo has no step of its own in the rollout.\n");
        } else {
            let steps: Vec<String> = repo.rollout_steps.iter().map(|index| format!("step {} of {}", index + 1, rollout.len())).collect();
            let _ = writeln!(out, "This repo deploys at {}.\n", steps.join(" and "));
        }
        for (index, step) in rollout.iter().enumerate() {
            let marker = if step.repo == repo.result.repo { " ← this repo" } else { "" };
            let phase = step.phase.as_deref().map(|phase| format!("**{phase}** ")).unwrap_or_default();
            let gate = if step.gate.is_none() && step.gate_checks.is_empty() {
                String::new()
            } else {
                format!("; gate: {}", crate::markdown::gate_cell(assessment, step))
            };
            let _ = writeln!(out, "{}. `{}`: {phase}{}{gate}{marker}", index + 1, step.repo, cell(&step.action));
        }
        out.push('\n');
    }
    let rollback: Vec<_> = assessment.plan.rollback.iter().filter(|step| step.repo == repo.result.repo).collect();
    if !rollback.is_empty() {
        let _ = writeln!(out, "To roll back this repo:\n");
        for step in rollback {
            let reversible = match step.reversible {
                crate::assess::Reversible::Yes => "reversible",
                crate::assess::Reversible::CodeOnly => "the code goes back, the data change stays",
                crate::assess::Reversible::No => "**cannot be undone**",
                crate::assess::Reversible::NotStated => "reversibility not stated",
            };
            let note = step.note.as_deref().map(|note| format!(" ({note})")).unwrap_or_default();
            let _ = writeln!(out, "- {}: {reversible}{note}", step.action);
        }
        out.push('\n');
    }
}

fn siblings(out: &mut String, assessment: &Assessment<'_>, repo: &RepoView<'_>) {
    let evidence = assessment.evidence;
    let _ = writeln!(out, "## Sibling pull requests\n");
    let others: Vec<&RepoView<'_>> = assessment.repos.iter().filter(|other| other.result.repo != repo.result.repo).collect();
    if others.is_empty() {
        let _ = writeln!(out, "None: this run changes one repo.\n");
    }
    for other in others {
        let target = match &other.result.pull_request_url {
            Some(url) => url.clone(),
            None => format!("../{}", other.pull_request_file),
        };
        let _ = writeln!(out, "- [{}]({target}): {} — {}", other.result.repo, badge(other.verdict), other.result.summary.lines().next().unwrap_or_default());
    }
    let report = match &evidence.run_url {
        Some(url) => url.clone(),
        None => "../report.md".to_string(),
    };
    let _ = writeln!(
        out,
        "\nThe whole run: [report]({report}), [plan](../plan.md), [spec](../spec.md), [attestation](../attestation.json) (digests of every artifact; branch `{}` at `{}`).",
        repo.result.branch,
        repo.result.head_commit.as_deref().map(assess::short_sha).unwrap_or("none"),
    );
    out.push('\n');
}
