import json
import threading
import unittest
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from server import make_server

ORDERS = [
    {"id": 1, "customer": "alice", "total": 4200, "status": "pending"},
    {"id": 2, "customer": "bob", "total": 1999, "status": "invoiced"},
]


class FakeOrdersApi(BaseHTTPRequestHandler):
    """Answers like orders-api for the two routes web uses."""

    def do_GET(self):
        if self.path == "/orders":
            self.reply(200, {"orders": ORDERS})
        elif self.path == "/orders/1":
            self.reply(200, ORDERS[0])
        else:
            self.reply(404, {"error": f"order {self.path.rsplit('/', 1)[-1]} not found"})

    def reply(self, status, payload):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args):
        pass


def start(server):
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    return server


def stop(server):
    server.shutdown()
    server.server_close()


def url_of(server):
    return f"http://127.0.0.1:{server.server_address[1]}"


class WebServerTest(unittest.TestCase):
    def setUp(self):
        self.orders_api = start(ThreadingHTTPServer(("127.0.0.1", 0), FakeOrdersApi))
        self.web = start(make_server("127.0.0.1", 0, url_of(self.orders_api)))

    def tearDown(self):
        stop(self.web)
        stop(self.orders_api)

    def get(self, path, server=None):
        try:
            with urllib.request.urlopen(url_of(server or self.web) + path, timeout=5) as resp:
                return resp.status, resp.headers["Content-Type"], resp.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers["Content-Type"], error.read()

    def test_health(self):
        status, _, body = self.get("/health")
        self.assertEqual((status, json.loads(body)), (200, {"status": "ok", "service": "web"}))

    def test_proxies_order_list(self):
        status, content_type, body = self.get("/api/orders")
        self.assertEqual((status, content_type), (200, "application/json"))
        self.assertEqual(json.loads(body), {"orders": ORDERS})

    def test_proxies_single_order_and_upstream_errors(self):
        self.assertEqual(json.loads(self.get("/api/orders/1")[2])["customer"], "alice")
        status, _, body = self.get("/api/orders/9")
        self.assertEqual((status, json.loads(body)), (404, {"error": "order 9 not found"}))

    def test_unreachable_orders_api_is_a_bad_gateway(self):
        stop(self.orders_api)  # stopping twice in tearDown is harmless
        status, _, body = self.get("/api/orders")
        self.assertEqual(status, 502)
        self.assertIn("orders-api unreachable", json.loads(body)["error"])

    def test_serves_static_files(self):
        for path, content_type, marker in [
            ("/", "text/html; charset=utf-8", b'<table id="orders">'),
            ("/app.js", "text/javascript; charset=utf-8", b"fetch('/api/orders')"),
            ("/style.css", "text/css; charset=utf-8", b"table"),
        ]:
            with self.subTest(path=path):
                status, actual_type, body = self.get(path)
                self.assertEqual((status, actual_type), (200, content_type))
                self.assertIn(marker, body)

    def test_app_reads_order_fields_from_the_contract(self):
        app = self.get("/app.js")[2].decode()
        for field in ("order.id", "order.customer", "order.total", "order.status"):
            self.assertIn(field, app)

    def test_unknown_and_escaping_paths_are_not_found(self):
        for path in ["/missing.html", "/../server.py", "/%2e%2e/server.py"]:
            with self.subTest(path=path):
                self.assertEqual(self.get(path)[0], 404)


if __name__ == "__main__":
    unittest.main()
