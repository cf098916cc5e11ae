//! Reading a repository's objects in process, without running git: loose objects, pack files
//! (version-2 indexes, offset and reference deltas), alternates, worktrees and bare
//! repositories. It answers the few questions the brain asks of every repo on every scan
//! (HEAD's commit and time, the files of a tree, blob contents) where spawning git for each
//! would cost more than the scan itself.
//!
//! It is deliberately partial: anything it does not handle (SHA-256 repositories, reftable
//! refs, replace refs, revision syntax beyond `HEAD` and full ids, index version 1, a missing
//! object) is an [`ObjectError`], and [`crate::RepoReader`] then asks the git CLI, so an
//! answer is never worse than git's. It never writes and never verifies object hashes.
//!
//! Costs: opening reads every pack index whole (`.idx`, 28 bytes per object); pack data is read
//! with positioned reads. One zlib state is reused for every object; resolved packed objects
//! (delta bases above all) are cached up to 32 MiB; small loose blobs inflated while listing a
//! tree are kept until read.

mod delta;
mod gitdir;
mod inflate;
mod pack;
mod parse;
mod resolve;
#[cfg(test)]
mod tests;

use std::collections::{HashMap, HashSet};
use std::fs::File;
use std::path::{Path, PathBuf};

use flate2::Decompress;
pub(crate) use gitdir::{GitDirs, discover, is_sha};
pub(crate) use parse::{parse_hex, to_hex};
use inflate::Inflater;
use pack::{ID_LEN, Pack};
use parse::EntryType;

use crate::read::{CommitInfo, TreeFile};

/// Why the in-process reader could not answer. The functions of this crate that read trees,
/// blobs and commits then run git instead; callers of [`ObjectDb`] may do the same.
#[derive(Debug, thiserror::Error)]
pub enum ObjectError {
    #[error("{path} is not a repository this reader understands (no .git directory, .git file or bare layout); run git there instead")]
    NoRepository { path: PathBuf },
    #[error("{path} uses {reason}, which the in-process reader does not handle; run git there instead")]
    Unsupported { path: PathBuf, reason: String },
    #[error("object {id} is not in {path} (partial clone, concurrent gc, or damage: run `git fsck` there)")]
    Missing { path: PathBuf, id: String },
    #[error("object {id} in {path} is a {found}, not a {wanted}")]
    WrongKind { path: PathBuf, id: String, found: ObjectKind, wanted: &'static str },
    #[error("{path} is corrupt: {detail} (run `git fsck` in the repository)")]
    Corrupt { path: PathBuf, detail: String },
    #[error("io error on {path}: {source}")]
    Io { path: PathBuf, source: std::io::Error },
}

/// The four kinds of git object.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ObjectKind {
    Commit,
    Tree,
    Blob,
    Tag,
}

impl std::fmt::Display for ObjectKind {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter.write_str(match self {
            Self::Commit => "commit",
            Self::Tree => "tree",
            Self::Blob => "blob",
            Self::Tag => "tag",
        })
    }
}

/// How many deltas an [`ObjectDb`] has applied, by kind of base reference.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DeltaCounts {
    /// `OFS_DELTA` entries: the base is earlier in the same pack.
    pub by_offset: u64,
    /// `REF_DELTA` entries: the base is named by id (same pack, another pack, or loose).
    pub by_reference: u64,
}

/// A binary object id (SHA-1).
pub(crate) type ObjectId = [u8; ID_LEN];

/// Longest delta chain followed before calling the pack corrupt (git writes at most 4095).
const MAX_DELTA_CHAIN: usize = 10_000;
/// Deepest tree nesting followed (git's own default limit is 4096).
const MAX_TREE_DEPTH: usize = 4096;
/// Tags pointing at tags followed before giving up.
const MAX_PEEL: usize = 16;
/// Loose objects up to this size are kept whole when their size is read...
const KEPT_OBJECT_LIMIT: u64 = 16 * 1024;
/// ...as long as all those kept stay under this.
const KEPT_TOTAL_LIMIT: u64 = 16 * 1024 * 1024;
/// Alternates of alternates followed (git's limit).
const MAX_ALTERNATE_DEPTH: usize = 5;

