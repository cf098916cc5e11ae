//! Channel names code takes from its configuration rather than writes: a Spring setting's
//! placeholder (`"${orders.topic}"`, a field `@Value("${orders.topic}")`), MicroProfile
//! Config's lookup (`config.getValue("order.topic", String.class)`, a field
//! `@ConfigProperty(name = "order.topic")`), and a getter whose body returns a name the file
//! can tell (`getOrderTopic() { return config.getValue("order.topic", String.class); }`),
//! called in its own file or, from another file of the repo, as `config.getOrderTopic()`.
//!
//! A setting is named by its key (`const:order.topic`), which resolution looks up among the
//! repo's config files (`readers::spring`); a getter of another file by its name and `()`
//! (`const:getOrderTopic()`), which the file defining it records as a constant, its value a
//! name or the key it reads (`resolve::constants`).

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;

use super::calls::{enclosed_within, string_constants};
use super::messaging::{names_a_channel, names_of, CONSTANT_PREFIX, ENV_CONSTANT};

/// The key of a whole-string Spring placeholder, `${orders.topic}` or `${orders.topic:orders}`.
pub(crate) fn setting_placeholder(text: &str) -> Option<&str> {
    let inner = text.strip_prefix("${")?.strip_suffix('}')?;
    let key = inner.split(':').next()?.trim();
    is_setting_key(key).then_some(key)
}

/// The kind of an edge to `constant:<key>` giving the default a Spring placeholder writes for a
/// setting (`"${spring.kafka.topic.payment-refund-failed:payment-refund-failed}"`), prop `value`:
/// the name a channel of that setting takes when no config file, env var or deployment gives
/// the key one (EarlyExpress's payment service sends, and its order service listens, on
/// `payment-refund-failed` with no config of either setting the key).
pub const SETTING_DEFAULT: &str = "setting_default";

/// [`SETTING_DEFAULT`] edges for a file's placeholders with a default naming a channel, one per
/// key and default.
pub(super) fn setting_defaults(facts: &mut crate::model::FileFacts, text: &str, lines: &super::calls::Lines<'_>) {
    static DEFAULTED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#""\$\{([a-z0-9][a-z0-9._-]*):([A-Za-z0-9][\w.-]*)\}""#).expect("a valid regex"));
    if !text.contains("${") {
        return;
    }
    let mut seen = std::collections::BTreeSet::new();
    for found in DEFAULTED.captures_iter(text) {
        let (key, value) = (&found[1], &found[2]);
        if is_setting_key(key) && super::messaging::is_channel_name(value) && seen.insert((key.to_string(), value.to_string())) {
            let pointer = format!("L{}", lines.number(found.get(0).map_or(0, |whole| whole.start())));
            facts.edge("self", &format!("constant:{key}"), SETTING_DEFAULT, serde_json::json!({"value": value}), &pointer, crate::model::Method::Parsed);
        }
    }
}

/// Fields and parameters filled from a setting, by name: Spring's `@Value("${a.queueName}")
/// private String queueName;` -> (`queueName`, `a.queueName`), and MicroProfile's
/// `@Inject @ConfigProperty(name = "order.topic") String topic;` -> (`topic`, `order.topic`).
pub(super) fn setting_fields(text: &str) -> BTreeMap<String, String> {
    static VALUE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"@Value\s*\(\s*"(\$\{[^"}]+\})"\s*\)\s*(?:(?:private|protected|public|final|static)\s+)*[\w.<>]+\s+(\w+)\s*[;,)=]"#).expect("a valid regex")
    });
    static CONFIG_PROPERTY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"@ConfigProperty\s*\(\s*name\s*=\s*"([^"]+)"[^)]*\)\s*(?:(?:private|protected|public|final|static)\s+|@\w+\s+)*[\w.<>]+\s+(\w+)\s*[;,)=]"#)
            .expect("a valid regex")
    });
    let mut fields = BTreeMap::new();
    if text.contains("@Value") {
        fields.extend(VALUE.captures_iter(text).filter_map(|captures| Some((captures[2].to_string(), setting_placeholder(&captures[1])?.to_string()))));
    }
    if text.contains("@ConfigProperty") {
        fields.extend(CONFIG_PROPERTY.captures_iter(text).filter(|captures| is_setting_key(&captures[1])).map(|captures| (captures[2].to_string(), captures[1].to_string())));
    }
    fields
}

