//! A component named only by its code (its folder, its repo, its Dockerfile or build) that a
//! deploy file's service without code joined takes that service's name: the name the org runs
//! it by (refarch-kc's compose `ordercmd` for the folder `order-command-ms`, hashicups's
//! `product-api` for the repo `product-api-go`), and its own becomes an alias. A catalog name
//! still comes first, then compose's, then a Kubernetes workload's, then an Aspire app host's;
//! a name that says what a service is, not which (`api`, `web`), is no better than its folder,
//! and a component its own deploy file or catalog entry named keeps that name.

use std::collections::BTreeSet;

use super::{Component, Components};
use crate::model::{UnitOrigin, naming_key};
use crate::resolve::names::{is_generic_name, without_kind_word};

/// A service without code joined to a component with code: its name and the units that
/// declared it.
#[derive(Debug)]
pub(super) struct Joined {
    /// The component with code it joined.
    pub(super) into: String,
    pub(super) name: String,
    pub(super) origins: BTreeSet<UnitOrigin>,
}

impl Joined {
    /// `phantom` joining `into`; none for a workload a chart's template left unnamed, whose
    /// name is only its chart's folder (`chart/kc-ui/`), no better than the code's.
    pub(super) fn new(into: &str, phantom: &Component) -> Option<Self> {
        let name = phantom.name.clone();
        super::charts::named_by_its_chart(phantom).is_none().then(|| Self { into: into.to_string(), name, origins: phantom.origins.clone() })
    }
}

/// The components with code that only their code named (no catalog entry, deploy file or app
/// host declared them), before anything joins them.
pub(super) fn named_by_code(components: &Components) -> BTreeSet<String> {
    components
        .by_name
        .values()
        .filter(|component| component.repo.is_some() && component.origins.iter().all(|origin| matches!(origin, UnitOrigin::Dockerfile | UnitOrigin::Build)))
        .map(|component| component.name.clone())
        .collect()
}

/// Each component of `named_by_code` takes the best name the services `joined` to it were
/// declared by, when one declaring system gave one telling name (two compose files naming it
/// two ways name it no better than its folder) and no other component goes by it.
pub(super) fn deploy_names_win(components: &mut Components, named_by_code: &BTreeSet<String>, joined: &[Joined]) {
    for name in named_by_code {
        let mut candidates: Vec<(usize, String)> = joined
            .iter()
            .filter(|joined| joined.into == *name)
            .filter_map(|joined| {
                let (rank, origin) = RANKS.iter().enumerate().find(|(_, origin)| joined.origins.contains(origin))?;
                // A workload's name without its kind (`router` for `router-deployment`).
                let deployed = if *origin == UnitOrigin::Kubernetes { without_kind_word(&joined.name).unwrap_or(&joined.name) } else { &joined.name };
                Some((rank, deployed.to_lowercase()))
            })
            .filter(|(_, deployed)| !is_generic_name(deployed) && naming_key(deployed).len() >= 3)
            .collect();
        candidates.sort();
        candidates.dedup();
        let best: Vec<&String> = candidates.iter().filter(|(rank, _)| Some(*rank) == candidates.first().map(|(best, _)| *best)).map(|(_, deployed)| deployed).collect();
        let [deployed] = best.as_slice() else {
            continue;
        };
        if *deployed == name || components.by_name.contains_key(*deployed) {
            continue;
        }
        let Some(mut component) = components.by_name.remove(name) else {
            continue;
        };
        let kind = component.node_ref.split_once(':').map_or("component", |(kind, _)| kind).to_string();
        component.aliases.remove(*deployed);
        component.aliases.insert(component.name.clone());
        component.name = deployed.to_string();
        component.node_ref = format!("{kind}:{deployed}");
        if components.contract_only.remove(name) {
            components.contract_only.insert(component.name.clone());
        }
        components.by_name.insert(component.name.clone(), component);
    }
}

/// Which declaring system's name comes first.
const RANKS: &[UnitOrigin] = &[UnitOrigin::Catalog, UnitOrigin::Compose, UnitOrigin::Kubernetes, UnitOrigin::Aspire, UnitOrigin::Render];
