//! What the bundle concludes from the run data, computed once and rendered by every writer:
//! the verdict and its reasons, checks grouped by name with their attempts, a verdict per repo,
//! and the plan's rollout and rollback read leniently from `plan.json`.

use std::collections::BTreeMap;
use std::path::Path;

use crate::error::EvidenceError;
use crate::files;
pub use crate::plan_view::{PlanTask, PlanView, Reversible, RollbackStep, RolloutStep, VerificationItem};
use crate::input::{CheckEvidence, RepoResult, RunEvidence, Severity, TaskStatus, Verdict};

/// How many log lines a failed attempt shows inline.
pub const LOG_TAIL_LINES: usize = 30;
/// Longer lines are cut to their end: the error is usually last.
const LOG_LINE_CHARS: usize = 400;

pub struct Assessment<'a> {
    pub evidence: &'a RunEvidence,
    pub verdict: Verdict,
    pub verdict_reasons: Vec<String>,
    pub checks: Vec<CheckView<'a>>,
    pub repos: Vec<RepoView<'a>>,
    pub plan: PlanView,
    /// Bundle paths named by the input that are not in the bundle.
    pub missing_artifacts: Vec<String>,
    /// sha256 of every file under `artifacts/`, by relative path.
    pub artifact_digests: BTreeMap<String, String>,
}

/// One check with all its attempts, oldest first; the last attempt is its verdict.
pub struct CheckView<'a> {
    pub name: &'a str,
    pub kind: &'a str,
    pub repo: Option<&'a str>,
    pub service: Option<&'a str>,
    pub attempts: Vec<AttemptView<'a>>,
}

pub struct AttemptView<'a> {
    pub check: &'a CheckEvidence,
    /// For a failure or an unknown: the end of its output.
    pub log_tail: Option<String>,
}

impl CheckView<'_> {
    pub fn last(&self) -> &CheckEvidence {
        self.attempts.last().expect("a check view is built from at least one attempt").check
    }

    pub fn verdict(&self) -> Verdict {
        self.last().verdict
    }

    /// `fail → pass` for a check that needed two attempts.
    pub fn history(&self) -> String {
        self.attempts.iter().map(|attempt| attempt.check.verdict.as_str()).collect::<Vec<_>>().join(" → ")
    }

    pub fn anchor(&self) -> String {
        anchor("check", &format!("{}-{}", self.repo.unwrap_or("run"), self.name))
    }
}

pub struct RepoView<'a> {
    pub result: &'a RepoResult,
    pub verdict: Verdict,
    pub reasons: Vec<String>,
    /// Indices into `Assessment::checks`.
    pub checks: Vec<usize>,
    pub pull_request_file: String,
    /// Indices into `PlanView::rollout`.
    pub rollout_steps: Vec<usize>,
}

impl RepoView<'_> {
    pub fn anchor(&self) -> String {
        anchor("repo", &self.result.repo)
    }
}

/// Assesses the run; `dir` is the evidence folder with the included files already copied.
pub fn assess<'a>(evidence: &'a RunEvidence, dir: &Path, missing_files: Vec<String>) -> Result<Assessment<'a>, EvidenceError> {
    let checks = group_checks(evidence, dir);
    let mut plan = crate::plan_view::read_plan(&evidence.plan);
    for index in 0..plan.verification.len() {
        let item = &plan.verification[index];
        let planned = item.id.clone().unwrap_or_else(|| item.text.clone());
        plan.verification[index].backed_by = crate::matching::backing(&checks, Some(item), &planned);
    }
    let mut missing_artifacts = missing_files;
    for check in &evidence.checks {
        for artifact in &check.artifacts {
            if !dir.join(artifact).is_file() && !missing_artifacts.contains(artifact) {
                missing_artifacts.push(artifact.clone());
            }
        }
    }
    let repos = evidence.repos.iter().map(|result| repo_view(result, &checks, &plan)).collect::<Vec<_>>();
    let (verdict, verdict_reasons) = overall_verdict(evidence, &checks, &repos, &missing_artifacts);
    let artifact_digests = files::digest_folder(dir)?.into_iter().filter(|(path, _)| path.starts_with("artifacts/")).collect();
    Ok(Assessment { evidence, verdict, verdict_reasons, checks, repos, plan, missing_artifacts, artifact_digests })
}

