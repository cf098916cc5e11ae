//! Learning: what failed in a run and why becomes facts (for the brain), lessons
//! (`lessons/*.md`) and machine-checkable rules (`rules/*.toml`) in the factory home; rules are
//! evaluated statically against a run's checkouts before the sandbox starts; what learning
//! changes in the home is committed on an `evolve/<run>` branch for review.
//!
//! Classification reads only the evidence it is given (check verdicts, reasons, log tails,
//! worker statuses); it never guesses a class it has no evidence for (`unclassified` instead).
//! This crate never prints and never touches the store; git goes through factory-git.
#![deny(clippy::print_stdout, clippy::print_stderr)]

mod classify;
mod evolve;
mod lesson;
mod naming;
mod rules;

pub use classify::{classify, Classification, ContractField, Failure, FailureClass};
pub use evolve::{apply_evolve, commit_evolve, evolve_branches, reject_evolve, EvolveBranch, EvolveFile};
pub use lesson::{lesson_file, Lesson};
pub use naming::{naming_key, property_reads};
pub use rules::{declared_properties, evaluate_rule, load_rules, rule_for, Rule, RuleFinding, RuleKind};

/// What went wrong while learning.
#[derive(Debug, thiserror::Error)]
pub enum LearnError {
    #[error(transparent)]
    Git(#[from] factory_git::GitError),
    #[error("io error on {path}: {source}")]
    Io { path: std::path::PathBuf, source: std::io::Error },
    #[error("{path} is not a valid rule: {message}")]
    BadRule { path: std::path::PathBuf, message: String },
    #[error("no evolve branch `{0}`; `factory evolve list` shows them")]
    UnknownBranch(String),
}
