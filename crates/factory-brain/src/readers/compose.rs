//! docker-compose: each service is a unit (built from a folder of this repo, another repo,
//! or a third-party image); `depends_on`, `links` and env vars whose value names another
//! service become dependencies between hosts that resolution maps to components.
//!
//! Compose fills `${VAR}` and pass-through entries (`- CART_ADDR`) from the `.env` next to
//! the file, which this reader does not see: such values become `setting:KEY` edges carrying
//! the value as written, and resolution expands them with that `.env`'s settings. A service's
//! `env_file:` entries become `env_file` edges to `file:<path in the repo>`, whose settings
//! resolution reads as the service's environment.
//!
//! A service built from a context apart from the code it bind-mounts (a dev image with hot
//! reload, `build: docker/app` with `./internal:/internal`) is rooted at the mounted folder its
//! `working_dir` names (`/internal/trainer`: `internal/trainer`).
//!
//! What this file cannot decide is left to resolution through `runs` edges: to
//! `build:<dockerfile>` (its Dockerfile decides whether the service is infrastructure, and may
//! name the folder of the context it builds: the edge carries its path in the repo; a
//! Dockerfile named by a variable carries its `context`, and the `.env` then gives the
//! service's folder), or to `image:<as written>` for a service that only runs an image (an
//! image named by a variable may be infrastructure once the `.env` fills it; an image named
//! like a folder of this repo, `acme/ledger-service`, is built from that folder).

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};

use serde_json::{Value, json};

use crate::model::{FileFacts, Method, UnitFact, UnitOrigin};
use crate::net::{hosts_in_value, with_url_path};
use crate::readers::dockerfile::service_root;
use crate::readers::kubernetes::{image_name, is_backing_service_image, is_generic_workload_name, is_infrastructure_image};
use crate::readers::{dotenv, join_relative, parent_dir};
use crate::yaml::{pointer_segment, text};

/// The edge kind from a compose service to an env file it takes its environment from.
pub const ENV_FILE: &str = "env_file";

pub fn looks_like_compose(path: &str, document: &Value) -> bool {
    let name = path.rsplit('/').next().unwrap_or(path).to_lowercase();
    // A Spring profile's config named for compose (ecmsp's `application-compose.yml`, whose
    // `services:` map holds each service's `url`) is Spring's, unless its services build or run.
    let named_like_compose = name.contains("compose") && !crate::readers::spring::is_config_file(&name);
    services_of(path, document)
        .is_some_and(|(services, _)| named_like_compose || services.values().any(|service| service.get("image").is_some() || service.get("build").is_some()))
}

/// Whether a compose file is a test harness's: named so (`docker-compose.test.yml`,
/// `compose.ci.yaml`, `docker-compose-test.yml`) or kept with the tests (`tests/`, `e2e/`); or
/// a developer's container (`.devcontainer/`, a workspace that sleeps while an editor attaches).
pub fn is_test_harness(path: &str) -> bool {
    let lower = path.to_lowercase();
    let (folder, name) = lower.rsplit_once('/').unwrap_or(("", &lower));
    let stem = name.trim_end_matches(".yml").trim_end_matches(".yaml");
    let named = stem.split(['.', '-', '_']).skip(1).any(|word| matches!(word, "test" | "tests" | "ci" | "e2e" | "it"));
    named || folder.split('/').any(|segment| matches!(segment, "test" | "tests" | "e2e" | "integration-tests" | "testing" | ".devcontainer"))
}

/// The services of a compose file, and the pointer they sit under: `services:`, or the whole
/// document in the first file format (no `version:` and no `services:`, every top-level entry
/// a service with an `image` or a `build`), which only a file named like compose is read as.
fn services_of<'a>(path: &str, document: &'a Value) -> Option<(&'a serde_json::Map<String, Value>, &'static str)> {
    if let Some(services) = document.get("services").and_then(Value::as_object) {
        return Some((services, "/services"));
    }
    let named_like_compose = path.rsplit('/').next().unwrap_or(path).to_lowercase().contains("compose");
    let top = document.as_object().filter(|top| named_like_compose && !top.is_empty())?;
    let all_services = top.values().all(|service| service.get("image").is_some() || service.get("build").is_some());
    all_services.then_some((top, ""))
}

