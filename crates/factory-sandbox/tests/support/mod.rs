//! Helpers for the sandbox tests: tiny python3 services written into a temp repo.

use std::path::{Path, PathBuf};

use factory_sandbox::Checkout;

/// A small HTTP service driven by its environment:
/// - START_DELAY seconds before listening; NEEDS=a,b: services it calls at start (their `_URL`);
/// - BODY: what every path but /health answers (JSON); NEVER_LISTEN=1: only prints and sleeps;
/// - WRITE_OUTSIDE: a path it tries to write, reporting the result in its log.
pub const SERVICE_PY: &str = r#"
import json, os, sys, time, urllib.request
from http.server import BaseHTTPRequestHandler, HTTPServer
name = os.environ["FACTORY_SERVICE"]
if os.environ.get("IGNORE_TERM"):
    import signal
    signal.signal(signal.SIGTERM, signal.SIG_IGN)
with open("order.txt", "a") as order:
    order.write(name + " start\n")
for dependency in filter(None, os.environ.get("NEEDS", "").split(",")):
    url = os.environ[dependency.upper().replace("-", "_") + "_URL"] + "/health"
    urllib.request.urlopen(url, timeout=2).read()
    with open("order.txt", "a") as order:
        order.write(name + " reached " + dependency + "\n")
outside = os.environ.get("WRITE_OUTSIDE")
if outside:
    try:
        with open(outside, "w") as target:
            target.write("escaped\n")
        print("write outside: allowed", flush=True)
    except OSError as error:
        print("write outside: denied (" + type(error).__name__ + ")", flush=True)
    with open(os.path.join(os.environ["SANDBOX_DIR"], "inside.txt"), "w") as inside:
        inside.write("ok\n")
    print("write inside: allowed", flush=True)
event = os.environ.get("EVENT_LINE")
if event:
    with open(os.environ["EVENT_SINK"], "a") as sink:
        sink.write(event + "\n")
print(name + " booting", flush=True)
if os.environ.get("NEVER_LISTEN"):
    while True:
        time.sleep(1)
time.sleep(float(os.environ.get("START_DELAY", "0")))
body = os.environ.get("BODY", '{"status": "ok"}')
class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/health":
            data = json.dumps({"status": "ok", "service": name})
            kind = "application/json"
        elif self.path == "/broken":
            data = "<html><body>orders<script>console.error('orders failed to load'); null.total_cents;</script></body></html>"
            kind = "text/html"
        elif self.path == "/page":
            data = os.environ.get("PAGE", "<html><body>empty</body></html>")
            kind = "text/html"
        else:
            data, kind = body, "application/json"
        data = data.encode()
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
    def do_POST(self):
        sent = json.loads(self.rfile.read(int(self.headers.get("Content-Length", "0"))) or b"{}")
        data = json.dumps(dict(sent, id=7)).encode()
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)
    def log_message(self, *args):
        pass
print(name + " ready on port " + os.environ["PORT"], flush=True)
HTTPServer(("127.0.0.1", int(os.environ["PORT"])), Handler).serve_forever()
"#;

/// Writes a repo folder `root/name` with `service.py` and `.factory/services.toml`.
pub fn repo(root: &Path, name: &str, services_toml: &str) -> Checkout {
    let dir = root.join(name);
    std::fs::create_dir_all(dir.join(".factory")).expect("repo folder");
    std::fs::write(dir.join("service.py"), SERVICE_PY).expect("service.py");
    std::fs::write(dir.join(".factory/services.toml"), services_toml).expect("services.toml");
    Checkout { repo: name.to_string(), path: dir }
}

pub fn sandboxes(root: &Path) -> PathBuf {
    root.join("home/.factory/sandboxes")
}

pub fn home_services(root: &Path) -> PathBuf {
    root.join("home/services")
}

/// Config for tests: isolation as the machine gives it unless `FACTORY_TEST_NO_ISOLATION`.
pub fn config(label: &str) -> factory_sandbox::UpConfig {
    let isolation = if std::env::var_os("FACTORY_TEST_NO_ISOLATION").is_some() {
        factory_sandbox::IsolationChoice::None
    } else {
        factory_sandbox::IsolationChoice::Auto
    };
    factory_sandbox::UpConfig { label: label.to_string(), isolation, ..Default::default() }
}

/// Every process still alive in the sandbox's recorded groups.
pub fn leftovers(state: &factory_sandbox::SandboxState) -> Vec<u32> {
    state
        .services
        .iter()
        .filter_map(|service| service.pgid)
        .flat_map(factory_sandbox::process::group_members)
        .collect()
}
