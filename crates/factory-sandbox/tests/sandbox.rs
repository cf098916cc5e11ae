//! The sandbox with real processes on allocated ports: tiny python3 services in temp repos.

mod support;

use factory_sandbox::checks::{VerifyConfig, verify};
use factory_sandbox::status::status;
use factory_sandbox::{SandboxError, down, up};
use support::{config, home_services, leftovers, repo, sandboxes};

const TWO_SERVICES: &str = r#"
[[service]]
name = "api"
command = ["python3", "service.py"]
ports = ["http"]
env = { START_DELAY = "0.3" }
ready = { http = "/health", period_ms = 50, failure_threshold = 200 }

[[service]]
name = "web"
command = ["python3", "service.py"]
ports = ["http"]
env = { NEEDS = "api" }
depends_on = [{ service = "api", condition = "healthy" }]
ready = { log = "ready on port", period_ms = 50, failure_threshold = 200 }
stop = { signal = "INT", grace_ms = 1000 }
"#;

#[tokio::test]
async fn services_start_in_dependency_order_and_down_leaves_nothing() {
    let temp = tempfile::tempdir().expect("temp dir");
    let checkout = repo(temp.path(), "shop", TWO_SERVICES);
    let state = up(&sandboxes(temp.path()), &home_services(temp.path()), std::slice::from_ref(&checkout), &config("order"))
        .await
        .expect("the sandbox comes up");
    let order = std::fs::read_to_string(checkout.path.join("order.txt")).expect("order.txt");
    let report = status(&state).await;
    let states: Vec<(String, serde_json::Value)> = report
        .services
        .iter()
        .map(|service| (service.name.clone(), serde_json::to_value(service.state).expect("state")))
        .collect();
    let reloaded = factory_sandbox::SandboxState::load(&state.dir).expect("state file");
    let web = reloaded.service("web").expect("web recorded");
    let api_url = reloaded.service("api").and_then(|api| api.url.clone()).expect("api url");
    assert_eq!(web.env.get("API_URL"), Some(&api_url));
    assert!(web.pid.is_some() && web.pgid == web.pid, "pid and pgid recorded: {web:?}");
    let down_report = down(reloaded).await.expect("down");
    insta::assert_json_snapshot!(serde_json::json!({
        "order": order.lines().collect::<Vec<_>>(),
        "status": states,
        "leftovers_after_down": down_report.leftover_pids,
        "leftovers_by_proc": leftovers(&state),
    }));
}

#[tokio::test]
async fn a_readiness_timeout_names_the_service_and_shows_its_log() {
    let temp = tempfile::tempdir().expect("temp dir");
    let checkout = repo(
        temp.path(),
        "slow",
        r#"
[[service]]
name = "stuck"
command = ["python3", "service.py"]
ports = ["http"]
env = { NEVER_LISTEN = "1" }
ready = { http = "/health", period_ms = 100, timeout_ms = 200, failure_threshold = 30 }
"#,
    );
    let error = up(&sandboxes(temp.path()), &home_services(temp.path()), &[checkout], &config("stuck"))
        .await
        .expect_err("the service never listens");
    let SandboxError::Startup { sandbox, service, .. } = &error else { panic!("expected a startup error, got {error}") };
    assert_eq!(service, "stuck");
    let state = factory_sandbox::SandboxState::load(&sandboxes(temp.path()).join(sandbox)).expect("state");
    let message = error.to_string().replace(&temp.path().display().to_string(), "[TMP]").replace(sandbox.as_str(), "[ID]");
    let message = regex_lite_ports(&message);
    // The number of probes and the last error depend on the machine's load.
    let message = match (message.find("kept failing, "), message.find(")\nlast log lines")) {
        (Some(start), Some(end)) => format!("{}kept failing, [N] probes (last: [ERROR]{}", &message[..start], &message[end..]),
        _ => message,
    };
    insta::assert_snapshot!(message);
    assert_eq!(leftovers(&state), Vec::<u32>::new());
    assert_eq!(serde_json::to_value(state.phase).expect("phase"), "failed");
}

/// Replaces `127.0.0.1:<port>` with `127.0.0.1:[PORT]`.
fn regex_lite_ports(text: &str) -> String {
    let mut out = String::new();
    let mut rest = text;
    while let Some(at) = rest.find("127.0.0.1:") {
        out.push_str(&rest[..at + 10]);
        rest = &rest[at + 10..];
        let digits = rest.chars().take_while(char::is_ascii_digit).count();
        out.push_str("[PORT]");
        rest = &rest[digits..];
    }
    out.push_str(rest);
    out
}

