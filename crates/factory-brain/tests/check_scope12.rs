//! Consumers' shapes of the seventh planted-mismatch evaluation of 2026-12-07 (orgs built by a
//! helper to test `brain check`, not copies of a public system): kotlinx.serialization's
//! `@SerialName` and `@Transient` on a Ktor client's models, and a Rust tonic client.

mod support;

use support::{check_repos as check, finding_summary, org, summary};

/// An OpenAPI provider answering `GET /v1/orders/{orderId}` with an `Order`.
const ORDERS_OPENAPI: &str = "openapi: 3.0.3\ninfo: {title: order-service, version: '1'}\npaths:\n  /v1/orders/{orderId}:\n    get:\n      operationId: getOrder\n      parameters:\n        - {name: orderId, in: path, required: true, schema: {type: string}}\n      responses:\n        '200':\n          description: the order\n          content:\n            application/json:\n              schema:\n                $ref: '#/components/schemas/Order'\ncomponents:\n  schemas:\n    Order:\n      type: object\n      properties:\n        orderId: {type: string}\n        totalCents: {type: integer}\n        createdAt: {type: string, format: date-time}\n";

const SUPPORT_CLIENT: &str = "package com.acmeshop.support.orders\n\nimport io.ktor.client.HttpClient\nimport io.ktor.client.call.body\nimport io.ktor.client.request.get\n\nclass OrderServiceClient(private val http: HttpClient) {\n    private val baseUrl = \"http://order-service:8080\"\n\n    suspend fun order(id: String): Order = http.get(\"$baseUrl/v1/orders/$id\").body()\n}\n";

/// support-kt's findings, its `Order` declared with `properties` in a file importing `imports`.
fn support_findings(imports: &str, properties: &str) -> Vec<String> {
    let models = format!("package com.acmeshop.support.orders\n\n{imports}\n@Serializable\ndata class Order(\n    val orderId: String,\n{properties})\n");
    let findings = check(&[
        ("order-service", &[("api/openapi.yaml", ORDERS_OPENAPI), ("main.go", "package main\n\nfunc main() {}\n"), ("go.mod", "module example.com/orders\n\ngo 1.22\n"), ("Dockerfile", "FROM golang:1.22\n")]),
        (
            "support-kt",
            &[
                ("src/main/kotlin/com/acmeshop/support/orders/OrderModels.kt", models.as_str()),
                ("src/main/kotlin/com/acmeshop/support/orders/OrderServiceClient.kt", SUPPORT_CLIENT),
                ("build.gradle.kts", "plugins { kotlin(\"jvm\") version \"2.0.0\" }\n"),
                ("Dockerfile", "FROM eclipse-temurin:21\n"),
            ],
        ),
    ]);
    finding_summary(&findings)
}

/// `@SerialName("totalCents") val totalMinor` is `totalCents` on the wire and `@Transient val
/// escalated` is not on it; `@SerialName("created_at") val createdAt` asks for `created_at`,
/// which the provider spells `createdAt`.
#[test]
fn kotlinx_serial_names_and_transient_properties_say_what_is_on_the_wire() {
    let properties = "    @SerialName(\"totalCents\") val totalMinor: Long,\n    @SerialName(\"created_at\") val createdAt: String,\n    @Transient val escalated: Boolean = false,\n";
    insta::assert_debug_snapshot!(support_findings("import kotlinx.serialization.SerialName\nimport kotlinx.serialization.Serializable\nimport kotlinx.serialization.Transient\n", properties), @r#"
    [
        "naming-mismatch created_at api:order-service",
    ]
    "#);
}

/// Near miss: JPA's `@Transient` (a file not using kotlinx.serialization) keeps a property out
/// of the database, not off the wire: `escalated` is still a field the provider lacks.
#[test]
fn a_jpa_transient_property_is_still_on_the_wire() {
    insta::assert_debug_snapshot!(support_findings("import jakarta.persistence.Transient\n", "    val totalCents: Long,\n    @Transient val escalated: Boolean = false,\n"), @r#"
    [
        "missing-field escalated api:order-service",
    ]
    "#);
}

const SHIPMENT_PROTO: &str = "syntax = \"proto3\";\npackage acme.shipment.v1;\n\nservice ShipmentService {\n  rpc GetShipment(GetShipmentRequest) returns (Shipment);\n}\n\nmessage GetShipmentRequest { string shipment_id = 1; }\nmessage Shipment { string shipment_id = 1; string order_id = 2; }\n";

const SHIPMENT_SERVER: &str = "package main\n\nimport (\n\t\"net\"\n\n\t\"google.golang.org/grpc\"\n\tpb \"example.com/shipment/gen/acme/shipment/v1\"\n)\n\nfunc main() {\n\tlis, _ := net.Listen(\"tcp\", \":9090\")\n\ts := grpc.NewServer()\n\tpb.RegisterShipmentServiceServer(s, &server{})\n\t_ = s.Serve(lis)\n}\n";

/// The graph of the shipment service and a Rust consumer whose `track.rs` is `client`.
fn tracker(client: &str) -> String {
    let resolved = org(&[
        ("shipment-service", &[("proto/acme/shipment/v1/shipment.proto", SHIPMENT_PROTO), ("main.go", SHIPMENT_SERVER), ("go.mod", "module example.com/shipment\n\ngo 1.22\n"), ("Dockerfile", "FROM golang:1.22\n")]),
        ("tracker-rs", &[("src/track.rs", client), ("Cargo.toml", "[package]\nname = \"tracker-rs\"\nversion = \"0.1.0\"\n\n[dependencies]\ntonic = \"0.12\"\n"), ("Dockerfile", "FROM rust:1.80\n")]),
    ]);
    summary(&resolved).lines().filter(|line| line.contains("tracker-rs -")).collect::<Vec<_>>().join("\n")
}

/// tonic's generated client, `ShipmentServiceClient::connect(addr)`, is a client of
/// `ShipmentService`: the tracker depends on the service serving it.
#[test]
fn a_tonic_client_consumes_its_service() {
    let client = "pub mod pb {\n    tonic::include_proto!(\"acme.shipment.v1\");\n}\n\nuse pb::shipment_service_client::ShipmentServiceClient;\n\npub async fn follow(addr: String) -> anyhow::Result<()> {\n    let mut client = ShipmentServiceClient::connect(addr).await?;\n    Ok(())\n}\n";
    insta::assert_snapshot!(tracker(client), @r#"
    component:tracker-rs -depends_on-> component:shipment-service
    "#);
}

/// Near miss: another client's `connect` (a Redis client) names no gRPC service.
#[test]
fn another_clients_connect_names_no_service() {
    let client = "pub async fn cache(url: String) -> anyhow::Result<()> {\n    let client = RedisClient::connect(url).await?;\n    Ok(())\n}\n";
    insta::assert_snapshot!(tracker(client), @"");
}
