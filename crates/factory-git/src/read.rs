//! Reading a commit's tree without a work tree: blob ids for every file (so a rescan reads
//! only what changed), blob contents, and the commit a date or revision names (for "what was
//! true at time T").
//!
//! [`RepoReader`] (and the `list_tree`, `read_blobs` and `commit_info` shorthands) first read
//! the object database in process (see [`ObjectDb`]); whenever it cannot answer they run git,
//! whose answer is the reference. The `*_by_cli` variants always run git (benchmarks and tests
//! compare the two).

use std::path::{Path, PathBuf};

use crate::clean::CleanFiles;
use crate::command::{git, GitError};
use crate::objects::{is_sha, parse_hex, to_hex, ObjectDb, ObjectError};

/// One file of a commit's tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TreeFile {
    pub path: String,
    pub blob: String,
    pub size: u64,
}

/// A commit with its committer time (RFC 3339, as git prints `%cI`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommitInfo {
    pub sha: String,
    pub time: String,
}

/// Reads one repository's commits, trees and blobs: in process when it can (see
/// [`ObjectDb`]), by running git whenever that cannot answer, so an answer is never worse than
/// git's. Open one per repository and scan with it: the object database is opened once, and
/// the small blobs inflated while listing a tree are not inflated again when read.
///
/// A tree's files are read from the work tree instead of their blobs where git itself would
/// trust it (see [`RepoReader::read_files`]).
#[derive(Debug)]
pub struct RepoReader {
    repo: PathBuf,
    /// `None` when the in-process reader cannot open this repository: everything asks git.
    database: Option<ObjectDb>,
    work_tree: WorkTree,
    work_tree_reads: u64,
}

/// Whether files can be read from the work tree instead of the object database.
#[derive(Debug)]
enum WorkTree {
    /// Not looked at yet (the index is read when a tree is first listed).
    Unopened,
    Unusable,
    Usable(Box<CleanFiles>),
}

impl RepoReader {
    /// A reader of the repository whose work tree (or bare directory) is `repo`. Never fails:
    /// a repository the in-process reader cannot open is read by git.
    pub fn open(repo: &Path) -> Self {
        let database = ObjectDb::open(repo)
            .inspect_err(|error| tracing::debug!(repo = %repo.display(), %error, "reading objects in process is not possible; running git"))
            .ok();
        Self { repo: repo.to_path_buf(), database, work_tree: WorkTree::Unopened, work_tree_reads: 0 }
    }

    /// How many files [`RepoReader::read_files`] read from the work tree rather than from
    /// blobs (for tests and benchmarks).
    pub fn work_tree_reads(&self) -> u64 {
        self.work_tree_reads
    }

    /// The commit `revision` names, with its committer time. `HEAD` and full ids are read in
    /// process when possible; other revisions (branch names, `HEAD~1`) ask git.
    pub fn commit_info(&mut self, revision: &str) -> Result<CommitInfo, GitError> {
        if let Some(database) = self.database.as_mut().filter(|_| revision == "HEAD" || is_sha(revision)) {
            match database.commit_info(revision) {
                Ok(info) => return Ok(info),
                Err(error) => tracing::debug!(repo = %self.repo.display(), %error, "reading the commit in process failed; running git log"),
            }
        }
        commit_info_by_cli(&self.repo, revision)
    }

    /// Every file (regular and executable; no symlinks or submodules) in the tree of
    /// `revision`, in `git ls-tree -r` order.
    ///
    /// Sizes come from the index for files that may stand for their loose blobs (see
    /// [`RepoReader::read_files`]) and from object headers for the others.
    pub fn list_tree(&mut self, revision: &str) -> Result<Vec<TreeFile>, GitError> {
        if let Some(database) = self.database.as_mut() {
            match list_tree_in_process(&self.repo, database, &mut self.work_tree, revision) {
                Ok(files) => return Ok(files),
                Err(error) => tracing::debug!(repo = %self.repo.display(), %error, "listing the tree in process failed; running git ls-tree"),
            }
        }
        list_tree_by_cli(&self.repo, revision)
    }

