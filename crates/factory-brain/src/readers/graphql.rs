//! GraphQL schemas (`.graphql`, `.graphqls`): only an Apollo supergraph's subgraphs, each an
//! enum value of `join__Graph` with its address (`PANDAS @join__graph(name: "pandas" url:
//! "http://pandas:4000/graphql")`), which the router holding the schema calls, as it would a
//! URL in its config. Nothing else in a schema names a service: `@link(url:
//! "https://specs.apollo.dev/..")` names a spec, and descriptions and comments are prose.

use serde_json::json;

use crate::model::FileFacts;
use crate::net::{hosts_in_value, with_url_path};

/// The directive naming a subgraph and its address.
const JOIN_GRAPH: &str = "@join__graph";

/// Whether a file name is a GraphQL schema's.
pub fn is_schema(lower_name: &str) -> bool {
    lower_name.ends_with(".graphql") || lower_name.ends_with(".graphqls")
}

pub fn read(text: &str) -> FileFacts {
    let mut facts = FileFacts::default();
    for (line, arguments) in join_graphs(text) {
        let Some(url) = argument(&arguments, "url") else { continue };
        let name = argument(&arguments, "name");
        for host in hosts_in_value("URL", &url) {
            let props = with_url_path(json!({"config": "url", "subgraph": name}), &url, &host);
            facts.inferred_edge("self", &format!("host:{host}"), "depends_on", props, &format!("L{line}"), 0.8);
        }
    }
    facts
}

/// The argument lists of the `@join__graph(..)` directives applied in a schema, with their
/// lines, outside strings, descriptions and comments; a directive's definition (`directive
/// @join__graph(name: String!, url: String!)`) has types for arguments and gives no value.
fn join_graphs(text: &str) -> Vec<(usize, String)> {
    let mut found = Vec::new();
    let (mut at, mut line) = (0, 1);
    while at < text.len() {
        let rest = &text[at..];
        let skip = if let Some(description) = rest.strip_prefix("\"\"\"") {
            description.find("\"\"\"").map_or(rest.len(), |end| end + 6)
        } else if rest.starts_with('"') {
            string_end(rest)
        } else if rest.starts_with('#') {
            rest.find('\n').unwrap_or(rest.len())
        } else if let Some(after) = rest.strip_prefix(JOIN_GRAPH).map(str::trim_start).filter(|after| after.starts_with('(')) {
            let open = rest.len() - after.len();
            let close = arguments_end(after);
            found.push((line, after[1..close.saturating_sub(1).max(1)].to_string()));
            open + close
        } else {
            rest.chars().next().map_or(1, char::len_utf8)
        };
        line += rest[..skip].matches('\n').count();
        at += skip;
    }
    found
}

/// The length of the string literal `text` starts with, its quotes included.
fn string_end(text: &str) -> usize {
    let mut escaped = false;
    for (index, character) in text.char_indices().skip(1) {
        match character {
            '\\' if !escaped => escaped = true,
            '"' if !escaped => return index + 1,
            '\n' => return index,
            _ => escaped = false,
        }
    }
    text.len()
}

/// The length of the argument list `text` starts with (at its `(`), its parentheses included.
fn arguments_end(text: &str) -> usize {
    let mut at = 1;
    while at < text.len() {
        let rest = &text[at..];
        if rest.starts_with(')') {
            return at + 1;
        }
        at += if rest.starts_with('"') { string_end(rest) } else { rest.chars().next().map_or(1, char::len_utf8) };
    }
    text.len()
}

/// The string value of argument `key` in a directive's arguments (`name: "pandas" url: "http://..`).
fn argument(arguments: &str, key: &str) -> Option<String> {
    let mut at = 0;
    while at < arguments.len() {
        let rest = &arguments[at..];
        if rest.starts_with('"') {
            at += string_end(rest);
            continue;
        }
        let starts_word = at == 0 || !arguments[..at].ends_with(|character: char| character.is_alphanumeric() || character == '_');
        if starts_word && let Some(value) = rest.strip_prefix(key).map(str::trim_start).and_then(|after| after.strip_prefix(':')).map(str::trim_start) {
            return value.starts_with('"').then(|| value[1..string_end(value).saturating_sub(1).max(1)].to_string());
        }
        at += rest.chars().next().map_or(1, char::len_utf8);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_join_graphs_url_names_a_host() {
        let schema = r#"schema
  @link(url: "https://specs.apollo.dev/link/v1.0")
  @link(url: "https://specs.apollo.dev/join/v0.3", for: EXECUTION)
{
  query: Query
}

directive @join__graph(name: String!, url: String!) on ENUM_VALUE

"""
Served by @join__graph(name: "docs" url: "http://docs:4000/graphql")
"""
enum join__Graph {
  # PANDAS @join__graph(name: "old" url: "http://old-pandas:4000/graphql")
  INVENTORY @join__graph(name: "inventory" url: "http://inventory:4000/graphql")
  PANDAS @join__graph(name: "pandas", url: "http://pandas:4000/graphql")
  USERS @join__graph(url: "https://users:4000/graphql" name: "users")
}

type Product @join__type(graph: PRODUCTS, key: "id") {
  "see http://reviews:4000/graphql"
  id: ID!
}
"#;
        let facts = read(schema);
        let edges: Vec<(&str, &str, Option<&str>)> =
            facts.edges.iter().map(|edge| (edge.to.as_str(), edge.pointer.as_str(), edge.props.get("subgraph").and_then(serde_json::Value::as_str))).collect();
        assert_eq!(
            edges,
            [("host:inventory", "L15", Some("inventory")), ("host:pandas", "L16", Some("pandas")), ("host:users", "L17", Some("users"))],
            "{:?}",
            facts.edges
        );
    }
}
