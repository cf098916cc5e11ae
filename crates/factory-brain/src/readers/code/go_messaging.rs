//! Go's message channels that [`super::messaging`] cannot name from the call alone:
//! - a Kafka message or writer struct of confluent-kafka-go, segmentio's kafka-go or sarama,
//!   under whatever name the file imports the library as (`confluent.Message{..}`), whose
//!   `Topic:` is a local variable given a constant (`topic := TopicExpirationComplete`) or a
//!   parameter of the function, named by the file's calls of it
//!   (`p.publish(ctx, TopicTicketCreated, ..)`; grpc-polyglot-ticketing's ticket and expiration
//!   services), or, of an exported function no call of its own file fills, by its package's
//!   calls in other files ([`super::passed_channels`]; Rishi855's ecommerce);
//! - a typed bus, where the broker routes each message by its Go type's name, as .NET's event
//!   buses do ([`super::events`]): `builder.AddConsumer(events.ProductCreatedV1{}, ..)` (an
//!   `Add`/`Register` call of a consumer, subscriber or handler handed an empty composite
//!   literal) subscribes to the type, and `producer.PublishMessage(ctx, created, nil)` on a
//!   producer, publisher or bus publishes the type `created` is built as
//!   (`events.NewProductCreatedV1(..)`, `&events.ProductCreatedV1{..}`). The channel is the
//!   type's name, so Go and .NET services of one bus meet (go-food-delivery-microservices over
//!   RabbitMQ). In-process buses (MediatR's Go port, a `localBus`, a `domainEvents`
//!   dispatcher) carry no channel, and only a file naming a broker (or publishing on a
//!   producer) is read.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use super::calls::{Lines, arguments, enclosed_within, receiver};
use super::config_names::file_constants;
use super::messaging::{ChannelUse, Direction};
use super::parameters::{channel_names, values};
use super::passed_channels::{imports, parameter_channel};

/// Words of which a file this module reads holds at least one (beside [`super::messaging`]'s).
pub(super) const GATE_WORDS: &[&str] = &["kafka", "sarama", "Handler"];

