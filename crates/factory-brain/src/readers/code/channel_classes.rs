//! Channels a class names by extending a messaging base class: the template-method shape where
//! a base `Publisher` sends to `this.subject` and a base `Listener` subscribes to it, and each
//! event has a subclass that only says which channel (Stephen Grider's ticketing over NATS
//! Streaming: `class TicketCreatedPublisher extends Publisher<TicketCreatedEvent> { subject:
//! Subjects.TicketCreated = Subjects.TicketCreated; }`). The base's name says which way: one
//! ending in `Publisher`, `Producer` or `Sender` publishes, in `Listener`, `Consumer` or
//! `Subscriber` subscribes. The channel is what the subclass assigns to a channel field
//! (`subject`, `topic`, `queue`, `queueName`, `channel`, `routingKey`, `stream`, `exchange`; with a
//! type or not, `readonly`, `this.subject = ..` in its constructor), a literal or a constant as
//! a broker client's argument is; a field given a parameter or any other variable names none.
//!
//! The same for Java (`extends`), Python (`class X(BasePublisher):` and its indented body) and
//! C# or Kotlin (`class X : BasePublisher<T>`). A mail sender's `subject` is no channel.

use std::sync::LazyLock;

use regex::Regex;

use super::calls::{Lines, enclosed_within};
use super::config_names::file_constants;
use super::messaging::{CONSTANT_PREFIX, ChannelUse, Direction, names_of};

/// Words of which a file naming a channel so holds one: the base class's last word.
pub(super) const GATE_WORDS: &[&str] = &["Publisher", "Producer", "Sender", "Listener", "Consumer", "Subscriber"];

/// A class and the base it extends: `class X extends Base<T>` (TypeScript, JavaScript, Java),
/// `class X(Base):` (Python), `class X : Base<T>` or `class X(c: C) : Base(c)` (C#, Kotlin).
static CLASS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?m)^(?P<python_indent>[ \t]*)class\s+(?P<python_name>\w+)\s*\(\s*(?P<python_base>[\w.]+)[^()]*\)\s*:",
        r"|\bclass\s+(?P<name>\w+)[^{;\n]*?\bextends\s+(?P<base>[\w.]+)",
        r"|\bclass\s+(?P<colon_name>\w+)[ \t]*(?:<[^<>{};\n]*>)?[ \t]*(?:\([^()]*\))?[ \t]*:[ \t]*(?P<colon_base>[\w.]+)",
    ))
    .expect("a valid regex")
});

/// A channel field given a value: `subject: Subjects.X = Subjects.X`, `readonly topic = 'orders'`,
/// `this.queue = QUEUE`, `topic = "orders"`, `override val topic = ..`, C#'s `Topic => "orders"`.
static CHANNEL_FIELD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"(?:^|[\s;{(,])(?:this\.|self\.)?(?P<field>[sS]ubject|[tT]opic|[qQ]ueue|[qQ]ueueName|queue_name|[cC]hannel|[rR]outingKey|routing_key|[sS]tream|[eE]xchange)",
        r"\s*(?::\s*[^=;\n{}()]+?)?\s*(?:=>|:=|=)\s*(?P<value>[^=;\n])",
    ))
    .expect("a valid regex")
});

/// Words a field's value can be that name nothing.
const NO_VALUE: &[&str] = &["null", "None", "nil", "undefined", "true", "false", "True", "False", "String.Empty", "string.Empty"];

/// How far a class's body may reach, in bytes.
const BODY_LIMIT: usize = 100_000;

