//! `RunEvidence`: the contract between the run engine and this crate. The engine fills it from
//! the store, the worktrees and the sandbox; this crate only reads it.
//!
//! Paths that name a file of the bundle (`IncludedFile::destination`, `CheckEvidence::artifacts`)
//! are relative to the evidence folder, use `/`, and lie under `artifacts/`.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

/// Everything the bundle says about one run.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunEvidence {
    /// The run's id, e.g. `r-20261121-0001`.
    pub run_id: String,
    /// What the user asked for, in words.
    pub outcome: String,
    /// The org (the factory home's name for its set of repositories).
    pub org: String,
    /// When the run was created, RFC 3339 (`2026-11-21T06:00:00Z`).
    pub created_at: String,
    /// When the run finished, RFC 3339; `None` while it is still going.
    #[serde(default)]
    pub finished_at: Option<String>,
    /// The run's status as the engine names it (`succeeded`, `failed`, `awaiting-release`, ...).
    /// Shown as is; the bundle's verdict is computed from the checks, never taken from here.
    pub status: String,
    /// `fast` or `full`, as the plan chose; empty when no plan was made.
    pub lane: String,
    /// Why the plan chose that lane, one reason per entry.
    #[serde(default)]
    pub lane_reasons: Vec<String>,
    /// Where the run can be seen outside the bundle (a web UI address); `None` links the
    /// run's `report.md` relatively instead.
    #[serde(default)]
    pub run_url: Option<String>,
    /// The spec (PRD) as Markdown; written to `spec.md`.
    pub spec_markdown: String,
    /// The plan as Markdown; written to `plan.md`.
    pub plan_markdown: String,
    /// The plan as JSON; written to `plan.json`. Read leniently: `tasks` [{id, repo, summary,
    /// depends_on}], `verification` (any JSON, shown as a list), `rollout` [{repo, action,
    /// gate_check, phase?}], `rollback` [{repo, action, reversible, note}]. Missing parts are
    /// reported as missing, not guessed.
    pub plan: serde_json::Value,
    /// Why each repo is in the run: the brain's explanation.
    #[serde(default)]
    pub affected_repos: Vec<AffectedRepo>,
    /// One entry per repository the run changed (or tried to).
    #[serde(default)]
    pub repos: Vec<RepoResult>,
    /// Every check attempt. A check that ran twice appears twice, with `attempt` 1 and 2; the
    /// highest attempt is its final verdict.
    #[serde(default)]
    pub checks: Vec<CheckEvidence>,
    /// Contract findings of the brain (breaking changes, unknown consumers, ...).
    #[serde(default)]
    pub findings: Vec<ContractFinding>,
    /// What the run taught the factory.
    #[serde(default)]
    pub learned: Vec<LearnedItem>,
    /// Files to copy into the bundle: logs, screenshots, test reports.
    #[serde(default)]
    pub files: Vec<IncludedFile>,
}

/// Why one repository is part of the run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AffectedRepo {
    pub repo: String,
    /// In words: `consumes Order.created_at, which is renamed`.
    pub reason: String,
    /// The brain's path from the changed entity to this repo, one edge per entry, e.g.
    /// `component:web -consumes-> api:orders-http`.
    #[serde(default)]
    pub path: Vec<String>,
}

/// What happened in one repository.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RepoResult {
    pub repo: String,
    /// The run's branch in this repo, e.g. `factory/r-0001-web`.
    pub branch: String,
    /// The branch it starts from, e.g. `main`.
    pub base: String,
    /// The commit the branch points at; attested as `git+<repo>@<branch>`. `None` when the
    /// task made no commit.
    #[serde(default)]
    pub head_commit: Option<String>,
    /// The commits on the branch since `base`, oldest first.
    #[serde(default)]
    pub commits: Vec<CommitSummary>,
    /// Lines added and removed per file, `base..head`.
    #[serde(default)]
    pub diff_stat: Vec<FileChange>,
    /// The worker that made the change (`claude`, `codex`, `script`, ...).
    pub worker: String,
    /// How many times the task ran (1 when it passed first time).
    pub attempts: u32,
    pub status: TaskStatus,
    /// What the change does, in words; the PR description's summary.
    pub summary: String,
    /// Who owns the repo or the changed paths (`@acme/orders-team`).
    #[serde(default)]
    pub owners: Vec<String>,
    /// The pull/merge request, once published.
    #[serde(default)]
    pub pull_request_url: Option<String>,
}

