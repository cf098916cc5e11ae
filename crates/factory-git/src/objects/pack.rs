//! Pack files and their version-2 indexes: finding an object's offset, reading an entry's
//! header, inflating its data.
//!
//! Index layout: magic `\xfftOc`, version 2, a 256-entry fan-out table, the sorted object ids,
//! one CRC-32 per object, one 4-byte offset per object (the top bit set means "index into the
//! 8-byte large-offset table that follows"), then the pack's checksum and the index's own.

use std::fs::File;
use std::path::{Path, PathBuf};

use flate2::Decompress;

use super::ObjectError;
use super::ObjectKind;
use super::inflate::{Inflater, read_at_most};

/// Bytes of a SHA-1 object id.
pub(crate) const ID_LEN: usize = 20;
const HEADER_LEN: usize = 8;
const FANOUT_LEN: usize = 256 * 4;

/// A parsed `.idx` file (version 2), kept whole in memory.
pub(crate) struct PackIndex {
    bytes: Vec<u8>,
    count: usize,
    large_offsets: usize,
}

impl PackIndex {
    /// Checks the layout of an index read from `path`.
    pub(crate) fn parse(bytes: Vec<u8>, path: &Path) -> Result<Self, ObjectError> {
        let corrupt = |detail: &str| ObjectError::Corrupt { path: path.to_path_buf(), detail: detail.to_string() };
        if bytes.len() < HEADER_LEN + FANOUT_LEN + 2 * ID_LEN || bytes[..4] != [0xff, b't', b'O', b'c'] {
            return Err(ObjectError::Unsupported { path: path.to_path_buf(), reason: "not a version 2 pack index".into() });
        }
        if read_u32(&bytes, 4) != 2 {
            return Err(ObjectError::Unsupported { path: path.to_path_buf(), reason: "pack index version is not 2".into() });
        }
        let mut previous = 0;
        for slot in 0..256 {
            let value = read_u32(&bytes, HEADER_LEN + slot * 4);
            if value < previous {
                return Err(corrupt("fan-out table is not sorted"));
            }
            previous = value;
        }
        let count = previous as usize;
        let fixed = HEADER_LEN + FANOUT_LEN + count * (ID_LEN + 4 + 4) + 2 * ID_LEN;
        if bytes.len() < fixed || !(bytes.len() - fixed).is_multiple_of(8) {
            return Err(corrupt("index has the wrong length for its object count"));
        }
        let large_offsets = (bytes.len() - fixed) / 8;
        Ok(Self { bytes, count, large_offsets })
    }

    /// Number of objects in the pack.
    pub(crate) fn count(&self) -> usize {
        self.count
    }

    /// The pack checksum the index was written for.
    pub(crate) fn pack_checksum(&self) -> &[u8] {
        let end = self.bytes.len() - ID_LEN;
        &self.bytes[end - ID_LEN..end]
    }

    fn id_at(&self, position: usize) -> &[u8] {
        let start = HEADER_LEN + FANOUT_LEN + position * ID_LEN;
        &self.bytes[start..start + ID_LEN]
    }

    fn fanout(&self, slot: usize) -> usize {
        read_u32(&self.bytes, HEADER_LEN + slot * 4) as usize
    }

    /// The pack offset of `id`, or `None` when this pack does not hold it. An offset pointing
    /// into a large-offset table entry that does not exist is corruption.
    pub(crate) fn find(&self, id: &[u8; ID_LEN]) -> Result<Option<u64>, String> {
        let first = usize::from(id[0]);
        let (mut low, mut high) = (if first == 0 { 0 } else { self.fanout(first - 1) }, self.fanout(first));
        while low < high {
            let middle = low + (high - low) / 2;
            match self.id_at(middle).cmp(id.as_slice()) {
                std::cmp::Ordering::Less => low = middle + 1,
                std::cmp::Ordering::Greater => high = middle,
                std::cmp::Ordering::Equal => return self.offset_at(middle).map(Some),
            }
        }
        Ok(None)
    }

    fn offset_at(&self, position: usize) -> Result<u64, String> {
        let offsets = HEADER_LEN + FANOUT_LEN + self.count * (ID_LEN + 4);
        let value = read_u32(&self.bytes, offsets + position * 4);
        if value & 0x8000_0000 == 0 {
            return Ok(u64::from(value));
        }
        let large = (value & 0x7fff_ffff) as usize;
        if large >= self.large_offsets {
            return Err(format!("large offset {large} is past the end of the large-offset table"));
        }
        let at = offsets + self.count * 4 + large * 8;
        Ok(u64::from(read_u32(&self.bytes, at)) << 32 | u64::from(read_u32(&self.bytes, at + 4)))
    }
}

