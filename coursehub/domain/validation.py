"""Checks on providers, courses and needs that explain themselves in plain words.

The same messages are used by the import, the course dialog and the command line.
"""

from __future__ import annotations

from datetime import date

from coursehub.domain.errors import Problem, ValidationError
from coursehub.domain.model import AreaKind, Course, Need, Provider
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
    problems: list[Problem] = []
    add = problems.append
    if not course.provider.strip():
        add(Problem("provider", "", _("The course needs a provider.")))
    if not course.code.strip():
        add(Problem("code", "", _("The course needs a code.")))
    if not course.title.strip():
        add(Problem("title", "", _("The course needs a title.")))
    for name in ("provider", "code", "title", "venue", "trainer"):
        problems += text_problems(name, getattr(course, name))
    problems += text_problems("notes", course.notes, MAX_NOTES, one_line=False)
    if reference.occupation(course.occupation) is None:
        add(
            Problem(
                "occupation", course.occupation, _("This is not an ISCO-08 occupation code (1 to 4 digits).")
            )
        )
    if course.municipality not in reference.municipalities:
        add(
            Problem("municipality", course.municipality, _("This is not one of Albania's 61 municipalities."))
        )
    problems += _date_problems(course)
    if not course.sessions:
        add(Problem("days", "", _("The course needs at least one weekly session.")))
    for session in course.sessions:
        if session.end <= session.start:
            add(Problem("time", str(session), _("A session must end after it starts.")))
    if len(set(course.sessions)) != len(course.sessions) or any(
        a.overlaps(b) for i, a in enumerate(course.sessions) for b in course.sessions[i + 1 :]
    ):
        add(Problem("days", "", _("Two weekly sessions of this course overlap.")))
    if not 1 <= course.seats <= MAX_SEATS:
        add(
            Problem(
                "seats",
                _shown_number(course.seats),
                _("Seats must be a whole number from 1 to {n}.").format(n=MAX_SEATS),
            )
        )
    if course.fee < 0:
        add(Problem("fee", str(course.fee), _("The fee cannot be negative.")))
    elif course.fee > MAX_FEE:
        add(
            Problem(
                "fee",
                _shown_number(course.fee),
                _("The fee may be at most {n} lek.").format(n=f"{MAX_FEE:,}"),
            )
        )
    add_all = problems.extend
    add_all(_age_problems(course))
    return problems


def _date_problems(course: Course) -> list[Problem]:
    problems = [p for p in (date_problem("start", course.start), date_problem("end", course.end)) if p]
    if problems:
        return problems
    if course.end < course.start:
        return [Problem("end", course.end.isoformat(), _("The course ends before it starts."))]
    if course.end > _years_after(course.start, MAX_COURSE_YEARS):
        return [
            Problem(
                "end",
                course.end.isoformat(),
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


def _age_problems(course: Course) -> list[Problem]:
    low, high = course.eligibility.min_age, course.eligibility.max_age
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
