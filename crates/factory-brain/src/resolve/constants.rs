//! Channels named by another file's constant: `sarama.ProducerMessage{Topic: kafka.Topic}`
//! beside `var Topic = "orders"` in `kafka/producer.go`, `template.send(Topics.ORDERS, ...)`.
//! The code reader leaves such a channel as `channel-constant:<name>` and records every
//! channel-like constant a file declares; here each is filled from the constants of its repo
//! (a name two files give different values names nothing). Services named by an enum's
//! constants (`readers::code::services`) are filled the same way, from every repo's enums.

use std::collections::BTreeMap;

use serde_json::{Value, json};

use crate::model::{FileFacts, Method};
use crate::readers::code::{ENV_CONSTANT, NAMES_CONSTANT, NAMES_SERVICE, SERVICE_CONSTANT};
use crate::resolve::ScannedFacts;

/// Per repo, each channel-like constant's value; `None` where files disagree. And across the
/// org, the service each constant of an enum named for services names (`Service.PERSISTENCE`),
/// `None` where enums disagree: such an enum often lives in a client library another repo holds.
#[derive(Debug, Default)]
pub(crate) struct ChannelConstants {
    by_repo: BTreeMap<String, BTreeMap<String, Option<String>>>,
    services: BTreeMap<String, Option<String>>,
    /// Env vars naming channels (`env:ORDER_QUEUE_NAME`) as repos holding no code set them: a
    /// deploy repo's compose sets what the service repos' code reads.
    env: BTreeMap<String, Option<String>>,
}

impl ChannelConstants {
    /// `code_repos` are the repos holding some component's code: an env var's value set there
    /// is that repo's own, not the org's (another repo's service reading a variable of the
    /// same name is given its own value by its own deployment).
    pub(crate) fn collect(files: &[ScannedFacts], code_repos: &std::collections::BTreeSet<&str>) -> Self {
        let mut by_repo: BTreeMap<String, BTreeMap<String, Option<String>>> = BTreeMap::new();
        let mut services: BTreeMap<String, Option<String>> = BTreeMap::new();
        let mut env: BTreeMap<String, Option<String>> = BTreeMap::new();
        for file in files {
            for edge in file.facts.edges.iter().filter(|edge| edge.kind == NAMES_CONSTANT || edge.kind == NAMES_SERVICE) {
                let (Some(name), Some(value)) = (edge.to.strip_prefix("constant:"), edge.props.get("value").and_then(Value::as_str)) else {
                    continue;
                };
                let mut values = vec![if edge.kind == NAMES_SERVICE { &mut services } else { by_repo.entry(file.repo.clone()).or_default() }];
                if name.starts_with(ENV_CONSTANT) && edge.kind == NAMES_CONSTANT && !code_repos.contains(file.repo.as_str()) {
                    values.push(&mut env);
                }
                for values in values {
                    values
                        .entry(name.to_string())
                        .and_modify(|known| {
                            if known.as_deref() != Some(value) {
                                *known = None;
                            }
                        })
                        .or_insert_with(|| Some(value.to_string()));
                }
            }
        }
        Self { by_repo, services, env }
    }

    /// One file's facts with its channels named by constants filled in (dropped when the
    /// constant is unknown), and the constants themselves taken out.
    pub(crate) fn fill(&self, repo: &str, mut facts: FileFacts) -> FileFacts {
        if !facts
            .edges
            .iter()
            .any(|edge| edge.kind == NAMES_CONSTANT || edge.kind == NAMES_SERVICE || edge.to.starts_with("channel-constant:") || edge.to.starts_with(SERVICE_CONSTANT))
        {
            return facts;
        }
        let constants = self.by_repo.get(repo);
        let mut edges = Vec::with_capacity(facts.edges.len());
        for mut edge in std::mem::take(&mut facts.edges) {
            if edge.kind == NAMES_CONSTANT || edge.kind == NAMES_SERVICE {
                continue;
            }
            if let Some(name) = edge.to.strip_prefix(SERVICE_CONSTANT) {
                let Some(value) = self.services.get(name).cloned().flatten() else {
                    continue;
                };
                edge.to = format!("host:{value}");
                edges.push(edge);
                continue;
            }
            if let Some(name) = edge.to.strip_prefix("channel-constant:").map(str::to_string) {
                // An env var's value: its repo's, else the one value the org gives it.
                let Some(value) = constants
                    .and_then(|constants| constants.get(&name))
                    .or_else(|| name.starts_with(ENV_CONSTANT).then(|| self.env.get(&name)).flatten())
                    .cloned()
                    .flatten()
                    .filter(|value| !value.is_empty())
                else {
                    continue;
                };
                let protocol = edge.props.remove("protocol").unwrap_or(Value::Null);
                facts.node("channel", &value, json!({"address": value, "protocol": protocol}), &edge.pointer, Method::Inferred);
                edge.to = format!("channel:{value}");
                edge.props.insert("constant".into(), json!(name));
            }
            edges.push(edge);
        }
        facts.edges = edges;
        facts
    }
}
