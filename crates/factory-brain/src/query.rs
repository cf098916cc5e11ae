//! Questions the brain answers, each with the edges that explain the answer.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use serde::Serialize;
use serde_json::Value;

use crate::graph::{Graph, Step};

/// `brain export`: every current node and edge in a stable shape. Edges are one per
/// (from, to, kind), with every source that supports them.
#[derive(Debug, Clone, Serialize)]
pub struct Export {
    pub nodes: Vec<ExportNode>,
    pub edges: Vec<ExportEdge>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExportNode {
    #[serde(rename = "ref")]
    pub node_ref: String,
    pub kind: String,
    pub name: String,
    pub props: Value,
    pub source: String,
    pub method: String,
    pub confidence: f64,
    pub valid_from: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ExportEdge {
    pub from: String,
    pub to: String,
    pub kind: String,
    pub props: Value,
    pub method: String,
    pub confidence: f64,
    pub sources: Vec<String>,
    pub valid_from: String,
}

pub fn export(graph: &Graph) -> Export {
    let nodes = graph
        .nodes
        .values()
        .map(|node| ExportNode {
            node_ref: node.node_ref.clone(),
            kind: node.kind.clone(),
            name: node.name.clone(),
            props: node.props.clone(),
            source: node.source.clone(),
            method: node.method.clone(),
            confidence: node.confidence,
            valid_from: node.valid_from.clone(),
        })
        .collect();
    let mut edges: BTreeMap<(String, String, String), ExportEdge> = BTreeMap::new();
    for edge in &graph.edges {
        let key = (edge.from_ref.clone(), edge.kind.clone(), edge.to_ref.clone());
        let entry = edges.entry(key).or_insert_with(|| ExportEdge {
            from: edge.from_ref.clone(),
            to: edge.to_ref.clone(),
            kind: edge.kind.clone(),
            props: edge.props.clone(),
            method: edge.method.clone(),
            confidence: edge.confidence,
            sources: Vec::new(),
            valid_from: edge.valid_from.clone(),
        });
        let better = method_rank(&edge.method) < method_rank(&entry.method) || (edge.method == entry.method && edge.confidence > entry.confidence);
        if better {
            entry.method = edge.method.clone();
            entry.confidence = edge.confidence;
            entry.props = edge.props.clone();
        }
        if edge.valid_from < entry.valid_from {
            entry.valid_from = edge.valid_from.clone();
        }
        entry.sources.push(edge.source.clone());
    }
    Export { nodes, edges: edges.into_values().collect() }
}

fn method_rank(method: &str) -> u8 {
    match method {
        "declared" => 0,
        "parsed" => 1,
        "observed" => 2,
        _ => 3,
    }
}

/// `brain show`: a node with its edges both ways.
#[derive(Debug, Clone, Serialize)]
pub struct Show {
    pub node: ExportNode,
    pub outgoing: Vec<Step>,
    pub incoming: Vec<Step>,
}

pub fn show(graph: &Graph, node_ref: &str) -> Option<Show> {
    let node = graph.find(node_ref)?;
    let export_node = ExportNode {
        node_ref: node.node_ref.clone(),
        kind: node.kind.clone(),
        name: node.name.clone(),
        props: node.props.clone(),
        source: node.source.clone(),
        method: node.method.clone(),
        confidence: node.confidence,
        valid_from: node.valid_from.clone(),
    };
    Some(Show {
        outgoing: graph.outgoing(&node.node_ref).map(Step::of).collect(),
        incoming: graph.incoming(&node.node_ref).map(Step::of).collect(),
        node: export_node,
    })
}

/// One node an answer lists, with the path of edges from the question to it.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reached {
    #[serde(rename = "ref")]
    pub node_ref: String,
    pub kind: String,
    pub path: Vec<Step>,
}

/// Walks from `start` along edges chosen by `step` (which returns the next refs, with the
/// edge that leads there), breadth first, each node once: shortest explanations first.
fn walk<'a>(graph: &'a Graph, start: &str, step: impl Fn(&'a Graph, &str, usize) -> Vec<(String, &'a factory_store::graph::EdgeRow)>) -> Vec<Reached> {
    let mut seen: BTreeSet<String> = BTreeSet::from([start.to_string()]);
    let mut queue: VecDeque<(String, Vec<Step>)> = VecDeque::from([(start.to_string(), Vec::new())]);
    let mut reached = Vec::new();
    while let Some((current, path)) = queue.pop_front() {
        for (next, edge) in step(graph, &current, path.len()) {
            if !seen.insert(next.clone()) {
                continue;
            }
            let mut next_path = path.clone();
            next_path.push(Step::of(edge));
            let kind = graph.node(&next).map(|node| node.kind.clone()).unwrap_or_else(|| crate::model::split_ref(&next).0.to_string());
            reached.push(Reached { node_ref: next.clone(), kind, path: next_path.clone() });
            queue.push_back((next, next_path));
        }
    }
    reached
}

