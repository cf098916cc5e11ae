//! Gateways that reach services through their registry: a Spring Cloud Gateway whose discovery
//! locator is on routes to every service registered with the registry, by its registered name
//! (JHipster's `/services/<name>/**`), though no route or call of its own names one. Each
//! service whose config registers it (see [`crate::readers::discovery`]) is a dependency of
//! each such gateway in the org; config in test folders registers nothing.

use serde_json::json;

use super::{Components, GraphBuilder, ScannedFacts};
use crate::model::Method;
use crate::readers::discovery::{LOCATES, REGISTERS};

/// How sure a locator's route is a dependency: the gateway can reach the service, which its
/// users may or may not ask for.
const CONFIDENCE: f64 = 0.8;

pub(crate) fn route_through_locators(graph: &mut GraphBuilder, files: &[ScannedFacts], components: &Components) {
    let facts = |kind: &'static str| {
        files
            .iter()
            .filter(|file| !crate::readers::code::is_test_path(&file.path))
            .flat_map(move |file| file.facts.edges.iter().filter(move |edge| edge.kind == kind).map(move |edge| (file, edge)))
            .filter_map(|(file, edge)| components.owning(&file.repo, &file.path).filter(|component| component.node_ref.starts_with("component:")).map(|component| (component, file, edge)))
    };
    let mut gateways: Vec<_> = facts(LOCATES).collect();
    if gateways.is_empty() {
        return;
    }
    gateways.dedup_by(|a, b| a.0.node_ref == b.0.node_ref);
    let mut registered: Vec<&str> = facts(REGISTERS).map(|(component, _, _)| component.node_ref.as_str()).collect();
    registered.sort_unstable();
    registered.dedup();
    for (gateway, file, edge) in gateways {
        for service in registered.iter().filter(|service| **service != gateway.node_ref) {
            let mut props = json!({"via": "discovery locator"});
            if let Some(pattern) = edge.props.get("pattern").filter(|pattern| !pattern.is_null()) {
                props["pattern"] = pattern.clone();
            }
            graph.edge(&gateway.node_ref, service, "depends_on", props, file.source(&edge.pointer), Method::Inferred, CONFIDENCE);
        }
    }
}
