//! A multi-repo org whose dependencies live only in code and config, with a planted naming
//! mismatch (`createdAt` read where the provider offers `created_at`).

mod support;


fn org() -> factory_brain::Resolved {
    let dir = tempfile::tempdir().expect("tempdir");
    let mut repos = Vec::new();
    for name in ["checkout", "inventory", "payments", "fraud-check"] {
        let path = support::fixture_repo(&format!("multirepo/{name}"), &dir.path().join(name));
        repos.push((name.to_string(), path));
    }
    support::resolve_repos(&repos)
}


#[test]
fn dependencies_found_only_in_code_and_config() {
    let resolved = org();
    insta::assert_snapshot!(support::edge_lines(&resolved, &["depends_on"]).join("\n"));
}

#[test]
fn a_naming_convention_mismatch_is_reported_with_its_fix() {
    let resolved = org();
    let findings = factory_brain::check::check_with_calls(&support::as_graph(&resolved), &resolved.reads, &resolved.unmatched_calls);
    insta::assert_json_snapshot!(findings);
}

#[test]
fn impact_on_a_provider_lists_its_consumers_and_owners() {
    let resolved = org();
    let graph = support::as_graph(&resolved);
    let impact = factory_brain::query::impact(&graph, &["component:inventory-svc".to_string()]);
    let consumers: Vec<&str> = impact.affected.iter().map(|reached| reached.node_ref.as_str()).collect();
    assert!(consumers.contains(&"component:checkout"), "{consumers:?}");
    let owners = factory_brain::query::owners(&graph, "component:checkout");
    assert_eq!(owners.iter().map(|owner| owner.node_ref.as_str()).collect::<Vec<_>>(), ["group:team-checkout"]);
}

#[test]
fn services_named_differently_in_compose_are_the_same_components() {
    let resolved = org();
    insta::assert_snapshot!(support::node_lines(&resolved, &["component", "resource"]).join("\n"), @r"
    component:checkout
    component:fraud-check
    component:inventory-svc
    component:payments
    resource:db
    ");
}
