//! `report.json` (`factory.report/v1`, documented in REPORT_SCHEMA.md) and `findings.json`.

use serde::Serialize;

use crate::assess::{Assessment, PlanTask, RollbackStep, RolloutStep, VerificationItem};
use crate::files;
use crate::input::{AffectedRepo, CommitSummary, ContractFinding, FileChange, LearnedItem, TaskStatus, TestResult, Verdict};

pub const REPORT_SCHEMA: &str = "factory.report/v1";
pub const FINDINGS_SCHEMA: &str = "factory.findings/v1";

#[derive(Debug, Serialize)]
pub struct ReportJson<'a> {
    pub schema: &'static str,
    pub generator: &'static str,
    pub run: RunSection<'a>,
    pub verdict: Verdict,
    pub verdict_reasons: &'a [String],
    /// The plan's verification entries no check of the run backs (ids, or lines without an id).
    pub planned_without_result: Vec<String>,
    pub counts: Counts,
    pub repos: Vec<RepoSection<'a>>,
    pub why: &'a [AffectedRepo],
    pub checks: Vec<CheckSection<'a>>,
    pub findings: &'a [ContractFinding],
    pub tasks: &'a [PlanTask],
    pub verification: &'a [VerificationItem],
    pub rollout: &'a [RolloutStep],
    pub rollback: &'a [RollbackStep],
    pub plan_problems: &'a [String],
    pub learned: &'a [LearnedItem],
    pub artifacts: Vec<ArtifactSection>,
    pub missing_artifacts: &'a [String],
    pub files: FilesSection,
}

#[derive(Debug, Serialize)]
pub struct RunSection<'a> {
    pub id: &'a str,
    pub outcome: &'a str,
    pub org: &'a str,
    pub status: &'a str,
    pub created_at: &'a str,
    pub finished_at: Option<&'a str>,
    pub lane: &'a str,
    pub lane_reasons: &'a [String],
    pub url: Option<&'a str>,
}

#[derive(Debug, Default, Serialize)]
pub struct Counts {
    pub repos: VerdictCounts,
    pub checks: VerdictCounts,
    pub findings_error: usize,
    pub findings_warning: usize,
    pub findings_info: usize,
}

#[derive(Debug, Default, Serialize)]
pub struct VerdictCounts {
    pub pass: usize,
    pub fail: usize,
    pub unknown: usize,
}

impl VerdictCounts {
    fn add(&mut self, verdict: Verdict) {
        match verdict {
            Verdict::Pass => self.pass += 1,
            Verdict::Fail => self.fail += 1,
            Verdict::Unknown => self.unknown += 1,
        }
    }
}

#[derive(Debug, Serialize)]
pub struct RepoSection<'a> {
    pub repo: &'a str,
    pub verdict: Verdict,
    pub verdict_reasons: &'a [String],
    pub status: TaskStatus,
    pub branch: &'a str,
    pub base: &'a str,
    pub head_commit: Option<&'a str>,
    pub commits: &'a [CommitSummary],
    pub diff_stat: &'a [FileChange],
    pub lines_added: u64,
    pub lines_removed: u64,
    pub worker: &'a str,
    pub attempts: u32,
    pub summary: &'a str,
    pub owners: &'a [String],
    pub checks: Vec<&'a str>,
    pub rollout_steps: Vec<usize>,
    pub pull_request_file: &'a str,
    pub pull_request_url: Option<&'a str>,
}

#[derive(Debug, Serialize)]
pub struct CheckSection<'a> {
    pub name: &'a str,
    pub kind: &'a str,
    pub repo: Option<&'a str>,
    pub service: Option<&'a str>,
    pub verdict: Verdict,
    pub attempts: Vec<AttemptSection<'a>>,
}

#[derive(Debug, Serialize)]
pub struct AttemptSection<'a> {
    pub attempt: u32,
    pub verdict: Verdict,
    pub duration_ms: u64,
    pub reason: &'a str,
    pub artifacts: &'a [String],
    pub log_tail: Option<&'a str>,
    pub tests: &'a [TestResult],
}

#[derive(Debug, Serialize)]
pub struct ArtifactSection {
    pub path: String,
    pub sha256: String,
    pub media_type: &'static str,
}

#[derive(Debug, Serialize)]
pub struct FilesSection {
    pub report_markdown: &'static str,
    pub report_html: &'static str,
    pub spec: &'static str,
    pub plan_markdown: &'static str,
    pub plan_json: &'static str,
    pub findings: &'static str,
    pub attestation: &'static str,
    pub pull_requests: Vec<String>,
}

