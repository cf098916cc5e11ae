//! The forge client against a recorded-fixture HTTP server on 127.0.0.1:0: each request's
//! method, path, auth header and JSON body are recorded and the server answers with recorded
//! GitHub and GitLab responses.

use std::sync::{Arc, Mutex};

use factory_forge::{open_pull_request, update_pull_request_body, ForgeKind, ForgeProject, ForgeSettings, PullRequestDraft};

#[derive(Debug, serde::Serialize)]
struct Seen {
    method: String,
    path: String,
    auth: Vec<String>,
    body: serde_json::Value,
}

/// Serves `answers` in order (status, JSON), one per request, recording what came in.
fn fixture_server(answers: Vec<(u16, serde_json::Value)>) -> (String, Arc<Mutex<Vec<Seen>>>) {
    let server = tiny_http::Server::http("127.0.0.1:0").expect("bind 127.0.0.1:0");
    let base = format!("http://{}", server.server_addr().to_ip().expect("ip address"));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = Arc::clone(&seen);
    std::thread::spawn(move || {
        for (status, answer) in answers {
            let Ok(mut request) = server.recv() else { return };
            let mut text = String::new();
            let _ = request.as_reader().read_to_string(&mut text);
            let auth = request
                .headers()
                .iter()
                .filter(|header| header.field.equiv("Authorization") || header.field.equiv("PRIVATE-TOKEN"))
                .map(|header| format!("{}: {}", header.field, header.value))
                .collect();
            record.lock().expect("lock").push(Seen {
                method: request.method().to_string(),
                path: request.url().to_string(),
                auth,
                body: serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)),
            });
            let header = tiny_http::Header::from_bytes("Content-Type", "application/json").expect("header");
            let _ = request.respond(tiny_http::Response::from_string(answer.to_string()).with_status_code(status).with_header(header));
        }
    });
    (base, seen)
}

fn draft() -> PullRequestDraft {
    PullRequestDraft { title: "Rename customer (web)".into(), body: "See [orders-api](../pr/orders-api.md)\n".into(), head: "factory/r1/web".into(), base: "main".into(), draft: false }
}

#[test]
fn github_pull_request_opened_then_its_body_updated() {
    let (base, seen) = fixture_server(vec![
        (201, serde_json::json!({"id": 1, "number": 42, "html_url": "https://github.com/acme/web/pull/42", "state": "open", "draft": false})),
        (200, serde_json::json!({"number": 42, "html_url": "https://github.com/acme/web/pull/42"})),
    ]);
    let settings = ForgeSettings::new(Some(format!("{base}/")), None);
    let project = ForgeProject { forge: ForgeKind::GitHub, host: "github.com".into(), path: "acme/web".into() };
    let opened = open_pull_request(&project, &settings, &draft(), "ghp_test").expect("open");
    update_pull_request_body(&project, &settings, opened.number, "linked\n", "ghp_test").expect("update");
    insta::assert_json_snapshot!((opened, &*seen.lock().expect("lock")));
}

#[test]
fn gitlab_merge_request_opened_then_its_description_updated() {
    let (base, seen) = fixture_server(vec![
        (201, serde_json::json!({"id": 9, "iid": 3, "web_url": "https://gitlab.com/acme/platform/web/-/merge_requests/3", "state": "opened"})),
        (200, serde_json::json!({"iid": 3})),
    ]);
    let settings = ForgeSettings::new(None, Some(base));
    let project = ForgeProject { forge: ForgeKind::GitLab, host: "gitlab.com".into(), path: "acme/platform/web".into() };
    let opened = open_pull_request(&project, &settings, &draft(), "glpat-test").expect("open");
    update_pull_request_body(&project, &settings, opened.number, "linked\n", "glpat-test").expect("update");
    insta::assert_json_snapshot!((opened, &*seen.lock().expect("lock")));
}

#[test]
fn http_errors_show_status_and_the_api_message() {
    let (base, _seen) = fixture_server(vec![
        (422, serde_json::json!({"message": "Validation Failed", "errors": [{"resource": "PullRequest", "code": "custom", "message": "A pull request already exists for acme:factory/r1/web."}]})),
        (401, serde_json::json!({"message": "401 Unauthorized"})),
    ]);
    let github = ForgeProject { forge: ForgeKind::GitHub, host: "github.com".into(), path: "acme/web".into() };
    let gitlab = ForgeProject { forge: ForgeKind::GitLab, host: "gitlab.com".into(), path: "acme/web".into() };
    let settings = ForgeSettings::new(Some(base.clone()), Some(base.clone()));
    let errors: Vec<String> = [
        open_pull_request(&github, &settings, &draft(), "t").expect_err("422"),
        open_pull_request(&gitlab, &settings, &draft(), "t").expect_err("401"),
    ]
    .iter()
    .map(|error| error.to_string().replace(&base, "[API]"))
    .collect();
    insta::assert_json_snapshot!(errors);
}

#[test]
fn an_unreachable_api_names_the_url_and_the_setting() {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let base = format!("http://{}", listener.local_addr().expect("addr"));
    drop(listener);
    let project = ForgeProject { forge: ForgeKind::GitHub, host: "github.com".into(), path: "acme/web".into() };
    let error = open_pull_request(&project, &ForgeSettings::new(Some(base.clone()), None), &draft(), "t").expect_err("nothing listens").to_string();
    assert!(error.starts_with(&format!("POST {base}/repos/acme/web/pulls failed: ")), "{error}");
    assert!(error.ends_with("(is the API reachable? check FACTORY_GITHUB_API)"), "{error}");
}
