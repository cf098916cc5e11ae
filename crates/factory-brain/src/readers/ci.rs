//! CI workflows (GitHub Actions, GitLab CI): how the repo's tests are run, as a `ci:` node
//! with the commands that look like test runs.

use serde_json::{json, Value};

use crate::model::{FileFacts, Method};
use crate::yaml;

pub fn is_ci_path(lower_path: &str) -> bool {
    lower_path.starts_with(".github/workflows/") || lower_path.ends_with(".gitlab-ci.yml") || lower_path == ".circleci/config.yml"
}

const TEST_WORDS: &[&str] = &["test", "pytest", "jest", "vitest", "mocha", "go vet", "check", "lint", "spec"];

pub fn read(path: &str, text: &str) -> Result<FileFacts, String> {
    let document = yaml::document(text)?;
    let mut commands = Vec::new();
    collect_commands(&document, &mut commands);
    let test_commands: Vec<String> = commands.into_iter().filter(|command| TEST_WORDS.iter().any(|word| command.to_lowercase().contains(word))).collect();
    let mut facts = FileFacts::default();
    let name = yaml::text(&document, "name").unwrap_or(path).to_string();
    facts.node("ci", &format!("{{repo}}/{path}"), json!({"name": name, "path": path, "test_commands": test_commands}), "/", Method::Parsed);
    facts.edge(&format!("ci:{{repo}}/{path}"), "self", "tests", Value::Null, "/", Method::Parsed);
    Ok(facts)
}


fn collect_commands(value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map {
                if key == "run" || key == "script" {
                    match child {
                        Value::String(command) => out.extend(command.lines().map(str::trim).filter(|line| !line.is_empty()).map(str::to_string)),
                        Value::Array(items) => out.extend(items.iter().filter_map(Value::as_str).map(str::to_string)),
                        _ => {}
                    }
                } else {
                    collect_commands(child, out);
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| collect_commands(item, out)),
        _ => {}
    }
}
