"""Outcomes per provider and occupation for the Committee report: who counts as enrolled and
as dropped out (at the course's first day), the mean week of leaving, by target group, and
the small-number suppression on paper."""

from __future__ import annotations

import io
from datetime import date, datetime, time

import pytest
from pypdf import PdfReader

from coursehub.analysis.outcomes import outcome_rows
from coursehub.domain.model import Course, Weekday, WeeklySession
from coursehub.domain.outcomes import EnrolmentFact, OutcomeRow
from coursehub.domain.reference import load_reference

START = date(2027, 3, 1)


def _course(
    course_id: int, provider: str = "Qendra", occupation: str = "7531", start: date = START
) -> Course:
    return Course(
        provider=provider,
        code=f"C{course_id}",
        title="Rrobaqepësi",
        occupation=occupation,
        municipality="Durrës",
        start=start,
        end=date(start.year, 6, 30),
        sessions=(WeeklySession(Weekday.MO, time(9), time(12)),),
        seats=30,
        id=course_id,
    )


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 10)


def test_enrolled_dropped_out_and_the_week_of_leaving():
    facts = [
        EnrolmentFact(1, "completed", _at(date(2027, 6, 30)), "jobseeker", True),
        EnrolmentFact(1, "completed", _at(date(2027, 6, 30)), "roma_egyptian,jobseeker", False),
        EnrolmentFact(1, "enrolled", _at(date(2027, 2, 1)), "", False),
        EnrolmentFact(1, "withdrawn", _at(date(2027, 2, 28)), "jobseeker", False),  # before the start
        EnrolmentFact(1, "withdrawn", _at(START), "", False),  # the first day: week 1
        EnrolmentFact(1, "withdrawn", _at(date(2027, 3, 8)), "roma_egyptian", False),  # day 8: week 2
        EnrolmentFact(1, "waiting", _at(date(2027, 2, 1)), "", False),
        EnrolmentFact(1, "applied", _at(date(2027, 2, 1)), "", False),
    ]
    rows = outcome_rows([_course(1)], facts, load_reference())
    whole, jobseekers, roma = rows
    assert (whole.group, whole.enrolled, whole.completed, whole.dropped_out, whole.certificates) == (
        "",
        5,
        2,
        2,
        1,
    )
    assert whole.dropout_week == 1.5 and whole.attendance is None
    assert (jobseekers.group, jobseekers.enrolled, jobseekers.completed, jobseekers.dropped_out) == (
        "jobseeker",
        2,
        2,
        0,
    )
    assert jobseekers.dropout_week is None
    assert (roma.group, roma.enrolled, roma.dropped_out, roma.dropout_week) == ("roma_egyptian", 2, 1, 2.0)


def test_rows_per_provider_and_occupation_and_year():
    courses = [
        _course(1),
        _course(2, occupation="5120"),
        _course(3, provider="Ura"),
        _course(4, start=date(2028, 3, 6)),
    ]
    facts = [EnrolmentFact(n, "enrolled", None, "", False) for n in (1, 2, 3, 4)]
    rows = outcome_rows(courses, facts, load_reference(), year=2027)
    assert [(r.provider, r.occupation) for r in rows] == [
        ("Qendra", "5120"),
        ("Qendra", "7531"),
        ("Ura", "7531"),
    ]


def test_attendance_sets_the_week_of_leaving_and_the_mean_rate():
    late_record = _at(date(2027, 5, 20))  # the outcome recorded weeks after the person left
    facts = [
        # came until 15.3 (week 3), recorded as dropped out on 20.5: week 3, not week 12
        EnrolmentFact(
            1, "withdrawn", late_record, "", False, "dropped_out", date(2027, 5, 20), 2, 4, date(2027, 3, 15)
        ),
        # left because they found work: did not complete, but did not drop out
        EnrolmentFact(
            1, "withdrawn", late_record, "", False, "found_work", date(2027, 4, 1), 5, 0, date(2027, 3, 29)
        ),
        EnrolmentFact(
            1, "completed", _at(date(2027, 6, 30)), "", True, None, date(2027, 6, 30), 9, 1, date(2027, 6, 28)
        ),
        EnrolmentFact(1, "completed", _at(date(2027, 6, 30)), "", True),  # no marks: not in the mean
    ]
    (row,) = outcome_rows([_course(1)], facts, load_reference())
    assert (row.enrolled, row.completed, row.dropped_out, row.dropout_week) == (4, 2, 1, 3.0)
    assert row.attendance_people == 3
    assert row.attendance == pytest.approx((2 / 6 + 5 / 5 + 9 / 10) / 3)


def test_the_report_suppresses_small_counts_and_means_over_few_people():
    from coursehub.printing.committee_report import ReportData, committee_report
    from coursehub.printing.document import Imprint

    rows = (
        OutcomeRow("Qendra", "7531", "Tailors", "", 12, 7, 5, 3.4, 6, 0.875, 10),
        OutcomeRow("Qendra", "7531", "Tailors", "trafficking_survivor", 3, 2, 1, 2.0, 2, 0.5, 3),
    )
    data = ReportData(year=2027, gaps=(), shares=(), findings=(), outcomes=rows)
    pdf = committee_report(data, Imprint("office", datetime(2027, 7, 1), invariant=True))
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.data)).pages).split())
    assert "Outcomes by provider and occupation" in text
    assert "12 7 5 3.4 6 88%" in text  # five or more: shown, with the means
    assert "trafficking survivors <5 <5 <5 — <5 —" in text  # fewer than five: "<5", no means
