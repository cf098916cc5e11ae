//! `factory init` and `factory status`.

use std::process::ExitCode;

use crate::cli::{InitArgs, JsonFlag};
use crate::commands::Context;
use crate::output;

pub fn init(context: &Context, args: InitArgs) -> anyhow::Result<ExitCode> {
    let dir = match &args.dir {
        Some(dir) if dir.is_absolute() => dir.clone(),
        Some(dir) => context.cwd().join(dir),
        None => context.cwd().to_path_buf(),
    };
    let org = args.org.unwrap_or_else(|| factory_app::home::default_org_name(&dir));
    let report = factory_app::home::init(&dir, &org)?;
    if args.output.json {
        return output::json(&report).map(|()| ExitCode::SUCCESS);
    }
    println!("created factory home for {} at {}", report.org, report.home.display());
    println!("  {} files, first commit {}", report.files.len(), output::short(Some(&report.commit)));
    eprintln!("next: factory --home {} repo add PATH_OR_URL", report.home.display());
    Ok(ExitCode::SUCCESS)
}

pub async fn status(context: &Context, flag: JsonFlag) -> anyhow::Result<ExitCode> {
    let home = context.home()?;
    let report = factory_app::status::status(&home).await?;
    if flag.json {
        return output::json(&report).map(|()| ExitCode::SUCCESS);
    }
    println!("home   {} (org {})", report.home.display(), report.org);
    println!(
        "store  {} ({} KiB, schema v{}): {} nodes, {} edges, {} runs",
        report.store.path.display(),
        report.store.size_bytes / 1024,
        report.store.schema_version,
        report.store.counts.nodes,
        report.store.counts.edges,
        report.store.counts.runs
    );
    if report.repos.is_empty() {
        println!("repos  none registered; add one with `factory repo add PATH_OR_URL`");
        return Ok(ExitCode::SUCCESS);
    }
    let mut rows = vec![vec!["repo".into(), "branch".into(), "head".into(), "state".into(), "path".into()]];
    for repo in &report.repos {
        let state = match (&repo.error, repo.dirty) {
            (Some(_), _) => "error".to_string(),
            (None, true) => "dirty".to_string(),
            (None, false) => "clean".to_string(),
        };
        rows.push(vec![
            repo.repo.name.clone(),
            repo.branch.clone().unwrap_or_else(|| "(detached)".into()),
            output::short(repo.head.as_deref()).to_string(),
            state,
            repo.repo.resolved_path.display().to_string(),
        ]);
    }
    print!("{}", output::table(&rows));
    for repo in report.repos.iter().filter(|repo| repo.error.is_some()) {
        eprintln!("warning: {}: {}", repo.repo.name, repo.error.as_deref().unwrap_or_default());
    }
    Ok(ExitCode::SUCCESS)
}