/// The object database of one repository, opened once and shared by several reads: the index
/// of every pack is read when it opens; pack data is read with positioned reads as needed.
pub struct ObjectDb {
    repo: PathBuf,
    dirs: gitdir::GitDirs,
    /// The repository's `objects` directory, then its alternates.
    object_dirs: Vec<PathBuf>,
    packs: Vec<Pack>,
    /// Every `.pack` already opened or found unusable, so a re-list only opens new ones.
    seen_packs: HashSet<PathBuf>,
    deltas: DeltaCounts,
    /// One zlib decompressor reused for every object.
    decompress: Decompress,
    /// Small loose objects inflated whole while reading their size, until read once.
    kept: HashMap<ObjectId, Object>,
    kept_bytes: u64,
    /// Resolved packed objects, delta bases above all.
    cache: resolve::PackedCache,
}

impl std::fmt::Debug for ObjectDb {
    fn fmt(&self, formatter: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        formatter
            .debug_struct("ObjectDb")
            .field("repo", &self.repo)
            .field("object_dirs", &self.object_dirs)
            .field("packs", &self.packs.len())
            .finish()
    }
}

/// Where an object was found.
enum Location {
    Packed { pack: usize, offset: u64 },
    Loose { file: File, path: PathBuf },
}

/// A whole object.
#[derive(Clone)]
struct Object {
    kind: ObjectKind,
    data: Vec<u8>,
}

impl ObjectDb {
    /// Opens the object database of the repository whose work tree or bare directory is
    /// `repo`: finds its git directory, checks it is a layout this reader handles, follows
    /// `objects/info/alternates`, and reads every pack index.
    pub fn open(repo: &Path) -> Result<Self, ObjectError> {
        let unsupported = |reason: &str| ObjectError::Unsupported { path: repo.to_path_buf(), reason: reason.to_string() };
        for variable in ["GIT_OBJECT_DIRECTORY", "GIT_ALTERNATE_OBJECT_DIRECTORIES", "GIT_COMMON_DIR", "GIT_REPLACE_REF_BASE"] {
            if std::env::var_os(variable).is_some() {
                return Err(unsupported(&format!("{variable} from the environment")));
            }
        }
        let dirs = discover(repo).ok_or_else(|| ObjectError::NoRepository { path: repo.to_path_buf() })?;
        if dirs.config.sha256_objects {
            return Err(unsupported("the sha256 object format"));
        }
        if dirs.has_replace_refs() {
            return Err(unsupported("replace refs (git replace)"));
        }
        let mut object_dirs = vec![dirs.common_dir.join("objects")];
        if !object_dirs[0].is_dir() {
            return Err(ObjectError::NoRepository { path: repo.to_path_buf() });
        }
        follow_alternates(&mut object_dirs)?;
        let mut database = Self {
            repo: repo.to_path_buf(),
            dirs,
            object_dirs,
            packs: Vec::new(),
            seen_packs: HashSet::new(),
            deltas: DeltaCounts::default(),
            decompress: Decompress::new(true),
            kept: HashMap::new(),
            kept_bytes: 0,
            cache: resolve::PackedCache::default(),
        };
        database.open_new_packs()?;
        Ok(database)
    }

    /// The commit HEAD points at, from the repository's files; `None` when it cannot tell.
    pub fn head_sha(&self) -> Option<String> {
        self.dirs.head_sha()
    }

    /// Deltas applied so far (for tests and benchmarks).
    pub fn deltas_applied(&self) -> DeltaCounts {
        self.deltas
    }

