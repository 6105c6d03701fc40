"""Errors about the database file itself: damaged, on a network share, in use, unreadable.

They live in the domain so that the GUI (which never imports storage) can recognise them
and offer what they carry, e.g. the latest good backup of a damaged database.
"""

from __future__ import annotations

from pathlib import Path

from coursehub.domain.errors import CourseHubError
from coursehub.i18n import _


class DatabaseFileError(CourseHubError):
    """Something about the database file stops CourseHub from using it as it is."""

    exit_code = 3


class DatabaseDamaged(DatabaseFileError):
    """The database failed its check on open; nothing was written to it.

    `latest_backup` is the newest backup that passed its own check, or None.
    """

    def __init__(
        self, message: str, path: Path, latest_backup: Path | None, details: tuple[str, ...] = ()
    ) -> None:
        super().__init__(message)
        self.path = path
        self.latest_backup = latest_backup
        self.details = details


class NotOurDatabase(DatabaseFileError):
    """An SQLite file that another program made: CourseHub leaves it exactly as it is."""


class DatabaseOnNetworkShare(DatabaseFileError):
    """The database is on a network share, where SQLite cannot write safely."""

    exit_code = 5

    def __init__(self, message: str, path: Path, share: str) -> None:
        super().__init__(message)
        self.path = path
        self.share = share


class BackupFailed(DatabaseFileError):
    """A backup or restore could not be made or did not pass its check."""

    exit_code = 6


class DiskFull(DatabaseFileError):
    """The disk has no room left: nothing was changed, and the file is not damaged."""

    def __init__(self, path: Path | None = None) -> None:
        super().__init__(
            _(
                "The disk is full, so CourseHub could not save; nothing was changed and the "
                "database is not damaged. Free some space on the disk and try again."
            )
        )
        self.path = path
