"""What the Committee report adds about providers' licences and course outcomes: plain rows,
filled by the services, counted without naming anyone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from coursehub.domain.model import LicenceLapse


@dataclass(frozen=True, slots=True)
class LicenceLapseRow:
    """A live course that starts while its provider's licence is missing or expired."""

    provider: str
    code: str
    title: str
    start: date
    lapse: LicenceLapse
    licence_number: str = ""
    valid_until: date | None = None


@dataclass(frozen=True, slots=True)
class EnrolmentFact:
    """What the outcome tables need of one enrolment, and nothing that points at the person."""

    course_id: int
    status: str  # enrolments.status
    changed_at: datetime | None  # when the status last changed
    groups: str  # the person's target groups, comma-separated codes
    certified: bool  # holds a valid certificate of the course
    reason: str | None = None  # why they did not complete (dropped_out, moved, found_work, other)
    ended_on: date | None = None  # the day the outcome was recorded
    present: int = 0  # attendance marks
    absent: int = 0
    last_present: date | None = None


@dataclass(frozen=True, slots=True)
class OutcomeRow:
    """Outcomes of one provider's courses of one occupation, for one target group ("" = all).

    Counts are of people; `dropout_week` is the mean course week (1 = the first week) in
    which those who dropped out left, None when nobody did; `attendance` is the mean share
    of held sessions attended (0 to 1), None where no attendance was recorded."""

    provider: str
    occupation: str
    occupation_title: str
    group: str
    enrolled: int
    completed: int
    dropped_out: int
    dropout_week: float | None
    certificates: int
    attendance: float | None = None
    attendance_people: int = 0  # people the mean attendance is taken over
