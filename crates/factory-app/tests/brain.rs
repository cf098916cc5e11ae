//! The brain through the facade, on real git repos and a real SQLite file: history kept
//! across a commit that renames a field, `--as-of` by date and by commit, a malformed file
//! keeping its last good facts, and an incremental rescan.

use std::path::Path;

use factory_app::{Home, brain, home, repos};
use factory_git::Identity;

const OPENAPI: &str = "openapi: 3.0.3
info: {title: Orders HTTP API, version: 1.0.0}
paths:
  /orders:
    get:
      operationId: listOrders
      responses:
        '200':
          description: the orders
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Order'}
components:
  schemas:
    Order:
      type: object
      required: [id, created_at]
      properties:
        id: {type: integer}
        created_at: {type: string}
";

const CATALOG: &str = "apiVersion: backstage.io/v1alpha1
kind: Component
metadata: {name: orders-api}
spec: {type: service, owner: group:team-orders, providesApis: [orders-http]}
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata: {name: orders-http}
spec:
  type: openapi
  owner: group:team-orders
  definition: {$text: ./openapi.yaml}
";

fn commit(repo: &factory_git::Repo, files: &[(&str, &str)], date: &str) -> String {
    for (path, text) in files {
        std::fs::write(repo.path().join(path), text).expect("write");
    }
    repo.add_all().expect("add");
    repo.commit("change\n", &Identity { name: "Ada".into(), email: "ada@example.com".into() }, Some(date), &[]).expect("commit")
}

/// `orders-api` with its contract and catalog entry, committed on 2026-01-01.
fn orders_repo(dir: &Path) -> factory_git::Repo {
    let repo = factory_git::init(&dir.join("orders-api")).expect("init");
    commit(&repo, &[("openapi.yaml", OPENAPI), ("catalog-info.yaml", CATALOG)], "2026-01-01T00:00:00Z");
    repo
}

/// A new home in `dir/home` with `repo` registered.
fn home_with(dir: &Path, repo: &factory_git::Repo) -> Home {
    home::init(&dir.join("home"), "acme").expect("home");
    let mut home = Home::open(&dir.join("home")).expect("open");
    repos::add(&mut home, &repo.path().display().to_string(), None, Path::new("/")).expect("add");
    home
}

fn field_refs(export: &factory_brain::query::Export) -> Vec<String> {
    export.nodes.iter().filter(|node| node.kind == "field").map(|node| node.node_ref.clone()).collect()
}

#[tokio::test]
async fn a_renamed_field_is_closed_not_deleted_and_as_of_sees_the_past() {
    let dir = tempfile::tempdir().expect("tempdir");
    let repo = factory_git::init(&dir.path().join("orders-api")).expect("init");
    let first = commit(&repo, &[("openapi.yaml", OPENAPI), ("catalog-info.yaml", CATALOG)], "2026-01-01T00:00:00Z");
    let home = home_with(dir.path(), &repo);

    let cold = brain::scan(&home, None).await.expect("scan");
    let orders = cold.repos.iter().find(|repo| repo.name == "orders-api").expect("orders-api scanned");
    assert_eq!((orders.files_read, orders.files_failed), (2, 0));
    let before = field_refs(&brain::export(&home, None).await.expect("export"));
    assert_eq!(before, ["field:orders-http/Order.created_at", "field:orders-http/Order.id"]);

    // Rename the field; only the changed file is read again.
    commit(&repo, &[("openapi.yaml", &OPENAPI.replace("created_at", "createdAt"))], "2026-02-01T00:00:00Z");
    let rescan = brain::scan(&home, None).await.expect("rescan");
    assert_eq!((rescan.files_read, rescan.files_unchanged), (1, 1));
    assert!(rescan.nodes_closed >= 1, "{rescan:?}");
    assert_eq!(field_refs(&brain::export(&home, None).await.expect("export")), ["field:orders-http/Order.createdAt", "field:orders-http/Order.id"]);
    assert_eq!(field_refs(&brain::export(&home, Some("2026-01-15")).await.expect("as of date")), before);
    assert_eq!(field_refs(&brain::export(&home, Some(&first)).await.expect("as of commit")), before);

    let store = home.store().await.expect("store");
    let history = store.graph_node_history("field:orders-http/Order.created_at").await.expect("history");
    let spans: Vec<(String, Option<String>)> = history.iter().map(|row| (row.valid_from.clone(), row.valid_to.clone())).collect();
    assert_eq!(spans, [("2026-01-01T00:00:00Z".to_string(), Some("2026-02-01T00:00:00Z".to_string()))]);
    store.close().await;

    // A file that no longer parses keeps its last good facts and names itself in the report.
    commit(&repo, &[("openapi.yaml", "openapi: 3.0.3\npaths: [\n")], "2026-03-01T00:00:00Z");
    let broken = brain::scan(&home, None).await.expect("scan with a broken file");
    assert_eq!(broken.files_failed, 1);
    assert_eq!(broken.errors.iter().map(|error| (error.repo.as_str(), error.path.as_deref())).collect::<Vec<_>>(), [("orders-api", Some("openapi.yaml"))]);
    assert_eq!(field_refs(&brain::export(&home, None).await.expect("export")), ["field:orders-http/Order.createdAt", "field:orders-http/Order.id"]);

    // Queries answer with the path that explains them.
    let owners = brain::owners(&home, "field:orders-http/Order.createdAt", None).await.expect("owners");
    let explained: Vec<String> =
        owners.results.iter().map(|owner| format!("{} via {}", owner.node_ref, owner.path.iter().map(|step| step.kind.as_str()).collect::<Vec<_>>().join(","))).collect();
    assert_eq!(explained, ["group:team-orders via defines,owned_by"]);
}