pub fn read(path: &str, document: &Value) -> FileFacts {
    let mut facts = FileFacts::default();
    // A test harness's compose file runs the system to test it: its test runner is no service,
    // and its start order says nothing the system's own files do not.
    if is_test_harness(path) {
        return facts;
    }
    let Some((services, services_pointer)) = services_of(path, document) else {
        return facts;
    };
    let compose_dir = parent_dir(path);
    // How many services build from each folder of this repo: a context several services
    // share says nothing about which of them owns it.
    let mut context_users: BTreeMap<String, usize> = BTreeMap::new();
    for service in services.values() {
        if let Some(context) = Build::of(service).context.and_then(|context| join_relative(compose_dir, &context)) {
            *context_users.entry(context).or_default() += 1;
        }
    }
    let published = published_ports(services);
    // The names the file's services go by (a generic `app` by its project's), and the name a
    // host of the file's own stands for.
    let project = text(document, "name").filter(|project| !project.contains('$'));
    let names: BTreeMap<&str, String> = services.iter().map(|(written, service)| (written.as_str(), service_name(written, project, service, compose_dir))).collect();
    let host = |host: String| names.iter().find(|(written, _)| written.eq_ignore_ascii_case(&host)).map_or(host, |(_, name)| name.to_lowercase());
    let jobs = one_shot_jobs(services);
    // The file's Traefik, which routes the services its labels name (Docker provider).
    let traefik = services.iter().find(|(_, service)| text(service, "image").and_then(image_name).as_deref() == Some("traefik")).map(|(written, _)| names[written.as_str()].to_lowercase());
    // Docker Hub's automated tests run the service named `sut` ("system under test").
    for (written, service) in services.iter().filter(|(name, _)| name.as_str() != "sut") {
        let pointer = format!("{services_pointer}/{}", pointer_segment(written));
        let name = &names[written.as_str()];
        let build = Build::of(service);
        let image = text(service, "image").unwrap_or("");
        let context_root = build.context.as_deref().and_then(|context| join_relative(compose_dir, context));
        // A database built from a Dockerfile of its own (`postgresql/Dockerfile`, maybe not in
        // the repo) is for resolution to tell, by that Dockerfile: its folder is the service's
        // only when no other service of the file builds from it.
        let database = build.context.as_deref().and_then(|context| database_sign(name, service).or_else(|| emulator_sign(name, context)));
        let root = context_root
            .as_deref()
            .and_then(|context| working_folder(service, compose_dir, context).or_else(|| build.root(context, context_users.get(context).copied().unwrap_or(0))));
        let root = root.filter(|_| database.is_none() || build.dockerfile.is_none());
        let sibling_repo = match (build.context.as_deref(), &context_root) {
            (Some(context), None) => context.trim_end_matches('/').rsplit('/').next().map(|repo| format!("repo:{repo}")),
            _ => None,
        };
        // `hostname: localhost` names the machine itself, never this service to others.
        let mut aliases: Vec<String> = ["hostname", "container_name"]
            .iter()
            .filter_map(|key| text(service, key))
            .map(str::to_lowercase)
            .filter(|alias| crate::net::normalize_host(alias).is_some())
            .collect();
        aliases.extend(sibling_repo);
        if let Some(image_name) = image_name(image).filter(|image_name| image_name != &name.to_lowercase()) {
            aliases.push(image_name);
        }
        if name != written {
            aliases.push(written.to_lowercase());
        }
        aliases.extend(published.iter().filter(|(port, owner)| owner.as_deref() == Some(written.as_str()) && port.bytes().all(|byte| byte.is_ascii_digit())).map(|(port, _)| machine_alias(port)));
        if let Some(networks) = service.get("networks").and_then(Value::as_object) {
            for network in networks.values() {
                aliases.extend(crate::yaml::strings(network.get("aliases")).into_iter().map(|alias| alias.to_lowercase()));
            }
        }
        // A built service is infrastructure only when the image it builds says so
        // (`acme/user-db`); otherwise its Dockerfile decides.
        let infrastructure = if build.context.is_some() { is_backing_service_image(image) } else { is_infrastructure_image(image) };
        let infrastructure = infrastructure || jobs.contains(&written.to_lowercase());
        // A stock image running the repo's own code, bind-mounted (OpenResty with the Lua
        // scripts of `./nginx-web-server/lua-scripts`): the folders it mounts, for resolution.
        // A proxy's mounts are its config (`./nginx/templates`), which counts as its own.
        // A gateway built from a folder of its own that mounts its proxy config from elsewhere
        // (moorara's `caddy`, built from `./caddy`, mounting `./gateway/Caddyfile`): that
        // config is its own too.
        if build.context.is_some() && !infrastructure {
            aliases.extend(
                bind_mounts(service)
                    .filter(|source| is_proxy_config_file(&source.rsplit('/').next().unwrap_or(source).to_lowercase()))
                    .filter_map(|source| join_relative(compose_dir, source))
                    .map(|file| format!("{MOUNT_ALIAS}{PROXY_CONFIG}{file}")),
            );
        }
        if build.context.is_none() && !infrastructure {
            let kind = if crate::readers::kubernetes::is_proxy_image(image) { PROXY_CONFIG } else { "" };
            aliases.extend(
                bind_mounts(service)
                    .filter_map(|source| join_relative(compose_dir, source))
                    .filter(|folder| !folder.is_empty())
                    .map(|folder| format!("{MOUNT_ALIAS}{kind}{folder}")),
            );
        }
        let rooted = root.is_some();
        facts.units.push(UnitFact {
            name: name.clone(),
            origin: UnitOrigin::Compose,
            root,
            aliases,
            infrastructure,
            labels: Default::default(),
            pointer: pointer.clone(),
        });
        let this = format!("host:{}", name.to_lowercase());
        // What this file cannot tell a service from infrastructure by is left to resolution:
        // a build (its Dockerfile decides) or an image named by a variable (the `.env` does).
        if build.context.is_some() && !infrastructure {
            let built_from = build.dockerfile.as_deref().or(build.context.as_deref()).unwrap_or("");
            let mut props = match (&context_root, build.dockerfile.as_deref()) {
                (Some(context), Some(dockerfile)) if !rooted && (dockerfile.contains('$') || database.is_some()) => {
                    json!({"context": context})
                }
                _ => json!({}),
            };
            // The Dockerfile it names in the repo, which may say which folder of the context it
            // builds (`docker/Dockerfile-post` running `go build ./cmd/post`).
            if let Some(dockerfile) = context_root.as_deref().zip(build.dockerfile.as_deref().filter(|dockerfile| !dockerfile.contains('$'))).and_then(|(context, dockerfile)| join_relative(context, dockerfile)) {
                props["dockerfile"] = json!(dockerfile);
            }
            if let (Some(sign), Some(context)) = (database, &context_root) {
                props[DATABASE] = json!(sign);
                props["dockerfile"] = json!(join_relative(context, build.dockerfile.as_deref().unwrap_or("Dockerfile")));
            }
            // The image it builds names where the org's images live.
            if !image.is_empty() {
                props["image"] = json!(image);
            }
            facts.edge(&this, &format!("build:{built_from}"), "runs", props, &format!("{pointer}/build"), Method::Parsed);
        } else if build.context.is_none() && !image.is_empty() {
            // Infrastructure's images too: a vendor's namespace tells its other images.
            facts.edge(&this, &format!("image:{image}"), "runs", Value::Null, &format!("{pointer}/image"), Method::Parsed);
        }
        for (index, env_file) in env_files(service.get("env_file")).into_iter().enumerate() {
            if let Some(path) = join_relative(compose_dir, env_file) {
                facts.edge(&this, &format!("file:{path}"), ENV_FILE, Value::Null, &format!("{pointer}/env_file/{index}"), Method::Parsed);
            }
        }
        if let Some((traefik, prefixes)) = traefik.as_deref().filter(|traefik| *traefik != name.to_lowercase()).zip(crate::readers::traefik::label_routes(service)) {
            let router = format!("host:{traefik}");
            if prefixes.is_empty() {
                facts.edge(&router, &this, "depends_on", json!({"via": "traefik labels"}), &format!("{pointer}/labels"), Method::Declared);
            }
            for (location, label) in prefixes {
                facts.edge(&router, &this, "depends_on", json!({"via": "traefik labels", "location": location}), &format!("{pointer}/labels/{label}"), Method::Declared);
            }
        }
        let depends_on: Vec<String> = match service.get("depends_on") {
            Some(Value::Object(map)) => map.keys().cloned().collect(),
            other => crate::yaml::strings(other),
        };
        let links: Vec<String> = crate::yaml::strings(service.get("links")).into_iter().map(|link| link.split(':').next().unwrap_or("").to_string()).collect();
        // A sidecar sharing a service's network (`network_mode: "service:basket-api"`, a Dapr
        // sidecar) starts after it as part of it; it does not depend on it as a caller would.
        let attached_to = text(service, "network_mode").and_then(|mode| mode.strip_prefix("service:")).map(str::to_lowercase);
        // A job it waits for to finish (a schema migration) is a step before it starts, no call.
        let waits_for = |target: &String| depends_on.contains(target) && jobs.contains(&target.to_lowercase());
        for target in depends_on.iter().chain(&links).filter(|target| !target.is_empty() && attached_to.as_deref() != Some(target.to_lowercase().as_str()) && !waits_for(target)) {
            facts.edge(&this, &format!("host:{}", host(target.to_lowercase())), "depends_on", json!({"via": "depends_on"}), &format!("{pointer}/depends_on"), Method::Declared);
        }
        // An address the container is started with (`command: ["-target", "webapp:7000"]`), as
        // Kubernetes's reader reads `args`: a URL or `host:port`, a flag's value too.
        for key in ["command", "entrypoint"] {
            for item in crate::yaml::strings(service.get(key)) {
                for word in item.split_whitespace().map(|word| word.trim_matches(['"', '\''])) {
                    let value = if word.starts_with('-') { word.split_once('=').map_or("", |(_, value)| value) } else { word };
                    if let Some(found) = crate::net::host_of(value, false) {
                        let props = with_url_path(json!({key: item}), value, &found);
                        facts.edge(&this, &format!("host:{}", host(found.clone())), "depends_on", props, &format!("{pointer}/{key}"), Method::Parsed);
                    }
                }
            }
        }
        for (key, value) in environment(service.get("environment")) {
            let env_pointer = format!("{pointer}/environment/{key}");
            // A pass-through entry takes its value from the `.env`, like `KEY=${KEY}`.
            let value = value.unwrap_or_else(|| format!("${{{key}}}"));
            if SPRING_CONFIG_KEYS.contains(&key.as_str()) {
                for path in spring_config_files(service, compose_dir, &value) {
                    facts.edge(&this, &format!("file:{path}"), SPRING_CONFIG, json!({"env": key}), &env_pointer, Method::Declared);
                }
                continue;
            }
            crate::readers::code::env_channel(&mut facts, &this, &key, &value, &env_pointer);
            if let Some(target) = through_published_port(&key, &value, &published).filter(|target| !target.eq_ignore_ascii_case(written)) {
                let props = json!({"env": key, "via": "published port"});
                facts.inferred_edge(&this, &format!("host:{}", host(target.to_lowercase())), "depends_on", props, &env_pointer, 0.7);
                continue;
            }
            // An address given as a sibling's bare name (eShopOnAbp's
            // `RemoteServices__AbpIdentity__BaseUrl=eshop-st-identity`), which a URL's parser
            // takes for its host.
            if calls_an_address(&key)
                && let Some(sibling) = services.keys().find(|other| *other != written && other.eq_ignore_ascii_case(value.trim()))
            {
                let props = json!({"env": key});
                facts.inferred_edge(&this, &format!("host:{}", host(sibling.to_lowercase())), "depends_on", props, &env_pointer, 0.75);
                continue;
            }
            if dotenv::expand(&value, |_| None).is_none() {
                facts.edge(&this, &format!("setting:{key}"), "depends_on", json!({"env": key, "value": value}), &env_pointer, Method::Parsed);
                continue;
            }
            for found in hosts_in_value(&key, &value) {
                facts.edge(&this, &format!("host:{}", host(found.clone())), "depends_on", with_url_path(json!({"env": key}), &value, &found), &env_pointer, Method::Parsed);
            }
        }
    }
    facts
}

