//! `factory brain` end to end: two repos (a provider with an OpenAPI contract, a consumer
//! whose code reads `createdAt` where the contract says `created_at`), scanned, asked, and
//! checked. Exit codes: check fails with 1 on the naming mismatch; an unknown ref is bad
//! input (2).

use std::path::Path;
use std::process::Output;

fn factory(cwd: &Path, args: &[&str]) -> Output {
    assert_cmd::Command::cargo_bin("factory")
        .expect("the factory binary is built")
        .current_dir(cwd)
        .args(args)
        .env_remove("FACTORY_HOME")
        .env_remove("FACTORY_LOG")
        .env("HOME", cwd)
        .output()
        .expect("factory runs")
}

fn git(dir: &Path, args: &[&str]) {
    let status = std::process::Command::new("git")
        .current_dir(dir)
        .args(args)
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com")
        .env("GIT_AUTHOR_DATE", "2026-01-01T00:00:00Z")
        .env("GIT_COMMITTER_DATE", "2026-01-01T00:00:00Z")
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("HOME", dir)
        .status()
        .expect("git runs");
    assert!(status.success(), "git {args:?}");
}

fn repo(root: &Path, name: &str, files: &[(&str, &str)]) {
    let dir = root.join(name);
    for (path, text) in files {
        let target = dir.join(path);
        std::fs::create_dir_all(target.parent().expect("a parent")).expect("mkdir");
        std::fs::write(target, text).expect("write");
    }
    git(&dir, &["init", "-q", "-b", "main"]);
    git(&dir, &["add", "-A"]);
    git(&dir, &["-c", "commit.gpgsign=false", "commit", "-q", "-m", "initial"]);
}

fn stdout_json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|error| panic!("{error}: {}", String::from_utf8_lossy(&output.stderr)))
}

#[test]
fn scan_ask_and_check_two_repos() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = dir.path();
    repo(root, "orders", &[
        ("catalog-info.yaml", "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: orders}\nspec: {type: service, owner: group:team-orders, providesApis: [orders-http]}\n---\napiVersion: backstage.io/v1alpha1\nkind: API\nmetadata: {name: orders-http}\nspec: {type: openapi, owner: group:team-orders, definition: {$text: ./openapi.yaml}}\n"),
        ("openapi.yaml", "openapi: 3.0.3\ninfo: {title: Orders, version: '1'}\npaths:\n  /orders/{id}:\n    get:\n      responses:\n        '200':\n          description: ok\n          content: {application/json: {schema: {$ref: '#/components/schemas/Order'}}}\ncomponents:\n  schemas:\n    Order:\n      type: object\n      properties:\n        id: {type: integer}\n        created_at: {type: string}\n"),
        ("app.py", "print('orders')\n"),
    ]);
    repo(root, "web", &[
        ("CODEOWNERS", "* @acme/team-web\n"),
        ("src/orders.js", "const base = 'http://orders:8080';\nexport async function show(id) {\n  const order = await (await fetch(`${base}/orders/${id}`)).json();\n  return order.createdAt;\n}\n"),
    ]);
    assert!(factory(root, &["init", "home", "--org", "acme"]).status.success());
    for name in ["orders", "web"] {
        let added = factory(root, &["--home", "home", "repo", "add", name]);
        assert!(added.status.success(), "{}", String::from_utf8_lossy(&added.stderr));
    }

    let scan = factory(root, &["--home", "home", "brain", "scan", "--json"]);
    assert_eq!(scan.status.code(), Some(0), "{}", String::from_utf8_lossy(&scan.stderr));
    assert_eq!(stdout_json(&scan)["files_failed"], 0);

    let export = stdout_json(&factory(root, &["--home", "home", "brain", "export", "--json"]));
    let dependencies: Vec<String> = export["edges"]
        .as_array()
        .expect("edges")
        .iter()
        .filter(|edge| edge["kind"] == "depends_on")
        .map(|edge| format!("{} -> {}", edge["from"].as_str().unwrap_or(""), edge["to"].as_str().unwrap_or("")))
        .collect();
    assert_eq!(dependencies, ["component:web -> component:orders"]);

    let impact = stdout_json(&factory(root, &["--home", "home", "brain", "impact", "orders", "--json"]));
    let affected: Vec<&str> = impact["affected"].as_array().expect("affected").iter().filter_map(|reached| reached["ref"].as_str()).collect();
    assert!(affected.contains(&"component:web"), "{affected:?}");

    let owners = stdout_json(&factory(root, &["--home", "home", "brain", "owners", "web", "--json"]));
    assert_eq!(owners["results"][0]["ref"], "group:team-web");

    let check = factory(root, &["--home", "home", "brain", "check", "--json"]);
    assert_eq!(check.status.code(), Some(1));
    let findings = stdout_json(&check);
    assert_eq!(findings["findings"][0]["rule"], "naming-mismatch");
    assert_eq!(findings["findings"][0]["fields"], serde_json::json!(["createdAt", "field:orders-http/Order.created_at"]));

    let unknown = factory(root, &["--home", "home", "brain", "show", "component:nowhere"]);
    assert_eq!(unknown.status.code(), Some(2));
}
