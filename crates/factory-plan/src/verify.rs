//! The verification plan: which checks prove each contract and integration.

use std::collections::BTreeSet;

use crate::change::{ChangeAction, ChangeShape, ChangeSpec};
use crate::input::{Impact, RepoKind};
use crate::model::{Check, CheckKind, NotChanged, Task};
use crate::sentences::{renamed_to, short_name, thing};

pub(crate) fn checks(changes: &[ChangeSpec], impact: &Impact, tasks: &[Task], not_changed: &[NotChanged]) -> Vec<Check> {
    let mut plan = Checks::default();
    let changed: BTreeSet<&str> = tasks.iter().map(|task| task.repo.as_str()).collect();
    for change in changes {
        let Some(found) = impact.change(change) else { continue };
        let provider = short_name(&found.provider.component);
        let provider_repo = &found.provider.repo;
        if let (Some(contract), true) = (found.contract.as_deref(), change.changes_contract()) {
            let api = short_name(contract);
            plan.merge(Check {
                id: format!("contract-diff:{api}"),
                kind: CheckKind::ContractDiff,
                repo: provider_repo.clone(),
                contract: Some(contract.to_string()),
                proves: format!("The diff of {api} between the base and the run's branch of {provider_repo} is exactly the planned change, and `factory brain check` finds nothing else breaking: {}.", change.describe()),
                source: None,
            });
            plan.merge(Check {
                id: format!("provider-contract:{api}"),
                kind: CheckKind::ProviderContract,
                repo: provider_repo.clone(),
                contract: Some(contract.to_string()),
                proves: format!("{provider} serves {api} as its contract says: {}.", provider_expectation(change)),
                source: None,
            });
            for consumer in &found.consumers {
                let component = short_name(&consumer.component);
                let proves = if consumer.must_follow() && change.is_breaking() {
                    format!(
                        "Everything {component} reads from {api} is offered at every step of the rollout, before and after it moves off {}.",
                        change.wire_name()
                    )
                } else if changed.contains(consumer.repo.as_str()) {
                    format!("Everything {component} reads from {api} is offered at every step of the rollout.")
                } else {
                    let reads = if consumer.fields_read.is_empty() { String::new() } else { format!(" ({})", consumer.fields_read.join(", ")) };
                    format!(
                        "{component} still gets everything it reads from {api}{reads} once the change is deployed; this backs leaving it unchanged."
                    )
                };
                plan.merge(consumer_check(component, &consumer.repo, contract, proves));
            }
        }
        if change.shape() == ChangeShape::Consume
            && let ChangeAction::Consume { component } = &change.action
            && let Some(consumer) = found.consumers.iter().find(|consumer| short_name(&consumer.component) == short_name(component))
        {
            let what = found.contract.as_deref().map_or_else(|| change.entity_ref(), |contract| short_name(contract).to_string());
            let proves = format!("{} reads {} from {what}, and {provider} offers it.", short_name(component), change.wire_name());
            plan.merge(consumer_check(short_name(component), &consumer.repo, found.contract.as_deref().unwrap_or(&change.entity_ref()), proves));
        }
        if change.shape() == ChangeShape::Infrastructure {
            plan.merge(Check {
                id: format!("infra:{}", change.element()),
                kind: CheckKind::Infrastructure,
                repo: provider_repo.clone(),
                contract: None,
                proves: format!(
                    "The infrastructure change applies cleanly ({}), and every service that uses resource {} reaches it.",
                    change.describe(),
                    change.element()
                ),
                source: None,
            });
        }
        for test in &found.tests {
            plan.merge(Check {
                id: format!("test:{}", short_name(&test.test_ref)),
                kind: CheckKind::Test,
                repo: test.repo.clone(),
                contract: found.contract.clone(),
                proves: if test.path.is_empty() {
                    format!("The test {} covers {} and passes on the run's branch.", short_name(&test.test_ref), found.entity)
                } else {
                    format!(
                        "The test {} passes on the run's branch; the brain ties it to {} ({}).",
                        short_name(&test.test_ref),
                        found.entity,
                        test.path.last().map_or("", String::as_str)
                    )
                },
                source: Some(test.test_ref.clone()),
            });
        }
    }

    for repo in &changed {
        let Some(facts) = impact.repo(repo) else { continue };
        let commands: Vec<_> = facts.declared_checks.iter().filter(|check| check.kind != "browser").collect();
        if commands.is_empty() {
            plan.merge(repo_check(repo, format!("repo-tests:{repo}"), format!("The test suite of {repo} passes on its branch."), None));
        }
        for check in commands {
            plan.merge(repo_check(
                repo,
                format!("repo:{repo}:{}", check.name),
                format!("{repo}'s declared check `{}` passes on its branch.", check.name),
                Some(check.name.clone()),
            ));
        }
    }

    let touched: BTreeSet<&str> = changed.iter().copied().chain(not_changed.iter().map(|entry| entry.repo.as_str())).collect();
    for repo in &touched {
        let Some(facts) = impact.repo(repo) else { continue };
        if facts.kind == RepoKind::Website {
            let browser: Vec<_> = facts.declared_checks.iter().filter(|check| check.kind == "browser").collect();
            if browser.is_empty() {
                plan.merge(browser_check(
                    repo,
                    format!("browser:{repo}"),
                    format!("The pages of {repo} render in chromium with data from the changed contracts (screenshot)."),
                    None,
                ));
            }
            for check in browser {
                plan.merge(browser_check(
                    repo,
                    format!("browser:{repo}:{}", check.name),
                    format!("{repo}'s browser check `{}` passes in chromium (screenshot).", check.name),
                    Some(check.name.clone()),
                ));
            }
        }
        for rule in &facts.rules {
            plan.merge(Check {
                id: format!("rule:{}", rule.id),
                kind: CheckKind::Rule,
                repo: repo.to_string(),
                contract: None,
                proves: format!("The learned rule {} holds: {}", rule.id, rule.summary),
                source: Some(rule.id.clone()),
            });
        }
    }

    let contract_changes: Vec<&ChangeSpec> = changes.iter().filter(|change| change.changes_contract()).collect();
    if touched.len() > 1 {
        let repos = touched.iter().copied().collect::<Vec<_>>().join(", ");
        plan.merge(Check {
            id: "integration".to_string(),
            kind: CheckKind::Integration,
            repo: repos.clone(),
            contract: None,
            proves: format!("The sandbox brings up {repos} together on the run's branches and the flows between them work end to end."),
            source: None,
        });
    }
    let has_consumers = contract_changes.iter().any(|change| impact.change(change).is_some_and(|found| !found.consumers.is_empty()));
    if has_consumers {
        let breaking = contract_changes.iter().any(|change| change.is_breaking());
        let states = if breaking {
            "the expanded provider with the old consumers, the migrated consumers with the expanded provider, and the contracted provider with the migrated consumers"
        } else {
            "the new provider with the old consumers, then with the new ones"
        };
        plan.merge(Check {
            id: "rollout-rehearsal".to_string(),
            kind: CheckKind::RolloutRehearsal,
            repo: touched.iter().copied().collect::<Vec<_>>().join(", "),
            contract: None,
            proves: format!("Every mixed-version state the rollout passes through works: {states}."),
            source: None,
        });
    }
    plan.checks
}