/// The services (lowercase) another waits for to run to completion (`depends_on: {migration:
/// {condition: service_completed_successfully}}`): one-shot jobs, a schema migration or a
/// seed, no services.
fn one_shot_jobs(services: &serde_json::Map<String, Value>) -> BTreeSet<String> {
    let waited = |(name, condition): (&String, &Value)| (text(condition, "condition") == Some("service_completed_successfully")).then(|| name.to_lowercase());
    services.values().filter_map(|service| service.get("depends_on").and_then(Value::as_object)).flat_map(|map| map.iter().filter_map(waited)).collect()
}

/// The name a compose service goes by: as written, unless that is a generic word (`app`, as
/// JHipster names the service of every module's `src/main/docker/app.yml`), where the
/// project's (the file's top-level `name:`), else its image's, names it; with neither, the one
/// alias its networks give it, else the folder it is built from (Fabrikam Drone Delivery's
/// `src/shipping/package/docker-compose.dev.yaml` builds `app` from `.`, its network alias
/// `package`).
fn service_name(written: &str, project: Option<&str>, service: &Value, compose_dir: &str) -> String {
    let specific = |name: &String| !name.is_empty() && !is_generic_workload_name(name);
    if !is_generic_workload_name(written) {
        return written.to_string();
    }
    let project = project.map(str::to_lowercase).filter(specific);
    let image = text(service, "image");
    if let Some(name) = project.or_else(|| image.and_then(image_name).filter(specific)) {
        return name;
    }
    if image.is_some() {
        return written.to_string();
    }
    let networks = service.get("networks").and_then(Value::as_object).into_iter().flat_map(|networks| networks.values());
    let aliases: BTreeSet<String> = networks.flat_map(|network| crate::yaml::strings(network.get("aliases"))).map(|alias| alias.to_lowercase()).collect();
    let alias = match aliases.into_iter().collect::<Vec<_>>().as_slice() {
        [alias] => Some(alias.clone()).filter(|alias| specific(alias) && crate::net::normalize_host(alias).is_some()),
        _ => None,
    };
    let folder = || {
        let context = Build::of(service).context.and_then(|context| join_relative(compose_dir, &context))?;
        let root = service_root(&context);
        Some(root.rsplit('/').next().unwrap_or("").to_lowercase()).filter(specific)
    };
    alias.or_else(folder).unwrap_or_else(|| written.to_string())
}