#[tokio::test]
async fn two_sandboxes_side_by_side_do_not_collide() {
    let temp = tempfile::tempdir().expect("temp dir");
    let checkout = repo(temp.path(), "shop", TWO_SERVICES);
    let sandboxes_dir = sandboxes(temp.path());
    let home = home_services(temp.path());
    let twin = config("twin");
    let (first, second) = tokio::join!(
        up(&sandboxes_dir, &home, std::slice::from_ref(&checkout), &twin),
        up(&sandboxes_dir, &home, std::slice::from_ref(&checkout), &twin),
    );
    let (first, second) = (first.expect("first sandbox"), second.expect("second sandbox"));
    let ports = |state: &factory_sandbox::SandboxState| -> Vec<u16> {
        state.services.iter().flat_map(|service| service.ports.values().copied()).collect()
    };
    let (first_ports, second_ports) = (ports(&first), ports(&second));
    let first_status = status(&first).await;
    let second_status = status(&second).await;
    down(first.clone()).await.expect("down first");
    down(second.clone()).await.expect("down second");
    assert_ne!(first.id, second.id);
    assert_ne!(first.dir, second.dir);
    assert!(first_ports.iter().all(|port| !second_ports.contains(port)), "{first_ports:?} vs {second_ports:?}");
    assert!(first_status.all_healthy() && second_status.all_healthy(), "{first_status:?} {second_status:?}");
    assert_eq!((leftovers(&first), leftovers(&second)), (Vec::new(), Vec::new()));
}

#[tokio::test]
async fn a_response_that_violates_its_schema_is_caught() {
    let temp = tempfile::tempdir().expect("temp dir");
    let checkout = repo(
        temp.path(),
        "orders",
        r#"
[[service]]
name = "orders"
command = ["python3", "service.py"]
ports = ["http"]
env = { BODY = '{"orders": [{"id": "one", "total": 5}]}' }
ready = { http = "/health", period_ms = 50, failure_threshold = 200 }

[[check]]
name = "orders contract"
kind = "http-contract"
service = "orders"
"#,
    );
    std::fs::write(
        checkout.path.join("openapi.yaml"),
        r##"openapi: 3.0.3
info: { title: Orders, version: "1" }
paths:
  /health:
    get:
      responses:
        "200":
          description: ok
          content: { application/json: { schema: { $ref: "#/components/schemas/Health" } } }
  /orders:
    get:
      responses:
        "200":
          description: every order
          content: { application/json: { schema: { $ref: "#/components/schemas/OrderList" } } }
  /orders/{id}:
    get:
      responses: { "200": { description: one order } }
components:
  schemas:
    Health:
      type: object
      required: [status]
      properties: { status: { type: string, enum: [ok] } }
    OrderList:
      type: object
      required: [orders]
      properties: { orders: { type: array, items: { $ref: "#/components/schemas/Order" } } }
    Order:
      type: object
      required: [id, total_cents]
      properties: { id: { type: integer }, total_cents: { type: integer } }
"##,
    )
    .expect("openapi.yaml");
    let state = up(&sandboxes(temp.path()), &home_services(temp.path()), &[checkout], &config("contract"))
        .await
        .expect("up");
    let report = verify(&state, &VerifyConfig::default()).await;
    down(state.clone()).await.expect("down");
    let check = &report.checks[0];
    insta::assert_json_snapshot!(serde_json::json!({
        "verdict": report.verdict,
        "check_verdict": check.verdict,
        "reason": check.reason,
        "tests": check.tests,
        "logs_attached_for": check.service_logs.iter().map(|log| &log.service).collect::<Vec<_>>(),
    }));
}

