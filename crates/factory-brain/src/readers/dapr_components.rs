//! Dapr component manifests (`apiVersion: dapr.io/v1alpha1`, `kind: Component`): what the apps
//! they are scoped to reach without naming it in code.
//! - An input binding on a broker (`type: bindings.mqtt`, `bindings.kafka`,
//!   `bindings.rabbitmq`, ...) delivers that broker's topic or queue to each app in `scopes`:
//!   the app subscribes to the channel. An output binding (its `direction` says `output`, or
//!   Kafka's `publishTopic`) publishes to it.
//! - Any component's broker or store (`host: amqp://rabbitmq:5672`, `redisHost: redis:6379`,
//!   `brokers: kafka:9092`) is a dependency of each scoped app.
//!
//! A component with no `scopes` serves every app, which the manifest cannot name: it says
//! nothing here.
//!
//! Declarative subscriptions (`kind: Subscription`, v1alpha1 or v2alpha1) subscribe each app in
//! `scopes` to `spec.topic`, or, unscoped, the component whose repo holds the file (xshopai keeps
//! one per service repo in `.dapr/components/subscriptions.yaml`).

use serde_json::{json, Value};

use crate::model::{FileFacts, Method};
use crate::net::hosts_in_value;
use crate::yaml;

/// Whether a document is a Dapr component.
pub fn is_component(document: &Value) -> bool {
    yaml::text(document, "apiVersion").is_some_and(|version| version.starts_with("dapr.io/")) && yaml::text(document, "kind") == Some("Component")
}

/// Metadata naming a binding's channel, and the direction it implies (`None`: the
/// component's `direction`, else input).
const CHANNEL_KEYS: &[(&str, Option<Direction>)] = &[
    ("topic", None),
    ("topics", Some(Direction::Input)),
    ("publishTopic", Some(Direction::Output)),
    ("queueName", None),
    ("queue", None),
];

/// Metadata naming the broker or store a component connects to.
const HOST_KEYS: &[&str] = &["host", "url", "redisHost", "brokers", "connectionString", "server", "endpoint", "natsURL", "servers"];

/// Whether a document is a Dapr declarative subscription.
pub fn is_subscription(document: &Value) -> bool {
    yaml::text(document, "apiVersion").is_some_and(|version| version.starts_with("dapr.io/")) && yaml::text(document, "kind") == Some("Subscription")
}

