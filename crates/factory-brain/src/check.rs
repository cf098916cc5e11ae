//! Contract checks across repos: what consumers read against what providers offer.
//!
//! Rules:
//! - `naming-mismatch` (error): the consumer reads `createdAt` where the provider offers
//!   `created_at` (same words, another convention); the fix names the provider's spelling;
//! - `missing-field` (error): the consumer reads a field of a provider's schema that the
//!   schema does not have (`order["total"]` when `Order` has `total_cents`);
//! - `consumed-api-missing` (warning): a declared consumer of an API nothing defines.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Value;

use crate::graph::Graph;
use crate::model::naming_key;
use crate::resolve::ComponentRead;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

/// One contract finding.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    pub rule: String,
    pub severity: Severity,
    pub message: String,
    pub provider: Option<String>,
    pub consumer: Option<String>,
    pub contract: Option<String>,
    pub fields: Vec<String>,
    pub locations: Vec<String>,
    pub fix: Option<String>,
}

/// A provider API's fields, indexed for the checks.
struct ApiFields {
    /// wire (and JSON) names -> field refs.
    names: BTreeMap<String, Vec<String>>,
    /// naming key -> wire names.
    keys: BTreeMap<String, BTreeSet<String>>,
    /// schema naming key -> its fields' wire names.
    schemas: BTreeMap<String, (String, BTreeSet<String>)>,
}

pub fn check(graph: &Graph, reads: &[ComponentRead]) -> Vec<Finding> {
    check_with_calls(graph, reads, &[])
}

