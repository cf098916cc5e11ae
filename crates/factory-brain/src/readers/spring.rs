//! Spring Boot's `spring.application.name` (in `application.yml`, `application.properties`,
//! `bootstrap.yml` and their profile variants): the name the service registers under in
//! Eureka or Consul, which its callers use as a host (`lb://customers`,
//! `http://customers/owners` through a load-balanced client). It is another name of the
//! component whose module holds the file: an `answers_to` edge from `self` to `host:<name>`,
//! which resolution turns into an alias (see [`crate::resolve::components`]).

use serde_json::Value;

use crate::model::{FileFacts, Method};
use crate::net::normalize_host;
use crate::readers::parent_dir;
use crate::yaml::dotted;

/// The edge kind from a file's owner to another host name it answers to.
pub const ANSWERS_TO: &str = "answers_to";

/// The edge kind from a Spring Cloud Config server to a folder of config it serves to other
/// services (`config-folder:classpath:/shared`), one file per service named after it.
pub const SERVES_CONFIG: &str = "serves_config";

/// Where a Spring Boot module keeps its config, below the module's folder.
const RESOURCE_FOLDERS: &[&str] = &["src/main/resources/config", "src/main/resources", "config"];

/// Whether a file (its lowercase name) is a Spring Boot config file, or MicroProfile Config's
/// `META-INF/microprofile-config.properties` (read the same way: its settings naming channels).
pub fn is_config_file(lower_name: &str) -> bool {
    if lower_name == "microprofile-config.properties" {
        return true;
    }
    let Some((stem, extension)) = lower_name.rsplit_once('.') else { return false };
    let base = stem.split('-').next().unwrap_or(stem);
    matches!(base, "application" | "bootstrap") && matches!(extension, "yml" | "yaml" | "properties")
}

/// The folder of the module a Spring config file at `path` configures: the folder above
/// `src/main/resources` (or `config/`), else the file's own folder.
pub fn module_folder(path: &str) -> &str {
    let folder = parent_dir(path);
    for inner in RESOURCE_FOLDERS {
        if folder == *inner {
            return "";
        }
        if let Some(module) = folder.strip_suffix(inner).and_then(|module| module.strip_suffix('/')) {
            return module;
        }
    }
    folder
}

/// The name in one YAML document: nested (`spring: {application: {name: x}}`) or as a dotted
/// key at any level (`spring.application.name: x`, `spring: {application.name: x}`).
pub fn read_document(document: &Value) -> FileFacts {
    let nested = [
        "/spring/application/name",
        "/spring.application.name",
        "/spring/application.name",
        "/spring.application/name",
    ];
    let name = nested.iter().find_map(|pointer| document.pointer(pointer).and_then(Value::as_str));
    let mut facts = facts_for(name, "/spring/application/name");
    if let Some(port) = dotted(document, "server.port") {
        listens_on(&mut facts, &port.to_string(), "/server/port");
    }
    channel_settings(&mut facts, document, "", "");
    // A config server's native backend: `search-locations: classpath:/shared,file:./config`.
    if let Some(locations) = dotted(document, SEARCH_LOCATIONS).and_then(Value::as_str) {
        search_locations(&mut facts, locations, "/spring/cloud/config/server/native/search-locations");
    } else if dotted(document, "spring.profiles.active").is_some_and(names_native_profile) {
        native_defaults(&mut facts, "/spring/profiles/active");
    }
    // Its git backend: `git.uri: https://github.com/acme/acme-config` serves the repo of that
    // name, when it is registered: its root, or its `search-paths`.
    let pointer = "/spring/cloud/config/server/git/uri";
    if let Some(name) = dotted(document, "spring.cloud.config.server.git.uri").and_then(Value::as_str).and_then(repo_name) {
        let paths: Vec<&str> = match dotted(document, "spring.cloud.config.server.git.search-paths") {
            Some(Value::String(paths)) => paths.split(',').collect(),
            Some(Value::Array(paths)) => paths.iter().filter_map(Value::as_str).collect(),
            _ => Vec::new(),
        };
        // A path with placeholders or wildcards (`{application}`, `config*`) names no one folder.
        let paths: Vec<&str> = paths.into_iter().map(|path| path.trim().trim_matches('/')).filter(|path| !path.contains(['{', '*', '$'])).collect();
        facts.edge("self", &format!("{CONFIG_REPO}{name}"), SERVES_CONFIG, serde_json::json!({"search_paths": paths}), pointer, Method::Declared);
    }
    facts.merge(super::discovery::read_document(document));
    facts
}

