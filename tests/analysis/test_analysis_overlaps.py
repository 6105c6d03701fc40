"""The overlap rules of docs/analysis.md, pinned on small hand-made catalogues."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from coursehub.analysis.overlaps import (
    clash_dates,
    duplicate_offers,
    find_overlaps,
    holiday_findings,
    possible_duplicates,
    trainee_clashes,
    trainer_clashes,
    venue_clashes,
)
from coursehub.domain.findings import FindingKind
from coursehub.domain.model import CourseStatus, HolidayAdjustment
from coursehub.scheduling.holidays import HolidayCalendar
from tests.analysis.analysis_catalogue import session

CAL = HolidayCalendar()
D = date


def keys(finding):
    return [c.code for c in finding.courses]


# Duplicate offers -------------------------------------------------------------------
def test_duplicate_needs_different_providers_same_unit_group_place_and_time(course):
    a = course("A", provider="P1")
    b = course("B", provider="P2", start=D(2027, 3, 20), end=D(2027, 5, 1))
    same_provider = course("C", provider="P1")
    (found,) = duplicate_offers([a, b, same_provider])
    # C is a duplicate of B (another provider), so the group has all three
    assert sorted(keys(found)) == ["A", "B", "C"]
    assert found.dates == (D(2027, 3, 20), D(2027, 3, 31))  # when duplicates run together
    assert "Durrës" in found.message and "7531" in found.message


def test_one_provider_alone_is_no_duplicate(course):
    assert duplicate_offers([course("A"), course("B")]) == []


def test_touching_date_ranges_do_not_intersect_but_a_shared_day_does(course):
    a = course("A", provider="P1", end=D(2027, 3, 31))
    touching = course("B", provider="P2", start=D(2027, 4, 1), end=D(2027, 4, 30))
    assert duplicate_offers([a, touching]) == []
    sharing_a_day = course("B", provider="P2", start=D(2027, 3, 31), end=D(2027, 4, 30))
    (found,) = duplicate_offers([a, sharing_a_day])
    assert found.dates == (D(2027, 3, 31), D(2027, 3, 31))


def test_duplicates_are_connected_groups(course):
    # A meets B, B meets C, A and C never meet: one group of three
    a = course("A", provider="P1", start=D(2027, 1, 1), end=D(2027, 2, 28))
    b = course("B", provider="P2", start=D(2027, 2, 15), end=D(2027, 4, 15))
    c = course("C", provider="P3", start=D(2027, 4, 1), end=D(2027, 5, 31))
    far = course("D", provider="P4", start=D(2027, 9, 1), end=D(2027, 9, 30))
    far_too = course("E", provider="P5", start=D(2027, 9, 10), end=D(2027, 10, 30))
    found = duplicate_offers([c, far, a, far_too, b])
    assert sorted(sorted(keys(f)) for f in found) == [["A", "B", "C"], ["D", "E"]]


def test_duplicates_need_same_municipality_and_exact_short_codes(course):
    assert duplicate_offers([course("A"), course("B", provider="P2", municipality="Shijak")]) == []
    assert (
        duplicate_offers([course("A", occupation="751"), course("B", provider="P2", occupation="7512")]) == []
    )
    assert (
        len(duplicate_offers([course("A", occupation="751"), course("B", provider="P2", occupation="751")]))
        == 1
    )


def test_cancelled_course_takes_part_in_nothing(course):
    a = course("A", provider="P1", venue="Salla 1", trainer="Ana")
    b = course("B", provider="P2", venue="Salla 1", trainer="Ana", status=CourseStatus.CANCELLED)
    # only A's own session on a holiday (9 March) is reported, B takes part in nothing
    assert [(f.kind, keys(f)) for f in find_overlaps([a, b], CAL)] == [(FindingKind.HOLIDAY, ["A"])]
    assert clash_dates(a, b, CAL) == []


# Possible duplicates ------------------------------------------------------------------
def test_possible_duplicate_different_isco_similar_title_same_place_and_time(course):
    a = course("A", provider="P1", occupation="7531", title="Rrobaqepësi për gra")
    b = course("B", provider="P2", occupation="7533", title="Rrobaqepës industrial")
    other_trade = course("C", provider="P3", occupation="7411", title="Elektricist")
    (found,) = possible_duplicates([a, b, other_trade])
    assert found.kind is FindingKind.POSSIBLE_DUPLICATE
    assert sorted(keys(found)) == ["A", "B"] and "tailoring" in found.message
    elsewhere = replace(b, municipality="Shijak")
    assert possible_duplicates([a, elsewhere]) == []


# Venue and trainer clashes -----------------------------------------------------------
def test_venue_clash_every_held_date_once_per_pair(course):
    # March 2027 Tuesdays: 2, 9 (Eid al-Fitr, estimated: not held), 16, 23, 30
    a = course("A", venue="QFP Durrës, Kuzhina", sessions=(session("TU", "08:00", "12:00"),))
    b = course(
        "B",
        provider="P2",
        venue="qfp durres - KUZHINA",
        sessions=(session("TU", "10:00", "13:00"), session("TH", "10:00", "13:00")),
    )
    (found,) = venue_clashes([a, b], CAL)
    assert found.dates == (D(2027, 3, 2), D(2027, 3, 16), D(2027, 3, 23), D(2027, 3, 30))
    assert found.times == ("Tue 10:00–12:00",)
    assert found.subject == "QFP Durrës, Kuzhina"


def test_sessions_meeting_end_to_start_do_not_clash(course):
    a = course("A", venue="Salla 1", sessions=(session("TU", "08:00", "12:00"),))
    b = course("B", venue="Salla 1", sessions=(session("TU", "12:00", "14:00"),))
    other_day = course("C", venue="Salla 1", sessions=(session("WE", "09:00", "11:00"),))
    assert venue_clashes([a, b, other_day], CAL) == []


def test_clash_only_on_dates_both_run(course):
    a = course("A", trainer="Elda Meta", start=D(2027, 3, 1), end=D(2027, 3, 16))
    b = course("B", trainer="ELDA META", start=D(2027, 3, 16), end=D(2027, 4, 30))
    (found,) = trainer_clashes([a, b], CAL)
    assert found.kind is FindingKind.TRAINER_CLASH and found.dates == (D(2027, 3, 16),)
    assert "Elda Meta" in found.message


def test_no_clash_without_a_shared_venue_or_trainer(course):
    assert venue_clashes([course("A"), course("B")], CAL) == []
    assert trainer_clashes([course("A", trainer="X"), course("B", trainer="Y")], CAL) == []


def test_a_clash_only_on_holidays_is_no_clash(course):
    # Both only meet on Tuesday 9 March 2027, Eid al-Fitr: not held, so no clash
    a = course("A", venue="Salla", start=D(2027, 3, 8), end=D(2027, 3, 10))
    b = course("B", venue="Salla", start=D(2027, 3, 9), end=D(2027, 3, 9))
    assert venue_clashes([a, b], CAL) == []
    assert clash_dates(a, b, CAL) == []


def test_clash_dates_follow_the_offices_corrections(course):
    a = course("A", start=D(2027, 3, 1), end=D(2027, 3, 10))
    b = course("B", start=D(2027, 3, 1), end=D(2027, 3, 10))
    assert clash_dates(a, b, CAL) == [D(2027, 3, 2)]
    # The office says the estimated Eid is a working day, and closes 2 March instead
    corrected = HolidayCalendar(
        [
            HolidayAdjustment(D(2027, 3, 9), "Eid (moved)", closed=False),
            HolidayAdjustment(D(2027, 3, 2), "Decree", closed=True),
        ]
    )
    assert clash_dates(a, b, corrected) == [D(2027, 3, 9)]


def test_trainee_clashes_by_pseudonym(course):
    a = course("A", start=D(2027, 3, 1), end=D(2027, 3, 20))
    b = course("B", provider="P2", start=D(2027, 3, 10), end=D(2027, 4, 30))
    c = course("C", provider="P3", sessions=(session("FR", "09:00", "12:00"),))
    enrolments = [("TR-7K2", a.key), ("TR-7K2", b.key), ("TR-7K2", c.key), ("TR-9Q", a.key)]
    (found,) = trainee_clashes([a, b, c], enrolments, CAL)
    assert found.kind is FindingKind.TRAINEE_CLASH and sorted(keys(found)) == ["A", "B"]
    assert found.dates == (D(2027, 3, 16),) and "TR-7K2" in found.message


# Holidays -----------------------------------------------------------------------------
def test_holiday_on_a_weekend_and_its_observed_monday(course):
    # Summer Day is Sunday 14 March 2027, observed Monday 15 March
    sunday = course("S", sessions=(session("SU", "09:00", "12:00"),))
    monday = course("M", sessions=(session("MO", "09:00", "12:00"),))
    found = {f.courses[0].code: f for f in holiday_findings([sunday, monday], CAL)}
    assert found["S"].dates == (D(2027, 3, 14), D(2027, 3, 28))  # and Catholic Easter
    assert found["M"].dates == (D(2027, 3, 15), D(2027, 3, 22), D(2027, 3, 29))
    assert "Summer Day (observed)" in found["M"].message
    assert found["M"].times[0] == "15.03.2027 09:00–12:00"


def test_holiday_adjustments_add_and_remove_days(course):
    tuesday = course("T", start=D(2027, 3, 1), end=D(2027, 3, 10))
    assert holiday_findings([tuesday], CAL)[0].dates == (D(2027, 3, 9),)
    corrected = HolidayCalendar(
        [
            HolidayAdjustment(D(2027, 3, 9), "Eid", closed=False),
            HolidayAdjustment(D(2027, 3, 2), "Decree", closed=True),
        ]
    )
    (found,) = holiday_findings([tuesday], corrected)
    assert found.dates == (D(2027, 3, 2),) and "Decree" in found.message


def test_cancelled_course_gets_no_holiday_notice(course):
    assert holiday_findings([course("T", status=CourseStatus.CANCELLED)], CAL) == []


# Fingerprints -------------------------------------------------------------------------
def test_fingerprint_is_stable_and_changes_with_a_course_version(course):
    a = course("A", venue="Salla", version=1)
    b = course("B", venue="Salla", version=1)
    first = venue_clashes([a, b], CAL)[0].fingerprint
    assert venue_clashes([b, a], CAL)[0].fingerprint == first
    assert venue_clashes([a, replace(b, version=2)], CAL)[0].fingerprint != first


def test_findings_sorted_by_kind(course):
    a = course("A", venue="Salla", trainer="Ana")
    b = course("B", provider="P2", venue="Salla", trainer="Ana")
    kinds = [f.kind for f in find_overlaps([a, b], CAL)]
    assert kinds == [
        FindingKind.DUPLICATE_OFFER,
        FindingKind.VENUE_CLASH,
        FindingKind.TRAINER_CLASH,
        FindingKind.HOLIDAY,
        FindingKind.HOLIDAY,
    ]


def test_the_message_is_written_in_the_language_in_use_when_read(course):
    from coursehub.i18n import set_language

    a = course("A", venue="Salla", trainer="Ana")
    b = course("B", provider="P2", venue="Salla", trainer="Ana")
    findings = find_overlaps([a, b], CAL)
    assert findings[0].message.startswith("2 courses of the same occupation")
    set_language("sq")
    assert findings[0].message.startswith("2 kurse të të njëjtit profesion")
    assert findings[1].kind.label == "Përplasje mjedisi"
