//! Go topics a package's function takes from callers in other files: Rishi855's ecommerce
//! order service declares `func NewProducer(broker, topic string) *Producer` in
//! `internal/events/producer.go`, whose `kafka.Writer{Topic: topic}` publishes what its callers
//! pass, and calls it from `cmd/main.go` as `events.NewProducer(kafkaBrokers,
//! events.NOTIFICATION_TOPIC)`; its notification service's `NewConsumer(broker, topic, groupId
//! string)` reads `kafka.ReaderConfig{Topic: topic}` and is called with `topic :=
//! initializers.GetEnv("KAFKA_TOPIC", "notification-events")`.
//!
//! The declaring file names such a channel `param:<package>.<Function>#<position>`
//! ([`parameter_channel`]), for an exported function without a receiver that no call of its own
//! file fills; every Go file records what its calls `<package>.<Function>(..)` of an imported
//! package pass that names a channel ([`facts`]), with the import path. Resolution
//! (`resolve::constants`) pairs the two within a repo: a call fills the declarations of its
//! package's name and function in the directory its import path ends with the most segments of.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::json;

use super::calls::{Lines, arguments, string_literal};
use super::config_names::file_constants;
use super::messaging::{names_a_channel, names_of};
use super::parameters::{unfilled_parameter, values};
use crate::model::{FileFacts, Method};

/// How a channel named by a parameter of a function other files call is named until resolution
/// pairs it with their arguments: `param:events.NewProducer#1`.
pub(crate) const PARAMETER_PREFIX: &str = "param:";

/// The target of a channel edge a [`PARAMETER_PREFIX`] name stands for:
/// `channel-parameter:events.NewProducer#1`.
pub const CHANNEL_PARAMETER: &str = "channel-parameter:";

/// The target of a [`PASSES_CHANNEL`] edge: `channel-argument:events.NewProducer#1`.
pub const CHANNEL_ARGUMENT: &str = "channel-argument:";

/// The edge kind from a file to `channel-argument:<package>.<Function>#<position>` for a channel
/// name its call passes there, with the name (`value`) and, for Go, the package's import path
/// ([`IMPORT_PATH`]); a JVM method's is named with its class's package
/// (`channel-argument:<package>.<Class>.<method>#<position>`, [`super::passed_members`]).
pub const PASSES_CHANNEL: &str = "passes_channel";

/// The prop of a [`PASSES_CHANNEL`] edge of a call of its own package's function, declared in
/// another file of its folder.
pub const SAME_PACKAGE: &str = "same_package";

/// The prop of a [`PASSES_CHANNEL`] edge holding the called package's import path.
pub const IMPORT_PATH: &str = "import";

/// How many variables are followed from a call's argument to the value it names.
const STEPS: usize = 3;

