//! Terraform, by lexing: each `resource "TYPE" "NAME"` block becomes a `resource:` node
//! named after its `name` argument when it has one (an SQS queue, a database), else NAME.

use std::sync::LazyLock;

use regex::Regex;
use serde_json::json;

use crate::model::{FileFacts, Method};

static RESOURCE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"^\s*resource\s+"([\w-]+)"\s+"([\w-]+)""#).expect("a valid regex"));
static NAME_ARGUMENT: LazyLock<Regex> = LazyLock::new(|| Regex::new(r#"^\s*(?:name|identifier|bucket)\s*=\s*"([^"$]+)""#).expect("a valid regex"));

pub fn read(text: &str) -> FileFacts {
    let mut facts = FileFacts::default();
    let lines: Vec<&str> = text.lines().collect();
    for (index, line) in lines.iter().enumerate() {
        let Some(captures) = RESOURCE.captures(line) else { continue };
        let resource_type = &captures[1];
        let local_name = &captures[2];
        let declared_name = lines[index + 1..]
            .iter()
            .take_while(|next| !RESOURCE.is_match(next))
            .find_map(|next| NAME_ARGUMENT.captures(next).map(|found| found[1].to_string()));
        let name = declared_name.unwrap_or_else(|| local_name.replace('_', "-"));
        facts.node("resource", &name, json!({"terraform_type": resource_type, "terraform_name": local_name}), &format!("L{}", index + 1), Method::Parsed);
    }
    facts
}