#[tokio::test]
async fn a_command_check_reads_junit_and_a_failure_is_not_a_pass() {
    let temp = tempfile::tempdir().expect("temp dir");
    let checkout = repo(
        temp.path(),
        "tests",
        r#"
[[check]]
name = "unit tests"
kind = "command"
command = ["sh", "-c", "cp junit-src.xml junit.xml; echo two tests, one failing; exit 1"]
junit = "junit.xml"

[[check]]
name = "missing program"
kind = "command"
command = ["no-such-program-anywhere"]
"#,
    );
    std::fs::write(
        checkout.path.join("junit-src.xml"),
        r#"<testsuite><testcase classname="t" name="adds"/><testcase classname="t" name="rounds"><failure message="0.1 + 0.2"/></testcase></testsuite>"#,
    )
    .expect("junit");
    let state = up(&sandboxes(temp.path()), &home_services(temp.path()), &[checkout], &config("commands"))
        .await
        .expect("up with no services");
    let report = verify(&state, &VerifyConfig::default()).await;
    down(state).await.expect("down");
    let summary: Vec<serde_json::Value> = report
        .checks
        .iter()
        .map(|check| serde_json::json!({ "name": check.name, "verdict": check.verdict, "reason": check.reason, "tests": check.tests, "output_tail": check.output_tail }))
        .collect();
    insta::assert_json_snapshot!(serde_json::json!({ "verdict": report.verdict, "checks": summary }));
}

#[tokio::test]
async fn a_bad_declaration_names_the_file_and_key() {
    let temp = tempfile::tempdir().expect("temp dir");
    let checkout = repo(
        temp.path(),
        "bad",
        r#"
[[service]]
name = "api"
command = ["python3", "service.py"]
ready = { tcp = "grpc" }
"#,
    );
    let error = up(&sandboxes(temp.path()), &home_services(temp.path()), &[checkout], &config("bad"))
        .await
        .expect_err("tcp names an undeclared port");
    insta::assert_snapshot!(error.to_string().replace(&temp.path().display().to_string(), "[TMP]"));
}

#[tokio::test]
async fn a_published_message_that_breaks_its_asyncapi_schema_is_caught() {
    let temp = tempfile::tempdir().expect("temp dir");
    let checkout = repo(
        temp.path(),
        "billing",
        r#"
[[service]]
name = "billing"
command = ["python3", "service.py"]
ports = ["http"]
env = { EVENT_LINE = '{"channel": "order.invoiced", "message": "OrderInvoiced", "payload": {"invoice_id": "inv-1", "order_id": "1"}}' }
ready = { http = "/health", period_ms = 50, failure_threshold = 200 }

[[check]]
name = "billing events"
kind = "message"
service = "billing"
"#,
    );
    std::fs::write(
        checkout.path.join("asyncapi.yaml"),
        r##"asyncapi: 2.6.0
info: { title: Billing, version: "1" }
channels:
  order.invoiced:
    publish:
      message: { $ref: "#/components/messages/OrderInvoiced" }
components:
  messages:
    OrderInvoiced:
      name: OrderInvoiced
      payload: { $ref: "#/components/schemas/Payload" }
  schemas:
    Payload:
      type: object
      required: [invoice_id, order_id, amount_cents]
      properties: { invoice_id: { type: string }, order_id: { type: integer }, amount_cents: { type: integer } }
"##,
    )
    .expect("asyncapi.yaml");
    // A consumer that reads the same channel and needs `currency` too.
    let consumer = repo(temp.path(), "ledger", "");
    std::fs::write(
        consumer.path.join("asyncapi.yaml"),
        r##"asyncapi: 2.6.0
info: { title: Ledger, version: "1" }
channels:
  order.invoiced:
    subscribe:
      message:
        name: OrderInvoiced
        payload: { type: object, required: [invoice_id, currency] }
"##,
    )
    .expect("consumer asyncapi.yaml");
    let state = up(&sandboxes(temp.path()), &home_services(temp.path()), &[checkout, consumer], &config("message")).await.expect("up");
    let report = verify(&state, &VerifyConfig::default()).await;
    down(state).await.expect("down");
    let check = &report.checks[0];
    insta::assert_json_snapshot!(serde_json::json!({ "verdict": check.verdict, "reason": check.reason, "tests": check.tests }));
}

