"""Errors about a CourseHub database on a PostgreSQL server (docs/server.md).

They live in the domain so the GUI and the command line can tell them apart without
importing storage. Exit codes: 7 the server cannot be reached, 4 the server refused the
login (as for a wrong CourseHub password), 3 the database is not ready for this program.
"""

from __future__ import annotations

from coursehub.domain.errors import CourseHubError


class ServerUnavailable(CourseHubError):
    """Unknown host, server down, network or TLS trouble: nothing was changed."""

    exit_code = 7


class ConnectionLost(ServerUnavailable):
    """The connection dropped while a command or screen was using it (it had been made)."""


class ServerLoginRefused(CourseHubError):
    """Wrong user name or password, a disabled login, or no right to this database.

    `message` speaks of the command line's ways (--user, COURSEHUB_PASSWORD); `in_window`,
    when given, says the same in the words of the connect dialog."""

    exit_code = 4

    def __init__(self, message: str, in_window: str | None = None) -> None:
        super().__init__(message)
        self.in_window = in_window or message


class ServerNotReady(CourseHubError):
    """No driver installed, no CourseHub schema yet, or a schema newer than this program."""

    exit_code = 3
