"""Bulk writes for imports: one executemany per batch inside the caller's transaction.

sqlite-utils' insert_all caps a batch at 999 parameters and builds a dict per row
(measured: 0.6-0.8 s per 100,000 rows against 0.17 s for a raw executemany), so
the importer's hot path writes plain tuples here.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from typing import Any

from coursehub.domain.model import Course
from coursehub.storage.repositories import sessions_to_text

COURSE_COLUMNS = (  # the columns of a course row besides its id and provider, in table order
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
_COLUMNS = ("provider_id", *COURSE_COLUMNS)
_INSERT = f"INSERT INTO courses ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' for _ in _COLUMNS)})"


class _Texts:
    """Stored forms of repeated values (sessions, groups, enum codes), computed once each."""

    def __init__(self) -> None:
        self.sessions: dict[tuple[Any, ...], str] = {}
        self.groups: dict[frozenset[Any], str] = {}
        self.codes: dict[object, str] = {}

    def row(self, course: Course, provider_id: int) -> tuple[Any, ...]:
        e = course.eligibility
        sessions = self.sessions.get(course.sessions)
        if sessions is None:
            sessions = self.sessions[course.sessions] = sessions_to_text(course.sessions)
        groups = self.groups.get(e.groups)
        if groups is None:
            groups = self.groups[e.groups] = ",".join(sorted(g.value for g in e.groups))
        codes = self.codes
        status, gender, education = course.status, e.gender, e.education
        if status not in codes or gender not in codes or education not in codes:
            codes.update({status: status.value, gender: gender.value, education: education.code})
        return (
            provider_id,
            course.code.strip(),
            course.title.strip(),
            course.occupation,
            course.municipality,
            course.venue.strip(),
            course.trainer.strip(),
            course.start.isoformat(),
            course.end.isoformat(),
            sessions,
            course.seats,
            course.fee,
            codes[status],
            e.min_age,
            e.max_age,
            codes[gender],
            codes[education],
            groups,
            course.notes,
        )


class CourseImportRepository:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self._texts = _Texts()

    def insert_courses(self, provider_id: int, courses: Iterable[Course]) -> int:
        """Insert new courses of one provider; returns how many were inserted."""
        cursor = self.conn.executemany(_INSERT, (self._texts.row(c, provider_id) for c in courses))
        return cursor.rowcount