    /// The contents of `files`, in order, each the blob its tree names: read from the work tree
    /// where git would trust it (the index holds that blob at that path, unmodified by its stat
    /// data, with no conversion on checkout; see `clean.rs` for every condition) and the blob
    /// is loose (a packed one reads faster from its pack), and from the blob otherwise. Files of
    /// trees this reader did not list are read from their blobs.
    pub fn read_files(&mut self, files: &[&TreeFile]) -> Result<Vec<Vec<u8>>, GitError> {
        let mut contents = Vec::with_capacity(files.len());
        // Files read from blobs, by position.
        let mut from_blobs: Vec<usize> = Vec::new();
        for (position, file) in files.iter().enumerate() {
            let clean = match &self.work_tree {
                WorkTree::Usable(clean) => parse_hex(&file.blob)
                    .filter(|id| !self.database.as_ref().is_some_and(|database| database.is_packed(id)))
                    .and_then(|id| clean.read_clean(&file.path, &id)),
                WorkTree::Unopened | WorkTree::Unusable => None,
            };
            match clean {
                Some(data) => {
                    self.work_tree_reads += 1;
                    contents.push(data);
                }
                None => {
                    contents.push(Vec::new());
                    from_blobs.push(position);
                }
            }
        }
        // A file listed with the index's size and read from its blob (it changed since it was
        // staged): git keeps only the low 32 bits of a size, so a blob of 4 GiB or more whose
        // low bits are the listed size was listed as small; no reader wants it, and it reads
        // as empty. Any other blob is read (a damaged one is an error there).
        if let (WorkTree::Usable(clean), Some(database)) = (&self.work_tree, self.database.as_mut()) {
            from_blobs.retain(|&position| {
                let file = files[position];
                let Some(id) = parse_hex(&file.blob).filter(|id| !database.is_packed(id) && clean.indexed_size(&file.path, id).is_some()) else { return true };
                let huge = database.blob_size(&id).is_ok_and(|size| size > u64::from(u32::MAX) && size & u64::from(u32::MAX) == file.size);
                if huge {
                    tracing::warn!(repo = %self.repo.display(), path = %file.path, "a file of 4 GiB or more, listed by the index's 32-bit size; it is read as empty");
                }
                !huge
            });
        }
        if !from_blobs.is_empty() {
            let blobs: Vec<String> = from_blobs.iter().map(|position| files[*position].blob.clone()).collect();
            for (position, data) in from_blobs.into_iter().zip(self.read_blobs(&blobs)?) {
                contents[position] = data;
            }
        }
        Ok(contents)
    }

    /// The contents of `blobs`, in order. A blob git does not know comes back empty. Blobs the
    /// in-process reader cannot read are read by one `git cat-file --batch`.
    pub fn read_blobs(&mut self, blobs: &[String]) -> Result<Vec<Vec<u8>>, GitError> {
        let Some(database) = self.database.as_mut() else { return read_blobs_by_cli(&self.repo, blobs) };
        let mut contents = Vec::with_capacity(blobs.len());
        // Blobs the in-process reader could not read, by position, for one git call.
        let mut unread: Vec<usize> = Vec::new();
        for (position, blob) in blobs.iter().enumerate() {
            match database.read_object(blob) {
                Ok((_, data)) => contents.push(data),
                Err(error) => {
                    tracing::debug!(repo = %self.repo.display(), %blob, %error, "reading a blob in process failed; running git cat-file");
                    contents.push(Vec::new());
                    unread.push(position);
                }
            }
        }
        if !unread.is_empty() {
            let names: Vec<String> = unread.iter().map(|position| blobs[*position].clone()).collect();
            for (position, data) in unread.into_iter().zip(read_blobs_by_cli(&self.repo, &names)?) {
                contents[position] = data;
            }
        }
        Ok(contents)
    }
}

/// Lists a tree in process, with sizes from the work tree where its files stand for their
/// blobs (after checking the tree's attributes convert nothing).
fn list_tree_in_process(repo: &Path, database: &mut ObjectDb, work_tree: &mut WorkTree, revision: &str) -> Result<Vec<TreeFile>, ObjectError> {
    let entries = database.tree_files(revision)?;
    // A repo whose blobs are all packed reads nothing from the work tree: its index and
    // settings are not read either (until a tree with a loose blob is listed).
    if let WorkTree::Unopened = work_tree
        && entries.iter().any(|(_, id)| !database.is_packed(id))
    {
        *work_tree = match CleanFiles::open(repo, database.dirs()) {
            Ok(clean) => WorkTree::Usable(Box::new(clean)),
            Err(reason) => {
                tracing::debug!(repo = %repo.display(), %reason, "files are read from blobs, not the work tree");
                WorkTree::Unusable
            }
        };
    }
    let clean = match work_tree {
        WorkTree::Usable(clean) => clean.vet_tree(&entries, &mut |id| database.read_blob(id)).then_some(&**clean),
        WorkTree::Unopened | WorkTree::Unusable => None,
    };
    let mut files = Vec::with_capacity(entries.len());
    for (path, id) in entries {
        // A packed blob is read faster from its pack (one positioned read, a small inflate)
        // than a file from the work tree (open, read, stat, close): only loose blobs, one file
        // each to open and inflate, are read from the work tree. Their sizes are the index's,
        // not a stat of each file (a path walk per file, a fifth of the listing's time).
        let size = match clean.filter(|_| !database.is_packed(&id)).and_then(|clean| clean.indexed_size(&path, &id)) {
            Some(size) => size,
            None => database.blob_size(&id)?,
        };
        files.push(TreeFile { blob: to_hex(&id), path, size });
    }
    Ok(files)
}

