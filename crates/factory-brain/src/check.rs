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
//! - `consumed-api-missing` (warning): a declared consumer of an API nothing defines;
//! - `enum-value-missing` (error): consumer code names a value of a protobuf enum the
//!   provider's enum does not have.
//!
//! A read is checked only against the providers it is tied to (see `read_scope`): a
//! consumer that talks to two providers with different conventions, or reads its own
//! database rows, is not flagged for the other's spelling.

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;
use serde_json::Value;

mod calls;
mod enums;
mod names;
mod responses;

use names::{closest_name, in_convention_of, types_compatible};

use crate::graph::Graph;
use crate::model::{naming_key, type_key};
use crate::resolve::{ComponentRead, ReadTie};

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
    let contract_apis = api_fields(graph, false);
    // With the literal bodies routes read from code answer with, for pacts (below).
    let answered_apis = std::cell::LazyCell::new(|| api_fields(graph, true));
    let links = file_links(graph, &providers);
    findings.extend(calls::unmatched_call_findings(graph, &providers, &links, unmatched_calls, reads));
    findings.extend(calls::missing_channel_findings(graph, &providers));

    // Which APIs each consumer uses, and through which provider.
    let event_apis: BTreeSet<&String> = providers.keys().filter(|api| event_api(graph, api)).collect();
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
        // A call of a provider reads its APIs' answers, not the events it publishes.
        if edge.kind == "depends_on" {
            for (api, owners) in &providers {
                if owners.contains(&edge.to_ref) && !event_apis.contains(api) {
                    consumed.entry(edge.from_ref.clone()).or_default().insert(api.clone());
                }
            }
        }
    }
    for edge in graph.edges.iter().filter(|edge| edge.kind == "consumes" && edge.to_ref.starts_with("api:")) {
        let defined = graph.outgoing(&edge.to_ref).any(|defines| defines.kind == "defines");
        // A catalog naming the API after a provider whose contract is its code
        // (`consumesApis: [inventory-service]`, the eleventh planted-mismatch evaluation's org W):
        // that component's APIs are the ones meant.
        let name = edge.to_ref.trim_start_matches("api:");
        let namesake = [name, name.trim_end_matches("-api"), name.trim_end_matches("-http")].map(|name| format!("component:{name}"));
        let provided_by_namesake = providers.values().any(|owners| owners.iter().any(|owner| namesake.contains(owner)));
        if !defined && !providers.contains_key(&edge.to_ref) && !provided_by_namesake {
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

    findings.extend(calls::unsent_required_fields(graph, &providers));
    findings.extend(calls::unknown_request_fields(graph, &providers));
    findings.extend(enums::unknown_enum_values(graph, reads, &consumed, &providers));
    findings.extend(enums::unknown_sent_enum_values(graph, reads, &consumed, &providers));
    let mut reported = BTreeSet::new();
    let responses = responses::Responses::new(graph, reads);
    // The type declaring the field on each line where the code declares one (for its bare wire name).
    let declared_types: BTreeMap<(String, String, usize), String> =
        reads.iter().filter_map(|read| Some(((read.repo.clone(), read.path.clone(), read.read.line), read.read.declared_in.clone()?))).collect();
    // The types each component sends as a request's body (`.bodyValue(request)` of an
    // `EnrollmentRequest`): their fields are checked as that request's, not as reads.
    let sent_types: BTreeSet<(&str, &str)> = graph.edges.iter().filter_map(|edge| Some((edge.from_ref.as_str(), edge.props.get("sends_type")?.as_str()?))).collect();
    let sent = |read: &&ComponentRead| read.read.declared_in.as_deref().is_some_and(|type_name| sent_types.contains(&(read.component.as_str(), type_name)));
    // The pact interactions no operation answers, as (repo, file, the line their reads take:
    // the interaction's index, from 1).
    let unanswered_interactions: BTreeSet<(&str, &str, usize)> = unmatched_calls
        .iter()
        .filter(|call| call.declared)
        .filter_map(|call| {
            let (repo, location) = crate::source_parts(&call.source);
            let (path, pointer) = location.split_once("#/interactions/")?;
            Some((repo?, path, pointer.parse::<usize>().ok()? + 1))
        })
        .collect();
    // Enum values are checked above, against the enums of the APIs consumed.
    for read in reads.iter().filter(|read| !read.read.holder.as_deref().is_some_and(|holder| holder.starts_with(crate::readers::code::enum_uses::ENUM_HOLDER)) && !sent(read)) {
        match &read.tie {
            Some(ReadTie::Response(operations) | ReadTie::Message(operations)) => {
                findings.extend(responses.check(read, operations, &providers, &mut reported));
                continue;
            }
            // What the response of a call nothing answers holds is unknown (the call's own
            // finding names such reads), and a call to another company's API is no concern.
            Some(ReadTie::Unanswered(_) | ReadTie::Elsewhere) => continue,
            // A read through fields of a response no operation is known for: of nothing known;
            // so is a message of a channel no contract the component subscribes to describes.
            None if !read.read.via.is_empty() || matches!(read.read.binding, Some(crate::model::Binding::Message(_))) => continue,
            None => {}
        }
        // A pact interaction no operation answers: its call's finding is the one to make, not
        // one for each field of its response (storefront-web's seat map, org Y of the eleventh
        // planted-mismatch evaluation).
        if read.read.holder.as_deref().is_some_and(|holder| holder.starts_with("pact:")) && unanswered_interactions.contains(&(read.repo.as_str(), read.path.as_str(), read.read.line)) {
            continue;
        }
        let name = &read.read.field;
        let Some(scope) = read_scope(graph, read, &consumed, &providers, &contract_apis, &links, &declared_types) else {
            continue;
        };
        // A pact's expectations of a provider whose answers only its code's routes tell (no
        // contract, literal bodies) are checked against what those routes answer.
        let pact = read.read.holder.as_deref().is_some_and(|holder| holder.starts_with("pact:"));
        let apis = if pact && scope.apis.iter().all(|api| fields_of(&contract_apis, api).is_none()) { &*answered_apis } else { &contract_apis };
        // A name only a route's literal body offers (`jsonify({"rides": ..})` beside schemas
        // other routes dump, rides-api of the eleventh planted-mismatch evaluation) is offered.
        if !pact && scope.apis.iter().any(|api| fields_of(apis, api).is_some_and(|fields| exact_names(fields, read).is_empty()) && fields_of(&answered_apis, api).is_some_and(|fields| !exact_names(fields, read).is_empty())) {
            continue;
        }
        // A name one of the APIs offers exactly is read from that one, not misspelt from another.
        let exact: Vec<(&String, Vec<&String>)> =
            scope.apis.iter().copied().filter_map(|api| Some((api, exact_names(fields_of(apis, api)?, read)))).filter(|(_, names)| !names.is_empty()).collect();
        if !exact.is_empty() {
            for (api, names) in exact {
                let Some(fields) = fields_of(apis, api) else {
                    continue;
                };
                let field_refs: Vec<&str> = names.iter().flat_map(|wire| fields.names[*wire].iter()).map(String::as_str).collect();
                if let Some(finding) = enums::compared_value_missing(graph, read, api, &providers, &field_refs)
                    && reported.insert((read.component.clone(), api.clone(), format!("{name}=")))
                {
                    findings.push(finding);
                }
                let Some(expected) = read.read.expected_type.as_deref() else {
                    continue;
                };
                let offered: Vec<(String, String)> = names
                    .iter()
                    .flat_map(|wire| fields.names[*wire].iter())
                    .filter_map(|field_ref| {
                        graph.node(field_ref).map(|node| (field_ref.clone(), node.props.get("type").and_then(Value::as_str).unwrap_or("any").to_string()))
                    })
                    .collect();
                if !offered.is_empty()
                    && !offered.iter().any(|(_, offered_type)| types_compatible(expected, offered_type))
                    && reported.insert((read.component.clone(), api.clone(), name.clone()))
                {
                    let mut finding = type_mismatch(read, api, &providers, expected, &offered);
                    if offered.iter().all(|(field_ref, _)| guessed(graph, field_ref)) {
                        finding.message.push_str(GUESSED_NOTE);
                    }
                    findings.push(finding);
                }
            }
            continue;
        }
        for api in scope.apis {
            let Some(fields) = fields_of(apis, api) else {
                continue;
            };
            if let Some(offered) = fields.keys.get(&naming_key(name)) {
                let offered: Vec<&String> = offered.iter().collect();
                if offered.iter().any(|wire| responses.mapped_by_own_type(read, wire)) || !reported.insert((read.component.clone(), api.clone(), name.clone())) {
                    continue;
                }
                let field_refs: Vec<String> = offered.iter().flat_map(|wire| fields.names.get(*wire).cloned().unwrap_or_default()).collect();
                findings.push(naming_mismatch(read, api, &providers, offered[0], field_refs));
                continue;
            }
            if !scope.expects_field || !reported.insert((read.component.clone(), api.clone(), name.clone())) {
                continue;
            }
            let holder_schema = read.read.holder.as_deref().and_then(|holder| schema_for_holder(fields, holder));
            let (schema_name, offered) = match holder_schema {
                Some((schema_name, offered)) => (Some(schema_name.clone()), offered.iter().cloned().collect::<Vec<_>>()),
                None => (None, fields.names.keys().cloned().collect()),
            };
            let mut finding = missing_field(read, api, &providers, schema_name, &offered);
            let offered_refs: Vec<&String> = offered.iter().flat_map(|wire| fields.names.get(wire).into_iter().flatten()).collect();
            if !offered_refs.is_empty() && offered_refs.iter().all(|field_ref| guessed(graph, field_ref)) {
                finding.message.push_str(GUESSED_NOTE);
            }
            findings.push(finding);
        }
    }
    // A provider's declared contract and the routes its code declares describe one answer: a
    // read found wanting against both is reported once, against the contract.
    let routes_api = |api: &Option<String>| api.as_deref().and_then(|api| graph.node(api)).is_some_and(|node| node.props.get("type").and_then(Value::as_str) == Some(crate::resolve::calls::ROUTES_API_TYPE));
    let key = |finding: &Finding| (finding.rule.clone(), finding.consumer.clone(), finding.provider.clone(), finding.fields.first().cloned(), finding.locations.clone());
    let against_contracts: BTreeSet<_> = findings.iter().filter(|finding| finding.contract.is_some() && !routes_api(&finding.contract)).map(key).collect();
    findings.retain(|finding| !(routes_api(&finding.contract) && against_contracts.contains(&key(finding))));
    // Nor is a read the provider's contract spells exactly (a nested field's, `owner.display_name`)
    // found wanting against its routes, whose answer types may be named on the wire otherwise
    // (a Jackson naming strategy set in the application's settings: accounts-service of the
    // eighth planted-mismatch evaluation's org M).
    let in_contract = |finding: &Finding| {
        let (Some(provider), Some(field)) = (&finding.provider, finding.fields.first()) else { return false };
        let contract = |api: &String| graph.node(api).is_none_or(|node| node.props.get("type").and_then(Value::as_str) != Some(crate::resolve::calls::ROUTES_API_TYPE));
        providers.iter().any(|(api, owners)| owners.contains(provider) && contract(api) && contract_apis.get(api).is_some_and(|fields| fields.names.contains_key(field)))
    };
    findings.retain(|finding| !(routes_api(&finding.contract) && matches!(finding.rule.as_str(), "missing-field" | "naming-mismatch" | "type-mismatch") && in_contract(finding)));
    findings.sort_by(|a, b| (a.severity, &a.rule, &a.consumer, &a.fields).cmp(&(b.severity, &b.rule, &b.consumer, &b.fields)));
    findings
}

/// Said of a finding against fields of a type taken for a route's answer because its path names it.
const GUESSED_NOTE: &str = " (the route's handler answers with a value of no type its file tells; its answer is taken for the type its path names)";

/// Whether the field `field_ref` is of a type taken for a route's answer because its path names it.
fn guessed(graph: &Graph, field_ref: &str) -> bool {
    graph.node(field_ref).is_some_and(|node| node.props.get(crate::resolve::answers::GUESSED_FROM_PATH) == Some(&Value::Bool(true)))
}

/// The names `fields` offers that `read` reads as they are: its own name, or for a read named
/// in the code's own convention, every name with its naming key.
fn exact_names<'a>(fields: &'a ApiFields, read: &ComponentRead) -> Vec<&'a String> {
    let name = &read.read.field;
    if read.read.any_case {
        return fields.keys.get(&naming_key(name)).map(|names| names.iter().collect()).unwrap_or_default();
    }
    fields.names.get_key_value(name).map(|(name, _)| vec![name]).unwrap_or_default()
}

