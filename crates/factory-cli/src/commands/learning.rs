//! `factory learn`, `lessons`, `rules`, `evolve`, `stats`.

use std::process::ExitCode;

use clap::Subcommand;

use crate::cli::JsonFlag;
use crate::commands::Context;
use crate::output;

#[derive(Debug, Subcommand)]
pub enum EvolveCommand {
    /// The proposed changes to the factory home (`evolve/<run>` branches).
    List(JsonFlag),
    /// One proposal with its diff.
    Show { branch: String, #[command(flatten)] output: JsonFlag },
    /// Merge a proposal into the home's branch.
    Apply { branch: String },
    /// Delete a proposal unmerged.
    Reject { branch: String },
}

pub async fn learn(context: &Context, run: String, flag: JsonFlag) -> anyhow::Result<ExitCode> {
    let home = context.home()?;
    let learned = factory_app::learning::learn(&home, &run).await?;
    if flag.json {
        return output::json(&learned).map(|()| ExitCode::SUCCESS);
    }
    let lessons = learned["learned"]["lessons"].as_array().map_or(0, Vec::len);
    let rules = learned["learned"]["rules"].as_array().map_or(0, Vec::len);
    println!("run {run}: {lessons} lesson(s), {rules} rule(s); evolve branch: {}", learned["evolve"]["branch"].as_str().unwrap_or("none (nothing new)"));
    Ok(ExitCode::SUCCESS)
}

pub fn lessons(context: &Context, flag: JsonFlag) -> anyhow::Result<ExitCode> {
    let home = context.home()?;
    let lessons = factory_app::learning::lessons(&home);
    if flag.json {
        return output::json(&lessons).map(|()| ExitCode::SUCCESS);
    }
    if lessons.is_empty() {
        eprintln!("no lessons yet in {}", home.layout.lessons_dir().display());
    }
    for lesson in lessons {
        println!("{}  {:<18} {}  ({})", lesson.date, lesson.kind, lesson.title, lesson.path);
    }
    Ok(ExitCode::SUCCESS)
}

pub fn rules(context: &Context, flag: JsonFlag) -> anyhow::Result<ExitCode> {
    let home = context.home()?;
    let rules = factory_app::learning::rules(&home);
    if flag.json {
        return output::json(&rules).map(|()| ExitCode::SUCCESS);
    }
    if rules.is_empty() {
        eprintln!("no rules yet in {}", home.layout.rules_dir().display());
    }
    for info in rules {
        match (&info.rule, &info.error) {
            (Some(rule), _) => println!("{:<40} {}  (from {})", rule.id, rule.description, rule.learned_from),
            (None, Some(error)) => eprintln!("warning: {error}"),
            (None, None) => {}
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn evolve(context: &Context, command: EvolveCommand) -> anyhow::Result<ExitCode> {
    let home = context.home()?;
    match command {
        EvolveCommand::List(flag) => {
            let branches = factory_app::learning::evolve_list(&home)?;
            if flag.json {
                return output::json(&branches).map(|()| ExitCode::SUCCESS);
            }
            if branches.is_empty() {
                eprintln!("no proposals: no evolve/* branch in {}", home.root().display());
            }
            for branch in branches {
                println!("{}  {}  ({} file(s))", branch.branch, branch.summary, branch.files.len());
            }
        }
        EvolveCommand::Show { branch, output: flag } => {
            let detail = factory_app::learning::evolve_show(&home, &branch)?;
            if flag.json {
                return output::json(&detail).map(|()| ExitCode::SUCCESS);
            }
            println!("{}  {}", detail.branch.branch, detail.branch.summary);
            print!("{}", detail.diff);
            println!();
        }
        EvolveCommand::Apply { branch } => {
            let head = factory_app::learning::evolve_apply(&home, &branch)?;
            println!("applied {branch}: home is at {}", output::short(Some(&head)));
        }
        EvolveCommand::Reject { branch } => {
            factory_app::learning::evolve_reject(&home, &branch)?;
            println!("rejected {branch}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn stats(context: &Context, flag: JsonFlag) -> anyhow::Result<ExitCode> {
    let home = context.home()?;
    let stats = factory_app::learning::stats(&home).await?;
    if flag.json {
        return output::json(&stats).map(|()| ExitCode::SUCCESS);
    }
    let mut rows = vec![vec!["run".to_string(), "status".into(), "stage".into(), "attempts".into(), "to green".into(), "failures".into(), "prevented".into()]];
    for run in &stats.runs {
        let failures = run.failures_by_class.iter().map(|(class, count)| format!("{class}:{count}")).collect::<Vec<_>>().join(" ");
        rows.push(vec![
            run.id.clone(),
            run.status.clone(),
            run.stage.clone(),
            run.attempts.to_string(),
            run.time_to_green_secs.map_or("-".into(), |secs| format!("{secs:.1}s")),
            if failures.is_empty() { "-".into() } else { failures },
            run.prevented.to_string(),
        ]);
    }
    print!("{}", output::table(&rows));
    println!("{} run(s), {} succeeded, {} failure(s) prevented by learned rules", stats.totals.runs, stats.totals.succeeded, stats.totals.prevented);
    Ok(ExitCode::SUCCESS)
}
