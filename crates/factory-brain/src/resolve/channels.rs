//! Channels join publishers and subscribers documented apart. Each AsyncAPI document scopes
//! its messages to its own API (`message:shop-events/order.placed`,
//! `message:mailer/order.placed`), so a subscriber's own document never names the
//! publisher's message; both name the channel (`channel:order.placed`), as code that sends
//! to or reads from a topic can. A component subscribing to a channel subscribes to the
//! messages other components publish there, so `consumers` and `impact` of the publisher's
//! message or API reach it. Before that, an AsyncAPI 2 document's direction is settled by
//! its own component's code ([`settle_asyncapi2_directions`]).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};

use crate::model::{split_ref, Method};
use crate::resolve::GraphBuilder;

/// Confidence of a subscription joined through its channel's address.
const JOINED_CONFIDENCE: f64 = 0.9;

/// Adds the channels that publishers and subscribers name, and `subscribes` edges from each
/// subscriber of a channel to the messages published there by other components.
pub(crate) fn join_subscribers(graph: &mut GraphBuilder) {
    add_named_channels(graph);
    // address -> messages carried on it
    let mut messages: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for node in graph.nodes().filter(|node| node.kind == "message") {
        if let Some(address) = node.props.get("channel").and_then(Value::as_str) {
            messages.entry(address.to_string()).or_default().push(node.node_ref.clone());
        }
    }
    let is_component = |node_ref: &str| matches!(split_ref(node_ref).0, "component" | "resource");
    // message -> the components publishing it
    let mut publishers: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    // (subscriber, address, source): subscriptions to a channel
    let mut subscriptions: Vec<(String, String, String)> = Vec::new();
    let mut subscribed: BTreeSet<(&str, &str)> = BTreeSet::new();
    for edge in graph.edges().filter(|edge| is_component(&edge.from)) {
        match (edge.kind.as_str(), split_ref(&edge.to)) {
            ("publishes", ("message", _)) => {
                publishers.entry(edge.to.as_str()).or_default().insert(edge.from.as_str());
            }
            ("subscribes", ("channel", address)) => subscriptions.push((edge.from.clone(), address.to_string(), edge.source.clone())),
            ("subscribes", ("message", _)) => {
                subscribed.insert((edge.from.as_str(), edge.to.as_str()));
            }
            _ => {}
        }
    }
    // A queue an SNS topic forwards to (Terraform's `aws_sns_topic_subscription`): its
    // subscribers read the topic's messages.
    let forwarded = forwarded_topics(graph);
    for (subscriber, queue, source) in subscriptions.clone() {
        for topic in forwarded.get(queue.as_str()).into_iter().flatten() {
            subscriptions.push((subscriber.clone(), topic.clone(), source.clone()));
        }
    }
    let mut joined: Vec<(String, String, String, String)> = Vec::new();
    for (subscriber, address, source) in &subscriptions {
        for message in messages.get(address).into_iter().flatten() {
            let published_by_another = publishers.get(message.as_str()).is_some_and(|publishers| publishers.iter().any(|publisher| publisher != subscriber));
            if published_by_another && !subscribed.contains(&(subscriber.as_str(), message.as_str())) {
                joined.push((subscriber.clone(), message.clone(), address.clone(), source.clone()));
            }
        }
    }
    for (subscriber, message, address, source) in joined {
        graph.edge(&subscriber, &message, "subscribes", json!({"channel": address}), source, Method::Inferred, JOINED_CONFIDENCE);
    }
}

/// Queue address -> the addresses of the topics forwarding their messages to it.
pub(crate) fn forwarded_topics(graph: &GraphBuilder) -> BTreeMap<String, Vec<String>> {
    let mut forwarded: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for edge in graph.edges().filter(|edge| edge.kind == crate::readers::terraform::FORWARDS_TO) {
        if let (Some(topic), Some(queue)) = (edge.from.strip_prefix("channel:"), edge.to.strip_prefix("channel:")) {
            forwarded.entry(queue.to_string()).or_default().push(topic.to_string());
        }
    }
    forwarded
}

