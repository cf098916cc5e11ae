//! Hand-built packs and indexes for what git rarely or never writes on its own: reference
//! deltas whose base is loose or in another pack (git itself only resolves bases in the same
//! pack, so it cannot serve as the reference here), offsets past 2 GiB, delta cycles.

use std::io::Write;
use std::os::unix::fs::FileExt;
use std::path::Path;

use super::pack::ID_LEN;
use super::parse::{parse_hex, to_hex};
use super::{ObjectDb, ObjectError, ObjectId, ObjectKind};
use crate::command::git;
use crate::read::TreeFile;

/// A version 2 index for `entries` (id, offset), which need not be sorted; offsets at or
/// above 2^31 go to the large-offset table.
pub(crate) fn build_index(entries: &[([u8; ID_LEN], u64)], pack_checksum: [u8; ID_LEN]) -> Vec<u8> {
    let mut entries = entries.to_vec();
    entries.sort();
    let mut bytes = vec![0xff, b't', b'O', b'c', 0, 0, 0, 2];
    for slot in 0..256usize {
        let below = entries.iter().filter(|(id, _)| usize::from(id[0]) <= slot).count() as u32;
        bytes.extend(below.to_be_bytes());
    }
    for (id, _) in &entries {
        bytes.extend_from_slice(id);
    }
    for _ in &entries {
        bytes.extend(0u32.to_be_bytes());
    }
    let mut large = Vec::new();
    for (_, offset) in &entries {
        if *offset >= 0x8000_0000 {
            bytes.extend((0x8000_0000u32 | large.len() as u32).to_be_bytes());
            large.push(*offset);
        } else {
            bytes.extend((*offset as u32).to_be_bytes());
        }
    }
    for offset in large {
        bytes.extend(offset.to_be_bytes());
    }
    bytes.extend_from_slice(&pack_checksum);
    bytes.extend_from_slice(&[0u8; ID_LEN]);
    bytes
}

/// A pack entry: type and size header, the base reference if any, zlib data.
fn entry(type_bits: u8, base: &[u8], data: &[u8]) -> Vec<u8> {
    let mut size = data.len() as u64;
    let mut bytes = vec![(type_bits << 4) | (size & 0x0f) as u8];
    size >>= 4;
    while size > 0 {
        *bytes.last_mut().expect("a byte") |= 0x80;
        bytes.push((size & 0x7f) as u8);
        size >>= 7;
    }
    bytes.extend_from_slice(base);
    let mut encoder = flate2::write::ZlibEncoder::new(&mut bytes, flate2::Compression::default());
    encoder.write_all(data).expect("compress");
    encoder.finish().expect("finish");
    bytes
}

/// The distance to an `OFS_DELTA` base, as git encodes it.
fn offset_distance(mut distance: u64) -> Vec<u8> {
    let mut bytes = vec![(distance & 0x7f) as u8];
    distance >>= 7;
    while distance > 0 {
        distance -= 1;
        bytes.push(0x80 | (distance & 0x7f) as u8);
        distance >>= 7;
    }
    bytes.reverse();
    bytes
}

/// A delta turning `base` into `base` followed by `appended`.
fn append_delta(base: &[u8], appended: &[u8]) -> Vec<u8> {
    let varint = |mut value: usize, bytes: &mut Vec<u8>| loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            bytes.push(byte);
            break;
        }
        bytes.push(byte | 0x80);
    };
    let mut delta = Vec::new();
    varint(base.len(), &mut delta);
    varint(base.len() + appended.len(), &mut delta);
    assert!(base.len() < 0x10000 && appended.len() < 0x80);
    delta.extend([0x80 | 0x10 | 0x20, (base.len() & 0xff) as u8, (base.len() >> 8) as u8]);
    delta.push(appended.len() as u8);
    delta.extend_from_slice(appended);
    delta
}

/// Writes `objects/pack/pack-<name>.{pack,idx}` with `entries` (id, offset, bytes); the pack is
/// as long as it must be (sparse where nothing is written).
fn write_pack(objects: &Path, name: &str, entries: &[(ObjectId, u64, Vec<u8>)]) {
    let directory = objects.join("pack");
    std::fs::create_dir_all(&directory).expect("pack dir");
    let checksum = [name.len() as u8 | 0x40; ID_LEN];
    let file = std::fs::File::create(directory.join(format!("pack-{name}.pack"))).expect("create pack");
    let mut header = b"PACK".to_vec();
    header.extend(2u32.to_be_bytes());
    header.extend((entries.len() as u32).to_be_bytes());
    file.write_all_at(&header, 0).expect("header");
    let mut end = 12;
    for (_, offset, bytes) in entries {
        file.write_all_at(bytes, *offset).expect("entry");
        end = end.max(offset + bytes.len() as u64);
    }
    file.write_all_at(&checksum, end).expect("checksum");
    let index: Vec<([u8; ID_LEN], u64)> = entries.iter().map(|(id, offset, _)| (*id, *offset)).collect();
    std::fs::write(directory.join(format!("pack-{name}.idx")), build_index(&index, checksum)).expect("write index");
}

/// A repository, and the id git gives `contents` as a blob (written loose when `store`).
fn blob_id(repo: &Path, contents: &[u8], store: bool) -> ObjectId {
    let args: &[&str] = if store { &["hash-object", "-w", "--stdin"] } else { &["hash-object", "--stdin"] };
    let text = git(repo).args(args).stdin(contents.to_vec()).run().expect("hash-object");
    parse_hex(&text).expect("an id")
}

