//! Terraform, by lexing: each `resource "TYPE" "NAME"` block becomes a `resource:` node
//! named after its `name` argument when it has one (an SQS queue, a database), else NAME. An
//! SNS topic's subscription by an SQS queue (`aws_sns_topic_subscription` with `protocol =
//! "sqs"`) forwards the topic's messages to the queue: `channel:<topic> -forwards_to->
//! channel:<queue>`, by the names the file gives both (a `data "aws_sns_topic"` too), so a
//! service reading the queue reads what is published to the topic (dunning-worker of the ninth
//! planted-mismatch evaluation's org S, billing-engine of the tenth's org V).

use std::collections::BTreeMap;
use std::sync::LazyLock;

use regex::Regex;
use serde_json::json;

use crate::model::{FileFacts, Method};

/// A resource's or a data source's block: `data "aws_sns_topic" "orders" {`.
static BLOCK: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"^\s*(resource|data)\s+"([\w-]+)"\s+"([\w-]+)""#).expect("a valid regex"));
static NAME_ARGUMENT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"^\s*(?:name|identifier|bucket)\s*=\s*"([^"$]+)""#).expect("a valid regex"));
/// An argument naming another block's attribute: `topic_arn = data.aws_sns_topic.orders.arn`.
static REFERENCE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"^\s*(topic_arn|endpoint)\s*=\s*(?:data\.)?(aws_sns_topic|aws_sqs_queue)\.([\w-]+)\.arn\b"#).expect("a valid regex"));
static PROTOCOL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"^\s*protocol\s*=\s*"([\w-]+)""#).expect("a valid regex"));

/// The edge from an SNS topic's channel to the SQS queue's channel subscribed to it.
pub const FORWARDS_TO: &str = "forwards_to";

pub fn read(text: &str) -> FileFacts {
    let mut facts = FileFacts::default();
    let lines: Vec<&str> = text.lines().collect();
    // (type, local name) -> the name it declares, for topics and queues.
    let mut names: BTreeMap<(&str, &str), String> = BTreeMap::new();
    // (topic, queue, line) of each SQS subscription to a topic.
    let mut subscriptions: Vec<(&str, &str, usize)> = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        let Some(captures) = BLOCK.captures(line) else { continue };
        let (kind, resource_type, local_name) = (captures.get(1).map_or("", |found| found.as_str()), captures.get(2).map_or("", |found| found.as_str()), captures.get(3).map_or("", |found| found.as_str()));
        let body: Vec<&str> = lines[index + 1..].iter().take_while(|next| !BLOCK.is_match(next)).copied().collect();
        let declared_name = body.iter().find_map(|next| NAME_ARGUMENT.captures(next).map(|found| found[1].to_string()));
        if matches!(resource_type, "aws_sns_topic" | "aws_sqs_queue") {
            names.insert((resource_type, local_name), declared_name.clone().unwrap_or_else(|| local_name.replace('_', "-")));
        }
        if resource_type == "aws_sns_topic_subscription" {
            let reference = |argument: &str, wanted: &str| body.iter().filter_map(|next| REFERENCE.captures(next)).find(|found| &found[1] == argument && &found[2] == wanted).and_then(|found| found.get(3)).map(|name| name.as_str());
            let sqs = body.iter().filter_map(|next| PROTOCOL.captures(next)).any(|found| &found[1] == "sqs");
            if let (true, Some(topic), Some(queue)) = (sqs, reference("topic_arn", "aws_sns_topic"), reference("endpoint", "aws_sqs_queue")) {
                subscriptions.push((topic, queue, index + 1));
            }
        }
        if kind == "resource" {
            let name = declared_name.unwrap_or_else(|| local_name.replace('_', "-"));
            facts.node("resource", &name, json!({"terraform_type": resource_type, "terraform_name": local_name}), &format!("L{}", index + 1), Method::Parsed);
        }
    }
    for (topic, queue, line) in subscriptions {
        if let (Some(topic), Some(queue)) = (names.get(&("aws_sns_topic", topic)), names.get(&("aws_sqs_queue", queue))) {
            facts.edge(&format!("channel:{topic}"), &format!("channel:{queue}"), FORWARDS_TO, json!({"via": "aws_sns_topic_subscription"}), &format!("L{line}"), Method::Parsed);
        }
    }
    facts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_sqs_subscription_forwards_the_topic_to_the_queue() {
        let text = "data \"aws_sns_topic\" \"session_completed\" {\n  name = \"vireo-session-completed\"\n}\n\nresource \"aws_sqs_queue\" \"session_completed\" {\n  name = \"vireo-billing-session-completed\"\n}\n\nresource \"aws_sns_topic_subscription\" \"billing\" {\n  topic_arn = data.aws_sns_topic.session_completed.arn\n  protocol  = \"sqs\"\n  endpoint  = aws_sqs_queue.session_completed.arn\n}\n\nresource \"aws_sns_topic_subscription\" \"mail\" {\n  topic_arn = data.aws_sns_topic.session_completed.arn\n  protocol  = \"email\"\n  endpoint  = \"ops@example.com\"\n}\n";
        let facts = read(text);
        let forwards: Vec<String> = facts.edges.iter().filter(|edge| edge.kind == FORWARDS_TO).map(|edge| format!("{} -> {}", edge.from, edge.to)).collect();
        assert_eq!(forwards, ["channel:vireo-session-completed -> channel:vireo-billing-session-completed"]);
        let resources: Vec<&str> = facts.nodes.iter().map(|node| node.name.as_str()).collect();
        assert_eq!(resources, ["vireo-billing-session-completed", "billing", "mail"], "a data source is no resource of the org's");
    }
}
