//! Traefik's file-provider (dynamic) config: the servers of each service are the upstreams the
//! edge router sends traffic to, so the component owning the file (or the stock Traefik image
//! mounting it) depends on them, each edge with the path prefix of the router that sends
//! traffic there, recorded as nginx's `location` is (so that a call through the router to
//! `/api/...` can be traced to the service behind it, `resolve/gateways.rs`).
//!
//! Read in both Traefik v1's form (TOML: `[backends.api.servers.server1] url = "http://api:3000"`
//! with `[frontends.api] backend = "api"` and `routes.r.rule = "PathPrefix:/api/"`, MuShop's
//! edge router) and v2/v3's (YAML or TOML: `http.services.api.loadBalancer.servers[].url`,
//! `http.routers.api.rule: "PathPrefix(`/api`)"` with `service: api`; TCP and UDP services'
//! `address`). Traefik's static config (entry points, providers, the dashboard) names no
//! service, and neither does a server on `localhost`. A URL filled by `envsubst`
//! (`http://${API_HOST}`) becomes a `setting:` edge, as Envoy's and nginx's do; a Helm chart's
//! copy (`http://{{ .Release.Name }}-api`) is read once its actions are out.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;
use serde_json::{json, Map, Value};

use crate::model::{FileFacts, Method};
use crate::net::host_of;
use crate::readers::helm;

/// A v2/v3 path matcher and its arguments: `PathPrefix(`/api`, `/v2`)`, `!Path("/x")`.
static PATH_MATCHER: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(!\s*)?\b(?:PathPrefix|Path)\s*\(([^)]*)\)").expect("a valid regex"));

/// Whether a YAML or JSON document is Traefik dynamic config: v2/v3's `http:` (or `tcp:`,
/// `udp:`) routers and services, or v1's backends with their servers.
pub fn looks_like_traefik(document: &Value) -> bool {
    let v2 = ["http", "tcp", "udp"].iter().filter_map(|protocol| get(document, protocol)).any(|section| {
        let services = get(section, "services").and_then(Value::as_object).into_iter().flatten();
        let routers = get(section, "routers").and_then(Value::as_object).into_iter().flatten();
        services.map(|(_, service)| service).any(|service| ["loadBalancer", "weighted", "mirroring", "failover"].iter().any(|key| get(service, key).is_some()))
            || routers.map(|(_, router)| router).any(|router| get(router, "service").is_some_and(Value::is_string))
    });
    let v1 = get(document, "backends").and_then(Value::as_object).is_some_and(|backends| backends.values().any(|backend| get(backend, "servers").is_some()));
    v2 || v1
}

/// A TOML file: Traefik's config when it is one, nothing otherwise (a TOML file the manifest
/// reader does not take is most often some tool's settings).
pub fn read_toml(text: &str) -> FileFacts {
    let mentions_services = ["backends", "services", "Services"].iter().any(|word| text.contains(word));
    if !mentions_services || !(text.contains("url") || text.contains("address")) {
        return FileFacts::default();
    }
    let untemplated;
    let text = if helm::has_actions(text) {
        untemplated = helm::without_actions(text);
        untemplated.as_str()
    } else {
        text
    };
    let Some((document, lines)) = toml_document(text) else {
        return FileFacts::default();
    };
    if !looks_like_traefik(&document) {
        return FileFacts::default();
    }
    read_with(&document, &|pointer: &str| line_of(&lines, pointer).map_or_else(|| pointer.to_string(), |line| format!("L{line}")))
}

/// The line a value starts on: its own, or that of the array or inline table holding it
/// (`servers = [{ url = "http://web" }]`).
fn line_of(lines: &BTreeMap<String, usize>, pointer: &str) -> Option<usize> {
    let mut pointer = pointer;
    loop {
        if let Some(line) = lines.get(pointer) {
            return Some(*line);
        }
        pointer = pointer.rsplit_once('/')?.0;
    }
}

/// A YAML or JSON document [`looks_like_traefik`] accepted.
pub fn read(document: &Value) -> FileFacts {
    read_with(document, &|pointer: &str| pointer.to_string())
}

/// A server a service balances traffic to: its URL (or TCP/UDP address) and its pointer.
struct Server {
    address: String,
    pointer: String,
}