/// Who is affected when `node_ref` changes: walked against the direction of use.
pub fn dependents(graph: &Graph, node_ref: &str) -> Vec<Reached> {
    walk(graph, node_ref, |graph, current, depth| {
        let kind = crate::model::split_ref(current).0;
        let kinds: &[&str] = match kind {
            "field" | "operation" | "message" | "rpc" => &["uses", "defines", "consumes", "subscribes", "publishes"],
            "api" => &["consumes", "provides", "subscribes", "part_of"],
            "channel" => &["subscribes", "publishes"],
            // Who reports to an observability backend asked about is affected by it too (in its
            // telemetry, not its function: what depends on the reporters is not).
            "component" | "resource" if depth == 0 => &["depends_on", "consumes", "reports_to"],
            "component" | "resource" => &["depends_on", "consumes"],
            "repo" => &["part_of"],
            _ => &[],
        };
        // A channel's publisher and subscriber are joined by a `depends_on` from the publisher
        // (`via: channel:x`): a change to the publisher reaches its subscribers, while a change
        // to a subscriber leaves what is published to it as it was.
        let through_channel = |edge: &&factory_store::graph::EdgeRow| {
            edge.kind == "depends_on" && edge.props.get("via").and_then(serde_json::Value::as_str).is_some_and(|via| via.starts_with("channel:"))
        };
        let mut next: Vec<(String, &factory_store::graph::EdgeRow)> =
            graph.incoming(current).filter(|edge| kinds.contains(&edge.kind.as_str()) && !through_channel(edge)).map(|edge| (edge.from_ref.clone(), edge)).collect();
        // Only from the component asked about: one reached through a channel or a call is
        // affected in what it receives or answers, not in all it publishes.
        if kind == "component" && depth == 0 {
            next.extend(graph.outgoing(current).filter(through_channel).map(|edge| (edge.to_ref.clone(), edge)));
        }
        if kind == "api" {
            // Consumers often name an API's operations, messages or rpcs rather than the API:
            // a change to the API reaches them through what it defines.
            next.extend(
                graph
                    .outgoing(current)
                    .filter(|edge| edge.kind == "defines" && matches!(crate::model::split_ref(&edge.to_ref).0, "operation" | "message" | "rpc" | "channel"))
                    .map(|edge| (edge.to_ref.clone(), edge)),
            );
        }
        next
    })
}

/// Who owns `node_ref`: its own owners, else those of what contains or provides it.
pub fn owners(graph: &Graph, node_ref: &str) -> Vec<Reached> {
    let direct: Vec<Reached> = graph
        .outgoing(node_ref)
        .filter(|edge| edge.kind == "owned_by")
        .map(|edge| Reached { node_ref: edge.to_ref.clone(), kind: crate::model::split_ref(&edge.to_ref).0.to_string(), path: vec![Step::of(edge)] })
        .collect();
    if !direct.is_empty() {
        return direct;
    }
    // Up through containers: field <- api (defines), api <- component (provides), component -> repo.
    let containers = walk(graph, node_ref, |graph, current, depth| {
        if depth > 4 {
            return Vec::new();
        }
        let mut next: Vec<(String, &factory_store::graph::EdgeRow)> =
            graph.incoming(current).filter(|edge| matches!(edge.kind.as_str(), "defines" | "provides")).map(|edge| (edge.from_ref.clone(), edge)).collect();
        next.extend(graph.outgoing(current).filter(|edge| edge.kind == "part_of" && edge.to_ref.starts_with("repo:")).map(|edge| (edge.to_ref.clone(), edge)));
        next
    });
    for container in containers {
        let found: Vec<Reached> = graph
            .outgoing(&container.node_ref)
            .filter(|edge| edge.kind == "owned_by")
            .map(|edge| {
                let mut path = container.path.clone();
                path.push(Step::of(edge));
                Reached { node_ref: edge.to_ref.clone(), kind: crate::model::split_ref(&edge.to_ref).0.to_string(), path }
            })
            .collect();
        if !found.is_empty() {
            return found;
        }
    }
    Vec::new()
}