    /// Every regular and executable file (no symlinks, no submodules) in the tree that
    /// `revision` (`HEAD`, or a full commit, tag or tree id) names, in `git ls-tree -r` order,
    /// with blob sizes read from object headers.
    pub fn list_tree(&mut self, revision: &str) -> Result<Vec<TreeFile>, ObjectError> {
        let entries = self.tree_files(revision)?;
        let mut files = Vec::with_capacity(entries.len());
        for (path, id) in entries {
            let size = self.size(&id)?;
            files.push(TreeFile { path, blob: to_hex(&id), size });
        }
        Ok(files)
    }

    /// The regular and executable files of the tree `revision` names, in `git ls-tree -r`
    /// order: each path and blob id, without reading the blobs.
    pub(crate) fn tree_files(&mut self, revision: &str) -> Result<Vec<(String, ObjectId)>, ObjectError> {
        let start = self.resolve_revision(revision)?;
        let root = self.peel(start, ObjectKind::Tree)?;
        let mut files = Vec::new();
        // Depth-first in stored order, as ls-tree -r walks: (path prefix, tree data, position).
        let mut stack: Vec<(Vec<u8>, Vec<u8>, usize)> = vec![(Vec::new(), root.data, 0)];
        while let Some((prefix, tree, at)) = stack.last_mut() {
            if *at >= tree.len() {
                stack.pop();
                continue;
            }
            let entry = parse::next_tree_entry(tree, at).map_err(|detail| self.corrupt_object(&start, detail))?;
            let mut path = prefix.clone();
            if !path.is_empty() {
                path.push(b'/');
            }
            path.extend_from_slice(entry.name);
            let (entry_type, id) = (entry.entry_type(), entry.id);
            match entry_type {
                EntryType::Tree => {
                    if stack.len() >= MAX_TREE_DEPTH {
                        return Err(self.corrupt_object(&id, "trees nest deeper than git allows".into()));
                    }
                    let subtree = self.read(&id)?;
                    if subtree.kind != ObjectKind::Tree {
                        return Err(self.wrong_kind(&id, subtree.kind, "tree"));
                    }
                    stack.push((path, subtree.data, 0));
                }
                EntryType::File => files.push((String::from_utf8_lossy(&path).into_owned(), id)),
                EntryType::Symlink | EntryType::Gitlink => {}
            }
        }
        Ok(files)
    }

    /// Whether object `id` is in one of the packs opened so far.
    pub(crate) fn is_packed(&self, id: &ObjectId) -> bool {
        matches!(self.find_packed(id, 0), Ok(Some(_)))
    }

    /// The size of the blob `id`, from its object header.
    pub(crate) fn blob_size(&mut self, id: &ObjectId) -> Result<u64, ObjectError> {
        self.size(id)
    }

    /// The contents of the blob `id`.
    pub(crate) fn read_blob(&mut self, id: &ObjectId) -> Result<Vec<u8>, ObjectError> {
        let object = self.read(id)?;
        if object.kind != ObjectKind::Blob {
            return Err(self.wrong_kind(id, object.kind, "blob"));
        }
        Ok(object.data)
    }

    /// Where the repository keeps its files.
    pub(crate) fn dirs(&self) -> &gitdir::GitDirs {
        &self.dirs
    }

    /// The contents of the object `id` (40 hex digits), whatever its kind, as
    /// `git cat-file --batch` gives them.
    pub fn read_object(&mut self, id: &str) -> Result<(ObjectKind, Vec<u8>), ObjectError> {
        let id = parse_hex(id)
            .ok_or_else(|| ObjectError::Unsupported { path: self.repo.clone(), reason: format!("object name {id:?} (not a full id)") })?;
        let object = self.read(&id)?;
        Ok((object.kind, object.data))
    }

