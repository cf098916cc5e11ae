//! Turning the resolved graph into stored facts: what is new is recorded, what is no longer
//! emitted is closed (never deleted), what is unchanged is left alone. A fact's identity
//! ignores the commit in its source, so a fact that survives a commit keeps its row.

use std::collections::{BTreeMap, BTreeSet};

use factory_store::graph::{EdgeRow, GraphChanges, NewEdge, NewNode, NodeRow};
use serde_json::Value;

use crate::resolve::Resolved;
use crate::source_key;

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

    let mut stored_nodes: BTreeMap<&str, &NodeRow> = BTreeMap::new();
    for row in current_nodes {
        if let Some(previous) = stored_nodes.insert(row.node_ref.as_str(), row) {
            // Two current versions of one node should not exist; close the older.
            changes.close_nodes.push((previous.id, times.now.clone()));
        }
    }
    let mut wanted_refs = BTreeSet::new();
    for node in &resolved.nodes {
        wanted_refs.insert(node.node_ref.as_str());
        let props = Value::Object(node.props.clone());
        let unchanged = stored_nodes.get(node.node_ref.as_str()).is_some_and(|row| {
            row.kind == node.kind
                && row.name == node.name
                && row.props == props
                && row.method == node.method.as_str()
                && source_key(&row.source) == source_key(&node.source)
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
            props,
            valid_from,
            source: node.source.clone(),
            method: node.method.as_str().to_string(),
            confidence: node.confidence,
        });
    }
    for (node_ref, row) in &stored_nodes {
        if !wanted_refs.contains(node_ref) && !times.keeps(&row.source) {
            let valid_to = times.for_source(&row.source).to_string();
            changes.close_nodes.push((row.id, later(&valid_to, &row.valid_from)));
        }
    }

    type EdgeKey = (String, String, String, String);
    let key_of = |from: &str, to: &str, kind: &str, source: &str| -> EdgeKey { (from.to_string(), to.to_string(), kind.to_string(), source_key(source)) };
    let mut stored_edges: BTreeMap<EdgeKey, &EdgeRow> = BTreeMap::new();
    for row in current_edges {
        if let Some(previous) = stored_edges.insert(key_of(&row.from_ref, &row.to_ref, &row.kind, &row.source), row) {
            changes.close_edges.push((previous.id, times.now.clone()));
        }
    }
    let mut wanted_edges = BTreeSet::new();
    for edge in &resolved.edges {
        let key = key_of(&edge.from, &edge.to, &edge.kind, &edge.source);
        let props = Value::Object(edge.props.clone());
        let stored = stored_edges.get(&key);
        wanted_edges.insert(key);
        let unchanged = stored.is_some_and(|row| row.props == props && row.method == edge.method.as_str() && (row.confidence - edge.confidence).abs() < 1e-9);
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
            props,
            valid_from,
            source: edge.source.clone(),
            method: edge.method.as_str().to_string(),
            confidence: edge.confidence,
        });
    }
    for (key, row) in &stored_edges {
        if !wanted_edges.contains(key) && !times.keeps(&row.source) {
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
