//! `factory sandbox up|status|logs|down`, `factory verify` and `factory doctor`: the org's
//! services brought up on any set of checkouts, the checks that prove a change works, and what
//! this machine offers for it.
//!
//! The run engine and `factory demo` call these directly: [`up`] takes `(repo, checkout)` pairs
//! (a run's worktrees), [`up_registered`] uses the registered repos (optionally on a branch).

use std::path::{Path, PathBuf};

use factory_sandbox::checks::VerifyConfig;
use factory_sandbox::status::SandboxStatus;
use factory_sandbox::supervisor::DownReport;
use factory_sandbox::{Checkout, IsolationChoice, SandboxError, SandboxState, UpConfig};
use serde::Serialize;

pub use factory_sandbox::checks::{CheckResult, Verdict, VerifyReport};
pub use factory_sandbox::doctor::DoctorReport;
pub use factory_sandbox::state::{SandboxPhase, ServiceState};
pub use factory_sandbox::status::ServiceStatus;

use crate::repos::list;
use crate::{AppError, Home};

/// Where a home keeps sandbox declarations for repos that have no `.factory/services.toml`:
/// `services/<repo>.toml` in the home.
pub const HOME_SERVICES_DIR: &str = "services";

/// Settings of `sandbox up` beyond the checkouts.
#[derive(Debug, Clone, Default)]
pub struct SandboxOptions {
    /// Starts the sandbox id: the branch, a run id, `main`.
    pub label: Option<String>,
    /// Turn isolation off on purpose (default: bwrap where it works).
    pub without_isolation: bool,
}

pub use factory_sandbox::NetworkChoice;

/// A sandbox that is up: what `sandbox up` prints.
#[derive(Debug, Clone, Serialize)]
pub struct SandboxReport {
    pub id: String,
    pub dir: PathBuf,
    pub state_file: PathBuf,
    pub isolation: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub isolation_note: Option<String>,
    /// `private` (a loopback-only network of the sandbox's own) or `host`.
    pub network: String,
    pub checkouts: Vec<Checkout>,
    pub services: Vec<ServiceStatus>,
    /// Registered repos that declare no service and no check.
    pub undeclared_repos: Vec<String>,
    /// Milliseconds from the call until every service was healthy.
    pub elapsed_ms: u64,
    /// Abandoned sandboxes reaped before this one started.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub reaped: Vec<String>,
}

/// Brings up every service declared by `checkouts` (repo name, checkout folder) in a new sandbox
/// of `home`. Returns when every service is healthy; they keep running after the caller exits,
/// until [`down`].
/// Verification sandboxes get a private loopback-only network where bwrap and nsenter work
/// (else the host's, and the report says why): use [`up_on_network`] to choose.
pub async fn up(home: &Home, checkouts: Vec<(String, PathBuf)>, options: &SandboxOptions) -> Result<SandboxReport, AppError> {
    up_on_network(home, checkouts, options, NetworkChoice::Auto).await
}

/// [`up`] with a choice of network: `Private` gives the sandbox a loopback-only network of its
/// own (needs bwrap); its services are then reachable through the factory (probes, checks,
/// chromium), not from the host.
pub async fn up_on_network(
    home: &Home,
    checkouts: Vec<(String, PathBuf)>,
    options: &SandboxOptions,
    network: NetworkChoice,
) -> Result<SandboxReport, AppError> {
    let started = std::time::Instant::now();
    let reaped = reap_abandoned(home).await;
    let checkouts: Vec<Checkout> = checkouts.into_iter().map(|(repo, path)| Checkout { repo, path }).collect();
    let config = UpConfig {
        isolation: if options.without_isolation { IsolationChoice::None } else { IsolationChoice::Auto },
        label: options.label.clone().unwrap_or_else(|| "sandbox".to_string()),
        network,
        ..UpConfig::default()
    };
    let state = factory_sandbox::up(&home.layout.sandboxes_dir(), &home_services_dir(home), &checkouts, &config)
        .await
        .map_err(sandbox_error)?;
    let status = factory_sandbox::status::status(&state).await;
    Ok(SandboxReport {
        id: state.id.clone(),
        state_file: state.state_file(),
        dir: state.dir.clone(),
        isolation: state.isolation.clone(),
        isolation_note: state.isolation_note.clone(),
        network: status.network.clone(),
        checkouts: state.checkouts.clone(),
        services: status.services,
        undeclared_repos: state.undeclared_repos.clone(),
        elapsed_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
        reaped,
    })
}