/// The Kafka library an import path names: the package's own name and its structs that
/// publish (`true`) or read.
fn kafka_library(path: &str) -> Option<(&'static str, &'static [(&'static str, bool)])> {
    if path.contains("confluent-kafka-go") && path.ends_with("/kafka") {
        Some(("kafka", &[("Message", true)]))
    } else if path.ends_with("segmentio/kafka-go") {
        Some(("kafka", &[("Message", true), ("Writer", true), ("WriterConfig", true), ("ReaderConfig", false)]))
    } else if path.ends_with("Shopify/sarama") || path.ends_with("IBM/sarama") {
        Some(("sarama", &[("ProducerMessage", true)]))
    } else {
        None
    }
}

/// Every channel use of a Go file this module finds.
pub(super) fn uses(extension: &str, text: &str, lines: &Lines<'_>) -> Vec<ChannelUse> {
    let mut uses = Vec::new();
    if extension != "go" {
        return uses;
    }
    if text.contains("kafka") || text.contains("sarama") {
        kafka_structs(text, lines, &mut uses);
    }
    typed_bus(text, lines, &mut uses);
    uses
}

/// The Kafka structs of the libraries [`kafka_library`] knows under the names the file imports them as, and the
/// topics their `Topic:` fields name.
fn kafka_structs(text: &str, lines: &Lines<'_>, uses: &mut Vec<ChannelUse>) {
    static STRUCT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b([A-Za-z_]\w*)\.([A-Z]\w*)\s*\{").expect("a valid regex"));
    static TOPIC: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(?:Topic|GroupTopics)\s*:\s*").expect("a valid regex"));
    let mut packages: BTreeMap<&str, &[(&str, bool)]> = BTreeMap::new();
    for (alias, path) in imports(text) {
        if let Some((default, structs)) = kafka_library(path) {
            packages.insert(alias.unwrap_or(default), structs);
        }
    }
    if packages.is_empty() {
        return;
    }
    let constants = file_constants(text);
    for found in STRUCT.captures_iter(text) {
        let Some(whole) = found.get(0).filter(|whole| !lines.is_comment(whole.start())) else { continue };
        let Some(publishes) = packages.get(&found[1]).and_then(|structs| structs.iter().find(|(name, _)| *name == &found[2])).map(|(_, publishes)| *publishes) else {
            continue;
        };
        let Some((fields, _)) = enclosed_within(text, whole.end() - 1, 4000) else { continue };
        let fields_start = whole.end();
        let direction = if publishes { Direction::Publishes } else { Direction::Subscribes };
        for field in TOPIC.find_iter(fields) {
            let value = field_value(&fields[field.end()..]);
            let at = fields_start + field.end();
            let mut names = channel_names("go", text, at, value, &constants);
            if names.is_empty() {
                names.extend(parameter_channel(text, at, value));
            }
            for name in names {
                uses.push(ChannelUse { offset: whole.start(), direction, name, protocol: "kafka" });
            }
        }
    }
}

/// A struct field's value at the start of `rest`: up to the comma, line end or brace that ends
/// it outside brackets and strings (`config.GetEnv("TOPIC", "orders")` whole).
fn field_value(rest: &str) -> &str {
    let bytes = rest.as_bytes();
    let mut depth = 0usize;
    let mut index = 0;
    while index < bytes.len() {
        match bytes[index] {
            b'(' | b'[' | b'{' => depth += 1,
            b')' | b']' | b'}' if depth == 0 => break,
            b')' | b']' | b'}' => depth -= 1,
            b',' | b'\n' if depth == 0 => break,
            quote @ (b'"' | b'`') => match bytes[index + 1..].iter().position(|&byte| byte == quote) {
                Some(close) => index += close + 1,
                None => break,
            },
            _ => {}
        }
        index += 1;
    }
    rest[..index].trim()
}

/// The ends of the names of types that take messages rather than of messages.
const TAKER_ENDS: &[&str] = &["Handler", "Consumer", "Listener", "Subscriber", "Service", "Config", "Configuration", "Options", "Module", "Builder"];

/// Names a message's base type or envelope goes by rather than one message's.
const BASE_TYPES: &[&str] = &["Message", "Event", "IntegrationEvent", "DomainEvent", "Msg", "Envelope", "Payload", "Command", "Data", "BaseEvent", "EventBase"];

/// Words in a receiver's name that say its bus stays in the process.
const IN_PROCESS: &[&str] = &["mediatr", "mediator", "local", "domain", "internal", "inprocess", "command"];

/// Words of a file using a broker's client (in its imports or its names), lower-cased.
const BROKER_WORDS: &[&str] = &["rabbit", "amqp", "kafka", "sarama", "nats.", "nats-io", "pulsar", "watermill", "pubsub", "/sqs", "servicebus", "eventhub"];

/// Go's typed bus: subscriptions handed a message type's empty literal, publications of a value
/// built as a type.
fn typed_bus(text: &str, lines: &Lines<'_>, uses: &mut Vec<ChannelUse>) {
    static SETUP: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\b(?:Add|Register)\w*?(Consumer|Subscriber|Handler)s?\s*(?:\[[^\]\n]*\]\s*)?\(").expect("a valid regex"));
    static PUBLISH: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\bPublish\w*\s*\(").expect("a valid regex"));
    static TYPE_TOKEN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^&?(?:[A-Za-z_]\w*\.)?([A-Z]\w*)\s*\{\s*\}$").expect("a valid regex"));
    let brokered = std::cell::LazyCell::new(|| {
        let lower = text.to_ascii_lowercase();
        BROKER_WORDS.iter().any(|word| lower.contains(word))
    });
    let in_process = |offset: usize| {
        let on = receiver(text, offset).to_ascii_lowercase();
        IN_PROCESS.iter().any(|word| on.contains(word))
    };
    let mut found = |offset: usize, direction: Direction, name: &str| {
        let message = !TAKER_ENDS.iter().any(|end| name.ends_with(end)) && !BASE_TYPES.contains(&name);
        if message && !lines.is_comment(offset) {
            uses.push(ChannelUse { offset, direction, name: name.to_string(), protocol: "event bus" });
        }
    };
    for setup in SETUP.captures_iter(text) {
        let Some(whole) = setup.get(0) else { continue };
        // A consumer is a broker's; a subscriber or handler may be the process's own.
        if in_process(whole.start()) || !(&setup[1] == "Consumer" || *brokered) {
            continue;
        }
        let Some((arguments, _)) = arguments(text, whole.end() - 1) else { continue };
        for argument in arguments {
            if let Some(token) = TYPE_TOKEN.captures(argument) {
                found(whole.start(), Direction::Subscribes, &token[1]);
            }
        }
    }
    for publish in PUBLISH.find_iter(text) {
        let on = receiver(text, publish.start()).to_ascii_lowercase();
        let producer = on.ends_with("producer");
        if !(producer || on.ends_with("publisher") || on.ends_with("bus")) || in_process(publish.start()) || !(producer || *brokered) {
            continue;
        }
        let Some((arguments, _)) = arguments(text, publish.end() - 1) else { continue };
        let Some(message) = arguments.iter().copied().find(|argument| !is_context(argument)) else { continue };
        for (_, built) in values("go", text, publish.start(), message, 2) {
            if let Some(name) = built_type(built) {
                found(publish.start(), Direction::Publishes, name);
            }
        }
    }
}

/// Whether an argument is a `context.Context` handed first.
fn is_context(argument: &str) -> bool {
    let argument = argument.trim();
    argument == "ctx" || argument.ends_with("Ctx") || argument.starts_with("context.") || argument.ends_with(".Context()")
}

/// The type a value is built as: `&events.OrderPaid{..}`, `events.OrderPaid{..}`, or the
/// constructor Go names after it, `events.NewOrderPaid(..)`.
fn built_type(value: &str) -> Option<&str> {
    static BUILT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^&?(?:[A-Za-z_]\w*\.)?(?:New([A-Z]\w*)\s*(?:\[[^\]]*\]\s*)?\(|([A-Z]\w*)\s*\{)").expect("a valid regex"));
    let built = BUILT.captures(value.trim())?;
    built.get(1).or_else(|| built.get(2)).map(|name| name.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(Direction, String)> {
        uses("go", text, &Lines::new(text)).into_iter().map(|found| (found.direction, found.name)).collect()
    }

    #[test]
    fn kafka_structs_under_any_import_name() {
        let aliased = "import (\n\tconfluent \"github.com/confluentinc/confluent-kafka-go/v2/kafka\"\n)\n\nconst TopicDone = \"orders.done\"\n\nfunc (p *P) Done() error {\n\ttopic := TopicDone\n\treturn p.p.Produce(&confluent.Message{TopicPartition: confluent.TopicPartition{Topic: &topic}}, nil)\n}\n";
        assert_eq!(found(aliased), [(Direction::Publishes, "orders.done".to_string())]);
        let segmentio = "import kgo \"github.com/segmentio/kafka-go\"\n\nfunc read() { r := kgo.NewReader(kgo.ReaderConfig{Topic: \"payments\"}) }\n";
        assert_eq!(found(segmentio), [(Direction::Subscribes, "payments".to_string())]);
        let other = "import (\n\tconfluent \"example.com/messages\"\n)\n\nfunc f() { m := confluent.Message{Topic: \"x\"} }\n";
        assert!(found(other).is_empty(), "another library's Message names no topic");
    }

    #[test]
    fn a_typed_bus_subscribes_and_publishes_by_type() {
        let consumer = "import (\n\t\"example.com/pkg/rabbitmq/configurations\"\n\tevents \"example.com/catalog/events\"\n)\n\nfunc Config(b configurations.Builder) {\n\tb.AddConsumer(\n\t\tevents.ProductCreatedV1{},\n\t\tfunc(c Builder) { c.AddHandler(events.NewProductCreatedConsumer(log)) },\n\t)\n\tb.AddConsumer(&events.ProductCreatedConsumer{}, nil)\n}\n";
        assert_eq!(found(consumer), [(Direction::Subscribes, "ProductCreatedV1".to_string())]);
        let producer = "func (c *handler) Handle(ctx context.Context, cmd *Create) error {\n\tcreated := integrationevents.NewProductCreatedV1(\n\t\tdto,\n\t)\n\tif err := c.RabbitmqProducer.PublishMessage(ctx, created, nil); err != nil {\n\t\treturn err\n\t}\n\treturn c.producer.PublishMessage(ctx, &events.ProductDeletedV1{Id: id}, nil)\n}\n";
        assert_eq!(found(producer), [(Direction::Publishes, "ProductCreatedV1".to_string()), (Direction::Publishes, "ProductDeletedV1".to_string())]);
        let in_process = "import \"github.com/mehdihadeli/go-mediatr\"\nimport \"github.com/rabbitmq/amqp091-go\"\n\nfunc f(ctx context.Context) {\n\tmediatr.RegisterNotificationHandler(events.OrderCreated{})\n\ts.localBus.Publish(ctx, events.NewOrderCreated(id))\n\ts.eventPublisher.Publish(ctx, topic, payload)\n}\n";
        assert!(found(in_process).is_empty(), "{:?}", found(in_process));
        let no_broker = "func f(ctx context.Context) {\n\td.AddSubscriber(events.OrderCreated{}, h)\n\ts.bus.Publish(ctx, events.NewOrderCreated(id))\n}\n";
        assert!(found(no_broker).is_empty(), "a file naming no broker keeps its bus at home: {:?}", found(no_broker));
    }
}
