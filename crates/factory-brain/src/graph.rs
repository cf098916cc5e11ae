//! The stored graph in memory, indexed for walking: nodes by ref, edges by endpoint.

use std::collections::{BTreeMap, HashMap};

use factory_store::graph::{EdgeRow, NodeRow};
use serde::Serialize;

/// A graph read from the store (current, or as of a time).
#[derive(Debug, Clone, Default)]
pub struct Graph {
    pub nodes: BTreeMap<String, NodeRow>,
    pub edges: Vec<EdgeRow>,
    outgoing: HashMap<String, Vec<usize>>,
    incoming: HashMap<String, Vec<usize>>,
}

/// One edge as answers show it: enough to explain a step of a path.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Step {
    pub from: String,
    pub kind: String,
    pub to: String,
    pub source: String,
    pub method: String,
    pub confidence: f64,
}

impl Step {
    pub fn of(edge: &EdgeRow) -> Self {
        Self {
            from: edge.from_ref.clone(),
            kind: edge.kind.clone(),
            to: edge.to_ref.clone(),
            source: edge.source.clone(),
            method: edge.method.clone(),
            confidence: edge.confidence,
        }
    }
}

impl Graph {
    pub fn new(nodes: Vec<NodeRow>, edges: Vec<EdgeRow>) -> Self {
        let mut graph = Self { nodes: nodes.into_iter().map(|node| (node.node_ref.clone(), node)).collect(), edges, ..Self::default() };
        for (index, edge) in graph.edges.iter().enumerate() {
            graph.outgoing.entry(edge.from_ref.clone()).or_default().push(index);
            graph.incoming.entry(edge.to_ref.clone()).or_default().push(index);
        }
        graph
    }

    pub fn node(&self, node_ref: &str) -> Option<&NodeRow> {
        self.nodes.get(node_ref)
    }

    pub fn outgoing(&self, node_ref: &str) -> impl Iterator<Item = &EdgeRow> {
        self.outgoing.get(node_ref).into_iter().flatten().map(|index| &self.edges[*index])
    }

    pub fn incoming(&self, node_ref: &str) -> impl Iterator<Item = &EdgeRow> {
        self.incoming.get(node_ref).into_iter().flatten().map(|index| &self.edges[*index])
    }

    /// Finds a node by ref, or by a name that only one node has (`orders-api` for
    /// `component:orders-api`), case-insensitively; a component or resource also by another
    /// name it answers to (`component:orders-v2`, `orders-svc`) when only one has it.
    pub fn find(&self, text: &str) -> Option<&NodeRow> {
        if let Some(node) = self.nodes.get(text) {
            return Some(node);
        }
        let lower = text.to_lowercase();
        if let Some(node) = self.nodes.values().find(|node| node.node_ref.to_lowercase() == lower) {
            return Some(node);
        }
        let by_name: Vec<&NodeRow> = self.nodes.values().filter(|node| node.name.to_lowercase() == lower).collect();
        let preferred = ["component", "api", "resource", "group", "user", "system", "repo"];
        for kind in preferred {
            if let Some(node) = by_name.iter().find(|node| node.kind == kind) {
                return Some(node);
            }
        }
        if let Some(node) = by_name.first() {
            return Some(node);
        }
        let (kind, name) = match lower.split_once(':') {
            Some((kind @ ("component" | "resource"), name)) => (Some(kind), name),
            _ => (None, lower.as_str()),
        };
        let answers_to = |node: &&NodeRow| {
            kind.is_none_or(|kind| node.kind == kind)
                && matches!(node.kind.as_str(), "component" | "resource")
                && node.props.get("aliases").and_then(serde_json::Value::as_array).is_some_and(|aliases| aliases.iter().any(|alias| alias.as_str() == Some(name)))
        };
        let mut owners = self.nodes.values().filter(answers_to);
        match (owners.next(), owners.next()) {
            (Some(node), None) => Some(node),
            _ => None,
        }
    }
}
