//! Message channels in code: the Kafka topics, RabbitMQ queues and NATS subjects a service
//! publishes to or consumes from, by the calls of the common clients. A channel named by an
//! identifier is looked up among the file's string constants (`Topic = "orders"`); one that
//! cannot be named is left out.
//!
//! A queue bound to an exchange subscribes to the binding's routing key too: that is the
//! channel an AsyncAPI document names. Bound with no key or `#`, it hears the exchange, which
//! a publish naming it publishes on ([`super::amqp_exchanges`]).
//!
//! The generic verbs (`subscribe`, `send`, `publish`, `consume`) count only in a file that
//! names the broker's client (`kafka`, `sarama`, `amqp`, `rabbit`, `pika`, `nats`), and `send`
//! only on a producer or a template; the verbs only one client has (`@KafkaListener`,
//! `ProducerRecord`) count anywhere. Spring AMQP's are read by `spring_amqp`.

use std::sync::LazyLock;

use regex::Regex;

use super::calls::{Lines, arguments, enclosed, named, split_top_level, string_constants, string_literal};
use super::config_names::{config_lookup, env_helper_default, env_lookup, file_constants, getter_call, getter_constant, getters, setting_placeholder};
use super::list_constants::LIST_VALUE;
use super::parameters::channel_names;
pub use super::channel_constants::{NAMES_CONSTANT, REFERS_TO};
pub(crate) use super::channel_constants::{CONSTANT_PREFIX, ENV_CONSTANT, class_member, env_channel, is_channel_name, names_a_channel};
pub(super) use super::channel_constants::channel_constants;
use super::channel_constants::{is_class_name, is_constant_name};

/// Whether a component sends to a channel or reads from it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Direction {
    Publishes,
    Subscribes,
}

impl Direction {
    /// The edge kind, as the AsyncAPI reader names it.
    pub(super) fn edge_kind(self) -> &'static str {
        match self {
            Direction::Publishes => "publishes",
            Direction::Subscribes => "subscribes",
        }
    }
}

/// One use of a channel: where the call starts, which way, the channel's name and the kind of
/// broker (`kafka`, `amqp`, `nats`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct ChannelUse {
    pub(super) offset: usize,
    pub(super) direction: Direction,
    pub(super) name: String,
    pub(super) protocol: &'static str,
}

/// Calls, constructors, annotations and struct literals that name a channel. Each starts with
/// a plain word, so the search skips ahead to those words; a call's receiver is read by hand.
static CHANNEL_CALL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"\b(?:(?P<verb>subscribe|Subscribe|SubscribeTopics|QueueSubscribe|queue_subscribe|ConsumePartition|sendDefault|send_and_wait|send|produce|Produce|ProduceAsync",
        r"|basic_publish|basic_consume|BasicPublish|BasicConsume|sendToQueue|consume|Consume|publish|Publish|PublishWithContext",
        r"|queue_bind|QueueBind|bindQueue|bind|WithTopic|requestOne|request|Request|RequestWithContext",
        r"|rpush|lpush|RPush|LPush|RPUSH|LPUSH|ListRightPush(?:Async)?|ListLeftPush(?:Async)?|blpop|brpop|lpop|rpop|BLPop|BRPop|LPop|RPop",
        r"|ListLeftPop(?:Async)?|ListRightPop(?:Async)?",
        r"|open_sender|open_receiver|NewSender|NewReceiver|NewReceiverForQueue|NewReceiverForSubscription|createSender|createReceiver",
        r"|CreateSender|CreateReceiver|CreateProcessor|get_queue_sender|get_queue_receiver|get_topic_sender|get_subscription_receiver)\s*\(",
        r"|(?P<constructor>ProducerRecord|(?:AIO)?KafkaConsumer|ContainerProperties)\s*(?:<[^()]*>)?\s*\(",
        r"|(?P<topic_header>setHeader)\s*\(",
        r"|new\s+(?:\w+\.)?(?P<node_consumer>ConsumerGroupStream|ConsumerGroup|HighLevelConsumer|ConsumerStream|Consumer)\s*\(",
        r"|(?P<producer_struct>ProducerMessage|kafka\.Message|kafka\.Writer|WriterConfig)\s*\{",
        r"|(?P<reader_struct>ReaderConfig)\s*\{)",
        r"|@(?P<annotation>KafkaListener|JmsListener|SqsListener)\s*\(",
    ))
    .expect("a valid regex")
});

/// Words of which a file naming a channel holds at least one (each alternative of
/// [`CHANNEL_CALL`] holds one): the code reader's gate looks for them before this module runs.
pub(super) const GATE_WORDS: &[&str] = &[
    "ubscribe",
    "onsume",
    "equest",
    "send",
    "Send",
    "roduce",
    "ublish",
    "ContainerProperties",
    "setHeader",
    "kafka.",
    "WriterConfig",
    "ReaderConfig",
    "Listener",
    "queue_bind",
    "QueueBind",
    "bindQueue",
    "WithTopic",
    "NewEvent",
    "destinationName",
    "KafkaClient",
    "rpush",
    "lpush",
    "RPush",
    "LPush",
    "RPUSH",
    "LPUSH",
    "lpop",
    "rpop",
    "LPop",
    "RPop",
    "ListLeftPush",
    "ListRightPush",
    "ListLeftPop",
    "ListRightPop",
    "open_sender",
    "open_receiver",
    "Sender",
    "Receiver",
    "Processor",
    "_sender",
    "_receiver",
];

/// `Topic: x` (Go struct fields, `GroupTopics: []string{...}` too).
static TOPIC_FIELD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(?:Topic|GroupTopics)\s*:\s*([^,}\n]+)").expect("a valid regex"));
/// The default of an env lookup: `get("K", "d")`, `getenv("K", "d")`, `getOrDefault("K", "d")`,
/// `... || "d"`, `... ?? "d"`, `... or "d"`, `unwrap_or("d")`.
static ENV_DEFAULT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?:\|\||\?\?|\bor\b|unwrap_or\(|(?:getOrDefault|getenv|get|Getenv)\s*\(\s*["'][^"']*["']\s*,)\s*["']([^"']+)["']"#).expect("a valid regex")
});

