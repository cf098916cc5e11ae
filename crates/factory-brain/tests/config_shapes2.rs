//! More config shapes the brain misread on real systems (Spring PetClinic, Robot Shop, and the
//! contract-check evaluation; see their reports), rebuilt with our own names under
//! `tests/fixtures/config_shapes2/`: monorepos of modules whose compose services only run
//! images, `spring.application.name`, Dockerfile `ENV`, compose `env_file:` and Dockerfiles
//! named by `.env` variables, repos holding only their contract, vendored proto copies, and
//! AsyncAPI documents meeting on a channel.

mod support;

use factory_brain::resolve::ResolvedNode;
use factory_brain::Resolved;

/// The fixture repos `names`, resolved together as one org.
fn org(names: &[&str]) -> Resolved {
    let dir = tempfile::tempdir().expect("tempdir");
    let repos: Vec<(String, std::path::PathBuf)> =
        names.iter().map(|name| (name.to_string(), support::fixture_repo(&format!("config_shapes2/{name}"), &dir.path().join(name)))).collect();
    support::resolve_repos(&repos)
}

/// `ref root=<root> aliases=<aliases>` for every component and resource.
fn components(resolved: &Resolved) -> Vec<String> {
    let text = |node: &ResolvedNode, key: &str| node.props.get(key).map(|value| value.to_string()).unwrap_or_else(|| "-".to_string());
    resolved
        .nodes
        .iter()
        .filter(|node| matches!(node.kind.as_str(), "component" | "resource"))
        .map(|node| format!("{} repo={} root={} aliases={}", node.node_ref, text(node, "repo"), text(node, "root"), text(node, "aliases")))
        .collect()
}

/// Edge lines of `kinds` between components or resources.
fn service_edges(resolved: &Resolved, kinds: &[&str]) -> Vec<String> {
    let between_services = |line: &String| line.starts_with("component:") || line.starts_with("resource:");
    support::edge_lines(resolved, kinds).into_iter().filter(between_services).filter(|line| line.contains("-> component:") || line.contains("-> resource:")).collect()
}

/// PetClinic class A/B (repro p1): a monorepo's compose services only run images
/// (`image: acme/works-ledger`) and its one Dockerfile, `docker/Dockerfile`, is shared by every
/// module (`ARG JAR`). The Dockerfile became a whole-repo component owning every module's
/// code, and the compose services had none. Each service is now built from the folder named
/// like its image (or like it with the prefix the modules share: `acme/teller` and
/// `works-teller/`), and the shared Dockerfile is no component. In a repo with code of its
/// own at the root (kiosk), the Dockerfile in `docker/` still builds the root's service.
#[test]
fn image_only_compose_services_are_built_from_the_module_named_like_their_image() {
    let resolved = org(&["works", "kiosk"]);
    let mut lines = components(&resolved);
    lines.extend(service_edges(&resolved, &["depends_on"]));
    insta::assert_snapshot!("modules", lines.join("\n"));
}

/// PetClinic class C (repro p3): without compose, `http://teller/accounts` and `lb://ledger`
/// named no component, since only `spring.application.name` says the module `mesh-teller`
/// answers to `teller`. Read from application.yml (nested or dotted keys), bootstrap.yml and
/// application.properties; a name made of placeholders is no name.
#[test]
fn spring_application_names_are_names_of_their_module() {
    let resolved = org(&["mesh"]);
    let mut lines = components(&resolved);
    lines.extend(service_edges(&resolved, &["depends_on"]));
    insta::assert_snapshot!("spring_names", lines.join("\n"));
}

/// Robot Shop class A (repro r1): the nginx gate's upstreams are set only by its Dockerfile's
/// `ENV LEDGER_HOST=ledger \` (continued, quoted, legacy `ENV KEY value`); a builder stage's
/// environment is not the image's. Compose `env_file:` (a path, or `{path, required}`) gives
/// the service that file's settings, and `dockerfile: ${TILL_DOCKERFILE}` is filled from the
/// `.env`, so the service `cashier` is rooted at `svc/till`.
#[test]
fn dockerfile_env_env_files_and_dockerfiles_named_by_the_dot_env() {
    let resolved = org(&["harbor"]);
    let mut lines = components(&resolved);
    lines.extend(service_edges(&resolved, &["depends_on"]));
    insta::assert_snapshot!("image_environment", lines.join("\n"));
}

/// Check class H (repro r12): a repo holding only its OpenAPI (with a README and a pom.xml)
/// or only its proto was no component, so consumers calling `http://invoices` were tied to
/// nothing and never checked. It is now the component named like the repo, providing its
/// contract; a repo of several contracts (`schemas`) is a library of them, not a service.
#[test]
fn a_repo_holding_only_its_contract_provides_it() {
    let resolved = org(&["invoices", "payroll", "schemas", "rates"]);
    let mut lines = components(&resolved);
    lines.extend(service_edges(&resolved, &["depends_on"]));
    lines.extend(support::edge_lines(&resolved, &["provides"]));
    insta::assert_snapshot!("contract_repos", lines.join("\n"));
    let graph = support::as_graph(&resolved);
    let findings: Vec<String> = factory_brain::check::check(&graph, &resolved.reads).into_iter().map(|finding| format!("{} {}", finding.rule, finding.fields.join(" "))).collect();
    assert_eq!(findings, ["naming-mismatch amount_due field:invoices/Invoice.amountDue"]);
}

/// Check class G2 (repro r9b): roster vendors a stale copy of people's proto (same package).
/// Merged into one contract, it showed `display_name` beside the renamed `full_name` and kept
/// the removed rpc `ForgetPerson`. The repo that serves the package (a server registration)
/// defines it; roster still consumes the API and depends on people.
#[test]
fn the_serving_repo_defines_a_proto_package_others_vendor() {
    let resolved = org(&["people", "roster"]);
    let mut lines: Vec<String> = resolved.nodes.iter().filter(|node| matches!(node.kind.as_str(), "rpc" | "field")).map(|node| format!("{} from {}", node.node_ref, node.source)).collect();
    lines.extend(support::edge_lines(&resolved, &["consumes", "provides", "depends_on"]).into_iter().filter(|line| line.starts_with("component:")));
    insta::assert_snapshot!("vendored_proto", lines.join("\n"));
}

/// Check class F (repro r8b): kitchen's AsyncAPI publishes `kitchen.meal-cooked` and waiter's
/// subscribes to it (AsyncAPI 3, `address:`), but messages are scoped per API, so nothing
/// joined them. Both now meet on `channel:kitchen.meal-cooked`, and waiter subscribes to the
/// message kitchen publishes there: `consumers` of that message and `impact` of kitchen's API
/// reach waiter.
#[test]
fn asyncapi_documents_meet_on_their_channel_address() {
    let resolved = org(&["kitchen", "waiter"]);
    insta::assert_snapshot!("channels", support::edge_lines(&resolved, &["publishes", "subscribes"]).join("\n"));
    let graph = support::as_graph(&resolved);
    let consumers: Vec<String> = factory_brain::query::consumers(&graph, "message:kitchen-events/kitchen.meal-cooked").into_iter().map(|reached| reached.node_ref).collect();
    assert_eq!(consumers, ["component:waiter"]);
    let impact = factory_brain::query::impact(&graph, &["api:kitchen-events".to_string()]);
    assert!(impact.components.contains(&"component:waiter".to_string()), "impact reaches the subscriber: {:?}", impact.components);
}
