//! Which definition of a contract is the contract, and who provides a contract nothing serves
//! in code.
//!
//! Proto refs are global by package (`message:users.v1/User`), so every copy of a `.proto`
//! adds to one contract. A consumer's vendored copy is often stale: merged with the
//! provider's, it shows a renamed field under both names and keeps a removed rpc. When
//! several repos define a package and exactly one of them serves one of its services (a
//! server registration in its code), that repo's definition is the contract and the other
//! copies add nothing to it; the consumers' gRPC clients still reach the API by its name.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};

use crate::model::{naming_key, FileFacts, Method};
use crate::resolve::{Components, GraphBuilder, ScannedFacts};

/// One repo's copy of a proto package: its files, and the naming keys of the services it defines.
#[derive(Default)]
struct PackageCopy<'a> {
    paths: Vec<&'a str>,
    services: BTreeSet<String>,
}

/// The `.proto` files (repo, path) whose package another repo defines and serves.
pub(crate) fn superseded_protos(files: &[ScannedFacts]) -> BTreeSet<(&str, &str)> {
    // package -> repo -> its copy
    let mut definitions: BTreeMap<&str, BTreeMap<&str, PackageCopy<'_>>> = BTreeMap::new();
    // naming keys of the gRPC services each repo's code registers a server for
    let mut served: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        for edge in file.facts.edges.iter().filter(|edge| edge.kind == "provides") {
            if let Some(service) = edge.to.strip_prefix("grpc:") {
                served.entry(file.repo.as_str()).or_default().insert(naming_key(service));
            }
        }
        if !file.path.ends_with(".proto") {
            continue;
        }
        let Some(package) = file.facts.nodes.iter().find(|node| node.kind == "api" && node.props.get("type").and_then(Value::as_str) == Some("proto")) else { continue };
        let services = file.facts.nodes.iter().filter_map(|node| node.props.get("grpc_service").and_then(Value::as_str)).map(naming_key);
        let copy = definitions.entry(package.name.as_str()).or_default().entry(file.repo.as_str()).or_default();
        copy.paths.push(file.path.as_str());
        copy.services.extend(services);
    }
    let mut superseded = BTreeSet::new();
    for copies in definitions.values().filter(|copies| copies.len() >= 2) {
        let serving: Vec<&str> = copies
            .iter()
            .filter(|(repo, copy)| served.get(*repo).is_some_and(|served| copy.services.iter().any(|service| serves(served, service))))
            .map(|(repo, _)| *repo)
            .collect();
        let [server] = serving.as_slice() else { continue };
        for (repo, copy) in copies.iter().filter(|(repo, _)| *repo != server) {
            superseded.extend(copy.paths.iter().map(|path| (*repo, *path)));
        }
    }
    superseded
}

/// Whether a registration (`RegisterUserDirectoryServer` gives `userdirectory`) serves the
/// service with naming key `service`, as gRPC lookups match them (`Orders` serves
/// `OrdersService`).
fn serves(registered: &BTreeSet<String>, service: &str) -> bool {
    registered.contains(service) || service.strip_suffix("service").is_some_and(|short| registered.contains(short))
}

/// A repo holding only its contract provides the gRPC services its proto defines: no server
/// registration will say so.
pub(crate) fn provide_contract_services(graph: &mut GraphBuilder, file: &ScannedFacts, facts: &FileFacts, components: &Components) {
    let Some(owner) = components.owning(&file.repo, &file.path).filter(|owner| components.contract_only.contains(&owner.name)) else { return };
    for node in facts.nodes.iter().filter(|node| node.kind == "api" && node.props.contains_key("grpc_service")) {
        graph.edge(&owner.node_ref, &node.node_ref, "provides", json!({"why": "the repo holds only this contract"}), file.source(&node.pointer), Method::Inferred, 0.8);
    }
}