/// Every file (regular and executable; no symlinks or submodules) in the tree of `revision`,
/// in `git ls-tree -r` order. To list a tree and then read its blobs, a [`RepoReader`] does less
/// work.
pub fn list_tree(repo: &Path, revision: &str) -> Result<Vec<TreeFile>, GitError> {
    RepoReader::open(repo).list_tree(revision)
}

/// [`list_tree`] by running `git ls-tree`.
pub fn list_tree_by_cli(repo: &Path, revision: &str) -> Result<Vec<TreeFile>, GitError> {
    let bytes = git(repo).args(["ls-tree", "-r", "-z", "--long", "--full-tree", revision]).timeout_secs(300).run_bytes()?;
    let mut files = Vec::new();
    for record in bytes.split(|byte| *byte == 0).filter(|record| !record.is_empty()) {
        let record = String::from_utf8_lossy(record);
        // "<mode> SP <type> SP <object> SP+ <size> TAB <path>"
        let Some((meta, path)) = record.split_once('\t') else { continue };
        let mut parts = meta.split_whitespace();
        let (Some(mode), Some(kind), Some(blob), Some(size)) = (parts.next(), parts.next(), parts.next(), parts.next()) else {
            continue;
        };
        if kind != "blob" || mode == "120000" {
            continue;
        }
        files.push(TreeFile { path: path.to_string(), blob: blob.to_string(), size: size.parse().unwrap_or(0) });
    }
    Ok(files)
}

/// The contents of `blobs`, in order. A blob git does not know comes back empty.
pub fn read_blobs(repo: &Path, blobs: &[String]) -> Result<Vec<Vec<u8>>, GitError> {
    if blobs.is_empty() {
        return Ok(Vec::new());
    }
    RepoReader::open(repo).read_blobs(blobs)
}

/// [`read_blobs`] with one `git cat-file --batch`.
pub fn read_blobs_by_cli(repo: &Path, blobs: &[String]) -> Result<Vec<Vec<u8>>, GitError> {
    if blobs.is_empty() {
        return Ok(Vec::new());
    }
    let mut input = String::with_capacity(blobs.len() * 41);
    for blob in blobs {
        input.push_str(blob);
        input.push('\n');
    }
    let output = git(repo).args(["cat-file", "--batch"]).stdin(input.into_bytes()).timeout_secs(600).run_bytes()?;
    let mut contents = Vec::with_capacity(blobs.len());
    let mut at = 0;
    while at < output.len() && contents.len() < blobs.len() {
        let Some(line_end) = output[at..].iter().position(|byte| *byte == b'\n').map(|offset| at + offset) else { break };
        let header = String::from_utf8_lossy(&output[at..line_end]).into_owned();
        at = line_end + 1;
        if header.ends_with(" missing") {
            contents.push(Vec::new());
            continue;
        }
        let size: usize = header.rsplit(' ').next().and_then(|size| size.parse().ok()).unwrap_or(0);
        let end = (at + size).min(output.len());
        contents.push(output[at..end].to_vec());
        at = end + 1; // the newline after each object
    }
    while contents.len() < blobs.len() {
        contents.push(Vec::new());
    }
    Ok(contents)
}

/// The commit `revision` names, with its committer time. `HEAD` and full ids are read in
/// process when possible; other revisions (branch names, `HEAD~1`) ask git.
pub fn commit_info(repo: &Path, revision: &str) -> Result<CommitInfo, GitError> {
    if revision == "HEAD" || is_sha(revision) { RepoReader::open(repo).commit_info(revision) } else { commit_info_by_cli(repo, revision) }
}