/// Who consumes `node_ref` (a component, API, operation, message, rpc or field).
pub fn consumers(graph: &Graph, node_ref: &str) -> Vec<Reached> {
    let mut found: Vec<Reached> = dependents(graph, node_ref).into_iter().filter(|reached| reached.kind == "component" && reached.path.iter().any(|step| matches!(step.kind.as_str(), "consumes" | "depends_on" | "subscribes"))).collect();
    found.retain(|reached| reached.path.last().is_some_and(|step| step.kind != "provides"));
    // Whoever calls a channel's publisher is not a consumer of the channel.
    found.retain(|reached| !reached.path.iter().any(|step| step.kind == "publishes"));
    found
}

/// Tests that cover `node_ref` or the components it belongs to.
pub fn tests(graph: &Graph, node_ref: &str) -> Vec<Reached> {
    let mut targets = vec![Reached { node_ref: node_ref.to_string(), kind: String::new(), path: Vec::new() }];
    targets.extend(walk(graph, node_ref, |graph, current, depth| {
        if depth > 3 {
            return Vec::new();
        }
        graph.incoming(current).filter(|edge| matches!(edge.kind.as_str(), "defines" | "provides")).map(|edge| (edge.from_ref.clone(), edge)).collect()
    }));
    let mut found = Vec::new();
    let mut seen = BTreeSet::new();
    for target in targets {
        for edge in graph.incoming(&target.node_ref).filter(|edge| matches!(edge.kind.as_str(), "covers" | "tests")) {
            if seen.insert(edge.from_ref.clone()) {
                let mut path = target.path.clone();
                path.push(Step::of(edge));
                found.push(Reached { node_ref: edge.from_ref.clone(), kind: crate::model::split_ref(&edge.from_ref).0.to_string(), path });
            }
        }
    }
    found
}

/// `brain impact`: what a change to the target affects, who to tell, which tests prove it.
#[derive(Debug, Clone, Serialize)]
pub struct Impact {
    pub targets: Vec<String>,
    pub affected: Vec<Reached>,
    pub components: Vec<String>,
    pub contracts: Vec<String>,
    pub owners: Vec<Reached>,
    pub tests: Vec<Reached>,
    pub decisions: Vec<Reached>,
    /// Lessons from past runs about anything involved.
    pub lessons: Vec<Reached>,
}

