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
