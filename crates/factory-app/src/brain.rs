//! `factory brain ...`: scanning the org's repos into the brain and asking it questions.

pub mod bench;
mod check;
mod facts;
mod read;

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;
use std::sync::{Arc, LazyLock, Mutex};

use factory_brain::graph::Graph;
use factory_brain::query::{Export, Impact, Reached, Show};
use factory_brain::reconcile::ScanTimes;
use factory_brain::ScannedFacts;
use factory_store::Store;
use factory_store::graph::{RepoScan, SearchEntry, SearchHit};
use serde::Serialize;
use facts::{RepoFacts, StoredFile, decode_documents, predecode};
use read::{Reading, read_repo};

use crate::repos::{RepoInfo, list};
use crate::{AppError, Home};

pub use check::{CheckReport, check};
pub use factory_brain::check::{Finding, Severity};
pub use factory_brain::graph::Step;

/// The name the factory home goes by when the brain reads its lessons and decisions.
pub use factory_brain::HOME_REPO;

/// How many repos a scan lists, reads and parses at once.
const SCAN_PARALLELISM: usize = 4;

/// What a scan did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct ScanReport {
    pub repos: Vec<RepoScanReport>,
    pub files_read: usize,
    pub files_unchanged: usize,
    pub files_failed: usize,
    pub nodes_added: usize,
    pub nodes_closed: usize,
    pub edges_added: usize,
    pub edges_closed: usize,
    /// Current totals after the scan.
    pub nodes: usize,
    pub edges: usize,
    /// Files that could not be read (their last good facts are kept), and repos that could not be scanned.
    pub errors: Vec<ScanError>,
    /// Past commits replayed before HEAD (`--history`).
    pub history_steps: usize,
    /// What the scan did differently from what was asked, and why.
    pub notes: Vec<String>,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct RepoScanReport {
    pub name: String,
    pub commit: Option<String>,
    pub files_in_tree: usize,
    pub files_read: usize,
    pub files_unchanged: usize,
    pub files_failed: usize,
    pub files_gone: usize,
    /// HEAD is the commit already scanned: nothing was listed or read.
    pub same_commit: bool,
    /// HEAD moved, but every file read says what it said at the last scan (same facts, same
    /// files): nothing the graph is resolved from changed here.
    pub same_facts: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ScanError {
    pub repo: String,
    pub path: Option<String>,
    pub error: String,
}

/// What `brain scan` reads.
#[derive(Debug, Clone, Default)]
pub struct ScanOptions {
    /// Only this repo (the others keep what is stored).
    pub repo: Option<String>,
    /// For repos never scanned before, also replay this many commits before HEAD (first-parent
    /// history, oldest first), so that `--as-of` sees how the org was.
    pub history: usize,
}

/// Reads every registered repo (or only `only_repo`) at its HEAD into the brain. Only files
/// whose blob changed since the last scan are read; facts no longer found are closed.
pub async fn scan(home: &Home, only_repo: Option<&str>) -> Result<ScanReport, AppError> {
    scan_with(home, &ScanOptions { repo: only_repo.map(str::to_string), history: 0 }).await
}

/// [`scan`], with history replay for repos scanned for the first time.
pub async fn scan_with(home: &Home, options: &ScanOptions) -> Result<ScanReport, AppError> {
    let only_repo = options.repo.as_deref();
    let clock = std::time::Instant::now();
    let repos = list(home);
    if let Some(name) = only_repo
        && !repos.iter().any(|repo| repo.name == name)
    {
        return Err(AppError::Input(format!("no repo named `{name}` is registered; see `factory repo list`")));
    }
    // The home itself is read too, for its lessons and decisions.
    let mut repos = repos;
    if factory_git::is_repository(home.root()) && !repos.iter().any(|repo| repo.name == HOME_REPO) {
        repos.push(RepoInfo { name: HOME_REPO.to_string(), path: ".".to_string(), resolved_path: home.root().to_path_buf(), url: None });
    }
    let store = home.store().await?;
    let mut report = ScanReport::default();
    let mut commit_times = BTreeMap::new();
    let now = factory_store::now_rfc3339();
    // Set until the graph is recorded: a scan stopped after saving what it read but before
    // recording the graph must not leave the next scan believing nothing changed.
    let pending = store.scan_pending().await?;
    store.set_scan_pending(true).await?;
    let mut replay = Replay::default();
    if options.history > 0 {
        let scanned: Vec<RepoInfo> = repos.iter().filter(|repo| only_repo.is_none_or(|name| name == repo.name)).cloned().collect();
        replay = replay_history(&store, &repos, &scanned, options.history, &mut report).await?;
        report.history_steps = replay.steps;
        for repo_report in std::mem::take(&mut replay.head_reports) {
            report.files_read += repo_report.files_read;
            report.files_unchanged += repo_report.files_unchanged;
            report.files_failed += repo_report.files_failed;
            report.repos.push(repo_report);
        }
    }
    // Facts read by other readers than these are read again, every file of every repo.
    let reading = if store.readers_version().await?.as_deref() == Some(factory_brain::READERS_VERSION) { Reading::ChangedFiles } else { Reading::EveryFile };
    let last_scans: BTreeMap<String, RepoScan> = match reading {
        Reading::ChangedFiles => store.repo_scans().await?.into_iter().map(|scan| (scan.repo.clone(), scan)).collect(),
        Reading::EveryFile => BTreeMap::new(),
    };
    let stored_documents: BTreeMap<String, String> = store.repo_files(None).await?.into_iter().collect();
    let mut documents: BTreeMap<String, RepoFacts> = BTreeMap::new();
    tracing::debug!(elapsed_ms = clock.elapsed().as_millis(), "store open, last scans and facts loaded");
    // When what the graph is resolved from moved, the graph will be resolved again: the current
    // graph loads and the stored facts decode while the repos are read, rather than after. That
    // starts as soon as it is known: at once when every file is read again, else when a repo's
    // reads first find facts that differ from the last scan's.
    let scanned = |repo: &&RepoInfo| only_repo.is_none_or(|name| name == repo.name) && !replay.at_head.contains(&repo.name);
    let start_early = || {
        // Reading every file again, no stored document is kept as it is.
        let documents = if reading == Reading::ChangedFiles { stored_documents.clone() } else { BTreeMap::new() };
        (load_current_graph(&store), tokio::task::spawn_blocking(move || predecode(documents)))
    };
    let mut early = (pending || reading == Reading::EveryFile).then(start_early);
    let mut facts_moved = false;
    // Repos are listed, read and parsed in parallel (git and the readers are the slow part);
    // each one's results are saved as soon as it is done.
    let permits = std::sync::Arc::new(tokio::sync::Semaphore::new(SCAN_PARALLELISM));
    let mut tasks = tokio::task::JoinSet::new();
    for repo in repos.iter().filter(scanned).cloned() {
        let (last_scan, now, permits) = (last_scans.get(&repo.name).cloned(), now.clone(), permits.clone());
        // A copy: a repo whose scan fails still resolves from what is stored (below).
        let stored = stored_documents.get(&repo.name).cloned().map(RepoFacts::Stored);
        tasks.spawn(async move {
            let _permit = permits.acquire_owned().await;
            let mut repo_report = ScanReport::default();
            let outcome = read_repo(&repo, None, last_scan.as_ref(), stored, reading, &now, &mut repo_report).await;
            (repo.name, outcome, repo_report)
        });
    }
    // What was read is saved once every repo is read, by one writer in one transaction, while
    // the org resolves: the reads have both cores to themselves, and resolution leaves one free.
    let mut saves = Vec::new();
    while let Some(joined) = tasks.join_next().await {
        for joined in std::iter::once(joined).chain(std::iter::from_fn(|| tasks.try_join_next())) {
            let Ok((name, outcome, repo_report)) = joined else {
                continue;
            };
            match outcome {
                Ok(outcome) => {
                    if outcome.facts_moved && early.is_none() {
                        early = Some(start_early());
                    }
                    facts_moved |= outcome.facts_moved;
                    commit_times.insert(name.clone(), outcome.commit_time);
                    documents.insert(name.clone(), outcome.facts);
                    saves.extend(outcome.save);
                }
                Err(error) => report.errors.push(ScanError { repo: name.clone(), path: None, error: error.to_string() }),
            }
            report.repos.extend(repo_report.repos);
            report.errors.extend(repo_report.errors);
            report.files_read += repo_report.files_read;
            report.files_unchanged += repo_report.files_unchanged;
            report.files_failed += repo_report.files_failed;
        }
    }
    report.repos.sort_by(|a, b| a.name.cmp(&b.name));
    report.errors.sort_by(|a, b| (&a.repo, &a.path).cmp(&(&b.repo, &b.path)));
    tracing::debug!(elapsed_ms = clock.elapsed().as_millis(), "repos read");

    // Nothing the graph is resolved from changed (every repo at the commit already scanned, or
    // its changed files saying what they said): the stored graph is the answer.
    // A graph another version's rules resolved is resolved again, however little changed.
    let resolved_alike = store.resolution_version().await?.as_deref() == Some(factory_brain::RESOLUTION_VERSION);
    let nothing_changed = !pending
        && resolved_alike
        && replay.at_head.is_empty()
        && !facts_moved
        && reading == Reading::ChangedFiles
        && report.errors.is_empty()
        && repos.iter().all(|repo| last_scans.contains_key(&repo.name))
        && last_scans.len() == repos.len();
    let (current, mut predecoded) = match early {
        Some((graph, decoded)) => (Some(graph), decoded.await.unwrap_or_default()),
        None => (None, BTreeMap::new()),
    };
    if nothing_changed {
        store.save_repo_scans(&saves).await?;
        let counts = store.counts().await?;
        report.nodes = usize::try_from(counts.nodes).unwrap_or_default();
        report.edges = usize::try_from(counts.edges).unwrap_or_default();
        store.set_scan_pending(false).await?;
        store.close().await;
        return Ok(report);
    }
    // Repos this scan did not read (another `--repo`, or one that failed) resolve from what is stored.
    let registered: Vec<String> = repos.iter().map(|repo| repo.name.clone()).collect();
    for (name, text) in stored_documents {
        if registered.contains(&name) && !documents.contains_key(&name) {
            documents.insert(name, RepoFacts::Stored(text));
        }
    }
    // Facts kept as stored (their repo did not move) were decoded meanwhile.
    for (name, facts) in &mut documents {
        if matches!(facts, RepoFacts::Stored(_))
            && let Some(entries) = predecoded.remove(name)
        {
            *facts = RepoFacts::Decoded(entries);
        }
    }
    let times = ScanTimes { commit_times, now: now.clone(), kept_repos: BTreeSet::new() };
    // What was read is saved, then checkpointed into the database, while the graph resolves.
    // The graph's write waits for the save only: a passive checkpoint takes no writer's lock,
    // and one still copying pages (a busy machine) need not hold the graph back.
    let (saved, saved_signal) = tokio::sync::oneshot::channel();
    let checkpointed = {
        let store = store.clone();
        tokio::spawn(async move {
            let outcome = store.save_repo_scans(&saves).await;
            let failed = outcome.is_err();
            // A record that stopped early no longer waits for it.
            let _ = saved.send(outcome);
            if !failed && let Err(error) = store.checkpoint().await {
                tracing::warn!(%error, "the store's log could not be checkpointed; it will be when the store closes");
            }
        })
    };
    record(&store, &repos, documents, Started { current, saved: Some(saved_signal) }, times, &now, &mut report).await?;
    if let Err(error) = checkpointed.await {
        tracing::warn!(%error, "checkpointing the store's log stopped; it will be when the store closes");
    }
    store.set_resolution_version(factory_brain::RESOLUTION_VERSION).await?;
    // Repos removed from the registry: the graph was resolved without them just now.
    let forgotten = store.forget_unregistered_repos(&registered).await?;
    if forgotten > 0 {
        report.notes.push(format!("forgot what earlier scans read of {forgotten} repo(s) no longer registered; their facts are closed"));
    }
    // Every repo's facts are this version's once every repo was read (`--repo` reads one).
    if only_repo.is_none() && report.errors.iter().all(|error| error.path.is_some()) {
        store.set_readers_version(factory_brain::READERS_VERSION).await?;
    }
    store.set_scan_pending(false).await?;
    tracing::debug!(elapsed_ms = clock.elapsed().as_millis(), "recorded");
    store.close().await;
    tracing::debug!(elapsed_ms = clock.elapsed().as_millis(), "store closed");
    Ok(report)
}

/// What a scan started before resolving, for [`record`] to wait for.
#[derive(Default)]
struct Started {
    /// The current graph, loading already (nothing recorded since).
    current: Option<GraphLoad>,
    /// What was read, being saved: the graph's changes are written after it.
    saved: Option<tokio::sync::oneshot::Receiver<Result<(), factory_store::StoreError>>>,
}

/// The current graph, loading: (nodes, edges).
type GraphLoad = tokio::task::JoinHandle<Result<(Vec<factory_store::graph::NodeRow>, Vec<factory_store::graph::EdgeRow>), factory_store::StoreError>>;

/// Starts loading the current graph, in SQLite's thread.
fn load_current_graph(store: &Store) -> GraphLoad {
    let store = store.clone();
    tokio::spawn(async move { Ok((store.graph_nodes(None).await?, store.graph_edges(None).await?)) })
}

/// Resolves the org from every repo's facts, reconciles the stored graph with it and records
/// the changes (and the search index, when anything changed). Counts go into `report`.
/// `started` is what runs meanwhile already.
async fn record(
    store: &Store,
    repos: &[RepoInfo],
    documents: BTreeMap<String, RepoFacts>,
    started: Started,
    mut times: ScanTimes,
    now: &str,
    report: &mut ScanReport,
) -> Result<bool, AppError> {
    let registered: Vec<String> = repos.iter().map(|repo| repo.name.clone()).collect();
    // A registered repo with no facts at all (never read, or stored before an upgrade, and not
    // readable now) keeps what the graph holds from it.
    for name in &registered {
        if !documents.contains_key(name) {
            times.kept_repos.insert(name.clone());
        }
    }
    // The current graph loads (in SQLite's thread) while the facts decode and resolve here.
    let Started { current, saved } = started;
    let current = current.unwrap_or_else(|| load_current_graph(store));
    let clock = std::time::Instant::now();
    let (mut files, damaged) = tokio::task::spawn_blocking(move || decode_documents(documents))
        .await
        .map_err(|error| AppError::Input(format!("decoding the brain's facts stopped: {error}")))?;
    for name in damaged {
        // A damaged database: read the repo again from scratch.
        let Some(repo) = repos.iter().find(|repo| repo.name == name) else {
            continue;
        };
        let mut again = ScanReport::default();
        let read = match read_repo(repo, None, None, None, Reading::EveryFile, now, &mut again).await {
            Ok(outcome) => outcome.saved(store).await,
            failed => failed,
        };
        match read {
            Ok(outcome) => {
                times.commit_times.insert(name.clone(), outcome.commit_time);
                if let RepoFacts::Decoded(entries) = outcome.facts {
                    files.extend(entries.into_iter().map(|entry| entry.into_scanned(&name)));
                }
            }
            Err(error) => {
                report.errors.push(ScanError { repo: name.clone(), path: None, error: format!("its stored facts were damaged and it could not be read again: {error}") });
                times.kept_repos.insert(name.clone());
            }
        }
        report.errors.extend(again.errors);
    }
    tracing::debug!(elapsed_ms = clock.elapsed().as_millis(), files = files.len(), "decoded");
    let resolved = tokio::task::spawn_blocking(move || {
        let resolved = factory_brain::resolve(&files, &registered);
        drop_aside(files);
        resolved
    })
    .await
    .map_err(|error| AppError::Input(format!("resolving the brain's facts stopped: {error}")))?;
    tracing::debug!(elapsed_ms = clock.elapsed().as_millis(), nodes = resolved.nodes.len(), edges = resolved.edges.len(), "decoded and resolved");
    let (current_nodes, current_edges) = current.await.map_err(|error| AppError::Input(format!("loading the brain's graph stopped: {error}")))??;
    tracing::debug!(elapsed_ms = clock.elapsed().as_millis(), "current graph loaded");
    let changes = factory_brain::reconcile::reconcile(&resolved, &current_nodes, &current_edges, &times);
    tracing::debug!(elapsed_ms = clock.elapsed().as_millis(), "reconciled");
    report.nodes_added += changes.new_nodes.len();
    report.nodes_closed += changes.close_nodes.len();
    // Relationships, as `brain export` lists them: a new source of a known relationship adds
    // none, and one that keeps another source closes none.
    let closed: BTreeSet<i64> = changes.close_edges.iter().map(|(id, _)| *id).collect();
    let relationship = |from: &str, kind: &str, to: &str| (from.to_string(), kind.to_string(), to.to_string());
    let before: BTreeSet<_> = current_edges.iter().map(|edge| relationship(&edge.from_ref, &edge.kind, &edge.to_ref)).collect();
    let after: BTreeSet<_> = current_edges
        .iter()
        .filter(|edge| !closed.contains(&edge.id))
        .map(|edge| relationship(&edge.from_ref, &edge.kind, &edge.to_ref))
        .chain(changes.new_edges.iter().map(|edge| relationship(&edge.from_ref, &edge.kind, &edge.to_ref)))
        .collect();
    report.edges_added += after.difference(&before).count();
    report.edges_closed += before.difference(&after).count();
    report.nodes = resolved.nodes.len();
    // Edges as `brain export` lists them: one per relationship, however many sources support it.
    report.edges = resolved.edges.iter().map(|edge| (&edge.from, &edge.kind, &edge.to)).collect::<BTreeSet<_>>().len();
    let changed = changes != Default::default();
    // The search index holds nodes only: edges that changed leave it as it is.
    let nodes_changed = !changes.new_nodes.is_empty() || !changes.close_nodes.is_empty();
    // The search index, when nodes changed, in the same transaction as the graph.
    let entries: Option<Vec<SearchEntry>> = nodes_changed.then(|| resolved.nodes.iter().map(search_entry).collect());
    // One writer at a time: the graph's transaction never waits on SQLite's lock.
    if let Some(saved) = saved {
        saved.await.map_err(|error| AppError::Input(format!("saving what was read stopped: {error}")))??;
    }
    store.graph_apply(&changes, entries.as_deref()).await?;
    tracing::debug!(elapsed_ms = clock.elapsed().as_millis(), "changes recorded");
    drop_aside((resolved, current_nodes, current_edges));
    Ok(changed)
}

/// Frees `value` on a thread of its own: the org's facts and graph take milliseconds to free,
/// which the scan need not wait for.
fn drop_aside<T: Send + 'static>(value: T) {
    std::thread::spawn(move || drop(value));
}

