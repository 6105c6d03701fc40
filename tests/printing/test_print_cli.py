"""The print commands end to end: a sheet with its roster from the enrolment service
(pseudonyms for protected groups, names only on request), and without a user."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from coursehub.cli.main import main


@pytest.fixture
def run(db_path, monkeypatch, capsys):
    monkeypatch.setenv("COURSEHUB_PASSWORD", "Sekret-12345-abc")

    def command(*args: str, user: str | None = "admin") -> str:
        if user:
            monkeypatch.setenv("COURSEHUB_USER", user)
        else:
            monkeypatch.delenv("COURSEHUB_USER", raising=False)
        code = main(["--db", str(db_path), "--lang", "en", *args])
        captured = capsys.readouterr()
        assert code == 0, captured.err
        return captured.out

    return command


def text_of(path) -> str:
    return "\n".join(p.extract_text() for p in PdfReader(io.BytesIO(path.read_bytes())).pages)


def test_sheet_uses_the_enrolment_roster(run, tmp_path):
    run("demo", user=None)
    run("setup", "--username", "admin", user=None)
    codes = []
    for name, extra in (("Ëndrita Çela", []), ("Mirela Gjoni", ["--group", "trafficking_survivor"])):
        out = run(
            "trainee",
            "add",
            "--name",
            name,
            "--born",
            "1999-04-02",
            "--gender",
            "female",
            "--education",
            "secondary",
            "--consent",
            *extra,
        )
        codes.append(out.strip().split()[-1].rstrip("."))
    for code in codes:
        run("enrol", "QFP Durrës/QFPD-RQ-01", code)
    protected = codes[1]

    run("print", "sheet", "QFP Durrës:QFPD-RQ-01", "-o", str(tmp_path / "coded.pdf"))
    coded = text_of(tmp_path / "coded.pdf")
    assert "Ëndrita Çela" in coded and protected in coded and "Mirela Gjoni" not in coded

    run("print", "sheet", "QFP Durrës:QFPD-RQ-01", "--names", "-o", str(tmp_path / "named.pdf"))
    assert "Mirela Gjoni" in text_of(tmp_path / "named.pdf")

    note = run("print", "sheet", "QFP Durrës:QFPD-RQ-01", "-o", str(tmp_path / "blank.pdf"), user=None)
    assert "left out" in note
    blank = text_of(tmp_path / "blank.pdf")
    assert "Çela" not in blank and protected not in blank


def test_sheet_without_a_user_says_names_are_hidden_and_how_many_wait(run, db_path, tmp_path):
    from dataclasses import replace

    from coursehub.services.catalogue import CatalogueService
    from coursehub.storage import open_store

    run("demo", user=None)
    run("setup", "--username", "admin", user=None)
    store = open_store(db_path)
    catalogue = CatalogueService(store)
    catalogue.save_course(replace(catalogue.find_course("QFP Durrës", "QFPD-RQ-01"), seats=1))
    store.close()
    for number, name in enumerate(("Ana Cani", "Bora Dema", "Çlirim Elezi", "Dhurata Gjoka")):
        born = f"199{number}-04-02"
        out = run("trainee", "add", "--name", name, "--born", born, "--gender", "female", "--consent")
        run("enrol", "QFP Durrës/QFPD-RQ-01", out.strip().split()[-1].rstrip("."), "--wait")

    run("print", "sheet", "QFP Durrës:QFPD-RQ-01", "-o", str(tmp_path / "blank.pdf"), user=None)
    text = " ".join(text_of(tmp_path / "blank.pdf").split())
    assert "Nobody is on the waiting list" not in text
    assert "3 people are on the waiting list; their names are hidden" in text
    assert "1 trainee is enrolled and 3 people wait" in text
    assert "Cani" not in text and "Gjoka" not in text
