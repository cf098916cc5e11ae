//! The planner: an outcome, its change specs and what the brain knows about them go in; a plan
//! comes out: tasks per repo and their order (providers first for additive changes;
//! expand -> migrate -> contract for renames and removals; infrastructure before the services
//! that need it), the lane with its reasons, the verification plan, the rollout and the
//! rollback. Every decision carries the sentence and brain path that explain it.
//!
//! This crate is pure: no IO, no store, no git, no clock. The same input always gives the same
//! plan. The app reads the brain and fills [`Impact`]; the run engine calls [`plan`].
#![deny(clippy::print_stdout, clippy::print_stderr)]

mod change;
mod input;
mod lane;
mod markdown;
mod model;
mod rollout;
mod sentences;
mod tasks;
mod verify;

use std::collections::BTreeMap;

pub use change::{CHANGE_SPEC_GRAMMAR, ChangeAction, ChangeShape, ChangeSpec, ChangeSpecError, ChangeTarget};
pub use input::{ChangeImpact, Consumer, DeclaredCheck, Impact, Note, Party, Reads, RepoFacts, RepoKind, TestFact};
pub use markdown::plan_markdown;
pub use model::{
    Check, CheckKind, Lane, LaneFactor, LaneReason, NotChanged, OwnerNotice, Phase, Plan, Reversibility, RollbackStep, RolloutStep, Task,
};

/// How the planner decides what the facts leave open.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanOptions {
    /// `Full` makes every plan full-lane (a workflow that never allows the fast lane). The
    /// facts can always raise the lane; options never lower it.
    pub minimum_lane: Lane,
}

impl Default for PlanOptions {
    fn default() -> Self {
        Self { minimum_lane: Lane::Fast }
    }
}

/// Why no plan could be made: the input does not hold what the changes need.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PlanError {
    #[error("no changes to plan: give at least one change spec ({CHANGE_SPEC_GRAMMAR})")]
    NoChanges,
    #[error("the impact has no entry for change `{change}`; the app must describe every change it passes")]
    MissingImpact { change: String },
    #[error("the impact names repo {repo} but gives no facts about it (kind, migrations, owners)")]
    MissingRepo { repo: String },
    #[error("change `{change}` says {component} starts reading it, but the impact does not list {component} as a consumer with its repo")]
    UnknownConsumer { change: String, component: String },
}

/// Plans `outcome`: orders the tasks the `changes` need, picks the lane, and writes the
/// verification plan, the rollout and the rollback.
pub fn plan(outcome: &str, changes: &[ChangeSpec], impact: &Impact, options: &PlanOptions) -> Result<Plan, PlanError> {
    if changes.is_empty() {
        return Err(PlanError::NoChanges);
    }
    let graph = tasks::build(changes, impact)?;
    let (lane, lane_reasons) = lane::choose(changes, &graph.tasks, impact, options);
    let verification = verify::checks(changes, impact, &graph.tasks, &graph.not_changed);
    let rollout = rollout::rollout(&graph.tasks, &verification);
    let rollback = rollout::rollback(&rollout, &graph.tasks, impact);
    let owners = owners(changes, impact, &graph.tasks);
    Ok(Plan {
        outcome: outcome.to_string(),
        lane,
        lane_reasons,
        tasks: graph.tasks,
        not_changed: graph.not_changed,
        verification,
        rollout,
        rollback,
        changes: changes.to_vec(),
        owners,
    })
}

/// Owners of the changed repos and of the changed entities, each with the repos they own.
fn owners(changes: &[ChangeSpec], impact: &Impact, tasks: &[Task]) -> Vec<OwnerNotice> {
    let mut by_owner: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let mut note = |owner: &str, repo: &str| {
        let repos = by_owner.entry(owner.to_string()).or_default();
        if !repos.iter().any(|known| known == repo) {
            repos.push(repo.to_string());
        }
    };
    for task in tasks {
        for owner in &task.owners {
            note(owner, &task.repo);
        }
    }
    for change in changes {
        if let Some(found) = impact.change(change) {
            for owner in &found.owners {
                note(owner, &found.provider.repo);
            }
        }
    }
    by_owner.into_iter().map(|(owner, repos)| OwnerNotice { owner, repos }).collect()
}
