//! Readiness probes: http, tcp, exec and log line, each attempt bounded by `timeout_ms`.

use std::time::Duration;

use crate::declarations::{Probe, Readiness};
use crate::process::{StepOutcome, run_step};
use crate::state::ServiceRecord;

/// One probe attempt against a recorded service (its first port is `PORT`; a log probe reads
/// its log from `log_offset`): `Ok(())` when ready, else why not.
pub async fn probe_once(readiness: &Readiness, record: &ServiceRecord, log_offset: u64, network: &crate::Network) -> Result<(), String> {
    let (ports, cwd, env, log) = (&record.ports, record.cwd.as_path(), &record.env, record.log_path.as_path());
    let first_port: Option<u16> = env.get("PORT").and_then(|port| port.parse().ok());
    let timeout = Duration::from_millis(readiness.timeout_ms.max(1));
    match &readiness.probe {
        Probe::Http(path) => {
            let port = first_port.ok_or("the service has no port")?;
            let url = format!("http://127.0.0.1:{port}");
            match crate::http::get(&url, path, timeout, network).await {
                Ok(response) if (200..400).contains(&response.status) => Ok(()),
                Ok(response) => Err(format!("GET {path} answered {}", response.status)),
                Err(error) => Err(format!("GET {path}: {error}")),
            }
        }
        Probe::Tcp(name) => {
            let port = ports.get(name).copied().ok_or_else(|| format!("no port named `{name}`"))?;
            match crate::network::connect(network, port, timeout).await {
                Ok(_) => Ok(()),
                Err(error) => Err(format!("tcp 127.0.0.1:{port}: {error}")),
            }
        }
        Probe::Exec(argv) => {
            let probe_log = log.with_extension("probe.log");
            match run_step(&network.enter(argv.clone()), cwd, env, &probe_log, timeout, |_| {}).await {
                Ok(StepOutcome::Exited(crate::process::Exit::Code(0))) => Ok(()),
                Ok(StepOutcome::Exited(exit)) => Err(format!("`{}` ended with {exit}", argv.join(" "))),
                Ok(StepOutcome::TimedOut) => Err(format!("`{}` took over {} ms", argv.join(" "), timeout.as_millis())),
                Err(error) => Err(format!("`{}` could not run: {error}", argv.join(" "))),
            }
        }
        Probe::Log(needle) => {
            let bytes = std::fs::read(log).unwrap_or_default();
            let start = usize::try_from(log_offset).unwrap_or(0).min(bytes.len());
            if String::from_utf8_lossy(&bytes[start..]).contains(needle.as_str()) {
                Ok(())
            } else {
                Err(format!("the log has no line with `{needle}` yet"))
            }
        }
    }
}

/// How a probe is described in messages: `http GET /health`, `log "ready on port"`.
pub fn describe(probe: &Probe) -> String {
    match probe {
        Probe::Http(path) => format!("http GET {path}"),
        Probe::Tcp(port) => format!("tcp port {port}"),
        Probe::Exec(argv) => format!("exec `{}`", argv.join(" ")),
        Probe::Log(needle) => format!("log line \"{needle}\""),
    }
}
