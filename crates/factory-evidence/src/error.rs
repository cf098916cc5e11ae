use std::path::PathBuf;

/// What can go wrong while writing or verifying a bundle.
#[derive(Debug, thiserror::Error)]
pub enum EvidenceError {
    #[error("cannot {action} {path}: {source}")]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The run data asks for something the bundle cannot hold (a path outside `artifacts/`).
    #[error("bad evidence input: {message}")]
    Input { message: String },
    /// The folder has no `attestation.json`: the bundle was never finished.
    #[error("no attestation.json in {dir}: the bundle was not written completely; run `factory report RUN` to write it")]
    NoAttestation { dir: PathBuf },
    /// `attestation.json` is not an in-toto Statement this crate wrote.
    #[error("{path} is not a factory evidence attestation: {message}")]
    BadAttestation { path: PathBuf, message: String },
}

impl EvidenceError {
    pub(crate) fn io(action: &'static str, path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Self {
        let path = path.into();
        move |source| Self::Io { action, path, source }
    }
}
