//! Go RabbitMQ publishers and consumers configured through functional options, a wrapper over
//! amqp091 common in Go demo systems: go-coffeeshop's `pkg/rabbitmq/publisher` and `consumer`
//! (`a.BaristaOrderPub.Configure(pkgPublisher.ExchangeName("barista-order-exchange"),
//! pkgPublisher.BindingKey("barista-order-routing-key"),
//! pkgPublisher.MessageTypeName("barista-order-created"))`, `a.Consumer.Configure(
//! pkgConsumer.ExchangeName("barista-order-exchange"), pkgConsumer.QueueName("barista-order-queue"),
//! pkgConsumer.BindingKey("barista-order-routing-key"))`) and dinhcanh303's go-microservices
//! (`publisher.ExChangeName("post-noti-exchange")`, `publisher.MessageTypeName("post-noti")`).
//! The library's own publish call holds only its fields, so the options are what names a channel.
//!
//! An option is a call of `ExchangeName`/`ExChangeName`, `BindingKey`/`RoutingKey`,
//! `MessageTypeName` or `QueueName` (also with a `With` prefix) on a package or receiver named
//! for a publisher (`publisher`, `pkgPublisher`, `pub`, `producer`) or a consumer (`consumer`,
//! `subscriber`, `sub`), handed a literal or a constant, in a Go file naming RabbitMQ or AMQP. The
//! options of one call (or one slice literal) go together:
//! - a publisher's publish on each name: its binding key, its message type and its exchange;
//! - a consumer's subscribe on its binding key and its queue (where a publisher's key names the
//!   queue of the default exchange), and on its exchange only when they name no binding key (a
//!   fanout consumer): a keyed consumer of a shared topic exchange receives only its key's
//!   messages, so the exchange alone would join it to every publisher of the exchange.
//!
//! Workers of these libraries tell messages apart by the type the publisher's `MessageTypeName`
//! sets: `switch delivery.Type { case "post-noti": .. }` over the `amqp091.Delivery` values a
//! worker ranges over subscribes to each case's type (a switch on `.RoutingKey` to each key), so
//! publisher and worker meet on the message type even where their exchanges do not line up
//! (dinhcanh303's post service publishes to `post-noti-exchange`, its notification service binds
//! `noti-exchange`).

use std::sync::LazyLock;

use regex::Regex;

use super::calls::{Lines, arguments, enclosed_within, split_top_level};
use super::config_names::file_constants;
use super::messaging::{ChannelUse, Direction, names_of};
use super::parameters::channel_names;

/// Words of which a file naming a channel so holds one (each option's name holds one; a switch
/// over deliveries needs their type, `amqp091.Delivery`).
pub(super) const GATE_WORDS: &[&str] = &["ExchangeName", "ExChangeName", "BindingKey", "RoutingKey", "MessageTypeName", "QueueName", ".Delivery"];

const PROTOCOL: &str = "amqp";

