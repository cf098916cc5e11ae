//! The records a new sandbox starts with: its folder, each service's ports, environment,
//! writable folder and log; and small helpers for time and text.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Instant;

use crate::declarations::{ServiceDeclaration, env_name};
use crate::process;
use crate::state::{ServiceRecord, ServiceState};
use crate::SandboxError;

pub(crate) fn new_record(
    service: &ServiceDeclaration,
    dir: &Path,
    ports: BTreeMap<String, u16>,
    urls: &BTreeMap<String, String>,
) -> Result<ServiceRecord, SandboxError> {
    let sandbox_dir = dir.join("services").join(&service.name);
    std::fs::create_dir_all(&sandbox_dir).map_err(SandboxError::io(&sandbox_dir))?;
    let log_path = dir.join("logs").join(format!("{}.log", service.name));
    let mut env = BTreeMap::new();
    env.insert("SANDBOX_DIR".to_string(), sandbox_dir.display().to_string());
    env.insert("FACTORY_SERVICE".to_string(), service.name.clone());
    for (other, url) in urls {
        env.insert(format!("{}_URL", env_name(other)), url.clone());
    }
    for (index, name) in service.ports.iter().enumerate() {
        let Some(port) = ports.get(name) else { continue };
        if index == 0 {
            env.insert("PORT".to_string(), port.to_string());
        }
        env.insert(format!("{}_PORT", env_name(name)), port.to_string());
    }
    env.insert("EVENT_SINK".to_string(), sandbox_dir.join("events.jsonl").display().to_string());
    let provided = env.clone();
    for (key, value) in &service.env {
        env.insert(key.clone(), expand(value, &provided));
    }
    Ok(ServiceRecord {
        name: service.name.clone(),
        repo: service.repo.clone(),
        repo_dir: service.repo_dir.clone(),
        cwd: service.cwd.clone(),
        command: service.command.clone(),
        state: ServiceState::Starting,
        pid: None,
        pgid: None,
        started_ticks: None,
        step_pgid: None,
        url: urls.get(&service.name).cloned(),
        ports,
        sandbox_dir,
        log_path,
        env,
        depends_on: service.depends_on.clone(),
        ready: service.ready.clone(),
        stop: service.stop.clone(),
        reason: None,
        ready_after_ms: None,
    })
}

/// Where the way a service's process ended is written (while the factory that started it runs).
pub fn exit_file(log_path: &Path) -> PathBuf {
    log_path.with_extension("exit")
}

/// Replaces `${NAME}` with the factory-provided value; unknown names are left as written.
fn expand(value: &str, provided: &BTreeMap<String, String>) -> String {
    let mut out = value.to_string();
    for (key, replacement) in provided {
        out = out.replace(&format!("${{{key}}}"), replacement);
    }
    out
}

pub(crate) fn new_sandbox_dir(sandboxes_dir: &Path, label: &str) -> Result<(String, PathBuf), SandboxError> {
    let label: String =
        label.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect();
    std::fs::create_dir_all(sandboxes_dir).map_err(SandboxError::io(sandboxes_dir))?;
    let stamp = unix_ms();
    for attempt in 0..1000 {
        let id = if attempt == 0 { format!("{label}-{stamp}") } else { format!("{label}-{stamp}-{attempt}") };
        let dir = sandboxes_dir.join(&id);
        match std::fs::create_dir(&dir) {
            Ok(()) => {
                for folder in ["logs", "services", "checks"] {
                    let path = dir.join(folder);
                    std::fs::create_dir_all(&path).map_err(SandboxError::io(&path))?;
                }
                return Ok((id, dir));
            }
            Err(error) if error.kind() == std::io::ErrorKind::AlreadyExists => {}
            Err(error) => return Err(SandboxError::Io { path: dir, source: error }),
        }
    }
    Err(SandboxError::Org(format!("could not make a new sandbox folder under {}", sandboxes_dir.display())))
}

pub(crate) fn append(path: &Path, text: &str) {
    use std::io::Write as _;
    if let Ok(mut file) = process::open_log(path) {
        let _ = file.write_all(text.as_bytes());
    }
}

pub(crate) fn indent(text: &str) -> String {
    if text.is_empty() {
        return "  (the log is empty)".to_string();
    }
    text.lines().map(|line| format!("  {line}")).collect::<Vec<_>>().join("\n")
}

pub(crate) fn unix_ms() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|elapsed| u64::try_from(elapsed.as_millis()).unwrap_or(u64::MAX))
        .unwrap_or_default()
}

pub(crate) fn elapsed_ms(since: Instant) -> u64 {
    u64::try_from(since.elapsed().as_millis()).unwrap_or(u64::MAX)
}
