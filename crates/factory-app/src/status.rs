//! `factory status`: the home, each repo's checkout, and the store.

use std::path::PathBuf;

use factory_store::StoreCounts;
use serde::Serialize;

use crate::repos::{list, RepoInfo};
use crate::{AppError, Home};

#[derive(Debug, Clone, Serialize)]
pub struct StatusReport {
    pub home: PathBuf,
    pub org: String,
    pub repos: Vec<RepoStatus>,
    pub store: StoreStatus,
}

#[derive(Debug, Clone, Serialize)]
pub struct RepoStatus {
    #[serde(flatten)]
    pub repo: RepoInfo,
    pub branch: Option<String>,
    pub head: Option<String>,
    pub dirty: bool,
    /// Why the checkout could not be read, when it could not.
    pub error: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StoreStatus {
    pub path: PathBuf,
    pub size_bytes: u64,
    pub schema_version: i64,
    pub counts: StoreCounts,
}

/// Reads every repo's checkout and the store. A repo that cannot be read is reported with its
/// error; the others are still shown.
pub async fn status(home: &Home) -> Result<StatusReport, AppError> {
    let repos = list(home)
        .into_iter()
        .map(|repo| {
            if !repo.resolved_path.exists() {
                let error = format!("{} does not exist (moved or deleted?)", repo.resolved_path.display());
                return RepoStatus { repo, branch: None, head: None, dirty: false, error: Some(error) };
            }
            match factory_git::Repo::open(&repo.resolved_path).state() {
                Ok(state) => RepoStatus { repo, branch: state.branch, head: state.head, dirty: state.dirty, error: None },
                Err(error) => RepoStatus { repo, branch: None, head: None, dirty: false, error: Some(error.to_string()) },
            }
        })
        .collect();
    let store = home.store().await?;
    let report = StoreStatus {
        path: store.path().to_path_buf(),
        schema_version: store.schema_version().await?,
        counts: store.counts().await?,
        size_bytes: store.size_bytes(),
    };
    store.close().await;
    Ok(StatusReport { home: home.root().to_path_buf(), org: home.config.org.name.clone(), repos, store: report })
}
