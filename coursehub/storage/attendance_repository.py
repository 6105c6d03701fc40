"""Attendance marks, how enrolments ended, and each course's attendance threshold
(migration 0007). Inside the caller's transaction; the same SQL runs on PostgreSQL through
the dialect adapter, where row security limits the marks a coordinator reads or writes."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from coursehub.domain.attendance import AttendanceMark, EnrolmentOutcome, Mark, NonCompletion, Outcome
from coursehub.storage.repository import Repository
from coursehub.storage.stored_values import stored_day


def _moment(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


_IDS_PER_QUERY = 500
_MARKS = {mark.value: mark for mark in Mark}
_MARK_SELECT = (
    "SELECT a.trainee_id, a.course_id, a.session_date, a.status, a.note, a.recorded_by, "
    "a.recorded_at, t.pseudonym FROM attendance a JOIN trainees t ON t.id = a.trainee_id"
)


def _mark_from_row(row: tuple[Any, ...]) -> AttendanceMark:
    trainee_id, course_id, day, status, note, recorded_by, recorded_at, pseudonym = row
    return AttendanceMark(
        trainee_id=int(trainee_id),
        course_id=int(course_id),
        day=stored_day(day),
        mark=Mark(status),
        note=note,
        recorded_by=recorded_by,
        recorded_at=_moment(recorded_at),
        pseudonym=pseudonym,
    )


class AttendanceRepository(Repository):
    # Marks ----------------------------------------------------------------------------
    def for_course(self, course_id: int) -> list[AttendanceMark]:
        """Every mark of the course this connection may read, by date then pseudonym."""
        rows = self.conn.execute(
            f"{_MARK_SELECT} WHERE a.course_id = ? ORDER BY a.session_date, t.pseudonym", (course_id,)
        )
        return [_mark_from_row(r) for r in rows]

    def marks_of(self, trainee_ids: list[int]) -> list[tuple[int, int, date, Mark]]:
        """(trainee, course, date, mark) of these people in every course: the needs-attention
        list reads thousands, so only the four values, without notes or who recorded them."""
        found: list[tuple[int, int, date, Mark]] = []
        days: dict[Any, date] = {}
        for start in range(0, len(trainee_ids), _IDS_PER_QUERY):  # SQLite caps a query's values
            chunk = trainee_ids[start : start + _IDS_PER_QUERY]
            marks = ", ".join("?" for _id in chunk)
            rows = self.conn.execute(
                "SELECT trainee_id, course_id, session_date, status FROM attendance "
                f"WHERE trainee_id IN ({marks})",
                tuple(chunk),
            )
            for trainee_id, course_id, day, status in rows:  # thousands: no work that can be spared
                parsed = days.get(day)
                if parsed is None:
                    parsed = days[day] = stored_day(day)
                found.append((trainee_id, course_id, parsed, _MARKS[status]))
        return found

    def find(self, trainee_id: int, course_id: int, day: date) -> AttendanceMark | None:
        row = self.conn.execute(
            f"{_MARK_SELECT} WHERE a.trainee_id = ? AND a.course_id = ? AND a.session_date = ?",
            (trainee_id, course_id, day.isoformat()),
        ).fetchone()
        return _mark_from_row(row) if row else None

    def save(self, mark: AttendanceMark) -> None:
        """Insert or replace the person's mark for that date (a server fills in who and when)."""
        self.conn.execute(
            "INSERT INTO attendance (trainee_id, course_id, session_date, status, note, recorded_by, "
            "recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (trainee_id, course_id, session_date) "
            "DO UPDATE SET status = excluded.status, note = excluded.note, "
            "recorded_by = excluded.recorded_by, recorded_at = excluded.recorded_at",
            (
                mark.trainee_id,
                mark.course_id,
                mark.day.isoformat(),
                mark.mark.value,
                mark.note,
                mark.recorded_by,
                (mark.recorded_at or datetime.now()).isoformat(timespec="seconds"),
            ),
        )

    def delete(self, trainee_id: int, course_id: int, day: date) -> None:
        self.conn.execute(
            "DELETE FROM attendance WHERE trainee_id = ? AND course_id = ? AND session_date = ?",
            (trainee_id, course_id, day.isoformat()),
        )

    def forget_free_text(self, trainee_id: int) -> None:
        """Anonymisation: the marks stay for anonymous counts; notes and the written reason of a
        completion below the threshold, which may name or describe the person, go."""
        self.conn.execute(
            "UPDATE attendance SET note = '' WHERE trainee_id = ? AND note <> ''", (trainee_id,)
        )
        self.conn.execute(
            "UPDATE enrolments SET threshold_override_reason = '' WHERE trainee_id = ? "
            "AND threshold_override_reason <> ''",
            (trainee_id,),
        )

    def recorded_anywhere(self, course_id: int) -> bool:
        """Whether any mark of the course exists, whoever's (staff see all; on a server a
        coordinator is told from the course's own count, see the PostgreSQL twin)."""
        row = self.conn.execute(
            "SELECT 1 FROM attendance WHERE course_id = ? LIMIT 1", (course_id,)
        ).fetchone()
        return row is not None

    # Thresholds -----------------------------------------------------------------------
    def threshold(self, course_id: int) -> int | None:
        row = self.conn.execute(
            "SELECT percent FROM course_attendance_thresholds WHERE course_id = ?", (course_id,)
        ).fetchone()
        return int(row[0]) if row else None

    def set_threshold(self, course_id: int, percent: int | None) -> None:
        if percent is None:
            self.conn.execute("DELETE FROM course_attendance_thresholds WHERE course_id = ?", (course_id,))
            return
        self.conn.execute(
            "INSERT INTO course_attendance_thresholds (course_id, percent) VALUES (?, ?) "
            "ON CONFLICT (course_id) DO UPDATE SET percent = excluded.percent",
            (course_id, percent),
        )

    # Outcomes -------------------------------------------------------------------------
    def outcome(self, enrolment_id: int) -> EnrolmentOutcome:
        row = self.conn.execute(
            "SELECT completed_on, outcome, outcome_reason, threshold_override_reason FROM enrolments "
            "WHERE id = ?",
            (enrolment_id,),
        ).fetchone()
        if row is None:
            return EnrolmentOutcome(None, None, None, "")
        completed_on, outcome, reason, override = row
        return EnrolmentOutcome(
            stored_day(completed_on) if completed_on else None,
            Outcome(outcome) if outcome else None,
            NonCompletion(reason) if reason else None,
            override or "",
        )

    def set_outcome(self, enrolment_id: int, outcome: EnrolmentOutcome) -> None:
        self.conn.execute(
            "UPDATE enrolments SET completed_on = ?, outcome = ?, outcome_reason = ?, "
            "threshold_override_reason = ? WHERE id = ?",
            (
                outcome.completed_on.isoformat() if outcome.completed_on else None,
                outcome.outcome.value if outcome.outcome else None,
                outcome.reason.value if outcome.reason else None,
                outcome.threshold_override_reason,
                enrolment_id,
            ),
        )
