//! Reading git's index file (`$GIT_DIR/index`, versions 2, 3 and 4): each entry's path, stage,
//! object id, mode, flags and the stat data git recorded when it last saw the file.
//!
//! Only what deciding "is this work-tree file the blob" needs is kept. Anything this reader is
//! not sure of is an error, and the caller then reads blobs: a split index (`link`), a sparse
//! index (`sdir`), an extension it does not know, entries out of order, a truncated file. The
//! trailing checksum is not verified: git replaces the index by renaming a finished file, so
//! it is never seen half written, and any damage that still parsed would have to forge both
//! an entry's object id and its stat data to be trusted.

use crate::objects::ObjectId;

/// Bytes of an object id (SHA-1; SHA-256 repositories never get this far).
const ID_LEN: usize = 20;
/// Stat data, mode, ids and sizes before the id: ten 32-bit fields.
const STAT_LEN: usize = 40;
/// An entry's fixed part: stat data, id and the 16-bit flags.
const FIXED_LEN: usize = STAT_LEN + ID_LEN + 2;
/// Flags: the entry is assumed valid (`git update-index --assume-unchanged`).
const FLAG_ASSUME_VALID: u16 = 0x8000;
/// Flags: 16 more bits of flags follow (version 3 and later).
const FLAG_EXTENDED: u16 = 0x4000;
const FLAG_STAGE_MASK: u16 = 0x3000;
const FLAG_NAME_MASK: u16 = 0x0fff;
/// Extensions this reader may skip: none changes which entries exist or what they mean.
/// `TREE` cache tree, `REUC` resolve undo, `UNTR` untracked cache, `FSMN` fsmonitor (this
/// reader compares stat data itself), `EOIE` and `IEOT` offsets for parallel loading.
const SKIPPABLE_EXTENSIONS: [&[u8; 4]; 6] = [b"TREE", b"REUC", b"UNTR", b"FSMN", b"EOIE", b"IEOT"];

/// The stat data git records for an entry, each field truncated to 32 bits as git stores it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct StatData {
    pub(crate) ctime: (u32, u32),
    pub(crate) mtime: (u32, u32),
    pub(crate) ino: u32,
    pub(crate) mode: u32,
    pub(crate) uid: u32,
    pub(crate) gid: u32,
    pub(crate) size: u32,
}

/// One entry of the index.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct IndexEntry {
    pub(crate) path: Vec<u8>,
    pub(crate) stage: u8,
    pub(crate) id: ObjectId,
    pub(crate) stat: StatData,
    /// `--assume-unchanged`: git does not look at the file, so neither may anyone else.
    pub(crate) assume_valid: bool,
    /// Any extended flag (skip-worktree, intent-to-add).
    pub(crate) extended_flags: bool,
}

/// A parsed index: its entries, sorted by path then stage as git keeps them.
#[derive(Debug, Clone, Default)]
pub(crate) struct Index {
    pub(crate) entries: Vec<IndexEntry>,
}

impl Index {
    /// The stage-0 entry at `path`, if any.
    pub(crate) fn find(&self, path: &[u8]) -> Option<&IndexEntry> {
        self.entries.binary_search_by(|entry| (entry.path.as_slice(), entry.stage).cmp(&(path, 0))).ok().map(|at| &self.entries[at])
    }
}

/// Parses an index file. An error says why it is not one this reader is sure of.
pub(crate) fn parse(bytes: &[u8]) -> Result<Index, String> {
    if bytes.len() < 12 + ID_LEN || &bytes[..4] != b"DIRC" {
        return Err("not an index file (no DIRC header)".into());
    }
    let version = read_u32(bytes, 4);
    if !(2..=4).contains(&version) {
        return Err(format!("index version {version}"));
    }
    let count = read_u32(bytes, 8) as usize;
    let end = bytes.len() - ID_LEN;
    let mut at = 12;
    let mut entries: Vec<IndexEntry> = Vec::with_capacity(count.min(end / FIXED_LEN));
    for _ in 0..count {
        let (entry, next) = parse_entry(bytes, at, end, version, entries.last().map(|previous| previous.path.as_slice()))?;
        if let Some(previous) = entries.last()
            && (previous.path.as_slice(), previous.stage) >= (entry.path.as_slice(), entry.stage)
        {
            return Err("index entries are out of order".into());
        }
        entries.push(entry);
        at = next;
    }
    while at < end {
        let header = bytes.get(at..at + 8).filter(|_| at + 8 <= end).ok_or("an index extension is truncated")?;
        let signature: [u8; 4] = [header[0], header[1], header[2], header[3]];
        let length = read_u32(header, 4) as usize;
        if !SKIPPABLE_EXTENSIONS.contains(&&signature) {
            // `link` (split index), `sdir` (sparse index) and anything newer.
            return Err(format!("the index extension {:?}", String::from_utf8_lossy(&signature)));
        }
        at = at.checked_add(8 + length).filter(|next| *next <= end).ok_or("an index extension is truncated")?;
    }
    Ok(Index { entries })
}

