//! `plan.md`: the plan for people, in the order a reviewer decides: lane, tasks, what is left
//! alone, verification, rollout, rollback.

use std::fmt::Write as _;

use crate::change::ChangeSpec;
use crate::model::{Plan, Reversibility};

/// Renders the plan as Markdown.
pub fn plan_markdown(plan: &Plan) -> String {
    let mut out = String::new();
    // Writing to a String cannot fail; the results are ignored on purpose.
    let _ = writeln!(out, "# Plan: {}\n", plan.outcome);
    let _ = writeln!(out, "**Lane: {}**\n", plan.lane.as_str());
    for reason in &plan.lane_reasons {
        let _ = writeln!(out, "- {} _({})_", reason.sentence, reason.points_to.as_str());
    }

    let _ = writeln!(out, "\n## Changes\n");
    for change in &plan.changes {
        let _ = writeln!(out, "- `{change}`: {}", change.describe());
    }

    let _ = writeln!(out, "\n## Tasks\n");
    let _ = writeln!(out, "| task | repo | depends on | summary |");
    let _ = writeln!(out, "|---|---|---|---|");
    for task in &plan.tasks {
        let depends = if task.depends_on.is_empty() { "-".to_string() } else { task.depends_on.join(", ") };
        let _ = writeln!(out, "| `{}` | {} | {} | {} |", task.id, task.repo, escape(&depends), escape(&task.summary));
    }
    for task in &plan.tasks {
        let _ = writeln!(out, "\n### `{}`\n", task.id);
        let _ = writeln!(out, "{}\n", task.summary);
        list(&mut out, "What changes", &task.changes);
        list(&mut out, "Why this repo", &task.why);
        if task.data_migration {
            let _ = writeln!(out, "This task includes a data migration.\n");
        }
        if !task.owners.is_empty() {
            let _ = writeln!(out, "Owners: {}\n", task.owners.join(", "));
        }
        list(&mut out, "Rules and lessons", &task.context);
    }

    let _ = writeln!(out, "## Not changed\n");
    if plan.not_changed.is_empty() && plan.changes.iter().any(ChangeSpec::changes_contract) {
        let _ = writeln!(out, "Every consumer of a changed contract is in the plan.");
    } else if plan.not_changed.is_empty() {
        let _ = writeln!(out, "No contract changes, so no consumer has to follow.");
    }
    for entry in &plan.not_changed {
        let _ = writeln!(out, "- **{}** ({}): {}", entry.repo, entry.component, entry.why.join(" "));
    }

    let _ = writeln!(out, "\n## Verification\n");
    let _ = writeln!(out, "| check | kind | repo | proves |");
    let _ = writeln!(out, "|---|---|---|---|");
    for check in &plan.verification {
        let kind = serde_json::to_value(check.kind).ok().and_then(|value| value.as_str().map(str::to_string)).unwrap_or_default();
        let _ = writeln!(out, "| `{}` | {kind} | {} | {} |", check.id, check.repo, escape(&check.proves));
    }

    let _ = writeln!(out, "\n## Rollout\n");
    for step in &plan.rollout {
        let _ = writeln!(out, "{}. (wave {}) **{}**: {}", step.step, step.wave, step.repo, step.action);
        if let Some(before) = &step.before {
            let _ = writeln!(out, "   - Before: {before}");
        }
        let checks = step.gate_checks.iter().map(|id| format!("`{id}`")).collect::<Vec<_>>().join(", ");
        let _ = writeln!(out, "   - Gate: {} Checks: {}.", step.gate, if checks.is_empty() { "none".to_string() } else { checks });
    }

    let _ = writeln!(out, "\n## Rollback\n");
    for step in &plan.rollback {
        let reversible = match step.reversible {
            Reversibility::Full => "reversible",
            Reversibility::CodeOnly => "code only",
            Reversibility::No => "CANNOT BE UNDONE",
        };
        let _ = writeln!(out, "{}. **{}** ({reversible}): {}", step.step, step.repo, step.action);
        if let Some(caveat) = &step.caveat {
            let _ = writeln!(out, "   - {caveat}");
        }
    }

    if !plan.owners.is_empty() {
        let _ = writeln!(out, "\n## Owners to notify\n");
        for notice in &plan.owners {
            let _ = writeln!(out, "- {}: {}", notice.owner, notice.repos.join(", "));
        }
    }
    out
}

fn list(out: &mut String, title: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    let _ = writeln!(out, "{title}:\n");
    for item in items {
        let _ = writeln!(out, "- {item}");
    }
    out.push('\n');
}

fn escape(text: &str) -> String {
    text.replace('|', "\\|")
}