pub fn impact(graph: &Graph, targets: &[String]) -> Impact {
    let mut affected: Vec<Reached> = Vec::new();
    let mut seen: BTreeSet<String> = targets.iter().cloned().collect();
    for target in targets {
        for reached in dependents(graph, target) {
            if seen.insert(reached.node_ref.clone()) {
                affected.push(reached);
            }
        }
    }
    let mut components: BTreeSet<String> = BTreeSet::new();
    let mut contracts: BTreeSet<String> = BTreeSet::new();
    for node_ref in targets.iter().chain(affected.iter().map(|reached| &reached.node_ref)) {
        match crate::model::split_ref(node_ref).0 {
            "component" => {
                components.insert(node_ref.clone());
            }
            "api" => {
                contracts.insert(node_ref.clone());
            }
            _ => {}
        }
    }
    // A component's own contracts are involved in any change to it; not in one to the
    // observability backend it only reports to.
    let reporters: BTreeSet<&str> = affected.iter().filter(|reached| reached.path.iter().all(|step| step.kind == "reports_to")).map(|reached| reached.node_ref.as_str()).collect();
    for component in components.iter().filter(|component| !reporters.contains(component.as_str())) {
        for edge in graph.outgoing(component).filter(|edge| edge.kind == "provides") {
            contracts.insert(edge.to_ref.clone());
        }
    }
    let mut owner_list = Vec::new();
    let mut test_list = Vec::new();
    let mut decisions = Vec::new();
    let mut owner_seen = BTreeSet::new();
    let mut test_seen = BTreeSet::new();
    for subject in targets.iter().chain(components.iter()) {
        for owner in owners(graph, subject) {
            if owner_seen.insert(owner.node_ref.clone()) {
                owner_list.push(owner);
            }
        }
        for test in tests(graph, subject) {
            if test_seen.insert(test.node_ref.clone()) {
                test_list.push(test);
            }
        }
        for edge in graph.incoming(subject).filter(|edge| edge.kind == "governs") {
            if decisions.iter().any(|decision: &Reached| decision.node_ref == edge.from_ref) {
                continue;
            }
            decisions.push(Reached { node_ref: edge.from_ref.clone(), kind: "decision".into(), path: vec![Step::of(edge)] });
        }
    }
    let mut lessons: Vec<Reached> = Vec::new();
    let involved = targets.iter().chain(components.iter()).chain(contracts.iter()).chain(affected.iter().map(|reached| &reached.node_ref));
    for subject in involved {
        for edge in graph.incoming(subject).filter(|edge| edge.kind == "applies_to") {
            if !lessons.iter().any(|lesson| lesson.node_ref == edge.from_ref) {
                lessons.push(Reached { node_ref: edge.from_ref.clone(), kind: "lesson".into(), path: vec![Step::of(edge)] });
            }
        }
    }
    Impact { targets: targets.to_vec(), affected, components: components.into_iter().collect(), contracts: contracts.into_iter().collect(), owners: owner_list, tests: test_list, decisions, lessons }
}

/// The nodes a file path stands for: what was read from it, and the component whose folder
/// holds it. `path` may start with the repo's name (`orders-api/openapi.yaml`).
pub fn nodes_for_path(graph: &Graph, path: &str) -> Vec<String> {
    let path = path.trim_start_matches("./");
    let mut found = BTreeSet::new();
    for node in graph.nodes.values() {
        let Some((repo, location)) = node.source.split_once('@').and_then(|(repo, rest)| rest.split_once(':').map(|(_, location)| (repo, location))) else { continue };
        let file = location.split('#').next().unwrap_or(location);
        if file.is_empty() {
            continue;
        }
        let matches = file == path || format!("{repo}/{file}") == path;
        if matches && node.kind != "test" && node.kind != "package" && node.kind != "ci" {
            found.insert(node.node_ref.clone());
        }
    }
    if found.is_empty() {
        // A path inside a component's folder stands for the component.
        for node in graph.nodes.values().filter(|node| node.kind == "component") {
            let repo = node.props.get("repo").and_then(Value::as_str).unwrap_or("");
            let root = node.props.get("root").and_then(Value::as_str).unwrap_or("");
            let full_root = if root.is_empty() { repo.to_string() } else { format!("{repo}/{root}") };
            let inside = |candidate: &str, prefix: &str| !prefix.is_empty() && (candidate == prefix || candidate.starts_with(&format!("{prefix}/")));
            if inside(path, &full_root) || (!root.is_empty() && inside(path, root)) {
                found.insert(node.node_ref.clone());
            }
        }
    }
    // A contract file stands for its API rather than for each of its fields and operations.
    let mut apis: BTreeSet<String> = found.iter().filter(|node_ref| node_ref.starts_with("api:")).cloned().collect();
    for node_ref in &found {
        apis.extend(graph.incoming(node_ref).filter(|edge| edge.kind == "defines" && edge.from_ref.starts_with("api:")).map(|edge| edge.from_ref.clone()));
    }
    if !apis.is_empty() {
        return apis.into_iter().collect();
    }
    found.into_iter().collect()
}

#[cfg(test)]
mod tests {
    use factory_store::graph::{EdgeRow, NodeRow};

    use super::*;

