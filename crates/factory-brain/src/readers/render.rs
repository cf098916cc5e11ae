//! Render's Blueprint (`render.yaml`): the services Render deploys, each rooted at its `rootDir`
//! (the repo's root without one) and reachable as `<name>.onrender.com`, and what each is given
//! of another: an env var `fromService: { name: python-fastapi, property: hostport }` (Uchida16104's
//! Polyglot-Microservices-Stack gives its Rust backend the FastAPI service's address so) is a
//! dependency on that service, `fromDatabase` one on the database; a `value` naming another
//! service's host is read as compose's env is. Key-value stores (`type: redis`, `keyvalue`) and
//! `databases` are resources; a service run from an image (`image: { url: .. }`) has no folder.

use serde_json::{Value, json};

use crate::model::{FileFacts, Method, UnitFact, UnitOrigin};
use crate::net::hosts_in_value;
use crate::yaml::text;

/// Render's service types that run no code of the org's own.
const RESOURCE_TYPES: &[&str] = &["redis", "keyvalue"];

/// Whether a file is a Render Blueprint: named `render.yaml` (or `.yml`), with a list of
/// `services` each of a `type` and a `name`.
pub fn looks_like_blueprint(path: &str, document: &Value) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path).to_lowercase();
    let services = document.get("services").and_then(Value::as_array);
    matches!(name.as_str(), "render.yaml" | "render.yml") && services.is_some_and(|services| !services.is_empty() && services.iter().all(|service| text(service, "type").is_some() && text(service, "name").is_some()))
}

pub fn read(document: &Value) -> FileFacts {
    let mut facts = FileFacts::default();
    for (section, resource) in [("services", false), ("databases", true)] {
        for (index, service) in document.get(section).and_then(Value::as_array).into_iter().flatten().enumerate() {
            let Some(name) = text(service, "name") else { continue };
            let pointer = format!("/{section}/{index}");
            let infrastructure = resource || text(service, "type").is_some_and(|kind| RESOURCE_TYPES.contains(&kind));
            let from_image = service.get("image").is_some();
            let root = (!infrastructure && !from_image).then(|| text(service, "rootDir").unwrap_or("").trim_matches('/').trim_start_matches("./").to_string());
            let aliases = vec![format!("{}.onrender.com", name.to_lowercase())];
            facts.units.push(UnitFact { name: name.to_string(), origin: UnitOrigin::Render, root, aliases, infrastructure, labels: Default::default(), pointer: pointer.clone() });
            let this = format!("host:{}", name.to_lowercase());
            for (at, variable) in service.get("envVars").and_then(Value::as_array).into_iter().flatten().enumerate() {
                let key = text(variable, "key").unwrap_or("");
                let env_pointer = format!("{pointer}/envVars/{at}");
                let given = ["fromService", "fromDatabase"].iter().find_map(|from| variable.get(*from).and_then(|source| text(source, "name")));
                if let Some(source) = given {
                    facts.edge(&this, &format!("host:{}", source.to_lowercase()), "depends_on", json!({"env": key, "via": "render blueprint"}), &env_pointer, Method::Declared);
                    continue;
                }
                for host in text(variable, "value").map(|value| hosts_in_value(key, value)).unwrap_or_default() {
                    facts.edge(&this, &format!("host:{host}"), "depends_on", json!({"env": key}), &env_pointer, Method::Parsed);
                }
            }
        }
    }
    facts
}
