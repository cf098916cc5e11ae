//! RabbitMQ exchanges as channels, where the routing key does not say who receives: a publish
//! naming its exchange (`basic_publish(exchange='logs', routing_key='', ..)`, RabbitMQ's
//! tutorial 3) publishes on the exchange's name too, and a queue bound to the exchange with no
//! key, an empty one or `#` (a fanout or catch-all binding) subscribes to it. omkumar01's
//! Distributed-Issue-Tracker: the user and project services publish on `issue_tracker_events`
//! with their event's type, a parameter, as the key; the search service binds a server-named
//! queue with `#` and hears them all.
//!
//! An exchange is named as a queue is, by its name alone, so that the exchange Spring Cloud
//! Stream makes of a destination (and an AsyncAPI channel naming an exchange) is the same
//! channel; channels are not told apart by broker, so a file naming another broker's client
//! too (a bridge from NATS, Kafka or MQTT) names no exchange, whose name could be the other
//! broker's subject or topic.
//!
//! A binding with a specific key stays that key's only, so that a topic exchange's
//! subscribers are not joined to every publisher of the exchange. The kind the file declares
//! the exchange with (`exchange_declare(exchange='logs', exchange_type='fanout')`, .NET's
//! `ExchangeDeclare`, amqplib's `assertExchange`, amqp091's `ExchangeDeclare`) decides where it
//! is known: a fanout or headers exchange's bindings all hear it whatever their key, a topic
//! exchange's only with `#`, a direct exchange's never.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use super::calls::{Lines, arguments, named, string_literal};
use super::parameters::{STEPS, channel_names, values};

/// The exchange a publish names, as channels: the literal or constant `exchange` stands for
/// (a local variable assigned one, a parameter the file's calls fill), none for the default
/// exchange (`''`).
pub(super) fn published(extension: &str, text: &str, at: usize, exchange: &str, constants: &dyn Fn(&str) -> Option<String>) -> Vec<String> {
    channel_names(extension, text, at, exchange, constants)
}

/// The exchange a queue binding subscribes to, as channels: pika's `queue_bind(queue, exchange,
/// routing_key=None)` (`exchange=` and `routing_key=` by keyword too), .NET's `QueueBind(queue,
/// exchange, routingKey)`, amqplib's `bindQueue(queue, exchange, pattern)`, amqp091's
/// `QueueBind(name, key, exchange, noWait, args)` (`go`), when its key lets it hear all the
/// exchange gets.
pub(super) fn bound(extension: &str, text: &str, lines: &Lines<'_>, at: usize, passed: &[&str], go: bool, constants: &dyn Fn(&str) -> Option<String>) -> Vec<String> {
    let by_name = |name: &str| passed.iter().find_map(|argument| named(argument, name));
    let positional = |index: usize| passed.get(index).copied().filter(|argument| !is_keyword(argument));
    let Some(exchange) = by_name("exchange").or_else(|| positional(if go { 2 } else { 1 })) else { return Vec::new() };
    let key = match by_name("routing_key").or_else(|| by_name("routingKey")).or_else(|| positional(if go { 1 } else { 2 })) {
        None => Key::Absent,
        Some(key) => key_of(extension, text, at, key),
    };
    let kinds = declared_kinds(extension, text, lines, constants);
    channel_names(extension, text, at, exchange, constants).into_iter().filter(|name| hears_all(kinds.get(name).copied().flatten(), key)).collect()
}

/// The exchange a Spring AMQP binding (`BindingBuilder.bind(queue).to(exchange)`, then
/// `.with(key)` but for a fanout or headers exchange) subscribes to, as channels: the one
/// exchange the file declares (`new FanoutExchange("tut.fanout")`,
/// `ExchangeBuilder.topicExchange(name)`), when the key lets it hear all it gets (RabbitMQ's
/// Spring AMQP tutorial 3). A file declaring several is left alone: which one `.to(..)` names
/// is not read.
pub(super) fn spring_bound(text: &str, lines: &Lines<'_>, key: Option<&str>, constants: &dyn Fn(&str) -> Option<String>) -> Vec<String> {
    static EXCHANGE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\b(?:new\s+(?P<class>Fanout|Headers|Topic|Direct)Exchange|ExchangeBuilder\s*\.\s*(?P<builder>fanout|headers|topic|direct)Exchange)\s*\(").expect("a valid regex"));
    let declared: Vec<(Kind, &str)> = EXCHANGE
        .captures_iter(text)
        .filter_map(|captures| {
            let whole = captures.get(0).filter(|whole| !lines.is_comment(whole.start()))?;
            let kind = match captures.name("class").or_else(|| captures.name("builder"))?.as_str().to_ascii_lowercase().as_str() {
                "fanout" => Kind::Fanout,
                "headers" => Kind::Headers,
                "topic" => Kind::Topic,
                _ => Kind::Direct,
            };
            Some((kind, *arguments(text, whole.end() - 1)?.0.first()?))
        })
        .collect();
    let [(kind, exchange)] = declared.as_slice() else { return Vec::new() };
    if !hears_all(Some(*kind), key.map_or(Key::Absent, literal_key)) {
        return Vec::new();
    }
    super::messaging::names_of(exchange, constants)
}

/// The kind of exchange a file declares.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Fanout,
    Headers,
    Topic,
    Direct,
}

