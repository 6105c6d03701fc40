"""Opening the SQLite database: pragmas, numbered migrations, transactions.

Every user action is one transaction. Writes start with BEGIN IMMEDIATE so that two copies
of CourseHub on one file queue up instead of failing half-way (docs/reliability.md).
sqlite-utils calls inside a transaction use savepoints and never commit on their own.
"""

from __future__ import annotations

import contextlib
import re
import shutil
import sqlite3
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from coursehub.domain.errors import CourseHubError
from coursehub.domain.safety import DiskFull
from coursehub.i18n import _
from coursehub.paths import MIGRATIONS_DIR
from coursehub.storage.backup import write_verified_copy
from coursehub.storage.encryption import (
    DATABASE_DAMAGE_ERRORS,
    DATABASE_ERRORS,
    connect_encrypted,
    is_disk_full,
)
from coursehub.storage.lock import WriterLock
from coursehub.storage.schema_rules import plain_refusal


@contextmanager
def _numpy_and_pandas_hidden() -> Iterator[None]:
    """sqlite-utils imports numpy and pandas when they are installed, only to map their value
    types, which CourseHub never hands it; numpy alone adds about 80 ms to every start. While
    it loads they look absent (a None entry makes `import` raise ImportError); one already
    loaded is left alone, and the analysis still imports numpy later (analysis.columns)."""
    hidden = [name for name in ("numpy", "pandas") if name not in sys.modules]
    for name in hidden:
        sys.modules[name] = None  # type: ignore[assignment]  # Python's documented way to block an import
    try:
        yield
    finally:
        for name in hidden:
            if sys.modules.get(name, 0) is None:
                del sys.modules[name]


with _numpy_and_pandas_hidden():
    import sqlite_utils

BUSY_TIMEOUT_MS = 5000
_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


class DatabaseError(CourseHubError):
    exit_code = 3


class DatabaseTooNew(DatabaseError):
    pass


@dataclass(frozen=True)
class Migration:
    version: int
    path: Path

    @property
    def sql(self) -> str:
        return self.path.read_text(encoding="utf-8")


def available_migrations(folder: Path = MIGRATIONS_DIR) -> list[Migration]:
    found = []
    for path in folder.glob("*.sql"):
        match = _MIGRATION_NAME.match(path.name)
        if match:
            found.append(Migration(int(match.group(1)), path))
    return sorted(found, key=lambda m: m.version)


def latest_version(folder: Path = MIGRATIONS_DIR) -> int:
    migrations = available_migrations(folder)
    return migrations[-1].version if migrations else 0


def connect(
    path: Path | str, *, read_only: bool = False, key: str | None = None, immutable: bool = False
) -> sqlite3.Connection:
    """A connection with our pragmas, in autocommit mode: transactions are explicit.

    With `key`, a SQLCipher connection to an encrypted database (storage/encryption.py).
    `immutable` (read-only only): a file nobody may write, opened without creating its
    -shm and -wal beside it.
    """
    target = str(path)
    if key is not None:
        conn: sqlite3.Connection = connect_encrypted(
            target, key, read_only=read_only, isolation_level=None, check_same_thread=False
        )
    elif read_only and target != ":memory:":
        uri = Path(target).resolve().as_uri() + "?mode=ro" + ("&immutable=1" if immutable else "")
        conn = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
    else:
        conn = sqlite3.connect(target, isolation_level=None, check_same_thread=False)
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA foreign_keys = ON")
    if not read_only and target != ":memory:":
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = FULL")
        # Deleted and overwritten values are zeroed, not left readable in free space.
        conn.execute("PRAGMA secure_delete = ON")
    return conn


