//! Go services' settings read through viper (github.com/spf13/viper) into a config struct, as
//! GlobeCo's fix-engine and confirmation service do: a key's value comes from the service's
//! YAML (`Kafka:\n  OrdersTopic: orders` in `config/config.yaml`), else from a default the code
//! gives it, `viper.SetDefault("Kafka.OrdersTopic", "orders")` or a field of the struct literal
//! a `GetDefaults()` returns (`Kafka: KafkaConfig{Topic: "fills"}`), and the code reads it as
//! the struct's field (`kafka.ReaderConfig{Topic: cfg.OrdersTopic}`).
//!
//! Each value naming a channel is a constant `config-field:<key>` of its repo, by its whole
//! dotted key and by its last segment, in lower case: viper's keys and mapstructure's fields
//! match whatever their case. The YAML's value is a [`NAMES_CONSTANT`], the code's default a
//! [`SETTING_DEFAULT`], which stands only where no config file gives the key a value. A Go
//! channel named by a field no constant of its name fills (`cfg.OrdersTopic`,
//! `config.Kafka.Topic`) is looked up among them in resolution ([`field_lookups`]).
//!
//! A host default beside its port's (`viper.SetDefault("SecuritySvc.Host",
//! "globeco-security-service")` with `viper.SetDefault("SecuritySvc.Port", 8000)`) names a
//! service the code calls, as the same pair in the YAML does.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::{Value, json};

use super::calls::{Lines, enclosed_within, split_top_level, string_literal};
use super::config_names::SETTING_DEFAULT;
use super::messaging::{NAMES_CONSTANT, is_channel_name, names_a_channel};
use crate::model::{FileFacts, Method};

/// How a constant holding a config key's value is named: `constant:config-field:kafka.orderstopic`.
const CONFIG_FIELD: &str = "config-field:";

/// The constants a config key's value is known by: its whole dotted key and its last segment,
/// lower-cased (`Kafka.OrdersTopic` -> `config-field:kafka.orderstopic`, `config-field:orderstopic`).
fn field_constants(key: &str) -> Vec<String> {
    let key = key.to_ascii_lowercase();
    let last = key.rsplit('.').next().unwrap_or(&key).to_string();
    let mut names = vec![format!("{CONFIG_FIELD}{key}")];
    if last != key {
        names.push(format!("{CONFIG_FIELD}{last}"));
    }
    names
}

/// Whether a YAML or JSON config's value under `key` (its dotted path) names a channel a Go
/// service's config struct may hold: the key's last segment names one (`OrdersTopic`, `topic`).
fn names_a_channel_field(key: &str, value: &str) -> bool {
    names_a_channel(key.rsplit('.').next().unwrap_or(key)) && is_channel_name(value) && !value.contains("://")
}

/// Whether a YAML or JSON text may name a channel under a key: a key ending `topic:` or
/// `queue:` (`OrdersTopic:`, `topic:`, `"orders_queue":`), by a plain byte search.
pub(crate) fn mentions_channel_keys(text: &str) -> bool {
    ["opic:", "ueue:", "opic\":", "ueue\":"].iter().any(|key| memchr::memmem::find(text.as_bytes(), key.as_bytes()).is_some())
}

/// `NAMES_CONSTANT` edges to the `config-field:` constants of a config file's values naming a
/// channel (GlobeCo's fix-engine `Kafka:\n  OrdersTopic: orders`, the confirmation service's
/// `kafka:\n  topic: "fills"`), for a Go service's code reading them from its config struct.
pub(crate) fn config_fields(document: &Value) -> FileFacts {
    let mut facts = FileFacts::default();
    let mut stack: Vec<(String, &Value)> = vec![(String::new(), document)];
    while let Some((path, value)) = stack.pop() {
        match value {
            Value::Object(map) => stack.extend(map.iter().map(|(key, value)| (if path.is_empty() { key.clone() } else { format!("{path}.{key}") }, value))),
            Value::Array(items) => stack.extend(items.iter().map(|item| (path.clone(), item))),
            Value::String(text) if names_a_channel_field(&path, text) => {
                let key = path.rsplit('.').next().unwrap_or(&path);
                for name in field_constants(&path) {
                    facts.edge("self", &format!("constant:{name}"), NAMES_CONSTANT, json!({"value": text}), &format!("/{key}"), Method::Parsed);
                }
            }
            _ => {}
        }
    }
    facts
}

/// The constants a Go channel named by a config struct's field is looked up by, most specific
/// first: `Kafka.Topic` (of `config.Kafka.Topic`) by `config-field:kafka.topic`, then
/// `config-field:topic`; `OrdersTopic` (of `cfg.OrdersTopic`) by `config-field:orderstopic`.
/// Nothing for a name that is no field's (an env var's, a getter's).
pub(crate) fn field_lookups(name: &str) -> Vec<String> {
    let is_field = |segment: &str| segment.starts_with(|first: char| first.is_ascii_alphabetic()) && segment.chars().all(|character| character.is_ascii_alphanumeric() || character == '_');
    if !name.split('.').all(is_field) {
        return Vec::new();
    }
    field_constants(name)
}

/// The constants and host edges of a Go file's viper defaults and config struct defaults.
pub(super) fn facts(facts: &mut FileFacts, extension: &str, text: &str, lines: &Lines<'_>) {
    if extension != "go" {
        return;
    }
    if text.contains("SetDefault") && text.contains("viper") {
        viper_defaults(facts, text, lines);
    }
    if text.contains("Config{") || text.contains("Settings{") {
        struct_defaults(facts, text, lines);
    }
}

