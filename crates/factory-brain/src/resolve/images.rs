//! Images and what runs them: which compose services run someone else's image or build a
//! database's (a resource), which image folders a service's code is lifted out of, which
//! Dockerfiles in modules named after their parent are services of their own, and which
//! mounted folders a stock image's service owns.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::{naming_key, UnitFact, UnitOrigin};
use crate::readers::compose::{mounted, DATABASE};
use crate::readers::kubernetes::{image_name, is_infrastructure_image, names_backing_service};
use crate::resolve::config::Settings;
use crate::resolve::components::within;
use crate::resolve::names::same_service_key;
use crate::resolve::{modules, ScannedFacts};

/// The compose services that only run an image which is someone else's, as (repo, compose
/// file, service): a third-party infrastructure image, also when the `.env` fills it in
/// (`image: ${CACHE_IMAGE}`); or, in a file that builds the org's own images or runs images
/// built from the org's module folders (Jib or buildpacks: `image: psqlblog` beside
/// `psqlblog/`), an image from another namespace or registry than those
/// (`ghcr.io/open-feature/flagd` beside the `ghcr.io/open-telemetry/demo` images it builds,
/// `jhipster/jhipster-registry` beside `psqlblog`) that no folder of the repo is named like.
pub(super) fn compose_infrastructure<'a>(files: &'a [ScannedFacts], settings: &Settings, rooted: &BTreeMap<modules::ComposeService<'a>, String>) -> BTreeSet<(&'a str, &'a str, String)> {
    let mut services = BTreeSet::new();
    for file in files {
        let expand = |image: &str| settings.expand(&file.repo, &file.path, image);
        let built: BTreeSet<String> = file
            .facts
            .edges
            .iter()
            .filter(|edge| edge.kind == "runs" && edge.to.starts_with("build:"))
            .filter_map(|edge| edge.props.get("image").and_then(serde_json::Value::as_str))
            .filter_map(|image| expand(image).map(|image| image_namespace(&image)))
            .collect();
        let images: Vec<(&str, String)> = file
            .facts
            .edges
            .iter()
            .filter(|edge| edge.kind == "runs")
            .filter_map(|edge| Some((edge.from.strip_prefix("host:")?, expand(edge.to.strip_prefix("image:")?).filter(|image| image_name(image).is_some())?)))
            .collect();
        // A file that builds the org's services from its folders, and pulls infrastructure
        // from a vendor's namespace whose images carry the vendor's name
        // (`eventuateio/eventuate-kafka`): the vendor's other images there
        // (`eventuateio/eventuate-cdc-service`) are infrastructure too. An org's own images
        // (`acme/shop-rabbitmq`, `acme/carts-db`) make no namespace a vendor's.
        let builds = file.facts.edges.iter().any(|edge| edge.kind == "runs" && edge.to.starts_with("build:"));
        // Where the images the org builds from its module folders live ("" for `psqlblog`).
        let module_namespaces: BTreeSet<String> = images
            .iter()
            .filter(|(service, _)| rooted.contains_key(&(file.repo.as_str(), file.path.as_str(), service.to_string())))
            .map(|(_, image)| image_namespace(image))
            .collect();
        // A namespace two or more of the file's images (not infrastructure) share is the org's
        // registry (acme fitness's `gcr.io/vmwarecloudadvocacy/acmeshop-*`), not a third party's.
        let mut namespace_images: BTreeMap<String, usize> = BTreeMap::new();
        for (_, image) in images.iter().filter(|(_, image)| !is_infrastructure_image(image)) {
            *namespace_images.entry(image_namespace(image)).or_default() += 1;
        }
        let shared_namespace = |namespace: &str| !namespace.is_empty() && namespace_images.get(namespace).is_some_and(|count| *count >= 2);
        let vendors: BTreeSet<String> = images
            .iter()
            .filter(|(_, image)| builds && is_infrastructure_image(image) && carries_vendor_name(image))
            .map(|(_, image)| image_namespace(image))
            .collect();
        // Where the file's services' own images live (`gcr.io/vmwarecloudadvocacy` of
        // `acmeshop-cart` beside `order-postgres-tracing`): no third party's.
        let own_namespaces: BTreeSet<String> = images
            .iter()
            .filter(|(_, image)| !is_infrastructure_image(image) && !names_backing_service(image))
            .map(|(_, image)| image_namespace(image))
            .chain(built.iter().cloned())
            .filter(|namespace| !namespace.is_empty())
            .collect();
        // A service that looks like a database (`healthcheck: pg_isready`) built from a
        // Dockerfile that builds no service: one the repo does not hold (JHipster's
        // `postgresql/Dockerfile`), or one that only dresses a database's image.
        for edge in file.facts.edges.iter().filter(|edge| edge.kind == "runs" && edge.props.contains_key(DATABASE)) {
            let (Some(service), Some(dockerfile)) = (edge.from.strip_prefix("host:"), edge.props.get("dockerfile").and_then(serde_json::Value::as_str)) else { continue };
            let builds_a_service = files.iter().filter(|other| other.repo == file.repo && other.path == dockerfile).any(|other| other.facts.units.iter().any(|unit| !unit.infrastructure));
            if !builds_a_service {
                services.insert((file.repo.as_str(), file.path.as_str(), service.to_string()));
            }
        }
        // An image the file names only by a variable nothing fills in (`image: ${ES_IMAGE}`,
        // `${OTEL_COLLECTOR_IMAGE}:${OTEL_COLLECTOR_TAG}`): the service's name or the variable's
        // say whether it is a backing service, unless the repo builds it or holds its code.
        for edge in file.facts.edges.iter().filter(|edge| edge.kind == "runs") {
            let (Some(service), Some(image)) = (edge.from.strip_prefix("host:"), edge.to.strip_prefix("image:")) else { continue };
            let Some(variable) = variable_image(image).filter(|_| expand(image).is_none_or(|image| image_name(&image).is_none())) else { continue };
            let key = (file.repo.as_str(), file.path.as_str(), service.to_string());
            let named_infrastructure = is_infrastructure_image(service) || names_backing_service(service) || names_backing_service(&variable);
            if named_infrastructure && !rooted.contains_key(&key) && !named_like_a_folder(files, service, "") {
                services.insert(key);
            }
        }
        for (service, image) in images {
            let key = (file.repo.as_str(), file.path.as_str(), service.to_string());
            let namespace = image_namespace(&image);
            let vendors_image = vendors.contains(&namespace) && carries_vendor_name(&image);
            // A stock image running the repo's own code or config, mounted (nginx with its
            // templates), is the org's service however foreign its image.
            let mounts = || file.facts.units.iter().filter(|unit| unit.name == service).flat_map(|unit| &unit.aliases).filter_map(|alias| mounted(alias));
            let mounts_own = || mounts().any(|(folder, config)| mount_holds_code(files, &file.repo, folder, config));
            // A stock proxy given a config of the repo's (hashicups's `nginx:alpine` with
            // `./nginx.conf`, though the scan may not hold it) is the org's gateway.
            let configured_proxy = || mounts().any(|(_, config)| config);
            // Beside images run from module folders only, an image whose code sits in a repo or
            // folder named like it (a service in a repo of its own), of a namespace the file's
            // other images share, or a proxy configured by the repo, is the org's still.
            let beside_module_images =
                || !module_namespaces.is_empty() && !shared_namespace(&namespace) && !configured_proxy() && !named_like_a_folder(files, service, &image);
            let beside_org_images = || !built.is_empty() || vendors_image || beside_module_images();
            let foreign = !rooted.contains_key(&key) && !built.contains(&namespace) && !module_namespaces.contains(&namespace) && beside_org_images() && !mounts_own();
            // A backing service's word inside a third-party image's name (`moeenz/docker-kafka-kraft`).
            let backing = || {
                names_backing_service(&image) && !rooted.contains_key(&key) && !own_namespaces.contains(&namespace) && !named_like_a_folder(files, service, &image)
            };
            if is_infrastructure_image(&image) || foreign || backing() {
                services.insert(key);
            }
        }
    }
    services
}