/// Every channel a class of the file names by its base class and a channel field.
pub(super) fn class_uses(text: &str, lines: &Lines<'_>) -> Vec<ChannelUse> {
    if !text.contains("class") || !GATE_WORDS.iter().any(|word| text.contains(word)) {
        return Vec::new();
    }
    let constants = file_constants(text);
    let protocol = protocol(text);
    let mut uses = Vec::new();
    for captures in CLASS.captures_iter(text) {
        let Some(whole) = captures.get(0) else { continue };
        let (name, base) = match (captures.name("python_name"), captures.name("name"), captures.name("colon_name")) {
            (Some(name), _, _) => (name, captures.name("python_base")),
            (None, Some(name), _) => (name, captures.name("base")),
            (None, None, Some(name)) => (name, captures.name("colon_base")),
            (None, None, None) => continue,
        };
        let Some(base) = base.map(|base| base.as_str()).filter(|_| !lines.is_comment(name.start())) else { continue };
        let Some(direction) = direction(base) else { continue };
        if [name.as_str(), base].iter().any(|name| name.to_ascii_lowercase().contains("mail")) {
            continue;
        }
        let body = match captures.name("python_indent") {
            Some(indent) => python_body(text, whole.end(), indent.as_str().len()),
            None => braced_body(text, whole.end()),
        };
        let Some((start, body)) = body else { continue };
        for field in CHANNEL_FIELD.captures_iter(body) {
            let Some(value) = field.name("value") else { continue };
            let offset = start + value.start();
            let value = first_item(&body[value.start()..]);
            // `this.subject = subject`: a parameter, whatever else of the file has the name.
            let own_name = field.name("field").is_some_and(|name| name.as_str() == value);
            if lines.is_comment(offset) || NO_VALUE.contains(&value) || own_name {
                continue;
            }
            // A member of an enum no file of the repo may declare (the ticketing course's clones
            // import `Subjects` from their npm package, `@azticketing/common`): told as such, for
            // resolution to name the channel by the member where the repo gives it no value.
            let member = is_member(value);
            let named = |name: String| if member && name.starts_with(CONSTANT_PREFIX) { format!("{MEMBER_PREFIX}{value}") } else { name };
            uses.extend(names_of(value, &constants).into_iter().map(|name| ChannelUse { offset, direction, name: named(name), protocol }));
        }
    }
    uses
}

/// How a channel named by a type's member is told (`member:Subjects.OrderCreated`): the
/// constant `OrderCreated` where the repo gives it a value, else the member's whole name, as
/// every service naming the member names the one channel.
pub(super) const MEMBER_PREFIX: &str = "member:";

/// Whether a value is a type's member, `Subjects.OrderCreated`: two words, the first a type's.
fn is_member(value: &str) -> bool {
    value.split_once('.').is_some_and(|(owner, member)| {
        let word = |word: &str| !word.is_empty() && word.chars().all(|character| character.is_ascii_alphanumeric() || character == '_');
        owner.starts_with(|first: char| first.is_ascii_uppercase()) && word(owner) && word(member)
    })
}

/// Which way a class extending `base` sends its channel's messages, by the base's last word.
fn direction(base: &str) -> Option<Direction> {
    let base = base.rsplit('.').next().unwrap_or(base);
    if ["Publisher", "Producer", "Sender"].iter().any(|word| base.ends_with(word)) {
        Some(Direction::Publishes)
    } else if ["Listener", "Consumer", "Subscriber"].iter().any(|word| base.ends_with(word)) {
        Some(Direction::Subscribes)
    } else {
        None
    }
}

/// The broker the file names, for the channel's protocol; `broker` when it names none (the
/// subclass often imports only its base).
fn protocol(text: &str) -> &'static str {
    let names = |words: &[&str]| words.iter().any(|word| text.contains(word));
    if names(&["kafka", "Kafka", "KAFKA"]) {
        "kafka"
    } else if names(&["amqp", "AMQP", "rabbit", "Rabbit", "pika"]) {
        "amqp"
    } else if names(&["nats", "NATS"]) {
        "nats"
    } else {
        "broker"
    }
}

/// A braced class's body after its header ends at `after`, and where it starts: from the
/// first `{` before any `;` (a Kotlin class without a body has none).
fn braced_body(text: &str, after: usize) -> Option<(usize, &str)> {
    let rest = &text[after..];
    let open = after + rest.find(['{', ';'])?;
    if text.as_bytes()[open] != b'{' {
        return None;
    }
    let (body, _) = enclosed_within(text, open, BODY_LIMIT)?;
    Some((open + 1, body))
}

/// A Python class's body: the lines after its header indented deeper than the class, to the
/// first that is not (blank lines and comments aside).
fn python_body(text: &str, after: usize, indent: usize) -> Option<(usize, &str)> {
    let start = after + text[after..].find('\n')? + 1;
    let mut end = start;
    for line in text[start..].split_inclusive('\n') {
        let content = line.trim_start();
        if !content.is_empty() && !content.starts_with('#') && line.len() - content.len() <= indent {
            break;
        }
        end += line.len();
    }
    Some((start, &text[start..end]))
}

