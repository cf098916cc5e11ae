//! Consumer checks: the interactions of a Pact file (written by the consumer, kept in its repo)
//! replayed in order against the running provider, with their method, query and JSON body; the
//! status must be equal and the expected JSON body must be contained in the actual one (objects
//! may carry more keys; arrays must match element by element). Pact matching rules and provider
//! states are not applied, and request headers other than the JSON content type are not sent.

use std::path::Path;
use std::time::Duration;

use serde_json::Value;

use super::{Outcome, TestCase, Verdict, service_url};
use crate::declarations::CheckDeclaration;
use crate::state::SandboxState;

pub(crate) async fn run(state: &SandboxState, check: &CheckDeclaration, folder: &Path) -> Outcome {
    let (Some(provider), Some(pact_file)) = (check.service.as_deref(), check.pact.as_deref()) else {
        return Outcome::unknown("the check needs `service` (the provider) and `pact` (the pact file)");
    };
    let url = match service_url(state, provider) {
        Ok(url) => url.to_string(),
        Err(reason) => return Outcome::unknown(reason),
    };
    let path = check.repo_dir.join(pact_file);
    let pact: Value = match std::fs::read_to_string(&path).map_err(|error| error.to_string()).and_then(|text| {
        serde_json::from_str(&text).map_err(|error| format!("not JSON: {error}"))
    }) {
        Ok(pact) => pact,
        Err(reason) => return Outcome::unknown(format!("could not read the pact {}/{pact_file}: {reason}", check.repo)),
    };
    let interactions = pact.get("interactions").and_then(Value::as_array).cloned().unwrap_or_default();
    let timeout = Duration::from_millis(check.timeout_ms.unwrap_or(5000));
    let mut tests = Vec::new();
    let mut exchanges = Vec::new();
    for interaction in &interactions {
        let name = interaction.get("description").and_then(Value::as_str).unwrap_or("interaction").to_string();
        let (verdict, message, exchange) = replay(&url, interaction, timeout, &state.network).await;
        exchanges.push(exchange);
        tests.push(TestCase { name, classname: Some(provider.to_string()), verdict, duration_ms: None, message });
    }
    let mut artifacts = Vec::new();
    let responses = folder.join("pact-responses.json");
    if let Ok(text) = serde_json::to_string_pretty(&exchanges)
        && std::fs::write(&responses, text).is_ok()
    {
        artifacts.push(responses);
    }
    let failing: Vec<String> = tests
        .iter()
        .filter(|test| test.verdict != Verdict::Pass)
        .map(|test| format!("{}: {}", test.name, test.message.as_deref().unwrap_or("failed")))
        .collect();
    let verdict = if tests.is_empty() {
        Verdict::Unknown
    } else if tests.iter().any(|test| test.verdict == Verdict::Fail) {
        Verdict::Fail
    } else if failing.is_empty() {
        Verdict::Pass
    } else {
        Verdict::Unknown
    };
    let reason = match verdict {
        Verdict::Pass => format!("{provider} answers the {} interactions of {}/{pact_file}", tests.len(), check.repo),
        _ if tests.is_empty() => format!("{}/{pact_file} has no interactions", check.repo),
        _ => format!("{provider} does not answer {}/{pact_file} as expected: {}", check.repo, failing.join("; ")),
    };
    Outcome { verdict, reason, artifacts, tests, output_tail: None }
}

async fn replay(url: &str, interaction: &Value, timeout: Duration, network: &crate::Network) -> (Verdict, Option<String>, Value) {
    let request = interaction.get("request").cloned().unwrap_or(Value::Null);
    let method = request.get("method").and_then(Value::as_str).unwrap_or("GET").to_uppercase();
    let mut path = request.get("path").and_then(Value::as_str).unwrap_or("/").to_string();
    if let Some(query) = request.get("query").and_then(Value::as_str).filter(|query| !query.is_empty()) {
        path = format!("{path}?{query}");
    }
    let body = request.get("body").map(|body| match body {
        Value::String(text) => text.clone().into_bytes(),
        other => other.to_string().into_bytes(),
    });
    let expected = interaction.get("response").cloned().unwrap_or(Value::Null);
    let shown = format!("{method} {path}");
    let response = match crate::http::request(url, &method, &path, body.as_deref(), timeout, network).await {
        Ok(response) => response,
        Err(error) => {
            return (Verdict::Fail, Some(format!("no response: {error}")), serde_json::json!({ "request": shown, "error": error.to_string() }));
        }
    };
    let body_text = String::from_utf8_lossy(&response.body).into_owned();
    let exchange = serde_json::json!({ "request": shown, "status": response.status, "body": body_text });
    let expected_status = expected.get("status").and_then(Value::as_u64).unwrap_or(200);
    if u64::from(response.status) != expected_status {
        return (Verdict::Fail, Some(format!("answered {} instead of {expected_status}", response.status)), exchange);
    }
    let Some(expected_body) = expected.get("body") else { return (Verdict::Pass, None, exchange) };
    let actual: Value = match serde_json::from_slice(&response.body) {
        Ok(actual) => actual,
        Err(_) if expected_body.as_str() == Some(body_text.as_str()) => return (Verdict::Pass, None, exchange),
        Err(error) => return (Verdict::Fail, Some(format!("the body is not JSON: {error}")), exchange),
    };
    match contains(&actual, expected_body, "") {
        Ok(()) => (Verdict::Pass, None, exchange),
        Err(difference) => (Verdict::Fail, Some(difference), exchange),
    }
}

/// Whether `actual` holds everything `expected` says, naming the first difference.
fn contains(actual: &Value, expected: &Value, at: &str) -> Result<(), String> {
    let here = if at.is_empty() { "(root)" } else { at };
    match (actual, expected) {
        (Value::Object(actual), Value::Object(expected)) => {
            for (key, value) in expected {
                let child = format!("{at}/{key}");
                let Some(found) = actual.get(key) else { return Err(format!("{child} is missing")) };
                contains(found, value, &child)?;
            }
            Ok(())
        }
        (Value::Array(actual), Value::Array(expected)) => {
            if actual.len() != expected.len() {
                return Err(format!("{here} has {} items, the pact expects {}", actual.len(), expected.len()));
            }
            for (index, (found, value)) in actual.iter().zip(expected).enumerate() {
                contains(found, value, &format!("{at}/{index}"))?;
            }
            Ok(())
        }
        (actual, expected) if actual == expected => Ok(()),
        (actual, expected) => Err(format!("{here} is {actual}, the pact expects {expected}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn expected_bodies_are_contained_in_actual_ones() {
        let actual = serde_json::json!({ "orders": [{ "id": 1, "total_cents": 5, "extra": true }] });
        let cases = [
            (serde_json::json!({ "orders": [{ "id": 1 }] }), Ok(())),
            (serde_json::json!({ "orders": [{ "total": 5 }] }), Err("/orders/0/total is missing".to_string())),
            (serde_json::json!({ "orders": [] }), Err("/orders has 1 items, the pact expects 0".to_string())),
            (serde_json::json!({ "orders": [{ "id": 2 }] }), Err("/orders/0/id is 1, the pact expects 2".to_string())),
        ];
        for (expected, result) in cases {
            assert_eq!(contains(&actual, &expected, ""), result, "{expected}");
        }
    }
}
