"""The PostgreSQL schema: numbered migrations in db/migrations/postgres/, the same version
numbers as SQLite's (db/migrations/README.md says what each version means).

Offers `apply_migrations(conn)` (bring the schema up to date; used by `server init` and by
the test template), `schema_version(conn)` (0 for a database without CourseHub's tables),
`latest_version()` and `check_schema(conn, read_only=...)` (refuse a schema newer than the
program, or none at all).

Then db/migrations/postgres/live_refresh.sql (the notifications of live refresh, PostgreSQL
only) is applied again. Applied versions are rows of `coursehub_schema_version`; each
migration and its row commit together, and a transaction-level advisory lock keeps two
`server init` runs apart.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from coursehub.domain.server import ServerNotReady
from coursehub.i18n import _
from coursehub.paths import MIGRATIONS_DIR
from coursehub.storage.database import Migration, available_migrations

if TYPE_CHECKING:
    import psycopg

POSTGRES_MIGRATIONS_DIR = MIGRATIONS_DIR / "postgres"
LIVE_REFRESH_SQL = POSTGRES_MIGRATIONS_DIR / "live_refresh.sql"  # not numbered: applied every run
VERSION_TABLE = "coursehub_schema_version"
MIGRATION_LOCK = 7105  # advisory lock key: one migration runner at a time per database

_CREATE_VERSION_TABLE = f"""
CREATE TABLE IF NOT EXISTS {VERSION_TABLE} (
    version integer PRIMARY KEY,
    name text NOT NULL,
    applied_at timestamp(0) NOT NULL DEFAULT (now() AT TIME ZONE 'UTC'),
    applied_by text NOT NULL DEFAULT session_user
)"""


def migrations() -> list[Migration]:
    return available_migrations(POSTGRES_MIGRATIONS_DIR)


def latest_version() -> int:
    found = migrations()
    return found[-1].version if found else 0


def schema_version(conn: psycopg.Connection) -> int:
    """The newest applied version; 0 when CourseHub's tables are not there (yet)."""
    row = conn.execute("SELECT to_regclass(%s) IS NOT NULL", (VERSION_TABLE,)).fetchone()
    if not row or not row[0]:
        return 0
    found = conn.execute(f"SELECT max(version) FROM {VERSION_TABLE}").fetchone()
    return int(found[0] or 0) if found else 0


def apply_migrations(conn: psycopg.Connection) -> list[int]:
    """Apply what is missing, each version in its own transaction; returns the versions applied.

    Refused (ServerNotReady) when the database is newer than this program."""
    applied: list[int] = []
    for migration in migrations():
        with conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            conn.execute(_CREATE_VERSION_TABLE)
            current = schema_version(conn)
            if current > latest_version():
                raise _too_new(current)
            if migration.version <= current:
                continue
            conn.execute(
                _with_schema(conn, migration.sql).encode()
            )  # several statements: the simple query protocol
            conn.execute(
                f"INSERT INTO {VERSION_TABLE} (version, name) VALUES (%s, %s)",
                (migration.version, migration.path.stem),
            )
            applied.append(migration.version)
    with conn.transaction():
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
        if schema_version(conn) <= latest_version():
            conn.execute(_with_schema(conn, LIVE_REFRESH_SQL.read_text(encoding="utf-8")).encode())
    return applied


def _with_schema(conn: psycopg.Connection, sql: str) -> str:
    schema = conn.execute("SELECT quote_ident(current_schema())").fetchone()
    return sql.replace("@SCHEMA@", str(schema[0] if schema else "public"))


def check_schema(conn: psycopg.Connection, *, read_only: bool = False) -> int:
    """The schema version, after making sure this program may use it."""
    version = schema_version(conn)
    if version == 0:
        raise ServerNotReady(
            _(
                "This server database has no CourseHub tables yet. The database's owner sets it up "
                "once with: coursehub --db ADDRESS server init --admin NAME (docs/server.md)."
            )
        )
    if version > latest_version() and not read_only:
        raise _too_new(version)
    return version


def _too_new(found: int) -> ServerNotReady:
    return ServerNotReady(
        _(
            "The server's CourseHub database was made by a newer version of CourseHub than this one "
            "(schema {found}, this program knows up to {known}). To keep its data safe this program "
            "will not change it: install the newer CourseHub (docs/server.md, upgrading)."
        ).format(found=found, known=latest_version())
    )