/// On a brain's first scan, replays the first-parent history of the repos in `scanned`: the
/// last `depth` commits before HEAD and HEAD itself, all repos' commits merged in time order
/// (each repo's own order kept), each one read (only what changed) and the org resolved and
/// recorded as of that commit's time. A brain that already holds scans is not replayed: its
/// facts are dated already, and a past inserted under them would contradict them.
async fn replay_history(store: &Store, repos: &[RepoInfo], scanned: &[RepoInfo], depth: usize, report: &mut ScanReport) -> Result<Replay, AppError> {
    let mut replay = Replay::default();
    if !store.repo_scans().await?.is_empty() {
        report.notes.push("history is replayed only on the brain's first scan (its facts are dated already); this scan read HEAD only".into());
        return Ok(replay);
    }
    // Each repo's commits, oldest first.
    let mut queues: Vec<(usize, std::collections::VecDeque<(String, factory_git::CommitInfo)>)> = Vec::new();
    for (position, repo) in scanned.iter().enumerate() {
        match factory_git::first_parent_history(&repo.resolved_path, "HEAD", depth + 1) {
            Ok(history) => {
                let commits = history.into_iter().map(|commit| (factory_brain::utc_time(&commit.time).unwrap_or_default(), commit)).collect();
                queues.push((position, commits));
            }
            Err(error) => {
                report.errors.push(ScanError { repo: repo.name.clone(), path: None, error: format!("its history could not be read ({error}); only HEAD is scanned") })
            }
        }
    }
    let mut documents: BTreeMap<String, Vec<StoredFile>> = BTreeMap::new();
    let mut last: BTreeMap<String, RepoScan> = BTreeMap::new();
    let registered: BTreeSet<&str> = repos.iter().map(|repo| repo.name.as_str()).collect();
    // The repo whose next commit is the oldest goes next.
    while let Some(next) = queues.iter().enumerate().filter_map(|(index, (_, queue))| queue.front().map(|(time, _)| (time.clone(), index))).min().map(|(_, index)| index)
    {
        let (position, queue) = &mut queues[next];
        let Some((time, commit)) = queue.pop_front() else {
            break;
        };
        let is_head = queue.is_empty();
        let repo = &scanned[*position];
        let name = repo.name.clone();
        let stored = documents.get(&name).cloned().map(RepoFacts::Decoded);
        let mut step_report = ScanReport::default();
        let read = match read_repo(repo, Some(&commit.sha), last.get(&name), stored, Reading::ChangedFiles, &time, &mut step_report).await {
            Ok(outcome) => outcome.saved(store).await,
            failed => failed,
        };
        let outcome = match read {
            Ok(outcome) => outcome,
            Err(error) => {
                // This repo's history stops here; its HEAD is scanned as usual afterwards.
                report.errors.push(ScanError { repo: name.clone(), path: None, error: format!("replaying commit {} failed: {error}", commit.sha) });
                queues[next].1.clear();
                continue;
            }
        };
        report.errors.extend(step_report.errors);
        let files_read: usize = step_report.repos.iter().map(|repo| repo.files_read).sum();
        *replay.files_read.entry(name.clone()).or_default() += files_read;
        if is_head {
            for mut repo_report in step_report.repos {
                repo_report.files_read = replay.files_read.get(&name).copied().unwrap_or(files_read);
                replay.head_reports.push(repo_report);
            }
            replay.at_head.insert(name.clone());
        }
        if let RepoFacts::Decoded(entries) = outcome.facts {
            documents.insert(name.clone(), entries);
        }
        last.insert(name.clone(), RepoScan { repo: name.clone(), commit_sha: commit.sha.clone(), commit_time: time.clone(), scanned_at: time.clone() });
        // The org as it stood at this commit: whatever changed became true then.
        let step_documents: BTreeMap<String, RepoFacts> =
            documents.iter().filter(|(name, _)| registered.contains(name.as_str())).map(|(name, entries)| (name.clone(), RepoFacts::Decoded(entries.clone()))).collect();
        // Repos not reached yet hold nothing, and nothing is kept for them.
        let times = ScanTimes { commit_times: BTreeMap::new(), now: time.clone(), kept_repos: BTreeSet::new() };
        let mut step_counts = ScanReport::default();
        let step_repos: Vec<RepoInfo> = repos.iter().filter(|repo| documents.contains_key(&repo.name)).cloned().collect();
        record(store, &step_repos, step_documents, Started::default(), times, &time, &mut step_counts).await?;
        report.nodes_added += step_counts.nodes_added;
        report.nodes_closed += step_counts.nodes_closed;
        report.edges_added += step_counts.edges_added;
        report.edges_closed += step_counts.edges_closed;
        if !is_head {
            replay.steps += 1;
        }
        tracing::debug!(repo = %name, commit = %commit.sha, %time, "history replayed");
    }
    Ok(replay)
}

