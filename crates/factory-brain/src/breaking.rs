//! Breaking changes between two versions of one contract file (OpenAPI, AsyncAPI, proto), or
//! of the HTTP contract a provider's code declares (its routes and their types' fields):
//! removed operations, messages and rpcs; removed or renamed fields; new required request
//! fields; type changes; removed enum values.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::check::{Finding, Severity};
use crate::model::{EdgeFact, FileFacts, NodeFact, naming_key};
use crate::resolve::calls::is_routes_api;
use crate::resolve::{Resolved, ResolvedNode, ScannedFacts};

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

/// Breaking changes of the HTTP contracts `repo`'s code declares (the routes its handlers
/// serve, their request and response types' fields), the contract of a provider that keeps no
/// contract file: `base` and `head` are the org resolved with `repo` read at the base and at
/// HEAD. The same rules as a contract file's, each finding located at the declaration in the
/// code (the base's for what was removed); a type read as `any` on either side is no change.
/// A field is removed only where its type no longer declares it in `head_files` (the repo's
/// files at HEAD), and not with the operations that alone answered with it: a type the code
/// still declares but no route is seen answering with (carrier-gateway of the eighth
/// planted-mismatch evaluation's org N answers `GET /carriers/{code}` with a pattern match's
/// `Carrier`) lost no field.
pub fn code_contract_changes(repo: &str, base: &Resolved, head: &Resolved, head_files: &[ScannedFacts]) -> Vec<Finding> {
    let declared_here = |node: &ResolvedNode| node.kind == "api" && is_routes_api(node) && crate::source_parts(&node.source).0 == Some(repo);
    let still_declared: BTreeSet<(&str, String)> = head_files
        .iter()
        .filter(|file| file.repo == repo)
        .flat_map(|file| &file.facts.field_reads)
        .filter_map(|read| read.declared_in.as_deref().map(|type_name| (type_name, read.field.to_ascii_lowercase())))
        .collect();
    let mut findings = Vec::new();
    for api in base.nodes.iter().filter(|node| declared_here(node)) {
        let (base_facts, base_sources) = api_facts(base, &api.name);
        let (head_facts, head_sources) = api_facts(head, &api.name);
        let file = source_location(&api.source).map_or_else(|| api.name.clone(), |(path, _)| path);
        let head_refs: BTreeSet<&str> = head_facts.nodes.iter().map(|node| node.node_ref.as_str()).collect();
        let field_kept = |field_ref: &str| {
            let Some(node) = base_facts.nodes.iter().find(|node| node.node_ref == field_ref) else { return false };
            let of_type = node.props.get("of_type").and_then(Value::as_str).unwrap_or_default();
            let wire = node.props.get("wire_name").and_then(Value::as_str).unwrap_or_else(|| split_field(&node.name).1);
            let users: Vec<&str> = base_facts.edges.iter().filter(|edge| edge.to == field_ref).map(|edge| edge.from.as_str()).collect();
            still_declared.contains(&(of_type, wire.to_ascii_lowercase())) || (!users.is_empty() && users.iter().all(|user| !head_refs.contains(user)))
        };
        for mut finding in breaking_changes(repo, &format!("the code of {repo}"), Some(&api.name), &base_facts, &without_unknown_types(&head_facts, &base_facts)) {
            let field = finding.fields.first().cloned().unwrap_or_default();
            if finding.rule == "removed-field" && field_kept(&field) {
                continue;
            }
            let declared = head_sources.get(&field).or_else(|| base_sources.get(&field)).and_then(|source| source_location(source));
            let on_a_line = declared.as_ref().is_some_and(|(_, line)| line.is_some());
            finding.locations = vec![match declared {
                Some((path, line)) => format!("{repo}:{path}{}", line.map(|line| format!(":{line}")).unwrap_or_default()),
                None => format!("{repo}:{file}"),
            }];
            // A type's field removed is one change, however many responses nest the type
            // (`Appointment.durationMinutes`, `AppointmentPage.items.durationMinutes`): the same
            // rule, declaration line and field name.
            let wire = |finding: &Finding| finding.fields.first().and_then(|field| field.rsplit(['.', '/']).next()).map(str::to_string);
            if !findings.iter().any(|known: &Finding| known.rule == finding.rule && known.locations == finding.locations && wire(known) == wire(&finding) && on_a_line) {
                findings.push(finding);
            }
        }
    }
    findings
}

/// The operations and fields of `api` in a resolved org, with the uses linking them, as a
/// contract file's facts; and where each node was read.
fn api_facts(resolved: &Resolved, api: &str) -> (FileFacts, BTreeMap<String, String>) {
    let prefixes = [format!("operation:{api}/"), format!("field:{api}/")];
    let ours = |node_ref: &str| prefixes.iter().any(|prefix| node_ref.starts_with(prefix.as_str()));
    let mut facts = FileFacts::default();
    let mut sources = BTreeMap::new();
    for node in resolved.nodes.iter().filter(|node| ours(&node.node_ref)) {
        sources.insert(node.node_ref.clone(), node.source.clone());
        facts.nodes.push(NodeFact { node_ref: node.node_ref.clone(), kind: node.kind.clone(), name: node.name.clone(), props: node.props.clone(), pointer: String::new(), method: node.method, confidence: node.confidence });
    }
    for edge in resolved.edges.iter().filter(|edge| edge.kind == "uses" && ours(&edge.from) && ours(&edge.to)) {
        facts.edges.push(EdgeFact { from: edge.from.clone(), to: edge.to.clone(), kind: edge.kind.clone(), props: edge.props.clone(), pointer: String::new(), method: edge.method, confidence: edge.confidence });
    }
    (facts, sources)
}

/// `head` with the type of each field the code leaves untyped on either side (`any`) taken as
/// the base's: a type the reader could not tell is no type change.
fn without_unknown_types(head: &FileFacts, base: &FileFacts) -> FileFacts {
    let base_types: BTreeMap<&str, Option<&Value>> = base.nodes.iter().map(|node| (node.node_ref.as_str(), node.props.get("type"))).collect();
    let mut head = head.clone();
    for node in &mut head.nodes {
        let Some(&before) = base_types.get(node.node_ref.as_str()) else {
            continue;
        };
        let unknown = |value: Option<&Value>| value.and_then(Value::as_str).is_none_or(|kind| kind == "any");
        if unknown(before) || unknown(node.props.get("type")) {
            match before {
                Some(value) => node.props.insert("type".into(), value.clone()),
                None => node.props.remove("type"),
            };
        }
    }
    head
}

/// The file and line of a source (`repo@sha:path#L12` -> (`path`, 12)).
fn source_location(source: &str) -> Option<(String, Option<usize>)> {
    let location = Some(crate::source_parts(source).1).filter(|location| !location.is_empty())?;
    let (path, pointer) = location.split_once('#').unwrap_or((location, ""));
    Some((path.to_string(), pointer.strip_prefix('L').and_then(|line| line.parse().ok())))
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
