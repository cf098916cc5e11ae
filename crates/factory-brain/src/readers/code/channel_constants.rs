//! Channel constants: string constants a file declares whose name (or whose file's, or whose
//! enum's) says they hold a topic's, queue's or subject's name, for other files that name the
//! channel by the constant; an env var's value a deployment gives; and what a channel's name
//! looks like. Split from `messaging`, which reads the calls that use them.

use std::sync::LazyLock;

use regex::Regex;

use super::calls::{Lines, enclosed_within, string_constants};
use super::config_names::{file_constants, getters};
use super::messaging::Direction;

/// How a constant holding an env var's value is named: `constant:env:ORDER_QUEUE_NAME`, the
/// value a deployment (compose, Kubernetes, a `.env`) gives `ORDER_QUEUE_NAME`.
pub(crate) const ENV_CONSTANT: &str = "env:";

/// A deployment's env entry naming a channel (`ORDER_QUEUE_NAME=orders` in compose or a
/// Kubernetes container's env), for code that reads the variable: a constant `env:<KEY>`.
pub(crate) fn env_channel(facts: &mut crate::model::FileFacts, from: &str, key: &str, value: &str, pointer: &str) {
    let value = crate::net::with_defaults(value.trim_matches(['"', '\'']));
    // An SQS queue's URL names the queue (`ORDERS_QUEUE_URL=http://localstack:4566/000000000000/orders`).
    let value = super::sqs::queue_in_url(key, &value).map_or(value, std::borrow::Cow::Owned);
    if names_a_channel(key) && is_channel_name(&value) && !value.contains("://") {
        facts.edge(from, &format!("constant:{ENV_CONSTANT}{key}"), NAMES_CONSTANT, serde_json::json!({"value": value}), pointer, crate::model::Method::Parsed);
    }
    // A deploy file saying which way a workload's topics go (Storedog's `TOPICS_IN:
    // "order-events,payment-confirmed"` and `TOPICS_OUT`, `INPUT_TOPIC`): each is a channel it
    // subscribes to or publishes on, whatever its code does with the variable.
    if let Some(direction) = declared_direction(key) {
        for name in value.split(',').map(str::trim).filter(|name| is_channel_name(name)) {
            facts.node("channel", name, serde_json::json!({"address": name}), pointer, crate::model::Method::Parsed);
            facts.edge(from, &format!("channel:{name}"), direction.edge_kind(), serde_json::json!({"env": key}), pointer, crate::model::Method::Parsed);
        }
    }
}

/// Which way an env var's topics or queues go by its words: `TOPICS_IN`, `INPUT_TOPIC`,
/// `CONSUME_QUEUE` are read, `TOPICS_OUT`, `OUTPUT_TOPIC`, `PRODUCE_TOPIC` written; a key
/// saying both or neither says nothing.
fn declared_direction(key: &str) -> Option<Direction> {
    let words: Vec<String> = key.split(['_', '-', '.']).map(str::to_ascii_uppercase).collect();
    let has = |list: &[&str]| words.iter().any(|word| list.contains(&word.as_str()));
    if !has(&["TOPIC", "TOPICS", "QUEUE", "QUEUES"]) {
        return None;
    }
    match (has(&["IN", "INPUT", "INPUTS", "CONSUME", "SUBSCRIBE"]), has(&["OUT", "OUTPUT", "OUTPUTS", "PRODUCE", "PUBLISH"])) {
        (true, false) => Some(Direction::Subscribes),
        (false, true) => Some(Direction::Publishes),
        _ => None,
    }
}

/// The edge kind from a file to a string constant it declares whose name says it holds a
/// channel's name (`Topic = "orders"`), for channels other files name by it.
pub const NAMES_CONSTANT: &str = "names_constant";

