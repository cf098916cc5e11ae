//! Dapr's building blocks, as its SDKs call them. Services talking through their Dapr sidecar
//! name each other by app id and their topics by name, never by a URL:
//! - service invocation: `DaprClient.CreateInvokeHttpClient("basket-api")`,
//!   `InvokeMethodAsync<T>(HttpMethod.Get, "catalog-api", "items")` (.NET), `invokeMethod("x",
//!   ..)` (Java), `InvokeMethod(ctx, "x", ..)` (Go), `invoke_method("x", ..)` or `app_id="x"`
//!   (Python), `client.invoker.invoke("x", ..)` (JavaScript): the app id is a host the file
//!   depends on;
//! - pub/sub: subscriptions declared `[Topic("pubsub", "OrderPaid")]` or with
//!   `nameof(OrderPaid)`, `.WithTopic(..)` (.NET), `@Topic(name = "x")` (Java),
//!   `.subscribe(pubsub=.., topic="x")` (Python), `common.Subscription{.. Topic: "x"}` (Go),
//!   `server.pubsub.subscribe("pubsub", "x", ..)` (JavaScript); publications
//!   `PublishEventAsync("pubsub", "x", ..)`, `publishEvent`, `PublishEvent(ctx, ..)`,
//!   `publish_event(.., topic_name="x")`, `client.pubsub.publish("pubsub", "x", ..)`;
//! - the sidecar's HTTP API ([`super::dapr_http`]): `/v1.0/invoke/<app-id>/method/..`, the
//!   `dapr-app-id` header, `/v1.0/publish/<pubsub>/<topic>`.
//!
//! A topic or app id held in a string constant of the file (`private const string OrderTopic =
//! "orders"`, Red Dog's way) names what the constant holds; one held in any other variable
//! names nothing here. Only files that name Dapr are read.

use std::sync::LazyLock;

use regex::Regex;

use super::calls::{arguments, string_constants, Lines};
use super::dapr_http::SidecarCall;
use super::messaging::{ChannelUse, Direction};

/// Words a file using Dapr's SDK holds; [`uses`] reads no other file.
pub(super) const GATE_WORDS: &[&str] = &["dapr", "Dapr"];

const PROTOCOL: &str = "dapr pubsub";

/// Calls whose arguments name an app id, a topic to publish to or one subscribed to.
static CALL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"\b(?P<invoke>CreateInvokeHttpClient|CreateInvokeMethodRequest|InvokeMethod\w*|invokeMethod|invoke_method\w*|invoker\.invoke)\s*(?:<[^(\n]*>)?\s*\(|\b(?P<publish>PublishEvent\w*|publishEvent|publish_event|pubsub\.publish)\s*(?:<[^(\n]*>)?\s*\(|(?P<subscribe>\[\s*Topic|\.WithTopic|@Topic|pubsub\.subscribe|\.subscribe)\s*\(",
    )
    .expect("a valid regex")
});
/// Go's declared subscription: `&common.Subscription{PubsubName: "pubsub", Topic: "orders"}`.
static GO_SUBSCRIPTION: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r#"common\.Subscription\s*\{[^}]*?\bTopic\s*:\s*"([^"]+)""#).expect("a valid regex"));

/// What one file says through Dapr: channel uses, and app ids it invokes (with their offsets).
#[derive(Debug, Default)]
pub(super) struct DaprUses {
    pub(super) channels: Vec<ChannelUse>,
    pub(super) invoked: Vec<(usize, String)>,
}

