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
    let mut found: Vec<(usize, Subject, Vec<String>)> = Vec::new();
    for (index, line) in text.split('\n').enumerate() {
        let start = line_start;
        line_start += line.len() + 1;
        let trimmed = line.trim_start();
        if trimmed.starts_with("//") || trimmed.starts_with('#') || trimmed.starts_with('*') {
            continue;
        }
        let switches = switch_labels(extension, text, start, line).or_else(|| switch_expression_labels(extension, text, start, line));
        for (subject, values) in line_comparisons(line).into_iter().chain(switches) {
            let values: Vec<String> = values.into_iter().filter(|value| is_constant(value)).collect();
            if !values.is_empty() {
                found.push((index + 1, subject, values));
            }
        }
    }
    let lines = std::cell::LazyCell::new(|| text.split('\n').collect::<Vec<&str>>());
    for (line, subject, values) in found {
        let key = naming_key(&subject.field);
        let mut attached = false;
        // The read of that field from that holder (`order.status`, not `payment.status` beside it).
        let same_holder = |read: &Read| subject.holder.as_deref().is_none_or(|holder| read.holder.as_deref() == Some(holder));
        for read in reads.iter_mut().filter(|read| read.line == line && read.declared_in.is_none() && naming_key(&read.field) == key && same_holder(read)) {
            read.compared.extend(values.iter().cloned());
            attached = true;
        }
        // Go compares a decoded struct's field by its Go name: the field of that name a struct of
        // the file declares, where the holder is declared with that struct's type (`var evt
        // PriceChanged`, `func weight(evt PriceChanged)`).
        // C# compares a decoded record's property by its own name (`order.Status switch`, `var
        // order = await http.GetFromJsonAsync<OrderDto>(..)`), the record declaring it on its line.
        let typed = matches!(extension, "go" | "cs");
        let Some(holder) = subject.holder.as_deref().filter(|_| !attached && typed && subject.field.starts_with(|first: char| first.is_ascii_uppercase())) else { continue };
        let declares = |read: &Read| {
            let (Some(type_name), Some(declaration)) = (read.declared_in.as_deref(), lines.get(read.line - 1)) else { return false };
            match extension {
                "go" => declaration.split_whitespace().next() == Some(subject.field.as_str()) && holder_typed(text, holder, type_name),
                _ => declaration.split(|c: char| !(c.is_alphanumeric() || c == '_')).any(|word| word == subject.field) && csharp_holder_typed(text, holder, type_name),
            }
        };
        for read in reads.iter_mut().filter(|read| declares(read)) {
            read.compared.extend(values.iter().cloned());
        }
    }
    for read in reads.iter_mut().filter(|read| !read.compared.is_empty()) {
        read.compared.sort();
        read.compared.dedup();
    }
}

/// A compared field and the holder it is read from, when the expression names one (`order` of
/// `order.status`, `data` of `data["status"]`).
#[derive(Debug, Clone, PartialEq, Eq)]
struct Subject {
    holder: Option<String>,
    field: String,
}

/// Whether Go code declares `holder` with the struct `type_name`: `var evt PriceChanged`, a
/// parameter `evt PriceChanged` or `evt *PriceChanged`, `evt := PriceChanged{`.
fn holder_typed(text: &str, holder: &str, type_name: &str) -> bool {
    [format!("{holder} {type_name}"), format!("{holder} *{type_name}"), format!("{holder} := {type_name}{{"), format!("{holder} := &{type_name}{{")].iter().any(|declaration| text.contains(declaration.as_str()))
}

