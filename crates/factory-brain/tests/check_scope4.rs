//! Which reads a consumer's check covers, continued: shapes of the planted-mismatch
//! evaluation of 2026-12-07, orgs E and F (orgs built by a helper to test `brain check`, not
//! copies of a public system).

mod support;

use support::{check_repos as check, finding_summary as summary};

const WALLET_API: &[(&str, &str)] = &[("customerId", "string"), ("balance", "number"), ("last4", "string")];

/// A Rust consumer's reqwest call of the wallet operation, its URL in a variable, decoding the
/// answer into `decoded`.
fn ledger(decoded: &str) -> String {
    format!(
        "use serde::Deserialize;\n\n#[derive(Debug, Deserialize)]\n#[serde(rename_all = \"camelCase\")]\npub struct WalletView {{\n    pub customer_id: String,\n    pub balance: String,\n    #[serde(rename = \"last4\")]\n    pub last_four: String,\n    pub loyalty_points: Option<i64>,\n}}\n\n#[derive(Debug, Deserialize)]\npub struct Settings {{\n    pub retry_limit: u32,\n}}\n\npub async fn fetch_wallet(client: &reqwest::Client, customer: &str) -> anyhow::Result<{decoded}> {{\n    let base = std::env::var(\"PAYMENTS_API_URL\").unwrap_or_else(|_| \"http://payments-api:8080\".into());\n    let url = format!(\"{{base}}/api/v1/customers/{{customer}}/wallet\");\n    let resp = client.get(url).send().await?;\n    let wallet: {decoded} = resp.json().await?;\n    Ok(wallet)\n}}\n"
    )
}

fn ledger_findings(client: &str) -> Vec<String> {
    let openapi = support::get_operation("Payments API", "/api/v1/customers/{customerId}/wallet", "Wallet", WALLET_API);
    let findings = check(&[
        ("payments-api", &[("openapi.yaml", openapi.as_str()), ("Dockerfile", "FROM eclipse-temurin:21\n")]),
        ("ledger-rs", &[("src/wallet.rs", client), ("Cargo.toml", "[package]\nname = \"ledger\"\nversion = \"0.1.0\"\n"), ("Dockerfile", "FROM rust:1.82\n")]),
    ]);
    summary(&findings)
}

