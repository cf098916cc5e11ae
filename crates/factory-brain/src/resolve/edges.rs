//! Edges: placeholders to refs, CODEOWNERS to owners, and the derived service-to-service
//! dependencies (over gRPC services, HTTP operations of contracts and of routes read from
//! code, and message channels one component publishes to and another subscribes to).

use std::collections::{BTreeMap, BTreeSet, HashMap};

use serde_json::{Value, json};

use crate::model::{FileFacts, Method, make_ref, naming_key, type_key};
use crate::readers::codeowners::OwnersPattern;
use crate::readers::{discovery, kubernetes, kustomize};
use crate::resolve::calls::{self, CallMatcher, PathValues, ROUTES_API_TYPE};
use crate::resolve::env_use::EnvUse;
use crate::resolve::{Components, GraphBuilder, ScannedFacts};

/// An edge whose target only the whole graph can resolve (gRPC service, HTTP path, a name).
#[derive(Debug, Clone)]
pub(crate) struct Pending {
    from: String,
    placeholder: String,
    kind: String,
    props: Value,
    source: String,
    method: Method,
    confidence: f64,
}

/// One file's edges, `self` being `owner` (the component whose code or config the file is).
pub(crate) fn resolve_file_edges(graph: &mut GraphBuilder, file: &ScannedFacts, facts: &FileFacts, components: &Components, owner: Option<String>) {
    let resolve = |endpoint: &str| -> Option<String> {
        if endpoint == "self" {
            return owner.clone();
        }
        if let Some(host) = endpoint.strip_prefix("host:") {
            return components.by_host(host).map(|component| component.node_ref.clone());
        }
        if let Some(prefix) = endpoint.strip_prefix("env:") {
            return components.by_env_prefix(prefix).map(|component| component.node_ref.clone());
        }
        Some(endpoint.to_string())
    };
    for edge in &facts.edges {
        if matches!(
            edge.kind.as_str(),
            "selects"
                | "defined_in"
                | "uses_config"
                | crate::readers::spring::SERVES_CONFIG
                | crate::resolve::reads::DECODES
                | crate::readers::code::RETURNS
                | crate::readers::code::whole_text::HANDLER_TYPES
                | crate::readers::code::imported_stubs::EXPORTS_STUB
                | discovery::REGISTERS
                | discovery::LOCATES
                | discovery::CONFIG_CLIENT
                | kustomize::GENERATED_FROM
                | crate::readers::workspaces::WORKSPACE_PROJECT
                | crate::readers::code::USES_CLASS
                | crate::readers::code::links::FOLLOWS_LINKS
                | crate::readers::code::literals::URL_PROPERTY
                | crate::readers::code::STARTS_SERVER
                | crate::readers::code::proto_loader::LOADS_PROTOS
                | crate::readers::code::masstransit::RECEIVES
                | crate::readers::spring::LISTENS_ON
                | crate::readers::spring_env::MAPS_ENV
                | crate::readers::spring_env::REFERS_PROPERTY
        )
            || edge.from.starts_with("owners-rule:")
            || edge.from.starts_with("configmap:")
        {
            continue;
        }
        let source = file.source(&edge.pointer);
        let Some(from) = resolve(&edge.from) else {
            continue;
        };
        if from.starts_with("test:") && edge.kind == "depends_on" {
            continue;
        }
        let deferred = ["grpc:", "http:", "name:", "route:"].iter().any(|prefix| edge.to.starts_with(prefix));
        if deferred {
            graph.pending.push(Pending {
                from,
                placeholder: edge.to.clone(),
                kind: edge.kind.clone(),
                props: Value::Object(edge.props.clone()),
                source,
                method: edge.method,
                confidence: edge.confidence,
            });
            continue;
        }
        let Some(to) = resolve(&edge.to) else {
            continue;
        };
        let mut props = Value::Object(edge.props.clone());
        if edge.kind == "depends_on" && edge.method == Method::Inferred {
            props["path"] = json!(file.path);
        }
        graph.edge(&from, &to, &edge.kind, props, source, edge.method, edge.confidence);
    }
    // A contract in a component's folder is provided by it unless the catalog says otherwise.
    if let Some(owner) = &owner {
        for node in facts.nodes.iter().filter(|node| node.kind == "api") {
            let contract = node.props.get("type").and_then(Value::as_str).is_some_and(|kind| kind == "openapi" || kind == "asyncapi");
            if contract {
                graph.pending.push(Pending {
                    from: owner.clone(),
                    placeholder: format!("contract:{}", node.node_ref),
                    kind: "provides".into(),
                    props: json!({"why": "the contract is in the component's folder"}),
                    source: file.source(&node.pointer),
                    method: Method::Inferred,
                    confidence: 0.8,
                });
            }
        }
    }
}

