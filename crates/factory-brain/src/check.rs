//! Contract checks across repos: what consumers read against what providers offer.
//!
//! Rules:
//! - `naming-mismatch` (error): the consumer reads `createdAt` where the provider offers
//!   `created_at` (same words, another convention); the fix names the provider's spelling;
//! - `missing-field` (error): the consumer reads a field the provider does not offer
//!   (`order["total"]` when `Order` has `total_cents`), the closest offered name as the fix;
//! - `type-mismatch` (error): the consumer expects another type than the provider declares;
//! - `consumed-operation-missing`: a call no operation of the provider answers (error for a
//!   pact's call; a warning for a call read from code, whose provider's contract may be
//!   incomplete);
//! - `missing-required-field` (error): a call whose request body is known leaves out a field
//!   the operation requires;
//! - `consumed-api-missing` (warning): a declared consumer of an API nothing defines.
//!
//! A read is checked only against the providers it is tied to (see `read_scope`): a
//! consumer that talks to two providers with different conventions, or reads its own
//! database rows, is not flagged for the other's spelling.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Value;

use crate::graph::Graph;
use crate::model::{naming_key, type_key};
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
    let providers = providers_by_api(graph);
    let apis = api_fields(graph);
    let links = file_links(graph, &providers);
    for call in unmatched_calls {
        if call.declared {
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
        } else if let Some((provider, api, near)) = missing_operation_in_code(graph, &providers, &links, call) {
            // Read from code, not declared: the contract may simply be incomplete (framework
            // endpoints nobody wrote down), so it warns rather than fails the check.
            findings.push(Finding {
                rule: "consumed-operation-missing".into(),
                severity: Severity::Warning,
                message: format!("{} calls `{}` but {api} has no such operation (it has {})", call.consumer, call.call, near.join(", ")),
                provider: Some(provider),
                consumer: Some(call.consumer.clone()),
                contract: Some(api),
                fields: Vec::new(),
                locations: vec![call.source.clone()],
                fix: Some("call an operation the contract offers, or add this one to the provider's contract".into()),
            });
        }
    }

    // Which APIs each consumer uses, and through which provider.
    let mut consumed: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for edge in &graph.edges {
        if edge.kind == "consumes" && edge.to_ref.starts_with("api:") {
            consumed.entry(edge.from_ref.clone()).or_default().insert(edge.to_ref.clone());
        }
        // A subscriber consumes the event API that defines the message it subscribes to.
        if edge.kind == "subscribes" && edge.to_ref.starts_with("message:") {
            for api in defining_apis(graph, &edge.to_ref) {
                if !providers.get(&api).is_some_and(|owners| owners.contains(&edge.from_ref)) {
                    consumed.entry(edge.from_ref.clone()).or_default().insert(api);
                }
            }
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

    findings.extend(unsent_required_fields(graph, &providers));
    let mut reported = BTreeSet::new();
    for read in reads {
        let name = &read.read.field;
        let Some(scope) = read_scope(read, &consumed, &providers, &apis, &links) else { continue };
        // A name one of the APIs offers exactly is read from that one, not misspelt from another.
        let exact: Vec<&String> = scope.apis.iter().copied().filter(|api| fields_of(&apis, api).is_some_and(|fields| fields.names.contains_key(name))).collect();
        if !exact.is_empty() {
            for api in exact {
                let Some(fields) = fields_of(&apis, api) else { continue };
                let Some(expected) = read.read.expected_type.as_deref() else { continue };
                let offered: Vec<(String, String)> = fields.names[name]
                    .iter()
                    .filter_map(|field_ref| graph.node(field_ref).map(|node| (field_ref.clone(), node.props.get("type").and_then(Value::as_str).unwrap_or("any").to_string())))
                    .collect();
                if !offered.is_empty() && !offered.iter().any(|(_, offered_type)| types_compatible(expected, offered_type)) && reported.insert((read.component.clone(), api.clone(), name.clone())) {
                    findings.push(Finding {
                        rule: "type-mismatch".into(),
                        severity: Severity::Error,
                        message: format!("{} expects `{name}` to be {expected} but {api} declares {}", read.component, offered[0].1),
                        provider: providers.get(api).and_then(|owners| owners.iter().next().cloned()),
                        consumer: Some(read.component.clone()),
                        contract: Some(api.clone()),
                        fields: std::iter::once(name.clone()).chain(offered.iter().map(|(field_ref, _)| field_ref.clone())).collect(),
                        locations: vec![read_location(read)],
                        fix: Some(format!("{api} declares `{name}` as {}: change what {} expects, or the field's type", offered[0].1, read.path)),
                    });
                }
            }
            continue;
        }
        for api in scope.apis {
            let Some(fields) = fields_of(&apis, api) else { continue };
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
                    message: format!("{} reads `{name}` but {api} names it `{}` (a naming-convention mismatch)", read.component, offered[0]),
                    provider: provider.clone(),
                    consumer: Some(read.component.clone()),
                    contract: Some(api.clone()),
                    fields: std::iter::once(name.clone()).chain(field_refs).collect(),
                    locations: vec![read_location(read)],
                    fix: Some(format!("read `{}` in {} (or rename the field in {api} and keep both names while consumers move)", offered[0], read.path)),
                });
                continue;
            }
            if !scope.expects_field || !reported.insert((read.component.clone(), api.clone(), name.clone())) {
                continue;
            }
            let holder_schema = read.read.holder.as_deref().and_then(|holder| schema_for_holder(fields, holder));
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
                locations: vec![read_location(read)],
                fix: closest.map(|closest| format!("the provider offers `{closest}`; read that instead, or add `{name}` to {api}")),
            });
        }
    }
    findings.sort_by(|a, b| (a.severity, &a.rule, &a.consumer, &a.fields).cmp(&(b.severity, &b.rule, &b.consumer, &b.fields)));
    findings
}

