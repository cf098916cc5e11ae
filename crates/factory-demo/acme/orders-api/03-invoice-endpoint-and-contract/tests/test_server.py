import json
import os
import tempfile
import threading
import unittest
import urllib.error
import urllib.request
from contextlib import closing

from orders_api import db, migrate, seed
from orders_api.server import make_server


class ServerTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        path = os.path.join(self.tmp.name, "orders.db")
        with closing(db.connect(path)) as conn:
            migrate.migrate(conn)
            seed.seed(conn)
        self.server = make_server("127.0.0.1", 0, path)
        threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        ).start()
        self.base = f"http://127.0.0.1:{self.server.server_address[1]}"

    def tearDown(self):
        self.server.shutdown()
        self.server.server_close()
        self.tmp.cleanup()

    def request(self, method, path, body=None):
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.base + path, data=data, method=method)
        req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=5) as resp:
                return resp.status, json.load(resp)
        except urllib.error.HTTPError as error:
            return error.code, json.load(error)

    def test_health(self):
        self.assertEqual(
            self.request("GET", "/health"), (200, {"status": "ok", "service": "orders-api"})
        )

    def test_list_orders(self):
        status, body = self.request("GET", "/orders")
        self.assertEqual(status, 200)
        self.assertEqual(
            body["orders"][0],
            {"id": 1, "customer": "alice", "total": 4200, "status": "pending"},
        )
        self.assertEqual(len(body["orders"]), 3)

    def test_get_order_and_missing_order(self):
        self.assertEqual(self.request("GET", "/orders/2")[1]["customer"], "bob")
        status, body = self.request("GET", "/orders/42")
        self.assertEqual((status, body), (404, {"error": "order 42 not found"}))

    def test_create_order(self):
        status, order = self.request("POST", "/orders", {"customer": "dave", "total": 990})
        self.assertEqual(status, 201)
        self.assertEqual(
            order, {"id": 4, "customer": "dave", "total": 990, "status": "pending"}
        )

    def test_create_order_validates_body(self):
        for body in [{"customer": "dave"}, {"customer": "", "total": 1},
                     {"customer": "dave", "total": "9.90"}, ["not", "an", "object"]]:
            with self.subTest(body=body):
                status, error = self.request("POST", "/orders", body)
                self.assertEqual(status, 400)
                self.assertIn("error", error)

    def test_invoice_order(self):
        status, order = self.request("POST", "/orders/1/invoice")
        self.assertEqual((status, order["status"]), (200, "invoiced"))
        status, error = self.request("POST", "/orders/1/invoice")
        self.assertEqual((status, error), (409, {"error": "order 1 is already invoiced"}))
        self.assertEqual(self.request("POST", "/orders/42/invoice")[0], 404)


if __name__ == "__main__":
    unittest.main()
