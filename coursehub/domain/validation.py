"""Checks on providers, courses and needs that explain themselves in plain words.

The same messages are used by the import, the course dialog and the command line.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from operator import attrgetter
from typing import Any

from coursehub.domain.errors import Problem, ValidationError
from coursehub.domain.model import AreaKind, Course, Need, Provider, WeeklySession
from coursehub.domain.reference import Reference
from coursehub.domain.text import MAX_NAME_LENGTH, invisible_characters, shown_value
from coursehub.i18n import _

# Bounds every course, need and record keeps, whichever way it arrives (import, exchange
# file, dialog, command line); docs/importing.md lists them.
MAX_TEXT = MAX_NAME_LENGTH  # code, title, provider, venue, trainer
MAX_NOTES = 2_000
MAX_SEATS = 10_000
MAX_FEE = 10_000_000  # lek for the whole course
MAX_DEMAND = 1_000_000  # people needed in one occupation and area
FIRST_YEAR = 1900
LAST_YEAR = 2100
MAX_COURSE_YEARS = 5
MAX_RECORD_ID = 2**63 - 1  # SQLite's largest integer


def year_in_range(year: int) -> bool:
    return FIRST_YEAR <= year <= LAST_YEAR


def date_problem(name: str, value: date) -> Problem | None:
    if year_in_range(value.year):
        return None
    return Problem(
        name,
        value.isoformat(),
        _("The date must fall in the years {first} to {last}.").format(first=FIRST_YEAR, last=LAST_YEAR),
    )


def text_problems(name: str, value: str, limit: int = MAX_TEXT, *, one_line: bool = True) -> list[Problem]:
    """Too long, or (a name or title: one line) holding invisible / direction-changing characters."""
    problems: list[Problem] = []
    if len(value) > limit:
        problems.append(
            Problem(
                name,
                value[:40] + "…",
                _("This text is too long ({n} characters; at most {limit}).").format(
                    n=f"{len(value):,}", limit=limit
                ),
            )
        )
    hidden = invisible_characters(value) if one_line else []
    if hidden:
        problems.append(
            Problem(
                name,
                shown_value(value, 40),
                _(
                    "This text holds invisible or direction-changing characters ({codes}); "
                    "retype it without them."
                ).format(codes=", ".join(hidden[:5])),
            )
        )
    return problems


def record_id(text: str) -> int | None:
    """A record number typed by a person (e.g. `trainee show 42`), or None if it is not one."""
    text = text.strip()
    if not (text.isascii() and text.isdigit()) or len(text) > 19:
        return None
    number = int(text)
    return number if 1 <= number <= MAX_RECORD_ID else None


def provider_problems(provider: Provider) -> list[Problem]:
    problems: list[Problem] = []
    if not provider.name.strip():
        problems.append(Problem("name", "", _("The provider needs a name.")))
    problems += text_problems("name", provider.name)
    problems += text_problems("licence_number", provider.licence_number)
    problems += text_problems("licence_issuer", provider.licence_issuer)
    if not provider.kind.is_public and not provider.licence_number.strip():
        problems.append(
            Problem(
                "licence_number",
                "",
                _("A non-public provider needs its licence number to offer vocational courses."),
            )
        )
    return problems


def course_problems(course: Course, reference: Reference) -> list[Problem]:
    """Every problem with `course`, not just the first, so a person can fix them at once."""
    return (
        _presence_problems(course)
        + _text_field_problems(course)
        + _reference_problems(course.occupation, course.municipality, reference)
        + _date_problems(course.start, course.end)
        + _session_problems(course.sessions)
        + _number_problems(course.seats, course.fee)
        + _age_problems(course.eligibility.min_age, course.eligibility.max_age)
    )


_REMEMBERED = 50_000  # distinct values remembered per part of the check
TextMemo = dict[str, list[Problem]] | None


def _looked_up(
    memo: dict[Any, list[Problem]], key: Any, check: Callable[[Any], list[Problem]]
) -> list[Problem]:
    found = memo.get(key)
    if found is None:
        found = check(key)
        if len(memo) < _REMEMBERED:
            memo[key] = found
    return found


def _date_pair_problems(dates: tuple[date, date]) -> list[Problem]:
    return _date_problems(*dates)


def _age_pair_problems(ages: tuple[int | None, int | None]) -> list[Problem]:
    return _age_problems(*ages)


class RepeatedCourseChecks:
    """`course_problems` for many courses that share values (an import of 100,000 rows has a
    few hundred titles, towns, date pairs and timetables): each part of the check runs once
    per distinct value and its result is reused. The parts, their order and so every
    problem are exactly those of `course_problems`."""

    def __init__(self, reference: Reference) -> None:
        self.reference = reference
        # one memo per text field, keyed by the value alone (a string caches its hash); none
        # for the code, which differs on every row
        self._texts: list[tuple[Callable[[Course], str], Callable[[str], list[Problem]], TextMemo]] = [
            (attrgetter(name), partial(_one_text_problems, name), None if name == "code" else {})
            for name in ("provider", "code", "title", "venue", "trainer", "notes")
        ]
        self._places: dict[tuple[str, str], list[Problem]] = {}
        self._dates: dict[tuple[date, date], list[Problem]] = {}
        # An import shares one tuple per timetable, so sessions are remembered by identity
        # (hashing the tuple hashes every session); the tuple is kept with its result so its
        # id cannot be reused.
        self._sessions: dict[int, tuple[object, list[Problem]]] = {}
        self._ages: dict[tuple[int | None, int | None], list[Problem]] = {}

    def problems(self, course: Course) -> list[Problem]:
        problems = _presence_problems(course)
        for value_of, check, memo in self._texts:
            problems += check(value_of(course)) if memo is None else _looked_up(memo, value_of(course), check)
        problems += _looked_up(self._places, (course.occupation, course.municipality), self._place_problems)
        problems += self.date_problems(course.start, course.end)
        problems += self._session_problems(course.sessions)
        problems += _number_problems(course.seats, course.fee)
        ages = (course.eligibility.min_age, course.eligibility.max_age)
        problems += _looked_up(self._ages, ages, _age_pair_problems)
        return problems

    def date_problems(self, start: date, end: date) -> list[Problem]:
        """The part of `problems` about a course's start and end."""
        return _looked_up(self._dates, (start, end), _date_pair_problems)

    def _place_problems(self, place: tuple[str, str]) -> list[Problem]:
        return _reference_problems(place[0], place[1], self.reference)

    def _session_problems(self, sessions: tuple[WeeklySession, ...]) -> list[Problem]:
        entry = self._sessions.get(id(sessions))
        if entry is not None and entry[0] is sessions:
            return entry[1]
        found = _session_problems(sessions)
        if len(self._sessions) < _REMEMBERED:
            self._sessions[id(sessions)] = (sessions, found)
        return found