/// A binding's routing key, as far as it says which messages the queue hears.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Key {
    /// None given (pika's default, the queue's own name, which a fanout exchange ignores).
    Absent,
    /// `''`.
    Empty,
    /// `#`, every key on a topic exchange.
    Everything,
    /// Any other key or pattern, or one that cannot be told.
    Specific,
}

/// Whether a queue bound with `key` to an exchange of `kind` (unknown: `None`) hears all that
/// is published on it.
fn hears_all(kind: Option<Kind>, key: Key) -> bool {
    match kind {
        Some(Kind::Fanout | Kind::Headers) => true,
        Some(Kind::Topic) => key == Key::Everything,
        Some(Kind::Direct) => false,
        None => key != Key::Specific,
    }
}

/// What a binding's key argument is: a literal, or a local name every value of which is the
/// same literal.
fn key_of(extension: &str, text: &str, at: usize, key: &str) -> Key {
    let found: Vec<Key> = values(extension, text, at, key, STEPS).into_iter().map(|(_, value)| literal_key(value)).collect();
    match found.split_first() {
        Some((first, rest)) if rest.iter().all(|other| other == first) => *first,
        _ => Key::Specific,
    }
}

/// What a key written out is: `''`, `#`, `None` or another.
fn literal_key(expression: &str) -> Key {
    match string_literal(expression).map(str::trim) {
        Some("") => Key::Empty,
        Some("#") => Key::Everything,
        _ if matches!(expression.trim(), "None" | "null" | "nil") => Key::Absent,
        _ => Key::Specific,
    }
}

/// Whether an argument is passed by keyword (`queue=q`, C#'s `queue: q`), not by position.
fn is_keyword(argument: &str) -> bool {
    static KEYWORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*[A-Za-z_]\w*\s*(?:=[^=]|:[^:])").expect("a valid regex"));
    KEYWORD.is_match(argument) && string_literal(argument).is_none()
}

