"""Encryption at rest with SQLCipher (the optional `encryption` extra: sqlcipher3).

An encrypted database is a whole-file AES-256 SQLCipher database; its key is 32 random
bytes that the services keep in the operating system's keyring, never in a file. Plain
SQLite stays the default. SQLCipher raises its own exception classes, so code that must
catch database errors of either kind uses DATABASE_ERRORS / INTEGRITY_ERRORS from here.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sqlite3
from pathlib import Path
from types import ModuleType
from typing import Any

from coursehub.domain.safety import BackupFailed
from coursehub.i18n import _
from coursehub.storage.part_file import part_file

SQLITE_MAGIC = b"SQLite format 3\x00"


def cipher_module() -> ModuleType | None:
    """sqlcipher3's DB-API module, or None when the `encryption` extra is not installed."""
    try:
        from sqlcipher3 import dbapi2
    except ImportError:
        return None
    module: ModuleType = dbapi2
    return module


def _error_classes(name: str) -> tuple[type[Exception], ...]:
    found: list[type[Exception]] = [getattr(sqlite3, name)]
    module = cipher_module()
    if module is not None:
        found.append(getattr(module, name))
    return tuple(found)


DATABASE_ERRORS = _error_classes("Error")
DATABASE_DAMAGE_ERRORS = _error_classes("DatabaseError")
INTEGRITY_ERRORS = _error_classes("IntegrityError")
_SQLITE_FULL = 13


def is_disk_full(error: BaseException) -> bool:
    """SQLite's "database or disk is full" (SQLITE_FULL), or the system's ENOSPC: never damage."""
    if isinstance(error, OSError):
        return error.errno == errno.ENOSPC
    if not isinstance(error, DATABASE_ERRORS):
        return False
    code = getattr(error, "sqlite_errorcode", None)
    return code == _SQLITE_FULL or (code is None and "disk is full" in str(error))


def is_plain_sqlite(path: Path) -> bool:
    """True for an SQLite file (or an empty one); an encrypted file looks like noise."""
    try:
        with path.open("rb") as handle:
            head = handle.read(16)
    except OSError:
        return True
    return head == b"" or head == SQLITE_MAGIC


def require_cipher() -> ModuleType:
    module = cipher_module()
    if module is None:
        raise BackupFailed(
            _(
                "Encryption needs the sqlcipher3 package, which is not installed here. Install "
                'CourseHub with its encryption extra: pip install "coursehub[encryption]".'
            )
        )
    return module


def _key_pragma(key: str) -> str:
    bytes.fromhex(key)  # a hex string only: it is put into SQL text
    return f"PRAGMA key = \"x'{key}'\""


def connect_encrypted(path: Path | str, key: str, *, read_only: bool = False, **options: Any) -> Any:
    """A SQLCipher connection to `path` keyed with `key` (64 hex digits)."""
    module = require_cipher()
    if read_only:
        uri = Path(path).resolve().as_uri() + "?mode=ro"
        conn = module.connect(uri, uri=True, **options)
    else:
        conn = module.connect(str(path), **options)
    conn.execute(_key_pragma(key))
    return conn


def encrypted_problems(path: Path, key: str) -> list[str]:
    """[] when the encrypted file opens with `key` and passes its checks (read-only)."""
    module = require_cipher()
    try:
        conn = connect_encrypted(path, key, read_only=True)
        conn.text_factory = lambda data: data.decode("utf-8", "replace")
        try:
            rows = [str(r[0]) for r in conn.execute("PRAGMA cipher_integrity_check")]
            rows += [str(r[0]) for r in conn.execute("PRAGMA quick_check(20)")]
        finally:
            conn.close()
    except module.Error as error:
        return [_("it cannot be opened with its key ({error})").format(error=error)]
    problems = [row for row in rows if row != "ok"]
    return problems


def convert(source: Path, target: Path, *, source_key: str | None, target_key: str | None) -> Path:
    """Write `source` to `target` encrypted with target_key (or plain when None), through
    sqlcipher_export; checked, then renamed into place. `source` is only read."""
    module = require_cipher()
    with part_file(target) as temporary:
        temporary.unlink(missing_ok=True)
        try:
            conn = connect_encrypted(source, source_key) if source_key else module.connect(str(source))
            try:
                target_literal = f"x'{target_key}'" if target_key else ""
                conn.execute(f'ATTACH DATABASE ? AS converted KEY "{target_literal}"', (str(temporary),))
                conn.execute("SELECT sqlcipher_export('converted')")
                version = int(conn.execute("PRAGMA main.user_version").fetchone()[0])
                conn.execute(f"PRAGMA converted.user_version = {version}")
                conn.execute("DETACH DATABASE converted")
            finally:
                conn.close()
            with contextlib.suppress(OSError):
                temporary.chmod(0o600)
            problems = encrypted_problems(temporary, target_key) if target_key else _plain_problems(temporary)
            if problems:
                raise BackupFailed(
                    _("The converted copy did not pass its check ({problem}); nothing was changed.").format(
                        problem=problems[0]
                    )
                )
            os.replace(temporary, target)
        except module.Error as error:
            raise BackupFailed(
                _("Could not convert {path}: {error}. Nothing was changed.").format(path=source, error=error)
            ) from error
    return target


def _plain_problems(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        rows = [str(r[0]) for r in conn.execute("PRAGMA integrity_check(5)")]
    finally:
        conn.close()
    return [] if rows == ["ok"] else rows
