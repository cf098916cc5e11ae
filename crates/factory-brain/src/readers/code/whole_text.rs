//! The passes of the code reader that look at a file's whole text rather than line by line:
//! routes ([`super::routes`]), channels ([`super::messaging`]), a `server.addService(` split
//! over lines, env vars destructured from `process.env`. A gate of plain words keeps them off
//! the many files that hold none of their words.

use std::collections::BTreeSet;
use std::sync::LazyLock;

use regex::Regex;
use serde_json::json;

use super::calls::Lines;
use super::routes::{self, Routes};
use super::{is_env_name, messaging, Edges};
use crate::model::{FileFacts, Method};
use crate::net::env_key_prefix;

/// The method of a `route:` placeholder that names a prefix routes are mounted under, not a
/// route (see `resolve::edges`).
pub const PREFIX: &str = "PREFIX";

/// For each language (the last for any other), the words of which a file holds at least one
/// when a whole-text pass can find anything in it (a route, a channel, `addService`,
/// `process.env`): most files hold none, and one search tells. Words of two bytes or more go
/// in one plain-word regex (a SIMD scan); a one-byte word (Python's `@`) would slow that
/// scan down for every word, so it is looked for on its own.
pub(super) struct Gate {
    extensions: &'static [&'static str],
    words: regex::bytes::Regex,
    bytes: Vec<u8>,
}

impl Gate {
    pub(super) fn opens(&self, text: &str) -> bool {
        self.bytes.iter().any(|byte| text.as_bytes().contains(byte)) || self.words.is_match(text.as_bytes())
    }
}

/// The gate for files with this extension.
pub(super) fn gate(extension: &str) -> Option<&'static Gate> {
    WHOLE_TEXT_GATES.iter().find(|gate| gate.extensions.contains(&extension)).or(WHOLE_TEXT_GATES.last())
}