/// AsyncAPI 2's `publish` and `subscribe` are written both ways (the reader takes the plain
/// reading unless the `operationId` says; see `readers::asyncapi`), and the document's own
/// component's code settles which: a message its document has it subscribe to, on a channel its
/// code publishes to and never reads from, is one it publishes (the spec's view, `subscribe`
/// being what others do), and the other way round. The planted-mismatch evaluation's
/// payments-api documents `"subscribe": {"operationId": "paymentCaptured"}` and sends it with
/// Confluent.Kafka's `ProduceAsync(Topics.PaymentCaptured, ..)`. AsyncAPI 3's `action` says
/// which plainly, and code on both sides of a channel leaves the document's word. Where the
/// owner's code names the channel neither way but publishes elsewhere, a `subscribe` the
/// `operationId` does not name, on a channel others' code subscribes to and nothing publishes,
/// is one it publishes.
pub(crate) fn settle_asyncapi2_directions(graph: &mut GraphBuilder) {
    let version_2: BTreeSet<&str> = graph
        .nodes()
        .filter(|node| node.kind == "api" && node.props.get("type").and_then(Value::as_str) == Some("asyncapi"))
        .filter(|node| node.props.get("spec_version").and_then(Value::as_str).is_some_and(|version| version.starts_with('2')))
        .map(|node| node.node_ref.as_str())
        .collect();
    let documented: BTreeSet<&str> =
        graph.edges().filter(|edge| edge.kind == "defines" && version_2.contains(edge.from.as_str()) && edge.to.starts_with("message:")).map(|edge| edge.to.as_str()).collect();
    let address_of: BTreeMap<&str, &str> =
        graph.nodes().filter(|node| documented.contains(node.node_ref.as_str())).filter_map(|node| Some((node.node_ref.as_str(), node.props.get("channel")?.as_str()?))).collect();
    // component -> (address, direction, source) of what its code sends to or reads from
    let mut code: BTreeMap<&str, Vec<(&str, &str, &str)>> = BTreeMap::new();
    for edge in graph.edges().filter(|edge| edge.method == Method::Inferred && matches!(edge.kind.as_str(), "publishes" | "subscribes")) {
        if let Some(address) = edge.to.strip_prefix("channel:") {
            code.entry(edge.from.as_str()).or_default().push((address, edge.kind.as_str(), edge.source.as_str()));
        }
    }
    let mut settled: Vec<(crate::resolve::ResolvedEdge, &'static str, String)> = Vec::new();
    for edge in graph.edges().filter(|edge| edge.method == Method::Parsed && matches!(edge.kind.as_str(), "publishes" | "subscribes")) {
        let Some(address) = address_of.get(edge.to.as_str()) else { continue };
        let on_channel: Vec<&(&str, &str, &str)> = code.get(edge.from.as_str()).into_iter().flatten().filter(|(named, _, _)| crate::resolve::edges::same_channel(address, named)).collect();
        let opposite = if edge.kind == "publishes" { "subscribes" } else { "publishes" };
        let Some((_, _, evidence)) = on_channel.first() else { continue };
        if on_channel.iter().any(|(_, direction, _)| *direction != opposite) {
            continue;
        }
        // The document's own edge to the channel goes with its message's.
        let channel = format!("channel:{address}");
        for document_edge in graph.edges().filter(|other| other.from == edge.from && other.kind == edge.kind && other.source == edge.source && (other.to == edge.to || other.to == channel)) {
            settled.push((document_edge.clone(), opposite, crate::source_key(evidence)));
        }
    }
    // Where its code says nothing (a routing key held by each event's class, sent through one
    // exchange), other components do: a channel the document has its component subscribe to
    // that nothing in the org publishes to but other components' code subscribes to is one it
    // publishes (the ninth planted-mismatch evaluation's tracking-publisher, whose `subscribe`
    // operations are what dispatch-console and billing-php do).
    let settled_refs: BTreeSet<(String, String)> = settled.iter().map(|(edge, _, _)| (edge.from.clone(), edge.to.clone())).collect();
    let channel_of = |node_ref: &str| node_ref.strip_prefix("channel:").map(str::to_string).or_else(|| address_of.get(node_ref).map(|address| address.to_string()));
    let published: BTreeSet<String> = graph
        .edges()
        .filter(|edge| (edge.kind == "publishes") != settled_refs.contains(&(edge.from.clone(), edge.to.clone())) && matches!(edge.kind.as_str(), "publishes" | "subscribes"))
        .filter_map(|edge| channel_of(&edge.to))
        .collect();
    let mut unpublished: Vec<(crate::resolve::ResolvedEdge, String)> = Vec::new();
    for edge in graph.edges().filter(|edge| edge.method == Method::Parsed && edge.kind == "subscribes" && !settled_refs.contains(&(edge.from.clone(), edge.to.clone()))) {
        let Some(address) = address_of.get(edge.to.as_str()) else { continue };
        let own_code = code.get(edge.from.as_str()).map(Vec::as_slice).unwrap_or_default();
        let named = edge.props.get("direction").and_then(Value::as_str) == Some("named");
        if named
            || !own_code.iter().any(|(_, direction, _)| *direction == "publishes")
            || own_code.iter().any(|(named, _, _)| crate::resolve::edges::same_channel(address, named))
            || published.iter().any(|named| crate::resolve::edges::same_channel(address, named))
        {
            continue;
        }
        let others = code.iter().filter(|(component, _)| **component != edge.from).flat_map(|(_, named)| named.iter()).find(|(named, direction, _)| *direction == "subscribes" && crate::resolve::edges::same_channel(address, named));
        let Some((_, _, evidence)) = others else { continue };
        let channel = format!("channel:{address}");
        for document_edge in graph.edges().filter(|other| other.from == edge.from && other.kind == "subscribes" && other.source == edge.source && (other.to == edge.to || other.to == channel)) {
            unpublished.push((document_edge.clone(), crate::source_key(evidence)));
        }
    }
    settled.extend(unpublished.into_iter().map(|(edge, evidence)| (edge, "publishes", evidence)));
    let mut done: BTreeSet<(String, String, String, String)> = BTreeSet::new();
    for (edge, direction, evidence) in settled {
        // A channel's edge goes with each of its messages': once.
        if !done.insert((edge.from.clone(), edge.to.clone(), edge.kind.clone(), edge.source.clone())) {
            continue;
        }
        graph.remove_edge(&edge);
        graph.edge(&edge.from, &edge.to, direction, json!({"direction_from": evidence}), edge.source, edge.method, edge.confidence);
    }
}

/// A channel is whatever its publishers and subscribers name: one named only by an edge (code
/// sending to a topic) becomes a node too, so that the edges to it are kept.
fn add_named_channels(graph: &mut GraphBuilder) {
    let named: Vec<(String, String, Method, f64)> = graph
        .edges()
        .filter(|edge| matches!(edge.kind.as_str(), "publishes" | "subscribes") && edge.to.starts_with("channel:") && !graph.has_node(&edge.to))
        .map(|edge| (split_ref(&edge.to).1.to_string(), edge.source.clone(), edge.method, edge.confidence))
        .collect();
    for (address, source, method, confidence) in named {
        graph.node("channel", &address, Value::Null, source, method, confidence);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A subscription read from code (an inferred edge to a channel no document declares)
    /// reaches the message an AsyncAPI document publishes on that address, and keeps its channel.
    #[test]
    fn a_subscription_from_code_reaches_the_documented_message() {
        let mut graph = GraphBuilder::default();
        for component in ["component:kitchen", "component:waiter"] {
            let (kind, name) = split_ref(component);
            graph.node(kind, name, Value::Null, format!("{name}@:"), Method::Parsed, 1.0);
        }
        graph.node("message", "kitchen-events/meal.cooked", json!({"channel": "meal.cooked"}), "kitchen@:asyncapi.yaml".into(), Method::Parsed, 1.0);
        graph.edge("component:kitchen", "message:kitchen-events/meal.cooked", "publishes", Value::Null, "kitchen@:asyncapi.yaml".into(), Method::Parsed, 1.0);
        graph.edge("component:waiter", "channel:meal.cooked", "subscribes", Value::Null, "waiter@:worker.py#L3".into(), Method::Inferred, 0.8);
        join_subscribers(&mut graph);
        let edges: Vec<String> = graph.finish().edges.iter().map(|edge| format!("{} -{}-> {} [{}]", edge.from, edge.kind, edge.to, edge.source)).collect();
        assert_eq!(
            edges,
            [
                "component:kitchen -publishes-> message:kitchen-events/meal.cooked [kitchen@:asyncapi.yaml]",
                "component:waiter -subscribes-> channel:meal.cooked [waiter@:worker.py#L3]",
                "component:waiter -subscribes-> message:kitchen-events/meal.cooked [waiter@:worker.py#L3]",
            ]
        );
    }
}
