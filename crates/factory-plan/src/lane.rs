//! The lane: fast for one repo with no contract change, no migration, no infrastructure and no
//! past failure on these paths; full otherwise. Every fact checked becomes a reason.

use std::collections::BTreeSet;

use crate::PlanOptions;
use crate::change::ChangeSpec;
use crate::input::{Impact, RepoKind};
use crate::model::{Lane, LaneFactor, LaneReason, Phase, Task};

pub(crate) fn choose(changes: &[ChangeSpec], tasks: &[Task], impact: &Impact, options: &PlanOptions) -> (Lane, Vec<LaneReason>) {
    let mut reasons = Vec::new();
    let mut reason = |factor, points_to, sentence: String| reasons.push(LaneReason { factor, points_to, sentence });

    let repos: BTreeSet<&str> = tasks.iter().map(|task| task.repo.as_str()).collect();
    let repo_list = repos.iter().copied().collect::<Vec<_>>().join(", ");
    match repos.len() {
        0 => reason(LaneFactor::ReposTouched, Lane::Fast, "No repo changes.".to_string()),
        1 => reason(LaneFactor::ReposTouched, Lane::Fast, format!("Only one repo changes: {repo_list}.")),
        count => reason(LaneFactor::ReposTouched, Lane::Full, format!("{count} repos change: {repo_list}.")),
    }

    let contract_changes: Vec<String> = changes
        .iter()
        .filter(|change| change.changes_contract())
        .map(|change| format!("{}{}", change.describe(), if change.is_breaking() { " (breaking)" } else { " (additive)" }))
        .collect();
    if contract_changes.is_empty() {
        reason(LaneFactor::ContractChanges, Lane::Fast, "No contract changes.".to_string());
    } else {
        reason(LaneFactor::ContractChanges, Lane::Full, format!("Contracts change: {}.", contract_changes.join("; ")));
    }

    let migrations: Vec<&str> = tasks.iter().filter(|task| task.data_migration).map(|task| task.id.as_str()).collect();
    if migrations.is_empty() {
        reason(LaneFactor::DataMigrations, Lane::Fast, "No data migration.".to_string());
    } else {
        reason(
            LaneFactor::DataMigrations,
            Lane::Full,
            format!("Data migrations run in {}: the repo holds data migrations and the change touches stored fields.", migrations.join(", ")),
        );
    }

    let infrastructure: Vec<&str> = tasks
        .iter()
        .filter(|task| task.phase == Phase::Infra || impact.repo(&task.repo).is_some_and(|repo| repo.kind == RepoKind::Infra))
        .map(|task| task.id.as_str())
        .collect();
    if infrastructure.is_empty() {
        reason(LaneFactor::Infrastructure, Lane::Fast, "No infrastructure changes.".to_string());
    } else {
        reason(LaneFactor::Infrastructure, Lane::Full, format!("Infrastructure changes in {}.", infrastructure.join(", ")));
    }

    let owners: BTreeSet<&str> = repos.iter().filter_map(|repo| impact.repo(repo)).flat_map(|repo| repo.owners.iter().map(String::as_str)).collect();
    let owner_list = owners.iter().copied().collect::<Vec<_>>().join(", ");
    match owners.len() {
        0 => reason(LaneFactor::Owners, Lane::Fast, format!("No owner is recorded for {repo_list}; the plan gate has no one to ask.")),
        1 => reason(LaneFactor::Owners, Lane::Fast, format!("One owner reviews: {owner_list}.")),
        // Several owners of one repo review one change; several owners across repos must coordinate.
        count if repos.len() > 1 => reason(LaneFactor::Owners, Lane::Full, format!("{count} owners must coordinate: {owner_list}.")),
        count => reason(LaneFactor::Owners, Lane::Fast, format!("{count} owners of the one repo review: {owner_list}.")),
    }

    let failures: Vec<String> = repos
        .iter()
        .filter_map(|repo| impact.repo(repo))
        .flat_map(|repo| repo.past_failures.iter().map(move |failure| format!("\"{}\" ({}, {})", failure.summary, failure.id, repo.name)))
        .collect();
    if failures.is_empty() {
        reason(LaneFactor::PastFailures, Lane::Fast, "No past failure is recorded on these paths.".to_string());
    } else {
        reason(LaneFactor::PastFailures, Lane::Full, format!("Past failures on these paths: {}.", failures.join("; ")));
    }

    if options.minimum_lane == Lane::Full {
        reason(LaneFactor::Workflow, Lane::Full, "The workflow asks for the full lane for every outcome.".to_string());
    }

    let lane = if reasons.iter().any(|reason| reason.points_to == Lane::Full) { Lane::Full } else { Lane::Fast };
    (lane, reasons)
}
