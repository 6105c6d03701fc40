"""Checks on providers, courses and needs that explain themselves in plain words.

The same messages are used by the import, the course dialog and the command line.
"""

from __future__ import annotations

from coursehub.domain.errors import Problem, ValidationError
from coursehub.domain.model import AreaKind, Course, Need, Provider
from coursehub.domain.reference import Reference
from coursehub.i18n import _

MAX_TEXT = 500
MAX_SEATS = 10_000


def provider_problems(provider: Provider) -> list[Problem]:
    problems: list[Problem] = []
    if not provider.name.strip():
        problems.append(Problem("name", "", _("The provider needs a name.")))
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
    for name in ("code", "title", "venue", "trainer"):
        value = getattr(course, name)
        if len(value) > MAX_TEXT:
            add(
                Problem(
                    name,
                    value[:40] + "…",
                    _("This text is too long (at most {n} characters).").format(n=MAX_TEXT),
                )
            )
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
    if course.end < course.start:
        add(Problem("end", course.end.isoformat(), _("The course ends before it starts.")))
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
                str(course.seats),
                _("Seats must be a whole number from 1 to {n}.").format(n=MAX_SEATS),
            )
        )
    if course.fee < 0:
        add(Problem("fee", str(course.fee), _("The fee cannot be negative.")))
    add_all = problems.extend
    add_all(_age_problems(course))
    return problems


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
    if need.period.end < need.period.start:
        problems.append(Problem("period", str(need.period), _("The period ends before it starts.")))
    if need.demand < 0:
        problems.append(Problem("demand", str(need.demand), _("Demand must be a whole number, 0 or more.")))
    return problems


def require_valid_course(course: Course, reference: Reference) -> None:
    problems = course_problems(course, reference)
    if problems:
        raise ValidationError(problems)