/// [`check`], plus the declared calls no provider operation answers.
pub fn check_with_calls(graph: &Graph, reads: &[ComponentRead], unmatched_calls: &[crate::resolve::UnmatchedCall]) -> Vec<Finding> {
    let mut findings = Vec::new();
    for call in unmatched_calls {
        findings.push(Finding {
            rule: "consumed-operation-missing".into(),
            severity: Severity::Error,
            message: format!("{} calls `{}` but {} has no such operation", call.consumer, call.call, call.provider.as_deref().unwrap_or("no provider")),
            provider: call.provider.clone(),
            consumer: Some(call.consumer.clone()),
            contract: None,
            fields: Vec::new(),
            locations: vec![call.source.clone()],
            fix: Some("restore the operation in the provider, or update the consumer and its pact".into()),
        });
    }
    let providers = providers_by_api(graph);
    let apis = api_fields(graph);

    // Which APIs each consumer uses, and through which provider.
    let mut consumed: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for edge in &graph.edges {
        if edge.kind == "consumes" && edge.to_ref.starts_with("api:") {
            consumed.entry(edge.from_ref.clone()).or_default().insert(edge.to_ref.clone());
        }
        if edge.kind == "depends_on" {
            for (api, owners) in &providers {
                if owners.contains(&edge.to_ref) {
                    consumed.entry(edge.from_ref.clone()).or_default().insert(api.clone());
                }
            }
        }
    }
    for edge in graph.edges.iter().filter(|edge| edge.kind == "consumes" && edge.to_ref.starts_with("api:")) {
        let defined = graph.outgoing(&edge.to_ref).any(|defines| defines.kind == "defines");
        if !defined && !providers.contains_key(&edge.to_ref) {
            findings.push(Finding {
                rule: "consumed-api-missing".into(),
                severity: Severity::Warning,
                message: format!("{} consumes {}, which no scanned repo defines or provides", edge.from_ref, edge.to_ref),
                provider: None,
                consumer: Some(edge.from_ref.clone()),
                contract: Some(edge.to_ref.clone()),
                fields: Vec::new(),
                locations: vec![edge.source.clone()],
                fix: Some("register the provider's repo, or fix the API name in the consumer's catalog-info.yaml".into()),
            });
        }
    }

    let mut reported = BTreeSet::new();
    for read in reads {
        let pact_provider = read.read.holder.as_deref().and_then(|holder| holder.strip_prefix("pact:"));
        let candidate_apis: Vec<&String> = match pact_provider {
            Some(provider) => providers.iter().filter(|(_, owners)| owners.iter().any(|owner| owner.ends_with(&format!(":{provider}")))).map(|(api, _)| api).collect(),
            None => consumed.get(&read.component).map(|apis| apis.iter().collect()).unwrap_or_default(),
        };
        for api in candidate_apis {
            let Some(fields) = apis.get(api) else { continue };
            let name = &read.read.field;
            if let Some(field_refs) = fields.names.get(name) {
                let expected = read.read.expected_type.as_deref();
                let offered: Vec<(String, String)> = field_refs
                    .iter()
                    .filter_map(|field_ref| graph.node(field_ref).map(|node| (field_ref.clone(), node.props.get("type").and_then(Value::as_str).unwrap_or("any").to_string())))
                    .collect();
                if let Some(expected) = expected
                    && !offered.is_empty()
                    && !offered.iter().any(|(_, offered_type)| types_compatible(expected, offered_type))
                    && reported.insert((read.component.clone(), api.clone(), name.clone()))
                {
                    {
                        findings.push(Finding {
                            rule: "type-mismatch".into(),
                            severity: Severity::Error,
                            message: format!("{} expects `{name}` to be {expected} but {api} declares {}", read.component, offered[0].1),
                            provider: providers.get(api).and_then(|owners| owners.iter().next().cloned()),
                            consumer: Some(read.component.clone()),
                            contract: Some(api.clone()),
                            fields: std::iter::once(name.clone()).chain(offered.iter().map(|(field_ref, _)| field_ref.clone())).collect(),
                            locations: vec![read.source.clone()],
                            fix: None,
                        });
                    }
                }
                continue;
            }
            let location = format!("{}:{}:{}", read.repo, read.path, read.read.line);
            let provider = providers.get(api).and_then(|owners| owners.iter().next().cloned());
            if let Some(offered) = fields.keys.get(&naming_key(name)) {
                let offered: Vec<&String> = offered.iter().collect();
                if !reported.insert((read.component.clone(), api.clone(), name.clone())) {
                    continue;
                }
                let field_refs: Vec<String> = offered.iter().flat_map(|wire| fields.names.get(*wire).cloned().unwrap_or_default()).collect();
                findings.push(Finding {
                    rule: "naming-mismatch".into(),
                    severity: Severity::Error,
                    message: format!(
                        "{} reads `{name}` but {api} names it `{}` (a naming-convention mismatch)",
                        read.component,
                        offered[0]
                    ),
                    provider: provider.clone(),
                    consumer: Some(read.component.clone()),
                    contract: Some(api.clone()),
                    fields: std::iter::once(name.clone()).chain(field_refs).collect(),
                    locations: vec![location],
                    fix: Some(format!("read `{}` in {} (or rename the field in {api} and keep both names while consumers move)", offered[0], read.path)),
                });
                continue;
            }
            let holder_schema = read.read.holder.as_deref().filter(|_| pact_provider.is_none()).and_then(|holder| schema_for_holder(fields, holder));
            let expects_field = holder_schema.is_some() || pact_provider.is_some();
            if !expects_field || !reported.insert((read.component.clone(), api.clone(), name.clone())) {
                continue;
            }
            let (schema_name, offered) = match holder_schema {
                Some((schema_name, offered)) => (schema_name.clone(), offered.iter().cloned().collect::<Vec<_>>()),
                None => (String::new(), fields.names.keys().cloned().collect()),
            };
            let closest = closest_name(name, &offered);
            findings.push(Finding {
                rule: "missing-field".into(),
                severity: Severity::Error,
                message: format!(
                    "{} reads `{name}`{} but {api} does not offer it",
                    read.component,
                    if schema_name.is_empty() { String::new() } else { format!(" of {schema_name}") }
                ),
                provider,
                consumer: Some(read.component.clone()),
                contract: Some(api.clone()),
                fields: vec![name.clone()],
                locations: vec![location],
                fix: closest.map(|closest| format!("the provider offers `{closest}`; read that instead, or add `{name}` to {api}")),
            });
        }
    }
    findings.sort_by(|a, b| (a.severity, &a.rule, &a.consumer, &a.fields).cmp(&(b.severity, &b.rule, &b.consumer, &b.fields)));
    findings
}

