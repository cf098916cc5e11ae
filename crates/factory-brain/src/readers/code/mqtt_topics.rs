//! MQTT topics that reach the client's call through indirection, as tiagoSapo's
//! Publicitaki-Store-Bank sends its payments over broker.hivemq.com:
//!
//! - paho.mqtt.publish's one-shot helpers publish: `publish.single(topic, payload,
//!   hostname=..)`, and `publish.multiple(msgs, ..)` each `{'topic': t, ..}` or `(t, payload)`
//!   of its list (the store's products service, after `topic = TOPIC_WRITE` and `from .mqtt
//!   import TOPIC_WRITE`: the sibling module's constant, resolved among the repo's).
//! - A topic held by a variable the call's function assigns, in Python or C# too (the bank's
//!   frontend: `var Topic = TOPIC; .. .WithTopic(Topic)`), where [`super::parameters`] follows
//!   only braced languages' lower-case locals.
//! - mqtt.js's client imported from the service's own module named for MQTT
//!   (`const { client, TOPIC_WRITE } = require('../mqtt')` in pub-users' controller; the module
//!   `mqtt.js` itself requires 'mqtt'): its `publish` and `subscribe` are MQTT's. The reader sees
//!   one file, so the module is known by its name, not by its text.
//! - A Java field set from a constructor's parameter (bank-clients' `MQTTHelper`, `this.topic =
//!   TOPIC` in `MQTTHelper(.., String TOPIC)`, then `client.subscribe(topic)`): the parameter
//!   other files' `new MQTTHelper(this, BROKER, CLIENT_ID, TOPIC)` fill
//!   ([`super::passed_members`]).

use std::sync::LazyLock;

use regex::Regex;

use super::calls::{Lines, arguments, enclosed, last_assignment, named, split_top_level, starts_line};
use super::config_names::file_constants;
use super::messaging::{ChannelUse, Direction};
use super::parameters::{channel_names, enclosing_function};

/// How many variables are followed from a call's argument to the value it names.
const STEPS: usize = 3;

/// paho.mqtt.publish's `single(topic, payload, ..)` and `multiple(msgs, ..)`, called on the
/// module (`publish.single`, however it is imported) or imported by name, in a Python file that
/// imports the module.
pub(super) fn paho_publish_uses(path: &str, text: &str, lines: &Lines<'_>) -> Vec<ChannelUse> {
    static CALL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(?:(?P<module>\w+)\s*\.\s*)?(?P<verb>single|multiple)\s*\(").expect("a valid regex"));
    static MODULE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^\s*(?:import\s+paho\.mqtt\.publish(?:\s+as\s+(?P<alias>\w+))?|from\s+paho\.mqtt\s+import\s+(?P<names>[^\n]*\bpublish\b[^\n]*)|from\s+paho\.mqtt\.publish\s+import\s+(?P<functions>[^\n]+))").expect("a valid regex"));
    if !path.ends_with(".py") || !text.contains("paho") {
        return Vec::new();
    }
    // The names the module is called by, and whether `single`/`multiple` are imported bare.
    let mut modules: Vec<&str> = Vec::new();
    let mut bare = false;
    for import in MODULE.captures_iter(text) {
        match (import.name("alias"), import.name("names"), import.name("functions")) {
            (Some(alias), _, _) => modules.push(alias.as_str()),
            (None, Some(names), _) => modules.extend(names.as_str().split(',').filter_map(|name| match name.split_whitespace().collect::<Vec<_>>()[..] {
                ["publish"] => Some("publish"),
                ["publish", "as", alias] => Some(alias),
                _ => None,
            })),
            (None, None, Some(_)) => bare = true,
            (None, None, None) => modules.push("paho.mqtt.publish"),
        }
    }
    let constants = file_constants(text);
    let mut uses = Vec::new();
    for call in CALL.captures_iter(text) {
        let (Some(whole), Some(verb)) = (call.get(0), call.name("verb")) else { continue };
        let called = match call.name("module") {
            Some(module) => modules.iter().any(|name| *name == module.as_str() || name.ends_with(&format!(".{}", module.as_str()))),
            None => bare && !text[..whole.start()].trim_end().ends_with(['.', ']', ')']),
        };
        if !called || lines.is_comment(whole.start()) {
            continue;
        }
        let Some((passed, _)) = arguments(text, verb.end()) else { continue };
        let first = passed.iter().find_map(|argument| named(argument, "topic").or_else(|| named(argument, "msgs"))).or(passed.first().copied()).unwrap_or("");
        let names = if verb.as_str() == "single" {
            topic_names("py", text, verb.end(), first, &constants)
        } else {
            let list = local_value("py", text, verb.end(), first).unwrap_or(first);
            let items = match list.trim().starts_with('[') {
                true => enclosed(list.trim(), 0).map(|(inner, _)| split_top_level(inner)).unwrap_or_default(),
                false => Vec::new(),
            };
            items.into_iter().flat_map(|item| message_topic(text, verb.end(), item, &constants)).collect()
        };
        uses.extend(names.into_iter().map(|name| ChannelUse { offset: whole.start(), direction: Direction::Publishes, name, protocol: "mqtt" }));
    }
    uses
}

/// One message of paho's `multiple`: a dict's `'topic'`, else a tuple's first item.
fn message_topic(text: &str, at: usize, item: &str, constants: &dyn Fn(&str) -> Option<String>) -> Vec<String> {
    let item = item.trim();
    let Some((inner, _)) = enclosed(item, 0) else { return Vec::new() };
    let entries = split_top_level(inner);
    let topic = match item.starts_with('{') {
        true => entries.iter().find_map(|entry| named(entry, "'topic'").or_else(|| named(entry, "\"topic\""))),
        false => entries.first().copied(),
    };
    topic.map(|topic| topic_names("py", text, at, topic, constants)).unwrap_or_default()
}

/// The topics an MQTT call's `argument` (met at `at`) names: a variable its function assigns
/// followed first (Python's, C#'s `var Topic = TOPIC`), then what [`channel_names`] reads.
pub(super) fn topic_names(extension: &str, text: &str, at: usize, argument: &str, constants: &dyn Fn(&str) -> Option<String>) -> Vec<String> {
    let mut argument = argument.trim();
    for _ in 0..STEPS {
        match local_value(extension, text, at, argument) {
            Some(value) if value != argument => argument = value,
            _ => break,
        }
    }
    channel_names(extension, text, at, argument, constants)
}

/// What the function holding `at` (a Python `def`'s, else a braced one's; else the module's
/// top) last assigns the plain name `name` before `at`, as a statement of its own:
/// `topic = TOPIC_WRITE`, `var Topic = TOPIC;`.
fn local_value<'text>(extension: &str, text: &'text str, at: usize, name: &str) -> Option<&'text str> {
    static PYTHON_DEF: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?m)^[ \t]*(?:async[ \t]+)?def[ \t]").expect("a valid regex"));
    if name.is_empty() || !name.chars().all(|character| character.is_ascii_alphanumeric() || character == '_') || name.starts_with(|first: char| first.is_ascii_digit()) {
        return None;
    }
    let start = match extension {
        "py" => PYTHON_DEF.find_iter(&text[..at]).last().map_or(0, |def| def.start()),
        _ => enclosing_function(extension, text, at)?.body,
    };
    let scope = &text[start..at];
    let (name_at, value_at) = last_assignment(scope, name)?;
    // A statement's own variable (`var Topic =`, `topic =`), not a keyword argument or a field.
    let before = scope[..name_at].trim_end();
    let declared = starts_line(scope, name_at) || before.ends_with(|last: char| last.is_alphanumeric() || last == '>' || last == '?') && !before.ends_with("return");
    if !declared {
        return None;
    }
    let value = &text[start + value_at..];
    let end = value.find(['\n', ';']).unwrap_or(value.len());
    Some(value[..end].trim()).filter(|value| !value.is_empty())
}