#[tokio::test]
async fn check_reports_a_renamed_response_field_on_a_branch() {
    let dir = tempfile::tempdir().expect("tempdir");
    let repo = orders_repo(dir.path());
    let home = home_with(dir.path(), &repo);
    let main = factory_git::commit_info(repo.path(), "HEAD").expect("head").sha;
    commit(&repo, &[("openapi.yaml", &OPENAPI.replace("created_at", "createdAt"))], "2026-02-01T00:00:00Z");
    brain::scan(&home, None).await.expect("scan");
    let report = brain::check(&home, Some(&main)).await.expect("check");
    let rules: Vec<(&str, &Vec<String>)> = report.findings.iter().map(|finding| (finding.rule.as_str(), &finding.fields)).collect();
    // Named as the graph names the contract, so `brain impact` and `brain consumers` take them.
    assert_eq!(rules, [("renamed-field", &vec!["field:orders-http/Order.created_at".to_string(), "field:orders-http/Order.createdAt".to_string()])]);
    assert_eq!(report.findings[0].contract.as_deref(), Some("api:orders-http"));
    assert_eq!(report.errors, 1);
}

#[tokio::test]
async fn check_compares_a_branch_with_the_local_trunk_when_the_repo_has_no_remote() {
    let dir = tempfile::tempdir().expect("tempdir");
    let repo = orders_repo(dir.path());
    let home = home_with(dir.path(), &repo);
    let git = std::process::Command::new("git").arg("-C").arg(repo.path()).args(["checkout", "-q", "-b", "feature/rename"]).status().expect("git");
    assert!(git.success());
    commit(&repo, &[("openapi.yaml", &OPENAPI.replace("created_at", "createdAt"))], "2026-02-01T00:00:00Z");
    brain::scan(&home, None).await.expect("scan");
    let report = brain::check(&home, None).await.expect("check");
    let rules: Vec<&str> = report.findings.iter().map(|finding| finding.rule.as_str()).collect();
    assert_eq!(rules, ["renamed-field"], "feature/rename is compared with main");
}

#[tokio::test]
async fn a_breaking_change_names_the_consumers_that_read_the_field() {
    let dir = tempfile::tempdir().expect("tempdir");
    let repo = orders_repo(dir.path());
    let mut home = home_with(dir.path(), &repo);
    let web = factory_git::init(&dir.path().join("web")).expect("init");
    let client = "const orders = await fetch('http://orders-api/orders').then((r) => r.json());\nfor (const order of orders) {\n  show(order.created_at);\n}\n";
    std::fs::create_dir_all(web.path().join("src")).expect("mkdir");
    commit(&web, &[("Dockerfile", "FROM node:22\n"), ("src/orders.js", client)], "2026-01-01T00:00:00Z");
    repos::add(&mut home, &web.path().display().to_string(), None, Path::new("/")).expect("add web");
    let main = factory_git::commit_info(repo.path(), "HEAD").expect("head").sha;
    commit(&repo, &[("openapi.yaml", &OPENAPI.replace("created_at", "createdAt"))], "2026-02-01T00:00:00Z");
    brain::scan(&home, None).await.expect("scan");
    let report = brain::check(&home, Some(&main)).await.expect("check");
    let renamed = report.findings.iter().find(|finding| finding.rule == "renamed-field").expect("renamed-field");
    assert_eq!(renamed.consumer.as_deref(), Some("component:web"), "{renamed:?}");
    assert!(renamed.locations.contains(&"web:src/orders.js:3".to_string()), "{:?}", renamed.locations);
}

#[tokio::test]
async fn the_acme_demo_org_scans_to_its_expected_graph() {
    let dir = tempfile::tempdir().expect("tempdir");
    let written = factory_demo::write_repos(&dir.path().join("repos")).expect("acme");
    home::init(&dir.path().join("home"), "acme").expect("home");
    let mut home = Home::open(&dir.path().join("home")).expect("open");
    for repo in &written {
        repos::add(&mut home, &repo.path.display().to_string(), Some(&repo.name), Path::new("/")).expect("add");
    }
    let report = brain::scan(&home, None).await.expect("scan");
    assert_eq!((report.files_failed, report.errors.len()), (0, 0), "{:?}", report.errors);
    let export = brain::export(&home, None).await.expect("export");
    let mut lines: Vec<String> = export
        .edges
        .iter()
        .filter(|edge| matches!(edge.kind.as_str(), "depends_on" | "provides" | "owned_by" | "publishes" | "part_of"))
        .filter(|edge| !edge.from.starts_with("test:") && !edge.from.starts_with("user:"))
        .map(|edge| format!("{} -{}-> {} ({}, {} sources)", edge.from, edge.kind, edge.to, edge.method, edge.sources.len()))
        .collect();
    lines.sort();
    insta::assert_snapshot!(lines.join("\n"));
    let check = brain::check(&home, None).await.expect("check");
    assert_eq!(check.errors, 0, "{:?}", check.findings);
}

