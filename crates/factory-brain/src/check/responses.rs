//! Reads of a call's response (a holder bound to the call, a type its response is decoded
//! into), checked against the fields of the response of the operation or rpc the call
//! matches (a received message, against the payloads of the messages on its channel), with
//! their declared types, whatever the holder is called; a read through fields of the
//! response, against the schema or message the last of them refers to.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::{missing_field, naming_mismatch, type_mismatch, types_compatible, Finding};
use crate::graph::Graph;
use crate::model::naming_key;
use crate::resolve::{ComponentRead, ReplyNames};

/// One field of a response, or of what a field of it holds.
struct ResponseField {
    field_ref: String,
    wire: String,
    json_name: Option<String>,
    field_type: String,
    /// The proto oneof it is a member of, whose name reads the member set.
    oneof: Option<String>,
    /// Its schema or message, and the operation or rpc answering with it (or the message
    /// carrying it, as its `part`: `response` or `payload`).
    schema: String,
    answered_by: String,
    part: &'static str,
}

/// The responses of the graph's operations and rpcs.
pub(super) struct Responses<'graph> {
    graph: &'graph Graph,
    /// `pkg/Message` -> its fields' refs (a proto message's, which rpcs use by name).
    message_fields: BTreeMap<String, Vec<String>>,
    /// (component, wire name) of every field a type of the component's own declares.
    declared_wires: BTreeSet<(&'graph str, &'graph str)>,
}

impl<'graph> Responses<'graph> {
    pub(super) fn new(graph: &'graph Graph, reads: &'graph [ComponentRead]) -> Self {
        let declared_wires = reads.iter().filter(|read| read.read.declared_in.is_some()).map(|read| (read.component.as_str(), read.read.field.as_str())).collect();
        let mut message_fields: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for node in graph.nodes.values().filter(|node| node.kind == "field") {
            if let Some((message, field)) = node.name.rsplit_once('.')
                && !field.is_empty()
            {
                message_fields.entry(message.to_string()).or_default().push(node.node_ref.clone());
            }
        }
        Responses { graph, message_fields, declared_wires }
    }

