//! Sending a `ForgeRequest` and reading what the forge answers.

use std::time::Duration;

use serde::Serialize;

use crate::remote::{ForgeKind, ForgeProject};
use crate::request::{create_request, update_body_request, ForgeRequest, HttpMethod, PullRequestDraft};
use crate::settings::ForgeSettings;

/// A failure to talk to a forge, naming the request and what the forge said.
#[derive(Debug, thiserror::Error)]
pub enum ForgeError {
    #[error("{variable} is not set: opening {noun}s on {forge} needs a token (export {variable}=...)")]
    MissingToken { forge: &'static str, variable: &'static str, noun: &'static str },
    #[error("{method} {url} answered HTTP {status}: {message}{hint}")]
    Status { method: &'static str, url: String, status: u16, message: String, hint: String },
    #[error("{method} {url} failed: {message} (is the API reachable? check {setting})")]
    Transport { method: &'static str, url: String, message: String, setting: &'static str },
    #[error("{method} {url} answered HTTP {status} without `{field}` in its JSON: {body}")]
    UnexpectedAnswer { method: &'static str, url: String, status: u16, field: &'static str, body: String },
}

/// A pull/merge request that exists on the forge.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, serde::Deserialize)]
pub struct PullRequest {
    /// GitHub's `number`, GitLab's `iid`.
    pub number: u64,
    /// The page people open (`html_url`, `web_url`).
    pub url: String,
}

/// The token for `forge`, or the error that names its environment variable.
pub fn require_token(forge: ForgeKind) -> Result<String, ForgeError> {
    crate::settings::token_from_environment(forge).ok_or(ForgeError::MissingToken {
        forge: forge.name(),
        variable: forge.token_variable(),
        noun: forge.request_noun(),
    })
}

/// Opens a pull/merge request and returns its number and page.
pub fn open_pull_request(project: &ForgeProject, settings: &ForgeSettings, draft: &PullRequestDraft, token: &str) -> Result<PullRequest, ForgeError> {
    let request = create_request(project, settings, draft);
    let (status, answer) = send(&request, project.forge, token)?;
    let (number_field, url_field) = match project.forge {
        ForgeKind::GitHub => ("number", "html_url"),
        ForgeKind::GitLab => ("iid", "web_url"),
    };
    let unexpected = |field| ForgeError::UnexpectedAnswer { method: request.method.as_str(), url: request.url.clone(), status, field, body: shorten(&answer.to_string()) };
    let number = answer[number_field].as_u64().ok_or_else(|| unexpected(number_field))?;
    let url = answer[url_field].as_str().ok_or_else(|| unexpected(url_field))?.to_string();
    Ok(PullRequest { number, url })
}

/// Replaces the body (GitHub) or description (GitLab) of an existing request.
pub fn update_pull_request_body(project: &ForgeProject, settings: &ForgeSettings, number: u64, body: &str, token: &str) -> Result<(), ForgeError> {
    send(&update_body_request(project, settings, number, body), project.forge, token).map(drop)
}

/// Sends one request with the token in the forge's header; a 2xx answer's JSON comes back.
pub fn send(request: &ForgeRequest, forge: ForgeKind, token: &str) -> Result<(u16, serde_json::Value), ForgeError> {
    let config = ureq::Agent::config_builder()
        .http_status_as_error(false)
        .timeout_global(Some(Duration::from_secs(60)))
        .user_agent(concat!("factory/", env!("CARGO_PKG_VERSION")))
        .build();
    let agent = ureq::Agent::new_with_config(config);
    let method = request.method.as_str();
    let setting = match forge {
        ForgeKind::GitHub => crate::settings::GITHUB_API_VARIABLE,
        ForgeKind::GitLab => crate::settings::GITLAB_API_VARIABLE,
    };
    let transport = |error: ureq::Error| ForgeError::Transport { method, url: request.url.clone(), message: error.to_string(), setting };
    let payload = request.body.to_string();
    let builder = match request.method {
        HttpMethod::Post => agent.post(&request.url),
        HttpMethod::Patch => agent.patch(&request.url),
        HttpMethod::Put => agent.put(&request.url),
    };
    let builder = builder.header("Content-Type", "application/json");
    let builder = match forge {
        ForgeKind::GitHub => builder
            .header("Authorization", format!("Bearer {token}"))
            .header("Accept", "application/vnd.github+json")
            .header("X-GitHub-Api-Version", "2022-11-28"),
        ForgeKind::GitLab => builder.header("PRIVATE-TOKEN", token).header("Accept", "application/json"),
    };
    tracing::debug!(method, url = %request.url, "forge request");
    let mut response = builder.send(payload.as_str()).map_err(transport)?;
    let status = response.status().as_u16();
    let text = response.body_mut().read_to_string().map_err(transport)?;
    let answer: serde_json::Value = serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text.clone()));
    if !(200..300).contains(&status) {
        let hint = match status {
            401 | 403 => format!(" (check that {} is valid and may write to this project)", forge.token_variable()),
            404 => format!(" (does the project exist, and may {}'s owner see it?)", forge.token_variable()),
            _ => String::new(),
        };
        return Err(ForgeError::Status { method, url: request.url.clone(), status, message: api_message(&answer), hint });
    }
    Ok((status, answer))
}

