//! Values of an enum the consumer declares and sends, against the provider's request enum:
//! shapes of the seventh planted-mismatch evaluation of 2026-12-07 (orgs built by a helper to
//! test `brain check`, not copies of a public system), org J's support-kt, whose `enum class
//! CancelReason { .., DUPLICATE_ORDER }` is the `reason` of the `CancelOrderRequest` it posts to
//! order-service, whose OpenAPI `CancelReason` has no `DUPLICATE_ORDER`.

mod support;

use support::{check_repos as check, finding_summary};

const ORDERS_OPENAPI: &str = "openapi: 3.0.3\ninfo: {title: orders, version: '1'}\npaths:\n  /v1/orders/{orderId}/cancel:\n    post:\n      operationId: cancelOrder\n      parameters:\n        - {name: orderId, in: path, required: true, schema: {type: string}}\n      requestBody:\n        required: true\n        content:\n          application/json:\n            schema: {$ref: '#/components/schemas/CancelOrderRequest'}\n      responses:\n        '204': {description: cancelled}\ncomponents:\n  schemas:\n    CancelReason:\n      type: string\n      enum: [CUSTOMER_REQUEST, OUT_OF_STOCK, FRAUD_SUSPECTED]\n    CancelOrderRequest:\n      type: object\n      required: [reason]\n      properties:\n        reason: {$ref: '#/components/schemas/CancelReason'}\n";

/// support-kt's findings, its `CancelReason` declaring `values`.
fn support_findings(values: &str) -> Vec<String> {
    let models = format!("package com.acme.support\n\nimport kotlinx.serialization.SerialName\nimport kotlinx.serialization.Serializable\n\n@Serializable\nenum class CancelReason {{ {values} }}\n\n@Serializable\ndata class CancelOrderRequest(\n    val reason: CancelReason,\n)\n");
    let client = "package com.acme.support\n\nimport io.ktor.client.HttpClient\nimport io.ktor.client.request.post\nimport io.ktor.client.request.setBody\n\nclass OrderServiceClient(private val http: HttpClient) {\n    suspend fun cancel(orderId: String, reason: CancelReason) {\n        http.post(\"http://order-service:8080/v1/orders/$orderId/cancel\") {\n            setBody(CancelOrderRequest(reason = reason))\n        }\n    }\n}\n";
    let findings = check(&[
        ("order-service", &[("api/openapi.yaml", ORDERS_OPENAPI), ("main.go", "package main\n\nfunc main() {}\n"), ("Dockerfile", "FROM golang:1.22\n")]),
        ("support-kt", &[("src/main/kotlin/com/acme/support/Models.kt", models.as_str()), ("src/main/kotlin/com/acme/support/OrderServiceClient.kt", client), ("build.gradle.kts", "plugins { kotlin(\"jvm\") }\n"), ("Dockerfile", "FROM eclipse-temurin:21\n")]),
    ]);
    finding_summary(&findings)
}

/// `DUPLICATE_ORDER` is no value of the request's `reason`.
#[test]
fn a_sent_enums_value_the_providers_request_lacks_is_a_finding() {
    insta::assert_debug_snapshot!(support_findings("CUSTOMER_REQUEST, OUT_OF_STOCK, DUPLICATE_ORDER"), @r#"
    [
        "enum-value-missing DUPLICATE_ORDER api:orders",
    ]
    "#);
}

/// Near miss: values the request's enum has, one named for the wire with `@SerialName`.
#[test]
fn a_sent_enums_values_the_provider_takes_are_no_finding() {
    insta::assert_debug_snapshot!(support_findings("CUSTOMER_REQUEST, @SerialName(\"OUT_OF_STOCK\") OutOfStock"), @"[]");
}
