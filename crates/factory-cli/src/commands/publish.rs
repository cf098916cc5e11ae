//! `factory publish RUN [--dry-run] [--json]`: push a run's branches, open linked pull/merge
//! requests on GitHub or GitLab.

use std::process::ExitCode;

use clap::Args;
use factory_app::publish::{PublishError, PublishMode, PublishReport};

use crate::cli::JsonFlag;
use crate::commands::Context;
use crate::output;

#[derive(Debug, Args)]
#[command(after_help = "\
Each repo's branch factory/<run>/<repo> is pushed to its remote `origin` (its push URL, if set).
When origin's URL is on GitHub or GitLab, a pull/merge request into the branch's base is opened
with the evidence's pr/<repo>.md as its body (a draft unless the run's verdict is pass), then
every body is updated so its links to sibling requests point at their pages. A local origin is
pushed without a request. The URLs are recorded in the run as a `published` event.

Environment:
  GITHUB_TOKEN          token for GitHub (sent as `Authorization: Bearer`)
  GITLAB_TOKEN          token for GitLab (sent as `PRIVATE-TOKEN`)
  FACTORY_GITHUB_API    GitHub API base [default: https://api.github.com]
  FACTORY_GITLAB_API    GitLab API base [default: https://gitlab.com/api/v4]
Remotes on github.com, gitlab.com, or the host of a non-default API base are recognised.")]
pub struct PublishArgs {
    /// The run whose branches to publish (`factory runs` lists them).
    pub run: String,
    /// Print what would be pushed and sent (method, URL, JSON body); push and send nothing.
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub output: JsonFlag,
}

pub async fn run(context: &Context, args: PublishArgs) -> anyhow::Result<ExitCode> {
    let home = context.home()?;
    let mode = if args.dry_run { PublishMode::DryRun } else { PublishMode::Publish };
    if mode == PublishMode::Publish {
        eprintln!("publishing run {}", args.run);
    }
    let report = match factory_app::publish::publish(&home, &args.run, mode).await {
        Ok(report) => report,
        Err(PublishError::App(error)) => return Err(error.into()),
        Err(error @ PublishError::Forge { .. }) => {
            anyhow::bail!("{error}\nwhat was pushed and opened before this is recorded in the run (`factory run show {}`); publish again to go on", args.run)
        }
        Err(error @ PublishError::Stopped { .. }) => return Err(error.into()),
    };
    if args.output.json {
        output::json(&report)?;
    } else {
        print!("{}", render(&report));
    }
    for warning in &report.warnings {
        eprintln!("warning: {warning}");
    }
    Ok(ExitCode::SUCCESS)
}

fn render(report: &PublishReport) -> String {
    let mut out = String::new();
    if report.dry_run {
        out.push_str(&format!("dry run of publishing {}: nothing is pushed, nothing is sent\n", report.run));
    }
    for repo in &report.repos {
        let target = if repo.push_url == repo.remote { repo.remote.clone() } else { format!("{} (pushes to {})", repo.remote, repo.push_url) };
        let verb = if repo.commits == 0 {
            "does not push".to_string()
        } else if report.dry_run {
            format!("would push {} commit(s) of", repo.commits)
        } else {
            format!("pushed ({}) {} commit(s) of", repo.push, repo.commits)
        };
        out.push_str(&format!("\n{}: {verb} {} at {} to origin {target}\n", repo.repo, repo.branch, output::short(Some(&repo.head))));
        if let Some(pull_request) = &repo.pull_request {
            let noun = repo.forge.as_ref().map_or("pull request", |project| project.forge.request_noun());
            out.push_str(&format!("  {noun} into {}: {}\n", repo.base, pull_request.url));
        }
        if let Some(reason) = &repo.no_pull_request {
            out.push_str(&format!("  no pull request: {reason}\n"));
        }
        if report.dry_run {
            for request in &repo.requests {
                let body = serde_json::to_string_pretty(&shortened(&request.body, &repo.repo)).unwrap_or_default();
                out.push_str(&format!("  {} {}\n  {}\n", request.method.as_str(), request.url, request.auth));
                for line in body.lines() {
                    out.push_str(&format!("    {line}\n"));
                }
            }
        }
    }
    let opened = report.repos.iter().filter(|repo| repo.forge.is_some()).count();
    if report.dry_run && opened > 1 {
        out.push_str("\nthen each body is updated (GitHub: PATCH .../pulls/NUMBER {body}; GitLab: PUT .../merge_requests/IID {description}) so its sibling links point at the real pages\n");
    }
    out
}

/// The JSON body with the description text (`body`, `description`) named instead of spelled
/// out: it is `pr/<repo>.md` without its title line, and `--json` shows it whole.
fn shortened(body: &serde_json::Value, repo: &str) -> serde_json::Value {
    let mut body = body.clone();
    for field in ["body", "description"] {
        let lines = body[field].as_str().map_or(0, |text| text.lines().count());
        if lines > 1 {
            body[field] = serde_json::Value::String(format!("<pr/{repo}.md without its title: {lines} lines; --json shows it>"));
        }
    }
    body
}
