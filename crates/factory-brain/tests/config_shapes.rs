//! Config shapes from real systems that the brain misread (Sock Shop, the OpenTelemetry demo,
//! Online Boutique; see the evaluation reports), rebuilt with our own names under
//! `tests/fixtures/config_shapes/`: image folders (`docker/<svc>/Dockerfile`), infrastructure
//! images, compose builds sharing a context with their `.env`, JSON contracts that are only
//! valid YAML, NetworkPolicies, Envoy and nginx upstreams, public URLs, and
//! `component_owners.yml`.

mod support;

use factory_brain::resolve::ResolvedNode;
use factory_brain::Resolved;

const REPOS: &[&str] = &["billing", "catalog", "ledger", "web", "shop", "platform"];

/// Every fixture repo of this file, resolved together as one org.
fn org() -> Resolved {
    let dir = tempfile::tempdir().expect("tempdir");
    let repos: Vec<(String, std::path::PathBuf)> =
        REPOS.iter().map(|name| (name.to_string(), support::fixture_repo(&format!("config_shapes/{name}"), &dir.path().join(name)))).collect();
    support::resolve_repos(&repos)
}

/// `ref root=<root>` for the components and resources whose code is in `repo`.
fn roots(resolved: &Resolved, repo: &str) -> Vec<String> {
    resolved
        .nodes
        .iter()
        .filter(|node: &&ResolvedNode| matches!(node.kind.as_str(), "component" | "resource"))
        .filter(|node| node.props.get("repo").and_then(|value| value.as_str()) == Some(repo))
        .map(|node| format!("{} root={}", node.node_ref, node.props.get("root").and_then(|value| value.as_str()).unwrap_or("")))
        .collect()
}

/// Edge lines of `kinds` whose source is in one of `paths` (`repo:path`).
fn edges_from(resolved: &Resolved, kinds: &[&str], paths: &[&str]) -> Vec<String> {
    support::edge_lines(resolved, kinds)
        .into_iter()
        .filter(|line| paths.iter().any(|path| {
            let (repo, path) = path.split_once(':').unwrap_or(("", path));
            line.contains(&format!("{repo}@SHA:{path}"))
        }))
        .collect()
}

/// Sock Shop A: `docker/orders/Dockerfile` made `docker/orders` the component's root, so the
/// service's own code at the repo root belonged to nothing.
#[test]
fn an_image_folder_stands_for_the_repo_root_but_a_helper_image_keeps_its_folder() {
    let resolved = org();
    let mut lines = roots(&resolved, "billing");
    lines.extend(roots(&resolved, "catalog"));
    lines.extend(edges_from(&resolved, &["depends_on"], &["billing:conf/app.env", "catalog:cmd/main.go"]));
    insta::assert_snapshot!("image_folders", lines.join("\n"));
}

/// Sock Shop FP-1 and OTel R6: a Dockerfile `FROM mysql`, `openzipkin/zipkin`, and a compose
/// `image: ${CACHE_IMAGE}` filled by the `.env` are resources; an image variable nobody fills
/// leaves the decision to Kubernetes, which runs opensearch.
#[test]
fn database_broker_and_tracing_images_are_resources() {
    let resolved = org();
    insta::assert_snapshot!("kinds", support::node_lines(&resolved, &["component", "resource"]).join("\n"));
}

/// OTel R2: compose services built from one context (`./`) with their own Dockerfiles were
/// merged into the first one, which then owned the root `.env`; pass-through env entries
/// (`- GAMMA_ADDR`, `GAMMA_ADDR:`) were dropped instead of read from the `.env`.
#[test]
fn compose_services_root_at_their_dockerfiles_and_pass_through_env_reads_the_dot_env() {
    let resolved = org();
    let mut lines = roots(&resolved, "shop");
    lines.extend(edges_from(&resolved, &["depends_on"], &["shop:docker-compose.yml", "shop:.env"]));
    insta::assert_snapshot!("compose_and_dot_env", lines.join("\n"));
}

/// Sock Shop E: a swagger `.json` with single quotes, `["basic":[]]` and trailing commas is
/// valid YAML; it was rejected, so web's call to `/entries` matched nothing.
#[test]
fn a_json_contract_that_is_only_valid_yaml_is_read() {
    let bytes = std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/config_shapes/ledger/ledger.json")).expect("read fixture");
    assert!(factory_brain::read_file("ledger.json", &bytes).is_ok(), "the contract reads");
    let resolved = org();
    let lines = edges_from(&resolved, &["provides", "consumes", "depends_on"], &["ledger:ledger.json", "web:client.js"]);
    insta::assert_snapshot!("yaml_json_contract", lines.join("\n"));
}

/// Sock Shop H: NetworkPolicies list who may call whom; selectors picking several workloads,
/// every pod, a namespace or an IP block name no one. A one-label selector picking no workload
/// names the component its value names, or its value with an `s` added or taken away (Sock
/// Shop's `name: cart` policy for the `carts` workload): at a lower confidence.
#[test]
fn network_policies_declare_who_calls_whom() {
    let resolved = org();
    insta::assert_snapshot!("network_policies", edges_from(&resolved, &["depends_on"], &["platform:k8s/policies.yaml"]).join("\n"));
}

/// OTel R3: the proxy's upstreams, literal or `${API_HOST}` filled by the `.env`, and nginx's
/// `proxy_pass` (through an `upstream` block or directly) are its dependencies.
#[test]
fn envoy_clusters_and_nginx_upstreams_are_dependencies() {
    let resolved = org();
    insta::assert_snapshot!("proxies", edges_from(&resolved, &["depends_on"], &["shop:svc/edge/envoy.yaml", "shop:svc/proxy/nginx.conf"]).join("\n"));
}

/// OTel R4: `https://alpha.dev/schema` named the component alpha through its first label. A
/// `$schema` is metadata the reader now skips, so the fixture keeps a public URL under another key.
#[test]
fn a_public_url_names_no_component() {
    let bytes = std::fs::read(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/config_shapes/shop/svc/beta/flags.json")).expect("read fixture");
    let facts = factory_brain::read_file("svc/beta/flags.json", &bytes).expect("reads");
    assert!(facts.edges.iter().any(|edge| edge.to == "host:alpha.dev"), "the reader sees the URL");
    let resolved = org();
    assert_eq!(edges_from(&resolved, &[], &["shop:svc/beta/flags.json"]), Vec::<String>::new());
}

/// OTel owners: `.github/component_owners.yml` gives a folder's component its owners, next to
/// the CODEOWNERS catch-all; a folder no component is rooted at gives nothing.
#[test]
fn component_owners_give_the_folder_component_its_owners() {
    let resolved = org();
    let lines: Vec<String> = support::edge_lines(&resolved, &["owned_by"]).into_iter().filter(|line| line.starts_with("component:alpha ") || line.starts_with("component:shop ")).collect();
    insta::assert_snapshot!("component_owners", lines.join("\n"));
}
