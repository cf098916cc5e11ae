//! MassTransit's RabbitMQ receive endpoints bound by routing key, as a consumer of raw JSON
//! published by another stack binds them (the notify service of the planted-mismatch
//! evaluation, orgF: `cfg.ReceiveEndpoint("notify.shipping-dispatched", e => { e.Bind("shipping",
//! b => { b.RoutingKey = "shipping.dispatched"; }); e.ConfigureConsumer<ShipmentDispatchedConsumer>(ctx); })`).
//! The endpoint subscribes to each routing key its bindings name (an exchange bound with no key,
//! fanout, to the exchange), for the consumers it configures; a consumer class
//! (`ShipmentDispatchedConsumer : IConsumer<ShipmentDispatched>`) says which message type it
//! receives ([`RECEIVES`]). Resolution joins the two: the type's properties are read from the
//! message on the routing key's channel ([`crate::model::Binding::Message`]).

use std::sync::LazyLock;

use regex::Regex;
use serde_json::json;

use super::calls::{enclosed_within, split_top_level, string_constants, string_literal, Lines};
use crate::model::FileFacts;

/// The edge kind by which a file says a consumer class (`consumer` in the props) receives a
/// message type (`type:<holder>`).
pub(crate) const RECEIVES: &str = "receives";

/// The props key of an endpoint's `subscribes` edge naming the consumer classes it configures.
pub(crate) const CONSUMERS: &str = "consumers";

static RECEIVE_ENDPOINT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\bReceiveEndpoint\s*\(").expect("a valid regex"));
/// `e.Bind("shipping", b => ..)`, `e.Bind("shipping")`.
static BIND: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\.\s*Bind\s*\(").expect("a valid regex"));
/// `b.RoutingKey = "shipping.dispatched"`, or a constant.
static ROUTING_KEY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"\bRoutingKey\s*=\s*("[^"\n]*"|[A-Za-z_][\w.]*)"#).expect("a valid regex"));
/// `e.ConfigureConsumer<C>(ctx)`, `e.Consumer<C>()`.
static CONSUMER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b(?:ConfigureConsumer|Consumer)\s*<\s*(?:\w+\.)*(\w+)\s*>").expect("a valid regex"));
/// A class and what it derives from or implements, up to its body.
static CLASS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\bclass\s+(\w+)([^{;]*)\{").expect("a valid regex"));
static CONSUMER_INTERFACE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\bIConsumer\s*<\s*(?:\w+\.)*(\w+)\s*>").expect("a valid regex"));

/// The `subscribes` edges of a C# file's routing-key bound receive endpoints, and the
/// [`RECEIVES`] edges of its consumer classes.
pub(super) fn facts(facts: &mut FileFacts, extension: &str, text: &str, lines: &Lines<'_>) {
    if extension != "cs" || !text.contains("MassTransit") {
        return;
    }
    if text.contains("IConsumer") {
        for class in CLASS.captures_iter(text).filter(|class| class.get(0).is_some_and(|whole| !lines.is_comment(whole.start()))) {
            for message in CONSUMER_INTERFACE.captures_iter(&class[2]) {
                let pointer = format!("L{}", lines.number(class.get(0).map_or(0, |whole| whole.start())));
                facts.inferred_edge("self", &format!("type:{}", super::shapes::holder_of(&message[1])), RECEIVES, json!({"consumer": &class[1]}), &pointer, 0.8);
            }
        }
    }
    if !text.contains("ReceiveEndpoint") {
        return;
    }
    let constants = std::cell::LazyCell::new(|| string_constants(text));
    for endpoint in RECEIVE_ENDPOINT.find_iter(text).filter(|endpoint| !lines.is_comment(endpoint.start())) {
        let Some((inner, _)) = enclosed_within(text, endpoint.end() - 1, 8_000) else { continue };
        let consumers: Vec<&str> = CONSUMER.captures_iter(inner).filter_map(|consumer| consumer.get(1)).map(|consumer| consumer.as_str()).collect();
        if consumers.is_empty() {
            continue;
        }
        let inner_start = endpoint.end();
        for bind in BIND.find_iter(inner) {
            let Some((arguments, _)) = enclosed_within(inner, bind.end() - 1, 2_000) else { continue };
            let Some(exchange) = split_top_level(arguments).first().and_then(|first| string_literal(first)) else { continue };
            let keys: Vec<String> = ROUTING_KEY
                .captures_iter(arguments)
                .filter_map(|key| string_literal(&key[1]).map(str::to_string).or_else(|| constants.get(key[1].rsplit('.').next().unwrap_or(&key[1])).cloned()))
                .collect();
            let channels = if keys.is_empty() { vec![exchange.to_string()] } else { keys };
            let pointer = format!("L{}", lines.number(inner_start + bind.start()));
            for channel in channels.iter().filter(|channel| !channel.is_empty() && !channel.contains('*') && !channel.contains('#')) {
                let props = json!({"via": "masstransit receive endpoint", "exchange": exchange, CONSUMERS: consumers});
                facts.inferred_edge("self", &format!("channel:{channel}"), "subscribes", props, &pointer, 0.8);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn edges(text: &str) -> Vec<String> {
        let mut found = FileFacts::default();
        facts(&mut found, "cs", text, &Lines::new(text));
        found.edges.iter().map(|edge| format!("{} {} {}", edge.kind, edge.to, serde_json::Value::Object(edge.props.clone()))).collect()
    }

    #[test]
    fn endpoints_bound_by_routing_key_and_consumer_classes() {
        let program = "using MassTransit;\nx.UsingRabbitMq((ctx, cfg) =>\n{\n    cfg.ReceiveEndpoint(\"notify.dispatched\", e =>\n    {\n        e.Bind(\"shipping\", b =>\n        {\n            b.ExchangeType = \"topic\";\n            b.RoutingKey = \"shipping.dispatched\";\n        });\n        e.ConfigureConsumer<DispatchedConsumer>(ctx);\n    });\n    cfg.ReceiveEndpoint(\"notify.audit\", e =>\n    {\n        e.Bind(\"audit\");\n        e.Consumer<AuditConsumer>();\n    });\n    cfg.ReceiveEndpoint(\"notify.idle\", e => e.Bind(\"idle\"));\n});\n";
        assert_eq!(
            edges(program),
            [
                r#"subscribes channel:shipping.dispatched {"consumers":["DispatchedConsumer"],"exchange":"shipping","via":"masstransit receive endpoint"}"#,
                r#"subscribes channel:audit {"consumers":["AuditConsumer"],"exchange":"audit","via":"masstransit receive endpoint"}"#,
            ]
        );
        let consumer = "using MassTransit;\npublic sealed class DispatchedConsumer(ILogger<DispatchedConsumer> log) : IConsumer<Contracts.ShipmentDispatched>\n{\n}\npublic class Helper { }\n";
        assert_eq!(edges(consumer), [r#"receives type:ShipmentDispatched {"consumer":"DispatchedConsumer"}"#]);
    }
}
