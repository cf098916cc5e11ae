//! Reading a tree's files from the work tree instead of inflating their blobs, where git
//! itself would trust the work tree: the index holds the file at the same path, stage 0, with
//! the tree's blob id, and the file's stat data is exactly what git recorded when it last
//! checked the file against that blob (git's `ie_match_stat`). A scan then reads what `rg`
//! reads, and still reports exactly what is committed.
//!
//! Anything that could make the file differ from its blob sends the file, or the whole
//! repository, back to the object database:
//! - per file: another id or stage in the index, assume-unchanged, skip-worktree or
//!   intent-to-add, a mode other than a regular file (symlinks, gitlinks, a directory), stat
//!   data that differs in size, mtime or ctime (seconds and nanoseconds), inode, owner or the
//!   executable bit, an entry git smudged as racy (size 0 but not the empty blob), a "racily
//!   clean" entry (modified at or after the index file itself was written, so git could not
//!   tell a change within the same timestamp), a path that is not plain;
//! - per repository: no work tree (bare), an index this reader is not sure of (split or
//!   sparse index, an unknown extension), any conversion on checkout: `core.autocrlf`,
//!   `core.eol=crlf`, or an attribute (`text`, `eol`, `crlf`, `filter`, `ident`,
//!   `working-tree-encoding`) set in any attributes file: the tree's, the index's, the work
//!   tree's, `info/attributes`, global or system.
//!
//! Times are compared to the nanosecond, as git built with `USE_NSEC` compares them: stat
//! data must match in nanoseconds (stricter than a git that compares seconds, Debian's
//! among them), and an entry is racily clean when its mtime is at or after the index file's,
//! in nanoseconds (on a file system that keeps only seconds this is git's seconds rule). The
//! window left is git's own: a same-size write within the clock tick of the recorded one,
//! after git hashed the file, with the index written in a later tick.
//!
//! A file is read, then its stat data is read again from the open file and compared: a write
//! while reading changes its mtime and ctime, so the bytes are only used when nothing moved.
//! Like git, it cannot see a file checked out under a conversion that has since been removed
//! from the attributes without the file being checked out again (`git add --renormalize`
//! exists for that); it then reads what `git status` calls clean.

mod index;
mod settings;

use std::collections::{BTreeSet, HashSet};
use std::fs::{File, Metadata};
use std::io::Read;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

use crate::objects::{GitDirs, ObjectId};
use index::{Index, IndexEntry, StatData};

/// The blob id of an empty file.
const EMPTY_BLOB: ObjectId = [
    0xe6, 0x9d, 0xe2, 0x9b, 0xb2, 0xd1, 0xd6, 0x43, 0x4b, 0x8b, 0x29, 0xae, 0x77, 0x5a, 0xd8, 0xc2, 0xe4, 0x8c, 0x53, 0x91,
];
/// The name of attributes files in trees.
const ATTRIBUTES_FILE: &str = ".gitattributes";

/// The files of one repository's work tree that stand for their blobs.
#[derive(Debug)]
pub(crate) struct CleanFiles {
    work_tree: PathBuf,
    index: Index,
    /// The index file's mtime (seconds, nanoseconds): entries modified at or after it are
    /// racily clean and not trusted.
    index_mtime: (u64, u32),
    /// Set once a tree's attributes were checked and none converts: until then nothing is
    /// read from the work tree.
    vetted: bool,
    /// Set when a tree's attributes convert: nothing is read from the work tree any more.
    converting: bool,
    /// Attribute blobs and work-tree folders already checked.
    checked_blobs: HashSet<ObjectId>,
    checked_folders: HashSet<String>,
}

impl CleanFiles {
    /// The work tree of the repository at `repo` (whose git directories are `dirs`), or why
    /// nothing may be read from it.
    pub(crate) fn open(repo: &Path, dirs: &GitDirs) -> Result<Self, String> {
        if std::fs::symlink_metadata(repo.join(".git")).is_err() {
            return Err("no work tree (a bare repository)".into());
        }
        if let Some(reason) = settings::config_conversion(&dirs.git_dir, &dirs.common_dir, repo) {
            return Err(reason);
        }
        for file in settings::attribute_files(&dirs.git_dir, &dirs.common_dir) {
            match std::fs::read(&file) {
                Ok(text) if settings::attributes_convert(&text) => return Err(format!("{} sets a converting attribute", file.display())),
                Ok(_) => {}
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
                Err(error) => return Err(format!("{} cannot be read: {error}", file.display())),
            }
        }
        let index_path = dirs.git_dir.join("index");
        let mut file = File::open(&index_path).map_err(|error| format!("{} cannot be opened: {error}", index_path.display()))?;
        let metadata = file.metadata().map_err(|error| format!("{} cannot be read: {error}", index_path.display()))?;
        let mut bytes = Vec::with_capacity(usize::try_from(metadata.len()).unwrap_or_default());
        file.read_to_end(&mut bytes).map_err(|error| format!("{} cannot be read: {error}", index_path.display()))?;
        let index = index::parse(&bytes).map_err(|reason| format!("{} holds {reason}", index_path.display()))?;
        let index_mtime = (u64::try_from(metadata.mtime()).unwrap_or_default(), u32::try_from(metadata.mtime_nsec()).unwrap_or_default());
        Ok(Self {
            work_tree: repo.to_path_buf(),
            index,
            index_mtime,
            vetted: false,
            converting: false,
            checked_blobs: HashSet::new(),
            checked_folders: HashSet::new(),
        })
    }

