"""The certificate register and its numbering (db/migrations/0008_certificates.sql).

The same SQL runs on SQLite and, through the dialect adapter, on PostgreSQL: the next
number is taken with one INSERT ... ON CONFLICT DO UPDATE ... RETURNING on the counter row
of the provider and year, inside the caller's write transaction (SQLite: BEGIN IMMEDIATE
holds the writer lock; PostgreSQL: the row lock queues concurrent sessions).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from coursehub.domain.certificates import Certificate, CertificateCheck, certificate_number
from coursehub.domain.errors import NotFound
from coursehub.domain.outcomes import EnrolmentFact
from coursehub.i18n import _
from coursehub.storage.repository import Repository
from coursehub.storage.stored_values import stored_day


def _stamp(moment: datetime | None) -> str | None:
    return moment.isoformat(timespec="seconds") if moment else None


def _moment(value: Any) -> datetime | None:
    if value is None or value == "":
        return None
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value))


class CertificateRepository(Repository):
    _SELECT = (
        "SELECT x.id, x.number, p.name, x.course_id, c.code, c.title, x.pseudonym, x.trainee_id, "
        "x.hours, x.issued_at, x.issued_by, x.verification_code, x.duplicates, x.last_printed_at, "
        "x.last_printed_by, x.revoked_at, x.revoked_by, x.revoked_reason "
        "FROM certificates x JOIN courses c ON c.id = x.course_id JOIN providers p ON p.id = x.provider_id"
    )

    @staticmethod
    def _from_row(row: tuple[Any, ...]) -> Certificate:
        (cid, number, provider, course_id, code, title, pseudonym, trainee_id, hours, issued_at, issued_by,
         verification, duplicates, last_at, last_by, revoked_at, revoked_by, reason) = row  # fmt: skip
        return Certificate(
            number=number,
            provider=provider,
            course_id=int(course_id),
            course_code=code,
            course_title=title,
            pseudonym=pseudonym,
            trainee_id=int(trainee_id) if trainee_id is not None else None,
            hours=float(hours),
            issued_at=_moment(issued_at) or datetime.min,
            issued_by=issued_by,
            verification_code=verification,
            duplicates=int(duplicates),
            last_printed_at=_moment(last_at),
            last_printed_by=last_by,
            revoked_at=_moment(revoked_at),
            revoked_by=revoked_by,
            revoked_reason=reason or "",
            id=int(cid),
        )

    def next_number(self, provider_id: int, year: int) -> tuple[int, str]:
        """Take the next sequence number of the provider and year (inside the write transaction).
        A number already in the register (e.g. a certificate brought over from another office's
        file, printed under that file's provider number) is passed over, never reused."""
        while True:
            row = self.conn.execute(
                "INSERT INTO certificate_sequences (provider_id, year, last_number) VALUES (?, ?, 1) "
                "ON CONFLICT (provider_id, year) DO UPDATE "
                "SET last_number = certificate_sequences.last_number + 1 RETURNING last_number",
                (provider_id, year),
            ).fetchone()
            sequence = int(row[0])
            number = certificate_number(provider_id, year, sequence)
            if self.find(number) is None:
                return sequence, number

    def add(
        self,
        *,
        number: str,
        provider_id: int,
        year: int,
        sequence: int,
        code: str,
        course_id: int,
        trainee_id: int,
        pseudonym: str,
        hours: float,
        at: datetime,
        by: str,
    ) -> Certificate:
        self.conn.execute(
            "INSERT INTO certificates (number, provider_id, year, sequence, verification_code, course_id, "
            "trainee_id, pseudonym, hours, issued_at, issued_by) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                number,
                provider_id,
                year,
                sequence,
                code,
                course_id,
                trainee_id,
                pseudonym,
                hours,
                _stamp(at),
                by,
            ),
        )
        return self.get(number)

    def get(self, number: str) -> Certificate:
        found = self.find(number)
        if found is None:
            raise NotFound(_("No certificate number {number}.").format(number=number))
        return found

    def find(self, number: str) -> Certificate | None:
        row = self.conn.execute(f"{self._SELECT} WHERE x.number = ?", (number.strip(),)).fetchone()
        return self._from_row(tuple(row)) if row else None

    def for_trainee_and_course(self, trainee_id: int, course_id: int) -> list[Certificate]:
        """Every certificate of the person for the course, the valid one (if any) first."""
        rows = self.conn.execute(
            f"{self._SELECT} WHERE x.trainee_id = ? AND x.course_id = ? "
            "ORDER BY x.revoked_at IS NOT NULL, x.id DESC",
            (trainee_id, course_id),
        )
        return [self._from_row(tuple(r)) for r in rows]

    def for_trainee(self, trainee_id: int) -> list[Certificate]:
        rows = self.conn.execute(f"{self._SELECT} WHERE x.trainee_id = ? ORDER BY x.id", (trainee_id,))
        return [self._from_row(tuple(r)) for r in rows]

    def note_reprint(self, number: str, at: datetime, by: str) -> Certificate:
        self.conn.execute(
            "UPDATE certificates SET duplicates = duplicates + 1, last_printed_at = ?, last_printed_by = ? "
            "WHERE number = ?",
            (_stamp(at), by, number),
        )
        return self.get(number)

    def revoke(self, number: str, at: datetime, by: str, reason: str) -> Certificate:
        self.conn.execute(
            "UPDATE certificates SET revoked_at = ?, revoked_by = ?, revoked_reason = ? WHERE number = ?",
            (_stamp(at), by, reason, number),
        )
        return self.get(number)

    def check(self, number: str, code: str) -> CertificateCheck | None:
        """The course, provider and status of a certificate whose number AND code match."""
        row = self.conn.execute(
            "SELECT x.number, c.title, c.occupation, p.name, c.start_date, c.end_date, x.issued_at, "
            "x.revoked_at IS NOT NULL FROM certificates x JOIN courses c ON c.id = x.course_id "
            "JOIN providers p ON p.id = x.provider_id WHERE x.number = ? AND x.verification_code = ?",
            (number.strip(), code),
        ).fetchone()
        return _check_from_row(tuple(row)) if row else None

    def issued_counts(self) -> list[tuple[int, int]]:
        """(course id, valid certificates): anonymous counts for the Committee report."""
        rows = self.conn.execute(
            "SELECT course_id, count(*) FROM certificates WHERE revoked_at IS NULL GROUP BY course_id"
        )
        return [(int(c), int(n)) for c, n in rows]

    # last: inside the class, `list` names this method, not the built-in type
    def list(self) -> list[Certificate]:
        """The register in order of issue (what the reader may see of it, on a server)."""
        rows = self.conn.execute(f"{self._SELECT} ORDER BY x.issued_at, x.id")
        return [self._from_row(tuple(r)) for r in rows]


