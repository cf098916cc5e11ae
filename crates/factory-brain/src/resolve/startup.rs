//! Compose's `depends_on` orders start-up; it does not say who calls whom. It stands for a
//! dependency when it is all a service says, but a service whose environment, code or config
//! names the services it calls has said so: a `depends_on` naming another service beside them
//! (the frontend waiting for the quote service its own callee uses) is left out.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::resolve::{GraphBuilder, ResolvedEdge};

/// Whether an edge is compose's `depends_on`.
fn is_start_order(edge: &ResolvedEdge) -> bool {
    edge.props.get("via").and_then(Value::as_str) == Some("depends_on")
}

pub(crate) fn drop_start_order_only(graph: &mut GraphBuilder) {
    // component -> the components it calls, by any evidence but start order.
    let mut called: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for edge in graph.edges().filter(|edge| edge.kind == "depends_on" && edge.from.starts_with("component:") && edge.to.starts_with("component:")) {
        if !is_start_order(edge) {
            called.entry(edge.from.as_str()).or_default().insert(edge.to.as_str());
        }
    }
    let dropped: Vec<ResolvedEdge> = graph
        .edges()
        .filter(|edge| edge.kind == "depends_on" && edge.to.starts_with("component:") && is_start_order(edge))
        .filter(|edge| called.get(edge.from.as_str()).is_some_and(|callees| !callees.contains(edge.to.as_str())))
        .cloned()
        .collect();
    for edge in &dropped {
        graph.remove_edge(edge);
    }
}
