"""What every repository is: a view of the tables through the caller's connection.

`Connection` is the part of sqlite3's connection the repositories use (`execute`,
`executemany` and their cursors), which the PostgreSQL adapter (postgres/dialect.PgConnection)
offers too: the same repository classes serve both backends. `Repository` holds the
connection; `ServerRepository` also knows whether the server's security layer is there.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any, Protocol

from coursehub.domain.errors import NotFound
from coursehub.i18n import _


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

    # "There is no … number {id}; it may have been deleted meanwhile", marked with N_
    _MISSING = ""

    def _row_by_id(self, sql: str, record_id: int) -> Any:
        """The row `sql` finds for the id (its one `?`), else NotFound saying _MISSING:
        someone may have deleted the record meanwhile."""
        row = self.conn.execute(sql, (record_id,)).fetchone()
        if row is None:
            raise NotFound(_(self._MISSING).format(id=record_id))
        return row

    def _insert(self, table: str, values: dict[str, object]) -> int:
        """Insert one row of `values` (column -> value); the new row's id."""
        marks = ", ".join("?" for _ in values)
        cursor = self.conn.execute(
            f"INSERT INTO {table} ({', '.join(values)}) VALUES ({marks})", tuple(values.values())
        )
        return int(cursor.lastrowid or 0)

    def _update_unless_changed(
        self, table: str, values: dict[str, object], record_id: int | None, version: int | None
    ) -> bool:
        """Save `values` over the row with the id, moving its version on, unless someone saved
        it since it was read at `version`: False then, and nothing changed."""
        assignments = ", ".join(f"{column} = ?" for column in values)
        cursor = self.conn.execute(
            f"UPDATE {table} SET {assignments}, version = version + 1, updated_at = ? "
            "WHERE id = ? AND version = ?",
            (*values.values(), datetime.now().isoformat(timespec="seconds"), record_id, version),
        )
        return cursor.rowcount > 0


class ServerRepository(Repository):
    """A repository of the server whose reads change where `server init` added row security
    (a coordinator sees only their organisation's people): it asks the server's views and
    functions instead (db/postgres/security.sql)."""

    def __init__(self, conn: Connection, secured: bool) -> None:
        super().__init__(conn)
        self.secured = secured