/// Calls whose request body is known (a pact's request, a body literal in code) that leave out
/// a field the operation's request requires.
fn unsent_required_fields(graph: &Graph, providers: &BTreeMap<String, BTreeSet<String>>) -> Vec<Finding> {
    let mut findings = Vec::new();
    for call in graph.edges.iter().filter(|edge| edge.kind == "consumes" && edge.to_ref.starts_with("operation:")) {
        let Some(sent) = call.props.get("sends").and_then(Value::as_array) else { continue };
        let sent: BTreeSet<&str> = sent.iter().filter_map(Value::as_str).collect();
        let mut missing: Vec<(String, String)> = Vec::new();
        for uses in graph.outgoing(&call.to_ref).filter(|edge| edge.kind == "uses" && edge.props.get("in").and_then(Value::as_str) == Some("request")) {
            let Some(field) = graph.node(&uses.to_ref) else { continue };
            let required = field.props.get("required").and_then(Value::as_bool).unwrap_or(false);
            let wire = field.props.get("wire_name").and_then(Value::as_str).unwrap_or(&field.name);
            // Top-level request fields only: a nested field is named `Schema.parent.child`.
            let top_level = field.name.rsplit('/').next().is_some_and(|qualified| qualified.matches('.').count() == 1);
            if required && top_level && !sent.contains(wire) && !missing.iter().any(|(name, _)| name == wire) {
                missing.push((wire.to_string(), field.node_ref.clone()));
            }
        }
        if missing.is_empty() {
            continue;
        }
        let api = graph.incoming(&call.to_ref).find(|edge| edge.kind == "defines" && edge.from_ref.starts_with("api:")).map(|edge| edge.from_ref.clone());
        let names: Vec<String> = missing.iter().map(|(name, _)| format!("`{name}`")).collect();
        let operation = call.to_ref.split_once('/').map(|(_, operation)| operation).unwrap_or(&call.to_ref);
        findings.push(Finding {
            rule: "missing-required-field".into(),
            severity: Severity::Error,
            message: format!("{} calls `{operation}` without {}, which the provider requires", call.from_ref, names.join(", ")),
            provider: api.as_ref().and_then(|api| providers.get(api)).and_then(|owners| owners.iter().next().cloned()),
            consumer: Some(call.from_ref.clone()),
            contract: api,
            fields: missing.iter().flat_map(|(name, field_ref)| [name.clone(), field_ref.clone()]).collect(),
            locations: vec![call.source.clone()],
            fix: Some(format!("send {} in the request (or make {} optional in the provider)", names.join(", "), if names.len() == 1 { "it" } else { "them" })),
        });
    }
    findings
}

