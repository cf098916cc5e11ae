//! `factory mcp`: the brain and the runs as MCP tools over stdio. stdout carries only protocol
//! messages; everything else goes to stderr.

use std::process::ExitCode;

use anyhow::Context as _;

use super::Context;

pub async fn run(context: &Context) -> anyhow::Result<ExitCode> {
    // The server still starts without a home, so the agent sees why in each tool result.
    if let Err(error) = context.home() {
        eprintln!("warning: {error}; every tool call will answer with this error until the home exists");
    }
    let home = factory_mcp::HomeSource { explicit: context.home.clone(), cwd: context.cwd.clone() };
    factory_mcp::serve_stdio(home).await.context("while serving MCP over stdio")?;
    Ok(ExitCode::SUCCESS)
}
