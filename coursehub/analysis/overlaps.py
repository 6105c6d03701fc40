"""Overlaps between courses, as ../shared/DATA.md defines them.

- duplicate offer: courses of different providers, same ISCO code (4-digit unit group, or
  the exact code when shorter), same municipality, intersecting date ranges; reported as
  connected groups (union-find over the duplicate pairs).
- possible duplicate: different ISCO codes, very similar titles (analysis.titles), same
  municipality, intersecting date ranges, different providers; one finding per pair.
- venue / trainer clash: same venue (folded) or trainer (folded), a held session of each on
  the same date with intersecting times; one finding per pair with every date.
- trainee clash: the same for two courses one person is enrolled in.
- holiday: the sessions of a course that fall on a public holiday (not held).

Cancelled courses take part in nothing. Sessions on a public holiday are not held, so they
clash with nothing. Every check groups and sorts, then sweeps (analysis.sweep); sessions
are only compared for pairs whose date ranges intersect, and their common dates are
computed with date arithmetic, never by expanding whole schedules.
"""

from __future__ import annotations

import gc
import math
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Container, Iterable, Iterator
from contextlib import contextmanager
from datetime import date, time
from functools import lru_cache
from operator import attrgetter
from typing import Protocol

from coursehub.analysis.sweep import (
    grouped_by_text,
    intersecting_pairs,
    sort_key,
    weekday_dates,
)
from coursehub.analysis.titles import SIMILARITY_THRESHOLD, similarity, trade_label_key, trades
from coursehub.domain.findings import CourseRef, Finding, FindingKind, day_text
from coursehub.domain.model import Course, CourseStatus, Weekday
from coursehub.domain.text import fold, fold_compact

Enrolment = tuple[str, tuple[str, str]]  # (person pseudonym, course key)


class HolidayCalendar(Protocol):
    """What overlaps need of scheduling.holidays.HolidayCalendar (the analysis layer sits
    beside scheduling, so it names the shape rather than importing the class)."""

    def between(self, start: date, end: date) -> dict[date, str]: ...


@lru_cache(maxsize=4096)
def span_text(start: time, end: time) -> str:
    """"08:00–12:00" (without strftime, which is slow and runs per finding)."""
    return f"{start.hour:02d}:{start.minute:02d}–{end.hour:02d}:{end.minute:02d}"


# Sessions of two courses ---------------------------------------------------------------
def _common_sessions(a: Course, b: Course, days_off: Container[date],
                     weekday_labels: list[str] | None = None) -> tuple[list[date], list[str]]:
    """Held dates on which a session of `a` and one of `b` intersect, and the time windows.

    `days_off` holds the public holidays (observed days and the office's corrections): a
    session on one is not held and clashes with nothing."""
    first, last = max(a.start, b.start), min(a.end, b.end)
    if first > last:
        return [], []
    days: set[date] = set()
    windows: set[str] = set()
    for sa in a.sessions:
        for sb in b.sessions:
            if sa.weekday != sb.weekday or not (sa.start < sb.end and sb.start < sa.end):
                continue
            held = [d for d in weekday_dates(first, last, sa.weekday) if d not in days_off]
            if held:
                days.update(held)
                label = (weekday_labels[sa.weekday] if weekday_labels
                         else sa.weekday.short_label)
                windows.add(f"{label} {span_text(max(sa.start, sb.start), min(sa.end, sb.end))}")
    return sorted(days), sorted(windows)


def clash_dates(a: Course, b: Course, calendar: HolidayCalendar) -> list[date]:
    """Dates on which a held session of `a` and one of `b` intersect in time."""
    if not (a.is_live and b.is_live):
        return []
    first, last = max(a.start, b.start), min(a.end, b.end)
    if first > last:
        return []
    return _common_sessions(a, b, set(calendar.between(first, last)))[0]


def days_off(calendar: HolidayCalendar, courses: list[Course]) -> frozenset[date]:
    """Every day off while any of `courses` runs, looked up once for all comparisons."""
    if not courses:
        return frozenset()
    return frozenset(calendar.between(*_span(courses)))


def _span(courses: list[Course]) -> tuple[date, date]:
    """The first start and the last end of some courses."""
    return min(map(_start, courses)), max(map(_end, courses))


_start, _end = attrgetter("start"), attrgetter("end")


def _live(courses: Iterable[Course]) -> list[Course]:
    """The courses that take part (not cancelled), in `sort_key` order: every group taken
    from this list is sorted already."""
    return sorted((c for c in courses if c.status is not CourseStatus.CANCELLED), key=sort_key)


# Duplicate offers ----------------------------------------------------------------------
class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[int, int] = {}

    def find(self, item: int) -> int:
        parent = self.parent
        root = parent.setdefault(item, item)
        while root != parent[root]:
            root = parent[root]
        while item != root:  # path compression
            parent[item], item = root, parent[item]
        return root

    def union(self, a: int, b: int) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            self.parent[max(root_a, root_b)] = min(root_a, root_b)


