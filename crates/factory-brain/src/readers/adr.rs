//! Architecture decision records (MADR and Nygard style): a `decision:` node with its title,
//! status and date, and `governs` edges to the components and APIs its text names (resolved
//! against the org's names, so a decision about "orders-api" governs component:orders-api).

use serde_json::json;

use crate::model::{FileFacts, Method};

pub fn is_adr_path(path: &str) -> bool {
    let lower = path.to_lowercase();
    let in_adr_dir = lower.split('/').any(|segment| matches!(segment, "adr" | "adrs" | "decisions" | "architecture-decisions"));
    let name = lower.rsplit('/').next().unwrap_or("");
    in_adr_dir && name.ends_with(".md") && !matches!(name, "readme.md" | "template.md" | "index.md")
}

pub fn read(path: &str, text: &str) -> FileFacts {
    let mut facts = FileFacts::default();
    let title = text.lines().find_map(|line| line.strip_prefix("# ")).unwrap_or(path).trim().to_string();
    let mut status = None;
    let mut date = None;
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let lower = line.trim().to_lowercase();
        let value_after = |prefix: &str| lower.strip_prefix(prefix).map(|rest| rest.trim_start_matches(':').trim().to_string());
        if let Some(value) = value_after("status").or_else(|| value_after("* status")).or_else(|| value_after("- status")) {
            status = Some(if value.is_empty() { lines.peek().map(|next| next.trim().to_lowercase()).unwrap_or_default() } else { value });
        }
        if let Some(value) = value_after("date").or_else(|| value_after("* date")).or_else(|| value_after("- date")) {
            date = Some(value);
        }
        if lower == "## status" {
            while let Some(next) = lines.peek() {
                if next.trim().is_empty() {
                    lines.next();
                    continue;
                }
                status = Some(next.trim().to_lowercase());
                break;
            }
        }
    }
    let decision = format!("{{repo}}/{path}");
    facts.node("decision", &decision, json!({"title": title, "status": status, "date": date, "path": path}), "L1", Method::Parsed);
    // Names the decision mentions, resolved later against components and APIs.
    let mut mentioned: Vec<String> = Vec::new();
    for word in text.split(|character: char| !(character.is_ascii_alphanumeric() || character == '-' || character == '_' || character == '.')) {
        let word = word.trim_matches('.').to_lowercase();
        if word.len() >= 3 && word.contains(['-', '_']) && !mentioned.contains(&word) {
            mentioned.push(word);
        }
    }
    for word in mentioned {
        facts.inferred_edge(&format!("decision:{decision}"), &format!("name:{word}"), "governs", json!({"mentioned": word}), "L1", 0.6);
    }
    facts
}
