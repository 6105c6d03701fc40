"""The overlap sweeps' candidate pairs worked out on arrays (numpy), when numpy is installed.

The checks in analysis.overlaps group the live courses (by venue, by trainer, by place and
trade), sweep each group in table order with a heap of the courses still running, and make
a finding of some of the pairs met. Here the same pairs come out of a few array operations
instead of a Python loop over every course: the rows (course, group) sorted by group and
position; for each row the earlier rows of its group that may still run (they start at most
the group's longest course before it), kept when their end is not before its start. Each
check then filters the pairs on arrays (codes, providers, schedules as numbers) and makes
findings of the few left, in Python, in the order the sweep would have met them.

That order is the sweep's: by group (groups numbered in the order the walk through the table
first meets them), then by the later course, then by where the earlier course sits in the
heap's list (the order `for entry in heap` visits). The last is not the courses' order, so
where one later course has two or more pairs left in a group, that group's heap is replayed
(`running_at`) and those pairs are put in its order. The sweeps in analysis.overlaps remain
the reference and the fallback (numpy missing, or a group so crowded that the candidates
would not fit in memory); tests run both and compare.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from importlib.util import find_spec
from typing import Any

# numpy arrays of int64. Typed loosely: numpy is optional, imported only when first used.
Ints = Any

AVAILABLE = find_spec("numpy") is not None
enabled = AVAILABLE  # tests switch it off to run the reference sweeps
# Loading numpy costs about 80 ms once; the arrays save less than that below about 15,000
# courses (10,000: 0.17 -> 0.11 s), so smaller catalogues keep to the sweeps. Tests lower it.
FROM_COURSES = 20_000


def worth_it(course_count: int) -> bool:
    """Whether the checks take their candidate pairs from arrays for a table this size."""
    return enabled and course_count >= FROM_COURSES


CANDIDATES_PER_ROW = 16  # beyond this many candidate pairs per row, the Python sweep is used


def numpy() -> Any:
    import numpy  # imported when first needed: it takes a while to load

    return numpy


class GroupPairs:
    """The pairs (earlier `a`, later `b`, group `g`) of every group whose date ranges
    intersect, as arrays in sweep order up to the heap's order within one `b` (see the
    module's text). `later` is the row of each `b` in `members` (the rows' courses, by
    group and position); `run_starts[row]` the first row of the row's run: the heap is empty
    when that row's course is reached, so replaying the heap from there gives its list."""

    def __init__(self, a: Ints, b: Ints, g: Ints, later: Ints, members: Ints, run_starts: Ints) -> None:
        self.a, self.b, self.g, self.later = a, b, g, later
        self.members, self.run_starts = members, run_starts

    def keep(self, mask: Any) -> None:
        self.a, self.b, self.g, self.later = self.a[mask], self.b[mask], self.g[mask], self.later[mask]

    def in_heap_order(self, starts: Sequence[int], ends: Sequence[int]) -> None:
        """Reorder the pairs of one later course (and group) as the sweep's heap visits them."""
        np = numpy()
        if len(self.a) < 2:
            return
        same = self.later[1:] == self.later[:-1]  # a row is one (group, course)
        if not same.any():
            return
        firsts = np.flatnonzero(same & ~np.concatenate(([False], same[:-1]))).tolist()
        lasts = (np.flatnonzero(same & ~np.concatenate((same[1:], [False]))) + 1).tolist()
        heaps = _Replay(self.members.tolist(), starts, ends)
        a, rows, run_starts = self.a.copy(), self.later.tolist(), self.run_starts
        for first, last in zip(firsts, lasts, strict=True):
            row = rows[first]
            rank = {member: index for index, member in enumerate(heaps.running_at(int(run_starts[row]), row))}
            a[first : last + 1] = sorted(a[first : last + 1].tolist(), key=rank.__getitem__)
        self.a = a


class _Replay:
    """The sweep's heap replayed over `members` (rows by group and position): the same pushes
    and pops as the sweeps in analysis.overlaps (entries end * stride + position), so the
    same list. Asked for rows in increasing order, each run is replayed once."""

    def __init__(self, members: list[int], starts: Sequence[int], ends: Sequence[int]) -> None:
        self.members, self.starts, self.ends = members, starts, ends
        self.stride = len(starts)
        self.running: list[int] = []
        self.run_start = self.next_row = -1

    def running_at(self, run_start: int, row: int) -> list[int]:
        """The courses in the heap, in its list's order, when the course of `row` is reached
        (before it is pushed); the heap is empty at `run_start`, the first row of its run."""
        if run_start != self.run_start:
            self.running, self.run_start, self.next_row = [], run_start, run_start
        members, starts, ends, stride = self.members, self.starts, self.ends, self.stride
        running = self.running
        for member in members[self.next_row : row]:
            self._pop_ended(starts[member] * stride)
            heapq.heappush(running, ends[member] * stride + member)
        self._pop_ended(starts[members[row]] * stride)  # again for the same row: a no-op
        self.next_row = row
        return [packed % stride for packed in running]

    def _pop_ended(self, limit: int) -> None:
        running = self.running
        while running and running[0] < limit:
            heapq.heappop(running)


