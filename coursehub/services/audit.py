"""The audit trail: who did what to whose data, when, with the values before and after.

Entries are written in the same transaction as the change they describe, so there is no
change without its entry. The program never edits or deletes an entry (the schema refuses
it too). Personal values in an entry are sealed with a key kept per person; erasing a
person forgets their key, so their values become unreadable while the entry itself (who,
when, which action) stays.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import datetime
from typing import Any

from cryptography.fernet import Fernet, InvalidToken

from coursehub.domain.errors import PermissionDenied
from coursehub.domain.people import Actor, Role
from coursehub.domain.reference import Reference
from coursehub.domain.users import AuditEntry
from coursehub.i18n import _
from coursehub.services.ports import Store, UnitOfWork

Clock = Callable[[], datetime]


class Action:
    """The actions the trail records (stable codes: reports filter on them)."""

    TRAINEE_REGISTER = "trainee.register"
    TRAINEE_EDIT = "trainee.edit"
    TRAINEE_EXPORT = "trainee.export"
    TRAINEE_READ = "trainee.read"
    TRAINEE_ANONYMISE = "trainee.anonymise"
    TRAINEE_ERASE = "trainee.erase"
    TRAINEE_NOT_DUPLICATE = "trainee.not_duplicate"
    ENROLMENT_CHANGE = "enrolment.change"
    ENROLMENT_OVERRIDE = "enrolment.override"
    ENROLMENT_PROMOTE = "enrolment.promote"
    ENROLMENT_OUTCOME = "enrolment.outcome"
    COMPLETION_OVERRIDE = "enrolment.completion_override"
    TRADE_WAIT = "trade.wait"
    TRADE_OFFER = "trade.offer"
    ROSTER_PRINT = "roster.print"
    USER_ADD = "user.add"
    USER_ACTIVE = "user.active"
    USER_LOGIN_FAILED = "user.login_failed"
    USER_PASSWORD = "user.password"
    CATALOGUE_IMPORT = "catalogue.import"
    NEEDS_IMPORT = "needs.import"
    EXCHANGE_IMPORT = "exchange.import"
    CATALOGUE_DEMO = "catalogue.demo"
    HOLIDAY_CHANGE = "holiday.change"
    FINDING_ACKNOWLEDGE = "finding.acknowledge"
    DATABASE_BACKUP = "database.backup"
    DATABASE_RESTORE = "database.restore"
    DATABASE_ENCRYPTION = "database.encryption"
    SETTING_CHANGE = "setting.change"
    CERTIFICATE_ISSUE = "certificate.issue"
    CERTIFICATE_REPRINT = "certificate.reprint"
    CERTIFICATE_REVOKE = "certificate.revoke"
    PROVIDER_LICENCE = "provider.licence"


class AuditTrail:
    """Writes entries inside the caller's unit of work."""

    def __init__(self, clock: Clock = datetime.now) -> None:
        self.clock = clock

    def record(
        self,
        uow: UnitOfWork,
        actor: Actor,
        action: str,
        entity: str,
        entity_id: int | None,
        *,
        before: dict[str, Any] | None = None,
        after: dict[str, Any] | None = None,
        subject_id: int | None = None,
    ) -> None:
        """Append one entry; with subject_id, the values are sealed with that person's key."""
        seal = self._sealer(uow, subject_id)
        uow.audit.append(
            at=self.clock(),
            actor=actor.username,
            actor_id=actor.user_id,
            action=action,
            entity=entity,
            entity_id=entity_id,
            before=seal(before),
            after=seal(after),
            subject_id=subject_id,
        )

    def forget_subject(self, uow: UnitOfWork, trainee_id: int) -> None:
        uow.audit.forget_subject_key(trainee_id)

    def entries(self, uow: UnitOfWork, **where: Any) -> list[AuditEntry]:
        keys: dict[int, bytes | None] = {}
        found = []
        for row in uow.audit.rows(**where):
            (entry_id, at, actor, _actor_id, action, entity, entity_id, before, after, subject_id) = row
            if subject_id is not None and subject_id not in keys:
                keys[subject_id] = uow.audit.subject_key(subject_id)
            key = keys.get(subject_id) if subject_id is not None else None
            erased = subject_id is not None and key is None
            found.append(
                AuditEntry(
                    at=datetime.fromisoformat(at),
                    actor=actor,
                    action=action,
                    entity=entity,
                    entity_id=entity_id,
                    before=_open(before, subject_id, key),
                    after=_open(after, subject_id, key),
                    erased=erased,
                    id=entry_id,
                )
            )
        return found

    @staticmethod
    def _sealer(uow: UnitOfWork, subject_id: int | None) -> Callable[[dict[str, Any] | None], str | None]:
        if subject_id is None:
            return lambda values: None if values is None else _dump(values)
        key = uow.audit.subject_key(subject_id)
        if key is None:
            key = Fernet.generate_key()
            uow.audit.save_subject_key(subject_id, key)
        fernet = Fernet(key)
        return lambda values: (
            None if values is None else fernet.encrypt(_dump(values).encode()).decode("ascii")
        )


def _dump(values: dict[str, Any]) -> str:
    return json.dumps(values, ensure_ascii=False, sort_keys=True, default=str)


def _open(stored: str | None, subject_id: int | None, key: bytes | None) -> dict[str, Any] | None:
    if stored is None:
        return None
    if subject_id is None:
        return dict(json.loads(stored))
    if key is None:
        return None  # erased with the person
    try:
        return dict(json.loads(Fernet(key).decrypt(stored.encode("ascii"))))
    except InvalidToken:
        return None


class AuditService:
    """Reading the audit trail: for administrators only."""

    def __init__(self, store: Store, trail: AuditTrail) -> None:
        self.store = store
        self.trail = trail

    def entries(
        self,
        actor: Actor,
        *,
        entity: str | None = None,
        entity_id: int | None = None,
        subject_id: int | None = None,
        limit: int = 500,
    ) -> list[AuditEntry]:
        if actor.role is not Role.ADMINISTRATOR:
            raise PermissionDenied(_("Only an administrator can read the audit log."))
        with self.store.read() as uow:
            return self.trail.entries(
                uow, entity=entity, entity_id=entity_id, subject_id=subject_id, limit=limit
            )


class AuditedService:
    """What the services over people's data (enrolment, trainees, certificates) work with:
    the database, the trail that records who touched whose data, the reference lists and
    the clock (tests pass a fixed one)."""

    def __init__(
        self, store: Store, trail: AuditTrail, reference: Reference, clock: Clock = datetime.now
    ) -> None:
        self.store = store
        self.trail = trail
        self.reference = reference
        self.clock = clock
