"""Providers' licences: who needs one, courses starting without a valid one (the rule at its
edges), who may record it, the command line, the exchange file and the Committee report."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from datetime import date

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from coursehub.analysis.licences import licence_lapses
from coursehub.app import main
from coursehub.domain.errors import PermissionDenied
from coursehub.domain.exchange_format import PROVIDERS_SHEET
from coursehub.domain.model import CourseStatus, LicenceLapse, Provider, ProviderKind
from coursehub.services.exchange import ExchangeService
from coursehub.services.licences import LicenceService
from coursehub.services.people_wiring import PeopleServices
from coursehub.storage import open_store
from tests.enrolment.conftest import NGO_A, NGO_B, OFFICE, PASSWORD, cheap_hasher


def test_who_needs_a_licence():
    needing = {kind for kind in ProviderKind if Provider("x", kind).needs_licence}
    assert needing == {ProviderKind.NGO, ProviderKind.OTHER}


@pytest.mark.parametrize(
    ("number", "valid_until", "start", "expected"),
    [
        ("L-1", None, date(2027, 3, 1), None),  # no end date recorded: valid
        ("L-1", date(2027, 3, 1), date(2027, 3, 1), None),  # valid through its last day
        ("L-1", date(2027, 2, 28), date(2027, 3, 1), LicenceLapse.EXPIRED),
        ("", None, date(2027, 3, 1), LicenceLapse.MISSING),
        ("  ", date(2030, 1, 1), date(2027, 3, 1), LicenceLapse.MISSING),
    ],
)
def test_the_lapse_rule_at_its_edges(number, valid_until, start, expected):
    provider = Provider("NGO", ProviderKind.NGO, licence_number=number, licence_valid_until=valid_until)
    assert provider.licence_lapse(start) is expected
    public = Provider("QFP", ProviderKind.PUBLIC_QFP, licence_valid_until=date(2000, 1, 1))
    assert public.licence_lapse(start) is None


def test_courses_starting_after_expiry_are_listed_cancelled_ones_are_not(world):
    first = world.course(NGO_A, "A-1", start=date(2027, 3, 1))
    world.course(NGO_A, "A-2", start=date(2027, 9, 6), end=date(2027, 12, 17))
    cancelled = world.course(NGO_A, "A-3", start=date(2027, 10, 4), end=date(2027, 12, 17))
    world.catalogue.cancel_course(cancelled.id, world.office)
    world.course(OFFICE, "E-1", start=date(2027, 9, 6), end=date(2027, 12, 17))
    service = LicenceService(world.people.store, world.people.trail)
    service.set_licence(world.office, NGO_A, issuer="AKPA", valid_until=date(2027, 6, 30))
    rows = service.lapses()
    assert [(r.code, r.lapse, r.valid_until) for r in rows] == [
        ("A-2", LicenceLapse.EXPIRED, date(2027, 6, 30))
    ]
    assert service.lapses(2028) == []
    assert first.code not in {r.code for r in rows}


def test_only_staff_record_a_licence_and_it_is_audited(world):
    service = LicenceService(world.people.store, world.people.trail)
    with pytest.raises(PermissionDenied):
        service.set_licence(world.ngo_a, NGO_A, valid_until=date(2030, 1, 1))
    own = next(p for p in world.catalogue.providers() if p.name == NGO_A)
    with pytest.raises(PermissionDenied):  # not through the provider editor either
        world.catalogue.save_provider(replace(own, licence_valid_until=date(2030, 1, 1)), world.ngo_a)
    saved = world.catalogue.save_provider(replace(own, contact="Rruga 1"), world.ngo_a)
    assert saved.contact == "Rruga 1" and saved.licence_valid_until is None
    service.set_licence(world.office, NGO_A, number="L-9", issuer="AKPA", valid_until=date(2030, 1, 1))
    (entry,) = world.people.audit.entries(world.admin, entity="provider")
    assert entry.action == "provider.licence" and entry.actor == "office"
    assert entry.before["licence_number"] == "L-1" and entry.after["licence_valid_until"] == "2030-01-01"
    stored = next(p for p in world.catalogue.providers() if p.name == NGO_A)
    assert (stored.licence_number, stored.licence_issuer, stored.licence_valid_until) == (
        "L-9",
        "AKPA",
        date(2030, 1, 1),
    )


def test_the_command_line_lists_and_sets_licences(world, db_path, capsys, monkeypatch):
    monkeypatch.setattr(PeopleServices, "password_hasher", cheap_hasher())
    monkeypatch.setenv("COURSEHUB_PASSWORD", PASSWORD)
    world.course(NGO_B, "B-1", start=date(2027, 9, 6), end=date(2027, 12, 17))

    def run(*argv: str) -> tuple[int, str, str]:
        code = main(["--db", str(db_path), "--lang", "en", *argv])
        out, err = capsys.readouterr()
        return code, out, err

    overlaps_before = run("overlaps", "--json")[1]
    code, _out, err = run("licences", "set", NGO_B, "--valid-until", "31.08.2027", "--user", "ngo_b")
    assert code == 1 and "staff" in err
    code, out, err = run(
        "licences", "set", NGO_B, "--valid-until", "31.08.2027", "--issuer", "AKPA", "--user", "office"
    )
    assert code == 0, err
    code, out, _err = run("licences", "--json")
    assert code == 0
    (row,) = json.loads(out)["courses"]
    assert (row["provider"], row["code"], row["problem"], row["valid_until"]) == (
        NGO_B,
        "B-1",
        "expired",
        "2027-08-31",
    )
    assert "licence expired" in run("licences")[1]
    assert run("overlaps", "--json")[1] == overlaps_before  # licences stay out of overlaps
    assert run("licences", "set", NGO_B, "--valid-until", "none", "--user", "office")[0] == 0
    assert json.loads(run("licences", "--json")[1]) == {"courses": []}
    with pytest.raises(SystemExit) as refused:  # argparse: exit code 2
        run("licences", "set", NGO_B, "--valid-until", "2027-02-30")
    assert refused.value.code == 2


def test_the_exchange_file_carries_licences_and_old_files_still_read(world, tmp_path):
    LicenceService(world.people.store, world.people.trail).set_licence(
        world.office, NGO_A, issuer="AKPA", valid_until=date(2028, 12, 31)
    )
    world.course(NGO_A, "A-1")
    target = tmp_path / "exchange.xlsx"
    ExchangeService(world.people.store).export_xlsx(target)
    other = open_store(tmp_path / "other.db")
    try:
        ExchangeService(other).import_exchange(target)
        with other.read() as uow:
            copied = uow.providers.find(NGO_A)
        assert (copied.licence_number, copied.licence_issuer, copied.licence_valid_until) == (
            "L-1",
            "AKPA",
            date(2028, 12, 31),
        )
    finally:
        other.close()
    book = load_workbook(target)
    sheet = book[PROVIDERS_SHEET]
    assert [c.value for c in sheet[1]][4:] == ["Licence issuer", "Licence valid until"]
    sheet.delete_cols(5, 2)  # a file made before licences had an issuer and an end date
    older = tmp_path / "older.xlsx"
    book.save(older)
    again = open_store(tmp_path / "again.db")
    try:
        report = ExchangeService(again).import_exchange(older)
        assert NGO_A in report.providers_added
    finally:
        again.close()


def test_the_committee_report_lists_courses_without_a_valid_licence(world, store):
    from coursehub.services.analysis import AnalysisService
    from coursehub.services.printing import PrintService

    world.course(NGO_B, "B-1", start=date(2027, 9, 6), end=date(2027, 12, 17))
    LicenceService(store, world.people.trail).set_licence(world.office, NGO_B, valid_until=date(2027, 8, 31))
    reference = world.people.reference
    printing = PrintService(
        store, reference, analysis=lambda: AnalysisService(store, reference), invariant=True
    )
    data = printing.committee_report(2027, world.office).data
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())
    assert "Courses without a valid provider licence" in text
    assert "Kursi B-1" in text and "licence expired" in text and "31.08.2027" in text


def test_a_cancelled_course_is_left_out():
    from tests.builders import a_course

    course = a_course(
        provider="N",
        code="C",
        title="T",
        occupation="7531",
        end=date(2027, 4, 1),
        status=CourseStatus.CANCELLED,
    )
    assert licence_lapses([course], [Provider("N", ProviderKind.NGO)]) == []
    assert [
        r.lapse for r in licence_lapses([replace(course, status=CourseStatus.OPEN)], [Provider("N")])
    ] == [LicenceLapse.MISSING]


def test_the_catalogue_booklet_marks_licensed_providers(world, store):
    from coursehub.services.printing import PrintService

    world.course(NGO_A, "A-1", start=date(2027, 3, 1))
    world.course(NGO_B, "B-1", start=date(2027, 9, 6), end=date(2027, 12, 17))
    world.course(OFFICE, "E-1", start=date(2027, 3, 1))
    LicenceService(store, world.people.trail).set_licence(world.office, NGO_B, valid_until=date(2027, 8, 31))
    printing = PrintService(store, world.people.reference, clock=world.clock, invariant=True)
    data = printing.catalogue_booklet(actor=world.office).data
    text = " ".join(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages).split())
    assert f"{NGO_A} · licensed, no. L-1" in text
    assert f"{NGO_B} · licence expired" in text
    assert f"{OFFICE} ·" not in text  # a public provider teaches by law: no mark
