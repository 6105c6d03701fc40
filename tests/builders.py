"""What many tests build: a valid course, to change the one field a test is about.

a_course(code="K-1", seats=0)  # every other field stays valid
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time, timedelta
from typing import Any

from coursehub.domain.model import Course, Weekday, WeeklySession

MONDAY_MORNINGS = (WeeklySession(Weekday.MO, time(9), time(12)),)

_VALID = Course(
    provider="QFP Durrës",
    code="K-1",
    title="Saldim",
    occupation="7212",
    municipality="Durrës",
    start=date(2027, 3, 1),
    end=date(2027, 6, 1),
    sessions=MONDAY_MORNINGS,
    seats=12,
)


def a_course(**changes: Any) -> Course:
    """Welding at QFP Durrës, Monday mornings from March to June 2027, 12 seats, but for `changes`."""
    return replace(_VALID, **changes)


WEEKDAY_MORNINGS = tuple(WeeklySession(day, time(9), time(12)) for day in list(Weekday)[:5])


def a_course_running_today(*, days_before: int, days_after: int, **changes: Any) -> Course:
    """Tailoring (ISCO 7531) in Durrës from `days_before` days ago to `days_after` days ahead,
    so that attendance and completion have past sessions; otherwise a_course() with `changes`."""
    today = date.today()
    running = dict(
        title="Rrobaqepësi",
        occupation="7531",
        start=today - timedelta(days=days_before),
        end=today + timedelta(days=days_after),
    )
    return a_course(**{**running, **changes})


# The columns a provider's course list must have, as an Albanian office writes them.
COURSE_LIST_HEADERS = [
    "Kodi",
    "Emri i kursit",
    "Kodi ISCO",
    "Bashkia",
    "Data e fillimit",
    "Data e mbarimit",
    "Ditët",
    "Orari",
    "Vende",
]
