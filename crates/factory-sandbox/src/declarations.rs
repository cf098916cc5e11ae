//! Service and check declarations: `.factory/services.toml` in a repo, the same file in the home
//! (`services/<repo>.toml`) for repos without one, or a `Procfile` as the last fallback.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::SandboxError;

/// Where a repo declares its services, relative to its checkout.
pub const REPO_SERVICES_FILE: &str = ".factory/services.toml";

/// One repo's checkout the sandbox runs: registered repo name and the folder to run it from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Checkout {
    pub repo: String,
    pub path: PathBuf,
}

/// The whole of a `services.toml`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct ServicesFile {
    #[serde(default, rename = "service")]
    services: Vec<ServiceSpec>,
    #[serde(default, rename = "check")]
    checks: Vec<CheckSpec>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ServiceSpec {
    name: String,
    command: Vec<String>,
    #[serde(default = "current_dir")]
    cwd: String,
    #[serde(default)]
    ports: Vec<String>,
    #[serde(default)]
    env: BTreeMap<String, String>,
    #[serde(default)]
    depends_on: Vec<Dependency>,
    #[serde(default)]
    setup: Vec<Vec<String>>,
    #[serde(default)]
    seed: Vec<Vec<String>>,
    #[serde(default)]
    ready: Option<ReadySpec>,
    #[serde(default)]
    stop: StopSpec,
}

fn current_dir() -> String {
    ".".to_string()
}

/// `depends_on = [{ service = "orders-api", condition = "healthy" }]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Dependency {
    pub service: String,
    #[serde(default)]
    pub condition: Condition,
}

/// What a dependent waits for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Condition {
    /// The process was spawned.
    #[default]
    Started,
    /// Its readiness probe passed and its seed steps ran.
    Healthy,
    /// It exited with status 0 (a one-shot job).
    Completed,
}

/// `ready = { http = "/health", period_ms = 100, timeout_ms = 1000, failure_threshold = 50 }`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct ReadySpec {
    http: Option<String>,
    tcp: Option<String>,
    exec: Option<Vec<String>>,
    log: Option<String>,
    #[serde(default = "default_period_ms")]
    period_ms: u64,
    #[serde(default = "default_timeout_ms")]
    timeout_ms: u64,
    #[serde(default = "default_failure_threshold")]
    failure_threshold: u32,
}

fn default_period_ms() -> u64 {
    200
}
fn default_timeout_ms() -> u64 {
    1000
}
fn default_failure_threshold() -> u32 {
    150
}

/// How a service is probed for readiness.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Probe {
    /// GET this path on the service's first port; any 2xx or 3xx is ready.
    Http(String),
    /// A TCP connection to this named port succeeds.
    Tcp(String),
    /// This command exits 0.
    Exec(Vec<String>),
    /// The service's log contains this text.
    Log(String),
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Readiness {
    pub probe: Probe,
    pub period_ms: u64,
    pub timeout_ms: u64,
    pub failure_threshold: u32,
}

/// `stop = { signal = "TERM", grace_ms = 2000 }`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StopSpec {
    #[serde(default = "default_signal")]
    pub signal: String,
    #[serde(default = "default_grace_ms")]
    pub grace_ms: u64,
}

fn default_signal() -> String {
    "TERM".to_string()
}
fn default_grace_ms() -> u64 {
    2000
}

impl Default for StopSpec {
    fn default() -> Self {
        Self { signal: default_signal(), grace_ms: default_grace_ms() }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct CheckSpec {
    name: String,
    kind: CheckKind,
    command: Option<Vec<String>>,
    cwd: Option<String>,
    junit: Option<String>,
    service: Option<String>,
    path: Option<String>,
    wait_for: Option<String>,
    expect_text: Option<String>,
    screenshot: Option<String>,
    openapi: Option<String>,
    asyncapi: Option<String>,
    pact: Option<String>,
    min_messages: Option<usize>,
    timeout_ms: Option<u64>,
}

/// The kinds of check a repo can declare.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum CheckKind {
    Command,
    HttpContract,
    Message,
    Pact,
    Browser,
}

/// A service, resolved against the repo that declares it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceDeclaration {
    pub name: String,
    pub repo: String,
    pub repo_dir: PathBuf,
    /// The file it was read from.
    pub source: PathBuf,
    pub command: Vec<String>,
    pub cwd: PathBuf,
    pub ports: Vec<String>,
    pub env: BTreeMap<String, String>,
    pub depends_on: Vec<Dependency>,
    pub setup: Vec<Vec<String>>,
    pub seed: Vec<Vec<String>>,
    pub ready: Option<Readiness>,
    pub stop: StopSpec,
}

/// A check, resolved against the repo that declares it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CheckDeclaration {
    pub name: String,
    pub kind: CheckKind,
    pub repo: String,
    pub repo_dir: PathBuf,
    pub source: PathBuf,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub command: Option<Vec<String>>,
    pub cwd: PathBuf,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub junit: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub service: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wait_for: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub expect_text: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub screenshot: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub openapi: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub asyncapi: Option<String>,
    /// For a `pact` check: the pact file, relative to the repo declaring the check (the consumer).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pact: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_messages: Option<usize>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timeout_ms: Option<u64>,
}