fn read_u32(bytes: &[u8], at: usize) -> u32 {
    let mut word = [0u8; 4];
    word.copy_from_slice(&bytes[at..at + 4]);
    u32::from_be_bytes(word)
}

/// What a pack entry is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EntryKind {
    Whole(ObjectKind),
    /// A delta against the entry at this (absolute) offset of the same pack.
    OffsetDelta(u64),
    /// A delta against the object with this id, wherever it is.
    ReferenceDelta([u8; ID_LEN]),
}

/// An entry's header: its kind, the size of its inflated data (for a delta, of the delta
/// itself) and where its zlib stream starts.
#[derive(Debug, Clone, Copy)]
pub(crate) struct EntryHeader {
    pub(crate) kind: EntryKind,
    pub(crate) size: u64,
    pub(crate) data_offset: u64,
}

/// An open pack file with its index.
pub(crate) struct Pack {
    pub(crate) path: PathBuf,
    pub(crate) index: PackIndex,
    file: File,
    /// Where entries may start: after the 12-byte header, before the trailing checksum.
    data_end: u64,
}

impl Pack {
    /// Opens `pack_path` with the index at `index_path`, checking they belong together.
    pub(crate) fn open(pack_path: PathBuf, index_path: &Path) -> Result<Self, ObjectError> {
        let index_bytes = std::fs::read(index_path).map_err(|source| ObjectError::Io { path: index_path.to_path_buf(), source })?;
        let index = PackIndex::parse(index_bytes, index_path)?;
        let file = File::open(&pack_path).map_err(|source| ObjectError::Io { path: pack_path.clone(), source })?;
        let length = file.metadata().map_err(|source| ObjectError::Io { path: pack_path.clone(), source })?.len();
        let corrupt = |detail: &str| ObjectError::Corrupt { path: pack_path.clone(), detail: detail.to_string() };
        if length < (12 + ID_LEN) as u64 {
            return Err(corrupt("pack is shorter than its header and checksum"));
        }
        let mut header = [0u8; 12];
        if read_at_most(&file, &pack_path, &mut header, 0)? < 12 || header[..4] != *b"PACK" {
            return Err(corrupt("pack does not start with PACK"));
        }
        let version = read_u32(&header, 4);
        if version != 2 && version != 3 {
            return Err(corrupt("pack version is not 2 or 3"));
        }
        if read_u32(&header, 8) as usize != index.count() {
            return Err(corrupt("pack and index disagree on the number of objects"));
        }
        let data_end = length - ID_LEN as u64;
        let mut checksum = [0u8; ID_LEN];
        if read_at_most(&file, &pack_path, &mut checksum, data_end)? < ID_LEN || checksum != index.pack_checksum() {
            return Err(corrupt("pack checksum does not match its index (replaced while reading?)"));
        }
        Ok(Self { path: pack_path, index, file, data_end })
    }

    fn corrupt(&self, offset: u64, detail: &str) -> ObjectError {
        ObjectError::Corrupt { path: self.path.clone(), detail: format!("entry at offset {offset}: {detail}") }
    }

    /// Reads the header of the entry at `offset`.
    pub(crate) fn entry_header(&self, offset: u64) -> Result<EntryHeader, ObjectError> {
        if offset < 12 || offset >= self.data_end {
            return Err(self.corrupt(offset, "offset is outside the pack"));
        }
        // Type and size (at most 10 bytes for a 64-bit size), then at most 20 more bytes.
        let mut buffer = [0u8; 32];
        let available = read_at_most(&self.file, &self.path, &mut buffer, offset)?;
        let bytes = &buffer[..available];
        let mut at = 0;
        let first = *bytes.first().ok_or_else(|| self.corrupt(offset, "entry is truncated"))?;
        at += 1;
        let type_bits = (first >> 4) & 0x07;
        let mut size = u64::from(first & 0x0f);
        let mut shift = 4u32;
        let mut byte = first;
        while byte & 0x80 != 0 {
            byte = *bytes.get(at).ok_or_else(|| self.corrupt(offset, "entry header is truncated"))?;
            at += 1;
            if shift > 60 {
                return Err(self.corrupt(offset, "entry size does not fit in 64 bits"));
            }
            size |= u64::from(byte & 0x7f) << shift;
            shift += 7;
        }
        let kind = match type_bits {
            1 => EntryKind::Whole(ObjectKind::Commit),
            2 => EntryKind::Whole(ObjectKind::Tree),
            3 => EntryKind::Whole(ObjectKind::Blob),
            4 => EntryKind::Whole(ObjectKind::Tag),
            6 => {
                // Big-endian base-128 with an implicit +1 on every continuation byte.
                let mut byte = *bytes.get(at).ok_or_else(|| self.corrupt(offset, "delta offset is truncated"))?;
                at += 1;
                let mut distance = u64::from(byte & 0x7f);
                while byte & 0x80 != 0 {
                    byte = *bytes.get(at).ok_or_else(|| self.corrupt(offset, "delta offset is truncated"))?;
                    at += 1;
                    distance = distance
                        .checked_add(1)
                        .and_then(|distance| distance.checked_mul(128))
                        .map(|distance| distance | u64::from(byte & 0x7f))
                        .ok_or_else(|| self.corrupt(offset, "delta offset overflows"))?;
                }
                let base = offset.checked_sub(distance).filter(|base| *base >= 12 && distance > 0);
                EntryKind::OffsetDelta(base.ok_or_else(|| self.corrupt(offset, "delta base is outside the pack"))?)
            }
            7 => {
                let id = bytes.get(at..at + ID_LEN).ok_or_else(|| self.corrupt(offset, "delta base id is truncated"))?;
                at += ID_LEN;
                let mut base = [0u8; ID_LEN];
                base.copy_from_slice(id);
                EntryKind::ReferenceDelta(base)
            }
            _ => return Err(self.corrupt(offset, &format!("unknown entry type {type_bits}"))),
        };
        Ok(EntryHeader { kind, size, data_offset: offset + at as u64 })
    }

