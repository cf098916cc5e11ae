"""Bring the orders database up to the latest schema.

Migrations run in order; PRAGMA user_version records how many have been applied.
Run with `python3 -m orders_api.migrate`.
"""

from contextlib import closing

from orders_api import db

MIGRATIONS = [
    """
    CREATE TABLE orders (
        id INTEGER PRIMARY KEY AUTOINCREMENT,
        customer TEXT NOT NULL,
        total INTEGER NOT NULL CHECK (total >= 0),
        status TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'invoiced')),
        created_at TEXT NOT NULL DEFAULT CURRENT_TIMESTAMP
    )
    """,
]


def migrate(conn):
    """Apply the migrations this database has not seen yet. Returns their numbers."""
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    applied = []
    for number, statement in enumerate(MIGRATIONS[version:], start=version + 1):
        with conn:
            conn.execute("BEGIN")
            conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number}")
        applied.append(number)
    return applied


def main():
    path = db.db_path()
    with closing(db.connect(path)) as conn:
        applied = migrate(conn)
    for number in applied:
        print(f"applied migration {number}", flush=True)
    print(f"{path} is at schema version {len(MIGRATIONS)}", flush=True)


if __name__ == "__main__":
    main()
