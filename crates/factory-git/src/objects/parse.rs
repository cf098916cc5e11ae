//! Reading the parts of tree, commit and tag objects this crate needs, and printing a commit
//! time the way `git log --format=%cI` does.

use super::ObjectId;
use super::pack::ID_LEN;

/// One entry of a tree object: `<octal mode> SP <name> NUL <20-byte id>`.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct TreeEntry<'a> {
    pub(crate) mode: u32,
    pub(crate) name: &'a [u8],
    pub(crate) id: ObjectId,
}

/// What a tree entry's mode makes it, as git decides (`canon_mode`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum EntryType {
    Tree,
    File,
    Symlink,
    /// A submodule commit (and any mode git does not recognise, which it treats the same).
    Gitlink,
}

impl TreeEntry<'_> {
    pub(crate) fn entry_type(&self) -> EntryType {
        match self.mode & 0o170000 {
            0o040000 => EntryType::Tree,
            0o100000 => EntryType::File,
            0o120000 => EntryType::Symlink,
            _ => EntryType::Gitlink,
        }
    }
}

/// The entry of `tree` starting at `*at`, advancing past it.
pub(crate) fn next_tree_entry<'a>(tree: &'a [u8], at: &mut usize) -> Result<TreeEntry<'a>, String> {
    let rest = &tree[*at..];
    let space = rest.iter().position(|byte| *byte == b' ').ok_or("tree entry has no mode")?;
    if space == 0 || space > 7 {
        return Err("tree entry mode is malformed".into());
    }
    let mut mode = 0u32;
    for digit in &rest[..space] {
        if !(b'0'..=b'7').contains(digit) {
            return Err("tree entry mode is not octal".into());
        }
        mode = mode * 8 + u32::from(digit - b'0');
    }
    let name_start = space + 1;
    let name_length = rest[name_start..].iter().position(|byte| *byte == 0).ok_or("tree entry name is not terminated")?;
    if name_length == 0 {
        return Err("tree entry has an empty name".into());
    }
    let id_start = name_start + name_length + 1;
    let id_bytes = rest.get(id_start..id_start + ID_LEN).ok_or("tree entry id is truncated")?;
    let mut id = [0u8; ID_LEN];
    id.copy_from_slice(id_bytes);
    *at += id_start + ID_LEN;
    Ok(TreeEntry { mode, name: &rest[name_start..name_start + name_length], id })
}

/// The header lines of a commit or tag (before the first empty line).
fn header_lines(object: &[u8]) -> impl Iterator<Item = &[u8]> {
    object.split(|byte| *byte == b'\n').take_while(|line| !line.is_empty())
}

/// The id a header line `<name> <hex id>` names, for the first such line.
fn header_id(object: &[u8], name: &[u8]) -> Option<ObjectId> {
    header_lines(object).find_map(|line| {
        let value = line.strip_prefix(name)?.strip_prefix(b" ")?;
        parse_hex(std::str::from_utf8(value).ok()?)
    })
}

/// The tree a commit points to (its first header line).
pub(crate) fn commit_tree(commit: &[u8]) -> Option<ObjectId> {
    let first = header_lines(commit).next()?;
    parse_hex(std::str::from_utf8(first.strip_prefix(b"tree ")?).ok()?)
}

/// The object a tag points to.
pub(crate) fn tag_target(tag: &[u8]) -> Option<ObjectId> {
    header_id(tag, b"object")
}

/// The committer time of a commit as `git log --format=%cI` prints it, or `None` when the
/// committer line is missing or unusual (then git should be asked).
pub(crate) fn committer_time(commit: &[u8]) -> Option<String> {
    let line = header_lines(commit).find_map(|line| line.strip_prefix(b"committer "))?;
    let after_email = &line[line.iter().rposition(|byte| *byte == b'>')? + 1..];
    let text = std::str::from_utf8(after_email).ok()?;
    let mut parts = text.split_ascii_whitespace();
    let (timestamp, zone) = (parts.next()?, parts.next()?);
    if parts.next().is_some() || !timestamp.bytes().all(|byte| byte.is_ascii_digit()) || timestamp.len() > 12 {
        return None;
    }
    iso_strict(timestamp.parse().ok()?, zone)
}

/// The latest time this printer handles (9999-12-31T23:59:59Z); later ones go to git.
const LAST_TIMESTAMP: i64 = 253_402_300_799;

/// `timestamp` (seconds since the epoch) shown in the `±HHMM` zone `zone`, in git's strict ISO
/// 8601 form: `2026-03-04T05:06:07+05:30`, or a `Z` suffix for a zero offset.
pub(crate) fn iso_strict(timestamp: i64, zone: &str) -> Option<String> {
    let bytes = zone.as_bytes();
    if bytes.len() != 5 || !bytes[1..].iter().all(u8::is_ascii_digit) {
        return None;
    }
    let sign = match bytes[0] {
        b'+' => 1,
        b'-' => -1,
        _ => return None,
    };
    let hours = i64::from(bytes[1] - b'0') * 10 + i64::from(bytes[2] - b'0');
    let minutes = i64::from(bytes[3] - b'0') * 10 + i64::from(bytes[4] - b'0');
    let local = timestamp + sign * (hours * 60 + minutes) * 60;
    if !(0..=LAST_TIMESTAMP).contains(&timestamp) || local < 0 {
        return None;
    }
    let (year, month, day) = civil_from_days(local.div_euclid(86_400));
    let seconds = local.rem_euclid(86_400);
    let mut text = format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}", seconds / 3600, seconds / 60 % 60, seconds % 60);
    if hours == 0 && minutes == 0 {
        text.push('Z');
    } else {
        text.push_str(&format!("{}{hours:02}:{minutes:02}", if sign > 0 { '+' } else { '-' }));
    }
    Some(text)
}

