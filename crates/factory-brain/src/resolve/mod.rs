//! Org-wide resolution: every file's facts in, the graph out. Placeholders become refs
//! (see [`crate::model`]), components get their names and folders (modules of a monorepo
//! included), contracts get their API names (a served proto over vendored copies of it),
//! CODEOWNERS rules and `component_owners.yml` folders are applied to components, config files
//! are joined (`.env` and `env_file` settings, NetworkPolicy selectors), subscribers meet
//! publishers on their channels, and service-to-service `depends_on` edges are derived from env
//! vars, hostnames, gRPC clients, HTTP paths and the catalog.
//! Anything that does not resolve to a known thing is dropped.

pub(crate) mod answers;
pub(crate) mod calls;
pub(crate) mod channels;
mod compose_paths;
pub mod components;
pub mod config;
mod config_client;
mod config_server;
mod constants;
mod contracts;
mod discovery;
pub(crate) mod edges;
pub(crate) mod env_use;
mod folders;
mod gateways;
mod images;
mod libraries;
mod links;
mod modules;
mod names;
pub(crate) mod reads;
mod releases;
mod startup;
mod stub_imports;
mod subcharts;
mod telemetry;
mod unserved;

use std::collections::BTreeMap;

use serde::Serialize;
use serde_json::{Map, Value, json};

use crate::model::{FieldRead, FileFacts, Method, fill_placeholder};
pub use components::{Component, Components};
pub use calls::ROUTES_API_TYPE;

/// One file's facts as the last scan stored them.
#[derive(Debug, Clone, PartialEq)]
pub struct ScannedFacts {
    pub repo: String,
    pub path: String,
    pub commit_sha: String,
    pub facts: FileFacts,
}

impl ScannedFacts {
    /// `repo@sha:path#pointer`.
    pub fn source(&self, pointer: &str) -> String {
        if pointer.is_empty() {
            format!("{}@{}:{}", self.repo, self.commit_sha, self.path)
        } else {
            format!("{}@{}:{}#{}", self.repo, self.commit_sha, self.path, pointer)
        }
    }

    /// `repo@sha:path#Lline`, [`Self::source`] of a line without an intermediate pointer.
    pub fn source_at_line(&self, line: usize) -> String {
        format!("{}@{}:{}#L{line}", self.repo, self.commit_sha, self.path)
    }

    /// Whether the file is source code (a repo of only config, `.env` files among it, is not a
    /// service by itself).
    pub fn has_code(&self) -> bool {
        let name = self.path.rsplit('/').next().unwrap_or(&self.path);
        // Most names are lower case already: no copy for those.
        let name = if name.bytes().any(|byte| byte.is_ascii_uppercase()) { std::borrow::Cow::Owned(name.to_ascii_lowercase()) } else { std::borrow::Cow::Borrowed(name) };
        let extension = name.rsplit_once('.').map(|(_, extension)| extension).unwrap_or("");
        crate::readers::code::is_source_file(extension) || name.starts_with("dockerfile")
    }
}

/// A node of the resolved graph.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResolvedNode {
    #[serde(rename = "ref")]
    pub node_ref: String,
    pub kind: String,
    pub name: String,
    pub props: Map<String, Value>,
    pub source: String,
    pub method: Method,
    pub confidence: f64,
}

/// An edge of the resolved graph.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ResolvedEdge {
    pub from: String,
    pub to: String,
    pub kind: String,
    pub props: Map<String, Value>,
    pub source: String,
    pub method: Method,
    pub confidence: f64,
}

/// A field name a component's code reads, for the contract check.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ComponentRead {
    pub component: String,
    pub repo: String,
    pub path: String,
    /// `repo@sha:path#Lline`.
    pub source: String,
    #[serde(flatten)]
    pub read: FieldRead,
    /// The response the read is of, when its holder is bound to a call's ([`FieldRead::binding`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tie: Option<ReadTie>,
    /// How the component's code names the fields of an rpc's reply, when it tells.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reply_names: Option<ReplyNames>,
}

