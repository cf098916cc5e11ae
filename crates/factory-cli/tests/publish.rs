//! `factory publish` end to end (issue 6, part 4): a real two-repo run on the acme demo (a
//! rename: orders-api then web, by the script worker), its branches pushed to local bare
//! remotes (each origin's URL names a GitHub or GitLab project, its push URL is the bare repo),
//! and the forge side answered by a recorded-fixture HTTP server on 127.0.0.1:0 that checks
//! each request's method, path, auth header and JSON body.

use std::path::{Path, PathBuf};
use std::process::Output;
use std::sync::{Arc, Mutex};

const SCRIPT: &str = r#"
[[task]]
repo = "orders-api"
[[task.step]]
action = "write"
path = "NOTES.md"
content = "customerName is coming\n"
[[task]]
repo = "web"
[[task.step]]
action = "write"
path = "NOTES.md"
content = "reads customerName\n"
"#;

/// Trimmed from a real `POST /repos/{owner}/{repo}/pulls` answer (201).
const GITHUB_CREATED: &str = r#"{
  "url": "https://api.github.com/repos/acme/orders-api/pulls/17",
  "id": 2209385711,
  "node_id": "PR_kwDOLrOmR86Dsh7v",
  "html_url": "https://github.com/acme/orders-api/pull/17",
  "diff_url": "https://github.com/acme/orders-api/pull/17.diff",
  "number": 17,
  "state": "open",
  "locked": false,
  "title": "rename customer (orders-api)",
  "draft": false,
  "head": {"label": "acme:factory/r/orders-api", "ref": "factory/r/orders-api"},
  "base": {"label": "acme:main", "ref": "main"}
}"#;

/// Trimmed from a real `POST /projects/:id/merge_requests` answer (201).
const GITLAB_CREATED: &str = r#"{
  "id": 291834512,
  "iid": 5,
  "project_id": 53891122,
  "title": "rename customer (web)",
  "state": "opened",
  "target_branch": "main",
  "source_branch": "factory/r/web",
  "draft": false,
  "merge_status": "checking",
  "web_url": "https://gitlab.com/acme/shop/web/-/merge_requests/5"
}"#;

const GITHUB_VALIDATION_FAILED: &str = r#"{
  "message": "Validation Failed",
  "errors": [{"resource": "PullRequest", "code": "custom", "message": "A pull request already exists for acme:factory/r/orders-api."}],
  "documentation_url": "https://docs.github.com/rest/pulls/pulls#create-a-pull-request",
  "status": "422"
}"#;

fn factory(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = assert_cmd::Command::cargo_bin("factory").expect("the factory binary is built");
    command
        .current_dir(cwd)
        .args(args)
        .env_remove("FACTORY_HOME")
        .env_remove("FACTORY_LOG")
        .env_remove("GITHUB_TOKEN")
        .env_remove("GITLAB_TOKEN")
        .env_remove("FACTORY_GITHUB_API")
        .env_remove("FACTORY_GITLAB_API")
        .env("HOME", cwd)
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com");
    for proxy in ["http_proxy", "https_proxy", "all_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY"] {
        command.env_remove(proxy);
    }
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().expect("factory runs")
}

fn git(dir: &Path, args: &[&str]) -> String {
    let output = std::process::Command::new("git").current_dir(dir).args(args).output().expect("git runs");
    assert!(output.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&output.stderr));
    String::from_utf8_lossy(&output.stdout).trim().to_string()
}

/// The branch's commit in a bare repository, or `None`.
fn bare_head(bare: &Path, branch: &str) -> Option<String> {
    let output = std::process::Command::new("git").current_dir(bare).args(["rev-parse", "--verify", "--quiet", &format!("refs/heads/{branch}")]).output().expect("git");
    output.status.success().then(|| String::from_utf8_lossy(&output.stdout).trim().to_string())
}

/// Exit code, stdout and stderr, with temp paths, the run id, shas and the port replaced.
fn render(output: &Output, root: &Path, run: &str, api: &str) -> String {
    let text = format!("exit: {}\n--- stdout\n{}--- stderr\n{}", output.status.code().unwrap_or(-1), String::from_utf8_lossy(&output.stdout), String::from_utf8_lossy(&output.stderr));
    normalise(&text, root, run, api)
}

