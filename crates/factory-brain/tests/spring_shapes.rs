//! Spring Boot systems run from the IDE: alibou's e-commerce course (microservices-full-code)
//! deploys none of its modules, names its Feign clients across lines, and sends Kafka messages
//! with their topic in a header.

mod support;

use support::{module, org, summary};

fn application(name: &str) -> String {
    format!("spring:\n  application:\n    name: {name}\n  config:\n    import: optional:configserver:http://localhost:8888\n")
}

/// The compose file runs only Postgres and Kafka; each of `services/*` names its application.
/// The order service's Feign client spans lines (`@FeignClient(\n name = "customer-service",
/// url = "${application.config.customer-url}")`), a second one sends to a literal URL of its
/// own (Feign then ignores the name), and its producer sets the topic in a header that the
/// notification service listens to; a trace header names no topic.
#[test]
fn modules_of_a_repo_deploying_none_are_services_when_two_name_applications() {
    let compose = "services:\n  postgres:\n    image: postgres:16\n  kafka:\n    image: confluentinc/cp-kafka:7.6.0\n";
    let customer_client = "package com.alibou.ecommerce.customer;\n\n@FeignClient(\n        name = \"customer-service\",\n        url = \"${application.config.customer-url}\"\n)\npublic interface CustomerClient {\n    @GetMapping(\"/{customer-id}\")\n    Optional<CustomerResponse> findCustomerById(@PathVariable(\"customer-id\") String customerId);\n}\n";
    let product_client = "package com.alibou.ecommerce.product;\n\n@FeignClient(name = \"product-service\", url = \"http://legacy-catalog:8080\")\npublic interface ProductClient {\n    @PostMapping(\"/purchase\")\n    List<PurchaseResponse> purchase(@RequestBody List<PurchaseRequest> body);\n}\n";
    let producer = "package com.alibou.ecommerce.kafka;\n\nimport static org.springframework.kafka.support.KafkaHeaders.TOPIC;\n\n@Service\npublic class OrderProducer {\n    private final KafkaTemplate<String, OrderConfirmation> kafkaTemplate;\n\n    public void sendOrderConfirmation(OrderConfirmation confirmation) {\n        Message<OrderConfirmation> message = MessageBuilder\n                .withPayload(confirmation)\n                .setHeader(TOPIC, \"order-topic\")\n                .setHeader(\"X-Trace\", \"audit-topic\")\n                .build();\n        kafkaTemplate.send(message);\n    }\n}\n";
    let consumer = "package com.alibou.ecommerce.kafka;\n\n@Service\npublic class NotificationsConsumer {\n    @KafkaListener(topics = \"order-topic\")\n    public void consume(OrderConfirmation confirmation) {}\n\n    @KafkaListener(topics = \"audit-topic\")\n    public void audit(String line) {}\n}\n";
    let names = ["customer", "product", "order", "notification"];
    let poms: Vec<(String, String)> = names.iter().map(|name| (format!("services/{name}/pom.xml"), module(name))).collect();
    let configs: Vec<(String, String)> = names.iter().map(|name| (format!("services/{name}/src/main/resources/application.yml"), application(&format!("{name}-service")))).collect();
    let mut files: Vec<(&str, &str)> = vec![
        ("docker-compose.yml", compose),
        ("services/order/src/main/java/com/alibou/ecommerce/customer/CustomerClient.java", customer_client),
        ("services/order/src/main/java/com/alibou/ecommerce/product/ProductClient.java", product_client),
        ("services/order/src/main/java/com/alibou/ecommerce/kafka/OrderProducer.java", producer),
        ("services/notification/src/main/java/com/alibou/ecommerce/kafka/NotificationsConsumer.java", consumer),
    ];
    files.extend(poms.iter().chain(&configs).map(|(path, text)| (path.as_str(), text.as_str())));
    let resolved = org(&[("ecommerce", &files)]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:customer-service repo="ecommerce" root="services/customer"
    component:notification-service repo="ecommerce" root="services/notification"
    component:order-service repo="ecommerce" root="services/order"
    component:product-service repo="ecommerce" root="services/product"
    resource:kafka repo=- root=-
    resource:postgres repo=- root=-
    component:order-service -depends_on-> component:customer-service
    component:order-service -depends_on-> component:notification-service
    "#);
}

/// A repo deploying nothing whose one module names its application is that one service, the
/// repo's, as before: no sibling names another.
#[test]
fn a_lone_module_naming_its_application_stays_the_repos_service() {
    let (pom, config) = (module("orders"), application("orders-service"));
    let resolved = org(&[("orders", &[("service/pom.xml", pom.as_str()), ("service/src/main/resources/application.yml", config.as_str()), ("service/src/main/java/acme/Orders.java", "package acme;\n\n@SpringBootApplication\npublic class Orders {}\n"), ("docs/pom.xml", "<project><artifactId>docs</artifactId></project>\n")])]);
    insta::assert_snapshot!(summary(&resolved), @r#"component:orders repo="orders" root="""#);
}

/// alibou's services run on the developer's machine and call one another through the gateway at
/// `http://localhost:8222/api/v1/payments`: 8222 is the `server.port` the config server's
/// `configurations/gateway-service.yml` gives the gateway, whose Spring Cloud Gateway route
/// sends `Path=/api/v1/payments/**` to the payment service. A path no route takes stays a call
/// of the gateway; a port no config sets reaches no one.
#[test]
fn calls_through_the_gateways_port_on_the_machine_reach_the_service_its_route_names() {
    let gateway = "server:\n  port: 8222\nspring:\n  cloud:\n    gateway:\n      routes:\n        - id: payment-service\n          uri: lb:http://PAYMENT-SERVICE\n          predicates:\n            - Path=/api/v1/payments/**\n";
    let order = "server:\n  port: 8070\napplication:\n  config:\n    payment-url: http://localhost:8222/api/v1/payments\n    audit-url: http://localhost:8222/api/v1/audit\n    ledger-url: http://localhost:9999/api/v1/ledger\n";
    let server = "server:\n  port: 8888\nspring:\n  profiles:\n    active: native\n  application:\n    name: config-server\n  cloud:\n    config:\n      server:\n        native:\n          search-locations: classpath:/configurations\n";
    let names = ["gateway", "order", "payment"];
    let poms: Vec<(String, String)> = ["config-server", "gateway", "order", "payment"].iter().map(|name| (format!("services/{name}/pom.xml"), module(name))).collect();
    let configs: Vec<(String, String)> = names.iter().map(|name| (format!("services/{name}/src/main/resources/application.yml"), application(&format!("{name}-service")))).collect();
    let mut files: Vec<(&str, &str)> = vec![
        ("services/config-server/src/main/resources/application.yml", server),
        ("services/config-server/src/main/resources/configurations/gateway-service.yml", gateway),
        ("services/config-server/src/main/resources/configurations/order-service.yml", order),
    ];
    files.extend(poms.iter().chain(&configs).map(|(path, text)| (path.as_str(), text.as_str())));
    let resolved = org(&[("ecommerce", &files)]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:config-server repo="ecommerce" root="services/config-server"
    component:gateway-service repo="ecommerce" root="services/gateway"
    component:order-service repo="ecommerce" root="services/order"
    component:payment-service repo="ecommerce" root="services/payment"
    component:gateway-service -depends_on-> component:payment-service
    component:order-service -depends_on-> component:gateway-service
    component:order-service -depends_on-> component:payment-service
    "#);
}
