"""The PostgreSQL Store: `read()` and `write()` units of work over one server connection.

Offers `PostgresStore` and `open_store(address, user=..., password=..., ask_password=...)`
(the login keywords: storage/backends.ServerLogin).

Concurrency (docs/server.md, "Several users at once"): every CourseHub write transaction
first takes one transaction-level advisory lock of the database (WRITER_LOCK), so CourseHub's
writes queue up one after another as they do on SQLite, while reads never wait
(REPEATABLE READ READ ONLY snapshots). Under READ COMMITTED each statement after the lock
sees everything committed before it, so a count of seats, a check "is this course already
imported?" or the next pseudonym number is never stale: no serialization failures, hence
no retries, and the waiting list is in the order the writers got the lock. The schema's own
seat triggers take a per-course lock as well, so raw SQL cannot overfill a course either.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import TYPE_CHECKING, Unpack

from coursehub.domain.errors import ConflictError, CourseHubError, PermissionDenied
from coursehub.domain.server import ConnectionLost, ServerNotReady
from coursehub.i18n import _
from coursehub.storage.backends import ServerLogin
from coursehub.storage.postgres.backup import DumpPlan, dump_plan, run_dump
from coursehub.storage.postgres.connection import connect, describe
from coursehub.storage.postgres.dialect import PgConnection
from coursehub.storage.postgres.live import ChangeCallback, ChangeListener
from coursehub.storage.postgres.migrations import check_schema, latest_version
from coursehub.storage.postgres.repositories import PostgresUnitOfWork
from coursehub.storage.schema_rules import trigger_refusal

if TYPE_CHECKING:
    import psycopg

WRITER_LOCK = 7104  # advisory lock key: one CourseHub writer at a time per database


class PostgresStore:
    """A CourseHub database on a server; the connection's role is the acting user."""

    path = None  # no file: backups, checks and encryption are SQLite's

    def __init__(
        self, conn: psycopg.Connection, address: str, *, read_only: bool = False, **login: Unpack[ServerLogin]
    ) -> None:
        self.conn = conn
        self.address = address
        # what a new connection (reopen, reconnect, live refresh) logs in with; never the
        # password prompt: those connect without asking anyone
        self._login = ServerLogin(user=login.get("user"), password=login.get("password"))
        self.schema_version = check_schema(conn, read_only=True)
        self.read_only = read_only or self.schema_version > latest_version()
        secured = conn.execute("SELECT to_regclass('course_roster') IS NOT NULL").fetchone()
        # `server init` added roles and row security (storage/postgres/security.py)
        self.secured = bool(secured and secured[0])
        row = conn.execute("SELECT current_user, session_user").fetchone()
        # the CourseHub user of every command: the role the server let in
        self.authenticated_user: str | None = str(row[0]) if row else None

    @property
    def description(self) -> str:
        return describe(self.address)

    @property
    def label(self) -> str:
        """database@host for the status bar (no port, no password)."""
        return describe(self.address).split(":")[0].replace(" @ ", "@")

    @property
    def made_by_newer_program(self) -> bool:
        return self.schema_version > latest_version()

    def notices(self) -> list[str]:
        if self.made_by_newer_program:
            return [
                _(
                    "The server's CourseHub database was made by a newer CourseHub (schema {found}, this "
                    "program knows up to {known}): you can look but not save. Install the newer CourseHub."
                ).format(found=self.schema_version, known=latest_version())
            ]
        return []

    @contextmanager
    def write(self) -> Iterator[PostgresUnitOfWork]:
        if self.read_only:
            if self.made_by_newer_program:
                check_schema(self.conn)  # raises the plain "newer CourseHub" refusal
            raise ServerNotReady(_("This database is open read-only; nothing can be changed."))
        with self._transaction():
            self.conn.execute("SELECT pg_advisory_xact_lock(%s)", (WRITER_LOCK,))
            yield PostgresUnitOfWork(PgConnection(self.conn), secured=self.secured)

    @contextmanager
    def read(self) -> Iterator[PostgresUnitOfWork]:
        with self._transaction():
            self.conn.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield PostgresUnitOfWork(PgConnection(self.conn), secured=self.secured)

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        import psycopg

        try:
            with self.conn.transaction():
                yield
        except psycopg.Error as error:
            raise plain_refusal(error, self.description) from error

    def dump_plan(self, output: Path | None) -> DumpPlan:
        """The pg_dump command for this database, and whether this login may run it."""
        return dump_plan(self, output)

    def run_dump(self, plan: DumpPlan) -> Path:
        return run_dump(plan, self._login.get("password"))

    def listen(self, on_change: ChangeCallback) -> ChangeListener:
        """Live refresh: `on_change(table, course_ids)` when anyone changes the catalogue,
        enrolments or findings (storage/postgres/live.py); `.stop()` it when done."""
        return ChangeListener(self.address, on_change, **self._login)

    def reopen(self) -> PostgresStore:
        """Another connection as the same user, for a worker thread."""
        conn = connect(self.address, **self._login)
        return PostgresStore(conn, self.address, read_only=self.read_only, **self._login)

    def usable(self) -> bool:
        """The connection is open and not broken (a dropped network breaks it)."""
        return not (self.conn.closed or self.conn.broken)

    def reconnect(self) -> None:
        """A new connection in place of one the network or the server dropped."""
        fresh = connect(self.address, **self._login)
        old, self.conn = self.conn, fresh
        with suppress(Exception):  # it is already broken; closing it is only tidying up
            old.close()

    def close(self) -> None:
        self.conn.close()


def plain_refusal(error: Exception, where: str) -> CourseHubError | Exception:
    """The plain error for what the server refused (the schema's rules, its policies)."""
    import psycopg
    from psycopg import errors

    text = str(error)
    refusal = trigger_refusal(text)
    if refusal is not None:
        return refusal
    if isinstance(error, errors.UniqueViolation):  # a raw session wrote the same key meanwhile
        return ConflictError(
            _("Someone else saved the same record at the same moment; nothing was changed. Try again.")
        )
    if isinstance(error, errors.InsufficientPrivilege):
        return PermissionDenied(
            _("The server refused this for your user: {reason}").format(reason=text.splitlines()[0])
        )
    if isinstance(error, errors.ReadOnlySqlTransaction):
        return ServerNotReady(_("This database is open read-only; nothing can be changed."))
    if isinstance(error, psycopg.OperationalError | errors.AdminShutdown):
        return ConnectionLost(
            _(
                "The connection to the database server {where} was lost; what you were doing was not "
                "saved. Check the network and that the server is running, then try again."
            ).format(where=where)
        )
    return error


def open_store(address: str, *, read_only: bool = False, **login: Unpack[ServerLogin]) -> PostgresStore:
    conn = connect(address, **login)
    try:
        return PostgresStore(conn, address, read_only=read_only, **login)
    except BaseException:
        conn.close()
        raise
