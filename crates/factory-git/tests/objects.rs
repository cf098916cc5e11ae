//! The in-process object reader against the git CLI, on real repositories made with `git`:
//! loose objects, packs with offset and reference deltas, worktrees, bare and shared clones,
//! committer time zones, and corrupt objects.

use std::path::{Path, PathBuf};
use std::process::Command;

use factory_git::{DeltaCounts, ObjectDb, ObjectError, RepoReader, TreeFile};

/// A scratch directory with a pinned `HOME`, in which repositories are made.
struct Scratch {
    dir: tempfile::TempDir,
}

impl Scratch {
    fn new() -> Self {
        let dir = tempfile::tempdir().expect("tempdir");
        std::fs::create_dir_all(dir.path().join("home")).expect("home");
        Self { dir }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// Runs git in `dir` with a pinned identity, dates and config; panics on failure.
    fn git(&self, dir: &Path, args: &[&str]) -> String {
        self.git_with(dir, args, &[], None)
    }

    fn git_with(&self, dir: &Path, args: &[&str], env: &[(&str, &str)], stdin: Option<&[u8]>) -> String {
        use std::io::Write;
        let mut command = Command::new("git");
        command
            .current_dir(dir)
            .args(args)
            .env("HOME", self.path("home"))
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
            .envs(env.iter().copied())
            .stdin(std::process::Stdio::piped())
            .stdout(std::process::Stdio::piped())
            .stderr(std::process::Stdio::piped());
        let mut child = command.spawn().expect("spawn git");
        let mut pipe = child.stdin.take().expect("stdin");
        if let Some(bytes) = stdin {
            pipe.write_all(bytes).expect("write stdin");
        }
        drop(pipe);
        let output = child.wait_with_output().expect("wait git");
        assert!(output.status.success(), "git {args:?} failed in {}: {}", dir.display(), String::from_utf8_lossy(&output.stderr));
        String::from_utf8_lossy(&output.stdout).trim_end().to_string()
    }

    /// A repository at `name` with nested directories, an executable, a symlink, a gitlink,
    /// non-ASCII and odd names, an empty file and a binary file, committed once.
    fn varied_repo(&self, name: &str) -> PathBuf {
        let repo = self.path(name);
        std::fs::create_dir_all(&repo).expect("mkdir");
        self.git(&repo, &["init", "--quiet", "--initial-branch=main"]);
        let files: &[(&str, &[u8])] = &[
            ("README.md", b"# readme\n"),
            ("src/main.rs", b"fn main() {}\n"),
            ("src/deep/er/still/leaf.txt", b"leaf\n"),
            ("empty", b""),
            ("binary.bin", &[0, 159, 146, 150, 0, 255, 10, 13, 0]),
            ("\u{e9}t\u{e9}/na\u{ef}ve.txt", "caf\u{e9}\n".as_bytes()),
            ("\u{65e5}\u{672c}.md", b"nihon\n"),
            ("with space.txt", b"space\n"),
            ("tab\there.txt", b"tab\n"),
            // Tree order puts "a.b" < "a/" < "a0": ls-tree -r follows it.
            ("a.b", b"dot\n"),
            ("a/inner.txt", b"inner\n"),
            ("a0", b"zero\n"),
        ];
        for (path, contents) in files {
            let full = repo.join(path);
            std::fs::create_dir_all(full.parent().expect("parent")).expect("mkdir");
            std::fs::write(&full, contents).expect("write");
        }
        std::fs::write(repo.join("run.sh"), "#!/bin/sh\necho hi\n").expect("write");
        let mut permissions = std::fs::metadata(repo.join("run.sh")).expect("stat").permissions();
        std::os::unix::fs::PermissionsExt::set_mode(&mut permissions, 0o755);
        std::fs::set_permissions(repo.join("run.sh"), permissions).expect("chmod");
        std::os::unix::fs::symlink("src/main.rs", repo.join("link")).expect("symlink");
        self.git(&repo, &["add", "--all"]);
        self.git(&repo, &["update-index", "--add", "--cacheinfo", "160000,1234567890123456789012345678901234567890,vendor/submodule"]);
        self.git(&repo, &["commit", "--quiet", "-m", "varied"]);
        repo
    }

    /// Adds `count` commits that each change one line of a long file (so packs hold deltas).
    fn many_edits(&self, repo: &Path, count: usize) {
        let mut lines: Vec<String> = (0..400).map(|line| format!("line {line} of a file that changes a little in every commit")).collect();
        for commit in 0..count {
            lines[(commit * 37) % 400] = format!("changed in commit {commit}");
            std::fs::write(repo.join("src/history.txt"), lines.join("\n")).expect("write");
            std::fs::write(repo.join("src/counter.txt"), format!("{commit}\n")).expect("write");
            self.git(repo, &["add", "--all"]);
            let date = format!("2026-01-{:02}T00:00:00+0000", commit % 28 + 1);
            self.git_with(repo, &["commit", "--quiet", "-m", &format!("edit {commit}")], &[("GIT_COMMITTER_DATE", &date)], None);
        }
    }
}

/// Checks the in-process reader gives git's answers for `revision` (and every blob in it),
/// and returns the deltas it applied.
fn check_same_as_git(repo: &Path, revision: &str) -> DeltaCounts {
    let mut database = ObjectDb::open(repo).expect("open object database");
    let from_git = factory_git::list_tree_by_cli(repo, revision).expect("git ls-tree");
    let in_process = database.list_tree(revision).expect("list tree in process");
    assert_eq!(in_process, from_git, "tree of {revision} in {}", repo.display());
    let blobs: Vec<String> = from_git.iter().map(|file| file.blob.clone()).collect();
    let from_git = factory_git::read_blobs_by_cli(repo, &blobs).expect("git cat-file");
    let in_process: Vec<Vec<u8>> = blobs.iter().map(|blob| database.read_object(blob).expect("read blob in process").1).collect();
    assert_eq!(in_process, from_git, "blobs of {revision} in {}", repo.display());
    if revision == "HEAD" || revision.len() == 40 {
        let info = database.commit_info(revision).expect("commit info in process");
        assert_eq!(info, factory_git::commit_info_by_cli(repo, revision).expect("git log"));
    }
    database.deltas_applied()
}

fn loose_object_count(objects: &Path) -> usize {
    std::fs::read_dir(objects)
        .expect("objects dir")
        .filter_map(Result::ok)
        .filter(|entry| entry.file_name().len() == 2)
        .map(|entry| std::fs::read_dir(entry.path()).expect("fan-out dir").count())
        .sum()
}

#[test]
fn loose_objects_read_like_git() {
    let scratch = Scratch::new();
    let repo = scratch.varied_repo("loose");
    assert!(loose_object_count(&repo.join(".git/objects")) > 10, "objects are loose");
    check_same_as_git(&repo, "HEAD");
    let files = factory_git::list_tree(&repo, "HEAD").expect("list tree");
    let paths: Vec<&str> = files.iter().map(|file| file.path.as_str()).collect();
    assert!(paths.contains(&"run.sh") && paths.contains(&"empty") && paths.contains(&"\u{e9}t\u{e9}/na\u{ef}ve.txt"), "{paths:?}");
    assert!(!paths.contains(&"link") && !paths.contains(&"vendor/submodule"), "no symlinks or submodules: {paths:?}");
    assert_eq!(files.iter().find(|file| file.path == "binary.bin").map(|file| file.size), Some(9));
    let head = factory_git::commit_info_by_cli(&repo, "HEAD").expect("git log").sha;
    assert_eq!(factory_git::head_sha_from_files(&repo), Some(head.clone()));
    check_same_as_git(&repo, &head);
}

#[test]
fn offset_deltas_in_an_aggressive_pack_read_like_git() {
    let scratch = Scratch::new();
    let repo = scratch.varied_repo("packed");
    scratch.many_edits(&repo, 60);
    scratch.git(&repo, &["repack", "-adf", "--depth=50", "--window=50"]);
    assert_eq!(loose_object_count(&repo.join(".git/objects")), 0, "everything is packed");
    let pack = std::fs::read_dir(repo.join(".git/objects/pack"))
        .expect("pack dir")
        .filter_map(Result::ok)
        .find(|entry| entry.path().extension().is_some_and(|extension| extension == "idx"))
        .expect("an index");
    let verify = scratch.git(&repo, &["verify-pack", "-v", pack.path().to_str().expect("utf-8 path")]);
    let longest_chain = verify
        .lines()
        .filter_map(|line| line.strip_prefix("chain length = "))
        .filter_map(|rest| rest.split(':').next()?.trim().parse::<u32>().ok())
        .max();
    assert!(longest_chain.is_some_and(|length| length >= 10), "deep delta chains exist: {longest_chain:?}");
    let mut deltas = DeltaCounts::default();
    for commit in scratch.git(&repo, &["rev-list", "HEAD"]).lines() {
        let counts = check_same_as_git(&repo, commit);
        deltas.by_offset += counts.by_offset;
        deltas.by_reference += counts.by_reference;
    }
    assert!(deltas.by_offset > 50, "offset deltas were applied: {deltas:?}");
    assert_eq!(deltas.by_reference, 0);
    check_same_as_git(&repo, "HEAD");
}

#[test]
fn reference_deltas_read_like_git() {
    let scratch = Scratch::new();
    let repo = scratch.varied_repo("reference");
    scratch.many_edits(&repo, 30);
    scratch.git(&repo, &["-c", "repack.useDeltaBaseOffset=false", "repack", "-adf", "--depth=50", "--window=50"]);
    let mut deltas = DeltaCounts::default();
    for commit in scratch.git(&repo, &["rev-list", "HEAD"]).lines() {
        let counts = check_same_as_git(&repo, commit);
        deltas.by_offset += counts.by_offset;
        deltas.by_reference += counts.by_reference;
    }
    assert!(deltas.by_reference > 20, "reference deltas were applied: {deltas:?}");
    assert_eq!(deltas.by_offset, 0);
}

#[test]
fn a_repo_reader_falls_back_to_git_for_what_it_cannot_read() {
    let scratch = Scratch::new();
    let repo = scratch.varied_repo("reader");
    let mut reader = RepoReader::open(&repo);
    let head = reader.commit_info("HEAD").expect("commit");
    assert_eq!(reader.commit_info("main").expect("a branch name, by git"), head);
    let tree = reader.list_tree(&head.sha).expect("tree");
    assert_eq!(tree, factory_git::list_tree_by_cli(&repo, &head.sha).expect("git"));
    let readme = tree.iter().find(|file| file.path == "README.md").expect("readme").blob.clone();
    // A missing id and a revision expression go to one git cat-file call, in their places.
    let names = [readme.clone(), "0".repeat(40), "HEAD:src/main.rs".to_string(), readme];
    let contents = reader.read_blobs(&names).expect("blobs");
    assert_eq!(contents, [b"# readme\n".to_vec(), Vec::new(), b"fn main() {}\n".to_vec(), b"# readme\n".to_vec()]);
    assert_eq!(contents, factory_git::read_blobs_by_cli(&repo, &names).expect("git"));
}

#[test]
fn packs_and_loose_objects_mix_and_new_packs_are_found() {
    let scratch = Scratch::new();
    let repo = scratch.varied_repo("mixed");
    scratch.many_edits(&repo, 5);
    scratch.git(&repo, &["repack", "-d"]);
    scratch.many_edits(&repo, 3);
    scratch.git(&repo, &["repack", "-d"]);
    scratch.many_edits(&repo, 2);
    let mut database = ObjectDb::open(&repo).expect("open");
    check_same_as_git(&repo, "HEAD");
    // A repack after opening: the old packs and loose objects go, one new pack comes.
    scratch.git(&repo, &["repack", "-adf"]);
    scratch.git(&repo, &["prune-packed"]);
    assert_eq!(database.list_tree("HEAD").expect("list after repack"), factory_git::list_tree_by_cli(&repo, "HEAD").expect("git"));
}

#[test]
fn a_worktree_reads_objects_from_the_common_directory() {
    let scratch = Scratch::new();
    let repo = scratch.varied_repo("main");
    scratch.many_edits(&repo, 3);
    let worktree = scratch.path("feature-worktree");
    scratch.git(&repo, &["worktree", "add", "--quiet", "-b", "feature", worktree.to_str().expect("utf-8")]);
    std::fs::write(worktree.join("feature.txt"), "only on the feature branch\n").expect("write");
    scratch.git(&worktree, &["add", "feature.txt"]);
    scratch.git(&worktree, &["commit", "--quiet", "-m", "feature"]);
    assert!(worktree.join(".git").is_file(), "a worktree has a .git file");
    check_same_as_git(&worktree, "HEAD");
    let head = factory_git::commit_info_by_cli(&worktree, "HEAD").expect("git log").sha;
    assert_eq!(factory_git::head_sha_from_files(&worktree), Some(head));
    assert!(ObjectDb::open(&worktree).expect("open").list_tree("HEAD").expect("list").iter().any(|file| file.path == "feature.txt"));
    check_same_as_git(&repo, "HEAD");
}

#[test]
fn bare_and_shared_clones_read_like_git() {
    let scratch = Scratch::new();
    let repo = scratch.varied_repo("origin");
    scratch.many_edits(&repo, 5);
    let bare = scratch.path("bare.git");
    scratch.git(scratch.dir.path(), &["clone", "--quiet", "--bare", repo.to_str().expect("utf-8"), bare.to_str().expect("utf-8")]);
    check_same_as_git(&bare, "HEAD");
    assert!(factory_git::head_sha_from_files(&bare).is_some());
    // --shared: the clone's objects live in the origin's object directory, named by alternates.
    let shared = scratch.path("shared");
    scratch.git(scratch.dir.path(), &["clone", "--quiet", "--shared", repo.to_str().expect("utf-8"), shared.to_str().expect("utf-8")]);
    assert!(shared.join(".git/objects/info/alternates").is_file());
    assert_eq!(loose_object_count(&shared.join(".git/objects")), 0);
    check_same_as_git(&shared, "HEAD");
}

#[test]
fn committer_time_zones_print_like_git() {
    let scratch = Scratch::new();
    let repo = scratch.varied_repo("zones");
    for (date, expected) in [
        ("2026-03-04T05:06:07+0530", "2026-03-04T05:06:07+05:30"),
        ("2026-03-04T05:06:07-0800", "2026-03-04T05:06:07-08:00"),
        ("2026-12-31T23:59:59-0045", "2026-12-31T23:59:59-00:45"),
        ("2026-03-04T05:06:07+0000", "2026-03-04T05:06:07Z"),
    ] {
        scratch.git_with(&repo, &["commit", "--quiet", "--allow-empty", "-m", date], &[("GIT_COMMITTER_DATE", date)], None);
        let info = ObjectDb::open(&repo).expect("open").commit_info("HEAD").expect("in process");
        assert_eq!(info, factory_git::commit_info_by_cli(&repo, "HEAD").expect("git log"));
        assert_eq!(info.time, expected);
        assert_eq!(factory_git::commit_info(&repo, "HEAD").expect("commit info"), info);
    }
    // An annotated tag's id peels to its commit, as `git log <tag>^{commit}` does.
    scratch.git(&repo, &["tag", "--annotate", "-m", "release", "v1"]);
    let tag = scratch.git(&repo, &["rev-parse", "v1"]);
    let info = ObjectDb::open(&repo).expect("open").commit_info(&tag).expect("in process");
    assert_eq!(info, factory_git::commit_info_by_cli(&repo, &tag).expect("git log"));
    check_same_as_git(&repo, &tag);
    // Other revision syntax is for git.
    assert!(matches!(ObjectDb::open(&repo).expect("open").commit_info("main"), Err(ObjectError::Unsupported { .. })));
    assert_eq!(factory_git::commit_info(&repo, "main").expect("git log"), info);
}

/// Replaces the loose object `id` of `repo` with `bytes`.
fn overwrite_loose(repo: &Path, id: &str, bytes: &[u8]) {
    let path = repo.join(".git/objects").join(&id[..2]).join(&id[2..]);
    std::fs::remove_file(&path).expect("remove object");
    std::fs::write(&path, bytes).expect("write object");
}

#[test]
fn corrupt_loose_objects_are_errors_and_git_reports_them() {
    let scratch = Scratch::new();
    let repo = scratch.varied_repo("corrupt");
    let files = factory_git::list_tree_by_cli(&repo, "HEAD").expect("git ls-tree");
    let readme = files.iter().find(|file| file.path == "README.md").expect("readme").blob.clone();
    let path = repo.join(".git/objects").join(&readme[..2]).join(&readme[2..]);
    let original = std::fs::read(&path).expect("read object");
    // A clean README.md would stand for its blob: changed, the object itself must be read.
    std::fs::write(repo.join("README.md"), "# changed in the work tree\n").expect("write");
    let mut wrong_size = Vec::new();
    {
        use std::io::Write;
        let mut encoder = flate2::write::ZlibEncoder::new(&mut wrong_size, flate2::Compression::default());
        encoder.write_all(b"blob 99\0# readme\n").expect("compress");
        encoder.finish().expect("finish");
    }
    // (case, bytes, whether the header, and so the size, can still be read)
    let cases = [
        ("garbage", b"this is not zlib at all".to_vec(), false),
        ("no checksum", original[..original.len() - 4].to_vec(), true),
        ("half", original[..original.len() / 2].to_vec(), true),
        ("three bytes", original[..3].to_vec(), false),
        ("empty", Vec::new(), false),
        ("wrong size", wrong_size, true),
    ];
    // Still in the index, README.md is listed with the index's size, and reading it reads the
    // damaged blob, with git's answer (an error, or for an object git cannot parse at all,
    // nothing).
    for (case, bytes, _) in &cases {
        overwrite_loose(&repo, &readme, bytes);
        let mut reader = factory_git::RepoReader::open(&repo);
        let tree = reader.list_tree("HEAD").expect(case);
        let listed = tree.iter().find(|file| file.path == "README.md").expect("listed");
        assert_eq!(listed.size, 9, "{case}: the index's size");
        assert_eq!(
            format!("{:?}", reader.read_files(&[listed]).ok()),
            format!("{:?}", factory_git::read_blobs_by_cli(&repo, std::slice::from_ref(&readme)).ok()),
            "{case}: what git reads"
        );
    }
    // Out of the index, its size comes from the object's header alone.
    scratch.git(&repo, &["rm", "--cached", "--quiet", "README.md"]);
    for (case, bytes, header_readable) in cases {
        overwrite_loose(&repo, &readme, &bytes);
        let mut database = ObjectDb::open(&repo).expect("open");
        let error = database.read_object(&readme).expect_err(case);
        assert!(matches!(error, ObjectError::Corrupt { .. }), "{case}: {error}");
        assert!(error.to_string().contains(&readme[2..]), "{case}: the error names the file: {error}");
        assert_eq!(database.list_tree("HEAD").is_ok(), header_readable, "{case}: sizes come from the header alone");
        // The public functions fall back to git, which reports the damage its own way.
        assert_eq!(
            factory_git::read_blobs(&repo, std::slice::from_ref(&readme)).is_err(),
            factory_git::read_blobs_by_cli(&repo, std::slice::from_ref(&readme)).is_err(),
            "{case}"
        );
        assert_eq!(
            format!("{:?}", factory_git::list_tree(&repo, "HEAD").ok()),
            format!("{:?}", factory_git::list_tree_by_cli(&repo, "HEAD").ok()),
            "{case}"
        );
    }
}

#[test]
fn every_damaged_byte_of_a_pack_is_an_error_or_a_right_answer() {
    let scratch = Scratch::new();
    let repo = scratch.varied_repo("damaged");
    scratch.many_edits(&repo, 4);
    scratch.git(&repo, &["repack", "-adf", "--depth=50", "--window=50"]);
    let expected_tree: Vec<TreeFile> = factory_git::list_tree_by_cli(&repo, "HEAD").expect("git ls-tree");
    let blobs: Vec<String> = expected_tree.iter().map(|file| file.blob.clone()).collect();
    let expected_blobs = factory_git::read_blobs_by_cli(&repo, &blobs).expect("git cat-file");
    let pack_path = std::fs::read_dir(repo.join(".git/objects/pack"))
        .expect("pack dir")
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .find(|path| path.extension().is_some_and(|extension| extension == "pack"))
        .expect("a pack");
    let original = std::fs::read(&pack_path).expect("read pack");
    let mut errors = 0;
    // Every byte between the header and the checksum, flipped in turn.
    for position in 12..original.len() - 20 {
        let mut damaged = original.clone();
        damaged[position] ^= 0x5a;
        std::fs::remove_file(&pack_path).expect("remove pack");
        std::fs::write(&pack_path, &damaged).expect("write pack");
        let mut database = ObjectDb::open(&repo).expect("open");
        match database.list_tree("HEAD") {
            Ok(tree) if tree == expected_tree => {}
            Ok(_) => errors += 1, // a damaged tree that still parses: git would say the same
            Err(_) => errors += 1,
        }
        for (blob, expected) in blobs.iter().zip(&expected_blobs) {
            match database.read_object(blob) {
                Ok((_, data)) if &data == expected => {}
                _ => errors += 1,
            }
        }
    }
    assert!(errors > 0);
    // A truncated pack no longer matches its index.
    std::fs::remove_file(&pack_path).expect("remove pack");
    std::fs::write(&pack_path, &original[..original.len() / 2]).expect("write pack");
    let mut database = ObjectDb::open(&repo).expect("open");
    assert!(database.list_tree("HEAD").is_err());
    assert_eq!(factory_git::list_tree(&repo, "HEAD").is_err(), factory_git::list_tree_by_cli(&repo, "HEAD").is_err());
}

#[test]
fn sha256_repositories_are_left_to_git() {
    let scratch = Scratch::new();
    let repo = scratch.path("sha256");
    std::fs::create_dir_all(&repo).expect("mkdir");
    scratch.git(&repo, &["init", "--quiet", "--object-format=sha256", "--initial-branch=main"]);
    std::fs::write(repo.join("a.txt"), "a\n").expect("write");
    scratch.git(&repo, &["add", "a.txt"]);
    scratch.git(&repo, &["commit", "--quiet", "-m", "one"]);
    assert!(matches!(ObjectDb::open(&repo), Err(ObjectError::Unsupported { .. })));
    assert_eq!(factory_git::head_sha_from_files(&repo), None);
    let files = factory_git::list_tree(&repo, "HEAD").expect("git answers");
    assert_eq!(files.iter().map(|file| file.path.as_str()).collect::<Vec<_>>(), ["a.txt"]);
    assert_eq!(files[0].blob.len(), 64);
    let info = factory_git::commit_info(&repo, "HEAD").expect("git answers");
    assert_eq!(info.sha.len(), 64);
    assert_eq!(factory_git::read_blobs(&repo, &[files[0].blob.clone()]).expect("git answers"), vec![b"a\n".to_vec()]);
}

#[test]
fn packing_a_repo_leaves_no_loose_objects_and_reads_the_same() {
    let scratch = Scratch::new();
    let repo = scratch.varied_repo("to-pack");
    let before = factory_git::list_tree(&repo, "HEAD").expect("list tree");
    factory_git::Repo::open(&repo).pack_objects().expect("pack");
    assert_eq!(loose_object_count(&repo.join(".git/objects")), 0, "every object is in the pack");
    assert_eq!(factory_git::list_tree(&repo, "HEAD").expect("list tree"), before);
    check_same_as_git(&repo, "HEAD");
}