/// Kubernetes ConfigMaps: a workload taking its env from a ConfigMap depends on the services
/// the ConfigMap's values name. A workload taking one key (`configMapKeyRef`, a mounted
/// volume's `items`) takes only what that key names. A ConfigMap shared by many workloads
/// (every service's address in one place) says only what each may read: where the workload's
/// code reads some of its keys, only those count; a key a Spring service maps to a property
/// nothing takes counts for none ([`EnvUse`]).
pub(crate) fn apply_config_maps(graph: &mut GraphBuilder, files: &[ScannedFacts], components: &Components, env_use: &EnvUse) {
    // ConfigMap -> (host placeholder, edge props, source, the key holding it)
    type HostMention<'a> = (&'a str, &'a serde_json::Map<String, Value>, String, Option<&'a str>);
    // By repo and name: two repos' `app-config` are two ConfigMaps.
    let mut hosts_by_config_map: BTreeMap<(&str, &str), Vec<HostMention<'_>>> = BTreeMap::new();
    for file in files {
        for edge in file.facts.edges.iter().filter(|edge| edge.from.starts_with("configmap:") && edge.kind == "depends_on") {
            let mention = (edge.to.as_str(), &edge.props, file.source(&edge.pointer), data_key(&edge.pointer));
            hosts_by_config_map.entry((file.repo.as_str(), edge.from.as_str())).or_default().push(mention);
        }
    }
    // A ConfigMap Kustomize generates from files names what those files name.
    let mut generated: BTreeMap<(&str, &str), Vec<&str>> = BTreeMap::new();
    for file in files {
        for edge in file.facts.edges.iter().filter(|edge| edge.kind == kustomize::GENERATED_FROM) {
            if let Some(path) = edge.to.strip_prefix("file:") {
                generated.entry((file.repo.as_str(), path)).or_default().push(edge.from.as_str());
            }
        }
    }
    for file in files.iter().filter(|file| !generated.is_empty() && generated.contains_key(&(file.repo.as_str(), file.path.as_str()))) {
        // Kept under its file's name.
        let key = file.path.rsplit('/').next();
        for config_map in &generated[&(file.repo.as_str(), file.path.as_str())] {
            for edge in file.facts.edges.iter().filter(|edge| edge.from == "self" && edge.kind == "depends_on" && edge.to.starts_with("host:")) {
                hosts_by_config_map.entry((file.repo.as_str(), config_map)).or_default().push((edge.to.as_str(), &edge.props, file.source(&edge.pointer), key));
            }
        }
    }
    if hosts_by_config_map.is_empty() {
        return;
    }
    for file in files {
        for edge in file.facts.edges.iter().filter(|edge| edge.kind == "uses_config") {
            let Some(workload) = edge.from.strip_prefix("host:").and_then(|host| components.by_host(host)) else {
                continue;
            };
            let mentions = hosts_by_config_map.get(&(file.repo.as_str(), edge.to.as_str())).map(Vec::as_slice).unwrap_or_default();
            // The one key the workload takes: the manifest chose it, the code's reads need not.
            let taken = edge.props.get(kubernetes::CONFIG_KEY).and_then(Value::as_str);
            let key_of = |props: &serde_json::Map<String, Value>| props.get("env").and_then(Value::as_str).map(str::to_string);
            let read = env_use.reads(workload.node_ref.as_str()).filter(|_| taken.is_none());
            // The env var the one key is the value of (`.../env/ORDER_SERVICE_URL`).
            let taken_as = taken.and_then(|_| edge.pointer.rsplit_once("/env/")).map(|(_, name)| name);
            let reads_some = read.is_some_and(|read| mentions.iter().any(|(_, props, _, _)| key_of(props).is_some_and(|key| read.contains(&key))));
            for (target, props, source, data_key) in mentions {
                if taken.is_some_and(|taken| *data_key != Some(taken)) {
                    continue;
                }
                if reads_some && !key_of(props).is_some_and(|key| read.is_some_and(|read| read.contains(&key))) {
                    continue;
                }
                // A Spring property mapping the env var, which nothing takes.
                if taken_as.or(key_of(props).as_deref()).is_some_and(|env| env_use.unused(&workload.node_ref, env)) {
                    continue;
                }
                let Some(target) = target.strip_prefix("host:").and_then(|host| components.by_host(host)) else {
                    continue;
                };
                graph.edge(&workload.node_ref, &target.node_ref, "depends_on", Value::Object((*props).clone()), source.clone(), Method::Parsed, 1.0);
            }
        }
    }
}

/// The ConfigMap key a ConfigMap's edge was read from: its pointer is `/<document>/data/<key>`,
/// then where in the key's file for a key holding one (`/0/data/default.json/APIs/orders`). A
/// key holds no `/` (Kubernetes allows letters, digits, `-`, `_` and `.`).
fn data_key(pointer: &str) -> Option<&str> {
    let (_, rest) = pointer.split_once("/data/")?;
    rest.split('/').next().filter(|key| !key.is_empty())
}

