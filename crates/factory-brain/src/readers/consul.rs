//! Consul service mesh upstreams: the services a service's sidecar proxy connects it to are
//! the services it calls. Declared in a service definition (HCL, `.hcl` and Nomad's `.nomad`,
//! or JSON): `service { name = "public-api" connect { sidecar_service { proxy { upstreams = [{
//! destination_name = "payments" }] } } } }`; on a Kubernetes workload, the annotation
//! `consul.hashicorp.com/connect-service-upstreams: "product-api:9090,payments:1800"` (read by
//! [`crate::readers::kubernetes`] through [`annotation_upstreams`]).

use std::sync::LazyLock;

use regex::Regex;
use serde_json::{Value, json};

use crate::model::{FileFacts, Method};

/// The pod annotation listing a workload's upstreams.
pub const UPSTREAMS_ANNOTATION: &str = "consul.hashicorp.com/connect-service-upstreams";

/// Whether a file is HCL a Consul service definition may be in (`.hcl`, Nomad's `.nomad`).
pub fn is_hcl(extension: &str) -> bool {
    matches!(extension, "hcl" | "nomad")
}

/// The services an upstreams annotation names: `product-api:9090, payments:1800:dc2`,
/// `orders.team-a:8080` (a namespace after the name); a prepared query's
/// (`prepared_query:orders:8080`) names none for sure.
pub fn annotation_upstreams(value: &str) -> Vec<String> {
    value
        .split(',')
        .map(str::trim)
        .filter(|item| !item.is_empty() && !item.starts_with("prepared_query:"))
        .filter_map(|item| item.split(':').next()?.split('.').next().map(str::to_lowercase))
        .filter(|name| crate::net::normalize_host(name).is_some())
        .collect()
}

/// The `depends_on` edge from `from` (`host:<name>`) to an upstream.
pub fn upstream_edge(facts: &mut FileFacts, from: &str, upstream: &str, pointer: &str) {
    facts.edge(from, &format!("host:{}", upstream.to_lowercase()), "depends_on", json!({"via": "consul upstream"}), pointer, Method::Declared);
}

/// HCL service definitions: each `service {` (or `services {`) block's own `name` and the
/// `destination_name` of every upstream inside it.
pub fn read_hcl(text: &str) -> FileFacts {
    static SERVICE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^\s*services?\s*\{").expect("a valid regex"));
    static NAME: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"\bname\s*=\s*"([^"$]+)""#).expect("a valid regex"));
    static DESTINATION: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"\bdestination_name\s*=\s*"([^"$]+)""#).expect("a valid regex"));
    let mut facts = FileFacts::default();
    if !text.contains("destination_name") {
        return facts;
    }
    for block in SERVICE.find_iter(text) {
        let Some(body) = braced(&text[block.end() - 1..]) else { continue };
        let depths = depths(body);
        // The service's own name, not a check's inside it (`check { name = "status" }`).
        let Some(name) = NAME.captures_iter(body).find(|found| found.get(0).is_some_and(|whole| depths[whole.start()] == 0)) else { continue };
        let from = format!("host:{}", name[1].to_lowercase());
        for destination in DESTINATION.captures_iter(body) {
            let line = text[..block.end() + destination.get(0).map_or(0, |whole| whole.start())].lines().count();
            upstream_edge(&mut facts, &from, &destination[1], &format!("L{line}"));
        }
    }
    facts
}

/// A JSON service definition: `{"service": {"name": .., "connect": {"sidecar_service": {"proxy":
/// {"upstreams": [{"destination_name": ..}]}}}}}`, or a `services` list of them.
pub fn read_json(document: &Value) -> FileFacts {
    let mut facts = FileFacts::default();
    let services: Vec<(String, &Value)> = match (document.get("service"), document.get("services")) {
        (Some(service), _) => vec![("/service".to_string(), service)],
        (None, Some(Value::Array(services))) => services.iter().enumerate().map(|(index, service)| (format!("/services/{index}"), service)).collect(),
        _ => Vec::new(),
    };
    for (pointer, service) in services {
        let (Some(name), Some(upstreams)) =
            (service.get("name").and_then(Value::as_str), service.pointer("/connect/sidecar_service/proxy/upstreams").and_then(Value::as_array))
        else {
            continue;
        };
        for (index, upstream) in upstreams.iter().enumerate() {
            if let Some(destination) = upstream.get("destination_name").and_then(Value::as_str) {
                upstream_edge(&mut facts, &format!("host:{}", name.to_lowercase()), destination, &format!("{pointer}/connect/sidecar_service/proxy/upstreams/{index}"));
            }
        }
    }
    facts
}

/// Whether a JSON or YAML document is a Consul service definition with upstreams.
pub fn looks_like_service_definition(document: &Value) -> bool {
    let has_upstreams = |service: &Value| service.get("name").is_some() && service.pointer("/connect/sidecar_service/proxy/upstreams").is_some();
    document.get("service").is_some_and(has_upstreams) || document.get("services").and_then(Value::as_array).is_some_and(|services| services.iter().any(has_upstreams))
}

/// The text inside the braces `text` opens with, `None` when they do not close.
fn braced(text: &str) -> Option<&str> {
    let mut depth = 0usize;
    for (at, character) in text.char_indices() {
        match character {
            '{' => depth += 1,
            '}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(&text[1..at]);
                }
            }
            _ => {}
        }
    }
    None
}

/// The brace depth at each byte of a block's body.
fn depths(body: &str) -> Vec<usize> {
    let mut depth = 0usize;
    body.bytes()
        .map(|byte| {
            match byte {
                b'{' | b'[' => depth += 1,
                b'}' | b']' => depth = depth.saturating_sub(1),
                _ => {}
            }
            depth
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edges(facts: &FileFacts) -> Vec<String> {
        facts.edges.iter().map(|edge| format!("{} -> {}", edge.from, edge.to)).collect()
    }

    #[test]
    fn an_annotation_lists_upstreams_with_ports_and_datacenters() {
        assert_eq!(annotation_upstreams("product-api:9090, payments:1800:dc2,orders.team-a:80,prepared_query:q:81"), ["product-api", "payments", "orders"]);
        assert!(annotation_upstreams("").is_empty());
    }

    /// hashicups' docker-compose-consul client config and its Nomad job.
    #[test]
    fn hcl_service_definitions_name_their_upstreams() {
        let hcl = "service {\n  name = \"public-api\"\n  port = 8080\n  connect {\n    sidecar_service {\n      proxy {\n        upstreams = [\n          {\n            destination_name = \"payments\"\n            local_bind_port  = 1800\n          },\n          {\n            destination_name = \"product-api\"\n          }\n        ]\n      }\n    }\n  }\n  check {\n    name = \"public-api status check\"\n  }\n}\n";
        assert_eq!(edges(&read_hcl(hcl)), ["host:public-api -> host:payments", "host:public-api -> host:product-api"]);
        let nomad = "job \"public-api\" {\n  type = \"service\"\n  group \"public-api\" {\n    service {\n      name = \"public-api\"\n      connect {\n        sidecar_service {\n          proxy {\n            upstreams {\n              destination_name = \"product-api\"\n            }\n          }\n        }\n      }\n    }\n  }\n}\n";
        assert_eq!(edges(&read_hcl(nomad)), ["host:public-api -> host:product-api"]);
        let json = serde_json::json!({"service": {"name": "web", "connect": {"sidecar_service": {"proxy": {"upstreams": [{"destination_name": "api", "local_bind_port": 9191}]}}}}});
        assert!(looks_like_service_definition(&json));
        assert_eq!(edges(&read_json(&json)), ["host:web -> host:api"]);
    }
}
