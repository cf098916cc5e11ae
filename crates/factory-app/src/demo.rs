//! `factory demo`: the example organisation acme, written out and registered in a new home.

use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::repos::{self, RepoInfo};
use crate::{AppError, Home};

/// What the demo made.
#[derive(Debug, Clone, Serialize)]
pub struct DemoReport {
    pub dir: PathBuf,
    pub home: PathBuf,
    pub org: String,
    pub repos: Vec<DemoRepo>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DemoRepo {
    #[serde(flatten)]
    pub repo: RepoInfo,
    pub commits: usize,
    pub head: String,
}

/// Where the demo writes: `dir` when given (it must not already hold a demo), else a new
/// folder under the system's temp dir.
pub fn prepare_dir(dir: Option<&Path>, cwd: &Path) -> Result<PathBuf, AppError> {
    let Some(dir) = dir else {
        let temp = std::env::temp_dir();
        let stamp = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|elapsed| elapsed.as_millis())
            .unwrap_or_default();
        let dir = temp.join(format!("factory-demo-{}-{stamp}", std::process::id()));
        std::fs::create_dir_all(&dir).map_err(AppError::io(&dir))?;
        return Ok(dir);
    };
    let dir = crate::home::absolute(dir, cwd);
    for taken in ["home", "repos"] {
        if dir.join(taken).exists() {
            return Err(AppError::Input(format!(
                "{} already exists; give `factory demo` an empty or new folder",
                dir.join(taken).display()
            )));
        }
    }
    std::fs::create_dir_all(&dir).map_err(AppError::io(&dir))?;
    Ok(dir)
}

/// Writes `dir/repos/<name>` for every acme repo and `dir/home`, a factory home with all of
/// them registered.
pub fn create_org(dir: &Path) -> Result<(Home, DemoReport), AppError> {
    let written = factory_demo::write_repos(&dir.join("repos"))?;
    let home_dir = dir.join("home");
    crate::home::init(&home_dir, factory_demo::ORG_NAME)?;
    let mut home = Home::open(&home_dir)?;
    let mut repos = Vec::new();
    for repo in written {
        let info = repos::add(&mut home, &repo.path.display().to_string(), Some(&repo.name), dir)?;
        repos.push(DemoRepo { repo: info, commits: repo.commits, head: repo.head });
    }
    let report = DemoReport { dir: dir.to_path_buf(), home: home_dir, org: factory_demo::ORG_NAME.to_string(), repos };
    Ok((home, report))
}

/// The outcomes the demo carries through the loop, with the change specs a spec model would
/// have written for them.
pub const FIRST_OUTCOME: &str = "show when each order was created, in the web app and on invoices";
pub const FIRST_CHANGES: &[&str] = &[
    "field:orders-http/Order.created_at:add",
    "field:orders-http/Order.created_at:consume:web",
    "field:orders-http/Order.created_at:consume:billing-worker",
    "message:billing-events/order.invoiced:add-field:order_created_at",
];
pub const SECOND_OUTCOME: &str = "put the order's last update time on invoices";
pub const SECOND_CHANGES: &[&str] = &[
    "field:orders-http/Order.updated_at:add",
    "field:orders-http/Order.updated_at:consume:billing-worker",
    "message:billing-events/order.invoiced:add-field:order_updated_at",
];

/// Everything the whole demo did, for the narrative and `--json`.
#[derive(Debug, Clone, Serialize)]
pub struct LoopReport {
    pub org: DemoReport,
    pub scan: crate::brain::ScanReport,
    /// `component -> api` dependencies the brain found.
    pub dependencies: Vec<String>,
    pub sandbox_on_main: Option<crate::sandbox::VerifyReport>,
    pub sandbox_error: Option<String>,
    pub runs: Vec<DemoRun>,
    pub evolve_applied: Vec<String>,
    pub stats: crate::learning::Stats,
    pub lessons: Vec<crate::learning::LessonInfo>,
    pub rules: Vec<String>,
    pub elapsed_ms: u64,
}

#[derive(Debug, Clone, Serialize)]
pub struct DemoRun {
    pub outcome: crate::runs::RunOutcome,
    pub gates_approved: Vec<String>,
    pub report: PathBuf,
    pub evidence_verified: bool,
    pub verify_rounds: Vec<serde_json::Value>,
    pub evolve_branch: Option<String>,
}

/// How many past commits of each acme repo the demo's first scan replays (they have 3 or 4).
const DEMO_HISTORY: usize = 10;