#[tokio::test]
async fn lessons_in_the_home_apply_to_what_they_name() {
    let dir = tempfile::tempdir().expect("tempdir");
    let repo = orders_repo(dir.path());
    let home = home_with(dir.path(), &repo);
    let lesson = "---\nkind: contract-mismatch\nentities: [\"field:orders-http/Order.created_at\", \"component:web\"]\nrun: run:r0007\ndate: 2026-11-21\n---\n\n# web read createdAt; orders-http sends created_at\n";
    std::fs::write(dir.path().join("home/lessons/2026-11-21-created-at.md"), lesson).expect("write lesson");
    let home_repo = factory_git::Repo::open(&dir.path().join("home"));
    home_repo.add_all().expect("add");
    home_repo.commit("lesson\n", &Identity::factory(), None, &[]).expect("commit");

    brain::scan(&home, None).await.expect("scan");
    let impact = brain::impact(&home, "field:orders-http/Order.created_at", None).await.expect("impact");
    let lessons: Vec<(&str, Vec<&str>)> =
        impact.lessons.iter().map(|lesson| (lesson.node_ref.as_str(), lesson.path.iter().map(|step| step.kind.as_str()).collect())).collect();
    assert_eq!(lessons, [("lesson:2026-11-21-created-at", vec!["applies_to"])]);
}

#[tokio::test]
async fn a_first_scan_with_history_replays_past_commits_so_as_of_sees_them() {
    let dir = tempfile::tempdir().expect("tempdir");
    let repo = orders_repo(dir.path());
    commit(&repo, &[("openapi.yaml", &OPENAPI.replace("created_at", "createdAt"))], "2026-02-01T00:00:00Z");
    let with_total = OPENAPI.replace("created_at", "createdAt").replace("        id: {type: integer}\n", "        id: {type: integer}\n        total: {type: number}\n");
    commit(&repo, &[("openapi.yaml", &with_total)], "2026-03-01T00:00:00Z");
    let home = home_with(dir.path(), &repo);

    let report = brain::scan_with(&home, &brain::ScanOptions { repo: None, history: 10 }).await.expect("scan with history");
    // The home repo's own commits are replayed too; orders-api has two before HEAD.
    assert!(report.history_steps >= 2, "{report:?}");
    let at = |date: &'static str| {
        let home = &home;
        async move { field_refs(&brain::export(home, Some(date)).await.expect("export")) }
    };
    assert_eq!(at("2025-12-31").await, Vec::<String>::new());
    assert_eq!(at("2026-01-15").await, ["field:orders-http/Order.created_at", "field:orders-http/Order.id"]);
    assert_eq!(at("2026-02-15").await, ["field:orders-http/Order.createdAt", "field:orders-http/Order.id"]);
    assert_eq!(
        field_refs(&brain::export(&home, None).await.expect("export")),
        ["field:orders-http/Order.createdAt", "field:orders-http/Order.id", "field:orders-http/Order.total"]
    );
    let store = home.store().await.expect("store");
    let history = store.graph_node_history("field:orders-http/Order.created_at").await.expect("history");
    let spans: Vec<(String, Option<String>)> = history.iter().map(|row| (row.valid_from.clone(), row.valid_to.clone())).collect();
    assert_eq!(spans, [("2026-01-01T00:00:00Z".to_string(), Some("2026-02-01T00:00:00Z".to_string()))]);
    store.close().await;

    // History is replayed once: a repo already scanned keeps what it has.
    let again = brain::scan_with(&home, &brain::ScanOptions { repo: None, history: 10 }).await.expect("rescan");
    assert_eq!((again.history_steps, again.files_read), (0, 0));
}

#[tokio::test]
async fn the_current_graph_is_kept_in_memory_until_a_scan_changes_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let repo = orders_repo(dir.path());
    let home = home_with(dir.path(), &repo);
    brain::scan(&home, None).await.expect("scan");

    let first = brain::load_graph(&home, None).await.expect("load");
    let again = brain::load_graph(&home, None).await.expect("load again");
    assert!(std::sync::Arc::ptr_eq(&first, &again), "an unchanged graph is not read twice");

    // A scan that changes nothing keeps it; one that changes a field replaces it.
    brain::scan(&home, None).await.expect("rescan");
    assert!(std::sync::Arc::ptr_eq(&first, &brain::load_graph(&home, None).await.expect("load")));
    commit(&repo, &[("openapi.yaml", &OPENAPI.replace("created_at", "createdAt"))], "2026-02-01T00:00:00Z");
    brain::scan(&home, None).await.expect("scan the change");
    let changed = brain::load_graph(&home, None).await.expect("load");
    assert!(!std::sync::Arc::ptr_eq(&first, &changed));
    assert!(changed.find("field:orders-http/Order.createdAt").is_some());
    // The past is read from the store, never from the cache.
    let past = brain::load_graph(&home, Some("2026-01-15")).await.expect("as of");
    assert!(past.find("field:orders-http/Order.created_at").is_some());
}

