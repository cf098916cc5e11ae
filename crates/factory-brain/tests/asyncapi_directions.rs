//! AsyncAPI 2's `publish` and `subscribe`, settled by the document's own service's code: the
//! planted-mismatch evaluation's payments-api documents its Kafka events the spec's way
//! (`"subscribe": {"operationId": "paymentCaptured"}`: others subscribe to what it sends) and
//! sends them with Confluent.Kafka's `ProduceAsync`.

mod support;

/// payments-api's AsyncAPI 2.5 document (JSON, as Swashbuckle's neighbours write it): one
/// channel under `verb`, its message's payload `paymentId`, `capturedAt`.
fn payments_events(verb: &str) -> String {
    format!(
        r##"{{"asyncapi": "2.5.0", "info": {{"title": "payments events", "version": "1.2.0"}},
  "channels": {{"payments.payment-captured": {{"{verb}": {{"operationId": "paymentCaptured", "message": {{"$ref": "#/components/messages/PaymentCaptured"}}}}}}}},
  "components": {{"messages": {{"PaymentCaptured": {{"name": "PaymentCaptured", "payload": {{"$ref": "#/components/schemas/PaymentCaptured"}}}}}},
    "schemas": {{"PaymentCaptured": {{"type": "object", "properties": {{"paymentId": {{"type": "string"}}, "capturedAt": {{"type": "string"}}}}}}}}}}}}
"##
    )
}

const PRODUCER: &str = "using Confluent.Kafka;\n\nnamespace Payments.Api.Events;\n\npublic static class Topics\n{\n    public const string PaymentCaptured = \"payments.payment-captured\";\n}\n\npublic sealed class EventPublisher\n{\n    private readonly IProducer<string, string> _producer;\n\n    public Task CapturedAsync(string json) =>\n        _producer.ProduceAsync(Topics.PaymentCaptured, new Message<string, string> { Value = json });\n}\n";

const CONSUMER: &str = "using Confluent.Kafka;\n\nnamespace Payments.Api.Events;\n\npublic sealed class CaptureAudit\n{\n    public void Run(IConsumer<string, string> consumer)\n    {\n        consumer.Subscribe(\"payments.payment-captured\");\n    }\n}\n";

const LEDGER: &str = "package com.acme.ledger;\n\nimport org.springframework.kafka.annotation.KafkaListener;\n\npublic class PaymentEventsListener {\n    @KafkaListener(topics = \"payments.payment-captured\", groupId = \"ledger\")\n    public void onCaptured(PaymentCaptured evt) {\n        book(evt.paymentId(), evt.acquirerId());\n    }\n}\n";

const LEDGER_RECORD: &str = "package com.acme.ledger;\n\npublic record PaymentCaptured(String paymentId, String acquirerId) {\n}\n";

const RISK: &str = "package events\n\nimport \"github.com/segmentio/kafka-go\"\n\nfunc disputes(brokers []string) *kafka.Reader {\n\treturn kafka.NewReader(kafka.ReaderConfig{Brokers: brokers, GroupID: \"risk\", Topic: \"payments.payment-disputed\"})\n}\n\nfunc captures(brokers []string) *kafka.Reader {\n\treturn kafka.NewReader(kafka.ReaderConfig{Brokers: brokers, GroupID: \"risk\", Topic: \"payments.payment-captured\"})\n}\n";

/// The org: payments-api with its document (`verb`) and `code`, ledger-java and risk-go.
fn payments_org(verb: &str, code: &[(&str, &str)]) -> Vec<(&'static str, Vec<(String, String)>)> {
    let mut payments: Vec<(String, String)> = vec![("docs/asyncapi.json".into(), payments_events(verb)), ("Dockerfile".into(), "FROM mcr.microsoft.com/dotnet/aspnet:8.0\n".into())];
    payments.extend(code.iter().map(|(path, text)| (path.to_string(), text.to_string())));
    vec![
        ("payments-api", payments),
        (
            "ledger-java",
            vec![
                ("src/main/java/com/acme/ledger/PaymentEventsListener.java".into(), LEDGER.into()),
                ("src/main/java/com/acme/ledger/PaymentCaptured.java".into(), LEDGER_RECORD.into()),
                ("Dockerfile".into(), "FROM eclipse-temurin:21\n".into()),
            ],
        ),
        ("risk-go", vec![("internal/events/consume.go".into(), RISK.into()), ("go.mod".into(), "module github.com/acme/risk\n\ngo 1.22\n".into()), ("Dockerfile".into(), "FROM golang:1.22\n".into())]),
    ]
}