/// The whole loop on the demo org: scan, sandbox on main, a run that fails verification and
/// fixes itself, learning and evolve, and a second run where the learned rule catches the same
/// mistake before the sandbox. `progress` receives one line per step, as it happens.
pub async fn run_loop(home: &Home, org: DemoReport, progress: &mut dyn FnMut(String)) -> Result<LoopReport, AppError> {
    let started = std::time::Instant::now();
    progress("scanning the repos into the brain".into());
    // The acme repos' past commits are replayed too, so `brain ... --as-of` sees their history.
    let scan = crate::brain::scan_with(home, &crate::brain::ScanOptions { repo: None, history: DEMO_HISTORY }).await?;
    let export = crate::brain::export(home, None).await?;
    let dependencies: Vec<String> = export
        .edges
        .iter()
        .filter(|edge| edge.from.starts_with("component:") && matches!(edge.kind.as_str(), "consumes" | "depends_on" | "provides" | "publishes"))
        .map(|edge| format!("{} -{}-> {}", edge.from, edge.kind, edge.to))
        .collect();
    progress(format!(
        "brain: {} nodes, {} edges; {} dependencies between components, APIs and resources; {} past commits replayed for --as-of",
        scan.nodes,
        scan.edges,
        dependencies.len(),
        scan.history_steps
    ));

    progress("bringing the sandbox up on main and verifying".into());
    let (sandbox_on_main, sandbox_error) = match crate::sandbox::verify(home, None, None).await {
        Ok(report) => {
            progress(format!("sandbox on main: {} passed, {} failed, {} unknown", report.passed, report.failed, report.unknown));
            (Some(report), None)
        }
        Err(error) => {
            progress(format!("sandbox on main could not run: {error}"));
            (None, Some(error.to_string()))
        }
    };

    let scripts = org.dir.join("scripts");
    std::fs::create_dir_all(&scripts).map_err(AppError::io(&scripts))?;
    let mut runs = Vec::new();
    let mut evolve_applied = Vec::new();
    for (outcome, changes, script_name, script) in [
        (FIRST_OUTCOME, FIRST_CHANGES, "order-dates.toml", factory_demo::ORDER_DATES_SCRIPT),
        (SECOND_OUTCOME, SECOND_CHANGES, "invoice-updated.toml", factory_demo::INVOICE_UPDATED_SCRIPT),
    ] {
        let script_path = scripts.join(script_name);
        std::fs::write(&script_path, script).map_err(AppError::io(&script_path))?;
        progress(format!("run: \"{outcome}\" with the script worker"));
        let options = crate::runs::RunOptions {
            outcome: outcome.to_string(),
            changes: changes.iter().map(|change| change.to_string()).collect(),
            worker: Some("script".into()),
            script: Some(script_path),
            lane: None,
        };
        let mut result = crate::runs::start(home, options).await?;
        let mut gates_approved = Vec::new();
        while result.status == crate::runs::RunStatus::Waiting {
            progress(format!("  {} waits at the {} gate; approving it as a reviewer would", result.id, result.stage));
            gates_approved.push(result.stage.clone());
            result = crate::runs::approve(home, &result.id, None).await?;
        }
        let detail = crate::runs::show(home, &result.id).await?;
        let verify_rounds: Vec<serde_json::Value> = detail
            .steps
            .iter()
            .filter(|step| step.name == "verify" && step.status == "done")
            .map(|step| {
                let report = &step.output["report"];
                serde_json::json!({
                    "round": step.attempt,
                    "stage": report["stage"],
                    "passed": step.output["passed"],
                    "findings": report["rules"]["findings"],
                    "failed_checks": report["checks"].as_array().map(|checks| checks.iter().filter(|check| check["verdict"] == "fail").map(|check| check["name"].clone()).collect::<Vec<_>>()),
                    "unknown_checks": report["checks"].as_array().map(|checks| checks.iter().filter(|check| check["verdict"] == "unknown").map(|check| check["name"].clone()).collect::<Vec<_>>()),
                })
            })
            .collect();
        for round in &verify_rounds {
            progress(format!("  verify round {}: {}", round["round"], describe_round(round)));
        }
        let evidence_verified = crate::runs::verify_evidence(home, &result.id).map(|report| report.ok).unwrap_or(false);
        let evolve_branch = format!("evolve/{}", result.id);
        let has_branch = factory_git::Repo::open(home.root()).branch_exists(&evolve_branch)?;
        progress(format!("  {}: {} ({}); evidence {}", result.id, result.status.as_str(), result.message, if evidence_verified { "verified" } else { "NOT verified" }));
        if has_branch {
            progress(format!("  learning proposed {evolve_branch}; applying it as a reviewer would"));
            crate::learning::evolve_apply(home, &evolve_branch)?;
            evolve_applied.push(evolve_branch.clone());
        }
        runs.push(DemoRun {
            report: home.layout.runs_dir().join(&result.id).join("evidence/report.html"),
            outcome: result,
            gates_approved,
            evidence_verified,
            verify_rounds,
            evolve_branch: has_branch.then_some(evolve_branch),
        });
    }
    let stats = crate::learning::stats(home).await?;
    let lessons = crate::learning::lessons(home);
    let rules = crate::learning::rules(home).into_iter().filter_map(|info| info.rule.map(|rule| rule.id)).collect();
    Ok(LoopReport {
        org,
        scan,
        dependencies,
        sandbox_on_main,
        sandbox_error,
        runs,
        evolve_applied,
        stats,
        lessons,
        rules,
        elapsed_ms: u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
    })
}

fn describe_round(round: &serde_json::Value) -> String {
    if round["stage"] == "rules" {
        let findings = round["findings"].as_array().map_or(0, Vec::len);
        return format!("a learned rule caught {findings} problem(s) before the sandbox started");
    }
    let failed: Vec<String> = round["failed_checks"].as_array().into_iter().flatten().filter_map(|name| name.as_str().map(str::to_string)).collect();
    let unknown = round["unknown_checks"].as_array().map_or(0, Vec::len);
    if round["passed"] == true {
        format!("sandbox checks passed ({unknown} unknown)")
    } else {
        format!("sandbox checks failed: {}", failed.join(", "))
    }
}
