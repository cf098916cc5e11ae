//! Components that only watch the others: a module built as a Spring Boot Admin server, a
//! Hystrix dashboard, a Turbine aggregator or a Zipkin server runs a product of its own, as a
//! `grafana` image does, though the org builds it. Services register with it and it polls
//! them; neither is a call between services, so it is infrastructure (`resource:`), and a
//! gateway's discovery locator does not route to it. A module that also serves routes of its
//! own (kbastani's catalog service, which aggregates its Hystrix streams with Turbine) is a
//! service that happens to watch.

use std::collections::BTreeSet;

use serde_json::Value;

use super::Components;
use crate::resolve::ScannedFacts;

/// The artifacts of such servers (`groupId:artifactId`, matched on the artifact).
const MONITORING_SERVERS: &[&str] = &[
    "spring-boot-admin-starter-server",
    "spring-boot-admin-server",
    "spring-cloud-starter-netflix-hystrix-dashboard",
    "spring-cloud-starter-hystrix-dashboard",
    "spring-cloud-starter-netflix-turbine",
    "spring-cloud-starter-netflix-turbine-stream",
    "spring-cloud-starter-turbine",
    "spring-cloud-starter-turbine-stream",
    "zipkin-server",
    "zipkin-autoconfigure-ui",
];

/// Makes each component whose own build (a manifest in its folder, not a module's below it)
/// depends on a monitoring server's artifact a resource.
pub(super) fn mark_monitoring_servers(files: &[ScannedFacts], components: &mut Components) {
    let mut servers: BTreeSet<String> = BTreeSet::new();
    for file in files {
        let monitoring = file.facts.nodes.iter().filter(|node| node.kind == "package").any(|node| {
            let dependencies = node.props.get("dependencies").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str);
            dependencies.map(|dependency| dependency.rsplit(':').next().unwrap_or(dependency)).any(|artifact| MONITORING_SERVERS.contains(&artifact))
        });
        if !monitoring {
            continue;
        }
        let folder = crate::readers::parent_dir(&file.path);
        if let Some(component) = components.owning(&file.repo, &file.path).filter(|component| component.root.as_deref().is_some_and(|root| root == folder)) {
            servers.insert(component.name.clone());
        }
    }
    // Those serving routes of their own, outside tests, stay services.
    let mounted = format!("route:{} ", crate::readers::code::whole_text::PREFIX);
    for file in files.iter().filter(|file| !crate::readers::code::is_test_path(&file.path)) {
        let serves = file.facts.edges.iter().any(|edge| edge.kind == "provides" && (edge.to.starts_with("route:") && !edge.to.starts_with(&mounted) || edge.to.starts_with("grpc:")));
        if serves && let Some(component) = components.owning(&file.repo, &file.path) {
            servers.remove(&component.name);
        }
    }
    for name in servers {
        if let Some(component) = components.by_name.get_mut(&name) {
            component.node_ref = format!("resource:{name}");
        }
    }
}
