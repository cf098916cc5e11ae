//! Remotes: which URL a remote names, and pushing one branch to it without prompts.

use crate::command::{git, GitError};
use crate::repo::Repo;

/// What a push did to the remote's branch (from `git push --porcelain`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PushResult {
    /// The remote had no such branch.
    NewBranch,
    /// The remote's branch moved forward to ours.
    FastForward,
    /// The remote's branch was already at our commit.
    UpToDate,
}

impl PushResult {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::NewBranch => "new branch",
            Self::FastForward => "fast-forward",
            Self::UpToDate => "up to date",
        }
    }
}

impl Repo {
    /// The URL of `remote` as git reads it for fetching (`remote.<name>.url` after `insteadOf`
    /// rewriting), or `None` when the repository has no such remote.
    pub fn remote_url(&self, remote: &str) -> Result<Option<String>, GitError> {
        let names = git(self.path()).args(["remote"]).run()?;
        if !names.lines().any(|name| name == remote) {
            return Ok(None);
        }
        git(self.path()).args(["remote", "get-url", "--", remote]).run().map(Some)
    }

    /// Where a push to `remote` goes (`remote.<name>.pushurl`, `pushInsteadOf`, else its URL).
    pub fn remote_push_url(&self, remote: &str) -> Result<String, GitError> {
        git(self.path()).args(["remote", "get-url", "--push", "--", remote]).run()
    }

    /// Pushes the local branch `branch` to the branch of the same name on `remote`. Never
    /// forces, never prompts (no terminal or askpass prompt, ssh in batch mode), runs no hooks.
    pub fn push_branch(&self, remote: &str, branch: &str) -> Result<PushResult, GitError> {
        let refspec = format!("refs/heads/{branch}:refs/heads/{branch}");
        // The user's ssh command (environment, then config), kept, but in batch mode.
        let ssh = std::env::var("GIT_SSH_COMMAND")
            .ok()
            .or_else(|| git(self.path()).args(["config", "--get", "core.sshCommand"]).run().ok())
            .filter(|command| !command.trim().is_empty())
            .unwrap_or_else(|| "ssh".to_string());
        let output = git(self.path())
            .args(["-c", "core.hooksPath=/dev/null", "-c", "credential.interactive=never", "push", "--porcelain", "--", remote])
            .arg(&refspec)
            .env("GIT_ASKPASS", "")
            .env("SSH_ASKPASS", "")
            .env("GCM_INTERACTIVE", "never")
            .env("GIT_SSH_COMMAND", format!("{ssh} -o BatchMode=yes"))
            .timeout_secs(300)
            .run()?;
        // `<flag>\t<from>:<to>\t<summary>`; `*` new, ` ` fast-forward, `=` up to date.
        let flag = output.lines().find(|line| line.contains(&refspec)).and_then(|line| line.chars().next());
        Ok(match flag {
            Some('*') => PushResult::NewBranch,
            Some('=') => PushResult::UpToDate,
            _ => PushResult::FastForward,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Identity;

    #[test]
    fn a_branch_pushes_to_a_bare_origin_once_then_is_up_to_date() {
        let dir = tempfile::tempdir().expect("tempdir");
        let repo = crate::init(&dir.path().join("work")).expect("init");
        std::fs::write(repo.path().join("a.txt"), "a\n").expect("write");
        repo.add_all().expect("add");
        repo.commit("first", &Identity::factory(), None, &[]).expect("commit");
        assert_eq!(repo.remote_url("origin").expect("remote url"), None);

        let bare = dir.path().join("origin.git");
        git(dir.path()).args(["init", "--quiet", "--bare"]).arg(&bare).run().expect("bare");
        git(repo.path()).args(["remote", "add", "origin"]).arg(&bare).run().expect("remote add");
        git(repo.path()).args(["branch", "factory/r1/web"]).run().expect("branch");
        assert_eq!(repo.remote_url("origin").expect("remote url"), Some(bare.display().to_string()));

        assert_eq!(repo.push_branch("origin", "factory/r1/web").expect("push"), PushResult::NewBranch);
        let head = repo.rev_parse("factory/r1/web").expect("head");
        assert_eq!(Repo::open(&bare).rev_parse("factory/r1/web").expect("pushed"), head);
        assert_eq!(repo.push_branch("origin", "factory/r1/web").expect("push again"), PushResult::UpToDate);

        git(repo.path()).args(["checkout", "--quiet", "factory/r1/web"]).run().expect("checkout");
        std::fs::write(repo.path().join("b.txt"), "b\n").expect("write");
        repo.add_all().expect("add");
        repo.commit("second", &Identity::factory(), None, &[]).expect("commit");
        assert_eq!(repo.push_branch("origin", "factory/r1/web").expect("push more"), PushResult::FastForward);
    }

    #[test]
    fn a_push_url_sends_the_branch_elsewhere_than_the_url_names() {
        let dir = tempfile::tempdir().expect("tempdir");
        let repo = crate::init(&dir.path().join("work")).expect("init");
        std::fs::write(repo.path().join("a.txt"), "a\n").expect("write");
        repo.add_all().expect("add");
        repo.commit("first", &Identity::factory(), None, &[]).expect("commit");
        let bare = dir.path().join("mirror.git");
        git(dir.path()).args(["init", "--quiet", "--bare"]).arg(&bare).run().expect("bare");
        git(repo.path()).args(["remote", "add", "origin", "https://github.com/acme/web.git"]).run().expect("remote add");
        git(repo.path()).args(["remote", "set-url", "--push", "origin"]).arg(&bare).run().expect("push url");
        assert_eq!(repo.remote_url("origin").expect("url").as_deref(), Some("https://github.com/acme/web.git"));
        assert_eq!(repo.remote_push_url("origin").expect("push url"), bare.display().to_string());
        assert_eq!(repo.push_branch("origin", "main").expect("push"), PushResult::NewBranch);
        assert!(Repo::open(&bare).rev_parse("main").is_ok());
    }

    #[test]
    fn a_missing_branch_fails_with_git_s_message() {
        let dir = tempfile::tempdir().expect("tempdir");
        let repo = crate::init(&dir.path().join("work")).expect("init");
        std::fs::write(repo.path().join("a.txt"), "a\n").expect("write");
        repo.add_all().expect("add");
        repo.commit("first", &Identity::factory(), None, &[]).expect("commit");
        let bare = dir.path().join("origin.git");
        git(dir.path()).args(["init", "--quiet", "--bare"]).arg(&bare).run().expect("bare");
        git(repo.path()).args(["remote", "add", "origin"]).arg(&bare).run().expect("remote add");
        let error = repo.push_branch("origin", "nope").expect_err("no such branch").to_string();
        assert!(error.contains("src refspec refs/heads/nope does not match any"), "{error}");
    }
}
