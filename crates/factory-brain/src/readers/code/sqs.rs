//! Amazon SQS queues through boto3 (and aioboto3, which shares its calls), in Python: on a
//! client, `send_message(QueueUrl=X, ..)` and `send_message_batch(QueueUrl=X, ..)` publish to
//! the queue X names and `receive_message(QueueUrl=X, ..)` subscribes to it; on a queue a
//! resource looked up by name (`queue = sqs.get_queue_by_name(QueueName="orders")`),
//! `queue.send_message(..)` and `send_messages(..)` publish and `receive_messages(..)`
//! subscribes. `QueueUrl` is boto3's own keyword, so a chat client's `send_message(text)` and
//! the file's other calls naming a queue (`get_queue_attributes`, `delete_message`) are no use
//! of a channel; SNS's `publish(TopicArn=..)` is not SQS. Only a file naming SQS is read (the
//! client is often made in another module: `from app.sqs_client import get_sqs_client`).
//!
//! The queue is named by its name: a literal URL's last path segment
//! (`https://sqs.us-east-1.amazonaws.com/123456789012/orders` is `orders`), a literal name, an
//! env var (`os.environ["ORDERS_QUEUE_URL"]`, `os.getenv(..)`) or a settings field
//! (`settings.notification_events_queue_url`, a pydantic `BaseSettings` field read from the env
//! var `NOTIFICATION_EVENTS_QUEUE_URL`), also through a variable the file assigns it to. An env
//! var is the value a deployment or the settings class's default gives it; given none, the queue
//! is named by the var's words without `_QUEUE_URL`, `_QUEUE_NAME` or `_QUEUE` (and `SQS`),
//! lowercase and dashed (`notification-events`): the name Terraform's `aws_sqs_queue` block of
//! the same name gets, so a sender and a receiver reading the same var meet.

use std::sync::LazyLock;

use regex::Regex;

use super::calls::{Lines, arguments, last_assignment, named, receiver, string_literal};
use super::config_names::env_lookup;
use super::messaging::{CONSTANT_PREFIX, ChannelUse, Direction, ENV_CONSTANT, NAMES_CONSTANT, is_channel_name};

/// Words of which a file this module reads holds at least one (beside [`super::messaging`]'s).
pub(super) const GATE_WORDS: &[&str] = &["QueueUrl", "get_queue_by_name"];

/// The prop of a channel edge named by a constant that gives the channel's name when the repo
/// gives the constant no value: an env var no deployment sets (SQS's
/// `NOTIFICATION_EVENTS_QUEUE_URL` names `notification-events`), a member of an enum the repo
/// does not declare (`Subjects.OrderCreated`, `readers::code::channel_classes`).
pub(crate) const UNSET_NAME: &str = "unset_name";

/// The protocol SQS channels are given.
pub(super) const PROTOCOL: &str = "sqs";