/// `sandbox up [--ref BRANCH]`: every registered repo, from its checkout; with `git_ref`, repos
/// that have that branch run it from a worktree under `.factory/worktrees/sandbox-<branch>/`
/// (or from their checkout when it is already on it), the others from their checkout.
/// Like [`up`], the network is private where it can be.
pub async fn up_registered(home: &Home, git_ref: Option<&str>, options: &SandboxOptions) -> Result<SandboxReport, AppError> {
    up_registered_on_network(home, git_ref, options, NetworkChoice::Auto).await
}

/// [`up_registered`] with a choice of network (see [`up_on_network`]).
pub async fn up_registered_on_network(
    home: &Home,
    git_ref: Option<&str>,
    options: &SandboxOptions,
    network: NetworkChoice,
) -> Result<SandboxReport, AppError> {
    let repos = list(home);
    if repos.is_empty() {
        return Err(AppError::Input(format!(
            "no repos are registered in {}; add one with `factory repo add PATH`",
            home.layout.config_file().display()
        )));
    }
    let mut checkouts = Vec::new();
    for repo in repos {
        let path = match git_ref {
            None => repo.resolved_path.clone(),
            Some(branch) => checkout_for_branch(home, &repo.name, &repo.resolved_path, branch)?,
        };
        checkouts.push((repo.name, path));
    }
    let mut options = options.clone();
    if options.label.is_none() {
        options.label = Some(git_ref.unwrap_or("sandbox").to_string());
    }
    up_on_network(home, checkouts, &options, network).await
}

fn checkout_for_branch(home: &Home, repo: &str, checkout: &Path, branch: &str) -> Result<PathBuf, AppError> {
    let git = factory_git::Repo::open(checkout);
    if git.state()?.branch.as_deref() == Some(branch) || !git.branch_exists(branch)? {
        return Ok(checkout.to_path_buf());
    }
    let slug: String = branch.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '-' }).collect();
    let path = home.layout.worktrees_dir().join(format!("sandbox-{slug}")).join(repo);
    git.add_worktree(&path, branch, branch)?;
    Ok(path)
}

/// `sandbox status`: the sandbox `id`, or the newest one that is up, probed now.
pub async fn status(home: &Home, id: Option<&str>) -> Result<SandboxStatus, AppError> {
    reap_abandoned(home).await;
    let state = factory_sandbox::state::find(&home.layout.sandboxes_dir(), id).map_err(sandbox_error)?;
    Ok(factory_sandbox::status::status(&state).await)
}

/// Every sandbox recorded in the home, oldest first (any phase).
pub async fn list_sandboxes(home: &Home) -> Vec<SandboxStatus> {
    reap_abandoned(home).await;
    let mut all = Vec::new();
    for state in factory_sandbox::state::list(&home.layout.sandboxes_dir()) {
        all.push(factory_sandbox::status::status(&state).await);
    }
    all
}

/// Where a service's log is, for `sandbox logs SERVICE`.
#[derive(Debug, Clone, Serialize)]
pub struct ServiceLog {
    pub sandbox: String,
    pub service: String,
    pub log_path: PathBuf,
    /// Whether the service's process group is still alive (for `--follow`).
    pub running: bool,
}

/// The log of `service` in the sandbox `id` (or the newest one up).
pub fn service_log(home: &Home, id: Option<&str>, service: &str) -> Result<ServiceLog, AppError> {
    let sandboxes = home.layout.sandboxes_dir();
    let state = match id {
        Some(_) => factory_sandbox::state::find(&sandboxes, id),
        None => factory_sandbox::state::find(&sandboxes, None).or_else(|_| {
            factory_sandbox::state::list(&sandboxes).pop().ok_or_else(|| SandboxError::NotFound("no sandbox has been started in this home".into()))
        }),
    }
    .map_err(sandbox_error)?;
    let record = state.service(service).ok_or_else(|| {
        AppError::Input(format!(
            "sandbox {} has no service `{service}` (services: {})",
            state.id,
            state.services.iter().map(|record| record.name.as_str()).collect::<Vec<_>>().join(", ")
        ))
    })?;
    Ok(ServiceLog {
        sandbox: state.id.clone(),
        service: service.to_string(),
        log_path: record.log_path.clone(),
        running: record.pgid.is_some_and(factory_sandbox::process::group_alive),
    })
}