/// What a history replay did.
#[derive(Debug, Default)]
struct Replay {
    /// Past commits replayed (HEADs not counted).
    steps: usize,
    /// Repos the replay brought to HEAD, with their reports.
    at_head: BTreeSet<String>,
    head_reports: Vec<RepoScanReport>,
    files_read: BTreeMap<String, usize>,
}

/// Every registered repo's stored facts; a repo whose facts do not decode is left out, with a warning.
async fn stored_facts(store: &Store, registered: &[String]) -> Result<Vec<ScannedFacts>, AppError> {
    let documents: BTreeMap<String, RepoFacts> =
        store.repo_files(None).await?.into_iter().filter(|(repo, _)| registered.contains(repo)).map(|(repo, text)| (repo, RepoFacts::Stored(text))).collect();
    Ok(decode_documents(documents).0)
}

fn search_entry(node: &factory_brain::resolve::ResolvedNode) -> SearchEntry {
    let mut text = vec![node.node_ref.replace([':', '/', '.', '-', '_'], " ")];
    for value in node.props.values() {
        match value {
            serde_json::Value::String(value) => text.push(value.clone()),
            serde_json::Value::Array(items) => text.extend(items.iter().filter_map(|item| item.as_str().map(str::to_string))),
            _ => {}
        }
    }
    SearchEntry { node_ref: node.node_ref.clone(), kind: node.kind.clone(), name: node.name.clone(), text: text.join(" ") }
}

