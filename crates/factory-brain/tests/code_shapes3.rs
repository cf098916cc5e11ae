//! Messages published and consumed, as two unseen systems showed (issue #3's evaluations of
//! 2026-12-07): booking-microservices' event dispatcher, and IBM's Reefer container shipment
//! (refarch-kc), whose Kafka topics are named through kafka-node's payloads, spring-kafka's
//! listener containers, MicroProfile Config and the getters that read it.

mod support;

use support::{org, summary};

const DOTNET: &str = "FROM mcr.microsoft.com/dotnet/aspnet:8.0\nCOPY out/ /app\n";
const JAVA: &str = "FROM eclipse-temurin:17\nCOPY target/app.jar app.jar\n";
const NODE: &str = "FROM node:20\nCOPY . .\nCMD [\"node\", \"server.js\"]\n";

/// booking-microservices: Identity's `_eventDispatcher.SendAsync(new UserCreated(..))` goes to
/// RabbitMQ through MassTransit, where Passenger's `IConsumer<UserCreated>` takes it. Passenger's
/// own `SendAsync(new PassengerCreatedDomainEvent(..), typeof(IInternalCommand))` stays in its
/// process, and so does a dispatched command: a consumer of the same type elsewhere gets no edge.
#[test]
fn an_event_dispatcher_publishes_unless_the_message_stays_in_process() {
    let compose = "services:\n  identity:\n    build: ./Identity\n  passenger:\n    build: ./Passenger\n  audit:\n    build: ./Audit\n";
    let register = "using MassTransit;\npublic class RegisterNewUserHandler : ICommandHandler<RegisterNewUser>\n{\n    public async Task Handle(RegisterNewUser request, CancellationToken cancellationToken)\n    {\n        await _eventDispatcher.SendAsync(new UserCreated(user.Id, user.Name,\n            user.PassPortNumber), cancellationToken: cancellationToken);\n    }\n}\n";
    let consumer = concat!(
        "using MassTransit;\n",
        "public class RegisterNewUserHandler : IConsumer<UserCreated>\n{\n",
        "    public async Task Consume(ConsumeContext<UserCreated> context)\n    {\n",
        "        await _eventDispatcher.SendAsync(\n            new PassengerCreatedDomainEvent(passenger.Id, passenger.Name),\n            typeof(IInternalCommand));\n",
        "        await _eventDispatcher.SendAsync(new PassengerRegistered(passenger.Id), typeof(IInternalCommand));\n",
        "        await _dispatcher.SendAsync(new CompleteRegistrationCommand(passenger.Id));\n",
        "    }\n}\n",
    );
    let audit = "using MassTransit;\npublic class A : IConsumer<PassengerCreatedDomainEvent> { }\npublic class B : IConsumer<PassengerRegistered> { }\npublic class C : IConsumer<CompleteRegistrationCommand> { }\n";
    let resolved = org(&[(
        "booking",
        &[
            ("docker-compose.yml", compose),
            ("Identity/Dockerfile", DOTNET),
            ("Identity/Features/RegisterNewUser.cs", register),
            ("Passenger/Dockerfile", DOTNET),
            ("Passenger/Consumers/RegisterNewUser.cs", consumer),
            ("Audit/Dockerfile", DOTNET),
            ("Audit/Consumers.cs", audit),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:audit repo="booking" root="Audit"
    component:identity repo="booking" root="Identity"
    component:passenger repo="booking" root="Passenger"
    component:identity -depends_on-> component:passenger
    "#);
}

/// refarch-kc's UI reads ship positions with kafka-node: `new Consumer(client, [{ topic:
/// config.getShipTopicName(), partition: 0 }], ..)`, and a producer sends `[{ topic, messages }]`
/// payloads; a `ConsumerGroup(options, ['orders'])` subscribes too. A file without kafka-node
/// constructing a `Consumer` of its own names no topic.
#[test]
fn kafka_node_payloads_name_their_topics() {
    let compose = "services:\n  web:\n    build: ./web\n  simulator:\n    build: ./simulator\n  voyages:\n    build: ./voyages\n  orders:\n    build: ./orders\n";
    let web = concat!(
        "var kafka = require('kafka-node');\n",
        "class KafkaConsumer {\n  kafkaShipPosition() {\n",
        "    var Consumer = kafka.Consumer,\n        client = new kafka.KafkaClient(kafkaClientConfig),\n",
        "        consumer = new Consumer(\n            client,\n            [\n                { topic: 'bluewaterShip', partition: 0 }\n            ],\n            [ { autoCommit: true } ]\n          );\n",
        "  }\n}\n",
    );
    let simulator = "const kafka = require('kafka-node');\nconst producer = new kafka.Producer(client);\nproducer.on('ready', () => {\n  producer.send([{ topic: 'bluewaterShip', messages: JSON.stringify(position) }], (err) => {});\n});\n";
    let voyages = "const { ConsumerGroup } = require('kafka-node');\nconst group = new ConsumerGroup({ kafkaHost: 'kafka:9092', groupId: 'voyages' }, ['orders']);\n";
    let orders = "const kafka = require('kafka-node');\nconst producer = new kafka.HighLevelProducer(client);\nproducer.send([{ topic: 'orders', messages: [body] }], done);\n";
    let other = "const { Consumer } = require('./queue');\nconst consumer = new Consumer(client, [{ topic: 'orders' }]);\n";
    let resolved = org(&[(
        "kc",
        &[
            ("docker-compose.yml", compose),
            ("web/Dockerfile", NODE),
            ("web/server/routes/kafka.js", web),
            ("simulator/Dockerfile", NODE),
            ("simulator/server.js", simulator),
            ("voyages/Dockerfile", NODE),
            ("voyages/server.js", voyages),
            ("orders/Dockerfile", NODE),
            ("orders/server.js", orders),
            ("web/server/routes/queue.js", other),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:orders repo="kc" root="orders"
    component:simulator repo="kc" root="simulator"
    component:voyages repo="kc" root="voyages"
    component:web repo="kc" root="web"
    component:orders -depends_on-> component:voyages
    component:simulator -depends_on-> component:web
    "#);
}

/// refarch-kc's Spring container service listens through spring-kafka's listener container,
/// `new ContainerProperties(ORDERS_TOPIC)`, the field filled from `${kcsolution.orders.topic}`.
/// No config file of its repo gives that key: the deploy repo's compose sets
/// `KCSOLUTION_ORDERS_TOPIC`, the env var Spring binds the key to. It publishes back to the
/// topic `${kcsolution.orders}` names, a key no word of which says it holds a topic. A key
/// nothing gives (the containers topic) names nothing, and Azure Cosmos DB's
/// `new ContainerProperties("containers", "/id")` is a database's container, no topic.
#[test]
fn a_listener_container_subscribes_and_settings_name_topics_by_any_key_or_their_env_var() {
    let compose = concat!(
        "services:\n  ordercmd:\n    build: ../order-ms\n  springcontainerms:\n    build: ../container-ms\n    environment:\n",
        "      KCSOLUTION_ORDERS_TOPIC: ${KCSOLUTION_ORDERS_TOPIC:-orders}\n  inventory:\n    build: ../inventory\n",
    );
    let cosmos = "using Microsoft.Azure.Cosmos;\npublic class Store {\n    public async Task Init() {\n        await database.CreateContainerIfNotExistsAsync(new ContainerProperties(\"containers\", \"/id\"));\n    }\n}\n";
    let consumer = concat!(
        "package ibm.labs.kc.containermgr.kafka;\n",
        "import org.springframework.beans.factory.annotation.Value;\n",
        "import org.springframework.kafka.listener.ContainerProperties;\n",
        "public class OrderConsumer {\n",
        "\t@Value(\"${kcsolution.orders.topic}\")\n\tprivate String ORDERS_TOPIC;\n",
        "\t@Value(\"${kcsolution.containers.topic}\")\n\tprivate String CONTAINERS_TOPIC;\n",
        "\tpublic void onApplicationEvent() {\n",
        "\t\tContainerProperties containerProps = new ContainerProperties(ORDERS_TOPIC);\n",
        "\t\tContainerProperties containers = new ContainerProperties(CONTAINERS_TOPIC);\n",
        "\t}\n}\n",
    );
    let producer = concat!(
        "package ibm.gse.orderms.infrastructure.kafka;\n",
        "import org.apache.kafka.clients.producer.ProducerRecord;\n",
        "public class OrderEventProducer {\n",
        "  void emit() { kafkaProducer.send(new ProducerRecord<>(\"orders\", key, value)); kafkaProducer.send(new ProducerRecord<>(\"containers\", key, value)); }\n",
        "  void listen() { this.kafkaConsumer.subscribe(Collections.singletonList(\"orders\")); }\n",
        "}\n",
    );
    let container_producer = concat!(
        "package ibm.labs.kc.containermgr.kafka;\n",
        "import org.apache.kafka.clients.producer.ProducerRecord;\n",
        "import org.springframework.beans.factory.annotation.Value;\n",
        "import org.springframework.kafka.core.KafkaTemplate;\n",
        "public class OrderProducerImpl {\n",
        "\t@Value(\"${kcsolution.orders}\")\n\tprivate String ORDERS_TOPIC;\n",
        "\tpublic void emit(ContainerNotFoundEvent event) {\n",
        "\t\tProducerRecord<String,String> record = new ProducerRecord<String,String>(ORDERS_TOPIC,key,value);\n\t\ttemplate.send(record);\n",
        "\t}\n}\n",
    );
    let resolved = org(&[
        ("deploy", &[("docker-compose.yml", compose)]),
        ("inventory", &[("Dockerfile", DOTNET), ("Store.cs", cosmos)]),
        ("order-ms", &[("Dockerfile", JAVA), ("src/main/java/ibm/gse/orderms/infrastructure/kafka/OrderEventProducer.java", producer)]),
        (
            "container-ms",
            &[
                ("Dockerfile", JAVA),
                ("src/main/resources/application.properties", "kcsolution.orders=orders\n"),
                ("src/main/java/ibm/labs/kc/containermgr/kafka/OrderConsumer.java", consumer),
                ("src/main/java/ibm/labs/kc/containermgr/kafka/OrderProducerImpl.java", container_producer),
            ],
        ),
    ]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:inventory repo="inventory" root=""
    component:ordercmd repo="order-ms" root=""
    component:springcontainerms repo="container-ms" root=""
    component:ordercmd -depends_on-> component:springcontainerms
    component:springcontainerms -depends_on-> component:ordercmd
    "#);
}

/// refarch-kc's order services name their topic through MicroProfile Config: a getter reads
/// `config.getValue("order.topic", String.class)` (`META-INF/microprofile-config.properties`
/// gives `order.topic=orders`) and other files call it, `new ProducerRecord<>(
/// config.getOrderTopic(), ..)` and `subscribe(Collections.singletonList(
/// ApplicationConfig.getOrderTopic()))`; a field `@ConfigProperty(name = "order.topic")` names it
/// too. A getter of a key no config gives (`container.topic`) names nothing, nor does a getter
/// two files of the repo define with different keys (`getErrorTopic()`: the audit service
/// reading `errors` gets no edge).
#[test]
fn microprofile_settings_and_the_getters_reading_them_name_topics() {
    let compose = "services:\n  ordercmd:\n    build: ./order-command-ms\n  orderquery:\n    build: ./order-query-ms\n  ordersink:\n    build: ./order-sink-ms\n  orderaudit:\n    build: ./order-audit-ms\n";
    let config = |class: &str| {
        format!(
            "package ibm.gse.orders;\nimport org.eclipse.microprofile.config.ConfigProvider;\nimport org.eclipse.microprofile.config.Config;\npublic class {class} {{\n\tprivate static Config config = ConfigProvider.getConfig();\n\tprivate static String ORDER_TOPIC;\n\tpublic static String getOrderTopic() {{\n\t\tORDER_TOPIC = config.getValue(\"order.topic\", String.class);\n\t\tlogger.info(\"Get Order Topic: {{}}\", ORDER_TOPIC);\n\t\treturn ORDER_TOPIC;\n\t}}\n\tpublic static String getContainerTopic() {{\n\t\treturn config.getValue(\"container.topic\", String.class);\n\t}}\n\tpublic static String getErrorTopic() {{\n\t\treturn config.getValue(\"{class}.errors.topic\", String.class);\n\t}}\n}}\n"
        )
    };
    let producer = "package ibm.gse.orders;\nimport org.apache.kafka.clients.producer.ProducerRecord;\npublic class OrderEventProducer {\n    private KafkaInfrastructureConfig config;\n    public void emit(EventBase event) {\n        ProducerRecord<String, String> record = new ProducerRecord<>(config.getOrderTopic(), key, value);\n        ProducerRecord<String, String> error = new ProducerRecord<>(config.getErrorTopic(), key, value);\n        kafkaProducer.send(record);\n    }\n}\n";
    let agent = "package ibm.gse.orders;\nimport org.apache.kafka.clients.consumer.KafkaConsumer;\npublic class OrderAgent {\n\tpublic OrderAgent() {\n\t\tthis.kafkaConsumer.subscribe(Collections.singletonList(ApplicationConfig.getOrderTopic()));\n\t\tthis.containers.subscribe(Collections.singletonList(ApplicationConfig.getContainerTopic()));\n\t\tthis.errors.subscribe(Collections.singletonList(ApplicationConfig.getErrorTopic()));\n\t}\n}\n";
    let sink = "package ibm.gse.sink;\nimport org.apache.kafka.clients.consumer.KafkaConsumer;\npublic class Sink {\n    @Inject\n    @ConfigProperty(name = \"order.topic\")\n    String orderTopic;\n    void start() { consumer.subscribe(List.of(orderTopic)); }\n}\n";
    let audit = "package ibm.gse.audit;\nimport org.apache.kafka.clients.consumer.KafkaConsumer;\npublic class Audit {\n    void start() { consumer.subscribe(List.of(\"errors\")); }\n}\n";
    let settings = "order.topic=orders\nKafkaInfrastructureConfig.errors.topic=errors\nApplicationConfig.errors.topic=errors\n";
    let resolved = org(&[(
        "order-ms",
        &[
            ("docker-compose.yml", compose),
            ("order-command-ms/Dockerfile", JAVA),
            ("order-command-ms/src/main/webapp/META-INF/microprofile-config.properties", settings),
            ("order-command-ms/src/main/java/ibm/gse/orders/KafkaInfrastructureConfig.java", &config("KafkaInfrastructureConfig")),
            ("order-command-ms/src/main/java/ibm/gse/orders/OrderEventProducer.java", producer),
            ("order-query-ms/Dockerfile", JAVA),
            ("order-query-ms/src/main/java/ibm/gse/orders/ApplicationConfig.java", &config("ApplicationConfig")),
            ("order-query-ms/src/main/java/ibm/gse/orders/OrderAgent.java", agent),
            ("order-sink-ms/Dockerfile", JAVA),
            ("order-sink-ms/src/main/java/ibm/gse/sink/Sink.java", sink),
            ("order-audit-ms/Dockerfile", JAVA),
            ("order-audit-ms/src/main/java/ibm/gse/audit/Audit.java", audit),
        ],
    )]);
    insta::assert_snapshot!(summary(&resolved), @r#"
    component:orderaudit repo="order-ms" root="order-audit-ms"
    component:ordercmd repo="order-ms" root="order-command-ms"
    component:orderquery repo="order-ms" root="order-query-ms"
    component:ordersink repo="order-ms" root="order-sink-ms"
    component:ordercmd -depends_on-> component:orderquery
    component:ordercmd -depends_on-> component:ordersink
    "#);
}
