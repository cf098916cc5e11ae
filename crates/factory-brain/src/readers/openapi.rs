//! OpenAPI 3.0/3.1 (and Swagger 2): operations, and the request and response fields of each
//! with wire name, type and whether it is required. Refs use the `{api}` placeholder for the
//! API's name, which resolution fills from the catalog (or the title).

use std::collections::BTreeSet;

use serde_json::{json, Map, Value};

use crate::model::{make_ref, FileFacts, Method};
use crate::yaml::{pointer_segment, text};
use crate::API_PLACEHOLDER;

const METHODS: &[&str] = &["get", "put", "post", "delete", "patch", "head", "options", "trace"];

pub fn read(document: &Value) -> Result<FileFacts, String> {
    let mut facts = FileFacts::default();
    let version = text(document, "openapi").or_else(|| text(document, "swagger")).unwrap_or("").to_string();
    let info = document.get("info").cloned().unwrap_or(Value::Null);
    let title = text(&info, "title").unwrap_or("").to_string();
    let api = make_ref("api", API_PLACEHOLDER);
    facts.node(
        "api",
        API_PLACEHOLDER,
        json!({"type": "openapi", "spec_version": version, "title": title, "version": text(&info, "version"), "default_name": slug(&title)}),
        "/info",
        Method::Parsed,
    );
    if document.get("paths").is_some_and(|paths| !paths.is_object() && !paths.is_null()) {
        return Err("`paths` is not a mapping".to_string());
    }

    // Named schemas and their fields.
    let schemas = schemas_of(document);
    for (schema_name, schema) in schemas.iter() {
        let mut fields = Vec::new();
        collect_fields(document, schema, schema_name, 0, &mut fields);
        for field in fields {
            let pointer = format!("{}/{}", schemas_pointer(document), pointer_segment(schema_name));
            add_field(&mut facts, &api, &field, &pointer);
        }
    }

    let Some(paths) = document.get("paths").and_then(Value::as_object) else { return Ok(facts) };
    for (path, item) in paths {
        let Some(item) = item.as_object() else { continue };
        for (method, operation) in item.iter().filter(|(method, _)| METHODS.contains(&method.as_str())) {
            let method_upper = method.to_uppercase();
            let name = format!("{API_PLACEHOLDER}/{method_upper} {path}");
            let operation_ref = make_ref("operation", &name);
            let pointer = format!("/paths/{}/{method}", pointer_segment(path));
            let operation_id = text(operation, "operationId").map(str::to_string);
            let parameters = parameters_of(document, item.get("parameters"), operation.get("parameters"));
            facts.node(
                "operation",
                &name,
                json!({"method": method_upper, "path": path, "operationId": operation_id, "summary": text(operation, "summary"), "parameters": parameters}),
                &pointer,
                Method::Parsed,
            );
            facts.edge(&api, &operation_ref, "defines", Value::Null, &pointer, Method::Parsed);
            let base_name = operation_id.clone().unwrap_or_else(|| format!("{method_upper} {path}"));

            // Request body.
            if let Some(content) = deref(document, operation.get("requestBody").unwrap_or(&Value::Null)).get("content")
                && let Some(schema) = first_schema(content) {
                    link_schema(&mut facts, document, &api, &operation_ref, schema, &format!("{base_name}Request"), json!({"in": "request"}), &pointer);
                }
            // Swagger 2 body parameter.
            if let Some(parameters) = operation.get("parameters").and_then(Value::as_array) {
                for parameter in parameters.iter().map(|parameter| deref(document, parameter)) {
                    if text(parameter, "in") == Some("body")
                        && let Some(schema) = parameter.get("schema") {
                            link_schema(&mut facts, document, &api, &operation_ref, schema, &format!("{base_name}Request"), json!({"in": "request"}), &pointer);
                        }
                }
            }
            // Successful responses.
            if let Some(responses) = operation.get("responses").and_then(Value::as_object) {
                for (status, response) in responses.iter().filter(|(status, _)| status.starts_with('2')) {
                    let response = deref(document, response);
                    let schema = response.get("content").and_then(first_schema).or_else(|| response.get("schema"));
                    if let Some(schema) = schema {
                        link_schema(&mut facts, document, &api, &operation_ref, schema, &format!("{base_name}Response"), json!({"in": "response", "status": status}), &pointer);
                    }
                }
            }
        }
    }
    Ok(facts)
}

/// One field found in a schema: `Order.created_at`, `Order.customer.name`.
#[derive(Debug, Clone)]
pub struct SchemaField {
    pub name: String,
    pub wire_name: String,
    pub field_type: String,
    pub required: bool,
    pub enum_values: Vec<String>,
}

