"""The repositories on PostgreSQL: the SQLite ones over the dialect adapter (dialect.py),
with the few methods whose SQL really differs written plainly here.

Offers `PostgresUnitOfWork(conn, secured=...)`: storage/unit_of_work.py's UnitOfWork with
these repositories in place of the SQLite ones.
"""

from __future__ import annotations

from collections.abc import Iterable

from coursehub.domain.certificates import CertificateCheck
from coursehub.domain.course_record import CourseRecord
from coursehub.domain.trainees import Enrolment
from coursehub.storage.certificate_repository import CertificateRepository, _check_from_row
from coursehub.storage.days_off import days_off_between
from coursehub.storage.import_repository import COURSE_COLUMNS, CourseImportRepository
from coursehub.storage.people_repository import (
    EnrolmentRepository,
    TraineeRepository,
    _enrolment_from_row,
)
from coursehub.storage.postgres.dialect import PgConnection
from coursehub.storage.repositories import UNIT_SEPARATOR, CourseRepository, course_columns_sql
from coursehub.storage.repository import ServerRepository
from coursehub.storage.unit_of_work import UnitOfWork


class PgCourseRepository(CourseRepository):
    """SQLite's course repository, but for the one read spelt in PostgreSQL's JSON functions."""

    _COURSE_COLUMNS_SQL = course_columns_sql(
        "json_agg({})::text", f"string_agg(json_build_array({{}})::text, '{UNIT_SEPARATOR}')"
    )


class PgCourseImportRepository(CourseImportRepository):
    """Bulk inserts with COPY: one round trip per import instead of one per row."""

    _COLUMNS = ", ".join(("provider_id", *COURSE_COLUMNS))

    def __init__(self, conn: PgConnection) -> None:
        super().__init__(conn)
        self.pg = conn  # typed as what it is, for COPY on the raw connection

    def insert_records(self, provider_id: int, records: Iterable[CourseRecord]) -> int:
        inserted = 0
        raw = self.pg.raw
        with raw.cursor() as cursor, cursor.copy(f"COPY courses ({self._COLUMNS}) FROM STDIN") as copy:
            for record in records:
                copy.write_row((provider_id, *record))
                inserted += 1
        return inserted


class PgTraineeRepository(ServerRepository, TraineeRepository):
    _REGISTERED_ON = "created_at::date"
    _DAY = "?::date"

    def pseudonyms_starting(self, stem: str) -> list[str]:
        if self.secured:  # row security hides other organisations' people: ask the server
            row = self.conn.execute("SELECT coursehub_last_pseudonym_number(?::text)", (stem,)).fetchone()
            last = int(row[0] or 0) if row else 0
            return [f"{stem}{last:04d}"] if last else []
        rows = self.conn.execute(
            "SELECT pseudonym FROM trainees WHERE starts_with(pseudonym, ?::text)", (stem,)
        )
        return [r[0] for r in rows]


# On a server set up by `server init` (security layer present), a coordinator's row security
# hides other organisations' trainees: rosters come from the course_roster view (those people
# by pseudonym only, trainee_id None) and seat counts from course_seat_counts (every
# enrolment counted, no person named).
_ROSTER_SELECT = (
    "SELECT r.id, r.trainee_id, r.course_id, r.status, r.waiting_since, "
    "coalesce(r.override_reason, ''), r.version, r.pseudonym, p.name, c.code FROM course_roster r "
    "JOIN courses c ON c.id = r.course_id JOIN providers p ON p.id = c.provider_id"
)