/// The entry at `at`, and where the next one starts.
fn parse_entry(bytes: &[u8], at: usize, end: usize, version: u32, previous_path: Option<&[u8]>) -> Result<(IndexEntry, usize), String> {
    let truncated = || "an index entry is truncated".to_string();
    let fixed = bytes.get(at..at + FIXED_LEN).filter(|_| at + FIXED_LEN <= end).ok_or_else(truncated)?;
    let field = |number: usize| read_u32(fixed, number * 4);
    let stat = StatData {
        ctime: (field(0), field(1)),
        mtime: (field(2), field(3)),
        ino: field(5),
        mode: field(6),
        uid: field(7),
        gid: field(8),
        size: field(9),
    };
    let mut id = [0u8; ID_LEN];
    id.copy_from_slice(&fixed[STAT_LEN..STAT_LEN + ID_LEN]);
    let flags = u16::from_be_bytes([fixed[FIXED_LEN - 2], fixed[FIXED_LEN - 1]]);
    let mut name_at = at + FIXED_LEN;
    let mut extended_flags = false;
    if flags & FLAG_EXTENDED != 0 {
        if version < 3 {
            return Err("an extended index entry in a version 2 index".into());
        }
        let extra = bytes.get(name_at..name_at + 2).filter(|_| name_at + 2 <= end).ok_or_else(truncated)?;
        extended_flags = u16::from_be_bytes([extra[0], extra[1]]) != 0;
        name_at += 2;
    }
    let name_length = usize::from(flags & FLAG_NAME_MASK);
    let (path, next) = if version == 4 {
        // A number of bytes to drop from the previous path, then the rest of this one.
        let (strip, suffix_at) = read_varint(bytes, name_at, end).ok_or_else(truncated)?;
        let previous = previous_path.unwrap_or_default();
        let kept = previous.len().checked_sub(usize::try_from(strip).map_err(|_| truncated())?).ok_or("an index path strips more than its predecessor has")?;
        let suffix_length = bytes[suffix_at..end].iter().position(|byte| *byte == 0).ok_or_else(truncated)?;
        let mut path = Vec::with_capacity(kept + suffix_length);
        path.extend_from_slice(&previous[..kept]);
        path.extend_from_slice(&bytes[suffix_at..suffix_at + suffix_length]);
        (path, suffix_at + suffix_length + 1)
    } else {
        let path_length = bytes[name_at..end].iter().position(|byte| *byte == 0).ok_or_else(truncated)?;
        // NUL padding to a multiple of 8 bytes, at least one.
        let entry_length = (name_at - at + path_length + 8) & !7;
        if at + entry_length > end || bytes[name_at + path_length..at + entry_length].iter().any(|byte| *byte != 0) {
            return Err(truncated());
        }
        (bytes[name_at..name_at + path_length].to_vec(), at + entry_length)
    };
    if path.is_empty() || (name_length < usize::from(FLAG_NAME_MASK) && name_length != path.len()) {
        return Err("an index path does not match its recorded length".into());
    }
    let stage = u8::try_from((flags & FLAG_STAGE_MASK) >> 12).expect("two bits fit in a byte");
    Ok((IndexEntry { path, stage, id, stat, assume_valid: flags & FLAG_ASSUME_VALID != 0, extended_flags }, next))
}

fn read_u32(bytes: &[u8], at: usize) -> u32 {
    u32::from_be_bytes([bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]])
}

