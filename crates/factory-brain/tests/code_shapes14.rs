//! Spring AMQP's `RabbitTemplate` overloads (denny713's polyglot-ecommerce): a message sent
//! alone goes with the routing key its template's `@Bean` method sets, and a post-processor or
//! correlation data after the message names no channel.

mod support;

use support::{edge_lines, module, org, summary};

/// A service module of the monorepo: its `pom.xml`, its config and its code, below `services/<name>`.
fn service(name: &str, config: &str, code: &[(&str, &str)]) -> Vec<(String, String)> {
    let root = format!("services/{name}");
    let mut files = vec![(format!("{root}/pom.xml"), module(name)), (format!("{root}/src/main/resources/application.yml"), format!("spring:\n  application:\n    name: {name}\n{config}"))];
    files.extend(code.iter().map(|(path, text)| (format!("{root}/src/main/java/com/shop/{path}"), text.to_string())));
    files
}

/// The one repo's resolved summary, with the channels each component publishes on.
fn resolved(services: &[Vec<(String, String)>]) -> String {
    let files: Vec<(&str, &str)> = services.iter().flatten().map(|(path, text)| (path.as_str(), text.as_str())).collect();
    let resolved = org(&[("shop", &files)]);
    let published = edge_lines(&resolved, &["publishes"]).into_iter().map(|line| line.split("  [").next().unwrap_or_default().to_string());
    std::iter::once(summary(&resolved)).chain(published).collect::<Vec<_>>().join("\n")
}

/// A consumer binding its queue to a routing key set in its config, as inventory-service does.
fn consumer(name: &str, queue: &str, key: &str) -> Vec<(String, String)> {
    let config = format!("rabbitmq:\n  queue:\n    {name}: {queue}\n  routing-key:\n    {name}: {key}\n");
    let broker = format!("import org.springframework.amqp.core.BindingBuilder;\n\n@Configuration\npublic class BrokerConfig {{\n    private final String queue;\n    private final String routingKey;\n\n    public BrokerConfig(@Value(\"${{rabbitmq.queue.{name}}}\") String queue, @Value(\"${{rabbitmq.routing-key.{name}}}\") String routingKey) {{\n        this.queue = queue;\n        this.routingKey = routingKey;\n    }}\n\n    @Bean\n    public Binding binding(Queue mainQueue, TopicExchange exchange) {{\n        return BindingBuilder.bind(mainQueue).to(exchange).with(routingKey);\n    }}\n}}\n");
    let listener = format!("import org.springframework.amqp.rabbit.annotation.RabbitListener;\n\n@Component\npublic class Consumer {{\n    @RabbitListener(queues = \"${{rabbitmq.queue.{name}}}\")\n    public void on(Msg msg) {{}}\n}}\n");
    service(name, &config, &[("BrokerConfig.java", &broker), ("Consumer.java", &listener)])
}

