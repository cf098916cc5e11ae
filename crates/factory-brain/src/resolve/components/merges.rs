//! When two components are one service deployed twice: a name declared without code (an
//! image-only compose service, a workload in a platform repo's manifests) joins the one
//! component with code it names, and one image deployed under names alike by two deploy files
//! is one service.

use std::collections::{BTreeMap, BTreeSet};

use super::deploy_names::Joined;
use super::prefixes::SharedPrefixes;
use super::{Component, Components, workloads_picked};
use crate::model::{UnitFact, UnitOrigin, naming_key};
use crate::readers::{dockerfile, manifests};
use crate::resolve::ScannedFacts;
use crate::resolve::names::{replica_of, same_service_key, service_key, shared_name_prefix, unit_name, without_kind_word};

/// A compose service that is a copy of another of its file: named like it plus a replica word
/// or a number, running the same image (hashicups's `public-api-secondary`, the second
/// datacenter's `public-api`, both `image: 'public-api'`). (repo, compose file, the copy) -> the
/// service it copies. A worker running its API's image is named for its role (`orders-worker`),
/// not as a copy.
pub(super) fn compose_copies(files: &[ScannedFacts]) -> BTreeMap<(&str, &str, String), String> {
    let mut copies = BTreeMap::new();
    for file in files.iter().filter(|file| file.facts.units.iter().any(|unit| unit.origin == UnitOrigin::Compose)) {
        let images = compose_images(file);
        for unit in file.facts.units.iter().filter(|unit| unit.origin == UnitOrigin::Compose) {
            let name = unit.name.to_lowercase();
            let Some(copied) = replica_of(&name) else {
                continue;
            };
            if images.get(&name).is_some_and(|image| !image.is_empty() && images.get(copied) == Some(image)) {
                copies.insert((file.repo.as_str(), file.path.as_str(), name.clone()), copied.to_string());
            }
        }
    }
    copies
}

/// A compose file's services' images, built or pulled: service -> image.
pub(super) fn compose_images(file: &ScannedFacts) -> BTreeMap<String, &str> {
    file.facts
        .edges
        .iter()
        .filter(|edge| edge.kind == "runs")
        .filter_map(|edge| {
            let service = edge.from.strip_prefix("host:")?;
            let image = edge.to.strip_prefix("image:").or_else(|| edge.props.get("image").and_then(serde_json::Value::as_str))?;
            Some((service.to_lowercase(), image))
        })
        .collect()
}

/// A component whose folders hold no code (a deploy repo's Dockerfile repackaging the org's
/// published image: hashicups's `images/public-api/`, `FROM hashicorpdemoapp/public-api as
/// base` then `COPY --from=base`) has its code beside its image folder in its own repo
/// (`image_code.rs`), else in the one other repo named like it (but for a
/// language after the name: `product-api-go`), which holds code: that repo's root is its root,
/// when no service roots there or only one no deploy file declares (a Dockerfile's, named after
/// the repo), which it then is.
pub(super) fn code_in_the_repo_named_like_it(components: &mut Components, files: &[ScannedFacts], repos: &[String]) {
    // Each repo's files that hold its code (sources or manifests, not Dockerfiles), gathered
    // once: asked per repo and per component, a pass over every file made a scan of 200 repos
    // resolve three times slower.
    let mut code_files: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for file in files {
        let name = file.path.rsplit('/').next().unwrap_or(&file.path).to_lowercase();
        if !dockerfile::is_dockerfile(&name) && (file.has_code() || manifests::is_manifest(&name)) {
            code_files.entry(file.repo.as_str()).or_default().push(file.path.as_str());
        }
    }
    let holds_code = |repo: &str, folder: &str| code_files.get(repo).is_some_and(|paths| paths.iter().any(|path| folder.is_empty() || super::within(path, folder)));
    // In its own repo first: the code an image folder's Dockerfile only copies in.
    super::image_code::code_beside_image_folders(components, &holds_code);
    let code_repos: Vec<&String> = repos.iter().filter(|repo| holds_code(repo, "")).collect();
    // Repo -> the codeless components named like it.
    let mut wanted: BTreeMap<&String, Vec<String>> = BTreeMap::new();
    for component in components.by_name.values().filter(|component| component.node_ref.starts_with("component:")) {
        let (Some(repo), Some(root)) = (&component.repo, &component.root) else {
            continue;
        };
        if std::iter::once(root).chain(&component.extra_roots).any(|folder| holds_code(repo, folder)) {
            continue;
        }
        let named: Vec<&&String> =
            code_repos.iter().filter(|other| *other != &repo && same_service_key(&service_key(other), &service_key(&component.name))).collect();
        if let [other] = named.as_slice() {
            wanted.entry(**other).or_default().push(component.name.clone());
        }
    }
    for (repo, names) in wanted {
        let [name] = names.as_slice() else {
            continue;
        };
        // The repo's services (its databases' images are no claim on its root).
        let rooted: Vec<&Component> =
            components.by_name.values().filter(|component| component.repo.as_ref() == Some(repo) && kind(component) == Some("component")).collect();
        let taken = match rooted.as_slice() {
            [] => None,
            [only] if only.root.as_deref() == Some("") && only.name != *name && !declared(only) => Some(only.name.clone()),
            _ => continue,
        };
        let phantom = taken.and_then(|taken| components.by_name.remove(&taken));
        let Some(component) = components.by_name.get_mut(name) else {
            continue;
        };
        (component.repo, component.root, component.extra_roots) = (Some(repo.clone()), Some(String::new()), Vec::new());
        if let Some(phantom) = phantom {
            absorb(component, phantom);
        }
    }
}

