//! A small Chrome DevTools protocol client for browser checks: Debian's chromium is started
//! headless with `--remote-debugging-port=0`, the page target is driven over a WebSocket
//! (handshake and framing written here, client frames masked), and the check navigates, waits
//! for the selector with `document.querySelector` in real time, reads the page text and DOM, and
//! captures a PNG with `Page.captureScreenshot`.

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use base64::Engine as _;
use serde_json::{Value, json};
use tokio::io::{AsyncBufReadExt as _, AsyncReadExt as _, AsyncWriteExt as _, BufReader};

use crate::Network;

/// Events kept per page, so a chatty page cannot exhaust memory.
const MAX_EVENTS: usize = 2000;

/// What the page showed.
#[derive(Debug, Clone)]
pub struct PageCapture {
    /// Whether the selector matched before the time limit (true when there was none).
    pub selector_found: bool,
    pub text: String,
    pub dom: String,
    pub png: Vec<u8>,
    /// Uncaught exceptions, console errors and warnings, and failed loads, in order.
    pub console: Vec<String>,
}

/// Opens `url` in a fresh headless chromium, waits up to `wait` for `selector`, and captures
/// the page. Errors are strings for the check's reason.
pub async fn capture(
    chromium: &Path,
    profile: &Path,
    url: &str,
    selector: Option<&str>,
    wait: Duration,
    network: &Network,
) -> Result<PageCapture, String> {
    let mut argv = network.enter(vec![chromium.display().to_string()]);
    argv.extend(
        [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--disable-dev-shm-usage",
            "--hide-scrollbars",
            "--window-size=1280,800",
            "--remote-debugging-port=0",
            "--remote-debugging-address=127.0.0.1",
        ]
        .map(str::to_string),
    );
    argv.push(format!("--user-data-dir={}", profile.display()));
    argv.push("about:blank".to_string());
    let mut child = tokio::process::Command::new(&argv[0])
        .args(&argv[1..])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .process_group(0)
        .kill_on_drop(true)
        .spawn()
        .map_err(|error| format!("could not start {}: {error}", chromium.display()))?;
    let pgid = child.id().unwrap_or_default();
    let result = async {
        let stderr = child.stderr.take().ok_or("chromium has no stderr")?;
        let port = devtools_port(stderr).await?;
        let page = page_websocket(port, network).await?;
        drive(port, &page, url, selector, wait, network).await
    };
    let outcome = tokio::time::timeout(wait + Duration::from_secs(60), result).await;
    crate::process::kill_group(pgid, nix::sys::signal::Signal::SIGKILL);
    let _ = child.wait().await;
    outcome.map_err(|_| "chromium did not finish within its time limit".to_string())?
}

/// Reads chromium's stderr until `DevTools listening on ws://127.0.0.1:PORT/...`.
async fn devtools_port(stderr: tokio::process::ChildStderr) -> Result<u16, String> {
    let mut lines = BufReader::new(stderr).lines();
    let mut seen = Vec::new();
    let found = tokio::time::timeout(Duration::from_secs(30), async {
        while let Ok(Some(line)) = lines.next_line().await {
            if let Some(rest) = line.split("ws://127.0.0.1:").nth(1) {
                return rest.split('/').next().and_then(|port| port.parse::<u16>().ok());
            }
            seen.push(line);
        }
        None
    })
    .await;
    // Keep draining stderr so chromium never blocks on a full pipe.
    tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
    match found {
        Ok(Some(port)) => Ok(port),
        _ => Err(format!("chromium did not open its DevTools port: {}", seen.join(" | "))),
    }
}

/// The WebSocket path of the first page target.
async fn page_websocket(port: u16, network: &Network) -> Result<String, String> {
    let base = format!("http://127.0.0.1:{port}");
    let response = crate::http::get(&base, "/json/list", Duration::from_secs(10), network).await.map_err(|error| error.to_string())?;
    let targets: Value = serde_json::from_slice(&response.body).map_err(|error| format!("bad /json/list: {error}"))?;
    targets
        .as_array()
        .and_then(|targets| targets.iter().find(|target| target["type"] == "page"))
        .and_then(|target| target["webSocketDebuggerUrl"].as_str())
        .and_then(|url| url.split_once(&format!("127.0.0.1:{port}")).map(|(_, path)| path.to_string()))
        .ok_or_else(|| format!("chromium lists no page target: {targets}"))
}

