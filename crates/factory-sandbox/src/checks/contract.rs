//! HTTP contract checks: the provider's OpenAPI document (`openapi.yaml` in its repo, or the
//! check's `openapi`) says what each operation answers; every GET operation is called on the
//! running service (path parameters filled from their examples, or the schema's example,
//! default, first enum value or minimum: the seed data's first ids), and its status and JSON
//! body are validated against the declared response schema.

use std::path::Path;
use std::time::Duration;

use serde_json::Value;

use super::{Outcome, TestCase, Verdict, service_url};
use crate::declarations::CheckDeclaration;
use crate::schema::{inline_refs, load_document, validate};
use crate::state::SandboxState;

const REF_DEPTH: usize = 32;

pub(crate) async fn run(state: &SandboxState, check: &CheckDeclaration, folder: &Path) -> Outcome {
    let Some(service) = check.service.as_deref() else { return Outcome::unknown("the check names no service") };
    let url = match service_url(state, service) {
        Ok(url) => url.to_string(),
        Err(reason) => return Outcome::unknown(reason),
    };
    let repo_dir = state.service(service).map_or(check.repo_dir.clone(), |record| record.repo_dir.clone());
    let document_name = check.openapi.as_deref().unwrap_or("openapi.yaml");
    let document_path = repo_dir.join(document_name);
    let repo = state.service(service).map_or(check.repo.as_str(), |record| record.repo.as_str());
    let shown = format!("{repo}/{document_name}");
    let document = match load_document(&document_path) {
        Ok(document) => document,
        Err(reason) => return Outcome::unknown(format!("no contract to check {service} against: {reason}")),
    };
    let timeout = Duration::from_millis(check.timeout_ms.unwrap_or(5000));
    let mut tests = Vec::new();
    let mut exchanges = Vec::new();
    let mut skipped = Vec::new();
    let paths = document.get("paths").and_then(Value::as_object).cloned().unwrap_or_default();
    for (path, item) in &paths {
        let Some(operation) = item.get("get") else { continue };
        let name = format!("GET {path}");
        let Some(concrete) = fill_path(&document, path, item, operation) else {
            skipped.push(name);
            continue;
        };
        let (verdict, message, exchange) = call_and_validate(&document, &url, &concrete, operation, timeout, &state.network).await;
        exchanges.push(exchange);
        tests.push(TestCase { name, classname: Some(service.to_string()), verdict, duration_ms: None, message });
    }
    let responses = folder.join("responses.json");
    let mut artifacts = Vec::new();
    if let Ok(text) = serde_json::to_string_pretty(&exchanges)
        && std::fs::write(&responses, text).is_ok()
    {
        artifacts.push(responses);
    }
    if tests.is_empty() {
        return Outcome {
            verdict: Verdict::Unknown,
            reason: format!("{shown} has no GET operation the check can call (skipped: {})", skipped.join(", ")),
            artifacts,
            tests,
            output_tail: None,
        };
    }
    let failing: Vec<String> = tests
        .iter()
        .filter(|test| test.verdict != Verdict::Pass)
        .map(|test| format!("{}: {}", test.name, test.message.as_deref().unwrap_or("failed")))
        .collect();
    let verdict = if tests.iter().any(|test| test.verdict == Verdict::Fail) {
        Verdict::Fail
    } else if failing.is_empty() {
        Verdict::Pass
    } else {
        Verdict::Unknown
    };
    let skipped_note =
        if skipped.is_empty() { String::new() } else { format!(" (not called, no value for a path parameter: {})", skipped.join(", ")) };
    let reason = if failing.is_empty() {
        format!("{} operations of {service} answered as {shown} says{skipped_note}", tests.len())
    } else {
        format!("{service} breaks {shown}: {}{skipped_note}", failing.join("; "))
    };
    Outcome { verdict, reason, artifacts, tests, output_tail: None }
}

