"""Albanian public holidays (observed days included) with the office's own corrections.

The `holidays` package supplies the calendar; Bajram dates after 2026 are estimates and the
government decrees extra days off, so HolidayAdjustment rows add closures or cancel a
listed holiday. A corrected Bajram date is one of each.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import holidays as holidays_lib

from coursehub.domain.model import HolidayAdjustment
from coursehub.i18n import current_language


class HolidayCalendar:
    """Answers "is this date a day off, and why?" for any year, lazily per year."""

    def __init__(self, adjustments: Iterable[HolidayAdjustment] = (), language: str | None = None) -> None:
        self._language = language
        self._adjustments = {a.day: a for a in adjustments}
        self._years: dict[int, dict[date, str]] = {}

    @property
    def adjustments(self) -> list[HolidayAdjustment]:
        return sorted(self._adjustments.values(), key=lambda a: a.day)

    def _year(self, year: int) -> dict[date, str]:
        days = self._years.get(year)
        if days is None:
            language = self._language or current_language()
            listed = holidays_lib.country_holidays(
                "AL", years=year, language="sq" if language == "sq" else "en_US"
            )
            days = dict(listed.items())
            for adjustment in self._adjustments.values():
                if adjustment.day.year != year:
                    continue
                if adjustment.closed:
                    days[adjustment.day] = adjustment.name
                else:
                    days.pop(adjustment.day, None)
            self._years[year] = days
        return days

    def name(self, day: date) -> str | None:
        """The holiday's name, or None for a working day."""
        return self._year(day.year).get(day)

    def is_holiday(self, day: date) -> bool:
        return day in self._year(day.year)

    def between(self, start: date, end: date) -> dict[date, str]:
        """Every day off from `start` to `end` inclusive."""
        found: dict[date, str] = {}
        for year in range(start.year, end.year + 1):
            found.update({d: n for d, n in self._year(year).items() if start <= d <= end})
        return dict(sorted(found.items()))