/// How a gRPC client's code names the fields of the replies it reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReplyNames {
    /// As the proto declares them (`carrier_ref`): Python's generated messages, and the
    /// objects of @grpc/proto-loader loaded with `keepCase: true`.
    Proto,
    /// By their JSON names (`carrierRef`): the objects of @grpc/proto-loader, which
    /// camel-cases field names unless told to keep their case.
    Json,
}

/// What a call a read's holder is bound to answers with.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReadTie {
    /// The operations (or rpcs) the call matches: the read is of one of their responses.
    Response(Vec<String>),
    /// A call its provider has no operation for, as [`UnmatchedCall::call`] names it: what
    /// its response holds is unknown.
    Unanswered(String),
    /// A call to nothing the org provides.
    Elsewhere,
    /// The messages on the channel a received message came from (the component subscribes to
    /// them): the read is of one of their payloads.
    Message(Vec<String>),
}

/// The whole org's graph.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Resolved {
    pub nodes: Vec<ResolvedNode>,
    pub edges: Vec<ResolvedEdge>,
    pub reads: Vec<ComponentRead>,
    /// Calls (Pact interactions, and HTTP calls read from code) that match no operation.
    pub unmatched_calls: Vec<UnmatchedCall>,
}

/// A call no provider operation answers: declared (a pact interaction) or read from code.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct UnmatchedCall {
    pub consumer: String,
    pub call: String,
    pub provider: Option<String>,
    pub source: String,
    /// Declared by the consumer (a pact); a call read from code is only a finding where the
    /// check can tell which provider it was meant for.
    pub declared: bool,
    /// Read from code where the URL is passed straight to the call making the request, rather
    /// than held by a constant other code extends.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub direct: bool,
    /// The contract the call was meant for, when resolution knows it: a stub's rpc that the
    /// gRPC service it is a client of lacks.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract: Option<String>,
}