/// A service named elsewhere without its code is the same service as the one component with
/// code whose name or alias it matches, by naming key and common suffixes (`inventory` for
/// `inventory-service`, `voyages` for `voyages-ms`) or a language after it (`product-api` for
/// the repo `product-api-go`), or by its image's name without the words every image of its
/// deploy set starts with (`order-command-ms` for `ibmcase/kcontainer-order-command-ms`), and
/// a candidate's without those every repo's name starts with (`ui` for `refarch-kc-ui`) or,
/// for a service running an image no other runs, a Dockerfile folder's without those its
/// sibling folders' start with (`control` for `docker/travel_control/`).
/// Without a unique match it stays its own component.
/// Each join is pushed to `joined`.
pub(super) fn join_homeless(components: &mut Components, units: &[(&ScannedFacts, &UnitFact)], files: &[ScannedFacts], prefixes: &SharedPrefixes, joined: &mut Vec<Joined>) {
    let homeless: Vec<String> = components.by_name.values().filter(|component| component.repo.is_none()).map(|component| component.name.clone()).collect();
    let org_prefix = shared_name_prefix(components.by_name.values().filter(|component| component.repo.is_some()).map(|component| component.name.as_str()));
    // An alias two components share (a sidecar's image, `jaeger-agent`, in every pod) names
    // neither of them: it joins nothing here.
    let mut alias_counts: BTreeMap<String, usize> = BTreeMap::new();
    for component in components.by_name.values() {
        let keys: BTreeSet<String> = component.aliases.iter().map(|alias| naming_key(alias)).collect();
        for key in keys {
            *alias_counts.entry(key).or_default() += 1;
        }
    }
    let shared = |alias: &str| alias_counts.get(&naming_key(alias)).is_some_and(|count| *count > 1);
    // So does a name two components' aliases come to without the language after it: the
    // distributed calculator's images `distributed-calculator-go` and `distributed-calculator-node`
    // are both `distributedcalculator` so (dapr/quickstarts).
    let mut stem_counts: BTreeMap<String, usize> = BTreeMap::new();
    for component in components.by_name.values() {
        let stems: BTreeSet<String> = component.aliases.iter().map(|alias| (naming_key(alias), service_key(alias))).filter_map(|(key, stem)| (stem != key).then_some(stem)).collect();
        for stem in stems {
            *stem_counts.entry(stem).or_default() += 1;
        }
    }
    let shared_stem = |key: &String| stem_counts.get(key).is_some_and(|count| *count > 1);
    let workload_names = workload_names(units, files);
    let compose_files: BTreeMap<(&str, &str), &ScannedFacts> = files
        .iter()
        .filter(|file| file.facts.units.iter().any(|unit| unit.origin == UnitOrigin::Compose))
        .map(|file| ((file.repo.as_str(), file.path.as_str()), file))
        .collect();
    let mut owners: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for component in components.by_name.values() {
        for alias in std::iter::once(&component.name).chain(&component.aliases) {
            owners.entry(naming_key(alias)).or_default().insert(component.name.clone());
        }
    }
    for name in homeless {
        let Some(component) = components.by_name.get(&name) else {
            continue;
        };
        // Its own name (a workload's without its kind: `router-deployment`) first; its other
        // names (the image's, also without the words its deploy set's images share, its pod's
        // naming label, the Service that picks it) only when the name alone finds nothing; then
        // its name against theirs without the prefix every service of the org shares (`booking`
        // for `acme-booking-service`); then its name and image's against theirs without the
        // words every repo's name starts with (`ui` for `refarch-kc-ui`); then, running an image
        // of its own, against a Dockerfile's folder without the words its siblings' start with.
        let mut own = vec![name.as_str()];
        own.extend(component.origins.contains(&UnitOrigin::Kubernetes).then(|| without_kind_word(&name)).flatten());
        let keys_of = |name: &str| [naming_key(name), service_key(name)];
        let own: Vec<String> = own.into_iter().flat_map(keys_of).collect();
        let images: Vec<String> = prefixes.image_names(component).iter().flat_map(|image| keys_of(image)).collect();
        let others: Vec<String> = component
            .aliases
            .iter()
            .filter(|alias| !shared(alias))
            .flat_map(|alias| keys_of(alias))
            .filter(|key| !shared_stem(key))
            .chain(workload_names.get(&name).into_iter().flatten().flat_map(|alias| keys_of(alias)))
            .chain(images.iter().cloned())
            .collect();
        let own_and_images: Vec<String> = own.iter().chain(&images).cloned().collect();
        // An image other components run too (one portal image run as three shops) is the
        // code of none of them in particular.
        let own_image = !component.aliases.iter().any(|alias| shared(alias));
        let tries = [
            (own.clone(), Candidates::AsNamed),
            (others, Candidates::AsNamed),
            (own, Candidates::WithoutOrgPrefix),
            (own_and_images.clone(), Candidates::WithoutRepoWords),
            (if own_image { own_and_images.clone() } else { Vec::new() }, Candidates::WithoutFolderWords),
            (own_and_images, Candidates::WithoutNamespace),
        ];
        let mut matches: Vec<String> = Vec::new();
        for (keys, candidates) in tries {
            // A repo's language after its name (`product-api-go`) says nothing of which service.
            let candidate_keys = |candidate: &str| -> Vec<String> {
                match candidates {
                    Candidates::AsNamed => keys_of(candidate).to_vec(),
                    Candidates::WithoutOrgPrefix => keys_of(candidate).map(|key| key.strip_prefix(org_prefix.as_str()).map(str::to_string).unwrap_or(key)).to_vec(),
                    Candidates::WithoutRepoWords => prefixes.without_repo_words(candidate).map(|rest| keys_of(&rest).to_vec()).unwrap_or_default(),
                    Candidates::WithoutFolderWords => prefixes.without_folder_words(candidate).map(|rest| keys_of(rest).to_vec()).unwrap_or_default(),
                    Candidates::WithoutNamespace => candidate.split_once('.').map(|(_, rest)| rest).filter(|rest| !crate::resolve::names::is_generic_name(rest)).map(|rest| keys_of(rest).to_vec()).unwrap_or_default(),
                }
            };
            matches = components
                .by_name
                .values()
                .filter(|other| other.repo.is_some() && other.name != name)
                // The component named like an image other workloads of the same file run too
                // (booksapp's one image run as `webapp`, `authors` and `books`, told apart by
                // their args) is the code of none of them.
                .filter(|other| !component.aliases.iter().any(|alias| naming_key(alias) == naming_key(&other.name) && run_beside(components, component, alias)))
                .filter(|other| {
                    let names = std::iter::once(&other.name).chain(other.aliases.iter().filter(|alias| !shared(alias)));
                    names.flat_map(|candidate| candidate_keys(candidate)).any(|candidate| !candidate.is_empty() && !shared_stem(&candidate) && keys.iter().any(|key| same_service_key(key, &candidate)))
                })
                .map(|other| other.name.clone())
                .collect();
            if !matches.is_empty() {
                break;
            }
        }
        if matches.is_empty() {
            matches = runs_its_image_elsewhere(components, component, &owners);
        }
        if matches.is_empty() {
            matches = runs_its_repos_image(components, component, &compose_files).into_iter().collect();
        }
        if matches.len() != 1 {
            continue;
        }
        let Some(phantom) = components.by_name.remove(&name) else {
            continue;
        };
        if let Some(target) = components.by_name.get_mut(&matches[0]) {
            joined.extend(Joined::new(&target.name, &phantom));
            absorb(target, phantom);
        }
    }
}

