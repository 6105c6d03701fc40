"""Acknowledgements of overlap findings, kept by fingerprint (db/migrations/0004)."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from coursehub.domain.findings import Acknowledgement, FindingKind
from coursehub.storage.repository import Repository


class FindingRepository(Repository):
    _COLUMNS = "fingerprint, kind, courses, reason, actor, acknowledged_at"

    @staticmethod
    def _from_row(row: tuple[Any, ...]) -> Acknowledgement:
        fingerprint, kind, courses, reason, actor, at = row
        keys = tuple((provider, code) for provider, code in json.loads(courses))
        return Acknowledgement(
            fingerprint, FindingKind(kind), keys, reason, actor, datetime.fromisoformat(at)
        )

    def acknowledgements(self) -> dict[str, Acknowledgement]:
        rows = self.conn.execute(
            f"SELECT {self._COLUMNS} FROM finding_acknowledgements ORDER BY acknowledged_at"
        )
        return {row[0]: self._from_row(row) for row in rows}

    def get(self, fingerprint: str) -> Acknowledgement | None:
        row = self.conn.execute(
            f"SELECT {self._COLUMNS} FROM finding_acknowledgements WHERE fingerprint = ?", (fingerprint,)
        ).fetchone()
        return self._from_row(row) if row else None

    def acknowledge(self, acknowledgement: Acknowledgement) -> None:
        """Record (or replace) the acknowledgement of one finding."""
        self.conn.execute(
            f"INSERT INTO finding_acknowledgements ({self._COLUMNS}) VALUES (?, ?, ?, ?, ?, ?) "
            "ON CONFLICT (fingerprint) DO UPDATE SET kind = excluded.kind, courses = excluded.courses, "
            "reason = excluded.reason, actor = excluded.actor, acknowledged_at = excluded.acknowledged_at",
            (
                acknowledgement.fingerprint,
                acknowledgement.kind.value,
                json.dumps([list(k) for k in acknowledgement.courses], ensure_ascii=False),
                acknowledgement.reason,
                acknowledgement.actor,
                acknowledgement.at.strftime("%Y-%m-%dT%H:%M:%S"),
            ),
        )

    def withdraw(self, fingerprint: str) -> bool:
        cursor = self.conn.execute(
            "DELETE FROM finding_acknowledgements WHERE fingerprint = ?", (fingerprint,)
        )
        return cursor.rowcount > 0