/// The readable part of a forge's error answer: GitHub's `message` and `errors[].message`,
/// GitLab's `message` (a string, a list, or a map of field to messages) or `error`.
pub fn api_message(answer: &serde_json::Value) -> String {
    let mut parts = Vec::new();
    collect_messages(&answer["message"], &mut parts);
    collect_messages(&answer["error"], &mut parts);
    for error in answer["errors"].as_array().into_iter().flatten() {
        if error["message"].is_string() {
            collect_messages(&error["message"], &mut parts);
        } else if let Some(code) = error["code"].as_str() {
            parts.push(format!("{} {}", error["field"].as_str().unwrap_or("request"), code));
        } else {
            collect_messages(error, &mut parts);
        }
    }
    if parts.is_empty() {
        return shorten(&match answer {
            serde_json::Value::String(text) => text.clone(),
            other => other.to_string(),
        });
    }
    parts.join("; ")
}

fn collect_messages(value: &serde_json::Value, parts: &mut Vec<String>) {
    match value {
        serde_json::Value::String(text) if !text.trim().is_empty() => parts.push(text.trim().to_string()),
        serde_json::Value::Array(items) => items.iter().for_each(|item| collect_messages(item, parts)),
        serde_json::Value::Object(fields) => {
            for (field, messages) in fields {
                let mut inner = Vec::new();
                collect_messages(messages, &mut inner);
                if !inner.is_empty() {
                    parts.push(format!("{field}: {}", inner.join(", ")));
                }
            }
        }
        _ => {}
    }
}

fn shorten(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() > 300 { format!("{}…", text.chars().take(300).collect::<String>()) } else { text.to_string() }
}

#[cfg(test)]
mod tests {
    #[test]
    fn error_answers_read_as_sentences() {
        let answers = [
            serde_json::json!({"message": "Validation Failed", "errors": [{"resource": "PullRequest", "code": "custom", "message": "A pull request already exists for acme:factory/r1/web."}], "documentation_url": "https://docs.github.com/rest/pulls/pulls#create-a-pull-request"}),
            serde_json::json!({"message": "Bad credentials", "documentation_url": "https://docs.github.com/rest"}),
            serde_json::json!({"message": "Validation Failed", "errors": [{"resource": "PullRequest", "field": "base", "code": "invalid"}]}),
            serde_json::json!({"message": ["Another open merge request already exists for this source branch: !4"]}),
            serde_json::json!({"message": {"target_branch": ["is invalid"]}}),
            serde_json::json!({"error": "title is missing"}),
            serde_json::json!("<html>502 Bad Gateway</html>"),
        ];
        let messages: Vec<String> = answers.iter().map(super::api_message).collect();
        insta::assert_json_snapshot!(messages);
    }
}