/// The channel edges and the check's findings of the org.
fn outcome(org: &[(&'static str, Vec<(String, String)>)]) -> String {
    let borrowed: Vec<(&str, Vec<(&str, &str)>)> = org.iter().map(|(name, files)| (*name, support::borrowed(files))).collect();
    let repos: Vec<(&str, &[(&str, &str)])> = borrowed.iter().map(|(name, files)| (*name, files.as_slice())).collect();
    let resolved = support::org(&repos);
    let findings = factory_brain::check::check_with_calls(&support::as_graph(&resolved), &resolved.reads, &resolved.unmatched_calls);
    format!("{}\n--\n{}", support::channel_edges(&resolved), support::finding_summary(&findings).join("\n"))
}

/// The document says payments-api subscribes; its code only sends to the topic: it publishes
/// (the spec's view), so ledger-java's and risk-go's subscriptions reach the message, their
/// reads are checked against it (`acquirerId`), and risk-go's topic nobody offers is reported.
/// The other way round, a documented `publish` (read plainly) whose owner's code only reads the
/// topic is a subscription.
#[test]
fn a_documented_direction_the_owners_code_only_goes_against_is_turned() {
    insta::assert_snapshot!(outcome(&payments_org("subscribe", &[("src/Payments.Api/Events/EventPublisher.cs", PRODUCER)])), @r"
    component:ledger-java -subscribes-> channel:payments.payment-captured
    component:ledger-java -subscribes-> message:payments-events/payments.payment-captured
    component:payments-api -publishes-> channel:payments.payment-captured
    component:payments-api -publishes-> message:payments-events/payments.payment-captured
    component:risk-go -subscribes-> channel:payments.payment-captured
    component:risk-go -subscribes-> channel:payments.payment-disputed
    component:risk-go -subscribes-> message:payments-events/payments.payment-captured
    --
    missing-field acquirerId api:payments-events
    consumed-message-missing payments.payment-disputed api:payments-events
    ");
    insta::assert_snapshot!(outcome(&payments_org("publish", &[("src/Payments.Api/Events/CaptureAudit.cs", CONSUMER)])), @r"
    component:ledger-java -subscribes-> channel:payments.payment-captured
    component:payments-api -subscribes-> channel:payments.payment-captured
    component:payments-api -subscribes-> message:payments-events/payments.payment-captured
    component:risk-go -subscribes-> channel:payments.payment-captured
    component:risk-go -subscribes-> channel:payments.payment-disputed
    --
    ");
}

/// Near misses: the owner's code reading the topic leaves the document's `subscribe` standing,
/// as does an owner whose code names no topic, or both sends to it and reads it.
#[test]
fn a_documented_direction_stands_unless_the_owners_code_only_goes_the_other_way() {
    insta::assert_snapshot!(outcome(&payments_org("subscribe", &[("src/Payments.Api/Events/CaptureAudit.cs", CONSUMER)])), @r"
    component:ledger-java -subscribes-> channel:payments.payment-captured
    component:payments-api -subscribes-> channel:payments.payment-captured
    component:payments-api -subscribes-> message:payments-events/payments.payment-captured
    component:risk-go -subscribes-> channel:payments.payment-captured
    component:risk-go -subscribes-> channel:payments.payment-disputed
    --
    ");
    insta::assert_snapshot!(outcome(&payments_org("subscribe", &[])), @r"
    component:ledger-java -subscribes-> channel:payments.payment-captured
    component:payments-api -subscribes-> channel:payments.payment-captured
    component:payments-api -subscribes-> message:payments-events/payments.payment-captured
    component:risk-go -subscribes-> channel:payments.payment-captured
    component:risk-go -subscribes-> channel:payments.payment-disputed
    --
    ");
    insta::assert_snapshot!(outcome(&payments_org("subscribe", &[("src/Payments.Api/Events/EventPublisher.cs", PRODUCER), ("src/Payments.Api/Events/CaptureAudit.cs", CONSUMER)])), @r"
    component:ledger-java -subscribes-> channel:payments.payment-captured
    component:payments-api -publishes-> channel:payments.payment-captured
    component:payments-api -publishes-> message:payments-events/payments.payment-captured
    component:payments-api -subscribes-> channel:payments.payment-captured
    component:payments-api -subscribes-> message:payments-events/payments.payment-captured
    component:risk-go -subscribes-> channel:payments.payment-captured
    component:risk-go -subscribes-> channel:payments.payment-disputed
    --
    ");
}
