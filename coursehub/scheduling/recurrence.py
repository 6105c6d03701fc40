"""Weekly sessions over a date range, expanded to dated sessions with dateutil's rrule."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from dateutil.rrule import WEEKLY, rrule, weekdays

from coursehub.domain.model import Course, WeeklySession
from coursehub.scheduling.holidays import HolidayCalendar


@dataclass(frozen=True, slots=True, order=True)
class DatedSession:
    day: date
    start: time
    end: time
    holiday: str | None = None

    @property
    def is_held(self) -> bool:
        return self.holiday is None


def session_rule(
    course: Course, session: WeeklySession, start: date | None = None, end: date | None = None
) -> rrule:
    """The rrule of one weekly session, optionally clipped to [start, end]."""
    first = max(course.start, start) if start else course.start
    last = min(course.end, end) if end else course.end
    return rrule(
        WEEKLY,
        byweekday=weekdays[int(session.weekday)],
        dtstart=datetime.combine(first, session.start),
        until=datetime.combine(last, session.start),
    )


def expand(
    course: Course,
    calendar: HolidayCalendar | None = None,
    start: date | None = None,
    end: date | None = None,
) -> list[DatedSession]:
    """Every dated session of `course` (between start and end if given), sorted.

    With a calendar, sessions on a day off carry the holiday's name and are not held.
    """
    sessions = list(_dated(course, start, end))
    if calendar is not None:
        sessions = [DatedSession(s.day, s.start, s.end, calendar.name(s.day)) for s in sessions]
    return sorted(sessions)


def _dated(course: Course, start: date | None, end: date | None) -> Iterator[DatedSession]:
    for session in course.sessions:
        for moment in session_rule(course, session, start, end):
            yield DatedSession(moment.date(), session.start, session.end)


def held_sessions(
    course: Course, calendar: HolidayCalendar, start: date | None = None, end: date | None = None
) -> list[DatedSession]:
    return [s for s in expand(course, calendar, start, end) if s.is_held]


def holiday_sessions(course: Course, calendar: HolidayCalendar) -> list[DatedSession]:
    """Sessions that fall on a public holiday: not held, listed so make-ups can be planned."""
    return [s for s in expand(course, calendar) if not s.is_held]


def register_days(sessions: Sequence[DatedSession]) -> list[DatedSession]:
    """One entry per date, as the attendance register has one column per date (two sessions
    on one day share a column; the day's first session stands for it)."""
    seen: dict[date, DatedSession] = {}
    for session in sorted(sessions):
        seen.setdefault(session.day, session)
    return list(seen.values())


def held_days(
    course: Course, calendar: HolidayCalendar, start: date | None = None, end: date | None = None
) -> list[date]:
    """The dates on which the course meets: the register's columns without the holidays.
    Attendance is recorded for these dates only."""
    return [s.day for s in register_days(expand(course, calendar, start, end)) if s.is_held]
