//! Bringing a sandbox up and down: ports, folders, setup, start in dependency order (in parallel
//! where independent), readiness, seed; and stopping every process group with its signal, a
//! grace period, then SIGKILL.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use serde::Serialize;
use tokio::sync::watch;

use crate::declarations::{Condition, ServiceDeclaration, load_org, start_order};
use crate::records::{append, elapsed_ms, indent, new_record, new_sandbox_dir, unix_ms};
pub use crate::records::exit_file;
use crate::isolation::{self, Isolation, IsolationChoice, Lifetime};
use crate::network::{Network, NetworkChoice};
use crate::process::{self, Exit, StepOutcome};
use crate::state::{self, SandboxPhase, SandboxState, ServiceRecord, ServiceState};
use crate::SandboxError;

/// The first wait between readiness probes; it doubles up to the declared period.
const FIRST_PROBE_WAIT: Duration = Duration::from_millis(10);

/// The longest wait between cheap probes (http, tcp, log line): a local probe costs next to
/// nothing, and seeing a service ready sooner is what makes the sandbox come up fast. Exec
/// probes, which start a process each time, keep the declared period.
const CHEAP_PROBE_MAX_WAIT: Duration = Duration::from_millis(25);

/// How many log lines a failure shows.
pub const LOG_TAIL_LINES: usize = 20;

/// Settings of `up`.
#[derive(Debug, Clone)]
pub struct UpConfig {
    pub isolation: IsolationChoice,
    /// `private` gives the sandbox a loopback-only network of its own (needs bwrap).
    pub network: NetworkChoice,
    /// The limit of each setup and seed step.
    pub step_timeout: Duration,
    /// Starts the sandbox id (`main`, a run id); a timestamp follows.
    pub label: String,
}

impl Default for UpConfig {
    fn default() -> Self {
        Self { isolation: IsolationChoice::Auto, network: NetworkChoice::Host, step_timeout: Duration::from_secs(300), label: "sandbox".to_string() }
    }
}

