"""One writing copy of CourseHub per database file.

The lock file beside the database only carries an operating-system lock (fcntl.flock on
POSIX, msvcrt.locking on Windows). The operating system drops that lock when the process
ends, however it ends, so a crashed copy never leaves the database stuck: the file itself
may stay behind, but nobody holds it.
"""

from __future__ import annotations

import contextlib
import os
import sys
from pathlib import Path


def lock_path_for(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + ".lock")


class WriterLock:
    """Held while this process may write to the database; `release()` or process end frees it."""

    def __init__(self, path: Path, handle: int) -> None:
        self.path = path
        self._fd: int | None = handle

    @classmethod
    def try_acquire(cls, db_path: Path) -> WriterLock | None:
        """The lock, or None when another running copy holds it (never waits)."""
        path = lock_path_for(db_path)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            acquired = _lock(fd)
        except BaseException:
            os.close(fd)
            raise
        if not acquired:
            os.close(fd)
            return None
        _write_owner(fd)
        return cls(path, fd)

    @property
    def held(self) -> bool:
        return self._fd is not None

    def release(self) -> None:
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        with contextlib.suppress(OSError):
            _unlock(fd)
        os.close(fd)

    def __enter__(self) -> WriterLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _write_owner(fd: int) -> None:
    # For a person looking at the folder; the lock itself is what counts, not this text.
    with contextlib.suppress(OSError):
        os.ftruncate(fd, 0)
        os.lseek(fd, 0, os.SEEK_SET)
        os.write(fd, f"{os.getpid()}\n".encode())


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _lock(fd: int) -> bool:
        os.lseek(fd, 0, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError:
            return False
        return True

    def _unlock(fd: int) -> None:
        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)

else:
    import fcntl

    def _lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return False
        return True

    def _unlock(fd: int) -> None:
        fcntl.flock(fd, fcntl.LOCK_UN)
