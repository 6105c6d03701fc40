"""Backups of the database file: made with SQLite's online backup API, verified, rotated.

A backup is written under a temporary name, checked with PRAGMA integrity_check, flushed
to disk and only then renamed into place: a file with a backup's name is always a good,
complete copy. Backups are opened read-only and immutable when checked, so checking never
changes them.
"""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from coursehub.domain.errors import os_reason
from coursehub.domain.safety import BackupFailed, DiskFull
from coursehub.fileio import OutputFileError, checked_output_path
from coursehub.i18n import _
from coursehub.storage.encryption import (
    DATABASE_ERRORS,
    connect_encrypted,
    encrypted_problems,
    is_disk_full,
)
from coursehub.storage.part_file import part_file

SQLITE_MAGIC = b"SQLite format 3\x00"
BACKUP_FOLDER = "backups"
KEEP_DAILY = 7
KEEP_WEEKLY = 4
_STAMP = "%Y%m%d-%H%M%S"

_WRITE_ERRORS: tuple[type[Exception], ...] = (*DATABASE_ERRORS, OSError)


# Checking a database file ------------------------------------------------------------
def header_problem(path: Path) -> str | None:
    """What is wrong with the file's 100-byte header and size, in plain words, or None."""
    try:
        size = path.stat().st_size
        with path.open("rb") as handle:
            header = handle.read(100)
    except OSError as error:
        return _("the file cannot be read ({error})").format(error=os_reason(error))
    if size == 0:
        return None  # an empty file is a database not yet created
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        return _("the file does not start like an SQLite database")
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    if page_size < 512 or page_size & (page_size - 1):
        return _("the page size written in the file ({size}) is impossible").format(size=page_size)
    if size % page_size:
        return _("the file size ({size} bytes) is not a whole number of pages").format(size=size)
    return None


def read_only_uri(path: Path, *, immutable: bool = False) -> str:
    uri = path.resolve().as_uri() + "?mode=ro"
    return uri + "&immutable=1" if immutable else uri


def integrity_problems(
    path: Path, *, full: bool = False, immutable: bool = False, key: str | None = None
) -> list[str]:
    """The header check, then PRAGMA quick_check (or integrity_check); [] when healthy.

    The file is opened read-only: nothing is written to it. With `key`, the file is an
    encrypted database and SQLCipher's own checks run instead.
    """
    if key is not None:
        return encrypted_problems(path, key)
    problem = header_problem(path)
    if problem is not None:
        return [problem]
    try:
        conn = sqlite3.connect(read_only_uri(path, immutable=immutable), uri=True)
    except sqlite3.Error as error:
        if is_disk_full(error):
            raise DiskFull(path) from error
        return [str(error)]
    conn.text_factory = _lenient_text  # a damaged file can put any bytes into a message
    try:
        pragma = "integrity_check" if full else "quick_check"
        rows = [str(row[0]) for row in conn.execute(f"PRAGMA {pragma}(20)")]
    except sqlite3.Error as error:
        if is_disk_full(error):  # the check needed room for temporary files: not damage
            raise DiskFull(path) from error
        return [str(error)]
    except UnicodeDecodeError:  # SQLite's own message quoted damaged bytes
        return [_("its list of tables is damaged")]
    finally:
        conn.close()
    return [] if rows == ["ok"] else rows


OUR_TABLES = frozenset({"providers", "courses"})


def foreign_tables(path: Path, *, immutable: bool = False) -> list[str]:
    """The tables of a healthy SQLite file that CourseHub did not make ([] for a CourseHub
    database, or an SQLite file with no tables yet). Opened read-only: nothing is written."""
    conn = sqlite3.connect(read_only_uri(path, immutable=immutable), uri=True)
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        tables = {
            str(row[0])
            for row in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")
            if not str(row[0]).startswith("sqlite_")
        }
    except sqlite3.Error:
        return []  # the health check speaks about files SQLite cannot read
    finally:
        conn.close()
    if not tables or (version > 0 and tables >= OUR_TABLES):
        return []
    return sorted(tables)


def _lenient_text(data: bytes) -> str:
    return data.decode("utf-8", "replace")


def _open_backup(path: Path, key: str | None) -> Any:
    """A backup opened read-only (immutable: never changed), with its key when it has one
    (sqlite3's connection, or sqlcipher's with the same calls)."""
    if key:
        return connect_encrypted(path, key, read_only=True)
    return sqlite3.connect(read_only_uri(path, immutable=True), uri=True)


def schema_version(path: Path, key: str | None = None) -> int:
    conn = _open_backup(path, key)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


@dataclass(frozen=True)
class Contents:
    """What a backup holds, shown before it replaces the database."""

    providers: int
    courses: int
    trainees: int
    users: int
    last_change: datetime | None  # the newest audit entry: when the backup's data last changed


_COUNTED = ("providers", "courses", "trainees", "users")