/// Git's offset varint (as in `OFS_DELTA`): the value and where the bytes after it start.
fn read_varint(bytes: &[u8], mut at: usize, end: usize) -> Option<(u64, usize)> {
    let mut byte = *bytes.get(at).filter(|_| at < end)?;
    at += 1;
    let mut value = u64::from(byte & 0x7f);
    while byte & 0x80 != 0 {
        value = value.checked_add(1)?;
        if value >> 57 != 0 {
            return None;
        }
        byte = *bytes.get(at).filter(|_| at < end)?;
        at += 1;
        value = (value << 7) | u64::from(byte & 0x7f);
    }
    Some((value, at))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// An index of `version` holding `entries` (path, stage, extended flags), stat data zero.
    fn build(version: u32, entries: &[(&str, u8, u16)], extensions: &[(&[u8; 4], &[u8])]) -> Vec<u8> {
        let mut bytes = b"DIRC".to_vec();
        bytes.extend(version.to_be_bytes());
        bytes.extend((entries.len() as u32).to_be_bytes());
        let mut previous: &[u8] = b"";
        for (path, stage, extended) in entries {
            let start = bytes.len();
            bytes.extend([0u8; STAT_LEN - 16]);
            bytes.extend(0o100644u32.to_be_bytes());
            bytes.extend([0u8; 8]);
            bytes.extend((path.len() as u32).to_be_bytes());
            bytes.extend([7u8; ID_LEN]);
            let flags = (u16::from(*stage) << 12) | path.len() as u16 | if *extended != 0 { FLAG_EXTENDED } else { 0 };
            bytes.extend(flags.to_be_bytes());
            if *extended != 0 {
                bytes.extend(extended.to_be_bytes());
            }
            if version == 4 {
                let common = previous.iter().zip(path.as_bytes()).take_while(|(a, b)| a == b).count();
                bytes.push(u8::try_from(previous.len() - common).expect("short paths"));
                bytes.extend_from_slice(&path.as_bytes()[common..]);
                bytes.push(0);
            } else {
                bytes.extend_from_slice(path.as_bytes());
                let length = (bytes.len() - start + 8) & !7;
                bytes.resize(start + length, 0);
            }
            previous = path.as_bytes();
        }
        for (signature, data) in extensions {
            bytes.extend_from_slice(*signature);
            bytes.extend((data.len() as u32).to_be_bytes());
            bytes.extend_from_slice(data);
        }
        bytes.extend([0u8; ID_LEN]);
        bytes
    }

    fn paths(index: &Index) -> Vec<(String, u8, bool)> {
        index.entries.iter().map(|entry| (String::from_utf8_lossy(&entry.path).into_owned(), entry.stage, entry.extended_flags)).collect()
    }

    #[test]
    fn versions_two_three_and_four_read_the_same_entries() {
        let entries = [("a/b.txt", 0, 0), ("a/bc.txt", 0, 0), ("a/c/d", 1, 0), ("a/c/d", 2, 0), ("b", 0, 0), ("bb/long/name", 0, 0)];
        for version in [2, 3, 4] {
            let index = parse(&build(version, &entries, &[(b"TREE", b"whatever")])).expect("parses");
            let expected: Vec<(String, u8, bool)> = entries.iter().map(|(path, stage, _)| (path.to_string(), *stage, false)).collect();
            assert_eq!(paths(&index), expected, "version {version}");
            assert_eq!(index.find(b"a/bc.txt").map(|entry| entry.stat.size), Some(8));
            assert!(index.find(b"a/c/d").is_none(), "only stage 0 is found");
            assert!(index.find(b"a").is_none());
        }
        let index = parse(&build(3, &[("skipped", 0, 0x4000)], &[])).expect("parses");
        assert_eq!(paths(&index), [("skipped".to_string(), 0, true)]);
    }

    #[test]
    fn what_this_reader_is_not_sure_of_is_an_error() {
        let entries = [("a", 0, 0), ("b", 0, 0)];
        for (case, bytes) in [
            ("split index", build(2, &entries, &[(b"link", b"x")])),
            ("sparse index", build(3, &entries, &[(b"sdir", b"")])),
            ("unknown extension", build(2, &entries, &[(b"ZZZZ", b"")])),
            ("out of order", build(2, &[("b", 0, 0), ("a", 0, 0)], &[])),
            ("extended in v2", build(2, &[("a", 0, 0x4000)], &[])),
            ("version 5", build(5, &entries, &[])),
        ] {
            assert!(parse(&bytes).is_err(), "{case}");
        }
        let whole = build(4, &entries, &[]);
        for length in 0..whole.len() - ID_LEN {
            let mut cut = whole[..length].to_vec();
            cut.extend([0u8; ID_LEN]);
            assert!(parse(&cut).is_err(), "truncated at {length}");
        }
    }
}
