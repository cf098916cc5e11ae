//! Findings about calls: operations and rpcs a consumer calls that its provider lacks (with
//! the reads of their responses, which nothing can check), and required request fields a call
//! leaves out.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use super::{Finding, Severity, read_location, source_file};
use crate::graph::Graph;
use crate::resolve::{ComponentRead, ReadTie, UnmatchedCall};

/// A call by who makes it, in which file (repo, path), and what it calls.
type CallKey<'a> = (&'a str, (String, String), &'a str);

/// A finding for each call no operation answers that is clearly meant for one provider: a
/// pact's call (an error), a stub's rpc its service lacks (an error when the provider serves
/// the service in code, its proto then being the one served; a warning when only a contract
/// says who provides it), and a call read from code that a provider's contract has no
/// operation for (a warning: the contract may be incomplete). The reads of such a call's
/// response are named in its finding rather than reported on their own: what the response
/// holds is unknown.
pub(super) fn unmatched_call_findings(
    graph: &Graph,
    providers: &BTreeMap<String, BTreeSet<String>>,
    links: &BTreeMap<(String, String), BTreeSet<String>>,
    unmatched_calls: &[UnmatchedCall],
    reads: &[ComponentRead],
) -> Vec<Finding> {
    let mut unanswered: BTreeMap<CallKey<'_>, Vec<&ComponentRead>> = BTreeMap::new();
    for read in reads {
        if let Some(ReadTie::Unanswered(call)) = &read.tie {
            unanswered.entry((read.component.as_str(), (read.repo.clone(), read.path.clone()), call.as_str())).or_default().push(read);
        }
    }
    let mut findings = Vec::new();
    for call in unmatched_calls {
        let mut finding = if call.declared {
            Finding {
                rule: "consumed-operation-missing".into(),
                severity: Severity::Error,
                message: format!("{} calls `{}` but {} has no such operation", call.consumer, call.call, call.provider.as_deref().unwrap_or("no provider")),
                provider: call.provider.clone(),
                consumer: Some(call.consumer.clone()),
                contract: None,
                fields: vec![called_path(&call.call).to_string()],
                locations: vec![call.source.clone()],
                fix: Some("restore the operation in the provider, or update the consumer and its pact".into()),
            }
        } else if let Some(api) = &call.contract {
            missing_rpc(graph, providers, call, api)
        } else if let Some((provider, api, near)) = missing_operation_in_code(graph, providers, links, call) {
            // Read from code, not declared: the contract may simply be incomplete (framework
            // endpoints nobody wrote down), so it warns rather than fails the check.
            Finding {
                rule: "consumed-operation-missing".into(),
                severity: Severity::Warning,
                message: format!("{} calls `{}` but {api} has no such operation (it has {})", call.consumer, call.call, near.join(", ")),
                provider: Some(provider),
                consumer: Some(call.consumer.clone()),
                contract: Some(api),
                fields: vec![called_path(&call.call).to_string()],
                locations: vec![call.source.clone()],
                fix: Some("call an operation the contract offers, or add this one to the provider's contract".into()),
            }
        } else {
            continue;
        };
        let folded = source_file(&call.source).and_then(|file| unanswered.remove(&(call.consumer.as_str(), file, call.call.as_str())));
        if let Some(folded) = folded {
            let mut names: Vec<&str> = folded.iter().map(|read| read.read.field.as_str()).collect();
            names.dedup();
            let quoted: Vec<String> = names.iter().map(|name| format!("`{name}`")).collect();
            finding.message.push_str(&format!("; what its response holds is unknown, so its reads of {} are not checked", quoted.join(", ")));
            // The reads are fields the finding involves too, after what was called.
            for name in names {
                if !finding.fields.iter().any(|field| field == name) {
                    finding.fields.push(name.to_string());
                }
            }
            finding.locations.extend(folded.iter().map(|read| read_location(read)));
        }
        findings.push(finding);
    }
    findings
}

/// The path a call names, without its method: `GET /orders/{}` is `/orders/{}`.
fn called_path(call: &str) -> &str {
    match call.split_once(' ') {
        Some((method, path)) if path.starts_with('/') && method.bytes().all(|b| b.is_ascii_uppercase()) => path,
        _ => call,
    }
}