/// A router: the path prefixes its rule matches (none for a rule on host names alone), the
/// service it sends traffic to, and its rule's pointer.
struct Router {
    prefixes: Vec<String>,
    service: String,
    pointer: String,
}

/// The facts of a Traefik document; `source` turns a JSON pointer into the fact's pointer (a
/// TOML file's line).
fn read_with(document: &Value, source: &dyn Fn(&str) -> String) -> FileFacts {
    // (protocol, service) -> its servers, and the services a weighted or mirroring one sends to.
    let mut servers: BTreeMap<(String, String), Vec<Server>> = BTreeMap::new();
    let mut children: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    let mut routers: Vec<(String, Router)> = Vec::new();
    for protocol in ["http", "tcp", "udp"] {
        let Some((section_key, section)) = entry(document, protocol) else { continue };
        if let Some((services_key, services)) = entry(section, "services").and_then(|(key, services)| Some((key, services.as_object()?))) {
            for (name, service) in services {
                let at = format!("/{section_key}/{services_key}/{}", escape(name));
                let key = (protocol.to_string(), name.clone());
                servers.insert(key.clone(), v2_servers(service, &at));
                children.insert(key, v2_children(service));
            }
        }
        if let Some((routers_key, found)) = entry(section, "routers").and_then(|(key, routers)| Some((key, routers.as_object()?))) {
            for (name, router) in found {
                let Some(service) = get(router, "service").and_then(Value::as_str) else { continue };
                let rule = get(router, "rule").and_then(Value::as_str).unwrap_or("");
                let pointer = format!("/{section_key}/{routers_key}/{}/rule", escape(name));
                let service = service.split('@').next().unwrap_or(service).to_string();
                routers.push((protocol.to_string(), Router { prefixes: v2_prefixes(rule), service, pointer }));
            }
        }
    }
    read_v1(document, &mut servers, &mut routers);
    let mut facts = FileFacts::default();
    for ((protocol, name), _) in servers.iter().filter(|(_, found)| !found.is_empty()) {
        let routes: Vec<&Router> = routers.iter().filter(|(of, router)| of == protocol && reaches(&children, protocol, &router.service, name, 0)).map(|(_, router)| router).collect();
        let locations: Vec<(&str, &str)> = routes.iter().flat_map(|router| router.prefixes.iter().map(|prefix| (prefix.as_str(), router.pointer.as_str()))).collect();
        for server in &servers[&(protocol.clone(), name.clone())] {
            let props = json!({"config": "traefik", "service": name});
            if locations.is_empty() {
                dependency(&mut facts, &server.address, props.clone(), &source(&server.pointer));
            }
            // The first location's edge points at the server's URL; each other one at its
            // router's rule, so that they stay distinct facts.
            for (index, (prefix, rule_pointer)) in locations.iter().enumerate() {
                let mut props = props.clone();
                props["location"] = json!(prefix);
                let pointer = if index == 0 { &server.pointer } else { *rule_pointer };
                dependency(&mut facts, &server.address, props, &source(pointer));
            }
        }
    }
    facts
}

/// The edge from the file's owner to a server's host (or, for a URL `envsubst` fills, to the
/// setting it names).
fn dependency(facts: &mut FileFacts, address: &str, props: Value, pointer: &str) {
    if address.contains("${") {
        let mut setting = props;
        setting["value"] = json!(address);
        facts.edge("self", &format!("setting:{address}"), "depends_on", setting, pointer, Method::Parsed);
    } else if !address.contains('$')
        && let Some(host) = host_of(address, true)
    {
        facts.edge("self", &format!("host:{host}"), "depends_on", props, pointer, Method::Parsed);
    }
}

/// Whether a router's service is `target` or, through weighted, mirroring or failover
/// services, sends traffic to it.
fn reaches(children: &BTreeMap<(String, String), Vec<String>>, protocol: &str, service: &str, target: &str, depth: usize) -> bool {
    service == target
        || depth < 4
            && children.get(&(protocol.to_string(), service.to_string())).into_iter().flatten().any(|child| reaches(children, protocol, child, target, depth + 1))
}