def group_pairs(positions: Ints, groups: Ints, starts: Ints, ends: Ints) -> GroupPairs | None:
    """The intersecting pairs within each group. `positions` and `groups` are the rows (a
    course may be in several groups); `starts` and `ends` the table's day numbers as arrays,
    nondecreasing starts by position. None when the candidates would be too many."""
    np = numpy()
    order = np.lexsort((positions, groups))
    members, numbers_of_rows = positions[order], groups[order]
    count = len(members)
    if count == 0:
        empty = np.zeros(0, dtype=np.int64)
        return GroupPairs(empty, empty, empty, empty, empty, empty)
    begins = np.flatnonzero(np.concatenate(([True], numbers_of_rows[1:] != numbers_of_rows[:-1])))
    group_index = np.repeat(np.arange(len(begins)), np.diff(np.append(begins, count)))
    base = int(starts.min()) - 1
    row_starts, row_ends = starts[members] - base, ends[members] - base  # from 1
    span = int(row_ends.max()) + 1
    longest = np.maximum(np.maximum.reduceat(row_ends - row_starts, begins), 0)[group_index]
    keys = group_index * (2 * span) + row_starts + span  # increasing; a group's keys apart
    lows = np.searchsorted(keys, keys - longest, side="left")
    counts = np.arange(count) - np.maximum(lows, begins[group_index])
    total = int(counts.sum())
    if total > CANDIDATES_PER_ROW * count + 100_000:
        return None
    later_rows = np.repeat(np.arange(count), counts)
    earlier_rows = rows_of(np.arange(count) - counts, counts)  # from each row's first candidate
    met = row_ends[earlier_rows] >= row_starts[later_rows]
    earlier_rows, later_rows = earlier_rows[met], later_rows[met]
    reach = np.maximum.accumulate(group_index * (2 * span) + row_ends)
    new_run = np.concatenate(([True], keys[1:] - span > reach[:-1]))
    run_starts = np.maximum.accumulate(np.where(new_run, np.arange(count), 0))
    return GroupPairs(
        members[earlier_rows],
        members[later_rows],
        numbers_of_rows[later_rows],
        later_rows,
        members,
        run_starts,
    )


def rows_of(firsts: Ints, counts: Ints) -> Ints:
    """The indices firsts[0], firsts[0] + 1, ... (counts[0] of them), then those from
    firsts[1], and so on, in one array."""
    np = numpy()
    total = int(counts.sum())
    return np.repeat(firsts - (np.cumsum(counts) - counts), counts) + np.arange(total)


class Runs:
    """The courses of each group (table positions, by group and position) cut into runs:
    maximal chains in which every course starts no later than the latest end before it.
    `begins` holds each run's first row, `sizes` its length; `met[row]` is the latest day on
    which the row's course and an earlier one of its run both run (0 for a run's first)."""

    def __init__(self, groups: Ints, starts: Ints, ends: Ints) -> None:
        np = numpy()
        self.members = members = np.argsort(groups, kind="stable")
        count = len(members)
        base = int(starts.min()) - 1
        offset = groups[members] * (int(ends.max()) - base + 1) - base  # keeps groups apart
        row_starts, row_ends = starts[members] + offset, ends[members] + offset
        before = np.concatenate(([0], np.maximum.accumulate(row_ends)[:-1]))  # latest end before
        new_run = row_starts > before
        self.begins = np.flatnonzero(new_run)
        self.sizes = np.diff(np.append(self.begins, count))
        self.met = np.where(new_run, 0, np.minimum(before, row_ends) - offset)


def as_numbers(values: Sequence[object]) -> Ints:
    """Equal values as equal numbers (numbered in order of first appearance)."""
    np = numpy()
    numbers = {value: number for number, value in enumerate(dict.fromkeys(values))}
    return np.fromiter(map(numbers.__getitem__, values), dtype=np.int64, count=len(values))


def first_met_numbers(keys: Ints) -> Ints:
    """Equal keys as equal numbers, numbered in the order the keys first appear."""
    np = numpy()
    if len(keys) == 0:
        return keys
    _distinct, firsts, numbers = np.unique(keys, return_index=True, return_inverse=True)
    renumbered = np.empty_like(firsts)
    renumbered[np.argsort(firsts)] = np.arange(len(firsts))
    return renumbered[numbers.reshape(-1)]


def as_array(values: Sequence[int]) -> Ints:
    np = numpy()
    return np.array(values, dtype=np.int64)
