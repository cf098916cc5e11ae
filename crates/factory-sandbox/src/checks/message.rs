//! Message checks: what a service published to the sink the sandbox gives it (`EVENT_SINK`, one
//! JSON line `{"channel", "message", "payload"}` per event) is validated against the payload
//! schema of its AsyncAPI document (`asyncapi.yaml` in its repo, or the check's `asyncapi`), and
//! against what consumers read: the `asyncapi.yaml` of every other checkout in the sandbox that
//! declares the same channel.

use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::Value;

use super::{Outcome, TestCase, Verdict};
use crate::declarations::CheckDeclaration;
use crate::schema::{inline_refs, load_document, validate};
use crate::state::SandboxState;

const REF_DEPTH: usize = 32;

pub(crate) async fn run(state: &SandboxState, check: &CheckDeclaration, folder: &Path) -> Outcome {
    let Some(service) = check.service.as_deref() else { return Outcome::unknown("the check names no service") };
    let Some(record) = state.service(service) else {
        return Outcome::unknown(format!("no service `{service}` in this sandbox"));
    };
    let Some(sink) = record.env.get("EVENT_SINK").map(std::path::PathBuf::from) else {
        return Outcome::unknown(format!("service `{service}` has no EVENT_SINK"));
    };
    let document_name = check.asyncapi.as_deref().unwrap_or("asyncapi.yaml");
    let document_path = record.repo_dir.join(document_name);
    let shown = format!("{}/{document_name}", record.repo);
    let document = match load_document(&document_path) {
        Ok(document) => document,
        Err(reason) => return Outcome::unknown(format!("no contract to check {service}'s messages against: {reason}")),
    };
    let wanted = check.min_messages.unwrap_or(1);
    let limit = Duration::from_millis(check.timeout_ms.unwrap_or(10_000));
    let started = Instant::now();
    let lines = loop {
        let text = std::fs::read_to_string(&sink).unwrap_or_default();
        let lines: Vec<String> = text.lines().filter(|line| !line.trim().is_empty()).map(str::to_string).collect();
        if lines.len() >= wanted || started.elapsed() >= limit {
            break lines;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    };
    let mut artifacts = Vec::new();
    let copy = folder.join("events.jsonl");
    if std::fs::write(&copy, lines.join("\n")).is_ok() {
        artifacts.push(copy);
    }
    if lines.len() < wanted {
        return Outcome {
            verdict: Verdict::Unknown,
            reason: format!(
                "{service} published {} of the {wanted} messages needed to {} within {} ms; nothing to validate",
                lines.len(),
                sink.display(),
                limit.as_millis()
            ),
            artifacts,
            tests: Vec::new(),
            output_tail: None,
        };
    }
    let mut tests = Vec::new();
    for (number, line) in lines.iter().enumerate() {
        let (name, verdict, message) = validate_line(&document, line, number + 1);
        tests.push(TestCase { name, classname: Some(service.to_string()), verdict, duration_ms: None, message });
    }
    let mut consumers = Vec::new();
    for checkout in state.checkouts.iter().filter(|checkout| checkout.repo != record.repo) {
        let Ok(consumer_document) = load_document(&checkout.path.join("asyncapi.yaml")) else { continue };
        for (number, line) in lines.iter().enumerate() {
            let Some((channel, message, payload)) = event_parts(line) else { continue };
            let Some(schema) = payload_schema(&consumer_document, &channel, &message) else { continue };
            if !consumers.contains(&checkout.repo) {
                consumers.push(checkout.repo.clone());
            }
            let (verdict, problem) = match validate(&schema, &payload) {
                Ok(()) => (Verdict::Pass, None),
                Err(errors) => (Verdict::Fail, Some(errors.join("; "))),
            };
            tests.push(TestCase {
                name: format!("line {} {channel} {message} as {} reads it", number + 1, checkout.repo),
                classname: Some(checkout.repo.clone()),
                verdict,
                duration_ms: None,
                message: problem,
            });
        }
    }
    let shown = if consumers.is_empty() { shown } else { format!("{shown} (and {}'s asyncapi.yaml)", consumers.join(", ")) };
    let failing: Vec<String> = tests
        .iter()
        .filter(|test| test.verdict == Verdict::Fail)
        .map(|test| format!("{}: {}", test.name, test.message.as_deref().unwrap_or("invalid")))
        .collect();
    let (verdict, reason) = if failing.is_empty() {
        (Verdict::Pass, format!("{} messages from {service} match {shown}", tests.len()))
    } else {
        (Verdict::Fail, format!("{service} published messages that break {shown}: {}", failing.join("; ")))
    };
    Outcome { verdict, reason, artifacts, tests, output_tail: None }
}

/// `(channel, message, payload)` of a sink line, when it is a well-formed event.
fn event_parts(line: &str) -> Option<(String, String, Value)> {
    let event: Value = serde_json::from_str(line).ok()?;
    let channel = event.get("channel").and_then(Value::as_str).unwrap_or_default().to_string();
    let message = event.get("message").and_then(Value::as_str).unwrap_or_default().to_string();
    Some((channel, message, event.get("payload")?.clone()))
}

fn validate_line(document: &Value, line: &str, number: usize) -> (String, Verdict, Option<String>) {
    let event: Value = match serde_json::from_str(line) {
        Ok(event) => event,
        Err(error) => return (format!("line {number}"), Verdict::Fail, Some(format!("not JSON: {error}"))),
    };
    let channel = event.get("channel").and_then(Value::as_str).unwrap_or_default();
    let message = event.get("message").and_then(Value::as_str).unwrap_or_default();
    let name = format!("line {number} {channel} {message}").trim_end().to_string();
    let Some(payload) = event.get("payload") else {
        return (name, Verdict::Fail, Some("the line has no `payload`".into()));
    };
    let Some(schema) = payload_schema(document, channel, message) else {
        return (name, Verdict::Fail, Some(format!("the AsyncAPI document declares no message `{message}` on channel `{channel}`")));
    };
    match validate(&schema, payload) {
        Ok(()) => (name, Verdict::Pass, None),
        Err(errors) => (name, Verdict::Fail, Some(errors.join("; "))),
    }
}

/// The payload schema of `message` on `channel`: AsyncAPI 2 (`channels.X.publish|subscribe.message`,
/// possibly `oneOf`) or 3 (`channels.X.messages`), else `components.messages.<message>`.
fn payload_schema(document: &Value, channel: &str, message: &str) -> Option<Value> {
    let resolve = |value: &Value| inline_refs(document, value, REF_DEPTH);
    let mut candidates = Vec::new();
    if let Some(channel_item) = document.get("channels").and_then(|channels| channels.get(channel)) {
        for operation in ["publish", "subscribe"] {
            if let Some(declared) = channel_item.get(operation).and_then(|operation| operation.get("message")) {
                let declared = resolve(declared);
                match declared.get("oneOf").and_then(Value::as_array) {
                    Some(choices) => candidates.extend(choices.iter().cloned()),
                    None => candidates.push(declared),
                }
            }
        }
        if let Some(messages) = channel_item.get("messages").and_then(Value::as_object) {
            candidates.extend(messages.values().map(resolve));
        }
    }
    if let Some(declared) = document.pointer(&format!("/components/messages/{message}")) {
        candidates.push(resolve(declared));
    }
    let matches_name = |candidate: &&Value| {
        message.is_empty()
            || candidate.get("name").and_then(Value::as_str).is_none_or(|name| name == message)
    };
    let chosen = candidates.iter().find(matches_name)?;
    chosen.get("payload").cloned()
}
