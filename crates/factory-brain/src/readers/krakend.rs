//! KrakenD's config (`krakend.json`, `"version": 2` or `3`, in JSON or YAML): each endpoint's
//! `backend[]` names the hosts (`"host": ["http://auth-service:7110"]`, else the root's `host`
//! default) it sends the endpoint's path (`"endpoint": "/v1/auth/login"`) to, so the component
//! owning the file (the folder its image is built from, `FROM devopsfaith/krakend`, or the stock
//! `krakend` image mounting it) depends on each, with the path as the `location` nginx's are
//! recorded with (`resolve/gateways.rs`); a path's parameters end it (`/api/po/{id}` routes
//! `/api/po/`).
//!
//! KrakenD's Flexible Configuration renders `krakend.tmpl` from the JSON of its `settings/`
//! folder (FC_SETTINGS), and it is there that the hosts are (polyglot-ecommerce's gateway,
//! `settings/auth_service.json`: `{"host": "...", "host_env": "AUTH_SERVICE_HOST", "endpoints":
//! [{"endpoint": "/api/auth/login", ...}]}`): an object of a settings file naming a host (`host`,
//! `hosts`, `default_host(s)`) as an address, or by the env var a `host_env` names, is a backend
//! of the `endpoint` paths below it. The env var is resolved as nginx's `${AUTH_SERVICE_HOST}`
//! is (by its name), and where the gateway's own deployment sets it, by its value there.
//!
//! `localhost` is KrakenD itself (its `/__debug/` and `/__health`), never a call; a host on
//! `host.docker.internal` is the machine's published port. Other URLs (an auth validator's
//! `jwk_url`, identity infrastructure) are no backend of an endpoint.

use std::collections::BTreeSet;

use serde_json::{json, Value};

use crate::model::FileFacts;
use crate::readers::{compose, kong};

/// The `config` prop of the edges read from KrakenD's config.
pub const CONFIG: &str = "krakend";

/// Whether a document is KrakenD's config: a `version` (or KrakenD's `$schema`) and
/// `endpoints` with their `backend`s.
pub fn looks_like_krakend(document: &Value) -> bool {
    let versioned = document.get("version").is_some_and(Value::is_number) || document.get("$schema").and_then(Value::as_str).is_some_and(|schema| schema.contains("krakend.io"));
    versioned && array(document, "endpoints").any(|(_, endpoint)| endpoint.get("backend").is_some_and(Value::is_array))
}

pub fn read(document: &Value) -> FileFacts {
    let defaults = backend_addresses(document.get("host"), "/host");
    let mut facts = FileFacts::default();
    let mut seen = BTreeSet::new();
    for (index, endpoint) in array(document, "endpoints") {
        let location = endpoint.get("endpoint").and_then(Value::as_str).and_then(location);
        for (backend_index, backend) in array(endpoint, "backend") {
            let at = format!("/endpoints/{index}/backend/{backend_index}");
            let own = backend_addresses(backend.get("host"), &format!("{at}/host"));
            // A backend of no host of its own takes the root's, its own pointer kept.
            let hosts = if own.is_empty() { defaults.iter().map(|(address, _)| (address.clone(), at.clone())).collect() } else { own };
            for (address, pointer) in hosts {
                if seen.insert((address.clone(), location.clone())) {
                    dependency(&mut facts, &address, location.as_deref(), &pointer);
                }
            }
        }
    }
    facts
}

/// Whether a file sits in a Flexible Configuration's `settings` folder (`settings/prod/` too).
pub fn is_settings_path(path: &str) -> bool {
    path.split('/').rev().skip(1).any(|folder| folder == "settings")
}

/// The backends a Flexible Configuration's settings file names: `None` when no object of it
/// names a host (its other URLs are read as any config's).
pub fn read_settings(document: &Value) -> Option<FileFacts> {
    let mut facts = FileFacts::default();
    let mut stack: Vec<(String, &Value)> = vec![(String::new(), document)];
    let mut found = false;
    while let Some((at, value)) = stack.pop() {
        match value {
            Value::Object(map) => {
                stack.extend(map.iter().map(|(key, child)| (format!("{at}/{key}"), child)));
                let addresses: Vec<(String, String)> =
                    map.iter().filter(|(key, _)| is_host_key(key)).flat_map(|(key, value)| addresses(Some(value), &format!("{at}/{key}"))).collect();
                let variables: Vec<(&str, String)> = map
                    .iter()
                    .filter(|(key, _)| key.strip_suffix("_env").is_some_and(is_host_key))
                    .filter_map(|(key, value)| Some((value.as_str().filter(|name| is_env_name(name))?, format!("{at}/{key}"))))
                    .collect();
                if addresses.is_empty() && variables.is_empty() {
                    continue;
                }
                found = true;
                let mut locations: Vec<Option<String>> = endpoints(value).into_iter().map(Some).collect();
                if locations.is_empty() {
                    locations.push(None);
                }
                for (index, location) in locations.iter().enumerate() {
                    // Each location's edge points at where it is set, so that they stay distinct facts.
                    let pointer = |own: &str| if index == 0 { own.to_string() } else { format!("{own}/{index}") };
                    for (address, at) in &addresses {
                        dependency(&mut facts, address, location.as_deref(), &pointer(at));
                    }
                    for (variable, at) in &variables {
                        let Some(prefix) = crate::net::env_key_prefix(variable) else { continue };
                        let mut props = json!({"config": CONFIG, "env": variable});
                        if let Some(location) = location {
                            props["location"] = json!(location);
                        }
                        facts.edge("self", &format!("env:{prefix}"), "depends_on", props, &pointer(at), crate::model::Method::Parsed);
                    }
                }
            }
            Value::Array(items) => stack.extend(items.iter().enumerate().map(|(index, item)| (format!("{at}/{index}"), item))),
            _ => {}
        }
    }
    found.then_some(facts)
}