#[tokio::test]
async fn a_repo_that_cannot_be_scanned_keeps_its_facts() {
    let dir = tempfile::tempdir().expect("tempdir");
    let repo = orders_repo(dir.path());
    let home = home_with(dir.path(), &repo);
    brain::scan(&home, None).await.expect("scan");
    let before = field_refs(&brain::export(&home, None).await.expect("export"));

    // The repo's folder goes away (moved, an unmounted disk): the scan says so and closes nothing.
    std::fs::rename(dir.path().join("orders-api"), dir.path().join("elsewhere")).expect("move");
    let report = brain::scan(&home, None).await.expect("scan with a missing repo");
    assert!(report.errors.iter().any(|error| error.repo == "orders-api" && error.error.contains("does not exist")), "{:?}", report.errors);
    assert_eq!((report.nodes_closed, report.edges_closed), (0, 0), "{report:?}");
    assert_eq!(field_refs(&brain::export(&home, None).await.expect("export")), before);
}

#[tokio::test]
async fn history_of_two_repos_is_merged_in_time_order() {
    let dir = tempfile::tempdir().expect("tempdir");
    let orders = orders_repo(dir.path());
    let billing = factory_git::init(&dir.path().join("billing")).expect("init");
    let client = "import requests\n\nORDERS = \"http://orders-api:8080\"\n\ndef invoice(order_id):\n    order = requests.get(f\"{ORDERS}/orders\").json()\n    return order[\"created_at\"]\n";
    commit(&billing, &[("worker.py", client)], "2026-02-01T00:00:00Z");
    commit(&orders, &[("openapi.yaml", &OPENAPI.replace("created_at", "createdAt"))], "2026-03-01T00:00:00Z");
    let mut home = home_with(dir.path(), &orders);
    repos::add(&mut home, &billing.path().display().to_string(), None, Path::new("/")).expect("add billing");

    let report = brain::scan_with(&home, &brain::ScanOptions { repo: None, history: 10 }).await.expect("scan with history");
    assert!(report.history_steps >= 1, "{report:?}");
    let depends = |export: &factory_brain::query::Export| -> Vec<String> {
        export.edges.iter().filter(|edge| edge.kind == "depends_on").map(|edge| format!("{} -> {}", edge.from, edge.to)).collect()
    };
    // Before billing existed, nothing depended on orders-api; from its first commit on, it did.
    assert_eq!(depends(&brain::export(&home, Some("2026-01-15")).await.expect("export")), Vec::<String>::new());
    assert_eq!(depends(&brain::export(&home, Some("2026-02-15")).await.expect("export")), ["component:billing -> component:orders-api"]);
    assert_eq!(depends(&brain::export(&home, None).await.expect("export")), ["component:billing -> component:orders-api"]);
    // orders-api's field was renamed after billing arrived: each state at its own time.
    assert_eq!(field_refs(&brain::export(&home, Some("2026-02-15")).await.expect("export")), ["field:orders-http/Order.created_at", "field:orders-http/Order.id"]);
    assert_eq!(field_refs(&brain::export(&home, None).await.expect("export")), ["field:orders-http/Order.createdAt", "field:orders-http/Order.id"]);
}

/// Readers change between versions: facts an older version read of files that did not
/// change since are read again, once, so an upgrade's readers apply to the whole org.
#[tokio::test]
async fn facts_read_by_other_readers_are_read_again_once() {
    let dir = tempfile::tempdir().expect("tempdir");
    let repo = orders_repo(dir.path());
    let home = home_with(dir.path(), &repo);
    let first = brain::scan(&home, None).await.expect("scan");
    let read = first.files_read;
    assert!(read >= 2, "{first:?}");

    // As an older factory would have left the store.
    let store = home.store().await.expect("store");
    store.set_readers_version("an older version").await.expect("set version");
    store.close().await;
    let again = brain::scan(&home, None).await.expect("scan after an upgrade");
    assert_eq!(again.files_read, read, "every file is read again, though no commit changed it: {again:?}");
    assert_eq!((again.edges_added, again.edges_closed), (0, 0), "the same facts: {again:?}");

    let settled = brain::scan(&home, None).await.expect("scan again");
    assert_eq!(settled.files_read, 0, "{settled:?}");
}

