//! One reader per source format. A reader turns the bytes of one file into [`FileFacts`];
//! it knows nothing of other files (see [`crate::resolve`] for what joins them).

pub mod adr;
pub mod aspire;
pub mod caddy;
pub mod render;
pub mod asyncapi;
pub mod catalog;
pub mod ci;
pub mod code;
pub mod codeowners;
pub mod compose;
pub mod consul;
pub mod discovery;
pub mod kustomize;
pub mod dapr_components;
pub mod dockerfile;
pub mod dotenv;
pub mod envoy;
pub mod graphql;
pub mod helm;
pub mod kong;
pub mod krakend;
pub mod kubernetes;
pub mod lesson;
pub mod manifests;
pub mod markup;
pub mod nginx;
pub mod openapi;
pub mod pact;
pub mod placeholders;
pub mod proto;
pub mod reactive_messaging;
pub mod sbt;
pub mod spring;
pub mod spring_env;
pub mod spring_gateway;
pub mod spring_stream;
pub mod terraform;
pub mod traefik;
pub mod workspaces;

use serde_json::Value;

use crate::model::FileFacts;
use crate::yaml;

/// Files larger than this are not read (generated bundles, data dumps).
pub const MAX_FILE_BYTES: u64 = 1024 * 1024;

/// Folders whose files are never read: dependencies, build output, generated code.
const SKIPPED_DIRS: &[&str] = &[
    "node_modules",
    "vendor",
    ".git",
    "dist",
    "build",
    "target",
    "third_party",
    "__pycache__",
    ".venv",
    "venv",
    "bin",
    "obj",
    ".terraform",
    "genproto",
    ".idea",
    ".vscode",
    "coverage",
    "site-packages",
    "fixtures",
    "__fixtures__",
    "testdata",
    "test-data",
    "__mocks__",
    "mocks",
    "snapshots",
    "__snapshots__",
];

/// Whether a scan should read `path` (size in bytes) at all.
pub fn wants(path: &str, size: u64) -> bool {
    if size > MAX_FILE_BYTES {
        return false;
    }
    let mut segments: Vec<&str> = path.split('/').collect();
    let Some(file_name) = segments.pop() else {
        return false;
    };
    if let Some(skipped) = segments.iter().position(|segment| SKIPPED_DIRS.contains(segment))
        && !is_release_deploy_file(&segments[skipped..], file_name)
    {
        return false;
    }
    kind_of(path, file_name).is_some()
}

/// Folders a project's hand-written release files may sit in beside its build output.
const RELEASE_FOLDERS: &[&str] = &["dist", "build"];
/// Folders of deployment manifests.
const DEPLOY_FOLDERS: &[&str] = &["kubernetes", "k8s", "manifests", "deploy", "deployment", "docker-compose", "compose"];

