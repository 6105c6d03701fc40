"""Supply against labour-market needs, as docs/analysis.md ("Gap, precisely") defines it.

For each needs row: supply = the seats of every live course whose ISCO code starts with the
row's code (a 2-digit need counts every course under it), whose municipality lies in the
row's area (a qark counts each of its municipalities) and whose date range intersects the
row's period. A course counts all its seats in every period it touches; nothing is
pro-rated. gap = demand - supply.

Courses are indexed once by municipality and sorted by ISCO code, so a need finds its
courses by bisection on the code prefix instead of scanning the catalogue.

Share of demand against share of seats: each occupation code that appears in the needs
gets its demand summed over its rows and the seats of the distinct courses counted for
those rows; shares are taken of the total demand and of the seats of every live course in
the needs' areas during their periods (each course once). Occupations that have seats
there but no needs row are listed too, with demand 0. Where needs nest (a "7" row and a
"7531" row) a course counts under both, so seat shares can add up to more than 100 %.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Iterable
from datetime import date, timedelta
from operator import attrgetter, sub

from coursehub.analysis.flat import new_course_ref
from coursehub.domain.findings import CourseRef, GapRow, ShareRow
from coursehub.domain.model import AreaKind, Course, CourseStatus, Need
from coursehub.domain.reference import Reference

_start, _end, _seats = attrgetter("start"), attrgetter("end"), attrgetter("seats")
_counting_order = attrgetter("start", "provider", "code")


class CourseIndex:
    """Live courses by municipality and ISCO code, each code's courses sorted by start.

    A need's codes are a contiguous range of the sorted codes (a prefix), and within a code
    the courses that can touch a period start at most `longest` (the longest course of the
    municipality) before it: two bisections per code find them, whatever the catalogue size."""

    def __init__(self, courses: Iterable[Course]) -> None:
        # Grouped through plain nested dictionaries (a default factory runs in Python per
        # miss); the status compared directly (Course.is_live is two properties deep).
        cancelled = CourseStatus.CANCELLED
        self._courses: dict[str, dict[str, list[Course]]] = {}
        for course in courses:
            if course.status is cancelled:
                continue
            by_code = self._courses.get(course.municipality)
            if by_code is None:
                by_code = self._courses[course.municipality] = {}
            found = by_code.get(course.occupation)
            if found is None:
                by_code[course.occupation] = [course]
            else:
                found.append(course)
        self._longest: dict[str, timedelta] = defaultdict(timedelta)
        self._starts: dict[str, dict[str, list[date]]] = {}
        for place, by_code in self._courses.items():
            starts = self._starts[place] = {}
            longest = timedelta()
            for code, found in by_code.items():
                found.sort(key=_start)
                starts[code] = list(map(_start, found))
                longest = max(longest, max(map(sub, map(_end, found), starts[code])))
            self._longest[place] = longest
        self._codes = {place: sorted(by_code) for place, by_code in self._courses.items()}

    def matching(self, municipality: str, prefix: str, first: date, last: date) -> list[Course]:
        """Courses whose ISCO code starts with `prefix` and whose dates touch [first, last]."""
        codes = self._codes.get(municipality)
        if not codes:
            return []
        courses, starts = self._courses[municipality], self._starts[municipality]
        earliest = first - self._longest[municipality]
        found: list[Course] = []
        for index in range(bisect_left(codes, prefix), len(codes)):
            code = codes[index]
            if not code.startswith(prefix):
                break
            low, high = bisect_left(starts[code], earliest), bisect_right(starts[code], last)
            found += [c for c in courses[code][low:high] if c.end >= first]
        return found


def area_municipalities(need: Need, reference: Reference) -> list[str]:
    if need.area.kind is AreaKind.QARK:
        return reference.municipalities_of(need.area.name)
    return [need.area.name]


def counted_courses(need: Need, index: CourseIndex, reference: Reference) -> list[Course]:
    prefix = need.occupation.strip()
    found = []
    for municipality in area_municipalities(need, reference):
        found += index.matching(municipality, prefix, need.period.start, need.period.end)
    found.sort(key=_counting_order)
    return found


def gap_rows(
    needs: Iterable[Need], courses: Iterable[Course] | CourseIndex, reference: Reference
) -> list[GapRow]:
    index = courses if isinstance(courses, CourseIndex) else CourseIndex(courses)
    refs: dict[int, CourseRef] = {}  # a course counted for many needs is described once
    rows = []
    for need in needs:
        counted = counted_courses(need, index, reference)
        for course in counted:
            if id(course) not in refs:
                refs[id(course)] = new_course_ref(course.provider, course.code, course.version, course.title)
        rows.append(
            GapRow(
                occupation=need.occupation,
                occupation_title=reference.occupation_title(need.occupation) or need.occupation_title,
                area=str(need.area),
                period=str(need.period),
                demand=need.demand,
                supply=sum(map(_seats, counted)),
                courses=tuple(map(refs.__getitem__, map(id, counted))),
                source=need.source,
            )
        )
    return rows


def share_rows(needs: Iterable[Need], courses: Iterable[Course], reference: Reference) -> list[ShareRow]:
    needs = list(needs)
    live = [c for c in courses if c.is_live]
    index = CourseIndex(live)
    demand: dict[str, int] = defaultdict(int)
    counted: dict[str, dict[tuple[str, str], int]] = defaultdict(dict)
    for need in needs:
        code = need.occupation.strip()
        demand[code] += need.demand
        for course in counted_courses(need, index, reference):
            counted[code][course.key] = course.seats
    universe = _courses_in_needs_scope(needs, live, reference)
    counted_anywhere = {key for seats in counted.values() for key in seats}
    for course in universe:
        if course.key not in counted_anywhere:
            demand.setdefault(course.occupation, 0)
            counted[course.occupation][course.key] = course.seats
    total_demand = sum(demand.values())
    total_seats = sum(c.seats for c in universe)
    rows = [
        ShareRow(
            code,
            reference.occupation_title(code),
            demand[code],
            sum(counted[code].values()),
            demand[code] / total_demand if total_demand else 0.0,
            sum(counted[code].values()) / total_seats if total_seats else 0.0,
        )
        for code in demand
    ]
    return sorted(rows, key=lambda r: (r.difference, r.occupation))


def _courses_in_needs_scope(needs: list[Need], live: list[Course], reference: Reference) -> list[Course]:
    """Live courses in a municipality some need covers, during that need's period."""
    windows: dict[str, list[tuple[date, date]]] = defaultdict(list)
    for need in needs:
        for municipality in area_municipalities(need, reference):
            windows[municipality].append((need.period.start, need.period.end))
    merged = {place: _merged(spans) for place, spans in windows.items()}
    return [c for c in live if _touches(merged.get(c.municipality), c.start, c.end)]


def _merged(spans: list[tuple[date, date]]) -> tuple[list[date], list[date]]:
    """Disjoint sorted windows as (starts, ends), for bisection."""
    starts: list[date] = []
    ends: list[date] = []
    for first, last in sorted(spans):
        if ends and first <= ends[-1]:
            ends[-1] = max(ends[-1], last)
        else:
            starts.append(first)
            ends.append(last)
    return starts, ends


def _touches(windows: tuple[list[date], list[date]] | None, first: date, last: date) -> bool:
    """Whether [first, last] intersects one of the windows."""
    if windows is None:
        return False
    starts, ends = windows
    position = bisect_right(starts, last) - 1  # the last window starting on or before `last`
    return position >= 0 and ends[position] >= first
