//! A Spring Cloud OpenFeign client's shared path. `@FeignClient(name = "orders-api", path =
//! "/v1/orders")` prefixes every method's mapping, and so does a `@RequestMapping("/v1/orders")`
//! on the client interface (after the `path`), as OpenFeign's `SpringMvcContract` builds each
//! request: `@PostMapping("/{id}/refund")` calls `POST /v1/orders/{id}/refund`, and a mapping
//! naming no path calls the prefix itself. The prefix's own literal names no call of its own.
//! The annotation's `name`, `value` and `url` say where the requests go, never a path prefix.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::json;

use super::calls::{arguments, enclosed_within, named, split_top_level, string_literal, Lines};
use super::flow::CallSite;
use super::literals::http_path;
use super::Edges;
use crate::model::FileFacts;

static FEIGN_CLIENT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"@FeignClient\s*\(").expect("a valid regex"));
static MAPPING: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"@(?P<kind>Get|Post|Put|Delete|Patch|Request)Mapping\b").expect("a valid regex"));
static REQUEST_METHOD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"RequestMethod\.(GET|POST|PUT|PATCH|DELETE)\b").expect("a valid regex"));

/// The prefix of a Feign client's mappings and what it applies to.
#[derive(Debug, Default)]
pub(super) struct FeignPaths {
    prefix: String,
    /// Where the literals giving the prefix start: no call of their own.
    prefix_literals: Vec<usize>,
    /// Where the path literals of the interface's method mappings start.
    mapping_literals: Vec<usize>,
    /// The method mappings naming no path: (method, where the annotation starts).
    bare: Vec<(&'static str, usize)>,
}

impl FeignPaths {
    /// The Feign client of a JVM file, when it has a prefix; none otherwise.
    pub(super) fn of(extension: &str, text: &str, lines: &Lines<'_>) -> Option<Self> {
        if !matches!(extension, "java" | "kt") || !text.contains("@FeignClient") {
            return None;
        }
        let client = FEIGN_CLIENT.find_iter(text).find(|found| !lines.is_comment(found.start()))?;
        let mut found = FeignPaths::default();
        let (inner, _) = enclosed_within(text, client.end() - 1, 1_000)?;
        if let Some((path, at)) = split_top_level(inner).into_iter().find_map(|argument| named(argument, "path")).and_then(|value| literal_at(text, value)) {
            found.prefix = join("", path);
            found.prefix_literals.push(at);
        }
        for mapping in MAPPING.captures_iter(&text[client.start()..]) {
            let (Some(whole), Some(kind)) = (mapping.get(0), mapping.name("kind")) else { continue };
            let start = client.start() + whole.start();
            if lines.is_comment(start) {
                continue;
            }
            let after = &text[start + whole.len()..];
            let open = after.trim_start().starts_with('(').then(|| after.find('(').map(|at| start + whole.len() + at)).flatten();
            let (arguments, end) = match open.and_then(|open| arguments(text, open)) {
                Some(found) => found,
                None => (Vec::new(), start + whole.len()),
            };
            let value = arguments.iter().find_map(|argument| named(argument, "value").or_else(|| named(argument, "path"))).or_else(|| arguments.first().copied().filter(|argument| !argument.contains('=')));
            let literal = value.and_then(|value| literal_at(text, value));
            if annotates_interface(&text[end..]) {
                if let Some((path, at)) = literal {
                    found.prefix = join(&found.prefix, path);
                    found.prefix_literals.push(at);
                }
                continue;
            }
            match literal {
                Some((_, at)) => found.mapping_literals.push(at),
                None if value.is_none() => {
                    let listed = arguments.iter().filter_map(|argument| named(argument, "method")).find_map(|value| REQUEST_METHOD.captures(value)).map(|method| method[1].to_string());
                    found.bare.push((mapping_method(kind.as_str(), listed.as_deref()), start));
                }
                None => {}
            }
        }
        (!found.prefix.is_empty()).then_some(found)
    }

    /// Whether the literal starting at `offset` gives the prefix.
    pub(super) fn is_prefix(&self, offset: usize) -> bool {
        self.prefix_literals.contains(&offset)
    }

    /// The path the method mapping's literal starting at `offset` calls, prefixed; none for any
    /// other literal.
    pub(super) fn prefixed(&self, offset: usize, content: &str) -> Option<String> {
        self.mapping_literals.contains(&offset).then(|| join(&self.prefix, content))
    }

    /// The calls of the mappings naming no path, which call the prefix itself, as edges of
    /// `facts`, and where they are in `sites`.
    pub(super) fn bare_call_facts(&self, facts: &mut FileFacts, edges: &mut Edges<'_>, sites: &mut Vec<CallSite>, lines: &Lines<'_>) {
        let Some(path) = http_path(&self.prefix) else { return };
        for &(method, at) in &self.bare {
            let target = format!("http:{method} {path}");
            edges.push(facts, target.clone(), "calls", json!({"literal": self.prefix, "direct": true}), lines.number(at), 0.7);
            sites.push(CallSite { offset: at, target });
        }
    }
}

/// The method a mapping annotation names, as the literal reader names calls: a GET (or a
/// `@RequestMapping` without one) is `ANY`.
fn mapping_method(kind: &str, listed: Option<&str>) -> &'static str {
    match listed.unwrap_or(kind) {
        "Post" | "POST" => "POST",
        "Put" | "PUT" => "PUT",
        "Patch" | "PATCH" => "PATCH",
        "Delete" | "DELETE" => "DELETE",
        _ => "ANY",
    }
}