/// A stub's call of an rpc the service it is a client of lacks.
fn missing_rpc(graph: &Graph, providers: &BTreeMap<String, BTreeSet<String>>, call: &UnmatchedCall, api: &str) -> Finding {
    let method = call.call.rsplit('/').next().unwrap_or(&call.call);
    let owners = providers.get(api);
    let provider = owners.and_then(|owners| owners.iter().next().cloned());
    // A server registration in code serves the service: an rpc its proto lacks is one the
    // server does not implement, and the call fails with UNIMPLEMENTED.
    let served = graph.incoming(api).any(|edge| edge.kind == "provides" && edge.props.get("via").and_then(Value::as_str) == Some("grpc server"));
    let offered: Vec<String> = graph
        .outgoing(api)
        .filter(|edge| edge.kind == "defines" && edge.to_ref.starts_with("rpc:"))
        .filter_map(|edge| edge.to_ref.rsplit('/').next().map(str::to_string))
        .collect();
    Finding {
        rule: "consumed-operation-missing".into(),
        severity: if served { Severity::Error } else { Severity::Warning },
        message: format!("{} calls rpc `{method}` but {api} has no such rpc (it has {})", call.consumer, offered.join(", ")),
        provider,
        consumer: Some(call.consumer.clone()),
        contract: Some(api.to_string()),
        fields: vec![method.to_string()],
        locations: vec![call.source.clone()],
        fix: Some(format!("add `{method}` to the service and serve it, or stop calling it (a vendored copy of the proto may be stale)")),
    }
}

