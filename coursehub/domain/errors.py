"""Errors that carry a plain message for the person using CourseHub."""

from __future__ import annotations

from dataclasses import dataclass


class CourseHubError(Exception):
    """Anything the user can act on: the message is shown as it is, never a traceback."""

    exit_code = 1

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


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
