"""Outcomes per provider and occupation for the Committee: enrolled, completed, dropped out
(and in which course week on average), certificates issued, by target group.

Until attendance is recorded per session, the rules are read from enrolments:
- enrolled: people who held a seat once the course had started (enrolled, completed, or
  withdrawn on or after its first day);
- dropped out: withdrawn on or after the course's first day; the week is counted from the
  first day (week 1 = days 1 to 7) to the day of withdrawal;
- completed: enrolment completed; certificates: valid certificates of those people.
People withdrawn before the course started never began it and are not counted. Counts are
of people; the printout suppresses 1 to 4.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from coursehub.domain.collation import albanian_key
from coursehub.domain.model import Course, TargetGroup
from coursehub.domain.outcomes import OutcomeRow
from coursehub.domain.reference import Reference

EnrolmentFact = tuple[int, str, datetime | None, str, bool]
ALL_GROUPS = ""


@dataclass
class _Tally:
    enrolled: int = 0
    completed: int = 0
    dropped_out: int = 0
    certificates: int = 0
    weeks: list[int] = field(default_factory=list)


def outcome_rows(
    courses: Iterable[Course], facts: Iterable[EnrolmentFact], reference: Reference, year: int | None = None
) -> list[OutcomeRow]:
    by_id = {c.id: c for c in courses if c.id is not None and (year is None or c.start.year == year)}
    tallies: dict[tuple[str, str, str], _Tally] = defaultdict(_Tally)
    for course_id, status, changed, groups, certified in facts:
        course = by_id.get(course_id)
        if course is None:
            continue
        week = _dropout_week(course, status, changed)
        if status not in ("enrolled", "completed") and week is None:
            continue
        keys = [ALL_GROUPS] + [g for g in groups.split(",") if g in _GROUP_CODES]
        for group in keys:
            tally = tallies[(course.provider, course.occupation, group)]
            tally.enrolled += 1
            tally.completed += status == "completed"
            tally.certificates += certified
            if week is not None:
                tally.dropped_out += 1
                tally.weeks.append(week)
    return [
        OutcomeRow(
            provider=provider,
            occupation=occupation,
            occupation_title=reference.occupation_title(occupation),
            group=group,
            enrolled=t.enrolled,
            completed=t.completed,
            dropped_out=t.dropped_out,
            dropout_week=sum(t.weeks) / len(t.weeks) if t.weeks else None,
            certificates=t.certificates,
        )
        for (provider, occupation, group), t in sorted(
            tallies.items(), key=lambda item: (albanian_key(item[0][0]), item[0][1], _group_order(item[0][2]))
        )
    ]


_GROUP_CODES = {g.value for g in TargetGroup}


def _group_order(group: str) -> int:
    return -1 if group == ALL_GROUPS else [g.value for g in TargetGroup].index(group)


def _dropout_week(course: Course, status: str, changed: datetime | None) -> int | None:
    if status != "withdrawn" or changed is None or changed.date() < course.start:
        return None
    return (changed.date() - course.start).days // 7 + 1