fn normalise(text: &str, root: &Path, run: &str, api: &str) -> String {
    let canonical = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let mut text = text.replace(&canonical.display().to_string(), "[TMP]").replace(&root.display().to_string(), "[TMP]").replace(run, "[RUN]");
    if !api.is_empty() {
        text = text.replace(api, "[API]");
    }
    let mut out = String::new();
    let mut hex = String::new();
    for character in text.chars().chain(std::iter::once(' ')) {
        if character.is_ascii_hexdigit() && !character.is_ascii_uppercase() {
            hex.push(character);
            continue;
        }
        out.push_str(if hex.len() == 40 { "[SHA]" } else if hex.len() == 10 && hex.chars().any(|c| c.is_ascii_digit()) { "[SHORT]" } else { &hex });
        hex.clear();
        out.push(character);
    }
    out.pop();
    out
}

#[derive(Debug, Clone, serde::Serialize)]
struct Seen {
    method: String,
    path: String,
    auth: String,
    body: serde_json::Value,
}

type Answer = Box<dyn Fn(&Seen) -> (u16, String) + Send>;

/// A fixture forge on 127.0.0.1:0: records every request, answers with `answer`.
fn fixture_forge(answer: Answer) -> (String, Arc<Mutex<Vec<Seen>>>) {
    let server = tiny_http::Server::http("127.0.0.1:0").expect("bind 127.0.0.1:0");
    let base = format!("http://{}", server.server_addr().to_ip().expect("ip"));
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = Arc::clone(&seen);
    std::thread::spawn(move || {
        for mut request in server.incoming_requests() {
            let mut text = String::new();
            let _ = request.as_reader().read_to_string(&mut text);
            let auth = request
                .headers()
                .iter()
                .filter(|header| header.field.equiv("Authorization") || header.field.equiv("PRIVATE-TOKEN"))
                .map(|header| format!("{}: {}", header.field.as_str().as_str().to_ascii_lowercase(), header.value))
                .collect::<Vec<_>>()
                .join(", ");
            let entry = Seen { method: request.method().to_string(), path: request.url().to_string(), auth, body: serde_json::from_str(&text).unwrap_or(serde_json::Value::String(text)) };
            let (status, body) = answer(&entry);
            record.lock().expect("lock").push(entry);
            let header = tiny_http::Header::from_bytes("Content-Type", "application/json").expect("header");
            let _ = request.respond(tiny_http::Response::from_string(body).with_status_code(status).with_header(header));
        }
    });
    (base, seen)
}

