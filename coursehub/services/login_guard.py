"""Failed logins: counted per user in the database, so that separate command-line processes
are throttled too, and audited at most once a minute per user (a password-guessing run
must not grow the audit log without bound).

After FREE_FAILURES failures in a row, each further attempt for that user first waits
2, 4, 8 ... seconds (at most MAX_DELAY) after the last failure. A wait longer than
MAX_SLEEP is not slept through: the attempt is refused with the time to wait, so the
desktop program never freezes. A successful login clears the count.
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from coursehub.domain.errors import CourseHubError
from coursehub.i18n import _
from coursehub.services.ports import UnitOfWork

FREE_FAILURES = 5
MAX_DELAY = timedelta(minutes=15)
MAX_SLEEP = timedelta(seconds=30)
AUDIT_EVERY = timedelta(minutes=1)
_KEY = "auth.failed_logins.{user_id}"

Sleep = Callable[[float], None]


class LoginThrottled(CourseHubError):
    exit_code = 4


@dataclass(frozen=True)
class FailureRecord:
    count: int = 0
    last: datetime | None = None
    audited: datetime | None = None  # when the last failure was written to the audit log

    def to_text(self) -> str:
        return json.dumps(
            {
                "count": self.count,
                "last": self.last.isoformat() if self.last else None,
                "audited": self.audited.isoformat() if self.audited else None,
            }
        )

    @classmethod
    def from_text(cls, text: str | None) -> FailureRecord:
        if not text:
            return cls()
        try:
            data = json.loads(text)
            return cls(
                int(data.get("count", 0)),
                _moment(data.get("last")),
                _moment(data.get("audited")),
            )
        except (ValueError, TypeError, AttributeError):
            return cls()  # a damaged record counts as none rather than locking anybody out


def _moment(text: object) -> datetime | None:
    return datetime.fromisoformat(text) if isinstance(text, str) else None


def delay_after(failures: int) -> timedelta:
    """How long after the last failure the next attempt must wait."""
    if failures < FREE_FAILURES:
        return timedelta(0)
    return min(timedelta(seconds=2 ** (failures - FREE_FAILURES + 1)), MAX_DELAY)


class LoginGuard:
    def __init__(self, clock: Callable[[], datetime], sleep: Sleep = time.sleep) -> None:
        self.clock = clock
        self.sleep = sleep

    @staticmethod
    def record_of(uow: UnitOfWork, user_id: int) -> FailureRecord:
        return FailureRecord.from_text(uow.settings.get(_KEY.format(user_id=user_id)))

    def wait_turn(self, record: FailureRecord) -> None:
        """Sleep until this user's next attempt is due; refuse if that is far away."""
        if record.last is None:
            return
        remaining = record.last + delay_after(record.count) - self.clock()
        if remaining <= timedelta(0):
            return
        if remaining > MAX_SLEEP:
            minutes = int(remaining.total_seconds() // 60) + 1
            raise LoginThrottled(
                _(
                    "Too many wrong passwords for this user: try again in {n} minutes, or ask "
                    "an administrator to set a new password."
                ).format(n=minutes)
            )
        self.sleep(remaining.total_seconds())

    def note_failure(self, uow: UnitOfWork, user_id: int) -> bool:
        """Count one failure; True when it should go to the audit log (once a minute)."""
        record = self.record_of(uow, user_id)
        now = self.clock()
        audit = record.audited is None or now - record.audited >= AUDIT_EVERY
        updated = FailureRecord(record.count + 1, now, now if audit else record.audited)
        uow.settings.set(_KEY.format(user_id=user_id), updated.to_text())
        return audit

    def clear(self, uow: UnitOfWork, user_id: int) -> None:
        if self.record_of(uow, user_id).count:
            uow.settings.set(_KEY.format(user_id=user_id), FailureRecord().to_text())
