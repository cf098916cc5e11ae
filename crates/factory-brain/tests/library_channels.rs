//! Topics of a library module's classes (minh0206's event-driven food delivery): the Spring Boot
//! services build with a `shared-module` Maven module that no deployment runs, whose publishers
//! each declare `public static final String TOPIC` and send to it; a service publishes through
//! the publisher it is given, and listens with `@KafkaListener(topics = SomePublisher.TOPIC)`.

mod support;

use support::{channel_edges, module, org, summary};

/// A Maven module's `pom.xml` depending on the shared module, or not.
fn pom(name: &str, shared: bool) -> String {
    let dependency = if shared { "  <dependencies>\n    <dependency><groupId>com.food</groupId><artifactId>shared-module</artifactId></dependency>\n  </dependencies>\n" } else { "" };
    format!("<project>\n  <artifactId>{name}</artifactId>\n{dependency}</project>\n")
}

/// A shared publisher of `topic`, as the food delivery's `shared-module` holds them.
fn publisher(class: &str, topic: &str) -> String {
    format!("package com.food.shared.publisher;\n\nimport org.springframework.kafka.core.KafkaTemplate;\nimport org.springframework.stereotype.Service;\n\n@Service\npublic class {class} {{\n    public static final String TOPIC = \"{topic}\";\n    private final KafkaTemplate<String, Object> kafkaTemplate;\n\n    public {class}(KafkaTemplate<String, Object> kafkaTemplate) {{ this.kafkaTemplate = kafkaTemplate; }}\n\n    public void publish(Object event) {{\n        kafkaTemplate.send(TOPIC, event);\n    }}\n}}\n")
}

/// A service's class given a shared publisher (`uses`), or only importing it.
fn service(package: &str, class: &str, uses: bool) -> String {
    let body = if uses {
        format!("    private final {class} publisher;\n\n    public void place(Object order) {{\n        publisher.publish(order);\n    }}\n")
    } else {
        "    public void place(Object order) {}\n".to_string()
    };
    format!("package com.food.{package};\n\nimport com.food.shared.publisher.{class};\nimport lombok.AllArgsConstructor;\n\n@AllArgsConstructor\npublic class Service {{\n{body}}}\n")
}

/// The restaurant service's listener, naming its topics by the shared publishers' constants
/// (one of a class the repo does not hold).
const LISTENER: &str = "package com.food.restaurant;\n\nimport org.springframework.kafka.annotation.KafkaListener;\nimport com.food.shared.publisher.OrderPlacedEventPublisher;\nimport com.food.shared.publisher.OrderDeliveredEventPublisher;\nimport com.food.shared.publisher.OrderShippedEventPublisher;\n\npublic class OrderEventListener {\n    @KafkaListener(topics = OrderPlacedEventPublisher.TOPIC, groupId = \"restaurant\")\n    public void placed(Object event) {}\n\n    @KafkaListener(topics = OrderDeliveredEventPublisher.TOPIC, groupId = \"restaurant\")\n    public void delivered(Object event) {}\n\n    @KafkaListener(topics = OrderShippedEventPublisher.TOPIC, groupId = \"restaurant\")\n    public void shipped(Object event) {}\n}\n";

