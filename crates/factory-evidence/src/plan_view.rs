//! The parts of `plan.json` the report shows, read leniently from the JSON value: the bundle
//! must render a plan from factory-plan (`gate_checks`, `reversible: "code_only"`, `caveat`) as
//! well as a simpler hand-written one (`gate_check`, `reversible: true`, `note`). What cannot be
//! read is listed in `problems`, never guessed.

use serde::Serialize;
use serde_json::Value;

use crate::assess::one_line;
use crate::matching::Backing;

#[derive(Debug, Clone, Default, Serialize)]
pub struct PlanView {
    pub tasks: Vec<PlanTask>,
    pub verification: Vec<VerificationItem>,
    pub rollout: Vec<RolloutStep>,
    pub rollback: Vec<RollbackStep>,
    /// What could not be read from `plan.json`.
    pub problems: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct PlanTask {
    pub id: String,
    pub repo: String,
    pub summary: String,
    pub depends_on: Vec<String>,
    /// `expand`, `migrate`, `contract`, ... when the plan names it.
    pub phase: Option<String>,
    /// What must change, one sentence each.
    pub changes: Vec<String>,
}

/// One entry of the plan's `verification`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct VerificationItem {
    /// The plan's id of the check (`provider-contract:orders-http`), when it has one.
    pub id: Option<String>,
    /// The plan's kind (`provider_contract`, `test`, `browser`, ...).
    pub kind: Option<String>,
    pub repo: Option<String>,
    /// The entry as one readable line.
    pub text: String,
    /// The checks of the run that back it; `null` when none does (never a pass).
    pub backed_by: Option<Backing>,
    /// Names a check of the run may have: `check`, `name`, `source`, `id`.
    #[serde(skip)]
    pub candidates: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RolloutStep {
    pub repo: String,
    pub action: String,
    /// `expand`, `migrate`, `contract`, when the plan names it (or its task id ends in it).
    pub phase: Option<String>,
    /// Steps of the same wave may deploy together.
    pub wave: Option<u64>,
    /// What must hold before the next step, in words.
    pub gate: Option<String>,
    /// The checks that prove the gate.
    pub gate_checks: Vec<String>,
    /// What to do before this step (a backup before an irreversible migration).
    pub before: Option<String>,
}

#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Reversible {
    /// Redeploying the previous version undoes it.
    Yes,
    /// The code goes back; a data migration stays.
    CodeOnly,
    /// Cannot be undone.
    No,
    /// The plan does not say: never shown as reversible.
    #[default]
    NotStated,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct RollbackStep {
    pub repo: String,
    pub action: String,
    pub reversible: Reversible,
    /// A caveat (what stays behind, what breaks).
    pub note: Option<String>,
}

pub fn read_plan(plan: &Value) -> PlanView {
    let mut view = PlanView::default();
    view.tasks = read_list(plan, "tasks", &mut view.problems, read_task);
    view.rollout = read_list(plan, "rollout", &mut view.problems, read_rollout_step);
    view.rollback = read_list(plan, "rollback", &mut view.problems, read_rollback_step);
    view.verification = match plan.get("verification") {
        None | Some(Value::Null) => {
            view.problems.push("plan.json has no `verification`".to_string());
            Vec::new()
        }
        Some(Value::Array(items)) => items.iter().map(verification_item).collect(),
        Some(Value::Object(entries)) => entries
            .iter()
            .map(|(key, value)| VerificationItem {
                id: Some(key.clone()),
                kind: None,
                repo: None,
                text: format!("{key}: {}", one_line(value)),
                backed_by: None,
                candidates: vec![key.clone()],
            })
            .collect(),
        Some(other) => vec![verification_item(other)],
    };
    view
}

fn read_list<T>(plan: &Value, key: &str, problems: &mut Vec<String>, read: fn(&Value) -> Option<T>) -> Vec<T> {
    match plan.get(key) {
        None | Some(Value::Null) => {
            problems.push(format!("plan.json has no `{key}`"));
            Vec::new()
        }
        Some(Value::Array(items)) => items
            .iter()
            .enumerate()
            .filter_map(|(index, item)| {
                let read = read(item);
                if read.is_none() {
                    problems.push(format!("plan.json `{key}[{index}]` is not an object with a `repo`"));
                }
                read
            })
            .collect(),
        Some(_) => {
            problems.push(format!("plan.json `{key}` is not a list"));
            Vec::new()
        }
    }
}

fn text(value: &Value, key: &str) -> Option<String> {
    match value.get(key)? {
        Value::String(text) => Some(text.clone()),
        Value::Null => None,
        other => Some(one_line(other)),
    }
}

fn texts(value: &Value, key: &str) -> Vec<String> {
    match value.get(key) {
        Some(Value::Array(items)) => items.iter().map(one_line).collect(),
        Some(Value::String(text)) => vec![text.clone()],
        _ => Vec::new(),
    }
}

/// `orders-api:expand` -> `expand`.
fn phase_of_task_id(id: &str) -> Option<String> {
    id.rsplit_once(':').map(|(_, phase)| phase.to_string())
}

fn read_task(value: &Value) -> Option<PlanTask> {
    let repo = text(value, "repo")?;
    let id = text(value, "id").unwrap_or_default();
    Some(PlanTask {
        phase: text(value, "phase").or_else(|| phase_of_task_id(&id)),
        id,
        repo,
        summary: text(value, "summary").unwrap_or_default(),
        depends_on: texts(value, "depends_on"),
        changes: texts(value, "changes"),
    })
}

fn read_rollout_step(value: &Value) -> Option<RolloutStep> {
    let mut gate_checks = texts(value, "gate_checks");
    if let Some(single) = text(value, "gate_check") {
        gate_checks.insert(0, single);
    }
    Some(RolloutStep {
        repo: text(value, "repo")?,
        action: text(value, "action").unwrap_or_default(),
        phase: text(value, "phase").or_else(|| text(value, "task").as_deref().and_then(phase_of_task_id)),
        wave: value.get("wave").and_then(Value::as_u64),
        gate: text(value, "gate"),
        gate_checks,
        before: text(value, "before"),
    })
}

fn read_rollback_step(value: &Value) -> Option<RollbackStep> {
    let reversible = match value.get("reversible") {
        Some(Value::Bool(true)) => Reversible::Yes,
        Some(Value::Bool(false)) => Reversible::No,
        Some(Value::String(word)) => match word.to_ascii_lowercase().replace('-', "_").as_str() {
            "full" | "yes" | "true" => Reversible::Yes,
            "code_only" | "partial" => Reversible::CodeOnly,
            "no" | "false" | "none" => Reversible::No,
            _ => Reversible::NotStated,
        },
        _ => Reversible::NotStated,
    };
    Some(RollbackStep {
        repo: text(value, "repo")?,
        action: text(value, "action").unwrap_or_default(),
        reversible,
        note: text(value, "note").or_else(|| text(value, "caveat")),
    })
}

fn verification_item(value: &Value) -> VerificationItem {
    let candidates: Vec<String> = ["check", "name", "source", "id", "gate_check"].iter().filter_map(|key| text(value, key)).collect();
    let id = text(value, "id").or_else(|| text(value, "check"));
    let line = match (&id, text(value, "proves")) {
        (Some(id), Some(proves)) => format!("`{id}`: {proves}"),
        _ => one_line(value),
    };
    VerificationItem { id, kind: text(value, "kind"), repo: text(value, "repo"), text: line, backed_by: None, candidates }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn a_hand_written_plan_reads_like_a_factory_plan() {
        let plan = json!({
            "tasks": [{"id": "t1", "repo": "web", "summary": "read createdAt", "depends_on": []}],
            "verification": ["web tests pass", {"check": "web-e2e", "proves": "the page works"}],
            "rollout": [{"repo": "web", "action": "deploy", "gate_check": "web-e2e"}, {"action": "no repo"}],
            "rollback": [{"repo": "web", "action": "redeploy", "reversible": false, "note": "data stays"}, {"repo": "api", "action": "redeploy"}]
        });
        insta::assert_json_snapshot!(read_plan(&plan));
    }
}
