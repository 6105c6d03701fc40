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
        store.database.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return db_path.read_bytes() + (
            db_path.with_name(db_path.name + "-wal").read_bytes()
            if db_path.with_name(db_path.name + "-wal").exists()
            else b""
        )

    return snapshot
