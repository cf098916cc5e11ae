//! Where the code of a compose service is when its compose file does not say, and which
//! Dockerfiles build no service of their own, in repos made of modules (one folder per
//! service, each with its build manifest).
//!
//! - A service that only runs an image (`image: acme/acme-ledger`) is built from the folder
//!   of its repo named like the image (`acme-ledger/`), or like the image with the prefix its
//!   sibling module folders share (`acme/ledger` and `acme-ledger/`, `acme-teller/`).
//! - A service built with a Dockerfile named by a variable (`dockerfile: ${LEDGER_DOCKERFILE}`)
//!   is rooted at that Dockerfile's folder once the `.env` fills it.
//! - A Dockerfile in `docker/` that climbs out to the repo's root in a repo whose services are
//!   modules, and whose code all lives in them, is a build file the modules share (`ARG JAR`),
//!   not a service owning the whole repo.
//! - A module's `spring.application.name` is another name of the component rooted there.

use std::collections::{BTreeMap, BTreeSet};

use serde_json::Value;

use crate::model::{naming_key, UnitFact, UnitOrigin};
use crate::readers::compose::{dockerfile_root, machine_alias};
use crate::readers::dockerfile::{is_dockerfile, is_service_folder};
use crate::readers::kubernetes::image_name;
use crate::readers::spring::{self, ANSWERS_TO};
use crate::readers::code::STARTS_SERVER;
use crate::readers::workspaces::WORKSPACE_PROJECT;
use crate::readers::{dotenv, manifests, parent_dir};
use crate::resolve::config::Settings;
use crate::resolve::{Components, ScannedFacts};

/// A compose service: (repo, compose file, service name lowercased).
pub(crate) type ComposeService<'a> = (&'a str, &'a str, String);

/// The folders of compose services whose compose file gives none, where the image's name or
/// the `.env` tells. Ambiguity gives nothing: two folders named like the image, two services
/// claiming one folder, or a folder another service of the file is built from.
pub(crate) fn compose_roots<'a>(files: &'a [ScannedFacts], settings: &Settings) -> BTreeMap<ComposeService<'a>, String> {
    let modules = module_folders(files);
    let mut found: BTreeMap<ComposeService<'a>, String> = BTreeMap::new();
    for file in files {
        let homeless: BTreeSet<String> =
            file.facts.units.iter().filter(|unit| unit.origin == UnitOrigin::Compose && unit.root.is_none() && !unit.infrastructure).map(|unit| unit.name.to_lowercase()).collect();
        if homeless.is_empty() {
            continue;
        }
        let built: BTreeSet<&str> = file.facts.units.iter().filter(|unit| unit.origin == UnitOrigin::Compose).filter_map(|unit| unit.root.as_deref()).collect();
        let mut claims: BTreeMap<String, Vec<String>> = BTreeMap::new(); // root -> services
        for edge in file.facts.edges.iter().filter(|edge| edge.kind == "runs") {
            let Some(service) = edge.from.strip_prefix("host:").filter(|service| homeless.contains(*service)) else { continue };
            let root = if let Some(image) = edge.to.strip_prefix("image:") {
                settings.expand(&file.repo, &file.path, image).and_then(|image| image_name(&image)).and_then(|image| folder_named_like(modules.get(file.repo.as_str()), &image))
            } else if let (Some(dockerfile), Some(context)) = (edge.to.strip_prefix("build:"), edge.props.get("context").and_then(Value::as_str)) {
                settings.expand(&file.repo, &file.path, dockerfile).and_then(|dockerfile| dockerfile_root(context, &dockerfile))
            } else {
                None
            };
            if let Some(root) = root.filter(|root| !built.contains(root.as_str())) {
                claims.entry(root).or_default().push(service.to_string());
            }
        }
        for (root, services) in claims {
            if let [service] = services.as_slice() {
                found.insert((file.repo.as_str(), file.path.as_str(), service.clone()), root);
            }
        }
    }
    found
}