def contents(path: Path, key: str | None = None) -> Contents:
    """Counts read from a checked backup, opened read-only (immutable: never changed)."""
    conn = _open_backup(path, key)
    try:
        tables = {str(r[0]) for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        counts = [
            int(conn.execute(f"SELECT count(*) FROM {name}").fetchone()[0]) if name in tables else 0
            for name in _COUNTED
        ]
        last = conn.execute("SELECT max(at) FROM audit_log").fetchone()[0] if "audit_log" in tables else None
    finally:
        conn.close()
    providers, courses, trainees, users = counts
    changed: datetime | None = None
    with contextlib.suppress(TypeError, ValueError):
        changed = datetime.fromisoformat(str(last))
    return Contents(providers, courses, trainees, users, last_change=changed)


# Writing a verified copy ---------------------------------------------------------------
def write_verified_copy(source: sqlite3.Connection, target: Path, key: str | None = None) -> Path:
    """A consistent copy of `source` at `target`: backup API in one step, integrity-checked,
    fsynced, readable only by the user, renamed into place. Raises BackupFailed.

    The copy of an encrypted database (`key` given) is encrypted with the same key."""
    try:  # a folder, a device or a missing folder is refused before anything is written
        target = checked_output_path(target)
    except OutputFileError as error:
        raise BackupFailed(error.message) from error
    with part_file(target) as temporary:
        try:
            temporary.unlink(missing_ok=True)
            os.close(os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
            copy = connect_encrypted(temporary, key) if key else sqlite3.connect(str(temporary))
            try:
                source.backup(copy)
                copy.execute("PRAGMA journal_mode = DELETE")
                copy.text_factory = _lenient_text
                verdict = [str(r[0]) for r in copy.execute("PRAGMA integrity_check(5)")]
            finally:
                copy.close()
            if verdict != ["ok"]:
                raise BackupFailed(
                    _("The backup {path} did not pass its check ({problem}); it was not kept.").format(
                        path=target, problem="; ".join(verdict)
                    )
                )
            _fsync_file(temporary)
            os.replace(temporary, target)
            _fsync_folder(target.parent)
        except _WRITE_ERRORS as error:
            reason = os_reason(error) if isinstance(error, OSError) else str(error)
            raise BackupFailed(
                _("Could not write the backup {path}: {error}").format(path=target, error=reason)
            ) from error
    return target


def copy_database_file(source: Path, target: Path, key: str | None = None) -> Path:
    """A verified copy of the database file `source`, opened read-only (never changed)."""
    try:
        conn = (
            connect_encrypted(source, key, read_only=True)
            if key
            else sqlite3.connect(read_only_uri(source), uri=True)
        )
    except DATABASE_ERRORS as error:
        raise BackupFailed(_("Could not read {path}: {error}").format(path=source, error=error)) from error
    try:
        return write_verified_copy(conn, target, key)
    finally:
        conn.close()


def squeeze(conn: sqlite3.Connection, *, vacuum: bool) -> None:
    """Leave no erased value behind in the file: the WAL is written into the database and
    emptied, and (vacuum) the free pages that held deleted rows are rebuilt away."""
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    if vacuum:
        conn.execute("VACUUM")


def as_plain_file(conn: sqlite3.Connection) -> None:
    """A backup copy keeps the DELETE journal it was written with (one file, no -wal)."""
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("PRAGMA journal_mode = DELETE")


def restore_into(live: sqlite3.Connection, source: Path, key: str | None = None) -> None:
    """Replace the contents of the open database `live` with the checked file `source`.

    The backup API writes into `live` inside one transaction, so other copies reading the
    database see the old contents or the new ones, never a mixture.
    """
    try:
        conn = (
            connect_encrypted(source, key, read_only=True)
            if key
            else sqlite3.connect(read_only_uri(source), uri=True)
        )
        try:
            conn.backup(live)
        finally:
            conn.close()
    except DATABASE_ERRORS as error:
        raise BackupFailed(
            _("Could not restore from {path}: {error}. The database is as it was.").format(
                path=source, error=error
            )
        ) from error


def _restrict_to_user(path: Path) -> None:
    with contextlib.suppress(OSError):
        path.chmod(0o600)


def _fsync_file(path: Path) -> None:
    with path.open("rb+") as handle:
        os.fsync(handle.fileno())


def _fsync_folder(folder: Path) -> None:
    # A directory cannot be opened on Windows; there the rename is already durable enough.
    with contextlib.suppress(OSError):
        fd = os.open(folder, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)


# The backups folder and its rotation ---------------------------------------------------
AUTOMATIC, BEFORE_RESTORE, DAMAGED, MIGRATION, UNFINISHED = (
    "automatic",
    "before-restore",
    "damaged",
    "migration",
    "unfinished",
)
UNFINISHED_AGE = timedelta(hours=1)  # a .part this old belongs to no write still running


@dataclass(frozen=True)
class BackupFile:
    path: Path
    taken: datetime
    kind: str = AUTOMATIC  # or one of the other copies the program leaves beside the database

    @property
    def day(self) -> date:
        return self.taken.date()

    @property
    def week(self) -> tuple[int, int]:
        iso = self.taken.isocalendar()
        return iso[0], iso[1]


def backup_folder(db_path: Path) -> Path:
    return db_path.parent / BACKUP_FOLDER


def private_backup_folder(db_path: Path) -> Path:
    """The backups folder, created readable only by the user where the platform allows."""
    folder = backup_folder(db_path)
    try:
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError as error:
        raise BackupFailed(
            _("Could not make the backups folder {path}: {error}").format(path=folder, error=os_reason(error))
        ) from error
    with contextlib.suppress(OSError):
        folder.chmod(0o700)
    return folder


def backup_name(db_path: Path, taken: datetime) -> str:
    return f"{db_path.stem}-{taken.strftime(_STAMP)}.db"


def list_backups(db_path: Path) -> list[BackupFile]:
    """The automatic backups of `db_path`, newest first (other files are ignored)."""
    pattern = re.compile(re.escape(db_path.stem) + r"-(\d{8}-\d{6})\.db$")
    found = []
    folder = backup_folder(db_path)
    with contextlib.suppress(OSError):
        for path in folder.iterdir():
            match = pattern.match(path.name)
            if match:
                with contextlib.suppress(ValueError):
                    found.append(BackupFile(path, datetime.strptime(match.group(1), _STAMP)))
    return sorted(found, key=lambda b: b.taken, reverse=True)


def files_beside(db_path: Path) -> list[BackupFile]:
    """Every copy the program leaves beside the database, newest first: automatic backups,
    copies kept before a restore, damaged files moved aside, the copies taken before a
    schema migration, and .part files of writes cut short."""
    stem = re.escape(db_path.stem)
    patterns = [
        (re.compile(stem + r"-(\d{8}-\d{6})\.db$"), AUTOMATIC),
        (re.compile(stem + r"-before-restore-(\d{8}-\d{6})\.db$"), BEFORE_RESTORE),
        (re.compile(stem + r"-damaged-(\d{8}-\d{6})\.db$"), DAMAGED),
        (re.compile(re.escape(db_path.name) + r"\.v\d+-(\d{8}-\d{6})\.bak$"), MIGRATION),
    ]
    found = []
    for folder in (backup_folder(db_path), db_path.parent):
        with contextlib.suppress(OSError):
            for path in folder.iterdir():
                if path.name.endswith(".part") and path.name.startswith(db_path.stem):
                    with contextlib.suppress(OSError):
                        found.append(
                            BackupFile(path, datetime.fromtimestamp(path.stat().st_mtime), UNFINISHED)
                        )
                    continue
                for pattern, kind in patterns:
                    match = pattern.match(path.name)
                    if match:
                        with contextlib.suppress(ValueError):
                            found.append(BackupFile(path, datetime.strptime(match.group(1), _STAMP), kind))
                        break
    return sorted(set(found), key=lambda b: b.taken, reverse=True)


def remove_copy(copy: BackupFile) -> bool:
    """Delete a copy with the -wal and -shm that belong to it (a damaged file keeps them)."""
    try:
        for suffix in ("-wal", "-shm"):
            copy.path.with_name(copy.path.name + suffix).unlink(missing_ok=True)
        copy.path.unlink(missing_ok=True)
    except OSError:
        return False
    return True


def backup_due(db_path: Path, now: datetime) -> bool:
    """True unless a backup of today already exists (at most one automatic backup a day)."""
    return not any(b.day == now.date() for b in list_backups(db_path))


def backups_to_delete(
    backups: Iterable[BackupFile], *, daily: int = KEEP_DAILY, weekly: int = KEEP_WEEKLY
) -> list[BackupFile]:
    """Keep the newest backup of each of the last `daily` days that have one, and the
    newest of each of the last `weekly` ISO weeks; everything else may go."""
    ordered = sorted(backups, key=lambda b: b.taken, reverse=True)
    keep: set[Path] = set()
    days: list[date] = []
    weeks: list[tuple[int, int]] = []
    for backup in ordered:
        if backup.day not in days and len(days) < daily:
            days.append(backup.day)
            keep.add(backup.path)
        if backup.week not in weeks and len(weeks) < weekly:
            weeks.append(backup.week)
            keep.add(backup.path)
    return [b for b in ordered if b.path not in keep]


def rotate(db_path: Path, now: datetime | None = None) -> list[Path]:
    """The same policy for every kind of copy (7 daily, 4 weekly, each kind on its own);
    .part files of writes cut short go once they are an hour old."""
    now = now or datetime.now()
    removed = []
    beside = files_beside(db_path)
    doomed = [b for b in beside if b.kind == UNFINISHED and now - b.taken >= UNFINISHED_AGE]
    for kind in (AUTOMATIC, BEFORE_RESTORE, DAMAGED, MIGRATION):
        doomed += backups_to_delete([b for b in beside if b.kind == kind])
    for copy in doomed:
        if remove_copy(copy):
            removed.append(copy.path)
    return removed


def latest_good_backup(db_path: Path, key: str | None = None) -> Path | None:
    """The newest automatic backup that passes its check (read-only, immutable)."""
    for backup in list_backups(db_path):
        if not integrity_problems(backup.path, immutable=True, key=key):
            return backup.path
    return None
