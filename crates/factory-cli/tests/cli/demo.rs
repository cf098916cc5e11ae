use crate::common::{factory, render, stdout_json};

#[test]
fn demo_writes_four_registered_repos_and_a_home() {
    let temp = tempfile::tempdir().expect("tempdir");
    let root = temp.path();
    let output = factory(root, &["demo", "acme", "--org-only"]);
    assert_eq!(output.status.code(), Some(0), "{}", render(&output, root));
    let dir = root.join("acme");
    assert!(dir.join("home/factory.toml").is_file());
    for repo in ["orders-api", "web", "billing-worker", "platform"] {
        let path = dir.join("repos").join(repo);
        let count = std::process::Command::new("git").current_dir(&path).args(["rev-list", "--count", "HEAD"]).output().expect("git");
        let commits: u32 = String::from_utf8_lossy(&count.stdout).trim().parse().expect("a count");
        assert!(commits >= 3, "{repo} has real history ({commits} commits)");
    }

    let listed = stdout_json(&factory(&dir.join("home"), &["repo", "list", "--json"]));
    let names: Vec<&str> = listed.as_array().expect("array").iter().filter_map(|repo| repo["name"].as_str()).collect();
    assert_eq!(names, ["billing-worker", "orders-api", "platform", "web"]);
    let status = stdout_json(&factory(&dir.join("home"), &["status", "--json"]));
    assert!(status["repos"].as_array().expect("repos").iter().all(|repo| repo["dirty"] == false && repo["branch"] == "main"));

    let again = factory(root, &["demo", "acme", "--org-only"]);
    insta::assert_snapshot!(render(&again, root), @r"
    exit: 2
    --- stdout
    --- stderr
    error: [TMP]/acme/home already exists; give `factory demo` an empty or new folder
    ");
}