#[tokio::test]
async fn a_commit_that_changes_no_fact_keeps_the_graph_as_it_is() {
    let dir = tempfile::tempdir().expect("tempdir");
    let repo = orders_repo(dir.path());
    let home = home_with(dir.path(), &repo);
    brain::scan(&home, None).await.expect("scan");
    let before = brain::export(&home, None).await.expect("export");

    // A comment at the end of the contract: read again, saying what it said.
    commit(&repo, &[("openapi.yaml", &format!("{OPENAPI}# reviewed\n"))], "2026-02-01T00:00:00Z");
    let rescan = brain::scan(&home, None).await.expect("rescan");
    let orders = rescan.repos.iter().find(|repo| repo.name == "orders-api").expect("orders-api scanned");
    assert_eq!((orders.same_commit, orders.same_facts, orders.files_read), (false, true, 1), "{rescan:?}");
    assert_eq!((rescan.nodes_added, rescan.nodes_closed, rescan.edges_added, rescan.edges_closed), (0, 0, 0, 0));
    assert_eq!((rescan.nodes, rescan.edges), (before.nodes.len(), before.edges.len()));
    let json = |export: &factory_brain::query::Export| serde_json::to_value(export).expect("json");
    assert_eq!(json(&brain::export(&home, None).await.expect("export")), json(&before));

    // A new file, though it states nothing, is one more file of the repo: resolved again.
    commit(&repo, &[("notes.py", "x = 1\n")], "2026-03-01T00:00:00Z");
    let added = brain::scan(&home, None).await.expect("rescan");
    assert!(!added.repos.iter().any(|repo| repo.same_facts && !repo.same_commit), "{added:?}");

    // A change to what the contract says is resolved and recorded.
    commit(&repo, &[("openapi.yaml", &OPENAPI.replace("created_at", "createdAt"))], "2026-04-01T00:00:00Z");
    let renamed = brain::scan(&home, None).await.expect("rescan");
    assert!(!renamed.repos.iter().any(|repo| repo.same_facts && !repo.same_commit), "{renamed:?}");
    assert_eq!(field_refs(&brain::export(&home, None).await.expect("export")), ["field:orders-http/Order.createdAt", "field:orders-http/Order.id"]);
}

#[tokio::test]
async fn a_repo_removed_from_the_registry_is_closed_and_forgotten() {
    let dir = tempfile::tempdir().expect("tempdir");
    let orders = orders_repo(dir.path());
    let mut home = home_with(dir.path(), &orders);
    let web = factory_git::init(&dir.path().join("web")).expect("init");
    commit(&web, &[("main.py", "import requests\nrequests.get(\"http://orders-api/orders\")\n")], "2026-01-02T00:00:00Z");
    repos::add(&mut home, &web.path().display().to_string(), None, Path::new("/")).expect("add");
    brain::scan(&home, None).await.expect("scan");
    assert!(brain::export(&home, None).await.expect("export").nodes.iter().any(|node| node.node_ref == "repo:web"));
    let found = |hits: Vec<factory_store::graph::SearchHit>| hits.iter().any(|hit| hit.node_ref == "repo:web");
    assert!(found(brain::search(&home, "web").await.expect("search")));

    repos::remove(&mut home, "web").expect("remove");
    let rescan = brain::scan(&home, None).await.expect("rescan");
    assert!(rescan.nodes_closed >= 1, "{rescan:?}");
    assert!(rescan.notes.iter().any(|note| note.contains("1 repo(s) no longer registered")), "{rescan:?}");
    assert!(!brain::export(&home, None).await.expect("export").nodes.iter().any(|node| node.node_ref == "repo:web"));
    assert!(!found(brain::search(&home, "web").await.expect("search")), "the search index is the graph's");
    let store = home.store().await.expect("store");
    let scanned: Vec<String> = store.repo_scans().await.expect("scans").into_iter().map(|scan| scan.repo).collect();
    assert!(!scanned.contains(&"web".to_string()), "{scanned:?}");
    store.close().await;

    // Nothing left to forget: the next scan finds the org as it was.
    let settled = brain::scan(&home, None).await.expect("scan again");
    assert!(settled.notes.is_empty(), "{settled:?}");
    assert_eq!((settled.nodes_closed, settled.nodes_added), (0, 0), "{settled:?}");
}

