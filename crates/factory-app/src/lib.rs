//! The facade every front end (CLI, web, MCP) calls: one function per use case, returning
//! plain data that the front end renders. It wires the core types, the store, git and the
//! engines together; the front ends know nothing else.
//!
//! This crate never prints. Errors say which file, repo or service they concern, and tell bad
//! input (the user can fix it; exit 2) from failures of the work itself.
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod brain;
pub mod demo;
mod error;
pub mod home;
pub mod learning;
pub mod mcp_config;
pub mod plan;
pub mod publish;
pub mod repos;
mod run_context;
mod run_evidence;
mod run_learn;
mod run_plan;
mod run_stages;
mod run_verify;
pub mod runs;
pub mod sandbox;
pub mod skills;
pub mod status;

pub use error::AppError;
pub use home::Home;

/// Today as `YYYY-MM-DD` (UTC), for lesson files.
pub(crate) fn store_date() -> String {
    factory_store::now_rfc3339().chars().take(10).collect()
}