    /// The `size` bytes of inflated data at `data_offset`, checking the stream ends there.
    pub(crate) fn inflate(&self, data_offset: u64, size: u64, decompress: &mut Decompress) -> Result<Vec<u8>, ObjectError> {
        let size = usize::try_from(size).map_err(|_| self.corrupt(data_offset, "entry does not fit in memory"))?;
        let mut inflater = Inflater::new(&self.file, &self.path, data_offset, size.saturating_add(64), decompress);
        let mut data = Vec::new();
        inflater.inflate_to(&mut data, size)?;
        if data.len() != size {
            return Err(self.corrupt(data_offset, "entry data is shorter than its header says"));
        }
        inflater.finish()?;
        Ok(data)
    }

    /// The first bytes (at most `limit`) of the inflated data at `data_offset`.
    pub(crate) fn inflate_prefix(&self, data_offset: u64, limit: usize, decompress: &mut Decompress) -> Result<Vec<u8>, ObjectError> {
        let mut inflater = Inflater::new(&self.file, &self.path, data_offset, 256, decompress);
        let mut data = Vec::new();
        inflater.inflate_to(&mut data, limit)?;
        Ok(data)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::objects::tests::build_index;

    fn id(first: u8, last: u8) -> [u8; ID_LEN] {
        let mut id = [0x11u8; ID_LEN];
        id[0] = first;
        id[ID_LEN - 1] = last;
        id
    }

    #[test]
    fn finds_small_and_large_offsets() {
        let entries = [(id(0x00, 1), 12), (id(0x7a, 1), 0x1_2345_6789), (id(0x7a, 2), 300), (id(0xff, 9), 0x8000_0000)];
        let index = PackIndex::parse(build_index(&entries, [5; ID_LEN]), Path::new("test.idx")).expect("parses");
        assert_eq!(index.count(), 4);
        assert_eq!(index.pack_checksum(), &[5; ID_LEN]);
        for (id, offset) in entries {
            assert_eq!(index.find(&id), Ok(Some(offset)));
        }
        assert_eq!(index.find(&id(0x7a, 3)), Ok(None));
        assert_eq!(index.find(&id(0x01, 1)), Ok(None));
        assert_eq!(index.find(&id(0xff, 8)), Ok(None));
    }

    #[test]
    fn bad_indexes_are_refused() {
        let entries = [(id(0x10, 1), 0x9000_0000u64)];
        let good = build_index(&entries, [0; ID_LEN]);
        let path = Path::new("test.idx");
        assert!(matches!(PackIndex::parse(good[..good.len() - 1].to_vec(), path), Err(ObjectError::Corrupt { .. })));
        let mut version_one = good.clone();
        version_one[7] = 1;
        assert!(matches!(PackIndex::parse(version_one, path), Err(ObjectError::Unsupported { .. })));
        let mut unsorted = good.clone();
        unsorted[HEADER_LEN + 4 * 200..HEADER_LEN + 4 * 201].copy_from_slice(&0u32.to_be_bytes());
        assert!(matches!(PackIndex::parse(unsorted, path), Err(ObjectError::Corrupt { .. })));
        // Drop the large-offset table: the offset now points past its end.
        let mut no_large_table = good[..good.len() - 2 * ID_LEN - 8].to_vec();
        no_large_table.extend_from_slice(&[0u8; 2 * ID_LEN]);
        let index = PackIndex::parse(no_large_table, path).expect("layout is fine");
        assert!(index.find(&entries[0].0).is_err());
        assert!(PackIndex::parse(Vec::new(), path).is_err());
    }
}