/// Whether a file under a skipped folder (`segments` from it on) is a deployment file of a
/// release folder: `dist/docker-compose/docker-compose.yml` and `dist/kubernetes/deploy.yaml`
/// (the AWS retail store) are how the project ships, not build output.
fn is_release_deploy_file(segments: &[&str], file_name: &str) -> bool {
    let lower = file_name.to_lowercase();
    let yaml = lower.ends_with(".yml") || lower.ends_with(".yaml");
    let compose = lower.starts_with("docker-compose") || lower.starts_with("compose.");
    yaml && RELEASE_FOLDERS.contains(&segments[0])
        && segments[1..].iter().all(|segment| !SKIPPED_DIRS.contains(segment))
        && (compose || segments[1..].iter().any(|segment| DEPLOY_FOLDERS.contains(segment)))
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum FileKind {
    Codeowners,
    Dockerfile,
    Proto,
    Structured,
    Adr,
    Lesson,
    Manifest,
    /// `build.sbt`: the projects that run as services.
    SbtBuild,
    Terraform,
    ConsulHcl,
    Code,
    /// Pages and components (`.html`, `.vue`, `.gohtml`…): their inline scripts.
    Markup,
    NginxTemplate,
    /// Caddy's `Caddyfile`: its reverse proxies' upstreams.
    Caddyfile,
    GraphQl,
    /// TOML: only Traefik's file-provider config is read.
    Toml,
}

fn kind_of(path: &str, file_name: &str) -> Option<FileKind> {
    let lower = file_name.to_lowercase();
    let extension = lower.rsplit_once('.').map(|(_, extension)| extension).unwrap_or("");
    if lower == "codeowners" {
        return Some(FileKind::Codeowners);
    }
    if dockerfile::is_dockerfile(&lower) {
        return Some(FileKind::Dockerfile);
    }
    if manifests::is_manifest(&lower) {
        return Some(FileKind::Manifest);
    }
    if sbt::is_build_definition(&lower) {
        return Some(FileKind::SbtBuild);
    }
    if nginx::is_template(&lower) {
        return Some(FileKind::NginxTemplate);
    }
    if caddy::is_caddyfile(&lower) {
        return Some(FileKind::Caddyfile);
    }
    if is_generated(&lower) {
        return None;
    }
    match extension {
        "proto" => Some(FileKind::Proto),
        _ if graphql::is_schema(&lower) => Some(FileKind::GraphQl),
        // A contract saved as `books.swagger` (YAML or JSON) is read like any other.
        "yaml" | "yml" | "json" | "swagger" => {
            if matches!(lower.as_str(), "package-lock.json" | "tsconfig.json" | "composer.lock" | "pnpm-lock.yaml" | "yarn.lock") || lower.ends_with(".lock.json") {
                None
            } else {
                Some(FileKind::Structured)
            }
        }
        "md" if lesson::is_lesson_path(path) => Some(FileKind::Lesson),
        "md" if adr::is_adr_path(path) => Some(FileKind::Adr),
        "tf" => Some(FileKind::Terraform),
        "toml" => Some(FileKind::Toml),
        _ if consul::is_hcl(extension) => Some(FileKind::ConsulHcl),
        _ if code::is_code_file(&lower, extension) => Some(FileKind::Code),
        _ if markup::is_markup(extension) => Some(FileKind::Markup),
        _ => None,
    }
}

fn is_generated(lower_name: &str) -> bool {
    lower_name.ends_with(".pb.go")
        || lower_name.contains("_pb2")
        || lower_name.ends_with("_pb.js")
        || lower_name.ends_with("_pb.d.ts")
        || lower_name.ends_with(".min.js")
        || lower_name.ends_with(".g.cs")
        || lower_name.ends_with("grpc.java") && lower_name.len() > "grpc.java".len() && !lower_name.contains("client")
}

/// Reads one file. `Err` carries the reason it could not be read (the caller names the file).
pub fn read(path: &str, bytes: &[u8]) -> Result<FileFacts, String> {
    let file_name = path.rsplit('/').next().unwrap_or(path);
    let Some(kind) = kind_of(path, file_name) else {
        return Ok(FileFacts::default());
    };
    let text = std::str::from_utf8(bytes).map_err(|_| "not UTF-8 text".to_string())?;
    match kind {
        FileKind::Codeowners => Ok(codeowners::read(text)),
        FileKind::Dockerfile => Ok(dockerfile::read(path, text)),
        FileKind::Proto => proto::read(text),
        FileKind::Structured => read_structured(path, text).map(|mut facts| {
            facts.merge(placeholders::values(text));
            facts
        }),
        FileKind::Adr => Ok(adr::read(path, text)),
        FileKind::Lesson => lesson::read(path, text),
        FileKind::Manifest => manifests::read(path, text),
        FileKind::SbtBuild => Ok(sbt::read(path, text)),
        FileKind::Terraform => Ok(terraform::read(text)),
        FileKind::ConsulHcl => Ok(consul::read_hcl(text)),
        FileKind::Code => Ok(read_code(path, &file_name.to_lowercase(), text)),
        FileKind::Markup => Ok(markup::read(path, text)),
        FileKind::NginxTemplate => Ok(nginx::read(text)),
        FileKind::Caddyfile => Ok(caddy::read(text)),
        FileKind::GraphQl => Ok(graphql::read(text)),
        FileKind::Toml => Ok(traefik::read_toml(text)),
    }
}

/// Code and config files go to the code reader; an env file also gives its settings, and an
/// nginx config its upstreams (first, so that its reading of a line is the one kept).
fn read_code(path: &str, lower_name: &str, text: &str) -> FileFacts {
    let code = code::read(path, text);
    // Most files are code alone: their facts are the code reader's, not a copy of them.
    let mut facts = if lower_name.ends_with(".conf") && nginx::looks_like_nginx(text) {
        let mut facts = nginx::read(text);
        facts.merge(code);
        facts
    } else {
        code
    };
    if lower_name.ends_with(".cs") && aspire::looks_like_app_host(text) {
        facts.merge(aspire::read(path, text));
    }
    if dotenv::is_env_file(lower_name) {
        facts.merge(dotenv::read(text));
    }
    if spring::is_config_file(lower_name) || (lower_name.ends_with(".properties") && spring::has_spring_keys(text)) {
        facts.merge(spring::read_properties(text));
    }
    if lower_name.ends_with(".java") || lower_name.ends_with(".kt") {
        facts.merge(spring_env::references(lower_name, text));
    }
    if lower_name.ends_with(".properties") && spring_stream::mentions_bindings(text) {
        facts.merge(spring_stream::read_properties(text));
    }
    if lower_name.ends_with(".properties") && reactive_messaging::mentions_channels(text) {
        facts.merge(reactive_messaging::read_properties(path, text));
    }
    facts
}

/// YAML and JSON: which reader applies is decided by what the document says it is.
fn read_structured(path: &str, text: &str) -> Result<FileFacts, String> {
    let lower = path.to_lowercase();
    if ci::is_ci_path(&lower) {
        return ci::read(path, text);
    }
    if codeowners::is_component_owners(path) {
        return yaml::document(text).map(|document| codeowners::read_component_owners(&document));
    }
    let file_name = path.rsplit('/').next().unwrap_or(path);
    let lower_name = file_name.to_lowercase();
    if workspaces::is_workspace_file(&lower_name) {
        return Ok(serde_json::from_str::<Value>(text).map(|document| workspaces::read(path, &document)).unwrap_or_default());
    }
    if helm::is_chart_metadata(&lower_name) {
        return Ok(yaml::document(text).map(|chart| helm::read_chart(&chart)).unwrap_or_default());
    }
    if kong::is_declarative_text(text) {
        return Ok(kong::read_text(text));
    }
    // Cheap sniffing first: most YAML and JSON in a repo is none of ours.
    // Connection strings (`Host=archive-db;Database=archive`) are the config's hosts without `://`.
    let interesting = [
        "openapi",
        "swagger",
        "asyncapi",
        "apiVersion",
        "services",
        "interactions",
        "kind",
        "static_resources",
        "://",
        "host=",
        "Host=",
        "Server=",
        "server=",
        "Data Source=",
        // A host given with its port (`{ "Host": "catalog.api", "Port": 80 }`).
        "\"Host\"",
        "\"host\"",
        // A Consul service definition's upstreams.
        "destination_name",
        // Kustomize's ConfigMaps made from files.
        "configMapGenerator",
        // Traefik's TCP and UDP services, named by address alone.
        "loadBalancer",
        // A KrakenD settings file naming its backend's host by an env var.
        "host_env",
    ];
    let spring_config = (spring::is_config_file(&lower_name) || spring::has_spring_keys(text)) && text.contains("spring");
    // Spring Cloud Stream's bindings, in any config file: a config repo's `orders.yml` too.
    let stream_bindings = text.contains("spring") && spring_stream::mentions_bindings(text);
    // MicroProfile Reactive Messaging's channels (`mp.messaging.incoming.fights.topic`).
    let messaging_channels = reactive_messaging::mentions_channels(text);
    // Compose's first file format has no `services:`: its services are the top-level keys.
    let named_like_compose = lower_name.contains("compose");
    if !named_like_compose && !interesting.iter().any(|word| text.contains(word)) && !has_host_key(text) {
        // A Spring config naming no other service still names its own; a chart's values naming
        // none still name its release.
        let release_names = helm::is_values_file(&lower_name) && helm::mentions_release_name(text);
        // A Go service's viper config naming its topics and no host (`kafka:\n  topic: fills`).
        let config_fields = code::mentions_channel_keys(text);
        let documents = if spring_config || stream_bindings || messaging_channels || release_names || config_fields { yaml::documents(text).unwrap_or_default() } else { Vec::new() };
        let mut facts = FileFacts::default();
        for document in &documents {
            if config_fields {
                facts.merge(code::config_fields(document));
            }
            if release_names {
                facts.merge(helm::release_names(document));
            }
            if spring_config {
                facts.merge(spring::read_document(document));
                facts.merge(spring_gateway::routes(document));
            }
            if stream_bindings {
                facts.merge(spring_stream::read_document(document));
            }
            if messaging_channels {
                facts.merge(reactive_messaging::read_document(path, document));
            }
        }
        return Ok(facts);
    }
    // Helm and other templates are YAML once their actions are out; a contract's `{{` is text,
    // and so is a Go template in a value of plain YAML (compose's logging `tag: "{{.Name}}"`):
    // outside a chart's `templates/`, a file that parses as it is is read as it is.
    let may_be_template = helm::has_actions(text) && !names_a_contract(text);
    let in_chart_templates = path.split('/').any(|segment| segment == "templates");
    let as_written = if may_be_template && !in_chart_templates { yaml::documents(text).ok() } else { None };
    let templated = may_be_template && as_written.is_none();
    let untemplated;
    let yaml_text = if templated {
        untemplated = helm::without_actions(text);
        untemplated.as_str()
    } else {
        text
    };
    let parsed = match as_written {
        Some(documents) => Ok(documents),
        None => yaml::documents(yaml_text),
    };
    let documents = match parsed {
        Ok(documents) => documents,
        // A broken file is an error only when it is one of ours (a manifest, compose file or
        // contract, templated or not); other YAML is not our concern.
        Err(reason) if claims_a_known_format(yaml_text) => {
            return Err(if templated { format!("{reason} (once its template actions are taken out)") } else { reason });
        }
        Err(_) => return Ok(FileFacts::default()),
    };
    // A chart's values are settings: hosts in them count, but they declare no unit.
    let values_file = helm::is_values_file(&lower_name);
    let mut facts = FileFacts::default();
    for (index, document) in documents.iter().enumerate() {
        if spring_config {
            facts.merge(spring::read_document(document));
                facts.merge(spring_gateway::routes(document));
        }
        if stream_bindings {
            facts.merge(spring_stream::read_document(document));
        }
        if messaging_channels {
            facts.merge(reactive_messaging::read_document(path, document));
        }
        if values_file {
            facts.merge(config_values(document));
            facts.merge(helm::release_names(document));
        } else {
            facts.merge(read_document(path, index, document)?);
        }
    }
    Ok(facts)
}

/// Whether a line of YAML starts with an unquoted host key (`  Host: globeco-security-service`
/// beside its `Port: 8000` in GlobeCo's fix-engine `config/config.yaml`, which viper reads):
/// [`config_values`] reads a host beside a port. A plain byte search, as the sniffing is.
fn has_host_key(text: &str) -> bool {
    const KEYS: [&[u8]; 4] = [b"Host:", b"host:", b"Hostname:", b"hostname:"];
    let bytes = text.as_bytes();
    KEYS.iter().any(|key| {
        memchr::memmem::find_iter(bytes, key).any(|at| {
            let indent = bytes[..at].iter().rev().take_while(|byte| matches!(byte, b' ' | b'\t' | b'-')).count();
            at == indent || bytes[at - indent - 1] == b'\n'
        })
    })
}

/// Whether a file's top-level keys say it is a contract (`openapi:` at a line's start, or a JSON
/// object's `"swagger":`): a manifest naming a Deployment `openapi` is none.
fn names_a_contract(text: &str) -> bool {
    const KEYS: [&str; 3] = ["openapi", "swagger", "asyncapi"];
    let json = text.trim_start().starts_with('{');
    text.lines().any(|line| {
        let key = line.trim_start_matches('{');
        let key = if json { key.trim_start() } else { key };
        KEYS.iter().any(|word| {
            key.strip_prefix(word).or_else(|| key.strip_prefix('"').and_then(|rest| rest.strip_prefix(word)).and_then(|rest| rest.strip_prefix('"'))).is_some_and(|rest| rest.trim_start().starts_with(':'))
        })
    })
}

/// Whether a file says it is a contract, manifest, catalog entity or compose file, even if it
/// does not parse.
fn claims_a_known_format(text: &str) -> bool {
    text.lines().any(|line| {
        ["openapi:", "swagger:", "asyncapi:", "apiVersion:", "services:", "\"openapi\"", "\"swagger\"", "\"asyncapi\"", "\"interactions\""]
            .iter()
            .any(|marker| line.trim_start().starts_with(marker) || line.contains(&format!("{{{marker}")))
    })
}

/// Whether `document[key]` is a spec version (`openapi: 3.0.3`, `swagger: "2.0"`, `asyncapi:
/// 3.0.0`), as a contract says what it is; a config's `swagger:` block (springfox's
/// `swagger: {controllerPackage: ...}` in a Spring `application.yml`) is settings.
fn names_a_version(document: &Value, key: &str) -> bool {
    match document.get(key) {
        Some(Value::String(version)) => version.trim_start().starts_with(|character: char| character.is_ascii_digit()),
        Some(Value::Number(_)) => true,
        _ => false,
    }
}

fn read_document(path: &str, index: usize, document: &Value) -> Result<FileFacts, String> {
    if names_a_version(document, "openapi") || names_a_version(document, "swagger") {
        return openapi::read(document);
    }
    if names_a_version(document, "asyncapi") {
        return asyncapi::read(document);
    }
    if document.get("interactions").is_some() && document.get("consumer").is_some() {
        return Ok(pact::read(document));
    }
    if kustomize::is_kustomization(path) {
        return Ok(kustomize::read(path, document));
    }
    if let Some(api_version) = yaml::text(document, "apiVersion") {
        if api_version.starts_with("backstage.io") {
            return Ok(catalog::read_entity(path, index, document));
        }
        if dapr_components::is_component(document) {
            return Ok(dapr_components::read(index, document));
        }
        if dapr_components::is_subscription(document) {
            return Ok(dapr_components::read_subscription(index, document));
        }
        if document.get("kind").is_some() {
            let in_subchart = helm::subchart_parent(path).is_some();
            return Ok(kubernetes::read(index, document, in_subchart));
        }
    }
    if render::looks_like_blueprint(path, document) {
        return Ok(render::read(document));
    }
    if compose::looks_like_compose(path, document) {
        return Ok(compose::read(path, document));
    }
    if consul::looks_like_service_definition(document) {
        return Ok(consul::read_json(document));
    }
    if envoy::looks_like_envoy(document) {
        return Ok(envoy::read(document));
    }
    if traefik::looks_like_traefik(document) {
        return Ok(traefik::read(document));
    }
    if kong::looks_like_kong(document) {
        return Ok(kong::read(document));
    }
    if krakend::looks_like_krakend(document) {
        return Ok(krakend::read(document));
    }
    if krakend::is_settings_path(path)
        && let Some(facts) = krakend::read_settings(document)
    {
        return Ok(facts);
    }
    Ok(config_values(document))
}

/// Keys of package and document metadata: the URLs under them are where to read about the
/// thing, never a service it calls.
const METADATA_KEYS: &[&str] = &[
    "homepage",
    "home",
    "repository",
    "repositories",
    "bugs",
    "sources",
    "documentation",
    "docs",
    "support",
    "funding",
    "author",
    "authors",
    "maintainers",
    "contributors",
    "license",
    "icon",
    "$schema",
    "$id",
];

/// Config keys that only a library reads (Spring Security OAuth2's `security.oauth2.*`, a
/// Eureka or Consul discovery client's settings): (key prefix, the library, words one of the
/// service's build dependencies names when it uses the library). A URL under such a key is
/// called only by a service built with it; `resolve` leaves it out for the services whose
/// build is read and lacks the library, whether the file is their own (settings copied from a
/// service that registers, asc-lab's dotnetcore-microservices-poc) or a config server's shared one.
pub(crate) const LIBRARY_KEYS: &[(&str, &str, &[&str])] = &[
    ("security.oauth2.", "oauth2", &["oauth2"]),
    ("eureka.", "eureka", &["eureka", "discovery"]),
    ("spring.cloud.consul.", "consul", &["consul"]),
    // A shared `application.yml`'s broker is used by the services with an AMQP client only.
    ("spring.rabbitmq.", "rabbitmq", &["amqp", "rabbit"]),
    ("consul.", "consul", &["consul"]),
];

/// The prop naming the library of [`LIBRARY_KEYS`] whose keys an edge's URL was found under.
pub(crate) const LIBRARY_PROP: &str = "library";

/// Any other YAML or JSON is config (application.yml, appsettings.json): URLs and
/// `host:port` values in it name services this component calls, except under metadata keys.
fn config_values(document: &Value) -> FileFacts {
    let mut facts = code::config_fields(document);
    // (the dotted path of keys to the value, its own key, the value, whether the value sits
    // beside a port: `{ "Host": "catalog.api", "Port": 80 }`, Ocelot's downstream hosts)
    let mut stack: Vec<(String, String, &Value, bool)> = vec![(String::new(), String::new(), document, false)];
    let mut seen = std::collections::BTreeSet::new();
    let test_profile = discovery::condition(document).is_some_and(|profiles| profiles.split(',').all(|profile| matches!(profile.trim().to_lowercase().as_str(), "test" | "tests" | "testing" | "it" | "ci" | "integration-test")));
    while let Some((path, key, value, beside_port)) = stack.pop() {
        match value {
            Value::Object(map) => {
                // Zuul's route by the service's own name, `zuul.routes.accounts: {path: /accounts/**}`.
                if let Some(service) = zuul_route(&path).filter(|_| map.contains_key("path") && !["url", "serviceId", "service-id"].iter().any(|other| map.contains_key(*other))) {
                    zuul_edge(&mut facts, service, &key);
                }
                let has_port = map.keys().any(|child| child.eq_ignore_ascii_case("port"));
                stack.extend(map.iter().filter(|(child, _)| !METADATA_KEYS.contains(&child.to_lowercase().as_str())).map(|(child, value)| {
                    let path = if path.is_empty() { child.clone() } else { format!("{path}.{child}") };
                    (path, child.clone(), value, has_port)
                }))
            }
            Value::Array(items) => stack.extend(items.iter().map(|item| (path.clone(), key.clone(), item, false))),
            // Zuul's short form, `zuul.routes.account-service: /account/**`.
            Value::String(text) if text.starts_with('/') && let Some(service) = zuul_route(&path) => zuul_edge(&mut facts, service, &key),
            Value::String(text) if text.len() < 300 => {
                // A gateway's route to a service by its registry name (Zuul's `serviceId:
                // accounts`) names a host as surely as a `*_HOST` key does.
                // So does a host given with its port.
                // Spring's settings of a backing service name its host without a port too
                // (PiggyMetrics's shared `spring.rabbitmq.host: rabbitmq`).
                let backing_settings = ["spring.rabbitmq.", "spring.data.mongodb.", "spring.redis.", "spring.data.redis."].iter().any(|prefix| path.to_lowercase().starts_with(prefix));
                let names_a_service = match key.to_lowercase().replace(['-', '_'], "").as_str() {
                    "serviceid" | "servicename" => true,
                    "host" | "hostname" => beside_port || backing_settings,
                    _ => false,
                };
                let env_key = if names_a_service { "SERVICE_HOST".to_string() } else { key.to_uppercase().replace(['.', '-'], "_") };
                let lowercase = path.to_lowercase();
                let library = LIBRARY_KEYS.iter().find(|(prefix, _, _)| lowercase.starts_with(prefix)).map(|(_, library, _)| *library);
                // Where the service itself listens on the machine: ABP's `App.SelfUrl`, Kestrel's
                // endpoints, a launch profile's `applicationUrl` (`https://localhost:44354;http://localhost:5000`).
                let listening = lowercase == "app.selfurl" || lowercase == "urls" || lowercase.ends_with(".applicationurl") || (lowercase.starts_with("kestrel.endpoints.") && lowercase.ends_with(".url"));
                if listening {
                    for port in text.split(';').filter_map(|url| compose::machine_port(url.trim())).filter(|port| port.bytes().all(|byte| byte.is_ascii_digit())) {
                        facts.edge("self", &format!("port:{port}"), spring::LISTENS_ON, Value::Null, &format!("/{key}"), crate::model::Method::Parsed);
                    }
                    continue;
                }
                // An address on the host machine (`http://${DOCKER_IP:192.168.99.100}:8181/uaa/user`
                // in kbastani's services' docker profile) reaches the service publishing its port.
                // Not in a document of the tests' profile, which no deployment turns on (kbastani's
                // `access-token-uri: http://localhost:8787` under `spring.profiles: test`), nor a
                // client's own address (an OAuth client's `RootUrl`, `accessTokenUri` under
                // `security.oauth2.client`), where it is or its token endpoint.
                if let Some(port) = compose::machine_port(text).filter(|port| port.bytes().all(|byte| byte.is_ascii_digit()) && compose::calls_an_address(&key) && !lowercase.contains("client") && !test_profile) {
                    let mut props = serde_json::json!({"config": key, "via": "published port"});
                    // The path, for a gateway listening there to route (alibou's `http://localhost:8222/api/v1/payments`).
                    let path = text.split_once("://").and_then(|(_, rest)| rest.find('/').map(|at| &rest[at..])).and_then(|path| path.split(['?', '#']).next());
                    if let Some(path) = path.filter(|path| path.len() > 1) {
                        props["url_path"] = serde_json::json!(path);
                    }
                    facts.inferred_edge("self", &format!("host:{}", compose::machine_alias(&port)), "depends_on", props, &format!("/{key}"), 0.7);
                    continue;
                }
                for host in crate::net::hosts_in_value(&env_key, text) {
                    // One edge per host, and one more where a library's keys name it too.
                    if seen.insert((host.clone(), library)) {
                        let mut props = crate::net::with_url_path(serde_json::json!({"config": key}), text, &host);
                        if let Some(library) = library {
                            props[LIBRARY_PROP] = serde_json::json!(library);
                        }
                        facts.inferred_edge("self", &format!("host:{host}"), "depends_on", props, &format!("/{key}"), 0.8);
                    }
                }
            }
            _ => {}
        }
    }
    facts
}

/// The edge from a Zuul gateway (`self`) to the service a route names, at the route's `key`.
fn zuul_edge(facts: &mut FileFacts, service: &str, key: &str) {
    facts.inferred_edge("self", &format!("host:{}", service.to_lowercase()), "depends_on", serde_json::json!({"config": key, "zuul_route": service}), &format!("/{key}"), 0.8);
}

/// The route name of a Zuul route's dotted path (`zuul.routes.accounts`), which is the service's
/// registered name unless the route says another (`serviceId`) or a URL.
fn zuul_route(path: &str) -> Option<&str> {
    let name = path.strip_prefix("zuul.routes.")?;
    (!name.is_empty() && name.chars().all(|character| character.is_ascii_alphanumeric() || matches!(character, '-' | '_'))).then_some(name)
}

/// The folder of `path` ("" at the repo root).
pub fn parent_dir(path: &str) -> &str {
    path.rsplit_once('/').map(|(dir, _)| dir).unwrap_or("")
}

/// `base_dir` joined with a relative `target`, with `.` and `..` folded. `None` when it leaves
/// the repository.
pub fn join_relative(base_dir: &str, target: &str) -> Option<String> {
    let mut parts: Vec<&str> = if target.starts_with('/') { Vec::new() } else { base_dir.split('/').filter(|part| !part.is_empty()).collect() };
    for part in target.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            other => parts.push(other),
        }
    }
    Some(parts.join("/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A host named under a library's keys and elsewhere too keeps an edge of its own for
    /// each, so a service built without the library still calls it.
    #[test]
    fn a_host_under_a_librarys_keys_and_elsewhere_has_an_edge_for_each() {
        let document = serde_json::json!({
            "app": {"auth-url": "http://auth:5000/check"},
            "security": {"oauth2": {"resource": {"user-info-uri": "http://auth:5000/uaa/users/current"}}},
        });
        let facts = config_values(&document);
        let mut edges: Vec<(String, Option<String>)> =
            facts.edges.iter().map(|edge| (edge.to.clone(), edge.props.get(LIBRARY_PROP).and_then(Value::as_str).map(str::to_string))).collect();
        edges.sort();
        assert_eq!(edges, [("host:auth".to_string(), None), ("host:auth".to_string(), Some("oauth2".to_string()))]);
    }

    /// Train-Ticket's `application.yml` holds springfox's `swagger:` block beside its
    /// datasource: settings, read for their hosts, not an OpenAPI document; a contract names
    /// its spec version, quoted or not.
    #[test]
    fn a_swagger_settings_block_is_config_and_a_spec_version_is_a_contract() {
        let config = "spring:\n  application:\n    name: ts-train-service\n  datasource:\n    url: jdbc:mysql://ts-train-mysql:3306/ts\nswagger:\n  controllerPackage: train.controller\n";
        let facts = read("ts-train-service/src/main/resources/application.yml", config.as_bytes()).expect("reads");
        assert!(facts.nodes.iter().all(|node| node.kind != "api"), "{:?}", facts.nodes);
        assert!(facts.edges.iter().any(|edge| edge.to == "host:ts-train-mysql"), "{:?}", facts.edges);
        for contract in ["swagger: '2.0'\ninfo: {title: Trains, version: '1'}\npaths: {}\n", "openapi: 3.1\ninfo: {title: Trains, version: '1'}\npaths: {}\n"] {
            for path in ["api/trains.yaml", "swagger/trains.swagger"] {
                let facts = read(path, contract.as_bytes()).expect("reads");
                assert!(facts.nodes.iter().any(|node| node.kind == "api"), "{path} {contract}: {:?}", facts.nodes);
            }
        }
    }

    /// The retail store ships its compose file and manifest under `dist/`; build output
    /// there, and other skipped folders, stay unread.
    #[test]
    fn deployment_files_of_a_release_folder_are_read() {
        assert!(wants("dist/docker-compose/docker-compose.yml", 10));
        assert!(wants("dist/kubernetes/deploy.yaml", 10));
        assert!(wants("build/compose.yaml", 10));
        assert!(!wants("dist/config/application.yml", 10));
        assert!(!wants("dist/bundle.js", 10));
        assert!(!wants("node_modules/x/docker-compose.yml", 10));
        assert!(!wants("dist/node_modules/x/k8s/deploy.yaml", 10));
    }
}