def _check_from_row(row: tuple[Any, ...]) -> CertificateCheck:
    number, title, occupation, provider, start, end, issued_at, revoked = row
    return CertificateCheck(
        number=number,
        course_title=title,
        occupation=occupation,
        provider=provider,
        start=stored_day(start),
        end=stored_day(end),
        issued_on=stored_day(issued_at),
        revoked=bool(revoked),
    )


class OutcomeRepository(Repository):
    """Anonymous facts about every enrolment for the Committee's outcome tables: no name, no
    pseudonym, no trainee number."""

    def enrolment_facts(self) -> list[EnrolmentFact]:
        rows = self.conn.execute(
            "SELECT e.course_id, e.status, e.updated_at, t.groups, EXISTS (SELECT 1 FROM certificates x "
            "WHERE x.course_id = e.course_id AND x.trainee_id = e.trainee_id AND x.revoked_at IS NULL), "
            "e.outcome_reason, e.completed_on, "
            "(SELECT count(*) FROM attendance a WHERE a.trainee_id = e.trainee_id "
            "AND a.course_id = e.course_id AND a.status = 'present'), "
            "(SELECT count(*) FROM attendance a WHERE a.trainee_id = e.trainee_id "
            "AND a.course_id = e.course_id AND a.status = 'absent'), "
            "(SELECT max(a.session_date) FROM attendance a WHERE a.trainee_id = e.trainee_id "
            "AND a.course_id = e.course_id AND a.status = 'present') "
            "FROM enrolments e JOIN trainees t ON t.id = e.trainee_id"
        )
        return [
            EnrolmentFact(
                course_id=int(course),
                status=str(status),
                changed_at=_moment(changed),
                groups=str(groups or ""),
                certified=bool(certified),
                reason=reason or None,
                ended_on=stored_day(ended) if ended else None,
                present=int(present),
                absent=int(absent),
                last_present=stored_day(last) if last else None,
            )
            for course, status, changed, groups, certified, reason, ended, present, absent, last in rows
        ]
