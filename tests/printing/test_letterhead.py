"""The letterhead: set once by an administrator (audited), checked logo files (PNG, SVG drawn
as PNG, with clear refusals), printed at the top of every page of every printout, and a
provider's own logo on its sheets and certificates."""

from __future__ import annotations

import io
from datetime import datetime
from pathlib import Path

import pytest
from pypdf import PdfReader

from coursehub.app import draw_svg
from coursehub.domain.errors import PermissionDenied, ValidationError
from coursehub.domain.people import Actor, Role
from coursehub.services import letterhead as letterhead_module
from coursehub.services.audit import AuditTrail
from coursehub.services.letterhead import LetterheadService
from coursehub.services.printing import PrintService

ROOT = Path(__file__).resolve().parents[2]
SVG = ROOT / "resources" / "icons" / "coursehub.svg"
PNG = ROOT / "resources" / "icons" / "generated" / "coursehub-64.png"
ADMIN = Actor("admin", Role.ADMINISTRATOR, user_id=1)
STAFF = Actor("office", Role.OFFICE_STAFF, user_id=2)


@pytest.fixture
def service(demo_store, monkeypatch):
    monkeypatch.setattr(letterhead_module, "svg_rasteriser", draw_svg)
    return LetterheadService(demo_store, AuditTrail())


def _pages(data: bytes) -> list:
    return list(PdfReader(io.BytesIO(data)).pages)


def test_only_an_administrator_sets_it(service):
    with pytest.raises(PermissionDenied):
        service.set_letterhead(STAFF, name="Zyra")
    with pytest.raises(PermissionDenied):
        service.set_provider_logo(STAFF, "QFP Durrës", PNG)
    saved = service.set_letterhead(ADMIN, name=" Zyra Rajonale ", address="Rruga 1\nDurrës", logo=PNG)
    assert (saved.name, saved.address) == ("Zyra Rajonale", "Rruga 1\nDurrës")
    assert saved.logo_png == PNG.read_bytes()
    kept = service.set_letterhead(ADMIN, address="Rruga 2")  # what is not given stays
    assert (kept.name, kept.address, bool(kept.logo_png)) == ("Zyra Rajonale", "Rruga 2", True)
    assert not service.set_letterhead(ADMIN, remove_logo=True).logo_png


def test_an_svg_logo_is_kept_drawn_as_png(service):
    saved = service.set_letterhead(ADMIN, logo=SVG)
    assert saved.logo_png.startswith(b"\x89PNG")


@pytest.mark.parametrize(
    ("content", "name", "reason"),
    [
        (b"not an image at all", "logo.png", "not a PNG or SVG image"),
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 40, "logo.png", "damaged"),
        (b"<?xml version='1.0'?><html/>", "logo.svg", "not an SVG image"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'", "logo.svg", "not a well-formed SVG"),
        (
            b"<?xml version='1.0'?><!DOCTYPE s [<!ENTITY a 'aaaa'>]><svg xmlns='http://www.w3.org/2000/svg'>&a;</svg>",
            "entity.svg",
            "not a well-formed SVG",
        ),
        (b"\x89PNG" + b"\x00" * (2 * 1024 * 1024 + 10), "huge.png", "larger than 2 MB"),
    ],
)
def test_bad_logo_files_are_refused_by_name_and_nothing_changes(service, tmp_path, content, name, reason):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(ValidationError) as refused:
        service.set_letterhead(ADMIN, name="Changed?", logo=path)
    (problem,) = refused.value.problems
    assert problem.value == str(path) and reason in problem.message
    assert service.letterhead().name == ""  # all or nothing


def test_a_tiny_png_is_refused_with_its_size(service, tmp_path):
    from PIL import Image

    path = tmp_path / "dot.png"
    Image.new("RGB", (4, 4)).save(path)
    with pytest.raises(ValidationError, match="4 x 4 pixels"):
        service.set_letterhead(ADMIN, logo=path)


