"""Who acts (users and their roles) and who is enrolled, as printouts see them.

The enrolment services fill these; printing and the GUI only read them, so a printout can
never show more than the service decided the person printing may see.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from coursehub.domain.labelled import LabelledEnum
from coursehub.domain.model import Course, Education, Gender, TargetGroup
from coursehub.i18n import N_


class Role(LabelledEnum):
    ADMINISTRATOR = "administrator", N_("Administrator")
    OFFICE_STAFF = "office_staff", N_("Employment Office staff")
    NGO_COORDINATOR = "ngo_coordinator", N_("NGO coordinator")
    VIEWER = "viewer", N_("Viewer")


@dataclass(frozen=True, slots=True)
class Actor:
    """The person using CourseHub now. An NGO coordinator is bound to one organisation."""

    username: str
    role: Role
    organisation: str | None = None
    user_id: int | None = None
    display_name: str = ""  # e.g. "Maria Kola"; empty when the account has none


SYSTEM = Actor("system", Role.ADMINISTRATOR)


@dataclass(frozen=True, slots=True)
class RosterEntry:
    """One trainee on a course list: the name only where the reader may see it."""

    label: str  # the name, or the pseudonym code where the name must not show
    pseudonym: str
    status: str  # "enrolled", "waiting", "applied", "completed", "withdrawn"
    position: int = 0  # place on the waiting list (1-based), 0 otherwise


@dataclass(frozen=True, slots=True)
class Roster:
    course: Course
    enrolled: tuple[RosterEntry, ...] = ()
    waiting: tuple[RosterEntry, ...] = ()
    # How many people the reader may not see (printed without logging in, or without the
    # right to this course's trainees): a count names nobody, and "nobody waiting" would lie.
    hidden_enrolled: int = 0
    hidden_waiting: int = 0

    @property
    def names_hidden(self) -> bool:
        return bool(self.hidden_enrolled or self.hidden_waiting)


@dataclass(frozen=True, slots=True)
class PersonProfile:
    """What eligibility needs to know of a person, and nothing more."""

    birth_date: date
    gender: Gender | None = None  # None: not stated (a course for one gender refuses)
    education: Education = Education.NONE
    groups: frozenset[TargetGroup] = frozenset()
