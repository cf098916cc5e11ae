//! Command checks: each repo's tests, run in its checkout with the sandbox's URLs; JUnit XML is
//! read into per-test results when the check names one and it was produced.

use std::collections::BTreeMap;
use std::path::Path;
use std::time::Duration;

use super::{Outcome, VerifyConfig, Verdict};
use crate::declarations::{CheckDeclaration, env_name};
use crate::isolation::{self, Isolation};
use crate::process::{Exit, StepOutcome};
use crate::state::SandboxState;

pub(crate) async fn run(
    state: &SandboxState,
    check: &CheckDeclaration,
    folder: &Path,
    isolation: &Isolation,
    config: &VerifyConfig,
) -> Outcome {
    let Some(argv) = check.command.as_ref() else { return Outcome::unknown("the check declares no command") };
    let mut env = BTreeMap::new();
    env.insert("SANDBOX_DIR".to_string(), folder.display().to_string());
    for record in &state.services {
        if let Some(url) = &record.url {
            env.insert(format!("{}_URL", env_name(&record.name)), url.clone());
        }
    }
    let output = folder.join("output.log");
    let timeout = check.timeout_ms.map_or(config.command_timeout, Duration::from_millis);
    let wrapped = state.network.enter(isolation::wrap(isolation, argv, &[check.repo_dir.as_path(), folder], &check.cwd, isolation::Lifetime::Step));
    let command_text = argv.join(" ");
    if let Some(program) = argv.first()
        && !program.contains('/')
        && !on_path(program)
    {
        return Outcome::unknown(format!("`{program}` is not on PATH, so `{command_text}` could not run"));
    }
    let ran = crate::process::run_step(&wrapped, &check.cwd, &env, &output, timeout, |_| {}).await;
    let output_tail = Some(crate::process::last_lines(&output, 30));
    let mut artifacts = vec![output.clone()];
    let mut tests = Vec::new();
    let mut junit_note = String::new();
    if let Some(junit) = &check.junit {
        let path = check.cwd.join(junit);
        match std::fs::read_to_string(&path) {
            Ok(text) => match super::junit::parse(&text) {
                Ok(cases) => {
                    tests = cases;
                    let copy = folder.join("junit.xml");
                    if std::fs::copy(&path, &copy).is_ok() {
                        artifacts.push(copy);
                    }
                }
                Err(error) => junit_note = format!("; {} is not valid JUnit XML: {error}", path.display()),
            },
            Err(_) => junit_note = format!("; it wrote no JUnit report at {}", path.display()),
        }
    }
    if check.junit.is_none() {
        tests = super::junit::parse_unittest_verbose(&std::fs::read_to_string(&output).unwrap_or_default());
    }
    let failing_tests: Vec<&str> =
        tests.iter().filter(|test| test.verdict == Verdict::Fail).map(|test| test.name.as_str()).collect();
    let (verdict, reason) = match ran {
        Err(error) => (Verdict::Unknown, format!("`{command_text}` could not run: {error}")),
        Ok(StepOutcome::TimedOut) => (Verdict::Fail, format!("`{command_text}` took over {} s and was killed", timeout.as_secs())),
        Ok(StepOutcome::Exited(Exit::Code(0))) if failing_tests.is_empty() => {
            (Verdict::Pass, format!("`{command_text}` exited 0{}{junit_note}", count_note(tests.len())))
        }
        Ok(StepOutcome::Exited(Exit::Code(0))) => {
            (Verdict::Fail, format!("`{command_text}` exited 0 but its JUnit report has failures: {}", failing_tests.join(", ")))
        }
        Ok(StepOutcome::Exited(exit)) => {
            let failing = if failing_tests.is_empty() { String::new() } else { format!("; failing: {}", failing_tests.join(", ")) };
            (Verdict::Fail, format!("`{command_text}` ended with {exit}{failing}{junit_note}"))
        }
    };
    Outcome { verdict, reason, artifacts, tests, output_tail: if verdict == Verdict::Pass { None } else { output_tail } }
}

fn count_note(tests: usize) -> String {
    if tests == 0 { String::new() } else { format!(" ({tests} tests passed or skipped)") }
}

/// Whether `program` is an executable file in one of the PATH folders.
fn on_path(program: &str) -> bool {
    use std::os::unix::fs::PermissionsExt as _;
    std::env::var_os("PATH").is_some_and(|path| {
        std::env::split_paths(&path).any(|folder| {
            std::fs::metadata(folder.join(program)).is_ok_and(|meta| meta.is_file() && meta.permissions().mode() & 0o111 != 0)
        })
    })
}
