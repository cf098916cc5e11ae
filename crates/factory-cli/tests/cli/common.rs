//! Helpers shared by the CLI end-to-end tests: run `factory` with a pinned environment and
//! normalise its output (temp paths, shas, sizes) for snapshots.


use std::path::Path;
use std::process::Output;

/// Runs the `factory` binary in `cwd` with `args`, with `HOME` and git identity pinned.
pub fn factory(cwd: &Path, args: &[&str]) -> Output {
    factory_with_env(cwd, args, &[])
}

pub fn factory_with_env(cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut command = assert_cmd::Command::cargo_bin("factory").expect("the factory binary is built");
    command
        .current_dir(cwd)
        .args(args)
        .env_remove("FACTORY_HOME")
        .env_remove("FACTORY_LOG")
        .env("HOME", cwd)
        .env("GIT_AUTHOR_NAME", "Test")
        .env("GIT_AUTHOR_EMAIL", "test@example.com")
        .env("GIT_COMMITTER_NAME", "Test")
        .env("GIT_COMMITTER_EMAIL", "test@example.com");
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().expect("factory runs")
}

/// Exit code, stdout and stderr as one text, with `root` replaced by `[TMP]`, shas by `[SHA]`.
pub fn render(output: &Output, root: &Path) -> String {
    let text = format!(
        "exit: {}\n--- stdout\n{}--- stderr\n{}",
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    normalise(&text, root)
}

pub fn normalise(text: &str, root: &Path) -> String {
    let root_text = root.display().to_string();
    let canonical = root.canonicalize().map(|path| path.display().to_string()).unwrap_or_else(|_| root_text.clone());
    let mut text = text.replace(&canonical, "[TMP]").replace(&root_text, "[TMP]");
    text = replace_hex_runs(&text, 40, "[SHA]");
    text = replace_hex_runs(&text, 10, "[SHORT]");
    replace_sizes(&text)
}

fn replace_hex_runs(text: &str, length: usize, marker: &str) -> String {
    let mut out = String::new();
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.len() == length && run.chars().any(|c| c.is_ascii_digit()) {
            out.push_str(marker);
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in text.chars() {
        if c.is_ascii_hexdigit() && !c.is_ascii_uppercase() {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

fn replace_sizes(text: &str) -> String {
    text.lines()
        .map(|line| {
            if let Some(index) = line.find("\"size_bytes\": ") {
                format!("{}\"size_bytes\": [SIZE],", &line[..index])
            } else if let (Some(start), Some(end)) = (line.find(" ("), line.find(" KiB")) {
                format!("{} ([SIZE]{}", &line[..start], &line[end..])
            } else {
                line.to_string()
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + if text.ends_with('\n') { "\n" } else { "" }
}

/// A git repository with one commit at `path`.
pub fn git_repo(path: &Path) {
    std::fs::create_dir_all(path).expect("mkdir");
    let run = |args: &[&str]| {
        let status = std::process::Command::new("git")
            .current_dir(path)
            .args(args)
            .env("GIT_AUTHOR_NAME", "Test")
            .env("GIT_AUTHOR_EMAIL", "test@example.com")
            .env("GIT_COMMITTER_NAME", "Test")
            .env("GIT_COMMITTER_EMAIL", "test@example.com")
            .env("GIT_AUTHOR_DATE", "2026-01-01T00:00:00Z")
            .env("GIT_COMMITTER_DATE", "2026-01-01T00:00:00Z")
            .status()
            .expect("git runs");
        assert!(status.success(), "git {args:?}");
    };
    run(&["init", "--quiet", "--initial-branch=main"]);
    std::fs::write(path.join("README.md"), "hello\n").expect("write");
    run(&["add", "README.md"]);
    run(&["commit", "--quiet", "-m", "first"]);
}

pub fn stdout_json(output: &Output) -> serde_json::Value {
    serde_json::from_slice(&output.stdout).unwrap_or_else(|error| {
        panic!("stdout is not JSON ({error}):\n{}", String::from_utf8_lossy(&output.stdout))
    })
}
