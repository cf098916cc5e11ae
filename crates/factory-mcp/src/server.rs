//! The tools. Each one finds the home, calls one facade function and answers with its value as
//! pretty JSON text; an error becomes a tool result with `isError: true` and the facade's message.

use std::future::Future;

use factory_app::{AppError, Home};
use rmcp::handler::server::router::tool::ToolRouter;
use rmcp::handler::server::wrapper::Parameters;
use rmcp::model::{CallToolResult, ContentBlock, Implementation, ServerCapabilities, ServerConfig};
use rmcp::{tool, tool_handler, tool_router, ServerHandler};
use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

use crate::HomeSource;

const INSTRUCTIONS: &str = "The software factory's brain: the org's repos, components, APIs, fields, owners and tests as a \
graph, with the path that explains every answer. Start with `search` to find a node's ref (like `component:orders-api` or \
`api:orders-http`), then ask `impact`, `consumers`, `owners` or `tests` about it. `lessons`, `rules` and `skills` show what \
past runs taught; `runs` and `run_status` show the factory's runs.";

/// The factory's MCP server: one tool per question, over the facade.
#[derive(Debug, Clone)]
pub struct FactoryServer {
    home: HomeSource,
    tool_router: ToolRouter<Self>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SearchArgs {
    /// Words to look for in the names, refs and properties of the brain's nodes, e.g. `orders` or `created_at`.
    pub text: String,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct ImpactArgs {
    /// A node ref (`api:orders-http`, `component:web`, `field:...`) or a file path, with or without its repo's name (`orders-api/openapi.yaml`); a file stands for what was read from it, or for the component whose folder holds it.
    pub target: String,
    /// Ask about the graph as it was then: a date (`2026-06-01`), an RFC 3339 time, or a commit of a registered repo. Default: now.
    #[serde(default)]
    pub as_of: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RefArgs {
    /// A node ref such as `component:orders-api` or `api:orders-http` (find one with `search`).
    #[serde(rename = "ref")]
    pub node_ref: String,
    /// Ask about the graph as it was then: a date (`2026-06-01`), an RFC 3339 time, or a commit of a registered repo. Default: now.
    #[serde(default)]
    pub as_of: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CheckArgs {
    /// Compare each repo's contracts at HEAD with this branch or commit to find breaking changes. Default: the repo's default branch, when HEAD is on another branch.
    #[serde(default)]
    pub base: Option<String>,
}

#[derive(Debug, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RunArgs {
    /// The run's id, as `runs` lists it.
    pub run: String,
}

#[tool_router(router = tool_router)]
impl FactoryServer {
    pub fn new(home: HomeSource) -> Self {
        Self { home, tool_router: Self::tool_router() }
    }

    #[tool(annotations(read_only_hint = true, open_world_hint = false), description = "Full-text search over the brain's nodes (repos, components, APIs, operations, fields, owners, tests). \
Returns hits best first, each with its ref, kind and name. Use it to find the ref to pass to the other tools.")]
    async fn search(&self, Parameters(args): Parameters<SearchArgs>) -> CallToolResult {
        self.answer(|home| async move { factory_app::brain::search(&home, &args.text).await }).await
    }

    #[tool(annotations(read_only_hint = true, open_world_hint = false), description = "What a change to a node or a file affects: every reached node (consumers, dependants, owners, \
tests) with the path of edges that explains why. `target` is a ref or a path in a repo.")]
    async fn impact(&self, Parameters(args): Parameters<ImpactArgs>) -> CallToolResult {
        self.answer(|home| async move { factory_app::brain::impact(&home, &args.target, args.as_of.as_deref()).await }).await
    }

    #[tool(annotations(read_only_hint = true, open_world_hint = false), description = "One node of the brain: its kind, name and properties, and its edges both ways with their sources.")]
    async fn show(&self, Parameters(args): Parameters<RefArgs>) -> CallToolResult {
        self.answer(|home| async move { factory_app::brain::show(&home, &args.node_ref, args.as_of.as_deref()).await }).await
    }

    #[tool(annotations(read_only_hint = true, open_world_hint = false), description = "Who consumes an API, an operation, a message or a field, each with the path that explains it.")]
    async fn consumers(&self, Parameters(args): Parameters<RefArgs>) -> CallToolResult {
        self.answer(|home| async move { factory_app::brain::consumers(&home, &args.node_ref, args.as_of.as_deref()).await }).await
    }

    #[tool(annotations(read_only_hint = true, open_world_hint = false), description = "Who owns a node (teams and people, from catalog files and CODEOWNERS), each with the path that explains it.")]
    async fn owners(&self, Parameters(args): Parameters<RefArgs>) -> CallToolResult {
        self.answer(|home| async move { factory_app::brain::owners(&home, &args.node_ref, args.as_of.as_deref()).await }).await
    }

    #[tool(annotations(read_only_hint = true, open_world_hint = false), description = "Which tests cover a node (a contract, an operation, a field, a component), each with the path that explains it.")]
    async fn tests(&self, Parameters(args): Parameters<RefArgs>) -> CallToolResult {
        self.answer(|home| async move { factory_app::brain::tests(&home, &args.node_ref, args.as_of.as_deref()).await }).await
    }

    #[tool(annotations(read_only_hint = true, open_world_hint = false), description = "Contract findings across the org as the brain knows it now: consumers reading fields or calling \
operations their provider does not offer, and breaking changes in each repo's contracts between its HEAD and `base`, \
with severity (error or warning) and where.")]
    async fn check(&self, Parameters(args): Parameters<CheckArgs>) -> CallToolResult {
        self.answer(|home| async move { factory_app::brain::check(&home, args.base.as_deref()).await }).await
    }

    #[tool(annotations(read_only_hint = true, open_world_hint = false), description = "The lessons past runs taught (the home's lessons/*.md): each file's front matter (kind, entities, \
run, date), title and path, newest first.")]
    async fn lessons(&self) -> CallToolResult {
        self.answer(|home| async move { Ok::<_, AppError>(factory_app::learning::lessons(&home)) }).await
    }

    #[tool(annotations(read_only_hint = true, open_world_hint = false), description = "The verification rules of the home (rules/*.toml): each rule (id, kind, description, entities, \
learned_from, ...) or why its file could not be read. The verifier runs the rules whose entities a change touches.")]
    async fn rules(&self) -> CallToolResult {
        self.answer(|home| async move { Ok::<_, AppError>(factory_app::learning::rules(&home)) }).await
    }

