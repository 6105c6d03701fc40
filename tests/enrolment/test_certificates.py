"""Certificates of completion: who may print them, numbers, duplicates, hours, verification,
revocation, the register and the audit log; the PDF read back with pypdf."""

from __future__ import annotations

import io
import re
from datetime import date, datetime

import pytest
from pypdf import PdfReader

from coursehub.domain.certificates import certificate_number, normalised_code
from coursehub.domain.errors import ConflictError, NotFound, PermissionDenied, ValidationError
from coursehub.domain.people import Actor, Role
from coursehub.domain.trainees import PSEUDONYM_PATTERN
from coursehub.services.printing import PrintService
from tests.enrolment.conftest import NGO_A, NGO_B, OFFICE

AFTER_THE_COURSE = datetime(2027, 6, 1, 10, 0)
CODE_SHAPE = re.compile(r"^[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}$")


def _completed(world, actor, course, name: str, **register) -> object:
    trainee = world.register(actor, name, **register)
    world.people.enrolment.enrol(actor, trainee.id, course.id)
    moment = world.clock.moment
    world.clock.moment = AFTER_THE_COURSE
    world.people.enrolment.complete(actor, trainee.id, course.id)
    world.clock.moment = moment
    return trainee


@pytest.fixture
def course(world):
    return world.course(NGO_A, "RQ-1")


def _issue(world, actor, course, *pseudonyms):
    world.clock.moment = AFTER_THE_COURSE
    return world.people.certificates.issue(actor, course.id, list(pseudonyms))


def _provider_id(world, name: str) -> int:
    return next(p.id for p in world.catalogue.providers() if p.name == name)


