use crate::common::{factory, factory_with_env, render, stdout_json};

#[test]
fn init_writes_a_committed_home_and_refuses_to_overwrite_it() {
    let temp = tempfile::tempdir().expect("tempdir");
    let root = temp.path();
    let first = factory(root, &["init", "home", "--org", "acme"]);
    let rendered = render(&first, root)
        .lines()
        .map(|line| if line.ends_with(" files, first commit [SHORT]") { "  [N] files, first commit [SHORT]" } else { line })
        .collect::<Vec<_>>()
        .join("\n");
    insta::assert_snapshot!(rendered, @r"
    exit: 0
    --- stdout
    created factory home for acme at [TMP]/home
      [N] files, first commit [SHORT]
    --- stderr
    next: factory --home [TMP]/home repo add PATH_OR_URL
    ");

    let home = root.join("home");
    for path in ["factory.toml", ".gitignore", "agents/builder.md", "skills", "workflows/default.toml", "rules", "decisions", "lessons"] {
        assert!(home.join(path).exists(), "{path} missing from the new home");
    }
    let log = std::process::Command::new("git").current_dir(&home).args(["log", "--format=%s"]).output().expect("git log");
    assert_eq!(String::from_utf8_lossy(&log.stdout), "factory: new home for acme\n");
    let status = std::process::Command::new("git").current_dir(&home).args(["status", "--porcelain"]).output().expect("git status");
    assert_eq!(String::from_utf8_lossy(&status.stdout), "", "the home is committed whole");

    let again = factory(root, &["init", "home"]);
    insta::assert_snapshot!(render(&again, root), @r"
    exit: 2
    --- stdout
    --- stderr
    error: [TMP]/home is already a factory home ([TMP]/home/factory.toml exists); nothing was changed
    ");
}

#[test]
fn status_finds_the_home_from_flag_env_or_an_enclosing_folder() {
    let temp = tempfile::tempdir().expect("tempdir");
    let root = temp.path();
    assert!(factory(root, &["init", "home", "--org", "acme"]).status.success());
    let nested = root.join("home/agents");

    let by_flag = stdout_json(&factory(root, &["--home", "home", "status", "--json"]));
    let by_env = stdout_json(&factory_with_env(root, &["status", "--json"], &[("FACTORY_HOME", root.join("home").to_str().expect("utf-8"))]));
    let by_ancestor = stdout_json(&factory(&nested, &["status", "--json"]));
    assert_eq!(by_flag["org"], "acme");
    assert_eq!(by_flag["home"], by_env["home"]);
    assert_eq!(by_flag["home"], by_ancestor["home"]);
    assert!(by_flag["store"]["schema_version"].as_i64().is_some_and(|version| version >= 1));
    assert_eq!(by_flag["repos"], serde_json::json!([]));

    let nowhere = factory(root, &["status"]);
    insta::assert_snapshot!(render(&nowhere, root), @r"
    exit: 2
    --- stdout
    --- stderr
    error: no factory home at or above [TMP]; pass --home DIR, set FACTORY_HOME, or run `factory init`
    ");
}
