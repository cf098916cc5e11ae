//! Rollout (tasks in dependency order, each gated by the checks that must pass before the next
//! step) and rollback (the rollout undone, last step first, saying what cannot be undone).

use std::collections::BTreeMap;

use crate::input::{Impact, RepoKind};
use crate::model::{Check, CheckKind, Phase, Reversibility, RollbackStep, RolloutStep, Task};

pub(crate) fn rollout(tasks: &[Task], checks: &[Check]) -> Vec<RolloutStep> {
    let mut waves: BTreeMap<&str, usize> = BTreeMap::new();
    // `tasks` is already in dependency order (sorted by phase rank), so one pass suffices.
    for task in tasks {
        let wave = task.depends_on.iter().filter_map(|id| waves.get(id.as_str())).max().map_or(1, |wave| wave + 1);
        waves.insert(&task.id, wave);
    }
    let mut ordered: Vec<&Task> = tasks.iter().collect();
    ordered.sort_by_key(|task| (waves[task.id.as_str()], task.phase.rank(), task.repo.clone()));
    let last = ordered.len();
    let closing = checks.iter().any(|check| matches!(check.kind, CheckKind::Integration | CheckKind::RolloutRehearsal));
    ordered
        .into_iter()
        .enumerate()
        .map(|(index, task)| {
            let (gate, mut gate_checks) = gate(task, checks);
            if index + 1 == last {
                gate_checks.extend(
                    checks
                        .iter()
                        .filter(|check| matches!(check.kind, CheckKind::Integration | CheckKind::RolloutRehearsal))
                        .map(|check| check.id.clone()),
                );
            }
            RolloutStep {
                step: index + 1,
                wave: waves[task.id.as_str()],
                repo: task.repo.clone(),
                task: task.id.clone(),
                action: action(task),
                gate: if index + 1 == last && closing {
                    format!("{gate} This is the last step: the run's integration checks close the rollout.")
                } else {
                    gate
                },
                gate_checks,
                before: (task.data_migration || task.cannot_undo.is_some()).then(|| format!("Back up the data of {} before this step.", task.repo)),
            }
        })
        .collect()
}

pub(crate) fn rollback(rollout: &[RolloutStep], tasks: &[Task], impact: &Impact) -> Vec<RollbackStep> {
    rollout
        .iter()
        .rev()
        .enumerate()
        .filter_map(|(index, step)| {
            let task = tasks.iter().find(|task| task.id == step.task)?;
            let (reversible, caveat) = match (&task.cannot_undo, task.data_migration, task.phase) {
                (Some(cannot_undo), _, _) => (Reversibility::No, Some(cannot_undo.clone())),
                (None, true, _) => (
                    Reversibility::CodeOnly,
                    Some(format!("The data migration of {} stays; the previous version of {} must tolerate the new schema.", task.id, task.repo)),
                ),
                (None, false, Phase::Infra) => {
                    (Reversibility::Full, Some("Revert the infrastructure change only after every service that uses it is rolled back.".to_string()))
                }
                (None, false, _) => (Reversibility::Full, None),
            };
            let infra = impact.repo(&task.repo).is_some_and(|repo| repo.kind == RepoKind::Infra);
            let action = match task.phase {
                Phase::Infra => format!("Revert the infrastructure change of {} in {}.", task.id, task.repo),
                Phase::Contract if infra => {
                    format!("Re-create what {} removed from its previous definition in {}, and restore its data from the backup.", task.id, task.repo)
                }
                Phase::Contract => format!("Redeploy the version of {} from before {}, which serves the old contract again.", task.repo, task.id),
                _ => format!("Redeploy the version of {} from before {}.", task.repo, task.id),
            };
            Some(RollbackStep { step: index + 1, repo: task.repo.clone(), undoes: task.id.clone(), action, reversible, caveat })
        })
        .collect()
}

fn action(task: &Task) -> String {
    let mut characters = task.summary.chars();
    let what: String = characters.next().map(|first| first.to_lowercase().chain(characters).collect()).unwrap_or_default();
    match task.phase {
        Phase::Infra => format!("Apply the infrastructure change in {} ({what}).", task.repo),
        _ => format!("Deploy {} from its {} branch ({what}).", task.repo, task.phase.as_str()),
    }
}

/// What must hold after the step, and the checks that prove it.
fn gate(task: &Task, checks: &[Check]) -> (String, Vec<String>) {
    let repo = task.repo.as_str();
    let provided: Vec<&str> = checks
        .iter()
        .filter(|check| check.kind == CheckKind::ProviderContract && check.repo == repo)
        .filter_map(|check| check.contract.as_deref())
        .collect();
    let pick = |check: &&Check| match check.kind {
        CheckKind::ProviderContract | CheckKind::ContractDiff => check.repo == repo,
        CheckKind::ConsumerContract => check.repo == repo || check.contract.as_deref().is_some_and(|contract| provided.contains(&contract)),
        CheckKind::RepoTests | CheckKind::Browser | CheckKind::Test | CheckKind::Rule => check.repo == repo,
        CheckKind::Infrastructure => check.repo == repo,
        CheckKind::Integration | CheckKind::RolloutRehearsal => false,
    };
    let gate_checks = checks.iter().filter(pick).map(|check| check.id.clone()).collect();
    let sentence = match task.phase {
        Phase::Infra => format!("The infrastructure change of {repo} is applied and the services that need it reach it."),
        Phase::Provide => format!("{repo} serves the new contract and every current consumer still gets what it reads."),
        Phase::Expand => format!("{repo} serves the old and the new side by side, and every current consumer still gets what it reads."),
        Phase::Change => format!("{repo} passes its own checks in the sandbox."),
        Phase::Consume | Phase::Migrate => format!("{repo} works against the deployed provider: its contract check and tests pass."),
        Phase::Contract => format!("{repo} no longer serves the old, and every consumer still works."),
    };
    (sentence, gate_checks)
}
