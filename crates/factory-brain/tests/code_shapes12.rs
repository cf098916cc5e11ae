//! Go Kafka topics named outside the struct that takes them: a constructor's topic parameter
//! filled by its package's callers in other files, and a project's own env helper with a
//! default (`initializers.GetEnv("KAFKA_TOPIC", "notification-events")`).

mod support;

use support::{channel_edges, org, summary};

const GO_DOCKERFILE: &str = "FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o /svc ./cmd\nCMD [\"/svc\"]\n";

/// A Go env helper over `os.LookupEnv`, as each of Rishi855's ecommerce services copies it.
fn env_helper(name: &str) -> String {
    format!("package initializers\n\nimport \"os\"\n\nfunc {name}(key, fallback string) string {{\n\tif value, exists := os.LookupEnv(key); exists {{\n\t\treturn value\n\t}}\n\treturn fallback\n}}\n")
}

/// A `NewConsumer(broker, topic, groupID string)` reading segmentio's `kafka.ReaderConfig{Topic: topic}`.
const CONSUMER: &str = "package events\n\nimport (\n\t\"context\"\n\n\t\"github.com/segmentio/kafka-go\"\n)\n\ntype Consumer struct {\n\treader *kafka.Reader\n}\n\nfunc NewConsumer(broker, topic, groupID string) *Consumer {\n\treturn &Consumer{\n\t\treader: kafka.NewReader(kafka.ReaderConfig{\n\t\t\tBrokers: []string{broker},\n\t\t\tTopic:   topic,\n\t\t\tGroupID: groupID,\n\t\t}),\n\t}\n}\n\nfunc (c *Consumer) Consume(ctx context.Context) {\n\tc.reader.ReadMessage(ctx)\n}\n";

/// A consumer service's `main.go`: its topic from the env helper's default, handed to its own
/// `events.NewConsumer`.
fn consumer_main(service: &str, topic: &str) -> String {
    format!("package main\n\nimport (\n\t\"context\"\n\t\"{service}/internal/events\"\n\t\"{service}/internal/initializers\"\n)\n\nfunc main() {{\n\tbroker := initializers.GetEnv(\"KAFKA_BROKER\", \"localhost:9092\")\n\ttopic := initializers.GetEnv(\"KAFKA_TOPIC\", \"{topic}\")\n\tgroupID := initializers.GetEnv(\"KAFKA_GROUP\", \"{service}-group\")\n\tconsumer := events.NewConsumer(broker, topic, groupID)\n\tconsumer.Consume(context.Background())\n}}\n")
}

