//! `attestation.json`: an in-toto Statement v1 over every file of the bundle and every branch
//! head, and `verify_bundle`, which re-hashes the files it names.

use std::collections::BTreeMap;
use std::path::{Component, Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::assess::Assessment;
use crate::error::EvidenceError;
use crate::files::{self, ATTESTATION_FILE};
use crate::input::Verdict;

pub const STATEMENT_TYPE: &str = "https://in-toto.io/Statement/v1";
pub const PREDICATE_TYPE: &str = "https://factory.dev/evidence/v1";

/// An in-toto Statement v1.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Statement {
    #[serde(rename = "_type")]
    pub statement_type: String,
    pub subject: Vec<Subject>,
    #[serde(rename = "predicateType")]
    pub predicate_type: String,
    pub predicate: serde_json::Value,
}

/// A subject: a bundle file (`sha256`) or a branch head (`gitCommit`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Subject {
    pub name: String,
    pub digest: BTreeMap<String, String>,
}

#[derive(Debug, Serialize)]
struct Predicate<'a> {
    run_id: &'a str,
    outcome: &'a str,
    org: &'a str,
    status: &'a str,
    verdict: Verdict,
    lane: &'a str,
    created_at: &'a str,
    finished_at: Option<&'a str>,
    repos: Vec<PredicateRepo<'a>>,
    checks: Vec<PredicateCheck<'a>>,
}

#[derive(Debug, Serialize)]
struct PredicateRepo<'a> {
    repo: &'a str,
    branch: &'a str,
    head_commit: Option<&'a str>,
    verdict: Verdict,
}

#[derive(Debug, Serialize)]
struct PredicateCheck<'a> {
    name: &'a str,
    repo: Option<&'a str>,
    verdict: Verdict,
    attempt: u32,
}

/// The name of a branch head subject: `git+<repo>@<branch>`.
pub fn branch_subject_name(repo: &str, branch: &str) -> String {
    format!("git+{repo}@{branch}")
}

/// The statement over `digests` (every bundle file but the attestation) and the branch heads.
pub fn statement(assessment: &Assessment<'_>, digests: &BTreeMap<String, String>) -> Statement {
    let evidence = assessment.evidence;
    let mut subject: Vec<Subject> = digests
        .iter()
        .map(|(name, sha256)| Subject { name: name.clone(), digest: BTreeMap::from([("sha256".to_string(), sha256.clone())]) })
        .collect();
    for repo in &evidence.repos {
        if let Some(head) = &repo.head_commit {
            subject.push(Subject {
                name: branch_subject_name(&repo.repo, &repo.branch),
                digest: BTreeMap::from([("gitCommit".to_string(), head.clone())]),
            });
        }
    }
    let predicate = Predicate {
        run_id: &evidence.run_id,
        outcome: &evidence.outcome,
        org: &evidence.org,
        status: &evidence.status,
        verdict: assessment.verdict,
        lane: &evidence.lane,
        created_at: &evidence.created_at,
        finished_at: evidence.finished_at.as_deref(),
        repos: assessment
            .repos
            .iter()
            .map(|repo| PredicateRepo {
                repo: &repo.result.repo,
                branch: &repo.result.branch,
                head_commit: repo.result.head_commit.as_deref(),
                verdict: repo.verdict,
            })
            .collect(),
        checks: assessment
            .checks
            .iter()
            .map(|check| PredicateCheck { name: check.name, repo: check.repo, verdict: check.verdict(), attempt: check.last().attempt })
            .collect(),
    };
    Statement {
        statement_type: STATEMENT_TYPE.to_string(),
        subject,
        predicate_type: PREDICATE_TYPE.to_string(),
        predicate: serde_json::to_value(predicate).unwrap_or(serde_json::Value::Null),
    }
}

