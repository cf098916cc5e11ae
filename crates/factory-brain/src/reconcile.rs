//! Turning the resolved graph into stored facts: what is new is recorded, what is no longer
//! emitted is closed (never deleted), what is unchanged is left alone. A fact's identity
//! ignores the commit in its source, so a fact that survives a commit keeps its row.

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

use factory_store::graph::{EdgeRow, GraphChanges, NewEdge, NewNode, NodeRow};
use serde_json::Value;

use crate::resolve::Resolved;
use crate::source_parts;

/// When the facts of each repo became true: the time of the commit just scanned.
#[derive(Debug, Clone, Default)]
pub struct ScanTimes {
    /// repo -> commit time (RFC 3339 UTC).
    pub commit_times: BTreeMap<String, String>,
    /// Used for facts whose repo was not scanned this time.
    pub now: String,
    /// Repos whose facts could not be read this time (no stored facts, and the repo itself
    /// could not be scanned): what the graph holds from them is kept, never closed.
    pub kept_repos: BTreeSet<String>,
}

impl ScanTimes {
    fn for_source(&self, source: &str) -> &str {
        self.commit_times.get(source_repo(source)).map(String::as_str).unwrap_or(&self.now)
    }

    fn keeps(&self, source: &str) -> bool {
        !self.kept_repos.is_empty() && self.kept_repos.contains(source_repo(source))
    }
}

/// The repo of a `repo@sha:path#pointer` source.
fn source_repo(source: &str) -> &str {
    source.split(['@', ':']).next().unwrap_or("")
}

/// The changes that make the stored current graph equal `resolved`.
pub fn reconcile(resolved: &Resolved, current_nodes: &[NodeRow], current_edges: &[EdgeRow], times: &ScanTimes) -> GraphChanges {
    let mut changes = GraphChanges::default();

    // Hashed rather than ordered: thousands of long refs sharing prefixes compare slowly.
    let mut stored_nodes: HashMap<&str, &NodeRow> = HashMap::with_capacity(current_nodes.len());
    for row in current_nodes {
        if let Some(previous) = stored_nodes.insert(row.node_ref.as_str(), row) {
            // Two current versions of one node should not exist; close the older.
            changes.close_nodes.push((previous.id, times.now.clone()));
        }
    }
    let mut wanted_refs = HashSet::with_capacity(resolved.nodes.len());
    for node in &resolved.nodes {
        wanted_refs.insert(node.node_ref.as_str());
        let unchanged = stored_nodes.get(node.node_ref.as_str()).is_some_and(|row| {
            row.kind == node.kind
                && row.name == node.name
                && row.props.as_object() == Some(&node.props)
                && row.method == node.method.as_str()
                && source_parts(&row.source) == source_parts(&node.source)
                && (row.confidence - node.confidence).abs() < 1e-9
        });
        if unchanged {
            continue;
        }
        let valid_from = times.for_source(&node.source).to_string();
        if let Some(row) = stored_nodes.get(node.node_ref.as_str()) {
            changes.close_nodes.push((row.id, later(&valid_from, &row.valid_from)));
        }
        changes.new_nodes.push(NewNode {
            node_ref: node.node_ref.clone(),
            kind: node.kind.clone(),
            name: node.name.clone(),
            props: Value::Object(node.props.clone()),
            valid_from,
            source: node.source.clone(),
            method: node.method.as_str().to_string(),
            confidence: node.confidence,
        });
    }
    // In the stored order (by ref), each ref's current row.
    for row in current_nodes.iter().filter(|row| stored_nodes.get(row.node_ref.as_str()).is_some_and(|kept| kept.id == row.id)) {
        if !wanted_refs.contains(row.node_ref.as_str()) && !times.keeps(&row.source) {
            let valid_to = times.for_source(&row.source).to_string();
            changes.close_nodes.push((row.id, later(&valid_to, &row.valid_from)));
        }
    }

    // An edge is the same fact when its ends, kind and source (commit aside) are.
    type EdgeKey<'a> = (&'a str, &'a str, &'a str, (Option<&'a str>, &'a str));
    fn key_of<'a>(from: &'a str, to: &'a str, kind: &'a str, source: &'a str) -> EdgeKey<'a> {
        (from, to, kind, source_parts(source))
    }
    let mut stored_edges: HashMap<EdgeKey, &EdgeRow> = HashMap::with_capacity(current_edges.len());
    for row in current_edges {
        if let Some(previous) = stored_edges.insert(key_of(&row.from_ref, &row.to_ref, &row.kind, &row.source), row) {
            changes.close_edges.push((previous.id, times.now.clone()));
        }
    }
    let mut wanted_edges = HashSet::with_capacity(resolved.edges.len());
    for edge in &resolved.edges {
        let key = key_of(&edge.from, &edge.to, &edge.kind, &edge.source);
        let stored = stored_edges.get(&key);
        wanted_edges.insert(key);
        let unchanged = stored.is_some_and(|row| row.props.as_object() == Some(&edge.props) && row.method == edge.method.as_str() && (row.confidence - edge.confidence).abs() < 1e-9);
        if unchanged {
            continue;
        }
        let valid_from = times.for_source(&edge.source).to_string();
        if let Some(row) = stored {
            changes.close_edges.push((row.id, later(&valid_from, &row.valid_from)));
        }
        changes.new_edges.push(NewEdge {
            from_ref: edge.from.clone(),
            to_ref: edge.to.clone(),
            kind: edge.kind.clone(),
            props: Value::Object(edge.props.clone()),
            valid_from,
            source: edge.source.clone(),
            method: edge.method.as_str().to_string(),
            confidence: edge.confidence,
        });
    }
    for row in current_edges {
        let key = key_of(&row.from_ref, &row.to_ref, &row.kind, &row.source);
        if stored_edges.get(&key).is_some_and(|kept| kept.id == row.id) && !wanted_edges.contains(&key) && !times.keeps(&row.source) {
            let valid_to = times.for_source(&row.source).to_string();
            changes.close_edges.push((row.id, later(&valid_to, &row.valid_from)));
        }
    }
    changes
}