/// The first provider of `api`.
fn provider_of(providers: &BTreeMap<String, BTreeSet<String>>, api: &str) -> Option<String> {
    providers.get(api).and_then(|owners| owners.iter().next().cloned())
}

/// `read` expects another type than every field it reads from `api` declares (`offered`: their
/// refs and types).
fn type_mismatch(read: &ComponentRead, api: &str, providers: &BTreeMap<String, BTreeSet<String>>, expected: &str, offered: &[(String, String)]) -> Finding {
    let name = &read.read.field;
    Finding {
        rule: "type-mismatch".into(),
        severity: Severity::Error,
        message: format!("{} expects `{name}` to be {expected} but {api} declares {}", read.component, offered[0].1),
        provider: provider_of(providers, api),
        consumer: Some(read.component.clone()),
        contract: Some(api.to_string()),
        fields: std::iter::once(name.clone()).chain(offered.iter().map(|(field_ref, _)| field_ref.clone())).collect(),
        locations: vec![read_location(read)],
        fix: Some(format!("{api} declares `{name}` as {}: change what {} expects, or the field's type", offered[0].1, read.path)),
    }
}

/// `read` spells a field `api` offers as `offered` in another convention.
fn naming_mismatch(read: &ComponentRead, api: &str, providers: &BTreeMap<String, BTreeSet<String>>, offered: &str, field_refs: Vec<String>) -> Finding {
    let name = &read.read.field;
    Finding {
        rule: "naming-mismatch".into(),
        severity: Severity::Error,
        message: format!("{} reads `{name}` but {api} names it `{offered}` (a naming-convention mismatch)", read.component),
        provider: provider_of(providers, api),
        consumer: Some(read.component.clone()),
        contract: Some(api.to_string()),
        fields: std::iter::once(name.clone()).chain(field_refs).collect(),
        locations: vec![read_location(read)],
        fix: Some(format!("read `{offered}` in {} (or rename the field in {api} and keep both names while consumers move)", read.path)),
    }
}