/// Reads the graph as it is now, or as it was at `as_of` (a date, an RFC 3339 time, or a
/// commit of any registered repo). The current graph is kept in memory between calls in one
/// process (the MCP server asks many questions) until a scan or a run changes it.
pub async fn load_graph(home: &Home, as_of: Option<&str>) -> Result<Arc<Graph>, AppError> {
    let at = match as_of {
        Some(text) => Some(resolve_as_of(home, text)?),
        None => None,
    };
    let store = home.store().await?;
    if at.is_some() {
        let graph = Graph::new(store.graph_nodes(at.as_deref()).await?, store.graph_edges(at.as_deref()).await?);
        store.close().await;
        return Ok(Arc::new(graph));
    }
    let version = store.graph_version().await?;
    let database = store.path().to_path_buf();
    let cached = CURRENT_GRAPHS.lock().ok().and_then(|graphs| graphs.get(&database).filter(|(at, _)| *at == version).map(|(_, graph)| graph.clone()));
    if let Some(graph) = cached {
        store.close().await;
        return Ok(graph);
    }
    let graph = Arc::new(Graph::new(store.graph_nodes(None).await?, store.graph_edges(None).await?));
    store.close().await;
    if let Ok(mut graphs) = CURRENT_GRAPHS.lock() {
        graphs.insert(database, (version, graph.clone()));
    }
    Ok(graph)
}

