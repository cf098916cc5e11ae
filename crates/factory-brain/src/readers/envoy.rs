//! Envoy bootstrap config: each static cluster's endpoint addresses are the upstreams the
//! proxy sends traffic to, so the component owning the file depends on them. An address
//! named by a variable (`address: ${FRONTEND_HOST}`, an envsubst template) becomes a
//! `setting:` edge that resolution fills from the `.env`.

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
    facts
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
