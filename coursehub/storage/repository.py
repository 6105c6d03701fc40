"""What every repository is: a view of the tables through the caller's connection.

`Connection` is the part of sqlite3's connection the repositories use (`execute`,
`executemany` and their cursors), which the PostgreSQL adapter (postgres/dialect.PgConnection)
offers too: the same repository classes serve both backends. `Repository` holds the
connection; `ServerRepository` also knows whether the server's security layer is there.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any, Protocol


class Rows(Protocol):
    """A cursor as the repositories read it."""

    @property
    def rowcount(self) -> int: ...
    @property
    def lastrowid(self) -> int | None: ...
    def fetchone(self) -> Any: ...
    def fetchall(self) -> list[Any]: ...
    def __iter__(self) -> Iterator[Any]: ...


class Connection(Protocol):
    def execute(self, sql: str, parameters: Sequence[Any] = ..., /) -> Rows: ...
    def executemany(self, sql: str, parameters: Iterable[Sequence[Any]], /) -> Rows: ...


class Repository:
    """Works inside the caller's transaction (Database.transaction, PostgresStore.write)."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn


class ServerRepository(Repository):
    """A repository of the server whose reads change where `server init` added row security
    (a coordinator sees only their organisation's people): it asks the server's views and
    functions instead (db/postgres/security.sql)."""

    def __init__(self, conn: Connection, secured: bool) -> None:
        super().__init__(conn)
        self.secured = secured