/// The value a field is given, to the end of its statement or of the argument it is (Python's
/// `super().__init__(topic='orders')`): up to a `,`, `;`, line end or closing bracket outside
/// brackets and strings.
fn first_item(text: &str) -> &str {
    let mut depth = 0usize;
    let mut quote = None;
    for (index, character) in text.char_indices() {
        match (quote, character) {
            (Some(open), _) if character == open => quote = None,
            (Some(_), '\n') => return text[..index].trim(),
            (Some(_), _) => {}
            (None, '"' | '\'' | '`') => quote = Some(character),
            (None, '(' | '[' | '{') => depth += 1,
            (None, ')' | ']' | '}') if depth > 0 => depth -= 1,
            (None, ')' | ']' | '}' | ',' | ';' | '\n') if depth == 0 => return text[..index].trim(),
            (None, _) => {}
        }
    }
    text.trim()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn uses(text: &str) -> Vec<String> {
        class_uses(text, &Lines::new(text)).into_iter().map(|found| format!("{} {} {}", found.direction.edge_kind(), found.protocol, found.name)).collect()
    }

    #[test]
    fn a_subclass_of_a_publisher_or_listener_names_its_channel() {
        let publisher = "import { Publisher, Subjects, TicketCreatedEvent } from '@sgtickets/common';\n\nexport class TicketCreatedPublisher extends Publisher<TicketCreatedEvent> {\n  subject: Subjects.TicketCreated = Subjects.TicketCreated;\n}\n";
        assert_eq!(uses(publisher), ["publishes broker member:Subjects.TicketCreated"]);
        let listener = "import { Message } from 'node-nats-streaming';\nexport class OrderCreatedListener extends Listener<OrderCreatedEvent> {\n  readonly subject = 'order:created';\n  queueGroupName = queueGroupName;\n  async onMessage(data: OrderCreatedEvent['data'], msg: Message) {\n    const stream = await open(data);\n    msg.ack();\n  }\n}\n";
        assert_eq!(uses(listener), ["subscribes nats order:created"]);
        let constructor = "const TOPIC = 'payments';\nclass PaymentConsumer extends BaseConsumer {\n  constructor(kafka) {\n    super(kafka);\n    this.topic = TOPIC;\n  }\n}\n";
        assert_eq!(uses(constructor), ["subscribes kafka payments"]);
        let java = "public class OrderSender extends AbstractSender<Order> {\n    private final String queueName = \"orders\";\n    // private String topic = \"old\";\n}\n";
        assert_eq!(uses(java), ["publishes broker orders"]);
        let python = "from kafka import KafkaProducer\n\nclass ShipmentProducer(BaseProducer):\n    topic = 'shipments'\n\n    def send(self, shipment):\n        super().send(shipment)\n\nclass Other(Base):\n    topic = 'ignored'\n";
        assert_eq!(uses(python), ["publishes kafka shipments"]);
        let csharp = "public class OrderPaidPublisher : EventPublisher<OrderPaid>\n{\n    protected override string Topic => \"order-paid\";\n}\n";
        assert_eq!(uses(csharp), ["publishes broker order-paid"]);
    }

    #[test]
    fn a_field_given_a_variable_or_another_base_names_nothing() {
        let mailer = "class WelcomeEmail extends Mailer {\n  subject = 'Welcome';\n}\nclass ResetMail extends MailSender {\n  subject = 'Reset';\n}\n";
        assert!(uses(mailer).is_empty());
        let parameter = "class Note extends Mailer {\n  subject = 'Hello';\n}\nexport class DynamicPublisher extends Publisher<AnyEvent> {\n  constructor(client: Stan, subject: string) {\n    super(client);\n    this.subject = subject;\n  }\n}\nexport function publisherFor(someVariable: string) {\n  return class Named extends Publisher<AnyEvent> {\n    subject = someVariable;\n    topic = null;\n  };\n}\n";
        assert!(uses(parameter).is_empty());
        let compared = "class AuditListener extends Listener<E> {\n  onMessage(data) {\n    if (data.subject == 'x') {}\n  }\n}\n";
        assert!(uses(compared).is_empty());
    }

    #[test]
    fn a_fields_value_ends_with_its_statement_or_argument() {
        assert_eq!(first_item("'orders')\n"), "'orders'");
        assert_eq!(first_item("getTopic(a, b);"), "getTopic(a, b)");
        assert_eq!(first_item("Subjects.TicketCreated;\n}"), "Subjects.TicketCreated");
        assert_eq!(first_item("\"a,b\", x"), "\"a,b\"");
    }
}
