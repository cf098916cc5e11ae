//! Reads of a call's response (a holder bound to the call, a type its response is decoded
//! into), checked against the fields of the response of the operation or rpc the call
//! matches, with their declared types, whatever the holder is called.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::{missing_field, naming_mismatch, type_mismatch, types_compatible, Finding};
use crate::graph::Graph;
use crate::model::naming_key;
use crate::resolve::ComponentRead;

/// One top-level field of a response.
struct ResponseField {
    field_ref: String,
    wire: String,
    json_name: Option<String>,
    field_type: String,
    /// Its schema or message, and the operation or rpc answering with it.
    schema: String,
    answered_by: String,
}

/// The responses of the graph's operations and rpcs.
pub(super) struct Responses<'graph> {
    graph: &'graph Graph,
    /// `pkg/Message` -> its fields' refs (a proto message's, which rpcs use by name).
    message_fields: BTreeMap<String, Vec<String>>,
}

impl<'graph> Responses<'graph> {
    pub(super) fn new(graph: &'graph Graph) -> Self {
        let mut message_fields: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for node in graph.nodes.values().filter(|node| node.kind == "field") {
            if let Some((message, field)) = node.name.rsplit_once('.')
                && !field.is_empty()
            {
                message_fields.entry(message.to_string()).or_default().push(node.node_ref.clone());
            }
        }
        Responses { graph, message_fields }
    }

    /// The top-level fields of the responses of `operations`, by the API defining each.
    fn fields(&self, operations: &[String]) -> BTreeMap<String, Vec<ResponseField>> {
        let mut by_api: BTreeMap<String, Vec<ResponseField>> = BTreeMap::new();
        for operation in operations {
            let Some(api) = self.graph.incoming(operation).find(|edge| edge.kind == "defines" && edge.from_ref.starts_with("api:")).map(|edge| edge.from_ref.clone()) else { continue };
            let answered_by = self.label(operation);
            let mut seen = BTreeSet::new();
            for uses in self.graph.outgoing(operation).filter(|edge| edge.kind == "uses" && edge.props.get("in").and_then(Value::as_str) == Some("response")) {
                let field_refs: Vec<&String> = match uses.to_ref.strip_prefix("message:") {
                    Some(message) => self.message_fields.get(message).map(|fields| fields.iter().collect()).unwrap_or_default(),
                    None => vec![&uses.to_ref],
                };
                for field_ref in field_refs {
                    let Some(node) = self.graph.node(field_ref) else { continue };
                    // `api/Schema.field`: a nested field (`Schema.parent.child`) is not the response's own.
                    let qualified = node.name.split_once('/').map_or(node.name.as_str(), |(_, rest)| rest);
                    let Some((schema, _)) = qualified.split_once('.').filter(|(_, rest)| !rest.contains('.')) else { continue };
                    if !seen.insert(field_ref.clone()) {
                        continue;
                    }
                    by_api.entry(api.clone()).or_default().push(ResponseField {
                        field_ref: field_ref.clone(),
                        wire: node.props.get("wire_name").and_then(Value::as_str).unwrap_or_default().to_string(),
                        json_name: node.props.get("json_name").and_then(Value::as_str).map(str::to_string),
                        field_type: node.props.get("type").and_then(Value::as_str).unwrap_or("any").to_string(),
                        schema: schema.to_string(),
                        answered_by: answered_by.clone(),
                    });
                }
            }
        }
        by_api
    }

    /// `GET /orders/{id}`, or `rpc GetOrder`.
    fn label(&self, operation: &str) -> String {
        let node = self.graph.node(operation);
        let prop = |key: &str| node.and_then(|node| node.props.get(key)).and_then(Value::as_str);
        match (prop("method"), prop("path")) {
            (Some(method), Some(path)) => format!("{method} {path}"),
            _ => format!("rpc {}", operation.rsplit('/').next().unwrap_or(operation)),
        }
    }