/// The key a MicroProfile Config lookup reads, when it is the whole of an argument:
/// `config.getValue("order.topic", String.class)`,
/// `ConfigProvider.getConfig().getValue("order.topic", String.class)`.
pub(super) fn config_lookup(argument: &str) -> Option<&str> {
    static LOOKUP: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"^(?:[\w$]+(?:\(\))?\s*\.\s*)*getValue\s*\(\s*"([^"]+)"\s*,\s*[\w.]+\.class\s*\)\s*;?$"#).expect("a valid regex")
    });
    let key = LOOKUP.captures(argument.trim())?.get(1)?.as_str();
    is_setting_key(key).then_some(key)
}

/// The method a call of no arguments names, when the call is the whole of an argument:
/// `config.getOrderTopic()`, `KafkaConfig.getOrderTopic()`, `this.config.getShipTopicName()`
/// are `getOrderTopic`, `getShipTopicName`.
pub(super) fn getter_call(argument: &str) -> Option<&str> {
    static CALL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:[\w$]+(?:\(\))?\s*\.\s*)*([A-Za-z_]\w*)\s*\(\s*\)$").expect("a valid regex"));
    CALL.captures(argument.trim()).and_then(|captures| captures.get(1)).map(|method| method.as_str())
}

/// The getters a file defines whose name names a channel (`getOrderTopic`, `orderTopicName`),
/// by name and `()`, each with the one channel name its body returns as `constants` tell
/// names (a literal, or `const:<key>` for a setting or another file's constant). A body
/// returning a variable it assigns returns what it assigns (`ORDER_TOPIC =
/// config.getValue(..); return ORDER_TOPIC;`); one returning two names returns none.
pub(super) fn getters(text: &str, constants: &dyn Fn(&str) -> Option<String>) -> BTreeMap<String, String> {
    static DEFINITION: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(concat!(
            // Java, Kotlin, TypeScript, C# and JavaScript methods and functions:
            // `public static String getOrderTopic() {`, `getShipTopicName(): string {`.
            r"(?:^|[^.\w$])(?P<method>[A-Za-z_]\w*)\s*\(\s*\)\s*(?::\s*[\w.<>?\[\]]+\s*)?(?:throws\s+[\w.,\s]+?)?\{",
            // A function in an object or assigned: `getOrderTopicName: function() {`.
            r"|(?:^|[^.\w$])(?P<property>[A-Za-z_]\w*)\s*[:=]\s*function\s*\(\s*\)\s*\{",
        ))
        .expect("a valid regex")
    });
    let mut found: BTreeMap<String, Option<String>> = BTreeMap::new();
    for captures in DEFINITION.captures_iter(text) {
        let (Some(name), Some(whole)) = (captures.name("method").or_else(|| captures.name("property")), captures.get(0)) else { continue };
        if !names_a_channel(name.as_str()) {
            continue;
        }
        let Some((body, _)) = enclosed_within(text, whole.end() - 1, 2000) else { continue };
        let Some(returned) = returned_name(body, constants) else { continue };
        found
            .entry(format!("{}()", name.as_str()))
            .and_modify(|known| {
                if known.as_deref() != Some(returned.as_str()) {
                    *known = None;
                }
            })
            .or_insert(Some(returned));
    }
    found.into_iter().filter_map(|(name, value)| Some((name, value?))).collect()
}

/// The one channel name a getter's body returns.
fn returned_name(body: &str, constants: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    static RETURN: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\breturn\s+([^;\n}]+)").expect("a valid regex"));
    let mut names: Vec<String> = Vec::new();
    for captures in RETURN.captures_iter(body) {
        let (Some(expression), Some(whole)) = (captures.get(1), captures.get(0)) else { continue };
        let expression = expression.as_str().trim();
        let variable = expression.strip_prefix("this.").unwrap_or(expression);
        // The last assignment before the return of the variable it returns.
        let assigned = variable.chars().all(|character| character.is_alphanumeric() || character == '_').then(|| {
            let assignment = Regex::new(&format!(r"\b{}\s*=\s*([^=;\n][^;\n]*)", regex::escape(variable))).ok()?;
            assignment.captures_iter(&body[..whole.start()]).last().and_then(|captures| captures.get(1)).map(|value| value.as_str().trim())
        });
        for name in names_of(assigned.flatten().unwrap_or(expression), constants) {
            if !names.contains(&name) {
                names.push(name);
            }
        }
    }
    match names.as_slice() {
        [name] => Some(name.clone()),
        _ => None,
    }
}

