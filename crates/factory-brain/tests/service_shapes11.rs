//! Which addresses name no call, as the eleventh round of unseen systems showed (issue #3's
//! reports of 2026-12-06, Polar Bookshop).

mod support;

use support::{org, summary};

const DOCKERFILE: &str = "FROM eclipse-temurin:21\nCOPY target/app.jar app.jar\n";
const JAVA: &str = "package acme;\npublic class App {}\n";

/// A Spring service of its own repo: its Dockerfile, its code and its `application.yml`, with
/// more files beside them.
fn service<'a>(config: &'a str, more: &[(&'a str, &'a str)]) -> Vec<(&'a str, &'a str)> {
    let mut files = vec![("Dockerfile", DOCKERFILE), ("src/main/java/acme/App.java", JAVA), ("src/main/resources/application.yml", config)];
    files.extend_from_slice(more);
    files
}

/// Polar Bookshop's deployment repo hands every service its config server's address
/// (`SPRING_CLOUD_CONFIG_URI=http://config-service:8888` in compose, and in order-service's
/// own Kubernetes manifest), while each service's `application.yml` switches its config client
/// off (`spring.config.import: ""`, `spring.cloud.config.enabled: false`): no service calls
/// config-service, and their other addresses (order-service's catalog) still name calls. Not
/// off: a client turned off only by a profile's document (`on-profile: test`) or in its tests'
/// config, an older service given the address with no switch at all, and one whose profile's
/// file (`application-docker.yml`) turns the client back on.
#[test]
fn a_config_servers_address_names_no_call_from_a_service_that_turns_its_client_off() {
    let off = "spring:\n  application:\n    name: catalog-service\n  config:\n    import: \"\" # When using Config Service, add \"optional:configserver:\"\n  cloud:\n    config:\n      enabled: false # When using Config Service, set to true\n      uri: http://localhost:8888\n";
    let order = off.replace("catalog-service", "order-service");
    let manifest = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: order-service\nspec:\n  template:\n    spec:\n      containers:\n        - name: order-service\n          image: order-service\n          env:\n            - name: SPRING_CLOUD_CONFIG_URI\n              value: http://config-service:8888\n            - name: POLAR_CATALOG_SERVICE_URI\n              value: http://catalog-service\n";
    let quote = "spring:\n  application:\n    name: quote-service\n---\nspring:\n  config:\n    activate:\n      on-profile: test\n  cloud:\n    config:\n      enabled: false\n";
    let legacy = "spring:\n  application:\n    name: legacy-service\n";
    let legacy_bootstrap = "spring:\n  cloud:\n    config:\n      uri: http://config-service:8888\n";
    let legacy_tests = "spring:\n  cloud:\n    config:\n      enabled: false\n";
    let dispatcher = off.replace("catalog-service", "dispatcher-service");
    let dispatcher_docker = "spring:\n  cloud:\n    config:\n      enabled: true\n";
    let server = "server:\n  port: 8888\nspring:\n  application:\n    name: config-service\n  cloud:\n    config:\n      server:\n        git:\n          uri: https://github.com/PolarBookshop/config-repo\n";
    let client = |name: &str| format!("  {name}:\n    image: \"{name}\"\n    environment:\n      - SPRING_CLOUD_CONFIG_URI=http://config-service:8888\n");
    let compose = [
        "services:\n".to_string(),
        client("catalog-service"),
        client("order-service"),
        "      - POLAR_CATALOG_SERVICE_URI=http://catalog-service:9001\n".to_string(),
        client("quote-service"),
        client("legacy-service"),
        client("dispatcher-service"),
        "  config-service:\n    image: \"config-service\"\n".to_string(),
    ]
    .concat();
    let repos = [
        ("catalog-service", service(off, &[])),
        ("order-service", service(&order, &[("k8s/deployment.yml", manifest)])),
        ("quote-service", service(quote, &[])),
        ("legacy-service", service(legacy, &[("src/main/resources/bootstrap.yml", legacy_bootstrap), ("src/test/resources/application.yml", legacy_tests)])),
        ("dispatcher-service", service(&dispatcher, &[("src/main/resources/application-docker.yml", dispatcher_docker)])),
        ("config-service", service(server, &[])),
    ];
    let mut all: Vec<(&str, &[(&str, &str)])> = repos.iter().map(|(name, files)| (*name, files.as_slice())).collect();
    let deployment = [("docker/docker-compose.yml", compose.as_str())];
    all.push(("polar-deployment", &deployment));
    insta::assert_snapshot!(summary(&org(&all)), @r#"
    component:catalog-service repo="catalog-service" root=""
    component:config-service repo="config-service" root=""
    component:dispatcher-service repo="dispatcher-service" root=""
    component:legacy-service repo="legacy-service" root=""
    component:order-service repo="order-service" root=""
    component:quote-service repo="quote-service" root=""
    component:dispatcher-service -depends_on-> component:config-service
    component:legacy-service -depends_on-> component:config-service
    component:order-service -depends_on-> component:catalog-service
    component:quote-service -depends_on-> component:config-service
    "#);
}

/// The same switch beside the address in the service's own config (`spring.cloud.config.uri`,
/// as older Spring Cloud services give it), and compose's start order towards the server its
/// client's address names (`depends_on: [config-service]`, all catalog-service says besides its
/// `SPRING_CLOUD_CONFIG_URI`): neither is a call once the client is off. Another setting ending
/// in `uri` (`polar.catalog.uri`) still names a call, and compose's start order alone still
/// stands for one where no client is turned off (quote-service's).
#[test]
fn a_config_client_turned_off_beside_its_address_waits_for_no_config_server() {
    let edge = "spring:\n  application:\n    name: edge-service\n  cloud:\n    config:\n      enabled: false\n      uri: http://config-service:8888\npolar:\n  catalog:\n    uri: http://catalog-service:9001\n";
    let catalog = "spring:\n  application:\n    name: catalog-service\n  cloud.config.enabled: false\n";
    let compose = "services:\n  edge-service:\n    image: edge-service\n    depends_on: [config-service, catalog-service]\n  catalog-service:\n    image: catalog-service\n    depends_on: [config-service]\n    environment:\n      SPRING_CLOUD_CONFIG_URI: http://config-service:8888\n  quote-service:\n    image: quote-service\n    depends_on: [config-service]\n  config-service:\n    image: config-service\n";
    let edge_files = service(edge, &[]);
    let catalog_files = service(catalog, &[]);
    let quote_files = service("spring:\n  application:\n    name: quote-service\n", &[]);
    let server_files = service("spring:\n  application:\n    name: config-service\n", &[]);
    let resolved = org(&[
        ("edge-service", &edge_files),
        ("catalog-service", &catalog_files),
        ("quote-service", &quote_files),
        ("config-service", &server_files),
        ("polar-deployment", &[("docker/docker-compose.yml", compose)]),
    ]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:catalog-service repo="catalog-service" root=""
    component:config-service repo="config-service" root=""
    component:edge-service repo="edge-service" root=""
    component:quote-service repo="quote-service" root=""
    component:edge-service -depends_on-> component:catalog-service
    component:quote-service -depends_on-> component:config-service
    "#);
}
