"""The thin dialect adapter that lets the SQLite repositories run on PostgreSQL unchanged
where their SQL is the same.

`PgConnection` wraps a psycopg connection with the few sqlite3 methods the repositories use
(`execute`, `executemany`, cursors with `fetchone`, iteration, `rowcount`, `lastrowid`) and
rewrites SQLite spellings as it goes: `?` placeholders become `%s`, `IS ?` becomes
`IS NOT DISTINCT FROM %s`, `INSERT OR IGNORE` becomes `ON CONFLICT DO NOTHING`, an INSERT
into a table with an `id` gets `RETURNING id` (for `lastrowid`), SQLite's
`strftime(..., 'now')` becomes the UTC timestamp and PRAGMAs are dropped (they are SQLite's
file settings). Dates and moments are handed back as ISO text, as SQLite keeps them, so the
row decoders are shared too. Where the SQL really differs, the repositories of
storage/postgres/repositories.py write it plainly instead.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any

import psycopg
from psycopg.adapt import Loader

# Tables whose INSERTs return the new identity `id` as lastrowid. Not audit_log: RETURNING
# needs SELECT, and on a server only administrators may read the log.
TABLES_WITH_ID = frozenset(
    {"providers", "courses", "needs", "users", "trainees", "enrolments", "trade_waits"}
)
_INSERT_INTO = re.compile(r"^\s*INSERT\s+(OR\s+IGNORE\s+)?INTO\s+(\w+)", re.IGNORECASE)
_STRFTIME_NOW = re.compile(r"strftime\('%Y-%m-%dT%H:%M:%S',\s*'now'\)")
_IS_PARAM = re.compile(r"\bIS \?")


@lru_cache(maxsize=512)
def translate(sql: str) -> tuple[str, bool]:
    """PostgreSQL's spelling of `sql`, and whether it returns the new row's id."""
    text = _STRFTIME_NOW.sub("(now() AT TIME ZONE 'UTC')::timestamp(0)", sql)
    text = text.replace("%", "%%")
    text = _IS_PARAM.sub("IS NOT DISTINCT FROM ?", text)
    text = text.replace("?", "%s")
    returns_id = False
    match = _INSERT_INTO.match(text)
    if match:
        if match.group(1):
            text = _INSERT_INTO.sub(f"INSERT INTO {match.group(2)}", text, count=1)
            text += " ON CONFLICT DO NOTHING"
        if match.group(2).lower() in TABLES_WITH_ID and "RETURNING" not in text.upper():
            text += " RETURNING id"
            returns_id = True
    return text, returns_id


class PgCursor:
    """The sqlite3 cursor surface the repositories use, over a psycopg cursor."""

    def __init__(self, cursor: psycopg.Cursor | None, lastrowid: int | None = None) -> None:
        self._cursor = cursor
        self.lastrowid = lastrowid

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount if self._cursor is not None else -1

    def fetchone(self) -> Any:
        if self._cursor is None or self._cursor.description is None:
            return None
        return self._cursor.fetchone()

    def fetchall(self) -> list[Any]:
        if self._cursor is None or self._cursor.description is None:
            return []
        return self._cursor.fetchall()

    def __iter__(self) -> Iterator[Any]:
        return iter(self.fetchall())


class PgConnection:
    """What a repository sees as `conn` on PostgreSQL (see the module docstring)."""

    def __init__(self, raw: psycopg.Connection) -> None:
        self.raw = raw

    def execute(self, sql: str, params: Sequence[Any] = ()) -> PgCursor:
        if sql.lstrip().upper().startswith("PRAGMA"):
            return PgCursor(None)
        text, returns_id = translate(sql)
        cursor = self.raw.cursor()
        cursor.execute(text, _values(params), prepare=False)
        if returns_id:
            row = cursor.fetchone()
            return PgCursor(cursor, int(row[0]) if row else None)
        return PgCursor(cursor)

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> PgCursor:
        text, returns_id = translate(sql)
        if returns_id:
            text = text[: -len(" RETURNING id")]
        cursor = self.raw.cursor()
        cursor.executemany(text, [_values(r) for r in rows])
        return PgCursor(cursor)


def _values(params: Sequence[Any]) -> Sequence[Any]:
    # sqlite3 takes bytes-likes for BLOBs; psycopg wants bytes for bytea
    if any(isinstance(p, (memoryview, bytearray)) for p in params):
        return [bytes(p) if isinstance(p, (memoryview, bytearray)) else p for p in params]
    return params


class _IsoTextLoader(Loader):
    """A date or timestamp as the ISO text SQLite stores ('2027-03-01', '2027-03-01T09:30:00')."""

    def load(self, data: Any) -> str:
        return bytes(data).decode().replace(" ", "T", 1)


def load_dates_as_text(conn: psycopg.Connection) -> None:
    for type_name in ("date", "timestamp"):
        conn.adapters.register_loader(type_name, _IsoTextLoader)
