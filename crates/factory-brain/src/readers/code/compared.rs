//! The string constants consumer code compares a field it reads with: `order.status ===
//! 'DELIVERED'`, `"SHIPPED".equals(o.getStatus())`, `data["state"] != "open"`, and the labels of
//! a `switch`, `when` or `match` on the field (`switch evt.Reason { case "CLEARANCE": .. }`,
//! `when (order.status) { "X" -> .. }`, Python's `match`, C#'s and Rust's arms). Each read of
//! the field on that line keeps the constants, so the check can tell one the provider's enum
//! never holds: a branch that never runs, or runs on a value the provider renamed. A Go struct
//! field compared by its Go name (`evt.Reason`) is the field its struct declares with that name.
//! No parser: comparisons are found on one line, a switch's labels in its block.

use super::calls::enclosed_within;
use super::field_reads::Read;
use crate::model::naming_key;

/// Whether a text may compare anything with a string constant.
fn may_compare(text: &str) -> bool {
    text.contains("==") || text.contains("!=") || text.contains("quals") || text.contains("switch") || text.contains("when") || text.contains("match")
}

/// Calls that change a string's case, which a comparison may go through.
const CASE_CALLS: &[&str] = &["lower", "upper", "toLowerCase", "toUpperCase", "ToLower", "ToUpper", "ToLowerInvariant", "ToUpperInvariant", "lowercase", "uppercase", "as_str", "to_string", "name", "toString", "ToString", "value"];

/// Adds to each of `reads` the constants its line compares the field with.
pub(super) fn attach(extension: &str, text: &str, reads: &mut [Read]) {
    if reads.is_empty() || !may_compare(text) {
        return;
    }
    let mut line_start = 0;
    let mut found: Vec<(usize, String, Vec<String>)> = Vec::new();
    for (index, line) in text.split('\n').enumerate() {
        let start = line_start;
        line_start += line.len() + 1;
        let trimmed = line.trim_start();
        if trimmed.starts_with("//") || trimmed.starts_with('#') || trimmed.starts_with('*') {
            continue;
        }
        for (subject, values) in line_comparisons(line).into_iter().chain(switch_labels(extension, text, start, line)) {
            let values: Vec<String> = values.into_iter().filter(|value| is_constant(value)).collect();
            if !values.is_empty() {
                found.push((index + 1, subject, values));
            }
        }
    }
    for (line, subject, values) in found {
        let key = naming_key(&subject);
        let mut attached = false;
        for read in reads.iter_mut().filter(|read| read.line == line && read.declared_in.is_none() && naming_key(&read.field) == key) {
            read.compared.extend(values.iter().cloned());
            attached = true;
        }
        // Go compares a decoded struct's field by its Go name: the field of that name the file's
        // structs declare, where one wire name is declared under it.
        if !attached && extension == "go" && subject.starts_with(|first: char| first.is_ascii_uppercase()) {
            let lines: Vec<&str> = text.split('\n').collect();
            let declares = |read: &Read| read.declared_in.is_some() && lines.get(read.line - 1).is_some_and(|declaration| declaration.split_whitespace().next() == Some(subject.as_str()));
            let wires: std::collections::BTreeSet<&str> = reads.iter().filter(|read| declares(read)).map(|read| read.field.as_str()).collect();
            if wires.len() == 1 {
                for read in reads.iter_mut().filter(|read| declares(read)) {
                    read.compared.extend(values.iter().cloned());
                }
            }
        }
    }
    for read in reads.iter_mut().filter(|read| !read.compared.is_empty()) {
        read.compared.sort();
        read.compared.dedup();
    }
}

/// A constant an enum may hold: a word, maybe with `_`, `-`, `.` or `:`, holding a letter.
fn is_constant(value: &str) -> bool {
    (1..=64).contains(&value.len())
        && value.starts_with(|first: char| first.is_ascii_alphanumeric())
        && value.chars().all(|character| character.is_ascii_alphanumeric() || matches!(character, '_' | '-' | '.' | ':'))
        && value.chars().any(|character| character.is_ascii_alphabetic())
}

/// The quoted string starting at `at` (its quote), and where it ends.
fn quoted(line: &str, at: usize) -> Option<(&str, usize)> {
    let quote = line[at..].chars().next().filter(|quote| matches!(quote, '"' | '\''))?;
    let close = line[at + 1..].find(quote)? + at + 1;
    Some((&line[at + 1..close], close + 1))
}

