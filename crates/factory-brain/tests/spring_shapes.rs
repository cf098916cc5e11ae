//! Spring Boot systems run from the IDE: alibou's e-commerce course (microservices-full-code)
//! deploys none of its modules, names its Feign clients across lines, and sends Kafka messages
//! with their topic in a header.

mod support;

use support::{org, summary};

fn module(name: &str) -> String {
    format!("<project>\n  <artifactId>{name}</artifactId>\n</project>\n")
}

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