def _presence_problems(course: Course) -> list[Problem]:
    problems: list[Problem] = []
    if not course.provider.strip():
        problems.append(Problem("provider", "", _("The course needs a provider.")))
    if not course.code.strip():
        problems.append(Problem("code", "", _("The course needs a code.")))
    if not course.title.strip():
        problems.append(Problem("title", "", _("The course needs a title.")))
    return problems


def _text_field_problems(course: Course) -> list[Problem]:
    problems: list[Problem] = []
    for name in ("provider", "code", "title", "venue", "trainer", "notes"):
        problems += _one_text_problems(name, getattr(course, name))
    return problems


def _one_text_problems(name: str, value: str) -> list[Problem]:
    if name == "notes":
        return text_problems(name, value, MAX_NOTES, one_line=False)
    return text_problems(name, value)


def _reference_problems(occupation: str, municipality: str, reference: Reference) -> list[Problem]:
    problems: list[Problem] = []
    if reference.occupation(occupation) is None:
        problems.append(
            Problem("occupation", occupation, _("This is not an ISCO-08 occupation code (1 to 4 digits)."))
        )
    if municipality not in reference.municipalities:
        problems.append(
            Problem("municipality", municipality, _("This is not one of Albania's 61 municipalities."))
        )
    return problems


def _session_problems(sessions: tuple[WeeklySession, ...]) -> list[Problem]:
    problems: list[Problem] = []
    if not sessions:
        problems.append(Problem("days", "", _("The course needs at least one weekly session.")))
    for session in sessions:
        if session.end <= session.start:
            problems.append(Problem("time", str(session), _("A session must end after it starts.")))
    if len(set(sessions)) != len(sessions) or any(
        a.overlaps(b) for i, a in enumerate(sessions) for b in sessions[i + 1 :]
    ):
        problems.append(Problem("days", "", _("Two weekly sessions of this course overlap.")))
    return problems


