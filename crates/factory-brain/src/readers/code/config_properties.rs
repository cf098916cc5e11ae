//! Spring Boot's type-safe configuration: a class or record bound to a prefix by
//! `@ConfigurationProperties(prefix = "payment")`, and the settings code reads through its
//! accessors. OrderFlow's payment service (asfarbros/Event-Driven-E-Commerce-Microservices-
//! Platform) keeps `this.topic = properties.kafka().paymentEventsTopic();` and sends
//! `new ProducerRecord<>(topic, ..)`: the setting `payment.kafka.payment-events-topic`, by Spring's
//! relaxed binding (a camelCase member is a kebab-case key; a JavaBean's `getKafka()` is
//! `kafka`).
//!
//! The reader records each bound type's prefix as a constant (`constant:config-properties:
//! PaymentProperties`, value `payment`), and names a channel read through an accessor chain on a
//! variable of a declared type by the type and the chain's path
//! (`const:properties:PaymentProperties:kafka.payment-events-topic`); resolution
//! (`resolve::constants`) joins the two into the setting's key.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use super::calls::Lines;
use super::messaging::NAMES_CONSTANT;

/// How a type's bound prefix is named among the repo's constants:
/// `config-properties:PaymentProperties`.
pub(crate) const BOUND_PREFIX: &str = "config-properties:";

/// How a setting read through a bound type's accessors is named until resolution knows the
/// type's prefix: `properties:PaymentProperties:kafka.payment-events-topic`.
pub(crate) const PROPERTIES_SETTING: &str = "properties:";

/// [`NAMES_CONSTANT`] edges to `constant:config-properties:<Type>` with the prefix a Java or
/// Kotlin type is bound to: `@ConfigurationProperties(prefix = "order") public record
/// OrderProperties(..)`, `@ConfigurationProperties("order")` over a class (other annotations
/// between them too). One on a `@Bean` method binds no type the file declares.
pub(super) fn bound_prefixes(facts: &mut crate::model::FileFacts, extension: &str, text: &str, lines: &Lines<'_>) {
    static BOUND: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"@ConfigurationProperties\s*\(\s*(?:(?:prefix|value)\s*=\s*)?"([a-z0-9][a-z0-9._-]*)"\s*\)[^{;()]*?\b(?:class|record)\s+([A-Z]\w*)"#).expect("a valid regex")
    });
    if !matches!(extension, "java" | "kt") || !text.contains("@ConfigurationProperties") {
        return;
    }
    for found in BOUND.captures_iter(text) {
        let (Some(prefix), Some(type_name)) = (found.get(1), found.get(2)) else { continue };
        if lines.is_comment(prefix.start()) {
            continue;
        }
        let pointer = format!("L{}", lines.number(prefix.start()));
        facts.edge("self", &format!("constant:{BOUND_PREFIX}{}", type_name.as_str()), NAMES_CONSTANT, serde_json::json!({"value": prefix.as_str()}), &pointer, crate::model::Method::Parsed);
    }
}

/// The setting an accessor chain on a variable of a declared type reads, the whole of an
/// expression: `properties.kafka().paymentEventsTopic()` (records) or
/// `this.properties.getKafka().getPaymentEventsTopic()` (JavaBeans) beside `PaymentProperties
/// properties` is `properties:PaymentProperties:kafka.payment-events-topic`. A variable the
/// file declares with no type or one not named like configuration, or a chain with arguments,
/// names none.
pub(super) fn accessor_setting(text: &str, expression: &str) -> Option<String> {
    static CHAIN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:this\s*\.\s*)?([a-z]\w*)((?:\s*\.\s*[a-z]\w*\s*\(\s*\))+)\s*;?$").expect("a valid regex"));
    let captures = CHAIN.captures(expression.trim())?;
    let variable = captures.get(1)?.as_str();
    let path: Vec<String> = captures.get(2)?.as_str().split('.').map(|member| member.trim().trim_end_matches(')').trim_end().trim_end_matches('(').trim()).filter(|member| !member.is_empty()).map(setting_word).collect();
    let type_name = declared_type(text, variable)?;
    Some(format!("{PROPERTIES_SETTING}{type_name}:{}", path.join(".")))
}

