//! MicroProfile Reactive Messaging's channels as config connects them to a broker (SmallRye in
//! Quarkus, Open Liberty, Helidon): `mp.messaging.incoming.<channel>.connector=smallrye-kafka`
//! wires the channel code reads with `@Incoming("<channel>")` (and `outgoing` the one it writes
//! with `@Outgoing` or an `@Channel` emitter) to the topic `mp.messaging.incoming.<channel>.topic`
//! (Kafka, MQTT) or `.address` (AMQP), else to the topic named like the channel. A channel no
//! connector, topic nor address is set for stays in memory, between two methods of one service
//! (`@Outgoing("team-stats")` feeding `@Incoming("team-stats")`), and is no broker's channel.
//! Keys of a profile (`%test.`, `%dev.`) configure other runs and are left out, and so is the
//! in-memory connector and the config of tests.
//!
//! Each connected channel is recorded as a constant named by [`channel_key`]: code naming the
//! channel (`readers::code::reactive_messaging`) names that constant, which resolution fills as
//! it fills every channel constant (`resolve::constants`). The key holds the module (the folder
//! above `src/main/`), so two services of one repo giving one channel name different topics,
//! or leaving it in memory, stay apart.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::model::{FileFacts, Method};
use crate::readers::code::{NAMES_CONSTANT, is_channel_name, is_test_path};
use crate::readers::spring_stream::{flatten, property_settings};

/// The prefix of every Reactive Messaging channel's settings.
const PREFIX: &str = "mp.messaging.";

/// Whether a config file's text may connect Reactive Messaging channels.
pub fn mentions_channels(text: &str) -> bool {
    text.contains("messaging") && (text.contains("incoming") || text.contains("outgoing"))
}

/// Which way a channel goes, as its settings' key says (`incoming`, `outgoing`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Way {
    Incoming,
    Outgoing,
}

impl Way {
    fn word(self) -> &'static str {
        match self {
            Way::Incoming => "incoming",
            Way::Outgoing => "outgoing",
        }
    }
}

/// The constant a connected channel's topic is recorded under, for the file at `path`:
/// `reactive-messaging:<module>:<way>:<channel>`.
pub fn channel_key(path: &str, way: Way, channel: &str) -> String {
    format!("reactive-messaging:{}:{}:{channel}", module(path), way.word())
}

/// The module a file belongs to: the folder above its `src/main/`, or the repo's root (also
/// for a layout without `src/main/`).
fn module(path: &str) -> &str {
    path.find("/src/main/").map_or("", |at| &path[..at])
}

/// The connected channels of a `.properties` file at `path`.
pub fn read_properties(path: &str, text: &str) -> FileFacts {
    read_settings(path, property_settings(text))
}

/// The connected channels of one YAML document of the file at `path` (nested keys, dotted keys,
/// or both).
pub fn read_document(path: &str, document: &Value) -> FileFacts {
    let mut settings = Vec::new();
    flatten(document, "", "", &mut settings);
    read_settings(path, settings.iter().map(|(key, value, pointer)| (key.as_str(), value.as_str(), pointer.clone())))
}

/// One channel's settings, as far as they tell whether it is connected and to what.
#[derive(Debug, Default)]
struct Channel {
    /// A connector other than the in-memory one, and where it is set.
    connector: Option<String>,
    /// The topic or address as written, and where.
    destination: Option<(String, String)>,
}

fn read_settings<'a>(path: &str, settings: impl Iterator<Item = (&'a str, &'a str, String)>) -> FileFacts {
    let mut facts = FileFacts::default();
    if is_test_path(path) {
        return facts;
    }
    let mut channels: BTreeMap<(Way, &str), Channel> = BTreeMap::new();
    for (key, value, pointer) in settings {
        let Some(rest) = key.strip_prefix(PREFIX) else { continue };
        let (way, rest) = match rest.split_once('.') {
            Some(("incoming", rest)) => (Way::Incoming, rest),
            Some(("outgoing", rest)) => (Way::Outgoing, rest),
            _ => continue,
        };
        let Some((name, setting)) = rest.split_once('.') else { continue };
        let value = value.trim_matches(['"', '\'']);
        match setting {
            "connector" if !value.contains("in-memory") && !value.is_empty() => channels.entry((way, name)).or_default().connector = Some(pointer),
            "topic" | "address" => channels.entry((way, name)).or_default().destination = Some((value.to_string(), pointer)),
            _ => {}
        }
    }
    for ((way, name), channel) in &channels {
        let (destination, pointer) = match (&channel.destination, &channel.connector) {
            (Some((written, pointer)), _) => (crate::net::with_defaults(written).into_owned(), pointer),
            (None, Some(pointer)) => (name.to_string(), pointer),
            (None, None) => continue,
        };
        // A topic left to the environment (`${FIGHTS_TOPIC}`) names none here.
        if is_channel_name(&destination) && is_channel_name(name) {
            facts.edge("self", &format!("constant:{}", channel_key(path, *way, name)), NAMES_CONSTANT, json!({"value": destination}), pointer, Method::Parsed);
        }
    }
    facts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn constants(facts: &FileFacts) -> Vec<String> {
        facts.edges.iter().map(|edge| format!("{}={}", edge.to, edge.props["value"].as_str().unwrap_or(""))).collect()
    }

    #[test]
    fn a_channel_is_connected_by_its_connector_or_its_topic() {
        let properties = "mp.messaging.outgoing.fights.connector=smallrye-kafka\nmp.messaging.outgoing.fights.topic=fights-v1\n%test.mp.messaging.outgoing.fights.connector=smallrye-in-memory\nmp.messaging.incoming.prices.connector=smallrye-amqp\nmp.messaging.incoming.orders.address=${ORDERS:orders-queue}\nmp.messaging.outgoing.local.connector=smallrye-in-memory\n%dev.mp.messaging.incoming.audit.connector=smallrye-kafka\nmp.messaging.connector.smallrye-kafka.bootstrap.servers=kafka:9092\n";
        assert_eq!(
            constants(&read_properties("fights/src/main/resources/application.properties", properties)),
            [
                "constant:reactive-messaging:fights:incoming:orders=orders-queue",
                "constant:reactive-messaging:fights:incoming:prices=prices",
                "constant:reactive-messaging:fights:outgoing:fights=fights-v1",
            ]
        );
        assert!(read_properties("fights/src/test/resources/application.properties", properties).edges.is_empty(), "a test's config");
        let yaml = "mp:\n  messaging:\n    incoming:\n      fights:\n        connector: smallrye-kafka\n        topic: fights\n\"%test\":\n  mp:\n    messaging:\n      incoming:\n        other:\n          connector: smallrye-kafka\n";
        let document = crate::yaml::document(yaml).expect("yaml");
        assert_eq!(constants(&read_document("src/main/resources/application.yml", &document)), ["constant:reactive-messaging::incoming:fights=fights"]);
        assert!(mentions_channels(yaml));
    }
}