/// Brings up every service the `checkouts` declare, in a new sandbox under `sandboxes_dir`.
/// Returns once every service is healthy (or completed); they keep running after the caller
/// exits. On failure everything started is stopped again and the error names the service and
/// shows its last log lines.
pub async fn up(
    sandboxes_dir: &Path,
    home_services_dir: &Path,
    checkouts: &[crate::Checkout],
    config: &UpConfig,
) -> Result<SandboxState, SandboxError> {
    let started_at = Instant::now();
    reap_abandoned(sandboxes_dir).await;
    let org = load_org(checkouts, home_services_dir)?;
    let isolation = isolation::detect(config.isolation).await;
    let (id, dir) = new_sandbox_dir(sandboxes_dir, &config.label)?;
    let allocated = crate::ports::allocate(org.services.iter().map(|service| (service.name.as_str(), service.ports.as_slice())))?;
    let urls: BTreeMap<String, String> = org
        .services
        .iter()
        .filter_map(|service| {
            let port = service.ports.first().and_then(|name| allocated.get(&service.name)?.get(name))?;
            Some((service.name.clone(), format!("http://127.0.0.1:{port}")))
        })
        .collect();
    let mut records = Vec::new();
    for service in &org.services {
        let ports = allocated.get(&service.name).cloned().unwrap_or_default();
        records.push(new_record(service, &dir, ports, &urls)?);
    }
    let mut isolation_note = isolation.note();
    let network = match (config.network, &isolation) {
        (NetworkChoice::Host, _) => Network::Host,
        (NetworkChoice::Private | NetworkChoice::Auto, Isolation::Bwrap { path }) if crate::network::nsenter_available() => {
            match (crate::network::start_private_network(path), config.network) {
                (Ok(network), _) => network,
                (Err(source), NetworkChoice::Private) => {
                    return Err(SandboxError::Spawn { service: "(private network)".into(), command: path.display().to_string(), source });
                }
                (Err(error), _) => {
                    isolation_note = Some(format!("the private network could not start ({error}), so the host network is used"));
                    Network::Host
                }
            }
        }
        (NetworkChoice::Private, Isolation::Bwrap { .. }) => {
            return Err(SandboxError::Org("a private network needs nsenter (util-linux), which is not installed".into()));
        }
        (NetworkChoice::Auto, Isolation::Bwrap { .. }) => {
            isolation_note = Some("no nsenter (util-linux), so the sandbox shares the host network".into());
            Network::Host
        }
        (NetworkChoice::Private, Isolation::None { reason }) => {
            return Err(SandboxError::Org(format!("a private network needs bwrap: {reason}")));
        }
        (NetworkChoice::Auto, Isolation::None { reason }) => {
            isolation_note = Some(format!("a private network needs bwrap, so the host network is used: {reason}"));
            Network::Host
        }
    };
    if network.netns().is_some() {
        isolation_note = Some("a private loopback-only network: the services are reachable only from inside the sandbox".into());
    }
    let state = SandboxState {
        id: id.clone(),
        dir: dir.clone(),
        phase: SandboxPhase::Starting,
        owner_pid: std::process::id(),
        owner_started: process::start_ticks(std::process::id()),
        created_at_unix_ms: unix_ms(),
        isolation: isolation.name().to_string(),
        isolation_note,
        network: network.clone(),
        checkouts: checkouts.to_vec(),
        services: records,
        checks: org.checks.clone(),
        undeclared_repos: org.undeclared_repos.clone(),
        reason: None,
    };
    state.save()?;
    tracing::info!(sandbox = %id, isolation = isolation.name(), "bringing the sandbox up");

    let shared = Arc::new(Mutex::new(state));
    let mut progress_senders = BTreeMap::new();
    let mut progress = BTreeMap::new();
    let mut exits = BTreeMap::new();
    let mut exit_senders = BTreeMap::new();
    for service in &org.services {
        let (sender, receiver) = watch::channel(Progress::Pending);
        progress_senders.insert(service.name.clone(), sender);
        progress.insert(service.name.clone(), receiver);
        let (sender, receiver) = watch::channel(None::<Exit>);
        exit_senders.insert(service.name.clone(), Arc::new(sender));
        exits.insert(service.name.clone(), receiver);
    }
    let mut tasks = tokio::task::JoinSet::new();
    for service in start_order(&org.services)? {
        let context = StartContext {
            service: service.clone(),
            shared: Arc::clone(&shared),
            progress: progress.clone(),
            exits: exits.clone(),
            exit_sender: Arc::clone(&exit_senders[&service.name]),
            isolation: isolation.clone(),
            network: network.clone(),
            step_timeout: config.step_timeout,
            started_at,
        };
        let sender = progress_senders.remove(&service.name).expect("one progress channel per service");
        tasks.spawn(async move {
            let name = context.service.name.clone();
            let result = start_service(&context, &sender).await;
            let outcome = match &result {
                Ok(()) => Progress::Healthy,
                Err(_) => Progress::Failed,
            };
            sender.send_replace(outcome);
            (name, result)
        });
    }
    let mut failures = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        match joined {
            Ok((_, Ok(()))) => {}
            Ok((name, Err(failure))) => {
                // The sandbox cannot come up: stop waiting for the others (what they started is
                // recorded, and stopped below).
                if !failure.dependency {
                    tasks.abort_all();
                }
                failures.push((name, failure));
            }
            Err(error) if error.is_cancelled() => {}
            Err(error) => failures.push(("?".to_string(), Failure::own(format!("the start task panicked: {error}")))),
        }
    }
    let mut state = shared.lock().map(|state| state.clone()).map_err(|_| SandboxError::Org("sandbox state lock poisoned".into()))?;
    if failures.is_empty() {
        state.phase = SandboxPhase::Up;
        state.save()?;
        tracing::info!(sandbox = %id, elapsed_ms = started_at.elapsed().as_millis() as u64, "sandbox is up");
        return Ok(state);
    }
    failures.sort_by_key(|(_, failure)| failure.dependency);
    let (service, failure) = failures.remove(0);
    let explained_by = failure.blame.clone().unwrap_or_else(|| service.clone());
    let log = state.service(&explained_by).map(|record| record.log_path.clone()).unwrap_or_default();
    stop_all(&mut state).await;
    for (name, failure) in std::iter::once((service.clone(), failure.clone())).chain(failures) {
        if let Some(record) = state.service_mut(&name) {
            record.state = ServiceState::Failed;
            record.reason = Some(failure.reason);
        }
    }
    state.phase = SandboxPhase::Failed;
    state.reason = Some(format!("service `{service}`: {}", failure.reason));
    state.save()?;
    Err(SandboxError::Startup {
        sandbox: id,
        service: explained_by,
        reason: format!("service `{service}` {}", failure.reason),
        last_lines: indent(&process::last_lines(&log, LOG_TAIL_LINES)),
        log,
    })
}

