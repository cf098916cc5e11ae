//! Backstage `catalog-info.yaml`: every kind, every relation, multi-document files, and API
//! definitions given inline or by `$text`/`$json`/`$yaml` reference.

use serde_json::{json, Value};

use crate::model::{make_ref, FileFacts, Method, UnitFact, UnitOrigin};
use crate::readers::{asyncapi, openapi, parent_dir};
use crate::yaml::{strings, text};

/// Reads document `index` of a catalog file at `path`.
pub fn read_entity(path: &str, index: usize, document: &Value) -> FileFacts {
    let mut facts = FileFacts::default();
    let Some(kind) = text(document, "kind") else { return facts };
    let metadata = document.get("metadata").cloned().unwrap_or(Value::Null);
    let Some(name) = text(&metadata, "name") else { return facts };
    let spec = document.get("spec").cloned().unwrap_or(Value::Null);
    let kind_lower = kind.to_lowercase();
    let this = make_ref(&kind_lower, name);
    let pointer = format!("/{index}");

    let mut props = serde_json::Map::new();
    for key in ["title", "description"] {
        if let Some(value) = text(&metadata, key) {
            props.insert(key.to_string(), json!(value));
        }
    }
    let tags = strings(metadata.get("tags"));
    if !tags.is_empty() {
        props.insert("tags".into(), json!(tags));
    }
    for key in ["type", "lifecycle"] {
        if let Some(value) = text(&spec, key) {
            props.insert(key.to_string(), json!(value));
        }
    }
    if let Some(profile) = spec.get("profile") {
        for key in ["displayName", "email"] {
            if let Some(value) = text(profile, key) {
                props.insert(key.to_string(), json!(value));
            }
        }
    }
    if let Some(annotations) = metadata.get("annotations").filter(|value| value.is_object()) {
        props.insert("annotations".into(), annotations.clone());
    }
    props.insert("catalog_file".into(), json!(path));
    facts.node(&kind_lower, name, Value::Object(props), &pointer, Method::Declared);

    let relation = |facts: &mut FileFacts, key: &str, edge_kind: &str, default_kind: &str, reverse: bool| {
        for target in strings(spec.get(key)) {
            let target = entity_ref(&target, default_kind);
            let (from, to) = if reverse { (target, this.clone()) } else { (this.clone(), target) };
            facts.edge(&from, &to, edge_kind, Value::Null, &format!("{pointer}/spec/{key}"), Method::Declared);
        }
    };
    relation(&mut facts, "owner", "owned_by", "group", false);
    relation(&mut facts, "system", "part_of", "system", false);
    relation(&mut facts, "domain", "part_of", "domain", false);
    relation(&mut facts, "subcomponentOf", "part_of", "component", false);
    relation(&mut facts, "providesApis", "provides", "api", false);
    relation(&mut facts, "consumesApis", "consumes", "api", false);
    relation(&mut facts, "dependsOn", "depends_on", "component", false);
    relation(&mut facts, "dependencyOf", "depends_on", "component", true);
    relation(&mut facts, "parent", "part_of", "group", false);
    relation(&mut facts, "children", "part_of", "group", true);
    relation(&mut facts, "members", "member_of", "user", true);
    relation(&mut facts, "memberOf", "member_of", "group", false);

    match kind_lower.as_str() {
        "component" => facts.units.push(UnitFact {
            name: name.to_string(),
            origin: UnitOrigin::Catalog,
            root: Some(parent_dir(path).to_string()),
            aliases: Vec::new(),
            infrastructure: false,
            labels: Default::default(),
            pointer: pointer.clone(),
        }),
        "api" => read_definition(&mut facts, path, name, &spec, &pointer),
        _ => {}
    }
    facts
}

/// An API's definition: inline text is read here under the API's name; a `$text` reference
/// is recorded so that resolution names the definition file's facts after this API.
fn read_definition(facts: &mut FileFacts, path: &str, name: &str, spec: &Value, pointer: &str) {
    let api_ref = make_ref("api", name);
    match spec.get("definition") {
        Some(Value::String(inline)) => {
            let parsed = crate::yaml::document(inline).ok();
            let inner = match (text(spec, "type"), parsed) {
                (Some("openapi"), Some(document)) => openapi::read(&document).ok(),
                (Some("asyncapi"), Some(document)) => asyncapi::read(&document).ok(),
                _ => None,
            };
            if let Some(mut inner) = inner {
                rename_api(&mut inner, name);
                facts.merge(inner);
            }
        }
        Some(Value::Object(reference)) => {
            let target = ["$text", "$json", "$yaml"].iter().find_map(|key| reference.get(*key).and_then(Value::as_str));
            if let Some(target) = target.filter(|target| !target.contains("://"))
                && let Some(definition_path) = super::join_relative(parent_dir(path), target) {
                    facts.edge(
                        &api_ref,
                        &format!("file:{definition_path}"),
                        "defined_in",
                        Value::Null,
                        &format!("{pointer}/spec/definition"),
                        Method::Declared,
                    );
                }
        }
        _ => {}
    }
}

/// Replaces the `{api}` placeholder a contract reader writes with `name`.
pub fn rename_api(facts: &mut FileFacts, name: &str) {
    let name = name.to_lowercase();
    for node in &mut facts.nodes {
        crate::model::fill_placeholder(&mut node.node_ref, crate::API_PLACEHOLDER, &name);
        crate::model::fill_placeholder(&mut node.name, crate::API_PLACEHOLDER, &name);
    }
    for edge in &mut facts.edges {
        crate::model::fill_placeholder(&mut edge.from, crate::API_PLACEHOLDER, &name);
        crate::model::fill_placeholder(&mut edge.to, crate::API_PLACEHOLDER, &name);
    }
}

/// `group:default/team-a`, `team-a` or `user:ada` as a ref, with `default_kind` when none is given.
pub fn entity_ref(target: &str, default_kind: &str) -> String {
    let (kind, rest) = match target.split_once(':') {
        Some((kind, rest)) => (kind, rest),
        None => (default_kind, target),
    };
    let name = rest.rsplit('/').next().unwrap_or(rest);
    make_ref(kind, name)
}