/// [`commit_info`] by running `git log`.
pub fn commit_info_by_cli(repo: &Path, revision: &str) -> Result<CommitInfo, GitError> {
    let text = git(repo).args(["log", "-1", "--format=%H %cI"]).arg(format!("{revision}^{{commit}}")).arg("--").run()?;
    let (sha, time) = text.split_once(' ').unwrap_or((text.as_str(), ""));
    Ok(CommitInfo { sha: sha.to_string(), time: time.to_string() })
}

/// The commit HEAD points at, read from the repository's files without running git (a
/// rescan asks this of every repo, so it must be cheap). Handles `.git` directories, `.git`
/// files (worktrees, submodules) and bare repositories. `None` when it cannot tell (an
/// unusual layout, reftable refs, no commits): then ask [`commit_info`].
pub fn head_sha_from_files(repo: &Path) -> Option<String> {
    crate::objects::discover(repo)?.head_sha()
}

/// The last `limit` commits of `revision`'s first-parent history (the commits its branch
/// was at, one after another), oldest first, `revision` itself last.
pub fn first_parent_history(repo: &Path, revision: &str, limit: usize) -> Result<Vec<CommitInfo>, GitError> {
    if limit == 0 {
        return Ok(Vec::new());
    }
    let text = git(repo).args(["log", "--first-parent", "--format=%H %cI"]).arg(format!("--max-count={limit}")).arg(revision).arg("--").run()?;
    let mut commits: Vec<CommitInfo> = text
        .lines()
        .filter_map(|line| line.split_once(' '))
        .map(|(sha, time)| CommitInfo { sha: sha.to_string(), time: time.to_string() })
        .collect();
    commits.reverse();
    Ok(commits)
}

/// The last commit on `revision`'s history made at or before `date` (any date git accepts),
/// or `None` when the history starts later.
pub fn commit_at_date(repo: &Path, revision: &str, date: &str) -> Result<Option<CommitInfo>, GitError> {
    let text = git(repo).args(["log", "-1", "--format=%H %cI"]).arg(format!("--before={date}")).arg(revision).arg("--").run()?;
    if text.is_empty() {
        return Ok(None);
    }
    let (sha, time) = text.split_once(' ').unwrap_or((text.as_str(), ""));
    Ok(Some(CommitInfo { sha: sha.to_string(), time: time.to_string() }))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Identity;

    #[test]
    fn trees_blobs_and_dates_read_back_what_was_committed() {
        let dir = tempfile::tempdir().expect("tempdir");
        let repo = crate::init(dir.path()).expect("init");
        std::fs::create_dir_all(dir.path().join("src")).expect("mkdir");
        std::fs::write(dir.path().join("src/a.txt"), "alpha\n").expect("write");
        std::fs::write(dir.path().join("b.bin"), [0u8, 1, 2, b'\n', 3]).expect("write");
        repo.add_all().expect("add");
        let first = repo.commit("one", &Identity::factory(), Some("2026-01-02T03:04:05Z"), &[]).expect("commit");
        std::fs::write(dir.path().join("src/a.txt"), "beta\n").expect("write");
        repo.add_all().expect("add");
        let second = repo.commit("two", &Identity::factory(), Some("2026-02-02T03:04:05Z"), &[]).expect("commit");

        let files = list_tree(dir.path(), "HEAD").expect("ls-tree");
        let paths: Vec<&str> = files.iter().map(|file| file.path.as_str()).collect();
        assert_eq!(paths, ["b.bin", "src/a.txt"]);
        let blobs: Vec<String> = files.iter().map(|file| file.blob.clone()).chain(["0".repeat(40)]).collect();
        let contents = read_blobs(dir.path(), &blobs).expect("cat-file");
        assert_eq!(contents, vec![vec![0u8, 1, 2, b'\n', 3], b"beta\n".to_vec(), Vec::new()]);

        assert_eq!(commit_info(dir.path(), "HEAD").expect("info"), CommitInfo { sha: second.clone(), time: "2026-02-02T03:04:05Z".into() });
        let at = commit_at_date(dir.path(), "HEAD", "2026-01-15").expect("at date");
        assert_eq!(at.map(|commit| commit.sha), Some(first));
        assert_eq!(commit_at_date(dir.path(), "HEAD", "2025-01-01").expect("before history"), None);
        assert_eq!(head_sha_from_files(dir.path()), Some(second));
    }
}
