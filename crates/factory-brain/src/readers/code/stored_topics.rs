//! Topics stored with a message for a relay to send later: the transactional outbox. A service
//! saves `new OutboxMessage(topic, json, key)` in its database's transaction, and a relay sends
//! each saved message to its stored topic (`new ProducerRecord<>(msg.getTopic(), ..)`;
//! grpc-polyglot-ticketing's order service). The topic is known only where the message is built
//! (`writeOutbox("orders.order.created", ..)`, through the parameter of the file's helper,
//! [`super::parameters`]); the sending, only in the relay. So the builder names a constant
//! `stored-topic:<Type>:<topic>` and the relay one `sends-stored:<Type>`; resolution
//! (`resolve::constants`) makes the first a channel only in a repo whose relay sends the stored
//! topics of that type: a message type saved but sent by no one, or sent from a topic read
//! another way, publishes nothing.

use std::sync::LazyLock;

use regex::Regex;

use super::calls::{Lines, arguments, called_name, enclosed_within, named, open_call};
use super::config_names::file_constants;
use super::messaging::{CONSTANT_PREFIX, ChannelUse, Direction, NAMES_CONSTANT, names_a_channel};
use super::parameters::channel_names;

/// The prefix of the constant a topic stored with a message of a type is named by:
/// `stored-topic:OutboxMessage:orders.order.created`.
pub(crate) const STORED_TOPIC: &str = "stored-topic:";

/// The prefix of the constant a relay sending the stored topics of a type's messages names:
/// `sends-stored:OutboxMessage`.
pub(crate) const SENDS_STORED: &str = "sends-stored:";

/// Words a file building or sending a stored topic holds one of.
pub(super) const GATE_WORDS: &[&str] = &["opic"];

/// The languages whose messages are built as typed objects.
const LANGUAGES: &[&str] = &["java", "kt", "cs", "ts", "js", "scala"];

