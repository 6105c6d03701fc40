"""Automatic backups once a day with rotation, manual backups, restore, and what they refuse."""

from __future__ import annotations

import sqlite3
import stat
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from coursehub.cli.main import main
from coursehub.domain.safety import BackupFailed, DatabaseFileError
from coursehub.services.backup import BackupService, open_safely, restore
from coursehub.services.workspace import Workspace
from coursehub.storage.backup import BackupFile, backups_to_delete, integrity_problems, list_backups
from coursehub.storage.lock import WriterLock
from tests.files import digest


def test_rotation_keeps_seven_daily_and_four_weekly():
    start = datetime(2027, 1, 4, 8)  # a Monday
    backups = [
        BackupFile(Path(f"b{i}-{h}.db"), start + timedelta(days=i, hours=h))
        for i in range(60)
        for h in (0, 5)
    ]
    kept = {b.taken for b in backups} - {b.taken for b in backups_to_delete(backups)}
    newest = start + timedelta(days=59, hours=5)
    daily = {newest - timedelta(days=d) for d in range(7)}
    assert daily <= kept
    older = sorted(kept - daily)
    assert len(older) == 2  # the weeks not already covered by the daily ones (4 weeks in all)
    assert all(t.isocalendar()[1] != newest.isocalendar()[1] for t in older)
    assert len({t.isocalendar()[1] for t in kept}) == 4


def test_automatic_backup_once_a_day_checked_private_and_rotated(demo_db: Path):
    day = datetime(2027, 3, 1, 8)
    for offset in range(20):
        for hour in (0, 6):
            now = day + timedelta(days=offset, hours=hour)
            store, notices = open_safely(demo_db, clock=lambda now=now: now)
            store.close()
            assert notices == []
    backups = list_backups(demo_db)
    assert len({b.day for b in backups}) == len(backups)  # at most one a day
    assert 7 <= len(backups) <= 11
    assert backups[0].taken == day + timedelta(days=19)
    folder = demo_db.parent / "backups"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700
    for backup in backups:
        assert stat.S_IMODE(backup.path.stat().st_mode) == 0o600
        assert integrity_problems(backup.path, full=True, immutable=True) == []
    assert not list(folder.glob("*.part"))


def test_a_new_database_is_not_backed_up_until_it_has_been_used(db_path: Path):
    store, _ = open_safely(db_path)
    store.close()
    assert list_backups(db_path) == []


def test_manual_backup_is_a_consistent_private_copy(demo_db: Path, tmp_path: Path):
    workspace = Workspace.open(demo_db)
    (tmp_path / "out").mkdir()
    try:
        written = workspace.backups.backup_to(tmp_path / "out" / "copy.db")
        assert workspace.backups.check() == []
    finally:
        workspace.close()
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    with sqlite3.connect(written) as conn:
        assert conn.execute("SELECT count(*) FROM courses").fetchone()[0] == 44
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"


def test_restore_keeps_the_current_database_aside(demo_db: Path, tmp_path: Path):
    workspace = Workspace.open(demo_db)
    copy = workspace.backups.backup_to(tmp_path / "copy.db")
    workspace.catalogue.cancel_course(1)
    workspace.close()
    outcome = restore(demo_db, copy)
    assert outcome.kept_aside is not None and "before-restore" in outcome.kept_aside.name
    with sqlite3.connect(outcome.kept_aside) as conn:
        assert conn.execute("SELECT status FROM courses WHERE id = 1").fetchone()[0] == "cancelled"
    workspace = Workspace.open(demo_db)
    try:
        assert workspace.catalogue.course(1).status.value == "open"
    finally:
        workspace.close()


@pytest.mark.parametrize("content", [b"", b"hello", b"SQLite format 3\x00" + b"\x00" * 5000])
def test_restore_refuses_a_bad_file_and_changes_nothing(demo_db: Path, tmp_path: Path, content: bytes):
    bad = tmp_path / "bad.db"
    bad.write_bytes(content)
    before = digest(demo_db)
    with pytest.raises(BackupFailed, match="nothing was changed"):
        restore(demo_db, bad)
    assert digest(demo_db) == before


def test_restore_refuses_a_backup_from_a_newer_program(demo_db: Path, tmp_path: Path):
    newer = tmp_path / "newer.db"
    with sqlite3.connect(newer) as conn:
        conn.execute("CREATE TABLE t (x)")
        conn.execute("PRAGMA user_version = 9999")
    with pytest.raises(BackupFailed, match="newer CourseHub"):
        restore(demo_db, newer)


def test_restore_waits_for_other_copies_to_close(demo_db: Path, tmp_path: Path):
    workspace = Workspace.open(demo_db)
    copy = workspace.backups.backup_to(tmp_path / "copy.db")
    try:
        with pytest.raises(DatabaseFileError, match="Close every CourseHub window"):
            restore(demo_db, copy)
    finally:
        workspace.close()
    assert WriterLock.try_acquire(demo_db) is not None


def test_cli_backup_list_and_check(demo_db: Path, tmp_path: Path, capsys):
    db = ["--db", str(demo_db), "--lang", "en"]
    assert main([*db, "backup", "-o", str(tmp_path / "b.db")]) == 0
    assert "written and checked" in capsys.readouterr().out
    assert main([*db, "backup", "--list"]) == 0
    assert "1 automatic backups" in capsys.readouterr().out
    assert main([*db, "check", str(tmp_path / "b.db")]) == 0
    assert main([*db, "check", str(tmp_path / "missing.db")]) == 3
    assert "There is no file" in capsys.readouterr().err


def test_auto_backup_failure_is_a_notice_not_a_stop(demo_db: Path):
    (demo_db.parent / "backups").write_text("a file where the folder should be")
    store, notices = open_safely(demo_db)
    try:
        assert len(notices) == 1 and "could not be made" in notices[0]
        assert not store.read_only
    finally:
        store.close()


def test_backup_service_returns_none_when_today_is_done(demo_db: Path):
    workspace = Workspace.open(demo_db)
    try:
        assert BackupService(workspace.store, demo_db).auto_backup() is None
    finally:
        workspace.close()
