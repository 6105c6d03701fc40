"""What the coordination analysis finds: overlaps between courses, gaps against labour-market
needs, coverage gaps, and acknowledgements of findings that need no decision.

Plain frozen dataclasses. A finding names its courses by key (provider, code) and remembers
the version of each, so its fingerprint changes as soon as one of its courses is edited: an
acknowledged finding stays quiet only while nothing about it has changed.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from enum import StrEnum

from coursehub.domain.model import Course, TargetGroup
from coursehub.i18n import N_, _, ngettext


class FindingKind(StrEnum):
    DUPLICATE_OFFER = "duplicate_offer"
    POSSIBLE_DUPLICATE = "possible_duplicate"
    VENUE_CLASH = "venue_clash"
    TRAINER_CLASH = "trainer_clash"
    TRAINEE_CLASH = "trainee_clash"
    HOLIDAY = "holiday"

    @property
    def label(self) -> str:
        return _(_KIND_LABELS[self])


_KIND_LABELS = {
    FindingKind.DUPLICATE_OFFER: N_("Duplicate offer"),
    FindingKind.POSSIBLE_DUPLICATE: N_("Possible duplicate"),
    FindingKind.VENUE_CLASH: N_("Venue clash"),
    FindingKind.TRAINER_CLASH: N_("Trainer clash"),
    FindingKind.TRAINEE_CLASH: N_("Trainee clash"),
    FindingKind.HOLIDAY: N_("Session on a public holiday"),
}


@dataclass(frozen=True, slots=True, order=True)
class CourseRef:
    """A course as a finding names it: its key, its version when found, and its title."""

    provider: str
    code: str
    version: int = 0
    title: str = ""

    @property
    def key(self) -> tuple[str, str]:
        return (self.provider, self.code)

    @classmethod
    def of(cls, course: Course) -> CourseRef:
        return cls(course.provider, course.code, course.version, course.title)

    def __str__(self) -> str:
        return (
            f"{self.title} ({self.provider}, {self.code})" if self.title else f"{self.provider}, {self.code}"
        )


@dataclass(frozen=True, slots=True)
class Acknowledgement:
    """A coordinator's decision that a finding needs nothing more, with the reason."""

    fingerprint: str
    kind: FindingKind
    courses: tuple[tuple[str, str], ...]
    reason: str
    actor: str
    at: datetime


def day_text(day: date) -> str:
    """dd.mm.yyyy, as people in Albania write dates (without strftime: this runs per finding)."""
    return f"{day.day:02d}.{day.month:02d}.{day.year}"


@dataclass(frozen=True, slots=True)
class Finding:
    """One overlap: which courses, on which dates and times, and what to coordinate.

    `subject` is what the courses share beyond their keys: the venue, the trainer, the
    trainee's pseudonym (never a name), the trade; `times` are the intersecting time windows
    ("Mon 10:00–12:00") or, for a holiday, the sessions not held. `details` carries what
    the sentence needs besides: (municipality, ISCO code) of a duplicate offer; the
    municipality, both ISCO codes and the shared trades of a possible duplicate; the
    holiday name of each date.
    The sentence itself (`message`) is written when read, in the language then in use.
    """

    kind: FindingKind
    courses: tuple[CourseRef, ...]
    dates: tuple[date, ...]
    times: tuple[str, ...] = ()
    subject: str = ""
    details: tuple[str, ...] = ()
    acknowledged: Acknowledgement | None = field(default=None, compare=False)

    @property
    def course_keys(self) -> tuple[tuple[str, str], ...]:
        return tuple(c.key for c in self.courses)

    @property
    def fingerprint(self) -> str:
        """Stable across runs; changes when a course joins, leaves or is edited."""
        parts = [self.kind.value, self.subject.casefold()]
        parts += sorted(f"{c.provider}\x1f{c.code}\x1f{c.version}" for c in self.courses)
        return hashlib.sha256("\x1e".join(parts).encode("utf-8")).hexdigest()[:20]

    @property
    def message(self) -> str:
        """What to coordinate, in one or two sentences."""
        return _MESSAGES[self.kind](self)


def _duplicate_message(f: Finding) -> str:
    municipality, occupation = f.details
    return _(
        "{n} courses of the same occupation (ISCO {occupation}) run in {municipality} "
        "at the same time, from {start} to {end}. Agree with the providers whether "
        "all are needed, or divide them by target group or dates."
    ).format(
        n=len(f.courses),
        occupation=occupation,
        municipality=municipality,
        start=day_text(f.dates[0]),
        end=day_text(f.dates[-1]),
    )


