"""Sort-and-sweep over course date ranges: every pair whose ranges intersect, and no other.

Courses are sorted by start date; a heap keeps the courses still running. When a course
starts, the courses whose end lies before its start leave the heap, and every course left
in it intersects the new one. Cost: O(n log n + pairs found), never all pairs.
"""

from __future__ import annotations

import heapq
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from operator import attrgetter

from coursehub.domain.model import Course

sort_key = attrgetter("start", "end", "provider", "code")


def intersecting_pairs(courses: Iterable[Course], presorted: bool = False) -> Iterator[tuple[Course, Course]]:
    """Pairs (earlier, later) of courses whose inclusive date ranges intersect.

    `presorted`: the courses already come in `sort_key` order (a group taken from a sorted
    list keeps its order), so they need no sorting again."""
    running: list[tuple[date, int, Course]] = []
    ordered = courses if presorted else sorted(courses, key=sort_key)
    for index, course in enumerate(ordered):
        while running and running[0][0] < course.start:
            heapq.heappop(running)
        for _end, _index, other in running:
            yield other, course
        heapq.heappush(running, (course.end, index, course))


def intersecting_index_pairs(ordered: Sequence[Course]) -> list[tuple[int, int]]:
    """Positions (earlier, later) in `ordered` (in `sort_key` order) of the pairs whose date
    ranges intersect, in the order `intersecting_pairs` yields them (findings keep it).
    A list rather than a generator: the hot loops of the overlap checks take every pair."""
    running: list[tuple[date, int]] = []
    pairs: list[tuple[int, int]] = []
    pop, push = heapq.heappop, heapq.heappush
    for index, course in enumerate(ordered):
        start = course.start
        while running and running[0][0] < start:
            pop(running)
        pairs += [(other, index) for _end, other in running]
        push(running, (course.end, index))
    return pairs


def member_pairs(members: Sequence[int], starts: Sequence[int], ends: Sequence[int]) -> list[tuple[int, int]]:
    """`intersecting_index_pairs` over day numbers: `members` are positions in a CourseTable
    (in `sort_key` order), `starts` and `ends` the table's day numbers; the pairs come as
    positions (earlier, later) in the table, in the same order. Two members, the most common
    group, need no heap."""
    if len(members) == 2:
        first, second = members
        return [(first, second)] if ends[first] >= starts[second] else []
    running: list[tuple[int, int]] = []
    pairs: list[tuple[int, int]] = []
    pop, push = heapq.heappop, heapq.heappush
    for index, member in enumerate(members):
        start = starts[member]
        while running and running[0][0] < start:
            pop(running)
        pairs += [(members[other], member) for _end, other in running]
        push(running, (ends[member], index))
    return pairs


def grouped_positions(texts: Sequence[str], normalise: Callable[[str], str]) -> dict[str, list[int]]:
    """Positions by a normalised text (venue, trainer), normalising each distinct text once;
    an empty text takes part in no group. Groups come in the order their first position
    does (distinct texts are met in that order, and each joins its group when first met)."""
    groups: dict[str, list[int]] = {}
    targets = {}
    for text in dict.fromkeys(texts):
        key = normalise(text)
        targets[text] = groups.setdefault(key, []) if key else None
    for position, group in enumerate(map(targets.__getitem__, texts)):
        if group is not None:
            group.append(position)
    return groups


def group_numbers(texts: Sequence[str], normalise: Callable[[str], str]) -> list[int]:
    """Per position, the number of its group by a normalised text, groups numbered in the
    order `grouped_positions` gives them; -1 for an empty text (no group)."""
    numbers: dict[str, int] = {}
    targets = {}
    for text in dict.fromkeys(texts):
        key = normalise(text)
        targets[text] = numbers.setdefault(key, len(numbers)) if key else -1
    return list(map(targets.__getitem__, texts))
