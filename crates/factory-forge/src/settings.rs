//! Where each forge's REST API is, and which hosts belong to which forge.

use serde::Serialize;

use crate::remote::ForgeKind;

/// The GitHub REST API unless `FACTORY_GITHUB_API` says otherwise.
pub const DEFAULT_GITHUB_API: &str = "https://api.github.com";
/// The GitLab REST API unless `FACTORY_GITLAB_API` says otherwise.
pub const DEFAULT_GITLAB_API: &str = "https://gitlab.com/api/v4";
pub const GITHUB_API_VARIABLE: &str = "FACTORY_GITHUB_API";
pub const GITLAB_API_VARIABLE: &str = "FACTORY_GITLAB_API";

/// The API base URLs. A base that is not the default (GitHub Enterprise's
/// `https://HOST/api/v3`, a self-managed GitLab's `https://HOST/api/v4`) also makes its host
/// a host of that forge, so remotes on it are recognised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ForgeSettings {
    pub github_api: String,
    pub gitlab_api: String,
}

impl ForgeSettings {
    /// `None` takes the default base URL.
    pub fn new(github_api: Option<String>, gitlab_api: Option<String>) -> Self {
        let clean = |value: Option<String>, default: &str| {
            value.map(|value| value.trim().trim_end_matches('/').to_string()).filter(|value| !value.is_empty()).unwrap_or_else(|| default.to_string())
        };
        Self { github_api: clean(github_api, DEFAULT_GITHUB_API), gitlab_api: clean(gitlab_api, DEFAULT_GITLAB_API) }
    }

    /// From `FACTORY_GITHUB_API` and `FACTORY_GITLAB_API`.
    pub fn from_environment() -> Self {
        Self::new(std::env::var(GITHUB_API_VARIABLE).ok(), std::env::var(GITLAB_API_VARIABLE).ok())
    }

    pub fn api_base(&self, forge: ForgeKind) -> &str {
        match forge {
            ForgeKind::GitHub => &self.github_api,
            ForgeKind::GitLab => &self.gitlab_api,
        }
    }

    /// The forge a git host belongs to: github.com, gitlab.com, or the host of a configured API.
    pub fn forge_of_host(&self, host: &str) -> Option<ForgeKind> {
        let host = host.to_ascii_lowercase();
        if ["github.com", "www.github.com", "ssh.github.com"].contains(&host.as_str()) {
            return Some(ForgeKind::GitHub);
        }
        if ["gitlab.com", "www.gitlab.com", "altssh.gitlab.com"].contains(&host.as_str()) {
            return Some(ForgeKind::GitLab);
        }
        if self.github_api != DEFAULT_GITHUB_API && api_host(&self.github_api).is_some_and(|api| api == host) {
            return Some(ForgeKind::GitHub);
        }
        if self.gitlab_api != DEFAULT_GITLAB_API && api_host(&self.gitlab_api).is_some_and(|api| api == host) {
            return Some(ForgeKind::GitLab);
        }
        None
    }
}

/// The token for `forge` from its environment variable (`GITHUB_TOKEN`, `GITLAB_TOKEN`).
pub fn token_from_environment(forge: ForgeKind) -> Option<String> {
    std::env::var(forge.token_variable()).ok().filter(|token| !token.trim().is_empty())
}

fn api_host(base: &str) -> Option<String> {
    let rest = base.split_once("://")?.1;
    let authority = rest.split('/').next()?;
    let host = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
    Some(host.split(':').next().unwrap_or(host).to_ascii_lowercase())
}
