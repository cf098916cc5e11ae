//! Spring AMQP in code, and the `convertAndSend` Spring's JMS template shares with it:
//! `@RabbitListener(queues = ..)` (and its `@Queue(..)` declarations, and a `@QueueBinding`'s
//! `key = ..`) and a listener container's
//! `setQueueNames(..)` subscribe to their queues, `BindingBuilder.bind(queue).to(exchange)
//! .with(routingKey)` to the binding's routing key (the channel an AsyncAPI document names);
//! `RabbitTemplate`'s `convertAndSend`, `convertSendAndReceive` and `send` publish on their
//! routing key (on the default exchange, the queue's name).
//!
//! A template's overloads are told apart by their arguments' shapes (denny713's
//! polyglot-ecommerce, its order service): trailing arguments that are a `MessagePostProcessor`
//! (a lambda `message -> {..}`, a method reference, a name saying `processor`), a
//! `CorrelationData` (`new CorrelationData(id)`, a name saying `correlation`) or a reply's type
//! (`Reply.class`) are set aside, and a message built in place (`new SOSubmitMsg(id)`) is the
//! message, never a key. One argument left is the message alone, two are `(routingKey,
//! message)`, three or more `(exchange, routingKey, message, ..)`. A key that is a parameter of
//! its method takes what the file's calls of the method pass (`send(orderRoutingKey, msg)`), or,
//! for a method no call of the file fills, what other files' calls pass ([`super::passed_members`]).
//!
//! The message alone goes with the template's default routing key: the one `setRoutingKey(x)`
//! gives the receiver in the same file, else the one a `@Bean` method returning the template
//! sets ([`template_defaults`]: `salesRabbitTemplate()` calling
//! `template.setRoutingKey(submitRoutingKey)` of a `@Value("${rabbitmq.routing-key.so-submit}")`),
//! paired in resolution (`resolve::constants`) with the call's receiver by the bean's name, as
//! Spring injects by it, else with the one template bean of the module. The default exchange
//! (`setExchange(x)`) alone names no channel; a template whose key is never set names none. A
//! three-argument send's exchange is a channel besides its key ([`super::amqp_exchanges`]: the
//! queues bound to it with no key or `#` hear it).

use std::sync::LazyLock;

use regex::Regex;
use serde_json::json;

use super::calls::{Lines, arguments, enclosed_within, named, receiver, split_top_level, string_literal};
use super::config_names::{file_constants, getters};
use super::messaging::{CONSTANT_PREFIX, ChannelUse, Direction, NAMES_CONSTANT, REFERS_TO, is_channel_name, names_of};
use super::parameters::channel_names;
use crate::model::{FileFacts, Method};

/// How a template's default routing key is named until resolution finds its bean:
/// `rabbit-template:<module>:<bean>`, and `rabbit-template:<module>:` for the module's one
/// template bean whatever its name.
pub(crate) const TEMPLATE_DEFAULT: &str = "rabbit-template:";

/// Words of which a file naming a channel this way holds one.
pub(super) const GATE_WORDS: &[&str] = &["send", "Send", "setQueueNames", "BindingBuilder", "RabbitListener"];

static SPRING_CALL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(concat!(
        r"\b(?P<verb>convertAndSend|convertSendAndReceive|send|setQueueNames)\s*\(",
        r"|\b(?P<binding_builder>BindingBuilder)\s*\.\s*bind\s*\(",
        r"|@(?P<listener>RabbitListener)\s*\(",
    ))
    .expect("a valid regex")
});

/// A `@QueueBinding`'s routing key inside a `@RabbitListener`: `key = "product.stock-depleted"`,
/// `key = {"a", "b"}`, `key = ORDERS_KEY` (inventory-java of the seventh planted-mismatch
/// evaluation's org K, bound to a topic exchange).
static BINDING_KEY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"\bkey\s*=\s*(\{[^}]*\}|"[^"]*"|[A-Za-z_][\w.]*)"#).expect("a valid regex"));

