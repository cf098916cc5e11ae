//! Spring Boot systems run from the IDE: alibou's e-commerce course (microservices-full-code)
//! deploys none of its modules, names its Feign clients across lines, and sends Kafka messages
//! with their topic in a header.

mod support;

use support::{module, org, summary};

fn application(name: &str) -> String {
    format!("spring:\n  application:\n    name: {name}\n  config:\n    import: optional:configserver:http://localhost:8888\n")
}

/// Each module's `pom.xml` and `application.yml` below `{folder}{name}`, its application named
/// as `application_name` says.
fn modules(folder: &str, names: &[&str], application_name: impl Fn(&str) -> String) -> Vec<(String, String)> {
    let poms = names.iter().map(|name| (format!("{folder}{name}/pom.xml"), module(name)));
    poms.chain(names.iter().map(|name| (format!("{folder}{name}/src/main/resources/application.yml"), application(&application_name(name))))).collect()
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
    let modules = modules("services/", &names, |name| format!("{name}-service"));
    let mut files: Vec<(&str, &str)> = vec![
        ("docker-compose.yml", compose),
        ("services/order/src/main/java/com/alibou/ecommerce/customer/CustomerClient.java", customer_client),
        ("services/order/src/main/java/com/alibou/ecommerce/product/ProductClient.java", product_client),
        ("services/order/src/main/java/com/alibou/ecommerce/kafka/OrderProducer.java", producer),
        ("services/notification/src/main/java/com/alibou/ecommerce/kafka/NotificationsConsumer.java", consumer),
    ];
    files.extend(modules.iter().map(|(path, text)| (path.as_str(), text.as_str())));
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

/// trusta-market's order service reaches the product service through a Feign client whose url
/// is a setting with a default for the developer's machine (`url =
/// "${trusta.product-service.url:http://localhost:18081}"`): the client's name stands. A
/// literal url on the developer's machine still replaces the name (the wallet client).
#[test]
fn a_feign_url_held_by_a_setting_leaves_the_clients_name_standing() {
    let product_client = "package market.order;\n\n@FeignClient(\n        name = \"product-service\",\n        url = \"${trusta.product-service.url:http://localhost:18081}\"\n)\npublic interface ProductFeignClient {\n    @GetMapping(\"/api/v1/products/{id}\")\n    ProductResponse find(@PathVariable Long id);\n}\n";
    let wallet_client = "package market.order;\n\n@FeignClient(name = \"wallet-service\", url = \"http://localhost:18082\")\npublic interface WalletFeignClient {\n    @PostMapping(\"/api/v1/wallets/settle\")\n    void settle(@RequestBody SettleRequest body);\n}\n";
    let names = ["order", "product", "wallet"];
    let modules = modules("", &names, |name| format!("{name}-service"));
    let mut files: Vec<(&str, &str)> = vec![("order/src/main/java/market/order/ProductFeignClient.java", product_client), ("order/src/main/java/market/order/WalletFeignClient.java", wallet_client)];
    files.extend(modules.iter().map(|(path, text)| (path.as_str(), text.as_str())));
    let resolved = org(&[("market", &files)]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:order-service repo="market" root="order"
    component:product-service repo="market" root="product"
    component:wallet-service repo="market" root="wallet"
    component:order-service -depends_on-> component:product-service
    "#);
}

/// trusta-market's delivery service sends each Kafka topic through one private helper, `publish(
/// DELIVERY_STARTED_TOPIC, ..)` into `private void publish(String topic, ..) {
/// kafkaTemplate.send(topic, ..) }`: the topics the file's calls pass are published, and the
/// order service listening to one depends on it. A helper whose callers pass no topic the file
/// names (`publish(event.topic(), ..)`) publishes nothing.
#[test]
fn a_kafka_topic_passed_through_a_files_own_helper_is_published() {
    let publisher = "package market.delivery;\n\n@Component\npublic class KafkaDeliveryEventPublisher {\n    private static final String DELIVERY_STARTED_TOPIC = \"delivery.started\";\n    private final KafkaTemplate<String, String> kafkaTemplate;\n\n    public void publishDeliveryStarted(UUID orderId) {\n        publish(DELIVERY_STARTED_TOPIC, orderId.toString(), new DeliveryStarted(orderId));\n    }\n\n    public void publishCarrierRequested(UUID id) {\n        publish(\"carrier.delivery_requested\", id.toString(), id);\n    }\n\n    private void publish(String topic, String key, Object payload) {\n        try {\n            kafkaTemplate.send(topic, key, objectMapper.writeValueAsString(payload));\n        } catch (Exception e) {\n            throw new RuntimeException(e);\n        }\n    }\n}\n";
    let relay = "package market.product;\n\n@Component\npublic class EventRelay {\n    private final KafkaTemplate<String, String> kafkaTemplate;\n\n    public void relay(StoredEvent event) {\n        forward(event.topic(), event.body());\n    }\n\n    private void forward(String topic, String body) {\n        kafkaTemplate.send(topic, body);\n    }\n}\n";
    let order_listener = "package market.order;\n\n@Component\npublic class DeliveryStartedListener {\n    @KafkaListener(topics = \"delivery.started\", groupId = \"order\")\n    public void on(String message) {}\n}\n";
    let carrier_listener = "package market.carrier;\n\n@Component\npublic class DeliveryRequestedListener {\n    @KafkaListener(topics = \"carrier.delivery_requested\", groupId = \"carrier\")\n    public void on(String message) {}\n}\n";
    let names = ["delivery", "order", "carrier", "product"];
    let modules = modules("", &names, |name| format!("{name}-service"));
    let mut files: Vec<(&str, &str)> = vec![
        ("delivery/src/main/java/market/delivery/KafkaDeliveryEventPublisher.java", publisher),
        ("product/src/main/java/market/product/EventRelay.java", relay),
        ("order/src/main/java/market/order/DeliveryStartedListener.java", order_listener),
        ("carrier/src/main/java/market/carrier/DeliveryRequestedListener.java", carrier_listener),
    ];
    files.extend(modules.iter().map(|(path, text)| (path.as_str(), text.as_str())));
    let resolved = org(&[("market", &files)]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:carrier-service repo="market" root="carrier"
    component:delivery-service repo="market" root="delivery"
    component:order-service repo="market" root="order"
    component:product-service repo="market" root="product"
    component:delivery-service -depends_on-> component:carrier-service
    component:delivery-service -depends_on-> component:order-service
    "#);
}

/// Java Guides' springboot-kafka-microservices (haphong463's clone): a config class declares
/// each topic as a `NewTopic` bean, `TopicBuilder.name(createOrderTopic)` of a `@Value` field, and
/// the producer is given the bean (`OrderProducer(NewTopic createOrderTopic, ..)`, sending
/// `setHeader(KafkaHeaders.TOPIC, createOrderTopic.name())`): the bean named like the parameter,
/// else the module's one bean, names the topic; the product service's bean takes its own
/// module's `spring.kafka.topic.name`, which the order service sets otherwise. A `NewTopic`
/// parameter in a module with two beans named otherwise names nothing (the stock service's
/// `audit`).
#[test]
fn a_topic_given_as_a_new_topic_bean_is_published() {
    let properties = |name: &str, extra: &str| format!("spring.application.name={name}\n{extra}");
    let order_config = "package shop.order.config;\n\n@Configuration\npublic class KafkaTopicConfig {\n    @Value(\"${spring.kafka.create-order-topic.name}\")\n    private String createOrderTopic;\n\n    @Bean\n    public NewTopic createOrderTopic(){\n        return TopicBuilder.name(createOrderTopic).build();\n    }\n}\n";
    let order_producer = "package shop.order.kafka;\n\n@Service\npublic class OrderProducer {\n    private NewTopic topic;\n    private KafkaTemplate<String, OrderEvent> kafkaTemplate;\n\n    public OrderProducer(NewTopic topic, KafkaTemplate<String, OrderEvent> kafkaTemplate) {\n        this.topic = topic;\n        this.kafkaTemplate = kafkaTemplate;\n    }\n\n    public void sendMessage(OrderEvent orderEvent) {\n        Message<OrderEvent> message = MessageBuilder.withPayload(orderEvent)\n                .setHeader(KafkaHeaders.TOPIC, topic.name())\n                .build();\n        kafkaTemplate.send(message);\n    }\n}\n";
    let product_consumer = "package shop.product.kafka;\n\n@Service\npublic class OrderConsumer {\n    @KafkaListener(topics = \"${spring.kafka.create-order-topic.name}\", groupId = \"${spring.kafka.consumer.group-id}\")\n    public void consume(OrderEvent event) {}\n\n    @KafkaListener(topics = {\"order_topics\", \"stock_topics\"})\n    public void audit(String line) {}\n}\n";
    let product_config = "package shop.product.config;\n\n@Configuration\npublic class KafkaTopicConfig {\n    @Value(\"${spring.kafka.topic.name}\")\n    private String topicName;\n\n    @Bean\n    public NewTopic topic(){\n        return TopicBuilder.name(topicName).build();\n    }\n}\n";
    let product_producer = order_producer.replace("shop.order", "shop.product").replace("OrderProducer", "ProductProducer");
    let stock_consumer = "package shop.stock.kafka;\n\n@Service\npublic class ProductConsumer {\n    @KafkaListener(topics = \"${spring.kafka.product-topic.name}\")\n    public void consume(ProductEvent event) {}\n}\n";
    let stock_config = "package shop.stock.config;\n\n@Configuration\npublic class KafkaTopicConfig {\n    @Bean\n    public NewTopic stockTopic() {\n        return TopicBuilder.name(\"stock_topics\").build();\n    }\n\n    @Bean\n    public NewTopic auditTopic() {\n        return new NewTopic(\"order_topics\", 1, (short) 1);\n    }\n}\n";
    let stock_producer = "package shop.stock.kafka;\n\n@Service\npublic class AuditProducer {\n    private final KafkaTemplate<String, String> kafkaTemplate;\n    private final NewTopic audit;\n\n    public void send(String line) {\n        kafkaTemplate.send(audit.name(), line);\n    }\n}\n";
    let names = ["order", "product", "stock"];
    let poms: Vec<(String, String)> = names.iter().map(|name| (format!("{name}-service/pom.xml"), module(name))).collect();
    let configs = [
        ("order-service/src/main/resources/application.properties".to_string(), properties("order-service", "spring.kafka.topic.name=order_topics\nspring.kafka.create-order-topic.name=create_order_topic\n")),
        ("product-service/src/main/resources/application.properties".to_string(), properties("product-service", "spring.kafka.topic.name=product_topics\nspring.kafka.create-order-topic.name=create_order_topic\n")),
        ("stock-service/src/main/resources/application.properties".to_string(), properties("stock-service", "spring.kafka.product-topic.name=product_topics\n")),
    ];
    let mut files: Vec<(&str, &str)> = vec![
        ("order-service/src/main/java/shop/order/config/KafkaTopicConfig.java", order_config),
        ("order-service/src/main/java/shop/order/kafka/OrderProducer.java", order_producer),
        ("product-service/src/main/java/shop/product/kafka/OrderConsumer.java", product_consumer),
        ("product-service/src/main/java/shop/product/config/KafkaTopicConfig.java", product_config),
        ("product-service/src/main/java/shop/product/kafka/ProductProducer.java", &product_producer),
        ("stock-service/src/main/java/shop/stock/kafka/ProductConsumer.java", stock_consumer),
        ("stock-service/src/main/java/shop/stock/config/KafkaTopicConfig.java", stock_config),
        ("stock-service/src/main/java/shop/stock/kafka/AuditProducer.java", stock_producer),
    ];
    files.extend(poms.iter().chain(&configs).map(|(path, text)| (path.as_str(), text.as_str())));
    let resolved = org(&[("shop", &files)]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:order-service repo="shop" root="order-service"
    component:product-service repo="shop" root="product-service"
    component:stock-service repo="shop" root="stock-service"
    component:order-service -depends_on-> component:product-service
    component:product-service -depends_on-> component:stock-service
    "#);
}

/// wdm-kafka-microservices' services answer the REST front end's requests on one topic: each
/// sets its template's default topic (`rest.setDefaultTopic(RestTopics.RESPONSE)`) and sends with
/// `rest.sendDefault(..)`, which the front end listens to. A default topic set on another
/// template (the payments service's `audit`) is not the one `rest.sendDefault` sends to.
#[test]
fn a_kafka_templates_default_topic_is_where_send_default_sends() {
    let topics = "package wdm.common;\n\npublic class RestTopics {\n    public static final String RESPONSE = \"response\";\n}\n";
    let orders = "package wdm.orders.events;\n\n@Component\npublic class Rest {\n    private final KafkaTemplate<String, Object> rest;\n\n    public Rest(KafkaTemplate<String, Object> rest) {\n        this.rest = rest;\n        rest.setDefaultTopic(RestTopics.RESPONSE);\n    }\n\n    @KafkaListener(topics = \"ordersRequest\")\n    public void on(KafkaRequest request) {\n        rest.sendDefault(new KafkaResponse<>(request.getRequestId(), null));\n    }\n}\n";
    let payments = "package wdm.payments.events;\n\n@Component\npublic class Rest {\n    private final KafkaTemplate<String, Object> rest;\n    private final KafkaTemplate<String, Object> audit;\n\n    public Rest(KafkaTemplate<String, Object> rest, KafkaTemplate<String, Object> audit) {\n        this.rest = rest;\n        this.audit = audit;\n        audit.setDefaultTopic(RestTopics.RESPONSE);\n    }\n\n    public void on(KafkaRequest request) {\n        rest.sendDefault(new KafkaResponse<>(request.getRequestId(), null));\n    }\n}\n";
    let front = "package wdm.rest.events;\n\n@Component\npublic class KafkaInteraction {\n    @KafkaListener(topics = RestTopics.RESPONSE)\n    public void answer(KafkaResponse response) {}\n}\n";
    let names = ["orders", "payments", "rest"];
    let modules = modules("service/", &names, str::to_string);
    let mut files: Vec<(&str, &str)> = vec![
        ("common/src/main/java/wdm/common/RestTopics.java", topics),
        ("service/orders/src/main/java/wdm/orders/events/Rest.java", orders),
        ("service/payments/src/main/java/wdm/payments/events/Rest.java", payments),
        ("service/rest/src/main/java/wdm/rest/events/KafkaInteraction.java", front),
    ];
    files.extend(modules.iter().map(|(path, text)| (path.as_str(), text.as_str())));
    let resolved = org(&[("wdm", &files)]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:orders repo="wdm" root="service/orders"
    component:payments repo="wdm" root="service/payments"
    component:rest repo="wdm" root="service/rest"
    component:orders -depends_on-> component:rest
    "#);
}

/// wdm-kafka-microservices' REST front end sends each request through one method of its own
/// class, `public CompletableFuture<T> performAction(String topic, RestPayload payload) {
/// kafkaTemplate.send(topic, payload) }` in `KafkaInteraction`, which its controllers call on a
/// field of that class (`kafka.performAction(RestTopics.ORDERS_REQUEST, ..)`, a Kotlin one too):
/// the front end publishes what they pass, and each service listening depends on it. A method
/// its own file calls publishes what that call passes, not another file's (`announce(..)`, whose
/// payments' topic stands but not the stock service's); a private method (`quietly`) and a
/// same-named method of a field of another class (`bus.performAction(..)`) take nothing.
#[test]
fn a_kafka_topic_passed_to_a_method_of_another_files_class_is_published() {
    let topics = "package wdm.common.topic;\n\npublic class RestTopics {\n    public static final String ORDERS_REQUEST = \"ordersRequest\";\n    public static final String PAYMENT_REQUEST = \"paymentRequest\";\n    public static final String USERS_REQUEST = \"usersRequest\";\n    public static final String STOCK_REQUEST = \"stockRequest\";\n    public static final String AUDIT_REQUEST = \"auditRequest\";\n    public static final String LEDGER_REQUEST = \"ledgerRequest\";\n}\n";
    let interaction = "package wdm.rest.events;\n\nimport wdm.common.topic.RestTopics;\n\n@Service\npublic class KafkaInteraction<T> {\n    private final KafkaTemplate<String, Object> kafkaTemplate;\n\n    public CompletableFuture<T> performAction(String topic, RestPayload payload) {\n        this.kafkaTemplate.send(topic, payload);\n        return new CompletableFuture<>();\n    }\n\n    public void announce(String topic) {\n        kafkaTemplate.send(topic, \"hello\");\n    }\n\n    public void start() {\n        announce(RestTopics.PAYMENT_REQUEST);\n    }\n\n    private void quietly(String topic) {\n        kafkaTemplate.send(topic, \"psst\");\n    }\n}\n";
    let bus = "package wdm.rest.events;\n\npublic class LocalBus {\n    public void performAction(String topic, Object payload) {\n        listeners.get(topic).accept(payload);\n    }\n}\n";
    let orders_controller = "package wdm.rest.web;\n\nimport wdm.common.topic.RestTopics;\nimport wdm.rest.events.KafkaInteraction;\nimport wdm.rest.events.LocalBus;\n\n@RestController\npublic class OrderController {\n    private final KafkaInteraction<Order> kafka;\n    private final LocalBus bus;\n\n    OrderController(KafkaInteraction<Order> kafka, LocalBus bus) {\n        this.kafka = kafka;\n        this.bus = bus;\n    }\n\n    @GetMapping(\"/{id}\")\n    public CompletableFuture<Order> get(@PathVariable UUID id) {\n        kafka.announce(RestTopics.STOCK_REQUEST);\n        kafka.quietly(RestTopics.AUDIT_REQUEST);\n        bus.performAction(RestTopics.LEDGER_REQUEST, id);\n        return kafka.performAction(RestTopics.ORDERS_REQUEST, new OrderGetPayload(id));\n    }\n}\n";
    let users_controller = "package wdm.rest.web\n\nimport wdm.common.topic.RestTopics\nimport wdm.rest.events.KafkaInteraction\n\n@RestController\nclass UserController(private val kafka: KafkaInteraction<User>) {\n    @GetMapping(\"/{id}\")\n    fun get(@PathVariable id: UUID) = kafka.performAction(RestTopics.USERS_REQUEST, UserGetPayload(id))\n}\n";
    let listener = |name: &str, topic: &str| format!("package wdm.{name}.events;\n\nimport wdm.common.topic.RestTopics;\n\n@Component\npublic class Rest {{\n    @KafkaListener(topics = RestTopics.{topic})\n    public void on(KafkaRequest request) {{}}\n}}\n");
    let consumers = [("orders", "ORDERS_REQUEST"), ("payments", "PAYMENT_REQUEST"), ("users", "USERS_REQUEST"), ("stock", "STOCK_REQUEST"), ("audit", "AUDIT_REQUEST"), ("ledger", "LEDGER_REQUEST")];
    let listeners: Vec<(String, String)> = consumers.iter().map(|(name, topic)| (format!("service/{name}/src/main/java/wdm/{name}/events/Rest.java"), listener(name, topic))).collect();
    let names = ["orders", "payments", "users", "stock", "audit", "ledger", "rest"];
    let modules = modules("service/", &names, str::to_string);
    let mut files: Vec<(&str, &str)> = vec![
        ("common/src/main/java/wdm/common/topic/RestTopics.java", topics),
        ("service/rest/src/main/java/wdm/rest/events/KafkaInteraction.java", interaction),
        ("service/rest/src/main/java/wdm/rest/events/LocalBus.java", bus),
        ("service/rest/src/main/java/wdm/rest/web/OrderController.java", orders_controller),
        ("service/rest/src/main/kotlin/wdm/rest/web/UserController.kt", users_controller),
    ];
    files.extend(listeners.iter().chain(&modules).map(|(path, text)| (path.as_str(), text.as_str())));
    let resolved = org(&[("wdm", &files)]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:audit repo="wdm" root="service/audit"
    component:ledger repo="wdm" root="service/ledger"
    component:orders repo="wdm" root="service/orders"
    component:payments repo="wdm" root="service/payments"
    component:rest repo="wdm" root="service/rest"
    component:stock repo="wdm" root="service/stock"
    component:users repo="wdm" root="service/users"
    component:rest -depends_on-> component:orders
    component:rest -depends_on-> component:payments
    component:rest -depends_on-> component:users
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
