//! Dapr pub/sub beyond the SDK's own calls ([`super::dapr`]), as xshopai's services write it:
//! - a service's own publisher wrapping the SDK, called with the topic first and the data next:
//!   `provider.publishEvent('user.created', eventData)` (JavaScript),
//!   `_messagingProvider.PublishEventAsync("order.created", evt, id)` (C#),
//!   `publishEvent("payment.refund", event)` (Java), `self.publish_event("inventory.failed",
//!   {..})` (Python). The first argument is the topic when it is a string literal naming a
//!   channel, not a pubsub component (`"pubsub"`, `"order-pubsub"`), and the second is no string
//!   literal nor a variable named like a topic: the SDK's `publishEvent("pubsub", "orders", data)`
//!   and `publishEvent("pubsub", topic, data)` name no topic first. Wrappers hide the SDK, so
//!   a file need not name Dapr;
//! - programmatic subscriptions: in a file answering `/dapr/subscribe`, each object giving a
//!   `pubsubname` beside a literal `topic` (`{ pubsubname: 'pubsub', topic:
//!   'auth.user.registered', route: '/events/auth.user.registered' }`, notification-service's
//!   `SUBSCRIPTIONS`) subscribes to that topic.

use std::sync::LazyLock;

use regex::Regex;

use super::calls::{arguments, enclosed_within, string_literal, Lines};
use super::messaging::{is_channel_name, ChannelUse, Direction};

/// Words a file [`uses`] reads holds one of; the code reader's gate opens on them.
pub(super) const GATE_WORDS: &[&str] = &["publishEvent", "PublishEvent", "publish_event", "dapr/subscribe"];

const PROTOCOL: &str = "dapr pubsub";

