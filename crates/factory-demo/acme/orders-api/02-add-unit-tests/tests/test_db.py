import os
import sqlite3
import tempfile
import unittest

from orders_api import db, migrate, seed


class DatabaseTest(unittest.TestCase):
    def setUp(self):
        self.tmp = tempfile.TemporaryDirectory()
        self.conn = db.connect(os.path.join(self.tmp.name, "orders.db"))
        migrate.migrate(self.conn)

    def tearDown(self):
        self.conn.close()
        self.tmp.cleanup()

    def test_create_then_get(self):
        created = db.create_order(self.conn, "dave", 750)
        self.assertEqual(
            created, {"id": 1, "customer": "dave", "total": 750, "status": "pending"}
        )
        self.assertEqual(db.get_order(self.conn, 1), created)
        self.assertIsNone(db.get_order(self.conn, 2))

    def test_seed_adds_sample_orders_once(self):
        self.assertEqual(seed.seed(self.conn), 3)
        self.assertEqual(seed.seed(self.conn), 0)
        customers = [order["customer"] for order in db.list_orders(self.conn)]
        self.assertEqual(customers, ["alice", "bob", "carol"])

    def test_migrate_is_idempotent(self):
        self.assertEqual(migrate.migrate(self.conn), [])

    def test_rejects_negative_amount(self):
        with self.assertRaises(sqlite3.IntegrityError):
            db.create_order(self.conn, "dave", -1)


if __name__ == "__main__":
    unittest.main()