pub(crate) fn add_field(facts: &mut FileFacts, api: &str, field: &SchemaField, pointer: &str) {
    let name = format!("{API_PLACEHOLDER}/{}", field.name);
    let mut props = json!({"wire_name": field.wire_name, "type": field.field_type, "required": field.required});
    if !field.enum_values.is_empty() {
        props["enum"] = json!(field.enum_values);
    }
    facts.node("field", &name, props, pointer, Method::Parsed);
    facts.edge(api, &make_ref("field", &name), "defines", Value::Null, pointer, Method::Parsed);
}

/// Links an operation to the fields of `schema`: a named schema's fields, or an inline
/// schema's fields named after the operation.
#[expect(clippy::too_many_arguments, reason = "one call shape shared by request and response bodies")]
fn link_schema(facts: &mut FileFacts, document: &Value, api: &str, operation: &str, schema: &Value, inline_name: &str, props: Value, pointer: &str) {
    let mut fields = Vec::new();
    let mut seen = BTreeSet::new();
    let (name, resolved) = match ref_name(schema) {
        Some(name) => (name.to_string(), deref(document, schema)),
        None => {
            // An array of a named schema, or an inline object.
            let items = schema.get("items");
            match items.and_then(ref_name) {
                Some(name) => (name.to_string(), deref(document, items.unwrap_or(&Value::Null))),
                None => (inline_name.to_string(), schema),
            }
        }
    };
    collect_fields(document, resolved, &name, 0, &mut fields);
    let is_inline = ref_name(schema).is_none() && schema.get("items").and_then(ref_name).is_none();
    for field in &fields {
        if is_inline {
            add_field(facts, api, field, pointer);
        }
        if seen.insert(field.name.clone()) {
            facts.edge(operation, &make_ref("field", &format!("{API_PLACEHOLDER}/{}", field.name)), "uses", props.clone(), pointer, Method::Parsed);
        }
    }
}

/// Fields of `schema` named under `prefix`, following `$ref`, `allOf` and arrays of named
/// schemas one level (their own fields are listed under their own name).
pub(crate) fn collect_fields(document: &Value, schema: &Value, prefix: &str, depth: usize, out: &mut Vec<SchemaField>) {
    if depth > 4 {
        return;
    }
    let schema = deref(document, schema);
    if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
        for part in parts {
            collect_fields(document, part, prefix, depth + 1, out);
        }
    }
    let required: BTreeSet<&str> = schema.get("required").and_then(Value::as_array).map(|items| items.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
    let Some(properties) = schema.get("properties").and_then(Value::as_object) else { return };
    for (wire_name, property) in properties {
        let name = format!("{prefix}.{wire_name}");
        // OpenAPI 3.1's nullable reference: the member's schema, resolved (a string enum
        // `Status` is a string with its values), nullable.
        let (property, nullable) = match only_member(property) {
            Some(member) => (member, true),
            None => (property, false),
        };
        let resolved = deref(document, property);
        let enum_values = resolved
            .get("enum")
            .and_then(Value::as_array)
            .map(|values| values.iter().map(|value| value.as_str().map(str::to_string).unwrap_or_else(|| value.to_string())).collect())
            .unwrap_or_default();
        let field_type = type_name(property, resolved);
        let field_type = if nullable && !field_type.ends_with('?') { format!("{field_type}?") } else { field_type };
        out.push(SchemaField { name: name.clone(), wire_name: wire_name.clone(), field_type, required: required.contains(wire_name.as_str()), enum_values });
        if ref_name(property).is_none() && resolved.get("properties").is_some() {
            collect_fields(document, resolved, &name, depth + 1, out);
        }
    }
}

/// `string`, `integer`, `string?` (nullable), `Order` (a named schema), `array<Order>`. A
/// named schema of a plain type (a string enum `ShipmentStatus`) is that type.
pub(crate) fn type_name(original: &Value, resolved: &Value) -> String {
    // OpenAPI 3.1's nullable reference, `oneOf: [{$ref: ReferenceRange}, {type: "null"}]`
    // (labs-service of the tenth planted-mismatch evaluation's org T), is its one member's type.
    if let Some(member) = only_member(resolved) {
        let inner = type_name(member, member);
        return if inner.ends_with('?') { inner } else { format!("{inner}?") };
    }
    let plain = resolved.get("type").and_then(Value::as_str).is_some_and(|kind| matches!(kind, "string" | "integer" | "number" | "boolean"));
    if let Some(name) = ref_name(original).filter(|_| !plain) {
        return name.to_string();
    }
    let mut nullable = resolved.get("nullable").and_then(Value::as_bool).unwrap_or(false);
    let base = match resolved.get("type") {
        Some(Value::String(kind)) => kind.clone(),
        Some(Value::Array(kinds)) => {
            let named: Vec<&str> = kinds.iter().filter_map(Value::as_str).filter(|kind| *kind != "null").collect();
            nullable |= kinds.iter().any(|kind| kind.as_str() == Some("null"));
            named.join("|")
        }
        _ if resolved.get("properties").is_some() => "object".to_string(),
        _ => "any".to_string(),
    };
    let base = if base == "array" {
        let items = resolved.get("items").unwrap_or(&Value::Null);
        format!("array<{}>", type_name(items, items))
    } else {
        base
    };
    if nullable { format!("{base}?") } else { base }
}

