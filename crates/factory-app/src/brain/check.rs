//! `brain check`: contract findings across the org's current graph, and breaking changes in
//! each repo's contracts between its HEAD and a base.

use std::collections::{BTreeMap, BTreeSet};

use factory_brain::resolve::Resolved;
use factory_brain::{FileFacts, ScannedFacts};
use factory_brain::graph::Graph;
use serde::Serialize;

use super::{Finding, HOME_REPO, Severity, stored_facts};
use crate::repos::{RepoInfo, list};
use crate::{AppError, Home};

/// What `brain check` found.
#[derive(Debug, Clone, Serialize)]
pub struct CheckReport {
    pub errors: usize,
    pub warnings: usize,
    pub findings: Vec<Finding>,
}

/// Contract findings across the org's current graph, plus breaking changes in each repo's
/// contracts between its HEAD and `base` (default: the repo's default branch, when HEAD is
/// on another branch).
pub async fn check(home: &Home, base: Option<&str>) -> Result<CheckReport, AppError> {
    let registered: Vec<String> = list(home).into_iter().map(|repo| repo.name).chain([HOME_REPO.to_string()]).collect();
    let store = home.store().await?;
    let files = stored_facts(&store, &registered).await?;
    let graph = Graph::new(store.graph_nodes(None).await?, store.graph_edges(None).await?);
    store.close().await;
    let resolved = factory_brain::resolve(&files, &registered);
    let mut findings = factory_brain::check::check_with_calls(&graph, &resolved.reads, &resolved.unmatched_calls);
    let repos = list(home);
    let mut base_found = false;
    for repo in &repos {
        let Some((mut breaking, base_sha)) = breaking_changes(repo, base, &graph)? else {
            continue;
        };
        base_found = true;
        if let Some(base_sha) = base_sha
            && !declares_openapi(&graph, &repo.name)
        {
            breaking.extend(code_contract_changes(repo, &base_sha, &files, &registered, &resolved)?);
        }
        name_affected_consumers(&graph, &resolved.reads, &resolved.unmatched_calls, &mut breaking);
        findings.extend(breaking);
    }
    if let Some(base) = base
        && !base_found
        && !repos.is_empty()
    {
        return Err(AppError::Input(format!("--base `{base}` is not a revision of any registered repo; give a branch, tag or commit one of them has")));
    }
    let errors = findings.iter().filter(|finding| finding.severity == Severity::Error).count();
    Ok(CheckReport { errors, warnings: findings.len() - errors, findings })
}

/// A repo's breaking changes in its contract files, and the base's commit where it is another
/// than HEAD's.
type FileChanges = (Vec<Finding>, Option<String>);