/// What `verify_bundle` found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifyReport {
    pub dir: PathBuf,
    /// The run named by the attestation's predicate.
    pub run_id: String,
    /// True when every attested file is unchanged and no file was added.
    pub ok: bool,
    /// How many file subjects were re-hashed.
    pub checked: usize,
    /// Each file that changed, went missing, or is not attested, by path.
    pub problems: Vec<ArtifactProblem>,
    /// Branch heads named by the attestation; not re-checked here (this crate runs no git).
    pub branch_heads: Vec<BranchHead>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArtifactProblem {
    pub path: String,
    pub problem: ProblemKind,
    pub expected_sha256: Option<String>,
    pub actual_sha256: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ProblemKind {
    /// The file's sha256 differs from the attested one.
    Changed,
    /// The attested file is gone.
    Missing,
    /// The file is in the folder but not in the attestation.
    Unattested,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct BranchHead {
    /// `git+<repo>@<branch>`.
    pub name: String,
    pub commit: String,
}

/// Re-hashes every file subject of `dir/attestation.json` and lists what changed, went missing
/// or was added. Errors only when the attestation is missing or unreadable.
pub fn verify_bundle(dir: &Path) -> Result<VerifyReport, EvidenceError> {
    let path = dir.join(ATTESTATION_FILE);
    if !path.is_file() {
        return Err(EvidenceError::NoAttestation { dir: dir.to_path_buf() });
    }
    let text = std::fs::read_to_string(&path).map_err(EvidenceError::io("read", &path))?;
    let bad = |message: String| EvidenceError::BadAttestation { path: path.clone(), message };
    let statement: Statement = serde_json::from_str(&text).map_err(|error| bad(error.to_string()))?;
    if statement.statement_type != STATEMENT_TYPE {
        return Err(bad(format!("`_type` is `{}`, expected `{STATEMENT_TYPE}`", statement.statement_type)));
    }
    if statement.predicate_type != PREDICATE_TYPE {
        return Err(bad(format!("`predicateType` is `{}`, expected `{PREDICATE_TYPE}`", statement.predicate_type)));
    }
    let run_id = statement.predicate.get("run_id").and_then(|value| value.as_str()).unwrap_or_default().to_string();
    let actual = files::digest_folder(dir)?;
    let mut problems = Vec::new();
    let mut branch_heads = Vec::new();
    let mut attested = BTreeMap::new();
    for subject in &statement.subject {
        if let Some(commit) = subject.digest.get("gitCommit") {
            branch_heads.push(BranchHead { name: subject.name.clone(), commit: commit.clone() });
            continue;
        }
        let Some(expected) = subject.digest.get("sha256") else {
            return Err(bad(format!("subject `{}` has neither a sha256 nor a gitCommit digest", subject.name)));
        };
        let inside = Path::new(&subject.name).components().all(|component| matches!(component, Component::Normal(_)));
        if !inside {
            return Err(bad(format!("subject `{}` is not a path inside the bundle", subject.name)));
        }
        attested.insert(subject.name.clone(), expected.clone());
    }
    for (name, expected) in &attested {
        match actual.get(name) {
            Some(found) if found == expected => {}
            Some(found) => problems.push(ArtifactProblem {
                path: name.clone(),
                problem: ProblemKind::Changed,
                expected_sha256: Some(expected.clone()),
                actual_sha256: Some(found.clone()),
            }),
            None => problems.push(ArtifactProblem {
                path: name.clone(),
                problem: ProblemKind::Missing,
                expected_sha256: Some(expected.clone()),
                actual_sha256: None,
            }),
        }
    }
    for (name, found) in &actual {
        if !attested.contains_key(name) {
            problems.push(ArtifactProblem {
                path: name.clone(),
                problem: ProblemKind::Unattested,
                expected_sha256: None,
                actual_sha256: Some(found.clone()),
            });
        }
    }
    Ok(VerifyReport { dir: dir.to_path_buf(), run_id, ok: problems.is_empty(), checked: attested.len(), problems, branch_heads })
}
