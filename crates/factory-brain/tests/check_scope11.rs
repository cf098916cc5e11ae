//! Which reads a consumer's check covers, continued: a struct's JSON tags in a file linked to an
//! event publisher, a shape of the sixth planted-mismatch evaluation of 2026-12-07 (orgs built by
//! a helper to test `brain check`, not copies of a public system): risk-go's `PaymentDisputed`,
//! decoded from a topic nobody publishes, sits beside the topic constants that link its file to
//! payments-api.

mod support;

use support::{check_repos as check, finding_summary};

const CONSUMER: &str = "package events\n\nimport (\n\t\"context\"\n\t\"encoding/json\"\n\n\t\"github.com/segmentio/kafka-go\"\n)\n\nfunc ConsumeFailed(ctx context.Context, s Scorer) error {\n\tr := kafka.NewReader(kafka.ReaderConfig{Brokers: []string{\"kafka:9092\"}, GroupID: \"risk\", Topic: TopicPaymentFailed})\n\tfor {\n\t\tm, err := r.ReadMessage(ctx)\n\t\tif err != nil {\n\t\t\treturn err\n\t\t}\n\t\tvar evt PaymentFailed\n\t\tif err := json.Unmarshal(m.Value, &evt); err != nil {\n\t\t\tcontinue\n\t\t}\n\t\ts.Failed(ctx, evt)\n\t}\n}\n\nfunc ConsumeDisputed(ctx context.Context, s Scorer) error {\n\tr := kafka.NewReader(kafka.ReaderConfig{Brokers: []string{\"kafka:9092\"}, GroupID: \"risk\", Topic: TopicPaymentDisputed})\n\tfor {\n\t\tm, err := r.ReadMessage(ctx)\n\t\tif err != nil {\n\t\t\treturn err\n\t\t}\n\t\tvar evt PaymentDisputed\n\t\tif err := json.Unmarshal(m.Value, &evt); err != nil {\n\t\t\tcontinue\n\t\t}\n\t\ts.Disputed(ctx, evt)\n\t}\n}\n";

/// risk-go's findings, its `PaymentFailed` struct tagging `failed_fields`.
fn risk_findings(failed_fields: &str) -> Vec<String> {
    let publisher = support::published_event("Payments events", "payments.payment-failed", "PaymentFailed", &[("paymentId", "string"), ("failureCode", "string")]);
    let events = format!(
        "package events\n\nconst (\n\tTopicPaymentFailed   = \"payments.payment-failed\"\n\tTopicPaymentDisputed = \"payments.payment-disputed\"\n)\n\n// PaymentFailed is published by payments-api.\ntype PaymentFailed struct {{\n{failed_fields}}}\n\n// PaymentDisputed is a chargeback notification.\ntype PaymentDisputed struct {{\n\tPaymentID string `json:\"paymentId\"`\n\tReason    string `json:\"reason\"`\n}}\n"
    );
    let findings = check(&[
        ("payments-api", &[("docs/asyncapi.yaml", publisher.as_str()), ("Program.cs", "var app = WebApplication.Create(args);\napp.Run();\n"), ("Payments.csproj", "<Project Sdk=\"Microsoft.NET.Sdk.Web\"></Project>\n"), ("Dockerfile", "FROM mcr.microsoft.com/dotnet/aspnet:8.0\n")]),
        ("risk-go", &[("internal/events/payments.go", events.as_str()), ("internal/events/consumer.go", CONSUMER), ("go.mod", "module example.com/risk\n\ngo 1.22\n"), ("Dockerfile", "FROM golang:1.22\n")]),
    ]);
    finding_summary(&findings)
}

/// `Reason string `json:"reason"`` of `PaymentDisputed` is no read of payments-api's events:
/// the struct is named like no message of theirs, and its file is linked to payments-api only by
/// the topic constants it declares (the topic itself, which payments-api does not publish, is
/// reported as such).
#[test]
fn a_struct_tag_in_a_file_linked_to_an_event_publisher_is_no_read_of_its_messages() {
    insta::assert_debug_snapshot!(risk_findings("\tPaymentID   string `json:\"paymentId\"`\n\tFailureCode string `json:\"failureCode\"`\n"), @r#"
    [
        "consumed-message-missing payments.payment-disputed api:payments-events",
    ]
    "#);
}

/// Near miss: a tag of the struct named like payments-api's `PaymentFailed` message is that
/// message's field: `retryCount`, which the message lacks, is reported.
#[test]
fn a_struct_named_like_the_message_is_checked_against_it() {
    insta::assert_debug_snapshot!(risk_findings("\tPaymentID   string `json:\"paymentId\"`\n\tRetryCount  int    `json:\"retryCount\"`\n"), @r#"
    [
        "missing-field retryCount api:payments-events",
        "consumed-message-missing payments.payment-disputed api:payments-events",
    ]
    "#);
}