/// Resolves every file's facts into the org's graph. `repos` are the registered repo names.
pub fn resolve(files: &[ScannedFacts], repos: &[String]) -> Resolved {
    // A vendored subchart's workloads are a third party's; a repo's folder of charts is its own.
    let files = &*compose_paths::rebased(subcharts::without_vendored_subcharts(files));
    let mut config = config::Config::collect(files);
    let mut components = components::build(files, repos, &config.settings);
    components.library_users = libraries::users(files, &components);
    config.env_reads = edges::env_reads_by_component(files, &components);
    config.env_use = env_use::EnvUse::collect(files, &components, &config.env_reads, &config.settings);
    let superseded_protos = contracts::superseded_protos(files);
    let api_names = api_names(files, &components);
    let mut graph = GraphBuilder::default();

    // The files components were declared in, for their provenance.
    let evidence: std::collections::HashSet<(&str, &str)> =
        components.by_name.values().map(|component| (component.evidence.0.as_str(), component.evidence.1.as_str())).collect();
    let by_path: std::collections::HashMap<(&str, &str), &ScannedFacts> =
        files.iter().filter(|file| evidence.contains(&(file.repo.as_str(), file.path.as_str()))).map(|file| ((file.repo.as_str(), file.path.as_str()), file)).collect();
    for repo in repos {
        graph.node("repo", repo, json!({}), format!("{repo}@:"), Method::Parsed, 1.0);
    }
    for component in components.by_name.values() {
        let (kind, _) = component.node_ref.split_once(':').unwrap_or(("component", ""));
        let (repo, path, pointer) = &component.evidence;
        let source = match by_path.get(&(repo.as_str(), path.as_str())) {
            Some(file) => file.source(pointer),
            None => format!("{repo}@:"),
        };
        let origins: Vec<&str> = component
            .origins
            .iter()
            .map(|origin| match origin {
                crate::model::UnitOrigin::Catalog => "catalog",
                crate::model::UnitOrigin::Compose => "compose",
                crate::model::UnitOrigin::Aspire => "aspire",
                crate::model::UnitOrigin::Render => "render",
                crate::model::UnitOrigin::Kubernetes => "kubernetes",
                crate::model::UnitOrigin::Dockerfile => "dockerfile",
                crate::model::UnitOrigin::Build => "build",
            })
            .collect();
        let mut props = json!({"declared_by": origins});
        if let Some(repo) = &component.repo {
            props["repo"] = json!(repo);
            props["root"] = json!(component.root.clone().unwrap_or_default());
            if !component.extra_roots.is_empty() {
                props["roots"] = json!(std::iter::once(component.root.clone().unwrap_or_default()).chain(component.extra_roots.iter().cloned()).collect::<Vec<_>>());
            }
        }
        if !component.aliases.is_empty() {
            props["aliases"] = json!(component.aliases);
        }
        graph.node(kind, &component.name, props, source.clone(), Method::Parsed, 1.0);
        if let Some(repo) = &component.repo {
            graph.edge(&component.node_ref, &format!("repo:{}", repo.to_lowercase()), "part_of", json!({}), source, Method::Parsed, 1.0);
        }
    }

    let served_config = config_server::ServedConfig::collect(files, &components);
    let code_repos: std::collections::BTreeSet<&str> = components.roots.keys().map(String::as_str).collect();
    let channel_constants = constants::ChannelConstants::collect(files, &code_repos);
    let exported_stubs = stub_imports::ExportedStubs::collect(files, &components);
    // What components' code reads is gathered on another thread meanwhile: it needs nothing
    // the files' nodes and edges make.
    let reads = std::thread::scope(|scope| {
        let reads = scope.spawn(|| {
            let mut reads = component_reads(files, &components, &superseded_protos);
            reads::follow_returned(&mut reads, files, &components);
            exported_stubs.fill_reads(&mut reads);
            reads::bind_decoded_types(&mut reads, files, &components);
            reads::name_reply_fields(&mut reads, files, &components);
            reads
        });
        for file in files {
            // Most files state no nodes or edges (only what their code reads).
            if superseded_protos.contains(&(file.repo.as_str(), file.path.as_str())) || (file.facts.nodes.is_empty() && file.facts.edges.is_empty()) {
                continue;
            }
            resolve_file_facts(&mut graph, file, &api_names, (&config, &channel_constants, &exported_stubs), &served_config, &components);
        }
        reads.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))
    });
    graph.reads = reads;
    edges::apply_codeowners(&mut graph, files, &components);
    config::apply_component_owners(&mut graph, files, &components);
    edges::apply_config_maps(&mut graph, files, &components, &config.env_use);
    // The config server addresses of Spring Cloud Config clients turned off name no one.
    config_client::drop_disabled_clients(&mut graph, files, &components);
    discovery::route_through_locators(&mut graph, files, &components);
    channels::settle_asyncapi2_directions(&mut graph);
    channels::join_subscribers(&mut graph);
    edges::derive_dependencies(&mut graph, files, &components);
    links::follow_passed_links(&mut graph, files, &components);
    telemetry::report_edges(&mut graph, files, &components, &config.settings);
    answers::named_handlers(&mut graph, files, &components);
    answers::type_route_answers(&mut graph);
    answers::sent_types(&mut graph);
    unserved::provide_unserved_by_name(&mut graph, &components);
    gateways::route_krakend_env_hosts(&mut graph);
    gateways::route_through_gateways(&mut graph);
    startup::drop_start_order_only(&mut graph);
    graph.finish()
}

/// The field names each component's code (not its tests) reads, file by file.
fn component_reads(files: &[ScannedFacts], components: &Components, superseded_protos: &std::collections::BTreeSet<(&str, &str)>) -> Vec<ComponentRead> {
    let mut reads = Vec::with_capacity(files.iter().map(|file| file.facts.field_reads.len()).sum());
    for file in files {
        if file.facts.field_reads.is_empty() || superseded_protos.contains(&(file.repo.as_str(), file.path.as_str())) || crate::readers::code::is_test_path(&file.path) {
            continue;
        }
        let Some(component) = components.owning(&file.repo, &file.path) else {
            continue;
        };
        for read in &file.facts.field_reads {
            reads.push(ComponentRead {
                component: component.node_ref.clone(),
                repo: file.repo.clone(),
                path: file.path.clone(),
                source: file.source_at_line(read.line),
                read: read.clone(),
                tie: None,
                reply_names: None,
            });
        }
    }
    // A name the component's own types give a field the wire names otherwise (`code` of
    // `@JsonProperty("failureCode") String code`) is the code's accessor (`evt.code()`), not a
    // field read on the wire.
    let renamed: std::collections::BTreeSet<(String, &str)> = files
        .iter()
        .filter(|file| !file.facts.renamed_fields.is_empty())
        .filter_map(|file| Some((components.owning(&file.repo, &file.path)?.node_ref.clone(), file)))
        .flat_map(|(component, file)| file.facts.renamed_fields.iter().map(move |(code, _)| (component.clone(), code.as_str())))
        .collect();
    if !renamed.is_empty() {
        reads.retain(|read| read.read.declared_in.is_some() || !renamed.contains(&(read.component.clone(), read.read.field.as_str())));
    }
    reads
}