async fn drive(port: u16, path: &str, url: &str, selector: Option<&str>, wait: Duration, network: &Network) -> Result<PageCapture, String> {
    let stream = crate::network::connect(network, port, Duration::from_secs(10)).await.map_err(|error| error.to_string())?;
    let mut socket = WebSocket::open(stream, port, path).await?;
    socket.call("Page.enable", json!({})).await?;
    socket.call("Runtime.enable", json!({})).await?;
    socket.call("Log.enable", json!({})).await?;
    let viewport = json!({ "width": 1280, "height": 800, "deviceScaleFactor": 1, "mobile": false });
    socket.call("Emulation.setDeviceMetricsOverride", viewport).await?;
    socket.call("Page.navigate", json!({ "url": url })).await?;
    let started = Instant::now();
    let selector_found = match selector {
        None => {
            wait_for(&mut socket, "document.readyState === 'complete'", wait).await?;
            true
        }
        Some(selector) => {
            let expression = format!("document.querySelector({}) !== null", Value::String(selector.to_string()));
            wait_for(&mut socket, &expression, wait).await?
        }
    };
    tracing::debug!(url, waited_ms = started.elapsed().as_millis() as u64, selector_found, "page checked");
    let text = evaluate(&mut socket, "document.body ? document.body.innerText : ''").await?.as_str().unwrap_or_default().to_string();
    let dom = evaluate(&mut socket, "document.documentElement.outerHTML").await?.as_str().unwrap_or_default().to_string();
    let shot = socket.call("Page.captureScreenshot", json!({ "format": "png" })).await?;
    let png = base64::engine::general_purpose::STANDARD
        .decode(shot["data"].as_str().unwrap_or_default())
        .map_err(|error| format!("the screenshot is not base64: {error}"))?;
    let console = socket.events.iter().filter_map(console_line).collect();
    Ok(PageCapture { selector_found, text, dom, png, console })
}

/// A DevTools event as a line of the page's console, when it is one worth keeping.
fn console_line(event: &Value) -> Option<String> {
    let params = &event["params"];
    match event["method"].as_str()? {
        "Runtime.exceptionThrown" => {
            let details = &params["exceptionDetails"];
            let text = details["exception"]["description"].as_str().or_else(|| details["text"].as_str()).unwrap_or("exception");
            Some(format!("uncaught: {}", text.lines().next().unwrap_or(text)))
        }
        "Runtime.consoleAPICalled" if matches!(params["type"].as_str(), Some("error" | "warning" | "assert")) => {
            let args: Vec<String> = params["args"]
                .as_array()?
                .iter()
                .map(|arg| arg["value"].as_str().map(str::to_string).unwrap_or_else(|| arg["description"].as_str().unwrap_or("").to_string()))
                .collect();
            Some(format!("console.{}: {}", params["type"].as_str().unwrap_or("log"), args.join(" ")))
        }
        "Log.entryAdded" if matches!(params["entry"]["level"].as_str(), Some("error" | "warning")) => {
            let entry = &params["entry"];
            let url = entry["url"].as_str().map(|url| format!(" ({url})")).unwrap_or_default();
            Some(format!("{}: {}{url}", entry["level"].as_str().unwrap_or("log"), entry["text"].as_str().unwrap_or("")))
        }
        _ => None,
    }
}