/// Wrappers around a list of channel names: `listOf(a)`, `List.of(a)`, `Arrays.asList(a)`,
/// `new[] { a }`, `[]string{a}`…
const LIST_WRAPPERS: &[&str] = &[
    "listOf",
    "mutableListOf",
    "setOf",
    "arrayOf",
    "List.of",
    "Set.of",
    "Arrays.asList",
    "Collections.singletonList",
    "Collections.singleton",
    "new[]",
    "new string[]",
    "new String[]",
    "new List<string>",
    "[]string",
];

/// Every channel use in `text`, a file with that `extension`. A Kafka topic sent to may be a
/// parameter of a helper the file's own methods call with each topic (trusta-market's delivery
/// service: `publish(DELIVERY_STARTED_TOPIC, ..)` into `private void publish(String topic, ..)
/// { kafkaTemplate.send(topic, ..) }`): the topics are what those calls pass. A parameter no
/// call of the file fills is named for other files' calls of its method to fill
/// ([`super::passed_members`]).
pub(super) fn channel_uses((path, extension): (&str, &str), text: &str, lines: &Lines<'_>) -> Vec<ChannelUse> {
    let mut uses = Vec::new();
    // Paho's JavaScript client: `message.destinationName = "trafficcontrol/entrycam"`.
    if text.contains("destinationName") && (text.contains("Paho") || text.contains("paho")) {
        static DESTINATION: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"\bdestinationName\s*=\s*(["'][^"'\n]+["'])"#).expect("a valid regex"));
        for captures in DESTINATION.captures_iter(text) {
            let Some(whole) = captures.get(0).filter(|whole| !lines.is_comment(whole.start())) else {
                continue;
            };
            let names = names_of(&captures[1], &|_| None);
            uses.extend(names.into_iter().map(|name| ChannelUse { offset: whole.start(), direction: Direction::Publishes, name, protocol: "mqtt" }));
        }
    }
    // Micronaut: `@Topic("policy-registered")` on a method of a `@KafkaClient` interface
    // publishes, in a `@KafkaListener` class subscribes.
    if text.contains("@Topic(") && (text.contains("@KafkaClient") || text.contains("@KafkaListener")) && !text.contains("dapr") {
        static TOPIC: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"@Topic\s*\(").expect("a valid regex"));
        let constants = string_constants(text);
        for whole in TOPIC.find_iter(text).filter(|whole| !lines.is_comment(whole.start())) {
            // The type's annotation nearest before it, outside comments.
            let nearest = |annotation: &str| text[..whole.start()].match_indices(annotation).map(|(at, _)| at).filter(|at| !lines.is_comment(*at)).last();
            let direction = match (nearest("@KafkaClient"), nearest("@KafkaListener")) {
                (Some(client), Some(listener)) if listener > client => Direction::Subscribes,
                (Some(_), _) => Direction::Publishes,
                (None, Some(_)) => Direction::Subscribes,
                (None, None) => continue,
            };
            let Some((arguments, _)) = arguments(text, whole.end() - 1) else {
                continue;
            };
            let topics =
                arguments.iter().find_map(|argument| named(argument, "value").or_else(|| named(argument, "topics"))).or_else(|| arguments.first().copied()).unwrap_or("");
            let names = names_of(topics, &|name: &str| constants.get(name).cloned());
            uses.extend(names.into_iter().map(|name| ChannelUse { offset: whole.start(), direction, name, protocol: "kafka" }));
        }
    }
    // go-micro's broker: `micro.NewPublisher("user.created", srv.Client())` (`micro.NewEvent`
    // since v2) publishes, `micro.RegisterSubscriber("user.created", srv.Server(), h)` subscribes.
    if text.contains("micro.NewPublisher") || text.contains("micro.NewEvent") || text.contains("micro.RegisterSubscriber") {
        static GO_MICRO: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\bmicro\.(NewPublisher|NewEvent|RegisterSubscriber)\s*\(").expect("a valid regex"));
        let constants = string_constants(text);
        for captures in GO_MICRO.captures_iter(text) {
            let Some(whole) = captures.get(0).filter(|whole| !lines.is_comment(whole.start())) else { continue };
            let Some((arguments, _)) = arguments(text, whole.end() - 1) else { continue };
            let direction = if &captures[1] == "RegisterSubscriber" { Direction::Subscribes } else { Direction::Publishes };
            let names = names_of(arguments.first().copied().unwrap_or(""), &|name: &str| constants.get(name).cloned());
            uses.extend(names.into_iter().map(|name| ChannelUse { offset: whole.start(), direction, name, protocol: "go-micro" }));
        }
    }
    // paho.mqtt.publish's `single`/`multiple`, on a topic a variable or a sibling module holds.
    uses.extend(super::mqtt_topics::paho_publish_uses(path, text, lines));
    // Kafka Streams' DSL names its topics with words too common to look for in other files.
    let streams = text.contains("org.apache.kafka.streams");
    if !streams && !CHANNEL_CALL.is_match(text) {
        return uses;
    }
    let kafka = ["kafka", "Kafka", "KAFKA", "sarama"].iter().any(|word| text.contains(word));
    // amqplib's channel calls name it too, in a file given its channel by another module
    // (polyglot-ecommerce's `const channel = getChannel()`).
    let amqp = ["amqp", "AMQP", "rabbit", "Rabbit", "pika", ".assertQueue(", ".bindQueue(", ".assertExchange(", "Bunny", "bunny"].iter().any(|word| text.contains(word));
    // NATS's clients, NATS Streaming's too (`node-nats-streaming`, `nats-streaming`).
    let nats = ["nats-io", "nats.", "\"nats\"", "'nats'", "NATS", "nats-streaming", "async_nats"].iter().any(|word| text.contains(word));
    // An MQTT client's library, not the word in a comment.
    let mqtt = [
        "MQTTnet",
        "paho",
        "Paho",
        "require('mqtt')",
        "require(\"mqtt\")",
        "from 'mqtt'",
        "from \"mqtt\"",
        "import mqtt",
        "MqttClient",
        "mqtt.connect",
        "rumqtt",
        "eclipse/paho",
    ]
    .iter()
    .any(|word| text.contains(word));
    // mqtt.js's client bound from the service's own module named for MQTT (`mqtt_topics`).
    let module_clients = super::mqtt_topics::module_clients(extension, text);
    let redis = ["redis", "Redis", "REDIS"].iter().any(|word| text.contains(word));
    // An exchange is a channel only where no other broker's names could be the same (a bridge).
    let exchanges = amqp && !(kafka || nats || mqtt);
    // AMQP 1.0 clients (rhea, go-amqp) and Azure Service Bus's SDKs, by their libraries.
    let amqp10 = ["rhea", "go-amqp", "azservicebus", "service-bus", "ServiceBus", "servicebus"].iter().any(|word| text.contains(word));
    let constant = file_constants(text);
    // A getter the file defines (`getOrderTopic()`), by what its body returns.
    let file_getters = std::cell::LazyCell::new(|| getters(text, &constant));
    // A list the file names (`SUBSCRIBED_TOPICS = [..]`, `list_constants`) stands for its names.
    let lists = std::cell::LazyCell::new(|| super::list_constants::list_constants(text));
    let looked_up = |name: &str| if name.ends_with("()") && !name.contains('.') { file_getters.get(name).cloned() } else { constant(name).or_else(|| lists.get(name).cloned()) };
    let constants: &dyn Fn(&str) -> Option<String> = &looked_up;
    if streams {
        uses.extend(kafka_streams(text, lines, constants));
    }
    for captures in CHANNEL_CALL.captures_iter(text) {
        let Some(whole) = captures.get(0) else {
            continue;
        };
        if lines.is_comment(whole.start()) {
            continue;
        }
        let mut found = |direction: Direction, protocol: &'static str, names: Vec<String>| {
            uses.extend(names.into_iter().map(|name| ChannelUse { offset: whole.start(), direction, name, protocol }));
        };
        let structure = match (captures.name("producer_struct"), captures.name("reader_struct")) {
            (Some(_), _) => Some(Direction::Publishes),
            (None, Some(_)) => Some(Direction::Subscribes),
            (None, None) => None,
        };
        if let Some(direction) = structure {
            let Some((fields, _)) = enclosed(text, whole.end() - 1) else {
                continue;
            };
            let names = TOPIC_FIELD.captures_iter(fields).flat_map(|field| names_of(field[1].trim(), constants)).collect();
            if kafka {
                found(direction, "kafka", names);
            }
            continue;
        }
        let Some((arguments, _)) = arguments(text, whole.end() - 1) else {
            continue;
        };
        let argument = |index: usize| arguments.get(index).copied().unwrap_or("");
        let named_argument = |name: &str| arguments.iter().find_map(|argument| named(argument, name));
        if let Some(annotation) = captures.name("annotation") {
            if annotation.as_str() == "KafkaListener" {
                found(Direction::Subscribes, "kafka", named_argument("topics").map(|topics| names_of(topics, constants)).unwrap_or_default());
            } else if annotation.as_str() == "SqsListener" {
                // Spring Cloud AWS's `@SqsListener("${billing.queue}")`, `value =`, `queueNames =`
                // (billing-engine of the tenth planted-mismatch evaluation's org V).
                let queues = named_argument("queueNames").or_else(|| named_argument("value")).or_else(|| arguments.first().copied().filter(|first| !first.contains('=')));
                found(Direction::Subscribes, super::sqs::PROTOCOL, queues.map(|queues| names_of(queues, constants)).unwrap_or_default());
            } else {
                found(Direction::Subscribes, "jms", named_argument("destination").map(|destination| names_of(destination, constants)).unwrap_or_default());
            }
            continue;
        }
        // kafka-node's `new Consumer(client, [{ topic: t, partition: 0 }], options)` and
        // `new ConsumerGroup(options, ['orders'])`: the topics come second.
        if captures.name("node_consumer").is_some() {
            if text.contains("kafka-node") {
                found(Direction::Subscribes, "kafka", names_of(argument(1), constants));
            }
            continue;
        }
        // spring-kafka's message built with its topic in a header, `MessageBuilder.withPayload(order)
        // .setHeader(KafkaHeaders.TOPIC, "order-topic")` (alibou's order service), then sent.
        if captures.name("topic_header").is_some() {
            if matches!(argument(0).trim(), "KafkaHeaders.TOPIC" | "TOPIC") {
                let names = names_of(argument(1), constants);
                // A `NewTopic` bean's (`topic.name()`, `topic_beans`).
                found(Direction::Publishes, "kafka", if names.is_empty() { super::topic_beans::bean_topic(path, text, argument(1)).into_iter().collect() } else { names });
            }
            continue;
        }
        if let Some(constructor) = captures.name("constructor") {
            if constructor.as_str() == "ProducerRecord" {
                found(Direction::Publishes, "kafka", names_of(argument(0), constants));
            } else if constructor.as_str() == "ContainerProperties" {
                // spring-kafka's listener container: `new ContainerProperties(ORDERS_TOPIC)`.
                if kafka {
                    found(Direction::Subscribes, "kafka", arguments.iter().flat_map(|argument| names_of(argument, constants)).collect());
                }
            } else {
                // kafka-python: `KafkaConsumer('orders', TOPIC, bootstrap_servers=...)` (aiokafka's
                // `AIOKafkaConsumer(*TOPICS, ..)`): the positional arguments before the first
                // keyword, literals or the file's constants.
                let positional = arguments.iter().take_while(|argument| !argument.contains('='));
                found(Direction::Subscribes, "kafka", positional.flat_map(|argument| names_of(argument, constants)).collect());
            }
            continue;
        }
        let receiver = super::calls::receiver(text, whole.start()).to_lowercase();
        let verb = captures.name("verb").map_or("", |verb| verb.as_str());
        match verb {
            "subscribe" | "Subscribe" if kafka || nats => {
                let topics = named_argument("topics").or_else(|| named_argument("topic")).unwrap_or(argument(0));
                found(Direction::Subscribes, if kafka { "kafka" } else { "nats" }, names_of(topics, constants));
            }
            "SubscribeTopics" | "ConsumePartition" if kafka => found(Direction::Subscribes, "kafka", names_of(argument(0), constants)),
            // async-nats's `client.queue_subscribe(SUBJECT, "group".into())` (inventory-service of
            // the eighth planted-mismatch evaluation's org P).
            "QueueSubscribe" | "queue_subscribe" if nats => found(Direction::Subscribes, "nats", names_of(argument(0), constants)),
            // Not a `RabbitTemplate` beside a Kafka client: `spring_amqp` reads that one.
            "send" | "send_and_wait" if kafka && ["producer", "kafka", "template"].iter().any(|word| receiver.contains(word)) && !["rabbit", "amqp"].iter().any(|word| receiver.contains(word)) => {
                let names = channel_names(extension, text, whole.start(), argument(0), constants);
                // Else a `NewTopic` bean's, or a parameter other files' calls fill (`passed_members`).
                let unnamed = || {
                    super::topic_beans::bean_topic(path, text, argument(0)).or_else(|| super::passed_members::parameter_channel(extension, text, lines, whole.start(), argument(0)))
                        .or_else(|| super::passed_modules::parameter_channel(path, text, whole.start(), argument(0)))
                };
                found(Direction::Publishes, "kafka", if names.is_empty() { unnamed().into_iter().collect() } else { names });
            }
            // spring-kafka's `template.sendDefault(msg)` goes to the topic `template.setDefaultTopic(x)`
            // gives in the file (wdm-kafka-microservices' services answering on `RestTopics.RESPONSE`),
            // else to the `spring.kafka.template.default-topic` setting.
            "sendDefault" if kafka => {
                static DEFAULT_TOPIC: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\bsetDefaultTopic\s*\(").expect("a valid regex"));
                let set: Vec<String> = DEFAULT_TOPIC
                    .find_iter(text)
                    .filter(|set| !lines.is_comment(set.start()) && super::calls::receiver(text, set.start()).to_lowercase() == receiver)
                    .filter_map(|set| super::calls::arguments(text, set.end() - 1))
                    .flat_map(|(passed, _)| passed.first().map(|topic| names_of(topic, constants)).unwrap_or_default())
                    .collect();
                found(Direction::Publishes, "kafka", if set.is_empty() { vec![format!("{CONSTANT_PREFIX}spring.kafka.template.default-topic")] } else { set });
            }
            "produce" | "Produce" | "ProduceAsync" if kafka => {
                found(Direction::Publishes, "kafka", channel_names(extension, text, whole.start(), named_argument("topic").unwrap_or(argument(0)), constants));
            }
            // The exchange named too (`amqp_exchanges`): a fanout's binds hear it whatever the key.
            "basic_publish" | "BasicPublish" if amqp => {
                let routing_key = named_argument("routing_key").or_else(|| named_argument("routingKey")).unwrap_or(argument(1));
                found(Direction::Publishes, "amqp", names_of(routing_key, constants));
                if exchanges {
                    found(Direction::Publishes, "amqp", super::amqp_exchanges::published(extension, text, whole.start(), named_argument("exchange").unwrap_or(argument(0)), constants));
                }
            }
            "basic_consume" | "BasicConsume" if amqp => {
                let queue = named_argument("queue").unwrap_or(argument(0));
                found(Direction::Subscribes, "amqp", names_of(queue, constants));
            }
            "sendToQueue" if amqp => found(Direction::Publishes, "amqp", names_of(argument(0), constants)),
            // A queue bound to an exchange with a routing key receives what is sent with that
            // key: the subscriber's channel is the key (the queue's name stays one too, for
            // what is sent to it directly). pika's `queue_bind(queue, exchange, routing_key)`,
            // .NET's `QueueBind(queue, exchange, routingKey)`, amqplib's `bindQueue(queue,
            // exchange, pattern)`, Go's `QueueBind(name, key, exchange, noWait, args)`.
            // Bound with no key, `''` or `#`, it hears the whole exchange (`amqp_exchanges`).
            "queue_bind" | "QueueBind" | "bindQueue" if amqp => {
                let go = verb == "QueueBind" && arguments.len() == 5;
                let key = named_argument("routing_key").or_else(|| named_argument("routingKey")).unwrap_or(if go { argument(1) } else { argument(2) });
                found(Direction::Subscribes, "amqp", channel_names(extension, text, whole.start(), key, constants));
                if exchanges {
                    found(Direction::Subscribes, "amqp", super::amqp_exchanges::bound(extension, text, lines, whole.start(), &arguments, go, constants));
                }
            }
            // aio-pika's `await queue.bind(exchange, routing_key="orders.paid")` (also its key
            // second), Bunny's `queue.bind(exchange, routing_key: key)`: a queue's binding.
            "bind" if amqp && matches!(extension, "py" | "rb") && (receiver.ends_with("queue") || receiver == "q" || named_argument("routing_key").is_some()) && arguments.len() >= 2 => {
                let key = named_argument("routing_key").or_else(|| named_argument("routingKey")).unwrap_or(argument(1));
                found(Direction::Subscribes, "amqp", channel_names(extension, text, whole.start(), key, constants));
            }
            // sarama's consumer group: `Consume(ctx, []string{topic}, handler)`.
            "Consume" if kafka && argument(0).to_lowercase().contains("ctx") => found(Direction::Subscribes, "kafka", names_of(argument(1), constants)),
            "consume" | "Consume" if amqp => found(Direction::Subscribes, "amqp", names_of(argument(0), constants)),
            // `publish(subject, data)`, NATS Streaming's `publish(subject, data, ackHandler)` and
            // NATS.js v2's `publish(subject, data, options)`; three arguments beside an AMQP
            // client are amqplib's `publish(exchange, routingKey, content)`.
            // A subject a parameter holds is what the file's calls pass, not a constant of the
            // same name (moorara's asset service replies with `Publish(subject, ..)` in
            // `reply(subject string, ..)`, beside its package's `subject = "asset_service"`).
            "publish" | "Publish" if nats && (arguments.len() == 2 || (arguments.len() == 3 && !amqp)) => {
                found(Direction::Publishes, "nats", channel_names(extension, text, whole.start(), argument(0), constants));
            }
            // NATS request/reply asks whoever subscribes to the subject: `nc.request(subject, data)`,
            // node-nats 1.x's `requestOne(subject, msg, options, timeout, callback)` (moorara's
            // GraphQL service asking `asset_service`), Go's `nc.Request(subject, data, timeout)`
            // and `RequestWithContext(ctx, subject, data)`.
            "request" | "requestOne" | "Request" if nats && arguments.len() >= 2 => found(Direction::Publishes, "nats", channel_names(extension, text, whole.start(), argument(0), constants)),
            "RequestWithContext" if nats => found(Direction::Publishes, "nats", channel_names(extension, text, whole.start(), argument(1), constants)),
            // A Redis list as a queue (`rpush("votes", ..)` and `ListLeftPop("votes")`), or pub/sub
            // (`publish(channel, message)`, `subscribe(channel)`); go-redis takes a context first.
            // Streams are `redis_streams`'.
            "rpush" | "lpush" | "RPush" | "LPush" | "RPUSH" | "LPUSH" | "ListRightPush" | "ListRightPushAsync" | "ListLeftPush" | "ListLeftPushAsync" if redis => {
                found(Direction::Publishes, "redis", names_of(redis_key(&arguments), constants));
            }
            "blpop" | "brpop" | "lpop" | "rpop" | "BLPop" | "BRPop" | "LPop" | "RPop" | "ListLeftPop" | "ListLeftPopAsync" | "ListRightPop" | "ListRightPopAsync"
                if redis =>
            {
                found(Direction::Subscribes, "redis", names_of(redis_key(&arguments), constants));
            }
            // Only where no other broker's client could be the one publishing.
            "publish" | "Publish" if redis && !(mqtt || amqp || kafka || nats) && arguments.len() >= 2 => {
                found(Direction::Publishes, "redis", names_of(redis_key(&arguments), constants));
            }
            "subscribe" | "Subscribe" if redis && !(mqtt || amqp || kafka || nats) => found(Direction::Subscribes, "redis", names_of(redis_key(&arguments), constants)),
            // MQTT clients (mqtt.js, paho in Python and Java): `publish(topic, payload)`,
            // `subscribe(topic)`; MQTTnet builds the message or filter `.WithTopic(topic)`.
            // A topic a variable, a constructor's field (`passed_members`) or another module holds.
            "publish" | "Publish" | "subscribe" | "Subscribe" if (mqtt || module_clients.iter().any(|name| name.eq_ignore_ascii_case(&receiver))) && !amqp && (arguments.len() >= 2 || verb.starts_with(['s', 'S'])) => {
                let topic = if verb.starts_with(['s', 'S']) { named_argument("topic").unwrap_or(argument(0)) } else { argument(0) };
                let mut names = super::mqtt_topics::topic_names(extension, text, whole.start(), topic, constants);
                if names.is_empty() {
                    names.extend(super::passed_members::constructor_field_channel(extension, text, lines, whole.start(), topic));
                }
                found(if verb.starts_with(['s', 'S']) { Direction::Subscribes } else { Direction::Publishes }, "mqtt", names);
            }
            "WithTopic" if mqtt => {
                let statement_start = text[..whole.start()].rfind([';', '{', '}']).map_or(0, |end| end + 1);
                let statement = &text[statement_start..whole.start()];
                if statement.contains("MqttApplicationMessageBuilder") {
                    found(Direction::Publishes, "mqtt", super::mqtt_topics::topic_names(extension, text, whole.start(), argument(0), constants));
                } else if statement.contains("TopicFilterBuilder") {
                    found(Direction::Subscribes, "mqtt", super::mqtt_topics::topic_names(extension, text, whole.start(), argument(0), constants));
                }
            }
            // amqplib's `publish(exchange, routingKey, content)`, amqp091's
            // `Publish(exchange, key, mandatory, immediate, message)`.
            "publish" | "Publish" if amqp && arguments.len() >= 3 => {
                found(Direction::Publishes, "amqp", names_of(argument(1), constants));
                if exchanges {
                    found(Direction::Publishes, "amqp", super::amqp_exchanges::published(extension, text, whole.start(), argument(0), constants));
                }
            }
            "PublishWithContext" if amqp => {
                found(Direction::Publishes, "amqp", names_of(argument(2), constants));
                if exchanges {
                    found(Direction::Publishes, "amqp", super::amqp_exchanges::published(extension, text, whole.start(), argument(1), constants));
                }
            }
            // AMQP 1.0 and Service Bus: a sender or receiver is opened on its queue or topic
            // (go-amqp takes a context first; Python's take `queue_name=` / `topic_name=`).
            "open_sender" | "NewSender" | "createSender" | "CreateSender" | "get_queue_sender" | "get_topic_sender" if amqp10 => {
                let queue = named_argument("queue_name").or_else(|| named_argument("topic_name")).unwrap_or(redis_key(&arguments));
                found(Direction::Publishes, "amqp", names_of(queue, constants));
            }
            "open_receiver"
            | "NewReceiver"
            | "NewReceiverForQueue"
            | "NewReceiverForSubscription"
            | "createReceiver"
            | "CreateReceiver"
            | "CreateProcessor"
            | "get_queue_receiver"
            | "get_subscription_receiver"
                if amqp10 =>
            {
                let queue = named_argument("queue_name").or_else(|| named_argument("topic_name")).unwrap_or(redis_key(&arguments));
                found(Direction::Subscribes, "amqp", names_of(queue, constants));
            }
            _ => {}
        }
    }
    uses
}

