//! Benchmark: supervisor overhead and teardown time on the demo org acme.
//!
//! `cargo run -p factory-sandbox --example sandbox_bench [ROUNDS] [none|private]` (`none`:
//! without bwrap; `private`: on a private loopback-only network)
//!
//! For each round it measures (a) the services' own start time: the same commands, environment
//! and setup/seed steps run by hand, in dependency order (orders-api, then web and
//! billing-worker in parallel), with `/health` polled every 5 ms and no isolation; (b) `up`
//! through the supervisor as declared (bwrap when available, the declared probe periods); and
//! (c) `down`. Overhead is (b) minus (a). Figures go to docs/benchmarks.md by hand.
#![expect(clippy::print_stdout, reason = "a benchmark prints its figures")]

use std::collections::BTreeMap;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use factory_sandbox::{Checkout, SandboxState, UpConfig, down, up};

#[tokio::main]
async fn main() {
    let rounds: usize = std::env::args().nth(1).and_then(|arg| arg.parse().ok()).unwrap_or(5);
    let mode = std::env::args().nth(2);
    let isolation = match mode.as_deref() {
        Some("none") => factory_sandbox::IsolationChoice::None,
        _ => factory_sandbox::IsolationChoice::Auto,
    };
    let network = match mode.as_deref() {
        Some("private") => factory_sandbox::NetworkChoice::Private,
        _ => factory_sandbox::NetworkChoice::Host,
    };
    let temp = tempfile::tempdir().expect("temp dir");
    let written = factory_demo::write_repos(&temp.path().join("repos")).expect("acme repos");
    let checkouts: Vec<Checkout> =
        written.iter().map(|repo| Checkout { repo: repo.name.clone(), path: repo.path.clone() }).collect();
    let sandboxes = temp.path().join("home/.factory/sandboxes");
    let home_services = temp.path().join("home/services");
    let mut rows = Vec::new();
    for round in 0..rounds {
        let config = UpConfig { label: format!("bench{round}"), isolation, network, ..UpConfig::default() };
        let started = Instant::now();
        let state = up(&sandboxes, &home_services, &checkouts, &config).await.expect("acme comes up");
        let supervised = started.elapsed();
        let isolation = format!("{}{}", state.isolation, if state.network.netns().is_some() { "+private-net" } else { "" });
        let stopped = Instant::now();
        let report = down(state.clone()).await.expect("down");
        let teardown = stopped.elapsed();
        assert!(report.leftover_pids.is_empty(), "processes left: {:?}", report.leftover_pids);
        let own = by_hand(&state);
        rows.push((own, supervised, teardown, isolation));
    }
    println!("round  own_start_ms  supervised_up_ms  overhead_ms  teardown_ms  isolation");
    for (round, (own, supervised, teardown, isolation)) in rows.iter().enumerate() {
        println!(
            "{round:>5}  {:>12}  {:>16}  {:>11}  {:>11}  {isolation}",
            own.as_millis(),
            supervised.as_millis(),
            supervised.as_millis() as i128 - own.as_millis() as i128,
            teardown.as_millis()
        );
    }
    let median = |mut values: Vec<u128>| {
        values.sort_unstable();
        values[values.len() / 2]
    };
    let own = median(rows.iter().map(|row| row.0.as_millis()).collect());
    let supervised = median(rows.iter().map(|row| row.1.as_millis()).collect());
    let teardown = median(rows.iter().map(|row| row.2.as_millis()).collect());
    println!("median own start {own} ms, supervised up {supervised} ms, overhead {} ms, teardown {teardown} ms", supervised as i128 - own as i128);
}

/// Runs acme's services by hand with the environment the supervisor gave them (fresh ports and
/// a fresh database), in dependency order; returns the time until all answer `/health`.
fn by_hand(state: &SandboxState) -> Duration {
    let started = Instant::now();
    let mut children = Vec::new();
    let fresh = tempfile::tempdir().expect("fresh folder");
    let mut env_by_service: BTreeMap<String, BTreeMap<String, String>> = BTreeMap::new();
    let mut urls = BTreeMap::new();
    for service in &state.services {
        let port = std::net::TcpListener::bind(("127.0.0.1", 0)).and_then(|listener| listener.local_addr()).expect("port").port();
        urls.insert(service.name.clone(), port);
    }
    for service in &state.services {
        let folder = fresh.path().join(&service.name);
        std::fs::create_dir_all(&folder).expect("service folder");
        let mut env = service.env.clone();
        for (key, value) in env.iter_mut() {
            *value = value.replace(&service.sandbox_dir.display().to_string(), &folder.display().to_string());
            if key == "PORT" || key == "HTTP_PORT" {
                *value = urls[&service.name].to_string();
            }
            if let Some(other) = key.strip_suffix("_URL")
                && let Some((_, port)) = urls.iter().find(|(name, _)| name.to_uppercase().replace('-', "_") == other)
            {
                *value = format!("http://127.0.0.1:{port}");
            }
        }
        env_by_service.insert(service.name.clone(), env);
    }
    let levels: [&[&str]; 2] = [&["orders-api"], &["web", "billing-worker"]];
    let declarations = factory_sandbox::declarations::load_org(&state.checkouts, Path::new("/nonexistent")).expect("declarations");
    for level in levels {
        let mut waiting = Vec::new();
        for name in level {
            let declaration = declarations.services.iter().find(|service| service.name == *name).expect("acme service");
            let env = &env_by_service[*name];
            for step in &declaration.setup {
                run(step, &declaration.cwd, env);
            }
            let child = Command::new(&declaration.command[0])
                .args(&declaration.command[1..])
                .current_dir(&declaration.cwd)
                .envs(env)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("service starts");
            children.push(child);
            waiting.push((declaration, urls[*name]));
        }
        for (declaration, port) in waiting {
            wait_healthy(port);
            for step in &declaration.seed {
                run(step, &declaration.cwd, &env_by_service[&declaration.name]);
            }
        }
    }
    let elapsed = started.elapsed();
    for mut child in children {
        let _ = child.kill();
        let _ = child.wait();
    }
    elapsed
}

fn run(argv: &[String], cwd: &Path, env: &BTreeMap<String, String>) {
    let status = Command::new(&argv[0]).args(&argv[1..]).current_dir(cwd).envs(env).stdout(Stdio::null()).status().expect("step runs");
    assert!(status.success(), "`{}` failed", argv.join(" "));
}

fn wait_healthy(port: u16) {
    use std::io::{Read as _, Write as _};
    let started = Instant::now();
    loop {
        if let Ok(mut stream) = std::net::TcpStream::connect(("127.0.0.1", port)) {
            let _ = stream.write_all(b"GET /health HTTP/1.0\r\n\r\n");
            let mut answer = String::new();
            if stream.read_to_string(&mut answer).is_ok() && answer.starts_with("HTTP/1.0 200") {
                return;
            }
        }
        assert!(started.elapsed() < Duration::from_secs(30), "port {port} never became healthy");
        std::thread::sleep(Duration::from_millis(5));
    }
}
