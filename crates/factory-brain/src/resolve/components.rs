//! Which components the org has, where their code lives, and which names they answer to.
//!
//! A component's name is its catalog name where one is declared, else its name in compose or
//! Kubernetes (also when that service is declared without code and joins the component with
//! code: `deploy_names.rs`), else its folder (or the repo's name when the repo is one service).
//!
//! Whether it is a service (`component:`) or infrastructure (`resource:`) is voted on by its
//! units: a third-party infrastructure image (`mysql`, `openzipkin/zipkin`, also through the
//! `.env` for `image: ${VAR}`) or a Dockerfile that only dresses one says infrastructure; a
//! Dockerfile building anything else, or a catalog entry, says service and wins; an image of
//! the org's own or a compose build leaves it to the others; nobody deciding means service.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{UnitFact, UnitOrigin, naming_key};
use crate::readers::compose::{MOUNT_ALIAS, mounted};
use crate::resolve::config::Settings;
use crate::resolve::images::{compose_infrastructure, lift_image_folders, mount_holds_code, own_module_images};
use crate::resolve::names::unit_name;
use crate::resolve::{ScannedFacts, folders, modules};

mod built_folders;
mod declared;
mod charts;
mod compose_builds;
mod deploy_names;
mod image_code;
mod merges;
mod monitoring;
mod prefixes;
mod projects;
mod proxy_config;

/// Top-level domains of hosts outside the org.
const PUBLIC_SUFFIXES: &[&str] =
    &["com", "org", "net", "io", "dev", "app", "cloud", "ai", "gov", "edu", "info", "biz", "tech", "sh", "me", "co", "xyz", "example", "test", "invalid"];

/// One component (or third-party resource) of the org.
#[derive(Debug, Clone, PartialEq)]
pub struct Component {
    pub name: String,
    /// `component:x`, or `resource:x` for infrastructure.
    pub node_ref: String,
    /// The repo holding its code, when known.
    pub repo: Option<String>,
    pub root: Option<String>,
    /// More folders of its code, for a service whose code is spread over folders named like
    /// it (`cmd/frontend/` and `services/frontend/`).
    pub extra_roots: Vec<String>,
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
    /// naming_key(alias) -> the components going by it, for a prefix no name fits.
    pub alias_keys: BTreeMap<String, BTreeSet<String>>,
    /// The first words two or more of the org's repos share (`saleor`), lowercase.
    pub org_words: BTreeSet<String>,
    /// Kubernetes workloads: their pod labels and names, for label selectors.
    pub workloads: Vec<(BTreeMap<String, String>, String)>,
    /// The components whose repo holds only their contract (no code): they provide it.
    pub contract_only: BTreeSet<String>,
    /// Per (repo, path) of a library module's class no component owns, the components using it.
    pub library_users: BTreeMap<(String, String), BTreeSet<String>>,
    /// Per (repo, path) of a file declaring one unit only, the component it declared: what the
    /// file says of itself is that component's, wherever its code is.
    pub declared_alone: BTreeMap<(String, String), String>,
}

impl Components {
    /// The component whose code holds `path` in `repo`.
    pub fn owning(&self, repo: &str, path: &str) -> Option<&Component> {
        let roots = self.roots.get(repo)?;
        roots.iter().find(|(root, _)| root.is_empty() || within(path, root)).and_then(|(_, name)| self.by_name.get(name))
    }

