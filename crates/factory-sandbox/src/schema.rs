//! OpenAPI and AsyncAPI documents as JSON values, `$ref` resolution inside one document, and
//! validation of a value against a schema with `jsonschema`.

use std::path::Path;

use serde_json::Value;

/// Reads a YAML (or JSON) document.
pub fn load_document(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path).map_err(|error| format!("could not read {}: {error}", path.display()))?;
    serde_saphyr::from_str::<Value>(&text).map_err(|error| format!("{} is not valid YAML: {error}", path.display()))
}

/// Follows a local `$ref` (`#/components/schemas/Order`) inside `document`.
pub fn follow_ref<'a>(document: &'a Value, reference: &str) -> Option<&'a Value> {
    let pointer = reference.strip_prefix('#')?;
    document.pointer(pointer)
}

/// `value` with every local `$ref` replaced by what it points at (to `depth` levels), and the
/// OpenAPI 3.0 `nullable: true` turned into a JSON Schema type list.
pub fn inline_refs(document: &Value, value: &Value, depth: usize) -> Value {
    match value {
        Value::Object(map) => {
            if let Some(Value::String(reference)) = map.get("$ref")
                && depth > 0
                && let Some(target) = follow_ref(document, reference)
            {
                return inline_refs(document, target, depth - 1);
            }
            let mut out = serde_json::Map::new();
            for (key, child) in map {
                out.insert(key.clone(), inline_refs(document, child, depth));
            }
            if out.get("nullable") == Some(&Value::Bool(true))
                && let Some(Value::String(kind)) = out.get("type").cloned()
            {
                out.insert("type".into(), Value::Array(vec![Value::String(kind), Value::String("null".into())]));
            }
            out.remove("nullable");
            Value::Object(out)
        }
        Value::Array(items) => Value::Array(items.iter().map(|item| inline_refs(document, item, depth)).collect()),
        other => other.clone(),
    }
}

/// Validates `instance` against `schema`; the errors, each with where in the instance it is.
pub fn validate(schema: &Value, instance: &Value) -> Result<(), Vec<String>> {
    let validator = jsonschema::validator_for(schema).map_err(|error| vec![format!("the schema itself is invalid: {error}")])?;
    let errors: Vec<String> = validator
        .iter_errors(instance)
        .map(|error| {
            let at = error.instance_path().to_string();
            format!("{}: {error}", if at.is_empty() { "(root)".to_string() } else { at })
        })
        .collect();
    if errors.is_empty() { Ok(()) } else { Err(errors) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refs_are_inlined_and_violations_are_named() {
        let document = serde_json::json!({
            "components": { "schemas": {
                "Order": { "type": "object", "required": ["id"], "properties": { "id": { "type": "integer" }, "note": { "type": "string", "nullable": true } } },
                "List": { "type": "array", "items": { "$ref": "#/components/schemas/Order" } }
            } }
        });
        let schema = inline_refs(&document, &serde_json::json!({ "$ref": "#/components/schemas/List" }), 16);
        assert_eq!(validate(&schema, &serde_json::json!([{ "id": 1, "note": null }])), Ok(()));
        let errors = validate(&schema, &serde_json::json!([{ "id": "one" }])).expect_err("a string id is invalid");
        assert_eq!(errors, vec!["/0/id: \"one\" is not of type \"integer\"".to_string()]);
    }
}