/// An option's call on its package or receiver: `pkgPublisher.ExchangeName(`.
static OPTION: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b(?P<qualifier>[A-Za-z_]\w*)\s*\.\s*(?:With)?(?P<option>ExchangeName|ExChangeName|BindingKey|RoutingKey|MessageTypeName|QueueName)\s*\(").expect("a valid regex")
});
/// A delivery's type named by RabbitMQ's client or a wrapper: `amqp091.Delivery`, `amqp.Delivery`.
static DELIVERY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(?:amqp\w*|rabbit\w*)\.Delivery\b").expect("a valid regex"));
/// A switch on a delivery's type or routing key: `switch delivery.Type {`.
static SWITCH: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\bswitch\s+(?:[A-Za-z_]\w*\.)*[A-Za-z_]\w*\.(?:Type|RoutingKey)\s*\{").expect("a valid regex"));
/// A case of the switch: `case "post-noti":`, `case "a", events.B:`.
static CASE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"\bcase\s+((?:"[^"\n]*"|[A-Za-z_][\w.]*)(?:\s*,\s*(?:"[^"\n]*"|[A-Za-z_][\w.]*))*)\s*:"#).expect("a valid regex"));

/// How far back the call or literal holding an option may open, in bytes.
const HOLDER_BYTES: usize = 2000;
/// How far a switch's body may reach, in bytes.
const SWITCH_BYTES: usize = 20_000;

/// What an option names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Named {
    Exchange,
    Key,
    MessageType,
    Queue,
}

/// One option met: where, the call or literal holding it, which way, what it names, its names.
struct Configured {
    offset: usize,
    holder: usize,
    direction: Direction,
    named: Named,
    names: Vec<String>,
}

/// Every channel a Go file naming RabbitMQ configures through options or switches deliveries on.
pub(super) fn uses(extension: &str, text: &str, lines: &Lines<'_>) -> Vec<ChannelUse> {
    let mut uses = Vec::new();
    if extension != "go" || !names_rabbitmq(text) {
        return uses;
    }
    let constant = file_constants(text);
    let constants: &dyn Fn(&str) -> Option<String> = &constant;
    let mut options = Vec::new();
    for captures in OPTION.captures_iter(text) {
        let (Some(whole), Some(qualifier), Some(option)) = (captures.get(0), captures.name("qualifier"), captures.name("option")) else { continue };
        if lines.is_comment(whole.start()) {
            continue;
        }
        let Some(direction) = direction(qualifier.as_str()) else { continue };
        let Some((arguments, _)) = arguments(text, whole.end() - 1) else { continue };
        let [argument] = arguments.as_slice() else { continue };
        let named = match option.as_str() {
            "ExchangeName" | "ExChangeName" => Named::Exchange,
            "BindingKey" | "RoutingKey" => Named::Key,
            "MessageTypeName" => Named::MessageType,
            _ => Named::Queue,
        };
        let names = channel_names(extension, text, whole.start(), argument, constants);
        let holder = holder(text, whole.start()).unwrap_or(whole.start());
        options.push(Configured { offset: whole.start(), holder, direction, named, names });
    }
    for option in &options {
        let subscribes = match option.named {
            // A keyed consumer's exchange routes it only its key's messages.
            Named::Exchange => !options.iter().any(|other| other.holder == option.holder && other.direction == option.direction && other.named == Named::Key && !other.names.is_empty()),
            Named::Key | Named::MessageType | Named::Queue => true,
        };
        if option.direction == Direction::Publishes || subscribes {
            uses.extend(option.names.iter().map(|name| ChannelUse { offset: option.offset, direction: option.direction, name: name.clone(), protocol: PROTOCOL }));
        }
    }
    if text.contains(".Delivery") && DELIVERY.is_match(text) {
        for (offset, name) in switched_cases(text, constants) {
            if !lines.is_comment(offset) {
                uses.push(ChannelUse { offset, direction: Direction::Subscribes, name, protocol: PROTOCOL });
            }
        }
    }
    uses
}

/// Whether a file names RabbitMQ or AMQP (an import of the wrapper's package, `pkg/rabbitmq/publisher`).
fn names_rabbitmq(text: &str) -> bool {
    ["amqp", "AMQP", "Amqp", "rabbitmq", "RabbitMQ", "Rabbitmq", "rabbitMQ"].iter().any(|word| text.contains(word))
}

/// Which way a package or receiver named `qualifier` carries messages: `pkgPublisher` publishes,
/// `consumer` subscribes; a name of both (`pubsub`) or neither says nothing.
fn direction(qualifier: &str) -> Option<Direction> {
    let lower = qualifier.to_ascii_lowercase();
    let publishes = ["pub", "producer"].iter().any(|word| lower.contains(word));
    let subscribes = ["consum", "sub"].iter().any(|word| lower.contains(word));
    match (publishes, subscribes) {
        (true, false) => Some(Direction::Publishes),
        (false, true) => Some(Direction::Subscribes),
        _ => None,
    }
}

/// The `(` or `{` of the innermost call or literal holding `offset` (the `Configure(` whose
/// arguments the options are, a `[]publisher.Option{..}`).
fn holder(text: &str, offset: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut depth = 0usize;
    let mut index = offset;
    let stop = offset.saturating_sub(HOLDER_BYTES);
    while index > stop {
        index -= 1;
        match bytes[index] {
            b')' | b']' | b'}' => depth += 1,
            b'(' | b'{' if depth == 0 => return Some(index),
            b'(' | b'[' | b'{' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Each case of a switch on a delivery's `Type` or `RoutingKey`, with its offset: the switch's own
/// cases, not those of a switch nested in one of them.
fn switched_cases(text: &str, constants: &dyn Fn(&str) -> Option<String>) -> Vec<(usize, String)> {
    let mut cases = Vec::new();
    for switch in SWITCH.find_iter(text) {
        let Some((body, _)) = enclosed_within(text, switch.end() - 1, SWITCH_BYTES) else { continue };
        let start = switch.end();
        let top_level = |offset: usize| body[..offset].bytes().fold(0i32, |depth, byte| depth + i32::from(byte == b'{') - i32::from(byte == b'}')) == 0;
        for case in CASE.captures_iter(body) {
            let (Some(whole), Some(items)) = (case.get(0), case.get(1)) else { continue };
            if !top_level(whole.start()) {
                continue;
            }
            cases.extend(split_top_level(items.as_str()).into_iter().flat_map(|item| names_of(item, constants)).map(|name| (start + whole.start(), name)));
        }
    }
    cases
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each channel use as `direction name`.
    fn found(text: &str) -> Vec<String> {
        uses("go", text, &Lines::new(text)).into_iter().map(|found| format!("{} {}", found.direction.edge_kind(), found.name)).collect()
    }

    /// go-coffeeshop's counter: two publishers and a consumer configured in one function.
    #[test]
    fn a_publishers_options_publish_and_a_consumers_subscribe() {
        let counter = "package main\n\nimport (\n\tpkgConsumer \"github.com/thangchung/go-coffeeshop/pkg/rabbitmq/consumer\"\n\tpkgPublisher \"github.com/thangchung/go-coffeeshop/pkg/rabbitmq/publisher\"\n)\n\nfunc prepareApp() {\n\ta.BaristaOrderPub.Configure(\n\t\tpkgPublisher.ExchangeName(\"barista-order-exchange\"),\n\t\tpkgPublisher.BindingKey(\"barista-order-routing-key\"),\n\t\tpkgPublisher.MessageTypeName(\"barista-order-created\"),\n\t)\n\t// a.Old.Configure(pkgPublisher.MessageTypeName(\"old\"))\n\ta.Consumer.Configure(\n\t\tpkgConsumer.ExchangeName(\"counter-order-exchange\"),\n\t\tpkgConsumer.QueueName(\"counter-order-queue\"),\n\t\tpkgConsumer.BindingKey(\"counter-order-routing-key\"),\n\t\tpkgConsumer.ConsumerTag(\"counter-order-consumer\"),\n\t)\n}\n";
        assert_eq!(
            found(counter),
            [
                "publishes barista-order-exchange",
                "publishes barista-order-routing-key",
                "publishes barista-order-created",
                "subscribes counter-order-queue",
                "subscribes counter-order-routing-key"
            ]
        );
        let fanout = "import \"example.com/shop/pkg/rabbitmq/consumer\"\nconst Exchange = \"audit-exchange\"\nfunc f() {\n\tc.Configure(consumer.ExChangeName(Exchange), consumer.QueueName(\"audit-queue\"))\n}\n";
        assert_eq!(found(fanout), ["subscribes audit-exchange", "subscribes audit-queue"], "a consumer naming no key receives its exchange's messages");
        let no_rabbit = "import \"example.com/jobs/producer\"\nfunc f() { c.Configure(producer.QueueName(\"emails\")) }\n";
        assert!(found(no_rabbit).is_empty(), "a file naming no RabbitMQ");
        let unnamed = "import \"example.com/shop/pkg/rabbitmq\"\nfunc f() { c.Configure(rabbitmq.ExchangeName(\"orders\"), pubsub.QueueName(\"q\")) }\n";
        assert!(found(unnamed).is_empty(), "a package named for neither way");
    }

    /// dinhcanh303's notification worker switches on each delivery's type.
    #[test]
    fn a_switch_on_a_deliverys_type_subscribes_to_each_case() {
        let worker = "import \"github.com/rabbitmq/amqp091-go\"\nfunc (n *App) Worker(ctx context.Context, messages <-chan amqp091.Delivery) {\n\tfor delivery := range messages {\n\t\tswitch delivery.Type {\n\t\tcase \"post-noti\":\n\t\t\tswitch payload.Kind {\n\t\t\tcase \"inner\":\n\t\t\t}\n\t\tcase \"comment-noti\", events.LikeNoti:\n\t\t\tok()\n\t\tdefault:\n\t\t}\n\t}\n}\n";
        assert_eq!(found(worker), ["subscribes post-noti", "subscribes comment-noti", "subscribes const:LikeNoti"]);
        let other = "import amqp \"github.com/rabbitmq/amqp091-go\"\nfunc f(r Request, ch *amqp.Channel) {\n\tswitch r.Type {\n\tcase \"post-noti\":\n\t}\n}\n";
        assert!(found(other).is_empty(), "a switch over other values in a file naming no AMQP delivery");
    }
}
