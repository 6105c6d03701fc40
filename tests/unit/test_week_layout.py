"""The week layout shared by the calendar screen and the printed calendar."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time, timedelta

from coursehub.domain.model import Course, Weekday, WeeklySession
from coursehub.scheduling.holidays import HolidayCalendar
from coursehub.scheduling.week import (
    FULL_WEEK,
    WORKING_DAYS,
    Block,
    hour_range,
    iso_monday,
    place_in_columns,
    plan_weeks,
)

MONDAY = date(2027, 3, 1)


def course(code: str, *days: Weekday, start: int = 9, end: int = 12, provider: str = "P") -> Course:
    return Course(
        provider=provider,
        code=code,
        title=f"Course {code}",
        occupation="7531",
        municipality="Durrës",
        start=MONDAY,
        end=MONDAY + timedelta(weeks=3),
        seats=10,
        sessions=tuple(WeeklySession(d, time(start), time(end)) for d in days),
    )


def plan(*courses: Course, weeks: int = 1):
    providers = sorted({c.provider for c in courses})
    return plan_weeks(courses, HolidayCalendar(language="en"), MONDAY, weeks, providers)


def test_a_week_without_sunday_sessions_shows_monday_to_saturday():
    week = plan(course("A", Weekday.MO, Weekday.SA))[0]
    assert week.days_shown == WORKING_DAYS
    assert week.days[0] == MONDAY and week.last_day == MONDAY + timedelta(days=5)
    assert {b.day.weekday() for b in week.blocks} == {Weekday.MO, Weekday.SA}


def test_a_week_with_a_sunday_session_shows_sunday_too():
    week = plan(course("A", Weekday.TU), course("B", Weekday.SU))[0]
    assert week.days_shown == FULL_WEEK
    assert week.last_day == MONDAY + timedelta(days=6)
    assert [b.course.code for b in week.blocks_on(week.last_day)] == ["B"]


def test_sunday_is_shown_only_in_the_weeks_a_course_meets_on_it():
    ended = replace(course("B", Weekday.SU), end=MONDAY + timedelta(days=6))
    weeks = plan(course("A", Weekday.MO), ended, weeks=2)
    assert [w.days_shown for w in weeks] == [FULL_WEEK, WORKING_DAYS]


def test_a_sunday_holiday_is_listed_only_when_sunday_is_shown():
    # 14 March 2027 (Summer Day) is a Sunday, observed on Monday 15 March.
    calendar = HolidayCalendar(language="en")
    weekday_only = plan_weeks([course("A", Weekday.MO)], calendar, iso_monday(2027, 10), 1, ["P"])[0]
    assert date(2027, 3, 14) not in weekday_only.holidays
    with_sunday = plan_weeks([course("A", Weekday.SU)], calendar, iso_monday(2027, 10), 1, ["P"])[0]
    assert date(2027, 3, 14) in with_sunday.holidays
    assert with_sunday.blocks[0].holiday  # the Sunday session falls on the holiday: not held


def test_courses_are_numbered_by_provider_then_title():
    week = plan(course("Z", Weekday.MO, provider="B"), course("Y", Weekday.TU, provider="A"))[0]
    assert [(c.code, c.provider) for c in week.courses] == [("Y", "A"), ("Z", "B")]
    assert {b.course.code: (b.number, b.provider_index) for b in week.blocks} == {"Y": (1, 0), "Z": (2, 1)}


def test_hours_span_at_least_eight_to_seventeen_and_widen_to_fit():
    assert hour_range(plan(course("A", Weekday.MO))) == (8, 17)
    assert hour_range(plan(course("A", Weekday.MO, start=7, end=18))) == (7, 18)


def test_overlapping_sessions_sit_side_by_side_and_touching_ones_do_not():
    c = course("A", Weekday.MO)

    def block(number: int, start: int, end: int) -> Block:
        return Block(number, c, MONDAY, time(start), time(end), 0)

    placed = {
        p.block.number: (p.column, p.columns)
        for p in place_in_columns([block(1, 9, 12), block(2, 10, 13), block(3, 11, 12), block(4, 13, 15)])
    }
    assert placed[1] == (0, 3) and placed[2] == (1, 3) and placed[3] == (2, 3)
    assert placed[4] == (0, 1)  # starts when the others end: its own full-width slot
