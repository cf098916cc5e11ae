//! Workloads a Helm chart's templates leave unnamed: `name: "{{ .Chart.Name }}-deployment"`
//! is only its kind once the actions are out, `name: {{ include "orders.fullname" . }}` is
//! nothing (`readers/kubernetes.rs` declares both unnamed). The chart names them, by its folder
//! (Helm: "the directory name is the name of the chart"), and a chart shipped beside a
//! service's code (`order-command-ms/chart/ordercommandms/`, `chart/kc-ui/` in the repo
//! `refarch-kc-ui`) deploys that service. Never a component named `deployment` or `service`.

use std::collections::{BTreeMap, BTreeSet};

use super::prefixes::SharedPrefixes;
use super::{Component, Components, within};
use crate::model::{UnitFact, UnitOrigin, naming_key};
use crate::resolve::ScannedFacts;
use crate::resolve::names::{same_service_key, service_key, unit_name};

/// Folder names that say a chart is there, not which: a chart in `orders/helm/` is the folder
/// `orders`'s; one at `orders/chart/orders/` is shipped with the folder `orders`.
const CHART_FOLDERS: &[&str] = &["chart", "charts", "helm", "helm-chart", "helm-charts", "deploy", "deployment", "deployments", "k8s", "kubernetes", "manifests"];

/// A Kubernetes workload its template left unnamed.
pub(super) fn is_unnamed_workload(unit: &UnitFact) -> bool {
    unit.origin == UnitOrigin::Kubernetes && unit.name.is_empty()
}

/// Each unnamed workload of a chart's templates, named after its chart; one outside a chart
/// has no name to take and is left out.
pub(super) fn name_by_chart(files: &[ScannedFacts]) -> Vec<(&ScannedFacts, UnitFact)> {
    let mut named = Vec::new();
    for file in files {
        for unit in file.facts.units.iter().filter(|unit| is_unnamed_workload(unit)) {
            if let Some(folder) = chart_folder(&file.path) {
                named.push((file, UnitFact { name: chart_name(&file.repo, folder), ..unit.clone() }));
            }
        }
    }
    named
}

/// The folder of the chart holding a template: the one its `templates/` is in ("" for a chart
/// at the repo's root).
fn chart_folder(path: &str) -> Option<&str> {
    let mut offset = 0;
    let mut found = None;
    for segment in path.split('/') {
        if segment == "templates" && offset + segment.len() < path.len() {
            found = Some(path[..offset].trim_end_matches('/'));
        }
        offset += segment.len() + 1;
    }
    found
}

/// A chart's name, by its folder: the folder holding it when its own says only that it is a
/// chart (`orders/helm/`), the repo's at the root; lowercase.
fn chart_name(repo: &str, folder: &str) -> String {
    let mut segments = folder.rsplit('/').filter(|segment| !segment.is_empty());
    let name = segments.by_ref().find(|segment| !CHART_FOLDERS.contains(&segment.to_lowercase().as_str()));
    name.unwrap_or(repo).to_lowercase()
}

/// The folder of code a chart is shipped with: `order-command-ms` for
/// `order-command-ms/chart/ordercommandms`, `orders` for `orders/helm`, the repo's root for
/// `chart/kc-ui`; none for a chart the folder it sits in does not say is one
/// (`services/orders-chart`).
fn shipped_with(chart: &str) -> Option<&str> {
    let parent = |folder: &'_ str| -> (String, String) {
        let (parent, last) = folder.rsplit_once('/').unwrap_or(("", folder));
        (parent.to_string(), last.to_lowercase())
    };
    let (parent_folder, last) = parent(chart);
    if CHART_FOLDERS.contains(&last.as_str()) {
        return Some(&chart[..parent_folder.len()]);
    }
    let (grandparent, parent_last) = parent(&parent_folder);
    (!parent_folder.is_empty() && CHART_FOLDERS.contains(&parent_last.as_str())).then(|| &chart[..grandparent.len()])
}

