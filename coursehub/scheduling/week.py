"""The week layout shared by the calendar screen and the printed notice-board calendar:
which sessions a week shows, the number each course carries, which days and hours the grid
spans, and how overlapping sessions sit side by side. Drawing is left to the caller (Qt on
screen, ReportLab on paper), so both always agree."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, time, timedelta

from coursehub.domain.collation import albanian_key
from coursehub.domain.model import Course, Weekday
from coursehub.scheduling.holidays import HolidayCalendar
from coursehub.scheduling.recurrence import DatedSession, expand

WORKING_DAYS = 6  # Monday to Saturday are always shown
FULL_WEEK = 7  # Sunday is added in a week where a course meets on it
EARLIEST_HOUR, LATEST_HOUR = 8, 17  # the grid spans at least these hours


@dataclass(frozen=True, slots=True)
class Block:
    """One dated session of a course, as the week grid draws it."""

    number: int
    course: Course
    day: date
    start: time
    end: time
    provider_index: int
    holiday: str | None = None


@dataclass(frozen=True, slots=True)
class ColumnPlacement:
    """A block with its column among the `columns` of its cluster of overlapping blocks."""

    block: Block
    column: int
    columns: int


@dataclass(frozen=True, slots=True)
class WeekPlan:
    monday: date
    blocks: tuple[Block, ...]
    courses: tuple[Course, ...]  # in key order: number n is courses[n - 1]
    holidays: dict[date, str]  # the days off among the days shown
    days_shown: int = WORKING_DAYS

    @property
    def days(self) -> tuple[date, ...]:
        return tuple(self.monday + timedelta(days=offset) for offset in range(self.days_shown))

    @property
    def last_day(self) -> date:
        return self.monday + timedelta(days=self.days_shown - 1)

    def blocks_on(self, day: date) -> list[Block]:
        return [block for block in self.blocks if block.day == day]


def iso_monday(year: int, week: int) -> date:
    return date.fromisocalendar(year, week, 1)


def days_shown(sessions_days: Sequence[date]) -> int:
    """Monday to Saturday, or the whole week when any of these days is a Sunday."""
    return FULL_WEEK if any(day.weekday() == Weekday.SU for day in sessions_days) else WORKING_DAYS


def plan_weeks(
    courses: Sequence[Course],
    calendar: HolidayCalendar,
    first_monday: date,
    weeks: int,
    providers: Sequence[str],
) -> list[WeekPlan]:
    """Lay out `weeks` weeks from `first_monday`; `providers` fixes the colour order."""
    index = {name: i for i, name in enumerate(providers)}
    last_day = first_monday + timedelta(weeks=weeks) - timedelta(days=1)
    by_week: list[list[tuple[Course, DatedSession]]] = [[] for _week in range(weeks)]
    for course in courses:
        if course.is_live and course.start <= last_day and first_monday <= course.end:
            for session in expand(course, calendar, first_monday, last_day):
                by_week[(session.day - first_monday).days // 7].append((course, session))
    return [
        _plan_week(first_monday + timedelta(weeks=offset), dated, calendar, index)
        for offset, dated in enumerate(by_week)
    ]


def _plan_week(
    monday: date, dated: list[tuple[Course, DatedSession]], calendar: HolidayCalendar, index: dict[str, int]
) -> WeekPlan:
    shown = sorted(
        {course.key: course for course, _session in dated}.values(),
        key=lambda c: (albanian_key(c.provider), albanian_key(c.title), c.code),
    )
    number = {course.key: n for n, course in enumerate(shown, start=1)}
    blocks = tuple(
        Block(number[c.key], c, s.day, s.start, s.end, index.get(c.provider, 0), s.holiday)
        for c, s in sorted(dated, key=lambda cs: (cs[1].day, cs[1].start, number[cs[0].key]))
    )
    length = days_shown([block.day for block in blocks])
    holidays = calendar.between(monday, monday + timedelta(days=length - 1))
    return WeekPlan(monday, blocks, tuple(shown), holidays, length)


def hour_range(plans: Sequence[WeekPlan]) -> tuple[int, int]:
    """The hours a grid shows: at least 8 to 17, widened to fit every session of `plans`."""
    first, last = EARLIEST_HOUR, LATEST_HOUR
    for plan in plans:
        for block in plan.blocks:
            first = min(first, block.start.hour)
            last = max(last, block.end.hour + (1 if block.end.minute else 0))
    return max(0, first), min(24, last)


def place_in_columns(blocks: Sequence[Block]) -> list[ColumnPlacement]:
    """Each block with its column and the column count of its cluster of overlapping blocks.

    Blocks that overlap (directly or through others) form a cluster; each takes the first
    column free at its start, and the cluster is as wide as its busiest moment needs.
    """
    placed: list[ColumnPlacement] = []
    cluster: list[tuple[Block, int]] = []
    cluster_end = time(0)
    for block in sorted(blocks, key=lambda b: (b.start, b.end, b.number)):
        if cluster and block.start >= cluster_end:
            placed += _close(cluster)
            cluster = []
        busy = {col for other, col in cluster if other.end > block.start}
        column = next(c for c in range(len(cluster) + 1) if c not in busy)
        cluster.append((block, column))
        cluster_end = max(cluster_end, block.end) if len(cluster) > 1 else block.end
    return placed + _close(cluster)


def _close(cluster: list[tuple[Block, int]]) -> list[ColumnPlacement]:
    columns = 1 + max((col for _b, col in cluster), default=0)
    return [ColumnPlacement(block, col, columns) for block, col in cluster]
