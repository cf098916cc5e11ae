//! Operations on one repository.

use std::path::{Path, PathBuf};

use crate::command::{git, GitError, Identity};

/// A git repository (work tree or bare) at a path.
#[derive(Debug, Clone)]
pub struct Repo {
    path: PathBuf,
}

/// What `factory status` shows of a repository.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RepoState {
    /// `None` on a detached HEAD.
    pub branch: Option<String>,
    /// `None` in a repository without commits.
    pub head: Option<String>,
    pub dirty: bool,
}

impl Repo {
    pub fn open(path: &Path) -> Self {
        Self { path: path.to_path_buf() }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether this is a bare repository (no work tree).
    pub fn is_bare(&self) -> Result<bool, GitError> {
        Ok(git(&self.path).args(["rev-parse", "--is-bare-repository"]).run()? == "true")
    }

    /// The full sha of a revision.
    pub fn rev_parse(&self, revision: &str) -> Result<String, GitError> {
        git(&self.path).args(["rev-parse", "--verify", "--quiet"]).arg(format!("{revision}^{{commit}}")).run()
    }

    pub fn state(&self) -> Result<RepoState, GitError> {
        let branch = git(&self.path).args(["symbolic-ref", "--quiet", "--short", "HEAD"]).run().ok();
        let head = self.rev_parse("HEAD").ok();
        let dirty = if self.is_bare()? {
            false
        } else {
            !git(&self.path).args(["status", "--porcelain", "--untracked-files=normal"]).run()?.is_empty()
        };
        Ok(RepoState { branch, head, dirty })
    }

    /// Packs every object into one pack and removes the loose copies, as a clone has them
    /// (`git gc`, no reflog expiry or pruning of unreachable objects).
    pub fn pack_objects(&self) -> Result<(), GitError> {
        git(&self.path).args(["repack", "-a", "-d", "-q"]).timeout_secs(600).run()?;
        git(&self.path).args(["prune-packed", "-q"]).run().map(drop)
    }

    /// Stages every change in the work tree.
    pub fn add_all(&self) -> Result<(), GitError> {
        git(&self.path).args(["add", "--all"]).run().map(drop)
    }

    /// Commits what is staged (or, with `paths`, only those paths), authored by `author` at
    /// `date` when given (git date format), committed by the factory.
    pub fn commit(&self, message: &str, author: &Identity, date: Option<&str>, paths: &[&str]) -> Result<String, GitError> {
        let committer = Identity::factory();
        let mut command = git(&self.path)
            .args(["-c", "commit.gpgsign=false", "-c", "core.hooksPath=/dev/null", "commit", "--quiet", "--allow-empty-message", "--file", "-"])
            .env("GIT_AUTHOR_NAME", &author.name)
            .env("GIT_AUTHOR_EMAIL", &author.email)
            .env("GIT_COMMITTER_NAME", &committer.name)
            .env("GIT_COMMITTER_EMAIL", &committer.email)
            .stdin(message.as_bytes().to_vec());
        if let Some(date) = date {
            command = command.env("GIT_AUTHOR_DATE", date).env("GIT_COMMITTER_DATE", date);
        }
        if !paths.is_empty() {
            command = command.arg("--").args(paths);
        }
        command.run()?;
        self.rev_parse("HEAD")
    }

    /// The name of the branch `origin/HEAD` points at, else the current branch, else `main`.
    pub fn default_branch(&self) -> String {
        if let Ok(remote_head) = git(&self.path).args(["symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD"]).run()
            && let Some(name) = remote_head.strip_prefix("origin/") {
                return name.to_string();
            }
        git(&self.path)
            .args(["symbolic-ref", "--quiet", "--short", "HEAD"])
            .run()
            .unwrap_or_else(|_| "main".to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_repository_commits_and_reports_its_state() {
        let dir = tempfile::tempdir().expect("tempdir");
        let repo = crate::init(dir.path()).expect("init");
        assert!(crate::is_repository(dir.path()));
        assert_eq!(repo.state().expect("state"), RepoState { branch: Some("main".into()), head: None, dirty: false });

        std::fs::write(dir.path().join("a.txt"), "a\n").expect("write");
        assert!(repo.state().expect("state").dirty);
        repo.add_all().expect("add");
        let author = Identity { name: "Ada".into(), email: "ada@example.com".into() };
        let sha = repo.commit("first\n", &author, Some("2026-01-02T03:04:05Z"), &[]).expect("commit");
        let state = repo.state().expect("state");
        assert_eq!(state.head.as_deref(), Some(sha.as_str()));
        assert!(!state.dirty);
        assert_eq!(repo.default_branch(), "main");
    }

    #[test]
    fn a_plain_directory_is_not_a_repository() {
        let dir = tempfile::tempdir().expect("tempdir");
        assert!(!crate::is_repository(dir.path()));
        let missing = dir.path().join("missing");
        assert!(!crate::is_repository(&missing));
    }

    #[test]
    fn bare_repositories_clone_over_file_urls() {
        let dir = tempfile::tempdir().expect("tempdir");
        let source = crate::init(&dir.path().join("src")).expect("init");
        std::fs::write(source.path().join("x"), "x").expect("write");
        source.add_all().expect("add");
        source.commit("x", &Identity::factory(), None, &[]).expect("commit");
        let bare = dir.path().join("bare.git");
        git(dir.path()).args(["clone", "--quiet", "--bare"]).arg(source.path()).arg(&bare).run().expect("bare clone");
        assert!(crate::is_repository(&bare));
        assert!(Repo::open(&bare).is_bare().expect("bare"));
        let url = format!("file://{}", bare.display());
        let clone = crate::clone(&url, &dir.path().join("clone")).expect("clone");
        assert_eq!(clone.state().expect("state").branch.as_deref(), Some("main"));
    }
}
