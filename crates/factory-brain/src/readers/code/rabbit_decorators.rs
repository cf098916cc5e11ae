//! RabbitMQ in NestJS services through decorators and a connection's `publish`, not amqplib's
//! calls: golevelup's `@golevelup/nestjs-rabbitmq` subscribes a handler with
//! `@RabbitSubscribe({ exchange: 'orders', routingKey: 'order.created', queue: 'billing' })`
//! (`@RabbitRPC` answers) and publishes with `amqpConnection.publish('orders',
//! 'order.created', order)` or `amqpConnection.request({ exchange, routingKey, payload })`.
//! lequochung19971's nestjs-microservices wraps amqplib in a shared package the same way:
//! `@Subscribe({ exchange: Exchange.EVENTS, routingKey: RoutingKey.PRODUCT_CREATED })` on a
//! consumer's method, `this.rabbitMQService.publish(Exchange.EVENTS, RoutingKey.PRODUCT_CREATED,
//! product)` in a publisher.
//!
//! The routing key is the channel, as for an AMQP binding (a `RoutingKey` enum of another
//! file is resolved among the repo's constants). A decorator counts only with a `routingKey`
//! in its object; a `publish` only on a receiver named for RabbitMQ or AMQP
//! (`amqpConnection`, `rabbitMQService`), with the exchange first and the key second.

use std::sync::LazyLock;

use regex::Regex;

use super::calls::{arguments, enclosed, named, split_top_level, Lines};
use super::config_names::file_constants;
use super::messaging::{names_of, ChannelUse, Direction};

/// Words a file subscribing or publishing so holds; [`uses`] reads no other file.
pub(super) const GATE_WORDS: &[&str] = &["routingKey", "amqp", "Amqp", "abbit"];

const PROTOCOL: &str = "amqp";

/// A handler's decorator: golevelup's `@RabbitSubscribe(`, `@RabbitRPC(`, a wrapper's own
/// `@Subscribe(`.
static DECORATOR: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"@(?:RabbitSubscribe|RabbitRPC|Subscribe|RabbitHandler)\s*\(").expect("a valid regex"));
/// `.publish(` or `.request(` on a receiver: `this.amqpConnection.publish(`.
static PUBLISH: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(\w+)\s*\.\s*(publish|request)\s*(?:<[^>()]*>)?\s*\(").expect("a valid regex"));

pub(super) fn uses(extension: &str, text: &str, lines: &Lines<'_>) -> Vec<ChannelUse> {
    let mut found = Vec::new();
    if !matches!(extension, "ts" | "js" | "mjs" | "cjs") || !GATE_WORDS.iter().any(|word| text.contains(word)) {
        return found;
    }
    let constant = file_constants(text);
    let constants: &dyn Fn(&str) -> Option<String> = &constant;
    let routing_keys = |object: &str| -> Vec<String> {
        let Some((inner, _)) = enclosed(object.trim(), 0).filter(|_| object.trim().starts_with('{')) else { return Vec::new() };
        split_top_level(inner).iter().filter_map(|item| named(item, "routingKey")).flat_map(|key| names_of(key, constants)).collect()
    };
    for whole in DECORATOR.find_iter(text).filter(|whole| !lines.is_comment(whole.start())) {
        let Some((passed, _)) = arguments(text, whole.end() - 1) else { continue };
        let names = passed.first().map(|first| routing_keys(first)).unwrap_or_default();
        found.extend(names.into_iter().map(|name| ChannelUse { offset: whole.start(), direction: Direction::Subscribes, name, protocol: PROTOCOL }));
    }
    for captures in PUBLISH.captures_iter(text) {
        let (Some(whole), Some(receiver), Some(verb)) = (captures.get(0), captures.get(1), captures.get(2)) else { continue };
        let receiver = receiver.as_str().to_ascii_lowercase();
        if lines.is_comment(whole.start()) || !(receiver.contains("rabbit") || receiver.contains("amqp")) {
            continue;
        }
        let Some((passed, _)) = arguments(text, whole.end() - 1) else { continue };
        let names = match (verb.as_str(), passed.as_slice()) {
            ("publish", [_, key, _, ..]) => names_of(key, constants),
            ("publish" | "request", [object]) => routing_keys(object),
            _ => Vec::new(),
        };
        found.extend(names.into_iter().map(|name| ChannelUse { offset: whole.start(), direction: Direction::Publishes, name, protocol: PROTOCOL }));
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(extension: &str, text: &str) -> Vec<String> {
        uses(extension, text, &Lines::new(text)).into_iter().map(|found| format!("{} {}", found.direction.edge_kind(), found.name)).collect()
    }

    #[test]
    fn golevelups_decorators_and_connection() {
        let consumer = "import { RabbitSubscribe } from '@golevelup/nestjs-rabbitmq';\n@Injectable()\nexport class Billing {\n  @RabbitSubscribe({ exchange: 'orders', routingKey: 'order.created', queue: 'billing' })\n  onCreated(msg: Order) {}\n  @RabbitRPC({ exchange: 'orders', routingKey: ['order.quote', 'order.price'] })\n  quote() {}\n  // @RabbitSubscribe({ exchange: 'orders', routingKey: 'order.old' })\n}\n";
        assert_eq!(found("ts", consumer), ["subscribes order.created", "subscribes order.quote", "subscribes order.price"]);
        let publisher = "const ORDER_PAID = 'order.paid';\nexport class Orders {\n  constructor(private readonly amqpConnection: AmqpConnection) {}\n  async pay() {\n    await this.amqpConnection.publish('orders', ORDER_PAID, order);\n    await this.amqpConnection.request({ exchange: 'orders', routingKey: 'order.quote', payload: {} });\n    await this.eventBus.publish('orders', 'order.lost', order);\n  }\n}\n";
        assert_eq!(found("ts", publisher), ["publishes order.paid", "publishes order.quote"]);
    }

    #[test]
    fn a_wrappers_decorator_needs_a_routing_key_and_its_publish_a_rabbit_receiver() {
        let consumer = "export class InventoryConsumers {\n  @Subscribe({ exchange: Exchange.EVENTS, routingKey: RoutingKey.PRODUCT_CREATED })\n  created() {}\n  @Subscribe('product.viewed')\n  viewed() {}\n}\n";
        assert_eq!(found("ts", consumer), ["subscribes const:RoutingKey.PRODUCT_CREATED"]);
        let publisher = "export class ProductsPublishers {\n  created(p) { this.rabbitMQService.publish(Exchange.EVENTS, RoutingKey.PRODUCT_CREATED, p); }\n}\n";
        assert_eq!(found("ts", publisher), ["publishes const:RoutingKey.PRODUCT_CREATED"]);
        assert!(found("py", publisher).is_empty());
    }
}