/// The words of the variable an image is wholly named by (`${OTEL_COLLECTOR_IMAGE}:${TAG}` ->
/// `otel-collector`), without the words saying it is an image; `None` for an image named
/// otherwise (`${HUB}/app:${TAG}` names its own).
fn variable_image(image: &str) -> Option<String> {
    let name = image.split(':').next().unwrap_or(image).trim();
    let variable = name.strip_prefix("${").and_then(|rest| rest.strip_suffix('}')).or_else(|| name.strip_prefix('$'))?;
    let variable = variable.split([':', '-', '=']).next().unwrap_or(variable);
    if variable.is_empty() || !variable.chars().all(|character| character.is_ascii_alphanumeric() || character == '_') {
        return None;
    }
    let words: Vec<String> =
        variable.split('_').map(str::to_lowercase).filter(|word| !word.is_empty() && !matches!(word.as_str(), "image" | "img" | "tag" | "version" | "name" | "repo" | "repository")).collect();
    Some(words.join("-"))
}

/// Whether code of the org is in a repo or folder named like a compose service or its image.
fn named_like_a_folder(files: &[ScannedFacts], service: &str, image: &str) -> bool {
    let names = [Some(service.to_lowercase()), image_name(image)];
    let named = |folder: &str| names.iter().flatten().any(|name| folder.eq_ignore_ascii_case(name));
    files.iter().filter(|file| file.has_code()).any(|file| named(&file.repo) || crate::readers::parent_dir(&file.path).split('/').any(named))
}

