//! The app's stages of a run: the spec, the plan from the brain, context packs, verification
//! (learned rules statically, then the sandbox on the run's branches), learning, evolve and
//! evidence. The engine in factory-run decides when each runs; this decides what each does.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use factory_run::{BuiltTask, PlanOutput, RunEnvironment, RunError, RunRequest, Stages, StagesFuture, TaskPlan, VerifyOutput};

use crate::Home;

/// The stages over one home.
pub struct AppStages {
    pub(crate) home: Home,
    pub(crate) env: Arc<RunEnvironment>,
}

impl AppStages {
    pub fn new(home: Home, env: Arc<RunEnvironment>) -> Self {
        Self { home, env }
    }

    /// Every registered repo's checkout, with the run's worktrees in place of the repos it built.
    pub(crate) fn checkouts(&self, built: &[BuiltTask]) -> BTreeMap<String, PathBuf> {
        let mut checkouts = self.env.repos.clone();
        for task in built {
            checkouts.insert(task.task.repo.clone(), task.worktree.clone());
        }
        checkouts
    }
}

pub(crate) fn stage_error(stage: &str, error: impl std::fmt::Display) -> RunError {
    RunError::Stage { stage: stage.to_string(), message: error.to_string() }
}

impl Stages for AppStages {
    fn spec<'a>(&'a self, request: &'a RunRequest) -> StagesFuture<'a, String> {
        Box::pin(async move { Ok(spec_markdown(request)) })
    }

    fn plan<'a>(&'a self, request: &'a RunRequest, _spec: &'a str) -> StagesFuture<'a, PlanOutput> {
        Box::pin(crate::run_plan::plan_stage(self, request))
    }

    fn context_pack<'a>(&'a self, request: &'a RunRequest, plan: &'a PlanOutput, task: &'a TaskPlan) -> StagesFuture<'a, String> {
        Box::pin(crate::run_context::context_pack(self, request, plan, task))
    }

    fn verify<'a>(&'a self, request: &'a RunRequest, plan: &'a PlanOutput, built: &'a [BuiltTask], round: u32) -> StagesFuture<'a, VerifyOutput> {
        Box::pin(crate::run_verify::verify_stage(self, request, plan, built, round))
    }

    fn learn<'a>(&'a self, request: &'a RunRequest, run_dir: &'a Path) -> StagesFuture<'a, serde_json::Value> {
        Box::pin(crate::run_learn::learn_stage(self, request, run_dir))
    }

    fn evolve<'a>(&'a self, request: &'a RunRequest, run_dir: &'a Path) -> StagesFuture<'a, serde_json::Value> {
        Box::pin(crate::run_learn::evolve_stage(self, request, run_dir))
    }

    fn evidence<'a>(&'a self, request: &'a RunRequest, run_dir: &'a Path) -> StagesFuture<'a, serde_json::Value> {
        Box::pin(crate::run_evidence::evidence_stage(self, request, run_dir))
    }
}

/// The model-free spec: the outcome, the changes it names, and what "done" means.
fn spec_markdown(request: &RunRequest) -> String {
    let mut text = format!("# Spec\n\n## Goal\n\n{}\n\n## Requirements\n\n", request.outcome);
    if request.changes.is_empty() {
        text.push_str("- No contract change was named; the change stays inside one component.\n");
    }
    for change in &request.changes {
        let described = change.parse::<factory_plan::ChangeSpec>().map(|spec| spec.describe()).unwrap_or_else(|_| change.clone());
        text.push_str(&format!("- `{change}`: {described}\n"));
    }
    text.push_str(
        "\n## Acceptance criteria\n\n\
         - Every repo's own tests pass on the run's branch.\n\
         - Every changed contract is checked against its schema in the sandbox, and every consumer reads the provider's exact wire names.\n\
         - The learned rules that touch these entities hold before the sandbox starts.\n\
         - The rollout order is written down with the check that gates each step, and the rollback path says what cannot be undone.\n\n\
         ## Open questions\n\n- None recorded: no spec model is configured, so the spec is the outcome and its change specs.\n",
    );
    text
}
