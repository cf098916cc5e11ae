//! Functions of the code's own that hand back what a call answered, and the holders assigned
//! what such a function returns, so a read in one file is checked against the response a
//! wrapper in another file fetched. The seventh planted-mismatch evaluation's org J:
//! shipping-py's labels.py reads `order["shippingAddress"]["state"]` after `order =
//! orders.get_order(order_id)`, whose `def get_order(..)` in clients/orders.py ends `resp =
//! self.session.get(..)` with `return resp.json()`; org L: dispatch-go's `s, err :=
//! p.ships.Get(ctx, id)` over `return c.api.GetShipment(ctx, ..)`, notify-py's `shipment =
//! get_shipment(id)` over `return stub.GetShipment(..)`. The reader names both sides (a
//! `returns` edge per wrapper, [`Binding::Returned`] per holder); resolution joins them within
//! a component.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;

use super::statements::{enclosing_def, scope_end, statement};
use super::{head, Bindings, CallSite, Head, Syntax};
use crate::model::Binding;
use crate::readers::code::calls::{enclosed_within, word_offsets, Lines};

/// A braced function declared as a variable holding an arrow function or a function
/// expression: `export const getOrder = async (id: string): Promise<Order> => {`.
static ARROW: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?:const|let|var|val)\s+([A-Za-z_$][\w$]*)\s*(?::[^=\n]+)?=\s*(?:async\s*)?(?:function\s*\w*\s*)?(?:\([^()]*\)|[A-Za-z_$][\w$]*)\s*(?::[^=\n{]+)?(?:=>)?\s*\{").expect("a valid regex"));
/// Receivers whose calls are an HTTP library's or a store's, never a wrapper of the code's own.
const LIBRARIES: &[&str] = &[
    "http", "https", "requests", "httpx", "aiohttp", "axios", "urllib", "session", "fetch", "got", "superagent", "ky", "resttemplate", "webclient", "httpclient", "json", "os",
    "db", "redis", "cache", "pool", "cursor", "repo", "repository", "store", "dao", "fmt", "strings", "strconv", "math", "time", "datetime", "re", "object", "array", "promise", "path",
];
/// Function names that take a response's body out of it or convert a value, never a wrapper;
/// and Vue's macros giving a component its own props (`props.product.stockStatus` of a
/// `defineProps<{ product: Product }>()` reads a `product`, storefront-web of the ninth
/// planted-mismatch evaluation's org R).
const NOT_WRAPPERS: &[&str] = &["json", "text", "data", "body", "content", "getBody", "get", "post", "put", "patch", "delete", "request", "send", "parse", "loads", "load", "dumps", "defineProps", "withDefaults"];

/// The name a line starts by assigning (`order = `, `const order = `, `s, err := `, `val order:
/// Order = `, Java's `Order order = `), and where it stands in the line.
fn assigned_at_line_start(line: &str) -> Option<(usize, &str)> {
    let is_word = |character: char| character.is_ascii_alphanumeric() || character == '_' || character == '$';
    let mut rest = line.trim_start();
    for keyword in ["export ", "const ", "let ", "var ", "val ", "final ", "auto "] {
        rest = rest.strip_prefix(keyword).unwrap_or(rest).trim_start();
    }
    let mut length = rest.find(|character: char| !is_word(character)).unwrap_or(rest.len());
    // A declared type before the name: `Order order = `, `List<Order> orders = `.
    let after_type = rest[length..].trim_start_matches(|character: char| matches!(character, '<' | '>' | '[' | ']' | '?') || is_word(character));
    let typed = after_type.trim_start();
    if length > 0 && typed.len() < after_type.len() && typed.starts_with(|character: char| character.is_ascii_lowercase() || character == '_') {
        rest = typed;
        length = rest.find(|character: char| !is_word(character)).unwrap_or(rest.len());
    }
    let name = &rest[..length];
    if length == 0 || !name.starts_with(|first: char| first.is_ascii_lowercase() || first == '_') {
        return None;
    }
    let mut after = rest[length..].trim_start();
    // Go's and Python's `s, err :=`; an annotation `: Order`.
    if let Some(second) = after.strip_prefix(',') {
        after = second.trim_start().trim_start_matches(|character: char| character.is_ascii_alphanumeric() || character == '_').trim_start();
    } else if let Some(annotation) = after.strip_prefix(':').filter(|annotation| !annotation.starts_with('=')) {
        after = annotation.find('=').map_or("", |equals| &annotation[equals..]);
    }
    let assigns = after.strip_prefix(":=").or_else(|| after.strip_prefix('=')).is_some_and(|value| !value.starts_with(['=', '>']));
    assigns.then(|| (line.len() - rest.len(), name))
}

/// The names lines of `text` start by assigning the call of a named function to
/// ([`assigned_at_line_start`], [`called_name`]) that the code reads: among `read`, or with a
/// dot (a short name such as `s` the line pass leaves out, a file whose words did not say it
/// receives data). One pass over the lines, and over the text's words only for names not in `read`.
pub(in crate::readers::code) fn assigned_names<'a>(text: &'a str, read: &BTreeSet<&'a str>) -> BTreeSet<&'a str> {
    let candidates: BTreeSet<&str> = text
        .lines()
        .filter_map(|line| {
            let (column, name) = assigned_at_line_start(line)?;
            let value = &line[column + name.len()..];
            let value = &value[value.find('=')? + 1..];
            called_name(value).map(|_| name)
        })
        .collect();
    let mut names: BTreeSet<&str> = candidates.intersection(read).copied().collect();
    if names.len() == candidates.len() {
        return names;
    }
    let bytes = text.as_bytes();
    let is_word = |byte: u8| byte.is_ascii_alphanumeric() || byte == b'_' || byte == b'$';
    let mut at = 0;
    while at < bytes.len() {
        if !is_word(bytes[at]) {
            at += 1;
            continue;
        }
        let end = at + bytes[at..].iter().position(|byte| !is_word(*byte)).unwrap_or(bytes.len() - at);
        if bytes.get(end) == Some(&b'.') && candidates.contains(&text[at..end]) {
            names.insert(&text[at..end]);
        }
        at = end;
    }
    names
}

/// Whether the statement `text` returns its value (`return resp.json()`, `return await ..`).
pub(super) fn returns(text: &str) -> bool {
    text.trim_start().strip_prefix("return").is_some_and(|rest| rest.starts_with(char::is_whitespace))
}

/// Where in `masked[from..to]` a statement returns `holder` as it is (`return order`).
pub(super) fn returned_as_is(masked: &str, holder: &str, (from, to): (usize, usize)) -> Option<usize> {
    let region = &masked[from.min(to)..to];
    word_offsets(region, holder).map(|at| from + at).find(|&at| {
        let before = masked[..at].trim_end();
        let after = masked[at + holder.len()..].trim_start_matches([' ', '\t', ';', '\r']);
        // Nothing after it on the line (comment lines are blanked, a trailing comment is not).
        let ends = after.is_empty() || after.starts_with(['\n', '}', '#']) || after.starts_with("//");
        before.ends_with("return") && returns(&masked[masked[..at].rfind('\n').map_or(0, |found| found + 1)..at + holder.len()]) && ends
    })
}

/// The function holding `offset` that the statement there returns from: Python's `def`, Go's
/// `func`, a braced language's method or a variable holding a function.
pub(super) fn function_name<'a>(masked: &'a str, offset: usize, syntax: Syntax, extension: &str) -> Option<&'a str> {
    match syntax {
        Syntax::Python => {
            let (start, _) = enclosing_def(masked, offset)?;
            let line = masked[start..].trim_start();
            let rest = line.strip_prefix("async ").unwrap_or(line).strip_prefix("def ")?.trim_start();
            let end = rest.find(|character: char| !(character.is_alphanumeric() || character == '_'))?;
            (end > 0).then(|| &rest[..end])
        }
        Syntax::Braces => {
            // TanStack Query's `queryFn: () => fetchSlots(..)`: the hook around it returns a
            // query, whose `data` holds the answer (`slots.data?.slots` of `useSlots(..)`, the
            // tenth planted-mismatch evaluation's patient-app), not the answer itself.
            static QUERY_FUNCTION: LazyLock<Regex> =
                LazyLock::new(|| Regex::new(r"\b(?:queryFn|mutationFn)\s*:\s*(?:async\s*)?(?:\([^()]*\)|\w+)\s*=>\s*(?:await\s+)?$").expect("a valid regex"));
            if QUERY_FUNCTION.is_match(&masked[masked.floor_char_boundary(offset.saturating_sub(200))..offset]) {
                return None;
            }
            // Within the 20,000 bytes before it: a file of thousands of wrappers is read once over.
            let from = masked.floor_char_boundary(offset.saturating_sub(20_000));
            let declared = crate::readers::code::parameters::enclosing_function(extension, &masked[from..], offset - from).filter(|function| !matches!(function.name, "async" | "function"));
            // The innermost of a declared function and a function-holding variable.
            let arrow = ARROW
                .captures_iter(&masked[from..offset])
                .filter_map(|captures| Some((captures.get(1)?, captures.get(0)?)))
                .map(|(name, whole)| (from + name.start(), name.as_str(), from + whole.end() - 1))
                .filter(|(_, _, brace)| enclosed_within(masked, *brace, 200_000).is_some_and(|(_, end)| end > offset))
                .last();
            match (declared, arrow) {
                (Some(function), Some((at, name, _))) if at > from + function.at => Some(name),
                (Some(function), _) => Some(function.name),
                (None, arrow) => arrow.map(|(_, name, _)| name),
            }
        }
    }
}