#[tokio::test]
async fn a_removed_operation_names_only_the_consumers_that_call_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let two_operations = OPENAPI
        .replace("components:", "  /orders/{id}/lines:\n    get:\n      operationId: orderLines\n      responses:\n        '200': {description: the lines}\ncomponents:");
    let repo = factory_git::init(&dir.path().join("orders-api")).expect("init");
    commit(&repo, &[("openapi.yaml", &two_operations), ("catalog-info.yaml", CATALOG)], "2026-01-01T00:00:00Z");
    let mut home = home_with(dir.path(), &repo);
    for (name, client) in [
        ("web", "import requests\nrequests.get(\"http://orders-api/orders\")\n"),
        ("billing", "import requests\n\ndef lines(order_id):\n    return requests.get(f\"http://orders-api/api/v1/orders/{order_id}/lines\").json()\n"),
    ] {
        let consumer = factory_git::init(&dir.path().join(name)).expect("init");
        commit(&consumer, &[("Dockerfile", "FROM python:3.12\n"), ("main.py", client)], "2026-01-01T00:00:00Z");
        repos::add(&mut home, &consumer.path().display().to_string(), None, Path::new("/")).expect("add");
    }
    let main = factory_git::commit_info(repo.path(), "HEAD").expect("head").sha;
    commit(&repo, &[("openapi.yaml", OPENAPI)], "2026-02-01T00:00:00Z");
    brain::scan(&home, None).await.expect("scan");
    let report = brain::check(&home, Some(&main)).await.expect("check");
    let removed = report.findings.iter().find(|finding| finding.rule == "removed-operation").expect("removed-operation");
    assert_eq!(removed.consumer.as_deref(), Some("component:billing"), "{removed:?}");
    assert!(removed.message.ends_with("(consumed by component:billing)"), "{removed:?}");
    assert!(removed.locations.iter().any(|location| location.contains("main.py#L4")), "{removed:?}");
}

#[tokio::test]
async fn a_graph_resolved_by_other_rules_is_resolved_again_without_reading_a_file() {
    let dir = tempfile::tempdir().expect("tempdir");
    let repo = orders_repo(dir.path());
    let home = home_with(dir.path(), &repo);
    brain::scan(&home, None).await.expect("scan");
    let before = brain::export(&home, None).await.expect("export");
    let store = home.store().await.expect("store");
    assert_eq!(store.resolution_version().await.expect("version").as_deref(), Some(factory_brain::RESOLUTION_VERSION));
    // An older binary's graph, one of its edges missing.
    store.set_resolution_version("2000-01-01.1").await.expect("set");
    let edge = store.graph_edges(None).await.expect("edges").into_iter().next().expect("an edge");
    let changes = factory_store::graph::GraphChanges { close_edges: vec![(edge.id, "2026-01-02T00:00:00Z".into())], ..Default::default() };
    store.graph_apply(&changes, None).await.expect("close");
    store.close().await;

    let rescan = brain::scan(&home, None).await.expect("rescan");
    assert_eq!(rescan.files_read, 0, "{rescan:?}");
    assert_eq!(rescan.edges_added, 1, "resolved again: {rescan:?}");
    let json = |export: &factory_brain::query::Export| serde_json::to_value(export).expect("json");
    assert_eq!(json(&brain::export(&home, None).await.expect("export")), json(&before));
}

/// A changed field of an event is its subscribers' concern, one of an HTTP answer its callers'
/// (the planted-mismatch evaluation's payments-api: the Kafka `PaymentCaptured.amountMinor`
/// turned to a string was put on the web app reading the `amountMinor` of its HTTP answers).
/// Both documents change `total`: the event's finding names the subscriber only, the answer's
/// the HTTP client only, though each reads a `total`.
#[tokio::test]
async fn a_changed_event_field_names_its_subscribers_not_the_providers_callers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let openapi = |total: &str| OPENAPI.replace("created_at: {type: string}", &format!("created_at: {{type: string}}\n        total: {{type: {total}}}"));
    let asyncapi = |total: &str| {
        format!(
            "asyncapi: 2.6.0\ninfo: {{title: Orders events, version: 1.0.0}}\nchannels:\n  order-placed:\n    publish:\n      message:\n        name: OrderPlaced\n        payload:\n          type: object\n          properties:\n            orderId: {{type: string}}\n            total: {{type: {total}}}\n"
        )
    };
    let producer = "from kafka import KafkaProducer\nproducer = KafkaProducer(bootstrap_servers='kafka:9092')\nproducer.send('order-placed', {'orderId': '1'})\n";
    let repo = factory_git::init(&dir.path().join("orders-api")).expect("init");
    let base = commit(
        &repo,
        &[("openapi.yaml", &openapi("integer")), ("asyncapi.yaml", &asyncapi("integer")), ("catalog-info.yaml", CATALOG), ("app.py", producer)],
        "2026-01-01T00:00:00Z",
    );
    let mut home = home_with(dir.path(), &repo);
    for (name, code) in [
        ("web", "import requests\n\n\ndef total():\n    return requests.get(\"http://orders-api/orders\").json()[\"total\"]\n"),
        ("billing", "import json\nfrom kafka import KafkaConsumer\nfor msg in KafkaConsumer(\"order-placed\", bootstrap_servers=\"kafka:9092\"):\n    order_placed = json.loads(msg.value)\n    print(order_placed[\"orderId\"], order_placed[\"total\"])\n"),
    ] {
        let consumer = factory_git::init(&dir.path().join(name)).expect("init");
        commit(&consumer, &[("Dockerfile", "FROM python:3.12\n"), ("main.py", code)], "2026-01-01T00:00:00Z");
        repos::add(&mut home, &consumer.path().display().to_string(), None, Path::new("/")).expect("add");
    }
    commit(&repo, &[("openapi.yaml", &openapi("string")), ("asyncapi.yaml", &asyncapi("string"))], "2026-02-01T00:00:00Z");
    brain::scan(&home, None).await.expect("scan");
    let report = brain::check(&home, Some(&base)).await.expect("check");
    let mut changes: Vec<String> = report.findings.iter().filter(|finding| finding.rule == "type-change").map(|finding| finding.message.clone()).collect();
    changes.sort();
    insta::assert_snapshot!(changes.join("\n"), @r"
    field:orders-events/OrderPlaced.total changed type from integer to string in asyncapi.yaml (consumed by component:billing)
    field:orders-http/Order.total changed type from integer to string in openapi.yaml (consumed by component:web)
    ");
}