/// The facts of constructs found over the whole text rather than line by line: multi-line
/// gRPC registrations, env vars destructured from `process.env`, routes and channels.
/// `file` is the file's path and its extension, lower-cased.
pub(super) fn facts(facts: &mut FileFacts, edges: &mut Edges<'_>, file: (&str, &str), text: &str, lines: &Lines<'_>, declared: &Routes) {
    let (_, extension) = file;
    if text.contains("addService") {
        for captures in ADD_SERVICE.captures_iter(text) {
            let (Some(whole), Some(service)) = (captures.get(0), captures.get(1)) else { continue };
            if !lines.is_comment(whole.start()) {
                edges.push(facts, format!("grpc:{}", service.as_str()), "provides", json!({"via": "grpc server"}), lines.number(whole.start()), 0.9);
            }
        }
    }
    if text.contains("process.env") {
        for captures in ENV_DESTRUCTURING.captures_iter(text) {
            let Some(names) = captures.get(1) else { continue };
            let mut offset = names.start();
            for item in names.as_str().split(',') {
                let name = item.split([':', '=']).next().unwrap_or("").trim();
                if is_env_name(name)
                    && let Some(prefix) = env_key_prefix(name)
                {
                    let line = lines.number(offset + item.len() - item.trim_start().len());
                    edges.push(facts, format!("env:{prefix}"), "depends_on", json!({"env": name}), line, 0.75);
                }
                offset += item.len() + 1;
            }
        }
    }
    for route in &declared.routes {
        let via = if route.mount { "mount in code" } else { "route in code" };
        let mut props = json!({"via": via});
        if route.relative {
            props["relative"] = json!(true);
        }
        // What the route answers with, when its handler's code says it whole.
        if let Some(keys) = super::handlers::answered_keys(extension, text, route.offset) {
            props["returns"] = json!(keys);
        } else if let Some(type_name) = super::handlers::answered_type(extension, text, route.offset) {
            // Or the type its signature declares, whose fields the component declares somewhere.
            props["returns_type"] = json!(type_name);
        } else if super::handlers::answers_untyped_value(extension, text, route.offset) {
            // Or a value whose type the file does not tell: likely the resource the path names.
            props["returns_resource"] = json!(true);
        }
        // The model its handler takes the request body as (FastAPI's `body: OrderCreate`).
        if let Some(type_name) = super::handlers::accepted_type(extension, text, route.offset) {
            props["accepts_type"] = json!(type_name);
        }
        // An axum route's handler named by path, whose signature another file may tell.
        if extension == "rs"
            && props.get("returns_type").is_none()
            && let Some(handler) = super::handlers::rust::routed_handler(text, route.offset, &route.method)
        {
            props["handler"] = json!(handler);
        }
        edges.push(facts, format!("route:{} {}", route.method, route.path), "provides", props, lines.number(route.offset), 0.8);
    }
    if extension == "rs" {
        for (name, offset, signature) in super::handlers::rust::signatures(text) {
            let props = json!({"returns_type": signature.returns, "accepts_type": signature.accepts});
            edges.push(facts, format!("function:{name}"), HANDLER_TYPES, props, lines.number(offset), 0.75);
        }
    }
    for (offset, prefix) in &declared.prefixes {
        let mut props = json!({"via": "prefix in code"});
        // Express's `app.use("/v1/garages", garages)` of a router another file of the repo defines.
        if let Some(module) = mounted_module(file, text, *offset) {
            props["module"] = json!(module);
        }
        edges.push(facts, format!("route:{PREFIX} {prefix}"), "provides", props, lines.number(*offset), 0.8);
    }
    let dapr = super::dapr::uses(file.1, text, lines);
    for (offset, app) in &dapr.invoked {
        edges.push(facts, format!("host:{}", app.to_lowercase()), "depends_on", json!({"via": "dapr invoke", "app_id": app}), lines.number(*offset), 0.85);
    }
    let nameko = super::nameko::uses(file.1, text, lines);
    for (offset, service) in &nameko.called {
        edges.push(facts, format!("host:{}", service.to_lowercase()), "depends_on", json!({"via": "nameko rpc", "service": service}), lines.number(*offset), 0.85);
    }
    let kitex = super::kitex::uses(file.1, text, lines);
    for (offset, service) in &kitex.called {
        edges.push(facts, format!("host:{}", service.to_lowercase()), "depends_on", json!({"via": "kitex client", "service": service}), lines.number(*offset), 0.85);
    }
    for (offset, service) in &kitex.consumed {
        edges.push(facts, format!("grpc:{service}"), "consumes", json!({"via": "kitex client"}), lines.number(*offset), 0.85);
    }
    for (offset, service) in &kitex.served {
        edges.push(facts, format!("grpc:{service}"), "provides", json!({"via": "kitex server"}), lines.number(*offset), 0.9);
    }
    let mut channels = BTreeSet::new();
    let uses = messaging::channel_uses(file, text, lines)
        .into_iter()
        .chain(super::events::typed_uses(file.1, text, lines))
        .chain(dapr.channels)
        .chain(super::dapr_pubsub::uses(text, lines))
        .chain(super::topic_tables::uses(file.1, text, lines))
        .chain(kitex.channels)
        .chain(super::stream_bindings::binding_uses(text, lines))
        .chain(super::channel_classes::class_uses(text, lines))
        .chain(nameko.channels)
        .chain(super::nestjs::uses(file.1, text, lines))
        .chain(super::reactive_messaging::channel_uses(file, text, lines))
        .chain(super::go_messaging::uses(file.1, text, lines))
        .chain(super::stored_topics::uses(file.1, text, lines))
        .chain(super::sqs::uses(file.1, text, lines))
        .chain(super::spring_amqp::uses(file, text, lines))
        .chain(super::redis_streams::uses(file.1, text, lines))
        .chain(super::rabbit_decorators::uses(file.1, text, lines))
        .chain(super::go_amqp_options::uses(file.1, text, lines));
    super::stored_topics::relay_constants(facts, file.1, text, lines);
    for mut channel in uses {
        let line = lines.number(channel.offset);
        // A type's member (`Subjects.OrderCreated`): its constant, else its whole name.
        let member = channel.name.strip_prefix(super::channel_classes::MEMBER_PREFIX).map(str::to_string);
        if let Some(member) = &member {
            channel.name = format!("{}{}", messaging::CONSTANT_PREFIX, member.rsplit('.').next().unwrap_or(member));
        }
        if let Some(constant) = channel.name.strip_prefix(messaging::CONSTANT_PREFIX) {
            let mut props = json!({"via": format!("{} client", channel.protocol), "protocol": channel.protocol});
            // An SQS queue's env var no one sets names the queue by its words.
            if let Some(name) = constant.strip_prefix(messaging::ENV_CONSTANT).filter(|_| channel.protocol == super::sqs::PROTOCOL).and_then(super::sqs::unset_name) {
                props[super::sqs::UNSET_NAME] = json!(name);
            }
            if let Some(member) = member {
                props[super::sqs::UNSET_NAME] = json!(member);
            }
            edges.push(facts, format!("channel-constant:{constant}"), channel.direction.edge_kind(), props, line, 0.75);
            continue;
        }
        // A parameter other files' calls fill, paired in resolution.
        if let Some(parameter) = channel.name.strip_prefix(super::passed_channels::PARAMETER_PREFIX) {
            let props = json!({"via": format!("{} client", channel.protocol), "protocol": channel.protocol});
            edges.push(facts, format!("{}{parameter}", super::passed_channels::CHANNEL_PARAMETER), channel.direction.edge_kind(), props, line, 0.75);
            continue;
        }
        if channels.insert(channel.name.clone()) {
            facts.node("channel", &channel.name, json!({"address": channel.name, "protocol": channel.protocol}), &format!("L{line}"), Method::Inferred);
        }
        edges.push(facts, format!("channel:{}", channel.name), channel.direction.edge_kind(), json!({"via": format!("{} client", channel.protocol)}), line, 0.8);
    }
}