/// Dockerfiles the reader took for a module of their parent's service
/// (`reviews/reviews-wlpcfg/` builds `reviews`), where two or more modules of one parent each
/// build an image (`microservice-kafka/microservice-kafka-order/`, `..-shipping/`): those are
/// services of their own, each rooted at its folder. (repo, Dockerfile) -> its folder.
pub(super) fn own_module_images<'a>(units: &[(&'a ScannedFacts, &'a UnitFact)]) -> BTreeMap<(&'a str, &'a str), &'a str> {
    let mut by_root: BTreeMap<(&str, &str), Vec<(&str, &str)>> = BTreeMap::new();
    for (file, unit) in units.iter().filter(|(_, unit)| unit.origin == UnitOrigin::Dockerfile) {
        let (Some(root), folder) = (unit.root.as_deref(), crate::readers::parent_dir(&file.path)) else { continue };
        let parent_name = root.rsplit('/').next().unwrap_or(root);
        let module = folder.strip_prefix(root).and_then(|rest| rest.strip_prefix('/')).filter(|rest| !rest.contains('/'));
        if !root.is_empty() && module.is_some_and(|module| module.strip_prefix(parent_name).is_some_and(|rest| rest.starts_with(['-', '_']))) {
            by_root.entry((file.repo.as_str(), root)).or_default().push((file.path.as_str(), folder));
        }
    }
    by_root
        .into_iter()
        .filter(|(_, modules)| modules.iter().map(|(_, folder)| folder).collect::<BTreeSet<_>>().len() >= 2)
        .flat_map(|((repo, _), modules)| modules.into_iter().map(move |(path, folder)| ((repo, path), folder)))
        .collect()
}

/// Whether a folder (or file) of a repo a container mounts holds code, or, for a proxy's
/// (`config`), config that calls services (an nginx template's `proxy_pass` lines).
pub(super) fn mount_holds_code(files: &[ScannedFacts], repo: &str, folder: &str, config: bool) -> bool {
    let calls_services = |file: &ScannedFacts| config && file.facts.edges.iter().any(|edge| edge.kind == "depends_on");
    files.iter().any(|file| file.repo == repo && within(&file.path, folder) && (file.has_code() || calls_services(file)))
}

/// Whether an image's name begins with its namespace's name, a vendor's product line
/// (`eventuateio/eventuate-kafka`: `eventuate`, with a trailing `io`, `hq`, `inc` or `labs` off).
fn carries_vendor_name(image: &str) -> bool {
    let namespace = image_namespace(image);
    let owner = namespace.rsplit('/').next().unwrap_or("");
    let stem = ["io", "hq", "inc", "labs", "dev"].iter().find_map(|suffix| owner.strip_suffix(suffix)).unwrap_or(owner);
    stem.len() >= 4 && image_name(image).is_some_and(|name| name.starts_with(stem))
}

/// Where an image lives: its repository without the last segment and the tag
/// (`ghcr.io/open-telemetry` for `ghcr.io/open-telemetry/demo:2.0-cart`; "" for `redis:7`).
fn image_namespace(image: &str) -> String {
    let repository = image.split('@').next().unwrap_or(image);
    let repository = match repository.rsplit_once(':') {
        Some((name, tag)) if !tag.contains('/') => name,
        _ => repository,
    };
    repository.rsplit_once('/').map(|(namespace, _)| namespace.to_lowercase()).unwrap_or_default()
}

/// Folders that hold one subfolder per image (`docker/orders/Dockerfile`).
const IMAGE_FOLDERS: &[&str] = &["docker", ".docker", "dockerfiles", "containers", "images"];
/// Folders an image folder may sit in (`build/docker/orders/`, `deploy/docker/orders/`).
const PACKAGING_FOLDERS: &[&str] = &["build", "deploy", "deployment", "ci", "packaging"];