async fn call_and_validate(
    document: &Value,
    url: &str,
    path: &str,
    operation: &Value,
    timeout: Duration,
    network: &crate::Network,
) -> (Verdict, Option<String>, Value) {
    let response = match crate::http::get(url, path, timeout, network).await {
        Ok(response) => response,
        Err(error) => {
            let exchange = serde_json::json!({ "request": format!("GET {path}"), "error": error.to_string() });
            return (Verdict::Fail, Some(format!("no response: {error}")), exchange);
        }
    };
    let body_text = String::from_utf8_lossy(&response.body).into_owned();
    let exchange = serde_json::json!({
        "request": format!("GET {path}"),
        "status": response.status,
        "content_type": response.header("content-type"),
        "body": body_text,
    });
    let responses = operation.get("responses").cloned().unwrap_or(Value::Null);
    let status = response.status.to_string();
    let class = format!("{}XX", &status[..1]);
    let Some(declared) = responses.get(&status).or_else(|| responses.get(&class)).or_else(|| responses.get("default")) else {
        let known: Vec<&String> = responses.as_object().map(|map| map.keys().collect()).unwrap_or_default();
        return (
            Verdict::Fail,
            Some(format!("answered {status}, which the contract does not declare (declared: {})", join(&known))),
            exchange,
        );
    };
    if !(200..300).contains(&response.status) {
        return (Verdict::Fail, Some(format!("answered {status} to a call with no parameters")), exchange);
    }
    let declared = inline_refs(document, declared, REF_DEPTH);
    let Some(schema) = declared.pointer("/content/application~1json/schema") else {
        return (Verdict::Pass, Some(format!("answered {status}; the contract gives no JSON schema for it")), exchange);
    };
    let body: Value = match serde_json::from_slice(&response.body) {
        Ok(body) => body,
        Err(error) => return (Verdict::Fail, Some(format!("answered {status} with a body that is not JSON: {error}")), exchange),
    };
    match validate(schema, &body) {
        Ok(()) => (Verdict::Pass, None, exchange),
        Err(errors) => (Verdict::Fail, Some(format!("the {status} body violates the schema: {}", errors.join("; "))), exchange),
    }
}

/// `path` with every `{name}` replaced by a value from its parameter declaration (path item or
/// operation level), or `None` when one has no usable value.
fn fill_path(document: &Value, path: &str, item: &Value, operation: &Value) -> Option<String> {
    if !path.contains('{') {
        return Some(path.to_string());
    }
    let declared: Vec<Value> = [item.get("parameters"), operation.get("parameters")]
        .into_iter()
        .flatten()
        .filter_map(Value::as_array)
        .flatten()
        .map(|parameter| inline_refs(document, parameter, REF_DEPTH))
        .collect();
    let mut filled = String::new();
    let mut rest = path;
    while let Some(open) = rest.find('{') {
        let close = rest[open..].find('}')? + open;
        let name = &rest[open + 1..close];
        let parameter = declared.iter().find(|parameter| {
            parameter.get("name").and_then(Value::as_str) == Some(name) && parameter.get("in").and_then(Value::as_str) == Some("path")
        })?;
        filled.push_str(&rest[..open]);
        filled.push_str(&example_value(parameter)?);
        rest = &rest[close + 1..];
    }
    filled.push_str(rest);
    Some(filled)
}

fn example_value(parameter: &Value) -> Option<String> {
    let schema = parameter.get("schema").cloned().unwrap_or(Value::Null);
    let candidate = parameter
        .get("example")
        .or_else(|| schema.get("example"))
        .or_else(|| schema.get("default"))
        .or_else(|| schema.get("enum").and_then(|values| values.get(0)))
        .or_else(|| schema.get("minimum"))
        .cloned()
        .or_else(|| matches!(schema.get("type").and_then(Value::as_str), Some("integer" | "number")).then(|| Value::from(1)))?;
    match candidate {
        Value::String(text) => Some(text),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        _ => None,
    }
}

fn join(items: &[&String]) -> String {
    if items.is_empty() { "none".into() } else { items.iter().map(|item| item.as_str()).collect::<Vec<_>>().join(", ") }
}