/// Breaking changes in one repo's contract files between `base` and HEAD, and the base's
/// commit where it is another than HEAD's. `None` when `base` is not a revision of this repo.
fn breaking_changes(repo: &RepoInfo, base: Option<&str>, graph: &Graph) -> Result<Option<FileChanges>, AppError> {
    let path = &repo.resolved_path;
    let Ok(head) = factory_git::commit_info(path, "HEAD") else {
        return Ok(Some((Vec::new(), None)));
    };
    let base_revision = match base {
        Some(base) => base.to_string(),
        None => {
            let git = factory_git::Repo::open(path);
            let current = git.state().ok().and_then(|state| state.branch);
            // The remote's default branch; without a remote, a local `main` or `master` (a
            // branch checked out in a repo that was never cloned is compared with its trunk).
            let mut default = git.default_branch();
            if current.as_deref() == Some(default.as_str())
                && git.rev_parse("refs/remotes/origin/HEAD").is_err()
                && let Some(trunk) =
                    ["main", "master"].into_iter().find(|trunk| current.as_deref() != Some(*trunk) && git.rev_parse(&format!("refs/heads/{trunk}")).is_ok())
            {
                default = trunk.to_string();
            }
            if current.as_deref() == Some(default.as_str()) {
                return Ok(Some((Vec::new(), None)));
            }
            default
        }
    };
    let Ok(base_commit) = factory_git::commit_info(path, &base_revision) else {
        // A commit id names one repo's history: repos it is not part of are not compared.
        return Ok(if base.is_some() { None } else { Some((Vec::new(), None)) });
    };
    if base_commit.sha == head.sha {
        return Ok(Some((Vec::new(), None)));
    }
    let is_contract_path = |path: &str| [".proto", ".yaml", ".yml", ".json"].iter().any(|extension| path.ends_with(extension));
    let base_tree: BTreeMap<String, String> =
        factory_git::list_tree(path, &base_commit.sha)?.into_iter().filter(|file| is_contract_path(&file.path)).map(|file| (file.path, file.blob)).collect();
    let head_tree: BTreeMap<String, String> =
        factory_git::list_tree(path, &head.sha)?.into_iter().filter(|file| is_contract_path(&file.path)).map(|file| (file.path, file.blob)).collect();
    let changed: Vec<(&String, &String, Option<&String>)> =
        base_tree.iter().filter(|(file, blob)| head_tree.get(*file) != Some(*blob)).map(|(file, blob)| (file, blob, head_tree.get(file))).collect();
    let mut findings = Vec::new();
    for (file, base_blob, head_blob) in changed {
        let blobs: Vec<String> = std::iter::once(base_blob.clone()).chain(head_blob.cloned()).collect();
        let contents = factory_git::read_blobs(path, &blobs)?;
        let Ok(base_facts) = factory_brain::read_file(file, &contents[0]) else {
            continue;
        };
        if !base_facts.nodes.iter().any(|node| node.kind == "api") {
            continue;
        }
        let head_facts = match contents.get(1) {
            Some(bytes) => match factory_brain::read_file(file, bytes) {
                Ok(facts) => facts,
                Err(reason) => {
                    findings.push(Finding {
                        rule: "unreadable-contract".into(),
                        severity: Severity::Error,
                        message: format!("{file} in {} no longer parses: {reason}", repo.name),
                        provider: None,
                        consumer: None,
                        contract: Some(format!("{}:{file}", repo.name)),
                        fields: Vec::new(),
                        locations: vec![format!("{}:{file}", repo.name)],
                        fix: None,
                    });
                    continue;
                }
            },
            None => FileFacts::default(),
        };
        let api = api_defined_in(graph, &repo.name, file);
        findings.extend(factory_brain::breaking::breaking_changes(&repo.name, file, api.as_deref(), &base_facts, &head_facts));
    }
    Ok(Some((findings, Some(base_commit.sha))))
}

/// Whether the graph holds an OpenAPI document of `repo`'s: its HTTP contract is declared, and
/// that is what is compared (order-service of the eleventh planted-mismatch evaluation serves
/// what its OpenAPI file says; comparing its routes too would report each change twice). A repo
/// without one has its code's routes compared, whether HEAD still declares any or not (a branch
/// deleting its only route module removed every operation).
fn declares_openapi(graph: &Graph, repo: &str) -> bool {
    graph.nodes.values().any(|node| {
        node.kind == "api" && node.props.get("type").and_then(serde_json::Value::as_str) == Some("openapi") && factory_brain::source_parts(&node.source).0 == Some(repo)
    })
}

/// Breaking changes of the contracts `repo`'s code declares: the repo is read again at
/// `base_sha` (every file a scan reads, in memory), the org resolved with it, and compared with
/// the org as the last scan resolved it (`head`: run `brain scan` first for HEAD's state). A
/// file that does not read at the base is left out (a scan would keep its last good facts).
fn code_contract_changes(repo: &RepoInfo, base_sha: &str, files: &[ScannedFacts], registered: &[String], head: &Resolved) -> Result<Vec<Finding>, AppError> {
    let path = &repo.resolved_path;
    let wanted: Vec<factory_git::TreeFile> = factory_git::list_tree(path, base_sha)?.into_iter().filter(|file| factory_brain::wants_file(&file.path, file.size)).collect();
    let blobs: Vec<String> = wanted.iter().map(|file| file.blob.clone()).collect();
    let contents = factory_git::read_blobs(path, &blobs)?;
    let read_at_base: Vec<ScannedFacts> = wanted
        .iter()
        .zip(contents)
        .filter_map(|(file, bytes)| factory_brain::read_file(&file.path, &bytes).ok().map(|facts| ScannedFacts { repo: repo.name.clone(), path: file.path.clone(), commit_sha: base_sha.to_string(), facts }))
        .collect();
    // The repo's files where its stored ones were, the other repos' as stored.
    let mut at_base: Vec<ScannedFacts> = Vec::with_capacity(files.len());
    let mut read_at_base = Some(read_at_base);
    for file in files {
        if file.repo != repo.name {
            at_base.push(file.clone());
        } else if let Some(read) = read_at_base.take() {
            at_base.extend(read);
        }
    }
    at_base.extend(read_at_base.into_iter().flatten());
    let base = factory_brain::resolve(&at_base, registered);
    Ok(factory_brain::breaking::code_contract_changes(&repo.name, &base, head, files))
}

