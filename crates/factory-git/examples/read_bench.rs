//! Times what a brain scan asks of every repository — HEAD's commit, its tree, every blob —
//! read in process and by running git, over every repository in a directory:
//!
//! ```text
//! cargo run --release -p factory-git --example read_bench -- /path/to/repos [rounds] [--in-process-only]
//! ```
//!
//! Three ways: the free functions (in process first, one object database per call), one
//! `RepoReader` per repository (in process first, one object database shared by the calls),
//! and the git CLI. Each round reads every repository once;
//! the first round also checks the in-process answers equal git's.
#![expect(clippy::print_stdout, clippy::print_stderr, reason = "a benchmark prints its figures")]

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use factory_git::{ObjectDb, RepoReader};

/// Files and bytes read, for the summary.
#[derive(Default)]
struct Totals {
    files: usize,
    bytes: usize,
}

fn main() {
    let in_process_only = std::env::args().any(|arg| arg == "--in-process-only");
    let mut args = std::env::args().skip(1).filter(|arg| !arg.starts_with("--"));
    let Some(root) = args.next().map(PathBuf::from) else {
        eprintln!("usage: read_bench <directory of repositories> [rounds]");
        std::process::exit(2);
    };
    let rounds: usize = args.next().and_then(|text| text.parse().ok()).unwrap_or(3);
    let mut repos: Vec<PathBuf> = match std::fs::read_dir(&root) {
        Ok(entries) => {
            entries.filter_map(Result::ok).map(|entry| entry.path()).filter(|path| factory_git::head_sha_from_files(path).is_some()).collect()
        }
        Err(error) => {
            eprintln!("cannot read {}: {error}", root.display());
            std::process::exit(1);
        }
    };
    repos.sort();
    if repos.is_empty() {
        eprintln!("no repositories with a commit under {}", root.display());
        std::process::exit(1);
    }

    let mismatches = if in_process_only { 0 } else { repos.iter().filter(|repo| !same_answers(repo)).count() };
    let mut public = Vec::new();
    let mut shared = Vec::new();
    let mut cli = Vec::new();
    let mut totals = Totals::default();
    for _ in 0..rounds {
        public.push(time_all(&repos, &mut totals, read_with_public_functions));
        shared.push(time_all(&repos, &mut totals, read_with_one_reader));
        if !in_process_only {
            cli.push(time_all(&repos, &mut Totals::default(), read_with_cli));
        }
    }
    let per_round = |total: usize| total / (2 * rounds);
    println!(
        "{} repositories, {} files, {} KiB per round; {mismatches} with answers differing from git",
        repos.len(),
        per_round(totals.files),
        per_round(totals.bytes) / 1024
    );
    for (name, times) in
        [("free functions (in process first)", &public), ("one RepoReader per repository", &shared), ("git CLI (log, ls-tree, cat-file)", &cli)]
    {
        let Some(best) = times.iter().min().copied() else { continue };
        let all: Vec<String> = times.iter().map(|time| format!("{:.0}", time.as_secs_f64() * 1000.0)).collect();
        println!(
            "{name:<38} best {:>7.1} ms  ({:>6.3} ms per repository; rounds: {} ms)",
            best.as_secs_f64() * 1000.0,
            best.as_secs_f64() * 1000.0 / repos.len() as f64,
            all.join(", ")
        );
    }
}

fn time_all(repos: &[PathBuf], totals: &mut Totals, read: fn(&Path, &mut Totals)) -> Duration {
    let started = Instant::now();
    for repo in repos {
        read(repo, totals);
    }
    started.elapsed()
}

fn read_with_public_functions(repo: &Path, totals: &mut Totals) {
    let Ok(commit) = factory_git::commit_info(repo, "HEAD") else { return };
    let Ok(tree) = factory_git::list_tree(repo, &commit.sha) else { return };
    let blobs: Vec<String> = tree.iter().map(|file| file.blob.clone()).collect();
    let contents = factory_git::read_blobs(repo, &blobs).unwrap_or_default();
    totals.files += contents.len();
    totals.bytes += contents.iter().map(Vec::len).sum::<usize>();
}

fn read_with_one_reader(repo: &Path, totals: &mut Totals) {
    let mut reader = RepoReader::open(repo);
    let Ok(commit) = reader.commit_info("HEAD") else { return };
    let Ok(tree) = reader.list_tree(&commit.sha) else { return };
    let blobs: Vec<String> = tree.iter().map(|file| file.blob.clone()).collect();
    let contents = reader.read_blobs(&blobs).unwrap_or_default();
    totals.files += contents.len();
    totals.bytes += contents.iter().map(Vec::len).sum::<usize>();
}

fn read_with_cli(repo: &Path, totals: &mut Totals) {
    let Ok(commit) = factory_git::commit_info_by_cli(repo, "HEAD") else { return };
    let Ok(tree) = factory_git::list_tree_by_cli(repo, &commit.sha) else { return };
    let blobs: Vec<String> = tree.iter().map(|file| file.blob.clone()).collect();
    let contents = factory_git::read_blobs_by_cli(repo, &blobs).unwrap_or_default();
    totals.files += contents.len();
    totals.bytes += contents.iter().map(Vec::len).sum::<usize>();
}

/// Whether the in-process reader, on its own, gives git's answers for `repo`.
fn same_answers(repo: &Path) -> bool {
    let in_process = ObjectDb::open(repo).and_then(|mut database| {
        let commit = database.commit_info("HEAD")?;
        let tree = database.list_tree(&commit.sha)?;
        let contents = tree.iter().map(|file| database.read_object(&file.blob).map(|(_, data)| data)).collect::<Result<Vec<_>, _>>()?;
        Ok((commit, tree, contents))
    });
    let by_git = factory_git::commit_info_by_cli(repo, "HEAD").and_then(|commit| {
        let tree = factory_git::list_tree_by_cli(repo, &commit.sha)?;
        let blobs: Vec<String> = tree.iter().map(|file| file.blob.clone()).collect();
        let contents = factory_git::read_blobs_by_cli(repo, &blobs)?;
        Ok((commit, tree, contents))
    });
    match (in_process, by_git) {
        (Ok(in_process), Ok(by_git)) if in_process == by_git => true,
        (in_process, by_git) => {
            eprintln!("{}: in process {:?} / git {:?}", repo.display(), in_process.err(), by_git.err());
            false
        }
    }
}
