//! Calls through a reverse proxy reach the service behind it. A component whose nginx config
//! sends `location /customer` to the customer service is a gateway; a service calling
//! `http://gateway/customer/byid` depends on the customer service, not on the gateway, when
//! the call's path says which location answers. A call whose path is unknown, or matches no
//! location, still depends on the gateway.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};

use crate::model::Method;
use crate::readers::krakend;
use crate::resolve::{GraphBuilder, ResolvedEdge};

/// Each gateway's locations: gateway -> (location prefix, the service behind it).
fn gateway_routes(graph: &GraphBuilder) -> BTreeMap<String, Vec<(String, String)>> {
    let mut routes: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
    for edge in graph.edges().filter(|edge| edge.kind == "depends_on" && edge.to.starts_with("component:")) {
        if let Some(prefix) = edge.props.get("location").and_then(Value::as_str) {
            let routes = routes.entry(edge.from.clone()).or_default();
            if !routes.iter().any(|(known, target)| known == prefix && *target == edge.to) {
                routes.push((prefix.to_string(), edge.to.clone()));
            }
        }
    }
    routes
}

/// The front ends gateways serve at their root, and the locations of each gateway serving
/// one. A browser loads the front end from the gateway, so its relative calls
/// (`fetch('/api/products')`) reach the gateway, not the services behind it (JFKTBonny's
/// polyglot-microservices: nginx routes `location /` to the static ui-service and
/// `/api/products` to inventory). A service behind a location of its own (`/api/users`) is
/// no front end: its relative paths are its own.
pub(crate) struct ServedFrontEnds {
    /// front end -> the gateways routing their root to it.
    gateways_of: BTreeMap<String, Vec<String>>,
    routes: BTreeMap<String, Vec<(String, String)>>,
}

impl ServedFrontEnds {
    /// Gateways routing `location /` to a component and other locations to other services.
    pub(crate) fn new(graph: &GraphBuilder) -> Self {
        let routes = gateway_routes(graph);
        let mut gateways_of: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (gateway, table) in &routes {
            for (_, served) in table.iter().filter(|(prefix, target)| prefix == "/" && target != gateway) {
                let routes_others = table.iter().any(|(_, target)| target != served && target != gateway);
                let known = gateways_of.get(served).is_some_and(|gateways| gateways.contains(gateway));
                if routes_others && !known {
                    gateways_of.entry(served.clone()).or_default().push(gateway.clone());
                }
            }
        }
        ServedFrontEnds { gateways_of, routes }
    }

    /// Where the same-origin call to `path` (`literal`, naming no host) made by `from` goes:
    /// `None` when no gateway serves `from`, else the gateways serving it whose other
    /// locations route the path (empty when the path is the front end's own or nobody's).
    pub(crate) fn same_origin(&self, from: &str, literal: &str, path: &str) -> Option<Vec<&str>> {
        if !literal.starts_with('/') || literal.starts_with("//") {
            return None;
        }
        let gateways = self.gateways_of.get(from)?;
        let routed = |gateway: &&String| self.routes.get(*gateway).and_then(|table| route(table, path)).is_some_and(|target| target != from && target != **gateway);
        Some(gateways.iter().filter(routed).map(String::as_str).collect())
    }
}

/// Re-points `depends_on` edges into gateways at the services their locations route the
/// call's path to; a front end's same-origin calls of the gateway serving it stay its own.
pub(crate) fn route_through_gateways(graph: &mut GraphBuilder) {
    let routes = gateway_routes(graph);
    if routes.is_empty() {
        return;
    }
    let through: Vec<(ResolvedEdge, String)> = graph
        .edges()
        .filter(|edge| edge.kind == "depends_on" && edge.from.starts_with("component:") && !edge.props.contains_key("location") && !edge.props.contains_key("same_origin"))
        .filter_map(|edge| {
            let table = routes.get(&edge.to)?;
            let target = route(table, &call_path(&edge.props)?)?;
            (target != edge.from).then(|| (edge.clone(), target))
        })
        .collect();
    for (edge, target) in through {
        graph.remove_edge(&edge);
        let mut props = edge.props.clone();
        props.insert("via".into(), json!(edge.to));
        let method = if edge.method == Method::Declared { Method::Parsed } else { edge.method };
        graph.edge(&edge.from, &target, "depends_on", Value::Object(props), edge.source.clone(), method, edge.confidence);
    }
}