/// The name of the API the graph read from `file` of `repo` (`orders-http`), if any.
/// The API may be declared elsewhere (a catalog entry whose definition is the file): what the
/// file defines says which API it is.
fn api_defined_in(graph: &Graph, repo: &str, file: &str) -> Option<String> {
    let in_file = |source: &str| {
        source
            .split_once('@')
            .and_then(|(source_repo, rest)| rest.split_once(':').map(|(_, location)| (source_repo, location)))
            .is_some_and(|(source_repo, location)| source_repo == repo && location.split('#').next() == Some(file))
    };
    graph.nodes.values().find(|node| node.kind == "api" && in_file(&node.source)).map(|node| node.name.clone()).or_else(|| {
        graph
            .edges
            .iter()
            .find(|edge| edge.kind == "defines" && edge.from_ref.starts_with("api:") && in_file(&edge.source))
            .map(|edge| edge.from_ref["api:".len()..].to_string())
    })
}

/// Names who a breaking change hurts: for a removed operation, rpc or message, the consumers
/// that still call or subscribe to it (their calls no longer match, or the graph still links
/// them to it); for a field, the consumers whose reads name it, leaving out reads of a type
/// that is another schema of the contract (`IdlingDetectedMessage.vehicleId` is not
/// `HarshBrakingDetectedPayload.vehicleId`).
fn name_affected_consumers(
    graph: &Graph,
    reads: &[factory_brain::resolve::ComponentRead],
    unmatched_calls: &[factory_brain::resolve::UnmatchedCall],
    findings: &mut [Finding],
) {
    // Per component and API, the schemas of the component's other APIs ([`of_other_api`]).
    let mut linked: BTreeMap<(String, String), BTreeSet<String>> = BTreeMap::new();
    for finding in findings.iter_mut() {
        let Some(api) = finding.contract.clone().filter(|contract| contract.starts_with("api:")) else {
            continue;
        };
        let consumers: Vec<String> = factory_brain::query::consumers(graph, &api).into_iter().map(|reached| reached.node_ref).collect();
        let removed = ["removed-operation", "removed-rpc", "removed-message"].contains(&finding.rule.as_str());
        let mut affected: Vec<String> = Vec::new();
        if removed {
            let Some(target) = finding.fields.first().cloned() else {
                continue;
            };
            for (consumer, location) in callers_of(graph, unmatched_calls, &consumers, &target) {
                if !affected.contains(&consumer) {
                    affected.push(consumer);
                }
                if let Some(location) = location {
                    finding.locations.push(location);
                }
            }
            if affected.is_empty() {
                // No call seen; the API's consumers may still make one the readers missed.
                if consumers.is_empty() {
                    finding.message.push_str(" (no consumer in the org calls it)");
                } else {
                    finding.message.push_str(&format!(" (no consumer is seen calling it; the API's consumers: {})", consumers.join(", ")));
                }
                continue;
            }
        } else if finding.rule == "new-required-request-field" {
            // Every caller of an operation whose request the field joins leaves it out.
            let in_request = |edge: &&factory_store::graph::EdgeRow| edge.kind == "uses" && edge.props.get("in").and_then(serde_json::Value::as_str) == Some("request");
            let operations: Vec<String> = finding.fields.iter().flat_map(|field| graph.incoming(field).filter(in_request).map(|edge| edge.from_ref.clone())).collect();
            for operation in operations {
                for (consumer, location) in callers_of(graph, unmatched_calls, &consumers, &operation) {
                    if !affected.contains(&consumer) {
                        affected.push(consumer);
                    }
                    if let Some(location) = location.filter(|location| !finding.locations.contains(location)) {
                        finding.locations.push(location);
                    }
                }
            }
        } else {
            let fields: Vec<(String, String)> = finding
                .fields
                .iter()
                .filter_map(|field| field.strip_prefix("field:"))
                .filter_map(|field| {
                    let qualified = field.split_once('/').map_or(field, |(_, rest)| rest);
                    qualified.rsplit_once('.').map(|(schema, wire)| (factory_brain::model::naming_key(wire), schema_key(schema)))
                })
                .collect();
            let other_schemas = schemas_of(graph, &api);
            let consumers = field_consumers(graph, &api, &finding.fields, consumers);
            if finding.rule == "removed-enum-value" {
                // The code naming a removed value is what it hurts (a switch's case, a
                // generated enum's constant), not every read of the field.
                let values: Vec<&str> = finding.fields.iter().filter(|field| !field.starts_with("field:")).map(String::as_str).collect();
                let named = |value: &str| values.iter().any(|removed| removed.eq_ignore_ascii_case(value));
                for read in reads.iter().filter(|read| consumers.contains(&read.component)) {
                    // A generated enum's constant, not an enum the consumer declares itself.
                    let of_enum = read.read.holder.as_deref().is_some_and(|holder| holder.starts_with("enum:") && !holder.starts_with("enum:declared:")) && named(&read.read.field);
                    let read_key = factory_brain::model::naming_key(&read.read.field);
                    let compared = fields.iter().any(|(wire, _)| *wire == read_key) && read.read.compared.iter().any(|value| named(value));
                    if of_enum || compared {
                        note_read(&mut affected, &mut finding.locations, read);
                    }
                }
            }
            let named_values = !affected.is_empty();
            for read in reads.iter().filter(|read| !named_values && consumers.contains(&read.component)) {
                // The field's name first: the ties and types below cost more.
                let read_key = factory_brain::model::naming_key(&read.read.field);
                if !fields.iter().any(|(wire, _)| *wire == read_key) || tied_elsewhere(graph, read, &api) || of_other_api(graph, read, &api, &other_schemas, &mut linked) {
                    continue;
                }
                let of_another = |schema: &str| {
                    // The type the read's field is declared in, when it is a schema of this
                    // contract other than the field's own.
                    read.read.declared_in.as_deref().map(schema_key).is_some_and(|declared| declared != schema && other_schemas.contains(&declared))
                };
                if !fields.iter().any(|(wire, schema)| *wire == read_key && !of_another(schema)) {
                    continue;
                }
                note_read(&mut affected, &mut finding.locations, read);
            }
            if affected.is_empty() && fields.is_empty() {
                affected = consumers;
            }
        }
        if affected.is_empty() {
            continue;
        }
        finding.message = format!("{} (consumed by {})", finding.message, affected.join(", "));
        finding.consumer = affected.first().cloned();
    }
}

