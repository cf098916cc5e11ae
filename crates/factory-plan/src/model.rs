//! The plan: what the planner returns, serialised as `plan.json`.

use serde::{Deserialize, Serialize};

use crate::change::ChangeSpec;

/// The task graph of one outcome with its lane, verification plan, rollout and rollback.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Plan {
    pub outcome: String,
    pub lane: Lane,
    /// Each a sentence with the fact behind it.
    pub lane_reasons: Vec<LaneReason>,
    /// In dependency order: every task comes after the tasks it depends on.
    pub tasks: Vec<Task>,
    /// Repos that consume a changed contract but need no change, and why.
    pub not_changed: Vec<NotChanged>,
    pub verification: Vec<Check>,
    pub rollout: Vec<RolloutStep>,
    /// The rollout undone, last step first.
    pub rollback: Vec<RollbackStep>,
    pub changes: Vec<ChangeSpec>,
    /// Who must review or be told, and for which repos.
    pub owners: Vec<OwnerNotice>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Lane {
    /// One repo, no contract change, no migration, no infrastructure, no past failure.
    Fast,
    Full,
}

impl Lane {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Fast => "fast",
            Self::Full => "full",
        }
    }
}

/// One fact that decided the lane.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LaneReason {
    pub factor: LaneFactor,
    /// The lane this fact alone calls for.
    pub points_to: Lane,
    pub sentence: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LaneFactor {
    ReposTouched,
    ContractChanges,
    DataMigrations,
    Infrastructure,
    Owners,
    PastFailures,
    Workflow,
}

/// When a task runs relative to the others.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Phase {
    /// Infrastructure the services need, first.
    Infra,
    /// The provider offers something new (additive).
    Provide,
    /// The provider offers old and new side by side (or marks the old deprecated).
    Expand,
    /// A change inside one component.
    Change,
    /// A consumer starts reading something new.
    Consume,
    /// A consumer moves from the old to the new.
    Migrate,
    /// The provider drops the old.
    Contract,
}

impl Phase {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Infra => "infra",
            Self::Provide => "provide",
            Self::Expand => "expand",
            Self::Change => "change",
            Self::Consume => "consume",
            Self::Migrate => "migrate",
            Self::Contract => "contract",
        }
    }

    /// Tasks of a lower rank never depend on tasks of a higher rank, so the graph has no cycle.
    pub fn rank(self) -> u8 {
        match self {
            Self::Infra => 0,
            Self::Provide | Self::Expand | Self::Change => 1,
            Self::Consume | Self::Migrate => 2,
            Self::Contract => 3,
        }
    }
}

/// One repository's change.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Task {
    /// `orders-api:expand`.
    pub id: String,
    pub repo: String,
    pub phase: Phase,
    pub summary: String,
    pub depends_on: Vec<String>,
    /// What must change, one sentence each.
    pub changes: Vec<String>,
    /// Why this repo, with the brain paths behind it.
    pub why: Vec<String>,
    /// Whether the task includes a data migration.
    pub data_migration: bool,
    /// What deploying this task does that redeploying cannot undo.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cannot_undo: Option<String>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub owners: Vec<String>,
    /// Rules and lessons the worker must know (`id: summary`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub context: Vec<String>,
}

/// A repo the plan deliberately leaves alone.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotChanged {
    pub repo: String,
    pub component: String,
    pub why: Vec<String>,
}

/// One verification step the run must pass.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Check {
    /// `contract:orders-api:orders-http`.
    pub id: String,
    pub kind: CheckKind,
    pub repo: String,
    /// The contract it is about (`api:orders-http`), when it is about one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract: Option<String>,
    /// What passing it proves.
    pub proves: String,
    /// Where it comes from: a test ref, a rule id, a declared check name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CheckKind {
    /// The contract diff between base and branch is exactly the planned change.
    ContractDiff,
    /// The provider serves what its contract says.
    ProviderContract,
    /// Everything a consumer reads is offered.
    ConsumerContract,
    /// A test that covers the changed entity.
    Test,
    /// A repo's own test suite or declared command check.
    RepoTests,
    /// A page loads in chromium, with a screenshot.
    Browser,
    /// The services run together on the run's branches.
    Integration,
    /// Each mixed-version state of the rollout works.
    RolloutRehearsal,
    /// Infrastructure applies and the services reach it.
    Infrastructure,
    /// A verification rule learned from past runs.
    Rule,
}

/// One step of the rollout.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RolloutStep {
    pub step: usize,
    /// Steps with the same wave may deploy together.
    pub wave: usize,
    pub repo: String,
    pub task: String,
    pub action: String,
    /// What must hold before the next step starts.
    pub gate: String,
    /// The checks that prove the gate.
    pub gate_checks: Vec<String>,
    /// What to do before this step (a backup before an irreversible migration).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before: Option<String>,
}

/// One step of the rollback.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RollbackStep {
    pub step: usize,
    pub repo: String,
    /// The task whose deploy this step undoes.
    pub undoes: String,
    pub action: String,
    pub reversible: Reversibility,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub caveat: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Reversibility {
    /// Redeploying the previous version undoes it.
    Full,
    /// The code goes back; a data migration stays (the previous version tolerates it).
    CodeOnly,
    /// Cannot be undone: data is gone (a dropped column, a destroyed resource).
    No,
}

/// An owner to notify.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OwnerNotice {
    pub owner: String,
    pub repos: Vec<String>,
}
