//! A Rust tonic client's rpcs and the fields it reads of their replies: a shape of the seventh
//! planted-mismatch evaluation of 2026-12-07 (orgs built by a helper to test `brain check`, not
//! copies of a public system), org L's tracker-rs, which reads a `Shipment` through
//! `into_inner()` and a server stream's `ShipmentEvent`s through `message().await?`.

mod support;

use support::{check_repos as check, finding_summary};

const SHIPMENT_PROTO: &str = "syntax = \"proto3\";\npackage acme.shipment.v1;\n\nservice ShipmentService {\n  rpc GetShipment(GetShipmentRequest) returns (Shipment);\n  rpc WatchShipment(GetShipmentRequest) returns (stream ShipmentEvent);\n}\n\nmessage GetShipmentRequest { string shipment_id = 1; }\nmessage Shipment { string shipment_id = 1; string trackingUrl = 2; }\nmessage ShipmentEvent { string shipment_id = 1; string status = 2; }\n";

const SHIPMENT_SERVER: &str = "package main\n\nimport (\n\t\"net\"\n\n\t\"google.golang.org/grpc\"\n\tpb \"example.com/shipment/gen/acme/shipment/v1\"\n)\n\nfunc main() {\n\tlis, _ := net.Listen(\"tcp\", \":9090\")\n\ts := grpc.NewServer()\n\tpb.RegisterShipmentServiceServer(s, &server{})\n\t_ = s.Serve(lis)\n}\n";

/// The tracker's findings: it reads `link` of a shipment and `status` of each event the watch
/// streams, then calls `rpc`.
fn tracker_findings(rpc: &str, link: &str, status: &str) -> Vec<String> {
    let client = format!("pub mod pb {{\n    tonic::include_proto!(\"acme.shipment.v1\");\n}}\n\nuse pb::shipment_service_client::ShipmentServiceClient;\nuse pb::GetShipmentRequest;\n\npub async fn follow(addr: String, id: String) -> anyhow::Result<String> {{\n    let mut client = ShipmentServiceClient::connect(addr).await?;\n    let response = client.get_shipment(GetShipmentRequest {{ shipment_id: id.clone() }}).await?;\n    let shipment = response.into_inner();\n    let mut events = client.watch_shipment(GetShipmentRequest {{ shipment_id: id }}).await?.into_inner();\n    while let Some(event) = events.message().await? {{\n        println!(\"{{}} {{}}\", event.{status}, event.shipment_id);\n    }}\n    client.{rpc}(GetShipmentRequest {{ shipment_id: String::new() }}).await?;\n    Ok(shipment.{link}.clone())\n}}\n");
    let findings = check(&[
        ("shipment-service", &[("proto/acme/shipment/v1/shipment.proto", SHIPMENT_PROTO), ("main.go", SHIPMENT_SERVER), ("go.mod", "module example.com/shipment\n\ngo 1.22\n"), ("Dockerfile", "FROM golang:1.22\n")]),
        ("tracker-rs", &[("src/track.rs", client.as_str()), ("Cargo.toml", "[package]\nname = \"tracker-rs\"\nversion = \"0.1.0\"\n\n[dependencies]\ntonic = \"0.12\"\n"), ("Dockerfile", "FROM rust:1.80\n")]),
    ]);
    finding_summary(&findings)
}

/// `client.cancel_shipment(..)` calls an rpc the service lacks; `shipment.tracking_link` and a
/// streamed event's `state` are fields its messages lack.
#[test]
fn a_tonic_clients_rpcs_and_reads_of_their_replies_are_checked() {
    insta::assert_debug_snapshot!(tracker_findings("cancel_shipment", "tracking_link", "state"), @r#"
    [
        "consumed-operation-missing cancel_shipment api:acme.shipment.v1.shipmentservice",
        "missing-field state api:acme.shipment.v1.shipmentservice",
        "missing-field tracking_link api:acme.shipment.v1.shipmentservice",
    ]
    "#);
}

/// Near miss: the service's rpc, and fields its messages have, `tracking_url` being prost's
/// name of the proto's `trackingUrl`.
#[test]
fn a_tonic_clients_reads_of_fields_its_replies_have_are_no_finding() {
    insta::assert_debug_snapshot!(tracker_findings("get_shipment", "tracking_url", "status"), @"[]");
}
