//! Spring Cloud Stream: services that exchange messages through bindings, whose destinations
//! only config names, and config files a deployment hands its services from elsewhere in the repo.

mod support;

use support::{org, summary};

const DOCKERFILE: &str = "FROM eclipse-temurin:21\nCOPY build/libs/*.jar app.jar\n";
const POM: &str = "<project><artifactId>svc</artifactId></project>\n";

/// Polar Bookshop (Cloud Native Spring in Action): order-service sends an order through
/// `streamBridge.send("acceptOrder-out-0", ..)` and reads dispatches through the function
/// `dispatchOrder`; dispatcher-service's composed function `pack|label` reads `packlabel-in-0`
/// and sends `packlabel-out-0`. Only `application.yml` names each binding's destination. A
/// binding sent through with no config goes to the destination of its own name
/// (`notifications`). A binding whose way neither its name nor its settings tell (`audit`)
/// and that no code names is no one's channel.
#[test]
fn bindings_join_the_services_their_destinations_connect() {
    let order_config = "spring:\n  application:\n    name: order-service\n  cloud:\n    function:\n      definition: dispatchOrder\n    stream:\n      bindings:\n        dispatchOrder-in-0:\n          destination: order-dispatched\n          group: ${spring.application.name}\n        acceptOrder-out-0:\n          destination: order-accepted\n        audit:\n          destination: audit\n      rabbit:\n        bindings:\n          acceptOrder-out-0:\n            producer:\n              transacted: true\n";
    let order_code = "package com.polarbookshop.orderservice.order.domain;\nimport org.springframework.cloud.stream.function.StreamBridge;\n@Service\npublic class OrderService {\n  private final StreamBridge streamBridge;\n  private void publishOrderAcceptedEvent(Order order) {\n    var orderAcceptedMessage = new OrderAcceptedMessage(order.id());\n    var result = streamBridge.send(\"acceptOrder-out-0\", orderAcceptedMessage);\n    streamBridge.send(\"notifications\", orderAcceptedMessage);\n  }\n}\n";
    let dispatcher_config = "spring:\n  application:\n    name: dispatcher-service\n  cloud:\n    function:\n      definition: pack|label\n    stream:\n      bindings:\n        packlabel-in-0:\n          destination: order-accepted\n          group: ${spring.application.name}\n        packlabel-out-0:\n          destination: order-dispatched\n";
    let notifier_config = "spring.cloud.stream.bindings.notify-in-0.destination=notifications\nspring.cloud.stream.bindings.audit-in-0.destination=audit\n";
    let resolved = org(&[
        ("order-service", &[("Dockerfile", DOCKERFILE), ("pom.xml", POM), ("src/main/resources/application.yml", order_config), ("src/main/java/com/polarbookshop/orderservice/order/domain/OrderService.java", order_code)]),
        ("dispatcher-service", &[("Dockerfile", DOCKERFILE), ("pom.xml", POM), ("src/main/resources/application.yml", dispatcher_config)]),
        ("notification-service", &[("Dockerfile", DOCKERFILE), ("pom.xml", POM), ("src/main/resources/application.properties", notifier_config)]),
    ]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:dispatcher-service repo="dispatcher-service" root=""
    component:notification-service repo="notification-service" root=""
    component:order-service repo="order-service" root=""
    component:dispatcher-service -depends_on-> component:order-service
    component:order-service -depends_on-> component:dispatcher-service
    component:order-service -depends_on-> component:notification-service
    "#);
}

/// Microservices with Spring Boot and Spring Cloud (Magnus Larsson): every service's config sits
/// in one `config-repo/` folder, which compose mounts (`$PWD/config-repo:/config-repo`) and hands
/// each service by `SPRING_CONFIG_LOCATION=file:/config-repo/application.yml,file:/config-repo/product.yml`.
/// `product-composite.yml` binds `products-out-0` to `products`, which `product.yml`'s
/// `messageProcessor-in-0` reads. `review.yml`, which no service is handed, configures no one:
/// its subscription to `products` joins nothing. The composite's token issuer is
/// `http://${app.auth-server}`, which the shared `application.yml` fills with `localhost`, and
/// under the docker profile with `auth-server`: the composite calls the auth server. A
/// placeholder nothing fills (`${app.audit-host}`) names no one.
#[test]
fn a_config_file_a_deployment_hands_a_service_is_that_services() {
    let compose = "services:\n  auth-server:\n    build: spring-cloud/authorization-server\n  product:\n    build: microservices/product-service\n    environment:\n      - SPRING_PROFILES_ACTIVE=docker\n      - SPRING_CONFIG_LOCATION=file:/config-repo/application.yml,file:/config-repo/product.yml\n    volumes:\n      - $PWD/config-repo:/config-repo\n  review:\n    build: microservices/review-service\n    environment:\n      - SPRING_CONFIG_LOCATION=file:/config-repo/application.yml\n    volumes:\n      - $PWD/config-repo:/config-repo\n  product-composite:\n    build: microservices/product-composite-service\n    environment:\n      - SPRING_CONFIG_LOCATION=file:/config-repo/application.yml,file:/config-repo/product-composite.yml\n    volumes:\n      - $PWD/config-repo:/config-repo\n";
    let composite = "server.port: 7000\nspring.security.oauth2.resourceserver.jwt.issuer-uri: http://${app.auth-server}\naudit.url: http://${app.audit-host}/events\nspring.cloud.stream:\n  defaultBinder: rabbit\n  bindings:\n    products-out-0:\n      destination: products\n      producer:\n        required-groups: auditGroup\n";
    let product = "server.port: 7001\nspring.cloud.function.definition: messageProcessor\nspring.cloud.stream:\n  bindings.messageProcessor-in-0:\n    destination: products\n    group: productsGroup\n";
    let review = "spring.cloud.stream:\n  bindings.messageProcessor-in-0:\n    destination: products\n    group: reviewsGroup\n";
    let java = "package se.magnus;\npublic class App {}\n";
    let resolved = org(&[(
        "larsson",
        &[
            ("docker-compose.yml", compose),
            ("config-repo/application.yml", "app:\n  auth-server: localhost\n---\nspring.config.activate.on-profile: docker\napp:\n  auth-server: auth-server\n"),
            ("spring-cloud/authorization-server/Dockerfile", DOCKERFILE),
            ("spring-cloud/authorization-server/src/main/java/se/magnus/App.java", java),
            ("config-repo/product-composite.yml", composite),
            ("config-repo/product.yml", product),
            ("config-repo/review.yml", review),
            ("microservices/product-service/Dockerfile", DOCKERFILE),
            ("microservices/product-service/src/main/java/se/magnus/App.java", java),
            ("microservices/review-service/Dockerfile", DOCKERFILE),
            ("microservices/review-service/src/main/java/se/magnus/App.java", java),
            ("microservices/product-composite-service/Dockerfile", DOCKERFILE),
            ("microservices/product-composite-service/src/main/java/se/magnus/App.java", java),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:auth-server repo="larsson" root="spring-cloud/authorization-server"
    component:product repo="larsson" root="microservices/product-service"
    component:product-composite repo="larsson" root="microservices/product-composite-service"
    component:review repo="larsson" root="microservices/review-service"
    component:product-composite -depends_on-> component:auth-server
    component:product-composite -depends_on-> component:product
    "#);
}
