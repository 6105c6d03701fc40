"""Optional encryption at rest (SQLCipher, key in the OS keyring). Skipped where the
`encryption` extra (sqlcipher3) is not installed; plain SQLite stays the default."""

from __future__ import annotations

import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from coursehub.domain.safety import DatabaseDamaged
from coursehub.services.backup import BackupService, check_file, open_safely, restore
from coursehub.services.demo import load_demo
from coursehub.services.encryption import EncryptionService, key_for_opening
from coursehub.storage.backup import list_backups
from coursehub.storage.encryption import is_plain_sqlite

pytest.importorskip("sqlcipher3")


class MemoryKeys:
    """A keyring stand-in: tests never touch the real one."""

    def __init__(self) -> None:
        self.keys: dict[Path, str] = {}

    def get(self, db_path: Path) -> str | None:
        return self.keys.get(db_path.resolve())

    def set(self, db_path: Path, key: str) -> None:
        self.keys[db_path.resolve()] = key

    def delete(self, db_path: Path) -> None:
        self.keys.pop(db_path.resolve(), None)


@pytest.fixture
def keys() -> MemoryKeys:
    return MemoryKeys()


@pytest.fixture
def encrypted_db(db_path: Path, keys: MemoryKeys) -> Path:
    store, _ = open_safely(db_path, keys=keys)
    load_demo(store, 2027)
    BackupService(store, db_path, lambda: datetime(2027, 1, 1)).auto_backup()
    store.close()
    removed = EncryptionService(keys).encrypt(db_path)
    assert len(removed) == 1  # the plain backup went with the plain database
    return db_path


def test_encrypted_database_is_unreadable_without_its_key(encrypted_db: Path, keys):
    assert not is_plain_sqlite(encrypted_db)
    assert b"Durr" not in encrypted_db.read_bytes()
    with pytest.raises(sqlite3.DatabaseError):
        sqlite3.connect(encrypted_db).execute("SELECT count(*) FROM courses").fetchone()
    assert key_for_opening(encrypted_db, keys) is not None


def test_it_opens_with_the_key_and_works_as_before(encrypted_db: Path, keys):
    store, notices = open_safely(encrypted_db, keys=keys, clock=lambda: datetime(2027, 1, 2))
    try:
        assert notices == []
        with store.write() as uow:
            uow.courses.set_status(1, uow.courses.get(1).status.__class__("cancelled"))
        with store.read() as uow:
            assert uow.courses.count() == 44
    finally:
        store.close()
    backup = list_backups(encrypted_db)[0].path
    assert not is_plain_sqlite(backup)  # backups of an encrypted database are encrypted


def test_without_the_key_it_is_not_touched(encrypted_db: Path):
    before = encrypted_db.read_bytes()
    with pytest.raises(DatabaseDamaged):
        open_safely(encrypted_db, keys=MemoryKeys())
    assert encrypted_db.read_bytes() == before


def test_decrypt_writes_a_plain_copy_and_restore_works_encrypted(encrypted_db, keys, tmp_path):
    plain = EncryptionService(keys).decrypt(encrypted_db, tmp_path / "plain.db")
    with sqlite3.connect(plain) as conn:
        assert conn.execute("SELECT count(*) FROM courses").fetchone()[0] == 44
    store, _ = open_safely(encrypted_db, keys=keys, clock=lambda: datetime(2027, 1, 3))
    store.close()
    outcome = restore(encrypted_db, list_backups(encrypted_db)[0].path, keys=keys)
    assert outcome.kept_aside is not None and not is_plain_sqlite(outcome.kept_aside)


def test_check_uses_the_key(encrypted_db: Path, keys):
    assert check_file(encrypted_db, keys=keys) == []
    assert check_file(encrypted_db, keys=MemoryKeys())  # without it: not readable as SQLite


def test_without_a_keyring_nothing_is_written(db_path: Path):
    from coursehub.domain.safety import DatabaseFileError

    class NoKeyring(MemoryKeys):
        def set(self, db_path: Path, key: str) -> None:
            raise DatabaseFileError("no keyring")

    store, _ = open_safely(db_path, keys=NoKeyring())
    load_demo(store, 2027)
    store.close()
    before = db_path.read_bytes()
    with pytest.raises(DatabaseFileError):
        EncryptionService(NoKeyring()).encrypt(db_path)
    assert db_path.read_bytes() == before
    assert not list(db_path.parent.glob("*.encrypted*"))
