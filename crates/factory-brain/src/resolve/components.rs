//! Which components the org has, where their code lives, and which names they answer to.
//!
//! A component's name is its catalog name where one is declared, else its name in compose or
//! Kubernetes, else its folder (or the repo's name when the repo is one service).

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{naming_key, UnitFact, UnitOrigin};
use crate::resolve::ScannedFacts;

/// Top-level domains of hosts outside the org.
const PUBLIC_SUFFIXES: &[&str] = &["com", "org", "net", "io", "dev", "app", "cloud", "ai", "gov", "edu", "info", "biz", "tech", "sh", "me", "co", "xyz", "example", "test", "invalid"];

/// One component (or third-party resource) of the org.
#[derive(Debug, Clone, PartialEq)]
pub struct Component {
    pub name: String,
    /// `component:x`, or `resource:x` for infrastructure.
    pub node_ref: String,
    /// The repo holding its code, when known.
    pub repo: Option<String>,
    pub root: Option<String>,
    pub origins: BTreeSet<UnitOrigin>,
    pub aliases: BTreeSet<String>,
    /// Where it was declared: (repo, path, pointer).
    pub evidence: (String, String, String),
}

/// The org's components and the lookups resolution needs.
#[derive(Debug, Default)]
pub struct Components {
    pub by_name: BTreeMap<String, Component>,
    /// Per repo, (root, component name), longest root first.
    pub roots: BTreeMap<String, Vec<(String, String)>>,
    /// Host or alias -> component name; ambiguous aliases are left out.
    pub hosts: BTreeMap<String, String>,
    /// naming_key(name) -> component names.
    pub keys: BTreeMap<String, BTreeSet<String>>,
}

impl Components {
    /// The component whose code holds `path` in `repo`.
    pub fn owning(&self, repo: &str, path: &str) -> Option<&Component> {
        let roots = self.roots.get(repo)?;
        roots
            .iter()
            .find(|(root, _)| root.is_empty() || path == root || path.starts_with(&format!("{root}/")))
            .and_then(|(_, name)| self.by_name.get(name))
    }

    /// The component a hostname names.
    pub fn by_host(&self, host: &str) -> Option<&Component> {
        let host = host.to_lowercase();
        let first_label = host.split('.').next().unwrap_or(&host).to_string();
        // `orders.prod.internal` names orders; `api.stripe.com` names no service of ours.
        let public = host.rsplit('.').next().is_some_and(|last| host.contains('.') && (last.len() == 2 || PUBLIC_SUFFIXES.contains(&last)));
        let by_label = if public { None } else { self.hosts.get(&first_label) };
        match self.hosts.get(&host).or(by_label).and_then(|name| self.by_name.get(name)) {
            Some(component) => Some(component),
            // `inventory` for `inventory-service`, when exactly one component fits.
            None if !first_label.contains('.') && first_label.len() >= 3 => self.by_env_prefix(&first_label),
            None => None,
        }
    }

    /// The component an env var prefix names (`PRODUCT_CATALOG_SERVICE`, `ORDERS_API`), when
    /// exactly one matches.
    pub fn by_env_prefix(&self, prefix: &str) -> Option<&Component> {
        let key = naming_key(prefix);
        let mut candidates: BTreeSet<&String> = BTreeSet::new();
        let mut variants = vec![key.clone()];
        for suffix in ["service", "svc", "api", "server", "grpc", "http"] {
            if let Some(stripped) = key.strip_suffix(suffix).filter(|stripped| stripped.len() >= 3) {
                variants.push(stripped.to_string());
            }
        }
        for variant in &variants {
            if let Some(names) = self.keys.get(variant) {
                candidates.extend(names);
            }
            for suffix in ["service", "svc", "api", "server"] {
                if let Some(names) = self.keys.get(&format!("{variant}{suffix}")) {
                    candidates.extend(names);
                }
            }
            if !candidates.is_empty() {
                break;
            }
        }
        if candidates.len() == 1 { candidates.into_iter().next().and_then(|name| self.by_name.get(name)) } else { None }
    }
}