/// One file's nodes and edges, with its placeholders filled and what other files say joined in.
fn resolve_file_facts(
    graph: &mut GraphBuilder,
    file: &ScannedFacts,
    api_names: &BTreeMap<String, BTreeMap<String, String>>,
    (config, channel_constants, exported_stubs): (&config::Config, &constants::ChannelConstants, &stub_imports::ExportedStubs),
    served_config: &config_server::ServedConfig,
    components: &Components,
) {
    let api_name = api_names.get(&file.repo).and_then(|paths| paths.get(&file.path));
    let facts = localize(&file.facts, &file.repo, api_name.map(String::as_str));
    let mut facts = channel_constants.fill(&file.repo, &file.path, config.join(file, facts, components));
    exported_stubs.fill_edges(file, &mut facts, components);
    match served_config.owners.get(&(file.repo.clone(), file.path.clone())) {
        // A config server's file for other services: theirs, not the server's; what it says
        // under a library's keys only for those built with the library.
        Some(owners) => {
            for owner in owners {
                let unused = |edge: &crate::model::EdgeFact| {
                    edge.props.get(crate::readers::LIBRARY_PROP).and_then(Value::as_str).is_some_and(|library| served_config.lacks(owner, library))
                };
                if facts.edges.iter().any(unused) {
                    let mut used = facts.clone();
                    used.edges.retain(|edge| !unused(edge));
                    edges::resolve_file_edges(graph, file, &used, components, Some(owner.clone()));
                } else {
                    edges::resolve_file_edges(graph, file, &facts, components, Some(owner.clone()));
                }
            }
        }
        // A service's own config: what it says under a library's keys (Eureka's client settings
        // copied into every service's `appsettings.json`) only if its build has the library.
        None => {
            let owner = components.owning_or_declaring(&file.repo, &file.path).map(|component| component.node_ref.clone());
            if owner.is_none() {
                libraries::resolve_for_users(graph, file, &facts, components);
            }
            let unused = |edge: &crate::model::EdgeFact| {
                owner.as_ref().is_some_and(|owner| edge.props.get(crate::readers::LIBRARY_PROP).and_then(Value::as_str).is_some_and(|library| served_config.lacks(owner, library)))
            };
            if facts.edges.iter().any(unused) {
                facts.edges.retain(|edge| !unused(edge));
            }
            edges::resolve_file_edges(graph, file, &facts, components, owner);
        }
    }
    contracts::provide_contract_services(graph, file, &facts, components);
    // Last, as nothing above reads the graph's nodes: the facts' own props move into it.
    for node in std::mem::take(&mut facts.nodes) {
        graph.node(&node.kind, &node.name, Value::Object(node.props), file.source(&node.pointer), node.method, node.confidence);
    }
}

/// The API name each contract file's `{api}` placeholder takes (repo -> path -> name): the catalog API whose
/// definition points at the file, else the document's own title.
/// A contract named by its title: (repo, path, the operations it defines).
type TitledContract<'a> = (&'a str, &'a str, std::collections::BTreeSet<&'a str>);

