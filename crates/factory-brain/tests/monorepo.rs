//! A polyglot gRPC monorepo with Kubernetes manifests (shaped like Google's
//! microservices-demo): one component per service folder, dependencies from env vars and
//! gRPC clients, providers from server registrations, owners from CODEOWNERS.

mod support;

#[test]
fn a_polyglot_monorepo_yields_one_component_per_service_and_their_dependencies() {
    let dir = tempfile::tempdir().expect("tempdir");
    let path = support::fixture_repo("polyglot", &dir.path().join("shop"));
    let (files, errors) = support::read_repo("shop", &path);
    assert_eq!(errors, Vec::<(String, String)>::new());
    let resolved = factory_brain::resolve(&files, &["shop".to_string()]);
    insta::assert_snapshot!("polyglot_components", support::node_lines(&resolved, &["component", "resource", "api"]).join("\n"));
    insta::assert_snapshot!("polyglot_dependencies", support::edge_lines(&resolved, &["depends_on", "provides", "owned_by"]).join("\n"));
}