/// A current graph as read, with the store's graph version at that moment.
type VersionedGraph = (i64, Arc<Graph>);

/// The current graph of each database this process read.
static CURRENT_GRAPHS: LazyLock<Mutex<BTreeMap<PathBuf, VersionedGraph>>> = LazyLock::new(|| Mutex::new(BTreeMap::new()));

/// The time `as_of` stands for, RFC 3339 UTC.
pub fn resolve_as_of(home: &Home, as_of: &str) -> Result<String, AppError> {
    if let Some(time) = factory_brain::utc_time(as_of) {
        return Ok(time);
    }
    for repo in list(home) {
        if let Ok(commit) = factory_git::commit_info(&repo.resolved_path, as_of)
            && let Some(time) = factory_brain::utc_time(&commit.time)
        {
            return Ok(time);
        }
    }
    Err(AppError::Input(format!("--as-of `{as_of}` is neither a date (2026-06-01 or RFC 3339) nor a commit of a registered repo")))
}

pub async fn export(home: &Home, as_of: Option<&str>) -> Result<Export, AppError> {
    let graph = load_graph(home, as_of).await?;
    Ok(factory_brain::query::export(&graph))
}

pub async fn show(home: &Home, node_ref: &str, as_of: Option<&str>) -> Result<Show, AppError> {
    let graph = load_graph(home, as_of).await?;
    factory_brain::query::show(&graph, node_ref).ok_or_else(|| not_found(node_ref))
}

