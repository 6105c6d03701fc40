"""Trainees and their enrolments: the least data enrolment needs, and the pseudonym used
wherever a name is not needed.

A pseudonym reads like DR-2027-0142: the qark's two-letter code (as on number plates),
the year of registration and a running number within that qark and year. It says nothing
else about the person and is never reused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, datetime

from coursehub.domain.errors import Problem
from coursehub.domain.labelled import LabelledEnum
from coursehub.domain.model import Education, Gender, TargetGroup
from coursehub.domain.people import PersonProfile
from coursehub.domain.reference import Reference
from coursehub.domain.validation import text_problems
from coursehub.i18n import N_, _

# The qarks' codes as Albanian number plates use them.
QARK_CODES = {
    "Berat": "BR",
    "Dibër": "DI",
    "Durrës": "DR",
    "Elbasan": "EL",
    "Fier": "FR",
    "Gjirokastër": "GJ",
    "Korçë": "KO",
    "Kukës": "KU",
    "Lezhë": "LE",
    "Shkodër": "SH",
    "Tiranë": "TR",
    "Vlorë": "VL",
}
UNKNOWN_QARK_CODE = "AL"
PSEUDONYM_PATTERN = re.compile(r"^([A-Z]{2})-(\d{4})-(\d{4,})$")
ANONYMOUS_NAME = ""
OLDEST_AGE = 100
YOUNGEST_AGE = 14
_PHONE = re.compile(r"^\+?[0-9 ()/-]{6,20}$")


def pseudonym_prefix(qark: str | None) -> str:
    return QARK_CODES.get(qark or "", UNKNOWN_QARK_CODE)


def format_pseudonym(prefix: str, year: int, number: int) -> str:
    return f"{prefix}-{year:04d}-{number:04d}"


def is_pseudonym(text: str) -> bool:
    return PSEUDONYM_PATTERN.match(text.strip().upper()) is not None


def pseudonym_stem(prefix: str, year: int) -> str:
    """What every pseudonym of one qark and year starts with (for finding the next number)."""
    return f"{prefix}-{year:04d}-"


def next_pseudonym(prefix: str, year: int, taken: list[str]) -> str:
    """The next unused number for this qark and year, after the highest one taken."""
    numbers = [
        int(m.group(3))
        for m in map(PSEUDONYM_PATTERN.match, taken)
        if m and m.group(1) == prefix and int(m.group(2)) == year
    ]
    return format_pseudonym(prefix, year, max(numbers, default=0) + 1)


@dataclass(frozen=True, slots=True)
class Trainee:
    name: str
    birth_date: date | None
    gender: Gender | None = None  # None: not stated
    education: Education = Education.NONE
    municipality: str = ""
    phone: str = ""
    jobseeker_number: str = ""  # the Employment Office registration, where one exists
    groups: frozenset[TargetGroup] = frozenset()
    referred_by: str = ""  # who sent the person to us (free text)
    organisation: str | None = None  # the provider that registered them; None: the office
    consent_given: bool = False
    consent_at: datetime | None = None
    pseudonym: str = ""
    last_course_date: date | None = None
    anonymised_at: datetime | None = None
    registered_at: datetime | None = None
    id: int | None = None
    version: int = 0

    @property
    def is_protected(self) -> bool:
        """In a group whose members are printed by pseudonym unless a name is really needed."""
        return any(group.is_protected for group in self.groups)

    @property
    def is_anonymised(self) -> bool:
        return self.anonymised_at is not None

    def profile(self) -> PersonProfile:
        """What eligibility needs of the person, and nothing more."""
        if self.birth_date is None:
            raise ValueError("an anonymised person has no profile")
        return PersonProfile(
            birth_date=self.birth_date, gender=self.gender, education=self.education, groups=self.groups
        )

    def anonymised(self, at: datetime, qark: str | None) -> Trainee:
        """What is kept for anonymous counts: gender, birth year, education, qark, groups.

        The name, phone, jobseeker number, referrer, day of birth and municipality go;
        the municipality is widened to its qark so that a small place cannot point at one
        person.
        """
        birth = date(self.birth_date.year, 1, 1) if self.birth_date else None
        return replace(
            self,
            name=ANONYMOUS_NAME,
            birth_date=birth,
            phone="",
            jobseeker_number="",
            referred_by="",
            municipality=qark or "",
            anonymised_at=at,
        )


def age_on(birth_date: date, day: date) -> int:
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


def trainee_problems(trainee: Trainee, reference: Reference, today: date) -> list[Problem]:
    """Everything wrong with a trainee's record, each named by field and value."""
    problems: list[Problem] = []
    if not trainee.name.strip():
        problems.append(Problem(_("name"), "", _("A name is needed.")))
    problems += text_problems(_("name"), trainee.name)
    problems += text_problems(_("referred by"), trainee.referred_by)
    problems += text_problems(_("jobseeker number"), trainee.jobseeker_number)
    problems += _birth_date_problems(trainee.birth_date, today)
    if trainee.gender is Gender.ALL:
        problems.append(
            Problem(_("gender"), trainee.gender.value, _("A person's gender is female, male or not stated."))
        )
    if trainee.municipality and reference.municipality(trainee.municipality) is None:
        problems.append(
            Problem(_("municipality"), trainee.municipality, _("Not one of Albania's 61 municipalities."))
        )
    if trainee.phone and not _PHONE.match(trainee.phone.strip()):
        problems.append(
            Problem(_("phone"), trainee.phone, _("A phone number has digits, and may start with +."))
        )
    return problems


def _birth_date_problems(birth_date: date | None, today: date) -> list[Problem]:
    if birth_date is None:
        return [Problem(_("birth date"), "", _("A birth date is needed to check age limits."))]
    age = age_on(birth_date, today)
    if birth_date > today:
        return [Problem(_("birth date"), birth_date.isoformat(), _("This date is in the future."))]
    if not YOUNGEST_AGE <= age <= OLDEST_AGE:
        return [
            Problem(
                _("birth date"),
                birth_date.isoformat(),
                _("The person would be {age} years old; check the year.").format(age=age),
            )
        ]
    return []


class EnrolmentStatus(LabelledEnum):
    APPLIED = "applied", N_("applied")
    ENROLLED = "enrolled", N_("enrolled")
    WAITING = "waiting", N_("waiting")
    WITHDRAWN = "withdrawn", N_("withdrawn")
    COMPLETED = "completed", N_("completed")

    @property
    def holds_seat(self) -> bool:
        return self in (EnrolmentStatus.ENROLLED, EnrolmentStatus.COMPLETED)


@dataclass(frozen=True, slots=True)
class Enrolment:
    trainee_id: int
    course_id: int
    status: EnrolmentStatus
    waiting_since: datetime | None = None
    override_reason: str = ""
    pseudonym: str = ""
    course_key: tuple[str, str] = ("", "")
    id: int | None = None
    version: int = 0


@dataclass(frozen=True, slots=True)
class TradeWait:
    """A person waiting for a trade (ISCO code, any level) in a municipality, at any provider."""

    trainee_id: int
    occupation: str
    municipality: str
    since: datetime
    pseudonym: str = ""
    offered_course_id: int | None = None
    closed_at: datetime | None = None
    id: int | None = None

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def fits(self, occupation: str, municipality: str) -> bool:
        return occupation.startswith(self.occupation) and municipality == self.municipality
