"""Optional encryption at rest: turn a database into a SQLCipher one (and back), with its key
kept in the operating system's keyring (Windows Credential Manager, macOS Keychain, the
Secret Service on Linux), never in a file beside the database.

Needs the `encryption` extra (sqlcipher3 and keyring). Plain SQLite stays the default.
"""

from __future__ import annotations

import contextlib
import secrets
from pathlib import Path
from typing import Any, Protocol

from coursehub.domain.safety import BackupFailed, DatabaseFileError
from coursehub.i18n import _
from coursehub.storage import backup as files
from coursehub.storage.encryption import convert, is_plain_sqlite, require_cipher
from coursehub.storage.lock import WriterLock

KEYRING_SERVICE = "CourseHub database key"


class KeyStore(Protocol):
    def get(self, db_path: Path) -> str | None: ...
    def set(self, db_path: Path, key: str) -> None: ...
    def delete(self, db_path: Path) -> None: ...


class KeyringKeyStore:
    """Keys in the OS keyring, one per database file (its full path names the entry)."""

    @staticmethod
    def _keyring() -> Any:  # the keyring module (untyped), or None without the encryption extra
        try:
            import keyring
            import keyring.errors
        except ImportError:
            return None
        return keyring

    def get(self, db_path: Path) -> str | None:
        keyring = self._keyring()
        if keyring is None:
            return None
        try:
            found: str | None = keyring.get_password(KEYRING_SERVICE, str(db_path.resolve()))
            return found
        except keyring.errors.KeyringError:
            return None

    def set(self, db_path: Path, key: str) -> None:
        keyring = self._keyring()
        if keyring is None:
            raise DatabaseFileError(
                _("Encryption needs the keyring package; install CourseHub with its encryption extra.")
            )
        try:
            keyring.set_password(KEYRING_SERVICE, str(db_path.resolve()), key)
        except keyring.errors.KeyringError as error:
            raise DatabaseFileError(
                _(
                    "This computer has no keyring where CourseHub could keep the key safely "
                    "({error}); the database was left unencrypted."
                ).format(error=error)
            ) from error

    def delete(self, db_path: Path) -> None:
        keyring = self._keyring()
        if keyring is not None:
            with contextlib.suppress(keyring.errors.KeyringError):
                keyring.delete_password(KEYRING_SERVICE, str(db_path.resolve()))


def key_for_opening(db_path: Path, keys: KeyStore | None = None) -> str | None:
    """The key of an encrypted database; None for a plain (or new) one. Cheap for plain
    files: the keyring is only asked when the file does not start like SQLite."""
    if not db_path.exists() or is_plain_sqlite(db_path):
        return None
    return (keys or KeyringKeyStore()).get(db_path)


class EncryptionService:
    def __init__(self, keys: KeyStore | None = None) -> None:
        self.keys = keys or KeyringKeyStore()

    def encrypt(self, db_path: Path) -> list[Path]:
        """Encrypt the database in place; return the plain backups that were removed.

        The plain file is replaced only after the encrypted copy passed its check and the
        key is safely in the keyring. Plain backups would defeat the purpose, so they go too.
        """
        require_cipher()
        with _exclusive(db_path):
            if not is_plain_sqlite(db_path):
                raise DatabaseFileError(_("The database {path} is already encrypted.").format(path=db_path))
            problems = files.integrity_problems(db_path, full=True)
            if problems:
                raise BackupFailed(
                    _("The database is damaged ({problem}); restore a backup before encrypting it.").format(
                        problem=problems[0]
                    )
                )
            key = secrets.token_hex(32)
            self.keys.set(db_path, key)  # first: without a keyring nothing is written
            try:
                encrypted = convert(
                    db_path, db_path.with_name(db_path.name + ".encrypted"), source_key=None, target_key=key
                )
            except BaseException:
                self.keys.delete(db_path)
                raise
            _remove_companions(db_path)
            encrypted.replace(db_path)
            # Every plain copy beside it goes: backups, kept-aside, damaged, .part files.
            plain = [
                b
                for b in files.files_beside(db_path)
                if b.kind == files.UNFINISHED or is_plain_sqlite(b.path)
            ]
            return [b.path for b in plain if files.remove_copy(b)]

    def decrypt(self, db_path: Path, target: Path) -> Path:
        """A plain copy of the encrypted database at `target` (the database stays encrypted)."""
        key = self.keys.get(db_path)
        if key is None:
            raise DatabaseFileError(
                _("No key for {path} is in this computer's keyring.").format(path=db_path)
            )
        return convert(db_path, target, source_key=key, target_key=None)


class _exclusive:
    """The writer lock for a conversion: no other copy may have the database open."""

    def __init__(self, db_path: Path) -> None:
        self.db_path = db_path
        self.lock: WriterLock | None = None

    def __enter__(self) -> WriterLock:
        if not self.db_path.is_file():
            raise DatabaseFileError(_("There is no file {path}.").format(path=self.db_path))
        self.lock = WriterLock.try_acquire(self.db_path)
        if self.lock is None:
            raise DatabaseFileError(
                _(
                    "Another copy of CourseHub has this database open for changes. Close every "
                    "CourseHub window on this computer, then try again."
                )
            )
        return self.lock

    def __exit__(self, *exc: object) -> None:
        if self.lock is not None:
            self.lock.release()


def _remove_companions(db_path: Path) -> None:
    for suffix in ("-wal", "-shm"):
        db_path.with_name(db_path.name + suffix).unlink(missing_ok=True)