/// `read` reads a field `api` does not offer (of the schema `of`, when known; `offered` are the
/// names it does offer there).
fn missing_field(read: &ComponentRead, api: &str, providers: &BTreeMap<String, BTreeSet<String>>, of: Option<String>, offered: &[String]) -> Finding {
    let name = &read.read.field;
    let closest = closest_name(name, offered);
    // A name in the code's own convention (C#'s `TotalCents`), as the API would spell it.
    let wire = read.read.any_case.then(|| in_convention_of(name, offered)).filter(|wire| wire != name);
    let spelt = wire.as_ref().map(|wire| format!(" (`{wire}` in the API's convention)")).unwrap_or_default();
    // A field of a message the code builds (only such reads of a built value are checked).
    let built = read.read.binding == Some(crate::model::Binding::Built);
    Finding {
        rule: "missing-field".into(),
        severity: Severity::Error,
        message: format!("{} {} `{name}`{spelt}{} but {api} does not offer it", read.component, if built { "sets" } else { "reads" }, of.map(|of| format!(" of {of}")).unwrap_or_default()),
        provider: provider_of(providers, api),
        consumer: Some(read.component.clone()),
        contract: Some(api.to_string()),
        fields: std::iter::once(name.clone()).chain(wire).collect(),
        locations: vec![read_location(read)],
        fix: closest
            .map(|closest| format!("the provider offers `{closest}`; {} that instead, or add `{name}` to {api}", if built { "set" } else { "read" }))
            .or_else(|| built.then(|| format!("stop setting `{name}` (the consumer's generated code may be stale), or add it to {api}"))),
    }
}