/// Binds each of `holders` assigned the value of a call of a named function (`order =
/// orders.get_order(id)`, `s, err := p.ships.Get(ctx, id)`, `val o = client.fetchOrder(id)`,
/// `const o = await api.getOrder(id)`) to what that function returns, over its scope, unless
/// the statement is itself one of `sites` or the holder is bound otherwise on that line.
pub(super) fn bind(masked: &str, lines: &Lines<'_>, syntax: Syntax, holders: &BTreeSet<&str>, sites: &[CallSite], found: &mut Bindings) {
    let mut next_line = 0;
    for line in masked.split('\n') {
        let line_start = next_line;
        next_line += line.len() + 1;
        // Only a name a line starts with (after `const`, `val`, a declared type) is assigned.
        let Some((column, holder)) = assigned_at_line_start(line).filter(|(_, name)| holders.contains(name)) else { continue };
        let at = line_start + column;
        let (start, end) = statement(masked, at, syntax);
        if start > at || start < line_start || sites.iter().any(|site| (start..end).contains(&site.offset)) {
            continue;
        }
        let text = &masked[start..end];
        if !matches!(head(text), Some(Head::Variable { name, .. }) if name == holder) {
            continue;
        }
        let Some(name) = text.find('=').and_then(|equals| called(&text[equals + 1..])) else { continue };
        let line = lines.number(start);
        if found.intervals.iter().any(|(bound, first, ..)| bound == holder && *first == line) {
            continue;
        }
        found.bind(holder, (line, lines.number(scope_end(masked, start, syntax))), Binding::Returned(name.to_string()));
    }
}

