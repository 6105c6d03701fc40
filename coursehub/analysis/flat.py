"""The live courses of one analysis run as flat per-course lists, for the overlap checks'
inner loops: dates as day numbers (date.toordinal, compared as plain integers), each weekly
schedule as a small number (courses with the same sessions share it, so whatever depends
only on the schedule is worked out once per schedule), and one CourseRef per course.

Also the quick constructors of the findings: the speed tricks stay here, in analysis, and
the domain's classes stay plain dataclasses.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, time
from operator import attrgetter
from typing import Any

from coursehub.analysis import columns
from coursehub.analysis.columns import Ints
from coursehub.domain.findings import CourseRef, Finding, FindingKind
from coursehub.domain.model import Course, CourseStatus

Session = tuple[int, time, time]  # weekday (0 = Monday), start, end


class CourseTable:
    """Live (not cancelled) courses in `sort_key` order, and per course (same position):
    `starts`, `ends` (day numbers), `schedules` (the number of its weekly sessions in
    `sessions`), `providers`, `codes`, `occupations`, `places` (municipalities) and `refs`.
    A group of positions taken in order is in `sort_key` order too."""

    def __init__(self, courses: Iterable[Course]) -> None:
        live, self.starts, self.ends = _sorted_live(courses)
        self.courses = live
        self.sessions: list[tuple[Session, ...]] = []
        self.schedules = self._number_schedules(live)
        self.providers = [c.provider for c in live]
        self.codes = [c.code for c in live]
        self.occupations = [c.occupation for c in live]
        self.places = [c.municipality for c in live]
        self.refs = [new_course_ref(c.provider, c.code, c.version, c.title) for c in live]
        self.days = DayCache()
        self._day_arrays: tuple[Ints, Ints] | None = None
        self._numbers: dict[str, Ints] = {}

    def _number_schedules(self, live: list[Course]) -> list[int]:
        # Keyed by plain (weekday, start, end) tuples: hashing and comparing the sessions
        # themselves would run the dataclass's own __hash__ and __eq__, in Python, per course.
        # Courses read from the database share one sessions tuple per distinct schedule
        # (storage caches them), so most are numbered by the tuple's identity alone; the
        # tuples stay alive while the table does, so an identity is never reused meanwhile.
        numbers: dict[tuple[Session, ...], int] = {}
        by_identity: dict[int, int] = {}
        schedules = []
        for course in live:
            sessions = course.sessions
            number = by_identity.get(id(sessions))
            if number is None:
                key = tuple(map(_session_fields, sessions))
                number = numbers.get(key)
                if number is None:
                    number = numbers[key] = len(self.sessions)
                    self.sessions.append(tuple((int(day), start, end) for day, start, end in key))
                by_identity[id(sessions)] = number
            schedules.append(number)
        return schedules

    def day_arrays(self) -> tuple[Ints, Ints]:
        """`starts` and `ends` as arrays (analysis.columns), made when first asked."""
        if self._day_arrays is None:
            self._day_arrays = (columns.as_array(self.starts), columns.as_array(self.ends))
        return self._day_arrays

    def numbers(self, field: str) -> Ints:
        """The list `field` ("providers", "occupations", "places") as numbers, equal texts
        equal numbers (analysis.columns.as_numbers), made when first asked."""
        found = self._numbers.get(field)
        if found is None:
            found = self._numbers[field] = columns.as_numbers(getattr(self, field))
        return found

    def span(self) -> tuple[date, date]:
        """The first start and the last end (the table is not empty)."""
        return self.days[min(self.starts)], self.days[max(self.ends)]


_DAY_RANGE = 4_000_000  # more than date.max.toordinal(): (start, end) packed in one integer


def _sorted_live(courses: Iterable[Course]) -> tuple[list[Course], list[int], list[int]]:
    """The live courses in `sort_key` order, and their first and last days as day numbers.

    Sorted as `sorted(..., key=sort_key)` would, about three times as fast: by (start, end)
    packed in one integer, then each run of equal dates by (provider, code); both sorts are
    stable, so even equal keys keep their order."""
    cancelled = CourseStatus.CANCELLED
    by_dates: dict[int, list[Course]] = {}
    for course in courses:
        if course.status is cancelled:
            continue
        packed = course.start.toordinal() * _DAY_RANGE + course.end.toordinal()
        found = by_dates.get(packed)
        if found is None:
            by_dates[packed] = [course]
        else:
            found.append(course)
    live: list[Course] = []
    starts: list[int] = []
    ends: list[int] = []
    for packed in sorted(by_dates):
        same = by_dates[packed]
        if len(same) > 1:
            same.sort(key=_provider_code)
        live += same
        start, end = divmod(packed, _DAY_RANGE)
        starts += [start] * len(same)
        ends += [end] * len(same)
    return live, starts, ends


_provider_code = attrgetter("provider", "code")
_session_fields = attrgetter("weekday", "start", "end")


class DayCache(dict[int, date]):
    """Day number -> date, each date made once per run and shared by every finding."""

    def __missing__(self, number: int) -> date:
        day = self[number] = date.fromordinal(number)
        return day


def weekday_of(number: int) -> int:
    """date.fromordinal(number).weekday() without making the date (day 1 was a Monday)."""
    return (number + 6) % 7


_new_object = object.__new__


def _slot_setter(cls: type, name: str) -> Callable[[Any, object], None]:
    """The slot descriptor's own setter of a field (what a frozen dataclass cannot use)."""
    setter: Callable[[Any, object], None] = getattr(cls, name).__set__
    return setter


_set_kind, _set_courses, _set_dates, _set_times, _set_subject, _set_details, _set_acknowledged = (
    _slot_setter(Finding, name)
    for name in ("kind", "courses", "dates", "times", "subject", "details", "acknowledged")
)
_set_provider, _set_code, _set_version, _set_title = (
    _slot_setter(CourseRef, name) for name in ("provider", "code", "version", "title")
)


def new_finding(
    kind: FindingKind,
    courses: tuple[CourseRef, ...],
    dates: tuple[date, ...],
    times: tuple[str, ...],
    subject: str,
    details: tuple[str, ...],
) -> Finding:
    """The same as `Finding(...)` (not acknowledged), made about twice as fast: a frozen
    dataclass sets each field through object.__setattr__, and the overlap checks make one
    finding for every second course of a large catalogue. The fields are set through their
    slots; tests/analysis/test_analysis_golden.py checks both ways agree field by field."""
    finding: Finding = _new_object(Finding)
    _set_kind(finding, kind)
    _set_courses(finding, courses)
    _set_dates(finding, dates)
    _set_times(finding, times)
    _set_subject(finding, subject)
    _set_details(finding, details)
    _set_acknowledged(finding, None)
    return finding


def new_course_ref(provider: str, code: str, version: int, title: str) -> CourseRef:
    """The same as `CourseRef(provider, code, version, title)`, set through the slots."""
    ref: CourseRef = _new_object(CourseRef)
    _set_provider(ref, provider)
    _set_code(ref, code)
    _set_version(ref, version)
    _set_title(ref, title)
    return ref
