"""Any course a person can type into the dialog or a file: validation explains what is wrong
(never raises), and saving either stores exactly what was checked or refuses with a plain
ValidationError and leaves the database as it was. The course dialog uses the same
domain.validation.course_problems, so these cases cover its checks too."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from coursehub.domain.errors import CourseHubError, Problem
from coursehub.domain.model import (
    Course,
    CourseStatus,
    Education,
    Eligibility,
    Gender,
    TargetGroup,
    Weekday,
    WeeklySession,
)
from coursehub.domain.reference import load_reference
from coursehub.domain.validation import course_problems
from coursehub.services.catalogue import CatalogueService
from tests.builders import a_course
from tests.reliability.fuzzing import database_state, fuzz

REFERENCE = load_reference()
DIALOG_FIELDS = {
    "provider",
    "code",
    "title",
    "venue",
    "trainer",
    "occupation",
    "municipality",
    "start",
    "end",
    "days",
    "time",
    "seats",
    "fee",
    "min_age",
    "max_age",
    "age",
}

text = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
long_text = st.one_of(text, st.sampled_from(["x" * 500, "ë" * 501, " " * 600 + "a"]))
times = st.times().map(lambda t: t.replace(second=0, microsecond=0))
sessions = st.builds(WeeklySession, st.sampled_from(list(Weekday)), times, times)
ages = st.one_of(st.none(), st.integers(-5, 130))
eligibility = st.builds(
    Eligibility,
    min_age=ages,
    max_age=ages,
    gender=st.sampled_from(list(Gender)),
    education=st.sampled_from(list(Education)),
    groups=st.frozensets(st.sampled_from(list(TargetGroup))),
)
occupations = st.one_of(st.sampled_from(["7531", "5120", "7411", "2512", "75", "0", ""]), text)
municipalities = st.one_of(
    st.sampled_from(sorted(REFERENCE.municipalities)),
    st.sampled_from(["Durres", "durrës", "Tirana", ""]),
    text,
)
random_courses = st.builds(
    Course,
    provider=st.sampled_from(["QFP Durrës", "Unknown NGO", " ", ""]),
    code=long_text,
    title=long_text,
    occupation=occupations,
    municipality=municipalities,
    start=st.dates(date(2020, 1, 1), date(2035, 12, 31)),
    end=st.dates(date(2020, 1, 1), date(2035, 12, 31)),
    sessions=st.lists(sessions, max_size=4).map(tuple),
    seats=st.integers(-3, 20_000),
    venue=long_text,
    trainer=text,
    fee=st.integers(-100, 10**9),
    status=st.sampled_from(list(CourseStatus)),
    eligibility=eligibility,
    notes=text,
)
VALID = a_course(code="V-1")
# A valid course with one or two fields typed wrong: what a person in the dialog produces.
near_valid = st.builds(
    lambda course, code, changes: replace(course, code=f"V-{code}", **changes),
    st.just(VALID),
    st.integers(0, 10**6),
    st.dictionaries(
        st.sampled_from(
            [
                "title",
                "occupation",
                "municipality",
                "seats",
                "fee",
                "venue",
                "start",
                "end",
                "sessions",
                "eligibility",
            ]
        ),
        st.just(None),
        max_size=2,
    ).flatmap(lambda keys: st.fixed_dictionaries({key: FIELD_VALUES[key] for key in keys})),
)

FIELD_VALUES = {
    "title": long_text,
    "occupation": occupations,
    "municipality": municipalities,
    "seats": st.integers(-3, 20_000),
    "fee": st.integers(-100, 10**9),
    "venue": long_text,
    "start": st.dates(date(2026, 1, 1), date(2028, 12, 31)),
    "end": st.dates(date(2026, 1, 1), date(2028, 12, 31)),
    "sessions": st.lists(sessions, max_size=3).map(tuple),
    "eligibility": eligibility,
}
courses = st.one_of(random_courses, st.deferred(lambda: near_valid))


@fuzz(ci=200, long=10_000)
@given(course=courses)
def test_validation_explains_every_problem_and_never_raises(course: Course):
    problems = course_problems(course, REFERENCE)
    assert all(isinstance(p, Problem) and p.message.strip() for p in problems)
    assert {p.field for p in problems} <= DIALOG_FIELDS  # the dialog can point at each one
    if not course.sessions:
        assert any(p.field == "days" for p in problems)
    if not 1 <= course.seats <= 10_000:
        assert any(p.field == "seats" for p in problems)


def test_saving_random_courses_stores_them_whole_or_changes_nothing(demo_store, db_path: Path):
    service = CatalogueService(demo_store, REFERENCE)
    tally = {"saved": 0, "refused": 0}

    @fuzz(ci=150, long=5_000)
    @given(course=courses)
    def check(course: Course) -> None:
        before = database_state(db_path)
        try:
            stored = service.save_course(course)
        except CourseHubError as refusal:
            assert refusal.message.strip()
            assert database_state(db_path) == before
            tally["refused"] += 1
            return
        assert not course_problems(course, REFERENCE)
        assert replace(stored, id=None, version=0, provider=course.provider) == replace(
            course,
            code=course.code.strip(),
            title=course.title.strip(),
            venue=course.venue.strip(),
            trainer=course.trainer.strip(),
            sessions=tuple(sorted(course.sessions)),
        )
        tally["saved"] += 1

    check()
    print(f"\nrandom courses saved: {tally['saved']}, refused: {tally['refused']}")
    assert tally["refused"] > 0


def test_a_known_good_course_is_saved(demo_store):
    service = CatalogueService(demo_store, REFERENCE)
    course = a_course(code="FUZZ-1")
    assert service.save_course(course).id is not None