    /// The finding a read of the response of one of `operations` makes, if any: a field the
    /// response lacks, spells otherwise, or declares with another type. A response whose fields
    /// are unknown (no schema) says nothing.
    pub(super) fn check(&self, read: &ComponentRead, operations: &[String], providers: &BTreeMap<String, BTreeSet<String>>, reported: &mut BTreeSet<(String, String, String)>) -> Option<Finding> {
        let by_api = self.fields(operations);
        let name = &read.read.field;
        let key = naming_key(name);
        let same_key = |field: &&ResponseField| naming_key(&field.wire) == key || field.json_name.as_deref().is_some_and(|json| naming_key(json) == key);
        let rpc = operations.iter().any(|operation| operation.starts_with("rpc:"));
        // Python's generated messages name their attributes as the proto does (`tracking_url`),
        // never by the JSON name (`trackingUrl`).
        let proto_names = rpc && read.path.ends_with(".py");
        let exact = |field: &&ResponseField| field.wire == *name || (!proto_names && field.json_name.as_deref() == Some(name)) || (read.read.any_case && same_key(field));
        // Read exactly from one of the APIs: only its declared type can be wrong.
        if let Some((api, fields)) = by_api.iter().find(|(_, fields)| fields.iter().any(|field| exact(&field))) {
            let expected = read.read.expected_type.as_deref()?;
            let offered: Vec<(String, String)> = fields.iter().filter(exact).map(|field| (field.field_ref.clone(), field.field_type.clone())).collect();
            let fits = offered.iter().any(|(_, offered_type)| types_compatible(expected, offered_type));
            return (!fits && reported.insert((read.component.clone(), api.clone(), name.clone()))).then(|| type_mismatch(read, api, providers, expected, &offered));
        }
        if let Some((api, fields)) = by_api.iter().find(|(_, fields)| fields.iter().any(|field| same_key(&field))) {
            let offered: Vec<&ResponseField> = fields.iter().filter(same_key).collect();
            let wire = offered.first().map(|field| field.wire.clone()).unwrap_or_default();
            let field_refs = offered.iter().map(|field| field.field_ref.clone()).collect();
            return reported.insert((read.component.clone(), api.clone(), name.clone())).then(|| naming_mismatch(read, api, providers, &wire, field_refs));
        }
        // protobuf's generated Java (and JavaScript) accessors: `getParcelsList()`,
        // `getLabelsMap()`, `getParcelsCount()`, `hasCarrierRef()` read `parcels`, `labels`,
        // `carrier_ref`.
        if rpc && accessor_stems(name).any(|stem| by_api.values().flatten().any(|field| naming_key(&field.wire) == naming_key(&stem))) {
            return None;
        }
        let (api, fields) = by_api.iter().next()?;
        if !reported.insert((read.component.clone(), api.clone(), name.clone())) {
            return None;
        }
        let first = fields.first()?;
        let of = match first.schema == first.answered_by {
            true => format!("the response of {}", first.answered_by),
            false => format!("{}, the response of {}", first.schema, first.answered_by),
        };
        let offered: Vec<String> = fields.iter().map(|field| field.wire.clone()).collect();
        Some(missing_field(read, api, providers, Some(of), &offered))
    }
}

/// The fields a protobuf accessor's name may stand for, as generated Java and JavaScript
/// messages name them (`parcelsList`, `parcelsCount` for a repeated `parcels`; `labelsMap` for a
/// map; `statusValue` for an enum; `carrierRefOrBuilder`; `hasCarrierRef` for a message).
fn accessor_stems(name: &str) -> impl Iterator<Item = String> + '_ {
    const SUFFIXES: &[&str] = &["OrBuilderList", "OrBuilder", "ValueList", "List", "Map", "Count", "Value", "Bytes"];
    let suffixed = SUFFIXES.iter().filter_map(move |suffix| name.strip_suffix(suffix)).filter(|stem| !stem.is_empty()).map(str::to_string);
    let has = name.strip_prefix("has").filter(|rest| rest.starts_with(|character: char| character.is_ascii_uppercase())).map(|rest| {
        let mut characters = rest.chars();
        characters.next().map(|first| first.to_ascii_lowercase().to_string() + characters.as_str()).unwrap_or_default()
    });
    suffixed.chain(has)
}