/// The prop of a `runs` edge to a build saying what makes the service look like a database
/// (`healthcheck: pg_isready`): unless the Dockerfile it names (prop `dockerfile`, in the repo)
/// is read and builds something else, it is one.
pub const DATABASE: &str = "database";

/// Tools a database's image ships to check it is up, as a healthcheck runs them.
const DATABASE_CLIENTS: &[&str] = &["pg_isready", "mysqladmin", "mariadb-admin", "cqlsh", "redis-cli", "valkey-cli", "mongosh", "mongo", "cockroach", "clickhouse-client"];

/// Env keys a database's image reads to set itself up (`POSTGRES_USER`, `MYSQL_ROOT_PASSWORD`);
/// a client's keys are alike (`POSTGRES_USER` for the user it logs in as), so they say
/// database only where the service's environment names no other host.
pub(crate) const DATABASE_ENV_PREFIXES: &[&str] = &["POSTGRES_", "MYSQL_", "MARIADB_", "MONGO_INITDB_"];

/// What says a compose service is a database: a database client in its healthcheck
/// (`pg_isready -U $${POSTGRES_USER}`, `cqlsh -e 'describe keyspaces'`), a name ending in a
/// backing service's word (`psqlblog-postgresql`, `cassandrablog-cassandra`), or a database
/// image's setup keys in an environment naming no other host.
fn database_sign(name: &str, service: &Value) -> Option<&'static str> {
    let test = match service.pointer("/healthcheck/test") {
        Some(Value::String(test)) => test.clone(),
        Some(Value::Array(words)) => words.iter().filter_map(Value::as_str).collect::<Vec<_>>().join(" "),
        _ => String::new(),
    };
    // `/usr/bin/pg_isready`, not `http://localhost/mongo`.
    let tool = |word: &str| !word.contains(':') && DATABASE_CLIENTS.contains(&word.rsplit('/').next().unwrap_or(word));
    if test.split(|character: char| character.is_whitespace() || "|;&'\"()".contains(character)).any(tool) {
        return Some("healthcheck");
    }
    let last_word = name.to_lowercase().rsplit(['-', '_']).next().map(str::to_string).unwrap_or_default();
    if name.contains(['-', '_']) && crate::readers::kubernetes::is_backing_service_word(&last_word) {
        return Some("name");
    }
    let environment = environment(service.get("environment"));
    let sets_up = environment.iter().any(|(key, _)| DATABASE_ENV_PREFIXES.iter().any(|prefix| key.to_ascii_uppercase().starts_with(prefix)));
    let calls = environment.iter().any(|(key, value)| value.as_deref().is_some_and(|value| !hosts_in_value(key, value).is_empty()));
    (sets_up && !calls).then_some("environment")
}

/// What says a compose service built from the repo is a cloud database's or broker's emulator
/// (wild-workouts's `firestore` built from `docker/firestore-emulator`, a `pubsub-emulator`):
/// its name's or its build context's last word. Like a database, it is one unless its
/// Dockerfile builds something else.
fn emulator_sign(name: &str, context: &str) -> Option<&'static str> {
    let folder = context.trim_end_matches('/').rsplit('/').next().unwrap_or("");
    let last_word = |text: &str| text.to_lowercase().rsplit(['-', '_']).next().map(str::to_string).unwrap_or_default();
    [name, folder].iter().any(|text| text.contains(['-', '_']) && last_word(text) == "emulator").then_some("emulator")
}

