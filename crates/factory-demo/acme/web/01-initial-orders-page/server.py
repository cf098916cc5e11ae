"""Acme web: serves the orders page and proxies /api/* to orders-api.

Run with `python3 server.py` (PORT, default 8080; ORDERS_API_URL is required).
"""

import json
import os
import signal
import sys
import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

SERVICE = "web"
STATIC_DIR = (Path(__file__).parent / "static").resolve()
CONTENT_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".js": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
}


class WebHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        path = self.path.split("?", 1)[0]
        if path == "/health":
            self.send_body(200, "application/json", json.dumps({"status": "ok", "service": SERVICE}))
        elif path.startswith("/api/"):
            self.proxy(self.path[len("/api"):])
        else:
            self.send_static(path)

    def proxy(self, upstream_path):
        """Forward a GET to orders-api and relay its status and body unchanged."""
        url = self.server.orders_api_url + upstream_path
        try:
            with urllib.request.urlopen(url, timeout=5) as resp:
                status, content_type, body = resp.status, resp.headers["Content-Type"], resp.read()
        except urllib.error.HTTPError as error:
            status, content_type, body = error.code, error.headers["Content-Type"], error.read()
        except (urllib.error.URLError, OSError) as error:
            message = {"error": f"orders-api unreachable at {self.server.orders_api_url}: {error}"}
            status, content_type, body = 502, "application/json", json.dumps(message)
        self.send_body(status, content_type or "application/json", body)

    def send_static(self, path):
        name = "index.html" if path == "/" else path.lstrip("/")
        file = (STATIC_DIR / name).resolve()
        if not file.is_file() or not file.is_relative_to(STATIC_DIR):
            return self.send_body(404, "text/plain; charset=utf-8", f"not found: {path}\n")
        content_type = CONTENT_TYPES.get(file.suffix, "application/octet-stream")
        self.send_body(200, content_type, file.read_bytes())

    def send_body(self, status, content_type, body):
        data = body.encode() if isinstance(body, str) else body
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args):
        print(f"{SERVICE} {self.address_string()} {format % args}", flush=True)


def make_server(host, port, orders_api_url):
    server = ThreadingHTTPServer((host, port), WebHandler)
    server.orders_api_url = orders_api_url.rstrip("/")
    return server


def main():
    orders_api_url = os.environ.get("ORDERS_API_URL")
    if not orders_api_url:
        sys.exit("web: ORDERS_API_URL is required, e.g. http://127.0.0.1:8080")
    host = os.environ.get("HOST", "127.0.0.1")
    port = int(os.environ.get("PORT", "8080"))
    server = make_server(host, port, orders_api_url)

    def stop(signum, frame):
        # shutdown() waits for serve_forever() to return, so it must run on another thread.
        threading.Thread(target=server.shutdown).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"ready on port {server.server_address[1]} (orders-api at {orders_api_url})", flush=True)
    server.serve_forever()
    server.server_close()
    print(f"{SERVICE} stopped", flush=True)


if __name__ == "__main__":
    main()
