//! Kafka topics Spring declares as `NewTopic` beans, sent to through the bean a producer is
//! given (Java Guides' springboot-kafka-microservices and its many clones, haphong463's among
//! them): `@Bean public NewTopic topic() { return TopicBuilder.name(topicName).build(); }`
//! beside `@Value("${spring.kafka.topic.name}") private String topicName;` in a config class,
//! and `OrderProducer(NewTopic topic, KafkaTemplate<..> kafkaTemplate)` sending
//! `MessageBuilder.withPayload(event).setHeader(KafkaHeaders.TOPIC, topic.name())`.
//!
//! The producer's `topic.name()` names the constant `new-topic:<module>:topic`, the bean Spring
//! injects by that name; each `@Bean` method returning a `NewTopic` records its topic under
//! its own name, and under `new-topic:<module>:` for the module's one bean, which resolution
//! (`resolve::constants`) falls back to where no bean has the parameter's name, as Spring
//! injects the one bean of the type whatever its name. Two beans and no name to tell them
//! apart name nothing.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::json;

use super::calls::{Lines, arguments, enclosed_within, word_offsets};
use super::config_names::file_constants;
use super::messaging::{CONSTANT_PREFIX, NAMES_CONSTANT, REFERS_TO};
use super::parameters::channel_names;
use super::spring_amqp::module_of;
use crate::model::{FileFacts, Method};

/// How a `NewTopic` bean's topic is named until resolution finds the bean:
/// `new-topic:<module>:<bean>`, and `new-topic:<module>:` for the module's one bean.
pub(crate) const TOPIC_BEAN: &str = "new-topic:";

/// The topic `argument` names when it is `topic.name()` of a `NewTopic` the file declares
/// (a field, a parameter, Kotlin's `topic: NewTopic`): the bean of that name in the module.
pub(super) fn bean_topic(path: &str, text: &str, argument: &str) -> Option<String> {
    let variable = argument.trim().strip_suffix(".name()")?;
    let variable = variable.strip_prefix("this.").unwrap_or(variable);
    if variable.is_empty() || !variable.chars().all(|character| character.is_ascii_alphanumeric() || character == '_') || !text.contains("NewTopic") {
        return None;
    }
    let declared = word_offsets(text, variable).any(|at| {
        let java = text[..at].trim_end().strip_suffix("NewTopic").is_some_and(|before| !before.ends_with(|character: char| character.is_alphanumeric() || character == '_'));
        let kotlin = text[at + variable.len()..].trim_start().strip_prefix(':').is_some_and(|after| after.trim_start().starts_with("NewTopic"));
        java || kotlin
    });
    declared.then(|| format!("{CONSTANT_PREFIX}{TOPIC_BEAN}{}:{variable}", module_of(path)))
}