fn group_checks<'a>(evidence: &'a RunEvidence, dir: &Path) -> Vec<CheckView<'a>> {
    let mut views: Vec<CheckView<'a>> = Vec::new();
    for check in &evidence.checks {
        let log_tail = if check.verdict == Verdict::Pass { None } else { log_tail(check, dir) };
        let attempt = AttemptView { check, log_tail };
        let existing = views.iter_mut().find(|view| view.name == check.name && view.repo == check.repo.as_deref());
        match existing {
            Some(view) => view.attempts.push(attempt),
            None => views.push(CheckView {
                name: &check.name,
                kind: &check.kind,
                repo: check.repo.as_deref(),
                service: check.service.as_deref(),
                attempts: vec![attempt],
            }),
        }
    }
    for view in &mut views {
        view.attempts.sort_by_key(|attempt| attempt.check.attempt);
    }
    views
}

fn log_tail(check: &CheckEvidence, dir: &Path) -> Option<String> {
    let tail = match &check.log_tail {
        Some(tail) => Some(tail.clone()),
        None => check
            .artifacts
            .iter()
            .filter(|artifact| files::is_log(artifact))
            .find_map(|artifact| files::text_tail(dir, artifact, LOG_TAIL_LINES)),
    }?;
    let lines: Vec<&str> = tail.lines().collect();
    let start = lines.len().saturating_sub(LOG_TAIL_LINES);
    let tail = lines[start..].iter().map(|line| cut_line(line)).collect::<Vec<_>>().join("\n");
    (!tail.trim().is_empty()).then_some(tail)
}

fn cut_line(line: &str) -> String {
    let count = line.chars().count();
    if count <= LOG_LINE_CHARS {
        return line.to_string();
    }
    let end: String = line.chars().skip(count - LOG_LINE_CHARS).collect();
    format!("…{end}")
}