/// Per component, the env var names its code reads (`os.environ["ORDERS_ADDR"]`,
/// `${ORDERS_ADDR}` in a Spring property).
pub(crate) fn env_reads_by_component(files: &[ScannedFacts], components: &Components) -> BTreeMap<String, BTreeSet<String>> {
    let mut reads: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let names = file.facts.edges.iter().filter(|edge| edge.to.starts_with("env:")).filter_map(|edge| edge.props.get("env").and_then(Value::as_str));
        let mut names = names.peekable();
        if names.peek().is_none() {
            continue;
        }
        if let Some(component) = components.owning(&file.repo, &file.path) {
            reads.entry(component.node_ref.clone()).or_default().extend(names.map(str::to_string));
        }
    }
    reads
}

/// CODEOWNERS: the last rule matching a component's folder gives its owners.
pub(crate) fn apply_codeowners(graph: &mut GraphBuilder, files: &[ScannedFacts], components: &Components) {
    let mut by_repo: BTreeMap<&str, Vec<&ScannedFacts>> = BTreeMap::new();
    for file in files.iter().filter(|file| file.path.rsplit('/').next().is_some_and(|name| name.eq_ignore_ascii_case("codeowners"))) {
        by_repo.entry(file.repo.as_str()).or_default().push(file);
    }
    for (repo, mut candidates) in by_repo {
        // GitHub reads .github/CODEOWNERS, then the root one, then docs/.
        candidates.sort_by_key(|file| match file.path.as_str() {
            ".github/CODEOWNERS" => 0,
            "CODEOWNERS" => 1,
            _ => 2,
        });
        let Some(file) = candidates.first() else {
            continue;
        };
        let mut rules: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new(); // rule -> (owner, pointer)
        for edge in file.facts.edges.iter().filter(|edge| edge.from.starts_with("owners-rule:")) {
            rules.entry(edge.from.clone()).or_default().push((edge.to.clone(), edge.pointer.clone()));
        }
        // In file order; the last matching rule wins.
        let compiled: Vec<CompiledRule> = rules
            .iter()
            .map(|(rule, owners)| {
                let pattern = rule.splitn(3, ':').nth(2).unwrap_or("");
                (pattern, OwnersPattern::new(pattern), owners)
            })
            .collect();
        let mut subjects: Vec<(String, String)> = components
            .by_name
            .values()
            .filter(|component| component.repo.as_deref() == Some(repo))
            .map(|component| {
                let root = component.root.clone().unwrap_or_default();
                let probe = if root.is_empty() { "__any_file__".to_string() } else { format!("{root}/__any_file__") };
                (component.node_ref.clone(), probe)
            })
            .collect();
        subjects.push((format!("repo:{}", repo.to_lowercase()), "__any_file__".to_string()));
        for (subject, probe) in subjects {
            let winner = compiled.iter().rev().find(|(_, matcher, _)| matcher.matches(&probe));
            if let Some((pattern, _, owners)) = winner {
                for (owner, pointer) in owners.iter() {
                    graph.edge(&subject, owner, "owned_by", json!({"codeowners": pattern}), file.source(pointer), Method::Declared, 1.0);
                }
            }
        }
    }
}

