//! Spring Cloud Gateway's routes in a Spring config (`spring.cloud.gateway.routes`, or
//! `spring.cloud.gateway.server.webflux.routes` since 2025): each route's `uri` is a service
//! the gateway forwards to, and its `Path=` predicates the prefixes it forwards, which
//! resolution follows for calls through the gateway (`resolve/gateways.rs`), as it does nginx's
//! locations. alibou's gateway sends `Path=/api/v1/payments/**` to `lb:http://PAYMENT-SERVICE`.

use serde_json::{Value, json};

use crate::model::FileFacts;
use crate::yaml::dotted;

const ROUTE_LISTS: [&str; 3] = ["spring.cloud.gateway.routes", "spring.cloud.gateway.server.webflux.routes", "spring.cloud.gateway.server.webmvc.routes"];

/// The routes of one document: an edge from the gateway (`self`) to each route's host, with
/// the prefix of each of its `Path=` predicates as `location`.
pub fn routes(document: &Value) -> FileFacts {
    let mut facts = FileFacts::default();
    for list in ROUTE_LISTS {
        for (index, route) in dotted(document, list).and_then(Value::as_array).into_iter().flatten().enumerate() {
            let Some(host) = route.get("uri").and_then(Value::as_str).and_then(|uri| crate::net::host_of(uri.trim_start_matches("lb:"), false)) else { continue };
            for predicate in route.get("predicates").and_then(Value::as_array).into_iter().flatten() {
                let Some(paths) = predicate.as_str().and_then(|predicate| predicate.strip_prefix("Path=")) else { continue };
                for prefix in paths.split(',').filter_map(path_prefix) {
                    let pointer = format!("/{}/{index}/predicates", list.replace('.', "/"));
                    facts.inferred_edge("self", &format!("host:{}", host.to_lowercase()), "depends_on", json!({"config": "uri", "location": prefix}), &pointer, 0.85);
                }
            }
        }
    }
    facts
}

/// The literal prefix of a path pattern: `/api/v1/payments/**` -> `/api/v1/payments`; none for
/// a pattern with nothing literal before its wildcards (`/**`).
fn path_prefix(pattern: &str) -> Option<String> {
    let literal: Vec<&str> = pattern.trim().split('/').take_while(|segment| !segment.contains(['*', '{', '?'])).filter(|segment| !segment.is_empty()).collect();
    (!literal.is_empty()).then(|| format!("/{}", literal.join("/")))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_path_predicate_is_a_location_of_the_routes_host() {
        let yaml = "spring:\n  cloud:\n    gateway:\n      routes:\n        - id: payment-service\n          uri: lb:http://PAYMENT-SERVICE\n          predicates:\n            - Path=/api/v1/payments/**,/api/v2/payments\n        - id: everything\n          uri: lb://fallback\n          predicates:\n            - Path=/**\n        - id: by-host\n          uri: http://legacy:8080\n          predicates:\n            - Host=**.legacy.org\n";
        let document = crate::yaml::document(yaml).expect("yaml");
        let edges: Vec<String> = routes(&document).edges.iter().map(|edge| format!("{} {}", edge.to, edge.props["location"].as_str().unwrap_or(""))).collect();
        assert_eq!(edges, ["host:payment-service /api/v1/payments", "host:payment-service /api/v2/payments"]);
    }
}