/// KrakenD's settings naming a backend's host by an env var (`"host_env": "AUTH_SERVICE_HOST"`,
/// `readers/krakend.rs`) were resolved by the var's name; where the gateway's own deployment sets
/// the var (compose's `environment`, a container's `env`), its routes go to the services the
/// value there names instead.
pub(crate) fn route_krakend_env_hosts(graph: &mut GraphBuilder) {
    let env_of = |edge: &ResolvedEdge| edge.props.get("env").and_then(Value::as_str).map(str::to_string);
    let from_krakend = |edge: &ResolvedEdge| edge.props.get("config").and_then(Value::as_str) == Some(krakend::CONFIG);
    // (gateway, env var) -> the services its deployment's value names
    let mut deployed: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for edge in graph.edges().filter(|edge| edge.kind == "depends_on" && edge.to.starts_with("component:") && !from_krakend(edge)) {
        if let Some(variable) = env_of(edge) {
            deployed.entry((edge.from.clone(), variable)).or_default().insert(edge.to.clone());
        }
    }
    let routed: Vec<(ResolvedEdge, &BTreeSet<String>)> = graph
        .edges()
        .filter(|edge| edge.kind == "depends_on" && from_krakend(edge))
        .filter_map(|edge| Some((edge.clone(), deployed.get(&(edge.from.clone(), env_of(edge)?))?)))
        .filter(|(edge, targets)| !targets.contains(&edge.to))
        .collect();
    let routed: Vec<(ResolvedEdge, Vec<String>)> = routed.into_iter().map(|(edge, targets)| (edge, targets.iter().cloned().collect())).collect();
    for (edge, targets) in routed {
        graph.remove_edge(&edge);
        for target in targets {
            graph.edge(&edge.from, &target, "depends_on", Value::Object(edge.props.clone()), edge.source.clone(), edge.method, edge.confidence);
        }
    }
}

/// The service the longest matching location prefix sends `path` to. One prefix routed to
/// several services (two upstream servers) names none of them.
fn route(table: &[(String, String)], path: &str) -> Option<String> {
    let longest = table.iter().filter(|(prefix, _)| path.starts_with(prefix.as_str())).map(|(prefix, _)| prefix.len()).max()?;
    let mut targets = table.iter().filter(|(prefix, _)| prefix.len() == longest && path.starts_with(prefix.as_str())).map(|(_, target)| target);
    match (targets.next(), targets.next()) {
        (Some(target), None) => Some(target.clone()),
        _ => None,
    }
}

/// The path a dependency's call goes to: recorded as `url_path`, or in the URL literal it was
/// read from.
fn call_path(props: &serde_json::Map<String, Value>) -> Option<String> {
    if let Some(path) = props.get("url_path").and_then(Value::as_str).filter(|path| path.starts_with('/')) {
        return Some(path.to_string());
    }
    let url = props.get("literal").and_then(Value::as_str)?;
    let rest = url.split_once("://").map(|(_, rest)| rest)?;
    let path = &rest[rest.find('/')?..];
    Some(path.split(['?', '#']).next().unwrap_or(path).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_longest_location_prefix_routes_the_path() {
        let table = vec![
            ("/".to_string(), "component:ui".to_string()),
            ("/customer".to_string(), "component:customer".to_string()),
            ("/customer/admin".to_string(), "component:admin".to_string()),
            ("/split".to_string(), "component:a".to_string()),
            ("/split".to_string(), "component:b".to_string()),
        ];
        let cases = [
            ("/customer/byid/7", Some("component:customer")),
            ("/customer/admin/x", Some("component:admin")),
            ("/index.html", Some("component:ui")),
            ("/split/x", None),
        ];
        for (path, expected) in cases {
            assert_eq!(route(&table, path).as_deref(), expected, "{path}");
        }
    }

    #[test]
    fn a_calls_path_comes_from_its_props_or_its_url() {
        let props = |value: Value| value.as_object().cloned().unwrap_or_default();
        assert_eq!(call_path(&props(json!({"url_path": "/auth/getJwk"}))).as_deref(), Some("/auth/getJwk"));
        assert_eq!(call_path(&props(json!({"literal": "http://gateway/flight?x=1"}))).as_deref(), Some("/flight"));
        assert_eq!(call_path(&props(json!({"literal": "http://gateway"}))), None);
        assert_eq!(call_path(&props(json!({"env": "GATEWAY_HOST"}))), None);
    }
}
