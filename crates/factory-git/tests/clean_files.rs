//! Reading a tree's files from the work tree where git would trust it (issue #3), against
//! the blobs git itself reads, on real repositories: every case must read exactly the blobs,
//! and each says how many files may come from the work tree.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, SystemTime};

use factory_git::{RepoReader, TreeFile};

/// Runs git in `dir` with a pinned identity, dates and config; panics on failure.
fn git(dir: &Path, args: &[&str]) -> String {
    let output = Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("HOME", dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", "Author")
        .env("GIT_AUTHOR_EMAIL", "author@example.com")
        .env("GIT_COMMITTER_NAME", "Committer")
        .env("GIT_COMMITTER_EMAIL", "committer@example.com")
        .env("GIT_AUTHOR_DATE", "2026-01-01T00:00:00+0000")
        .env("GIT_COMMITTER_DATE", "2026-01-01T00:00:00+0000")
        .env("LC_ALL", "C")
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE")
        .output()
        .expect("spawn git");
    assert!(output.status.success(), "git {args:?} failed in {}: {}", dir.display(), String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).trim_end().to_string()
}

fn write(path: &Path, contents: &str) {
    std::fs::create_dir_all(path.parent().expect("parent")).expect("mkdir");
    std::fs::write(path, contents).expect("write");
}

/// Sets the mtime of `path` to `ago` before now.
fn set_mtime(path: &Path, ago: Duration) {
    let file = std::fs::File::options().write(true).open(path).expect("open for set_modified");
    file.set_modified(SystemTime::now() - ago).expect("set mtime");
}

/// Moves every work-tree file's mtime about an hour back, then has git record the new stat
/// data: no entry is then racily clean, whatever the clock's granularity. Each call moves
/// them to another whole second, so that git (which compares seconds unless built with
/// `USE_NSEC`) sees the change and records the new nanoseconds too.
fn settle(repo: &Path) {
    static CALLS: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
    let ago = Duration::from_secs(3600 + 2 * CALLS.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
    let mut folders = vec![repo.to_path_buf()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("read dir").map(|entry| entry.expect("entry")) {
            let kind = entry.file_type().expect("file type");
            if entry.file_name() == ".git" || kind.is_symlink() {
                continue;
            }
            if kind.is_dir() {
                folders.push(entry.path());
            } else {
                set_mtime(&entry.path(), ago);
            }
        }
    }
    git(repo, &["update-index", "-q", "--refresh"]);
}

/// A repository of five files (one empty, two in a folder) and a symlink, committed.
fn base_repo(root: &Path) -> PathBuf {
    let repo = root.join("repo");
    std::fs::create_dir_all(&repo).expect("mkdir");
    git(&repo, &["init", "--quiet", "--initial-branch=main"]);
    for (path, contents) in [("a.txt", "alpha\nline two\n"), ("b.txt", "beta\n"), ("empty", ""), ("src/c.rs", "fn c() {}\n"), ("src/d.rs", "fn d() {}\n")] {
        write(&repo.join(path), contents);
    }
    std::os::unix::fs::symlink("a.txt", repo.join("link")).expect("symlink");
    settle(&repo);
    git(&repo, &["add", "--all"]);
    git(&repo, &["commit", "--quiet", "-m", "base"]);
    repo
}

/// Writes and commits `files` on top of the base repository.
fn commit(repo: &Path, files: &[(&str, &str)]) {
    for (path, contents) in files {
        write(&repo.join(path), contents);
    }
    settle(repo);
    git(repo, &["add", "--all"]);
    git(repo, &["commit", "--quiet", "-m", "more"]);
}

/// Checks out every file again (after a change of conversion settings).
fn checkout_again(repo: &Path) {
    git(repo, &["rm", "--quiet", "--cached", "-r", "."]);
    git(repo, &["reset", "--quiet", "--hard"]);
    settle(repo);
    assert_eq!(git(repo, &["status", "--porcelain"]), "", "git calls the work tree clean");
}

/// Lists HEAD and reads every file of `repo` as a scan does; both must be what git reads
/// from the object database. Returns how many files came from the work tree.
fn check(repo: &Path) -> u64 {
    let mut reader = RepoReader::open(repo);
    let tree = reader.list_tree("HEAD").expect("list tree");
    assert_eq!(tree, factory_git::list_tree_by_cli(repo, "HEAD").expect("git ls-tree"), "tree and sizes of {}", repo.display());
    let files: Vec<&TreeFile> = tree.iter().collect();
    let contents = reader.read_files(&files).expect("read files");
    let blobs: Vec<String> = tree.iter().map(|file| file.blob.clone()).collect();
    let from_git = factory_git::read_blobs_by_cli(repo, &blobs).expect("git cat-file");
    for ((file, read), expected) in tree.iter().zip(&contents).zip(&from_git) {
        assert_eq!(String::from_utf8_lossy(read), String::from_utf8_lossy(expected), "{} in {}", file.path, repo.display());
    }
    reader.work_tree_reads()
}

type Setup = fn(&Path) -> PathBuf;

#[test]
fn work_tree_files_stand_for_their_blobs_only_where_git_would_trust_them() {
    let cases: &[(&str, Setup, u64)] = &[
        ("clean", |repo| repo.to_path_buf(), 5),
        ("modified after the commit", |repo| {
            write(&repo.join("a.txt"), "alpha changed\n");
            repo.to_path_buf()
        }, 4),
        ("modified with the same size and the mtime put back", |repo| {
            let path = repo.join("a.txt");
            let mtime = std::fs::metadata(&path).expect("stat").modified().expect("mtime");
            write(&path, "ALPHA\nLINE TWO\n");
            std::fs::File::options().write(true).open(&path).expect("open").set_modified(mtime).expect("mtime back");
            repo.to_path_buf()
        }, 4),
        ("a staged change", |repo| {
            write(&repo.join("src/c.rs"), "fn c() { staged() }\n");
            settle(repo);
            git(repo, &["add", "src/c.rs"]);
            repo.to_path_buf()
        }, 4),
        ("a file replaced by a symlink", |repo| {
            std::fs::remove_file(repo.join("b.txt")).expect("rm");
            std::os::unix::fs::symlink("a.txt", repo.join("b.txt")).expect("symlink");
            repo.to_path_buf()
        }, 4),
        ("an executable bit set", |repo| {
            let path = repo.join("b.txt");
            let mut permissions = std::fs::metadata(&path).expect("stat").permissions();
            std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o755);
            std::fs::set_permissions(&path, permissions).expect("chmod");
            repo.to_path_buf()
        }, 4),
        ("racily clean: files no older than the index", |repo| {
            set_mtime(&repo.join(".git/index"), Duration::from_secs(86_400));
            repo.to_path_buf()
        }, 0),
        ("assume-unchanged, then modified", |repo| {
            git(repo, &["update-index", "--assume-unchanged", "a.txt"]);
            write(&repo.join("a.txt"), "assumed\n");
            repo.to_path_buf()
        }, 4),
        ("skip-worktree", |repo| {
            git(repo, &["update-index", "--skip-worktree", "b.txt"]);
            repo.to_path_buf()
        }, 4),
        ("index version 4", |repo| {
            git(repo, &["update-index", "--index-version", "4"]);
            assert_eq!(std::fs::read(repo.join(".git/index")).expect("index")[4..8], [0, 0, 0, 4]);
            repo.to_path_buf()
        }, 5),
        ("a split index", |repo| {
            git(repo, &["update-index", "--split-index"]);
            repo.to_path_buf()
        }, 0),
        ("harmless attributes", |repo| {
            commit(repo, &[(".gitattributes", "*.png binary\n*.rs diff=rust -text\n")]);
            repo.to_path_buf()
        }, 6),
        ("text=auto eol=crlf in the tree", |repo| {
            commit(repo, &[(".gitattributes", "* text=auto eol=crlf\n")]);
            checkout_again(repo);
            assert!(std::fs::read_to_string(repo.join("a.txt")).expect("read").contains("\r\n"), "checked out with CRLF");
            repo.to_path_buf()
        }, 0),
        ("a converting attribute in info/attributes", |repo| {
            write(&repo.join(".git/info/attributes"), "*.rs text eol=crlf\n");
            checkout_again(repo);
            repo.to_path_buf()
        }, 0),
        ("an untracked converting attribute in a folder of the work tree", |repo| {
            write(&repo.join("src/.gitattributes"), "*.rs ident\n");
            repo.to_path_buf()
        }, 0),
        ("core.autocrlf", |repo| {
            git(repo, &["config", "core.autocrlf", "true"]);
            checkout_again(repo);
            assert!(std::fs::read_to_string(repo.join("a.txt")).expect("read").contains("\r\n"), "checked out with CRLF");
            repo.to_path_buf()
        }, 0),
        ("core.autocrlf false", |repo| {
            git(repo, &["config", "core.autocrlf", "false"]);
            repo.to_path_buf()
        }, 5),
        ("a linked worktree", |repo| {
            let worktree = repo.parent().expect("parent").join("feature");
            git(repo, &["worktree", "add", "--quiet", "-b", "feature", worktree.to_str().expect("utf-8")]);
            settle(&worktree);
            assert!(worktree.join(".git").is_file());
            worktree
        }, 5),
        ("a packed repository: its packs read faster", |repo| {
            git(repo, &["repack", "-adq"]);
            git(repo, &["prune-packed"]);
            repo.to_path_buf()
        }, 0),
        ("loose blobs beside packed ones", |repo| {
            git(repo, &["repack", "-adq"]);
            git(repo, &["prune-packed"]);
            commit(repo, &[("new.txt", "loose\n")]);
            repo.to_path_buf()
        }, 1),
        ("a bare clone", |repo| {
            let bare = repo.parent().expect("parent").join("bare.git");
            git(repo, &["clone", "--quiet", "--bare", ".", bare.to_str().expect("utf-8")]);
            bare
        }, 0),
    ];
    for (case, setup, expected) in cases {
        let dir = tempfile::tempdir().expect("tempdir");
        let repo = base_repo(dir.path());
        let target = setup(&repo);
        assert_eq!(check(&target), *expected, "files read from the work tree: {case}");
    }
}

#[test]
fn files_changed_after_listing_are_read_from_their_blobs() {
    let dir = tempfile::tempdir().expect("tempdir");
    let repo = base_repo(dir.path());
    let mut reader = RepoReader::open(&repo);
    let tree = reader.list_tree("HEAD").expect("list tree");
    write(&repo.join("a.txt"), "changed between listing and reading\n");
    let files: Vec<&TreeFile> = tree.iter().filter(|file| file.path == "a.txt").collect();
    assert_eq!(reader.read_files(&files).expect("read"), [b"alpha\nline two\n".to_vec()]);
    assert_eq!(reader.work_tree_reads(), 0);
    // A reader that listed no tree reads blobs.
    let mut unlisted = RepoReader::open(&repo);
    let files: Vec<&TreeFile> = tree.iter().filter(|file| file.path == "b.txt").collect();
    assert_eq!(unlisted.read_files(&files).expect("read"), [b"beta\n".to_vec()]);
    assert_eq!(unlisted.work_tree_reads(), 0);
}
