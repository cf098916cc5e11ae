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

/// Storedog runs one consumer image built from `services/kafka-consumer/` as several Deployments
/// told apart by env: each reads the topics of its `TOPICS_IN` and writes those of its
/// `TOPICS_OUT` (comma-separated), and is the org's service though its image's name holds
/// Kafka's. A topics variable saying no direction (`ALL_TOPICS`) names none.
#[test]
fn deployments_of_one_built_image_are_services_whose_env_says_which_way_their_topics_go() {
    let deployment = |name: &str, image: &str, env: &[(&str, &str)]| {
        let env: String = env.iter().map(|(key, value)| format!("            - name: {key}\n              value: \"{value}\"\n")).collect();
        format!("apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {name}\nspec:\n  template:\n    spec:\n      containers:\n        - name: {name}\n          image: {image}\n          env:\n{env}")
    };
    let producer = deployment("order-producer", "localhost:5000/kafka-producer:1.0.0", &[("TOPICS_OUT", "order-events")]);
    let validator = deployment("order-validator", "localhost:5000/kafka-consumer:1.0.0", &[("TOPICS_IN", "order-events"), ("TOPICS_OUT", "orders-validated")]);
    let fraud = deployment("fraud-detector", "localhost:5000/kafka-consumer:1.0.0", &[("TOPICS_IN", "orders-validated,payment-confirmed")]);
    let auditor = deployment("auditor", "localhost:5000/kafka-consumer:1.0.0", &[("ALL_TOPICS", "order-events")]);
    let kafka = deployment("kafka", "bitnami/kafka:3.6", &[("KAFKA_CFG_NODE_ID", "0")]);
    let dockerfile = "FROM eclipse-temurin:21\nCOPY target/app.jar /app.jar\n";
    let resolved = org(&[(
        "storedog",
        &[
            ("k8s/order-producer.yaml", producer.as_str()),
            ("k8s/order-validator.yaml", validator.as_str()),
            ("k8s/fraud-detector.yaml", fraud.as_str()),
            ("k8s/auditor.yaml", auditor.as_str()),
            ("k8s/kafka.yaml", kafka.as_str()),
            ("services/kafka-consumer/Dockerfile", dockerfile),
            ("services/kafka-producer/Dockerfile", dockerfile),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:auditor repo=- root=-
    component:fraud-detector repo=- root=-
    component:kafka-consumer repo="storedog" root="services/kafka-consumer"
    component:order-producer repo="storedog" root="services/kafka-producer"
    component:order-validator repo=- root=-
    resource:kafka repo=- root=-
    component:order-producer -depends_on-> component:order-validator
    component:order-validator -depends_on-> component:fraud-detector
    "#);
}