/// Rishi855's ecommerce over segmentio's kafka-go: the order service's
/// `events.NewProducer(broker, topic string)` (`internal/events/producer.go`) writes to the
/// topic its `cmd/main.go` passes, `events.NOTIFICATION_TOPIC` and `events.ORDER_LOGS_TOPIC`
/// of `events/topics.go`; the notification and log services each declare their own
/// `events.NewConsumer` in the same repo, called with the default of `initializers.GetEnv`,
/// each subscribing to its own caller's topic only. The audit service's exported
/// `events.NewAuditProducer(broker, topic string)` is called by no one: its `main.go` passes
/// `AUDIT_TOPIC` to `events.NewProducer` of its own `events` package (which declares none; the
/// order service's is another package of the same name) and to `metrics.NewAuditProducer`,
/// another package's function of the same name. None names `audit-events`, which the audit
/// reader subscribes to.
#[test]
fn a_constructors_topic_parameter_takes_what_its_callers_in_other_files_pass() {
    let producer = "package events\n\nimport (\n\t\"context\"\n\n\t\"github.com/segmentio/kafka-go\"\n)\n\ntype Producer struct {\n\twriter *kafka.Writer\n}\n\nfunc NewProducer(broker, topic string) *Producer {\n\treturn &Producer{\n\t\twriter: &kafka.Writer{\n\t\t\tAddr:     kafka.TCP(broker),\n\t\t\tTopic:    topic,\n\t\t\tBalancer: &kafka.LeastBytes{},\n\t\t},\n\t}\n}\n\nfunc (p *Producer) Publish(key, value string) error {\n\treturn p.writer.WriteMessages(context.Background(), kafka.Message{Key: []byte(key), Value: []byte(value)})\n}\n";
    let topics = "package events\n\nconst (\n\tNOTIFICATION_TOPIC = \"notification-events\"\n\tORDER_LOGS_TOPIC   = \"logs.order-service\"\n)\n";
    let order_main = "package main\n\nimport (\n\t\"order-service/internal/events\"\n\t\"order-service/internal/initializers\"\n)\n\nfunc main() {\n\tkafkaBrokers := initializers.GetEnvWithDefault(\"KAFKA_BROKERS\", \"kafka:9092\")\n\tnotificationProducer := events.NewProducer(kafkaBrokers, events.NOTIFICATION_TOPIC)\n\tlogProducer := events.NewProducer(kafkaBrokers, events.ORDER_LOGS_TOPIC)\n\tdefer notificationProducer.Close()\n\tdefer logProducer.Close()\n}\n";
    let audit_producer = "package events\n\nimport \"github.com/segmentio/kafka-go\"\n\nconst AUDIT_TOPIC = \"audit-events\"\n\nfunc NewAuditProducer(broker, topic string) *kafka.Writer {\n\treturn &kafka.Writer{Addr: kafka.TCP(broker), Topic: topic}\n}\n";
    let audit_main = "package main\n\nimport (\n\t\"audit-service/internal/events\"\n\t\"audit-service/internal/metrics\"\n)\n\nfunc main() {\n\tp := events.NewProducer(\"kafka:9092\", events.AUDIT_TOPIC)\n\tm := metrics.NewAuditProducer(\"kafka:9092\", events.AUDIT_TOPIC)\n\tdefer p.Close()\n\tdefer m.Close()\n}\n";
    let audit_reader = "package main\n\nimport \"github.com/segmentio/kafka-go\"\n\nfunc main() {\n\tr := kafka.NewReader(kafka.ReaderConfig{Brokers: []string{\"kafka:9092\"}, Topic: \"audit-events\"})\n\tdefer r.Close()\n}\n";
    let resolved = org(&[(
        "shop",
        &[
            ("order-service/Dockerfile", GO_DOCKERFILE),
            ("order-service/go.mod", "module order-service\n\ngo 1.22\n"),
            ("order-service/cmd/main.go", order_main),
            ("order-service/internal/events/producer.go", producer),
            ("order-service/internal/events/topics.go", topics),
            ("order-service/internal/initializers/load_env.go", &env_helper("GetEnvWithDefault")),
            ("notification-service/Dockerfile", GO_DOCKERFILE),
            ("notification-service/go.mod", "module notification-service\n\ngo 1.22\n"),
            ("notification-service/cmd/main.go", &consumer_main("notification-service", "notification-events")),
            ("notification-service/internal/events/consumer.go", CONSUMER),
            ("notification-service/internal/initializers/load_env.go", &env_helper("GetEnv")),
            ("log-service/Dockerfile", GO_DOCKERFILE),
            ("log-service/go.mod", "module log-service\n\ngo 1.22\n"),
            ("log-service/cmd/main.go", &consumer_main("log-service", "logs.order-service")),
            ("log-service/internal/events/consumer.go", CONSUMER),
            ("log-service/internal/initializers/load_env.go", &env_helper("GetEnv")),
            ("audit-service/Dockerfile", GO_DOCKERFILE),
            ("audit-service/go.mod", "module audit-service\n\ngo 1.22\n"),
            ("audit-service/cmd/main.go", audit_main),
            ("audit-service/internal/events/producer.go", audit_producer),
            ("audit-reader/Dockerfile", GO_DOCKERFILE),
            ("audit-reader/go.mod", "module audit-reader\n\ngo 1.22\n"),
            ("audit-reader/cmd/main.go", audit_reader),
        ],
    )]);
    insta::assert_snapshot!(format!("{}\n{}", summary(&resolved), channel_edges(&resolved)), @r#"
    component:audit-reader repo="shop" root="audit-reader"
    component:audit-service repo="shop" root="audit-service"
    component:log-service repo="shop" root="log-service"
    component:notification-service repo="shop" root="notification-service"
    component:order-service repo="shop" root="order-service"
    component:order-service -depends_on-> component:log-service
    component:order-service -depends_on-> component:notification-service
    component:audit-reader -subscribes-> channel:audit-events
    component:log-service -subscribes-> channel:logs.order-service
    component:notification-service -subscribes-> channel:notification-events
    component:order-service -publishes-> channel:logs.order-service
    component:order-service -publishes-> channel:notification-events
    "#);
}

/// A project's own env helper with a default names the default, as `os.Getenv`'s fallbacks
/// do (Rishi855's ecommerce `initializers.GetEnv("KAFKA_TOPIC", ..)`), under whatever name it
/// goes by (`config.EnvOrDefault`, `getEnv`): the payments reader meets the checkout writer.
/// Called with the key only, the helper names nothing: the refunds reader meets no one.
#[test]
fn an_env_helpers_default_names_the_topic() {
    let checkout = "package main\n\nimport \"github.com/segmentio/kafka-go\"\n\nfunc main() {\n\tw := &kafka.Writer{Addr: kafka.TCP(\"kafka:9092\"), Topic: \"payments\"}\n\tr := &kafka.Writer{Addr: kafka.TCP(\"kafka:9092\"), Topic: \"refunds\"}\n\tdefer w.Close()\n\tdefer r.Close()\n}\n";
    let payments = "package main\n\nimport (\n\t\"payments/internal/config\"\n\n\t\"github.com/segmentio/kafka-go\"\n)\n\nfunc main() {\n\tr := kafka.NewReader(kafka.ReaderConfig{Brokers: []string{\"kafka:9092\"}, Topic: config.EnvOrDefault(\"PAYMENTS_TOPIC\", \"payments\")})\n\tdefer r.Close()\n}\n";
    let refunds = "package main\n\nimport (\n\t\"refunds/internal/config\"\n\n\t\"github.com/segmentio/kafka-go\"\n)\n\nfunc main() {\n\ttopic := config.GetEnv(\"REFUNDS_TOPIC\")\n\tr := kafka.NewReader(kafka.ReaderConfig{Brokers: []string{\"kafka:9092\"}, Topic: topic})\n\tdefer r.Close()\n}\n";
    let resolved = org(&[(
        "shop",
        &[
            ("checkout/Dockerfile", GO_DOCKERFILE),
            ("checkout/go.mod", "module checkout\n\ngo 1.22\n"),
            ("checkout/cmd/main.go", checkout),
            ("payments/Dockerfile", GO_DOCKERFILE),
            ("payments/go.mod", "module payments\n\ngo 1.22\n"),
            ("payments/cmd/main.go", payments),
            ("refunds/Dockerfile", GO_DOCKERFILE),
            ("refunds/go.mod", "module refunds\n\ngo 1.22\n"),
            ("refunds/cmd/main.go", refunds),
        ],
    )]);
    insta::assert_snapshot!(format!("{}\n{}", summary(&resolved), channel_edges(&resolved)), @r#"
    component:checkout repo="shop" root="checkout"
    component:payments repo="shop" root="payments"
    component:refunds repo="shop" root="refunds"
    component:checkout -depends_on-> component:payments
    component:checkout -publishes-> channel:payments
    component:checkout -publishes-> channel:refunds
    component:payments -subscribes-> channel:payments
    "#);
}
