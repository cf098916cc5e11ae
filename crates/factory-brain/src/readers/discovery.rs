//! Spring Cloud service discovery in a service's config: whether it registers with a registry
//! (a Eureka, Consul or Nacos client not turned off), and whether it is a gateway whose
//! discovery locator routes to every registered service (`spring.cloud.gateway.discovery.
//! locator.enabled: true`, JHipster's gateways among them: `/services/<name>/**` for each).
//! Resolution joins the two ([`crate::resolve`]'s discovery step): no call in such a gateway
//! names the services it reaches.

use serde_json::{Value, json};

use crate::model::{FileFacts, Method};
use crate::yaml::dotted;

/// A service's config registers it with a service registry.
pub const REGISTERS: &str = "registers_with_discovery";
/// A gateway's config routes to every service registered with its registry.
pub const LOCATES: &str = "routes_to_registered";
/// What both edges point at: the registry, which no fact names otherwise.
pub const REGISTRY: &str = "registry:discovery";

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
    facts
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
}