/// What `down` did to one service.
#[derive(Debug, Clone, Serialize)]
pub struct StoppedService {
    pub name: String,
    pub pgid: Option<u32>,
    /// The grace period ran out and the group was SIGKILLed.
    pub killed: bool,
    pub duration_ms: u64,
}

/// What `down` did.
#[derive(Debug, Clone, Serialize)]
pub struct DownReport {
    pub id: String,
    pub services: Vec<StoppedService>,
    pub duration_ms: u64,
    /// Processes still alive in the sandbox's groups afterwards (should be empty).
    pub leftover_pids: Vec<u32>,
}

/// Stops every process group of the sandbox and records it as down.
pub async fn down(mut state: SandboxState) -> Result<DownReport, SandboxError> {
    let started = Instant::now();
    let services = stop_all(&mut state).await;
    state.phase = SandboxPhase::Down;
    state.save()?;
    let holder = match &state.network {
        Network::Private { holder_pgid, .. } => Some(*holder_pgid),
        Network::Host => None,
    };
    let leftover_pids = state
        .services
        .iter()
        .flat_map(|record| record.pgid.into_iter().chain(record.step_pgid))
        .chain(holder)
        .flat_map(process::group_members)
        .collect();
    Ok(DownReport { id: state.id, services, duration_ms: elapsed_ms(started), leftover_pids })
}

/// Stops every sandbox whose `up` was abandoned (phase `starting` and its factory process gone,
/// e.g. SIGKILLed). Returns the ids reaped. Errors are logged, never fatal: this runs at the
/// start of other commands.
pub async fn reap_abandoned(sandboxes_dir: &Path) -> Vec<String> {
    let abandoned = |state: &SandboxState| {
        state.owner_pid != std::process::id() && !process::same_process_alive(state.owner_pid, state.owner_started)
    };
    reap_starting(sandboxes_dir, abandoned, "reaped: the factory process that started it is gone").await
}

/// Stops every sandbox this process started and has not brought down (after Ctrl-C
/// interrupted `up`, or a `verify` that brought its own sandbox up).
pub async fn stop_sandboxes_of_this_process(sandboxes_dir: &Path) -> Vec<String> {
    let own = |state: &SandboxState| {
        state.owner_pid == std::process::id() && matches!(state.phase, SandboxPhase::Starting | SandboxPhase::Up)
    };
    reap(sandboxes_dir, own, "interrupted").await
}

async fn reap_starting(sandboxes_dir: &Path, select: impl Fn(&SandboxState) -> bool, reason: &str) -> Vec<String> {
    reap(sandboxes_dir, |state: &SandboxState| state.phase == SandboxPhase::Starting && select(state), reason).await
}

async fn reap(sandboxes_dir: &Path, select: impl Fn(&SandboxState) -> bool, reason: &str) -> Vec<String> {
    let mut reaped = Vec::new();
    for mut state in state::list(sandboxes_dir) {
        if !select(&state) {
            continue;
        }
        tracing::warn!(sandbox = %state.id, owner = state.owner_pid, "{reason}");
        stop_all(&mut state).await;
        state.phase = SandboxPhase::Down;
        state.reason = Some(format!("{reason} (factory process {})", state.owner_pid));
        if let Err(error) = state.save() {
            tracing::warn!(%error, "could not record the reaped sandbox");
        }
        reaped.push(state.id);
    }
    reaped
}

