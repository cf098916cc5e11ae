//! gRPC services no code read registers: a consumer's client of `CartService` whose server
//! code the brain did not see (not registered, generated, or in a language it does not read)
//! still calls the component named like the service (`cart`, `cartservice`), when exactly one
//! is, and that component is taken to provide it, at a lower confidence.

use std::collections::BTreeSet;

use serde_json::{json, Value};

use crate::model::Method;
use crate::resolve::{Components, GraphBuilder};

/// How sure a provider found by name alone is.
const CONFIDENCE: f64 = 0.6;

pub(crate) fn provide_unserved_by_name(graph: &mut GraphBuilder, components: &Components) {
    let served: BTreeSet<String> = graph.edges().filter(|edge| edge.kind == "provides").map(|edge| edge.to.clone()).collect();
    let consumed: Vec<(String, String, String)> = graph
        .edges()
        .filter(|edge| edge.kind == "consumes" && edge.from.starts_with("component:") && edge.to.starts_with("api:") && !served.contains(&edge.to))
        .map(|edge| (edge.from.clone(), edge.to.clone(), edge.source.clone()))
        .collect();
    for (consumer, api, source) in consumed {
        let Some(service) = graph.nodes().find(|node| node.node_ref == api).and_then(|node| node.props.get("grpc_service").and_then(Value::as_str).map(str::to_string)) else {
            continue;
        };
        let Some(provider) = components.by_env_prefix(&service).filter(|provider| provider.node_ref != consumer && provider.node_ref.starts_with("component:")) else { continue };
        let provider = provider.node_ref.clone();
        graph.edge(&provider, &api, "provides", json!({"why": format!("named like the gRPC service {service}")}), source.clone(), Method::Inferred, CONFIDENCE);
        graph.edge(&consumer, &provider, "depends_on", json!({"via": api}), source, Method::Inferred, CONFIDENCE);
    }
}
