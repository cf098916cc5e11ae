//! Shapes the fourth round of unseen systems showed (issue #3's reports of 2026-12-06, third
//! session: piomin's Kafka and Spring Cloud samples, coolstore, hashicups).

mod support;

use support::{org, summary};

const DOCKERFILE: &str = "FROM eclipse-temurin:21\nCOPY target/app.jar app.jar\n";

/// piomin's sample-spring-kafka-microservices: the order service reads the payment and stock
/// services' topics with Kafka Streams (`builder.stream("payment-orders", ..)`, a join with
/// `builder.stream("stock-orders")`) and writes the result with `.to("orders")`, which the
/// others' `@KafkaListener`s read. A collection's `.stream(..)` and a file without the library
/// name no topic.
#[test]
fn kafka_streams_dsl_subscribes_and_publishes_topics() {
    let order = "package pl.piomin.order;\n\nimport org.apache.kafka.common.serialization.Serdes;\nimport org.apache.kafka.streams.StreamsBuilder;\nimport org.apache.kafka.streams.kstream.*;\n\npublic class OrderApp {\n    private static final String STOCK_TOPIC = \"stock-orders\";\n\n    @Bean\n    public KStream<Long, Order> stream(StreamsBuilder builder) {\n        KStream<Long, Order> stream = builder\n                .stream(\"payment-orders\", Consumed.with(Serdes.Long(), orderSerde));\n        stream.join(\n                        builder.stream(STOCK_TOPIC),\n                        (o1, o2) -> confirm(o1, o2),\n                        JoinWindows.of(Duration.ofSeconds(10)))\n                .to(\"orders\");\n        return stream;\n    }\n}\n";
    let listener = |topic: &str, package: &str| {
        format!(
            "package pl.piomin.{package};\n\nimport org.springframework.kafka.annotation.KafkaListener;\nimport org.springframework.kafka.core.KafkaTemplate;\n\npublic class App {{\n    @KafkaListener(id = \"orders\", topics = \"orders\", groupId = \"{package}\")\n    public void onEvent(Order o) {{\n        template.send(\"{topic}\", o.getId(), o);\n    }}\n}}\n"
        )
    };
    // `Arrays.stream(ids)` and a route's `.to("orders")` without Kafka Streams are other calls.
    let other = "package pl.piomin.audit;\n\nimport java.util.Arrays;\n\npublic class Audit {\n    void f(String[] ids) { Arrays.stream(ids).forEach(System.out::println); route.to(\"payment-orders\"); }\n}\n";
    let payment = listener("payment-orders", "payment");
    let stock = listener("stock-orders", "stock");
    let resolved = org(&[(
        "sample-spring-kafka-microservices",
        &[
            ("order-service/Dockerfile", DOCKERFILE),
            ("order-service/src/main/java/pl/piomin/order/OrderApp.java", order),
            ("payment-service/Dockerfile", DOCKERFILE),
            ("payment-service/src/main/java/pl/piomin/payment/App.java", &payment),
            ("stock-service/Dockerfile", DOCKERFILE),
            ("stock-service/src/main/java/pl/piomin/stock/App.java", &stock),
            ("audit-service/Dockerfile", DOCKERFILE),
            ("audit-service/src/main/java/pl/piomin/audit/Audit.java", other),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:audit-service repo="sample-spring-kafka-microservices" root="audit-service"
    component:order-service repo="sample-spring-kafka-microservices" root="order-service"
    component:payment-service repo="sample-spring-kafka-microservices" root="payment-service"
    component:stock-service repo="sample-spring-kafka-microservices" root="stock-service"
    component:order-service -depends_on-> component:payment-service
    component:order-service -depends_on-> component:stock-service
    component:payment-service -depends_on-> component:order-service
    component:stock-service -depends_on-> component:order-service
    "#);
}
