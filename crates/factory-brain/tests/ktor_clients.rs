//! A Kotlin Ktor client built by a helper of its own (`jsonClient(baseUrl)`, whose
//! `defaultRequest { url(baseUrl) }` is in another file) calling paths relative to that base
//! with bodies set in the request's block (`http.post("v1/appointments/$id/check-in") {
//! setBody(CheckIn(room)) }`): a shape of the tenth planted-mismatch evaluation of 2026-12-07
//! (orgs built by a helper to test `brain check`, not copies of a public system), org T's
//! clinician-desk, which checks patients in at an operation scheduling-api lacks (T5), and books
//! appointments at one it has.

mod support;

use support::{check_repos as check, finding_summary};

const SPEC: &str = "openapi: 3.0.3\ninfo: {title: Scheduling, version: 1.0.0}\npaths:\n  /v1/appointments:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema:\n              type: object\n              required: [patientId]\n              properties:\n                patientId: {type: string}\n      responses:\n        '201': {description: created}\n  /v1/appointments/{appointmentId}/cancel:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema:\n              type: object\n              properties:\n                reason: {type: string}\n      responses:\n        '200': {description: ok}\n";
const HTTP: &str = "package health.tern.desk.http\n\nimport io.ktor.client.HttpClient\nimport io.ktor.client.engine.cio.CIO\nimport io.ktor.client.plugins.defaultRequest\n\nfun jsonClient(baseUrl: String): HttpClient = HttpClient(CIO) {\n    defaultRequest {\n        url(baseUrl.trimEnd('/') + \"/\")\n    }\n}\n";
const CONFIG: &str = "package health.tern.desk\n\ndata class Config(val schedulingUrl: String) {\n    companion object {\n        fun fromEnv(env: Map<String, String> = System.getenv()) = Config(\n            schedulingUrl = env[\"SCHEDULING_API_URL\"] ?: \"http://scheduling-api:8080\",\n        )\n    }\n}\n";

/// clinician-desk's findings, its client posting to `path` (relative to the base).
fn findings(path: &str) -> Vec<String> {
    let client = format!("package health.tern.desk.scheduling\n\nimport health.tern.desk.http.jsonClient\nimport io.ktor.client.call.body\nimport io.ktor.client.request.post\nimport io.ktor.client.request.setBody\n\nclass SchedulingClient(baseUrl: String) {{\n    private val http = jsonClient(baseUrl)\n\n    suspend fun act(id: String, reason: String): String =\n        http.post(\"{path}\") {{\n            setBody(Reason(reason))\n        }}.body()\n\n    suspend fun book(patientId: String): String =\n        http.post(\"v1/appointments\") {{\n            setBody(Booking(patientId))\n        }}.body()\n}}\n\n@kotlinx.serialization.Serializable\ndata class Booking(val patientId: String)\n\n@kotlinx.serialization.Serializable\ndata class Reason(val reason: String)\n");
    finding_summary(&check(&[
        ("scheduling-api", &[("openapi.yaml", SPEC), ("Cargo.toml", "[package]\nname = \"scheduling-api\"\nversion = \"0.1.0\"\n"), ("src/main.rs", "fn main() {}\n"), ("Dockerfile", "FROM rust:1.80\n")]),
        (
            "clinician-desk",
            &[
                ("src/main/kotlin/health/tern/desk/http/HttpClients.kt", HTTP),
                ("src/main/kotlin/health/tern/desk/Config.kt", CONFIG),
                ("src/main/kotlin/health/tern/desk/scheduling/SchedulingClient.kt", client.as_str()),
                ("build.gradle.kts", "plugins { kotlin(\"jvm\") version \"2.0.0\" }\ndependencies { implementation(\"io.ktor:ktor-client-cio:2.3.11\") }\n"),
                ("Dockerfile", "FROM eclipse-temurin:21\n"),
            ],
        ),
    ]))
}

/// No operation answers `POST /v1/appointments/{}/check-in`.
#[test]
fn a_relative_ktor_path_no_operation_answers_is_a_finding() {
    assert_eq!(findings("v1/appointments/$id/check-in"), ["consumed-operation-missing /v1/appointments/{}/check-in api:scheduling"]);
}

/// Near miss: an operation it has.
#[test]
fn a_relative_ktor_path_an_operation_answers_is_no_finding() {
    assert_eq!(findings("v1/appointments/$id/cancel"), Vec::<String>::new());
}