    /// Checks the attributes that apply to the tree whose files are `files`: its
    /// `.gitattributes` blobs (read with `read_blob`), the index's, and those in the work
    /// tree's folders that hold its files. Returns whether its files may be read from the work
    /// tree; once any converts, none may, whatever tree is asked about next.
    pub(crate) fn vet_tree<E>(&mut self, files: &[(String, ObjectId)], read_blob: &mut dyn FnMut(&ObjectId) -> Result<Vec<u8>, E>) -> bool {
        if self.converting {
            return false;
        }
        let is_attributes = |path: &[u8]| path == ATTRIBUTES_FILE.as_bytes() || path.ends_with(b"/.gitattributes");
        let blobs: Vec<ObjectId> = files
            .iter()
            .filter(|(path, _)| is_attributes(path.as_bytes()))
            .map(|(_, id)| *id)
            .chain(self.index.entries.iter().filter(|entry| is_attributes(&entry.path)).map(|entry| entry.id))
            .collect();
        for id in blobs {
            if self.checked_blobs.contains(&id) {
                continue;
            }
            match read_blob(&id) {
                Ok(text) if !settings::attributes_convert(&text) => {
                    self.checked_blobs.insert(id);
                }
                _ => {
                    self.converting = true;
                    return false;
                }
            }
        }
        let mut folders: BTreeSet<&str> = BTreeSet::from([""]);
        for (path, _) in files {
            let mut rest = path.as_str();
            while let Some((folder, _)) = rest.rsplit_once('/') {
                if !folders.insert(folder) {
                    break;
                }
                rest = folder;
            }
        }
        for folder in folders {
            if self.checked_folders.contains(folder) {
                continue;
            }
            let file = if folder.is_empty() { self.work_tree.join(ATTRIBUTES_FILE) } else { self.work_tree.join(folder).join(ATTRIBUTES_FILE) };
            match std::fs::read(&file) {
                Ok(text) if !settings::attributes_convert(&text) => {}
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
                _ => {
                    tracing::debug!(file = %file.display(), "attributes in the work tree may convert; reading blobs");
                    self.converting = true;
                    return false;
                }
            }
            self.checked_folders.insert(folder.to_string());
        }
        self.vetted = true;
        true
    }

    /// The size of the blob `id` as the index records it for `path`, when the file there may
    /// stand for it, without looking at the file ([`Self::read_clean`] says whether it does).
    /// The entry holds that blob and nothing converts it on checkout, so the size git recorded
    /// for the file is the blob's, kept (as git keeps it) modulo 2^32.
    pub(crate) fn indexed_size(&self, path: &str, id: &ObjectId) -> Option<u64> {
        self.trusted_entry(path, id).map(|entry| u64::from(entry.stat.size))
    }

    /// The contents of the blob `id` read from the file at `path`, when it stands for it.
    pub(crate) fn read_clean(&self, path: &str, id: &ObjectId) -> Option<Vec<u8>> {
        let entry = self.trusted_entry(path, id)?;
        let mut file = File::open(self.work_tree.join(path)).ok()?;
        // Exactly the recorded size (no read to find the end): the stat data read afterwards
        // says whether that is the whole file, and that no write came before or during it
        // (a write changes mtime and ctime).
        let mut data = vec![0; usize::try_from(entry.stat.size).ok()?];
        file.read_exact(&mut data).ok()?;
        let metadata = file.metadata().ok()?;
        stat_matches(&entry.stat, &metadata).then_some(data)
    }

    /// The index entry that may stand for blob `id` at `path`, before its file is looked at.
    fn trusted_entry(&self, path: &str, id: &ObjectId) -> Option<&IndexEntry> {
        if !self.vetted || self.converting || !is_plain_path(path) {
            return None;
        }
        let entry = self.index.find(path.as_bytes())?;
        let regular = entry.stat.mode == 0o100644 || entry.stat.mode == 0o100755;
        // Git smudges an entry it found racily clean by zeroing its size.
        let smudged = entry.stat.size == 0 && entry.id != EMPTY_BLOB;
        let racy = (u64::from(entry.stat.mtime.0), entry.stat.mtime.1) >= self.index_mtime;
        (entry.id == *id && regular && !entry.assume_valid && !entry.extended_flags && !smudged && !racy).then_some(entry)
    }
}

/// Whether the file's stat data is what git recorded, compared as git stores it (32 bits).
fn stat_matches(stat: &StatData, metadata: &Metadata) -> bool {
    let executable = metadata.mode() & 0o100 != 0;
    metadata.file_type().is_file()
        && (stat.mode == 0o100755) == executable
        && metadata.len() <= u64::from(u32::MAX)
        && stat.size == metadata.len() as u32
        && stat.mtime == (metadata.mtime() as u32, metadata.mtime_nsec() as u32)
        && stat.ctime == (metadata.ctime() as u32, metadata.ctime_nsec() as u32)
        && stat.ino == metadata.ino() as u32
        && stat.uid == metadata.uid()
        && stat.gid == metadata.gid()
}

/// A path git could have checked out: relative, no empty, `.`, `..` or `.git` part, and
/// read from the tree without loss (a name that is not UTF-8 is left to the blobs).
fn is_plain_path(path: &str) -> bool {
    !path.is_empty()
        && !path.contains(['\0', '\u{fffd}'])
        && path.split('/').all(|part| !part.is_empty() && part != "." && part != ".." && !part.eq_ignore_ascii_case(".git"))
}