/// The key of a config server's native backend's folders.
const SEARCH_LOCATIONS: &str = "spring.cloud.config.server.native.search-locations";

/// A native backend's folders: `classpath:/shared,file:./config`.
fn search_locations(facts: &mut FileFacts, locations: &str, pointer: &str) {
    for location in locations.split(',').map(str::trim).filter(|location| !location.is_empty() && !location.contains('{')) {
        facts.edge("self", &format!("config-folder:{location}"), SERVES_CONFIG, Value::Null, pointer, Method::Declared);
    }
}

/// Whether `spring.profiles.active` (`native`, `native,docker`, a list) names the native
/// backend's profile.
fn names_native_profile(profiles: &Value) -> bool {
    let names: Vec<&str> = match profiles {
        Value::String(profiles) => profiles.split(',').collect(),
        Value::Array(profiles) => profiles.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    names.iter().any(|name| name.trim() == "native")
}

/// A native backend given no search locations serves Spring's defaults, `classpath:/config`
/// among them (not `classpath:/`, the server's own `application.yml`). The profile's name says
/// less than a search location does, so resolution takes it only from a module whose build
/// declares the config server (`DEFAULT_LOCATION`).
fn native_defaults(facts: &mut FileFacts, pointer: &str) {
    facts.edge("self", "config-folder:classpath:/config", SERVES_CONFIG, serde_json::json!({DEFAULT_LOCATION: true}), pointer, Method::Declared);
}

/// The prop of a [`SERVES_CONFIG`] edge to the native backend's default location.
pub const DEFAULT_LOCATION: &str = "default_location";

/// The target prefix of a config server's git backend: `config-repo:<repo name>`.
pub const CONFIG_REPO: &str = "config-repo:";

/// The repo a git URL names, lowercase, as a registered repo is named after its URL:
/// `https://github.com/acme/Config.git` is `config`; `None` for a URL with placeholders
/// (`{application}`, `${CONFIG_REPO}`).
fn repo_name(url: &str) -> Option<String> {
    factory_core::names::repo_name_from_location(url.trim()).map(|name| name.to_lowercase())
}

/// The folder (in the repo) a search location of the config server whose file is at `path`
/// names: `classpath:/shared` is `<module>/src/main/resources/shared`, `file:./config` and
/// `config` are relative to the module. `None` for absolute or remote locations.
pub fn search_folder(path: &str, location: &str) -> Option<String> {
    let module = module_folder(path);
    let join = |base: &str, rest: &str| {
        let rest = rest.trim_start_matches("./").trim_matches('/');
        if base.is_empty() { rest.to_string() } else if rest.is_empty() { base.to_string() } else { format!("{base}/{rest}") }
    };
    if let Some(rest) = location.strip_prefix("classpath:") {
        let resources = join(module, "src/main/resources");
        return Some(join(&resources, rest));
    }
    let rest = location.strip_prefix("file:").unwrap_or(location);
    (!rest.starts_with('/') && !rest.contains("://") && !rest.starts_with("${")).then(|| join(module, rest))
}

/// The name in a `.properties` file (`spring.application.name=x`, or `: x`), and its
/// settings naming channels.
pub fn read_properties(text: &str) -> FileFacts {
    let mut facts = FileFacts::default();
    let mut named = false;
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.starts_with(['#', '!']) {
            continue;
        }
        let Some(split) = line.find(['=', ':']) else { continue };
        let (key, value) = (line[..split].trim(), line[split + 1..].trim());
        let pointer = format!("L{}", index + 1);
        if key == "spring.application.name" && !named {
            named = true;
            facts.merge(facts_for(Some(value), &pointer));
        }
        if key == SEARCH_LOCATIONS {
            search_locations(&mut facts, value, &pointer);
        }
        if key == "server.port" {
            listens_on(&mut facts, value, &pointer);
        }
        if key == "spring.profiles.active" && names_native_profile(&Value::String(value.to_string())) && !text.contains(SEARCH_LOCATIONS) {
            native_defaults(&mut facts, &pointer);
        }
        channel_setting(&mut facts, key, value, &pointer);
    }
    facts.merge(super::discovery::config_client_in_properties(text));
    facts
}