/// A v2 service's servers: `loadBalancer.servers[].url` (HTTP) or `.address` (TCP, UDP).
fn v2_servers(service: &Value, at: &str) -> Vec<Server> {
    let Some((balancer_key, balancer)) = entry(service, "loadBalancer") else { return Vec::new() };
    let Some((servers_key, servers)) = entry(balancer, "servers") else { return Vec::new() };
    let listed: Vec<(String, &Value)> = match servers {
        Value::Array(items) => items.iter().enumerate().map(|(index, server)| (index.to_string(), server)).collect(),
        Value::Object(map) => map.iter().map(|(name, server)| (escape(name), server)).collect(),
        _ => Vec::new(),
    };
    listed
        .into_iter()
        .filter_map(|(index, server)| {
            let (key, address) = entry(server, "url").or_else(|| entry(server, "address"))?;
            Some(Server { address: address.as_str()?.to_string(), pointer: format!("{at}/{balancer_key}/{servers_key}/{index}/{key}") })
        })
        .collect()
}

/// The services a weighted, mirroring or failover service sends traffic to.
fn v2_children(service: &Value) -> Vec<String> {
    let mut names = Vec::new();
    if let Some(weighted) = get(service, "weighted") {
        names.extend(get(weighted, "services").and_then(Value::as_array).into_iter().flatten().filter_map(|child| get(child, "name")?.as_str()));
    }
    if let Some(mirroring) = get(service, "mirroring") {
        names.extend(get(mirroring, "service").and_then(Value::as_str));
    }
    if let Some(failover) = get(service, "failover") {
        names.extend(["service", "fallback"].iter().filter_map(|key| get(failover, key)?.as_str()));
    }
    names.into_iter().map(|name| name.split('@').next().unwrap_or(name).to_string()).collect()
}

/// Traefik v1: `backends.<name>.servers.<server>.url`, and `frontends.<name>` sending
/// `routes.<route>.rule` to its `backend`. Read as HTTP services and routers.
fn read_v1(document: &Value, servers: &mut BTreeMap<(String, String), Vec<Server>>, routers: &mut Vec<(String, Router)>) {
    if let Some((backends_key, backends)) = entry(document, "backends").and_then(|(key, backends)| Some((key, backends.as_object()?))) {
        for (name, backend) in backends {
            let Some((servers_key, found)) = entry(backend, "servers").and_then(|(key, found)| Some((key, found.as_object()?))) else { continue };
            let at = format!("/{backends_key}/{}/{servers_key}", escape(name));
            let backend_servers = found.iter().filter_map(|(server_name, server)| {
                let (url_key, url) = entry(server, "url")?;
                Some(Server { address: url.as_str()?.to_string(), pointer: format!("{at}/{}/{url_key}", escape(server_name)) })
            });
            servers.entry(("http".to_string(), name.clone())).or_default().extend(backend_servers);
        }
    }
    let Some((frontends_key, frontends)) = entry(document, "frontends").and_then(|(key, frontends)| Some((key, frontends.as_object()?))) else { return };
    for (name, frontend) in frontends {
        let Some(backend) = get(frontend, "backend").and_then(Value::as_str) else { continue };
        let Some((routes_key, routes)) = entry(frontend, "routes").and_then(|(key, routes)| Some((key, routes.as_object()?))) else { continue };
        for (route_name, route) in routes {
            let Some((rule_key, rule)) = entry(route, "rule").and_then(|(key, rule)| Some((key, rule.as_str()?))) else { continue };
            let pointer = format!("/{frontends_key}/{}/{routes_key}/{}/{rule_key}", escape(name), escape(route_name));
            routers.push(("http".to_string(), Router { prefixes: v1_prefixes(rule), service: backend.to_string(), pointer }));
        }
    }
}

/// The path prefixes a v2/v3 rule matches: `PathPrefix(`/api`)` and `Path(`/health`)`, each
/// argument cut at its first `{` (a v2 regular expression); a negated matcher matches none.
fn v2_prefixes(rule: &str) -> Vec<String> {
    PATH_MATCHER
        .captures_iter(rule)
        .filter(|captures| captures.get(1).is_none())
        .flat_map(|captures| captures.get(2).map_or("", |arguments| arguments.as_str()).split(',').map(str::to_string).collect::<Vec<_>>())
        .filter_map(|argument| path_argument(&argument))
        .collect()
}

