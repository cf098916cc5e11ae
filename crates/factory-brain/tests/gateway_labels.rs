//! Gateways whose routes live beside the services: Traefik's Docker labels, a Caddyfile a
//! built gateway mounts.

mod support;

use support::{gateway_edges, org, summary};

/// moorara's microservices-demo: compose runs `traefik:2.0.5` with its Docker provider, and
/// labels `site-service` (`traefik.enable: "true"`, a router on host names alone) and
/// `sensor-service` (a router's `PathPrefix(`/api/v1/sensor`)`) for it to route; `caddy`,
/// built from `./caddy`, mounts `./gateway/Caddyfile`, whose Caddy v1 `proxy` lines send
/// `/api` to Traefik, `/graphql` to graphql-service and `/` to client-service. A service
/// labelled `traefik.enable: "false"` is not routed, and a data file a built service mounts
/// (`./seed/sites.sql`) is not its config.
#[test]
fn traefik_labels_and_a_mounted_caddyfile_route_the_gateways() {
    let compose = "services:\n  traefik:\n    image: traefik:2.0.5\n    volumes:\n      - \"./gateway/traefik.toml:/etc/traefik/traefik.toml\"\n  caddy:\n    build: ./caddy\n    volumes:\n      - \"./gateway/Caddyfile:/www/Caddyfile\"\n    command: [ \"-conf\", \"/www/Caddyfile\" ]\n  client-service:\n    image: moorara/client-service:latest\n  graphql-service:\n    build: ../services/graphql\n  site-service:\n    build: ../services/site\n    volumes:\n      - \"./seed/sites.sql:/seed/sites.sql\"\n    labels:\n      traefik.enable: \"true\"\n      traefik.http.services.site.loadbalancer.server.port: \"4010\"\n      traefik.http.routers.site-web.rule: \"Host(`localhost`,`traefik`)\"\n      traefik.http.routers.site-web.service: \"site\"\n  sensor-service:\n    build: ../services/sensor\n    labels:\n      - \"traefik.enable=true\"\n      - \"traefik.http.routers.sensor-web.rule=Host(`localhost`) && PathPrefix(`/api/v1/sensor`)\"\n  switch-service:\n    build: ../services/switch\n    labels:\n      traefik.enable: \"false\"\n      traefik.http.routers.switch.rule: \"PathPrefix(`/api/v1/switch`)\"\n";
    let caddyfile = "localhost:80 {\n  gzip\n  proxy /api https://traefik {\n    transparent\n  }\n  proxy /graphql graphql-service:5000\n  proxy / client-service:4000\n}\n";
    let static_config = "[entryPoints]\n  [entryPoints.web]\n    address = \":80\"\n[providers.docker]\n  exposedbydefault = false\n";
    let resolved = org(&[(
        "demo",
        &[
            ("docker/docker-compose.yml", compose),
            ("docker/gateway/Caddyfile", caddyfile),
            ("docker/gateway/traefik.toml", static_config),
            ("docker/seed/sites.sql", "insert into sites values (1);\n"),
            ("docker/caddy/Dockerfile", "FROM abiosoft/caddy:1.0.3\n"),
            ("services/graphql/package.json", "{\"name\": \"graphql-service\"}\n"),
            ("services/graphql/server.js", "const app = require('express')();\napp.listen(5000);\n"),
            ("services/site/package.json", "{\"name\": \"site-service\"}\n"),
            ("services/site/server.js", "const app = require('express')();\napp.listen(4010);\n"),
            ("services/sensor/go.mod", "module sensor\n"),
            ("services/sensor/main.go", "package main\n\nfunc main() {}\n"),
            ("services/switch/go.mod", "module switch\n"),
            ("services/switch/main.go", "package main\n\nfunc main() {}\n"),
        ],
    )]);
    insta::assert_snapshot!(format!("{}\n{}\n{}", gateway_edges(&resolved, "traefik"), gateway_edges(&resolved, "caddy"), summary(&resolved)), @r#"
    component:traefik -> component:sensor-service location=/api/v1/sensor docker/docker-compose.yml#/services/sensor-service/labels/1
    component:traefik -> component:site-service location=- docker/docker-compose.yml#/services/site-service/labels
    component:caddy -> component:client-service location=/ docker/gateway/Caddyfile#L7
    component:caddy -> component:graphql-service location=/graphql docker/gateway/Caddyfile#L6
    component:caddy -> component:traefik location=/api docker/gateway/Caddyfile#L3
    component:caddy repo="demo" root="docker/caddy" roots=["docker/caddy","docker/gateway/Caddyfile"]
    component:client-service repo=- root=-
    component:graphql-service repo="demo" root="services/graphql"
    component:sensor-service repo="demo" root="services/sensor"
    component:site-service repo="demo" root="services/site"
    component:switch-service repo="demo" root="services/switch"
    component:traefik repo=- root=-
    component:caddy -depends_on-> component:client-service
    component:caddy -depends_on-> component:graphql-service
    component:caddy -depends_on-> component:traefik
    component:traefik -depends_on-> component:sensor-service
    component:traefik -depends_on-> component:site-service
    "#);
}
