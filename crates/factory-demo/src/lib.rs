//! The example organisation **acme**: four small repositories (orders-api, web, billing-worker,
//! platform) with real history, embedded in the binary and written out as git repositories.
//!
//! Each repo is a series of layers under `acme/<repo>/<NN-slug>/`; a layer's files are written
//! over the tree and committed with the message in its `COMMIT_MSG` (paths listed in
//! `COMMIT_DELETE` are removed first). Dates and authors are pinned, so the history is the same
//! on every machine. This crate never prints; git goes through factory-git.
#![deny(clippy::print_stdout, clippy::print_stderr)]

use std::path::{Path, PathBuf};

use factory_git::{GitError, Identity};
use include_dir::{include_dir, Dir, DirEntry};

static ACME: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/acme");

const COMMIT_MESSAGE_FILE: &str = "COMMIT_MSG";
const COMMIT_DELETE_FILE: &str = "COMMIT_DELETE";

/// The organisation's name.
pub const ORG_NAME: &str = "acme";

/// The script worker's steps for the demo's first outcome, "show when each order was created,
/// in the web app and on invoices": web and billing-worker read `createdAt` on attempt 1 and
/// `created_at` on attempt 2.
pub const ORDER_DATES_SCRIPT: &str = include_str!("../scripts/order-dates.toml");

/// The script worker's steps for the demo's second outcome, "put the order's last update time
/// on invoices": billing-worker reads `updatedAt` on attempt 1, which the rule learned from the
/// first outcome catches, and `updated_at` on attempt 2.
pub const INVOICE_UPDATED_SCRIPT: &str = include_str!("../scripts/invoice-updated.toml");

#[derive(Debug, thiserror::Error)]
pub enum DemoError {
    #[error("could not write {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
    #[error(transparent)]
    Git(#[from] GitError),
    #[error("demo layer {layer} has no COMMIT_MSG file")]
    MissingMessage { layer: String },
}

/// One repository written by [`write_repos`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WrittenRepo {
    pub name: String,
    pub path: PathBuf,
    pub commits: usize,
    pub head: String,
}

/// The names of the demo repositories, in the order they are written.
pub fn repo_names() -> Vec<&'static str> {
    let mut names: Vec<&str> = ACME
        .dirs()
        .filter_map(|dir| dir.path().file_name().and_then(|name| name.to_str()))
        .collect();
    names.sort_unstable();
    names
}

/// Writes every demo repository under `repos_dir/<name>` with its full history.
pub fn write_repos(repos_dir: &Path) -> Result<Vec<WrittenRepo>, DemoError> {
    let mut written = Vec::new();
    for (index, name) in repo_names().into_iter().enumerate() {
        let Some(source) = ACME.get_dir(name) else { continue };
        written.push(write_repo(source, name, &repos_dir.join(name), index)?);
    }
    Ok(written)
}

fn write_repo(source: &Dir<'static>, name: &str, dest: &Path, repo_index: usize) -> Result<WrittenRepo, DemoError> {
    let repo = factory_git::init(dest)?;
    let mut layers: Vec<&Dir<'static>> = source.dirs().collect();
    layers.sort_by_key(|layer| layer.path().to_path_buf());
    let author = author_for(name);
    let mut head = String::new();
    for (layer_index, layer) in layers.iter().enumerate() {
        let layer_root = layer.path();
        let message = layer
            .get_file(layer_root.join(COMMIT_MESSAGE_FILE))
            .and_then(|file| file.contents_utf8())
            .ok_or_else(|| DemoError::MissingMessage { layer: layer_root.display().to_string() })?;
        if let Some(deletions) = layer.get_file(layer_root.join(COMMIT_DELETE_FILE)).and_then(|file| file.contents_utf8()) {
            for path in deletions.lines().map(str::trim).filter(|line| !line.is_empty()) {
                let target = dest.join(path);
                let removed = if target.is_dir() { std::fs::remove_dir_all(&target) } else { std::fs::remove_file(&target) };
                removed.map_err(|source| DemoError::Io { path: target.clone(), source })?;
            }
        }
        write_layer(layer, layer_root, dest)?;
        repo.add_all()?;
        // Pinned history: repos a day apart, commits a week apart, all in 2026.
        let date = format!("2026-{:02}-{:02}T10:00:00Z", 6 + layer_index, 1 + repo_index);
        head = repo.commit(message, &author, Some(&date), &[])?;
    }
    Ok(WrittenRepo { name: name.to_string(), path: dest.to_path_buf(), commits: layers.len(), head })
}

fn write_layer(dir: &Dir<'static>, layer_root: &Path, dest: &Path) -> Result<(), DemoError> {
    for entry in dir.entries() {
        match entry {
            DirEntry::Dir(child) => write_layer(child, layer_root, dest)?,
            DirEntry::File(file) => {
                let relative = file.path().strip_prefix(layer_root).unwrap_or(file.path());
                let is_control = relative == Path::new(COMMIT_MESSAGE_FILE) || relative == Path::new(COMMIT_DELETE_FILE);
                if is_control {
                    continue;
                }
                let target = dest.join(relative);
                if let Some(parent) = target.parent() {
                    std::fs::create_dir_all(parent).map_err(|source| DemoError::Io { path: parent.to_path_buf(), source })?;
                }
                std::fs::write(&target, file.contents()).map_err(|source| DemoError::Io { path: target.clone(), source })?;
            }
        }
    }
    Ok(())
}

fn author_for(repo: &str) -> Identity {
    let (name, email) = match repo {
        "orders-api" => ("Olivia Ortiz", "olivia@acme.test"),
        "web" => ("Wen Li", "wen@acme.test"),
        "billing-worker" => ("Bilal Khan", "bilal@acme.test"),
        _ => ("Pat Morgan", "pat@acme.test"),
    };
    Identity { name: name.into(), email: email.into() }
}