def _pdf_text(data: bytes) -> list[str]:
    """Each page's text with line breaks and runs of spaces as one space (names may wrap)."""
    return [" ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(data)).pages]


def test_hours_count_the_held_mondays_only(world, course):
    # 13 Mondays from 1.3 to 24.5.2027; five are public holidays (15.3 Summer Day, 22.3 Nevruz,
    # 29.3 Catholic Easter observed, 3.5 Workers' Day observed, 17.5 Kurban Bajram): 8 x 3 h.
    trainee = _completed(world, world.office, course, "Arta Hoxha")
    batch = _issue(world, world.office, course, trainee.pseudonym)
    assert batch.pages[0].hours == 24


def test_a_closure_day_of_the_office_is_not_counted(world, course):
    from coursehub.domain.model import HolidayAdjustment

    closed = HolidayAdjustment(date(2027, 4, 5), "Mbyllur", closed=True)
    world.catalogue.save_holiday_adjustment(closed, world.office)
    trainee = _completed(world, world.office, course, "Arta Hoxha")
    assert _issue(world, world.office, course, trainee.pseudonym).pages[0].hours == 21


def test_numbers_run_per_provider_and_year_and_codes_are_random(world, course):
    first = _completed(world, world.office, course, "Arta Hoxha")
    second = _completed(world, world.office, course, "Besa Kola", born=date(1990, 1, 2))
    other = world.course(NGO_B, "RQ-B")
    third = _completed(world, world.office, other, "Dita Marku", born=date(1991, 1, 2))
    pages = _issue(world, world.office, course).pages
    provider_a = _provider_id(world, NGO_A)
    assert [p.number for p in pages] == [certificate_number(provider_a, 2027, n) for n in (1, 2)]
    assert {p.full_name for p in pages} == {"Arta Hoxha", "Besa Kola"}
    provider_b = _provider_id(world, NGO_B)
    assert _issue(world, world.office, other, third.pseudonym).pages[0].number == certificate_number(
        provider_b, 2027, 1
    )
    codes = [p.verification_code for p in pages]
    assert all(CODE_SHAPE.match(code) for code in codes) and codes[0] != codes[1]
    assert first.pseudonym != second.pseudonym


def test_a_reprint_keeps_the_number_and_is_a_duplicate(world, course):
    trainee = _completed(world, world.ngo_a, course, "Arta Hoxha", organisation=NGO_A)
    original = _issue(world, world.office, course, trainee.pseudonym).pages[0]
    again = _issue(world, world.ngo_a, course, trainee.pseudonym).pages[0]
    assert (again.number, again.verification_code) == (original.number, original.verification_code)
    assert not original.duplicate and again.duplicate
    (entry,) = world.people.certificates.register(world.office)
    assert entry.duplicates == 1 and entry.last_printed_by == "ngo_a" and entry.issued_by == "office"
    assert entry.pseudonym == trainee.pseudonym


def test_only_completed_people_get_one(world, course):
    enrolled = world.register(world.office, "Arta Hoxha")
    world.people.enrolment.enrol(world.office, enrolled.id, course.id)
    with pytest.raises(ConflictError, match="has not completed"):
        _issue(world, world.office, course, enrolled.pseudonym)
    with pytest.raises(NotFound, match="Nobody has completed"):
        _issue(world, world.office, course)


def test_coordinators_print_only_their_own_organisations_trainees(world, course):
    own = _completed(world, world.ngo_a, course, "Arta Hoxha", organisation=NGO_A)
    foreign = _completed(world, world.ngo_b, course, "Besa Kola", organisation=NGO_B, born=date(1990, 1, 2))
    with pytest.raises(PermissionDenied):
        _issue(world, world.ngo_a, course, foreign.pseudonym)
    with pytest.raises(PermissionDenied):
        _issue(world, world.ngo_b, course, own.pseudonym)
    batch = _issue(world, world.ngo_a, course)  # everyone: only their own, the other counted
    assert [p.full_name for p in batch.pages] == ["Arta Hoxha"] and batch.left_out == 1
    assert [c.pseudonym for c in world.people.certificates.register(world.ngo_b)] == []
    assert [c.pseudonym for c in world.people.certificates.register(world.ngo_a)] == [own.pseudonym]
    batch = _issue(world, world.office, course)  # staff: everyone
    assert len(batch.pages) == 2 and batch.left_out == 0


def test_a_viewer_and_nobody_logged_in_get_nothing(world, course):
    trainee = _completed(world, world.office, course, "Arta Hoxha")
    for actor in (world.viewer, Actor("system", Role.ADMINISTRATOR)):
        with pytest.raises(PermissionDenied):
            _issue(world, actor, course, trainee.pseudonym)
    with pytest.raises(PermissionDenied):
        world.people.certificates.register(world.viewer)


def test_printing_is_audited_with_the_person_sealed(world, course):
    trainee = _completed(world, world.ngo_a, course, "Arta Hoxha", organisation=NGO_A)
    number = _issue(world, world.office, course, trainee.pseudonym).pages[0].number
    _issue(world, world.ngo_a, course, trainee.pseudonym)
    entries = world.people.audit.entries(world.admin, entity="certificate")
    actions = sorted((e.action, e.actor) for e in entries)
    assert actions == [("certificate.issue", "office"), ("certificate.reprint", "ngo_a")]
    assert all(e.after["number"] == number and e.after["name_printed"] for e in entries)


def test_verify_needs_number_and_code_and_names_nobody(world, course):
    trainee = _completed(world, world.office, course, "Arta Hoxha")
    page = _issue(world, world.office, course, trainee.pseudonym).pages[0]
    check = world.people.certificates.verify(page.number, page.verification_code.lower().replace("-", " "))
    assert (check.course_title, check.provider, check.start, check.end) == (
        course.title,
        NGO_A,
        course.start,
        course.end,
    )
    assert not check.revoked
    assert "Arta" not in repr(check) and trainee.pseudonym not in repr(check)
    wrong = "2222-2222" if page.verification_code != "2222-2222" else "3333-3333"
    with pytest.raises(NotFound):
        world.people.certificates.verify(page.number, wrong)
    with pytest.raises(NotFound):
        world.people.certificates.verify("999/2027/0001", page.verification_code)


def test_revoking_is_for_staff_with_a_reason_and_shows_in_verify(world, course):
    trainee = _completed(world, world.ngo_a, course, "Arta Hoxha", organisation=NGO_A)
    page = _issue(world, world.ngo_a, course, trainee.pseudonym).pages[0]
    with pytest.raises(PermissionDenied):
        world.people.certificates.revoke(world.ngo_a, page.number, "mistake")
    with pytest.raises(ValidationError):
        world.people.certificates.revoke(world.office, page.number, "   ")
    revoked = world.people.certificates.revoke(world.office, page.number, "printed for the wrong course")
    assert revoked.is_revoked and revoked.revoked_by == "office"
    assert world.people.certificates.verify(page.number, page.verification_code).revoked
    with pytest.raises(ConflictError, match="already revoked"):
        world.people.certificates.revoke(world.office, page.number, "again")
    # the coordinator cannot print it again; staff issue a new number in its place
    with pytest.raises(PermissionDenied, match="revoked"):
        _issue(world, world.ngo_a, course, trainee.pseudonym)
    replacement = _issue(world, world.office, course, trainee.pseudonym).pages[0]
    assert replacement.number != page.number and not replacement.duplicate
    statuses = {c.number: c.is_revoked for c in world.people.certificates.register(world.office)}
    assert statuses == {page.number: True, replacement.number: False}


def test_erasing_the_person_keeps_the_certificate_verifiable(world, course):
    trainee = _completed(world, world.office, course, "Arta Hoxha")
    page = _issue(world, world.office, course, trainee.pseudonym).pages[0]
    world.people.trainees.erase(world.office, trainee.id)
    assert not world.people.certificates.verify(page.number, page.verification_code).revoked
    (entry,) = world.people.certificates.register(world.office)
    assert entry.trainee_id is None and PSEUDONYM_PATTERN.match(entry.pseudonym)


def test_the_pdf_has_a_page_each_escapes_names_and_marks_duplicates(world, course, store):
    hostile = 'Arta <font color="red">Hoxha</font> & Çela'
    trainee = _completed(world, world.office, course, hostile)
    other = _completed(world, world.office, course, "Besa Kola", born=date(1990, 1, 2))
    printing = PrintService(store, world.people.reference, clock=world.clock, invariant=True)
    batch = _issue(world, world.office, course)
    pages = _pdf_text(printing.certificates(world.office, batch.pages, "sq").data)
    assert len(pages) == 2
    first = pages[0]
    assert hostile in first  # printed as text, never as markup
    assert "CERTIFIKATË" in first and batch.pages[0].number in first
    assert batch.pages[0].verification_code in first and "24" in first and "L-1" in first
    assert "7531 Rrobaqepës" in first and "01.03.2027" in first and "28.05.2027" in first
    assert "DUPLIKAT" not in first
    reprint = _issue(world, world.office, course, other.pseudonym)
    english = _pdf_text(printing.certificates(world.office, reprint.pages, "en").data)
    assert "7531 Tailors" in english[0]
    assert len(english) == 1 and "CERTIFICATE" in english[0] and "DUPLICATE" in english[0]
    assert "Besa Kola" in english[0] and trainee.pseudonym not in english[0]


def test_codes_are_read_as_typed():
    assert normalised_code(" k7qm 4xtd ") == "K7QM-4XTD"
    assert normalised_code("K7QM-4XTD") == "K7QM-4XTD"


def test_provider_names_stay_out_of_the_number(world, course):
    trainee = _completed(world, world.office, course, "Arta Hoxha")
    number = _issue(world, world.office, course, trainee.pseudonym).pages[0].number
    assert re.fullmatch(r"\d{3}/2027/0001", number) and OFFICE not in number


def test_a_number_already_in_the_register_is_passed_over(world, course, store):
    first = _completed(world, world.office, course, "Arta Hoxha")
    second = _completed(world, world.office, course, "Besa Kola", born=date(1990, 1, 2))
    provider_id = _provider_id(world, NGO_A)
    taken = certificate_number(provider_id, 2027, 1)  # e.g. brought over from another office's file
    with store.write() as uow:
        uow.certificates.add(
            number=taken,
            provider_id=provider_id,
            year=2027,
            sequence=1001,
            code="AAAA-BBBB",
            course_id=course.id,
            trainee_id=first.id,
            pseudonym=first.pseudonym,
            hours=3,
            at=AFTER_THE_COURSE,
            by="copy",
        )
    page = _issue(world, world.office, course, second.pseudonym).pages[0]
    assert page.number == certificate_number(provider_id, 2027, 2)


def test_the_committee_report_shows_outcomes_from_attendance_and_certificates(world, course, store):
    """End to end: marks recorded, one person dropped out in week 2, five completed with
    certificates; the report shows the counts, the week and the mean attendance."""
    from coursehub.domain.attendance import Mark, NonCompletion
    from coursehub.services.analysis import AnalysisService
    from coursehub.services.attendance import MarkChange

    big = world.course(NGO_A, "RQ-BIG", seats=8)
    people = [world.register(world.office, f"Person {n}", born=date(1990, 1, 1 + n)) for n in range(6)]
    for person in people:
        world.people.enrolment.enrol(world.office, person.id, big.id)
    world.clock.moment = datetime(2027, 3, 9, 18, 0)
    first_two_mondays = (date(2027, 3, 1), date(2027, 3, 8))
    changes = [MarkChange(p.id, day, Mark.PRESENT) for p in people for day in first_two_mondays]
    world.people.attendance.record(world.office, big.id, changes)
    enrolment = world.people.enrolment
    enrolment.end_without_completing(world.office, people[0].id, big.id, NonCompletion.DROPPED_OUT)
    world.clock.moment = AFTER_THE_COURSE
    for person in people[1:]:
        enrolment.complete(world.office, person.id, big.id, override_reason="marks kept on paper")
    world.people.certificates.issue(world.office, big.id)
    reference = world.people.reference
    analysis = AnalysisService(store, reference)
    printing = PrintService(store, reference, analysis=lambda: analysis, invariant=True)
    report = PdfReader(io.BytesIO(printing.committee_report(2027).data))
    text = " ".join(" ".join(p.extract_text() for p in report.pages).split())
    assert f"{NGO_A} 7531" in text
    assert "6 5 <5 — 5 100%" in text  # one dropout: "<5" and no mean week; 5 certificates


def test_the_subject_access_export_lists_the_persons_certificates(world, course):
    trainee = _completed(world, world.office, course, "Arta Hoxha")
    number = _issue(world, world.office, course, trainee.pseudonym).pages[0].number
    world.people.certificates.revoke(world.office, number, "wrong course")
    (listed,) = world.people.trainees.export(world.office, trainee.id)["certificates"]
    shown = (listed["number"], listed["course_code"], listed["revoked_reason"])
    assert shown == (number, "RQ-1", "wrong course")
    assert "verification_code" not in listed
