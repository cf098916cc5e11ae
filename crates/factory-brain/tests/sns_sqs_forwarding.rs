//! An SNS topic read through an SQS queue Terraform subscribes to it: a shape of the tenth
//! planted-mismatch evaluation of 2026-12-07 (orgs built by a helper to test `brain check`, not
//! copies of a public system), org V's billing-engine, whose Spring Cloud AWS listener
//! (`@SqsListener("${billing.session-completed-queue}")`) takes a record with `long stationId`
//! from the queue `aws_sns_topic_subscription` feeds from sessions-service's
//! `vireo-session-completed`, where `stationId` is a string (V5).

mod support;

use support::{check_repos as check, finding_summary};

const LISTENER: &str = "package energy.vireo.billing.messaging;\n\nimport io.awspring.cloud.sqs.annotation.SqsListener;\nimport org.springframework.stereotype.Component;\n\n@Component\npublic class SessionCompletedListener {\n    @SqsListener(\"${billing.session-completed-queue}\")\n    public void onSessionCompleted(SessionCompletedMessage msg) {\n        System.out.println(msg.sessionId() + \" at \" + msg.stationId());\n    }\n}\n";
const SETTINGS: &str = "spring:\n  application:\n    name: billing-engine\n\nbilling:\n  session-completed-queue: ${SESSION_COMPLETED_QUEUE:vireo-billing-session-completed}\n";
const TERRAFORM: &str = "data \"aws_sns_topic\" \"session_completed\" {\n  name = \"vireo-session-completed\"\n}\n\nresource \"aws_sqs_queue\" \"session_completed\" {\n  name = \"vireo-billing-session-completed\"\n}\n\nresource \"aws_sns_topic_subscription\" \"billing\" {\n  topic_arn            = data.aws_sns_topic.session_completed.arn\n  protocol             = \"sqs\"\n  endpoint             = aws_sqs_queue.session_completed.arn\n  raw_message_delivery = true\n}\n";

/// billing-engine's findings, its record's `stationId` a `station_type`, with the Terraform
/// subscription or without it.
fn findings(station_type: &str, subscribed: bool) -> Vec<String> {
    let events = support::published_event("Charging session events", "vireo-session-completed", "SessionCompleted", &[("sessionId", "string"), ("stationId", "string")]);
    let message = format!("package energy.vireo.billing.messaging;\n\npublic record SessionCompletedMessage(\n        String sessionId,\n        {station_type} stationId) {{\n}}\n");
    let mut billing: Vec<(&str, &str)> = vec![
        ("src/main/java/energy/vireo/billing/messaging/SessionCompletedListener.java", LISTENER),
        ("src/main/java/energy/vireo/billing/messaging/SessionCompletedMessage.java", message.as_str()),
        ("src/main/resources/application.yml", SETTINGS),
        ("build.gradle", "plugins {\n    id 'java'\n    id 'org.springframework.boot' version '3.2.5'\n}\n\ndependencies {\n    implementation 'org.springframework.boot:spring-boot-starter-web'\n    implementation 'io.awspring.cloud:spring-cloud-aws-starter-sqs'\n}\n"),
        ("Dockerfile", "FROM eclipse-temurin:21\n"),
    ];
    if subscribed {
        billing.push(("deploy/sqs.tf", TERRAFORM));
    }
    finding_summary(&check(&[
        ("sessions-service", &[("asyncapi.yaml", events.as_str()), ("package.json", "{\"name\": \"sessions-service\"}\n"), ("src/index.ts", "export {};\n"), ("Dockerfile", "FROM node:20\n")]),
        ("billing-engine", &billing),
    ]))
}

/// The queue carries the topic's `SessionCompleted`, whose `stationId` is a string.
#[test]
fn a_queue_subscribed_to_a_topic_carries_the_topics_messages() {
    assert_eq!(findings("long", true), ["type-mismatch stationId api:charging-session-events"]);
}

/// Near misses: the message's own type; and, with no subscription, a queue that carries nothing
/// known.
#[test]
fn the_messages_type_or_no_subscription_is_no_finding() {
    assert_eq!(findings("String", true), Vec::<String>::new());
    assert_eq!(findings("long", false), Vec::<String>::new());
}
