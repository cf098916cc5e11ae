//! A Rust reqwest client's URL built by `format!`: a shape of the eighth planted-mismatch
//! evaluation of 2026-12-07 (orgs built by a helper to test `brain check`, not copies of a public
//! system), org N's tracking-api, which calls shipment-service's `/shipments/{id}` and
//! `/shipments/{id}/events`, an operation the service's contract lacks (it has `/timeline`; N5).

mod support;

use support::{check_repos as check, finding_summary};

/// tracking's findings, its second call's path ending in `tail`.
fn tracking_findings(tail: &str) -> Vec<String> {
    let shipments = "openapi: 3.0.3\ninfo: {title: shipments-api, version: '1'}\npaths:\n  /shipments/{shipmentId}:\n    get:\n      responses:\n        '200': {description: the shipment}\n  /shipments/{shipmentId}/timeline:\n    get:\n      responses:\n        '200': {description: its events}\n";
    let client = format!("use reqwest::Client;\n\npub struct ShipmentsClient {{\n    http: Client,\n    base_url: String,\n}}\n\nimpl ShipmentsClient {{\n    pub async fn get_shipment(&self, id: &str) -> reqwest::Result<String> {{\n        self.http.get(format!(\"{{}}/shipments/{{}}\", self.base_url, id)).send().await?.text().await\n    }}\n\n    pub async fn list_events(&self, id: &str) -> reqwest::Result<String> {{\n        let events = self\n            .http\n            .get(format!(\"{{}}/shipments/{{}}/{tail}\", self.base_url, id))\n            .send()\n            .await?\n            .text()\n            .await?;\n        Ok(events)\n    }}\n}}\n");
    let findings = check(&[
        ("shipment-service", &[("api/openapi.yaml", shipments), ("build.gradle.kts", "plugins { kotlin(\"jvm\") version \"2.0.0\" }\n"), ("Dockerfile", "FROM eclipse-temurin:21\n")]),
        ("tracking-api", &[("src/clients/shipments.rs", client.as_str()), ("Cargo.toml", "[package]\nname = \"tracking-api\"\nversion = \"0.1.0\"\n\n[dependencies]\nreqwest = \"0.12\"\n"), ("Dockerfile", "FROM rust:1.80\n")]),
    ]);
    finding_summary(&findings)
}

/// `/shipments/{id}/events`: the contract has no such operation.
#[test]
fn a_format_macros_url_the_provider_lacks_is_a_finding() {
    insta::assert_debug_snapshot!(tracking_findings("events"), @r#"
    [
        "consumed-operation-missing /shipments/{}/events api:shipments-api",
    ]
    "#);
}

/// Near miss: the contract's `/timeline`.
#[test]
fn a_format_macros_url_the_provider_has_is_no_finding() {
    insta::assert_debug_snapshot!(tracking_findings("timeline"), @"[]");
}
