//! docker-compose: each service is a unit (built from a folder of this repo, another repo,
//! or a third-party image); `depends_on`, `links` and env vars whose value names another
//! service become dependencies between hosts that resolution maps to components.

use serde_json::{json, Value};

use crate::model::{FileFacts, Method, UnitFact, UnitOrigin};
use crate::net::hosts_in_value;
use crate::readers::{join_relative, parent_dir};
use crate::yaml::{pointer_segment, text};

pub fn looks_like_compose(path: &str, document: &Value) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path).to_lowercase();
    let named_like_compose = name.contains("compose");
    document.get("services").and_then(Value::as_object).is_some_and(|services| {
        named_like_compose || services.values().any(|service| service.get("image").is_some() || service.get("build").is_some())
    })
}

pub fn read(path: &str, document: &Value) -> FileFacts {
    let mut facts = FileFacts::default();
    let Some(services) = document.get("services").and_then(Value::as_object) else { return facts };
    for (name, service) in services {
        let pointer = format!("/services/{}", pointer_segment(name));
        let context = match service.get("build") {
            Some(Value::String(context)) => Some(context.as_str()),
            Some(build) => text(build, "context"),
            None => None,
        };
        let image = text(service, "image").unwrap_or("");
        let root = context.and_then(|context| join_relative(parent_dir(path), context));
        let sibling_repo = match (context, &root) {
            (Some(context), None) => context.trim_end_matches('/').rsplit('/').next().map(|repo| format!("repo:{repo}")),
            _ => None,
        };
        let mut aliases: Vec<String> = ["hostname", "container_name"].iter().filter_map(|key| text(service, key)).map(str::to_lowercase).collect();
        aliases.extend(sibling_repo);
        let image_name = image.rsplit('/').next().and_then(|base| base.split([':', '@']).next()).unwrap_or("").to_lowercase();
        if !image_name.is_empty() && image_name != name.to_lowercase() {
            aliases.push(image_name);
        }
        if let Some(networks) = service.get("networks").and_then(Value::as_object) {
            for network in networks.values() {
                aliases.extend(crate::yaml::strings(network.get("aliases")).into_iter().map(|alias| alias.to_lowercase()));
            }
        }
        facts.units.push(UnitFact {
            name: name.clone(),
            origin: UnitOrigin::Compose,
            root,
            aliases,
            infrastructure: context.is_none() && super::kubernetes::is_infrastructure_image(image),
            labels: Default::default(),
            pointer: pointer.clone(),
        });
        let this = format!("host:{}", name.to_lowercase());
        let depends_on: Vec<String> = match service.get("depends_on") {
            Some(Value::Object(map)) => map.keys().cloned().collect(),
            other => crate::yaml::strings(other),
        };
        let links: Vec<String> = crate::yaml::strings(service.get("links")).into_iter().map(|link| link.split(':').next().unwrap_or("").to_string()).collect();
        for target in depends_on.iter().chain(&links).filter(|target| !target.is_empty()) {
            facts.edge(&this, &format!("host:{}", target.to_lowercase()), "depends_on", json!({"via": "depends_on"}), &format!("{pointer}/depends_on"), Method::Declared);
        }
        for (key, value) in environment(service.get("environment")) {
            for host in hosts_in_value(&key, &value) {
                facts.edge(&this, &format!("host:{host}"), "depends_on", json!({"env": key}), &format!("{pointer}/environment/{key}"), Method::Parsed);
            }
        }
    }
    facts
}

/// Compose `environment` as a list of `KEY=VALUE` or a mapping.
fn environment(value: Option<&Value>) -> Vec<(String, String)> {
    match value {
        Some(Value::Object(map)) => map
            .iter()
            .map(|(key, value)| (key.clone(), value.as_str().map(str::to_string).unwrap_or_else(|| value.to_string())))
            .collect(),
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .filter_map(|item| item.split_once('=').map(|(key, value)| (key.to_string(), value.to_string())))
            .collect(),
        _ => Vec::new(),
    }
}
