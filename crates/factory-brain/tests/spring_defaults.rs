//! What Spring code writes beside what it means: a placeholder's default, a commented-out
//! argument.

mod support;

use support::{channel_edges, org, summary};

const GRADLE: &str = "plugins { id 'org.springframework.boot' version '3.5.0' }\n";

fn yaml(name: &str, extra: &str) -> String {
    format!("spring:\n  application:\n    name: {name}\n{extra}")
}

/// EarlyExpress's payment service sends refund failures to
/// `@Value("${spring.kafka.topic.payment-refund-failed:payment-refund-failed}")` through a
/// private `sendEvent(topic, ..)`, and its order service listens on the same placeholder; no
/// config of either gives the key, so the placeholder's default names the topic. Where the
/// repo's config gives the key (`shipping`'s `spring.kafka.topic.shipped: parcels-shipped`),
/// the config's value stands over the default.
#[test]
fn a_placeholders_default_names_the_topic_no_config_gives() {
    let publisher = "package pay;\n\n@Component\n@RequiredArgsConstructor\npublic class PaymentEventPublisherImpl {\n    private final KafkaTemplate<String, Object> kafkaTemplate;\n\n    @Value(\"${spring.kafka.topic.payment-refund-failed:payment-refund-failed}\")\n    private String paymentRefundFailedTopic;\n\n    public void publishPaymentRefundFailed(Data data) {\n        sendEvent(paymentRefundFailedTopic, data.getOrderId(), data);\n    }\n\n    private void sendEvent(String topic, String key, Object event) {\n        kafkaTemplate.send(topic, key, event);\n    }\n}\n";
    let consumer = "package order;\n\n@Component\npublic class PaymentRefundFailedEventConsumer {\n    @KafkaListener(\n            topics = \"${spring.kafka.topic.payment-refund-failed:payment-refund-failed}\",\n            groupId = \"${spring.kafka.consumer.group-id:order-service-group}\"\n    )\n    public void handle(@Payload PaymentRefundFailedEvent event) {\n    }\n\n    @KafkaListener(topics = \"${spring.kafka.topic.shipped:shipped}\")\n    public void shipped(@Payload ShippedEvent event) {\n    }\n}\n";
    let shipper = "package ship;\n\n@Component\n@RequiredArgsConstructor\npublic class ShippedPublisher {\n    private final KafkaTemplate<String, Object> kafkaTemplate;\n\n    @Value(\"${spring.kafka.topic.shipped:shipped}\")\n    private String topic;\n\n    public void shipped(Object event) {\n        kafkaTemplate.send(topic, event);\n    }\n}\n";
    let resolved = org(&[
        ("payment-service", &[("build.gradle", GRADLE), ("src/main/resources/application.yaml", &yaml("payment-service", "")), ("src/main/java/pay/PaymentEventPublisherImpl.java", publisher)]),
        ("order-service", &[("build.gradle", GRADLE), ("src/main/resources/application.yaml", &yaml("order-service", "")), ("src/main/java/order/PaymentRefundFailedEventConsumer.java", consumer)]),
        (
            "shipping-service",
            &[("build.gradle", GRADLE), ("src/main/resources/application.yaml", &yaml("shipping-service", "  kafka:\n    topic:\n      shipped: parcels-shipped\n")), ("src/main/java/ship/ShippedPublisher.java", shipper)],
        ),
    ]);
    insta::assert_snapshot!(channel_edges(&resolved), @r"
    component:order-service -subscribes-> channel:parcels-shipped
    component:order-service -subscribes-> channel:payment-refund-failed
    component:payment-service -publishes-> channel:payment-refund-failed
    component:shipping-service -publishes-> channel:parcels-shipped
    ");
}

fn controller(resource: &str) -> String {
    format!("package app;\n\n@RestController\n@RequestMapping(\"/v1/{resource}\")\npublic class Controller {{\n    @GetMapping(\"/{{id}}\")\n    public Object find(@PathVariable Long id) {{ return null; }}\n}}\n")
}

/// EarlyExpress's product service names its Feign client `user-service` over a commented-out
/// `//  url = "${user-service.url:http://localhost:8081}"`: the client calls user-service. A
/// name commented out (`//  name = "company-service",` over `name = "partner-api"`) names no one.
#[test]
fn a_commented_out_feign_argument_is_none() {
    let client = "package product;\n\n@FeignClient(\n        name = \"user-service\"\n//        url = \"${user-service.url:http://localhost:8081}\"\n)\npublic interface UserServiceClient {\n    @GetMapping(\"/internal/users/{id}/profile\")\n    UserResponse find(@PathVariable Long id);\n}\n";
    let local = "package product;\n\n@FeignClient(\n//        name = \"company-service\",\n        name = \"partner-api\",\n        url = \"${partner.url}\"\n)\npublic interface PartnerClient {\n    @GetMapping(\"/partners/{id}\")\n    PartnerResponse find(@PathVariable Long id);\n}\n";
    let resolved = org(&[
        (
            "product-service",
            &[("build.gradle", GRADLE), ("src/main/resources/application.yaml", &yaml("product-service", "")), ("src/main/java/product/UserServiceClient.java", client), ("src/main/java/product/PartnerClient.java", local)],
        ),
        ("user-service", &[("build.gradle", GRADLE), ("src/main/resources/application.yaml", &yaml("user-service", "")), ("src/main/java/user/UserController.java", &controller("users"))]),
        ("company-service", &[("build.gradle", GRADLE), ("src/main/resources/application.yaml", &yaml("company-service", "")), ("src/main/java/company/CompanyController.java", &controller("companies"))]),
    ]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:company-service repo="company-service" root=""
    component:product-service repo="product-service" root=""
    component:user-service repo="user-service" root=""
    component:product-service -depends_on-> component:user-service
    "#);
}