/// Builds the org's components from every unit every file declared.
pub fn build(files: &[ScannedFacts], repos: &[String]) -> Components {
    let mut units: Vec<(&ScannedFacts, &UnitFact)> = files.iter().flat_map(|file| file.facts.units.iter().map(move |unit| (file, unit))).collect();
    // Catalog first, then compose and Kubernetes, then folders: earlier names win.
    units.sort_by_key(|(file, unit)| (unit.origin, file.repo.clone(), file.path.clone()));

    let mut components = Components::default();
    // (repo, root) -> component name, to merge a folder's units under the first name.
    let mut root_names: BTreeMap<(String, String), String> = BTreeMap::new();
    for (file, unit) in &units {
        let root = unit.root.clone();
        let mut name = if unit.name.is_empty() { file.repo.clone() } else { unit.name.to_lowercase() };
        let mut home_repo = root.as_ref().map(|_| file.repo.clone());
        // A compose build context in a sibling repo (`../orders-api`) points at that repo.
        if let Some(sibling) = unit.aliases.iter().find_map(|alias| alias.strip_prefix("repo:"))
            && repos.iter().any(|repo| repo == sibling) {
                home_repo = Some(sibling.to_string());
                if let Some(existing) = root_names.get(&(sibling.to_string(), String::new())) {
                    name = existing.clone();
                }
            }
        if let (Some(repo), Some(root)) = (&home_repo, &root)
            && let Some(existing) = root_names.get(&(repo.clone(), root.clone())) {
                name = existing.clone();
            }
        let entry = components.by_name.entry(name.clone()).or_insert_with(|| Component {
            name: name.clone(),
            node_ref: String::new(),
            repo: None,
            root: None,
            origins: BTreeSet::new(),
            aliases: BTreeSet::new(),
            evidence: (file.repo.clone(), file.path.clone(), unit.pointer.clone()),
        });
        entry.origins.insert(unit.origin);
        if unit.infrastructure && entry.node_ref.is_empty() {
            entry.node_ref = format!("resource:{name}");
        } else if !unit.infrastructure {
            entry.node_ref = format!("component:{name}");
        }
        entry.aliases.extend(unit.aliases.iter().filter(|alias| !alias.starts_with("repo:")).cloned());
        if unit.name.to_lowercase() != name && !unit.name.is_empty() {
            entry.aliases.insert(unit.name.to_lowercase());
        }
        if entry.repo.is_none()
            && let Some(repo) = home_repo.clone() {
                entry.repo = Some(repo.clone());
                let root = root.clone().unwrap_or_default();
                entry.root = Some(root.clone());
                root_names.insert((repo, root), name.clone());
            }
    }

    // A repo with no service folder of its own is one service, named after the repo, unless
    // it only holds other services' config (a platform repo: compose or manifests only).
    let repos_with_root: BTreeSet<String> = components.by_name.values().filter_map(|component| component.repo.clone()).collect();
    let repos_with_code: BTreeSet<&str> = files.iter().filter(|file| file.has_code()).map(|file| file.repo.as_str()).collect();
    for repo in repos {
        let has_root = repos_with_root.contains(repo);
        let only_config = !repos_with_code.contains(repo.as_str());
        if has_root || only_config || repo == crate::HOME_REPO {
            continue;
        }
        let name = repo.to_lowercase();
        let entry = components.by_name.entry(name.clone()).or_insert_with(|| Component {
            name: name.clone(),
            node_ref: format!("component:{name}"),
            repo: None,
            root: None,
            origins: BTreeSet::new(),
            aliases: BTreeSet::new(),
            evidence: (repo.clone(), String::new(), String::new()),
        });
        if entry.repo.is_none() {
            entry.repo = Some(repo.clone());
            entry.root = Some(String::new());
            if entry.node_ref.is_empty() {
                entry.node_ref = format!("component:{name}");
            }
        }
    }

    // A repo's own name answers for the service at its root (`orders-api` for the compose
    // service `orders` built from `.`).
    for component in components.by_name.values_mut() {
        if let (Some(repo), Some("")) = (&component.repo, component.root.as_deref()) {
            let repo = repo.to_lowercase();
            if repo != component.name {
                component.aliases.insert(repo);
            }
        }
    }

    // A service named elsewhere without its code (an image-only compose service, a workload in
    // a platform repo's manifests) is the same service as the one component with code whose
    // name or alias it matches, by naming key and common suffixes (`inventory` for
    // `inventory-service`). Without a unique match it stays its own component.
    let homeless: Vec<String> = components.by_name.values().filter(|component| component.repo.is_none()).map(|component| component.name.clone()).collect();
    for name in homeless {
        let key = naming_key(&name);
        let matches: Vec<String> = components
            .by_name
            .values()
            .filter(|other| other.repo.is_some() && other.name != name)
            .filter(|other| std::iter::once(&other.name).chain(other.aliases.iter()).any(|candidate| same_service_key(&key, &naming_key(candidate))))
            .map(|other| other.name.clone())
            .collect();
        if matches.len() != 1 {
            continue;
        }
        let Some(phantom) = components.by_name.remove(&name) else { continue };
        if let Some(target) = components.by_name.get_mut(&matches[0]) {
            target.aliases.insert(phantom.name.clone());
            target.aliases.extend(phantom.aliases);
            target.origins.extend(phantom.origins);
        }
    }

    // Kubernetes Services name the workloads their selectors pick.
    for file in files {
        for edge in file.facts.edges.iter().filter(|edge| edge.kind == "selects") {
            let (Some(service), Some(selector)) = (edge.from.strip_prefix("host:"), edge.to.strip_prefix("selector:")) else { continue };
            let wanted: Vec<(&str, &str)> = selector.split(',').filter_map(|pair| pair.split_once('=')).collect();
            let picked: Vec<String> = files
                .iter()
                .flat_map(|other| other.facts.units.iter())
                .filter(|unit| unit.origin == UnitOrigin::Kubernetes)
                .filter(|unit| wanted.iter().all(|(key, value)| unit.labels.get(*key).map(String::as_str) == Some(*value)))
                .map(|unit| unit.name.to_lowercase())
                .collect();
            let distinct: BTreeSet<&String> = picked.iter().collect();
            if distinct.len() == 1
                && let Some(component) = distinct.into_iter().next().and_then(|name| components.by_name.get_mut(name))
                    && component.name != service {
                        component.aliases.insert(service.to_string());
                    }
        }
    }

    // Lookups.
    let mut alias_owners: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for component in components.by_name.values() {
        alias_owners.entry(component.name.clone()).or_default().insert(component.name.clone());
        for alias in &component.aliases {
            alias_owners.entry(alias.clone()).or_default().insert(component.name.clone());
        }
        components.keys.entry(naming_key(&component.name)).or_default().insert(component.name.clone());
        if let Some(repo) = &component.repo {
            let root = component.root.clone().unwrap_or_default();
            components.roots.entry(repo.clone()).or_default().push((root, component.name.clone()));
        }
    }
    for (alias, owners) in alias_owners {
        if components.by_name.contains_key(&alias) {
            components.hosts.insert(alias.clone(), alias);
        } else if owners.len() == 1
            && let Some(owner) = owners.into_iter().next() {
                components.hosts.insert(alias, owner);
            }
    }
    for roots in components.roots.values_mut() {
        roots.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
    }
    components
}

/// `inventory` and `inventoryservice`, `orders` and `ordersapi`: one name plus a common suffix.
fn same_service_key(a: &str, b: &str) -> bool {
    if a == b {
        return true;
    }
    let (short, long) = if a.len() < b.len() { (a, b) } else { (b, a) };
    short.len() >= 3 && long.strip_prefix(short).is_some_and(|suffix| ["service", "svc", "api", "server", "app", "worker"].contains(&suffix))
}