    /// The commit `revision` (`HEAD`, or a full commit or tag id) names, with its committer
    /// time as `git log --format=%cI` prints it.
    pub fn commit_info(&mut self, revision: &str) -> Result<CommitInfo, ObjectError> {
        let start = self.resolve_revision(revision)?;
        let mut id = start;
        for _ in 0..MAX_PEEL {
            let object = self.read(&id)?;
            match object.kind {
                ObjectKind::Commit => {
                    let time = parse::committer_time(&object.data).ok_or_else(|| ObjectError::Unsupported {
                        path: self.repo.clone(),
                        reason: format!("a committer line in commit {} that this reader cannot read", to_hex(&id)),
                    })?;
                    return Ok(CommitInfo { sha: to_hex(&id), time });
                }
                ObjectKind::Tag => id = parse::tag_target(&object.data).ok_or_else(|| self.corrupt_object(&id, "tag has no object line".into()))?,
                kind => return Err(self.wrong_kind(&id, kind, "commit")),
            }
        }
        Err(self.corrupt_object(&start, "tags nest too deeply".into()))
    }

    /// The object id `revision` names: `HEAD` from the repository's files, or a full id.
    fn resolve_revision(&self, revision: &str) -> Result<ObjectId, ObjectError> {
        let text = if revision == "HEAD" {
            self.dirs
                .head_sha()
                .ok_or_else(|| ObjectError::Unsupported { path: self.repo.clone(), reason: "a HEAD this reader cannot resolve".into() })?
        } else {
            revision.to_string()
        };
        parse_hex(&text).ok_or_else(|| ObjectError::Unsupported {
            path: self.repo.clone(),
            reason: format!("revision {revision:?} (only HEAD and full ids are read in process)"),
        })
    }

    /// Follows commits (to their tree) and tags (to their object) until an object of `wanted` kind.
    fn peel(&mut self, start: ObjectId, wanted: ObjectKind) -> Result<Object, ObjectError> {
        let mut id = start;
        for _ in 0..MAX_PEEL {
            let object = self.read(&id)?;
            if object.kind == wanted {
                return Ok(object);
            }
            id = match object.kind {
                ObjectKind::Commit => parse::commit_tree(&object.data).ok_or_else(|| self.corrupt_object(&id, "commit has no tree line".into()))?,
                ObjectKind::Tag => parse::tag_target(&object.data).ok_or_else(|| self.corrupt_object(&id, "tag has no object line".into()))?,
                kind => return Err(self.wrong_kind(&id, kind, "tree")),
            };
        }
        Err(self.corrupt_object(&start, "tags nest too deeply".into()))
    }

    fn corrupt_object(&self, id: &ObjectId, detail: String) -> ObjectError {
        ObjectError::Corrupt { path: self.object_dirs[0].clone(), detail: format!("object {}: {detail}", to_hex(id)) }
    }

    fn wrong_kind(&self, id: &ObjectId, found: ObjectKind, wanted: &'static str) -> ObjectError {
        ObjectError::WrongKind { path: self.repo.clone(), id: to_hex(id), found, wanted }
    }

    /// The whole object `id`.
    fn read(&mut self, id: &ObjectId) -> Result<Object, ObjectError> {
        if let Some(object) = self.kept.remove(id) {
            self.kept_bytes -= object.data.len() as u64;
            return Ok(object);
        }
        match self.locate(id)? {
            Location::Packed { pack, offset } => self.read_packed(pack, offset),
            Location::Loose { file, path } => read_loose(&file, &path, &mut self.decompress),
        }
    }

    /// The size of object `id`, from its header alone.
    fn size(&mut self, id: &ObjectId) -> Result<u64, ObjectError> {
        match self.locate(id)? {
            Location::Packed { pack, offset } => self.packed_size(pack, offset),
            Location::Loose { file, path } => {
                let mut inflater = Inflater::new(&file, &path, 0, 4096, &mut self.decompress);
                let (kind, size, start) = loose_header(&mut inflater, &path)?;
                // A small object costs little more to inflate whole than its header alone (the
                // Huffman tables dominate), and it is likely read next: keep it.
                if size <= KEPT_OBJECT_LIMIT
                    && self.kept_bytes + size <= KEPT_TOTAL_LIMIT
                    && let Ok(object) = read_loose_rest(inflater, kind, size, start, &path)
                {
                    self.kept_bytes += size;
                    self.kept.insert(*id, object);
                }
                Ok(size)
            }
        }
    }

