//! Packed objects: delta chains resolved iteratively (walk down to a whole object, then apply
//! the deltas outwards, so a chain of any depth uses no stack), and a bounded cache of
//! resolved objects so that a base many deltas share is inflated once, as git's own delta base
//! cache does.

use std::collections::HashMap;

use super::pack::EntryKind;
use super::{KEPT_OBJECT_LIMIT, Location, MAX_DELTA_CHAIN, Object, ObjectDb, ObjectError, delta, read_loose};

/// Objects up to this size are cached once resolved...
const CACHED_OBJECT_LIMIT: usize = 1 << 20;
/// ...until the cache holds this many bytes; then it starts over.
const CACHE_LIMIT: usize = 32 << 20;

/// Resolved packed objects by (pack number, entry offset).
#[derive(Default)]
pub(super) struct PackedCache {
    objects: HashMap<(usize, u64), Object>,
    bytes: usize,
}

impl PackedCache {
    fn get(&self, pack: usize, offset: u64) -> Option<Object> {
        self.objects.get(&(pack, offset)).cloned()
    }

    fn insert(&mut self, pack: usize, offset: u64, object: &Object) {
        if object.data.len() > CACHED_OBJECT_LIMIT || self.objects.contains_key(&(pack, offset)) {
            return;
        }
        if self.bytes + object.data.len() > CACHE_LIMIT {
            self.objects.clear();
            self.bytes = 0;
        }
        self.bytes += object.data.len();
        self.objects.insert((pack, offset), object.clone());
    }
}

/// One delta of a chain: where its entry and data are, and its data if already inflated.
struct Link {
    pack: usize,
    entry_offset: u64,
    data_offset: u64,
    size: u64,
    by_reference: bool,
    inflated: Option<Vec<u8>>,
}

impl ObjectDb {
    /// The object at `offset` of pack `pack`.
    pub(super) fn read_packed(&mut self, pack: usize, offset: u64) -> Result<Object, ObjectError> {
        self.resolve_chain(Vec::new(), pack, offset)
    }

    /// The size of the object at `offset` of pack `pack`: from the entry header, or for a delta
    /// from the delta's own header. A small delta is resolved whole on the way (it costs about
    /// the same once its base is cached) and cached, as it is likely read next.
    pub(super) fn packed_size(&mut self, pack: usize, offset: u64) -> Result<u64, ObjectError> {
        let header = self.packs[pack].entry_header(offset)?;
        let base_id = match header.kind {
            EntryKind::Whole(_) => return Ok(header.size),
            EntryKind::OffsetDelta(_) => None,
            EntryKind::ReferenceDelta(base_id) => Some(base_id),
        };
        let corrupt = |pack_path: &std::path::Path| ObjectError::Corrupt {
            path: pack_path.to_path_buf(),
            detail: format!("delta at offset {offset} has no sizes"),
        };
        if header.size > KEPT_OBJECT_LIMIT {
            // Two varints of at most 10 bytes each start the delta.
            let prefix = self.packs[pack].inflate_prefix(header.data_offset, 20, &mut self.decompress)?;
            return delta::result_size(&prefix).ok_or_else(|| corrupt(&self.packs[pack].path));
        }
        let data = self.packs[pack].inflate(header.data_offset, header.size, &mut self.decompress)?;
        let result_size = delta::result_size(&data).ok_or_else(|| corrupt(&self.packs[pack].path))?;
        if result_size > KEPT_OBJECT_LIMIT || self.cache.get(pack, offset).is_some() {
            return Ok(result_size);
        }
        let (base_pack, base_offset) = match (header.kind, base_id) {
            (EntryKind::OffsetDelta(base_offset), _) => (pack, base_offset),
            (_, Some(base_id)) => match self.locate(&base_id)? {
                Location::Packed { pack, offset } => (pack, offset),
                Location::Loose { .. } => return Ok(result_size),
            },
            _ => return Ok(result_size),
        };
        let link = Link {
            pack,
            entry_offset: offset,
            data_offset: header.data_offset,
            size: header.size,
            by_reference: base_id.is_some(),
            inflated: Some(data),
        };
        self.resolve_chain(vec![link], base_pack, base_offset)?;
        Ok(result_size)
    }

    /// Walks from the entry at `offset` of pack `pack` down its delta chain (appending to
    /// `chain`) to a whole or cached object, then applies the chain's deltas outwards.
    fn resolve_chain(&mut self, mut chain: Vec<Link>, mut pack: usize, mut offset: u64) -> Result<Object, ObjectError> {
        let base = loop {
            if let Some(object) = self.cache.get(pack, offset) {
                break object;
            }
            if chain.len() > MAX_DELTA_CHAIN {
                let detail = format!("delta chain at offset {offset} is longer than {MAX_DELTA_CHAIN} (a cycle?)");
                return Err(ObjectError::Corrupt { path: self.packs[pack].path.clone(), detail });
            }
            let header = self.packs[pack].entry_header(offset)?;
            let link =
                |by_reference| Link { pack, entry_offset: offset, data_offset: header.data_offset, size: header.size, by_reference, inflated: None };
            match header.kind {
                EntryKind::Whole(kind) => {
                    let object = Object { kind, data: self.packs[pack].inflate(header.data_offset, header.size, &mut self.decompress)? };
                    self.cache.insert(pack, offset, &object);
                    break object;
                }
                EntryKind::OffsetDelta(base_offset) => {
                    chain.push(link(false));
                    offset = base_offset;
                }
                EntryKind::ReferenceDelta(base_id) => {
                    chain.push(link(true));
                    match self.locate(&base_id)? {
                        Location::Packed { pack: base_pack, offset: base_offset } => (pack, offset) = (base_pack, base_offset),
                        Location::Loose { file, path } => break read_loose(&file, &path, &mut self.decompress)?,
                    }
                }
            }
        };
        let mut object = base;
        for link in chain.into_iter().rev() {
            let pack = &self.packs[link.pack];
            let delta = match link.inflated {
                Some(data) => data,
                None => pack.inflate(link.data_offset, link.size, &mut self.decompress)?,
            };
            object.data = delta::apply(&object.data, &delta).map_err(|detail| ObjectError::Corrupt {
                path: pack.path.clone(),
                detail: format!("delta at offset {}: {detail}", link.entry_offset),
            })?;
            if link.by_reference {
                self.deltas.by_reference += 1;
            } else {
                self.deltas.by_offset += 1;
            }
            self.cache.insert(link.pack, link.entry_offset, &object);
        }
        Ok(object)
    }
}
