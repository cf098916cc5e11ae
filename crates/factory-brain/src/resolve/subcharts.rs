//! Workloads of templates under `charts/<sub>/templates/` whose images only the templates name,
//! which their reader marks ([`IMAGELESS_SUBCHART`]): one file cannot tell a chart's vendored
//! subchart (a bitnami redis unpacked in `orders/chart/charts/redis/`, beside
//! `orders/chart/Chart.yaml`) from a repo's folder of charts (`charts/workflow/templates/` at
//! the top of the Fabrikam Drone Delivery repo, its images `{{ .Values.image.repository }}`).
//! Here every file's path is known: when the folder holding `charts/` is a chart (it holds
//! `Chart.yaml`), the subchart is a third party's and the marked document's facts go;
//! otherwise the workload stays, unmarked.
//!
//! Unless the chart says the subchart is the org's own: an umbrella chart listing it as a
//! dependency from its own folder (`repository: "file://charts/auth-service"`, the ticketing
//! platform's `infra/helm/Chart.yaml`), or, where the chart lists some of its dependencies so,
//! a subchart it does not list as a third party's (from a chart repository) and whose own
//! `Chart.yaml` names no home or sources elsewhere.

use std::borrow::Cow;
use std::collections::BTreeSet;

use serde_json::Value;

use crate::model::UnitFact;
use crate::readers::helm::{is_chart_metadata, subchart_parent, CHART, CHART_DEPENDENCY, UPSTREAM};
use crate::readers::kubernetes::{is_infrastructure_image, IMAGELESS_SUBCHART};
use crate::readers::{join_relative, parent_dir};
use crate::resolve::releases::is_local;
use crate::resolve::ScannedFacts;

fn is_marked(unit: &UnitFact) -> bool {
    unit.aliases.iter().any(|alias| alias == IMAGELESS_SUBCHART)
}

/// The files with vendored subcharts' marked documents left out and every other mark taken off;
/// the files as they are when nothing is marked.
pub(super) fn without_vendored_subcharts(files: &[ScannedFacts]) -> Cow<'_, [ScannedFacts]> {
    if !files.iter().any(|file| file.facts.units.iter().any(is_marked)) {
        return Cow::Borrowed(files);
    }
    let chart_files: Vec<&ScannedFacts> = files.iter().filter(|file| is_chart_metadata(&file.path.rsplit('/').next().unwrap_or(&file.path).to_lowercase())).collect();
    let charts: BTreeSet<(&str, &str)> = chart_files.iter().map(|file| (file.repo.as_str(), parent_dir(&file.path))).collect();
    let own = own_subcharts(&chart_files);
    let mut files = files.to_vec();
    for file in files.iter_mut().filter(|file| file.facts.units.iter().any(is_marked)) {
        let own_subchart = subchart_folder(&file.path).filter(|folder| own.contains(&(file.repo.clone(), folder.to_string())));
        let vendored = own_subchart.is_none() && subchart_parent(&file.path).is_some_and(|parent| charts.contains(&(file.repo.as_str(), parent)));
        if !vendored {
            // The chart's name, which an unnamed workload goes by (`resolve/components/charts.rs`).
            let chart_name = own_subchart.and_then(|folder| folder.rsplit('/').next()).map(str::to_string);
            for unit in &mut file.facts.units {
                // An own chart's workload whose image only the values name is infrastructure
                // when its name, or its chart's, says so (the ticketing platform's observability
                // chart runs `otel-collector`, its `opensearch` chart a search engine).
                let name = if unit.name.is_empty() { chart_name.as_deref().unwrap_or("") } else { unit.name.as_str() };
                if chart_name.is_some() && is_marked(unit) && is_infrastructure_image(name) {
                    unit.infrastructure = true;
                }
                unit.aliases.retain(|alias| alias != IMAGELESS_SUBCHART);
            }
            continue;
        }
        // The marked documents (`/0`), all their facts (`/0/spec/...`).
        let documents: Vec<String> = file.facts.units.iter().filter(|unit| is_marked(unit)).map(|unit| unit.pointer.clone()).collect();
        let of_document = |pointer: &str| documents.iter().any(|document| pointer.strip_prefix(document.as_str()).is_some_and(|rest| rest.is_empty() || rest.starts_with('/')));
        file.facts.units.retain(|unit| !of_document(&unit.pointer));
        file.facts.edges.retain(|edge| !of_document(&edge.pointer));
        file.facts.nodes.retain(|node| !of_document(&node.pointer));
    }
    Cow::Owned(files)
}