/// The Dockerfiles (repo, path) that build no service of their own: in `docker/` (or another
/// inner folder) climbing out to the repo's root, in a repo where two services or more are
/// rooted in folders outside that one and every source file is in one of those folders.
/// `roots` are the roots every unit of the repo ends up with.
pub(crate) fn shared_build_files<'a>(
    files: &'a [ScannedFacts],
    units: &[(&'a ScannedFacts, &'a UnitFact)],
    roots: &BTreeMap<&'a str, BTreeSet<String>>,
) -> BTreeSet<(&'a str, &'a str)> {
    let mut shared = BTreeSet::new();
    for (file, unit) in units {
        let folder = parent_dir(&file.path);
        if unit.origin != UnitOrigin::Dockerfile || unit.root.as_deref() != Some("") || folder.is_empty() {
            continue;
        }
        let inside = |path: &str, root: &str| path.starts_with(&format!("{root}/"));
        let modules: Vec<&String> = roots.get(file.repo.as_str()).into_iter().flatten().filter(|root| !root.is_empty() && *root != folder && !inside(root, folder)).collect();
        if modules.len() < 2 {
            continue;
        }
        let code_outside = files
            .iter()
            .filter(|other| other.repo == file.repo && is_source(&other.path))
            .any(|other| !modules.iter().any(|root| inside(&other.path, root)));
        if !code_outside {
            shared.insert((file.repo.as_str(), file.path.as_str()));
        }
    }
    shared
}

/// Spring Boot modules no deploy file names, as units: a module folder (its build manifest
/// directly inside) whose config names the application (`spring.application.name`), rooting no
/// service yet, beside a sibling module some deploy file roots a service in, and whose name no
/// unit already has. Spring Petclinic's `genai-service` is left out of its compose file but
/// built and run like its siblings. In a repo that deploys none of its modules (alibou's
/// e-commerce course runs only databases and Kafka in compose, its services from the IDE),
/// sibling modules naming different applications are each one. `roots` are the roots the other units end up with; `taken`
/// the names and aliases (lowercase) they have.
pub(crate) fn spring_modules<'a>(files: &'a [ScannedFacts], roots: &BTreeMap<&str, BTreeSet<String>>, taken: &BTreeSet<String>) -> Vec<(&'a ScannedFacts, UnitFact)> {
    let modules = module_folders(files);
    let mut found: BTreeMap<(&str, &str), (&ScannedFacts, UnitFact)> = BTreeMap::new();
    // Modules of repos that deploy no service of their own: (repo, module).
    let mut undeployed: BTreeSet<(&str, &str)> = BTreeSet::new();
    for file in files {
        for edge in file.facts.edges.iter().filter(|edge| edge.kind == ANSWERS_TO && edge.from == "self") {
            let Some(name) = edge.to.strip_prefix("host:").map(str::to_lowercase) else { continue };
            let module = spring::module_folder(&file.path);
            let repo_roots = roots.get(file.repo.as_str());
            let is_module = modules.get(file.repo.as_str()).is_some_and(|folders| folders.contains(module));
            let rooted = repo_roots.is_some_and(|roots| roots.contains(module));
            let beside_a_service = repo_roots.is_some_and(|roots| roots.iter().any(|root| !root.is_empty() && root != module && parent_dir(root) == parent_dir(module)));
            let deploys_none = repo_roots.is_none_or(|roots| roots.iter().all(String::is_empty));
            if module.is_empty() || !is_module || rooted || !(beside_a_service || deploys_none) || taken.contains(&name) {
                continue;
            }
            if !beside_a_service {
                undeployed.insert((file.repo.as_str(), module));
            }
            let unit = UnitFact {
                name,
                origin: UnitOrigin::Build,
                root: Some(module.to_string()),
                aliases: Vec::new(),
                infrastructure: false,
                labels: BTreeMap::new(),
                pointer: edge.pointer.clone(),
            };
            found.entry((file.repo.as_str(), module)).or_insert((file, unit));
        }
    }
    // In a repo deploying no service of its own (its compose file runs only the databases and
    // the broker), sibling modules naming two applications or more are each one; a lone
    // module is the repo's.
    let names_beside = |repo: &str, module: &str| found.iter().filter(|((of, other), (_, unit))| *of == repo && parent_dir(other) == parent_dir(module) && unit.name != found[&(repo, module)].1.name).count();
    let lone: BTreeSet<(&str, &str)> = undeployed.iter().copied().filter(|&(repo, module)| names_beside(repo, module) == 0).collect();
    found.retain(|key, _| !lone.contains(key));
    // One name, one module: a name two modules declare names neither.
    let mut by_name: BTreeMap<String, usize> = BTreeMap::new();
    for (_, unit) in found.values() {
        *by_name.entry(unit.name.clone()).or_default() += 1;
    }
    found.into_values().filter(|(_, unit)| by_name.get(&unit.name) == Some(&1)).collect()
}