/// GitHub's and GitLab's recorded answers, by method and path.
fn recorded_answers(seen: &Seen) -> (u16, String) {
    match (seen.method.as_str(), seen.path.as_str()) {
        ("POST", "/repos/acme/orders-api/pulls") => (201, GITHUB_CREATED.to_string()),
        ("PATCH", "/repos/acme/orders-api/pulls/17") => (200, GITHUB_CREATED.to_string()),
        ("POST", "/api/v4/projects/acme%2Fshop%2Fweb/merge_requests") => (201, GITLAB_CREATED.to_string()),
        ("PUT", "/api/v4/projects/acme%2Fshop%2Fweb/merge_requests/5") => (200, GITLAB_CREATED.to_string()),
        _ => (404, r#"{"message": "Not Found"}"#.to_string()),
    }
}

/// What the fixture saw, each long description cut to: which repo's `pr/<repo>.md` it is (same
/// line count), how many bundle-relative links are left in it (none: a forge cannot follow
/// them), and its sibling lines.
fn requests_seen(seen: &Arc<Mutex<Vec<Seen>>>, bodies: &[(&str, String)]) -> Vec<Seen> {
    let mut requests = seen.lock().expect("lock").clone();
    for request in &mut requests {
        for field in ["body", "description"] {
            let Some(text) = request.body[field].as_str().map(str::to_string) else { continue };
            let source = bodies.iter().find(|(_, body)| body.lines().count() == text.lines().count()).map_or("?", |(repo, _)| repo);
            let relative = text.matches("](../").count();
            let siblings: Vec<&str> = text
                .lines()
                .skip_while(|line| *line != "## Sibling pull requests")
                .filter(|line| line.starts_with("- "))
                .map(|line| line.split_once(": ").map_or(line, |(link, _)| link))
                .collect();
            request.body[field] = serde_json::Value::String(format!("<pr/{source}.md, {relative} bundle-relative links; siblings: {}>", siblings.join(", ")));
        }
    }
    requests
}

struct Setup {
    /// Kept alive for the whole test: dropping it deletes the folder.
    _temp: tempfile::TempDir,
    root: PathBuf,
    home: PathBuf,
    run: String,
}

/// `factory demo --org-only`, `brain scan`, a rename run by the script worker to `succeeded`,
/// then a bare remote per changed repo: orders-api's origin is on GitHub, web's on GitLab.
fn a_published_run_setup(script: &str) -> Setup {
    let temp = tempfile::tempdir().expect("tempdir");
    let root = temp.path().to_path_buf();
    assert!(factory(&root, &["demo", "acme", "--org-only"], &[]).status.success());
    let home = root.join("acme/home");
    assert!(factory(&home, &["brain", "scan"], &[]).status.success());
    std::fs::write(root.join("script.toml"), script).expect("script");
    let script = root.join("script.toml").display().to_string();
    let started = factory(&home, &["run", "rename customer", "--change", "field:orders-http/Order.customer:rename:customerName", "--worker", "script", "--script", &script, "--json"], &[]);
    assert_eq!(started.status.code(), Some(0), "{}", String::from_utf8_lossy(&started.stderr));
    let mut outcome: serde_json::Value = serde_json::from_slice(&started.stdout).expect("json");
    let run = outcome["id"].as_str().expect("id").to_string();
    while outcome["status"] == "waiting" {
        let approved = factory(&home, &["approve", &run, "--json"], &[]);
        outcome = serde_json::from_slice(&approved.stdout).expect("json");
    }
    assert_eq!(outcome["status"], "succeeded", "{outcome}");
    for (repo, url) in [("orders-api", "https://github.com/acme/orders-api.git"), ("web", "git@gitlab.com:acme/shop/web.git")] {
        let bare = root.join(format!("remotes/{repo}.git"));
        std::fs::create_dir_all(&bare).expect("mkdir");
        git(&bare, &["init", "--quiet", "--bare"]);
        let checkout = root.join(format!("acme/repos/{repo}"));
        git(&checkout, &["remote", "add", "origin", url]);
        git(&checkout, &["remote", "set-url", "--push", "origin", &bare.display().to_string()]);
    }
    Setup { _temp: temp, root, home, run }
}

#[test]
fn publish_pushes_branches_and_opens_linked_pull_and_merge_requests() {
    let setup = a_published_run_setup(SCRIPT);
    let (root, home, run) = (setup.root.clone(), setup.home.clone(), setup.run.clone());
    let bare = |repo: &str| root.join(format!("remotes/{repo}.git"));
    let branch = |repo: &str| format!("factory/{run}/{repo}");
    let (api, seen) = fixture_forge(Box::new(recorded_answers));
    let github_api = api.clone();
    let gitlab_api = format!("{api}/api/v4");
    let tokens = [("GITHUB_TOKEN", "test-github-token"), ("GITLAB_TOKEN", "test-gitlab-token")];
    let forge_env = [("FACTORY_GITHUB_API", github_api.as_str()), ("FACTORY_GITLAB_API", gitlab_api.as_str()), tokens[0], tokens[1]];

    // A dry run shows what would be pushed and posted, and touches nothing.
    let dry = factory(&home, &["publish", &run, "--dry-run"], &[]);
    insta::assert_snapshot!("dry_run", render(&dry, &root, &run, &api));
    let dry_json = factory(&home, &["publish", &run, "--dry-run", "--json"], &forge_env);
    assert_eq!(dry_json.status.code(), Some(0));
    let report: serde_json::Value = serde_json::from_slice(&dry_json.stdout).expect("json");
    assert_eq!(report["repos"][0]["requests"][0]["url"], format!("{api}/repos/acme/orders-api/pulls"));
    assert_eq!(report["warnings"], serde_json::json!([]));
    assert_eq!(bare_head(&bare("orders-api"), &branch("orders-api")), None, "a dry run pushes nothing");
    assert_eq!(bare_head(&bare("web"), &branch("web")), None, "a dry run pushes nothing");
    assert!(seen.lock().expect("lock").is_empty(), "a dry run sends nothing");

    // A missing token stops publishing before anything is pushed, naming the variable.
    let no_token = factory(&home, &["publish", &run], &[forge_env[0], forge_env[1], tokens[0]]);
    insta::assert_snapshot!("missing_token", render(&no_token, &root, &run, &api));
    assert_eq!(bare_head(&bare("orders-api"), &branch("orders-api")), None, "nothing pushed without every token");

    // Publish: both branches pushed, a pull request and a merge request opened, then each
    // body updated so its sibling link points at the other's page.
    let published = factory(&home, &["publish", &run], &forge_env);
    insta::assert_snapshot!("published", render(&published, &root, &run, &api));
    let checkout = |repo: &str| root.join(format!("acme/repos/{repo}"));
    for repo in ["orders-api", "web"] {
        assert_eq!(bare_head(&bare(repo), &branch(repo)), Some(git(&checkout(repo), &["rev-parse", &branch(repo)])), "{repo} pushed");
    }
    let evidence = home.join(format!(".factory/runs/{run}/evidence/pr"));
    let body_of = |repo: &str| {
        let markdown = std::fs::read_to_string(evidence.join(format!("{repo}.md"))).expect("pr description");
        markdown.split_once('\n').map(|(_, body)| body.trim_start_matches('\n').to_string()).unwrap_or_default()
    };
    let bodies = [("orders-api", body_of("orders-api")), ("web", body_of("web"))];
    let requests = requests_seen(&seen, &bodies);
    insta::assert_json_snapshot!("published_requests", normalise_json(&requests, &root, &run));

    // Publishing again pushes nothing new and reuses the requests recorded in the run.
    seen.lock().expect("lock").clear();
    let again = factory(&home, &["publish", &run, "--json"], &forge_env);
    assert_eq!(again.status.code(), Some(0), "{}", render(&again, &root, &run, &api));
    let report: serde_json::Value = serde_json::from_slice(&again.stdout).expect("json");
    let summary: Vec<(String, String, String)> = report["repos"]
        .as_array()
        .expect("repos")
        .iter()
        .map(|repo| (repo["repo"].as_str().unwrap_or_default().into(), repo["push"].as_str().unwrap_or_default().into(), repo["pull_request"]["url"].as_str().unwrap_or_default().into()))
        .collect();
    insta::assert_json_snapshot!("published_again", (summary, requests_seen(&seen, &bodies).iter().map(|seen| format!("{} {}", seen.method, seen.path)).collect::<Vec<_>>()));

    // web's origin becomes a local path: pushed, no merge request, and orders-api's body keeps
    // the link it has.
    git(&checkout("web"), &["remote", "set-url", "origin", &bare("web").display().to_string()]);
    git(&checkout("web"), &["config", "--unset", "remote.origin.pushurl"]);
    seen.lock().expect("lock").clear();
    let local = factory(&home, &["publish", &run], &forge_env);
    insta::assert_snapshot!("local_origin", render(&local, &root, &run, &api));
    assert!(seen.lock().expect("lock").is_empty(), "nothing to create or relink");
}

#[test]
fn forge_errors_show_the_status_and_the_api_s_message() {
    let setup = a_published_run_setup(SCRIPT);
    let (root, home, run) = (setup.root.clone(), setup.home.clone(), setup.run.clone());
    let (api, _seen) = fixture_forge(Box::new(|seen: &Seen| {
        if seen.method == "POST" && seen.path == "/repos/acme/orders-api/pulls" { (422, GITHUB_VALIDATION_FAILED.to_string()) } else { recorded_answers(seen) }
    }));
    let gitlab_api = format!("{api}/api/v4");
    let env = [("FACTORY_GITHUB_API", api.as_str()), ("FACTORY_GITLAB_API", gitlab_api.as_str()), ("GITHUB_TOKEN", "t"), ("GITLAB_TOKEN", "t")];
    let failed = factory(&home, &["publish", &run], &env);
    insta::assert_snapshot!(render(&failed, &root, &run, &api));
    // The branches were pushed before the forge said no; the run records that, and publishing
    // again, once the forge agrees, opens both requests.
    let bare = root.join("remotes/orders-api.git");
    assert!(bare_head(&bare, &format!("factory/{run}/orders-api")).is_some());
    let shown: serde_json::Value = serde_json::from_slice(&factory(&home, &["run", "show", &run, "--json"], &[]).stdout).expect("json");
    let (api, seen) = fixture_forge(Box::new(recorded_answers));
    let gitlab_api = format!("{api}/api/v4");
    let env = [("FACTORY_GITHUB_API", api.as_str()), ("FACTORY_GITLAB_API", gitlab_api.as_str()), ("GITHUB_TOKEN", "t"), ("GITLAB_TOKEN", "t")];
    let retried = factory(&home, &["publish", &run], &env);
    assert_eq!(retried.status.code(), Some(0), "{}", render(&retried, &root, &run, &api));
    let requests: Vec<String> = seen.lock().expect("lock").iter().map(|seen| format!("{} {}", seen.method, seen.path)).collect();
    insta::assert_json_snapshot!("retried", requests);
    let reshown: serde_json::Value = serde_json::from_slice(&factory(&home, &["run", "show", &run, "--json"], &[]).stdout).expect("json");
    assert_eq!(reshown["events"].as_u64(), shown["events"].as_u64().map(|events| events + 1), "one more `published` event");

    // A repo without an origin stops publishing before anything is pushed, with the fix.
    git(&root.join("acme/repos/web"), &["remote", "remove", "origin"]);
    let no_origin = factory(&home, &["publish", &run, "--dry-run"], &env);
    insta::assert_snapshot!("no_origin", render(&no_origin, &root, &run, &api));

    let unknown = factory(&home, &["publish", "r-nope"], &env);
    assert_eq!(unknown.status.code(), Some(2));
    assert_eq!(String::from_utf8_lossy(&unknown.stderr), "publishing run r-nope\nerror: no run `r-nope`; `factory runs` lists them\n");
}

fn normalise_json<T: serde::Serialize>(value: &T, root: &Path, run: &str) -> serde_json::Value {
    let text = serde_json::to_string(value).expect("json");
    serde_json::from_str(&normalise(&text, root, run, "")).expect("json")
}


/// orders-api's worker changes nothing: its branch has no commit beyond main, so it is neither
/// pushed nor proposed; web's is.
#[test]
fn a_branch_without_commits_is_neither_pushed_nor_proposed() {
    let script = SCRIPT.replacen("action = \"write\"\npath = \"NOTES.md\"\ncontent = \"customerName is coming\\n\"", "action = \"message\"\ntext = \"nothing to change\"", 1);
    assert_ne!(script, SCRIPT);
    let setup = a_published_run_setup(&script);
    let (root, home, run) = (setup.root.clone(), setup.home.clone(), setup.run.clone());
    let (api, seen) = fixture_forge(Box::new(recorded_answers));
    let gitlab_api = format!("{api}/api/v4");
    let env = [("FACTORY_GITHUB_API", api.as_str()), ("FACTORY_GITLAB_API", gitlab_api.as_str()), ("GITHUB_TOKEN", "t"), ("GITLAB_TOKEN", "t")];
    let published = factory(&home, &["publish", &run], &env);
    insta::assert_snapshot!(render(&published, &root, &run, &api));
    assert_eq!(bare_head(&root.join("remotes/orders-api.git"), &format!("factory/{run}/orders-api")), None);
    assert!(bare_head(&root.join("remotes/web.git"), &format!("factory/{run}/web")).is_some());
    let requests: Vec<String> = seen.lock().expect("lock").iter().map(|seen| format!("{} {}", seen.method, seen.path)).collect();
    assert_eq!(requests, vec!["POST /api/v4/projects/acme%2Fshop%2Fweb/merge_requests".to_string()], "one merge request, no sibling to link");
}
