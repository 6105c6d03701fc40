"""Eligibility: each refusal in plain words, ages inclusive at the start, nearest courses."""

from __future__ import annotations

from datetime import date

from coursehub.analysis.eligibility import age_on, nearest_courses, refusals, search
from coursehub.domain.model import CourseStatus, Education, Eligibility, Gender, TargetGroup
from coursehub.domain.people import PersonProfile
from coursehub.i18n import set_language

START = date(2027, 3, 1)
TODAY = date(2027, 1, 15)


def person(born=date(2000, 6, 1), **extra):
    return PersonProfile(birth_date=born, **extra)


def test_an_open_course_refuses_nobody(course):
    assert refusals(course("A"), person(), TODAY) == []


def test_age_counted_at_the_start_limits_inclusive(course):
    c = course("A", start=START, eligibility=Eligibility(min_age=18, max_age=25))
    assert refusals(c, person(born=date(2009, 3, 1)), TODAY) == []  # 18 on the first day
    assert refusals(c, person(born=date(2009, 3, 2)), TODAY) == [
        "too young: at least 18 years old at the start"
    ]
    assert refusals(c, person(born=date(2001, 3, 2)), TODAY) == []  # still 25
    assert refusals(c, person(born=date(2001, 3, 1)), TODAY) == ["too old: at most 25 years old at the start"]
    assert age_on(date(2008, 2, 29), date(2027, 2, 28)) == 18


def test_each_refusal_explained(course):
    c = course(
        "A",
        eligibility=Eligibility(
            gender=Gender.FEMALE, education=Education.SECONDARY, groups=frozenset({TargetGroup.JOBSEEKER})
        ),
    )
    assert refusals(c, person(gender=Gender.MALE), TODAY, open_seats=0) == [
        "women only",
        "needs secondary education",
        "for registered jobseekers",
        "no open seats",
    ]
    assert refusals(
        c, person(gender=None, education=Education.HIGHER, groups=frozenset({TargetGroup.JOBSEEKER})), TODAY
    ) == ["women only"]
    fits = person(
        gender=Gender.FEMALE,
        education=Education.SECONDARY,
        groups=frozenset({TargetGroup.JOBSEEKER, TargetGroup.AT_RISK}),
    )
    assert refusals(c, fits, TODAY, open_seats=3) == []


def test_ended_and_cancelled_courses(course):
    ended = course("A", end=date(2027, 3, 31))
    assert refusals(ended, person(), date(2027, 3, 31)) == []
    assert refusals(ended, person(), date(2027, 4, 1)) == ["the course has ended"]
    assert refusals(course("B", status=CourseStatus.CANCELLED), person(), TODAY) == [
        "the course is cancelled"
    ]


def test_refusals_in_albanian(course):
    set_language("sq")
    c = course("A", eligibility=Eligibility(gender=Gender.FEMALE))
    (reason,) = refusals(c, person(gender=Gender.MALE), TODAY)
    assert reason.startswith("vetëm")


def test_search_lists_eligible_refused_and_leaves_out_ended_and_cancelled(course):
    courses = [
        course("OK", occupation="7531"),
        course("WOMEN", occupation="7531", eligibility=Eligibility(gender=Gender.FEMALE)),
        course("OLD", occupation="7531", start=date(2026, 1, 1), end=date(2026, 3, 1)),
        course("X", occupation="7531", status=CourseStatus.CANCELLED),
        course("COOK", occupation="5120"),
    ]
    result = search(courses, person(gender=Gender.MALE), TODAY, trade="7531")
    assert [c.code for c in result.eligible] == ["OK"]
    assert [(r.course.code, r.reasons) for r in result.refused] == [("WOMEN", ("women only",))]
    assert result.nearest == ()
    full = search(courses, person(gender=Gender.MALE), TODAY, trade="7531", open_seats={("P1", "OK"): 0})
    assert full.eligible == ()
    assert next((r.course.code, r.reasons) for r in full.refused) == ("OK", ("no open seats",))
    assert full.nearest == ()  # a cook course shares no ISCO digit with tailoring


def test_nearest_courses_ranked_by_shared_isco_digits_then_place_then_start(course):
    candidates = [
        course("COOK", occupation="5120", municipality="Durrës"),
        course("SAME-TRADE-ELSEWHERE", occupation="7531", municipality="Elbasan"),
        course("HATS", occupation="7532", municipality="Krujë"),
        course("WELD-HERE", occupation="7212", municipality="Durrës"),
        course("WELD-AWAY", occupation="7212", municipality="Krujë", start=date(2027, 2, 1)),
        course("FAR", occupation="2211", municipality="Vlorë"),
    ]
    ranked = [c.code for c in nearest_courses(candidates, "7531", "Durrës")]
    assert ranked == ["SAME-TRADE-ELSEWHERE", "HATS", "WELD-HERE", "WELD-AWAY", "COOK"]


def test_nearest_when_no_course_of_the_trade_fits(course):
    courses = [
        course("TAIL", occupation="7531", eligibility=Eligibility(gender=Gender.FEMALE)),
        course("HATS", occupation="7532"),
        course("COOK", occupation="5120"),
    ]
    result = search(courses, person(gender=Gender.MALE), TODAY, trade="7531")
    assert result.eligible == ()
    assert [c.code for c in result.nearest] == ["HATS"]