/// Serving modules no deploy file names, as units: a module folder (its build manifest directly
/// inside: `go.mod`, `package.json`, a `.csproj`, ...) whose code, outside tests, serves HTTP
/// routes or a gRPC service, rooting no service and holding or held by none, beside a sibling
/// module some deploy file roots a service in; named by its folder, unless a unit already has
/// that name. go-food-delivery-microservices' `catalogreadservice` has no Dockerfile of its own
/// but is built and run like its siblings. A Go module (`go.mod` directly inside) may sit beside
/// a folder holding such a service rather than beside the service's own folder:
/// grpc-polyglot-microservice's `gateway/` and `account/`, with no Dockerfile, beside
/// `portfolio/trader-portfolio-service/` built by its `docker/Dockerfile`. In a repo that deploys none of its modules, sibling
/// JavaScript or TypeScript packages (`package.json` directly inside) serving routes are each one,
/// as [`spring_modules`] does for Spring Boot: lequochung19971's nestjs-microservices runs only
/// Postgres, RabbitMQ and Keycloak in compose, its six NestJS apps in `services/` from
/// `pnpm --filter`; a lone one stays the repo's. A repo whose compose or Kubernetes runs its
/// own images deploys its services, though their folders are found later. Called after [`spring_modules`], whose units are
/// in `roots` and `taken`.
pub(crate) fn serving_modules<'a>(files: &'a [ScannedFacts], roots: &BTreeMap<&str, BTreeSet<String>>, taken: &BTreeSet<String>) -> Vec<(&'a ScannedFacts, UnitFact)> {
    let inside = |path: &str, folder: &str| path.strip_prefix(folder).is_some_and(|rest| rest.starts_with('/'));
    let mut manifests_of: BTreeMap<(&str, &str), &ScannedFacts> = BTreeMap::new();
    let mut packages: BTreeSet<(&str, &str)> = BTreeSet::new();
    let mut go_modules: BTreeSet<(&str, &str)> = BTreeSet::new();
    for file in files {
        let name = file.path.rsplit('/').next().unwrap_or(&file.path).to_lowercase();
        let folder = parent_dir(&file.path);
        if !folder.is_empty() && is_service_folder(folder) && manifests::is_manifest(&name) {
            manifests_of.entry((file.repo.as_str(), folder)).or_insert(file);
            if name == "package.json" {
                packages.insert((file.repo.as_str(), folder));
            }
            if name == "go.mod" {
                go_modules.insert((file.repo.as_str(), folder));
            }
        }
    }
    // A prefix routes are mounted under serves nothing by itself.
    let mounted = format!("route:{} ", crate::readers::code::whole_text::PREFIX);
    // A Go module serves too where its code starts a server (`http.ListenAndServe`) whose
    // routes are not read (grpc-polyglot-microservice's gateway's `/addAccount.do`).
    let serves = |repo: &str, folder: &str| {
        let go = go_modules.contains(&(repo, folder));
        files.iter().filter(|file| file.repo == repo && inside(&file.path, folder) && !crate::readers::code::is_test_path(&file.path)).any(|file| {
            file.facts.edges.iter().any(|edge| {
                edge.kind == "provides" && (edge.to.starts_with("grpc:") || edge.to.starts_with("route:") && !edge.to.starts_with(&mounted)) || go && edge.kind == STARTS_SERVER
            })
        })
    };
    // Repos whose compose, Kubernetes or Aspire app host runs a workload that is no
    // infrastructure and whose folder is found later, by its name (micro-ticketing's
    // `orders-depl` running `7binary/ticketing-orders`): the repo deploys its services.
    let runs_workloads: BTreeSet<&str> = files
        .iter()
        .filter(|file| {
            file.facts.units.iter().any(|unit| matches!(unit.origin, UnitOrigin::Compose | UnitOrigin::Kubernetes | UnitOrigin::Aspire | UnitOrigin::Render) && !unit.infrastructure && unit.root.is_none())
        })
        .map(|file| file.repo.as_str())
        .collect();
    let mut found: Vec<(&ScannedFacts, UnitFact)> = Vec::new();
    // Packages of repos that deploy no service of their own: (repo, folder).
    let mut undeployed: BTreeSet<(&str, &str)> = BTreeSet::new();
    for (&(repo, folder), manifest) in &manifests_of {
        let repo_roots = roots.get(repo);
        let name = folder.rsplit('/').next().unwrap_or(folder).to_lowercase();
        let placed = repo_roots.is_some_and(|roots| roots.iter().any(|root| root == folder || inside(folder, root) || inside(root, folder)));
        let beside_a_service = repo_roots.is_some_and(|roots| roots.iter().any(|root| !root.is_empty() && parent_dir(root) == parent_dir(folder)));
        // A Go module beside a folder holding one service (grpc-polyglot-microservice's
        // `gateway/` and `account/` beside `portfolio/trader-portfolio-service/`).
        let beside_a_service = beside_a_service || go_modules.contains(&(repo, folder)) && repo_roots.is_some_and(|roots| beside_one_service(roots, folder));
        let deploys_none = repo_roots.is_none_or(|roots| roots.iter().all(String::is_empty)) && !runs_workloads.contains(repo);
        if placed || !(beside_a_service || deploys_none && packages.contains(&(repo, folder))) || taken.contains(&name) || !serves(repo, folder) {
            continue;
        }
        if !beside_a_service {
            undeployed.insert((repo, folder));
        }
        let unit = UnitFact {
            name,
            origin: UnitOrigin::Build,
            root: Some(folder.to_string()),
            aliases: Vec::new(),
            infrastructure: false,
            labels: BTreeMap::new(),
            pointer: String::new(),
        };
        found.push((manifest, unit));
    }
    // Undeployed packages count only beside another (a lone one is the repo's), and not inside
    // another (a package of tools in a service's folder).
    let siblings = |repo: &str, folder: &str| undeployed.iter().filter(|(of, other)| *of == repo && *other != folder && parent_dir(other) == parent_dir(folder)).count();
    let held = |repo: &str, folder: &str| undeployed.iter().any(|(of, other)| *of == repo && inside(folder, other));
    found.retain(|(manifest, unit)| {
        let folder = unit.root.as_deref().unwrap_or("");
        !undeployed.contains(&(manifest.repo.as_str(), folder)) || (siblings(&manifest.repo, folder) > 0 && !held(&manifest.repo, folder))
    });
    // One name, one module.
    let mut by_name: BTreeMap<String, usize> = BTreeMap::new();
    for (_, unit) in &found {
        *by_name.entry(unit.name.clone()).or_default() += 1;
    }
    found.into_iter().filter(|(_, unit)| by_name.get(&unit.name) == Some(&1)).collect()
}