/// `sandbox down`: stops every process group of the sandbox `id` (or the newest one up).
pub async fn down(home: &Home, id: Option<&str>) -> Result<DownReport, AppError> {
    let state = factory_sandbox::state::find(&home.layout.sandboxes_dir(), id).map_err(sandbox_error)?;
    factory_sandbox::down(state).await.map_err(sandbox_error)
}

/// `factory verify`: runs every declared check against the sandbox `id`, or the newest one up;
/// with none up, brings one up on the registered repos, verifies, and brings it down again.
pub async fn verify(home: &Home, id: Option<&str>, only: Option<&str>) -> Result<VerifyReport, AppError> {
    reap_abandoned(home).await;
    let config = VerifyConfig { only: only.map(str::to_string), ..VerifyConfig::default() };
    match factory_sandbox::state::find(&home.layout.sandboxes_dir(), id) {
        Ok(state) if state.phase != SandboxPhase::Up => Err(AppError::Input(format!(
            "sandbox {} is {}, not up; bring one up with `factory sandbox up`",
            state.id,
            serde_json::to_value(state.phase).ok().and_then(|phase| phase.as_str().map(str::to_string)).unwrap_or_default()
        ))),
        Ok(state) => Ok(factory_sandbox::checks::verify(&state, &config).await),
        Err(SandboxError::NotFound(_)) if id.is_none() => {
            let report = up_registered(home, None, &SandboxOptions { label: Some("verify".into()), ..Default::default() }).await?;
            let state = SandboxState::load(&report.dir).map_err(sandbox_error)?;
            let verdicts = factory_sandbox::checks::verify(&state, &config).await;
            factory_sandbox::down(state).await.map_err(sandbox_error)?;
            Ok(verdicts)
        }
        Err(error) => Err(sandbox_error(error)),
    }
}