/// The field an expression ending at `end` reads, its trailing calls that keep the value (a
/// case change, `.as_str()`) and a getter's `get` left out: `status` of `order.status`,
/// `order?.status`, `o.getStatus()`, `data["status"]`, `evt.Status`. A bare variable is none.
fn subject_before(line: &str, end: usize) -> Option<String> {
    let mut text = line[..end].trim_end();
    loop {
        text = text.trim_end_matches(['?', '!']);
        if let Some(inner) = text.strip_suffix(']') {
            let key = inner.trim_end();
            let quote = key.chars().last().filter(|quote| matches!(quote, '"' | '\''))?;
            let key = &key[..key.len() - 1];
            let open = key.rfind(quote)?;
            return Some(key[open + 1..].to_string()).filter(|key| !key.is_empty());
        }
        let called = text.strip_suffix("()");
        let name_end = called.unwrap_or(text);
        let name_start = name_end.rfind(|character: char| !(character.is_alphanumeric() || character == '_')).map_or(0, |at| at + 1);
        let name = &name_end[name_start..];
        let before = name_end[..name_start].trim_end_matches(['?', '!']);
        if name.is_empty() || !before.ends_with('.') {
            return None;
        }
        if called.is_some() && CASE_CALLS.contains(&name) {
            text = &before[..before.len() - 1];
            continue;
        }
        let getter = name.strip_prefix("get").or_else(|| name.strip_prefix("Get")).filter(|rest| called.is_some() && rest.starts_with(|first: char| first.is_ascii_uppercase()));
        return Some(match getter {
            Some(rest) if name.starts_with('g') => rest[..1].to_lowercase() + &rest[1..],
            Some(rest) => rest.to_string(),
            None => name.to_string(),
        });
    }
}

/// The end of the expression starting at `start` (a name's chain with its calls and keys).
fn expression_end(line: &str, start: usize) -> usize {
    let bytes = line.as_bytes();
    let mut at = start;
    while at < bytes.len() {
        match bytes[at] {
            b'(' | b'[' => match enclosed_within(line, at, 400) {
                Some((_, end)) => at = end,
                None => return at,
            },
            byte if byte.is_ascii_alphanumeric() || matches!(byte, b'_' | b'.' | b'?' | b'!' | b'$') => at += 1,
            _ => return at,
        }
    }
    at
}

/// The comparisons of a line: `x.f == "V"` and `"V" == x.f` (also `===`, `!=`, `!==`),
/// `x.f.equals("V")`, `"V".equals(x.f)` (`equalsIgnoreCase`, `Equals`).
fn line_comparisons(line: &str) -> Vec<(String, Vec<String>)> {
    let mut found = Vec::new();
    for (at, _) in line.match_indices("=").filter(|(at, _)| line[..*at].ends_with(['=', '!']) && !line[..*at - 1].ends_with('=')) {
        let operator_start = at - 1;
        let operator_end = at + 1 + usize::from(line[at + 1..].starts_with('='));
        let after = &line[operator_end..];
        let literal_at = operator_end + (after.len() - after.trim_start().len());
        if let Some((value, _)) = quoted(line, literal_at) {
            if let Some(subject) = subject_before(line, operator_start) {
                found.push((subject, vec![value.to_string()]));
            }
            continue;
        }
        // `"V" == x.f`
        let before = line[..operator_start].trim_end();
        if let Some(quote) = before.chars().last().filter(|quote| matches!(quote, '"' | '\'')) {
            let Some(open) = before[..before.len() - 1].rfind(quote) else { continue };
            let value = &before[open + 1..before.len() - 1];
            let end = expression_end(line, literal_at);
            if let Some(subject) = subject_before(line, end) {
                found.push((subject, vec![value.to_string()]));
            }
        }
    }
    for method in [".equals(", ".equalsIgnoreCase(", ".Equals("] {
        for (at, _) in line.match_indices(method) {
            let open = at + method.len() - 1;
            let Some((inner, _)) = enclosed_within(line, open, 400) else { continue };
            let inner = inner.trim();
            let receiver = line[..at].trim_end();
            match quoted(inner, 0) {
                // `x.f.equals("V")`
                Some((value, end)) if end == inner.len() => {
                    if let Some(subject) = subject_before(line, receiver.len()) {
                        found.push((subject, vec![value.to_string()]));
                    }
                }
                // `"V".equals(x.f)`
                _ => {
                    let Some(quote) = receiver.chars().last().filter(|quote| matches!(quote, '"' | '\'')) else { continue };
                    let Some(literal_open) = receiver[..receiver.len() - 1].rfind(quote) else { continue };
                    if let Some(subject) = subject_before(inner, inner.len()) {
                        found.push((subject, vec![receiver[literal_open + 1..receiver.len() - 1].to_string()]));
                    }
                }
            }
        }
    }
    found
}