/// Whether another component declared in the same file as `component` goes by `alias` too
/// (one image the file runs as several workloads).
fn run_beside(components: &Components, component: &Component, alias: &str) -> bool {
    let key = naming_key(alias);
    components.by_name.values().any(|other| {
        other.name != component.name && other.evidence.0 == component.evidence.0 && other.evidence.1 == component.evidence.1 && other.aliases.iter().any(|other_alias| naming_key(other_alias) == key)
    })
}

/// Which names of the components with code a homeless one's names are matched against.
#[derive(Debug, Clone, Copy)]
enum Candidates {
    AsNamed,
    /// Without the first word every component with code's name starts with.
    WithoutOrgPrefix,
    /// Without the words every registered repo's name starts with, when a name starts with them.
    WithoutRepoWords,
    /// A Dockerfile's service without the words the names of the folders beside its own that
    /// hold a Dockerfile start with (`control` for `docker/travel_control/` beside
    /// `docker/travel_portal/`).
    WithoutFolderWords,
    /// A .NET project's name without its solution's namespace (`apigateway` for the folder
    /// `Marketplace.ApiGateway`), unless what is left says what it is, not which (`api`).
    WithoutNamespace,
}

/// Whether a deploy file or the catalog declares the component (not only its folder's
/// Dockerfile or build).
fn declared(component: &Component) -> bool {
    component.origins.iter().any(|origin| !matches!(origin, UnitOrigin::Dockerfile | UnitOrigin::Build))
}