/// Path segments that say nothing about which resource a call is for.
const GENERIC_SEGMENTS: &[&str] = &["api", "v1", "v2", "v3", "rest", "public", "internal"];
/// Paths every service may answer: a call to them names no provider's resource.
const PROBE_SEGMENTS: &[&str] = &["health", "healthz", "ready", "readyz", "live", "livez", "metrics", "status", "ping", "version", "info"];

/// An HTTP call read from code that no operation answers is a finding only when it is clearly
/// meant for one provider's contract: the file calls that provider and no other, the provider
/// declares its API in a contract (not only routes read from its code), and the contract has
/// operations under the call's first resource segment (`/invoices/{id}/items` against
/// `/invoices/{id}`). Gives the provider, its contract and those operations.
fn missing_operation_in_code(
    graph: &Graph,
    providers: &BTreeMap<String, BTreeSet<String>>,
    links: &BTreeMap<(String, String), BTreeSet<String>>,
    call: &crate::resolve::UnmatchedCall,
) -> Option<(String, String, Vec<String>)> {
    let linked = links.get(&source_file(&call.source)?)?;
    let [provider] = linked.iter().collect::<Vec<_>>()[..] else { return None };
    let path = call.call.split_once(' ').map_or(call.call.as_str(), |(_, path)| path);
    let resource = |path: &str| -> Option<String> {
        path.split('/').find(|segment| !segment.is_empty() && !segment.contains('{') && !GENERIC_SEGMENTS.contains(segment)).map(str::to_lowercase)
    };
    let wanted = resource(path).filter(|segment| !PROBE_SEGMENTS.contains(&segment.as_str()))?;
    // Segment by segment, a hole on either side matching anything (the graph's matching
    // leaves some paths out of calls altogether; a path the contract has is no finding).
    let same_path = |operation_path: &str| {
        let segments = |path: &str| path.split('/').filter(|segment| !segment.is_empty()).map(str::to_string).collect::<Vec<_>>();
        let (ours, theirs) = (segments(path), segments(operation_path));
        ours.len() == theirs.len() && ours.iter().zip(&theirs).all(|(a, b)| a.contains('{') || b.contains('{') || a.eq_ignore_ascii_case(b))
    };
    for (api, owners) in providers.iter().filter(|(_, owners)| owners.contains(provider)) {
        let is_contract = graph.node(api).is_some_and(|node| node.props.get("type").and_then(Value::as_str) != Some(crate::resolve::edges::ROUTES_API_TYPE) && node.method != "inferred");
        if !is_contract || owners.contains(&call.consumer) {
            continue;
        }
        let operations: Vec<(&str, &str)> = graph
            .outgoing(api)
            .filter(|edge| edge.kind == "defines" && edge.to_ref.starts_with("operation:"))
            .filter_map(|edge| graph.node(&edge.to_ref))
            .filter_map(|operation| Some((operation.props.get("method").and_then(Value::as_str)?, operation.props.get("path").and_then(Value::as_str)?)))
            .collect();
        if operations.iter().any(|(_, operation_path)| same_path(operation_path)) {
            return None;
        }
        let near: Vec<String> = operations
            .iter()
            .filter(|(_, operation_path)| resource(operation_path).as_deref() == Some(wanted.as_str()))
            .map(|(method, operation_path)| format!("{method} {operation_path}"))
            .collect();
        if !near.is_empty() {
            return Some((provider.clone(), api.clone(), near));
        }
    }
    None
}

/// Holders that name data received from elsewhere without naming what it is.
const RESPONSE_HOLDERS: &[&str] = &[
    "data", "body", "json", "payload", "result", "res", "resp", "response", "reply", "msg", "message", "event", "evt", "record", "content", "doc",
    "document", "obj", "item", "entity", "parsed", "decoded",
];

/// The APIs one read is checked against, and whether a name none of them offers is a finding.
struct ReadScope<'a> {
    apis: Vec<&'a String>,
    expects_field: bool,
}

