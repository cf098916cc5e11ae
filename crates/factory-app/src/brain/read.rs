//! Reading one repo for a scan: its commit, the files whose blobs changed since the last scan,
//! and what the readers find in them.

use std::collections::{BTreeMap, BTreeSet};

use factory_brain::FileFacts;
use factory_store::Store;
use factory_store::graph::RepoScan;

use super::facts::{RepoFacts, StoredFile};
use super::{RepoScanReport, ScanError, ScanReport};
use crate::AppError;
use crate::repos::RepoInfo;

/// What scanning one repo produced.
pub(super) struct RepoOutcome {
    pub(super) commit_time: String,
    pub(super) facts: RepoFacts,
    /// Whether what the graph is resolved from changed: a file's facts, or which files there are.
    pub(super) facts_moved: bool,
    /// The scan to record and what was read, as stored; none when HEAD was scanned already.
    pub(super) save: Option<(RepoScan, String)>,
}

impl RepoOutcome {
    /// The outcome, once what was read is saved (a scan's main loop saves its repos in batches instead).
    pub(super) async fn saved(mut self, store: &Store) -> Result<Self, AppError> {
        if let Some(save) = self.save.take() {
            store.save_repo_scans(&[save]).await?;
        }
        Ok(self)
    }
}

/// Reads one repo at `revision` (HEAD when `None`), only the files whose blob changed since
/// `last_scan`; what was read is the outcome's to save.
pub(super) async fn read_repo(
    repo: &RepoInfo,
    revision: Option<&str>,
    last_scan: Option<&RepoScan>,
    stored: Option<RepoFacts>,
    reading: Reading,
    now: &str,
    report: &mut ScanReport,
) -> Result<RepoOutcome, AppError> {
    let path = &repo.resolved_path;
    if !path.exists() {
        return Err(AppError::Input(format!("{} does not exist (moved or deleted?); fix its path in factory.toml", path.display())));
    }
    let unchanged = |head: String, last_scan: &RepoScan, stored: Option<RepoFacts>, report: &mut ScanReport| {
        // Same commit as last time: every blob is unchanged, and so are the facts.
        report.repos.push(RepoScanReport { name: repo.name.clone(), commit: Some(head), same_commit: true, same_facts: true, ..RepoScanReport::default() });
        RepoOutcome { commit_time: last_scan.commit_time.clone(), facts: stored.unwrap_or(RepoFacts::Decoded(Vec::new())), facts_moved: false, save: None }
    };
    if let (Some(last_scan), Some(head)) = (last_scan, revision.map(str::to_string).or_else(|| factory_git::head_sha_from_files(path)))
        && last_scan.commit_sha == head
    {
        return Ok(unchanged(head, last_scan, stored, report));
    }
    // One reader per repo: the commit, its tree and the changed blobs from one object database.
    let mut reader = factory_git::RepoReader::open(path);
    let commit = reader.commit_info(revision.unwrap_or("HEAD"))?;
    if let Some(last_scan) = last_scan.filter(|last_scan| last_scan.commit_sha == commit.sha) {
        return Ok(unchanged(commit.sha, last_scan, stored, report));
    }
    let commit_time = factory_brain::utc_time(&commit.time).unwrap_or_else(|| now.to_string());
    let (repo_clone, commit_clone) = (repo.clone(), commit.clone());
    let outcome = tokio::task::spawn_blocking(move || {
        let decoded = stored.map(|stored| match stored {
            RepoFacts::Decoded(entries) => Ok(entries),
            RepoFacts::Stored(text) => serde_json::from_str::<Vec<StoredFile>>(&text),
        });
        let last: Option<BTreeMap<String, StoredFile>> = match decoded {
            Some(Ok(entries)) => Some(entries.into_iter().map(|entry| (entry.path.clone(), entry)).collect()),
            Some(Err(error)) => {
                tracing::warn!(repo = %repo_clone.name, %error, "what the last scan read does not decode; reading every file again");
                None
            }
            None => None,
        };
        let outcome = read_changed_files(&mut reader, &repo_clone, &commit_clone, last.unwrap_or_default(), reading)?;
        // Encoded here, beside the other repos' reads, rather than on the runtime's one thread.
        let document =
            serde_json::to_string(&outcome.files).map_err(|error| AppError::Input(format!("what was read of {} could not be encoded: {error}", repo_clone.name)))?;
        Ok::<_, AppError>((outcome, document))
    })
    .await
    .map_err(|error| AppError::Input(format!("reading {} stopped: {error}", repo.name)))?;
    let (outcome, document) = outcome?;
    let repo_report = RepoScanReport {
        name: repo.name.clone(),
        commit: Some(commit.sha.clone()),
        files_in_tree: outcome.tree_len,
        files_read: outcome.read,
        files_unchanged: outcome.files.len() - outcome.read,
        files_failed: outcome.failures.len(),
        files_gone: outcome.gone,
        same_commit: false,
        same_facts: !outcome.facts_moved,
    };
    report.errors.extend(outcome.failures);
    let scan = RepoScan { repo: repo.name.clone(), commit_sha: commit.sha.clone(), commit_time: commit_time.clone(), scanned_at: now.to_string() };
    report.files_read += repo_report.files_read;
    report.files_unchanged += repo_report.files_unchanged;
    report.files_failed += repo_report.files_failed;
    report.repos.push(repo_report);
    Ok(RepoOutcome { commit_time, facts: RepoFacts::Decoded(outcome.files), facts_moved: outcome.facts_moved, save: Some((scan, document)) })
}