    #[tool(annotations(read_only_hint = true, open_world_hint = false), description = "The skills of the home (skills/*/SKILL.md): each skill's name and description, saying when to use it.")]
    async fn skills(&self) -> CallToolResult {
        self.answer(|home| async move { Ok::<_, AppError>(factory_app::skills::skills(&home)) }).await
    }

    #[tool(annotations(read_only_hint = true, open_world_hint = false), description = "The factory's runs, newest first: id, outcome, status, stage, lane, worker and times.")]
    async fn runs(&self) -> CallToolResult {
        self.answer(|home| async move { factory_app::runs::list(&home).await }).await
    }

    #[tool(annotations(read_only_hint = true, open_world_hint = false), description = "One run and its journal: every step (spec, plan, tasks, verify, learn) with status, attempt, times, \
input, output and error, the number of events, the evidence artifacts and the run's folder.")]
    async fn run_status(&self, Parameters(args): Parameters<RunArgs>) -> CallToolResult {
        self.answer(|home| async move { factory_app::runs::show(&home, &args.run).await }).await
    }
}

#[tool_handler(router = self.tool_router)]
impl ServerHandler for FactoryServer {
    fn get_info(&self) -> ServerConfig {
        ServerConfig::new(ServerCapabilities::builder().enable_tools().build())
            .with_server_info(Implementation::new("factory", env!("CARGO_PKG_VERSION")).with_title("Software factory brain and runs"))
            .with_instructions(INSTRUCTIONS)
    }
}

impl FactoryServer {
    /// Finds the home, runs `question` on it, and turns its answer or its error into a tool result.
    async fn answer<Answer, Question, Asked>(&self, question: Question) -> CallToolResult
    where
        Answer: Serialize,
        Question: FnOnce(Home) -> Asked,
        Asked: Future<Output = Result<Answer, AppError>>,
    {
        let home = match Home::locate(self.home.explicit.as_deref(), &self.home.cwd) {
            Ok(home) => home,
            Err(error) => return failure(&error),
        };
        match question(home).await {
            Ok(answer) => match serde_json::to_string_pretty(&answer) {
                Ok(text) => CallToolResult::success(vec![ContentBlock::text(text)]),
                Err(error) => CallToolResult::error(vec![ContentBlock::text(format!("the answer could not be written as JSON: {error}"))]),
            },
            Err(error) => failure(&error),
        }
    }
}

fn failure(error: &AppError) -> CallToolResult {
    tracing::debug!(%error, "tool call failed");
    CallToolResult::error(vec![ContentBlock::text(error.to_string())])
}