/// `@Queue("q")` and `@Queue(name = "q")` inside a `@RabbitListener`.
static QUEUE_ANNOTATION: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"@Queue\s*\(\s*(?:(?:value|name)\s*=\s*)?"([^"]+)""#).expect("a valid regex"));

/// A template's default routing key set: `template.setRoutingKey(x)`, Kotlin's
/// `template.routingKey = x` and `routingKey = x` in an `apply { }`.
static KEY_SETTING: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(?P<setter>setRoutingKey)\s*\(|\b(?P<property>routingKey)\s*=\s*(?P<value>[^=\s][^\n;]*)").expect("a valid regex"));

/// The types a template bean is declared as.
const TEMPLATE_TYPES: &[&str] = &["RabbitTemplate", "AmqpTemplate", "RabbitOperations"];

/// The routing key a template's call is given.
#[derive(Debug, PartialEq, Eq)]
enum RoutingKey<'text> {
    /// Named by this argument.
    Argument(&'text str),
    /// The template's default: only the message is passed.
    TemplateDefault,
    None,
}

/// Every channel the file's Spring AMQP listeners, bindings and templates use. `file` is the
/// file's path and its extension, lower-cased.
pub(super) fn uses((path, extension): (&str, &str), text: &str, lines: &Lines<'_>) -> Vec<ChannelUse> {
    if !GATE_WORDS.iter().any(|word| text.contains(word)) {
        return Vec::new();
    }
    let mut uses = Vec::new();
    let amqp = ["amqp", "AMQP", "rabbit", "Rabbit", "pika"].iter().any(|word| text.contains(word));
    let kafka = ["kafka", "Kafka", "KAFKA", "sarama"].iter().any(|word| text.contains(word));
    let jms = text.contains("jms") || text.contains("Jms");
    let constant = file_constants(text);
    // A getter the file defines (`getOrderTopic()`), by what its body returns.
    let file_getters = std::cell::LazyCell::new(|| getters(text, &constant));
    let looked_up = |name: &str| if name.ends_with("()") && !name.contains('.') { file_getters.get(name).cloned() } else { constant(name) };
    let constants: &dyn Fn(&str) -> Option<String> = &looked_up;
    for captures in SPRING_CALL.captures_iter(text) {
        let Some(whole) = captures.get(0).filter(|whole| !lines.is_comment(whole.start())) else { continue };
        let mut found = |direction: Direction, protocol: &'static str, names: Vec<String>| {
            uses.extend(names.into_iter().map(|name| ChannelUse { offset: whole.start(), direction, name, protocol }));
        };
        // The queue's messages are those sent with the binding's routing key.
        if captures.name("binding_builder").is_some() {
            let statement = &text[whole.end()..text[whole.end()..].find(';').map_or(text.len(), |end| whole.end() + end)];
            let key = statement.find(".with(").and_then(|with| arguments(statement, with + ".with".len())).and_then(|(key, _)| key.first().copied());
            if let Some(key) = key {
                found(Direction::Subscribes, "amqp", names_of(key, constants));
            }
            // A fanout exchange's binding (no `.with`) or a topic's `#` hears the whole exchange.
            if !kafka {
                found(Direction::Subscribes, "amqp", super::amqp_exchanges::spring_bound(text, lines, key, constants));
            }
            continue;
        }
        let Some((arguments, _)) = arguments(text, whole.end() - 1) else { continue };
        if captures.name("listener").is_some() {
            let mut names = arguments.iter().find_map(|argument| named(argument, "queues")).map(|queues| names_of(queues, constants)).unwrap_or_default();
            for argument in &arguments {
                names.extend(QUEUE_ANNOTATION.captures_iter(argument).map(|queue| queue[1].to_string()).filter(|name| is_channel_name(name)));
                if argument.contains("@QueueBinding") {
                    for key in BINDING_KEY.captures_iter(argument) {
                        let keys = key[1].trim_start_matches('{').trim_end_matches('}');
                        names.extend(split_top_level(keys).into_iter().flat_map(|key| names_of(key, constants)));
                    }
                }
            }
            found(Direction::Subscribes, "amqp", names);
            continue;
        }
        let verb = captures.name("verb").map_or("", |verb| verb.as_str());
        if verb == "setQueueNames" {
            found(Direction::Subscribes, "amqp", arguments.iter().flat_map(|argument| names_of(argument, constants)).collect());
            continue;
        }
        let template = receiver(text, whole.start());
        let lower = template.to_lowercase();
        let protocol = match verb {
            // A Kafka template's `send` is the messaging reader's.
            "send" if amqp && (lower.contains("rabbit") || lower.contains("amqp") || (lower.contains("template") && !kafka)) => "amqp",
            "send" => continue,
            _ if jms && !amqp => "jms",
            _ => "amqp",
        };
        let (key, exchange) = routing_key(&arguments);
        // The exchange of a three-argument send is a channel too (`amqp_exchanges`).
        if let Some(exchange) = exchange.filter(|_| protocol == "amqp" && !kafka) {
            found(Direction::Publishes, protocol, super::amqp_exchanges::published(extension, text, whole.start(), exchange, constants));
        }
        let names = match key {
            RoutingKey::Argument(key) => match channel_names(extension, text, whole.start(), key, constants) {
                // A parameter other files' calls fill (`passed_members`).
                names if names.is_empty() => super::passed_members::parameter_channel(extension, text, lines, whole.start(), key).into_iter().collect(),
                names => names,
            },
            RoutingKey::TemplateDefault if amqp && !template.is_empty() => default_routing_key((path, extension), text, template, constants),
            RoutingKey::TemplateDefault | RoutingKey::None => Vec::new(),
        };
        found(Direction::Publishes, protocol, names);
    }
    uses
}

/// The routing key of `convertAndSend`, `convertSendAndReceive` or `send`, and the exchange
/// when one is passed, by the arguments' shapes: trailing post-processors, correlation data
/// and reply types set aside, a message built in place marking where the message stands.
fn routing_key<'text>(arguments: &[&'text str]) -> (RoutingKey<'text>, Option<&'text str>) {
    let mut arguments = arguments.to_vec();
    while arguments.len() > 1 && arguments.last().is_some_and(|last| is_post_processor(last) || is_correlation(last) || is_reply_type(last)) {
        arguments.pop();
    }
    let message = arguments.iter().position(|argument| argument.trim_start().starts_with("new ")).map_or(arguments.len(), |at| (at + 1).min(3));
    match message {
        0 => (RoutingKey::None, None),
        1 => (RoutingKey::TemplateDefault, None),
        2 => (RoutingKey::Argument(arguments[0]), None),
        _ => (RoutingKey::Argument(arguments[1]), Some(arguments[0])),
    }
}

