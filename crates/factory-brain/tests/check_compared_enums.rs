//! Constants consumer code compares a field with, checked against the provider's enum: shapes
//! of the seventh planted-mismatch evaluation of 2026-12-07 (orgs built by a helper to test
//! `brain check`, not copies of a public system), org K's pricing consumer switching on a
//! decoded event's `Reason` with a `case` its provider's AsyncAPI enum lacks (K4), and a web
//! front end comparing an order's `status` with a value the provider's OpenAPI enum lacks.

mod support;

use support::{check_repos as check, finding_summary};

const CONSUMER: &str = "package events\n\nimport (\n\t\"context\"\n\t\"encoding/json\"\n\n\t\"github.com/segmentio/kafka-go\"\n)\n\nfunc Consume(ctx context.Context, s Repricer) error {\n\tr := kafka.NewReader(kafka.ReaderConfig{Brokers: []string{\"kafka:9092\"}, GroupID: \"pricing\", Topic: \"catalog.price-changed\"})\n\tfor {\n\t\tm, err := r.ReadMessage(ctx)\n\t\tif err != nil {\n\t\t\treturn err\n\t\t}\n\t\tvar evt PriceChanged\n\t\tif err := json.Unmarshal(m.Value, &evt); err != nil {\n\t\t\tcontinue\n\t\t}\n\t\ts.Reprice(ctx, evt.Sku, weight(evt))\n\t}\n}\n";

/// pricing's findings, its `weight` switching on the event's `Reason` with `cases`.
fn pricing_findings(cases: &str) -> Vec<String> {
    let publisher = support::published_event("Catalog events", "catalog.price-changed", "PriceChanged", &[("sku", "string"), ("reason", "string, enum: [MANUAL, PROMOTION, COST_CHANGE]")]);
    let events = format!("package events\n\ntype PriceChanged struct {{\n\tSku    string `json:\"sku\"`\n\tReason string `json:\"reason\"`\n}}\n\nfunc weight(evt PriceChanged) int {{\n\tswitch evt.Reason {{\n{cases}\tdefault:\n\t\treturn 0\n\t}}\n}}\n");
    let findings = check(&[
        ("catalog", &[("docs/asyncapi.yaml", publisher.as_str()), ("Program.cs", "var app = WebApplication.Create(args);\napp.Run();\n"), ("Catalog.csproj", "<Project Sdk=\"Microsoft.NET.Sdk.Web\"></Project>\n"), ("Dockerfile", "FROM mcr.microsoft.com/dotnet/aspnet:8.0\n")]),
        ("pricing", &[("internal/events/price_changed.go", events.as_str()), ("internal/events/consumer.go", CONSUMER), ("go.mod", "module example.com/pricing\n\ngo 1.22\n"), ("Dockerfile", "FROM golang:1.22\n")]),
    ]);
    finding_summary(&findings)
}