/// The function a value starts by calling (`[await] receiver.name(`), unless it is a library's,
/// a store's or a body's member, and where its arguments open.
fn called_name(value: &str) -> Option<(&str, usize)> {
    let start = value.len() - value.trim_start_matches(['=', ' ', '\t', '\n']).len();
    let mut rest = &value[start..];
    rest = rest.strip_prefix("await ").or_else(|| rest.strip_prefix("try ")).unwrap_or(rest).trim_start();
    // A chain of names (`orders.`, `p.ships.`, `this.api?.`, `client!!.`), read by hand: the
    // last is the function's, the first past `this`/`self` the receiver's root.
    let is_word = |character: char| character.is_ascii_alphanumeric() || character == '_' || character == '$';
    let mut names: Vec<&str> = Vec::new();
    loop {
        let length = rest.find(|character: char| !is_word(character)).unwrap_or(rest.len());
        if length == 0 || rest.starts_with(|first: char| first.is_ascii_digit()) {
            return None;
        }
        names.push(&rest[..length]);
        let after = rest[length..].trim_start();
        let after = after.strip_prefix("!!").or_else(|| after.strip_prefix('?').filter(|rest| rest.starts_with('.'))).unwrap_or(after);
        match after.strip_prefix('.') {
            Some(next) => rest = next.trim_start(),
            None => {
                rest = after;
                break;
            }
        }
    }
    // Type arguments: `api.get<Order>(`.
    if let Some(generic) = rest.strip_prefix('<') {
        let close = generic.find('>').filter(|close| !generic[..*close].contains(['(', ')', '=', ';']))?;
        rest = generic[close + 1..].trim_start();
    }
    rest.strip_prefix('(')?;
    let name = names.pop()?;
    let root = names.iter().find(|segment| !matches!(**segment, "this" | "self")).copied().unwrap_or("").trim_start_matches('_');
    let plain_name = !NOT_WRAPPERS.contains(&name) && !matches!(name, "new" | "require" | "import");
    (plain_name && !LIBRARIES.contains(&root.to_ascii_lowercase().as_str())).then(|| (name, value.len() - rest.len() + 1))
}

