//! Compose environments built from YAML merge keys, compose's `${VAR:?}` forms, and a `.env`
//! template standing for the `.env` a repo does not commit (OrderFlow's
//! `infra/docker-compose.services.yml` and root `.env.example`).

mod support;

use support::{channel_edges, org, summary};

const DOCKERFILE: &str = "FROM node:20-alpine\nWORKDIR /app\nCOPY . .\nCMD [\"node\", \"src/index.js\"]\n";

/// OrderFlow's order service takes its callees' URLs only through `environment: <<: [*otel,
/// *java]`, the `x-java` anchor writing `CART_SERVICE_URL: http://cart:${CART_PORT:?}`, with no
/// `.env` committed: the merged entries are the service's own, an earlier map of the list wins
/// over a later one and the service's own key over both, and a port no setting gives leaves
/// the host written before it. A host that is itself a variable nothing fills names nothing.
#[test]
fn a_merged_environments_addresses_name_their_hosts_whatever_their_ports() {
    let compose = "x-otel: &otel\n  OTEL_EXPORTER_OTLP_ENDPOINT: http://jaeger:4318\n\nx-java: &java\n  CART_SERVICE_URL: http://cart:${CART_PORT:?}\n  CATALOG_SERVICE_URL: http://catalog:${CATALOG_PORT:?cannot be empty}/api\n\nx-legacy: &legacy\n  CART_SERVICE_URL: http://legacy-cart:7070\n  REVIEWS_URL: http://reviews:${REVIEWS_PORT:-7080}\n\nservices:\n  jaeger:\n    image: jaegertracing/all-in-one:1.57\n  cart:\n    build: ../services/cart\n  catalog:\n    build: ../services/catalog\n  legacy-cart:\n    build: ../services/legacy-cart\n  reviews:\n    build: ../services/reviews\n  order:\n    build: ../services/order\n    environment:\n      <<: [*otel, *java]\n      OTEL_SERVICE_NAME: order\n  basket:\n    build: ../services/basket\n    environment:\n      <<: [*java, *legacy]\n      CATALOG_SERVICE_URL: http://legacy-cart:7070\n  audit:\n    build: ../services/audit\n    environment:\n      <<: *otel\n      REPORT_URL: http://${REPORT_HOST:?}:8080\n";
    let mut files: Vec<(&str, &str)> = vec![("infra/docker-compose.services.yml", compose)];
    let dockerfiles: Vec<String> = ["cart", "catalog", "legacy-cart", "reviews", "order", "basket", "audit"].iter().map(|service| format!("services/{service}/Dockerfile")).collect();
    files.extend(dockerfiles.iter().map(|path| (path.as_str(), DOCKERFILE)));
    let resolved = org(&[("orderflow", &files)]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:audit repo="orderflow" root="services/audit"
    component:basket repo="orderflow" root="services/basket"
    component:cart repo="orderflow" root="services/cart"
    component:catalog repo="orderflow" root="services/catalog"
    component:legacy-cart repo="orderflow" root="services/legacy-cart"
    component:order repo="orderflow" root="services/order"
    component:reviews repo="orderflow" root="services/reviews"
    resource:jaeger repo=- root=-
    component:basket -depends_on-> component:cart
    component:basket -depends_on-> component:legacy-cart
    component:basket -depends_on-> component:reviews
    component:order -depends_on-> component:cart
    component:order -depends_on-> component:catalog
    "#);
}

/// OrderFlow's compose file sits in `infra/`, and its variables' values in the root's
/// `.env.example`, which deployers copy to `.env`: with no `.env` committed, the template fills
/// `${PAYMENT_ADDR}`. A committed `.env` wins over the template beside it, and a template away
/// from the compose file (under `docs/`) fills nothing.
#[test]
fn an_env_template_fills_compose_variables_only_where_no_env_does() {
    let compose = "services:\n  payment:\n    build: ../services/payment\n  billing:\n    build: ../services/billing\n  order:\n    build: ../services/order\n    env_file:\n      - ../.env\n    environment:\n      PAYMENT_SERVICE_URL: ${PAYMENT_ADDR}/v1\n";
    let template = "# copy to .env\nPAYMENT_ADDR=http://payment:8083\n";
    let dockerfiles = [("services/payment/Dockerfile", DOCKERFILE), ("services/billing/Dockerfile", DOCKERFILE), ("services/order/Dockerfile", DOCKERFILE)];
    let with_files = |extra: &[(&'static str, &'static str)]| -> Vec<(&'static str, &'static str)> {
        let mut files = vec![("infra/docker-compose.yml", compose)];
        files.extend(dockerfiles);
        files.extend(extra);
        files
    };
    let templated = with_files(&[(".env.example", template)]);
    let committed = with_files(&[(".env.example", template), (".env", "PAYMENT_ADDR=http://billing:8083\n")]);
    let elsewhere = with_files(&[("docs/.env.example", template)]);
    let edges = |files: &[(&str, &str)]| summary(&org(&[("orderflow", files)])).lines().filter(|line| line.contains("-depends_on->")).collect::<Vec<_>>().join("\n");
    insta::assert_snapshot!(format!("templated:\n{}\ncommitted:\n{}\nelsewhere:\n{}", edges(&templated), edges(&committed), edges(&elsewhere)), @r#"
    templated:
    component:order -depends_on-> component:payment
    committed:
    component:order -depends_on-> component:billing
    elsewhere:
    "#);
}

/// Compose gives a service's `environment:` precedence over its `env_file:`: OrderFlow's services
/// take `../.env` (copied from `.env.example`, which points every URL at localhost) and set their
/// callees' URLs in `environment:`. A variable the environment sets is not read from the env
/// file; one it does not set still is (the report service's `ARCHIVE_URL`).
#[test]
fn a_services_environment_wins_over_its_env_file() {
    let compose = "services:\n  cart:\n    build: ../services/cart\n  legacy-cart:\n    build: ../services/legacy-cart\n  order:\n    build: ../services/order\n    env_file: ../.env\n    environment:\n      CART_SERVICE_URL: http://cart:7070\n  report:\n    build: ../services/report\n    env_file: ../.env\n";
    let client = |variable: &str| format!("const base = process.env.{variable};\n\nexport async function cart(id) {{\n  return fetch(`${{base}}/carts/${{id}}`);\n}}\n");
    let (order_client, report_client) = (client("CART_SERVICE_URL"), client("ARCHIVE_URL"));
    let resolved = org(&[(
        "orderflow",
        &[
            ("infra/docker-compose.yml", compose),
            (".env.example", "CART_SERVICE_URL=http://legacy-cart:7070\nARCHIVE_URL=http://legacy-cart:7070\n"),
            ("services/cart/Dockerfile", DOCKERFILE),
            ("services/legacy-cart/Dockerfile", DOCKERFILE),
            ("services/order/Dockerfile", DOCKERFILE),
            ("services/order/src/index.js", &order_client),
            ("services/report/Dockerfile", DOCKERFILE),
            ("services/report/src/index.js", &report_client),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:cart repo="orderflow" root="services/cart"
    component:legacy-cart repo="orderflow" root="services/legacy-cart"
    component:order repo="orderflow" root="services/order"
    component:report repo="orderflow" root="services/report"
    component:order -depends_on-> component:cart
    component:report -depends_on-> component:legacy-cart
    "#);
}

/// OrderFlow's inventory service maps `inventory.seed.catalog-url: ${CATALOG_SERVICE_URL:}`
/// (Spring's empty default) and takes the `inventory` prefix; compose gives it every service's
/// URL through the `x-java` anchor. The one it reads is a call; those it does not read are not.
#[test]
fn a_spring_services_empty_default_placeholder_reads_its_merged_env_var() {
    let compose = "x-java: &java\n  CART_SERVICE_URL: http://cart:${CART_PORT:?}\n  CATALOG_SERVICE_URL: http://catalog:${CATALOG_PORT:?}\n\nservices:\n  cart:\n    build: ../services/cart\n  catalog:\n    build: ../services/catalog\n  inventory:\n    build: ../services/inventory\n    environment:\n      <<: *java\n      INVENTORY_DB_URL: jdbc:postgresql://postgres:5432/inventory\n";
    let pom = "<project>\n  <artifactId>inventory</artifactId>\n  <dependencies>\n    <dependency>\n      <groupId>org.springframework.boot</groupId>\n      <artifactId>spring-boot-starter-web</artifactId>\n    </dependency>\n  </dependencies>\n</project>\n";
    let config = "spring:\n  application:\n    name: inventory\n  datasource:\n    url: ${INVENTORY_DB_URL}\n\ninventory:\n  seed:\n    enabled: false\n    catalog-url: ${CATALOG_SERVICE_URL:}\n";
    let properties = "package com.orderflow.inventory.config;\n\nimport org.springframework.boot.context.properties.ConfigurationProperties;\n\n@ConfigurationProperties(prefix = \"inventory\")\npublic record InventoryProperties(Seed seed) {\n    public record Seed(boolean enabled, String catalogUrl) {}\n}\n";
    let seed = "package com.orderflow.inventory.seed;\n\nimport org.springframework.web.client.RestClient;\n\npublic class SeedRunner {\n    public void run(InventoryProperties properties) {\n        String catalogUrl = properties.seed().catalogUrl();\n        RestClient.create().get().uri(catalogUrl + \"/products?limit=100\").retrieve();\n    }\n}\n";
    let resolved = org(&[(
        "orderflow",
        &[
            ("infra/docker-compose.services.yml", compose),
            ("services/cart/Dockerfile", DOCKERFILE),
            ("services/catalog/Dockerfile", DOCKERFILE),
            ("services/inventory/Dockerfile", "FROM eclipse-temurin:21\nCOPY target/app.jar /app.jar\nENTRYPOINT [\"java\", \"-jar\", \"/app.jar\"]\n"),
            ("services/inventory/pom.xml", pom),
            ("services/inventory/src/main/resources/application.yml", config),
            ("services/inventory/src/main/java/com/orderflow/inventory/config/InventoryProperties.java", properties),
            ("services/inventory/src/main/java/com/orderflow/inventory/seed/SeedRunner.java", seed),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:cart repo="orderflow" root="services/cart"
    component:catalog repo="orderflow" root="services/catalog"
    component:inventory repo="orderflow" root="services/inventory"
    component:inventory -depends_on-> component:catalog
    "#);
}

/// OrderFlow's `.env.example` names the saga's topics (`KAFKA_TOPIC_PAYMENT_EVENTS=payment-events`)
/// that its services read by env var: with no `.env` committed, the template's value is the
/// variable's. Beside a committed `.env` that sets the variable, the `.env`'s value is.
#[test]
fn an_env_templates_topic_stands_only_where_the_env_does_not_set_it() {
    let producer = "import json\nimport os\n\nfrom kafka import KafkaProducer\n\nproducer = KafkaProducer(bootstrap_servers=\"kafka:9092\")\n\n\ndef paid(payment):\n    producer.send(os.environ[\"KAFKA_TOPIC_PAYMENT_EVENTS\"], json.dumps(payment).encode())\n";
    let consumer = "from kafka import KafkaConsumer\n\nconsumer = KafkaConsumer(\"payment-events\", bootstrap_servers=\"kafka:9092\")\nfor message in consumer:\n    print(message)\n";
    let audit = "from kafka import KafkaConsumer\n\nconsumer = KafkaConsumer(\"payments-v2\", bootstrap_servers=\"kafka:9092\")\nfor message in consumer:\n    print(message)\n";
    let compose = "services:\n  payment:\n    build: ./payment\n  order:\n    build: ./order\n  audit:\n    build: ./audit\n";
    let dockerfile = "FROM python:3.12-slim\nCOPY . /app\nCMD [\"python\", \"/app/main.py\"]\n";
    let files = |env: Option<&'static str>| -> Vec<(&'static str, &'static str)> {
        let mut files = vec![
            ("docker-compose.yml", compose),
            (".env.example", "KAFKA_TOPIC_PAYMENT_EVENTS=payment-events\n"),
            ("payment/Dockerfile", dockerfile),
            ("payment/main.py", producer),
            ("order/Dockerfile", dockerfile),
            ("order/main.py", consumer),
            ("audit/Dockerfile", dockerfile),
            ("audit/main.py", audit),
        ];
        files.extend(env.map(|env| (".env", env)));
        files
    };
    let templated = channel_edges(&org(&[("orderflow", &files(None))]));
    let committed = channel_edges(&org(&[("orderflow", &files(Some("KAFKA_TOPIC_PAYMENT_EVENTS=payments-v2\n")))]));
    insta::assert_snapshot!(format!("templated:\n{templated}\ncommitted:\n{committed}"), @r#"
    templated:
    component:audit -subscribes-> channel:payments-v2
    component:order -subscribes-> channel:payment-events
    component:payment -publishes-> channel:payment-events
    committed:
    component:audit -subscribes-> channel:payments-v2
    component:order -subscribes-> channel:payment-events
    component:payment -publishes-> channel:payments-v2
    "#);
}
