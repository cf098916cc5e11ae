//! KrakenD API gateways: a plain `krakend.json` mounted into the stock image, and a Flexible
//! Configuration (polyglot-ecommerce's gateway-service) whose hosts are in `settings/*.json`.

mod support;

use support::{borrowed, gateway_edges, org, summary};

const DOCKERFILE: &str = "FROM node:20\nCOPY . .\nCMD [\"node\", \"index.js\"]\n";

/// The services' own folders: `<name>/Dockerfile` and `<name>/index.js` for each.
fn services(names: &[&str]) -> Vec<(String, String)> {
    names.iter().flat_map(|name| [(format!("{name}/Dockerfile"), DOCKERFILE.to_string()), (format!("{name}/index.js"), format!("console.log('{name}')\n"))]).collect()
}

const KRAKEND: &str = r#"{
  "$schema": "https://www.krakend.io/schema/v2.7/krakend.json",
  "version": 3,
  "port": 8080,
  "host": ["http://catalog:7130"],
  "extra_config": {"auth/validator": {"jwk_url": "http://keycloak:8080/realms/shop/protocol/openid-connect/certs"}},
  "endpoints": [
    {"endpoint": "/v1/auth/login", "method": "POST", "backend": [{"host": ["http://auth-service:7110"], "url_pattern": "/login"}]},
    {"endpoint": "/v1/orders/{id}", "backend": [{"host": ["http://orders:7120", "http://orders-canary:7120"], "url_pattern": "/orders/{id}"}]},
    {"endpoint": "/v1/products", "backend": [{"url_pattern": "/products"}]},
    {"endpoint": "/v1/debug", "backend": [{"host": ["http://localhost:8080"], "url_pattern": "/__debug/"}]}
  ]
}
"#;

