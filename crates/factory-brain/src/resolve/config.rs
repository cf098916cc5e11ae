//! Joins config files that were read one by one: the `.env` settings (a `.env.example`'s
//! where the repo commits no `.env`) that fill compose, Envoy and nginx values (`setting:KEY`
//! edges), the env files compose services take their
//! environment from (`env_file:`), NetworkPolicy label selectors mapped to the workloads they
//! pick, and `.github/component_owners.yml` folders mapped to the components rooted there.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::{json, Value};

use crate::model::{FileFacts, Method, UnitOrigin};
use crate::net::{host_of, hosts_in_value, with_url_path};
use crate::readers::codeowners::OWNERS_FOLDER;
use crate::readers::compose::{ENV_FILE, SPRING_CONFIG};
use crate::readers::code::NAMES_CONSTANT;
use crate::readers::spring::{self, ANSWERS_TO};
use crate::readers::{dotenv, helm, parent_dir, placeholders};
use crate::resolve::components::SelectorMatch;
use crate::resolve::releases::HelmNames;
use crate::resolve::{Components, GraphBuilder, ScannedFacts};

/// Every env file's variables: each `.env` by the folder it sits in, and every env file by
/// its path.
/// What a committed template of an uncommitted env file adds to its name.
const ENV_TEMPLATES: &[&str] = &[".example", ".sample", ".dist", ".template"];

#[derive(Debug, Default)]
pub struct Settings {
    /// (repo, folder) -> variable -> value as written, from `.env` files.
    by_folder: BTreeMap<(String, String), BTreeMap<String, String>>,
    /// (repo, folder) -> variable -> value as written, from the `.env` template of the folder
    /// (`.env.example`…, [`dotenv::DOTENV_TEMPLATES`]), the most usual when it has several.
    templates_by_folder: BTreeMap<(String, String), BTreeMap<String, String>>,
    /// (repo, path) -> variable -> value as written, from every env file.
    by_file: BTreeMap<(String, String), BTreeMap<String, String>>,
    /// (repo, folder) -> Spring setting (`app.auth-server`) -> the values its config files give
    /// it (profiles may give several), by the folder of each file and of its module.
    spring: BTreeMap<(String, String), BTreeMap<String, BTreeSet<String>>>,
    /// (repo, folder) -> key -> the values the YAML maps of that folder give it, for a
    /// template's `{{KEY}}` placeholders (`readers/placeholders.rs`).
    template_values: BTreeMap<(String, String), BTreeMap<String, BTreeSet<String>>>,
}

impl Settings {
    pub fn collect(files: &[ScannedFacts]) -> Self {
        let mut collected = Self::default();
        let mut template_ranks = Vec::new();
        for file in files.iter().filter(|file| dotenv::is_env_file(&file_name(&file.path).to_lowercase())) {
            let settings: BTreeMap<String, String> = file
                .facts
                .nodes
                .iter()
                .filter(|node| node.kind == dotenv::SETTING)
                .filter_map(|node| node.props.get("value").and_then(Value::as_str).map(|value| (node.name.clone(), value.to_string())))
                .collect();
            let lower_name = file_name(&file.path).to_lowercase();
            let folder = (file.repo.clone(), parent_dir(&file.path).to_string());
            if dotenv::is_dotenv(&lower_name) {
                collected.by_folder.insert(folder, settings.clone());
            } else if let Some(rank) = dotenv::DOTENV_TEMPLATES.iter().position(|template| *template == lower_name) {
                template_ranks.push((rank, folder, settings.clone()));
            }
            collected.by_file.insert((file.repo.clone(), file.path.clone()), settings);
        }
        // The most usual template of a folder stands for its `.env`.
        template_ranks.sort_by_key(|(rank, _, _)| std::cmp::Reverse(*rank));
        for (_, folder, settings) in template_ranks {
            collected.templates_by_folder.insert(folder, settings);
        }
        for file in files.iter().filter(|file| !dotenv::is_env_file(&file_name(&file.path).to_lowercase())) {
            for node in file.facts.nodes.iter().filter(|node| node.kind == dotenv::SETTING) {
                let Some(value) = node.props.get("value").and_then(Value::as_str) else { continue };
                let folder = (file.repo.clone(), parent_dir(&file.path).to_string());
                collected.template_values.entry(folder).or_default().entry(node.name.clone()).or_default().insert(value.to_string());
            }
        }
        let config_file = |path: &str| path.rsplit_once('.').is_some_and(|(_, extension)| matches!(extension, "yml" | "yaml" | "properties"));
        for file in files.iter().filter(|file| config_file(&file.path)) {
            let settings = file.facts.edges.iter().filter(|edge| edge.kind == NAMES_CONSTANT).filter_map(|edge| {
                let key = edge.to.strip_prefix("constant:").filter(|key| key.contains('.'))?;
                Some((key, edge.props.get("value").and_then(Value::as_str).filter(|value| !value.is_empty())?))
            });
            let folders: BTreeSet<&str> = [parent_dir(&file.path), spring::module_folder(&file.path)].into();
            for (key, value) in settings {
                for folder in &folders {
                    collected.spring.entry((file.repo.clone(), folder.to_string())).or_default().entry(key.to_string()).or_default().insert(value.to_string());
                }
            }
        }
        collected
    }

    /// A Spring setting's value with its placeholders (`http://${app.auth-server}`) filled from
    /// the settings of the Spring config files beside `path` or in its module: each way the
    /// profiles fill it, loopback addresses left out. A placeholder nothing fills and with no
    /// default fills nothing, but for a port (`:${orders.port}`), which is left out.
    pub fn expand_spring(&self, repo: &str, path: &str, template: &str) -> Vec<String> {
        let folders: BTreeSet<&str> = [parent_dir(path), spring::module_folder(path)].into();
        let values = |key: &str| -> Vec<String> {
            let known = folders.iter().filter_map(|folder| self.spring.get(&(repo.to_string(), folder.to_string()))?.get(key)).flatten();
            let known: BTreeSet<&String> = known.collect();
            known.into_iter().filter(|value| !is_loopback(value)).cloned().collect()
        };
        let mut expanded = vec![String::new()];
        let mut rest = template;
        while let Some(start) = rest.find("${") {
            let Some(end) = rest[start..].find('}').map(|end| start + end) else { return Vec::new() };
            let (key, default) = match rest[start + 2..end].split_once(':') {
                Some((key, default)) => (key, Some(default)),
                None => (&rest[start + 2..end], None),
            };
            let mut filled = values(key);
            if filled.is_empty() {
                filled.extend(default.map(str::to_string));
            }
            let before = &rest[..start];
            let before = match (filled.is_empty(), before.strip_suffix(':')) {
                (true, Some(host)) => host,
                (true, None) => return Vec::new(),
                (false, _) => before,
            };
            if filled.is_empty() {
                filled.push(String::new());
            }
            expanded = expanded.iter().flat_map(|done| filled.iter().map(move |value| format!("{done}{before}{value}"))).take(8).collect();
            rest = &rest[end + 1..];
        }
        expanded.into_iter().map(|done| format!("{done}{rest}")).collect()
    }

    /// A template's `{{KEY}}` placeholders filled each way the repo's YAML maps of values fill
    /// them: for each key, those of the maps nearest the template (in the deepest folder they
    /// share with it: `kong/values/` for `kong/config/kong.base.yml`, before the repo's root).
    pub fn fill_template(&self, repo: &str, path: &str, template: &str) -> Vec<String> {
        let folder = parent_dir(path);
        let values = |key: &str| -> Vec<String> {
            let defining = self.template_values.iter().filter(|((of, _), _)| of == repo).filter_map(|((_, at), values)| Some((shared_depth(folder, at), values.get(key)?)));
            let mut nearest: Vec<(usize, &BTreeSet<String>)> = defining.collect();
            let deepest = nearest.iter().map(|(depth, _)| *depth).max().unwrap_or(0);
            nearest.retain(|(depth, _)| *depth == deepest);
            let found: BTreeSet<&String> = nearest.into_iter().flat_map(|(_, values)| values).collect();
            found.into_iter().filter(|value| !is_loopback(value)).cloned().collect()
        };
        placeholders::fill(template, &values)
    }

    /// `template` expanded with the `.env` nearest above `path` in `repo` (compose reads the
    /// one next to it; Envoy and nginx templates are filled from the same environment).
    pub fn expand(&self, repo: &str, path: &str, template: &str) -> Option<String> {
        let settings = self.nearest(repo, path);
        dotenv::expand(template, |name| settings.and_then(|settings| settings.get(name)).map(String::as_str))
    }

    /// An address expanded as [`Self::expand`] does, a port no setting gives left out
    /// ([`dotenv::expand_address`]).
    pub fn expand_address(&self, repo: &str, path: &str, template: &str) -> Option<String> {
        let settings = self.nearest(repo, path);
        dotenv::expand_address(template, |name| settings.and_then(|settings| settings.get(name)).map(String::as_str))
    }

    /// The settings of one env file, (variable, value as written).
    /// The settings of the env file at `path`, and whether they are a template's: for a file the
    /// repo does not hold (a `.env` each developer copies from the template beside it, as its
    /// README says), those of `.env.example`, `.env.sample`, `.env.dist` or `.env.template`.
    fn of_file(&self, repo: &str, path: &str) -> (impl Iterator<Item = (&String, &String)>, bool) {
        let file = |path: String| self.by_file.get(&(repo.to_string(), path));
        match file(path.to_string()) {
            Some(settings) => (Some(settings).into_iter().flatten(), false),
            None => (ENV_TEMPLATES.iter().find_map(|suffix| file(format!("{path}{suffix}"))).into_iter().flatten(), true),
        }
    }

    /// The settings of the `.env` nearest above `path`; when the repo commits none there, those
    /// of the nearest `.env` template (`.env.example`, which deployers copy to `.env`).
    fn nearest(&self, repo: &str, path: &str) -> Option<&BTreeMap<String, String>> {
        nearest_above(&self.by_folder, repo, path).or_else(|| nearest_above(&self.templates_by_folder, repo, path))
    }
}

/// The settings of the folder nearest above `path` that `by_folder` holds.
fn nearest_above<'a>(by_folder: &'a BTreeMap<(String, String), BTreeMap<String, String>>, repo: &str, path: &str) -> Option<&'a BTreeMap<String, String>> {
    let mut folder = parent_dir(path);
    loop {
        if let Some(settings) = by_folder.get(&(repo.to_string(), folder.to_string())) {
            return Some(settings);
        }
        if folder.is_empty() {
            return None;
        }
        folder = parent_dir(folder);
    }
}

/// The config files of the org, read once before any file is joined.
#[derive(Debug)]
pub struct Config {
    pub settings: Settings,
    /// Env files that belong to a compose project rather than to whoever owns their folder,
    /// as (repo, path): a `.env` next to a compose file building two services or more, and
    /// every file a service names in `env_file:`. Their values reach a service only through
    /// that service's environment.
    project_env_files: BTreeSet<(String, String)>,
    /// The env var names each component's code reads, by its ref; set once components are known.
    pub env_reads: BTreeMap<String, BTreeSet<String>>,
    /// Which env vars of each workload's deploy env its code uses; set once components are known.
    pub env_use: crate::resolve::env_use::EnvUse,
    /// Release names and third parties' charts, for hosts named after a Helm release.
    helm_names: HelmNames,
}

impl Config {
    pub fn collect(files: &[ScannedFacts]) -> Self {
        let shared_folders = shared_compose_folders(files);
        let mut project_env_files: BTreeSet<(String, String)> = files
            .iter()
            .filter(|file| dotenv::is_dotenv(&file_name(&file.path).to_lowercase()) && shared_folders.contains(&(file.repo.clone(), parent_dir(&file.path).to_string())))
            .map(|file| (file.repo.clone(), file.path.clone()))
            .collect();
        for file in files {
            for edge in file.facts.edges.iter().filter(|edge| edge.kind == ENV_FILE) {
                if let Some(path) = edge.to.strip_prefix("file:") {
                    project_env_files.insert((file.repo.clone(), path.to_string()));
                }
            }
        }
        Self { settings: Settings::collect(files), project_env_files, env_reads: BTreeMap::new(), env_use: Default::default(), helm_names: HelmNames::collect(files) }
    }

    /// One file's facts with what other files say filled in: `setting:` values expanded into
    /// the hosts they name (dropped when a variable has no value), `env_file` edges replaced
    /// by the hosts that file's settings name, NetworkPolicy selectors replaced by the one
    /// component they pick (dropped otherwise), and the facts only resolution reads
    /// (settings, `runs`, `answers_to`, component owner folders) taken out.
    pub(crate) fn join(&self, file: &ScannedFacts, mut facts: FileFacts, components: &Components) -> FileFacts {
        let settings = &self.settings;
        facts.nodes.retain(|node| node.kind != dotenv::SETTING);
        let project_env = self.project_env_files.contains(&(file.repo.clone(), file.path.clone()));
        // What each compose service's `environment:` sets, which wins over its `env_file:`.
        let environment: BTreeSet<(String, String)> = facts
            .edges
            .iter()
            .filter(|edge| edge.kind != ENV_FILE && edge.from.starts_with("host:"))
            .filter_map(|edge| Some((edge.from.clone(), edge.props.get("env").and_then(Value::as_str)?.to_string())))
            .collect();
        let mut edges = Vec::with_capacity(facts.edges.len());
        for edge in std::mem::take(&mut facts.edges) {
            if edge.kind == "runs" || edge.kind == ANSWERS_TO || edge.kind == SPRING_CONFIG || edge.from.starts_with(OWNERS_FOLDER) || (project_env && edge.from == "self") {
                continue;
            }
            if matches!(edge.kind.as_str(), helm::CHART | helm::CHART_DEPENDENCY | helm::RELEASE_NAME) {
                continue;
            }
            if edge.kind == ENV_FILE {
                let Some(env_file) = edge.to.strip_prefix("file:") else { continue };
                let (env_settings, from_template) = settings.of_file(&file.repo, env_file);
                // A template lists every setting of every service it is copied for: a service
                // takes only those its code reads.
                let service = edge.from.strip_prefix("host:").and_then(|host| components.by_host(host));
                let reads = service.and_then(|service| self.env_reads.get(&service.node_ref));
                for (key, template) in env_settings {
                    if from_template && !reads.is_some_and(|reads| reads.contains(key)) {
                        continue;
                    }
                    if environment.contains(&(edge.from.clone(), key.clone())) {
                        continue;
                    }
                    let Some(value) = settings.expand_address(&file.repo, &file.path, template) else { continue };
                    for host in hosts_in_value(key, &value) {
                        let props = with_url_path(json!({"env": key, "env_file": env_file}), &value, &host);
                        let props = props.as_object().cloned().unwrap_or_default();
                        edges.push(crate::model::EdgeFact { to: format!("host:{host}"), kind: "depends_on".into(), props, ..edge.clone() });
                    }
                }
                continue;
            }
            if let Some(key) = edge.props.get(spring::SPRING_SETTING).and_then(Value::as_str).filter(|_| edge.to.starts_with("setting:")) {
                let template = edge.props.get("value").and_then(Value::as_str).unwrap_or("");
                for value in settings.expand_spring(&file.repo, &file.path, template) {
                    for host in hosts_in_value(key, &value) {
                        let props = with_url_path(json!({"setting": key}), &value, &host).as_object().cloned().unwrap_or_default();
                        edges.push(crate::model::EdgeFact { to: format!("host:{host}"), props, ..edge.clone() });
                    }
                }
                continue;
            }
            if edge.to.starts_with("setting:") && edge.props.contains_key(placeholders::TEMPLATE) {
                edges.extend(self.filled_template(file, edge, components));
                continue;
            }
            if edge.to.starts_with("setting:") {
                let Some(value) = edge.props.get("value").and_then(Value::as_str).and_then(|template| settings.expand_address(&file.repo, &file.path, template)) else { continue };
                let hosts = match edge.props.get("env").and_then(Value::as_str) {
                    Some(key) => hosts_in_value(key, &value),
                    // Envoy and nginx name an upstream by its address alone.
                    None => host_of(&value, true).into_iter().collect(),
                };
                for host in hosts {
                    let mut filled = edge.clone();
                    filled.to = format!("host:{host}");
                    filled.props.remove("value");
                    if let Some(path) = with_url_path(json!({}), &value, &host).get("url_path") {
                        filled.props.insert("url_path".into(), path.clone());
                    }
                    edges.push(filled);
                }
                continue;
            }
            if edge.kind == "depends_on" && (edge.from.starts_with("selector:") || edge.to.starts_with("selector:")) {
                // Pods of other namespaces are never matched by name: they are not the repos'.
                let elsewhere = edge.props.get("other_namespaces").is_some();
                let picked = |endpoint: &str| match endpoint.strip_prefix("selector:") {
                    Some(selector) => components
                        .by_selector(selector)
                        .filter(|(_, how)| !(elsewhere && *how == SelectorMatch::LabelValue))
                        .map(|(component, how)| (component.node_ref.clone(), how == SelectorMatch::LabelValue)),
                    None => Some((endpoint.to_string(), false)),
                };
                if let (Some((from, from_by_value)), Some((to, to_by_value))) = (picked(&edge.from), picked(&edge.to)) {
                    let mut edge = crate::model::EdgeFact { from, to, ..edge };
                    if from_by_value || to_by_value {
                        // Declared, but matched by name rather than by the labels it states.
                        edge.props.insert("selector_matched_by".into(), json!("label value"));
                        edge.confidence = edge.confidence.min(0.8);
                    }
                    edges.push(edge);
                }
                continue;
            }
            edges.push(edge);
        }
        // A host named after a Helm release (`ticketing-auth-service`) names the service it is
        // of, when nothing is named so itself.
        if !self.helm_names.is_empty() {
            for edge in edges.iter_mut().filter(|edge| edge.to.starts_with("host:")) {
                if let Some(host) = self.helm_names.component_host(&edge.to["host:".len()..], components) {
                    edge.to = format!("host:{host}");
                }
            }
        }
        // A service given every service's address reads only some (`environment:` of compose,
        // a container's `env`).
        edges.retain(|edge| !self.env_use.unread_edge(edge, components));
        facts.edges = edges;
        facts
    }

    /// A template's address (`http://{{HOST_AUTH}}`) filled from the repo's values: the edge to
    /// the one component its values name (environments name it each their way:
    /// `auth-service:3000`, `ticketing-auth-service.ticketing.svc.cluster.local:3000`); none when
    /// they name no component or several.
    fn filled_template(&self, file: &ScannedFacts, edge: crate::model::EdgeFact, components: &Components) -> Option<crate::model::EdgeFact> {
        let template = edge.props.get("value").and_then(Value::as_str)?;
        let mut named: BTreeMap<String, (String, String)> = BTreeMap::new();
        for value in self.settings.fill_template(&file.repo, &file.path, template) {
            let Some(host) = host_of(&value, true) else { continue };
            let host = self.helm_names.component_host(&host, components).unwrap_or(host);
            if let Some(component) = components.by_host(&host) {
                named.entry(component.node_ref.clone()).or_insert((host, value));
            }
        }
        let mut named = named.into_values();
        let ((host, value), None) = (named.next()?, named.next()) else { return None };
        let mut filled = edge;
        filled.to = format!("host:{host}");
        filled.props.remove("value");
        filled.props.remove(placeholders::TEMPLATE);
        if let Some(path) = with_url_path(json!({}), &value, &host).get("url_path") {
            filled.props.insert("url_path".into(), path.clone());
        }
        Some(filled)
    }
}

