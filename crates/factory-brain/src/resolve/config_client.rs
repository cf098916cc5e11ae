//! A Spring Cloud Config client turned off calls no config server. Deploy files often keep
//! handing every service the server's address (`SPRING_CLOUD_CONFIG_URI=http://config-service:8888`
//! in compose, Polar Bookshop's among them) while each service's own config switches its client
//! off (`spring.cloud.config.enabled: false`): that address then names no dependency. Only an
//! explicit switch counts (older services are given the address without an import), in a
//! document always active, in the service's own config (not a profile's file such as
//! `application-test.yml`, nor its tests'); a switch turned on anywhere in the service's config
//! (a profile that uses the server) keeps the client. What the reader found (see
//! [`crate::readers::discovery::CONFIG_CLIENT`]) is read from the files; the graph never
//! holds it.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::{Components, GraphBuilder, ResolvedEdge, ScannedFacts};
use crate::readers::discovery::CONFIG_CLIENT;

/// The env names of the config client's settings: the server's address, and imports naming it.
const CLIENT_ENVS: [&str; 2] = ["SPRING_CLOUD_CONFIG_URI", "SPRING_CONFIG_IMPORT"];

/// The last keys of the config client's settings (`spring.cloud.config.uri`,
/// `spring.config.import`): a YAML file's edges name a setting by its last key, a properties
/// file's by the whole.
const CLIENT_KEYS: [&str; 2] = ["uri", "import"];

/// What one service's config says of its config client.
#[derive(Default)]
struct Client {
    turned_off: bool,
    turned_on: bool,
    /// The components its config server addresses name.
    servers: BTreeSet<String>,
}

pub(crate) fn drop_disabled_clients(graph: &mut GraphBuilder, files: &[ScannedFacts], components: &Components) {
    let mut clients: BTreeMap<&str, Client> = BTreeMap::new();
    for file in files.iter().filter(|file| !crate::readers::code::is_test_path(&file.path)) {
        let Some(component) = components.owning(&file.repo, &file.path).filter(|component| component.node_ref.starts_with("component:")) else { continue };
        for edge in file.facts.edges.iter().filter(|edge| edge.kind == CONFIG_CLIENT) {
            let client = clients.entry(component.node_ref.as_str()).or_default();
            let always_active = edge.props.get("profile").is_none_or(Value::is_null) && !is_profile_file(&file.path);
            match edge.props.get("enabled").and_then(Value::as_bool) {
                Some(false) if always_active => client.turned_off = true,
                Some(true) => client.turned_on = true,
                _ => {}
            }
            let addresses = edge.props.get("addresses").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str);
            client.servers.extend(addresses.filter_map(|host| components.by_host(host)).map(|server| server.node_ref.clone()));
        }
    }
    let disabled: BTreeMap<&str, &Client> = clients.iter().filter(|(_, client)| client.turned_off && !client.turned_on).map(|(name, client)| (*name, client)).collect();
    if disabled.is_empty() {
        return;
    }
    let names_the_server = |edge: &ResolvedEdge, client: &Client| {
        let text = |key: &str| edge.props.get(key).and_then(Value::as_str);
        text("env").is_some_and(|env| CLIENT_ENVS.contains(&env.to_ascii_uppercase().as_str()))
            || (text("config").and_then(|key| key.rsplit('.').next()).is_some_and(|key| CLIENT_KEYS.contains(&key)) && client.servers.contains(&edge.to))
    };
    let dropped: Vec<ResolvedEdge> = graph
        .edges()
        .filter(|edge| edge.kind == "depends_on")
        .filter(|edge| disabled.get(edge.from.as_str()).is_some_and(|client| names_the_server(edge, client)))
        .cloned()
        .collect();
    // Compose's start order towards a server no longer called says nothing either.
    let servers: BTreeSet<(&str, &str)> = dropped.iter().map(|edge| (edge.from.as_str(), edge.to.as_str())).collect();
    let waits: Vec<ResolvedEdge> = graph
        .edges()
        .filter(|edge| edge.kind == "depends_on" && servers.contains(&(edge.from.as_str(), edge.to.as_str())))
        .filter(|edge| edge.props.get("via").and_then(Value::as_str) == Some("depends_on"))
        .cloned()
        .collect();
    for edge in dropped.iter().chain(&waits) {
        graph.remove_edge(edge);
    }
}

/// Whether a Spring config file is a profile's (`application-docker.yml`, `bootstrap-test.properties`).
fn is_profile_file(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path).to_lowercase();
    let stem = name.rsplit_once('.').map_or(name.as_str(), |(stem, _)| stem);
    crate::readers::spring::is_config_file(&name) && stem.contains('-')
}
