"""Providers, courses, their weekly schedules and eligibility, and labour-market needs.

Values follow docs/importing.md. Objects are frozen: a change makes a new object
(`dataclasses.replace`), so the GUI, the command line and the printouts never see a
half-edited course.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, time
from enum import IntEnum, StrEnum

from coursehub.domain.labelled import LabelledEnum
from coursehub.i18n import N_, _


class ProviderKind(LabelledEnum):
    EMPLOYMENT_OFFICE = "employment_office", N_("Employment Office")
    PUBLIC_QFP = "public_qfp", N_("Public vocational training centre (QFP)")
    NGO = "ngo", N_("NGO")
    MUNICIPALITY = "municipality", N_("Municipality")
    OTHER = "other", N_("Other")

    @property
    def is_public(self) -> bool:
        """Public bodies offer courses by law; the others need a licence number."""
        return self in (ProviderKind.EMPLOYMENT_OFFICE, ProviderKind.PUBLIC_QFP, ProviderKind.MUNICIPALITY)


class Weekday(IntEnum):
    MO = 0
    TU = 1
    WE = 2
    TH = 3
    FR = 4
    SA = 5
    SU = 6

    @property
    def label(self) -> str:
        return _(_WEEKDAY_LABELS[self])

    @property
    def short_label(self) -> str:
        return _(_WEEKDAY_SHORT[self])


_WEEKDAY_LABELS = (
    N_("Monday"),
    N_("Tuesday"),
    N_("Wednesday"),
    N_("Thursday"),
    N_("Friday"),
    N_("Saturday"),
    N_("Sunday"),
)
_WEEKDAY_SHORT = (N_("Mon"), N_("Tue"), N_("Wed"), N_("Thu"), N_("Fri"), N_("Sat"), N_("Sun"))


class Gender(LabelledEnum):
    ALL = "all", N_("all")
    FEMALE = "female", N_("women only")
    MALE = "male", N_("men only")


class Education(IntEnum):
    """Minimum education, ordered: a person with a higher level meets a lower minimum."""

    NONE = 0
    PRIMARY = 1
    BASIC = 2
    SECONDARY = 3
    HIGHER = 4

    @property
    def code(self) -> str:
        return self.name.lower()

    @classmethod
    def from_code(cls, code: str) -> Education:
        return cls[code.upper()]

    @property
    def label(self) -> str:
        return _(_EDUCATION_LABELS[self])


_EDUCATION_LABELS = (
    N_("no schooling required"),
    N_("primary (5 years)"),
    N_("basic (9 years)"),
    N_("upper secondary"),
    N_("higher (university)"),
)


class TargetGroup(LabelledEnum):
    TRAFFICKING_SURVIVOR = "trafficking_survivor", N_("trafficking survivors")
    AT_RISK = "at_risk", N_("at risk of trafficking")
    SCHOOL_DROPOUT = "school_dropout", N_("school dropouts")
    JOBSEEKER = "jobseeker", N_("registered jobseekers")
    ROMA_EGYPTIAN = "roma_egyptian", N_("Roma and Egyptians")
    DISABILITY = "disability", N_("persons with disabilities")
    SOCIAL_ASSISTANCE = "social_assistance", N_("families on economic aid")
    RETURNED_MIGRANT = "returned_migrant", N_("returned migrants")

    @property
    def is_protected(self) -> bool:
        """Groups whose members are printed by pseudonym unless a name is really needed."""
        return self in (TargetGroup.TRAFFICKING_SURVIVOR, TargetGroup.AT_RISK)


class CourseStatus(LabelledEnum):
    PLANNED = "planned", N_("planned")
    OPEN = "open", N_("open")
    CANCELLED = "cancelled", N_("cancelled")

    @property
    def is_live(self) -> bool:
        """Planned and open courses count in overlaps, gaps and eligibility."""
        return self is not CourseStatus.CANCELLED


@dataclass(frozen=True, slots=True)
class Provider:
    name: str
    kind: ProviderKind = ProviderKind.NGO
    licence_number: str = ""
    contact: str = ""
    id: int | None = None
    version: int = 0
    licence_issuer: str = ""  # e.g. AKPA (the national agency), or the ministry
    licence_valid_until: date | None = None  # None: no end date recorded

    @property
    def needs_licence(self) -> bool:
        """Public bodies (Employment Office, public QFP, municipality) teach by law; NGOs
        and other providers need a licence."""
        return not self.kind.is_public

    def licence_lapse(self, day: date) -> LicenceLapse | None:
        """Why the provider may not teach a course starting on `day`, or None."""
        if not self.needs_licence:
            return None
        if not self.licence_number.strip():
            return LicenceLapse.MISSING
        if self.licence_valid_until is not None and self.licence_valid_until < day:
            return LicenceLapse.EXPIRED
        return None


class LicenceLapse(LabelledEnum):
    MISSING = "missing", N_("no licence recorded")
    EXPIRED = "expired", N_("licence expired")


@dataclass(frozen=True, slots=True, order=True)
class WeeklySession:
    """One session each week: a weekday and a start and end time on that day."""

    weekday: Weekday
    start: time
    end: time

    def overlaps(self, other: WeeklySession) -> bool:
        """Same weekday and intersecting times; sessions that only touch do not overlap."""
        return self.weekday == other.weekday and self.start < other.end and other.start < self.end

    def __str__(self) -> str:
        return f"{self.weekday.name} {self.start:%H:%M}-{self.end:%H:%M}"


@dataclass(frozen=True, slots=True)
class Eligibility:
    min_age: int | None = None
    max_age: int | None = None
    gender: Gender = Gender.ALL
    education: Education = Education.NONE
    groups: frozenset[TargetGroup] = frozenset()

    @property
    def is_open_to_all(self) -> bool:
        return self == Eligibility()


@dataclass(frozen=True, slots=True)
class Course:
    provider: str
    code: str
    title: str
    occupation: str
    municipality: str
    start: date
    end: date
    sessions: tuple[WeeklySession, ...]
    seats: int
    venue: str = ""
    trainer: str = ""
    fee: int = 0
    status: CourseStatus = CourseStatus.OPEN
    eligibility: Eligibility = field(default_factory=Eligibility)
    notes: str = ""
    id: int | None = None
    version: int = 0

    @property
    def key(self) -> tuple[str, str]:
        """The identity of a course across imports and exchange files."""
        return (self.provider, self.code)

    @property
    def is_live(self) -> bool:
        return self.status.is_live

    def has_ended(self, today: date) -> bool:
        return self.end < today

    def schedule_text(self) -> str:
        return ", ".join(
            f"{s.weekday.short_label} {s.start:%H:%M}–{s.end:%H:%M}" for s in sorted(self.sessions)
        )

    def description(self) -> dict[str, str]:
        """What the course is, who gives it and where, by field name: how a course's record
        begins in the JSON output and in the exchange workbook."""
        return {
            "provider": self.provider,
            "code": self.code,
            "title": self.title,
            "occupation": self.occupation,
            "municipality": self.municipality,
            "venue": self.venue,
            "trainer": self.trainer,
        }


class AreaKind(StrEnum):
    MUNICIPALITY = "municipality"
    QARK = "qark"


@dataclass(frozen=True, slots=True)
class Area:
    kind: AreaKind
    name: str

    def __str__(self) -> str:
        return _("Qark {name}").format(name=self.name) if self.kind is AreaKind.QARK else self.name


@dataclass(frozen=True, slots=True)
class Period:
    """An inclusive date range with the label people wrote (2027, 2027-Q2, a range)."""

    start: date
    end: date
    label: str = ""

    def intersects(self, start: date, end: date) -> bool:
        return self.start <= end and start <= self.end

    def __str__(self) -> str:
        return self.label or f"{self.start.isoformat()}/{self.end.isoformat()}"

    @classmethod
    def year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31), str(year))

    @classmethod
    def quarter(cls, year: int, quarter: int) -> Period:
        first_month = 3 * (quarter - 1) + 1
        start = date(year, first_month, 1)
        end = date(year + 1, 1, 1) if quarter == 4 else date(year, first_month + 3, 1)
        return cls(start, date.fromordinal(end.toordinal() - 1), f"{year}-Q{quarter}")


@dataclass(frozen=True, slots=True)
class Need:
    """Labour-market demand for an occupation (any ISCO level) in an area over a period."""

    occupation: str
    area: Area
    period: Period
    demand: int
    source: str = ""
    occupation_title: str = ""
    id: int | None = None


@dataclass(frozen=True, slots=True)
class HolidayAdjustment:
    """The office's correction to the public-holiday calendar.

    closed=True adds a day off (a decree, a corrected Bajram date); closed=False says a
    day the calendar lists as a holiday is a working day after all.
    """

    day: date
    name: str
    closed: bool = True