/// The chart folder (repo, folder) a component was named after, when an unnamed workload of
/// that chart declared it.
pub(super) fn named_by_its_chart(component: &Component) -> Option<(&str, &str)> {
    let (repo, path, _) = &component.evidence;
    let folder = chart_folder(path)?;
    let only_kubernetes = component.origins.len() == 1 && component.origins.contains(&UnitOrigin::Kubernetes);
    (only_kubernetes && chart_name(repo, folder) == component.name).then_some((repo.as_str(), folder))
}

/// A workload named by its chart that no name joined to a service, whose chart is shipped with
/// the code of one (`chart/kc-ui/` in the repo whose root is `refarch-kc-ui`), is that service.
pub(super) fn join_shipped_charts(components: &mut Components) {
    let charted: Vec<(String, String, String)> = components
        .by_name
        .values()
        .filter(|component| component.repo.is_none())
        .filter_map(|component| {
            let (repo, folder) = named_by_its_chart(component)?;
            Some((component.name.clone(), repo.to_string(), shipped_with(folder)?.to_string()))
        })
        .collect();
    for (name, repo, code) in charted {
        let holders: Vec<String> = components
            .by_name
            .values()
            .filter(|other| other.repo.as_deref() == Some(repo.as_str()) && other.node_ref.starts_with("component:"))
            .filter(|other| other.root.iter().chain(&other.extra_roots).any(|root| *root == code))
            .map(|other| other.name.clone())
            .collect();
        if let [holder] = holders.as_slice()
            && let Some(phantom) = components.by_name.remove(&name)
            && let Some(target) = components.by_name.get_mut(holder)
        {
            super::merges::absorb(target, phantom);
        }
    }
}

/// A workload named by its chart and running no image it names (the chart's values give it)
/// and the one compose service without code named like the chart, by its name or its image's
/// without its compose file's shared words (`orderquery`, `kcontainer-order-query-ms`, for the
/// chart `orderqueryms`), are one service deployed twice, by compose's name.
pub(super) fn join_compose_twins(components: &mut Components, prefixes: &SharedPrefixes) {
    let charted: Vec<String> = components
        .by_name
        .values()
        .filter(|component| component.repo.is_none() && component.aliases.is_empty() && named_by_its_chart(component).is_some())
        .map(|component| component.name.clone())
        .collect();
    for name in charted {
        let keys = [naming_key(&name), service_key(&name)];
        let twins: Vec<String> = components
            .by_name
            .values()
            .filter(|other| other.repo.is_none() && other.origins.contains(&UnitOrigin::Compose) && other.node_ref.starts_with("component:"))
            .filter(|other| {
                let names = std::iter::once(other.name.clone()).chain(other.aliases.iter().cloned()).chain(prefixes.image_names(other));
                names.flat_map(|other_name| [naming_key(&other_name), service_key(&other_name)]).any(|other_key| keys.iter().any(|key| same_service_key(key, &other_key)))
            })
            .map(|other| other.name.clone())
            .collect();
        if let [twin] = twins.as_slice()
            && let Some(phantom) = components.by_name.remove(&name)
            && let Some(target) = components.by_name.get_mut(twin)
        {
            super::merges::absorb(target, phantom);
        }
    }
}

/// A service still without code that a chart's unnamed workload declared, the chart shipped
/// with a folder of code no other component's code is in (`order-query-ms/chart/orderqueryms/`
/// beside `order-query-ms/src/`), has its code there.
pub(super) fn root_at_shipped_charts(components: &mut Components, charted: &[(&ScannedFacts, UnitFact)], files: &[ScannedFacts]) {
    let claimed: Vec<(String, String)> = components
        .by_name
        .values()
        .flat_map(|component| component.repo.iter().flat_map(|repo| component.root.iter().chain(&component.extra_roots).map(|root| (repo.clone(), root.clone()))))
        .collect();
    let overlaps = |repo: &str, folder: &str| {
        claimed.iter().any(|(claimed_repo, root)| claimed_repo == repo && (root.is_empty() || within(folder, root) || within(root, folder)))
    };
    for component in components.by_name.values_mut().filter(|component| component.repo.is_none() && component.node_ref.starts_with("component:")) {
        let shipped: BTreeSet<(&str, &str)> = charted
            .iter()
            .filter(|(_, unit)| unit.name == component.name || component.aliases.contains(&unit.name))
            .filter_map(|(file, _)| Some((file.repo.as_str(), shipped_with(chart_folder(&file.path)?)?)))
            .collect();
        let [(repo, code)] = shipped.into_iter().collect::<Vec<_>>()[..] else {
            continue;
        };
        let chart_files = |path: &str| chart_folder(path).is_some_and(|chart| !chart.is_empty() && within(path, chart));
        let holds_code = files.iter().any(|file| file.repo == repo && within(&file.path, code) && file.has_code() && !chart_files(&file.path));
        if code.is_empty() || !holds_code || overlaps(repo, code) {
            continue;
        }
        component.repo = Some(repo.to_string());
        component.root = Some(code.to_string());
    }
}

