//! `factory plan`: an outcome and its change specs -> the brain's facts about them -> the
//! planner's decision (tasks, order, lane, verification, rollout, rollback), written as
//! `plan.md` and `plan.json` when asked.

mod impact;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use factory_plan::{ChangeSpec, DeclaredCheck, Plan, PlanOptions};
use serde::Serialize;

use crate::repos::{RepoInfo, list};
use crate::{AppError, Home};

pub use factory_plan::{Impact, plan_markdown};

use impact::{KnownNote, RepoFiles, impact_from_graph};

/// Where `write_plan` put the plan.
#[derive(Debug, Clone, Serialize)]
pub struct PlanFiles {
    pub markdown: PathBuf,
    pub json: PathBuf,
}

/// Parses change specs as typed (`field:orders-http/Order.created_at:add`); a bad one is bad
/// input and its error shows the grammar.
pub fn parse_changes(texts: &[String]) -> Result<Vec<ChangeSpec>, AppError> {
    texts.iter().map(|text| text.parse::<ChangeSpec>().map_err(|error| AppError::Input(error.to_string()))).collect()
}

/// Plans `outcome` from the brain as it is now (or as of `as_of`: a date, a time, or a commit).
pub async fn plan(home: &Home, outcome: &str, change_texts: &[String], as_of: Option<&str>) -> Result<Plan, AppError> {
    let changes = parse_changes(change_texts)?;
    if changes.is_empty() {
        return Err(AppError::Input(format!("no change to plan: say what changes with --change SPEC ({})", factory_plan::CHANGE_SPEC_GRAMMAR)));
    }
    let impact = impact(home, &changes, as_of).await?;
    factory_plan::plan(outcome, &changes, &impact, &PlanOptions::default()).map_err(|error| AppError::Input(error.to_string()))
}

/// The plan step of a run: the current brain, no `as_of`.
pub async fn plan_for_run(home: &Home, outcome: &str, change_texts: &[String]) -> Result<Plan, AppError> {
    plan(home, outcome, change_texts, None).await
}

/// What the brain (and the home's rules, lessons and the repos' declared checks) says about
/// `changes`: the planner's input, exposed so that a run can keep it beside its plan.
pub async fn impact(home: &Home, changes: &[ChangeSpec], as_of: Option<&str>) -> Result<Impact, AppError> {
    let graph = crate::brain::load_graph(home, as_of).await?;
    if graph.nodes.is_empty() {
        return Err(AppError::Input("the brain is empty; run `factory brain scan` before `factory plan`".to_string()));
    }
    // First pass to learn which repos are involved; then read only their files.
    let first = impact_from_graph(&graph, changes, &RepoFiles::default())?;
    let involved: BTreeSet<String> = first.repos.iter().map(|repo| repo.name.clone()).collect();
    let repos: Vec<RepoInfo> = list(home).into_iter().filter(|repo| involved.contains(&repo.name)).collect();
    let files = repo_files(home, &repos);
    impact_from_graph(&graph, changes, &files)
}

/// Writes `plan.md` and `plan.json` into `dir` (created when missing).
pub fn write_plan(plan: &Plan, dir: &Path) -> Result<PlanFiles, AppError> {
    std::fs::create_dir_all(dir).map_err(AppError::io(dir))?;
    let files = PlanFiles { markdown: dir.join("plan.md"), json: dir.join("plan.json") };
    std::fs::write(&files.markdown, plan_markdown(plan)).map_err(AppError::io(&files.markdown))?;
    let json = serde_json::to_string_pretty(plan).map_err(|error| AppError::Input(format!("the plan does not serialise: {error}")))?;
    std::fs::write(&files.json, format!("{json}\n")).map_err(AppError::io(&files.json))?;
    Ok(files)
}

fn repo_files(home: &Home, repos: &[RepoInfo]) -> RepoFiles {
    let mut files = RepoFiles::default();
    for repo in repos {
        files.migrations.insert(repo.name.clone(), holds_data_migrations(&repo.resolved_path));
        files.checks.insert(repo.name.clone(), declared_checks(home, repo));
    }
    let (rules, errors) = factory_learn::load_rules(&home.layout.rules_dir());
    for error in errors {
        tracing::warn!(%error, "a rule could not be read; the plan goes on without it");
    }
    files.rules = rules
        .into_iter()
        .map(|(_, rule)| KnownNote {
            repos: rule.repos().into_iter().map(str::to_string).collect(),
            id: rule.id,
            summary: rule.description,
            entities: rule.entities,
            run: None,
        })
        .collect();
    files.lessons = read_lessons(&home.layout.lessons_dir());
    files
}