/// Needs bubblewrap: `cargo test -p factory-sandbox --features bwrap-tests`.
#[cfg(feature = "bwrap-tests")]
#[tokio::test]
async fn a_sandboxed_service_cannot_write_outside_its_folders() {
    let temp = tempfile::tempdir().expect("temp dir");
    let outside_dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("isolation-{}", std::process::id()));
    std::fs::create_dir_all(&outside_dir).expect("outside folder");
    let outside = outside_dir.join("escaped.txt");
    let checkout = repo(
        temp.path(),
        "jail",
        &format!(
            r#"
[[service]]
name = "jail"
command = ["python3", "service.py"]
ports = ["http"]
env = {{ WRITE_OUTSIDE = "{}" }}
ready = {{ http = "/health", period_ms = 50, failure_threshold = 200 }}
"#,
            outside.display()
        ),
    );
    let state = up(&sandboxes(temp.path()), &home_services(temp.path()), &[checkout], &config("jail")).await.expect("up");
    let record = state.service("jail").expect("jail").clone();
    down(state.clone()).await.expect("down");
    let log = std::fs::read_to_string(&record.log_path).expect("log");
    let inside = std::fs::read_to_string(record.sandbox_dir.join("inside.txt")).unwrap_or_default();
    let _ = std::fs::remove_dir_all(&outside_dir);
    assert_eq!(state.isolation, "bwrap", "bwrap must be usable when bwrap-tests is on: {:?}", state.isolation_note);
    assert!(log.contains("write outside: denied"), "the write outside was not denied:\n{log}");
    assert!(!outside.exists(), "{} was written from inside the sandbox", outside.display());
    assert_eq!(inside, "ok\n", "the service could not write its own folder:\n{log}");
}

/// Needs Debian's chromium: `cargo test -p factory-sandbox --features browser-tests`.
#[cfg(feature = "browser-tests")]
#[tokio::test]
async fn a_browser_check_waits_for_the_page_and_saves_a_png() {
    let temp = tempfile::tempdir().expect("temp dir");
    let page = r#"<html><body><p id=msg>loading</p><script>setTimeout(function () { document.getElementById('msg').textContent = 'hello from js'; document.body.setAttribute('data-loaded', 'true'); }, 300);</script></body></html>"#;
    let checkout = repo(
        temp.path(),
        "site",
        &format!(
            r#"
[[service]]
name = "site"
command = ["python3", "service.py"]
ports = ["http"]
env = {{ PAGE = '''{page}''' }}
ready = {{ http = "/health", period_ms = 50, failure_threshold = 200 }}

[[check]]
name = "page renders"
kind = "browser"
service = "site"
path = "/page"
wait_for = "body[data-loaded=true]"
expect_text = "hello from js"
screenshot = "page.png"

[[check]]
name = "page shows a missing text"
kind = "browser"
service = "site"
path = "/broken"
expect_text = "goodbye"
"#
        ),
    );
    let state = up(&sandboxes(temp.path()), &home_services(temp.path()), &[checkout], &config("browser")).await.expect("up");
    let report = verify(&state, &VerifyConfig::default()).await;
    let command_line = VerifyConfig { browser_driver: factory_sandbox::checks::BrowserDriver::CommandLine, ..VerifyConfig::default() };
    let command_line_report = verify(&state, &command_line).await;
    down(state).await.expect("down");
    for (driver, report) in [("devtools", &report), ("command line", &command_line_report)] {
        let checks: Vec<_> = report.checks.iter().map(|check| (check.verdict, check.reason.contains("--dump-dom"))).collect();
        assert_eq!(checks, [(factory_sandbox::Verdict::Pass, false), (factory_sandbox::Verdict::Fail, false)], "{driver}: {report:#?}");
    }
    let (renders, missing) = (&command_line_report.checks[0], &command_line_report.checks[1]);
    let png = renders.artifacts.iter().find(|path| path.extension().is_some_and(|ext| ext == "png")).expect("a screenshot");
    assert!(std::fs::read(png).expect("png").starts_with(b"\x89PNG"), "{} is not a PNG", png.display());
    assert_eq!(missing.verdict, factory_sandbox::Verdict::Fail, "{missing:#?}");
    let (renders, missing) = (&report.checks[0], &report.checks[1]);
    let evidence = missing.output_tail.as_deref().unwrap_or_default();
    assert!(evidence.contains("console.error: orders failed to load") && evidence.contains("uncaught: TypeError"), "{evidence}");
    assert_eq!(renders.verdict, factory_sandbox::Verdict::Pass, "{renders:#?}");
    let png = renders.artifacts.iter().find(|path| path.extension().is_some_and(|ext| ext == "png")).expect("a screenshot");
    let bytes = std::fs::read(png).expect("png");
    assert!(bytes.len() > 1000 && bytes.starts_with(b"\x89PNG"), "{} is not a real PNG", png.display());
    assert_eq!(missing.verdict, factory_sandbox::Verdict::Fail, "{missing:#?}");
}

