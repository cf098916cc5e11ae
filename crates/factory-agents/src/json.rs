//! Small helpers for reading agents' JSON lines, which change shape between versions: every
//! field is optional and a missing one is a default, never a failure.

use serde_json::Value;

use crate::event::EventKind;

/// The line as JSON, or `None` when it is not a JSON object.
pub(crate) fn parse_object(line: &str) -> Option<Value> {
    serde_json::from_str::<Value>(line).ok().filter(Value::is_object)
}

pub(crate) fn str_at<'a>(value: &'a Value, pointer: &str) -> Option<&'a str> {
    value.pointer(pointer).and_then(Value::as_str)
}

pub(crate) fn u64_at(value: &Value, pointer: &str) -> u64 {
    value.pointer(pointer).and_then(Value::as_u64).unwrap_or(0)
}

/// The `unknown` event for a line: its `type` field when it has one.
pub(crate) fn unknown(value: Option<&Value>) -> EventKind {
    EventKind::Unknown { event_type: value.and_then(|value| str_at(value, "/type")).map(str::to_string) }
}

/// Text of a tool result's `content`, which is a string or a list of `{type: text, text}`.
pub(crate) fn content_text(content: Option<&Value>) -> String {
    match content {
        Some(Value::String(text)) => text.clone(),
        Some(Value::Array(blocks)) => {
            blocks.iter().filter_map(|block| block.get("text").and_then(Value::as_str)).collect::<Vec<_>>().join("\n")
        }
        Some(other) if !other.is_null() => other.to_string(),
        _ => String::new(),
    }
}