/// KrakenD run from its stock image with `krakend.json` mounted (`./krakend:/etc/krakend`):
/// each endpoint's backend hosts (the root's `host` for a backend naming none) are the
/// gateway's calls, each with the endpoint's path up to its parameters, so that a call to
/// the gateway's `/v1/auth/login` reaches the auth service (`/v1/orders/`, sent to two
/// backends, names neither and stays the gateway's). A backend on `localhost` (KrakenD's
/// own debug endpoint) and the JWT validator's `jwk_url` (the identity provider's keys) are
/// no backend calls; an app's `routes.json` of `endpoints` and `backend`s without KrakenD's
/// `version` is read as any config is, its hosts with no location.
#[test]
fn a_krakend_json_routes_the_gateway_that_mounts_it() {
    let compose = "services:\n  krakend:\n    image: devopsfaith/krakend:2.7\n    volumes:\n      - ./krakend:/etc/krakend\n  \
                   web:\n    build: ./web\n    environment:\n      ORDERS_API: http://krakend:8080/v1/orders/\n      AUTH_URL: http://krakend:8080/v1/auth/login\n  \
                   auth-service:\n    build: ./auth-service\n  orders:\n    build: ./orders\n  orders-canary:\n    build: ./orders-canary\n  catalog:\n    build: ./catalog\n  \
                   keycloak:\n    image: quay.io/keycloak/keycloak:26.0\n  reports:\n    build: ./reports\n";
    let routes = r#"{"endpoints": [{"endpoint": "/reports", "backend": [{"host": ["http://catalog:7130"]}]}]}"#;
    let mut files = vec![
        ("docker-compose.yml".to_string(), compose.to_string()),
        ("krakend/krakend.json".to_string(), KRAKEND.to_string()),
        ("reports/routes.json".to_string(), routes.to_string()),
    ];
    files.extend(services(&["web", "auth-service", "orders", "orders-canary", "catalog", "reports"]));
    let resolved = org(&[("shop", &borrowed(&files))]);
    insta::assert_snapshot!(gateway_edges(&resolved, "krakend"), @r"
    component:krakend -> component:auth-service location=/v1/auth/login krakend/krakend.json#/endpoints/0/backend/0/host/0
    component:krakend -> component:catalog location=/v1/products krakend/krakend.json#/endpoints/2/backend/0
    component:krakend -> component:orders location=/v1/orders/ krakend/krakend.json#/endpoints/1/backend/0/host/0
    component:krakend -> component:orders-canary location=/v1/orders/ krakend/krakend.json#/endpoints/1/backend/0/host/1
    ");
    insta::assert_snapshot!(gateway_edges(&resolved, "web"), @r"
    component:web -> component:auth-service location=- docker-compose.yml#/services/web/environment/AUTH_URL
    component:web -> component:krakend location=- docker-compose.yml#/services/web/environment/ORDERS_API
    ");
    insta::assert_snapshot!(gateway_edges(&resolved, "reports"), @r"
    component:reports -> component:catalog location=- reports/routes.json#/host
    ");
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:auth-service repo="shop" root="auth-service"
    component:catalog repo="shop" root="catalog"
    component:krakend repo="shop" root="krakend"
    component:orders repo="shop" root="orders"
    component:orders-canary repo="shop" root="orders-canary"
    component:reports repo="shop" root="reports"
    component:web repo="shop" root="web"
    resource:keycloak repo=- root=-
    component:krakend -depends_on-> component:auth-service
    component:krakend -depends_on-> component:catalog
    component:krakend -depends_on-> component:orders
    component:krakend -depends_on-> component:orders-canary
    component:reports -depends_on-> component:catalog
    component:web -depends_on-> component:auth-service
    component:web -depends_on-> component:krakend
    "#);
}

const AUTH_SETTINGS: &str = r#"{
  "host": "http://host.docker.internal:7110",
  "host_env": "AUTH_SERVICE_HOST",
  "swagger": {"endpoint": "/docs/auth/openapi.json", "backend": "/q/openapi"},
  "endpoints": [
    {"endpoint": "/api/auth/login", "method": "POST", "backend": "/api/auth/login"},
    {"endpoint": "/api/account", "method": "GET", "backend": "/api/account"},
    {"endpoint": "/api/account", "method": "PUT", "backend": "/api/account"}
  ]
}
"#;

/// polyglot-ecommerce's gateway-service: `FROM devopsfaith/krakend` renders `krakend.tmpl` from
/// `settings/*.json`, each service's file naming its host (a default on the machine's published
/// port, `host.docker.internal:7110`, and the env var overriding it, `host_env`) beside the
/// endpoints sent there. The env var is the service its name says (`ORDER_SERVICE_HOST`), or
/// where the gateway's compose environment sets it, the one its value names
/// (`AUTH_SERVICE_HOST: http://identity:7110`, not the legacy `auth-service`). The JWT settings'
/// `jwk_url` and `issuer` (on `localhost`) route nothing, and a `settings/` file of another
/// service's naming a bare `host` beside its `port` is that service's database, as before.
#[test]
fn a_krakend_flexible_configs_settings_route_the_gateway_built_from_it() {
    let compose = "services:\n  gateway:\n    build: ./gateway\n    environment:\n      AUTH_SERVICE_HOST: http://identity:7110\n  \
                   identity:\n    build: ./identity\n    ports:\n      - \"7110:7110\"\n  auth-service:\n    build: ./auth-service\n  \
                   order-service:\n    build: ./order-service\n  orders-db:\n    image: postgres:16\n  keycloak:\n    image: quay.io/keycloak/keycloak:26.0\n";
    let orders = r#"{"host_env": "ORDER_SERVICE_HOST", "host": "http://localhost:7120", "endpoints": [{"endpoint": "/api/orders/{id}", "backend": "/orders/{id}"}]}"#;
    let env = r#"{"port": 7100, "jwt": {"jwk_url": "http://keycloak:8080/realms/shop/protocol/openid-connect/certs", "issuer": "http://localhost:8080/realms/shop"}}"#;
    let mut files = vec![
        ("docker-compose.yml".to_string(), compose.to_string()),
        ("gateway/Dockerfile".to_string(), "FROM devopsfaith/krakend:2.10\nCOPY config/ /etc/krakend/config/\nENV FC_ENABLE=1 FC_SETTINGS=/etc/krakend/config/settings\nCMD [\"run\", \"-c\", \"/etc/krakend/config/krakend.tmpl\"]\n".to_string()),
        ("gateway/config/krakend.tmpl".to_string(), "{\"version\": 3, \"endpoints\": [{{ template \"backends.tmpl\" . }}]}\n".to_string()),
        ("gateway/config/settings/auth_service.json".to_string(), AUTH_SETTINGS.to_string()),
        ("gateway/config/settings/order_service.json".to_string(), orders.to_string()),
        ("gateway/config/settings/env.json".to_string(), env.to_string()),
        ("order-service/settings/db.json".to_string(), r#"{"host": "orders-db", "port": 5432}"#.to_string()),
    ];
    files.extend(services(&["identity", "auth-service", "order-service"]));
    let resolved = org(&[("shop", &borrowed(&files))]);
    insta::assert_snapshot!(gateway_edges(&resolved, "gateway"), @r"
    component:gateway -> component:identity location=- docker-compose.yml#/services/gateway/environment/AUTH_SERVICE_HOST
    component:gateway -> component:identity location=/api/account gateway/config/settings/auth_service.json#/host/1
    component:gateway -> component:identity location=/api/account gateway/config/settings/auth_service.json#/host_env/1
    component:gateway -> component:identity location=/api/auth/login gateway/config/settings/auth_service.json#/host
    component:gateway -> component:identity location=/api/auth/login gateway/config/settings/auth_service.json#/host_env
    component:gateway -> component:identity location=/docs/auth/openapi.json gateway/config/settings/auth_service.json#/host/2
    component:gateway -> component:identity location=/docs/auth/openapi.json gateway/config/settings/auth_service.json#/host_env/2
    component:gateway -> component:order-service location=/api/orders/ gateway/config/settings/order_service.json#/host_env
    component:gateway -> resource:keycloak location=- gateway/config/settings/env.json#/jwk_url
    ");
    insta::assert_snapshot!(gateway_edges(&resolved, "order-service"), @r"
    component:order-service -> resource:orders-db location=- order-service/settings/db.json#/host
    ");
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:auth-service repo="shop" root="auth-service"
    component:gateway repo="shop" root="gateway"
    component:identity repo="shop" root="identity"
    component:order-service repo="shop" root="order-service"
    resource:keycloak repo=- root=-
    resource:orders-db repo=- root=-
    component:gateway -depends_on-> component:identity
    component:gateway -depends_on-> component:order-service
    "#);
}