def _number_problems(seats: int, fee: int) -> list[Problem]:
    problems: list[Problem] = []
    if not 1 <= seats <= MAX_SEATS:
        problems.append(
            Problem(
                "seats",
                _shown_number(seats),
                _("Seats must be a whole number from 1 to {n}.").format(n=MAX_SEATS),
            )
        )
    if fee < 0:
        problems.append(Problem("fee", str(fee), _("The fee cannot be negative.")))
    elif fee > MAX_FEE:
        problems.append(
            Problem("fee", _shown_number(fee), _("The fee may be at most {n} lek.").format(n=f"{MAX_FEE:,}"))
        )
    return problems


def _date_problems(start: date, end: date) -> list[Problem]:
    problems = [p for p in (date_problem("start", start), date_problem("end", end)) if p]
    if problems:
        return problems
    if end < start:
        return [Problem("end", end.isoformat(), _("The course ends before it starts."))]
    if end > _years_after(start, MAX_COURSE_YEARS):
        return [
            Problem(
                "end",
                end.isoformat(),
                _("A course may last at most {n} years; check the end date.").format(n=MAX_COURSE_YEARS),
            )
        ]
    return []


def _years_after(day: date, years: int) -> date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def _shown_number(value: int) -> str:
    """A number for a message; a huge one shortened so the message stays one line."""
    text = str(value)
    return text if len(text) <= 20 else text[:20] + "…"


def _age_problems(low: int | None, high: int | None) -> list[Problem]:
    problems: list[Problem] = []
    for name, value in (("min_age", low), ("max_age", high)):
        if value is not None and not 0 <= value <= 120:
            problems.append(Problem(name, str(value), _("An age must be from 0 to 120.")))
    if low is not None and high is not None and low > high:
        problems.append(Problem("age", f"{low}-{high}", _("The minimum age is above the maximum age.")))
    return problems


def need_problems(need: Need, reference: Reference) -> list[Problem]:
    problems: list[Problem] = []
    if reference.occupation(need.occupation) is None:
        problems.append(
            Problem(
                "occupation", need.occupation, _("This is not an ISCO-08 occupation code (1 to 4 digits).")
            )
        )
    known = (
        need.area.name in reference.municipalities
        if need.area.kind is AreaKind.MUNICIPALITY
        else need.area.name in reference.qarks
    )
    if not known:
        problems.append(
            Problem("area", need.area.name, _("This is neither a municipality nor a qark of Albania."))
        )
    out_of_range = [date_problem("period", day) for day in (need.period.start, need.period.end)]
    problems += [p for p in out_of_range if p][:1]
    if need.period.end < need.period.start:
        problems.append(Problem("period", str(need.period), _("The period ends before it starts.")))
    if not 0 <= need.demand <= MAX_DEMAND:
        problems.append(
            Problem(
                "demand",
                _shown_number(need.demand),
                _("Demand must be a whole number from 0 to {n}.").format(n=f"{MAX_DEMAND:,}"),
            )
        )
    problems += text_problems("source", need.source)
    return problems


def require_valid_course(course: Course, reference: Reference) -> None:
    problems = course_problems(course, reference)
    if problems:
        raise ValidationError(problems)
