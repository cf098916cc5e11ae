//! JVM topics a class's method takes from callers in other files, as [`super::passed_channels`]
//! reads Go's: wdm-kafka-microservices' rest service declares `public CompletableFuture<T>
//! performAction(String topic, RestPayload payload)` in `rest/events/KafkaInteraction.java`,
//! whose `kafkaTemplate.send(topic, payload)` publishes what its callers pass, and each
//! controller calls it on its field `private final KafkaInteraction<Order> kafka` as
//! `kafka.performAction(RestTopics.ORDERS_REQUEST, new OrderGetPayload(id))`.
//!
//! The declaring file names such a channel `param:<package>.<Class>.<method>#<position>`
//! ([`parameter_channel`]) for a method no call of its own file fills that is not private;
//! every Java or Kotlin file records what its calls `<name>.<method>(..)` pass that names a
//! channel, where the name is a field, parameter or variable the file declares of a class, or
//! the class itself (a static method), and what its `new <Class>(..)` pass a constructor whose
//! parameter sets a field a send uses ([`constructor_field_channel`]) ([`facts`]). The class's package is the one the file
//! imports it from, else its own package or one of its wildcard imports (an edge each).
//! Resolution (`resolve::constants`) pairs the two within a repo; where several JVM modules of
//! the repo declare the class, the caller's module's.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::json;

use super::calls::{Lines, arguments, enclosed_within, last_assignment, string_literal};
use super::config_names::file_constants;
use super::messaging::{names_a_channel, names_of};
use super::parameters::{declared, enclosing_function, unfilled_parameter, values};
use super::passed_channels::{CHANNEL_ARGUMENT, PARAMETER_PREFIX, PASSES_CHANNEL};
use crate::model::{FileFacts, Method};

mod used_classes;
pub use used_classes::{CLASS_PREFIX, USES_CLASS};

/// How many variables are followed from a call's argument to the value it names.
const STEPS: usize = 3;

/// Words of a JVM file that passes a channel to a call: a channel's word in a name, a
/// messaging role or a broker in the called method's, its receiver's or their class's name.
const GATE_WORDS: &[&str] = &["opic", "OPIC", "ueue", "UEUE", "hannel", "HANNEL", "xchange", "outing", "roduc", "onsum", "ublish", "ubscri", "afka", "abbit", "ender"];

/// A messaging role or broker in a method's, its receiver's or their class's name: a literal or
/// a constant passed to it may be a channel whatever its own name.
static MESSAGING_ROLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)produc|consum|publish|subscri|sender|receiver|listen|topic|queue|kafka|rabbit|amqp|messag|event").expect("a valid regex"));

/// Classes of `java.lang` and the like, called with any argument: none declares a topic
/// parameter of the project's.
pub(super) const LIBRARY_CLASSES: &[&str] = &["String", "Objects", "Object", "System", "Integer", "Long", "Boolean", "Math", "Thread", "StringBuilder", "Optional", "List", "Set", "Map", "Arrays", "Collections"];

/// Packages of libraries whose classes declare no topic parameter of the project's.
pub(super) const LIBRARY_PACKAGES: &[&str] = &["java.", "javax.", "jakarta.", "kotlin.", "kotlinx.", "org.slf4j", "org.apache.logging", "org.springframework.", "org.apache.kafka."];

/// The file's package (`package nl.tudelft.wdm.group1.rest.events;`).
fn package(text: &str) -> Option<&str> {
    static PACKAGE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^\s*package\s+([\w.]+)").expect("a valid regex"));
    PACKAGE.captures(text)?.get(1).map(|package| package.as_str())
}

/// A method's name qualified by its class and package: `nl.tudelft.wdm.group1.rest.events.KafkaInteraction.performAction`.
fn qualified(package: Option<&str>, class: &str, method: &str) -> String {
    match package {
        Some(package) => format!("{package}.{class}.{method}"),
        None => format!("{class}.{method}"),
    }
}

/// The channel a Java or Kotlin send's `argument` (met at `at`) names when it is a parameter of
/// a method that is not private and that no call of the file fills:
/// `param:<package>.<Class>.<method>#<position>`.
pub(super) fn parameter_channel(extension: &str, text: &str, lines: &Lines<'_>, at: usize, argument: &str) -> Option<String> {
    if !matches!(extension, "java" | "kt") {
        return None;
    }
    let (function, index) = unfilled_parameter(extension, text, at, argument)?;
    let line_start = text[..function.at].rfind('\n').map_or(0, |end| end + 1);
    if text[line_start..function.at].split_whitespace().any(|word| word == "private") {
        return None;
    }
    let class = enclosing_class(text, lines, function.at)?;
    Some(format!("{PARAMETER_PREFIX}{}#{index}", qualified(package(text), class, function.name)))
}

