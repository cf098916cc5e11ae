//! `factory learn RUN`, `lessons`, `rules`, `evolve list|show|apply|reject` and `stats`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde::Serialize;

use crate::{AppError, Home};

/// A lesson file of the home.
#[derive(Debug, Clone, Serialize)]
pub struct LessonInfo {
    pub path: String,
    pub title: String,
    pub kind: String,
    pub run: String,
    pub date: String,
    pub entities: Vec<String>,
}

/// Every lesson in `lessons/` (README excluded), newest first.
pub fn lessons(home: &Home) -> Vec<LessonInfo> {
    let mut found = Vec::new();
    let Ok(entries) = std::fs::read_dir(home.layout.lessons_dir()) else { return found };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|ext| ext != "md") || path.file_name().is_some_and(|name| name == "README.md") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        let field = |key: &str| text.lines().find_map(|line| line.strip_prefix(key)).map(|value| value.trim().trim_matches('"').to_string()).unwrap_or_default();
        let entities = field("entities:").trim_matches(['[', ']']).split(',').map(|entity| entity.trim().trim_matches('"').to_string()).filter(|entity| !entity.is_empty()).collect();
        found.push(LessonInfo {
            path: format!("lessons/{}", path.file_name().map(|name| name.to_string_lossy().to_string()).unwrap_or_default()),
            title: text.lines().find_map(|line| line.strip_prefix("# ")).unwrap_or_default().to_string(),
            kind: field("kind:"),
            run: field("run:"),
            date: field("date:"),
            entities,
        });
    }
    found.sort_by(|a, b| b.path.cmp(&a.path));
    found
}

/// A rule file of the home, or why it could not be read.
#[derive(Debug, Clone, Serialize)]
pub struct RuleInfo {
    pub path: PathBuf,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<factory_learn::Rule>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub error: Option<String>,
}

pub fn rules(home: &Home) -> Vec<RuleInfo> {
    let (rules, errors) = factory_learn::load_rules(&home.layout.rules_dir());
    let mut found: Vec<RuleInfo> = rules.into_iter().map(|(path, rule)| RuleInfo { path, rule: Some(rule), error: None }).collect();
    found.extend(errors.into_iter().map(|error| RuleInfo { path: home.layout.rules_dir(), rule: None, error: Some(error.to_string()) }));
    found
}

pub fn evolve_list(home: &Home) -> Result<Vec<factory_learn::EvolveBranch>, AppError> {
    factory_learn::evolve_branches(home.root()).map_err(learn_error)
}

/// An evolve branch with its diff against the home's HEAD.
#[derive(Debug, Clone, Serialize)]
pub struct EvolveDetail {
    #[serde(flatten)]
    pub branch: factory_learn::EvolveBranch,
    pub diff: String,
}

pub fn evolve_show(home: &Home, name: &str) -> Result<EvolveDetail, AppError> {
    let branch_name = evolve_branch_name(name);
    let branch = evolve_list(home)?
        .into_iter()
        .find(|branch| branch.branch == branch_name)
        .ok_or_else(|| AppError::Input(format!("no evolve branch `{branch_name}`; `factory evolve list` shows them")))?;
    let diff = factory_git::Repo::open(home.root()).diff("HEAD", &branch.branch)?;
    Ok(EvolveDetail { branch, diff })
}

pub fn evolve_apply(home: &Home, name: &str) -> Result<String, AppError> {
    factory_learn::apply_evolve(home.root(), &evolve_branch_name(name)).map_err(learn_error)
}

pub fn evolve_reject(home: &Home, name: &str) -> Result<(), AppError> {
    factory_learn::reject_evolve(home.root(), &evolve_branch_name(name)).map_err(learn_error)
}

/// `evolve/<run>` from either the branch or the run id.
fn evolve_branch_name(name: &str) -> String {
    if name.starts_with("evolve/") { name.to_string() } else { format!("evolve/{name}") }
}

fn learn_error(error: factory_learn::LearnError) -> AppError {
    match error {
        factory_learn::LearnError::UnknownBranch(_) | factory_learn::LearnError::BadRule { .. } => AppError::Input(error.to_string()),
        factory_learn::LearnError::Git(error) => AppError::Git(error),
        factory_learn::LearnError::Io { path, source } => AppError::Io { path, source },
    }
}

/// `factory stats`: per run and in total.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Stats {
    pub runs: Vec<RunStats>,
    pub totals: Totals,
}

#[derive(Debug, Clone, Serialize)]
pub struct RunStats {
    pub id: String,
    pub outcome: String,
    pub status: String,
    pub stage: String,
    /// Verification rounds.
    pub attempts: u32,
    /// Seconds from the run's start to its first passing verification, when it had one.
    pub time_to_green_secs: Option<f64>,
    pub failures_by_class: BTreeMap<String, u32>,
    /// Failures stopped before the sandbox by a learned rule.
    pub prevented: u32,
}

#[derive(Debug, Clone, Default, Serialize)]
pub struct Totals {
    pub runs: u32,
    pub succeeded: u32,
    pub failures_by_class: BTreeMap<String, u32>,
    pub prevented: u32,
}

pub async fn stats(home: &Home) -> Result<Stats, AppError> {
    let store = home.store().await?;
    let mut stats = Stats::default();
    let mut runs = store.runs().await?;
    runs.reverse();
    for run in runs {
        let steps = store.steps(&run.id).await?;
        let verifies: Vec<_> = steps.iter().filter(|step| step.name == "verify" && step.status == "done").collect();
        let green = verifies.iter().find(|step| step.output["passed"] == true);
        let time_to_green_secs = green.and_then(|step| seconds_between(&run.created_at, step.finished_at.as_deref()?));
        let mut failures_by_class = BTreeMap::new();
        if let Some(learn) = steps.iter().find(|step| step.name == "learn" && step.status == "done") {
            for failure in learn.output["failures"].as_array().into_iter().flatten() {
                *failures_by_class.entry(failure["class"].as_str().unwrap_or("unclassified").to_string()).or_insert(0) += 1;
            }
        }
        let prevented = u32::try_from(store.events(&run.id).await?.iter().filter(|event| event.kind == "prevented").count()).unwrap_or(u32::MAX);
        stats.totals.runs += 1;
        stats.totals.succeeded += u32::from(run.status == "succeeded");
        stats.totals.prevented += prevented;
        for (class, count) in &failures_by_class {
            *stats.totals.failures_by_class.entry(class.clone()).or_insert(0) += count;
        }
        stats.runs.push(RunStats {
            id: run.id,
            outcome: run.outcome,
            status: run.status,
            stage: run.stage,
            attempts: u32::try_from(verifies.len()).unwrap_or(u32::MAX),
            time_to_green_secs,
            failures_by_class,
            prevented,
        });
    }
    store.close().await;
    Ok(stats)
}

/// Re-runs learning on a finished run (for instance after a rule was rejected and removed).
pub async fn learn(home: &Home, run_id: &str) -> Result<serde_json::Value, AppError> {
    crate::runs::relearn(home, run_id).await
}

fn seconds_between(start: &str, end: &str) -> Option<f64> {
    let parse = |text: &str| time::OffsetDateTime::parse(text, &time::format_description::well_known::Rfc3339).ok();
    let elapsed = parse(end)? - parse(start)?;
    Some(elapsed.as_seconds_f64())
}
