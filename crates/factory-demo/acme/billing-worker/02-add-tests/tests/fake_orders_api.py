"""An in-memory stand-in for orders-api that serves the two routes billing-worker calls."""

import json
import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

INVOICE_PATH = re.compile(r"^/orders/(\d+)/invoice$")


class FakeOrdersApi:
    def __init__(self, orders):
        self.orders = {order["id"]: dict(order) for order in orders}
        self.invoice_calls = []
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self):
                if self.path != "/orders":
                    return self.reply(404, {"error": "not found"})
                self.reply(200, {"orders": list(fake.orders.values())})

            def do_POST(self):
                match = INVOICE_PATH.match(self.path)
                order = match and fake.orders.get(int(match[1]))
                if not order:
                    return self.reply(404, {"error": "order not found"})
                fake.invoice_calls.append(order["id"])
                if order["status"] == "invoiced":
                    return self.reply(409, {"error": f"order {order['id']} is already invoiced"})
                order["status"] = "invoiced"
                self.reply(200, order)

            def reply(self, status, payload):
                data = json.dumps(payload).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, format, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"

    def __enter__(self):
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