/// Which of its consumer's APIs a read can be about. A read counts only with evidence that its
/// data came from a provider: a pact naming the provider; a holder named after one of the
/// provider's schemas (`order["total"]` and `Order`); a wire-name declaration (`json:"total"`,
/// `@JsonProperty`); or a generic holder (`data`, `body`, one letter) in a file that calls the
/// provider. A name none of the APIs offers is a finding only when the read is tied to one
/// provider (a pact, a schema holder, or a file that calls one provider and no other). Reads of
/// anything else (a database row, the consumer's own dicts) are not the provider's business.
fn read_scope<'a>(
    read: &ComponentRead,
    consumed: &'a BTreeMap<String, BTreeSet<String>>,
    providers: &'a BTreeMap<String, BTreeSet<String>>,
    apis: &BTreeMap<String, ApiFields>,
    links: &BTreeMap<(String, String), BTreeSet<String>>,
) -> Option<ReadScope<'a>> {
    let holder = read.read.holder.as_deref();
    if let Some(provider) = holder.and_then(|holder| holder.strip_prefix("pact:")) {
        let owned = |owners: &BTreeSet<String>| owners.iter().any(|owner| owner.ends_with(&format!(":{provider}")));
        let apis: Vec<&String> = providers.iter().filter(|(_, owners)| owned(owners)).map(|(api, _)| api).collect();
        return Some(ReadScope { apis, expects_field: true });
    }
    let consumed: Vec<&String> = consumed.get(&read.component).map(|apis| apis.iter().collect()).unwrap_or_default();
    let generic = holder.is_none_or(|holder| holder.chars().count() == 1 || RESPONSE_HOLDERS.iter().any(|name| name.eq_ignore_ascii_case(holder)));
    // A generic word (`result`) names no schema, even one called `Result`: whatever the code
    // decoded into it, only a call in the same file ties it to a provider.
    if let Some(holder) = holder.filter(|_| !generic) {
        let by_schema: Vec<&String> = consumed.iter().copied().filter(|api| fields_of(apis, api).is_some_and(|fields| schema_for_holder(fields, holder).is_some())).collect();
        if !by_schema.is_empty() {
            return Some(ReadScope { apis: by_schema, expects_field: true });
        }
    }
    let linked = links.get(&(read.repo.clone(), read.path.clone()));
    match linked {
        Some(linked) if generic => {
            let apis: Vec<&String> = consumed.into_iter().filter(|api| providers.get(*api).is_some_and(|owners| !owners.is_disjoint(linked))).collect();
            Some(ReadScope { apis, expects_field: linked.len() == 1 })
        }
        None if holder.is_none() => Some(ReadScope { apis: consumed, expects_field: false }),
        _ => None,
    }
}

/// The consumer files that call each provider: (repo, path) -> provider components, from the
/// sources of `depends_on` and `consumes` edges.
fn file_links(graph: &Graph, providers: &BTreeMap<String, BTreeSet<String>>) -> BTreeMap<(String, String), BTreeSet<String>> {
    let mut links: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for edge in graph.edges.iter().filter(|edge| matches!(edge.kind.as_str(), "depends_on" | "consumes" | "subscribes")) {
        let Some(file) = source_file(&edge.source) else { continue };
        let targets: BTreeSet<String> = match crate::model::split_ref(&edge.to_ref).0 {
            "component" => BTreeSet::from([edge.to_ref.clone()]),
            // A database, broker or cache is no provider of contracts: a file that reads
            // events off a broker still calls one provider.
            "resource" => BTreeSet::new(),
            "api" => providers.get(&edge.to_ref).cloned().unwrap_or_default(),
            _ => graph
                .incoming(&edge.to_ref)
                .filter(|defines| defines.kind == "defines" && defines.from_ref.starts_with("api:"))
                .flat_map(|defines| providers.get(&defines.from_ref).cloned().unwrap_or_default())
                .collect(),
        };
        let targets: BTreeSet<String> = targets.into_iter().filter(|target| *target != edge.from_ref).collect();
        if !targets.is_empty() {
            links.entry(file).or_default().extend(targets);
        }
    }
    links
}

