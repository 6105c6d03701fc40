"""A course as one flat record of plain values (text, whole numbers, None): the form the
catalogue stores a course's fields in, and the form in which an import hands its new
courses to storage. One place says how each field is written, so a course saved from the
dialog and a course imported from a list are stored alike.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from coursehub.domain.model import Course, WeeklySession

CourseRecord = tuple[str | int | None, ...]  # values in RECORD_FIELDS order


def sessions_text(sessions: Iterable[WeeklySession]) -> str:
    """A timetable as stored: "MO 09:00-12:00;WE 09:00-12:00", in weekday order."""
    return ";".join(f"{s.weekday.name} {s.start:%H:%M}-{s.end:%H:%M}" for s in sorted(sessions))


# Each stored field (the courses table's columns, in table order) and how it is written.
_STORED: tuple[tuple[str, Callable[[Course], str | int | None]], ...] = (
    ("code", lambda c: c.code.strip()),
    ("title", lambda c: c.title.strip()),
    ("occupation", lambda c: c.occupation),
    ("municipality", lambda c: c.municipality),
    ("venue", lambda c: c.venue.strip()),
    ("trainer", lambda c: c.trainer.strip()),
    ("start_date", lambda c: c.start.isoformat()),
    ("end_date", lambda c: c.end.isoformat()),
    ("sessions", lambda c: sessions_text(c.sessions)),
    ("seats", lambda c: c.seats),
    ("fee", lambda c: c.fee),
    ("status", lambda c: c.status.value),
    ("min_age", lambda c: c.eligibility.min_age),
    ("max_age", lambda c: c.eligibility.max_age),
    ("gender", lambda c: c.eligibility.gender.value),
    ("education", lambda c: c.eligibility.education.code),
    ("groups", lambda c: ",".join(sorted(g.value for g in c.eligibility.groups))),
    ("notes", lambda c: c.notes),
)
RECORD_FIELDS = tuple(name for name, _ in _STORED)
ELIGIBILITY_FIELDS = RECORD_FIELDS[12:17]


def course_record(course: Course) -> CourseRecord:
    """The course's stored fields, in RECORD_FIELDS order (no id, provider or version)."""
    return tuple(stored(course) for _, stored in _STORED)
