"""Connecting to a CourseHub database on a PostgreSQL server.

Offers `is_server_address(text)` (is `--db` a server?), `connect(address, user=...,
password=...)` (a psycopg connection, or a plain error: ServerUnavailable exit 7,
ServerLoginRefused exit 4, ServerNotReady exit 3) and `require_driver()`.

The address is what libpq understands: a `postgresql://` or `postgres://` URL, or a
key=value conninfo string such as `host=server.local dbname=coursehub`. The password comes
from the caller (COURSEHUB_PASSWORD), else libpq's own ways (PGPASSWORD, .pgpass), else the
`ask_password` callback (the terminal or the GUI) when the server says one is needed.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Unpack

from coursehub.domain.server import ServerLoginRefused, ServerNotReady, ServerUnavailable
from coursehub.i18n import _
from coursehub.storage.backends import (
    ServerLogin,
    is_server_address,  # noqa: F401  (offered here too)
)

if TYPE_CHECKING:
    import psycopg

APPLICATION_NAME = "CourseHub"
CONNECT_TIMEOUT_S = 10


def require_driver() -> Any:
    try:
        import psycopg
    except ImportError as error:
        raise ServerNotReady(
            _('The PostgreSQL driver is not installed. Install it with: pip install -e ".[server]"')
        ) from error
    return psycopg


def describe(address: str) -> str:
    """The address without any password in it, for messages and the status bar."""
    psycopg = require_driver()
    try:
        info = psycopg.conninfo.conninfo_to_dict(address)
    except psycopg.ProgrammingError:
        return _("(an address the server library cannot read)")
    host = info.get("host") or "localhost"
    port = info.get("port") or "5432"
    return f"{info.get('dbname', '?')} @ {host}:{port}"


def connect(address: str, *, autocommit: bool = True, **login: Unpack[ServerLogin]) -> psycopg.Connection:
    """An open connection as the login's user (default: the address's or libpq's), or a plain error."""
    user, password, ask_password = login.get("user"), login.get("password"), login.get("ask_password")
    psycopg = require_driver()
    try:
        options = psycopg.conninfo.conninfo_to_dict(address)
    except psycopg.ProgrammingError as error:
        raise ServerUnavailable(
            _("The server address {address} cannot be read: {error}").format(address=address, error=error)
        ) from error
    if user:
        options["user"] = user
    if options.get("user"):
        # CourseHub's login roles are small letters (security.login_name); a name typed with
        # capitals (--user Maria, COURSEHUB_USER, the address, the connect dialog) means the
        # same user, as it does on a SQLite file. PGUSER and the system login go to libpq as
        # they are, for roles made outside CourseHub with capitals.
        options["user"] = str(options["user"]).strip().lower()
    if password is not None:
        options["password"] = password
    options.setdefault("connect_timeout", str(CONNECT_TIMEOUT_S))
    options.setdefault("application_name", APPLICATION_NAME)
    try:
        return _open(psycopg, options, autocommit)
    except psycopg.OperationalError as error:
        if _needs_password(error) and ask_password is not None and password is None:
            asked = ask_password(options.get("user") or _("(your login)"))
            if asked is not None:
                options["password"] = asked
                try:
                    return _open(psycopg, options, autocommit)
                except psycopg.OperationalError as second:
                    raise plain_connection_error(second, address) from second
        raise plain_connection_error(error, address) from error


def _open(driver: Any, options: dict[str, Any], autocommit: bool) -> psycopg.Connection:
    conn: psycopg.Connection = driver.connect(**options, autocommit=autocommit)
    from coursehub.storage.postgres.dialect import load_dates_as_text

    load_dates_as_text(conn)
    return conn


def _needs_password(error: Exception) -> bool:
    return "no password supplied" in str(error)


def plain_connection_error(error: Exception, address: str) -> Exception:
    """What to tell a person whose connection failed, by what libpq said."""
    text = str(error)
    where = describe(address)
    if "password authentication failed" in text or "no password supplied" in text:
        return ServerLoginRefused(
            _(
                "The server {where} refused the login: wrong user name or password, or the "
                "account is disabled. Check the user (--user or COURSEHUB_USER) and the password "
                "(COURSEHUB_PASSWORD, PGPASSWORD or .pgpass)."
            ).format(where=where),
            in_window=_(
                "The server {where} refused the login: wrong user name or password, or the "
                "account is disabled. Check the user and the password above and try again; if "
                "they are right, ask the CourseHub administrator whether the account is enabled."
            ).format(where=where),
        )
    if "does not exist" in text and "database" in text:
        return ServerNotReady(
            _(
                "The server {where} has no such database. Check the database name in the address, "
                "or ask the server's administrator to create it (docs/server.md)."
            ).format(where=where)
        )
    if (
        "permission denied" in text
        or "not permitted to log in" in text
        or "pg_hba.conf" in text
        or ("role" in text and "does not exist" in text)
    ):
        return ServerLoginRefused(
            _(
                "The server {where} does not let this user in: the login may be disabled, unknown, "
                "or not allowed to use this database. Ask the CourseHub administrator."
            ).format(where=where)
        )
    return ServerUnavailable(
        _(
            "Could not reach the database server {where}. Check the server name and port, that the "
            "server is running, and the network (firewall, VPN). Nothing was changed. ({reason})"
        ).format(where=where, reason=_first_line(text))
    )


def _first_line(text: str) -> str:
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else ""
