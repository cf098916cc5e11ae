//! The files that declare one component alone: what such a file says of itself is that
//! component's, wherever its code is (a chart's template leaving its one workload unnamed,
//! Bajocode's webshop's `loadgenerator`).

use std::collections::BTreeMap;

use super::Components;
use crate::resolve::ScannedFacts;

/// Per (repo, path) of a file declaring one unit only, the component it declared.
pub(super) fn declared_alone(files: &[ScannedFacts], components: &Components) -> BTreeMap<(String, String), String> {
    let mut declared_by: BTreeMap<(&str, &str), Vec<&String>> = BTreeMap::new();
    for component in components.by_name.values().filter(|component| component.node_ref.starts_with("component:")) {
        declared_by.entry((component.evidence.0.as_str(), component.evidence.1.as_str())).or_default().push(&component.name);
    }
    files
        .iter()
        .filter(|file| file.facts.units.len() == 1)
        .filter_map(|file| match declared_by.get(&(file.repo.as_str(), file.path.as_str()))?.as_slice() {
            [name] => Some(((file.repo.clone(), file.path.clone()), (*name).clone())),
            _ => None,
        })
        .collect()
}
