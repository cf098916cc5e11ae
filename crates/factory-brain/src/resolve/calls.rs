//! Which operation, rpc or contract a call read from code or a pact is for: HTTP calls by
//! their paths (against contracts' operations and routes read from code), gRPC stub calls by
//! their service and method. Resolution asks once per pending call edge and once per read bound
//! to a call's response ([`ReadTie`]).

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::model::naming_key;
use crate::resolve::{GraphBuilder, ReadTie};

/// The gRPC APIs of the graph by the naming key of their service's short name.
pub(crate) fn grpc_apis(graph: &GraphBuilder) -> BTreeMap<String, Vec<String>> {
    let mut apis: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for node in graph.nodes().filter(|node| node.kind == "api") {
        if let Some(service) = node.props.get("grpc_service").and_then(Value::as_str) {
            apis.entry(naming_key(service)).or_default().push(node.node_ref.clone());
        }
    }
    apis
}

/// The APIs a client of `service` (`Orders`, `OrdersService`) reaches.
pub(crate) fn grpc_lookup(apis: &BTreeMap<String, Vec<String>>, service: &str) -> Vec<String> {
    let key = naming_key(service);
    apis.get(&key).or_else(|| apis.get(&format!("{key}service"))).cloned().unwrap_or_default()
}

/// What the calls of the org can reach, indexed once resolution knows every provider.
pub(crate) struct CallMatcher {
    operations: Vec<Operation>,
    pub(crate) api_of: BTreeMap<String, String>,
    pub(crate) providers: BTreeMap<String, BTreeSet<String>>,
    pub(crate) route_apis: BTreeSet<String>,
    grpc_apis: BTreeMap<String, Vec<String>>,
    /// api -> its rpcs (ref, method name).
    rpcs: BTreeMap<String, Vec<(String, String)>>,
}

/// The operations of other components an HTTP call matches, and their APIs.
pub(crate) struct HttpMatch {
    pub(crate) operations: Vec<String>,
    pub(crate) apis: Vec<String>,
}

impl CallMatcher {
    pub(crate) fn new(graph: &GraphBuilder) -> Self {
        let mut providers: BTreeMap<String, BTreeSet<String>> = BTreeMap::new(); // api -> components
        for edge in graph.edges().filter(|edge| edge.kind == "provides") {
            providers.entry(edge.to.clone()).or_default().insert(edge.from.clone());
        }
        let api_of = api_of_elements(graph);
        let route_apis: BTreeSet<String> = graph.nodes().filter(|node| node.kind == "api" && is_routes_api(node)).map(|node| node.node_ref.clone()).collect();
        let operations: Vec<Operation> = graph
            .nodes()
            .filter(|node| node.kind == "operation")
            .filter_map(|node| {
                let method = node.props.get("method")?.as_str()?.to_string();
                let path = node.props.get("path")?.as_str()?;
                let from_code = api_of.get(&node.node_ref).is_some_and(|api| route_apis.contains(api));
                let mut operation = Operation::new(node.node_ref.clone(), method, path, from_code);
                operation.mount = from_code && node.props.get("mount").and_then(Value::as_bool) == Some(true);
                operation.api = api_of.get(&node.node_ref).cloned().unwrap_or_default();
                Some(operation)
            })
            .filter(|operation| operation.matchable())
            .collect();
        let mut rpcs: BTreeMap<String, Vec<(String, String)>> = BTreeMap::new();
        for node in graph.nodes().filter(|node| node.kind == "rpc") {
            if let (Some(api), Some((_, method))) = (api_of.get(&node.node_ref), node.name.rsplit_once('/')) {
                rpcs.entry(api.clone()).or_default().push((node.node_ref.clone(), method.to_string()));
            }
        }
        CallMatcher { operations, api_of, providers, route_apis, grpc_apis: grpc_apis(graph), rpcs }
    }

    pub(crate) fn grpc_lookup(&self, service: &str) -> Vec<String> {
        grpc_lookup(&self.grpc_apis, service)
    }

    /// Every operation `call` (`GET /orders/{}`) matches, whoever provides it.
    pub(crate) fn matched(&self, call: &str, values: PathValues) -> Vec<String> {
        let (method, path) = call.split_once(' ').unwrap_or(("ANY", call));
        match_operations(&self.operations, method, path, values)
    }

