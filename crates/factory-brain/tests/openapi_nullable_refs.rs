//! OpenAPI 3.1's nullable reference, `oneOf: [{$ref: ReferenceRange}, {type: "null"}]`, is the
//! referenced schema or null: a shape of the tenth planted-mismatch evaluation of 2026-12-07
//! (orgs built by a helper to test `brain check`, not copies of a public system), org T's
//! labs-service, whose `LabResult.reference_range` clinician-desk declares a Kotlin `String?`
//! (T4); the field's type was unknown, so nothing was checked.

mod support;

use support::{check_repos as check, finding_summary};

const SPEC: &str = "{\"openapi\": \"3.1.0\", \"info\": {\"title\": \"Labs\", \"version\": \"1.0.0\"}, \"paths\": {\"/lab-results/{id}\": {\"get\": {\"responses\": {\"200\": {\"description\": \"ok\", \"content\": {\"application/json\": {\"schema\": {\"$ref\": \"#/components/schemas/LabResult\"}}}}}}}}, \"components\": {\"schemas\": {\"LabResult\": {\"type\": \"object\", \"required\": [\"analyte_code\", \"reference_range\"], \"properties\": {\"analyte_code\": {\"type\": \"string\"}, \"reference_range\": {\"oneOf\": [{\"$ref\": \"#/components/schemas/ReferenceRange\"}, {\"type\": \"null\"}]}}}, \"ReferenceRange\": {\"type\": \"object\", \"properties\": {\"low\": {\"type\": \"number\"}, \"high\": {\"type\": \"number\"}}}}}}\n";

/// clinician-desk's findings, its `LabResult` declaring `reference_range` as `kotlin_type`.
fn findings(kotlin_type: &str) -> Vec<String> {
    let models = format!("package health.tern.desk.labs\n\nimport kotlinx.serialization.SerialName\nimport kotlinx.serialization.Serializable\n\n@Serializable\ndata class LabResult(\n    @SerialName(\"analyte_code\") val analyteCode: String,\n    @SerialName(\"reference_range\") val referenceRange: {kotlin_type},\n)\n\n@Serializable\ndata class ReferenceRange(val low: Double? = null, val high: Double? = null)\n");
    let client = "package health.tern.desk.labs\n\nimport io.ktor.client.HttpClient\nimport io.ktor.client.call.body\nimport io.ktor.client.request.get\n\nclass LabsClient(private val http: HttpClient) {\n    suspend fun result(id: String): LabResult = http.get(\"http://labs-service:8080/lab-results/$id\").body()\n}\n";
    finding_summary(&check(&[
        ("labs-service", &[("api/openapi.json", SPEC), ("go.mod", "module example.com/labs\n\ngo 1.22\n"), ("main.go", "package main\n\nfunc main() {}\n"), ("Dockerfile", "FROM golang:1.22\n")]),
        ("clinician-desk", &[("src/main/kotlin/health/tern/desk/labs/LabsModels.kt", models.as_str()), ("src/main/kotlin/health/tern/desk/labs/LabsClient.kt", client), ("build.gradle.kts", "plugins { kotlin(\"jvm\") version \"2.0.0\" }\n"), ("Dockerfile", "FROM eclipse-temurin:21\n")]),
    ]))
}

/// A string where the provider sends an object or null.
#[test]
fn a_string_where_a_nullable_reference_is_sent_is_a_type_mismatch() {
    assert_eq!(findings("String?"), ["type-mismatch reference_range api:labs"]);
}

/// Near miss: the referenced type, nullable.
#[test]
fn the_referenced_type_is_no_finding() {
    assert_eq!(findings("ReferenceRange?"), Vec::<String>::new());
}
