"""Attendance: marks per held session, the attendance rate, the dropout warning and the
completion threshold. Plain rules over plain values; the held session dates come from
scheduling.recurrence.held_days (holidays excluded, as the printed register shows them).

Rules decided (docs/enrolment.md, "Attendance"):
- the rate is present / (present + absent) over the held sessions marked for the person:
  an excused absence is left out of the denominator (it neither helps nor hurts), and a
  session nobody marked for the person is not counted either;
- at risk: the person's most recent marked held sessions are N absences in a row (excused
  sessions are skipped, they neither break nor extend the run; a present mark ends it);
- the threshold is met at exactly the percentage (80 of 100 meets 80%): integer arithmetic,
  no rounding.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime

from coursehub.domain.labelled import LabelledEnum
from coursehub.i18n import N_

DEFAULT_THRESHOLD_PERCENT = 80
DEFAULT_DROPOUT_SESSIONS = 3
THRESHOLD_SETTING = "attendance.threshold_percent"
DROPOUT_SETTING = "attendance.dropout_sessions"
NOTE_LIMIT = 500


class Mark(LabelledEnum):
    PRESENT = "present", N_("present")
    ABSENT = "absent", N_("absent")
    EXCUSED = "excused", N_("excused")

    @property
    def letter(self) -> str:
        """The letter in the grid and the register: P, A, E in both languages (the keys the
        grid takes); Albanian words and letters are read too (parse)."""
        return self.value[0].upper()

    @classmethod
    def parse(cls, text: str) -> Mark | None:
        """A mark as people write it: the English or Albanian word or its first letter
        (P/A/E, or P/M/J for i pranishëm, mungon, i justifikuar); None if it is none."""
        key = text.strip().casefold()
        return _MARK_WORDS.get(key)


_MARK_WORDS: dict[str, Mark] = {
    **{w: Mark.PRESENT for w in ("p", "present", "i pranishëm", "e pranishme", "pranishëm", "prezent", "x")},
    **{w: Mark.ABSENT for w in ("a", "absent", "m", "mungon", "mungesë", "mungese")},
    **{w: Mark.EXCUSED for w in ("e", "excused", "j", "i justifikuar", "e justifikuar", "justifikuar")},
}


class Outcome(LabelledEnum):
    COMPLETED = "completed", N_("completed")
    DID_NOT_COMPLETE = "did_not_complete", N_("did not complete")


class NonCompletion(LabelledEnum):
    """Why a person did not complete a course."""

    DROPPED_OUT = "dropped_out", N_("dropped out")
    MOVED = "moved", N_("moved away")
    FOUND_WORK = "found_work", N_("found work")
    OTHER = "other", N_("other reason")


@dataclass(frozen=True, slots=True)
class EnrolmentOutcome:
    """How one enrolment ended (all None/empty while it has not ended)."""

    completed_on: date | None = None
    outcome: Outcome | None = None
    reason: NonCompletion | None = None
    threshold_override_reason: str = ""


@dataclass(frozen=True, slots=True)
class AttendanceMark:
    """One person's mark for one session date of one course."""

    trainee_id: int
    course_id: int
    day: date
    mark: Mark
    note: str = ""
    recorded_by: str = ""
    recorded_at: datetime | None = None
    pseudonym: str = ""


@dataclass(frozen=True, slots=True)
class AttendanceRate:
    present: int
    absent: int
    excused: int

    @property
    def counted(self) -> int:
        """Sessions the rate is taken over: excused ones are left out."""
        return self.present + self.absent

    @property
    def percent(self) -> float | None:
        return None if self.counted == 0 else 100.0 * self.present / self.counted

    def meets(self, threshold_percent: int) -> bool:
        """At least the threshold, exactly (80 of 100 meets 80%); no marks never meets it."""
        return self.counted > 0 and self.present * 100 >= threshold_percent * self.counted


def attendance_rate(marks: Mapping[date, Mark], held: Iterable[date]) -> AttendanceRate:
    """The rate over the held sessions that have a mark (marks on other days are ignored)."""
    counts = {mark: 0 for mark in Mark}
    for day in set(held):
        mark = marks.get(day)
        if mark is not None:
            counts[mark] += 1
    return AttendanceRate(counts[Mark.PRESENT], counts[Mark.ABSENT], counts[Mark.EXCUSED])


def absences_in_a_row(marks: Mapping[date, Mark], held: Iterable[date]) -> int:
    """How many of the most recent marked held sessions were absences in a row."""
    run = 0
    for day in sorted(set(held), reverse=True):
        mark = marks.get(day)
        if mark is None or mark is Mark.EXCUSED:
            continue
        if mark is Mark.PRESENT:
            break
        run += 1
    return run


def is_at_risk(marks: Mapping[date, Mark], held: Iterable[date], dropout_sessions: int) -> bool:
    """The dropout warning: the last `dropout_sessions` marked held sessions were all absences."""
    return absences_in_a_row(marks, held) >= max(1, dropout_sessions)


def valid_threshold(percent: int) -> bool:
    return 0 <= percent <= 100


def valid_dropout_sessions(sessions: int) -> bool:
    return 1 <= sessions <= 100
