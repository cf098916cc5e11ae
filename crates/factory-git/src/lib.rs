//! The only code in the factory that runs git. Everything goes through the git CLI with an
//! explicit environment: no user hooks or templates leak into what the factory writes, prompts
//! are disabled, every call has a time limit and its stderr is kept for the error.
//!
//! This crate never prints and knows nothing of the store or the brain.
#![deny(clippy::print_stdout, clippy::print_stderr)]

mod command;
mod patch;
mod read;
mod remote;
mod repo;
mod worktree;

pub use command::{GitError, Identity};
pub use patch::{apply_patch, PatchChange, PatchedFile};
pub use read::{commit_at_date, commit_info, head_sha_from_files, list_tree, read_blobs, CommitInfo, TreeFile};
pub use remote::PushResult;
pub use repo::{Repo, RepoState};
pub use worktree::{CommitSummary, FileStat, WorktreeInfo};

use std::path::Path;

/// Whether `path` is inside a git work tree or is a bare repository.
pub fn is_repository(path: &Path) -> bool {
    command::git(path)
        .args(["rev-parse", "--git-dir"])
        .run()
        .is_ok()
}

/// Creates a repository at `path` whose first branch is `main`.
pub fn init(path: &Path) -> Result<Repo, GitError> {
    std::fs::create_dir_all(path).map_err(|source| GitError::Io { path: path.to_path_buf(), source })?;
    command::git(path).args(["init", "--quiet", "--initial-branch=main"]).run()?;
    Ok(Repo::open(path))
}

/// Clones `url` (any URL git understands, `file://` and bare repositories included) into `dest`.
pub fn clone(url: &str, dest: &Path) -> Result<Repo, GitError> {
    let parent = dest.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent).map_err(|source| GitError::Io { path: parent.to_path_buf(), source })?;
    command::git(parent)
        .args(["clone", "--quiet", "--no-hardlinks", "--", url])
        .arg(dest.as_os_str())
        .timeout_secs(600)
        .run()?;
    Ok(Repo::open(dest))
}
