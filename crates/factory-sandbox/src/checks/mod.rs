//! Checks and `verify`: every declared check is run against a sandbox that is up, and ends with
//! a verdict: `pass`, `fail`, or `unknown` when it could not run (never a silent pass). A failure
//! carries its evidence: the failing output, and the last log lines of the services involved.

mod browser;
mod devtools;
mod command;
mod contract;
pub mod junit;
mod message;
mod pact;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::declarations::{CheckDeclaration, CheckKind};
use crate::isolation::{Isolation, IsolationChoice};
use crate::state::SandboxState;
use crate::records::elapsed_ms;
use crate::supervisor::LOG_TAIL_LINES;

pub use browser::{BrowserDriver, BrowserOutcome, chromium_path};
pub use junit::TestCase;

/// The verdict of a check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Verdict {
    Pass,
    Fail,
    /// The check could not run or could not decide; it does not count as a pass.
    Unknown,
}

/// The last lines of one service's log, attached to a failed check.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceLogTail {
    pub service: String,
    pub log_path: PathBuf,
    pub lines: Vec<String>,
}

/// One check's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckResult {
    pub name: String,
    pub kind: CheckKind,
    pub repo: String,
    pub verdict: Verdict,
    pub duration_ms: u64,
    /// Why it failed or is unknown; for a pass, what was checked.
    pub reason: String,
    /// Files it produced: output, JUnit XML, responses, screenshots.
    pub artifacts: Vec<PathBuf>,
    /// Per-test results (JUnit) or per-operation results (contract checks).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tests: Vec<TestCase>,
    /// The end of the failing output.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_tail: Option<String>,
    /// For failures and unknowns: the last log lines of the services involved.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub service_logs: Vec<ServiceLogTail>,
}

/// The result of `verify`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifyReport {
    pub sandbox: String,
    /// `pass` only when every check passed (and there was at least one).
    pub verdict: Verdict,
    pub passed: usize,
    pub failed: usize,
    pub unknown: usize,
    pub duration_ms: u64,
    pub checks: Vec<CheckResult>,
}

/// Settings of `verify`.
#[derive(Debug, Clone)]
pub struct VerifyConfig {
    /// The limit of a command check without its own `timeout_ms`.
    pub command_timeout: Duration,
    /// Only checks whose name contains this.
    pub only: Option<String>,
    pub browser_driver: BrowserDriver,
}

impl Default for VerifyConfig {
    fn default() -> Self {
        Self { command_timeout: Duration::from_secs(600), only: None, browser_driver: BrowserDriver::DevTools }
    }
}

/// What one kind of check found, before timing and evidence are added.
pub(crate) struct Outcome {
    pub verdict: Verdict,
    pub reason: String,
    pub artifacts: Vec<PathBuf>,
    pub tests: Vec<TestCase>,
    pub output_tail: Option<String>,
}

impl VerifyReport {
    /// Every PNG a check produced (browser screenshots), for reports.
    pub fn screenshots(&self) -> Vec<&Path> {
        self.checks
            .iter()
            .flat_map(|check| &check.artifacts)
            .filter(|path| path.extension().is_some_and(|extension| extension == "png"))
            .map(PathBuf::as_path)
            .collect()
    }
}

impl Outcome {
    pub(crate) fn unknown(reason: impl Into<String>) -> Self {
        Self { verdict: Verdict::Unknown, reason: reason.into(), artifacts: Vec::new(), tests: Vec::new(), output_tail: None }
    }
}

