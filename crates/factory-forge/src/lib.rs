//! The only code in the factory that speaks HTTP to forges: it reads which forge and project a
//! git remote URL names, builds the REST requests that open GitHub pull requests and GitLab
//! merge requests and update their bodies, and sends them with a token from the environment
//! (`GITHUB_TOKEN`, `GITLAB_TOKEN`) to a configurable API base (`FACTORY_GITHUB_API`,
//! `FACTORY_GITLAB_API`).
//!
//! Requests are plain data first, so a dry run shows exactly what would be sent. This crate
//! never prints, never runs git, never logs a token, and knows nothing of runs or the store.
#![deny(clippy::print_stdout, clippy::print_stderr)]

mod remote;
mod request;
mod send;
mod settings;

pub use remote::{classify_remote, ForgeKind, ForgeProject, RemoteTarget};
pub use request::{auth_description, create_request, encode_path, update_body_request, ForgeRequest, HttpMethod, PullRequestDraft};
pub use send::{api_message, open_pull_request, require_token, send, update_pull_request_body, ForgeError, PullRequest};
pub use settings::{
    token_from_environment, ForgeSettings, DEFAULT_GITHUB_API, DEFAULT_GITLAB_API, GITHUB_API_VARIABLE, GITLAB_API_VARIABLE,
};