/// An answer that lists nodes, each with the path that explains it.
#[derive(Debug, Clone, Serialize)]
pub struct Answer {
    pub target: String,
    pub results: Vec<Reached>,
}

pub async fn owners(home: &Home, node_ref: &str, as_of: Option<&str>) -> Result<Answer, AppError> {
    answer(home, node_ref, as_of, factory_brain::query::owners).await
}

pub async fn consumers(home: &Home, node_ref: &str, as_of: Option<&str>) -> Result<Answer, AppError> {
    answer(home, node_ref, as_of, factory_brain::query::consumers).await
}

pub async fn tests(home: &Home, node_ref: &str, as_of: Option<&str>) -> Result<Answer, AppError> {
    answer(home, node_ref, as_of, factory_brain::query::tests).await
}

async fn answer(home: &Home, node_ref: &str, as_of: Option<&str>, question: fn(&Graph, &str) -> Vec<Reached>) -> Result<Answer, AppError> {
    let graph = load_graph(home, as_of).await?;
    let node = graph.find(node_ref).ok_or_else(|| not_found(node_ref))?;
    Ok(Answer { target: node.node_ref.clone(), results: question(&graph, &node.node_ref) })
}

/// `brain impact REF|PATH`.
/// A `target` that is no node's ref or name and names a file under the current directory
/// inside a registered repo is that repo's file (`main.go` in `repos/payments` is
/// `payments/main.go`, not every repo's `main.go`).
pub async fn impact(home: &Home, target: &str, as_of: Option<&str>) -> Result<Impact, AppError> {
    let graph = load_graph(home, as_of).await?;
    if graph.find(target).is_none()
        && let Some(in_repo) = std::env::current_dir().ok().and_then(|directory| file_in_repo(&list(home), &directory.join(target)))
    {
        return impact_in(&graph, &in_repo);
    }
    impact_in(&graph, target)
}

