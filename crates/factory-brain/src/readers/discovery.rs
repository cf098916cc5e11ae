//! Spring Cloud service discovery in a service's config: whether it registers with a registry
//! (a Eureka, Consul or Nacos client not turned off), and whether it is a gateway whose
//! discovery locator routes to every registered service (`spring.cloud.gateway.discovery.
//! locator.enabled: true`, JHipster's gateways among them: `/services/<name>/**` for each).
//! Resolution joins the two ([`crate::resolve`]'s discovery step): no call in such a gateway
//! names the services it reaches. Beside them, the Spring Cloud Config client's switch
//! (`spring.cloud.config.enabled`) and the config server addresses it is given: a client
//! turned off calls no config server, whatever address its deploy files still hand it.

use serde_json::{Value, json};

use crate::model::{FileFacts, Method};
use crate::net::hosts_in_value;
use crate::yaml::{dotted, strings};

/// A service's config registers it with a service registry.
pub const REGISTERS: &str = "registers_with_discovery";
/// A gateway's config routes to every service registered with its registry.
pub const LOCATES: &str = "routes_to_registered";
/// What both edges point at: the registry, which no fact names otherwise.
pub const REGISTRY: &str = "registry:discovery";

/// A service's config sets its Spring Cloud Config client's switch or gives it a config server's
/// address: props `enabled` (`true`, `false` or `null` when the document leaves it), `profile`
/// (the condition a document is active under, `null` for one always active) and `addresses`
/// (the hosts of `spring.cloud.config.uri` and of `configserver:` imports).
pub const CONFIG_CLIENT: &str = "configures_config_client";
/// What a [`CONFIG_CLIENT`] edge points at: the config server, found by the addresses.
pub const CONFIG_SERVER: &str = "config-server:spring-cloud-config";

/// Where each version of Spring Cloud Gateway keeps its locator: under `spring.cloud.gateway`
/// up to 4.2, under the server flavour's key since.
const LOCATORS: [&str; 3] = ["spring.cloud.gateway", "spring.cloud.gateway.server.webflux", "spring.cloud.gateway.server.webmvc"];

/// The discovery facts of one Spring config document.
pub fn read_document(document: &Value) -> FileFacts {
    let mut facts = FileFacts::default();
    let on = |value: Option<&Value>| value.is_none_or(|value| !matches!(value, Value::Bool(false)) && value.as_str() != Some("false"));
    let registering = [
        // A Eureka client registers unless told not to (a Eureka server's own config does).
        ("eureka.client", "/eureka/client", dotted(document, "eureka.client").is_some_and(|client| {
            on(dotted(client, "enabled")) && on(dotted(client, "register-with-eureka")) && on(dotted(client, "registerWithEureka"))
        })),
        ("spring.cloud.consul.discovery", "/spring/cloud/consul/discovery", dotted(document, "spring.cloud.consul.discovery").is_some_and(|discovery| {
            on(dotted(discovery, "enabled")) && on(dotted(discovery, "register"))
        })),
        ("spring.cloud.nacos.discovery", "/spring/cloud/nacos/discovery", dotted(document, "spring.cloud.nacos.discovery").is_some_and(|discovery| {
            on(dotted(discovery, "enabled")) && on(dotted(discovery, "register-enabled"))
        })),
    ];
    let discovery_off = !on(dotted(document, "spring.cloud.discovery.enabled"));
    if let Some((client, pointer, _)) = registering.iter().find(|(_, _, registers)| *registers).filter(|_| !discovery_off) {
        facts.edge("self", REGISTRY, REGISTERS, json!({"client": client}), pointer, Method::Declared);
    }
    for prefix in LOCATORS {
        let locator = format!("{prefix}.discovery.locator");
        let enabled = dotted(document, &format!("{locator}.enabled"));
        if !matches!(enabled, Some(Value::Bool(true))) && enabled.and_then(Value::as_str) != Some("true") {
            continue;
        }
        let predicates = dotted(document, &format!("{locator}.predicates")).and_then(Value::as_array);
        let pattern = predicates.into_iter().flatten().find_map(|predicate| predicate.pointer("/args/pattern")).and_then(Value::as_str);
        let pointer = format!("/{}/discovery/locator/enabled", prefix.replace('.', "/"));
        facts.edge("self", REGISTRY, LOCATES, json!({"via": "discovery locator", "pattern": pattern}), &pointer, Method::Declared);
    }
    if let Some((props, pointer)) = config_client(document) {
        facts.edge("self", CONFIG_SERVER, CONFIG_CLIENT, props, pointer, Method::Declared);
    }
    facts
}

/// The config client facts of a `.properties` file: each document (Spring Boot splits one at
/// `#---` or `!---`) read as one of dotted keys. `readers::spring::read_properties` merges them.
pub fn config_client_in_properties(text: &str) -> FileFacts {
    let mut facts = FileFacts::default();
    let mut document = serde_json::Map::new();
    let mut first_line = None;
    let mut flush = |document: &mut serde_json::Map<String, Value>, line: &mut Option<usize>| {
        if let Some((props, _)) = config_client(&Value::Object(std::mem::take(document))) {
            facts.edge("self", CONFIG_SERVER, CONFIG_CLIENT, props, &format!("L{}", line.unwrap_or(1)), Method::Declared);
        }
        *line = None;
    };
    for (index, line) in text.lines().enumerate() {
        let line = line.trim();
        if line == "#---" || line == "!---" {
            flush(&mut document, &mut first_line);
            continue;
        }
        if line.starts_with(['#', '!']) {
            continue;
        }
        let Some(split) = line.find(['=', ':']) else { continue };
        let (key, value) = (line[..split].trim(), line[split + 1..].trim());
        if key.starts_with("spring.cloud.config.") || key == "spring.config.import" {
            first_line.get_or_insert(index + 1);
        }
        document.insert(key.to_string(), Value::String(value.to_string()));
    }
    flush(&mut document, &mut first_line);
    facts
}

