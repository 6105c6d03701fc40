"""Overlaps between courses, as docs/analysis.md defines them.

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
import heapq
import math
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Hashable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from datetime import date, time
from functools import lru_cache
from operator import attrgetter
from typing import Protocol

from coursehub.analysis.sweep import (
    grouped_by_text,
    intersecting_index_pairs,
    sort_key,
)
from coursehub.analysis.titles import SIMILARITY_THRESHOLD, similarity, trade_label_key, trades
from coursehub.domain.findings import CourseRef, Finding, FindingKind, day_text
from coursehub.domain.model import Course, CourseStatus, Weekday, WeeklySession
from coursehub.domain.text import fold, fold_compact

Enrolment = tuple[str, tuple[str, str]]  # (person pseudonym, course key)


class HolidayCalendar(Protocol):
    """What overlaps need of scheduling.holidays.HolidayCalendar (the analysis layer sits
    beside scheduling, so it names the shape rather than importing the class)."""

    def between(self, start: date, end: date) -> dict[date, str]: ...


@lru_cache(maxsize=4096)
def span_text(start: time, end: time) -> str:
    """ "08:00–12:00" (without strftime, which is slow and runs per finding)."""
    return f"{start.hour:02d}:{start.minute:02d}–{end.hour:02d}:{end.minute:02d}"


# Sessions of two courses ---------------------------------------------------------------
def day_numbers(days: Iterable[date]) -> frozenset[int]:
    """Dates as day numbers (date.toordinal): the sweep compares and steps through whole
    weeks as integers, and only the dates of a finding become date objects again."""
    return frozenset(day.toordinal() for day in days)


def common_day_numbers(
    a: Course, b: Course, off: frozenset[int], weekday_labels: list[str]
) -> tuple[list[int], list[str]]:
    """Held days (as day numbers, sorted) on which a session of `a` and one of `b`
    intersect, and the time windows ("Mon 10:00–12:00").

    `off` holds the public holidays as day numbers (observed days and the office's
    corrections): a session on one is not held and clashes with nothing. A weekday's dates
    are a range with step 7, so no calendar is walked day by day."""
    first, last = max(a.start, b.start), min(a.end, b.end)
    if first > last:
        return [], []
    first_number, after_last = first.toordinal(), last.toordinal() + 1
    first_weekday = first.weekday()
    days: set[int] = set()
    windows: set[str] = set()
    for sa in a.sessions:
        weekday = sa.weekday
        for sb in b.sessions:
            if weekday != sb.weekday or not (sa.start < sb.end and sb.start < sa.end):
                continue
            held = set(range(first_number + (weekday - first_weekday) % 7, after_last, 7))
            held -= off
            if held:
                days |= held
                window = span_text(max(sa.start, sb.start), min(sa.end, sb.end))
                windows.add(f"{weekday_labels[weekday]} {window}")
    return sorted(days), sorted(windows)


def _weekday_labels() -> list[str]:
    """Short weekday names in the language in use, by weekday number (0 = Monday)."""
    return [day.short_label for day in Weekday]


def _common_sessions(a: Course, b: Course, days_off: Iterable[date]) -> tuple[list[date], list[str]]:
    """Held dates on which a session of `a` and one of `b` intersect, and the time windows."""
    numbers, windows = common_day_numbers(a, b, day_numbers(days_off), _weekday_labels())
    return list(map(date.fromordinal, numbers)), windows


def clash_dates(a: Course, b: Course, calendar: HolidayCalendar) -> list[date]:
    """Dates on which a held session of `a` and one of `b` intersect in time."""
    if not (a.is_live and b.is_live):
        return []
    first, last = max(a.start, b.start), min(a.end, b.end)
    if first > last:
        return []
    return _common_sessions(a, b, calendar.between(first, last))[0]


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


class CourseRefs:
    """One CourseRef per course for a whole run: a course named by several findings (a
    clash, a duplicate offer and a holiday notice) is described once. Keyed by identity,
    which holds because the caller keeps every course alive while the run lasts."""

    def __init__(self) -> None:
        self._by_identity: dict[int, CourseRef] = {}

    def __call__(self, course: Course) -> CourseRef:
        found = self._by_identity.get(id(course))
        if found is None:
            found = self._by_identity[id(course)] = CourseRef.of(course)
        return found


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
    return _duplicate_offers(_live(courses), CourseRefs())


def _duplicate_offers(live: list[Course], refs: CourseRefs) -> list[Finding]:
    groups: dict[tuple[str, str], list[Course]] = defaultdict(list)
    for course in live:
        groups[(course.municipality, course.occupation.strip())].append(course)
    findings = []
    for (municipality, occupation), members in groups.items():
        if len(members) > 1 and len({c.provider for c in members}) > 1:
            findings += _duplicate_groups(municipality, occupation, members, refs)
    return findings


def _duplicate_groups(
    municipality: str, occupation: str, members: list[Course], refs: CourseRefs
) -> list[Finding]:
    """The duplicate clusters of one (municipality, ISCO code) group, run by run."""
    findings = []
    for run in _overlapping_runs(members):
        if len({c.provider for c in run}) == len(run):
            # The common case: every pair is of two providers, so the whole run is one cluster.
            findings.append(_duplicate_finding(municipality, occupation, run, _run_span(run), refs))
        else:
            findings += [
                _duplicate_finding(municipality, occupation, cluster, span, refs)
                for cluster, span in _linked_clusters(run)
            ]
    return findings


def _run_span(run: list[Course]) -> tuple[date, date]:
    """The first and the last date on which two courses of a run (all of them linked) run
    at the same time: the second start, and the latest end of a course still met by an
    earlier one. What `_linked_clusters` finds pair by pair, in one pass."""
    reach, last = run[0].end, date.min
    for course in run[1:]:
        last = max(last, min(reach, course.end))  # the earlier course reaching furthest meets it
        reach = max(reach, course.end)
    return run[1].start, last


def _overlapping_runs(members: list[Course]) -> Iterator[list[Course]]:
    """Maximal runs of courses (sorted by start) that are chained by intersecting date
    ranges, of two or more. A duplicate cluster never spans two runs, and most runs are
    a single pair, which needs no union-find."""
    run: list[Course] = []
    reach = date.min  # the last end so far in the run
    for course in members:
        if course.start > reach:
            if len(run) > 1:
                yield run
            run, reach = [], course.end
        run.append(course)
        reach = max(reach, course.end)
    if len(run) > 1:
        yield run


def _linked_clusters(run: list[Course]) -> list[tuple[list[Course], tuple[date, date]]]:
    """Union-find over the duplicate pairs (different providers) of a run: the clusters, in
    the order of their first course, each with its first and last common date."""
    links = _UnionFind()
    pair_spans: list[tuple[int, date, date]] = []
    for ia, ib in intersecting_index_pairs(run):
        a, b = run[ia], run[ib]
        if a.provider != b.provider:
            links.union(ia, ib)
            pair_spans.append((ia, b.start, min(a.end, b.end)))  # a starts first
    spans: dict[int, tuple[date, date]] = {}
    for item, first, last in pair_spans:
        root = links.find(item)
        known = spans.get(root)
        spans[root] = (min(first, known[0]), max(last, known[1])) if known else (first, last)
    clusters: dict[int, list[Course]] = defaultdict(list)
    for item in sorted(links.parent):
        clusters[links.find(item)].append(run[item])
    return [(cluster, spans[root]) for root, cluster in clusters.items()]


def _duplicate_finding(
    municipality: str, occupation: str, cluster: list[Course], span: tuple[date, date], refs: CourseRefs
) -> Finding:
    return Finding.found(
        FindingKind.DUPLICATE_OFFER,
        tuple(map(refs, cluster)),
        span,
        (),
        f"{municipality}/{occupation}",
        (municipality, occupation),
    )


def possible_duplicates(courses: Iterable[Course]) -> list[Finding]:
    """Pairs with different ISCO codes whose titles name the same trade, same place and time."""
    return _possible_duplicates(_live(courses), CourseRefs())


def _possible_duplicates(live: list[Course], refs: CourseRefs) -> list[Finding]:
    """Candidates share a trade among the rarest words of their titles (a prefix filter: two
    trade sets with Jaccard >= 1/2 always share one of the first |A| - ceil(|A|/2) + 1 trades
    of each, in one global order, rarest first), so common words make no large groups."""
    # Keyed by title: a catalogue has few distinct titles, so each is looked up once.
    title_counts = Counter(map(_title, live))
    named = {title: trades(title) for title in title_counts}
    shared = _SharedTrades()
    seen: set[tuple[int, int]] = set()  # a pair may share several trades, so several groups
    findings = []
    for members in _by_rare_trade(live, named, title_counts).values():
        if len(members) < 2 or len({c.occupation for c in members}) < 2:
            continue  # one ISCO code only: those are duplicate offers, not possible ones
        for a, b, common in _similar_pairs(members, named, shared):
            pair = (id(a), id(b)) if id(a) < id(b) else (id(b), id(a))
            if pair not in seen:
                seen.add(pair)
                findings.append(_possible_duplicate(a, b, common, refs))
    return findings


_title = attrgetter("title")


def _similar_pairs(
    members: list[Course], named: dict[str, frozenset[str]], shared: _SharedTrades
) -> list[tuple[Course, Course, SharedTrades]]:
    """The pairs of `intersecting_pairs` (same order) whose providers and ISCO codes both
    differ and whose titles are very similar, each with what the titles share.

    Most pairs of a trade group share the code, and most of the rest have titles that are
    not similar enough; both are tested inside the sweep so they never become pairs. A group
    holds few distinct trade sets, so their similarity is looked up once per pair of sets
    (by position in `kinds`) rather than once per pair of courses."""
    providers = [c.provider for c in members]
    codes = [c.occupation for c in members]
    kinds: dict[frozenset[str], int] = {}  # trade set -> its position in `sets`
    sets: list[frozenset[str]] = []
    kind_of = []
    for course in members:
        found = named[course.title]
        kind = kinds.get(found)
        if kind is None:
            kind = kinds[found] = len(sets)
            sets.append(found)
        kind_of.append(kind)
    answers = [[shared(earlier, later) for later in sets] for earlier in sets]
    running: list[tuple[date, int]] = []
    pairs: list[tuple[Course, Course, SharedTrades]] = []
    pop, push = heapq.heappop, heapq.heappush
    for index, course in enumerate(members):
        start, provider, code, kind = course.start, providers[index], codes[index], kind_of[index]
        while running and running[0][0] < start:
            pop(running)
        pairs += [
            (members[other], course, common)
            for _end, other in running
            if codes[other] != code
            and providers[other] != provider
            and (common := answers[kind_of[other]][kind]) is not None
        ]
        push(running, (course.end, index))
    return pairs


def _by_rare_trade(
    live: list[Course], named: dict[str, frozenset[str]], title_counts: Counter[str]
) -> dict[tuple[str, str], list[Course]]:
    """Courses by (municipality, trade) for the prefix of their trades, rarest first."""
    frequency: Counter[str] = Counter()
    for title, count in title_counts.items():  # how many courses name each trade
        for trade in named[title]:
            frequency[trade] += count
    rarity = {t: (count, t) for t, count in frequency.items()}
    prefixes = {title: _rare_prefix(found, rarity) for title, found in named.items()}
    by_trade: dict[tuple[str, str], list[Course]] = defaultdict(list)
    for course in live:
        for trade in prefixes[course.title]:
            by_trade[(course.municipality, trade)].append(course)
    return by_trade


def _rare_prefix(found: frozenset[str], rarity: dict[str, tuple[int, str]]) -> list[str]:
    # Always sorted (rarity, then the trade itself): a frozenset's own order changes with
    # Python's hash seed, and this order decides the order of findings on the same date.
    ordered = sorted(found, key=rarity.__getitem__)
    return ordered[: len(found) - math.ceil(SIMILARITY_THRESHOLD * len(found)) + 1]


SharedTrades = tuple[str, tuple[str, ...]]  # the trades as a subject ("a, b"), their label keys


class _SharedTrades:
    """What two very similar titles share: the subject naming the common trades (sorted)
    and their labels, or None when they are not very similar. Worked out once per pair of
    trade sets: a catalogue has few distinct titles, so thousands of course pairs ask the
    same question."""

    def __init__(self) -> None:
        self._answers: dict[tuple[frozenset[str], frozenset[str]], SharedTrades | None] = {}

    def __call__(self, first: frozenset[str], second: frozenset[str]) -> SharedTrades | None:
        key = (first, second)
        try:
            return self._answers[key]
        except KeyError:
            answer = self._answers[key] = _shared_trades(first, second)
            return answer


def _shared_trades(first: frozenset[str], second: frozenset[str]) -> SharedTrades | None:
    if similarity(first, second) < SIMILARITY_THRESHOLD:
        return None
    common = sorted(first & second)
    return ", ".join(common), tuple(map(trade_label_key, common))


def _possible_duplicate(a: Course, b: Course, shared: SharedTrades, refs: CourseRefs) -> Finding:
    span = (max(a.start, b.start), min(a.end, b.end))
    first, second = (a, b) if (a.provider, a.code) <= (b.provider, b.code) else (b, a)
    subject, labels = shared
    return Finding.found(
        FindingKind.POSSIBLE_DUPLICATE,
        (refs(first), refs(second)),
        span,
        (),
        subject,
        (a.municipality, first.occupation, second.occupation, *labels),
    )


# Clashes -------------------------------------------------------------------------------
def venue_clashes(courses: Iterable[Course], calendar: HolidayCalendar) -> list[Finding]:
    live = _live(courses)
    return _venue_clashes(live, day_numbers(days_off(calendar, live)), CourseRefs())


def trainer_clashes(courses: Iterable[Course], calendar: HolidayCalendar) -> list[Finding]:
    live = _live(courses)
    return _trainer_clashes(live, day_numbers(days_off(calendar, live)), CourseRefs())


def _venue_clashes(live: list[Course], off: frozenset[int], refs: CourseRefs) -> list[Finding]:
    groups = grouped_by_text(live, attrgetter("venue"), fold_compact)
    return _clashes(groups, off, FindingKind.VENUE_CLASH, attrgetter("venue"), refs)


def _trainer_clashes(live: list[Course], off: frozenset[int], refs: CourseRefs) -> list[Finding]:
    groups = grouped_by_text(live, attrgetter("trainer"), fold)
    return _clashes(groups, off, FindingKind.TRAINER_CLASH, attrgetter("trainer"), refs)


def trainee_clashes(
    courses: Iterable[Course],
    enrolments: Iterable[Enrolment],
    calendar: HolidayCalendar,
    refs: CourseRefs | None = None,
) -> list[Finding]:
    """Clashes between the courses each person is enrolled in (named by pseudonym only)."""
    by_key = {c.key: c for c in courses if c.is_live}
    groups: dict[str, dict[tuple[str, str], Course]] = defaultdict(dict)
    for person, key in enrolments:
        course = by_key.get((key[0], key[1]))
        if course is not None:
            groups[person][course.key] = course
    as_lists = {person: list(found.values()) for person, found in groups.items()}
    enrolled = [c for found in as_lists.values() for c in found]
    return _clashes(
        as_lists,
        day_numbers(days_off(calendar, enrolled)),
        FindingKind.TRAINEE_CLASH,
        None,
        refs or CourseRefs(),
        presorted=False,
    )


def _clashes(
    groups: Mapping[str, list[Course]],
    off: frozenset[int],
    kind: FindingKind,
    subject_of: Callable[[Course], str] | None,
    refs: CourseRefs,
    presorted: bool = True,
) -> list[Finding]:
    labels = _weekday_labels()
    findings = []
    for group_key, members in groups.items():
        if len(members) < 2:
            continue
        ordered = members if presorted else sorted(members, key=sort_key)
        for earlier, later in intersecting_index_pairs(ordered):
            a, b = ordered[earlier], ordered[later]
            days, windows = common_day_numbers(a, b, off, labels)
            if days:
                subject = subject_of(a) if subject_of else str(group_key)
                findings.append(_clash_finding(kind, a, b, days, windows, subject, refs))
    return findings


def _clash_finding(
    kind: FindingKind,
    a: Course,
    b: Course,
    days: list[int],
    windows: list[str],
    subject: str,
    refs: CourseRefs,
) -> Finding:
    first, second = (a, b) if (a.provider, a.code) <= (b.provider, b.code) else (b, a)
    return Finding.found(
        kind, (refs(first), refs(second)), tuple(map(date.fromordinal, days)), tuple(windows), subject, ()
    )


# Holidays ------------------------------------------------------------------------------
class HolidayIndex:
    """The days off between two dates, sorted once, for many courses to look up by bisection."""

    def __init__(self, calendar: HolidayCalendar, first: date, last: date) -> None:
        self.names = calendar.between(first, last)
        self.days = sorted(self.names)
        self.texts = {d: day_text(d) for d in self.days}

    def within(self, first: date, last: date) -> list[date]:
        low, high = self.positions(first, last)
        return self.days[low:high]

    def positions(self, first: date, last: date) -> tuple[int, int]:
        """Where the days off from `first` to `last` lie in `days` (a slice)."""
        return bisect_left(self.days, first), bisect_right(self.days, last)


def _hours_on(weekday: int, sessions: tuple[WeeklySession, ...]) -> list[str]:
    """The "HH:MM–HH:MM" of the sessions held on a weekday, in time order."""
    hours = [span_text(s.start, s.end) for s in sessions if s.weekday == weekday]
    if len(hours) > 1:
        hours.sort()  # "HH:MM–HH:MM" sorts by time
    return hours


def holiday_findings(courses: Iterable[Course], calendar: HolidayCalendar) -> list[Finding]:
    """Per course, its sessions that fall on a day off: not held, so make-ups can be planned."""
    return _holiday_findings(_live(courses), calendar, CourseRefs())


def _holiday_findings(live: list[Course], calendar: HolidayCalendar, refs: CourseRefs) -> list[Finding]:
    if not live:
        return []
    index = HolidayIndex(calendar, *_span(live))
    # Courses that span the same days off and meet on the same weekdays and hours get the
    # same notice (dates, sessions, holiday names): each is worked out once.
    notices: dict[tuple[Hashable, ...], HolidayNotice | None] = {}
    findings = []
    for course in live:
        low, high = index.positions(course.start, course.end)
        if low == high:
            continue
        key = (low, high, tuple([(s.weekday, s.start, s.end) for s in course.sessions]))
        if key in notices:
            notice = notices[key]
        else:
            notice = notices[key] = _holiday_notice(index.days[low:high], course.sessions, index)
        if notice is not None:
            dates, times, names = notice
            findings.append(Finding.found(FindingKind.HOLIDAY, (refs(course),), dates, times, "", names))
    return findings


HolidayNotice = tuple[tuple[date, ...], tuple[str, ...], tuple[str, ...]]  # dates, times, names


def _holiday_notice(
    candidates: list[date], sessions: tuple[WeeklySession, ...], index: HolidayIndex
) -> HolidayNotice | None:
    """The days off among `candidates` on which a session falls, the sessions not held
    ("dd.mm.yyyy HH:MM–HH:MM") and the holidays' names; None when no session falls on one."""
    weekdays = {s.weekday for s in sessions}
    days = [d for d in candidates if d.weekday() in weekdays]
    if not days:
        return None
    texts = index.texts
    times = tuple(f"{texts[d]} {span}" for d in days for span in _hours_on(d.weekday(), sessions))
    return tuple(days), times, tuple(index.names[d] for d in days)


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
        _promote_to_oldest_generation()
        if was_enabled:
            gc.enable()