/// Whether the repo at HEAD holds data migrations: a `migrations`/`migrate` folder or file,
/// Alembic, Flyway, Liquibase or Rails `db/migrate`.
fn holds_data_migrations(path: &Path) -> bool {
    let Ok(tree) = factory_git::list_tree(path, "HEAD") else { return false };
    tree.iter().any(|file| {
        file.path.split('/').any(|segment| {
            let lower = segment.to_lowercase();
            let stem = lower.split('.').next().unwrap_or(&lower).to_string();
            matches!(stem.as_str(), "migrations" | "migration" | "migrate" | "alembic" | "flyway" | "liquibase" | "changelog" | "schema_migrations")
        })
    })
}

/// The checks a repo declares in `.factory/services.toml` (or the home's `services/<repo>.toml`).
fn declared_checks(home: &Home, repo: &RepoInfo) -> Vec<DeclaredCheck> {
    let in_repo = repo.resolved_path.join(factory_sandbox::declarations::REPO_SERVICES_FILE);
    let in_home = home.root().join("services").join(format!("{}.toml", repo.name));
    let Some(path) = [in_repo, in_home].into_iter().find(|path| path.is_file()) else { return Vec::new() };
    let Ok(text) = std::fs::read_to_string(&path) else { return Vec::new() };
    let checkout = factory_sandbox::Checkout { repo: repo.name.clone(), path: repo.resolved_path.clone() };
    match factory_sandbox::declarations::parse_services_file(&text, &path, &checkout) {
        Ok((_, checks)) => checks
            .into_iter()
            .map(|check| DeclaredCheck {
                kind: serde_json::to_value(check.kind)
                    .ok()
                    .and_then(|value| value.as_str().map(str::to_string))
                    .unwrap_or_else(|| "command".to_string()),
                name: check.name,
            })
            .collect(),
        Err(error) => {
            tracing::warn!(repo = %repo.name, %error, "could not read the declared checks; the plan names generic ones");
            Vec::new()
        }
    }
}

/// Lessons in the home: Markdown with front matter (`entities: [...]`, `run: "run:<id>"`) and
/// a `# title`.
fn read_lessons(dir: &Path) -> Vec<KnownNote> {
    let Ok(entries) = std::fs::read_dir(dir) else { return Vec::new() };
    let mut paths: Vec<PathBuf> = entries
        .filter_map(Result::ok)
        .map(|entry| entry.path())
        .filter(|path| path.extension().is_some_and(|extension| extension == "md") && path.file_name().is_some_and(|name| name != "README.md"))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .filter_map(|path| {
            let text = std::fs::read_to_string(&path).ok()?;
            let id = path.file_stem()?.to_string_lossy().to_string();
            Some(parse_lesson(id, &text))
        })
        .collect()
}

fn parse_lesson(id: String, text: &str) -> KnownNote {
    let mut lesson = KnownNote { id, ..KnownNote::default() };
    let unquote = |value: &str| value.trim().trim_matches('"').trim_matches('\'').to_string();
    for line in text.lines() {
        if let Some(list) = line.strip_prefix("entities:") {
            lesson.entities =
                list.trim().trim_start_matches('[').trim_end_matches(']').split(',').map(unquote).filter(|entity| !entity.is_empty()).collect();
        } else if let Some(run) = line.strip_prefix("run:") {
            lesson.run = Some(unquote(run)).filter(|run| !run.is_empty());
        } else if let Some(title) = line.strip_prefix("# ")
            && lesson.summary.is_empty()
        {
            lesson.summary = title.trim().to_string();
        }
    }
    if lesson.summary.is_empty() {
        lesson.summary.clone_from(&lesson.id);
    }
    lesson.repos = lesson.entities.iter().filter_map(|entity| entity.strip_prefix("repo:").map(str::to_string)).collect();
    lesson
}