/// A declarative subscription: each app in its `scopes` (else the file's own component)
/// subscribes to its topic.
pub fn read_subscription(index: usize, document: &Value) -> FileFacts {
    let mut facts = FileFacts::default();
    let Some(topic) = document.pointer("/spec/topic").and_then(Value::as_str).map(str::trim).filter(|topic| crate::readers::code::is_channel_name(topic)) else {
        return facts;
    };
    let pointer = format!("/{index}/spec/topic");
    let scoped: Vec<String> = yaml::strings(document.get("scopes")).into_iter().map(|app| format!("host:{}", app.to_lowercase())).collect();
    let subscribers = if scoped.is_empty() { vec!["self".to_string()] } else { scoped };
    facts.node("channel", topic, json!({"address": topic, "protocol": "dapr pubsub"}), &pointer, Method::Declared);
    let pubsub = document.pointer("/spec/pubsubname").and_then(Value::as_str).unwrap_or("");
    for subscriber in &subscribers {
        facts.edge(subscriber, &format!("channel:{topic}"), "subscribes", json!({"via": "dapr subscription", "pubsub": pubsub}), &pointer, Method::Declared);
    }
    facts
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Direction {
    Input,
    Output,
}

pub fn read(index: usize, document: &Value) -> FileFacts {
    let mut facts = FileFacts::default();
    let apps: Vec<String> = yaml::strings(document.get("scopes")).into_iter().map(|app| app.to_lowercase()).collect();
    if apps.is_empty() {
        return facts;
    }
    let component_type = document.pointer("/spec/type").and_then(Value::as_str).unwrap_or("");
    let metadata: Vec<(usize, &str, &str)> = document
        .pointer("/spec/metadata")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
        .filter_map(|(position, entry)| Some((position, entry.get("name")?.as_str()?, entry.get("value")?.as_str()?)))
        .collect();
    let declared = metadata.iter().find(|(_, name, _)| *name == "direction").map(|(_, _, value)| value.to_lowercase());
    let protocol = component_type.strip_prefix("bindings.").unwrap_or("");
    for (position, name, value) in &metadata {
        let pointer = format!("/{index}/spec/metadata/{position}/value");
        let channel_key = CHANNEL_KEYS.iter().find(|(key, _)| key == name).filter(|_| !protocol.is_empty());
        let Some((_, implied)) = channel_key else {
            host_dependencies(&mut facts, &apps, name, value, &pointer);
            continue;
        };
        // A declared direction wins; else Kafka's keys say it, else an input (the usual reason
        // to scope a broker's binding to an app).
        let directions: Vec<Direction> = match (declared.as_deref(), implied) {
            (Some(declared), _) => [("input", Direction::Input), ("output", Direction::Output)].iter().filter(|(word, _)| declared.contains(word)).map(|(_, direction)| *direction).collect(),
            (None, Some(direction)) => vec![*direction],
            (None, None) => vec![Direction::Input],
        };
        for channel in value.split(',').map(str::trim).filter(|channel| crate::readers::code::is_channel_name(channel)) {
            facts.node("channel", channel, json!({"address": channel, "protocol": protocol}), &pointer, Method::Declared);
            for app in &apps {
                for direction in &directions {
                    let kind = if *direction == Direction::Input { "subscribes" } else { "publishes" };
                    facts.edge(&format!("host:{app}"), &format!("channel:{channel}"), kind, json!({"via": format!("dapr binding {component_type}")}), &pointer, Method::Declared);
                }
            }
        }
    }
    facts
}

/// A depends_on edge from each app to the host a metadata value names, when its key names one.
fn host_dependencies(facts: &mut FileFacts, apps: &[String], name: &str, value: &str, pointer: &str) {
    if !HOST_KEYS.iter().any(|key| key.eq_ignore_ascii_case(name)) {
        return;
    }
    for host in hosts_in_value(&format!("{name}_HOST"), value) {
        for app in apps {
            facts.edge(&format!("host:{app}"), &format!("host:{host}"), "depends_on", json!({"via": "dapr component", "key": name}), pointer, Method::Declared);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lines(facts: &FileFacts) -> Vec<String> {
        facts.edges.iter().map(|edge| format!("{} -{}-> {}", edge.from, edge.kind, edge.to)).collect()
    }

    #[test]
    fn bindings_and_brokers_of_the_scoped_apps() {
        let mqtt = yaml::document("apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: entrycam\nspec:\n  type: bindings.mqtt\n  version: v1\n  metadata:\n  - name: url\n    value: mqtt://localhost:1883\n  - name: topic\n    value: trafficcontrol/entrycam\nscopes:\n  - trafficcontrolservice\n").expect("yaml");
        assert!(is_component(&mqtt));
        assert_eq!(lines(&read(0, &mqtt)), ["host:trafficcontrolservice -subscribes-> channel:trafficcontrol/entrycam"], "localhost is no host of the org");
        let kafka = yaml::document("apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: orders\nspec:\n  type: bindings.kafka\n  metadata:\n  - name: brokers\n    value: kafka:9092\n  - name: topics\n    value: orders\n  - name: publishTopic\n    value: shipments\nscopes: [shipping]\n").expect("yaml");
        assert_eq!(
            lines(&read(0, &kafka)),
            ["host:shipping -depends_on-> host:kafka", "host:shipping -subscribes-> channel:orders", "host:shipping -publishes-> channel:shipments"]
        );
        let pubsub = yaml::document("apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: pubsub\nspec:\n  type: pubsub.rabbitmq\n  metadata:\n  - name: host\n    value: \"amqp://rabbitmq:5672\"\nscopes:\n  - trafficcontrolservice\n  - finecollectionservice\n").expect("yaml");
        assert_eq!(lines(&read(0, &pubsub)), ["host:trafficcontrolservice -depends_on-> host:rabbitmq", "host:finecollectionservice -depends_on-> host:rabbitmq"]);
        let output = yaml::document("apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: out\nspec:\n  type: bindings.rabbitmq\n  metadata:\n  - name: queueName\n    value: invoices\n  - name: direction\n    value: output\nscopes: [billing]\n").expect("yaml");
        assert_eq!(lines(&read(0, &output)), ["host:billing -publishes-> channel:invoices"]);
        let declared = yaml::document("apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: out\nspec:\n  type: bindings.kafka\n  metadata:\n  - name: topics\n    value: orders\n  - name: direction\n    value: output\nscopes: [billing]\n").expect("yaml");
        assert_eq!(lines(&read(0, &declared)), ["host:billing -publishes-> channel:orders"], "a declared direction wins");
        let unscoped = yaml::document("apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: statestore\nspec:\n  type: state.redis\n  metadata:\n  - name: redisHost\n    value: redis:6379\n").expect("yaml");
        assert!(read(0, &unscoped).edges.is_empty(), "an unscoped component names no app");
    }
}
