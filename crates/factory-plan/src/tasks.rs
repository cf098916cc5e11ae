//! Changes and impact in, tasks out: which repo does what, in which phase, after what.
//!
//! Each change yields work items keyed by (repo, rank of its phase); items with the same key
//! merge into one task. Dependencies only point to lower ranks (infra < provide/expand/change <
//! consume/migrate < contract), so the graph never has a cycle.

use std::collections::{BTreeMap, BTreeSet};

use crate::PlanError;
use crate::change::{ChangeAction, ChangeShape, ChangeSpec, ChangeTarget};
use crate::input::{ChangeImpact, Consumer, Impact};
use crate::model::{NotChanged, Phase, Task};
use crate::sentences::{
    additive_detail, breaking_sentences, capitalise, contract_short, expand_short, migrate_short, non_reader_sentence, noun, provider_sentence,
    push_unique, reader_sentence, renamed_to, short_name, thing, with_path,
};

/// The tasks in dependency order, and the consumers left alone.
pub(crate) struct TaskGraph {
    pub tasks: Vec<Task>,
    pub not_changed: Vec<NotChanged>,
}

#[derive(Default)]
struct Draft {
    component: String,
    phases: BTreeSet<Phase>,
    shorts: Vec<String>,
    changes: Vec<String>,
    why: Vec<String>,
    data_migration: bool,
    cannot_undo: Option<String>,
    /// (repo, ranks): depends on that repo's task at any of these ranks, when it exists.
    needs: Vec<(String, Vec<u8>)>,
}

struct Builder<'input> {
    impact: &'input Impact,
    drafts: BTreeMap<(String, u8), Draft>,
    /// repo -> (component, why sentences) for consumers that need no change.
    left_alone: BTreeMap<String, (String, Vec<String>)>,
    /// (repo that uses a resource, infra repo that changes it).
    infra_users: Vec<(String, String)>,
}

struct Item {
    repo: String,
    component: String,
    phase: Phase,
    short: String,
    change: String,
    why: Vec<String>,
    data_migration: bool,
    cannot_undo: Option<String>,
    needs: Vec<(String, Vec<u8>)>,
}

pub(crate) fn build(changes: &[ChangeSpec], impact: &Impact) -> Result<TaskGraph, PlanError> {
    let mut builder = Builder { impact, drafts: BTreeMap::new(), left_alone: BTreeMap::new(), infra_users: Vec::new() };
    for change in changes {
        let change_impact = impact.change(change).ok_or_else(|| PlanError::MissingImpact { change: change.to_string() })?;
        builder.add_change(change, change_impact)?;
    }
    builder.finish()
}

