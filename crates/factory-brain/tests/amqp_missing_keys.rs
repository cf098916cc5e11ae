//! An AMQP routing key a consumer binds that no message of its provider's event API has: shapes
//! of the seventh planted-mismatch evaluation of 2026-12-07 (orgs built by a helper to test
//! `brain check`, not copies of a public system), org K's pricing-go, which binds
//! `product.discontinued` beside `product.price-changed` while catalog-service's AsyncAPI
//! document has no `product.discontinued` message.

mod support;

use support::{check_repos as check, finding_summary};

/// pricing's findings, its second binding's key being `key` (and its queue `pricing.events`).
fn pricing_findings(key: &str) -> Vec<String> {
    let publisher = support::published_event("Catalog events", "product.price-changed", "PriceChanged", &[("sku", "string"), ("newPriceCents", "integer")]);
    let consumer = format!("package main\n\nimport (\n\t\"encoding/json\"\n\n\tamqp \"github.com/rabbitmq/amqp091-go\"\n)\n\nconst (\n\tExchange = \"catalog.events\"\n\tKeyPriceChanged = \"product.price-changed\"\n\tKeyOther = \"{key}\"\n)\n\ntype PriceChanged struct {{\n\tSku string `json:\"sku\"`\n}}\n\nfunc listen(ch *amqp.Channel) error {{\n\tq, err := ch.QueueDeclare(\"pricing.events\", true, false, false, false, nil)\n\tif err != nil {{\n\t\treturn err\n\t}}\n\tch.QueueBind(q.Name, KeyPriceChanged, Exchange, false, nil)\n\tch.QueueBind(q.Name, KeyOther, Exchange, false, nil)\n\tdeliveries, err := ch.Consume(\"pricing.events\", \"pricing\", true, false, false, false, nil)\n\tif err != nil {{\n\t\treturn err\n\t}}\n\tfor d := range deliveries {{\n\t\tvar evt PriceChanged\n\t\t_ = json.Unmarshal(d.Body, &evt)\n\t}}\n\treturn nil\n}}\n");
    let findings = check(&[
        ("catalog-service", &[("docs/asyncapi.yaml", publisher.as_str()), ("main.py", "print('catalog')\n"), ("Dockerfile", "FROM python:3.12\n")]),
        ("pricing", &[("main.go", consumer.as_str()), ("go.mod", "module example.com/pricing\n\ngo 1.22\n"), ("Dockerfile", "FROM golang:1.22\n")]),
    ]);
    finding_summary(&findings)
}

/// `product.discontinued` is keyed like the API's messages but none has it.
#[test]
fn a_routing_key_no_message_of_the_api_has_is_reported() {
    insta::assert_debug_snapshot!(pricing_findings("product.discontinued"), @r#"
    [
        "consumed-message-missing product.discontinued api:catalog-events",
    ]
    "#);
}

/// Near miss: the queue's own name (`pricing.events`) and a key the API has are no finding.
#[test]
fn a_queues_own_name_is_no_missing_message() {
    insta::assert_debug_snapshot!(pricing_findings("product.price-changed"), @"[]");
}
