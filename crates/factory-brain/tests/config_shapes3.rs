//! Gateway config the brain did not read, as Oracle's MuShop showed (its edge router is
//! Traefik): Traefik's file-provider config, v1's TOML backends and frontends and v2/v3's
//! routers and services in YAML or TOML, read as nginx's and Envoy's upstreams are.

mod support;

use support::{gateway_edges, org, summary};

const DOCKERFILE: &str = "FROM node:20\nCOPY . .\nCMD [\"node\", \"index.js\"]\n";

/// MuShop: the edge router is Traefik 1.7 built from `src/edge-router/` with its `traefik.toml`
/// (`[backends.api.servers.server1] url = "http://api:3000"`, `[frontends.api]` sending
/// `PathPrefix:/api/` to it), and its Helm chart mounts a copy as a ConfigMap
/// (`http://{{ .Release.Name }}-api`). Each backend's server is a call of the router, with the
/// path prefix its frontend routes there; a call through the router to `/api/...` then reaches
/// the api. The static settings beside them (`[entryPoints]`, `[web]`, `[ping]`) name no service,
/// and neither does a backend on `localhost`; a TOML file of some other tool is no gateway.
#[test]
fn traefik_v1_backends_are_the_routers_calls_routed_by_their_frontends_path_prefix() {
    let compose = "services:\n  edge-router:\n    build: ./src/edge-router\n  api:\n    build: ./src/api\n  storefront:\n    build: ./src/storefront\n  assets:\n    build: ./src/assets\n  \
                   catalogue:\n    build: ./src/catalogue\n  worker:\n    build: ./src/worker\n    environment:\n      - CATALOGUE_URL=http://edge-router/api/catalogue\n";
    let traefik = "logLevel = \"INFO\"\n\n[web]\naddress = \":8888\"\n\n[entryPoints]\n  [entryPoints.http]\n    address = \":8080\"\n\n[ping]\nentryPoint = \"http\"\n\n[file]\n  [backends]\n    \
                   [backends.api]\n      [backends.api.loadbalancer]\n        method = \"wrr\"\n      [backends.api.servers.server1]\n        url = \"http://api:3000\"\n    \
                   [backends.web1]\n      [backends.web1.servers.server1]\n        url = \"http://storefront:8080\"\n    \
                   [backends.assets1]\n      [backends.assets1.servers.server1]\n        url = \"http://assets:3000\"\n    \
                   [backends.status]\n      [backends.status.servers.server1]\n        url = \"http://localhost:8080\"\n\n  [frontends]\n    \
                   [frontends.api]\n      backend = \"api\"\n      entrypoints = [\"http\"]\n      [frontends.api.routes.test1]\n        rule = \"PathPrefix:/api/\"\n    \
                   [frontends.assets1]\n      backend = \"assets1\"\n      [frontends.assets1.routes.test1]\n        rule = \"PathPrefixStrip:/assets/\"\n    \
                   [frontends.web1]\n      backend = \"web1\"\n";
    let chart_copy = traefik.replace("http://api:3000", "http://{{ .Release.Name }}-api");
    let netlify = "[build]\n  command = \"npm run build\"\n[[redirects]]\n  from = \"/api/*\"\n  to = \"http://catalogue/:splat\"\n";
    let mut files: Vec<(String, String)> = vec![
        ("docker-compose.yml".into(), compose.into()),
        ("src/edge-router/Dockerfile".into(), "FROM traefik:1.7\nCOPY traefik.toml /etc/traefik/\n".into()),
        ("src/edge-router/traefik.toml".into(), traefik.into()),
        ("src/storefront/netlify.toml".into(), netlify.into()),
        ("deploy/helm/charts/edge/config/traefik.toml".into(), chart_copy),
    ];
    for service in ["api", "storefront", "assets", "catalogue", "worker"] {
        files.push((format!("src/{service}/Dockerfile"), DOCKERFILE.into()));
        files.push((format!("src/{service}/index.js"), format!("console.log('{service}')\n")));
    }
    let borrowed: Vec<(&str, &str)> = files.iter().map(|(path, text)| (path.as_str(), text.as_str())).collect();
    let resolved = org(&[("mushop", &borrowed)]);
    insta::assert_snapshot!(gateway_edges(&resolved, "edge-router"), @r"
    component:edge-router -> component:api location=/api/ src/edge-router/traefik.toml#L19
    component:edge-router -> component:assets location=/assets/ src/edge-router/traefik.toml#L25
    component:edge-router -> component:storefront location=- src/edge-router/traefik.toml#L22
    ");
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:api repo="mushop" root="src/api"
    component:assets repo="mushop" root="src/assets"
    component:catalogue repo="mushop" root="src/catalogue"
    component:edge-router repo="mushop" root="src/edge-router"
    component:storefront repo="mushop" root="src/storefront"
    component:worker repo="mushop" root="src/worker"
    component:edge-router -depends_on-> component:api
    component:edge-router -depends_on-> component:assets
    component:edge-router -depends_on-> component:storefront
    component:worker -depends_on-> component:api
    "#);
}

/// Traefik v2/v3 run from the stock image with its config mounted (`./traefik:/etc/traefik`),
/// as most compose setups do: the dynamic config's `http.services.<name>.loadBalancer.servers`
/// are the router's calls, each with the prefix of the routers sending traffic there
/// (`PathPrefix(`/api`)`, through a weighted service too), so a call to `http://traefik/api/..`
/// reaches the service behind `/api`; TCP services name theirs by address. The static config beside it (`entryPoints`, `providers.file`, `api.dashboard`)
/// names no service, nor does a router to the dashboard (`api@internal`) or a server on
/// `localhost`. The same config in TOML reads the same.
#[test]
fn traefik_v2_services_are_the_calls_of_the_proxy_that_mounts_them() {
    let compose = "services:\n  traefik:\n    image: traefik:v3.0\n    volumes:\n      - ./traefik:/etc/traefik\n    ports:\n      - \"80:80\"\n  \
                   web:\n    build: ./web\n  orders:\n    build: ./orders\n  orders-canary:\n    build: ./orders-canary\n  ledger:\n    build: ./ledger\n  \
                   shipping:\n    build: ./shipping\n    environment:\n      - ORDERS_API=http://traefik/api/orders\n";
    let static_config = "entryPoints:\n  web:\n    address: \":80\"\nproviders:\n  file:\n    directory: /etc/traefik/dynamic\napi:\n  dashboard: true\n";
    let dynamic_yaml = "http:\n  routers:\n    dashboard:\n      rule: \"PathPrefix(`/dashboard`)\"\n      service: api@internal\n    \
                        api:\n      rule: \"Host(`shop.example.com`) && PathPrefix(`/api`)\"\n      service: orders\n    \
                        beta:\n      rule: \"PathPrefix(`/beta`)\"\n      service: orders-split\n    \
                        site:\n      rule: \"PathPrefix(`/`)\"\n      service: web@file\n  \
                        services:\n    orders-split:\n      weighted:\n        services:\n          - name: orders\n            weight: 9\n          - name: canary\n            weight: 1\n    \
                        orders:\n      loadBalancer:\n        servers:\n          - url: \"http://orders:8080\"\n    \
                        canary:\n      loadBalancer:\n        servers:\n          - url: \"http://orders-canary:8080\"\n    \
                        web:\n      loadBalancer:\n        servers:\n          - url: \"http://web:3000\"\n    \
                        health:\n      loadBalancer:\n        servers:\n          - url: \"http://localhost:8080\"\n\
                        tcp:\n  routers:\n    ledger:\n      rule: \"HostSNI(`*`)\"\n      service: ledger\n  \
                        services:\n    ledger:\n      loadBalancer:\n        servers:\n          - address: \"ledger:7000\"\n";
    let code = |name: &str| format!("console.log('{name}')\n");
    let mut files: Vec<(String, String)> = vec![
        ("docker-compose.yml".into(), compose.into()),
        ("traefik/traefik.yml".into(), static_config.into()),
        ("traefik/dynamic/routes.yml".into(), dynamic_yaml.into()),
    ];
    for service in ["web", "orders", "orders-canary", "ledger", "shipping"] {
        files.push((format!("{service}/Dockerfile"), DOCKERFILE.into()));
        files.push((format!("{service}/index.js"), code(service)));
    }
    let borrowed: Vec<(&str, &str)> = files.iter().map(|(path, text)| (path.as_str(), text.as_str())).collect();
    let resolved = org(&[("shop", &borrowed)]);
    insta::assert_snapshot!(gateway_edges(&resolved, "traefik"), @r"
    component:traefik -> component:ledger location=- traefik/dynamic/routes.yml#/tcp/services/ledger/loadBalancer/servers/0/address
    component:traefik -> component:orders location=/api traefik/dynamic/routes.yml#/http/services/orders/loadBalancer/servers/0/url
    component:traefik -> component:orders location=/beta traefik/dynamic/routes.yml#/http/routers/beta/rule
    component:traefik -> component:orders-canary location=/beta traefik/dynamic/routes.yml#/http/services/canary/loadBalancer/servers/0/url
    component:traefik -> component:web location=/ traefik/dynamic/routes.yml#/http/services/web/loadBalancer/servers/0/url
    ");
    let yaml_edges = gateway_edges(&resolved, "traefik");

    // The same dynamic config in TOML, and the static config too.
    let dynamic_toml = "[http.routers.dashboard]\n  rule = \"PathPrefix(`/dashboard`)\"\n  service = \"api@internal\"\n\
                        [http.routers.api]\n  rule = \"Host(`shop.example.com`) && PathPrefix(`/api`)\"\n  service = \"orders\"\n\
                        [http.routers.beta]\n  rule = \"PathPrefix(`/beta`)\"\n  service = \"orders-split\"\n\
                        [http.routers.site]\n  rule = \"PathPrefix(`/`)\"\n  service = \"web@file\"\n\n\
                        [http.services.orders-split.weighted]\n  services = [ { name = \"orders\", weight = 9 }, { name = \"canary\", weight = 1 } ]\n\
                        [[http.services.orders.loadBalancer.servers]]\n  url = \"http://orders:8080\"\n\
                        [[http.services.canary.loadBalancer.servers]]\n  url = \"http://orders-canary:8080\"\n\
                        [http.services.web.loadBalancer]\n  servers = [{ url = \"http://web:3000\" }]\n\
                        [[http.services.health.loadBalancer.servers]]\n  url = \"http://localhost:8080\"\n\n\
                        [tcp.routers.ledger]\n  rule = \"HostSNI(`*`)\"\n  service = \"ledger\"\n\
                        [[tcp.services.ledger.loadBalancer.servers]]\n  address = \"ledger:7000\"\n";
    let static_toml = "[entryPoints.web]\n  address = \":80\"\n[providers.file]\n  directory = \"/etc/traefik/dynamic\"\n[api]\n  dashboard = true\n";
    files.retain(|(path, _)| !path.starts_with("traefik/"));
    files.push(("traefik/traefik.toml".into(), static_toml.into()));
    files.push(("traefik/dynamic/routes.toml".into(), dynamic_toml.into()));
    let borrowed: Vec<(&str, &str)> = files.iter().map(|(path, text)| (path.as_str(), text.as_str())).collect();
    let resolved = org(&[("shop", &borrowed)]);
    insta::assert_snapshot!(gateway_edges(&resolved, "traefik"), @r"
    component:traefik -> component:ledger location=- traefik/dynamic/routes.toml#L29
    component:traefik -> component:orders location=/api traefik/dynamic/routes.toml#L17
    component:traefik -> component:orders location=/beta traefik/dynamic/routes.toml#L8
    component:traefik -> component:orders-canary location=/beta traefik/dynamic/routes.toml#L19
    component:traefik -> component:web location=/ traefik/dynamic/routes.toml#L21
    ");
    let toml_edges = gateway_edges(&resolved, "traefik");
    let targets = |edges: &str| edges.lines().map(|line| line.split(" location=").next().unwrap_or("").to_string()).collect::<Vec<_>>();
    assert_eq!(targets(&yaml_edges), targets(&toml_edges), "YAML and TOML read alike");
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:ledger repo="shop" root="ledger"
    component:orders repo="shop" root="orders"
    component:orders-canary repo="shop" root="orders-canary"
    component:shipping repo="shop" root="shipping"
    component:traefik repo="shop" root="traefik"
    component:web repo="shop" root="web"
    component:shipping -depends_on-> component:orders
    component:traefik -depends_on-> component:ledger
    component:traefik -depends_on-> component:orders
    component:traefik -depends_on-> component:orders-canary
    component:traefik -depends_on-> component:web
    "#);
}
