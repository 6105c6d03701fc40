"""Issue 13, findings 10 to 16: input that used to crash (exit 70), hang, abort or overwrite
now gets a plain message, a documented exit code and an unchanged database."""

from __future__ import annotations

import errno
import os
import resource
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from coursehub.cli.main import main
from coursehub.domain.model import Course
from coursehub.domain.reference import load_reference
from coursehub.domain.validation import course_problems
from tests.builders import a_course
from tests.reliability import hostile_files as hostile
from tests.reliability.fuzzing import file_bytes

PASSWORD = "correct-horse-battery-9"


def run(argv: list[str], capsys) -> tuple[int, str]:
    try:
        code = main(["--lang", "en", *argv])
    except SystemExit as stop:  # argparse refusals
        code = int(stop.code or 0)
    out, err = capsys.readouterr()
    assert "Traceback" not in out + err
    return code, out + err


@pytest.fixture
def demo_db(tmp_path: Path, capsys) -> Path:
    db = tmp_path / "demo.db"
    assert run(["--db", str(db), "demo", "--year", "2027"], capsys)[0] == 0
    return db


@pytest.fixture
def admin_db(demo_db: Path, capsys, monkeypatch) -> Path:
    """The demo catalogue, an administrator logged in through the environment, one trainee."""
    from coursehub.services.people_wiring import PeopleServices
    from tests.enrolment.conftest import cheap_hasher

    monkeypatch.setattr(PeopleServices, "password_hasher", cheap_hasher())
    monkeypatch.setenv("COURSEHUB_PASSWORD", PASSWORD)
    monkeypatch.delenv("COURSEHUB_USER", raising=False)  # nobody can be named before setup
    db = str(demo_db)
    assert run(["--db", db, "setup", "--username", "admin"], capsys)[0] == 0
    monkeypatch.setenv("COURSEHUB_USER", "admin")
    code, text = run(["--db", db, "trainee", "add", "--name", "Arta Hoxha", "--born", "1999-04-01"], capsys)
    assert code == 0, text
    return demo_db


# Finding 10: far dates, huge money -----------------------------------------------------
@pytest.mark.parametrize(
    "name, field",
    [
        ("course-to-9999", "end"),
        ("course-from-0001", "start"),
        ("fee-10e30", "fee"),
        ("seats-huge", "seats"),
    ],
)
def test_far_dates_and_huge_numbers_are_refused_by_row(name, field, demo_db, tmp_path, capsys):
    files = hostile.hostile_files(tmp_path / "files")
    before = file_bytes(demo_db)
    code, text = run(["--db", str(demo_db), "import", str(files[name]), "--provider", "X"], capsys)
    assert code == 1, text  # invalid rows, not 70
    assert "row 2" in text.lower() or "2" in text
    assert file_bytes(demo_db) == before


def course(**changes) -> Course:
    from datetime import date

    return a_course(**{"end": date(2027, 6, 30)} | changes)


def test_a_course_lasts_at_most_five_years_within_1900_to_2100():
    from datetime import date

    reference = load_reference()
    fields = lambda c: {p.field for p in course_problems(c, reference)}  # noqa: E731
    assert fields(course()) == set()
    assert "end" in fields(course(end=date(9999, 12, 31)))
    assert "end" in fields(course(end=date(2032, 3, 2)))  # five years and a day
    assert fields(course(end=date(2032, 3, 1))) == set()
    assert "start" in fields(course(start=date(1899, 12, 31)))
    assert "fee" in fields(course(fee=10**30))
    assert "fee" not in fields(course(fee=10_000_000))