/// The repo path, without its extension, of the module whose router the prefix registration at
/// `offset` mounts (`app.use("/x", orders)` after `const orders = require("./routes/orders")`
/// or `import orders from "./routes/orders"`, or `app.use("/x", require("./routes/orders"))`),
/// for a JavaScript or TypeScript file; for Python, FastAPI's `include_router(..)` and Flask's
/// `register_blueprint(..)` ([`routes::python_routers::included_module`]).
fn mounted_module((path, extension): (&str, &str), text: &str, offset: usize) -> Option<String> {
    static REQUIRED: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"^require\(\s*['"](\.{1,2}/[^'"]+)['"]\s*\)$"#).expect("a valid regex"));
    if extension == "py" {
        return routes::python_routers::included_module(path, text, offset);
    }
    if !matches!(extension, "js" | "mjs" | "cjs" | "ts" | "jsx" | "tsx") {
        return None;
    }
    let open = offset + text[offset..].find('(')?;
    let (arguments, _) = super::calls::arguments(text, open)?;
    let mounted = arguments.get(1)?.trim();
    let specifier = match REQUIRED.captures(mounted) {
        Some(required) => required[1].to_string(),
        None => {
            if !mounted.chars().all(|character| character.is_alphanumeric() || character == '_' || character == '$') || mounted.is_empty() {
                return None;
            }
            let word = regex::escape(mounted);
            let binding = Regex::new(&format!(r#"(?:(?:const|let|var)\s+{word}\s*=\s*require\(\s*|import\s+{word}\s+from\s+)['"](\.{{1,2}}/[^'"]+)['"]"#)).ok()?;
            binding.captures(text)?[1].to_string()
        }
    };
    let mut parts: Vec<&str> = path.split('/').collect();
    parts.pop();
    for segment in specifier.split('/') {
        match segment {
            "." => {}
            ".." => {
                parts.pop()?;
            }
            segment => parts.push(segment),
        }
    }
    let joined = parts.join("/");
    let stem = [".js", ".mjs", ".cjs", ".ts", ".jsx", ".tsx"].iter().find_map(|extension| joined.strip_suffix(extension)).unwrap_or(&joined);
    Some(stem.to_string())
}

/// The edge stating a handler function's wire types (`self -> function:create_appointment`,
/// with `returns_type` and `accepts_type`), for resolution to give the routes naming it.
pub(crate) const HANDLER_TYPES: &str = "handler_types";

static WHOLE_TEXT_GATES: LazyLock<Vec<Gate>> = LazyLock::new(|| {
    let shared: Vec<&str> = messaging::GATE_WORDS
        .iter()
        .chain(super::events::GATE_WORDS)
        .chain(super::events::TYPE_SWITCH_GATE)
        .chain(super::dapr::GATE_WORDS)
        .chain(super::dapr_pubsub::GATE_WORDS)
        .chain(super::topic_tables::GATE_WORDS)
        .chain(super::stream_bindings::GATE_WORDS)
        .chain(super::channel_classes::GATE_WORDS)
        .chain(super::nameko::GATE_WORDS)
        .chain(super::kitex::GATE_WORDS)
        .chain(super::nestjs::GATE_WORDS)
        .chain(super::reactive_messaging::GATE_WORDS)
        .chain(super::go_messaging::GATE_WORDS)
        .chain(super::stored_topics::GATE_WORDS)
        .chain(super::sqs::GATE_WORDS)
        .chain(super::spring_amqp::GATE_WORDS)
        .chain(super::redis_streams::GATE_WORDS)
        .chain(super::rabbit_decorators::GATE_WORDS)
        .chain(super::go_amqp_options::GATE_WORDS)
        .chain(&["addService", "process.env"])
        .copied()
        .collect();
    let gate = |extensions: &'static [&'static str], words: Vec<&str>| {
        let (bytes, words): (Vec<&str>, Vec<&str>) = words.into_iter().partition(|word| word.len() == 1);
        let words = words.iter().map(|word| regex::escape(word)).collect::<Vec<_>>().join("|");
        Gate { extensions, words: regex::bytes::Regex::new(&words).expect("a valid regex"), bytes: bytes.iter().map(|word| word.as_bytes()[0]).collect() }
    };
    let mut languages: Vec<(&'static [&'static str], Vec<&str>)> = Vec::new();
    for &(extensions, words) in routes::GATE_WORDS {
        match languages.iter_mut().find(|(known, _)| *known == extensions) {
            Some((_, known)) => known.extend(words),
            None => languages.push((extensions, words.to_vec())),
        }
    }
    let mut gates: Vec<Gate> = languages.into_iter().map(|(extensions, words)| gate(extensions, words.into_iter().chain(shared.iter().copied()).collect())).collect();
    gates.push(gate(&[], shared));
    gates
});

/// grpc-js's `server.addService(pkg.Orders.service, ...)`, also split over lines.
static ADD_SERVICE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"addService\s*\(\s*[\w.]*?(\w+)\.service\b").expect("a valid regex"));
/// `const { CART_ADDR = '', AD_ADDR } = process.env;`
static ENV_DESTRUCTURING: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\{([^{}]*)\}\s*=\s*process\.env\b").expect("a valid regex"));