/// The imports of a Go file: the name it is imported as (when given) and the path.
pub(super) fn imports(text: &str) -> impl Iterator<Item = (Option<&str>, &str)> {
    static IMPORT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"(?m)^\s*(?:import\s+)?(?:([A-Za-z_]\w*)\s+)?"([^"\n]+)"\s*$"#).expect("a valid regex"));
    IMPORT.captures_iter(text).filter_map(|import| Some((import.get(1).map(|alias| alias.as_str()), import.get(2)?.as_str())))
}

/// The channel a Go struct's `Topic:` field names when `argument` (met at `at`) is a parameter
/// of an exported function without a receiver that no call of the file fills:
/// `param:<package>.<Function>#<position>`.
pub(super) fn parameter_channel(text: &str, at: usize, argument: &str) -> Option<String> {
    static PACKAGE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^package\s+([A-Za-z_]\w*)").expect("a valid regex"));
    let (function, index) = unfilled_parameter("go", text, at, argument)?;
    let line_start = text[..function.at].rfind('\n').map_or(0, |end| end + 1);
    let package_level = text[line_start..function.at].trim_end() == "func";
    let exported = function.name.starts_with(|first: char| first.is_ascii_uppercase());
    let package = PACKAGE.captures(text)?.get(1)?.as_str();
    (package_level && exported).then(|| format!("{PARAMETER_PREFIX}{package}.{}#{index}", function.name))
}

/// Words of a Go file that passes a channel to a call: a channel's word in a name or a
/// messaging role in the called function's name.
const GATE_WORDS: &[&str] = &["opic", "OPIC", "ueue", "UEUE", "ubject", "UBJECT", "hannel", "HANNEL", "roduc", "onsum", "ublish", "ubscri"];

/// [`PASSES_CHANNEL`] edges for the channel names a Go file's calls of imported packages'
/// functions pass: an argument named like a channel (`events.NOTIFICATION_TOPIC`, `topic`, a
/// variable given `GetEnv("KAFKA_TOPIC", ..)`), or a literal handed to a function named for a
/// messaging role (`events.NewProducer(brokers, "orders")`); and those its calls of its own
/// package's functions declared in another file pass (`Publish(topic, ..)`, [`SAME_PACKAGE`]).
pub(super) fn facts(facts: &mut FileFacts, extension: &str, text: &str, lines: &Lines<'_>) {
    static CALL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b([A-Za-z_]\w*)\.([A-Z]\w*)\s*\(").expect("a valid regex"));
    static OWN_CALL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?:^|[^.\w])([A-Z]\w*)\s*\(").expect("a valid regex"));
    static PACKAGE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^package\s+([A-Za-z_]\w*)").expect("a valid regex"));
    static DECLARED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^func\s*(?:\([^()]*\)\s*)?([A-Za-z_]\w*)").expect("a valid regex"));
    if extension != "go" || !GATE_WORDS.iter().any(|word| text.contains(word)) {
        return;
    }
    let packages: Vec<(&str, &str)> = imports(text).filter_map(|(alias, path)| Some((alias.or_else(|| package_name(path))?, path))).collect();
    let constants = file_constants(text);
    for call in CALL.captures_iter(text) {
        let (Some(whole), Some(package), Some(function)) = (call.get(0), call.get(1), call.get(2)) else { continue };
        let Some(&(_, path)) = packages.iter().find(|(name, _)| *name == package.as_str()) else { continue };
        let to = format!("{CHANNEL_ARGUMENT}{}.{}", package.as_str(), function.as_str());
        passed(facts, text, lines, &constants, Call { at: whole.start(), open: whole.end() - 1, function: function.as_str(), to: &to }, &json!({IMPORT_PATH: path}));
    }
    // JFKTBonny's polyglot-microservices inventory service: `consumer.go` calls `Publish(topic,
    // ..)`, declared by `producer.go` of its folder's package `events`.
    let Some(own) = PACKAGE.captures(text).and_then(|package| package.get(1)) else { return };
    let declared: Vec<&str> = DECLARED.captures_iter(text).filter_map(|declaration| Some(declaration.get(1)?.as_str())).collect();
    for call in OWN_CALL.captures_iter(text) {
        let (Some(whole), Some(function)) = (call.get(0), call.get(1)) else { continue };
        let line = text[..function.start()].rsplit('\n').next().unwrap_or_default();
        if line.trim_start().starts_with("func") || declared.contains(&function.as_str()) {
            continue;
        }
        let to = format!("{CHANNEL_ARGUMENT}{}.{}", own.as_str(), function.as_str());
        passed(facts, text, lines, &constants, Call { at: function.start(), open: whole.end() - 1, function: function.as_str(), to: &to }, &json!({SAME_PACKAGE: true}));
    }
}

/// A call of a function other files declare: where it is met, where its arguments open, the
/// function's name and the edge target its arguments go to (`<to>#<position>`).
struct Call<'text> {
    at: usize,
    open: usize,
    function: &'text str,
    to: &'text str,
}

/// The [`PASSES_CHANNEL`] edges of one call, with `props` beside each name.
fn passed(facts: &mut FileFacts, text: &str, lines: &Lines<'_>, constants: &dyn Fn(&str) -> Option<String>, Call { at, open, function, to }: Call<'_>, props: &serde_json::Value) {
    static MESSAGING_ROLE: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"(?i)produc|consum|publish|subscri|writer|reader|sender|receiver|listen|topic|queue|kafka").expect("a valid regex"));
    if lines.is_comment(at) {
        return;
    }
    let Some((passed, _)) = arguments(text, open) else { return };
    let messaging_role = MESSAGING_ROLE.is_match(function);
    for (index, argument) in passed.into_iter().enumerate() {
        let mut names: Vec<String> = Vec::new();
        for (_, value) in values("go", text, at, argument, STEPS) {
            let named_like_a_channel = names_a_channel(argument) || names_a_channel(value);
            if !(named_like_a_channel || (messaging_role && string_literal(value.trim()).is_some())) {
                continue;
            }
            for name in names_of(value, constants) {
                if !names.contains(&name) {
                    names.push(name);
                }
            }
        }
        for name in names {
            let mut props = props.clone();
            props["value"] = json!(name);
            facts.edge("self", &format!("{to}#{index}"), PASSES_CHANNEL, props, &format!("L{}", lines.number(at)), Method::Parsed);
        }
    }
}

