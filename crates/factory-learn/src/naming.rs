//! Field names across conventions: `created_at`, `createdAt`, `created-at` and `CreatedAt` are
//! one name spelled four ways. Also finds the property names code reads from objects.

/// The name with case and separators folded away: `createdAt` and `created_at` give `createdat`.
pub fn naming_key(name: &str) -> String {
    name.chars().filter(|c| c.is_ascii_alphanumeric()).map(|c| c.to_ascii_lowercase()).collect()
}

/// Property names that code reads: `x.name` (JavaScript), `x["name"]`, `x['name']`,
/// `x.get("name")` (Python, JavaScript maps). Returns each name with its 1-based line.
pub fn property_reads(source: &str) -> Vec<(String, usize)> {
    let mut reads = Vec::new();
    for (index, line) in source.lines().enumerate() {
        let line_number = index + 1;
        let trimmed = line.trim_start();
        if trimmed.starts_with('#') || trimmed.starts_with("//") || trimmed.starts_with("import ") || trimmed.starts_with("from ") {
            continue;
        }
        let bytes = line.as_bytes();
        let mut position = 0;
        while position < bytes.len() {
            let byte = bytes[position];
            // x.name where x ends in an identifier character or a closing bracket.
            if byte == b'.' && position > 0 && is_value_end(bytes[position - 1]) {
                let name = identifier_at(line, position + 1);
                let after = position + 1 + name.len();
                let is_call = bytes.get(after) == Some(&b'(');
                if !name.is_empty() && !is_call && !name.starts_with(|c: char| c.is_ascii_digit()) {
                    reads.push((name.to_string(), line_number));
                }
                position = after.max(position + 1);
                continue;
            }
            // x["name"] / x['name'] / .get("name")
            if (byte == b'[' || byte == b'(') && position > 0 && (is_value_end(bytes[position - 1]) || line[..position].ends_with(".get"))
                && let Some(quote @ (b'"' | b'\'')) = bytes.get(position + 1).copied() {
                    let start = position + 2;
                    if let Some(length) = line[start..].find(quote as char) {
                        let name = &line[start..start + length];
                        let closes = line[start + length + 1..].starts_with(if byte == b'[' { ']' } else { ')' });
                        let is_subscript = byte == b'[' || line[..position].ends_with(".get");
                        if closes && is_subscript && !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-') {
                            reads.push((name.to_string(), line_number));
                        }
                        position = start + length + 1;
                        continue;
                    }
                }
            position += 1;
        }
    }
    reads
}

fn is_value_end(byte: u8) -> bool {
    byte.is_ascii_alphanumeric() || byte == b'_' || byte == b')' || byte == b']' || byte == b'$'
}

fn identifier_at(line: &str, start: usize) -> &str {
    let rest = line.get(start..).unwrap_or_default();
    let end = rest.find(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '$')).unwrap_or(rest.len());
    &rest[..end]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conventions_fold_to_one_key() {
        for name in ["created_at", "createdAt", "created-at", "CreatedAt", "CREATED_AT"] {
            assert_eq!(naming_key(name), "createdat", "{name}");
        }
    }

    #[test]
    fn reads_are_found_in_javascript_and_python() {
        let javascript = "const when = new Date(order.createdAt);\nrow.dataset.id = order['id'];\nlist.push(x.total_cents.toFixed(2));\nconsole.log(order.status)\n// order.ignored\n";
        let python = "amount = order[\"total_cents\"]\nwhen = order.get(\"createdAt\")\nprint(len(orders))\n";
        insta::assert_debug_snapshot!((property_reads(javascript), property_reads(python)));
    }
}
