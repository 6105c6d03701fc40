"""The analysis service on the demo catalogue, and acknowledgements kept in the database."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from coursehub.domain.errors import ConflictError, PermissionDenied, ValidationError
from coursehub.domain.findings import FindingKind
from coursehub.domain.model import Education, Gender, TargetGroup
from coursehub.domain.people import Actor, PersonProfile, Role
from coursehub.services.analysis import AnalysisService
from coursehub.services.catalogue import CatalogueService

OFFICE = Actor("anila", Role.OFFICE_STAFF)


@pytest.fixture
def analysis(demo_store):
    return AnalysisService(demo_store)


def of_kind(findings, kind):
    return [f for f in findings if f.kind is kind]


def codes(finding):
    return sorted(c.code for c in finding.courses)


def test_demo_duplicates(analysis):
    groups = [codes(f) for f in of_kind(analysis.overlaps(), FindingKind.DUPLICATE_OFFER)]
    assert ["QD-RQ-1", "QFPD-RQ-01", "URA-07"] in groups  # tailoring 7531 in Durrës
    assert ["QFPE-KZ-01", "ZVP-E-KZ"] in groups  # cooks 5120 in Elbasan
    # Cërrik's cook course is another municipality; Krujë's tailoring runs in autumn
    assert not any("ZVP-E-CRK" in g or "ZVP-D-RQK" in g for g in groups)
    assert all("HTR-OLD-1" not in g for g in groups)  # cancelled


def test_demo_venue_and_trainer_clashes(analysis):
    findings = analysis.overlaps()
    venue = {tuple(codes(f)): f for f in of_kind(findings, FindingKind.VENUE_CLASH)}
    kitchen = venue[("QFPD-KZ-02", "ZVP-D-KZ")]
    # Mon/Wed/Fri from 1 Feb to 30 Apr 2027, less the holidays 15, 22, 29 March
    assert kitchen.dates[0] == date(2027, 2, 1) and kitchen.dates[-1] == date(2027, 4, 30)
    assert len(kitchen.dates) == 39 - 3
    assert date(2027, 3, 15) not in kitchen.dates
    assert set(kitchen.times) == {"Mon 10:00–12:00", "Wed 10:00–12:00", "Fri 10:00–12:00"}
    trainers = {f.subject: codes(f) for f in of_kind(findings, FindingKind.TRAINER_CLASH)}
    assert trainers["Elda Meta"] == ["QD-RQ-1", "URA-07"]


def test_demo_holiday_sessions(analysis):
    holidays = {f.courses[0].code: f for f in of_kind(analysis.overlaps(), FindingKind.HOLIDAY)}
    assert date(2027, 5, 1) in holidays["BSH-01"].dates  # a Saturday course on 1 May
    assert "HTR-OLD-1" not in holidays


def test_acknowledged_finding_stays_quiet_until_a_course_changes(analysis, demo_store):
    finding = of_kind(analysis.overlaps(), FindingKind.VENUE_CLASH)[0]
    analysis.acknowledge(finding, "kitchen shared by agreement", OFFICE)
    assert finding.fingerprint not in {f.fingerprint for f in analysis.overlaps()}
    shown = {f.fingerprint: f for f in analysis.overlaps(include_acknowledged=True)}
    assert shown[finding.fingerprint].acknowledged.reason == "kitchen shared by agreement"
    assert shown[finding.fingerprint].acknowledged.actor == "anila"
    catalogue = CatalogueService(demo_store)
    course = catalogue.find_course(*finding.courses[0].key)
    catalogue.save_course(replace(course, seats=course.seats + 1))
    again = [
        f for f in analysis.overlaps() if f.kind is FindingKind.VENUE_CLASH and codes(f) == codes(finding)
    ]
    assert len(again) == 1 and again[0].fingerprint != finding.fingerprint


def test_acknowledging_needs_a_reason_the_right_role_and_a_current_finding(analysis, demo_store):
    finding = of_kind(analysis.overlaps(), FindingKind.TRAINER_CLASH)[0]
    with pytest.raises(ValidationError):
        analysis.acknowledge(finding, "  ", OFFICE)
    with pytest.raises(PermissionDenied):
        analysis.acknowledge(finding, "ok", Actor("v", Role.VIEWER))
    with pytest.raises(PermissionDenied):
        analysis.acknowledge(finding, "ok", Actor("n", Role.NGO_COORDINATOR, "Other NGO"))
    stale = replace(finding, courses=tuple(replace(c, version=c.version + 5) for c in finding.courses))
    with pytest.raises(ConflictError):
        analysis.acknowledge(stale, "ok", OFFICE)
    own = finding.courses[0].provider
    analysis.acknowledge(finding, "ok", Actor("n", Role.NGO_COORDINATOR, own))
    assert analysis.withdraw_acknowledgement(finding, OFFICE)
    assert finding.fingerprint in {f.fingerprint for f in analysis.overlaps()}


def test_trainee_clashes_come_from_the_enrolment_source(demo_store):
    pairs = [
        ("TR-1", ("QFP Durrës", "QFPD-KZ-02")),
        ("TR-1", ("QFP Durrës", "QFPD-EL-03")),
        ("TR-2", ("QFP Durrës", "QFPD-KZ-02")),
        ("TR-2", ("Zyra Vendore e Punësimit Durrës", "ZVP-D-KZ")),
    ]
    analysis = AnalysisService(demo_store, enrolment_source=lambda: pairs)
    clashes = of_kind(analysis.overlaps(), FindingKind.TRAINEE_CLASH)
    assert [(f.subject, codes(f)) for f in clashes] == [("TR-2", ["QFPD-KZ-02", "ZVP-D-KZ"])]


def test_demo_gaps_and_coverage(analysis):
    report = analysis.gaps(year=2027)
    rows = {(r.occupation, r.area): r for r in report.rows}
    cooks = rows[("5120", "Qark Durrës")]
    assert (cooks.demand, cooks.supply, cooks.gap) == (60, 18, 42)
    crafts = rows[("7", "Qark Elbasan")]  # every 7xxx course of the Elbasan qark
    assert {c.code for c in crafts.courses} >= {"QFPE-MK-02", "HTR-CRK-1", "QD-GR-1"}
    assert rows[("3512", "Elbasan")].supply == 0
    places = {g.municipality: g for g in report.coverage if g.municipality}
    assert places["Prrenjas"].no_course_at_all
    assert TargetGroup.SCHOOL_DROPOUT in places["Librazhd"].groups
    assert analysis.gaps(year=2030).rows == ()


def test_demo_eligibility(analysis):
    woman = PersonProfile(
        date(1999, 5, 1), Gender.FEMALE, Education.BASIC, frozenset({TargetGroup.TRAFFICKING_SURVIVOR})
    )
    result = analysis.eligible(woman, trade="7531", today=date(2027, 1, 10))
    assert {c.code for c in result.eligible} >= {"QFPD-RQ-01", "URA-07", "QD-RQ-1"}
    man = PersonProfile(date(1999, 5, 1), Gender.MALE)
    refused = analysis.eligible(man, trade="7531", today=date(2027, 1, 10), municipality="durres")
    assert ("URA-07", ("women only", "for at risk of trafficking or trafficking survivors")) in [
        (r.course.code, r.reasons) for r in refused.refused
    ]
    assert [c.code for c in refused.eligible] == ["QFPD-RQ-01"]


def test_coverage_defaults_to_the_catalogues_year(analysis):
    months = [g.month for g in analysis.coverage() if g.month]
    assert months and all(m.year == 2027 for m in months)
    empty_year = analysis.coverage(2031)  # nothing runs: no qark in use, no month with a start
    assert [g.month.month for g in empty_year] == list(range(1, 13))
