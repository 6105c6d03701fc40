"""`coursehub certificate ...` on the command line: print, verify, revoke, list, by role."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta

import pytest
from pypdf import PdfReader

from coursehub.app import main
from coursehub.services.people_wiring import PeopleServices
from tests.enrolment.conftest import NGO_A, PASSWORD, cheap_hasher


@pytest.fixture
def completed(world, db_path, monkeypatch):
    """A course running now (the command line uses the real clock) with one person of NGO A
    who completed it."""
    monkeypatch.setattr(PeopleServices, "password_hasher", cheap_hasher())
    monkeypatch.setenv("COURSEHUB_PASSWORD", PASSWORD)
    world.clock.moment = datetime.now()
    today = date.today()
    course = world.course(NGO_A, "NOW-1", start=today - timedelta(days=60), end=today + timedelta(days=30))
    trainee = world.register(world.ngo_a, "Arta Hoxha", organisation=NGO_A)
    world.people.enrolment.enrol(world.ngo_a, trainee.id, course.id)
    world.people.enrolment.complete(world.ngo_a, trainee.id, course.id)
    return f"{NGO_A}/NOW-1", trainee.pseudonym


def _run(db_path, capsys, *argv, user=None):
    extra = ["--user", user] if user else []
    code = main(["--db", str(db_path), "--lang", "en", *argv, *extra])
    out, err = capsys.readouterr()
    return code, out, err


def test_print_verify_revoke_and_list(world, db_path, capsys, completed, tmp_path):
    course, pseudonym = completed
    pdf = tmp_path / "certificates.pdf"
    code, out, err = _run(db_path, capsys, "certificate", course, "-o", str(pdf), user="ngo_a")
    assert code == 0, err
    text = " ".join(PdfReader(str(pdf)).pages[0].extract_text().split())
    assert "Arta Hoxha" in text and "CERTIFIKATË" in text  # Albanian unless asked otherwise
    (entry,) = world.people.certificates.register(world.office)
    assert entry.number in out and entry.number in text
    code, out, err = _run(
        db_path, capsys, "certificate", course, pseudonym, "-o", str(pdf), "--language", "en", user="office"
    )
    assert code == 0, err
    text = " ".join(PdfReader(str(pdf)).pages[0].extract_text().split())
    assert "DUPLICATE" in text and "(duplicate)" in out

    code, out, err = _run(
        db_path, capsys, "certificate", "verify", entry.number, entry.verification_code, "--json"
    )
    assert code == 0, err
    shown = json.loads(out)
    assert shown["status"] == "valid" and shown["provider"] == NGO_A and shown["course"] == "Kursi NOW-1"
    assert "Arta" not in out and pseudonym not in out
    assert _run(db_path, capsys, "certificate", "verify", entry.number, "2222-3333")[0] == 1

    code, _out, err = _run(
        db_path, capsys, "certificate", "revoke", entry.number, "--reason", "wrong course", user="ngo_a"
    )
    assert code == 1 and "staff" in err
    code, out, err = _run(
        db_path, capsys, "certificate", "revoke", entry.number, "--reason", "wrong course", user="office"
    )
    assert code == 0, err
    code, out, _err = _run(db_path, capsys, "certificate", "verify", entry.number, entry.verification_code)
    assert code == 0 and "revoked" in out

    code, out, err = _run(db_path, capsys, "certificate", "list", "--json", user="office")
    (listed,) = json.loads(out)["certificates"]
    assert listed["status"] == "revoked" and listed["revoked_reason"] == "wrong course"
    assert (
        listed["duplicates"] == 1 and listed["pseudonym"] == pseudonym and "verification_code" not in listed
    )


def test_another_organisation_and_a_viewer_are_refused(world, db_path, capsys, completed, tmp_path):
    course, pseudonym = completed
    pdf = tmp_path / "c.pdf"
    for user in ("ngo_b", "viewer"):
        code, _out, err = _run(db_path, capsys, "certificate", course, pseudonym, "-o", str(pdf), user=user)
        assert code == 1 and err and not pdf.exists()
    code, out, _err = _run(db_path, capsys, "certificate", "list", "--json", user="ngo_b")
    assert code == 0 and json.loads(out) == {"certificates": []}
    assert _run(db_path, capsys, "certificate", "list", user="viewer")[0] == 1
    assert world.people.certificates.register(world.office) == []


def test_wrong_forms_are_told_plainly(world, db_path, capsys, completed):
    course, _pseudonym = completed
    code, _out, err = _run(db_path, capsys, "certificate", course, user="office")
    assert code == 1 and "-o" in err
    code, _out, err = _run(db_path, capsys, "certificate", "verify", "001/2027/0001")
    assert code == 1 and "--help" in err