    /// Where object `id` is: packs first, then loose; then packs again after re-listing them
    /// (a concurrent `git gc` or `git repack` may have moved it).
    fn locate(&mut self, id: &ObjectId) -> Result<Location, ObjectError> {
        if let Some(location) = self.find_packed(id, 0)? {
            return Ok(location);
        }
        if let Some(location) = self.find_loose(id)? {
            return Ok(location);
        }
        let known = self.packs.len();
        self.open_new_packs()?;
        if let Some(location) = self.find_packed(id, known)? {
            return Ok(location);
        }
        if let Some(location) = self.find_loose(id)? {
            return Ok(location);
        }
        Err(ObjectError::Missing { path: self.object_dirs[0].clone(), id: to_hex(id) })
    }

    fn find_packed(&self, id: &ObjectId, first_pack: usize) -> Result<Option<Location>, ObjectError> {
        for (number, pack) in self.packs.iter().enumerate().skip(first_pack) {
            match pack.index.find(id) {
                Ok(Some(offset)) => return Ok(Some(Location::Packed { pack: number, offset })),
                Ok(None) => {}
                Err(detail) => return Err(ObjectError::Corrupt { path: pack.path.with_extension("idx"), detail }),
            }
        }
        Ok(None)
    }

    fn find_loose(&self, id: &ObjectId) -> Result<Option<Location>, ObjectError> {
        let hex = to_hex(id);
        for directory in &self.object_dirs {
            let path = directory.join(&hex[..2]).join(&hex[2..]);
            match File::open(&path) {
                Ok(file) => return Ok(Some(Location::Loose { file, path })),
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => {}
                Err(source) => return Err(ObjectError::Io { path, source }),
            }
        }
        Ok(None)
    }

    /// Opens every pack in the object directories not opened before. A pack that cannot be
    /// used (say, a version 1 index) is skipped: its objects will be missing, and git asked.
    fn open_new_packs(&mut self) -> Result<(), ObjectError> {
        for directory in &self.object_dirs {
            let pack_dir = directory.join("pack");
            let entries = match std::fs::read_dir(&pack_dir) {
                Ok(entries) => entries,
                Err(error) if error.kind() == std::io::ErrorKind::NotFound => continue,
                Err(source) => return Err(ObjectError::Io { path: pack_dir, source }),
            };
            let mut names: Vec<PathBuf> = entries
                .filter_map(|entry| entry.ok().map(|entry| entry.path()))
                .filter(|path| path.extension().is_some_and(|extension| extension == "pack"))
                .filter(|path| !self.seen_packs.contains(path))
                .collect();
            // Newest names first is what git prefers; any stable order gives the same answers.
            names.sort();
            for pack_path in names {
                self.seen_packs.insert(pack_path.clone());
                let index_path = pack_path.with_extension("idx");
                match Pack::open(pack_path, &index_path) {
                    Ok(pack) => self.packs.push(pack),
                    Err(error) => tracing::debug!(%error, "skipping a pack the in-process reader cannot use"),
                }
            }
        }
        Ok(())
    }
}

