//! Kafka topics and RabbitMQ exchanges a Spring service names through its configuration: a
//! setting filled from an env var, and a `@ConfigurationProperties` object's accessors.

mod support;

use support::{channel_edges, org, summary};

const JAVA: &str = "FROM eclipse-temurin:21-jre\nCOPY target/app.jar /app.jar\n";

/// OrderFlow's compose file (asfarbros/Event-Driven-E-Commerce-Microservices-Platform), the
/// env the Java services share given as a list.
const COMPOSE: &str = concat!(
    "services:\n",
    "  order:\n    build: ./order\n    environment:\n      - KAFKA_TOPIC_PAYMENT_EVENTS=payment-events\n      - KAFKA_TOPIC_INVENTORY_EVENTS=inventory-events\n      - RABBITMQ_NOTIFICATION_EXCHANGE=notifications\n",
    "  payment:\n    build: ./payment\n    environment:\n      - KAFKA_TOPIC_PAYMENT_EVENTS=payment-events\n",
    "  inventory:\n    build: ./inventory\n    environment:\n      - KAFKA_TOPIC_INVENTORY_EVENTS=inventory-events\n",
    "  audit:\n    build: ./audit\n",
);

/// OrderFlow's order service answers the saga on `@KafkaListener(topics =
/// "${order.kafka.payment-events-topic}")`, its `application.yml` setting the key to
/// `${KAFKA_TOPIC_PAYMENT_EVENTS}` and compose the env var to `payment-events`: the listener
/// hears the payment service's `payment-events`. The audit service's key is set to an env var
/// no deployment gives (`${KAFKA_TOPIC_PAYMENT_EVENTS_DLT}`): it hears nothing.
#[test]
fn a_listeners_setting_filled_from_an_env_var_names_the_env_vars_topic() {
    let listener = |package: &str, key: &str| {
        format!(
            "package com.orderflow.{package}.kafka;\nimport org.springframework.kafka.annotation.KafkaListener;\nimport org.springframework.stereotype.Component;\n@Component\npublic class SagaEventsListener {{\n    @KafkaListener(topics = \"${{{key}}}\", groupId = \"${{{package}.kafka.consumer-group}}\")\n    public void onPaymentEvent(ConsumerRecord<String, String> record) {{\n        handle(record);\n    }}\n}}\n"
        )
    };
    let publisher = "package com.orderflow.payment.kafka;\nimport org.springframework.kafka.core.KafkaTemplate;\n@Component\npublic class PaymentPublisher {\n    private final KafkaTemplate<String, String> kafkaTemplate;\n    public void publish(String json) {\n        kafkaTemplate.send(\"payment-events\", json);\n    }\n}\n";
    let (order, audit) = (listener("order", "order.kafka.payment-events-topic"), listener("audit", "audit.kafka.payment-events-topic"));
    let resolved = org(&[(
        "orderflow",
        &[
            ("docker-compose.yml", COMPOSE),
            ("order/Dockerfile", JAVA),
            ("order/src/main/resources/application.yml", "spring:\n  application:\n    name: order\norder:\n  kafka:\n    payment-events-topic: ${KAFKA_TOPIC_PAYMENT_EVENTS}\n    consumer-group: order-service\n"),
            ("order/src/main/java/com/orderflow/order/kafka/SagaEventsListener.java", &order),
            ("payment/Dockerfile", JAVA),
            ("payment/src/main/java/com/orderflow/payment/kafka/PaymentPublisher.java", publisher),
            ("audit/Dockerfile", JAVA),
            ("audit/src/main/resources/application.yml", &config("audit", "audit:\n  kafka:\n    payment-events-topic: ${KAFKA_TOPIC_PAYMENT_EVENTS_DLT}\n")),
            ("audit/src/main/java/com/orderflow/audit/kafka/SagaEventsListener.java", &audit),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:audit repo="orderflow" root="audit"
    component:inventory repo="orderflow" root="inventory"
    component:order repo="orderflow" root="order"
    component:payment repo="orderflow" root="payment"
    component:payment -depends_on-> component:order
    "#);
    insta::assert_snapshot!(channel_edges(&resolved), @r"
    component:order -subscribes-> channel:payment-events
    component:payment -publishes-> channel:payment-events
    ");
}

/// A service's `application.yml`: its Spring name, then its own settings.
fn config(name: &str, settings: &str) -> String {
    format!("spring:\n  application:\n    name: {name}\n{settings}")
}

/// OrderFlow's order service, hearing the saga's two answers through settings its compose env fills.
const ORDER_CONFIG: &str = "spring:\n  application:\n    name: order\norder:\n  kafka:\n    payment-events-topic: ${KAFKA_TOPIC_PAYMENT_EVENTS}\n    inventory-events-topic: ${KAFKA_TOPIC_INVENTORY_EVENTS}\n";
const ORDER_LISTENER: &str = "package com.orderflow.order.kafka;\nimport org.springframework.kafka.annotation.KafkaListener;\n@Component\npublic class SagaEventsListener {\n    @KafkaListener(topics = \"${order.kafka.payment-events-topic}\")\n    public void onPaymentEvent(ConsumerRecord<String, String> record) { handle(record); }\n\n    @KafkaListener(topics = \"${order.kafka.inventory-events-topic}\")\n    public void onInventoryEvent(ConsumerRecord<String, String> record) { handle(record); }\n}\n";

/// OrderFlow's payment service binds `PaymentProperties`, a record, to `payment` and publishes
/// to `properties.kafka().paymentEventsTopic()` kept in a field, the setting
/// `payment.kafka.payment-events-topic`; its inventory service (here a JavaBean class with
/// getters) sends to `properties.getKafka().getInventoryEventsTopic()` directly. The audit
/// service's `AuditProperties` is bound to `audit`, so the same chain there is
/// `audit.kafka.payment-events-topic`, which nothing sets: its config's
/// `payments.kafka.payment-events-topic` is another key, and it publishes nothing.
#[test]
fn an_accessor_chain_on_a_bound_properties_type_names_its_setting() {
    let payment_properties = "package com.orderflow.payment.config;\nimport org.springframework.boot.context.properties.ConfigurationProperties;\n@ConfigurationProperties(prefix = \"payment\")\npublic record PaymentProperties(String dbName, Kafka kafka) {\n    public record Kafka(boolean consumerEnabled, String orderEventsTopic, String paymentEventsTopic) {\n    }\n}\n";
    let payment_publisher = "package com.orderflow.payment.kafka;\nimport com.orderflow.payment.config.PaymentProperties;\nimport org.apache.kafka.clients.producer.ProducerRecord;\nimport org.springframework.kafka.core.KafkaTemplate;\n@Component\npublic class KafkaPaymentEventPublisher {\n    private final KafkaTemplate<String, String> kafkaTemplate;\n    private final String topic;\n\n    public KafkaPaymentEventPublisher(KafkaTemplate<String, String> kafkaTemplate, PaymentProperties properties) {\n        this.kafkaTemplate = kafkaTemplate;\n        this.topic = properties.kafka().paymentEventsTopic();\n    }\n\n    public void publish(PaymentEvent event) {\n        ProducerRecord<String, String> record = new ProducerRecord<>(topic, event.orderId(), json);\n        kafkaTemplate.send(record);\n    }\n}\n";
    let inventory_properties = "package com.orderflow.inventory.config;\n@Validated\n@ConfigurationProperties(\"inventory\")\npublic class InventoryProperties {\n    private Kafka kafka = new Kafka();\n    public Kafka getKafka() { return kafka; }\n    public static class Kafka {\n        private String inventoryEventsTopic;\n        public String getInventoryEventsTopic() { return inventoryEventsTopic; }\n    }\n}\n";
    let inventory_publisher = "package com.orderflow.inventory.kafka;\nimport org.springframework.kafka.core.KafkaTemplate;\n@Component\npublic class KafkaInventoryEventPublisher {\n    private final KafkaTemplate<String, String> kafkaTemplate;\n    private final InventoryProperties properties;\n\n    public void publish(String json) {\n        kafkaTemplate.send(properties.getKafka().getInventoryEventsTopic(), json);\n    }\n}\n";
    let audit_properties = "package com.orderflow.audit.config;\n@ConfigurationProperties(prefix = \"audit\")\npublic record AuditProperties(Kafka kafka) {\n    public record Kafka(String paymentEventsTopic) {\n    }\n}\n";
    let audit_publisher = payment_publisher.replace("com.orderflow.payment", "com.orderflow.audit").replace("PaymentProperties", "AuditProperties").replace("KafkaPaymentEventPublisher", "AuditPublisher");
    let resolved = org(&[(
        "orderflow",
        &[
            ("docker-compose.yml", COMPOSE),
            ("order/Dockerfile", JAVA),
            ("order/src/main/resources/application.yml", ORDER_CONFIG),
            ("order/src/main/java/com/orderflow/order/kafka/SagaEventsListener.java", ORDER_LISTENER),
            ("payment/Dockerfile", JAVA),
            ("payment/src/main/resources/application.yml", &config("payment", "payment:\n  kafka:\n    order-events-topic: ${KAFKA_TOPIC_ORDER_EVENTS}\n    payment-events-topic: ${KAFKA_TOPIC_PAYMENT_EVENTS}\n")),
            ("payment/src/main/java/com/orderflow/payment/config/PaymentProperties.java", payment_properties),
            ("payment/src/main/java/com/orderflow/payment/kafka/KafkaPaymentEventPublisher.java", payment_publisher),
            ("inventory/Dockerfile", JAVA),
            ("inventory/src/main/resources/application.yml", &config("inventory", "inventory:\n  kafka:\n    inventory-events-topic: ${KAFKA_TOPIC_INVENTORY_EVENTS}\n")),
            ("inventory/src/main/java/com/orderflow/inventory/config/InventoryProperties.java", inventory_properties),
            ("inventory/src/main/java/com/orderflow/inventory/kafka/KafkaInventoryEventPublisher.java", inventory_publisher),
            ("audit/Dockerfile", JAVA),
            ("audit/src/main/resources/application.yml", &config("audit", "payments:\n  kafka:\n    payment-events-topic: ${KAFKA_TOPIC_PAYMENT_EVENTS}\n")),
            ("audit/src/main/java/com/orderflow/audit/config/AuditProperties.java", audit_properties),
            ("audit/src/main/java/com/orderflow/audit/kafka/AuditPublisher.java", &audit_publisher),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:audit repo="orderflow" root="audit"
    component:inventory repo="orderflow" root="inventory"
    component:order repo="orderflow" root="order"
    component:payment repo="orderflow" root="payment"
    component:inventory -depends_on-> component:order
    component:payment -depends_on-> component:order
    "#);
    insta::assert_snapshot!(channel_edges(&resolved), @r"
    component:inventory -publishes-> channel:inventory-events
    component:order -subscribes-> channel:inventory-events
    component:order -subscribes-> channel:payment-events
    component:payment -publishes-> channel:payment-events
    ");
}

/// OrderFlow's snapshot keeps the payment and inventory publishers but not their
/// `PaymentProperties`/`InventoryProperties`: a type named `..Properties` the repo does not
/// declare reads the one key of its module's config ending in the chain's path
/// (`inventory.kafka.inventory-events-topic`). Where two keys end so (the audit service's
/// `audit.kafka.inventory-events-topic` and `audit.replay.kafka.inventory-events-topic`), the
/// chain names nothing.
#[test]
fn an_undeclared_properties_types_chain_names_the_one_setting_ending_in_its_path() {
    let publisher = |package: &str, type_name: &str| {
        format!(
            "package com.orderflow.{package}.kafka;\nimport com.orderflow.{package}.config.{type_name};\nimport org.apache.kafka.clients.producer.ProducerRecord;\n@Component\npublic class EventPublisher {{\n    private final String topic;\n\n    public EventPublisher(KafkaTemplate<String, String> kafkaTemplate, {type_name} properties) {{\n        this.topic = properties.kafka().inventoryEventsTopic();\n    }}\n\n    public void publish(InventoryEvent event) {{\n        kafkaTemplate.send(new ProducerRecord<>(topic, event.orderId(), json));\n    }}\n}}\n"
        )
    };
    let (inventory, audit) = (publisher("inventory", "InventoryProperties"), publisher("audit", "AuditProperties"));
    let resolved = org(&[(
        "orderflow",
        &[
            ("docker-compose.yml", COMPOSE),
            ("order/Dockerfile", JAVA),
            ("order/src/main/resources/application.yml", ORDER_CONFIG),
            ("order/src/main/java/com/orderflow/order/kafka/SagaEventsListener.java", ORDER_LISTENER),
            ("inventory/Dockerfile", JAVA),
            ("inventory/src/main/resources/application.yml", &config("inventory", "inventory:\n  kafka:\n    order-events-topic: ${KAFKA_TOPIC_ORDER_EVENTS}\n    inventory-events-topic: ${KAFKA_TOPIC_INVENTORY_EVENTS}\n")),
            ("inventory/src/main/java/com/orderflow/inventory/kafka/EventPublisher.java", &inventory),
            ("audit/Dockerfile", JAVA),
            ("audit/src/main/resources/application.yml", &config("audit", "audit:\n  kafka:\n    inventory-events-topic: ${KAFKA_TOPIC_INVENTORY_EVENTS}\n  replay:\n    kafka:\n      inventory-events-topic: ${KAFKA_TOPIC_INVENTORY_EVENTS}\n")),
            ("audit/src/main/java/com/orderflow/audit/kafka/EventPublisher.java", &audit),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:audit repo="orderflow" root="audit"
    component:inventory repo="orderflow" root="inventory"
    component:order repo="orderflow" root="order"
    component:payment repo="orderflow" root="payment"
    component:inventory -depends_on-> component:order
    "#);
    insta::assert_snapshot!(channel_edges(&resolved), @r"
    component:inventory -publishes-> channel:inventory-events
    component:order -subscribes-> channel:inventory-events
    component:order -subscribes-> channel:payment-events
    ");
}