/// `repo@sha:path#pointer` -> (repo, path).
fn source_file(source: &str) -> Option<(String, String)> {
    let (repo, rest) = source.split_once('@')?;
    let (_, location) = rest.split_once(':')?;
    let path = location.split('#').next().unwrap_or(location);
    (!path.is_empty()).then(|| (repo.to_string(), path.to_string()))
}

/// Where a read is, as `repo:path:line`.
fn read_location(read: &ComponentRead) -> String {
    format!("{}:{}:{}", read.repo, read.path, read.read.line)
}

/// The fields of `api`. A gRPC service's messages are defined by its package
/// (`api:shop.v1` for `api:shop.v1.orderservice`): the nearest enclosing package stands in.
fn fields_of<'a>(apis: &'a BTreeMap<String, ApiFields>, api: &str) -> Option<&'a ApiFields> {
    if let Some(fields) = apis.get(api) {
        return Some(fields);
    }
    let mut name = api;
    while let Some((parent, _)) = name.rsplit_once('.') {
        if let Some(fields) = apis.get(parent) {
            return Some(fields);
        }
        name = parent;
    }
    None
}

/// Who provides each API: its `provides` edges, and for an event API the components that
/// publish its messages.
fn providers_by_api(graph: &Graph) -> BTreeMap<String, BTreeSet<String>> {
    let mut providers: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for edge in graph.edges.iter().filter(|edge| edge.kind == "provides") {
        providers.entry(edge.to_ref.clone()).or_default().insert(edge.from_ref.clone());
    }
    for edge in graph.edges.iter().filter(|edge| edge.kind == "publishes" && edge.to_ref.starts_with("message:")) {
        for api in defining_apis(graph, &edge.to_ref) {
            providers.entry(api).or_default().insert(edge.from_ref.clone());
        }
    }
    providers
}

/// The APIs that define `node_ref` (an operation, message or rpc).
fn defining_apis(graph: &Graph, node_ref: &str) -> Vec<String> {
    graph.incoming(node_ref).filter(|edge| edge.kind == "defines" && edge.from_ref.starts_with("api:")).map(|edge| edge.from_ref.clone()).collect()
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
            entry.schemas.entry(naming_key(&schema_name)).or_insert_with(|| (schema_name.clone(), BTreeSet::new())).1.insert(wire.clone());
            // `ProfileDto` also holds what a `profile` holds.
            let short = type_key(&schema_name);
            if short != naming_key(&schema_name) {
                entry.schemas.entry(short).or_insert_with(|| (schema_name.clone(), BTreeSet::new())).1.insert(wire.clone());
            }
            // A nested object is also held by a type named after its path: `OrderShipping`
            // for `Order.shipping`.
            if schema.contains('.') {
                entry.schemas.entry(naming_key(schema)).or_insert_with(|| (schema.to_string(), BTreeSet::new())).1.insert(wire);
            }
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
    // A nullable type (`string|null`, `[string, "null"]`) fits what any of its members fits.
    if declared.contains('|') {
        return declared.split('|').map(|member| member.trim().trim_matches(|c: char| c == '"' || c == '[' || c == ']')).any(|member| member == "null" && expected == "null" || member != "null" && types_compatible(expected, member));
    }
    let declared = declared.trim_end_matches('?');
    match expected {
        "null" => true,
        "integer" => matches!(declared, "integer" | "number" | "any") || declared.starts_with("int") || declared.starts_with("uint") || declared.starts_with("sint") || declared.starts_with("fixed") || declared == "double" || declared == "float",
        // A consumer that takes any number takes an integer too.
        "number" => matches!(declared, "number" | "any" | "double" | "float" | "integer") || declared.starts_with("int") || declared.starts_with("uint"),
        "string" => matches!(declared, "string" | "any" | "bytes") || declared.contains("string"),
        "boolean" => matches!(declared, "boolean" | "bool" | "any"),
        "array" => declared.starts_with("array") || declared == "any",
        _ => !matches!(declared, "string" | "integer" | "number" | "boolean" | "bool") && !declared.starts_with("array"),
    }
}