/// Whether a compose service's labels route it through Traefik's Docker provider, and the path
/// prefixes of the routers they declare, each with the pointer segment of its rule's label
/// (none for a rule on host names alone): moorara's microservices-demo labels `site-service`
/// with `traefik.enable: "true"` and `traefik.http.routers.site-web.service: "site"`, and
/// `sensor-service` with a router's `rule: "Host(`localhost`) && PathPrefix(`/api/v1/sensor`)"`.
/// Labels as a map or a list of `key=value`; v1's `traefik.frontend.rule: "PathPrefix:/api"`
/// too; `traefik.enable=false` routes nothing.
pub fn label_routes(service: &Value) -> Option<Vec<(String, String)>> {
    // (key, value, pointer segment)
    let labels: Vec<(String, String, String)> = match service.get("labels") {
        Some(Value::Object(map)) => map.iter().map(|(key, value)| (key.clone(), value.as_str().map_or_else(|| value.to_string(), str::to_string), escape(key))).collect(),
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .filter_map(|(index, item)| Some((item.as_str()?.split_once('=')?, index)))
            .map(|((key, value), index)| (key.trim().to_string(), value.trim().to_string(), index.to_string()))
            .collect(),
        _ => return None,
    };
    let enabled = labels.iter().find(|(key, ..)| key == "traefik.enable").map(|(_, value, _)| value.trim_matches('"').to_lowercase());
    if enabled.as_deref() == Some("false") {
        return None;
    }
    let routed = enabled.as_deref() == Some("true") || labels.iter().any(|(key, ..)| ["traefik.http.routers.", "traefik.tcp.routers.", "traefik.frontend.rule"].iter().any(|prefix| key.starts_with(prefix)));
    routed.then(|| {
        let mut prefixes: Vec<(String, String)> = Vec::new();
        for (key, rule, segment) in &labels {
            let found = if key.starts_with("traefik.http.routers.") && key.ends_with(".rule") {
                v2_prefixes(rule)
            } else if key == "traefik.frontend.rule" {
                v1_prefixes(rule)
            } else {
                continue;
            };
            for prefix in found {
                if !prefixes.iter().any(|(known, _)| *known == prefix) {
                    prefixes.push((prefix, segment.clone()));
                }
            }
        }
        prefixes
    })
}

/// The path prefixes a v1 rule matches: `PathPrefix:/api/`, `PathPrefixStrip:/a,/b` and
/// `Path:/x` among its `;`-separated matchers (`Host:shop.example.com;PathPrefix:/api`).
fn v1_prefixes(rule: &str) -> Vec<String> {
    rule.split(';')
        .filter_map(|matcher| matcher.split_once(':'))
        .filter(|(name, _)| name.trim().to_lowercase().starts_with("path"))
        .flat_map(|(_, paths)| paths.split(',').filter_map(path_argument).collect::<Vec<_>>())
        .collect()
}

/// A matcher's argument as a path prefix, without its quotes and from its first `{` on.
fn path_argument(argument: &str) -> Option<String> {
    let path = argument.trim().trim_matches(|character: char| matches!(character, '`' | '"' | '\''));
    let path = path.split('{').next().unwrap_or(path);
    path.starts_with('/').then(|| path.to_string())
}

/// A key of an object, matched without regard to case as Traefik matches its keys
/// (`loadbalancer` in v1, `loadBalancer` in v2), with the key as written.
fn entry<'a>(value: &'a Value, key: &str) -> Option<(String, &'a Value)> {
    value.as_object()?.iter().find(|(name, _)| name.eq_ignore_ascii_case(key)).map(|(name, child)| (escape(name), child))
}

fn get<'a>(value: &'a Value, key: &str) -> Option<&'a Value> {
    entry(value, key).map(|(_, child)| child)
}

/// A key as a JSON pointer's segment.
fn escape(key: &str) -> String {
    key.replace('~', "~0").replace('/', "~1")
}

/// A TOML document as JSON, with the line each value starts on by its JSON pointer; `None`
/// when the text does not parse as TOML.
fn toml_document(text: &str) -> Option<(Value, BTreeMap<String, usize>)> {
    let document = toml::de::DeTable::parse(text).ok()?;
    let mut lines = BTreeMap::new();
    let line_at = |offset: usize| text.as_bytes()[..offset.min(text.len())].iter().filter(|byte| **byte == b'\n').count() + 1;
    let value = toml_table(document.get_ref(), "", &line_at, &mut lines);
    Some((value, lines))
}

