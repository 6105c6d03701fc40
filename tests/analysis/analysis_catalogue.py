"""Small hand-made catalogues for the analysis tests (imported by name: no conftest, so
it never shadows another folder's conftest module)."""

from __future__ import annotations

from datetime import date, time

from coursehub.domain.model import Course, Eligibility, Weekday, WeeklySession


def session(day: str, start: str, end: str) -> WeeklySession:
    return WeeklySession(Weekday[day], time.fromisoformat(start), time.fromisoformat(end))


def make(
    code: str,
    *,
    provider: str = "P1",
    occupation: str = "7531",
    municipality: str = "Durrës",
    start: date = date(2027, 3, 1),
    end: date = date(2027, 3, 31),
    sessions: tuple[WeeklySession, ...] | None = None,
    **extra,
) -> Course:
    return Course(
        provider=provider,
        code=code,
        title=extra.pop("title", f"Course {code}"),
        occupation=occupation,
        municipality=municipality,
        start=start,
        end=end,
        sessions=sessions if sessions is not None else (session("TU", "09:00", "12:00"),),
        seats=extra.pop("seats", 10),
        eligibility=extra.pop("eligibility", Eligibility()),
        **extra,
    )