/// The order service is given the shared order-placed publisher and the delivery service the
/// order-delivered one: each publishes that topic, which the restaurant service subscribes to
/// by the publishers' `TOPIC` constants. The billing service imports the order-placed
/// publisher but is given none, the audit service (whose build lacks the shared module) keeps a
/// stale field of it, and no `OrderShippedEventPublisher` is in the repo: none of these
/// publishes or subscribes. Nor does a service through the shared `AuditSender`, which sends
/// whatever topic its callers pass: which caller passed which is not kept.
#[test]
fn a_shared_modules_publisher_publishes_for_the_services_given_it() {
    let compose = "services:\n  order-service:\n    build: ./order-service\n  delivery-service:\n    build: ./delivery-service\n  restaurant-service:\n    build: ./restaurant-service\n  billing-service:\n    build: ./billing-service\n  audit-service:\n    build: ./audit-service\n";
    let shared = "shared-module/src/main/java/com/food/shared/publisher";
    let mut owned: Vec<(String, String)> = vec![
        ("docker-compose.yml".into(), compose.into()),
        ("pom.xml".into(), "<project>\n  <artifactId>food</artifactId>\n  <modules><module>shared-module</module></modules>\n</project>\n".into()),
        ("shared-module/pom.xml".into(), module("shared-module")),
        (format!("{shared}/OrderPlacedEventPublisher.java"), publisher("OrderPlacedEventPublisher", "order_placed")),
        (format!("{shared}/OrderDeliveredEventPublisher.java"), publisher("OrderDeliveredEventPublisher", "order_delivered")),
        ("restaurant-service/src/main/java/com/food/restaurant/OrderEventListener.java".into(), LISTENER.into()),
    ];
    for (name, builds_with_shared) in [("order-service", true), ("delivery-service", true), ("restaurant-service", true), ("billing-service", true), ("audit-service", false)] {
        owned.push((format!("{name}/pom.xml"), pom(name, builds_with_shared)));
        owned.push((format!("{name}/Dockerfile"), "FROM eclipse-temurin:21\nCOPY target/app.jar /app.jar\n".into()));
    }
    for (package, class, uses) in [("order", "OrderPlacedEventPublisher", true), ("delivery", "OrderDeliveredEventPublisher", true), ("billing", "OrderPlacedEventPublisher", false), ("audit", "OrderPlacedEventPublisher", true)] {
        owned.push((format!("{package}-service/src/main/java/com/food/{package}/Service.java"), service(package, class, uses)));
    }
    // A shared sender of whatever topic its callers pass: each passes its own.
    owned.push((format!("{shared}/AuditSender.java"), "package com.food.shared.publisher;\n\nimport org.springframework.kafka.core.KafkaTemplate;\n\npublic class AuditSender {\n    private final KafkaTemplate<String, Object> kafkaTemplate;\n\n    public void record(String topic, Object event) {\n        kafkaTemplate.send(topic, event);\n    }\n}\n".into()));
    for (package, topic) in [("order", "order_audit"), ("delivery", "delivery_audit")] {
        let auditor = format!("package com.food.{package};\n\nimport com.food.shared.publisher.AuditSender;\n\npublic class Auditor {{\n    private final AuditSender sender;\n\n    public void audit(Object event) {{\n        sender.record(\"{topic}\", event);\n    }}\n}}\n");
        owned.push((format!("{package}-service/src/main/java/com/food/{package}/Auditor.java"), auditor));
    }
    let files: Vec<(&str, &str)> = owned.iter().map(|(path, text)| (path.as_str(), text.as_str())).collect();
    let resolved = org(&[("food", &files)]);
    insta::assert_snapshot!(format!("{}\n{}", summary(&resolved), channel_edges(&resolved)), @r#"
    component:audit-service repo="food" root="audit-service"
    component:billing-service repo="food" root="billing-service"
    component:delivery-service repo="food" root="delivery-service"
    component:order-service repo="food" root="order-service"
    component:restaurant-service repo="food" root="restaurant-service"
    component:delivery-service -depends_on-> component:restaurant-service
    component:order-service -depends_on-> component:restaurant-service
    component:delivery-service -publishes-> channel:order_delivered
    component:order-service -publishes-> channel:order_placed
    component:restaurant-service -subscribes-> channel:order_delivered
    component:restaurant-service -subscribes-> channel:order_placed
    "#);
}

/// The restaurant service's listener alone, its publishers' module in the repo: it subscribes
/// by their constants, though no service publishes through them; not to the topic of the
/// publisher the repo lacks (every publisher's own `TOPIC` differs).
#[test]
fn a_listener_names_its_topics_by_another_modules_class_constants() {
    let shared = "shared-module/src/main/java/com/food/shared/publisher";
    let (placed, delivered) = (publisher("OrderPlacedEventPublisher", "order_placed"), publisher("OrderDeliveredEventPublisher", "order_delivered"));
    let (placed_path, delivered_path) = (format!("{shared}/OrderPlacedEventPublisher.java"), format!("{shared}/OrderDeliveredEventPublisher.java"));
    let restaurant = module("restaurant-service");
    let files: Vec<(&str, &str)> = vec![
        ("docker-compose.yml", "services:\n  restaurant-service:\n    build: ./restaurant-service\n"),
        ("restaurant-service/Dockerfile", "FROM eclipse-temurin:21\nCOPY target/app.jar /app.jar\n"),
        ("restaurant-service/pom.xml", &restaurant),
        ("restaurant-service/src/main/java/com/food/restaurant/OrderEventListener.java", LISTENER),
        (&placed_path, &placed),
        (&delivered_path, &delivered),
    ];
    let resolved = org(&[("food", &files)]);
    insta::assert_snapshot!(channel_edges(&resolved), @"
    component:restaurant-service -subscribes-> channel:order_delivered
    component:restaurant-service -subscribes-> channel:order_placed
    ");
}