/// Whether `folder` sits beside a folder holding one service: a sibling folder (of the repo's
/// root, for a top-level one) in which every root of `roots` lies in one of them. A sibling
/// holding several services (`services/` of a monorepo) or none says nothing of a module beside
/// it (a top-level dev server).
fn beside_one_service(roots: &BTreeSet<String>, folder: &str) -> bool {
    let parent = parent_dir(folder);
    let prefix = if parent.is_empty() { String::new() } else { format!("{parent}/") };
    // sibling folder -> the roots inside it (or it)
    let mut held: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for root in roots.iter().filter(|root| !root.is_empty()) {
        let Some(rest) = root.strip_prefix(&prefix) else { continue };
        let sibling = &root[..prefix.len() + rest.find('/').unwrap_or(rest.len())];
        if sibling != folder {
            held.entry(sibling).or_default().push(root.as_str());
        }
    }
    let within = |path: &str, root: &str| path == root || path.strip_prefix(root).is_some_and(|rest| rest.starts_with('/'));
    held.values().any(|inner| {
        let outermost: Vec<&&str> = inner.iter().filter(|root| !inner.iter().any(|other| other != *root && within(root, other))).collect();
        outermost.len() == 1
    })
}

/// Applications a monorepo tool's workspace file lists (`readers/workspaces.rs`: the Nest CLI's
/// `projects`, Nx's `project.json`), as units where no other unit is rooted in, at or around
/// their folder and no unit has their name: OrderBunDau's NestJS monorepo runs only Postgres
/// and RabbitMQ in compose, its five apps from `nest start <app>`. Called after
/// [`serving_modules`], whose units are in `roots` and `taken`.
pub(crate) fn workspace_projects<'a>(files: &'a [ScannedFacts], roots: &BTreeMap<&str, BTreeSet<String>>, taken: &BTreeSet<String>) -> Vec<(&'a ScannedFacts, UnitFact)> {
    let inside = |path: &str, folder: &str| path.strip_prefix(folder).is_some_and(|rest| rest.starts_with('/'));
    let mut found: BTreeMap<(&str, &str), (&ScannedFacts, UnitFact)> = BTreeMap::new();
    for file in files {
        for edge in file.facts.edges.iter().filter(|edge| edge.kind == WORKSPACE_PROJECT) {
            let (Some(name), Some(root)) = (edge.to.strip_prefix("project:"), edge.props.get("root").and_then(serde_json::Value::as_str)) else { continue };
            let placed = roots.get(file.repo.as_str()).is_some_and(|roots| roots.iter().any(|other| !other.is_empty() && (other == root || inside(root, other) || inside(other, root))));
            if placed || taken.contains(name) {
                continue;
            }
            let unit = UnitFact {
                name: name.to_string(),
                origin: UnitOrigin::Build,
                root: Some(root.to_string()),
                aliases: Vec::new(),
                infrastructure: false,
                labels: BTreeMap::new(),
                pointer: edge.pointer.clone(),
            };
            found.entry((file.repo.as_str(), name)).or_insert((file, unit));
        }
    }
    found.into_values().collect()
}