/// What a channel named by a getter's call is called until resolution finds the getter:
/// `const:getOrderTopic()`.
pub(super) fn getter_constant(method: &str) -> String {
    format!("{CONSTANT_PREFIX}{method}()")
}

/// What a name stands for in a file, looked up only when an identifier needs it: its string
/// constants, a field filled from a setting (`@Value("${riskmanagement.queueName}") String
/// queueName` names that setting's value), a variable holding an env lookup, and a
/// `@ConfigurationProperties` object's accessor chain or a variable assigned one
/// (`readers::code::config_properties`).
pub(super) fn file_constants(text: &str) -> impl Fn(&str) -> Option<String> + '_ {
    let constants = std::cell::LazyCell::new(|| string_constants(text));
    let settings = std::cell::LazyCell::new(|| setting_fields(text));
    let env_variables = std::cell::LazyCell::new(|| env_variables(text));
    let accessors = std::cell::LazyCell::new(|| super::config_properties::assigned_accessors(text));
    move |name: &str| {
        // A `@ConfigurationProperties` object's accessor chain, `properties.kafka().paymentEventsTopic()`.
        if name.contains('.') && name.ends_with("()") {
            return super::config_properties::accessor_setting(text, name).map(|setting| format!("{CONSTANT_PREFIX}{setting}"));
        }
        constants.get(name).cloned().or_else(|| {
            settings
                .get(name)
                .map(|key| format!("{CONSTANT_PREFIX}{key}"))
                .or_else(|| env_variables.get(name).filter(|key| names_a_channel(key)).map(|key| format!("{CONSTANT_PREFIX}{ENV_CONSTANT}{key}")))
                .or_else(|| accessors.get(name).map(|setting| format!("{CONSTANT_PREFIX}{setting}")))
        })
    }
}

/// The common env lookups, the whole of an argument: `process.env.K`, `process.env["K"]`,
/// `os.Getenv("K")`, `os.getenv("K")`, `os.environ["K"]`, `os.environ.get("K")`,
/// `System.getenv("K")`, `Environment.GetEnvironmentVariable("K")`, `env::var("K")`,
/// `ENV["K"]`, `ENV.fetch("K")`.
static ENV_LOOKUP: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r#"^(?:process\.env\.(?P<js>[A-Za-z_][A-Za-z0-9_]*)|process\.env\[\s*["'](?P<js_index>[A-Za-z_][A-Za-z0-9_]*)["']\s*\]"#,
        r#"|(?:os\.Getenv|os\.getenv|os\.environ\.get|System\.getenv|Environment\.GetEnvironmentVariable|(?:std::)?env::var|ENV\.fetch)\s*\(\s*["'](?P<call>[A-Za-z_][A-Za-z0-9_]*)["']\s*\)"#,
        r#"|(?:os\.environ|ENV)\[\s*["'](?P<index>[A-Za-z_][A-Za-z0-9_]*)["']\s*\])"#,
        r"(?:\.unwrap\(\)|\.expect\([^()]*\)|!)?\s*;?$",
    ))
    .expect("a valid regex")
});

/// The env var an argument looks up, when it is only that lookup (no default).
pub(super) fn env_lookup(argument: &str) -> Option<&str> {
    let captures = ENV_LOOKUP.captures(argument.trim())?;
    ["js", "js_index", "call", "index"].iter().find_map(|group| captures.name(group)).map(|key| key.as_str())
}

/// The default of a project's own env helper given a key and a default, the whole of an
/// argument: Rishi855's ecommerce services' `initializers.GetEnv("KAFKA_TOPIC",
/// "notification-events")` over `os.LookupEnv`, `GetEnvWithDefault`, `getEnv`, `env_or_default`,
/// `EnvOrDefault`. The helper's body may be in another file: its name and its two arguments
/// tell.
pub(super) fn env_helper_default(argument: &str) -> Option<&str> {
    static HELPER: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r#"^(?:[A-Za-z_]\w*\s*\.\s*)*(?i:get_?env\w*|env_?or_?default)\s*\(\s*"[A-Za-z_][A-Za-z0-9_]*"\s*,\s*"([^"\n]*)"\s*\)$"#).expect("a valid regex")
    });
    HELPER.captures(argument.trim())?.get(1).map(|default| default.as_str())
}

