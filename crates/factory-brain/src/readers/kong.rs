//! Kong's declarative (DB-less) config, `kong.yml` with its `_format_version` (the ticketing
//! platform, grpc-polyglot-ticketing, routes its API through it): each service's
//! address (`url: http://orders:8080`, or `host`, `port` and `protocol`; a `host` naming one of
//! the file's `upstreams` stands for its `targets`) is an upstream the gateway sends traffic to,
//! so the component owning the file (the stock Kong image mounting it, the workload mounting
//! the ConfigMap holding it) depends on it, each edge with the path prefix of a route sending
//! traffic there, recorded as nginx's `location` is (`resolve/gateways.rs`). Routes are read
//! nested in their service (`services[].routes[].paths`) and at the top (`routes[]` with their
//! `service`); a regular expression path (`~/orders/\d+`) gives its plain prefix, if any.
//!
//! An address built from placeholders is filled in resolution: `${ORDERS_HOST}` (envsubst)
//! from the `.env`, as Envoy's and nginx's are, and `{{ORDERS_HOST}}` (a repo's own render step)
//! from the YAML maps of values the repo holds ([`super::placeholders`]).

use std::collections::BTreeMap;

use serde_json::{json, Value};

use crate::model::{FileFacts, Method};
use crate::net::host_of;
use crate::readers::placeholders;

/// Whether YAML text is Kong's declarative config: `_format_version` at its top level.
pub fn is_declarative_text(text: &str) -> bool {
    text.lines().any(|line| line.starts_with("_format_version:") || line.starts_with("\"_format_version\":"))
}

/// Whether a document is Kong's declarative config with something to route.
pub fn looks_like_kong(document: &Value) -> bool {
    document.get("_format_version").is_some() && ["services", "routes", "upstreams"].iter().any(|key| document.get(key).is_some_and(Value::is_array))
}

/// Kong's config as written, its `{{KEY}}` placeholders and all (`read_timeout:
/// {{READ_TIMEOUT_MS}}` is no YAML mapping: [`placeholders::set_aside`]).
pub fn read_text(text: &str) -> FileFacts {
    let parsed = placeholders::set_aside(text);
    let mut facts = FileFacts::default();
    for document in crate::yaml::documents(&parsed).unwrap_or_default().iter().filter(|document| looks_like_kong(document)) {
        facts.merge(read(document));
    }
    facts
}

/// A route sending traffic to a service: its path prefixes and its pointer.
struct Route {
    prefixes: Vec<String>,
    pointer: String,
}

pub fn read(document: &Value) -> FileFacts {
    // upstream name -> (target, its pointer)
    let mut upstreams: BTreeMap<&str, Vec<(&str, String)>> = BTreeMap::new();
    for (index, upstream) in array(document, "upstreams") {
        let Some(name) = upstream.get("name").and_then(Value::as_str) else { continue };
        let targets = array(upstream, "targets").filter_map(|(target_index, target)| {
            let address = target.get("target").and_then(Value::as_str)?;
            Some((address, format!("/upstreams/{index}/targets/{target_index}/target")))
        });
        upstreams.entry(name).or_default().extend(targets);
    }
    // Top-level routes by the service they name.
    let mut routes_of: BTreeMap<&str, Vec<Route>> = BTreeMap::new();
    for (index, route) in array(document, "routes") {
        let service = route.get("service").and_then(|service| service.as_str().or_else(|| service.get("name").and_then(Value::as_str)));
        if let Some(service) = service {
            routes_of.entry(service).or_default().push(Route { prefixes: prefixes(route), pointer: format!("/routes/{index}/paths") });
        }
    }
    let mut facts = FileFacts::default();
    for (index, service) in array(document, "services") {
        let at = format!("/services/{index}");
        let name = service.get("name").and_then(Value::as_str).unwrap_or("");
        let mut routes: Vec<Route> =
            array(service, "routes").map(|(route_index, route)| Route { prefixes: prefixes(route), pointer: format!("{at}/routes/{route_index}/paths") }).collect();
        routes.extend(routes_of.remove(name).unwrap_or_default());
        let locations: Vec<(&str, &str)> = routes.iter().flat_map(|route| route.prefixes.iter().map(|prefix| (prefix.as_str(), route.pointer.as_str()))).collect();
        for (address, pointer) in addresses(service, &at, &upstreams) {
            let props = json!({"config": "kong", "service": name});
            if locations.is_empty() {
                dependency(&mut facts, &address, props.clone(), &pointer);
            }
            // The first location's edge points at the address; each other one at its route's
            // paths, so that they stay distinct facts.
            for (location_index, (prefix, route_pointer)) in locations.iter().enumerate() {
                let mut props = props.clone();
                props["location"] = json!(prefix);
                dependency(&mut facts, &address, props, if location_index == 0 { &pointer } else { route_pointer });
            }
        }
    }
    facts
}

