//! The state file of one sandbox, `<sandboxes>/<id>/state.json`: what was started, with which
//! pids, process groups, ports and logs. Written after every spawn, so any later process can
//! report on it, stop it, or reap it.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::declarations::{CheckDeclaration, Checkout, Dependency, Readiness, StopSpec};
use crate::SandboxError;

/// The name of the state file inside a sandbox folder.
pub const STATE_FILE: &str = "state.json";

/// Where the sandbox as a whole is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SandboxPhase {
    /// `up` is at work (or died at work: see `owner_pid`).
    Starting,
    /// Every service came up; they run without the factory.
    Up,
    /// A service failed to come up; everything was stopped again.
    Failed,
    /// `down` ran, or an abandoned start was reaped.
    Down,
}

/// Where one service is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ServiceState {
    /// Not yet started, in setup, or not yet ready.
    Starting,
    /// Ready and seeded (or started, for a service without a readiness probe).
    Healthy,
    /// A one-shot service that exited 0.
    Completed,
    /// It exited, its probe failed, or something it depends on failed.
    Failed,
    /// Stopped by `down`.
    Stopped,
}

/// One service of a sandbox, as recorded.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceRecord {
    pub name: String,
    pub repo: String,
    pub repo_dir: PathBuf,
    pub cwd: PathBuf,
    pub command: Vec<String>,
    pub state: ServiceState,
    /// The service's process (the process group leader), once spawned.
    pub pid: Option<u32>,
    /// Its process group: `down` signals all of it.
    pub pgid: Option<u32>,
    /// When the leader started (clock ticks since boot), so a reused pid is never signalled.
    #[serde(default)]
    pub started_ticks: Option<u64>,
    /// A setup or seed step, or exec probe, running right now (its own process group).
    pub step_pgid: Option<u32>,
    pub ports: BTreeMap<String, u16>,
    /// `http://127.0.0.1:<first port>` when it has a port.
    pub url: Option<String>,
    /// Its writable folder (`SANDBOX_DIR`).
    pub sandbox_dir: PathBuf,
    pub log_path: PathBuf,
    /// The variables the factory set (on top of the inherited environment).
    pub env: BTreeMap<String, String>,
    pub depends_on: Vec<Dependency>,
    pub ready: Option<Readiness>,
    pub stop: StopSpec,
    /// Why it failed, or how it ended.
    pub reason: Option<String>,
    /// Milliseconds from the start of `up` until it was healthy.
    pub ready_after_ms: Option<u64>,
}

/// The whole state file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SandboxState {
    pub id: String,
    pub dir: PathBuf,
    pub phase: SandboxPhase,
    /// The factory process running `up`; if it is gone while the phase is `starting`, the
    /// sandbox was abandoned and the next factory command reaps it.
    pub owner_pid: u32,
    /// When the owner started (clock ticks since boot), so a reused pid is not taken for it.
    #[serde(default)]
    pub owner_started: Option<u64>,
    pub created_at_unix_ms: u64,
    /// `bwrap`, or `none` with the reason in `isolation_note`.
    pub isolation: String,
    pub isolation_note: Option<String>,
    /// The network the services share.
    #[serde(default)]
    pub network: crate::Network,
    pub checkouts: Vec<Checkout>,
    pub services: Vec<ServiceRecord>,
    pub checks: Vec<CheckDeclaration>,
    /// Repos that declare no service and no check.
    pub undeclared_repos: Vec<String>,
    pub reason: Option<String>,
}

impl SandboxState {
    pub fn state_file(&self) -> PathBuf {
        self.dir.join(STATE_FILE)
    }

    pub fn service(&self, name: &str) -> Option<&ServiceRecord> {
        self.services.iter().find(|service| service.name == name)
    }

    pub fn service_mut(&mut self, name: &str) -> Option<&mut ServiceRecord> {
        self.services.iter_mut().find(|service| service.name == name)
    }

    /// Writes the state file atomically (a temporary file renamed over it).
    pub fn save(&self) -> Result<(), SandboxError> {
        let path = self.state_file();
        let temporary = self.dir.join(format!("{STATE_FILE}.tmp"));
        let text = serde_json::to_string_pretty(self).map_err(|error| SandboxError::State {
            path: path.clone(),
            message: error.to_string(),
        })?;
        std::fs::write(&temporary, text).map_err(SandboxError::io(&temporary))?;
        std::fs::rename(&temporary, &path).map_err(SandboxError::io(&path))?;
        Ok(())
    }

    pub fn load(dir: &Path) -> Result<Self, SandboxError> {
        let path = dir.join(STATE_FILE);
        let text = std::fs::read_to_string(&path).map_err(SandboxError::io(&path))?;
        serde_json::from_str(&text).map_err(|error| SandboxError::State { path, message: error.to_string() })
    }
}

/// Every sandbox recorded under `sandboxes_dir`, oldest first.
pub fn list(sandboxes_dir: &Path) -> Vec<SandboxState> {
    let Ok(entries) = std::fs::read_dir(sandboxes_dir) else { return Vec::new() };
    let mut states: Vec<SandboxState> =
        entries.flatten().filter_map(|entry| SandboxState::load(&entry.path()).ok()).collect();
    states.sort_by(|a, b| (a.created_at_unix_ms, &a.id).cmp(&(b.created_at_unix_ms, &b.id)));
    states
}

/// The sandbox `id`, or else the newest one that is up (or starting).
pub fn find(sandboxes_dir: &Path, id: Option<&str>) -> Result<SandboxState, SandboxError> {
    if let Some(id) = id {
        let dir = sandboxes_dir.join(id);
        if !dir.join(STATE_FILE).is_file() {
            return Err(SandboxError::NotFound(format!(
                "no sandbox `{id}` under {}; `factory sandbox status` lists them",
                sandboxes_dir.display()
            )));
        }
        return SandboxState::load(&dir);
    }
    list(sandboxes_dir)
        .into_iter()
        .rev()
        .find(|state| matches!(state.phase, SandboxPhase::Up | SandboxPhase::Starting))
        .ok_or_else(|| SandboxError::NotFound("no sandbox is up; start one with `factory sandbox up`".to_string()))
}