/// `spring.application.name` (an `answers_to` edge) is another name of the component rooted
/// exactly at the module folder of the config file that declares it.
pub(crate) fn add_spring_names(components: &mut Components, files: &[ScannedFacts]) {
    for file in files {
        for edge in file.facts.edges.iter().filter(|edge| edge.kind == ANSWERS_TO && edge.from == "self") {
            let Some(name) = edge.to.strip_prefix("host:") else { continue };
            let module = spring::module_folder(&file.path);
            let owner = components.by_name.values_mut().find(|component| component.repo.as_deref() == Some(file.repo.as_str()) && component.root.as_deref() == Some(module));
            if let Some(owner) = owner.filter(|owner| owner.name != name) {
                owner.aliases.insert(name.to_string());
            }
        }
    }
}

/// `server.port` in a Spring config (or a .NET project's `App.SelfUrl`, Kestrel endpoint or
/// launch profile's `applicationUrl`) names where its application listens on the machine it runs
/// on: `localhost:<port>`, which compose's published ports also name ([`machine_alias`]), is
/// another name of the component rooted at the config's module, or named like the config file
/// a config server serves it (`configurations/gateway-service.yml`: alibou's services call each
/// other through `http://localhost:8222`, the gateway's port there). A port two components
/// claim names neither.
pub(crate) fn add_listening_ports(components: &mut Components, files: &[ScannedFacts]) {
    let mut claims: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files.iter().filter(|file| !crate::readers::code::is_test_path(&file.path)) {
        for edge in file.facts.edges.iter().filter(|edge| edge.kind == spring::LISTENS_ON) {
            let Some(port) = edge.to.strip_prefix("port:") else { continue };
            // A .NET project's `Properties/launchSettings.json` is the project's.
            let module = spring::module_folder(&file.path);
            let module = module.strip_suffix("/Properties").unwrap_or(module);
            let stem = file.path.rsplit('/').next().and_then(|name| name.rsplit_once('.')).map_or("", |(stem, _)| stem).to_lowercase();
            let owner = components.by_name.values().find(|component| component.repo.as_deref() == Some(file.repo.as_str()) && component.root.as_deref() == Some(module) && !module.is_empty());
            let owner = owner.or_else(|| components.by_name.values().find(|component| component.name == stem || component.aliases.contains(&stem)));
            if let Some(owner) = owner {
                claims.entry(port.to_string()).or_default().insert(owner.name.clone());
            }
        }
    }
    for (port, owners) in claims {
        if let [owner] = owners.iter().collect::<Vec<_>>().as_slice()
            && let Some(component) = components.by_name.get_mut(*owner)
        {
            component.aliases.insert(machine_alias(&port));
        }
    }
}

/// The folders of .NET projects, (repo, naming key of the project's name) -> folder:
/// `src/Catalog.API/Catalog.API.csproj` is the project Aspire calls `Projects.Catalog_API`.
/// A name two projects share names neither.
pub(crate) fn project_folders(files: &[ScannedFacts]) -> BTreeMap<(&str, String), String> {
    let mut found: BTreeMap<(&str, String), Option<String>> = BTreeMap::new();
    for file in files {
        let name = file.path.rsplit('/').next().unwrap_or(&file.path);
        let Some(stem) = name.strip_suffix(".csproj").or_else(|| name.strip_suffix(".fsproj")) else { continue };
        let folder = parent_dir(&file.path).to_string();
        found.entry((file.repo.as_str(), naming_key(stem))).and_modify(|known| *known = None).or_insert(Some(folder));
    }
    found.into_iter().filter_map(|(key, folder)| Some((key, folder?))).collect()
}