/// The props of a [`CONFIG_CLIENT`] edge for one document, and the pointer to its first key,
/// if it sets the switch or names an address. A `configserver:` import counts only as an
/// address: with the switch off, Spring Cloud Config resolves it to nothing.
fn config_client(document: &Value) -> Option<(Value, &'static str)> {
    let enabled = match dotted(document, "spring.cloud.config.enabled") {
        Some(Value::Bool(enabled)) => Some(*enabled),
        Some(Value::String(text)) => text.trim().parse::<bool>().ok(),
        _ => None,
    };
    let uris = strings(dotted(document, "spring.cloud.config.uri"));
    let has_uri = uris.iter().any(|uri| !hosts_in_value("SPRING_CLOUD_CONFIG_URI", uri).is_empty());
    let imports = strings(dotted(document, "spring.config.import"));
    let imported = imports.iter().flat_map(|imports| imports.split(',')).filter_map(|import| {
        let import = import.trim();
        import.strip_prefix("optional:").unwrap_or(import).strip_prefix("configserver:").map(str::to_string)
    });
    let mut addresses: Vec<String> = uris.into_iter().chain(imported).flat_map(|uri| hosts_in_value("SPRING_CLOUD_CONFIG_URI", &uri)).collect();
    addresses.sort();
    addresses.dedup();
    let pointer = match (enabled, has_uri) {
        (Some(_), _) => "/spring/cloud/config/enabled",
        (None, true) => "/spring/cloud/config/uri",
        (None, false) if !addresses.is_empty() => "/spring/config/import",
        (None, false) => return None,
    };
    Some((json!({"enabled": enabled, "profile": condition(document), "addresses": addresses}), pointer))
}

/// What a document is active under, if not always: `spring.config.activate.on-profile` (or a
/// cloud platform), or the older `spring.profiles: docker`.
pub(crate) fn condition(document: &Value) -> Option<String> {
    ["spring.config.activate.on-profile", "spring.config.activate.on-cloud-platform", "spring.profiles"].into_iter().find_map(|key| match dotted(document, key) {
        Some(value @ (Value::String(_) | Value::Array(_))) => Some(strings(Some(value)).join(",")),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(yaml: &str) -> Vec<String> {
        let document = crate::yaml::document(yaml).expect("yaml");
        read_document(&document).edges.into_iter().map(|edge| edge.kind).collect()
    }

    #[test]
    fn clients_register_unless_turned_off_and_a_gateway_locates_when_its_locator_is_on() {
        assert_eq!(kinds("eureka:\n  client:\n    service-url:\n      defaultZone: http://registry:8761/eureka/\n"), [REGISTERS]);
        assert_eq!(kinds("eureka:\n  client:\n    register-with-eureka: false\n    fetch-registry: false\n"), Vec::<String>::new());
        assert_eq!(kinds("eureka:\n  client:\n    enabled: false\n"), Vec::<String>::new());
        assert_eq!(kinds("spring:\n  cloud:\n    consul:\n      discovery:\n        prefer-ip-address: true\n"), [REGISTERS]);
        assert_eq!(kinds("spring.cloud.discovery.enabled: false\neureka:\n  client:\n    enabled: true\n"), Vec::<String>::new());
        let gateway = "spring:\n  cloud:\n    gateway:\n      discovery:\n        locator:\n          enabled: true\n          lower-case-service-id: true\neureka:\n  client:\n    enabled: true\n";
        assert_eq!(kinds(gateway), [REGISTERS, LOCATES]);
        let off = "spring:\n  cloud:\n    gateway:\n      discovery:\n        locator:\n          enabled: false\n";
        assert_eq!(kinds(off), Vec::<String>::new());
        assert_eq!(kinds("spring.cloud.gateway.server.webflux.discovery.locator.enabled: true\n"), [LOCATES]);
    }

    /// `enabled profile addresses` of each config client fact.
    fn clients(facts: FileFacts) -> Vec<String> {
        let text = |value: &Value| value.as_str().map_or_else(|| value.to_string(), str::to_string);
        facts.edges.iter().filter(|edge| edge.kind == CONFIG_CLIENT).map(|edge| format!("{} {} {}", edge.props["enabled"], text(&edge.props["profile"]), edge.props["addresses"])).collect()
    }

    #[test]
    fn a_config_clients_switch_and_addresses_are_read_with_the_profile_they_hold_for() {
        let read = |yaml: &str| clients(read_document(&crate::yaml::document(yaml).expect("yaml")));
        let polar = "spring:\n  config:\n    import: \"\"\n  cloud:\n    config:\n      enabled: false\n      uri: http://localhost:8888\n";
        assert_eq!(read(polar), ["false null []"]);
        assert_eq!(read("spring.config.import: optional:configserver:http://config-service:8088\n"), ["null null [\"config-service\"]"]);
        let profile = "spring:\n  config:\n    activate:\n      on-profile: test\n  cloud.config.enabled: \"false\"\n";
        assert_eq!(read(profile), ["false test []"]);
        assert_eq!(read("spring:\n  profiles: docker\n  cloud.config.uri: http://config:8888\n"), ["null docker [\"config\"]"]);
        assert!(read("spring:\n  config:\n    import: optional:configtree:/etc/config/\n").is_empty(), "no config server");
        let properties = "spring.cloud.config.enabled=false\nspring.cloud.config.uri=http://config:8888\n#---\nspring.config.activate.on-profile=cloud\nspring.cloud.config.enabled=true\n";
        assert_eq!(clients(config_client_in_properties(properties)), ["false null [\"config\"]", "true cloud []"]);
    }
}