impl Builder<'_> {
    fn add_change(&mut self, change: &ChangeSpec, found: &ChangeImpact) -> Result<(), PlanError> {
        let provider = &found.provider;
        let provider_repo = provider.repo.clone();
        let migration = self.holds_migrations(&provider_repo)? && matches!(change.target, ChangeTarget::Field { .. });
        let element = change.element().to_string();
        let contract = found.contract.as_deref().map(short_name).unwrap_or_default().to_string();
        let provider_why = provider_sentence(change, found);
        match change.shape() {
            ChangeShape::Additive => {
                let mut detail = additive_detail(change, &contract);
                if migration {
                    detail.push_str(&format!(" {provider_repo} holds data migrations: add one that stores the new field."));
                }
                self.push(Item::new(provider, Phase::Provide, change.describe(), detail, vec![provider_why], migration));
                for consumer in &found.consumers {
                    let sentence = format!(
                        "{} consumes {contract}, but {} changes nothing it reads; to have it use the new {}, add `{}:consume:{}`.",
                        short_name(&consumer.component),
                        change.describe(),
                        noun(change),
                        change.entity_ref(),
                        short_name(&consumer.component)
                    );
                    self.leave_alone(consumer, with_path(&sentence, &consumer.path));
                }
            }
            ChangeShape::Consume => {
                let ChangeAction::Consume { component } = &change.action else { return Ok(()) };
                let consumer = found
                    .consumers
                    .iter()
                    .find(|consumer| short_name(&consumer.component) == short_name(component))
                    .ok_or_else(|| PlanError::UnknownConsumer { change: change.to_string(), component: component.clone() })?;
                let what = if matches!(change.target, ChangeTarget::Resource { .. }) { "use" } else { "read" };
                let detail = format!(
                    "Make {} {what} {} {element}{}, and cover it with a test.",
                    short_name(component),
                    noun(change),
                    found.contract.as_deref().map(|contract| format!(" from {}", short_name(contract))).unwrap_or_default()
                );
                let why = vec![format!("The outcome needs {} to {what} {element} (change `{change}`).", short_name(component)), provider_why];
                let short = match &found.contract {
                    Some(contract) => format!("start reading {} {element} from {}", noun(change), short_name(contract)),
                    None => format!("start using {} {element}", noun(change)),
                };
                let mut item = Item::consumer(consumer, Phase::Consume, short, detail, why);
                item.needs.push((provider_repo, vec![0, 1]));
                self.push(item);
            }
            ChangeShape::Rename | ChangeShape::Removal => {
                let (expand, migrate, contract_step) = breaking_sentences(change, &contract);
                let mut expand_detail = expand.clone();
                let mut contract_detail = contract_step.clone();
                if migration {
                    if change.shape() == ChangeShape::Rename {
                        expand_detail.push_str(&format!(
                            " {provider_repo} holds data migrations: add one that stores the new name beside the old and copies the data."
                        ));
                        contract_detail.push_str(" Then a data migration drops the old column.");
                    } else {
                        contract_detail
                            .push_str(&format!(" {provider_repo} holds data migrations: a migration drops the stored field, and its data is gone."));
                    }
                }
                self.push(Item::new(
                    provider,
                    Phase::Expand,
                    expand_short(change, &contract),
                    expand_detail,
                    vec![provider_why.clone()],
                    migration && change.shape() == ChangeShape::Rename,
                ));
                let mut migrated = Vec::new();
                for consumer in &found.consumers {
                    if consumer.must_follow() {
                        let mut item = Item::consumer(
                            consumer,
                            Phase::Migrate,
                            migrate_short(change),
                            migrate.clone(),
                            vec![reader_sentence(change, consumer, &contract)],
                        );
                        item.needs.push((provider_repo.clone(), vec![1]));
                        migrated.push(consumer.repo.clone());
                        self.push(item);
                    } else {
                        self.leave_alone(consumer, non_reader_sentence(change, consumer, &contract));
                    }
                }
                let mut item = Item::new(
                    provider,
                    Phase::Contract,
                    format!("{} from {contract}", contract_short(change)),
                    contract_detail,
                    vec![provider_why],
                    migration,
                );
                if migration {
                    item.cannot_undo = Some(match renamed_to(change) {
                        Some(new) => format!(
                            "The data migration drops the stored {}; redeploying the previous version does not bring it back (a new migration must re-create it from {new}, or restore the backup).",
                            change.wire_name()
                        ),
                        None => format!(
                            "The data migration drops the stored {}; its data is gone, and only the backup taken before this step brings it back.",
                            thing(change)
                        ),
                    });
                }
                item.needs.push((provider_repo, vec![1]));
                item.needs.extend(migrated.into_iter().map(|repo| (repo, vec![2])));
                self.push(item);
            }
            ChangeShape::TypeChange => {
                let ChangeAction::ChangeType { to } = &change.action else { return Ok(()) };
                let mut migrated = Vec::new();
                for consumer in &found.consumers {
                    if consumer.must_follow() {
                        let detail = format!(
                            "Accept {element} both as its current type and as {to} (a tolerant reader), so it keeps working before and after {provider_repo} switches."
                        );
                        let mut item = Item::consumer(
                            consumer,
                            Phase::Migrate,
                            format!("accept {element} as {to} as well"),
                            detail,
                            vec![reader_sentence(change, consumer, &contract)],
                        );
                        item.needs.push((provider_repo.clone(), vec![0, 1]));
                        migrated.push(consumer.repo.clone());
                        self.push(item);
                    } else {
                        self.leave_alone(consumer, non_reader_sentence(change, consumer, &contract));
                    }
                }
                let mut detail = format!("Serve {element} as {to} in {contract} once every consumer that reads it accepts both types.");
                if migration {
                    detail.push_str(&format!(" {provider_repo} holds data migrations: a migration converts the stored values."));
                }
                let mut item = Item::new(provider, Phase::Contract, change.describe(), detail, vec![provider_why], migration);
                if migration {
                    item.cannot_undo = Some(format!(
                        "The data migration converts the stored {element} to {to}; the old values come back only through a reverse conversion or the backup."
                    ));
                }
                item.needs.push((provider_repo, vec![0, 1]));
                item.needs.extend(migrated.into_iter().map(|repo| (repo, vec![2])));
                self.push(item);
            }
            ChangeShape::Internal => {
                let detail = format!("Make the change inside {}; no contract it provides or consumes may change.", short_name(&provider.component));
                let why = format!("The outcome changes {} (change `{change}`), which lives in {provider_repo}.", short_name(&provider.component));
                self.push(Item::new(
                    provider,
                    Phase::Change,
                    format!("change {}", short_name(&provider.component)),
                    detail,
                    vec![with_path(&why, &provider.path)],
                    false,
                ));
            }
            ChangeShape::Infrastructure => self.add_infrastructure(change, found, provider_why),
        }
        Ok(())
    }

    fn add_infrastructure(&mut self, change: &ChangeSpec, found: &ChangeImpact, provider_why: String) {
        let provider = &found.provider;
        let resource = change.element().to_string();
        if change.action == ChangeAction::Remove {
            let mut users = Vec::new();
            for consumer in found.consumers.iter().filter(|consumer| consumer.must_follow()) {
                let detail = format!("Stop using resource {resource} before it is removed.");
                let why = with_path(&format!("{} uses resource {resource}.", short_name(&consumer.component)), &consumer.path);
                users.push(consumer.repo.clone());
                self.push(Item::consumer(consumer, Phase::Migrate, format!("stop using resource {resource}"), detail, vec![why]));
            }
            let detail = format!("Remove resource {resource} once nothing uses it; whatever it stores is gone.");
            let mut item = Item::new(provider, Phase::Contract, change.describe(), detail, vec![provider_why], false);
            item.cannot_undo = Some(format!("Resource {resource} is removed with whatever it stored; only a backup brings it back."));
            item.needs.extend(users.into_iter().map(|repo| (repo, vec![2])));
            self.push(item);
            return;
        }
        let detail = format!("{} in {}, and check that the services that need it reach it.", capitalise(&change.describe()), provider.repo);
        self.push(Item::new(provider, Phase::Infra, change.describe(), detail, vec![provider_why], false));
        for consumer in &found.consumers {
            if consumer.must_follow() {
                // Infra before the services that need it: whatever this repo does waits for it.
                self.infra_users.push((consumer.repo.clone(), provider.repo.clone()));
                let sentence = format!(
                    "{} uses resource {resource}; {} keeps its interface, so it needs no change.",
                    short_name(&consumer.component),
                    change.describe()
                );
                self.leave_alone(consumer, with_path(&sentence, &consumer.path));
            }
        }
    }

    fn holds_migrations(&self, repo: &str) -> Result<bool, PlanError> {
        let facts = self.impact.repo(repo).ok_or_else(|| PlanError::MissingRepo { repo: repo.to_string() })?;
        Ok(facts.holds_data_migrations)
    }

    fn push(&mut self, item: Item) {
        let draft = self.drafts.entry((item.repo.clone(), item.phase.rank())).or_default();
        draft.component.clone_from(&item.component);
        draft.phases.insert(item.phase);
        push_unique(&mut draft.shorts, item.short);
        push_unique(&mut draft.changes, item.change);
        for why in item.why {
            push_unique(&mut draft.why, why);
        }
        draft.data_migration |= item.data_migration;
        if let Some(cannot_undo) = item.cannot_undo {
            draft.cannot_undo = Some(draft.cannot_undo.take().map_or(cannot_undo.clone(), |known| format!("{known} {cannot_undo}")));
        }
        draft.needs.extend(item.needs);
    }

    /// A repo that both offers something new (additive, nobody waits for it) and starts
    /// reading something new gets one task, after its provider: one worker, one change.
    fn merge_additive_into_consume(&mut self) {
        let awaited: BTreeSet<String> = self
            .drafts
            .iter()
            .flat_map(|((repo, _), draft)| draft.needs.iter().filter(move |(needed, _)| needed != repo).map(|(needed, _)| needed.clone()))
            .collect();
        let mergeable: Vec<String> = self
            .drafts
            .iter()
            .filter(|((repo, rank), draft)| {
                *rank == 1
                    && draft.phases.iter().all(|phase| matches!(phase, Phase::Provide | Phase::Change))
                    && !awaited.contains(repo)
                    && self.drafts.get(&(repo.clone(), 2)).is_some_and(|later| later.phases.iter().all(|phase| *phase == Phase::Consume))
            })
            .map(|((repo, _), _)| repo.clone())
            .collect();
        for repo in mergeable {
            let Some(early) = self.drafts.remove(&(repo.clone(), 1)) else { continue };
            let Some(later) = self.drafts.get_mut(&(repo, 2)) else { continue };
            later.phases.extend(early.phases);
            for short in early.shorts {
                push_unique(&mut later.shorts, short);
            }
            for change in early.changes {
                push_unique(&mut later.changes, change);
            }
            for why in early.why {
                push_unique(&mut later.why, why);
            }
            later.data_migration |= early.data_migration;
            later.needs.extend(early.needs);
        }
    }

    fn leave_alone(&mut self, consumer: &Consumer, sentence: String) {
        let entry = self.left_alone.entry(consumer.repo.clone()).or_insert_with(|| (short_name(&consumer.component).to_string(), Vec::new()));
        push_unique(&mut entry.1, sentence);
    }

    fn finish(mut self) -> Result<TaskGraph, PlanError> {
        self.merge_additive_into_consume();
        let ids: BTreeMap<(String, u8), String> =
            self.drafts.iter().map(|((repo, rank), draft)| ((repo.clone(), *rank), format!("{repo}:{}", label(draft).as_str()))).collect();
        let mut tasks = Vec::new();
        for ((repo, rank), draft) in &self.drafts {
            let facts = self.impact.repo(repo).ok_or_else(|| PlanError::MissingRepo { repo: repo.clone() })?;
            let mut depends_on = BTreeSet::new();
            for (needed_repo, ranks) in &draft.needs {
                for needed_rank in ranks.iter().filter(|needed_rank| *needed_rank < rank) {
                    if let Some(id) = ids.get(&(needed_repo.clone(), *needed_rank)) {
                        depends_on.insert(id.clone());
                    }
                }
            }
            for (user, infra_repo) in &self.infra_users {
                if user == repo
                    && *rank > 0
                    && let Some(id) = ids.get(&(infra_repo.clone(), 0))
                {
                    depends_on.insert(id.clone());
                }
            }
            let phase = label(draft);
            let mut context: Vec<String> = facts.rules.iter().map(|rule| format!("rule {}: {}", rule.id, rule.summary)).collect();
            context.extend(facts.lessons.iter().map(|lesson| format!("lesson {}: {}", lesson.id, lesson.summary)));
            tasks.push(Task {
                id: ids[&(repo.clone(), *rank)].clone(),
                repo: repo.clone(),
                phase,
                summary: capitalise(&draft.shorts.join("; ")),
                depends_on: depends_on.into_iter().collect(),
                changes: draft.changes.clone(),
                why: draft.why.clone(),
                data_migration: draft.data_migration,
                cannot_undo: draft.cannot_undo.clone(),
                owners: facts.owners.clone(),
                context,
            });
        }
        tasks.sort_by(|left, right| (left.phase.rank(), &left.repo).cmp(&(right.phase.rank(), &right.repo)));
        let changed: BTreeSet<&str> = tasks.iter().map(|task| task.repo.as_str()).collect();
        let not_changed = self
            .left_alone
            .into_iter()
            .filter(|(repo, _)| !changed.contains(repo.as_str()))
            .map(|(repo, (component, why))| NotChanged { repo, component, why })
            .collect();
        Ok(TaskGraph { tasks, not_changed })
    }
}

impl Item {
    fn new(provider: &crate::input::Party, phase: Phase, short: String, change: String, why: Vec<String>, data_migration: bool) -> Self {
        Self {
            repo: provider.repo.clone(),
            component: short_name(&provider.component).to_string(),
            phase,
            short,
            change,
            why,
            data_migration,
            cannot_undo: None,
            needs: Vec::new(),
        }
    }

    fn consumer(consumer: &Consumer, phase: Phase, short: String, change: String, why: Vec<String>) -> Self {
        Self {
            repo: consumer.repo.clone(),
            component: short_name(&consumer.component).to_string(),
            phase,
            short,
            change,
            why,
            data_migration: false,
            cannot_undo: None,
            needs: Vec::new(),
        }
    }
}

/// The phase a merged task is named after: the strongest of its items.
fn label(draft: &Draft) -> Phase {
    const STRENGTH: [Phase; 7] = [Phase::Contract, Phase::Migrate, Phase::Consume, Phase::Expand, Phase::Provide, Phase::Change, Phase::Infra];
    STRENGTH.into_iter().find(|phase| draft.phases.contains(phase)).unwrap_or(Phase::Change)
}
