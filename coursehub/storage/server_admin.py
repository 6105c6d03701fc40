"""Setting up a server database and managing its login roles, for the services above
storage (which never import storage.postgres themselves).

Offers `initialise_server(...)` (`coursehub server init`: migrations, then the security
layer of db/postgres/security.sql, then the first administrator), `copy_file_to_server(...)`
(`coursehub server copy-from FILE.db`, storage/postgres/copy_from.py),
`cross_organisation_clashes(...)` (`coursehub server clashes`) and
`server_accounts(store)` (users as login roles; None when the store is a SQLite file).
Every server refusal arrives as a plain CourseHubError, never as a driver exception.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Unpack

from coursehub.domain.errors import CourseHubError, NotFound, PermissionDenied
from coursehub.domain.people import Role
from coursehub.domain.text import fold
from coursehub.i18n import _
from coursehub.storage.backends import ServerLogin
from coursehub.storage.days_off import days_off_between


@dataclass(frozen=True, slots=True)
class ServerSetup:
    database: str
    migrations_applied: list[int]
    groups: tuple[str, ...]
    administrator: str
    administrator_created: bool


def initialise_server(
    address: str,
    *,
    admin: str,
    new_password: Callable[[], str],
    **login: Unpack[ServerLogin],
) -> ServerSetup:
    from coursehub.storage.postgres.connection import connect, require_driver
    from coursehub.storage.postgres.migrations import apply_migrations
    from coursehub.storage.postgres.security import (
        apply_security,
        ensure_administrator,
        login_name,
        require_setup_rights,
    )

    require_driver()
    conn = connect(address, **login)
    try:
        with _plain_errors(address):
            require_setup_rights(conn)
            applied = apply_migrations(conn)
            roles = apply_security(conn)
            created = ensure_administrator(conn, admin, new_password)
            row = conn.execute("SELECT current_database()").fetchone()
        return ServerSetup(str(row[0]) if row else "", applied, roles.groups, login_name(admin), created)
    finally:
        conn.close()


def copy_file_to_server(address: str, path: Path, **login: Unpack[ServerLogin]) -> Any:
    """Copy a SQLite CourseHub file into the server database, all or nothing; the report
    (storage/postgres/copy_from.CopyReport) says what was added, matched and clashed."""
    from coursehub.storage.postgres.connection import connect, require_driver
    from coursehub.storage.postgres.copy_from import copy_sqlite

    require_driver()
    conn = connect(address, **login)
    try:
        with _plain_errors(address):
            return copy_sqlite(conn, path)
    finally:
        conn.close()


@dataclass(frozen=True, slots=True)
class CrossOrganisationClash:
    """One of the reader's trainees holds a seat in `course` while another organisation has
    enrolled the same person (by name and birth date) in `other_course`, meeting at the
    same time. Nothing of the other organisation's record is known here."""

    pseudonym: str
    course: tuple[str, str]
    other_course: tuple[str, str]


def cross_organisation_clashes(address: str, **login: Unpack[ServerLogin]) -> list[CrossOrganisationClash]:
    """Asked of the server as the connected NGO coordinator (db/postgres/security.sql)."""
    from coursehub.storage.postgres.connection import connect, require_driver

    psycopg = require_driver()
    conn = connect(address, **login)
    try:
        with _plain_errors(address):
            try:
                rows = conn.execute(
                    "SELECT x.pseudonym, po.name, co.code, pt.name, ct.code "
                    "FROM coursehub_cross_organisation_clashes(%s::date[]) x "
                    "JOIN courses co ON co.id = x.course_id "
                    "JOIN providers po ON po.id = co.provider_id "
                    "JOIN courses ct ON ct.id = x.other_course_id "
                    "JOIN providers pt ON pt.id = ct.provider_id "
                    "ORDER BY 1, 2, 3, 4, 5",
                    (_days_off(conn),),
                ).fetchall()
            except psycopg.errors.InsufficientPrivilege as error:
                raise PermissionDenied(
                    _(
                        "Only NGO coordinators ask the server this; Employment Office staff see every "
                        "trainee's clashes with `coursehub overlaps`."
                    )
                ) from error
    finally:
        conn.close()
    return [CrossOrganisationClash(r[0], (r[1], r[2]), (r[3], r[4])) for r in rows]


def _days_off(conn: Any) -> list[date]:
    """Every day off while any course runs: public holidays with the office's corrections,
    from the same calendar the SQLite checks use (a session on one is not held)."""
    span = conn.execute(
        "SELECT min(start_date), max(end_date) FROM courses WHERE status <> 'cancelled'"
    ).fetchone()
    if span is None or span[0] is None:
        return []
    return days_off_between(conn, span[0], span[1])


class ServerAccounts:
    """CourseHub users as login roles of the store's database (through the server's
    coursehub_user_* functions); used inside a write transaction of the same store."""

    def __init__(self, store: Any) -> None:
        self.store = store

    def add(
        self, username: str, role: Role, organisation: str | None, password: str, display_name: str = ""
    ) -> str:
        from coursehub.storage.postgres.security import add_login

        with _plain_errors(self.store.address):
            return add_login(
                self.store.conn,
                username,
                role,
                self._organisation_id(organisation),
                password,
                display_name=display_name,
            )

    def set_active(self, username: str, active: bool) -> None:
        from coursehub.storage.postgres.security import set_login_active

        with _plain_errors(self.store.address):
            set_login_active(self.store.conn, username, active)

    def set_password(self, username: str, password: str) -> None:
        from coursehub.storage.postgres.security import set_login_password

        with _plain_errors(self.store.address):
            set_login_password(self.store.conn, username, password)

    def _organisation_id(self, organisation: str | None) -> int | None:
        if not organisation:
            return None
        row = self.store.conn.execute(
            "SELECT id FROM providers WHERE name_key = %s", (fold(organisation),)
        ).fetchone()
        if row is None:
            raise NotFound(_("No provider called {name}.").format(name=organisation))
        return int(row[0])


def server_accounts(store: Any) -> ServerAccounts | None:
    """The login-role accounts of a server store; None for a SQLite file."""
    if getattr(store, "authenticated_user", None) is None or not hasattr(store, "conn"):
        return None
    return ServerAccounts(store)


@contextmanager
def _plain_errors(address: str) -> Iterator[None]:
    import psycopg

    from coursehub.storage.postgres.connection import describe

    try:
        yield
    except psycopg.OperationalError as error:
        from coursehub.domain.server import ConnectionLost, ServerUnavailable
        from coursehub.storage.postgres.connection import plain_connection_error

        plain = plain_connection_error(error, address)
        if type(plain) is ServerUnavailable:  # connected before: the connection dropped
            raise ConnectionLost(plain.message) from error
        raise plain from error
    except psycopg.Error as error:
        raise CourseHubError(
            _("The server {where} refused: {reason}").format(
                where=describe(address), reason=str(error).strip().splitlines()[0]
            )
        ) from error
