"""Backups, restore and health checks of the database, and opening a database safely.

`open_safely` is what Workspace.open calls: it refuses network shares, refuses to touch a
damaged database (DatabaseDamaged names the latest good backup), opens read-only when
another copy is writing or the database is newer than this program, and takes the
automatic backup of the day (at most one a day, rotated: 7 daily and 4 weekly).
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from coursehub.domain.errors import CourseHubError
from coursehub.domain.safety import BackupFailed, DatabaseFileError
from coursehub.i18n import _
from coursehub.services.encryption import KeyStore, key_for_opening
from coursehub.storage import SqliteStore
from coursehub.storage import backup as files
from coursehub.storage.database import Database, connect, latest_version
from coursehub.storage.encryption import DATABASE_ERRORS, is_plain_sqlite
from coursehub.storage.erasure_ledger import Erasure, ErasureLedger
from coursehub.storage.guard import LocationCheck, open_guarded, refuse_network_share
from coursehub.storage.lock import WriterLock
from coursehub.storage.network import network_location

Clock = Callable[[], datetime]

# What makes a copy beside the database impossible to rewrite: it is then deleted instead.
_COPY_ERRORS: tuple[type[Exception], ...] = (CourseHubError, *DATABASE_ERRORS, OSError)


@dataclass(frozen=True)
class RestoreOutcome:
    restored_from: Path
    kept_aside: Path | None  # where the database as it was before the restore now is
    erased_again: int = 0  # people the erasure ledger says were erased, erased again


class BackupService:
    """Backups of one open database (the live SQLite connection is copied, not the file)."""

    def __init__(self, store: SqliteStore, db_path: Path, clock: Clock = datetime.now) -> None:
        self.store = store
        self.db_path = db_path
        self.clock = clock

    def auto_backup(self) -> Path | None:
        """Today's backup in the backups folder, if none was taken today; then rotate."""
        now = self.clock()
        if not files.backup_due(self.db_path, now):
            return None
        target = files.private_backup_folder(self.db_path) / files.backup_name(self.db_path, now)
        made = files.write_verified_copy(self.store.database.conn, target, self.store.database.key)
        files.rotate(self.db_path)
        return made

    def backup_to(self, target: Path) -> Path:
        """A verified copy at `target` (refused on a network share: a copy there is fine to
        read, but we say so instead of half-writing over a flaky link)."""
        target = Path(target).expanduser()
        if target.exists() and target.is_dir():
            target = target / files.backup_name(self.db_path, self.clock())
        return files.write_verified_copy(self.store.database.conn, target, self.store.database.key)

    def backups(self) -> list[files.BackupFile]:
        return files.list_backups(self.db_path)

    def copies(self) -> list[files.BackupFile]:
        """Every copy beside the database (each with its kind), newest first."""
        return files.files_beside(self.db_path)

    def check(self, *, full: bool = True) -> list[str]:
        """PRAGMA integrity_check of the open database; [] when healthy."""
        pragma = "integrity_check" if full else "quick_check"
        with self.store.read() as uow:
            rows = [str(r[0]) for r in uow.conn.execute(f"PRAGMA {pragma}(20)")]
        return [] if rows == ["ok"] else rows


def open_safely(
    path: Path,
    *,
    read_only: bool = False,
    location_check: LocationCheck = network_location,
    clock: Clock = datetime.now,
    keys: KeyStore | None = None,
) -> tuple[SqliteStore, list[str]]:
    """The store for `path` and the notices to show the user (read-only, backup failed).

    An encrypted database is opened with its key from the OS keyring (`keys` in tests)."""
    key = key_for_opening(Path(path), keys) if str(path) != ":memory:" else None
    guarded = open_guarded(path, read_only=read_only, location_check=location_check, key=key)
    store = SqliteStore(guarded.database)
    notices = list(guarded.notices)
    if guarded.existed and not store.read_only:
        try:
            BackupService(store, Path(path), clock).auto_backup()
        except BackupFailed as error:
            notices.append(
                _(
                    "The automatic backup of today could not be made: {reason} Your "
                    "data is unchanged; make a backup by hand soon."
                ).format(reason=error.message)
            )
    return store, notices


def reopen_for_writing(
    store: SqliteStore, path: Path, location_check: LocationCheck = network_location
) -> bool:
    """Let a store that opened read-only (another copy was writing) write, once that copy
    has closed: the services keep their store, which now holds a writable database."""
    if not store.read_only:
        return True
    guarded = open_guarded(path, location_check=location_check, key=store.database.key)
    if guarded.database.read_only:  # still held by the other copy, or made by a newer one
        guarded.database.close()
        return False
    previous, store.database = store.database, guarded.database
    previous.close()
    return True


def backups_folder(db_path: Path) -> Path:
    """Where the automatic backups of `db_path` are kept (it may not exist yet)."""
    return files.backup_folder(Path(db_path))


def check_file(path: Path, *, full: bool = True, keys: KeyStore | None = None) -> list[str]:
    """Problems of the database file at `path` ([] when healthy); it is opened read-only."""
    path = Path(path)
    if not path.is_file():
        raise DatabaseFileError(_("There is no file {path}.").format(path=path))
    return files.integrity_problems(path, full=full, key=key_for_opening(path, keys))


@dataclass(frozen=True)
class BackupSummary:
    path: Path
    taken: datetime  # from the backup's name, else the file's time
    contents: files.Contents


def describe_backup(db_path: Path, source: Path, *, keys: KeyStore | None = None) -> BackupSummary:
    """What `source` holds, after the same checks restore makes (BackupFailed if it is no
    good CourseHub backup); nothing is changed."""
    source = Path(source).expanduser()
    key = key_for_opening(Path(db_path), keys)
    source_key = key if source.is_file() and not is_plain_sqlite(source) else None
    _require_good_backup(source, source_key)
    return BackupSummary(source, _taken(source), files.contents(source, source_key))


