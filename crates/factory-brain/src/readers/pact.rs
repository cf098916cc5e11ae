//! Pact files: what a consumer expects of a provider, down to the body fields of each
//! interaction's response, and the top-level fields its request body sends. The consumer and
//! provider are named by their pacticipant names.

use serde_json::{json, Value};

use crate::model::{FieldRead, FileFacts, Method};
use crate::yaml::text;

pub fn read(document: &Value) -> FileFacts {
    let mut facts = FileFacts::default();
    let consumer = document.pointer("/consumer/name").and_then(Value::as_str).unwrap_or("").to_lowercase();
    let provider = document.pointer("/provider/name").and_then(Value::as_str).unwrap_or("").to_lowercase();
    if consumer.is_empty() || provider.is_empty() {
        return facts;
    }
    facts.edge(&format!("host:{consumer}"), &format!("host:{provider}"), "depends_on", json!({"via": "pact"}), "/provider", Method::Declared);
    let Some(interactions) = document.get("interactions").and_then(Value::as_array) else { return facts };
    for (index, interaction) in interactions.iter().enumerate() {
        let Some(request) = interaction.get("request") else { continue };
        let method = text(request, "method").unwrap_or("GET").to_uppercase();
        let path = text(request, "path").unwrap_or("/");
        let mut props = json!({"pact": text(interaction, "description"), "provider": provider});
        // What the request sends, so the check can name required request fields it leaves out.
        if let Some(Value::Object(body)) = request.get("body") {
            props["sends"] = Value::Array(body.keys().map(|key| Value::String(key.clone())).collect());
        }
        facts.edge(&format!("host:{consumer}"), &format!("http:{method} {path}"), "calls", props, &format!("/interactions/{index}"), Method::Declared);
        if let Some(body) = interaction.pointer("/response/body") {
            let mut names = Vec::new();
            body_fields(body, &mut names);
            for (field, expected_type) in names {
                facts.field_reads.push(FieldRead { expected_type: Some(expected_type), ..FieldRead::new(Some(format!("pact:{provider}")), field, index + 1) });
            }
        }
    }
    facts
}

fn body_fields(body: &Value, out: &mut Vec<(String, String)>) {
    match body {
        Value::Object(map) => {
            for (key, value) in map {
                if !out.iter().any(|(name, _)| name == key) {
                    out.push((key.clone(), json_type(value).to_string()));
                }
                body_fields(value, out);
            }
        }
        Value::Array(items) => items.iter().for_each(|item| body_fields(item, out)),
        _ => {}
    }
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(number) if number.is_i64() || number.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}
