use crate::common::{factory, git_repo, render, stdout_json};

#[test]
fn repos_are_added_listed_and_removed() {
    let temp = tempfile::tempdir().expect("tempdir");
    let root = temp.path();
    assert!(factory(root, &["init", "home", "--org", "acme"]).status.success());
    git_repo(&root.join("repos/orders-api"));
    git_repo(&root.join("repos/web"));
    let bare = std::process::Command::new("git")
        .current_dir(root)
        .args(["clone", "--quiet", "--bare", "repos/web", "remote/web.git"])
        .status()
        .expect("git clone");
    assert!(bare.success());

    let added = factory(root, &["--home", "home", "repo", "add", "repos/orders-api"]);
    insta::assert_snapshot!(render(&added, root), @r"
    exit: 0
    --- stdout
    added orders-api at [TMP]/repos/orders-api
    --- stderr
    ");
    let url = format!("file://{}/remote/web.git", root.display());
    let cloned = factory(root, &["--home", "home", "repo", "add", &url, "--name", "web", "--json"]);
    assert_eq!(cloned.status.code(), Some(0), "{}", render(&cloned, root));
    let bare_local = factory(root, &["--home", "home", "repo", "add", "remote/web.git", "--name", "web-bare"]);
    assert_eq!(bare_local.status.code(), Some(0), "{}", render(&bare_local, root));

    let listed = factory(root, &["--home", "home", "repo", "list", "--json"]);
    insta::assert_snapshot!(crate::common::normalise(&serde_json::to_string_pretty(&stdout_json(&listed)).expect("json"), root), @r#"
    [
      {
        "name": "orders-api",
        "path": "../repos/orders-api",
        "resolved_path": "[TMP]/repos/orders-api"
      },
      {
        "name": "web",
        "path": ".factory/repos/web",
        "resolved_path": "[TMP]/home/.factory/repos/web",
        "url": "file://[TMP]/remote/web.git"
      },
      {
        "name": "web-bare",
        "path": "../remote/web.git",
        "resolved_path": "[TMP]/remote/web.git"
      }
    ]
    "#);

    let status = stdout_json(&factory(root, &["--home", "home", "status", "--json"]));
    let states: Vec<(String, String, bool)> = status["repos"]
        .as_array()
        .expect("repos")
        .iter()
        .map(|repo| (repo["name"].as_str().unwrap_or_default().to_string(), repo["branch"].as_str().unwrap_or_default().to_string(), repo["dirty"].as_bool().unwrap_or(true)))
        .collect();
    assert_eq!(states, vec![("orders-api".into(), "main".into(), false), ("web".into(), "main".into(), false), ("web-bare".into(), "main".into(), false)]);

    let removed = factory(root, &["--home", "home", "repo", "remove", "web"]);
    assert_eq!(removed.status.code(), Some(0));
    assert!(!root.join("home/.factory/repos/web").exists(), "the factory's clone is deleted");
    assert!(root.join("remote/web.git").exists(), "the remote is untouched");
    let names: Vec<String> = stdout_json(&factory(root, &["--home", "home", "repo", "list", "--json"]))
        .as_array()
        .expect("array")
        .iter()
        .map(|repo| repo["name"].as_str().unwrap_or_default().to_string())
        .collect();
    assert_eq!(names, ["orders-api", "web-bare"]);

    let log = std::process::Command::new("git").current_dir(root.join("home")).args(["log", "--format=%s"]).output().expect("git log");
    insta::assert_snapshot!(String::from_utf8_lossy(&log.stdout), @r"
    repo: remove web
    repo: add web-bare
    repo: add web
    repo: add orders-api
    factory: new home for acme
    ");
}

#[test]
fn bad_repo_input_exits_2_naming_the_problem() {
    let temp = tempfile::tempdir().expect("tempdir");
    let root = temp.path();
    assert!(factory(root, &["init", "home", "--org", "acme"]).status.success());
    std::fs::create_dir_all(root.join("plain")).expect("mkdir");
    git_repo(&root.join("repos/web"));
    assert!(factory(root, &["--home", "home", "repo", "add", "repos/web"]).status.success());

    let cases = [
        vec!["repo", "add", "missing"],
        vec!["repo", "add", "plain"],
        vec!["repo", "add", "repos/web"],
        vec!["repo", "add", "repos/web", "--name", "bad name"],
        vec!["repo", "add", "file:///nonexistent/x.git"],
        vec!["repo", "remove", "nope"],
    ];
    let mut rendered = String::new();
    for case in cases {
        let mut args = vec!["--home", "home"];
        args.extend(case.iter().copied());
        let output = factory(root, &args);
        rendered.push_str(&format!("$ factory {}\n{}\n", case.join(" "), render(&output, root)));
    }
    insta::assert_snapshot!(rendered);
}
