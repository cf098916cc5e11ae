//! kafkajs subscribed to every topic of an object another file declares: a shape of the eighth
//! planted-mismatch evaluation of 2026-12-07 (orgs built by a helper to test `brain check`, not
//! copies of a public system), org M's notifications-worker, whose `src/topics.ts` holds `export
//! const Topics = { .. } as const` and whose consumer subscribes `{ topics: Object.values(Topics)
//! }`, one of them (`payments.failed.v1`) a topic payments' AsyncAPI document lacks (M4).

mod support;

use support::{check_repos as check, finding_summary, org, summary};

const INDEX: &str = "import { Kafka } from 'kafkajs';\nimport { Topics } from './topics';\n\nconst kafka = new Kafka({ clientId: 'notifications', brokers: ['kafka:9092'] });\n\nexport async function main(): Promise<void> {\n  const consumer = kafka.consumer({ groupId: 'notifications' });\n  await consumer.connect();\n  await consumer.subscribe({ topics: Object.values(Topics), fromBeginning: false });\n  await consumer.run({ eachMessage: async ({ topic, message }) => console.log(topic, message.offset) });\n}\n";

/// The org: accounts and payments publishing their events, notifications subscribing to `failed`
/// among its topics.
fn repos(failed: &str) -> Vec<(String, Vec<(String, String)>)> {
    let accounts = support::published_event("Accounts events", "accounts.lifecycle.v1", "AccountLifecycle", &[("account_id", "string")]);
    let payments = format!(
        "{}  payments.refunded.v1:\n    publish:\n      message:\n        name: PaymentRefunded\n        payload:\n          type: object\n          properties:\n            paymentId: {{type: string}}\n",
        support::published_event("Payments events", "payments.completed.v1", "PaymentCompleted", &[("paymentId", "string")])
    );
    let topics = format!("export const Topics = {{\n  accountLifecycle: 'accounts.lifecycle.v1',\n  paymentCompleted: 'payments.completed.v1',\n  paymentFailed: '{failed}',\n}} as const;\n");
    let service = |name: &str, spec: String| (name.to_string(), vec![("asyncapi.yaml".to_string(), spec), ("main.go".to_string(), "package main\n\nfunc main() {}\n".to_string()), ("go.mod".to_string(), format!("module example.com/{name}\n\ngo 1.22\n")), ("Dockerfile".to_string(), "FROM golang:1.22\n".to_string())]);
    vec![
        service("accounts", accounts),
        service("payments", payments),
        ("notifications".to_string(), vec![("src/index.ts".to_string(), INDEX.to_string()), ("src/topics.ts".to_string(), topics), ("package.json".to_string(), "{\"name\": \"notifications\", \"dependencies\": {\"kafkajs\": \"2\"}}\n".to_string()), ("Dockerfile".to_string(), "FROM node:20\n".to_string())]),
    ]
}

fn borrowed(repos: &[(String, Vec<(String, String)>)]) -> Vec<(&str, Vec<(&str, &str)>)> {
    repos.iter().map(|(name, files)| (name.as_str(), support::borrowed(files))).collect()
}

/// Every member of `Topics` is subscribed to, and `payments.failed.v1`, starting like payments'
/// topics, is a message payments' events lack.
#[test]
fn every_topic_of_the_object_is_subscribed_and_a_missing_one_is_named() {
    let repos = repos("payments.failed.v1");
    let repos = borrowed(&repos);
    let listed: Vec<(&str, &[(&str, &str)])> = repos.iter().map(|(name, files)| (*name, files.as_slice())).collect();
    insta::assert_snapshot!(summary(&org(&listed)).lines().filter(|line| line.contains("depends_on")).collect::<Vec<_>>().join("\n"), @r"
    component:accounts -depends_on-> component:notifications
    component:payments -depends_on-> component:notifications
    ");
    insta::assert_debug_snapshot!(finding_summary(&check(&listed)), @r#"
    [
        "consumed-message-missing payments.failed.v1 api:payments-events",
    ]
    "#);
}

/// Near miss: a topic payments' events define.
#[test]
fn a_topic_the_providers_define_is_no_finding() {
    let repos = repos("payments.refunded.v1");
    let repos = borrowed(&repos);
    let listed: Vec<(&str, &[(&str, &str)])> = repos.iter().map(|(name, files)| (*name, files.as_slice())).collect();
    insta::assert_debug_snapshot!(finding_summary(&check(&listed)), @"[]");
}

/// A monorepo whose two services each declare their own `Topics`: each subscribes to its own
/// object's topics, not to the other's (a reviewer's point on the reader above).
#[test]
fn two_services_of_a_monorepo_keep_their_own_topic_objects() {
    let mut repos = repos("payments.refunded.v1");
    repos.pop();
    let audit_topics = "export const Topics = {\n  paymentCompleted: 'payments.completed.v1',\n  paymentFailed: 'payments.failed.v1',\n};\n";
    let notification_topics = "export const Topics = {\n  accountLifecycle: 'accounts.lifecycle.v1',\n  paymentCompleted: 'payments.completed.v1',\n};\n";
    let mut platform = Vec::new();
    for (service, topics) in [("audit", audit_topics), ("notifications", notification_topics)] {
        platform.push((format!("services/{service}/src/index.ts"), INDEX.replace("notifications", service)));
        platform.push((format!("services/{service}/src/topics.ts"), topics.to_string()));
        platform.push((format!("services/{service}/package.json"), format!("{{\"name\": \"{service}\", \"dependencies\": {{\"kafkajs\": \"2\"}}}}\n")));
        platform.push((format!("services/{service}/Dockerfile"), "FROM node:20\n".to_string()));
    }
    repos.push(("platform".to_string(), platform));
    let repos = borrowed(&repos);
    let listed: Vec<(&str, &[(&str, &str)])> = repos.iter().map(|(name, files)| (*name, files.as_slice())).collect();
    insta::assert_snapshot!(summary(&org(&listed)).lines().filter(|line| line.contains("depends_on")).collect::<Vec<_>>().join("\n"), @r"
    component:accounts -depends_on-> component:notifications
    component:payments -depends_on-> component:audit
    component:payments -depends_on-> component:notifications
    ");
    let findings = check(&listed);
    let consumers: Vec<(&str, Option<&str>)> = findings.iter().map(|finding| (finding.rule.as_str(), finding.consumer.as_deref())).collect();
    assert_eq!(consumers, [("consumed-message-missing", Some("component:audit"))]);
}