/// Calls whose request body is known (a pact's request, a body literal in code) that leave out
/// a field the operation's request requires.
pub(super) fn unsent_required_fields(graph: &Graph, providers: &BTreeMap<String, BTreeSet<String>>) -> Vec<Finding> {
    let mut findings = Vec::new();
    for call in graph.edges.iter().filter(|edge| edge.kind == "consumes" && edge.to_ref.starts_with("operation:")) {
        let Some(sent) = call.props.get("sends").and_then(Value::as_array) else {
            continue;
        };
        let sent: BTreeSet<&str> = sent.iter().filter_map(Value::as_str).collect();
        let mut missing: Vec<(String, String)> = Vec::new();
        for uses in graph.outgoing(&call.to_ref).filter(|edge| edge.kind == "uses" && edge.props.get("in").and_then(Value::as_str) == Some("request")) {
            let Some(field) = graph.node(&uses.to_ref) else {
                continue;
            };
            let required = field.props.get("required").and_then(Value::as_bool).unwrap_or(false);
            let wire = field.props.get("wire_name").and_then(Value::as_str).unwrap_or(&field.name);
            if required && top_level(&field.name) && !sent.contains(wire) && !missing.iter().any(|(name, _)| name == wire) {
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

/// Whether a field (`api/Schema.field`) is a request's own, not nested (`Schema.parent.child`).
fn top_level(field_name: &str) -> bool {
    field_name.rsplit('/').next().is_some_and(|qualified| qualified.matches('.').count() == 1)
}

/// Calls whose request is written out (an rpc's object, `shipments.CreateShipment({ order_id,
/// priority }, cb)`; an HTTP body's keys, or the fields of the type it is a value of) sending a
/// key the request has no field for under any convention: protobuf drops it, and an HTTP
/// provider ignores it or refuses the request (portal-ts of the seventh planted-mismatch
/// evaluation's org L sends a `priority` `CreateShipmentRequest` lacks; merchant-portal of org K
/// a `Tags` NestJS's `CreateProductDto`, validated with `forbidNonWhitelisted`, refuses).
pub(super) fn unknown_request_fields(graph: &Graph, providers: &BTreeMap<String, BTreeSet<String>>) -> Vec<Finding> {
    let mut findings: Vec<Finding> = Vec::new();
    let mut message_fields: Option<BTreeMap<&str, Vec<&str>>> = None;
    for call in graph.edges.iter().filter(|edge| edge.kind == "consumes" && (edge.to_ref.starts_with("rpc:") || edge.to_ref.starts_with("operation:"))) {
        let Some(sent) = call.props.get("sends").and_then(Value::as_array) else {
            continue;
        };
        let requests = graph.outgoing(&call.to_ref).filter(|edge| edge.kind == "uses" && edge.props.get("in").and_then(Value::as_str) == Some("request"));
        let offered: Vec<&str> = if call.to_ref.starts_with("rpc:") {
            // `pkg/Message` -> the wire names of its own fields.
            let message_fields = message_fields.get_or_insert_with(|| {
                let mut fields: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
                for node in graph.nodes.values().filter(|node| node.kind == "field") {
                    if let Some((message, wire)) = node.name.rsplit_once('.') {
                        fields.entry(message).or_default().push(node.props.get("wire_name").and_then(Value::as_str).unwrap_or(wire));
                    }
                }
                fields
            });
            requests.filter_map(|edge| edge.to_ref.strip_prefix("message:")).flat_map(|message| message_fields.get(message).into_iter().flatten().copied()).collect()
        } else {
            requests
                .filter_map(|edge| graph.node(&edge.to_ref))
                .filter(|field| top_level(&field.name))
                .filter_map(|field| field.props.get("wire_name").and_then(Value::as_str))
                .collect()
        };
        if offered.is_empty() {
            continue;
        }
        let known = |key: &str| offered.iter().any(|wire| *wire == key || crate::model::naming_key(wire) == crate::model::naming_key(key));
        let unknown: Vec<&str> = sent.iter().filter_map(Value::as_str).filter(|key| !known(key)).collect();
        if unknown.is_empty() {
            continue;
        }
        let api = graph.incoming(&call.to_ref).find(|edge| edge.kind == "defines" && edge.from_ref.starts_with("api:")).map(|edge| edge.from_ref.clone());
        let names: Vec<String> = unknown.iter().map(|name| format!("`{name}`")).collect();
        // A proto message is all there is; an HTTP schema may be open or composed of parts not
        // read (`allOf` over another file, a DTO's base class), so its finding is a warning.
        let (target, dropped, severity) = match call.to_ref.strip_prefix("rpc:") {
            Some(rpc) => (rpc.rsplit('/').next().unwrap_or(rpc), "protobuf drops it", Severity::Error),
            None => (call.to_ref.split_once('/').map_or(call.to_ref.as_str(), |(_, operation)| operation), "the provider ignores or refuses it", Severity::Warning),
        };
        let mut offered = offered;
        offered.sort_unstable();
        offered.dedup();
        // The same keys sent to the same operation by a pact's interaction and by the code: one
        // finding, at both places.
        let fields: Vec<String> = unknown.iter().map(|name| name.to_string()).collect();
        if let Some(same) = findings.iter_mut().find(|finding| finding.consumer.as_deref() == Some(call.from_ref.as_str()) && finding.message.contains(&format!("`{target}`")) && finding.fields == fields) {
            if !same.locations.contains(&call.source) {
                same.locations.push(call.source.clone());
            }
            continue;
        }
        findings.push(Finding {
            rule: "unknown-request-field".into(),
            severity,
            message: format!("{} sends {} in its `{target}` request, which has no such field (it has {}): {dropped}", call.from_ref, names.join(", "), offered.join(", ")),
            provider: api.as_ref().and_then(|api| providers.get(api)).and_then(|owners| owners.iter().next().cloned()),
            consumer: Some(call.from_ref.clone()),
            contract: api,
            fields,
            locations: vec![call.source.clone()],
            fix: Some(format!("add {} to the request and read it in the provider, or stop sending {}", names.join(", "), if names.len() == 1 { "it" } else { "them" })),
        });
    }
    findings
}

/// Path segments that say nothing about which resource a call is for.
const GENERIC_SEGMENTS: &[&str] = &["api", "v1", "v2", "v3", "rest", "public", "internal"];
/// Paths every service may answer: a call to them names no provider's resource.
const PROBE_SEGMENTS: &[&str] = &["health", "healthz", "ready", "readyz", "live", "livez", "metrics", "status", "ping", "version", "info"];

/// An HTTP call read from code that no operation answers is a finding only when it is clearly
/// meant for one provider's API: its URL is passed straight to the call (a constant holding a
/// base URL is extended elsewhere), the file calls that provider and no other, the provider
/// declares the API in a contract, or its code declares its routes with none mounted under a
/// prefix declared elsewhere and none a mount answering every path below it (so the paths
/// read are the paths served), and the API has operations under the call's first resource
/// segment (`/invoices/{id}/items` against `/invoices/{id}`), else naming it below another.
/// Gives the provider, its API and those operations.
fn missing_operation_in_code(
    graph: &Graph,
    providers: &BTreeMap<String, BTreeSet<String>>,
    links: &BTreeMap<(String, String), BTreeSet<String>>,
    call: &UnmatchedCall,
) -> Option<(String, String, Vec<String>)> {
    if !call.direct {
        return None;
    }
    let linked = links.get(&source_file(&call.source)?)?;
    let [provider] = linked.iter().collect::<Vec<_>>()[..] else {
        return None;
    };
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
        let complete = graph.node(api).is_some_and(|node| {
            let flag = |key: &str| node.props.get(key).and_then(Value::as_bool).unwrap_or(false);
            match node.props.get("type").and_then(Value::as_str) == Some(crate::resolve::calls::ROUTES_API_TYPE) {
                true => !flag("prefixed") && !flag("mounted"),
                false => node.method != "inferred",
            }
        });
        if !complete || owners.contains(&call.consumer) {
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
        let mut near: Vec<String> = operations
            .iter()
            .filter(|(_, operation_path)| resource(operation_path).as_deref() == Some(wanted.as_str()))
            .map(|(method, operation_path)| format!("{method} {operation_path}"))
            .collect();
        // Or those naming the resource as another's below it, right after that one's parameter
        // (`/api/lessons/{id}/answer-key` against `/api/courses/{slug}/lessons`: grader of the
        // tenth planted-mismatch evaluation's org U).
        if near.is_empty() {
            let below_another = |operation_path: &str| {
                let segments: Vec<&str> = operation_path.split('/').filter(|segment| !segment.is_empty()).collect();
                segments.windows(2).any(|pair| pair[0].starts_with('{') && pair[1].eq_ignore_ascii_case(&wanted))
            };
            near = operations
                .iter()
                .filter(|(_, operation_path)| below_another(operation_path))
                .map(|(method, operation_path)| format!("{method} {operation_path}"))
                .collect();
        }
        if !near.is_empty() {
            return Some((provider.clone(), api.clone(), near));
        }
    }
    None
}

/// A topic a component still subscribes to that nothing in the org offers any more: no
/// contract defines a message on it and no component publishes to it, while the same
/// subscriber takes other messages from one provider's event contract (the channel, a
/// `fleet.idling-events` beside `fleet.trips.completed`, was most likely that provider's and
/// dropped). A warning: the message may come from outside the org.
pub(super) fn missing_channel_findings(graph: &Graph, providers: &BTreeMap<String, BTreeSet<String>>) -> Vec<Finding> {
    // Channel addresses some contract defines a message on, and those some component publishes.
    let defined: BTreeSet<&str> =
        graph.nodes.keys().filter_map(|node_ref| node_ref.strip_prefix("message:")).filter_map(|message| message.split_once('/').map(|(_, address)| address)).collect();
    let published: BTreeSet<&str> = graph.edges.iter().filter(|edge| edge.kind == "publishes").filter_map(|edge| edge.to_ref.strip_prefix("channel:")).collect();
    let mut findings = Vec::new();
    for edge in graph.edges.iter().filter(|edge| edge.kind == "subscribes" && edge.from_ref.starts_with("component:")) {
        let Some(address) = edge.to_ref.strip_prefix("channel:") else {
            continue;
        };
        if defined.contains(address) || published.contains(address) {
            continue;
        }
        // Topics, and AMQP routing keys: a queue is its consumer's own (an AMQP queue bound to an
        // exchange is subscribed under its name as well as its binding's key).
        let protocol = graph.nodes.get(&edge.to_ref).and_then(|channel| channel.props.get("protocol")).and_then(Value::as_str);
        if !matches!(protocol, Some("kafka" | "nats" | "mqtt" | "amqp")) {
            continue;
        }
        // The event APIs of the subscriber's other messages, with their providers.
        let apis: BTreeSet<String> = graph
            .edges
            .iter()
            .filter(|other| other.from_ref == edge.from_ref && other.kind == "subscribes" && other.to_ref.starts_with("message:"))
            .flat_map(|other| graph.incoming(&other.to_ref).filter(|defines| defines.kind == "defines").map(|defines| defines.from_ref.clone()).collect::<Vec<_>>())
            .filter(|api| providers.get(api).is_some_and(|owners| !owners.contains(&edge.from_ref)))
            .collect();
        // An address starting like the addresses of an API's messages (`product.discontinued`
        // beside `product.price-changed`) is of that API.
        let first_word = |address: &str| address.split(['.', '/']).next().unwrap_or("").to_string();
        let keyed_alike = |api: &str| {
            let prefix = format!("message:{}/", api.strip_prefix("api:").unwrap_or(api));
            graph.outgoing(api).filter_map(|defines| defines.to_ref.strip_prefix(prefix.as_str())).any(|other| first_word(other) == first_word(address) && other.contains('.'))
        };
        // Of several providers' event APIs, the one whose addresses it starts like
        // (notifications-worker of the eighth planted-mismatch evaluation's org M subscribes to
        // `payments.failed.v1` beside payments' `payments.completed.v1` and accounts' events).
        let alike: Vec<&String> = apis.iter().filter(|api| keyed_alike(api)).collect();
        let api = match (apis.len(), alike.as_slice()) {
            (1, _) => apis.iter().next(),
            (_, [api]) => Some(*api),
            _ => None,
        };
        let Some(api) = api else { continue };
        // An AMQP address is a routing key rather than a queue's name where it starts like the
        // keys of the API's messages (pricing-go of the seventh planted-mismatch evaluation's org K
        // binds `product.discontinued` beside `product.price-changed`; inventory-java's queue
        // `inventory.stock-depleted` is its own).
        if protocol == Some("amqp") && !keyed_alike(api) {
            continue;
        }
        let provider = providers.get(api).and_then(|owners| owners.iter().next()).cloned();
        findings.push(Finding {
            rule: "consumed-message-missing".into(),
            severity: Severity::Warning,
            message: format!(
                "{} subscribes to `{address}` but nothing in the org offers it: {api} defines no message on it and no component publishes to it",
                edge.from_ref
            ),
            provider,
            consumer: Some(edge.from_ref.clone()),
            contract: Some(api.clone()),
            fields: vec![address.to_string()],
            locations: vec![edge.source.clone()],
            fix: Some(format!("stop subscribing to `{address}`, or add its message to {api} and publish it")),
        });
    }
    findings
}
