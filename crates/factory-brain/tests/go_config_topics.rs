//! Go services configured through viper (GlobeCo's fix-engine and confirmation service): the
//! hosts they call and the Kafka topics they use are given in their YAML config or as the
//! code's defaults, and read from a config struct's fields.

mod support;

use support::{org, summary};

const DOCKERFILE: &str = "FROM golang:1.22\nWORKDIR /app\nCOPY . .\nRUN go build -o /app/service ./cmd/service\nENTRYPOINT [\"/app/service\"]\n";

/// A Go service's repo: its Dockerfile, `go.mod`, a `main.go` serving a route, and `files`.
fn service<'a>(name: &str, files: &[(&'a str, &'a str)]) -> Vec<(String, String)> {
    let main = format!("package main\n\nimport \"net/http\"\n\nfunc main() {{\n\thttp.HandleFunc(\"/api/v1/{name}\", handle)\n\thttp.ListenAndServe(\":8080\", nil)\n}}\n");
    let mut all = vec![("Dockerfile".to_string(), DOCKERFILE.to_string()), ("go.mod".to_string(), format!("module github.com/acme/{name}\n\ngo 1.22\n")), ("cmd/service/main.go".to_string(), main)];
    all.extend(files.iter().map(|(path, text)| (path.to_string(), text.to_string())));
    all
}

fn resolve(repos: &[(&str, Vec<(String, String)>)]) -> String {
    let borrowed: Vec<Vec<(&str, &str)>> = repos.iter().map(|(_, files)| files.iter().map(|(path, text)| (path.as_str(), text.as_str())).collect()).collect();
    let repos: Vec<(&str, &[(&str, &str)])> = repos.iter().zip(&borrowed).map(|((name, _), files)| (*name, files.as_slice())).collect();
    summary(&org(&repos))
}

