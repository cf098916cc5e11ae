//! Evolve: what learning changes in the factory home is committed on `evolve/<run>` for review,
//! never straight onto the team's branch. Apply merges it; reject deletes it.

use std::path::Path;

use factory_git::{Identity, Repo};
use serde::Serialize;

use crate::LearnError;

/// A file learning writes into the home.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EvolveFile {
    /// Relative to the home: `lessons/...md`, `rules/...toml`, `skills/<name>/SKILL.md`.
    pub path: String,
    pub content: String,
}

/// One proposed change to the home.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct EvolveBranch {
    pub branch: String,
    pub head: String,
    pub summary: String,
    pub files: Vec<String>,
}

/// Commits `files` on `evolve/<run_id>` (from the home's current HEAD), in a temporary
/// worktree under `worktrees_dir`, so the team's checkout is never touched.
pub fn commit_evolve(home: &Path, worktrees_dir: &Path, run_id: &str, files: &[EvolveFile], summary: &str) -> Result<Option<EvolveBranch>, LearnError> {
    if files.is_empty() {
        return Ok(None);
    }
    let repo = Repo::open(home);
    let branch = format!("evolve/{run_id}");
    let worktree_path = worktrees_dir.join(format!("evolve-{run_id}"));
    let worktree = repo.add_worktree(&worktree_path, &branch, "HEAD")?;
    worktree.discard_changes()?;
    for file in files {
        let target = worktree_path.join(&file.path);
        if let Some(parent) = target.parent() {
            std::fs::create_dir_all(parent).map_err(|source| LearnError::Io { path: parent.to_path_buf(), source })?;
        }
        std::fs::write(&target, &file.content).map_err(|source| LearnError::Io { path: target.clone(), source })?;
    }
    let head = if worktree.has_changes()? {
        worktree.add_all()?;
        let message = format!("evolve: what run {run_id} taught\n\n{summary}\n\nFactory-Run: {run_id}\n");
        worktree.commit(&message, &Identity { name: "Factory learner".into(), email: "learner@workers.factory".into() }, None, &[])?
    } else {
        worktree.rev_parse("HEAD")?
    };
    repo.remove_worktree(&worktree_path)?;
    Ok(Some(EvolveBranch { branch, head, summary: summary.to_string(), files: files.iter().map(|file| file.path.clone()).collect() }))
}

/// Every `evolve/*` branch of the home with what it changes against HEAD.
pub fn evolve_branches(home: &Path) -> Result<Vec<EvolveBranch>, LearnError> {
    let repo = Repo::open(home);
    let mut branches = Vec::new();
    for branch in repo.branches("evolve/")? {
        let head = repo.rev_parse(&branch)?;
        let commits = repo.commits_between("HEAD", &branch)?;
        let summary = commits.last().map(|commit| commit.subject.clone()).unwrap_or_else(|| "already applied".to_string());
        let files = repo.diff_stat("HEAD", &branch)?.into_iter().map(|stat| stat.path).collect();
        branches.push(EvolveBranch { branch, head, summary, files });
    }
    Ok(branches)
}

/// Merges an evolve branch into the home's current branch and deletes it.
pub fn apply_evolve(home: &Path, branch: &str) -> Result<String, LearnError> {
    let repo = Repo::open(home);
    if !repo.branch_exists(branch)? {
        return Err(LearnError::UnknownBranch(branch.to_string()));
    }
    let head = repo.merge(branch, &format!("evolve: apply {branch}\n"))?;
    repo.delete_branch(branch)?;
    Ok(head)
}

/// Deletes an evolve branch unmerged.
pub fn reject_evolve(home: &Path, branch: &str) -> Result<(), LearnError> {
    let repo = Repo::open(home);
    if !repo.branch_exists(branch)? {
        return Err(LearnError::UnknownBranch(branch.to_string()));
    }
    repo.delete_branch(branch)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learning_lands_on_an_evolve_branch_and_applies_by_merge() {
        let dir = tempfile::tempdir().expect("tempdir");
        let home = dir.path().join("home");
        let repo = factory_git::init(&home).expect("init");
        std::fs::write(home.join("factory.toml"), "[org]\nname = \"x\"\n").expect("write");
        repo.add_all().expect("add");
        repo.commit("home\n", &Identity::factory(), None, &[]).expect("commit");

        let files = vec![
            EvolveFile { path: "lessons/2026-11-21-x.md".into(), content: "lesson\n".into() },
            EvolveFile { path: "rules/field-naming-x.toml".into(), content: "id = \"x\"\n".into() },
        ];
        let worktrees = dir.path().join("home/.factory/worktrees");
        let branch = commit_evolve(&home, &worktrees, "r1", &files, "a lesson and a rule").expect("commit").expect("a branch");
        assert_eq!(branch.branch, "evolve/r1");
        assert!(!home.join("rules").exists(), "the team's checkout is untouched");
        let listed = evolve_branches(&home).expect("list");
        assert_eq!(listed.len(), 1);
        assert_eq!(listed[0].files, ["lessons/2026-11-21-x.md", "rules/field-naming-x.toml"]);
        assert_eq!(listed[0].summary, "evolve: what run r1 taught");

        apply_evolve(&home, "evolve/r1").expect("apply");
        assert!(home.join("rules/field-naming-x.toml").is_file());
        assert!(evolve_branches(&home).expect("list").is_empty());
        assert!(matches!(reject_evolve(&home, "evolve/r1"), Err(LearnError::UnknownBranch(_))));
    }
}