    /// The component whose code holds `path` in `repo`, else the one component the file
    /// declares ([`declared::declared_alone`]: Bajocode's webshop's unnamed `loadgenerator`).
    pub fn owning_or_declaring(&self, repo: &str, path: &str) -> Option<&Component> {
        self.owning(repo, path).or_else(|| self.declared_alone.get(&(repo.to_string(), path.to_string())).and_then(|name| self.by_name.get(name)))
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
            // `inventory` for `inventory-service`, when exactly one component fits; never for a
            // public host (`https://flagd.dev/schema` is not the component flagd).
            None if !public && first_label.len() >= 3 => self.by_env_prefix(&first_label),
            None => None,
        }
    }

    /// The component whose one workload a label selector (`app=ledger,tier=web`) picks, with
    /// how it was found. A selector of one naming label (`app`, `name`, `app.kubernetes.io/name`,
    /// `service`) that picks no workload the repos declare (labels a template fills in, or a
    /// policy that outlived a rename: `name: cart` beside the `carts` workload) names the
    /// component of exactly that name, else the one named by its value with an `s` added or
    /// taken away.
    pub fn by_selector(&self, selector: &str) -> Option<(&Component, SelectorMatch)> {
        match workloads_picked(&self.workloads, selector).as_slice() {
            [workload] => self.by_host(workload).map(|component| (component, SelectorMatch::Workload)),
            [] => {
                let (key, value) = selector.split_once('=').filter(|(_, value)| !value.contains([',', '=']))?;
                if !NAMING_LABELS.contains(&key) {
                    return None;
                }
                let named = |name: &str| self.hosts.get(&name.to_lowercase()).and_then(|name| self.by_name.get(name));
                if let Some(component) = named(value) {
                    return Some((component, SelectorMatch::LabelValue));
                }
                let plural = format!("{value}s");
                let mut found: Vec<&Component> =
                    [Some(plural.as_str()), value.strip_suffix('s')].into_iter().flatten().filter(|variant| variant.len() >= 3).filter_map(named).collect();
                found.dedup_by(|one, other| one.node_ref == other.node_ref);
                match found.as_slice() {
                    [component] => Some((*component, SelectorMatch::LabelValue)),
                    _ => None,
                }
            }
            _ => None,
        }
    }

    /// The component an env var prefix names (`PRODUCT_CATALOG_SERVICE`, `ORDERS_API`), when
    /// exactly one matches: by its name, else by one of its aliases (a Feign client's
    /// `inventory-service` names the Deployment `inventory` that Spring calls
    /// `inventory-microservice`, when no component is named like it).
    pub fn by_env_prefix(&self, prefix: &str) -> Option<&Component> {
        let found = |prefix: &str| self.by_key(&self.keys, prefix).or_else(|| self.by_key(&self.alias_keys, prefix));
        found(prefix).or_else(|| {
            // The org's own name before the service's (`SALEOR_API` in Saleor's storefront,
            // whose repos are `saleor`, `saleor-dashboard`, `saleor-platform`) says nothing of
            // which service.
            let (first, rest) = prefix.split_once(['_', '-', '.'])?;
            (self.org_words.contains(&first.to_lowercase()) && rest.len() >= 3).then(|| found(rest)).flatten()
        })
    }

    /// [`Self::by_env_prefix`] among the names (or aliases) of `keys`.
    fn by_key(&self, keys: &BTreeMap<String, BTreeSet<String>>, prefix: &str) -> Option<&Component> {
        let key = naming_key(prefix);
        let mut candidates: BTreeSet<&String> = BTreeSet::new();
        let mut variants = vec![key.clone()];
        for suffix in ["microservice", "service", "svc", "api", "server", "grpc", "http"] {
            if let Some(stripped) = key.strip_suffix(suffix).filter(|stripped| stripped.len() >= 3) {
                variants.push(stripped.to_string());
            }
        }
        // Then the plural or singular of each (`PAYMENT_API_URI` names `payments`).
        let plurals: Vec<String> = variants
            .iter()
            .flat_map(|variant| [Some(format!("{variant}s")), variant.strip_suffix('s').filter(|stem| stem.len() >= 3).map(str::to_string)])
            .flatten()
            .collect();
        for variant in variants.iter().chain(&plurals) {
            if let Some(names) = keys.get(variant) {
                candidates.extend(names);
            }
            for suffix in ["service", "svc", "api", "server", "microservice"] {
                if let Some(names) = keys.get(&format!("{variant}{suffix}")) {
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

/// Builds the org's components from every unit every file declared; `settings` fill the
/// variables compose names images by.
pub fn build(files: &[ScannedFacts], repos: &[String], settings: &Settings) -> Components {
    // A workload its chart's template left unnamed goes by the chart's name, or by none.
    let charted = charts::name_by_chart(files);
    let mut units: Vec<(&ScannedFacts, &UnitFact)> = files
        .iter()
        .flat_map(|file| file.facts.units.iter().filter(|unit| !charts::is_unnamed_workload(unit)).map(move |unit| (file, unit)))
        .chain(charted.iter().map(|(file, unit)| (*file, unit)))
        .collect();
    // Catalog first, then compose and Kubernetes, then folders: earlier names win.
    units.sort_by_key(|(file, unit)| (unit.origin, file.repo.clone(), file.path.clone()));
    let lifted = lift_image_folders(&units);
    let compose_roots = modules::compose_roots(files, settings);
    let infrastructure_by_env = compose_infrastructure(files, settings, &compose_roots);
    let projects = modules::project_folders(files);
    let unlifted = own_module_images(&units);
    let built_folders = built_folders::compose_services_built_folders(files);
    // Each unit's root: as declared (or found for a compose service, or for an Aspire
    // project by its .csproj), out of image folders.
    let declared_root = |file: &ScannedFacts, unit: &UnitFact| -> Option<String> {
        if let Some(own) = unlifted.get(&(file.repo.as_str(), file.path.as_str())) {
            return Some(own.to_string());
        }
        let found = || match unit.origin {
            UnitOrigin::Compose => compose_roots.get(&(file.repo.as_str(), file.path.as_str(), unit.name.to_lowercase())).cloned(),
            UnitOrigin::Aspire => unit
                .aliases
                .iter()
                .find_map(|alias| alias.strip_prefix(crate::readers::aspire::PROJECT_ALIAS))
                .and_then(|project| projects.get(&(file.repo.as_str(), naming_key(project))))
                .cloned(),
            _ => None,
        };
        let root = unit.root.clone().or_else(found)?;
        Some(lifted.get(&(file.repo.as_str(), root.as_str())).cloned().unwrap_or(root))
    };
    // A compose service's is the folder its Dockerfile builds, where that one names it.
    let unit_root = |file: &ScannedFacts, unit: &UnitFact| -> Option<String> {
        let built = built_folders.get(&(file.repo.as_str(), file.path.as_str(), unit.name.to_lowercase())).filter(|_| unit.origin == UnitOrigin::Compose);
        built.cloned().or_else(|| declared_root(file, unit))
    };
    compose_builds::named_like_their_build_first(&mut units, &unit_root);
    let mut repo_roots: BTreeMap<&str, BTreeSet<String>> = BTreeMap::new();
    for (file, unit) in &units {
        repo_roots.entry(file.repo.as_str()).or_default().extend(unit_root(file, unit));
    }
    // Spring Boot modules no deploy file names come last: any other unit's name wins.
    let taken: BTreeSet<String> = units.iter().flat_map(|(_, unit)| std::iter::once(&unit.name).chain(&unit.aliases)).map(|name| name.to_lowercase()).collect();
    let mut spring_units = modules::spring_modules(files, &repo_roots, &taken);
    for (file, unit) in &spring_units {
        repo_roots.entry(file.repo.as_str()).or_default().extend(unit.root.clone());
    }
    // Then other modules serving routes beside deployed ones.
    let taken: BTreeSet<String> = taken.into_iter().chain(spring_units.iter().map(|(_, unit)| unit.name.clone())).collect();
    let serving_units = modules::serving_modules(files, &repo_roots, &taken);
    for (file, unit) in &serving_units {
        repo_roots.entry(file.repo.as_str()).or_default().extend(unit.root.clone());
    }
    // Then the applications a monorepo tool's workspace lists.
    let taken: BTreeSet<String> = taken.into_iter().chain(serving_units.iter().map(|(_, unit)| unit.name.clone())).collect();
    let project_units = modules::workspace_projects(files, &repo_roots, &taken);
    for (file, unit) in &project_units {
        repo_roots.entry(file.repo.as_str()).or_default().extend(unit.root.clone());
    }
    spring_units.extend(serving_units);
    spring_units.extend(project_units);
    let units: Vec<(&ScannedFacts, &UnitFact)> = units.into_iter().chain(spring_units.iter().map(|(file, unit)| (*file, unit))).collect();
    let shared_build_files = modules::shared_build_files(files, &units, &repo_roots);
    let named_folders = folders::NamedFolders::new(files);
    let copies = merges::compose_copies(files);
    // Compose services told apart only by their entrypoint, each with the folders named like
    // it: (repo, compose file, service) -> folders; and the shared contexts so split (by the
    // contexts they declare, whatever folder their Dockerfiles build).
    let mut split_services: BTreeMap<(&str, &str, String), Vec<&str>> = BTreeMap::new();
    let mut split_contexts: BTreeSet<(&str, String)> = BTreeSet::new();
    for ((repo, path, root), names) in folders::shared_contexts(&units, declared_root) {
        let inside = |folder: &&str| root.is_empty() || folder.starts_with(&format!("{root}/"));
        let found: Vec<(String, Vec<&str>)> = names
            .iter()
            .filter_map(|name| named_folders.find(Some(repo), [name.as_str()]).map(|(_, folders)| (name.clone(), folders.into_iter().filter(inside).collect::<Vec<_>>())))
            .filter(|(_, folders)| !folders.is_empty())
            .collect();
        if found.len() == names.len() {
            split_services.extend(found.into_iter().map(|(name, folders)| ((repo, path, name), folders)));
            split_contexts.insert((repo, root));
        }
    }

    // Whether a repo holds any file under a folder; the (repo, path) set is made when first asked.
    let paths: std::cell::OnceCell<BTreeSet<(&str, &str)>> = std::cell::OnceCell::new();
    let holds_folder = |repo: &str, folder: &str| {
        let paths = paths.get_or_init(|| files.iter().map(|file| (file.repo.as_str(), file.path.as_str())).collect());
        let prefix = format!("{folder}/");
        paths.range((repo, prefix.as_str())..).next().is_some_and(|(holder, path)| *holder == repo && path.starts_with(&prefix))
    };
    let mut components = Components::default();
    // (component, repo, folder, a proxy's config) its container bind-mounts.
    // The images the org builds, by repo: a workload or compose service running one is the org's, even
    // when its name holds a backing service's word (Storedog's seven Deployments of the
    // `kafka-consumer` image built from `services/kafka-consumer/`).
    let built_here: BTreeSet<(&str, String)> = units.iter().filter(|(_, unit)| unit.origin == UnitOrigin::Dockerfile && !unit.infrastructure).map(|(file, unit)| (file.repo.as_str(), unit.name.to_lowercase())).collect();
    let mut mounts: BTreeSet<(String, String, String, bool)> = BTreeSet::new();
    // (repo, root) -> component name, to merge a folder's units under the first name.
    let mut root_names: BTreeMap<(String, String), String> = BTreeMap::new();
    for (file, unit) in &units {
        if shared_build_files.contains(&(file.repo.as_str(), file.path.as_str())) {
            continue;
        }
        let mut root = unit_root(file, unit);
        let mut extra_roots: Vec<String> = Vec::new();
        if unit.origin == UnitOrigin::Dockerfile && root.as_ref().is_some_and(|root| split_contexts.contains(&(file.repo.as_str(), root.clone()))) {
            // The image the split services share.
            continue;
        }
        if let Some(folders) = split_services.get(&(file.repo.as_str(), file.path.as_str(), unit.name.to_lowercase())) {
            root = folders.first().map(|folder| folder.to_string());
            extra_roots = folders.iter().skip(1).map(|folder| folder.to_string()).collect();
        }
        // Names are lowercase, as refs are: the repo `EvoTicket/Order-Service` builds `order-service`.
        let mut name = if unit.name.is_empty() { file.repo.to_lowercase() } else { unit_name(unit) };
        if let Some(copied) = copies.get(&(file.repo.as_str(), file.path.as_str(), name.clone())) {
            name = copied.clone();
        }
        let mut home_repo = root.as_ref().map(|_| file.repo.clone());
        // A compose build context in a sibling repo (`../orders-api`) points at that repo; so
        // does one naming a folder its own repo does not hold but a registered repo is named
        // like (`./customer-core` in a deploy repo, the services' repos checked out beside it).
        let sibling =
            unit.aliases.iter().find_map(|alias| alias.strip_prefix("repo:")).filter(|sibling| repos.iter().any(|repo| repo == sibling)).map(str::to_string).or_else(
                || {
                    let folder = root.as_deref().filter(|folder| unit.origin == UnitOrigin::Compose && !folder.is_empty())?;
                    // A folder right beside the compose file, as a checkout of the repo would be
                    // (`./mocks/payment` is the deploy repo's own, whatever the scan skipped in it).
                    let compose_folder = crate::readers::parent_dir(&file.path);
                    let beside = if compose_folder.is_empty() { Some(folder) } else { folder.strip_prefix(compose_folder).and_then(|rest| rest.strip_prefix('/')) };
                    let last = beside.filter(|name| !name.contains('/'))?;
                    let sibling = repos.iter().find(|repo| repo.eq_ignore_ascii_case(last) && **repo != file.repo)?;
                    (!holds_folder(&file.repo, folder)).then(|| sibling.clone())
                },
            );
        if let Some(sibling) = sibling {
            home_repo = Some(sibling.clone());
            root = None;
            if let Some(existing) = root_names.get(&(sibling, String::new())) {
                name = existing.clone();
            }
        }
        if let (Some(repo), Some(root)) = (&home_repo, &root)
            && let Some(existing) = root_names.get(&(repo.clone(), root.clone()))
        {
            name = existing.clone();
        }
        let entry = components.by_name.entry(name.clone()).or_insert_with(|| Component {
            name: name.clone(),
            node_ref: String::new(),
            repo: None,
            root: None,
            extra_roots: Vec::new(),
            origins: BTreeSet::new(),
            aliases: BTreeSet::new(),
            evidence: (file.repo.clone(), file.path.clone(), unit.pointer.clone()),
        });
        entry.origins.insert(unit.origin);
        // An image tells only when it is a known third-party image; a build or one of the
        // org's own images is for its Dockerfile (or the catalog) to decide.
        let vote = match unit.origin {
            UnitOrigin::Compose | UnitOrigin::Kubernetes if unit.infrastructure && unit.aliases.iter().any(|alias| built_here.contains(&(file.repo.as_str(), alias.clone()))) => KindVote::Open,
            _ if unit.infrastructure => KindVote::Infrastructure,
            UnitOrigin::Compose if infrastructure_by_env.contains(&(file.repo.as_str(), file.path.as_str(), unit.name.to_lowercase())) => KindVote::Infrastructure,
            UnitOrigin::Compose | UnitOrigin::Kubernetes => KindVote::Open,
            UnitOrigin::Catalog | UnitOrigin::Dockerfile | UnitOrigin::Aspire | UnitOrigin::Build | UnitOrigin::Render => KindVote::Service,
        };
        match vote {
            KindVote::Infrastructure if entry.node_ref.is_empty() => entry.node_ref = format!("resource:{name}"),
            KindVote::Service => entry.node_ref = format!("component:{name}"),
            KindVote::Infrastructure | KindVote::Open => {}
        }
        entry.aliases.extend(
            unit.aliases
                .iter()
                .filter(|alias| !alias.starts_with("repo:") && !alias.starts_with(crate::readers::aspire::PROJECT_ALIAS) && !alias.starts_with(MOUNT_ALIAS))
                .cloned(),
        );
        mounts.extend(unit.aliases.iter().filter_map(|alias| mounted(alias)).map(|(folder, config)| (name.clone(), file.repo.clone(), folder.to_string(), config)));
        if unit.name.to_lowercase() != name && !unit.name.is_empty() {
            entry.aliases.insert(unit.name.to_lowercase());
        }
        if entry.repo.is_none()
            && let Some(repo) = home_repo.clone()
        {
            entry.repo = Some(repo.clone());
            let root = root.clone().unwrap_or_default();
            entry.root = Some(root.clone());
            for extra in &extra_roots {
                root_names.insert((repo.clone(), extra.clone()), name.clone());
            }
            entry.extra_roots = extra_roots;
            root_names.insert((repo, root), name.clone());
        }
    }

    for component in components.by_name.values_mut().filter(|component| component.node_ref.is_empty()) {
        component.node_ref = format!("component:{}", component.name);
    }

    // A repo with no service folder of its own is one service, named after the repo, unless
    // it only holds other services' config (a platform repo: compose or manifests only). A
    // repo holding only its own contract is the service that contract describes.
    let repos_with_root: BTreeSet<String> = components.by_name.values().filter_map(|component| component.repo.clone()).collect();
    let repos_with_code: BTreeSet<&str> = files.iter().filter(|file| file.has_code()).map(|file| file.repo.as_str()).collect();
    let contract_repos = contract_repos(files);
    for repo in repos {
        let has_root = repos_with_root.contains(repo);
        let only_contract = contract_repos.contains(repo.as_str());
        let only_config = !repos_with_code.contains(repo.as_str()) && !only_contract;
        if has_root || only_config || repo == crate::HOME_REPO {
            continue;
        }
        if only_contract {
            components.contract_only.insert(repo.to_lowercase());
        }
        let name = repo.to_lowercase();
        let entry = components.by_name.entry(name.clone()).or_insert_with(|| Component {
            name: name.clone(),
            node_ref: format!("component:{name}"),
            repo: None,
            root: None,
            extra_roots: Vec::new(),
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

    merges::code_in_the_repo_named_like_it(&mut components, files, repos);

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

    modules::add_spring_names(&mut components, files);
    modules::add_listening_ports(&mut components, files);

    let prefixes = prefixes::SharedPrefixes::collect(&units, files, repos);
    let named_by_code = deploy_names::named_by_code(&components);
    let mut joined = Vec::new();
    merges::join_homeless(&mut components, &units, files, &prefixes, &mut joined);
    charts::join_shipped_charts(&mut components);
    merges::join_deployed_twice(&mut components);
    charts::join_compose_twins(&mut components, &prefixes);
    // Joined by a deploy file's service, a component only its code named takes the name it is
    // deployed by.
    deploy_names::deploy_names_win(&mut components, &named_by_code, &joined);

    // A service still without code (a workload whose image is built without a Dockerfile, by
    // Jib or buildpacks) is built from the folders named like it, when one repo has them and
    // no other component's code is there (a generic name's in the repo declaring it only).
    let claimed: BTreeSet<(String, String)> =
        components.by_name.values().filter_map(|component| Some((component.repo.clone()?, component.root.clone()?))).filter(|(_, root)| !root.is_empty()).collect();
    let overlaps = |repo: &str, folder: &str| {
        claimed
            .iter()
            .any(|(claimed_repo, root)| claimed_repo == repo && (folder == root || folder.starts_with(&format!("{root}/")) || root.starts_with(&format!("{folder}/"))))
    };
    // Another repo a service a deploy file declares holds whole (not only its Dockerfile, which
    // may be the image services of other names share): its folders are that service's code.
    let whole: BTreeSet<String> = components
        .by_name
        .values()
        .filter(|component| component.root.as_deref() == Some("") && component.origins.iter().any(|origin| !matches!(origin, UnitOrigin::Dockerfile | UnitOrigin::Build)))
        .filter_map(|component| component.repo.clone())
        .collect();
    // The services rooted so: declared without a build of their own (an image only).
    let mut image_only: BTreeSet<String> = BTreeSet::new();
    for component in components.by_name.values_mut().filter(|component| component.repo.is_none() && component.node_ref.starts_with("component:")) {
        // Its image's name without its deploy set's shared words too (`order-query-ms`).
        let images = prefixes.image_names(component);
        let names = std::iter::once(component.name.as_str()).chain(component.aliases.iter().map(String::as_str)).chain(images.iter().map(String::as_str));
        let Some((repo, folders)) = named_folders.find_for(&component.evidence.0, names) else {
            continue;
        };
        if repo != component.evidence.0 && whole.contains(repo) {
            continue;
        }
        let folders: Vec<&str> = folders.into_iter().filter(|folder| !overlaps(repo, folder)).collect();
        if let [first, rest @ ..] = folders.as_slice() {
            component.repo = Some(repo.to_string());
            component.root = Some(first.to_string());
            component.extra_roots = rest.iter().map(|folder| folder.to_string()).collect();
            image_only.insert(component.name.clone());
        }
    }
    drop_folders_inside_others(&mut components, &image_only);

    charts::root_at_shipped_charts(&mut components, &charted, files);

    // A service still without code, running a stock image with the repo's code mounted into
    // it (OpenResty and its Lua scripts), or config that calls services (nginx with its
    // templates of `proxy_pass` lines), has the mounted folders and files holding them that
    // no other component mounts or roots at.
    let mounted_by: BTreeMap<(&str, &str), usize> = mounts.iter().fold(BTreeMap::new(), |mut counts, (_, repo, folder, _)| {
        *counts.entry((repo.as_str(), folder.as_str())).or_default() += 1;
        counts
    });

    for component in components.by_name.values_mut().filter(|component| component.repo.is_none() && component.node_ref.starts_with("component:")) {
        let mut own: Vec<(&str, &str)> = mounts
            .iter()
            .filter(|(name, repo, folder, config)| {
                *name == component.name
                    && mounted_by.get(&(repo.as_str(), folder.as_str())) == Some(&1)
                    && !overlaps(repo, folder)
                    && mount_holds_code(files, repo, folder, *config)
            })
            .map(|(_, repo, folder, _)| (repo.as_str(), folder.as_str()))
            .collect();
        own.dedup();
        let repos: BTreeSet<&str> = own.iter().map(|(repo, _)| *repo).collect();
        if let ([repo], [(_, first), rest @ ..]) = (repos.into_iter().collect::<Vec<_>>().as_slice(), own.as_slice()) {
            component.repo = Some(repo.to_string());
            component.root = Some(first.to_string());
            component.extra_roots = rest.iter().map(|(_, folder)| folder.to_string()).collect();
        }
    }
    proxy_config::own_copied_proxy_config(&mut components, &mounts, &mounted_by, files);

    // Go's layout: a service built from `cmd/<name>` keeps its code in `internal/<name>` of
    // the same module; that folder is its code too, when no other component's code is there.
    let claimed: Vec<(String, String)> = components.by_name.values().filter_map(|component| Some((component.repo.clone()?, component.root.clone()?))).collect();
    for component in components.by_name.values_mut() {
        let (Some(repo), Some(root)) = (component.repo.clone(), component.root.clone()) else {
            continue;
        };
        let Some((prefix, name)) =
            root.rsplit_once('/').and_then(|(parent, name)| Some((parent.strip_suffix("cmd").filter(|prefix| prefix.is_empty() || prefix.ends_with('/'))?, name)))
        else {
            continue;
        };
        // `pkg/<name>` is as often a client library of that service, used by others: not its code.
        let folder = format!("{prefix}internal/{name}");
        let taken = claimed
            .iter()
            .any(|(claimed_repo, claimed_root)| *claimed_repo == repo && (within(claimed_root, &folder) || (!claimed_root.is_empty() && within(&folder, claimed_root))));
        if !taken && !component.extra_roots.contains(&folder) && files.iter().any(|file| file.repo == repo && within(&file.path, &folder)) {
            component.extra_roots.push(folder);
        }
    }

    // A Dockerfile no deploy file names, at a folder holding the code of two or more services
    // that compose or Kubernetes run from one image alone (every DeathStarBench service runs
    // it with its own entrypoint), is that image, not a service of its own. (A template
    // building any service by a build argument is none already: `readers/dockerfile.rs`.) A
    // repo taken for one service only because nothing declared its folders is none either,
    // once two services' folders are found inside it.
    let declared: Vec<(String, String, &BTreeSet<String>)> = components
        .by_name
        .values()
        .filter(|component| image_only.contains(&component.name))
        .filter_map(|component| Some((component.repo.clone()?, component.root.clone()?, &component.aliases)))
        .collect();
    let shared_images: Vec<(String, String)> = components
        .by_name
        .values()
        .filter(|component| component.origins.is_empty() || (component.origins.len() == 1 && component.origins.contains(&UnitOrigin::Dockerfile)))
        .filter_map(|component| {
            let (repo, root) = (component.repo.as_ref()?, component.root.as_ref()?);
            let inner: Vec<&BTreeSet<String>> = declared
                .iter()
                .filter(|(declared_repo, declared_root, _)| {
                    declared_repo == repo && declared_root != root && (root.is_empty() || declared_root.starts_with(&format!("{root}/")))
                })
                .map(|(_, _, aliases)| *aliases)
                .collect();
            // Two of them run one image (an image name both list); or nothing declared the
            // folder a service at all (the repo taken for one service before its services'
            // folders were found).
            let one_image = inner.iter().enumerate().any(|(index, aliases)| inner[index + 1..].iter().any(|other| aliases.iter().any(|alias| other.contains(alias))));
            (one_image || (component.origins.is_empty() && inner.len() >= 2)).then(|| (component.name.clone(), root.clone()))
        })
        .collect();
    for (name, _) in shared_images {
        components.by_name.remove(&name);
    }

    // Kubernetes Services name the workloads their selectors pick (the versions of one app
    // are one workload).
    components.workloads = units
        .iter()
        .filter(|(_, unit)| unit.origin == UnitOrigin::Kubernetes && !unit.labels.is_empty())
        .map(|(_, unit)| (unit.labels.clone(), unit_name(unit)))
        .collect();
    for file in files {
        for edge in file.facts.edges.iter().filter(|edge| edge.kind == "selects") {
            let (Some(service), Some(selector)) = (edge.from.strip_prefix("host:"), edge.to.strip_prefix("selector:")) else {
                continue;
            };
            let picked = workloads_picked(&components.workloads, selector);
            let [workload] = picked.as_slice() else {
                continue;
            };
            // The workload's component, under its own name or merged into another.
            let owner =
                components.by_name.values().find(|component| component.name == *workload || component.aliases.contains(workload)).map(|component| component.name.clone());
            let Some(owner) = owner.filter(|owner| owner != service) else {
                continue;
            };
            // A component of the Service's name that is no workload (compose's `emoji-svc`,
            // reached by the name the cluster's Service `emoji-svc` gives the Deployment `emoji`)
            // is the same service, deployed two ways: one component, under the earlier name.
            let kind = |component: &Component| component.node_ref.split_once(':').map(|(kind, _)| kind.to_string());
            let same = components.by_name.get(service).zip(components.by_name.get(&owner)).is_some_and(|(named, workload)| {
                !named.origins.contains(&UnitOrigin::Kubernetes)
                    && kind(named) == kind(workload)
                    && (named.repo.is_none() || workload.repo.is_none() || (named.repo == workload.repo && named.root == workload.root))
            });
            if same {
                let Some(workload) = components.by_name.remove(&owner) else {
                    continue;
                };
                let Some(named) = components.by_name.get_mut(service) else {
                    continue;
                };
                named.aliases.insert(workload.name.clone());
                named.aliases.extend(workload.aliases);
                named.origins.extend(workload.origins);
                if named.repo.is_none() {
                    (named.repo, named.root, named.extra_roots) = (workload.repo, workload.root, workload.extra_roots);
                }
            } else if let Some(component) = components.by_name.get_mut(&owner) {
                component.aliases.insert(service.to_string());
            }
        }
    }

    charts::own_single_service_charts(&mut components, &units, files);

    // Lookups.
    let mut first_words: BTreeMap<String, usize> = BTreeMap::new();
    for repo in repos {
        let first = repo.split(['-', '_', '.']).next().unwrap_or(repo);
        *first_words.entry(first.to_lowercase()).or_default() += 1;
    }
    components.org_words = first_words.into_iter().filter(|(word, count)| *count > 1 && word.len() >= 3).map(|(word, _)| word).collect();
    projects::own_referenced_projects(files, &mut components);
    let mut alias_owners: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for component in components.by_name.values() {
        alias_owners.entry(component.name.clone()).or_default().insert(component.name.clone());
        for alias in &component.aliases {
            alias_owners.entry(alias.clone()).or_default().insert(component.name.clone());
        }
        components.keys.entry(naming_key(&component.name)).or_default().insert(component.name.clone());
        for alias in &component.aliases {
            components.alias_keys.entry(naming_key(alias)).or_default().insert(component.name.clone());
        }
        if let Some(repo) = &component.repo {
            let root = component.root.clone().unwrap_or_default();
            let roots = components.roots.entry(repo.clone()).or_default();
            roots.push((root, component.name.clone()));
            roots.extend(component.extra_roots.iter().map(|extra| (extra.clone(), component.name.clone())));
        }
    }
    for (alias, owners) in alias_owners {
        if components.by_name.contains_key(&alias) {
            components.hosts.insert(alias.clone(), alias);
        } else if owners.len() == 1
            && let Some(owner) = owners.into_iter().next()
        {
            components.hosts.insert(alias, owner);
        }
    }
    for roots in components.roots.values_mut() {
        roots.sort_by(|a, b| b.0.len().cmp(&a.0.len()).then(a.0.cmp(&b.0)));
    }
    // An alias another component is named, or two components share, names neither (FTGO's
    // delivery service copied `spring.application.name=ftgo-order-service`; eShop's two
    // aggregators both sit in an `aggregator` folder): the component no longer lists it.
    let hosts = &components.hosts;
    for component in components.by_name.values_mut() {
        component.aliases.retain(|alias| hosts.get(alias) == Some(&component.name));
    }
    monitoring::mark_monitoring_servers(files, &mut components);
    components.declared_alone = declared::declared_alone(files, &components);
    components
}

/// A folder named like a service that lies inside another service's root is that one's code
/// (7binary's micro-ticketing: `client/pages/orders/`, the Next.js client's pages, beside the
/// orders service's own `orders/`), whichever of the two was rooted first: a service rooted
/// by its name's folders keeps those outside every other root, where it has one.
fn drop_folders_inside_others(components: &mut Components, image_only: &BTreeSet<String>) {
    let rooted: Vec<(String, String, String)> =
        components.by_name.values().filter_map(|component| Some((component.name.clone(), component.repo.clone()?, component.root.clone().filter(|root| !root.is_empty())?))).collect();
    for component in components.by_name.values_mut().filter(|component| image_only.contains(&component.name)) {
        let (Some(repo), Some(root)) = (component.repo.clone(), component.root.clone()) else { continue };
        let inside_other = |folder: &str| rooted.iter().any(|(name, other_repo, other_root)| *name != component.name && *other_repo == repo && folder.starts_with(&format!("{other_root}/")));
        let folders: Vec<String> = std::iter::once(root).chain(component.extra_roots.iter().cloned()).collect();
        let outside: Vec<String> = folders.iter().filter(|folder| !inside_other(folder)).cloned().collect();
        if let [first, rest @ ..] = outside.as_slice()
            && outside.len() < folders.len()
        {
            component.root = Some(first.clone());
            component.extra_roots = rest.to_vec();
        }
    }
}

/// Whether `path` is `folder` or inside it.
pub(super) fn within(path: &str, folder: &str) -> bool {
    path.strip_prefix(folder).is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}

/// Repos that hold a contract and nothing else of ours: no code, no deployable unit, and at
/// most one OpenAPI document, one AsyncAPI document and one proto package (a repo of many
/// contracts is a shared library of them, not one service's).
fn contract_repos(files: &[ScannedFacts]) -> BTreeSet<&str> {
    let mut contracts: BTreeMap<&str, BTreeMap<&str, BTreeSet<String>>> = BTreeMap::new(); // repo -> type -> documents
    let mut disqualified: BTreeSet<&str> = BTreeSet::new();
    for file in files {
        // Once one file disqualifies a repo, the rest need no look.
        if !disqualified.contains(file.repo.as_str()) && (file.has_code() || !file.facts.units.is_empty()) {
            disqualified.insert(file.repo.as_str());
        }
        for node in file.facts.nodes.iter().filter(|node| node.kind == "api") {
            let document = match node.props.get("type").and_then(serde_json::Value::as_str) {
                Some(kind @ ("openapi" | "asyncapi")) => Some((kind, file.path.clone())),
                Some("proto") => Some(("proto", node.name.clone())),
                _ => None,
            };
            if let Some((kind, document)) = document {
                contracts.entry(file.repo.as_str()).or_default().entry(kind).or_default().insert(document);
            }
        }
    }
    contracts.into_iter().filter(|(repo, by_type)| !disqualified.contains(repo) && by_type.values().all(|documents| documents.len() == 1)).map(|(repo, _)| repo).collect()
}

/// The distinct workloads whose pod labels hold every `key=value` of `selector`.
fn workloads_picked(workloads: &[(BTreeMap<String, String>, String)], selector: &str) -> Vec<String> {
    let wanted: Vec<(&str, &str)> = selector.split(',').filter_map(|pair| pair.split_once('=')).collect();
    if wanted.is_empty() {
        return Vec::new();
    }
    let picked: BTreeSet<&String> =
        workloads.iter().filter(|(labels, _)| wanted.iter().all(|(key, value)| labels.get(*key).map(String::as_str) == Some(*value))).map(|(_, name)| name).collect();
    picked.into_iter().cloned().collect()
}

/// Pod labels that name the app (a selector on one of them may name a component).
const NAMING_LABELS: &[&str] = &["app", "name", "app.kubernetes.io/name", "service"];

/// How a label selector came to name a component.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SelectorMatch {
    /// It picks the component's one workload by its labels.
    Workload,
    /// It picks no workload; its one label's value names the component.
    LabelValue,
}

/// What one unit says about its component's kind.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KindVote {
    Service,
    Infrastructure,
    /// The unit cannot tell; other units decide.
    Open,
}