/// Variables a file assigns an env lookup to, by name: `orderQueueName := os.Getenv("ORDER_QUEUE_NAME")`,
/// `const queue = process.env.ORDER_QUEUE;`, `String queue = System.getenv("Q");`.
fn env_variables(text: &str) -> std::collections::BTreeMap<String, String> {
    static ASSIGNMENT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b([A-Za-z_][A-Za-z0-9_]*)\s*(?::=|=)\s*([^\n;]+)").expect("a valid regex"));
    if !text.contains("env") && !text.contains("ENV") && !text.contains("Env") {
        return std::collections::BTreeMap::new();
    }
    ASSIGNMENT
        .captures_iter(text)
        .filter_map(|captures| {
            let name = captures.get(1)?.as_str();
            let key = env_lookup(captures.get(2)?.as_str())?;
            Some((name.to_string(), key.to_string()))
        })
        .collect()
}

/// A setting's key: letters, digits, `.`, `_` and `-`.
fn is_setting_key(key: &str) -> bool {
    !key.is_empty() && key.chars().all(|character| character.is_ascii_alphanumeric() || "._-".contains(character))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookups_and_getters_name_settings() {
        assert_eq!(config_lookup("config.getValue(\"order.topic\", String.class)"), Some("order.topic"));
        assert_eq!(config_lookup("ConfigProvider.getConfig().getValue(\"order.topic\", String.class)"), Some("order.topic"));
        assert_eq!(config_lookup("map.getValue(key)"), None);
        assert_eq!(getter_call("config.getOrderTopic()"), Some("getOrderTopic"));
        assert_eq!(getter_call("getOrderTopic(id)"), None);
        let fields = "@Inject\n@ConfigProperty(name = \"order.topic\", defaultValue = \"orders\")\nprivate String orderTopic;\n@Value(\"${app.queue}\") String queue;\n";
        assert_eq!(setting_fields(fields).into_iter().collect::<Vec<_>>(), [("orderTopic".to_string(), "order.topic".to_string()), ("queue".to_string(), "app.queue".to_string())]);
        let java = concat!(
            "public class KafkaConfig {\n",
            "  private static String ORDER_TOPIC;\n",
            "  public static String getOrderTopic() {\n    ORDER_TOPIC = config.getValue(\"order.topic\", String.class);\n    return ORDER_TOPIC;\n  }\n",
            "  public String getErrorTopic() { return \"errors\"; }\n",
            "  public String getTopic(boolean a) { if (a) { return \"a\"; } return \"b\"; }\n",
            "  public String getTopicCount() { return count; }\n",
            "  public Properties getProperties() { return props; }\n",
            "}\n",
        );
        let found: Vec<(String, String)> = getters(java, &|_| None).into_iter().collect();
        assert_eq!(found, [("getErrorTopic()".to_string(), "errors".to_string()), ("getOrderTopic()".to_string(), "const:order.topic".to_string())]);
        let node = "module.exports = {\n  getOrderTopicName: function() {\n    return process.env.ORDER_TOPIC || 'orders';\n  },\n};\n";
        assert_eq!(getters(node, &|_| None).into_iter().collect::<Vec<_>>(), [("getOrderTopicName()".to_string(), "orders".to_string())]);
    }

    #[test]
    fn an_env_helper_with_a_default_names_it() {
        assert_eq!(env_helper_default("initializers.GetEnv(\"KAFKA_TOPIC\", \"notification-events\")"), Some("notification-events"));
        assert_eq!(env_helper_default("GetEnvWithDefault(\"T\", \"orders\")"), Some("orders"));
        assert_eq!(env_helper_default("config.EnvOrDefault(\"T\", \"orders\")"), Some("orders"));
        assert_eq!(env_helper_default("get_env(\"T\", \"orders\")"), Some("orders"));
        assert_eq!(env_helper_default("initializers.GetEnv(\"KAFKA_TOPIC\")"), None, "no default");
        assert_eq!(env_helper_default("budgetEnv(\"T\", \"orders\")"), None);
        assert_eq!(env_helper_default("GetEnv(\"T\", fallback)"), None, "a default the call does not write");
    }
}
