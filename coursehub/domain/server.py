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


class ServerLoginRefused(CourseHubError):
    """Wrong user name or password, a disabled login, or no right to this database."""

    exit_code = 4


class ServerNotReady(CourseHubError):
    """No driver installed, no CourseHub schema yet, or a schema newer than this program."""

    exit_code = 3