    /// Whether `component` provides `api` itself.
    pub(crate) fn provides(&self, component: &str, api: &str) -> bool {
        self.providers.get(api).is_some_and(|owners| owners.contains(component))
    }

    /// The operations of other components that `call` (`GET /orders/{}`) from `from` matches. A
    /// contract says more than routes read from code: routes count only when no contract
    /// answers.
    pub(crate) fn http(&self, from: &str, call: &str, values: PathValues) -> HttpMatch {
        let matched = self.matched(call, values);
        let matched_apis: BTreeSet<&String> = matched.iter().filter_map(|operation| self.api_of.get(operation)).collect();
        let foreign: Vec<&String> = matched_apis.into_iter().filter(|api| !self.provides(from, api)).collect();
        let from_contracts: Vec<&String> = foreign.iter().copied().filter(|api| !self.route_apis.contains(*api)).collect();
        let foreign = if from_contracts.is_empty() { foreign } else { from_contracts };
        let operations = matched.iter().filter(|operation| self.api_of.get(*operation).is_some_and(|api| foreign.contains(&api))).cloned().collect();
        HttpMatch { operations, apis: foreign.into_iter().cloned().collect() }
    }

    /// The rpc of `api` a stub's `method` calls: the same name, or the same with .NET's `Async`.
    pub(crate) fn rpc(&self, api: &str, method: &str) -> Option<&str> {
        let key = naming_key(method);
        let short = key.strip_suffix("async").unwrap_or(&key);
        let rpcs = self.rpcs.get(api)?;
        rpcs.iter().find(|(_, name)| naming_key(name) == key).or_else(|| rpcs.iter().find(|(_, name)| naming_key(name) == short)).map(|(rpc, _)| rpc.as_str())
    }

    /// Whether `api` defines rpcs at all (a service read from a proto).
    pub(crate) fn has_rpcs(&self, api: &str) -> bool {
        self.rpcs.get(api).is_some_and(|rpcs| !rpcs.is_empty())
    }

    /// What the response of the call `placeholder` (`http:GET /orders/{}`, `grpc:Orders/Get`)
    /// made by `from` is: one of the operations it matches, a call its provider does not
    /// answer, or a call to nothing the org provides.
    pub(crate) fn tie(&self, from: &str, placeholder: &str) -> Option<ReadTie> {
        if let Some(call) = placeholder.strip_prefix("http:") {
            let matched = self.http(from, call, PathValues::Holes);
            return Some(if matched.operations.is_empty() { ReadTie::Unanswered(call.to_string()) } else { ReadTie::Response(matched.operations) });
        }
        let (service, method) = placeholder.strip_prefix("grpc:")?.split_once('/')?;
        let apis: Vec<String> = self.grpc_lookup(service).into_iter().filter(|api| !self.provides(from, api)).collect();
        if apis.is_empty() {
            return Some(ReadTie::Elsewhere);
        }
        let rpcs: Vec<String> = apis.iter().filter_map(|api| self.rpc(api, method)).map(str::to_string).collect();
        Some(if rpcs.is_empty() { ReadTie::Unanswered(format!("{service}/{method}")) } else { ReadTie::Response(rpcs) })
    }
}

/// Of the APIs a path-only call matches, the one whose providers the caller's own compose file
/// declares, where the caller is declared in one and only one such API's providers are all
/// declared there: services of one compose file share its network, those of another file are
/// another project's. Publicitaki-Store-Bank keeps three sub-systems in one repo, each with
/// its compose file; the Publicitaki front end's `/products/` is its pub-products' (JAX-RS
/// `@Path("/products")`), not the store's Django store-products beside it.
pub(crate) fn local_api<'a>(components: &crate::resolve::components::Components, from: &str, apis: &'a [String], providers: &BTreeMap<String, BTreeSet<String>>) -> Option<&'a String> {
    let declared_in = |node_ref: &str| {
        let component = components.by_name.get(node_ref.strip_prefix("component:")?)?;
        let (repo, path, _) = &component.evidence;
        let name = path.rsplit('/').next().unwrap_or(path).to_ascii_lowercase();
        (name.contains("compose") && (name.ends_with(".yml") || name.ends_with(".yaml"))).then_some((repo.as_str(), path.as_str()))
    };
    let file = declared_in(from)?;
    let local: Vec<&String> = apis
        .iter()
        .filter(|api| providers.get(*api).is_some_and(|owners| !owners.is_empty() && owners.iter().all(|owner| declared_in(owner) == Some(file))))
        .collect();
    if let [api] = local.as_slice() { Some(api) } else { None }
}

