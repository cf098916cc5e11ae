import io
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
import unittest
from contextlib import redirect_stdout

from billing.events import EventPublisher
from billing.orders_client import OrdersClient
from billing.worker import invoice_pending
from fake_orders_api import FakeOrdersApi

ORDERS = [
    {"id": 1, "customer": "alice", "total": 4200, "status": "pending"},
    {"id": 2, "customer": "bob", "total": 1999, "status": "invoiced"},
    {"id": 3, "customer": "carol", "total": 12500, "status": "pending"},
]


def read_events(path):
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8") as sink:
        return [json.loads(line) for line in sink]


class InvoicePendingTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.sink = os.path.join(self.tmp.name, "events.jsonl")

    def tearDown(self):
        self.tmp.cleanup()

    def test_invoices_pending_orders_and_publishes_events(self):
        with FakeOrdersApi(ORDERS) as api:
            invoiced = invoice_pending(OrdersClient(api.url), EventPublisher(self.sink))
            self.assertEqual(invoiced, [1, 3])
            self.assertEqual(api.invoice_calls, [1, 3])
        self.assertEqual(
            read_events(self.sink),
            [
                {
                    "channel": "order.invoiced",
                    "message": "OrderInvoiced",
                    "payload": {"invoice_id": "inv-1", "order_id": 1, "amount_cents": 4200},
                },
                {
                    "channel": "order.invoiced",
                    "message": "OrderInvoiced",
                    "payload": {"invoice_id": "inv-3", "order_id": 3, "amount_cents": 12500},
                },
            ],
        )

    def test_second_pass_publishes_nothing(self):
        with FakeOrdersApi(ORDERS) as api:
            client, events = OrdersClient(api.url), EventPublisher(self.sink)
            invoice_pending(client, events)
            self.assertEqual(invoice_pending(client, events), [])
        self.assertEqual(len(read_events(self.sink)), 2)

    def test_order_invoiced_since_listing_is_skipped(self):
        with FakeOrdersApi(ORDERS) as api:
            client = OrdersClient(api.url)
            stale = client.list_orders()
            client.invoice(1)  # someone else invoices order 1 first; we still see it pending
            client.list_orders = lambda: stale
            self.assertEqual(invoice_pending(client, EventPublisher(self.sink)), [3])
        self.assertEqual([e["payload"]["order_id"] for e in read_events(self.sink)], [3])

    def test_without_sink_events_go_to_stdout(self):
        out = io.StringIO()
        with redirect_stdout(out):
            EventPublisher().order_invoiced("inv-7", 7, 100)
        self.assertEqual(
            json.loads(out.getvalue().removeprefix("event ")),
            {"channel": "order.invoiced", "message": "OrderInvoiced",
             "payload": {"invoice_id": "inv-7", "order_id": 7, "amount_cents": 100}},
        )


class WorkerProcessTest(unittest.TestCase):
    def test_runs_until_sigterm(self):
        with tempfile.TemporaryDirectory() as tmp, FakeOrdersApi(ORDERS) as api:
            sink = os.path.join(tmp, "events.jsonl")
            env = dict(os.environ, ORDERS_API_URL=api.url, PORT="0", POLL_SECONDS="0.1",
                       EVENT_SINK=sink)
            worker = subprocess.Popen([sys.executable, "-m", "billing"], env=env,
                                      stdout=subprocess.PIPE, text=True)
            try:
                self.assertTrue(worker.stdout.readline().startswith("ready on port "))
                deadline = time.monotonic() + 10
                while len(read_events(sink)) < 2 and time.monotonic() < deadline:
                    time.sleep(0.05)
                self.assertEqual([e["payload"]["order_id"] for e in read_events(sink)], [1, 3])
            finally:
                worker.send_signal(signal.SIGTERM)
                output, _ = worker.communicate(timeout=10)
            self.assertEqual(worker.returncode, 0)
            self.assertIn("billing-worker stopped", output)


if __name__ == "__main__":
    unittest.main()
