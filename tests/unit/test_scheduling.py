from __future__ import annotations

from datetime import date, time

from coursehub.domain.model import Course, HolidayAdjustment, Weekday, WeeklySession
from coursehub.scheduling.holidays import HolidayCalendar
from coursehub.scheduling.recurrence import expand, held_sessions, holiday_sessions


def course(start: date, end: date, *days: Weekday) -> Course:
    return Course(
        provider="P",
        code="C",
        title="T",
        occupation="7531",
        municipality="Durrës",
        start=start,
        end=end,
        seats=10,
        sessions=tuple(WeeklySession(d, time(9), time(12)) for d in days),
    )


def test_weekly_sessions_expand_to_the_dates_written_out_by_hand():
    c = course(date(2027, 3, 1), date(2027, 3, 12), Weekday.MO, Weekday.TH)
    assert [s.day for s in expand(c)] == [
        date(2027, 3, 1),
        date(2027, 3, 4),
        date(2027, 3, 8),
        date(2027, 3, 11),
    ]


def test_last_day_is_included_and_range_can_be_clipped():
    c = course(date(2027, 3, 1), date(2027, 3, 15), Weekday.MO)
    assert [s.day for s in expand(c)][-1] == date(2027, 3, 15)
    assert [s.day for s in expand(c, start=date(2027, 3, 2), end=date(2027, 3, 14))] == [date(2027, 3, 8)]


def test_holidays_include_observed_monday():
    calendar = HolidayCalendar(language="en")
    # 14 March 2027 (Summer Day) is a Sunday: observed on Monday 15 March.
    assert calendar.is_holiday(date(2027, 3, 14))
    assert calendar.is_holiday(date(2027, 3, 15))
    assert not calendar.is_holiday(date(2027, 3, 16))


def test_sessions_on_holidays_are_not_held_and_reported():
    c = course(date(2027, 3, 8), date(2027, 3, 22), Weekday.MO)
    calendar = HolidayCalendar(language="en")
    assert [s.day for s in holiday_sessions(c, calendar)] == [date(2027, 3, 15), date(2027, 3, 22)]
    assert [s.day for s in held_sessions(c, calendar)] == [date(2027, 3, 8)]


def test_office_can_add_a_closure_and_move_an_estimated_holiday():
    estimated = date(2027, 3, 9)  # Bajram (estimate)
    calendar = HolidayCalendar(
        [
            HolidayAdjustment(estimated, "", closed=False),
            HolidayAdjustment(date(2027, 3, 10), "Bajrami i Madh (dekret)"),
        ],
        language="sq",
    )
    assert not calendar.is_holiday(estimated)
    assert calendar.name(date(2027, 3, 10)) == "Bajrami i Madh (dekret)"
    c = course(date(2027, 3, 8), date(2027, 3, 12), Weekday.TU, Weekday.WE)
    assert [s.day for s in held_sessions(c, calendar)] == [estimated]


def test_holiday_names_in_albanian():
    calendar = HolidayCalendar(language="sq")
    assert "Pavarësisë" in (calendar.name(date(2027, 11, 28)) or "")
