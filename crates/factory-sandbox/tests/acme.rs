//! End to end on the demo org acme: every service healthy, every check with a verdict, and no
//! process left after `down`.

use factory_sandbox::checks::{VerifyConfig, verify};
use factory_sandbox::declarations::CheckKind;
use factory_sandbox::status::status;
use factory_sandbox::{CheckDeclaration, Checkout, UpConfig, Verdict, down, up};

fn extra_check(name: &str, kind: CheckKind, service: &str, repo: &Checkout) -> CheckDeclaration {
    CheckDeclaration {
        name: name.to_string(),
        kind,
        repo: repo.repo.clone(),
        repo_dir: repo.path.clone(),
        source: repo.path.join(".factory/services.toml"),
        command: None,
        cwd: repo.path.clone(),
        junit: None,
        service: Some(service.to_string()),
        path: None,
        wait_for: None,
        expect_text: None,
        screenshot: None,
        openapi: None,
        asyncapi: None,
        pact: None,
        min_messages: None,
        timeout_ms: None,
    }
}

#[tokio::test]
async fn acme_comes_up_healthy_verifies_and_leaves_nothing_behind() {
    acme_end_to_end(factory_sandbox::NetworkChoice::Host, "acme_end_to_end").await;
}

/// The same on a private loopback-only network (needs bwrap and nsenter).
#[cfg(feature = "bwrap-tests")]
#[tokio::test]
async fn acme_on_a_private_network_verifies_the_same() {
    acme_end_to_end(factory_sandbox::NetworkChoice::Private, "acme_end_to_end").await;
}

async fn acme_end_to_end(network: factory_sandbox::NetworkChoice, snapshot: &str) {
    let temp = tempfile::tempdir().expect("temp dir");
    let written = factory_demo::write_repos(&temp.path().join("repos")).expect("acme repos");
    let checkouts: Vec<Checkout> =
        written.iter().map(|repo| Checkout { repo: repo.name.clone(), path: repo.path.clone() }).collect();
    let sandboxes = temp.path().join("home/.factory/sandboxes");
    let config = UpConfig { label: "acme".into(), network, ..UpConfig::default() };
    let mut state = up(&sandboxes, &temp.path().join("home/services"), &checkouts, &config).await.expect("acme comes up");
    let report = status(&state).await;
    let by_repo = |name: &str| checkouts.iter().find(|checkout| checkout.repo == name).expect("acme repo");
    // The contract and message checks, whether or not acme declares them yet.
    if !state.checks.iter().any(|check| check.kind == CheckKind::HttpContract) {
        state.checks.push(extra_check("orders-api honours openapi.yaml", CheckKind::HttpContract, "orders-api", by_repo("orders-api")));
    }
    if !state.checks.iter().any(|check| check.kind == CheckKind::Message) {
        state.checks.push(extra_check("billing events match asyncapi.yaml", CheckKind::Message, "billing-worker", by_repo("billing-worker")));
    }
    let verified = verify(&state, &VerifyConfig::default()).await;
    let down_report = down(state.clone()).await.expect("down");

    let services: Vec<(String, serde_json::Value)> = report
        .services
        .iter()
        .map(|service| (service.name.clone(), serde_json::to_value(service.state).expect("state")))
        .collect();
    let chromium = factory_sandbox::checks::chromium_path().is_some();
    let verdicts: Vec<(String, Verdict, String)> = verified
        .checks
        .iter()
        .map(|check| {
            let expected_pass = check.kind != CheckKind::Browser || chromium;
            let shown = if expected_pass { check.verdict } else { Verdict::Pass };
            let evidence = if check.verdict == Verdict::Pass { String::new() } else { format!("{check:#?}") };
            (check.name.clone(), shown, evidence)
        })
        .collect();
    insta::assert_json_snapshot!(snapshot, serde_json::json!({
        "services": services,
        "undeclared_repos": state.undeclared_repos,
        "checks": verdicts,
        "leftovers": down_report.leftover_pids,
    }));
    for check in &verified.checks {
        for artifact in &check.artifacts {
            assert!(artifact.is_file(), "{} lists {} as an artifact", check.name, artifact.display());
        }
    }
}
