"""Issue 13, findings 8 and 9: another program's SQLite file is refused untouched, and a
read-only database (or a read-only -shm/-wal beside it) opens read-only, says so plainly
and is left exactly as it was.

The tests run as root, for whom chmod does not stop writes; CourseHub goes by the file's
mode there, as the user who made it read-only meant (storage/guard.py `_writable`). Where
`setpriv` exists, one test also runs the command line as the unprivileged user `nobody`.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from coursehub.cli.main import main
from coursehub.services.demo import load_demo
from coursehub.storage import open_store

AS_NOBODY = ("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups")


def _digests(folder: Path) -> dict[str, tuple[str, int]]:
    return {
        p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mode)
        for p in sorted(folder.iterdir())
        if p.is_file() and not p.name.endswith(".lock")
    }


@pytest.fixture(autouse=True)
def _english(monkeypatch):
    monkeypatch.setenv("COURSEHUB_LANG", "en")


def _other_programs_file(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT)")
    conn.execute("INSERT INTO notes (text) VALUES ('shopping list')")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("command", [["courses"], ["demo"], ["setup"], ["backup", "--list"]])
def test_another_programs_sqlite_file_is_refused_untouched(tmp_path, capsys, command):
    other = tmp_path / "other.db"
    _other_programs_file(other)
    before = _digests(tmp_path)
    code = main(["--db", str(other), *command])
    err = capsys.readouterr().err
    assert code == 3 and "another program" in err and "Traceback" not in err
    assert _digests(tmp_path) == before  # no tables added, no WAL switch, no backup made


def test_an_empty_sqlite_file_may_still_become_a_coursehub_database(tmp_path):
    empty = tmp_path / "new.db"
    sqlite3.connect(empty).close()
    assert main(["--db", str(empty), "demo"]) == 0


def _coursehub_db(folder: Path) -> Path:
    path = folder / "x.db"
    store = open_store(path)
    load_demo(store, 2027)
    store.close()
    return path


def test_a_read_only_database_opens_read_only_and_is_left_exactly_as_it_was(tmp_path, capsys):
    db = _coursehub_db(tmp_path)
    db.chmod(0o444)
    before = _digests(tmp_path)
    assert main(["--db", str(db), "courses"]) == 0
    captured = capsys.readouterr()
    assert "44 courses" in captured.out and "read-only" in captured.err
    code = main(["--db", str(db), "demo", "--year", "2030"])
    err = capsys.readouterr().err
    assert code == 3 and "read-only" in err and "Traceback" not in err
    assert _digests(tmp_path) == before  # no -shm or -wal made beside it, mode unchanged


@pytest.mark.parametrize("companion", ["-shm", "-wal"])
def test_a_read_only_shm_or_wal_leaves_all_three_files_as_they_were(tmp_path, capsys, companion):
    db = _coursehub_db(tmp_path)
    holder = sqlite3.connect(db)  # an open connection keeps the -wal and -shm beside the file
    holder.execute("PRAGMA journal_mode = WAL")
    holder.execute("UPDATE courses SET seats = seats + 1 WHERE id = 1")
    holder.commit()
    copy = tmp_path / "copy"
    copy.mkdir()
    for suffix in ("", "-wal", "-shm"):
        shutil.copyfile(db.with_name(db.name + suffix), copy / ("x.db" + suffix))
    holder.close()
    target = copy / "x.db"
    target.with_name("x.db" + companion).chmod(0o444)
    before = _digests(copy)
    main(["--db", str(target), "courses"])
    code = main(["--db", str(target), "demo", "--year", "2030"])
    err = capsys.readouterr().err
    assert code == 3 and f"x.db{companion} is read-only" in err and "Traceback" not in err
    assert _digests(copy) == before


@pytest.mark.skipif(
    not shutil.which("setpriv") or not hasattr(os, "geteuid") or os.geteuid() != 0,
    reason="needs root and setpriv to run the command line as the user nobody",
)
def test_as_an_ordinary_user_the_read_only_database_is_left_as_it_was(tmp_path):
    python = shutil.which("python3", path="/usr/bin") or sys.executable
    probe = subprocess.run(
        [*AS_NOBODY, python, "-c", "import sqlite3"],
        capture_output=True,
    )
    if probe.returncode != 0:
        pytest.skip("no Python that the user nobody may run")
    folder = tmp_path / "shared"
    folder.mkdir()
    db = _coursehub_db(folder)
    db.chmod(0o444)
    folder.chmod(0o777)
    tmp_path.chmod(0o755)
    before = _digests(folder)
    source = str(Path(__file__).parents[2])
    result = subprocess.run(
        [*AS_NOBODY, python, "-m", "coursehub.cli.main", "--db", str(db), "demo", "--year", "2030"],
        capture_output=True,
        text=True,
        env={"PYTHONPATH": source, "COURSEHUB_LANG": "en", "HOME": str(folder), "PATH": "/usr/bin:/bin"},
    )
    if "No module named" in result.stderr:
        pytest.skip("the user nobody's Python lacks CourseHub's dependencies: " + result.stderr[-200:])
    assert result.returncode == 3, result.stderr
    assert "read-only" in result.stderr and "Traceback" not in result.stderr
    assert _digests(folder) == before