/// The folder of the subchart a template is in (`infra/helm/charts/auth-service` for
/// `infra/helm/charts/auth-service/templates/deployment.yaml`).
fn subchart_folder(path: &str) -> Option<&str> {
    let parent = subchart_parent(path)?;
    let start = if parent.is_empty() { 0 } else { parent.len() + 1 };
    let rest = path.get(start..)?.strip_prefix("charts/")?;
    let name = rest.split('/').next()?;
    path.get(..start + "charts/".len() + name.len())
}

/// The subcharts (repo, folder) a chart says are the org's own: those it lists from its own
/// folder (`file://charts/auth-service`), and, in a chart listing some so, the others in its
/// `charts/` that it does not list from a chart repository and that name no upstream.
fn own_subcharts(chart_files: &[&ScannedFacts]) -> BTreeSet<(String, String)> {
    let mut own = BTreeSet::new();
    for chart in chart_files {
        let folder = parent_dir(&chart.path);
        let dependencies: Vec<(&str, &str)> = chart
            .facts
            .edges
            .iter()
            .filter(|edge| edge.kind == CHART_DEPENDENCY)
            .filter_map(|edge| Some((edge.to.strip_prefix("chart:")?, edge.props.get("repository").and_then(Value::as_str).unwrap_or(""))))
            .collect();
        let listed_locally: Vec<String> = dependencies
            .iter()
            .filter_map(|(_, repository)| join_relative(folder, repository.strip_prefix("file://")?.trim_end_matches('/')))
            .collect();
        own.extend(listed_locally.iter().map(|subchart| (chart.repo.clone(), subchart.clone())));
        if listed_locally.is_empty() {
            continue;
        }
        let third_party: BTreeSet<&str> = dependencies.iter().filter(|(_, repository)| !is_local(repository)).map(|(name, _)| *name).collect();
        let charts_folder = if folder.is_empty() { "charts/".to_string() } else { format!("{folder}/charts/") };
        for subchart in chart_files.iter().filter(|other| other.repo == chart.repo) {
            let subchart_folder = parent_dir(&subchart.path);
            let Some(name) = subchart_folder.strip_prefix(charts_folder.as_str()).filter(|name| !name.contains('/')) else { continue };
            let upstream = subchart.facts.edges.iter().any(|edge| edge.kind == CHART && edge.props.get(UPSTREAM).and_then(Value::as_bool) == Some(true));
            let chart_name = subchart.facts.edges.iter().find(|edge| edge.kind == CHART).and_then(|edge| edge.to.strip_prefix("chart:")).unwrap_or(name);
            if !upstream && !third_party.contains(name) && !third_party.contains(chart_name) {
                own.insert((chart.repo.clone(), subchart_folder.to_string()));
            }
        }
    }
    own
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_names_its_subcharts_folder() {
        assert_eq!(subchart_folder("infra/helm/charts/auth/templates/deployment.yaml"), Some("infra/helm/charts/auth"));
        assert_eq!(subchart_folder("charts/auth/templates/x/deployment.yaml"), Some("charts/auth"));
        assert_eq!(subchart_folder("a/charts/b/charts/c/templates/x.yaml"), Some("a/charts/b/charts/c"));
        assert_eq!(subchart_folder("charts/x/values.yaml"), None);
    }
}
