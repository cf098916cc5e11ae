//! How services are told apart and where their code is, continued: shapes the second round
//! of unseen systems showed (issue #3's reports of 2026-12-06: Lakeside Mutual's deploy repo,
//! dapr-traffic-control, YAS's nginx gateway, microservice-kafka), and the review of the rules
//! they led to.

mod support;

use support::{org, summary};

/// Lakeside Mutual as a multi-repo org (its report): a `deploy` repo's compose builds
/// `./customer-core`, a folder that repo does not hold; the service's own repo is checked out
/// beside it under that name. The component lives in that repo, so what its code calls counts.
#[test]
fn a_build_context_the_compose_repo_lacks_is_the_repo_named_like_it() {
    let compose = "services:\n  customer-core:\n    build: ./customer-core\n    ports:\n      - \"8110:8110\"\n  policy-management-backend:\n    build:\n      context: ./policy-management-backend\n  gateway:\n    build: ./gateway\n";
    let resolved = org(&[
        ("deploy", &[("docker-compose.yml", compose), ("gateway/Dockerfile", "FROM nginx:1.25\nCOPY nginx.conf /etc/nginx/\n")]),
        ("customer-core", &[("Dockerfile", "FROM eclipse-temurin:17\nCOPY target/app.jar app.jar\n"), ("src/main/java/core/App.java", "class App {}\n")]),
        (
            "policy-management-backend",
            &[
                ("Dockerfile", "FROM eclipse-temurin:17\nCOPY target/app.jar app.jar\n"),
                ("src/main/resources/application.properties", "customercore.baseURL=http://customer-core:8110\n"),
            ],
        ),
    ]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:customer-core repo="customer-core" root=""
    component:gateway repo="deploy" root="gateway"
    component:policy-management-backend repo="policy-management-backend" root=""
    component:policy-management-backend -depends_on-> component:customer-core
    "#);
}

/// Lakeside Mutual's queues: each side names the queue by a setting of its own config, the
/// producer in a field Spring fills, the consumer in its listener's annotation.
#[test]
fn queues_named_by_each_sides_settings_join_publisher_and_subscriber() {
    let compose = "services:\n  policy-management-backend:\n    build: ../policy-management-backend\n  customer-self-service-backend:\n    build: ../customer-self-service-backend\n";
    let producer = "package policy;\nimport org.springframework.jms.core.JmsTemplate;\nclass CustomerSelfServiceMessageProducer {\n    @Value(\"${policycreated.queueName}\")\n    private String queueName;\n    void send(PolicyCreatedEvent event) { jmsTemplate.convertAndSend(queueName, event); }\n}\n";
    let consumer = "package selfservice;\nimport org.springframework.jms.annotation.JmsListener;\nclass PolicyCreatedMessageConsumer {\n    @JmsListener(destination = \"${policyCreatedEvent.queueName}\")\n    public void receive(PolicyCreatedEvent event) {}\n}\n";
    let resolved = org(&[
        ("deploy", &[("docker-compose.yml", compose)]),
        (
            "policy-management-backend",
            &[
                ("Dockerfile", "FROM eclipse-temurin:17\nCOPY target/app.jar app.jar\n"),
                ("src/main/resources/application.properties", "policycreated.queueName=policy-created\n"),
                ("src/main/java/policy/CustomerSelfServiceMessageProducer.java", producer),
            ],
        ),
        (
            "customer-self-service-backend",
            &[
                ("Dockerfile", "FROM eclipse-temurin:17\nCOPY target/app.jar app.jar\n"),
                ("src/main/resources/application.properties", "policyCreatedEvent.queueName=policy-created\n"),
                ("src/main/java/selfservice/PolicyCreatedMessageConsumer.java", consumer),
            ],
        ),
    ]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:customer-self-service-backend repo="customer-self-service-backend" root=""
    component:policy-management-backend repo="policy-management-backend" root=""
    component:policy-management-backend -depends_on-> component:customer-self-service-backend
    "#);
}

/// dapr-traffic-control: the simulation publishes camera events over MQTT, and only a Dapr
/// input binding scoped to the traffic control service says who receives them.
#[test]
fn a_dapr_input_binding_subscribes_its_scoped_app() {
    let compose = "services:\n  trafficcontrolservice:\n    build: ./TrafficControlService\n  simulation:\n    build: ./Simulation\n  mosquitto:\n    image: eclipse-mosquitto:2\n";
    let binding = "apiVersion: dapr.io/v1alpha1\nkind: Component\nmetadata:\n  name: entrycam\nspec:\n  type: bindings.mqtt\n  metadata:\n  - name: url\n    value: mqtt://mosquitto:1883\n  - name: topic\n    value: trafficcontrol/entrycam\nscopes:\n  - trafficcontrolservice\n";
    let proxy = "using MQTTnet;\nvar message = new MqttApplicationMessageBuilder()\n    .WithTopic(\"trafficcontrol/entrycam\")\n    .Build();\nawait _client.PublishAsync(message, CancellationToken.None);\n";
    let resolved = org(&[(
        "dapr-traffic-control",
        &[
            ("docker-compose.yml", compose),
            ("dapr/components/entrycam.yaml", binding),
            ("TrafficControlService/Dockerfile", "FROM mcr.microsoft.com/dotnet/aspnet:8.0\nCOPY out/ /app\n"),
            ("Simulation/Dockerfile", "FROM mcr.microsoft.com/dotnet/runtime:8.0\nCOPY out/ /app\n"),
            ("Simulation/Proxies/MqttTrafficControlService.cs", proxy),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:simulation repo="dapr-traffic-control" root="Simulation"
    component:trafficcontrolservice repo="dapr-traffic-control" root="TrafficControlService"
    resource:mosquitto repo=- root=-
    component:simulation -depends_on-> component:trafficcontrolservice
    "#);
    let depends_on_mosquitto = resolved.edges.iter().any(|edge| edge.from == "component:trafficcontrolservice" && edge.kind == "depends_on" && edge.to == "resource:mosquitto");
    assert!(depends_on_mosquitto, "the binding's broker is the scoped app's dependency");
}

/// YAS: the gateway is a stock nginx image whose config templates are mounted from the repo;
/// their `proxy_pass` lines are its calls.
#[test]
fn a_stock_proxy_with_its_config_mounted_is_the_gateway_it_configures() {
    // The org's own images come from its namespace: a stock image elsewhere is foreign,
    // unless it runs the repo's own config.
    let compose = "services:\n  nginx:\n    image: nginx:1.25.3\n    volumes:\n      - ./nginx/templates:/etc/nginx/templates\n    ports:\n      - \"80:80\"\n  product:\n    build: ./product\n    image: ghcr.io/acme/yas-product:latest\n  cart:\n    build: ./cart\n    image: ghcr.io/acme/yas-cart:latest\n  identity:\n    image: quay.io/keycloak/keycloak:21.0.2\n";
    let template = "server {\n  server_name api.yas.local;\n  location /product/ {\n    proxy_pass http://product;\n  }\n  location /cart/ {\n    proxy_pass http://cart;\n  }\n}\n";
    let resolved = org(&[(
        "yas",
        &[
            ("docker-compose.yml", compose),
            ("nginx/templates/default.conf.template", template),
            ("product/Dockerfile", "FROM eclipse-temurin:21\nCOPY target/app.jar app.jar\n"),
            ("cart/Dockerfile", "FROM eclipse-temurin:21\nCOPY target/app.jar app.jar\n"),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:cart repo="yas" root="cart"
    component:nginx repo="yas" root="nginx/templates"
    component:product repo="yas" root="product"
    resource:identity repo=- root=-
    component:nginx -depends_on-> component:cart
    component:nginx -depends_on-> component:product
    "#);
}

/// The review of the two rules above: a stock image that is no proxy keeps mounted config as
/// config (Keycloak's realm naming the storefront), and a build context deeper in the deploy
/// repo (`./mocks/payment`) is the deploy repo's own folder, whatever a registered repo is called.
#[test]
fn only_a_proxy_owns_mounted_config_and_only_a_folder_beside_compose_is_another_repo() {
    let compose = "services:\n  identity:\n    image: quay.io/keycloak/keycloak:21.0.2\n    volumes:\n      - ./identity/realm-export.json:/opt/keycloak/data/import/realm.json\n  storefront:\n    build: ./storefront\n    image: ghcr.io/acme/storefront:latest\n  payment-stub:\n    build: ./mocks/payment\n";
    let realm = "{\"clients\": [{\"rootUrl\": \"http://storefront\", \"adminUrl\": \"http://storefront:8080\"}]}\n";
    let resolved = org(&[
        (
            "deploy",
            &[
                ("docker-compose.yml", compose),
                ("identity/realm-export.json", realm),
                ("storefront/Dockerfile", "FROM node:20\nCOPY . .\n"),
                ("mocks/payment/Dockerfile", "FROM wiremock/wiremock:3\nCOPY mappings /home/wiremock/mappings\n"),
            ],
        ),
        ("payment", &[("Dockerfile", "FROM golang:1.22\nCOPY . .\n"), ("main.go", "package main\n\nconst ledger = \"http://ledger:8080\"\n")]),
    ]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:payment repo="payment" root=""
    component:payment-stub repo="deploy" root="mocks/payment"
    component:storefront repo="deploy" root="storefront"
    resource:identity repo=- root=-
    "#);
}

/// mkafka's report: impact on a publisher missed its subscribers, and listed the publisher
/// for a change to a subscriber. Its review: a channel's impact must not reach the
/// subscribers of the publisher's other channels.
#[test]
fn impact_follows_messages_from_publisher_to_subscribers() {
    let publisher = "from kafka import KafkaProducer\nproducer.send('orders.created', order)\nproducer.send('audit.log', entry)\n";
    let shipping = "from kafka import KafkaConsumer\nconsumer = KafkaConsumer('orders.created')\n";
    let audit = "from kafka import KafkaConsumer\nconsumer = KafkaConsumer('audit.log')\n";
    let dockerfile = "FROM python:3.12\nCOPY . .\n";
    let resolved = org(&[
        ("orders", &[("Dockerfile", dockerfile), ("app.py", publisher)]),
        ("shipping", &[("Dockerfile", dockerfile), ("app.py", shipping)]),
        ("audit", &[("Dockerfile", dockerfile), ("app.py", audit)]),
    ]);
    let graph = support::as_graph(&resolved);
    let affected = |target: &str| -> Vec<String> {
        factory_brain::query::impact(&graph, &[target.to_string()]).affected.iter().map(|reached| reached.node_ref.clone()).filter(|node| node.starts_with("component:")).collect()
    };
    assert_eq!(affected("component:orders"), ["component:audit", "component:shipping"]);
    assert!(affected("component:shipping").is_empty(), "{:?}", affected("component:shipping"));
    assert_eq!(affected("channel:orders.created"), ["component:orders", "component:shipping"]);
}

/// microservice-kafka: each service's module folder is named after the parent
/// (`microservice-kafka/microservice-kafka-order/`) and builds its own image, so none of them
/// is a module of one `microservice-kafka` service (bookinfo's lone `reviews/reviews-wlpcfg/`
/// still is).
#[test]
fn sibling_modules_each_building_an_image_are_services_of_their_own() {
    let dockerfile = "FROM eclipse-temurin:17\nCOPY target/app.jar app.jar\n";
    let compose = "services:\n  order:\n    build: ../microservice-kafka/microservice-kafka-order\n  shipping:\n    build: ../microservice-kafka/microservice-kafka-shipping\n";
    let resolved = org(&[(
        "mskafka",
        &[
            ("docker/docker-compose.yml", compose),
            ("microservice-kafka/microservice-kafka-order/Dockerfile", dockerfile),
            ("microservice-kafka/microservice-kafka-shipping/Dockerfile", dockerfile),
            ("reviews/reviews-wlpcfg/Dockerfile", dockerfile),
            ("reviews/reviews-application/src/main/java/Reviews.java", "class Reviews {}\n"),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:order repo="mskafka" root="microservice-kafka/microservice-kafka-order"
    component:reviews repo="mskafka" root="reviews"
    component:shipping repo="mskafka" root="microservice-kafka/microservice-kafka-shipping"
    "#);
}
