"""Opening a database file safely, in this order, before anything is written to it:

1. the file is on a local disk (not a network share);
2. the file is healthy (header sane, PRAGMA quick_check ok), else DatabaseDamaged names
   the latest good backup and the file is left exactly as it was; another program's
   SQLite file is refused, untouched; a read-only file (or -wal/-shm) opens read-only;
3. this copy gets the writer lock, else it opens read-only and says so;
4. a database made by a newer CourseHub opens read-only and says so.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from coursehub.domain.errors import os_reason
from coursehub.domain.safety import DatabaseDamaged, DatabaseFileError, DatabaseOnNetworkShare, NotOurDatabase
from coursehub.i18n import _
from coursehub.storage.backup import foreign_tables, integrity_problems, latest_good_backup
from coursehub.storage.database import Database, DatabaseTooNew
from coursehub.storage.lock import WriterLock
from coursehub.storage.network import NetworkLocation, network_location

LocationCheck = Callable[[Path], NetworkLocation | None]
FULL_CHECK_LIMIT = 4 * 1024 * 1024  # bytes: up to here PRAGMA integrity_check on every open


@dataclass
class GuardedOpen:
    database: Database
    notices: list[str] = field(default_factory=list)  # plain sentences for the user
    existed: bool = True  # False when this open created the database


def open_guarded(
    path: Path | str,
    *,
    read_only: bool = False,
    location_check: LocationCheck = network_location,
    key: str | None = None,
) -> GuardedOpen:
    """`key`: the SQLCipher key of an encrypted database (None for plain SQLite)."""
    if str(path) == ":memory:":
        return GuardedOpen(Database.open(":memory:"), existed=False)
    path = Path(path)
    refuse_network_share(path, location_check)
    existed = path.exists() and path.stat().st_size > 0
    notices: list[str] = []
    if existed:
        reason = read_only_files(path)
        if reason is not None:
            notices.append(reason)
            return GuardedOpen(_open_untouched(path, key), notices, existed)
        check_health(path, key)
        if key is None:
            refuse_foreign(path)
    lock = None
    if not read_only:
        lock = _writer_lock(path)
        if lock is None:
            read_only = True
            notices.append(
                _(
                    "Another copy of CourseHub is already changing this database, so this copy "
                    "opened it read-only: you can look but not save. Close the other copy (or wait "
                    "for it to finish) and open CourseHub again to make changes."
                )
            )
    try:
        database = _open(path, read_only, notices, key)
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    if database.read_only and lock is not None:
        lock.release()
    else:
        database.writer_lock = lock
    return GuardedOpen(database, notices, existed)


def refuse_network_share(path: Path, location_check: LocationCheck = network_location) -> None:
    where = location_check(path)
    if where is None:
        return
    raise DatabaseOnNetworkShare(
        _(
            "The database {path} is on a network share ({kind}: {share}). CourseHub does not use a "
            "database there, because SQLite files are damaged when they are written over a "
            "network. Keep the database on this computer's own disk, and exchange courses with "
            "other offices by file: export them to a spreadsheet and let the others import it."
        ).format(path=path, kind=where.kind, share=where.where),
        path,
        where.where,
    )


def check_health(path: Path, key: str | None = None, *, immutable: bool = False) -> None:
    """Raise DatabaseDamaged (naming the latest good backup) unless the file is healthy."""
    problems = integrity_problems(path, key=key, full=_small(path), immutable=immutable)
    if not problems:
        return
    backup = latest_good_backup(path, key)
    if backup is not None:
        advice = _(
            "The latest good backup is {backup}. To go back to it, close CourseHub and "
            'run: coursehub --db "{path}" restore "{backup}"'
        ).format(backup=backup, path=path)
    else:
        advice = _("No good backup of it was found in {folder}.").format(folder=path.parent / "backups")
    message = _(
        "The file {path} is not a CourseHub database or is damaged ({problem}). CourseHub has "
        "not changed it. {advice}"
    ).format(path=path, problem=problems[0], advice=advice)
    raise DatabaseDamaged(message, path, backup, tuple(problems))


def refuse_foreign(path: Path, *, immutable: bool = False) -> None:
    """Another program's SQLite file is refused before anything is written to it (CourseHub
    would otherwise add its tables and switch it to WAL mode)."""
    tables = foreign_tables(path, immutable=immutable)
    if tables:
        shown = ", ".join(tables[:5]) + (" …" if len(tables) > 5 else "")
        raise NotOurDatabase(
            _(
                "The file {path} is an SQLite database of another program (its tables: {tables}), "
                "not a CourseHub database. CourseHub has not changed it; choose a CourseHub "
                "database with --db, or a new file name to start one."
            ).format(path=path, tables=shown)
        )


def read_only_files(path: Path) -> str | None:
    """A plain sentence when the database, or its -wal or -shm beside it, may not be written:
    the database is then opened read-only and all three are left exactly as they are."""
    for candidate in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        if candidate.exists() and not _writable(candidate):
            return _(
                "The file {file} is read-only, so CourseHub opened the database read-only: you "
                "can look but not save, and the files are left exactly as they are. To make "
                "changes, make the database and its -wal and -shm files writable for you."
            ).format(file=candidate)
    return None


def _writable(path: Path) -> bool:
    # As root every file is writable; go by the file's mode, as the person who set it meant.
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        return bool(path.stat().st_mode & 0o222)
    return os.access(path, os.W_OK)


def _small(path: Path) -> bool:
    """Small enough for the full integrity_check on every open (it also compares indexes
    with their tables and finds about a third more damage than quick_check; see
    benchmarks/bench_damage_detection.py). Larger files get quick_check here and the full
    check once a day, on the copy the automatic backup makes."""
    try:
        return path.stat().st_size <= FULL_CHECK_LIMIT
    except OSError:
        return True


def _writer_lock(path: Path) -> WriterLock | None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        return WriterLock.try_acquire(path)
    except OSError as error:
        raise DatabaseFileError(
            _(
                "CourseHub cannot write in the folder {folder} ({error}). Choose a database in a "
                "folder where you may save files."
            ).format(folder=path.parent, error=os_reason(error))
        ) from error


def _open(path: Path, read_only: bool, notices: list[str], key: str | None) -> Database:
    try:
        return Database.open(path, read_only=read_only, key=key)
    except DatabaseTooNew as error:
        if read_only:
            raise
        notices.append(
            _("{reason} It was opened read-only, so nothing in it can be changed here.").format(
                reason=error.message
            )
        )
        return Database.open(path, read_only=True, allow_newer=True, key=key)


def _open_untouched(path: Path, key: str | None) -> Database:
    """A database whose file, -wal or -shm may not be written, opened so that none of them
    changes: without a -wal, immutable (no -shm or -wal is made beside it); with one, from a
    private copy of the file and its -wal (SQLite would write the -shm beside it, and as root
    even a read-only one). Checked like any other first."""
    if not path.with_name(path.name + "-wal").exists():
        check_health(path, key, immutable=True)
        if key is None:
            refuse_foreign(path, immutable=True)
        return Database.open(path, read_only=True, allow_newer=True, key=key, immutable=True)
    folder = Path(tempfile.mkdtemp(prefix="coursehub-read-only-"))
    try:
        copy = folder / path.name
        for suffix in ("", "-wal"):
            shutil.copyfile(path.with_name(path.name + suffix), copy.with_name(copy.name + suffix))
        check_health(copy, key)
        if key is None:
            refuse_foreign(copy)
        database = Database.open(copy, read_only=True, allow_newer=True, key=key)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    database.snapshot_folder = folder
    return database
