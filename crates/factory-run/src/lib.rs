//! The run engine: carries one outcome through spec, plan, build, verify (with bounded fix
//! attempts), learn and evolve, journaling every step in the store before and after it runs,
//! so that a run killed at any point resumes without redoing finished steps or losing a commit.
//!
//! The engine owns the order of things, the task graph (tasks whose dependencies are done run
//! in parallel up to a limit), worktrees and branches (`factory/<run>/<repo>`), the workers,
//! commits, budgets, gates and cancellation. What each stage *decides* (the plan, the checks,
//! the lessons, the evidence) comes from a [`Stages`] implementation supplied by the caller,
//! so the engine stays free of the brain, the sandbox and the report formats.
//!
//! This crate never prints; progress goes out as `tracing` events and journal rows.
#![deny(clippy::print_stdout, clippy::print_stderr)]

mod build;
mod engine;
mod journal;
mod types;

pub use build::branch_name;
pub use engine::{cancel, decide, run, stored_request, RunEnvironment, RunOutcome};
pub use types::{
    BuiltTask, GateDecision, PlanOutput, RunError, RunRequest, RunStatus, Stages, StagesFuture, TaskPlan, VerifyOutput,
    WorkerChoice,
};