def test_the_longest_course_allowed_prints_and_exports_quickly(demo_db, tmp_path, capsys):
    """A five-year course ending in 2100: attendance, gaps, report and ics all finish."""
    from datetime import date

    from coursehub.services.workspace import Workspace

    workspace = Workspace.open(demo_db)
    try:
        first = workspace.catalogue.courses()[0]
        from dataclasses import replace

        workspace.catalogue.save_course(replace(first, start=date(2095, 12, 1), end=date(2100, 11, 30)))
        key = f"{first.provider}:{first.code}"
    finally:
        workspace.close()
    db = str(demo_db)
    commands = [
        ["print", "attendance", key, "-o", str(tmp_path / "a.pdf")],
        ["gaps", "--year", "2100"],
        ["print", "report", "--year", "2100", "-o", str(tmp_path / "r.pdf")],
        ["export", "ics", "-o", str(tmp_path / "c.ics")],
        ["print", "calendar", "--week", "2100-W52", "--weeks", "2", "-o", str(tmp_path / "w.pdf")],
    ]
    for argv in commands:
        started = time.monotonic()
        code, text = run(["--db", db, *argv], capsys)
        assert code == 0, (argv, text)
        assert time.monotonic() - started < 60, argv  # a guard against "minutes without end"


# Finding 11: huge integers in arguments --------------------------------------------------
@pytest.mark.parametrize(
    "argv",
    [
        ["audit", "--id", "9" * 25],
        ["audit", "--limit", "9" * 25],
        ["audit", "--limit", "-5"],
        ["print", "calendar", "--week", "2027-W01", "--weeks", "99999999999", "-o", "c.pdf"],
        ["print", "report", "--year", "99999", "-o", "r.pdf"],
        ["gaps", "--year", "99999"],
        ["demo", "--year", "99999"],
        ["trainee", "retention", "--years", "9999999999999"],
        ["eligible", "--born", "0001-01-01"],
        ["print", "attendance", "A:B", "--from", "0001-01-01", "-o", "a.pdf"],
    ],
)
def test_numbers_out_of_range_are_argparse_errors(argv, admin_db, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    before = file_bytes(admin_db)
    code, text = run(["--db", str(admin_db), *argv], capsys)
    assert code == 2, text
    assert "error: argument" in text
    assert file_bytes(admin_db) == before


@pytest.mark.parametrize(
    "argv",
    [
        ["trainee", "show", "9" * 25],
        ["enrol", "roster", "9" * 25],
        ["print", "calendar", "--week", "9999-W52", "--weeks", "2", "-o", "c.pdf"],
    ],
)
def test_huge_record_numbers_and_weeks_are_plain_refusals(argv, admin_db, tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, text = run(["--db", str(admin_db), *argv], capsys)
    assert code == 1, text
    assert "Error:" in text
    assert not list(tmp_path.glob("*.pdf"))


# Finding 12: spreadsheets that grow without end ------------------------------------------
def test_an_ods_whose_repeats_multiply_is_refused_before_expanding(tmp_path):
    """The 900-byte ODS, in a process limited to 1 GB of memory: exit 2, a plain message."""
    bomb = hostile.ods_repeat_bomb(tmp_path / "bomb.ods")
    assert bomb.stat().st_size < 1000
    code, err = _limited_cli(["import", str(bomb), "--provider", "X"], tmp_path)
    assert code == 2, err
    assert "too large" in err and "250,000 rows by 256 columns" in err


def test_an_xlsx_with_a_false_declared_size_is_damaged_not_a_crash(demo_db, tmp_path, capsys):
    false_size = hostile.xlsx_with_false_size(tmp_path / "false.xlsx")
    before = file_bytes(demo_db)
    for argv in (["import", str(false_size), "--provider", "X"], ["exchange", "import", str(false_size)]):
        code, text = run(["--db", str(demo_db), *argv], capsys)
        assert code == 2, text
        assert "damaged" in text
    assert file_bytes(demo_db) == before


def test_a_libreoffice_style_ods_with_long_empty_runs_still_imports(demo_db, tmp_path, capsys):
    listing = hostile.ods_course_list(tmp_path / "kurset.ods")
    code, text = run(["--db", str(demo_db), "import", str(listing), "--provider", "X", "--dry-run"], capsys)
    assert "too large" not in text and code in (0, 1), text


def _limited_cli(argv: list[str], folder: Path) -> tuple[int, str]:
    gigabyte = 1024**3

    def limit_memory() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (gigabyte, gigabyte))

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "coursehub.cli.main",
            "--db",
            str(folder / "limited.db"),
            "--lang",
            "en",
            *argv,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=limit_memory,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).parents[2])},
    )
    assert result.returncode >= 0, "killed by a signal"
    assert "Traceback" not in result.stderr
    return result.returncode, result.stderr


