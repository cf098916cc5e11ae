//! `factory brain scan|export|show|owners|consumers|tests|impact|search|check`.

use std::process::ExitCode;

use clap::{Args, Subcommand};
use factory_app::brain::{self, Answer, Severity};

use crate::cli::JsonFlag;
use crate::commands::Context;
use crate::output;

#[derive(Debug, Subcommand)]
pub enum BrainCommand {
    /// Read every registered repo at HEAD into the brain (only files whose blob changed).
    Scan {
        /// Scan only this repo.
        #[arg(long)]
        repo: Option<String>,
        /// For repos never scanned before, also replay this many commits before HEAD, so that
        /// `--as-of` sees how the org was (0: HEAD only; facts then date from HEAD's commit).
        #[arg(long, default_value_t = 0, value_name = "COMMITS")]
        history: usize,
        #[command(flatten)]
        output: JsonFlag,
    },
    /// Every current node and edge as {"nodes":[...],"edges":[...]}.
    Export(AsOfArgs),
    /// A node with its edges.
    Show(RefArgs),
    /// Who owns a component, API, field… (CODEOWNERS and catalog), with the path that says so.
    Owners(RefArgs),
    /// Who consumes a component, API, operation, message or field.
    Consumers(RefArgs),
    /// Which tests cover a component or contract.
    Tests(RefArgs),
    /// What a change to REF (or to a file PATH) affects: consumers, contracts, owners, tests.
    Impact(RefArgs),
    /// Full-text search over the brain's nodes.
    Search {
        text: String,
        #[command(flatten)]
        output: JsonFlag,
    },
    /// Contract findings across repos and breaking contract changes against a base; exits 1
    /// when any is an error.
    Check {
        /// Compare each repo's contracts at HEAD with this revision (default: the repo's
        /// default branch, when HEAD is on another branch).
        #[arg(long, value_name = "REV")]
        base: Option<String>,
        #[command(flatten)]
        output: JsonFlag,
    },
}

#[derive(Debug, Args)]
pub struct AsOfArgs {
    /// Answer as the brain knew things at this date, time or commit.
    #[arg(long, value_name = "DATE|COMMIT")]
    pub as_of: Option<String>,
    #[command(flatten)]
    pub output: JsonFlag,
}

#[derive(Debug, Args)]
pub struct RefArgs {
    /// A ref such as component:orders-api, or a name, or (for impact) a file path.
    pub target: String,
    #[command(flatten)]
    pub rest: AsOfArgs,
}