fn later(candidate: &str, floor: &str) -> String {
    if candidate < floor { floor.to_string() } else { candidate.to_string() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Method;
    use crate::resolve::ResolvedNode;

    fn stored(id: i64, node_ref: &str, source: &str) -> NodeRow {
        NodeRow {
            id,
            node_ref: node_ref.into(),
            kind: "component".into(),
            name: node_ref.trim_start_matches("component:").into(),
            props: serde_json::json!({}),
            valid_from: "2026-01-01T00:00:00Z".into(),
            valid_to: None,
            recorded_at: "2026-01-01T00:00:00Z".into(),
            retracted_at: None,
            source: source.into(),
            method: "parsed".into(),
            confidence: 1.0,
        }
    }

    #[test]
    fn facts_of_a_kept_repo_are_not_closed_when_it_emits_nothing() {
        let orders = ResolvedNode {
            node_ref: "component:orders".into(),
            kind: "component".into(),
            name: "orders".into(),
            props: serde_json::Map::new(),
            source: "orders@abc:catalog-info.yaml#/0".into(),
            method: Method::Parsed,
            confidence: 1.0,
        };
        let resolved = Resolved { nodes: vec![orders], ..Resolved::default() };
        let current = [stored(1, "component:orders", "orders@abc:catalog-info.yaml#/0"), stored(2, "component:billing", "billing@def:catalog-info.yaml#/0")];
        let mut times = ScanTimes { commit_times: BTreeMap::new(), now: "2026-02-01T00:00:00Z".into(), kept_repos: BTreeSet::new() };
        // billing emitted nothing this time: closed...
        assert_eq!(reconcile(&resolved, &current, &[], &times).close_nodes, [(2, "2026-02-01T00:00:00Z".to_string())]);
        // ...unless its facts could not be read, when the graph keeps what it has.
        times.kept_repos.insert("billing".into());
        assert_eq!(reconcile(&resolved, &current, &[], &times), GraphChanges::default());
    }
}