/// `@Bean` methods returning a `NewTopic`: [`NAMES_CONSTANT`] edges to
/// `constant:new-topic:<module>:<bean>` with the topic `TopicBuilder.name(x)` or `new
/// NewTopic(x, ..)` gives (a name, or `refers_to` the setting or constant it comes from), and
/// from `constant:new-topic:<module>:` to each bean's.
pub(super) fn bean_defaults(facts: &mut FileFacts, (path, extension): (&str, &str), text: &str, lines: &Lines<'_>) {
    static BEAN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"@Bean\b(?:\s*\([^()]*\))?(?:\s*@[\w.]+(?:\s*\([^()]*\))?)*\s*(?:(?:public|protected|private|static|final|open)\s+)*(?:fun\s+(?P<kotlin>\w+)\s*\(\s*\)\s*:\s*|)(?:[\w.]*\.)?NewTopic\s+(?P<java>\w+)?\s*(?:\(\s*\))?")
            .expect("a valid regex")
    });
    static TOPIC: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?:\bTopicBuilder\s*\.\s*name|\bnew\s+NewTopic|\bNewTopic)\s*\(").expect("a valid regex"));
    if !text.contains("@Bean") || !text.contains("NewTopic") {
        return;
    }
    let module = module_of(path);
    let constant = file_constants(text);
    for captures in BEAN.captures_iter(text) {
        let (Some(whole), Some(method)) = (captures.get(0), captures.name("kotlin").or_else(|| captures.name("java"))) else { continue };
        if lines.is_comment(whole.start()) {
            continue;
        }
        // The method's body (Java's braces, or Kotlin's `= TopicBuilder..` up to the next bean).
        let rest = &text[whole.end()..];
        let end = rest.find("@Bean").map_or(text.len(), |next| whole.end() + next);
        let body = match text[whole.end()..end].find('{') {
            Some(brace) => enclosed_within(text, whole.end() + brace, 5_000).map_or(whole.end()..end, |(body, _)| whole.end() + brace + 1..whole.end() + brace + 1 + body.len()),
            None => whole.end()..end,
        };
        let Some(open) = TOPIC.find(&text[body.clone()]).map(|found| body.start + found.end() - 1) else { continue };
        let Some((passed, _)) = arguments(text, open) else { continue };
        let Some(first) = passed.first() else { continue };
        let names = channel_names(extension, text, open, first, &constant);
        let [name] = names.as_slice() else { continue };
        let pointer = format!("L{}", lines.number(whole.start()));
        let named = format!("{TOPIC_BEAN}{module}:{}", method.as_str());
        let props = match name.strip_prefix(CONSTANT_PREFIX) {
            Some(key) => json!({REFERS_TO: key}),
            None => json!({"value": name}),
        };
        facts.edge("self", &format!("constant:{named}"), NAMES_CONSTANT, props, &pointer, Method::Parsed);
        facts.edge("self", &format!("constant:{TOPIC_BEAN}{module}:"), NAMES_CONSTANT, json!({REFERS_TO: named}), &pointer, Method::Parsed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_new_topic_given_by_its_bean_names_the_beans_constant() {
        let producer = "public class OrderProducer {\n    private NewTopic topic;\n    public OrderProducer(NewTopic topic, KafkaTemplate<String, OrderEvent> kafkaTemplate) {}\n}\n";
        assert_eq!(bean_topic("order-service/src/main/java/a/OrderProducer.java", producer, "topic.name()").as_deref(), Some("const:new-topic:order-service:topic"));
        assert_eq!(bean_topic("order-service/src/main/java/a/OrderProducer.java", producer, "order.name()"), None, "no NewTopic of that name");
        let config = "@Configuration\npublic class KafkaTopicConfig {\n    @Value(\"${spring.kafka.topic.name}\")\n    private String orderTopic;\n\n    @Value(\"${spring.kafka.create-order-topic.name}\")\n    private String createOrderTopic;\n\n    @Bean\n    public NewTopic createOrderTopic(){\n        return TopicBuilder.name(createOrderTopic).build();\n    }\n\n    @Bean\n    public NewTopic audit() {\n        return new NewTopic(\"audit\", 1, (short) 1);\n    }\n}\n";
        let mut facts = FileFacts::default();
        bean_defaults(&mut facts, ("order-service/src/main/java/a/KafkaTopicConfig.java", "java"), config, &Lines::new(config));
        let edges: Vec<String> = facts.edges.iter().map(|edge| format!("{} {}", edge.to, serde_json::Value::Object(edge.props.clone()))).collect();
        assert_eq!(
            edges,
            [
                "constant:new-topic:order-service:createOrderTopic {\"refers_to\":\"spring.kafka.create-order-topic.name\"}",
                "constant:new-topic:order-service: {\"refers_to\":\"new-topic:order-service:createOrderTopic\"}",
                "constant:new-topic:order-service:audit {\"value\":\"audit\"}",
                "constant:new-topic:order-service: {\"refers_to\":\"new-topic:order-service:audit\"}",
            ]
        );
    }
}