pub async fn run(context: &Context, command: BrainCommand) -> anyhow::Result<ExitCode> {
    let home = context.home()?;
    match command {
        BrainCommand::Scan { repo, history, output: flag } => {
            if history > 0 {
                eprintln!("replaying up to {history} past commits of each repo scanned for the first time...");
            }
            let report = brain::scan_with(&home, &brain::ScanOptions { repo, history }).await?;
            if flag.json {
                output::json(&report)?;
            } else {
                if report.history_steps > 0 {
                    println!("history: {} past commits replayed", report.history_steps);
                }
                for note in &report.notes {
                    eprintln!("note: {note}");
                }
                let unchanged: Vec<&str> = report.repos.iter().filter(|repo| repo.same_commit).map(|repo| repo.name.as_str()).collect();
                // A few unchanged repos are named; many are counted.
                if unchanged.len() > 5 {
                    println!("{} repos already scanned at their current commit", unchanged.len());
                }
                for repo in &report.repos {
                    if repo.same_commit {
                        if unchanged.len() <= 5 {
                            println!("{}  {}  already scanned at this commit", repo.name, output::short(repo.commit.as_deref()));
                        }
                        continue;
                    }
                    println!(
                        "{}  {}  {} read, {} unchanged, {} failed{}",
                        repo.name,
                        output::short(repo.commit.as_deref()),
                        repo.files_read,
                        repo.files_unchanged,
                        repo.files_failed,
                        if repo.same_facts { "; what they say is unchanged" } else { "" }
                    );
                }
                println!(
                    "graph: {} nodes, {} edges (+{} / -{} nodes, +{} / -{} edges)",
                    report.nodes, report.edges, report.nodes_added, report.nodes_closed, report.edges_added, report.edges_closed
                );
            }
            for error in &report.errors {
                let path = error.path.as_deref().map(|path| format!("{path}: ")).unwrap_or_default();
                eprintln!("warning: {}: {path}{}", error.repo, error.error);
            }
        }
        BrainCommand::Export(args) => {
            let export = brain::export(&home, args.as_of.as_deref()).await?;
            if args.output.json {
                output::json(&export)?;
            } else {
                for node in &export.nodes {
                    println!("{}", node.node_ref);
                }
                for edge in &export.edges {
                    println!("{} -{}-> {}", edge.from, edge.kind, edge.to);
                }
            }
        }
        BrainCommand::Show(args) => {
            let shown = brain::show(&home, &args.target, args.rest.as_of.as_deref()).await?;
            if args.rest.output.json {
                output::json(&shown)?;
            } else {
                println!("{} ({}, {} from {})", shown.node.node_ref, shown.node.kind, shown.node.method, shown.node.source);
                for (key, value) in shown.node.props.as_object().into_iter().flatten() {
                    println!("  {key}: {value}");
                }
                for step in &shown.outgoing {
                    println!("  -{}-> {}  [{}]", step.kind, step.to, step.source);
                }
                for step in &shown.incoming {
                    println!("  <-{}- {}  [{}]", step.kind, step.from, step.source);
                }
            }
        }
        BrainCommand::Owners(args) => print_answer(brain::owners(&home, &args.target, args.rest.as_of.as_deref()).await?, args.rest.output.json, "owners")?,
        BrainCommand::Consumers(args) => print_answer(brain::consumers(&home, &args.target, args.rest.as_of.as_deref()).await?, args.rest.output.json, "consumers")?,
        BrainCommand::Tests(args) => print_answer(brain::tests(&home, &args.target, args.rest.as_of.as_deref()).await?, args.rest.output.json, "tests")?,
        BrainCommand::Impact(args) => {
            let impact = brain::impact(&home, &args.target, args.rest.as_of.as_deref()).await?;
            if args.rest.output.json {
                output::json(&impact)?;
            } else {
                println!("impact of {}", impact.targets.join(", "));
                println!("components: {}", list_or_none(&impact.components));
                println!("contracts: {}", list_or_none(&impact.contracts));
                for (title, items) in [("affected", &impact.affected), ("owners", &impact.owners), ("tests", &impact.tests), ("decisions", &impact.decisions), ("lessons", &impact.lessons)] {
                    println!("{title}:");
                    for item in items {
                        println!("  {}  via {}", item.node_ref, explain(&item.path));
                    }
                }
            }
        }
        BrainCommand::Search { text, output: flag } => {
            let hits = brain::search(&home, &text).await?;
            if flag.json {
                output::json(&hits)?;
            } else {
                for hit in &hits {
                    println!("{}  {}", hit.node_ref, hit.snippet);
                }
            }
        }
        BrainCommand::Check { base, output: flag } => {
            let report = brain::check(&home, base.as_deref()).await?;
            if flag.json {
                output::json(&report)?;
            } else {
                for finding in &report.findings {
                    let severity = if finding.severity == Severity::Error { "error" } else { "warning" };
                    println!("{severity}[{}]: {}", finding.rule, finding.message);
                    for location in &finding.locations {
                        println!("  at {location}");
                    }
                    if let Some(fix) = &finding.fix {
                        println!("  fix: {fix}");
                    }
                }
                println!("{} errors, {} warnings", report.errors, report.warnings);
            }
            if report.errors > 0 {
                return Ok(ExitCode::from(1));
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

fn print_answer(answer: Answer, json: bool, title: &str) -> anyhow::Result<()> {
    if json {
        return output::json(&answer);
    }
    if answer.results.is_empty() {
        eprintln!("no {title} found for {}", answer.target);
    }
    for result in &answer.results {
        println!("{}  via {}", result.node_ref, explain(&result.path));
    }
    Ok(())
}

fn explain(path: &[brain::Step]) -> String {
    path.iter().map(|step| format!("{} -{}-> {}", step.from, step.kind, step.to)).collect::<Vec<_>>().join(", ")
}

fn list_or_none(items: &[String]) -> String {
    if items.is_empty() { "none".to_string() } else { items.join(", ") }
}
