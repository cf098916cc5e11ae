//! Services that follow the links their callers send (`readers::code::links`) depend on the
//! services those links lead to. Sock Shop's orders service fetches the customer, address, card
//! and items URLs the front end posts; the front end's `api/orders/index.js`, which posts the
//! order, builds them from `endpoints.customersUrl` and `endpoints.cartsUrl`, the properties of
//! `api/endpoints.js` whose values are the user and carts services' URLs. So orders depends on
//! user and carts, though its own code and config name neither.
//!
//! A caller's file links to a service when it reads a property (`endpoints.cartsUrl`) that a
//! file of its repo named like the holder (`endpoints.js`) gives a URL of that service.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use super::{GraphBuilder, ScannedFacts, components::Components};
use crate::model::Method;
use crate::readers::code::links::FOLLOWS_LINKS;
use crate::readers::code::literals::{URL_PROPERTY, URL_PROPERTY_PREFIX};

/// Adds `depends_on` edges from each link-following service to the services its callers'
/// calling files name by a URL property: callers of the following handler's own routes (of any
/// operation of the service's APIs where its file declares none).
pub(crate) fn follow_passed_links(graph: &mut GraphBuilder, files: &[ScannedFacts], components: &Components) {
    // follower -> the routes (`POST /orders`) of its files that follow links
    let mut followers: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files.iter().filter(|file| file.facts.edges.iter().any(|edge| edge.kind == FOLLOWS_LINKS)) {
        let Some(component) = components.owning_or_declaring(&file.repo, &file.path) else { continue };
        let routes = file.facts.edges.iter().filter(|edge| edge.kind == "provides").filter_map(|edge| edge.to.strip_prefix("route:")).map(route_key);
        followers.entry(component.node_ref.clone()).or_default().extend(routes);
    }
    if followers.is_empty() {
        return;
    }
    // (repo, file stem, property) -> the component its URL names
    let mut properties: BTreeMap<(&str, &str, &str), String> = BTreeMap::new();
    for file in files {
        for edge in file.facts.edges.iter().filter(|edge| edge.kind == URL_PROPERTY) {
            let (Some(key), Some(host)) = (edge.to.strip_prefix(URL_PROPERTY_PREFIX), edge.props.get("host").and_then(Value::as_str)) else { continue };
            if let Some(component) = components.by_host(host) {
                properties.entry((file.repo.as_str(), stem(&file.path), key)).or_insert_with(|| component.node_ref.clone());
            }
        }
    }
    let by_path: BTreeMap<(&str, &str), &ScannedFacts> = files.iter().map(|file| ((file.repo.as_str(), file.path.as_str()), file)).collect();
    let mut provided: BTreeMap<&str, &str> = BTreeMap::new();
    for edge in graph.edges().filter(|edge| edge.kind == "provides" && followers.contains_key(&edge.from)) {
        if let Some(api) = edge.to.strip_prefix("api:") {
            provided.insert(api, edge.from.as_str());
        }
    }
    // (follower, caller, the caller's file's source) of each call of a following route
    let mut calls: BTreeSet<(String, String, String)> = BTreeSet::new();
    for edge in graph.edges().filter(|edge| edge.kind == "consumes" && edge.from.starts_with("component:")) {
        let Some((api, operation)) = edge.to.strip_prefix("operation:").and_then(|operation| operation.split_once('/')) else { continue };
        let Some(follower) = provided.get(api) else { continue };
        let routes = &followers[*follower];
        if edge.from != **follower && (routes.is_empty() || routes.contains(&route_key(operation))) {
            calls.insert((follower.to_string(), edge.from.clone(), edge.source.clone()));
        }
    }
    let mut added: Vec<(String, String, String, String)> = Vec::new();
    for (follower, caller, source) in calls {
        let Some((repo, path)) = source.split_once('@').and_then(|(repo, rest)| rest.split_once(':').map(|(_, location)| (repo, location.split('#').next().unwrap_or(location)))) else {
            continue;
        };
        let Some(file) = by_path.get(&(repo, path)) else { continue };
        for read in &file.facts.field_reads {
            let Some(holder) = read.holder.as_deref() else { continue };
            let Some(target) = properties.get(&(repo, holder, read.field.as_str())) else { continue };
            if *target != follower && *target != caller {
                added.push((follower.clone(), target.clone(), file.source(&format!("L{}", read.line)), caller.clone()));
            }
        }
    }
    for (follower, target, source, caller) in added {
        graph.edge(&follower, &target, "depends_on", json!({"via": "links its callers send", "caller": caller}), source, Method::Inferred, 0.6);
    }
}

/// A route or operation as `METHOD /path` with its parameters unnamed (`GET /orders/{}`).
fn route_key(route: &str) -> String {
    let (method, path) = route.split_once(' ').unwrap_or(("ANY", route));
    let path: Vec<&str> = path.split('/').map(|segment| if segment.starts_with('{') || segment.starts_with(':') { "{}" } else { segment }).collect();
    format!("{} {}", method.to_uppercase(), path.join("/"))
}

/// A path's file name without its extension.
fn stem(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.split('.').next().unwrap_or(name)
}
