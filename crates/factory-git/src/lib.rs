//! The only code in the factory that reads or runs git. Everything that writes, and every
//! question beyond the simplest, goes through the git CLI with an explicit environment: no
//! user hooks or templates leak into what the factory writes, prompts are disabled, every call
//! has a time limit and its stderr is kept for the error.
//!
//! The hot reads of a scan (HEAD's commit and time, a tree's files, blob contents) are first
//! answered in process by [`ObjectDb`], a read-only reader of loose objects and pack files;
//! [`RepoReader`] (and the `commit_info`, `list_tree`, `read_blobs` shorthands) run git instead
//! whenever it cannot answer (SHA-256, reftable, replace refs, a missing or corrupt object,
//! revision syntax other than `HEAD` or a full id), so an answer is never worse than git's.
//! A tree's files are read from the work tree instead of their blobs where git itself would
//! trust the work tree (see `clean.rs`): the index names the same blob at the same path and the
//! file's stat data still matches, with no conversion on checkout.
//!
//! This crate never prints, never writes a repository without git, and knows nothing of the
//! store or the brain.
#![deny(clippy::print_stdout, clippy::print_stderr)]

mod clean;
mod command;
mod objects;
mod patch;
mod read;
mod remote;
mod repo;
mod worktree;

pub use command::{GitError, Identity};
pub use objects::{DeltaCounts, ObjectDb, ObjectError, ObjectKind};
pub use patch::{apply_patch, PatchChange, PatchedFile};
pub use read::{
    commit_at_date, first_parent_history, commit_info, commit_info_by_cli, head_sha_from_files, list_tree, list_tree_by_cli, read_blobs, read_blobs_by_cli, CommitInfo, RepoReader,
    TreeFile,
};
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