async fn stop_all(state: &mut SandboxState) -> Vec<StoppedService> {
    let mut tasks = tokio::task::JoinSet::new();
    for record in &state.services {
        let record = record.clone();
        tasks.spawn(async move {
            let started = Instant::now();
            if let Some(step) = record.step_pgid {
                process::kill_group(step, nix::sys::signal::Signal::SIGKILL);
            }
            let signal = process::signal_from_name(&record.stop.signal).unwrap_or(nix::sys::signal::Signal::SIGTERM);
            let killed = match record.pgid {
                // A leader pid now held by another process means our group ended long ago (the
                // kernel reuses a pid only once its old group is empty): leave that group alone.
                Some(pgid) if process::pid_alive(pgid) && !process::same_process_alive(pgid, record.started_ticks) => false,
                Some(pgid) => process::stop_group(pgid, signal, Duration::from_millis(record.stop.grace_ms)).await,
                None => false,
            };
            StoppedService { name: record.name, pgid: record.pgid, killed, duration_ms: elapsed_ms(started) }
        });
    }
    let mut stopped = Vec::new();
    while let Some(Ok(service)) = tasks.join_next().await {
        stopped.push(service);
    }
    stopped.sort_by(|a, b| a.name.cmp(&b.name));
    if let Network::Private { holder_pgid, holder_started, .. } = &state.network
        && (!process::pid_alive(*holder_pgid) || process::same_process_alive(*holder_pgid, *holder_started))
    {
        process::stop_group(*holder_pgid, nix::sys::signal::Signal::SIGKILL, Duration::from_millis(500)).await;
    }
    for record in &mut state.services {
        if record.state != ServiceState::Failed {
            record.state = ServiceState::Stopped;
        }
        record.step_pgid = None;
    }
    stopped
}

/// What dependents see of a service while the sandbox comes up.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Progress {
    Pending,
    Started,
    Healthy,
    Failed,
}

#[derive(Debug, Clone)]
struct Failure {
    reason: String,
    /// It failed because something it depends on failed (not the root cause).
    dependency: bool,
    /// The service whose log explains it, when not this one.
    blame: Option<String>,
}

impl Failure {
    fn own(reason: String) -> Self {
        Self { reason, dependency: false, blame: None }
    }
}

struct StartContext {
    service: ServiceDeclaration,
    shared: Arc<Mutex<SandboxState>>,
    progress: BTreeMap<String, watch::Receiver<Progress>>,
    exits: BTreeMap<String, watch::Receiver<Option<Exit>>>,
    exit_sender: Arc<watch::Sender<Option<Exit>>>,
    isolation: Isolation,
    network: Network,
    step_timeout: Duration,
    started_at: Instant,
}

impl StartContext {
    fn update(&self, change: impl FnOnce(&mut ServiceRecord)) -> Result<ServiceRecord, Failure> {
        let mut state = self.shared.lock().map_err(|_| Failure::own("sandbox state lock poisoned".into()))?;
        let record = state.service_mut(&self.service.name).ok_or_else(|| Failure::own("service missing from the state".into()))?;
        change(record);
        let record = record.clone();
        state.save().map_err(|error| Failure::own(format!("could not record its state: {error}")))?;
        Ok(record)
    }
}

async fn start_service(context: &StartContext, progress: &watch::Sender<Progress>) -> Result<(), Failure> {
    let service = &context.service;
    for dependency in &service.depends_on {
        wait_for_dependency(context, &dependency.service, dependency.condition).await?;
    }
    let record = context.update(|_| {})?;
    let writable = [record.repo_dir.as_path(), record.sandbox_dir.as_path()];
    // Setup steps (installs, migrations) keep the host network; seed steps talk to the services.
    run_steps(context, "setup", &service.setup, &record, &writable, &Network::Host).await?;
    let argv = context.network.enter(isolation::wrap(&context.isolation, &service.command, &writable, &record.cwd, Lifetime::Service));
    let log_offset = std::fs::metadata(&record.log_path).map(|meta| meta.len()).unwrap_or(0);
    let exit_sender = Arc::clone(&context.exit_sender);
    let exit_file = exit_file(&record.log_path);
    let pid = process::spawn_detached(&argv, &record.cwd, &record.env, &record.log_path, move |exit| {
        // Kept for `status`, which may run in another process once this one is gone.
        let _ = std::fs::write(&exit_file, exit.to_string());
        exit_sender.send_replace(Some(exit));
    })
    .map_err(|error| Failure::own(format!("could not start `{}`: {error}", service.command.join(" "))))?;
    context.update(|record| {
        record.pid = Some(pid);
        record.started_ticks = process::start_ticks(pid);
        record.pgid = Some(pid);
    })?;
    progress.send_replace(Progress::Started);
    tracing::debug!(service = %service.name, pid, "started");

    let exit = context.exits.get(&service.name).cloned().ok_or_else(|| Failure::own("no exit channel".into()))?;
    if let Some(readiness) = &service.ready {
        // Probing starts fast and backs off (to 25 ms for cheap probes, to the declared period
        // for exec probes), so a quick service is seen ready within milliseconds; the service
        // fails when it is not ready within failure_threshold x period_ms.
        let period = Duration::from_millis(readiness.period_ms);
        let budget = period.saturating_mul(readiness.failure_threshold);
        let probing_since = Instant::now();
        let longest_wait = match readiness.probe {
            crate::declarations::Probe::Exec(_) => period,
            _ => period.min(CHEAP_PROBE_MAX_WAIT),
        };
        let mut wait = FIRST_PROBE_WAIT.min(longest_wait);
        let mut last_error;
        let mut attempts = 0;
        loop {
            if let Some(ended) = *exit.borrow() {
                return Err(Failure::own(format!("exited ({ended}) before it was ready")));
            }
            match crate::readiness::probe_once(readiness, &record, log_offset, &context.network).await {
                Ok(()) => break,
                Err(error) => last_error = error,
            }
            attempts += 1;
            if probing_since.elapsed() >= budget {
                return Err(Failure::own(format!(
                    "did not become ready within {} ms (failure_threshold {} x period_ms {}): {} kept failing, {attempts} probes (last: {last_error})",
                    budget.as_millis(),
                    readiness.failure_threshold,
                    readiness.period_ms,
                    crate::readiness::describe(&readiness.probe),
                )));
            }
            tokio::time::sleep(wait).await;
            wait = (wait * 2).min(longest_wait);
        }
    }
    run_steps(context, "seed", &service.seed, &record, &writable, &context.network).await?;
    let completed = matches!(*exit.borrow(), Some(Exit::Code(0)));
    let ready_after = elapsed_ms(context.started_at);
    context.update(|record| {
        record.state = if completed { ServiceState::Completed } else { ServiceState::Healthy };
        record.ready_after_ms = Some(ready_after);
    })?;
    progress.send_replace(Progress::Healthy);
    Ok(())
}

