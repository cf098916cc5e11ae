//! Which response each read of a component's code is of. The code reader binds a holder to
//! the call its value came from ([`crate::model::Binding::Response`]) and names the types
//! responses are decoded into (`decodes` edges); here the types' declared fields, wherever in
//! the component they are declared, take their call, and each call is matched to what answers
//! it ([`crate::resolve::ReadTie`]).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::model::Binding;
use crate::resolve::calls::CallMatcher;
use crate::resolve::{ComponentRead, Components, GraphBuilder, ScannedFacts};

/// The edge kind by which the code reader says a type holds the response of a call.
pub(crate) const DECODES: &str = "decodes";

/// Binds the fields each component's types declare to the calls whose responses are decoded
/// into those types (`getForObject(url, OrderDto.class)` in one file, `OrderDto`'s fields in
/// another). A type decoded from two calls is read from both.
pub(crate) fn bind_decoded_types(reads: &mut Vec<ComponentRead>, files: &[ScannedFacts], components: &Components) {
    // component -> type -> calls
    let mut decoded: BTreeMap<&str, BTreeMap<&str, BTreeSet<&str>>> = BTreeMap::new();
    for file in files.iter().filter(|file| !crate::readers::code::is_test_path(&file.path)) {
        let mut edges = file.facts.edges.iter().filter(|edge| edge.kind == DECODES).peekable();
        if edges.peek().is_none() {
            continue;
        }
        let Some(component) = components.owning(&file.repo, &file.path) else { continue };
        for edge in edges {
            if let (Some(type_name), Some(call)) = (edge.to.strip_prefix("type:"), edge.props.get("call").and_then(Value::as_str)) {
                decoded.entry(component.node_ref.as_str()).or_default().entry(type_name).or_default().insert(call);
            }
        }
    }
    if decoded.is_empty() {
        return;
    }
    let mut bound = Vec::with_capacity(reads.len());
    for read in reads.drain(..) {
        let calls = match (&read.read.binding, read.read.holder.as_deref()) {
            (None, Some(holder)) => decoded.get(read.component.as_str()).and_then(|types| types.get(holder)),
            // A C# type's properties, as .NET serializes them, are what a response decoded into
            // it holds (`GetFromJsonAsync<OrderDto>(..)`); the type stays the component's own too.
            (Some(Binding::Built), Some(holder)) if read.read.declared_in.is_some() => {
                let calls = decoded.get(read.component.as_str()).and_then(|types| types.get(holder));
                if calls.is_some() {
                    bound.push(read.clone());
                }
                calls
            }
            _ => None,
        };
        match calls {
            Some(calls) => {
                for call in calls {
                    let mut copy = read.clone();
                    copy.read.binding = Some(Binding::Response(call.to_string()));
                    bound.push(copy);
                }
            }
            None => bound.push(read),
        }
    }
    *reads = bound;
}

/// What answers each read bound to a call's response.
pub(crate) fn tie_reads(graph: &mut GraphBuilder, matcher: &CallMatcher) {
    for read in &mut graph.reads {
        if let Some(Binding::Response(call)) = &read.read.binding {
            read.tie = matcher.tie(&read.component, call);
        }
    }
}
