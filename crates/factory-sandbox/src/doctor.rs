//! `factory doctor`: what this machine offers the sandbox (isolation, browser, python) and why.

use serde::Serialize;

use crate::isolation::{NETWORK_NOTE, probe_bwrap};

/// One capability: whether it is available, and the reason either way.
#[derive(Debug, Clone, Serialize)]
pub struct Capability {
    pub name: String,
    pub available: bool,
    pub detail: String,
}

/// What the sandbox can use on this machine.
#[derive(Debug, Clone, Serialize)]
pub struct DoctorReport {
    /// The isolation sandboxes get here: `bwrap` or `none`.
    pub isolation: String,
    pub network: String,
    pub capabilities: Vec<Capability>,
}

impl DoctorReport {
    /// Whether sandboxes here are isolated.
    pub fn isolated(&self) -> bool {
        self.isolation != "none"
    }
}

/// Probes bwrap (for real), Landlock, chromium and python3.
pub async fn doctor() -> DoctorReport {
    let mut capabilities = Vec::new();
    let bwrap = probe_bwrap().await;
    capabilities.push(match &bwrap {
        Ok(path) => Capability {
            name: "bwrap".into(),
            available: true,
            detail: format!(
                "{} starts sandboxes here: read-only root, writable checkout and sandbox folder, private /tmp and pid namespace",
                path.display()
            ),
        },
        Err(reason) => Capability { name: "bwrap".into(), available: false, detail: reason.clone() },
    });
    let nsenter = crate::network::nsenter_available();
    capabilities.push(Capability {
        name: "private-network".into(),
        available: bwrap.is_ok() && nsenter,
        detail: match (&bwrap, nsenter) {
            (Ok(_), true) => "verification sandboxes (verify, rehearsals, runs) get a loopback-only network of their own (bwrap --unshare-net, joined with nsenter); `sandbox up` shares the host network unless given --private-network".into(),
            (Ok(_), false) => "no nsenter (util-linux), so sandboxes share the host network".into(),
            (Err(_), _) => "needs bwrap, so sandboxes share the host network".into(),
        },
    });
    let lsm = std::fs::read_to_string("/sys/kernel/security/lsm");
    let not_applied = "the factory does not apply it yet (planned fallback when bwrap cannot start)";
    capabilities.push(Capability {
        name: "landlock".into(),
        available: false,
        detail: match lsm {
            Ok(modules) if modules.split(',').any(|module| module.trim() == "landlock") => {
                format!("the kernel has Landlock, but {not_applied}")
            }
            Ok(_) => format!("Landlock is not enabled in this kernel (/sys/kernel/security/lsm), and {not_applied}"),
            Err(error) => format!("could not read /sys/kernel/security/lsm ({error}); {not_applied}"),
        },
    });
    capabilities.push(match crate::checks::chromium_path() {
        Some(path) => Capability {
            name: "chromium".into(),
            available: true,
            detail: format!("browser checks run {} headless", path.display()),
        },
        None => Capability {
            name: "chromium".into(),
            available: false,
            detail: "no /usr/bin/chromium: browser checks end `unknown`; install it with `apt-get install chromium`".into(),
        },
    });
    let python = tokio::process::Command::new("python3").arg("--version").kill_on_drop(true).output().await;
    capabilities.push(match python {
        Ok(output) if output.status.success() => Capability {
            name: "python3".into(),
            available: true,
            detail: String::from_utf8_lossy(&output.stdout).trim().to_string(),
        },
        _ => Capability { name: "python3".into(), available: false, detail: "python3 is not on PATH (the acme demo needs it)".into() },
    });
    DoctorReport {
        isolation: if bwrap.is_ok() { "bwrap".into() } else { "none".into() },
        network: NETWORK_NOTE.to_string(),
        capabilities,
    }
}