/// The edge kind from a Spring config to the port its `server.port` sets (`port:8222`).
pub const LISTENS_ON: &str = "listens_on";

/// `server.port: 8222`, or a placeholder's default (`${PORT:8222}`): the port the application
/// listens on; none for `0` (a random port) or a port the environment alone gives.
fn listens_on(facts: &mut FileFacts, value: &str, pointer: &str) {
    let value = value.trim().trim_matches(['"', '\'']);
    let port = value.strip_prefix("${").and_then(|rest| rest.strip_suffix('}')).map_or(Some(value), |inner| inner.split_once(':').map(|(_, default)| default));
    if let Some(port) = port.filter(|port| !port.is_empty() && *port != "0" && port.bytes().all(|byte| byte.is_ascii_digit())) {
        facts.edge("self", &format!("port:{port}"), LISTENS_ON, Value::Null, pointer, Method::Parsed);
    }
}

/// A setting that may name a channel, for code naming it by its key
/// (`@JmsListener(destination = "${riskmanagement.queueName}")`): a constant named by the whole
/// key, as the code reader records a file's channel constants. A key a word of which says so
/// (`riskmanagement.queueName`, `kafka.ship.topic.name`) may hold any name; code may name a
/// channel by any other key too (refarch-kc's `@Value("${kcsolution.orders}") String
/// ORDERS_TOPIC`), so every setting holding a plain name is one (not a URL).
fn channel_setting(facts: &mut FileFacts, key: &str, value: &str, pointer: &str) {
    placeholder_url(facts, key, value, pointer);
    crate::readers::spring_env::setting(facts, key, value, pointer);
    let names_a_channel = key.split('.').any(crate::readers::code::names_a_channel);
    // `${KAFKA_TOPIC_PAYMENT_EVENTS}`: the env var's value where the deployment gives one.
    let variable = env_placeholder(value).filter(|variable| names_a_channel || crate::readers::code::names_a_channel(variable));
    // `${ORDERS_TOPIC:orders}`: the default. One with none is left to the environment: an
    // empty value, which no other module's value of the key can then stand in for.
    let value = crate::net::with_defaults(value.trim_matches(['"', '\'']));
    let plain_name = crate::readers::code::is_channel_name(&value) && (names_a_channel || !value.contains("://"));
    if (names_a_channel && value.is_empty()) || plain_name || variable.is_some() {
        let mut props = serde_json::json!({"value": value});
        if let Some(variable) = variable {
            props[crate::readers::code::REFERS_TO] = serde_json::json!(format!("{}{variable}", crate::readers::code::ENV_CONSTANT));
        }
        facts.edge("self", &format!("constant:{key}"), crate::readers::code::NAMES_CONSTANT, props, pointer, Method::Parsed);
    }
}

/// The env var a setting's whole value is a placeholder of, `${KAFKA_TOPIC_PAYMENT_EVENTS}` or
/// `${KAFKA_TOPIC_PAYMENT_EVENTS:payment-events}`: Spring fills it from the environment
/// (OrderFlow's `order.kafka.payment-events-topic: ${KAFKA_TOPIC_PAYMENT_EVENTS}`).
fn env_placeholder(value: &str) -> Option<&str> {
    let inner = value.trim().trim_matches(['"', '\'']).strip_prefix("${")?.strip_suffix('}')?;
    let variable = inner.split(':').next()?;
    let is_variable = variable.chars().next().is_some_and(|first| first.is_ascii_uppercase()) && variable.chars().all(|character| character.is_ascii_uppercase() || character.is_ascii_digit() || character == '_');
    is_variable.then_some(variable)
}

