//! Worktrees and branches for runs: one worktree per task on `factory/<run>/<repo>`, the
//! commits made in it, and what changed between a branch and its base.

use std::path::{Path, PathBuf};

use crate::command::{git, GitError};
use crate::repo::Repo;

/// One worktree as `git worktree list` reports it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorktreeInfo {
    pub path: PathBuf,
    pub branch: Option<String>,
    pub head: Option<String>,
    /// git marks a worktree prunable when its folder is gone.
    pub prunable: bool,
}

/// One commit on a branch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitSummary {
    pub sha: String,
    pub subject: String,
    pub author: String,
}

/// Lines added and removed in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileStat {
    pub path: String,
    pub added: u64,
    pub removed: u64,
}

impl Repo {
    /// Adds a worktree at `path` on `branch`. A new branch starts at `base`; an existing branch
    /// (a resumed run) is checked out as it is, so no commit is lost. A worktree already at
    /// `path` on `branch` is reused.
    pub fn add_worktree(&self, path: &Path, branch: &str, base: &str) -> Result<Repo, GitError> {
        if let Some(existing) = self.worktrees()?.into_iter().find(|worktree| same_path(&worktree.path, path)) {
            if existing.branch.as_deref() == Some(branch) && path.exists() {
                return Ok(Repo::open(path));
            }
            git(self.path()).args(["worktree", "remove", "--force"]).arg(path).run()?;
        }
        git(self.path()).args(["worktree", "prune"]).run()?;
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|source| GitError::Io { path: parent.to_path_buf(), source })?;
        }
        if self.branch_exists(branch)? {
            git(self.path()).args(["worktree", "add", "--quiet"]).arg(path).arg(branch).run()?;
        } else {
            git(self.path()).args(["worktree", "add", "--quiet", "-b", branch]).arg(path).arg(base).run()?;
        }
        Ok(Repo::open(path))
    }

    /// Removes a worktree (with any uncommitted changes in it); its branch is kept.
    pub fn remove_worktree(&self, path: &Path) -> Result<(), GitError> {
        if path.exists() {
            git(self.path()).args(["worktree", "remove", "--force"]).arg(path).run()?;
        }
        git(self.path()).args(["worktree", "prune"]).run().map(drop)
    }

    /// Lets git forget worktrees whose folders are gone.
    pub fn prune_worktrees(&self) -> Result<(), GitError> {
        git(self.path()).args(["worktree", "prune"]).run().map(drop)
    }

    /// Every linked worktree of this repository (the main checkout excluded).
    pub fn worktrees(&self) -> Result<Vec<WorktreeInfo>, GitError> {
        let text = git(self.path()).args(["worktree", "list", "--porcelain"]).run()?;
        let mut worktrees = Vec::new();
        for block in text.split("\n\n").skip(1) {
            let mut info = WorktreeInfo { path: PathBuf::new(), branch: None, head: None, prunable: false };
            for line in block.lines() {
                if let Some(path) = line.strip_prefix("worktree ") {
                    info.path = PathBuf::from(path);
                } else if let Some(head) = line.strip_prefix("HEAD ") {
                    info.head = Some(head.to_string());
                } else if let Some(branch) = line.strip_prefix("branch ") {
                    info.branch = Some(branch.trim_start_matches("refs/heads/").to_string());
                } else if line.starts_with("prunable") {
                    info.prunable = true;
                }
            }
            if !info.path.as_os_str().is_empty() {
                worktrees.push(info);
            }
        }
        Ok(worktrees)
    }

    pub fn branch_exists(&self, branch: &str) -> Result<bool, GitError> {
        Ok(git(self.path()).args(["show-ref", "--verify", "--quiet"]).arg(format!("refs/heads/{branch}")).run().is_ok())
    }

    /// Branches whose name starts with `prefix`, e.g. `factory/` or `evolve/`.
    pub fn branches(&self, prefix: &str) -> Result<Vec<String>, GitError> {
        let text = git(self.path())
            .args(["for-each-ref", "--format=%(refname:short)"])
            .arg(format!("refs/heads/{prefix}"))
            .run()?;
        Ok(text.lines().map(str::to_string).filter(|line| !line.is_empty()).collect())
    }

    pub fn delete_branch(&self, branch: &str) -> Result<(), GitError> {
        git(self.path()).args(["branch", "--quiet", "-D", branch]).run().map(drop)
    }

    /// The commits on `head` that are not on `base`, oldest first.
    pub fn commits_between(&self, base: &str, head: &str) -> Result<Vec<CommitSummary>, GitError> {
        let text = git(self.path())
            .args(["log", "--reverse", "--format=%H%x1f%s%x1f%an"])
            .arg(format!("{base}..{head}"))
            .run()?;
        Ok(text
            .lines()
            .filter_map(|line| {
                let mut parts = line.split('\x1f');
                Some(CommitSummary { sha: parts.next()?.to_string(), subject: parts.next()?.to_string(), author: parts.next()?.to_string() })
            })
            .collect())
    }

    /// Lines added and removed per file between `base` and `head`.
    pub fn diff_stat(&self, base: &str, head: &str) -> Result<Vec<FileStat>, GitError> {
        let text = git(self.path()).args(["diff", "--numstat"]).arg(format!("{base}...{head}")).run()?;
        Ok(text
            .lines()
            .filter_map(|line| {
                let mut parts = line.splitn(3, '\t');
                let added = parts.next()?.parse().unwrap_or(0);
                let removed = parts.next()?.parse().unwrap_or(0);
                Some(FileStat { path: parts.next()?.to_string(), added, removed })
            })
            .collect())
    }

    /// The unified diff between `base` and `head`.
    pub fn diff(&self, base: &str, head: &str) -> Result<String, GitError> {
        git(self.path()).args(["diff"]).arg(format!("{base}...{head}")).run()
    }

    /// Whether the work tree has changes (tracked or untracked) not yet committed.
    pub fn has_changes(&self) -> Result<bool, GitError> {
        Ok(!git(self.path()).args(["status", "--porcelain"]).run()?.is_empty())
    }

    /// Throws away uncommitted changes and untracked files (what an interrupted worker left).
    pub fn discard_changes(&self) -> Result<(), GitError> {
        git(self.path()).args(["reset", "--quiet", "--hard"]).run()?;
        git(self.path()).args(["clean", "--quiet", "-fd"]).run().map(drop)
    }

    /// The commits on `head` but not on `base` whose message contains `needle` (a trailer line).
    pub fn commits_matching(&self, base: &str, head: &str, needle: &str) -> Result<Vec<String>, GitError> {
        let text = git(self.path())
            .args(["log", "--format=%H", "--fixed-strings"])
            .arg(format!("--grep={needle}"))
            .arg(format!("{base}..{head}"))
            .run()?;
        Ok(text.lines().map(str::to_string).filter(|line| !line.is_empty()).collect())
    }

    /// Merges `branch` into the checked-out branch with a merge commit by the factory.
    pub fn merge(&self, branch: &str, message: &str) -> Result<String, GitError> {
        let committer = crate::Identity::factory();
        git(self.path())
            .args(["-c", "core.hooksPath=/dev/null", "merge", "--quiet", "--no-ff", "--no-edit", "-m", message.trim_end()])
            .arg(branch)
            .env("GIT_AUTHOR_NAME", &committer.name)
            .env("GIT_AUTHOR_EMAIL", &committer.email)
            .env("GIT_COMMITTER_NAME", &committer.name)
            .env("GIT_COMMITTER_EMAIL", &committer.email)
            .run()?;
        self.rev_parse("HEAD")
    }

    /// A file's content at a revision, or `None` when it does not exist there.
    pub fn show_file(&self, revision: &str, path: &str) -> Result<Option<String>, GitError> {
        match git(self.path()).args(["show"]).arg(format!("{revision}:{path}")).run() {
            Ok(text) => Ok(Some(text)),
            Err(GitError::Failed { .. }) => Ok(None),
            Err(other) => Err(other),
        }
    }
}