#[cfg(test)]
mod tests {
    use super::*;
    use crate::readers::code::tests::generated;

    #[test]
    fn a_text_the_whole_text_gate_keeps_closed_holds_nothing_for_the_whole_text_passes() {
        const CONSTRUCTS: &[&str] = &[
            "\n", " ", "(", ")", "{", "}", "\"", "'", ",", "=", "/", "/orders", "orders", "x.", "class ", "Orders", "@app.route(", "@router.get(",
            "r.HandleFunc(", ".Methods(\"POST\").Path(", ".PathPrefix(", "r.GET(", "r.Get(", "router.post(", "app.get(", "app.use(", "@GetMapping(",
            "@RequestMapping(", "@PostMapping", "@Path(", "@GET", "@Get(", "@Controller(", "[HttpGet(", "[HttpPost]", "[Route(", ".MapGet(", "#[post(",
            "$app->post(", "$app->group(", "Route::get(", "#[Route(", "post ", "get(", "route(", "path(", "url_prefix=", "web.get(", ".add_get(",
            "web::scope(", ".route(", "method: 'GET', path: ", "producer.send(", "subscribe(", "Subscribe(", "convertAndSend(", "setQueueNames(",
            "@KafkaListener(topics = ", "@RabbitListener(queues = ", "ProducerRecord(", "KafkaConsumer(", "ProducerMessage{Topic: ",
            "kafka.Message{Topic: ", "ReaderConfig{Topic: ", "basic_publish(routing_key=", "basic_consume(queue=", "ch.consume(", "sendToQueue(",
            "nc.Publish(", "Consume(ctx, ", "ProduceAsync(", "addService(", "process.env", "sarama", "kafka", "amqp", "nats-io", "jms",
            "dispatcher.onGet(/^\\/x\\/[0-9]*/", ".onPost('/x'", "server.mount_proc '/x'", ".mount(\"/x\"", "queue_bind(queue=q, routing_key=", "ch.QueueBind(",
            "BindingBuilder.bind(q).to(e).with(", "ch.bindQueue(", "ck.Message{Topic: topic}", "\"github.com/segmentio/kafka-go\"",
            "b.AddConsumers(e.Paid{}, ", "\"rabbitmq\"", "p.producer.PublishMessage(ctx, e.NewPaid(", "new Outbox(topic", "save(topic = \"t\")",
            "boto3.client(\"sqs\")", "send_message(QueueUrl=", "receive_message(QueueUrl=u", "q = sqs.get_queue_by_name(QueueName=\"q\")", "q.send_message(",
            "redis", "r.xadd(", "xReadGroup('g', 'c', { key: ", "StreamOffset.create(", ".withStreamKey(", "MapRecord.create(", "opsForStream().add(", "ops = t.opsForStream();", "ops.add(",
            "&redis.XAddArgs{Stream: ", "XReadGroupArgs{Streams: []string{", "'STREAMS', ", "LIST.forEach(k -> ", "StreamReadGroup(",
            "@RabbitSubscribe({ routingKey: ", "@Subscribe({ exchange: E, routingKey: ", "this.amqpConnection.publish(", "rabbitService.request({ routingKey: ",
            "pkgPublisher.ExchangeName(", "consumer.ExChangeName(", "pub.BindingKey(", "sub.QueueName(", "publisher.MessageTypeName(", "producer.WithRoutingKey(",
            "\"rabbitmq/publisher\"", "<-chan amqp091.Delivery", "switch d.Type {", "switch delivery.RoutingKey {", "case \"t\":", "case \"a\", \"b\":",
            "p.publishEvent(\"t\", d)", "PublishEventAsync(\"t\", d)", "'/dapr/subscribe'", "{ pubsubname: 'p', topic: 't' }", "const TOPIC_HANDLERS = {", "'t': h", "TOPIC_HANDLERS[topic]",
        ];
        let extensions = ["go", "java", "kt", "js", "ts", "py", "rb", "rs", "php", "cs", "swift"];
        for seed in 0..4000 {
            let text = generated(seed, 14, CONSTRUCTS);
            for extension in extensions {
                for file_name in ["urls.py", "routes.rb", "main"] {
                    let lines = Lines::new(&text);
                    let found = !routes::routes(extension, file_name, &text, &lines).declarations.is_empty()
                        || !messaging::channel_uses((file_name, extension), &text, &lines).is_empty()
                        || !super::super::events::typed_uses(extension, &text, &lines).is_empty()
                        || !super::super::dapr::uses(extension, &text, &lines).channels.is_empty()
                        || !super::super::dapr_pubsub::uses(&text, &lines).is_empty()
                        || !super::super::topic_tables::uses(extension, &text, &lines).is_empty()
                        || !super::super::go_messaging::uses(extension, &text, &lines).is_empty()
                        || !super::super::stored_topics::uses(extension, &text, &lines).is_empty()
                        || !super::super::sqs::uses(extension, &text, &lines).is_empty()
                        || !super::super::spring_amqp::uses((file_name, extension), &text, &lines).is_empty()
                        || !super::super::redis_streams::uses(extension, &text, &lines).is_empty()
                        || !super::super::rabbit_decorators::uses(extension, &text, &lines).is_empty()
                        || !super::super::go_amqp_options::uses(extension, &text, &lines).is_empty()
                        || text.contains("addService")
                        || text.contains("process.env");
                    let opens = gate(extension).is_some_and(|gate| gate.opens(&text));
                    assert!(!found || opens, "{extension} {file_name}: {text:?}");
                }
            }
        }
    }
}
