//! Images whose registry or tag a variable names.

mod support;

use support::{org, summary};

/// Storedog's manifests name every image under a registry and a tag the deploy step fills in
/// (`${REGISTRY_URL}/nginx:${SD_TAG}`): the `service-proxy` Deployment runs the image built from
/// `services/nginx/`, whose config routes to the backend, and `${REGISTRY_URL}/postgres:16` is a
/// database. A name a variable makes (`${REGISTRY_URL}/${SERVICE}:1`) names no folder.
#[test]
fn an_image_under_a_variable_registry_keeps_its_name() {
    let deployment = |name: &str, image: &str| format!("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  template:\n    spec:\n      containers:\n        - name: {name}\n          image: {image}\n");
    let (proxy, backend, db, worker) = (
        deployment("service-proxy", "${REGISTRY_URL}/nginx:${SD_TAG}"),
        deployment("backend", "${REGISTRY_URL}/backend:${SD_TAG}"),
        deployment("postgres", "${REGISTRY_URL}/postgres:16"),
        deployment("worker", "${REGISTRY_URL}/${SERVICE}:1"),
    );
    let conf = "server {\n  listen 80;\n  location /services/backend/ {\n    proxy_pass http://backend:4000/;\n  }\n}\n";
    let resolved = org(&[(
        "storedog",
        &[
            ("k8s/service-proxy.yaml", proxy.as_str()),
            ("k8s/backend.yaml", backend.as_str()),
            ("k8s/postgres.yaml", db.as_str()),
            ("k8s/worker.yaml", worker.as_str()),
            ("services/nginx/Dockerfile", "FROM nginx:1.27\nCOPY default.conf /etc/nginx/conf.d/default.conf\n"),
            ("services/nginx/default.conf", conf),
            ("services/backend/Dockerfile", "FROM ruby:3.3\nCOPY . /app\nCMD [\"rails\", \"server\"]\n"),
            ("services/backend/Gemfile", "source 'https://rubygems.org'\ngem 'rails'\n"),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:backend repo="storedog" root="services/backend"
    component:service-proxy repo="storedog" root="services/nginx"
    component:worker repo=- root=-
    resource:postgres repo=- root=-
    component:service-proxy -depends_on-> component:backend
    "#);
}
