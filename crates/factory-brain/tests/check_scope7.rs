//! Which reads a consumer's check covers, continued: reads of a message a consumer receives,
//! tied to the payload of the message on its channel. Shapes of the planted-mismatch
//! evaluation of 2026-12-07, orgs D and F (orgs built by a helper to test `brain check`, not
//! copies of a public system).

mod support;

use support::check_repos as check;

/// Each finding's message.
fn messages(findings: &[factory_brain::check::Finding]) -> Vec<String> {
    findings.iter().map(|finding| format!("{}: {}", finding.rule, finding.message)).collect()
}

/// An AsyncAPI 2.6 provider publishing two Kafka topics, their payloads `$ref`'d schemas.
const ORDERS_ASYNCAPI: &str = "asyncapi: 2.6.0\ninfo: {title: Orders events, version: 1.4.0}\nchannels:\n  orders.order-placed:\n    subscribe:\n      operationId: onOrderPlaced\n      message: {$ref: '#/components/messages/OrderPlaced'}\n  orders.order-cancelled:\n    subscribe:\n      operationId: onOrderCancelled\n      message: {$ref: '#/components/messages/OrderCancelled'}\ncomponents:\n  messages:\n    OrderPlaced:\n      name: OrderPlaced\n      payload: {$ref: '#/components/schemas/OrderPlacedPayload'}\n    OrderCancelled:\n      name: OrderCancelled\n      payload: {$ref: '#/components/schemas/OrderCancelledPayload'}\n  schemas:\n    OrderPlacedPayload:\n      type: object\n      properties:\n        orderId: {type: string}\n        totalAmount: {type: number}\n    OrderCancelledPayload:\n      type: object\n      properties:\n        orderId: {type: string}\n        cancelledAt: {type: string, format: date-time}\n";

/// A confluent-kafka worker subscribed to both topics, dispatching each message's payload
/// through `table` to its handlers.
fn notifier(table: &str) -> String {
    format!(
        "import json\n\nfrom confluent_kafka import Consumer\n\nTOPICS = [\"orders.order-placed\", \"orders.order-cancelled\"]\n\n\ndef handle_placed(payload: dict) -> None:\n    send(payload[\"customerEmail\"], payload[\"orderId\"], payload[\"totalAmount\"])\n\n\ndef handle_cancelled(payload: dict) -> None:\n    log(payload[\"orderId\"], payload[\"cancelled_at\"])\n\n\nHANDLERS = {{\n{table}}}\n\n\ndef main() -> None:\n    consumer = Consumer({{\"bootstrap.servers\": \"kafka:9092\", \"group.id\": \"notifier\"}})\n    consumer.subscribe(TOPICS)\n    while True:\n        msg = consumer.poll(1.0)\n        payload = json.loads(msg.value())\n        HANDLERS[msg.topic()](payload)\n"
    )
}

fn notifier_findings(table: &str) -> Vec<String> {
    let worker = notifier(table);
    messages(&check(&[
        ("orders-api", &[("asyncapi.yaml", ORDERS_ASYNCAPI), ("Dockerfile", "FROM python:3.12-slim\n")]),
        ("notifier-py", &[("notifier/worker.py", worker.as_str()), ("requirements.txt", "confluent-kafka==2.3.0\n"), ("Dockerfile", "FROM python:3.12-slim\n")]),
    ]))
}

