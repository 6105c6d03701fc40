"""A course as one flat record of plain values (text, whole numbers, None): the form the
catalogue stores a course's fields in, and the form in which an import hands its new
courses to storage. One place says how each field is written, so a course saved from the
dialog and a course imported from a list are stored alike.
"""

from __future__ import annotations

from collections.abc import Iterable

from coursehub.domain.model import Course, Eligibility, WeeklySession

RECORD_FIELDS = (  # the record's fields in order: the courses table's columns, in table order
    "code",
    "title",
    "occupation",
    "municipality",
    "venue",
    "trainer",
    "start_date",
    "end_date",
    "sessions",
    "seats",
    "fee",
    "status",
    "min_age",
    "max_age",
    "gender",
    "education",
    "groups",
    "notes",
)
CourseRecord = tuple[str | int | None, ...]  # values in RECORD_FIELDS order
EligibilityFields = tuple[int | None, int | None, str, str, str]


def sessions_text(sessions: Iterable[WeeklySession]) -> str:
    """A timetable as stored: "MO 09:00-12:00;WE 09:00-12:00", in weekday order."""
    return ";".join(f"{s.weekday.name} {s.start:%H:%M}-{s.end:%H:%M}" for s in sorted(sessions))


def eligibility_fields(e: Eligibility) -> EligibilityFields:
    """min_age, max_age, gender, education and groups as stored."""
    groups = ",".join(sorted(g.value for g in e.groups))
    return (e.min_age, e.max_age, e.gender.value, e.education.code, groups)


def course_record(course: Course) -> CourseRecord:
    """The course's stored fields, in RECORD_FIELDS order (no id, provider or version)."""
    return (
        course.code.strip(),
        course.title.strip(),
        course.occupation,
        course.municipality,
        course.venue.strip(),
        course.trainer.strip(),
        course.start.isoformat(),
        course.end.isoformat(),
        sessions_text(course.sessions),
        course.seats,
        course.fee,
        course.status.value,
        *eligibility_fields(course.eligibility),
        course.notes,
    )