/// The `type` of the API that holds the HTTP routes a component's code declares.
pub const ROUTES_API_TYPE: &str = "code-routes";

pub(crate) fn is_routes_api(node: &crate::resolve::ResolvedNode) -> bool {
    node.props.get("type").and_then(Value::as_str) == Some(ROUTES_API_TYPE)
}

/// An HTTP operation a call's path can match: its path split into segments once.
pub(crate) struct Operation {
    node_ref: String,
    method: String,
    segments: Vec<String>,
    /// A route read from code rather than a contract's operation.
    from_code: bool,
    /// A mount read from code: it answers its path and every path below it.
    mount: bool,
    /// The API that defines it ("" when none does).
    api: String,
}

/// Path segments that say nothing about which service answers.
const GENERIC_SEGMENTS: &[&str] = &["health", "healthz", "ready", "readyz", "live", "livez", "metrics", "status", "ping", "version", "api", "v1", "v2"];

impl Operation {
    fn new(node_ref: String, method: String, path: &str, from_code: bool) -> Self {
        let segments = path.split('/').filter(|segment| !segment.is_empty()).map(str::to_string).collect();
        Self { node_ref, method, segments, from_code, mount: false, api: String::new() }
    }

    /// An operation with no path, or only generic literal segments (`/health`), matches no call.
    fn matchable(&self) -> bool {
        let mut literal = self.segments.iter().filter(|segment| !segment.starts_with('{'));
        !self.segments.is_empty() && !literal.all(|segment| GENERIC_SEGMENTS.contains(&segment.as_str()))
    }
}

/// element or field ref -> the API that defines it.
pub(crate) fn api_of_elements(graph: &GraphBuilder) -> BTreeMap<String, String> {
    graph.edges().filter(|edge| edge.kind == "defines" && edge.from.starts_with("api:")).map(|edge| (edge.to.clone(), edge.from.clone())).collect()
}

/// Operations whose path is a suffix of `path` (segment-wise; `{x}` matches any segment) with
/// a matching method (`ANY` prefers GET). A route read from code must be the whole path, but
/// for generic leading segments (`/api/v1`, a base URL's hole): a short route like `/orders`
/// is too easily the tail of a path that has nothing to do with it.
/// What fills the parameters of a called path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum PathValues {
    /// Code's holes (`/product/{}`): a literal there is more often data than a call.
    Holes,
    /// A pact's example values (`/events/E1/seats`): any literal fills a parameter.
    Examples,
}