/// `file` as `repo/path` when it exists inside one of `repos`' work trees (the innermost).
fn file_in_repo(repos: &[RepoInfo], file: &std::path::Path) -> Option<String> {
    let file = file.canonicalize().ok()?;
    let (repo, relative) = repos
        .iter()
        .filter_map(|repo| Some((repo, file.strip_prefix(repo.resolved_path.canonicalize().ok()?).ok()?.to_str()?)))
        .filter(|(_, relative)| !relative.is_empty())
        .min_by_key(|(_, relative)| relative.len())?;
    Some(format!("{}/{relative}", repo.name))
}

/// `impact` on a graph already loaded (the benchmark times this).
pub fn impact_in(graph: &Graph, target: &str) -> Result<Impact, AppError> {
    let targets = match graph.find(target) {
        Some(node) => vec![node.node_ref.clone()],
        None => factory_brain::query::nodes_for_path(graph, target),
    };
    if targets.is_empty() {
        return Err(not_found(target));
    }
    Ok(factory_brain::query::impact(graph, &targets))
}

pub async fn search(home: &Home, text: &str) -> Result<Vec<SearchHit>, AppError> {
    let store = home.store().await?;
    let hits = store.search_nodes(text, 50).await?;
    store.close().await;
    Ok(hits)
}

