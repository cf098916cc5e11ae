//! Which reads a consumer's check covers, continued: shapes of the planted-mismatch
//! evaluation of 2026-12-06 (second session).

mod support;

use support::{check_repos as check, finding_summary as summary};

/// A Kafka consumer in C# reads its envelope (`result.Topic`) beside the message it decodes:
/// the envelope's members are no fields of the message.
#[test]
fn a_broker_clients_envelope_is_no_message() {
    let asyncapi = support::published_event("Telematics events", "fleet.trips.completed", "TripCompleted", &[("tripId", "string"), ("durationSec", "integer")]);
    let consumer = "using Confluent.Kafka;\n\npublic class TripConsumer\n{\n    private const string TripsTopic = \"fleet.trips.completed\";\n\n    public void Run(IConsumer<string, string> consumer, CancellationToken stoppingToken)\n    {\n        consumer.Subscribe(new[] { TripsTopic });\n        var result = consumer.Consume(stoppingToken);\n        if (result.Topic == TripsTopic && result.Partition.Value >= 0)\n        {\n            var trip = JsonSerializer.Deserialize<JsonElement>(result.Message.Value);\n            Score(trip.GetProperty(\"tripId\").GetString(), trip.GetProperty(\"idleSeconds\").GetInt32());\n        }\n    }\n}\n";
    let findings = check(&[
        (
            "telematics",
            &[
                ("asyncapi.yaml", asyncapi.as_str()),
                ("Publisher.kt", "import org.apache.kafka.clients.producer.ProducerRecord\nval record = ProducerRecord(\"fleet.trips.completed\", key, value)\n"),
            ],
        ),
        ("driver-scorecard", &[("src/Consumers/TripConsumer.cs", consumer)]),
    ]);
    let found = summary(&findings);
    assert!(!found.iter().any(|finding| finding.contains("Topic") || finding.contains("Partition")), "{found:?}");
}

/// A consumer still subscribes to a topic its provider's contract dropped and nobody
/// publishes (`fleet.idling-events`, beside the contract's `fleet.trips.completed`).
#[test]
fn a_channel_still_consumed_but_offered_by_nothing_is_reported() {
    let asyncapi = support::published_event("Telematics events", "fleet.trips.completed", "TripCompleted", &[("tripId", "string")]);
    let consumer = "using Confluent.Kafka;\n\npublic class TripConsumer\n{\n    private const string TripsTopic = \"fleet.trips.completed\";\n    private const string IdlingTopic = \"fleet.idling-events\";\n\n    public void Run(IConsumer<string, string> consumer)\n    {\n        consumer.Subscribe(new[] { TripsTopic, IdlingTopic });\n    }\n}\n";
    let findings = check(&[
        (
            "telematics",
            &[
                ("asyncapi.yaml", asyncapi.as_str()),
                ("Publisher.kt", "import org.apache.kafka.clients.producer.ProducerRecord\nval record = ProducerRecord(\"fleet.trips.completed\", key, value)\n"),
            ],
        ),
        ("driver-scorecard", &[("src/Consumers/TripConsumer.cs", consumer)]),
        // A topic another component publishes is offered, contract or not.
        ("audit", &[("consumer.py", "from kafka import KafkaConsumer\nKafkaConsumer('fleet.trips.completed', 'audit.requests')\n")]),
        ("audit-writer", &[("producer.py", "from kafka import KafkaProducer\nproducer = KafkaProducer()\nproducer.send('audit.requests', b'x')\n")]),
    ]);
    assert_eq!(summary(&findings), ["consumed-message-missing fleet.idling-events api:telematics-events"]);
}

