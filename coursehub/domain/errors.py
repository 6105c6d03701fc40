"""Errors that carry a plain message for the person using CourseHub."""

from __future__ import annotations

import errno
from dataclasses import dataclass

from coursehub.i18n import N_, _


class CourseHubError(Exception):
    """Anything the user can act on: the message is shown as it is, never a traceback."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


_NO_PERMISSION = N_("CourseHub may not open it (no permission, or another program is using it)")
_OS_REASONS = {
    errno.ENOENT: N_("the file or folder does not exist"),
    errno.EACCES: _NO_PERMISSION,
    errno.EPERM: _NO_PERMISSION,
    errno.ENOSPC: N_("the disk is full"),
    errno.EROFS: N_("the disk can only be read, not written"),
    errno.EISDIR: N_("it is a folder, not a file"),
}


def os_reason(error: OSError) -> str:
    """Why the system refused a file: the usual causes in the user's language, else its words."""
    reason = _OS_REASONS.get(error.errno or 0)
    return _(reason) if reason else str(error.strerror or error)


class NotFound(CourseHubError):
    pass


class PermissionDenied(CourseHubError):
    pass


class ConflictError(CourseHubError):
    """A record was changed by someone else since it was read."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one value: which field, what value, and why, in plain words."""

    field: str
    value: str
    message: str

    def __str__(self) -> str:
        return f"{self.field} = {self.value!r}: {self.message}" if self.value else self.message


class ValidationError(CourseHubError):
    def __init__(self, problems: list[Problem]) -> None:
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems
