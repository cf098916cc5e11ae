//! Spring Cloud Config: a config server's native backend (`search-locations:
//! classpath:/shared`) holds one file per service, named after it (`account-service.yml`,
//! `account-service-docker.yml`), and `application.yml` for every service that takes its
//! config from the server. What those files name (`accessTokenUri: http://auth-service:5000`)
//! is what those services call, not what the server calls. A git backend (`git.uri:
//! https://github.com/acme/acme-config`) serves the config files at the root (or in the
//! `search-paths`) of the registered repo of that name, when that repo holds no service.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::readers::compose::SPRING_CONFIG;
use crate::readers::spring::{self, module_folder, search_folder, CONFIG_REPO, DEFAULT_LOCATION, SERVES_CONFIG};
use crate::readers::{parent_dir, LIBRARY_KEYS};
use crate::resolve::components::within;
use crate::resolve::{Components, ScannedFacts};

/// The config servers' files and whom they configure.
#[derive(Debug, Default)]
pub(crate) struct ServedConfig {
    /// (repo, path) of each file of a server's search folders -> the components (refs) whose
    /// config it is.
    pub(crate) owners: BTreeMap<(String, String), Vec<String>>,
    /// Component ref -> the libraries of [`LIBRARY_KEYS`] its build declares no dependency
    /// for (components whose build is not read are left out: they may use any).
    lacking: BTreeMap<String, BTreeSet<&'static str>>,
}

impl ServedConfig {
    pub(crate) fn collect(files: &[ScannedFacts], components: &Components) -> Self {
        let mut owners = served_config_owners(files, components);
        for (file, located) in located_config_owners(files, components) {
            let known = owners.entry(file).or_default();
            for owner in located {
                if !known.contains(&owner) {
                    known.push(owner);
                }
            }
        }
        // Only where a library's keys name a host (in a server's shared files or a service's own)
        // do builds matter.
        let library_keys = || files.iter().any(|file| file.facts.edges.iter().any(|edge| edge.props.get(crate::readers::LIBRARY_PROP).is_some()));
        if owners.is_empty() && !library_keys() {
            return Self::default();
        }
        // Every package manifest's dependencies: (repo, folder) -> names.
        let mut manifests: BTreeMap<(&str, &str), Vec<String>> = BTreeMap::new();
        // Each component's manifests' folders.
        let mut folders: BTreeMap<String, Vec<(&str, &str)>> = BTreeMap::new();
        for file in files {
            for node in file.facts.nodes.iter().filter(|node| node.kind == "package") {
                let names = node.props.get("dependencies").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).map(str::to_lowercase);
                let folder = (file.repo.as_str(), parent_dir(&file.path));
                manifests.entry(folder).or_default().extend(names);
                if let Some(owner) = components.owning(&file.repo, &file.path) {
                    folders.entry(owner.node_ref.clone()).or_default().push(folder);
                }
            }
        }
        // A component's dependencies: its manifests' and those of the manifests in folders
        // above them (a Maven parent's, which its modules inherit). None read (no manifest,
        // or one listing nothing): unknown, and the component is left out.
        let within = |folder: &str, above: &str| above.is_empty() || folder == above || folder.strip_prefix(above).is_some_and(|rest| rest.starts_with('/'));
        let dependencies = folders.into_iter().filter_map(|(component, owned)| {
            let names: Vec<&String> = manifests
                .iter()
                .filter(|((repo, above), _)| owned.iter().any(|(owned_repo, folder)| owned_repo == repo && within(folder, above)))
                .flat_map(|(_, names)| names)
                .collect();
            (!names.is_empty()).then_some((component, names))
        });
        let lacking = dependencies
            .map(|(component, names)| {
                let lacks = LIBRARY_KEYS.iter().filter(|(_, _, words)| !names.iter().any(|name| words.iter().any(|word| name.contains(word)))).map(|(_, library, _)| *library).collect();
                (component, lacks)
            })
            .collect();
        Self { owners, lacking }
    }

    /// Whether `component`'s build declares no dependency on `library`.
    pub(crate) fn lacks(&self, component: &str, library: &str) -> bool {
        self.lacking.get(component).is_some_and(|lacks| lacks.contains(library))
    }
}