def test_every_page_of_every_printout_carries_it(service, demo_store):
    service.set_letterhead(ADMIN, name="Zyra Rajonale e Punësimit", address="Rruga Aleksandër Goga", logo=PNG)
    printing = PrintService(demo_store, clock=lambda: datetime(2027, 3, 1, 9), invariant=True)
    printouts = {
        "calendar": printing.week_calendar(2027, 10, weeks=2),
        "booklet": printing.catalogue_booklet(),
        "sheet": printing.enrolment_sheet(ADMIN, "QFP Durrës", "QFPD-RQ-01", with_trainees=False),
        "register": printing.attendance_register(ADMIN, "QFP Durrës", "QFPD-RQ-01", with_trainees=False),
    }
    for kind, pdf in printouts.items():
        pages = _pages(pdf.data)
        assert len(pages) == pdf.pages >= 1, kind
        for page in pages:
            text = page.extract_text()
            assert "Zyra Rajonale e Punësimit" in text and "Rruga Aleksandër Goga" in text, kind
            assert len(page.images) >= 1, kind  # the logo


def test_a_providers_own_logo_is_on_its_sheets_only(service, demo_store):
    service.set_provider_logo(ADMIN, "QFP Durrës", SVG)
    printing = PrintService(demo_store, clock=lambda: datetime(2027, 3, 1, 9), invariant=True)
    own = printing.enrolment_sheet(ADMIN, "QFP Durrës", "QFPD-RQ-01", with_trainees=False)
    assert len(_pages(own.data)[0].images) == 1
    calendar = printing.week_calendar(2027, 10)
    assert len(_pages(calendar.data)[0].images) == 0
    service.set_provider_logo(ADMIN, "QFP Durrës", None)
    again = printing.enrolment_sheet(ADMIN, "QFP Durrës", "QFPD-RQ-01", with_trainees=False)
    assert len(_pages(again.data)[0].images) == 0


def test_without_a_letterhead_printouts_stay_as_they_were(demo_store):
    from coursehub.printing.document import Imprint
    from coursehub.printing.week_calendar import week_calendar
    from coursehub.services.catalogue import CatalogueService

    courses, calendar = CatalogueService(demo_store).courses_and_calendar()
    moment = datetime(2027, 3, 1, 9)
    plain = week_calendar(courses, calendar, datetime(2027, 3, 8).date(), 1, Imprint("x", moment, True))
    via_service = PrintService(demo_store, clock=lambda: moment, invariant=True).week_calendar(
        2027, 10, actor=Actor("x", Role.VIEWER)
    )
    assert via_service.data == plain.data


def test_changes_are_audited(service, demo_store):
    service.set_letterhead(ADMIN, name="Zyra")
    with demo_store.read() as uow:
        entries = AuditTrail().entries(uow, entity="letterhead")
    assert [(e.action, e.actor, e.after["name"]) for e in entries] == [("setting.change", "admin", "Zyra")]


@pytest.mark.sqlite_only("`setup` and `users add` as SQLite accounts; on a server users are login roles")
def test_the_command_line_sets_and_shows_it(tmp_path, capsys, monkeypatch):
    from argon2 import PasswordHasher

    from coursehub.app import main
    from coursehub.services.people_wiring import PeopleServices

    monkeypatch.setattr(
        PeopleServices, "password_hasher", PasswordHasher(time_cost=1, memory_cost=8, parallelism=1)
    )
    monkeypatch.setenv("COURSEHUB_PASSWORD", "a-long-password")
    monkeypatch.setenv("COURSEHUB_NEW_PASSWORD", "a-long-password")
    db = str(tmp_path / "c.db")
    assert main(["--db", db, "demo"]) == 0
    assert main(["--db", db, "setup", "--username", "admin"]) == 0
    assert main(["--db", db, "users", "add", "office", "--role", "office_staff", "--user", "admin"]) == 0
    capsys.readouterr()
    refused = main(["--db", db, "settings", "letterhead", "--name", "Zyra", "--user", "office"])
    assert refused == 1 and "administrator" in capsys.readouterr().err
    code = main(
        ["--db", db, "settings", "letterhead", "--name", "Zyra", "--logo", str(SVG), "--user", "admin"]
    )
    out = capsys.readouterr().out
    assert code == 0 and "Name: Zyra" in out and "bytes (PNG)" in out
    bad = tmp_path / "logo.png"
    bad.write_text("<html>")
    assert main(["--db", db, "settings", "letterhead", "--logo", str(bad), "--user", "admin"]) == 1
    assert str(bad) in capsys.readouterr().err
    assert main(["--db", db, "settings", "provider-logo", "QFP Durrës", str(PNG), "--user", "admin"]) == 0
    assert main(["--db", db, "settings", "provider-logo", "QFP Durrës", "--user", "admin"]) == 1