fn api_names(files: &[ScannedFacts], components: &Components) -> BTreeMap<String, BTreeMap<String, String>> {
    let mut names: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    for file in files {
        for edge in file.facts.edges.iter().filter(|edge| edge.kind == "defined_in") {
            if let (Some(api), Some(path)) = (edge.from.strip_prefix("api:"), edge.to.strip_prefix("file:")) {
                names.entry(file.repo.clone()).or_default().insert(path.to_string(), api.to_string());
            }
        }
    }
    // Contracts named by their titles, by that name: (repo, path, operations).
    let mut titled: BTreeMap<String, Vec<TitledContract<'_>>> = BTreeMap::new();
    for file in files {
        if names.get(&file.repo).is_some_and(|paths| paths.contains_key(&file.path)) {
            continue;
        }
        let placeholder = file.facts.nodes.iter().find(|node| node.kind == "api" && node.name == crate::API_PLACEHOLDER);
        if let Some(node) = placeholder {
            let default = node.props.get("default_name").and_then(Value::as_str).filter(|name| !name.is_empty()).map(str::to_string);
            let stem = file.path.rsplit('/').next().unwrap_or(&file.path).split('.').next().unwrap_or("api").to_string();
            if let Some(default) = &default {
                let operations = file
                    .facts
                    .nodes
                    .iter()
                    .filter(|node| node.kind == "operation")
                    .map(|node| node.name.split_once('/').map_or(node.name.as_str(), |(_, operation)| operation))
                    .collect();
                titled.entry(default.clone()).or_default().push((file.repo.as_str(), file.path.as_str(), operations));
            }
            names.entry(file.repo.clone()).or_default().insert(file.path.clone(), default.unwrap_or_else(|| format!("{}-{stem}", file.repo)));
        }
    }
    // A title is no identity: contracts of one title that share no operation (a title copied
    // from service to service, "MRA Content Service API" for the album manager's too) are
    // different APIs, each named by its owner. Copies of one contract (vendored, versioned)
    // share operations and stay one.
    for (title, contracts) in titled.into_iter().filter(|(_, contracts)| contracts.len() > 1) {
        let mut cluster: Vec<usize> = (0..contracts.len()).collect();
        for first in 0..contracts.len() {
            for second in first + 1..contracts.len() {
                let (a, b) = (&contracts[first].2, &contracts[second].2);
                if a.is_empty() || b.is_empty() || !a.is_disjoint(b) {
                    let (from, to) = (cluster[second], cluster[first]);
                    for member in cluster.iter_mut().filter(|member| **member == from) {
                        *member = to;
                    }
                }
            }
        }
        if cluster.iter().all(|member| *member == cluster[0]) {
            continue;
        }
        for (index, (repo, path, _)) in contracts.iter().enumerate() {
            let (first_repo, first_path, _) = contracts[cluster[index]];
            let owner = components.owning(first_repo, first_path).map_or(first_repo, |component| component.name.as_str());
            names.entry(repo.to_string()).or_default().insert(path.to_string(), format!("{owner}-{title}"));
        }
    }
    names
}

/// Fills the `{repo}` and `{api}` placeholders of one file's facts.
fn localize(facts: &FileFacts, repo: &str, api_name: Option<&str>) -> FileFacts {
    // Units and field reads hold no placeholders and are read from the file itself.
    let mut facts = FileFacts { nodes: facts.nodes.clone(), edges: facts.edges.clone(), ..FileFacts::default() };
    if let Some(api_name) = api_name {
        crate::readers::catalog::rename_api(&mut facts, api_name);
    }
    let repo_lower = repo.to_lowercase();
    for node in &mut facts.nodes {
        fill_placeholder(&mut node.node_ref, "{repo}", &repo_lower);
        fill_placeholder(&mut node.name, "{repo}", repo);
    }
    for edge in &mut facts.edges {
        fill_placeholder(&mut edge.from, "{repo}", &repo_lower);
        fill_placeholder(&mut edge.to, "{repo}", &repo_lower);
    }
    facts
}

/// Collects nodes (merged by ref: the most authoritative source wins, props are unioned)
/// and edges (one per from, to, kind and source).
#[derive(Debug, Default)]
pub(crate) struct GraphBuilder {
    nodes: BTreeMap<String, ResolvedNode>,
    edges: BTreeMap<(String, String, String, String), ResolvedEdge>,
    pub(crate) reads: Vec<ComponentRead>,
    pub(crate) pending: Vec<edges::Pending>,
    pub(crate) unmatched_calls: Vec<UnmatchedCall>,
}

