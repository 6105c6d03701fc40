from __future__ import annotations

from datetime import date, time

import pytest

from coursehub.domain.model import (
    Area,
    AreaKind,
    Course,
    CourseStatus,
    Eligibility,
    Need,
    Period,
    Provider,
    ProviderKind,
    Weekday,
    WeeklySession,
)
from coursehub.domain.reference import load_reference
from coursehub.domain.text import fold, fold_compact
from coursehub.domain.validation import course_problems, need_problems, provider_problems
from tests.builders import a_course


def make_course(**changes) -> Course:
    tailoring = {
        "code": "RQ-1",
        "title": "Rrobaqepësi",
        "occupation": "7531",
        "start": date(2027, 2, 1),
        "end": date(2027, 5, 28),
        "seats": 16,
    }
    return a_course(**tailoring | changes)


def test_fold_ignores_case_accents_and_punctuation():
    assert fold("DATA E FILLIMIT:") == fold("data e fillimit") == "data e fillimit"
    assert fold("Rrobaqepësi") == "rrobaqepesi"
    assert fold_compact("Fushë-Krujë") == fold_compact("fushe kruje") == "fushekruje"


def test_sessions_that_touch_do_not_overlap():
    morning = WeeklySession(Weekday.MO, time(9), time(12))
    assert not morning.overlaps(WeeklySession(Weekday.MO, time(12), time(14)))
    assert morning.overlaps(WeeklySession(Weekday.MO, time(11, 59), time(14)))
    assert not morning.overlaps(WeeklySession(Weekday.TU, time(9), time(12)))


def test_valid_course_has_no_problems():
    assert course_problems(make_course(), load_reference()) == []


def test_every_problem_is_reported_at_once_with_field_and_value():
    bad = make_course(
        occupation="7777",
        municipality="Atlantis",
        end=date(2027, 1, 1),
        seats=0,
        sessions=(WeeklySession(Weekday.MO, time(12), time(9)),),
    )
    problems = {p.field: p for p in course_problems(bad, load_reference())}
    assert set(problems) == {"occupation", "municipality", "end", "time", "seats"}
    assert problems["occupation"].value == "7777"
    assert "ISCO" in problems["occupation"].message
    assert problems["municipality"].value == "Atlantis"


def test_overlapping_weekly_sessions_are_refused():
    course = make_course(
        sessions=(WeeklySession(Weekday.MO, time(9), time(12)), WeeklySession(Weekday.MO, time(11), time(13)))
    )
    assert [p.field for p in course_problems(course, load_reference())] == ["days"]


def test_age_range_must_be_ordered():
    course = make_course(eligibility=Eligibility(min_age=40, max_age=18))
    assert [p.field for p in course_problems(course, load_reference())] == ["age"]


def test_non_public_provider_needs_a_licence_number():
    assert provider_problems(Provider("QFP Durrës", ProviderKind.PUBLIC_QFP)) == []
    problems = provider_problems(Provider("Shoqata X", ProviderKind.NGO))
    assert [p.field for p in problems] == ["licence_number"]
    assert provider_problems(Provider("Shoqata X", ProviderKind.NGO, licence_number="A-1")) == []


@pytest.mark.parametrize(
    ("quarter", "start", "end"),
    [
        (1, date(2027, 1, 1), date(2027, 3, 31)),
        (2, date(2027, 4, 1), date(2027, 6, 30)),
        (4, date(2027, 10, 1), date(2027, 12, 31)),
    ],
)
def test_quarters(quarter, start, end):
    period = Period.quarter(2027, quarter)
    assert (period.start, period.end, period.label) == (start, end, f"2027-Q{quarter}")


def test_period_intersection_is_inclusive_and_touching_counts():
    q2 = Period.quarter(2027, 2)
    assert q2.intersects(date(2027, 6, 30), date(2027, 8, 1))
    assert not q2.intersects(date(2027, 7, 1), date(2027, 8, 1))


def test_need_validation_knows_qarks_and_municipalities():
    reference = load_reference()
    good = Need("72", Area(AreaKind.QARK, "Durrës"), Period.year(2027), 40)
    assert need_problems(good, reference) == []
    bad = Need("72", Area(AreaKind.QARK, "Krujë"), Period.year(2027), -1)
    assert {p.field for p in need_problems(bad, reference)} == {"area", "demand"}


def test_cancelled_courses_are_not_live():
    assert make_course().is_live
    assert make_course(status=CourseStatus.PLANNED).is_live
    assert not make_course(status=CourseStatus.CANCELLED).is_live
