use std::path::PathBuf;

/// What went wrong in a use case.
#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// The user's input is wrong: a missing path, a bad name, an existing home. Exit 2.
    #[error("{0}")]
    Input(String),
    #[error("{path}: {source}")]
    Config { path: PathBuf, source: factory_core::ConfigError },
    #[error(transparent)]
    Store(#[from] factory_store::StoreError),
    #[error(transparent)]
    Git(#[from] factory_git::GitError),
    #[error(transparent)]
    Demo(#[from] factory_demo::DemoError),
    #[error(transparent)]
    Run(factory_run::RunError),
    #[error(transparent)]
    Sandbox(factory_sandbox::SandboxError),
    #[error("{path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
}

impl AppError {
    /// Whether the user can fix this by changing what they typed or the files they gave.
    pub fn is_bad_input(&self) -> bool {
        matches!(self, Self::Input(_) | Self::Config { .. } | Self::Store(factory_store::StoreError::TooNew { .. }))
    }

    pub(crate) fn io(path: impl Into<PathBuf>) -> impl FnOnce(std::io::Error) -> Self {
        let path = path.into();
        move |source| Self::Io { path, source }
    }
}
