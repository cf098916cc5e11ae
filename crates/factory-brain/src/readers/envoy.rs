//! Envoy bootstrap config: each static cluster's endpoint addresses are the upstreams the
//! proxy sends traffic to, so the component owning the file depends on them. An address
//! named by a variable (`address: ${FRONTEND_HOST}`, an envsubst template) becomes a
//! `setting:` edge that resolution fills from the `.env`. A route rewritten to a Dapr
//! sidecar's invocation path (`prefix_rewrite: /v1.0/invoke/basket-api/method/`, eShopOnDapr's
//! gateway) reaches the app it names, whatever cluster it is sent through.

use serde_json::{json, Value};

use crate::model::{FileFacts, Method};
use crate::net::host_of;

/// Whether a YAML or JSON document is an Envoy bootstrap with static clusters.
pub fn looks_like_envoy(document: &Value) -> bool {
    document.pointer("/static_resources/clusters").is_some_and(Value::is_array)
}

pub fn read(document: &Value) -> FileFacts {
    let mut facts = FileFacts::default();
    let clusters = document.pointer("/static_resources/clusters").and_then(Value::as_array).into_iter().flatten();
    for (cluster_index, cluster) in clusters.enumerate() {
        let name = cluster.get("name").and_then(Value::as_str).unwrap_or("");
        let pointer = format!("/static_resources/clusters/{cluster_index}");
        for address in addresses(cluster) {
            if address.contains('$') {
                facts.edge("self", &format!("setting:{address}"), "depends_on", json!({"cluster": name, "value": address}), &pointer, Method::Parsed);
            } else if let Some(host) = host_of(address, true) {
                facts.edge("self", &format!("host:{host}"), "depends_on", json!({"cluster": name}), &pointer, Method::Parsed);
            }
        }
    }
    let mut rewrites = Vec::new();
    rewritten_paths(document, String::new(), &mut rewrites);
    for (pointer, path) in rewrites {
        if let Some(app) = path.split("/invoke/").nth(1).and_then(|rest| rest.split('/').next()).and_then(|app| host_of(app, true)) {
            facts.edge("self", &format!("host:{app}"), "depends_on", json!({"via": "dapr invoke", "rewrite": path}), &pointer, Method::Parsed);
        }
    }
    facts
}

/// Every route's rewritten path (`prefix_rewrite`, a `regex_rewrite`'s `substitution`) that
/// goes through Dapr's invocation API, with its pointer.
fn rewritten_paths(value: &Value, pointer: String, found: &mut Vec<(String, String)>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                let here = format!("{pointer}/{}", key.replace('~', "~0").replace('/', "~1"));
                match child.as_str() {
                    Some(path) if matches!(key.as_str(), "prefix_rewrite" | "substitution") && path.contains("/v1.0/invoke/") => found.push((here, path.to_string())),
                    _ => rewritten_paths(child, here, found),
                }
            }
        }
        Value::Array(items) => {
            for (index, child) in items.iter().enumerate() {
                rewritten_paths(child, format!("{pointer}/{index}"), found);
            }
        }
        _ => {}
    }
}

/// The socket addresses of a cluster: `load_assignment.endpoints[].lb_endpoints[]
/// .endpoint.address.socket_address.address` (v3), or `hosts[].socket_address.address` (v2).
fn addresses(cluster: &Value) -> Vec<&str> {
    let v3 = cluster
        .pointer("/load_assignment/endpoints")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(|endpoints| endpoints.get("lb_endpoints").and_then(Value::as_array))
        .flatten()
        .filter_map(|endpoint| endpoint.pointer("/endpoint/address/socket_address/address"));
    let v2 = cluster.get("hosts").and_then(Value::as_array).into_iter().flatten().filter_map(|host| host.pointer("/socket_address/address"));
    v3.chain(v2).filter_map(Value::as_str).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_route_rewritten_to_a_dapr_invocation_reaches_the_app() {
        let config: Value = serde_json::json!({
            "static_resources": {
                "listeners": [{"filter_chains": [{"filters": [{"typed_config": {"route_config": {"virtual_hosts": [{"routes": [
                    {"match": {"prefix": "/b/"}, "route": {"prefix_rewrite": "/v1.0/invoke/basket-api/method/", "cluster": "dapr"}},
                    {"match": {"prefix": "/c/pics/"}, "route": {"prefix_rewrite": "/pics/", "cluster": "catalog"}}
                ]}]}}}]}]}],
                "clusters": [{"name": "dapr", "load_assignment": {"endpoints": [{"lb_endpoints": [{"endpoint": {"address": {"socket_address": {"address": "127.0.0.1", "port_value": 3500}}}}]}]}}]
            }
        });
        let facts = read(&config);
        let targets: Vec<&str> = facts.edges.iter().map(|edge| edge.to.as_str()).collect();
        assert_eq!(targets, ["host:basket-api"]);
    }
}
