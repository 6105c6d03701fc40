"""Which backend `--db` names: a PostgreSQL server address (a `postgresql://` or
`postgres://` URL, or a libpq key=value string such as `host=server dbname=coursehub`),
or else a SQLite file path.

The one place that picks the backend; above storage nothing knows which one it got:
`is_server_address(text)` and `open_server_store(address, ...)` (a Store of
services/ports.py). A SQLite file is opened as before (services/backup.open_safely: checks,
writer lock, daily backup). This module does not need the PostgreSQL driver; opening a
server without it says how to install it.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any, TypedDict, Unpack

PasswordPrompt = Callable[[str], str | None]
ChangeCallback = Callable[[str, list[int] | None], None]  # the login's name -> the password, or None
_URL = re.compile(r"^postgres(ql)?://", re.IGNORECASE)
_CONNINFO = re.compile(r"^\s*(host|hostaddr|dbname|service|port|user)\s*=", re.IGNORECASE)


def is_server_address(text: object) -> bool:
    """A PostgreSQL URL or conninfo string; anything else is a SQLite file path."""
    value = str(text or "")
    return bool(_URL.match(value) or _CONNINFO.match(value))


class ServerLogin(TypedDict, total=False):
    """Who connects to a server, the keywords of every way in (open, reopen, listen, set up,
    copy): the login role (default: the address's or libpq's), its password (default: libpq's
    own ways, PGPASSWORD or .pgpass), and whom to ask when the server wants a password."""

    user: str | None
    password: str | None
    ask_password: PasswordPrompt | None


def open_server_store(address: str, *, read_only: bool = False, **login: Unpack[ServerLogin]) -> Any:
    """The server's Store, connected as the login's user (default: the address's); plain errors."""
    from coursehub.storage.postgres.connection import require_driver

    require_driver()
    from coursehub.storage.postgres.store import open_store

    return open_store(address, read_only=read_only, **login)


def reopen_server_store(store: Any) -> Any:
    """Another connection of the same server store (for a worker thread)."""
    return store.reopen()


def reconnect_server_store(store: Any) -> None:
    """A new connection for a server store whose connection dropped (reconnection)."""
    store.reconnect()


def listen_for_changes(store: Any, on_change: Callable[[str, list[int] | None], None]) -> Any:
    """Live refresh: a listener calling `on_change(table, course_ids)` (in its own thread)
    whenever another user changes the catalogue, enrolments or findings; `.stop()` ends it.
    None for a SQLite file (one writer per file: nobody else changes it meanwhile)."""
    listen = getattr(store, "listen", None)
    return listen(on_change) if listen is not None else None
