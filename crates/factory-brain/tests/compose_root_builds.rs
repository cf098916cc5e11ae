//! Compose services that build one repo's root and run it with other commands are one
//! component, named like the repo when one of them is: ops-console of the tenth
//! planted-mismatch evaluation's org V (orgs built by a helper to test `brain check`, not
//! copies of a public system) runs `ops-console`, `station-events` and `meter-tail` from `.`,
//! and was called `meter-tail`.

mod support;

use support::{node_lines, org};

/// The components of a repo `repo` whose compose file builds `.` as each of `services`.
fn components(repo: &str, services: &[&str]) -> Vec<String> {
    let compose: String = std::iter::once("services:\n".to_string()).chain(services.iter().map(|service| format!("  {service}:\n    build: .\n    command: {service}\n"))).collect();
    let files = [("docker-compose.yml", compose.as_str()), ("pyproject.toml", "[project]\nname = \"ops\"\n"), ("Dockerfile", "FROM python:3.12-slim\n"), ("ops/app.py", "print('ok')\n")];
    node_lines(&org(&[(repo, &files)]), &["component"])
}

#[test]
fn a_root_build_is_named_like_its_repo() {
    assert_eq!(components("ops-console", &["station-events", "ops-console", "meter-tail"]), ["component:ops-console"]);
}

/// Near miss: none named like the repo, the first service names it.
#[test]
fn without_one_named_like_the_repo_the_first_names_it() {
    assert_eq!(components("tools", &["api", "worker"]), ["component:api"]);
}
