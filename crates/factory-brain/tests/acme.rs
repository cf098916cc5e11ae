//! The acme demo org, read and resolved: its components, owners, contracts and the
//! service-to-service dependencies the brain must find.

mod support;

#[test]
fn the_acme_org_resolves_to_its_real_dependencies() {
    let dir = tempfile::tempdir().expect("tempdir");
    let written = factory_demo::write_repos(dir.path()).expect("write acme");
    let repos: Vec<(String, std::path::PathBuf)> = written.iter().map(|repo| (repo.name.clone(), repo.path.clone())).collect();
    let resolved = support::resolve_repos(&repos);
    insta::assert_snapshot!("acme_components", support::node_lines(&resolved, &["component", "resource", "api", "group", "repo"]).join("\n"));
    insta::assert_snapshot!("acme_dependencies", support::edge_lines(&resolved, &["depends_on", "provides", "consumes", "owned_by", "publishes"]).join("\n"));
}
