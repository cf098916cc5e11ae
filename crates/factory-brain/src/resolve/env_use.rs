//! Which env vars of a workload's deploy env (compose `environment:`, a Kubernetes
//! container's `env`) its code uses. Real systems give every service the same block of every
//! service's address; a value naming another service is a dependency only where the code may
//! read it. Two kinds of evidence of non-use, each kept narrow:
//! - a Spring Boot service's code takes some of the env vars of its deploy env that name
//!   services (`@FeignClient(url = "${order-service.url}")` reads `ORDER_SERVICE_URL`): the
//!   others it does not take name no dependency (as for a ConfigMap shared by many workloads,
//!   [`crate::resolve::edges::apply_config_maps`]). Only for Spring, whose code reads its
//!   environment through properties: Go or Python code may read env vars anywhere, in code
//!   the brain did not read (duynhlab's checkout service is given shipping's address by its
//!   deploy files alone);
//! - a Spring Boot service maps an env var to a property named after it
//!   (`order-service.url=${ORDER_SERVICE_URL}`) that neither its code nor its config ever
//!   takes ([`crate::readers::spring_env`]): the env var is not used.
//!
//! A workload with no Java or Kotlin code read, code taking properties or env vars by computed
//! names (`env.getProperty(key)`, `System.getenv(name)`), or an env var not
//! shaped like one code reads by name (`Services__orders__0`, `SPRING_DATASOURCE_URL`) keeps
//! its edges.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::model::EdgeFact;
use crate::net::hosts_in_value;
use crate::resolve::config::Settings;
use crate::readers::spring_env::{MAPS_ENV, REFERS_PROPERTY};
use crate::resolve::{Components, ScannedFacts};

/// Roots of the properties libraries read themselves: a property under them is used though no
/// code names it (`spring.datasource.url`, `eureka.client.service-url.defaultZone`,
/// `grpc.client.orders.address`).
const LIBRARY_ROOTS: &[&str] = &[
    "spring", "server", "management", "logging", "eureka", "feign", "ribbon", "hystrix", "zuul", "resilience4j", "springdoc", "grpc", "camel", "dubbo", "axon",
    "otel", "opentracing", "jaeger", "zipkin", "wiremock", "jasypt", "keycloak", "okta", "quarkus", "mp", "micronaut", "info", "debug", "trace",
];

/// What each component's code reads of the env vars its deploy env sets.
#[derive(Debug, Default)]
pub struct EnvUse {
    /// Component ref -> the env vars its code reads: by name, or through a Spring property its
    /// code or config takes.
    reads: BTreeMap<String, BTreeSet<String>>,
    /// Component ref -> env vars mapped to Spring properties named after them that nothing takes.
    unused: BTreeMap<String, BTreeSet<String>>,
    /// Component ref -> env vars of its deploy env whose value names another component.
    naming_services: BTreeMap<String, BTreeSet<String>>,
    /// Components whose env reads are all seen: Spring services with Java or Kotlin code read,
    /// none of it taking properties by names it computes.
    judged: BTreeSet<String>,
}

/// A component's Spring properties: (env var, property) mappings and the properties taken.
#[derive(Debug, Default)]
struct Properties<'a> {
    mappings: Vec<(&'a str, &'a str)>,
    /// (property or prefix, whether a prefix); `*` for any.
    taken: Vec<(&'a str, bool)>,
    /// Whether the component holds JVM code the brain read.
    has_code: bool,
}