/// One step of a rollout rehearsal: which repos run the new version, and what the checks said.
#[derive(Debug, Clone, Serialize)]
pub struct RehearsalStep {
    /// Repos on the branch at this step; every other repo runs its current checkout.
    pub new_repos: Vec<String>,
    pub verdict: Verdict,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub report: Option<VerifyReport>,
    /// Why the step could not be verified (a service did not come up).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

/// `factory verify --rehearse --ref BRANCH`.
#[derive(Debug, Clone, Serialize)]
pub struct RehearsalReport {
    pub branch: String,
    /// The order the repos that have the branch are rolled out in.
    pub rollout_order: Vec<String>,
    pub verdict: Verdict,
    pub steps: Vec<RehearsalStep>,
}

/// Rehearses the rollout of `branch`: brings up, in turn, every mixed version the rollout order
/// passes through (nothing new, then the first repo new, then the first two, ...) and runs the
/// checks at each step. `rollout_order` is the plan's order; without it, providers come before
/// their consumers (the services' dependency order). Only repos that have the branch roll out.
pub async fn rehearse(home: &Home, branch: &str, rollout_order: Option<Vec<String>>) -> Result<RehearsalReport, AppError> {
    let repos = list(home);
    let mut old = Vec::new();
    let mut changed = Vec::new();
    for repo in &repos {
        let git = factory_git::Repo::open(&repo.resolved_path);
        if git.state()?.branch.as_deref() == Some(branch) {
            return Err(AppError::Input(format!(
                "the checkout of {} ({}) is on {branch}; a rehearsal needs the old version there: check out its main branch first",
                repo.name,
                repo.resolved_path.display()
            )));
        }
        old.push((repo.name.clone(), repo.resolved_path.clone()));
        if git.branch_exists(branch)? {
            changed.push(repo.name.clone());
        }
    }
    if changed.is_empty() {
        return Err(AppError::Input(format!("no registered repo has a branch named `{branch}`")));
    }
    let order = match rollout_order {
        Some(order) => order.into_iter().filter(|repo| changed.contains(repo)).collect(),
        None => providers_first(home, &old, &changed)?,
    };
    let mut steps = Vec::new();
    for count in 0..=order.len() {
        let new_repos: Vec<String> = order[..count].to_vec();
        let mut checkouts = Vec::new();
        for (name, path) in &old {
            let path = if new_repos.contains(name) { checkout_for_branch(home, name, path, branch)? } else { path.clone() };
            checkouts.push((name.clone(), path));
        }
        let options = SandboxOptions { label: Some(format!("rehearse-{count}")), ..SandboxOptions::default() };
        let step = match up(home, checkouts, &options).await {
            Err(AppError::Sandbox(error)) => {
                RehearsalStep { new_repos, verdict: Verdict::Fail, report: None, error: Some(error.to_string()) }
            }
            Err(other) => return Err(other),
            Ok(sandbox) => {
                let state = SandboxState::load(&sandbox.dir).map_err(sandbox_error)?;
                let report = factory_sandbox::checks::verify(&state, &VerifyConfig::default()).await;
                factory_sandbox::down(state).await.map_err(sandbox_error)?;
                RehearsalStep { new_repos, verdict: report.verdict, report: Some(report), error: None }
            }
        };
        steps.push(step);
    }
    let verdict = if steps.iter().any(|step| step.verdict == Verdict::Fail) {
        Verdict::Fail
    } else if steps.iter().all(|step| step.verdict == Verdict::Pass) {
        Verdict::Pass
    } else {
        Verdict::Unknown
    };
    Ok(RehearsalReport { branch: branch.to_string(), rollout_order: order, verdict, steps })
}

/// The `changed` repos, each after the repos whose services it depends on.
fn providers_first(home: &Home, checkouts: &[(String, PathBuf)], changed: &[String]) -> Result<Vec<String>, AppError> {
    let checkouts: Vec<Checkout> = checkouts.iter().map(|(repo, path)| Checkout { repo: repo.clone(), path: path.clone() }).collect();
    let org = factory_sandbox::declarations::load_org(&checkouts, &home_services_dir(home)).map_err(sandbox_error)?;
    let mut order: Vec<String> = Vec::new();
    for service in factory_sandbox::declarations::start_order(&org.services).map_err(sandbox_error)? {
        if changed.contains(&service.repo) && !order.contains(&service.repo) {
            order.push(service.repo.clone());
        }
    }
    order.extend(changed.iter().filter(|repo| !order.contains(repo)).cloned().collect::<Vec<_>>());
    Ok(order)
}

/// `verify` on a sandbox already loaded by the caller (the run engine).
pub async fn verify_sandbox(home: &Home, id: &str) -> Result<VerifyReport, AppError> {
    let state = factory_sandbox::state::find(&home.layout.sandboxes_dir(), Some(id)).map_err(sandbox_error)?;
    Ok(factory_sandbox::checks::verify(&state, &VerifyConfig::default()).await)
}

/// `factory doctor`: which isolation, browser and interpreter this machine offers, and why.
pub async fn doctor() -> DoctorReport {
    factory_sandbox::doctor::doctor().await
}

/// Stops sandboxes whose `sandbox up` was killed before it finished. Every factory command may
/// call this first; it is cheap when there is nothing to reap.
pub async fn reap_abandoned(home: &Home) -> Vec<String> {
    factory_sandbox::reap_abandoned(&home.layout.sandboxes_dir()).await
}

/// Stops every sandbox this process started and has not brought down: call it when `up` or a
/// `verify` that brought its own sandbox is interrupted (Ctrl-C).
pub async fn stop_own_sandboxes(home: &Home) -> Vec<String> {
    factory_sandbox::stop_sandboxes_of_this_process(&home.layout.sandboxes_dir()).await
}

fn home_services_dir(home: &Home) -> PathBuf {
    home.root().join(HOME_SERVICES_DIR)
}

fn sandbox_error(error: SandboxError) -> AppError {
    if error.is_bad_input() { AppError::Input(error.to_string()) } else { AppError::Sandbox(error) }
}