/// The host ports the file's services publish, each with the one service publishing it
/// (`"5121:80"`, `"127.0.0.1:5121:80"`, `{published: 5121, target: 80}`, a variable and its
/// default, `"${AUTH_SERVICE_PORT:-7110}:7110"`); a port two services publish names neither.
fn published_ports(services: &serde_json::Map<String, Value>) -> BTreeMap<String, Option<String>> {
    let mut published: BTreeMap<String, Option<String>> = BTreeMap::new();
    for (name, service) in services {
        let ports = service.get("ports").and_then(Value::as_array).map(Vec::as_slice).unwrap_or_default();
        for port in ports {
            let host_port = match port {
                Value::Object(long) => long.get("published").map(|published| published.to_string().trim_matches('"').to_string()),
                Value::String(short) => {
                    let parts = outside_variables(short.split('/').next().unwrap_or(""), ':');
                    (parts.len() >= 2).then(|| parts[parts.len() - 2].to_string())
                }
                _ => None,
            };
            // A port the `.env` fills in (`"${IDP_SVR_PORT}:80"`) is matched by the variable, and
            // by its default where it has one (polyglot-ecommerce's `"${AUTH_SERVICE_PORT:-7110}:7110"`).
            let default = host_port.as_deref().and_then(port_default);
            let host_port = host_port.map(|port| port_variable(&port).unwrap_or(port));
            for host_port in host_port.into_iter().chain(default).filter(|port| !port.is_empty() && (port.bytes().all(|byte| byte.is_ascii_digit()) || port.starts_with("${"))) {
                published
                    .entry(host_port)
                    .and_modify(|owner| {
                        if owner.as_ref() != Some(name) {
                            *owner = None
                        }
                    })
                    .or_insert_with(|| Some(name.clone()));
            }
        }
    }
    published
}

/// `text` cut at each `separator` outside a `${..}` (whose default may hold one: `${P:-80}`).
fn outside_variables(text: &str, separator: char) -> Vec<&str> {
    let (mut parts, mut start, mut depth) = (Vec::new(), 0, 0usize);
    for (at, character) in text.char_indices() {
        match character {
            '{' => depth += 1,
            '}' => depth = depth.saturating_sub(1),
            _ if character == separator && depth == 0 => {
                parts.push(&text[start..at]);
                start = at + character.len_utf8();
            }
            _ => {}
        }
    }
    parts.push(&text[start..]);
    parts
}

/// The port a variable's default gives (`${AUTH_SERVICE_PORT:-7110}` -> `7110`).
fn port_default(port: &str) -> Option<String> {
    let inner = port.trim().strip_prefix("${")?.strip_suffix('}')?;
    let (_, default) = inner.split_once(":-").or_else(|| inner.split_once('-'))?;
    (!default.is_empty() && default.bytes().all(|byte| byte.is_ascii_digit())).then(|| default.to_string())
}

/// A port written as one variable, without its default: `${IDP_SVR_PORT:-8083}` -> `${IDP_SVR_PORT}`.
fn port_variable(port: &str) -> Option<String> {
    let name = port.trim().strip_prefix("${")?.strip_suffix('}')?.split([':', '-']).next()?;
    (!name.is_empty() && name.chars().all(|character| character.is_ascii_alphanumeric() || character == '_')).then(|| format!("${{{name}}}"))
}

/// Words of a key naming a front end's address.
const FRONT_END_WORDS: &[&str] = &["dashboard", "storefront", "frontend", "ui", "spa", "portal", "webapp", "console"];

/// The service an address reaches through the port it publishes on the host, for a URL whose
/// host is the host machine itself or a variable naming it (`PurchaseUrl=http://
/// ${ESHOP_EXTERNAL_DNS_NAME_OR_IP}:5121`, `http://localhost:5121`), under a key naming an
/// address it calls ([`calls_an_address`]).
fn through_published_port<'a>(key: &str, value: &str, published: &'a BTreeMap<String, Option<String>>) -> Option<&'a str> {
    if !calls_an_address(key) {
        return None;
    }
    published.get(&machine_port(value)?)?.as_deref()
}

/// Whether a key names an address its holder calls (`*Url`, `*Uri`, `*Endpoint`, `*Address`:
/// the key's last word). An OAuth client's redirect or callback address (`SpaClient=`,
/// `XamarinCallback=`) is where it is called back, not a call.
pub(crate) fn calls_an_address(key: &str) -> bool {
    let lower = key.to_ascii_lowercase();
    let words = crate::net::key_words(key);
    // An OpenID Connect client's `Authority` or `Issuer` is its identity provider's address.
    let address = |word: &str| matches!(word, "url" | "uri" | "endpoint" | "address" | "authority" | "issuer");
    // `BasketApiUrlExternal` on an identity server is where its OAuth clients are, called back
    // and never called: an address qualified after its word is left out (a browser app's
    // `ApiGatewayUrlExternal`, which it does call, with it).
    let names_an_address = words.last().is_some_and(|last| address(last) || ["url", "uri", "endpoint", "address"].iter().any(|word| last.ends_with(word)));
    // A front end's address (`DASHBOARD_URL=http://localhost:9000/` on Saleor's API) is a link a
    // back end hands out, in mails and pages, not one it calls.
    let names_a_front_end = words.iter().any(|word| FRONT_END_WORDS.contains(&word.as_str()));
    names_an_address && !names_a_front_end && !["client", "callback", "redirect"].iter().any(|word| lower.contains(word))
}

