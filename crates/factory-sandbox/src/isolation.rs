//! Isolation of sandboxed processes with bubblewrap: a read-only view of the whole machine, the
//! repo checkout and the service's own folder writable, a private `/tmp`, fresh `/dev` and
//! `/proc`, and a private pid namespace. Bounded steps (setup, seed, checks) also die with the
//! factory process that runs them (`--die-with-parent`); services do not, since they outlive
//! `sandbox up` by design: `down`, or the reaper after a killed `up`, signals their groups.
//!
//! By default the network is the host's: services reach each other on 127.0.0.1 with the ports
//! the factory allocated. A sandbox may ask for a private loopback-only network instead (see
//! [`crate::network`]). Landlock is not applied yet either: where bwrap cannot start, processes run unisolated and
//! the sandbox says why.

use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use serde::{Deserialize, Serialize};

/// What the caller asks for.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum IsolationChoice {
    /// bwrap when it works here, else none (with the reason).
    #[default]
    Auto,
    /// No isolation, on purpose.
    None,
}

/// What the sandbox uses.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Isolation {
    Bwrap { path: PathBuf },
    None { reason: String },
}

impl Isolation {
    pub fn name(&self) -> &'static str {
        match self {
            Self::Bwrap { .. } => "bwrap",
            Self::None { .. } => "none",
        }
    }

    pub fn note(&self) -> Option<String> {
        match self {
            Self::Bwrap { .. } => Some(NETWORK_NOTE.to_string()),
            Self::None { reason } => Some(format!("processes run without isolation: {reason}")),
        }
    }
}

/// Said wherever isolation is reported for a sandbox on the host network (the default).
pub const NETWORK_NOTE: &str = "host network: the services talk over 127.0.0.1 on factory-allocated ports and are reachable from the host; verification sandboxes and `sandbox up --private-network` get a loopback-only network of their own";

/// Where bwrap is looked for, besides `FACTORY_BWRAP`.
const BWRAP_PATHS: [&str; 2] = ["/usr/bin/bwrap", "/usr/local/bin/bwrap"];

/// Picks the isolation for `choice`, trying bwrap for real.
pub async fn detect(choice: IsolationChoice) -> Isolation {
    match choice {
        IsolationChoice::None => Isolation::None { reason: "isolation was turned off for this sandbox".to_string() },
        IsolationChoice::Auto => match probe_bwrap().await {
            Ok(path) => Isolation::Bwrap { path },
            Err(reason) => Isolation::None { reason },
        },
    }
}

/// Finds bwrap and starts `true` in the sandbox the services would get.
pub async fn probe_bwrap() -> Result<PathBuf, String> {
    let candidates: Vec<PathBuf> = std::env::var_os("FACTORY_BWRAP")
        .map(PathBuf::from)
        .into_iter()
        .chain(BWRAP_PATHS.iter().map(PathBuf::from))
        .collect();
    let Some(path) = candidates.into_iter().find(|path| path.is_file()) else {
        return Err("bubblewrap is not installed (no /usr/bin/bwrap); install it with `apt-get install bubblewrap`".to_string());
    };
    let probe_dir = std::env::temp_dir();
    let mut argv = wrap_argv(&path, &["true".to_string()], &[], &probe_dir, Lifetime::Step);
    let program = argv.remove(0);
    let run = tokio::process::Command::new(&program)
        .args(&argv)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .process_group(0)
        .kill_on_drop(true)
        .output();
    match tokio::time::timeout(Duration::from_secs(10), run).await {
        Ok(Ok(output)) if output.status.success() => Ok(path),
        Ok(Ok(output)) => Err(format!(
            "{} cannot start a sandbox here: {}",
            path.display(),
            String::from_utf8_lossy(&output.stderr).trim()
        )),
        Ok(Err(error)) => Err(format!("{} could not run: {error}", path.display())),
        Err(_) => Err(format!("{} did not finish a trial run within 10 s", path.display())),
    }
}

/// How long a wrapped process may live.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Lifetime {
    /// A bounded step (setup, seed, probe, check): it dies with the factory process that runs it
    /// (`--die-with-parent`).
    Step,
    /// A service: it outlives the `sandbox up` that started it, until `down` or the reaper
    /// signals its process group.
    Service,
}

/// The command line that runs `argv` under `isolation` with `writable` folders and `cwd`.
pub fn wrap(isolation: &Isolation, argv: &[String], writable: &[&Path], cwd: &Path, lifetime: Lifetime) -> Vec<String> {
    match isolation {
        Isolation::Bwrap { path } => wrap_argv(path, argv, writable, cwd, lifetime),
        Isolation::None { .. } => argv.to_vec(),
    }
}

fn wrap_argv(bwrap: &Path, argv: &[String], writable: &[&Path], cwd: &Path, lifetime: Lifetime) -> Vec<String> {
    let mut out: Vec<String> = vec![bwrap.display().to_string()];
    let mut push = |items: &[&str]| out.extend(items.iter().map(|item| (*item).to_string()));
    push(&["--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--tmpfs", "/tmp", "--unshare-pid"]);
    if lifetime == Lifetime::Step {
        push(&["--die-with-parent"]);
    }
    for folder in writable {
        let folder = folder.display().to_string();
        push(&["--bind", &folder, &folder]);
    }
    let cwd = cwd.display().to_string();
    push(&["--chdir", &cwd, "--"]);
    out.extend(argv.iter().cloned());
    out
}