/// A `MessagePostProcessor`: a lambda (`message -> {..}`, `(m) -> m`, Kotlin's `{ .. }`), a
/// method reference (`this::withHeaders`), or a name or type saying so.
fn is_post_processor(argument: &str) -> bool {
    static LAMBDA: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^(?:[A-Za-z_]\w*|\([^()]*\))\s*->|^\{|^[\w.]+::\w+$").expect("a valid regex"));
    let argument = argument.trim();
    let lower = argument.to_ascii_lowercase();
    LAMBDA.is_match(argument) || (string_literal(argument).is_none() && (lower.contains("postprocessor") || lower.ends_with("processor")))
}

/// A `CorrelationData`: `new CorrelationData(id)`, Kotlin's `CorrelationData(id)`, a name
/// saying so (`correlationData`).
fn is_correlation(argument: &str) -> bool {
    let lower = argument.trim().to_ascii_lowercase();
    string_literal(argument).is_none() && (lower.contains("correlationdata") || lower.ends_with("correlation"))
}

/// The reply's type `convertSendAndReceive` is given: `Reply.class`, a `ParameterizedTypeReference`.
fn is_reply_type(argument: &str) -> bool {
    let argument = argument.trim();
    argument.ends_with(".class") || argument.contains("ParameterizedTypeReference")
}

/// The default routing key of the template `template` names: what the file sets it to, else
/// the one its module's bean of that name (or its one template bean) sets, left to resolution.
fn default_routing_key((path, extension): (&str, &str), text: &str, template: &str, constants: &dyn Fn(&str) -> Option<String>) -> Vec<String> {
    let settings: Vec<(usize, &str)> = key_settings(text, 0..text.len()).filter(|(at, _)| receiver(text, *at) == template).collect();
    if settings.is_empty() {
        return vec![format!("{CONSTANT_PREFIX}{TEMPLATE_DEFAULT}{}:{template}", module_of(path))];
    }
    match one_name(extension, text, &settings, constants) {
        Some(name) => vec![name],
        None => Vec::new(),
    }
}

/// Where a default routing key is set in `range` of the text, and the value given.
fn key_settings<'text>(text: &'text str, range: std::ops::Range<usize>) -> impl Iterator<Item = (usize, &'text str)> + 'text {
    KEY_SETTING.captures_iter(&text[..range.end]).filter_map(move |captures| {
        let whole = captures.get(0)?;
        if whole.start() < range.start {
            return None;
        }
        if let Some(setter) = captures.name("setter") {
            let (passed, _) = arguments(text, whole.end() - 1)?;
            return Some((setter.start(), *passed.first()?));
        }
        // A property set on a receiver, or alone on its line or block: not a variable declared.
        let property = captures.name("property")?;
        let before = text[..property.start()].trim_end_matches([' ', '\t']);
        let set = before.ends_with('.') || before.is_empty() || before.ends_with(['\n', '{', ';']);
        set.then(|| Some((property.start(), captures.name("value")?.as_str().trim()))).flatten()
    })
}

/// The one channel name the settings give, if they agree.
fn one_name(extension: &str, text: &str, settings: &[(usize, &str)], constants: &dyn Fn(&str) -> Option<String>) -> Option<String> {
    let mut names: Vec<String> = Vec::new();
    for (at, value) in settings {
        for name in channel_names(extension, text, *at, value, constants) {
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

/// The module a source file belongs to: the folder holding its `src/main/` (the repo's root
/// when none does).
pub(crate) fn module_of(path: &str) -> &str {
    if path.starts_with("src/main/") {
        return "";
    }
    path.find("/src/main/").map_or("", |at| &path[..at])
}

/// `@Bean` methods returning a template: [`NAMES_CONSTANT`] edges to
/// `constant:rabbit-template:<module>:<bean>` with the routing key the method's body sets (a
/// name, or `refers_to` the setting or constant it comes from; empty when it sets none), and
/// from `constant:rabbit-template:<module>:` to each bean's, so that the module's only template
/// stands for a receiver named otherwise.
pub(super) fn template_defaults(facts: &mut FileFacts, (path, extension): (&str, &str), text: &str, lines: &Lines<'_>) {
    static BEAN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(concat!(
            r"@Bean\b(?:\s*\((?P<arguments>[^()]*)\))?(?:\s*@[\w.]+(?:\s*\([^()]*\))?)*\s*",
            r"(?:(?:public|protected|private|static|final|open|override|internal|synchronized)\s+)*",
            r"(?:fun\s+(?P<kotlin>\w+)|(?P<type>[\w.]+)\s+(?P<java>\w+))\s*\(",
        ))
        .expect("a valid regex")
    });
    static KOTLIN_TYPE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\s*:\s*([\w.]+)").expect("a valid regex"));
    if !text.contains("@Bean") || !TEMPLATE_TYPES.iter().any(|template| text.contains(template)) {
        return;
    }
    let module = module_of(path);
    let constant = file_constants(text);
    let file_getters = std::cell::LazyCell::new(|| getters(text, &constant));
    let looked_up = |name: &str| if name.ends_with("()") && !name.contains('.') { file_getters.get(name).cloned() } else { constant(name) };
    for captures in BEAN.captures_iter(text) {
        let (Some(whole), Some(method)) = (captures.get(0), captures.name("kotlin").or_else(|| captures.name("java"))) else { continue };
        if lines.is_comment(whole.start()) {
            continue;
        }
        let Some((_, after)) = enclosed_within(text, whole.end() - 1, 2000) else { continue };
        let declared = captures.name("type").map(|declared| declared.as_str()).or_else(|| KOTLIN_TYPE.captures(&text[after..]).and_then(|found| found.get(1)).map(|found| found.as_str()));
        if !declared.is_some_and(|declared| TEMPLATE_TYPES.contains(&declared.rsplit('.').next().unwrap_or(declared))) {
            continue;
        }
        // The body's brace, not the next method's after an expression body.
        let Some(brace) = text[after..].find('{').map(|brace| after + brace) else { continue };
        if text[after..brace].contains([';', '@']) || text[after..brace].contains("fun ") {
            continue;
        }
        let Some((body, _)) = enclosed_within(text, brace, 20_000) else { continue };
        let settings: Vec<(usize, &str)> = key_settings(text, brace + 1..brace + 1 + body.len()).collect();
        let bean = captures.name("arguments").and_then(|arguments| bean_name(arguments.as_str())).unwrap_or(method.as_str());
        let pointer = format!("L{}", lines.number(whole.start()));
        let named = format!("{TEMPLATE_DEFAULT}{module}:{bean}");
        let props = match one_name(extension, text, &settings, &looked_up) {
            _ if settings.is_empty() => Some(json!({"value": ""})),
            Some(name) => Some(match name.strip_prefix(CONSTANT_PREFIX) {
                Some(key) => json!({REFERS_TO: key}),
                None => json!({"value": name}),
            }),
            // Set to what cannot be told: the bean is known, its key is not.
            None => None,
        };
        if let Some(props) = props {
            facts.edge("self", &format!("constant:{named}"), NAMES_CONSTANT, props, &pointer, Method::Parsed);
        }
        facts.edge("self", &format!("constant:{TEMPLATE_DEFAULT}{module}:"), NAMES_CONSTANT, json!({REFERS_TO: named}), &pointer, Method::Parsed);
    }
}

/// The name `@Bean("orders")`, `@Bean(name = "orders")` or `@Bean(value = {"orders", ..})` gives.
fn bean_name(arguments: &str) -> Option<&str> {
    split_top_level(arguments).into_iter().find_map(|argument| {
        let names = named(argument, "name").or_else(|| named(argument, "value")).or_else(|| argument.starts_with(['"', '{', '[']).then_some(argument))?;
        let names = names.trim_start_matches(['{', '[']).trim_end_matches(['}', ']']);
        string_literal(split_top_level(names).first()?)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn published(path: &str, text: &str) -> Vec<String> {
        uses((path, "java"), text, &Lines::new(text)).into_iter().map(|found| format!("{:?} {} {}", found.direction, found.protocol, found.name)).collect()
    }

    #[test]
    fn overloads_are_told_by_their_arguments_shapes() {
        let key = |text: &str| {
            let (arguments, _) = arguments(text, text.find('(').expect("a call")).expect("closed");
            match routing_key(&arguments).0 {
                RoutingKey::Argument(key) => key.to_string(),
                RoutingKey::TemplateDefault => "default".to_string(),
                RoutingKey::None => "none".to_string(),
            }
        };
        assert_eq!(key("convertAndSend(routingKey, msg, message -> { return message; }, new CorrelationData(id))"), "routingKey");
        assert_eq!(key("convertAndSend(new SOSubmitMsg(id), message -> message, new CorrelationData(docNo))"), "default");
        assert_eq!(key("convertAndSend(new SOSubmitMsg(id), postProcessor)"), "default");
        assert_eq!(key("convertAndSend(new SOSubmitMsg(id), unknown)"), "default", "a message built in place is no key");
        assert_eq!(key("convertAndSend(someString, payload)"), "someString");
        assert_eq!(key("convertAndSend(EXCHANGE, KEY, payload)"), "KEY");
        assert_eq!(key("convertAndSend(EXCHANGE, KEY, payload, this::withHeaders, correlationData)"), "KEY");
        assert_eq!(key("convertAndSend(KEY, new Order(id), (m) -> m)"), "KEY");
        assert_eq!(key("convertSendAndReceive(EXCHANGE, KEY, request, Reply.class)"), "KEY");
        assert_eq!(key("send(message)"), "default");
        assert_eq!(key("send()"), "none");
    }

    #[test]
    fn a_template_sends_on_its_key_or_its_default() {
        let producer = concat!(
            "import org.springframework.amqp.rabbit.core.RabbitTemplate;\n",
            "class P {\n",
            "  P(@Value(\"${app.order-key}\") String orderKey) { this.orderKey = orderKey; }\n",
            "  void a(Msg m) { afterCommit(() -> send(orderKey, m)); }\n",
            "  private void send(String routingKey, Msg msg) { rabbitTemplate.convertAndSend(routingKey, msg, message -> message, new CorrelationData(msg.id())); }\n",
            "  void b(long id) { salesRabbitTemplate.convertAndSend(new Submit(id), message -> message, new CorrelationData(\"x\")); }\n",
            "  void c(Message m) { rabbitTemplate.convertSendAndReceive(\"audit\", m, Reply.class); kafkaProducer.send(m); }\n",
            "}\n",
        );
        let found = published("services/orders/src/main/java/P.java", producer);
        assert_eq!(found, ["Publishes amqp const:app.order-key", "Publishes amqp const:rabbit-template:services/orders:salesRabbitTemplate", "Publishes amqp audit"]);
        let own = "import org.springframework.amqp.rabbit.core.RabbitTemplate;\nclass S {\n  S(ConnectionFactory f) { template = new RabbitTemplate(f); template.setRoutingKey(\"orders\"); }\n  void s(Order o) { template.convertAndSend(o); other.convertAndSend(o); }\n}\n";
        assert_eq!(published("src/main/java/S.java", own), ["Publishes amqp orders", "Publishes amqp const:rabbit-template::other"]);
        let jms = "import org.springframework.jms.core.JmsTemplate;\nclass J { void s(Order o) { jmsTemplate.convertAndSend(\"orders\", o, m -> m); jmsTemplate.convertAndSend(o); } }\n";
        assert_eq!(published("src/main/java/J.java", jms), ["Publishes jms orders"], "a JMS template's default destination is not read");
        // Lakeside Mutual: a JMS queue named by a field Spring fills.
        let lakeside = "import org.springframework.jms.core.JmsTemplate;\nclass P {\n  @Value(\"${riskmanagement.queueName}\")\n  private String queueName;\n  void send(Object e) { jmsTemplate.convertAndSend(queueName, e); }\n}\n";
        assert_eq!(published("src/main/java/P.java", lakeside), ["Publishes jms const:riskmanagement.queueName"]);
        // A public method's key no call of the file fills: other files' calls fill it.
        let publisher = "package shop.events;\nimport org.springframework.amqp.rabbit.core.RabbitTemplate;\npublic class EventPublisher {\n  public void publish(String routingKey, Object event) { rabbitTemplate.convertAndSend(\"shop\", routingKey, event); }\n}\n";
        // The exchange is a channel too (`amqp_exchanges`).
        assert_eq!(published("src/main/java/shop/events/EventPublisher.java", publisher), ["Publishes amqp shop", "Publishes amqp param:shop.events.EventPublisher.publish#0"]);
    }

    #[test]
    fn a_template_beans_default_key_is_a_constant() {
        let config = concat!(
            "import org.springframework.amqp.rabbit.core.RabbitTemplate;\n",
            "class C {\n",
            "  C(@Value(\"${rabbitmq.routing-key.so-submit}\") String submitRoutingKey) { this.submitRoutingKey = submitRoutingKey; }\n",
            "  @Bean\n  public RabbitTemplate salesRabbitTemplate(ConnectionFactory f) {\n    RabbitTemplate template = new RabbitTemplate(f);\n    template.setExchange(exchange);\n    template.setRoutingKey(submitRoutingKey);\n    return template;\n  }\n",
            "  @Bean(name = \"plain\")\n  @Primary\n  RabbitTemplate other(ConnectionFactory f) { return new RabbitTemplate(f); }\n",
            "  @Bean\n  fun audit(f: ConnectionFactory): RabbitTemplate = RabbitTemplate(f).apply {\n    routingKey = \"audit\"\n  }\n",
            "  @Bean\n  public Queue queue() { return new Queue(\"q\"); }\n",
            "}\n",
        );
        let mut facts = FileFacts::default();
        template_defaults(&mut facts, ("svc/src/main/java/C.java", "java"), config, &Lines::new(config));
        let found: Vec<String> = facts.edges.iter().map(|edge| format!("{} {}", edge.to, serde_json::Value::Object(edge.props.clone()))).collect();
        assert_eq!(found, [
            "constant:rabbit-template:svc:salesRabbitTemplate {\"refers_to\":\"rabbitmq.routing-key.so-submit\"}",
            "constant:rabbit-template:svc: {\"refers_to\":\"rabbit-template:svc:salesRabbitTemplate\"}",
            "constant:rabbit-template:svc:plain {\"value\":\"\"}",
            "constant:rabbit-template:svc: {\"refers_to\":\"rabbit-template:svc:plain\"}",
            "constant:rabbit-template:svc:audit {\"value\":\"audit\"}",
            "constant:rabbit-template:svc: {\"refers_to\":\"rabbit-template:svc:audit\"}",
        ]);
    }

    #[test]
    fn listeners_and_bindings_subscribe() {
        let spring = "import org.springframework.amqp.rabbit.core.RabbitTemplate;\nBinding b(Queue q, TopicExchange e) { return BindingBuilder.bind(q).to(e).with(\"orders.paid\"); }\n@RabbitListener(queues = \"shipping\")\nvoid on(Msg m) {}\n";
        assert_eq!(published("src/main/java/B.java", spring), ["Subscribes amqp orders.paid", "Subscribes amqp shipping"]);
    }
}
