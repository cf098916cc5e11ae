//! Breaking changes between two versions of one contract file (OpenAPI, AsyncAPI, proto):
//! removed operations, messages and rpcs; removed or renamed fields; new required request
//! fields; type changes; removed enum values.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::check::{Finding, Severity};
use crate::model::{FileFacts, NodeFact, naming_key};

/// Compares `base` and `head` facts of the contract `path` in `repo`. `api` is the name the
/// graph knows the contract by (`orders-http`), so that findings name refs `brain impact`
/// and `brain consumers` take; without it the file's path stands in.
pub fn breaking_changes(repo: &str, path: &str, api: Option<&str>, base: &FileFacts, head: &FileFacts) -> Vec<Finding> {
    let label = |node_ref: &str| node_ref.replace(crate::API_PLACEHOLDER, api.unwrap_or(path));
    let base_nodes: BTreeMap<&str, &NodeFact> = base.nodes.iter().map(|node| (node.node_ref.as_str(), node)).collect();
    let head_nodes: BTreeMap<&str, &NodeFact> = head.nodes.iter().map(|node| (node.node_ref.as_str(), node)).collect();
    let directions = |facts: &FileFacts| -> BTreeMap<String, BTreeSet<String>> {
        let mut map: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for edge in facts.edges.iter().filter(|edge| edge.kind == "uses") {
            let direction = edge.props.get("in").and_then(Value::as_str).unwrap_or("payload").to_string();
            map.entry(edge.to.clone()).or_default().insert(direction);
        }
        map
    };
    let base_directions = directions(base);
    let head_directions = directions(head);
    // A removed message takes its payload's fields with it: one finding for the message, none
    // for each field no remaining message uses.
    let users = |facts: &FileFacts| -> BTreeMap<String, BTreeSet<String>> {
        let mut map: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for edge in facts.edges.iter().filter(|edge| edge.kind == "uses" && edge.from.starts_with("message:")) {
            map.entry(edge.to.clone()).or_default().insert(edge.from.clone());
        }
        map
    };
    let base_users = users(base);
    let gone_with_message = |field_ref: &str| base_users.get(field_ref).is_some_and(|messages| messages.iter().all(|message| !head_nodes.contains_key(message.as_str())));
    let location = format!("{repo}:{path}");
    let mut findings = Vec::new();
    let mut finding = |rule: &str, severity: Severity, message: String, fields: Vec<String>, fix: Option<String>| {
        findings.push(Finding {
            rule: rule.to_string(),
            severity,
            message,
            provider: None,
            consumer: None,
            contract: Some(api.map(|api| format!("api:{api}")).unwrap_or_else(|| location.clone())),
            fields,
            locations: vec![location.clone()],
            fix,
        });
    };

    for (node_ref, node) in &base_nodes {
        let Some(current) = head_nodes.get(node_ref) else {
            match node.kind.as_str() {
                "operation" | "message" | "rpc" => finding(
                    &format!("removed-{}", node.kind),
                    Severity::Error,
                    format!("{} was removed from {path}", label(node_ref)),
                    vec![label(node_ref)],
                    Some("keep it (deprecated) until no consumer calls it".into()),
                ),
                "field" if gone_with_message(node_ref) => {}
                "field" => {
                    let (schema, wire) = split_field(&node.name);
                    let renamed_to = head_nodes.values().find(|other| {
                        other.kind == "field" && !base_nodes.contains_key(other.node_ref.as_str()) && {
                            let (other_schema, other_wire) = split_field(&other.name);
                            other_schema == schema && naming_key(other_wire) == naming_key(wire)
                        }
                    });
                    let request_only = base_directions.get(*node_ref).is_some_and(|directions| directions.iter().all(|direction| direction == "request"));
                    match renamed_to {
                        Some(other) => finding(
                            "renamed-field",
                            Severity::Error,
                            format!("{} was renamed to `{}` in {path}", label(node_ref), split_field(&other.name).1),
                            vec![label(node_ref), label(&other.node_ref)],
                            Some("expand/contract: offer both names until every consumer reads the new one".into()),
                        ),
                        None => finding(
                            "removed-field",
                            if request_only { Severity::Warning } else { Severity::Error },
                            format!("{} was removed from {path}", label(node_ref)),
                            vec![label(node_ref)],
                            Some("keep the field until no consumer reads it".into()),
                        ),
                    }
                }
                _ => {}
            }
            continue;
        };
        if node.kind != "field" {
            continue;
        }
        let old_type = node.props.get("type");
        let new_type = current.props.get("type");
        if old_type != new_type {
            finding(
                "type-change",
                Severity::Error,
                format!("{} changed type from {} to {} in {path}", label(node_ref), show(old_type), show(new_type)),
                vec![label(node_ref)],
                Some("keep the field's type; add a field of the new type beside it and deprecate this one".into()),
            );
        }
        let values = |node: &NodeFact| -> BTreeSet<String> {
            node.props
                .get("enum")
                .and_then(Value::as_array)
                .map(|values| values.iter().filter_map(|value| value.as_str().map(str::to_string)).collect())
                .unwrap_or_default()
        };
        let removed: Vec<String> = values(node).difference(&values(current)).cloned().collect();
        if !removed.is_empty() {
            finding(
                "removed-enum-value",
                Severity::Error,
                format!("{} no longer allows {} in {path}", label(node_ref), removed.join(", ")),
                std::iter::once(label(node_ref)).chain(removed.iter().cloned()).collect(),
                Some(format!("keep {} (deprecated) until no producer sends and no consumer expects it", removed.join(", "))),
            );
        }
    }
    let required = |node: &NodeFact| node.props.get("required").and_then(Value::as_bool).unwrap_or(false);
    for (node_ref, node) in &head_nodes {
        let in_request = head_directions.get(*node_ref).is_some_and(|directions| directions.contains("request"));
        if node.kind != "field" || !required(node) || !in_request {
            continue;
        }
        // A new field, or an optional one of the request made required: callers sending
        // without it now fail.
        let was = base_nodes.get(node_ref).filter(|_| base_directions.get(*node_ref).is_some_and(|directions| directions.contains("request")));
        let message = match was {
            None if base_nodes.contains_key(node_ref) => continue,
            None => format!("{} is a new required request field in {path}; existing callers do not send it", label(node_ref)),
            Some(before) if !required(before) => format!("{} is now a required request field in {path}; callers may not send it", label(node_ref)),
            Some(_) => continue,
        };
        finding("new-required-request-field", Severity::Error, message, vec![label(node_ref)], Some("make it optional with a default, then require it once every caller sends it".into()));
    }
    findings
}

