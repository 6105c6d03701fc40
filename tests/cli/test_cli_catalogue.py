from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from coursehub.app import main
from coursehub.services.demo import demo_courses

REQUIRED = {
    "provider",
    "code",
    "title",
    "occupation",
    "municipality",
    "venue",
    "trainer",
    "start",
    "end",
    "sessions",
    "seats",
    "status",
    "min_age",
    "max_age",
    "gender",
    "education",
    "groups",
}


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_demo_then_courses_json_prints_the_catalogue(tmp_path: Path, capsys):
    db = str(tmp_path / "x.db")
    assert run(capsys, "--db", db, "demo", "--year", "2027")[0] == 0
    code, out, _ = run(capsys, "--db", db, "demo", "--year", "2027")
    assert code == 0 and "nothing added" in out
    code, out, _ = run(capsys, "--db", db, "courses", "--json")
    assert code == 0
    courses = json.loads(out)["courses"]
    assert len(courses) == len(demo_courses(2027))
    first = next(c for c in courses if c["code"] == "URA-07")
    assert set(first) >= REQUIRED
    assert first["occupation"] == "7531" and isinstance(first["occupation"], str)
    assert first["sessions"] == [
        {"weekday": "TU", "start": "10:00", "end": "13:00"},
        {"weekday": "TH", "start": "10:00", "end": "13:00"},
    ]
    assert first["gender"] == "female"
    assert first["groups"] == ["at_risk", "trafficking_survivor"]
    assert (first["start"], first["end"]) == ("2027-03-01", "2027-06-30")


def test_plain_listing_in_albanian(tmp_path: Path, capsys):
    db = str(tmp_path / "x.db")
    run(capsys, "--db", db, "demo", "--year", "2027")
    code, out, _ = run(capsys, "--db", db, "--lang", "sq", "courses")
    assert code == 0
    assert "Rrobaqepësi" in out
    assert out.strip().splitlines()[-1].startswith("44")


@pytest.mark.sqlite_only("a damaged SQLite file")
def test_unreadable_database_gets_a_message_not_a_traceback(tmp_path: Path, capsys):
    path = tmp_path / "broken.db"
    path.write_bytes(b"\x00garbage" * 500)
    code, _out, err = run(capsys, "--db", str(path), "courses")
    assert code == 3
    assert "Traceback" not in err and "not a CourseHub database" in err


@pytest.mark.sqlite_only("checks that the SQLite file is made")
def test_db_from_environment_variable(tmp_path: Path, monkeypatch, capsys):
    monkeypatch.setenv("COURSEHUB_DB", str(tmp_path / "env.db"))
    assert run(capsys, "demo", "--year", "2027")[0] == 0
    assert (tmp_path / "env.db").exists()


def test_installed_console_script_runs(tmp_path: Path):
    result = subprocess.run(
        [sys.executable, "main.py", "--db", str(tmp_path / "m.db"), "courses", "--json"],
        capture_output=True,
        text=True,
        cwd=Path(__file__).parents[2],
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == {"courses": []}