pub(super) fn uses(extension: &str, text: &str, lines: &Lines<'_>) -> DaprUses {
    let mut found = DaprUses::default();
    if !GATE_WORDS.iter().any(|word| text.contains(word)) {
        return found;
    }
    let constants = std::cell::LazyCell::new(|| string_constants(text));
    // A literal, or the file's constant.
    let name_of = |argument: &str| named(argument).or_else(|| constant(argument, &constants));
    for captures in CALL.captures_iter(text) {
        let Some(whole) = captures.get(0) else { continue };
        if lines.is_comment(whole.start()) {
            continue;
        }
        let Some((arguments, _)) = arguments(text, whole.end() - 1) else { continue };
        if captures.name("invoke").is_some() {
            // The app id: a keyword argument naming it, else the first argument, or the second
            // after a context or an HTTP method. One held in a variable names nothing here (the
            // next argument is the method, not the app).
            let leading = arguments.first().is_some_and(|first| {
                let first = first.trim();
                first.starts_with("HttpMethod") || first == "ctx" || first.starts_with("context.") || first.ends_with("Context()") || (extension == "go" && !first.starts_with('"'))
            });
            let app = keyword(&arguments, "app_id").or_else(|| arguments.get(usize::from(leading)).and_then(|argument| name_of(argument)));
            if let Some(app) = app.filter(|app| is_app_id(app)) {
                found.invoked.push((whole.start(), app));
            }
        } else if let Some(publish) = captures.name("publish") {
            // (pubsub, topic, data); Go's first argument is a context.
            let index = if extension == "go" && publish.as_str().starts_with("PublishEvent") { 2 } else { 1 };
            // Else a wrapper's (topic, data), xshopai's `publishEvent("payment.refund", event)`.
            let wrapped = || if index == 1 { super::dapr_pubsub::wrapper_topic(&arguments) } else { None };
            if let Some(topic) = keyword(&arguments, "topic_name").or_else(|| arguments.get(index).and_then(|argument| name_of(argument))).or_else(wrapped) {
                found.channels.push(ChannelUse { offset: whole.start(), direction: Direction::Publishes, name: topic, protocol: PROTOCOL });
            }
        } else if let Some(subscribe) = captures.name("subscribe") {
            let topic = match subscribe.as_str() {
                // `@Topic(name = "orders", pubsubName = "pubsub")`.
                "@Topic" => keyword(&arguments, "name"),
                // Python's `@app.subscribe(pubsub="pubsub", topic="orders")`.
                ".subscribe" => keyword(&arguments, "topic"),
                // (pubsub, topic).
                _ => arguments.get(1).and_then(|argument| name_of(argument)),
            };
            if let Some(topic) = topic {
                found.channels.push(ChannelUse { offset: whole.start(), direction: Direction::Subscribes, name: topic, protocol: PROTOCOL });
            }
        }
    }
    // The sidecar's HTTP API, called with any HTTP client.
    for (offset, call) in super::dapr_http::calls(text, lines, &constants) {
        match call {
            SidecarCall::Invoke(app) => found.invoked.push((offset, app)),
            SidecarCall::Publish(topic) => found.channels.push(ChannelUse { offset, direction: Direction::Publishes, name: topic, protocol: PROTOCOL }),
        }
    }
    for captures in GO_SUBSCRIPTION.captures_iter(text) {
        let Some(whole) = captures.get(0) else { continue };
        if !lines.is_comment(whole.start()) {
            found.channels.push(ChannelUse { offset: whole.start(), direction: Direction::Subscribes, name: captures[1].to_string(), protocol: PROTOCOL });
        }
    }
    found
}

/// The name a keyword argument spells out (`app_id="billing"`, Java's `name = "orders"`).
fn keyword(arguments: &[&str], key: &str) -> Option<String> {
    arguments.iter().find_map(|argument| argument.trim().strip_prefix(key)?.trim_start().strip_prefix('=').and_then(named))
}

/// The value of the file's string constant an argument names (`OrderTopic`,
/// `Constants.OrderTopic`), when it holds a name.
fn constant(argument: &str, constants: &std::collections::BTreeMap<String, String>) -> Option<String> {
    let argument = argument.trim();
    if argument.is_empty() || !argument.chars().all(|character| character.is_alphanumeric() || character == '_' || character == '.') {
        return None;
    }
    let value = constants.get(argument.rsplit('.').next()?)?;
    (!value.is_empty() && !value.contains(['{', '$', ' ', '/'])).then(|| value.clone())
}

