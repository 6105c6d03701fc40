"""Outcomes per provider and occupation for the Committee: enrolled, completed, dropped out
(and in which course week on average), certificates issued and mean attendance, by target
group. Rules (docs/enrolment.md, "Outcomes in the Committee report"):
- enrolled: people who held a seat once the course had started (enrolled, completed, or
  withdrawn on or after its first day);
- dropped out: withdrawn on or after the first day, with the recorded reason "dropped out"
  or no reason recorded; those who left because they moved, found work or for another
  stated reason did not complete but are not counted as dropping out;
- the week of leaving (week 1 = the course's days 1 to 7): the week of the person's last
  session marked present when attendance was recorded for them, else the week of the day the
  outcome was recorded (or the enrolment last changed);
- mean attendance: the mean of each person's rate, present / (present + absent) (excused
  absences left out, as the completion threshold counts them), over the people with marks;
- certificates: valid certificates of those people.
People withdrawn before the start never began the course and are not counted. The printout
suppresses counts of 1 to 4.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from coursehub.domain.collation import albanian_key
from coursehub.domain.model import Course, TargetGroup
from coursehub.domain.outcomes import EnrolmentFact, OutcomeRow
from coursehub.domain.reference import Reference

ALL_GROUPS = ""
_GROUP_CODES = [g.value for g in TargetGroup]
_NOT_A_DROPOUT = {"moved", "found_work", "other"}


@dataclass
class _Tally:
    enrolled: int = 0
    completed: int = 0
    dropped_out: int = 0
    certificates: int = 0
    weeks: list[int] = field(default_factory=list)
    rates: list[float] = field(default_factory=list)


def outcome_rows(
    courses: Iterable[Course], facts: Iterable[EnrolmentFact], reference: Reference, year: int | None = None
) -> list[OutcomeRow]:
    by_id = {c.id: c for c in courses if c.id is not None and (year is None or c.start.year == year)}
    tallies: dict[tuple[str, str, str], _Tally] = defaultdict(_Tally)
    for fact in facts:
        course = by_id.get(fact.course_id)
        if course is None:
            continue
        left = _left_after_start(course, fact)
        if fact.status not in ("enrolled", "completed") and left is None:
            continue
        dropout_week = _week(course, left) if left and fact.reason not in _NOT_A_DROPOUT else None
        rate = fact.present / (fact.present + fact.absent) if fact.present + fact.absent else None
        groups = [ALL_GROUPS] + [g for g in fact.groups.split(",") if g in _GROUP_CODES]
        for group in groups:
            tally = tallies[(course.provider, course.occupation, group)]
            tally.enrolled += 1
            tally.completed += fact.status == "completed"
            tally.certificates += fact.certified
            if dropout_week is not None:
                tally.dropped_out += 1
                tally.weeks.append(dropout_week)
            if rate is not None:
                tally.rates.append(rate)
    ordered = sorted(
        tallies.items(), key=lambda item: (albanian_key(item[0][0]), item[0][1], _group_order(item[0][2]))
    )
    return [_row(key, tally, reference) for key, tally in ordered]


def _row(key: tuple[str, str, str], t: _Tally, reference: Reference) -> OutcomeRow:
    provider, occupation, group = key
    return OutcomeRow(
        provider=provider,
        occupation=occupation,
        occupation_title=reference.occupation_title(occupation),
        group=group,
        enrolled=t.enrolled,
        completed=t.completed,
        dropped_out=t.dropped_out,
        dropout_week=sum(t.weeks) / len(t.weeks) if t.weeks else None,
        certificates=t.certificates,
        attendance=sum(t.rates) / len(t.rates) if t.rates else None,
        attendance_people=len(t.rates),
    )


def _group_order(group: str) -> int:
    return -1 if group == ALL_GROUPS else _GROUP_CODES.index(group)


def _left_after_start(course: Course, fact: EnrolmentFact) -> date | None:
    """The day a person who withdrew on or after the first day left, else None."""
    if fact.status != "withdrawn":
        return None
    left = fact.ended_on or (fact.changed_at.date() if fact.changed_at else None)
    if left is None or left < course.start:
        return None
    return fact.last_present if fact.last_present and fact.last_present >= course.start else left


def _week(course: Course, day: date) -> int:
    return (day - course.start).days // 7 + 1
