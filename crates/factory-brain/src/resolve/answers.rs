//! What a route read from code answers with, when its handler's signature names a type of
//! the component's own (`public List<AppointmentDto> list(`, FastAPI's `response_model=`):
//! the fields the component's code declares for that type (a record's components, a class's
//! fields, a pydantic model's, with their `@JsonProperty` names and JSON types) become the
//! fields of the operation's response, named by the type as a schema's are
//! (`field:appointments-routes/AppointmentDto.startTime`), so consumers' reads of it are
//! checked as reads of a contract's schema are.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};

use crate::model::{make_ref, Method};
use crate::resolve::GraphBuilder;

/// A type's declared fields: wire name -> (JSON type, where it is declared).
type DeclaredFields = BTreeMap<String, (Option<String>, String)>;

/// How sure a response read from a handler's declared type is.
const CONFIDENCE: f64 = 0.75;

pub(crate) fn type_route_answers(graph: &mut GraphBuilder) {
    // (operation, the API defining it, the component providing that, the type it answers with).
    let mut typed: Vec<(String, String, String, String)> = Vec::new();
    let providers: BTreeMap<String, String> =
        graph.edges().filter(|edge| edge.kind == "provides" && edge.from.starts_with("component:")).map(|edge| (edge.to.clone(), edge.from.clone())).collect();
    for edge in graph.edges().filter(|edge| edge.kind == "defines" && edge.to.starts_with("operation:")) {
        let Some(operation) = graph.nodes.get(&edge.to) else { continue };
        let Some(type_name) = operation.props.get("returns_type").and_then(Value::as_str) else { continue };
        let Some(provider) = providers.get(&edge.from) else { continue };
        typed.push((edge.to.clone(), edge.from.clone(), provider.clone(), type_name.to_string()));
    }
    if typed.is_empty() {
        return;
    }
    // (component, type) -> its declared fields.
    let mut declared: BTreeMap<(String, String), DeclaredFields> = BTreeMap::new();
    let wanted: BTreeSet<(&str, &str)> = typed.iter().map(|(_, _, provider, type_name)| (provider.as_str(), type_name.as_str())).collect();
    for read in &graph.reads {
        let Some(type_name) = read.read.declared_in.as_deref() else { continue };
        if wanted.contains(&(read.component.as_str(), type_name)) {
            let fields = declared.entry((read.component.clone(), type_name.to_string())).or_default();
            fields.entry(read.read.field.clone()).or_insert((read.read.expected_type.clone(), read.source.clone()));
        }
    }
    for (operation, api, provider, type_name) in typed {
        let Some(fields) = declared.get(&(provider, type_name.clone())) else { continue };
        let api_name = api.strip_prefix("api:").unwrap_or(&api);
        for (wire, (json_type, source)) in fields {
            let field_name = format!("{api_name}/{type_name}.{wire}");
            let field = make_ref("field", &field_name);
            let props = json!({"wire_name": wire, "type": json_type.as_deref().unwrap_or("any"), "required": false, "of_type": type_name});
            graph.node("field", &field_name, props, source.clone(), Method::Inferred, CONFIDENCE);
            graph.edge(&api, &field, "defines", json!({}), source.clone(), Method::Inferred, CONFIDENCE);
            graph.edge(&operation, &field, "uses", json!({"in": "response"}), source.clone(), Method::Inferred, CONFIDENCE);
        }
    }
}
