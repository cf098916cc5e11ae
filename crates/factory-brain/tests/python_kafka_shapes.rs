//! Python Kafka clients whose topics a name holds: a class attribute or module constant listing
//! them (rahlplx's polyglot platform: the notification service's `SUBSCRIBED_TOPICS = [..]`,
//! `self._consumer.subscribe(self.SUBSCRIBED_TOPICS)`), and a pydantic settings field's default
//! (`orders_topic: str = Field(default="orders")`, read as `settings.orders_topic`).

mod support;

use support::{edge_lines, org, summary};

/// The `publishes` and `subscribes` edges, without their sources.
fn channel_edges(resolved: &factory_brain::Resolved) -> String {
    edge_lines(resolved, &["publishes", "subscribes"]).iter().map(|line| line.split("  [").next().unwrap_or(line)).collect::<Vec<_>>().join("\n")
}

/// rahlplx's notification consumer subscribes (confluent_kafka) to each topic its class
/// attribute lists, an aiokafka consumer to those unpacked into its constructor
/// (`AIOKafkaConsumer(*TOPICS, ..)`, a module constant), and the order service publishes with
/// `produce(self.TOPIC, ..)` and `send_and_wait(self.CANCELLED_TOPIC, ..)`. A list of topic-like
/// names handed to something other than a subscription subscribes to nothing, nor does a test
/// file's consumer.
#[test]
fn a_class_attributes_list_of_topics_is_subscribed() {
    let dockerfile = "FROM python:3.12\nCOPY . .\n";
    let publisher = "from confluent_kafka import Producer\nfrom aiokafka import AIOKafkaProducer\n\nclass OrderEvents:\n    TOPIC = \"com.company.order.completed\"\n    CANCELLED_TOPIC = 'com.company.order.cancelled'\n\n    def completed(self, order):\n        self._producer.produce(self.TOPIC, key=order.id, value=order.json())\n\n    async def cancelled(self, order):\n        await self._aio_producer.send_and_wait(self.CANCELLED_TOPIC, order.json())\n";
    let notification = "import logging\n\nclass EventConsumer:\n    # Subscribed topics\n    SUBSCRIBED_TOPICS = [\n        \"com.company.order.cancelled\",  # order lifecycle\n        # payments\n        \"com.company.payment.failed\",\n    ]\n\n    async def start(self) -> None:\n        from confluent_kafka import Consumer\n        self._consumer = Consumer(config)\n        self._consumer.subscribe(self.SUBSCRIBED_TOPICS)\n";
    let analytics = "from aiokafka import AIOKafkaConsumer\n\nTOPICS: tuple[str, ...] = (\"com.company.order.completed\", \"com.company.order.cancelled\")\n\nasync def consume():\n    consumer = AIOKafkaConsumer(*TOPICS, bootstrap_servers=\"kafka:9092\", group_id=\"analytics\")\n    await consumer.start()\n";
    let audit = "from confluent_kafka import Consumer\n\nclass AuditLog:\n    EVENT_TYPES = [\"com.company.order.completed\", \"com.company.order.cancelled\"]\n\n    def start(self):\n        self._registry.register(self.EVENT_TYPES)\n        self._consumer.subscribe([\"com.company.audit.requested\"])\n";
    let audit_test = "from confluent_kafka import Consumer\n\nclass FakeConsumer:\n    TOPICS = [\"com.company.order.completed\"]\n\ndef test_consumes():\n    consumer.subscribe(FakeConsumer.TOPICS)\n";
    let resolved = org(&[
        ("order", &[("Dockerfile", dockerfile), ("app/events.py", publisher)]),
        ("notification", &[("Dockerfile", dockerfile), ("src/adapters/inbound/event_consumer.py", notification)]),
        ("analytics", &[("Dockerfile", dockerfile), ("src/consumer.py", analytics)]),
        ("audit", &[("Dockerfile", dockerfile), ("src/audit.py", audit), ("tests/test_consumer.py", audit_test)]),
    ]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:analytics repo="analytics" root=""
    component:audit repo="audit" root=""
    component:notification repo="notification" root=""
    component:order repo="order" root=""
    component:order -depends_on-> component:analytics
    component:order -depends_on-> component:notification
    "#);
    insta::assert_snapshot!(channel_edges(&resolved), @r#"
    component:analytics -subscribes-> channel:com.company.order.cancelled
    component:analytics -subscribes-> channel:com.company.order.completed
    component:audit -subscribes-> channel:com.company.audit.requested
    component:notification -subscribes-> channel:com.company.order.cancelled
    component:notification -subscribes-> channel:com.company.payment.failed
    component:order -publishes-> channel:com.company.order.cancelled
    component:order -publishes-> channel:com.company.order.completed
    "#);
}

/// A pydantic settings field's default names the topic code reads it for
/// (`settings.kafka.orders_topic`), written `Field(default="..")` or `Field("..")` as well as
/// plainly. A subscription by pattern (`subscribe(pattern=settings.topic_pattern)`, rahlplx's
/// analytics `topic_pattern: str = Field(default="com.company.*")`) matches no topic: channels
/// are met by name. A required field (`Field(..)`) has no default, whatever its description says.
#[test]
fn a_settings_fields_default_names_the_topic() {
    let dockerfile = "FROM python:3.12\nCOPY . .\n";
    let orders = "from confluent_kafka import Producer\n\nproducer.produce(\"orders.placed\", value=body)\nproducer.produce(\"orders.shipped\", value=body)\n";
    let config = "from pydantic import Field\nfrom pydantic_settings import BaseSettings\n\nclass KafkaSettings(BaseSettings):\n    bootstrap_servers: str = Field(default=\"localhost:9092\")\n    orders_topic: str = Field(default=\"orders.placed\", description=\"Placed orders\")\n    shipped_topic: str = Field(\"orders.shipped\", description=\"Shipped orders\")\n    returns_topic: str = Field(..., description=\"orders.returned\")\n    model_config = {\"env_prefix\": \"SHIPPING_KAFKA_\"}\n";
    let consumer = "from confluent_kafka import Consumer\nfrom .config import settings\n\nconsumer.subscribe([settings.kafka.orders_topic, settings.kafka.shipped_topic, settings.kafka.returns_topic])\n";
    let reports_config = "from pydantic import Field\nfrom pydantic_settings import BaseSettings\n\nclass KafkaSettings(BaseSettings):\n    topic_pattern: str = Field(default=\"orders.*\", description=\"Topic subscription pattern\")\n";
    let reports = "from aiokafka import AIOKafkaConsumer\n\nconsumer = AIOKafkaConsumer(bootstrap_servers=servers)\nconsumer.subscribe(pattern=settings.topic_pattern)\n";
    let resolved = org(&[
        ("orders", &[("Dockerfile", dockerfile), ("app/publish.py", orders)]),
        ("shipping", &[("Dockerfile", dockerfile), ("src/config.py", config), ("src/consumer.py", consumer)]),
        ("reports", &[("Dockerfile", dockerfile), ("src/config.py", reports_config), ("src/consumer.py", reports)]),
    ]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:orders repo="orders" root=""
    component:reports repo="reports" root=""
    component:shipping repo="shipping" root=""
    component:orders -depends_on-> component:shipping
    "#);
    insta::assert_snapshot!(channel_edges(&resolved), @r#"
    component:orders -publishes-> channel:orders.placed
    component:orders -publishes-> channel:orders.shipped
    component:shipping -subscribes-> channel:orders.placed
    component:shipping -subscribes-> channel:orders.shipped
    "#);
}