/// The host port a URL reaches on the host machine: its host is the machine itself
/// (`localhost`, `127.0.0.1`, `host.docker.internal`) or a variable naming it. A variable stands
/// for the machine only when its name says so (eShop's `ESHOP_EXTERNAL_DNS_NAME_OR_IP`,
/// kbastani's `DOCKER_IP`) and it has no default but an address (`${DOCKER_IP:192.168.99.100}`):
/// `${CATALOG_HOST}` is the `.env`'s to fill in, and `${DB_HOST:-orders-db}` names its default.
pub(crate) fn machine_port(value: &str) -> Option<String> {
    let (_, rest) = value.split_once("://")?;
    let authority = rest.split('/').next()?;
    let parts = outside_variables(authority, ':');
    let [.., host, port] = parts.as_slice() else { return None };
    let (host, port) = (*host, port_variable(port).unwrap_or_else(|| port.to_string()));
    let loopback = |host: &str| matches!(host, "localhost" | "127.0.0.1" | "host.docker.internal" | "0.0.0.0");
    let variable = host.strip_prefix("${").and_then(|rest| rest.strip_suffix('}')).filter(|inner| {
        let default = inner.split_once(':').map(|(_, default)| default.trim_start_matches('-'));
        default.is_none_or(|default| loopback(default) || default.parse::<std::net::IpAddr>().is_ok())
    });
    let names_the_machine = variable.map(|inner| inner.split(':').next().unwrap_or(inner)).is_some_and(|name| ["EXTERNAL", "PUBLIC", "_IP", "DNS", "DOCKER_HOST"].iter().any(|word| name.to_ascii_uppercase().contains(word)));
    (loopback(host) || names_the_machine).then_some(port).filter(|port| !port.is_empty())
}

/// The alias a service publishing `port` on the host machine goes by, which a config's
/// `http://localhost:<port>` or `http://${DOCKER_IP}:<port>` names.
pub fn machine_alias(port: &str) -> String {
    format!("localhost:{port}")
}

/// Whether a file (its lowercase name) is a reverse proxy's config: a Caddyfile, nginx's
/// `*.conf` (and envsubst templates), Traefik's, Kong's, Envoy's or KrakenD's.
fn is_proxy_config_file(lower_name: &str) -> bool {
    let stem = lower_name.split('.').next().unwrap_or(lower_name);
    crate::readers::caddy::is_caddyfile(lower_name)
        || lower_name.ends_with(".conf")
        || lower_name.ends_with(".conf.template")
        || (["traefik", "kong", "envoy", "krakend"].iter().any(|gateway| stem.starts_with(gateway)) && [".yml", ".yaml", ".toml", ".json"].iter().any(|extension| lower_name.ends_with(extension)))
}

/// The prefix of a unit's alias naming a folder of the repo its container mounts.
pub const MOUNT_ALIAS: &str = "mount:";
/// After [`MOUNT_ALIAS`]: the mount is a stock proxy's, whose config files are its own.
pub const PROXY_CONFIG: &str = "proxy:";

/// The folder a mount alias names, and whether config there (not only code) is the service's.
pub fn mounted(alias: &str) -> Option<(&str, bool)> {
    let rest = alias.strip_prefix(MOUNT_ALIAS)?;
    Some(rest.strip_prefix(PROXY_CONFIG).map_or((rest, false), |folder| (folder, true)))
}

/// The edge kind from a service to a Spring config file of the repo its environment loads
/// (`file:config-repo/orders.yml`), or a folder of them (`file:config/`, its `application*`
/// files): that file configures the service wherever it sits.
pub const SPRING_CONFIG: &str = "spring_config";

/// The env vars whose value lists the files a Spring Boot service loads its config from.
const SPRING_CONFIG_KEYS: &[&str] = &["SPRING_CONFIG_LOCATION", "SPRING_CONFIG_ADDITIONAL_LOCATION", "SPRING_CONFIG_IMPORT"];

/// The repo paths of the config locations a Spring Boot service is given
/// (`file:/config-repo/application.yml,file:/config-repo/orders.yml`), through the folders it
/// bind-mounts (`$PWD/config-repo:/config-repo`); a folder location (`file:/config/`) keeps its
/// trailing `/`. Classpath locations and paths no mount holds are the image's own.
fn spring_config_files(service: &Value, compose_dir: &str, value: &str) -> Vec<String> {
    let mounts: Vec<(String, &str)> = bind_mount_targets(service).filter_map(|(source, target)| Some((join_relative(compose_dir, source)?, target.trim_end_matches('/')))).collect();
    let mut paths = Vec::new();
    for location in value.split(',').map(str::trim) {
        let location = location.strip_prefix("optional:").unwrap_or(location);
        let Some(path) = location.strip_prefix("file:").or_else(|| location.starts_with('/').then_some(location)) else { continue };
        let folder = path.ends_with('/');
        let found = mounts.iter().find_map(|(source, target)| {
            let rest = path.strip_prefix(target).filter(|rest| rest.is_empty() || rest.starts_with('/'))?;
            join_relative(source, rest.trim_start_matches('/'))
        });
        if let Some(found) = found.filter(|found| !found.is_empty()) {
            paths.push(if folder { format!("{found}/") } else { found });
        }
    }
    paths
}