/// What reading one repo's changed files produced.
struct ReadOutcome {
    tree_len: usize,
    /// Every file the brain reads, by path: read now, or as the last scan left it.
    files: Vec<StoredFile>,
    /// How many were read now.
    read: usize,
    /// How many the last scan had that the tree no longer holds.
    gone: usize,
    failures: Vec<ScanError>,
    /// Whether any file's facts or error differ from the last scan's, or files came or went.
    facts_moved: bool,
}

/// Which files a repo's scan reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Reading {
    /// Those whose blob changed since the last scan.
    ChangedFiles,
    /// Every file: the stored facts were read by other readers. A file that no longer parses
    /// still keeps its last good facts.
    EveryFile,
}

/// Lists the tree at `commit`, reads the blobs that changed since `last` (or every file), and
/// runs the readers on them. Blocking: git and parsing.
fn read_changed_files(
    reader: &mut factory_git::RepoReader,
    repo: &RepoInfo,
    commit: &factory_git::CommitInfo,
    mut last: BTreeMap<String, StoredFile>,
    reading: Reading,
) -> Result<ReadOutcome, AppError> {
    let tree = reader.list_tree(&commit.sha)?;
    let wanted: Vec<&factory_git::TreeFile> = tree.iter().filter(|file| factory_brain::wants_file(&file.path, file.size)).collect();
    let changed: Vec<&factory_git::TreeFile> =
        wanted.iter().copied().filter(|file| reading == Reading::EveryFile || last.get(&file.path).is_none_or(|stored| stored.blob != file.blob)).collect();
    // From the work tree where git would trust it, from the blobs otherwise: what is committed.
    let contents = reader.read_files(&changed)?;
    let mut failures = Vec::new();
    // Every file read again: the facts are another version's, whatever they say.
    let mut facts_moved = reading == Reading::EveryFile || last.is_empty();
    for (file, bytes) in changed.iter().zip(contents) {
        let entry = match factory_brain::read_file(&file.path, &bytes) {
            Ok(facts) => StoredFile { path: file.path.clone(), blob: file.blob.clone(), commit_sha: commit.sha.clone(), error: None, facts },
            Err(reason) => {
                // The file keeps its last good facts, and the commit they came from.
                tracing::warn!(repo = %repo.name, path = %file.path, %reason, "could not read file; keeping its last good facts");
                failures.push(ScanError { repo: repo.name.clone(), path: Some(file.path.clone()), error: reason.clone() });
                let (commit_sha, facts) = match last.remove(&file.path) {
                    Some(previous) => (previous.commit_sha, previous.facts),
                    None => (commit.sha.clone(), FileFacts::default()),
                };
                StoredFile { path: file.path.clone(), blob: file.blob.clone(), commit_sha, error: Some(reason), facts }
            }
        };
        // The commit a file's facts were read at is no part of what resolution compares
        // (provenance is compared by path and pointer), so equal facts resolve alike.
        let previous = last.insert(file.path.clone(), entry);
        if !facts_moved {
            let entry = &last[&file.path];
            facts_moved = previous.is_none_or(|previous| previous.facts != entry.facts || previous.error != entry.error);
        }
    }
    let wanted_paths: BTreeSet<&str> = wanted.iter().map(|file| file.path.as_str()).collect();
    let before = last.len();
    last.retain(|path, _| wanted_paths.contains(path.as_str()));
    let gone = before - last.len();
    Ok(ReadOutcome { tree_len: tree.len(), files: last.into_values().collect(), read: changed.len(), gone, failures, facts_moved: facts_moved || gone > 0 })
}