/// The topics a file stores with the messages it builds: each a `const:stored-topic:..` use.
pub(super) fn uses(extension: &str, text: &str, lines: &Lines<'_>) -> Vec<ChannelUse> {
    static BUILT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?:\bnew\s+|\b)([A-Z]\w*)\s*(?:<[^<>(){};]*>\s*)?[({]").expect("a valid regex"));
    let mut uses = Vec::new();
    if !LANGUAGES.contains(&extension) || !(text.contains("topic") || text.contains("Topic")) {
        return uses;
    }
    let constants = file_constants(text);
    for built in BUILT.captures_iter(text) {
        let Some(whole) = built.get(0).filter(|whole| !lines.is_comment(whole.start())) else { continue };
        // `new T(..)`, C#'s `new T { Topic = t }`, Kotlin's and Scala's `T(topic = t)`.
        let constructs = whole.as_str().starts_with("new") || matches!(extension, "kt" | "scala") && whole.as_str().ends_with('(');
        if !constructs {
            continue;
        }
        let Some((inside, _)) = enclosed_within(text, whole.end() - 1, 2000) else { continue };
        let items = if whole.as_str().ends_with('{') { super::calls::split_top_level(inside) } else { arguments(text, whole.end() - 1).map(|(items, _)| items).unwrap_or_default() };
        for item in items {
            let value = stored_topic_argument(item);
            let Some(value) = value else { continue };
            for topic in channel_names(extension, text, whole.start(), value, &constants).into_iter().filter(|topic| !topic.starts_with(CONSTANT_PREFIX)) {
                let name = format!("{CONSTANT_PREFIX}{STORED_TOPIC}{}:{topic}", &built[1]);
                uses.push(ChannelUse { offset: whole.start(), direction: Direction::Publishes, name, protocol: "outbox" });
            }
        }
    }
    uses
}

/// The value an argument gives a message's topic: `topic = x` (named so), or a variable named
/// so (`topic`, `topicName`) passed as it is. A literal's place says nothing of what it is.
fn stored_topic_argument(item: &str) -> Option<&str> {
    let item = item.trim();
    let name_end = item.find(|character: char| !(character.is_alphanumeric() || character == '_')).unwrap_or(item.len());
    let (name, _) = item.split_at(name_end);
    if let Some(value) = named(item, name).filter(|_| !name.is_empty()) {
        return is_topic_name(name).then_some(value);
    }
    (name_end == item.len() && is_topic_name(item)).then_some(item)
}

/// Whether a field or variable is named for a message's topic or queue.
fn is_topic_name(name: &str) -> bool {
    let lower = name.to_ascii_lowercase();
    names_a_channel(name) && !lower.contains("partition") && !lower.contains("type")
}

/// For a file sending each stored message to its own topic (`new ProducerRecord<>(msg.getTopic(),
/// ..)`, `producer.send(message.topic, ..)`) where the message's declared type is known
/// (`OutboxMessage msg`, `msg: OutboxMessage`), a `sends-stored:<Type>` constant.
pub(super) fn relay_constants(facts: &mut crate::model::FileFacts, extension: &str, text: &str, lines: &Lines<'_>) {
    static STORED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\b([a-z_]\w*)\s*\.\s*(?:getTopic\s*\(\s*\)|topic\s*\(\s*\)|[Tt]opic\b)").expect("a valid regex"));
    static SENDS: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(?:ProducerRecord|send\w*|Send\w*|produce\w*|Produce\w*|publish\w*|Publish\w*|convertAndSend)$").expect("a valid regex"));
    if !LANGUAGES.contains(&extension) || !["kafka", "Kafka", "rabbit", "Rabbit", "amqp", "nats", "pulsar", "Pulsar"].iter().any(|word| text.contains(word)) {
        return;
    }
    for stored in STORED.captures_iter(text) {
        let Some(whole) = stored.get(0).filter(|whole| !lines.is_comment(whole.start())) else { continue };
        // The call's first argument, to a sending call.
        let Some(open) = open_call(text, whole.start(), 300) else { continue };
        if !text[open + 1..whole.start()].trim().is_empty() || !SENDS.is_match(called_name(text, open)) {
            continue;
        }
        if let Some(declared) = declared_type(text, &stored[1], whole.start()) {
            let props = serde_json::json!({"value": declared});
            facts.edge("self", &format!("constant:{SENDS_STORED}{declared}"), NAMES_CONSTANT, props, &format!("L{}", lines.number(whole.start())), crate::model::Method::Parsed);
        }
    }
}

/// The type a variable is last declared with before `before`: `OutboxMessage msg` (Java, C#,
/// a `for` loop's), `msg: OutboxMessage` (Kotlin, TypeScript, Scala).
fn declared_type(text: &str, variable: &str, before: usize) -> Option<String> {
    let variable = regex::escape(variable);
    let declaration = Regex::new(&format!(r"\b([A-Z]\w*)(?:<[^<>(){{}};]*>)?\s+{variable}\b\s*[,):;=]|\b{variable}\s*:\s*([A-Z]\w*)")).ok()?;
    let last = declaration.captures_iter(&text[..before]).last()?;
    last.get(1).or_else(|| last.get(2)).map(|name| name.as_str().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stored(extension: &str, text: &str) -> Vec<String> {
        uses(extension, text, &Lines::new(text)).into_iter().map(|found| found.name).collect()
    }

    fn relayed(extension: &str, text: &str) -> Vec<String> {
        let mut facts = crate::model::FileFacts::default();
        relay_constants(&mut facts, extension, text, &Lines::new(text));
        facts.edges.into_iter().map(|edge| edge.to).collect()
    }

    #[test]
    fn a_helper_stores_the_topics_its_callers_pass() {
        let service = "class OrderService {\n  void place() { writeOutbox(\"orders.order.created\", id, order); }\n  void cancel() {\n    writeOutbox(ORDER_CANCELLED, id, order);\n  }\n  static final String ORDER_CANCELLED = \"orders.order.cancelled\";\n  private void writeOutbox(String topic, String key, Object payload) {\n    outboxRepository.save(new OutboxMessage(\n        topic,\n        json(payload),\n        key));\n  }\n}\n";
        assert_eq!(stored("java", service), ["const:stored-topic:OutboxMessage:orders.order.created", "const:stored-topic:OutboxMessage:orders.order.cancelled"]);
        let kotlin = "fun save(order: Order) { repo.save(OutboxEvent(topic = \"orders.saved\", aggregateType = \"Order\", payload = json)) }\n";
        assert_eq!(stored("kt", kotlin), ["const:stored-topic:OutboxEvent:orders.saved"]);
        let literal = "void f() { repo.save(new OutboxMessage(\"Order\", json)); }\n";
        assert!(stored("java", literal).is_empty(), "a literal's place names no topic");
    }

    #[test]
    fn a_relay_sends_the_topics_of_a_declared_type() {
        let relay = "import org.apache.kafka.clients.producer.ProducerRecord;\nclass Relay {\n  public void publishOne(OutboxMessage msg) {\n    log.info(\"topic {}\", msg.getTopic());\n    kafkaTemplate.send(new ProducerRecord<>(msg.getTopic(), msg.getKey(), msg.getPayload()));\n  }\n}\n";
        assert_eq!(relayed("java", relay), ["constant:sends-stored:OutboxMessage"]);
        let untyped = "import org.apache.kafka.clients.producer.ProducerRecord;\nclass Relay {\n  void f() { for (var msg : batch) { kafkaTemplate.send(msg.getTopic(), msg.getPayload()); } }\n}\n";
        assert!(relayed("java", untyped).is_empty());
    }
}
