"""Golden tests of the attendance rules at their edges (docs/enrolment.md, "Attendance"):
the rate with excused absences left out, exactly 80%, holidays that are no session, and
the dropout run."""

from __future__ import annotations

from datetime import date, time

import pytest

from coursehub.domain.attendance import (
    AttendanceRate,
    Mark,
    absences_in_a_row,
    attendance_rate,
    is_at_risk,
)
from coursehub.domain.model import HolidayAdjustment, Weekday, WeeklySession
from coursehub.scheduling.holidays import HolidayCalendar
from coursehub.scheduling.recurrence import expand, held_days, register_days
from tests.builders import a_course

P, A, E = Mark.PRESENT, Mark.ABSENT, Mark.EXCUSED


def _days(n: int) -> list[date]:
    return [date(2027, 3, d) for d in range(1, n + 1)]


def _marks(letters: str) -> dict[date, Mark]:
    by_letter = {"P": P, "A": A, "E": E}
    return {day: by_letter[c] for day, c in zip(_days(len(letters)), letters, strict=True) if c != "."}


@pytest.mark.parametrize(
    ("letters", "present", "absent", "excused", "percent"),
    [
        ("PPPPPPPPAA", 8, 2, 0, 80.0),  # exactly 80%
        ("PPPPPPPPAAE", 8, 2, 1, 80.0),  # an excused absence leaves the rate alone
        ("PPPPEEEE", 4, 0, 4, 100.0),
        ("EEE", 0, 0, 3, None),  # only excused: no rate
        ("P.A.", 1, 1, 0, 50.0),  # unmarked sessions are not counted
        ("", 0, 0, 0, None),
    ],
)
def test_rate_over_marked_held_sessions(letters, present, absent, excused, percent):
    rate = attendance_rate(_marks(letters), _days(len(letters)))
    assert (rate.present, rate.absent, rate.excused) == (present, absent, excused)
    assert rate.percent == percent


@pytest.mark.parametrize(
    ("present", "absent", "threshold", "meets"),
    [
        (8, 2, 80, True),  # exactly at the threshold meets it
        (79, 21, 80, False),  # 79% does not
        (4, 1, 80, True),
        (7, 2, 80, False),  # 77.8%
        (2, 1, 67, False),  # 66.67% < 67: no rounding up
        (2, 1, 66, True),
        (0, 0, 0, False),  # nothing marked never meets a threshold
        (0, 5, 0, True),
        (5, 0, 100, True),
    ],
)
def test_threshold_is_met_exactly_without_rounding(present, absent, threshold, meets):
    assert AttendanceRate(present, absent, 0).meets(threshold) is meets


def test_marks_on_days_that_are_no_session_are_ignored():
    marks = {date(2027, 3, 1): P, date(2027, 3, 2): A}
    assert attendance_rate(marks, [date(2027, 3, 1)]) == AttendanceRate(1, 0, 0)


@pytest.mark.parametrize(
    ("letters", "run", "at_risk"),
    [
        ("PPPAAA", 3, True),
        ("PPAAAP", 0, False),  # came back: no longer at risk
        ("PAAEA", 3, True),  # an excused session neither breaks nor extends the run
        ("PAA.A", 3, True),  # nor does an unmarked one
        ("PPAA", 2, False),
        ("AAAAA", 5, True),
        ("", 0, False),
    ],
)
def test_dropout_run_counts_the_latest_absences(letters, run, at_risk):
    marks, held = _marks(letters), _days(len(letters))
    assert absences_in_a_row(marks, held) == run
    assert is_at_risk(marks, held, 3) is at_risk


def test_dropout_setting_changes_the_run_needed():
    marks, held = _marks("PAA"), _days(3)
    assert not is_at_risk(marks, held, 3)
    assert is_at_risk(marks, held, 2)


def test_mark_words_in_both_languages():
    assert [Mark.parse(w) for w in ("P", "a", " E ", "M", "j", "mungon", "excused", "?", "")] == [
        P,
        A,
        E,
        A,
        E,
        A,
        E,
        None,
        None,
    ]


def test_held_days_leave_out_holidays_as_the_register_shades_them():
    # Mondays in June 2027, with 14 June made a day off by the office
    course = a_course(
        start=date(2027, 6, 7),
        end=date(2027, 6, 28),
        sessions=(
            WeeklySession(Weekday.MO, time(9), time(12)),
            WeeklySession(Weekday.MO, time(13), time(15)),  # two sessions, one register column
        ),
    )
    calendar = HolidayCalendar([HolidayAdjustment(date(2027, 6, 14), "Dita e qytetit", True)])
    register = register_days(expand(course, calendar))
    assert [s.day.day for s in register] == [7, 14, 21, 28]
    assert [s.day.day for s in register if s.holiday] == [14]
    assert [d.day for d in held_days(course, calendar)] == [7, 21, 28]
    # three held sessions: 2 present and 1 absent is 66.7%; the holiday's absence never counts
    marks = {date(2027, 6, 7): P, date(2027, 6, 14): A, date(2027, 6, 21): P, date(2027, 6, 28): A}
    rate = attendance_rate(marks, held_days(course, calendar))
    assert (rate.present, rate.absent, rate.meets(66), rate.meets(67)) == (2, 1, True, False)