# Finding 13: output paths ---------------------------------------------------------------
def _outputs(folder: Path) -> list[list[str]]:
    return [
        ["export", "csv", "-o", str(folder)],
        ["print", "catalogue", "-o", str(folder)],
        ["backup", "-o", str(folder / "no-such-folder" / "copy.db")],
        ["export", "ics", "-o", str(folder / "no-such-folder" / "c.ics")],
        ["export", "xlsx", "-o", str(folder / "device")],
        ["print", "report", "-o", str(folder / "pipe")],
        ["backup", "-o", str(folder / "device")],
        ["trainee", "export", "1", "-o", str(folder / "device")],
    ]


def test_output_to_a_folder_a_device_a_pipe_or_a_missing_folder_is_refused(admin_db, tmp_path, capsys):
    """The device is a link to /dev/full, so even a regression cannot replace /dev/full."""
    out = tmp_path / "out"
    out.mkdir()
    (out / "device").symlink_to("/dev/full")
    os.mkfifo(out / "pipe")
    before = file_bytes(admin_db)
    audit_before = _audit_count(admin_db)
    for argv in _outputs(out):
        code, text = run(["--db", str(admin_db), *argv], capsys)
        assert code in (1, 6), (argv, text)
        assert "Cannot write" in text and "Nothing was written" in text, text
    assert sorted(p.name for p in out.iterdir()) == ["device", "pipe"]  # no folder made, no .part
    assert (out / "device").is_symlink() and Path("/dev/full").is_char_device()
    assert _audit_count(admin_db) == audit_before
    assert file_bytes(admin_db) == before


def test_an_empty_output_name_is_an_argparse_error(admin_db, capsys):
    for argv in (["export", "csv", "-o", ""], ["backup", "-o", ""], ["trainee", "export", "1", "-o", " "]):
        code, text = run(["--db", str(admin_db), *argv], capsys)
        assert code == 2 and "give a file name" in text, text


def test_a_failed_trainee_export_leaves_nothing_and_is_not_audited(admin_db, tmp_path, capsys, monkeypatch):
    def disk_full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    before = _audit_count(admin_db)
    monkeypatch.setattr("coursehub.fileio.os.fsync", disk_full)
    code, text = run(
        ["--db", str(admin_db), "trainee", "export", "1", "-o", str(tmp_path / "arta.json")], capsys
    )
    assert code == 1 and "the disk is full" in text.lower(), text
    assert not list(tmp_path.glob("*arta*"))
    assert _audit_count(admin_db) == before


def _audit_count(db: Path) -> int:
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        return int(conn.execute("SELECT count(*) FROM audit_log").fetchone()[0])


# Finding 14: a full disk is not damage --------------------------------------------------
def test_a_full_disk_during_a_database_write_says_so_and_is_not_damage(
    demo_db, tmp_path, capsys, monkeypatch
):
    from coursehub.storage import database

    real_connect = database.connect

    def connect_on_a_full_disk(*args, **kwargs):
        conn = real_connect(*args, **kwargs)
        pages = conn.execute("PRAGMA page_count").fetchone()[0]
        conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own "database or disk is full"
        return conn

    listing = hostile.course_csv(tmp_path / "k.csv")
    many = listing.read_text(encoding="utf-8").splitlines()
    rows = [many[1].replace("K-01", f"K-{n:04d}") for n in range(400)]
    listing.write_text("\n".join([many[0], *rows]) + "\n", encoding="utf-8")
    monkeypatch.setattr(database, "connect", connect_on_a_full_disk)
    code, text = run(["--db", str(demo_db), "import", str(listing), "--provider", "QFP Durrës"], capsys)
    assert code == 3, text
    assert "disk is full" in text and "damaged" in text and "not damaged" in text
    monkeypatch.undo()
    code, text = run(["--db", str(demo_db), "check"], capsys)
    assert code == 0, text