def duplicate_offers(courses: Iterable[Course]) -> list[Finding]:
    return _duplicate_offers(_live(courses))


def _duplicate_offers(live: list[Course]) -> list[Finding]:
    groups: dict[tuple[str, str], list[Course]] = defaultdict(list)
    for course in live:
        groups[(course.municipality, course.occupation.strip())].append(course)
    findings = []
    for (municipality, occupation), members in groups.items():
        if len(members) > 1 and len({c.provider for c in members}) > 1:
            findings += _duplicate_groups(municipality, occupation, members)
    return findings


def _duplicate_groups(municipality: str, occupation: str, members: list[Course]) -> list[Finding]:
    """Union-find over the duplicate pairs of one (municipality, ISCO code) group."""
    position = {id(c): i for i, c in enumerate(members)}
    links = _UnionFind()
    pair_spans: list[tuple[int, date, date]] = []
    for a, b in intersecting_pairs(members, presorted=True):
        if a.provider != b.provider:
            ia, ib = position[id(a)], position[id(b)]
            links.union(ia, ib)
            pair_spans.append((ia, b.start, min(a.end, b.end)))  # a starts first
    spans: dict[int, tuple[date, date]] = {}
    for item, first, last in pair_spans:
        root = links.find(item)
        known = spans.get(root)
        spans[root] = (min(first, known[0]), max(last, known[1])) if known else (first, last)
    clusters: dict[int, list[Course]] = defaultdict(list)
    for item in sorted(links.parent):
        clusters[links.find(item)].append(members[item])
    return [_duplicate_finding(municipality, occupation, cluster, spans[root])
            for root, cluster in clusters.items()]


def _duplicate_finding(municipality: str, occupation: str, cluster: list[Course],
                       span: tuple[date, date]) -> Finding:
    return Finding(FindingKind.DUPLICATE_OFFER, tuple(CourseRef.of(c) for c in cluster), span,
                   subject=f"{municipality}/{occupation}", details=(municipality, occupation))


def possible_duplicates(courses: Iterable[Course]) -> list[Finding]:
    """Pairs with different ISCO codes whose titles name the same trade, same place and time."""
    return _possible_duplicates(_live(courses))


def _possible_duplicates(live: list[Course]) -> list[Finding]:
    """Candidates share a trade among the rarest words of their titles (a prefix filter: two
    trade sets with Jaccard >= 1/2 always share one of the first |A| - ceil(|A|/2) + 1 trades
    of each, in one global order, rarest first), so common words make no large groups."""
    named = {id(c): trades(c.title) for c in live}
    frequency = Counter(t for found in named.values() for t in found)
    rarity = {t: (count, t) for t, count in frequency.items()}
    by_trade: dict[tuple[str, str], list[Course]] = defaultdict(list)
    for course in live:
        found = named[id(course)]
        if len(found) > 2:  # up to two trades the prefix is the whole set
            found = sorted(found, key=rarity.__getitem__)
        for trade in list(found)[:len(found) - math.ceil(SIMILARITY_THRESHOLD * len(found)) + 1]:
            by_trade[(course.municipality, trade)].append(course)
    seen: set[tuple[int, int]] = set()
    findings = []
    for members in by_trade.values():
        if len(members) < 2 or len({c.occupation for c in members}) < 2:
            continue  # one ISCO code only: those are duplicate offers, not possible ones
        for a, b in intersecting_pairs(members, presorted=True):
            if a.provider == b.provider or a.occupation == b.occupation:
                continue
            pair = (id(a), id(b)) if id(a) < id(b) else (id(b), id(a))
            if pair in seen:
                continue
            seen.add(pair)
            first, second = named[id(a)], named[id(b)]
            if similarity(first, second) >= SIMILARITY_THRESHOLD:
                findings.append(_possible_duplicate(a, b, sorted(first & second)))
    return findings


def _possible_duplicate(a: Course, b: Course, common: list[str]) -> Finding:
    span = (max(a.start, b.start), min(a.end, b.end))
    first, second = sorted((a, b), key=lambda c: c.key)
    return Finding(FindingKind.POSSIBLE_DUPLICATE, (CourseRef.of(first), CourseRef.of(second)),
                   span, subject=", ".join(common),
                   details=(a.municipality, first.occupation, second.occupation,
                            *(trade_label_key(t) for t in common)))


# Clashes -------------------------------------------------------------------------------
def venue_clashes(courses: Iterable[Course], calendar: HolidayCalendar) -> list[Finding]:
    live = _live(courses)
    return _venue_clashes(live, days_off(calendar, live))


def trainer_clashes(courses: Iterable[Course], calendar: HolidayCalendar) -> list[Finding]:
    live = _live(courses)
    return _trainer_clashes(live, days_off(calendar, live))


def _venue_clashes(live: list[Course], holidays: Container[date]) -> list[Finding]:
    groups = grouped_by_text(live, attrgetter("venue"), fold_compact)
    return _clashes(groups, holidays, FindingKind.VENUE_CLASH, attrgetter("venue"))


