"""A damaged database is found on open, left byte for byte as it was, and the latest good
backup is named; the backups are not touched."""

from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path

import pytest

from coursehub.cli.main import main
from coursehub.domain.safety import DatabaseDamaged
from coursehub.services.backup import BackupService
from coursehub.services.demo import load_demo
from coursehub.services.workspace import Workspace
from coursehub.storage.backup import list_backups
from tests.files import PAGE, digest, folder_digests


@pytest.fixture
def backed_up_db(db_path: Path) -> Path:
    workspace = Workspace.open(db_path)
    load_demo(workspace.store, 2027)
    BackupService(workspace.store, db_path, lambda: datetime(2027, 3, 1, 9)).auto_backup()
    workspace.close()
    return db_path


def smash_page_headers(path: Path, seed: int) -> None:
    """Random bytes over the b-tree header of a random page after the first."""
    rng = random.Random(seed)
    data = bytearray(path.read_bytes())
    page = rng.randrange(1, len(data) // PAGE)
    data[page * PAGE : page * PAGE + 64] = rng.randbytes(64)
    path.write_bytes(bytes(data))


@pytest.mark.parametrize("seed", range(5))
def test_damaged_database_is_detected_and_left_untouched(backed_up_db: Path, seed: int):
    smash_page_headers(backed_up_db, seed)
    before = digest(backed_up_db)
    backups_before = folder_digests(backed_up_db.parent / "backups")
    with pytest.raises(DatabaseDamaged) as caught:
        Workspace.open(backed_up_db)
    assert digest(backed_up_db) == before
    assert folder_digests(backed_up_db.parent / "backups") == backups_before
    good = list_backups(backed_up_db)[0].path
    assert caught.value.latest_backup == good
    assert str(good) in caught.value.message and "has not changed it" in caught.value.message


def test_garbage_header_is_detected(backed_up_db: Path):
    data = bytearray(backed_up_db.read_bytes())
    data[0:16] = b"not sqlite at al"
    backed_up_db.write_bytes(bytes(data))
    with pytest.raises(DatabaseDamaged, match="does not start like an SQLite database"):
        Workspace.open(backed_up_db)


def test_truncated_file_is_detected(backed_up_db: Path):
    data = backed_up_db.read_bytes()
    backed_up_db.write_bytes(data[: len(data) - 1000])
    with pytest.raises(DatabaseDamaged, match="not a whole number of pages"):
        Workspace.open(backed_up_db)


def test_cli_names_the_backup_and_restore_brings_the_data_back(backed_up_db: Path, capsys):
    smash_page_headers(backed_up_db, 7)
    code = main(["--db", str(backed_up_db), "--lang", "en", "courses"])
    err = capsys.readouterr().err
    assert code == 3 and "Traceback" not in err
    good = list_backups(backed_up_db)[0].path
    assert f'coursehub --db "{backed_up_db}" restore "{good}"' in err
    assert main(["--db", str(backed_up_db), "--lang", "en", "check"]) == 4
    assert main(["--db", str(backed_up_db), "--lang", "en", "restore", str(good), "--yes"]) == 0
    out = capsys.readouterr().out
    assert "kept in" in out and "damaged" in out
    assert main(["--db", str(backed_up_db), "--lang", "en", "courses"]) == 0
    assert capsys.readouterr().out.strip().splitlines()[-1].startswith("44")


def test_no_backup_is_said_plainly(db_path: Path):
    workspace = Workspace.open(db_path)
    load_demo(workspace.store, 2027)
    workspace.close()
    smash_page_headers(db_path, 3)
    with pytest.raises(DatabaseDamaged, match="No good backup") as caught:
        Workspace.open(db_path)
    assert caught.value.latest_backup is None


def test_a_damaged_backup_is_skipped_for_an_older_good_one(backed_up_db: Path):
    workspace = Workspace.open(backed_up_db)
    newer = BackupService(workspace.store, backed_up_db, lambda: datetime(2027, 3, 2, 9)).auto_backup()
    workspace.close()
    assert newer is not None
    smash_page_headers(newer, 1)
    smash_page_headers(backed_up_db, 2)
    with pytest.raises(DatabaseDamaged) as caught:
        Workspace.open(backed_up_db)
    assert caught.value.latest_backup == list_backups(backed_up_db)[1].path
