"""Fixtures of the import tests; the messy files themselves are built by import_fixtures.py."""

from __future__ import annotations

import pytest


@pytest.fixture
def service(store):
    from coursehub.services.importing import ImportService

    return ImportService(store)


@pytest.fixture
def db_bytes(store, db_path):
    """The database file's bytes now (after a checkpoint), to compare after an import."""

    def snapshot() -> bytes:
        if not hasattr(store, "database"):  # on a server: every row of every table, in order
            return server_snapshot(store)
        store.database.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return db_path.read_bytes() + (
            db_path.with_name(db_path.name + "-wal").read_bytes()
            if db_path.with_name(db_path.name + "-wal").exists()
            else b""
        )

    return snapshot


def server_snapshot(store) -> bytes:
    """The whole content of a server database (tables, rows, identity counters), as bytes."""
    conn = store.conn
    tables = [
        r[0] for r in conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema()")
    ]
    parts = []
    for table in sorted(tables):
        rows = conn.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
        parts.append(repr((table, rows)))
    return "\n".join(parts).encode()