/// `viper.SetDefault("Kafka.OrdersTopic", "orders")` (on the package or a `*viper.Viper`): a
/// default for each channel-naming key; a `Host` (`Hostname`) beside a `Port` of the same
/// section, each given a default, the host the code calls.
fn viper_defaults(facts: &mut FileFacts, text: &str, lines: &Lines<'_>) {
    static DEFAULT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"\.SetDefault\(\s*"([A-Za-z_][\w.-]*)"\s*,\s*("[^"\n]*"|`[^`\n]*`|\d+)\s*\)"#).expect("a valid regex"));
    let defaults: Vec<(usize, &str, &str)> = DEFAULT
        .captures_iter(text)
        .filter_map(|found| Some((found.get(0)?.start(), found.get(1)?.as_str(), found.get(2)?.as_str())))
        .filter(|(offset, _, _)| !lines.is_comment(*offset))
        .collect();
    let has_port = |section: &str| defaults.iter().any(|(_, key, _)| key.rsplit_once('.').is_some_and(|(other, last)| other.eq_ignore_ascii_case(section) && last.eq_ignore_ascii_case("port")));
    for &(offset, key, value) in &defaults {
        let Some(value) = string_literal(value) else { continue };
        let pointer = format!("L{}", lines.number(offset));
        if names_a_channel_field(key, value) {
            for name in field_constants(key) {
                facts.edge("self", &format!("constant:{name}"), SETTING_DEFAULT, json!({"value": value}), &pointer, Method::Parsed);
            }
        }
        let Some((section, last)) = key.rsplit_once('.') else { continue };
        let names_a_host = last.eq_ignore_ascii_case("host") || last.eq_ignore_ascii_case("hostname");
        if names_a_host && has_port(section) {
            for host in crate::net::hosts_in_value("SERVICE_HOST", value) {
                facts.inferred_edge("self", &format!("host:{host}"), "depends_on", json!({"config": key, "via": "viper default"}), &pointer, 0.8);
            }
        }
    }
}

/// The kafka-go structs a `Topic:` names the channel of, not a default of the service's config.
const LIBRARY_STRUCTS: &[&str] = &["ReaderConfig", "WriterConfig", "TopicConfig"];

/// The struct literals of a config type the code writes out (`KafkaConfig{Topic: "fills"}` in
/// the confirmation service's `GetDefaults()`): a default for each field naming a channel, given
/// a literal.
fn struct_defaults(facts: &mut FileFacts, text: &str, lines: &Lines<'_>) {
    static LITERAL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b([A-Z]\w*(?:Config|Settings))\s*\{").expect("a valid regex"));
    for found in LITERAL.captures_iter(text) {
        let (Some(whole), Some(type_name)) = (found.get(0), found.get(1)) else { continue };
        if LIBRARY_STRUCTS.contains(&type_name.as_str()) || lines.is_comment(whole.start()) {
            continue;
        }
        let Some((fields, _)) = enclosed_within(text, whole.end() - 1, 8000) else { continue };
        for field in split_top_level(fields) {
            let Some((name, value)) = field.split_once(':') else { continue };
            let name = name.trim();
            let Some(value) = string_literal(value) else { continue };
            if !names_a_channel_field(name, value) || !name.chars().all(|character| character.is_ascii_alphanumeric() || character == '_') {
                continue;
            }
            let offset = field.as_ptr() as usize - text.as_ptr() as usize;
            let pointer = format!("L{}", lines.number(offset));
            for constant in field_constants(name) {
                facts.edge("self", &format!("constant:{constant}"), SETTING_DEFAULT, json!({"value": value}), &pointer, Method::Parsed);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<String> {
        let mut read = FileFacts::default();
        super::facts(&mut read, "go", text, &Lines::new(text));
        let mut found: Vec<String> = read.edges.iter().map(|edge| format!("{} {} {}", edge.kind, edge.to, edge.props.get("value").and_then(Value::as_str).unwrap_or(""))).collect();
        found.sort();
        found
    }

    #[test]
    fn fields_are_looked_up_by_their_whole_key_then_their_last_segment() {
        assert_eq!(field_lookups("Kafka.Topic"), ["config-field:kafka.topic", "config-field:topic"]);
        assert_eq!(field_lookups("OrdersTopic"), ["config-field:orderstopic"]);
        assert!(field_lookups("env:ORDERS_TOPIC").is_empty());
        assert!(field_lookups("getOrderTopic()").is_empty());
    }

    #[test]
    fn viper_defaults_name_channels_and_hosts_beside_ports() {
        let text = "func Load() {\n\tviper.SetDefault(\"Kafka.OrdersTopic\", \"orders\")\n\tviper.SetDefault(\"Kafka.Brokers\", []string{\"kafka:9092\"})\n\tviper.SetDefault(\"SecuritySvc.Host\", \"globeco-security-service\")\n\tviper.SetDefault(\"SecuritySvc.Port\", 8000)\n\tviper.SetDefault(\"Web.Host\", \"0.0.0.0\")\n}\n";
        assert_eq!(
            found(text),
            [
                "depends_on host:globeco-security-service ",
                "setting_default constant:config-field:kafka.orderstopic orders",
                "setting_default constant:config-field:orderstopic orders",
            ]
        );
    }

    #[test]
    fn a_config_literals_fields_are_defaults_and_a_librarys_are_not() {
        let text = "type KafkaConfig struct {\n\tTopic string\n}\n\nfunc GetDefaults() *Config {\n\treturn &Config{\n\t\tKafka: KafkaConfig{\n\t\t\tTopic: \"fills\",\n\t\t\tGroup: \"g\",\n\t\t},\n\t}\n}\n\nfunc reader() { kafka.NewReader(kafka.ReaderConfig{Topic: \"other\"}) }\n";
        assert_eq!(found(text), ["setting_default constant:config-field:topic fills"]);
    }
}
