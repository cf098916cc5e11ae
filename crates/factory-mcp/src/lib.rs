//! The factory's MCP server: the brain (search, impact, show, consumers, owners, tests, check),
//! the home's lessons, rules and skills, and the runs, as tools any agent can call over stdio.
//! It is built on the official SDK (`rmcp`) and calls only the facade (`factory-app`), never
//! the store or the brain crate. Each tool answers with pretty JSON text; a failure the caller
//! can act on (an unknown ref, no factory home) is a tool result with `isError: true`.
//!
//! This crate never prints: stdout belongs to the protocol, diagnostics go to `tracing`.
#![deny(clippy::print_stdout, clippy::print_stderr)]

mod server;

use std::path::PathBuf;

pub use server::FactoryServer;

/// Where the server finds its factory home: `--home`/`FACTORY_HOME` when given, else the
/// nearest folder at or above `cwd` that holds a `factory.toml`. It is looked up again on every
/// tool call, so a server started outside a home answers each call with a clear error instead
/// of dying, and picks up edits to `factory.toml`.
#[derive(Debug, Clone)]
pub struct HomeSource {
    pub explicit: Option<PathBuf>,
    pub cwd: PathBuf,
}

/// What stopped the server.
#[derive(Debug, thiserror::Error)]
pub enum McpError {
    #[error("the MCP session over stdio could not start: {0}")]
    Start(String),
    #[error("the MCP session over stdio ended with an error: {0}")]
    Session(String),
}

/// Serves MCP over this process's stdin and stdout until the client closes stdin.
pub async fn serve_stdio(home: HomeSource) -> Result<(), McpError> {
    use rmcp::ServiceExt as _;

    tracing::info!(home = ?home.explicit, cwd = %home.cwd.display(), "factory mcp: serving over stdio");
    let running = FactoryServer::new(home)
        .serve(rmcp::transport::stdio())
        .await
        .map_err(|error| McpError::Start(error.to_string()))?;
    let reason = running.waiting().await.map_err(|error| McpError::Session(error.to_string()))?;
    tracing::info!(?reason, "factory mcp: session ended");
    Ok(())
}
