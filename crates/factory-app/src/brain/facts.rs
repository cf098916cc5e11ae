//! What the brain stores of each repo's files between scans (their blobs and facts, one
//! document per repo), and decoding those documents on every core.

use std::collections::BTreeMap;

use factory_brain::{FileFacts, ScannedFacts};
use serde::{Deserialize, Serialize};

/// What the last scan read of one file, an entry of the repo's document in the store
/// (`repo_files`): its blob, so a rescan reads only what changed, and what its reader found
/// (for a file that no longer parses, the last good facts and the error).
#[derive(Debug, Clone, Serialize, Deserialize)]
pub(super) struct StoredFile {
    pub(super) path: String,
    pub(super) blob: String,
    /// The commit the facts were read at.
    pub(super) commit_sha: String,
    /// Why the file could not be read at `blob`; `facts` are then the last good ones.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(super) error: Option<String>,
    pub(super) facts: FileFacts,
}

/// A repo's facts document, as stored or as this scan rewrote it.
pub(super) enum RepoFacts {
    /// Not decoded yet (the repo is at the commit already scanned).
    Stored(String),
    Decoded(Vec<StoredFile>),
}

impl StoredFile {
    pub(super) fn into_scanned(self, repo: &str) -> ScannedFacts {
        ScannedFacts { repo: repo.to_string(), path: self.path, commit_sha: self.commit_sha, facts: self.facts }
    }
}

/// Every repo's facts, decoded; the repos whose stored document does not decode are named
/// instead (only a damaged database has any). The documents decode on every core, each
/// thread a run of consecutive repos, joined back in the repos' order.
pub(super) fn decode_documents(documents: BTreeMap<String, RepoFacts>) -> (Vec<ScannedFacts>, Vec<String>) {
    let decoded = on_every_core(documents.into_iter().collect(), decode_run);
    let mut files = Vec::with_capacity(decoded.iter().map(|(files, _)| files.len()).sum());
    let mut damaged = Vec::new();
    for (run_files, run_damaged) in decoded {
        files.extend(run_files);
        damaged.extend(run_damaged);
    }
    (files, damaged)
}

/// Each repo's stored facts document decoded, on every core; one that does not decode is
/// left out (and decoded again later, where its damage is reported).
pub(super) fn predecode(documents: BTreeMap<String, String>) -> BTreeMap<String, Vec<StoredFile>> {
    let decode = |run: Vec<(String, String)>| -> Vec<(String, Vec<StoredFile>)> {
        run.into_iter().filter_map(|(name, text)| serde_json::from_str::<Vec<StoredFile>>(&text).ok().map(|entries| (name, entries))).collect()
    };
    on_every_core(documents.into_iter().collect(), decode).into_iter().flatten().collect()
}

/// `work` done on `items` split in one run per core (at most four), the runs' results in order.
fn on_every_core<T: Send, R: Send>(mut items: Vec<T>, work: impl Fn(Vec<T>) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, std::num::NonZeroUsize::get).clamp(1, 4);
    let size = items.len().div_ceil(threads).max(1);
    let mut runs = Vec::new();
    while !items.is_empty() {
        let tail = items.split_off(size.min(items.len()));
        runs.push(std::mem::replace(&mut items, tail));
    }
    let work = &work;
    std::thread::scope(|scope| {
        let handles: Vec<_> = runs.into_iter().map(|run| scope.spawn(move || work(run))).collect();
        handles.into_iter().map(|handle| handle.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))).collect()
    })
}

/// [`decode_documents`] for one run of repos.
fn decode_run(documents: Vec<(String, RepoFacts)>) -> (Vec<ScannedFacts>, Vec<String>) {
    let mut files = Vec::new();
    let mut damaged = Vec::new();
    for (name, document) in documents {
        let entries = match document {
            RepoFacts::Decoded(entries) => entries,
            RepoFacts::Stored(text) => match serde_json::from_str::<Vec<StoredFile>>(&text) {
                Ok(entries) => entries,
                Err(error) => {
                    tracing::warn!(repo = %name, %error, "the brain's stored facts for this repo do not decode");
                    damaged.push(name);
                    continue;
                }
            },
        };
        files.extend(entries.into_iter().map(|entry| entry.into_scanned(&name)));
    }
    (files, damaged)
}