def _promote_to_oldest_generation() -> None:
    """Move every object made meanwhile straight to the collector's oldest generation.

    The findings outlive the call (the caller keeps them), so the young-generation pass the
    collector would otherwise make over each of them as soon as it runs again finds nothing
    to free and only costs time. Freezing and unfreezing at once moves them without a pass;
    nothing stays frozen, and any real garbage is still found by the next full collection."""
    gc.freeze()
    gc.unfreeze()


def find_overlaps(
    courses: Iterable[Course], calendar: HolidayCalendar, enrolments: Iterable[Enrolment] | None = None
) -> list[Finding]:
    """Every overlap in the catalogue, sorted by kind, then first date, then courses."""
    with _collector_paused():
        return _find_overlaps(_live(courses), calendar, enrolments)


def _find_overlaps(
    live: list[Course], calendar: HolidayCalendar, enrolments: Iterable[Enrolment] | None
) -> list[Finding]:
    off = day_numbers(days_off(calendar, live))
    refs = CourseRefs()
    by_kind = [
        _duplicate_offers(live, refs),
        _possible_duplicates(live, refs),
        _venue_clashes(live, off, refs),
        _trainer_clashes(live, off, refs),
        trainee_clashes(live, enrolments, calendar, refs) if enrolments is not None else [],
        _holiday_findings(live, calendar, refs),
    ]
    ordered: list[Finding] = []
    for findings in by_kind:  # kinds in FindingKind order; within a kind by first date
        findings.sort(key=_first_date)  # stable: ties keep the courses' order
        ordered += findings
    return ordered


def _first_date(finding: Finding) -> date:
    return finding.dates[0] if finding.dates else date.min