/// Evaluates `expression` every 50 ms until it is true or `wait` passes.
async fn wait_for(socket: &mut WebSocket, expression: &str, wait: Duration) -> Result<bool, String> {
    let started = Instant::now();
    loop {
        if evaluate(socket, expression).await? == Value::Bool(true) {
            return Ok(true);
        }
        if started.elapsed() >= wait {
            return Ok(false);
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn evaluate(socket: &mut WebSocket, expression: &str) -> Result<Value, String> {
    let result = socket.call("Runtime.evaluate", json!({ "expression": expression, "returnByValue": true })).await?;
    Ok(result["result"]["value"].clone())
}

/// A client WebSocket over one TCP stream: text frames out (masked), frames in (reassembled).
struct WebSocket {
    stream: tokio::net::TcpStream,
    next_id: u64,
    /// The events received so far (messages without an id).
    events: Vec<Value>,
}

impl WebSocket {
    async fn open(mut stream: tokio::net::TcpStream, port: u16, path: &str) -> Result<Self, String> {
        let request = format!(
            "GET {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\
             Sec-WebSocket-Key: ZmFjdG9yeS1zYW5kYm94IQ==\r\nSec-WebSocket-Version: 13\r\n\r\n"
        );
        stream.write_all(request.as_bytes()).await.map_err(|error| error.to_string())?;
        let mut head = Vec::new();
        while !head.ends_with(b"\r\n\r\n") {
            let mut byte = [0u8; 1];
            stream.read_exact(&mut byte).await.map_err(|error| format!("the DevTools handshake broke off: {error}"))?;
            head.push(byte[0]);
        }
        if !head.starts_with(b"HTTP/1.1 101") {
            return Err(format!("DevTools refused the WebSocket: {}", String::from_utf8_lossy(&head)));
        }
        Ok(Self { stream, next_id: 0, events: Vec::new() })
    }

    /// Sends a command and returns its `result`, skipping the events in between.
    async fn call(&mut self, method: &str, params: Value) -> Result<Value, String> {
        self.next_id += 1;
        let id = self.next_id;
        self.send(&json!({ "id": id, "method": method, "params": params }).to_string()).await?;
        loop {
            let message: Value = serde_json::from_str(&self.receive().await?).map_err(|error| error.to_string())?;
            if message["id"] == json!(id) {
                if let Some(error) = message.get("error") {
                    return Err(format!("{method} failed: {error}"));
                }
                return Ok(message["result"].clone());
            }
            if message.get("id").is_none() && self.events.len() < MAX_EVENTS {
                self.events.push(message);
            }
        }
    }

    async fn send(&mut self, text: &str) -> Result<(), String> {
        let payload = text.as_bytes();
        let mut frame = vec![0x81u8];
        match payload.len() {
            length if length < 126 => frame.push(0x80 | length as u8),
            length if length <= usize::from(u16::MAX) => {
                frame.push(0x80 | 126);
                frame.extend_from_slice(&(length as u16).to_be_bytes());
            }
            length => {
                frame.push(0x80 | 127);
                frame.extend_from_slice(&(length as u64).to_be_bytes());
            }
        }
        let mask = [0x5a, 0x17, 0xc3, 0x2e];
        frame.extend_from_slice(&mask);
        frame.extend(payload.iter().enumerate().map(|(index, byte)| byte ^ mask[index % 4]));
        self.stream.write_all(&frame).await.map_err(|error| error.to_string())
    }

    async fn receive(&mut self) -> Result<String, String> {
        let io = |error: std::io::Error| format!("the DevTools connection broke: {error}");
        let mut message = Vec::new();
        loop {
            let mut header = [0u8; 2];
            self.stream.read_exact(&mut header).await.map_err(io)?;
            let (finished, opcode) = (header[0] & 0x80 != 0, header[0] & 0x0f);
            let length = match header[1] & 0x7f {
                126 => {
                    let mut bytes = [0u8; 2];
                    self.stream.read_exact(&mut bytes).await.map_err(io)?;
                    u64::from(u16::from_be_bytes(bytes))
                }
                127 => {
                    let mut bytes = [0u8; 8];
                    self.stream.read_exact(&mut bytes).await.map_err(io)?;
                    u64::from_be_bytes(bytes)
                }
                short => u64::from(short),
            };
            let mut payload = vec![0u8; usize::try_from(length).map_err(|_| "a frame too large".to_string())?];
            self.stream.read_exact(&mut payload).await.map_err(io)?;
            match opcode {
                0x8 => return Err("chromium closed the DevTools connection".into()),
                0x9 | 0xA => continue,
                _ => message.extend_from_slice(&payload),
            }
            if finished {
                return String::from_utf8(message).map_err(|error| error.to_string());
            }
        }
    }
}