    /// The top-level fields of the responses of `operations` (or of the payloads of messages),
    /// by the API defining each.
    fn fields(&self, operations: &[String]) -> BTreeMap<String, Vec<ResponseField>> {
        let mut by_api: BTreeMap<String, Vec<ResponseField>> = BTreeMap::new();
        for operation in operations {
            let Some(api) = self.graph.incoming(operation).find(|edge| edge.kind == "defines" && edge.from_ref.starts_with("api:")).map(|edge| edge.from_ref.clone()) else { continue };
            let answered_by = self.label(operation);
            let part = if operation.starts_with("message:") { "payload" } else { "response" };
            let mut seen = BTreeSet::new();
            for uses in self.graph.outgoing(operation).filter(|edge| edge.kind == "uses" && edge.props.get("in").and_then(Value::as_str) == Some(part)) {
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
                        oneof: node.props.get("oneof").and_then(Value::as_str).map(str::to_string),
                        schema: schema.to_string(),
                        answered_by: answered_by.clone(),
                        part,
                    });
                }
            }
        }
        by_api
    }

    /// The fields `via` leads to from `by_api`'s (see [`crate::model::FieldRead::via`]): each
    /// link is a field (by its name, or one of the same words: a link's own spelling is its
    /// read's concern), and leads to the fields nested under it or of the schema or message
    /// its type names. An API where a link leads nowhere known drops out.
    fn nested(&self, by_api: BTreeMap<String, Vec<ResponseField>>, via: &[String]) -> BTreeMap<String, Vec<ResponseField>> {
        let mut nested = BTreeMap::new();
        'apis: for (api, mut fields) in by_api {
            for link in via {
                let exact: Vec<&ResponseField> = fields.iter().filter(|field| field.wire == *link || field.json_name.as_deref() == Some(link)).collect();
                let mut parents = if exact.is_empty() { fields.iter().filter(|field| naming_key(&field.wire) == naming_key(link)).collect() } else { exact };
                // protobuf's accessors (`getRewardsList()`, Kotlin's `rewardsList`) lead to `rewards`.
                if parents.is_empty() {
                    parents = fields.iter().filter(|field| accessor_stems(link).any(|stem| naming_key(&field.wire) == naming_key(&stem))).collect();
                }
                let mut seen = BTreeSet::new();
                let children: Vec<ResponseField> = parents.into_iter().flat_map(|parent| self.children(parent)).filter(|child| seen.insert(child.field_ref.clone())).collect();
                if children.is_empty() {
                    continue 'apis;
                }
                fields = children;
            }
            nested.insert(api, fields);
        }
        nested
    }

    /// The fields of what `parent` holds: those nested under it (`Order.shipping.city`), else
    /// those of the schema or message its type names (`Money` of `amount: Money`,
    /// `array<Card>`, `map<string,Card>`), looked up as protobuf resolves a type's name, from
    /// the scope of the field's message outwards (`Address` in `Shipment` is
    /// `Shipment.Address`, else a top-level `Address`).
    fn children(&self, parent: &ResponseField) -> Vec<ResponseField> {
        let Some(node) = self.graph.node(&parent.field_ref) else { return Vec::new() };
        let Some((package, qualified)) = node.name.split_once('/') else { return Vec::new() };
        let field = |field_ref: &String, schema: &str| {
            let child = self.graph.node(field_ref)?;
            let prop = |key: &str| child.props.get(key).and_then(Value::as_str);
            let wire = prop("wire_name").unwrap_or_default().to_string();
            let (json_name, field_type) = (prop("json_name").map(str::to_string), prop("type").unwrap_or("any").to_string());
            let oneof = prop("oneof").map(str::to_string);
            Some(ResponseField { field_ref: field_ref.clone(), wire, json_name, field_type, oneof, schema: schema.to_string(), answered_by: parent.answered_by.clone(), part: parent.part })
        };
        if let Some(inline) = self.message_fields.get(node.name.as_str()) {
            return inline.iter().filter_map(|field_ref| field(field_ref, qualified)).collect();
        }
        let Some(held) = held_schema(&parent.field_type) else { return Vec::new() };
        let held = held.trim_start_matches('.');
        let held = held.strip_prefix(package).and_then(|rest| rest.strip_prefix('.')).unwrap_or(held);
        let mut scope = qualified.rsplit_once('.').map(|(schema, _)| schema);
        loop {
            let schema = scope.map_or_else(|| held.to_string(), |scope| format!("{scope}.{held}"));
            if let Some(fields) = self.message_fields.get(&format!("{package}/{schema}")) {
                return fields.iter().filter_map(|field_ref| field(field_ref, &schema)).collect();
            }
            match scope {
                Some(outer) => scope = outer.rsplit_once('.').map(|(outer, _)| outer),
                None => return Vec::new(),
            }
        }
    }

    /// `GET /orders/{id}`, `rpc GetOrder`, or `the message on orders.order-placed`.
    fn label(&self, operation: &str) -> String {
        let node = self.graph.node(operation);
        let prop = |key: &str| node.and_then(|node| node.props.get(key)).and_then(Value::as_str);
        match (prop("method"), prop("path"), prop("channel")) {
            (Some(method), Some(path), _) => format!("{method} {path}"),
            (_, _, Some(channel)) if operation.starts_with("message:") => format!("the message on {channel}"),
            _ => format!("rpc {}", operation.rsplit('/').next().unwrap_or(operation)),
        }
    }

    /// Whether `read`, spelt otherwise than the provider's `wire`, is a Java, Kotlin, Scala or
    /// C# read (`course.publishedAt()`) in a component one of whose own types declares a field
    /// with the provider's spelling (`CourseDto`'s `@JsonNaming(SnakeCaseStrategy)`, the tenth
    /// planted-mismatch evaluation's progress-tracker): that type maps the name, the code names
    /// it its own way. Which type the read is of is not known here: any of the component's.
    pub(super) fn mapped_by_own_type(&self, read: &ComponentRead, wire: &str) -> bool {
        let typed_language = [".java", ".kt", ".scala", ".cs"].iter().any(|extension| read.path.ends_with(extension));
        typed_language && read.read.declared_in.is_none() && self.declared_wires.contains(&(read.component.as_str(), wire))
    }

    /// The finding a read of the response of one of `operations` makes, if any: a field the
    /// response lacks, spells otherwise, or declares with another type. A response whose fields
    /// are unknown (no schema) says nothing. A read through fields of the response
    /// (`reply.destination.zip_code`) is first a read of its last link, then of the fields the
    /// link holds.
    pub(super) fn check(&self, read: &ComponentRead, operations: &[String], providers: &BTreeMap<String, BTreeSet<String>>, reported: &mut BTreeSet<(String, String, String)>) -> Option<Finding> {
        let mut by_api = self.fields(operations);
        if let Some((link, outer)) = read.read.via.split_last() {
            let mut link_read = read.clone();
            link_read.read.field.clone_from(link);
            link_read.read.via = outer.to_vec();
            link_read.read.expected_type = None;
            if let Some(finding) = self.check(&link_read, operations, providers, reported) {
                return Some(finding);
            }
            by_api = self.nested(by_api, &read.read.via);
        }
        let name = &read.read.field;
        // Reads through different links are of different fields.
        let reported_name = read.read.via.iter().chain([name]).cloned().collect::<Vec<_>>().join(".");
        let key = naming_key(name);
        let same_key = |field: &&ResponseField| naming_key(&field.wire) == key || field.json_name.as_deref().is_some_and(|json| naming_key(json) == key);
        let rpc = operations.iter().any(|operation| operation.starts_with("rpc:"));
        let names = if rpc { read.reply_names } else { None };
        // How the consumer's code names the field: a reply's by its client's way (see
        // [`ReplyNames`]), else by the wire or JSON name.
        let spelt = |field: &ResponseField| match names {
            Some(ReplyNames::Json) => field.json_name.clone().unwrap_or_else(|| field.wire.clone()),
            _ => field.wire.clone(),
        };
        let exact = |field: &&ResponseField| match names {
            Some(ReplyNames::Proto) => field.wire == *name,
            Some(ReplyNames::Json) => spelt(field) == *name,
            None => field.wire == *name || field.json_name.as_deref() == Some(name),
        } || (read.read.any_case && same_key(field));
        // Read exactly from one of the APIs: only its declared type can be wrong.
        if let Some((api, fields)) = by_api.iter().find(|(_, fields)| fields.iter().any(|field| exact(&field))) {
            let field_refs: Vec<&str> = fields.iter().filter(exact).map(|field| field.field_ref.as_str()).collect();
            // A type the field cannot hold comes first; else a constant its enum never holds.
            let mut enum_finding = || {
                let finding = super::enums::compared_value_missing(self.graph, read, api, providers, &field_refs)?;
                reported.insert((read.component.clone(), api.clone(), format!("{reported_name}="))).then_some(finding)
            };
            let Some(expected) = read.read.expected_type.as_deref() else { return enum_finding() };
            let offered: Vec<(String, String)> = fields.iter().filter(exact).map(|field| (field.field_ref.clone(), field.field_type.clone())).collect();
            let fits = offered.iter().any(|(_, offered_type)| types_compatible(expected, offered_type));
            if fits {
                return enum_finding();
            }
            return reported.insert((read.component.clone(), api.clone(), reported_name)).then(|| type_mismatch(read, api, providers, expected, &offered));
        }
        if let Some((api, fields)) = by_api.iter().find(|(_, fields)| fields.iter().any(|field| same_key(&field))) {
            let offered: Vec<&ResponseField> = fields.iter().filter(same_key).collect();
            let wire = offered.first().map(|field| spelt(field)).unwrap_or_default();
            if self.mapped_by_own_type(read, &wire) {
                return None;
            }
            let field_refs = offered.iter().map(|field| field.field_ref.clone()).collect();
            return reported.insert((read.component.clone(), api.clone(), reported_name)).then(|| naming_mismatch(read, api, providers, &wire, field_refs));
        }
        // A oneof's name reads the member set (Go's `s.Delivery`, proto-loader's virtual field).
        if by_api.values().flatten().filter_map(|field| field.oneof.as_deref()).any(|oneof| oneof == name || (read.read.any_case && naming_key(oneof) == key)) {
            return None;
        }
        // protobuf's generated Java (and JavaScript) accessors: `getParcelsList()`,
        // `getLabelsMap()`, `getParcelsCount()`, `hasCarrierRef()` read `parcels`, `labels`,
        // `carrier_ref`.
        if rpc && accessor_stems(name).any(|stem| by_api.values().flatten().any(|field| naming_key(&field.wire) == naming_key(&stem))) {
            return None;
        }
        let (api, fields) = by_api.iter().next()?;
        if !reported.insert((read.component.clone(), api.clone(), reported_name)) {
            return None;
        }
        let first = fields.first()?;
        let of = match (read.read.via.is_empty(), first.schema == first.answered_by) {
            (false, _) => format!("{}, the `{}` of the {} of {}", first.schema, read.read.via.join("."), first.part, first.answered_by),
            (true, true) => format!("the {} of {}", first.part, first.answered_by),
            (true, false) => format!("{}, the {} of {}", first.schema, first.part, first.answered_by),
        };
        let offered: Vec<String> = fields.iter().map(spelt).collect();
        Some(missing_field(read, api, providers, Some(of), &offered))
    }
}