/// Whether C# code declares `holder` with the type `type_name` or assigns it what is decoded
/// into that type: `OrderDto order`, `OrderDto? order`, `var order = await
/// http.GetFromJsonAsync<OrderDto>(..)`, `JsonSerializer.Deserialize<OrderDto>(..)`.
fn csharp_holder_typed(text: &str, holder: &str, type_name: &str) -> bool {
    let declared = [format!("{type_name} {holder}"), format!("{type_name}? {holder}")].iter().any(|declaration| {
        super::calls::word_offsets(text, declaration).next().is_some()
    });
    let decoded = format!("<{type_name}>(");
    declared
        || text.lines().any(|line| {
            let line = line.trim_start().strip_prefix("var ").unwrap_or(line.trim_start());
            line.strip_prefix(holder).is_some_and(|rest| rest.trim_start().starts_with('=') && !rest.trim_start().starts_with("==")) && line.contains(decoded.as_str())
        })
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
/// `order?.status`, `o.getStatus()`, `data["status"]`, `evt.Status`, with the holder before it.
/// A bare variable is none.
fn subject_before(line: &str, end: usize) -> Option<Subject> {
    let mut text = line[..end].trim_end();
    loop {
        text = text.trim_end_matches(['?', '!']);
        if let Some(inner) = text.strip_suffix(']') {
            let key = inner.trim_end();
            let quote = key.chars().last().filter(|quote| matches!(quote, '"' | '\''))?;
            let key = &key[..key.len() - 1];
            let open = key.rfind(quote)?;
            let holder = key[..open].trim_end().strip_suffix('[').map(|before| name_before(before.trim_end_matches(['?', '!'])).to_string()).filter(|holder| !holder.is_empty());
            return Some(Subject { holder, field: key[open + 1..].to_string() }).filter(|subject| !subject.field.is_empty());
        }
        let called = text.strip_suffix("()");
        let name_end = called.unwrap_or(text);
        let name = name_before(name_end);
        let before = name_end[..name_end.len() - name.len()].trim_end_matches(['?', '!']);
        if name.is_empty() || !before.ends_with('.') {
            return None;
        }
        if called.is_some() && CASE_CALLS.contains(&name) {
            text = &before[..before.len() - 1];
            continue;
        }
        let getter = name.strip_prefix("get").or_else(|| name.strip_prefix("Get")).filter(|rest| called.is_some() && rest.starts_with(|first: char| first.is_ascii_uppercase()));
        let field = match getter {
            Some(rest) if name.starts_with('g') => rest[..1].to_lowercase() + &rest[1..],
            Some(rest) => rest.to_string(),
            None => name.to_string(),
        };
        let holder = name_before(before[..before.len() - 1].trim_end_matches(['?', '!']));
        return Some(Subject { holder: (!holder.is_empty()).then(|| holder.to_string()), field });
    }
}

/// The name `text` ends with (letters, digits, `_`, `$`), found by characters, never inside one.
fn name_before(text: &str) -> &str {
    let start = text.char_indices().rev().take_while(|(_, character)| character.is_alphanumeric() || *character == '_' || *character == '$').last().map_or(text.len(), |(at, _)| at);
    &text[start..]
}

/// Whether what follows a compared literal ends the comparison: not `'order.' + kind`.
fn ends_comparison(rest: &str) -> bool {
    rest.trim_start().chars().next().is_none_or(|next| matches!(next, ')' | '&' | '|' | ';' | ':' | '?' | '{' | ',' | ']' | '\r'))
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
/// `x.f.equals("V")`, `"V".equals(x.f)` (`equalsIgnoreCase`, `Equals`). A literal joined to
/// more (`'order.' + kind`) is no constant.
fn line_comparisons(line: &str) -> Vec<(Subject, Vec<String>)> {
    let mut found = Vec::new();
    for (at, _) in line.match_indices('=').filter(|(at, _)| line[..*at].ends_with(['=', '!']) && !line[..*at - 1].ends_with('=')) {
        let operator_start = at - 1;
        let operator_end = at + 1 + usize::from(line[at + 1..].starts_with('='));
        let after = &line[operator_end..];
        let literal_at = operator_end + (after.len() - after.trim_start().len());
        if let Some((value, end)) = quoted(line, literal_at) {
            if ends_comparison(&line[end..])
                && let Some(subject) = subject_before(line, operator_start)
            {
                found.push((subject, vec![value.to_string()]));
            }
            continue;
        }
        // `"V" == x.f`
        let before = line[..operator_start].trim_end();
        if let Some(quote) = before.chars().last().filter(|quote| matches!(quote, '"' | '\'')) {
            let Some(open) = before[..before.len() - 1].rfind(quote) else { continue };
            if before[..open].trim_end().ends_with(['+', '.']) {
                continue;
            }
            let value = &before[open + 1..before.len() - 1];
            let end = expression_end(line, literal_at);
            if ends_comparison(&line[end..])
                && let Some(subject) = subject_before(line, end)
            {
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
                    if receiver[..literal_open].trim_end().ends_with(['+', '.']) {
                        continue;
                    }
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
/// string labels of its own cases (not a nested switch's): `case "A":`, `case "A", "B":`, `"A"
/// ->`, `"A" | "B" =>`; the block's `{` on the line or the next (C#'s style).
fn switch_labels(extension: &str, text: &str, start: usize, line: &str) -> Option<(Subject, Vec<String>)> {
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
    let values = block_labels(extension, text, (start, line), after)?;
    Some((subject, values))
}

/// C#'s switch expression on a field ending this line, `return evt.FailureCode switch`, and the
/// string patterns of its arms on the lines after: `"a" or "b" => ..`, `"x" when .. => ..` (org
/// S's dunning-worker of the ninth planted-mismatch evaluation).
fn switch_expression_labels(extension: &str, text: &str, start: usize, line: &str) -> Option<(Subject, Vec<String>)> {
    if extension != "cs" {
        return None;
    }
    // `.. switch` ending the line, or `.. switch {` with the arms below.
    let end = line.trim_end();
    let keyword = end.strip_suffix('{').map_or(end, str::trim_end).strip_suffix("switch").filter(|before| before.ends_with(' '))?;
    let before = keyword.trim_end();
    let subject = subject_before(before, before.len())?;
    let values = block_labels(extension, text, (start, line), start + keyword.len() + "switch".len())?;
    Some((subject, values))
}

/// The string labels of the cases of the block opening at or after `after` (on the switch's
/// line or the next), at its own level; Python's block is the lines indented below `line`.
fn block_labels(extension: &str, text: &str, (start, line): (usize, &str), after: usize) -> Option<Vec<String>> {
    let trimmed = line.trim_start();
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
            let open = after + text[after..].find('{').filter(|at| text[after..after + at].trim().is_empty())?;
            enclosed_within(text, open, 20_000)?.0
        }
    };
    // Labels at the body's own level: brace depth 0, or Python's shallowest indentation.
    let indent = |body_line: &str| body_line.len() - body_line.trim_start().len();
    let case_indent = body.lines().filter(|body_line| !body_line.trim().is_empty()).map(indent).min().unwrap_or(0);
    let mut depth = 0i32;
    let mut values = Vec::new();
    for label_line in body.lines() {
        let own_level = match extension {
            "py" => indent(label_line) == case_indent,
            _ => depth == 0,
        };
        depth += label_line.matches('{').count() as i32 - label_line.matches('}').count() as i32;
        if !own_level {
            continue;
        }
        let label = label_line.trim_start();
        let label = match label.strip_prefix("case ") {
            Some(rest) => &rest[..rest.find([':', '{']).or_else(|| rest.find("->")).unwrap_or(rest.len())],
            None => match label.find("->").or_else(|| label.find("=>")) {
                Some(arrow) if label.starts_with(['"', '\'']) => &label[..arrow],
                _ => continue,
            },
        };
        // A guard's constants are no labels: C#'s `"late" when x.Region == "EU" =>`, Rust's `if`.
        let label = [" when ", " if "].iter().fold(label, |label, guard| label.split(guard).next().unwrap_or(label));
        let mut at = 0;
        while let Some(quote) = label[at..].find(['"', '\'']) {
            let Some((value, end)) = quoted(label, at + quote) else { break };
            values.push(value.to_string());
            at = end;
        }
    }
    (!values.is_empty()).then_some(values)
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
        assert_eq!(compared("ts", "if (x.status === 'DELIVERED') {}\n", "status", 1), ["DELIVERED"]);
        assert_eq!(compared("py", "if x[\"state\"].lower() != \"open\":\n", "state", 1), ["open"]);
        assert_eq!(compared("java", "if (\"SHIPPED\".equals(x.getStatus())) {}\n", "status", 1), ["SHIPPED"]);
        assert_eq!(compared("java", "if (x.getStatus().equalsIgnoreCase(\"shipped\")) {}\n", "status", 1), ["shipped"]);
        assert_eq!(compared("cs", "if (\"Paid\" == x.Status) {}\n", "Status", 1), ["Paid"]);
        assert!(compared("ts", "if (status === 'DELIVERED') {}\n", "status", 1).is_empty(), "a bare variable");
        assert!(compared("ts", "const s = x.status; log('x == y')\n", "status", 1).is_empty(), "no comparison");
        assert!(compared("ts", "if (x.status === '') {}\n", "status", 1).is_empty(), "an empty string");
    }

    /// A constant is the compared holder's (not another holder's field of the same name beside
    /// it), a literal joined to more is none, and text before it may hold any character.
    #[test]
    fn only_the_holders_own_whole_constants_count() {
        assert_eq!(compared("ts", "if (payment.status === 'CAPTURED' && x.status === 'PAID') {}\n", "status", 1), ["PAID"]);
        assert!(compared("ts", "if (x.type === 'order.' + kind) {}\n", "type", 1).is_empty(), "a concatenation");
        assert!(compared("ts", "if (prefix + 'x' == x.type) {}\n", "type", 1).is_empty(), "a concatenation on the left");
        assert_eq!(compared("py", "    \"\"\"True when “status” == 'PAID'.\"\"\"\n", "status", 1), Vec::<String>::new(), "a multi-byte character before the operator");
        assert_eq!(compared("js", "x = 1 // “kind” == 'x'\nif (x[\"kind\"] == 'y') {}\n", "kind", 2), ["y"]);
    }

    #[test]
    fn a_switchs_labels_are_its_subjects_constants() {
        let text = "func weight(evt PriceChanged) int {\nswitch evt.Reason {\ncase \"MANUAL\", \"PROMO\":\n\treturn 1\ncase \"CLEARANCE\":\n\treturn 2\n}\n}\ntype PriceChanged struct {\n\tSku string `json:\"sku\"`\n\tReason string `json:\"reason\"`\n}\n";
        let mut reads = vec![Read { declared_in: Some("PriceChanged".into()), ..Read::new(Some("PriceChanged".into()), "reason".into(), 11) }];
        attach("go", text, &mut reads);
        assert_eq!(reads[0].compared, ["CLEARANCE", "MANUAL", "PROMO"]);
        let untyped = text.replace("weight(evt PriceChanged)", "weight(evt Config)");
        let mut reads = vec![Read { declared_in: Some("PriceChanged".into()), ..Read::new(Some("PriceChanged".into()), "reason".into(), 11) }];
        attach("go", &untyped, &mut reads);
        assert!(reads[0].compared.is_empty(), "a holder of another type");
        let kotlin = "when (x.status) {\n    \"NEW\" -> 1\n    \"PAID\", \"SHIPPED\" -> 2\n    else -> 3\n}\n";
        assert_eq!(compared("kt", kotlin, "status", 1), ["NEW", "PAID", "SHIPPED"]);
        let python = "match x[\"status\"]:\n    case \"NEW\" | \"PAID\":\n        pass\n    case _:\n        pass\nx = 1\n";
        assert_eq!(compared("py", python, "status", 1), ["NEW", "PAID"]);
        let rust = "match x.status.as_str() {\n    \"LOST\" => 1,\n    _ => 2,\n}\n";
        assert_eq!(compared("rs", rust, "status", 1), ["LOST"]);
        let csharp = "switch (x.Status)\n{\n    case \"Paid\":\n        break;\n}\n";
        assert_eq!(compared("cs", csharp, "Status", 1), ["Paid"]);
        let expression = "return x.FailureCode switch\n{\n    \"expired\" or \"declined\" => 1,\n    \"late\" when x.Region == \"EU\" => 2,\n    _ => 3,\n};\n";
        assert_eq!(compared("cs", expression, "FailureCode", 1), ["declined", "expired", "late"]);
        assert!(compared("ts", &expression.replace("x.FailureCode", "x.failureCode"), "failureCode", 1).is_empty(), "C# only");
        let braced = expression.replace("switch\n{", "switch {");
        assert_eq!(compared("cs", &braced, "FailureCode", 1), ["declined", "expired", "late"], "the brace on the switch's line");
        let guarded = "match x.status.as_str() {\n    \"LOST\" if x.region == \"EU\" => 1,\n    _ => 2,\n}\n";
        assert_eq!(compared("rs", guarded, "status", 1), ["LOST"], "a Rust guard");
        let nested = "switch (x.getStatus()) {\n  case \"PAID\":\n    switch (p.getMethod()) {\n      case \"CARD\": break;\n    }\n    break;\n}\n";
        assert_eq!(compared("java", nested, "status", 1), ["PAID"], "a nested switch's labels are its own");
    }
}
