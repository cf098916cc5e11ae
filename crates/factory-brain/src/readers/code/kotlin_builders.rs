//! protobuf-kotlin's DSL builders: `listRewardsRequest { this.memberId = id; pageSize = 50 }`
//! builds a `ListRewardsRequest`, setting the fields its top-level statements assign. Each set
//! field becomes a read of a value the code builds, held by the message's type, so the check
//! can tell a field the provider's message does not have (rewards-kt of the sixth planted-
//! mismatch evaluation set `category`, which loyalty-svc's `ListRewardsRequest` lacks).
//!
//! A builder counts only where the file imports it (`import com.acme.loyalty.v1.listRewardsRequest`,
//! as the generated `*Kt` files are imported): Kotlin's own scope functions (`apply { }`,
//! `buildList { }`) and the code's own lambdas are never imported that way.

use super::calls::{enclosed, enclosed_within, Lines};
use super::field_reads::Read;

/// The fields the file's imported protobuf-kotlin builders set, as built reads of their types.
pub(super) fn reads(text: &str, lines: &Lines<'_>) -> Vec<Read> {
    let mut found = Vec::new();
    if !text.contains("import ") || !text.contains('{') {
        return found;
    }
    for builder in imported_builders(text) {
        let type_name = upper_first(builder);
        let mut from = 0;
        while let Some(at) = text[from..].find(builder).map(|at| from + at) {
            from = at + builder.len();
            let before_ok = text[..at].chars().next_back().is_none_or(|character| !(character.is_alphanumeric() || character == '_' || character == '.'));
            let rest = &text[from..];
            let open = from + (rest.len() - rest.trim_start().len());
            if !before_ok || !text[open..].starts_with('{') || lines.is_comment(at) {
                continue;
            }
            let Some((inner, _)) = enclosed_within(text, open, 4000) else { continue };
            let inner_start = open + 1;
            for (field, offset) in assignments(inner) {
                let mut read = Read::new(Some(type_name.clone()), field.to_string(), lines.number(inner_start + offset));
                read.built = true;
                found.push(read);
            }
        }
    }
    found
}

/// The lowercase names the file imports from a package (`import a.b.listRewardsRequest`),
/// which protobuf-kotlin generates one of per message.
fn imported_builders(text: &str) -> Vec<&str> {
    text.lines()
        .filter_map(|line| line.trim().strip_prefix("import "))
        .filter_map(|path| path.trim().trim_end_matches(';').rsplit('.').next())
        .filter(|name| name.starts_with(|character: char| character.is_ascii_lowercase()) && name.len() > 3 && name.chars().all(|character| character.is_ascii_alphanumeric()) && name.chars().any(|character| character.is_ascii_uppercase()))
        .collect()
}

/// The fields a builder block's top-level statements assign (`this.memberId = ..`,
/// `pageSize = 50`, `if (x) category = ".."`), with their offsets in `block`.
fn assignments(block: &str) -> Vec<(&str, usize)> {
    let bytes = block.as_bytes();
    let mut found = Vec::new();
    let mut depth = 0i32;
    let mut start = 0;
    for index in 0..=bytes.len() {
        let byte = bytes.get(index).copied().unwrap_or(b'\n');
        match byte {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' => depth -= 1,
            b'\n' | b';' if depth == 0 => {
                let statement = &block[start..index];
                let trimmed = statement.trim_start();
                let mut offset = start + (statement.len() - trimmed.len());
                let mut body = trimmed;
                // `if (travelOnly) category = "travel"`: the assignment after the condition.
                if let Some(condition) = body.strip_prefix("if") {
                    let condition_trimmed = condition.trim_start();
                    if condition_trimmed.starts_with('(')
                        && let Some((_, end)) = enclosed(condition_trimmed, 0)
                    {
                        let after = &condition_trimmed[end..];
                        let after_trimmed = after.trim_start();
                        offset += body.len() - after_trimmed.len();
                        body = after_trimmed;
                    }
                }
                let body_start = body.strip_prefix("this.").unwrap_or(body);
                offset += body.len() - body_start.len();
                let name_end = body_start.find(|character: char| !(character.is_ascii_alphanumeric() || character == '_')).unwrap_or(body_start.len());
                let name = &body_start[..name_end];
                let after = body_start[name_end..].trim_start();
                if name.starts_with(|character: char| character.is_ascii_lowercase()) && after.starts_with('=') && !after.starts_with("==") {
                    found.push((name, offset));
                }
                start = index + 1;
            }
            _ => {}
        }
    }
    found
}

fn upper_first(name: &str) -> String {
    let mut characters = name.chars();
    characters.next().map(|first| first.to_ascii_uppercase().to_string() + characters.as_str()).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields(text: &str) -> Vec<(String, String, usize)> {
        reads(text, &Lines::new(text)).into_iter().map(|read| (read.holder.unwrap_or_default(), read.field, read.line)).collect()
    }

    #[test]
    fn fields_set_in_imported_builders() {
        let kotlin = "import com.acme.loyalty.v1.listRewardsRequest\nimport kotlinx.coroutines.flow.toList\n\nfun f(id: String, travel: Boolean) = loyalty.listRewards(listRewardsRequest {\n    this.memberId = id\n    pageSize = 50\n    if (travel) category = \"travel\"\n    tags += listOf(\"a\")\n    if (x == 1) { other = 2 }\n})\nval l = listOf(1).apply { size2 = 3 }\nfun g() = listRewardsRequest { pageToken = t; pageSize = 10 }\n";
        assert_eq!(
            fields(kotlin),
            [
                ("ListRewardsRequest".to_string(), "memberId".to_string(), 5),
                ("ListRewardsRequest".to_string(), "pageSize".to_string(), 6),
                ("ListRewardsRequest".to_string(), "category".to_string(), 7),
                ("ListRewardsRequest".to_string(), "pageToken".to_string(), 12),
                ("ListRewardsRequest".to_string(), "pageSize".to_string(), 12),
            ]
        );
    }
}