/// A handler a dispatch table names under a topic (`"orders.order-placed": handle_placed`)
/// reads the payload of the message on that topic: `customerEmail` is no field of
/// `OrderPlacedPayload`, and `cancelled_at` is `OrderCancelledPayload`'s `cancelledAt`.
#[test]
fn a_handler_a_dispatch_table_names_under_a_topic_reads_that_topics_payload() {
    let table = "    \"orders.order-placed\": handle_placed,\n    \"orders.order-cancelled\": handle_cancelled,\n";
    insta::assert_debug_snapshot!(notifier_findings(table), @r#"
    [
        "missing-field: component:notifier-py reads `customerEmail` of OrderPlacedPayload, the payload of the message on orders.order-placed but api:orders-events does not offer it",
        "naming-mismatch: component:notifier-py reads `cancelled_at` but api:orders-events names it `cancelledAt` (a naming-convention mismatch)",
    ]
    "#);
}

/// Near miss: a table keyed by words no subscribed topic is named (`placed`), and a handler
/// named under both topics, tie their handlers' parameters to no one message: they stay the
/// handlers' own.
#[test]
fn a_handler_of_no_one_subscribed_topic_reads_no_payload() {
    let table = "    \"placed\": handle_placed,\n    \"orders.order-placed\": handle_cancelled,\n    \"orders.order-cancelled\": handle_cancelled,\n";
    insta::assert_debug_snapshot!(notifier_findings(table), @"[]");
}

/// An AsyncAPI 3.0 provider publishing on a RabbitMQ topic exchange, by routing key.
const SHIPPING_ASYNCAPI: &str = "asyncapi: 3.0.0\ninfo: {title: Shipping events, version: 2.0.0}\nchannels:\n  shipmentDispatched:\n    address: shipping.dispatched\n    messages:\n      ShipmentDispatched: {$ref: '#/components/messages/ShipmentDispatched'}\n    bindings:\n      amqp: {is: routingKey, exchange: {name: shipping, type: topic}}\n  shipmentDelivered:\n    address: shipping.delivered\n    messages:\n      ShipmentDelivered: {$ref: '#/components/messages/ShipmentDelivered'}\noperations:\n  publishDispatched:\n    action: send\n    channel: {$ref: '#/channels/shipmentDispatched'}\n  publishDelivered:\n    action: send\n    channel: {$ref: '#/channels/shipmentDelivered'}\ncomponents:\n  messages:\n    ShipmentDispatched:\n      payload: {$ref: '#/components/schemas/ShipmentDispatched'}\n    ShipmentDelivered:\n      payload: {$ref: '#/components/schemas/ShipmentDelivered'}\n  schemas:\n    ShipmentDispatched:\n      type: object\n      properties:\n        shipmentId: {type: string, format: uuid}\n        carrier: {type: string}\n        dispatchedAt: {type: string, format: date-time}\n    ShipmentDelivered:\n      type: object\n      properties:\n        shipmentId: {type: string, format: uuid}\n        deliveredAt: {type: string, format: date-time}\n        signedBy: {type: string}\n";

const SHIPPING_CONSUMERS: &str = "using MassTransit;\nusing Notify.Contracts;\n\nnamespace Notify.Consumers;\n\npublic sealed class ShipmentDispatchedConsumer(ILogger<ShipmentDispatchedConsumer> log) : IConsumer<ShipmentDispatched>\n{\n    public Task Consume(ConsumeContext<ShipmentDispatched> context)\n    {\n        var m = context.Message;\n        log.LogInformation(\"{Id} {Tracking}\", m.ShipmentId, m.TrackingNumber);\n        return Task.CompletedTask;\n    }\n}\n\npublic sealed class ShipmentDeliveredConsumer : IConsumer<ShipmentDelivered>\n{\n    public Task Consume(ConsumeContext<ShipmentDelivered> context) => Task.CompletedTask;\n}\n";

const SHIPPING_CONTRACTS: &str = "namespace Notify.Contracts;\n\npublic record ShipmentDispatched(Guid ShipmentId, string Carrier, DateTime DispatchedAt, string TrackingNumber);\n\npublic record ShipmentDelivered(Guid ShipmentId, DateTime DeliveredAt, int SignedBy);\n";

/// A MassTransit host whose receive endpoints bind the shipping exchange by the routing keys
/// `dispatched` and `delivered`, configuring one consumer each.
fn notify_program(dispatched: &str, delivered: &str) -> String {
    let endpoint = |queue: &str, key: &str, consumer: &str| {
        format!("        cfg.ReceiveEndpoint(\"{queue}\", e =>\n        {{\n            e.ConfigureConsumeTopology = false;\n            e.Bind(\"shipping\", b =>\n            {{\n                b.ExchangeType = \"topic\";\n                b.RoutingKey = \"{key}\";\n            }});\n            e.ConfigureConsumer<{consumer}>(ctx);\n        }});\n")
    };
    format!(
        "using MassTransit;\nusing Notify.Consumers;\n\nvar builder = Host.CreateApplicationBuilder(args);\nbuilder.Services.AddMassTransit(x =>\n{{\n    x.AddConsumer<ShipmentDispatchedConsumer>();\n    x.AddConsumer<ShipmentDeliveredConsumer>();\n    x.UsingRabbitMq((ctx, cfg) =>\n    {{\n        cfg.UseRawJsonDeserializer(isDefault: true);\n{}{}    }});\n}});\nbuilder.Build().Run();\n",
        endpoint("notify.shipping-dispatched", dispatched, "ShipmentDispatchedConsumer"),
        endpoint("notify.shipping-delivered", delivered, "ShipmentDeliveredConsumer")
    )
}

fn notify_findings(dispatched: &str, delivered: &str) -> Vec<String> {
    let program = notify_program(dispatched, delivered);
    messages(&check(&[
        ("shipping-svc", &[("asyncapi.yaml", SHIPPING_ASYNCAPI), ("go.mod", "module example.com/shipping\n\ngo 1.22\n"), ("Dockerfile", "FROM golang:1.22\n")]),
        (
            "notify-cs",
            &[
                ("src/Notify/Program.cs", program.as_str()),
                ("src/Notify/Consumers/ShipmentConsumers.cs", SHIPPING_CONSUMERS),
                ("src/Notify/Contracts/ShippingEvents.cs", SHIPPING_CONTRACTS),
                ("src/Notify/Notify.csproj", "<Project Sdk=\"Microsoft.NET.Sdk.Worker\"></Project>\n"),
                ("Dockerfile", "FROM mcr.microsoft.com/dotnet/runtime:8.0\n"),
            ],
        ),
    ]))
}

/// A MassTransit consumer an endpoint bound by routing key configures receives the message on
/// that key into the type it consumes: `ShipmentDispatched.TrackingNumber` is no field of the
/// message on `shipping.dispatched`, and `ShipmentDelivered.SignedBy` is an `int` where the
/// payload's `signedBy` is a string (the `Guid` and `DateTime` properties read strings).
#[test]
fn a_consumer_bound_by_routing_key_reads_the_payload_of_the_keys_message() {
    insta::assert_debug_snapshot!(notify_findings("shipping.dispatched", "shipping.delivered"), @r#"
    [
        "missing-field: component:notify-cs reads `trackingNumber` of ShipmentDispatched, the payload of the message on shipping.dispatched but api:shipping-events does not offer it",
        "type-mismatch: component:notify-cs expects `signedBy` to be integer but api:shipping-events declares string",
    ]
    "#);
}

/// Near miss: bound by routing keys no message is published on, the consumers' types are the
/// consumer's own.
#[test]
fn a_consumer_bound_to_a_key_no_contract_describes_reads_no_payload() {
    insta::assert_debug_snapshot!(notify_findings("shipping.returned", "shipping.lost"), @"[]");
}
