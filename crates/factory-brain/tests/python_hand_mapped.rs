//! A Python dataclass filled from a message's keys by hand: a shape of the ninth
//! planted-mismatch evaluation of 2026-12-07 (orgs built by a helper to test `brain check`, not
//! copies of a public system), org R's loyalty-worker, whose `OrderPlaced` declares snake_case
//! fields (`event_id`) and builds itself in `from_payload` from the camelCase keys the orders
//! service publishes (`payload["eventId"]`). The keys are the wire's; the fields are its own.

mod support;

use support::{check_repos as check, finding_summary};

const EVENTS: &str = "from dataclasses import dataclass\n\n\n@dataclass(frozen=True)\nclass OrderPlaced:\n    event_id: str\n    order_id: str\n    placed_at: str\n\n    @classmethod\n    def from_payload(cls, payload):\n        return cls(\n            event_id=payload[\"eventId\"],\n            order_id=payload[\"orderId\"],\n            placed_at=payload[\"placedAt\"],\n        )\n";
const CONSUMER: &str = "import json\n\nfrom confluent_kafka import Consumer\n\nfrom loyalty.events import OrderPlaced\n\n\ndef run():\n    consumer = Consumer({\"bootstrap.servers\": \"kafka:9092\", \"group.id\": \"loyalty\"})\n    consumer.subscribe([\"orders.placed.v1\"])\n    while True:\n        msg = consumer.poll(1.0)\n        payload = json.loads(msg.value())\n        event = OrderPlaced.from_payload(payload)\n        print(event.order_id)\n";

fn findings(events: &str) -> Vec<String> {
    let spec = support::published_event("Orders events", "orders.placed.v1", "OrderPlaced", &[("eventId", "string"), ("orderId", "string"), ("placedAt", "string")]);
    finding_summary(&check(&[
        ("orders", &[("asyncapi.yaml", spec.as_str()), ("main.go", "package main\n\nfunc main() {}\n"), ("go.mod", "module example.com/orders\n\ngo 1.22\n"), ("Dockerfile", "FROM golang:1.22\n")]),
        ("loyalty", &[("loyalty/events.py", events), ("loyalty/consumer.py", CONSUMER), ("requirements.txt", "confluent-kafka==2.4.0\n"), ("Dockerfile", "FROM python:3.12\n")]),
    ]))
}

/// The snake_case fields are no reads: the keys the class is filled from are the wire's.
#[test]
fn the_fields_of_a_class_filled_by_hand_are_not_reads() {
    assert_eq!(findings(EVENTS), Vec::<String>::new());
}

/// Near miss: a class filled from the message as it is (`cls(**payload)`) names the wire's
/// fields, and a snake_case one of a camelCase message is a naming mismatch.
#[test]
fn the_fields_of_a_class_filled_from_the_whole_message_are_reads() {
    let unpacked = EVENTS.replace("(\n            event_id=payload[\"eventId\"],\n            order_id=payload[\"orderId\"],\n            placed_at=payload[\"placedAt\"],\n        )", "(**payload)");
    assert!(unpacked.contains("cls(**payload)"), "{unpacked}");
    assert_eq!(findings(&unpacked), ["naming-mismatch event_id api:orders-events", "naming-mismatch order_id api:orders-events", "naming-mismatch placed_at api:orders-events"]);
}