/// A publisher's call, the SDK's or a wrapper's.
static PUBLISH: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(?:PublishEvent\w*|publishEvent|publish_event)\s*(?:<[^(\n]*>)?\s*\(").expect("a valid regex"));
/// A `topic` key given a string literal, in an object (`topic: 'x'`, `"topic": "x"`, C#'s
/// anonymous `topic = "x"`, Go's `Topic: "x"`).
static TOPIC_KEY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"[{,\s]["']?[Tt]opic["']?\s*[:=]\s*(["'`][^"'`\n]*["'`])"#).expect("a valid regex"));
/// A `pubsubname` key (`pubsubname:`, `"pubsubName":`, `PubsubName:`, `pubsub_name=`).
static PUBSUB_KEY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"["']?(?i:pubsub_?name)["']?\s*[:=]"#).expect("a valid regex"));

/// The topic a wrapper's call publishes to: its first argument, a literal channel name that
/// names no pubsub component, followed by data rather than a topic.
pub(super) fn wrapper_topic(arguments: &[&str]) -> Option<String> {
    let [first, second, ..] = arguments else { return None };
    let topic = string_literal(first)?;
    if !is_channel_name(topic) || names_a_pubsub(topic) || string_literal(second).is_some() {
        return None;
    }
    // `publishEvent("messagebus", topicName, data)`: the SDK's order, the component first.
    let second = second.trim();
    let identifier = second.chars().all(|character| character.is_alphanumeric() || matches!(character, '_' | '.' | '$'));
    (!(identifier && second.to_lowercase().contains("topic"))).then(|| topic.to_string())
}

/// Whether a name is a pubsub component's, as Dapr's samples call them (`pubsub`,
/// `order-pubsub`, `reddog.pubsub`, `pub-sub`).
fn names_a_pubsub(name: &str) -> bool {
    let lower = name.to_lowercase();
    ["pubsub", "pub-sub", "pub_sub", "pub.sub"].iter().any(|word| lower.contains(word))
}

/// Wrapper publications in a file that does not name Dapr ([`super::dapr`] reads those), and
/// programmatic subscriptions in a file answering `/dapr/subscribe`.
pub(super) fn uses(text: &str, lines: &Lines<'_>) -> Vec<ChannelUse> {
    let mut found = Vec::new();
    if !super::dapr::GATE_WORDS.iter().any(|word| text.contains(word)) {
        for whole in PUBLISH.find_iter(text) {
            if lines.is_comment(whole.start()) {
                continue;
            }
            let Some((arguments, _)) = arguments(text, whole.end() - 1) else { continue };
            if let Some(topic) = wrapper_topic(&arguments) {
                found.push(ChannelUse { offset: whole.start(), direction: Direction::Publishes, name: topic, protocol: PROTOCOL });
            }
        }
    }
    if text.contains("/dapr/subscribe") {
        for captures in TOPIC_KEY.captures_iter(text) {
            let (Some(whole), Some(literal)) = (captures.get(0), captures.get(1)) else { continue };
            let Some(topic) = string_literal(literal.as_str()).filter(|topic| is_channel_name(topic)) else { continue };
            // The key, past the character before it.
            let key = whole.start() + whole.as_str().chars().next().map_or(0, char::len_utf8);
            if lines.is_comment(key) || !beside_a_pubsub_name(text, key) {
                continue;
            }
            found.push(ChannelUse { offset: key, direction: Direction::Subscribes, name: topic.to_string(), protocol: PROTOCOL });
        }
    }
    found
}

/// Whether the object holding the key at `offset` gives a `pubsubname` too.
fn beside_a_pubsub_name(text: &str, offset: usize) -> bool {
    let mut depth = 0usize;
    let open = text[..offset].bytes().enumerate().rev().find_map(|(index, byte)| match byte {
        b'}' => {
            depth += 1;
            None
        }
        b'{' if depth == 0 => Some(index),
        b'{' => {
            depth -= 1;
            None
        }
        _ => None,
    });
    open.and_then(|open| enclosed_within(text, open, 2_000)).is_some_and(|(body, _)| PUBSUB_KEY.is_match(body))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(text: &str) -> Vec<(&'static str, String)> {
        uses(text, &Lines::new(text)).into_iter().map(|found| (found.direction.edge_kind(), found.name)).collect()
    }

    #[test]
    fn a_wrapper_names_its_topic_first() {
        let js = "await provider.publishEvent('user.created', eventData, traceId);\nawait provider.publishEvent(topic, eventData);\n// provider.publishEvent('user.gone', eventData);\n";
        assert_eq!(read(js), [("publishes", "user.created".to_string())]);
        let cs = "await _messagingProvider.PublishEventAsync(\n    \"order.created\",\n    orderCreatedEvent,\n    correlationId);\n";
        assert_eq!(read(cs), [("publishes", "order.created".to_string())]);
        let python = "return self.publish_event(\"inventory.failed\", {\"orderId\": order_id}, correlation_id)\ndef publish_event(self, event_type: str, data):\n";
        assert_eq!(read(python), [("publishes", "inventory.failed".to_string())]);
    }

    /// The SDK's own order (component, topic, data) names no topic first.
    #[test]
    fn the_sdks_order_names_no_topic_first() {
        let calls = "bus.publishEvent(\"pubsub\", \"orders\", data);\nbus.publishEvent(\"order-pubsub\", topic, data);\nbus.publishEvent(\"messagebus\", topicName, data);\nbus.publishEvent(\"orders\");\nbus.publishEvent(\"a b\", data);\n";
        assert_eq!(read(calls), Vec::<(&str, String)>::new());
    }

    #[test]
    fn topics_beside_a_pubsub_name_in_a_subscribe_handler() {
        let ts = "const SUBSCRIPTIONS = [\n  { pubsubname: 'pubsub', topic: 'auth.user.registered', route: '/events/auth.user.registered' },\n  { topic: 'not.dapr', route: '/x' },\n  // { pubsubname: 'pubsub', topic: 'commented.out' },\n];\nrouter.get('/dapr/subscribe', (_req, res) => res.json(SUBSCRIPTIONS));\n";
        assert_eq!(read(ts), [("subscribes", "auth.user.registered".to_string())]);
        let python = "@app.route('/dapr/subscribe', methods=['GET'])\ndef subscribe():\n    return jsonify([{'pubsubname': 'pubsub', 'topic': 'orders', 'routes': {'default': '/orders'}}])\n";
        assert_eq!(read(python), [("subscribes", "orders".to_string())]);
        let elsewhere = "const SUBSCRIPTIONS = [{ pubsubname: 'pubsub', topic: 'orders' }];\n";
        assert_eq!(read(elsewhere), Vec::<(&str, String)>::new(), "only a file answering /dapr/subscribe declares subscriptions");
    }
}