/// The repo paths a service bind-mounts and where: `./x:/target[:ro]` (also `$PWD/x`), or
/// `{type: bind, source: ./x, target: /target}`.
fn bind_mount_targets(service: &Value) -> impl Iterator<Item = (&str, &str)> {
    service.get("volumes").and_then(Value::as_array).into_iter().flatten().filter_map(|volume| {
        let (source, target) = match volume {
            Value::String(short) => {
                let mut parts = short.split(':');
                (parts.next()?, parts.next()?)
            }
            Value::Object(long) if long.get("type").and_then(Value::as_str) == Some("bind") => (long.get("source")?.as_str()?, long.get("target")?.as_str()?),
            _ => return None,
        };
        // The compose file's folder, written as the shell's: `$PWD/config-repo`.
        let under_pwd = ["$PWD/", "${PWD}/"].iter().find_map(|prefix| source.strip_prefix(prefix));
        // A bare word is a named volume, not a folder (`db-data:/var/lib/postgresql`).
        let relative = source.starts_with("./") || source.starts_with("../") || source == ".";
        let source = under_pwd.or(relative.then_some(source))?;
        target.starts_with('/').then_some((source, target))
    })
}

/// The folder of the repo a built service runs its code from, when its `working_dir` lies in a
/// folder it bind-mounts from the repo (`./internal:/internal` and `working_dir:
/// /internal/trainer`: `internal/trainer`) apart from its build context (`docker/app`): the
/// dev image with hot reload that one context builds holds no code, and each service of the
/// file runs the mounted code its working directory picks.
fn working_folder(service: &Value, compose_dir: &str, context: &str) -> Option<String> {
    let working_dir = text(service, "working_dir").filter(|dir| dir.starts_with('/') && !dir.contains('$'))?.trim_end_matches('/');
    // The mount holding the working directory, the innermost when several do.
    let (source, _, rest) = bind_mount_targets(service)
        .filter_map(|(source, target)| {
            let target = target.trim_end_matches('/');
            let rest = working_dir.strip_prefix(target).filter(|rest| rest.is_empty() || rest.starts_with('/'))?;
            Some((source, target.len(), rest))
        })
        .max_by_key(|(_, length, _)| *length)?;
    let folder = join_relative(&join_relative(compose_dir, source)?, rest.trim_start_matches('/'))?;
    let apart = |one: &str, other: &str| one != other && !one.starts_with(&format!("{other}/"));
    (!folder.is_empty() && !context.is_empty() && apart(&folder, context) && apart(context, &folder)).then_some(folder)
}

/// The repo paths a service bind-mounts, wherever it mounts them.
fn bind_mounts(service: &Value) -> impl Iterator<Item = &str> {
    bind_mount_targets(service).map(|(source, _)| source)
}

/// A service's `build`: its context and Dockerfile as written, with Windows' separators as
/// `/` (Visual Studio's compose files write `dockerfile: Services\Discount\Discount.API\Dockerfile`,
/// kiennamdd's dotNET-Microservices).
struct Build<'a> {
    context: Option<Cow<'a, str>>,
    dockerfile: Option<Cow<'a, str>>,
}

impl<'a> Build<'a> {
    fn of(service: &'a Value) -> Self {
        let path = |path: &'a str| if path.contains('\\') { Cow::Owned(path.replace('\\', "/")) } else { Cow::Borrowed(path) };
        match service.get("build") {
            Some(Value::String(context)) => Self { context: Some(path(context)), dockerfile: None },
            Some(build) => Self { context: Some(path(text(build, "context").unwrap_or("."))), dockerfile: text(build, "dockerfile").map(path) },
            None => Self { context: None, dockerfile: None },
        }
    }

    /// The service's folder, given its context's folder in the repo and how many services
    /// build from that context: the Dockerfile's folder (see [`dockerfile_root`]) when the
    /// Dockerfile is named, else the context unless it is shared and the Dockerfile is named by
    /// a variable this reader cannot expand.
    fn root(&self, context: &str, context_users: usize) -> Option<String> {
        let Some(dockerfile) = self.dockerfile.as_deref() else {
            return Some(context.to_string());
        };
        if dockerfile.contains('$') {
            return (context_users < 2).then(|| context.to_string());
        }
        dockerfile_root(context, dockerfile)
    }
}

/// The folder of a service built from `context` (its folder in the repo) with `dockerfile`
/// (as written, relative to the context): the Dockerfile's folder with inner folders climbed
/// out of, never above the context. `None` when the Dockerfile leaves the repository.
pub fn dockerfile_root(context: &str, dockerfile: &str) -> Option<String> {
    let folder = join_relative(context, parent_dir(dockerfile))?;
    if folder == context {
        return Some(folder);
    }
    let root = service_root(&folder);
    let inside_context = context.is_empty() || root == context || root.starts_with(&format!("{context}/"));
    Some(if inside_context { root } else { context.to_string() })
}

/// Compose `env_file`: one path, a list of paths, or a list of `{path, required}`.
fn env_files(value: Option<&Value>) -> Vec<&str> {
    match value {
        Some(Value::String(path)) => vec![path.as_str()],
        Some(Value::Array(items)) => items.iter().filter_map(|item| item.as_str().or_else(|| text(item, "path"))).collect(),
        _ => Vec::new(),
    }
}

