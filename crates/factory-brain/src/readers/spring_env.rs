//! Which env vars a Spring Boot service's code takes through its properties. A config file
//! maps an env var to a property (`order-service.url=${ORDER_SERVICE_URL}`): a [`MAPS_ENV`]
//! edge from `self` to `property:order-service.url`. The service's code takes a property by
//! naming it (`@FeignClient(url = "${order-service.url}")`, `@Value("${order-service.url}")`,
//! `env.getProperty("order-service.url")`, `@ConfigurationProperties(prefix = "order-service")`),
//! and a config value by its placeholder (`orders.api=${order-service.url}/api`): a
//! [`REFERS_PROPERTY`] edge, `property:*` for code taking properties by a name it computes.
//! Resolution ([`crate::resolve::env_use`]) weighs the one against the other: minh0206's
//! event-driven food delivery gives every service all four services' URLs, mapped in every
//! service's `application.properties`, each service's Feign clients using one or two.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::json;

use crate::model::{FileFacts, Method};

/// The edge kind from a Spring config to a property one of its values takes from an env var.
pub const MAPS_ENV: &str = "maps_env";

/// The edge kind from code or config to a property it takes (`prefix` set for a
/// `@ConfigurationProperties` prefix, which takes every property below it).
pub const REFERS_PROPERTY: &str = "refers_property";

/// A placeholder's name (`${order-service.url}`, `${ORDER_SERVICE_URL:http://localhost:8083}`).
static PLACEHOLDER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\$\{([A-Za-z0-9_.\-\[\]]+)").expect("a valid regex"));

/// A property named in code by a literal: `getProperty("orders.url")`, `@ConditionalOnProperty("orders.url")`,
/// or an env var (`System.getenv("ORDERS_URL")`); `System.getenv()` or `System.getenv(name)` may read any.
static NAMED_PROPERTY: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?:getProperty|getRequiredProperty|containsProperty|ConditionalOnProperty|System\.getenv)\s*\(\s*(?:(?:name|value|prefix)\s*=\s*)?(\S)?"#).expect("a valid regex")
});

/// `@ConfigurationProperties("orders")`, `@ConfigurationProperties(prefix = "orders")`, or
/// bare (everything, by field names).
static CONFIGURATION_PROPERTIES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"@ConfigurationProperties\b(\s*\(\s*(?:(?:prefix|value)\s*=\s*)?(?:"([^"]*)")?)?"#).expect("a valid regex"));

/// Whether a placeholder's name is an env var's (`ORDER_SERVICE_URL`), not a property's.
fn is_env_name(name: &str) -> bool {
    name.starts_with(|character: char| character.is_ascii_uppercase()) && name.bytes().all(|byte| byte.is_ascii_uppercase() || byte.is_ascii_digit() || byte == b'_')
}

/// One setting of a Spring config file (`key`, its value as written): the env vars its
/// placeholders take ([`MAPS_ENV`]), and the other properties they take ([`REFERS_PROPERTY`]).
pub fn setting(facts: &mut FileFacts, key: &str, value: &str, pointer: &str) {
    if !value.contains("${") {
        return;
    }
    for captures in PLACEHOLDER.captures_iter(value) {
        let name = &captures[1];
        if is_env_name(name) {
            facts.edge("self", &format!("property:{key}"), MAPS_ENV, json!({"env": name}), pointer, Method::Parsed);
        } else {
            facts.edge("self", &format!("property:{name}"), REFERS_PROPERTY, json!({}), pointer, Method::Parsed);
        }
    }
}

/// The properties Java or Kotlin code takes by name, line by line. Kotlin writes a placeholder
/// `\${orders.url}` (its own `${id}` is a string template).
pub fn references(path: &str, text: &str) -> FileFacts {
    let mut facts = FileFacts::default();
    let kotlin = path.ends_with(".kt");
    if !text.contains("${") && !text.contains("Propert") {
        return facts;
    }
    let refer = |facts: &mut FileFacts, name: &str, prefix: bool, line: usize| {
        let props = if prefix { json!({"prefix": true}) } else { json!({}) };
        facts.edge("self", &format!("property:{name}"), REFERS_PROPERTY, props, &format!("L{line}"), Method::Inferred);
    };
    for (index, line) in text.lines().enumerate() {
        let trimmed = line.trim_start();
        if trimmed.starts_with("//") || trimmed.starts_with("import ") || trimmed.starts_with("* ") {
            continue;
        }
        for captures in PLACEHOLDER.captures_iter(line) {
            let escaped = captures.get(0).is_some_and(|found| line[..found.start()].ends_with('\\'));
            if escaped || !kotlin {
                refer(&mut facts, &captures[1], false, index + 1);
            }
        }
        for captures in NAMED_PROPERTY.captures_iter(line) {
            // A name the code computes (`getProperty(key)`) may be any property's.
            if captures.get(1).is_none_or(|quote| quote.as_str() != "\"") {
                refer(&mut facts, "*", false, index + 1);
            } else if let Some(name) = captures.get(0).and_then(|found| line[found.end()..].split('"').next()) {
                refer(&mut facts, name, true, index + 1);
            }
        }
        for captures in CONFIGURATION_PROPERTIES.captures_iter(line) {
            match captures.get(2) {
                Some(prefix) => refer(&mut facts, prefix.as_str(), true, index + 1),
                // Bare, or a prefix a constant holds: any property may be bound.
                None => refer(&mut facts, "*", false, index + 1),
            }
        }
    }
    facts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refs(facts: &FileFacts) -> Vec<String> {
        facts.edges.iter().map(|edge| format!("{} {} {}", edge.kind, edge.to, edge.props.get("env").or(edge.props.get("prefix")).map(ToString::to_string).unwrap_or_default())).collect()
    }

    #[test]
    fn a_settings_placeholders_map_env_vars_and_refer_to_properties() {
        let mut facts = FileFacts::default();
        setting(&mut facts, "order-service.url", "${ORDER_SERVICE_URL:http://localhost:8083}", "L1");
        setting(&mut facts, "orders.api", "${order-service.url}/api", "L2");
        setting(&mut facts, "orders.plain", "http://orders", "L3");
        assert_eq!(refs(&facts), ["maps_env property:order-service.url \"ORDER_SERVICE_URL\"", "refers_property property:order-service.url "]);
    }

    #[test]
    fn code_takes_properties_by_placeholder_name_and_prefix() {
        let code = "@FeignClient(value = \"order-service\", url = \"${order-service.url}\")\ninterface Orders {}\n@ConfigurationProperties(prefix = \"payments\")\nclass A {}\nclass B { String x = env.getProperty(\"users.url\"); String y = env.getProperty(key); }\n// ${commented.out}\n";
        assert_eq!(
            refs(&references("Orders.java", code)),
            ["refers_property property:order-service.url ", "refers_property property:payments true", "refers_property property:users.url true", "refers_property property:* "]
        );
        assert!(references("Plain.java", "class Plain {}\n").edges.is_empty());
        let kotlin = "@Value(\"\\${orders.url}\")\nlateinit var orders: String\nval path = \"${base}/items\"\n";
        assert_eq!(refs(&references("Orders.kt", kotlin)), ["refers_property property:orders.url "]);
    }
}