#[derive(Default)]
struct Checks {
    checks: Vec<Check>,
}

impl Checks {
    /// Adds a check; a check with the same id gains the new sentence instead.
    fn merge(&mut self, check: Check) {
        match self.checks.iter_mut().find(|existing| existing.id == check.id) {
            Some(existing) if !existing.proves.contains(&check.proves) => {
                existing.proves = format!("{} {}", existing.proves, check.proves);
            }
            Some(_) => {}
            None => self.checks.push(check),
        }
    }
}

fn provider_expectation(change: &ChangeSpec) -> String {
    let old = change.wire_name();
    match (change.shape(), &change.action) {
        (ChangeShape::Rename, _) => {
            let new = renamed_to(change).unwrap_or(old);
            format!("both {old} and {new} after the expand step, only {new} after the contract step")
        }
        (ChangeShape::Removal, _) => format!("{} still served (deprecated) after the expand step, gone after the contract step", thing(change)),
        (ChangeShape::TypeChange, ChangeAction::ChangeType { to }) => format!("{old} as {to} after the contract step"),
        _ => format!("{} offered", thing(change)),
    }
}

fn consumer_check(component: &str, repo: &str, contract: &str, proves: String) -> Check {
    Check {
        id: format!("consumer-contract:{component}:{}", short_name(contract)),
        kind: CheckKind::ConsumerContract,
        repo: repo.to_string(),
        contract: Some(contract.to_string()),
        proves,
        source: None,
    }
}

fn repo_check(repo: &str, id: String, proves: String, source: Option<String>) -> Check {
    Check { id, kind: CheckKind::RepoTests, repo: repo.to_string(), contract: None, proves, source }
}

fn browser_check(repo: &str, id: String, proves: String, source: Option<String>) -> Check {
    Check { id, kind: CheckKind::Browser, repo: repo.to_string(), contract: None, proves, source }
}