/// The name an argument spells out: a string literal, or C#'s `nameof(OrderPaid)`.
fn named(argument: &str) -> Option<String> {
    let argument = argument.trim();
    if let Some(inner) = argument.strip_prefix("nameof(").and_then(|rest| rest.strip_suffix(')')) {
        let name = inner.trim().rsplit('.').next().unwrap_or("");
        return (!name.is_empty() && name.chars().all(|character| character.is_alphanumeric() || character == '_')).then(|| name.to_string());
    }
    let quote = argument.chars().next().filter(|quote| matches!(quote, '"' | '\'' | '`'))?;
    let inner = argument.strip_prefix(quote)?.strip_suffix(quote)?;
    (!inner.is_empty() && !inner.contains(['{', '$', ' ', '/'])).then(|| inner.to_string())
}

/// An app id as Dapr takes them: a DNS label.
pub(super) fn is_app_id(text: &str) -> bool {
    text.len() >= 2 && text.chars().all(|character| character.is_ascii_alphanumeric() || matches!(character, '-' | '_' | '.'))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Red Dog names every app id and topic by a constant of its controller.
    #[test]
    fn app_ids_and_topics_in_the_files_constants() {
        let text = concat!(
            "using Dapr.Client;\n",
            "public class OrderController {\n",
            "    private const string OrderServiceDaprId = \"order-service\";\n",
            "    private const string PubSubName = \"reddog.pubsub\";\n",
            "    private const string OrderTopic = \"orders\";\n",
            "    [Topic(PubSubName, OrderTopic)]\n",
            "    public void OnOrder() {}\n",
            "    void Go() {\n",
            "        _daprClient.InvokeMethodAsync<List<Product>>(HttpMethod.Get, OrderServiceDaprId, \"product\");\n",
            "        _daprClient.PublishEventAsync<OrderSummary>(PubSubName, OrderTopic, summary);\n",
            "        _daprClient.InvokeMethodAsync(HttpMethod.Get, someAppId, \"x\");\n",
            "    }\n}\n",
        );
        let found = uses("cs", text, &Lines::new(text));
        assert_eq!(found.invoked.iter().map(|(_, app)| app.as_str()).collect::<Vec<_>>(), ["order-service"], "a variable that is no constant names nothing");
        let channels: Vec<(Direction, &str)> = found.channels.iter().map(|channel| (channel.direction, channel.name.as_str())).collect();
        assert_eq!(channels, [(Direction::Subscribes, "orders"), (Direction::Publishes, "orders")]);
    }

    fn read_as(extension: &str, text: &str) -> (Vec<(String, &'static str)>, Vec<String>) {
        let lines = Lines::new(text);
        let found = uses(extension, text, &lines);
        (found.channels.into_iter().map(|channel| (channel.name, channel.direction.edge_kind())).collect(), found.invoked.into_iter().map(|(_, app)| app).collect())
    }

    fn read(text: &str) -> (Vec<(String, &'static str)>, Vec<String>) {
        read_as("cs", text)
    }

    #[test]
    fn dotnet_invocations_topics_and_publications() {
        let text = r#"using Dapr.Client;
services.AddHttpClient("basket", c => {}).AddHttpMessageHandler(_ => DaprClient.CreateInvokeHttpClient("basket-api"));
var items = await _daprClient.InvokeMethodAsync<List<Item>>(HttpMethod.Get, "catalog-api", "api/v1/catalog/items");
[Topic(DaprPubSubName, "UserCheckoutAcceptedIntegrationEvent")]
public Task Handle(UserCheckoutAcceptedIntegrationEvent e) => Task.CompletedTask;
[Topic(DAPR_PUBSUB_NAME, nameof(OrderStatusChangedToSubmittedIntegrationEvent))]
public Task Other() => Task.CompletedTask;
await _dapr.PublishEventAsync(PubSubName, "OrderPaid", evt);
await _dapr.PublishEventAsync(PubSubName, topicName, evt);
// await _dapr.PublishEventAsync(PubSubName, "Commented", evt);
"#;
        let (channels, invoked) = read(text);
        assert_eq!(invoked, ["basket-api", "catalog-api"]);
        assert_eq!(
            channels,
            [
                ("UserCheckoutAcceptedIntegrationEvent".to_string(), "subscribes"),
                ("OrderStatusChangedToSubmittedIntegrationEvent".to_string(), "subscribes"),
                ("OrderPaid".to_string(), "publishes")
            ]
        );
    }

    #[test]
    fn other_sdks() {
        let java = "import io.dapr.client.DaprClient;\n@Topic(name = \"orders\", pubsubName = \"pubsub\")\nclient.publishEvent(\"pubsub\", \"shipments\", order).block();\nclient.invokeMethod(\"inventory\", \"stock\", null, HttpExtension.GET, String.class);\n";
        assert_eq!(read(java), (vec![("orders".to_string(), "subscribes"), ("shipments".to_string(), "publishes")], vec!["inventory".to_string()]));
        let go = "import dapr \"github.com/dapr/go-sdk/client\"\nclient.PublishEvent(context.Background(), \"pubsub\", \"orders\", data)\nresp, err := client.InvokeMethod(ctx, \"checkout\", \"pay\", \"post\")\ns.AddTopicEventHandler(&common.Subscription{PubsubName: \"pubsub\", Topic: \"payments\"}, handler)\n";
        assert_eq!(read_as("go", go), (vec![("orders".to_string(), "publishes"), ("payments".to_string(), "subscribes")], vec!["checkout".to_string()]));
        let python = "from dapr.clients import DaprClient\n@app.subscribe(pubsub='pubsub', topic='orders')\nd.publish_event(pubsub_name='pubsub', topic_name='receipts', data=x)\nd.invoke_method(app_id='billing', method_name='charge', data=b'')\n";
        assert_eq!(read(python), (vec![("orders".to_string(), "subscribes"), ("receipts".to_string(), "publishes")], vec!["billing".to_string()]));
        let js = "import { DaprClient } from '@dapr/dapr';\nawait client.pubsub.publish('pubsub', 'orders', order);\nawait server.pubsub.subscribe('pubsub', 'payments', async (data) => {});\nawait client.invoker.invoke('stock', 'reserve', HttpMethod.POST, body);\n";
        assert_eq!(read(js), (vec![("orders".to_string(), "publishes"), ("payments".to_string(), "subscribes")], vec!["stock".to_string()]));
    }

    /// Dapr's quickstarts hold the app id in a variable; the method after it is no app.
    #[test]
    fn an_app_id_in_a_variable_names_nothing() {
        let js = "import { DaprClient } from '@dapr/dapr';\nawait client.invoker.invoke(serviceAppId, 'orders', HttpMethod.POST, order);\n";
        assert_eq!(read_as("js", js), (vec![], vec![]));
        let java = "import io.dapr.client.DaprClient;\nclient.invokeMethod(SERVICE_APP_ID, \"orders\", order, HttpExtension.POST);\n";
        assert_eq!(read_as("java", java), (vec![], vec![]));
        let go = "import dapr \"github.com/dapr/go-sdk/client\"\nclient.InvokeMethod(ctx, appID, \"orders\", \"post\")\n";
        assert_eq!(read_as("go", go), (vec![], vec![]));
    }

    #[test]
    fn files_that_name_no_dapr_say_nothing() {
        let text = "channel.subscribe(topic='orders')\nbus.PublishEvent(ctx, \"x\", \"orders\")\nobj.invokeMethod(\"run\")\n";
        assert_eq!(read(text), (vec![], vec![]));
    }
}