fn same_path(a: &Path, b: &Path) -> bool {
    let a = a.canonicalize().unwrap_or_else(|_| a.to_path_buf());
    let b = b.canonicalize().unwrap_or_else(|_| b.to_path_buf());
    a == b
}

#[cfg(test)]
mod tests {
    use crate::Identity;

    #[test]
    fn a_worktree_branch_keeps_its_commits_across_removal_and_reuse() {
        let dir = tempfile::tempdir().expect("tempdir");
        let repo = crate::init(&dir.path().join("repo")).expect("init");
        std::fs::write(repo.path().join("a.txt"), "a\n").expect("write");
        repo.add_all().expect("add");
        repo.commit("base\n", &Identity::factory(), None, &[]).expect("commit");

        let path = dir.path().join("worktrees/r1/repo");
        let worktree = repo.add_worktree(&path, "factory/r1/repo", "main").expect("add worktree");
        std::fs::write(path.join("b.txt"), "b\nc\n").expect("write");
        assert!(worktree.has_changes().expect("status"));
        worktree.add_all().expect("add");
        let sha = worktree.commit("add b\n\nFactory-Run: r1\n", &Identity::factory(), None, &[]).expect("commit");
        assert_eq!(repo.worktrees().expect("list").len(), 1);

        // Reusing the same worktree keeps it; removing it keeps the branch and its commit.
        repo.add_worktree(&path, "factory/r1/repo", "main").expect("reuse");
        repo.remove_worktree(&path).expect("remove");
        assert!(repo.worktrees().expect("list").is_empty());
        assert!(repo.branch_exists("factory/r1/repo").expect("branch"));
        repo.add_worktree(&path, "factory/r1/repo", "main").expect("re-add on the existing branch");
        assert_eq!(crate::Repo::open(&path).rev_parse("HEAD").expect("head"), sha);

        let commits = repo.commits_between("main", "factory/r1/repo").expect("log");
        assert_eq!(commits.iter().map(|commit| commit.subject.as_str()).collect::<Vec<_>>(), ["add b"]);
        let stat = repo.diff_stat("main", "factory/r1/repo").expect("stat");
        assert_eq!(stat, vec![super::FileStat { path: "b.txt".into(), added: 2, removed: 0 }]);
        assert_eq!(repo.branches("factory/").expect("branches"), ["factory/r1/repo"]);
        assert_eq!(repo.show_file("factory/r1/repo", "b.txt").expect("show").as_deref(), Some("b\nc"));
        assert_eq!(repo.show_file("main", "b.txt").expect("show"), None);
    }
}
