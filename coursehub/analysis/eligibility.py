"""Who may join which course, and why not, in plain words.

A person may join a live course that has not ended (on the day asked about), with an open
seat where the number is known, when their age at the course's start lies within its
limits (inclusive), their gender fits, their education reaches the minimum and, where the
course names target groups, they belong to at least one of them.

Nearest courses, for a person who fits no course of the trade they want: the courses they
do fit, ranked by
  1. the longest ISCO code prefix shared with the trade asked for (the same trade in
     another municipality first, then the same minor group, sub-major group, major group),
  2. then courses in the municipality asked for (when one is given),
  3. then the earliest start, then provider and code.
Courses sharing no ISCO digit with the trade are offered only in the municipality asked
for; at most `limit` courses are returned.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from coursehub.domain.model import Course, Education, Gender
from coursehub.domain.people import PersonProfile
from coursehub.i18n import N_, _

_EDUCATION_NEEDED = {
    Education.PRIMARY: N_("needs primary education"),
    Education.BASIC: N_("needs basic (9-year) education"),
    Education.SECONDARY: N_("needs secondary education"),
    Education.HIGHER: N_("needs higher education"),
}


def age_on(birth_date: date, day: date) -> int:
    """Whole years completed on `day` (a birthday on 29 February counts from 1 March)."""
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - (1 if before_birthday else 0)


def refusals(course: Course, person: PersonProfile, on: date, open_seats: int | None = None) -> list[str]:
    """Why `person` cannot join `course` on `on`, translated; an empty list means they can."""
    reasons: list[str] = []
    if not course.is_live:
        reasons.append(_("the course is cancelled"))
    elif course.has_ended(on):
        reasons.append(_("the course has ended"))
    reasons += _age_refusals(course, person)
    reasons += _gender_refusals(course, person)
    if person.education < course.eligibility.education:
        reasons.append(_(_EDUCATION_NEEDED[course.eligibility.education]))
    groups = course.eligibility.groups
    if groups and not groups & person.groups:
        names = sorted(g.label for g in groups)
        reasons.append(_("for {groups}").format(groups=_(" or ").join(names)))
    if open_seats is not None and open_seats <= 0:
        reasons.append(_("no open seats"))
    return reasons


def _age_refusals(course: Course, person: PersonProfile) -> list[str]:
    age = age_on(person.birth_date, course.start)
    e = course.eligibility
    if e.min_age is not None and age < e.min_age:
        return [_("too young: at least {years} years old at the start").format(years=e.min_age)]
    if e.max_age is not None and age > e.max_age:
        return [_("too old: at most {years} years old at the start").format(years=e.max_age)]
    return []


def _gender_refusals(course: Course, person: PersonProfile) -> list[str]:
    wanted = course.eligibility.gender
    if wanted is Gender.ALL or person.gender is wanted:
        return []
    return [_("women only") if wanted is Gender.FEMALE else _("men only")]


@dataclass(frozen=True, slots=True)
class Refused:
    course: Course
    reasons: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class EligibilityResult:
    """The courses a person can join, the others with reasons, and nearest alternatives."""

    eligible: tuple[Course, ...]
    refused: tuple[Refused, ...]
    nearest: tuple[Course, ...] = field(default=())
    trade: str | None = None


def search(
    courses: Iterable[Course],
    person: PersonProfile,
    today: date,
    trade: str | None = None,
    municipality: str | None = None,
    open_seats: Mapping[tuple[str, str], int] | None = None,
    limit: int = 5,
) -> EligibilityResult:
    """Eligibility over the catalogue, optionally for one trade (an ISCO prefix) and place.

    Cancelled and ended courses are left out altogether: they are not on offer.
    """
    seats = open_seats or {}
    eligible, refused, fitting_elsewhere = [], [], []
    for course in sorted(courses, key=lambda c: (c.start, c.provider, c.code)):
        if not course.is_live or course.has_ended(today):
            continue
        reasons = refusals(course, person, today, seats.get(course.key))
        wanted = _in_trade(course, trade) and _in_place(course, municipality)
        if wanted and not reasons:
            eligible.append(course)
        elif wanted:
            refused.append(Refused(course, tuple(reasons)))
        elif not reasons:
            fitting_elsewhere.append(course)
    nearest: list[Course] = []
    if trade and not eligible:
        nearest = nearest_courses(fitting_elsewhere, trade, municipality, limit)
    return EligibilityResult(tuple(eligible), tuple(refused), tuple(nearest), trade)


def _in_trade(course: Course, trade: str | None) -> bool:
    return not trade or course.occupation.startswith(trade.strip())


def _in_place(course: Course, municipality: str | None) -> bool:
    return not municipality or course.municipality == municipality


def shared_prefix(a: str, b: str) -> int:
    length = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        length += 1
    return length


def nearest_courses(
    candidates: Iterable[Course], trade: str, municipality: str | None, limit: int = 5
) -> list[Course]:
    """The ranking described in the module text."""
    trade = trade.strip()

    def rank(course: Course) -> tuple[Any, ...]:
        return (
            -shared_prefix(course.occupation, trade),
            0 if municipality and course.municipality == municipality else 1,
            course.start,
            course.provider,
            course.code,
        )

    related = [
        c
        for c in candidates
        if shared_prefix(c.occupation, trade) > 0 or (municipality and c.municipality == municipality)
    ]
    return sorted(related, key=rank)[:limit]