/// `{api}/Order.created_at` -> (`Order`, `created_at`).
fn split_field(name: &str) -> (&str, &str) {
    let qualified = name.split_once('/').map(|(_, rest)| rest).unwrap_or(name);
    qualified.rsplit_once('.').unwrap_or(("", qualified))
}

fn show(value: Option<&Value>) -> String {
    value.and_then(Value::as_str).map(str::to_string).unwrap_or_else(|| "none".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    const PROTO: &str = "syntax = \"proto3\";\npackage meteo;\nenum Condition {\n  CONDITION_UNSPECIFIED = 0;\n  CONDITION_SUN = 1;\n  CONDITION_FOG = 4;\n}\nmessage Observation {\n  Condition condition = 1;\n  int32 elevation_m = 2;\n}\n";

    #[test]
    fn a_proto_enum_value_removed_or_a_field_retyped_is_breaking() {
        let base = crate::readers::proto::read(PROTO).expect("base parses");
        let head_text = PROTO.replace("  CONDITION_FOG = 4;\n", "  reserved 4;\n").replace("int32 elevation_m", "double elevation_m");
        let head = crate::readers::proto::read(&head_text).expect("head parses");
        let findings = breaking_changes("meteo-proto", "meteo.proto", None, &base, &head);
        let rules: Vec<(&str, &[String])> = findings.iter().map(|finding| (finding.rule.as_str(), finding.fields.as_slice())).collect();
        assert_eq!(
            rules,
            [("removed-enum-value", &["field:meteo/Observation.condition".to_string(), "CONDITION_FOG".to_string()][..]), ("type-change", &["field:meteo/Observation.elevation_m".to_string()][..]),]
        );
        assert!(findings[0].message.contains("CONDITION_FOG"), "{:?}", findings[0]);
        assert!(findings.iter().all(|finding| finding.fix.is_some()), "{findings:?}");
    }

    #[test]
    fn a_request_field_made_required_is_breaking() {
        let openapi = |required: &str| format!("openapi: 3.0.3\ninfo: {{title: Orders, version: 1.0.0}}\npaths:\n  /orders:\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema:\n              type: object\n              required: [{required}]\n              properties:\n                sku: {{type: string}}\n                currency: {{type: string}}\n      responses:\n        '201': {{description: created}}\n");
        let read = |text: String| crate::read_file("openapi.yaml", text.as_bytes()).expect("parses");
        let findings = breaking_changes("orders", "openapi.yaml", Some("orders-http"), &read(openapi("sku")), &read(openapi("sku, currency")));
        let rules: Vec<(&str, &str)> = findings.iter().map(|finding| (finding.rule.as_str(), finding.fields[0].as_str())).collect();
        assert_eq!(rules, [("new-required-request-field", "field:orders-http/POST /ordersRequest.currency")]);
        assert!(findings[0].message.contains("is now a required request field"), "{:?}", findings[0]);
        assert!(breaking_changes("orders", "openapi.yaml", Some("orders-http"), &read(openapi("sku, currency")), &read(openapi("sku"))).is_empty(), "made optional");
    }

    #[test]
    fn a_removed_message_takes_its_own_fields_with_it() {
        let base = crate::readers::proto::read("syntax = \"proto3\";\npackage meteo;\nmessage Station { string id = 1; double elevation_m = 2; }\nmessage Forecast { string station_id = 1; double temp_c = 2; }\n").expect("base parses");
        let head = crate::readers::proto::read("syntax = \"proto3\";\npackage meteo;\nmessage Forecast { string station_id = 1; }\n").expect("head parses");
        let findings = breaking_changes("meteo-proto", "meteo.proto", None, &base, &head);
        let rules: Vec<(&str, &str)> = findings.iter().map(|finding| (finding.rule.as_str(), finding.fields[0].as_str())).collect();
        assert_eq!(rules, [("removed-field", "field:meteo/Forecast.temp_c"), ("removed-message", "message:meteo/Station")]);
    }
}
