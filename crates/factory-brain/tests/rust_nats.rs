//! A Rust async-nats subscriber and publisher: a shape of the eighth planted-mismatch evaluation
//! of 2026-12-07 (orgs built by a helper to test `brain check`, not copies of a public system),
//! org P's inventory-service, which `queue_subscribe`s to order-service's `orders.cancelled`
//! through a constant and decodes it into a serde struct naming `reservation_ids`, a field
//! `OrderCancelled` lacks (P8).

mod support;

use support::{check_repos as check, finding_summary, org, summary};

/// The org: orders publishing `orders.cancelled`, inventory's listener decoding it into a struct
/// with `field`.
fn repos(field: &str) -> [(&'static str, Vec<(&'static str, String)>); 2] {
    let orders = support::published_event("Order events", "orders.cancelled", "OrderCancelled", &[("order_id", "string"), ("reason", "string")]);
    let events = format!("use futures::StreamExt;\nuse serde::Deserialize;\n\npub const SUBJECT_STOCK_LOW: &str = \"inventory.stock.low\";\npub const SUBJECT_ORDERS_CANCELLED: &str = \"orders.cancelled\";\n\n#[derive(Debug, Deserialize)]\npub struct OrderCancelled {{\n    pub order_id: String,\n    pub {field}: String,\n}}\n\npub async fn listen(client: async_nats::Client) -> Result<(), async_nats::Error> {{\n    let mut sub = client.queue_subscribe(SUBJECT_ORDERS_CANCELLED, \"inventory\".into()).await?;\n    while let Some(msg) = sub.next().await {{\n        let evt: OrderCancelled = serde_json::from_slice(&msg.payload)?;\n        tracing::info!(order = %evt.order_id, \"released\");\n        client.publish(SUBJECT_STOCK_LOW, msg.payload.clone()).await?;\n    }}\n    Ok(())\n}}\n");
    [
        ("orders", vec![("asyncapi.yaml", orders), ("main.go", "package main\n\nfunc main() {}\n".into()), ("go.mod", "module example.com/orders\n\ngo 1.22\n".into()), ("Dockerfile", "FROM golang:1.22\n".into())]),
        ("inventory", vec![("src/events.rs", events), ("Cargo.toml", "[package]\nname = \"inventory\"\nversion = \"0.1.0\"\n\n[dependencies]\nasync-nats = \"0.35\"\n".into()), ("Dockerfile", "FROM rust:1.80\n".into())]),
    ]
}

fn findings(field: &str) -> Vec<String> {
    let repos = repos(field);
    let files: Vec<Vec<(&str, &str)>> = repos.iter().map(|(_, files)| files.iter().map(|(path, text)| (*path, text.as_str())).collect()).collect();
    let listed: Vec<(&str, &[(&str, &str)])> = repos.iter().zip(&files).map(|((name, _), files)| (*name, files.as_slice())).collect();
    finding_summary(&check(&listed))
}

/// The listener subscribes to `orders.cancelled` (the publisher depends on it) and publishes
/// `inventory.stock.low`; its struct's `reservation_ids` is no field of `OrderCancelled`.
#[test]
fn an_async_nats_subscriber_reads_the_messages_of_its_subject() {
    let repos = repos("reservation_ids");
    let files: Vec<Vec<(&str, &str)>> = repos.iter().map(|(_, files)| files.iter().map(|(path, text)| (*path, text.as_str())).collect()).collect();
    let listed: Vec<(&str, &[(&str, &str)])> = repos.iter().zip(&files).map(|((name, _), files)| (*name, files.as_slice())).collect();
    insta::assert_snapshot!(summary(&org(&listed)).lines().filter(|line| line.contains("depends_on")).collect::<Vec<_>>().join("\n"), @"component:orders -depends_on-> component:inventory");
    insta::assert_debug_snapshot!(findings("reservation_ids"), @r#"
    [
        "missing-field reservation_ids api:order-events",
    ]
    "#);
}

/// Near miss: a field the message has.
#[test]
fn a_field_the_message_has_is_no_finding() {
    insta::assert_debug_snapshot!(findings("reason"), @"[]");
}