async fn wait_for_dependency(context: &StartContext, name: &str, condition: Condition) -> Result<(), Failure> {
    let failed = |reason: String| Failure { reason, dependency: true, blame: None };
    let mut progress = context.progress.get(name).cloned().ok_or_else(|| failed(format!("depends on unknown `{name}`")))?;
    let mut exit = context.exits.get(name).cloned().ok_or_else(|| failed(format!("depends on unknown `{name}`")))?;
    loop {
        let now = *progress.borrow_and_update();
        if now == Progress::Failed {
            return Err(failed(format!("was not started: `{name}`, which it depends on, failed")));
        }
        let ended = *exit.borrow_and_update();
        match (condition, now, ended) {
            (Condition::Started, Progress::Started | Progress::Healthy, _) => return Ok(()),
            (Condition::Healthy, Progress::Healthy, _) => return Ok(()),
            (Condition::Completed, _, Some(Exit::Code(0))) => return Ok(()),
            (Condition::Completed, _, Some(other)) => {
                return Err(Failure {
                    reason: format!("was not started: `{name}` had to complete but ended with {other}"),
                    dependency: false,
                    blame: Some(name.to_string()),
                });
            }
            _ => {}
        }
        tokio::select! {
            _ = progress.changed() => {}
            _ = exit.changed() => {}
        }
    }
}

async fn run_steps(
    context: &StartContext,
    kind: &str,
    steps: &[Vec<String>],
    record: &ServiceRecord,
    writable: &[&Path],
    network: &Network,
) -> Result<(), Failure> {
    for step in steps {
        let argv = network.enter(isolation::wrap(&context.isolation, step, writable, &record.cwd, Lifetime::Step));
        let banner = format!("--- factory: {kind} step `{}`\n", step.join(" "));
        append(&record.log_path, &banner);
        let outcome = process::run_step(&argv, &record.cwd, &record.env, &record.log_path, context.step_timeout, |pid| {
            let _ = context.update(|record| record.step_pgid = Some(pid));
        })
        .await;
        context.update(|record| record.step_pgid = None)?;
        match outcome {
            Ok(StepOutcome::Exited(Exit::Code(0))) => {}
            Ok(StepOutcome::Exited(exit)) => return Err(Failure::own(format!("{kind} step `{}` ended with {exit}", step.join(" ")))),
            Ok(StepOutcome::TimedOut) => {
                return Err(Failure::own(format!(
                    "{kind} step `{}` took over {} s and was killed",
                    step.join(" "),
                    context.step_timeout.as_secs()
                )));
            }
            Err(error) => return Err(Failure::own(format!("{kind} step `{}` could not run: {error}", step.join(" ")))),
        }
    }
    Ok(())
}