/// A service's addresses with their pointers: its `url`, else its `host` (with `protocol`
/// and `port`), or the targets of the upstream its `host` names.
fn addresses(service: &Value, at: &str, upstreams: &BTreeMap<&str, Vec<(&str, String)>>) -> Vec<(String, String)> {
    if let Some(url) = service.get("url").and_then(Value::as_str) {
        return vec![(url.to_string(), format!("{at}/url"))];
    }
    let Some(host) = service.get("host").and_then(Value::as_str) else { return Vec::new() };
    if let Some(targets) = upstreams.get(host) {
        return targets.iter().map(|(target, pointer)| (target.to_string(), pointer.clone())).collect();
    }
    let protocol = service.get("protocol").and_then(Value::as_str).unwrap_or("http");
    let port = match service.get("port") {
        Some(Value::Number(port)) => format!(":{port}"),
        Some(Value::String(port)) => format!(":{port}"),
        _ => String::new(),
    };
    vec![(format!("{protocol}://{host}{port}"), format!("{at}/host"))]
}

/// The edge from the file's owner to an address's host, or to the setting it is built from.
pub(crate) fn dependency(facts: &mut FileFacts, address: &str, props: Value, pointer: &str) {
    let address = &placeholders::restore(address);
    if placeholders::has_placeholders(address) {
        let mut setting = props;
        setting["value"] = json!(address);
        setting[placeholders::TEMPLATE] = json!(true);
        facts.edge("self", &format!("setting:{address}"), "depends_on", setting, pointer, Method::Parsed);
    } else if address.contains("${") {
        let mut setting = props;
        setting["value"] = json!(address);
        facts.edge("self", &format!("setting:{address}"), "depends_on", setting, pointer, Method::Parsed);
    } else if !address.contains(['$', '{'])
        && let Some(host) = host_of(address, true)
    {
        facts.edge("self", &format!("host:{host}"), "depends_on", props, pointer, Method::Parsed);
    }
}

/// The path prefixes a route matches: each of its `paths`, a regular expression (`~` first, in
/// Kong 3) cut where its pattern starts (`~/\\.well-known/x/[^/]+$` matches under
/// `/.well-known/x/`), and none for one whose pattern starts at once.
fn prefixes(route: &Value) -> Vec<String> {
    array(route, "paths").filter_map(|(_, path)| path.as_str()).filter_map(|path| path.strip_prefix('~').map_or_else(|| plain_prefix(path), regex_prefix)).collect()
}

/// A plain path (Kong 2 reads a path holding a pattern's characters as one).
fn plain_prefix(path: &str) -> Option<String> {
    let plain = path.split(['(', '[', '{', '\\', '*', '$', '^', '?', '+', '|']).next().unwrap_or(path);
    plain.starts_with('/').then(|| plain.to_string())
}

/// The text a regular expression matches literally at its start, its escapes (`\\.`) read; a
/// character a quantifier may leave out (`s?`, `s*`, `s{0,1}`) is not part of it.
fn regex_prefix(pattern: &str) -> Option<String> {
    let mut prefix = String::new();
    let mut characters = pattern.strip_prefix('^').unwrap_or(pattern).chars();
    while let Some(character) = characters.next() {
        match character {
            '\\' => match characters.next() {
                Some(escaped) if !escaped.is_ascii_alphanumeric() => prefix.push(escaped),
                _ => break,
            },
            '*' | '?' | '{' => {
                prefix.pop();
                break;
            }
            '.' | '(' | '[' | '$' | '+' | '|' => break,
            _ => prefix.push(character),
        }
    }
    (prefix.starts_with('/') && prefix.len() > 1).then_some(prefix)
}

/// The items of `value[key]` with their indexes, none when it is no array.
fn array<'a>(value: &'a Value, key: &str) -> impl Iterator<Item = (usize, &'a Value)> {
    value.get(key).and_then(Value::as_array).into_iter().flatten().enumerate()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn routes_give_their_paths_plain_prefix() {
        let route = json!({"paths": ["/api/orders", "~/api/tickets/(?<id>\\d+)$", "~^/health$", "/users/\\d+", "~/\\.well-known/x/[^/]+$", "~/api/items?$", "~/(?<x>.*)"]});
        assert_eq!(prefixes(&route), ["/api/orders", "/api/tickets/", "/health", "/users/", "/.well-known/x/", "/api/item"]);
    }

    #[test]
    fn a_service_host_naming_an_upstream_stands_for_its_targets() {
        let config = json!({
            "_format_version": "3.0",
            "upstreams": [{"name": "orders.v1", "targets": [{"target": "orders:8080"}, {"target": "orders-canary:8080"}]}],
            "services": [
                {"name": "orders", "host": "orders.v1", "routes": [{"paths": ["/orders"]}]},
                {"name": "cart", "host": "cart", "port": 80, "protocol": "http"},
                {"name": "users", "url": "http://${USERS_HOST}/api"}
            ],
            "routes": [{"name": "cart-route", "service": {"name": "cart"}, "paths": ["/cart", "/basket"]}]
        });
        let facts = read(&config);
        let edges: Vec<String> =
            facts.edges.iter().map(|edge| format!("{} {} {}", edge.to, edge.pointer, edge.props.get("location").and_then(Value::as_str).unwrap_or("-"))).collect();
        assert_eq!(
            edges,
            [
                "host:orders /upstreams/0/targets/0/target /orders",
                "host:orders-canary /upstreams/0/targets/1/target /orders",
                "host:cart /services/1/host /cart",
                "host:cart /routes/0/paths /basket",
                "setting:http://${USERS_HOST}/api /services/2/url -",
            ]
        );
    }
}