def _trainer_clashes(live: list[Course], holidays: Container[date]) -> list[Finding]:
    groups = grouped_by_text(live, attrgetter("trainer"), fold)
    return _clashes(groups, holidays, FindingKind.TRAINER_CLASH, attrgetter("trainer"))


def trainee_clashes(courses: Iterable[Course], enrolments: Iterable[Enrolment],
                    calendar: HolidayCalendar) -> list[Finding]:
    """Clashes between the courses each person is enrolled in (named by pseudonym only)."""
    by_key = {c.key: c for c in courses if c.is_live}
    groups: dict[str, dict[tuple[str, str], Course]] = defaultdict(dict)
    for person, key in enrolments:
        course = by_key.get((key[0], key[1]))
        if course is not None:
            groups[person][course.key] = course
    as_lists = {person: list(found.values()) for person, found in groups.items()}
    enrolled = [c for found in as_lists.values() for c in found]
    return _clashes(as_lists, days_off(calendar, enrolled), FindingKind.TRAINEE_CLASH, None,
                    presorted=False)


def _clashes(groups: dict, holidays: Container[date], kind: FindingKind, subject_of,
             presorted: bool = True) -> list[Finding]:
    labels = [day.short_label for day in Weekday]
    findings = []
    for group_key, members in groups.items():
        if len(members) < 2:
            continue
        for a, b in intersecting_pairs(members, presorted=presorted):
            days, windows = _common_sessions(a, b, holidays, labels)
            if days:
                subject = subject_of(a) if subject_of else str(group_key)
                findings.append(_clash_finding(kind, a, b, days, windows, subject))
    return findings


def _clash_finding(kind: FindingKind, a: Course, b: Course, days: list[date],
                   windows: list[str], subject: str) -> Finding:
    first, second = (a, b) if a.key <= b.key else (b, a)
    return Finding(kind, (CourseRef.of(first), CourseRef.of(second)), tuple(days),
                   tuple(windows), subject)


# Holidays ------------------------------------------------------------------------------
class HolidayIndex:
    """The days off between two dates, sorted once, for many courses to look up by bisection."""

    def __init__(self, calendar: HolidayCalendar, first: date, last: date) -> None:
        self.names = calendar.between(first, last)
        self.days = sorted(self.names)
        self.texts = {d: day_text(d) for d in self.days}

    def within(self, first: date, last: date) -> list[date]:
        return self.days[bisect_left(self.days, first):bisect_right(self.days, last)]


def holiday_findings(courses: Iterable[Course], calendar: HolidayCalendar) -> list[Finding]:
    """Per course, its sessions that fall on a day off: not held, so make-ups can be planned."""
    return _holiday_findings(_live(courses), calendar)


def _holiday_findings(live: list[Course], calendar: HolidayCalendar) -> list[Finding]:
    if not live:
        return []
    index = HolidayIndex(calendar, *_span(live))
    findings = []
    for course in live:
        candidates = index.within(course.start, course.end)
        if not candidates:
            continue
        weekdays = {s.weekday for s in course.sessions}
        days = [d for d in candidates if d.weekday() in weekdays]
        if days:
            findings.append(_holiday_finding(course, days, index))
    return findings


def _holiday_finding(course: Course, days: list[date], index: HolidayIndex) -> Finding:
    hours: dict[int, list[str]] = defaultdict(list)
    for s in course.sessions:
        hours[s.weekday].append(span_text(s.start, s.end))
    for spans in hours.values():
        spans.sort()  # "HH:MM–HH:MM" sorts by time
    texts = index.texts
    times = tuple(f"{texts[d]} {span}" for d in days for span in hours[d.weekday()])
    return Finding(FindingKind.HOLIDAY, (CourseRef.of(course),), tuple(days), times,
                   details=tuple(index.names[d] for d in days))


# Everything ----------------------------------------------------------------------------
@contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused while findings are built: they hold no cycles, and
    with 100,000 courses alive each full collection would walk them all again and again."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def find_overlaps(courses: Iterable[Course], calendar: HolidayCalendar,
                  enrolments: Iterable[Enrolment] | None = None) -> list[Finding]:
    """Every overlap in the catalogue, sorted by kind, then first date, then courses."""
    with _collector_paused():
        return _find_overlaps(_live(courses), calendar, enrolments)


def _find_overlaps(live: list[Course], calendar: HolidayCalendar,
                   enrolments: Iterable[Enrolment] | None) -> list[Finding]:
    holidays = days_off(calendar, live)
    by_kind = [_duplicate_offers(live), _possible_duplicates(live),
               _venue_clashes(live, holidays), _trainer_clashes(live, holidays),
               trainee_clashes(live, enrolments, calendar) if enrolments is not None else [],
               _holiday_findings(live, calendar)]
    ordered: list[Finding] = []
    for findings in by_kind:  # kinds in FindingKind order; within a kind by first date
        findings.sort(key=_first_date)  # stable: ties keep the courses' order
        ordered += findings
    return ordered


def _first_date(finding: Finding) -> date:
    return finding.dates[0] if finding.dates else date.min
