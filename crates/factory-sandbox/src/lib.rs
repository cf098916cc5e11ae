//! The sandbox: brings every service of the org up on any set of checkouts (a run's worktrees,
//! or the registered repos), each in its own process group with factory-allocated ports, its own
//! writable folder and its own log file, and runs the checks that prove a change works (commands
//! with JUnit, HTTP contract checks against OpenAPI, message checks against AsyncAPI, browser
//! checks with Debian's chromium). Every check ends `pass`, `fail` or `unknown`; never a silent
//! pass.
//!
//! Services outlive the call that started them: what runs is recorded in a JSON state file in the
//! sandbox folder (pids and process groups written right after each spawn), so `status`, `logs`,
//! `down` and the reaping of abandoned sandboxes work from any later process. This crate never
//! prints, never runs git, never touches the store, and never downloads anything (no browser, no
//! remote schema).
#![deny(clippy::print_stdout, clippy::print_stderr)]

pub mod checks;
pub mod declarations;
pub mod doctor;
mod error;
mod http;
pub mod isolation;
pub mod network;
pub mod ports;
pub mod procfile;
pub mod process;
pub mod readiness;
mod records;
mod schema;
pub mod state;
pub mod status;
pub mod supervisor;

pub use checks::{CheckResult, Verdict, VerifyReport};
pub use declarations::{CheckDeclaration, Checkout, OrgDeclarations, ServiceDeclaration};
pub use error::SandboxError;
pub use isolation::{Isolation, IsolationChoice};
pub use network::{Network, NetworkChoice};
pub use state::{SandboxPhase, SandboxState, ServiceRecord, ServiceState};
pub use supervisor::{UpConfig, down, reap_abandoned, stop_sandboxes_of_this_process, up};