/// The order service publishes through two templates: the sales one's `@Bean` sets the routing
/// key from a `@Value` setting and is used with the message alone (`new SOSubmitMsg(id)`, a
/// post-processor lambda, `new CorrelationData(docNo)`); the notification one sets only the
/// exchange and is given the key through a private method's parameter, followed by a
/// post-processor and correlation data. The shipping service injects its one template by type
/// (`AmqpTemplate template`) and sends a plain `(routingKey, message)`, and a message alone.
#[test]
fn template_overloads_name_their_routing_keys() {
    let order_config = "rabbitmq:\n  exchange:\n    sales: sales.exchange\n    notification: notification.exchange\n  routing-key:\n    so-submit: ${RABBITMQ_SO_SUBMIT_ROUTING_KEY:sales.order.submitted}\n    notification-order: notification.order\n";
    let broker = "import org.springframework.amqp.rabbit.core.RabbitTemplate;\n\n@Configuration\npublic class BrokerConfig {\n    private final String exchange;\n    private final String submitRoutingKey;\n\n    public BrokerConfig(\n            @Value(\"${rabbitmq.exchange.sales}\") String exchange,\n            @Value(\"${rabbitmq.routing-key.so-submit}\") String submitRoutingKey) {\n        this.exchange = exchange;\n        this.submitRoutingKey = submitRoutingKey;\n    }\n\n    @Bean\n    public RabbitTemplate salesRabbitTemplate(ConnectionFactory connectionFactory) {\n        RabbitTemplate template = new RabbitTemplate(connectionFactory);\n        template.setExchange(exchange);\n        template.setRoutingKey(submitRoutingKey);\n        template.setConfirmCallback((correlation, ack, cause) -> log.info(\"confirmed\"));\n        return template;\n    }\n}\n";
    let notification_config = "import org.springframework.amqp.rabbit.core.RabbitTemplate;\n\n@Configuration\npublic class NotificationConfig {\n    @Bean\n    public RabbitTemplate notificationRabbitTemplate(ConnectionFactory connectionFactory, @Value(\"${rabbitmq.exchange.notification}\") String exchange) {\n        RabbitTemplate template = new RabbitTemplate(connectionFactory);\n        template.setExchange(exchange);\n        return template;\n    }\n}\n";
    let sales_producer = "import org.springframework.amqp.rabbit.connection.CorrelationData;\nimport org.springframework.amqp.rabbit.core.RabbitTemplate;\n\n@Component\npublic class SalesOrderProducer {\n    private final RabbitTemplate salesRabbitTemplate;\n\n    private void send(Long id, String docNo, UUID userLogin) {\n        salesRabbitTemplate.convertAndSend(new SOSubmitMsg(id), message -> {\n            message.getMessageProperties().setHeader(\"X-User-Id\", userLogin.toString());\n            return message;\n        }, new CorrelationData(docNo));\n    }\n}\n";
    let notification_producer = "import org.springframework.amqp.rabbit.connection.CorrelationData;\nimport org.springframework.amqp.rabbit.core.RabbitTemplate;\n\n@Component\npublic class NotificationProducer {\n    private final RabbitTemplate notificationRabbitTemplate;\n    private final String orderRoutingKey;\n\n    public NotificationProducer(RabbitTemplate notificationRabbitTemplate, @Value(\"${rabbitmq.routing-key.notification-order}\") String orderRoutingKey) {\n        this.notificationRabbitTemplate = notificationRabbitTemplate;\n        this.orderRoutingKey = orderRoutingKey;\n    }\n\n    public void doPaymentSucceededAfterCommit(Long paymentId) {\n        afterCommit(() -> send(orderRoutingKey, message(paymentId)));\n    }\n\n    private void send(String routingKey, NotificationMsg msg) {\n        notificationRabbitTemplate.convertAndSend(routingKey, msg, message -> {\n            message.getMessageProperties().setMessageId(msg.getEventId());\n            return message;\n        }, new CorrelationData(msg.getEventId()));\n    }\n}\n";
    let shipping_config = "import org.springframework.amqp.rabbit.core.RabbitTemplate;\n\n@Configuration\npublic class RabbitConfig {\n    static final String REQUESTED = \"shipping.requested\";\n\n    @Bean\n    public RabbitTemplate rabbitTemplate(ConnectionFactory connectionFactory) {\n        RabbitTemplate template = new RabbitTemplate(connectionFactory);\n        template.setRoutingKey(REQUESTED);\n        return template;\n    }\n}\n";
    let shipper = "import org.springframework.amqp.core.AmqpTemplate;\n\n@Service\npublic class Shipper {\n    private final AmqpTemplate template;\n\n    void ship(Shipment shipment) {\n        template.convertAndSend(new ShipMsg(shipment.id()));\n        template.convertAndSend(\"shipping.audited\", shipment);\n    }\n}\n";
    let services = [
        service("order-service", order_config, &[("BrokerConfig.java", broker), ("NotificationConfig.java", notification_config), ("SalesOrderProducer.java", sales_producer), ("NotificationProducer.java", notification_producer)]),
        service("shipping-service", "", &[("RabbitConfig.java", shipping_config), ("Shipper.java", shipper)]),
        consumer("inventory-service", "inventory.so.submit", "sales.order.submitted"),
        consumer("notification-service", "notification.queue", "notification.order"),
        consumer("courier-service", "courier.queue", "shipping.requested"),
        consumer("audit-service", "audit.queue", "shipping.audited"),
    ];
    insta::assert_snapshot!(resolved(&services), @r#"
    component:audit-service repo="shop" root="services/audit-service"
    component:courier-service repo="shop" root="services/courier-service"
    component:inventory-service repo="shop" root="services/inventory-service"
    component:notification-service repo="shop" root="services/notification-service"
    component:order-service repo="shop" root="services/order-service"
    component:shipping-service repo="shop" root="services/shipping-service"
    component:order-service -depends_on-> component:inventory-service
    component:order-service -depends_on-> component:notification-service
    component:shipping-service -depends_on-> component:audit-service
    component:shipping-service -depends_on-> component:courier-service
    component:order-service -publishes-> channel:notification.order
    component:order-service -publishes-> channel:sales.order.submitted
    component:shipping-service -publishes-> channel:shipping.audited
    component:shipping-service -publishes-> channel:shipping.requested
    "#);
}

/// Near misses: the audit template's `@Bean` sets only the exchange (named like the audit
/// service's key), so its message sent alone names no channel, though another template of the
/// module sets that key; a receiver no bean is named after, in a module of two template beans,
/// takes neither's key.
#[test]
fn a_template_without_a_default_key_names_no_channel() {
    let config = "import org.springframework.amqp.rabbit.core.RabbitTemplate;\n\n@Configuration\npublic class RabbitConfig {\n    @Bean\n    public RabbitTemplate auditRabbitTemplate(ConnectionFactory connectionFactory) {\n        RabbitTemplate template = new RabbitTemplate(connectionFactory);\n        template.setExchange(\"audit.events\");\n        return template;\n    }\n\n    @Bean\n    public RabbitTemplate rabbitTemplate(ConnectionFactory connectionFactory) {\n        RabbitTemplate template = new RabbitTemplate(connectionFactory);\n        template.setRoutingKey(\"audit.events\");\n        return template;\n    }\n}\n";
    let producer = "import org.springframework.amqp.rabbit.connection.CorrelationData;\nimport org.springframework.amqp.rabbit.core.RabbitTemplate;\n\n@Component\npublic class AuditProducer {\n    private final RabbitTemplate auditRabbitTemplate;\n    private final RabbitTemplate template;\n\n    void audit(Long id) {\n        auditRabbitTemplate.convertAndSend(new AuditMsg(id), message -> message, new CorrelationData(id.toString()));\n        template.convertAndSend(new AuditMsg(id));\n    }\n}\n";
    let services = [service("order-service", "", &[("RabbitConfig.java", config), ("AuditProducer.java", producer)]), consumer("audit-service", "audit.queue", "audit.events")];
    insta::assert_snapshot!(resolved(&services), @r#"
    component:audit-service repo="shop" root="services/audit-service"
    component:order-service repo="shop" root="services/order-service"
    "#);
}

/// polyglot-ecommerce's notification service (Node) binds one queue per event in a loop over a
/// list it writes out, `for (const { queueName, routingKey } of queues)` with `routingKey:
/// process.env.ORDER_ROUTING_KEY`, on a channel another module of its own opens (the file names
/// no AMQP client, only amqplib's calls): each listed key is subscribed, as compose sets it. The
/// cart's key is no one's: the ordering service publishes only the order's.
#[test]
fn a_queue_bound_in_a_loop_over_listed_keys_subscribes_to_each() {
    let compose = "services:\n  notification-service:\n    build: ./services/notification-service\n    environment:\n      NOTIFICATION_EXCHANGE: notification.exchange\n      ORDER_ROUTING_KEY: notification.order\n      CART_ROUTING_KEY: notification.cart\n  ordering-service:\n    build: ./services/ordering-service\n  rabbitmq:\n    image: rabbitmq:3-management\n";
    let consumer = concat!(
        "const { getChannel } = require('../configuration/broker');\n\n",
        "const startEventConsumer = async () => {\n",
        "    const channel = getChannel();\n    const exchange = process.env.NOTIFICATION_EXCHANGE;\n\n",
        "    const queues = [\n",
        "        { queueName: 'notification.order.queue', routingKey: process.env.ORDER_ROUTING_KEY, handle: handleOrderEvent },\n",
        "    ];\n\n",
        "    await channel.assertExchange(exchange, 'direct', { durable: true });\n",
        "    for (const { queueName, routingKey, handle } of queues) {\n",
        "        await channel.assertQueue(queueName, { durable: true });\n",
        "        await channel.bindQueue(queueName, exchange, routingKey);\n",
        "    }\n};\n\nmodule.exports = { startEventConsumer };\n",
    );
    let cart = "const { getChannel } = require('../configuration/broker');\n\nconst cartKeys = () => [process.env.CART_ROUTING_KEY];\nmodule.exports = { cartKeys };\n";
    let publisher = "const amqp = require('amqplib');\n\nconst notify = async (channel, order) => {\n    channel.publish('notification.exchange', 'notification.order', Buffer.from(JSON.stringify(order)));\n};\nmodule.exports = { notify };\n";
    let node = "FROM node:20-alpine\nCOPY . .\nCMD [\"node\", \"index.js\"]\n";
    let files: Vec<(&str, &str)> = vec![
        ("docker-compose.yml", compose),
        ("services/notification-service/Dockerfile", node),
        ("services/notification-service/package.json", "{\"name\": \"notification-service\", \"dependencies\": {\"amqplib\": \"^0.10.3\"}}\n"),
        ("services/notification-service/consumer/event.js", consumer),
        ("services/notification-service/consumer/cart.js", cart),
        ("services/ordering-service/Dockerfile", node),
        ("services/ordering-service/package.json", "{\"name\": \"ordering-service\", \"dependencies\": {\"amqplib\": \"^0.10.3\"}}\n"),
        ("services/ordering-service/notify.js", publisher),
    ];
    let resolved = org(&[("shop", &files)]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:notification-service repo="shop" root="services/notification-service"
    component:ordering-service repo="shop" root="services/ordering-service"
    resource:rabbitmq repo=- root=-
    component:ordering-service -depends_on-> component:notification-service
    "#);
}