/// The function `value` is the call of, alone: `[await] receiver.name(args)` and nothing after
/// but Rust's `?`, `.await`, Kotlin's `!!`, or a throw or return when it is null (C#'s `?? throw
/// new KeyNotFoundException(id)`, Kotlin's `?: return`).
fn called(value: &str) -> Option<&str> {
    let value = value.trim_start_matches(['=', ' ', '\t', '\n']);
    let value = value.strip_prefix("await ").or_else(|| value.strip_prefix("try ")).unwrap_or(value).trim_start();
    let (name, open) = called_name(value)?;
    let (_, close) = enclosed_within(value, open - 1, 4_000)?;
    let rest = value[close..].trim().trim_end_matches(';');
    let rest = ["?? throw ", "?: throw ", "?: return"].iter().find_map(|orelse| rest.find(orelse).map(|at| rest[..at].trim_end())).unwrap_or(rest);
    let rest_ok = rest.split(".await").all(|part| part.trim().chars().all(|character| matches!(character, '?' | '!')));
    rest_ok.then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_assigned_and_read_with_a_dot() {
        let text = "s, err := p.ships.Get(ctx, id)\nx := 1\nconst order: Order = await api.getOrder(id)\nif a == b {\nreturn s.Destination, order.total\n";
        let names: Vec<&str> = assigned_names(text, &BTreeSet::new()).into_iter().collect();
        assert_eq!(names, ["order", "s"]);
    }

    #[test]
    fn a_function_far_into_a_file_of_wide_characters_is_found() {
        let text = format!("a{}\nconst getOrder = async (id) => {{\n   return res.json();\n}};\n", "é".repeat(10_010));
        let offset = text.find("return").expect("the return");
        assert!(!text.is_char_boundary(offset - 20_000), "the window's start falls inside a character");
        assert_eq!(function_name(&text, offset, Syntax::Braces, "js"), Some("getOrder"));
    }

    #[test]
    fn a_call_alone_names_its_function() {
        assert_eq!(called(" orders.get_order(order_id)"), Some("get_order"));
        assert_eq!(called(" await this.api.getOrder<Order>(id);"), Some("getOrder"));
        assert_eq!(called(" client.fetch_order(id).await?"), Some("fetch_order"));
        assert_eq!(called(" requests.get(url)"), None, "a library's call");
        assert_eq!(called(" orders.get_order(id)[\"items\"]"), None, "a part of the value");
        assert_eq!(called(" resp.json()"), None);
        assert_eq!(called(" self.repo.get_order(id)"), None, "the code's own store");
    }
}
