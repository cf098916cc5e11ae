//! What the planner is told about the org: facts the app reads from the brain for the changed
//! entities. Plain serde data, so a run can store it beside the plan it produced.

use serde::{Deserialize, Serialize};

use crate::change::ChangeSpec;

/// Everything the planner knows, per change and per repo.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Impact {
    /// One entry per change spec given to [`crate::plan`].
    pub changes: Vec<ChangeImpact>,
    /// Every repo that any change touches or whose component consumes a changed contract.
    pub repos: Vec<RepoFacts>,
}

/// What the brain says about one change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ChangeImpact {
    pub change: ChangeSpec,
    /// The brain ref of the changed entity (`field:orders-http/Order.created_at`).
    pub entity: String,
    /// Whether the brain knows the entity today (an added field does not exist yet).
    pub entity_exists: bool,
    /// The contract (`api:orders-http`); None for component and resource changes.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contract: Option<String>,
    /// Who provides the contract, or owns the component or resource.
    pub provider: Party,
    /// Every consumer of the contract (or user of the resource), whether or not it reads the
    /// changed entity.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub consumers: Vec<Consumer>,
    /// Tests that cover the entity (or its contract when none covers the entity itself).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tests: Vec<TestFact>,
    /// Owners to notify (`group:team-orders`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub owners: Vec<String>,
}

/// A component and the repo that holds it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Party {
    /// `component:orders-api` (or `resource:orders-db` for a resource change).
    pub component: String,
    pub repo: String,
    /// The brain path that ties the entity to this party (`api:orders-http -provided_by-> component:orders-api`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub path: Vec<String>,
}

/// One consumer of a changed contract.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Consumer {
    /// `component:web`.
    pub component: String,
    pub repo: String,
    /// The wire names it reads from the contract (`total_cents`, `status`), as far as the
    /// brain knows.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub fields_read: Vec<String>,
    pub reads_changed_entity: Reads,
    /// The edges that explain why it is a consumer and what it reads.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub path: Vec<String>,
}

/// Whether a consumer reads the changed entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Reads {
    Yes,
    No,
    /// The brain knows it consumes the contract but not which fields it reads; the planner
    /// treats it as a reader (a needless task is cheaper than a broken consumer).
    Unknown,
}

/// A test that covers the changed entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestFact {
    /// `test:orders-api/tests/test_server.py`.
    #[serde(rename = "ref")]
    pub test_ref: String,
    pub repo: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub path: Vec<String>,
}

/// What a repo is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum RepoKind {
    Service,
    Website,
    Worker,
    Infra,
    Library,
}

impl RepoKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Service => "service",
            Self::Website => "website",
            Self::Worker => "worker",
            Self::Infra => "infra",
            Self::Library => "library",
        }
    }
}

/// What the planner needs to know about one repo.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RepoFacts {
    pub name: String,
    pub kind: RepoKind,
    /// Whether it holds data migrations (a schema change in it is a migration).
    pub holds_data_migrations: bool,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub owners: Vec<String>,
    /// Verification rules that apply to the changed entities here.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub rules: Vec<Note>,
    /// Lessons that apply to the changed entities here.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub lessons: Vec<Note>,
    /// Past failures (runs, incidents) on these paths.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub past_failures: Vec<Note>,
    /// Checks the repo declares for itself (`web unit tests`, `orders page lists orders`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub declared_checks: Vec<DeclaredCheck>,
}

/// A rule, lesson or past failure: its id and one line about it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Note {
    pub id: String,
    pub summary: String,
}

/// A check a repo declares (in `.factory/services.toml`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeclaredCheck {
    pub name: String,
    /// `command`, `browser`, `http`…
    pub kind: String,
}

impl Impact {
    pub fn repo(&self, name: &str) -> Option<&RepoFacts> {
        self.repos.iter().find(|repo| repo.name == name)
    }

    pub fn change(&self, change: &ChangeSpec) -> Option<&ChangeImpact> {
        self.changes.iter().find(|impact| &impact.change == change)
    }
}

impl Consumer {
    /// Whether the planner must change it: it reads the entity, or the brain cannot say.
    pub fn must_follow(&self) -> bool {
        matches!(self.reads_changed_entity, Reads::Yes | Reads::Unknown)
    }
}