fn match_operations(operations: &[Operation], method: &str, path: &str, values: PathValues) -> Vec<String> {
    let called: Vec<&str> = path.split('/').filter(|segment| !segment.is_empty()).collect();
    let mut found: Vec<&Operation> = Vec::new();
    for operation in operations {
        let declared = &operation.segments;
        if declared.len() > called.len() {
            continue;
        }
        if operation.mount {
            // Generic leading segments, the mount's own, then anything.
            let fits = (0..=called.len() - declared.len()).any(|start| {
                called[..start].iter().all(|segment| *segment == "{}" || GENERIC_SEGMENTS.contains(segment)) && called[start..start + declared.len()] == declared[..]
            });
            if fits {
                found.push(operation);
            }
            continue;
        }
        let (head, tail) = called.split_at(called.len() - declared.len());
        // What comes before an operation's path is a base path or a gateway's prefix, and
        // neither ends in a value: `/patrons/{}/loans` is no call of `/loans`.
        if head.last() == Some(&"{}") && !operation.from_code && head.iter().any(|segment| *segment != "{}" && !GENERIC_SEGMENTS.contains(segment)) {
            continue;
        }
        if operation.from_code && !head.iter().all(|segment| *segment == "{}" || GENERIC_SEGMENTS.contains(segment)) {
            continue;
        }
        // A route's parameter takes a value the call fills in (`/product/{}`), not a literal:
        // `"/product/2ZYFJ3GM2N"` in code is more often data than a call.
        let fits = declared.iter().zip(tail).all(|(declared, called)| {
            if declared.starts_with('{') { !operation.from_code || values == PathValues::Examples || *called == "{}" } else { declared == called }
        });
        if fits {
            found.push(operation);
        }
    }
    if method != "ANY" {
        found.retain(|operation| operation.method == method || operation.method == "ANY");
    } else {
        // `ANY` prefers GET among one API's operations (a read of `/orders`, not its POST); the
        // operations of another API answering the path stay, so a path several services answer
        // (`/graphql`) stays ambiguous rather than going to the one that also answers GET.
        let answering_get: BTreeSet<&str> = found.iter().filter(|operation| operation.method == "GET").map(|operation| operation.api.as_str()).collect();
        found.retain(|operation| operation.method == "GET" || operation.method == "ANY" || !answering_get.contains(operation.api.as_str()));
    }
    found.into_iter().map(|operation| operation.node_ref.clone()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The held-out planted-mismatch evaluation of issue #3 (org 07): a pact's example path
    /// `/events/E1/seats` matched no route read from code (`/events/{eventId}/seats`), whose
    /// parameters take only code's holes.
    #[test]
    fn a_pacts_example_values_fill_a_code_routes_parameters() {
        let route = Operation::new("operation:seating-routes/GET /events/{eventId}/seats".into(), "GET".into(), "/events/{eventId}/seats", true);
        let operations = [route];
        assert_eq!(match_operations(&operations, "GET", "/events/E1/seats", PathValues::Examples).len(), 1);
        assert!(match_operations(&operations, "GET", "/events/E1/seats", PathValues::Holes).is_empty(), "a literal in code is more often data");
        assert_eq!(match_operations(&operations, "GET", "/events/{}/seats", PathValues::Holes).len(), 1);
    }

    /// k8s-multi-language-gRPC-microservice: a client posting to `/graphql` of a base URL from
    /// its env, where the ticket service answers `POST /graphql` and attendance both `GET` and
    /// `POST /graphql`: preferring GET must not make attendance the one service called.
    #[test]
    fn any_prefers_get_within_one_api_only() {
        let operation = |api: &str, method: &str, path: &str| {
            let mut operation = Operation::new(format!("operation:{api}/{method} {path}"), method.into(), path, true);
            operation.api = format!("api:{api}");
            operation
        };
        let operations = [operation("ticket-routes", "POST", "/graphql"), operation("attendance-routes", "GET", "/graphql"), operation("attendance-routes", "POST", "/graphql")];
        assert_eq!(
            match_operations(&operations, "ANY", "/graphql", PathValues::Holes),
            ["operation:ticket-routes/POST /graphql", "operation:attendance-routes/GET /graphql"]
        );
        let one_api = [operation("orders-routes", "GET", "/orders"), operation("orders-routes", "POST", "/orders")];
        assert_eq!(match_operations(&one_api, "ANY", "/orders", PathValues::Holes), ["operation:orders-routes/GET /orders"]);
    }

    /// A planted-mismatch evaluation: `GET /patrons/{id}/loans`, read as `ANY` (a `.get(` may
    /// be a map's), was taken for `POST /loans` below a base path `/patrons/{}`.
    #[test]
    fn a_base_path_never_ends_in_a_value() {
        let operation = |method: &str, path: &str| Operation::new(format!("operation:circulation-api/{method} {path}"), method.into(), path, false);
        let operations = [operation("POST", "/loans"), operation("GET", "/books/{isbn}")];
        assert!(match_operations(&operations, "ANY", "/patrons/{}/loans", PathValues::Holes).is_empty());
        assert_eq!(match_operations(&operations, "ANY", "/api/v1/loans", PathValues::Holes), ["operation:circulation-api/POST /loans"]);
        assert_eq!(match_operations(&operations, "GET", "/library/books/{}", PathValues::Holes), ["operation:circulation-api/GET /books/{isbn}"]);
        // A version held by a variable (`/api/${apiVersion}/books/..`) is still a base path.
        assert_eq!(match_operations(&operations, "GET", "/api/{}/books/{}", PathValues::Holes), ["operation:circulation-api/GET /books/{isbn}"]);
    }
}
