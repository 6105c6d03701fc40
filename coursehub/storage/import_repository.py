"""Bulk writes for imports: one executemany per batch inside the caller's transaction.

sqlite-utils' insert_all caps a batch at 999 parameters and builds a dict per row
(measured: 0.6-0.8 s per 100,000 rows against 0.17 s for a raw executemany), so the
importer hands over flat records (domain/course_record.py) that are written as they are.
"""

from __future__ import annotations

from collections.abc import Iterable

from coursehub.domain.course_record import RECORD_FIELDS, CourseRecord
from coursehub.storage.repository import Repository

COURSE_COLUMNS = RECORD_FIELDS  # the columns of a course row besides its id and provider


def insert_statement(provider_id: int) -> str:
    """The INSERT of one provider's records; its id is a whole number written in the
    statement, so each record is bound as it is, without a copy that adds the id."""
    columns = ", ".join(("provider_id", *COURSE_COLUMNS))
    return f"INSERT INTO courses ({columns}) VALUES ({int(provider_id)}{', ?' * len(COURSE_COLUMNS)})"


class CourseImportRepository(Repository):
    def insert_records(self, provider_id: int, records: Iterable[CourseRecord]) -> int:
        """Insert new courses of one provider; returns how many were inserted."""
        return self.conn.executemany(insert_statement(provider_id), records).rowcount