/// One service deployed twice under names alike: compose's `front-end` and Kubernetes's
/// `frontend`, `user` and `users`, each running the same image (`acmeshop-front-end`).
/// Compose's name stays (it comes first), the other is its alias.
pub(super) fn join_deployed_twice(components: &mut Components) {
    let homeless: Vec<String> = components.by_name.values().filter(|component| component.repo.is_none()).map(|component| component.name.clone()).collect();
    for (index, name) in homeless.iter().enumerate() {
        for other in &homeless[index + 1..] {
            let (Some(first), Some(second)) = (components.by_name.get(name), components.by_name.get(other)) else {
                continue;
            };
            // A compose service named like its image has no alias for it: its name is the image's.
            let one_image = first.aliases.iter().any(|alias| second.aliases.contains(alias) || *alias == second.name) || second.aliases.contains(&first.name);
            // Declared by different deploy files (compose and Kubernetes), not two services of
            // one compose file running one image (an API and its worker).
            let deployed_apart = first.origins != second.origins;
            if !one_image || !deployed_apart || !same_service_key(&naming_key(name), &naming_key(other)) || kind(first) != kind(second) {
                continue;
            }
            let (kept, merged) =
                if second.origins.contains(&UnitOrigin::Compose) && !first.origins.contains(&UnitOrigin::Compose) { (other, name) } else { (name, other) };
            let Some(phantom) = components.by_name.remove(merged) else {
                continue;
            };
            if let Some(target) = components.by_name.get_mut(kept) {
                absorb(target, phantom);
            }
        }
    }
}