fn repo_view<'a>(result: &'a RepoResult, checks: &[CheckView<'a>], plan: &PlanView) -> RepoView<'a> {
    let check_indices: Vec<usize> =
        checks.iter().enumerate().filter(|(_, check)| check.repo == Some(result.repo.as_str())).map(|(index, _)| index).collect();
    let mut verdict = Verdict::Pass;
    let mut reasons = Vec::new();
    match result.status {
        TaskStatus::Failed => {
            verdict = Verdict::Fail;
            reasons.push(format!("the task failed after {} attempt(s)", result.attempts));
        }
        TaskStatus::NotRun => {
            verdict = Verdict::Unknown;
            reasons.push("the task did not run to the end".to_string());
        }
        TaskStatus::Done | TaskStatus::Skipped => {}
    }
    for index in &check_indices {
        let check = &checks[*index];
        if check.verdict() != Verdict::Pass {
            verdict = worst(verdict, check.verdict());
            reasons.push(format!("check `{}` {}", check.name, verdict_phrase(check.verdict())));
        }
    }
    if check_indices.is_empty() && result.status != TaskStatus::Skipped {
        verdict = worst(verdict, Verdict::Unknown);
        reasons.push("no check covers this repo".to_string());
    }
    let rollout_steps =
        plan.rollout.iter().enumerate().filter(|(_, step)| step.repo == result.repo).map(|(index, _)| index).collect();
    RepoView {
        result,
        verdict,
        reasons,
        checks: check_indices,
        pull_request_file: files::pull_request_file(&result.repo),
        rollout_steps,
    }
}

fn overall_verdict(
    evidence: &RunEvidence,
    checks: &[CheckView<'_>],
    repos: &[RepoView<'_>],
    missing_artifacts: &[String],
) -> (Verdict, Vec<String>) {
    let mut verdict = Verdict::Pass;
    let mut reasons = Vec::new();
    for check in checks {
        let last = check.last();
        match last.verdict {
            Verdict::Pass => {}
            other => {
                verdict = worst(verdict, other);
                reasons.push(format!("check `{}` {} on attempt {}: {}", check.name, verdict_phrase(other), last.attempt, last.reason));
            }
        }
    }
    for repo in repos {
        if repo.verdict != Verdict::Pass {
            verdict = worst(verdict, repo.verdict);
            let own: Vec<&String> = repo.reasons.iter().filter(|reason| !reason.starts_with("check `")).collect();
            for reason in own {
                reasons.push(format!("{}: {reason}", repo.result.repo));
            }
        }
    }
    for finding in &evidence.findings {
        if finding.severity == Severity::Error {
            verdict = worst(verdict, Verdict::Fail);
            reasons.push(format!("contract finding `{}` on {}: {}", finding.rule, finding.contract, finding.message));
        }
    }
    if checks.is_empty() {
        verdict = worst(verdict, Verdict::Unknown);
        reasons.push("no check ran".to_string());
    }
    for artifact in missing_artifacts {
        verdict = worst(verdict, Verdict::Unknown);
        reasons.push(format!("evidence `{artifact}` is missing from the bundle"));
    }
    (verdict, reasons)
}

impl Assessment<'_> {
    /// The plan's verification ids (or lines) that no check of the run backs.
    pub fn planned_without_result(&self) -> Vec<String> {
        self.plan
            .verification
            .iter()
            .filter(|item| item.backed_by.is_none())
            .map(|item| item.id.clone().unwrap_or_else(|| item.text.clone()))
            .collect()
    }

    /// `12 of 16 planned checks have a result in this run; none for: ...`, or `None` when the
    /// plan lists no verification.
    pub fn plan_coverage(&self) -> Option<String> {
        let total = self.plan.verification.len();
        if total == 0 {
            return None;
        }
        let missing = self.planned_without_result();
        let backed = total - missing.len();
        if missing.is_empty() {
            return Some(format!("all {total} planned checks have a result in this run"));
        }
        let names = missing.iter().map(|name| format!("`{name}`")).collect::<Vec<_>>().join(", ");
        Some(format!("{backed} of {total} planned checks have a result in this run; none for {names}"))
    }

    /// What backs a check the plan names (a gate check or a verification id).
    pub fn backing(&self, planned: &str) -> Option<crate::matching::Backing> {
        match self.plan.verification.iter().find(|item| item.id.as_deref() == Some(planned)) {
            Some(item) => item.backed_by.clone(),
            None => crate::matching::backing(&self.checks, None, planned),
        }
    }
}

/// Whether a "why" path entry is a bare brain edge (`component:web -consumes-> api:orders-http`)
/// rather than a sentence: edges are shown as code and chained with arrows.
pub fn is_edge(entry: &str) -> bool {
    entry.contains("->") && !entry.contains('`') && entry.split_whitespace().count() <= 3
}

/// The lane, or `none` when no plan chose one.
pub fn lane_word(lane: &str) -> &str {
    if lane.trim().is_empty() { "none" } else { lane }
}

/// `failed`, `is unknown`, `passed`.
pub fn verdict_phrase(verdict: Verdict) -> &'static str {
    match verdict {
        Verdict::Pass => "passed",
        Verdict::Fail => "failed",
        Verdict::Unknown => "is unknown",
    }
}

/// `fail` beats `unknown` beats `pass`.
pub fn worst(left: Verdict, right: Verdict) -> Verdict {
    let rank = |verdict| match verdict {
        Verdict::Pass => 0,
        Verdict::Unknown => 1,
        Verdict::Fail => 2,
    };
    if rank(right) > rank(left) { right } else { left }
}

/// A JSON value as one readable line: strings bare, objects as `key: value; ...`.
pub fn one_line(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::String(text) => text.clone(),
        serde_json::Value::Object(entries) => {
            entries.iter().map(|(key, value)| format!("{key}: {}", one_line(value))).collect::<Vec<_>>().join("; ")
        }
        serde_json::Value::Array(items) => items.iter().map(one_line).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

/// An HTML id / Markdown-safe anchor.
pub fn anchor(prefix: &str, name: &str) -> String {
    let slug: String =
        name.chars().map(|character| if character.is_ascii_alphanumeric() { character.to_ascii_lowercase() } else { '-' }).collect();
    format!("{prefix}-{}", slug.trim_matches('-'))
}

/// `850 ms`, `1.2 s`, `2 min 5 s`.
pub fn duration(milliseconds: u64) -> String {
    if milliseconds < 1000 {
        format!("{milliseconds} ms")
    } else if milliseconds < 60_000 {
        format!("{}.{} s", milliseconds / 1000, (milliseconds % 1000) / 100)
    } else {
        format!("{} min {} s", milliseconds / 60_000, (milliseconds % 60_000) / 1000)
    }
}

/// The first 7 characters of a commit.
pub fn short_sha(sha: &str) -> &str {
    sha.get(..7).unwrap_or(sha)
}

/// The last path component of a bundle path, for link text.
pub fn file_name(relative: &str) -> &str {
    relative.rsplit('/').next().unwrap_or(relative)
}