def _taken(source: Path) -> datetime:
    found = re.search(r"(\d{8}-\d{6})", source.name)
    if found:
        with contextlib.suppress(ValueError):
            return datetime.strptime(found.group(1), "%Y%m%d-%H%M%S")
    return datetime.fromtimestamp(source.stat().st_mtime)


def restore(
    db_path: Path,
    source: Path,
    *,
    clock: Clock = datetime.now,
    location_check: LocationCheck = network_location,
    keys: KeyStore | None = None,
) -> RestoreOutcome:
    """Replace the database at `db_path` with the backup `source`.

    The backup is checked first (integrity and schema version); the current database is
    kept aside in the backups folder; the writer lock is held throughout.
    """
    db_path, source = Path(db_path), Path(source).expanduser()
    key = key_for_opening(db_path, keys)
    source_key = key if source.is_file() and not is_plain_sqlite(source) else None
    if key != source_key:
        raise BackupFailed(
            _(
                "The database and the backup are not both encrypted with the same key, so one "
                "cannot replace the other here. Nothing was changed."
            )
        )
    _require_good_backup(source, key)
    refuse_network_share(db_path, location_check)
    db_path.parent.mkdir(parents=True, exist_ok=True)
    lock = WriterLock.try_acquire(db_path)
    if lock is None:
        raise DatabaseFileError(
            _(
                "Another copy of CourseHub has this database open for changes. Close every "
                "CourseHub window on this computer, then restore again."
            )
        )
    with lock:
        kept = _replace_with(db_path, source, key, clock)
        return RestoreOutcome(source, kept, _erase_again(db_path, key))


def _replace_with(db_path: Path, source: Path, key: str | None, clock: Clock) -> Path | None:
    stamp = clock().strftime("%Y%m%d-%H%M%S")
    folder = files.private_backup_folder(db_path)
    if not db_path.exists() or db_path.stat().st_size == 0:
        files.copy_database_file(source, db_path, key)
        return None
    if files.integrity_problems(db_path, key=key):
        kept = _move_damaged_aside(db_path, folder / f"{db_path.stem}-damaged-{stamp}.db")
        files.copy_database_file(source, db_path, key)
        return kept
    kept = files.copy_database_file(db_path, folder / f"{db_path.stem}-before-restore-{stamp}.db", key)
    live = connect(db_path, key=key)
    try:
        files.restore_into(live, source, key)
    finally:
        live.close()
    return kept


def _erase_again(db_path: Path, key: str | None) -> int:
    """Apply the erasure ledger beside the database to what was just restored: a person
    erased after the backup was taken does not come back."""
    entries = ErasureLedger.beside(db_path).entries()
    if not entries:
        return 0
    from coursehub.domain.reference import load_reference
    from coursehub.services.people_wiring import PeopleServices

    store = SqliteStore(Database.open(db_path, key=key))
    try:
        return PeopleServices(store, load_reference()).trainees.reapply_erasures(entries)
    finally:
        store.close()


def _require_good_backup(source: Path, key: str | None) -> None:
    if not source.is_file():
        raise BackupFailed(_("There is no file {path}; nothing was changed.").format(path=source))
    problems = files.integrity_problems(source, full=True, key=key)
    version = 0 if problems or source.stat().st_size == 0 else files.schema_version(source, key)
    if not problems and version < 1:
        problems = [_("it holds no CourseHub tables")]
    if problems:
        raise BackupFailed(
            _("The file {path} is not a good CourseHub backup ({problem}); nothing was changed.").format(
                path=source, problem=problems[0]
            )
        )
    if version > latest_version():
        raise BackupFailed(
            _(
                "The backup {path} was made by a newer CourseHub than this one; install that newer "
                "version to restore it. Nothing was changed."
            ).format(path=source)
        )


def _move_damaged_aside(db_path: Path, target: Path) -> Path:
    """Move the damaged file with its -wal and -shm (which belong to it) out of the way."""
    target.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("-wal", "-shm"):
        companion = db_path.with_name(db_path.name + suffix)
        if companion.exists():
            with contextlib.suppress(OSError):
                os.replace(companion, target.with_name(target.name + suffix))
    os.replace(db_path, target)
    return target


def erase_from_copies(db_path: Path, key: str | None = None) -> list[Path]:
    """After an erasure: every copy beside the database gets the erasures of the ledger
    applied again and is compacted, so the person's details are nowhere readable; a copy
    that cannot be rewritten (damaged, a .part, an older schema) is deleted instead.
    Returns the copies deleted."""
    entries = ErasureLedger.beside(db_path).entries()
    deleted = []
    for copy in files.files_beside(Path(db_path)):
        rewritable = copy.kind not in (files.DAMAGED, files.UNFINISHED)
        if not (rewritable and _rewrite(copy.path, key, entries)) and files.remove_copy(copy):
            deleted.append(copy.path)
    return deleted


def _rewrite(path: Path, key: str | None, entries: list[Erasure]) -> bool:
    from coursehub.domain.reference import load_reference
    from coursehub.services.people_wiring import PeopleServices

    try:
        if files.schema_version(path, key) != latest_version():
            return False
        database = Database(path, key=key)  # as it is: a copy is never migrated
        store = SqliteStore(database)
        try:
            done = PeopleServices(store, load_reference()).trainees.reapply_erasures(entries)
            files.squeeze(database.conn, vacuum=done > 0)
            files.as_plain_file(database.conn)
        finally:
            store.close()
    except _COPY_ERRORS:
        return False
    return True
