//! `factory sandbox up|status|logs|down`, `factory verify`, `factory doctor`.

use std::io::{Read as _, Seek as _, Write as _};
use std::process::ExitCode;
use std::time::Duration;

use clap::{Args, Subcommand};
use factory_app::sandbox::{self, SandboxOptions, ServiceStatus, Verdict};

use crate::cli::JsonFlag;
use crate::commands::Context;
use crate::output;

#[derive(Debug, Subcommand)]
pub enum SandboxCommand {
    /// Start every service of the org, in dependency order, isolated; returns once all are
    /// healthy and leaves them running.
    Up {
        /// Run each repo that has this branch on it (from a worktree); the others from their
        /// checkout.
        #[arg(long = "ref", value_name = "BRANCH")]
        git_ref: Option<String>,
        /// Run the services without bubblewrap, on purpose.
        #[arg(long)]
        no_isolation: bool,
        /// Give the sandbox a loopback-only network of its own (needs bwrap): its services are
        /// reachable from its checks, not from the host.
        #[arg(long, conflicts_with = "no_isolation")]
        private_network: bool,
        #[command(flatten)]
        output: JsonFlag,
    },
    /// Each service of a sandbox (default: the newest one up) with its state, ports and log.
    Status {
        /// The sandbox id (see `sandbox status --all`).
        #[arg(long)]
        id: Option<String>,
        /// List every sandbox recorded in the home, up or not.
        #[arg(long)]
        all: bool,
        #[command(flatten)]
        output: JsonFlag,
    },
    /// Print a service's log.
    Logs {
        service: String,
        #[arg(long)]
        id: Option<String>,
        /// Keep printing what the service writes until it stops (or Ctrl-C).
        #[arg(long, short)]
        follow: bool,
    },
    /// Stop every process group of a sandbox (default: the newest one up).
    Down {
        #[arg(long)]
        id: Option<String>,
        #[command(flatten)]
        output: JsonFlag,
    },
}

#[derive(Debug, Args)]
pub struct VerifyArgs {
    /// The sandbox to verify (default: the newest one up; with none up, one is brought up on
    /// the registered repos and brought down afterwards).
    #[arg(long)]
    pub sandbox: Option<String>,
    /// Only the checks whose name contains this.
    #[arg(long)]
    pub only: Option<String>,
    /// Rehearse the rollout of --ref BRANCH: bring up each mixed version the rollout passes
    /// through (providers first) and verify each.
    #[arg(long, requires = "git_ref")]
    pub rehearse: bool,
    /// The branch to rehearse.
    #[arg(long = "ref", value_name = "BRANCH")]
    pub git_ref: Option<String>,
    #[command(flatten)]
    pub output: JsonFlag,
}

