//! What can go wrong in the sandbox.

use std::path::PathBuf;

/// An error of the sandbox; each names the file, service or sandbox it concerns.
#[derive(Debug, thiserror::Error)]
pub enum SandboxError {
    /// A services declaration (services.toml, Procfile) is wrong; the user fixes the file.
    #[error("{path}: {message}")]
    Declaration { path: PathBuf, message: String },
    /// The declarations of several repos do not fit together (duplicate names, unknown or
    /// cyclic dependencies).
    #[error("{0}")]
    Org(String),
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error("could not start `{command}` for service `{service}`: {source}")]
    Spawn { service: String, command: String, source: std::io::Error },
    /// A service did not start or become ready; the sandbox was brought down again.
    /// `service` is the one whose log explains the failure.
    #[error("sandbox {sandbox} did not come up: {reason}\nlast log lines of {service} ({log}):\n{last_lines}")]
    Startup { sandbox: String, service: String, reason: String, log: PathBuf, last_lines: String },
    #[error("{path} is not a valid sandbox state file: {message}")]
    State { path: PathBuf, message: String },
    /// The sandbox asked for does not exist, or none is running.
    #[error("{0}")]
    NotFound(String),
    #[error("could not allocate a port for {service}: {source}")]
    Port { service: String, source: std::io::Error },
}

impl SandboxError {
    /// Whether the user can fix this by changing a file or an argument.
    pub fn is_bad_input(&self) -> bool {
        matches!(self, Self::Declaration { .. } | Self::Org(_) | Self::NotFound(_))
    }

    pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Self {
        let path = path.into();
        move |source| Self::Io { path, source }
    }
}