/// Compose `environment` as a list of `KEY=VALUE` or a mapping; `None` for a pass-through
/// entry (`- KEY`, or `KEY:` with no value), whose value comes from the `.env`.
fn environment(value: Option<&Value>) -> Vec<(String, Option<String>)> {
    match value {
        Some(Value::Object(map)) => map
            .iter()
            .map(|(key, value)| {
                let value = match value {
                    Value::Null => None,
                    Value::String(text) => Some(text.clone()),
                    other => Some(other.to_string()),
                };
                (key.clone(), value)
            })
            .collect(),
        Some(Value::Array(items)) => items
            .iter()
            .filter_map(Value::as_str)
            .filter(|item| !item.trim().is_empty())
            .map(|item| match item.split_once('=') {
                Some((key, value)) => (key.to_string(), Some(value.to_string())),
                None => (item.trim().to_string(), None),
            })
            .collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sidecar_sharing_a_services_network_does_not_depend_on_it() {
        let compose: Value = serde_json::json!({"services": {
            "basket-api": {"image": "acme/basket.api"},
            "basket-api-dapr": {"image": "daprio/daprd:1.7", "network_mode": "service:basket-api", "depends_on": ["basket-api", "redis"]},
            "redis": {"image": "redis:7"}
        }});
        let facts = read("docker-compose.yml", &compose);
        let from_sidecar: Vec<&str> =
            facts.edges.iter().filter(|edge| edge.from == "host:basket-api-dapr" && edge.kind == "depends_on").map(|edge| edge.to.as_str()).collect();
        assert_eq!(from_sidecar, ["host:redis"]);
    }

    /// micronaut-microservices-poc's Kafka runs with `hostname: localhost`: no service answers
    /// to the machine's own name.
    #[test]
    fn a_loopback_hostname_is_no_alias() {
        let compose: Value = serde_json::json!({"services": {
            "kafkaserver": {"image": "spotify/kafka", "hostname": "localhost", "container_name": "kafka"}
        }});
        let facts = read("docker-compose.yml", &compose);
        assert!(!facts.units[0].aliases.contains(&"localhost".to_string()), "{:?}", facts.units[0].aliases);
        assert!(facts.units[0].aliases.contains(&"kafka".to_string()));
    }

    /// example-voting-app: `result/docker-compose.test.yml` runs a `sut` container that waits
    /// for every service, and its `depends_on` blankets said result used redis.
    #[test]
    fn a_test_harness_declares_nothing() {
        for path in ["result/docker-compose.test.yml", "docker-compose-test.yaml", "compose.ci.yml", "tests/e2e/docker-compose.yml", ".devcontainer/docker-compose.yml"] {
            assert!(is_test_harness(path), "{path}");
        }
        for path in ["docker-compose.yml", "deploy/docker-compose.prod.yml", "src/docker-compose.override.yml", "docker-compose.testing-tools.yml"] {
            assert!(!is_test_harness(path), "{path}");
        }
        let compose: Value = serde_json::json!({"services": {
            "sut": {"build": "./tests/", "depends_on": ["vote", "result"]},
            "vote": {"build": "./vote"}
        }});
        let facts = read("docker-compose.yml", &compose);
        assert_eq!(facts.units.iter().map(|unit| unit.name.as_str()).collect::<Vec<_>>(), ["vote"]);
    }

    #[test]
    fn keys_ending_in_an_address_word_reach_a_published_port() {
        assert_eq!(crate::net::key_words("ApiGatewayUrlExternal"), ["api", "gateway", "url", "external"]);
        assert_eq!(crate::net::key_words("IDENTITY_URL_PUBLIC"), ["identity", "url", "public"]);
        assert_eq!(crate::net::key_words("ApiURLExternal"), ["api", "url", "external"]);
        let published: BTreeMap<String, Option<String>> = [("5202".to_string(), Some("webshoppingapigw".to_string()))].into();
        let reach = |key: &str| through_published_port(key, "http://${ESHOP_EXTERNAL_DNS_NAME_OR_IP}:5202", &published);
        assert_eq!(reach("PurchaseUrl"), Some("webshoppingapigw"));
        assert_eq!(reach("GATEWAY_URL"), Some("webshoppingapigw"));
        assert_eq!(reach("GATEWAYURL"), Some("webshoppingapigw"), "one word ending in the address word");
        assert_eq!(reach("BasketApiUrlExternal"), None, "an identity server's OAuth client, called back");
        assert_eq!(reach("ExternalName"), None, "no address word");
        assert_eq!(reach("UrlCount"), None, "an address word, then another word");
        assert_eq!(reach("SpaClientUrlExternal"), None, "an OAuth client's own address");
        assert_eq!(reach("Idp__Authority"), Some("webshoppingapigw"), "an OpenID Connect client's identity provider");
        assert_eq!(reach("JWT_ISSUER"), Some("webshoppingapigw"));
    }

    /// coolstore: the identity provider's port is the `.env`'s, published and called by name.
    #[test]
    fn a_published_port_written_as_a_variable_matches_a_url_with_that_variable() {
        let ports = |entries: &[&str]| serde_json::json!({"idp": {"ports": entries}});
        let compose = ports(&["${IDP_SVR_PORT:-8083}:80", "127.0.0.1:9000:9000"]);
        let published = published_ports(compose.as_object().expect("an object"));
        assert_eq!(published.keys().collect::<Vec<_>>(), ["${IDP_SVR_PORT}", "8083", "9000"], "the variable's default is published too");
        assert_eq!(through_published_port("Idp__Authority", "http://${HOST_IP}:${IDP_SVR_PORT}", &published), Some("idp"));
        assert_eq!(through_published_port("Idp__Authority", "http://${HOST_IP}:${OTHER_PORT}", &published), None);
        assert_eq!(through_published_port("Idp__Authority", "http://localhost:8083", &published), Some("idp"));
        assert_eq!(port_default("${IDP_SVR_PORT}"), None, "no default");
        assert_eq!(port_default("${IDP_SVR_PORT:-http}"), None, "a default that is no port");
    }
}
