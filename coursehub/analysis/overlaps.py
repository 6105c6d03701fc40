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

import heapq
import math
from bisect import bisect_left, bisect_right
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from datetime import date, time
from functools import lru_cache
from itertools import chain
from operator import attrgetter
from typing import Protocol

from coursehub import gc_policy
from coursehub.analysis import columns
from coursehub.analysis.flat import CourseTable, DayCache, Session, new_finding, weekday_of
from coursehub.analysis.sweep import group_numbers, grouped_positions, member_pairs
from coursehub.analysis.titles import SIMILARITY_THRESHOLD, similarity, trade_label_key, trades
from coursehub.domain.findings import CourseRef, Finding, FindingKind, day_text
from coursehub.domain.model import Course, Weekday
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


class _OffDays:
    """The days off of a run (public holidays, observed days and the office's corrections) as
    sorted day numbers, with their names: a session on one is not held."""

    def __init__(self, names: dict[date, str]) -> None:
        self.names = names
        self.numbers = sorted(day.toordinal() for day in names)
        self.set = frozenset(self.numbers)

    def count(self, first: int, last: int) -> tuple[int, int]:
        """Where the days off from `first` to `last` (day numbers) lie in `numbers`."""
        return bisect_left(self.numbers, first), bisect_right(self.numbers, last)


def _off_days(calendar: HolidayCalendar, table: CourseTable) -> _OffDays:
    return _OffDays(calendar.between(*table.span()) if table.courses else {})


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
    return _duplicate_offers(CourseTable(courses))


def _duplicate_offers(table: CourseTable) -> list[Finding]:
    if columns.worth_it(len(table.courses)):
        return _duplicate_offers_on_arrays(table)
    findings = []
    for (municipality, occupation), members in _by_place_and_code(table.courses).items():
        if len(members) > 1:
            findings += _duplicate_groups(table, municipality, occupation, members)
    return findings