/// The class, interface or object whose body holds `at`, outside comments.
fn enclosing_class<'text>(text: &'text str, lines: &Lines<'_>, at: usize) -> Option<&'text str> {
    static CLASS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(?:class|interface|object|enum|record)\s+([A-Z]\w*)").expect("a valid regex"));
    let declarations: Vec<_> = CLASS.captures_iter(&text[..at]).filter_map(|found| found.get(1)).filter(|name| !lines.is_comment(name.start())).collect();
    declarations.into_iter().rev().find_map(|name| {
        let open = name.end() + text[name.end()..at].find('{')?;
        enclosed_within(text, open, 500_000).is_some_and(|(_, end)| end > at).then_some(name.as_str())
    })
}

/// The names a JVM file declares of a class, with where: Java's `KafkaInteraction<Order>
/// kafka;` (a field, a parameter, a variable), Kotlin's `kafka: KafkaInteraction<Order>`.
pub(super) fn typed_names(text: &str) -> Vec<(usize, &str, &str)> {
    static DECLARATION: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"\b(?P<java_type>[A-Z]\w*)\s*(?:<[^;(){}=]*>)?\s+(?P<java_name>[a-z_]\w*)\s*[;,)=]|\b(?P<kotlin_name>[a-z_]\w*)\s*:\s*(?P<kotlin_type>[A-Z]\w*)").expect("a valid regex")
    });
    DECLARATION
        .captures_iter(text)
        .filter_map(|found| {
            let (name, class) = match (found.name("java_name"), found.name("java_type")) {
                (Some(name), Some(class)) => (name, class),
                _ => (found.name("kotlin_name")?, found.name("kotlin_type")?),
            };
            Some((name.start(), name.as_str(), class.as_str()))
        })
        .collect()
}

/// The class a name is declared of where it is used at `at`: its last declaration before, else
/// its first after (a field declared below its uses).
fn class_of<'text>(typed: &[(usize, &str, &'text str)], name: &str, at: usize) -> Option<&'text str> {
    let mut declared = typed.iter().filter(|(_, declared, _)| *declared == name);
    let mut before = declared.clone().filter(|(offset, _, _)| *offset < at);
    before.next_back().or_else(|| declared.next()).map(|(_, _, class)| *class)
}

/// The packages a class named in a JVM file may be of: the one it is imported from, else the
/// file's own and its wildcard imports'. None for a library's class.
fn packages_of<'text>(text: &'text str, class: &str) -> Vec<Option<&'text str>> {
    static IMPORT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^\s*import\s+(?:static\s+)?([\w.]+?)\.(\*|[A-Z]\w*)\s*;?\s*$").expect("a valid regex"));
    let library = |package: &str| LIBRARY_PACKAGES.iter().any(|library| package.starts_with(library) || format!("{package}.") == *library);
    let mut wildcards = Vec::new();
    for import in IMPORT.captures_iter(text) {
        let (Some(package), Some(name)) = (import.get(1), import.get(2)) else { continue };
        if name.as_str() == class {
            return if library(package.as_str()) { Vec::new() } else { vec![Some(package.as_str())] };
        }
        if name.as_str() == "*" && !library(package.as_str()) {
            wildcards.push(Some(package.as_str()));
        }
    }
    if LIBRARY_CLASSES.contains(&class) {
        return Vec::new();
    }
    std::iter::once(package(text)).chain(wildcards).collect()
}