fn not_found(node_ref: &str) -> AppError {
    AppError::Input(format!("`{node_ref}` is not in the brain; run `factory brain scan`, or find it with `factory brain search`"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_under_a_registered_repo_is_named_by_that_repo() {
        let dir = tempfile::tempdir().expect("temp dir");
        let outer = dir.path().join("org");
        let inner = outer.join("vendor/payments");
        std::fs::create_dir_all(inner.join("src")).expect("folders");
        std::fs::write(inner.join("src/main.go"), "package main\n").expect("file");
        std::fs::write(outer.join("main.go"), "package main\n").expect("file");
        let repo = |name: &str, path: &std::path::Path| RepoInfo { name: name.into(), path: name.into(), resolved_path: path.to_path_buf(), url: None };
        let repos = [repo("org", &outer), repo("payments", &inner)];
        // The innermost repo holding the file names it, whatever `..` the path goes through.
        assert_eq!(file_in_repo(&repos, &inner.join("src/../src/main.go")).as_deref(), Some("payments/src/main.go"));
        assert_eq!(file_in_repo(&repos, &outer.join("main.go")).as_deref(), Some("org/main.go"));
        // Not a file there, or outside every repo: nothing.
        assert_eq!(file_in_repo(&repos, &inner.join("main.go")), None);
        assert_eq!(file_in_repo(&repos, dir.path()), None);
    }
}