class PgEnrolmentRepository(ServerRepository, EnrolmentRepository):
    def for_course(self, course_id: int) -> list[Enrolment]:
        if not self.secured:
            return super().for_course(course_id)
        rows = self.conn.execute(
            f"{_ROSTER_SELECT} WHERE r.course_id = ? ORDER BY r.status, r.waiting_since, r.id", (course_id,)
        )
        return [_enrolment_from_row(r) for r in rows]

    def waiting(self, course_id: int) -> list[Enrolment]:
        if not self.secured:
            return super().waiting(course_id)
        rows = self.conn.execute(
            f"{_ROSTER_SELECT} WHERE r.course_id = ? AND r.status = 'waiting' ORDER BY r.waiting_since, r.id",
            (course_id,),
        )
        return [_enrolment_from_row(r) for r in rows]

    def seats_taken(self, course_id: int) -> int:
        if not self.secured:
            return super().seats_taken(course_id)
        row = self.conn.execute(
            "SELECT coalesce(sum(people), 0)::integer FROM course_seat_counts "
            "WHERE course_id = ? AND status IN ('enrolled', 'completed')",
            (course_id,),
        ).fetchone()
        return int(row[0]) if row else 0

    def taken_seats(self) -> dict[int, int]:
        if not self.secured:
            return super().taken_seats()
        rows = self.conn.execute(
            "SELECT course_id, sum(people)::integer FROM course_seat_counts "
            "WHERE status IN ('enrolled', 'completed') GROUP BY course_id"
        )
        return {int(c): int(n) for c, n in rows}

    def fill_free_seats(self, course_id: int) -> int | None:
        """On a server with row security a coordinator cannot see, nor change, other
        organisations' people on the waiting list, so the server's coursehub_fill_free_seats
        (db/postgres/security.sql) moves the first people waiting into the free seats, in this
        transaction, audited, and says only how many. None without that function."""
        if not self.secured:
            return None
        found = self.conn.execute(
            "SELECT to_regprocedure('coursehub_fill_free_seats(integer,date[])') IS NOT NULL"
        ).fetchone()
        if not (found and found[0]):
            return None
        row = self.conn.execute(
            "SELECT coursehub_fill_free_seats(?, ?::date[])", (course_id, self._days_off_while(course_id))
        ).fetchone()
        return int(row[0]) if row else 0

    def _days_off_while(self, course_id: int) -> list[str]:
        """The public holidays (with the office's corrections) while the course runs: a
        session on one is not held, so it clashes with nothing (as on SQLite)."""
        span = self.conn.execute(
            "SELECT start_date, end_date FROM courses WHERE id = ?", (course_id,)
        ).fetchone()
        if span is None:
            return []
        return [day.isoformat() for day in days_off_between(self.conn, span[0], span[1])]

    def counts(self) -> list[tuple[int, str, int]]:
        if not self.secured:
            return super().counts()
        rows = self.conn.execute(
            "SELECT course_id, status, people FROM course_seat_counts ORDER BY course_id, status"
        )
        return [(int(c), s, int(n)) for c, s, n in rows]


class PgCertificateRepository(ServerRepository, CertificateRepository):
    """On a server with row security a coordinator sees only their own trainees'
    certificates: verifying any certificate by number and code, and the anonymous counts of
    the Committee report, go through the server's coursehub_certificate_check function and
    course_certificate_counts view (db/postgres/security.sql), which name nobody."""

    def check(self, number: str, code: str) -> CertificateCheck | None:
        if not self.secured:
            return super().check(number, code)
        row = self.conn.execute(
            "SELECT k.number, c.title, c.occupation, p.name, c.start_date, c.end_date, k.issued_at, "
            "k.revoked "
            "FROM coursehub_certificate_check(?::text, ?::text) k JOIN courses c ON c.id = k.course_id "
            "JOIN providers p ON p.id = c.provider_id",
            (number.strip(), code),
        ).fetchone()
        return _check_from_row(tuple(row)) if row else None

    def issued_counts(self) -> list[tuple[int, int]]:
        if not self.secured:
            return super().issued_counts()
        rows = self.conn.execute("SELECT course_id, certificates FROM course_certificate_counts")
        return [(int(c), int(n)) for c, n in rows]


class PostgresUnitOfWork(UnitOfWork):
    """The repositories of one transaction on the server: SQLite's classes over the dialect
    adapter, but for those above."""

    def __init__(self, conn: PgConnection, *, secured: bool = False) -> None:
        self.share_repositories(conn)
        self.courses = PgCourseRepository(conn)
        self.course_import = PgCourseImportRepository(conn)
        self.trainees = PgTraineeRepository(conn, secured)
        self.enrolments = PgEnrolmentRepository(conn, secured)
        self.certificates = PgCertificateRepository(conn, secured)