/// The name a package is imported under by default: its path's last segment, the one before a
/// major version's (`github.com/segmentio/kafka-go/v2` is no `v2`).
fn package_name(path: &str) -> Option<&str> {
    let mut segments = path.rsplit('/');
    let last = segments.next()?;
    let versioned = last.strip_prefix('v').is_some_and(|number| !number.is_empty() && number.chars().all(|digit| digit.is_ascii_digit()));
    let name = if versioned { segments.next()? } else { last };
    (!name.is_empty() && name != "_" && name != ".").then_some(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn passed(text: &str) -> Vec<String> {
        let mut facts = FileFacts::default();
        super::facts(&mut facts, "go", text, &Lines::new(text));
        facts.edges.iter().map(|edge| format!("{} {} {}", edge.to, edge.props["value"].as_str().unwrap_or("-"), edge.props[IMPORT_PATH].as_str().unwrap_or("-"))).collect()
    }

    #[test]
    fn calls_of_imported_functions_pass_channels() {
        let main = "package main\n\nimport (\n\t\"order-service/internal/events\"\n\tev \"order-service/internal/other\"\n)\n\nfunc main() {\n\tbrokers := initializers.GetEnvWithDefault(\"KAFKA_BROKERS\", \"kafka:9092\")\n\tp := events.NewProducer(brokers, events.NOTIFICATION_TOPIC)\n\ttopic := initializers.GetEnv(\"KAFKA_TOPIC\", \"logs\")\n\tc := ev.NewConsumer(brokers, topic, \"group\")\n\tfmt.Println(\"hello\")\n\tother.NewProducer(brokers, \"orders\")\n}\n";
        assert_eq!(passed(main), [
            "channel-argument:events.NewProducer#1 const:NOTIFICATION_TOPIC order-service/internal/events",
            "channel-argument:ev.NewConsumer#1 logs order-service/internal/other",
            // A literal handed to a messaging role's function, at any position: only a topic
            // parameter takes it.
            "channel-argument:ev.NewConsumer#2 group order-service/internal/other",
        ]);
        assert_eq!(package_name("github.com/segmentio/kafka-go/v2"), Some("kafka-go"));
    }

    #[test]
    fn a_parameter_no_call_of_its_file_fills_is_named_by_its_function() {
        let producer = "package events\n\nfunc NewProducer(broker, topic string) *Producer {\n\treturn &Producer{w: &kafka.Writer{Topic: topic}}\n}\n\nfunc (p *Producer) Send(topic string) {\n\tp.w.WriteMessages(kafka.Message{Topic: topic})\n}\n\nfunc newLocal(topic string) {\n\tx := kafka.Message{Topic: topic}\n}\n";
        let at = |from: &str| producer.find(from).expect("there") + from.len();
        assert_eq!(parameter_channel(producer, at("Writer{Topic: "), "topic").as_deref(), Some("param:events.NewProducer#1"));
        assert_eq!(parameter_channel(producer, at("Message{Topic: "), "topic"), None, "a method is called on a value, not a package");
        assert_eq!(parameter_channel(producer, at("x := kafka.Message{Topic: "), "topic"), None, "an unexported function has no callers elsewhere");
    }
}