/// A consumer a change hurts, with the place of its read (a type read from its response and
/// kept as the code's own is one place).
fn note_read(affected: &mut Vec<String>, locations: &mut Vec<String>, read: &factory_brain::resolve::ComponentRead) {
    if !affected.contains(&read.component) {
        affected.push(read.component.clone());
    }
    let location = format!("{}:{}:{}", read.repo, read.path, read.read.line);
    if !locations.contains(&location) {
        locations.push(location);
    }
}

/// Whether a read is of a type (or a holder named like one) that is no schema of `api` but one
/// of another API its component provides or consumes: org P of the eighth planted-mismatch
/// evaluation, where storefront-bff's `Order.status` is the orders API's and order-service's
/// own `Order.status` its own API's, not inventory's `Reservation.status`. `linked` caches, per
/// component and API, the component's other APIs' schemas.
fn of_other_api(
    graph: &Graph,
    read: &factory_brain::resolve::ComponentRead,
    api: &str,
    own_schemas: &BTreeSet<String>,
    linked: &mut BTreeMap<(String, String), BTreeSet<String>>,
) -> bool {
    let Some(name) = read.read.declared_in.as_deref().or(read.read.holder.as_deref().filter(|holder| !holder.contains(':'))) else {
        return false;
    };
    let key = schema_key(name);
    if own_schemas.contains(&key) {
        return false;
    }
    let schemas = linked.entry((read.component.clone(), api.to_string())).or_insert_with(|| {
        let apis: BTreeSet<String> = graph
            .outgoing(&read.component)
            .filter(|edge| matches!(edge.kind.as_str(), "provides" | "consumes" | "calls" | "subscribes"))
            .filter_map(|edge| match edge.to_ref.starts_with("api:") {
                true => Some(edge.to_ref.clone()),
                false => graph.incoming(&edge.to_ref).find(|defines| defines.kind == "defines" && defines.from_ref.starts_with("api:")).map(|defines| defines.from_ref.clone()),
            })
            .filter(|other| !related_api(graph, other, api))
            .collect();
        apis.iter().flat_map(|other| schemas_of(graph, other)).collect()
    });
    schemas.contains(&key)
}