def user_version(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA user_version").fetchone()[0])


def backup_to(conn: sqlite3.Connection, target: Path) -> Path:
    """A consistent copy through SQLite's online backup API, written under a temporary name,
    integrity-checked and fsynced before it is renamed into place (storage/backup.py)."""
    return write_verified_copy(conn, target)


def _restrict_to_user(path: Path) -> None:
    # Windows or a filesystem without modes: the user's profile folder protects it instead.
    with contextlib.suppress(OSError):
        path.chmod(0o600)


def migrate(conn: sqlite3.Connection, db_path: Path | None, folder: Path = MIGRATIONS_DIR) -> Path | None:
    """Bring the schema up to date; return the backup taken before migrating, if any.

    Each migration runs in one transaction together with its PRAGMA user_version, so a
    crash leaves the database at the old version with its data or at the new one.
    """
    current = user_version(conn)
    migrations = available_migrations(folder)
    newest = migrations[-1].version if migrations else 0
    if current > newest:
        raise DatabaseTooNew(
            _(
                "This database was made by a newer version of CourseHub than this one. Install the "
                "newer CourseHub to change it."
            )
        )
    pending = [m for m in migrations if m.version > current]
    if not pending:
        return None
    backup = None
    if db_path is not None and current > 0:
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
        backup = backup_to(conn, db_path.with_name(f"{db_path.name}.v{current}-{stamp}.bak"))
    for migration in pending:
        script = f"BEGIN IMMEDIATE;\n{migration.sql}\nPRAGMA user_version = {migration.version};\nCOMMIT;"
        try:
            conn.executescript(script)
        except DATABASE_ERRORS:
            if conn.in_transaction:
                conn.execute("ROLLBACK")
            raise
    return backup


def _unreadable(path: Path | str, error: Exception) -> CourseHubError:
    """What to say when SQLite cannot read `path`: the disk is full, or the file is damaged
    or not a CourseHub database."""
    if is_disk_full(error):
        return DiskFull(Path(path))
    return DatabaseError(
        _("The file {path} is not a CourseHub database or is damaged ({error}). Nothing was changed.").format(
            path=path, error=error
        )
    )


class Database:
    """One open database file (or ":memory:") and its sqlite-utils wrapper."""

    def __init__(
        self, path: Path | str, *, read_only: bool = False, key: str | None = None, immutable: bool = False
    ) -> None:
        self.path = Path(path) if str(path) != ":memory:" else None
        self.read_only = read_only
        self.key = key  # set for an encrypted database; backups are encrypted with it
        self.immutable = immutable
        self.conn = connect(path, read_only=read_only, key=key, immutable=immutable)
        self.db = sqlite_utils.Database(self.conn)
        self.migration_backup: Path | None = None
        self.writer_lock: WriterLock | None = None  # set by storage.guard.open_guarded
        self.snapshot_folder: Path | None = None  # set by storage.guard for a private copy

    @classmethod
    def open(
        cls,
        path: Path | str,
        *,
        read_only: bool = False,
        allow_newer: bool = False,
        key: str | None = None,
        immutable: bool = False,
    ) -> Database:
        """Open and migrate; read-only opens of a newer schema need allow_newer=True."""
        if str(path) != ":memory:":
            Path(path).parent.mkdir(parents=True, exist_ok=True)
        try:
            database = cls(path, read_only=read_only, key=key, immutable=immutable and read_only)
        except DATABASE_DAMAGE_ERRORS as error:
            raise _unreadable(path, error) from error
        except DATABASE_ERRORS as error:
            raise DatabaseError(
                _("Could not open the database {path}: {error}").format(path=path, error=error)
            ) from error
        try:
            if read_only:
                too_new = not allow_newer and user_version(database.conn) > latest_version()
                if too_new:
                    database.close()
                    raise DatabaseTooNew(_("This database was made by a newer CourseHub."))
            else:
                database.migration_backup = migrate(database.conn, database.path)
                if database.path is not None:
                    _restrict_to_user(database.path)
        except DATABASE_DAMAGE_ERRORS as error:
            database.close()
            raise _unreadable(path, error) from error
        return database

    def another_connection(self) -> Database:
        """The same file opened again as this one was (key, read-only, a newer schema
        allowed when read-only), for another thread of this process; already checked and
        migrated, so nothing is migrated or checked again."""
        if self.path is None:
            raise DatabaseError(_("An in-memory database cannot be opened again."))
        return Database.open(
            self.path,
            read_only=self.read_only,
            allow_newer=self.read_only,
            key=self.key,
            immutable=self.immutable,
        )

    @contextmanager
    def transaction(self, *, write: bool) -> Iterator[sqlite3.Connection]:
        """One user action: BEGIN IMMEDIATE for writes, a consistent snapshot for reads."""
        if write and self.read_only:
            raise DatabaseError(_("This database is open read-only; nothing can be changed."))
        self.conn.execute("BEGIN IMMEDIATE" if write else "BEGIN")
        try:
            yield self.conn
        except BaseException as error:
            if self.conn.in_transaction:
                self.conn.execute("ROLLBACK")
            refusal = plain_refusal(error)
            if refusal is not None:
                raise refusal from error
            raise
        else:
            try:
                self.conn.execute("COMMIT")
            except DATABASE_ERRORS as error:  # e.g. the disk filled up as the change was saved
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                if is_disk_full(error):
                    raise DiskFull(self.path) from error
                raise

    def close(self) -> None:
        self.conn.close()
        if self.writer_lock is not None:
            self.writer_lock.release()
        if self.snapshot_folder is not None:  # a private read-only copy (storage/guard.py)
            shutil.rmtree(self.snapshot_folder, ignore_errors=True)
