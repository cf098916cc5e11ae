//! `factory demo`: the example org, and the factory at work on it.

use std::process::ExitCode;

use crate::cli::DemoArgs;
use crate::commands::Context;
use crate::output;

pub async fn run(context: &Context, args: DemoArgs) -> anyhow::Result<ExitCode> {
    let dir = factory_app::demo::prepare_dir(args.dir.as_deref(), context.cwd())?;
    eprintln!("writing the example org acme under {}", dir.display());
    let (home, report) = factory_app::demo::create_org(&dir)?;
    if args.org_only {
        if args.output.json {
            return output::json(&report).map(|()| ExitCode::SUCCESS);
        }
        print_org(&report);
        println!();
        println!("try next:");
        println!("  export FACTORY_HOME={}", home.root().display());
        println!("  factory brain scan && factory brain impact api:orders-http");
        println!("  factory verify");
        return Ok(ExitCode::SUCCESS);
    }
    let mut progress = |line: String| eprintln!("{line}");
    let result = factory_app::demo::run_loop(&home, report, &mut progress).await?;
    if args.output.json {
        output::json(&result)?;
        return Ok(ExitCode::SUCCESS);
    }
    print_org(&result.org);
    println!();
    println!("What happened");
    println!("  1. The brain read the four repos: {} nodes, {} edges, {} files read.", result.scan.nodes, result.scan.edges, result.scan.files_read);
    for dependency in result.dependencies.iter().filter(|line| line.contains("-consumes->") || line.contains("-depends_on->")).take(8) {
        println!("       {dependency}");
    }
    match (&result.sandbox_on_main, &result.sandbox_error) {
        (Some(verify), _) => {
            println!("  2. The sandbox brought every service up on main: {} checks passed, {} failed, {} unknown.", verify.passed, verify.failed, verify.unknown);
            for check in &verify.checks {
                let artifacts: Vec<String> = check.artifacts.iter().filter(|path| path.extension().is_some_and(|ext| ext == "png")).map(|path| path.display().to_string()).collect();
                let shot = if artifacts.is_empty() { String::new() } else { format!(" screenshot: {}", artifacts.join(", ")) };
                println!("       {:<8} {}{shot}", format!("{:?}", check.verdict).to_lowercase(), check.name);
            }
        }
        (None, Some(error)) => println!("  2. The sandbox could not run on main: {error}"),
        (None, None) => {}
    }
    for (index, run) in result.runs.iter().enumerate() {
        println!("  {}. Run {} \"{}\": {}.", index + 3, run.outcome.id, if index == 0 { factory_app::demo::FIRST_OUTCOME } else { factory_app::demo::SECOND_OUTCOME }, run.outcome.status.as_str());
        if !run.gates_approved.is_empty() {
            println!("       gates approved: {}", run.gates_approved.join(", "));
        }
        for round in &run.verify_rounds {
            let failed: Vec<&str> = round["failed_checks"].as_array().into_iter().flatten().filter_map(|name| name.as_str()).collect();
            let text = if round["stage"] == "rules" {
                format!("caught before the sandbox by a learned rule ({} finding(s))", round["findings"].as_array().map_or(0, Vec::len))
            } else if round["passed"] == true {
                match round["unknown_checks"].as_array().map_or(0, Vec::len) {
                    0 => "green in the sandbox".to_string(),
                    unknown => format!("no check failed in the sandbox; {unknown} unknown (could not run; see `factory doctor`)"),
                }
            } else {
                format!("failed in the sandbox: {}", failed.join(", "))
            };
            println!("       verify round {}: {text}", round["round"]);
        }
        println!("       evidence: {} ({})", run.report.display(), if run.evidence_verified { "attestation verified" } else { "attestation NOT verified" });
        if let Some(branch) = &run.evolve_branch {
            println!("       learning proposed {branch}, applied to the home");
        }
    }
    println!("  Learned: {} lesson(s), {} rule(s): {}", result.lessons.len(), result.rules.len(), result.rules.join(", "));
    println!("  Failures prevented by learned rules: {}", result.stats.totals.prevented);
    println!("  Took {:.1} s.", result.elapsed_ms as f64 / 1000.0);
    println!();
    println!("try next:");
    println!("  export FACTORY_HOME={}", home.root().display());
    println!("  factory runs && factory stats && factory lessons && factory rules");
    if let Some(run) = result.runs.first() {
        println!("  factory report {} && factory evidence verify {}", run.outcome.id, run.outcome.id);
    }
    Ok(ExitCode::SUCCESS)
}

fn print_org(report: &factory_app::demo::DemoReport) {
    println!("demo org {} in {}", report.org, report.dir.display());
    println!("  home   {}", report.home.display());
    for repo in &report.repos {
        println!("  repo   {:<15} {} commits, head {}  {}", repo.repo.name, repo.commits, output::short(Some(&repo.head)), repo.repo.resolved_path.display());
    }
}