/// A proto package's messages are read through its services' rpcs, not received as events (org
/// L of the seventh planted-mismatch evaluation of 2026-12-07: `Shipment.tracking_url` removed
/// named no consumer, the package's API defining messages only): a field removed from a message
/// a service answers with names the rpc's clients that read it.
#[tokio::test]
async fn a_removed_proto_field_names_the_rpc_clients_that_read_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let proto = |fields: &str| {
        format!("syntax = \"proto3\";\npackage acme.shipment.v1;\n\nservice ShipmentService {{\n  rpc GetShipment(GetShipmentRequest) returns (Shipment);\n}}\n\nmessage GetShipmentRequest {{ string shipment_id = 1; }}\n\nmessage Shipment {{\n  string shipment_id = 1;\n{fields}}}\n")
    };
    let server = "package main\n\nimport (\n\t\"net\"\n\n\t\"google.golang.org/grpc\"\n\tpb \"example.com/shipment/gen/acme/shipment/v1\"\n)\n\nfunc main() {\n\tlis, _ := net.Listen(\"tcp\", \":9090\")\n\ts := grpc.NewServer()\n\tpb.RegisterShipmentServiceServer(s, &server{})\n\t_ = s.Serve(lis)\n}\n";
    let repo = factory_git::init(&dir.path().join("shipment-service")).expect("init");
    let base = commit(
        &repo,
        &[("shipment.proto", &proto("  string tracking_url = 2;\n")), ("main.go", server), ("go.mod", "module example.com/shipment\n\ngo 1.22\n"), ("Dockerfile", "FROM golang:1.22\n")],
        "2026-01-01T00:00:00Z",
    );
    let mut home = home_with(dir.path(), &repo);
    let client = "import grpc\nfrom acme.shipment.v1 import shipment_pb2, shipment_pb2_grpc\n\nstub = shipment_pb2_grpc.ShipmentServiceStub(grpc.insecure_channel(\"shipment-service:9090\"))\n\n\ndef link(shipment_id):\n    shipment = stub.GetShipment(shipment_pb2.GetShipmentRequest(shipment_id=shipment_id))\n    return shipment.tracking_url\n";
    let consumer = factory_git::init(&dir.path().join("notify")).expect("init");
    commit(&consumer, &[("Dockerfile", "FROM python:3.12\n"), ("main.py", client), ("requirements.txt", "grpcio==1.64.0\n")], "2026-01-01T00:00:00Z");
    repos::add(&mut home, &consumer.path().display().to_string(), None, Path::new("/")).expect("add");
    commit(&repo, &[("shipment.proto", &proto(""))], "2026-02-01T00:00:00Z");
    brain::scan(&home, None).await.expect("scan");
    let report = brain::check(&home, Some(&base)).await.expect("check");
    let removed: Vec<String> = report.findings.iter().filter(|finding| finding.rule == "removed-field").map(|finding| finding.message.clone()).collect();
    insta::assert_snapshot!(removed.join("\n"), @"field:acme.shipment.v1/Shipment.tracking_url was removed from shipment.proto (consumed by component:notify)");
}