impl EnvUse {
    /// `env_reads`: the env vars each component's code reads by name ([`crate::resolve::edges::env_reads_by_component`]).
    /// `settings`: the `.env` settings a compose value's `${VAR}` is filled from.
    pub(crate) fn collect(files: &[ScannedFacts], components: &Components, env_reads: &BTreeMap<String, BTreeSet<String>>, settings: &Settings) -> Self {
        let mut collected = Self { reads: env_reads.clone(), ..Self::default() };
        let mut by_component: BTreeMap<String, Properties<'_>> = BTreeMap::new();
        // (repo) -> what files no component owns take (a shared library module's code).
        let mut unowned: BTreeMap<&str, Vec<(&str, bool)>> = BTreeMap::new();
        for file in files {
            for edge in file.facts.edges.iter().filter(|edge| edge.from.starts_with("host:") && edge.kind == "depends_on") {
                let (Some(key), Some(workload)) = (edge.props.get("env").and_then(Value::as_str), edge.from.strip_prefix("host:").and_then(|host| components.by_host(host))) else {
                    continue;
                };
                // A value with variables (`http://cart:${CART_PORT:?}`) names what it names
                // once the `.env` fills it.
                let targets = match edge.to.strip_prefix("setting:") {
                    Some(_) => edge
                        .props
                        .get("value")
                        .and_then(Value::as_str)
                        .and_then(|template| settings.expand_address(&file.repo, &file.path, template))
                        .map(|value| hosts_in_value(key, &value))
                        .unwrap_or_default(),
                    None => edge.to.strip_prefix("host:").map(str::to_string).into_iter().collect(),
                };
                if targets.iter().filter_map(|host| components.by_host(host)).any(|target| workload.node_ref != target.node_ref) {
                    collected.naming_services.entry(workload.node_ref.clone()).or_default().insert(key.to_string());
                }
            }
            let code = !crate::readers::code::is_test_path(&file.path) && (file.path.ends_with(".java") || file.path.ends_with(".kt"));
            let mut edges = file.facts.edges.iter().filter(|edge| edge.kind == MAPS_ENV || edge.kind == REFERS_PROPERTY).peekable();
            if edges.peek().is_none() && !code {
                continue;
            }
            let owner = components.owning(&file.repo, &file.path);
            let mut properties = owner.map(|owner| by_component.entry(owner.node_ref.clone()).or_default());
            if let Some(properties) = properties.as_mut() {
                properties.has_code |= code;
            }
            for edge in edges {
                let Some(property) = edge.to.strip_prefix("property:") else { continue };
                let prefix = edge.props.get("prefix").and_then(Value::as_bool).unwrap_or(false);
                match (edge.kind.as_str(), properties.as_mut()) {
                    (MAPS_ENV, Some(properties)) => properties.mappings.extend(edge.props.get("env").and_then(Value::as_str).map(|env| (env, property))),
                    (MAPS_ENV, None) => {}
                    (_, Some(properties)) => properties.taken.push((property, prefix)),
                    (_, None) => unowned.entry(file.repo.as_str()).or_default().push((property, prefix)),
                }
            }
        }
        for (component, properties) in &by_component {
            let repo = components.by_name.values().find(|found| found.node_ref == *component).and_then(|found| found.repo.as_deref()).unwrap_or_default();
            let taken: Vec<(&str, bool)> = properties.taken.iter().chain(unowned.get(repo).into_iter().flatten()).copied().collect();
            let takes = |property: &str| taken.iter().any(|(taken, prefix)| covers(taken, *prefix, property));
            // Spring looks a property up in the environment by its name in capitals, `.` and `-`
            // made `_` (`${order-service.url}` reads `ORDER_SERVICE_URL`).
            let takes_env = |env: &str| taken.iter().any(|(taken, prefix)| *taken == "*" || *taken == env || env_form(taken) == env || (*prefix && env.starts_with(&format!("{}_", env_form(taken)))));
            let reads = collected.reads.entry(component.clone()).or_default();
            // An env var is bound to the property its name relaxes to (`ORDER_SERVICE_URL` to
            // `order.service.url`) without any mapping.
            for env in collected.naming_services.get(component).into_iter().flatten().filter(|env| takes_env(env)) {
                reads.insert(env.clone());
            }
            let judged = properties.has_code && !taken.iter().any(|(taken, _)| *taken == "*");
            if judged {
                collected.judged.insert(component.clone());
            }
            let mut mapped: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
            for (env, property) in &properties.mappings {
                mapped.entry(env).or_default().push(property);
            }
            for (env, mapped_to) in mapped {
                if mapped_to.iter().any(|property| is_library_property(property) || takes(property)) || takes_env(env) {
                    reads.insert(env.to_string());
                } else if judged && mapped_to.iter().all(|property| named_after(property, env)) {
                    collected.unused.entry(component.clone()).or_default().insert(env.to_string());
                }
            }
        }
        collected
    }

    /// The env vars `component`'s code reads, by name or through Spring properties; none when
    /// nothing is known of its reads.
    pub fn reads(&self, component: &str) -> Option<&BTreeSet<String>> {
        self.reads.get(component)
    }