/// The names a JavaScript file binds from a module of its own named for MQTT (`require('../mqtt')`,
/// `import { client } from './mqtt/client'`): its destructured names, or the whole module's.
pub(super) fn module_clients<'text>(extension: &str, text: &'text str) -> Vec<&'text str> {
    if !matches!(extension, "js" | "mjs" | "cjs" | "ts") || !text.contains("mqtt") {
        return Vec::new();
    }
    super::imported_stubs::script_imports(text)
        .into_iter()
        .filter(|(module, _)| module.rsplit('/').next().unwrap_or("").split('.').next().unwrap_or("").to_ascii_lowercase().contains("mqtt"))
        .map(|(_, local)| local)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn published(path: &str, text: &str) -> Vec<String> {
        paho_publish_uses(path, text, &Lines::new(text)).into_iter().map(|found| found.name).collect()
    }

    #[test]
    fn pahos_one_shot_helpers_publish() {
        let single = "from .mqtt import TOPIC_WRITE\nimport paho.mqtt.publish as publish\n\ndef pay(order):\n    topic = TOPIC_WRITE\n    publish.single(topic, payload, hostname=host)\n";
        assert_eq!(published("views.py", single), ["const:TOPIC_WRITE"]);
        let multiple = "from paho.mqtt import publish\n\ndef send():\n    msgs = [{'topic': 'paho/test/multiple', 'payload': 'a'}, ('paho/test/other', 'b', 0, False)]\n    publish.multiple(msgs, hostname='mqtt.eclipse.org')\n";
        assert_eq!(published("send.py", multiple), ["paho/test/multiple", "paho/test/other"]);
        let bare = "from paho.mqtt.publish import single\nsingle(topic='a/b', payload='x')\nchoice.single('c/d')\n";
        assert_eq!(published("bare.py", bare), ["a/b"]);
        let other = "import paho.mqtt.client as mqtt\nimport numbers\nresult = numbers.single('a/b', 1)\n";
        assert!(published("other.py", other).is_empty(), "another module's `single`");
    }

    #[test]
    fn a_variable_the_function_assigns_is_followed() {
        let csharp = "class A {\n  private readonly string TOPIC = \"bank/transactions\";\n  public ActionResult Deposit(Model model)\n  {\n    var Topic = TOPIC;\n    var m = new MqttApplicationMessageBuilder()\n      .WithTopic(Topic)\n      .Build();\n  }\n}\n";
        let at = csharp.find("WithTopic(").expect("there") + "WithTopic(".len();
        assert_eq!(local_value("cs", csharp, at, "Topic"), Some("TOPIC"));
        let python = "def f():\n    send(topic=OTHER)\n    x = 1\n    publish.single(topic, p)\n";
        assert_eq!(local_value("py", python, python.find("single").expect("there"), "topic"), None, "a keyword argument is no variable");
    }

    #[test]
    fn names_bound_from_a_module_named_for_mqtt_are_its_clients() {
        let controller = "const { client, TOPIC_READ, TOPIC_WRITE: write } = require('../mqtt');\nconst cache = require('../cache');\nimport mqttClient from './lib/mqtt-client';\n";
        assert_eq!(module_clients("js", controller), ["client", "TOPIC_READ", "write", "mqttClient"]);
        let library = "const mqtt = require('mqtt');\nconst { client } = require('../broker');\n";
        assert!(module_clients("js", library).is_empty(), "the library itself, and a module named otherwise");
    }
}