/// A chart deploying exactly one service (`charts/workflow/`: its templates' one workload, its
/// `values.yaml` the addresses the templates hand it, `serviceuri.delivery:
/// http://delivery/api/Deliveries/`) whose workload joined a component with code elsewhere in
/// the chart's repo (`src/shipping/workflow/`) is that component's too: what its values and
/// templates name are that service's dependencies. A chart of two services, one whose folder
/// some component's code holds already, or a folder holding no `Chart.yaml`, stays no one's.
pub(super) fn own_single_service_charts(components: &mut Components, units: &[(&ScannedFacts, &UnitFact)], files: &[ScannedFacts]) {
    let charts: BTreeSet<(&str, &str)> = files
        .iter()
        .filter(|file| crate::readers::helm::is_chart_metadata(&file.path.rsplit('/').next().unwrap_or(&file.path).to_lowercase()))
        .map(|file| (file.repo.as_str(), crate::readers::parent_dir(&file.path)))
        .collect();
    // (repo, chart folder) -> the names of the services its templates run.
    let mut services: BTreeMap<(&str, &str), BTreeSet<String>> = BTreeMap::new();
    for (file, unit) in units.iter().filter(|(_, unit)| unit.origin == UnitOrigin::Kubernetes && !unit.infrastructure) {
        if let Some(folder) = chart_folder(&file.path).filter(|folder| !folder.is_empty() && charts.contains(&(file.repo.as_str(), *folder))) {
            services.entry((file.repo.as_str(), folder)).or_default().insert(unit_name(unit));
        }
    }
    for ((repo, folder), names) in services {
        let mut names = names.into_iter();
        let (Some(name), None) = (names.next(), names.next()) else {
            continue;
        };
        let claimed = components.by_name.values().any(|component| {
            component.repo.as_deref() == Some(repo)
                && component.root.iter().chain(&component.extra_roots).any(|root| root.is_empty() || within(folder, root) || within(root, folder))
        });
        let holders: Vec<String> =
            components.by_name.values().filter(|component| component.name == name || component.aliases.contains(&name)).map(|component| component.name.clone()).collect();
        if let [holder] = holders.as_slice()
            && let Some(component) = components.by_name.get_mut(holder)
            && !claimed
            && component.repo.as_deref() == Some(repo)
            && component.root.is_some()
        {
            component.extra_roots.push(folder.to_string());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_chart_is_named_by_its_folder_and_shipped_with_the_code_beside_it() {
        let paths = ["a/chart/orders/templates/deployment.yaml", "templates/x.yaml", "k8s/orders.yaml", "orders/helm/templates/sub/x.yaml"];
        let folders: Vec<Option<&str>> = paths.into_iter().map(chart_folder).collect();
        assert_eq!(folders, [Some("a/chart/orders"), Some(""), None, Some("orders/helm")]);
        let names: Vec<String> = ["a/chart/OrderQueryMS", "orders/helm", "", "helm"].into_iter().map(|folder| chart_name("shop", folder)).collect();
        assert_eq!(names, ["orderqueryms", "orders", "shop", "shop"]);
        let charts = ["order-query-ms/chart/orderqueryms", "chart/kc-ui", "orders/helm", "services/orders-chart", "helm"];
        let shipped: Vec<Option<&str>> = charts.into_iter().map(shipped_with).collect();
        assert_eq!(shipped, [Some("order-query-ms"), Some(""), Some("orders"), None, Some("")]);
    }
}
