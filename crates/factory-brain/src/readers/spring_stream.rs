//! Spring Cloud Stream's bindings: `spring.cloud.stream.bindings.<binding>.destination` names
//! the topic or exchange a binding sends to or reads from. Which way is the binding's: a
//! function's `orders-in-0` reads and `orders-out-0` sends (the functional model), the
//! annotation model's `input` and `output` (and names ending in those words) likewise; a
//! binding of another name reads when it has a consumer `group` or `consumer` settings and
//! sends when it has `producer` settings. A binding no setting says the way of is left to
//! the code that names it (`streamBridge.send("orders", ..)`, `@Output("orders")`), which reads
//! its destination from the constant recorded here by the setting's key.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::model::{FileFacts, Method};
use crate::readers::code::{NAMES_CONSTANT, is_channel_name};

/// The prefix of a binding's settings.
pub const BINDINGS: &str = "spring.cloud.stream.bindings.";

/// How sure a direction read from a binding's name or settings is.
const CONFIDENCE: f64 = 0.85;

/// Whether a config file's text may hold Spring Cloud Stream bindings.
pub fn mentions_bindings(text: &str) -> bool {
    text.contains("stream") && text.contains("bindings") && text.contains("destination")
}

/// One binding's settings, as far as they tell its destination and its way.
#[derive(Debug, Default)]
struct Binding {
    /// The destination as written, and where.
    destination: Option<(String, String)>,
    /// Settings only a consumer has: a `group`, `consumer.*`.
    consumer: bool,
    /// Settings only a producer has: `producer.*`.
    producer: bool,
    /// The binder the binding names (`kafka`, `rabbit`).
    binder: Option<String>,
}

/// The bindings of one YAML document (nested keys, dotted keys, or both).
pub fn read_document(document: &Value) -> FileFacts {
    let mut settings = Vec::new();
    flatten(document, "", "", &mut settings);
    read_settings(settings.iter().map(|(key, value, pointer)| (key.as_str(), value.as_str(), pointer.clone())))
}

/// The bindings of a `.properties` file (`key=value` or `key: value`).
pub fn read_properties(text: &str) -> FileFacts {
    read_settings(property_settings(text))
}

/// Each setting of a `.properties` file: its key, its value and its line (`L3`).
pub(crate) fn property_settings(text: &str) -> impl Iterator<Item = (&str, &str, String)> {
    text.lines().enumerate().filter_map(|(index, line)| {
        let line = line.trim();
        if line.starts_with(['#', '!']) {
            return None;
        }
        let split = line.find(['=', ':'])?;
        Some((line[..split].trim(), line[split + 1..].trim(), format!("L{}", index + 1)))
    })
}

/// Every scalar of a YAML document by its dotted key, with its JSON pointer.
pub(crate) fn flatten(value: &Value, key: &str, pointer: &str, out: &mut Vec<(String, String, String)>) {
    match value {
        Value::Object(map) => {
            for (child, value) in map {
                let key = if key.is_empty() { child.clone() } else { format!("{key}.{child}") };
                flatten(value, &key, &format!("{pointer}/{}", crate::yaml::pointer_segment(child)), out);
            }
        }
        Value::String(text) => out.push((key.to_string(), text.clone(), pointer.to_string())),
        Value::Number(_) | Value::Bool(_) => out.push((key.to_string(), value.to_string(), pointer.to_string())),
        Value::Array(_) | Value::Null => {}
    }
}

fn read_settings<'a>(settings: impl Iterator<Item = (&'a str, &'a str, String)>) -> FileFacts {
    let mut bindings: BTreeMap<String, Binding> = BTreeMap::new();
    let mut default_binder: Option<String> = None;
    let mut binder_settings: Option<&'static str> = None;
    for (key, value, pointer) in settings {
        let Some(rest) = key.strip_prefix("spring.cloud.stream.") else { continue };
        if let Some(binding) = rest.strip_prefix("bindings.") {
            let Some((name, setting)) = binding.split_once('.') else { continue };
            let entry = bindings.entry(name.to_string()).or_default();
            let head = setting.split('.').next().unwrap_or(setting);
            match head {
                "destination" => entry.destination = Some((value.trim_matches(['"', '\'']).to_string(), pointer)),
                "group" | "consumer" => entry.consumer = true,
                "producer" => entry.producer = true,
                "binder" => entry.binder = Some(value.to_lowercase()),
                _ => {}
            }
        } else if matches!(rest, "default-binder" | "defaultBinder" | "default.binder") {
            default_binder = Some(value.to_lowercase());
        } else if rest.starts_with("kafka.") {
            binder_settings = Some("kafka");
        } else if rest.starts_with("rabbit.") {
            binder_settings = binder_settings.or(Some("amqp"));
        }
    }
    let mut facts = FileFacts::default();
    for (name, binding) in &bindings {
        let Some((written, pointer)) = &binding.destination else { continue };
        let destination = crate::net::with_defaults(written);
        let protocol = binding.binder.as_deref().or(default_binder.as_deref()).map(protocol_of).or(binder_settings).unwrap_or("stream");
        // Code naming the binding reads its destination by this key.
        let key = format!("{BINDINGS}{name}.destination");
        facts.edge("self", &format!("constant:{key}"), NAMES_CONSTANT, json!({"value": destination}), pointer, Method::Parsed);
        let Some(kind) = direction(name, binding) else { continue };
        // A consumer may read several destinations: `destination: orders,returns`.
        for channel in destination.split(',').map(str::trim).filter(|channel| is_channel_name(channel)) {
            facts.node("channel", channel, json!({"address": channel, "protocol": protocol}), pointer, Method::Inferred);
            facts.inferred_edge("self", &format!("channel:{channel}"), kind, json!({"via": "spring cloud stream", "binding": name}), pointer, CONFIDENCE);
        }
    }
    facts
}

