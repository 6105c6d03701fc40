"""The office's days off as the server's own checks need them."""

from __future__ import annotations

from datetime import date
from typing import Any

from coursehub.domain.model import HolidayAdjustment
from coursehub.scheduling.holidays import HolidayCalendar
from coursehub.storage.stored_values import stored_day


def days_off_between(conn: Any, first: Any, last: Any) -> list[date]:
    """Public holidays with the office's corrections from `first` to `last` (as stored), from
    the same calendar the SQLite checks use: a session on one of them is not held."""
    adjustments = [
        HolidayAdjustment(stored_day(day), name, bool(closed))
        for day, name, closed in conn.execute("SELECT day, name, closed FROM holiday_adjustments")
    ]
    return list(HolidayCalendar(adjustments).between(stored_day(first), stored_day(last)))
