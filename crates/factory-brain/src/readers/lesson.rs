//! Lessons in the factory home (`lessons/<date>-<slug>.md`): front matter naming the entities
//! the lesson applies to and the run it was learned from, then a Markdown title.

use serde_json::{json, Value};

use crate::model::{FileFacts, Method};

pub fn is_lesson_path(path: &str) -> bool {
    let lower = path.to_lowercase();
    lower.starts_with("lessons/") && lower.ends_with(".md") && !lower.ends_with("readme.md")
}

pub fn read(path: &str, text: &str) -> Result<FileFacts, String> {
    let mut facts = FileFacts::default();
    let stem = path.rsplit('/').next().unwrap_or(path).trim_end_matches(".md");
    let (front, body) = match text.strip_prefix("---\n").and_then(|rest| rest.split_once("\n---")) {
        Some((front, body)) => (crate::yaml::document(front).map_err(|reason| format!("front matter: {reason}"))?, body),
        None => (Value::Null, text),
    };
    let title = body.lines().find_map(|line| line.strip_prefix("# ")).unwrap_or(stem).trim().to_string();
    let entities = crate::yaml::strings(front.get("entities"));
    let lesson = format!("lesson:{stem}");
    facts.node(
        "lesson",
        stem,
        json!({"title": title, "path": path, "kind": crate::yaml::text(&front, "kind"), "date": front.get("date").map(|date| date.to_string().trim_matches('"').to_string()), "run": crate::yaml::text(&front, "run")}),
        "/",
        Method::Declared,
    );
    for entity in entities {
        facts.edge(&lesson, &entity_ref(&entity), "applies_to", Value::Null, "/entities", Method::Declared);
    }
    if let Some(run) = crate::yaml::text(&front, "run") {
        let run = if run.starts_with("run:") { run.to_string() } else { format!("run:{run}") };
        facts.edge(&lesson, &run, "learned_from", Value::Null, "/run", Method::Declared);
    }
    Ok(facts)
}

/// `Field:orders-http/Order.created_at` -> the ref as the brain writes it.
fn entity_ref(text: &str) -> String {
    match text.split_once(':') {
        Some((kind, name)) => crate::model::make_ref(kind, name),
        None => text.to_string(),
    }
}