/// A plain literal value (`"/v1/orders"`, `["/v1/orders"]`, `{"/v1/orders"}`) of an argument
/// within `text`: its content and where its opening quote is.
fn literal_at<'text>(text: &'text str, value: &'text str) -> Option<(&'text str, usize)> {
    let value = value.trim();
    let value = value.strip_prefix(['{', '[']).and_then(|rest| rest.strip_suffix(['}', ']'])).map_or(value, str::trim);
    let content = string_literal(value)?;
    // Placeholders (`${orders.path}`) are a setting's, not known here.
    (!content.contains('$')).then(|| (content, value.as_ptr().addr() - text.as_ptr().addr()))
}

/// Whether the code after an annotation goes on to declare the interface it annotates, past
/// other annotations and modifiers.
fn annotates_interface(mut rest: &str) -> bool {
    for _ in 0..16 {
        rest = rest.trim_start();
        if let Some(annotation) = rest.strip_prefix('@') {
            let name_end = annotation.find(|character: char| !(character.is_alphanumeric() || matches!(character, '_' | '.'))).unwrap_or(annotation.len());
            rest = &annotation[name_end..];
            if rest.trim_start().starts_with('(') {
                let open = rest.len() - rest.trim_start().len();
                let Some((_, end)) = enclosed_within(rest, open, 1_000) else { return false };
                rest = &rest[end..];
            }
            continue;
        }
        match ["public ", "internal ", "private ", "protected "].iter().find_map(|modifier| rest.strip_prefix(modifier)) {
            Some(after) => rest = after,
            None => return rest.starts_with("interface") && rest[9..].starts_with(char::is_whitespace),
        }
    }
    false
}

/// `prefix` and `path` joined by one `/`, without a trailing one (Feign adds a missing leading
/// `/` and drops a trailing one of its `path`).
fn join(prefix: &str, path: &str) -> String {
    let joined = format!("{}/{}", prefix.trim_end_matches('/'), path.trim_start_matches('/'));
    match joined.trim_end_matches('/') {
        "" => "/".to_string(),
        trimmed => trimmed.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Option<(String, Vec<String>, Vec<String>)> {
        let paths = FeignPaths::of("java", text, &Lines::new(text))?;
        let literal = |at: usize| text[at + 1..].split('"').next().unwrap_or("").to_string();
        let prefixed = paths.mapping_literals.iter().filter_map(|&at| paths.prefixed(at, &literal(at))).collect();
        Some((paths.prefix.clone(), prefixed, paths.bare.iter().map(|(method, _)| format!("{method} {}", paths.prefix)).collect()))
    }

    #[test]
    fn a_clients_path_and_class_mapping_prefix_its_mappings() {
        let feign = "@FeignClient(name = \"orders-api\", url = \"${orders.url}\", path = \"/v1/orders\")\npublic interface OrdersClient {\n    @GetMapping(\"/{id}\")\n    OrderDto get(@PathVariable String id);\n    @PostMapping(value = \"/{id}/refund\", consumes = \"application/json\")\n    void refund(@PathVariable String id);\n    @PostMapping\n    OrderDto create(@RequestBody OrderDto order);\n}\n";
        assert_eq!(read(feign), Some(("/v1/orders".into(), vec!["/v1/orders/{id}".into(), "/v1/orders/{id}/refund".into()], vec!["POST /v1/orders".into()])));
        let mapped = "@FeignClient(\"orders\")\n@RequestMapping(\"v1/orders/\")\npublic interface OrdersClient {\n    @RequestMapping(method = RequestMethod.DELETE)\n    void clear();\n    @GetMapping(\"\")\n    List<OrderDto> all();\n}\n";
        assert_eq!(read(mapped), Some(("/v1/orders".into(), vec!["/v1/orders".into()], vec!["DELETE /v1/orders".into()])));
        let both = "@FeignClient(name = \"orders\", path = \"/api\")\n@RequestMapping(path = \"/v1/orders\")\ninterface OrdersClient {\n    @GetMapping(\"/{id}\") OrderDto get(@PathVariable String id);\n}\n";
        assert_eq!(read(both).map(|(prefix, _, _)| prefix), Some("/api/v1/orders".into()));
        assert!(read("@FeignClient(name = \"orders\", url = \"http://orders:8080/v1\")\ninterface OrdersClient {\n    @GetMapping(\"/v1/orders/{id}\") OrderDto get(@PathVariable String id);\n}\n").is_none(), "a url is no prefix");
        assert!(read("@FeignClient(name = \"orders\", path = \"${orders.path}\")\ninterface OrdersClient {}\n").is_none(), "a setting's prefix is not known");
    }
}
