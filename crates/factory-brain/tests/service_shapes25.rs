//! ecmsp-project's Spring Boot services, one repo each: gRPC clients injected by
//! grpc-spring-boot-starter's `@GrpcClient("cart-service")` whose contracts live in no repo of the
//! org, and Kafka topics named by settings only another repo gives.

mod support;

use support::{borrowed, module, org, summary};

/// A Spring Boot service's repo: its POM, its application's name, and `files` below its source
/// root.
fn service(name: &str, settings: &str, files: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut all = vec![
        ("pom.xml".to_string(), module(name)),
        ("Dockerfile".to_string(), "FROM eclipse-temurin:21-jre\nCOPY target/app.jar app.jar\nENTRYPOINT [\"java\", \"-jar\", \"app.jar\"]\n".to_string()),
        ("src/main/resources/application.properties".to_string(), format!("spring.application.name={name}\n{settings}")),
    ];
    all.extend(files.iter().map(|(path, text)| (format!("src/main/java/com/ecmsp/{path}"), text.to_string())));
    all
}

/// The gateway injects `@GrpcClient("cart-service") CartServiceGrpc.CartServiceBlockingStub`:
/// the client's name is the cart service's, whose `.proto` no repo holds. A client named
/// `greeter`, no service's name, calls no one.
#[test]
fn a_grpc_clients_name_is_the_service_it_calls() {
    let client = "package com.ecmsp.gateway.cart;\n\n@Component\npublic class CartGrpcClient {\n    @GrpcClient(\"cart-service\")\n    private CartServiceGrpc.CartServiceBlockingStub cartServiceBlockingStub;\n\n    @GrpcClient(\"greeter\")\n    private GreeterGrpc.GreeterBlockingStub greeter;\n}\n";
    let gateway = service("gateway-service", "grpc.client.cart-service.address=static://localhost:7300\n", &[("gateway/cart/CartGrpcClient.java", client)]);
    let cart = service("cart-service", "", &[("cart/CartApplication.java", "package com.ecmsp.cart;\n\n@SpringBootApplication\npublic class CartApplication {}\n")]);
    let resolved = org(&[("gateway-service", &borrowed(&gateway)), ("cart-service", &borrowed(&cart))]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:cart-service repo="cart-service" root=""
    component:gateway-service repo="gateway-service" root=""
    component:gateway-service -depends_on-> component:cart-service
    "#);
}

/// The order service sends to `${kafka.topic.order-created}`, a key only the payment service's
/// properties give (`kafka.topic.order-created=order-created`): the one value the org gives it.
/// A key two repos give different values names nothing in a third that does not give it.
#[test]
fn a_topic_setting_only_another_repo_gives_is_that_repos_value() {
    let producer = "package com.ecmsp.order;\n\n@Component\npublic class OrderEvents {\n    @Value(\"${kafka.topic.order-created}\")\n    private String orderCreatedTopic;\n    @Value(\"${kafka.topic.audit}\")\n    private String auditTopic;\n\n    public void created(Order order) {\n        kafkaTemplate.send(orderCreatedTopic, order);\n        kafkaTemplate.send(auditTopic, order);\n    }\n}\n";
    let consumer = "package com.ecmsp.payment;\n\n@Component\npublic class OrderListener {\n    @KafkaListener(topics = \"${kafka.topic.order-created}\")\n    public void on(String event) {}\n}\n";
    let audit = "package com.ecmsp.stats;\n\n@Component\npublic class AuditListener {\n    @KafkaListener(topics = \"${kafka.topic.audit}\")\n    public void on(String event) {}\n}\n";
    let order = service("order-service", "", &[("order/OrderEvents.java", producer)]);
    let payment = service("payment-service", "kafka.topic.order-created=order-created\nkafka.topic.audit=audit-events\n", &[("payment/OrderListener.java", consumer)]);
    let statistics = service("statistics-service", "kafka.topic.audit=audit-log\n", &[("stats/AuditListener.java", audit)]);
    let resolved = org(&[("order-service", &borrowed(&order)), ("payment-service", &borrowed(&payment)), ("statistics-service", &borrowed(&statistics))]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:order-service repo="order-service" root=""
    component:payment-service repo="payment-service" root=""
    component:statistics-service repo="statistics-service" root=""
    component:order-service -depends_on-> component:payment-service
    "#);
}