/// Kafka Streams' topics, in a file that imports the library: `builder.stream("payments",
/// Consumed.with(..))`, `.table(..)` and `.globalTable(..)` read one (a list or a constant
/// too), `.to("orders")` and `.through(..)` write one. Java's `builder.<K, V>stream(..)` and
/// Kotlin's `stream<K, V>(..)` too; a collection's `Arrays.stream(ids)` is none.
fn kafka_streams(text: &str, lines: &Lines<'_>, constants: &dyn Fn(&str) -> Option<String>) -> Vec<ChannelUse> {
    static DSL: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"\.\s*(?:<[^()]*>\s*)?(?P<verb>stream|table|globalTable|to|through)\s*(?:<[^()]*>)?\s*\(").expect("a valid regex"));
    let mut uses = Vec::new();
    for captures in DSL.captures_iter(text) {
        let (Some(whole), Some(verb)) = (captures.get(0), captures.name("verb")) else {
            continue;
        };
        if lines.is_comment(whole.start()) || ["arrays", "stream", "intstream", "longstream", "streamsupport"].contains(&super::calls::receiver(text, verb.start()).to_lowercase().as_str()) {
            continue;
        }
        let Some((arguments, _)) = arguments(text, whole.end() - 1) else {
            continue;
        };
        let direction = if matches!(verb.as_str(), "to" | "through") { Direction::Publishes } else { Direction::Subscribes };
        let names = arguments.first().map(|topics| names_of(topics, constants)).unwrap_or_default();
        uses.extend(names.into_iter().map(|name| ChannelUse { offset: whole.start(), direction, name, protocol: "kafka" }));
    }
    uses
}

