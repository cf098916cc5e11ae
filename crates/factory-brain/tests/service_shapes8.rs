//! Which services call which, as the seventh round of unseen systems showed (issue #3's
//! reports of 2026-12-06, fifth session): gateways that reach services through their registry.

mod support;

use support::{org, summary};

const NODE_DOCKERFILE: &str = "FROM node:20\nCOPY . .\nCMD [\"node\", \"index.js\"]\n";
const DOCKERFILE: &str = "FROM eclipse-temurin:21\nCOPY target/app.jar app.jar\nCMD [\"java\", \"-jar\", \"app.jar\"]\n";

/// JHipster's gateway (saathratri's orchestrator example) reaches each microservice through
/// Spring Cloud Gateway's discovery locator: `/services/<name>/**` goes to every service
/// registered with the JHipster registry (Eureka), and no route or call of the gateway names
/// one. Each service whose config registers with the registry is the gateway's dependency;
/// the registry's own config (`register-with-eureka: false`), a service whose Eureka client is
/// off, and config under test resources register nothing.
#[test]
fn a_gateway_with_a_discovery_locator_reaches_every_registered_service() {
    let gateway = "spring:\n  application:\n    name: gateway\n  cloud:\n    gateway:\n      discovery:\n        locator:\n          enabled: true\n          lower-case-service-id: true\n          predicates:\n            - name: Path\n              args:\n                pattern: \"'/services/'+serviceId.toLowerCase()+'/**'\"\neureka:\n  client:\n    enabled: true\n    service-url:\n      defaultZone: http://admin:admin@registry:8761/eureka/\n";
    let service = |name: &str| format!("spring:\n  application:\n    name: {name}\neureka:\n  client:\n    enabled: true\n    service-url:\n      defaultZone: http://admin:admin@registry:8761/eureka/\n");
    let registry = "spring:\n  application:\n    name: registry\neureka:\n  client:\n    register-with-eureka: false\n    fetch-registry: false\n";
    let unregistered = "spring:\n  application:\n    name: reports\neureka:\n  client:\n    enabled: false\n";
    let compose = "services:\n  gateway:\n    build: ./gateway\n  blog:\n    build: ./blog\n  store:\n    build: ./store\n  registry:\n    build: ./registry\n  reports:\n    build: ./reports\n";
    let (blog, store) = (service("blog"), service("store"));
    let resolved = org(&[(
        "shop",
        &[
            ("docker-compose.yml", compose),
            ("gateway/Dockerfile", DOCKERFILE),
            ("gateway/src/main/resources/config/application.yml", gateway),
            ("gateway/src/main/java/shop/Gateway.java", "package shop;\npublic class Gateway {}\n"),
            ("blog/Dockerfile", DOCKERFILE),
            ("blog/src/main/resources/config/application.yml", &blog),
            ("blog/src/main/java/shop/Blog.java", "package shop;\npublic class Blog {}\n"),
            ("store/Dockerfile", DOCKERFILE),
            ("store/src/main/resources/config/application.yml", &store),
            ("store/src/main/java/shop/Store.java", "package shop;\npublic class Store {}\n"),
            ("registry/Dockerfile", DOCKERFILE),
            ("registry/src/main/resources/application.yml", registry),
            ("registry/src/main/java/shop/Registry.java", "package shop;\npublic class Registry {}\n"),
            ("reports/Dockerfile", DOCKERFILE),
            ("reports/src/main/resources/application.yml", unregistered),
            ("reports/src/test/resources/config/application.yml", &service("reports")),
            ("reports/src/main/java/shop/Reports.java", "package shop;\npublic class Reports {}\n"),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:blog repo="shop" root="blog"
    component:gateway repo="shop" root="gateway"
    component:registry repo="shop" root="registry"
    component:reports repo="shop" root="reports"
    component:store repo="shop" root="store"
    component:blog -depends_on-> component:registry
    component:gateway -depends_on-> component:blog
    component:gateway -depends_on-> component:registry
    component:gateway -depends_on-> component:store
    component:reports -depends_on-> component:registry
    component:store -depends_on-> component:registry
    "#);
}

/// A gateway whose locator is off (its routes are written out) reaches only what its routes
/// name, however many services register.
#[test]
fn a_gateway_without_its_locator_reaches_only_its_routes() {
    let gateway = "spring:\n  application:\n    name: gateway\n  cloud:\n    gateway:\n      discovery:\n        locator:\n          enabled: false\n      routes:\n        - id: blog\n          uri: lb://blog\n          predicates:\n            - Path=/blog/**\neureka:\n  client:\n    service-url:\n      defaultZone: http://registry:8761/eureka/\n";
    let service = |name: &str| format!("spring:\n  application:\n    name: {name}\neureka:\n  client:\n    service-url:\n      defaultZone: http://registry:8761/eureka/\n");
    let compose = "services:\n  gateway:\n    build: ./gateway\n  blog:\n    build: ./blog\n  store:\n    build: ./store\n";
    let (blog, store) = (service("blog"), service("store"));
    let resolved = org(&[(
        "shop",
        &[
            ("docker-compose.yml", compose),
            ("gateway/Dockerfile", DOCKERFILE),
            ("gateway/src/main/resources/application.yml", gateway),
            ("gateway/src/main/java/shop/Gateway.java", "package shop;\npublic class Gateway {}\n"),
            ("blog/Dockerfile", DOCKERFILE),
            ("blog/src/main/resources/application.yml", &blog),
            ("blog/src/main/java/shop/Blog.java", "package shop;\npublic class Blog {}\n"),
            ("store/Dockerfile", DOCKERFILE),
            ("store/src/main/resources/application.yml", &store),
            ("store/src/main/java/shop/Store.java", "package shop;\npublic class Store {}\n"),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:blog repo="shop" root="blog"
    component:gateway repo="shop" root="gateway"
    component:store repo="shop" root="store"
    component:gateway -depends_on-> component:blog
    "#);
}

/// coolstore's protos carry HTTP rules that Envoy's gRPC-JSON transcoder (like grpc-gateway)
/// serves: `option (google.api.http) = { get: "/catalog/api/products/{product_id}" }`. They
/// are operations of the gRPC service's API, so a front end's `fetch("/catalog/api/products/"
/// + id)` reaches the component serving it; a path no rule names reaches nobody.
#[test]
fn a_call_matching_an_rpcs_http_rule_reaches_the_service_serving_it() {
    let proto = "syntax = \"proto3\";\npackage shop;\nimport \"google/api/annotations.proto\";\nservice CatalogService {\n  rpc GetProduct(GetProductRequest) returns (Product) {\n    option (google.api.http) = {\n      get: \"/catalog/api/products/{product_id}\"\n    };\n  }\n}\nmessage GetProductRequest {\n  string product_id = 1;\n}\nmessage Product {\n  string id = 1;\n  string name = 2;\n}\n";
    let compose = "services:\n  catalog:\n    build: ./catalog\n  web:\n    build: ./web\n  admin:\n    build: ./admin\n";
    let resolved = org(&[(
        "shop",
        &[
            ("docker-compose.yml", compose),
            ("protos/catalog.proto", proto),
            ("catalog/Dockerfile", "FROM golang:1.22\n"),
            ("catalog/main.go", "package main\n\nfunc main() {\n\tpb.RegisterCatalogServiceServer(server, &catalog{})\n}\n"),
            ("web/Dockerfile", "FROM node:20\n"),
            ("web/src/products.js", "export function product(id) {\n  return fetch('/catalog/api/products/' + id).then((response) => response.json())\n}\n"),
            ("admin/Dockerfile", "FROM node:20\n"),
            ("admin/src/stats.js", "export function stats() {\n  return fetch('/catalog/api/stats').then((response) => response.json())\n}\n"),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:admin repo="shop" root="admin"
    component:catalog repo="shop" root="catalog"
    component:web repo="shop" root="web"
    component:web -depends_on-> component:catalog
    "#);
}

/// Apollo's supergraph demo mounts the router's schema from a ConfigMap that Kustomize
/// generates (`configMapGenerator: - name: supergraph, files: [./supergraph.graphql]`): the
/// subgraphs the schema names are the router's dependencies, as a ConfigMap written out
/// would make them. A schema no generator takes, beside no workload, configures nobody.
#[test]
fn a_config_map_kustomize_generates_from_a_file_names_what_the_file_names() {
    let kustomization = "apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources:\n  - router.yaml\nconfigMapGenerator:\n- name: supergraph\n  files:\n  - ./supergraph.graphql\n";
    let router = "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: router\nspec:\n  template:\n    metadata:\n      labels:\n        app: router\n    spec:\n      containers:\n        - name: router\n          image: acme/router:1\n          volumeMounts:\n            - name: supergraph-volume\n              mountPath: /etc/config\n      volumes:\n        - name: supergraph-volume\n          configMap:\n            name: supergraph\n";
    let schema = |graphs: &str| format!("schema @link(url: \"https://specs.apollo.dev/join/v0.2\", for: EXECUTION) {{ query: Query }}\nenum join__Graph {{\n{graphs}}}\n");
    let deployment = |name: &str| format!("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  template:\n    spec:\n      containers:\n        - name: {name}\n          image: acme/{name}:1\n---\n");
    let subgraphs = [deployment("pandas"), deployment("users"), deployment("reviews")].concat();
    let (mounted, loose) = (
        schema("  PANDAS @join__graph(name: \"pandas\", url: \"http://pandas:4000/graphql\")\n  USERS @join__graph(name: \"users\", url: \"http://users:4000/graphql\")\n"),
        schema("  REVIEWS @join__graph(name: \"reviews\", url: \"http://reviews:4000/graphql\")\n"),
    );
    let resolved = org(&[(
        "supergraph",
        &[
            ("k8s/router/kustomization.yaml", kustomization),
            ("k8s/router/router.yaml", router),
            ("k8s/router/supergraph.graphql", &mounted),
            ("k8s/subgraphs/subgraphs.yaml", &subgraphs),
            ("k8s/old/supergraph.graphql", &loose),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @"
    component:pandas repo=- root=-
    component:reviews repo=- root=-
    component:router repo=- root=-
    component:users repo=- root=-
    component:router -depends_on-> component:pandas
    component:router -depends_on-> component:users
    ");
}

/// skywalking-showcase's compose files name third parties' images only by variables its
/// Makefile fills in (`image: ${ES_IMAGE}`, `${OTEL_COLLECTOR_IMAGE}:${OTEL_COLLECTOR_TAG}`):
/// the service's name or the variable's says it is a backing service, a resource. A service
/// whose image variable names nothing of the kind (`${ORDERS_IMAGE}`) stays a service.
#[test]
fn an_image_named_only_by_a_variable_is_judged_by_its_names() {
    let compose = "services:\n  songs:\n    build: ./songs\n    image: ${HUB}/songs:${TAG}\n    environment:\n      OTEL_EXPORTER_OTLP_ENDPOINT: http://otel-trace-collector:4318\n      ORDERS_URL: http://orders:8080\n  orders:\n    image: ${ORDERS_IMAGE}\n    environment:\n      SEARCH_NODES: elasticsearch:9200\n  elasticsearch:\n    image: ${ES_IMAGE}\n  otel-trace-collector:\n    image: ${OTEL_COLLECTOR_IMAGE}:${OTEL_COLLECTOR_TAG}\n";
    let resolved = org(&[("showcase", &[("docker-compose.yaml", compose), ("songs/Dockerfile", NODE_DOCKERFILE), ("songs/index.js", "console.log('songs')\n")])]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:orders repo=- root=-
    component:songs repo="showcase" root="songs"
    resource:elasticsearch repo=- root=-
    resource:otel-trace-collector repo=- root=-
    component:songs -depends_on-> component:orders
    "#);
}
