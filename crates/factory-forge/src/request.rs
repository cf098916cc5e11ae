//! The REST requests, as data: what `--dry-run` shows is exactly what is sent.

use serde::Serialize;

use crate::remote::{ForgeKind, ForgeProject};
use crate::settings::ForgeSettings;

/// A pull/merge request to open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PullRequestDraft {
    pub title: String,
    pub body: String,
    /// The branch with the change.
    pub head: String,
    /// The branch it should merge into.
    pub base: String,
    /// Opened as a draft (GitHub's `draft`, GitLab's `Draft: ` title prefix).
    pub draft: bool,
}

/// One HTTP request to a forge's API. The token is not in it: `auth` names the header and the
/// environment variable its value comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ForgeRequest {
    pub method: HttpMethod,
    pub url: String,
    pub auth: String,
    pub body: serde_json::Value,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum HttpMethod {
    #[serde(rename = "POST")]
    Post,
    #[serde(rename = "PATCH")]
    Patch,
    #[serde(rename = "PUT")]
    Put,
}

impl HttpMethod {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Post => "POST",
            Self::Patch => "PATCH",
            Self::Put => "PUT",
        }
    }
}

/// `POST {api}/repos/{owner}/{repo}/pulls` or `POST {api}/projects/{path}/merge_requests`.
pub fn create_request(project: &ForgeProject, settings: &ForgeSettings, draft: &PullRequestDraft) -> ForgeRequest {
    let api = settings.api_base(project.forge);
    match project.forge {
        ForgeKind::GitHub => ForgeRequest {
            method: HttpMethod::Post,
            url: format!("{api}/repos/{}/pulls", project.path),
            auth: auth_description(project.forge),
            body: serde_json::json!({
                "title": draft.title,
                "head": draft.head,
                "base": draft.base,
                "body": draft.body,
                "draft": draft.draft,
            }),
        },
        ForgeKind::GitLab => ForgeRequest {
            method: HttpMethod::Post,
            url: format!("{api}/projects/{}/merge_requests", encode_path(&project.path)),
            auth: auth_description(project.forge),
            body: serde_json::json!({
                "source_branch": draft.head,
                "target_branch": draft.base,
                "title": if draft.draft { format!("Draft: {}", draft.title) } else { draft.title.clone() },
                "description": draft.body,
            }),
        },
    }
}

/// `PATCH {api}/repos/{owner}/{repo}/pulls/{number}` with `{body}`, or
/// `PUT {api}/projects/{path}/merge_requests/{iid}` with `{description}`.
pub fn update_body_request(project: &ForgeProject, settings: &ForgeSettings, number: u64, body: &str) -> ForgeRequest {
    let api = settings.api_base(project.forge);
    match project.forge {
        ForgeKind::GitHub => ForgeRequest {
            method: HttpMethod::Patch,
            url: format!("{api}/repos/{}/pulls/{number}", project.path),
            auth: auth_description(project.forge),
            body: serde_json::json!({ "body": body }),
        },
        ForgeKind::GitLab => ForgeRequest {
            method: HttpMethod::Put,
            url: format!("{api}/projects/{}/merge_requests/{number}", encode_path(&project.path)),
            auth: auth_description(project.forge),
            body: serde_json::json!({ "description": body }),
        },
    }
}

/// The header the token travels in, for people: `Authorization: Bearer $GITHUB_TOKEN`.
pub fn auth_description(forge: ForgeKind) -> String {
    match forge {
        ForgeKind::GitHub => format!("Authorization: Bearer ${}", forge.token_variable()),
        ForgeKind::GitLab => format!("PRIVATE-TOKEN: ${}", forge.token_variable()),
    }
}

/// GitLab's `:id` path parameter: the whole project path, percent-encoded (`/` is `%2F`).
pub fn encode_path(path: &str) -> String {
    let mut out = String::new();
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_for_both_forges() {
        let settings = ForgeSettings::new(None, None);
        let github = ForgeProject { forge: ForgeKind::GitHub, host: "github.com".into(), path: "acme/orders-api".into() };
        let gitlab = ForgeProject { forge: ForgeKind::GitLab, host: "gitlab.com".into(), path: "acme/platform/web".into() };
        let draft = PullRequestDraft { title: "Rename customer (web)".into(), body: "Body\n".into(), head: "factory/r1/web".into(), base: "main".into(), draft: true };
        insta::assert_json_snapshot!(vec![
            create_request(&github, &settings, &draft),
            update_body_request(&github, &settings, 7, "New body\n"),
            create_request(&gitlab, &settings, &draft),
            update_body_request(&gitlab, &settings, 3, "New body\n"),
        ]);
    }
}