fn providers_by_api(graph: &Graph) -> BTreeMap<String, BTreeSet<String>> {
    let mut providers: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for edge in graph.edges.iter().filter(|edge| edge.kind == "provides") {
        providers.entry(edge.to_ref.clone()).or_default().insert(edge.from_ref.clone());
    }
    providers
}

fn api_fields(graph: &Graph) -> BTreeMap<String, ApiFields> {
    let mut apis: BTreeMap<String, ApiFields> = BTreeMap::new();
    for edge in graph.edges.iter().filter(|edge| edge.kind == "defines" && edge.to_ref.starts_with("field:")) {
        let Some(node) = graph.node(&edge.to_ref) else { continue };
        let wire = node.props.get("wire_name").and_then(Value::as_str).unwrap_or("").to_string();
        let json_name = node.props.get("json_name").and_then(Value::as_str).map(str::to_string);
        let entry = apis.entry(edge.from_ref.clone()).or_insert_with(|| ApiFields { names: BTreeMap::new(), keys: BTreeMap::new(), schemas: BTreeMap::new() });
        entry.names.entry(wire.clone()).or_default().push(node.node_ref.clone());
        if let Some(json_name) = json_name {
            entry.names.entry(json_name).or_default().push(node.node_ref.clone());
        }
        entry.keys.entry(naming_key(&wire)).or_default().insert(wire.clone());
        // field:api/Schema.path.wire -> the schema holding it.
        let qualified = node.name.split_once('/').map(|(_, rest)| rest).unwrap_or(&node.name);
        if let Some((schema, _)) = qualified.rsplit_once('.') {
            let schema_name = schema.rsplit('.').next().unwrap_or(schema).to_string();
            entry.schemas.entry(naming_key(&schema_name)).or_insert_with(|| (schema_name.clone(), BTreeSet::new())).1.insert(wire);
        }
    }
    apis
}

/// `order` holds an `Order` (a plural holds a list, whose members are not fields).
fn schema_for_holder<'a>(fields: &'a ApiFields, holder: &str) -> Option<&'a (String, BTreeSet<String>)> {
    fields.schemas.get(&naming_key(holder))
}

/// The offered name most like `name`: one containing the other, else the smallest edit distance
/// within a third of the length.
fn closest_name(name: &str, offered: &[String]) -> Option<String> {
    let key = naming_key(name);
    if let Some(containing) = offered.iter().find(|candidate| {
        let candidate_key = naming_key(candidate);
        candidate_key.starts_with(&key) || key.starts_with(&candidate_key)
    }) {
        return Some(containing.clone());
    }
    offered
        .iter()
        .map(|candidate| (edit_distance(&key, &naming_key(candidate)), candidate))
        .filter(|(distance, _)| *distance * 3 <= key.len().max(3))
        .min()
        .map(|(_, candidate)| candidate.clone())
}

fn edit_distance(a: &str, b: &str) -> usize {
    let b_chars: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b_chars.len()).collect();
    for (i, a_char) in a.chars().enumerate() {
        let mut current = vec![i + 1];
        for (j, b_char) in b_chars.iter().enumerate() {
            let cost = usize::from(a_char != *b_char);
            current.push((previous[j] + cost).min(previous[j + 1] + 1).min(current[j] + 1));
        }
        previous = current;
    }
    previous[b_chars.len()]
}

/// Whether a JSON type seen in an example fits a declared field type.
fn types_compatible(expected: &str, declared: &str) -> bool {
    let declared = declared.trim_end_matches('?');
    match expected {
        "null" => true,
        "integer" => matches!(declared, "integer" | "number" | "any") || declared.starts_with("int") || declared.starts_with("uint") || declared.starts_with("sint") || declared.starts_with("fixed") || declared == "double" || declared == "float",
        "number" => matches!(declared, "number" | "any" | "double" | "float"),
        "string" => matches!(declared, "string" | "any" | "bytes") || declared.contains("string"),
        "boolean" => matches!(declared, "boolean" | "bool" | "any"),
        "array" => declared.starts_with("array") || declared == "any",
        _ => !matches!(declared, "string" | "integer" | "number" | "boolean" | "bool") && !declared.starts_with("array"),
    }
}