/// The one member of a `oneOf` or `anyOf` that is not `{type: "null"}`, when there is one null
/// member beside it.
fn only_member(schema: &Value) -> Option<&Value> {
    let members = schema.get("oneOf").or_else(|| schema.get("anyOf"))?.as_array()?;
    let is_null = |member: &&Value| member.get("type").and_then(Value::as_str) == Some("null");
    let others: Vec<&Value> = members.iter().filter(|member| !is_null(member)).collect();
    match others.as_slice() {
        [one] if members.len() == 2 => Some(one),
        _ => None,
    }
}

pub(crate) fn ref_name(schema: &Value) -> Option<&str> {
    schema.get("$ref").and_then(Value::as_str).and_then(|reference| reference.rsplit('/').next())
}

/// Follows a local `$ref` (`#/components/schemas/Order`), up to a few hops.
pub(crate) fn deref<'a>(document: &'a Value, value: &'a Value) -> &'a Value {
    let mut current = value;
    for _ in 0..8 {
        let Some(reference) = current.get("$ref").and_then(Value::as_str) else { return current };
        let Some(pointer) = reference.strip_prefix('#') else { return current };
        match document.pointer(pointer) {
            Some(target) => current = target,
            None => return current,
        }
    }
    current
}

fn schemas_of(document: &Value) -> Map<String, Value> {
    document
        .pointer("/components/schemas")
        .or_else(|| document.get("definitions"))
        .and_then(Value::as_object)
        .cloned()
        .unwrap_or_default()
}

fn schemas_pointer(document: &Value) -> &'static str {
    if document.pointer("/components/schemas").is_some() { "/components/schemas" } else { "/definitions" }
}

fn first_schema(content: &Value) -> Option<&Value> {
    let content = content.as_object()?;
    let json = content.iter().find(|(media, _)| media.contains("json")).or_else(|| content.iter().next());
    json.and_then(|(_, media)| media.get("schema"))
}

fn parameters_of(document: &Value, shared: Option<&Value>, own: Option<&Value>) -> Vec<Value> {
    let mut parameters = Vec::new();
    for list in [shared, own].into_iter().flatten().filter_map(Value::as_array) {
        for parameter in list.iter().map(|parameter| deref(document, parameter)) {
            let (Some(name), Some(location)) = (text(parameter, "name"), text(parameter, "in")) else { continue };
            if location == "body" {
                continue;
            }
            let schema = parameter.get("schema").unwrap_or(parameter);
            parameters.push(json!({
                "name": name, "in": location,
                "required": parameter.get("required").and_then(Value::as_bool).unwrap_or(false),
                "type": type_name(schema, deref(document, schema)),
            }));
        }
    }
    parameters
}

/// `Orders HTTP API` -> `orders-http-api`.
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for character in title.chars() {
        if character.is_ascii_alphanumeric() {
            out.push(character.to_ascii_lowercase());
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nullable_references_type_is_its_one_members() {
        let nullable: Value = serde_json::json!({"oneOf": [{"$ref": "#/components/schemas/ReferenceRange"}, {"type": "null"}]});
        assert_eq!(type_name(&nullable, &nullable), "ReferenceRange?");
        let any_of: Value = serde_json::json!({"anyOf": [{"type": "string"}, {"type": "null"}]});
        assert_eq!(type_name(&any_of, &any_of), "string?");
        let either: Value = serde_json::json!({"oneOf": [{"$ref": "#/components/schemas/Card"}, {"$ref": "#/components/schemas/Wallet"}]});
        assert_eq!(type_name(&either, &either), "any", "two members: either");
    }

    #[test]
    fn a_nullable_reference_to_a_string_enum_is_a_nullable_string_with_its_values() {
        let document: Value = serde_json::json!({"components": {"schemas": {
            "Status": {"type": "string", "enum": ["open", "closed"]},
            "Order": {"type": "object", "properties": {"status": {"oneOf": [{"$ref": "#/components/schemas/Status"}, {"type": "null"}]}}}
        }}});
        let mut fields = Vec::new();
        collect_fields(&document, &document["components"]["schemas"]["Order"], "Order", 0, &mut fields);
        let found: Vec<(String, String, Vec<String>)> = fields.into_iter().map(|field| (field.name, field.field_type, field.enum_values)).collect();
        assert_eq!(found, [("Order.status".to_string(), "string?".to_string(), vec!["open".to_string(), "closed".to_string()])]);
    }
}
