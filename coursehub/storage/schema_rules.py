"""The rules the schema enforces itself (triggers: seat limits, consent, an append-only audit
log, seats never below the people enrolled), turned into plain errors in one place, so every
write path (dialog, import, exchange, enrolment) tells them the same way."""

from __future__ import annotations

from coursehub.domain.errors import (
    ConflictError,
    CourseHubError,
    PermissionDenied,
    Problem,
    ValidationError,
)
from coursehub.domain.safety import DiskFull
from coursehub.i18n import _
from coursehub.storage.encryption import DATABASE_ERRORS, INTEGRITY_ERRORS, is_disk_full


def plain_refusal(error: BaseException) -> CourseHubError | None:
    """The plain error for a trigger's refusal or a full disk; None for any other error."""
    if isinstance(error, DATABASE_ERRORS) and is_disk_full(error):
        return DiskFull()
    if not isinstance(error, INTEGRITY_ERRORS):  # plain SQLite's or SQLCipher's
        return None
    return trigger_refusal(str(error))


def trigger_refusal(text: str) -> CourseHubError | None:
    """The plain error for a trigger's message (the same triggers on SQLite and on a server);
    None for any other message."""
    if text.startswith("seats below enrolled"):
        return ValidationError(
            [
                Problem(
                    "seats",
                    "",
                    _(
                        "A course cannot have fewer seats than the people already enrolled in it. "
                        "Keep at least that many seats, or withdraw people first; nothing was changed."
                    ),
                )
            ]
        )
    if text.startswith("seat limit"):
        return ConflictError(_("The course is full: every seat is taken."))
    if text.startswith("consent"):
        return PermissionDenied(_("The person's consent is not recorded: record it before enrolling them."))
    if "audit_log is append-only" in text:
        return PermissionDenied(_("The audit log cannot be changed or deleted."))
    return None