/// [`PASSES_CHANNEL`] edges for the channel names a Java or Kotlin file's calls of a class's
/// methods pass: an argument named like a channel (`RestTopics.ORDERS_REQUEST`, `topic`), or a
/// literal or a constant handed to a method, receiver or class named for a messaging role or a
/// broker (`kafka.performAction("ordersRequest", ..)`). Edges go to
/// `channel-argument:<package>.<Class>.<method>#<position>` with the name (`value`).
pub(super) fn facts(facts: &mut FileFacts, extension: &str, text: &str, lines: &Lines<'_>) {
    static CALL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b([A-Za-z_]\w*)\s*\.\s*([a-z]\w*)\s*\(").expect("a valid regex"));
    used_classes::facts(facts, extension, text, lines);
    if !matches!(extension, "java" | "kt") || !GATE_WORDS.iter().any(|word| text.contains(word)) {
        return;
    }
    let typed = typed_names(text);
    let constants = file_constants(text);
    // `receiver.method(..)` of a class's name or of a name declared of a class, and a
    // constructor's `new Class(..)` (its method named as the class: bank-clients' `new
    // MQTTHelper(this, BROKER, CLIENT_ID, TOPIC)`).
    let mut calls: Vec<(usize, &str, &str, &str)> = Vec::new();
    for call in CALL.captures_iter(text) {
        let (Some(whole), Some(receiver), Some(method)) = (call.get(0), call.get(1), call.get(2)) else { continue };
        // `this.kafka.send(` is the field's; `order.kafka.send(` another object's.
        let before = text[..whole.start()].trim_end();
        if (before.ends_with('.') && !before.ends_with("this.")) || lines.is_comment(whole.start()) {
            continue;
        }
        let class = match receiver.as_str() {
            name if name.starts_with(|first: char| first.is_ascii_uppercase()) => name,
            name => match class_of(&typed, name, whole.start()) {
                Some(class) => class,
                None => continue,
            },
        };
        calls.push((whole.start(), class, receiver.as_str(), method.as_str()));
    }
    if extension == "java" {
        static NEW: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\bnew\s+([A-Z]\w*)\s*(?:<[^()]*>)?\s*\(").expect("a valid regex"));
        for call in NEW.captures_iter(text) {
            let (Some(whole), Some(class)) = (call.get(0), call.get(1)) else { continue };
            if !lines.is_comment(whole.start()) {
                calls.push((whole.start(), class.as_str(), class.as_str(), class.as_str()));
            }
        }
    }
    for (start, class, receiver, method) in calls {
        let packages = packages_of(text, class);
        if packages.is_empty() {
            continue;
        }
        let Some(open) = text[start..].find('(').map(|open| start + open) else { continue };
        let Some((passed, _)) = arguments(text, open) else { continue };
        let messaging_role = [class, receiver, method].iter().any(|name| MESSAGING_ROLE.is_match(name));
        for (index, argument) in passed.into_iter().enumerate() {
            let mut names: Vec<String> = Vec::new();
            for (_, value) in values(extension, text, start, argument, STEPS) {
                let named_like_a_channel = names_a_channel(argument) || names_a_channel(value);
                if !(named_like_a_channel || (messaging_role && (string_literal(value.trim()).is_some() || is_constant(value)))) {
                    continue;
                }
                for name in names_of(value, &constants) {
                    if !names.contains(&name) {
                        names.push(name);
                    }
                }
            }
            for name in names {
                for package in &packages {
                    let to = format!("{CHANNEL_ARGUMENT}{}#{index}", qualified(*package, class, method));
                    facts.edge("self", &to, PASSES_CHANNEL, json!({"value": name}), &format!("L{}", lines.number(start)), Method::Parsed);
                }
            }
        }
    }
}

/// The channel a Java send's `argument` names when it is a field of its class (`topic`,
/// `this.topic`) that a constructor sets from a parameter (`this.topic = TOPIC;` in
/// `public MQTTHelper(.., String TOPIC)`, tiagoSapo's bank-clients subscribing with
/// `client.subscribe(topic)`): `param:<package>.<Class>.<Class>#<position>`, for other files'
/// `new <Class>(..)` to fill ([`facts`]). Not a local or a parameter of the method using it.
pub(super) fn constructor_field_channel(extension: &str, text: &str, lines: &Lines<'_>, at: usize, argument: &str) -> Option<String> {
    if extension != "java" {
        return None;
    }
    let field = argument.trim();
    let field = field.strip_prefix("this.").unwrap_or(field).trim();
    if !field.starts_with(|first: char| first.is_ascii_lowercase() || first == '_') || !field.chars().all(|character| character.is_ascii_alphanumeric() || character == '_') {
        return None;
    }
    if let Some(function) = enclosing_function(extension, text, at)
        && (function.parameters.contains(&field) || last_assignment(&text[function.body..at], field).is_some())
    {
        return None;
    }
    let class = enclosing_class(text, lines, at)?;
    let constructor = Regex::new(&format!(r"\b{}\s*\(", regex::escape(class))).ok()?;
    constructor.find_iter(text).find_map(|found| {
        let before = text[..found.start()].trim_end();
        if lines.is_comment(found.start()) || before.ends_with("new") || before.ends_with('.') {
            return None;
        }
        let function = declared(text, class, found.start(), found.end() - 1, extension)?;
        let line_start = text[..found.start()].rfind('\n').map_or(0, |end| end + 1);
        if text[line_start..found.start()].split_whitespace().any(|word| word == "private") {
            return None;
        }
        let (body, _) = enclosed_within(text, function.body - 1, 100_000)?;
        let (_, value_at) = last_assignment(body, field)?;
        let value = &body[value_at..];
        let value = value[..value.find([';', '\n']).unwrap_or(value.len())].trim();
        let index = function.parameters.iter().position(|parameter| *parameter == value)?;
        Some(format!("{PARAMETER_PREFIX}{}#{index}", qualified(package(text), class, class)))
    })
}

/// Whether an argument is a constant: `ORDERS_REQUEST`, `RestTopics.ORDERS_REQUEST`.
fn is_constant(value: &str) -> bool {
    let value = value.trim();
    let last = value.rsplit('.').next().unwrap_or(value);
    value.chars().all(|character| character.is_ascii_alphanumeric() || character == '_' || character == '.')
        && last.starts_with(|first: char| first.is_ascii_uppercase())
        && last.chars().all(|character| character.is_ascii_uppercase() || character.is_ascii_digit() || character == '_')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn passed(extension: &str, text: &str) -> Vec<String> {
        let mut facts = FileFacts::default();
        super::facts(&mut facts, extension, text, &Lines::new(text));
        facts.edges.iter().filter(|edge| edge.kind == PASSES_CHANNEL).map(|edge| format!("{} {}", edge.to, edge.props["value"].as_str().unwrap_or("-"))).collect()
    }

    #[test]
    fn calls_on_a_field_of_a_class_pass_channels() {
        let controller = "package nl.shop.rest.web;\n\nimport nl.shop.common.topic.RestTopics;\nimport nl.shop.rest.events.KafkaInteraction;\nimport org.slf4j.Logger;\n\n@RestController\npublic class OrderController {\n    private final KafkaInteraction<Order> kafka;\n    private final Logger log;\n    private final OrderRepository repository;\n\n    OrderController(KafkaInteraction<Order> kafka) {\n        this.kafka = kafka;\n    }\n\n    public CompletableFuture<Order> get(UUID id) {\n        log.info(\"sending to {}\", RestTopics.ORDERS_REQUEST);\n        repository.findById(ORDER_ID);\n        String topic = \"orders.cancel\";\n        this.kafka.cancel(topic, id);\n        Helper.publish(\"orders.audit\");\n        return kafka.performAction(RestTopics.ORDERS_REQUEST, new OrderGetPayload(id));\n    }\n}\n";
        assert_eq!(passed("java", controller), [
            "channel-argument:nl.shop.rest.events.KafkaInteraction.cancel#0 orders.cancel",
            "channel-argument:nl.shop.rest.web.Helper.publish#0 orders.audit",
            "channel-argument:nl.shop.rest.events.KafkaInteraction.performAction#0 const:RestTopics.ORDERS_REQUEST",
        ]);
        let kotlin = "package shop.web\n\nimport shop.events.*\n\nclass OrderController(private val kafka: KafkaInteraction<Order>) {\n    fun get(id: UUID) = kafka.performAction(\"ordersRequest\", OrderGetPayload(id))\n}\n";
        assert_eq!(passed("kt", kotlin), [
            "channel-argument:shop.web.KafkaInteraction.performAction#0 ordersRequest",
            "channel-argument:shop.events.KafkaInteraction.performAction#0 ordersRequest",
        ]);
    }

    #[test]
    fn a_parameter_no_call_of_its_file_fills_is_named_by_its_class_and_method() {
        let interaction = "package nl.shop.rest.events;\n\n/** Like the class Other does. */\n@Service\npublic class KafkaInteraction<T> {\n    public CompletableFuture<T> performAction(String topic, RestPayload payload) {\n        String to = topic;\n        this.kafkaTemplate.send(to, payload);\n        return future;\n    }\n\n    private void quietly(String topic) {\n        kafkaTemplate.send(topic, \"x\");\n    }\n\n    void publish(String topic) {\n        kafkaTemplate.send(topic, \"x\");\n    }\n\n    void both() {\n        publish(\"orders\");\n    }\n}\n";
        let lines = Lines::new(interaction);
        let at = |from: &str| interaction.find(from).expect("there") + from.len();
        assert_eq!(parameter_channel("java", interaction, &lines, at("kafkaTemplate.send("), "to").as_deref(), Some("param:nl.shop.rest.events.KafkaInteraction.performAction#0"));
        assert_eq!(parameter_channel("java", interaction, &lines, at("quietly(String topic) {\n        kafkaTemplate.send("), "topic"), None, "a private method has no callers elsewhere");
        assert_eq!(parameter_channel("java", interaction, &lines, at("publish(String topic) {\n        kafkaTemplate.send("), "topic"), None, "the file's own call fills it");
        let kotlin = "package shop.events\n\nclass KafkaInteraction<T>(private val template: KafkaTemplate<String, Any>) {\n    fun performAction(topic: String, payload: RestPayload): CompletableFuture<T> {\n        template.send(topic, payload)\n        return future\n    }\n}\n";
        let at = kotlin.find("send(").expect("there") + "send(".len();
        assert_eq!(parameter_channel("kt", kotlin, &Lines::new(kotlin), at, "topic").as_deref(), Some("param:shop.events.KafkaInteraction.performAction#0"));
    }
}