/// The component with code that another deploy system runs `component`'s image with, by any
/// name: coolstore's Helm chart runs `vndg/cs-spa` as `spa`, compose builds it as `web`. Only
/// an image no third component goes by (two compose services of one image, an API and its
/// worker, stay two and leave the Kubernetes one alone), and one the org builds (its
/// Dockerfile or folder is the other's code).
fn runs_its_image_elsewhere(components: &Components, component: &Component, owners: &BTreeMap<String, BTreeSet<String>>) -> Vec<String> {
    let deployed = |component: &Component| -> BTreeSet<UnitOrigin> {
        component.origins.iter().copied().filter(|origin| matches!(origin, UnitOrigin::Compose | UnitOrigin::Kubernetes | UnitOrigin::Aspire | UnitOrigin::Render)).collect()
    };
    let own = deployed(component);
    let found: BTreeSet<&String> = component
        .aliases
        .iter()
        .filter_map(|alias| match owners.get(&naming_key(alias)).map(|names| names.iter().filter(|name| **name != component.name).collect::<Vec<_>>()) {
            Some(others) if others.len() == 1 => Some(others[0]),
            _ => None,
        })
        .filter(|name| {
            components.by_name.get(*name).is_some_and(|other| {
                other.repo.is_some() && kind(other) == kind(component) && !own.is_empty() && !deployed(other).is_empty() && own.is_disjoint(&deployed(other))
            })
        })
        .collect();
    found.into_iter().cloned().collect()
}

/// The service whose repo's own compose file runs `component` from that service's image, when
/// no other service of the file runs it (hashicups's `product-api-go` runs
/// `hashicorpdemoapp/product-api` as `api`, the service compose's `product-api` it is; an API
/// and its worker of one image stay two).
fn runs_its_repos_image(components: &Components, component: &Component, compose_files: &BTreeMap<(&str, &str), &ScannedFacts>) -> Option<String> {
    let (repo, path, _) = &component.evidence;
    let images = compose_images(compose_files.get(&(repo.as_str(), path.as_str()))?);
    let image = images.get(&component.name)?;
    if images.values().filter(|other| *other == image).count() > 1 {
        return None;
    }
    let image = crate::readers::kubernetes::image_name(image)?;
    let keys = [naming_key(&image), service_key(&image)];
    let owner = components.by_name.values().find(|other| other.repo.as_ref() == Some(repo) && other.root.as_deref() == Some("") && other.name != component.name)?;
    let named = std::iter::once(&owner.name)
        .chain(&owner.aliases)
        .any(|name| keys.iter().any(|key| same_service_key(key, &naming_key(name)) || same_service_key(key, &service_key(name))));
    (named && kind(owner) == kind(component)).then(|| owner.name.clone())
}

/// `component` or `resource`.
fn kind(component: &Component) -> Option<&str> {
    component.node_ref.split_once(':').map(|(kind, _)| kind)
}

/// `target` goes by `phantom`'s names too, and was declared where it was.
pub(super) fn absorb(target: &mut Component, phantom: Component) {
    target.aliases.insert(phantom.name);
    target.aliases.extend(phantom.aliases);
    target.origins.extend(phantom.origins);
}

/// Per Kubernetes workload, the names its pod's naming label (`app: router`,
/// `app.kubernetes.io/name`) and the Services picking it alone (`router-service`) give it, each
/// when no other workload goes by it (an `app: shop` on every Deployment names none of them).
fn workload_names(units: &[(&ScannedFacts, &UnitFact)], files: &[ScannedFacts]) -> BTreeMap<String, BTreeSet<String>> {
    let workloads: Vec<(BTreeMap<String, String>, String)> =
        units.iter().filter(|(_, unit)| unit.origin == UnitOrigin::Kubernetes).map(|(_, unit)| (unit.labels.clone(), unit_name(unit))).collect();
    let mut holders: BTreeMap<String, BTreeSet<&String>> = BTreeMap::new();
    for (labels, workload) in &workloads {
        for value in ["app", "app.kubernetes.io/name"].iter().filter_map(|key| labels.get(*key)) {
            holders.entry(value.to_lowercase()).or_default().insert(workload);
        }
    }
    for file in files {
        for edge in file.facts.edges.iter().filter(|edge| edge.kind == "selects") {
            let (Some(service), Some(selector)) = (edge.from.strip_prefix("host:"), edge.to.strip_prefix("selector:")) else {
                continue;
            };
            if let [picked] = workloads_picked(&workloads, selector).as_slice()
                && let Some((_, workload)) = workloads.iter().find(|(_, name)| name == picked)
            {
                holders.entry(service.to_lowercase()).or_default().insert(workload);
            }
        }
    }
    let mut names: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (name, holders) in holders {
        if let [workload] = holders.into_iter().collect::<Vec<_>>().as_slice()
            && name != **workload
        {
            names.entry(workload.to_string()).or_default().insert(name);
        }
    }
    names
}
