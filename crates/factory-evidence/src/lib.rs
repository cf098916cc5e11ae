//! The evidence bundle of a run: run data in (`RunEvidence`, filled by the run engine), a review
//! folder out: `report.md`, a self-contained `report.html`, `report.json` (`factory.report/v1`,
//! see REPORT_SCHEMA.md), the spec and plan, one PR description per repo, copies of logs,
//! screenshots and test reports under `artifacts/`, `findings.json`, and last `attestation.json`,
//! an in-toto Statement v1 over the sha256 of every file and the head commit of every branch.
//! `verify_bundle` re-hashes a bundle against its attestation.
//!
//! This crate never touches the store, git or the network, and never prints: it reads the files
//! it is given and reads and writes files in the evidence folder only. Its verdict is computed
//! from the checks; `unknown` is never shown as a pass.
#![deny(clippy::print_stdout, clippy::print_stderr)]

mod assess;
mod attestation;
mod error;
mod files;
mod html;
mod input;
mod markdown;
mod matching;
mod plan_view;
mod pr;
mod report_json;

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

pub use attestation::{
    ArtifactProblem, BranchHead, PREDICATE_TYPE, ProblemKind, STATEMENT_TYPE, Statement, Subject, VerifyReport,
    branch_subject_name, verify_bundle,
};
pub use error::EvidenceError;
pub use files::{ATTESTATION_FILE, pull_request_file};
pub use input::{
    AffectedRepo, CheckEvidence, CommitSummary, ContractFinding, FileChange, IncludedFile, LearnedItem, LearnedKind,
    RepoResult, RunEvidence, Severity, TaskStatus, TestResult, Verdict,
};
pub use pr::pull_request_title;
pub use report_json::{FINDINGS_SCHEMA, REPORT_SCHEMA};

/// What `write_bundle` wrote.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundleReport {
    /// The evidence folder, absolute.
    pub dir: PathBuf,
    pub run_id: String,
    /// The bundle's verdict: `fail` if any final check, task or error finding failed, else
    /// `unknown` if anything could not be decided (or no check ran, or evidence is missing),
    /// else `pass`.
    pub verdict: Verdict,
    pub verdict_reasons: Vec<String>,
    /// Every file of the bundle but `attestation.json`, relative, with its sha256: the
    /// attestation's file subjects.
    pub files: Vec<BundleFile>,
    /// One PR description per repo.
    pub pull_requests: Vec<PullRequestFile>,
    /// Evidence named by the run data but not found (included files whose source is missing,
    /// check artifacts not in the bundle).
    pub missing_artifacts: Vec<String>,
    /// `attestation.json`, absolute.
    pub attestation: PathBuf,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BundleFile {
    pub path: String,
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PullRequestFile {
    pub repo: String,
    pub title: String,
    /// `pr/<repo>.md`, relative to the evidence folder.
    pub path: String,
}

/// Writes the bundle of `evidence` into `dir` (created if needed), `attestation.json` last.
/// Files already in `dir` stay and are attested too; a previous attestation is replaced.
pub fn write_bundle(dir: &Path, evidence: &RunEvidence) -> Result<BundleReport, EvidenceError> {
    check_input(evidence)?;
    std::fs::create_dir_all(dir).map_err(EvidenceError::io("create folder", dir))?;
    let attestation_path = dir.join(ATTESTATION_FILE);
    if attestation_path.exists() {
        std::fs::remove_file(&attestation_path).map_err(EvidenceError::io("remove the old", &attestation_path))?;
    }
    let missing = files::copy_included(dir, &evidence.files)?;
    files::write_file(dir, "spec.md", ensure_newline(&evidence.spec_markdown).as_bytes())?;
    files::write_file(dir, "plan.md", ensure_newline(&evidence.plan_markdown).as_bytes())?;
    files::write_file(dir, "plan.json", &pretty_json(&evidence.plan)?)?;

    let assessment = assess::assess(evidence, dir, missing)?;
    files::write_file(dir, "findings.json", &pretty_json(&report_json::findings_json(&assessment))?)?;
    let mut pull_requests = Vec::new();
    for repo in &assessment.repos {
        let text = pr::pull_request_markdown(&assessment, repo);
        files::write_file(dir, &repo.pull_request_file, text.as_bytes())?;
        pull_requests.push(PullRequestFile {
            repo: repo.result.repo.clone(),
            title: pull_request_title(evidence, &repo.result.repo),
            path: repo.pull_request_file.clone(),
        });
    }
    files::write_file(dir, "report.md", markdown::report_markdown(&assessment).as_bytes())?;
    files::write_file(dir, "report.json", &pretty_json(&report_json::report_json(&assessment))?)?;
    files::write_file(dir, "report.html", html::report_html(&assessment, dir).as_bytes())?;

    let digests = files::digest_folder(dir)?;
    let statement = attestation::statement(&assessment, &digests);
    files::write_file(dir, ATTESTATION_FILE, &pretty_json(&statement)?)?;
    tracing::info!(run = %evidence.run_id, dir = %dir.display(), verdict = assessment.verdict.as_str(), files = digests.len(), "wrote the evidence bundle");

    Ok(BundleReport {
        dir: files::absolute(dir),
        run_id: evidence.run_id.clone(),
        verdict: assessment.verdict,
        verdict_reasons: assessment.verdict_reasons.clone(),
        files: digests.into_iter().map(|(path, sha256)| BundleFile { path, sha256 }).collect(),
        pull_requests,
        missing_artifacts: assessment.missing_artifacts.clone(),
        attestation: files::absolute(&attestation_path),
    })
}

fn check_input(evidence: &RunEvidence) -> Result<(), EvidenceError> {
    for file in &evidence.files {
        files::check_artifact_path(&file.destination)?;
    }
    for check in &evidence.checks {
        for artifact in &check.artifacts {
            files::check_artifact_path(artifact).map_err(|_| EvidenceError::Input {
                message: format!("check `{}` names artifact `{artifact}`: artifacts must be relative paths under `artifacts/`", check.name),
            })?;
        }
    }
    let mut seen = std::collections::BTreeMap::new();
    for repo in &evidence.repos {
        if let Some(other) = seen.insert(pull_request_file(&repo.repo), &repo.repo) {
            return Err(EvidenceError::Input {
                message: format!("repos `{other}` and `{}` would share {}; give them distinct names", repo.repo, pull_request_file(&repo.repo)),
            });
        }
    }
    Ok(())
}

fn ensure_newline(text: &str) -> String {
    if text.ends_with('\n') { text.to_string() } else { format!("{text}\n") }
}

fn pretty_json(value: &impl Serialize) -> Result<Vec<u8>, EvidenceError> {
    let mut bytes = serde_json::to_vec_pretty(value)
        .map_err(|error| EvidenceError::Input { message: format!("cannot serialize the bundle as JSON: {error}") })?;
    bytes.push(b'\n');
    Ok(bytes)
}