/// Whether a file is source code: code, not the config files (`.env`, `.properties`,
/// `.conf`…) or Dockerfiles that sit beside a project's modules.
fn is_source(path: &str) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path).to_lowercase();
    let extension = name.rsplit_once('.').map(|(_, extension)| extension).unwrap_or("");
    crate::readers::code::is_code_file(&name, extension)
        && !dotenv::is_env_file(&name)
        && !matches!(extension, "properties" | "ini" | "cfg" | "conf")
        && !crate::readers::code::is_test_path(path)
}

/// Per repo, the folders (never the root) that hold a module: a build manifest or a
/// Dockerfile directly inside.
fn module_folders(files: &[ScannedFacts]) -> BTreeMap<&str, BTreeSet<&str>> {
    let mut folders: BTreeMap<&str, BTreeSet<&str>> = BTreeMap::new();
    for file in files {
        let name = file.path.rsplit('/').next().unwrap_or(&file.path).to_lowercase();
        let folder = parent_dir(&file.path);
        if !folder.is_empty() && is_service_folder(folder) && (manifests::is_manifest(&name) || is_dockerfile(&name)) {
            folders.entry(file.repo.as_str()).or_default().insert(folder);
        }
    }
    folders
}

/// The one module folder named `image`, else the one named `<prefix>image` where the prefix
/// ends in `-` or `_` and another module folder beside it starts with it too, else the one
/// named like a Java package ending with the image's words, two or more
/// (`tools.acme.shop.webui` for `shop-webui`).
fn folder_named_like(modules: Option<&BTreeSet<&str>>, image: &str) -> Option<String> {
    let modules = modules?;
    let name_of = |folder: &str| folder.rsplit('/').next().unwrap_or(folder).to_lowercase();
    let exact: Vec<&&str> = modules.iter().filter(|folder| name_of(folder) == image).collect();
    if !exact.is_empty() {
        return if let [folder] = exact.as_slice() { Some(folder.to_string()) } else { None };
    }
    let prefixed: Vec<&&str> = modules
        .iter()
        .filter(|folder| {
            let name = name_of(folder);
            let Some(prefix) = name.strip_suffix(image).filter(|prefix| prefix.ends_with(['-', '_'])) else { return false };
            modules.iter().any(|sibling| sibling != *folder && parent_dir(sibling) == parent_dir(folder) && name_of(sibling).starts_with(prefix))
        })
        .collect();
    if !prefixed.is_empty() {
        return if let [folder] = prefixed.as_slice() { Some(folder.to_string()) } else { None };
    }
    // A module named like a Java package: `tools.acme.shop.webui` for `shop-webui`, its
    // dot-separated words ending with the image's words.
    let image_words: Vec<&str> = image.split(['-', '_', '.']).filter(|word| !word.is_empty()).collect();
    let ending: Vec<&&str> = modules
        .iter()
        .filter(|folder| {
            let name = name_of(folder);
            let folder_words: Vec<&str> = name.split('.').collect();
            image_words.len() >= 2 && folder_words.len() > image_words.len() && folder_words.ends_with(&image_words)
        })
        .collect();
    if let [folder] = ending.as_slice() { Some(folder.to_string()) } else { None }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_image_names_its_module_folder_with_or_without_the_shared_prefix() {
        let modules: BTreeSet<&str> = ["acme-ledger", "acme-teller", "tools/acme-cli", "docker/grafana", "web", "services/tools.acme.shop.webui", "stubs/fake-payment-service"].into_iter().collect();
        let cases = [
            ("acme-ledger", Some("acme-ledger")),
            ("ledger", Some("acme-ledger")),
            ("grafana", Some("docker/grafana")),
            ("cli", None),
            ("web", Some("web")),
            ("vault", None),
            ("shop-webui", Some("services/tools.acme.shop.webui")),
            ("webui", None),
            ("payment-service", None),
        ];
        for (image, expected) in cases {
            assert_eq!(folder_named_like(Some(&modules), image).as_deref(), expected, "{image}");
        }
    }
}