/// A Rust consumer decodes the wallet operation's answer with reqwest (`let wallet: WalletView =
/// resp.json().await?`, the URL and the response held in variables on the way): the struct's
/// fields, by the names serde reads them under (`rename_all = "camelCase"`, a field's own
/// `rename = "last4"`), are what it reads of that response, whatever the struct is called, and
/// their Rust types are compared: `loyaltyPoints` is missing, `balance` a string where the API
/// has a number. The struct no response is decoded into (`Settings`) is not checked.
#[test]
fn a_reqwest_decode_ties_its_serde_struct_to_the_response() {
    insta::assert_debug_snapshot!(ledger_findings(&ledger("WalletView")), @r#"
    [
        "missing-field loyaltyPoints api:payments-api",
        "type-mismatch balance api:payments-api",
    ]
    "#);
}

/// Near miss: the same call decoding into `serde_json::Value` ties no struct to the response,
/// so `WalletView`, named after no schema, is the consumer's own.
#[test]
fn a_serde_struct_no_response_is_decoded_into_is_not_checked() {
    insta::assert_debug_snapshot!(ledger_findings(&ledger("serde_json::Value")), @"[]");
}

const SHIPPING_PROTO: &str = "syntax = \"proto3\";\npackage shipping.v1;\n\nservice ShippingService {\n  rpc GetShipment(GetShipmentRequest) returns (Shipment);\n}\n\nmessage GetShipmentRequest { string shipment_id = 1; }\n\nmessage Shipment {\n  message Parcel { double weight_kg = 1; }\n  message CarrierRef { string carrier_name = 1; }\n  string shipment_id = 1;\n  repeated Parcel parcels = 2;\n  map<string, string> labels = 3;\n  oneof tracking {\n    string tracking_url = 4;\n    CarrierRef carrier_ref = 5;\n  }\n}\n";

const SHIPPING_SERVER: &str = "package main\n\nimport (\n\t\"google.golang.org/grpc\"\n\tpb \"example.com/shipping/gen/shipping/v1\"\n)\n\nfunc main() {\n\ts := grpc.NewServer()\n\tpb.RegisterShippingServiceServer(s, &server{})\n}\n";

fn shipping_findings(consumer: (&str, &str)) -> Vec<String> {
    let findings = check(&[
        ("shipping-svc", &[("proto/shipping/v1/shipping.proto", SHIPPING_PROTO), ("cmd/server/main.go", SHIPPING_SERVER), ("go.mod", "module example.com/shipping\n\ngo 1.22\n"), ("Dockerfile", "FROM golang:1.22\n")]),
        ("ops", &[consumer, ("Dockerfile", "FROM eclipse-temurin:21\n")]),
    ]);
    summary(&findings)
}

/// A Java client's blocking stub (`ShippingServiceGrpc.newBlockingStub(channel)`) given call
/// options before its rpc: `getShipment` and what `s` holds are the reply of `GetShipment`,
/// read through its getters. `getEtaDays()` is missing; protobuf's accessors of a repeated
/// field (`getParcelsList()`, `getParcelsCount()`), a map (`getLabelsMap()`) and a message
/// (`hasCarrierRef()`) read `parcels`, `labels` and `carrier_ref`, which the reply has.
#[test]
fn a_java_stubs_rpc_after_call_options_is_read_against_its_reply() {
    let client = "package com.acme.ops;\n\nimport com.acme.shipping.v1.GetShipmentRequest;\nimport com.acme.shipping.v1.Shipment;\nimport com.acme.shipping.v1.ShippingServiceGrpc;\nimport io.grpc.ManagedChannelBuilder;\nimport java.util.concurrent.TimeUnit;\n\npublic final class Inspector {\n    private final ShippingServiceGrpc.ShippingServiceBlockingStub stub =\n            ShippingServiceGrpc.newBlockingStub(ManagedChannelBuilder.forTarget(\"shipping-svc:50051\").build());\n\n    public String describe(String id) {\n        Shipment s = stub.withDeadlineAfter(3, TimeUnit.SECONDS).withWaitForReady()\n                .getShipment(GetShipmentRequest.newBuilder().setShipmentId(id).build());\n        return s.getShipmentId() + s.getEtaDays() + s.getParcelsList().size() + s.getParcelsCount() + s.getLabelsMap() + s.hasCarrierRef();\n    }\n}\n";
    insta::assert_debug_snapshot!(shipping_findings(("src/main/java/com/acme/ops/Inspector.java", client)), @r#"
    [
        "missing-field etaDays api:shipping.v1.shippingservice",
    ]
    "#);
}

/// Near miss: the same chain on a receiver that holds no stub (`timeouts`) calls no rpc, so
/// what `s` holds is not the reply's.
#[test]
fn call_options_on_no_stub_call_no_rpc() {
    let client = "package com.acme.ops;\n\nimport com.acme.shipping.v1.Shipment;\nimport com.acme.shipping.v1.ShippingServiceGrpc;\nimport java.util.concurrent.TimeUnit;\n\npublic final class Inspector {\n    private final ShippingServiceGrpc.ShippingServiceBlockingStub stub = ShippingServiceGrpc.newBlockingStub(channel);\n\n    public String describe(String id) {\n        Shipment s = timeouts.withDeadlineAfter(3, TimeUnit.SECONDS)\n                .getShipment(id);\n        return s.getShipmentId() + s.getEtaDays();\n    }\n}\n";
    insta::assert_debug_snapshot!(shipping_findings(("src/main/java/com/acme/ops/Inspector.java", client)), @"[]");
}

/// A Python client whose stub a function of the same module makes (`def _stub(): ... return
/// shipping_pb2_grpc.ShippingServiceStub(channel)`): `stub = _stub()` holds the stub, and
/// `_stub().ReturnShipment(..)` calls an rpc at once. The service has no `ReturnShipment`; the
/// reply of `GetShipment` is read by the proto's names, as Python's generated messages spell
/// them: `trackingUrl` is `tracking_url`, `eta` is missing.
#[test]
fn a_python_stub_a_helper_returns_calls_rpcs() {
    let client = "import grpc\nfrom shipping.v1 import shipping_pb2, shipping_pb2_grpc\n\n\ndef _stub() -> shipping_pb2_grpc.ShippingServiceStub:\n    channel = grpc.insecure_channel(\"shipping-svc:50051\")\n    return shipping_pb2_grpc.ShippingServiceStub(channel)\n\n\ndef label(shipment_id):\n    stub = _stub()\n    reply = stub.GetShipment(shipping_pb2.GetShipmentRequest(shipment_id=shipment_id), timeout=3)\n    return reply.shipment_id, reply.trackingUrl, reply.eta\n\n\ndef start_return(shipment_id):\n    resp = _stub().ReturnShipment(shipping_pb2.ReturnShipmentRequest(shipment_id=shipment_id))\n    return resp.rma_number\n";
    insta::assert_debug_snapshot!(shipping_findings(("returns/shipping.py", client)), @r#"
    [
        "consumed-operation-missing ReturnShipment api:shipping.v1.shippingservice",
        "missing-field eta api:shipping.v1.shippingservice",
        "naming-mismatch trackingUrl api:shipping.v1.shippingservice",
    ]
    "#);
}

/// Near miss: a helper that returns a channel (`_channel()`) makes no stub, so a method called
/// on what it returns (`ch.ReturnShipment(..)`) is no rpc the service lacks.
#[test]
fn a_helper_returning_a_channel_makes_no_stub() {
    let client = "import grpc\nfrom shipping.v1 import shipping_pb2, shipping_pb2_grpc\n\n\ndef _channel():\n    return grpc.insecure_channel(\"shipping-svc:50051\")\n\n\ndef start_return(shipment_id):\n    ch = _channel()\n    resp = ch.ReturnShipment(shipping_pb2.ReturnShipmentRequest(shipment_id=shipment_id))\n    return resp.shipment_id\n";
    insta::assert_debug_snapshot!(shipping_findings(("returns/shipping.py", client)), @"[]");
}