#[tokio::test]
async fn pact_interactions_are_replayed_against_the_provider() {
    let temp = tempfile::tempdir().expect("temp dir");
    let provider = repo(
        temp.path(),
        "orders",
        r#"
[[service]]
name = "orders"
command = ["python3", "service.py"]
ports = ["http"]
env = { BODY = '{"orders": [{"id": 1, "total_cents": 4200}]}' }
ready = { http = "/health", period_ms = 50, failure_threshold = 200 }
"#,
    );
    let consumer = repo(
        temp.path(),
        "web",
        r#"
[[check]]
name = "web's pact with orders"
kind = "pact"
service = "orders"
pact = "pacts/web-orders.json"
"#,
    );
    std::fs::create_dir_all(consumer.path.join("pacts")).expect("pacts folder");
    std::fs::write(
        consumer.path.join("pacts/web-orders.json"),
        r#"{ "consumer": { "name": "web" }, "provider": { "name": "orders" }, "interactions": [
  { "description": "health", "request": { "method": "GET", "path": "/health" }, "response": { "status": 200, "body": { "status": "ok" } } },
  { "description": "orders with totals", "request": { "method": "GET", "path": "/orders" }, "response": { "status": 200, "body": { "orders": [{ "id": 1, "total": 4200 }] } } },
  { "description": "create an order", "request": { "method": "POST", "path": "/orders", "body": { "customer": "dan" } }, "response": { "status": 201, "body": { "customer": "dan", "id": 7 } } }
] }"#,
    )
    .expect("pact file");
    let state = up(&sandboxes(temp.path()), &home_services(temp.path()), &[provider, consumer], &config("pact")).await.expect("up");
    let report = verify(&state, &VerifyConfig::default()).await;
    down(state).await.expect("down");
    let check = &report.checks[0];
    insta::assert_json_snapshot!(serde_json::json!({ "verdict": check.verdict, "reason": check.reason, "tests": check.tests }));
}

#[tokio::test]
async fn a_one_shot_job_completes_before_its_dependent_starts() {
    let temp = tempfile::tempdir().expect("temp dir");
    let checkout = repo(
        temp.path(),
        "jobs",
        r#"
[[service]]
name = "migrate"
command = ["python3", "-c", "open('order.txt', 'a').write('migrate done\\n')"]

[[service]]
name = "api"
command = ["python3", "service.py"]
ports = ["http"]
depends_on = [{ service = "migrate", condition = "completed" }]
ready = { tcp = "http", period_ms = 50, failure_threshold = 200 }
"#,
    );
    let state = up(&sandboxes(temp.path()), &home_services(temp.path()), std::slice::from_ref(&checkout), &config("jobs"))
        .await
        .expect("up");
    let report = status(&state).await;
    down(state).await.expect("down");
    let order = std::fs::read_to_string(checkout.path.join("order.txt")).expect("order.txt");
    let states: Vec<(String, serde_json::Value)> = report
        .services
        .iter()
        .map(|service| (service.name.clone(), serde_json::to_value(service.state).expect("state")))
        .collect();
    insta::assert_json_snapshot!(serde_json::json!({ "order": order.lines().collect::<Vec<_>>(), "status": states }));
}

/// Needs bubblewrap and nsenter: `cargo test -p factory-sandbox --features bwrap-tests`.
#[cfg(feature = "bwrap-tests")]
#[tokio::test]
async fn a_private_network_is_shared_by_the_services_and_closed_to_the_host() {
    let temp = tempfile::tempdir().expect("temp dir");
    let services = format!(
        "{TWO_SERVICES}{}",
        r#"
[[check]]
name = "web reaches api from inside"
kind = "command"
command = ["python3", "-c", "import os, urllib.request; urllib.request.urlopen(os.environ['API_URL'] + '/health').read()"]
"#
    );
    let checkout = repo(temp.path(), "shop", &services);
    let config = factory_sandbox::UpConfig { network: factory_sandbox::NetworkChoice::Private, ..config("private") };
    let state = up(&sandboxes(temp.path()), &home_services(temp.path()), &[checkout], &config).await.expect("up");
    let report = status(&state).await;
    let verified = verify(&state, &VerifyConfig::default()).await;
    let api_port = state.service("api").and_then(|api| api.ports.get("http").copied()).expect("api port");
    let from_host = std::net::TcpStream::connect(("127.0.0.1", api_port)).is_ok();
    let holder = match &state.network {
        factory_sandbox::Network::Private { holder_pgid, .. } => *holder_pgid,
        factory_sandbox::Network::Host => panic!("bwrap-tests needs a private network: {:?}", state.isolation_note),
    };
    down(state.clone()).await.expect("down");
    assert!(report.all_healthy(), "{report:#?}");
    assert_eq!(verified.verdict, factory_sandbox::Verdict::Pass, "{verified:#?}");
    assert!(!from_host, "api's port {api_port} answers on the host network");
    assert!(!factory_sandbox::process::group_alive(holder), "the network holder survived `down`");
    assert_eq!(leftovers(&state), Vec::<u32>::new());
}