/// The protocol a binder's name says (`kafka`, `rabbit`, `kafka-streams`, a named binder
/// `kafka1`).
fn protocol_of(binder: &str) -> &'static str {
    if binder.contains("kafka") {
        "kafka"
    } else if binder.contains("rabbit") {
        "amqp"
    } else {
        "stream"
    }
}

/// The edge kind of a binding's way: `publishes` or `subscribes`; `None` when neither its name
/// nor its settings tell.
fn direction(name: &str, binding: &Binding) -> Option<&'static str> {
    // The functional model's `<function>-in-<index>` and `<function>-out-<index>`.
    if let Some((head, index)) = name.rsplit_once('-')
        && !index.is_empty()
        && index.chars().all(|character| character.is_ascii_digit())
    {
        if head.ends_with("-in") {
            return Some("subscribes");
        }
        if head.ends_with("-out") {
            return Some("publishes");
        }
    }
    let last = last_word(name);
    match last.as_str() {
        "in" | "input" | "inbound" | "sink" | "consumer" | "subscriber" | "listener" | "receiver" => return Some("subscribes"),
        "out" | "output" | "outbound" | "source" | "producer" | "publisher" | "sender" | "supplier" => return Some("publishes"),
        _ => {}
    }
    match (binding.consumer, binding.producer) {
        (true, false) => Some("subscribes"),
        (false, true) => Some("publishes"),
        _ => None,
    }
}

/// The last word of a binding's name, lowercase: after the last `-`, `_` or `.`, or the last
/// capital (`orderInput` is `input`).
fn last_word(name: &str) -> String {
    let tail = name.rsplit(['-', '_', '.']).next().unwrap_or(name);
    let start = tail.char_indices().rev().find(|(at, character)| *at > 0 && character.is_ascii_uppercase()).map_or(0, |(at, _)| at);
    tail[start..].to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ways(facts: &FileFacts) -> Vec<String> {
        facts.edges.iter().filter(|edge| edge.kind != NAMES_CONSTANT).map(|edge| format!("{} {} {}", edge.kind, edge.to, edge.props["binding"].as_str().unwrap_or(""))).collect()
    }

    #[test]
    fn a_bindings_way_is_its_names_or_its_settings() {
        let yaml = "spring.cloud.stream:\n  bindings.messageProcessor-in-0:\n    destination: products\n    group: productsGroup\n  bindings:\n    products-out-0:\n      destination: products\n      producer:\n        required-groups: audit\n    orderInput:\n      destination: ${ORDERS:orders},returns\n    audit:\n      destination: audit\n    payments:\n      destination: payments\n      group: billing\n    shipments:\n      destination: ${SHIPMENTS}\n";
        let document = crate::yaml::document(yaml).expect("yaml");
        let facts = read_document(&document);
        assert_eq!(
            ways(&facts),
            [
                "subscribes channel:products messageProcessor-in-0",
                "subscribes channel:orders orderInput",
                "subscribes channel:returns orderInput",
                "subscribes channel:payments payments",
                "publishes channel:products products-out-0",
            ],
            "a binding of no known way (audit) and an unset destination name no channel"
        );
        let constants: Vec<String> = facts.edges.iter().filter(|edge| edge.kind == NAMES_CONSTANT).map(|edge| format!("{}={}", edge.to, edge.props["value"])).collect();
        assert!(constants.contains(&"constant:spring.cloud.stream.bindings.audit.destination=\"audit\"".to_string()), "{constants:?}");
    }

    #[test]
    fn properties_and_the_binder_name_the_protocol() {
        let text = "spring.cloud.stream.kafka.binder.brokers=kafka:9092\nspring.cloud.stream.bindings.output.destination=orders\n# spring.cloud.stream.bindings.input.destination=old\nspring.cloud.stream.bindings.input.destination=payments\n";
        let facts = read_properties(text);
        assert_eq!(ways(&facts), ["subscribes channel:payments input", "publishes channel:orders output"]);
        assert!(facts.nodes.iter().all(|node| node.props["protocol"] == "kafka"));
        assert!(mentions_bindings(text));
        assert_eq!(last_word("shipmentInput"), "input");
        assert_eq!(last_word("order_events"), "events");
    }
}