/// The exchanges the file declares with a kind it names, by channel name; one declared with
/// two kinds is `None`.
fn declared_kinds(extension: &str, text: &str, lines: &Lines<'_>, constants: &dyn Fn(&str) -> Option<String>) -> BTreeMap<String, Option<Kind>> {
    static DECLARE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(?:exchange_declare|ExchangeDeclare|assertExchange)\s*\(").expect("a valid regex"));
    let mut kinds: BTreeMap<String, Option<Kind>> = BTreeMap::new();
    for whole in DECLARE.find_iter(text).filter(|whole| !lines.is_comment(whole.start())) {
        let Some((passed, _)) = arguments(text, whole.end() - 1) else { continue };
        let by_name = |name: &str| passed.iter().find_map(|argument| named(argument, name));
        let positional = |index: usize| passed.get(index).copied().filter(|argument| !is_keyword(argument));
        let (Some(exchange), Some(kind)) = (by_name("exchange").or_else(|| positional(0)), by_name("exchange_type").or_else(|| by_name("type")).or_else(|| positional(1))) else {
            continue;
        };
        let kind = kind.to_ascii_lowercase();
        let Some(kind) = [("fanout", Kind::Fanout), ("headers", Kind::Headers), ("topic", Kind::Topic), ("direct", Kind::Direct)]
            .into_iter()
            .find_map(|(word, kind_named)| kind.contains(word).then_some(kind_named))
        else {
            continue;
        };
        for name in channel_names(extension, text, whole.start(), exchange, constants) {
            kinds.entry(name).and_modify(|known| *known = known.filter(|known| *known == kind)).or_insert(Some(kind));
        }
    }
    kinds
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bound_in(extension: &str, text: &str) -> Vec<String> {
        let lines = Lines::new(text);
        let at = text.find("ueue_bind(").or_else(|| text.find("QueueBind(")).or_else(|| text.find("bindQueue(")).expect("a bind");
        let open = at + text[at..].find('(').expect("a call");
        let (passed, _) = arguments(text, open).expect("closed");
        let go = passed.len() == 5;
        bound(extension, text, &lines, at, &passed, go, &|_| None)
    }

    #[test]
    fn a_binding_hears_the_whole_exchange_by_its_key_and_the_exchanges_kind() {
        let fanout = "channel.exchange_declare(exchange='logs', exchange_type='fanout')\nchannel.queue_bind(exchange='logs', queue=queue_name)\n";
        assert_eq!(bound_in("py", fanout), ["logs"]);
        let keyed_fanout = "channel.exchange_declare('logs', ExchangeType.fanout)\nchannel.queue_bind(queue_name, 'logs', routing_key='info')\n";
        assert_eq!(bound_in("py", keyed_fanout), ["logs"], "a fanout exchange ignores the key");
        let everything = "channel.exchange_declare(exchange='events', exchange_type='topic')\nchannel.queue_bind(exchange='events', queue=q, routing_key='#')\n";
        assert_eq!(bound_in("py", everything), ["events"]);
        let absent_on_topic = "channel.exchange_declare(exchange='events', exchange_type='topic')\nchannel.queue_bind(exchange='events', queue=q)\n";
        assert!(bound_in("py", absent_on_topic).is_empty(), "pika binds by the queue's name then");
        let specific = "channel.queue_bind(exchange='events', queue=q, routing_key='order.created')\n";
        assert!(bound_in("py", specific).is_empty());
        let dotnet = "channel.QueueBind(queue: queueName, exchange: \"logs\", routingKey: \"\");\n";
        assert_eq!(bound_in("cs", dotnet), ["logs"]);
        let node = "async function listen(ch, q) {\n  const key = '';\n  await ch.bindQueue(q.queue, 'logs', key);\n}\n";
        assert_eq!(bound_in("js", node), ["logs"]);
        let go = "err = ch.ExchangeDeclare(\"logs\", amqp.ExchangeFanout, true, false, false, false, nil)\nerr = ch.QueueBind(q.Name, \"\", \"logs\", false, nil)\n";
        assert_eq!(bound_in("go", go), ["logs"]);
        let direct = "err = ch.ExchangeDeclare(\"logs\", \"direct\", true, false, false, false, nil)\nerr = ch.QueueBind(q.Name, \"\", \"logs\", false, nil)\n";
        assert!(bound_in("go", direct).is_empty());
        let default_exchange = "channel.queue_bind(queue=q, exchange='', routing_key='#')\n";
        assert!(bound_in("py", default_exchange).is_empty());
    }

    /// RabbitMQ's Spring AMQP tutorials 3 and 5: a fanout exchange's binding has no key, a topic
    /// exchange's does.
    #[test]
    fn a_spring_binding_hears_the_files_one_exchange_by_its_kind() {
        let spring = |text: &str, key: Option<&str>| spring_bound(text, &Lines::new(text), key, &|name| (name == "EXCHANGE").then(|| "tut.topic".to_string()));
        let fanout = "@Bean public FanoutExchange fanout() { return new FanoutExchange(\"tut.fanout\"); }\n@Bean public Binding binding1(FanoutExchange fanout, Queue q) { return BindingBuilder.bind(q).to(fanout); }\n";
        assert_eq!(spring(fanout, None), ["tut.fanout"]);
        let topic = "@Bean public TopicExchange topic() { return ExchangeBuilder.topicExchange(EXCHANGE).build(); }\n";
        assert_eq!(spring(topic, Some("\"#\"")), ["tut.topic"]);
        assert!(spring(topic, Some("\"*.orange.*\"")).is_empty());
        let two = "// new FanoutExchange(\"old\")\nnew FanoutExchange(\"a\");\nnew FanoutExchange(\"b\");\n";
        assert!(spring(two, None).is_empty(), "which one `.to(..)` names is not read");
        let commented = "// new FanoutExchange(\"old\")\nnew FanoutExchange(\"a\");\n";
        assert_eq!(spring(commented, None), ["a"]);
    }
}
