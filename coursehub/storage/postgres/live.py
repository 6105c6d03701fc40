"""Live refresh: hearing that another user changed the catalogue, enrolments or findings.

Offers `ChangeListener(address, on_change, user=..., password=...)`: a connection of its own
that LISTENs on the channel `coursehub` in a daemon thread and calls
`on_change(table, course_ids)` for each notification (course_ids None: reload that table).
The notifications come from db/migrations/postgres/live_refresh.sql and name tables and
course ids only, never a person. `on_change` runs in the listener's thread: a GUI hands it
to its own thread (e.g. a queued Qt signal). Row versions, not this, keep a stale edit from
overwriting someone's save.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from typing import Unpack

from coursehub.storage.backends import ServerLogin
from coursehub.storage.postgres.connection import connect

CHANNEL = "coursehub"
ChangeCallback = Callable[[str, list[int] | None], None]


class ChangeListener:
    def __init__(self, address: str, on_change: ChangeCallback, **login: Unpack[ServerLogin]) -> None:
        self.on_change = on_change
        self.conn = connect(address, **login)
        self.conn.execute(f"LISTEN {CHANNEL}")
        self._stopping = threading.Event()
        self._thread = threading.Thread(target=self._run, name="coursehub-live-refresh", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        import psycopg

        try:
            while not self._stopping.is_set():
                for note in self.conn.notifies(timeout=0.5):
                    change = _decode(note.payload)
                    if change is not None:
                        self.on_change(*change)
                    if self._stopping.is_set():
                        break
        except psycopg.Error:
            return  # the connection dropped or was closed: the GUI's reconnection starts a new one

    @property
    def alive(self) -> bool:
        """Still listening: False once the connection dropped (the GUI reconnects)."""
        return self._thread.is_alive() and not self._stopping.is_set()

    def stop(self) -> None:
        self._stopping.set()
        self._thread.join(timeout=2)
        self.conn.close()


def _decode(payload: str) -> tuple[str, list[int] | None] | None:
    try:
        data = json.loads(payload)
        courses = data.get("courses")
        return str(data["table"]), ([int(c) for c in courses if c is not None] if courses else None)
    except (ValueError, KeyError, TypeError, AttributeError):
        return None