/// A `switch`, `when` or `match` on a field starting this line (at `start` of `text`), and the
/// string labels of its cases: `case "A":`, `case "A", "B":`, `"A" ->`, `"A" | "B" =>`.
fn switch_labels(extension: &str, text: &str, start: usize, line: &str) -> Option<(String, Vec<String>)> {
    let trimmed = line.trim_start();
    let keyword = ["switch", "when", "match"].into_iter().find(|keyword| trimmed.starts_with(keyword) && !trimmed[keyword.len()..].starts_with(|c: char| c.is_alphanumeric() || c == '_'))?;
    let head = trimmed[keyword.len()..].trim_start();
    let offset = start + (line.len() - trimmed.len()) + keyword.len() + (trimmed.len() - keyword.len() - head.len());
    // The subject: parenthesized, or up to the block's `{` (Go, Rust) or Python's `:`.
    let (subject, after) = match head.strip_prefix('(') {
        Some(_) => {
            let (inner, end) = enclosed_within(text, offset, 400)?;
            (inner.trim(), end)
        }
        None => {
            let end = head.find(['{', '\n']).unwrap_or(head.len());
            let subject = head[..end].trim();
            let subject = if extension == "py" { subject.strip_suffix(':')? } else { subject };
            (subject.trim(), offset + end)
        }
    };
    let subject = subject_before(subject, subject.len())?;
    let body = match extension {
        "py" => {
            let indent = line.len() - trimmed.len();
            let block_start = start + line.len() + 1;
            let rest = text.get(block_start..)?;
            let end = rest
                .split_inclusive('\n')
                .scan(0usize, |length, piece| {
                    let body_line = piece.trim_end_matches('\n');
                    let deeper = body_line.trim().is_empty() || body_line.len() - body_line.trim_start().len() > indent;
                    *length += piece.len();
                    deeper.then_some(*length)
                })
                .last()
                .unwrap_or(0);
            &rest[..end]
        }
        _ => {
            let open = after + text[after..].find('{').filter(|at| !text[after..after + at].contains('\n'))?;
            enclosed_within(text, open, 20_000)?.0
        }
    };
    let mut values = Vec::new();
    for label_line in body.lines() {
        let label = label_line.trim_start();
        let label = match label.strip_prefix("case ") {
            Some(rest) => &rest[..rest.find([':', '{']).or_else(|| rest.find("->")).unwrap_or(rest.len())],
            None => match label.find("->").or_else(|| label.find("=>")) {
                Some(arrow) if label.starts_with(['"', '\'']) => &label[..arrow],
                _ => continue,
            },
        };
        let mut at = 0;
        while let Some(quote) = label[at..].find(['"', '\'']) {
            let Some((value, end)) = quoted(label, at + quote) else { break };
            values.push(value.to_string());
            at = end;
        }
    }
    (!values.is_empty()).then_some((subject, values))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compared(extension: &str, text: &str, field: &str, line: usize) -> Vec<String> {
        let mut reads = vec![Read::new(Some("x".into()), field.to_string(), line)];
        attach(extension, text, &mut reads);
        reads.remove(0).compared
    }

    #[test]
    fn comparisons_on_a_line_name_their_constants() {
        assert_eq!(compared("ts", "if (order.status === 'DELIVERED') {}\n", "status", 1), ["DELIVERED"]);
        assert_eq!(compared("py", "if data[\"state\"].lower() != \"open\":\n", "state", 1), ["open"]);
        assert_eq!(compared("java", "if (\"SHIPPED\".equals(o.getStatus())) {}\n", "status", 1), ["SHIPPED"]);
        assert_eq!(compared("java", "if (o.getStatus().equalsIgnoreCase(\"shipped\")) {}\n", "status", 1), ["shipped"]);
        assert_eq!(compared("cs", "if (\"Paid\" == order.Status) {}\n", "Status", 1), ["Paid"]);
        assert!(compared("ts", "if (status === 'DELIVERED') {}\n", "status", 1).is_empty(), "a bare variable");
        assert!(compared("ts", "const s = order.status; log('x == y')\n", "status", 1).is_empty(), "no comparison");
        assert!(compared("ts", "if (order.status === '') {}\n", "status", 1).is_empty(), "an empty string");
    }

    #[test]
    fn a_switchs_labels_are_its_subjects_constants() {
        let go = "switch evt.Reason {\ncase \"MANUAL\", \"PROMO\":\n\treturn 1\ncase \"CLEARANCE\":\n\treturn 2\n}\n";
        let mut reads = vec![Read { declared_in: Some("PriceChanged".into()), ..Read::new(Some("PriceChanged".into()), "reason".into(), 9) }];
        let text = format!("{go}type PriceChanged struct {{\n\tSku string `json:\"sku\"`\n\tReason string `json:\"reason\"`\n}}\n");
        reads[0].line = 9;
        attach("go", &text, &mut reads);
        assert_eq!(reads[0].compared, ["CLEARANCE", "MANUAL", "PROMO"]);
        let kotlin = "when (order.status) {\n    \"NEW\" -> 1\n    \"PAID\", \"SHIPPED\" -> 2\n    else -> 3\n}\n";
        assert_eq!(compared("kt", kotlin, "status", 1), ["NEW", "PAID", "SHIPPED"]);
        let python = "match order[\"status\"]:\n    case \"NEW\" | \"PAID\":\n        pass\n    case _:\n        pass\nx = 1\n";
        assert_eq!(compared("py", python, "status", 1), ["NEW", "PAID"]);
        let rust = "match shipment.status.as_str() {\n    \"LOST\" => 1,\n    _ => 2,\n}\n";
        assert_eq!(compared("rs", rust, "status", 1), ["LOST"]);
    }
}
