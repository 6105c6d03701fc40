"""CourseHub on a PostgreSQL server (psycopg 3, the `server` extra).

What other modules may call (the rest of the program reaches it only through
storage/backends.py, import-linter checks that):
- `connect(address, user=..., password=..., ask_password=...)`: a psycopg connection with
  plain errors (connection.py);
- `apply_migrations(conn)`, `schema_version(conn)`, `latest_version()`: the schema
  (migrations.py; `server init` runs them before its security SQL);
- `open_store(address, ...)` / `PostgresStore`: the Store of services/ports.py (store.py).
Importing this package needs psycopg; storage/backends.py says how to install it if missing.
"""

from coursehub.storage.backends import is_server_address
from coursehub.storage.postgres.connection import connect, describe
from coursehub.storage.postgres.migrations import apply_migrations, latest_version, schema_version
from coursehub.storage.postgres.store import PostgresStore, open_store

__all__ = [
    "PostgresStore",
    "apply_migrations",
    "connect",
    "describe",
    "is_server_address",
    "latest_version",
    "open_store",
    "schema_version",
]
