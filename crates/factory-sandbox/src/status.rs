//! `sandbox status`: each recorded service, probed now.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

use crate::process;
use crate::state::{SandboxPhase, SandboxState, ServiceState};

/// One service as `status` reports it.
#[derive(Debug, Clone, Serialize)]
pub struct ServiceStatus {
    pub name: String,
    pub repo: String,
    pub state: ServiceState,
    pub pid: Option<u32>,
    pub pgid: Option<u32>,
    pub ports: BTreeMap<String, u16>,
    pub url: Option<String>,
    pub log_path: PathBuf,
    pub reason: Option<String>,
}

/// A sandbox as `status` reports it.
#[derive(Debug, Clone, Serialize)]
pub struct SandboxStatus {
    pub id: String,
    pub dir: PathBuf,
    pub phase: SandboxPhase,
    pub isolation: String,
    pub isolation_note: Option<String>,
    /// `host`, or `private` (a loopback-only network of the sandbox's own).
    pub network: String,
    pub services: Vec<ServiceStatus>,
}

impl SandboxStatus {
    /// Whether every service is healthy or completed.
    pub fn all_healthy(&self) -> bool {
        self.services.iter().all(|service| matches!(service.state, ServiceState::Healthy | ServiceState::Completed))
    }
}

/// Reads the recorded state and probes each service that should be running.
pub async fn status(state: &SandboxState) -> SandboxStatus {
    let mut services = Vec::new();
    for record in &state.services {
        let (service_state, reason) = match (state.phase, record.pgid) {
            (SandboxPhase::Down | SandboxPhase::Failed, _) => (record.state, record.reason.clone()),
            (_, None) => (ServiceState::Starting, None),
            (_, Some(pgid)) if !process::group_alive(pgid) => {
                let ended = std::fs::read_to_string(crate::supervisor::exit_file(&record.log_path)).ok();
                if record.state == ServiceState::Completed || ended.as_deref() == Some("exit status 0") {
                    (ServiceState::Completed, None)
                } else {
                    let how = ended.map(|how| format!(" ({how})")).unwrap_or_default();
                    (ServiceState::Failed, Some(format!("its process group {pgid} is gone{how}; see {}", record.log_path.display())))
                }
            }
            (phase, Some(_)) => match &record.ready {
                None => (if phase == SandboxPhase::Up { ServiceState::Healthy } else { record.state }, None),
                Some(readiness) => {
                    let probed = crate::readiness::probe_once(readiness, record, 0, &state.network).await;
                    match (probed, phase) {
                        (Ok(()), _) => (ServiceState::Healthy, None),
                        (Err(_), SandboxPhase::Starting) => (ServiceState::Starting, None),
                        (Err(error), _) => (ServiceState::Failed, Some(format!("readiness probe failing: {error}"))),
                    }
                }
            },
        };
        services.push(ServiceStatus {
            name: record.name.clone(),
            repo: record.repo.clone(),
            state: service_state,
            pid: record.pid,
            pgid: record.pgid,
            ports: record.ports.clone(),
            url: record.url.clone(),
            log_path: record.log_path.clone(),
            reason,
        });
    }
    SandboxStatus {
        id: state.id.clone(),
        dir: state.dir.clone(),
        phase: state.phase,
        isolation: state.isolation.clone(),
        isolation_note: state.isolation_note.clone(),
        network: if state.network.netns().is_some() { "private".into() } else { "host".into() },
        services,
    }
}