/// The schema or message a field's type names, through lists, maps' values and nullability:
/// `Card` of `array<Card>`, `map<string,Card>`, `Card?` or `Card|null`.
fn held_schema(field_type: &str) -> Option<&str> {
    let mut held = field_type.trim();
    for _ in 0..4 {
        let members: Vec<&str> = held.split('|').map(|member| member.trim().trim_matches(|character| matches!(character, '"' | '[' | ']' | ' '))).filter(|member| *member != "null").collect();
        held = match members.as_slice() {
            [one] => one.trim_end_matches('?'),
            _ => return None,
        };
        if let Some(element) = held.strip_prefix("array<").and_then(|rest| rest.strip_suffix('>')) {
            held = element;
        } else if let Some(value) = held.strip_prefix("map<").and_then(|rest| rest.strip_suffix('>')).and_then(|pair| pair.split_once(',')) {
            held = value.1;
        } else {
            break;
        }
    }
    (!held.is_empty()).then_some(held)
}

/// The fields a protobuf accessor's name may stand for, as generated Java and JavaScript
/// messages name them (`parcelsList`, `parcelsCount` for a repeated `parcels`; `labelsMap` for a
/// map; `statusValue` for an enum; `carrierRefOrBuilder`; `hasCarrierRef` for a message), and
/// C# ones their presence properties (`HasEmail` for a proto3 `optional` `email`, pos-dotnet of
/// the planted-mismatch evaluation of 2026-12-07, org I).
fn accessor_stems(name: &str) -> impl Iterator<Item = String> + '_ {
    const SUFFIXES: &[&str] = &["OrBuilderList", "OrBuilder", "ValueList", "List", "Map", "Count", "Value", "Bytes"];
    let suffixed = SUFFIXES.iter().filter_map(move |suffix| name.strip_suffix(suffix)).filter(|stem| !stem.is_empty()).map(str::to_string);
    let has = name.strip_prefix("has").or_else(|| name.strip_prefix("Has")).filter(|rest| rest.starts_with(|character: char| character.is_ascii_uppercase())).map(|rest| {
        let mut characters = rest.chars();
        characters.next().map(|first| first.to_ascii_lowercase().to_string() + characters.as_str()).unwrap_or_default()
    });
    suffixed.chain(has)
}

#[cfg(test)]
mod tests {
    use super::held_schema;

    #[test]
    fn a_fields_type_names_the_schema_it_holds() {
        assert_eq!(held_schema("Money"), Some("Money"));
        assert_eq!(held_schema("array<Shipment.Parcel>"), Some("Shipment.Parcel"));
        assert_eq!(held_schema("map<string,Card>"), Some("Card"));
        assert_eq!(held_schema("Money?"), Some("Money"));
        assert_eq!(held_schema("Money|null"), Some("Money"));
        assert_eq!(held_schema("string|integer"), None);
    }
}
