"""RepeatedCourseChecks (the import's remembering checker) gives exactly course_problems."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time

from hypothesis import given, settings
from hypothesis import strategies as st

from coursehub.domain.model import Eligibility, Weekday, WeeklySession
from coursehub.domain.reference import load_reference
from coursehub.domain.validation import RepeatedCourseChecks, course_problems
from tests.builders import a_course

REFERENCE = load_reference()
BASE = a_course(
    code="RQ-1",
    title="Rrobaqepësi",
    occupation="7531",
    start=date(2027, 2, 1),
    end=date(2027, 5, 28),
    seats=16,
)
MORNING = (WeeklySession(Weekday.MO, time(9), time(12)),)
BACKWARDS = (WeeklySession(Weekday.TU, time(12), time(9)),)
CLASHING = (WeeklySession(Weekday.MO, time(9), time(12)), WeeklySession(Weekday.MO, time(11), time(13)))
TEXTS = st.sampled_from(["", " ", "Rrobaqepësi", "Salla 1", "x" * 201, "Ana\u202eB", "tab\there", "Ëlbasan"])
changes = st.fixed_dictionaries(
    {},
    optional={
        "provider": TEXTS,
        "code": TEXTS,
        "title": TEXTS,
        "venue": TEXTS,
        "trainer": TEXTS,
        "notes": st.sampled_from(["", "line\nbreak", "n" * 2001]),
        "occupation": st.sampled_from(["7531", "7777", "75", ""]),
        "municipality": st.sampled_from(["Durrës", "Atlantis"]),
        "start": st.sampled_from([date(2027, 2, 1), date(1850, 1, 1), date(2027, 2, 29 - 1)]),
        "end": st.sampled_from([date(2027, 1, 1), date(2027, 5, 28), date(2040, 1, 1), date(2101, 1, 1)]),
        "sessions": st.sampled_from([MORNING, BACKWARDS, CLASHING, ()]),
        "seats": st.sampled_from([0, 1, 16, 10_001, 10**30]),
        "fee": st.sampled_from([-1, 0, 5000, 10**8]),
        "eligibility": st.sampled_from(
            [Eligibility(), Eligibility(16, 35), Eligibility(40, 20), Eligibility(-1, 130)]
        ),
    },
)


@settings(max_examples=300, deadline=None)
@given(st.lists(changes, min_size=1, max_size=6))
def test_the_remembering_checker_reports_exactly_what_course_problems_reports(batches):
    checks = RepeatedCourseChecks(REFERENCE)
    for _ in range(2):  # the second round answers from memory
        for change in batches:
            course = replace(BASE, **change)
            assert checks.problems(course) == course_problems(course, REFERENCE)


def test_a_remembered_answer_is_not_changed_by_the_caller():
    checks = RepeatedCourseChecks(REFERENCE)
    bad = replace(BASE, title="x" * 201, end=date(2027, 1, 1))
    first = checks.problems(bad)
    first.clear()
    assert checks.problems(bad) == course_problems(bad, REFERENCE) != []
