//! `factory plan "OUTCOME" --change SPEC...`: the factory's plan for an outcome, from the brain.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::Args;

use crate::cli::JsonFlag;
use crate::commands::Context;
use crate::output;

#[derive(Debug, Args)]
pub struct PlanArgs {
    /// What the outcome is, in words.
    pub outcome: String,
    /// What changes, repeatable: KIND:API/ELEMENT:ACTION[:ARG] with KIND field, operation or
    /// message and ACTION add, remove, rename:NEW, change-type:TYPE, add-field:NAME,
    /// remove-field:NAME or consume:COMPONENT; or component:NAME:change; or
    /// resource:NAME:add|change|remove. E.g. `field:orders-http/Order.created_at:add`,
    /// `field:orders-http/Order.created_at:consume:web`, `operation:orders-http/GET /orders:add`.
    #[arg(long = "change", value_name = "SPEC")]
    pub changes: Vec<String>,
    /// Write plan.md and plan.json into DIR instead of printing the plan.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Plan against the brain as it was at a date, time or commit.
    #[arg(long, value_name = "DATE|COMMIT")]
    pub as_of: Option<String>,
    #[command(flatten)]
    pub output: JsonFlag,
}

pub async fn run(context: &Context, args: PlanArgs) -> anyhow::Result<ExitCode> {
    let home = context.home()?;
    let plan = factory_app::plan::plan(&home, &args.outcome, &args.changes, args.as_of.as_deref()).await?;
    if let Some(dir) = &args.out {
        let dir = if dir.is_absolute() { dir.clone() } else { context.cwd().join(dir) };
        let files = factory_app::plan::write_plan(&plan, &dir)?;
        eprintln!("wrote {} and {}", files.markdown.display(), files.json.display());
        if args.output.json {
            return output::json(&plan).map(|()| ExitCode::SUCCESS);
        }
        let order = plan.rollout.iter().map(|step| step.task.as_str()).collect::<Vec<_>>().join(" -> ");
        println!("lane {}: {} tasks, rollout {order}", plan.lane.as_str(), plan.tasks.len());
        return Ok(ExitCode::SUCCESS);
    }
    if args.output.json {
        return output::json(&plan).map(|()| ExitCode::SUCCESS);
    }
    print!("{}", factory_app::plan::plan_markdown(&plan));
    Ok(ExitCode::SUCCESS)
}