pub fn report_json<'a>(assessment: &'a Assessment<'a>) -> ReportJson<'a> {
    let evidence = assessment.evidence;
    let mut counts = Counts::default();
    for repo in &assessment.repos {
        counts.repos.add(repo.verdict);
    }
    for check in &assessment.checks {
        counts.checks.add(check.verdict());
    }
    for finding in &evidence.findings {
        match finding.severity {
            crate::input::Severity::Error => counts.findings_error += 1,
            crate::input::Severity::Warning => counts.findings_warning += 1,
            crate::input::Severity::Info => counts.findings_info += 1,
        }
    }
    let repos = assessment
        .repos
        .iter()
        .map(|repo| {
            let result = repo.result;
            RepoSection {
                repo: &result.repo,
                verdict: repo.verdict,
                verdict_reasons: &repo.reasons,
                status: result.status,
                branch: &result.branch,
                base: &result.base,
                head_commit: result.head_commit.as_deref(),
                commits: &result.commits,
                diff_stat: &result.diff_stat,
                lines_added: result.diff_stat.iter().map(|change| change.added).sum(),
                lines_removed: result.diff_stat.iter().map(|change| change.removed).sum(),
                worker: &result.worker,
                attempts: result.attempts,
                summary: &result.summary,
                owners: &result.owners,
                checks: repo.checks.iter().map(|index| assessment.checks[*index].name).collect(),
                rollout_steps: repo.rollout_steps.iter().map(|index| index + 1).collect(),
                pull_request_file: &repo.pull_request_file,
                pull_request_url: result.pull_request_url.as_deref(),
            }
        })
        .collect();
    let checks = assessment
        .checks
        .iter()
        .map(|check| CheckSection {
            name: check.name,
            kind: check.kind,
            repo: check.repo,
            service: check.service,
            verdict: check.verdict(),
            attempts: check
                .attempts
                .iter()
                .map(|attempt| AttemptSection {
                    attempt: attempt.check.attempt,
                    verdict: attempt.check.verdict,
                    duration_ms: attempt.check.duration_ms,
                    reason: &attempt.check.reason,
                    artifacts: &attempt.check.artifacts,
                    log_tail: attempt.log_tail.as_deref(),
                    tests: &attempt.check.tests,
                })
                .collect(),
        })
        .collect();
    let artifacts = assessment
        .artifact_digests
        .iter()
        .map(|(path, sha256)| ArtifactSection { path: path.clone(), sha256: sha256.clone(), media_type: files::media_type(path) })
        .collect();
    ReportJson {
        schema: REPORT_SCHEMA,
        generator: concat!("factory-evidence ", env!("CARGO_PKG_VERSION")),
        run: RunSection {
            id: &evidence.run_id,
            outcome: &evidence.outcome,
            org: &evidence.org,
            status: &evidence.status,
            created_at: &evidence.created_at,
            finished_at: evidence.finished_at.as_deref(),
            lane: &evidence.lane,
            lane_reasons: &evidence.lane_reasons,
            url: evidence.run_url.as_deref(),
        },
        verdict: assessment.verdict,
        verdict_reasons: &assessment.verdict_reasons,
        planned_without_result: assessment.planned_without_result(),
        counts,
        repos,
        why: &evidence.affected_repos,
        checks,
        findings: &evidence.findings,
        tasks: &assessment.plan.tasks,
        verification: &assessment.plan.verification,
        rollout: &assessment.plan.rollout,
        rollback: &assessment.plan.rollback,
        plan_problems: &assessment.plan.problems,
        learned: &evidence.learned,
        artifacts,
        missing_artifacts: &assessment.missing_artifacts,
        files: FilesSection {
            report_markdown: "report.md",
            report_html: "report.html",
            spec: "spec.md",
            plan_markdown: "plan.md",
            plan_json: "plan.json",
            findings: "findings.json",
            attestation: files::ATTESTATION_FILE,
            pull_requests: assessment.repos.iter().map(|repo| repo.pull_request_file.clone()).collect(),
        },
    }
}

#[derive(Debug, Serialize)]
pub struct FindingsJson<'a> {
    pub schema: &'static str,
    pub run_id: &'a str,
    pub findings: &'a [ContractFinding],
}

pub fn findings_json<'a>(assessment: &'a Assessment<'a>) -> FindingsJson<'a> {
    FindingsJson { schema: FINDINGS_SCHEMA, run_id: &assessment.evidence.run_id, findings: &assessment.evidence.findings }
}