fn base_contents() -> Vec<u8> {
    "a base line that deltas copy from\n".repeat(40).into_bytes()
}

#[test]
fn a_reference_delta_reads_its_base_from_a_loose_object() {
    let dir = tempfile::tempdir().expect("tempdir");
    crate::init(dir.path()).expect("init");
    let base = base_contents();
    let base_id = blob_id(dir.path(), &base, true);
    let result = [base.as_slice(), b"appended\n"].concat();
    let result_id = blob_id(dir.path(), &result, false);
    let objects = dir.path().join(".git/objects");
    write_pack(&objects, "loose-base", &[(result_id, 12, entry(7, &base_id, &append_delta(&base, b"appended\n")))]);

    let mut database = ObjectDb::open(dir.path()).expect("open");
    assert_eq!(database.read_object(&to_hex(&result_id)).expect("read"), (ObjectKind::Blob, result.clone()));
    assert_eq!(database.deltas_applied().by_reference, 1);
    // The size of a delta comes from the delta's own header, as ls-tree reports it.
    let line = format!("100644 blob {}\tresult.txt\n", to_hex(&result_id));
    let tree = git(dir.path()).args(["mktree", "--missing"]).stdin(line.into_bytes()).run().expect("mktree");
    let files = database.list_tree(&tree).expect("list");
    assert_eq!(files, [TreeFile { path: "result.txt".into(), blob: to_hex(&result_id), size: result.len() as u64 }]);
}

#[test]
fn reference_deltas_chain_across_packs() {
    let dir = tempfile::tempdir().expect("tempdir");
    crate::init(dir.path()).expect("init");
    let first = base_contents();
    let second = [first.as_slice(), b"two\n"].concat();
    let third = [second.as_slice(), b"three\n"].concat();
    let ids: Vec<ObjectId> = [&first, &second, &third].iter().map(|contents| blob_id(dir.path(), contents, false)).collect();
    let objects = dir.path().join(".git/objects");
    // third (pack a) -> second (pack b) -> first (pack a)
    let whole = entry(3, &[], &first);
    let third_offset = 12 + whole.len() as u64;
    write_pack(&objects, "a", &[(ids[0], 12, whole), (ids[2], third_offset, entry(7, &ids[1], &append_delta(&second, b"three\n")))]);
    write_pack(&objects, "b", &[(ids[1], 12, entry(7, &ids[0], &append_delta(&first, b"two\n")))]);

    let mut database = ObjectDb::open(dir.path()).expect("open");
    assert_eq!(database.read_object(&to_hex(&ids[2])).expect("read").1, third);
    assert_eq!(database.deltas_applied().by_reference, 2);
}

#[test]
fn offsets_past_two_gibibytes_use_the_large_offset_table() {
    let dir = tempfile::tempdir().expect("tempdir");
    crate::init(dir.path()).expect("init");
    let first = base_contents();
    let second = [first.as_slice(), b"far away\n"].concat();
    let third = [first.as_slice(), b"near\n"].concat();
    let ids: Vec<ObjectId> = [&first, &second, &third].iter().map(|contents| blob_id(dir.path(), contents, false)).collect();
    // first at the start, second far past 2 GiB as an offset delta against it (a four-byte
    // distance), third right after second as an offset delta against first too.
    let far = 0x8000_0000u64 + 0x1234;
    let second_entry = entry(6, &offset_distance(far - 12), &append_delta(&first, b"far away\n"));
    let third_offset = far + second_entry.len() as u64;
    let third_entry = entry(6, &offset_distance(third_offset - 12), &append_delta(&first, b"near\n"));
    write_pack(
        &dir.path().join(".git/objects"),
        "large",
        &[(ids[0], 12, entry(3, &[], &first)), (ids[1], far, second_entry), (ids[2], third_offset, third_entry)],
    );

    let mut database = ObjectDb::open(dir.path()).expect("open");
    assert_eq!(database.read_object(&to_hex(&ids[1])).expect("read far").1, second);
    assert_eq!(database.read_object(&to_hex(&ids[2])).expect("read after far").1, third);
    assert_eq!(database.deltas_applied().by_offset, 2);
}

#[test]
fn delta_cycles_and_bad_base_offsets_are_errors() {
    let dir = tempfile::tempdir().expect("tempdir");
    crate::init(dir.path()).expect("init");
    let (first, second) = ([0x11u8; ID_LEN], [0x22u8; ID_LEN]);
    let delta = append_delta(b"x", b"y");
    let first_entry = entry(7, &second, &delta);
    let second_offset = 12 + first_entry.len() as u64;
    let self_offset = second_offset + entry(7, &first, &delta).len() as u64;
    let (third, fourth) = ([0x33u8; ID_LEN], [0x44u8; ID_LEN]);
    let self_entry = entry(6, &offset_distance(0), &delta);
    let before_start_offset = self_offset + self_entry.len() as u64;
    write_pack(
        &dir.path().join(".git/objects"),
        "cycle",
        &[
            (first, 12, first_entry),
            (second, second_offset, entry(7, &first, &delta)),
            (third, self_offset, self_entry),
            (fourth, before_start_offset, entry(6, &offset_distance(before_start_offset), &delta)),
        ],
    );
    let mut database = ObjectDb::open(dir.path()).expect("open");
    for id in [first, third, fourth] {
        let error = database.read_object(&to_hex(&id)).expect_err("corrupt");
        assert!(matches!(error, ObjectError::Corrupt { .. }), "{error}");
    }
}