/// The prop of a `setting:` edge whose value is a Spring setting's URL with placeholders
/// (`issuer-uri: http://${app.auth-server}`): the setting's key. Resolution fills the
/// placeholders from the settings of the service's other Spring config files.
pub const SPRING_SETTING: &str = "spring";

/// A URL built from other settings (`http://${app.auth-server}`, `http://${orders.host}:${orders.port}/api`):
/// a `setting:` edge resolution fills in. One whose placeholders all have defaults
/// (`${ORDERS_URL:http://orders}`) is read as written, by the config reader.
fn placeholder_url(facts: &mut FileFacts, key: &str, value: &str, pointer: &str) {
    if !value.contains("://") || !has_bare_placeholder(value) {
        return;
    }
    facts.edge("self", &format!("setting:{key}"), "depends_on", serde_json::json!({SPRING_SETTING: key, "value": value}), pointer, Method::Parsed);
}

/// Whether a value holds a placeholder without a default (`${app.auth-server}`).
fn has_bare_placeholder(value: &str) -> bool {
    value.match_indices("${").any(|(at, _)| value[at + 2..].split('}').next().is_some_and(|inner| !inner.contains(':')))
}

/// Whether a config file's text sets Spring's own keys at its top level (`spring:` or
/// `spring.cloud.stream:` at a line's start): a Spring config file whatever its name, as a
/// config repo's `orders.yml`.
pub fn has_spring_keys(text: &str) -> bool {
    text.lines().any(|line| line.starts_with("spring:") || line.starts_with("spring."))
}

/// [`channel_setting`] for every scalar of a YAML document, by its dotted key.
fn channel_settings(facts: &mut FileFacts, value: &Value, key: &str, pointer: &str) {
    match value {
        Value::Object(map) => {
            for (child, value) in map {
                let key = if key.is_empty() { child.clone() } else { format!("{key}.{child}") };
                channel_settings(facts, value, &key, &format!("{pointer}/{}", crate::yaml::pointer_segment(child)));
            }
        }
        Value::String(text) => channel_setting(facts, key, text, pointer),
        _ => {}
    }
}

/// An `answers_to` edge for a literal name that can be a hostname; a name built from
/// placeholders (`${APP_NAME:orders}`) says nothing for sure.
fn facts_for(name: Option<&str>, pointer: &str) -> FileFacts {
    let mut facts = FileFacts::default();
    let name = name.map(|name| name.trim_matches(|character| character == '"' || character == '\''));
    if let Some(host) = name.filter(|name| !name.contains(['$', '{', '@'])).and_then(normalize_host) {
        facts.edge("self", &format!("host:{host}"), ANSWERS_TO, Value::Null, pointer, Method::Declared);
    }
    facts
}

#[cfg(test)]
mod tests {
    use super::*;

    fn channel_constants(facts: &FileFacts) -> Vec<(String, String)> {
        facts
            .edges
            .iter()
            .filter(|edge| edge.kind == crate::readers::code::NAMES_CONSTANT)
            .map(|edge| (edge.to.clone(), edge.props["value"].as_str().unwrap_or_default().to_string()))
            .collect()
    }

    #[test]
    fn settings_naming_channels_are_constants_by_their_keys() {
        let properties = "# riskmanagement.queueName=old\nriskmanagement.queueName=newpolicies\npolicycreated.topic: ${POLICY_TOPIC:policy-created}\nserver.port=8090\nbad.queue=has spaces\norders.topic=${ORDERS_TOPIC}\nkafka.ship.topic.name=bluewaterShip\nkcsolution.orders=orders\ncustomers.url=http://customers:8080\nspring.application.name=policy-management-backend\n";
        let facts = read_properties(properties);
        let expected = [
            ("riskmanagement.queueName", "newpolicies"),
            ("policycreated.topic", "policy-created"),
            ("orders.topic", ""),
            ("kafka.ship.topic.name", "bluewaterShip"),
            ("kcsolution.orders", "orders"),
            ("spring.application.name", "policy-management-backend"),
        ];
        assert_eq!(channel_constants(&facts), expected.map(|(key, value)| (format!("constant:{key}"), value.to_string())), "no number, spaces or URL");
        assert!(facts.edges.iter().any(|edge| edge.kind == ANSWERS_TO), "the name is still read");
        let yaml = crate::yaml::document("spring:\n  application:\n    name: orders\napp:\n  kafka:\n    orders-topic: orders.v1\n    brokers: kafka:9092\n    partitions: 3\n").expect("yaml");
        let expected = [("app.kafka.brokers", "kafka:9092"), ("app.kafka.orders-topic", "orders.v1"), ("spring.application.name", "orders")];
        assert_eq!(channel_constants(&read_document(&yaml)), expected.map(|(key, value)| (format!("constant:{key}"), value.to_string())));
        assert!(is_config_file("microprofile-config.properties"));
    }