/// A removed enum value hurts the code naming it, not every read of its field (org P of the
/// eighth planted-mismatch evaluation of 2026-12-07: order-service's
/// `case ReservationStatus_RESERVATION_STATUS_PARTIALLY_RESERVED` was not named, but its own
/// `Order.status` and a front end's, calling it over HTTP, were).
#[tokio::test]
async fn a_removed_enum_value_names_the_code_that_names_it() {
    let dir = tempfile::tempdir().expect("tempdir");
    let proto = |values: &str| {
        format!("syntax = \"proto3\";\npackage acme.stock.v1;\n\nservice StockService {{\n  rpc Reserve(ReserveRequest) returns (Reservation);\n}}\n\nenum ReservationStatus {{\n  RESERVATION_STATUS_UNSPECIFIED = 0;\n  RESERVATION_STATUS_RESERVED = 1;\n{values}}}\n\nmessage ReserveRequest {{ string sku = 1; }}\n\nmessage Reservation {{\n  string id = 1;\n  ReservationStatus status = 2;\n}}\n")
    };
    let server = "package main\n\nimport (\n\t\"net\"\n\n\t\"google.golang.org/grpc\"\n\tpb \"example.com/stock/gen/acme/stock/v1\"\n)\n\nfunc main() {\n\tlis, _ := net.Listen(\"tcp\", \":9090\")\n\ts := grpc.NewServer()\n\tpb.RegisterStockServiceServer(s, &server{})\n\t_ = s.Serve(lis)\n}\n";
    let repo = factory_git::init(&dir.path().join("stock-service")).expect("init");
    let base = commit(
        &repo,
        &[("stock.proto", &proto("  RESERVATION_STATUS_PARTIAL = 2;\n")), ("main.go", server), ("go.mod", "module example.com/stock\n\ngo 1.22\n"), ("Dockerfile", "FROM golang:1.22\n")],
        "2026-01-01T00:00:00Z",
    );
    let mut home = home_with(dir.path(), &repo);
    let orders = "import grpc\nfrom acme.stock.v1 import stock_pb2, stock_pb2_grpc\n\nstub = stock_pb2_grpc.StockServiceStub(grpc.insecure_channel(\"stock-service:9090\"))\n\n\ndef reserve(sku):\n    reservation = stub.Reserve(stock_pb2.ReserveRequest(sku=sku))\n    print(reservation.status)\n    if reservation.status == stock_pb2.RESERVATION_STATUS_PARTIAL:\n        return \"partial\"\n    return reservation.id\n";
    let web = "import requests\n\n\ndef order_state(order_id):\n    order = requests.get(f\"http://orders:8080/orders/{order_id}\").json()\n    return order[\"status\"]\n";
    for (name, code) in [("orders", orders), ("web", web)] {
        let consumer = factory_git::init(&dir.path().join(name)).expect("init");
        commit(&consumer, &[("Dockerfile", "FROM python:3.12\n"), ("main.py", code), ("requirements.txt", "grpcio==1.64.0\nrequests==2.32.0\n")], "2026-01-01T00:00:00Z");
        repos::add(&mut home, &consumer.path().display().to_string(), None, Path::new("/")).expect("add");
    }
    commit(&repo, &[("stock.proto", &proto("  reserved 2;\n"))], "2026-02-01T00:00:00Z");
    brain::scan(&home, None).await.expect("scan");
    let report = brain::check(&home, Some(&base)).await.expect("check");
    let removed: Vec<(String, Vec<String>)> =
        report.findings.iter().filter(|finding| finding.rule == "removed-enum-value").map(|finding| (finding.message.clone(), finding.locations.clone())).collect();
    insta::assert_debug_snapshot!(removed, @r#"
    [
        (
            "field:acme.stock.v1/Reservation.status no longer allows RESERVATION_STATUS_PARTIAL in stock.proto (consumed by component:orders)",
            [
                "stock-service:stock.proto",
                "orders:main.py:10",
            ],
        ),
    ]
    "#);
}

/// A new required request field names the components calling the operation (the ninth
/// planted-mismatch evaluation's B-R3: `currency` required on `POST /v1/orders` named no
/// caller), not those calling others.
#[tokio::test]
async fn a_new_required_request_field_names_the_operations_callers() {
    let dir = tempfile::tempdir().expect("tempdir");
    let openapi = |required: &str| {
        let currency = if required.contains("currency") { "                currency: {type: string}\n" } else { "" };
        format!("openapi: 3.0.3\ninfo: {{title: Orders, version: 1.0.0}}\npaths:\n  /orders:\n    get:\n      responses:\n        '200': {{description: the orders}}\n    post:\n      requestBody:\n        content:\n          application/json:\n            schema:\n              type: object\n              required: [{required}]\n              properties:\n                sku: {{type: string}}\n{currency}      responses:\n        '201': {{description: created}}\n")
    };
    let repo = factory_git::init(&dir.path().join("orders-api")).expect("init");
    let base = commit(&repo, &[("openapi.yaml", &openapi("sku")), ("catalog-info.yaml", CATALOG)], "2026-01-01T00:00:00Z");
    let mut home = home_with(dir.path(), &repo);
    for (name, client) in [
        ("web", "import requests\n\n\ndef order(sku):\n    return requests.post(\"http://orders-api/orders\", json={\"sku\": sku}).json()\n"),
        ("reports", "import requests\n\n\ndef orders():\n    return requests.get(\"http://orders-api/orders\").json()\n"),
    ] {
        let consumer = factory_git::init(&dir.path().join(name)).expect("init");
        commit(&consumer, &[("Dockerfile", "FROM python:3.12\n"), ("main.py", client)], "2026-01-01T00:00:00Z");
        repos::add(&mut home, &consumer.path().display().to_string(), None, Path::new("/")).expect("add");
    }
    commit(&repo, &[("openapi.yaml", &openapi("sku, currency"))], "2026-02-01T00:00:00Z");
    brain::scan(&home, None).await.expect("scan");
    let report = brain::check(&home, Some(&base)).await.expect("check");
    let added = report.findings.iter().find(|finding| finding.rule == "new-required-request-field").expect("new-required-request-field");
    assert!(added.message.ends_with("(consumed by component:web)"), "{added:?}");
    assert_eq!(added.consumer.as_deref(), Some("component:web"), "{added:?}");
}