/// The proleptic Gregorian date `days` after 1970-01-01 (Howard Hinnant's `civil_from_days`).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let shifted = days + 719_468;
    let era = shifted.div_euclid(146_097);
    let day_of_era = shifted.rem_euclid(146_097);
    let year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 { month_from_march + 3 } else { month_from_march - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// A 40-digit hex id (either case).
pub(crate) fn parse_hex(text: &str) -> Option<ObjectId> {
    let bytes = text.as_bytes();
    if bytes.len() != ID_LEN * 2 {
        return None;
    }
    let mut id = [0u8; ID_LEN];
    for (slot, pair) in id.iter_mut().zip(bytes.chunks_exact(2)) {
        let high = (pair[0] as char).to_digit(16)?;
        let low = (pair[1] as char).to_digit(16)?;
        *slot = (high * 16 + low) as u8;
    }
    Some(id)
}

/// The lowercase hex form of `id`.
pub(crate) fn to_hex(id: &ObjectId) -> String {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut text = String::with_capacity(ID_LEN * 2);
    for byte in id {
        text.push(char::from(DIGITS[usize::from(byte >> 4)]));
        text.push(char::from(DIGITS[usize::from(byte & 0x0f)]));
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times_print_like_git_strict_iso() {
        assert_eq!(iso_strict(1_772_580_967, "+0530").as_deref(), Some("2026-03-04T05:06:07+05:30"));
        assert_eq!(iso_strict(1_772_600_767, "+0000").as_deref(), Some("2026-03-04T05:06:07Z"));
        assert_eq!(iso_strict(1_772_600_767, "-0000").as_deref(), Some("2026-03-04T05:06:07Z"));
        assert_eq!(iso_strict(0, "-0130"), None, "before the epoch in local time");
        assert_eq!(iso_strict(951_782_400, "+0000").as_deref(), Some("2000-02-29T00:00:00Z"));
        assert_eq!(iso_strict(951_782_399, "-0100").as_deref(), Some("2000-02-28T22:59:59-01:00"));
        assert_eq!(iso_strict(LAST_TIMESTAMP, "+0000").as_deref(), Some("9999-12-31T23:59:59Z"));
        assert_eq!(iso_strict(1, "0000"), None);
        assert_eq!(iso_strict(1, "+00:00"), None);
    }

    #[test]
    fn committer_lines_give_their_time() {
        let commit =
            b"tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor A <a@x> 1 +0000\ncommitter C D <c@x> 1772580967 +0530\n\ncommitter 5 +0000\n";
        assert_eq!(committer_time(commit).as_deref(), Some("2026-03-04T05:06:07+05:30"));
        assert_eq!(commit_tree(commit).map(|id| to_hex(&id)).as_deref(), Some("4b825dc642cb6eb9a060e54bf8d69288fbee4904"));
        assert_eq!(committer_time(b"tree x\n\ncommitter C <c> 1 +0000\n"), None, "only headers count");
        assert_eq!(committer_time(b"committer C <c> -1 +0000\n"), None);
    }

    #[test]
    fn tree_entries_parse_and_reject_garbage() {
        let mut tree = b"100644 a.txt\0".to_vec();
        tree.extend([1u8; ID_LEN]);
        tree.extend(b"40000 dir\0");
        tree.extend([2u8; ID_LEN]);
        let mut at = 0;
        let first = next_tree_entry(&tree, &mut at).expect("first");
        assert_eq!((first.mode, first.name, first.entry_type()), (0o100644, b"a.txt".as_slice(), EntryType::File));
        let second = next_tree_entry(&tree, &mut at).expect("second");
        assert_eq!((second.name, second.id, second.entry_type()), (b"dir".as_slice(), [2u8; ID_LEN], EntryType::Tree));
        assert_eq!(at, tree.len());
        for garbage in [&b"100644 a"[..], b"1006x4 a\0", b"100644 \0", b"100644 a\0short", b" a\0"] {
            assert!(next_tree_entry(garbage, &mut 0).is_err(), "{garbage:?}");
        }
    }

    #[test]
    fn hex_ids_round_trip() {
        let text = "0123456789abcdef0123456789ABCDEF01234567";
        let id = parse_hex(text).expect("hex");
        assert_eq!(to_hex(&id), text.to_ascii_lowercase());
        assert_eq!(parse_hex("0123"), None);
        assert_eq!(parse_hex(&"g".repeat(40)), None);
    }
}
