//! NestJS microservices (`@nestjs/microservices`). Services meet on a message pattern, not on
//! a URL, whatever the transport (TCP, Redis, NATS, RabbitMQ, Kafka, MQTT):
//! - a handler's `@MessagePattern('orders.create')` (request and reply) or
//!   `@EventPattern('order_created')` (events) subscribes to the pattern;
//! - a client's `this.orders.send('orders.create', dto)` or `.emit('order_created', order)`
//!   publishes it, where the receiver is a field or variable declared as a client
//!   (`ClientProxy`, `ClientKafka`, `ClientRMQ`, `ClientNats`, `ClientRedis`, `ClientTCP`,
//!   `ClientMqtt`), or one named like one (`this.client`, `this.tokenServiceClient`).
//!
//! A pattern is a string, a constant (resolved among the repo's constants when another file
//! holds it), or an object such as `{ cmd: 'sum' }`, read as the channel `cmd:sum` (keys in
//! order, as Nest serializes them). Over Kafka, RabbitMQ or NATS the pattern is the topic,
//! queue or subject, so a channel of that name another service uses meets it too. Only files
//! that import `@nestjs/microservices` are read.

use std::sync::LazyLock;

use regex::Regex;

use super::calls::{arguments, enclosed, split_top_level, string_constants, string_literal, Lines};
use super::messaging::{names_of, ChannelUse, Direction};

/// Words a file using NestJS's microservices holds; [`uses`] reads no other file.
pub(super) const GATE_WORDS: &[&str] = &["@nestjs/microservices"];

const PROTOCOL: &str = "nestjs";

static HANDLER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"@(?:MessagePattern|EventPattern)\s*\(").expect("a valid regex"));
/// A client's declaration: `private readonly orders: ClientProxy`, `client: ClientKafka`.
static CLIENT_FIELD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b(\w+)\s*[?!]?\s*:\s*Client(?:Proxy|Kafka|RMQ|Nats|Redis|TCP|Mqtt|Grpc)\b").expect("a valid regex"));
/// `.send(` or `.emit(` on a receiver: `this.orders.send(`, `client.emit(`.
static SEND: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(?:this\s*\.\s*)?(\w+)\s*\.\s*(send|emit)\s*(?:<[^>()]*>)?\s*\(").expect("a valid regex"));

pub(super) fn uses(extension: &str, text: &str, lines: &Lines<'_>) -> Vec<ChannelUse> {
    let mut found = Vec::new();
    if !matches!(extension, "ts" | "js" | "mjs" | "cjs") || !text.contains("@nestjs/microservices") {
        return found;
    }
    let constants = string_constants(text);
    let lookup = |name: &str| constants.get(name).cloned();
    let patterns = |argument: &str| -> Vec<String> {
        let argument = argument.trim();
        if argument.starts_with('{') { object_pattern(argument).into_iter().collect() } else { names_of(argument, &lookup) }
    };
    for whole in HANDLER.find_iter(text).filter(|whole| !lines.is_comment(whole.start())) {
        let Some((arguments, _)) = arguments(text, whole.end() - 1) else { continue };
        for name in arguments.first().map(|first| patterns(first)).unwrap_or_default() {
            found.push(ChannelUse { offset: whole.start(), direction: Direction::Subscribes, name, protocol: PROTOCOL });
        }
    }
    let clients: Vec<&str> = CLIENT_FIELD.captures_iter(text).filter_map(|captures| captures.get(1)).map(|name| name.as_str()).collect();
    for captures in SEND.captures_iter(text) {
        let (Some(whole), Some(receiver)) = (captures.get(0), captures.get(1)) else { continue };
        let receiver = receiver.as_str();
        if lines.is_comment(whole.start()) || !(clients.contains(&receiver) || receiver.to_lowercase().ends_with("client")) {
            continue;
        }
        let Some((arguments, _)) = arguments(text, whole.end() - 1) else { continue };
        for name in arguments.first().map(|first| patterns(first)).unwrap_or_default() {
            found.push(ChannelUse { offset: whole.start(), direction: Direction::Publishes, name, protocol: PROTOCOL });
        }
    }
    found
}

/// `{ cmd: 'sum' }` -> `cmd:sum`; `{ role: 'math', cmd: 'sum' }` -> `cmd:sum,role:math`. Every
/// value a literal (a string, a number or a boolean), else no pattern is known.
fn object_pattern(argument: &str) -> Option<String> {
    let (inner, _) = enclosed(argument, 0)?;
    let mut pairs = Vec::new();
    for item in split_top_level(inner) {
        let (key, value) = item.split_once(':')?;
        let key = key.trim().trim_matches(['"', '\'']);
        let value = value.trim();
        let value = match string_literal(value) {
            Some(text) => text,
            None if value.chars().all(|character| character.is_ascii_alphanumeric() || character == '.') && !value.is_empty() => value,
            None => return None,
        };
        if key.is_empty() || !key.chars().all(|character| character.is_ascii_alphanumeric() || character == '_') {
            return None;
        }
        pairs.push(format!("{key}:{value}"));
    }
    pairs.sort();
    (!pairs.is_empty()).then(|| pairs.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn channels(text: &str) -> Vec<String> {
        uses("ts", text, &Lines::new(text)).iter().map(|found| format!("{:?} {}", found.direction, found.name)).collect()
    }

    #[test]
    fn handlers_subscribe_and_clients_publish_their_patterns() {
        let controller = "import { MessagePattern, EventPattern } from '@nestjs/microservices';\n\n@Controller()\nexport class TokenController {\n  @MessagePattern('token_create')\n  create(data) {}\n\n  @EventPattern({ cmd: 'sum', role: \"math\" })\n  sum(data) {}\n  // @MessagePattern('old_pattern')\n}\n";
        assert_eq!(channels(controller), ["Subscribes token_create", "Subscribes cmd:sum,role:math"]);
        let gateway = "import { ClientProxy } from '@nestjs/microservices';\n\nexport class UsersController {\n  constructor(\n    @Inject('TOKEN_SERVICE') private readonly tokenServiceClient: ClientProxy,\n    @Inject('MAILER') private readonly mailer: ClientProxy,\n  ) {}\n  async login() {\n    const token = await firstValueFrom(this.tokenServiceClient.send('token_create', { userId }));\n    this.mailer.emit<string>('mail_send', { to });\n    res.send('ok');\n    this.events.emit('local');\n  }\n}\n";
        assert_eq!(channels(gateway), ["Publishes token_create", "Publishes mail_send"], "Express's res.send and an EventEmitter's emit are no clients");
    }

    #[test]
    fn files_without_nest_microservices_name_no_pattern() {
        let express = "import express from 'express';\nconst client = makeClient();\nclient.send('orders.create', body);\n";
        assert!(channels(express).is_empty());
    }
}
