"""HTTP API for orders: `python3 -m orders_api` (PORT, default 8080; ORDERS_DB)."""

import json
import os
import re
import signal
import threading
from contextlib import closing
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from orders_api import SERVICE, db

ORDER_PATH = re.compile(r"^/orders/(\d+)$")
INVOICE_PATH = re.compile(r"^/orders/(\d+)/invoice$")


class BadRequest(Exception):
    pass


def parse_new_order(body):
    try:
        data = json.loads(body or b"null")
    except ValueError:
        raise BadRequest("body must be JSON")
    if not isinstance(data, dict):
        raise BadRequest("body must be a JSON object")
    customer = data.get("customer")
    total_cents = data.get("total_cents")
    if not isinstance(customer, str) or not customer.strip():
        raise BadRequest("customer must be a non-empty string")
    if not isinstance(total_cents, int) or isinstance(total_cents, bool) or total_cents < 0:
        raise BadRequest("total_cents must be a non-negative integer")
    return customer.strip(), total_cents


class OrdersHandler(BaseHTTPRequestHandler):
    def do_GET(self):
        path = self.path.split("?", 1)[0]
        if path == "/health":
            return self.send_json(200, {"status": "ok", "service": SERVICE})
        with closing(db.connect(self.server.db_path)) as conn:
            if path == "/orders":
                return self.send_json(200, {"orders": db.list_orders(conn)})
            match = ORDER_PATH.match(path)
            if match:
                order = db.get_order(conn, int(match[1]))
                if order is None:
                    return self.send_json(404, {"error": f"order {match[1]} not found"})
                return self.send_json(200, order)
        self.send_json(404, {"error": f"no route for GET {path}"})

    def do_POST(self):
        path = self.path.split("?", 1)[0]
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length)
        with closing(db.connect(self.server.db_path)) as conn:
            if path == "/orders":
                try:
                    customer, total_cents = parse_new_order(body)
                except BadRequest as error:
                    return self.send_json(400, {"error": str(error)})
                return self.send_json(201, db.create_order(conn, customer, total_cents))
            match = INVOICE_PATH.match(path)
            if match:
                order_id = int(match[1])
                order = db.mark_invoiced(conn, order_id)
                if order is not None:
                    return self.send_json(200, order)
                if db.get_order(conn, order_id) is None:
                    return self.send_json(404, {"error": f"order {order_id} not found"})
                return self.send_json(409, {"error": f"order {order_id} is already invoiced"})
        self.send_json(404, {"error": f"no route for POST {path}"})

    def send_json(self, status, payload):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args):
        print(f"{SERVICE} {self.address_string()} {format % args}", flush=True)


def make_server(host, port, db_path):
    server = ThreadingHTTPServer((host, port), OrdersHandler)
    server.db_path = db_path
    return server


def main():
    host = os.environ.get("HOST", "127.0.0.1")
    port = int(os.environ.get("PORT", "8080"))
    server = make_server(host, port, db.db_path())

    def stop(signum, frame):
        # shutdown() waits for serve_forever() to return, so it must run on another thread.
        threading.Thread(target=server.shutdown).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    print(f"ready on port {server.server_address[1]}", flush=True)
    server.serve_forever()
    server.server_close()
    print(f"{SERVICE} stopped", flush=True)


if __name__ == "__main__":
    main()
