"""GET /health for the sandbox and the orchestrator's probes."""

import json
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from billing import SERVICE


class HealthHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        if self.path == "/health":
            status, payload = 200, {"status": "ok", "service": SERVICE}
        else:
            status, payload = 404, {"error": f"no route for GET {self.path}"}
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args):
        print(f"{SERVICE} {self.address_string()} {format % args}", flush=True)


def make_health_server(host, port):
    return ThreadingHTTPServer((host, port), HealthHandler)
