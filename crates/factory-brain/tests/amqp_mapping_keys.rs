//! Queues bound to each routing key of a table of handlers: shapes of the eighth planted-mismatch
//! evaluation of 2026-12-07 (orgs built by a helper to test `brain check`, not copies of a public
//! system), org N's billing-service (Ruby, Bunny: `ROUTES.each_key { |key| queue.bind(exchange,
//! routing_key: key) }` over `ROUTES = { "shipment.cancelled" => .., "shipment.delivered" => ..
//! }`, a key shipment-service never publishes, N6), and the seventh set's aio-pika consumers
//! (`for key in HANDLERS: await queue.bind(exchange, routing_key=key)`, K1 and K2).

mod support;

use support::{check_repos as check, finding_summary};

const EVENTS: &str = "asyncapi: 2.6.0\ninfo: {title: Shipment events, version: 1.0.0}\nchannels:\n  shipment.created:\n    publish:\n      message:\n        name: ShipmentCreated\n        payload:\n          type: object\n          properties:\n            shipmentId: {type: string}\n  shipment.cancelled:\n    publish:\n      message:\n        name: ShipmentCancelled\n        payload:\n          type: object\n          properties:\n            shipmentId: {type: string}\n";

/// The consumer `name`'s findings, with `files`.
fn findings(name: &str, files: &[(&str, &str)]) -> Vec<String> {
    let findings = check(&[
        ("shipments", &[("api/asyncapi.yaml", EVENTS), ("main.go", "package main\n\nfunc main() {}\n"), ("go.mod", "module example.com/shipments\n\ngo 1.22\n"), ("Dockerfile", "FROM golang:1.22\n")]),
        (name, files),
    ]);
    finding_summary(&findings)
}

/// billing's findings, its routes table keyed by `second`.
fn billing_findings(second: &str) -> Vec<String> {
    let code = format!("require \"bunny\"\nrequire \"json\"\n\nmodule Billing\n  class ShipmentEvents\n    ROUTES = {{\n      \"shipment.cancelled\" => :handle_cancelled,\n      \"{second}\" => :handle_other\n    }}.freeze\n\n    def run\n      conn = Bunny.new(ENV.fetch(\"AMQP_URL\", \"amqp://localhost\"))\n      conn.start\n      ch = conn.create_channel\n      exchange = ch.topic(\"shipments\", durable: true)\n      queue = ch.queue(\"billing.shipment-events\", durable: true)\n      ROUTES.each_key {{ |key| queue.bind(exchange, routing_key: key) }}\n    end\n  end\nend\n");
    findings("billing", &[("lib/billing/shipment_events.rb", code.as_str()), ("Gemfile", "source \"https://rubygems.org\"\ngem \"bunny\"\n"), ("Dockerfile", "FROM ruby:3.3\n")])
}

/// `shipment.delivered`, keyed like shipments' messages, is none of them.
#[test]
fn a_ruby_queue_bound_to_each_key_of_a_hash_subscribes_to_each() {
    insta::assert_debug_snapshot!(billing_findings("shipment.delivered"), @r#"
    [
        "consumed-message-missing shipment.delivered api:shipment-events",
    ]
    "#);
}

/// Near miss: keys shipments publishes.
#[test]
fn a_ruby_queue_bound_to_published_keys_is_no_finding() {
    insta::assert_debug_snapshot!(billing_findings("shipment.created"), @"[]");
}

/// ledger's findings: aio-pika binding its queue to each key of its handlers' dict.
fn ledger_findings(second: &str) -> Vec<String> {
    let code = format!("import aio_pika\n\nHANDLERS = {{\n    \"shipment.cancelled\": on_cancelled,\n    \"{second}\": on_other,\n}}\n\n\nasync def run(url):\n    connection = await aio_pika.connect_robust(url)\n    channel = await connection.channel()\n    exchange = await channel.declare_exchange(\"shipments\", aio_pika.ExchangeType.TOPIC, durable=True)\n    queue = await channel.declare_queue(\"ledger.shipments\", durable=True)\n    for key in HANDLERS:\n        await queue.bind(exchange, routing_key=key)\n");
    findings("ledger", &[("ledger/consumer.py", code.as_str()), ("requirements.txt", "aio-pika\n"), ("Dockerfile", "FROM python:3.12\n")])
}

/// `shipment.returned` is no message of shipments'.
#[test]
fn an_aio_pika_queue_bound_to_each_key_of_a_dict_subscribes_to_each() {
    insta::assert_debug_snapshot!(ledger_findings("shipment.returned"), @r#"
    [
        "consumed-message-missing shipment.returned api:shipment-events",
    ]
    "#);
}

/// Near miss: keys shipments publishes.
#[test]
fn an_aio_pika_queue_bound_to_published_keys_is_no_finding() {
    insta::assert_debug_snapshot!(ledger_findings("shipment.created"), @"[]");
}