/// Whether a read is known to be of another API's data: of a response of operations or rpcs,
/// or a payload of messages, none of which `api` defines (nor an API it is part of or that is
/// part of it), or of a call to nothing the org provides. Org P of the eighth planted-mismatch
/// evaluation: storefront-bff's `status` of the orders API's answers is not inventory's
/// `Reservation.status`.
fn tied_elsewhere(graph: &Graph, read: &factory_brain::resolve::ComponentRead, api: &str) -> bool {
    use factory_brain::resolve::ReadTie;
    let ours = |node_ref: &String| graph.incoming(node_ref).any(|edge| edge.kind == "defines" && related_api(graph, &edge.from_ref, api));
    match &read.tie {
        Some(ReadTie::Response(targets) | ReadTie::Message(targets)) => !targets.is_empty() && !targets.iter().any(ours),
        Some(ReadTie::Elsewhere) => true,
        _ => false,
    }
}

/// Whether `other` is `api` or part of it, or `api` part of it (a proto package's API and its
/// services' APIs).
fn related_api(graph: &Graph, other: &str, api: &str) -> bool {
    other == api || graph.outgoing(other).any(|edge| edge.kind == "part_of" && edge.to_ref == api) || graph.outgoing(api).any(|edge| edge.kind == "part_of" && edge.to_ref == other)
}

/// Who may read the changed `fields` of `api`: a message's fields are its subscribers', not
/// those of components calling the message's publisher over HTTP (the planted-mismatch
/// evaluation's payments-api: `PaymentCaptured.amountMinor` on Kafka is ledger-java's, not
/// checkout-web's, which reads the `amountMinor` of its HTTP answers). A field no message of
/// the current graph carries (a removed one) is the subscribers' of any of the API's messages
/// when it is an event API (messages, no operation or rpc); any other field, the API's
/// consumers'.
fn field_consumers(graph: &Graph, api: &str, fields: &[String], consumers: Vec<String>) -> Vec<String> {
    let users: Vec<&str> = fields.iter().flat_map(|field| graph.incoming(field).filter(|edge| edge.kind == "uses").map(|edge| edge.from_ref.as_str())).collect();
    let defined: Vec<&str> = graph.outgoing(api).filter(|edge| edge.kind == "defines").map(|edge| edge.to_ref.as_str()).collect();
    fn kind(node_ref: &str) -> &str {
        node_ref.split_once(':').map_or("", |(kind, _)| kind)
    }
    // A proto package's API defines its messages while its services' APIs, part of it, define
    // the rpcs (org L of the seventh planted-mismatch evaluation: `acme.shipment.v1` and
    // `acme.shipment.v1.shipmentservice`): no event API.
    let calls = |api: &str| graph.outgoing(api).any(|edge| edge.kind == "defines" && matches!(kind(&edge.to_ref), "operation" | "rpc"));
    let has_service = graph.incoming(api).any(|edge| edge.kind == "part_of" && edge.from_ref.starts_with("api:") && calls(&edge.from_ref));
    // Unless some of its messages are subscribed to: those are events too.
    let subscribed = || defined.iter().any(|node_ref| kind(node_ref) == "message" && graph.incoming(node_ref).any(|edge| edge.kind == "subscribes"));
    if has_service && !subscribed() {
        return consumers;
    }
    let messages: Vec<&str> = if users.is_empty() {
        let event_api = defined.iter().any(|node_ref| kind(node_ref) == "message") && !defined.iter().any(|node_ref| matches!(kind(node_ref), "operation" | "rpc"));
        if !event_api {
            return consumers;
        }
        defined.into_iter().filter(|node_ref| kind(node_ref) == "message").collect()
    } else if users.iter().all(|user| kind(user) == "message") {
        users
    } else {
        return consumers;
    };
    consumers.into_iter().filter(|consumer| graph.outgoing(consumer).any(|edge| edge.kind == "subscribes" && messages.contains(&edge.to_ref.as_str()))).collect()
}

