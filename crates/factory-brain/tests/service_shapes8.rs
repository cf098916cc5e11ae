//! Which services call which, as the seventh round of unseen systems showed (issue #3's
//! reports of 2026-12-06, fifth session): gateways that reach services through their registry.

mod support;

use support::{org, summary};

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