/// The edge to a backend's address, with the endpoint path routed there.
fn dependency(facts: &mut FileFacts, address: &str, location: Option<&str>, pointer: &str) {
    let mut props = json!({"config": CONFIG});
    if let Some(location) = location {
        props["location"] = json!(location);
    }
    // KrakenD in a container reaches a service on the machine through its published port.
    if address.contains("host.docker.internal")
        && let Some(port) = compose::machine_port(address).filter(|port| port.bytes().all(|byte| byte.is_ascii_digit()))
    {
        props["via"] = json!("published port");
        facts.inferred_edge("self", &format!("host:{}", compose::machine_alias(&port)), "depends_on", props, pointer, 0.7);
        return;
    }
    kong::dependency(facts, address, props, pointer);
}

/// The addresses a backend's (or the root's) `host` gives: also a bare DNS name, to which
/// KrakenD adds `http://` (Bajocode's polyglot-microservices-webshop's `"host":
/// ["cart-service.default"]` beside `"sd": "dns"`), which a settings file's bare word is not.
fn backend_addresses(value: Option<&Value>, at: &str) -> Vec<(String, String)> {
    let with_scheme = |text: &str, pointer: String| Some(if is_address(text) { (text.to_string(), pointer) } else { (format!("http://{text}"), pointer) }).filter(|_| is_address(text) || crate::net::is_bare_host(text));
    match value {
        Some(Value::String(address)) => with_scheme(address, at.to_string()).into_iter().collect(),
        Some(Value::Array(items)) => items.iter().enumerate().filter_map(|(index, item)| with_scheme(item.as_str()?, format!("{at}/{index}"))).collect(),
        _ => Vec::new(),
    }
}

/// The addresses a `host` gives, a string or a list, with their pointers.
fn addresses(value: Option<&Value>, at: &str) -> Vec<(String, String)> {
    match value {
        Some(Value::String(address)) if is_address(address) => vec![(address.clone(), at.to_string())],
        Some(Value::Array(items)) => {
            items.iter().enumerate().filter_map(|(index, item)| Some((item.as_str().filter(|address| is_address(address))?.to_string(), format!("{at}/{index}")))).collect()
        }
        _ => Vec::new(),
    }
}

/// A URL or `host:port` (KrakenD adds `http://` to a host without its scheme); a bare word
/// beside a settings file's `port` is some other client's host.
fn is_address(text: &str) -> bool {
    text.contains("://") || text.rsplit_once(':').is_some_and(|(_, port)| !port.is_empty() && port.bytes().all(|byte| byte.is_ascii_digit()))
}

fn is_host_key(key: &str) -> bool {
    matches!(key.to_lowercase().as_str(), "host" | "hosts" | "default_host" | "default_hosts")
}

/// An env var's name as a template's `env` reads it: `AUTH_SERVICE_HOST`.
fn is_env_name(name: &str) -> bool {
    name.len() > 2 && name.starts_with(|character: char| character.is_ascii_uppercase()) && name.bytes().all(|byte| byte.is_ascii_uppercase() || byte.is_ascii_digit() || byte == b'_')
}

/// The `endpoint` paths of an object and of the objects below it that name no host of their own.
fn endpoints(object: &Value) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![object];
    while let Some(value) = stack.pop() {
        match value {
            Value::Object(map) => {
                if let Some(location) = map.get("endpoint").and_then(Value::as_str).and_then(location)
                    && !found.contains(&location)
                {
                    found.push(location);
                }
                let own_host = |child: &Value| child.as_object().is_some_and(|child| child.keys().any(|key| is_host_key(key) || key.strip_suffix("_env").is_some_and(is_host_key)));
                stack.extend(map.values().rev().filter(|child| !own_host(child)));
            }
            Value::Array(items) => stack.extend(items.iter().rev()),
            _ => {}
        }
    }
    found
}

/// The path prefix an endpoint routes: up to its first parameter (`/api/po/{id}`) or wildcard
/// (`/static/*`).
fn location(endpoint: &str) -> Option<String> {
    let prefix = endpoint.split(['{', '*']).next().unwrap_or(endpoint);
    prefix.starts_with('/').then(|| prefix.to_string())
}

/// The items of `value[key]` with their indexes, none when it is no array.
fn array<'a>(value: &'a Value, key: &str) -> impl Iterator<Item = (usize, &'a Value)> {
    value.get(key).and_then(Value::as_array).into_iter().flatten().enumerate()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_endpoints_parameters_end_its_location() {
        assert_eq!(location("/api/po/{id}").as_deref(), Some("/api/po/"));
        assert_eq!(location("/v1/auth/login").as_deref(), Some("/v1/auth/login"));
        assert_eq!(location("/static/*").as_deref(), Some("/static/"));
        assert_eq!(location("{{ $endpoint.endpoint }}"), None);
    }
}