/// `case "CLEARANCE":` waits for a reason `PriceChanged` never carries.
#[test]
fn a_go_switch_case_the_messages_enum_lacks_is_a_finding() {
    insta::assert_debug_snapshot!(pricing_findings("\tcase \"PROMOTION\":\n\t\treturn 2\n\tcase \"CLEARANCE\":\n\t\treturn 3\n"), @r#"
    [
        "enum-value-missing CLEARANCE api:catalog-events",
    ]
    "#);
}

/// Near miss: cases the enum has.
#[test]
fn a_go_switch_on_the_enums_values_is_no_finding() {
    insta::assert_debug_snapshot!(pricing_findings("\tcase \"PROMOTION\", \"MANUAL\":\n\t\treturn 2\n"), @"[]");
}

/// web's findings, its order page comparing the order's status with `status`.
fn web_findings(status: &str) -> Vec<String> {
    let orders = support::get_operation("Orders", "/v1/orders/{id}", "Order", &[("id", "string"), ("status", "string, enum: [PENDING, PAID, SHIPPED]")]);
    let page = format!("const ORDERS = process.env.ORDERS_URL ?? 'http://orders:8080';\n\nexport async function badge(id: string): Promise<string> {{\n  const order = await (await fetch(`${{ORDERS}}/v1/orders/${{id}}`)).json();\n  if (order.status === '{status}') {{\n    return 'on its way';\n  }}\n  return order.id;\n}}\n");
    let findings = check(&[
        ("orders", &[("openapi.yaml", orders.as_str()), ("main.go", "package main\n\nfunc main() {}\n"), ("go.mod", "module example.com/orders\n\ngo 1.22\n"), ("Dockerfile", "FROM golang:1.22\n")]),
        ("web", &[("src/orders.ts", page.as_str()), ("package.json", "{\"name\": \"web\"}\n"), ("Dockerfile", "FROM node:20\n")]),
    ]);
    finding_summary(&findings)
}

/// `order.status === 'DELIVERED'`: `Order.status` is never `DELIVERED`.
#[test]
fn a_response_field_compared_with_a_value_its_enum_lacks_is_a_finding() {
    insta::assert_debug_snapshot!(web_findings("DELIVERED"), @r#"
    [
        "enum-value-missing DELIVERED api:orders",
    ]
    "#);
}

/// Near miss: a value of the enum, in another case (the code may compare a lowered copy).
#[test]
fn a_response_field_compared_with_its_enums_value_is_no_finding() {
    insta::assert_debug_snapshot!(web_findings("shipped"), @"[]");
}

/// notifications' findings: a kafkajs consumer hands each message to a handler in another file
/// whose parameter is typed with an interface named like the message less its `Event` suffix
/// (`AccountLifecycleEvent`), switching on `event_type` with the case `case_value` (org M of the
/// eighth planted-mismatch evaluation, M7).
fn notifications_findings(case_value: &str) -> Vec<String> {
    let accounts = support::published_event("Accounts events", "accounts.lifecycle.v1", "AccountLifecycleEvent", &[("account_id", "string"), ("event_type", "string, enum: [ACCOUNT_OPENED, ACCOUNT_CLOSED]")]);
    let index = "import { Kafka } from 'kafkajs';\nimport { handle } from './handler';\n\nconst kafka = new Kafka({ clientId: 'notifications', brokers: ['kafka:9092'] });\n\nexport async function main(): Promise<void> {\n  const consumer = kafka.consumer({ groupId: 'notifications' });\n  await consumer.subscribe({ topic: 'accounts.lifecycle.v1' });\n  await consumer.run({ eachMessage: async ({ message }) => handle(JSON.parse(message.value!.toString())) });\n}\n";
    let types = "export interface AccountLifecycleEvent {\n  account_id: string;\n  event_type: string;\n}\n";
    let handler = format!("import {{ AccountLifecycleEvent }} from './types';\n\nexport async function handle(evt: AccountLifecycleEvent): Promise<void> {{\n  switch (evt.event_type) {{\n    case 'ACCOUNT_OPENED':\n      break;\n    case '{case_value}':\n      break;\n  }}\n}}\n");
    let findings = check(&[
        ("accounts", &[("asyncapi.yaml", accounts.as_str()), ("main.go", "package main\n\nfunc main() {}\n"), ("go.mod", "module example.com/accounts\n\ngo 1.22\n"), ("Dockerfile", "FROM golang:1.22\n")]),
        ("notifications", &[("src/index.ts", index), ("src/types.ts", types), ("src/handler.ts", handler.as_str()), ("package.json", "{\"name\": \"notifications\"}\n"), ("Dockerfile", "FROM node:20\n")]),
    ]);
    finding_summary(&findings)
}

/// `case 'ACCOUNT_SUSPENDED':` on the event's `event_type`, which the message's enum lacks.
#[test]
fn a_handlers_switch_on_an_event_type_the_messages_enum_lacks_is_a_finding() {
    insta::assert_debug_snapshot!(notifications_findings("ACCOUNT_SUSPENDED"), @r#"
    [
        "enum-value-missing ACCOUNT_SUSPENDED api:accounts-events",
    ]
    "#);
}

/// Near miss: the enum's values.
#[test]
fn a_handlers_switch_on_the_messages_values_is_no_finding() {
    insta::assert_debug_snapshot!(notifications_findings("ACCOUNT_CLOSED"), @"[]");
}

/// fulfillment's findings: a NATS subscriber validates an `OrderCancelled` event with pydantic
/// and compares its `reason` (a member of an HTTP response's envelope, not of an event's) with
/// `value` (org P of the eighth planted-mismatch evaluation, P9).
fn fulfillment_findings(value: &str) -> Vec<String> {
    let orders = support::published_event("Order events", "orders.cancelled", "OrderCancelled", &[("order_id", "string"), ("reason", "string, enum: [CUSTOMER_REQUEST, OUT_OF_STOCK]")]);
    let worker = format!("import nats\nfrom nats.aio.msg import Msg\n\nfrom .models import OrderCancelled\n\n\nasync def on_order_cancelled(msg: Msg) -> None:\n    evt = OrderCancelled.model_validate_json(msg.data)\n    if evt.reason == \"{value}\":\n        print(\"held\", evt.order_id)\n\n\nasync def main() -> None:\n    nc = await nats.connect(\"nats://nats:4222\")\n    await nc.subscribe(\"orders.cancelled\", cb=on_order_cancelled)\n");
    let findings = check(&[
        ("orders", &[("asyncapi.yaml", orders.as_str()), ("main.go", "package main\n\nfunc main() {}\n"), ("go.mod", "module example.com/orders\n\ngo 1.22\n"), ("Dockerfile", "FROM golang:1.22\n")]),
        ("fulfillment", &[("fulfillment/worker.py", worker.as_str()), ("requirements.txt", "nats-py\npydantic\n"), ("Dockerfile", "FROM python:3.12\n")]),
    ]);
    finding_summary(&findings)
}

/// `evt.reason == "FRAUD_SUSPECTED"`: the event's enum lacks it.
#[test]
fn an_events_reason_compared_with_a_value_its_enum_lacks_is_a_finding() {
    insta::assert_debug_snapshot!(fulfillment_findings("FRAUD_SUSPECTED"), @r#"
    [
        "enum-value-missing FRAUD_SUSPECTED api:order-events",
    ]
    "#);
}

/// Near miss: a value of the enum.
#[test]
fn an_events_reason_compared_with_its_enums_value_is_no_finding() {
    insta::assert_debug_snapshot!(fulfillment_findings("OUT_OF_STOCK"), @"[]");
}

/// billing's findings: a C# switch expression on a response's `Status` with the arm `arm` (the
/// shape of org S's dunning-worker, ninth planted-mismatch evaluation, S5).
fn billing_findings(arm: &str) -> Vec<String> {
    let orders = support::get_operation("Orders", "/v1/orders/{id}", "Order", &[("id", "string"), ("status", "string, enum: [PENDING, PAID, SHIPPED]")]);
    let client = format!("using System.Net.Http.Json;\n\nnamespace Billing;\n\npublic sealed class OrdersClient(HttpClient http)\n{{\n    public async Task<int> WeightAsync(string id)\n    {{\n        var order = await http.GetFromJsonAsync<OrderDto>($\"http://orders:8080/v1/orders/{{id}}\");\n        return order!.Status switch\n        {{\n            \"PAID\" or {arm} => 2,\n            _ => 0,\n        }};\n    }}\n}}\n\npublic sealed record OrderDto(string Id, string Status);\n");
    let findings = check(&[
        ("orders", &[("openapi.yaml", orders.as_str()), ("main.go", "package main\n\nfunc main() {}\n"), ("go.mod", "module example.com/orders\n\ngo 1.22\n"), ("Dockerfile", "FROM golang:1.22\n")]),
        ("billing", &[("src/Billing/OrdersClient.cs", client.as_str()), ("src/Billing/Billing.csproj", "<Project Sdk=\"Microsoft.NET.Sdk.Web\"></Project>\n"), ("Dockerfile", "FROM mcr.microsoft.com/dotnet/aspnet:8.0\n")]),
    ]);
    finding_summary(&findings)
}

/// `"REFUNDED" =>`: an arm for a status `Order.status` never has.
#[test]
fn a_csharp_switch_expressions_arm_the_enum_lacks_is_a_finding() {
    insta::assert_debug_snapshot!(billing_findings("\"REFUNDED\""), @r#"
    [
        "enum-value-missing REFUNDED api:orders",
    ]
    "#);
}

/// Near miss: arms of the enum's values.
#[test]
fn a_csharp_switch_expression_on_the_enums_values_is_no_finding() {
    insta::assert_debug_snapshot!(billing_findings("\"SHIPPED\""), @"[]");
}

/// learner-bff's findings: a kafkajs consumer's method takes the event as `ev: SubmissionGraded`
/// and switches on its `verdict` with `case_value` (org U of the tenth planted-mismatch
/// evaluation, U3: `ev` was no name a message is held under).
fn learner_findings(case_value: &str) -> Vec<String> {
    let submissions = support::published_event("Submission events", "learn.submissions.graded.v1", "SubmissionGraded", &[("lessonId", "string"), ("verdict", "string, enum: [PASSED, FAILED, NEEDS_REVIEW]")]);
    let consumer = format!("import {{ Kafka }} from 'kafkajs';\n\nexport interface SubmissionGraded {{\n  lessonId: string;\n  verdict: string;\n}}\n\nconst kafka = new Kafka({{ clientId: 'learner-bff', brokers: ['kafka:9092'] }});\n\nexport class GradedConsumer {{\n  async start(): Promise<void> {{\n    const consumer = kafka.consumer({{ groupId: 'learner-bff' }});\n    await consumer.subscribe({{ topic: 'learn.submissions.graded.v1' }});\n    await consumer.run({{ eachMessage: async ({{ message }}) => {{\n      const ev = JSON.parse(message.value!.toString()) as SubmissionGraded;\n      console.log(this.headline(ev));\n    }} }});\n  }}\n\n  private headline(ev: SubmissionGraded): string {{\n    switch (ev.verdict) {{\n      case 'PASSED':\n        return 'You passed!';\n      case '{case_value}':\n        return 'Please resubmit';\n      default:\n        return 'Graded';\n    }}\n  }}\n}}\n");
    finding_summary(&check(&[
        ("submissions", &[("asyncapi.yaml", submissions.as_str()), ("main.go", "package main\n\nfunc main() {}\n"), ("go.mod", "module example.com/submissions\n\ngo 1.22\n"), ("Dockerfile", "FROM golang:1.22\n")]),
        ("learner-bff", &[("src/events/graded.consumer.ts", consumer.as_str()), ("package.json", "{\"name\": \"learner-bff\"}\n"), ("Dockerfile", "FROM node:20\n")]),
    ]))
}

/// `case 'RESUBMIT_REQUESTED':` on `ev.verdict`, which the message's enum lacks.
#[test]
fn a_switch_on_an_ev_parameters_field_the_messages_enum_lacks_is_a_finding() {
    assert_eq!(learner_findings("RESUBMIT_REQUESTED"), ["enum-value-missing RESUBMIT_REQUESTED api:submission-events"]);
}

/// Near miss: a value of the enum.
#[test]
fn a_switch_on_an_ev_parameters_enum_values_is_no_finding() {
    assert_eq!(learner_findings("NEEDS_REVIEW"), Vec::<String>::new());
}