/// GlobeCo's fix-engine: `config/config.yaml` gives `SecuritySvc: {Host: globeco-security-service,
/// Port: 8000}` with no `://` in the file, and `internal/config/config.go` the viper defaults
/// `SetDefault("PricingSvc.Host", ..)` with `SetDefault("PricingSvc.Port", 8083)`; the clients
/// build `http://%s:%d/..` from the struct. A host key with no port beside it (`AuditSvc.Host`,
/// in the YAML and as a default) names no service called.
#[test]
fn a_go_services_yaml_and_viper_defaults_name_hosts_beside_ports() {
    let yaml = "AppEnv: development\nHTTPPort: 8085\n\nSecuritySvc:\n  Host: security\n  Port: 8000\n\nAuditSvc:\n  Host: audit\n  Enabled: true\n";
    let config = "package config\n\nimport \"github.com/spf13/viper\"\n\nfunc Load() (*Config, error) {\n\tviper.SetConfigName(\"config\")\n\tviper.SetDefault(\"PricingSvc.Host\", \"pricing\")\n\tviper.SetDefault(\"PricingSvc.Port\", 8083)\n\tviper.SetDefault(\"LedgerSvc.Host\", \"ledger\")\n\tvar cfg Config\n\terr := viper.Unmarshal(&cfg)\n\treturn &cfg, err\n}\n";
    let client = "package service\n\nimport (\n\t\"fmt\"\n\t\"net/http\"\n)\n\nfunc (c *Client) Get(id string) (*http.Response, error) {\n\turl := fmt.Sprintf(\"http://%s:%d/api/v1/items/%s\", c.cfg.Host, c.cfg.Port, id)\n\treturn http.Get(url)\n}\n";
    let summary = resolve(&[
        ("engine", service("engine", &[("config/config.yaml", yaml), ("internal/config/config.go", config), ("internal/service/client.go", client)])),
        ("security", service("security", &[])),
        ("pricing", service("pricing", &[])),
        ("audit", service("audit", &[])),
        ("ledger", service("ledger", &[])),
    ]);
    insta::assert_snapshot!(summary, @r#"
    component:audit repo="audit" root=""
    component:engine repo="engine" root=""
    component:ledger repo="ledger" root=""
    component:pricing repo="pricing" root=""
    component:security repo="security" root=""
    component:engine -depends_on-> component:pricing
    component:engine -depends_on-> component:security
    "#);
}

/// GlobeCo's Kafka topics: fix-engine reads `kafka.ReaderConfig{Topic: cfg.OrdersTopic}` given
/// `Kafka: {OrdersTopic: orders}` in its `config/config.yaml`, and writes
/// `kafka.WriterConfig{Topic: cfg.FillsTopic}` given only `viper.SetDefault("Kafka.FillsTopic",
/// "fills")`; confirmation reads `Topic: config.Kafka.Topic` given `kafka: {topic: "fills"}` and
/// the same default in its `GetDefaults()` `KafkaConfig{Topic: "fills"}`. An auditor with no
/// YAML reads the default of its struct literal. Near misses: a ledger whose YAML's `topic:
/// ledger` overrides its default `Topic: "orders"` (viper's config file wins over a default),
/// and fix-engine's `cfg.DeadLetterTopic` beside a YAML `DeadLetter: {Topic: audit}`, a key of
/// another field.
#[test]
fn go_kafka_topics_held_in_config_structs_are_read_from_the_repos_config() {
    let publisher = "package events\n\nimport \"github.com/segmentio/kafka-go\"\n\nfunc Writers() []*kafka.Writer {\n\torders := kafka.NewWriter(kafka.WriterConfig{Brokers: []string{\"kafka:9092\"}, Topic: \"orders\"})\n\taudit := kafka.NewWriter(kafka.WriterConfig{Brokers: []string{\"kafka:9092\"}, Topic: \"audit\"})\n\treturn []*kafka.Writer{orders, audit}\n}\n";
    let engine_yaml = "Kafka:\n  Brokers:\n    - kafka:9092\n  OrdersTopic: orders\n  ConsumerGroup: fix_engine\n\nDeadLetter:\n  Topic: audit\n";
    let engine_config = "package config\n\nimport \"github.com/spf13/viper\"\n\nfunc Load() {\n\tviper.SetDefault(\"Kafka.OrdersTopic\", \"orders\")\n\tviper.SetDefault(\"Kafka.FillsTopic\", \"fills\")\n}\n";
    let engine_kafka = "package kafka\n\nimport (\n\t\"github.com/acme/engine/internal/config\"\n\t\"github.com/segmentio/kafka-go\"\n)\n\nfunc NewOrdersConsumer(cfg config.KafkaConfig) *kafka.Reader {\n\treturn kafka.NewReader(kafka.ReaderConfig{\n\t\tBrokers: cfg.Brokers,\n\t\tTopic:   cfg.OrdersTopic,\n\t})\n}\n\nfunc NewFillsProducer(cfg config.KafkaConfig) *kafka.Writer {\n\treturn kafka.NewWriter(kafka.WriterConfig{Brokers: cfg.Brokers, Topic: cfg.FillsTopic})\n}\n\nfunc NewDeadLetterProducer(cfg config.KafkaConfig) *kafka.Writer {\n\treturn kafka.NewWriter(kafka.WriterConfig{Brokers: cfg.Brokers, Topic: cfg.DeadLetterTopic})\n}\n";
    let defaults = |topic: &str| format!("package config\n\ntype KafkaConfig struct {{\n\tTopic string `mapstructure:\"topic\"`\n}}\n\nfunc GetDefaults() *Config {{\n\treturn &Config{{\n\t\tKafka: KafkaConfig{{\n\t\t\tBrokers: []string{{\"kafka:9092\"}},\n\t\t\tTopic:   \"{topic}\",\n\t\t}},\n\t}}\n}}\n");
    let consumer = "package service\n\nimport (\n\t\"github.com/segmentio/kafka-go\"\n)\n\nfunc NewKafkaConsumerService(config KafkaConsumerConfig) *kafka.Reader {\n\treturn kafka.NewReader(kafka.ReaderConfig{\n\t\tBrokers: config.Kafka.Brokers,\n\t\tTopic:   config.Kafka.Topic,\n\t})\n}\n";
    let (fills_defaults, audit_defaults, ledger_defaults) = (defaults("fills"), defaults("audit"), defaults("orders"));
    let summary = resolve(&[
        ("execution", service("execution", &[("internal/events/writers.go", publisher)])),
        ("engine", service("engine", &[("config/config.yaml", engine_yaml), ("internal/config/config.go", engine_config), ("internal/kafka/kafka.go", engine_kafka)])),
        ("confirmation", service("confirmation", &[("config.yaml", "kafka:\n  brokers:\n    - \"kafka:9092\"\n  topic: \"fills\"\n"), ("internal/config/config.go", &fills_defaults), ("internal/service/kafka_consumer.go", consumer)])),
        ("auditor", service("auditor", &[("internal/config/config.go", &audit_defaults), ("internal/service/kafka_consumer.go", consumer)])),
        ("ledger", service("ledger", &[("config.yaml", "kafka:\n  topic: ledger\n"), ("internal/config/config.go", &ledger_defaults), ("internal/service/kafka_consumer.go", consumer)])),
    ]);
    insta::assert_snapshot!(summary, @r#"
    component:auditor repo="auditor" root=""
    component:confirmation repo="confirmation" root=""
    component:engine repo="engine" root=""
    component:execution repo="execution" root=""
    component:ledger repo="ledger" root=""
    component:engine -depends_on-> component:confirmation
    component:execution -depends_on-> component:auditor
    component:execution -depends_on-> component:engine
    "#);
}