/// The files of config servers' search folders, (repo, path) -> the components (refs) whose
/// config each one is.
fn served_config_owners(files: &[ScannedFacts], components: &Components) -> BTreeMap<(String, String), Vec<String>> {
    // (repo, folder) -> the server's component ref
    let mut folders: BTreeMap<(String, String), String> = BTreeMap::new();
    let repos: BTreeSet<&str> = files.iter().map(|file| file.repo.as_str()).collect();
    for file in files {
        for edge in file.facts.edges.iter().filter(|edge| edge.kind == SERVES_CONFIG) {
            let Some(server) = components.owning(&file.repo, &file.path) else { continue };
            let declared = || !edge.props.get(DEFAULT_LOCATION).is_some_and(|default| default == true) || builds_config_server(files, &file.repo, module_folder(&file.path));
            if let Some(location) = edge.to.strip_prefix("config-folder:")
                && declared()
                && let Some(folder) = search_folder(&file.path, location)
            {
                folders.insert((file.repo.clone(), folder), server.node_ref.clone());
            }
            // A git backend: the registered repo of that name (its root, or its search paths),
            // unless it is the server's own repo or holds services: a repo of config only.
            // Registered under another name (cloned into `petclinic-config`): the one repo of
            // config only whose root holds config files named after the org's services.
            if let Some(name) = edge.to.strip_prefix(CONFIG_REPO)
                && let Some(repo) = repos.iter().find(|repo| repo.eq_ignore_ascii_case(name) && **repo != file.repo).copied().or_else(|| config_only_repo(files, components, &file.repo))
                && !components.by_name.values().any(|component| component.repo.as_deref() == Some(repo))
            {
                let paths: Vec<String> = edge.props.get("search_paths").and_then(Value::as_array).into_iter().flatten().filter_map(Value::as_str).map(str::to_string).collect();
                for path in if paths.is_empty() { vec![String::new()] } else { paths } {
                    folders.insert((repo.to_string(), path), server.node_ref.clone());
                }
            }
        }
    }
    if folders.is_empty() {
        return BTreeMap::new();
    }
    let servers: BTreeSet<&String> = folders.values().collect();
    let served = |repo: &str, path: &str| folders.contains_key(&(repo.to_string(), parent_dir(path).to_string()));
    // server -> the components whose own files name it (`spring.cloud.config.uri: http://config:8888`).
    let mut clients: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files.iter().filter(|file| !served(&file.repo, &file.path)) {
        let Some(owner) = components.owning(&file.repo, &file.path) else { continue };
        for host in file.facts.edges.iter().filter(|edge| edge.from == "self").filter_map(|edge| edge.to.strip_prefix("host:")) {
            if let Some(server) = components.by_host(host).filter(|server| servers.contains(&server.node_ref) && server.node_ref != owner.node_ref) {
                clients.entry(server.node_ref.clone()).or_default().insert(owner.node_ref.clone());
            }
        }
    }
    let mut owners = BTreeMap::new();
    for file in files {
        let Some(server) = folders.get(&(file.repo.clone(), parent_dir(&file.path).to_string())) else { continue };
        // Only config files are served (a README or a script beside them is the folder's own).
        if !file.path.rsplit_once('.').is_some_and(|(_, extension)| matches!(extension.to_lowercase().as_str(), "yml" | "yaml" | "properties")) {
            continue;
        }
        let name = file.path.rsplit('/').next().unwrap_or(&file.path);
        let stem = name.rsplit_once('.').map_or(name, |(stem, _)| stem).to_lowercase();
        let found: Vec<String> = if stem == "application" || stem.starts_with("application-") {
            clients.get(server).map(|clients| clients.iter().cloned().collect()).unwrap_or_default()
        } else {
            // `orders-docker.yml` is orders' config under the docker profile.
            let service = components.by_host(&stem).or_else(|| stem.rsplit_once('-').and_then(|(service, _)| components.by_host(service)));
            service.map(|service| vec![service.node_ref.clone()]).unwrap_or_default()
        };
        owners.insert((file.repo.clone(), file.path.clone()), found);
    }
    owners
}

/// The one registered repo, other than `server_repo`, that holds no service and whose root holds
/// config files (`customers-service.yml`, `orders-docker.yml`) named after two or more of the
/// org's services.
fn config_only_repo<'f>(files: &'f [ScannedFacts], components: &Components, server_repo: &str) -> Option<&'f str> {
    let mut named: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for file in files.iter().filter(|file| file.repo != server_repo && !file.path.contains('/')) {
        let Some((stem, extension)) = file.path.rsplit_once('.') else { continue };
        if !matches!(extension.to_lowercase().as_str(), "yml" | "yaml" | "properties") {
            continue;
        }
        let stem = stem.to_lowercase();
        let service = components.by_host(&stem).or_else(|| stem.rsplit_once('-').and_then(|(service, _)| components.by_host(service)));
        if let Some(service) = service.filter(|service| service.repo.as_deref() != Some(file.repo.as_str())) {
            named.entry(file.repo.as_str()).or_default().insert(service.name.as_str());
        }
    }
    let holds_service = |repo: &str| components.by_name.values().any(|component| component.repo.as_deref() == Some(repo));
    let mut candidates = named.into_iter().filter(|(repo, services)| services.len() >= 2 && !holds_service(repo)).map(|(repo, _)| repo);
    match (candidates.next(), candidates.next()) {
        (Some(repo), None) => Some(repo),
        _ => None,
    }
}

/// The Spring config files a deployment hands its services wherever they sit in the repo
/// (compose's `SPRING_CONFIG_LOCATION=file:/config-repo/orders.yml` through the folder it
/// mounts), (repo, path) -> the components (refs) each one configures; a folder location gives
/// its `application*` files.
fn located_config_owners(files: &[ScannedFacts], components: &Components) -> BTreeMap<(String, String), Vec<String>> {
    let mut owners: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for file in files {
        for edge in file.facts.edges.iter().filter(|edge| edge.kind == SPRING_CONFIG) {
            let (Some(service), Some(location)) = (edge.from.strip_prefix("host:"), edge.to.strip_prefix("file:")) else { continue };
            let Some(component) = components.by_host(service) else { continue };
            let located = files.iter().filter(|other| other.repo == file.repo).filter(|other| match location.strip_suffix('/') {
                Some(folder) => parent_dir(&other.path) == folder && spring::is_config_file(&other.path.rsplit('/').next().unwrap_or(&other.path).to_lowercase()),
                None => other.path == location,
            });
            for other in located {
                let known = owners.entry((other.repo.clone(), other.path.clone())).or_default();
                if !known.contains(&component.node_ref) {
                    known.push(component.node_ref.clone());
                }
            }
        }
    }
    owners
}

/// Whether the build of the module at `folder` (its manifest, or a parent's above it)
/// declares Spring Cloud Config's server.
fn builds_config_server(files: &[ScannedFacts], repo: &str, folder: &str) -> bool {
    files.iter().filter(|file| file.repo == repo && (parent_dir(&file.path).is_empty() || within(folder, parent_dir(&file.path)))).any(|file| {
        file.facts.nodes.iter().filter(|node| node.kind == "package").flat_map(|node| node.props.get("dependencies").and_then(Value::as_array).into_iter().flatten()).any(|dependency| {
            dependency.as_str().is_some_and(|name| name.rsplit(':').next().is_some_and(|artifact| artifact.eq_ignore_ascii_case("spring-cloud-config-server")))
        })
    })
}