/// `NAMES_CONSTANT` edges to `constant:<name>` with the value, for the file's channel-like
/// constants: named like a channel (`ORDERS_TOPIC`), or any constant of a file named so
/// (`Topics.java`'s `ORDERS`). Only files holding one of the words are searched.
pub(super) fn channel_constants(facts: &mut crate::model::FileFacts, path: &str, text: &str, lines: &Lines<'_>) {
    class_constants(facts, path, text, lines);
    object_constants(facts, path, text, lines);
    if !["opic", "ueue", "ubject", "hannel", "xchange", "outing", "OPIC", "UEUE", "UBJECT", "HANNEL", "XCHANGE", "OUTING"].iter().any(|word| text.contains(word)) {
        return;
    }
    let file_stem = path.rsplit('/').next().unwrap_or(path).split('.').next().unwrap_or("");
    let file_names_channels = names_a_channel(file_stem);
    // A member of an enum or object named for channels: lequochung19971's shared package's
    // `export enum RoutingKey { PRODUCT_CREATED = 'product.created' }`, `const Topics = {..}`.
    static CHANNEL_BLOCK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(?:enum|object|class|const|val|var|let)\s+(\w+)\s*(?::\s*\w+\s*)?=?\s*\{").expect("a valid regex"));
    let blocks: Vec<&str> = CHANNEL_BLOCK
        .captures_iter(text)
        .filter(|found| found.get(1).is_some_and(|name| names_a_channel(name.as_str())))
        .filter_map(|found| enclosed_within(text, found.get(0)?.end() - 1, 20_000).map(|(inner, _)| inner))
        .collect();
    let in_block = |name: &str| blocks.iter().any(|block| [" =", "=", ":", " :"].iter().any(|after| block.contains(&format!("{name}{after}"))));
    for (name, value) in string_constants(text) {
        if (file_names_channels || names_a_channel(&name) || in_block(&name)) && is_channel_name(&value) {
            let line = text.find(&name).map_or(1, |offset| lines.number(offset));
            facts.edge("self", &format!("constant:{name}"), NAMES_CONSTANT, serde_json::json!({"value": value}), &format!("L{line}"), crate::model::Method::Parsed);
        }
    }
    // Getters other files call (`config.getOrderTopic()`): a name, or the key (or other
    // file's constant) the name is read from, which resolution looks up in turn.
    if text.contains("()") {
        for (getter, value) in getters(text, &file_constants(text)) {
            let line = text.find(getter.trim_end_matches("()")).map_or(1, |offset| lines.number(offset));
            let props = match value.strip_prefix(CONSTANT_PREFIX) {
                Some(key) => serde_json::json!({REFERS_TO: key}),
                None => serde_json::json!({"value": value}),
            };
            facts.edge("self", &format!("constant:{getter}"), NAMES_CONSTANT, props, &format!("L{line}"), crate::model::Method::Parsed);
        }
    }
}

/// `NAMES_CONSTANT` edges to `constant:<Class>.<NAME>` for the string constants a Java or
/// Kotlin class offers other classes, whatever their names: `public static final String` fields
/// (an interface's `String` fields), `const val`s not private, named by the file's class.
/// minh0206's food delivery keeps `public static final String TOPIC = "order_placed"` in each
/// publisher of its shared module, and the restaurant service listens with `@KafkaListener(topics
/// = OrderPlacedEventPublisher.TOPIC)`: eight files' `TOPIC`s, one `OrderPlacedEventPublisher.TOPIC`.
fn class_constants(facts: &mut crate::model::FileFacts, path: &str, text: &str, lines: &Lines<'_>) {
    static JAVA: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"(?m)^[ \t]*((?:(?:public|protected|private|static|final)\s+)*)String\s+([A-Za-z_]\w*)\s*=\s*"([^"\\\n]*)"\s*;"#).expect("a valid regex"));
    static KOTLIN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"(?m)^[ \t]*((?:(?:public|internal|protected|private)\s+)?)const\s+val\s+([A-Za-z_]\w*)\s*(?::\s*String\s*)?=\s*"([^"\\\n]*)""#).expect("a valid regex"));
    let Some((class, extension)) = path.rsplit('/').next().and_then(|name| name.split_once('.')) else { return };
    let pattern: &Regex = match extension {
        "java" => &JAVA,
        "kt" => &KOTLIN,
        _ => return,
    };
    if !is_class_name(class) || !text.contains('"') {
        return;
    }
    // An interface's fields are public, static and final without saying so.
    let interface = extension == "java" && text.contains(&format!("interface {class}"));
    let offered = |modifiers: &str| !modifiers.contains("private") && (extension == "kt" || interface || (modifiers.contains("static") && modifiers.contains("final")));
    let mut values: std::collections::BTreeMap<&str, (Option<&str>, usize)> = std::collections::BTreeMap::new();
    for found in pattern.captures_iter(text) {
        let (Some(modifiers), Some(name), Some(value)) = (found.get(1), found.get(2), found.get(3)) else { continue };
        if !offered(modifiers.as_str()) || lines.is_comment(name.start()) {
            continue;
        }
        values
            .entry(name.as_str())
            .and_modify(|(known, _)| {
                if *known != Some(value.as_str()) {
                    *known = None;
                }
            })
            .or_insert((Some(value.as_str()), name.start()));
    }
    for (name, (value, offset)) in values {
        let Some(value) = value.filter(|value| is_channel_name(value)) else { continue };
        let pointer = format!("L{}", lines.number(offset));
        facts.edge("self", &format!("constant:{class}.{name}"), NAMES_CONSTANT, serde_json::json!({"value": value}), &pointer, crate::model::Method::Parsed);
    }
}

/// `NAMES_CONSTANT` edges to `constant:<Object>.<key>` for the string members of a JavaScript or
/// TypeScript object a file declares, named for channels or in a file named so: `export const
/// Topics = { paymentFailed: 'payments.failed.v1' } as const;`, which other files name as
/// `Topics.paymentFailed` or all at once, `Object.values(Topics)` (notifications-worker of the
/// eighth planted-mismatch evaluation's org M subscribes kafkajs to every one).
fn object_constants(facts: &mut crate::model::FileFacts, path: &str, text: &str, lines: &Lines<'_>) {
    static OBJECT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^[ \t]*(?:export\s+)?(?:const|let|var)\s+([A-Z]\w*)\s*(?::[^=\n]+)?=\s*\{").expect("a valid regex"));
    static MEMBER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"^\s*["']?([A-Za-z_$][\w$]*)["']?\s*:\s*(?:"([^"\\\n]*)"|'([^'\\\n]*)')\s*$"#).expect("a valid regex"));
    let extension = path.rsplit_once('.').map_or("", |(_, extension)| extension);
    if !matches!(extension, "js" | "mjs" | "cjs" | "ts" | "tsx" | "jsx") || !text.contains('{') {
        return;
    }
    let file_stem = path.rsplit('/').next().unwrap_or(path).split('.').next().unwrap_or("");
    for found in OBJECT.captures_iter(text) {
        let (Some(whole), Some(object)) = (found.get(0), found.get(1)) else { continue };
        if !(names_a_channel(object.as_str()) || names_a_channel(file_stem)) || lines.is_comment(object.start()) {
            continue;
        }
        let Some((inner, _)) = enclosed_within(text, whole.end() - 1, 20_000) else { continue };
        let inner_start = whole.end();
        for member in super::calls::split_top_level(inner) {
            let Some(captures) = MEMBER.captures(member) else { continue };
            let (Some(key), Some(value)) = (captures.get(1), captures.get(2).or_else(|| captures.get(3))) else { continue };
            if !is_channel_name(value.as_str()) {
                continue;
            }
            let offset = member.as_ptr() as usize - inner.as_ptr() as usize + inner_start;
            let pointer = format!("L{}", lines.number(offset + (member.len() - member.trim_start().len())));
            facts.edge("self", &format!("constant:{}.{}", object.as_str(), key.as_str()), NAMES_CONSTANT, serde_json::json!({"value": value.as_str()}), &pointer, crate::model::Method::Parsed);
        }
    }
}

/// Whether a name is written like a class's: `OrderPlacedEventPublisher`, `Topics` (not a
/// constant's `ORDERS`).
pub(crate) fn is_class_name(name: &str) -> bool {
    name.starts_with(|first: char| first.is_ascii_uppercase())
        && name.chars().any(|character| character.is_ascii_lowercase())
        && name.chars().all(|character| character.is_ascii_alphanumeric() || character == '_')
}

/// A constant named with its class (`OrderPlacedEventPublisher.TOPIC`, as [`class_constants`]
/// records it): the constant's own name.
pub(crate) fn class_member(name: &str) -> Option<&str> {
    let (class, member) = name.split_once('.')?;
    let is_member = member.starts_with(|first: char| first.is_ascii_alphabetic() || first == '_') && member.chars().all(|character| character.is_ascii_alphanumeric() || character == '_');
    (is_class_name(class) && is_member).then_some(member)
}

/// The prop of a [`NAMES_CONSTANT`] edge whose constant holds what another constant or a
/// setting holds (a getter returning `config.getValue("order.topic", ..)`): its name.
pub const REFERS_TO: &str = "refers_to";

/// What a channel named by another file's constant is called until resolution finds the
/// constant: `const:Topic`.
pub(crate) const CONSTANT_PREFIX: &str = "const:";

/// Whether a name is written like a constant: `ORDERS_TOPIC`, `OrdersTopic`, `Topic`.
pub(super) fn is_constant_name(name: &str) -> bool {
    name.chars().next().is_some_and(|first| first.is_ascii_uppercase())
}

/// Whether a constant's name says it holds a channel's name (`ORDERS_TOPIC`, `queueName`).
pub(crate) fn names_a_channel(constant: &str) -> bool {
    let lower = constant.to_ascii_lowercase();
    ["topic", "queue", "subject", "channel", "exchange", "routing", "stream"].iter().any(|word| lower.contains(word))
}

/// A topic, queue or subject name: no spaces or placeholders, no wildcards, at least a letter.
pub(crate) fn is_channel_name(name: &str) -> bool {
    !name.is_empty()
        && name.len() <= 200
        && name.chars().all(|character| character.is_ascii_alphanumeric() || "._-/:".contains(character))
        && name.chars().any(|character| character.is_ascii_alphabetic())
}