    #[test]
    fn spring_config_files_and_their_modules() {
        let files = [
            ("application.yml", true),
            ("application-docker.yaml", true),
            ("bootstrap.properties", true),
            ("applications.yml", false),
            ("application.json", false),
        ];
        for (name, expected) in files {
            assert_eq!(is_config_file(name), expected, "{name}");
        }
        let modules = [
            ("ledger/src/main/resources/application.yml", "ledger"),
            ("src/main/resources/config/application.yml", ""),
            ("svc/teller/config/application.yml", "svc/teller"),
            ("application.properties", ""),
            ("teller/application.yml", "teller"),
        ];
        for (path, expected) in modules {
            assert_eq!(module_folder(path), expected, "{path}");
        }
    }

    #[test]
    fn the_name_is_read_from_yaml_and_properties_unless_it_is_a_placeholder() {
        let names = |facts: FileFacts| facts.edges.into_iter().filter(|edge| edge.kind == ANSWERS_TO).map(|edge| edge.to).collect::<Vec<_>>();
        let nested = serde_json::json!({"spring": {"application": {"name": "Ledger"}}});
        let dotted = serde_json::json!({"spring.application.name": "teller"});
        let placeholder = serde_json::json!({"spring": {"application": {"name": "${APP:vault}"}}});
        assert_eq!(names(read_document(&nested)), ["host:ledger"]);
        assert_eq!(names(read_document(&dotted)), ["host:teller"]);
        assert!(names(read_document(&placeholder)).is_empty());
        assert_eq!(names(read_properties("server.port=8080\nspring.application.name = gate\n")), ["host:gate"]);
        assert!(names(read_properties("spring.application.name=@project.artifactId@\n")).is_empty());
    }

    #[test]
    fn a_native_config_server_serves_its_search_locations_else_springs_default() {
        let served = |facts: FileFacts| facts.edges.into_iter().filter(|edge| edge.kind == SERVES_CONFIG).map(|edge| format!("{} {}", edge.to, edge.props.contains_key(DEFAULT_LOCATION))).collect::<Vec<_>>();
        let yaml = crate::yaml::document("spring:\n  profiles:\n    active: native,docker\n").expect("yaml");
        assert_eq!(served(read_document(&yaml)), ["config-folder:classpath:/config true"]);
        let explicit = crate::yaml::document("spring:\n  profiles:\n    active: native\n  cloud.config.server.native.search-locations: classpath:/shared\n").expect("yaml");
        assert_eq!(served(read_document(&explicit)), ["config-folder:classpath:/shared false"]);
        assert_eq!(served(read_properties("spring.profiles.active=native\n")), ["config-folder:classpath:/config true"]);
        let properties = "spring.profiles.active=native\nspring.cloud.config.server.native.search-locations=classpath:/shared,file:./config\n";
        assert_eq!(served(read_properties(properties)), ["config-folder:classpath:/shared false", "config-folder:file:./config false"]);
        assert!(served(read_properties("spring.profiles.active=docker\n")).is_empty());
    }

    #[test]
    fn a_config_servers_git_backend_names_its_repo() {
        assert_eq!(repo_name("https://github.com/acme/Acme-Config.git").as_deref(), Some("acme-config"));
        assert_eq!(repo_name("git@github.com:acme/config/").as_deref(), Some("config"));
        assert_eq!(repo_name("file:///srv/config-repo").as_deref(), Some("config-repo"));
        assert_eq!(repo_name("https://github.com/acme/{application}"), None);
        assert_eq!(repo_name("${CONFIG_GIT_URI}"), None);
    }
}
