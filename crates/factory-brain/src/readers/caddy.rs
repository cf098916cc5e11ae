//! Caddy's config (`Caddyfile`): the upstreams a reverse proxy sends traffic to, as nginx's
//! `proxy_pass` lines are read. Caddy v1's `proxy /graphql graphql-service:5000` (moorara's
//! microservices-demo, its gateway's `docker/gateway/Caddyfile`) and v2's `reverse_proxy
//! /api/* api:8080`, with a named matcher (`@api path /api/*` then `reverse_proxy @api ..`),
//! inside a `handle`, `handle_path` or `route` block of a path, and with `to` in a
//! `reverse_proxy` block. The component owning the file depends on each upstream, the edge
//! carrying the path prefix it serves as its `location` (`/api/*` gives `/api/`). Caddy's
//! placeholders (`{$API_HOST}`, `{http.request.host}`) and `localhost` name no service.

use std::collections::BTreeMap;

use serde_json::json;

use crate::model::{FileFacts, Method};
use crate::net::host_of;

/// Whether a file (its lowercase name) is a Caddyfile: `Caddyfile`, `Caddyfile.dev`,
/// `gateway.caddyfile`.
pub fn is_caddyfile(lower_name: &str) -> bool {
    lower_name == "caddyfile" || lower_name.starts_with("caddyfile.") || lower_name.ends_with(".caddyfile")
}

/// Blocks whose first argument is the path the directives inside serve.
const PATH_BLOCKS: &[&str] = &["handle", "handle_path", "route"];

pub fn read(text: &str) -> FileFacts {
    let mut facts = FileFacts::default();
    let lines: Vec<(usize, Vec<&str>)> = text
        .lines()
        .enumerate()
        .map(|(index, line)| (index + 1, line.split_whitespace().take_while(|word| !word.starts_with('#')).collect()))
        .collect();
    // Named matchers: `@api path /api/*` (or `@api { path /api/* }` on one line).
    let mut matchers: BTreeMap<&str, String> = BTreeMap::new();
    for (_, words) in &lines {
        if let [name, "path", path, ..] = words.as_slice()
            && name.starts_with('@')
        {
            matchers.insert(name, prefix_of(path));
        }
    }
    // The path blocks each line is in: (depth they opened at, prefix), innermost last; and the
    // `reverse_proxy` block a `to` line is in, with its location.
    let mut blocks: Vec<(usize, String)> = Vec::new();
    let mut proxy_block: Option<(usize, Option<String>)> = None;
    let mut depth = 0usize;
    for (line_number, words) in &lines {
        let enclosing = blocks.last().map(|(_, prefix)| prefix.clone());
        let arguments: Vec<&str> = words.iter().skip(1).copied().take_while(|word| *word != "{").collect();
        let opens = words.last() == Some(&"{");
        let (location, upstreams): (Option<String>, Vec<&str>) = match words.first().copied() {
            // v1: `proxy FROM TO...`.
            Some("proxy") => match arguments.split_first() {
                Some((from, to)) => (Some(prefix_of(from)), to.to_vec()),
                None => (None, Vec::new()),
            },
            Some("reverse_proxy") => match arguments.first() {
                Some(matcher) if matcher.starts_with('/') || *matcher == "*" => (Some(prefix_of(matcher)), arguments[1..].to_vec()),
                Some(matcher) if matcher.starts_with('@') => (matchers.get(matcher).cloned().or(enclosing), arguments[1..].to_vec()),
                _ => (enclosing, arguments.clone()),
            },
            Some("to") if proxy_block.is_some() => (proxy_block.as_ref().and_then(|(_, location)| location.clone()), arguments.clone()),
            _ => (None, Vec::new()),
        };
        if opens && words.first() == Some(&"reverse_proxy") {
            proxy_block = Some((depth, location.clone()));
        }
        if opens
            && let (Some(block), Some(path)) = (words.first(), arguments.first())
            && PATH_BLOCKS.contains(block)
            && path.starts_with('/')
        {
            blocks.push((depth, prefix_of(path)));
        }
        for upstream in upstreams {
            if upstream.contains('{') {
                continue;
            }
            if let Some(host) = host_of(upstream, true) {
                let mut props = json!({"config": "caddy"});
                if let Some(location) = &location {
                    props["location"] = json!(location);
                }
                facts.edge("self", &format!("host:{host}"), "depends_on", props, &format!("L{line_number}"), Method::Parsed);
            }
        }
        depth += usize::from(opens);
        if words.first() == Some(&"}") {
            depth = depth.saturating_sub(1);
            while blocks.last().is_some_and(|(opened_at, _)| depth <= *opened_at) {
                blocks.pop();
            }
            if proxy_block.as_ref().is_some_and(|(opened_at, _)| depth <= *opened_at) {
                proxy_block = None;
            }
        }
    }
    facts
}

/// A path matcher as a location prefix: `/api/*` is `/api/`, `*` is `/`.
fn prefix_of(path: &str) -> String {
    let prefix = path.trim_end_matches('*');
    if prefix.is_empty() { "/".to_string() } else { prefix.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edges(text: &str) -> Vec<String> {
        read(text).edges.iter().map(|edge| format!("{} {} {}", edge.to, edge.props.get("location").and_then(|location| location.as_str()).unwrap_or("-"), edge.pointer)).collect()
    }

    /// moorara's microservices-demo gateway (Caddy v1), and a v2 file with every way a
    /// `reverse_proxy` is given its path.
    #[test]
    fn proxies_and_their_paths_are_read() {
        let v1 = "localhost:80 {\n  gzip\n  proxy /api https://traefik {\n    transparent\n  }\n  proxy /graphql graphql-service:5000 # queries\n  proxy / client-service:4000\n}\n";
        assert_eq!(edges(v1), ["host:traefik /api L3", "host:graphql-service /graphql L6", "host:client-service / L7"]);
        let v2 = "{$DOMAIN} {\n  @orders path /orders/*\n  reverse_proxy @orders orders:8080\n  handle_path /users/* {\n    reverse_proxy users:3000\n  }\n  handle /payments/* {\n    reverse_proxy {\n      to payments-1:80 payments-2:80\n    }\n  }\n  reverse_proxy /static/* {$CDN_HOST}\n  reverse_proxy web:3000\n  reverse_proxy localhost:9000\n}\n";
        assert_eq!(
            edges(v2),
            ["host:orders /orders/ L3", "host:users /users/ L5", "host:payments-1 /payments/ L9", "host:payments-2 /payments/ L9", "host:web - L13"]
        );
    }
}