/// Adds the alternates of every object directory (and theirs, a few levels deep) to `dirs`.
/// A missing alternate is skipped, as git does; a quoted path is not handled.
fn follow_alternates(dirs: &mut Vec<PathBuf>) -> Result<(), ObjectError> {
    let mut level_start = 0;
    for _ in 0..MAX_ALTERNATE_DEPTH {
        let level_end = dirs.len();
        for position in level_start..level_end {
            let file = dirs[position].join("info/alternates");
            let Ok(text) = std::fs::read_to_string(&file) else { continue };
            for line in text.lines().map(str::trim).filter(|line| !line.is_empty() && !line.starts_with('#')) {
                if line.starts_with('"') {
                    return Err(ObjectError::Unsupported { path: file, reason: "a quoted path in objects/info/alternates".into() });
                }
                let alternate = dirs[position].join(line);
                let Ok(canonical) = alternate.canonicalize() else { continue };
                if canonical.is_dir() && !dirs.iter().any(|known| known.canonicalize().is_ok_and(|known| known == canonical)) {
                    dirs.push(canonical);
                }
            }
        }
        if dirs.len() == level_end {
            break;
        }
        level_start = level_end;
    }
    Ok(())
}

/// Reads the `<kind> <size>\0` header at the start of a loose object.
fn loose_header(inflater: &mut Inflater<'_>, path: &Path) -> Result<(ObjectKind, u64, Vec<u8>), ObjectError> {
    let corrupt = |detail: &str| ObjectError::Corrupt { path: path.to_path_buf(), detail: detail.to_string() };
    // "commit 18446744073709551615\0" is the longest valid header: 28 bytes.
    // Inflate a few bytes at a time: a small object's header must be readable even when the
    // end of its stream is damaged.
    let mut start = Vec::new();
    let nul = loop {
        if let Some(nul) = start.iter().position(|byte| *byte == 0) {
            break nul;
        }
        if start.len() >= 32 {
            return Err(corrupt("loose object header is not terminated"));
        }
        let before = start.len();
        inflater.inflate_to(&mut start, before + 8)?;
        if start.len() == before {
            return Err(corrupt("loose object header is not terminated"));
        }
    };
    let header = std::str::from_utf8(&start[..nul]).map_err(|_| corrupt("loose object header is not text"))?;
    let (kind, size) = header.split_once(' ').ok_or_else(|| corrupt("loose object header has no size"))?;
    let kind = match kind {
        "commit" => ObjectKind::Commit,
        "tree" => ObjectKind::Tree,
        "blob" => ObjectKind::Blob,
        "tag" => ObjectKind::Tag,
        _ => return Err(corrupt("loose object has an unknown kind")),
    };
    if size.is_empty() || !size.bytes().all(|byte| byte.is_ascii_digit()) {
        return Err(corrupt("loose object size is not a number"));
    }
    let size: u64 = size.parse().map_err(|_| corrupt("loose object size is too large"))?;
    let content_start = start[nul + 1..].to_vec();
    Ok((kind, size, content_start))
}

/// Reads a whole loose object, checking its length against its header.
fn read_loose(file: &File, path: &Path, decompress: &mut Decompress) -> Result<Object, ObjectError> {
    // Most loose objects are smaller than this; larger ones take a few more, growing, reads.
    let mut inflater = Inflater::new(file, path, 0, 8192, decompress);
    let (kind, size, data) = loose_header(&mut inflater, path)?;
    read_loose_rest(inflater, kind, size, data, path)
}

/// Inflates the rest of a loose object whose header has been read.
fn read_loose_rest(mut inflater: Inflater<'_>, kind: ObjectKind, size: u64, mut data: Vec<u8>, path: &Path) -> Result<Object, ObjectError> {
    let corrupt = |detail: &str| ObjectError::Corrupt { path: path.to_path_buf(), detail: detail.to_string() };
    let size = usize::try_from(size).map_err(|_| corrupt("loose object does not fit in memory"))?;
    if data.len() > size {
        return Err(corrupt("loose object is longer than its header says"));
    }
    inflater.inflate_to(&mut data, size)?;
    if data.len() != size {
        return Err(corrupt("loose object is shorter than its header says"));
    }
    inflater.finish()?;
    Ok(Object { kind, data })
}
