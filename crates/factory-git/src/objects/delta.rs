//! Git's delta format: two sizes (base, result) as little-endian base-128 varints, then
//! instructions that copy a range of the base or insert literal bytes.

/// Reads a delta size varint at `*at`, advancing past it. `None` when it runs off the end or
/// does not fit in 64 bits.
pub(crate) fn size_varint(bytes: &[u8], at: &mut usize) -> Option<u64> {
    let mut value: u64 = 0;
    let mut shift = 0u32;
    loop {
        let byte = *bytes.get(*at)?;
        *at += 1;
        if shift > 63 || (shift > 0 && u64::from(byte & 0x7f) >> (64 - shift) != 0) {
            return None;
        }
        value |= u64::from(byte & 0x7f) << shift;
        if byte & 0x80 == 0 {
            return Some(value);
        }
        shift += 7;
    }
}

/// The result size a delta declares, from its first bytes (the base size comes first).
pub(crate) fn result_size(delta_prefix: &[u8]) -> Option<u64> {
    let mut at = 0;
    size_varint(delta_prefix, &mut at)?;
    size_varint(delta_prefix, &mut at)
}

/// Applies `delta` to `base`. Every copy and insert is bounds-checked, and the result must be
/// exactly the size the delta declares.
pub(crate) fn apply(base: &[u8], delta: &[u8]) -> Result<Vec<u8>, String> {
    let mut at = 0;
    let base_size = size_varint(delta, &mut at).ok_or("delta has no base size")?;
    let result_size = size_varint(delta, &mut at).ok_or("delta has no result size")?;
    if base_size != base.len() as u64 {
        return Err(format!("delta expects a base of {base_size} bytes, the base has {}", base.len()));
    }
    let result_size = usize::try_from(result_size).map_err(|_| "delta result does not fit in memory")?;
    // Copies can expand a delta a lot, but not beyond this; a lying header cannot make us
    // allocate more upfront.
    let mut result = Vec::with_capacity(result_size.min(base.len().saturating_add(delta.len()).saturating_mul(2)));
    while at < delta.len() {
        let instruction = delta[at];
        at += 1;
        if instruction & 0x80 != 0 {
            let mut offset: usize = 0;
            for (bit, shift) in [(0x01, 0), (0x02, 8), (0x04, 16), (0x08, 24)] {
                if instruction & bit != 0 {
                    offset |= usize::from(*delta.get(at).ok_or("delta copy instruction is truncated")?) << shift;
                    at += 1;
                }
            }
            let mut size: usize = 0;
            for (bit, shift) in [(0x10, 0), (0x20, 8), (0x40, 16)] {
                if instruction & bit != 0 {
                    size |= usize::from(*delta.get(at).ok_or("delta copy instruction is truncated")?) << shift;
                    at += 1;
                }
            }
            if size == 0 {
                size = 0x10000;
            }
            let end = offset.checked_add(size).filter(|end| *end <= base.len()).ok_or("delta copies past the end of its base")?;
            if result.len() + size > result_size {
                return Err("delta produces more than its declared size".into());
            }
            result.extend_from_slice(&base[offset..end]);
        } else if instruction != 0 {
            let size = usize::from(instruction);
            let end = at.checked_add(size).filter(|end| *end <= delta.len()).ok_or("delta insert instruction is truncated")?;
            if result.len() + size > result_size {
                return Err("delta produces more than its declared size".into());
            }
            result.extend_from_slice(&delta[at..end]);
            at = end;
        } else {
            return Err("delta has a reserved zero instruction".into());
        }
    }
    if result.len() != result_size {
        return Err(format!("delta produced {} bytes, it declares {result_size}", result.len()));
    }
    Ok(result)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn varint(mut value: u64) -> Vec<u8> {
        let mut bytes = Vec::new();
        loop {
            let byte = (value & 0x7f) as u8;
            value >>= 7;
            if value == 0 {
                bytes.push(byte);
                return bytes;
            }
            bytes.push(byte | 0x80);
        }
    }

    fn delta(base_size: u64, result_size: u64, instructions: &[u8]) -> Vec<u8> {
        let mut bytes = varint(base_size);
        bytes.extend(varint(result_size));
        bytes.extend_from_slice(instructions);
        bytes
    }

    #[test]
    fn copies_and_inserts_build_the_result() {
        let base = b"hello brave new world";
        // copy "hello " (offset 0, size 6), insert "old", copy " world" (offset 15, size 6)
        let instructions = [0x90, 6, 3, b'o', b'l', b'd', 0x91, 15, 6];
        assert_eq!(apply(base, &delta(21, 15, &instructions)), Ok(b"hello old world".to_vec()));
        assert_eq!(result_size(&delta(21, 15, &instructions)), Some(15));
    }

    #[test]
    fn a_copy_of_size_zero_means_sixty_four_kib() {
        let base = vec![7u8; 0x10000];
        let result = apply(&base, &delta(0x10000, 0x10000, &[0x80])).expect("applies");
        assert_eq!(result, base);
    }

    #[test]
    fn large_sizes_and_offsets_use_every_byte() {
        let mut base = vec![0u8; 0x40000];
        base[0x20001] = 9;
        let instructions = [0x80 | 0x01 | 0x04 | 0x10 | 0x40, 0x01, 0x02, 0x02, 0x01];
        // offset 0x020001, size 0x010002
        let result = apply(&base, &delta(0x40000, 0x10002, &instructions)).expect("applies");
        assert_eq!(result.len(), 0x10002);
        assert_eq!(result[0], 9);
    }

    #[test]
    fn corrupt_deltas_are_errors() {
        let base = b"abc";
        assert!(apply(base, &delta(4, 3, &[0x90, 3])).is_err(), "wrong base size");
        assert!(apply(base, &delta(3, 3, &[0x91, 1, 3])).is_err(), "copy past the base");
        assert!(apply(base, &delta(3, 2, &[0x90, 3])).is_err(), "more than declared");
        assert!(apply(base, &delta(3, 4, &[0x90, 3])).is_err(), "less than declared");
        assert!(apply(base, &delta(3, 3, &[5, b'a'])).is_err(), "truncated insert");
        assert!(apply(base, &delta(3, 3, &[0x91])).is_err(), "truncated copy");
        assert!(apply(base, &delta(3, 0, &[0])).is_err(), "reserved instruction");
        assert!(apply(base, &[0x80]).is_err(), "truncated header");
        assert_eq!(size_varint(&[0xff; 11], &mut 0), None, "overlong varint");
        assert_eq!(size_varint(&varint(u64::MAX), &mut 0), Some(u64::MAX));
    }
}
