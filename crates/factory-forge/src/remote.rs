//! Which forge and which project a git remote URL names.

use serde::Serialize;

use crate::settings::ForgeSettings;

/// A forge the factory opens pull/merge requests on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum ForgeKind {
    #[serde(rename = "github")]
    GitHub,
    #[serde(rename = "gitlab")]
    GitLab,
}

impl ForgeKind {
    pub fn name(self) -> &'static str {
        match self {
            Self::GitHub => "GitHub",
            Self::GitLab => "GitLab",
        }
    }

    /// The environment variable the token is read from.
    pub fn token_variable(self) -> &'static str {
        match self {
            Self::GitHub => "GITHUB_TOKEN",
            Self::GitLab => "GITLAB_TOKEN",
        }
    }

    /// What a change request is called there.
    pub fn request_noun(self) -> &'static str {
        match self {
            Self::GitHub => "pull request",
            Self::GitLab => "merge request",
        }
    }
}

/// A project on a forge: `owner/repo` on GitHub, `group/subgroup/project` on GitLab.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ForgeProject {
    pub forge: ForgeKind,
    pub host: String,
    pub path: String,
}

/// What a remote URL points at.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum RemoteTarget {
    Forge(ForgeProject),
    /// A path on this machine or a `file://` URL: nothing to open a request on.
    Local,
    /// A host that is neither GitHub nor GitLab as configured, or a path the forge cannot have.
    Unrecognised { host: String, reason: String },
}

/// Reads a remote URL (`https://github.com/o/r.git`, `git@gitlab.com:g/s/p.git`,
/// `ssh://git@host:22/o/r`, a local path, `file://...`) against the configured forge hosts.
pub fn classify_remote(url: &str, settings: &ForgeSettings) -> RemoteTarget {
    let url = url.trim();
    let Some((host, path)) = host_and_path(url) else { return RemoteTarget::Local };
    let host = host.to_ascii_lowercase();
    let path = path.trim_matches('/').trim_end_matches(".git").trim_end_matches('/').to_string();
    let Some(forge) = settings.forge_of_host(&host) else {
        return RemoteTarget::Unrecognised {
            host: host.clone(),
            reason: format!("{host} is neither GitHub nor GitLab (set FACTORY_GITHUB_API or FACTORY_GITLAB_API to its API to use a self-hosted forge)"),
        };
    };
    let segments = path.split('/').filter(|segment| !segment.is_empty()).count();
    let shape_fits = match forge {
        ForgeKind::GitHub => segments == 2,
        ForgeKind::GitLab => segments >= 2,
    };
    if !shape_fits || path.split('/').any(str::is_empty) {
        return RemoteTarget::Unrecognised { reason: format!("`{path}` is not a {} project path (expected owner/repo)", forge.name()), host };
    }
    RemoteTarget::Forge(ForgeProject { forge, host, path })
}

/// The host (without user or port) and path of a network URL; `None` for local paths.
fn host_and_path(url: &str) -> Option<(&str, &str)> {
    if let Some((scheme, rest)) = url.split_once("://") {
        if scheme.eq_ignore_ascii_case("file") {
            return None;
        }
        let (authority, path) = rest.split_once('/').unwrap_or((rest, ""));
        let host = authority.rsplit_once('@').map_or(authority, |(_, host)| host);
        let host = strip_port(host);
        return (!host.is_empty()).then_some((host, path));
    }
    // scp-like `[user@]host:path`: a colon before any slash, and not a Windows drive letter.
    let colon = url.find(':')?;
    if url[..colon].contains('/') || colon == 1 {
        return None;
    }
    let host = url[..colon].rsplit_once('@').map_or(&url[..colon], |(_, host)| host);
    (!host.is_empty()).then_some((host, &url[colon + 1..]))
}

fn strip_port(host: &str) -> &str {
    if host.starts_with('[') {
        return host.split_once(']').map_or(host, |(inside, _)| inside.trim_start_matches('['));
    }
    host.split_once(':').map_or(host, |(name, _)| name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(urls: &[&str], settings: &ForgeSettings) -> String {
        urls.iter().map(|url| format!("{url} -> {}\n", serde_json::to_string(&classify_remote(url, settings)).unwrap_or_default())).collect()
    }

    #[test]
    fn remotes_name_their_forge_and_project() {
        let settings = ForgeSettings::new(None, Some("https://gitlab.example.com/api/v4".into()));
        insta::assert_snapshot!(check(
            &[
                "https://github.com/acme/orders-api.git",
                "https://x-access-token:secret@github.com/acme/web",
                "git@github.com:acme/billing-worker.git",
                "ssh://git@ssh.github.com:443/acme/web.git",
                "git@gitlab.com:acme/platform/orders.git",
                "https://gitlab.example.com/group/sub/project.git/",
                "https://GitHub.com/acme/orders-api/",
                "/tmp/acme/repos/orders-api",
                "../orders-api.git",
                "file:///srv/git/orders-api.git",
                "C:/repos/orders",
                "https://bitbucket.org/acme/orders.git",
                "https://github.com/acme",
                "https://github.com/acme/orders/tree/main",
            ],
            &settings
        ));
    }
}