def _possible_duplicate_message(f: Finding) -> str:
    municipality, code_a, code_b, *trades = f.details
    a, b = f.courses
    return _(
        "“{a}” (ISCO {code_a}) and “{b}” (ISCO {code_b}) both teach {trade} in "
        "{municipality} at the same time, from {start} to {end}. Check whether they "
        "are the same offer and whether one ISCO code is wrong."
    ).format(
        a=a.title,
        code_a=code_a,
        b=b.title,
        code_b=code_b,
        trade=", ".join(_(t) for t in trades),
        municipality=municipality,
        start=day_text(f.dates[0]),
        end=day_text(f.dates[-1]),
    )


# The clash sentences differ in wording only: what they name (the finding's subject) and
# the text for n dates, each an ngettext call of its own so that the catalogue extracts it.
_CLASH_TEXTS: dict[FindingKind, tuple[str, Callable[[int], str]]] = {
    FindingKind.VENUE_CLASH: (
        "venue",
        lambda n: ngettext(
            "Both courses use {venue} at the same time on {n} date. "
            "Move one of them to another room or time.",
            "Both courses use {venue} at the same time on {n} dates. "
            "Move one of them to another room or time.",
            n,
        ),
    ),
    FindingKind.TRAINER_CLASH: (
        "trainer",
        lambda n: ngettext(
            "{trainer} is to teach both courses at the same time on {n} date. "
            "Find a second trainer or change the times.",
            "{trainer} is to teach both courses at the same time on {n} dates. "
            "Find a second trainer or change the times.",
            n,
        ),
    ),
    FindingKind.TRAINEE_CLASH: (
        "person",
        lambda n: ngettext(
            "Trainee {person} is enrolled in both courses, which meet at the same "
            "time on {n} date. Agree with the trainee which one to follow.",
            "Trainee {person} is enrolled in both courses, which meet at the same "
            "time on {n} dates. Agree with the trainee which one to follow.",
            n,
        ),
    ),
}


def _clash_message(f: Finding) -> str:
    named, text = _CLASH_TEXTS[f.kind]
    n = len(f.dates)
    return text(n).format(n=n, **{named: f.subject})


def _holiday_message(f: Finding) -> str:
    n = len(f.dates)
    listed = "; ".join(f"{day_text(d)} ({name})" for d, name in zip(f.dates, f.details, strict=False))
    return ngettext(
        "{n} session falls on a public holiday and will not be held: {days}. Plan a make-up session.",
        "{n} sessions fall on public holidays and will not be held: {days}. Plan make-up sessions.",
        n,
    ).format(n=n, days=listed)


_MESSAGES = {
    FindingKind.DUPLICATE_OFFER: _duplicate_message,
    FindingKind.POSSIBLE_DUPLICATE: _possible_duplicate_message,
    FindingKind.VENUE_CLASH: _clash_message,
    FindingKind.TRAINER_CLASH: _clash_message,
    FindingKind.TRAINEE_CLASH: _clash_message,
    FindingKind.HOLIDAY: _holiday_message,
}


@dataclass(frozen=True, slots=True)
class GapRow:
    """One needs row against the seats of the courses that count for it (docs/analysis.md "Gap")."""

    occupation: str
    occupation_title: str
    area: str
    period: str
    demand: int
    supply: int
    courses: tuple[CourseRef, ...]
    source: str = ""

    @property
    def gap(self) -> int:
        """Positive: unmet demand; negative: more seats than demand."""
        return self.demand - self.supply


@dataclass(frozen=True, slots=True)
class ShareRow:
    """An occupation's share of all demand against its share of all seats."""

    occupation: str
    occupation_title: str
    demand: int
    seats: int
    demand_share: float
    seat_share: float

    @property
    def difference(self) -> float:
        """Share of seats minus share of demand: negative means under-supplied."""
        return self.seat_share - self.demand_share


class CoverageKind(StrEnum):
    MUNICIPALITY = "municipality"
    MONTH = "month"


@dataclass(frozen=True, slots=True)
class CoverageGap:
    """A municipality where some target groups have no course, or a month no course starts in."""

    kind: CoverageKind
    message: str
    municipality: str = ""
    qark: str = ""
    groups: tuple[TargetGroup, ...] = ()
    no_course_at_all: bool = False
    month: date | None = None  # the first day of the month without a course start