/// Resolves deferred edges and derives component-to-component `depends_on` edges.
pub(crate) fn derive_dependencies(graph: &mut GraphBuilder, _files: &[ScannedFacts], components: &Components) {
    let pending = std::mem::take(&mut graph.pending);

    // gRPC services by their short name.
    let grpc_apis = calls::grpc_apis(graph);

    // Providers first: server registrations and contracts in folders.
    let declared_providers: BTreeSet<String> = graph.edges().filter(|edge| edge.kind == "provides").map(|edge| edge.to.clone()).collect();
    // Prefixes after routes, so that they mark the routes API a component's routes made.
    let is_prefix = |item: &&Pending| item.placeholder.starts_with(&format!("route:{} ", crate::readers::code::whole_text::PREFIX));
    let provides = pending.iter().filter(|item| item.kind == "provides");
    // Routers another file mounts under a prefix (Express's `app.use("/v1/garages", garages)`):
    // (repo, module path without extension) -> the prefixes.
    let mut mounts: BTreeMap<(&str, &str), Vec<&str>> = BTreeMap::new();
    for item in provides.clone().filter(is_prefix) {
        if let (Some(module), Some((repo, _))) = (item.props.get("module").and_then(Value::as_str), crate::source_file(&item.source)) {
            let prefix = item.placeholder.rsplit_once(' ').map_or("", |(_, prefix)| prefix);
            mounts.entry((repo, module)).or_default().push(prefix);
        }
    }
    let mut mounted_modules: BTreeSet<(&str, &str)> = BTreeSet::new();
    for item in provides.clone().filter(|item| !is_prefix(item)).chain(provides.filter(is_prefix)) {
        if is_prefix(&item) {
            // A prefix whose router's routes were joined to it marks nothing.
            let module = item.props.get("module").and_then(Value::as_str);
            if let (Some(module), Some((repo, _))) = (module, crate::source_file(&item.source))
                && mounted_modules.contains(&(repo, module))
            {
                continue;
            }
        }
        if let Some(route) = item.placeholder.strip_prefix("route:")
            && let Some((repo, path)) = crate::source_file(&item.source)
            && !mounts.is_empty()
        {
            let stem = path.rsplit_once('.').map_or(path, |(stem, _)| stem);
            let package = stem.strip_suffix("/index").or_else(|| stem.strip_suffix("/__init__")).unwrap_or(stem);
            let module = [stem, package].into_iter().find(|module| mounts.contains_key(&(repo, *module)));
            if let Some(module) = module
                && let [prefix] = mounts[&(repo, module)].as_slice()
                && let Some((method, route_path)) = route.split_once(' ')
            {
                mounted_modules.insert((repo, module));
                let joined = format!("{}/{}", prefix.trim_end_matches('/'), route_path.trim_start_matches('/'));
                provide_route(graph, item, &format!("{method} {}", joined.trim_end_matches('/')));
                continue;
            }
        }
        // A router's `/` or `/{id}` no mount's prefix was found for says nothing.
        if item.props.get("relative").is_some() {
            continue;
        }
        if let Some(api) = item.placeholder.strip_prefix("contract:") {
            if !declared_providers.contains(api) {
                graph.edge(&item.from, api, "provides", item.props.clone(), item.source.clone(), item.method, item.confidence);
            }
        } else if let Some(service) = item.placeholder.strip_prefix("grpc:") {
            for api in calls::grpc_lookup(&grpc_apis, service) {
                graph.edge(&item.from, &api, "provides", item.props.clone(), item.source.clone(), item.method, item.confidence);
            }
        } else if let Some(route) = item.placeholder.strip_prefix("route:") {
            provide_route(graph, item, route);
        }
    }
    let matcher = CallMatcher::new(graph);
    let providers = matcher.providers.clone();
    let front_ends = crate::resolve::gateways::ServedFrontEnds::new(graph);
    // Who makes each HTTP call, for telling two proxies of one path apart from its origin.
    let mut callers: HashMap<&str, BTreeSet<&str>> = HashMap::new();
    for item in pending.iter().filter(|item| item.kind != "provides") {
        if let Some(call) = item.placeholder.strip_prefix("http:") {
            callers.entry(call).or_default().insert(item.from.as_str());
        }
    }

    for item in pending.iter().filter(|item| item.kind != "provides") {
        if let Some((service, method)) = item.placeholder.strip_prefix("grpc:").and_then(|service| service.split_once('/')) {
            consume_rpc(graph, &matcher, item, service, method);
        } else if let Some(service) = item.placeholder.strip_prefix("grpc:") {
            for api in matcher.grpc_lookup(service) {
                if item.from.starts_with("test:") {
                    graph.edge(&item.from, &api, "covers", item.props.clone(), item.source.clone(), item.method, item.confidence);
                    continue;
                }
                // A sample client shipped in the server's own folder is not a consumer.
                if matcher.provides(&item.from, &api) {
                    continue;
                }
                graph.edge(&item.from, &api, "consumes", item.props.clone(), item.source.clone(), item.method, item.confidence);
                for provider in providers.get(&api).into_iter().flatten() {
                    graph.edge(&item.from, provider, "depends_on", json!({"via": api}), item.source.clone(), Method::Inferred, item.confidence);
                }
            }
        } else if let Some(call) = item.placeholder.strip_prefix("http:") {
            let values = if item.method == Method::Declared { PathValues::Examples } else { PathValues::Holes };
            if item.from.starts_with("test:") {
                let matched = matcher.matched(call, values);
                let matched_apis: BTreeSet<&String> = matched.iter().filter_map(|operation| matcher.api_of.get(operation)).collect();
                if matched_apis.len() == 1 {
                    for operation in &matched {
                        graph.edge(&item.from, operation, "covers", item.props.clone(), item.source.clone(), item.method, item.confidence);
                    }
                }
                continue;
            }
            // A front end a gateway serves calls that gateway with a path naming no host.
            let literal = item.props.get("literal").and_then(Value::as_str).filter(|_| !item.props.get("host").is_some_and(Value::is_string));
            let path = call.split_once(' ').map_or(call, |(_, path)| path);
            if let Some(gateways) = literal.and_then(|literal| front_ends.same_origin(&item.from, literal, path)) {
                for gateway in gateways {
                    let props = json!({"literal": literal, "url_path": path, "same_origin": true});
                    graph.edge(&item.from, gateway, "depends_on", props, item.source.clone(), Method::Inferred, item.confidence);
                }
                continue;
            }
            // Each component has one routes API, so one API is one provider.
            let matched = matcher.http(&item.from, call, values);
            if matched.apis.is_empty() && (item.method == Method::Declared || item.from.starts_with("component:")) {
                graph.unmatched_calls.push(crate::resolve::UnmatchedCall {
                    consumer: item.from.clone(),
                    call: call.to_string(),
                    provider: item.props.get("provider").and_then(Value::as_str).map(str::to_string),
                    source: item.source.clone(),
                    declared: item.method == Method::Declared,
                    direct: item.props.get("direct").and_then(Value::as_bool).unwrap_or(false),
                    contract: None,
                });
            }
            // A path several services answer goes to the one of the caller's own compose file.
            let api = match matched.apis.as_slice() {
                [api] => api,
                [] => continue,
                apis => match calls::local_api(components, &item.from, apis, &providers) {
                    Some(api) => api,
                    None => continue,
                },
            };
            // Two gateways serving a path and each forwarding it onward (Tailwind Traders' web and
            // mobile BFFs both serve and call `/{version}/products`) are peers, not each
            // other's provider: the path's origin is a service neither reads.
            // The providers making the same call come first: they rarely do, and the rest
            // matches the call again.
            let calls_it = |component: &str| callers.get(call).is_some_and(|from| from.contains(component));
            let serves_it = |component: &str| matcher.matched(call, values).iter().filter_map(|operation| matcher.api_of.get(operation)).any(|api| matcher.provides(component, api));
            let owners = providers.get(api).filter(|owners| !owners.is_empty() && owners.iter().all(|owner| calls_it(owner)));
            if let Some(owners) = owners
                && serves_it(&item.from)
                && owners.iter().all(|owner| serves_it(owner))
            {
                continue;
            }
            for operation in matched.operations.iter().filter(|operation| matcher.api_of.get(*operation) == Some(api)) {
                graph.edge(&item.from, operation, "consumes", item.props.clone(), item.source.clone(), item.method, item.confidence);
            }
            for provider in providers.get(api).into_iter().flatten() {
                graph.edge(&item.from, provider, "depends_on", json!({"via": api}), item.source.clone(), Method::Inferred, item.confidence);
            }
        } else if let Some(name) = item.placeholder.strip_prefix("name:") {
            let target = components.by_name.get(name).map(|component| component.node_ref.clone()).or_else(|| {
                let api = format!("api:{name}");
                graph.has_node(&api).then_some(api)
            });
            if let Some(target) = target {
                graph.edge(&item.from, &target, &item.kind, item.props.clone(), item.source.clone(), item.method, item.confidence);
            }
        }
    }
    crate::resolve::reads::tie_reads(graph, &matcher);
    let api_of = matcher.api_of;

    // Catalog `consumesApis`: the consumer depends on the API's providers.
    let consumes: Vec<(String, String, String, Method)> = graph
        .edges()
        .filter(|edge| edge.kind == "consumes" && edge.to.starts_with("api:") && edge.from.starts_with("component:"))
        .map(|edge| (edge.from.clone(), edge.to.clone(), edge.source.clone(), edge.method))
        .collect();
    for (consumer, api, source, method) in consumes {
        for provider in providers.get(&api).into_iter().flatten() {
            graph.edge(&consumer, provider, "depends_on", json!({"via": api}), source.clone(), method, if method == Method::Inferred { 0.9 } else { 1.0 });
        }
    }

    // Field reads: a consumer reading a field of an API it consumes or whose provider it
    // depends on.
    let mut apis_provided_by: HashMap<&str, Vec<&String>> = HashMap::new();
    for (api, owners) in &providers {
        for owner in owners {
            apis_provided_by.entry(owner.as_str()).or_default().push(api);
        }
    }
    // An API defining messages and no operation or rpc is an event API: it is consumed by
    // subscribing to its messages, not by calling its provider (a client of the orders
    // service reads none of the `OrderPlaced` events it publishes).
    let mut calls_defined: BTreeSet<&str> = BTreeSet::new();
    let mut message_apis: HashMap<&str, Vec<&str>> = HashMap::new();
    for edge in graph.edges().filter(|edge| edge.kind == "defines" && edge.from.starts_with("api:")) {
        match crate::model::split_ref(&edge.to).0 {
            "operation" | "rpc" => {
                calls_defined.insert(&edge.from);
            }
            "message" => message_apis.entry(&edge.to).or_default().push(&edge.from),
            _ => {}
        }
    }
    let event_apis: BTreeSet<&str> = message_apis.values().flatten().copied().filter(|api| !calls_defined.contains(api)).collect();
    let mut consumed_apis: HashMap<String, BTreeSet<String>> = HashMap::new();
    for edge in graph.edges() {
        if edge.kind == "consumes" && edge.to.starts_with("api:") {
            consumed_apis.entry(edge.from.clone()).or_default().insert(edge.to.clone());
        }
        if edge.kind == "depends_on" {
            for api in apis_provided_by.get(edge.to.as_str()).into_iter().flatten().filter(|api| !event_apis.contains(api.as_str())) {
                consumed_apis.entry(edge.from.clone()).or_default().insert((*api).clone());
            }
        }
        // A subscriber reads the messages of the event APIs defining what it subscribes to
        // (not its own, when it publishes them too).
        if edge.kind == "subscribes" && edge.from.starts_with("component:") {
            let own = apis_provided_by.get(edge.from.as_str());
            for api in message_apis.get(edge.to.as_str()).into_iter().flatten().filter(|api| !own.is_some_and(|own| own.iter().any(|owned| owned == *api))) {
                consumed_apis.entry(edge.from.clone()).or_default().insert((*api).to_string());
            }
        }
    }
    // api -> its fields (field ref, schema naming key), indexed by wire and JSON name, and the
    // schema each holder key names (by the first field naming it).
    #[derive(Default)]
    struct ApiFields {
        fields: Vec<(String, String)>,
        by_name: HashMap<String, Vec<usize>>,
        schema_for: HashMap<String, (usize, String)>,
    }
    let mut fields_by_api: HashMap<String, ApiFields> = HashMap::new();
    for node in graph.nodes().filter(|node| node.kind == "field") {
        let Some(api) = api_of.get(&node.node_ref) else {
            continue;
        };
        let wire = node.props.get("wire_name").and_then(Value::as_str).unwrap_or("");
        let json_name = node.props.get("json_name").and_then(Value::as_str);
        let qualified = node.name.split_once('/').map(|(_, rest)| rest).unwrap_or(&node.name);
        let schema = naming_key(qualified.rsplit_once('.').map(|(schema, _)| schema.rsplit('.').next().unwrap_or(schema)).unwrap_or(""));
        let entry = fields_by_api.entry(api.clone()).or_default();
        let index = entry.fields.len();
        entry.by_name.entry(wire.to_string()).or_default().push(index);
        if let Some(json_name) = json_name.filter(|json_name| *json_name != wire) {
            entry.by_name.entry(json_name.to_string()).or_default().push(index);
        }
        if !schema.is_empty() {
            let short = type_key(&schema);
            entry.schema_for.entry(short).or_insert_with(|| (index, schema.clone()));
            entry.schema_for.entry(schema.clone()).or_insert_with(|| (index, schema.clone()));
        }
        entry.fields.push((node.node_ref.clone(), schema));
    }
    let reads = std::mem::take(&mut graph.reads);
    for read in &reads {
        let Some(apis) = consumed_apis.get(&read.component) else {
            continue;
        };
        // Keyed only for a read some consumed API has a field of that name for (few are).
        let mut holder_key: Option<String> = None;
        for api in apis {
            let Some(fields) = fields_by_api.get(api) else {
                continue;
            };
            let Some(matching) = fields.by_name.get(&read.read.field) else {
                continue;
            };
            let holder_key = holder_key.get_or_insert_with(|| read.read.holder.as_deref().map(naming_key).unwrap_or_default());
            let holder_singular = holder_key.strip_suffix('s').unwrap_or(holder_key);
            // The schema of the first field whose schema (or its name without a suffix) the holder names.
            let holder_schema =
                [holder_key.as_str(), holder_singular].iter().filter_map(|key| fields.schema_for.get(*key)).min_by_key(|(index, _)| *index).map(|(_, schema)| schema);
            for &index in matching {
                let (field, schema) = &fields.fields[index];
                if holder_schema.is_some_and(|holder_schema| holder_schema != schema) {
                    continue;
                }
                let source = read.source.clone();
                graph.edge(
                    &read.component,
                    field,
                    "consumes",
                    json!({"read": read.read.field, "path": read.path, "line": read.read.line}),
                    source,
                    Method::Inferred,
                    0.6,
                );
            }
        }
    }
    graph.reads = reads;

    link_channels(graph);
    crate::resolve::reads::tie_message_reads(graph);
}