/// A TOML table as a JSON object, recording where each value starts.
fn toml_table(table: &toml::de::DeTable<'_>, pointer: &str, line_at: &dyn Fn(usize) -> usize, lines: &mut BTreeMap<String, usize>) -> Value {
    let mut object = Map::new();
    for (key, value) in table {
        let at = format!("{pointer}/{}", escape(key.get_ref()));
        object.insert(key.get_ref().to_string(), toml_value(value, &at, line_at, lines));
    }
    Value::Object(object)
}

fn toml_value(value: &toml::Spanned<toml::de::DeValue<'_>>, pointer: &str, line_at: &dyn Fn(usize) -> usize, lines: &mut BTreeMap<String, usize>) -> Value {
    use toml::de::DeValue;
    lines.insert(pointer.to_string(), line_at(value.span().start));
    match value.get_ref() {
        DeValue::String(text) => Value::String(text.to_string()),
        DeValue::Integer(number) => number.to_string().parse::<i64>().map(Value::from).unwrap_or_else(|_| Value::String(number.to_string())),
        DeValue::Float(number) => number.to_string().parse::<f64>().ok().and_then(serde_json::Number::from_f64).map_or(Value::Null, Value::Number),
        DeValue::Boolean(flag) => Value::Bool(*flag),
        DeValue::Datetime(time) => Value::String(time.to_string()),
        DeValue::Array(items) => Value::Array(items.iter().enumerate().map(|(index, item)| toml_value(item, &format!("{pointer}/{index}"), line_at, lines)).collect()),
        DeValue::Table(table) => toml_table(table, pointer, line_at, lines),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn toml_tables_arrays_and_inline_tables_read_as_json() {
        let text = "title = \"x\" # a comment\n[http.routers.\"my-api\"]\n  rule = \"PathPrefix(`/api`)\"\n  entryPoints = [\n    \"web\", # first\n  ]\n\
                    [[http.services.api.loadBalancer.servers]]\n  url = 'http://api:3000'\n[[http.services.api.loadBalancer.servers]]\n  url = \"http://api-2:3000\"\n\
                    [http.services.web.loadBalancer]\n  servers = [{ url = \"http://web\" }]\n  sticky.cookie.name = \"s\"\n  port = 8_080\n";
        let (document, lines) = toml_document(text).expect("toml");
        assert_eq!(
            document,
            json!({
                "title": "x",
                "http": {
                    "routers": {"my-api": {"rule": "PathPrefix(`/api`)", "entryPoints": ["web"]}},
                    "services": {
                        "api": {"loadBalancer": {"servers": [{"url": "http://api:3000"}, {"url": "http://api-2:3000"}]}},
                        "web": {"loadBalancer": {"servers": [{"url": "http://web"}], "sticky": {"cookie": {"name": "s"}}, "port": 8080}}
                    }
                }
            })
        );
        assert_eq!(lines.get("/http/services/api/loadBalancer/servers/1/url"), Some(&10));
        assert_eq!(lines.get("/http/services/web/loadBalancer/servers"), Some(&12));
        assert_eq!(toml_document("[http\nurl = 1\n"), None);
        assert_eq!(toml_document("key = \"unclosed\n"), None);
    }

    #[test]
    fn rules_name_their_path_prefixes() {
        let cases: [(&str, &[&str]); 6] = [
            ("PathPrefix(`/api`)", &["/api"]),
            ("Host(`shop.example.com`) && (PathPrefix(`/a`, `/b`) || Path(\"/health\"))", &["/a", "/b", "/health"]),
            ("PathPrefix(`/api/{version}`) && !PathPrefix(`/api/internal`)", &["/api/"]),
            ("Host(`shop.example.com`)", &[]),
            ("PathRegexp(`^/api/.*`)", &[]),
            ("HostRegexp(`{any:.+}`)", &[]),
        ];
        for (rule, expected) in cases {
            assert_eq!(v2_prefixes(rule), expected, "{rule}");
        }
        assert_eq!(v1_prefixes("PathPrefix:/api/"), ["/api/"]);
        assert_eq!(v1_prefixes("Host:shop.example.com;PathPrefixStrip:/a,/b"), ["/a", "/b"]);
        assert!(v1_prefixes("Host:shop.example.com").is_empty());
    }
}