/// Runs every check of the sandbox, one after the other.
pub async fn verify(state: &SandboxState, config: &VerifyConfig) -> VerifyReport {
    let started = Instant::now();
    let isolation = if state.isolation == "bwrap" {
        crate::isolation::detect(IsolationChoice::Auto).await
    } else {
        Isolation::None { reason: "the sandbox runs without isolation".into() }
    };
    let mut checks = Vec::new();
    for (index, check) in state.checks.iter().enumerate() {
        if config.only.as_ref().is_some_and(|only| !check.name.contains(only.as_str())) {
            continue;
        }
        let folder = state.dir.join("checks").join(format!("{:02}-{}", index + 1, slug(&check.name)));
        checks.push(run_check(state, check, &folder, &isolation, config).await);
    }
    let count = |verdict| checks.iter().filter(|check: &&CheckResult| check.verdict == verdict).count();
    let (passed, failed, unknown) = (count(Verdict::Pass), count(Verdict::Fail), count(Verdict::Unknown));
    let verdict = if failed > 0 {
        Verdict::Fail
    } else if unknown > 0 || checks.is_empty() {
        Verdict::Unknown
    } else {
        Verdict::Pass
    };
    VerifyReport { sandbox: state.id.clone(), verdict, passed, failed, unknown, duration_ms: elapsed_ms(started), checks }
}

async fn run_check(
    state: &SandboxState,
    check: &CheckDeclaration,
    folder: &Path,
    isolation: &Isolation,
    config: &VerifyConfig,
) -> CheckResult {
    let started = Instant::now();
    let outcome = match std::fs::create_dir_all(folder) {
        Err(error) => Outcome::unknown(format!("could not make {}: {error}", folder.display())),
        Ok(()) => match check.kind {
            CheckKind::Command => command::run(state, check, folder, isolation, config).await,
            CheckKind::HttpContract => contract::run(state, check, folder).await,
            CheckKind::Message => message::run(state, check, folder).await,
            CheckKind::Browser => browser::run(state, check, folder, config.browser_driver).await,
            CheckKind::Pact => pact::run(state, check, folder).await,
        },
    };
    let service_logs = if outcome.verdict == Verdict::Pass { Vec::new() } else { involved_logs(state, check) };
    CheckResult {
        name: check.name.clone(),
        kind: check.kind,
        repo: check.repo.clone(),
        verdict: outcome.verdict,
        duration_ms: elapsed_ms(started),
        reason: outcome.reason,
        artifacts: outcome.artifacts,
        tests: outcome.tests,
        output_tail: outcome.output_tail,
        service_logs,
    }
}

/// The services a check involves: the one it names and what that depends on, or, for a
/// command check, the services of its repo.
fn involved_logs(state: &SandboxState, check: &CheckDeclaration) -> Vec<ServiceLogTail> {
    let mut names: Vec<String> = match &check.service {
        Some(service) => {
            let mut names = vec![service.clone()];
            if let Some(record) = state.service(service) {
                names.extend(record.depends_on.iter().map(|dependency| dependency.service.clone()));
            }
            names
        }
        None => state.services.iter().filter(|record| record.repo == check.repo).map(|record| record.name.clone()).collect(),
    };
    names.dedup();
    names
        .into_iter()
        .filter_map(|name| state.service(&name))
        .map(|record| ServiceLogTail {
            service: record.name.clone(),
            log_path: record.log_path.clone(),
            lines: crate::process::last_lines(&record.log_path, LOG_TAIL_LINES).lines().map(str::to_string).collect(),
        })
        .collect()
}

/// `orders page lists orders` -> `orders-page-lists-orders`.
fn slug(name: &str) -> String {
    let slug: String = name.chars().map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '-' }).collect();
    slug.split('-').filter(|part| !part.is_empty()).collect::<Vec<_>>().join("-")
}

/// The base URL of `service` in the sandbox, or why there is none.
pub(crate) fn service_url<'a>(state: &'a SandboxState, service: &str) -> Result<&'a str, String> {
    let record = state.service(service).ok_or_else(|| {
        format!(
            "no service `{service}` in this sandbox (services: {})",
            state.services.iter().map(|record| record.name.as_str()).collect::<Vec<_>>().join(", ")
        )
    })?;
    record.url.as_deref().ok_or_else(|| format!("service `{service}` has no port, so no URL"))
}