/// Every SQS channel use of a Python file.
pub(super) fn uses(extension: &str, text: &str, lines: &Lines<'_>) -> Vec<ChannelUse> {
    static CLIENT_CALL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(send_message_batch|send_message|receive_message)\s*\(").expect("a valid regex"));
    static QUEUE_LOOKUP: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\bget_queue_by_name\s*\(").expect("a valid regex"));
    static QUEUE_CALL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*\.\s*(send_messages|send_message|receive_messages)\s*\(").expect("a valid regex"));
    static QUEUE_METHOD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(send_messages|send_message|receive_messages)\s*\(").expect("a valid regex"));
    let mut uses = Vec::new();
    if extension != "py" || !text.to_ascii_lowercase().contains("sqs") {
        return uses;
    }
    let direction = |verb: &str| if verb.starts_with("receive") { Direction::Subscribes } else { Direction::Publishes };
    if text.contains("QueueUrl") {
        for captures in CLIENT_CALL.captures_iter(text) {
            let Some(whole) = captures.get(0).filter(|whole| !lines.is_comment(whole.start())) else { continue };
            let Some((arguments, _)) = arguments(text, whole.end() - 1) else { continue };
            let Some(queue) = arguments.iter().find_map(|argument| named(argument, "QueueUrl")) else { continue };
            if let Some(name) = queue_named(text, whole.start(), queue) {
                uses.push(ChannelUse { offset: whole.start(), direction: direction(&captures[1]), name, protocol: PROTOCOL });
            }
        }
    }
    // A resource's queue: `queue = sqs.get_queue_by_name(QueueName="orders")` then
    // `queue.send_message(MessageBody=..)`, or the calls chained on the lookup.
    for whole in QUEUE_LOOKUP.find_iter(text).filter(|whole| !lines.is_comment(whole.start())) {
        let Some((arguments, end)) = arguments(text, whole.end() - 1) else { continue };
        let Some(name) = arguments.iter().find_map(|argument| named(argument, "QueueName")).and_then(|queue| queue_named(text, whole.start(), queue)) else { continue };
        if let Some(chained) = QUEUE_CALL.captures(&text[end..]) {
            uses.push(ChannelUse { offset: whole.start(), direction: direction(&chained[1]), name: name.clone(), protocol: PROTOCOL });
        }
        let line_start = text[..whole.start()].rfind('\n').map_or(0, |at| at + 1);
        let Some(variable) = assigned_variable(&text[line_start..whole.start()]) else { continue };
        for call in QUEUE_METHOD.captures_iter(&text[end..]) {
            let Some(verb) = call.get(1).filter(|verb| !lines.is_comment(end + verb.start())) else { continue };
            if receiver(text, end + verb.start()) == variable {
                uses.push(ChannelUse { offset: end + verb.start(), direction: direction(verb.as_str()), name: name.clone(), protocol: PROTOCOL });
            }
        }
    }
    uses
}

/// The name (its last word: `queue` for `self.queue`) a line's start assigns to: `queue = sqs.`,
/// `self.queue = boto3.resource("sqs").`, `queue = await `.
fn assigned_variable(before: &str) -> Option<&str> {
    static ASSIGNED: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\s*(?:[A-Za-z_]\w*\.)*([A-Za-z_]\w*)\s*(?::[^=\n]*)?=\s*(?:await\s+)?[^\n]*\.\s*$").expect("a valid regex"));
    ASSIGNED.captures(before).and_then(|captures| captures.get(1)).map(|name| name.as_str())
}

/// The channel an argument naming a queue names at `offset` of `text`: a queue URL or name, an
/// env var or a settings field (`const:env:<VAR>`), or a variable the file assigns one of those
/// to before (`queue_url = settings.notification_events_queue_url`).
fn queue_named(text: &str, offset: usize, argument: &str) -> Option<String> {
    let argument = argument.trim();
    direct_name(argument).or_else(|| {
        let is_variable = argument.chars().all(|character| character.is_ascii_alphanumeric() || character == '_' || character == '.');
        let (_, value) = last_assignment(&text[..offset], argument).filter(|_| is_variable)?;
        let value = text[value..].lines().next().unwrap_or("").trim();
        direct_name(value)
    })
}

/// A queue named without a variable of the file: a literal, an env lookup, a settings field.
fn direct_name(argument: &str) -> Option<String> {
    static ENV_DEFAULT: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r#"^os\.(?:getenv|environ\.get)\s*\(\s*["'][A-Za-z_]\w*["']\s*,\s*(["'][^"']+["'])\s*\)$"#).expect("a valid regex"));
    static SETTINGS_FIELD: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^(?:[A-Za-z_]\w*(?:\(\))?\.)*(?P<owner>[A-Za-z_]\w*)(?:\(\))?\.(?P<field>[A-Za-z_]\w*)$").expect("a valid regex"));
    let literal = argument.strip_prefix('f').filter(|rest| rest.starts_with(['"', '\''])).unwrap_or(argument);
    if let Some(content) = string_literal(literal) {
        return queue_of(content);
    }
    if let Some(default) = ENV_DEFAULT.captures(argument).and_then(|captures| string_literal(captures.get(1)?.as_str()).map(str::to_string)) {
        return queue_of(&default);
    }
    if let Some(key) = env_lookup(argument) {
        return names_a_queue(key).then(|| format!("{CONSTANT_PREFIX}{ENV_CONSTANT}{key}"));
    }
    let field = SETTINGS_FIELD.captures(argument)?;
    let owner = field.name("owner")?.as_str().to_ascii_lowercase();
    let field = field.name("field")?.as_str();
    let is_settings = ["setting", "config", "conf", "cfg"].iter().any(|word| owner.contains(word)) || owner == "env";
    (is_settings && names_a_queue(field)).then(|| format!("{CONSTANT_PREFIX}{ENV_CONSTANT}{}", field.to_ascii_uppercase()))
}

/// The queue a literal names: a URL's last path segment, else the literal when it is a name.
fn queue_of(literal: &str) -> Option<String> {
    let name = match literal.split_once("://") {
        Some((_, rest)) => rest.split_once('/')?.1.trim_end_matches('/').rsplit('/').next()?,
        None => literal,
    };
    (is_channel_name(name) && !name.contains([':', '/', '{'])).then(|| name.to_string())
}

/// Whether an env var or settings field is named for a queue (`ORDERS_QUEUE_URL`,
/// `orders_queue_name`, `ORDERS_QUEUE`).
fn names_a_queue(key: &str) -> bool {
    unset_name(key).is_some()
}

/// The queue an env var names when no one gives it a value: its words without the queue
/// suffix and `sqs`, lowercase and dashed (`SQS_NOTIFICATION_EVENTS_QUEUE_URL` is
/// `notification-events`).
pub(super) fn unset_name(key: &str) -> Option<String> {
    let lower = key.to_ascii_lowercase();
    let stem = ["_queue_url", "_queue_name", "_queue"].iter().find_map(|suffix| lower.strip_suffix(suffix))?;
    let words: Vec<&str> = stem.split('_').filter(|word| !word.is_empty() && *word != "sqs").collect();
    (!words.is_empty()).then(|| words.join("-"))
}

/// The queue a queue URL given to an env var (`ORDERS_QUEUE_URL=http://localstack:4566/000000000000/orders`
/// in compose or a ConfigMap) names.
pub(crate) fn queue_in_url(key: &str, value: &str) -> Option<String> {
    (key.to_ascii_uppercase().ends_with("QUEUE_URL") && value.contains("://")).then(|| queue_of(value)).flatten()
}

/// `NAMES_CONSTANT` edges to `constant:env:<VAR>` for the queue fields of a pydantic
/// `BaseSettings` class given a default (`orders_queue_url: str =
/// "http://localhost:4566/000000000000/orders"`): the value the env var has when no deployment
/// sets it.
pub(super) fn settings_defaults(facts: &mut crate::model::FileFacts, extension: &str, text: &str, lines: &Lines<'_>) {
    static FIELD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"(?m)^[ \t]+([A-Za-z_]\w*)\s*:\s*[\w.\[\]| ]+=\s*(["'][^"'\n]*["'])\s*$"#).expect("a valid regex"));
    if extension != "py" || !text.contains("BaseSettings") {
        return;
    }
    for captures in FIELD.captures_iter(text) {
        let (Some(field), Some(value)) = (captures.get(1), captures.get(2)) else { continue };
        if !names_a_queue(field.as_str()) || lines.is_comment(field.start()) {
            continue;
        }
        let Some(queue) = string_literal(value.as_str()).and_then(queue_of) else { continue };
        let props = serde_json::json!({"value": queue});
        let pointer = format!("L{}", lines.number(field.start()));
        facts.edge("self", &format!("constant:{ENV_CONSTANT}{}", field.as_str().to_ascii_uppercase()), NAMES_CONSTANT, props, &pointer, crate::model::Method::Parsed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(text: &str) -> Vec<(Direction, String)> {
        uses("py", text, &Lines::new(text)).into_iter().map(|found| (found.direction, found.name)).collect()
    }

    #[test]
    fn queues_are_named_by_their_names() {
        assert_eq!(queue_of("https://sqs.us-east-1.amazonaws.com/123456789012/orders").as_deref(), Some("orders"));
        assert_eq!(queue_of("http://localstack:4566/000000000000/orders.fifo/").as_deref(), Some("orders.fifo"));
        assert_eq!(queue_of("https://sqs.us-east-1.amazonaws.com"), None);
        assert_eq!(queue_of("orders"), Some("orders".to_string()));
        assert_eq!(unset_name("NOTIFICATION_EVENTS_QUEUE_URL").as_deref(), Some("notification-events"));
        assert_eq!(unset_name("sqs_orders_queue_name").as_deref(), Some("orders"));
        assert_eq!(unset_name("QUEUE_URL"), None);
        assert_eq!(unset_name("ORDERS_URL"), None);
        assert_eq!(queue_in_url("ORDERS_QUEUE_URL", "http://localstack:4566/000000000000/orders").as_deref(), Some("orders"));
        assert_eq!(queue_in_url("ORDERS_URL", "http://orders:8080/x"), None);
    }

    #[test]
    fn client_and_resource_calls_use_their_queues() {
        let client = "import boto3\nsqs = boto3.client(\"sqs\")\nqueue_url = settings.notification_events_queue_url\nsqs.send_message(QueueUrl=queue_url, MessageBody=b)\nsqs.receive_message(QueueUrl=os.environ[\"ORDERS_QUEUE_URL\"])\nsqs.send_message_batch(QueueUrl=\"https://sqs.eu-west-1.amazonaws.com/1/audit\", Entries=[])\nsqs.get_queue_attributes(QueueUrl=\"https://sqs.eu-west-1.amazonaws.com/1/unused\")\n# sqs.send_message(QueueUrl=\"https://sqs.eu-west-1.amazonaws.com/1/old\")\n";
        let expected = [
            (Direction::Publishes, "const:env:NOTIFICATION_EVENTS_QUEUE_URL"),
            (Direction::Subscribes, "const:env:ORDERS_QUEUE_URL"),
            (Direction::Publishes, "audit"),
        ];
        assert_eq!(found(client), expected.map(|(direction, name)| (direction, name.to_string())));
        let resource = "import boto3\nsqs = boto3.resource(\"sqs\")\nself.queue = sqs.get_queue_by_name(QueueName=\"invoices\")\nself.queue.send_message(MessageBody=body)\nfor m in self.queue.receive_messages(MaxNumberOfMessages=1):\n    pass\nother.send_message(MessageBody=body)\n";
        assert_eq!(found(resource), [(Direction::Publishes, "invoices".to_string()), (Direction::Subscribes, "invoices".to_string())]);
        let chained = "import boto3\nqueue: Any = boto3.resource(\"sqs\", region_name=\"eu-west-1\").get_queue_by_name(QueueName=os.environ[\"AUDIT_QUEUE_NAME\"])\nqueue.send_messages(Entries=entries)\nboto3.resource(\"sqs\").get_queue_by_name(QueueName=\"jobs\").receive_messages()\n";
        let expected = [(Direction::Publishes, "const:env:AUDIT_QUEUE_NAME"), (Direction::Subscribes, "jobs")];
        assert_eq!(found(chained), expected.map(|(direction, name)| (direction, name.to_string())));
        let chat = "from app.sqs import get_sqs_client\nbot.send_message(chat_id, \"orders\")\nslack.send_message(channel=\"orders\", text=t)\n";
        assert!(found(chat).is_empty(), "no QueueUrl, no queue");
        let no_sqs = "client.send_message(QueueUrl=\"https://example.com/1/orders\")\n";
        assert!(found(no_sqs).is_empty(), "a file naming no SQS");
    }
}
