"""What the GUI needs to work on a CourseHub server: the connection's details, the password
in the OS keyring (only when the person asks for it), live refresh and reconnection.

Offers `ServerDetails` (host, port, database, user, TLS) and its libpq address,
`connect_workspace(details, password)`, `PasswordKeyring` (degrades to "not available" when
the keyring package or a keyring backend is missing) and `course_changes(before, after)` (the
fields someone else changed, for the refusal of a stale edit). The GUI never imports
storage: listening and reconnecting go through the Workspace.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, fields
from typing import Any

from coursehub.domain.model import Course
from coursehub.i18n import N_, _
from coursehub.services.workspace import Workspace

KEYRING_SERVICE = "CourseHub server"
CONNECT_TIMEOUT_S = 5  # a dropped network is noticed quickly; reconnection tries again


@dataclass(frozen=True)
class ServerDetails:
    host: str
    port: int = 5432
    database: str = "coursehub"
    user: str = ""
    tls_required: bool = True

    def address(self) -> str:
        """A libpq key=value address (never holding the password)."""
        parts = {
            "host": self.host.strip(),
            "port": str(self.port),
            "dbname": self.database.strip(),
            "sslmode": "require" if self.tls_required else "prefer",
            "connect_timeout": str(CONNECT_TIMEOUT_S),
            # a pulled cable or a sleeping VPN is noticed in seconds, not hours
            "keepalives": "1",
            "keepalives_idle": "5",
            "keepalives_interval": "2",
            "keepalives_count": "2",
        }
        return " ".join(f"{key}={_quoted(value)}" for key, value in parts.items())

    def label(self) -> str:
        """What the status bar shows: database@host."""
        return f"{self.database.strip()}@{self.host.strip()}"

    def keyring_entry(self) -> str:
        return f"{self.user.strip()}@{self.host.strip()}:{self.port}/{self.database.strip()}"

    def missing(self) -> list[str]:
        """The required fields left empty (plain labels)."""
        empty = []
        if not self.host.strip():
            empty.append(_("Server"))
        if not self.database.strip():
            empty.append(_("Database"))
        if not self.user.strip():
            empty.append(_("User"))
        return empty


def _quoted(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace("'", "\\'")
    return f"'{escaped}'" if (not value or any(c in value for c in " '\\")) else escaped


def connect_workspace(details: ServerDetails, password: str | None) -> Workspace:
    """The server's workspace logged in as `details.user`; plain errors (ServerUnavailable,
    ServerLoginRefused, ServerNotReady) say what to check."""
    workspace = Workspace.open_server(details.address(), user=details.user.strip(), password=password or None)
    try:
        workspace.login_as_connected_user()
    except BaseException:
        workspace.close()
        raise
    return workspace


class PasswordKeyring:
    """Server passwords in the OS keyring, kept only when the person ticks "remember"."""

    @staticmethod
    def _keyring() -> Any:  # the keyring module, or None
        try:
            import keyring
            import keyring.errors
        except ImportError:
            return None
        return keyring

    def available(self) -> bool:
        """A real keyring backend exists (not keyring's "fail" stand-in)."""
        keyring = self._keyring()
        if keyring is None:
            return False
        try:
            backend = keyring.get_keyring()
        except Exception:  # a broken keyring set-up means "no keyring"
            return False
        return getattr(backend, "priority", 0) > 0

    def get(self, details: ServerDetails) -> str | None:
        keyring = self._keyring()
        if keyring is None or not self.available():
            return None
        try:
            found: str | None = keyring.get_password(KEYRING_SERVICE, details.keyring_entry())
            return found
        except keyring.errors.KeyringError:
            return None

    def set(self, details: ServerDetails, password: str) -> bool:
        """True when kept; False when this computer has no usable keyring."""
        keyring = self._keyring()
        if keyring is None or not self.available():
            return False
        try:
            keyring.set_password(KEYRING_SERVICE, details.keyring_entry(), password)
        except keyring.errors.KeyringError:
            return False
        return True

    def delete(self, details: ServerDetails) -> None:
        keyring = self._keyring()
        if keyring is not None and self.available():
            with contextlib.suppress(keyring.errors.KeyringError):
                keyring.delete_password(KEYRING_SERVICE, details.keyring_entry())


_COURSE_FIELD_LABELS = {
    "provider": N_("provider"),
    "code": N_("code"),
    "title": N_("title"),
    "occupation": N_("occupation"),
    "municipality": N_("municipality"),
    "start": N_("start date"),
    "end": N_("end date"),
    "sessions": N_("weekly sessions"),
    "seats": N_("seats"),
    "venue": N_("venue"),
    "trainer": N_("trainer"),
    "fee": N_("fee"),
    "status": N_("status"),
    "eligibility": N_("eligibility"),
    "notes": N_("notes"),
}


def course_changes(before: Course, after: Course) -> list[str]:
    """The fields (translated labels) whose stored values differ between two reads of a course."""
    changed = []
    for item in fields(Course):
        label = _COURSE_FIELD_LABELS.get(item.name)
        if label is not None and getattr(before, item.name) != getattr(after, item.name):
            changed.append(_(label))
    return changed
