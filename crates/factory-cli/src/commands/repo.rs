//! `factory repo add|list|remove`.

use std::process::ExitCode;

use crate::cli::RepoCommand;
use crate::commands::Context;
use crate::output;

pub fn run(context: &Context, command: RepoCommand) -> anyhow::Result<ExitCode> {
    let mut home = context.home()?;
    match command {
        RepoCommand::Add { location, name, output: flag } => {
            let repo = factory_app::repos::add(&mut home, &location, name.as_deref(), context.cwd())?;
            if flag.json {
                return output::json(&repo).map(|()| ExitCode::SUCCESS);
            }
            let origin = repo.url.as_deref().map(|url| format!(" (cloned from {url})")).unwrap_or_default();
            println!("added {} at {}{origin}", repo.name, repo.resolved_path.display());
        }
        RepoCommand::List(flag) => {
            let repos = factory_app::repos::list(&home);
            if flag.json {
                return output::json(&repos).map(|()| ExitCode::SUCCESS);
            }
            if repos.is_empty() {
                eprintln!("no repos registered; add one with `factory repo add PATH_OR_URL`");
                return Ok(ExitCode::SUCCESS);
            }
            let mut rows = vec![vec!["name".to_string(), "path".to_string(), "url".to_string()]];
            rows.extend(repos.iter().map(|repo| {
                vec![repo.name.clone(), repo.resolved_path.display().to_string(), repo.url.clone().unwrap_or_else(|| "-".into())]
            }));
            print!("{}", output::table(&rows));
        }
        RepoCommand::Remove { name, output: flag } => {
            let repo = factory_app::repos::remove(&mut home, &name)?;
            if flag.json {
                return output::json(&repo).map(|()| ExitCode::SUCCESS);
            }
            println!("removed {}", repo.name);
        }
    }
    Ok(ExitCode::SUCCESS)
}
