"""What the Committee report adds about providers' licences and course outcomes: plain rows,
filled by the services, counted without naming anyone."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

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
