//! Applying a unified diff to a work tree with `git apply`, reporting which files it touched.

use std::path::Path;

use crate::command::{GitError, git};

/// What a patch did to one file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PatchChange {
    Added,
    Modified,
    Deleted,
}

/// One file a patch touched, its path relative to the work tree root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PatchedFile {
    pub path: String,
    pub change: PatchChange,
}

/// Applies `diff` (a unified diff, `git diff` style with `a/` and `b/` prefixes) to the work
/// tree at `worktree` without touching the index. Hunk line counts are recounted, so a
/// hand-written diff need not count its lines exactly. Nothing is applied when any hunk fails;
/// the error carries git's explanation.
pub fn apply_patch(worktree: &Path, diff: &str) -> Result<Vec<PatchedFile>, GitError> {
    let mut diff = diff.to_string();
    if !diff.ends_with('\n') {
        diff.push('\n');
    }
    let listing = git(worktree).args(["apply", "--recount", "--numstat", "--summary", "-"]).stdin(diff.clone().into_bytes()).run()?;
    git(worktree).args(["apply", "--recount", "--whitespace=nowarn", "-"]).stdin(diff.into_bytes()).run()?;
    Ok(parse_listing(&listing))
}

/// Reads `git apply --numstat --summary`: numstat lines name every file, summary lines say
/// which were created or deleted.
fn parse_listing(listing: &str) -> Vec<PatchedFile> {
    let mut files: Vec<PatchedFile> = Vec::new();
    for line in listing.lines() {
        let trimmed = line.trim_start();
        let created = trimmed.strip_prefix("create mode ");
        let deleted = trimmed.strip_prefix("delete mode ");
        if let Some((rest, change)) = created.map(|rest| (rest, PatchChange::Added)).or(deleted.map(|rest| (rest, PatchChange::Deleted))) {
            // "<mode> <path>"
            if let Some((_, path)) = rest.split_once(' ')
                && let Some(file) = files.iter_mut().find(|file| file.path == path)
            {
                file.change = change;
            }
            continue;
        }
        let mut parts = line.splitn(3, '\t');
        if let (Some(_), Some(_), Some(path)) = (parts.next(), parts.next(), parts.next()) {
            files.push(PatchedFile { path: path.to_string(), change: PatchChange::Modified });
        }
    }
    files
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Identity;

    #[test]
    fn a_patch_adds_modifies_and_deletes_files_and_reports_them() {
        let dir = tempfile::tempdir().expect("tempdir");
        let repo = crate::init(dir.path()).expect("init");
        std::fs::write(dir.path().join("keep.txt"), "one\ntwo\n").expect("write");
        std::fs::write(dir.path().join("gone.txt"), "bye\n").expect("write");
        repo.add_all().expect("add");
        repo.commit("base", &Identity::factory(), None, &[]).expect("commit");

        let diff = "\
diff --git a/keep.txt b/keep.txt
--- a/keep.txt
+++ b/keep.txt
@@ -1,2 +1,2 @@
 one
-two
+three
diff --git a/new.txt b/new.txt
new file mode 100644
--- /dev/null
+++ b/new.txt
@@ -0,0 +1 @@
+hello
diff --git a/gone.txt b/gone.txt
deleted file mode 100644
--- a/gone.txt
+++ /dev/null
@@ -1 +0,0 @@
-bye
";
        let files = apply_patch(dir.path(), diff).expect("apply");
        assert_eq!(
            files,
            vec![
                PatchedFile { path: "keep.txt".into(), change: PatchChange::Modified },
                PatchedFile { path: "new.txt".into(), change: PatchChange::Added },
                PatchedFile { path: "gone.txt".into(), change: PatchChange::Deleted },
            ]
        );
        assert_eq!(std::fs::read_to_string(dir.path().join("keep.txt")).expect("read"), "one\nthree\n");
        assert_eq!(std::fs::read_to_string(dir.path().join("new.txt")).expect("read"), "hello\n");
        assert!(!dir.path().join("gone.txt").exists());
    }

    #[test]
    fn a_patch_that_does_not_apply_changes_nothing_and_says_why() {
        let dir = tempfile::tempdir().expect("tempdir");
        crate::init(dir.path()).expect("init");
        std::fs::write(dir.path().join("a.txt"), "actual\n").expect("write");
        let diff = "--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-expected\n+changed\n";
        let error = apply_patch(dir.path(), diff).expect_err("must fail");
        assert!(error.to_string().contains("patch failed"), "{error}");
        assert_eq!(std::fs::read_to_string(dir.path().join("a.txt")).expect("read"), "actual\n");
    }
}
