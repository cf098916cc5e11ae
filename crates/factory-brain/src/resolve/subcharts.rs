//! Workloads of templates under `charts/<sub>/templates/` whose images only the templates name,
//! which their reader marks ([`IMAGELESS_SUBCHART`]): one file cannot tell a chart's vendored
//! subchart (a bitnami redis unpacked in `orders/chart/charts/redis/`, beside
//! `orders/chart/Chart.yaml`) from a repo's folder of charts (`charts/workflow/templates/` at
//! the top of the Fabrikam Drone Delivery repo, its images `{{ .Values.image.repository }}`).
//! Here every file's path is known: when the folder holding `charts/` is a chart (it holds
//! `Chart.yaml`), the subchart is a third party's and the marked document's facts go;
//! otherwise the workload stays, unmarked.

use std::borrow::Cow;
use std::collections::BTreeSet;

use crate::model::UnitFact;
use crate::readers::helm::{is_chart_metadata, subchart_parent};
use crate::readers::kubernetes::IMAGELESS_SUBCHART;
use crate::readers::parent_dir;
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
    let charts: BTreeSet<(&str, &str)> = files
        .iter()
        .filter(|file| is_chart_metadata(&file.path.rsplit('/').next().unwrap_or(&file.path).to_lowercase()))
        .map(|file| (file.repo.as_str(), parent_dir(&file.path)))
        .collect();
    let mut files = files.to_vec();
    for file in files.iter_mut().filter(|file| file.facts.units.iter().any(is_marked)) {
        let vendored = subchart_parent(&file.path).is_some_and(|parent| charts.contains(&(file.repo.as_str(), parent)));
        if !vendored {
            for unit in &mut file.facts.units {
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
