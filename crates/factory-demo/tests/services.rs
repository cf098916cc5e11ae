//! Each acme service starts with nothing but python3 and answers on its health endpoint.

use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// A child process killed when the test ends, however it ends.
struct Service(Child);

impl Drop for Service {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0").expect("bind").local_addr().expect("addr").port()
}

fn get(port: u16, path: &str) -> Option<(u16, String)> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(2))).ok()?;
    write!(stream, "GET {path} HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n").ok()?;
    let mut response = String::new();
    stream.read_to_string(&mut response).ok()?;
    let status = response.split_whitespace().nth(1)?.parse().ok()?;
    let body = response.split("\r\n\r\n").nth(1).unwrap_or_default().to_string();
    Some((status, body))
}

fn wait_for_health(port: u16, service: &mut Service, name: &str) -> serde_json::Value {
    let deadline = Instant::now() + Duration::from_secs(20);
    while Instant::now() < deadline {
        if let Some((200, body)) = get(port, "/health") {
            return serde_json::from_str(&body).unwrap_or_else(|error| panic!("{name}: /health is not JSON ({error}): {body}"));
        }
        if let Ok(Some(status)) = service.0.try_wait() {
            panic!("{name} exited early with {status}");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    panic!("{name} did not answer /health on port {port} within 20s");
}

fn run_step(repo: &Path, args: &[&str], env: &[(&str, String)]) {
    let status = Command::new("python3").current_dir(repo).args(args).envs(env.iter().map(|(k, v)| (*k, v.as_str()))).status().expect("python3 runs");
    assert!(status.success(), "python3 {args:?} failed in {}", repo.display());
}

fn start(repo: &Path, args: &[&str], env: &[(&str, String)]) -> Service {
    let child = Command::new("python3")
        .current_dir(repo)
        .args(args)
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("python3 starts");
    Service(child)
}

#[test]
fn every_demo_service_answers_its_health_endpoint() {
    let temp = tempfile::tempdir().expect("tempdir");
    let repos = factory_demo::write_repos(temp.path()).expect("write the demo repos");
    assert_eq!(repos.iter().map(|repo| repo.name.as_str()).collect::<Vec<_>>(), ["billing-worker", "orders-api", "platform", "web"]);

    let orders = temp.path().join("orders-api");
    let orders_port = free_port();
    let orders_env = vec![("PORT", orders_port.to_string()), ("ORDERS_DB", temp.path().join("orders.db").display().to_string())];
    run_step(&orders, &["-m", "orders_api.migrate"], &orders_env);
    run_step(&orders, &["-m", "orders_api.seed"], &orders_env);
    let mut orders_service = start(&orders, &["-m", "orders_api"], &orders_env);
    let health = wait_for_health(orders_port, &mut orders_service, "orders-api");
    assert_eq!(health["status"], "ok");
    let (status, body) = get(orders_port, "/orders").expect("GET /orders");
    assert_eq!(status, 200);
    let orders_json: serde_json::Value = serde_json::from_str(&body).expect("orders JSON");
    assert_eq!(orders_json["orders"].as_array().map(Vec::len), Some(3), "three seeded orders");

    let orders_url = format!("http://127.0.0.1:{orders_port}");
    let web_port = free_port();
    let mut web = start(&temp.path().join("web"), &["server.py"], &[("PORT", web_port.to_string()), ("ORDERS_API_URL", orders_url.clone())]);
    assert_eq!(wait_for_health(web_port, &mut web, "web")["status"], "ok");
    let (status, body) = get(web_port, "/api/orders").expect("GET /api/orders through web");
    assert_eq!(status, 200, "{body}");

    let billing_port = free_port();
    let sink = temp.path().join("events.jsonl");
    let mut billing = start(
        &temp.path().join("billing-worker"),
        &["-m", "billing"],
        &[("PORT", billing_port.to_string()), ("ORDERS_API_URL", orders_url), ("EVENT_SINK", sink.display().to_string()), ("POLL_SECONDS", "0.2".into())],
    );
    assert_eq!(wait_for_health(billing_port, &mut billing, "billing-worker")["status"], "ok");
    let deadline = Instant::now() + Duration::from_secs(20);
    let mut events = String::new();
    while Instant::now() < deadline && events.lines().count() < 3 {
        events = std::fs::read_to_string(&sink).unwrap_or_default();
        std::thread::sleep(Duration::from_millis(50));
    }
    let first: serde_json::Value = serde_json::from_str(events.lines().next().expect("an event was published")).expect("event JSON");
    assert_eq!(first["channel"], "order.invoiced");
    assert!(first["payload"]["amount_cents"].is_i64());
}
