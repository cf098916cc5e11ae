"""Insert sample orders into an empty database: `python3 -m orders_api.seed`."""

from contextlib import closing

from orders_api import db

SAMPLE_ORDERS = [
    ("alice", 4200),
    ("bob", 1999),
    ("carol", 12500),
]


def seed(conn):
    """Insert the sample orders unless the table already has rows. Returns how many were added."""
    if db.list_orders(conn):
        return 0
    for customer, total in SAMPLE_ORDERS:
        db.create_order(conn, customer, total)
    return len(SAMPLE_ORDERS)


def main():
    path = db.db_path()
    with closing(db.connect(path)) as conn:
        added = seed(conn)
    print(f"seeded {added} orders into {path}", flush=True)


if __name__ == "__main__":
    main()
