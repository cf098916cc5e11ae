//! The context pack: one Markdown file per task that gives the worker what the brain knows
//! about its part of the outcome, the plan, the rules and lessons that apply, the skills it may
//! use, and the repo's own AGENTS.md.

use std::fmt::Write as _;

use factory_run::{PlanOutput, RunError, RunRequest, TaskPlan};

use crate::run_stages::AppStages;

pub(crate) async fn context_pack(stages: &AppStages, request: &RunRequest, plan: &PlanOutput, task: &TaskPlan) -> Result<String, RunError> {
    let home = &stages.home;
    let mut pack = String::new();
    let _ = writeln!(pack, "# Context pack: {} in {}\n", task.id, task.repo);
    let _ = writeln!(pack, "## Outcome\n\n{}\n", request.outcome);
    if !request.changes.is_empty() {
        let _ = writeln!(pack, "## Changes named in the spec\n");
        for change in &request.changes {
            let _ = writeln!(pack, "- `{change}`");
        }
        pack.push('\n');
    }

    let _ = writeln!(pack, "## Your task\n\n{}\n", task.summary);
    if let Some(planned) = plan.plan.get("tasks").and_then(|tasks| tasks.as_array()).and_then(|tasks| tasks.iter().find(|planned| planned["id"] == task.id.as_str())) {
        for (title, key) in [("What must change", "changes"), ("Why this repo", "why"), ("Rules and lessons for this task", "context")] {
            if let Some(items) = planned.get(key).and_then(|items| items.as_array()).filter(|items| !items.is_empty()) {
                let _ = writeln!(pack, "### {title}\n");
                for item in items {
                    let _ = writeln!(pack, "- {}", item.as_str().unwrap_or_default());
                }
                pack.push('\n');
            }
        }
    }
    if !task.depends_on.is_empty() {
        let _ = writeln!(pack, "Runs after: {}. Their branches are already built.\n", task.depends_on.join(", "));
    }
    let _ = writeln!(pack, "Lane: {}.\n", plan.lane);

    let component = format!("component:{}", task.repo);
    match crate::brain::load_graph(home, None).await {
        Ok(graph) => {
            let impact = crate::brain::impact_in(&graph, &component);
            let owners = factory_brain::query::owners(&graph, &component);
            let consumers = factory_brain::query::consumers(&graph, &component);
            let tests = factory_brain::query::tests(&graph, &component);
            let _ = writeln!(pack, "## What the brain knows about {component}\n");
            section(&mut pack, "Owners (ask them, tell them)", owners.iter().map(|reached| format!("{} (via {})", reached.node_ref, path_text(&reached.path))));
            section(&mut pack, "Consumers of what it provides (keep them working)", consumers.iter().map(|reached| format!("{} (via {})", reached.node_ref, path_text(&reached.path))));
            section(&mut pack, "Tests that must stay green", tests.iter().map(|reached| reached.node_ref.clone()));
            if let Ok(impact) = impact {
                let value = serde_json::to_value(&impact).unwrap_or_default();
                let _ = writeln!(pack, "### Impact (brain)\n\n```json\n{}\n```\n", serde_json::to_string_pretty(&value).unwrap_or_default().chars().take(6000).collect::<String>());
            }
        }
        Err(error) => {
            let _ = writeln!(pack, "## Brain\n\nThe brain could not be read ({error}); run `factory brain scan`.\n");
        }
    }

    let (rules, _) = factory_learn::load_rules(&home.layout.rules_dir());
    let applicable: Vec<_> = rules.iter().map(|(_, rule)| rule).filter(|rule| rule.repos().contains(&task.repo.as_str())).collect();
    section(&mut pack, "Learned rules checked before the sandbox", applicable.iter().map(|rule| format!("`{}`: {}", rule.id, rule.description)));
    section(&mut pack, "Lessons from earlier runs", lessons_about(home, &task.repo));
    section(
        &mut pack,
        "Skills you may use (in the factory home)",
        crate::skills::skills(home)
            .into_iter()
            .filter_map(|skill| Some(format!("`{}`: {} ({})", skill.name?, skill.description.unwrap_or_default(), skill.file))),
    );

    if let Some(path) = stages.env.repos.get(&task.repo).map(|path| path.join("AGENTS.md"))
        && let Ok(text) = std::fs::read_to_string(&path) {
            let _ = writeln!(pack, "## The repo's AGENTS.md\n\n{}\n", text.trim_end());
        }
    Ok(pack)
}

fn section(pack: &mut String, title: &str, items: impl Iterator<Item = String>) {
    let items: Vec<String> = items.collect();
    let _ = writeln!(pack, "### {title}\n");
    if items.is_empty() {
        let _ = writeln!(pack, "- none known\n");
        return;
    }
    for item in items {
        let _ = writeln!(pack, "- {item}");
    }
    pack.push('\n');
}

fn path_text(path: &[factory_brain::graph::Step]) -> String {
    path.iter().map(|step| format!("{} -{}-> {}", step.from, step.kind, step.to)).collect::<Vec<_>>().join(", ")
}

/// Lessons whose front matter names the repo's component.
fn lessons_about(home: &crate::Home, repo: &str) -> impl Iterator<Item = String> {
    let needle = format!("component:{repo}");
    let mut found = Vec::new();
    if let Ok(entries) = std::fs::read_dir(home.layout.lessons_dir()) {
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|ext| ext == "md") && path.file_name().is_some_and(|name| name != "README.md") {
                let text = std::fs::read_to_string(&path).unwrap_or_default();
                if text.contains(&needle) {
                    let title = text.lines().find(|line| line.starts_with("# ")).unwrap_or("# (untitled)").trim_start_matches("# ");
                    found.push(format!("{title} (lessons/{})", path.file_name().map(|name| name.to_string_lossy().to_string()).unwrap_or_default()));
                }
            }
        }
    }
    found.sort();
    found.into_iter()
}