/// A stub's call of `method` on a client of `service`: the component consumes the rpc of that
/// name of each service it reaches; where the service defines rpcs but not this one, the call
/// is unmatched, for the check to report against that service's contract.
fn consume_rpc(graph: &mut GraphBuilder, matcher: &CallMatcher, item: &Pending, service: &str, method: &str) {
    if !item.from.starts_with("component:") {
        return;
    }
    for api in matcher.grpc_lookup(service).into_iter().filter(|api| !matcher.provides(&item.from, api)) {
        match matcher.rpc(&api, method) {
            Some(rpc) => {
                let rpc = rpc.to_string();
                graph.edge(&item.from, &rpc, "consumes", item.props.clone(), item.source.clone(), item.method, item.confidence);
            }
            None if matcher.has_rpcs(&api) => graph.unmatched_calls.push(crate::resolve::UnmatchedCall {
                consumer: item.from.clone(),
                call: format!("{service}/{method}"),
                provider: None,
                source: item.source.clone(),
                declared: false,
                direct: true,
                contract: Some(api),
            }),
            None => {}
        }
    }
}

/// A route a component's code declares becomes an operation of the component's routes API
/// (`operation:payment-routes/POST /paymentAuth`), which the component provides, so calls
/// match it as they match a contract's operations.
fn provide_route(graph: &mut GraphBuilder, item: &Pending, route: &str) {
    let Some(component) = item.from.strip_prefix("component:") else {
        return;
    };
    let (method, path) = route.split_once(' ').unwrap_or(("ANY", route));
    let api_name = format!("{component}-routes");
    let api = make_ref("api", &api_name);
    let mut props = json!({"type": ROUTES_API_TYPE, "title": format!("HTTP routes {component} declares in code")});
    // A prefix routes are mounted under elsewhere, or a mount answering every path below it:
    // the paths read from code are not all the paths served.
    if method == crate::readers::code::whole_text::PREFIX {
        if graph.has_node(&api) {
            graph.node("api", &api_name, json!({"prefixed": true}), item.source.clone(), Method::Inferred, item.confidence);
        }
        return;
    }
    if item.props.get("via").and_then(Value::as_str) == Some("mount in code") {
        props["mounted"] = json!(true);
    }
    graph.node("api", &api_name, props, item.source.clone(), Method::Inferred, item.confidence);
    let operation_name = format!("{api_name}/{method} {path}");
    let operation = make_ref("operation", &operation_name);
    let mut operation_props = json!({"method": method, "path": path});
    for key in ["returns_type", "returns_resource", "accepts_type", "handler"] {
        if let Some(value) = item.props.get(key) {
            operation_props[key] = value.clone();
        }
    }
    // A mount (`server.mount_proc '/details'`) answers every path below it.
    if item.props.get("via").and_then(Value::as_str) == Some("mount in code") {
        operation_props["mount"] = json!(true);
    }
    graph.node("operation", &operation_name, operation_props, item.source.clone(), Method::Inferred, item.confidence);
    graph.edge(&api, &operation, "defines", json!({}), item.source.clone(), Method::Inferred, item.confidence);
    let mut provides = item.props.clone();
    // The literal body the route's handler answers with, whole: its keys are the fields of
    // its response (`field:orders-routes/GET /orders/{id}.total`).
    if let Some(props) = provides.as_object_mut() {
        props.remove("returns_type");
        props.remove("returns_resource");
        props.remove("accepts_type");
        props.remove("handler");
    }
    if let Some(Value::Array(keys)) = provides.as_object_mut().and_then(|props| props.remove("returns")) {
        for key in keys.iter().filter_map(Value::as_str) {
            let field_name = format!("{operation_name}.{key}");
            let field = make_ref("field", &field_name);
            graph.node("field", &field_name, json!({"wire_name": key, "type": "any", "required": false}), item.source.clone(), Method::Inferred, item.confidence);
            graph.edge(&api, &field, "defines", json!({}), item.source.clone(), Method::Inferred, item.confidence);
            graph.edge(&operation, &field, "uses", json!({"in": "response"}), item.source.clone(), Method::Inferred, item.confidence);
        }
    }
    graph.edge(&item.from, &api, "provides", provides, item.source.clone(), Method::Inferred, item.confidence);
}