    /// Whether `key` is mapped to a Spring property of `component` that nothing takes.
    pub fn unused(&self, component: &str, key: &str) -> bool {
        self.unused.get(component).is_some_and(|unused| unused.contains(key))
    }

    /// Whether the env var `key` of `component`'s deploy env is one its code does not read.
    pub fn unread(&self, component: &str, key: &str) -> bool {
        if self.unused(component, key) {
            return true;
        }
        if !self.judged.contains(component) || !judged_by_name(key) {
            return false;
        }
        let Some(reads) = self.reads.get(component) else { return false };
        let naming = self.naming_services.get(component);
        let reads_some = naming.is_some_and(|naming| naming.iter().any(|env| reads.contains(env)));
        reads_some && !reads.contains(key)
    }

    /// A deploy file's edge from a workload to another component through an env var its code
    /// does not read.
    pub(crate) fn unread_edge(&self, edge: &EdgeFact, components: &Components) -> bool {
        if edge.kind != "depends_on" {
            return false;
        }
        let (Some(key), Some(workload), Some(target)) = (
            edge.props.get("env").and_then(Value::as_str),
            edge.from.strip_prefix("host:").and_then(|host| components.by_host(host)),
            edge.to.strip_prefix("host:").and_then(|host| components.by_host(host)),
        ) else {
            return false;
        };
        workload.node_ref != target.node_ref && self.unread(&workload.node_ref, key)
    }
}

/// Whether code would read `key` by that very name: an env var's shape, not one a framework
/// binds to its settings by its words (`Services__orders__0`, `SPRING_DATASOURCE_URL`).
fn judged_by_name(key: &str) -> bool {
    let env_name = key.starts_with(|character: char| character.is_ascii_uppercase()) && key.bytes().all(|byte| byte.is_ascii_uppercase() || byte.is_ascii_digit() || byte == b'_');
    env_name && !key.contains("__") && !is_library_property(&relaxed(key))
}

/// The property Spring binds an env var to (`ORDER_SERVICE_URL`: `order.service.url`).
fn relaxed(env: &str) -> String {
    env.to_lowercase().replace('_', ".")
}

/// The env var Spring reads for a property (`order-service.url`: `ORDER_SERVICE_URL`).
fn env_form(property: &str) -> String {
    property.replace(['.', '-'], "_").to_uppercase()
}

/// A property's name as Spring compares names: lowercase, without dashes (`orderService.url`,
/// `order-service.url` and `orderservice.url` are one).
fn canonical(property: &str) -> String {
    property.to_lowercase().replace(['-', '_'], "")
}

/// Whether `taken` (a property, a prefix, `*`) takes `property`.
fn covers(taken: &str, prefix: bool, property: &str) -> bool {
    if taken == "*" || taken == property {
        return true;
    }
    let (taken, property) = (canonical(taken), canonical(property));
    taken == property || (prefix && (taken.is_empty() || property.strip_prefix(&taken).is_some_and(|rest| rest.starts_with('.'))))
}

fn is_library_property(property: &str) -> bool {
    let root = property.split('.').next().unwrap_or(property).to_lowercase();
    LIBRARY_ROOTS.contains(&root.as_str())
}

/// Whether a property is named after the env var it maps (`order-service.url` and
/// `order.service.url` after `ORDER_SERVICE_URL`): the boilerplate of a block of every
/// service's address, not a library's own setting.
fn named_after(property: &str, env: &str) -> bool {
    env_form(property) == env && !is_library_property(property)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spring_compares_property_names_relaxed() {
        assert!(covers("order-service.url", false, "orderService.url"));
        assert!(covers("order-service", true, "order-service.url"));
        assert!(!covers("order", true, "order-service.url"));
        assert!(!covers("order-service", false, "order-service.url"));
        assert!(named_after("order-service.url", "ORDER_SERVICE_URL"));
        assert!(named_after("order.service.url", "ORDER_SERVICE_URL"));
        assert!(!named_after("clients.orders", "ORDER_SERVICE_URL"));
        assert!(!named_after("spring.datasource.url", "SPRING_DATASOURCE_URL"));
        assert_eq!(env_form("order-service.url"), "ORDER_SERVICE_URL");
        assert!(judged_by_name("USER_SERVICE_URL"));
        assert!(!judged_by_name("SPRING_CLOUD_GATEWAY_ROUTES_0_URI"));
        assert!(!judged_by_name("RemoteServices__Orders__BaseUrl"));
    }
}