    fn node(node_ref: &str) -> NodeRow {
        let (kind, name) = crate::model::split_ref(node_ref);
        NodeRow {
            id: 0,
            node_ref: node_ref.into(),
            kind: kind.into(),
            name: name.into(),
            props: Value::Null,
            valid_from: "2026-01-01T00:00:00Z".into(),
            valid_to: None,
            recorded_at: "2026-01-01T00:00:00Z".into(),
            retracted_at: None,
            source: "test".into(),
            method: "parsed".into(),
            confidence: 1.0,
        }
    }

    fn edge(from: &str, kind: &str, to: &str) -> EdgeRow {
        EdgeRow {
            id: 0,
            from_ref: from.into(),
            to_ref: to.into(),
            kind: kind.into(),
            props: Value::Null,
            valid_from: "2026-01-01T00:00:00Z".into(),
            valid_to: None,
            recorded_at: "2026-01-01T00:00:00Z".into(),
            retracted_at: None,
            source: "test".into(),
            method: "inferred".into(),
            confidence: 0.7,
        }
    }

    /// Robot Shop's report (issue #3): `brain consumers channel:orders` found no one though a
    /// component subscribes to it; Sock Shop's: the publisher's callers are no consumers.
    #[test]
    fn a_channels_consumers_are_its_subscribers_not_its_publishers() {
        let refs = ["component:payment", "component:dispatch", "component:web", "channel:orders"];
        let graph = Graph::new(
            refs.iter().map(|node_ref| node(node_ref)).collect(),
            vec![
                edge("component:payment", "publishes", "channel:orders"),
                edge("component:dispatch", "subscribes", "channel:orders"),
                edge("component:web", "depends_on", "component:payment"),
            ],
        );
        let names: Vec<String> = consumers(&graph, "channel:orders").into_iter().map(|reached| reached.node_ref).collect();
        assert_eq!(names, ["component:dispatch"]);
        let affected: Vec<String> = impact(&graph, &["channel:orders".to_string()]).affected.into_iter().map(|reached| reached.node_ref).collect();
        assert_eq!(affected, ["component:payment", "component:dispatch", "component:web"], "a change to the channel reaches both sides, and the publisher's callers");
    }

    /// hotelReservation's report (issue #3): `component:search`, a name the component answers
    /// to, was "not in the brain".
    #[test]
    fn a_component_is_found_by_a_name_it_answers_to_when_only_one_does() {
        let mut reviews = node("component:reviews");
        reviews.props = serde_json::json!({"aliases": ["reviews-v1", "reviews-v2"]});
        let mut ratings = node("component:ratings");
        ratings.props = serde_json::json!({"aliases": ["shared-image"]});
        let mut details = node("component:details");
        details.props = serde_json::json!({"aliases": ["shared-image"]});
        let graph = Graph::new(vec![reviews, ratings, details], Vec::new());
        assert_eq!(graph.find("component:reviews-v2").map(|node| node.node_ref.as_str()), Some("component:reviews"));
        assert_eq!(graph.find("reviews-v1").map(|node| node.node_ref.as_str()), Some("component:reviews"));
        assert!(graph.find("component:shared-image").is_none(), "a name two components answer to names neither");
        assert!(graph.find("api:reviews-v1").is_none(), "only components and resources have other names");
    }

    #[test]
    fn an_apis_consumers_include_those_who_consume_only_its_operations() {
        let refs = ["component:orders", "component:web", "api:orders", "operation:orders/GET /orders"];
        let graph = Graph::new(
            refs.iter().map(|node_ref| node(node_ref)).collect(),
            vec![
                edge("component:orders", "provides", "api:orders"),
                edge("api:orders", "defines", "operation:orders/GET /orders"),
                edge("component:web", "consumes", "operation:orders/GET /orders"),
            ],
        );
        let found = consumers(&graph, "api:orders");
        let names: Vec<&str> = found.iter().map(|reached| reached.node_ref.as_str()).collect();
        assert_eq!(names, ["component:web"]);
        let path: Vec<&str> = found[0].path.iter().map(|step| step.kind.as_str()).collect();
        assert_eq!(path, ["defines", "consumes"], "the answer explains itself through the operation");
    }
}
