//! Hosts named after a Helm release. A chart's services are named `<release>-<chart>`
//! (`{{ .Release.Name }}-auth-service`), and a third party's chart adds its role
//! (`<release>-kong-proxy`, `<release>-redis-master`): config written for one install names
//! them so (`http://ticketing-auth-service:3000`, with the chart's values deploying to
//! `global.namespace: ticketing`). Such a host names the component that the rest of it names
//! exactly, once the release is known from the values (`readers::helm::release_names`); a
//! host naming a third party's chart the repo's charts depend on (`dependencies: [{name:
//! kong, repository: https://charts.konghq.com}]`), followed by its role, names the component of
//! that chart's name (a compose service running Kong for local runs). Nothing else is stripped.

use std::collections::BTreeSet;

use serde_json::Value;

use crate::readers::helm::{CHART_DEPENDENCY, RELEASE_NAME};
use crate::resolve::{Components, ScannedFacts};

/// The release names the repos' chart values suggest, and the third parties' charts their
/// charts depend on (by name and alias), lowercase.
#[derive(Debug, Default)]
pub struct HelmNames {
    releases: BTreeSet<String>,
    third_party_charts: BTreeSet<String>,
}

impl HelmNames {
    pub fn collect(files: &[ScannedFacts]) -> Self {
        let mut names = Self::default();
        for edge in files.iter().flat_map(|file| &file.facts.edges) {
            if edge.kind == RELEASE_NAME
                && let Some(release) = edge.to.strip_prefix("release:")
            {
                names.releases.insert(release.to_lowercase());
            }
            if edge.kind == CHART_DEPENDENCY && !is_local(edge.props.get("repository").and_then(Value::as_str).unwrap_or("")) {
                let alias = edge.props.get("alias").and_then(Value::as_str);
                names.third_party_charts.extend(edge.to.strip_prefix("chart:").into_iter().chain(alias).map(str::to_lowercase));
            }
        }
        names
    }

    /// Whether no chart says anything this reads.
    pub fn is_empty(&self) -> bool {
        self.releases.is_empty() && self.third_party_charts.is_empty()
    }

    /// The host a release-prefixed host (`ticketing-auth-service`) or a third-party chart's
    /// service (`ticketing-kong-proxy`, `kong-admin`) stands for, when the rest names a
    /// component exactly; `None` for a host that names one itself.
    pub fn component_host(&self, host: &str, components: &Components) -> Option<String> {
        let host = host.to_lowercase();
        if self.is_empty() || components.by_host(&host).is_some() {
            return None;
        }
        let named = |name: &str| components.hosts.contains_key(name);
        let unprefixed = self.releases.iter().filter_map(|release| host.strip_prefix(release.as_str())?.strip_prefix('-').filter(|rest| !rest.is_empty()));
        let candidates: Vec<&str> = std::iter::once(host.as_str()).chain(unprefixed).collect();
        if let Some(rest) = candidates.iter().skip(1).find(|rest| named(rest)) {
            return Some(rest.to_string());
        }
        candidates.iter().find_map(|candidate| {
            self.third_party_charts.iter().find(|chart| candidate.strip_prefix(chart.as_str()).is_some_and(|role| role.len() > 1 && role.starts_with('-')) && named(chart)).cloned()
        })
    }
}

/// Whether a dependency's repository is a chart of the repo's own (`file://charts/auth`), or
/// none (a chart vendored in `charts/` without a repository).
pub fn is_local(repository: &str) -> bool {
    repository.is_empty() || repository.starts_with("file://")
}
