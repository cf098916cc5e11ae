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
            created, {"id": 1, "customer": "dave", "total_cents": 750, "status": "pending"}
        )
        self.assertEqual(db.get_order(self.conn, 1), created)
        self.assertIsNone(db.get_order(self.conn, 2))

    def test_mark_invoiced_only_once(self):
        db.create_order(self.conn, "dave", 750)
        self.assertEqual(db.mark_invoiced(self.conn, 1)["status"], "invoiced")
        self.assertIsNone(db.mark_invoiced(self.conn, 1))
        self.assertIsNone(db.mark_invoiced(self.conn, 99))

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


class RenameMigrationTest(unittest.TestCase):
    def test_existing_total_column_becomes_total_cents(self):
        with tempfile.TemporaryDirectory() as tmp:
            conn = db.connect(os.path.join(tmp, "orders.db"))
            conn.execute(migrate.MIGRATIONS[0])
            conn.execute("INSERT INTO orders (customer, total) VALUES ('erin', 300)")
            conn.execute("PRAGMA user_version = 1")
            conn.commit()

            self.assertEqual(migrate.migrate(conn), [2])
            self.assertEqual(db.get_order(conn, 1)["total_cents"], 300)
            conn.close()


if __name__ == "__main__":
    unittest.main()