/// A provider with an HTTP API and an event API (orders: `openapi.yaml` and `asyncapi.yaml`):
/// a client calling it over HTTP reads its answers, not its events, so a field the answer
/// spells in another convention is one naming finding against the HTTP API, and no
/// missing-field finding against the events. A subscriber to its events reads them: its read
/// consumes the event's field, and a field the event lacks is reported against the events.
#[test]
fn a_client_of_a_provider_reads_its_answers_and_a_subscriber_its_events() {
    let openapi = support::get_operation("Orders API", "/orders/{id}", "Order", &[("id", "string"), ("createdAt", "string")]);
    let asyncapi = support::published_event("Orders events", "order-placed", "OrderPlaced", &[("orderId", "string")]);
    let billing = "package main\n\nimport (\n\t\"encoding/json\"\n\t\"net/http\"\n)\n\ntype Order struct {\n\tID      string `json:\"id\"`\n\tCreated string `json:\"created_at\"`\n}\n\nfunc fetchOrder(id string) (*Order, error) {\n\tresp, err := http.Get(\"http://orders:8000/orders/\" + id)\n\tif err != nil {\n\t\treturn nil, err\n\t}\n\tvar order Order\n\terr = json.NewDecoder(resp.Body).Decode(&order)\n\treturn &order, err\n}\n";
    let listener = "package com.acme.shipping;\n\nimport org.springframework.kafka.annotation.KafkaListener;\n\npublic class OrderListener {\n    @KafkaListener(topics = \"order-placed\", groupId = \"shipping\")\n    public void onOrder(OrderPlaced event) {\n        ship(event.getOrderId(), event.getShippingAddress());\n    }\n}\n";
    let repos: &[(&str, &[(&str, &str)])] = &[
        (
            "orders",
            &[
                ("openapi.yaml", openapi.as_str()),
                ("asyncapi.yaml", asyncapi.as_str()),
                ("app/main.py", "from kafka import KafkaProducer\nproducer = KafkaProducer(bootstrap_servers='kafka:9092')\nproducer.send('order-placed', {'orderId': '1'})\n"),
                ("Dockerfile", "FROM python:3.12\n"),
            ],
        ),
        ("billing", &[("main.go", billing), ("go.mod", "module example.com/billing\n\ngo 1.22\n"), ("Dockerfile", "FROM golang:1.22\n")]),
        ("shipping", &[("src/main/java/com/acme/shipping/OrderListener.java", listener), ("Dockerfile", "FROM eclipse-temurin:21\n")]),
    ];
    let findings = check(repos);
    assert_eq!(summary(&findings), ["missing-field shippingAddress api:orders-events", "naming-mismatch created_at api:orders-api"]);
    let resolved = support::org(repos);
    let reads: Vec<String> = support::edge_lines(&resolved, &["consumes"]).into_iter().filter(|line| line.contains("field:")).collect();
    insta::assert_snapshot!(reads.join("\n"), @r"
    component:billing -consumes-> field:orders-api/Order.id  [inferred 0.6 billing@SHA:main.go#L9]
    component:shipping -consumes-> field:orders-events/OrderPlaced.orderId  [inferred 0.6 shipping@SHA:src/main/java/com/acme/shipping/OrderListener.java#L8]
    ");
}

/// A TypeScript consumer reads what it interpolates into a template literal
/// (`` `${order.customer_id} paid ${order.amount}` ``) as it reads any other expression; a
/// Spring placeholder in a quoted string (`"${order.topic}"`) reads nothing.
#[test]
fn a_template_literals_interpolations_are_reads() {
    let openapi = support::get_operation("Orders API", "/orders/{id}", "Order", &[("id", "string"), ("customerId", "string"), ("totalCents", "integer")]);
    let web = "const ORDERS_URL = process.env.ORDERS_URL ?? \"http://orders:8000\";\n\nexport async function showOrder(id: string) {\n  const res = await fetch(`${ORDERS_URL}/orders/${id}`);\n  const order = await res.json();\n  const label = \"${order.topic}\";\n  return `${order.customer_id} paid ${format(order.amount, { cents: true })} (${label})`;\n}\n";
    let findings = check(&[("orders", &[("openapi.yaml", openapi.as_str()), ("Dockerfile", "FROM python:3.12\n")]), ("web", &[("src/orders.ts", web), ("Dockerfile", "FROM node:20\n")])]);
    assert_eq!(summary(&findings), ["missing-field amount api:orders-api", "naming-mismatch customer_id api:orders-api"]);
}
