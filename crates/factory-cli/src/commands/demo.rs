//! `factory demo`: the example org, and the factory at work on it.

use std::process::ExitCode;

use crate::cli::DemoArgs;
use crate::commands::Context;
use crate::output;

pub async fn run(context: &Context, args: DemoArgs) -> anyhow::Result<ExitCode> {
    let dir = factory_app::demo::prepare_dir(args.dir.as_deref(), context.cwd())?;
    eprintln!("writing the example org acme under {}", dir.display());
    let (home, report) = factory_app::demo::create_org(&dir)?;
    if args.output.json {
        return output::json(&report).map(|()| ExitCode::SUCCESS);
    }
    println!("demo org {} in {}", report.org, report.dir.display());
    println!("  home   {}", report.home.display());
    for repo in &report.repos {
        println!("  repo   {:<15} {} commits, head {}  {}", repo.repo.name, repo.commits, output::short(Some(&repo.head)), repo.repo.resolved_path.display());
    }
    println!();
    println!("try next:");
    println!("  export FACTORY_HOME={}", home.root().display());
    println!("  factory status");
    println!("  factory repo list --json");
    Ok(ExitCode::SUCCESS)
}