pub async fn run(context: &Context, command: SandboxCommand) -> anyhow::Result<ExitCode> {
    let home = context.home()?;
    match command {
        SandboxCommand::Up { git_ref, no_isolation, private_network, output: flag } => {
            let options = SandboxOptions { label: None, without_isolation: no_isolation };
            let network = if private_network { sandbox::NetworkChoice::Private } else { sandbox::NetworkChoice::Host };
            eprintln!("bringing the sandbox up{}", git_ref.as_deref().map(|branch| format!(" on {branch}")).unwrap_or_default());
            let report = tokio::select! {
                report = sandbox::up_registered_on_network(&home, git_ref.as_deref(), &options, network) => report?,
                _ = tokio::signal::ctrl_c() => {
                    eprintln!("interrupted: stopping what was started");
                    sandbox::stop_own_sandboxes(&home).await;
                    return Ok(ExitCode::from(130));
                }
            };
            if flag.json {
                return output::json(&report).map(|()| ExitCode::SUCCESS);
            }
            if let Some(note) = &report.isolation_note {
                eprintln!("isolation: {} ({note})", report.isolation);
            }
            for repo in &report.undeclared_repos {
                eprintln!("note: repo {repo} declares no services (.factory/services.toml, home services/{repo}.toml or Procfile)");
            }
            println!("sandbox {} up in {} ms", report.id, report.elapsed_ms);
            print!("{}", services_table(&report.services));
            println!("stop it with `factory sandbox down`; check it with `factory verify`");
        }
        SandboxCommand::Status { id, all, output: flag } => {
            if all {
                let sandboxes = sandbox::list_sandboxes(&home).await;
                if flag.json {
                    return output::json(&sandboxes).map(|()| ExitCode::SUCCESS);
                }
                let mut rows = vec![vec!["id".to_string(), "phase".to_string(), "services".to_string()]];
                rows.extend(sandboxes.iter().map(|sandbox| {
                    vec![sandbox.id.clone(), json_word(&sandbox.phase), sandbox.services.len().to_string()]
                }));
                print!("{}", output::table(&rows));
                return Ok(ExitCode::SUCCESS);
            }
            let status = sandbox::status(&home, id.as_deref()).await?;
            let code = if status.all_healthy() { ExitCode::SUCCESS } else { ExitCode::from(1) };
            if flag.json {
                return output::json(&status).map(|()| code);
            }
            println!("sandbox {} ({}, isolation {}, {} network)", status.id, json_word(&status.phase), status.isolation, status.network);
            print!("{}", services_table(&status.services));
            if status.network == "private" {
                println!("(private network: these URLs answer only inside the sandbox)");
            }
            for service in status.services.iter().filter(|service| service.reason.is_some()) {
                println!("{}: {}", service.name, service.reason.as_deref().unwrap_or_default());
            }
            return Ok(code);
        }
        SandboxCommand::Logs { service, id, follow } => {
            let log = sandbox::service_log(&home, id.as_deref(), &service)?;
            return print_log(&home, id.as_deref(), &log, follow).await;
        }
        SandboxCommand::Down { id, output: flag } => {
            let report = sandbox::down(&home, id.as_deref()).await?;
            let code = if report.leftover_pids.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) };
            if flag.json {
                return output::json(&report).map(|()| code);
            }
            println!("sandbox {} down in {} ms", report.id, report.duration_ms);
            for service in &report.services {
                let how = if service.killed { "killed after its grace period" } else { "stopped" };
                println!("  {:<20} {how} ({} ms)", service.name, service.duration_ms);
            }
            if !report.leftover_pids.is_empty() {
                eprintln!("error: processes still alive: {:?}", report.leftover_pids);
            }
            return Ok(code);
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub async fn verify(context: &Context, args: VerifyArgs) -> anyhow::Result<ExitCode> {
    let home = context.home()?;
    if let (true, Some(branch)) = (args.rehearse, args.git_ref.as_deref()) {
        return rehearse(&home, branch, args.output.json).await;
    }
    if args.git_ref.is_some() {
        anyhow::bail!(factory_app::AppError::Input(
            "--ref goes with --rehearse; to verify a branch, run `factory sandbox up --ref BRANCH` then `factory verify`".into()
        ));
    }
    let report = tokio::select! {
        report = sandbox::verify(&home, args.sandbox.as_deref(), args.only.as_deref()) => report?,
        _ = tokio::signal::ctrl_c() => {
            eprintln!("interrupted: stopping any sandbox this verify brought up");
            sandbox::stop_own_sandboxes(&home).await;
            return Ok(ExitCode::from(130));
        }
    };
    let code = if report.verdict == Verdict::Pass { ExitCode::SUCCESS } else { ExitCode::from(1) };
    if args.output.json {
        return output::json(&report).map(|()| code);
    }
    for check in &report.checks {
        println!("{:<8} {} ({}, {} ms)", json_word(&check.verdict), check.name, json_word(&check.kind), check.duration_ms);
        println!("         {}", check.reason);
        for test in check.tests.iter().filter(|test| test.verdict != Verdict::Pass) {
            println!("         {} {}: {}", json_word(&test.verdict), test.name, test.message.as_deref().unwrap_or(""));
        }
        for artifact in &check.artifacts {
            println!("         artifact {}", artifact.display());
        }
        if let Some(tail) = &check.output_tail {
            println!("         output:");
            for line in tail.lines() {
                println!("           {line}");
            }
        }
        for log in &check.service_logs {
            println!("         last lines of {} ({}):", log.service, log.log_path.display());
            for line in &log.lines {
                println!("           {line}");
            }
        }
    }
    println!(
        "verify {}: {} passed, {} failed, {} unknown in {} ms (sandbox {})",
        json_word(&report.verdict),
        report.passed,
        report.failed,
        report.unknown,
        report.duration_ms,
        report.sandbox
    );
    Ok(code)
}

async fn rehearse(home: &factory_app::Home, branch: &str, json: bool) -> anyhow::Result<ExitCode> {
    eprintln!("rehearsing the rollout of {branch}");
    let report = tokio::select! {
        report = sandbox::rehearse(home, branch, None) => report?,
        _ = tokio::signal::ctrl_c() => {
            eprintln!("interrupted: stopping the rehearsal's sandbox");
            sandbox::stop_own_sandboxes(home).await;
            return Ok(ExitCode::from(130));
        }
    };
    let code = if report.verdict == Verdict::Pass { ExitCode::SUCCESS } else { ExitCode::from(1) };
    if json {
        return output::json(&report).map(|()| code);
    }
    println!("rollout order: {}", report.rollout_order.join(", "));
    for (number, step) in report.steps.iter().enumerate() {
        let new = if step.new_repos.is_empty() { "nothing new".to_string() } else { format!("new {}", step.new_repos.join(", ")) };
        println!("step {number} ({new}): {}", json_word(&step.verdict));
        if let Some(error) = &step.error {
            println!("  {}", error.lines().collect::<Vec<_>>().join("\n  "));
        }
        for check in step.report.iter().flat_map(|report| &report.checks).filter(|check| check.verdict != Verdict::Pass) {
            println!("  {} {}: {}", json_word(&check.verdict), check.name, check.reason);
        }
    }
    println!("rehearsal {}", json_word(&report.verdict));
    Ok(code)
}

/// The machine part of `factory doctor`, for people.
pub fn print_doctor(report: &sandbox::DoctorReport) {
    println!("isolation: {}", report.isolation);
    println!("network:   {}", report.network);
    for capability in &report.capabilities {
        let mark = if capability.available { "yes" } else { "no" };
        println!("  {:<16} {mark:<4} {}", capability.name, capability.detail);
    }
}

async fn print_log(home: &factory_app::Home, id: Option<&str>, log: &sandbox::ServiceLog, follow: bool) -> anyhow::Result<ExitCode> {
    let mut file = match std::fs::File::open(&log.log_path) {
        Ok(file) => file,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound && !follow => {
            eprintln!("{} has written no log yet ({})", log.service, log.log_path.display());
            return Ok(ExitCode::SUCCESS);
        }
        Err(error) => return Err(anyhow::anyhow!("could not read {}: {error}", log.log_path.display())),
    };
    let mut stdout = std::io::stdout();
    let mut buffer = Vec::new();
    file.read_to_end(&mut buffer)?;
    stdout.write_all(&buffer)?;
    stdout.flush()?;
    if !follow {
        return Ok(ExitCode::SUCCESS);
    }
    loop {
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_millis(200)) => {}
            _ = tokio::signal::ctrl_c() => return Ok(ExitCode::SUCCESS),
        }
        let position = file.stream_position()?;
        buffer.clear();
        file.read_to_end(&mut buffer)?;
        if buffer.is_empty() {
            let running = sandbox::service_log(home, id, &log.service).map(|now| now.running).unwrap_or(false);
            if !running {
                eprintln!("{} is not running any more", log.service);
                return Ok(ExitCode::SUCCESS);
            }
            file.seek(std::io::SeekFrom::Start(position))?;
            continue;
        }
        stdout.write_all(&buffer)?;
        stdout.flush()?;
    }
}

fn services_table(services: &[ServiceStatus]) -> String {
    let mut rows = vec![["service", "state", "url", "pid", "log"].map(str::to_string).to_vec()];
    rows.extend(services.iter().map(|service| {
        vec![
            service.name.clone(),
            json_word(&service.state),
            service.url.clone().unwrap_or_else(|| "-".into()),
            service.pid.map_or_else(|| "-".into(), |pid| pid.to_string()),
            service.log_path.display().to_string(),
        ]
    }));
    output::table(&rows)
}

/// How a serde enum reads in JSON (`healthy`, `http-contract`), for the human tables.
fn json_word<T: serde::Serialize>(value: &T) -> String {
    serde_json::to_value(value).ok().and_then(|value| value.as_str().map(str::to_string)).unwrap_or_else(|| "?".into())
}