/// Message channels. A channel code publishes to or subscribes to (`channel:orders`) is the
/// same channel as an AsyncAPI message on that address, so the code's edges reach the
/// message too. A component publishing to a channel that another component subscribes to
/// depends on it, as a caller on what it calls; a channel with only one side links nothing.
fn link_channels(graph: &mut GraphBuilder) {
    let mut address_of: BTreeMap<String, String> = BTreeMap::new();
    let mut messages: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for node in graph.nodes() {
        if node.kind == "channel" {
            address_of.insert(node.node_ref.clone(), node.name.clone());
        } else if node.kind == "message"
            && let Some(address) = node.props.get("channel").and_then(Value::as_str)
        {
            address_of.insert(node.node_ref.clone(), address.to_string());
            messages.entry(address.to_string()).or_default().push(node.node_ref.clone());
        }
    }
    // address -> component -> (the source and confidence of its first edge), per direction.
    type Sides = BTreeMap<String, BTreeMap<String, (String, f64)>>;
    let (mut publishers, mut subscribers): (Sides, Sides) = Default::default();
    // A message another component's own document subscribes to is that subscriber's view of
    // the channel, not something code on the channel sends or reads.
    let subscribed_by: BTreeMap<String, BTreeSet<String>> = graph
        .edges()
        .filter(|edge| edge.kind == "subscribes" && edge.method != Method::Inferred && edge.to.starts_with("message:"))
        .fold(BTreeMap::new(), |mut map, edge| {
            map.entry(edge.to.clone()).or_default().insert(edge.from.clone());
            map
        });
    let mut to_messages = Vec::new();
    for edge in graph.edges().filter(|edge| matches!(edge.kind.as_str(), "publishes" | "subscribes") && edge.from.starts_with("component:")) {
        let Some(address) = address_of.get(&edge.to) else {
            continue;
        };
        let side = if edge.kind == "publishes" { &mut publishers } else { &mut subscribers };
        side.entry(address.clone()).or_default().entry(edge.from.clone()).or_insert((edge.source.clone(), edge.confidence));
        // Code names only the channel; a document names its own messages already.
        if edge.to.starts_with("channel:") && edge.method == Method::Inferred {
            let others_view = |message: &String| subscribed_by.get(message).is_some_and(|subscribers| subscribers.iter().any(|subscriber| *subscriber != edge.from));
            let matching = messages.iter().filter(|(message_address, _)| same_channel(address, message_address)).flat_map(|(_, messages)| messages);
            for message in matching.filter(|message| !others_view(message)) {
                to_messages.push((edge.from.clone(), message.clone(), edge.kind.clone(), json!({"via": edge.to}), edge.source.clone(), edge.confidence));
            }
        }
    }
    for (from, message, kind, props, source, confidence) in to_messages {
        graph.edge(&from, &message, &kind, props, source, Method::Inferred, confidence);
    }
    for (address, senders) in &publishers {
        let receivers = subscribers.iter().filter(|(subscribed, _)| same_channel(address, subscribed)).flat_map(|(_, receivers)| receivers);
        let receivers: Vec<(&String, &(String, f64))> = receivers.collect();
        for (publisher, (source, confidence)) in senders {
            for (subscriber, (_, subscriber_confidence)) in receivers.iter().filter(|(subscriber, _)| *subscriber != publisher) {
                let props = json!({"via": format!("channel:{address}")});
                graph.edge(publisher, subscriber, "depends_on", props, source.clone(), Method::Inferred, confidence.min(*subscriber_confidence));
            }
        }
    }
}