/// A unit root that is an image folder: (the folder it stands for, the image's name).
/// `docker/orders` -> ("", "orders"); `svc/build/docker/web` -> ("svc", "web").
fn image_folder(root: &str) -> Option<(String, &str)> {
    let (parent, name) = root.rsplit_once('/')?;
    let mut segments: Vec<&str> = parent.split('/').collect();
    if !segments.last().is_some_and(|last| IMAGE_FOLDERS.contains(last)) {
        return None;
    }
    while segments.last().is_some_and(|last| IMAGE_FOLDERS.contains(last) || PACKAGING_FOLDERS.contains(last)) {
        segments.pop();
    }
    Some((segments.join("/"), name))
}

/// The folder an image folder's path stands for outside the image folders, where a build
/// script compiles the code the image's Dockerfile only copies in:
/// `travels/docker/travel_agency/cars` -> `travels/travel_agency/cars`, `build/docker/web` ->
/// `web`; `None` for a folder inside no image folder.
pub(super) fn mirrored_folder(root: &str) -> Option<String> {
    let segments: Vec<&str> = root.split('/').collect();
    let image_folders = segments.iter().rposition(|segment| IMAGE_FOLDERS.contains(segment)).filter(|index| index + 1 < segments.len())?;
    let mut prefix = segments[..image_folders].to_vec();
    while prefix.last().is_some_and(|last| IMAGE_FOLDERS.contains(last) || PACKAGING_FOLDERS.contains(last)) {
        prefix.pop();
    }
    Some(prefix.into_iter().chain(segments[image_folders + 1..].iter().copied()).collect::<Vec<_>>().join("/"))
}

/// Roots to move out of image folders, (repo, root) -> new root. `docker/orders/Dockerfile`
/// in repo orders builds the service whose code is the whole repo (`src/`, `api-spec/`), so
/// its root is the repo's root when the image is named like the repo (or the folder above
/// the image folders) or is the repo's only image, and no other service is rooted there. A
/// helper image beside it (`docker/orders-db/`) keeps its own folder.
pub(super) fn lift_image_folders<'a>(units: &[(&'a ScannedFacts, &'a UnitFact)]) -> BTreeMap<(&'a str, &'a str), String> {
    // (repo, root) -> image folder, for the roots that are image folders.
    let mut candidates: BTreeMap<(&str, &str), (String, &str)> = BTreeMap::new();
    // (repo, root) -> naming keys of the units rooted there, for the other roots.
    let mut claimed: BTreeMap<(&str, &str), BTreeSet<String>> = BTreeMap::new();
    // repo -> the distinct roots of its images.
    let mut image_roots: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for (file, unit) in units {
        let Some(root) = unit.root.as_deref() else { continue };
        let repo = file.repo.as_str();
        let image_folder = if unit.origin == UnitOrigin::Catalog { None } else { image_folder(root) };
        match image_folder {
            Some(found) => {
                candidates.insert((repo, root), found);
            }
            None => {
                let name = if unit.name.is_empty() { repo } else { unit.name.as_str() };
                claimed.entry((repo, root)).or_default().insert(naming_key(name));
            }
        }
        if unit.origin != UnitOrigin::Catalog {
            image_roots.entry(repo).or_default().insert(root);
        }
    }
    let mut lifted = BTreeMap::new();
    for ((repo, root), (target, name)) in candidates {
        let key = naming_key(name);
        let target_name = if target.is_empty() { repo } else { target.rsplit('/').next().unwrap_or(&target) };
        let named_like_target = same_service_key(&key, &naming_key(target_name));
        let only_image = image_roots.get(repo).is_some_and(|roots| roots.len() == 1);
        let taken = claimed.get(&(repo, target.as_str())).is_some_and(|names| names.iter().any(|other| !same_service_key(other, &key)));
        if (named_like_target || only_image) && !taken {
            lifted.insert((repo, root), target);
        }
    }
    lifted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_image_folder_stands_for_its_path_outside_the_image_folders() {
        let cases = [
            ("travels/docker/travel_agency/cars", Some("travels/travel_agency/cars")),
            ("docker/orders", Some("orders")),
            ("svc/build/docker/web", Some("svc/web")),
            ("docker", None),
            ("services/orders", None),
        ];
        for (root, expected) in cases {
            assert_eq!(mirrored_folder(root).as_deref(), expected, "{root}");
        }
    }
}