/// Fields and variables a file assigns an accessor chain to, by name, each with the setting
/// [`accessor_setting`] names: `this.topic = properties.kafka().paymentEventsTopic();` gives
/// `topic`. A name assigned two chains is left out.
pub(super) fn assigned_accessors(text: &str) -> BTreeMap<String, String> {
    static ASSIGNMENT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?:\bthis\s*\.\s*|\b)([A-Za-z_]\w*)\s*=\s*((?:this\s*\.\s*)?[a-z]\w*(?:\s*\.\s*[a-z]\w*\s*\(\s*\))+)\s*;").expect("a valid regex"));
    let mut found: BTreeMap<String, Option<String>> = BTreeMap::new();
    if !text.contains("()") {
        return BTreeMap::new();
    }
    for captures in ASSIGNMENT.captures_iter(text) {
        let (Some(name), Some(chain)) = (captures.get(1), captures.get(2)) else { continue };
        let Some(setting) = accessor_setting(text, chain.as_str()) else { continue };
        found
            .entry(name.as_str().to_string())
            .and_modify(|known| {
                if known.as_deref() != Some(setting.as_str()) {
                    *known = None;
                }
            })
            .or_insert(Some(setting));
    }
    found.into_iter().filter_map(|(name, setting)| Some((name, setting?))).collect()
}

/// The type a file declares a variable, field or parameter with (`PaymentProperties
/// properties`, `private final PaymentProperties properties;`), when it is one type named like
/// configuration (`..Properties`, `..Props`, `..Config`, `..Configuration`, `..Settings`): a
/// `NewTopic topic`'s `topic.name()` is the bean's topic (`topic_beans`), no setting.
fn declared_type(text: &str, variable: &str) -> Option<String> {
    const CONFIG_TYPES: &[&str] = &["Properties", "Props", "Config", "Configuration", "Settings"];
    let declaration = Regex::new(&format!(r"\b([A-Z]\w*)\s+{}\s*[,;)=]", regex::escape(variable))).ok()?;
    let mut types = declaration.captures_iter(text).filter_map(|captures| captures.get(1)).map(|found| found.as_str());
    let first = types.next()?;
    let named_so = CONFIG_TYPES.iter().any(|ending| first.ends_with(ending));
    (named_so && types.all(|other| other == first)).then(|| first.to_string())
}

/// The key word Spring's relaxed binding reads a member as: `paymentEventsTopic` (a record's
/// accessor) and `getPaymentEventsTopic` (a JavaBean's getter) are `payment-events-topic`.
fn setting_word(member: &str) -> String {
    let member = member.strip_prefix("get").filter(|rest| rest.starts_with(|first: char| first.is_ascii_uppercase())).unwrap_or(member);
    super::shapes::snake_case(member).replace('_', "-")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accessor_chains_name_settings_by_their_types_and_kebab_case_paths() {
        let record = "public KafkaPaymentEventPublisher(KafkaTemplate<String, String> kafkaTemplate, PaymentProperties properties) {\n    this.topic = properties.kafka().paymentEventsTopic();\n}\n";
        assert_eq!(accessor_setting(record, "properties.kafka().paymentEventsTopic()").as_deref(), Some("properties:PaymentProperties:kafka.payment-events-topic"));
        assert_eq!(assigned_accessors(record).get("topic").map(String::as_str), Some("properties:PaymentProperties:kafka.payment-events-topic"));
        let bean = "private final InventoryProperties props;\nvoid send() { template.send(this.props.getKafka().getInventoryEventsTopic(), json); }\n";
        assert_eq!(accessor_setting(bean, "this.props.getKafka().getInventoryEventsTopic()").as_deref(), Some("properties:InventoryProperties:kafka.inventory-events-topic"));
        assert_eq!(accessor_setting(bean, "props.getKafka().topicFor(order)"), None);
        assert_eq!(accessor_setting("var props = load();", "props.kafka().topic()"), None);
        assert_eq!(accessor_setting("private final NewTopic topic;", "topic.name()"), None);
    }
}
