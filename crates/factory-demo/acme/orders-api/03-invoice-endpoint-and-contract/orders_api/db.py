"""Order storage on SQLite. Each caller opens its own connection."""

import os
import sqlite3

COLUMNS = "id, customer, total, status"


def db_path():
    return os.environ.get("ORDERS_DB", "orders.db")


def connect(path):
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    return conn


def to_order(row):
    return {
        "id": row["id"],
        "customer": row["customer"],
        "total": row["total"],
        "status": row["status"],
    }


def list_orders(conn):
    rows = conn.execute(f"SELECT {COLUMNS} FROM orders ORDER BY id")
    return [to_order(row) for row in rows]


def get_order(conn, order_id):
    row = conn.execute(f"SELECT {COLUMNS} FROM orders WHERE id = ?", (order_id,)).fetchone()
    return to_order(row) if row else None


def create_order(conn, customer, total):
    with conn:
        cursor = conn.execute(
            "INSERT INTO orders (customer, total) VALUES (?, ?)",
            (customer, total),
        )
    return get_order(conn, cursor.lastrowid)


def mark_invoiced(conn, order_id):
    """Move a pending order to invoiced. Returns the order, or None if it was not pending."""
    with conn:
        cursor = conn.execute(
            "UPDATE orders SET status = 'invoiced' WHERE id = ? AND status = 'pending'",
            (order_id,),
        )
    return get_order(conn, order_id) if cursor.rowcount == 1 else None