/// Every service and check of the checkouts, validated together.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrgDeclarations {
    pub services: Vec<ServiceDeclaration>,
    pub checks: Vec<CheckDeclaration>,
    /// Repos that declare nothing (no services.toml, no home file, no Procfile).
    pub undeclared_repos: Vec<String>,
}

/// Reads the declarations of every checkout: the repo's `.factory/services.toml`, else
/// `home_services_dir/<repo>.toml`, else the repo's `Procfile`; then checks they fit together.
pub fn load_org(checkouts: &[Checkout], home_services_dir: &Path) -> Result<OrgDeclarations, SandboxError> {
    let mut org = OrgDeclarations::default();
    for checkout in checkouts {
        let in_repo = checkout.path.join(REPO_SERVICES_FILE);
        let in_home = home_services_dir.join(format!("{}.toml", checkout.repo));
        let procfile = checkout.path.join("Procfile");
        let (services, checks) = if in_repo.is_file() {
            parse_services_file(&read(&in_repo)?, &in_repo, checkout)?
        } else if in_home.is_file() {
            parse_services_file(&read(&in_home)?, &in_home, checkout)?
        } else if procfile.is_file() {
            (crate::procfile::parse_procfile(&read(&procfile)?, &procfile, checkout)?, Vec::new())
        } else {
            org.undeclared_repos.push(checkout.repo.clone());
            continue;
        };
        org.services.extend(services);
        org.checks.extend(checks);
    }
    validate_org(&org)?;
    Ok(org)
}

fn read(path: &Path) -> Result<String, SandboxError> {
    std::fs::read_to_string(path).map_err(SandboxError::io(path))
}

/// Parses one `services.toml` declared for `checkout`. Errors name `path` and the key.
pub fn parse_services_file(
    text: &str,
    path: &Path,
    checkout: &Checkout,
) -> Result<(Vec<ServiceDeclaration>, Vec<CheckDeclaration>), SandboxError> {
    let bad = |message: String| SandboxError::Declaration { path: path.to_path_buf(), message };
    let file: ServicesFile = toml::from_str(text).map_err(|error| bad(error.to_string().trim_end().to_string()))?;
    let mut services = Vec::new();
    for (index, spec) in file.services.into_iter().enumerate() {
        let key = format!("service[{index}] (`{}`)", spec.name);
        services.push(resolve_service(spec, &key, path, checkout)?);
    }
    let mut checks = Vec::new();
    for (index, spec) in file.checks.into_iter().enumerate() {
        let key = format!("check[{index}] (`{}`)", spec.name);
        checks.push(resolve_check(spec, &key, path, checkout)?);
    }
    Ok((services, checks))
}

fn resolve_service(spec: ServiceSpec, key: &str, path: &Path, checkout: &Checkout) -> Result<ServiceDeclaration, SandboxError> {
    let bad = |message: String| SandboxError::Declaration { path: path.to_path_buf(), message: format!("{key}: {message}") };
    if !is_service_name(&spec.name) {
        return Err(bad("`name` must be lowercase letters, digits and `-`".into()));
    }
    if spec.command.is_empty() {
        return Err(bad("`command` is empty; give the program and its arguments as a list".into()));
    }
    for (field, steps) in [("setup", &spec.setup), ("seed", &spec.seed)] {
        if let Some(position) = steps.iter().position(Vec::is_empty) {
            return Err(bad(format!("`{field}[{position}]` is an empty command")));
        }
    }
    let mut seen = BTreeSet::new();
    for port in &spec.ports {
        if !seen.insert(port) || !is_service_name(port) {
            return Err(bad(format!("`ports`: `{port}` is repeated or not a plain lowercase name")));
        }
    }
    let ready = match spec.ready {
        None => None,
        Some(ready) => {
            let mut probes = Vec::new();
            if let Some(http) = ready.http {
                if spec.ports.is_empty() {
                    return Err(bad("`ready.http` needs a port; add `ports = [\"http\"]`".into()));
                }
                probes.push(Probe::Http(http));
            }
            if let Some(tcp) = ready.tcp {
                if !spec.ports.contains(&tcp) {
                    return Err(bad(format!("`ready.tcp` names port `{tcp}`, which is not in `ports`")));
                }
                probes.push(Probe::Tcp(tcp));
            }
            if let Some(exec) = ready.exec {
                if exec.is_empty() {
                    return Err(bad("`ready.exec` is an empty command".into()));
                }
                probes.push(Probe::Exec(exec));
            }
            if let Some(log) = ready.log {
                probes.push(Probe::Log(log));
            }
            if probes.len() != 1 {
                return Err(bad("`ready` needs exactly one of `http`, `tcp`, `exec`, `log`".into()));
            }
            if ready.failure_threshold == 0 || ready.period_ms == 0 {
                return Err(bad("`ready.failure_threshold` and `ready.period_ms` must be above 0".into()));
            }
            Some(Readiness {
                probe: probes.remove(0),
                period_ms: ready.period_ms,
                timeout_ms: ready.timeout_ms,
                failure_threshold: ready.failure_threshold,
            })
        }
    };
    if crate::process::signal_from_name(&spec.stop.signal).is_none() {
        return Err(bad(format!("`stop.signal`: `{}` is not a signal name (TERM, INT, QUIT, HUP, KILL, USR1, USR2)", spec.stop.signal)));
    }
    Ok(ServiceDeclaration {
        cwd: checkout.path.join(&spec.cwd),
        name: spec.name,
        repo: checkout.repo.clone(),
        repo_dir: checkout.path.clone(),
        source: path.to_path_buf(),
        command: spec.command,
        ports: spec.ports,
        env: spec.env,
        depends_on: spec.depends_on,
        setup: spec.setup,
        seed: spec.seed,
        ready,
        stop: spec.stop,
    })
}

