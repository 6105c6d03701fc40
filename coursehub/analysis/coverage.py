"""Coverage gaps that no needs table shows.

- Municipalities: for each municipality of the qarks in use (the qarks with at least one
  live course that year), the target groups no live course running that year is open to.
  A course is open to a group when it names no groups or names that one. A school dropout
  left compulsory (9-year) school, so has at most primary education: a course asking for
  basic (9-year) education or more is not open to school dropouts, even when it names them.
- Months: the months of the year in which no live course of those qarks starts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from datetime import date

from coursehub.domain.findings import CoverageGap, CoverageKind
from coursehub.domain.model import Course, Education, TargetGroup
from coursehub.domain.reference import Reference
from coursehub.i18n import N_, _

MONTHS = (
    N_("January"),
    N_("February"),
    N_("March"),
    N_("April"),
    N_("May"),
    N_("June"),
    N_("July"),
    N_("August"),
    N_("September"),
    N_("October"),
    N_("November"),
    N_("December"),
)


def month_name(month: int) -> str:
    return _(MONTHS[month - 1])


def is_open_to(course: Course, group: TargetGroup) -> bool:
    eligibility = course.eligibility
    if eligibility.groups and group not in eligibility.groups:
        return False
    return not (group is TargetGroup.SCHOOL_DROPOUT and eligibility.education > Education.PRIMARY)


def running_in(courses: Iterable[Course], year: int) -> list[Course]:
    first, last = date(year, 1, 1), date(year, 12, 31)
    return [c for c in courses if c.is_live and c.start <= last and first <= c.end]


def qarks_in_use(courses: Iterable[Course], reference: Reference) -> list[str]:
    return sorted({q for c in courses if (q := reference.qark_of(c.municipality))})


def coverage_gaps(
    courses: Iterable[Course], reference: Reference, year: int, qarks: Iterable[str] | None = None
) -> list[CoverageGap]:
    running = running_in(courses, year)
    qarks = sorted(qarks) if qarks is not None else qarks_in_use(running, reference)
    places = {m: q for q in qarks for m in reference.municipalities_of(q)}
    in_scope = [c for c in running if c.municipality in places]
    return municipality_gaps(in_scope, places, year) + month_gaps(
        [c for c in in_scope if c.start.year == year], year
    )


def municipality_gaps(courses: list[Course], places: dict[str, str], year: int) -> list[CoverageGap]:
    open_groups: dict[str, set[TargetGroup]] = defaultdict(set)
    for course in courses:
        open_groups[course.municipality].update(g for g in TargetGroup if is_open_to(course, g))
    gaps = []
    for municipality in sorted(places):
        served = open_groups.get(municipality)
        if served is None:
            gaps.append(
                CoverageGap(
                    CoverageKind.MUNICIPALITY,
                    _("No live course runs in {municipality} in {year}.").format(
                        municipality=municipality, year=year
                    ),
                    municipality,
                    places[municipality],
                    tuple(TargetGroup),
                    no_course_at_all=True,
                )
            )
            continue
        missing = tuple(g for g in TargetGroup if g not in served)
        if missing:
            gaps.append(
                CoverageGap(
                    CoverageKind.MUNICIPALITY,
                    _("No course in {municipality} in {year} is open to {groups}.").format(
                        municipality=municipality, year=year, groups=", ".join(g.label for g in missing)
                    ),
                    municipality,
                    places[municipality],
                    missing,
                )
            )
    return gaps


def month_gaps(courses: list[Course], year: int) -> list[CoverageGap]:
    starting = {c.start.month for c in courses}
    return [
        CoverageGap(
            CoverageKind.MONTH,
            _("No course starts in {month} {year}.").format(month=month_name(month), year=year),
            month=date(year, month, 1),
        )
        for month in range(1, 13)
        if month not in starting
    ]
