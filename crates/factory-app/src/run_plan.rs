//! The plan stage: the planner's decision over the brain (see `plan.rs`), with the lane's
//! gates from `factory.toml` and the learned rules that touch the plan's repos.

use factory_run::{PlanOutput, RunError, RunRequest, TaskPlan};

use crate::run_stages::{stage_error, AppStages};

pub(crate) async fn plan_stage(stages: &AppStages, request: &RunRequest) -> Result<PlanOutput, RunError> {
    let home = &stages.home;
    let mut plan = crate::plan::plan_for_run(home, &request.outcome, &request.changes).await.map_err(|error| stage_error("plan", error))?;
    // `--lane full` raises the lane; nothing lowers it below what the facts call for (a
    // contract change or a data migration is never fast, whatever was asked).
    if request.lane.as_deref() == Some("full") {
        plan.lane = factory_plan::Lane::Full;
    }
    let lane = plan.lane.as_str().to_string();
    let gates = match plan.lane {
        factory_plan::Lane::Fast => home.config.lanes.fast.gates.clone(),
        factory_plan::Lane::Full => home.config.lanes.full.gates.clone(),
    };
    let tasks = plan
        .tasks
        .iter()
        .map(|task| TaskPlan { id: task.id.clone(), repo: task.repo.clone(), summary: task.summary.clone(), depends_on: task.depends_on.clone() })
        .collect();
    let mut value = serde_json::to_value(&plan).map_err(|error| stage_error("plan", error))?;
    let (rules, _) = factory_learn::load_rules(&home.layout.rules_dir());
    let repos: Vec<&str> = plan.tasks.iter().map(|task| task.repo.as_str()).collect();
    let applied: Vec<serde_json::Value> = rules
        .iter()
        .map(|(_, rule)| rule)
        .filter(|rule| rule.repos().iter().any(|repo| repos.contains(repo)))
        .map(|rule| serde_json::json!({ "id": rule.id, "kind": rule.kind, "description": rule.description, "learned_from": rule.learned_from, "when": "before the sandbox" }))
        .collect();
    value["rules"] = serde_json::Value::Array(applied);
    let markdown = factory_plan::plan_markdown(&plan);
    let run_dir = stages.env.run_dir(&request.id);
    std::fs::write(run_dir.join("plan.md"), markdown).map_err(|source| RunError::Io { path: run_dir.join("plan.md"), source })?;
    Ok(PlanOutput { lane, tasks, gates, plan: value })
}