fn resolve_check(spec: CheckSpec, key: &str, path: &Path, checkout: &Checkout) -> Result<CheckDeclaration, SandboxError> {
    let bad = |message: String| SandboxError::Declaration { path: path.to_path_buf(), message: format!("{key}: {message}") };
    match spec.kind {
        CheckKind::Command if spec.command.as_ref().is_none_or(Vec::is_empty) => {
            return Err(bad("a `command` check needs `command = [\"program\", \"arg\"]`".into()));
        }
        CheckKind::Pact if spec.pact.is_none() => {
            return Err(bad("a `pact` check needs `pact = \"<path of the pact file in this repo>\"` and `service = \"<provider>\"`".into()));
        }
        CheckKind::HttpContract | CheckKind::Message | CheckKind::Browser | CheckKind::Pact if spec.service.is_none() => {
            return Err(bad("this kind of check needs `service = \"<service name>\"`".into()));
        }
        _ => {}
    }
    Ok(CheckDeclaration {
        name: spec.name,
        kind: spec.kind,
        repo: checkout.repo.clone(),
        repo_dir: checkout.path.clone(),
        source: path.to_path_buf(),
        command: spec.command,
        cwd: checkout.path.join(spec.cwd.as_deref().unwrap_or(".")),
        junit: spec.junit,
        service: spec.service,
        path: spec.path,
        wait_for: spec.wait_for,
        expect_text: spec.expect_text,
        screenshot: spec.screenshot,
        openapi: spec.openapi,
        asyncapi: spec.asyncapi,
        pact: spec.pact,
        min_messages: spec.min_messages,
        timeout_ms: spec.timeout_ms,
    })
}

fn is_service_name(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_')
}

/// Names are unique across the org, dependencies exist, and there is no cycle.
fn validate_org(org: &OrgDeclarations) -> Result<(), SandboxError> {
    let mut names = BTreeMap::new();
    for service in &org.services {
        if let Some(other) = names.insert(service.name.as_str(), service) {
            return Err(SandboxError::Org(format!(
                "service `{}` is declared twice: in {} and in {}; rename one of them",
                service.name,
                other.source.display(),
                service.source.display()
            )));
        }
    }
    for service in &org.services {
        for dependency in &service.depends_on {
            if !names.contains_key(dependency.service.as_str()) {
                return Err(SandboxError::Declaration {
                    path: service.source.clone(),
                    message: format!(
                        "service `{}` depends on `{}`, which no checkout declares (declared: {})",
                        service.name,
                        dependency.service,
                        names.keys().copied().collect::<Vec<_>>().join(", ")
                    ),
                });
            }
        }
    }
    start_order(&org.services).map(|_| ())
}

/// The services in an order where each comes after everything it depends on.
pub fn start_order(services: &[ServiceDeclaration]) -> Result<Vec<&ServiceDeclaration>, SandboxError> {
    let mut ordered: Vec<&ServiceDeclaration> = Vec::new();
    let mut placed = BTreeSet::new();
    while ordered.len() < services.len() {
        let ready: Vec<&ServiceDeclaration> = services
            .iter()
            .filter(|service| !placed.contains(service.name.as_str()))
            .filter(|service| service.depends_on.iter().all(|dependency| placed.contains(dependency.service.as_str())))
            .collect();
        if ready.is_empty() {
            let stuck: Vec<&str> =
                services.iter().map(|service| service.name.as_str()).filter(|name| !placed.contains(name)).collect();
            return Err(SandboxError::Org(format!(
                "the `depends_on` of services {} form a cycle; remove one of the dependencies",
                stuck.join(", ")
            )));
        }
        for service in ready {
            placed.insert(service.name.as_str());
            ordered.push(service);
        }
    }
    Ok(ordered)
}

/// `orders-api` -> `ORDERS_API`, for `<SERVICE>_URL` and `<PORT>_PORT` variables.
pub fn env_name(name: &str) -> String {
    name.to_uppercase().replace('-', "_")
}
