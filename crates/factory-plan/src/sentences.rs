//! The words of a plan: each sentence states a fact and, where the brain has one, the path of
//! edges behind it.

use crate::change::{ChangeAction, ChangeSpec, ChangeTarget};
use crate::input::{ChangeImpact, Consumer, Reads};

/// `component:web` -> `web`; a name without a kind stays as it is.
pub(crate) fn short_name(node_ref: &str) -> &str {
    node_ref.split_once(':').map_or(node_ref, |(_, name)| name)
}

pub(crate) fn capitalise(text: &str) -> String {
    let mut characters = text.chars();
    characters.next().map(|first| first.to_uppercase().chain(characters).collect()).unwrap_or_default()
}

pub(crate) fn push_unique(list: &mut Vec<String>, item: String) {
    if !list.contains(&item) {
        list.push(item);
    }
}

/// The sentence, then the brain path that backs it.
pub(crate) fn with_path(sentence: &str, path: &[String]) -> String {
    if path.is_empty() { sentence.to_string() } else { format!("{sentence} (brain: {})", path.join("; ")) }
}

pub(crate) fn noun(change: &ChangeSpec) -> &'static str {
    match change.target {
        ChangeTarget::Field { .. } => "field",
        ChangeTarget::Operation { .. } => "operation",
        ChangeTarget::Message { .. } => "message",
        ChangeTarget::Component { .. } => "component",
        ChangeTarget::Resource { .. } => "resource",
    }
}

/// What the change touches, as people name it: `field Order.total_cents`,
/// `field amount_cents of message order.invoiced`.
pub(crate) fn thing(change: &ChangeSpec) -> String {
    match &change.action {
        ChangeAction::AddField { field } | ChangeAction::RemoveField { field } => format!("field {field} of message {}", change.element()),
        _ => format!("{} {}", noun(change), change.element()),
    }
}

/// The new wire name of a rename (`amount_cents` from `rename:amount_cents` or
/// `rename:Order.amount_cents`).
pub(crate) fn renamed_to(change: &ChangeSpec) -> Option<&str> {
    match &change.action {
        ChangeAction::Rename { to } => Some(to.rsplit('.').next().unwrap_or(to)),
        _ => None,
    }
}

pub(crate) fn provider_sentence(change: &ChangeSpec, found: &ChangeImpact) -> String {
    let component = short_name(&found.provider.component);
    let repo = &found.provider.repo;
    let sentence = match (&change.target, found.contract.as_deref()) {
        (ChangeTarget::Resource { name }, _) => format!("Resource {name} is declared in {repo}."),
        (ChangeTarget::Component { name }, _) => format!("Component {name} lives in {repo}."),
        (_, Some(contract)) if found.entity_exists => {
            format!("{component} (repo {repo}) provides {}, which defines {} {}.", short_name(contract), noun(change), change.element())
        }
        (_, Some(contract)) => {
            format!("{component} (repo {repo}) provides {}; {} {} is new there.", short_name(contract), noun(change), change.element())
        }
        (_, None) => format!("{component} (repo {repo}) provides {}.", change.element()),
    };
    with_path(&sentence, &found.provider.path)
}

/// What the provider does for an additive change.
pub(crate) fn additive_detail(change: &ChangeSpec, contract: &str) -> String {
    let element = change.element();
    match (&change.target, &change.action) {
        (ChangeTarget::Field { .. }, _) => {
            let schema = element.rsplit_once('.').map_or(element, |(schema, _)| schema);
            format!("Add field {element} to the {contract} contract and serve it in every response or message that carries {schema}.")
        }
        (ChangeTarget::Operation { .. }, _) => format!("Add operation {element} to the {contract} contract and implement it."),
        (ChangeTarget::Message { .. }, ChangeAction::AddField { field }) => {
            format!("Add field {field} to message {element} in the {contract} contract and fill it in every message published.")
        }
        _ => format!("Add {} {element} to the {contract} contract and publish it.", noun(change)),
    }
}

/// Why a consumer must follow a breaking change.
pub(crate) fn reader_sentence(change: &ChangeSpec, consumer: &Consumer, contract: &str) -> String {
    let component = short_name(&consumer.component);
    let sentence = match consumer.reads_changed_entity {
        Reads::Unknown => format!(
            "{component} (repo {}) consumes {contract} and the brain does not know which fields it reads, so it is treated as a reader of {}.",
            consumer.repo,
            change.wire_name()
        ),
        Reads::Yes | Reads::No => format!("{component} (repo {}) reads {} from {contract}.", consumer.repo, change.wire_name()),
    };
    with_path(&sentence, &consumer.path)
}

/// Why a consumer of the changed contract needs no change.
pub(crate) fn non_reader_sentence(change: &ChangeSpec, consumer: &Consumer, contract: &str) -> String {
    let component = short_name(&consumer.component);
    let reads = if consumer.fields_read.is_empty() {
        "the brain found no reads of it".to_string()
    } else {
        format!("it reads {}", consumer.fields_read.join(", "))
    };
    with_path(&format!("{component} consumes {contract} but does not read {} ({reads}).", change.wire_name()), &consumer.path)
}

/// (expand, migrate, contract) for a rename or a removal.
pub(crate) fn breaking_sentences(change: &ChangeSpec, contract: &str) -> (String, String, String) {
    let old = change.wire_name();
    if let Some(new) = renamed_to(change) {
        let schema = change.element().rsplit_once('.').map_or(change.element(), |(schema, _)| schema);
        return (
            format!(
                "Serve {old} and {new} side by side in {contract}: both in the contract ({old} marked deprecated) and in every response or message that carries {schema}; accept either on input."
            ),
            format!("Read {new} instead of {old} from {contract}, and update the tests and fakes that mimic the provider."),
            format!("Drop {old} from {contract} and from every response, now that no consumer reads it."),
        );
    }
    let thing = thing(change);
    (
        format!("Mark {thing} deprecated in {contract} and keep serving it until no consumer reads it."),
        format!("Stop reading {thing} from {contract}, and update the tests and fakes that mimic the provider."),
        format!("Remove {thing} from {contract} and stop serving it."),
    )
}

pub(crate) fn migrate_short(change: &ChangeSpec) -> String {
    match renamed_to(change) {
        Some(new) => format!("read {new} instead of {}", change.wire_name()),
        None => format!("stop reading {}", thing(change)),
    }
}

pub(crate) fn contract_short(change: &ChangeSpec) -> String {
    match renamed_to(change) {
        Some(_) => format!("drop {}", change.wire_name()),
        None => format!("remove {}", thing(change)),
    }
}

pub(crate) fn expand_short(change: &ChangeSpec, contract: &str) -> String {
    match renamed_to(change) {
        Some(new) => format!("serve {} and {new} side by side in {contract}", change.wire_name()),
        None => format!("mark {} deprecated in {contract}", thing(change)),
    }
}