/// How a repository's task ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum TaskStatus {
    /// The worker finished and the change is committed.
    Done,
    /// The worker gave up, or its attempts ran out.
    Failed,
    /// The plan kept the repo but no change was needed.
    Skipped,
    /// The task never ran, or was stopped before it finished.
    NotRun,
}

/// One commit on a run's branch.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommitSummary {
    pub sha: String,
    pub subject: String,
}

/// One file of a diff stat. Binary files count 0 lines.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileChange {
    pub path: String,
    pub added: u64,
    pub removed: u64,
}

/// The verdict of a check or a test: `unknown` is never a pass.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Pass,
    Fail,
    /// It could not run or could not decide.
    Unknown,
}

impl Verdict {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Pass => "pass",
            Self::Fail => "fail",
            Self::Unknown => "unknown",
        }
    }
}

/// One attempt of one check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckEvidence {
    /// The check's name as declared (`web-e2e`); attempts of a check share it.
    pub name: String,
    /// `command`, `http-contract`, `message`, `pact`, `browser`, or another kind.
    pub kind: String,
    /// The repo that declares the check; `None` for a cross-repo integration check.
    #[serde(default)]
    pub repo: Option<String>,
    /// The service it exercises, when there is one.
    #[serde(default)]
    pub service: Option<String>,
    pub verdict: Verdict,
    pub duration_ms: u64,
    /// Why it failed or is unknown; for a pass, what was checked.
    pub reason: String,
    /// 1 for the first run, 2 after the first fix, ...
    pub attempt: u32,
    /// The files that back the verdict, relative to the evidence folder (`artifacts/...`),
    /// normally `destination`s of `RunEvidence::files`.
    #[serde(default)]
    pub artifacts: Vec<String>,
    /// The end of the failing output. When `None` for a failure, the bundle shows the last
    /// lines of the check's first log artifact (`.log`, `.txt`, `.out`).
    #[serde(default)]
    pub log_tail: Option<String>,
    /// Per-test results (JUnit) or per-operation results (contract checks).
    #[serde(default)]
    pub tests: Vec<TestResult>,
}

/// One test case of a check (the shape of `factory_sandbox::TestCase`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestResult {
    pub name: String,
    #[serde(default)]
    pub classname: Option<String>,
    pub verdict: Verdict,
    #[serde(default)]
    pub duration_ms: Option<u64>,
    #[serde(default)]
    pub message: Option<String>,
}

/// How bad a contract finding is. Any `error` makes the bundle's verdict `fail`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
    Info,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Error => "error",
            Self::Warning => "warning",
            Self::Info => "info",
        }
    }
}

/// One contract finding of the brain.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContractFinding {
    /// The rule that fired (`field-removed-while-consumed`).
    pub rule: String,
    pub severity: Severity,
    /// The component or repo that provides the contract.
    pub provider: String,
    /// The consumer affected, when there is one.
    #[serde(default)]
    pub consumer: Option<String>,
    /// The contract (`api:orders-http`).
    pub contract: String,
    /// The fields involved (`Order.created_at`).
    #[serde(default)]
    pub fields: Vec<String>,
    pub message: String,
    /// Where: `repo@sha:path#pointer` or `repo:path:line`.
    #[serde(default)]
    pub locations: Vec<String>,
}

/// What the run taught the factory.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LearnedItem {
    pub kind: LearnedKind,
    /// Where it lives: a path in the factory home (`lessons/0007-....md`) or a brain reference.
    pub reference: String,
    pub summary: String,
}

/// The kinds of thing learning produces.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LearnedKind {
    Lesson,
    Rule,
    Fact,
}

/// A file to copy into the bundle.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IncludedFile {
    /// Where the file is now (absolute, or relative to the engine's working directory). When it
    /// already is the destination inside the evidence folder, it is left in place.
    pub source: PathBuf,
    /// Where it goes, relative to the evidence folder, under `artifacts/`
    /// (`artifacts/checks/web-e2e/attempt-1/screenshot.png`).
    pub destination: String,
}