#[tokio::test]
async fn a_service_that_dies_after_up_is_reported_failed() {
    let temp = tempfile::tempdir().expect("temp dir");
    let checkout = repo(temp.path(), "shop", TWO_SERVICES);
    let state = up(&sandboxes(temp.path()), &home_services(temp.path()), &[checkout], &config("crash")).await.expect("up");
    let api = state.service("api").and_then(|api| api.pgid).expect("api group");
    factory_sandbox::process::kill_group(api, nix_kill());
    let mut report = status(&state).await;
    for _ in 0..250 {
        let api = report.services.iter().find(|service| service.name == "api");
        if api.and_then(|api| api.reason.as_deref()).is_some_and(|reason| reason.contains("is gone (")) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
        report = status(&state).await;
    }
    down(state).await.expect("down");
    let api = report.services.iter().find(|service| service.name == "api").expect("api");
    assert_eq!(api.state, factory_sandbox::ServiceState::Failed, "{report:#?}");
    let reason = api.reason.as_deref().unwrap_or_default();
    assert!(reason.contains("is gone (signal 9)"), "{reason}");
}

fn nix_kill() -> nix::sys::signal::Signal {
    nix::sys::signal::Signal::SIGKILL
}

#[tokio::test]
async fn one_failing_service_stops_the_others_without_waiting_for_them() {
    let temp = tempfile::tempdir().expect("temp dir");
    let checkout = repo(
        temp.path(),
        "mixed",
        r#"
[[service]]
name = "broken"
command = ["python3", "-c", "import sys; print('config missing'); sys.exit(3)"]
ports = ["http"]
ready = { http = "/health", period_ms = 100, failure_threshold = 600 }

[[service]]
name = "slow"
command = ["python3", "service.py"]
ports = ["http"]
env = { NEVER_LISTEN = "1" }
ready = { http = "/health", period_ms = 100, failure_threshold = 600 }
"#,
    );
    let error = up(&sandboxes(temp.path()), &home_services(temp.path()), &[checkout], &config("mixed"))
        .await
        .expect_err("broken exits");
    let SandboxError::Startup { sandbox, service, reason, last_lines, .. } = &error else { panic!("{error}") };
    let state = factory_sandbox::SandboxState::load(&sandboxes(temp.path()).join(sandbox)).expect("state");
    assert_eq!((service.as_str(), reason.as_str(), last_lines.as_str()), ("broken", "service `broken` exited (exit status 3) before it was ready", "  config missing"));
    assert_eq!(leftovers(&state), Vec::<u32>::new(), "the slow service was left running");
}

#[tokio::test]
async fn a_service_that_ignores_its_stop_signal_is_killed_after_the_grace_period() {
    let temp = tempfile::tempdir().expect("temp dir");
    let checkout = repo(
        temp.path(),
        "stubborn",
        r#"
[[service]]
name = "stubborn"
command = ["python3", "service.py"]
ports = ["http"]
env = { IGNORE_TERM = "1" }
ready = { http = "/health", period_ms = 50, failure_threshold = 200 }
stop = { signal = "TERM", grace_ms = 300 }
"#,
    );
    let state = up(&sandboxes(temp.path()), &home_services(temp.path()), &[checkout], &config("stubborn")).await.expect("up");
    let report = down(state.clone()).await.expect("down");
    let stopped: Vec<(&str, bool)> = report.services.iter().map(|service| (service.name.as_str(), service.killed)).collect();
    assert_eq!(stopped, [("stubborn", true)]);
    assert_eq!((report.leftover_pids, leftovers(&state)), (Vec::new(), Vec::new()));
}
