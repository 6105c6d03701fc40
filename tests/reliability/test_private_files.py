"""Files CourseHub writes are readable only by the user and never half-written; crash
reports carry code locations, not the values (names) in error messages."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from coursehub.cli.main import main
from coursehub.crash import write_crash_report
from coursehub.services.demo import load_demo
from coursehub.services.workspace import Workspace

SECRET_NAME = "Arjana Kodheli"


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_database_lock_and_backups_are_private(db_path: Path, tmp_path: Path):
    workspace = Workspace.open(db_path)
    load_demo(workspace.store, 2027)
    workspace.close()
    workspace = Workspace.open(db_path)  # the second open of the day takes the backup
    copy = workspace.backups.backup_to(tmp_path / "copy.db")
    workspace.close()
    backups = list((db_path.parent / "backups").iterdir())
    assert backups
    for path in [db_path, db_path.with_name(db_path.name + ".lock"), copy, *backups]:
        assert mode(path) == 0o600, path
    assert mode(db_path.parent / "backups") == 0o700
    assert not list(tmp_path.rglob("*.part"))


def test_crash_report_holds_no_names_and_is_private():
    def failing(name: str) -> None:
        raise RuntimeError(f"could not save trainee {name}")

    try:
        failing(SECRET_NAME)
    except RuntimeError as error:
        report = write_crash_report(error)
    text = report.read_text(encoding="utf-8")
    assert SECRET_NAME not in text and "RuntimeError" in text and "failing" in text
    assert mode(report) == 0o600


def test_unexpected_error_in_a_command_writes_a_nameless_report(tmp_path, capsys, monkeypatch):
    from coursehub.cli import catalogue_commands

    def boom(ctx):
        raise ValueError(f"bad value for {SECRET_NAME}")

    monkeypatch.setattr(catalogue_commands, "run_courses", boom)
    code = main(["--db", str(tmp_path / "c.db"), "--lang", "en", "courses"])
    err = capsys.readouterr().err
    assert code == 70 and SECRET_NAME not in err and "Traceback" not in err


def test_a_backup_that_cannot_be_written_says_so_and_leaves_nothing(db_path: Path, tmp_path: Path):
    from coursehub.domain.safety import BackupFailed

    (tmp_path / "a-file").write_text("not a folder")
    workspace = Workspace.open(db_path)
    try:
        with pytest.raises(BackupFailed, match="there is no folder"):
            workspace.backups.backup_to(tmp_path / "a-file" / "copy.db")
    finally:
        workspace.close()
    assert not list(tmp_path.rglob("*.part"))


@pytest.mark.parametrize("kind", ["csv", "xlsx", "ics"])
def test_exports_are_private_and_whole(db_path: Path, tmp_path: Path, kind: str, capsys):
    workspace = Workspace.open(db_path)
    load_demo(workspace.store, 2027)
    workspace.close()
    target = tmp_path / f"export.{kind}"
    assert main(["--db", str(db_path), "--lang", "en", "export", kind, "-o", str(target)]) == 0
    assert mode(target) == 0o600 and target.stat().st_size > 0
    assert not list(tmp_path.glob(f".export.{kind}.*"))  # no temporary left behind