/// The APIs one read is checked against, and whether a name none of them offers is a finding.
struct ReadScope<'a> {
    apis: Vec<&'a String>,
    expects_field: bool,
}

/// Members of a broker client's envelope around a received message (Kafka's
/// `ConsumeResult`/`ConsumerRecord`, RabbitMQ's delivery), by naming key.
const ENVELOPE_MEMBERS: &[&str] =
    &["topic", "partition", "offset", "headers", "topicpartition", "topicpartitionoffset", "ispartitioneof", "deliverytag", "routingkey", "redelivered"];

/// Which of its consumer's APIs a read can be about. A read counts only with evidence that its
/// data came from a provider: a pact naming the provider; a holder named after one of the
/// provider's schemas (`order["total"]` and `Order`); a wire-name declaration (`json:"total"`,
/// `@JsonProperty`); or a generic holder (`data`, `body`, one letter) in a file that calls the
/// provider. A name none of the APIs offers is a finding only when the read is tied to one
/// provider (a pact, a schema holder, or a file that calls one provider and no other). Reads of
/// anything else (a database row, the consumer's own dicts) are not the provider's business.
fn read_scope<'a>(
    graph: &Graph,
    read: &ComponentRead,
    consumed: &'a BTreeMap<String, BTreeSet<String>>,
    providers: &'a BTreeMap<String, BTreeSet<String>>,
    apis: &BTreeMap<String, ApiFields>,
    links: &BTreeMap<(String, String), BTreeSet<String>>,
    declared_types: &BTreeMap<(String, String, usize), String>,
) -> Option<ReadScope<'a>> {
    let holder = read.read.holder.as_deref();
    if let Some(provider) = holder.and_then(|holder| holder.strip_prefix("pact:")) {
        // The pact names its provider as the consumer knows it: the component's name or one
        // of its other names (a folder or repo name, when a deploy file named the component).
        let named = |owner: &String| {
            owner.ends_with(&format!(":{provider}"))
                || graph.node(owner).and_then(|node| node.props.get("aliases")).and_then(serde_json::Value::as_array).is_some_and(|aliases| aliases.iter().any(|alias| alias.as_str() == Some(provider)))
        };
        let owned = |owners: &BTreeSet<String>| owners.iter().any(named);
        let apis: Vec<&String> = providers.iter().filter(|(_, owners)| owned(owners)).map(|(api, _)| api).collect();
        return Some(ReadScope { apis, expects_field: true });
    }
    let consumed: Vec<&String> = consumed.get(&read.component).map(|apis| apis.iter().collect()).unwrap_or_default();
    // A message of the provider's contract the code builds by its type's name (a protobuf-kotlin
    // builder's `listRewardsRequest { category = ".." }`): what it sets must be the message's.
    if let (Some(crate::model::Binding::Built), Some(holder), None) = (&read.read.binding, holder, &read.read.declared_in)
        && holder.starts_with(|character: char| character.is_ascii_uppercase())
    {
        let by_schema: Vec<&String> = consumed
            .iter()
            .copied()
            .filter(|api| fields_of(apis, api).and_then(|fields| schema_for_holder(fields, holder)).is_some_and(|(schema, _)| schema == holder))
            .collect();
        return (!by_schema.is_empty()).then_some(ReadScope { apis: by_schema, expects_field: true });
    }
    // A holder the code filled itself (a dict it built, its config file, a parameter of its
    // function) holds nothing received, whatever it is called.
    if matches!(read.read.binding, Some(crate::model::Binding::Built | crate::model::Binding::Parameter)) {
        return None;
    }
    // A type the component's own API answers with or carries (order-service's `Order` struct of
    // its own orders API, beside the catalog it calls: the eighth planted-mismatch evaluation's
    // org P) declares what it serves, not what it reads.
    let declared = read.read.declared_in.as_deref().or_else(|| holder.is_none().then(|| declared_types.get(&(read.repo.clone(), read.path.clone(), read.read.line))).flatten().map(String::as_str));
    if let Some(declared) = declared {
        let names = [Some(declared), holder].into_iter().flatten();
        let own = |name: &str| providers.iter().any(|(api, owners)| owners.contains(&read.component) && fields_of(apis, api).is_some_and(|fields| schema_for_holder(fields, name).is_some()));
        if names.into_iter().any(own) {
            return None;
        }
    }
    let generic = holder.is_none_or(crate::model::is_generic_holder);
    // What a broker's client hands a consumer around the message (`result.Topic`,
    // `record.partition()`, `msg.offset`) is its envelope, no field of the message.
    if generic && ENVELOPE_MEMBERS.contains(&naming_key(&read.read.field).as_str()) {
        return None;
    }
    // A generic word (`result`) names no schema, even one called `Result`: whatever the code
    // decoded into it, only a call in the same file ties it to a provider.
    if let Some(holder) = holder.filter(|_| !generic) {
        let by_schema: Vec<&String> =
            consumed.iter().copied().filter(|api| fields_of(apis, api).is_some_and(|fields| schema_for_holder(fields, holder).is_some())).collect();
        if !by_schema.is_empty() {
            return Some(ReadScope { apis: by_schema, expects_field: true });
        }
    }
    let linked = links.get(&(read.repo.clone(), read.path.clone()));
    match linked {
        Some(linked) if generic => {
            // A bare wire name a type declares (a struct tag, `json:"reason"` of
            // `PaymentDisputed`) is no read of an event API's messages by being in a file linked
            // to its publisher, unless the type is named like one of them: risk-go's
            // `PaymentDisputed`, decoded from a topic nobody publishes, sat beside the topic
            // constants that link its file to payments-api.
            let declared = holder.is_none().then(|| declared_types.get(&(read.repo.clone(), read.path.clone(), read.read.line))).flatten();
            let other_type = |api: &String| declared.is_some_and(|type_name| event_api(graph, api) && fields_of(apis, api).and_then(|fields| schema_for_holder(fields, type_name)).is_none());
            let apis: Vec<&String> = consumed.into_iter().filter(|api| providers.get(*api).is_some_and(|owners| !owners.is_disjoint(linked)) && !other_type(api)).collect();
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
    // A field a read of the file matched by its name alone links nothing: any file naming `sku`
    // would be linked to every API with a `sku` (order-service's own event structs to the
    // catalog it calls elsewhere, the eighth planted-mismatch evaluation's org P).
    let read_match = |edge: &&factory_store::graph::EdgeRow| edge.kind == "consumes" && edge.to_ref.starts_with("field:") && edge.props.get("read").is_some();
    for edge in graph.edges.iter().filter(|edge| matches!(edge.kind.as_str(), "depends_on" | "consumes" | "subscribes")).filter(|edge| !read_match(edge)) {
        let Some(file) = source_file(&edge.source) else {
            continue;
        };
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

/// `repo@sha:path#pointer` -> (repo, path), for a source naming a file.
fn source_file(source: &str) -> Option<(String, String)> {
    let (repo, path) = crate::source_file(source)?;
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

/// Whether `api` defines messages and no operation or rpc: an event API, read by subscribing.
fn event_api(graph: &Graph, api: &str) -> bool {
    let defined = || graph.outgoing(api).filter(|edge| edge.kind == "defines").map(|edge| crate::model::split_ref(&edge.to_ref).0);
    defined().any(|kind| kind == "message") && !defined().any(|kind| kind == "operation" || kind == "rpc")
}

/// The APIs that define `node_ref` (an operation, message or rpc).
fn defining_apis(graph: &Graph, node_ref: &str) -> Vec<String> {
    graph.incoming(node_ref).filter(|edge| edge.kind == "defines" && edge.from_ref.starts_with("api:")).map(|edge| edge.from_ref.clone()).collect()
}

/// Each API's fields. The fields of a literal body a route read from code answers with hold
/// only for reads of that route's response (unless `literal_bodies`); those of a type its
/// handler declares are a schema's.
fn api_fields(graph: &Graph, literal_bodies: bool) -> BTreeMap<String, ApiFields> {
    let mut apis: BTreeMap<String, ApiFields> = BTreeMap::new();
    let from_code = |api: &str| !literal_bodies && graph.node(api).is_some_and(|node| node.props.get("type").and_then(Value::as_str) == Some(crate::resolve::calls::ROUTES_API_TYPE));
    let of_type = |field: &str| graph.node(field).is_some_and(|node| node.props.get("of_type").is_some());
    for edge in graph.edges.iter().filter(|edge| edge.kind == "defines" && edge.to_ref.starts_with("field:") && (!from_code(&edge.from_ref) || of_type(&edge.to_ref))) {
        let Some(node) = graph.node(&edge.to_ref) else {
            continue;
        };
        let wire = node.props.get("wire_name").and_then(Value::as_str).unwrap_or("").to_string();
        let json_name = node.props.get("json_name").and_then(Value::as_str).map(str::to_string);
        let entry = apis.entry(edge.from_ref.clone()).or_insert_with(|| ApiFields { names: BTreeMap::new(), keys: BTreeMap::new(), schemas: BTreeMap::new() });
        entry.names.entry(wire.clone()).or_default().push(node.node_ref.clone());
        if let Some(json_name) = json_name {
            entry.names.entry(json_name).or_default().push(node.node_ref.clone());
        }
        // A proto oneof's name reads its set member in most runtimes (Go's `GetDelivery()`,
        // proto-loader's virtual field under `oneofs: true`: portal-ts of the seventh
        // planted-mismatch evaluation's org L read `shipment.delivery`).
        if let Some(oneof) = node.props.get("oneof").and_then(Value::as_str) {
            entry.names.entry(oneof.to_string()).or_default().push(node.node_ref.clone());
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

/// `order` holds an `Order` (a plural holds a list, whose members are not fields). A holder
/// named by a type (upper-case, not a variable's name) whose `Event` or `Message` suffix the
/// reader left off (`AccountLifecycle` of `AccountLifecycleEvent`) holds the schema keeping it
/// (notifications-worker of the eighth planted-mismatch evaluation's org M).
fn schema_for_holder<'a>(fields: &'a ApiFields, holder: &str) -> Option<&'a (String, BTreeSet<String>)> {
    let key = naming_key(holder);
    let type_named = holder.starts_with(|first: char| first.is_ascii_uppercase());
    fields.schemas.get(&key).or_else(|| type_named.then(|| ["event", "message"].iter().find_map(|suffix| fields.schemas.get(&format!("{key}{suffix}")))).flatten())
}