def test_a_full_disk_while_checking_is_not_called_damage(demo_db, monkeypatch):
    from coursehub.domain.safety import DiskFull
    from coursehub.storage import backup

    class FullConnection:
        text_factory = None

        def execute(self, *args):
            raise sqlite3.OperationalError("database or disk is full")

        def close(self):
            pass

    monkeypatch.setattr(backup.sqlite3, "connect", lambda *a, **k: FullConnection())
    with pytest.raises(DiskFull):
        backup.integrity_problems(demo_db)


def test_a_full_disk_while_writing_a_file_says_so_and_leaves_nothing(demo_db, tmp_path, capsys, monkeypatch):
    def disk_full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr("coursehub.fileio.os.fsync", disk_full)
    for argv in (
        ["export", "csv", "-o", str(tmp_path / "c.csv")],
        ["print", "catalogue", "-o", str(tmp_path / "c.pdf")],
    ):
        code, text = run(["--db", str(demo_db), *argv], capsys)
        assert code == 1 and "the disk is full" in text.lower() and "damaged" not in text, text
    assert [p.name for p in tmp_path.iterdir() if p.suffix in (".csv", ".pdf", ".part")] == []


# Finding 15: names of any length, invisible characters -----------------------------------
@pytest.mark.parametrize(
    "name",
    ["A" * 100_000, "Arta \u202eahxoH", "Ar\u200bta Hoxha", "Arta\u2066Hoxha\u2069"],
    ids=["100k-characters", "right-to-left-override", "zero-width-space", "isolate"],
)
def test_a_trainee_name_too_long_or_with_hidden_characters_is_refused(name, admin_db, capsys):
    before = file_bytes(admin_db)
    code, text = run(
        ["--db", str(admin_db), "trainee", "add", "--name", name, "--born", "1999-04-01"], capsys
    )
    assert code == 1, text[:300]
    assert "too long" in text or "invisible" in text
    assert len(text) < 2000  # the message quotes the start of the name, never all of it
    assert not {"\u202e", "\u200b", "\u2066"} & set(text)  # hidden characters are shown as <U+...>
    assert file_bytes(admin_db) == before


@pytest.mark.parametrize(
    "name, expected",
    [("long-title", "too long (5,000 characters"), ("rtl-title", "U+202E"), ("zero-width-code", "U+200B")],
)
def test_course_titles_and_codes_too_long_or_with_hidden_characters_are_refused(
    name, expected, demo_db, tmp_path, capsys
):
    files = hostile.hostile_files(tmp_path / "files")
    before = file_bytes(demo_db)
    code, text = run(["--db", str(demo_db), "import", str(files[name]), "--provider", "X"], capsys)
    assert code == 1, text[:500]
    assert expected in text and "row 2" in text.lower(), text[:500]
    assert "\u202e" not in text and "\u200b" not in text and len(text) < 1000  # quoted visibly, cut
    assert file_bytes(demo_db) == before


# Finding 16: exchange version text, crash reports in the same second --------------------
@pytest.mark.parametrize("version", ["one", "1; DROP TABLE courses", -3, 0, "99999999999999999999"])
def test_an_exchange_file_with_a_strange_version_is_refused(version, demo_db, tmp_path, capsys):
    from openpyxl import load_workbook

    exported = tmp_path / "exchange.xlsx"
    assert run(["--db", str(demo_db), "export", "xlsx", "-o", str(exported)], capsys)[0] == 0
    book = load_workbook(exported)
    about = book["About"]
    for row in about.iter_rows():
        if row[0].value == "Version":
            row[1].value = version
    book.save(exported)
    before = file_bytes(demo_db)
    code, text = run(["--db", str(demo_db), "exchange", "import", str(exported)], capsys)
    assert code == 1, text
    assert "exchange format" in text
    assert file_bytes(demo_db) == before


def test_two_crash_reports_in_the_same_second_are_both_kept(tmp_path):
    from coursehub.crash import write_crash_report

    reports = set()
    for number in range(3):
        try:
            raise RuntimeError(f"crash {number}")
        except RuntimeError as error:
            reports.add(write_crash_report(error, tmp_path))
    assert len(reports) == 3 and len(list(tmp_path.iterdir())) == 3
