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
use crate::readers::code::literals::PROPERTY_KEY;

/// Adds `depends_on` edges from each link-following service to the services its callers'
/// calling files name by a URL property.
pub(crate) fn follow_passed_links(graph: &mut GraphBuilder, files: &[ScannedFacts], components: &Components) {
    let followers: BTreeSet<String> = files
        .iter()
        .filter(|file| file.facts.edges.iter().any(|edge| edge.kind == FOLLOWS_LINKS))
        .filter_map(|file| components.owning_or_declaring(&file.repo, &file.path).map(|component| component.node_ref.clone()))
        .collect();
    if followers.is_empty() {
        return;
    }
    let by_path: BTreeMap<(&str, &str), &ScannedFacts> = files.iter().map(|file| ((file.repo.as_str(), file.path.as_str()), file)).collect();
    let mut added: Vec<(String, String, String, String)> = Vec::new();
    for follower in &followers {
        let apis: BTreeSet<&str> = graph.edges().filter(|edge| edge.from == *follower && edge.kind == "provides").filter_map(|edge| edge.to.strip_prefix("api:")).collect();
        // The files calling an operation of the follower's APIs, and who calls.
        let callers: BTreeSet<(String, String)> = graph
            .edges()
            .filter(|edge| edge.kind == "consumes" && edge.from != *follower && edge.from.starts_with("component:"))
            .filter(|edge| edge.to.strip_prefix("operation:").and_then(|operation| operation.split_once('/')).is_some_and(|(api, _)| apis.contains(api)))
            .map(|edge| (edge.from.clone(), edge.source.clone()))
            .collect();
        for (caller, source) in callers {
            let Some((repo, path)) = source.split_once('@').and_then(|(repo, rest)| rest.split_once(':').map(|(_, location)| (repo, location.split('#').next().unwrap_or(location)))) else {
                continue;
            };
            let Some(file) = by_path.get(&(repo, path)) else { continue };
            for read in &file.facts.field_reads {
                let Some(holder) = read.holder.as_deref() else { continue };
                let Some(target) = linked_service(files, components, repo, holder, &read.field) else { continue };
                if target != *follower && target != caller {
                    added.push((follower.clone(), target, file.source(&format!("L{}", read.line)), caller.clone()));
                }
            }
        }
    }
    for (follower, target, source, caller) in added {
        graph.edge(&follower, &target, "depends_on", json!({"via": "links its callers send", "caller": caller}), source, Method::Inferred, 0.6);
    }
}

/// The service whose URL a file of `repo` named like `holder` (`endpoints.js` for `endpoints`)
/// gives as the value of its property `key`.
fn linked_service(files: &[ScannedFacts], components: &Components, repo: &str, holder: &str, key: &str) -> Option<String> {
    files
        .iter()
        .filter(|file| file.repo == repo && stem(&file.path) == holder)
        .flat_map(|file| file.facts.edges.iter())
        .filter(|edge| edge.kind == "depends_on" && edge.props.get(PROPERTY_KEY).and_then(Value::as_str) == Some(key))
        .find_map(|edge| edge.to.strip_prefix("host:").and_then(|host| components.by_host(host)).map(|component| component.node_ref.clone()))
}

/// A path's file name without its extension.
fn stem(path: &str) -> &str {
    let name = path.rsplit('/').next().unwrap_or(path);
    name.split('.').next().unwrap_or(name)
}