/// A schema's name as code names its type: naming key, without the suffixes types add
/// (`IdlingDetectedMessage`, `IdlingDetectedPayload`, `idling_detected` are one).
fn schema_key(name: &str) -> String {
    let key = factory_brain::model::naming_key(name.rsplit('.').next().unwrap_or(name));
    for suffix in ["payload", "message", "event", "dto", "response", "request", "model"] {
        if let Some(stem) = key.strip_suffix(suffix)
            && !stem.is_empty()
        {
            return stem.to_string();
        }
    }
    key
}

/// The schemas (by [`schema_key`]) whose fields the current graph holds for `api`.
fn schemas_of(graph: &Graph, api: &str) -> std::collections::BTreeSet<String> {
    let prefix = format!("field:{}/", &api["api:".len()..]);
    graph.nodes.keys().filter_map(|node_ref| node_ref.strip_prefix(&prefix)).filter_map(|field| field.rsplit_once('.').map(|(schema, _)| schema_key(schema))).collect()
}

/// Who still calls the removed `target` (`operation:orders-http/GET /orders/{id}`,
/// `rpc:meteo.forecastservice/ListStations`, `message:fleet-events/fleet.harsh-braking`), with
/// where: components the graph links to it or to its channel, and calls that no longer match
/// anything and name it (a call of an operation by its method and path, any path parameter
/// matching any; an rpc by its name in any case, to the service that defined it).
fn callers_of(graph: &Graph, unmatched_calls: &[factory_brain::resolve::UnmatchedCall], consumers: &[String], target: &str) -> Vec<(String, Option<String>)> {
    let (kind, name) = target.split_once(':').unwrap_or(("", target));
    let channel = (kind == "message").then(|| format!("channel:{}", name.split_once('/').map_or(name, |(_, address)| address)));
    let mut callers: Vec<(String, Option<String>)> = graph
        .edges
        .iter()
        .filter(|edge| edge.from_ref.starts_with("component:"))
        .filter(|edge| matches!(edge.kind.as_str(), "consumes" | "calls" | "subscribes"))
        .filter(|edge| edge.to_ref == target || channel.as_deref() == Some(edge.to_ref.as_str()))
        .map(|edge| (edge.from_ref.clone(), None))
        .collect();
    // Path segments, a parameter as `{}`.
    let segments = |path: &str| -> Vec<String> {
        path.split('/').filter(|segment| !segment.is_empty()).map(|segment| if segment.starts_with('{') { "{}".to_string() } else { segment.to_lowercase() }).collect()
    };
    // A call's path reaches an operation's when it ends with it, below a base path that ends
    // in no value (`/api/v1/orders/{}` reaches `/orders/{id}`; `/patrons/{}/loans` is not `/loans`).
    let reaches = |called: &str, declared: &str| {
        let (called, declared) = (segments(called), segments(declared));
        called.len() >= declared.len() && called.ends_with(&declared) && called[..called.len() - declared.len()].last().is_none_or(|last| last != "{}")
    };
    for call in unmatched_calls {
        let matches = match kind {
            "operation" => {
                let (method, path) = name.split_once('/').map_or(("", ""), |(_, operation)| operation.split_once(' ').unwrap_or(("", operation)));
                let (call_method, call_path) = call.call.split_once(' ').unwrap_or(("ANY", call.call.as_str()));
                consumers.contains(&call.consumer)
                    && call.contract.is_none()
                    && (call_method.eq_ignore_ascii_case(method) || call_method == "ANY")
                    && reaches(call_path, path)
            }
            "rpc" => {
                let (service, rpc) = name.rsplit_once('/').unwrap_or(("", name));
                call.contract.as_deref().is_some_and(|contract| contract.eq_ignore_ascii_case(&format!("api:{service}")))
                    && factory_brain::model::naming_key(call.call.rsplit(['/', '.']).next().unwrap_or(&call.call)) == factory_brain::model::naming_key(rpc)
            }
            _ => false,
        };
        if matches {
            callers.push((call.consumer.clone(), Some(call.source.clone())));
        }
    }
    callers
}