/// Whether two channel addresses name the same channel: the same segments (split at `.` or
/// `/`), where a parameter (`{vehicleId}`) or a one-segment wildcard (NATS `*`, MQTT `+`,
/// AMQP `*`) on either side stands for any segment, and a tail wildcard (NATS `>`, AMQP and
/// MQTT `#`) for all the rest.
pub(crate) fn same_channel(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let segments = |address: &str| address.split(['.', '/']).map(str::to_string).collect::<Vec<_>>();
    let (a, b) = (segments(a), segments(b));
    let any = |segment: &str| segment == "*" || segment == "+" || (segment.starts_with('{') && segment.ends_with('}'));
    let rest = |segment: &str| segment == ">" || segment == "#";
    let mut index = 0;
    loop {
        match (a.get(index), b.get(index)) {
            (Some(x), _) if rest(x) => return true,
            (_, Some(y)) if rest(y) => return true,
            (Some(x), Some(y)) if x == y || any(x) || any(y) => index += 1,
            (None, None) => return true,
            _ => return false,
        }
    }
}

/// A CODEOWNERS rule ready to match: its pattern, compiled, and its (owner, pointer) pairs.
type CompiledRule<'a> = (&'a str, OwnersPattern, &'a Vec<(String, String)>);

#[cfg(test)]
mod tests {
    use super::*;

    /// The held-out planted-mismatch evaluation of issue #3 (org 10): a NATS subscriber of
    /// `fleet.vehicle.*.position` never met the AsyncAPI channel
    /// `fleet.vehicle.{vehicleId}.position`.
    #[test]
    fn wildcards_and_parameters_name_the_same_channel() {
        let cases = [
            ("fleet.vehicle.*.position", "fleet.vehicle.{vehicleId}.position", true),
            ("fleet.vehicle.>", "fleet.vehicle.{vehicleId}.position", true),
            ("orders.#", "orders.paid", true),
            ("sensors/+/temperature", "sensors/{id}/temperature", true),
            ("fleet.vehicle.*.position", "fleet.vehicle.7.speed", false),
            ("orders", "orders.paid", false),
            ("orders.paid", "orders.paid", true),
        ];
        for (a, b, expected) in cases {
            assert_eq!(same_channel(a, b), expected, "{a} ~ {b}");
            assert_eq!(same_channel(b, a), expected, "{b} ~ {a}");
        }
    }
}