def _duplicate_offers_on_arrays(table: CourseTable) -> list[Finding]:
    """What `_duplicate_offers` finds, the groups cut into runs on arrays (analysis.columns)."""
    np = columns.numpy()
    raw_codes = list(dict.fromkeys(table.occupations))  # in the order of their numbers
    code_of = columns.as_numbers([code.strip() for code in raw_codes])[table.numbers("occupations")]
    groups = columns.first_met_numbers(table.numbers("places") * (len(raw_codes) + 1) + code_of)
    runs = columns.Runs(groups, *table.day_arrays())
    several = runs.sizes > 1
    begins, sizes = runs.begins[several], runs.sizes[several]
    rows = columns.rows_of(begins, sizes)
    run_of = np.repeat(np.arange(len(begins)), sizes)
    providers = table.numbers("providers")[runs.members[rows]]
    pairs = np.unique(run_of * (int(providers.max(initial=0)) + 1) + providers)
    distinct = np.bincount(pairs // (int(providers.max(initial=0)) + 1), minlength=len(begins))
    lasts = np.maximum.reduceat(runs.met[rows], np.cumsum(sizes) - sizes) if len(begins) else begins
    members, places, starts = runs.members.tolist(), table.places, table.starts
    findings = []
    for begin, size, providers_in_run, last in zip(
        begins.tolist(), sizes.tolist(), distinct.tolist(), lasts.tolist(), strict=True
    ):
        if providers_in_run == 1:
            continue  # one provider: no duplicate offers
        run = members[begin : begin + size]
        clusters = (
            [(run, (starts[run[1]], last))]  # every pair of two providers: one cluster
            if providers_in_run == size
            else _linked_clusters(run, table.providers, starts, table.ends)
        )
        findings += _cluster_findings(table, places[run[0]], table.occupations[run[0]].strip(), clusters)
    return findings


def _cluster_findings(
    table: CourseTable,
    municipality: str,
    occupation: str,
    clusters: list[tuple[list[int], tuple[int, int]]],
) -> list[Finding]:
    refs, days = table.refs, table.days
    subject, details = f"{municipality}/{occupation}", (municipality, occupation)
    return [
        new_finding(
            FindingKind.DUPLICATE_OFFER,
            tuple(map(refs.__getitem__, cluster)),
            (days[first], days[last]),
            (),
            subject,
            details,
        )
        for cluster, (first, last) in clusters
    ]


def _by_place_and_code(live: list[Course]) -> dict[tuple[str, str], list[int]]:
    """Positions by (municipality, ISCO code), groups in the order their first course comes.
    Through nested dictionaries of the texts as stored (whose hashes Python keeps): a new
    (municipality, code) tuple per course would be hashed anew each time."""
    groups: dict[tuple[str, str], list[int]] = {}
    by_place: dict[str, dict[str, list[int]]] = {}
    for position, course in enumerate(live):
        place, code = course.municipality, course.occupation
        by_code = by_place.get(place)
        if by_code is None:
            by_code = by_place[place] = {}
        group = by_code.get(code)
        if group is None:
            group = by_code[code] = groups.setdefault((place, code.strip()), [])
        group.append(position)
    return groups


def _duplicate_groups(
    table: CourseTable, municipality: str, occupation: str, members: list[int]
) -> list[Finding]:
    """The duplicate clusters of one (municipality, ISCO code) group, run by run: maximal
    runs of courses (sorted by start) chained by intersecting date ranges. A cluster never
    spans two runs, and most runs are a single pair, which needs no union-find."""
    findings: list[Finding] = []
    starts, ends = table.starts, table.ends
    run: list[int] = []
    reach = 0  # the last end so far in the run
    for member in members:
        if starts[member] > reach:
            if len(run) > 1:
                findings += _run_clusters(table, municipality, occupation, run)
            run, reach = [member], ends[member]
        else:
            run.append(member)
            if ends[member] > reach:
                reach = ends[member]
    if len(run) > 1:
        findings += _run_clusters(table, municipality, occupation, run)
    return findings


def _run_clusters(table: CourseTable, municipality: str, occupation: str, run: list[int]) -> list[Finding]:
    providers, starts, ends = table.providers, table.starts, table.ends
    distinct = len(set(map(providers.__getitem__, run)))
    if distinct == len(run):
        # The common case: every pair is of two providers, so the whole run is one cluster.
        clusters = [(run, _run_span(run, starts, ends))]
    elif distinct > 1:
        clusters = _linked_clusters(run, providers, starts, ends)
    else:
        return []  # one provider: no duplicate offers
    return _cluster_findings(table, municipality, occupation, clusters)


def _run_span(run: list[int], starts: list[int], ends: list[int]) -> tuple[int, int]:
    """The first and the last day on which two courses of a run (all of them linked) run
    at the same time: the second start, and the latest end of a course still met by an
    earlier one. What `_linked_clusters` finds pair by pair, in one pass."""
    reach, last = ends[run[0]], 0
    for member in run[1:]:
        end = ends[member]
        met = reach if reach < end else end  # the earlier course reaching furthest meets it
        if met > last:
            last = met
        if end > reach:
            reach = end
    return starts[run[1]], last


def _linked_clusters(
    run: list[int], providers: list[str], starts: list[int], ends: list[int]
) -> list[tuple[list[int], tuple[int, int]]]:
    """Union-find over the duplicate pairs (different providers) of a run: the clusters, in
    the order of their first course, each with its first and last common day."""
    links = _UnionFind()
    place = {member: index for index, member in enumerate(run)}
    pair_spans: list[tuple[int, int, int]] = []
    for a, b in member_pairs(run, starts, ends):
        if providers[a] != providers[b]:
            links.union(place[a], place[b])
            pair_spans.append((place[a], starts[b], min(ends[a], ends[b])))  # a starts first
    spans: dict[int, tuple[int, int]] = {}
    for item, first, last in pair_spans:
        root = links.find(item)
        known = spans.get(root)
        spans[root] = (min(first, known[0]), max(last, known[1])) if known else (first, last)
    clusters: dict[int, list[int]] = defaultdict(list)
    for item in sorted(links.parent):
        clusters[links.find(item)].append(run[item])
    return [(cluster, spans[root]) for root, cluster in clusters.items()]


def possible_duplicates(courses: Iterable[Course]) -> list[Finding]:
    """Pairs with different ISCO codes whose titles name the same trade, same place and time."""
    return _possible_duplicates(CourseTable(courses))


def _possible_duplicates(table: CourseTable) -> list[Finding]:
    """Candidates share a trade among the rarest words of their titles (a prefix filter: two
    trade sets with Jaccard >= 1/2 always share one of the first |A| - ceil(|A|/2) + 1 trades
    of each, in one global order, rarest first), so common words make no large groups."""
    live = table.courses
    titles = [c.title for c in live]
    # Keyed by title: a catalogue has few distinct titles, so each is looked up once.
    title_counts = Counter(titles)
    named = {title: trades(title) for title in title_counts}
    kind_numbers = {found: number for number, found in enumerate(dict.fromkeys(named.values()))}
    kinds = list(map({title: kind_numbers[found] for title, found in named.items()}.__getitem__, titles))
    similar = _SimilarKinds(list(kind_numbers))
    prefixes = _rare_prefixes(named, title_counts)
    pairs = (
        _similar_pairs_on_arrays(table, titles, prefixes, kinds, similar)
        if columns.worth_it(len(table.courses))
        else None
    )
    if pairs is None:
        groups = _by_rare_trade(live, titles, prefixes)
        pairs = _first_of_each(_similar_pairs(groups, table, kinds, similar), len(live))
    refs, answers = table.refs, similar.answers
    findings = []
    for a, b in pairs:
        shared = answers[kinds[a]][kinds[b]]
        if shared is not None:  # always, for a pair found
            findings.append(_possible_duplicate(live[a], live[b], shared, refs[a], refs[b]))
    return findings


def _first_of_each(pairs: list[tuple[int, int]], size: int) -> list[tuple[int, int]]:
    """Each pair once, where first met (a pair may share several trades, so several groups)."""
    seen: set[int] = set()
    found = []
    for a, b in pairs:
        pair = a * size + b  # a comes first in the table
        if pair not in seen:
            seen.add(pair)
            found.append((a, b))
    return found


def _similar_pairs_on_arrays(
    table: CourseTable,
    titles: list[str],
    prefixes: dict[str, list[str]],
    kinds: list[int],
    similar: _SimilarKinds,
) -> list[tuple[int, int]] | None:
    """What `_by_rare_trade` and `_similar_pairs` find, each pair once, on arrays
    (analysis.columns); None when the groups are too crowded for that."""
    np = columns.numpy()
    # The rows (course, group) of the walk in `_by_rare_trade`: per course, its place with each
    # trade of its title's prefix, in order; groups numbered in the order the walk meets them.
    title_numbers = {title: number for number, title in enumerate(prefixes)}
    trade_numbers: dict[str, int] = {}
    title_trades = [
        [trade_numbers.setdefault(trade, len(trade_numbers)) for trade in found]
        for found in prefixes.values()
    ]
    title_of = columns.as_array(list(map(title_numbers.__getitem__, titles)))
    sizes = columns.as_array(list(map(len, title_trades)))
    counts = sizes[title_of]
    positions = np.repeat(np.arange(len(titles)), counts)
    trade_of = columns.as_array(list(chain.from_iterable(title_trades)))
    trade_of = trade_of[columns.rows_of((np.cumsum(sizes) - sizes)[title_of], counts)]
    places = table.numbers("places")
    row_groups = columns.first_met_numbers(places[positions] * (len(trade_numbers) + 1) + trade_of)
    starts, ends = table.day_arrays()
    pairs = columns.group_pairs(positions, row_groups, starts, ends)
    if pairs is None:
        return None
    codes, providers = table.numbers("occupations"), table.numbers("providers")
    pairs.keep((codes[pairs.a] != codes[pairs.b]) & (providers[pairs.a] != providers[pairs.b]))
    kind_of, count = columns.as_array(kinds), len(similar.answers)
    distinct, which = np.unique(kind_of[pairs.a] * count + kind_of[pairs.b], return_inverse=True)
    answers = similar.answers
    alike = [answers[both // count][both % count] is not None for both in distinct.tolist()]
    pairs.keep(np.array(alike, dtype=bool)[which])
    first = np.unique(pairs.a * len(titles) + pairs.b, return_index=True)[1]
    once = np.zeros(len(pairs.a), dtype=bool)
    once[first] = True  # a pair in several groups counts in the first
    pairs.keep(once)
    pairs.in_heap_order(table.starts, table.ends)
    return list(zip(pairs.a.tolist(), pairs.b.tolist(), strict=True))


def _by_rare_trade(live: list[Course], titles: list[str], prefixes: dict[str, list[str]]) -> list[list[int]]:
    """Positions by (municipality, trade) for the prefix of their trades, in the order a walk
    through the courses (and each course's trades in prefix order) first meets each group.
    The groups of a municipality and title are looked up once, through nested dictionaries
    of strings (whose hashes Python keeps), not per course and trade through new tuples."""
    groups: dict[tuple[str, str], list[int]] = {}
    by_place: dict[str, dict[str, list[list[int]]]] = {}
    for position, place, title in zip(range(len(live)), [c.municipality for c in live], titles, strict=True):
        by_title = by_place.get(place)
        if by_title is None:
            by_title = by_place[place] = {}
        targets = by_title.get(title)
        if targets is None:
            targets = by_title[title] = [groups.setdefault((place, trade), []) for trade in prefixes[title]]
        for group in targets:
            group.append(position)
    return list(groups.values())


def _similar_pairs(
    groups: list[list[int]], table: CourseTable, kinds: list[int], similar: _SimilarKinds
) -> list[tuple[int, int]]:
    """The pairs of each group (earlier, later; in the order of `member_pairs`) whose
    providers and ISCO codes both differ and whose titles are very similar.

    Most pairs of a trade group share the code, and most of the rest have titles that are
    not similar enough; both are tested inside the sweep so they never become pairs. The
    running courses are kept as single integers (end * stride + position): they order as
    the (end, index) pairs of `member_pairs` do, so the heap and the pairs' order are the
    same."""
    starts, ends, codes, providers = table.starts, table.ends, table.occupations, table.providers
    stride = len(kinds)
    answers = similar.answers
    pairs: list[tuple[int, int]] = []
    pop, push = heapq.heappop, heapq.heappush
    for members in groups:
        if len(members) < 2 or len(set(map(codes.__getitem__, members))) < 2:
            continue  # one ISCO code only: those are duplicate offers, not possible ones
        running: list[int] = []
        for member in members:
            limit = starts[member] * stride
            while running and running[0] < limit:
                pop(running)
            if running:
                provider, code, row = providers[member], codes[member], kinds[member]
                for packed in running:
                    other = packed % stride
                    if (
                        codes[other] != code
                        and providers[other] != provider
                        and answers[kinds[other]][row] is not None
                    ):
                        pairs.append((other, member))
            push(running, ends[member] * stride + member)
    return pairs


def _rare_prefixes(named: dict[str, frozenset[str]], title_counts: Counter[str]) -> dict[str, list[str]]:
    """Per title, the prefix of its trades, rarest first (by how many courses name each)."""
    frequency: Counter[str] = Counter()
    for title, count in title_counts.items():  # how many courses name each trade
        for trade in named[title]:
            frequency[trade] += count
    rarity = {t: (count, t) for t, count in frequency.items()}
    return {title: _rare_prefix(found, rarity) for title, found in named.items()}


def _rare_prefix(found: frozenset[str], rarity: dict[str, tuple[int, str]]) -> list[str]:
    # Always sorted (rarity, then the trade itself): a frozenset's own order changes with
    # Python's hash seed, and this order decides the order of findings on the same date.
    ordered = sorted(found, key=rarity.__getitem__)
    return ordered[: len(found) - math.ceil(SIMILARITY_THRESHOLD * len(found)) + 1]


SharedTrades = tuple[str, tuple[str, ...]]  # the trades as a subject ("a, b"), their label keys


class _SimilarKinds:
    """Whether two trade sets (by number) are very similar, and what they share, as a matrix
    `answers[earlier][later]` filled when first read: a catalogue has few distinct titles."""

    def __init__(self, sets: list[frozenset[str]]) -> None:
        self.answers = [_LazyRow(sets, earlier) for earlier in sets]


class _LazyRow(dict[int, "SharedTrades | None"]):
    def __init__(self, sets: list[frozenset[str]], earlier: frozenset[str]) -> None:
        super().__init__()
        self.sets, self.earlier = sets, earlier

    def __missing__(self, later: int) -> SharedTrades | None:
        found = self[later] = _shared_trades(self.earlier, self.sets[later])
        return found


def _shared_trades(first: frozenset[str], second: frozenset[str]) -> SharedTrades | None:
    if similarity(first, second) < SIMILARITY_THRESHOLD:
        return None
    common = sorted(first & second)
    return ", ".join(common), tuple(map(trade_label_key, common))


def _possible_duplicate(
    a: Course, b: Course, shared: SharedTrades, ref_a: CourseRef, ref_b: CourseRef
) -> Finding:
    """`b` comes after `a` in the table, so it starts no earlier: the span starts with it."""
    span = (b.start, min(a.end, b.end))
    subject, labels = shared
    if (a.provider, a.code) <= (b.provider, b.code):
        refs, codes = (ref_a, ref_b), (a.occupation, b.occupation)
    else:
        refs, codes = (ref_b, ref_a), (b.occupation, a.occupation)
    return new_finding(
        FindingKind.POSSIBLE_DUPLICATE, refs, span, (), subject, (a.municipality, *codes, *labels)
    )


# Clashes -------------------------------------------------------------------------------
def venue_clashes(courses: Iterable[Course], calendar: HolidayCalendar) -> list[Finding]:
    table = CourseTable(courses)
    return _venue_clashes(table, _off_days(calendar, table))


def trainer_clashes(courses: Iterable[Course], calendar: HolidayCalendar) -> list[Finding]:
    table = CourseTable(courses)
    return _trainer_clashes(table, _off_days(calendar, table))


def _venue_clashes(table: CourseTable, off: _OffDays) -> list[Finding]:
    venues = [c.venue for c in table.courses]
    return _by_text_clashes(table, off, FindingKind.VENUE_CLASH, venues, fold_compact)


def _trainer_clashes(table: CourseTable, off: _OffDays) -> list[Finding]:
    return _by_text_clashes(table, off, FindingKind.TRAINER_CLASH, [c.trainer for c in table.courses], fold)


def _by_text_clashes(
    table: CourseTable, off: _OffDays, kind: FindingKind, texts: list[str], normalise: Callable[[str], str]
) -> list[Finding]:
    """Clashes of courses whose `texts` (venue, trainer) are the same once normalised, each
    named by the earlier course's text."""
    clashes = _Clashes(table, off, kind)
    if columns.worth_it(len(table.courses)):
        found = clashes.run_on_arrays(group_numbers(texts, normalise), lambda _group, a: texts[a])
        if found is not None:
            return found
    groups = grouped_positions(texts, normalise)
    return clashes.run(groups.values(), lambda _group, a: texts[a])


def trainee_clashes(
    courses: Iterable[Course], enrolments: Iterable[Enrolment], calendar: HolidayCalendar
) -> list[Finding]:
    """Clashes between the courses each person is enrolled in (named by pseudonym only)."""
    table = CourseTable(courses)
    return _trainee_clashes(table, enrolments, _off_days(calendar, table))


def _trainee_clashes(table: CourseTable, enrolments: Iterable[Enrolment], off: _OffDays) -> list[Finding]:
    position_of = {c.key: position for position, c in enumerate(table.courses)}
    groups: dict[str, set[int]] = defaultdict(set)
    for person, key in enrolments:
        position = position_of.get((key[0], key[1]))
        if position is not None:
            groups[person].add(position)
    people = list(groups)
    # Positions in the table are in `sort_key` order, so sorted positions are sorted courses.
    members = [sorted(groups[person]) for person in people]
    return _Clashes(table, off, FindingKind.TRAINEE_CLASH).run(members, lambda group, _a: people[group])


Meeting = tuple[int, tuple[str, ...]]  # a weekday, the time windows ("Mon 10:00–12:00") on it


class _Clashes:
    """Clashes of one kind: within each group, the pairs whose date ranges intersect (a sweep)
    and whose weekly sessions meet on a held day.

    Whether two weekly schedules meet, on which weekdays and in which time windows, depends
    on the two schedules only: it is worked out once per pair of schedules, and most pairs
    of courses are settled by that lookup. For the others the common dates of each weekday
    are a slice with step 7 of one list of the run's dates, less the days off in it."""

    def __init__(self, table: CourseTable, off: _OffDays, kind: FindingKind) -> None:
        self.table, self.off, self.kind = table, off, kind
        self.labels = _weekday_labels()
        count = len(table.sessions)
        # meetings[a][b]: where schedules a and b meet (worked out when first asked)
        self.meetings: list[list[tuple[Meeting, ...] | None]] = [[None] * count for _ in range(count)]
        self.first_day = min(table.starts, default=0)
        last_day = max(table.ends, default=0)
        self.dates = list(map(date.fromordinal, range(self.first_day, last_day + 1))) if table.courses else []
        self.off_dates = frozenset(
            map(
                self.dates.__getitem__,
                [n - self.first_day for n in off.numbers if self.first_day <= n <= last_day],
            )
        )

    def run(self, groups: Iterable[list[int]], subject_at: Callable[[int, int], str]) -> list[Finding]:
        """The clashes within each group (positions in table order), named by
        `subject_at(group number, earlier course's position)`. Each group is swept as
        `member_pairs` sweeps it (the same pairs in the same order), written out here."""
        table = self.table
        starts, ends, schedules = table.starts, table.ends, table.schedules
        meetings, common = self.meetings, self._common_dates
        pop, push = heapq.heappop, heapq.heappush
        stride = len(starts)
        findings: list[Finding] = []
        for number, members in enumerate(groups):
            if len(members) < 2:
                continue
            if len(members) == 2:
                a, b = members
                if ends[a] >= starts[b]:
                    found = meetings[schedules[a]][schedules[b]]
                    if found is None:
                        found = self._meeting(schedules[a], schedules[b])
                    if found:
                        dates, windows = common(starts[b], min(ends[a], ends[b]), found)
                        if dates:
                            findings.append(self._finding(a, b, dates, windows, subject_at(number, a)))
                continue
            running: list[int] = []  # end * stride + position: ordered as member_pairs' (end, index)
            for b in members:
                start = starts[b]
                limit = start * stride
                while running and running[0] < limit:
                    pop(running)
                if running:
                    for packed in running:
                        a = packed % stride
                        found = meetings[schedules[a]][schedules[b]]
                        if found is None:
                            found = self._meeting(schedules[a], schedules[b])
                        if found:
                            dates, windows = common(start, min(ends[a], ends[b]), found)
                            if dates:
                                findings.append(self._finding(a, b, dates, windows, subject_at(number, a)))
                push(running, ends[b] * stride + b)
        return findings

    def run_on_arrays(
        self, group_of: list[int], subject_at: Callable[[int, int], str]
    ) -> list[Finding] | None:
        """What `run` finds for the groups `group_of` (per position; -1: none), the pairs
        worked out on arrays (analysis.columns); None when the groups are too crowded."""
        np = columns.numpy()
        table = self.table
        groups = columns.as_array(group_of)
        members = np.flatnonzero(groups >= 0)
        pairs = columns.group_pairs(members, groups[members], *table.day_arrays())
        if pairs is None:
            return None
        schedules, meetings, count = table.schedules, self.meetings, len(table.sessions)
        schedule_of = columns.as_array(schedules)
        both = schedule_of[pairs.a] * count + schedule_of[pairs.b]
        distinct, which = np.unique(both, return_inverse=True)
        meet = [bool(self._meeting_of(pair // count, pair % count)) for pair in distinct.tolist()]
        pairs.keep(np.array(meet, dtype=bool)[which])
        pairs.in_heap_order(table.starts, table.ends)
        starts, ends, common = table.starts, table.ends, self._common_dates
        findings: list[Finding] = []
        for a, b, group in zip(pairs.a.tolist(), pairs.b.tolist(), pairs.g.tolist(), strict=True):
            found = meetings[schedules[a]][schedules[b]]
            if found:
                dates, windows = common(starts[b], min(ends[a], ends[b]), found)
                if dates:
                    findings.append(self._finding(a, b, dates, windows, subject_at(group, a)))
        return findings

    def _meeting_of(self, schedule_a: int, schedule_b: int) -> tuple[Meeting, ...]:
        found = self.meetings[schedule_a][schedule_b]
        return self._meeting(schedule_a, schedule_b) if found is None else found

    def _meeting(self, schedule_a: int, schedule_b: int) -> tuple[Meeting, ...]:
        """(weekday, the time windows "Mon 10:00–12:00" on it) where the two schedules meet,
        by weekday; kept in `meetings`."""
        windows: dict[int, list[str]] = defaultdict(list)
        sessions = self.table.sessions
        for weekday, start_a, end_a in sessions[schedule_a]:
            for other_weekday, start_b, end_b in sessions[schedule_b]:
                if weekday == other_weekday and start_a < end_b and start_b < end_a:
                    window = span_text(max(start_a, start_b), min(end_a, end_b))
                    windows[weekday].append(f"{self.labels[weekday]} {window}")
        found = tuple(sorted((weekday, tuple(texts)) for weekday, texts in windows.items()))
        self.meetings[schedule_a][schedule_b] = found
        return found

    def _common_dates(
        self, first: int, last: int, meetings: tuple[Meeting, ...]
    ) -> tuple[list[date], list[str]]:
        """The held dates from day `first` to day `last` on the weekdays of `meetings`, in
        order, and the time windows of the weekdays that have one (sorted, each once)."""
        dates, offset = self.dates, first - self.first_day
        stop = last - self.first_day + 1
        first_weekday = (first + 6) % 7  # weekday_of(first)
        off = self.off_dates
        low, high = self.off.count(first, last)
        if len(meetings) == 1:
            weekday, texts = meetings[0]
            held = dates[offset + (weekday - first_weekday) % 7 : stop : 7]
            if low != high:
                held = [day for day in held if day not in off]
            if not held:
                return held, []
            return held, sorted(set(texts)) if len(texts) > 1 else list(texts)
        days: list[date] = []
        windows: list[str] = []
        for weekday, texts in meetings:
            held = dates[offset + (weekday - first_weekday) % 7 : stop : 7]
            if low != high:
                held = [day for day in held if day not in off]
            if held:
                days += held
                windows += texts
        if len(windows) > 1:
            days.sort()
            windows = sorted(set(windows))
        return days, windows

    def _finding(self, at_a: int, at_b: int, dates: list[date], windows: list[str], subject: str) -> Finding:
        table = self.table
        providers, codes, refs = table.providers, table.codes, table.refs
        pair = (
            (refs[at_a], refs[at_b])
            if (providers[at_a], codes[at_a]) <= (providers[at_b], codes[at_b])
            else (refs[at_b], refs[at_a])
        )
        return new_finding(self.kind, pair, tuple(dates), tuple(windows), subject, ())


# Holidays ------------------------------------------------------------------------------
def holiday_findings(courses: Iterable[Course], calendar: HolidayCalendar) -> list[Finding]:
    """Per course, its sessions that fall on a day off: not held, so make-ups can be planned."""
    table = CourseTable(courses)
    return _holiday_findings(table, _off_days(calendar, table))


def _holiday_findings(table: CourseTable, off: _OffDays) -> list[Finding]:
    # Courses that span the same days off and meet on the same weekdays and hours get the
    # same notice (dates, sessions, holiday names): each is worked out once.
    if columns.worth_it(len(table.courses)):
        return _holiday_findings_on_arrays(table, off)
    notices: dict[tuple[int, int, int], HolidayNotice | None] = {}
    numbers, refs = off.numbers, table.refs
    holiday = FindingKind.HOLIDAY
    findings = []
    for start, end, schedule, ref in zip(table.starts, table.ends, table.schedules, refs, strict=True):
        low, high = bisect_left(numbers, start), bisect_right(numbers, end)
        if low == high:
            continue
        key = (low, high, schedule)
        if key in notices:
            notice = notices[key]
        else:
            notice = notices[key] = _holiday_notice(
                numbers[low:high], table.sessions[schedule], off, table.days
            )
        if notice is not None:
            findings.append(new_finding(holiday, (ref,), notice[0], notice[1], "", notice[2]))
    return findings


def _holiday_findings_on_arrays(table: CourseTable, off: _OffDays) -> list[Finding]:
    """What `_holiday_findings` finds, the days off each course spans found on arrays."""
    np = columns.numpy()
    numbers, starts, ends = columns.as_array(off.numbers), *table.day_arrays()
    lows, highs = np.searchsorted(numbers, starts, side="left"), np.searchsorted(numbers, ends, side="right")
    spanning = np.flatnonzero(lows != highs)
    schedules, bound = len(table.sessions), len(off.numbers) + 1
    schedule_of = columns.as_array(table.schedules)[spanning]
    keys = (lows[spanning] * bound + highs[spanning]) * schedules + schedule_of
    distinct, which = np.unique(keys, return_inverse=True)
    notices = [
        _holiday_notice(
            off.numbers[key // schedules // bound : key // schedules % bound],
            table.sessions[key % schedules],
            off,
            table.days,
        )
        for key in distinct.tolist()
    ]
    holiday, refs = FindingKind.HOLIDAY, table.refs
    findings = []
    for position, notice in zip(spanning.tolist(), map(notices.__getitem__, which.tolist()), strict=True):
        if notice is not None:
            findings.append(new_finding(holiday, (refs[position],), notice[0], notice[1], "", notice[2]))
    return findings


HolidayNotice = tuple[tuple[date, ...], tuple[str, ...], tuple[str, ...]]  # dates, times, names


def _holiday_notice(
    candidates: list[int], sessions: tuple[Session, ...], off: _OffDays, days: DayCache
) -> HolidayNotice | None:
    """The days off among `candidates` on which a session falls, the sessions not held
    ("dd.mm.yyyy HH:MM–HH:MM") and the holidays' names; None when no session falls on one."""
    weekdays = {weekday for weekday, _start, _end in sessions}
    found = [days[n] for n in candidates if weekday_of(n) in weekdays]
    if not found:
        return None
    times = tuple(f"{day_text(d)} {span}" for d in found for span in _hours_on(d.weekday(), sessions))
    return tuple(found), times, tuple(off.names[d] for d in found)


def _hours_on(weekday: int, sessions: tuple[Session, ...]) -> list[str]:
    """The "HH:MM–HH:MM" of the sessions held on a weekday, in time order."""
    hours = [span_text(start, end) for day, start, end in sessions if day == weekday]
    if len(hours) > 1:
        hours.sort()  # "HH:MM–HH:MM" sorts by time
    return hours


# Everything ----------------------------------------------------------------------------
def find_overlaps(
    courses: Iterable[Course], calendar: HolidayCalendar, enrolments: Iterable[Enrolment] | None = None
) -> list[Finding]:
    """Every overlap in the catalogue, sorted by kind, then first date, then courses.

    The cyclic garbage collector is paused meanwhile (coursehub.gc_policy): the findings hold
    no cycles, and with 100,000 courses alive each collection would walk them all again."""
    with gc_policy.pause():
        table = CourseTable(courses)
        return _find_overlaps(table, _off_days(calendar, table), enrolments)


def _find_overlaps(
    table: CourseTable, off: _OffDays, enrolments: Iterable[Enrolment] | None
) -> list[Finding]:
    by_kind = [
        _duplicate_offers(table),
        _possible_duplicates(table),
        _venue_clashes(table, off),
        _trainer_clashes(table, off),
        _trainee_clashes(table, enrolments, off) if enrolments is not None else [],
        _holiday_findings(table, off),
    ]
    ordered: list[Finding] = []
    for findings in by_kind:  # kinds in FindingKind order; within a kind by first date
        findings.sort(key=_first_date)  # stable: ties keep the courses' order
        ordered += findings
    return ordered


def _first_date(finding: Finding) -> date:
    return finding.dates[0] if finding.dates else date.min