impl GraphBuilder {
    pub(crate) fn node(&mut self, kind: &str, name: &str, props: Value, source: String, method: Method, confidence: f64) {
        let node_ref = crate::model::make_ref(kind, name);
        let props = match props {
            Value::Object(map) => map,
            _ => Map::new(),
        };
        match self.nodes.get_mut(&node_ref) {
            Some(existing) => {
                // The commit a source names is no part of the order: a file's new commit that
                // says the same must not change which source wins.
                let replaces = (method, crate::source_parts(&source)) < (existing.method, crate::source_parts(&existing.source));
                if replaces {
                    let mut merged = props;
                    for (key, value) in std::mem::take(&mut existing.props) {
                        merged.entry(key).or_insert(value);
                    }
                    *existing = ResolvedNode { node_ref, kind: kind.to_string(), name: name.to_string(), props: merged, source, method, confidence };
                } else {
                    for (key, value) in props {
                        existing.props.entry(key).or_insert(value);
                    }
                }
            }
            None => {
                self.nodes.insert(node_ref.clone(), ResolvedNode { node_ref, kind: kind.to_string(), name: name.to_string(), props, source, method, confidence });
            }
        }
    }

    #[expect(clippy::too_many_arguments, reason = "an edge is these seven facts")]
    pub(crate) fn edge(&mut self, from: &str, to: &str, kind: &str, props: Value, source: String, method: Method, confidence: f64) {
        if from == to {
            return;
        }
        let props = match props {
            Value::Object(map) => map,
            _ => Map::new(),
        };
        let key = (from.to_string(), to.to_string(), kind.to_string(), crate::source_key(&source));
        self.edges.entry(key).or_insert(ResolvedEdge { from: from.to_string(), to: to.to_string(), kind: kind.to_string(), props, source, method, confidence });
    }

    pub(crate) fn remove_edge(&mut self, edge: &ResolvedEdge) {
        self.edges.remove(&(edge.from.clone(), edge.to.clone(), edge.kind.clone(), crate::source_key(&edge.source)));
    }

    pub(crate) fn has_node(&self, node_ref: &str) -> bool {
        self.nodes.contains_key(node_ref)
    }

    pub(crate) fn nodes(&self) -> impl Iterator<Item = &ResolvedNode> {
        self.nodes.values()
    }

    pub(crate) fn edges(&self) -> impl Iterator<Item = &ResolvedEdge> {
        self.edges.values()
    }

    fn finish(self) -> Resolved {
        let nodes: Vec<ResolvedNode> = self.nodes.into_values().collect();
        let known: std::collections::BTreeSet<&str> = nodes.iter().map(|node| node.node_ref.as_str()).collect();
        let mut edges: Vec<ResolvedEdge> = self.edges.into_values().collect();
        // Declared relations may name things nothing declares (`resource:orders-db` from a
        // catalog entry in another repo that is not registered): keep them, they were declared.
        edges.retain(|edge| edge.method == Method::Declared || (known.contains(edge.from.as_str()) && known.contains(edge.to.as_str())));
        // Declared edges to things nothing else describes still need their endpoints as nodes.
        let mut stubs: BTreeMap<String, ResolvedNode> = BTreeMap::new();
        for edge in &edges {
            for endpoint in [&edge.from, &edge.to] {
                if !known.contains(endpoint.as_str()) && !stubs.contains_key(endpoint) {
                    let (kind, name) = crate::model::split_ref(endpoint);
                    stubs.insert(
                        endpoint.clone(),
                        ResolvedNode {
                            node_ref: endpoint.clone(),
                            kind: kind.to_string(),
                            name: name.to_string(),
                            props: Map::new(),
                            source: edge.source.clone(),
                            method: edge.method,
                            confidence: edge.confidence,
                        },
                    );
                }
            }
        }
        let mut nodes = nodes;
        nodes.extend(stubs.into_values());
        nodes.sort_by(|a, b| a.node_ref.cmp(&b.node_ref));
        Resolved { nodes, edges, reads: self.reads, unmatched_calls: self.unmatched_calls }
    }
}
