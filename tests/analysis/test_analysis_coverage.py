"""Coverage gaps: municipalities with no course open to a group, months with no start."""

from __future__ import annotations

from datetime import date

from coursehub.analysis.coverage import coverage_gaps, is_open_to
from coursehub.domain.findings import CoverageKind
from coursehub.domain.model import CourseStatus, Education, Eligibility, TargetGroup
from coursehub.domain.reference import load_reference

REF = load_reference()
G = TargetGroup


def test_municipalities_of_qarks_in_use_and_groups_left_out(course):
    courses = [
        course("OPEN", municipality="Durrës", start=date(2027, 1, 10), end=date(2027, 12, 20)),
        course(
            "SURV", municipality="Krujë", eligibility=Eligibility(groups=frozenset({G.TRAFFICKING_SURVIVOR}))
        ),
        course("GONE", municipality="Shijak", status=CourseStatus.CANCELLED),
    ]
    gaps = coverage_gaps(courses, REF, 2027)
    places = {g.municipality: g for g in gaps if g.kind is CoverageKind.MUNICIPALITY}
    assert set(places) == {"Krujë", "Shijak"}  # the Durrës qark only; Durrës is open to all
    assert places["Shijak"].no_course_at_all
    assert G.TRAFFICKING_SURVIVOR not in places["Krujë"].groups
    assert G.SCHOOL_DROPOUT in places["Krujë"].groups
    assert "Krujë" in places["Krujë"].message


def test_school_dropouts_cannot_join_courses_asking_for_nine_years(course):
    basic = course("B", eligibility=Eligibility(education=Education.BASIC))
    assert not is_open_to(basic, G.SCHOOL_DROPOUT)
    assert is_open_to(basic, G.JOBSEEKER)
    assert is_open_to(course("P", eligibility=Eligibility(education=Education.PRIMARY)), G.SCHOOL_DROPOUT)


def test_months_without_a_course_start(course):
    courses = [course("A", start=date(2027, m, 1), end=date(2027, m, 28)) for m in (1, 2, 3, 5)]
    courses.append(course("X", start=date(2027, 4, 1), end=date(2027, 4, 28), status=CourseStatus.CANCELLED))
    months = [g.month.month for g in coverage_gaps(courses, REF, 2027) if g.kind is CoverageKind.MONTH]
    assert months == [4, 6, 7, 8, 9, 10, 11, 12]