/// The key a Redis command is given: its first argument, after go-redis's context.
pub(super) fn redis_key<'a>(arguments: &[&'a str]) -> &'a str {
    let first = arguments.first().copied().unwrap_or("");
    if matches!(first.trim(), "ctx" | "context.Background()" | "context.TODO()") { arguments.get(1).copied().unwrap_or("") } else { first }
}

/// The member of a constant's name standing for every member of its object:
/// `Topics.*` of `Object.values(Topics)`.
pub(crate) const ALL_MEMBERS: &str = "*";

/// The channel names one argument gives: a literal, a constant (`constants` looks a name up
/// among the file's), a list of them, or a kafkajs `{ topic: x }` / `{ topics: [x, y] }`.
pub(super) fn names_of(argument: &str, constants: &dyn Fn(&str) -> Option<String>) -> Vec<String> {
    let argument = argument.trim().trim_start_matches(['&', '*']).trim_end_matches("!!").trim();
    // Spring's `"${orders.topic}"` names the setting, resolved among the repo's config.
    if let Some(key) = argument.strip_prefix('"').and_then(|rest| rest.strip_suffix('"')).and_then(setting_placeholder) {
        return vec![format!("{CONSTANT_PREFIX}{key}")];
    }
    if let Some(content) = string_literal(argument) {
        return if is_channel_name(content) { vec![content.to_string()] } else { Vec::new() };
    }
    // `Object.values(Topics)`: every member of an object of channels another file declares.
    if let Some(object) = argument.strip_prefix("Object.values(").and_then(|rest| rest.strip_suffix(')')).map(str::trim).filter(|object| is_class_name(object)) {
        return vec![format!("{CONSTANT_PREFIX}{object}.{ALL_MEMBERS}")];
    }
    let unwrapped = LIST_WRAPPERS.iter().find_map(|wrapper| argument.strip_prefix(wrapper)).map(str::trim_start);
    if let Some(rest) = unwrapped {
        // Skip type arguments (`List.of<String>(...)`) to the opening bracket.
        let Some(open) = rest.find(['(', '[', '{']) else {
            return Vec::new();
        };
        return match enclosed(rest, open) {
            Some((inner, _)) => split_top_level(inner).into_iter().flat_map(|item| names_of(item, constants)).collect(),
            None => Vec::new(),
        };
    }
    if argument.starts_with('[') || argument.starts_with('{') {
        let Some((inner, _)) = enclosed(argument, 0) else {
            return Vec::new();
        };
        let items = split_top_level(inner);
        if let Some(topics) = items.iter().find_map(|item| named(item, "topics").or_else(|| named(item, "topic"))) {
            return names_of(topics, constants);
        }
        // kafka-node's payloads: `[{ topic: t, partition: 0 }]`, `[{ topic: t, messages: m }]`.
        if !items.is_empty() && items.iter().all(|item| item.starts_with('{')) {
            return items.into_iter().flat_map(|item| names_of(item, constants)).collect();
        }
        if items.iter().any(|item| item.contains(':')) {
            return Vec::new();
        }
        return items.into_iter().flat_map(|item| names_of(item, constants)).collect();
    }
    // A project's own helper, `initializers.GetEnv("KAFKA_TOPIC", "notification-events")`.
    if let Some(default) = env_helper_default(argument) {
        return if is_channel_name(default) { vec![default.to_string()] } else { Vec::new() };
    }
    // `os.environ.get("TOPIC", "readings")`, `process.env.TOPIC || "readings"`: the default.
    if argument.to_ascii_lowercase().contains("env")
        && let Some(default) = ENV_DEFAULT.captures(argument).and_then(|captures| captures.get(1))
    {
        return if is_channel_name(default.as_str()) { vec![default.as_str().to_string()] } else { Vec::new() };
    }
    // An env lookup without a default: the value the service's deployment gives it.
    if let Some(key) = env_lookup(argument) {
        return if names_a_channel(key) { vec![format!("{CONSTANT_PREFIX}{ENV_CONSTANT}{key}")] } else { Vec::new() };
    }
    // MicroProfile Config's `config.getValue("order.topic", String.class)`: the setting.
    if let Some(key) = config_lookup(argument) {
        return vec![format!("{CONSTANT_PREFIX}{key}")];
    }
    // A getter's call (`config.getOrderTopic()`): what the file's own getter returns, else
    // (named like a channel's) the one another file of the repo defines. A chain of them on a
    // `@ConfigurationProperties` object (`properties.kafka().paymentEventsTopic()`) may be its
    // setting too, as resolution finds the object's type bound.
    if let Some(method) = getter_call(argument) {
        let setting = argument.contains('.').then(|| constants(argument)).flatten();
        let getter = match constants(&format!("{method}()")) {
            Some(value) if is_channel_name(&value) => Some(value),
            Some(_) => None,
            None if names_a_channel(method) => Some(getter_constant(method)),
            None => None,
        };
        return setting.into_iter().chain(getter).collect();
    }
    let is_identifier = argument.chars().next().is_some_and(|first| first.is_ascii_alphabetic() || first == '_')
        && argument.chars().all(|character| character.is_ascii_alphanumeric() || character == '_' || character == '.');
    if !is_identifier {
        return Vec::new();
    }
    let name = argument.rsplit('.').next().unwrap_or(argument);
    match constants(name) {
        Some(value) if value.starts_with(LIST_VALUE) => names_of(value.strip_prefix(LIST_VALUE).unwrap_or(&value), &|name: &str| constants(name).filter(|value| !value.starts_with(LIST_VALUE))),
        Some(value) => {
            if is_channel_name(&value) {
                vec![value]
            } else {
                Vec::new()
            }
        }
        // Another file's constant (`kafka.Topic`, `Topics.ORDERS`): resolution looks it up
        // among the repo's channel constants, a class's (`Topics.ORDERS`) named with its class.
        None if argument.contains('.') || is_constant_name(name) => {
            let class = argument.rsplit('.').nth(1).filter(|class| is_class_name(class));
            match class {
                Some(class) => vec![format!("{CONSTANT_PREFIX}{class}.{name}")],
                None => vec![format!("{CONSTANT_PREFIX}{name}")],
            }
        }
        None => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each channel use's direction and name.
    fn uses(text: &str) -> Vec<(Direction, String)> {
        channel_uses(("A.java", "java"), text, &Lines::new(text)).into_iter().map(|found| (found.direction, found.name)).collect()
    }

    /// Each channel use as `protocol name`.
    fn described(text: &str) -> Vec<String> {
        channel_uses(("A.java", "java"), text, &Lines::new(text)).into_iter().map(|found| format!("{} {}", found.protocol, found.name)).collect()
    }

    fn subscribed(text: &str) -> Vec<String> {
        channel_uses(("A.java", "java"), text, &Lines::new(text)).into_iter().filter(|found| found.direction == Direction::Subscribes).map(|found| found.name).collect()
    }

    /// aio-pika's and Bunny's `queue.bind(exchange, routing_key)` bind a queue; JavaScript's
    /// `Function.prototype.bind` beside an AMQP client binds nothing.
    #[test]
    fn a_queues_bind_in_python_or_ruby_subscribes_to_its_key() {
        let of = |path: &str, extension: &str, text: &str| -> Vec<String> {
            channel_uses((path, extension), text, &Lines::new(text)).into_iter().filter(|found| found.direction == Direction::Subscribes).map(|found| found.name).collect()
        };
        assert_eq!(of("c.py", "py", "import aio_pika\nawait queue.bind(exchange, routing_key=\"orders.paid\")\n"), ["orders.paid"]);
        assert_eq!(of("c.rb", "rb", "require \"bunny\"\nqueue.bind(exchange, routing_key: \"orders.paid\")\n"), ["orders.paid"]);
        assert!(of("c.js", "js", "const amqp = require('amqplib');\nconst publish = publishToQueue.bind(null, 'orders.paid');\n").is_empty());
    }

    #[test]
    fn a_bound_queue_subscribes_to_its_routing_key() {
        let go = "import amqp \"github.com/rabbitmq/amqp091-go\"\nfunc f(ch *amqp.Channel) { ch.QueueBind(q.Name, \"orders.paid\", \"orders\", false, nil) }\n";
        assert_eq!(subscribed(go), ["orders.paid"]);
        let node = "const amqp = require('amqplib');\nawait ch.bindQueue(q.queue, 'orders', 'orders.paid');\n";
        assert_eq!(subscribed(node), ["orders.paid"]);
    }

    /// dapr-traffic-control's cameras publish over MQTT: MQTTnet in C#, Paho in a browser.
    #[test]
    fn mqtt_clients_publish_and_subscribe_topics() {
        let mqttnet = "using MQTTnet;\nvar message = new MqttApplicationMessageBuilder()\n    .WithTopic(\"trafficcontrol/entrycam\")\n    .WithPayload(payload)\n    .Build();\nawait _client.PublishAsync(message, CancellationToken.None);\nawait _client.SubscribeAsync(new MqttTopicFilterBuilder().WithTopic(\"trafficcontrol/commands\").Build());\n";
        let found = uses(mqttnet);
        assert_eq!(found, [(Direction::Publishes, "trafficcontrol/entrycam".to_string()), (Direction::Subscribes, "trafficcontrol/commands".to_string())]);
        let paho = "class MqttTrafficControlService {\n  send(msg) {\n    const message = new Paho.MQTT.Message(msg);\n    message.destinationName = 'trafficcontrol/exitcam';\n    this.client.send(message);\n  }\n}\n";
        let found = uses(paho);
        assert_eq!(found, [(Direction::Publishes, "trafficcontrol/exitcam".to_string())]);
        let bridge = "const mqtt = require('mqtt');\nconst amqp = require('amqplib');\nchannel.publish('telemetry', 'sensor.readings', m);\n";
        let found = described(bridge);
        assert_eq!(found, ["amqp sensor.readings"], "an AMQP call in a file using both");
        let comment = "// TODO: move to MQTT later\nconst redis = require('redis');\npub.publish('cache-invalidate', key);\n";
        let found = described(comment);
        assert_eq!(found, ["redis cache-invalidate"], "the word in a comment is no MQTT client");
        let mqtt_js = "const mqtt = require('mqtt');\nclient.subscribe('sensors/temperature');\nclient.publish('sensors/alerts', JSON.stringify(alert));\n";
        let found = uses(mqtt_js);
        assert_eq!(found, [(Direction::Subscribes, "sensors/temperature".to_string()), (Direction::Publishes, "sensors/alerts".to_string())]);
    }

    /// example-voting-app: the vote app pushes to a Redis list the worker pops.
    #[test]
    fn a_redis_list_is_a_queue() {
        let vote = "from redis import Redis\ng.redis = Redis(host=\"redis\", db=0)\nredis.rpush('votes', data)\nitems.push('x')\n";
        let found = uses(vote);
        assert_eq!(found, [(Direction::Publishes, "votes".to_string())], "an array's push is no queue");
        let worker = "using StackExchange.Redis;\nstring json = redis.ListLeftPopAsync(\"votes\").Result;\n";
        assert_eq!(subscribed(worker), ["votes"]);
        let go = "import \"github.com/redis/go-redis/v9\"\nrdb.Publish(ctx, \"orders\", payload)\nsub := rdb.Subscribe(ctx, \"payments\")\n";
        let found = uses(go);
        assert_eq!(found, [(Direction::Publishes, "orders".to_string()), (Direction::Subscribes, "payments".to_string())]);
        let both = "const redis = require('redis');\nconst amqp = require('amqplib');\nchannel.publish('orders', 'order.created', buffer);\n";
        let found = described(both);
        assert_eq!(found, ["amqp order.created", "amqp orders"], "a Redis cache beside an AMQP client publishes nothing");
        let cache = "const cart = [];\ncart.push(item);\nconst first = queue.pop();\n";
        assert!(channel_uses(("A.java", "java"), cache, &Lines::new(cache)).is_empty(), "no Redis client, no channel");
    }

    /// micronaut-microservices-poc: Kafka topics on a client interface's methods and a
    /// listener's.
    #[test]
    fn micronaut_topics_publish_from_clients_and_subscribe_in_listeners() {
        let client = "import io.micronaut.configuration.kafka.annotation.*;\n@KafkaClient\npublic interface EventPublisher {\n    @Topic(\"policy-registered\")\n    void registered(@KafkaKey String number, PolicyRegisteredEvent event);\n    @Topic(value = \"policy-terminated\")\n    void terminated(PolicyTerminatedEvent event);\n}\n";
        let found = uses(client);
        assert_eq!(found, [(Direction::Publishes, "policy-registered".to_string()), (Direction::Publishes, "policy-terminated".to_string())]);
        let both = "import io.micronaut.configuration.kafka.annotation.*;\n/** Reads what a @KafkaClient sends. */\n@KafkaListener\nclass L {\n    @Topic(\"policy-registered\")\n    void on(PolicyRegisteredEvent event) {}\n}\n";
        assert_eq!(subscribed(both), ["policy-registered"], "the annotation nearest before, outside comments");
        let listener = "import io.micronaut.configuration.kafka.annotation.*;\n@KafkaListener(offsetReset = OffsetReset.EARLIEST)\npublic class PolicyRegisteredListener {\n    @Topic(\"policy-registered\")\n    void onPolicyRegistered(PolicyRegisteredEvent event) {}\n}\n";
        assert_eq!(subscribed(listener), ["policy-registered"]);
    }

    /// Lakeside Mutual: JMS queues named by settings, in a listener's annotation (and in a field
    /// Spring fills: `spring_amqp`'s tests); Kafka's topics so too.
    #[test]
    fn spring_settings_name_channels_by_their_keys() {
        let listener = "import org.springframework.jms.annotation.JmsListener;\n@JmsListener(destination = \"${insuranceQuoteRequestEvent.queueName}\")\npublic void receive(InsuranceQuoteRequestEvent e) {}\n@JmsListener(destination = \"policy-created\")\nvoid created() {}\n";
        assert_eq!(subscribed(listener), ["const:insuranceQuoteRequestEvent.queueName", "policy-created"]);
        let kafka = "import org.springframework.kafka.annotation.KafkaListener;\n@KafkaListener(topics = \"${app.orders-topic:orders}\")\nvoid on(String m) {}\n";
        assert_eq!(subscribed(kafka), ["const:app.orders-topic"]);
        assert_eq!(setting_placeholder("${a.b:c}"), Some("a.b"));
        assert_eq!(setting_placeholder("prefix-${a.b}"), None);
    }

    /// piomin's sample-spring-kafka-microservices: the order service joins two topics with Kafka
    /// Streams and writes the result to a third.
    #[test]
    fn kafka_streams_read_and_write_topics() {
        let app = "import org.apache.kafka.streams.StreamsBuilder;\nclass App {\n  static final String STOCK = \"stock-orders\";\n  KStream<Long, Order> s(StreamsBuilder builder) {\n    KStream<Long, Order> stream = builder\n        .stream(\"payment-orders\", Consumed.with(Serdes.Long(), serde));\n    stream.join(builder.<Long, Order>stream(STOCK), joiner).to(\"orders\");\n    builder.globalTable(\"products\");\n    List<String> ids = Arrays.stream(values).toList();\n    return stream;\n  }\n}\n";
        let found = uses(app);
        let expected = [(Direction::Subscribes, "payment-orders"), (Direction::Subscribes, "stock-orders"), (Direction::Publishes, "orders"), (Direction::Subscribes, "products")];
        assert_eq!(found, expected.map(|(direction, name)| (direction, name.to_string())));
        let plain = "import java.util.Arrays;\nclass A { void f() { list.stream(\"x\"); route.to(\"orders\"); } }\n";
        assert!(uses(plain).is_empty(), "without the library, stream( and to( are other calls");
    }

    /// The held-out planted-mismatch evaluation of issue #3 (org 03): a topic named by an env
    /// lookup with a default (`os.environ.get("READINGS_TOPIC", "telemetry.readings.v1")`)
    /// named no channel, so its subscriber's reads were never checked.
    #[test]
    fn an_env_lookups_default_names_the_channel() {
        let python = "from kafka import KafkaConsumer\nc.subscribe([os.environ.get(\"READINGS_TOPIC\", \"telemetry.readings.v1\")])\n";
        assert_eq!(subscribed(python), ["telemetry.readings.v1"]);
        let node = "const { Kafka } = require('kafkajs');\nawait consumer.subscribe({ topic: process.env.READINGS_TOPIC || 'readings', fromBeginning: true });\n";
        assert_eq!(subscribed(node), ["readings"]);
        let without_default = "from kafka import KafkaConsumer\nc.subscribe([os.environ[\"READINGS_TOPIC\"]])\n";
        // The variable's name is no channel: the value a deployment gives it is, found in
        // resolution.
        assert_eq!(subscribed(without_default), ["const:env:READINGS_TOPIC"]);
        let go = "import \"github.com/segmentio/kafka-go\"\n\ntopic := os.Getenv(\"READINGS_TOPIC\")\nr := kafka.NewReader(kafka.ReaderConfig{Topic: topic})\nhost := os.Getenv(\"KAFKA_HOST\")\n";
        assert_eq!(subscribed(go), ["const:env:READINGS_TOPIC"]);
    }
}