/// Folders (repo, folder) whose compose file builds two services or more from this repo.
fn shared_compose_folders(files: &[ScannedFacts]) -> BTreeSet<(String, String)> {
    let mut folders = BTreeSet::new();
    for file in files {
        let rooted = file.facts.units.iter().filter(|unit| unit.origin == UnitOrigin::Compose && unit.root.is_some()).map(|unit| unit.name.to_lowercase());
        let built = file.facts.edges.iter().filter(|edge| edge.kind == "runs" && edge.to.starts_with("build:")).filter_map(|edge| edge.from.strip_prefix("host:").map(str::to_string));
        let services: BTreeSet<String> = rooted.chain(built).collect();
        if services.len() >= 2 {
            folders.insert((file.repo.clone(), parent_dir(&file.path).to_string()));
        }
    }
    folders
}

/// `.github/component_owners.yml`: the owners listed for a folder own the component rooted
/// exactly there.
pub(crate) fn apply_component_owners(graph: &mut GraphBuilder, files: &[ScannedFacts], components: &Components) {
    for file in files {
        for edge in file.facts.edges.iter().filter(|edge| edge.kind == "owned_by") {
            let Some(folder) = edge.from.strip_prefix(OWNERS_FOLDER) else { continue };
            let rooted_there = components.by_name.values().filter(|component| component.repo.as_deref() == Some(file.repo.as_str()) && component.root.as_deref() == Some(folder));
            for component in rooted_there {
                graph.edge(&component.node_ref, &edge.to, "owned_by", json!({"component_owners": folder}), file.source(&edge.pointer), Method::Declared, 1.0);
            }
        }
    }
}

/// How many folders two folders share from the top (`a/b/c` and `a/b/d`: 2).
fn shared_depth(one: &str, other: &str) -> usize {
    one.split('/').zip(other.split('/')).take_while(|(first, second)| first == second && !first.is_empty()).count()
}

/// Whether a setting's value is this machine (`localhost`, `http://127.0.0.1:9999`), as a
/// profile for running outside containers gives it.
fn is_loopback(value: &str) -> bool {
    let address = value.split_once("://").map_or(value, |(_, rest)| rest);
    matches!(address.split([':', '/']).next().unwrap_or(""), "localhost" | "127.0.0.1" | "0.0.0.0")
}

fn file_name(path: &str) -> &str {
    path.rsplit('/').next().unwrap_or(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spring_urls_placeholders_take_each_profiles_value_but_loopback() {
        let mut settings = Settings::default();
        let known: BTreeMap<String, BTreeSet<String>> =
            [("orders.host", vec!["localhost", "orders"]), ("auth.url", vec!["http://127.0.0.1:9999"])].into_iter().map(|(key, values)| (key.to_string(), values.into_iter().map(str::to_string).collect())).collect();
        settings.spring.insert(("shop".into(), "config".into()), known);
        let expand = |template: &str| settings.expand_spring("shop", "config/gateway.yml", template);
        assert_eq!(expand("http://${orders.host}:${orders.port}/api"), ["http://orders/api"], "a port nothing fills is left out");
        assert_eq!(expand("http://${orders.host}:${orders.port:8080}/api"), ["http://orders:8080/api"]);
        assert!(expand("http://${auth.url}/token").is_empty(), "a loopback value fills nothing");
        assert!(expand("http://${billing.host}/pay").is_empty(), "a host nothing fills names no one");
        assert!(settings.expand_spring("shop", "other/gateway.yml", "http://${orders.host}").is_empty(), "another folder's settings are not these");
    }
}
